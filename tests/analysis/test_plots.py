"""Plots draw the numbers of the analysis they are given (Agg backend, no image comparison)."""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
import pytest

import mediation_sim as ms

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import colors as mcolors  # noqa: E402
from matplotlib.collections import PatchCollection, PolyCollection, QuadMesh  # noqa: E402

# the one-shot (v0.1) structure: these tests check the normal-form machinery;
# tests/scenarios/test_sequential.py covers the default, sequential structure
# known answers of the v0.1 payoffs (the revised flagship is pinned in
# tests/scenarios/test_ukraine_2023_revised.py and the docs)
SC = ms.scenarios.load("ukraine-2023-v0.1").with_structure("simultaneous")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def sweep_frame() -> pd.DataFrame:
    return ms.analysis.sweep(SC, china_pressure=np.linspace(0, 1, 41), mode="strategic")


@pytest.fixture(scope="module")
def mc() -> ms.analysis.MonteCarloResult:
    return ms.analysis.monte_carlo(
        SC, n=200, rng=3, grid=np.linspace(0, 1, 11), outcome="withdrawal"
    )


def _legend_texts(ax) -> list[str]:
    return [t.get_text() for t in ax.get_legend().get_texts()]


# ----------------------------------------------------------------- settlement curve
def test_settlement_curve_draws_best_and_worst_equilibrium(sweep_frame):
    ax = ms.analysis.plot_settlement_curve(sweep_frame)
    best, worst = ax.get_lines()[:2]
    expected = sweep_frame.groupby("china_pressure")["settlement_probability"]
    np.testing.assert_allclose(best.get_xdata(), np.linspace(0, 1, 41))
    np.testing.assert_allclose(best.get_ydata(), expected.max().to_numpy())
    np.testing.assert_allclose(worst.get_ydata(), expected.min().to_numpy())
    # the window of the flagship: settlement possible only between 0.55 and 0.75
    x = best.get_xdata()
    assert best.get_ydata()[(x > 0.56) & (x < 0.74)].min() == 1.0
    assert best.get_ydata()[(x < 0.54) | (x > 0.76)].max() == 0.0
    assert best.get_drawstyle() == "steps-mid"  # pure equilibria change between grid points
    assert ax.get_xlabel() == "china pressure"
    assert ax.get_ylabel() == "probability of settlement"
    assert len([c for c in ax.collections if isinstance(c, PolyCollection)]) == 1


def test_settlement_curve_marks_exact_crossings(sweep_frame):
    crit = ms.analysis.critical_value(SC, "china_pressure", mode="strategic")
    ax = ms.analysis.plot_settlement_curve(sweep_frame, critical=crit)
    vertical = [ln for ln in ax.get_lines() if ln.get_linestyle() == ":"]
    assert sorted(ln.get_xdata()[0] for ln in vertical) == pytest.approx([0.55, 0.75])
    assert any("[0.55, 0.75]" in t for t in _legend_texts(ax))
    assert sorted(t.get_text() for t in ax.texts) == ["0.55", "0.75"]


def test_settlement_curve_of_one_outcome(sweep_frame):
    ax = ms.analysis.plot_settlement_curve(sweep_frame, outcome="ceasefire")
    assert ax.get_ylabel() == "probability of ceasefire"
    assert np.all(ax.get_lines()[0].get_ydata() == 0.0)  # no ceasefire equilibrium here
    with pytest.raises(ms.UnknownNameError, match="ceasefire"):
        ms.analysis.plot_settlement_curve(sweep_frame, outcome="peace")


def test_settlement_curve_monte_carlo_band(mc):
    ax = ms.analysis.plot_settlement_curve(mc, band=(0.1, 0.9))
    median, mean = ax.get_lines()
    band = mc.band((0.1, 0.5, 0.9))
    np.testing.assert_allclose(median.get_ydata(), band[0.5].to_numpy())
    np.testing.assert_allclose(
        mean.get_ydata(), mc.curves.groupby("china_pressure")["best"].mean().to_numpy()
    )
    (fill,) = [c for c in ax.collections if isinstance(c, PolyCollection)]
    ys = fill.get_paths()[0].vertices[:, 1]
    assert ys.min() == pytest.approx(band[0.1].min())
    assert ys.max() == pytest.approx(band[0.9].max())
    assert "10%–90% of draws" in _legend_texts(ax)
    assert ax.get_ylabel() == "probability of withdrawal"  # the Monte Carlo outcome


def test_settlement_curve_overlays_sweep_and_monte_carlo_on_given_axes(sweep_frame, mc):
    _, given = plt.subplots()
    ax = ms.analysis.plot_settlement_curve([sweep_frame, mc], ax=given, color="k")
    assert ax is given
    assert len(ax.get_lines()) == 4  # best, worst, median, mean
    assert ax.get_lines()[0].get_color() == "k"
    # the sweep follows the Monte Carlo outcome unless told otherwise
    assert ax.get_ylabel() == "probability of withdrawal"


def test_settlement_curve_rejects_bad_input(sweep_frame):
    two = ms.analysis.sweep(SC, china_pressure=[0.0, 0.6], leverage=[0.9, 1.2])
    with pytest.raises(ms.InvalidArgumentError, match="plot_phase_diagram"):
        ms.analysis.plot_settlement_curve(two)
    with pytest.raises(ms.InvalidArgumentError, match="band"):
        ms.analysis.plot_settlement_curve(sweep_frame, band=(0.9, 0.1))
    with pytest.raises(ms.InvalidArgumentError, match="sweep DataFrame or a MonteCarloResult"):
        ms.analysis.plot_settlement_curve([1, 2])


# ----------------------------------------------------------------- phase diagram
@pytest.fixture(scope="module")
def phase_frame() -> pd.DataFrame:
    return ms.analysis.sweep(
        SC, china_pressure=np.linspace(0, 1, 21), leverage=np.linspace(0.5, 1.5, 6)
    )


def test_phase_diagram_colours_each_cell_by_its_best_equilibrium(phase_frame):
    ax = ms.analysis.plot_phase_diagram(phase_frame, "china_pressure", "leverage", scenario=SC)
    (mesh,) = [c for c in ax.collections if isinstance(c, QuadMesh)]
    colours = mesh.to_rgba(mesh.get_array()).reshape(6, 21, 4)
    summary = ms.analysis.summarise_sweep(phase_frame)
    withdrawal = summary["outcomes"].str.contains("withdrawal").to_numpy().reshape(21, 6).T
    war_colour = colours[0, 0]  # zero pressure: prolonged war
    assert not withdrawal[0, 0]
    is_war = np.all(np.isclose(colours, war_colour), axis=-1)
    np.testing.assert_array_equal(~is_war, withdrawal)
    assert _legend_texts(ax) == [
        "Russian withdrawal",
        "Prolonged war",
        "several equilibrium outcomes",
    ]


def test_phase_diagram_hatches_coexisting_outcomes(phase_frame):
    ax = ms.analysis.plot_phase_diagram(phase_frame, "china_pressure", "leverage")
    (hatched,) = [c for c in ax.collections if isinstance(c, PatchCollection)]
    summary = ms.analysis.summarise_sweep(phase_frame)
    assert len(hatched.get_paths()) == int(summary["outcomes"].str.contains(" / ").sum()) > 0
    assert hatched.get_hatch() == "////"
    # without a scenario, outcome ids name the regions
    assert "withdrawal" in _legend_texts(ax)
    assert ax.get_xlabel() == "china pressure"
    assert ax.get_ylabel() == "leverage"


def test_phase_diagram_marks_points_without_pure_equilibrium():
    matching = ms.scenarios.from_string(
        """
schema_version = 1
[scenario]
name = "pennies"
[players.a]
strategies = ["h", "t"]
[players.b]
strategies = ["h", "t"]
[outcomes.match]
settlement = true
[outcomes.miss]
[parameters.x]
kind = "control"
default = 0.5
bounds = [0.0, 1.0]
[parameters.y]
default = 0.5
bounds = [0.0, 1.0]
judgement = true
[[outcome_rules]]
when = { a = "h", b = "h" }
lottery = "match"
[[outcome_rules]]
when = { a = "t", b = "t" }
lottery = "match"
[[outcome_rules]]
when = {}
lottery = "miss"
[utilities.a]
match = "x"
miss = "-x"
[utilities.b]
match = "-y"
miss = "y"
"""
    )
    # mixed=False keeps the empty rows the diagram marks (the default solves them by all_nash)
    frame = ms.analysis.sweep(matching, x=[0.2, 0.8], y=[0.0, 0.5], mixed=False)
    ax = ms.analysis.plot_phase_diagram(frame, "x", "y")
    # at y = 0 player b is indifferent, so pure equilibria exist; at y = 0.5 none does
    assert "no pure equilibrium" in _legend_texts(ax)
    # the default sweep solves those points by all_nash: they are dotted as mixed, not grey
    frame = ms.analysis.sweep(matching, x=[0.2, 0.8], y=[0.0, 0.5])
    assert set(frame.loc[frame["y"] == 0.5, "equilibrium_kind"]) == {"mixed"}
    ax = ms.analysis.plot_phase_diagram(frame, "x", "y")
    texts = _legend_texts(ax)
    assert "mixed equilibrium (no pure one)" in texts
    assert "no pure equilibrium" not in texts
    (dotted,) = [
        c for c in ax.collections if isinstance(c, PatchCollection) and c.get_hatch() == "..."
    ]
    centres = sorted(tuple(np.round(p.vertices[:4].mean(axis=0), 2)) for p in dotted.get_paths())
    ys = sorted({y for _, y in centres})
    assert len(centres) == 2  # the two cells at y = 0.5
    assert len(ys) == 1
    assert ys[0] > 0.25


def test_phase_diagram_rejects_bad_axes(phase_frame, sweep_frame):
    with pytest.raises(ms.InvalidArgumentError, match="not a swept parameter"):
        ms.analysis.plot_phase_diagram(phase_frame, "china_pressure", "war_cost_moscow")
    with pytest.raises(ms.InvalidArgumentError, match="must differ"):
        ms.analysis.plot_phase_diagram(phase_frame, "leverage", "leverage")
    with pytest.raises(ms.UnknownNameError, match="peace"):
        ms.analysis.plot_phase_diagram(
            phase_frame, "china_pressure", "leverage", colors={"peace": "red"}
        )


# ----------------------------------------------------------------- QRE branch
@pytest.fixture(scope="module")
def qre_path():
    from mediation_sim.solvers import qre_path

    return qre_path(ms.games.battle_of_the_sexes())


def test_qre_branch_lines_follow_the_path(qre_path):
    ax = ms.analysis.plot_qre_branch(qre_path)
    lines = ax.get_lines()
    assert [ln.get_label() for ln in lines] == [
        "row: opera",
        "row: football",
        "column: opera",
        "column: football",
        "Nash limit",
    ]
    np.testing.assert_allclose(lines[0].get_ydata(), qre_path.probabilities[0][:, 0])
    np.testing.assert_allclose(lines[0].get_xdata(), qre_path.lam)
    # the branch starts at uniform play and the marker sits on its Nash limit
    assert lines[0].get_ydata()[0] == pytest.approx(0.5)
    np.testing.assert_allclose(lines[-1].get_ydata(), np.concatenate(qre_path.nash.probabilities))
    assert ax.get_xscale() == "symlog"


def test_qre_branch_of_one_player(qre_path):
    _, given = plt.subplots()
    ax = ms.analysis.plot_qre_branch(qre_path, ax=given, player="column", xscale="linear")
    assert ax is given
    assert [ln.get_label() for ln in ax.get_lines()] == ["opera", "football", "Nash limit"]
    assert ax.get_ylabel() == "column's probability of each strategy"
    with pytest.raises(ms.UnknownNameError):
        ms.analysis.plot_qre_branch(qre_path, player="nobody")
    with pytest.raises(ms.InvalidArgumentError, match="QREPath"):
        ms.analysis.plot_qre_branch(ms.games.battle_of_the_sexes())


# ----------------------------------------------------------------- critical distribution
def test_critical_distribution_bars_are_shares_of_all_draws(mc):
    ax = ms.analysis.plot_critical_distribution(mc, bins=20)
    crit = mc.draws["critical_value"]
    share = crit.notna().mean()
    heights = [p.get_height() for p in ax.patches]
    assert len(heights) == 20
    assert sum(heights) == pytest.approx(share)
    assert f"{1 - share:.1%}" in ax.get_title()
    quantile_lines = [ln for ln in ax.get_lines() if ln.get_label().startswith("q")]
    np.testing.assert_allclose(
        [ln.get_xdata()[0] for ln in quantile_lines],
        np.quantile(crit.dropna(), [0.05, 0.5, 0.95]),
    )
    assert ax.get_xlim() == (0.0, 1.0)


def test_critical_distribution_ecdf_ends_at_the_share_with_a_critical_value(mc):
    _, given = plt.subplots()
    ax = ms.analysis.plot_critical_distribution(mc, ax=given, kind="ecdf", quantiles=[0.5])
    assert ax is given
    ecdf = ax.get_lines()[0]
    assert ecdf.get_ydata()[-1] == pytest.approx(mc.draws["critical_value"].notna().mean())
    assert np.all(np.diff(ecdf.get_ydata()) >= 0)
    assert sum(t.startswith("q50") for t in _legend_texts(ax)) == 1


def test_critical_distribution_without_any_critical_value():
    # a decisive breakthrough never reaches probability 0.5 within the ranges
    mc = ms.analysis.monte_carlo(SC, n=20, rng=0, outcome="ukrainian_breakthrough", grid=[0.0, 1.0])
    assert mc.draws["critical_value"].isna().all()
    ax = ms.analysis.plot_critical_distribution(mc)
    assert "no critical value in 100.0%" in ax.get_title()
    assert "no draw has a critical value" in ax.texts[0].get_text()


def test_critical_distribution_rejects_bad_input(mc):
    with pytest.raises(ms.InvalidArgumentError, match="MonteCarloResult"):
        ms.analysis.plot_critical_distribution(mc.draws)
    with pytest.raises(ms.InvalidArgumentError, match="kind"):
        ms.analysis.plot_critical_distribution(mc, kind="violin")
    with pytest.raises(ms.InvalidArgumentError, match="quantiles"):
        ms.analysis.plot_critical_distribution(mc, quantiles=[1.5])


# ----------------------------------------------------------------- tornado
def test_tornado_bars_run_from_the_baseline_to_each_end():
    res = ms.analysis.sensitivity(SC, method="oat", mode="committed", outcome="withdrawal")
    ax = ms.analysis.plot_tornado(res, max_bars=6)
    top = res.frame.head(6)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == [a.replace("_", " ") for a in top["assumption"]]
    solid = [p for p in ax.patches if not p.get_hatch()]
    assert len(solid) == 12  # a low and a high bar per assumption
    lows, highs = solid[:6], solid[6:]
    for bar, value in zip(lows, top["low"], strict=True):
        if np.isfinite(value):
            assert bar.get_x() == pytest.approx(res.baseline)
            assert bar.get_x() + bar.get_width() == pytest.approx(value)
    for bar, value in zip(highs, top["high"], strict=True):
        if np.isfinite(value):
            assert bar.get_x() + bar.get_width() == pytest.approx(value)
    (centre,) = [ln for ln in ax.get_lines() if ln.get_label().startswith("all at central")]
    assert centre.get_xdata()[0] == pytest.approx(res.baseline)
    assert ax.get_xlabel() == "critical china pressure for withdrawal"


def test_tornado_hatches_ends_without_a_critical_value():
    frame = pd.DataFrame(
        {
            "assumption": ["small", "big", "gone"],
            "low": [0.50, 0.30, np.nan],
            "high": [0.60, 0.90, 0.40],
            "effect": [0.10, 0.60, np.nan],
        }
    )
    _, given = plt.subplots()
    ax = ms.analysis.plot_tornado(frame, ax=given, baseline=0.55, labels={"gone": "Gone!"})
    assert ax is given
    # a missing effect counts as the largest, then by |effect|
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Gone!", "big", "small"]
    hatched = [p for p in ax.patches if p.get_hatch()]
    assert len(hatched) == 1
    assert hatched[0].get_y() + hatched[0].get_height() / 2 == pytest.approx(0.0)
    assert "no critical value within the bounds" in _legend_texts(ax)


def test_tornado_without_a_baseline_spans_low_to_high():
    frame = pd.DataFrame(
        {"assumption": ["a", "b"], "low": [0.7, 0.2], "high": [0.3, 0.4], "effect": [-0.4, 0.2]}
    )
    ax = ms.analysis.plot_tornado(frame)
    bars = [p for p in ax.patches if not p.get_hatch()]
    assert [(b.get_x(), b.get_x() + b.get_width()) for b in bars] == [
        pytest.approx((0.3, 0.7)),
        pytest.approx((0.2, 0.4)),
    ]
    with pytest.raises(ms.InvalidArgumentError, match="lacks columns"):
        ms.analysis.plot_tornado(frame.drop(columns="effect"))
    with pytest.raises(ms.InvalidArgumentError, match="max_bars"):
        ms.analysis.plot_tornado(frame, max_bars=0)


# ----------------------------------------------------------------- shared behaviour
def test_plots_explain_how_to_install_matplotlib(monkeypatch, sweep_frame):
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(ms.MissingDependencyError, match=r"pip install 'mediation_sim\[plot\]'"):
        ms.analysis.plot_settlement_curve(sweep_frame)


def test_a_new_figure_is_made_only_without_ax(sweep_frame):
    before = len(plt.get_fignums())
    ax = ms.analysis.plot_settlement_curve(sweep_frame)
    assert len(plt.get_fignums()) == before + 1
    ms.analysis.plot_settlement_curve(sweep_frame, ax=ax)
    assert len(plt.get_fignums()) == before + 1


def test_qre_branch_gives_each_player_a_colour_and_each_strategy_a_style():
    """Without ``player``, no two lines share colour and style (the `plot qre` rough edge)."""
    from mediation_sim.solvers import qre_path

    game = ms.NormalFormGame(
        np.random.default_rng(3).uniform(size=(3, 3, 2, 3)), players=["a", "b", "c"]
    )
    path = qre_path(game)
    data = ms.analysis.qre_branch_lines(path)
    assert [line.player for line in data.lines] == ["a"] * 3 + ["b"] * 2 + ["c"] * 3
    colours = {p: {line.color for line in data.lines if line.player == p} for p in "abc"}
    assert all(len(c) == 1 for c in colours.values())  # one colour per player
    assert len(set.union(*colours.values())) == 3  # different players, different colours
    for p in "abc":
        styles = [str(line.linestyle) for line in data.lines if line.player == p]
        assert len(set(styles)) == len(styles)  # each strategy its own style
    ax = ms.analysis.plot_qre_branch(path)
    drawn = [(mcolors.to_hex(ln.get_color()), ln.get_linestyle()) for ln in ax.get_lines()[:8]]
    assert len(set(drawn)) == 8
    assert drawn[0][0] == data.lines[0].color
    assert drawn[0][0] != drawn[3][0]


def test_compute_and_draw_halves_agree_with_the_plot(phase_frame):
    grid = ms.analysis.phase_grid(phase_frame, "china_pressure", "leverage")
    assert grid.codes.shape == (grid.ys.size, grid.xs.size)
    assert not grid.codes.flags.writeable
    assert sum(grid.shares().values()) == pytest.approx(1.0)
    direct = ms.analysis.plot_phase_diagram(phase_frame, "china_pressure", "leverage")
    drawn = ms.analysis.draw_phase_diagram(grid)
    np.testing.assert_array_equal(
        direct.collections[0].get_array(), drawn.collections[0].get_array()
    )
    assert direct.get_title() == drawn.get_title()
