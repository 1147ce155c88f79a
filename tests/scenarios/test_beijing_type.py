"""Beijing's type: the ukraine-2023 scenario with a mediator of uncertain intent."""

from __future__ import annotations

import math
import tomllib
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mediation_sim as ms
from mediation_sim.scenarios.beijing_type import load_beijing_type

ROOT = Path(__file__).resolve().parents[2]
CLAIMS = tomllib.loads((ROOT / "seeds" / "claims.toml").read_text())["claims"]
DATA = (
    ROOT
    / "src"
    / "mediation_sim"
    / "scenarios"
    / "extension_data"
    / "ukraine-2023-beijing-type.toml"
)
MODEL = load_beijing_type()
WINDOW = 0.6  # inside the base scenario's withdrawal window


def test_every_assumption_has_provenance():
    assert set(MODEL.parameters) >= {"prior_sincere", "belief_kyiv", "belief_washington"}
    for p in MODEL.parameters.values():
        assert p.rationale
        assert p.claims
        assert all(c in CLAIMS for c in p.claims), p.name
        assert p.range[0] <= p.value <= p.range[1]
    assert {"C04", "C08", "C09"} <= set(MODEL.parameters["prior_sincere"].claims)
    assert ms.scenarios.load_beijing_type is load_beijing_type


@pytest.mark.parametrize(
    ("old", "new", "match"),
    [
        ("value = 0.35", "value = 0.95", "outside its range"),
        ('informed = ["moscow"]', 'informed = ["minsk"]', "unknown player"),
        ('nominal = "nominal_envoy"', 'nominal = "tea"', "not a strategy"),
        ("value = 0.45", "value = nan", "finite"),
        ('pressure_parameter = "china_pressure"', 'pressure_parameter = "x"', "unknown parameter"),
        ("[parameters.alignment]", "[parameters.alignment", "malformed TOML"),
    ],
)
def test_bad_data_is_refused_with_file_and_key(tmp_path: Path, old: str, new: str, match: str):
    text = DATA.read_text()
    assert old in text
    bad = tmp_path / "bad.toml"
    bad.write_text(text.replace(old, new, 1))
    with pytest.raises(ms.SpecError, match=match) as info:
        load_beijing_type(bad)
    assert str(bad) in str(info.value)


def test_common_prior_agent_form_is_the_bayesian_type_agent_form():
    beliefs = {f"belief_{p}": 0.35 for p in MODEL.uninformed}
    mine = MODEL.agent_game(china_pressure=WINDOW, **beliefs)
    theirs = MODEL.bayesian_game(china_pressure=WINDOW).type_agent_game()
    assert mine.shape == theirs.shape
    np.testing.assert_allclose(mine.payoffs, theirs.payoffs, atol=1e-12)


def test_settlement_premium_inside_the_window():
    """Moscow knows the type; the aligned type never presses: P(withdrawal) = prior."""
    prem = MODEL.credibility_premium(china_pressure=WINDOW, n=21)
    assert prem.target_certain == pytest.approx(1.0)
    assert prem.target_doubt == pytest.approx(MODEL.parameters["prior_sincere"].value)
    assert prem.settlement_premium == pytest.approx(1 - 0.35)
    # Moscow informed: Kyiv's and Washington's doubt does not move the pressure window
    assert prem.window_doubt == prem.window_certain
    assert prem.window_certain[0] <= WINDOW <= prem.window_certain[1]
    assert prem.to_dict()["pressure_premium"] == pytest.approx(0.0)


def test_moscow_in_the_dark_narrows_the_window():
    """Structure is an assumption: if Moscow is unsure too, doubt shrinks the window."""
    dark = MODEL.with_informed([])
    assert "moscow" in dark.uninformed
    certain = MODEL.window(n=21)
    doubt = dark.window(n=21)
    assert certain[0] <= doubt[0] <= doubt[1] <= certain[1]
    assert doubt[1] - doubt[0] < certain[1] - certain[0]
    sol = dark.solve(china_pressure=WINDOW)
    assert max(sol.target) < 0.35 + 1e-12
    # a belief for the newly uninformed Moscow can be set like the others'
    prem = dark.credibility_premium(china_pressure=WINDOW, belief_moscow=0.35, n=11)
    assert prem.target_certain == pytest.approx(1.0)
    assert prem.target_doubt < prem.target_certain


@settings(max_examples=8, deadline=None)
@given(st.floats(0.05, 0.95))
def test_sweep_over_the_prior(rho: float):
    frame = MODEL.sweep_prior([rho], china_pressure=WINDOW)
    assert frame.loc[0, "target_max"] == pytest.approx(rho)
    assert frame.loc[0, "settlement_premium"] == pytest.approx(1 - rho)


def test_mediator_optimum_is_a_verified_communication_equilibrium():
    res = MODEL.mediator_optimum(china_pressure=WINDOW)
    best_bne = max(
        MODEL.solve(
            china_pressure=WINDOW, belief_kyiv=0.35, belief_washington=0.35, belief_brussels=0.35
        ).target
    )
    assert res.value >= best_bne - 1e-9
    assert res.incentive_violations.max() <= 1e-8 * res.game.payoff_range
    assert res.value == pytest.approx(0.35, abs=1e-7)


def test_visible_step_band():
    step = MODEL.visible_step(china_pressure=WINDOW)
    assert step.gain_sincere > 0
    assert step.separating == (step.upper >= step.lower)
    assert step.lower == pytest.approx(max(0.0, step.gain_aligned - step.strain))
    costly = MODEL.visible_step(china_pressure=WINDOW, step_partnership_strain=10.0)
    assert costly.lower == 0.0
    assert math.isfinite(step.to_dict()["upper"])
