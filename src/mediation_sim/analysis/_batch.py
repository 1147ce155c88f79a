"""Batched evaluation kernels shared by Monte Carlo and sensitivity analysis (private).

Everything here takes parameter arrays of shape ``(D,)`` (one value per
draw) and works on all draws at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from ..scenarios.scenario import Scenario
from ..solvers.pure import profile_regrets
from ._intervals import TIE_TOL, affine_equilibrium_intervals, level_intervals
from ._sequential import spe_critical_values, spe_settlement_curves
from ._sequential_exact import exact_applies, spe_exact_critical_values
from ._thresholds import condition_intervals

__all__ = ["critical_values", "intervals_to_critical", "settlement_curves"]

FloatArray = NDArray[np.float64]


def critical_values(
    scenario: Scenario,
    draws: Mapping[str, FloatArray],
    *,
    parameter: str,
    bounds: tuple[float, float],
    outcome_idx: list[int],
    level: float,
    selection: Literal["best", "worst"],
    mode: str | None,
    fix: Mapping[str, str] | None,
) -> tuple[FloatArray, FloatArray, NDArray[np.int64]]:
    """Exact critical value, top of the window and number of intervals, per draw.

    Requires payoffs affine in ``parameter`` (checked by the caller). For
    ``selection="best"`` the union of profile intervals is computed for all
    draws at once: sort each draw's intervals by their start, and a new
    interval begins wherever a start exceeds the running maximum of the ends.
    """
    if scenario.is_sequential:
        # exact pieces of constant subgame-perfect choices where payoffs are affine and
        # outcome probabilities do not move with the parameter; else scan + bisection
        exact = exact_applies(scenario, parameter)
        return (spe_exact_critical_values if exact else spe_critical_values)(
            scenario,
            draws,
            parameter=parameter,
            bounds=bounds,
            outcome_idx=outcome_idx,
            level=level,
            mode=mode,
            fix=fix,
        )
    lo, hi = bounds
    merged: dict[str, Any] = {k: np.asarray(v)[:, None] for k, v in draws.items()}
    merged[parameter] = np.array([[lo, hi]])
    payoffs, probs = scenario.evaluate(mode=mode, fix=fix, **merged)
    n = payoffs.shape[2]
    game_axes = tuple(range(2, payoffs.ndim))
    spread = (payoffs.max(axis=game_axes) - payoffs.min(axis=game_axes)).max(axis=1)
    eps = TIE_TOL * np.where(spread > 0, spread, 1.0)
    lower, upper = affine_equilibrium_intervals(payoffs[:, 0], payoffs[:, 1], n_players=n, eps=eps)
    q = probs[:, :, outcome_idx].sum(axis=2)  # (D, 2, *S)
    return intervals_to_critical(lower, upper, q, bounds=bounds, level=level, selection=selection)


def intervals_to_critical(
    lower: FloatArray,
    upper: FloatArray,
    q: FloatArray,
    *,
    bounds: tuple[float, float],
    level: float,
    selection: Literal["best", "worst"],
) -> tuple[FloatArray, FloatArray, NDArray[np.int64]]:
    """Critical value, top of the window and number of intervals from profile intervals.

    ``lower``/``upper`` have shape ``(D, *S)`` (in ``t`` on [0, 1]); ``q`` is
    the outcome probability at both ends, shape ``(D, 2, *S)``.
    """
    lo, hi = bounds
    size = lower.shape[0]
    width = hi - lo
    if selection == "best":
        q0 = q[:, 0].reshape(size, -1)
        q1 = q[:, 1].reshape(size, -1)
        q_lo, q_hi = level_intervals(q0, q1, level)
        a = np.maximum(lower.reshape(size, -1), q_lo)
        b = np.minimum(upper.reshape(size, -1), q_hi)
        valid = a <= b
        a = np.where(valid, a, np.inf)
        b = np.where(valid, b, -np.inf)
        order = np.argsort(a, axis=1, kind="stable")
        a_sorted = np.take_along_axis(a, order, axis=1)
        b_sorted = np.take_along_axis(b, order, axis=1)
        reach = np.maximum.accumulate(b_sorted, axis=1)
        gaps = (a_sorted[:, 1:] > reach[:, :-1]) & np.isfinite(a_sorted[:, 1:])
        any_valid = valid.any(axis=1)
        n_intervals = np.where(any_valid, 1 + gaps.sum(axis=1), 0).astype(np.int64)
        first = np.where(any_valid, a_sorted[:, 0], np.nan)
        last = np.where(any_valid, reach[:, -1], np.nan)
        return lo + first * width, lo + last * width, n_intervals
    crit = np.full(size, np.nan)
    top = np.full(size, np.nan)
    count = np.zeros(size, dtype=np.int64)
    for d in range(size):
        ivs = condition_intervals(
            lower[d], upper[d], q[d, 0], q[d, 1], level=level, selection=selection
        )
        if ivs:
            crit[d] = lo + ivs[0][0] * width
            top[d] = lo + ivs[-1][1] * width
            count[d] = len(ivs)
    return crit, top, count


def settlement_curves(
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
    """Best and worst pure-equilibrium probability of the outcome set at each grid value.

    Returns arrays of shape ``(D, len(grid))``; ``nan`` where a point has no
    pure equilibrium.
    """
    if scenario.is_sequential:
        return spe_settlement_curves(
            scenario,
            draws,
            parameter=parameter,
            grid=grid,
            outcome_idx=outcome_idx,
            mode=mode,
            fix=fix,
            tol=tol,
        )
    size = next(iter(draws.values())).shape[0]
    merged: dict[str, Any] = {k: np.asarray(v)[:, None] for k, v in draws.items()}
    merged[parameter] = grid[None, :]
    payoffs, probs = scenario.evaluate(mode=mode, fix=fix, **merged)
    n = payoffs.shape[2]
    regrets, scale = profile_regrets(payoffs, n)
    mask = regrets <= (tol * scale).reshape(scale.shape + (1,) * n)
    q = probs[:, :, outcome_idx].sum(axis=2)
    flat_mask = mask.reshape(size, grid.size, -1)
    flat_q = q.reshape(size, grid.size, -1)
    has = flat_mask.any(axis=2)
    best = np.where(has, np.where(flat_mask, flat_q, -np.inf).max(axis=2), np.nan)
    worst = np.where(has, np.where(flat_mask, flat_q, np.inf).min(axis=2), np.nan)
    return best, worst
