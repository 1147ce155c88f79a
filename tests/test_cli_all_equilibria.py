"""CLI: ``solve --all`` lists every equilibrium with its certificate; ``--n-equilibria``."""

from __future__ import annotations

import json

from mediation_sim.cli import main


def test_solve_all_lists_mixed_equilibria_with_certificates(capsys, tmp_path):
    path = tmp_path / "all.json"
    # a known answer of the v0.1 payoffs' one-shot game (Beijing mixing inside the window)
    args = ["solve", "ukraine-2023-v0.1", "--set", "china_pressure=0.6", "--all"]
    assert main([*args, "--output", str(path)]) == 0
    text = capsys.readouterr().out
    assert "(all_nash)" in text
    assert "press_moscow 0.92" in text  # Beijing's mixed window equilibrium
    assert "Certificates:" in text
    assert "interval (box radius" in text
    assert "Complete: NOT guaranteed" in text  # the flagship has sets of equilibria
    data = json.loads(path.read_text())
    kinds = {eq["certificate"]["kind"] for eq in data["equilibria"]}
    assert {"exact", "interval"} <= kinds
    assert data["complete"] is False
    assert data["components"]


def test_solve_n_equilibria_and_conflicting_flags(capsys):
    assert main(["solve", "--set", "china_pressure=0.6", "--solver", "nash",
                 "--n-equilibria", "3"]) == 0  # fmt: skip
    assert ": 3 equilibria (nash)" in capsys.readouterr().out
    assert main(["solve", "--all", "--solver", "qre", "--lam", "3"]) != 0
    assert "--all lists every Nash equilibrium" in capsys.readouterr().err
