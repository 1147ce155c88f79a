"""Monte Carlo: reproducible however it is chunked, and each draw agrees with the exact analysis."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import mediation_sim as ms

# the one-shot (v0.1) structure: these tests check the normal-form machinery;
# tests/scenarios/test_sequential.py covers the default, sequential structure
# known answers of the v0.1 payoffs (the revised flagship is pinned in
# tests/scenarios/test_ukraine_2023_revised.py and the docs)
SC = ms.scenarios.load("ukraine-2023-v0.1").with_structure("simultaneous")


@pytest.fixture(scope="module")
def mc() -> ms.analysis.MonteCarloResult:
    return ms.analysis.monte_carlo(SC, n=300, rng=7, block_size=64, outcome="withdrawal")


def test_same_seed_same_result_whatever_the_chunking(mc):
    again = ms.analysis.monte_carlo(
        SC, n=300, rng=7, block_size=64, blocks_per_task=1, outcome="withdrawal"
    )
    pd.testing.assert_frame_equal(mc.draws, again.draws)
    pd.testing.assert_frame_equal(mc.curves, again.curves)
    other_seed = ms.analysis.monte_carlo(SC, n=300, rng=8, block_size=64, outcome="withdrawal")
    assert not other_seed.draws["leverage"].equals(mc.draws["leverage"])


def test_draws_are_a_prefix_of_a_longer_run(mc):
    longer = ms.analysis.monte_carlo(SC, n=500, rng=7, block_size=64, outcome="withdrawal")
    pd.testing.assert_frame_equal(longer.draws.iloc[:300], mc.draws, check_like=False)


def test_a_generator_seed_is_recorded_and_reusable():
    first = ms.analysis.monte_carlo(
        SC, n=64, rng=np.random.default_rng(3), block_size=32, outcome="withdrawal"
    )
    entropy = int(first.metadata["seed_entropy"])
    again = ms.analysis.monte_carlo(
        SC, n=64, rng=np.random.SeedSequence(entropy), block_size=32, outcome="withdrawal"
    )
    pd.testing.assert_frame_equal(first.draws, again.draws)


def test_draws_stay_within_ranges_and_controls_at_defaults(mc):
    for name, p in SC.parameters.items():
        if p.lens == "forecast":  # the forecast lens's own parameters are not reported
            assert name not in mc.draws
            continue
        if name == "china_pressure":
            assert name not in mc.draws
            continue
        col = mc.draws[name]
        assert col.between(*p.range).all(), name
    assert mc.draws["leverage"].std() > 0


def test_each_draw_matches_critical_value(mc):
    for _, row in mc.draws.head(12).iterrows():
        params = {k: float(row[k]) for k in SC.parameters if k != "china_pressure" and k in row}
        exact = ms.analysis.critical_value(SC, "china_pressure", outcome="withdrawal", **params)
        if exact.holds_somewhere:
            assert row["critical_value"] == pytest.approx(exact.value, abs=1e-9)
            assert row["window_upper"] == pytest.approx(exact.upper, abs=1e-9)
            assert row["n_intervals"] == len(exact.intervals)
        else:
            assert np.isnan(row["critical_value"])
            assert row["n_intervals"] == 0


def test_curves_match_a_sweep_for_one_draw(mc):
    row = mc.draws.iloc[3]
    params = {k: float(row[k]) for k in SC.parameters if k != "china_pressure" and k in row}
    grid = mc.metadata["grid"]
    df = ms.analysis.sweep(SC, china_pressure=grid, **{k: [v] for k, v in params.items()})
    per_point = df.groupby("point")["prob_withdrawal"]
    curve = mc.curves[mc.curves["draw"] == 3]
    np.testing.assert_allclose(curve["best"].to_numpy(), per_point.max().to_numpy())
    np.testing.assert_allclose(curve["worst"].to_numpy(), per_point.min().to_numpy())


def test_conclusions_quantiles_bands_and_summary(mc):
    share = mc.share("critical_value < 0.7")
    assert share == pytest.approx((mc.draws["critical_value"] < 0.7).mean())
    assert mc.share(lambda d: d["n_intervals"] >= 1) == pytest.approx(
        mc.draws["critical_value"].notna().mean()
    )
    qs = mc.critical_quantiles([0.1, 0.9])
    assert qs.iloc[0] <= qs.iloc[1]
    band = mc.band()
    assert list(band.columns) == [0.05, 0.5, 0.95]
    assert (band[0.05] <= band[0.95]).all()
    assert "critical value quantiles" in mc.summary()
    assert "300 draws" in repr(mc)
    assert len(mc.to_dict()["draws"]) == 300
    assert mc.metadata["draws_per_second"] > 0


def test_committed_pressure_always_works_eventually():
    """With Beijing committed, enough pressure moves Moscow in every draw of the ranges."""
    committed = ms.analysis.monte_carlo(
        SC, n=128, rng=1, mode="committed", block_size=64, outcome="withdrawal"
    )
    assert committed.draws["critical_value"].notna().all()
    assert (committed.draws["window_upper"] == 1.0).all()


def test_validation():
    with pytest.raises(ms.InvalidArgumentError, match="n must be an integer"):
        ms.analysis.monte_carlo(SC, n=0, outcome="withdrawal")
    with pytest.raises(ms.InvalidArgumentError, match="rng must be"):
        ms.analysis.monte_carlo(SC, n=10, rng=-3, outcome="withdrawal")
    with pytest.raises(ms.UnknownNameError):
        ms.analysis.monte_carlo(SC, n=10, parameter="pressure", outcome="withdrawal")
    with pytest.raises(ms.UnknownNameError):
        ms.analysis.monte_carlo(SC, n=10, outcome="peace")
    with pytest.raises(ms.ParameterOutOfBoundsError):
        ms.analysis.monte_carlo(SC, n=10, grid=[0.0, 2.0], outcome="withdrawal")
    with pytest.raises(ms.UnknownNameError, match="no mode"):
        ms.analysis.monte_carlo(SC, n=10, mode="hostile", outcome="withdrawal")


def test_sensitivity_one_at_a_time_matches_critical_value():
    res = ms.analysis.sensitivity(SC, method="oat", mode="committed", outcome="withdrawal")
    top = res.frame.iloc[0]
    assert top["assumption"] == "leverage"
    lo, hi = SC.parameters["leverage"].range
    for value, column in ((lo, "low"), (hi, "high")):
        exact = ms.analysis.critical_value(
            SC, "china_pressure", outcome="withdrawal", mode="committed", leverage=value
        )
        assert top[column] == pytest.approx(exact.value)
    assert top["effect"] < 0  # more leverage, lower critical pressure
    effects = res.frame["effect"].abs().to_numpy()
    assert (np.diff(effects) <= 1e-12).all()


def test_sobol_indices_single_out_leverage():
    res = ms.analysis.sensitivity(
        SC, method="sobol", n=64, rng=0, mode="committed", outcome="withdrawal"
    )
    row = res.frame.set_index("assumption").loc["leverage"]
    assert row["total_order"] == res.frame["total_order"].max()
    assert 0.0 <= row["first_order"] <= 1.0
    assert res.metadata["n"] == 64
    again = ms.analysis.sensitivity(
        SC, method="sobol", n=64, rng=0, mode="committed", outcome="withdrawal"
    )
    pd.testing.assert_frame_equal(res.frame, again.frame)
    assert "leverage" in repr(res)
    assert res.to_dict()["rows"][0]["assumption"] == "leverage"


def test_sequential_draws_without_pure_spe_are_filled_by_backward_induction():
    # Where a simultaneous stage has no pure equilibrium there is no pure SPE;
    # the fill must come from the game tree (a mixed SPE), not from the one-shot
    # game's Nash equilibria, which would drop the move order.
    sc = ms.scenarios.load("ukraine-2023-v0.1")
    plain = ms.analysis.monte_carlo(sc, n=6, rng=0, mixed=False, progress=False)
    missing = plain.curves["best"].isna()
    assert missing.any()
    filled = ms.analysis.monte_carlo(sc, n=6, rng=0, progress=False)
    curves = filled.curves
    assert set(curves.loc[missing, "equilibrium_kind"]) == {"mixed"}
    assert (curves.loc[~missing, "equilibrium_kind"] == "pure").all()
    assert np.array_equal(curves.loc[missing, "best"], curves.loc[missing, "worst"])
    row = curves[missing].iloc[0]
    point = {
        k: float(v)
        for k, v in filled.draws.set_index("draw").loc[int(row["draw"])].items()
        if k in sc.parameters
    }
    point["china_pressure"] = float(row["china_pressure"])
    tree = sc.game_tree(**point)
    spe = ms.solvers.backward_induction(tree)
    order = [p for stage in sc.stages for p in stage]
    game = sc.game(**point)
    paths = spe.outcome_probabilities(by="path").items()
    expected = sum(
        w * sc.settlement_probability(game.pure_profile(dict(zip(order, p, strict=True))), **point)
        for p, w in paths
    )
    assert row["best"] == pytest.approx(expected, abs=1e-12)


def test_the_control_parameter_is_the_default_not_the_flagships_name():
    # issue 10: analysis defaults come from the scenario, not from "china_pressure"
    from .test_sweep import PENNIES

    with pytest.raises(ms.InvalidArgumentError, match="no assumption to draw"):
        ms.analysis.monte_carlo(ms.scenarios.from_string(PENNIES), n=8, outcome="match")
    text = PENNIES.replace(
        "[[outcome_rules]]",
        "[parameters.tilt]\ndefault = 0.0\nrange = [-0.5, 0.5]\nbounds = [-1.0, 1.0]\n"
        'judgement = true\njudgement_reason = "a test assumption"\n\n'
        "[[outcome_rules]]",
        1,
    )
    sc = ms.scenarios.from_string(text)
    assert "china_pressure" not in sc.parameters
    mc = ms.analysis.monte_carlo(sc, n=8, rng=0, outcome="match", progress=False)
    assert mc.parameter == "stake"
    explicit = ms.analysis.monte_carlo(
        sc, n=8, rng=0, parameter="stake", outcome="match", progress=False
    )
    assert mc.draws.equals(explicit.draws)


@pytest.mark.parametrize(
    "scenario",
    [SC, ms.scenarios.load("ukraine-2023")],
    ids=["one-shot", "sequential flagship"],
)
def test_keep_critical_keeps_the_same_critical_values_and_nothing_else(scenario):
    full = ms.analysis.monte_carlo(scenario, n=150, rng=11, block_size=32)
    lean = ms.analysis.monte_carlo(scenario, n=150, rng=11, block_size=32, keep="critical")
    columns = ["draw", "critical_value", "window_upper", "n_intervals"]
    assert list(lean.draws.columns) == columns
    pd.testing.assert_frame_equal(lean.draws, full.draws[columns])
    assert lean.curves.empty
    assert list(lean.curves.columns) == list(full.curves.columns)
    assert lean.metadata["keep"] == "critical"
    assert full.metadata["keep"] == "all"
    assert lean.share("critical_value < 0.7") == full.share("critical_value < 0.7")
    pd.testing.assert_series_equal(lean.critical_quantiles(), full.critical_quantiles())
    with pytest.raises(ms.InvalidArgumentError, match="keep='all'"):
        lean.band()
    assert ms.io.loads_result(ms.io.dumps_result(lean)) == lean


def test_keep_is_validated():
    with pytest.raises(ms.InvalidArgumentError, match="keep must be 'all' or 'critical'"):
        ms.analysis.monte_carlo(SC, n=10, keep="curves", outcome="withdrawal")
