"""Argument checks and output conventions shared by the war-bargaining models (private).

Every model function accepts floats or NumPy arrays for every parameter and
broadcasts them together (for Monte Carlo over uncertain parameters). A
result is a ``float`` when every input was a scalar, else an ``ndarray`` of
the broadcast shape.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple, TypeAlias

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .._errors import InvalidArgumentError

FloatArray: TypeAlias = NDArray[np.float64]
#: A float for scalar inputs, an array for array inputs.
ArrayOrFloat: TypeAlias = float | FloatArray


class Range(NamedTuple):
    """The allowed values of a parameter: ``[lo, hi]``, either end open or absent."""

    lo: float | None = None
    hi: float | None = None
    lo_open: bool = False
    hi_open: bool = False


_UNIT = Range(0.0, 1.0)
_NONNEGATIVE = Range(0.0)

#: The range of every model parameter, by name (one name means one thing in every model).
RANGES: Mapping[str, Range] = {
    **dict.fromkeys(
        ("p", "p_now", "p_next", "q", "settlement", "target", "demand", "future_power_a"), _UNIT
    ),
    **dict.fromkeys(
        (
            "cost_a",
            "cost_b",
            "cost_b_low",
            "cost_b_high",
            "cost_per_battle_a",
            "cost_per_battle_b",
            "pressure",
            "leverage",
            "odds_shift",
            "shift_leverage",
            "step_shift",
            "start",
        ),
        _NONNEGATIVE,
    ),
    "delta": _UNIT,
    "n": Range(1.0),
    "weight_a": Range(0.0, 1.0, lo_open=True, hi_open=True),
}


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


def checked(
    func: str, ranges: Mapping[str, Range] | None = None, /, **values: ArrayLike
) -> list[FloatArray]:
    """Check each named value (:func:`as_array`, in the given order) and broadcast them together.

    Each name's range is its entry in :data:`RANGES`, unless ``ranges``
    gives another. The arrays returned are broadcast views: compute new
    arrays from them rather than returning or writing into them.
    """
    arrays = []
    for name, value in values.items():
        bounds = (ranges or {}).get(name) or RANGES[name]
        arrays.append(as_array(value, func=func, name=name, **bounds._asdict()))
    try:
        return list(np.broadcast_arrays(*arrays))
    except ValueError:
        shapes = ", ".join(f"{name} {a.shape}" for name, a in zip(values, arrays, strict=True))
        raise InvalidArgumentError(
            f"{func}(): the shapes of the parameters do not broadcast together: {shapes}"
        ) from None


def short(value: Any) -> str:
    """A parameter as a ``__repr__`` shows it: 4 significant digits, or the array's shape."""
    return f"{float(value):.4g}" if np.ndim(value) == 0 else f"array{np.shape(value)}"


def plain_values(obj: object, names: Iterable[str]) -> dict[str, Any]:
    """The attributes ``names`` of ``obj`` as plain Python numbers or (nested) lists."""
    return {name: np.asarray(getattr(obj, name)).tolist() for name in names}


def out(value: Any) -> ArrayOrFloat:
    """A float for a 0-d result, else the array (read-write, the caller's to keep)."""
    arr: FloatArray = np.asarray(value, dtype=np.float64)
    return float(arr) if arr.ndim == 0 else arr


def out_bool(value: Any) -> Any:
    """A bool for a 0-d result, else the boolean array."""
    arr = np.asarray(value, dtype=bool)
    return bool(arr) if arr.ndim == 0 else arr
