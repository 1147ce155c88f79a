"""Checks a scenario runs before it allocates anything for a parameter batch (private).

Kept apart from the engine so that the engine can change without losing them:
each is one call at the top of a :class:`~mediation_sim.scenarios.Scenario`
method.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from .._errors import GameTooLargeError, InvalidArgumentError, ParameterOutOfBoundsError, SpecError
from .._nesting import find_excess_nesting
from ..games.normal_form import MAX_PAYOFF_ENTRIES

__all__ = [
    "MAX_BATCH_ENTRIES",
    "MAX_SPEC_NESTING",
    "check_batch_size",
    "check_mode_and_fix",
    "check_parameter_value",
    "check_spec_nesting",
]

#: Most entries a scenario batch may allocate: ``prod(batch shape)`` times the
#: larger of the player and outcome counts times the number of pure profiles
#: (payoffs and outcome lotteries are both that big). 2e8 float64 entries are
#: 1.6 GB. Checked on the broadcast shape of the parameter arrays, before any
#: array is built; assign a larger value to
#: ``mediation_sim.scenarios._limits.MAX_BATCH_ENTRIES`` to lift it, or split
#: the batch (the sweep and Monte Carlo functions do so themselves).
MAX_BATCH_ENTRIES = 4 * MAX_PAYOFF_ENTRIES


def check_batch_size(
    name: str, batch: Sequence[int], shape: Sequence[int], n_players: int, n_outcomes: int
) -> None:
    """Refuse a parameter batch whose payoff or lottery arrays would be too large.

    Examples
    --------
    >>> from mediation_sim.scenarios._limits import check_batch_size
    >>> check_batch_size("demo", (11,), (3, 3, 2), 3, 4)
    >>> check_batch_size("demo", (10**7,), (3, 3, 2, 2, 3), 5, 6)
    Traceback (most recent call last):
        ...
    mediation_sim._errors.GameTooLargeError: scenario 'demo': a batch of shape (10000000,) ...
    """
    entries = math.prod(batch) * max(n_players, n_outcomes, 1) * math.prod(shape)
    if entries > MAX_BATCH_ENTRIES:
        raise GameTooLargeError(
            f"scenario {name!r}: a batch of shape {tuple(batch)} needs {entries:,} payoff or "
            f"lottery entries, above the limit of {MAX_BATCH_ENTRIES:,} "
            "(mediation_sim.scenarios._limits.MAX_BATCH_ENTRIES); split the parameter arrays"
        )


def check_parameter_value(
    name: str, raw: object, scenario: str, shape: Sequence[int], n_players: int, n_outcomes: int
) -> None:
    """Refuse parameter values NumPy would silently convert (booleans, masked arrays).

    An array (a broadcast view included) is also checked against
    :data:`MAX_BATCH_ENTRIES` by its own shape, before its values are read.
    """
    if isinstance(raw, np.ndarray):
        check_batch_size(scenario, raw.shape, shape, n_players, n_outcomes)
    if isinstance(raw, bool | np.bool_) or (isinstance(raw, np.ndarray) and raw.dtype.kind == "b"):
        raise ParameterOutOfBoundsError(
            f"parameter {name!r} must be a number or an array of numbers, got a boolean "
            f"({raw!r}); write 1.0 or 0.0 if that is what you mean"
        )
    if np.ma.isMaskedArray(raw):
        raise ParameterOutOfBoundsError(
            f"parameter {name!r} is a masked array; its mask would be ignored, so fill or "
            "drop the masked entries first (numpy.ma.compressed or .filled)"
        )
    if isinstance(raw, list | tuple) and any(isinstance(x, bool) for x in raw):
        raise ParameterOutOfBoundsError(f"parameter {name!r} must hold numbers, not booleans")


def check_mode_and_fix(mode: Any, fix: Any) -> None:
    """Check the types of ``mode`` (a name or None) and ``fix`` (a mapping of names)."""
    if mode is not None and not isinstance(mode, str):
        raise InvalidArgumentError(
            f"mode must be a mode name (a string) or None, got {type(mode).__name__}"
        )
    if fix is None:
        return
    if not isinstance(fix, Mapping):
        raise InvalidArgumentError(
            f"fix must be a mapping player -> strategy, got {type(fix).__name__}"
        )
    for player, strategy in fix.items():
        if not isinstance(player, str) or not isinstance(strategy, str):
            raise InvalidArgumentError(
                f"fix maps player ids to strategy ids (strings), got {player!r}: {strategy!r}"
            )


#: Deepest nesting of arrays and tables a scenario file may use (the shipped
#: ones use at most 4). ``tomllib`` recurses once per level, so the text is
#: scanned iteratively for this before it is parsed; assign a larger value to
#: ``mediation_sim.scenarios._limits.MAX_SPEC_NESTING`` to lift it.
MAX_SPEC_NESTING = 64


def check_spec_nesting(text: str, source: str) -> None:
    r"""Refuse scenario TOML nested deeper than :data:`MAX_SPEC_NESTING`, before parsing it.

    The check is one pass with a counter, so it takes linear time and no
    stack however deep the text nests.

    Raises
    ------
    SpecError
        Naming ``source`` and the line of the first bracket beyond the limit.

    Examples
    --------
    >>> from mediation_sim.scenarios._limits import check_spec_nesting
    >>> check_spec_nesting("x = [[1, 2], [3]]", "demo.toml")
    >>> check_spec_nesting("[scenario]\nx = " + "[" * 100 + "]" * 100, "demo.toml")
    Traceback (most recent call last):
        ...
    mediation_sim._errors.SpecError: demo.toml, line 2: arrays or tables are nested more ...
    """
    found = find_excess_nesting(text, syntax="toml", limit=MAX_SPEC_NESTING)
    if found is not None:
        raise SpecError(
            f"arrays or tables are nested more than {MAX_SPEC_NESTING} deep, too deep to be a "
            "scenario (mediation_sim.scenarios._limits.MAX_SPEC_NESTING)",
            path=source,
            line=found[1],
        )
