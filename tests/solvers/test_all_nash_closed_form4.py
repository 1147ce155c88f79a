"""Four-mixer supports by exact elimination (``_closed_form4``) against the subdivision."""

from __future__ import annotations

import importlib
import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import mediation_sim as ms

binary = importlib.import_module("mediation_sim.solvers._binary")
closed = importlib.import_module("mediation_sim.solvers._closed_form")
four = importlib.import_module("mediation_sim.solvers._closed_form4")
all_nash_module = importlib.import_module("mediation_sim.solvers._all_nash")

FULL = ((0, 1),) * 4


def _payoffs(seed: int, levels: int, n: int = 4) -> np.ndarray:
    rng = np.random.default_rng(seed)
    size = (n, *([2] * n))
    if levels == 0:
        return rng.normal(size=size)
    return rng.integers(0, levels, size=size).astype(float)


def _subdivision_roots(payoffs: np.ndarray) -> list[np.ndarray]:
    """Centres of the totally mixed roots the batch subdivision certifies (no closed form)."""
    saved = binary.MAX_CLOSED_FORM
    binary.MAX_CLOSED_FORM = 1
    try:
        batch = binary.solve_binary(payoffs, [FULL], max_boxes=50_000, min_width=1e-6)
    finally:
        binary.MAX_CLOSED_FORM = saved
    assert FULL in batch.roots, "the subdivision did not settle the support"
    return [r.centre for r in batch.roots[FULL] if r.positive]


def _solve_four(payoffs: np.ndarray):
    return four.solve_four(
        closed.ExactGains(payoffs),
        binary._Gains(payoffs),
        payoffs,
        0,
        np.ones(4, dtype=bool),
        np.zeros(4),
    )


def _evaluate(poly: list[int], x: Fraction) -> Fraction:
    return sum((c * x**k for k, c in enumerate(poly)), Fraction(0))


@pytest.mark.parametrize("seed", range(6))
def test_the_eliminant_has_degree_13_and_vanishes_at_every_root(seed):
    """Interpolation from 14 values is exact (a 15th value agrees), and R(x4) = 0 at the roots."""
    payoffs = _payoffs(seed, 1000)
    gains = closed.ExactGains(payoffs)
    poly = four.eliminant(gains, 0, (0, 1, 2, 3))
    assert len(poly) == four.DEGREE + 1
    coefficients = four._coefficients(gains, 0, (0, 1, 2, 3))
    for t in (14, 20, -3):
        direct = four._sylvester(*four._resultants(coefficients, t)) * math.factorial(four.DEGREE)
        assert sum(c * t**k for k, c in enumerate(poly)) == direct
    scale = max(abs(c) for c in poly)
    for root in _subdivision_roots(payoffs):
        # |R(x4)| tiny relative to its coefficients at each certified root's x4.
        assert abs(float(_evaluate(poly, Fraction(float(root[3]))))) < 1e-9 * scale


def test_slabs_enclose_the_roots_in_the_unit_interval():
    # 60 (x - 1/3)(x - 1/2)(x - 7/10)(x - 2)(x^2 + 1): integer coefficients.
    roots = [Fraction(1, 3), Fraction(1, 2), Fraction(7, 10), Fraction(2)]
    poly = [Fraction(1)]
    for r in roots:
        poly = [(poly[k - 1] if k else 0) - r * (poly[k] if k < len(poly) else 0)
                for k in range(len(poly) + 1)]  # fmt: skip
    poly = [(poly[k - 2] if k >= 2 else 0) + (poly[k] if k < len(poly) else 0)
            for k in range(len(poly) + 2)]  # fmt: skip  # times x^2 + 1
    ints = [int(c * 60) for c in poly]
    assert all(Fraction(i) == c * 60 for i, c in zip(ints, poly, strict=True))
    found = four.slabs(ints)
    assert found is not None
    assert len(found) == 3
    for (a, b), r in zip(found, roots, strict=False):
        assert a < r < b
        assert b - a < 1e-5


def test_slabs_refuse_roots_at_the_ends_and_the_zero_polynomial():
    assert four.slabs([0, 1, -3]) is None  # root at 0
    assert four.slabs([1, -3, 2]) is None  # (1 - x)(1 - 2x): root at 1
    assert four.slabs([0, 0, 0]) is None
    assert four.slabs([5, 1]) == []  # root at -5 only


def test_a_double_root_is_left_to_the_subdivision():
    # (x - 1/2)^2 (x - 1/4): no sign change around 1/2, Descartes counts 3.
    poly = [-1, 8, -20, 16]  # 16 (x - 1/2)^2 (x - 1/4)
    assert four.slabs(poly) is None


def test_a_degenerate_support_is_not_settled():
    """Player 1 indifferent everywhere: the eliminant vanishes identically."""
    payoffs = _payoffs(1, 1000)
    payoffs[0, 1] = payoffs[0, 0]
    assert _solve_four(payoffs) is None


@pytest.mark.parametrize("seed", range(12))
def test_elimination_finds_the_subdivisions_roots(seed):
    payoffs = _payoffs(seed, 0 if seed % 2 else 1000)
    boxes = _solve_four(payoffs)
    assert boxes is not None
    reference = _subdivision_roots(payoffs)
    mine = [b for b in boxes if b.positive]
    assert len(mine) == len(reference)
    for box in mine:
        assert box.method in {"elimination", "elimination, krawczyk"}
        assert (box.hi - box.lo).max() < 1e-10
        assert any(((box.lo - 1e-9 <= r) & (r <= box.hi + 1e-9)).all() for r in reference)


@pytest.mark.parametrize("seed", range(6))
def test_generic_supports_need_no_krawczyk_test(seed, monkeypatch):
    """The algebraic certificate (Poisson's formula, exact quotients) settles generic supports.

    With the Krawczyk test disabled the same roots come out, in boxes of
    width at most 1e-12 around the subdivision's roots.
    """

    def refuse(*args):
        raise AssertionError("the Krawczyk test was needed")

    payoffs = _payoffs(seed, 0 if seed % 2 else 1000)
    reference = _subdivision_roots(payoffs)
    monkeypatch.setattr(four, "_krawczyk_cells", refuse)
    boxes = _solve_four(payoffs)
    assert boxes is not None
    mine = [b for b in boxes if b.positive]
    assert len(mine) == len(reference)
    for box in mine:
        assert box.method == "elimination"
        assert (box.hi - box.lo).max() <= four._WIDE
        assert any(((box.lo - 1e-12 <= r) & (r <= box.hi + 1e-12)).all() for r in reference)


@pytest.mark.parametrize("seed", range(6))
def test_the_krawczyk_fallback_finds_the_same_roots(seed, monkeypatch):
    """Cells the algebraic certificate leaves (here: all of them) go to the Krawczyk test."""
    payoffs = _payoffs(seed, 0 if seed % 2 else 1000)
    fast = _solve_four(payoffs)
    monkeypatch.setattr(four, "_algebraic_cell", lambda *args: None)
    slow = _solve_four(payoffs)
    assert fast is not None
    assert slow is not None
    assert len(fast) == len(slow)
    for a, b in zip(fast, slow, strict=True):
        assert ((a.lo <= b.hi) & (b.lo <= a.hi)).all()  # the same root, in the same order
        assert (a.positive, a.strict) == (b.positive, b.strict)
        assert b.method == "elimination, krawczyk"


@settings(max_examples=40, deadline=None)
@given(
    f=st.lists(st.integers(-(10**12), 10**12), min_size=3, max_size=3),
    g=st.lists(st.integers(-(10**12), 10**12), min_size=4, max_size=4),
    flat=st.booleans(),
)
def test_the_resultant_formula_is_the_sylvester_determinant(f, g, flat):
    """Poisson's formula by pseudo-remainder equals the 5 x 5 determinant (and f2 = 0 uses it)."""
    if flat:
        f[2] = 0
    f0, f1, f2 = f
    g0, g1, g2, g3 = g
    matrix = [
        [f2, f1, f0, 0, 0],
        [0, f2, f1, f0, 0],
        [0, 0, f2, f1, f0],
        [g3, g2, g1, g0, 0],
        [0, g3, g2, g1, g0],
    ]
    assert four._sylvester(tuple(f), tuple(g)) == four._det(matrix)


def test_a_slab_is_narrowed_exactly_around_its_root():
    """Exact Newton steps and sign tests shrink a slab to width 2**-89 around the root."""
    root = Fraction(2, 7)
    poly = _integer_poly([root, Fraction(3, 5)], [(Fraction(1, 2), Fraction(1, 3))])
    one = 1 << four._BITS
    a, b = math.floor(root * one) - 4, math.ceil(root * one) + 4
    lo, hi = four._fine(poly, a, b, np.array([0.2857]))
    assert Fraction(lo, 1 << four._EXACT_BITS) < root < Fraction(hi, 1 << four._EXACT_BITS)
    assert hi - lo <= 2 ** (four._EXACT_BITS - 89)


@settings(max_examples=12, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), levels=st.sampled_from([0, 2, 3, 1000]))
@example(seed=1794, levels=3)  # two rational roots of one support, found in either order
def test_four_players_never_fewer_equilibria_than_the_subdivision(all_nash_paths, seed, levels):
    """4 players x 2: same equilibria, certificates and completeness as subdivision only.

    Two or three payoff levels make ties (degenerate supports), which the
    closed forms leave to the subdivision.
    """
    game = ms.NormalFormGame(_payoffs(seed, levels))
    all_nash_paths.assert_same(all_nash_paths.solve(game, 4), all_nash_paths.solve(game, 1))


@settings(max_examples=3, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_five_players_four_mixers_with_a_pure_player(all_nash_paths, seed):
    """Four-mixer supports beside a pure player (strictness on the box) agree too."""
    game = ms.NormalFormGame(_payoffs(seed, 1000, n=5))
    fast, slow = all_nash_paths.solve(game, 4), all_nash_paths.solve(game, 1)
    all_nash_paths.assert_same(fast, slow)
    assert fast.complete
    assert len(fast) % 2 == 1


def _integer_poly(
    real: list[Fraction], complex_pairs: list[tuple[Fraction, Fraction]]
) -> list[int]:
    """Ascending integer coefficients of prod (x - r) * prod ((x - a)^2 + b^2), scaled."""
    poly = [Fraction(1)]
    factors = [[-r, Fraction(1)] for r in real]
    factors += [[a * a + b * b, -2 * a, Fraction(1)] for a, b in complex_pairs]
    for f in factors:
        out = [Fraction(0)] * (len(poly) + len(f) - 1)
        for i, p in enumerate(poly):
            for j, q in enumerate(f):
                out[i + j] += p * q
        poly = out
    scale = math.lcm(*(c.denominator for c in poly))
    return [int(c * scale) for c in poly]


def test_slabs_split_the_interval_where_complex_roots_crowd_it():
    """Complex roots 1/100 off the axis inflate Descartes' count on (0, 1): regions are split."""
    real = [Fraction(3, 10), Fraction(1, 2), Fraction(9, 10)]
    pairs = [(Fraction(2, 5), Fraction(1, 100)), (Fraction(7, 10), Fraction(1, 50))]
    poly = _integer_poly(real, pairs)
    assert four._descartes(poly) > 3
    found = four.slabs(poly)
    assert found is not None
    assert len(found) == 3
    for (a, b), r in zip(found, real, strict=True):
        assert a < r < b
        assert b - a < 1e-6


def test_slabs_find_a_root_the_float_roots_miss(monkeypatch):
    """A root with no float estimate near it is still enclosed (bisection of its region)."""
    poly = _integer_poly([Fraction(1, 3), Fraction(2, 3)], [])
    monkeypatch.setattr(four.np, "roots", lambda c: np.array([1 / 3 + 0j]))  # 2/3 is lost
    found = four.slabs(poly)
    assert found is not None
    assert len(found) == 2
    assert found[1][0] < 2 / 3 < found[1][1]
