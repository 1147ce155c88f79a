"""All extreme equilibria of a two-player game by vertex enumeration (SciPy's qhull)."""

from __future__ import annotations

from .._validation import DEFAULT_TOL
from ..games.normal_form import NormalFormGame
from ._core import SolverOutput, nash_solver
from ._degeneracy import check_polytope_size
from ._polytope import (
    best_response_polytopes,
    complete_pairs,
    normalised_payoffs,
    pair_profiles,
    tolerances,
)

__all__ = ["vertex_enumeration"]


@nash_solver("vertex_enumeration", n_players=2)
def vertex_enumeration(game: NormalFormGame, *, tol: float = DEFAULT_TOL) -> SolverOutput:
    r"""All extreme Nash equilibria of a two-player game, by vertex enumeration.

    The extreme equilibria are the completely labelled pairs of vertices of
    the two best-response polytopes (von Stengel 2007, sections 3.3 and
    3.6; Avis et al. 2010):

    1. Map each player's payoffs affinely onto ``[1, 2]`` (equilibria are
       unchanged; all payoffs become positive, so the polytopes
       :math:`P = \{x \ge 0 : B^\top x \le 1\}` and
       :math:`Q = \{y \ge 0 : A y \le 1\}` are bounded).
    2. For each polytope, compute every vertex at once: shift an interior
       point to the origin, take the polar point of each facet, and build
       their convex hull with SciPy's qhull; each facet of that hull is a
       vertex of the polytope. A polytope of dimension one is an interval.
    3. Give every vertex its labels -- the strategies it leaves unused and
       the opponent's strategies that are best responses -- by one matrix
       product and comparison. A vertex with more labels than the
       dimension makes the game degenerate; then duplicate vertices
       (several qhull facets for one degenerate vertex) are merged.
    4. Code each label set as one integer (a sum of powers of two; packed
       64-bit words beyond 53 labels) and pair the vertices of ``P`` and
       ``Q`` whose labels cover every strategy. Nondegenerate game: each
       vertex's partner has exactly the complementary label set, found by
       a sorted join. Degenerate game: all pairs are tested by
       broadcasting a bitwise OR. The pair of zero vectors is excluded.
    5. Normalise each pair to probabilities and verify it with the shared
       regret oracle.

    Parameters
    ----------
    game : NormalFormGame
        A two-player game.
    tol : float, default 1e-8
        Relative tolerance. Each equilibrium's regret is at most
        ``tol * payoff_range`` (:attr:`~mediation_sim.NormalFormGame.payoff_range`);
        two payoffs of one player that differ by at most ``tol`` times that
        player's own payoff range count as tied.

    Returns
    -------
    NashResult
        Every extreme equilibrium: pure ones first, then by support size and
        decreasing probability vectors (lexicographically); ``degenerate`` tells whether the game is
        degenerate (step 3; the same test as :func:`is_degenerate`).

    Raises
    ------
    InvalidArgumentError
        If ``game`` is not a :class:`~mediation_sim.NormalFormGame` or ``tol``
        is negative.
    GameShapeError
        If the game does not have two players.

    Warns
    -----
    DegenerateGameWarning
        If the game is degenerate. Its equilibria can then form connected
        sets; the result lists all their extreme points.

    See Also
    --------
    support_enumeration : the same set by solving support systems.
    lemke_howson : one equilibrium, fast, for larger games.
    nash_2p : choose the method by name.

    Notes
    -----
    The cost is that of the two convex hulls, which grows with the number
    of vertices of ``P`` and ``Q`` (several hundred each for random 10x10
    games; exponential in the worst case); the labelling and pairing are a
    few array operations. If qhull reports a precision failure the vertices
    are computed from square subsystems instead, as in
    :func:`support_enumeration`.

    References
    ----------
    .. [1] B. von Stengel, "Equilibrium computation for two-player games in
       strategic and extensive form", in N. Nisan et al. (eds.),
       *Algorithmic Game Theory*, Cambridge University Press, 2007, ch. 3.
    .. [2] D. Avis, G. D. Rosenberg, R. Savani and B. von Stengel,
       "Enumeration of Nash equilibria for two-player games", *Economic
       Theory* 42 (2010), 9-37.
    .. [3] C. B. Barber, D. P. Dobkin and H. Huhdanpaa, "The Quickhull
       algorithm for convex hulls", *ACM Transactions on Mathematical
       Software* 22 (1996), 469-483.

    Examples
    --------
    Battle of the sexes has two pure equilibria and one mixed:

    >>> import mediation_sim as ms
    >>> from mediation_sim.solvers import vertex_enumeration
    >>> g = ms.games.battle_of_the_sexes()
    >>> res = vertex_enumeration(g)
    >>> for eq in res:
    ...     print(eq)
    MixedProfile(row=opera, column=opera)
    MixedProfile(row=football, column=football)
    MixedProfile(row={opera: 0.6667, football: 0.3333}, column={opera: 0.3333, football: 0.6667})
    >>> all(g.is_nash(eq) for eq in res)
    True
    """
    check_polytope_size(game, func="vertex_enumeration")
    a, b = normalised_payoffs(game)
    p, q = best_response_polytopes(a, b, tolerances(game, tol), method="qhull")
    degenerate = p.degenerate or q.degenerate
    ip, iq = complete_pairs(
        p.labels, q.labels, degenerate=degenerate, p_codes=p.codes, q_codes=q.codes
    )
    return SolverOutput(
        pair_profiles(p.points[ip], q.points[iq]),
        degenerate=degenerate,
        distinct=not degenerate,
        message=(
            f"Enumerated the {p.points.shape[0]} + {q.points.shape[0]} nonzero vertices of "
            "the best-response polytopes;"
        ),
    )
