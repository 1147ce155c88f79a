r"""The commitment problem: war as a response to a shift in power that promises cannot offset.

Two sides divide a flow of one unit of a good per period. Today side ``A``
would win a war with probability ``p_now``; from the next period on, with
``p_next``. A war is decided once and for all: it gives a side its winning
probability of every future period's flow, minus a cost ``c`` per period
(costs in units of the per-period flow), so at the start of the game

.. math:: V_A^{\text{war}} = (1 + W)(p_{\text{now}} - c_A), \qquad
          V_B^{\text{war}} = (1 + W)(1 - p_{\text{now}} - c_B),

where ``W`` is the weight of the future: ``W = delta`` in the two-period
game (``horizon="two_period"``) and ``W = delta / (1 - delta)`` when the
new distribution of power lasts forever (``horizon="infinite"``).

**What peace can promise.** Today's flow can be split in any way. But once
power has shifted, no promise binds: the future split must lie in the
*next* period's bargaining range, ``[max(0, p_next - c_A), min(1, p_next +
c_B)]``, or one side would fight then. Write ``x_next`` for A's future
share; with ``future_power_a = beta`` it is
``x_next = low + beta * (high - low)`` (``beta = 0``: the side gaining power
dictates the future terms, as in Fearon's preventive-war example;
``beta = 1``: the most the other side can credibly promise A, the bound in
Powell's argument; ``beta = 0.5``: the Nash split). The best peace for A
gives it all of today's flow; for B, none of it to A. So war is the
equilibrium outcome exactly when one side's war value beats the best peace
it can be offered:

.. math::

   I_A &= (1 + W)(p_{\text{now}} - c_A) - 1 - W\,x_{\text{next}} > 0
   \quad\text{or}\\
   I_B &= (1 + W)(1 - p_{\text{now}} - c_B) - 1 - W\,(1 - x_{\text{next}}) > 0 .

With ``beta = 1`` and an interior range this is, for the declining side A,

.. math:: W\,(p_{\text{now}} - p_{\text{next}}) > (1 - p_{\text{now}}) + c_A + W\,(c_A + c_B):

war comes when the discounted shift in power exceeds what the rising side
can hand over today plus the costs of fighting, a large, rapid shift relative
to the costs (Powell 2006); without a shift (``p_next = p_now``) there is
never war (Fearon 1995).

**Pressure.** A mediator's pressure ``pi`` raises B's cost,
``c_B(pi) = c_B + leverage * pi``, and may damp the shift:
``p_next(pi)`` moves towards ``p_now`` by ``shift_leverage * pi``. Both
incentives fall (weakly) as pressure rises, so :func:`critical_pressure` is
well defined. Note the channel: when A is the declining side and
``beta = 0``, raising B's cost does not change what B will concede later,
so only damping the shift removes A's incentive.

**Sources**

* J. D. Fearon, "Rationalist explanations for war", *International Organization* 49(3) (1995),
  pp. 379-414 (commitment problems and preventive war, pp. 401-409).
* R. Powell, "War as a commitment problem", *International Organization* 60(1) (2006), pp. 169-203.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike

from .._errors import InvalidArgumentError
from ._common import ArrayOrFloat, FloatArray, Range, checked, out, out_bool, plain_values, short

__all__ = [
    "CommitmentModel",
    "critical_pressure",
    "preventive_war",
    "war_incentives",
]

Horizon = Literal["two_period", "infinite"]

#: Incentives within this multiple of the stakes ``1 + W`` count as zero (peace).
_TIE = 1e-12


def _future_weight(delta: FloatArray, horizon: str, *, func: str) -> FloatArray:
    if horizon == "two_period":
        return delta
    if horizon == "infinite":
        out_: FloatArray = delta / (1.0 - delta)
        return out_
    raise InvalidArgumentError(
        f"{func}(): horizon must be 'two_period' or 'infinite', got {horizon!r}"
    )


def _inputs(
    func: str,
    p_now: ArrayLike,
    p_next: ArrayLike,
    cost_a: ArrayLike,
    cost_b: ArrayLike,
    delta: ArrayLike,
    future_power_a: ArrayLike,
    leverage: ArrayLike,
    shift_leverage: ArrayLike,
    horizon: str,
) -> list[FloatArray]:
    # an infinite horizon needs delta < 1 (the future's weight delta / (1 - delta) is finite)
    ranges = {"delta": Range(0.0, 1.0, hi_open=True)} if horizon == "infinite" else None
    return checked(
        func,
        ranges,
        p_now=p_now,
        p_next=p_next,
        cost_a=cost_a,
        cost_b=cost_b,
        delta=delta,
        future_power_a=future_power_a,
        leverage=leverage,
        shift_leverage=shift_leverage,
    )


def _incentives(
    arrays: list[FloatArray], pressure: FloatArray, horizon: str, *, func: str
) -> tuple[FloatArray, FloatArray]:
    p0, p1, ca, cb, delta, beta, lev, sl = arrays
    w = _future_weight(delta, horizon, func=func)
    shift = p1 - p0
    damped = np.sign(shift) * np.maximum(np.abs(shift) - sl * pressure, 0.0)
    p_next = p0 + damped
    cb_pi = cb + lev * pressure
    low = np.maximum(0.0, p_next - ca)
    high = np.minimum(1.0, p_next + cb_pi)
    x_next = low + beta * (high - low)
    inc_a = (1.0 + w) * (p0 - ca) - 1.0 - w * x_next
    inc_b = (1.0 + w) * (1.0 - p0 - cb_pi) - 1.0 - w * (1.0 - x_next)
    return inc_a, inc_b


def war_incentives(
    p_now: ArrayLike,
    p_next: ArrayLike,
    cost_a: ArrayLike,
    cost_b: ArrayLike,
    *,
    delta: ArrayLike,
    horizon: Horizon = "two_period",
    future_power_a: ArrayLike = 0.5,
    pressure: ArrayLike = 0.0,
    leverage: ArrayLike = 1.0,
    shift_leverage: ArrayLike = 0.0,
) -> tuple[ArrayOrFloat, ArrayOrFloat]:
    """Each side's gain from war today over the best peace it can be promised: ``(I_A, I_B)``.

    Parameters
    ----------
    p_now, p_next : float or array_like
        A's probability of winning a war today, and after the shift.
    cost_a, cost_b : float or array_like
        Per-period costs of war (>= 0), in units of the per-period flow.
    delta : float or array_like
        Discount factor, in ``[0, 1]`` (``[0, 1)`` for ``horizon="infinite"``).
    horizon : {"two_period", "infinite"}, default "two_period"
        How long the post-shift world lasts (see the module docstring).
    future_power_a : float or array_like, default 0.5
        Where in the post-shift bargaining range A's future share lies (0: at
        its bottom, 1: at its top).
    pressure, leverage, shift_leverage : float or array_like
        Pressure on B, the rise in B's cost per unit of pressure, and the
        reduction of ``|p_next - p_now|`` per unit of pressure.

    Returns
    -------
    tuple
        ``(I_A, I_B)``; war is an equilibrium outcome when either is positive.

    Raises
    ------
    InvalidArgumentError
        If a parameter is out of range or ``horizon`` is unknown.

    See Also
    --------
    preventive_war, critical_pressure

    References
    ----------
    .. [1] Fearon (1995), pp. 401-409; Powell (2006). See the module's sources.

    Examples
    --------
    A declines from 0.8 to 0.3; costs are 0.05 each; delta = 0.9:

    >>> from mediation_sim.models import commitment
    >>> ia, ib = commitment.war_incentives(0.8, 0.3, 0.05, 0.05, delta=0.9, future_power_a=1)
    >>> round(ia, 6), round(ib, 6)          # A gains 0.11 from striking now
    (0.11, -1.3)
    """
    func = "war_incentives"
    arrays = _inputs(
        func,
        p_now,
        p_next,
        cost_a,
        cost_b,
        delta,
        future_power_a,
        leverage,
        shift_leverage,
        horizon,
    )
    (pi,) = checked(func, pressure=pressure)
    inc_a, inc_b = _incentives(arrays, pi, horizon, func=func)
    return out(inc_a), out(inc_b)


def preventive_war(
    p_now: ArrayLike,
    p_next: ArrayLike,
    cost_a: ArrayLike,
    cost_b: ArrayLike,
    *,
    delta: ArrayLike,
    horizon: Horizon = "two_period",
    future_power_a: ArrayLike = 0.5,
    pressure: ArrayLike = 0.0,
    leverage: ArrayLike = 1.0,
    shift_leverage: ArrayLike = 0.0,
) -> Any:
    """Whether the shift in power makes war the equilibrium outcome: ``max(I_A, I_B) > 0``.

    Parameters
    ----------
    p_now, p_next, cost_a, cost_b, delta, horizon, future_power_a, pressure, leverage
        As in :func:`war_incentives`.
    shift_leverage : float or array_like, default 0
        As in :func:`war_incentives`.

    Returns
    -------
    bool or ndarray of bool
        Incentives within ``1e-12 * (1 + W)`` of zero count as peace
        (indifference is resolved in favour of a settlement).

    Raises
    ------
    InvalidArgumentError
        If a parameter is out of range.

    See Also
    --------
    war_incentives, critical_pressure

    Examples
    --------
    >>> from mediation_sim.models import commitment
    >>> commitment.preventive_war(0.8, [0.8, 0.6, 0.3], 0.05, 0.05, delta=0.9, future_power_a=1)
    array([False, False,  True])
    """
    ia, ib = war_incentives(
        p_now,
        p_next,
        cost_a,
        cost_b,
        delta=delta,
        horizon=horizon,
        future_power_a=future_power_a,
        pressure=pressure,
        leverage=leverage,
        shift_leverage=shift_leverage,
    )
    w = _future_weight(np.asarray(delta, dtype=np.float64), horizon, func="preventive_war")
    return out_bool(np.maximum(np.asarray(ia), np.asarray(ib)) > _TIE * (1.0 + w))


def critical_pressure(
    p_now: ArrayLike,
    p_next: ArrayLike,
    cost_a: ArrayLike,
    cost_b: ArrayLike,
    *,
    delta: ArrayLike,
    horizon: Horizon = "two_period",
    future_power_a: ArrayLike = 0.5,
    leverage: ArrayLike = 1.0,
    shift_leverage: ArrayLike = 0.0,
) -> ArrayOrFloat:
    """The smallest pressure that removes both sides' incentive for war.

    Both incentives are continuous, piecewise linear and non-increasing in
    pressure, so the critical pressure is found by vectorised bisection to
    machine precision after bracketing (doubling an upper bound until the
    incentives are non-positive); it is ``inf`` where no pressure suffices,
    that is where A's incentive stays positive once B's cost is so high that
    the future bargaining range reaches 1 and the shift is fully damped.

    In the simplest case (A declining, ``future_power_a = 1``, pressure only on
    costs, interior range) the answer is the closed form

    ``pi* = [(1 + W)(p_now - c_A) - 1 - W (p_next + c_B)] / (W * leverage)``.

    Parameters
    ----------
    p_now, p_next, cost_a, cost_b, delta, horizon, future_power_a, leverage, shift_leverage
        As in :func:`war_incentives`.

    Returns
    -------
    float or ndarray
        0 where there is no incentive for war without pressure.

    Raises
    ------
    InvalidArgumentError
        If a parameter is out of range.

    See Also
    --------
    war_incentives, CommitmentModel

    Examples
    --------
    >>> from mediation_sim.models import commitment
    >>> pi = commitment.critical_pressure(0.8, 0.3, 0.05, 0.05, delta=0.9, future_power_a=1,
    ...                                   leverage=0.5)
    >>> round(pi, 10)                       # 0.11 / (0.9 * 0.5)
    0.2444444444
    >>> commitment.preventive_war(0.8, 0.3, 0.05, 0.05, delta=0.9, future_power_a=1,
    ...                           pressure=pi, leverage=0.5)
    False
    """
    func = "critical_pressure"
    arrays = _inputs(
        func,
        p_now,
        p_next,
        cost_a,
        cost_b,
        delta,
        future_power_a,
        leverage,
        shift_leverage,
        horizon,
    )
    shape = arrays[0].shape

    tie = _TIE * (1.0 + _future_weight(arrays[4], horizon, func=func))

    def incentive(pi: FloatArray) -> FloatArray:
        ia, ib = _incentives(arrays, pi, horizon, func=func)
        top: FloatArray = np.maximum(ia, ib) - tie  # ties count as peace
        return top

    at_zero = incentive(np.zeros(shape))
    hi = np.ones(shape)
    for _ in range(1000):  # 2**1000 is still a finite float
        pos = incentive(hi) > 0
        if not pos.any():
            break
        hi = np.where(pos, hi * 2.0, hi)
    unreachable = incentive(hi) > 0
    lo = np.zeros(shape)
    for _ in range(200):
        mid = (lo + hi) / 2.0
        pos = incentive(mid) > 0
        lo = np.where(pos, mid, lo)
        hi = np.where(pos, hi, mid)
        if (hi - lo <= 4 * np.finfo(float).eps * np.maximum(hi, 1e-300)).all():
            break
    crit = np.where(unreachable, np.inf, hi)
    return out(np.where(at_zero <= 0, 0.0, crit))


@dataclass(frozen=True, slots=True, repr=False)
class CommitmentModel:  # numpydoc ignore=PR02
    """Preventive war under a shift in power, with third-party pressure on side B.

    Parameters
    ----------
    p_now, p_next : float or array_like
        A's probability of winning today, and after the shift.
    cost_a, cost_b : float or array_like
        Per-period costs of war.
    delta : float or array_like
        Discount factor.
    horizon : {"two_period", "infinite"}, default "two_period"
        How long the post-shift world lasts.
    future_power_a : float or array_like, default 0.5
        Where in the post-shift bargaining range A's future share lies.
    leverage : float or array_like, default 1
        Rise in B's cost per unit of pressure.
    shift_leverage : float or array_like, default 0
        Reduction of the shift ``|p_next - p_now|`` per unit of pressure.

    Raises
    ------
    InvalidArgumentError
        If a parameter is out of range.

    See Also
    --------
    war_incentives, critical_pressure

    Examples
    --------
    >>> from mediation_sim.models import CommitmentModel
    >>> model = CommitmentModel(0.8, 0.3, 0.05, 0.05, delta=0.9, future_power_a=0.0,
    ...                         shift_leverage=1.0)
    >>> model.war()                         # B rises and can dictate the future terms
    True
    >>> round(model.critical_pressure(), 10)   # damp the shift from 0.5 to 0.2778
    0.2222222222
    """

    p_now: Any
    p_next: Any
    cost_a: Any
    cost_b: Any
    delta: Any
    horizon: Horizon = "two_period"
    future_power_a: Any = 0.5
    leverage: Any = 1.0
    shift_leverage: Any = 0.0

    def __post_init__(self) -> None:
        _inputs(
            "CommitmentModel",
            self.p_now,
            self.p_next,
            self.cost_a,
            self.cost_b,
            self.delta,
            self.future_power_a,
            self.leverage,
            self.shift_leverage,
            self.horizon,
        )
        _future_weight(np.asarray(0.5), self.horizon, func="CommitmentModel")

    def _kw(self) -> dict[str, Any]:
        return {
            "delta": self.delta,
            "horizon": self.horizon,
            "future_power_a": self.future_power_a,
            "leverage": self.leverage,
            "shift_leverage": self.shift_leverage,
        }

    def incentives(self, pressure: ArrayLike = 0.0) -> tuple[ArrayOrFloat, ArrayOrFloat]:
        """``(I_A, I_B)`` at ``pressure``; see :func:`war_incentives`."""
        return war_incentives(
            self.p_now, self.p_next, self.cost_a, self.cost_b, pressure=pressure, **self._kw()
        )

    def war(self, pressure: ArrayLike = 0.0) -> Any:
        """Whether war is the equilibrium outcome at ``pressure``; see :func:`preventive_war`."""
        return preventive_war(
            self.p_now, self.p_next, self.cost_a, self.cost_b, pressure=pressure, **self._kw()
        )

    def critical_pressure(self) -> ArrayOrFloat:
        """The smallest pressure removing the incentive for war; see :func:`critical_pressure`."""
        return critical_pressure(self.p_now, self.p_next, self.cost_a, self.cost_b, **self._kw())

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable parameters."""
        names = (
            "p_now",
            "p_next",
            "cost_a",
            "cost_b",
            "delta",
            "future_power_a",
            "leverage",
            "shift_leverage",
        )
        return {**plain_values(self, names), "horizon": self.horizon}

    def __repr__(self) -> str:
        return (
            f"CommitmentModel(p_now={short(self.p_now)}, p_next={short(self.p_next)}, "
            f"cost_a={short(self.cost_a)}, cost_b={short(self.cost_b)}, "
            f"delta={short(self.delta)}, horizon={self.horizon!r})"
        )

    def _repr_html_(self) -> str:
        return f"<p><b>{html.escape(repr(self))}</b></p>"
