"""What the iterated forecasts' result types share (private).

:class:`~mediation_sim.models.forecasting.BDMForecast` and
:class:`~mediation_sim.models.forecasting.SMPForecast` are frozen, slotted
dataclasses holding a ``path`` of positions (row 0 the start); both take
their final ``positions`` and their JSON form from :class:`PathForecast`.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

import numpy as np

from ..._results import Result
from ._actors import FloatArray

__all__ = ["PathForecast"]


def _plain(value: object) -> object:
    """A field's JSON-ready value: arrays and tuples as lists, mappings as dicts."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, dict):
        return dict(value)
    return value


class PathForecast(Result):
    """Mixin for a forecast dataclass with a ``path`` field, shape ``(n_rounds + 1, n, ...)``."""

    __slots__ = ()

    path: FloatArray

    @property
    def positions(self) -> FloatArray:
        """Final positions (the last row of ``path``)."""
        last: FloatArray = self.path[-1]
        return last

    def _summary(self) -> dict[str, Any]:
        """JSON-serialisable form: every field in order, arrays as nested lists."""
        this: Any = self
        return {f.name: _plain(getattr(self, f.name)) for f in fields(this)}
