"""Repository-wide pytest configuration: Hypothesis profiles and opt-in test groups.

Kept at the root so that it also applies to doctests in ``src/`` and ``docs/``.
Select a Hypothesis profile with ``HYPOTHESIS_PROFILE=dev|ci|nightly`` (default ``dev``).
"""

from __future__ import annotations

import importlib
import os
import pkgutil

import pytest
from hypothesis import HealthCheck, settings

import mediation_sim

# Import every subpackage (not every module) before collection. With
# --import-mode=importlib, pytest imports the package of a file it collects when that
# package is not imported yet, then runs the file again as a second module object:
# `pytest src/mediation_sim/analysis/_thresholds.py` would define its result classes
# twice (register_dataclass refuses the second). Once the packages are imported, the
# modules they import are in sys.modules, where pytest finds them. No module can
# shadow a public name any more (tests/test_public_namespaces.py checks it).
for _package in pkgutil.iter_modules(mediation_sim.__path__, prefix="mediation_sim."):
    if _package.ispkg:
        importlib.import_module(_package.name)

settings.register_profile("dev", max_examples=30, deadline=None)
# CI is derandomized so that a run's verdict depends only on the commit; the dev and
# nightly profiles explore new examples every run. 60 examples keep the whole CI run
# near a quarter of an hour on two cores; breadth comes from the nightly profile.
settings.register_profile(
    "ci",
    max_examples=60,
    deadline=None,
    print_blob=True,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("nightly", max_examples=2000, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

collect_ignore_glob = ["docs/_build/*", "benchmarks/*", "examples/*"]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--run-notebooks",
        action="store_true",
        default=False,
        help="execute the example notebooks in examples/ (always on when CI is set)",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--run-notebooks") or os.environ.get("CI"):
        return
    skip = pytest.mark.skip(reason="notebooks run only with --run-notebooks (CI passes it)")
    for item in items:
        if "notebooks" in item.keywords:
            item.add_marker(skip)
