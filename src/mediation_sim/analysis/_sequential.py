"""Analysis kernels for scenarios with a sequential move order (private).

Used by :func:`~mediation_sim.analysis.sweep`,
:func:`~mediation_sim.analysis.critical_value`,
:func:`~mediation_sim.analysis.monte_carlo` and
:func:`~mediation_sim.analysis.sensitivity` when
:attr:`Scenario.is_sequential` is true. Every function works on whole batches
of parameter points through :meth:`Scenario.subgame_perfect` (backward
induction vectorised over histories and points); loops run over chunks of
points and over bisection steps, never over single points or draws.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..scenarios.scenario import Scenario
from ._frames import pandas, progress_bar
from ._intervals import TIE_TOL, merge
from ._sweep_frame import leading_columns

__all__ = [
    "candidate_breakpoints",
    "spe_critical_values",
    "spe_exact_intervals",
    "spe_holds",
    "spe_settlement_curves",
    "spe_sweep",
]

FloatArray = NDArray[np.float64]
_CHUNK = 4096


def _grid_chunks(
    draws: Mapping[str, FloatArray], parameter: str, grid: FloatArray
) -> Iterator[tuple[slice, dict[str, Any]]]:
    """Chunks of draws crossed with every grid value: ``(rows, parameter values (d, 1) x grid)``.

    Each chunk holds about ``_CHUNK`` (draw, grid value) points.
    """
    size = next(iter(draws.values())).shape[0]
    per_chunk = max(1, _CHUNK // grid.size)
    for start in range(0, size, per_chunk):
        part = {k: np.asarray(v)[start : start + per_chunk, None] for k, v in draws.items()}
        part[parameter] = grid[None, :]
        yield slice(start, start + per_chunk), part


def spe_holds(
    scenario: Scenario,
    values: Mapping[str, Any],
    idx: list[int],
    level: float,
    mode: str | None,
    fix: Mapping[str, str] | None,
    tol: float,
) -> NDArray[np.bool_]:
    """Whether the subgame-perfect path gives the outcome set probability >= ``level``."""
    spe = scenario.subgame_perfect(mode=mode, fix=fix, tol=tol, **values)
    q = spe.probabilities[..., idx].sum(axis=-1)
    return np.asarray((q >= level - 1e-12) & spe.exists)


def candidate_breakpoints(
    scenario: Scenario,
    parameter: str,
    lo: float,
    hi: float,
    mode: str | None,
    fix: Mapping[str, str] | None,
    params: Mapping[str, Any],
) -> FloatArray:
    """Every t in (0, 1) where some mover could switch its choice (payoffs affine in t).

    Backward induction compares, at each history, continuation values that
    are payoffs of terminal profiles. A mover of stage k compares two
    profiles that agree on earlier stages and on the other movers of its
    stage, and differ in its own action (later stages free). With payoffs
    affine in the parameter, each such pair ties at most at one t: these
    roots contain every breakpoint of the subgame-perfect path.
    """
    payoffs = scenario.payoffs(mode=mode, fix=fix, **{**params, parameter: np.array([lo, hi])})
    index = {p: i for i, p in enumerate(scenario.players)}
    stages = [[index[p] for p in s] for s in scenario.stages]
    roots: list[FloatArray] = []
    for k, stage in enumerate(stages):
        before = [i for s in stages[:k] for i in s]
        later = [i for s in stages[k + 1 :] for i in s]
        for i in stage:
            same = [j for j in stage if j != i]
            order = [*before, *same, i, *later]
            v = payoffs[:, i].transpose([0, *(1 + j for j in order)])
            sizes = v.shape[1:]
            hb = int(np.prod(sizes[: len(before) + len(same)], dtype=np.int64))
            si = sizes[len(before) + len(same)]
            lat = int(np.prod(sizes[len(before) + len(same) + 1 :], dtype=np.int64))
            if si < 2:
                continue
            v = v.reshape(2, hb, si, lat)
            a, b = np.triu_indices(si, 1)
            d = v[:, :, a, :, None] - v[:, :, b, None, :]  # (2, hb, pairs, lat, lat)
            d0, d1 = d[0].ravel(), d[1].ravel()
            slope = d1 - d0
            ok = np.abs(slope) > 1e-15 * (np.abs(d0) + np.abs(d1) + 1.0)
            t = -d0[ok] / slope[ok]
            roots.append(t[(t > 0.0) & (t < 1.0)])
    if not roots:
        return np.empty(0)
    return np.unique(np.concatenate(roots))


def spe_exact_intervals(
    scenario: Scenario,
    parameter: str,
    idx: list[int],
    lo: float,
    hi: float,
    level: float,
    mode: str | None,
    fix: Mapping[str, str] | None,
    params: Mapping[str, Any],
    tol: float,
) -> list[tuple[float, float]]:
    """Closed intervals of the parameter where the subgame-perfect path reaches ``level``.

    The path is constant between consecutive candidate breakpoints
    (:func:`candidate_breakpoints`), so evaluating it at every candidate and
    at every midpoint between neighbours (in batches) decides the condition
    everywhere; interval ends are candidate breakpoints, hence exact.
    """
    cand = candidate_breakpoints(scenario, parameter, lo, hi, mode, fix, params)
    knots = np.concatenate([[0.0], cand, [1.0]])
    samples = np.empty(2 * knots.size - 1)
    samples[0::2] = knots
    samples[1::2] = 0.5 * (knots[:-1] + knots[1:])
    width = hi - lo
    holds = np.zeros(samples.size, dtype=bool)
    for start in range(0, samples.size, _CHUNK):
        part = samples[start : start + _CHUNK]
        holds[start : start + part.size] = spe_holds(
            scenario, {**params, parameter: lo + part * width}, idx, level, mode, fix, tol
        )
    intervals: list[tuple[float, float]] = []
    k = 0
    while k < samples.size:
        if not holds[k]:
            k += 1
            continue
        first = k
        while k + 1 < samples.size and holds[k + 1]:
            k += 1
        # a run that starts or ends on a midpoint extends to the neighbouring knot (closure)
        a = samples[first - 1] if first % 2 == 1 else samples[first]
        b = samples[k + 1] if k % 2 == 1 else samples[k]
        intervals.append((lo + float(a) * width, lo + float(b) * width))
        k += 1
    return merge(intervals)


def spe_critical_values(
    scenario: Scenario,
    draws: Mapping[str, FloatArray],
    *,
    parameter: str,
    bounds: tuple[float, float],
    outcome_idx: list[int],
    level: float,
    mode: str | None,
    fix: Mapping[str, str] | None,
    tol: float = TIE_TOL,
    n_grid: int = 201,
    xtol: float = 1e-11,
) -> tuple[FloatArray, FloatArray, NDArray[np.int64]]:
    """Critical value, top of the window and number of intervals per draw (sequential).

    A scan on ``n_grid`` points for all draws at once, then bisection of
    every bracket of every draw together (one batched evaluation per step)
    to ``xtol``. Ties count only within ``tol`` (default ``1e-12``) of the
    payoff range, so crossings are the mathematical breakpoints to ``xtol``.
    Intervals narrower than the grid spacing can be missed.
    """
    lo, hi = bounds
    size = next(iter(draws.values())).shape[0]
    grid = np.linspace(lo, hi, n_grid)
    holds = np.zeros((size, n_grid), dtype=bool)
    for rows, part in _grid_chunks(draws, parameter, grid):
        holds[rows] = spe_holds(scenario, part, outcome_idx, level, mode, fix, tol)
    d_idx, k_idx = np.nonzero(holds[:, 1:] != holds[:, :-1])
    a = grid[k_idx].copy()
    b = grid[k_idx + 1].copy()
    state_a = holds[d_idx, k_idx]
    while d_idx.size and float(np.max(b - a)) > xtol:
        mid = 0.5 * (a + b)
        h = np.zeros(mid.size, dtype=bool)
        for start in range(0, mid.size, _CHUNK):
            sl = slice(start, start + _CHUNK)
            part = {k: np.asarray(v)[d_idx[sl]] for k, v in draws.items()}
            part[parameter] = mid[sl]
            h[sl] = spe_holds(scenario, part, outcome_idx, level, mode, fix, tol)
        same = h == state_a
        a = np.where(same, mid, a)
        b = np.where(same, b, mid)
    cross = 0.5 * (a + b)
    entering = ~state_a
    crit = np.where(holds[:, 0], lo, np.inf)
    np.minimum.at(crit, d_idx[entering], cross[entering])
    top = np.where(holds[:, -1], hi, -np.inf)
    np.maximum.at(top, d_idx[~entering], cross[~entering])
    count = holds[:, 0].astype(np.int64)
    np.add.at(count, d_idx[entering], 1)
    crit = np.where(np.isfinite(crit), crit, np.nan)
    top = np.where(np.isfinite(top), top, np.nan)
    return crit, top, count


def spe_settlement_curves(
    scenario: Scenario,
    draws: Mapping[str, FloatArray],
    *,
    parameter: str,
    grid: FloatArray,
    outcome_idx: list[int],
    mode: str | None,
    fix: Mapping[str, str] | None,
    tol: float,
) -> tuple[FloatArray, FloatArray]:
    """Probability of the outcome set on the subgame-perfect path, ``(D, len(grid))`` twice.

    Best and worst coincide (one subgame-perfect path per point; ``nan``
    where no pure one exists).
    """
    size = next(iter(draws.values())).shape[0]
    out = np.full((size, grid.size), np.nan)
    for rows, part in _grid_chunks(draws, parameter, grid):
        spe = scenario.subgame_perfect(mode=mode, fix=fix, tol=tol, mixed=False, **part)
        q = spe.probabilities[..., outcome_idx].sum(axis=-1)
        out[rows] = np.where(spe.exists, q, np.nan)
    return out, out.copy()


def spe_sweep(
    scenario: Scenario,
    flat: Mapping[str, FloatArray],
    n_points: int,
    mode: str | None,
    fix: Mapping[str, str] | None,
    tol: float,
    chunk_size: int,
    progress: bool | None,
) -> Any:
    """The sweep frame of a sequential scenario: one row per point (its subgame-perfect path)."""
    pd = pandas()
    labels = [np.array(s, dtype=object) for s in scenario.strategy_labels(mode=mode, fix=fix)]
    paths, probs, pays, regrets, exists, ties = [], [], [], [], [], []
    starts = range(0, n_points, chunk_size)
    for start in progress_bar(starts, total=len(starts), progress=progress, desc="sweep"):
        chunk = {k: v[start : start + chunk_size] for k, v in flat.items()}
        spe = scenario.subgame_perfect(mode=mode, fix=fix, tol=tol, mixed=False, **chunk)
        paths.append(spe.path)
        probs.append(spe.probabilities)
        pays.append(spe.payoffs)
        regrets.append(spe.regret)
        exists.append(spe.exists)
        ties.append(spe.ties)
    path = np.concatenate(paths)
    has = np.concatenate(exists)
    strategies = []
    for i in range(len(scenario.players)):
        strategy: NDArray[Any] = labels[i][path[:, i]]
        strategy[~has] = None
        strategies.append(strategy)
    key = path @ (np.cumprod([1, *(len(lab) for lab in labels[:-1])]))
    changed = np.zeros(n_points, dtype=bool)
    changed[1:] = (key[1:] != key[:-1]) | (has[1:] != has[:-1])
    columns = leading_columns(
        scenario,
        point=np.arange(n_points),
        params=flat,
        mode=mode,
        n_equilibria=has.astype(np.int64),
        equilibrium=np.where(has, 0, -1),
        strategies=strategies,
        probabilities=np.where(has[:, None], np.concatenate(probs), np.nan),
        payoffs=np.where(has[:, None], np.concatenate(pays), np.nan),
        regret=np.where(has, np.concatenate(regrets), np.nan),
        method="backward_induction",
        changed=changed,
    )
    columns["weakly_dominated"] = ""
    columns["indifferent"] = ""
    columns["subgame_perfect"] = has
    columns["credible"] = has
    columns["ties"] = np.concatenate(ties)
    columns["equilibrium_kind"] = pd.Series(np.where(has, "pure", "none"), dtype=object)
    return pd.DataFrame(columns)
