"""The flagship's v0.1 payoffs (``ukraine-2023-v0.1``) tell the story their claims explain.

These are known answers of the v0.1 game (its one-shot equilibria, its channel
algebra, its 15 declared checks), kept so that v0.1 results stay reproducible.
The revised flagship ``ukraine-2023`` is tested in ``test_ukraine_2023_revised.py``,
including the generic properties below where they hold for it too.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mediation_sim as ms
from mediation_sim.testing.scenarios import check_declared_assumptions, scenario_parameters

SC = ms.scenarios.load("ukraine-2023-v0.1")
WAR = ("prolonged_war", "ukrainian_breakthrough", "russian_gains")


def _equilibrium_outcomes(pressure: float, mode: str, **params: float) -> list[dict[str, float]]:
    g = SC.game(china_pressure=pressure, mode=mode, **params)
    return [
        SC.outcome_distribution(eq, china_pressure=pressure, mode=mode, **params)
        for eq in ms.solvers.pure_nash(g)
    ]


def _withdrawal_possible(pressure: float, mode: str, **params: float) -> bool:
    return any(
        d["withdrawal"] == pytest.approx(1.0)
        for d in _equilibrium_outcomes(pressure, mode, **params)
    )


@pytest.mark.parametrize("p", [0.0, 0.25, 0.5, 1.0])
def test_game_is_a_valid_five_player_game_for_any_pressure(p):
    for mode in ("strategic", "committed", "free"):
        g = SC.game(china_pressure=p, mode=mode)
        assert g.players == ("kyiv", "moscow", "washington", "brussels", "beijing")
        assert g.n_players == 5
        assert np.isfinite(g.payoffs).all()
    probs = SC.outcome_probabilities(china_pressure=p)
    np.testing.assert_allclose(probs.sum(axis=0), 1.0)
    assert probs.min() >= 0.0


def test_without_pressure_the_war_is_deadlocked():
    """C01: deadlock. The West backs Kyiv (C17), Kyiv fights on, Beijing sends an envoy (C04)."""
    res = ms.solvers.pure_nash(SC.game(china_pressure=0.0))
    assert len(res) >= 1
    for eq in res:
        labels = eq.pure_labels
        assert labels["kyiv"] == "fight_on"
        assert labels["moscow"] in ("fight_on", "offer_ceasefire")
        assert labels["washington"] == labels["brussels"] == "sustain_aid"
        assert labels["beijing"] == "nominal_envoy"
        d = SC.outcome_distribution(eq, china_pressure=0.0)
        assert d["withdrawal"] == d["ceasefire"] == 0.0
        assert d["prolonged_war"] > 0.5  # C18: a decisive breakthrough is a long shot
        assert 0.0 < d["ukrainian_breakthrough"] < d["prolonged_war"]


def test_committed_pressure_moves_moscow_past_a_threshold():
    """C07/C19: enough pressure makes withdrawal the equilibrium outcome."""
    assert not _withdrawal_possible(0.3, "committed")
    assert all(d["withdrawal"] == 1.0 for d in _equilibrium_outcomes(0.9, "committed"))


def test_strategic_beijing_presses_only_inside_a_window():
    """Pressure strong enough to move Moscow yet cheap enough for Beijing (C03, C13, C20)."""
    assert not _withdrawal_possible(0.3, "strategic")
    assert _withdrawal_possible(0.65, "strategic")
    assert not _withdrawal_possible(0.95, "strategic")
    # in the window the settlement equilibrium has Beijing pressing
    g = SC.game(china_pressure=0.65)
    pressing = [eq for eq in ms.solvers.pure_nash(g) if eq.pure_labels["moscow"] == "withdraw"]
    assert pressing
    assert all(eq.pure_labels["beijing"] == "press_moscow" for eq in pressing)


def test_modes_restrict_beijing():
    assert SC.game(china_pressure=0.5, mode="committed").strategies[4] == ("press_moscow",)
    assert SC.game(china_pressure=0.5).strategies[4] == (
        "back_moscow",
        "nominal_envoy",
        "press_moscow",
    )
    assert SC.modes == ("free", "strategic", "committed")
    assert SC.default_mode == "strategic"


def _profile(**overrides: str) -> dict[str, str]:
    base = {
        "kyiv": "fight_on",
        "moscow": "fight_on",
        "washington": "sustain_aid",
        "brussels": "sustain_aid",
        "beijing": "press_moscow",
    }
    return {**base, **overrides}


def _payoff(player: str, profile: dict[str, str], **params: float) -> float:
    g = SC.game(mode="free", **params)
    idx = tuple(g.strategy_index(i, profile[p]) for i, p in enumerate(g.players))
    return float(g.payoffs[(g.player_index(player), *idx)])


@given(scenario_parameters(SC), st.floats(0.0, 1.0), st.floats(0.0, 1.0))
def test_pressure_channels_have_the_documented_signs(params, p1, p2):
    """Each channel moves the payoff it is documented to move, in the documented direction."""
    lo, hi = sorted((p1, p2))
    params = {k: v for k, v in params.items() if k != "china_pressure"}
    war = _profile()
    # Moscow's cost of fighting on rises with pressure when Beijing presses
    assert (
        _payoff("moscow", war, china_pressure=hi, **params)
        <= _payoff("moscow", war, china_pressure=lo, **params) + 1e-12
    )
    # ... and does not depend on pressure when Beijing does not press
    envoy = _profile(beijing="nominal_envoy")
    assert _payoff("moscow", envoy, china_pressure=hi, **params) == pytest.approx(
        _payoff("moscow", envoy, china_pressure=lo, **params)
    )
    # Beijing's partnership cost rises with pressure
    assert (
        _payoff("beijing", war, china_pressure=hi, **params)
        <= _payoff("beijing", war, china_pressure=lo, **params) + 1e-12
    )
    # Beijing gains in Europe from a settlement it pressed for
    settled = _profile(moscow="withdraw")
    assert _payoff("beijing", settled, china_pressure=lo, **params) - _payoff(
        "beijing", _profile(moscow="withdraw", beijing="nominal_envoy"), china_pressure=lo, **params
    ) == pytest.approx(
        params["beijing_europe_gain"]
        - params["beijing_partnership_cost"] * lo
        - params["beijing_propaganda_value"]
    )
    # Washington's mixed view: a settlement is worth less to it when Beijing brokered it
    assert _payoff("washington", settled, china_pressure=lo, **params) == pytest.approx(
        _payoff(
            "washington",
            _profile(moscow="withdraw", beijing="nominal_envoy"),
            china_pressure=lo,
            **params,
        )
        - params["washington_china_narrative_cost"]
    )


def test_declared_assumptions_hold_under_hypothesis():
    """The scenario ships its assumptions as [[checks]]; each is run with @given."""
    assert check_declared_assumptions(SC) == len(SC.spec.checks) == 15


def test_batch_evaluation_equals_point_evaluation():
    grid = np.linspace(0.0, 1.0, 7)
    batch = SC.payoffs(china_pressure=grid, mode="committed")
    probs = SC.outcome_probabilities(china_pressure=grid, leverage=0.7)
    for k, p in enumerate(grid):
        np.testing.assert_allclose(batch[k], SC.game(china_pressure=p, mode="committed").payoffs)
        np.testing.assert_allclose(
            probs[k], SC.outcome_probabilities(china_pressure=p, leverage=0.7)
        )


def test_payoffs_are_affine_in_pressure():
    assert SC.is_affine_in("china_pressure")
    grid = np.array([0.0, 0.4, 1.0])
    p = SC.payoffs(china_pressure=grid)
    np.testing.assert_allclose(p[1], 0.6 * p[0] + 0.4 * p[2], atol=1e-12)


def test_outcome_distribution_of_a_mixed_profile_mixes_the_lotteries():
    g = SC.game(china_pressure=0.5, mode="committed")
    pure_w = {
        "kyiv": "fight_on",
        "moscow": "withdraw",
        "washington": "sustain_aid",
        "brussels": "sustain_aid",
        "beijing": "press_moscow",
    }
    pure_f = {**pure_w, "moscow": "fight_on"}
    mixed = {**pure_w, "moscow": {"withdraw": 0.25, "fight_on": 0.75}}
    dw = SC.outcome_distribution(pure_w, china_pressure=0.5, mode="committed")
    df = SC.outcome_distribution(pure_f, china_pressure=0.5, mode="committed")
    dm = SC.outcome_distribution(g.as_profile(mixed), china_pressure=0.5, mode="committed")
    for o in SC.outcomes:
        assert dm[o] == pytest.approx(0.25 * dw[o] + 0.75 * df[o])
    assert SC.settlement_probability(mixed, china_pressure=0.5, mode="committed") == pytest.approx(
        0.25
    )


def test_description_and_serialisation():
    assert "ukraine-2023" in repr(SC)
    d = SC.to_dict()
    assert d["parameters"]["china_pressure"]["kind"] == "control"
    assert d["modes"]["committed"] == {"beijing": "press_moscow"}
    assert "<table>" in SC._repr_html_()
    assert len(SC.sha256) == 64
