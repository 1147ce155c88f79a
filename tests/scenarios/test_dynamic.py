"""ukraine-2023-dynamic: the vectorised backward induction checked on the stochastic game."""

from __future__ import annotations

import tomllib
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mediation_sim as ms

ROOT = Path(__file__).parents[2]
CLAIMS = tomllib.loads((ROOT / "seeds" / "claims.toml").read_text())["claims"]


@pytest.fixture(scope="module")
def sc() -> ms.scenarios.DynamicScenario:
    return ms.scenarios.load_dynamic("ukraine-2023-dynamic")


def policy_profiles(sc: ms.scenarios.DynamicScenario, sol: ms.scenarios.DynamicSolution):
    n_quarters = int(sc.parameters["quarters"].default)
    n_front = int(sc.parameters["front_steps"].default) + 1
    row = []
    for t in range(n_quarters + 1):
        for f in range(n_front):
            for w in range(2):
                if t == n_quarters:
                    row.append([[1.0], [1.0]])
                elif sol.settle[t, f, w]:
                    row.append([[0.0, 1.0], [0.0, 1.0]])
                else:
                    row.append([[1.0, 0.0], [1.0, 0.0]])
    row.append([[1.0], [1.0]])
    return [row] * (n_quarters + 1), n_quarters, n_front


@pytest.mark.parametrize(("pressure", "start"), [(0.0, 0), (0.8, 0), (0.8, 5), (1.0, 2)])
def test_policy_passes_the_one_shot_deviation_check_on_the_game(sc, pressure, start):
    sol = sc.solve(pressure, start)
    g = sc.game(pressure, start)
    profiles, n_quarters, n_front = policy_profiles(sc, sol)
    regrets = ms.solvers.finite_horizon_regrets(g, profiles).max(axis=2)
    # in period k the game is in a state of quarter k: check those
    for k in range(n_quarters + 1):
        states = slice(k * n_front * 2, (k + 1) * n_front * 2)
        assert regrets[k, states].max() <= 1e-9 * g.payoff_range


def test_probabilities_add_up(sc):
    sol = sc.solve(0.5, 3)
    total = sol.settlement_by_quarter.sum() + sol.frozen
    assert total == pytest.approx(1.0)
    np.testing.assert_allclose(sol.war_states[0], [1.0, 0.0])
    alive = sol.war_states.sum(axis=1)
    np.testing.assert_allclose(alive[:-1] - alive[1:], sol.settlement_by_quarter, atol=1e-12)
    ok = sol.settlement_by_quarter > 0
    terms = sol.terms_by_quarter[ok]
    assert ((terms >= 0) & (terms <= 0.6 + 1e-12)).all()
    d = sol.to_dict()
    assert d["settled_within"] == pytest.approx(sol.settled_within)
    assert "DynamicSolution(pressure=0.5, start=3" in repr(sol)


def test_batch_equals_one_at_a_time(sc):
    pressures = np.array([0.0, 0.4, 0.9])
    starts = np.array([[0], [4]])
    res = sc.batch(pressures, starts)
    assert res["settlement_by_quarter"].shape == (2, 3, 12)
    for i, s in enumerate([0, 4]):
        for j, p in enumerate(pressures):
            one = sc.solve(float(p), s)
            np.testing.assert_allclose(
                res["settlement_by_quarter"][i, j], one.settlement_by_quarter
            )


def test_early_pressure_beats_late_pressure(sc):
    # the scenario's answer to "when?": the same pressure settles more when it starts early
    early = sc.solve(0.8, 0).settled_within
    late = sc.solve(0.8, 6).settled_within
    assert early > late
    crit = [sc.critical_pressure(k, target=0.9) for k in range(4)]
    assert crit == sorted(crit)
    assert np.isnan(sc.critical_pressure(10, target=0.9))


def test_no_pressure_means_start_is_irrelevant(sc):
    a = sc.solve(0.0, 0)
    b = sc.solve(0.0, 7)
    np.testing.assert_array_equal(a.settle, b.settle)


@settings(max_examples=20)
@given(st.floats(0.0, 1.0), st.integers(0, 11), st.floats(0.015, 0.04))
def test_moscow_never_worse_off_settling_where_it_settles(p, start, cost):
    sc = ms.scenarios.load_dynamic("ukraine-2023-dynamic")
    sol = sc.solve(p, start, cost_moscow=cost)
    # values are at least the settlement value when the policy settles at the start
    if sol.settle[0, 2, 0]:
        x = 0.2
        assert sol.values[1] == pytest.approx((1 - x) / (1 - 0.97))
    assert np.isfinite(sol.values).all()


def test_every_assumption_has_provenance(sc):
    for p in sc.parameters.values():
        assert p.claims or p.judgement, p.name
        assert set(p.claims) <= set(CLAIMS), p.name
        assert p.low <= p.default <= p.high
    assert {"C16", "C18"} <= {c for p in sc.parameters.values() for c in p.claims}


def test_sample_within_ranges(sc):
    draws = sc.sample(200, rng=1)
    for key, par in sc.parameters.items():
        assert (draws[key] >= par.low).all()
        assert (draws[key] <= par.high).all()
    res = sc.batch(
        0.5,
        0,
        **{k: v for k, v in draws.items() if k not in ("quarters", "front_steps", "front_start")},
    )
    assert res["frozen"].shape == (200,)


def test_errors(sc, tmp_path):
    with pytest.raises(ms.UnknownNameError, match="available"):
        ms.scenarios.load_dynamic("nope")
    with pytest.raises(ms.UnknownNameError, match="unknown parameter"):
        sc.solve(0.5, 0, bogus=1.0)
    with pytest.raises(ms.InvalidArgumentError, match="gain"):
        sc.solve(0.5, 0, gain=0.9, loss=0.5)
    with pytest.raises(ms.InvalidArgumentError, match="pressure"):
        sc.batch(-1.0, 0)
    with pytest.raises(ms.InvalidArgumentError, match="scalar"):
        sc.solve(0.5, 0, cost_kyiv=np.array([0.03, 0.04]))  # type: ignore[arg-type]
    with pytest.raises(ms.InvalidArgumentError, match="target"):
        sc.critical_pressure(0, target=0.0)
    text = (
        Path(ms.scenarios.dynamic.__file__).parent / "dynamic_data" / "ukraine-2023-dynamic.toml"
    ).read_text()
    bad = tmp_path / "bad.toml"
    bad.write_text(text.replace("default = 0.04\nlow = 0.02", "default = nan\nlow = 0.02", 1))
    with pytest.raises(ms.SpecError, match="finite") as info:
        ms.scenarios.dynamic_from_toml(bad)
    assert info.value.line is not None
    bad.write_text(
        text.replace('claims = ["C16"]\njudgement = false', "claims = []\njudgement = false", 1)
    )
    with pytest.raises(ms.SpecError, match="judgement"):
        ms.scenarios.dynamic_from_toml(bad)
    bad.write_text("[scenario\n")
    with pytest.raises(ms.SpecError, match="invalid TOML"):
        ms.scenarios.dynamic_from_toml(bad)
    with pytest.raises(ms.SpecError, match="cannot read"):
        ms.scenarios.dynamic_from_toml(tmp_path / "missing.toml")
    good = tmp_path / "good.toml"
    good.write_text(text)
    assert ms.scenarios.dynamic_from_toml(good).solve(0.5, 0).settled_within == pytest.approx(
        sc.solve(0.5, 0).settled_within
    )
