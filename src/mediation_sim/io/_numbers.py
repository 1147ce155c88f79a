"""Float noise removed from numbers meant to be read by people (exports).

Payoffs and grid points computed from decimal data carry the rounding of the
arithmetic: ``0.5 - 0.03`` is ``0.47000000000000003`` and
``np.linspace(0, 1, 101)[47]`` is ``0.47000000000000003``. Writers print the
shortest text that reads back to the same float (``repr``), so that noise
reaches the file. :func:`clean_floats` replaces each value by the decimal (a
rational with a small denominator) it is a few units in the last place away
from, and leaves every other value alone.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["clean_floats"]

#: Largest denominator of the rational a value is snapped to (6 decimals,
#: thirds, sevenths, ... all qualify).
MAX_DENOMINATOR = 10**6

#: Largest move, in units in the last place of the value, that counts as noise.
MAX_ULPS = 16


def _clean(x: float) -> float:
    if not math.isfinite(x) or x == 0.0:
        return x
    r = Fraction(x).limit_denominator(MAX_DENOMINATOR)
    y = float(r)
    return y if abs(y - x) <= MAX_ULPS * math.ulp(x) else x


def clean_floats(values: ArrayLike) -> NDArray[np.float64]:
    """``values`` with float noise removed: each value snapped to a nearby simple rational.

    A value is replaced by the float nearest to a rational with denominator
    at most 10**6 when that moves it by at most 16 units in the last place;
    otherwise it is kept. The result prints as the decimal the arithmetic
    meant (``0.47``, not ``0.47000000000000003``). Use it on numbers headed
    for a CSV file or a report; computations should keep the exact floats.

    Parameters
    ----------
    values : array_like of float
        Any shape.

    Returns
    -------
    ndarray of float64
        Same shape; every entry within 16 ulp of the input.

    See Also
    --------
    dumps_nfg : ``clean=True`` writes a game's payoffs cleaned.

    Examples
    --------
    >>> import numpy as np
    >>> from mediation_sim.io import clean_floats
    >>> grid = np.linspace(0, 1, 101)
    >>> print(grid[47], clean_floats(grid)[47])
    0.47000000000000003 0.47
    >>> clean_floats([0.1 + 0.2, 1 / 3, np.pi]).tolist() == [0.3, 1 / 3, np.pi]
    True
    """
    arr = np.asarray(values, dtype=np.float64)
    unique, inverse = np.unique(arr.ravel(), return_inverse=True)
    cleaned: NDArray[Any] = np.array([_clean(x) for x in unique.tolist()], dtype=np.float64)
    return cleaned[inverse].reshape(arr.shape)
