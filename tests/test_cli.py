"""The mediation-sim command: each subcommand on ukraine-2023, output files, errors on bad input."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import mediation_sim as ms
from mediation_sim.cli import build_parser, main

pytest.importorskip("matplotlib")

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
ROOT = Path(__file__).resolve().parents[1]
SC = ms.scenarios.load("ukraine-2023")
V01 = ms.scenarios.load("ukraine-2023-v0.1")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


# ----------------------------------------------------------------- report (the main job)
def test_report_compares_bargained_structures_by_their_terms(capsys):
    spec = ROOT / "tests" / "data" / "scenarios" / "bargaining_stage.toml"
    status, out, _ = run(capsys, "report", str(spec))
    assert status == 0
    section = out.split("Structural comparison:", 1)[1].split("In brief:", 1)[0]
    lines = section.splitlines()
    sc = ms.scenarios.from_toml(spec)
    cmp = ms.analysis.compare_structures(sc, "pressure", outcome="deal")
    start = next(k for k, x in enumerate(lines) if x.lstrip().startswith("bargained structure"))
    for row in cmp.rows:
        main = next(x for x in lines[:start] if x.lstrip().startswith(row.structure + " "))
        if row.bargaining:
            assert f"deal on terms {row.terms:.3g}" in main
            terms = next(x for x in lines[start:] if x.lstrip().startswith(row.structure + " "))
            assert row.bargaining in terms
            assert terms.split()[-1] == f"{row.terms:.6g}"
        else:
            assert not any(x.lstrip().startswith(row.structure + " ") for x in lines[start:])
    assert "counts as reached only on at least its menu terms" in " ".join(section.split())


def test_report_states_equilibria_and_critical_pressure_in_both_modes(capsys, tmp_path):
    out_file = tmp_path / "report.json"
    status, out, err = run(capsys, "report", "--output", str(out_file))
    assert status == 0
    assert "== Mode 'strategic' ==" in out
    assert "== Mode 'committed' ==" in out
    # the default structure is sequential: its subgame-perfect path, not every Nash equilibrium
    assert "Move order (sequential): beijing -> moscow -> kyiv + washington + brussels" in out
    assert "Subgame-perfect equilibrium path" in out
    # the exact window of the strategic mode and the open-ended committed threshold
    window = r"withdrawal\s+0\.680667\s+0\.928\s+from 0\.680667 to 0\.928 \(a window\)"
    assert re.search(window, out)
    assert re.search(r"withdrawal\s+0\.680667\s+1\s+from 0\.680667 up", out)
    # a freeze is never on the default structure's path
    assert re.search(r"ceasefire\s+-\s+-\s+never within the bounds", out)
    assert "In brief:" in out
    # the closed form of the bargaining model beside the equilibrium analysis
    assert re.search(r"withdrawal\s+0\.59\s+pressure needed", out)
    assert re.search(r"ceasefire\s+inf\s+unreachable by pressure", out)
    # critical pressure per bargaining protocol (game and closed form), and the structures
    assert re.search(r"side_a_proposes\s+0\.680667\s+0\.59\s+pressure needed", out)
    assert re.search(r"nash\s+inf\s+inf\s+unreachable by pressure", out)
    assert re.search(r"simultaneous\s+never\s+-\s+0-1\s+ceasefire / prolonged_war\s+no", out)
    assert re.search(r"west_answers_offer\s+never\s+-\s+1\s+ceasefire\s+yes", out)
    flat = " ".join(out.split())
    assert (
        "The withdrawal conclusion flips under: simultaneous, west_answers_offer, "
        "west_commits_first, unobserved_pressure, kyiv_demands, moscow_offers, "
        "beijing_mediates, nash_talks, alternating_talks." in flat
    )
    # bargained over land instead of picked from a menu: an agreement at every pressure, but
    # Beijing never presses for full withdrawal; the terms depend on who sets them
    assert re.search(r"kyiv_demands\s+never\s+-\s+1\s+withdrawal on terms 0\.387\s+yes", out)
    assert re.search(r"moscow_offers\s+ultimatum by moscow\s+0\.209", out)
    assert re.search(r"beijing_mediates\s+beijing mediates\s+0\.2982", out)
    assert max(len(line) for line in out.splitlines()) <= 100
    data = json.loads(out_file.read_text())
    assert data["analytic_critical_values"]["china_pressure"]["withdrawal"] == pytest.approx(0.59)
    # JSON has no infinity: an unreachable critical value is the string "inf"
    assert data["analytic_critical_values"]["china_pressure"]["ceasefire"] == "inf"
    strategic = data["modes"]["strategic"]
    assert strategic["critical_values"]["china_pressure"]["withdrawal"]["intervals"] == [
        pytest.approx([1021 / 1500, 116 / 125])
    ]
    assert strategic["credibility"]
    assert all(c["subgame_perfect"] and c["credible"] for c in strategic["credibility"])
    assert data["structure"] == "sequential"
    assert data["protocols"]["china_pressure"]["withdrawal"]["side_a_proposes"] == pytest.approx(
        0.59
    )
    assert data["protocols"]["china_pressure"]["withdrawal"]["nash"] == "inf"  # unreachable
    comparison = data["structural_comparison"]["china_pressure"]
    assert comparison["flips"] == [
        "simultaneous",
        "west_answers_offer",
        "west_commits_first",
        "unobserved_pressure",
        "kyiv_demands",
        "moscow_offers",
        "beijing_mediates",
        "nash_talks",
        "alternating_talks",
    ]
    assert f"wrote {out_file}" in err


def test_report_of_the_simultaneous_structure_flags_untested_threats(capsys):
    # a known answer of the v0.1 payoffs' one-shot game, loaded by its name
    status, out, _ = run(
        capsys, "report", "ukraine-2023-v0.1", "--structure", "simultaneous", "--mode", "strategic"
    )
    assert status == 0
    # two pure equilibria: every equilibrium is searched (all_nash) and none is mixed
    assert "Nash equilibria at these values: 2 (2 pure, 0 mixed" in out
    assert "complete: these are all the equilibria" in out
    assert re.search(r"kind\s+pure\s+pure", out)
    assert re.search(r"withdrawal\s+0\.55\s+0\.75\s+from 0\.55 to 0\.75 \(a window\)", out)
    game = V01.with_structure("simultaneous").game(mode="strategic")
    assert len(ms.solvers.pure_nash(game)) == 2


def test_report_lists_mixed_equilibria_and_says_the_list_is_not_complete(capsys, tmp_path):
    out_file = tmp_path / "r.json"
    status, out, _ = run(
        capsys,
        *("report", "--structure", "simultaneous", "--mode", "strategic"),
        *("--set", "china_pressure=0.6", "--output", str(out_file)),
    )
    assert status == 0
    match = re.search(r"Nash equilibria at these values: (\d+) \(3 pure, (\d+) mixed", out)
    assert match
    assert int(match[2]) > 0
    assert int(match[1]) == 3 + int(match[2])
    assert re.search(r"kind\s+.*mixed", out)
    assert "not proved complete" in out
    mode = json.loads(out_file.read_text())["modes"]["strategic"]
    assert mode["method"] == "all_nash"
    assert mode["complete"] is False
    assert {e["kind"] for e in mode["equilibria"]} == {"pure", "mixed"}


def test_report_says_when_pressure_should_come(capsys):
    status, out, _ = run(capsys, "report", "--mode", "committed")
    assert status == 0
    assert "When should pressure come? (ukraine-2023-dynamic" in out
    assert re.search(r"0-1\s+0\.711", out)
    assert re.search(r"3\s+0\.918", out)
    assert re.search(r"4-11\s+never\s+even full pressure falls short", out)
    assert "When pressure should come: a 90% chance of settlement within 12 quarters" in out
    assert max(len(line) for line in out.splitlines()) <= 100


def test_report_with_overrides_and_one_mode(capsys):
    status, out, _ = run(capsys, "report", "--mode", "committed", "--set", "leverage=1.3")
    assert status == 0
    assert "Mode 'strategic'" not in out
    expected = ms.analysis.critical_value(
        SC, "china_pressure", outcome="withdrawal", mode="committed", leverage=1.3
    )
    assert f"withdrawal  {expected.value:.6g}" in out


def test_report_of_a_user_scenario(capsys):
    path = ROOT / "tests" / "data" / "scenarios" / "two_party_mediation.toml"
    status, out, _ = run(capsys, "report", str(path))
    assert status == 0
    assert "Two parties, one mediator" in out
    assert "== Mode 'free' ==" in out
    assert "Critical pressure" in out


# ----------------------------------------------------------------- solve
def test_solve_prints_verified_equilibria_and_writes_them(capsys, tmp_path):
    # a known answer of the v0.1 payoffs' one-shot game: one equilibrium, Moscow withdraws
    csv = tmp_path / "eq.csv"
    status, out, _ = run(
        capsys,
        *("solve", "ukraine-2023-v0.1", "--mode", "committed"),
        *("--set", "china_pressure=0.6", "--output", str(csv)),
    )
    assert status == 0
    assert "1 equilibrium (pure_nash)" in out
    assert re.search(r"Moscow\s+withdraw", out)
    assert re.search(r"P\(Russian withdrawal\)\s+1\.00", out)
    rows = pd.read_csv(csv)
    assert rows.loc[0, "moscow"] == "withdraw"
    assert rows.loc[0, "prob_withdrawal"] == pytest.approx(1.0)
    game = V01.game(mode="committed", china_pressure=0.6)
    profile = {p: rows.loc[0, p] for p in V01.players}
    assert game.is_nash(profile)

    js = tmp_path / "eq.json"
    assert main(["solve", "--set", "china_pressure=0.6", "--output", str(js), "--quiet"]) == 0
    # the flagship's one-shot game at 0.6: deadlock twice and a freeze
    assert len(json.loads(js.read_text())["equilibria"]) == 3
    data = json.loads(js.read_text())
    assert data["parameters"] == {"china_pressure": 0.6}
    assert all(SC.game(china_pressure=0.6).is_nash(e["strategies"]) for e in data["equilibria"])


def test_solve_qre_needs_a_precision(capsys):
    status, _, err = run(capsys, "solve", "--solver", "qre")
    assert status == 2
    assert (
        err.strip()
        == "mediation-sim: error: --solver qre needs the precision --lam (e.g. --lam 10)"
    )


# ----------------------------------------------------------------- sweep
def test_sweep_prints_the_compact_settlement_curve(capsys):
    status, out, _ = run(capsys, "sweep", "ukraine-2023", "--param", "china_pressure")
    assert status == 0
    assert "(101 points" in out
    lines = [ln.split() for ln in out.splitlines()]
    runs = [ln for ln in lines if ln and re.fullmatch(r"[\d.]+", ln[0]) and "–" in ln]
    # three runs: deadlock, the window where withdrawal is the subgame-perfect outcome
    # (0.680667 to 0.928, so the grid's 0.69 to 0.92), deadlock
    assert [r[:3] for r in runs] == [["0", "–", "0.68"], ["0.69", "–", "0.92"], ["0.93", "–", "1"]]
    assert runs[1][-1] == "withdrawal"
    assert "exact: for china_pressure from 0.680667 to 0.928 (a window)" in out


def test_sweep_writes_frame_and_report_quality_figure(capsys, tmp_path):
    csv, png = tmp_path / "sweep.csv", tmp_path / "curve.png"
    status, out, err = run(
        capsys,
        "sweep",
        "--param",
        "china_pressure=0:1:21",
        "--mode",
        "committed",
        "--output",
        str(csv),
        "--plot",
        str(png),
        "--all-points",
    )
    assert status == 0
    frame = pd.read_csv(csv)
    expected = ms.analysis.sweep(SC, china_pressure=np.linspace(0, 1, 21), mode="committed")
    np.testing.assert_allclose(
        frame["settlement_probability"].to_numpy(), expected["settlement_probability"].to_numpy()
    )
    assert png.read_bytes()[:8] == PNG_MAGIC
    assert png.stat().st_size > 10_000
    assert len([ln for ln in out.splitlines() if re.match(r"\s+\d", ln)]) == 21
    assert f"wrote {png}" in err


def test_sweep_over_two_parameters_draws_a_phase_diagram(capsys, tmp_path):
    svg = tmp_path / "phase.svg"
    status, out, _ = run(
        capsys,
        "sweep",
        "--param",
        "china_pressure",
        "--grid",
        "0:1:11",
        "--param",
        "leverage",
        "--grid",
        "0.6,1.3",
        "--plot",
        str(svg),
        "--quiet",
    )
    assert status == 0
    assert out == ""
    assert svg.read_text().lstrip().startswith("<?xml")


def test_sweep_json_output_keeps_metadata(capsys, tmp_path):
    js = tmp_path / "sweep.json"
    assert main(["sweep", "--param", "china_pressure=0,0.6", "--output", str(js), "--quiet"]) == 0
    data = json.loads(js.read_text())
    assert data["metadata"]["scenario"] == "ukraine-2023"
    assert data["metadata"]["grid"] == {"china_pressure": [0.0, 0.6]}
    assert {r["china_pressure"] for r in data["rows"]} == {0.0, 0.6}


# ----------------------------------------------------------------- threshold
def test_threshold_is_exact(capsys, tmp_path):
    js = tmp_path / "t.json"
    status, out, _ = run(
        capsys, "threshold", "--outcome", "withdrawal", "--mode", "committed", "--output", str(js)
    )
    assert status == 0
    assert "critical value: 0.680667" in out
    assert re.search(r"0\.680667\s+enters", out)
    data = json.loads(js.read_text())
    expected = ms.analysis.critical_value(
        SC, "china_pressure", outcome="withdrawal", mode="committed"
    )
    assert data["value"] == expected.value
    assert data["method"] == "exact"


def test_threshold_options(capsys, tmp_path):
    csv = tmp_path / "intervals.csv"
    status, out, _ = run(
        capsys,
        "threshold",
        "--param",
        "china_pressure",
        "--selection",
        "worst",
        "--level",
        "0.9",
        "--method",
        "bracket",
        "--bounds",
        "0.2:0.9",
        "--output",
        str(csv),
    )
    assert status == 0
    expected = ms.analysis.critical_value(
        SC, "china_pressure", selection="worst", level=0.9, method="bracket", bounds=(0.2, 0.9)
    )
    frame = pd.read_csv(csv)
    assert len(frame) == len(expected.intervals)
    assert "(bracket)" in out


# ----------------------------------------------------------------- montecarlo
def test_montecarlo_summary_files_and_figure(capsys, tmp_path):
    draws, curves, png = tmp_path / "d.csv", tmp_path / "c.csv", tmp_path / "mc.png"
    status, out, _ = run(
        capsys,
        "montecarlo",
        "-n",
        "128",
        "--seed",
        "5",
        "--grid",
        "0:1:6",
        "--output",
        str(draws),
        "--curves",
        str(curves),
        "--plot",
        str(png),
        "--no-progress",
    )
    assert status == 0
    assert "Monte Carlo: 128 draws of ukraine-2023" in out
    assert "seed 5" in out
    # the CLI default outcome is the scenario's settlement outcomes, as in every command
    expected = ms.analysis.monte_carlo(
        SC, 128, rng=5, grid=np.linspace(0, 1, 6), outcome="settlement"
    )
    got = pd.read_csv(draws)
    np.testing.assert_allclose(got["critical_value"], expected.draws["critical_value"])
    assert len(pd.read_csv(curves)) == 128 * 6
    assert png.read_bytes()[:8] == PNG_MAGIC


def test_montecarlo_process_pool_gives_the_serial_result(capsys, tmp_path):
    serial, pooled = tmp_path / "s.csv", tmp_path / "p.csv"
    common = ["montecarlo", "-n", "600", "--seed", "11", "--grid", "0,1", "--quiet"]
    assert main([*common, "--output", str(serial)]) == 0
    assert main([*common, "--executor", "process", "--workers", "2", "--output", str(pooled)]) == 0
    assert serial.read_bytes() == pooled.read_bytes()


def test_montecarlo_keep_critical_writes_the_same_critical_values(capsys, tmp_path):
    full, lean = tmp_path / "f.csv", tmp_path / "l.csv"
    common = ["montecarlo", "-n", "200", "--seed", "3", "--quiet"]
    assert main([*common, "--output", str(full)]) == 0
    assert main([*common, "--keep", "critical", "--output", str(lean)]) == 0
    got, expected = pd.read_csv(lean), pd.read_csv(full)
    assert list(got.columns) == ["draw", "critical_value", "window_upper", "n_intervals"]
    pd.testing.assert_frame_equal(got, expected[list(got.columns)])


# ----------------------------------------------------------------- plot
@pytest.mark.parametrize(
    ("kind", "options"),
    [
        pytest.param(
            "sweep",
            ["--param", "china_pressure=0:1:21", "--monte-carlo", "64", "--seed", "1"],
            id="sweep",
        ),
        pytest.param(
            "phase",
            ["--param", "china_pressure=0:1:6", "--param", "leverage=0.6:1.3:4"],
            id="phase",
        ),
        pytest.param(
            "critical",
            ["-n", "64", "--seed", "1", "--style", "ecdf", "--grid", "0,1"],
            id="critical",
        ),
        pytest.param("tornado", ["--mode", "committed", "--max-bars", "5"], id="tornado"),
        pytest.param(
            "qre",
            [
                "--mode",
                "committed",
                "--set",
                "china_pressure=0.6",
                "--player",
                "moscow",
                "--lam-max",
                "50",
            ],
            id="qre",
        ),
    ],
)
def test_plot_writes_each_kind(capsys, tmp_path, kind, options):
    png = tmp_path / f"{kind}.png"
    status, _, err = run(capsys, "plot", kind, *options, "-o", str(png), "--dpi", "60")
    assert status == 0, err
    assert png.read_bytes()[:8] == PNG_MAGIC
    assert f"wrote {png}" in err


def test_plot_phase_needs_two_parameters(capsys, tmp_path):
    status, _, err = run(capsys, "plot", "phase", "-o", str(tmp_path / "p.png"))
    assert status == 2
    assert "plot phase needs two --param (got 1)" in err


# ----------------------------------------------------------------- export
@pytest.mark.parametrize("suffix", [".nfg", ".json"])
def test_export_round_trips_the_game(capsys, tmp_path, suffix):
    path = tmp_path / f"game{suffix}"
    status, out, _ = run(
        capsys, "export", "--mode", "committed", "--set", "china_pressure=0.6", "-o", str(path)
    )
    assert status == 0
    assert "3x3x2x2x1 = 36 profiles" in out
    back = ms.io.read_nfg(path) if suffix == ".nfg" else ms.io.read_game_json(path)
    game = SC.game(mode="committed", china_pressure=0.6)
    np.testing.assert_allclose(back.payoffs, game.payoffs, rtol=1e-12)
    assert back.strategies == game.strategies


def test_export_csv_lists_every_profile(capsys, tmp_path):
    path = tmp_path / "profiles.txt"
    assert main(["export", "-o", str(path), "--format", "csv", "--quiet"]) == 0
    frame = pd.read_csv(path)
    assert len(frame) == 3 * 3 * 2 * 2 * 3
    prob_cols = [c for c in frame.columns if c.startswith("prob_")]
    np.testing.assert_allclose(frame[prob_cols].sum(axis=1), 1.0)
    game = SC.game()
    first = frame.iloc[0]
    assert first["payoff_kyiv"] == pytest.approx(game.payoffs[0][0, 0, 0, 0, 0])


# ----------------------------------------------------------------- info
def test_info_lists_what_can_be_varied(capsys):
    status, out, _ = run(capsys, "info")
    assert status == 0
    for name in ("china_pressure", "leverage", "strategic", "committed", "withdrawal"):
        assert name in out
    assert "Shipped scenarios: ukraine-2023" in out


# ----------------------------------------------------------------- errors and help
@pytest.mark.parametrize(
    ("argv", "message"),
    [
        pytest.param(["sweep", "--param", "nope"], "unknown parameter 'nope'", id="unknown-param"),
        pytest.param(
            ["solve", "--set", "china_pressure=2"], "outside its bounds", id="out-of-bounds"
        ),
        pytest.param(
            ["solve", "--set", "china_pressure"], "--set expects NAME=VALUE", id="bad-set"
        ),
        pytest.param(["solve", "--set", "leverage=lots"], "'lots' is not a number", id="nan-set"),
        pytest.param(["report", "nosuch"], "no shipped scenario called 'nosuch'", id="no-scenario"),
        pytest.param(["report", "missing/file.toml"], "cannot read scenario file", id="no-file"),
        pytest.param(["solve", "--mode", "calm"], "has no mode 'calm'", id="unknown-mode"),
        pytest.param(
            ["threshold", "--outcome", "peace"], "unknown outcome 'peace'", id="unknown-outcome"
        ),
        pytest.param(
            ["sweep", "--plot", "x.gif"], "unsupported file type '.gif'", id="figure-type"
        ),
        pytest.param(["sweep", "--output", "no/such/dir/x.csv"], "does not exist", id="no-dir"),
        pytest.param(["sweep", "--grid", "0:1"], "START:STOP:NUM", id="bad-grid"),
        pytest.param(["sweep", "--solver", "magic"], "invalid choice: 'magic'", id="bad-choice"),
        pytest.param(["montecarlo", "-n", "0"], "at least 1", id="no-draws"),
        pytest.param(
            ["montecarlo", "--workers", "2", "--scheduler", "x", "--executor", "process"],
            "--scheduler needs --executor dask",
            id="scheduler",
        ),
        pytest.param(
            ["montecarlo", "--keep", "critical", "--plot", "x.png"],
            "drop --keep critical",
            id="keep-critical-no-curves",
        ),
        pytest.param(["frobnicate"], "invalid choice: 'frobnicate'", id="unknown-command"),
        pytest.param(["plot", "sweep"], "required: -o/--output", id="missing-output"),
    ],
)
def test_bad_input_gives_one_line_and_status_2(capsys, tmp_path, monkeypatch, argv, message):
    monkeypatch.chdir(tmp_path)
    status, out, err = run(capsys, *argv)
    assert status == 2
    assert err.startswith("mediation-sim: error: ")
    assert err.count("\n") == 1
    assert message in err
    assert out == ""


def test_help_of_every_command(capsys):
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert set(commands) == {
        "report",
        "solve",
        "sweep",
        "threshold",
        "montecarlo",
        "plot",
        "export",
        "info",
        "forecast",
    }
    for name in commands:
        status, out, _ = run(capsys, name, "--help")
        assert status == 0
        assert out.startswith(f"usage: mediation-sim {name}")
        assert "examples:" in out
    for kind in ("sweep", "phase", "critical", "tornado", "qre"):
        status, out, _ = run(capsys, "plot", kind, "--help")
        assert status == 0
        assert f"mediation-sim plot {kind}" in out
    status, out, _ = run(capsys, "--help")
    assert status == 0
    assert "mediation-sim report" in out
    status, out, _ = run(capsys)
    assert status == 2
    assert out.startswith("usage:")


def _options(parser) -> dict[str, set[str]]:
    """Every option string of every (sub)command."""
    found: dict[str, set[str]] = {}

    def walk(p, name: str) -> None:
        found[name] = {o for a in p._actions for o in a.option_strings if o.startswith("--")}
        for action in p._actions:
            if action.choices and isinstance(action.choices, dict):
                for sub, subparser in action.choices.items():
                    walk(subparser, f"{name} {sub}".strip())

    walk(parser, "")
    return found


def test_reference_page_documents_every_command_and_option():
    text = (ROOT / "docs" / "reference" / "cli.md").read_text()
    for command, options in _options(build_parser()).items():
        if command:
            assert f"mediation-sim {command}" in text, command
        for option in options - {"--help"}:
            assert re.search(rf"`[^`]*{re.escape(option)}\b", text), (command, option)


def test_python_dash_m_is_the_same_program():
    done = subprocess.run(
        [sys.executable, "-m", "mediation_sim", "threshold", "--mode", "committed"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "critical value: 0.680667" in done.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "mediation_sim", "solve", "--set", "china_pressure=9"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 2
    assert bad.stderr.count("\n") == 1


def test_importing_the_cli_does_not_import_pandas_or_matplotlib():
    code = (
        "import sys, mediation_sim.cli; "
        "print(any(m.split('.')[0] in ('pandas', 'matplotlib') for m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
