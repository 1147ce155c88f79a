"""Plain Python data for JSON (private): the one converter behind every ``to_dict()``.

Result objects record their arguments in ``parameters`` and report them
through ``to_dict()``; :func:`mediation_sim.io.to_json` and the command line
write such dictionaries as strict JSON. All of them convert values with
:func:`jsonable`, which lives here, below every layer, so that each layer
may import it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

import numpy as np

__all__ = ["jsonable"]


def jsonable(
    value: object,
    *,
    finite: bool = False,
    other: Callable[[object, str], object] | None = None,
    where: str = "value",
) -> object:
    """``value`` as plain Python data: ``None``, bools, ints, floats, strings, lists and dicts.

    NumPy scalars become Python numbers, arrays and tuples become lists and
    mapping keys become strings, recursively.

    Parameters
    ----------
    value : object
        What to convert.
    finite : bool, default False
        Turn NaN and infinities into ``None`` (strict JSON has no such
        numbers); otherwise they are kept.
    other : callable, optional
        ``other(obj, where)`` converts any other object; by default it
        becomes its ``repr``. ``where`` locates the object in ``value``
        (``"value[0]['x']"``), for error messages.
    where : str, default "value"
        The name of ``value`` in ``where``.

    Returns
    -------
    object
        The converted data.

    Examples
    --------
    >>> import numpy as np
    >>> jsonable({"x": (np.float64(0.5), np.int64(2)), 3: np.array([np.nan]), "f": len})
    {'x': [0.5, 2], '3': [nan], 'f': '<built-in function len>'}
    >>> jsonable([np.inf], finite=True)
    [None]
    """
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        number = float(value)
        return None if finite and not math.isfinite(number) else number
    if isinstance(value, np.ndarray):
        return jsonable(value.tolist(), finite=finite, other=other, where=where)
    if isinstance(value, Mapping):
        return {
            str(k): jsonable(v, finite=finite, other=other, where=f"{where}[{k!r}]")
            for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [
            jsonable(v, finite=finite, other=other, where=f"{where}[{k}]")
            for k, v in enumerate(value)
        ]
    return repr(value) if other is None else other(value, where)
