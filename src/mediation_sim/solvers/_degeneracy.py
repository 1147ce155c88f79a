"""Detect degenerate bimatrix games.

A two-player game is *nondegenerate* when no mixed strategy with a support
of size ``k`` has more than ``k`` pure best responses (von Stengel 2007,
section 3.2). Nondegenerate games have finitely many equilibria, an odd
number of them, and support enumeration pairs supports of equal size.
"""

from __future__ import annotations

import math

from .._errors import GameTooLargeError
from .._validation import DEFAULT_TOL, check_tol
from ..games.normal_form import NormalFormGame
from ._core import check_game
from ._polytope import best_response_polytopes, normalised_payoffs, pure_strategy_ties, tolerances

__all__ = ["is_degenerate"]


#: Most strategies either player may have for the polytope methods
#: (:func:`is_degenerate`, ``vertex_enumeration``, ``support_enumeration``):
#: qhull works in that many dimensions (a random 2x100 game takes about 3 s,
#: 2x128 about 9 s, 2x200 more than minutes). Assign a larger value to
#: ``mediation_sim.solvers._degeneracy.MAX_POLYTOPE_DIM`` to lift it.
MAX_POLYTOPE_DIM = 128

#: Most vertices the upper bound theorem allows either best-response polytope
#: (checked before qhull runs; 14x14 games, about 155,000, take a few seconds,
#: 16x16 ones, about a million, take minutes). Overridable like
#: :data:`MAX_POLYTOPE_DIM`.
MAX_POLYTOPE_VERTICES = 500_000


def _upper_bound_vertices(dim: int, facets: int) -> int:
    """McMullen's upper bound on the vertices of a ``dim``-polytope with ``facets`` facets."""
    lo, hi = dim // 2, (dim + 1) // 2
    return math.comb(facets - hi, lo) + (math.comb(facets - lo - 1, hi - 1) if hi else 0)


def check_polytope_size(game: NormalFormGame, *, func: str) -> None:
    """Refuse a bimatrix game whose best-response polytopes are too big to enumerate.

    Raises
    ------
    GameTooLargeError
        If a player has more than :data:`MAX_POLYTOPE_DIM` strategies or the
        upper bound theorem allows a polytope more than
        :data:`MAX_POLYTOPE_VERTICES` vertices.

    Examples
    --------
    >>> import numpy as np
    >>> import mediation_sim as ms
    >>> from mediation_sim.solvers._degeneracy import check_polytope_size
    >>> check_polytope_size(ms.NormalFormGame(np.zeros((2, 6, 6))), func="demo")
    >>> check_polytope_size(ms.NormalFormGame(np.zeros((2, 20, 20))), func="demo")
    Traceback (most recent call last):
        ...
    mediation_sim._errors.GameTooLargeError: demo(): a 20x20 game's best-response polytopes ...
    """
    m, n = game.shape
    if max(m, n) > MAX_POLYTOPE_DIM:
        raise GameTooLargeError(
            f"{func}(): a {m}x{n} game is above the limit of {MAX_POLYTOPE_DIM} strategies per "
            "player for the polytope methods "
            "(mediation_sim.solvers._degeneracy.MAX_POLYTOPE_DIM); use lemke_howson or "
            "eliminate dominated strategies first"
        )
    bound = max(_upper_bound_vertices(m, m + n), _upper_bound_vertices(n, m + n))
    if bound > MAX_POLYTOPE_VERTICES:
        raise GameTooLargeError(
            f"{func}(): a {m}x{n} game's best-response polytopes may have up to {bound:,} "
            f"vertices, above the limit of {MAX_POLYTOPE_VERTICES:,} "
            "(mediation_sim.solvers._degeneracy.MAX_POLYTOPE_VERTICES); use lemke_howson or "
            "eliminate dominated strategies first"
        )


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
    check_polytope_size(game, func="is_degenerate")
    game = game.normalised()  # no overflow or cancellation at extreme scales
    a, b = normalised_payoffs(game)
    tols = tolerances(game, tol)
    if pure_strategy_ties(a, b, tols):
        return True
    p, q = best_response_polytopes(a, b, tols, method="qhull")
    return p.degenerate or q.degenerate
