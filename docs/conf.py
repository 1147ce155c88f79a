"""Sphinx configuration for the mediation_sim documentation (built with -W in CI)."""

from __future__ import annotations

import os
from importlib.metadata import version as _version

project = "mediation_sim"
author = "the mediation_sim developers"
copyright = "2026, the mediation_sim developers"
release = _version("mediation_sim")
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_nb",
    "numpydoc",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "sphinx.ext.intersphinx",
]

# Offline by default: intersphinx needs the network, so it is enabled only on request.
intersphinx_mapping = (
    {
        "python": ("https://docs.python.org/3", None),
        "numpy": ("https://numpy.org/doc/stable", None),
        "scipy": ("https://docs.scipy.org/doc/scipy", None),
        "pandas": ("https://pandas.pydata.org/docs", None),
    }
    if os.environ.get("MEDIATION_SIM_DOCS_ONLINE")
    else {}
)

source_suffix = {".rst": "restructuredtext", ".md": "myst-nb", ".ipynb": "myst-nb"}
exclude_patterns = ["_build", "**.ipynb_checkpoints", "Thumbs.db", ".DS_Store"]
myst_enable_extensions = ["colon_fence", "dollarmath", "deflist"]
myst_heading_anchors = 3

# Notebooks are executed by the test-suite; the docs build executes them again
# (small workloads via MEDIATION_SIM_QUICK) so that rendered pages show output.
nb_execution_mode = os.environ.get("MEDIATION_SIM_NB_EXECUTION", "force")
nb_execution_timeout = 600
nb_execution_raise_on_error = True

autosummary_generate = True
autodoc_typehints = "none"
autodoc_default_options = {"members": True, "show-inheritance": False}
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False
numpydoc_validation_checks: set[str] = set()

html_theme = "pydata_sphinx_theme"
html_title = "mediation_sim"
html_static_path: list[str] = []
html_theme_options = {"navigation_with_keys": False, "show_toc_level": 2}
nitpicky = False
suppress_warnings = ["mystnb.unknown_mime_type"]


def _generate_pages(_app: object) -> None:
    """Write pages generated from data (the ukraine-2023 assumptions) before reading sources."""
    from pathlib import Path

    import mediation_sim as ms

    here = Path(__file__).parent
    claims = ms.scenarios.read_claims(here.parent / "seeds" / "claims.toml")
    page = ms.scenarios.assumptions_markdown(ms.scenarios.load("ukraine-2023"), claims)
    target = here / "explanation" / "ukraine-2023-assumptions.md"
    if not target.exists() or target.read_text() != page:
        target.write_text(page)


def _copy_tutorials(_app: object) -> None:
    """Copy the example notebooks into tutorials/ (one source of truth: examples/).

    Copies rather than symlinks, so that links between notebooks resolve
    within the docs and the build works where symlinks do not; the copies
    are ignored by git. The notebooks link to docs pages by plain relative
    paths from ``examples/`` (``../docs/how-to/x.md``, which Jupyter and
    GitHub follow); from ``docs/tutorials/`` the same page is ``../how-to/x.md``.
    """
    from pathlib import Path

    here = Path(__file__).parent
    for notebook in sorted((here.parent / "examples").glob("*.ipynb")):
        target = here / "tutorials" / notebook.name
        text = notebook.read_text(encoding="utf-8").replace("](../docs/", "](../")
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")


def setup(app: object) -> None:
    app.connect("builder-inited", _generate_pages)  # type: ignore[attr-defined]
    app.connect("builder-inited", _copy_tutorials)  # type: ignore[attr-defined]
