"""Checks shared by the forecasting models (private).

An *issue* is a line; each actor has a position on it, a capability
(``c >= 0``) and a salience (``0 <= s <= 1``). Every function takes arrays
of shape ``(..., n)``: a leading batch axis holds independent issues (for
Monte Carlo), the last axis the actors.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeAlias

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..._errors import InvalidArgumentError
from ..._validation import check_labels

FloatArray: TypeAlias = NDArray[np.float64]


def _array(value: ArrayLike, *, func: str, name: str) -> FloatArray:
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise InvalidArgumentError(
            f"{func}(): {name} must be an array of numbers, got {type(value).__name__}"
        ) from None
    if arr.ndim == 0:
        raise InvalidArgumentError(f"{func}(): {name} must have one entry per actor, got a scalar")
    if not np.isfinite(arr).all():
        raise InvalidArgumentError(f"{func}(): {name} must be finite")
    return arr


def checked_actors(
    func: str,
    positions: ArrayLike,
    capabilities: ArrayLike,
    saliences: ArrayLike,
    *,
    min_actors: int = 2,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Positions, capabilities and saliences checked and broadcast to one shape ``(..., n)``."""
    x = _array(positions, func=func, name="positions")
    c = _array(capabilities, func=func, name="capabilities")
    s = _array(saliences, func=func, name="saliences")
    if (c < 0).any():
        raise InvalidArgumentError(f"{func}(): capabilities must be >= 0")
    if ((s < 0) | (s > 1)).any():
        raise InvalidArgumentError(f"{func}(): saliences must lie in [0, 1]")
    try:
        x, c, s = (np.array(a) for a in np.broadcast_arrays(x, c, s))
    except ValueError:
        raise InvalidArgumentError(
            f"{func}(): positions {x.shape}, capabilities {c.shape} and saliences {s.shape} "
            "do not broadcast together"
        ) from None
    if x.shape[-1] < min_actors:
        raise InvalidArgumentError(
            f"{func}(): needs at least {min_actors} actors, got {x.shape[-1]}"
        )
    if ((c * s).sum(axis=-1) <= 0).any():
        raise InvalidArgumentError(
            f"{func}(): at least one actor must have positive capability and salience"
        )
    return x, c, s


def checked_names(names: Sequence[str] | None, n: int, *, func: str) -> tuple[str, ...]:
    """Actor names (default ``actor0, actor1, ...``), unique, one per actor."""
    if names is None:
        return tuple(f"actor{i}" for i in range(n))
    return check_labels(names, count=n, what="names", func=func)


def checked_bounds(
    bounds: tuple[float, float] | None, x: FloatArray, *, func: str
) -> tuple[FloatArray, FloatArray]:
    """The ends of the issue line: ``bounds`` if given, else the actors' extreme positions."""
    if bounds is None:
        lo, hi = x.min(axis=-1), x.max(axis=-1)
        if (hi <= lo).any():
            raise InvalidArgumentError(
                f"{func}(): all actors hold the same position; give bounds=(lo, hi) for the issue"
            )
        return lo, hi
    try:
        lo_f, hi_f = (float(b) for b in bounds)
    except (TypeError, ValueError):
        raise InvalidArgumentError(f"{func}(): bounds must be a pair (lo, hi)") from None
    if not (np.isfinite(lo_f) and np.isfinite(hi_f) and lo_f < hi_f):
        raise InvalidArgumentError(f"{func}(): bounds must be finite with lo < hi, got {bounds!r}")
    if ((x < lo_f) | (x > hi_f)).any():
        raise InvalidArgumentError(f"{func}(): every position must lie within bounds {bounds!r}")
    shape = x.shape[:-1]
    return np.full(shape, lo_f), np.full(shape, hi_f)
