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
lies outside them. Each is then narrowed to width :math:`2^{-89}` around
its root (Newton's method in exact arithmetic, then an exact sign change
across the narrow interval).

**x3.** Every root has :math:`r_3(x_3, x_4) = 0`, a quadratic in
:math:`x_3` whose coefficients are cubics in :math:`x_4` (interpolated
exactly from four values). On each slab the coefficients are enclosed
(exact value at the dyadic midpoint plus a derivative bound) and the
quadratic formula, in outward-rounded interval arithmetic, followed by
two interval Newton steps, encloses its two roots (two *branches*).

**Algebraic certificate.** On a slab where :math:`r_3`'s leading
coefficient :math:`f_2` and its discriminant do not vanish, Poisson's
formula :math:`R(x_4) = f_2^3\, r_4(a_1, x_4)\, r_4(a_2, x_4)` (the
:math:`a_k` the roots of :math:`r_3(\cdot, x_4)`) shows that at the
slab's root :math:`t` of :math:`R`, :math:`r_4` vanishes at one of the two
real branches. When the branches are disjoint and :math:`r_4`'s enclosure
on one branch's cell excludes 0, the other cell holds exactly one common
root of :math:`r_3` and :math:`r_4`, and nothing else where both vanish.
Where :math:`B_2` and :math:`E_1` do not vanish on that cell (checked
exactly: they are bilinear in :math:`(x_3, x_4)`, so their ranges are the
hulls of their corner values), :math:`x_1 = -A_2 / B_2` and
:math:`x_2 = -C_1 / E_1` make :math:`g_1 = g_2 = 0`, and
:math:`h_3 = -B_2 g_3`, :math:`r_3 = -E_1 h_3` (the same for 4) give
:math:`g_3 = g_4 = 0`: the cell, with those two ranges, is a box holding
exactly one root of the system. Where a divisor may vanish (the
extraneous roots of :math:`R` are such points: :math:`A_2 = B_2 = 0` or
:math:`C_1 = E_1 = 0` there), the missing coordinate is enclosed from
:math:`g_3` or :math:`g_4` given the other, and the cell is proved empty
when that range leaves [0, 1] or some gain's exact range on the box
excludes 0. Boxes from different slabs are disjoint, so the roots are
distinct.

**Krawczyk fallback.** A slab the certificate does not settle (both
cells may hold the common root, overlapping branches, a divisor that may
vanish on a cell not proved empty, a box wider than :math:`10^{-12}`) is
widened by :math:`2^{-40}` inside its isolating interval; each branch's
cell there, with :math:`x_1` and :math:`x_2` enclosed as above or from
:math:`g_4` or :math:`g_3`, is proved by the Krawczyk test on a box twice
its size to hold no root or exactly one. Roots of two boxes are
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
from fractions import Fraction

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
    weights = [gains.weights[c] for c in cols]
    flat = [base + sum(w for j, w in enumerate(weights) if t >> j & 1) for t in range(16)]
    return [_mobius([gains.table[c][k] for k in flat]) for c in cols]


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


def _sylvester(f: tuple[int, ...], g: tuple[int, ...]) -> int:
    r"""Sylvester resultant of a quadratic ``f`` and a cubic ``g`` (ascending, formal degrees).

    With ``f2 != 0``: the pseudo-remainder ``f2**2 g = q f + (p x + q0)``
    and :math:`\operatorname{Res}(f, g) = f_2^3 \prod_{f(a) = 0} g(a)
    = (p^2 f_0 - p q_0 f_1 + q_0^2 f_2) / f_2^2`, an exact division (the
    resultant is a polynomial in the coefficients). Otherwise the 5 x 5
    determinant, by fraction-free elimination.
    """
    f0, f1, f2 = f
    g0, g1, g2, g3 = g
    if f2:
        p = g3 * f1 * f1 + f2 * (f2 * g1 - g3 * f0 - g2 * f1)
        q0 = g3 * f1 * f0 + f2 * (f2 * g0 - g2 * f0)
        return (p * p * f0 - p * q0 * f1 + q0 * q0 * f2) // (f2 * f2)
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
    return _eliminate(_coefficients(gains, base, cols))[0]


def _eliminate(m: list[list[int]]) -> tuple[Poly, list[Poly], list[Poly]]:
    """The eliminant, and the coefficients in x3 (ascending) of ``r_3`` and ``r_4``.

    The latter are polynomials in x4 (times 3!) of degree at most 3
    (``r_4``'s at most 2), so their first four values determine them.
    """
    rows = [_resultants(m, t) for t in range(DEGREE + 1)]
    poly = _interpolate([_sylvester(*row) for row in rows])
    r3 = [_interpolate([row[0][k] for row in rows[:4]]) for k in range(3)]
    r4 = [_interpolate([row[1][k] for row in rows[:4]]) for k in range(4)]
    return poly, r3, r4


def _iv(c: int, shift: int) -> tuple[float, float]:
    """A float interval holding ``c / 2**shift``."""
    f = c / (1 << shift) if shift else float(c)
    return math.nextafter(f, -math.inf), math.nextafter(f, math.inf)


def _imul(a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float]:
    p = (a[0] * b[0], a[0] * b[1], a[1] * b[0], a[1] * b[1])
    return math.nextafter(min(p), -math.inf), math.nextafter(max(p), math.inf)


def _iadd(a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float]:
    return math.nextafter(a[0] + b[0], -math.inf), math.nextafter(a[1] + b[1], math.inf)


def _enclose(polys: list[Poly], lo: int, hi: int, bits: int) -> list[tuple[float, float]]:
    """Enclosures of integer polynomials (ascending, in x4) over ``[lo, hi] / 2**bits`` in [0, 1].

    Mean-value form: ``f(x)`` lies in ``f(c) +- max|f'| h``, with ``f(c)``
    exact at the midpoint ``c`` (dyadic), ``h`` the half-width and
    ``max|f'|`` on [0, 1] at most the sum of ``k |c_k|``. All are scaled by
    one power of two (a positive factor) to keep the floats finite.
    """
    shift = max(0, max(abs(c).bit_length() for p in polys for c in p) - 400)
    num, bits = lo + hi, bits + 1  # the midpoint, num / 2**bits
    half = math.nextafter((hi - lo) / (1 << bits), math.inf)
    out = []
    for poly in polys:
        d = len(poly) - 1
        value = sum(c * num**k * (1 << (bits * (d - k))) for k, c in enumerate(poly))
        low, high = _iv(value, shift + bits * d)
        slope = _iv(sum(k * abs(c) for k, c in enumerate(poly)), shift)[1]
        err = math.nextafter(slope * half, math.inf)
        out.append((math.nextafter(low - err, -math.inf), math.nextafter(high + err, math.inf)))
    return out


def _outer(lo: int, hi: int, bits: int) -> tuple[float, float]:
    """A float interval holding ``[lo, hi] / 2**bits`` (int division rounds correctly)."""
    return (
        math.nextafter(lo / (1 << bits), -math.inf),
        math.nextafter(hi / (1 << bits), math.inf),
    )


#: Bits of the ends of the slabs that the algebraic certificate narrows further.
_EXACT_BITS = 96
#: Half-widths tried there (2**-k), narrowest first.
_EXACT_HALVES = (90, 80, 70)


def _fine(poly: Poly, a: int, b: int, estimates: FloatArray) -> tuple[int, int]:
    """A sub-interval of ``[a, b] / 2**_BITS`` (exactly one root of ``poly``) still holding it.

    Newton's method in exact arithmetic from the float root estimate inside
    (the midpoint if there is none or several), then the narrowest of
    half-widths ``2**-90``, ``2**-80``, ``2**-70`` around the result across
    which ``poly`` changes sign (exact signs). Ends are integers over
    ``2**_EXACT_BITS``; the whole slab when no candidate changes sign.
    """
    one = 1 << _BITS
    shift = _EXACT_BITS - _BITS
    first, last = a << shift, b << shift
    inside = [r for r in estimates.tolist() if a / one <= r <= b / one]
    centre = round(inside[0] * (1 << _EXACT_BITS)) if len(inside) == 1 else (first + last) // 2
    for _ in range(4):
        step = _newton(poly, centre, _EXACT_BITS)
        centre = min(last, max(first, centre - step))
        if abs(step) <= 1:
            break
    for half in _EXACT_HALVES:
        lo = max(first, centre - (1 << (_EXACT_BITS - half)))
        hi = min(last, centre + (1 << (_EXACT_BITS - half)))
        if _sign_at(poly, lo, _EXACT_BITS) * _sign_at(poly, hi, _EXACT_BITS) < 0:
            return lo, hi
    return first, last


def _x3_branches(
    coefficients: list[tuple[float, float]],
) -> list[tuple[float, float]] | None:
    """Enclosures of the two real roots in x3 of ``r_3(., x4)``, for every ``x4`` in ``slab``.

    Every root of the system has ``r_3(x3, x4) = 0``. Given the quadratic's
    coefficients enclosed on the slab (:func:`_enclose`), its roots are
    enclosed by the quadratic formula in outward-rounded interval
    arithmetic, then narrowed by two interval Newton steps: one
    interval per branch (not clipped to [0, 1]), or ``[]`` when the
    discriminant is negative on the whole slab (no real x3). None when the
    leading coefficient or the discriminant may vanish on the slab.
    """
    f0, f1, f2 = coefficients
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
        branch = _idiv(top, twice)
        for _ in range(2):
            # Interval Newton steps: every root in the branch lies in m - q(m) / q'(branch).
            m = 0.5 * (branch[0] + branch[1])
            value = _iadd(_imul(_iadd(_imul(f2, (m, m)), f1), (m, m)), f0)
            slope = _iadd(_imul(twice, branch), f1)
            if slope[0] <= 0.0 <= slope[1]:
                break
            step = _idiv(value, slope)
            branch = (
                max(branch[0], math.nextafter(m - step[1], -math.inf)),
                min(branch[1], math.nextafter(m - step[0], math.inf)),
            )
        if not branch[0] <= branch[1]:
            return None  # cannot happen in exact arithmetic (a root is in the branch)
        out.append(branch)
    return out


def _idiv(a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float]:
    """Enclosure of ``a / b`` for an interval ``b`` that excludes 0."""
    q = (a[0] / b[0], a[0] / b[1], a[1] / b[0], a[1] / b[1])
    return math.nextafter(min(q), -math.inf), math.nextafter(max(q), math.inf)


def _may_vanish(coefficients: list[tuple[float, float]], x: tuple[float, float]) -> bool:
    """Whether the polynomial with these interval coefficients (ascending) may be 0 on ``x``."""
    acc = coefficients[-1]
    for c in reversed(coefficients[:-1]):
        acc = _iadd(_imul(acc, x), c)
    return acc[0] <= 0.0 <= acc[1]


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


def _newton(poly: Poly, c: int, bits: int) -> int:
    """Newton's step for ``poly`` at ``c / 2**bits``, in exact arithmetic, in units of ``2**-bits``.

    The new point is ``c`` minus the step (0 where the derivative vanishes).
    """
    d = len(poly) - 1
    value, deriv = poly[d], 0
    scale = 1
    for i in range(d - 1, -1, -1):
        scale <<= bits
        deriv = deriv * c + value
        value = value * c + poly[i] * scale
    # value = poly(x) 2**(bits d), deriv = poly'(x) 2**(bits (d - 1)), x = c / 2**bits
    if deriv == 0:
        return 0
    if deriv < 0:
        value, deriv = -value, -deriv
    return (2 * value + deriv) // (2 * deriv)  # value / deriv, rounded


def slabs(poly: Poly) -> list[tuple[float, float]] | None:
    """Disjoint intervals covering every root of ``poly`` in (0, 1); None if undecided.

    ``poly`` has ascending integer coefficients. None when it is identically
    zero, vanishes at 0 or 1, or the roots are not all proved enclosed. Each
    interval holds exactly one root (:func:`_isolate`), narrowed around it
    (:func:`_fine`) and rounded outwards to floats.
    """
    isolated = _isolate(poly)
    if isolated is None:
        return None
    ends, roots = isolated
    return [_outer(*_fine(poly, a, b, roots), _EXACT_BITS) for a, b in ends]


def _isolate(poly: Poly) -> tuple[list[tuple[int, int]], FloatArray] | None:
    """Disjoint intervals ``[a, b] / 2**_BITS``, each holding one root of ``poly`` in (0, 1).

    Together they hold every such root. Also returns the float estimates of
    the roots. None when undecided (see :func:`slabs`).
    """
    while poly and poly[-1] == 0:
        poly = poly[:-1]
    if not poly or poly[0] == 0 or sum(poly) == 0:
        return None
    bound = _descartes(poly)
    if bound == 0:
        return [], np.empty(0)
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
    # ends, at the real parts of complex roots (a root on a region's end is
    # outside the disc on the region, so it stops counting) or midpoints,
    # until each region's bound equals the number of proved slabs in it; then
    # each of those holds exactly one root, and the region no other.
    off_axis: list[int] | None = None  # computed when a region first needs a cut
    out: list[tuple[int, int]] = []
    stack: list[tuple[int, int, int | None, int]] = [(0, one, bound, 0)]
    while stack:
        a, b, count, depth = stack.pop()
        if count is None:
            count = _descartes(_restrict(poly, a, b))
        inside = [(c, d) for c, d in proved if a <= c and d <= b]
        if count == len(inside):
            out += inside
            continue
        if depth >= _MAX_DEPTH:
            return None
        cuts = [e for c, d in inside for e in (c, d) if a < e < b]
        if inside and not cuts:
            return None  # one slab fills the region, with more roots than proved
        if off_axis is None:
            pairs = estimates.real[(np.abs(estimates.imag) >= _IMAG) & (roots > 0.0)]
            off_axis = [
                e
                for e in {round(r * one) for r in pairs.tolist() if r < 1.0}
                if 0 < e < one and not any(c <= e <= d for c, d in proved)
            ]
        cuts += [e for e in off_axis if a < e < b]
        if not inside and count == 1 and _sign_at(poly, a) * _sign_at(poly, b) < 0:
            # Exactly one root (the float roots missed it): bisect it down to a slab.
            sa = _sign_at(poly, a)
            while b - a > 2 * _HALF:
                mid = (a + b) // 2
                sm = _sign_at(poly, mid)
                if sm == 0:
                    return None
                a, b, sa = (a, mid, sa) if sm != sa else (mid, b, sm)
            out.append((a, b))
            continue
        mid = (a + b) // 2
        if cuts:
            mid = min(cuts, key=lambda e: abs(e - mid))
            if mid in off_axis and _sign_at(poly, mid) == 0:
                return None  # a rational root where a complex one was estimated
        elif mid in {a, b} or _sign_at(poly, mid) == 0:
            return None
        stack += [(a, mid, None, depth + 1), (mid, b, None, depth + 1)]
    return sorted(out), roots


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
    s4: tuple[float, float] | tuple[Fraction, Fraction],
) -> tuple[float, float] | None:
    """Enclosure of ``-num / den`` on the cell ``s3 x s4``; None if ``den`` may vanish there.

    ``num`` and ``den`` are bilinear in two variables ``(u, v)`` ranging over
    ``s3`` and ``s4`` (mostly ``(x3, x4)``), coefficients of ``1, u, v, u v``;
    a bilinear function's range on a rectangle is the hull of its corner
    values, computed exactly (the cell's ends are dyadic), and the quotient
    of the two ranges is rounded outwards.
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


def _algebraic_cell(
    r4: list[tuple[float, float]], branches: list[tuple[float, float]]
) -> int | None:
    """The branch holding the slab's one common root of ``r_3`` and ``r_4``; None if undecided.

    On the slab, ``r_3``'s leading coefficient is nonzero, its two roots
    are real and enclosed in ``branches``, and ``R`` has exactly one root
    ``t``. There ``R(t) = f_2^3 r_4(a_1, t) r_4(a_2, t) = 0`` (Poisson's
    formula for the resultant), so ``r_4`` vanishes at a root of ``r_3``.
    When the branches are disjoint and ``r_4``'s enclosure on one of the two
    cells excludes 0, the common root is the other branch's, and it is the
    only point of that cell where ``r_3`` and ``r_4`` both vanish. ``r4``
    holds ``r_4``'s coefficients in x3, enclosed on the slab.
    """
    (a, b), (c, d) = branches
    if not (b < c or d < a):
        return None
    vanish = [_may_vanish(r4, branch) for branch in branches]
    if vanish == [True, False]:
        return 0
    if vanish == [False, True]:
        return 1
    return None


def _corner_range(
    m: list[int], own: int, box: list[tuple[float, float] | tuple[Fraction, Fraction]]
) -> tuple[int, int]:
    """Least and greatest value of one gain on a box (the corners of the others), scaled.

    ``m`` holds the monomial coefficients of the gain of role ``own`` (bit
    ``j`` of an index is role ``j``); ``box`` is one dyadic interval per
    role. A multilinear function's range on a box is the hull of its corner
    values, computed exactly here and multiplied by a positive constant.
    """
    ratios = [[v.as_integer_ratio() for v in interval] for interval in box]
    scale = max(d for pair in ratios for _, d in pair)
    ends = [[n * (scale // d) for n, d in pair] for pair in ratios]
    others = [j for j in range(4) if j != own]
    values = []
    for corner in itertools.product((0, 1), repeat=3):
        point = [1] * 4
        for j, c in zip(others, corner, strict=True):
            point[j] = ends[j][c]
        total = 0
        for index, coefficient in enumerate(m):
            if coefficient:
                term = coefficient
                for j in others:
                    term *= point[j] if index >> j & 1 else scale
                total += term
        values.append(total)
    return min(values), max(values)


def _empty_cell(
    m: list[list[int]],
    s3: tuple[float, float],
    s4: tuple[Fraction, Fraction],
    x1: tuple[float, float] | None,
    x2: tuple[float, float] | None,
) -> bool:
    """Whether the cell provably holds no root in the simplex, when ``g_1`` or ``g_2`` is flat.

    At the extraneous roots of ``R`` one divisor may vanish: ``x1`` (from
    ``g_2``) or ``x2`` (from ``g_1``) is then unknown. It is enclosed from
    ``g_3`` or ``g_4``, affine in it, given the other (:func:`_quotient`,
    exact); then the cell is empty if that range leaves [0, 1] or some gain's
    exact range on the box (:func:`_corner_range`) excludes 0.
    """
    m2, m3 = m[2], m[3]
    if x1 is not None and x2 is None:
        x2 = _quotient((m2[0], m2[1], m2[8], m2[9]), (m2[2], m2[3], m2[10], m2[11]), x1, s4)
        if x2 is None:
            x2 = _quotient((m3[0], m3[1], m3[4], m3[5]), (m3[2], m3[3], m3[6], m3[7]), x1, s3)
    elif x2 is not None and x1 is None:
        x1 = _quotient((m2[0], m2[2], m2[8], m2[10]), (m2[1], m2[3], m2[9], m2[11]), x2, s4)
        if x1 is None:
            x1 = _quotient((m3[0], m3[2], m3[4], m3[6]), (m3[1], m3[3], m3[5], m3[7]), x2, s3)
    if x1 is None or x2 is None:
        return False
    if x1[1] < 0.0 or x1[0] > 1.0 or x2[1] < 0.0 or x2[0] > 1.0:
        return True
    box: list[tuple[float, float] | tuple[Fraction, Fraction]] = [x1, x2, s3, s4]
    for own in range(4):
        low, high = _corner_range(m[own], own, box)
        if low > 0 or high < 0:
            return True
    return False


#: Algebraic boxes wider than this go to the Krawczyk test instead (which narrows them).
_WIDE = 1e-12
#: Half-width (in units of ``2**-_EXACT_BITS``) added to a slab left to the Krawczyk test.
_KRAWCZYK_HALF = 1 << (_EXACT_BITS - 40)


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
    poly, polys3, polys4 = _eliminate(coefficients)
    isolated = _isolate(poly)
    if isolated is None:
        return None
    m0, m1 = coefficients[0], coefficients[1]
    x1_num, x1_den = (m1[0], m1[4], m1[8], m1[12]), (m1[1], m1[5], m1[9], m1[13])
    x2_num, x2_den = (m0[0], m0[4], m0[8], m0[12]), (m0[2], m0[6], m0[10], m0[14])
    # Per cell, in slab order: its x3 and x4 ranges, and its x1 and x2 ranges when
    # the cell is proved algebraically to hold exactly one root (None otherwise).
    cells: list[tuple[tuple[float, float], ...]] = []
    proved: list[bool] = []
    shift = _EXACT_BITS - _BITS
    for a, b in isolated[0]:
        # A narrow slab around the root of R (exact signs), the coefficients of r_3
        # and r_4 in x3 enclosed on it, and the branches of r_3's roots.
        top, end = _fine(poly, a, b, isolated[1])
        slab = _outer(top, end, _EXACT_BITS)
        enclosed = _enclose(polys3 + polys4, top, end, _EXACT_BITS)
        branches = _x3_branches(enclosed[:3])
        if branches is None:
            return None
        which = _algebraic_cell(enclosed[3:], branches) if branches else None
        if which is not None:
            s3 = branches[which]
            if s3[1] < 0.0 or s3[0] > 1.0:
                continue  # the slab's root has x3 outside [0, 1]
            fine = (Fraction(top, 1 << _EXACT_BITS), Fraction(end, 1 << _EXACT_BITS))
            x1 = _quotient(x1_num, x1_den, s3, fine)
            x2 = _quotient(x2_num, x2_den, s3, fine)
            if (x1 is None or x2 is None) and _empty_cell(coefficients, s3, fine, x1, x2):
                continue  # an extraneous root of R: no root of the system there
            if (
                x1 is not None
                and x2 is not None
                and max(v[1] - v[0] for v in (x1, x2, s3, slab)) <= _WIDE
            ):
                if x1[1] >= 0.0 and x1[0] <= 1.0 and x2[1] >= 0.0 and x2[0] <= 1.0:
                    cells.append((s3, slab, x1, x2))
                    proved.append(True)
                continue
        elif not branches:
            continue  # no real x3 on the slab
        # Left to the Krawczyk test: the cells of both branches on a wider slab
        # (still inside the isolating one), wide enough for the test's inflation.
        top, end = max(a << shift, top - _KRAWCZYK_HALF), min(b << shift, end + _KRAWCZYK_HALF)
        wide = _x3_branches(_enclose(polys3, top, end, _EXACT_BITS))
        if wide is None:
            return None
        slab = _outer(top, end, _EXACT_BITS)
        for s3 in wide:
            if s3[1] >= 0.0 and s3[0] <= 1.0:
                cells.append((s3, slab))
                proved.append(False)
    if not cells:
        return []
    m = mixing.shape[0]
    n = len(cells)
    lo = np.repeat(fixed[None], n, axis=0)
    hi = lo.copy()
    lo[:, p3] = [c[0][0] for c in cells]
    hi[:, p3] = [c[0][1] for c in cells]
    lo[:, p4] = [c[1][0] for c in cells]
    hi[:, p4] = [c[1][1] for c in cells]
    lo[:, p1], hi[:, p1] = 0.0, 1.0
    lo[:, p2], hi[:, p2] = 0.0, 1.0
    # x1 from g_2 (free of x2) and x2 from g_1 (free of x1), in exact arithmetic;
    # where a divisor may vanish (the extraneous roots of R are such points),
    # from g_4 or g_3 once the other one is known.
    got1 = np.zeros(n, dtype=bool)
    got2 = np.zeros(n, dtype=bool)
    for row, cell in enumerate(cells):
        s3, s4 = cell[:2]
        x1, x2 = cell[2:] if proved[row] else (None, None)
        if not proved[row]:
            x1 = _quotient(x1_num, x1_den, s3, s4)
            x2 = _quotient(x2_num, x2_den, s3, s4)
        if x1 is not None:
            lo[row, p1], hi[row, p1] = x1
            got1[row] = True
        if x2 is not None:
            lo[row, p2], hi[row, p2] = x2
            got2[row] = True
    if not all(proved):
        for eq in (p4, p3):
            got1 |= _solve_for(fgains, lo, hi, [(eq, p1)], got2 & ~got1)[0]
            got2 |= _solve_for(fgains, lo, hi, [(eq, p2)], got1 & ~got2)[0]
        if not (got1 & got2).all():
            return None
    mix = np.repeat(mixing[None], n, axis=0)
    fix = np.repeat(fixed[None], n, axis=0)
    # Cells with a coordinate outside [0, 1] hold no equilibrium; the Krawczyk
    # test below proves the others empty or holding one root each. A proved
    # cell holds exactly one root: it is its own box and enclosure.
    done = np.array(proved)
    keep = done | ((hi >= 0.0) & (lo <= 1.0)).all(axis=1)
    lo, hi, mix, fix, done = lo[keep], hi[keep], mix[keep], fix[keep], done[keep]
    if not keep.any():
        return []
    blo, bhi, rlo, rhi = lo.copy(), hi.copy(), lo.copy(), hi.copy()
    if not done.all():
        rest = ~done
        out = _krawczyk_cells(fgains, lo[rest], hi[rest], mix[rest], m)
        if out is None:
            return None
        rlo[rest], rhi[rest], blo[rest], bhi[rest] = out
        ok = np.isfinite(rlo).all(axis=1)
        if not ok.any():
            return []
        blo, bhi, rlo, rhi, mix, fix = blo[ok], bhi[ok], rlo[ok], rhi[ok], mix[ok], fix[ok]
        done = done[ok]
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
    return [
        RootBox(
            rlo[r, idx],
            rhi[r, idx],
            positive[r],
            strict[r],
            "elimination" if done[r] else "elimination, krawczyk",
        )
        for r in kept
    ]


def _krawczyk_cells(
    fgains: _Gains, lo: FloatArray, hi: FloatArray, mix: NDArray[np.bool_], m: int
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray] | None:
    """The Krawczyk test on cells twice their size: each box's root enclosure, and the boxes.

    Returns ``(rlo, rhi, blo, bhi)``: each box ``[blo, bhi]`` is proved to
    hold exactly one root, enclosed by ``[rlo, rhi]``, or none (its rows of
    ``rlo`` and ``rhi`` are NaN). None when a cell is not decided.
    """
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
    rlo = np.full_like(lo, np.nan)
    rhi = np.full_like(hi, np.nan)
    if ok.any():
        b_lo, b_hi, sub_mix = blo[ok], bhi[ok], mix[ok]
        klo = np.where(sub_mix, np.fmax(klo[ok], b_lo), b_lo)
        khi = np.where(sub_mix, np.fmin(khi[ok], b_hi), b_hi)
        if (khi - klo).max() > _REFINE_WIDTH:
            # One more Krawczyk step: the width is squared, to rounding level.
            nlo, nhi = _krawczyk(fgains, klo, khi, sub_mix, eye)
            klo = np.where(sub_mix, np.fmax(klo, nlo), klo)
            khi = np.where(sub_mix, np.fmin(khi, nhi), khi)
        rlo[ok], rhi[ok] = klo, khi
    return rlo, rhi, blo, bhi
