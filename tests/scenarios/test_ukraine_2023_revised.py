"""ukraine-2023: the flagship with its payoffs revised (issue 13, item 5), against v0.1."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mediation_sim as ms
from mediation_sim.scenarios import game_threshold
from mediation_sim.testing.scenarios import check_declared_assumptions, scenario_parameters

SC = ms.scenarios.load("ukraine-2023")
V01 = ms.scenarios.load("ukraine-2023-v0.1")


def test_the_flagship_is_the_revised_model_and_v01_stays_loadable() -> None:
    assert ms.scenarios.available() == ["ukraine-2023", "ukraine-2023-v0.1"]
    assert SC.name == "ukraine-2023"
    assert V01.name == "ukraine-2023-v0.1"
    assert {"aid_retention", "moscow_revisionist_value", "beijing_public_role_gain"} <= set(
        SC.parameters
    )
    assert not {"aid_retention", "moscow_revisionist_value"} & set(V01.parameters)
    # same game form: players, strategies, outcomes; v0.1 lacks one move order and the
    # structures whose terms are bargained
    assert SC.players == V01.players
    assert SC.strategies == V01.strategies
    assert SC.outcomes == V01.outcomes
    bargained = {name for name in SC.structures if SC.with_structure(name).bargaining}
    assert bargained == {
        "kyiv_demands",
        "moscow_offers",
        "beijing_mediates",
        "nash_talks",
        "alternating_talks",
    }
    assert set(SC.structures) - set(V01.structures) == {"west_answers_offer"} | bargained


def test_the_old_name_loads_the_flagship_with_a_deprecation_warning() -> None:
    with pytest.warns(DeprecationWarning, match=r"now called 'ukraine-2023'"):
        old = ms.scenarios.load("ukraine-2023-revised")
    assert old.name == "ukraine-2023"
    np.testing.assert_array_equal(old.payoffs(china_pressure=0.7), SC.payoffs(china_pressure=0.7))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ms.scenarios.load("ukraine-2023")  # the new name warns about nothing


def test_every_listed_scenario_loads_and_the_extension_is_not_listed() -> None:
    for name in ms.scenarios.available():
        assert ms.scenarios.load(name).name == name
    assert "ukraine-2023-beijing-type" not in ms.scenarios.available()
    with pytest.raises(ms.UnknownNameError, match=r"ukraine-2023-v0\.1"):
        ms.scenarios.load("ukraine-2023-beijing-type")
    assert ms.scenarios.load_beijing_type().scenario.name == "ukraine-2023-v0.1"


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


def _payoff(player: str, profile: dict[str, str], **params: float) -> float:
    g = SC.game(mode="free", **params)
    idx = tuple(g.strategy_index(i, profile[p]) for i, p in enumerate(g.players))
    return float(g.payoffs[(g.player_index(player), *idx)])


WAR = {
    "kyiv": "fight_on",
    "moscow": "fight_on",
    "washington": "sustain_aid",
    "brussels": "sustain_aid",
    "beijing": "press_moscow",
}


@given(scenario_parameters(SC), st.floats(0.0, 1.0), st.floats(0.0, 1.0))
def test_pressure_channels_have_the_documented_signs_and_scale_with_intensity(params, p1, p2):
    lo, hi = sorted((p1, p2))
    params = {k: v for k, v in params.items() if k != "china_pressure"}
    # Moscow's cost of fighting on rises with pressure when Beijing presses, only then
    assert (
        _payoff("moscow", WAR, china_pressure=hi, **params)
        <= _payoff("moscow", WAR, china_pressure=lo, **params) + 1e-12
    )
    envoy = {**WAR, "beijing": "nominal_envoy"}
    assert _payoff("moscow", envoy, china_pressure=hi, **params) == pytest.approx(
        _payoff("moscow", envoy, china_pressure=lo, **params)
    )
    # a settlement Beijing pressed for: Europe gain and partnership cost both times the
    # pressure, the propaganda value of an envoy forgone, the public role paid to both
    settled, settled_envoy = {**WAR, "moscow": "withdraw"}, {**envoy, "moscow": "withdraw"}
    gap = _payoff("beijing", settled, china_pressure=lo, **params) - _payoff(
        "beijing", settled_envoy, china_pressure=lo, **params
    )
    assert gap == pytest.approx(
        (params["beijing_europe_gain"] - params["beijing_partnership_cost"]) * lo
        - params["beijing_propaganda_value"],
        abs=1e-9,
    )
    # Washington's narrative cost of a China-brokered peace, times the pressure
    assert _payoff("washington", settled, china_pressure=lo, **params) == pytest.approx(
        _payoff("washington", settled_envoy, china_pressure=lo, **params)
        - params["washington_china_narrative_cost"] * lo,
        abs=1e-9,
    )


def test_payoffs_are_affine_in_pressure_and_batches_equal_points() -> None:
    assert SC.is_affine_in("china_pressure")
    grid = np.array([0.0, 0.4, 1.0])
    p = SC.payoffs(china_pressure=grid)
    np.testing.assert_allclose(p[1], 0.6 * p[0] + 0.4 * p[2], atol=1e-12)
    for k, x in enumerate(grid):
        np.testing.assert_allclose(p[k], SC.game(china_pressure=x).payoffs, atol=1e-12)
    probs = SC.outcome_probabilities(china_pressure=0.3)
    np.testing.assert_allclose(probs.sum(axis=0), 1.0)
    assert probs.min() >= 0.0
