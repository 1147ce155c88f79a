"""Analysis of the dynamic scenario: timing grids, outcomes over time, Monte Carlo, plots."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pandas as pd
import pytest

import mediation_sim as ms


@pytest.fixture(scope="module")
def sc() -> ms.scenarios.DynamicScenario:
    return ms.scenarios.load_dynamic("ukraine-2023-dynamic")


def test_timing_grid_agrees_with_solve(sc):
    grid = ms.analysis.timing_grid(sc, np.linspace(0, 1, 5), [0, 3, 9])
    assert len(grid) == 15
    for row in grid.itertuples():
        sol = sc.solve(row.pressure, row.start)
        assert row.settled_within == pytest.approx(sol.settled_within)
        assert row.kyiv_value == pytest.approx(sol.values[0])
        if sol.settled_within > 0:
            assert row.expected_quarters == pytest.approx(sol.expected_quarters)
            assert row.expected_terms == pytest.approx(sol.expected_terms)


def test_value_of_early_pressure(sc):
    grid = ms.analysis.timing_grid(sc, [0.8], range(12))
    settled = grid["settled_within"].to_numpy()
    assert settled[0] > settled[-1]
    # pressure that starts after the war has mostly ended is worth nothing
    base = ms.analysis.timing_grid(sc, [0.0], [0])["settled_within"].iloc[0]
    assert settled[-1] == pytest.approx(base, abs=0.05)


def test_outcomes_over_time_sum_to_one(sc):
    frame = ms.analysis.outcomes_over_time(sc, pressure=0.8, start=1)
    sums = frame.groupby("quarter")["probability"].sum().to_numpy()
    np.testing.assert_allclose(sums, 1.0)
    settled = frame[frame.outcome == "settled"]["probability"].to_numpy()
    assert (np.diff(settled) >= -1e-12).all()


def test_critical_pressure_by_start_is_nondecreasing_here(sc):
    frame = ms.analysis.critical_pressure_by_start(sc, [0, 1, 2, 3], resolution=201)
    values = frame["critical_pressure"].to_numpy()
    assert (np.diff(values) >= 0).all()


def test_monte_carlo_is_reproducible_and_chunking_does_not_matter_for_fixed_blocks(sc):
    a = ms.analysis.dynamic_monte_carlo(sc, 300, pressure=0.7, rng=5, block_size=100)
    b = ms.analysis.dynamic_monte_carlo(sc, 300, pressure=0.7, rng=5, block_size=100)
    pd.testing.assert_frame_equal(a.draws, b.draws)
    assert a.metadata["seed_entropy"] == 5
    assert "settled_within: median" in a.summary()
    assert len(a.curves) == 300 * 13
    assert a.to_dict()["metadata"]["n"] == 300
    for key, par in sc.parameters.items():
        if key in a.draws:
            assert a.draws[key].between(par.low, par.high).all()


def test_monte_carlo_process_pool_equals_serial(sc):
    serial = ms.analysis.dynamic_monte_carlo(sc, 250, pressure=0.5, start=2, rng=11, block_size=50)
    with ProcessPoolExecutor(max_workers=2) as pool:
        parallel = ms.analysis.dynamic_monte_carlo(
            sc, 250, pressure=0.5, start=2, rng=11, block_size=50, executor=pool
        )
    pd.testing.assert_frame_equal(serial.draws, parallel.draws)
    pd.testing.assert_frame_equal(serial.curves, parallel.curves)
    assert parallel.metadata["executor"] == "ProcessPoolExecutor"


def test_monte_carlo_seeds(sc):
    gen = np.random.default_rng(3)
    res = ms.analysis.dynamic_monte_carlo(sc, 10, rng=gen)
    assert len(res.draws) == 10
    seq = np.random.SeedSequence(4)
    assert ms.analysis.dynamic_monte_carlo(sc, 10, rng=seq).metadata["seed_entropy"] == 4
    with pytest.raises(ms.InvalidArgumentError, match="rng"):
        ms.analysis.dynamic_monte_carlo(sc, 10, rng=-1)
    with pytest.raises(ms.InvalidArgumentError, match="n"):
        ms.analysis.dynamic_monte_carlo(sc, 0)
    with pytest.raises(ms.InvalidArgumentError, match="DynamicScenario"):
        ms.analysis.timing_grid(ms.scenarios.load("ukraine-2023"), [0.0], [0])


def test_plots(sc):
    pytest.importorskip("matplotlib")
    import matplotlib as mpl

    mpl.use("Agg")
    import matplotlib.pyplot as plt

    _fig, axes = plt.subplots(1, 3)
    mc = ms.analysis.dynamic_monte_carlo(sc, 60, pressure=0.8, rng=2)
    assert ms.analysis.plot_settlement_fan(mc.curves, ax=axes[0]) is axes[0]
    grid = ms.analysis.timing_grid(sc, np.linspace(0, 1, 6), range(4))
    assert ms.analysis.plot_timing_heatmap(grid, value="expected_quarters", ax=axes[1]) is axes[1]
    frame = ms.analysis.outcomes_over_time(sc, 0.3, 1)
    assert ms.analysis.plot_outcomes_over_time(frame, ax=axes[2]) is axes[2]
    with pytest.raises(ms.InvalidArgumentError, match="lacks columns"):
        ms.analysis.plot_timing_heatmap(frame)
    with pytest.raises(ms.InvalidArgumentError, match="band"):
        ms.analysis.plot_settlement_fan(mc.curves, bands=((0.9, 0.1),))
    plt.close("all")
