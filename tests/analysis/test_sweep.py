"""Sweeps: the batched path equals solving each grid point, and the frame follows its schema."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mediation_sim as ms

# the one-shot (v0.1) structure: these tests check the normal-form machinery;
# tests/scenarios/test_sequential.py covers the default, sequential structure
# known answers of the v0.1 payoffs (the revised flagship is pinned in
# tests/scenarios/test_ukraine_2023_revised.py and the docs)
SC = ms.scenarios.load("ukraine-2023-v0.1").with_structure("simultaneous")
TWO = ms.scenarios.from_toml(
    Path(__file__).parents[1] / "data" / "scenarios" / "two_party_mediation.toml"
)


@pytest.mark.parametrize("mode", ["committed", "strategic"])
def test_sweep_equals_pure_nash_at_every_point(mode):
    grid = np.linspace(0.0, 1.0, 21)
    df = ms.analysis.sweep(SC, china_pressure=grid, mode=mode)
    for k, p in enumerate(grid):
        g = SC.game(china_pressure=p, mode=mode)
        res = ms.solvers.pure_nash(g)
        rows = df[df["point"] == k]
        assert len(rows) == max(len(res), 1)
        assert (rows["n_equilibria"] == len(res)).all()
        expected = [tuple(eq.pure_labels.values()) for eq in res]
        got = [tuple(r) for r in rows[list(SC.players)].itertuples(index=False)]
        assert got == expected
        for eq, (_, row) in zip(res, rows.iterrows(), strict=True):
            dist = SC.outcome_distribution(eq, china_pressure=p, mode=mode)
            for o in SC.outcomes:
                assert row[f"prob_{o}"] == pytest.approx(dist[o])
            np.testing.assert_allclose(
                row[[f"payoff_{q}" for q in SC.players]].to_numpy(dtype=float), eq.payoffs
            )
            assert row["regret"] == pytest.approx(eq.regret, abs=1e-12)


def test_schema_and_metadata():
    df = ms.analysis.sweep(SC, china_pressure=[0.2, 0.8], mode="committed")
    expected = [
        "point",
        "china_pressure",
        "mode",
        "n_equilibria",
        "equilibrium",
        *SC.players,
        *(f"prob_{o}" for o in SC.outcomes),
        "settlement_probability",
        *(f"payoff_{p}" for p in SC.players),
        "regret",
        "method",
        "changed",
        "weakly_dominated",
        "indifferent",
        "subgame_perfect",
        "credible",
        "equilibrium_kind",
    ]
    assert list(df.columns) == expected
    meta = df.attrs["mediation_sim"]
    assert meta["scenario_sha256"] == SC.sha256
    assert meta["grid"] == {"china_pressure": [0.2, 0.8]}
    assert meta["mode"] == "committed"
    assert meta["wall_time"] > 0
    assert df["settlement_probability"].tolist() == pytest.approx(
        (df["prob_withdrawal"] + df["prob_ceasefire"]).tolist()
    )


def test_two_parameters_form_a_product_grid_and_changes_are_marked():
    df = ms.analysis.sweep(
        SC, china_pressure=np.linspace(0, 1, 5), breakthrough_offensive=[0.0, 0.05, 0.1]
    )
    points = df.drop_duplicates("point")
    assert len(points) == 15
    # last parameter fastest
    assert points["breakthrough_offensive"].tolist()[:3] == [0.0, 0.05, 0.1]
    assert not df.loc[df["point"] == 0, "changed"].any()
    changed_points = set(df.loc[df["changed"], "point"])
    for k in range(1, 15):
        a = df[df["point"] == k][list(SC.players)].to_numpy().tolist()
        b = df[df["point"] == k - 1][list(SC.players)].to_numpy().tolist()
        assert (k in changed_points) == (a != b)


PENNIES = """
schema_version = 1
[scenario]
name = "pennies"
[players.a]
strategies = ["x", "y"]
[players.b]
strategies = ["x", "y"]
[outcomes.match]
settlement = true
[outcomes.mismatch]
[parameters.stake]
kind = "control"
default = 1.0
bounds = [-1.0, 1.0]
[[outcome_rules]]
when = { a = "x", b = "x" }
lottery = "match"
[[outcome_rules]]
when = { a = "y", b = "y" }
lottery = "match"
[[outcome_rules]]
when = {}
lottery = "mismatch"
[utilities.a]
match = "stake"
mismatch = "-stake"
[utilities.b]
match = "-stake"
mismatch = "stake"
"""


def test_points_without_pure_equilibrium_get_one_row():
    """Matching pennies: no pure equilibrium unless stake = 0 (then every profile is one)."""
    sc = ms.scenarios.from_string(PENNIES)
    df = ms.analysis.sweep(sc, stake=[-1.0, 0.0, 1.0], mixed=False)
    none = df[df["n_equilibria"] == 0]
    assert sorted(none["point"]) == [0, 2]
    for _, row in none.iterrows():
        assert row["equilibrium"] == -1
        assert pd.isna(row["a"])
        assert np.isnan(row["settlement_probability"])
    zero = df[df["point"] == 1]
    assert zero["n_equilibria"].tolist() == [4, 4, 4, 4]
    assert zero["equilibrium"].tolist() == [0, 1, 2, 3]
    assert df["changed"].tolist() == [False, True, True, True, True, True]


@given(st.lists(st.floats(0.0, 1.0), min_size=1, max_size=8))
def test_sweep_is_independent_of_chunking(grid):
    a = ms.analysis.sweep(SC, china_pressure=grid, chunk_size=3)
    b = ms.analysis.sweep(SC, china_pressure=grid)
    pd.testing.assert_frame_equal(a, b)


def test_summarise_sweep():
    df = ms.analysis.sweep(SC, china_pressure=[0.0, 0.6, 0.9])
    s = ms.analysis.summarise_sweep(df)
    assert s["n_equilibria"].tolist() == [2, 3, 2]
    assert s["max_settlement"].tolist() == [0.0, 1.0, 0.0]
    assert s["outcomes"].tolist() == [
        "prolonged_war",
        "prolonged_war / withdrawal",
        "prolonged_war",
    ]


def test_validation():
    with pytest.raises(ms.InvalidArgumentError, match="at least one parameter grid"):
        ms.analysis.sweep(SC)
    with pytest.raises(ms.UnknownNameError, match="unknown parameter"):
        ms.analysis.sweep(SC, pressure=[0.1])
    with pytest.raises(ms.InvalidArgumentError, match="non-empty 1-D"):
        ms.analysis.sweep(SC, china_pressure=[[0.1, 0.2]])
    with pytest.raises(ms.ParameterOutOfBoundsError):
        ms.analysis.sweep(SC, china_pressure=[0.5, 1.5])
    with pytest.raises(ms.InvalidArgumentError, match="solver must be"):
        ms.analysis.sweep(SC, china_pressure=[0.5], solver="lemke")
    with pytest.raises(ms.InvalidArgumentError, match="needs the precision lam"):
        ms.analysis.sweep(SC, china_pressure=[0.5], solver="qre")


def test_qre_sweep_rows_are_the_qre_of_each_point():
    grid = [0.0, 0.3, 0.6]
    df = ms.analysis.sweep(SC, china_pressure=grid, solver="qre", lam=10.0, mode="committed")
    assert df["method"].unique().tolist() == ["qre(lam=10)"]
    for _, row in df.iterrows():
        g = SC.game(china_pressure=row["china_pressure"], mode="committed")
        q = ms.solvers.qre(g, lam=10.0)
        dist = SC.outcome_distribution(
            q.profile, china_pressure=row["china_pressure"], mode="committed"
        )
        assert row["settlement_probability"] == pytest.approx(
            dist["withdrawal"] + dist["ceasefire"], abs=1e-6
        )
        assert row["regret"] == pytest.approx(q.profile.regret, abs=1e-6)


def test_nash_sweep_rows_are_verified_equilibria():
    grid = [0.0, 0.6, 0.9]
    df = ms.analysis.sweep(SC, china_pressure=grid, solver="nash", mode="committed")
    assert (df["n_equilibria"] == 1).all()
    for _, row in df.iterrows():
        g = SC.game(china_pressure=row["china_pressure"], mode="committed")
        profile = {p: row[p] for p in SC.players}
        if all("|" not in str(v) for v in profile.values()):
            assert g.is_nash(profile)
    assert df["changed"].tolist() == [False, True, False]
