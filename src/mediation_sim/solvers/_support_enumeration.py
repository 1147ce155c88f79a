"""All extreme equilibria of a two-player game by support enumeration, vectorized."""

from __future__ import annotations

import math

import numpy as np

from .._errors import GameTooLargeError
from .._validation import DEFAULT_TOL
from ..games.normal_form import NormalFormGame
from ._core import SolverOutput, nash_solver
from ._degeneracy import is_degenerate
from ._polytope import (
    CHUNK_ENTRIES,
    BoolArray,
    FloatArray,
    IntArray,
    Tolerances,
    best_response_polytopes,
    combinations_array,
    complete_pairs,
    normalised_payoffs,
    pair_profiles,
    solve_ones,
    tolerances,
    well_conditioned,
)

__all__ = ["MAX_SUPPORT_PAIRS", "support_enumeration"]

#: Largest number of support pairs (square subsystems per player,
#: ``comb(m + n, m)``) support enumeration accepts; larger games are refused
#: before any work, with a pointer to vertex enumeration and Lemke–Howson.
MAX_SUPPORT_PAIRS = 50_000_000


def _undominated_pairs(
    a: FloatArray, b: FloatArray, rows: IntArray, cols: IntArray, margin: float
) -> IntArray:
    """Flat indices ``i * len(cols) + j`` of the support pairs that survive dominance pruning.

    A column ``j`` can be a best response to some ``x`` with support ``I``
    only if no column ``j'`` beats it by more than ``margin`` on every row of
    ``I`` (then ``(B^T x)_j' > (B^T x)_j`` for every such ``x``); likewise
    for rows on the columns of ``J``. A pair ``(I, J)`` survives when every
    column of ``J`` is undominated on ``I`` and every row of ``I`` on ``J``.
    """
    m, n = a.shape
    # beats_b[i, j, j2]: column j2 beats column j on row i; beats_a[j, i, i2] likewise for rows
    beats_b: BoolArray = np.asarray(b[:, None, :] - b[:, :, None] > margin)
    beats_a: BoolArray = np.asarray(a.T[:, None, :] - a.T[:, :, None] > margin)
    dead_cols = np.all(beats_b[rows], axis=1).any(axis=2)  # (C(m, k), n)
    dead_rows = np.all(beats_a[cols], axis=1).any(axis=2)  # (C(n, k), m)
    in_rows = np.zeros((rows.shape[0], m), dtype=np.float32)
    np.put_along_axis(in_rows, rows, 1.0, axis=1)
    in_cols = np.zeros((cols.shape[0], n), dtype=np.float32)
    np.put_along_axis(in_cols, cols, 1.0, axis=1)
    conflicts = dead_cols.astype(np.float32) @ in_cols.T + in_rows @ dead_rows.astype(np.float32).T
    return np.flatnonzero(conflicts == 0)


def _equal_support_equilibria(
    a: FloatArray, b: FloatArray, tols: Tolerances
) -> tuple[FloatArray, FloatArray, int, int]:
    """Equilibria ``(x, y)`` (unnormalised) with supports of equal size.

    Also returns the number of support pairs and of those solved (after
    dominance pruning).
    """
    m, n = a.shape
    eps = tols.zero
    xs: list[FloatArray] = []
    ys: list[FloatArray] = []
    total = solved = 0
    for k in range(1, min(m, n) + 1):
        rows = combinations_array(m, k)
        cols = combinations_array(n, k)
        total += rows.shape[0] * cols.shape[0]
        pairs = _undominated_pairs(a, b, rows, cols, tols.tie)
        solved += pairs.size
        chunk = max(1, CHUNK_ENTRIES // (k * max(k, m, n)))
        for start in range(0, pairs.size, chunk):
            idx = pairs[start : start + chunk]
            rr = rows[idx // cols.shape[0]]
            cc = cols[idx % cols.shape[0]]
            # Column player indifferent on cc: B[rr, cc]^T x_rr = 1.
            mats_x = b[rr[:, :, None], cc[:, None, :]].transpose(0, 2, 1)
            zx, ok = solve_ones(mats_x)
            ok &= (zx > eps).all(axis=1)
            # ... and no column earns more (one gathered product for the chunk)
            ok &= (np.einsum("pk,pkj->pj", np.where(ok[:, None], zx, 0.0), b[rr]) <= 1.0 + eps).all(
                axis=1
            )
            sel = np.flatnonzero(ok)
            if sel.size == 0:
                continue
            # Row player indifferent on rr, only where the column player's side holds.
            mats_y = a[rr[sel][:, :, None], cc[sel][:, None, :]]
            zy, ok_y = solve_ones(mats_y)
            ok_y &= (zy > eps).all(axis=1)
            y = np.zeros((sel.size, n))
            y[np.arange(sel.size)[:, None], cc[sel]] = np.where(ok_y[:, None], zy, 0.0)
            ok_y &= (y @ a.T <= 1.0 + eps).all(axis=1)
            hit = np.flatnonzero(ok_y)
            if hit.size == 0:
                continue
            good = well_conditioned(mats_x[sel[hit]]) & well_conditioned(mats_y[hit])
            keep = sel[hit[good]]
            x = np.zeros((keep.size, m))
            x[np.arange(keep.size)[:, None], rr[keep]] = zx[keep]
            xs.append(x)
            ys.append(y[hit[good]])
    if not xs:
        return np.zeros((0, m)), np.zeros((0, n)), total, solved
    return np.concatenate(xs), np.concatenate(ys), total, solved


@nash_solver("support_enumeration", n_players=2)
def support_enumeration(game: NormalFormGame, *, tol: float = DEFAULT_TOL) -> SolverOutput:
    """All extreme Nash equilibria of a two-player game, by support enumeration.

    Vectorized version of Algorithm 3.4 of von Stengel (2007): for each
    support size ``k``, every pair of supports is solved at once.

    1. Map each player's payoffs affinely onto ``[1, 2]`` (equilibria are
       unchanged; all payoffs become positive) and test the game for
       degeneracy with :func:`~mediation_sim.solvers.is_degenerate`.
    2. Nondegenerate game -- equilibria have supports of equal size ``k``.
       For each ``k``, build all ``C(m, k) * C(n, k)`` support pairs
       ``(I, J)`` as index arrays and drop, with one boolean matrix product,
       those where a column of ``J`` is beaten on every row of ``I`` by
       another column (it cannot be a best response to any ``x`` supported
       on ``I``), or a row of ``I`` is beaten on every column of ``J``.
       For the rest, in chunks of bounded memory, solve the stacked
       indifference systems ``B[I, J]^T x_I = 1`` with one batched
       :func:`numpy.linalg.solve`. Keep the pairs where ``x_I > 0``
       and no column earns more than the columns of ``J`` (one gathered
       product for the whole chunk); for those only, solve
       ``A[I, J] y_J = 1`` and check ``y_J > 0`` and that no row earns more
       than the rows of ``I``. Each surviving pair, normalised to
       probabilities, is an equilibrium, and every extreme equilibrium of
       a nondegenerate game is found this way.
    3. Degenerate game -- an extreme equilibrium may pair a support of size
       ``k`` with one of another size. Each player's side is then solved
       for *every* square subsystem (both players, all sizes), which lists
       all vertices of the best-response polytopes ``P`` and ``Q``; their
       labels (unused strategies and best responses) are packed into bit
       masks, and the completely labelled pairs -- the extreme equilibria
       -- are found by broadcasting bitwise ORs.
    4. Verify every equilibrium with the shared regret oracle.

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
        decreasing probability vectors (lexicographically); ``degenerate`` records step 1's test.

    Raises
    ------
    InvalidArgumentError
        If ``game`` is not a :class:`~mediation_sim.NormalFormGame` or ``tol``
        is negative.
    GameShapeError
        If the game does not have two players.
    GameTooLargeError
        If ``comb(m + n, m)`` exceeds :data:`MAX_SUPPORT_PAIRS` (checked
        before any work).

    Warns
    -----
    DegenerateGameWarning
        If the game is degenerate. Its equilibria can then form connected
        sets; the result lists their extreme points.

    See Also
    --------
    vertex_enumeration : the same set by vertex enumeration (faster above 6x6).
    lemke_howson : one equilibrium by complementary pivoting.
    nash_2p : choose the method by name.
    is_degenerate : the degeneracy test of step 1.

    Notes
    -----
    Work: up to ``comb(m + n, m) - 1`` systems of size at most ``min(m, n)``
    (the sum over ``k`` of ``C(m, k) * C(n, k)``, by Vandermonde's
    identity): 184,755 for a 10x10 game, of which the dominance test of
    step 2 typically leaves 5-15 % on random games. Memory is bounded by the
    chunk size, not the game.

    nashpy's support enumeration (0.0.43) misses equilibria of some random
    5x5 to 7x7 games; this implementation does not (the test suite checks it
    against Gambit's ``enummixed`` on such games).

    Systems whose matrix is singular (or has a condition number above
    ``1e12``) are skipped: extreme equilibria always come from
    nonsingular ones, and a singular system describes a segment of
    equilibria whose endpoints other systems find.

    References
    ----------
    .. [1] B. von Stengel, "Equilibrium computation for two-player games in
       strategic and extensive form", in N. Nisan et al. (eds.),
       *Algorithmic Game Theory*, Cambridge University Press, 2007, ch. 3.
    .. [2] D. Avis, G. D. Rosenberg, R. Savani and B. von Stengel,
       "Enumeration of Nash equilibria for two-player games", *Economic
       Theory* 42 (2010), 9-37.

    Examples
    --------
    The 3x2 game of von Stengel (2007, section 3.2) has three equilibria:

    >>> import mediation_sim as ms
    >>> from mediation_sim.solvers import support_enumeration
    >>> g = ms.NormalFormGame([[[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]]])
    >>> res = support_enumeration(g)
    >>> res
    NashResult(method='support_enumeration', 3 equilibria, max_regret=..., success=True,
               degenerate=False)
    >>> [eq.probabilities[0].round(4).tolist() for eq in res]
    [[1.0, 0.0, 0.0], [0.8, 0.2, 0.0], [0.0, 0.3333, 0.6667]]
    >>> all(g.is_nash(eq) for eq in res)
    True
    """
    m, n = game.shape
    pairs = math.comb(m + n, m)
    if pairs > MAX_SUPPORT_PAIRS:
        raise GameTooLargeError(
            f"support_enumeration(): a {m}x{n} game has {pairs:,} support pairs, above "
            f"MAX_SUPPORT_PAIRS = {MAX_SUPPORT_PAIRS:,}; use method='vertex_enumeration' "
            "or 'lemke_howson', or eliminate dominated strategies first"
        )
    a, b = normalised_payoffs(game)
    tols = tolerances(game, tol)
    degenerate = is_degenerate(game, tol=tol)
    if not degenerate:
        x, y, total, solved = _equal_support_equilibria(a, b, tols)
        message = (
            f"Solved {solved:,} of the {total:,} support pairs of equal size "
            "(the others fail a dominance test);"
        )
    else:
        p, q = best_response_polytopes(a, b, tols, method="bases")
        ip, iq = complete_pairs(p.labels, q.labels, degenerate=True)
        x, y = p.points[ip], q.points[iq]
        message = (
            "Degenerate game: solved every square subsystem of both players "
            f"({p.points.shape[0]} + {q.points.shape[0]} polytope vertices) and listed "
            "the extreme points of the equilibrium components;"
        )
    return SolverOutput(
        pair_profiles(x, y),
        degenerate=degenerate,
        distinct=not degenerate,
        message=message,
    )
