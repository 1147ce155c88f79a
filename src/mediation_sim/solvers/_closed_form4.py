r"""Support systems of two-strategy games with four mixers, by elimination (private).

As in :mod:`._closed_form`, write :math:`x_j` for the probability of player
:math:`j`'s second strategy and :math:`g_i` for player :math:`i`'s gain
from it; four players mix, numbered 1 to 4 here, and :math:`g_i` is
multilinear in the other three probabilities and free of :math:`x_i`.

**Elimination.** Each equation is affine in each variable, so resultants
stay small. Write :math:`g_2 = A_2 + B_2 x_1`, :math:`g_3 = A_3 + B_3 x_1`,
:math:`g_4 = A_4 + B_4 x_1`; eliminating :math:`x_1`,

.. math:: h_3 = A_2 B_3 - A_3 B_2 = B_3 g_2 - B_2 g_3, \qquad
          h_4 = A_2 B_4 - A_4 B_2 = B_4 g_2 - B_2 g_4 .

Then :math:`x_2`: with :math:`g_1 = C_1 + E_1 x_2` and
:math:`h_k = C_k + E_k x_2`, :math:`r_k = C_1 E_k - C_k E_1` (:math:`k = 3, 4`),
polynomials in :math:`(x_3, x_4)` of degrees 2 and 3 in :math:`x_3`. Their
Sylvester resultant in :math:`x_3` (formal degrees 2 and 3) is a
polynomial :math:`R(x_4)` of degree at most 13. Each step is a
combination of the previous polynomials with polynomial multipliers, so
:math:`R` vanishes at the :math:`x_4` of every root of the system, whatever
the leading coefficients do (degenerate cases included). :math:`R` is
computed exactly: its values at :math:`x_4 = 0, \dots, 13` in Python
integers (the gains are integers after one common scaling, see
:class:`._closed_form.ExactGains`), then interpolation. Four of its 13
roots are extraneous (generically 9 roots remain, McKelvey and McLennan's
bound for four players with two strategies); they only add candidates.

**Slabs.** The real roots of :math:`R` in :math:`(0, 1)` are located in
floats (companion matrix) and enclosed in dyadic intervals of half-width
:math:`2^{-20}`; each interval is proved to hold a root by an exact sign
change of :math:`R`. Descartes' rule of signs (an exact Moebius transform
of :math:`R` onto an interval) bounds the number of roots in
:math:`(0, 1)`; while the bound exceeds the proved intervals (complex
roots near the axis inflate it), the region is split at an interval's end
or bisected, and a region whose bound is 1 with a sign change is bisected
down to a new interval. When every region's bound equals its proved
intervals, each interval holds exactly one root of :math:`R` and no root
lies outside them; each interval is then narrowed around its float root
(half-width :math:`2^{-36}` or :math:`2^{-28}`) where :math:`R` changes
sign across the narrower one.

**x3.** Every root has :math:`r_3(x_3, x_4) = 0`, a quadratic in
:math:`x_3` whose coefficients are cubics in :math:`x_4` (interpolated
exactly from four values). On each :math:`x_4` interval the coefficients
are enclosed (exact value at the dyadic midpoint plus a derivative bound)
and the quadratic formula, in outward-rounded interval arithmetic, gives
at most two :math:`x_3` intervals.

**Cells.** Every root of the system in the simplex therefore lies in a
cell: an :math:`x_3` interval times an :math:`x_4` interval, where
:math:`x_1 = -A_2 / B_2` and :math:`x_2 = -C_1 / E_1` are enclosed by
interval division (outward-rounded enclosures of :mod:`._binary`; where a
divisor may vanish, as at the extraneous roots, :math:`x_1` or
:math:`x_2` comes from :math:`g_4` or :math:`g_3` once the other is
known). Cells outside the simplex are dropped; each other cell is
proved, by the Krawczyk test on a box twice its size, to hold no root or
exactly one root of the system in that box. Roots of two boxes are
identified when one box's refined enclosure lies inside the other box
(then both boxes hold the same root, as each holds only one); boxes that
overlap without that are not decided. Any case not decided
(:math:`R \equiv 0`, a root of :math:`R` at 0 or 1, a double root, a
region whose bound stays above its proved roots, a leading coefficient
or discriminant of :math:`r_3` that may vanish, both divisors vanishing,
a cell the Krawczyk test cannot settle) returns None, and the caller
solves the support by interval subdivision as before.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
from numpy.typing import NDArray

from ._binary import _Gains, _krawczyk, _strictness
from ._closed_form import ExactGains
from ._interval import isub
from ._support_system import RootBox

__all__ = ["eliminant", "slabs", "solve_four"]

FloatArray = NDArray[np.float64]
Poly = list[int]

#: Degree bound of the eliminant (3 rows of degree 3, 2 rows of degree 2).
DEGREE = 13
#: Slab ends are integers over 2**_BITS (short integers keep the exact tests cheap).
_BITS = 22
#: Half-width of a slab, in units of 2**-_BITS (2**-20: float roots of R can be 1e-8 off).
_HALF = 4
#: Numerical roots with a larger imaginary part are not candidates.
_IMAG = 1e-6
#: Certified boxes wider than this get one more Krawczyk step.
_REFINE_WIDTH = 1e-13
#: Splits of (0, 1) (nested) before giving up on bounding the roots.
_MAX_DEPTH = 8


def _falling_table(d: int) -> list[Poly]:
    """Ascending coefficients of ``d! / k! * t (t - 1) ... (t - k + 1)`` for ``k = 0..d``."""
    out = []
    poly: Poly = [1]
    for k in range(d + 1):
        scale = math.factorial(d) // math.factorial(k)
        out.append([scale * c for c in poly])
        nxt = [0] * (len(poly) + 1)  # times (t - k)
        for j, c in enumerate(poly):
            nxt[j + 1] += c
            nxt[j] -= k * c
        poly = nxt
    return out


_FALLING = {DEGREE: _falling_table(DEGREE), 3: _falling_table(3)}


def _interpolate(values: list[int]) -> Poly:
    """Ascending coefficients of ``d!`` times the polynomial with these values at ``0..d``."""
    d = len(values) - 1
    forward = []
    for _ in range(d + 1):
        forward.append(values[0])
        values = [b - a for a, b in itertools.pairwise(values)]
    out = [0] * (d + 1)
    for k, f in enumerate(forward):
        if f:
            for j, c in enumerate(_FALLING[d][k]):
                out[j] += f * c
    return out


def _mobius(values: list[int]) -> list[int]:
    """Monomial coefficients of a multilinear function from its values at the 16 corners."""
    m = list(values)
    for bit in (1, 2, 4, 8):
        for s in range(16):
            if s & bit:
                m[s] -= m[s ^ bit]
    return m


def _coefficients(gains: ExactGains, base: int, cols: tuple[int, ...]) -> list[list[int]]:
    """Monomial coefficients of each mixer's gain; bit ``j`` of an index is ``cols[j]``."""
    corners = [tuple((t >> j) & 1 for j in range(4)) for t in range(16)]
    return [_mobius([gains.value(c, base, cols, bits) for bits in corners]) for c in cols]


def _det(rows: list[list[int]]) -> int:
    """Determinant of an integer matrix (Bareiss fraction-free elimination)."""
    a = [list(r) for r in rows]
    n = len(a)
    sign, prev = 1, 1
    for k in range(n - 1):
        if a[k][k] == 0:
            swap = next((i for i in range(k + 1, n) if a[i][k] != 0), None)
            if swap is None:
                return 0
            a[k], a[swap] = a[swap], a[k]
            sign = -sign
        for i in range(k + 1, n):
            for j in range(k + 1, n):
                a[i][j] = (a[i][j] * a[k][k] - a[i][k] * a[k][j]) // prev
        prev = a[k][k]
    return sign * a[n - 1][n - 1]


def _resultants(m: list[list[int]], t: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Coefficients (ascending in x3) of ``r_3`` and ``r_4`` at ``x_4 = t``.

    Roles 1-4 are bits 1, 2, 4, 8 of the indices of ``m``.
    """
    m0, m1, m2, m3 = m
    c1 = [m0[0] + t * m0[8], m0[4] + t * m0[12]]  # g_1 = C_1(x3) + E_1(x3) x2
    e1 = [m0[2] + t * m0[10], m0[6] + t * m0[14]]
    a2 = [m1[0] + t * m1[8], m1[4] + t * m1[12]]  # g_2 = A_2(x3) + B_2(x3) x1
    b2 = [m1[1] + t * m1[9], m1[5] + t * m1[13]]
    a30, a31 = m2[0] + t * m2[8], m2[2] + t * m2[10]  # g_3 = A_3(x2) + B_3(x2) x1
    b30, b31 = m2[1] + t * m2[9], m2[3] + t * m2[11]
    a40, a41 = [m3[0], m3[4]], [m3[2], m3[6]]  # g_4 = A_4(x2, x3) + B_4(x2, x3) x1
    b40, b41 = [m3[1], m3[5]], [m3[3], m3[7]]
    c3_0, c3_1 = a2[0] * b30 - b2[0] * a30, a2[1] * b30 - b2[1] * a30  # h_3 = C_3 + E_3 x2
    e3_0, e3_1 = a2[0] * b31 - b2[0] * a31, a2[1] * b31 - b2[1] * a31
    # h_4 = C_4 + E_4 x2 (degree 2 in x3)
    c4_0 = a2[0] * b40[0] - a40[0] * b2[0]
    c4_1 = a2[0] * b40[1] + a2[1] * b40[0] - a40[0] * b2[1] - a40[1] * b2[0]
    c4_2 = a2[1] * b40[1] - a40[1] * b2[1]
    e4_0 = a2[0] * b41[0] - a41[0] * b2[0]
    e4_1 = a2[0] * b41[1] + a2[1] * b41[0] - a41[0] * b2[1] - a41[1] * b2[0]
    e4_2 = a2[1] * b41[1] - a41[1] * b2[1]
    # r_3 = C_1 E_3 - C_3 E_1 (degree 2 in x3), r_4 = C_1 E_4 - C_4 E_1 (degree 3)
    f0 = c1[0] * e3_0 - c3_0 * e1[0]
    f1 = c1[0] * e3_1 + c1[1] * e3_0 - c3_0 * e1[1] - c3_1 * e1[0]
    f2 = c1[1] * e3_1 - c3_1 * e1[1]
    g0 = c1[0] * e4_0 - c4_0 * e1[0]
    g1 = c1[0] * e4_1 + c1[1] * e4_0 - c4_0 * e1[1] - c4_1 * e1[0]
    g2 = c1[0] * e4_2 + c1[1] * e4_1 - c4_1 * e1[1] - c4_2 * e1[0]
    g3 = c1[1] * e4_2 - c4_2 * e1[1]
    return (f0, f1, f2), (g0, g1, g2, g3)


def _value(m: list[list[int]], t: int) -> int:
    """The eliminant at ``x_4 = t``: the Sylvester resultant of ``r_3`` and ``r_4`` in x3."""
    (f0, f1, f2), (g0, g1, g2, g3) = _resultants(m, t)
    return _det(
        [
            [f2, f1, f0, 0, 0],
            [0, f2, f1, f0, 0],
            [0, 0, f2, f1, f0],
            [g3, g2, g1, g0, 0],
            [0, g3, g2, g1, g0],
        ]
    )


def eliminant(gains: ExactGains, base: int, cols: tuple[int, int, int, int]) -> Poly:
    """Ascending integer coefficients of a polynomial vanishing at ``x[cols[3]]`` of every root.

    ``base`` fixes the non-mixing players (as in :meth:`ExactGains.value`);
    ``cols`` are the four mixing players, the last one the variable kept.
    The polynomial is the eliminant times ``13!``; it may be identically zero.
    """
    return _eliminant(_coefficients(gains, base, cols))


def _eliminant(m: list[list[int]]) -> Poly:
    return _interpolate([_value(m, t) for t in range(DEGREE + 1)])


def _r3(m: list[list[int]]) -> list[Poly]:
    """``r_3``'s coefficients in x3 (ascending), each a polynomial in x4 (times 3!)."""
    rows = [_resultants(m, t)[0] for t in range(4)]
    return [_interpolate([row[k] for row in rows]) for k in range(3)]


def _iv(c: int, shift: int) -> tuple[float, float]:
    """A float interval holding ``c / 2**shift``."""
    f = c / (1 << shift) if shift else float(c)
    return math.nextafter(f, -math.inf), math.nextafter(f, math.inf)


def _imul(a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float]:
    p = (a[0] * b[0], a[0] * b[1], a[1] * b[0], a[1] * b[1])
    return math.nextafter(min(p), -math.inf), math.nextafter(max(p), math.inf)


def _iadd(a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float]:
    return math.nextafter(a[0] + b[0], -math.inf), math.nextafter(a[1] + b[1], math.inf)


def _x3_intervals(polys: list[Poly], slab: tuple[float, float]) -> list[tuple[float, float]] | None:
    """Enclosures of the real roots in x3 of ``r_3(., x4)`` for every ``x4`` in ``slab``.

    Every root of the system has ``r_3(x3, x4) = 0``. The quadratic's
    coefficients are enclosed on the slab (interval Horner), then its roots
    by the quadratic formula in outward-rounded interval arithmetic. None
    when the leading coefficient or the discriminant may vanish on the slab.
    """
    shift = max(0, max(abs(c).bit_length() for p in polys for c in p) - 400)
    # Centred form: f(x) in f(c) + f'(slab) (x - c), with f(c) exact (c is dyadic)
    # and f' by interval Horner, so the enclosure is as narrow as the slab allows.
    mid = (slab[0] + slab[1]) / 2  # exact: slab ends are short dyadics
    num, den = mid.as_integer_ratio()
    bits = den.bit_length() - 1  # mid = num / 2**bits exactly
    half = (slab[1] - slab[0]) / 2
    coeff = []
    for poly in polys:
        d = len(poly) - 1
        value = sum(c * num**k * (1 << (bits * (d - k))) for k, c in enumerate(poly))
        centre = _iv(value, shift + bits * d)
        deriv = [k * c for k, c in enumerate(poly)][1:] or [0]
        acc = _iv(deriv[-1], shift)
        for c in reversed(deriv[:-1]):
            acc = _iadd(_imul(acc, slab), _iv(c, shift))
        coeff.append(_iadd(centre, _imul(acc, (-half, half))))
    f0, f1, f2 = coeff
    if f2[0] <= 0.0 <= f2[1]:
        return None
    prod = _imul(_imul((4.0, 4.0), f0), f2)
    disc = _iadd(_imul(f1, f1), (-prod[1], -prod[0]))
    if disc[1] < 0.0:
        return []  # no real x3: no root of the system on this slab
    if disc[0] <= 0.0:
        return None
    root = (
        math.nextafter(math.sqrt(disc[0]), -math.inf),
        math.nextafter(math.sqrt(disc[1]), math.inf),
    )
    twice = _imul((2.0, 2.0), f2)
    out = []
    for top in (_iadd((-f1[1], -f1[0]), root), _iadd((-f1[1], -f1[0]), (-root[1], -root[0]))):
        q = (top[0] / twice[0], top[0] / twice[1], top[1] / twice[0], top[1] / twice[1])
        lo, hi = math.nextafter(min(q), -math.inf), math.nextafter(max(q), math.inf)
        if hi >= 0.0 and lo <= 1.0:
            out.append((lo, hi))
    return out


def _sign_at(poly: Poly, a: int, bits: int = _BITS) -> int:
    """Sign of ``poly(a / 2**bits)`` (exact)."""
    d = len(poly) - 1
    r = poly[d]
    scale = 1
    for i in range(d - 1, -1, -1):
        scale <<= bits
        r = r * a + poly[i] * scale
    return (r > 0) - (r < 0)


def _descartes(poly: Poly) -> int:
    """Descartes' bound on the number of roots in (0, 1): sign changes of the transformed poly."""
    q = poly[::-1]  # x**d p(1 / x), then shifted by one: (1 + y)**d p(1 / (1 + y))
    d = len(q) - 1
    for i in range(d):
        for j in range(d - 1, i - 1, -1):
            q[j] += q[j + 1]
    signs = [c > 0 for c in q if c]
    return sum(a != b for a, b in itertools.pairwise(signs))


#: Bits of the narrowed slabs' ends, and the half-widths tried (2**-k), narrowest first.
_FINE_BITS = 48
_FINE_HALVES = (36, 28)


def _narrow(poly: Poly, a: int, b: int, estimates: FloatArray) -> tuple[float, float]:
    """A narrower interval around the one root of ``poly`` in ``[a, b] / 2**_BITS``.

    The float root estimate inside gives candidates of half-width
    ``2**-36``, then ``2**-28``; one is kept when ``poly`` changes sign across
    it (it then holds the root, the only one), else the slab stays as it was.
    """
    one = 1 << _BITS
    inside = [r for r in estimates.tolist() if a / one <= r <= b / one]
    if len(inside) == 1:
        shift = _FINE_BITS - _BITS
        centre = round(inside[0] * (1 << _FINE_BITS))
        for half in _FINE_HALVES:
            lo = max(a << shift, centre - (1 << (_FINE_BITS - half)))
            hi = min(b << shift, centre + (1 << (_FINE_BITS - half)))
            if _sign_at(poly, lo, _FINE_BITS) * _sign_at(poly, hi, _FINE_BITS) < 0:
                return lo / (1 << _FINE_BITS), hi / (1 << _FINE_BITS)
    return a / one, b / one


def slabs(poly: Poly) -> list[tuple[float, float]] | None:
    """Disjoint intervals covering every root of ``poly`` in (0, 1); None if undecided.

    ``poly`` has ascending integer coefficients. None when it is identically
    zero, vanishes at 0 or 1, or the roots are not all proved enclosed.
    """
    while poly and poly[-1] == 0:
        poly = poly[:-1]
    if not poly or poly[0] == 0 or sum(poly) == 0:
        return None
    bound = _descartes(poly)
    if bound == 0:
        return []
    shift = max(0, max(abs(c).bit_length() for c in poly) - 900)
    floats = [c / (1 << shift) if shift else float(c) for c in poly]
    with np.errstate(all="ignore"):
        estimates = np.asarray(np.roots(floats[::-1]), dtype=np.complex128)
    roots = estimates.real.astype(np.float64)
    one = 1 << _BITS
    ends = sorted(
        (max(0, math.floor(r * one) - _HALF), min(one, math.ceil(r * one) + _HALF))
        for r in roots[(np.abs(estimates.imag) < _IMAG) & (roots > -0.01)]
        if r < 1.01
    )
    merged: list[list[int]] = []
    for a, b in ends:
        if a >= b:
            continue
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    proved = []
    for a, b in merged:
        sa, sb = _sign_at(poly, a), _sign_at(poly, b)
        if sa == 0 or sb == 0:
            return None
        if sa != sb:
            proved.append((a, b))  # a root inside, by the sign change
    # Descartes' bound counts complex roots near (0, 1) too: split (0, 1) at slab
    # ends (or midpoints, between slabs) until each region's bound equals the
    # number of proved slabs in it; then each of those holds exactly one root,
    # and the region no other, so each slab is narrowed around its float root.
    out = []
    stack: list[tuple[int, int, int | None, int]] = [(0, one, bound, 0)]
    while stack:
        a, b, count, depth = stack.pop()
        if count is None:
            count = _descartes(_restrict(poly, a, b))
        inside = [(c, d) for c, d in proved if a <= c and d <= b]
        if count == len(inside):
            out += [_narrow(poly, c, d, roots) for c, d in inside]
            continue
        if depth >= _MAX_DEPTH:
            return None
        cuts = [e for c, d in inside for e in (c, d) if a < e < b]
        if inside and not cuts:
            return None  # one slab fills the region, with more roots than proved
        if not inside and count == 1 and _sign_at(poly, a) * _sign_at(poly, b) < 0:
            # Exactly one root (the float roots missed it): bisect it down to a slab.
            sa = _sign_at(poly, a)
            while b - a > 2 * _HALF:
                mid = (a + b) // 2
                sm = _sign_at(poly, mid)
                if sm == 0:
                    return None
                a, b, sa = (a, mid, sa) if sm != sa else (mid, b, sm)
            out.append(_narrow(poly, a, b, roots))
            continue
        mid = (a + b) // 2
        if cuts:
            mid = min(cuts, key=lambda e: abs(e - mid))
        elif mid in {a, b} or _sign_at(poly, mid) == 0:
            return None
        stack += [(a, mid, None, depth + 1), (mid, b, None, depth + 1)]
    return sorted(out)


def _restrict(poly: Poly, a: int, b: int) -> Poly:
    """``poly(a' + (b' - a') x)`` times a positive constant, ``a' = a / 2**_BITS`` (same for b)."""
    d = len(poly) - 1
    width = b - a
    r = [poly[d]]
    scale = 1
    for i in range(d - 1, -1, -1):
        scale <<= _BITS
        nxt = [c * a for c in r] + [0]
        for j, c in enumerate(r):
            nxt[j + 1] += c * width
        nxt[0] += poly[i] * scale
        r = nxt
    return r


def _divide(
    alo: FloatArray, ahi: FloatArray, blo: FloatArray, bhi: FloatArray
) -> tuple[FloatArray, FloatArray, NDArray[np.bool_]]:
    """Enclosure of ``-a / b`` for interval arrays, and where it is valid (``0`` not in ``b``)."""
    valid = (blo > 0.0) | (bhi < 0.0)
    with np.errstate(all="ignore"):
        q = np.stack([alo / blo, alo / bhi, ahi / blo, ahi / bhi])
    return np.nextafter(-q.max(axis=0), -np.inf), np.nextafter(-q.min(axis=0), np.inf), valid


def _solve_for(
    fgains: _Gains,
    lo: FloatArray,
    hi: FloatArray,
    pairs: list[tuple[int, int]],
    rows: NDArray[np.bool_],
) -> list[NDArray[np.bool_]]:
    """Enclose ``x[var]`` on ``rows`` from ``g[eq] = 0`` for each ``(eq, var)``; where it succeeded.

    ``g[eq]`` is affine in ``x[var]``: ``a + b x[var]`` with ``a`` its value at
    ``x[var] = 0`` and ``b`` the value at 1 minus ``a``, both enclosed on the
    box; so every root in the box has ``x[var]`` in ``-a / b`` where ``b``
    excludes 0. The variables of all pairs are set together, so each ``g[eq]``
    must be free of the other pairs' variables.
    """
    idx = np.flatnonzero(rows)
    if not idx.size:
        return [rows.copy() for _ in pairs]
    zlo, zhi = lo[idx], hi[idx]
    olo, ohi = zlo.copy(), zhi.copy()
    for _, var in pairs:
        zlo[:, var] = zhi[:, var] = 0.0
        olo[:, var] = ohi[:, var] = 1.0
    glo, ghi = fgains.hull(np.concatenate([zlo, olo]), np.concatenate([zhi, ohi]), False)
    k = idx.size
    out = []
    for eq, var in pairs:
        alo, ahi = glo[:k, eq], ghi[:k, eq]
        blo, bhi = isub(glo[k:, eq], ghi[k:, eq], alo, ahi)
        xlo, xhi, valid = _divide(alo, ahi, blo, bhi)
        done = idx[valid]
        lo[done, var], hi[done, var] = xlo[valid], xhi[valid]
        got = np.zeros(rows.shape, dtype=bool)
        got[done] = True
        out.append(got)
    return out


def _quotient(
    num: tuple[int, int, int, int],
    den: tuple[int, int, int, int],
    s3: tuple[float, float],
    s4: tuple[float, float],
) -> tuple[float, float] | None:
    """Enclosure of ``-num / den`` on the cell ``s3 x s4``; None if ``den`` may vanish there.

    ``num`` and ``den`` are bilinear in ``(x3, x4)``, coefficients of
    ``1, x3, x4, x3 x4``; a bilinear function's range on a rectangle is the
    hull of its corner values, computed exactly (the cell's ends are dyadic),
    and the quotient of the two ranges is rounded outwards.
    """
    ratios = [v.as_integer_ratio() for v in (*s3, *s4)]
    scale = max(d for _, d in ratios)
    a3, b3, a4, b4 = (n * (scale // d) for n, d in ratios)
    nums, dens = [], []
    for u in (a3, b3):
        for v in (a4, b4):
            nums.append(((num[0] * scale + num[1] * u + num[2] * v) * scale) + num[3] * u * v)
            dens.append(((den[0] * scale + den[1] * u + den[2] * v) * scale) + den[3] * u * v)
    if min(dens) <= 0 <= max(dens):
        return None
    q = [a / b for a in (min(nums), max(nums)) for b in (min(dens), max(dens))]
    return math.nextafter(-max(q), -math.inf), math.nextafter(-min(q), math.inf)


def solve_four(
    gains: ExactGains,
    fgains: _Gains,
    sub: FloatArray,
    base: int,
    mixing: NDArray[np.bool_],
    fixed: FloatArray,
) -> list[RootBox] | None:
    """Every root, in the simplex, of one support with four mixers; None if undecided.

    ``mixing`` and ``fixed`` are the support's row over the active players
    (as in :mod:`._binary`); the boxes returned are over the mixing
    coordinates, each proved to hold exactly one root, the roots distinct,
    with ``positive`` and ``strict`` decided as in the batch. Roots on
    which a non-mixing player strictly gains may be left out.
    """
    cols = tuple(int(c) for c in np.flatnonzero(mixing))
    p1, p2, p3, p4 = cols
    coefficients = _coefficients(gains, base, cols)
    last = slabs(_eliminant(coefficients))
    if last is None:
        return None
    polys = _r3(coefficients)
    cells = []
    for slab in last:
        x3 = _x3_intervals(polys, slab)
        if x3 is None:
            return None
        cells += [(s, slab) for s in x3]
    if not cells:
        return []
    m = mixing.shape[0]
    n = len(cells)
    lo = np.repeat(fixed[None], n, axis=0)
    hi = lo.copy()
    lo[:, p3] = [s[0] for s, _ in cells]
    hi[:, p3] = [s[1] for s, _ in cells]
    lo[:, p4] = [t[0] for _, t in cells]
    hi[:, p4] = [t[1] for _, t in cells]
    lo[:, p1], hi[:, p1] = 0.0, 1.0
    lo[:, p2], hi[:, p2] = 0.0, 1.0
    # x1 from g_2 (free of x2) and x2 from g_1 (free of x1), in exact arithmetic;
    # where a divisor may vanish (the extraneous roots of R are such points),
    # from g_4 or g_3 once the other one is known.
    got1 = np.zeros(n, dtype=bool)
    got2 = np.zeros(n, dtype=bool)
    m0, m1 = coefficients[0], coefficients[1]
    for row, (s3, s4) in enumerate(cells):
        x1 = _quotient((m1[0], m1[4], m1[8], m1[12]), (m1[1], m1[5], m1[9], m1[13]), s3, s4)
        x2 = _quotient((m0[0], m0[4], m0[8], m0[12]), (m0[2], m0[6], m0[10], m0[14]), s3, s4)
        if x1 is not None:
            lo[row, p1], hi[row, p1] = x1
            got1[row] = True
        if x2 is not None:
            lo[row, p2], hi[row, p2] = x2
            got2[row] = True
    for eq in (p4, p3):
        got1 |= _solve_for(fgains, lo, hi, [(eq, p1)], got2 & ~got1)[0]
        got2 |= _solve_for(fgains, lo, hi, [(eq, p2)], got1 & ~got2)[0]
    if not (got1 & got2).all():
        return None
    mix = np.repeat(mixing[None], n, axis=0)
    fix = np.repeat(fixed[None], n, axis=0)
    # Cells with a coordinate outside [0, 1] hold no equilibrium; the Krawczyk
    # test below proves the others empty or holding one root each.
    keep = ((hi >= 0.0) & (lo <= 1.0)).all(axis=1)
    if not keep.any():
        return []
    lo, hi, mix, fix = lo[keep], hi[keep], mix[keep], fix[keep]
    mid, rad = 0.5 * (lo + hi), 0.5 * (hi - lo)
    blo = np.where(mix, np.fmin(lo, np.nextafter(mid - 2.0 * rad, -np.inf)), lo)
    bhi = np.where(mix, np.fmax(hi, np.nextafter(mid + 2.0 * rad, np.inf)), hi)
    eye = np.eye(m)[None]
    klo, khi = _krawczyk(fgains, blo, bhi, mix, eye)
    with np.errstate(invalid="ignore"):
        empty = (((klo > bhi) | (khi < blo)) & mix).any(axis=1)
        inside = (((klo > blo) & (khi < bhi)) | ~mix).all(axis=1)
    if not (empty | inside).all():
        return None
    ok = inside & ~empty
    if not ok.any():
        return []
    blo, bhi, mix, fix = blo[ok], bhi[ok], mix[ok], fix[ok]
    klo = np.where(mix, np.fmax(klo[ok], blo), blo)
    khi = np.where(mix, np.fmin(khi[ok], bhi), bhi)
    if (khi - klo).max() > _REFINE_WIDTH:
        # One more Krawczyk step: the width is squared, to rounding level.
        nlo, nhi = _krawczyk(fgains, klo, khi, mix, eye)
        klo = np.where(mix, np.fmax(klo, nlo), klo)
        khi = np.where(mix, np.fmin(khi, nhi), khi)
    rlo, rhi = klo, khi
    inner = ((rlo > 0.0) & (rhi < 1.0)) | ~mix
    outer = ((rhi < 0.0) | (rlo > 1.0)) & mix
    positive: list[bool | None] = [
        True if inner[r].all() else (False if outer[r].any() else None) for r in range(len(rlo))
    ]
    strict: list[bool | None] = (
        [True] * len(rlo) if mixing.all() else _strictness(fgains, sub, rlo, rhi, mix, fix)
    )
    kept: list[int] = []
    for r in range(rlo.shape[0]):
        same = False
        for q in kept:
            if ((rlo[r] > rhi[q]) | (rhi[r] < rlo[q])).any():
                continue  # disjoint enclosures: distinct roots
            if ((rlo[r] >= blo[q]) & (rhi[r] <= bhi[q])).all():
                same = True  # r's root lies in q's box, which holds one root only
                break
            return None
        if not same:
            kept.append(r)
    idx = list(cols)
    return [RootBox(rlo[r, idx], rhi[r, idx], positive[r], strict[r], "elimination") for r in kept]
