"""The rationalist bargaining model built from the scenario agrees with the five-player game."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mediation_sim as ms
from mediation_sim.testing.scenarios import scenario_parameters

# the closed form is the threshold of the one-shot (simultaneous) game
# known answers of the v0.1 payoffs (the revised flagship is pinned in
# tests/scenarios/test_ukraine_2023_revised.py and the docs)
SC = ms.scenarios.load("ukraine-2023-v0.1").with_structure("simultaneous")


def _others(params: dict[str, float]) -> dict[str, float]:
    return {k: v for k, v in params.items() if k != "china_pressure"}


@given(scenario_parameters(SC, within="bounds"))
def test_closed_form_critical_pressure_equals_the_games_threshold(params):
    """Over the whole parameter box, not just the plausible ranges."""
    params = _others(params)
    analytic = float(SC.critical_pressure("withdrawal", **params))
    game = ms.analysis.critical_value(
        SC, "china_pressure", outcome="withdrawal", mode="committed", **params
    )
    # the game accepts equilibria within tol * payoff range, i.e. ~1e-8 / leverage earlier
    slack = 1e-7 / params["leverage"]
    if analytic <= 1.0:
        assert game.value == pytest.approx(analytic, abs=slack)
        assert game.upper == 1.0
    else:
        assert math.isnan(game.value)


@given(scenario_parameters(SC), st.floats(0.0, 0.1), st.floats(0.0, 0.1))
def test_a_stronger_counter_offensive_lowers_the_critical_pressure(params, a, b):
    """C18 / DESIGN: raising Ukraine's battlefield odds lowers the critical pressure."""
    params = {k: v for k, v in _others(params).items() if k != "breakthrough_offensive"}
    weak, strong = sorted((a, b))
    crit_weak = SC.critical_pressure("withdrawal", breakthrough_offensive=weak, **params)
    crit_strong = SC.critical_pressure("withdrawal", breakthrough_offensive=strong, **params)
    assert crit_strong <= crit_weak + 1e-12
    # and the five-player game agrees
    g_weak = ms.analysis.critical_value(
        SC,
        "china_pressure",
        outcome="withdrawal",
        mode="committed",
        breakthrough_offensive=weak,
        **params,
    )
    g_strong = ms.analysis.critical_value(
        SC,
        "china_pressure",
        outcome="withdrawal",
        mode="committed",
        breakthrough_offensive=strong,
        **params,
    )
    if g_weak.holds_somewhere:
        assert g_strong.value <= g_weak.value + 1e-9


def test_the_model_reads_its_inputs_from_the_scenario():
    d = SC.defaults()
    model = SC.bargaining_model()
    p = (
        0.22 * d["share_breakthrough"]
        + 0.14 * d["share_russian_gains"]
        + 0.64 * d["share_prolonged_war"]
    )
    assert float(model.p) == pytest.approx(p)
    assert float(model.cost_a) == pytest.approx(d["war_cost_kyiv"] + d["kyiv_offensive_cost"])
    assert float(model.cost_b) == pytest.approx(d["war_cost_moscow"])
    assert float(model.leverage) == pytest.approx(d["leverage"])
    # the Nash bargaining point sits inside the bargaining range
    low, high = model.bargaining_range(0.3)
    assert low <= model.nash_share(0.3) <= high


def test_vectorised_over_assumptions():
    lev = np.array([0.6, 0.9, 1.3])
    crit = SC.critical_pressure(leverage=lev)
    np.testing.assert_allclose(crit * lev, crit[1] * 0.9)
    # the pressure value itself is irrelevant to its own critical value
    assert SC.critical_pressure(china_pressure=0.9) == SC.critical_pressure()


def test_a_frozen_ceasefire_never_suits_kyiv_at_central_values():
    """Kyiv's war value exceeds its share under frozen lines, so no pressure on Moscow helps."""
    assert SC.critical_pressure("ceasefire") == math.inf


def test_errors():
    with pytest.raises(ms.UnknownNameError, match="no settlement share"):
        SC.critical_pressure("prolonged_war")
    two = ms.scenarios.from_string(_no_bargaining_text())
    with pytest.raises(ms.SpecError, match="declares no"):
        two.critical_pressure()


def _no_bargaining_text() -> str:
    text = SC.spec.text
    start = text.index("[bargaining_model]")
    end = text.index("# ----", start)
    return text[:start] + text[end:]
