"""Critical values: exact interval arithmetic agrees with brute force and with bisection."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mediation_sim as ms
from mediation_sim.analysis._intervals import difference, merge
from mediation_sim.testing.scenarios import scenario_parameters

# the one-shot (v0.1) structure: these tests check the normal-form machinery;
# tests/scenarios/test_sequential.py covers the default, sequential structure
# known answers of the v0.1 payoffs (the revised flagship is pinned in
# tests/scenarios/test_ukraine_2023_revised.py and the docs)
SC = ms.scenarios.load("ukraine-2023-v0.1").with_structure("simultaneous")
TWO = ms.scenarios.from_toml(
    Path(__file__).parents[1] / "data" / "scenarios" / "two_party_mediation.toml"
)
OTHERS = {k: v for k, v in SC.defaults().items() if k != "china_pressure"}


def _holds(sc, parameter, value, outcome, level, selection, mode, **params) -> bool:
    """The condition at one point, by brute force over pure profiles with the regret oracle."""
    g = sc.game(mode=mode, **{**params, parameter: value})
    probs = sc.outcome_probabilities(mode=mode, **{**params, parameter: value})
    idx = [
        sc.outcomes.index(o)
        for o in (sc.settlement_outcomes if outcome == "settlement" else [outcome])
    ]
    reached = []
    for eq in ms.solvers.pure_nash(g):
        reached.append(probs[(idx, *eq.pure_indices)].sum() >= level)
    if selection == "best":
        return any(reached)
    return bool(reached) and all(reached)


@pytest.mark.parametrize("mode", ["committed", "strategic"])
@pytest.mark.parametrize("outcome", ["withdrawal", "settlement"])
@pytest.mark.parametrize("selection", ["best", "worst"])
def test_exact_intervals_agree_with_brute_force_on_a_grid(mode, outcome, selection):
    res = ms.analysis.critical_value(
        SC, "china_pressure", outcome=outcome, mode=mode, selection=selection
    )
    assert res.method == "exact"
    for x in np.linspace(0.0, 1.0, 41):
        inside = any(a - 1e-9 <= x <= b + 1e-9 for a, b in res.intervals)
        near_edge = any(abs(x - c.value) < 1e-6 for c in res.crossings)
        if not near_edge:
            assert inside == _holds(SC, "china_pressure", x, outcome, 0.5, selection, mode), x


def test_the_flagship_window():
    committed = ms.analysis.critical_value(
        SC, "china_pressure", outcome="withdrawal", mode="committed"
    )
    strategic = ms.analysis.critical_value(SC, "china_pressure", outcome="withdrawal")
    # the same threshold moves Moscow in both modes; Beijing stops pressing above the window
    assert committed.value == pytest.approx(strategic.value)
    assert committed.upper == 1.0
    assert strategic.upper < 1.0
    assert [c.direction for c in strategic.crossings] == ["enters", "leaves"]
    # closed forms: Moscow's war payoff over leverage; Beijing's net gain over its cost
    d = SC.defaults()
    p = (
        (0.04 + 0.08 + 0.04 + 0.06) * d["share_breakthrough"]
        + 0.14 * d["share_russian_gains"]
        + (1 - 0.22 - 0.14) * d["share_prolonged_war"]
    )
    assert committed.value == pytest.approx(
        (d["share_withdrawal"] - p - d["war_cost_moscow"]) / d["leverage"]
    )
    assert strategic.upper == pytest.approx(
        (d["beijing_europe_gain"] - d["beijing_propaganda_value"]) / d["beijing_partnership_cost"]
    )


@given(scenario_parameters(SC))
def test_exact_equals_bracketing_for_random_assumptions(params):
    """Every bracketed interval is an exact one; every exact one wider than the grid is found."""
    params = {k: v for k, v in params.items() if k != "china_pressure"}
    exact = ms.analysis.critical_value(SC, "china_pressure", outcome="withdrawal", **params)
    bracket = ms.analysis.critical_value(
        SC, "china_pressure", outcome="withdrawal", method="bracket", n_grid=401, **params
    )
    spacing = 1.0 / 400

    def matches(iv, others):
        return any(abs(iv[0] - o[0]) < 1e-6 and abs(iv[1] - o[1]) < 1e-6 for o in others)

    for iv in bracket.intervals:
        assert matches(iv, exact.intervals), (iv, exact.intervals)
    for k, iv in enumerate(exact.intervals):
        gap_before = iv[0] - exact.intervals[k - 1][1] if k else np.inf
        gap_after = exact.intervals[k + 1][0] - iv[1] if k + 1 < len(exact.intervals) else np.inf
        if iv[1] - iv[0] >= 2 * spacing and min(gap_before, gap_after) >= 2 * spacing:
            assert matches(iv, bracket.intervals), (iv, bracket.intervals)


@given(scenario_parameters(SC), st.floats(1e-5, 1e-3))
def test_each_crossing_is_a_real_change(params, eps):
    params = {k: v for k, v in params.items() if k != "china_pressure"}
    res = ms.analysis.critical_value(SC, "china_pressure", outcome="withdrawal", **params)
    for c in res.crossings:
        before = _holds(
            SC, "china_pressure", max(c.value - eps, 0.0), "withdrawal", 0.5, "best", None, **params
        )
        after = _holds(
            SC, "china_pressure", min(c.value + eps, 1.0), "withdrawal", 0.5, "best", None, **params
        )
        assert (before, after) == ((False, True) if c.direction == "enters" else (True, False))


def test_another_parameter_and_a_user_scenario():
    lev = ms.analysis.critical_value(
        SC, "leverage", outcome="withdrawal", mode="committed", china_pressure=0.6
    )
    assert lev.value == pytest.approx(0.495 / 0.6)
    # two-party mediation: pressure makes (settle, settle) the only equilibrium from any p > 0;
    # the worst-case settlement holds on (0, 1]
    res = ms.analysis.critical_value(TWO, "pressure", outcome="deal", selection="worst")
    assert res.intervals[0][1] == 1.0
    assert res.value == pytest.approx(0.0, abs=1e-7)
    best = ms.analysis.critical_value(TWO, "pressure", outcome="deal")
    assert best.intervals == ((0.0, 1.0),)
    assert best.crossings == ()


def test_non_affine_parameters_fall_back_to_bracketing():
    # share_prolonged_war multiplies washington_territory_weight and lottery outcomes: still affine;
    # a parameter inside a lottery that weights a parameter-dependent term is not
    assert SC.is_affine_in("breakthrough_base")
    assert not _scenario_with_quadratic().is_affine_in("pressure")
    sc = _scenario_with_quadratic()
    res = ms.analysis.critical_value(sc, "pressure", outcome="deal")
    assert res.method == "bracket"
    with pytest.raises(ms.InvalidArgumentError, match="not affine"):
        ms.analysis.critical_value(sc, "pressure", outcome="deal", method="exact")


def _scenario_with_quadratic() -> ms.scenarios.Scenario:
    text = (
        Path(__file__).parents[1] / "data" / "scenarios" / "two_party_mediation.toml"
    ).read_text()
    text = text.replace(
        'value = { coef = -1, times = "pressure" }',
        'value = { coef = -1, times = ["pressure", "pressure"] }',
    )
    return ms.scenarios.from_string(text)


def test_validation():
    with pytest.raises(ms.UnknownNameError, match="unknown parameter"):
        ms.analysis.critical_value(SC, "chinese_pressure")
    with pytest.raises(ms.UnknownNameError, match="unknown outcome 'peace'"):
        ms.analysis.critical_value(SC, "china_pressure", outcome="peace")
    with pytest.raises(ms.InvalidArgumentError, match="level must lie in"):
        ms.analysis.critical_value(SC, "china_pressure", level=1.5)
    with pytest.raises(ms.InvalidArgumentError, match="do not also fix it"):
        ms.analysis.critical_value(SC, "china_pressure", china_pressure=0.3)
    with pytest.raises(ms.InvalidArgumentError, match="bounds must satisfy"):
        ms.analysis.critical_value(SC, "china_pressure", bounds=(0.5, 2.0))
    with pytest.raises(ms.ParameterOutOfBoundsError):
        ms.analysis.critical_value(SC, "china_pressure", leverage=100.0)


def test_result_reporting():
    res = ms.analysis.critical_value(SC, "china_pressure", outcome="withdrawal")
    assert "china_pressure" in repr(res)
    d = res.to_dict()
    assert d["crossings"][0]["direction"] == "enters"
    assert d["value"] == pytest.approx(res.value)
    assert "<table>" in res._repr_html_()
    never = ms.analysis.critical_value(SC, "china_pressure", outcome="ukrainian_breakthrough")
    assert math.isnan(never.value)
    assert not never.holds_somewhere
    assert never.to_dict()["value"] is None
    assert "never" in repr(never)


@given(
    st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1)), max_size=6),
    st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1)), max_size=6),
    st.floats(0, 1),
)
def test_interval_set_operations(base, remove, x):
    base = [(min(a, b), max(a, b)) for a, b in base]
    remove = [(min(a, b), max(a, b)) for a, b in remove]
    union = merge(base)
    assert all(a <= b for a, b in union)
    assert all(union[k][1] < union[k + 1][0] for k in range(len(union) - 1))
    in_base = any(a <= x <= b for a, b in base)
    assert in_base == any(a <= x <= b for a, b in union)
    diff = difference(base, remove)
    strictly_inside_removed = any(a < x < b for a, b in remove)
    on_edge = any(x in (a, b) for a, b in [*base, *remove])
    if not on_edge:
        assert any(a <= x <= b for a, b in diff) == (in_base and not strictly_inside_removed)


@given(
    st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1)), max_size=6),
    st.floats(0, 0.5),
)
def test_merge_with_a_gap_joins_exactly_the_intervals_closer_than_the_gap(base, gap):
    base = [(min(a, b), max(a, b)) for a, b in base]
    joined = merge(base, gap=gap)
    # the result covers every interval, is sorted, and leaves more than gap between pieces
    assert all(any(c <= a and b <= d for c, d in joined) for a, b in base)
    assert all(joined[k][1] + gap < joined[k + 1][0] for k in range(len(joined) - 1))
    # every piece's ends are ends of the inputs (nothing invented)
    assert {a for a, _ in joined} <= {a for a, _ in base}
    assert {b for _, b in joined} <= {b for _, b in base}
    # gap 0 is the plain union
    assert merge(base, gap=0.0) == merge(base)
    assert len(joined) <= len(merge(base))
