r"""Ceasefire durability: a truce as a state that can relapse into war or harden into peace.

Each period the conflict is in one of three states: ``war``, ``ceasefire``
or ``peace`` (absorbing). From war a ceasefire is agreed with probability
:math:`h`; a ceasefire relapses into war with probability :math:`r` and
hardens into a lasting settlement with probability :math:`g` (and otherwise
holds another period). This is the absorbing Markov chain behind the
durability literature's survival curves (Fortna 2004: what makes a truce
last is what raises the cost of breaking it — here, lower :math:`r`).

**Closed forms.** A ceasefire lasts :math:`1 / (r + g)` periods on average
and ends in peace with probability :math:`g / (r + g)`. From war, the
expected time to lasting peace is

.. math:: T_{\text{war}} = \frac{1}{h} + \frac{1 + r / h}{g}\,,

(each ceasefire spell lasts :math:`1/(r+g)`, each war spell :math:`1/h`, and
:math:`(r + g)/g` spells of each are needed on average), checked in the
tests against the chain's fundamental matrix.

**Pressure.** A guarantor's pressure lowers the relapse probability,
:math:`r(\pi) = r / (1 + \text{leverage}\cdot\pi)`.

**Source**

* V. P. Fortna, *Peace Time: Cease-Fire Agreements and the Durability of Peace*,
  Princeton University Press (2004).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from .._errors import InvalidArgumentError
from ._common import FloatArray, as_array, out

__all__ = ["CeasefireChain"]

STATES = ("war", "ceasefire", "peace")


@dataclass(frozen=True, slots=True, repr=False)
class CeasefireChain:  # numpydoc ignore=PR02
    """War, a ceasefire that can relapse, and lasting peace, as a Markov chain.

    Parameters
    ----------
    agree : float or array_like
        Per-period probability that a war period ends in a ceasefire (``h``).
    relapse : float or array_like
        Per-period probability that a ceasefire collapses back into war (``r``).
    harden : float or array_like
        Per-period probability that a ceasefire becomes lasting peace (``g``, > 0).
    leverage : float or array_like, default 0
        Pressure's effect: ``relapse / (1 + leverage * pressure)``.

    Raises
    ------
    InvalidArgumentError
        If a probability is outside ``[0, 1]``, ``agree`` or ``harden`` is 0,
        or ``relapse + harden > 1``.

    Examples
    --------
    >>> from mediation_sim.models import CeasefireChain
    >>> chain = CeasefireChain(agree=0.25, relapse=0.2, harden=0.05)
    >>> chain.ceasefire_duration(), chain.peace_probability()
    (4.0, 0.2)
    >>> chain.time_to_peace()           # 1/h + (1 + r/h)/g
    40.0
    >>> CeasefireChain(0.25, 0.2, 0.05, leverage=1.0).time_to_peace(pressure=1.0)
    32.0
    """

    agree: Any
    relapse: Any
    harden: Any
    leverage: Any = 0.0

    def __post_init__(self) -> None:
        func = "CeasefireChain"
        h = as_array(self.agree, func=func, name="agree", lo=0.0, hi=1.0, lo_open=True)
        r = as_array(self.relapse, func=func, name="relapse", lo=0.0, hi=1.0)
        g = as_array(self.harden, func=func, name="harden", lo=0.0, hi=1.0, lo_open=True)
        as_array(self.leverage, func=func, name="leverage", lo=0.0)
        try:
            total = np.broadcast_arrays(h, r, g)
        except ValueError:
            raise InvalidArgumentError(
                f"{func}(): agree, relapse and harden do not broadcast together"
            ) from None
        if (total[1] + total[2] > 1.0 + 1e-12).any():
            raise InvalidArgumentError(f"{func}(): relapse + harden must not exceed 1")

    def _rates(self, pressure: ArrayLike) -> tuple[FloatArray, FloatArray, FloatArray]:
        p = as_array(pressure, func="CeasefireChain", name="pressure", lo=0.0)
        h = np.asarray(self.agree, dtype=np.float64)
        r = np.asarray(self.relapse, dtype=np.float64) / (
            1.0 + np.asarray(self.leverage, dtype=np.float64) * p
        )
        g = np.asarray(self.harden, dtype=np.float64)
        h, r, g = np.broadcast_arrays(h, r, g)
        return h, r, g

    def transition_matrix(self, pressure: float = 0.0) -> FloatArray:
        """The 3 x 3 transition matrix over ``("war", "ceasefire", "peace")`` (scalar inputs)."""
        h, r, g = (float(x) for x in self._rates(pressure))
        return np.array([[1 - h, h, 0.0], [r, 1 - r - g, g], [0.0, 0.0, 1.0]])

    def ceasefire_duration(self, pressure: ArrayLike = 0.0) -> float | FloatArray:
        """Expected periods a ceasefire holds before it relapses or hardens: ``1 / (r + g)``."""
        _, r, g = self._rates(pressure)
        return out(1.0 / (r + g))

    def peace_probability(self, pressure: ArrayLike = 0.0) -> float | FloatArray:
        """Probability that a ceasefire ends in lasting peace rather than war: ``g / (r + g)``."""
        _, r, g = self._rates(pressure)
        return out(g / (r + g))

    def time_to_peace(self, pressure: ArrayLike = 0.0) -> float | FloatArray:
        """Expected periods from war to lasting peace: ``1/h + (1 + r/h)/g``."""
        h, r, g = self._rates(pressure)
        return out(1.0 / h + (1.0 + r / h) / g)

    def state_probabilities(self, periods: int, pressure: float = 0.0) -> FloatArray:
        """Probability of each state after ``0..periods`` periods, starting at war.

        Returns
        -------
        ndarray, shape (periods + 1, 3)
        """
        n: object = periods
        if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 0:
            raise InvalidArgumentError(
                f"CeasefireChain.state_probabilities(): periods must be an integer >= 0, "
                f"got {periods!r}"
            )
        m = self.transition_matrix(pressure)
        rows = np.empty((int(periods) + 1, 3))
        rows[0] = [1.0, 0.0, 0.0]
        for t in range(int(periods)):
            rows[t + 1] = rows[t] @ m
        return rows

    def __repr__(self) -> str:
        def fmt(x: Any) -> str:
            a = np.asarray(x)
            return f"{float(a):.4g}" if a.ndim == 0 else f"array{a.shape}"

        return (
            f"CeasefireChain(agree={fmt(self.agree)}, relapse={fmt(self.relapse)}, "
            f"harden={fmt(self.harden)})"
        )
