r"""Closed-form support systems of two-strategy games with two or three mixers (private).

In a game where every player has two strategies, write :math:`x_j` for the
probability of player :math:`j`'s second strategy and :math:`g_i` for
player :math:`i`'s gain from its second strategy over its first
(:mod:`._binary`). A support profile fixes the non-mixing players at 0 or
1 and asks :math:`g_i = 0` for each mixing player :math:`i \in S`;
:math:`g_i` is multilinear and does not depend on :math:`x_i`, and its
value at a pure profile is a difference of two payoffs.

**Exact arithmetic.** A float is an integer times a power of two, so the
game's payoffs, scaled by the largest denominator among them, are
integers; every coefficient below is a polynomial in the gains at pure
profiles, computed exactly in Python integers. So every case decision
(a coefficient or discriminant is zero, positive, negative) is exact, for
the game as given.

**Two mixers** :math:`S = \{p, q\}`: :math:`g_p = A_p + B_p x_q` is linear
in :math:`x_q` alone. With :math:`B_p \ne 0 \ne B_q` the system has exactly
one root, the rational point :math:`x_q = -A_p / B_p`,
:math:`x_p = -A_q / B_q`; with :math:`B_p = 0 \ne A_p` (or the same for
:math:`q`) it has none.

**Three mixers** :math:`S = \{1, 2, 3\}` (in the order of the players):

.. math:: g_1 = a_1 + b_1 x_2 + c_1 x_3 + d_1 x_2 x_3, \quad
          g_2 = a_2 + b_2 x_1 + c_2 x_3 + d_2 x_1 x_3, \quad
          g_3 = a_3 + b_3 x_1 + c_3 x_2 + d_3 x_1 x_2 .

:math:`g_1 = 0` reads :math:`D_2 x_2 = N_2` and :math:`g_2 = 0` reads
:math:`D_1 x_1 = N_1`, with :math:`N_2 = -(a_1 + c_1 x_3)`,
:math:`D_2 = b_1 + d_1 x_3`, :math:`N_1 = -(a_2 + c_2 x_3)`,
:math:`D_1 = b_2 + d_2 x_3` (linear in :math:`x_3`). Multiplying
:math:`g_3` by :math:`D_1 D_2` and substituting gives the quadratic

.. math:: Q(x_3) = a_3 D_1 D_2 + b_3 N_1 D_2 + c_3 N_2 D_1 + d_3 N_1 N_2
          = D_1 D_2 \, g_3 \quad \text{wherever } g_1 = g_2 = 0,

so the third coordinate of every root of the system is a root of
:math:`Q`. If :math:`Q \not\equiv 0` the roots therefore lie on at most two
slices :math:`x_3 = t`, and each slice is solved exactly: where
:math:`D_1(t) D_2(t) \ne 0` it holds the single root
:math:`(N_1 / D_1, N_2 / D_2, t)`; where :math:`D_1(t) = 0` it holds no
root if :math:`N_1(t) \ne 0`, and otherwise :math:`g_2` vanishes on the
whole slice and :math:`g_3` (linear in :math:`x_1` there) decides (likewise
for :math:`D_2`). Such slices only occur at rational :math:`t`, because
:math:`D_j` has integer coefficients; rational roots of :math:`Q` (a perfect
square discriminant, or :math:`Q` linear) are solved in exact fractions.
Irrational roots :math:`(-Q_1 \pm \sqrt{\Delta}) / 2 Q_2` are enclosed
through an integer square root of :math:`\Delta 4^k` and the monotone maps
:math:`x_3 \mapsto N_j / D_j`, then rounded outwards to floats; the two
enclosures must be disjoint. So each box returned holds exactly one root
of the support's system, proved, and no other root exists. Every case
this does not decide (:math:`Q \equiv 0`, a double root, a slice holding a
line of roots, a root on the boundary of the simplex: sets of equilibria,
singular roots, degenerate games) is left to the interval subdivision,
unchanged.

The supports are looped over in Python: the arithmetic is on Python's
unbounded integers, which NumPy does not vectorise, and a game with two
strategies per player has few supports with two or three mixers
(:math:`\binom{m}{3} 2^{m-3}` with three), each settled with a few dozen
integer operations.
"""

from __future__ import annotations

import functools
import math
from fractions import Fraction

import numpy as np
from numpy.typing import NDArray

__all__ = ["ClosedRoot", "ExactGains", "holds", "settle", "settle_one"]

FloatArray = NDArray[np.float64]

#: Bits kept in the integer square root of an irrational discriminant.
_SQRT_BITS = 96


class ClosedRoot:
    """A root of a support system in closed form: a float box holding exactly one root."""

    __slots__ = ("exact", "hi", "lo", "values")

    def __init__(
        self, lo: FloatArray, hi: FloatArray, exact: bool, values: list[Fraction] | None = None
    ) -> None:
        self.lo = lo
        self.hi = hi
        self.exact = exact  # a rational root (its box is one ulp wide each side)
        self.values = values  # the rational root itself, when exact


def _down(x: float) -> float:
    return math.nextafter(x, -math.inf)


def _up(x: float) -> float:
    return math.nextafter(x, math.inf)


def _box(values: list[Fraction]) -> tuple[FloatArray, FloatArray]:
    """Outward-rounded float box of rational values (``int / int`` rounds correctly)."""
    f = [v.numerator / v.denominator for v in values]
    return np.array([_down(x) for x in f]), np.array([_up(x) for x in f])


@functools.cache
def _gain_profiles(m: int) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """Per player and flat profile: that profile with the player at its second, first strategy."""
    profiles = np.arange(1 << m)
    bits = np.array([1 << (m - 1 - i) for i in range(m)])[:, None]
    second, first = profiles | bits, profiles & ~bits
    for array in (second, first):
        array.flags.writeable = False
    return second, first


class ExactGains:
    """Every player's gain at every pure profile, as exact integers (a common scale).

    ``value(i, bits)`` is player ``i``'s gain from its second strategy at the
    pure profile ``bits`` (a tuple of 0/1, one per active player; entry
    ``i`` is ignored), times a power of two common to all entries.
    """

    def __init__(self, payoffs: FloatArray) -> None:
        m = payoffs.shape[0]
        self.m = m
        ints: NDArray[np.int64] | NDArray[np.object_]
        if np.abs(payoffs).max() < 2.0**52 and (payoffs == np.rint(payoffs)).all():
            ints = payoffs.astype(np.int64)  # integer payoffs: differences fit in int64
        else:
            ratios = [float(v).as_integer_ratio() for v in payoffs.ravel().tolist()]
            scale = max(d for _, d in ratios)  # powers of two: the largest is their lcm
            ints = np.array([n * (scale // d) for n, d in ratios], dtype=object)
        second, first = _gain_profiles(m)
        flat = ints.reshape(m, -1)
        rows = np.arange(m)[:, None]
        # Python integers (``tolist`` of int64 or object arrays).
        self.table: list[list[int]] = (flat[rows, second] - flat[rows, first]).tolist()
        self.weights = [1 << (m - 1 - j) for j in range(m)]

    def value(self, i: int, base: int, cols: tuple[int, ...], bits: tuple[int, ...]) -> int:
        """Gain of ``i`` at the profile ``base`` with coordinates ``cols`` set to ``bits``."""
        idx = base
        for c, b in zip(cols, bits, strict=True):
            if b:
                idx += self.weights[c]
        return self.table[i][idx]


def _inside(values: list[Fraction]) -> bool | None:
    """True if all in (0, 1), False if one is outside [0, 1], None if one is on the boundary."""
    # A Fraction is in lowest terms with a positive denominator: compare integers.
    ends = [(v.numerator, v.denominator) for v in values]
    if any(a < 0 or a > b for a, b in ends):
        return False
    if any(a in (0, b) for a, b in ends):
        return None
    return True


def _two(g: ExactGains, base: int, cols: tuple[int, int]) -> list[ClosedRoot] | None:
    p, q = cols
    ap, bp = g.table[p][base], g.table[p][base + g.weights[q]]  # g_p at x_q = 0, 1
    aq, bq = g.table[q][base], g.table[q][base + g.weights[p]]  # g_q at x_p = 0, 1
    bp -= ap
    bq -= aq
    if (bp == 0 and ap != 0) or (bq == 0 and aq != 0):
        return []  # one equation has no solution
    if bp == 0 or bq == 0:
        return None  # an equation holds identically: a set of equilibria
    root = [Fraction(-aq, bq), Fraction(-ap, bp)]  # (x_p, x_q)
    inside = _inside(root)
    if inside is None:
        return None
    if not inside:
        return []
    lo, hi = _box(root)
    return [ClosedRoot(lo, hi, True, root)]


def _bilinear(
    g: ExactGains, i: int, base: int, cols: tuple[int, int, int], u: int, v: int
) -> tuple[int, int, int, int]:
    """Coefficients ``(a, b, c, d)`` of player ``i``'s gain ``a + b x_u + c x_v + d x_u x_v``."""
    table, wu, wv = g.table[i], g.weights[cols[u]], g.weights[cols[v]]
    g00, g10, g01, g11 = table[base], table[base + wu], table[base + wv], table[base + wu + wv]
    return g00, g10 - g00, g01 - g00, g11 - g10 - g01 + g00


def _three(g: ExactGains, base: int, cols: tuple[int, int, int]) -> list[ClosedRoot] | None:
    a1, b1, c1, d1 = _bilinear(g, cols[0], base, cols, 1, 2)  # g_1(x2, x3)
    a2, b2, c2, d2 = _bilinear(g, cols[1], base, cols, 0, 2)  # g_2(x1, x3)
    a3, b3, c3, d3 = _bilinear(g, cols[2], base, cols, 0, 1)  # g_3(x1, x2)
    den1, num1 = (b2, d2), (-a2, -c2)  # g_2 = 0: D1 x1 = N1
    den2, num2 = (b1, d1), (-a1, -c1)  # g_1 = 0: D2 x2 = N2

    def lmul(p: tuple[int, int], r: tuple[int, int]) -> tuple[int, int, int]:
        return p[0] * r[0], p[0] * r[1] + p[1] * r[0], p[1] * r[1]

    parts = (lmul(den1, den2), lmul(num1, den2), lmul(num2, den1), lmul(num1, num2))
    q0, q1, q2 = (a3 * w + b3 * x + c3 * y + d3 * z for w, x, y, z in zip(*parts, strict=True))
    if q2 == 0:
        if q1 == 0:
            return [] if q0 != 0 else None
        roots_t: list[Fraction] = [Fraction(-q0, q1)]
    else:
        disc = q1 * q1 - 4 * q0 * q2
        if disc < 0:
            return []
        if disc == 0:
            return None  # a double root: possibly singular
        s = math.isqrt(disc)
        if s * s != disc:
            if den1 == (0, 0) or den2 == (0, 0):
                return None  # g_1 or g_2 does not pin its variable down
            # Irrational roots: a linear D_j with integer coefficients has no
            # irrational zero, so both denominators are nonzero there.
            return _irrational(q1, q2, disc, den1, num1, den2, num2)
        roots_t = [Fraction(-q1 + s, 2 * q2), Fraction(-q1 - s, 2 * q2)]
    out = []
    for t in roots_t:
        root = _rational_slice(t, den1, num1, den2, num2, (a3, b3, c3, d3))
        if root is None:
            return None
        if not root:
            continue
        inside = _inside(root)
        if inside is None:
            return None
        if inside:
            lo, hi = _box(root)
            out.append(ClosedRoot(lo, hi, True, root))
    return out


def _rational_slice(
    t: Fraction,
    den1: tuple[int, int],
    num1: tuple[int, int],
    den2: tuple[int, int],
    num2: tuple[int, int],
    g3: tuple[int, int, int, int],
) -> list[Fraction] | None:
    """The root of the system with ``x3 = t`` (a root of Q): ``[x1, x2, t]``, [] if none.

    None when the slice holds a line of roots (a set of equilibria).
    """
    a3, b3, c3, d3 = g3
    e1, n1 = den1[0] + den1[1] * t, num1[0] + num1[1] * t
    e2, n2 = den2[0] + den2[1] * t, num2[0] + num2[1] * t
    if (e1 == 0 and n1 != 0) or (e2 == 0 and n2 != 0):
        return []  # g_1 or g_2 cannot vanish on this slice
    if e1 == 0 and e2 == 0:
        return None  # g_1 and g_2 vanish on the whole slice
    if e1 != 0 and e2 != 0:
        # g_3 vanishes too: Q(t) = D1 D2 g_3 once g_1 = g_2 = 0.
        return [n1 / e1, n2 / e2, t]
    # One of g_1, g_2 vanishes on the slice; g_3 (linear in the free variable) decides.
    if e1 == 0:
        x2 = n2 / e2
        slope, const = b3 + d3 * x2, a3 + c3 * x2
        if slope == 0:
            return [] if const != 0 else None
        return [-const / slope, x2, t]
    x1 = n1 / e1
    slope, const = c3 + d3 * x1, a3 + b3 * x1
    if slope == 0:
        return [] if const != 0 else None
    return [x1, -const / slope, t]


def _irrational(
    q1: int,
    q2: int,
    disc: int,
    den1: tuple[int, int],
    num1: tuple[int, int],
    den2: tuple[int, int],
    num2: tuple[int, int],
) -> list[ClosedRoot] | None:
    """Enclosures of the two irrational roots ``(-q1 +- sqrt(disc)) / (2 q2)``.

    All in integers: the ends of each root's enclosure are ``e / r`` with one
    positive denominator ``r``, and ``x_j = (n_0 r + n_1 e) / (d_0 r + d_1 e)``
    at each end; ``int / int`` rounds correctly to a float, which is then
    moved one ulp outwards.
    """
    k = max(0, _SQRT_BITS - disc.bit_length() // 2)
    s = math.isqrt(disc << (2 * k))  # sqrt(disc) in [s, s + 1] / 2**k
    r = 2 * q2 << k
    sign_r = 1 if r > 0 else -1
    r *= sign_r
    out = []
    t_boxes = []
    for sign in (1, -1):
        e1 = (-q1 * (1 << k) + sign * s) * sign_r
        e2 = (-q1 * (1 << k) + sign * (s + 1)) * sign_r
        t_lo, t_hi = min(e1, e2), max(e1, e2)  # t in [t_lo, t_hi] / r
        t_boxes.append((t_lo, t_hi))
        lo_f, hi_f = [], []
        inside = True
        for num, den in ((num1, den1), (num2, den2), ((0, 1), (1, 0))):
            d_lo, d_hi = den[0] * r + den[1] * t_lo, den[0] * r + den[1] * t_hi
            if d_lo == 0 or d_hi == 0 or (d_lo > 0) != (d_hi > 0):
                return None  # a denominator may vanish on the enclosure
            # A Moebius map is monotone where its denominator keeps its sign.
            n_lo, n_hi = num[0] * r + num[1] * t_lo, num[0] * r + num[1] * t_hi
            if d_lo < 0:
                n_lo, d_lo, n_hi, d_hi = -n_lo, -d_lo, -n_hi, -d_hi
            if n_lo * d_hi > n_hi * d_lo:
                n_lo, d_lo, n_hi, d_hi = n_hi, d_hi, n_lo, d_lo
            # Now x in [n_lo / d_lo, n_hi / d_hi] with positive denominators.
            if n_hi < 0 or n_lo > d_lo:
                inside = False  # outside [0, 1]: not an equilibrium
            elif n_lo <= 0 or n_hi >= d_hi:
                return None  # too close to the boundary to tell
            lo_f.append(_down(n_lo / d_lo))
            hi_f.append(_up(n_hi / d_hi))
        if inside:
            out.append(ClosedRoot(np.array(lo_f), np.array(hi_f), False))
    (l1, h1), (l2, h2) = t_boxes
    if not (h1 < l2 or h2 < l1):
        return None  # the two roots' enclosures overlap
    return out


def holds(gains: ExactGains, base: int, cols: tuple[int, ...], values: list[Fraction]) -> bool:
    """Whether the rational profile is an equilibrium, decided exactly (all active players).

    The mixers ``cols`` play their second strategy with probabilities
    ``values``, the others as ``base`` fixes them. Each player's gain is
    computed exactly (integers over one common denominator): a mixer's must
    be zero, a non-mixer's must not favour its other strategy.
    """
    den = math.lcm(*(v.denominator for v in values))
    # (profile index, weight) of every pure profile of the mixers.
    terms = [(base, 1)]
    for c, v in zip(cols, values, strict=True):
        x = v.numerator * (den // v.denominator)
        step = gains.weights[c]
        terms = [(index, w * (den - x)) for index, w in terms] + [
            (index + step, w * x) for index, w in terms
        ]
    terms = [(index, w) for index, w in terms if w]
    for i in range(gains.m):
        table = gains.table[i]
        total = sum(w * table[index] for index, w in terms)
        if i in cols:
            if total != 0:
                return False
        elif (total > 0) if not base & gains.weights[i] else (total < 0):
            return False
    return True


def settle_one(gains: ExactGains, base: int, cols: tuple[int, ...]) -> list[ClosedRoot] | None:
    """Roots of one support with two or three mixers ``cols``; None if not settled."""
    if len(cols) == 2:
        return _two(gains, base, (cols[0], cols[1]))
    if len(cols) == 3:
        return _three(gains, base, (cols[0], cols[1], cols[2]))
    return None


def settle(
    gains: ExactGains, mixing: NDArray[np.bool_], fixed: FloatArray, candidates: list[int]
) -> dict[int, list[ClosedRoot]]:
    """Settle the supports ``candidates`` (rows of ``mixing``/``fixed``) that have 2 or 3 mixers.

    Returns the settled supports with the boxes of their roots inside the
    simplex (mixing coordinates, in player order); a support missing from
    the result is left to the subdivision.
    """
    out: dict[int, list[ClosedRoot]] = {}
    weights = gains.weights
    for s in candidates:
        cols = tuple(int(c) for c in np.flatnonzero(mixing[s]))
        base = sum(w for w, f in zip(weights, fixed[s].tolist(), strict=True) if f == 1.0)
        if len(cols) == 2:
            roots = _two(gains, base, (cols[0], cols[1]))
        elif len(cols) == 3:
            roots = _three(gains, base, (cols[0], cols[1], cols[2]))
        else:
            continue
        if roots is not None:
            out[s] = roots
    return out
