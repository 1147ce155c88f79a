"""Detect degenerate bimatrix games.

A two-player game is *nondegenerate* when no mixed strategy with a support
of size ``k`` has more than ``k`` pure best responses (von Stengel 2007,
section 3.2). Nondegenerate games have finitely many equilibria, an odd
number of them, and support enumeration pairs supports of equal size.
"""

from __future__ import annotations

from .._validation import DEFAULT_TOL, check_tol
from ..games.normal_form import NormalFormGame
from ._core import check_game
from ._polytope import best_response_polytopes, normalised_payoffs, pure_strategy_ties, tolerances

__all__ = ["is_degenerate"]


def is_degenerate(game: NormalFormGame, *, tol: float = DEFAULT_TOL) -> bool:
    """Whether a two-player game is degenerate.

    A bimatrix game is degenerate when some mixed strategy of either player,
    with a support of ``k`` strategies, has more than ``k`` pure best
    responses (von Stengel 2007, section 3.2). The test:

    1. Map each player's payoffs affinely onto ``[1, 2]`` (this changes
       neither best responses nor degeneracy).
    2. Quick exit: a pure strategy with two or more pure best responses
       (one vectorized reduction per player).
    3. Otherwise build the best-response polytopes
       ``P = {x >= 0 : B^T x <= 1}`` and ``Q = {y >= 0 : A y <= 1}``, list
       their vertices with SciPy's qhull (the facets of the polar
       polytopes) and count each vertex's labels (zero coordinates and
       binding best-response constraints) in one array operation. The game
       is degenerate exactly when some vertex of ``P`` has more than ``m``
       labels or some vertex of ``Q`` more than ``n``.

    Parameters
    ----------
    game : NormalFormGame
        A two-player game.
    tol : float, default 1e-8
        Relative tolerance: two payoffs of one player that differ by at most
        ``tol`` times that player's own payoff range count as tied (as in
        :func:`support_enumeration` and :func:`vertex_enumeration`), so the
        answer does not change when a player's payoffs are rescaled.

    Returns
    -------
    bool
        True if the game is degenerate.

    Raises
    ------
    InvalidArgumentError
        If ``game`` is not a :class:`~mediation_sim.NormalFormGame` or ``tol``
        is negative.
    GameShapeError
        If the game does not have two players.

    See Also
    --------
    mediation_sim.solvers.support_enumeration, mediation_sim.solvers.vertex_enumeration :
        they report the same test as ``NashResult.degenerate``.

    Notes
    -----
    Step 3 is exact because a point of ``P`` with more than ``m`` labels
    lies on a face whose vertices have more than ``m`` labels too: the
    binding constraints of a ``d``-dimensional face have rank ``m - d``,
    and each of its vertices adds at least ``d`` more. Vertices are the
    ones the enumeration solvers use, so the cost is that of one vertex
    enumeration of each polytope (milliseconds for 10x10 games).

    References
    ----------
    .. [1] B. von Stengel, "Equilibrium computation for two-player games in
       strategic and extensive form", in N. Nisan et al. (eds.),
       *Algorithmic Game Theory*, Cambridge University Press, 2007, ch. 3.

    Examples
    --------
    In von Stengel's degenerate 3x2 example the first row has two best
    responses (von Stengel 2007, section 3.6, "Degenerate games"):

    >>> import mediation_sim as ms
    >>> from mediation_sim.solvers import is_degenerate
    >>> A = [[3, 3], [2, 5], [0, 6]]
    >>> g = ms.NormalFormGame([A, [[3, 3], [2, 6], [3, 1]]])
    >>> is_degenerate(g)
    True
    >>> is_degenerate(ms.NormalFormGame([A, [[3, 2], [2, 6], [3, 1]]]))
    False
    """
    check_game(game, func="is_degenerate", n_players=2)
    tol = check_tol(tol, func="is_degenerate")
    game = game.normalised()  # no overflow or cancellation at extreme scales
    a, b = normalised_payoffs(game)
    tols = tolerances(game, tol)
    if pure_strategy_ties(a, b, tols):
        return True
    p, q = best_response_polytopes(a, b, tols, method="qhull")
    return p.degenerate or q.degenerate
