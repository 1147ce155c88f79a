"""The shared verifier's regret kernels over payoff arrays (re-exported by :mod:`.normal_form`)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeAlias

import numpy as np
from numpy.typing import NDArray

FloatArray: TypeAlias = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class PayoffFrame:
    """The verifier's normalised frame of a payoff array.

    Module-level API for the solvers' shared verifier (not re-exported from
    :mod:`mediation_sim.games`).

    ``payoffs == ldexp(shifted, exponent) + offset`` for one common offset:
    ``shifted`` holds the payoffs scaled by the power of two ``2**-exponent``
    (so every magnitude is below one; exact, no overflow) minus their
    minimum, so its entries lie in ``[0, 2)``. ``spread`` is
    ``shifted.max()`` (0 for a constant game). Regrets computed on
    ``shifted`` are exact power-of-two scalings of the regrets in payoff
    units, so comparing them with :meth:`bound` gives the verdict
    ``regret <= tol * payoff_range`` without overflow or cancellation.
    """

    shifted: FloatArray
    exponent: int
    spread: float

    def bound(self, tol: float) -> float:
        """``tol * payoff_range`` in frame units (a constant game has range 1)."""
        if self.spread > 0:
            return tol * self.spread
        # a constant game (range 1, every regret 0): 1 in frame units may overflow
        return tol * _ldexp(1.0, -self.exponent) if tol > 0 else 0.0

    def to_payoff_units(self, value: float) -> float:
        """A frame quantity (a regret) in payoff units; ``inf`` beyond the float range."""
        return _ldexp(value, self.exponent)


def _ldexp(value: float, exponent: int) -> float:
    try:
        return math.ldexp(value, exponent)
    except OverflowError:
        return math.inf


def payoff_frame(payoffs: FloatArray) -> PayoffFrame:
    """Compute the :class:`PayoffFrame` of a finite payoff array."""
    magnitude = float(np.abs(payoffs).max()) if payoffs.size else 0.0
    if magnitude == 0.0:
        return PayoffFrame(_readonly(np.zeros_like(payoffs)), 0, 0.0)
    exponent = math.frexp(magnitude)[1]
    scaled = np.ldexp(payoffs, -exponent)
    scaled -= scaled.min()
    return PayoffFrame(_readonly(scaled), exponent, float(scaled.max()))


def _deviation_payoffs(
    payoffs: FloatArray, vectors: Sequence[FloatArray]
) -> tuple[FloatArray, ...]:
    """``out[i][a] = sum over a_{-i} of payoffs[i][a, a_{-i}] * prod_{j != i} vectors[j][a_j]``.

    One pass of ``einsum`` over player ``i``'s payoff tensor per player, without
    path optimisation: the tensor is read once either way, and planning a
    contraction path costs more than it saves for games of any enumerable size.
    """
    n = payoffs.shape[0]
    out = []
    axes = list(range(n))
    for i in range(n):
        operands: list[Any] = [payoffs[i], axes]
        for j in range(n):
            if j != i:
                operands.extend((vectors[j], [j]))
        operands.append([i])
        out.append(np.asarray(np.einsum(*operands, optimize=False), dtype=np.float64))
    return tuple(out)


def _player_regrets(payoffs: FloatArray, vectors: Sequence[FloatArray]) -> FloatArray:
    # The batch kernel with a batch of one, so that a profile's regret is the
    # very number the solvers' batched verifier computed for it.
    regrets: FloatArray = batch_player_regrets(payoffs, [v[None, :] for v in vectors])[0]
    return regrets


def batch_player_regrets(payoffs: FloatArray, stacks: Sequence[FloatArray]) -> FloatArray:
    """:func:`_player_regrets` of ``K`` profiles at once: ``stacks[i]`` is ``(K, s_i)``.

    Returns the ``(K, n_players)`` regrets. One ``einsum`` per player over
    the batch (the profile index is one more summation-free axis), so
    verifying ``K`` candidates costs ``n_players`` calls instead of
    ``K * n_players``.
    """
    n = payoffs.shape[0]
    axes = list(range(n))
    batch = n
    out = np.empty((stacks[0].shape[0], n))
    for i in range(n):
        operands: list[Any] = [payoffs[i], axes]
        for j in range(n):
            if j != i:
                operands.extend((stacks[j], [batch, j]))
        if n == 1:  # no opponent carries the batch axis
            operands.extend((np.ones(out.shape[0]), [batch]))
        operands.append([batch, i])
        dev = np.einsum(*operands, optimize=False)
        out[:, i] = dev.max(axis=1) - np.einsum("ks,ks->k", dev, stacks[i])
    return np.maximum(out, 0.0)


def _readonly(array: NDArray[Any]) -> NDArray[Any]:
    array.flags.writeable = False
    return array
