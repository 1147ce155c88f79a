"""ms.analysis.report: every section of `mediation-sim report`, computed once."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

import mediation_sim as ms
from mediation_sim.scenarios.scenario import Scenario

ROOT = Path(__file__).resolve().parents[2]
SC = ms.scenarios.load("ukraine-2023")


@pytest.fixture(scope="module")
def flagship() -> ms.analysis.ScenarioReport:
    return ms.analysis.report(SC)


def test_sections_agree_with_the_functions_they_summarise(flagship):
    assert [s.mode for s in flagship.modes] == ["strategic", "committed"]
    for sec in flagship.modes:
        for outcome, res in sec.critical["china_pressure"].items():
            direct = ms.analysis.critical_value(
                SC, "china_pressure", outcome=outcome, mode=sec.mode
            )
            assert res.intervals == direct.intervals
        # the sequential flagship: the subgame-perfect path, its outcome distribution
        assert sec.method == "backward_induction"
        assert sec.equilibria == ()
        assert [dict(d) for d in sec.outcomes] == [dict(c.outcomes) for c in sec.credibility]
    assert flagship.analytic["china_pressure"]["withdrawal"] == pytest.approx(
        SC.critical_pressure("withdrawal")
    )
    assert math.isinf(flagship.analytic["china_pressure"]["ceasefire"])
    cmp = ms.analysis.compare_structures(SC, "china_pressure", outcome="withdrawal")
    assert flagship.structures["china_pressure"].flips() == cmp.flips()
    terms = {t.outcome: t for t in flagship.protocols["china_pressure"]}
    assert terms["withdrawal"].bargained
    assert dict(terms["withdrawal"].critical) == pytest.approx(
        dict(SC.protocol_critical_pressures("withdrawal"))
    )
    assert not terms["ceasefire"].bargained  # its share is below Kyiv's value of war
    assert terms["ceasefire"].share <= terms["ceasefire"].reservation


def test_each_closed_form_is_computed_once(monkeypatch):
    calls: list[str] = []
    original = Scenario.critical_pressure

    def counted(self, outcome, **params):
        calls.append(outcome)
        return original(self, outcome, **params)

    monkeypatch.setattr(Scenario, "critical_pressure", counted)
    ms.analysis.report(SC, modes=["committed"], dynamic=False)
    assert sorted(calls) == sorted(SC.settlement_outcomes)


def test_when_should_pressure_come(flagship):
    timing = flagship.timing
    assert timing is not None
    assert timing.scenario == "ukraine-2023-dynamic"
    dyn = ms.scenarios.load_dynamic("ukraine-2023-dynamic")
    expected = ms.analysis.critical_pressure_by_start(dyn, target=0.9)
    assert list(timing.starts) == expected["start"].tolist()
    np.testing.assert_allclose(timing.critical, expected["critical_pressure"], equal_nan=True)
    # later pressure never needs less: the bar rises until no pressure is enough
    finite = [c for c in timing.critical if not math.isnan(c)]
    assert finite == sorted(finite)
    assert timing.latest_start == 3
    assert all(math.isnan(c) for c in timing.critical[4:])
    assert timing.without_pressure == pytest.approx(dyn.solve(0.0, 0).settled_within)
    assert timing.without_pressure < timing.target
    assert any(line.startswith("When pressure should come") for line in flagship.summary())


def test_timing_is_optional_and_absent_without_a_dynamic_variant():
    assert ms.analysis.report(SC, modes=["committed"], dynamic=False).timing is None
    user = ms.scenarios.from_toml(
        ROOT / "tests" / "data" / "scenarios" / "two_party_mediation.toml"
    )
    assert ms.analysis.report(user).timing is None
    lower = ms.analysis.report(SC, modes=["committed"], dynamic="ukraine-2023-dynamic", target=0.5)
    assert lower.timing is not None
    assert lower.timing.critical[0] <= 0.711  # a lower target needs no more pressure


def test_several_equilibria_are_listed_with_their_kind_and_completeness():
    # a known answer of the v0.1 one-shot game: two pure equilibria, proved the full list
    v01 = ms.scenarios.load("ukraine-2023-v0.1")
    rep = ms.analysis.report(v01, structure="simultaneous", modes=["strategic"], dynamic=False)
    sec = rep.modes[0]
    game = rep.scenario.game(mode="strategic")
    pure = ms.solvers.pure_nash(game)
    assert len(pure) == 2
    assert sec.method == "all_nash"
    assert sec.complete
    assert sec.kinds == ("pure", "pure")  # the full list: no mixed equilibrium here
    assert all(game.is_nash(e) for e in sec.equilibria)


def test_mixed_equilibria_are_listed_and_incompleteness_said():
    rep = ms.analysis.report(
        SC, structure="simultaneous", modes=["strategic"], dynamic=False, china_pressure=0.6
    )
    sec = rep.modes[0]
    game = rep.scenario.game(mode="strategic", china_pressure=0.6)
    assert sec.kinds.count("pure") == len(ms.solvers.pure_nash(game)) == 3
    assert "mixed" in sec.kinds
    assert all(game.is_nash(e, tol=1e-6) for e in sec.equilibria)
    for e, d in zip(sec.equilibria, sec.outcomes, strict=True):
        assert sum(d.values()) == pytest.approx(1.0)
        assert dict(d) == pytest.approx(
            rep.scenario.outcome_distribution(e, mode="strategic", china_pressure=0.6)
        )
    assert not sec.complete  # a degenerate game: sets of equilibria
    assert "not proved complete" in sec.completeness


def test_one_pure_equilibrium_says_mixed_ones_were_not_searched():
    rep = ms.analysis.report(
        SC, structure="simultaneous", modes=["committed"], dynamic=False, china_pressure=0.75
    )
    sec = rep.modes[0]
    # the one-shot game at 0.75 with Beijing committed: a freeze, its only pure equilibrium
    game = rep.scenario.game(mode="committed", china_pressure=0.75)
    assert len(ms.solvers.pure_nash(game)) == 1
    assert sec.outcomes[0]["ceasefire"] == pytest.approx(1.0)
    assert sec.method == "pure_nash"
    assert sec.kinds == ("pure",)
    assert not sec.complete
    assert "not searched" in sec.completeness


def test_to_dict_is_strict_json_and_repr_is_short(flagship):
    data = json.loads(json.dumps(flagship.to_dict(), allow_nan=False))
    assert data["analytic_critical_values"]["china_pressure"]["ceasefire"] == "inf"
    assert data["protocols"]["china_pressure"]["withdrawal"]["nash"] == "inf"
    assert "ceasefire" not in data["protocols"]["china_pressure"]  # not bargained
    assert data["timing"]["critical_pressure"][:4] == pytest.approx([0.711, 0.711, 0.804, 0.918])
    assert data["timing"]["critical_pressure"][4] is None
    assert data["summary"] == list(flagship.summary())
    assert repr(flagship) == (
        "ScenarioReport('ukraine-2023', structure='sequential', "
        "modes=('strategic', 'committed'), timing=yes)"
    )
    assert "<li>" in flagship._repr_html_()


def test_bad_input_is_refused_by_name():
    with pytest.raises(ms.UnknownNameError, match="unknown mode 'nosuch'"):
        ms.analysis.report(SC, modes=["nosuch"], dynamic=False)
    with pytest.raises(ms.MediationSimError, match="china_pressure"):
        ms.analysis.report(SC, dynamic=False, china_pressure=2.0)
