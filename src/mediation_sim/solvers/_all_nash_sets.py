"""Sets of equilibria and the layout of support vectors, for ``all_nash`` (private).

Where a support's indifference system is degenerate the equilibria with
that support are not isolated: :func:`single_mixer_vertices` finds the
extreme points of a polytope of equilibria by linear programming,
:func:`sample_unresolved` samples a curved set from the boxes the
subdivision could not resolve, and :func:`exact_point` replaces a point of
such a set by a nearby rational equilibrium proved in exact arithmetic.
:func:`full_vectors`, :class:`Layout` and :func:`sigma_from_x` move between
a support's variables and per-player probability vectors.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from fractions import Fraction

import numpy as np
from numpy.typing import NDArray

from ..games.normal_form import NormalFormGame
from ._exact import exact_conditions
from ._support_system import SupportSolution, SupportSystem

__all__ = [
    "Layout",
    "exact_point",
    "full_vectors",
    "sample_unresolved",
    "sigma_from_x",
    "single_mixer_vertices",
]

FloatArray = NDArray[np.float64]
Support = tuple[tuple[int, ...], ...]


def full_vectors(
    shape: Sequence[int], support: Support, sigma: Mapping[int, Sequence[float] | FloatArray]
) -> list[FloatArray]:
    """Per-player probability vectors of the reduced game from support probabilities."""
    vectors = []
    for j, s in enumerate(shape):
        v = [0.0] * s
        if j in sigma:
            for a, x in zip(support[j], sigma[j], strict=True):
                v[a] = float(x)
        else:
            v[support[j][0]] = 1.0
        vectors.append(np.array(v))
    return vectors


class Layout:
    """Where each mixing player's variables sit in ``x`` (as in :class:`SupportSystem`)."""

    def __init__(self, support: Support) -> None:
        self.support = support
        self.mixed = [j for j, s in enumerate(support) if len(s) >= 2]
        starts = itertools.accumulate([len(support[j]) - 1 for j in self.mixed], initial=0)
        self.offsets = dict(zip(self.mixed, starts, strict=False))


def sigma_from_x(system: SupportSystem | Layout, x: FloatArray) -> dict[int, FloatArray]:
    out = {}
    for j in system.mixed:
        a = system.offsets[j]
        b = a + len(system.support[j]) - 1
        out[j] = np.concatenate([[1.0 - x[a:b].sum()], x[a:b]])
    return out


def exact_point(payoffs: FloatArray, vectors: list[FloatArray]) -> list[FloatArray] | None:
    """A rational equilibrium at, or within 1e-4 of, ``vectors``, proved in exact arithmetic.

    Points of a set of equilibria are not isolated, so the interval test
    cannot certify them; but a set with rational structure (a polytope
    whose vertices come from linear programming, a segment on which one
    player's mixture is free) contains rational points near any of its
    points. Each probability is replaced by a rational approximation
    (denominators up to :math:`10^6`, then :math:`10^3`, then 100; the
    largest probability absorbs the rounding so that each player's sum is
    1) and the equilibrium conditions are checked exactly on the rational
    profile's own support. None when no such point passes.
    """
    for denominator in (10**6, 10**3, 10**2):
        fracs: list[list[Fraction]] = []
        for v in vectors:
            f = [Fraction(float(p)).limit_denominator(denominator) for p in v]
            top = int(np.argmax(v))
            f[top] = 1 - (sum(f, Fraction(0)) - f[top])
            if f[top] < 0:
                break
            fracs.append(f)
        else:
            moved = max(
                abs(float(a) - float(b)) for f, v in zip(fracs, vectors, strict=True)
                for a, b in zip(f, v, strict=True)
            )  # fmt: skip
            if moved > 1e-4:
                continue
            support = tuple(tuple(k for k, p in enumerate(f) if p > 0) for f in fracs)
            sigma = {j: [fracs[j][k] for k in s] for j, s in enumerate(support) if len(s) > 1}
            if exact_conditions(payoffs, support, sigma):
                return [np.array([float(p) for p in f]) for f in fracs]
    return None


def single_mixer_vertices(
    reduced: NormalFormGame, support: Support, bound: float
) -> list[list[FloatArray]] | None:
    """Vertices of a polytope of equilibria in which one player mixes, by linear programming.

    When only player ``i`` mixes, its indifference equations do not depend on
    any variable; if they hold exactly, the equilibria with this support form
    the polytope of mixtures on ``S_i`` under which no other player gains by
    deviating (linear inequalities). Its extreme points along each
    coordinate (HiGHS) are returned; None when the case does not apply.
    """
    from scipy.optimize import linprog

    payoffs = reduced.payoffs
    mixers = [j for j, s in enumerate(support) if len(s) > 1]
    if len(mixers) != 1:
        return None
    i = mixers[0]
    base = [s[0] for s in support]
    own = list(support[i])

    def column(player: int, strategy: int) -> FloatArray:
        """``player``'s payoff when it plays ``strategy``, for each of i's support strategies."""
        values = []
        for a in own:
            index = list(base)
            index[i] = a
            index[player] = strategy if player != i else index[player]
            values.append(float(payoffs[(player, *index)]))
        return np.array(values)

    own_values = []
    for k in range(reduced.shape[i]):
        index = list(base)
        index[i] = k
        own_values.append(float(payoffs[(i, *index)]))
    if any(own_values[k] != own_values[own[0]] for k in own):
        return None  # not an exact tie: no set of equilibria here
    rows = [
        column(j, k) - column(j, base[j])
        for j in range(reduced.n_players)
        if j != i
        for k in range(reduced.shape[j])
        if k != base[j]
    ]
    a_ub = np.array(rows) if rows else None
    b_ub = np.zeros(len(rows)) if rows else None
    points: list[list[FloatArray]] = []
    for target in range(len(own)):
        for sign in (1.0, -1.0):
            cost = np.zeros(len(own))
            cost[target] = sign
            res = linprog(
                cost, A_ub=a_ub, b_ub=b_ub, A_eq=np.ones((1, len(own))), b_eq=[1.0],
                bounds=[(0.0, 1.0)] * len(own), method="highs",
            )  # fmt: skip
            if res.status != 0 or res.x is None:
                return [] if res.status == 2 else None  # infeasible: no equilibrium here
            sigma = np.clip(np.asarray(res.x, dtype=np.float64), 0.0, None)
            vectors = full_vectors(reduced.shape, support, {i: sigma / sigma.sum()})
            if reduced.regret(vectors) <= bound and not any(
                max(np.abs(v - w).max() for v, w in zip(vectors, p, strict=True)) < 1e-9
                for p in points
            ):
                points.append(vectors)
    return points


def sample_unresolved(
    reduced: NormalFormGame, system: SupportSystem, solution: SupportSolution, bound: float
) -> list[list[FloatArray]]:
    """Equilibria near unresolved boxes (Gauss-Newton from random points), reduced to extremes."""
    if solution.samples is not None:
        x = solution.samples
    else:
        x = system.sample(np.array(solution.unresolved_lo), np.array(solution.unresolved_hi))
    points = []
    for row in x:
        if not np.isfinite(row).all():
            continue
        sigma = sigma_from_x(system, row)
        if min(float(v.min()) for v in sigma.values()) < -1e-9:
            continue
        sigma = {j: np.clip(v, 0.0, None) / np.clip(v, 0.0, None).sum() for j, v in sigma.items()}
        vectors = full_vectors(reduced.shape, system.support, sigma)
        if reduced.regret(vectors) <= bound:
            points.append(vectors)
    if len(points) <= 1:
        return points
    flat = np.array([np.concatenate(p) for p in points])
    if (flat.max(axis=0) - flat.min(axis=0)).max() <= 1e-6:
        return points[:1]
    keep = sorted({int(k) for k in np.concatenate([flat.argmin(axis=0), flat.argmax(axis=0)])})
    return [points[k] for k in keep]
