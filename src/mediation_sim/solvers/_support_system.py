r"""The indifference system of one support profile, solved by certified subdivision (private).

Fix a support profile :math:`S = (S_1, \dots, S_n)`. Player :math:`j` with
:math:`|S_j| \ge 2` *mixes*; write its probabilities on :math:`S_j` as
:math:`\sigma_j = (1 - \sum_l x_{jl}, x_{j1}, \dots)` with free variables
:math:`x_j \in \mathbb{R}^{|S_j| - 1}`. Player :math:`i`'s gain from pure
strategy :math:`k` over the first strategy :math:`k_0` of its support is

.. math:: g_{ik}(x) = \sum_{a_{-i} \in S_{-i}} (u_i(k, a_{-i}) - u_i(k_0, a_{-i}))
          \prod_{j \ne i} \sigma_j(a_j),

a polynomial of degree at most one in each player's block of variables.
An equilibrium with support exactly :math:`S` is a root of the square system
:math:`g_{ik} = 0` (:math:`i` mixing, :math:`k \in S_i \setminus k_0`) with
:math:`\sigma > 0` and :math:`g_{ik} \le 0` for :math:`k \notin S_i`.

The roots are found by branch and bound over boxes of :math:`x`
[Kearfott96]_:

1. Start from a uniform grid of boxes covering
   :math:`[-\delta, 1 + 3\delta]^d` (asymmetric, so that simple rational
   roots such as 1/2 do not fall on the planes between boxes).
2. Discard a box when interval evaluation proves that some equation has no
   zero in it, that some probability is negative throughout, or that some
   player gains strictly from a strategy outside the support throughout.
3. Apply the Krawczyk operator :math:`K(X) = y - Y g(y) + (I - Y g'(X))(X - y)`
   (:math:`y` the box's centre, :math:`Y` the inverse of the Jacobian at
   the centre, :math:`g'(X)` an interval enclosure of the Jacobian on the
   box). If :math:`K(X) \cap X = \emptyset` the box holds no root; if
   :math:`K(X)` lies in the interior of :math:`X`, the box holds exactly one
   root [Krawczyk69]_, [Moore77]_, which is certified.
4. Otherwise replace :math:`X` by :math:`X \cap K(X)` and bisect it along its
   widest side; boxes narrower than ``min_width`` are *unresolved* (a
   singular root or a positive-dimensional set of roots passes through
   them). Such boxes are then tested by epsilon inflation around
   Newton-refined points: a certified box that covers them resolves them.

Every bound is computed with the outward-rounded interval arithmetic of
:mod:`._interval`, so discarding and certifying are proofs about the exact
payoffs, not float heuristics. When no box is left unresolved, every root
of the system in the simplex has been found and certified.

References
----------
.. [Krawczyk69] R. Krawczyk, "Newton-Algorithmen zur Bestimmung von
   Nullstellen mit Fehlerschranken", *Computing* 4 (1969) 187-201.
.. [Moore77] R. E. Moore, "A test for existence of solutions to nonlinear
   systems", *SIAM J. Numer. Anal.* 14 (1977) 611-615.
.. [Kearfott96] R. B. Kearfott, *Rigorous Global Search: Continuous
   Problems*, Kluwer (1996).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from ._interval import _TINY, _U, Interval, down, imatmul, imatvec, imul, isub, isum, up

__all__ = ["RootBox", "SupportSolution", "SupportSystem"]

FloatArray = NDArray[np.float64]

#: Margin of the starting box around the probability simplex.
_DELTA = 1.0 / 64.0
#: Boxes wider than this are bisected without trying the Krawczyk test.
_KRAWCZYK_WIDTH = 0.3
#: Box widths at which the search looks for equilibria with a singular Jacobian.
_SINGULAR_CHECKS = (0.02, 1e-3, 1e-5)
#: Most boxes in the starting grid.
_MAX_START_BOXES = 64
#: Largest system dimension whose box enclosures use the 2**d corners.
_MAX_CORNER_DIM = 8


@dataclass(slots=True)
class RootBox:
    """A certified root: a box holding exactly one root, and what holds on the whole box."""

    lo: FloatArray
    hi: FloatArray
    positive: bool | None  # True: every support probability > 0 on the box; None: undecided
    strict: bool | None  # True: every outside strategy strictly worse on the box; None: undecided
    #: How the box was proved: "krawczyk", "closed form", "elimination" (exact, no
    #: Krawczyk test) or "elimination, krawczyk" (roots located by elimination).
    method: str = "krawczyk"

    @property
    def centre(self) -> FloatArray:
        """Midpoint of the box."""
        return 0.5 * (self.lo + self.hi)


@dataclass(slots=True)
class SupportSolution:
    """Outcome of the subdivision for one support profile."""

    roots: list[RootBox] = field(default_factory=list)
    unresolved_lo: list[FloatArray] = field(default_factory=list)
    unresolved_hi: list[FloatArray] = field(default_factory=list)
    n_boxes: int = 0
    exhausted: bool = False  # the box budget ran out before the search ended
    degenerate: bool = False  # an equilibrium with a singular Jacobian was met; search stopped
    samples: FloatArray | None = None  # equilibria sampled near the unresolved region

    @property
    def resolved(self) -> bool:
        """Whether every box was discarded or certified."""
        return not self.unresolved_lo and not self.exhausted and not self.degenerate


class SupportSystem:
    """Gains, equations and Jacobian of one support profile, in interval arithmetic.

    Parameters
    ----------
    payoffs : ndarray, shape (n, s_1, ..., s_n)
        The game's payoffs (exact floats).
    support : tuple of tuple of int
        Sorted support of each player.
    """

    def __init__(self, payoffs: FloatArray, support: tuple[tuple[int, ...], ...]) -> None:
        n = payoffs.shape[0]
        self.support = support
        self.mixed = [j for j in range(n) if len(support[j]) >= 2]
        self.offsets: dict[int, int] = {}
        d = 0
        for j in self.mixed:
            self.offsets[j] = d
            d += len(support[j]) - 1
        self.d = d
        self._others: list[list[int]] = []
        self._dmid: list[FloatArray] = []
        self._dstack: list[FloatArray] = []
        self._dlo: list[FloatArray] = []
        self._dhi: list[FloatArray] = []
        self._eq_rows: list[NDArray[np.intp]] = []
        self._ineq_rows: list[NDArray[np.intp]] = []
        proven: list[bool] = []
        for i in range(n):
            index: list[object] = []
            for j in range(n):
                if j == i:
                    index.append(slice(None))
                elif j in self.offsets:
                    index.append(np.asarray(support[j]))
                else:
                    index.append(support[j][0])
            sub = _take(payoffs[i], index, i)
            k0 = support[i][0]
            rows = [k for k in range(payoffs.shape[1 + i]) if k != k0]
            diff = sub[rows] - sub[k0]
            self._dmid.append(diff)
            self._dstack.append(np.stack([diff, np.abs(diff), np.abs(diff)]))
            self._dlo.append(down(diff))
            self._dhi.append(up(diff))
            self._others.append([j for j in self.mixed if j != i])
            own = set(support[i])
            self._eq_rows.append(
                np.array([r for r, k in enumerate(rows) if k in own], dtype=np.intp)
            )
            self._ineq_rows.append(
                np.array([r for r, k in enumerate(rows) if k not in own], dtype=np.intp)
            )
            # An outside strategy paying no more than some support strategy against
            # every profile of the others' supports can never be a profitable deviation
            # (exact float comparison): its inequality is proved once and for all.
            flat = sub.reshape(sub.shape[0], -1)
            inside = flat[list(support[i])]
            proven.extend(
                bool((flat[k][None, :] <= inside).all(axis=1).any()) for k in rows if k not in own
            )
        self._proven = np.array(proven, dtype=bool)
        self._scale = max(float(np.abs(payoffs).max()), 1.0)

    # ----------------------------------------------------------------- evaluation
    def sigma(self, lo: FloatArray, hi: FloatArray) -> dict[int, Interval]:
        """Enclosures of each mixing player's probabilities on its support, per box."""
        out: dict[int, Interval] = {}
        for j in self.mixed:
            a = self.offsets[j]
            b = a + len(self.support[j]) - 1
            slo, shi = isum(lo[:, a:b], hi[:, a:b], axis=1)
            first_lo, first_hi = down(1.0 - shi), up(1.0 - slo)
            out[j] = (
                np.concatenate([first_lo[:, None], lo[:, a:b]], axis=1),
                np.concatenate([first_hi[:, None], hi[:, a:b]], axis=1),
            )
        return out

    def _contract(self, i: int, sig: dict[int, Interval], skip: int | None = None) -> Interval:
        """Player ``i``'s gains contracted with every other mixing player except ``skip``."""
        others = self._others[i]
        tlo = self._dlo[i][None]
        thi = self._dhi[i][None]
        batch = next(iter(sig.values()))[0].shape[0]
        tlo = np.broadcast_to(tlo, (batch, *tlo.shape[1:]))
        thi = np.broadcast_to(thi, (batch, *thi.shape[1:]))
        for pos in range(len(others), 0, -1):
            j = others[pos - 1]
            if j == skip:
                continue
            shape = [batch] + [1] * (tlo.ndim - 1)
            shape[pos + 1] = len(self.support[j])
            slo = sig[j][0].reshape(shape)
            shi = sig[j][1].reshape(shape)
            plo, phi = imul(tlo, thi, slo, shi)
            tlo, thi = isum(plo, phi, axis=pos + 1)
        return tlo, thi

    def _contract_points(
        self, i: int, sig: dict[int, FloatArray], skip: int | None = None
    ) -> FloatArray:
        """Float contraction of ``[gain, |gain|, |gain|]`` with ``[sigma, |sigma|, |sigma| + rad]``.

        ``sig[j]`` has shape ``(3, B, m_j)``; the result ``(3, B, r[, m_skip])``.
        """
        others = self._others[i]
        batch = next(iter(sig.values())).shape[1]
        tensor = self._dstack[i]  # (3, r, m_o1, ..., m_oL)
        kept = [pos for pos, j in enumerate(others) if j == skip]
        summed = [pos for pos, j in enumerate(others) if j != skip]
        if not summed:  # nothing to contract: the gains themselves
            result = tensor[:, None]
            return np.broadcast_to(result, (3, batch, *result.shape[2:]))
        # Kept axis (if any) next to the gains' axis, then contract the others
        # last first: one batched matrix product, then multiply-and-sum steps,
        # with the points' axis last throughout (any summation order keeps
        # the error within the bound of _point_bound).
        tensor = np.moveaxis(tensor, [2 + p for p in kept], list(range(2, 2 + len(kept))))
        lead = tensor.shape[: 2 + len(kept)]
        sizes = [len(self.support[others[p]]) for p in summed]
        last = np.swapaxes(sig[others[summed[-1]]], 1, 2)  # (3, m, B)
        t = np.matmul(tensor.reshape(3, -1, sizes[-1]), last)
        t = t.reshape(*lead, *sizes[:-1], batch)
        for p, m in zip(reversed(summed[:-1]), reversed(sizes[:-1]), strict=True):
            w = np.swapaxes(sig[others[p]], 1, 2).reshape((3,) + (1,) * (t.ndim - 3) + (m, batch))
            t = (t * w).sum(axis=-2)
        return np.moveaxis(t, -1, 1)

    def _point_bound(self, t: FloatArray, i: int) -> Interval:
        """Rigorous enclosure from a point contraction (value, abs sum, inflated abs sum).

        With ``k`` the longest chain of roundings, the float value is within
        ``gamma_k * A`` of the exact contraction at the float probabilities
        (``A`` the sum of absolute terms), and the probabilities' own
        rounding moves it by at most ``A' - A`` (``A'`` computed with
        ``|sigma| + rad``) [Higham02]_; both sums are themselves computed
        with relative error ``gamma_k``, hence the factor 4.
        """
        sizes = [len(self.support[j]) for j in self._others[i]]
        k = 4 + 2 * len(sizes) + math.prod(sizes) + sum(sizes)
        gamma = k * _U / (1.0 - k * _U)
        err = up(np.maximum(t[2] - t[1], 0.0) + 4.0 * gamma * t[2] + k * _TINY)
        return down(t[0] - err), up(t[0] + err)

    def _point_sigma(self, x: FloatArray) -> dict[int, FloatArray]:
        sig = self.sigma(x, x)
        out = {}
        for j, (lo, hi) in sig.items():
            mid = 0.5 * (lo + hi)
            rad = up(np.maximum(hi - mid, mid - lo))
            out[j] = np.stack([mid, np.abs(mid), up(np.abs(mid) + rad)])
        return out

    def point_gains(self, x: FloatArray) -> tuple[Interval, Interval]:
        """Rigorous enclosures of the equations and outside gains at points ``x`` (B, d)."""
        sig = self._point_sigma(x)
        elo, ehi, glo, ghi = [], [], [], []
        for i in range(len(self.support)):
            lo, hi = self._point_bound(self._contract_points(i, sig), i)
            if i in self.offsets:
                elo.append(lo[:, self._eq_rows[i]])
                ehi.append(hi[:, self._eq_rows[i]])
            glo.append(lo[:, self._ineq_rows[i]])
            ghi.append(hi[:, self._ineq_rows[i]])
        return (
            (np.concatenate(elo, axis=1), np.concatenate(ehi, axis=1)),
            (np.concatenate(glo, axis=1), np.concatenate(ghi, axis=1)),
        )

    def point_jacobian(self, x: FloatArray) -> Interval:
        """Rigorous enclosure of the Jacobian at points ``x``, shape ``(B, d, d)``."""
        sig = self._point_sigma(x)
        batch = x.shape[0]
        jlo = np.zeros((batch, self.d, self.d))
        jhi = np.zeros((batch, self.d, self.d))
        for i in self.mixed:
            r0 = self.offsets[i]
            r1 = r0 + len(self.support[i]) - 1
            for j in self._others[i]:
                t = self._contract_points(i, sig, skip=j)[:, :, self._eq_rows[i], :]
                # d/dx_jl = column l minus column 0: value differences, abs sums added.
                diff = np.stack(
                    [
                        t[0, ..., 1:] - t[0, ..., :1],
                        t[1, ..., 1:] + t[1, ..., :1],
                        t[2, ..., 1:] + t[2, ..., :1],
                    ]
                )
                lo, hi = self._point_bound(diff, i)
                c0 = self.offsets[j]
                c1 = c0 + len(self.support[j]) - 1
                jlo[:, r0:r1, c0:c1] = lo
                jhi[:, r0:r1, c0:c1] = hi
        return jlo, jhi

    def gains(self, sig: dict[int, Interval]) -> tuple[Interval, Interval]:
        """Enclosures of the equations ``(B, d)`` and the outside gains ``(B, m)``."""
        elo, ehi, glo, ghi = [], [], [], []
        for i in range(len(self.support)):
            clo, chi = self._contract(i, sig)
            if i in self.offsets:
                elo.append(clo[:, self._eq_rows[i]])
                ehi.append(chi[:, self._eq_rows[i]])
            glo.append(clo[:, self._ineq_rows[i]])
            ghi.append(chi[:, self._ineq_rows[i]])
        return (
            (np.concatenate(elo, axis=1), np.concatenate(ehi, axis=1)),
            (np.concatenate(glo, axis=1), np.concatenate(ghi, axis=1)),
        )

    def jacobian(self, sig: dict[int, Interval]) -> Interval:
        """Enclosure of the Jacobian of the equations, shape ``(B, d, d)``."""
        batch = next(iter(sig.values()))[0].shape[0]
        jlo = np.zeros((batch, self.d, self.d))
        jhi = np.zeros((batch, self.d, self.d))
        for i in self.mixed:
            r0 = self.offsets[i]
            r1 = r0 + len(self.support[i]) - 1
            for j in self._others[i]:
                clo, chi = self._contract(i, sig, skip=j)
                clo, chi = clo[:, self._eq_rows[i], :], chi[:, self._eq_rows[i], :]
                dlo, dhi = isub(clo[:, :, 1:], chi[:, :, 1:], clo[:, :, :1], chi[:, :, :1])
                c0 = self.offsets[j]
                c1 = c0 + len(self.support[j]) - 1
                jlo[:, r0:r1, c0:c1] = dlo
                jhi[:, r0:r1, c0:c1] = dhi
        return jlo, jhi

    def _corners(self, lo: FloatArray, hi: FloatArray) -> FloatArray | None:
        """The ``2**d`` corners of each box, shape ``(B * 2**d, d)``; None when ``d`` is large."""
        if self.d > _MAX_CORNER_DIM:
            return None
        bits = (np.arange(2**self.d)[:, None] >> np.arange(self.d)[None, :]) & 1
        corners = np.where(bits[None].astype(bool), hi[:, None, :], lo[:, None, :])
        return corners.reshape(-1, self.d)

    def box_gains(self, lo: FloatArray, hi: FloatArray) -> tuple[Interval, Interval]:
        """Enclosures of the equations and outside gains on each box.

        Every gain is of degree at most one in each variable (a monomial takes
        one probability from each other player, and each probability is
        affine in that player's block), so its range on a box is attained at
        a corner: the hull of the corner enclosures is the exact range, up to
        rounding, and much tighter than the naive interval evaluation.
        """
        corners = self._corners(lo, hi)
        if corners is None:
            return self.gains(self.sigma(lo, hi))
        (elo, ehi), (glo, ghi) = self.point_gains(corners)
        b, m = lo.shape[0], 2**self.d
        return (
            (elo.reshape(b, m, -1).min(axis=1), ehi.reshape(b, m, -1).max(axis=1)),
            (glo.reshape(b, m, -1).min(axis=1), ghi.reshape(b, m, -1).max(axis=1)),
        )

    def box_jacobian(self, lo: FloatArray, hi: FloatArray) -> Interval:
        """Enclosure of the Jacobian on each box (corner hull, as in :meth:`box_gains`)."""
        corners = self._corners(lo, hi)
        if corners is None:
            return self.jacobian(self.sigma(lo, hi))
        jlo, jhi = self.point_jacobian(corners)
        b, m, d = lo.shape[0], 2**self.d, self.d
        return jlo.reshape(b, m, d, d).min(axis=1), jhi.reshape(b, m, d, d).max(axis=1)

    def residual(self, x: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Float equations and Jacobian at points ``x`` (B, d) (for Newton steps)."""
        (elo, ehi), _ = self.point_gains(x)
        jlo, jhi = self.point_jacobian(x)
        return 0.5 * (elo + ehi), 0.5 * (jlo + jhi)

    def krawczyk(self, lo: FloatArray, hi: FloatArray) -> Interval:
        """The Krawczyk operator of each box (an enclosure of every root in it, and more)."""
        y = 0.5 * (lo + hi)
        (flo, fhi), _ = self.point_gains(y)
        jlo, jhi = self.box_jacobian(lo, hi)
        with np.errstate(all="ignore"):
            inv: FloatArray = np.linalg.pinv(0.5 * (jlo + jhi)).astype(np.float64)
            yflo, yfhi = imatvec(inv, inv, flo, fhi)
            ylo, yhi = imatmul(inv, inv, jlo, jhi)
            eye = np.eye(self.d)[None]
            mlo, mhi = down(eye - yhi), up(eye - ylo)
            dlo, dhi = isub(lo, hi, y, y)
            plo, phi = imatvec(mlo, mhi, dlo, dhi)
            klo = down(down(y - yfhi) + plo)
            khi = up(up(y - yflo) + phi)
        return klo, khi

    # ----------------------------------------------------------------- search
    def _admissible(self, lo: FloatArray, hi: FloatArray) -> NDArray[np.bool_]:
        """Boxes that may hold an equilibrium (no interval test rules them out)."""
        sig = self.sigma(lo, hi)
        keep = np.ones(lo.shape[0], dtype=bool)
        for j in self.mixed:
            keep &= (sig[j][1] >= 0.0).all(axis=1)
        (elo, ehi), (glo, _) = self.box_gains(lo, hi)
        keep &= ((elo <= 0.0) & (ehi >= 0.0)).all(axis=1)
        keep &= (glo <= 0.0).all(axis=1)
        return keep

    def solve(self, *, max_boxes: int, min_width: float) -> SupportSolution:
        """Every root of the system in the simplex (certified), or the boxes left unresolved."""
        out = SupportSolution()
        # Start from a uniform grid of boxes narrow enough for the Krawczyk test:
        # one generation of many boxes costs less than the levels of bisection
        # needed to reach that width (the cost is per level, not per box).
        k: int = next((m for m in (4, 3, 2) if m**self.d <= _MAX_START_BOXES), 1)
        edges = np.linspace(-_DELTA, 1.0 + 3 * _DELTA, k + 1)
        cells = np.array(np.meshgrid(*[np.arange(k)] * self.d, indexing="ij")).reshape(self.d, -1).T
        lo = edges[cells]
        hi = edges[cells + 1]
        checks = [*_SINGULAR_CHECKS, -1.0]  # box widths at which to look for singular roots
        while lo.shape[0]:
            if out.n_boxes >= max_boxes:
                out.exhausted = True
                out.unresolved_lo.extend(lo)
                out.unresolved_hi.extend(hi)
                break
            out.n_boxes += lo.shape[0]
            keep = self._admissible(lo, hi)
            lo, hi = lo[keep], hi[keep]
            if not lo.shape[0]:
                break
            if (hi - lo).max() > _KRAWCZYK_WIDTH:
                klo, khi = lo, hi  # too wide for the test to succeed: bisect only
                empty: NDArray[np.bool_] = np.zeros(lo.shape[0], dtype=bool)
                inside: NDArray[np.bool_] = empty
            else:
                klo, khi = self.krawczyk(lo, hi)
                with np.errstate(invalid="ignore"):
                    empty = np.asarray(((klo > hi) | (khi < lo)).any(axis=1))
                    inside = np.asarray(((klo > lo) & (khi < hi)).all(axis=1))
            for row in np.flatnonzero(inside & ~empty):
                out.roots.append(self.classify(klo[row], khi[row]))
            rest = ~empty & ~inside
            lo = np.fmax(lo[rest], klo[rest])
            hi = np.fmin(hi[rest], khi[rest])
            narrow = lo.shape[0] and (hi - lo).max() < checks[0]
            if narrow and (checks := checks[1:]) and self._singular_equilibrium(lo, hi):
                out.degenerate = True
                out.samples = self.sample(lo, hi)
                break
            width = hi - lo
            small = width.max(axis=1) < min_width
            out.unresolved_lo.extend(lo[small])
            out.unresolved_hi.extend(hi[small])
            lo, hi, width = lo[~small], hi[~small], width[~small]
            axis = width.argmax(axis=1)
            rows = np.arange(lo.shape[0])
            mid = 0.5 * (lo[rows, axis] + hi[rows, axis])
            lo2, hi1 = lo.copy(), hi.copy()
            hi1[rows, axis] = mid
            lo2[rows, axis] = mid
            lo = np.concatenate([lo, lo2])
            hi = np.concatenate([hi1, hi])
        if out.unresolved_lo and not out.exhausted:
            self._inflate(out, min_width)
        return out

    def _inflate(self, out: SupportSolution, min_width: float) -> None:
        """Resolve tiny boxes by epsilon inflation around Newton-refined points.

        A root that lies on a face shared by two boxes is in the interior of
        neither, so the Krawczyk test fails on both however small they get.
        A box of radius ``r`` centred on the Newton-refined point is then
        tested instead; if it is certified (exactly one root) and covers an
        unresolved box, that box is resolved (its only possible root is the
        certified one).
        """
        lo = np.array(out.unresolved_lo)
        hi = np.array(out.unresolved_hi)
        x = 0.5 * (lo + hi)
        with np.errstate(all="ignore"):
            for _ in range(8):
                f, jac = self.residual(x)
                x = x - np.einsum("bij,bj->bi", np.linalg.pinv(jac), f)
        covered = np.zeros(lo.shape[0], dtype=bool)
        for k in range(lo.shape[0]):
            if covered[k] or not np.isfinite(x[k]).all():
                continue
            for radius in (4 * min_width, 64 * min_width):
                blo, bhi = x[k] - radius, x[k] + radius
                klo, khi = self.krawczyk(blo[None], bhi[None])
                if ((klo[0] > blo) & (khi[0] < bhi)).all():
                    inside = ((lo >= blo) & (hi <= bhi)).all(axis=1)
                    if inside[k]:
                        covered |= inside
                        root = self.classify(klo[0], khi[0])
                        if not any(np.abs(r.centre - root.centre).max() < 1e-9 for r in out.roots):
                            out.roots.append(root)
                        break
        out.unresolved_lo = list(lo[~covered])
        out.unresolved_hi = list(hi[~covered])

    def _newton(self, x: FloatArray, steps: int) -> FloatArray:
        """Gauss-Newton steps (minimum-norm, so points on a set of roots stay put)."""
        with np.errstate(all="ignore"):
            for _ in range(steps):
                f, jac = self.residual(x)
                x = x - np.einsum("bij,bj->bi", np.linalg.pinv(jac), f)
        return x

    def _equilibrium_points(self, x: FloatArray) -> tuple[NDArray[np.bool_], FloatArray]:
        """Which float points are equilibria (to rounding), and their float Jacobians."""
        f, jac = self.residual(x)
        _, (glo, ghi) = self.point_gains(x)
        sig = self.sigma(x, x)
        scale = self._scale
        ok = np.isfinite(x).all(axis=1) & (np.abs(f) <= 1e-9 * scale).all(axis=1)
        ok &= (0.5 * (glo + ghi) <= 1e-9 * scale).all(axis=1)
        for j in self.mixed:
            ok &= (sig[j][1] >= -1e-9).all(axis=1)
        return np.asarray(ok), jac

    def _singular_equilibrium(self, lo: FloatArray, hi: FloatArray) -> bool:
        """Whether Newton from some box centre ends at an equilibrium with a singular Jacobian."""
        pick = np.linspace(0, lo.shape[0] - 1, min(lo.shape[0], 8)).astype(int)
        x = self._newton(0.5 * (lo[pick] + hi[pick]), 12)
        ok, jac = self._equilibrium_points(x)
        if not ok.any():
            return False
        with np.errstate(all="ignore"):
            sv = np.linalg.svd(jac[ok], compute_uv=False)
        return bool((sv[:, -1] <= 1e-9 * np.maximum(sv[:, 0], self._scale)).any())

    def sample(self, lo: FloatArray, hi: FloatArray, n: int = 400) -> FloatArray:
        """Equilibria near the boxes: random points in them moved onto the roots by Newton."""
        rng = np.random.default_rng(0)
        rows = rng.integers(0, lo.shape[0], size=n)
        x = lo[rows] + rng.random((n, self.d)) * (hi[rows] - lo[rows])
        x = self._newton(x, 30)
        ok, _ = self._equilibrium_points(x)
        return x[ok]

    def classify(self, lo: FloatArray, hi: FloatArray) -> RootBox:
        """Shrink a certified box by Krawczyk steps until its sign conditions are decided."""
        lo, hi = lo[None].copy(), hi[None].copy()
        positive: bool | None = None
        strict: bool | None = None
        for _ in range(30):
            sig = self.sigma(lo, hi)
            pos_lo = np.concatenate([sig[j][0] for j in self.mixed], axis=1)
            pos_hi = np.concatenate([sig[j][1] for j in self.mixed], axis=1)
            _, (glo, ghi) = self.box_gains(lo, hi)
            positive = True if (pos_lo > 0).all() else (False if (pos_hi < 0).any() else None)
            open_ = ~self._proven
            strict = (
                True
                if (ghi[:, open_] < 0).all()
                else (False if (glo[:, open_] > 0).any() else None)
            )
            if positive is not None and strict is not None and (hi - lo).max() < 1e-12:
                break
            klo, khi = self.krawczyk(lo, hi)
            nlo, nhi = np.fmax(lo, klo), np.fmin(hi, khi)
            if (nhi - nlo).max() >= 0.9 * (hi - lo).max():
                break
            lo, hi = nlo, nhi
        return RootBox(lo[0], hi[0], positive, strict)


def _take(tensor: FloatArray, index: list[object], own: int) -> FloatArray:
    """``tensor`` restricted by ``index`` (slices, index arrays, ints), own axis moved first."""
    out = tensor
    for axis, ix in enumerate(index):
        if isinstance(ix, np.ndarray):
            out = np.take(out, ix, axis=axis)
    # Integer (singleton) indices last-to-first, so that axis numbers stay valid.
    remaining = list(range(len(index)))
    for axis in range(len(index) - 1, -1, -1):
        ix = index[axis]
        if isinstance(ix, int):
            out = np.take(out, ix, axis=axis)
            remaining.remove(axis)
    return np.moveaxis(out, remaining.index(own), 0)
