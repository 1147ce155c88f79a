r"""Rigorous interval arithmetic on NumPy arrays (private kernel of :mod:`all_nash`).

An interval array is a pair ``(lo, hi)`` of float arrays with ``lo <= hi``.
Every operation returns an enclosure of the exact real result: IEEE 754
arithmetic rounds each product to nearest, so moving the rounded result one
unit in the last place outwards (:func:`numpy.nextafter`) encloses the exact
product; a sum of ``n`` terms computed in any order is within
:math:`\gamma_n \sum |x_k|` of the exact sum, with
:math:`\gamma_n = n u / (1 - n u)` and :math:`u = 2^{-53}` [Higham02]_, and
that bound (doubled, plus an underflow term) is subtracted from the lower
and added to the upper end. So the enclosures are valid for the exact real
numbers that the float payoffs represent, with no reliance on the rounding
mode of the machine.

All functions broadcast over leading batch axes (boxes), so a whole
generation of boxes in the subdivision is processed with a fixed number of
array operations.

References
----------
.. [Higham02] N. J. Higham, *Accuracy and Stability of Numerical Algorithms*,
   2nd ed., SIAM (2002), section 3.1.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = ["down", "imatmul", "imatvec", "imul", "isub", "isum", "up"]

FloatArray = NDArray[np.float64]
Interval = tuple[FloatArray, FloatArray]

_U: float = 2.0**-53
_TINY: float = float(np.finfo(np.float64).tiny)


#: Arrays at least this large are rounded outwards by arithmetic, not ``nextafter``.
_ARITH_SIZE = 64


def down(x: FloatArray) -> FloatArray:
    """A float at or below the next float below ``x`` (elementwise).

    Small arrays use :func:`numpy.nextafter`. Large ones use
    ``x - (|x| * 2**-52 + tiny)``, several times faster: ``|x| * 2**-52`` is
    exact and at least one unit in the last place of a normal ``x``,
    ``tiny`` covers zero and subnormals, and rounding to nearest is
    monotone, so the result is at most ``nextafter(x, -inf)`` (a slightly
    wider, still rigorous bound). ``fmin`` keeps infinities as they are.
    """
    if np.size(x) < _ARITH_SIZE:
        return np.nextafter(x, -np.inf)
    step = np.abs(x)
    step *= 2.0**-52
    step += _TINY
    return np.fmin(np.subtract(x, step), x)


def up(x: FloatArray) -> FloatArray:
    """A float at or above the next float above ``x`` (elementwise); see :func:`down`."""
    if np.size(x) < _ARITH_SIZE:
        return np.nextafter(x, np.inf)
    step = np.abs(x)
    step *= 2.0**-52
    step += _TINY
    return np.fmax(np.add(x, step), x)


def imul(alo: FloatArray, ahi: FloatArray, blo: FloatArray, bhi: FloatArray) -> Interval:
    """Enclosure of the elementwise product of two interval arrays (broadcasting)."""
    p1, p2, p3, p4 = alo * blo, alo * bhi, ahi * blo, ahi * bhi
    lo = np.minimum(np.minimum(p1, p2), np.minimum(p3, p4))
    hi = np.maximum(np.maximum(p1, p2), np.maximum(p3, p4))
    return down(lo), up(hi)


def isub(alo: FloatArray, ahi: FloatArray, blo: FloatArray, bhi: FloatArray) -> Interval:
    """Enclosure of ``a - b`` for interval arrays."""
    return down(alo - bhi), up(ahi - blo)


def isum(lo: FloatArray, hi: FloatArray, axis: int) -> Interval:
    """Enclosure of the sum along ``axis`` (error bound of recursive summation)."""
    n = lo.shape[axis]
    gamma = 2.0 * n * _U / (1.0 - n * _U)
    err_lo = up(gamma * np.sum(np.abs(lo), axis=axis) + n * _TINY)
    err_hi = up(gamma * np.sum(np.abs(hi), axis=axis) + n * _TINY)
    return down(np.sum(lo, axis=axis) - err_lo), up(np.sum(hi, axis=axis) + err_hi)


def imatvec(alo: FloatArray, ahi: FloatArray, xlo: FloatArray, xhi: FloatArray) -> Interval:
    """Enclosure of ``A @ x`` for interval matrices ``(B, m, k)`` and vectors ``(B, k)``."""
    plo, phi = imul(alo, ahi, xlo[:, None, :], xhi[:, None, :])
    return isum(plo, phi, axis=-1)


def imatmul(alo: FloatArray, ahi: FloatArray, blo: FloatArray, bhi: FloatArray) -> Interval:
    """Enclosure of ``A @ B`` for batches of interval matrices ``(B, m, k)`` and ``(B, k, p)``."""
    plo, phi = imul(alo[:, :, :, None], ahi[:, :, :, None], blo[:, None, :, :], bhi[:, None, :, :])
    return isum(plo, phi, axis=2)
