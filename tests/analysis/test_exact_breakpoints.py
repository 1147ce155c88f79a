"""Exact breakpoints: computed in rationals when the payoffs are decimal data, printed cleanly.

Failed before: the flagship's strategic threshold printed as 0.5500000000000002 (and, with
the earlier tie tolerance, 0.5499999999971956) where the affine arithmetic gives 11/20.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mediation_sim as ms
from mediation_sim.analysis._exact_breakpoints import exact_endpoints, rationalise

# known answers of the v0.1 payoffs (the revised flagship is pinned in
# tests/scenarios/test_ukraine_2023_revised.py and the docs)
SC = ms.scenarios.load("ukraine-2023-v0.1")


@pytest.mark.parametrize("mode", ["committed", "strategic"])
def test_flagship_threshold_is_exactly_eleven_twentieths(mode):
    res = ms.analysis.critical_value(SC, "china_pressure", outcome="withdrawal", mode=mode)
    enters = [c.value for c in res.crossings if c.direction == "enters"]
    assert enters == [0.55]
    assert repr(enters[0]) == "0.55"
    assert "[0.55, " in repr(res)


def test_the_strategic_window_closes_at_the_rational_131_over_150():
    res = ms.analysis.critical_value(SC, "china_pressure", outcome="withdrawal", mode="strategic")
    leaves = [c.value for c in res.crossings if c.direction == "leaves"]
    assert leaves == [float(Fraction(131, 150))]


def test_the_revised_flagships_window_is_exactly_1021_1500_to_116_125():
    res = ms.analysis.critical_value(
        ms.scenarios.load("ukraine-2023"), "china_pressure", outcome="withdrawal"
    )
    assert [(c.value, c.direction) for c in res.crossings] == [
        (float(Fraction(1021, 1500)), "enters"),
        (float(Fraction(116, 125)), "leaves"),
    ]
    assert "[0.680667, 0.928]" in repr(res)


_DECIMALS = st.integers(-2000, 2000).map(lambda k: k / 1000)


@given(u0=_DECIMALS, u1=_DECIMALS, c0=_DECIMALS, c1=_DECIMALS)
def test_breakpoint_is_the_correctly_rounded_rational(u0, u1, c0, c1):
    """A 1x2 game: player 2's gain from deviating is affine; it crosses 0 at a rational t*."""
    g0, g1 = u0 - c0, u1 - c1  # gain of strategy 1 over strategy 0 at t = 0 and t = 1
    exact_g0 = Fraction(round(u0 * 1000) - round(c0 * 1000), 1000)
    exact_g1 = Fraction(round(u1 * 1000) - round(c1 * 1000), 1000)
    if exact_g0 >= 0 or exact_g1 <= 0:
        return  # no crossing inside (0, 1) from below
    star = -exact_g0 / (exact_g1 - exact_g0)
    a = np.zeros((2, 1, 2))
    b = np.zeros((2, 1, 2))
    a[1, 0] = [c0, u0]
    b[1, 0] = [c1, u1]
    t_float = -g0 / (g1 - g0)
    noisy = t_float * (1 + 1e-13)  # what a float method with a tie tolerance reports
    ((_, end),) = exact_endpoints([(0.0, noisy)], a, b, n_players=2, lo=0.0, hi=1.0)
    assert end == float(star)


def test_irrational_payoffs_keep_the_float_endpoints():
    a = np.zeros((2, 1, 2))
    b = np.zeros((2, 1, 2))
    a[1, 0] = [0.0, -math.pi / 10]
    b[1, 0] = [0.0, math.e / 10]
    assert rationalise(a) is None
    end = 0.5361886880145307
    assert exact_endpoints([(0.0, end)], a, b, n_players=2, lo=0.0, hi=1.0) == [(0.0, end)]


def test_float_noise_is_recovered_but_distinct_rationals_are_kept_apart():
    values = np.array([0.1 + 0.2, 0.5 - 0.03, 1 / 3, 2.0, -0.008000000000000021])
    assert [str(r) for r in rationalise(values)] == ["3/10", "47/100", "1/3", "2", "-1/125"]
    assert rationalise(np.array([0.1234567891234])) is None
