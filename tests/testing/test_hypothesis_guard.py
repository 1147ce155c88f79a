"""Without Hypothesis, importing any module of mediation_sim.testing says how to install it."""

from __future__ import annotations

import subprocess
import sys
import textwrap

_SCRIPT = textwrap.dedent(
    """
    import importlib
    import sys

    sys.modules["hypothesis"] = None  # as if the testing extra were not installed
    import mediation_sim as ms

    for name in ("strategies", "scenarios", "contracts"):
        try:
            importlib.import_module(f"mediation_sim.testing.{name}")
        except ms.MissingDependencyError as exc:
            assert isinstance(exc, ImportError)
            print(name, exc)
        else:
            print(name, "imported")
    """
)


def test_each_testing_module_raises_an_actionable_error_without_hypothesis() -> None:
    out = subprocess.run(
        [sys.executable, "-c", _SCRIPT], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    message = "mediation_sim.testing needs Hypothesis: pip install 'mediation_sim[testing]'"
    assert out == [f"{name} {message}" for name in ("strategies", "scenarios", "contracts")]
