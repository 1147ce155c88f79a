"""Helpers shared by the mediation models (private)."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from .._errors import InvalidArgumentError

FloatArray = NDArray[np.float64]


def _check_open_unit(value: object, *, name: str, lo: float, hi: float, func: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | np.floating):
        raise InvalidArgumentError(f"{func}(): {name} must be a number")
    out = float(value)
    if not (lo <= out <= hi) or not np.isfinite(out):
        raise InvalidArgumentError(f"{func}(): {name} must lie in [{lo}, {hi}], got {out!r}")
    return out
