"""Hypothesis for :mod:`mediation_sim.testing`, or an actionable error without it (private).

Hypothesis is an optional dependency (the ``testing`` extra). Every module of
the package imports it from here, so that a missing install raises one
:class:`~mediation_sim.MissingDependencyError` that says how to get it.
"""

from __future__ import annotations

from .._errors import MissingDependencyError

try:
    from hypothesis import assume, given
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise MissingDependencyError(
        "mediation_sim.testing needs Hypothesis: pip install 'mediation_sim[testing]'"
    ) from exc

__all__ = ["assume", "given", "st"]
