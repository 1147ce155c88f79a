"""The Monte Carlo kernel: all draws and all grid points from one payoff build (private).

:func:`run_draws` gives, for a batch of draws of a scenario whose payoffs are
affine in the control parameter, exactly what
:func:`~mediation_sim.analysis._batch.critical_values` and
:func:`~mediation_sim.analysis._batch.settlement_curves` give, bit for bit,
while building payoffs only at the two ends of the parameter's bounds.

Why it is exact. At ``t = (theta - lo) / (hi - lo)`` every deviation gain is
affine, ``g(t) = g0 + t (g1 - g0)``, so the set of ``t`` where a pure profile
has every gain at most ``eps`` is an interval. The grid curves ask, at each
grid value, whether the regret of the payoffs evaluated *there* is at most
``tol`` times that game's payoff range. The kernel brackets that question by
two intervals per profile:

* inner: every affine gain is at most ``eps_in = tol (S_lb - 2 E) - E``,
  where ``S_lb`` is a lower bound of the payoff range over the whole
  interval and ``E`` (:data:`ROUNDING` times the largest payoff magnitude)
  bounds the rounding difference between the affine interpolation and a
  direct evaluation. A grid value inside it is an equilibrium of the
  directly evaluated game. (When ``eps_in`` is at least the exact
  tolerance, the exact interval, which lies inside, serves.)
* outer: every affine gain is at most ``eps_out = tol S_ub + 3 E``, with
  ``S_ub`` the range's maximum (the range of affine payoffs is convex in
  ``t``, so it peaks at an end). A grid value outside it is not an
  equilibrium.

The few (draw, grid value) pairs where some profile falls between the two
are evaluated directly, with the reference code path. Outcome probabilities
that do not depend on the parameter are the same numbers at every grid
value; otherwise they are evaluated on the grid.

Only a few profiles per draw can be equilibria anywhere: a profile is dead
when one deviation gains more than ``eps_out`` at both ends
(:func:`live_profiles`, over unordered pairs of strategies, the draws on
the innermost axis). The live ones are gathered into ``(D, m)`` arrays and
their intervals computed from their gathered deviation gains
(:func:`compact_intervals`), with the arithmetic of
:func:`~mediation_sim.analysis._intervals.affine_equilibrium_intervals`, so
the critical values (exact tolerance ``TIE_TOL * spread``) are the same
bits too.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from ..scenarios.scenario import Scenario
from ..solvers.pure import profile_regrets
from ._batch import critical_values, intervals_to_critical, settlement_curves
from ._intervals import TIE_TOL
from ._sequential_exact import exact_applies, run_sequential_draws

__all__ = [
    "CHUNK",
    "ROUNDING",
    "compact_intervals",
    "live_profiles",
    "parameter_in_probabilities",
    "run_draws",
]

FloatArray = NDArray[np.float64]

#: Bound on the rounding difference between the affine interpolation of the
#: payoffs and their direct evaluation, relative to the largest payoff
#: magnitude of the draw (a few dozen operations at 1e-16 each, with a wide
#: safety factor).
ROUNDING = 1e-11

#: Draws evaluated together. Larger batches run slower: at 2,048 draws the
#: payoff and probability temporaries (9-18 MB) come fresh from the system on
#: most calls and fault their pages in (about 40,000 page faults and 30-50 %
#: more CPU time per 10,000 draws, measured); at 512 they are reused.
CHUNK = 512


def parameter_in_probabilities(scenario: Scenario, parameter: str) -> bool:
    """Whether any outcome probability of the scenario depends on ``parameter``."""
    spec = scenario.spec
    return any(
        parameter in v.parameters
        for lot in spec.lotteries.values()
        for p in lot.probabilities
        for v in (p.base, *(c for c, _ in p.terms))
    )


@functools.lru_cache(maxsize=32)
def _alternatives(shape: tuple[int, ...]) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """Where each player's switch leads from each profile, and whose switch it is.

    For every flat profile ``k`` and every (player, strategy) ``j``: the
    profile where that player switches to that strategy, and the player of
    each ``j``.

    Returns ``(alt, player)`` of shapes ``(K, sum(shape))`` and ``(sum(shape),)``.
    """
    k = math.prod(shape)
    strides = [math.prod(shape[i + 1 :]) for i in range(len(shape))]
    index = np.indices(shape).reshape(len(shape), k)  # strategy of each player
    flat = np.arange(k)
    cols = []
    player = []
    for i, s_i in enumerate(shape):
        for a in range(s_i):
            cols.append(flat + (a - index[i]) * strides[i])
            player.append(i)
    return np.stack(cols, axis=1), np.asarray(player, dtype=np.intp)


def live_profiles(payoffs: FloatArray, *, n_players: int, eps: FloatArray) -> NDArray[np.bool_]:
    """Profiles that may be an equilibrium somewhere in ``t`` in [0, 1] with tolerance ``eps``.

    A profile is dead when some deviation gains more than ``eps`` at both
    ends (the gain is affine, so everywhere between). The test runs over
    unordered pairs of strategies: the gain from ``b`` to ``a`` is minus the
    gain from ``a`` to ``b``. ``payoffs`` has shape ``(D, 2, n, *S)`` (the
    payoffs at ``t = 0`` and ``t = 1``); the work is done with the draws on
    the innermost axis (long, contiguous inner loops instead of a profile
    axis of 2 or 3). Returns a boolean array ``(D, K)``.
    """
    d = payoffs.shape[0]
    e = np.asarray(eps, dtype=np.float64)
    # one transposing copy: (D, 2, n, *S) -> (2, n, *S, D)
    w0, w1 = np.ascontiguousarray(np.moveaxis(payoffs, 0, -1))
    dead = np.zeros(w0.shape[1:], dtype=bool)
    for i in range(n_players):
        v0 = w0[i]
        v1 = w1[i]
        for a in range(v0.shape[i]):
            for b in range(a + 1, v0.shape[i]):
                at_a = (slice(None),) * i + (a,)  # basic indexing: views
                at_b = (slice(None),) * i + (b,)
                d0 = v0[at_a] - v0[at_b]  # gain of b -> a at t = 0
                d1 = v1[at_a] - v1[at_b]
                dead_b = dead[at_b]
                dead_b |= np.minimum(d0, d1) > e
                dead_a = dead[at_a]
                dead_a |= np.maximum(d0, d1) < -e
    live: NDArray[np.bool_] = ~dead.reshape(-1, d).T
    return live


def compact_intervals(
    payoffs: FloatArray,
    pick: NDArray[np.intp],
    *,
    n_players: int,
    eps: Sequence[FloatArray],
) -> list[tuple[FloatArray, FloatArray]]:
    """Equilibrium intervals in ``t`` of the profiles ``pick`` (``(D, m)`` flat indices).

    ``payoffs`` has shape ``(D, 2, n_players, *S)``: the payoffs at ``t = 0``
    and ``t = 1``.

    Same arithmetic as
    :func:`~mediation_sim.analysis._intervals.affine_equilibrium_intervals`
    (so the same bits), on the gathered deviation gains of the picked
    profiles only: ``(D, m, sum(shape))`` arrays instead of
    ``(D, s_i, *shape)`` per player. ``lower > upper`` marks an empty interval.
    """
    d = pick.shape[0]
    shape = tuple(int(x) for x in payoffs.shape[3:])
    k = math.prod(shape)
    alt, player = _alternatives(shape)
    offset = player * k
    # flat gathers from the contiguous (D, 2, n * K) array: entry (draw r, end e,
    # column c) is (2 r + e) n K + c
    flat = np.ascontiguousarray(payoffs).reshape(-1)
    row = (np.arange(d) * (2 * n_players * k))[:, None, None]
    there = (alt[pick] + offset) + row  # (D, m, J), at t = 0
    here = (pick[:, :, None] + offset) + row
    g0 = flat[there] - flat[here]
    there += n_players * k  # at t = 1
    here += n_players * k
    g1 = flat[there] - flat[here]
    slope = g1 - g0
    pos = slope > 0
    neg = slope < 0
    flat = ~(pos | neg)
    out: list[tuple[FloatArray, FloatArray]] = []
    for e in eps:
        rhs = np.asarray(e, dtype=np.float64).reshape(d, 1, 1) - g0
        with np.errstate(divide="ignore", invalid="ignore"):
            bound = rhs / slope
        up = np.where(pos, bound, np.inf).min(axis=2)
        low = np.where(flat & (rhs < 0), np.inf, np.where(neg, bound, -np.inf)).max(axis=2)
        out.append((np.maximum(0.0, low), np.minimum(1.0, up)))
    return out


def run_draws(
    scenario: Scenario,
    draws: Mapping[str, FloatArray],
    *,
    parameter: str,
    bounds: tuple[float, float],
    grid: FloatArray,
    outcome_idx: list[int],
    level: float,
    selection: Literal["best", "worst"],
    mode: str | None,
    fix: Mapping[str, str] | None,
    tol: float,
) -> tuple[FloatArray, FloatArray, NDArray[np.int64], FloatArray, FloatArray]:
    """Critical value, window top, interval count, and best/worst curves on ``grid``, per draw.

    Same values as ``critical_values(...)`` followed by
    ``settlement_curves(...)`` (see the module docstring for why). A
    sequential scenario goes to the exact pieces of
    :func:`~mediation_sim.analysis._sequential_exact.run_sequential_draws`
    (or, where those do not apply, to those two, which route it to the
    batched subgame-perfect kernels): this kernel's
    profile intervals are those of the one-shot game.
    """
    if scenario.is_sequential and exact_applies(scenario, parameter):
        # exact pieces of constant subgame-perfect choices, all draws at once
        crit, top, count, best, worst, _ = run_sequential_draws(
            scenario,
            draws,
            parameter=parameter,
            bounds=bounds,
            grid=grid,
            outcome_idx=outcome_idx,
            level=level,
            mode=mode,
            fix=fix,
            tol=tol,
        )
        return crit, top, count, best, worst
    if scenario.is_sequential:
        kw: dict[str, Any] = {"parameter": parameter, "outcome_idx": outcome_idx, "mode": mode}
        crit, top, count = critical_values(
            scenario, draws, bounds=bounds, level=level, selection=selection, fix=fix, **kw
        )
        best, worst = settlement_curves(scenario, draws, grid=grid, fix=fix, tol=tol, **kw)
        return crit, top, count, best, worst
    size = next(iter(draws.values())).shape[0]
    if size > CHUNK:  # every value is per draw: chunks only keep the arrays in cache
        parts = [
            run_draws(
                scenario,
                {k: v[start : start + CHUNK] for k, v in draws.items()},
                parameter=parameter,
                bounds=bounds,
                grid=grid,
                outcome_idx=outcome_idx,
                level=level,
                selection=selection,
                mode=mode,
                fix=fix,
                tol=tol,
            )
            for start in range(0, size, CHUNK)
        ]
        crit, top, count, best, worst = (np.concatenate(p) for p in zip(*parts, strict=True))
        return crit, top, count, best, worst
    lo, hi = bounds
    width = hi - lo
    merged: dict[str, Any] = {k: np.asarray(v)[:, None] for k, v in draws.items()}
    merged[parameter] = np.array([[lo, hi]])
    payoffs, probs = scenario.evaluate(mode=mode, fix=fix, **merged)
    n = payoffs.shape[2]
    ends = payoffs.reshape(size, 2, -1)
    arg_top = ends.argmax(axis=2)[..., None]  # (D, 2, 1)
    arg_bot = ends.argmin(axis=2)[..., None]
    top_u = np.take_along_axis(ends, arg_top, axis=2)[..., 0]  # (D, 2)
    bot_u = np.take_along_axis(ends, arg_bot, axis=2)[..., 0]
    ranges = top_u - bot_u
    spread = ranges.max(axis=1)
    eps_exact = TIE_TOL * np.where(spread > 0, spread, 1.0)

    # bounds of each draw's payoff range over t in [0, 1] (see the module docstring):
    # the entries extreme at one end, read at the other
    at_other = np.take_along_axis(ends[:, ::-1], np.concatenate([arg_top, arg_bot], axis=2), 2)
    s_lb = np.minimum(ranges, at_other[:, :, 0] - at_other[:, :, 1]).max(axis=1)
    magnitude = np.maximum(np.abs(top_u), np.abs(bot_u)).max(axis=1)
    err = ROUNDING * np.where(magnitude > 0, magnitude, 1.0)
    # a game constant at some t has scale 1 there (as profile_regrets defines it)
    s_ub = np.where(s_lb > 2 * err, spread, np.maximum(spread, 1.0))
    eps_out = tol * s_ub + 3 * err
    # (the exact interval lies inside the inner one where eps_in >= eps_exact)
    eps_in = np.minimum(tol * (s_lb - 2 * err) - err, eps_exact)

    # only profiles alive at the widest tolerance matter: gather them, a few per draw
    live = live_profiles(payoffs, n_players=n, eps=eps_out)
    k = live.shape[1]
    m = max(int(live.sum(axis=1).max(initial=0)), 1)
    pick = np.argsort(~live, axis=1, kind="stable")[:, :m]
    live_c = np.take_along_axis(live, pick, axis=1)
    inner_is_exact = bool((eps_in == eps_exact).all())
    eps_list = [eps_exact, eps_out] if inner_is_exact else [eps_exact, eps_out, eps_in]
    found = [
        (np.where(live_c, low, np.inf), np.where(live_c, up, -np.inf))
        for low, up in compact_intervals(payoffs, pick, n_players=n, eps=eps_list)
    ]
    lower, upper = found[0]
    l_out, u_out = found[1]
    l_in, u_in = found[0] if inner_is_exact else found[2]

    # outcome probabilities of the picked profiles at both ends: (D, 2, m), summed over
    # the outcome set along the same axis as settlement_curves sums them
    n_out = probs.shape[2]
    at = (
        (np.arange(size)[:, None, None, None] * 2 + np.arange(2)[None, :, None, None]) * n_out
        + np.asarray(outcome_idx)[None, None, :, None]
    ) * k + pick[:, None, None, :]
    q = probs.reshape(-1)[at].sum(axis=2)
    crit, top, count = intervals_to_critical(
        lower, upper, q, bounds=bounds, level=level, selection=selection
    )

    # the grid: certain inside the inner interval, certainly not outside the outer one
    t = ((grid - lo) / width)[None, :, None]
    inside = (l_in[:, None, :] <= t) & (t <= u_in[:, None, :])
    unsure = (l_out[:, None, :] <= t) & (t <= u_out[:, None, :]) & ~inside
    if parameter_in_probabilities(scenario, parameter):
        on_grid: dict[str, Any] = {kk: np.asarray(v)[:, None] for kk, v in draws.items()}
        on_grid[parameter] = grid[None, :]
        grid_probs = scenario.outcome_probabilities(mode=mode, fix=fix, **on_grid)
        q_grid = grid_probs[:, :, outcome_idx].sum(axis=2).reshape(size, grid.size, k)
        q_c = np.take_along_axis(
            q_grid, np.broadcast_to(pick[:, None, :], (size, grid.size, m)), axis=2
        )
    else:
        q_c = q[:, :1]
    has = inside.any(axis=2)
    best = np.where(has, np.where(inside, q_c, -np.inf).max(axis=2), np.nan)
    worst = np.where(has, np.where(inside, q_c, np.inf).min(axis=2), np.nan)
    pairs = np.nonzero(unsure.any(axis=2))
    if pairs[0].size:
        # evaluate these (draw, grid value) pairs directly, as settlement_curves does
        sub: dict[str, Any] = {kk: np.asarray(v)[pairs[0]] for kk, v in draws.items()}
        sub[parameter] = grid[pairs[1]]
        sub_pay, sub_probs = scenario.evaluate(mode=mode, fix=fix, **sub)
        regrets, scale = profile_regrets(sub_pay, n)
        sub_mask = (regrets <= (tol * scale).reshape(scale.shape + (1,) * n)).reshape(-1, k)
        sub_q = sub_probs[:, outcome_idx].sum(axis=1).reshape(-1, k)
        sub_has = sub_mask.any(axis=1)
        best[pairs] = np.where(sub_has, np.where(sub_mask, sub_q, -np.inf).max(axis=1), np.nan)
        worst[pairs] = np.where(sub_has, np.where(sub_mask, sub_q, np.inf).min(axis=1), np.nan)
    return crit, top, count, best, worst
