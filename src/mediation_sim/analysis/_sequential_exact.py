"""Exact breakpoints of the subgame-perfect path for many draws at once (private).

For a scenario with a sequential move order whose payoffs are affine in the
control parameter, :func:`spe_pieces` splits ``[0, 1]`` (the parameter's
bounds, rescaled to ``t``) into the intervals on which backward induction
makes the same choice at every history, for all draws together, with no
grid and no bisection. :func:`run_sequential_draws` turns these pieces into
the critical value, window top and interval count of each draw, and reads
the outcome curves on the grid off them.

Why it is exact. Payoffs are built at the two ends of the bounds only:
``u(t) = u0 + t (u1 - u0)`` for every player and terminal profile. Take the
subgame-perfect choices at one sample ``t = s`` (every history of every
stage, :func:`~mediation_sim.scenarios.sequential.stage_indices`). Hold the
later stages' choices fixed: then every continuation value is a terminal
profile's payoff, affine in ``t``, and the choice at a history stays the
chosen one while finitely many affine inequalities hold:

* the chosen movers' profile stays a stage equilibrium: every mover's gain
  from each own deviation stays at most the tolerance;
* every movers' profile listed before it stays a non-equilibrium: the
  deviation that gains most at ``s`` keeps gaining more than the tolerance
  (a sufficient condition);
* where the stage has no pure equilibrium, every profile stays a
  non-equilibrium the same way (the point then has no pure subgame-perfect
  equilibrium, whatever the choice).

Each inequality holds on a half-line; their intersection over all
histories and stages is an interval around ``s`` on which, by induction from
the last stage, every choice and hence the path is the one at ``s``. Its
ends are roots of affine functions, computed from the two payoff builds.
The next sample is taken just past the right end; if the interval found
there does not reach back to it, the gap is sampled at its midpoint. Every
draw is done when its intervals cover ``[0, 1]``; all active draws go
through each round together (one batched backward induction), so the loop
runs over rounds (about the number of pieces), never over draws.

Ties. Each sample's choices use the tie-break of
:meth:`~mediation_sim.scenarios.Scenario.subgame_perfect` (the first
optimal choice listed), with tolerance ``TIE_TOL`` times the draw's payoff
range, as the scan-and-bisection path it replaces does; the interval ends
differ from that path's crossings by at most the tolerance over the slope
of the comparison, far below its ``xtol``. Grid values within
:data:`MARGIN` of an interval end are solved directly.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..scenarios.scenario import Scenario
from ..scenarios.sequential import StageRecord, stage_indices
from ._intervals import TIE_TOL

__all__ = [
    "CHUNK",
    "MARGIN",
    "MAX_ROUNDS",
    "Pieces",
    "exact_applies",
    "run_sequential_draws",
    "spe_exact_critical_values",
    "spe_pieces",
]

FloatArray = NDArray[np.float64]

#: Draws solved together (the arrays of one round stay in cache).
CHUNK = 2048
#: Rounds before the draws still unfinished go to the scan-and-bisection path.
MAX_ROUNDS = 200
#: The next sample lies this far (in ``t``) past the end of the last interval.
STEP = 1e-9
#: Gaps narrower than this between consecutive intervals are closed (``t``).
GAP = 1e-11
#: Grid values closer than this (in ``t``) to an interval end are solved directly.
MARGIN = 1e-7


@functools.lru_cache(maxsize=32)
def _deviations(m_shape: tuple[int, ...]) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """For every movers' profile and every (mover, action): the profile after that switch.

    Returns ``(alt, mover)`` of shapes ``(k, J)`` and ``(J,)`` (``J`` the
    total number of actions of the movers; ``mover`` is a position in the
    stage).
    """
    k = math.prod(m_shape)
    strides = [math.prod(m_shape[i + 1 :]) for i in range(len(m_shape))]
    index = np.indices(m_shape).reshape(len(m_shape), k)
    flat = np.arange(k)
    cols, mover = [], []
    for pos, size in enumerate(m_shape):
        for a in range(size):
            cols.append(flat + (a - index[pos]) * strides[pos])
            mover.append(pos)
    return np.stack(cols, axis=1), np.asarray(mover, dtype=np.intp)


def _bounds(a: FloatArray, slope: FloatArray, rhs: Any, keep: NDArray[np.bool_]) -> tuple[Any, Any]:
    """Where ``a + t slope >= rhs`` holds for every entry with ``keep``: ``(lower, upper)``.

    Reduced over every axis but the first (the draws).
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        root = (rhs - a) / slope
    axes = tuple(range(1, a.ndim))
    lower = np.where(keep & (slope > 0), root, -np.inf).max(axis=axes)
    upper = np.where(keep & (slope < 0), root, np.inf).min(axis=axes)
    return lower, upper


def _validity(
    records: Sequence[StageRecord],
    u0: FloatArray,
    du: FloatArray,
    um: FloatArray,
    thr: FloatArray,
) -> tuple[FloatArray, FloatArray]:
    """The interval of ``t`` around the sample on which every choice of ``records`` holds.

    ``u0``/``du`` are the payoffs at ``t = 0`` and their change to ``t = 1``,
    ``um`` the payoffs at the sample, all ``(A, n, K)``; ``thr`` ``(A,)``.
    """
    a_n, n, k_all = u0.shape
    f0, fd, fm = u0.reshape(-1), du.reshape(-1), um.reshape(-1)
    lower = np.full(a_n, -np.inf)
    upper = np.full(a_n, np.inf)
    for rec in records:
        alt, mover = _deviations(rec.m_shape)
        player = np.asarray(rec.stage, dtype=np.intp)[mover]  # (J,)
        rows = (np.arange(a_n, dtype=np.intp) * n)[:, None, None, None]
        offset = (rows + player) * k_all  # (A, 1, 1, J)
        terminal = rec.terminal  # (A, O, k)
        has = rec.count > 0  # (A, O)
        # (1) the chosen profile stays an equilibrium: every mover's gain from each
        # of its deviations, -(g0 + t gd), stays >= -thr
        chosen = np.take_along_axis(terminal, rec.choice[..., None], axis=2)  # (A, O, 1)
        c_here = offset[:, :, 0] + chosen  # (A, O, J)
        c_there = offset[:, :, 0] + np.take_along_axis(terminal, alt[rec.choice], axis=2)
        c0 = f0[c_there] - f0[c_here]
        cd = fd[c_there] - fd[c_here]
        lo, up = _bounds(-c0, -cd, -thr.reshape(-1, 1, 1), has[:, :, None])
        lower = np.maximum(lower, lo)
        upper = np.minimum(upper, up)
        # (2) the profiles listed before it (all, where none is an equilibrium) stay
        # non-equilibria: the deviation that gains most at the sample keeps gaining > thr
        at_here = offset + terminal[..., None]  # (A, O, k, J): player j at profile q
        at_there = offset + terminal[..., alt]  # player j after its switch j from q
        best = np.argmax(fm[at_there] - fm[at_here], axis=3)[..., None]  # (A, O, k, 1)
        b_here = np.take_along_axis(at_here, best, 3)[..., 0]
        b_there = np.take_along_axis(at_there, best, 3)[..., 0]
        b0 = f0[b_there] - f0[b_here]
        bd = fd[b_there] - fd[b_here]
        before = np.arange(terminal.shape[2]) < rec.choice[:, :, None]
        keep = np.where(has[:, :, None], before, True)
        lo, up = _bounds(b0, bd, thr.reshape(-1, 1, 1), keep)
        lower = np.maximum(lower, lo)
        upper = np.minimum(upper, up)
    return lower, upper


class Pieces:
    """Intervals of constant subgame-perfect choices, for a batch of draws.

    Flat arrays, one entry per interval, sorted by draw then start: ``draw``,
    ``start`` and ``end`` (in ``t`` on [0, 1]), ``exists`` (a pure
    subgame-perfect equilibrium exists there) and ``terminal`` (the flat
    index of the terminal profile the path reaches). ``unfinished`` lists
    the draws not covered within :data:`MAX_ROUNDS` rounds (their pieces are
    dropped); ``rounds`` is the number of batched rounds used.
    """

    __slots__ = ("draw", "end", "exists", "rounds", "start", "terminal", "unfinished")

    def __init__(
        self,
        draw: NDArray[np.intp],
        start: FloatArray,
        end: FloatArray,
        exists: NDArray[np.bool_],
        terminal: NDArray[np.intp],
        unfinished: NDArray[np.intp],
        rounds: int,
    ) -> None:
        self.draw = draw
        self.start = start
        self.end = end
        self.exists = exists
        self.terminal = terminal
        self.unfinished = unfinished
        self.rounds = rounds


def spe_pieces(
    payoffs: FloatArray, stages: Sequence[Sequence[int]], *, tol: float = TIE_TOL
) -> Pieces:
    """Split ``t`` in [0, 1] into intervals of constant subgame-perfect choices, per draw.

    ``payoffs`` is ``(D, 2, n, *S)``: every draw's payoffs at ``t = 0`` and
    ``t = 1`` (payoffs affine in ``t``). See the module docstring.
    """
    d = payoffs.shape[0]
    n = payoffs.shape[2]
    sizes = tuple(int(x) for x in payoffs.shape[3:])
    k_all = math.prod(sizes)
    ends = payoffs.reshape(d, 2, n, k_all)
    u0 = np.ascontiguousarray(ends[:, 0])
    du = ends[:, 1] - u0
    flat = ends.reshape(d, -1)
    spread = flat.max(axis=1) - flat.min(axis=1)  # the range over t peaks at an end
    thr_all = tol * np.where(spread > 0, spread, 1.0)
    covered = np.zeros(d)
    sample = np.zeros(d)
    active = np.arange(d)
    out: list[tuple[Any, ...]] = []
    rounds = 0
    while active.size and rounds < MAX_ROUNDS:
        rounds += 1
        s = sample[active]
        a0, ad, thr = u0[active], du[active], thr_all[active]
        um = a0 + s[:, None, None] * ad
        records, root = stage_indices(um, sizes, stages, thr)
        low, high = _validity(records, a0, ad, um, thr)
        low = np.minimum(low, s)
        high = np.minimum(np.maximum(high, s), 1.0)
        joined = (low <= covered[active] + GAP) | (s == 0.0)
        exists = np.ones(active.size, dtype=bool)
        for rec in records:
            exists &= (rec.count > 0).all(axis=1)
        got = active[joined]
        out.append((got, covered[got], high[joined], exists[joined], root[joined]))
        covered[got] = high[joined]
        sample[got] = np.minimum(high[joined] + STEP, 1.0)
        # a gap before the interval found: sample its midpoint next
        gap = active[~joined]
        sample[gap] = 0.5 * (covered[gap] + low[~joined])
        finished = np.zeros(d, dtype=bool)
        finished[got[high[joined] >= 1.0]] = True
        active = active[~finished[active]]
    if out:
        draw, start, end, exists, terminal = (np.concatenate(x) for x in zip(*out, strict=True))
    else:
        draw = np.empty(0, dtype=np.intp)
        start = end = np.empty(0)
        exists = np.empty(0, dtype=bool)
        terminal = np.empty(0, dtype=np.intp)
    keep = ~np.isin(draw, active)
    order = np.lexsort((start[keep], draw[keep]))
    return Pieces(
        draw[keep][order],
        start[keep][order],
        end[keep][order],
        exists[keep][order],
        terminal[keep][order],
        active.copy(),
        rounds,
    )


def _critical_from_pieces(
    pieces: Pieces, holds: NDArray[np.bool_], size: int, bounds: tuple[float, float]
) -> tuple[FloatArray, FloatArray, NDArray[np.int64]]:
    """First start, last end and number of maximal runs of holding pieces, per draw."""
    lo, hi = bounds
    width = hi - lo
    draw = pieces.draw
    prev_holds = np.zeros(draw.size, dtype=bool)
    same = np.zeros(draw.size, dtype=bool)
    same[1:] = draw[1:] == draw[:-1]
    prev_holds[1:] = holds[:-1]
    begins = holds & ~(same & prev_holds)
    crit = np.full(size, np.inf)
    np.minimum.at(crit, draw[holds], pieces.start[holds])
    top = np.full(size, -np.inf)
    np.maximum.at(top, draw[holds], pieces.end[holds])
    count = np.zeros(size, dtype=np.int64)
    np.add.at(count, draw[begins], 1)
    # (the ends of the bounds themselves exactly)
    crit = np.where(np.isfinite(crit), np.where(crit <= 0.0, lo, lo + crit * width), np.nan)
    top = np.where(np.isfinite(top), np.where(top >= 1.0, hi, lo + top * width), np.nan)
    return crit, top, count


def exact_applies(scenario: Scenario, parameter: str) -> bool:
    """Whether the exact pieces serve ``scenario``'s draws over ``parameter``.

    They need payoffs affine in the parameter (so not under a bargaining
    stage, whose terms are solved per point) and outcome probabilities that
    do not depend on it; other sequential scenarios keep scan + bisection.
    """
    from ._mc_kernel import parameter_in_probabilities

    return (
        getattr(scenario, "bargaining", None) is None
        and scenario.is_affine_in(parameter)
        and not parameter_in_probabilities(scenario, parameter)
    )


def _end_payoffs(
    scenario: Scenario,
    draws: Mapping[str, FloatArray],
    parameter: str,
    bounds: tuple[float, float],
    mode: str | None,
    fix: Mapping[str, str] | None,
) -> tuple[FloatArray, FloatArray, list[list[int]]]:
    """Every draw's payoffs and outcome probabilities at both ends of ``bounds``; the stages."""
    merged: dict[str, Any] = {k: np.asarray(v)[:, None] for k, v in draws.items()}
    merged[parameter] = np.array([[bounds[0], bounds[1]]])
    payoffs, probs = scenario.evaluate(mode=mode, fix=fix, **merged)
    index = {p: i for i, p in enumerate(scenario.players)}
    return payoffs, probs, [[index[p] for p in s] for s in scenario.stages]


def _piece_values(
    pieces: Pieces, probs: FloatArray, outcome_idx: list[int], level: float
) -> tuple[FloatArray, NDArray[np.bool_]]:
    """Probability of the outcome set on each piece's path, and whether the condition holds."""
    size = probs.shape[0]
    k_all = math.prod(probs.shape[3:])
    q_all = probs[:, 0, outcome_idx].reshape(size, len(outcome_idx), k_all)
    # the same sum over the outcome set as subgame_perfect's probabilities give
    q_piece = q_all[pieces.draw, :, pieces.terminal].sum(axis=-1)
    return q_piece, pieces.exists & (q_piece >= level - 1e-12)


def spe_exact_critical_values(
    scenario: Scenario,
    draws: Mapping[str, FloatArray],
    *,
    parameter: str,
    bounds: tuple[float, float],
    outcome_idx: list[int],
    level: float,
    mode: str | None,
    fix: Mapping[str, str] | None,
) -> tuple[FloatArray, FloatArray, NDArray[np.int64]]:
    """Critical value, window top and interval count per draw from the exact pieces.

    What :func:`~mediation_sim.analysis._sequential.spe_critical_values`
    gives (to its ``xtol``; it may miss windows narrower than its grid),
    without grid or bisection. Requires :func:`exact_applies` (the caller
    checks).
    """
    from ._sequential import spe_critical_values

    size = next(iter(draws.values())).shape[0]
    crit = np.full(size, np.nan)
    top = np.full(size, np.nan)
    count = np.zeros(size, dtype=np.int64)
    for start in range(0, size, CHUNK):
        block = {k: np.asarray(v)[start : start + CHUNK] for k, v in draws.items()}
        payoffs, probs, stages = _end_payoffs(scenario, block, parameter, bounds, mode, fix)
        pieces = spe_pieces(payoffs, stages)
        _, holds = _piece_values(pieces, probs, outcome_idx, level)
        rows = slice(start, start + payoffs.shape[0])
        crit[rows], top[rows], count[rows] = _critical_from_pieces(
            pieces, holds, payoffs.shape[0], bounds
        )
        if pieces.unfinished.size:
            rest = {k: v[pieces.unfinished] for k, v in block.items()}
            at = start + pieces.unfinished
            crit[at], top[at], count[at] = spe_critical_values(
                scenario,
                rest,
                parameter=parameter,
                bounds=bounds,
                outcome_idx=outcome_idx,
                level=level,
                mode=mode,
                fix=fix,
            )
    return crit, top, count


def run_sequential_draws(
    scenario: Scenario,
    draws: Mapping[str, FloatArray],
    *,
    parameter: str,
    bounds: tuple[float, float],
    grid: FloatArray,
    outcome_idx: list[int],
    level: float,
    mode: str | None,
    fix: Mapping[str, str] | None,
    tol: float,
) -> tuple[FloatArray, FloatArray, NDArray[np.int64], FloatArray, FloatArray, int]:
    """Critical value, window top, interval count and best/worst curves, per draw (sequential).

    The same values as
    :func:`~mediation_sim.analysis._sequential.spe_critical_values` and
    :func:`~mediation_sim.analysis._sequential.spe_settlement_curves`, from
    the exact pieces of :func:`spe_pieces` (requires :func:`exact_applies`;
    the caller checks). The last value returned is
    the number of draws that went to the scan-and-bisection path instead
    (not covered within :data:`MAX_ROUNDS` rounds).
    """
    from ._sequential import spe_critical_values

    size = next(iter(draws.values())).shape[0]
    if size > CHUNK:
        parts = [
            run_sequential_draws(
                scenario,
                {k: v[start : start + CHUNK] for k, v in draws.items()},
                parameter=parameter,
                bounds=bounds,
                grid=grid,
                outcome_idx=outcome_idx,
                level=level,
                mode=mode,
                fix=fix,
                tol=tol,
            )
            for start in range(0, size, CHUNK)
        ]
        crit, top, count, best, worst = (
            np.concatenate(p) for p in list(zip(*parts, strict=True))[:5]
        )
        return crit, top, count, best, worst, sum(p[5] for p in parts)
    lo, hi = bounds
    payoffs, probs, stages = _end_payoffs(scenario, draws, parameter, bounds, mode, fix)
    pieces = spe_pieces(payoffs, stages)
    q_piece, holds = _piece_values(pieces, probs, outcome_idx, level)
    crit, top, count = _critical_from_pieces(pieces, holds, size, bounds)

    # the grid, read off the pieces; values near an interval end solved directly
    t = (np.asarray(grid, dtype=np.float64) - lo) / (hi - lo)
    key = pieces.draw * 4.0 + pieces.start
    d_idx = np.repeat(np.arange(size), t.size)
    g_idx = np.tile(np.arange(t.size), size)
    at = np.searchsorted(key, d_idx * 4.0 + t[g_idx], side="right") - 1
    at = np.clip(at, 0, max(key.size - 1, 0))
    curve = np.full(size * t.size, np.nan)
    near = np.ones(size * t.size, dtype=bool)
    if key.size:
        mine = pieces.draw[at] == d_idx
        inside = (pieces.start[at] <= t[g_idx]) & (t[g_idx] <= pieces.end[at])
        near_start = (pieces.start[at] > 0.0) & (t[g_idx] - pieces.start[at] < MARGIN)
        near_end = (pieces.end[at] < 1.0) & (pieces.end[at] - t[g_idx] < MARGIN)
        near = ~(mine & inside) | near_start | near_end
        curve = np.where(pieces.exists[at], q_piece[at], np.nan)
    curve = curve.reshape(size, t.size)
    near = near.reshape(size, t.size)
    near[np.isin(np.arange(size), pieces.unfinished)] = True
    pairs = np.nonzero(near)
    if pairs[0].size:
        sub: dict[str, Any] = {k: np.asarray(v)[pairs[0]] for k, v in draws.items()}
        sub[parameter] = np.asarray(grid, dtype=np.float64)[pairs[1]]
        spe = scenario.subgame_perfect(mode=mode, fix=fix, tol=tol, mixed=False, **sub)
        q = spe.probabilities[..., outcome_idx].sum(axis=-1)
        curve[pairs] = np.where(spe.exists, q, np.nan)
    if pieces.unfinished.size:
        rest = {k: np.asarray(v)[pieces.unfinished] for k, v in draws.items()}
        c, w, n_iv = spe_critical_values(
            scenario,
            rest,
            parameter=parameter,
            bounds=bounds,
            outcome_idx=outcome_idx,
            level=level,
            mode=mode,
            fix=fix,
        )
        crit[pieces.unfinished], top[pieces.unfinished], count[pieces.unfinished] = c, w, n_iv
    return crit, top, count, curve, curve.copy(), int(pieces.unfinished.size)
