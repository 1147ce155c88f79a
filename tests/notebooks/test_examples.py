"""The example notebooks run from top to bottom, and are committed without outputs.

Executing them is opt-in locally (``pytest --run-notebooks``) and always on
under CI (see the root ``conftest.py``). They run with
``MEDIATION_SIM_QUICK=1`` unless the environment says otherwise, which
shrinks their workloads (Monte Carlo draws, grid sizes).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NOTEBOOKS = sorted(EXAMPLES.glob("*.ipynb"))
TIMEOUT = 300  # seconds per cell; each notebook takes well under a minute in quick mode


def test_there_are_example_notebooks():
    names = [p.name for p in NOTEBOOKS]
    assert names == [
        "00_your_first_game.ipynb",
        "01_bakhmut_or_beijing.ipynb",
        "02_build_your_own_scenario.ipynb",
        "03_test_your_payoff_assumptions.ipynb",
        "04_mediator_of_uncertain_intent.ipynb",
        "05_when_should_pressure_come.ipynb",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_is_committed_without_outputs(path: Path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert nb["nbformat"] == 4
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code, "a notebook without code"
    for k, cell in enumerate(code):
        assert cell["outputs"] == [], f"code cell {k} has outputs: clear them before committing"
        assert cell["execution_count"] is None, f"code cell {k} has an execution count"


@pytest.mark.notebooks
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs(path: Path, monkeypatch: pytest.MonkeyPatch):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    # the kernel inherits this process's environment
    monkeypatch.setenv("MEDIATION_SIM_QUICK", os.environ.get("MEDIATION_SIM_QUICK", "1"))
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")  # silence jupyter_core's path-migration notice
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        nb,
        timeout=TIMEOUT,
        kernel_name="python3",  # "python" in the kernelspec resolves to this interpreter
        resources={"metadata": {"path": str(EXAMPLES)}},
    )
    client.execute()
    errors = [
        out
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
        if out.get("output_type") == "error"
    ]
    assert errors == []
    # nothing a reader would take for a failure: no warnings printed by the library
    stderr = [
        out.get("text", "")
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
        if out.get("output_type") == "stream" and out.get("name") == "stderr"
    ]
    assert not any("Warning" in text for text in stderr), stderr
