#!/usr/bin/env -S uv run --script

# /// script
# dependencies = ["nox>=2024.3"]
# ///

"""Task runner for developers: ``nox -s tests``, ``nox -s lint``, ``nox -s docs``...

CI (``.ci/run``) runs the same commands without nox.
"""

from __future__ import annotations

import nox

nox.needs_version = ">=2024.3"
nox.options.default_venv_backend = "venv"

LINT_DEPS = ["ruff", "mypy", "pandas-stubs", "scipy-stubs", "hypothesis", "pytest"]


@nox.session
def lint(session: nox.Session) -> None:
    """Ruff (lint and format check) and mypy --strict."""
    session.install("-e", ".", *LINT_DEPS)
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy")


@nox.session
def tests(session: nox.Session) -> None:
    """The test-suite, doctests included (add --run-notebooks to execute the examples)."""
    session.install("-e", ".[test]")
    session.run("pytest", *session.posargs)


@nox.session(default=False)
def notebooks(session: nox.Session) -> None:
    """Execute the example notebooks."""
    session.install("-e", ".[test]")
    session.run("pytest", "tests/notebooks", "--run-notebooks", *session.posargs)


@nox.session(default=False)
def docs(session: nox.Session) -> None:
    """Build the documentation with warnings as errors."""
    session.install("-e", ".[docs]")
    session.run("sphinx-build", "-W", "--keep-going", "-b", "html", "docs", "docs/_build/html")


@nox.session(default=False)
def benchmarks(session: nox.Session) -> None:
    """Run the benchmarks against nashpy and QuantEcon (pygambit if installed)."""
    session.install("-e", ".[all]", "quantecon", "pytest-benchmark")
    for script in ("bench_pure.py", "bench_two_player.py", "bench_nplayer.py", "bench_analysis.py"):
        session.run("python", f"benchmarks/{script}")


if __name__ == "__main__":
    nox.main()
