"""ukraine-2023-revised: the flagship with its payoffs revised (issue 13, item 5)."""

from __future__ import annotations

import math

import numpy as np
import pytest

import mediation_sim as ms
from mediation_sim.scenarios import game_threshold
from mediation_sim.testing.scenarios import check_declared_assumptions

SC = ms.scenarios.load("ukraine-2023-revised")
V01 = ms.scenarios.load("ukraine-2023")


def test_headline_window_is_a_peace_settlement_under_the_default_structure() -> None:
    res = ms.analysis.critical_value(SC, "china_pressure", outcome="withdrawal")
    assert len(res.intervals) == 1
    lo, hi = res.intervals[0]
    assert lo == pytest.approx(0.680667, abs=1e-6)
    assert hi == pytest.approx(0.928, abs=1e-9)
    committed = ms.analysis.critical_value(
        SC, "china_pressure", outcome="withdrawal", mode="committed"
    )
    assert committed.intervals[0] == pytest.approx((0.680667, 1.0), abs=1e-6)
    # a frozen ceasefire is never on the default path
    assert ms.analysis.critical_value(SC, "china_pressure", outcome="ceasefire").intervals == ()
    # at the central pressure nothing settles, peace or freeze
    d = SC.subgame_perfect().outcome_distribution()
    assert d["withdrawal"] == 0.0
    assert d["ceasefire"] == 0.0


def test_game_threshold_exceeds_the_closed_form_and_the_protocols_are_reported() -> None:
    assert game_threshold(SC, "withdrawal") == pytest.approx(0.680667, abs=1e-6)
    assert float(SC.critical_pressure("withdrawal")) == pytest.approx(0.59)
    protocols = SC.protocol_critical_pressures()
    assert float(protocols["side_a_proposes"]) == pytest.approx(0.59)
    assert all(math.isinf(float(protocols[k])) for k in ("nash", "alternating", "side_b_proposes"))


def test_the_window_rests_on_a_stated_selection_after_a_ceasefire_offer() -> None:
    spe = SC.subgame_perfect(china_pressure=0.8)
    assert spe.labels()["moscow"] == "withdraw"
    assert not bool(spe.unique)
    assert int(spe.ties) == 2
    for beijing in ("press_moscow", "nominal_envoy"):
        g = SC.game(china_pressure=0.8, fix={"beijing": beijing, "moscow": "offer_ceasefire"})
        answers = {
            (eq.pure_labels["kyiv"], eq.pure_labels["washington"]) for eq in ms.solvers.pure_nash(g)
        }
        assert answers == {("fight_on", "sustain_aid"), ("accept_ceasefire", "press_for_talks")}
    # the structure where the West answers before Kyiv resolves it the other way
    other = SC.with_structure("west_answers_offer")
    grid = np.linspace(0.0, 1.0, 21)
    path = other.subgame_perfect(china_pressure=grid)
    assert bool(path.unique.all())
    assert np.allclose(path.probabilities[..., SC.outcomes.index("ceasefire")], 1.0)


def test_channels_vanish_at_intensity_zero_but_the_public_role_does_not() -> None:
    press = SC.payoffs(china_pressure=0.0, fix={"beijing": "press_moscow"})
    envoy = SC.payoffs(china_pressure=0.0, fix={"beijing": "nominal_envoy"})
    b = SC.players.index("beijing")
    others = [i for i in range(len(SC.players)) if i != b]
    np.testing.assert_allclose(press[others], envoy[others], atol=1e-12)
    prop = SC.defaults()["beijing_propaganda_value"]
    np.testing.assert_allclose(press[b], envoy[b] - prop, atol=1e-12)
    # the public role is paid to an engaged Beijing when the war ends in a settlement
    gain = SC.defaults()["beijing_public_role_gain"]
    w = SC.players.index("washington")
    withdraw = SC.payoffs(
        china_pressure=0.0, fix={"beijing": "nominal_envoy", "moscow": "withdraw"}
    )
    no_role = SC.payoffs(
        china_pressure=0.0,
        fix={"beijing": "nominal_envoy", "moscow": "withdraw"},
        beijing_public_role_gain=0.0,
    )
    np.testing.assert_allclose(withdraw[b] - no_role[b], gain, atol=1e-12)
    np.testing.assert_allclose(withdraw[w], no_role[w], atol=1e-12)


def test_an_aid_promise_costs_something_even_when_moscow_withdraws() -> None:
    def gap(sc: ms.scenarios.Scenario) -> float:
        fix = {"moscow": "withdraw", "beijing": "press_moscow", "kyiv": "fight_on"}
        pay = sc.payoffs(china_pressure=0.8, fix=fix)
        w = sc.players.index("washington")
        sustain = sc.strategies["washington"].index("sustain_aid")
        talks = sc.strategies["washington"].index("press_for_talks")
        return float(pay[w, 0, 0, sustain, 0, 0] - pay[w, 0, 0, talks, 0, 0])

    d = SC.defaults()
    assert gap(SC) == pytest.approx(
        -d["washington_aid_cost"] + d["washington_abandonment_cost"], abs=1e-12
    )
    assert gap(V01) == pytest.approx(V01.defaults()["washington_abandonment_cost"], abs=1e-12)


def test_moscows_revisionist_aim_is_in_its_payoffs_and_raises_the_threshold() -> None:
    rev = SC.defaults()["moscow_revisionist_value"]
    for outcome in ("ceasefire", "prolonged_war", "russian_gains"):
        assert SC.utility("moscow", outcome) - SC.utility(
            "moscow", outcome, moscow_revisionist_value=0.0
        ) == pytest.approx(rev)
    for outcome in ("withdrawal", "ukrainian_breakthrough"):
        assert SC.utility("moscow", outcome) == pytest.approx(
            SC.utility("moscow", outcome, moscow_revisionist_value=0.0)
        )
    low = game_threshold(SC, "withdrawal", mode="committed", moscow_revisionist_value=0.0)
    high = game_threshold(SC, "withdrawal", mode="committed", moscow_revisionist_value=0.2)
    assert low < game_threshold(SC, "withdrawal", mode="committed") < high


def test_eroding_aid_makes_moscow_harder_to_move() -> None:
    values = [
        game_threshold(SC, "withdrawal", mode="committed", aid_retention=r)
        for r in (0.5, 0.7, 0.9, 1.0)
    ]
    assert values == sorted(values, reverse=True)
    assert values[0] > values[-1]


def test_v01_structure_is_kept_as_a_named_variant() -> None:
    one_shot = SC.with_structure("simultaneous")
    assert one_shot.stages == (tuple(SC.players),)
    res = ms.analysis.critical_value(
        one_shot, "china_pressure", outcome="withdrawal", mode="committed"
    )
    assert res.value == pytest.approx(0.783333, abs=1e-6)


def test_declared_checks_on_the_game_hold() -> None:
    n = check_declared_assumptions(SC, max_examples=4)
    assert n == len(SC.spec.checks) == 16
