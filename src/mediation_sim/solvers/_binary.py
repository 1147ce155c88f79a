r"""Every support of a game with two strategies per player, solved in one batch (private).

When every player has at most two strategies, write :math:`x_j` for the
probability of player :math:`j`'s second strategy. Player :math:`i`'s gain
from its second strategy over its first,

.. math:: g_i(x_{-i}) = \sum_{a_{-i}} \bigl(u_i(1, a_{-i}) - u_i(0, a_{-i})\bigr)
          \prod_{j \ne i} x_j^{a_j} (1 - x_j)^{1 - a_j},

is one multilinear function for *every* support profile: a support fixes
:math:`x_j \in \{0, 1\}` for the players that do not mix and asks
:math:`g_i = 0` with :math:`0 < x_i < 1` for those that do (and
:math:`g_i \le 0` at :math:`x_i = 0`, :math:`g_i \ge 0` at :math:`x_i = 1`).
So the boxes of all support profiles live in one space, with zero width
along the pure players' coordinates, and the branch and bound of
:mod:`._support_system` (interval exclusion, Krawczyk test, bisection) runs
on all of them at once: each level is a fixed number of array operations
however many supports are alive, instead of one Python loop per support.

The enclosures are the same as in :mod:`._support_system`: a multilinear
function takes its range on a box at the box's corners, and each corner
value is bounded rigorously (float value plus a bound on the rounding error
of the sum of products [Higham02]_). The Krawczyk operator of a box is
computed on the padded system in which a pure player's equation is
:math:`x_j - c_j = 0`; since the box is a point along those coordinates,
its mixing block is exactly the Krawczyk operator of the support's own
system, and the test is read on the mixing coordinates only.

A support whose boxes do not resolve (a box narrower than ``min_width``,
the box budget, or a single mixing player whose gain is zero within
rounding) is handed back to the caller, which solves it alone with
:class:`._support_system.SupportSystem` (epsilon inflation, singular roots,
sets of equilibria). So the batch only ever *speeds up* the supports it
settles; what it cannot settle is solved exactly as before.

Before the subdivision, the supports with two or three mixers that survive
the level-0 exclusion are solved in closed form (:mod:`._closed_form`,
exact integer arithmetic); their roots come back as boxes holding exactly
one root each (``RootBox.method == "closed form"``), and only the supports
it cannot settle enter the subdivision.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from ._closed_form import ExactGains, settle
from ._interval import _TINY, _U, down, imatmul, imatvec, isub, up
from ._support_system import RootBox

__all__ = ["BinaryBatch", "solve_binary"]

FloatArray = NDArray[np.float64]
Support = tuple[tuple[int, ...], ...]

_DELTA = 1.0 / 64.0
_KRAWCZYK_WIDTH = 0.3
_MAX_START_BOXES = 64
#: Most active players for the batch (2**m corners per box).
MAX_BINARY_PLAYERS = 7
#: Supports with at most this many mixers (2 or 3; below 2: none) are solved in closed form.
MAX_CLOSED_FORM = 3


@dataclass(slots=True)
class BinaryBatch:
    """Outcome of the batch: pruned supports, certified root boxes, supports left to the caller."""

    pruned: set[Support] = field(default_factory=set)
    roots: dict[Support, list[RootBox]] = field(default_factory=dict)
    fallback: set[Support] = field(default_factory=set)
    n_boxes: int = 0


class _Gains:
    """Rigorous corner enclosures of every player's gain and its derivatives."""

    def __init__(self, payoffs: FloatArray) -> None:
        m = payoffs.shape[0]
        self.m = m
        self.tensors: list[FloatArray] = []
        for i in range(m):
            d = np.take(payoffs[i], 1, axis=i) - np.take(payoffs[i], 0, axis=i)
            self.tensors.append(np.stack([d, np.abs(d)]))
        # Longest chain of roundings in one term (payoff difference, 1 - x, products,
        # summation), generously counted; the float value is within 4 gamma_k A.
        k = 8 + 4 * m + 2**m
        self.gamma = k * _U / (1.0 - k * _U)
        self.tiny = k * _TINY

    def _bound(
        self, value: FloatArray, total: FloatArray, factor: float
    ) -> tuple[FloatArray, FloatArray]:
        err = up(factor * self.gamma * total + self.tiny)
        return down(value - err), up(value + err)

    def points(self, x: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Enclosures of every gain at points ``x`` (P, m): two arrays (P, m)."""
        w = np.stack([1.0 - x, x], axis=-1)  # (P, m, 2)
        both = np.stack([w, np.abs(w)])[:, :, None]  # (2, P, 1 corner, m, 2)
        cw = [both[:, :, :, j, :] for j in range(self.m)]
        lo = np.empty_like(x)
        hi = np.empty_like(x)
        for i in range(self.m):
            t = self._corner_contract(i, cw)
            lo[:, i], hi[:, i] = self._bound(t[0, :, 0], t[1, :, 0], 4.0)
        return lo, hi

    def _corner_contract(self, i: int, cw: list[FloatArray]) -> FloatArray:
        """``[gain, |gain|]`` of player ``i`` at every corner of each box: shape ``(2, B, K)``.

        ``cw[j]`` holds player ``j``'s weights at the box's two ends,
        shape ``(2, B, c, 2)`` (value and absolute value; ``c`` corners, 1 or
        2; two strategies). Contracting one strategy axis at a time and
        appending that player's corner axis evaluates the gain at all
        ``K = prod(c)`` corners with ``O(K)`` work per box, instead of
        ``O(K * 2**(m - 1))`` for separate corner points. Each corner value
        is the same sum of products as a point evaluation (in another
        order), so :meth:`_bound` holds for it.
        """
        others = [j for j in range(self.m) if j != i]
        r = self.tensors[i][:, None, ..., None]  # (2, 1, a_o1, ..., a_oL, 1)
        for j in reversed(others):
            w = cw[j]
            shape = (2, w.shape[1]) + (1,) * (r.ndim - 4) + (1, w.shape[2])
            new = r[..., 0, :, None] * w[..., 0].reshape(shape)
            new += r[..., 1, :, None] * w[..., 1].reshape(shape)
            r = new.reshape(*new.shape[:-2], new.shape[-2] * new.shape[-1])
        batch = cw[0].shape[1]
        return np.broadcast_to(r, (2, batch, r.shape[-1]))

    def hull(self, lo: FloatArray, hi: FloatArray, jacobian: bool) -> tuple[FloatArray, FloatArray]:
        """Hull of the point enclosures over each box's corners.

        A multilinear function takes its range on a box at the corners.
        Player ``i``'s gain does not depend on ``x_i``, so only the others'
        corners are evaluated, all at once (:meth:`_corner_contract`); a
        coordinate without width (a pure player's) gives two equal corners.
        A derivative along ``x_k`` is the same contraction with ``k``'s
        weights replaced by ``(-1, 1)`` (absolute values ``(1, 1)``: exact
        multiplications, so the rounding bound gains only the one
        subtraction, factor 5); all of player ``i``'s derivatives are one
        contraction over ``m - 1`` stacked copies of the boxes.
        """
        m = self.m
        b = lo.shape[0]
        x = np.stack([lo, hi], axis=1)  # (B, 2 corners, m)
        w = np.stack([1.0 - x, x], axis=-1)  # (B, 2, m, 2 strategies)
        both = np.stack([w, np.abs(w)])  # (2, B, 2, m, 2)
        cw = [both[:, :, :, j, :] for j in range(m)]
        if not jacobian:
            out_lo = np.empty((b, m))
            out_hi = np.empty((b, m))
            for i in range(m):
                t = self._corner_contract(i, cw)
                vlo, vhi = self._bound(t[0], t[1], 4.0)
                out_lo[:, i] = vlo.min(axis=1)
                out_hi[:, i] = vhi.max(axis=1)
            return out_lo, out_hi
        jlo = np.zeros((b, m, m))
        jhi = np.zeros((b, m, m))
        deriv = np.array([[-1.0, 1.0], [1.0, 1.0]])[:, None, None, :]  # (2, 1, 1, 2)
        for i in range(m):
            ks = [k for k in range(m) if k != i]
            batched = [
                np.concatenate(
                    [np.broadcast_to(deriv, cw[j].shape) if j == k else cw[j] for k in ks],
                    axis=1,
                )
                for j in range(m)
            ]
            t = self._corner_contract(i, batched)  # (2, (m - 1) * B, K)
            vlo, vhi = self._bound(t[0], t[1], 5.0)
            jlo[:, i, ks] = vlo.min(axis=1).reshape(len(ks), b).T
            jhi[:, i, ks] = vhi.max(axis=1).reshape(len(ks), b).T
        return jlo, jhi


def solve_binary(
    payoffs: FloatArray, supports: list[Support], *, max_boxes: int, min_width: float
) -> BinaryBatch:
    """Solve the indifference systems of ``supports`` together.

    ``payoffs`` has shape ``(n, s_1, ..., s_n)`` with every ``s_j`` in {1, 2};
    ``supports`` are support profiles in which at least one player mixes.
    """
    out = BinaryBatch()
    n = payoffs.shape[0]
    active = [j for j in range(n) if payoffs.shape[1 + j] == 2]
    m = len(active)
    index = tuple(slice(None) if payoffs.shape[1 + j] == 2 else 0 for j in range(n))
    sub = payoffs[active][(slice(None), *index)]
    gains = _Gains(sub)
    n_sup = len(supports)
    mixing = np.zeros((n_sup, m), dtype=bool)
    fixed = np.zeros((n_sup, m))
    for s, support in enumerate(supports):
        for c, j in enumerate(active):
            if len(support[j]) == 2:
                mixing[s, c] = True
            else:
                fixed[s, c] = support[j][0]
    # Level 0: one box per support over the whole simplex (this is conditional
    # dominance for two-strategy players, proved by interval arithmetic).
    lo = np.where(mixing, -_DELTA, fixed)
    hi = np.where(mixing, 1.0 + 3 * _DELTA, fixed)
    sid = np.arange(n_sup)
    keep = _admissible(gains, lo, hi, mixing[sid], fixed[sid])
    out.n_boxes += n_sup
    alive = np.zeros(n_sup, dtype=bool)
    alive[sid[keep]] = True
    out.pruned = {supports[s] for s in np.flatnonzero(~alive)}
    dims = mixing.sum(axis=1)
    for s in np.flatnonzero(alive & (dims < 2)).tolist():
        out.fallback.add(supports[s])  # one mixer: its gain is constant, zero within rounding
    alive &= dims >= 2
    eye = np.eye(m)[None]
    found: list[tuple[int, FloatArray, FloatArray]] = []
    closed = np.zeros(n_sup, dtype=bool)
    small_ids = np.flatnonzero(alive & (dims <= MAX_CLOSED_FORM)).tolist()
    if small_ids:
        # Two or three mixers: roots in closed form, in exact integer arithmetic; a
        # support the closed form cannot settle stays in the subdivision.
        settled = settle(ExactGains(sub), mixing, fixed, small_ids)
        closed_roots = [(s, root) for s, roots in settled.items() for root in roots]
        if closed_roots:
            cid = np.array([s for s, _ in closed_roots])
            clo, chi = fixed[cid].copy(), fixed[cid].copy()
            for k, (s, root) in enumerate(closed_roots):
                clo[k, mixing[s]] = root.lo
                chi[k, mixing[s]] = root.hi
            cstrict = _strictness(gains, sub, clo, chi, mixing[cid], fixed[cid])
            for k, (s, root) in enumerate(closed_roots):
                out.roots.setdefault(supports[s], []).append(
                    RootBox(root.lo, root.hi, True, cstrict[k], "closed form")
                )
        for s in settled:
            out.roots.setdefault(supports[s], [])
            closed[s] = True
        alive &= ~closed
    # Starting grid per support (as in SupportSystem.solve).
    los, his, sids = [], [], []
    for s in np.flatnonzero(alive).tolist():
        d = int(dims[s])
        k = next((q for q in (4, 3, 2) if q**d <= _MAX_START_BOXES), 1)
        edges = np.linspace(-_DELTA, 1.0 + 3 * _DELTA, k + 1)
        cells = np.array(np.meshgrid(*[np.arange(k)] * d, indexing="ij")).reshape(d, -1).T
        cols = np.flatnonzero(mixing[s])
        blo = np.repeat(fixed[s][None], len(cells), axis=0)
        bhi = blo.copy()
        blo[:, cols] = edges[cells]
        bhi[:, cols] = edges[cells + 1]
        los.append(blo)
        his.append(bhi)
        sids.append(np.full(len(cells), s))
    if los:
        lo, hi, sid = np.concatenate(los), np.concatenate(his), np.concatenate(sids)
    else:
        lo, hi, sid = np.zeros((0, m)), np.zeros((0, m)), np.zeros(0, dtype=np.intp)
    counts = np.zeros(n_sup, dtype=np.int64)
    failed = np.zeros(n_sup, dtype=bool)
    while lo.shape[0]:
        counts += np.bincount(sid, minlength=n_sup)
        out.n_boxes += lo.shape[0]
        failed |= counts > max_boxes
        keep = ~failed[sid]
        lo, hi, sid = lo[keep], hi[keep], sid[keep]
        keep = _admissible(gains, lo, hi, mixing[sid], fixed[sid])
        lo, hi, sid = lo[keep], hi[keep], sid[keep]
        if not lo.shape[0]:
            break
        mix = mixing[sid]
        klo, khi = lo.copy(), hi.copy()
        empty = np.zeros(lo.shape[0], dtype=bool)
        inside = np.zeros(lo.shape[0], dtype=bool)
        narrow = (hi - lo).max(axis=1) <= _KRAWCZYK_WIDTH
        if narrow.any():
            nlo, nhi = _krawczyk(gains, lo[narrow], hi[narrow], mix[narrow], eye)
            nmix = mix[narrow]
            with np.errstate(invalid="ignore"):
                e = (((nlo > hi[narrow]) | (nhi < lo[narrow])) & nmix).any(axis=1)
                ins = (((nlo > lo[narrow]) & (nhi < hi[narrow])) | ~nmix).all(axis=1)
            empty[narrow], inside[narrow] = e, ins
            klo[narrow] = np.where(nmix, nlo, lo[narrow])
            khi[narrow] = np.where(nmix, nhi, hi[narrow])
        for row in np.flatnonzero(inside & ~empty):
            found.append((int(sid[row]), klo[row], khi[row]))
        rest = ~empty & ~inside
        lo = np.fmax(lo[rest], klo[rest])
        hi = np.fmin(hi[rest], khi[rest])
        sid = sid[rest]
        width = hi - lo
        small = width.max(axis=1) < min_width
        failed[sid[small]] = True
        keep = ~failed[sid]
        lo, hi, sid, width = lo[keep], hi[keep], sid[keep], width[keep]
        axis = width.argmax(axis=1)
        rows = np.arange(lo.shape[0])
        mid = 0.5 * (lo[rows, axis] + hi[rows, axis])
        lo2, hi1 = lo.copy(), hi.copy()
        hi1[rows, axis] = mid
        lo2[rows, axis] = mid
        lo = np.concatenate([lo, lo2])
        hi = np.concatenate([hi1, hi])
        sid = np.concatenate([sid, sid])
    for f in np.flatnonzero(failed):
        out.fallback.add(supports[f])
    for a in np.flatnonzero(alive & ~failed):
        out.roots[supports[a]] = []
    found = [f for f in found if not failed[f[0]]]
    if found:
        rid = np.array([f[0] for f in found])
        rlo, rhi, positive, strict = _classify(
            gains,
            sub,
            np.array([f[1] for f in found]),
            np.array([f[2] for f in found]),
            mixing[rid],
            fixed[rid],
            eye,
        )
        for r, s in enumerate(rid):
            cols = np.flatnonzero(mixing[s])
            out.roots[supports[s]].append(
                RootBox(rlo[r, cols], rhi[r, cols], positive[r], strict[r])
            )
    return out


def _classify(
    gains: _Gains,
    sub: FloatArray,
    lo: FloatArray,
    hi: FloatArray,
    mix: NDArray[np.bool_],
    fixed: FloatArray,
    eye: FloatArray,
) -> tuple[FloatArray, FloatArray, list[bool | None], list[bool | None]]:
    """Shrink certified boxes by Krawczyk steps, then decide their sign conditions.

    As :meth:`SupportSystem.classify`: ``positive`` is True when every mixing
    probability is positive on the box, ``strict`` when every pure player's
    other strategy is strictly worse on it (or never better, by exact
    comparison of payoffs against the others' supports); False when the
    opposite is proved, None when rounding cannot tell.
    """
    for _ in range(30):
        klo, khi = _krawczyk(gains, lo, hi, mix, eye)
        nlo = np.where(mix, np.fmax(lo, klo), lo)
        nhi = np.where(mix, np.fmin(hi, khi), hi)
        progress = (nhi - nlo).max(axis=1) < 0.9 * (hi - lo).max(axis=1)
        lo = np.where(progress[:, None], nlo, lo)
        hi = np.where(progress[:, None], nhi, hi)
        if not progress.any() or (hi - lo).max() < 1e-12:
            break
    positive: list[bool | None] = []
    for r in range(lo.shape[0]):
        cols = mix[r]
        if ((lo[r] > 0.0) & (hi[r] < 1.0))[cols].all():
            positive.append(True)
        elif ((hi[r] < 0.0) | (lo[r] > 1.0))[cols].any():
            positive.append(False)
        else:
            positive.append(None)
    return lo, hi, positive, _strictness(gains, sub, lo, hi, mix, fixed)


def _strictness(
    gains: _Gains,
    sub: FloatArray,
    lo: FloatArray,
    hi: FloatArray,
    mix: NDArray[np.bool_],
    fixed: FloatArray,
) -> list[bool | None]:
    """Whether every pure player's other strategy is strictly worse on each box.

    True when proved for every pure player, False when one is proved
    better, else None. Exactly: the other strategy's payoff is never higher
    and somewhere lower against the others' supports (comparisons of float
    payoffs are exact); the gain is multilinear, so it is then negative
    wherever every mixer mixes strictly (the boxes of interest lie inside
    the simplex). Otherwise the sign of the gain's interval enclosure on
    the box decides. (Never higher is not enough: a gain that vanishes on
    the whole face is not strict.)
    """
    glo, ghi = gains.hull(lo, hi, False)
    m = lo.shape[1]
    strict: list[bool | None] = []
    for r in range(lo.shape[0]):
        cols = mix[r]
        verdicts = []
        for i in np.flatnonzero(~cols):
            c = int(fixed[r, i])
            grid = tuple(
                slice(None)
                if j == i or mix[r, j]
                else slice(int(fixed[r, j]), int(fixed[r, j]) + 1)
                for j in range(m)
            )
            block = sub[i][grid]
            other, current = np.take(block, 1 - c, axis=i), np.take(block, c, axis=i)
            if (other <= current).all() and (other < current).any():
                continue  # never better, somewhere worse: proved exactly
            worse = ghi[r, i] < 0.0 if c == 0 else glo[r, i] > 0.0
            better = glo[r, i] > 0.0 if c == 0 else ghi[r, i] < 0.0
            verdicts.append(True if worse else (False if better else None))
        strict.append(
            True if all(v is True for v in verdicts) else (False if False in verdicts else None)
        )
    return strict


def _admissible(
    gains: _Gains, lo: FloatArray, hi: FloatArray, mix: NDArray[np.bool_], fixed: FloatArray
) -> NDArray[np.bool_]:
    """Boxes that interval arithmetic does not rule out."""
    glo, ghi = gains.hull(lo, hi, False)
    ok = np.where(mix, (glo <= 0.0) & (ghi >= 0.0) & (hi >= 0.0) & (lo <= 1.0), True)
    ok &= np.where(~mix & (fixed == 0.0), glo <= 0.0, True)
    ok &= np.where(~mix & (fixed == 1.0), ghi >= 0.0, True)
    return np.asarray(ok.all(axis=1))


def _krawczyk(
    gains: _Gains, lo: FloatArray, hi: FloatArray, mix: NDArray[np.bool_], eye: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Krawczyk operator of the padded systems (read on the mixing coordinates)."""
    y = 0.5 * (lo + hi)
    flo, fhi = gains.points(y)
    flo, fhi = np.where(mix, flo, 0.0), np.where(mix, fhi, 0.0)
    jlo, jhi = gains.hull(lo, hi, True)
    keepj = mix[:, :, None] & mix[:, None, :]
    jlo = np.where(keepj, jlo, eye)
    jhi = np.where(keepj, jhi, eye)
    with np.errstate(all="ignore"):
        inv: FloatArray = np.linalg.pinv(0.5 * (jlo + jhi)).astype(np.float64)
        yflo, yfhi = imatvec(inv, inv, flo, fhi)
        ylo, yhi = imatmul(inv, inv, jlo, jhi)
        mlo, mhi = down(eye - yhi), up(eye - ylo)
        dlo, dhi = isub(lo, hi, y, y)
        plo, phi = imatvec(mlo, mhi, dlo, dhi)
        klo = down(down(y - yfhi) + plo)
        khi = up(up(y - yflo) + phi)
    return klo, khi
