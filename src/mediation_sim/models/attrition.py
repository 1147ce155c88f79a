r"""A war of attrition with per-period costs and a deadline.

Two sides fight period after period. In each period each side either
**fights on** or **concedes**. If exactly one side concedes, the other wins
the prize (side :math:`i` values winning at :math:`V_i`, losing at 0). If
both concede in the same period, a coin decides (each expects
:math:`V_i / 2`). If both fight on, each pays its cost :math:`c_i` this
period and the war continues, discounted by :math:`\delta`. If the war is
still on after ``deadline`` periods, an imposed settlement gives each side
:math:`D_i` (for example a ceasefire line a mediator will enforce); without
a deadline the war can go on for ever.

**Equilibrium.** The symmetric-information war of attrition has a
*stationary mixed* equilibrium in which each side concedes with a constant
probability that keeps the *other* side indifferent (Maynard Smith 1974;
Hendricks, Weiss and Wilson 1988, in discrete time). With continuation value
:math:`K_i = -c_i + \delta W_i^{\text{next}}` of fighting on when both do,
side :math:`j`'s concession probability :math:`q_j` solves

.. math:: q_j \frac{V_i}{2} + (1 - q_j) K_i = 0
          \quad\Longrightarrow\quad q_j = \frac{-K_i}{V_i / 2 - K_i}, \qquad
          W_i = q_j \frac{V_i}{2}

(conceding is worth :math:`q_j V_i / 2`, and in a mixed equilibrium that is
side :math:`i`'s value). With a deadline this is solved backward from
:math:`W_i = D_i` at the deadline; where :math:`K_i \ge 0` side :math:`i`
strictly prefers to fight on and the other side's best response decides the
period. Without a deadline the stationary solution is the root in
:math:`(0, 1)` of

.. math:: \delta \tfrac{V_i}{2} q^2 - \bigl(\tfrac{V_i}{2}(1 + \delta) + c_i\bigr) q + c_i = 0 .

Both are checked against the game itself: :meth:`WarOfAttrition.game` builds
the :class:`~mediation_sim.games.StochasticGame`, and the tests verify the
closed forms by its one-shot-deviation check and the logit homotopy.

**Pressure.** A mediator's pressure ``pressure`` raises side B's cost,
:math:`c_B + \text{leverage}\cdot\text{pressure}`. In the mixed
equilibrium this is the classic counter-intuitive comparative static: *A*
concedes faster (its rate must keep the costlier B indifferent) while B's
rate does not change; the war is shorter, but pressuring B helps B win.
With a deadline, pressure also changes who fights on in the last periods.

**Sources**

* J. Maynard Smith, "The theory of games and the evolution of animal conflicts",
  *Journal of Theoretical Biology* 47 (1974), pp. 209-221.
* K. Hendricks, A. Weiss and C. Wilson, "The war of attrition in continuous time with
  complete information", *International Economic Review* 29(4) (1988), pp. 663-680.
* J. D. Fearon, "Bargaining over objects that influence future bargaining power",
  working paper (1996) — attrition as a model of war termination.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from .._errors import InvalidArgumentError
from .._results import Result
from ..games.stochastic import StochasticGame
from ._common import FloatArray, as_array, out

__all__ = ["AttritionPath", "WarOfAttrition", "stationary_concession"]


def stationary_concession(
    value: ArrayLike, cost: ArrayLike, delta: ArrayLike
) -> float | FloatArray:
    r"""Per-period concession probability that keeps a side with ``value`` and ``cost`` indifferent.

    The root in :math:`(0, 1)` of
    :math:`\delta a q^2 - (a(1 + \delta) + c) q + c = 0` with :math:`a = V/2`:
    the rate at which the **other** side must concede, in the stationary
    equilibrium of the war of attrition without a deadline.

    Parameters
    ----------
    value : float or array_like
        The indifferent side's value of winning (> 0).
    cost : float or array_like
        Its cost per period of fighting (> 0).
    delta : float or array_like
        Discount factor in ``[0, 1)``.

    Returns
    -------
    float or ndarray

    Examples
    --------
    Without discounting the rate is ``c / (V/2 + c)``:

    >>> from mediation_sim.models.attrition import stationary_concession
    >>> stationary_concession(1.0, 0.5, 0.0)
    0.5
    >>> round(stationary_concession(1.0, 0.1, 0.9), 6)
    0.099479
    """
    func = "stationary_concession"
    v = as_array(value, func=func, name="value", lo=0.0, lo_open=True)
    c = as_array(cost, func=func, name="cost", lo=0.0, lo_open=True)
    d = as_array(delta, func=func, name="delta", lo=0.0, hi=1.0, hi_open=True)
    v, c, d = np.broadcast_arrays(v, c, d)
    a = v / 2.0
    b = a * (1.0 + d) + c
    disc = np.sqrt(np.maximum(b * b - 4.0 * d * a * c, 0.0))
    # numerically stable smaller root: 2c / (b + sqrt(disc)) (equals c / b when delta = 0)
    return out(2.0 * c / (b + disc))


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class AttritionPath(Result):
    """Per-period play of the war of attrition.

    Attributes
    ----------
    concede : ndarray, shape (periods, 2)
        Probability that A (column 0) and B (column 1) concede in each period
        if the war is still on.
    values : ndarray, shape (periods + 1, 2)
        Each side's equilibrium value at the start of each period (the last
        row is the deadline settlement, or the stationary value).
    survival : ndarray, shape (periods + 1,)
        Probability that the war is still on at the start of each period.
    """

    concede: FloatArray
    values: FloatArray
    survival: FloatArray

    @property
    def end_probabilities(self) -> FloatArray:
        """Probability that the war ends in each period (by a concession)."""
        ended: FloatArray = self.survival[:-1] - self.survival[1:]
        return ended

    @property
    def win_probabilities(self) -> FloatArray:
        """Probability that A, B win, and that the deadline is reached, shape (3,)."""
        q = self.concede
        alive = self.survival[:-1]
        a_wins = alive * (q[:, 1] * (1 - q[:, 0]) + 0.5 * q[:, 0] * q[:, 1])
        b_wins = alive * (q[:, 0] * (1 - q[:, 1]) + 0.5 * q[:, 0] * q[:, 1])
        return np.array([a_wins.sum(), b_wins.sum(), self.survival[-1]])

    @property
    def expected_duration(self) -> float:
        """Expected number of periods fought (the last, conceding, period included)."""
        return float(self.survival[:-1].sum())

    def _summary(self) -> dict[str, Any]:
        """Plain lists of every array."""
        return {
            "concede": self.concede.tolist(),
            "values": self.values.tolist(),
            "survival": self.survival.tolist(),
        }

    def __repr__(self) -> str:
        return (
            f"AttritionPath({self.concede.shape[0]} periods, "
            f"expected_duration={self.expected_duration:.3g})"
        )


@dataclass(frozen=True, slots=True, repr=False)
class WarOfAttrition:  # numpydoc ignore=PR02
    """A two-sided war of attrition with costs, discounting and an optional deadline.

    Parameters
    ----------
    value_a, value_b : float
        Each side's value of winning (> 0); losing is worth 0.
    cost_a, cost_b : float
        Each side's cost per period of fighting (> 0).
    delta : float, default 0.95
        Discount factor per period, in ``[0, 1)``.
    deadline : int or None, default None
        Periods after which an imposed settlement ends the war; None: no deadline.
    settlement_a, settlement_b : float, default 0
        Each side's value of the imposed settlement at the deadline.
    leverage : float, default 0
        Rise in B's cost per unit of pressure.

    Raises
    ------
    InvalidArgumentError
        If a parameter is out of range.

    Examples
    --------
    >>> from mediation_sim.models import WarOfAttrition
    >>> war = WarOfAttrition(value_a=1.0, value_b=1.0, cost_a=0.1, cost_b=0.1, delta=0.9)
    >>> [round(q, 5) for q in war.stationary()]
    [0.09948, 0.09948]
    >>> path = war.path(periods=40)
    >>> round(path.expected_duration, 3)   # 1 / (1 - (1 - q)^2), truncated at 40 periods
    5.288
    """

    value_a: float
    value_b: float
    cost_a: float
    cost_b: float
    delta: float = 0.95
    deadline: int | None = None
    settlement_a: float = 0.0
    settlement_b: float = 0.0
    leverage: float = 0.0

    def __post_init__(self) -> None:
        func = "WarOfAttrition"
        for name in ("value_a", "value_b", "cost_a", "cost_b"):
            v = as_array(getattr(self, name), func=func, name=name, lo=0.0, lo_open=True)
            if v.ndim:
                raise InvalidArgumentError(f"{func}(): {name} must be a number")
        as_array(self.delta, func=func, name="delta", lo=0.0, hi=1.0, hi_open=True)
        as_array(self.leverage, func=func, name="leverage", lo=0.0)
        as_array(self.settlement_a, func=func, name="settlement_a")
        as_array(self.settlement_b, func=func, name="settlement_b")
        deadline: object = self.deadline
        if deadline is not None and (
            isinstance(deadline, bool) or not isinstance(deadline, int | np.integer) or deadline < 1
        ):
            raise InvalidArgumentError(
                f"{func}(): deadline must be None or an integer >= 1, got {self.deadline!r}"
            )

    def _costs(self, pressure: float) -> tuple[float, float]:
        p = float(as_array(pressure, func="WarOfAttrition", name="pressure", lo=0.0))
        return float(self.cost_a), float(self.cost_b) + float(self.leverage) * p

    def stationary(self, pressure: float = 0.0) -> tuple[float, float]:
        """Stationary concession probabilities ``(q_A, q_B)`` without a deadline.

        ``q_A`` keeps B indifferent and ``q_B`` keeps A indifferent.
        """
        ca, cb = self._costs(pressure)
        q_a = float(stationary_concession(self.value_b, cb, self.delta))
        q_b = float(stationary_concession(self.value_a, ca, self.delta))
        return q_a, q_b

    def path(self, periods: int | None = None, *, pressure: float = 0.0) -> AttritionPath:
        """Equilibrium play period by period.

        With a deadline, solved backward from the settlement (``periods``
        defaults to the deadline and may not exceed it); without one, the
        stationary rates repeated for ``periods`` periods (default 40).
        """
        ca, cb = self._costs(pressure)
        costs = np.array([ca, cb])
        prize = np.array([float(self.value_a), float(self.value_b)])
        d = float(self.delta)
        if self.deadline is None:
            n = 40 if periods is None else int(periods)
            if n < 1:
                raise InvalidArgumentError("WarOfAttrition.path(): periods must be >= 1")
            q_a, q_b = self.stationary(pressure)
            concede = np.tile([q_a, q_b], (n, 1))
            w = np.array([q_b * prize[0] / 2, q_a * prize[1] / 2])
            values = np.tile(w, (n + 1, 1))
        else:
            horizon = int(self.deadline)
            n = horizon if periods is None else int(periods)
            if not 1 <= n <= horizon:
                raise InvalidArgumentError(
                    f"WarOfAttrition.path(): periods must lie in [1, {horizon}] (the deadline)"
                )
            values = np.empty((horizon + 1, 2))
            values[horizon] = [float(self.settlement_a), float(self.settlement_b)]
            concede = np.empty((horizon, 2))
            for t in range(horizon - 1, -1, -1):
                k = -costs + d * values[t + 1]  # value of both fighting on, per side
                concede[t], values[t] = _stage(k, prize)
            concede, values = concede[:n], np.vstack([values[:n], values[n]])
        stay = (1 - concede[:, 0]) * (1 - concede[:, 1])
        survival = np.concatenate([[1.0], np.cumprod(stay)])
        for arr in (concede, values, survival):
            arr.flags.writeable = False
        return AttritionPath(concede=concede, values=values, survival=survival)

    def game(self, *, pressure: float = 0.0) -> StochasticGame:
        """The war as a stochastic game: states ``war`` and ``over`` (absorbing, payoff 0).

        Winning pays the prize once, as the war ends. Only without a deadline
        (a stationary game); use :func:`mediation_sim.solvers.finite_horizon`
        with ``terminal_values`` for the deadline version.
        """
        ca, cb = self._costs(pressure)
        va, vb = float(self.value_a), float(self.value_b)
        # actions: 0 fight, 1 concede
        pay = np.array(
            [
                [[-ca, va], [0.0, va / 2]],
                [[-cb, 0.0], [vb, vb / 2]],
            ]
        )
        trans = np.zeros((2, 2, 2))
        trans[0, 0] = [1.0, 0.0]
        trans[0, 1] = trans[1, 0] = trans[1, 1] = [0.0, 1.0]
        return StochasticGame(
            [pay, np.zeros((2, 1, 1))],
            [trans, [[[0.0, 1.0]]]],
            float(self.delta),
            players=["a", "b"],
            states=["war", "over"],
            actions=[[["fight", "concede"], ["fight", "concede"]], [["none"], ["none"]]],
        )

    def __repr__(self) -> str:
        deadline = "" if self.deadline is None else f", deadline={self.deadline}"
        return (
            f"WarOfAttrition(value=({self.value_a:g}, {self.value_b:g}), "
            f"cost=({self.cost_a:g}, {self.cost_b:g}), delta={self.delta:g}{deadline})"
        )


def _stage(k: FloatArray, prize: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Equilibrium of one period given each side's value ``k`` of both fighting on.

    Payoffs (row: own action fight/concede against the other's fight/concede):
    fight -> (k_i, V_i), concede -> (0, V_i / 2).
    """
    half = prize / 2.0
    if (k < 0).all():  # mixed: each side's concession keeps the other indifferent
        q_a = -k[1] / (half[1] - k[1])
        q_b = -k[0] / (half[0] - k[0])
        return np.array([q_a, q_b]), np.array([q_b * half[0], q_a * half[1]])
    if (k >= 0).all():  # both fight on
        return np.zeros(2), k.copy()
    # one side strictly prefers to fight on against a fighter; the other concedes
    fighter = int(np.argmax(k >= 0))
    q = np.zeros(2)
    q[1 - fighter] = 1.0
    v = np.zeros(2)
    v[fighter] = prize[fighter]
    return q, v
