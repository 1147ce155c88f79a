"""The [forecast] table of a scenario spec and the flagship's forecast inputs."""

from __future__ import annotations

import re

import numpy as np
import pytest

import mediation_sim as ms
from mediation_sim.models import forecasting as fc

SC = ms.scenarios.load("ukraine-2023")
TEXT = SC.spec.text


def test_flagship_declares_five_actors_with_provenance() -> None:
    fs = ms.scenarios.forecast_spec(SC)
    assert fs.actors == ("kyiv", "moscow", "washington", "brussels", "beijing")
    assert fs.bounds == (0.0, 1.0)
    assert "china_pressure" in fs.parameters
    for name in fs.parameters:
        p = SC.parameters[name]
        assert p.claims or p.judgement or p.kind == "control", name
    assert set(fs.outcome_values) == set(SC.outcomes)


def test_pressure_moves_moscow_and_adds_weight_behind_beijing() -> None:
    d = SC.defaults()
    inp = ms.scenarios.forecast_inputs(SC, china_pressure=np.array([0.0, 0.5, 1.0]))
    moscow, beijing = 1, 4
    shift = d["forecast_moscow_shift"]
    expected = d["forecast_position_moscow"] + shift * np.array([0.0, 0.5, 1.0])
    assert inp.positions[:, moscow] == pytest.approx(expected)
    extra = d["forecast_pressure_capability"] * np.array([0.0, 0.5, 1.0])
    assert inp.capabilities[:, beijing] == pytest.approx(d["forecast_capability_beijing"] + extra)
    # the other actors do not depend on pressure
    others = [0, 2, 3]
    assert np.ptp(inp.positions[:, others], axis=0) == pytest.approx(0.0)
    assert inp.outcome_values["ceasefire"] == pytest.approx(d["share_ceasefire"])


def test_forecast_is_the_bdm_model_on_the_declared_inputs() -> None:
    d = SC.defaults()
    actors = ("kyiv", "moscow", "washington", "brussels", "beijing")
    x = [d[f"forecast_position_{a}"] for a in actors]
    x[1] += d["forecast_moscow_shift"] * 0.3
    c = [d[f"forecast_capability_{a}"] for a in actors]
    c[4] += d["forecast_pressure_capability"] * 0.3
    s = [d[f"forecast_salience_{a}"] for a in actors]
    direct = fc.bdm_forecast(x, c, s, names=actors, bounds=(0.0, 1.0))
    res = ms.scenarios.forecast(SC, china_pressure=0.3)
    assert np.allclose(res.path, direct.path)
    assert res.settlement == direct.settlement


def test_settlements_for_arrays_match_one_point_at_a_time() -> None:
    grid = np.linspace(0.0, 1.0, 6)
    out = ms.scenarios.forecast_settlements(SC, china_pressure=grid)
    one = [ms.scenarios.forecast(SC, china_pressure=float(p)).settlement for p in grid]
    assert np.allclose(out, one, atol=1e-12)
    assert np.all((out >= 0.0) & (out <= 1.0))


def test_forecast_refuses_arrays_and_scenarios_without_a_table() -> None:
    with pytest.raises(ms.InvalidArgumentError, match="forecast_settlements"):
        ms.scenarios.forecast(SC, china_pressure=np.array([0.1, 0.2]))  # type: ignore[arg-type]
    # without the table, no parameter may be declared as read only by it
    bare = re.sub(r"\n\[forecast\][\s\S]*\Z", "\n", TEXT).replace('lens = "forecast"\n', "")
    sc = ms.scenarios.from_string(bare, name="bare.toml")
    with pytest.raises(ms.InvalidArgumentError, match="declares no \\[forecast\\]"):
        ms.scenarios.forecast(sc)


@pytest.mark.parametrize(
    ("old", "new", "match"),
    [
        (
            'salience = "forecast_salience_kyiv"',
            'salience = "no_such_parameter"',
            r"unknown parameter\(s\) \['no_such_parameter'\]",
        ),
        ('salience = "forecast_salience_kyiv"', "", "missing key 'salience'"),
        ("bounds = [0.0, 1.0]\noutcome", "bounds = [1.0, 0.0]\noutcome", "low < high"),
        ('outcome = "median"', 'outcome = "mode"', "outcome must be 'median' or 'mean'"),
        (
            'outcome = "median"',
            'outcome = "median"\nhorizon = 3',
            r"unknown key\(s\) \['horizon'\]",
        ),
        (
            'outcome_values = { withdrawal = "share_withdrawal", ',
            'outcome_values = { surrender = "share_withdrawal", ',
            "unknown outcome 'surrender'",
        ),
        ("[forecast.actors.kyiv]", "[forecast.actors.Kyiv]", "snake_case identifier"),
        ('mode = "committed"', 'mode = "hopeful"', "unknown mode 'hopeful'"),
    ],
)
def test_bad_forecast_tables_name_key_and_line(old: str, new: str, match: str) -> None:
    start = TEXT.index("\n[forecast]")
    text = TEXT[:start] + TEXT[start:].replace(old, new, 1)
    with pytest.raises(ms.SpecError, match=match) as info:
        ms.scenarios.from_string(text, name="edited.toml")
    assert "edited.toml" in str(info.value)


def test_forecast_election_reads_the_same_inputs() -> None:
    inp = ms.scenarios.forecast_inputs(SC, china_pressure=0.6)
    direct = fc.spatial_election(inp.positions, inp.capabilities, inp.saliences, bounds=(0, 1))
    el = ms.scenarios.forecast_election(SC, china_pressure=0.6)
    assert el.probabilities == pytest.approx(direct.probabilities)
    assert el.options.tolist() == sorted(set(inp.positions.tolist()))


def test_forecast_smp_reads_the_same_inputs() -> None:
    inp = ms.scenarios.forecast_inputs(SC, china_pressure=0.4)
    res = ms.scenarios.forecast_smp(SC, china_pressure=0.4, max_rounds=5)
    direct = fc.smp_forecast(
        inp.positions, inp.capabilities, inp.saliences, bounds=inp.bounds, max_rounds=5
    )
    assert res.names == inp.actors
    np.testing.assert_array_equal(res.path, direct.path)
    assert res.settlement == direct.settlement
    with pytest.raises(ms.InvalidArgumentError, match="one value"):
        ms.scenarios.forecast_smp(SC, china_pressure=[0.0, 1.0])  # type: ignore[arg-type]


def test_forecast_smp_leaves_out_actors_without_salience() -> None:
    res = ms.scenarios.forecast_smp(SC, forecast_salience_beijing=0.0, max_rounds=3)
    assert res.names == ("kyiv", "moscow", "washington", "brussels")
