"""Argument checks shared by every layer (private).

Each check raises an :class:`~mediation_sim.InvalidArgumentError` whose message
names the function and the argument, and states the allowed range.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence

import numpy as np

from ._errors import InvalidArgumentError

__all__ = [
    "DEFAULT_TOL",
    "check_labels",
    "check_limit",
    "check_positive_int",
    "check_probability",
    "check_tol",
    "normalise_rng",
    "warn_user",
]

#: Default tolerance of every solver and of :meth:`NormalFormGame.is_nash`,
#: relative to the game's payoff range.
DEFAULT_TOL = 1e-8


def check_tol(tol: object, *, func: str, name: str = "tol") -> float:
    """Return ``tol`` as a float if it is finite and non-negative, else raise."""
    if isinstance(tol, bool) or not isinstance(tol, numbers.Real):
        raise InvalidArgumentError(
            f"{func}(): {name} must be a non-negative real number, got {type(tol).__name__}"
        )
    value = float(tol)
    if not math.isfinite(value) or value < 0:
        raise InvalidArgumentError(f"{func}(): {name} must be finite and >= 0, got {value!r}")
    return value


def check_positive_int(value: object, *, func: str, name: str, minimum: int = 1) -> int:
    """Return ``value`` as an int if it is an integer no less than ``minimum``, else raise."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise InvalidArgumentError(
            f"{func}(): {name} must be an integer no less than {minimum}, "
            f"got {type(value).__name__}"
        )
    if int(value) < minimum:
        raise InvalidArgumentError(
            f"{func}(): {name} must be an integer no less than {minimum}, got {int(value)}"
        )
    return int(value)


def check_limit(value: float, *, func: str, name: str, limit: float, limit_name: str) -> None:
    """Refuse ``value`` above a documented work or size ``limit`` (before any work is done).

    ``limit_name`` is the dotted path of the module constant holding the
    limit, which the message names so a user who needs more can raise it.
    """
    if value > limit:
        shown = f"{value:,}" if isinstance(value, int) else f"{value:g}"
        raise InvalidArgumentError(
            f"{func}(): {name}={shown} is above the limit of {limit:,} ({limit_name}); "
            f"assign a larger value to {limit_name} if you really need that much work"
        )


def check_probability(value: object, *, func: str, name: str) -> float:
    """Return ``value`` as a float if it lies in [0, 1], else raise."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise InvalidArgumentError(f"{func}(): {name} must be a number in [0, 1]")
    out = float(value)
    if not (0.0 <= out <= 1.0):
        raise InvalidArgumentError(f"{func}(): {name} must lie in [0, 1], got {out!r}")
    return out


def check_labels(labels: object, *, count: int, what: str, func: str) -> tuple[str, ...]:
    """Check a sequence of ``count`` distinct, non-empty string labels."""
    if isinstance(labels, str) or not isinstance(labels, Sequence | np.ndarray):
        raise InvalidArgumentError(f"{func}(): {what} must be a sequence of strings")
    out = tuple(labels)
    if len(out) != count:
        raise InvalidArgumentError(f"{func}(): {what} must have {count} labels, got {len(out)}")
    for label in out:
        if not isinstance(label, str) or not label:
            raise InvalidArgumentError(
                f"{func}(): every label in {what} must be a non-empty string, got {label!r}"
            )
    if len(set(out)) != len(out):
        dupes = sorted({x for x in out if out.count(x) > 1})
        raise InvalidArgumentError(
            f"{func}(): labels in {what} must be distinct; repeated: {dupes}"
        )
    return out


def normalise_rng(rng: object, *, func: str) -> np.random.Generator:
    """Turn ``rng`` (``int | Generator | SeedSequence | None``, SPEC 7) into a Generator."""
    if isinstance(rng, bool) or not (
        rng is None
        or isinstance(rng, numbers.Integral | np.random.Generator | np.random.SeedSequence)
    ):
        raise InvalidArgumentError(
            f"{func}(): rng must be None, an int, a numpy.random.SeedSequence or a "
            f"numpy.random.Generator, got {type(rng).__name__}"
        )
    if isinstance(rng, numbers.Integral) and int(rng) < 0:
        raise InvalidArgumentError(f"{func}(): rng seed must be non-negative, got {int(rng)}")
    return np.random.default_rng(rng)  # type: ignore[arg-type]


_PACKAGE_DIR = __file__.rsplit("/", 1)[0].rsplit("\\", 1)[0]


def warn_user(message: str, category: type[Warning]) -> None:
    """Issue a warning attributed to the first stack frame outside mediation_sim."""
    import inspect
    import warnings

    frame = inspect.currentframe()
    level = 1
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE_DIR):
        frame = frame.f_back
        level += 1
    del frame
    warnings.warn(message, category, stacklevel=level)
