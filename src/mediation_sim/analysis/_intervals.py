"""Exact pure-equilibrium intervals for payoffs affine in one parameter (private).

If every payoff is affine in a parameter ``theta`` on ``[lo, hi]``, write
``u(t) = u0 + t (u1 - u0)`` with ``t = (theta - lo) / (hi - lo)``. A pure
profile ``s`` is an equilibrium at ``t`` iff for every player ``i`` and
alternative ``a``

    g0 + t (g1 - g0) <= eps,   g = u_i(a, s_-i) - u_i(s),

which is one linear inequality in ``t``; their intersection is an interval
``[L_s, U_s]`` (possibly empty). All profiles, players and alternatives are
handled at once by broadcasting, for a whole batch of games. The equilibrium
map over the parameter then follows from interval arithmetic, with no grid.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = ["TIE_TOL", "affine_equilibrium_intervals", "difference", "level_intervals", "merge"]

#: Relative tolerance for exact ties in the exact method: deviation gains within
#: ``TIE_TOL * payoff_range`` of zero count as zero. It absorbs floating-point
#: noise only, so reported breakpoints are the mathematical ones (to ~1e-12),
#: not widened by a solver's ``tol``.
TIE_TOL = 1e-12

FloatArray = NDArray[np.float64]


def affine_equilibrium_intervals(
    u0: FloatArray, u1: FloatArray, *, n_players: int, eps: float | FloatArray
) -> tuple[FloatArray, FloatArray]:
    """For each pure profile, the interval of ``t`` in [0, 1] where it is an equilibrium.

    Parameters
    ----------
    u0, u1 : ndarray, shape (*batch, n_players, s_1, ..., s_n)
        Payoffs at ``t = 0`` and ``t = 1``.
    n_players : int
        Number of players.
    eps : float or ndarray of shape batch
        Absolute tolerance on each deviation gain.

    Returns
    -------
    (lower, upper) : ndarrays of shape (*batch, s_1, ..., s_n)
        ``lower > upper`` marks a profile that is never an equilibrium.
    """
    b = u0.ndim - n_players - 1
    eps_arr = np.asarray(eps, dtype=np.float64).reshape(np.shape(eps) + (1,) * (n_players + 1))
    lower = np.zeros(u0.shape[:b] + u0.shape[b + 1 :])
    upper = np.ones_like(lower)
    for i in range(n_players):
        ax = b + i  # player i's strategy axis in the per-player array
        v0 = np.take(u0, i, axis=b)
        v1 = np.take(u1, i, axis=b)
        # g[..., a, s_i, ...] = v[..., a, ...] - v[..., s_i, ...]
        g0 = np.expand_dims(v0, ax + 1) - np.expand_dims(v0, ax)
        g1 = np.expand_dims(v1, ax + 1) - np.expand_dims(v1, ax)
        slope = g1 - g0
        rhs = eps_arr - g0  # need slope * t <= rhs
        with np.errstate(divide="ignore", invalid="ignore"):
            bound = rhs / slope
        up = np.where(slope > 0, bound, np.inf)
        low = np.where(slope < 0, bound, -np.inf)
        never = (slope == 0) & (rhs < 0)
        low = np.where(never, np.inf, low)
        lower = np.maximum(lower, low.max(axis=ax))
        upper = np.minimum(upper, up.min(axis=ax))
    return lower, upper


def merge(intervals: Sequence[tuple[float, float]], gap: float = 0.0) -> list[tuple[float, float]]:
    """Union of closed intervals as a sorted list of disjoint closed intervals.

    Intervals that overlap, touch, or are at most ``gap`` apart are joined.
    """
    out: list[list[float]] = []
    for lo, hi in sorted(intervals):
        if lo > hi:
            continue
        if out and lo <= out[-1][1] + gap:
            out[-1][1] = max(out[-1][1], hi)
        else:
            out.append([lo, hi])
    return [(a, b) for a, b in out]


def difference(
    base: Sequence[tuple[float, float]], remove: Sequence[tuple[float, float]]
) -> list[tuple[float, float]]:
    """``base`` minus ``remove`` (both unions of closed intervals), endpoints kept.

    Closure at the endpoints is not tracked: at a breakpoint equilibria of both
    sides coexist, so the breakpoint is reported as belonging to both.
    """
    result = merge(base)
    for r_lo, r_hi in merge(remove):
        nxt: list[tuple[float, float]] = []
        for lo, hi in result:
            if r_hi <= lo or r_lo >= hi:
                nxt.append((lo, hi))
                continue
            if lo < r_lo:
                nxt.append((lo, r_lo))
            if r_hi < hi:
                nxt.append((r_hi, hi))
        result = nxt
    return result


def profile_intervals(
    lower: FloatArray, upper: FloatArray, select: NDArray[np.bool_] | None = None
) -> list[tuple[float, float]]:
    """The non-empty intervals of (optionally selected) profiles of one game."""
    ok = lower <= upper
    if select is not None:
        ok = ok & select
    lo: Any = lower[ok]
    hi: Any = upper[ok]
    return [(float(a), float(b)) for a, b in zip(lo, hi, strict=True)]


def level_intervals(
    p0: FloatArray, p1: FloatArray, level: float, *, below: bool = False
) -> tuple[FloatArray, FloatArray]:
    """Where (in ``t``) the affine ``p0 + t (p1 - p0)`` is at least ``level`` (or below it).

    Returns elementwise interval ends ``(lo, hi)``; ``lo > hi`` marks an empty
    set. The boundary point itself counts on both sides (measure zero).
    """
    slope = p1 - p0
    with np.errstate(divide="ignore", invalid="ignore"):
        cut = (level - p0) / slope
    reaches = p0 >= level - 1e-12
    if not below:
        lo = np.where(slope > 0, cut, np.where(reaches, 0.0, np.inf))
        hi = np.where(slope < 0, cut, np.where(slope > 0, 1.0, np.where(reaches, 1.0, -np.inf)))
    else:
        lo = np.where(
            slope > 0, -np.inf, np.where(slope < 0, cut, np.where(reaches, np.inf, -np.inf))
        )
        hi = np.where(
            slope > 0, cut, np.where(slope < 0, np.inf, np.where(reaches, -np.inf, np.inf))
        )
    return lo, hi
