"""Argument checks and output conventions shared by the war-bargaining models (private).

Every model function accepts floats or NumPy arrays for every parameter and
broadcasts them together (for Monte Carlo over uncertain parameters). A
result is a ``float`` when every input was a scalar, else an ``ndarray`` of
the broadcast shape.
"""

from __future__ import annotations

from typing import Any, TypeAlias

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .._errors import InvalidArgumentError

FloatArray: TypeAlias = NDArray[np.float64]
#: A float for scalar inputs, an array for array inputs.
ArrayOrFloat: TypeAlias = float | FloatArray


def as_array(
    value: ArrayLike,
    *,
    func: str,
    name: str,
    lo: float | None = None,
    hi: float | None = None,
    lo_open: bool = False,
    hi_open: bool = False,
) -> FloatArray:
    """``value`` as a float array, checked finite and within ``[lo, hi]`` (or open ends)."""
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise InvalidArgumentError(
            f"{func}(): {name} must be a number or an array of numbers, got {type(value).__name__}"
        ) from None
    bad = ~np.isfinite(arr)
    if lo is not None:
        bad |= (arr <= lo) if lo_open else (arr < lo)
    if hi is not None:
        bad |= (arr >= hi) if hi_open else (arr > hi)
    if bad.any():
        first = float(arr[bad].reshape(-1)[0])
        left = "(" if lo_open else "["
        right = ")" if hi_open else "]"
        lo_text = "-inf" if lo is None else f"{lo:g}"
        hi_text = "inf" if hi is None else f"{hi:g}"
        bounds = f"{left}{lo_text}, {hi_text}{right}"
        where = "" if arr.ndim == 0 else f" ({int(bad.sum())} of {arr.size} entries)"
        raise InvalidArgumentError(
            f"{func}(): {name} must be finite and lie in {bounds}; got {first!r}{where}"
        )
    return arr


def out(value: Any) -> ArrayOrFloat:
    """A float for a 0-d result, else the array (read-write, the caller's to keep)."""
    arr: FloatArray = np.asarray(value, dtype=np.float64)
    return float(arr) if arr.ndim == 0 else arr


def out_bool(value: Any) -> Any:
    """A bool for a 0-d result, else the boolean array."""
    arr = np.asarray(value, dtype=bool)
    return bool(arr) if arr.ndim == 0 else arr
