"""Closed-form support systems (two to four mixers) against the interval subdivision."""

from __future__ import annotations

import importlib
import itertools
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mediation_sim as ms

binary = importlib.import_module("mediation_sim.solvers._binary")
closed = importlib.import_module("mediation_sim.solvers._closed_form")
all_nash_module = importlib.import_module("mediation_sim.solvers._all_nash")
presolve = importlib.import_module("mediation_sim.solvers._binary_presolve")

#: McKelvey and McLennan's 2x2x2 game, as in test_all_nash.py (Gambit's outcome order).
MCKELVEY_MCLENNAN = [
    [9, 8, 12], [0, 0, 0], [0, 0, 0], [9, 8, 2],
    [0, 0, 0], [3, 4, 6], [3, 4, 6], [0, 0, 0],
]  # fmt: skip


def _mckelvey_mclennan() -> np.ndarray:
    rows = np.array(MCKELVEY_MCLENNAN, dtype=float)
    return np.stack([rows[:, i].reshape((2, 2, 2), order="F") for i in range(3)])


def test_mckelvey_mclennan_totally_mixed_roots_in_closed_form():
    """Both totally mixed equilibria come out of the quadratic, as exact rational points."""
    payoffs = _mckelvey_mclennan()
    gains = closed.ExactGains(payoffs)
    mixing = np.ones((1, 3), dtype=bool)
    settled = closed.settle(gains, mixing, np.zeros((1, 3)), [0])
    roots = settled[0]
    assert len(roots) == 2
    assert all(r.exact for r in roots)
    # x_j = probability of the second strategy: (3/5, 1/2, 2/3) and (1/2, 3/5, 3/4).
    expected = [np.array([3 / 5, 1 / 2, 2 / 3]), np.array([1 / 2, 3 / 5, 3 / 4])]
    for x in expected:
        assert any(((r.lo <= x) & (x <= r.hi)).all() for r in roots)
    assert all((r.hi - r.lo).max() < 1e-15 for r in roots)


def test_a_continuum_is_left_to_the_subdivision():
    """Player 1 indifferent whatever the others do: the two-mixer system is not settled."""
    payoffs = np.random.default_rng(0).integers(0, 9, size=(3, 2, 2, 2)).astype(float)
    payoffs[0, 1] = payoffs[0, 0]  # g_1 == 0 identically
    payoffs[1, :, 1, 0] = payoffs[1, :, 0, 0] + np.array([-1.0, 1.0])  # g_2 = 0 at x_1 = 1/2
    gains = closed.ExactGains(payoffs)
    mixing = np.array([[True, True, False]])
    assert closed.settle(gains, mixing, np.zeros((1, 3)), [0]) == {}


def test_irrational_roots_get_tight_boxes_that_meet_the_krawczyk_boxes():
    """Float payoffs give irrational roots: each closed-form box meets the subdivision's box."""
    n_irrational = 0
    for seed in range(6):
        payoffs = np.random.default_rng(seed).normal(size=(3, 2, 2, 2))
        supports = [
            s
            for s in itertools.product(*[[(0,), (1,), (0, 1)]] * 3)
            if sum(len(a) == 2 for a in s) >= 2
        ]
        fast = binary.solve_binary(payoffs, supports, max_boxes=50_000, min_width=1e-6)
        saved = binary.MAX_CLOSED_FORM
        binary.MAX_CLOSED_FORM = 1
        try:
            slow = binary.solve_binary(payoffs, supports, max_boxes=50_000, min_width=1e-6)
        finally:
            binary.MAX_CLOSED_FORM = saved
        assert fast.fallback == slow.fallback == set()
        for support, found in fast.roots.items():
            # The subdivision discards boxes where a pure player would deviate.
            inside = [r for r in slow.roots[support] if r.positive]
            roots = [r for r in found if r.strict is not False]
            assert len(roots) == len(inside)
            for r in roots:
                assert r.method == "closed form"
                assert (r.hi - r.lo).max() < 1e-12
                assert any(((r.lo <= q.hi) & (q.lo <= r.hi)).all() for q in inside), (
                    "the closed-form box misses the certified root"
                )
                n_irrational += sum(len(a) == 2 for a in support) == 3
    assert n_irrational > 0


def test_closed_form_certificates_say_how_they_were_proved():
    game = ms.NormalFormGame(np.random.default_rng(3).normal(size=(3, 2, 2, 2)))
    res = ms.solvers.all_nash(game)
    interval = [c for c in res.certificates if c.kind == "interval"]
    assert interval
    assert all("closed form" in c.detail for c in interval)
    assert all(c.radius < 1e-12 for c in interval)


@settings(max_examples=10, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    shape=st.sampled_from([(2, 2, 2), (2, 2, 2, 2), (2, 1, 2, 2)]),
    levels=st.sampled_from([0, 3, 1000]),
)
def test_closed_form_path_equals_the_subdivision(all_nash_paths, seed, shape, levels):
    """Same equilibria, certificates, supports and completeness with and without closed forms.

    ``levels=0`` draws float payoffs (irrational roots), 3 makes ties likely
    (degenerate supports, which the closed form leaves to the subdivision).
    """
    rng = np.random.default_rng(seed)
    size = (len(shape), *shape)
    payoffs = rng.normal(size=size) if levels == 0 else rng.integers(0, levels, size=size)
    game = ms.NormalFormGame(np.asarray(payoffs, dtype=float))
    fast, slow = all_nash_paths.solve(game, 4), all_nash_paths.solve(game, 1)
    all_nash_paths.assert_same(fast, slow)
    if levels != 3:
        assert fast.complete
        assert len(fast) % 2 == 1


@pytest.mark.parametrize("scale", [1e-3, 1.0, 2.0**40])
def test_rescaled_payoffs_give_the_same_equilibria(all_nash_paths, scale):
    """Exact integer scaling of float payoffs is invariant under rescaling."""
    payoffs = _mckelvey_mclennan()
    res = all_nash_paths.solve(ms.NormalFormGame(payoffs * scale + 0.1), 3)
    assert len(res) == 9
    assert res.complete


def _reference_conditions(payoffs, support, sigma) -> bool:
    """The equilibrium conditions in plain Fractions (independent of the integer version)."""
    n = payoffs.shape[0]
    for probs in sigma.values():
        if any(p < 0 for p in probs) or sum(probs) != 1:
            return False
    for i in range(n):
        others = [j for j in range(n) if j != i]
        values = []
        for k in range(payoffs.shape[1 + i]):
            total = Fraction(0)
            for combo in itertools.product(*[support[j] for j in others]):
                w = Fraction(1)
                for j, a in zip(others, combo, strict=True):
                    if j in sigma:
                        w *= sigma[j][support[j].index(a)]
                index = list(combo)
                index.insert(i, k)
                total += Fraction(float(payoffs[(i, *index)])) * w
            values.append(total)
        if any(values[k] != max(values) for k in support[i]):
            return False
    return True


exact = importlib.import_module("mediation_sim.solvers._exact")


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    kind=st.sampled_from(["normal", "eighths", "huge"]),
    denominator=st.sampled_from([2, 3, 7]),
)
def test_integer_exact_conditions_agree_with_fractions(seed, kind, denominator):
    rng = np.random.default_rng(seed)
    shape = (2, 3, 2)
    size = (3, *shape)
    if kind == "normal":
        payoffs = rng.normal(size=size)
    elif kind == "eighths":
        payoffs = rng.integers(-8, 8, size=size) / 8.0
    else:
        payoffs = rng.integers(0, 3, size=size) * 2.0**60 + rng.integers(0, 2, size=size)
    support = tuple(
        tuple(sorted(rng.choice(s, size=int(rng.integers(1, s + 1)), replace=False).tolist()))
        for s in shape
    )
    sigma = {}
    for j, sup in enumerate(support):
        if len(sup) > 1:
            cuts = sorted(int(c) for c in rng.integers(0, denominator + 1, size=len(sup) - 1))
            parts = np.diff([0, *cuts, denominator]).tolist()
            sigma[j] = [Fraction(p, denominator) for p in parts]
    assert exact.exact_conditions(payoffs, support, sigma) == _reference_conditions(
        payoffs, support, sigma
    )


def test_integer_exact_conditions_accept_the_known_equilibria():
    payoffs = _mckelvey_mclennan()
    full = ((0, 1), (0, 1), (0, 1))
    for x in ([3, 5, 1, 2, 2, 3], [1, 2, 3, 5, 3, 4]):
        sigma = {
            j: [1 - Fraction(x[2 * j], x[2 * j + 1]), Fraction(x[2 * j], x[2 * j + 1])]
            for j in range(3)
        }
        assert exact.exact_conditions(payoffs, full, sigma)
        assert _reference_conditions(payoffs, full, sigma)
    sigma[0] = [Fraction(1, 3), Fraction(2, 3)]  # no longer leaves players 2 and 3 indifferent
    assert not exact.exact_conditions(payoffs, full, sigma)
    assert not _reference_conditions(payoffs, full, sigma)


@settings(max_examples=30, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    players=st.sampled_from([3, 4, 5]),
    levels=st.sampled_from([2, 3, 1000, 2**40]),
)
def test_exact_level0_test_prunes_what_the_interval_test_prunes(seed, players, levels):
    """The exact level-0 screen (small integer gains) agrees with the batch's enclosures."""
    rng = np.random.default_rng(seed)
    sub = rng.integers(0, levels, size=(players, *[2] * players)).astype(float)
    supports = [
        s
        for s in itertools.product(*[[(0,), (1,), (0, 1)]] * players)
        if any(len(a) == 2 for a in s)
    ]
    mixing = np.array([[len(a) == 2 for a in s] for s in supports])
    fixed = np.array([[0.0 if len(a) == 2 else float(a[0]) for a in s] for s in supports])
    exact = presolve.level0_exact(sub, mixing, fixed)
    if exact is None:
        assert levels == 2**40  # too large to stay exact in floats: left to the enclosures
        return
    lo = np.where(mixing, -1 / 64, fixed)
    hi = np.where(mixing, 1 + 3 / 64, fixed)
    enclosed = binary._admissible(binary._Gains(sub), lo, hi, mixing, fixed)
    np.testing.assert_array_equal(exact, enclosed)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), denominator=st.sampled_from([2, 3, 5]))
def test_holds_agrees_with_the_fraction_conditions(seed, denominator):
    """``holds`` (integer gains of every player) decides what plain Fractions decide."""
    rng = np.random.default_rng(seed)
    payoffs = rng.integers(0, 4, size=(4, 2, 2, 2, 2)).astype(float)
    gains = closed.ExactGains(payoffs)
    cols = tuple(sorted(rng.choice(4, size=int(rng.integers(1, 5)), replace=False).tolist()))
    fixed = {j: int(rng.integers(0, 2)) for j in range(4) if j not in cols}
    base = sum(gains.weights[j] for j, a in fixed.items() if a)
    values = [Fraction(int(rng.integers(1, denominator)), denominator) for _ in cols]
    support = tuple((0, 1) if j in cols else (fixed[j],) for j in range(4))
    sigma = {j: [1 - v, v] for j, v in zip(cols, values, strict=True)}
    assert closed.holds(gains, base, cols, values) == _reference_conditions(payoffs, support, sigma)


def test_holds_accepts_the_known_equilibria_only():
    gains = closed.ExactGains(_mckelvey_mclennan())
    for x in ([3, 5, 1, 2, 2, 3], [1, 2, 3, 5, 3, 4]):
        values = [Fraction(x[2 * j], x[2 * j + 1]) for j in range(3)]
        assert closed.holds(gains, 0, (0, 1, 2), values)
        values[0] = Fraction(1, 3)
        assert not closed.holds(gains, 0, (0, 1, 2), values)


def _exact_gain(sub: np.ndarray, i: int, x: list[Fraction]) -> Fraction:
    """Player ``i``'s gain from its second strategy at the mixed point ``x``, exactly."""
    m = sub.shape[0]
    total = Fraction(0)
    for profile in itertools.product((0, 1), repeat=m):
        if profile[i]:
            continue
        weight = Fraction(1)
        for j in range(m):
            if j != i:
                weight *= x[j] if profile[j] else 1 - x[j]
        up = (*profile[:i], 1, *profile[i + 1 :])
        total += weight * (Fraction(sub[(i, *up)]) - Fraction(sub[(i, *profile)]))
    return total


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    m=st.integers(2, 4),
    levels=st.sampled_from([2, 3, 1000]),
)
def test_strictness_verdicts_hold_in_exact_arithmetic(seed, m, levels):
    """True: every pure player's other strategy is strictly worse at points of the box.

    False: one is strictly better there. Checked at the box's corners and
    centre in rational arithmetic. Two or three payoff levels make gains
    that vanish on a whole face, which must not be called strict.
    """
    rng = np.random.default_rng(seed)
    sub = rng.integers(0, levels, size=(m, *([2] * m))).astype(float)
    rows = 12
    mix = rng.random((rows, m)) < 0.5
    fixed = np.where(mix, 0.0, rng.integers(0, 2, size=(rows, m)).astype(float))
    centre = rng.uniform(0.05, 0.95, size=(rows, m))
    width = rng.choice([1e-9, 1e-3, 0.04], size=(rows, 1))
    lo = np.where(mix, centre - width, fixed)
    hi = np.where(mix, centre + width, fixed)
    verdicts = binary._strictness(binary._Gains(sub), sub, lo, hi, mix, fixed)
    for r, verdict in enumerate(verdicts):
        pure = [i for i in range(m) if not mix[r, i]]
        points = [
            [Fraction(lo[r, j] if k >> j & 1 else hi[r, j]) for j in range(m)] for k in range(2**m)
        ] + [[Fraction((lo[r, j] + hi[r, j]) / 2) for j in range(m)]]
        for x in points:
            # The other strategy's payoff minus the current one's, per pure player.
            gaps = [(1 - 2 * int(fixed[r, i])) * _exact_gain(sub, i, x) for i in pure]
            if verdict is True:
                assert all(g < 0 for g in gaps)
            elif verdict is False:
                assert any(g > 0 for g in gaps)


def test_a_gain_that_vanishes_on_the_face_is_not_strict():
    """The third player's payoff ignores its own strategy: indifferent, so never strict."""
    rng = np.random.default_rng(3)
    sub = rng.integers(0, 10, size=(3, 2, 2, 2)).astype(float)
    sub[2, :, :, 1] = sub[2, :, :, 0]
    mix = np.array([[True, True, False]])
    box = np.array([[0.4, 0.6, 0.0]]), np.array([[0.4 + 1e-9, 0.6 + 1e-9, 0.0]])
    assert binary._strictness(binary._Gains(sub), sub, *box, mix, np.zeros((1, 3))) == [None]
