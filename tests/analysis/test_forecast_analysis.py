"""Forecast sweeps, crossings, Monte Carlo and plots (analysis._forecast)."""

from __future__ import annotations

import json
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pytest

import mediation_sim as ms

SC = ms.scenarios.load("ukraine-2023")
GRID = np.linspace(0.0, 1.0, 9)


@pytest.fixture(scope="module")
def frame():  # type: ignore[no-untyped-def]
    return ms.analysis.forecast_sweep(SC, china_pressure=GRID, mode="committed")


def test_sweep_sets_forecast_beside_the_equilibrium(frame) -> None:  # type: ignore[no-untyped-def]
    forecast = ms.scenarios.forecast_settlements(SC, china_pressure=GRID)
    per_point = frame.groupby("point")["forecast"].first().to_numpy()
    assert np.allclose(per_point, forecast)
    d = SC.defaults()
    shares = {
        "withdrawal": d["share_withdrawal"],
        "ceasefire": d["share_ceasefire"],
        "prolonged_war": d["share_prolonged_war"],
        "ukrainian_breakthrough": d["share_breakthrough"],
        "russian_gains": d["share_russian_gains"],
    }
    eq = ms.analysis.sweep(SC, china_pressure=GRID, mode="committed")
    expected = sum(eq[f"prob_{o}"].to_numpy() * v for o, v in shares.items())
    assert np.allclose(frame["equilibrium_settlement"], expected)
    assert np.allclose(frame["gap"], frame["forecast"] - frame["equilibrium_settlement"])
    assert frame.attrs["mediation_sim"]["kind"] == "forecast_sweep"
    # withdrawal at high pressure puts the committed-mode equilibrium near 1
    high = frame[frame["china_pressure"] == 1.0]
    assert high["equilibrium_settlement"].max() == pytest.approx(d["share_withdrawal"])


@pytest.mark.parametrize("target", [0.4, 0.55, 0.6, 0.65])
def test_crossing_brackets_the_forecast(target: float) -> None:
    res = ms.analysis.forecast_crossing(SC, target, xtol=1e-7)
    f = ms.scenarios.forecast_settlements
    fine = np.linspace(0.0, 1.0, 401)
    above = f(SC, china_pressure=fine) >= target
    changes = np.flatnonzero(above[:-1] != above[1:])
    # every sign change of a fine scan lies next to a reported crossing (the
    # coarse scan may miss pairs of crossings that cancel between its points)
    for c, d in zip(res.crossings, res.directions, strict=True):
        lo, hi = c - 1e-6, c + 1e-6
        assert (f(SC, china_pressure=hi) >= target) == (d == "up")
        assert (f(SC, china_pressure=lo) >= target) == (d == "down")
    if res.found:
        assert np.min(np.abs(fine[changes] - res.value)) <= fine[1] + 1e-9
    json.dumps(res.to_dict())


def test_no_crossing_is_reported_as_such() -> None:
    res = ms.analysis.forecast_crossing(SC, 0.99)
    assert not res.found
    assert np.isnan(res.value)
    assert res.crossings == ()
    assert res.to_dict()["value"] is None
    assert "none" in repr(res)


def test_crossing_rejects_bad_options() -> None:
    with pytest.raises(ms.UnknownNameError, match="no parameter 'pressure'"):
        ms.analysis.forecast_crossing(SC, 0.5, parameter="pressure")
    with pytest.raises(ms.InvalidArgumentError, match="direction"):
        ms.analysis.forecast_crossing(SC, 0.5, direction="sideways")  # type: ignore[arg-type]
    with pytest.raises(ms.InvalidArgumentError, match="finite"):
        ms.analysis.forecast_crossing(SC, float("nan"))


def test_monte_carlo_is_reproducible_and_executor_independent() -> None:
    kw = {"rng": 7, "block_size": 64, "china_pressure": 0.5}
    serial = ms.analysis.forecast_monte_carlo(SC, 300, **kw)  # type: ignore[arg-type]
    with ProcessPoolExecutor(max_workers=2) as pool:
        parallel = ms.analysis.forecast_monte_carlo(SC, 300, executor=pool, **kw)  # type: ignore[arg-type]
    assert serial.draws.drop(columns=[]).equals(parallel.draws)
    assert parallel.metadata["executor"] == "ProcessPoolExecutor"
    other = ms.analysis.forecast_monte_carlo(SC, 300, rng=8, china_pressure=0.5, block_size=64)
    assert not other.draws["forecast"].equals(serial.draws["forecast"])


def test_monte_carlo_samples_the_forecast_assumptions_within_their_ranges() -> None:
    mc = ms.analysis.forecast_monte_carlo(SC, 400, rng=3, china_pressure=0.2)
    sampled = mc.metadata["sampled"]
    assert "china_pressure" not in sampled
    assert "forecast_moscow_shift" in sampled
    for name in sampled:
        lo, hi = SC.parameters[name].range
        assert mc.draws[name].between(lo, hi).all(), name
    # each draw's forecast is the model at that draw's values
    row = mc.draws.iloc[17]
    one = ms.scenarios.forecast(
        SC, china_pressure=0.2, **{k: float(row[k]) for k in sampled}
    ).settlement
    assert row["forecast"] == pytest.approx(one, abs=1e-12)
    q = mc.quantiles([0.1, 0.9])
    assert q.iloc[0] <= q.iloc[1]
    assert 0.0 <= mc.share_above(0.5) <= 1.0
    assert repr(mc).startswith("ForecastMonteCarloResult(400 draws")
    json.dumps(mc.to_dict())


def test_plots_draw_paths_and_sweep(frame) -> None:  # type: ignore[no-untyped-def]
    mpl = pytest.importorskip("matplotlib")
    mpl.use("Agg")
    res = ms.scenarios.forecast(SC, china_pressure=0.6)
    ax = ms.analysis.plot_forecast_paths(res)
    ys = [line.get_ydata() for line in ax.get_lines()]
    assert np.allclose(ys[1], res.path[:, 1])
    assert np.allclose(ys[len(res.names)], res.median)
    ax2 = ms.analysis.plot_forecast_sweep(frame)
    assert np.allclose(ax2.get_lines()[0].get_ydata(), frame.groupby("point")["forecast"].first())
    with pytest.raises(ms.InvalidArgumentError, match="no column"):
        ms.analysis.plot_forecast_sweep(frame, parameter="leverage")


def test_forecast_sweep_with_the_smp_lens() -> None:
    sc = ms.scenarios.load("ukraine-2023")
    grid = np.array([0.0, 0.6, 1.0])
    df = ms.analysis.forecast_sweep(sc, china_pressure=grid, lens="smp")
    by_point = df.drop_duplicates("china_pressure").set_index("china_pressure")
    for p in grid:
        res = ms.scenarios.forecast_smp(sc, china_pressure=float(p), max_rounds=200)
        assert by_point.loc[p, "forecast"] == pytest.approx(res.settlement)
    assert (df["gap"] == df["forecast"] - df["equilibrium_settlement"]).all()
    assert df.attrs["mediation_sim"]["lens"] == "smp"
    with pytest.raises(ms.InvalidArgumentError, match="lens"):
        ms.analysis.forecast_sweep(sc, china_pressure=grid, lens="ktab")  # type: ignore[arg-type]
