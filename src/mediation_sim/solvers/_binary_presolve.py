"""Supports of a two-strategy game pruned and solved in exact arithmetic before the batch.

Used by :func:`~mediation_sim.solvers.all_nash` (module ``_all_nash``) on games
whose active players have two strategies each: the batched solver's level-0
test, once for all supports (exactly when the payoffs are small integers);
the closed forms for two and three mixers (``_closed_form``) and the
elimination for four (``_closed_form4``); exact proof of rational roots.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np
from numpy.typing import NDArray

from ._binary import _DELTA as _LEVEL0_DELTA
from ._binary import _admissible, _Gains, _strictness
from ._closed_form import ExactGains, holds, settle_one
from ._closed_form4 import solve_four
from ._support_system import RootBox

__all__ = ["Presolved", "level0_exact", "presolve_binary"]

FloatArray = NDArray[np.float64]
Support = tuple[tuple[int, ...], ...]


@dataclass(slots=True)
class Presolved:
    """Supports of a two-strategy game settled exactly before the batch."""

    sub: FloatArray  # payoffs of the active players (two strategies each)
    active: list[int]
    pruned: set[Support] = field(default_factory=set)
    roots: dict[Support, list[RootBox]] = field(default_factory=dict)
    #: Per root, the rational root (mixing coordinates) when the closed form found one.
    rational: dict[Support, list[list[Fraction] | None]] = field(default_factory=dict)
    rest: list[Support] = field(default_factory=list)
    fgains: _Gains | None = None

    def float_gains(self) -> _Gains:
        if self.fgains is None:
            self.fgains = _Gains(self.sub)
        return self.fgains

    def rows(self, support: Support) -> tuple[NDArray[np.bool_], FloatArray]:
        """The support's mixing mask and fixed coordinates over the active players."""
        mixing = np.array([len(support[j]) == 2 for j in self.active])
        fixed = np.array(
            [0.0 if len(support[j]) == 2 else float(support[j][0]) for j in self.active]
        )
        return mixing, fixed


#: A gain's values at the two pure ends and at the level-0 box ends ``-1/64`` and
#: ``1 + 3/64`` (times 64), from its values at the pure ends.
_LEVEL0_EXTEND = np.array([[1.0, 0.0], [0.0, 1.0], [65.0, -1.0], [-3.0, 67.0]])
_LEVEL0_PLANS: dict[bytes, tuple[NDArray[np.intp], ...]] = {}


@functools.cache
def _extend_power(k: int) -> FloatArray:
    """The transposed ``k``-th Kronecker power of :data:`_LEVEL0_EXTEND` (cached, read-only)."""
    kron = np.ones((1, 1))
    for _ in range(k):
        kron = np.kron(kron, _LEVEL0_EXTEND)
    out = np.ascontiguousarray(kron.T)
    out.flags.writeable = False
    return out


def level0_plan(mixing: NDArray[np.bool_], fixed: FloatArray) -> tuple[NDArray[np.intp], ...]:
    """Index arrays of :func:`level0_exact` for one support list (cached).

    ``(first, second, corners)``: per player, the pure profiles where it
    plays its first and its second strategy (the others in order), as
    indices into the flattened payoffs ``sub.ravel()``; and per player and
    support the corners of the support's level-0 box in the flattened
    table of every player's extended gains (player ``i``'s row starts at
    ``i * 4**(m - 1)``; padded by repeating a corner).
    """
    key = mixing.tobytes() + fixed.tobytes() + bytes([mixing.shape[1]])
    if key not in _LEVEL0_PLANS:
        count, m = mixing.shape
        profiles = np.arange(2**m).reshape((2,) * m)
        first = np.array([np.take(profiles, 0, axis=i).ravel() for i in range(m)])
        second = np.array([np.take(profiles, 1, axis=i).ravel() for i in range(m)])
        corners = np.zeros((m, count, 2 ** (m - 1)), dtype=np.intp)
        for i in range(m):
            others = [j for j in range(m) if j != i]
            for s in range(count):
                ends = [[2, 3] if mixing[s, j] else [int(fixed[s, j])] for j in others]
                flat = [
                    sum(p * 4 ** (len(others) - 1 - k) for k, p in enumerate(corner))
                    for corner in itertools.product(*ends)
                ]
                corners[i, s] = flat + [flat[0]] * (2 ** len(others) - len(flat))
        # Flat indices: each player's row of the payoffs and of the extended gains.
        first += np.arange(m)[:, None] * 2**m
        second += np.arange(m)[:, None] * 2**m
        corners += np.arange(m)[:, None, None] * 4 ** (m - 1)
        if len(_LEVEL0_PLANS) > 16:
            _LEVEL0_PLANS.clear()
        _LEVEL0_PLANS[key] = (first, second, corners)
    return _LEVEL0_PLANS[key]


def level0_exact(
    sub: FloatArray, mixing: NDArray[np.bool_], fixed: FloatArray
) -> NDArray[np.bool_] | None:
    """The batch's level-0 test, decided exactly when the gains are small integers.

    A multilinear gain's range on a box is the hull of its corner values.
    Each player's gain is tabulated once at the pure ends and the level-0
    box ends of every other player (4 positions per axis: one product with
    a Kronecker power of :data:`_LEVEL0_EXTEND`); with integer gains below
    :math:`2^{53} / 70^{m - 1}` these float values are exact, and each
    support's corners are read from the table. None otherwise (the caller
    uses the rounded enclosures, which decide the same test).
    """
    at_one = fixed == 1.0
    return _level0(sub, level0_plan(mixing, fixed), ~mixing & at_one, ~mixing & ~at_one)


def _level0(
    sub: FloatArray,
    plan: tuple[NDArray[np.intp], ...],
    free_lo: NDArray[np.bool_],
    free_hi: NDArray[np.bool_],
) -> NDArray[np.bool_] | None:
    """:func:`level0_exact` with its plan, and where each gain's sign is free.

    A mixer's gain must take the value 0 on the box (its lower end at most
    0, its upper end at least 0); a pure player's gain must allow its
    strategy (upper end at least 0 at its second strategy: ``free_lo``,
    lower end at most 0 at its first: ``free_hi``).
    """
    m = sub.shape[0]
    first, second, corners = plan
    flat = sub.ravel()
    gains = flat[second] - flat[first]  # (m, 2**(m - 1)), exact
    if (gains != np.rint(gains)).any() or np.abs(gains).max() * 70.0 ** (m - 1) >= 2.0**53:
        return None
    values = (gains @ _extend_power(m - 1)).ravel()[corners]  # (m, supports, corners)
    lo, hi = values.min(axis=2).T, values.max(axis=2).T  # (supports, m)
    return np.asarray((((lo <= 0.0) | free_lo) & ((hi >= 0.0) | free_hi)).all(axis=1))


@dataclass(frozen=True, slots=True)
class _Plan:
    """What :func:`presolve_binary` derives from the shape and the support list alone."""

    active: list[int]
    index: tuple[slice | int, ...]
    mixing: NDArray[np.bool_]
    fixed: FloatArray
    free_lo: NDArray[np.bool_]
    free_hi: NDArray[np.bool_]
    level0: tuple[NDArray[np.intp], ...]
    #: Per support: its mixers (columns over the active players) and the flat
    #: index of its pure profile with every mixer at its first strategy.
    rows: list[tuple[Support, tuple[int, ...], int]]


@functools.lru_cache(maxsize=32)
def _plan(shape: tuple[int, ...], supports: tuple[Support, ...]) -> _Plan:
    n = shape[0]
    active = [j for j in range(n) if shape[1 + j] == 2]
    index = tuple(slice(None) if shape[1 + j] == 2 else 0 for j in range(n))
    mixing = np.array([[len(support[j]) == 2 for j in active] for support in supports])
    fixed = np.array([[float(support[j][-1]) for j in active] for support in supports])
    fixed[mixing] = 0.0
    m = len(active)
    weights = [1 << (m - 1 - j) for j in range(m)]  # as ExactGains.weights
    rows = []
    for support, mixes, ends in zip(supports, mixing.tolist(), fixed.tolist(), strict=True):
        cols = tuple(c for c, mix in enumerate(mixes) if mix)
        base = sum(w for w, f in zip(weights, ends, strict=True) if f == 1.0)
        rows.append((support, cols, base))
    at_one = fixed == 1.0
    free_lo, free_hi = ~mixing & at_one, ~mixing & ~at_one
    for array in (mixing, fixed, free_lo, free_hi):
        array.flags.writeable = False
    return _Plan(active, index, mixing, fixed, free_lo, free_hi, level0_plan(mixing, fixed), rows)


def presolve_binary(
    payoffs: FloatArray, supports: Sequence[Support], *, max_mixers: int, max_denominator: int
) -> Presolved:
    """Prune and solve, in exact arithmetic, the supports of a two-strategy game that allow it.

    Every support first goes through the batch's level-0 test (vectorised,
    the same enclosures, so the same supports are pruned). A support with one mixer
    that survives is left to the one-support search, as the batch leaves it;
    two or three mixers are solved in closed form (:mod:`._closed_form`),
    four by elimination (:mod:`._closed_form4`). A rational root is kept,
    with its exact value, only if every player's gain at it is right in
    exact arithmetic (:func:`._closed_form.holds`: so the caller certifies it
    without reconstructing it); the boxes of the others carry the batch's
    strictness verdict. Whatever is not settled goes to
    :attr:`Presolved.rest`, for the batch. Supports with more than
    ``max_mixers`` mixers go there directly, and so do rational roots with a
    denominator above ``max_denominator``.
    """
    plan = _plan(payoffs.shape, tuple(supports))
    active, mixing, fixed = plan.active, plan.mixing, plan.fixed
    # Read-only: nothing below writes to the payoffs.
    sub = (
        payoffs if len(active) == payoffs.shape[0] else payoffs[active][(slice(None), *plan.index)]
    )
    out = Presolved(sub, active)
    # The batch's level-0 test (one box per support over the whole simplex),
    # vectorised: the same rigorous enclosures, so the same supports are pruned.
    keep = _level0(sub, plan.level0, plan.free_lo, plan.free_hi)
    if keep is None:
        lo = np.where(mixing, -_LEVEL0_DELTA, fixed)
        hi = np.where(mixing, 1.0 + 3 * _LEVEL0_DELTA, fixed)
        keep = _admissible(out.float_gains(), lo, hi, mixing, fixed)
    pending: list[tuple[Support, int]] = []  # irrational roots that need a strictness verdict
    gains: ExactGains | None = None
    for s, ((support, cols, base), kept) in enumerate(zip(plan.rows, keep.tolist(), strict=True)):
        if not kept:
            out.pruned.add(support)
            continue
        if len(cols) < 2:
            continue  # a single mixer: left to the one-support search
        if len(cols) > max_mixers:
            out.rest.append(support)
            continue
        if gains is None:
            gains = ExactGains(sub)
        if len(cols) == 4:
            boxes = solve_four(gains, out.float_gains(), sub, base, mixing[s], fixed[s])
            if boxes is None:
                out.rest.append(support)
                continue
            out.roots[support] = boxes
            out.rational[support] = [None] * len(boxes)
            continue
        roots = settle_one(gains, base, cols)
        if roots is None:
            out.rest.append(support)
            continue
        boxes = []
        for r in roots:
            values = r.values
            if values is not None and not holds(gains, base, cols, values):
                continue  # a non-mixer gains by deviating, in exact arithmetic
            if values is not None and max(v.denominator for v in values) > max_denominator:
                values = None  # certified like a subdivision box (same rule as there)
            if values is None and len(cols) < len(active):
                pending.append((support, len(boxes)))
            boxes.append(RootBox(r.lo, r.hi, True, True, "closed form"))
            out.rational.setdefault(support, []).append(values)
        out.roots[support] = boxes
    if pending:
        # Rational roots were decided exactly above; the others get the batch's
        # verdict on whether a non-mixer's other strategy is strictly worse.
        waiting = [out.roots[support][k] for support, k in pending]
        pfix = np.array([out.rows(support)[1] for support, _ in pending])
        pmix = np.array([out.rows(support)[0] for support, _ in pending])
        plo, phi = pfix.copy(), pfix.copy()
        for row, box in enumerate(waiting):
            plo[row, pmix[row]], phi[row, pmix[row]] = box.lo, box.hi
        verdicts = _strictness(out.float_gains(), sub, plo, phi, pmix, pfix)
        for box, verdict in zip(waiting, verdicts, strict=True):
            box.strict = verdict
    return out
