"""`mediation-sim forecast`: the BDM forecast next to the equilibrium result."""

from __future__ import annotations

import json

import pytest

import mediation_sim as ms
from mediation_sim.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_forecast_prints_the_forecast_next_to_the_equilibrium(capsys, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out_file = tmp_path / "f.json"
    status, out, err = run(
        capsys, "forecast", "ukraine-2023", "--set", "china_pressure=0.7", "--output", str(out_file)
    )
    assert status == 0, err
    sc = ms.scenarios.load("ukraine-2023")
    res = ms.scenarios.forecast(sc, china_pressure=0.7)
    assert f"Forecast settlement (median): {res.settlement:.4g}" in out
    assert "Equilibrium lens (committed mode): 1 pure equilibrium" in out
    # committed mode at 0.7, the one-shot game: Moscow offers a freeze and Kyiv takes it
    assert "accept_ceasefire / offer_ceasefire" in out
    data = json.loads(out_file.read_text())
    assert data["forecast"]["settlement"] == pytest.approx(res.settlement)
    assert data["mode"] == "committed"
    (eq,) = data["equilibria"]
    assert eq["expected_settlement"] == pytest.approx(sc.defaults()["share_ceasefire"])
    assert "wrote" in err
    smp = ms.scenarios.forecast_smp(sc, china_pressure=0.7)
    assert f"KTAB Spatial Model of Politics (bargaining rounds): {smp.settlement:.4g}" in out
    assert data["smp"]["settlement"] == pytest.approx(smp.settlement)


def test_forecast_sweep_and_plot(capsys, tmp_path) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("matplotlib")
    png = tmp_path / "paths.png"
    status, out, _ = run(
        capsys, "forecast", "--sweep", "3", "--plot", str(png), "--mode", "strategic"
    )
    assert status == 0
    assert "Over china_pressure" in out
    assert "Equilibrium lens (strategic mode)" in out
    assert png.stat().st_size > 0
    forecast = ms.scenarios.forecast_settlements(
        ms.scenarios.load("ukraine-2023"), china_pressure=[0.0, 0.5, 1.0]
    )
    for value in forecast:
        assert f"{value:.4g}" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["forecast", "--sweep", "3", "--set", "china_pressure=0.5"], "is swept"),
        (["forecast", "--sweep", "3", "--param", "nonsense"], "not a parameter"),
        (["forecast", "--output", "f.csv"], "unsupported file type"),
        (["forecast", "--set", "china_pressure=3"], "outside its bounds"),
    ],
)
def test_bad_forecast_input_is_one_line(capsys, tmp_path, monkeypatch, argv, message) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    status, out, err = run(capsys, *argv)
    assert out == ""
    assert status == 2
    assert err.startswith("mediation-sim: error: ")
    assert message in err
