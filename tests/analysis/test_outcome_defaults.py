"""Analysis defaults name no outcome of the flagship (issue 10, item 3).

``monte_carlo``, ``sensitivity``, ``game_threshold`` and the closed forms of
``Scenario`` default to ``"settlement"``: any of the scenario's declared
settlement outcomes. The scenarios here have no ``withdrawal`` outcome.
"""

from __future__ import annotations

import inspect
import math
from pathlib import Path

import numpy as np
import pytest

import mediation_sim as ms

DATA = Path(__file__).resolve().parents[1] / "data" / "scenarios"
TWO = ms.scenarios.from_toml(DATA / "two_party_mediation.toml")
BARGAIN = ms.scenarios.from_toml(DATA / "bargaining_stage.toml")


@pytest.mark.parametrize(
    "func",
    [
        ms.analysis.monte_carlo,
        ms.analysis.sensitivity,
        ms.scenarios.game_threshold,
        ms.scenarios.Scenario.critical_pressure,
        ms.scenarios.Scenario.protocol_critical_pressures,
    ],
    ids=lambda f: f.__qualname__,
)
def test_the_default_outcome_is_settlement(func):
    assert inspect.signature(func).parameters["outcome"].default == "settlement"


def test_monte_carlo_defaults_to_the_scenarios_settlement_outcomes():
    assert "withdrawal" not in TWO.outcomes
    assert TWO.settlement_outcomes == ("deal",)
    mc = ms.analysis.monte_carlo(TWO, n=16, rng=3, progress=False)
    explicit = ms.analysis.monte_carlo(TWO, n=16, rng=3, outcome="deal", progress=False)
    assert mc.metadata["outcome"] == "settlement"
    assert mc.draws["critical_value"].equals(explicit.draws["critical_value"])
    assert mc.draws["critical_value"].notna().any()


def test_sensitivity_and_game_threshold_default_to_settlement():
    res = ms.analysis.sensitivity(TWO, method="oat")
    explicit = ms.analysis.sensitivity(TWO, method="oat", outcome="deal")
    assert res.baseline == explicit.baseline
    assert res.frame.equals(explicit.frame)
    assert math.isfinite(res.baseline)
    assert ms.scenarios.game_threshold(TWO) == ms.scenarios.game_threshold(TWO, "deal")
    assert ms.scenarios.game_threshold(TWO) == ms.scenarios.game_threshold(TWO, None)
    assert ms.scenarios.game_threshold(TWO) == pytest.approx(res.baseline, abs=1e-9)


def test_the_closed_forms_default_to_settlement_without_a_withdrawal_outcome():
    assert "withdrawal" not in BARGAIN.outcomes
    assert float(BARGAIN.critical_pressure()) == float(BARGAIN.critical_pressure("deal"))
    by_default = BARGAIN.protocol_critical_pressures()
    explicit = BARGAIN.protocol_critical_pressures("deal")
    assert by_default.keys() == explicit.keys()
    for k in explicit:
        assert float(by_default[k]) == float(explicit[k]), k
    with pytest.raises(ms.UnknownNameError, match="withdrawal"):
        BARGAIN.critical_pressure("withdrawal")


def test_settlement_in_the_flagships_closed_forms_is_the_easiest_settlement_in_reach():
    sc = ms.scenarios.load("ukraine-2023")
    # a ceasefire (share 0.2) is below Kyiv's value of war: pressure cannot bring it,
    # so the easiest settlement in reach is withdrawal, under every protocol
    assert float(sc.critical_pressure("ceasefire")) == math.inf
    assert float(sc.critical_pressure()) == float(sc.critical_pressure("withdrawal"))
    assert {k: float(v) for k, v in sc.protocol_critical_pressures().items()} == {
        k: float(v) for k, v in sc.protocol_critical_pressures("withdrawal").items()
    }
    # a ceasefire worth more to Kyiv than war (share 0.5 > p - c_K = 0.209) is the
    # easier settlement: "settlement" then follows it, not withdrawal
    kyiv_war = sc.bargaining_model()
    assert float(kyiv_war.p - kyiv_war.cost_a) == pytest.approx(0.209)
    generous = {k: float(v) for k, v in sc.protocol_critical_pressures(share_ceasefire=0.5).items()}
    ceasefire = sc.protocol_critical_pressures("ceasefire", share_ceasefire=0.5)
    assert generous == {k: float(v) for k, v in ceasefire.items()}
    assert generous["side_a_proposes"] == pytest.approx(0.034444, abs=1e-6)
    assert generous["side_a_proposes"] < float(sc.critical_pressure("withdrawal"))
    assert float(sc.critical_pressure(share_ceasefire=0.5)) == pytest.approx(0.034444, abs=1e-6)
    # arrays broadcast: the minimum is taken point by point
    lev = np.array([0.5, 0.9, 1.5])
    np.testing.assert_array_equal(
        sc.critical_pressure(leverage=lev), sc.critical_pressure("withdrawal", leverage=lev)
    )
