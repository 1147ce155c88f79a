r"""The risk–return trade-off: a demand under uncertainty about the other side's cost of war.

Side ``A`` makes a take-it-or-leave-it demand ``x`` (its share of a good of
size one) to side ``B``, whose cost of war ``c_B`` only ``B`` knows; ``A``
knows its distribution ``F``. ``B`` accepts when ``1 - x >= 1 - p - c_B``,
i.e. when its cost is at least ``x - p``; otherwise it fights. ``A``'s
expected payoff is

.. math:: U(x) = x\,[1 - F(x - p)] + (p - c_A)\,F(x - p).

Demanding more pays more if accepted but risks war: the *risk–return
trade-off* (Fearon 1995), (Powell 1999, ch. 3). With ``c_B`` uniform on
``[lo, hi]`` (``lo < hi``), on ``x - p in [lo, hi]``

.. math:: U'(x) = \frac{hi - 2(x - p) - c_A}{hi - lo},

so the optimal demand and the probability of war are

.. math::

   x^* = \min\!\Big(1,\; p + \max\big(lo,\; \tfrac{hi - c_A}{2}\big)\Big), \qquad
   P(\text{war}) = \operatorname{clip}\!\Big(\frac{x^* - p - lo}{hi - lo},\, 0,\, 1\Big).

When the demand is not capped,
:math:`P(\text{war}) = \max\big(0, \frac{(hi - c_A)/2 - lo}{hi - lo}\big)`; with
``lo = 0`` it is :math:`(hi - c_A) / (2\,hi)` for ``c_A < hi``: war happens with
positive probability although both sides know it is costly.

**Pressure** on ``B`` shifts its cost distribution up by ``leverage * pi``
(and may raise ``A``'s odds by ``odds_shift * pi``). Shifting the whole
distribution lowers the war probability of the uncapped demand by
``leverage * pi / (2 (hi - lo))``: ``A`` demands more, but not as much more
as ``B``'s resolve has fallen. :func:`critical_pressure` gives the pressure
at which the probability of war falls to a target.

**Sources**

* J. D. Fearon, "Rationalist explanations for war", *International Organization* 49(3) (1995),
  pp. 379-414 (private information and incentives to misrepresent, pp. 390-401).
* R. Powell, *In the Shadow of Power: States and Strategies in International Politics*,
  Princeton University Press, 1999, chapter 3.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from .._errors import InvalidArgumentError
from .._results import Result
from .._validation import check_positive_int
from ._common import ArrayOrFloat, FloatArray, checked, out, plain_values, short

__all__ = [
    "RiskReturnModel",
    "RiskReturnSolution",
    "acceptance_probability",
    "critical_pressure",
    "expected_utility",
    "optimal_demand",
    "optimal_demand_numeric",
]

CDF = Callable[[FloatArray], ArrayLike]


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class RiskReturnSolution(Result):
    """A's optimal demand and what it leads to (floats, or arrays for array inputs).

    Attributes
    ----------
    demand : float or ndarray
        A's optimal share demand ``x*``.
    war_probability : float or ndarray
        Probability that B rejects it and fights.
    expected_utility : float or ndarray
        A's expected payoff ``U(x*)``.
    """

    demand: Any
    war_probability: Any
    expected_utility: Any

    def _summary(self) -> dict[str, Any]:
        """JSON-serialisable form."""
        return plain_values(self, ("demand", "war_probability", "expected_utility"))

    def __repr__(self) -> str:
        if np.ndim(self.demand) == 0:
            return (
                f"RiskReturnSolution(demand={self.demand:.6g}, "
                f"war_probability={self.war_probability:.6g}, "
                f"expected_utility={self.expected_utility:.6g})"
            )
        return f"RiskReturnSolution(shape {np.shape(self.demand)})"

    def _repr_html_(self) -> str:
        return f"<p><b>{html.escape(repr(self))}</b></p>"


def _uniform(
    func: str,
    p: ArrayLike,
    cost_a: ArrayLike,
    low: ArrayLike,
    high: ArrayLike,
    pressure: ArrayLike,
    leverage: ArrayLike,
    odds_shift: ArrayLike,
    **demand: ArrayLike,
) -> list[FloatArray]:
    b = checked(
        func,
        p=p,
        cost_a=cost_a,
        cost_b_low=low,
        cost_b_high=high,
        pressure=pressure,
        leverage=leverage,
        odds_shift=odds_shift,
        **demand,
    )
    if (b[2] > b[3]).any():
        raise InvalidArgumentError(f"{func}(): cost_b_low must not exceed cost_b_high")
    return b


def _war_prob_uniform(y: FloatArray, lo: FloatArray, hi: FloatArray) -> FloatArray:
    """P(c_B < y) for c_B uniform on [lo, hi] (a point mass when lo == hi)."""
    width = hi - lo
    with np.errstate(divide="ignore", invalid="ignore"):
        frac = np.where(width > 0, (y - lo) / width, (y > lo).astype(np.float64))
    out_: FloatArray = np.clip(frac, 0.0, 1.0)
    return out_


def acceptance_probability(
    demand: ArrayLike,
    p: ArrayLike,
    cost_b_low: ArrayLike,
    cost_b_high: ArrayLike,
    *,
    pressure: ArrayLike = 0.0,
    leverage: ArrayLike = 1.0,
    odds_shift: ArrayLike = 0.0,
) -> ArrayOrFloat:
    """Probability that B accepts demand ``x`` when its cost is uniform on ``[lo, hi]``.

    ``1 - F(x - p(pi))`` with ``F`` the uniform CDF shifted by ``leverage * pi``.

    Parameters
    ----------
    demand : float or array_like
        A's demanded share, in ``[0, 1]``.
    p : float or array_like
        A's probability of winning a war.
    cost_b_low, cost_b_high : float or array_like
        Bounds of B's cost (``0 <= low <= high``; ``low == high`` is a known cost).
    pressure, leverage, odds_shift : float or array_like
        Pressure on B and its effects (see :mod:`mediation_sim.models.rationalist`).

    Returns
    -------
    float or ndarray

    Raises
    ------
    InvalidArgumentError
        If a parameter is out of range.

    See Also
    --------
    optimal_demand

    Examples
    --------
    >>> from mediation_sim.models import risk_return
    >>> risk_return.acceptance_probability(0.8, 0.5, 0.0, 0.4)
    0.25
    """
    func = "acceptance_probability"
    pa, _, lo, hi, pi, lev, s, x = _uniform(
        func, p, 0.0, cost_b_low, cost_b_high, pressure, leverage, odds_shift, demand=demand
    )
    p1 = np.minimum(1.0, pa + s * pi)
    return out(1.0 - _war_prob_uniform(x - p1, lo + lev * pi, hi + lev * pi))


def expected_utility(
    demand: ArrayLike,
    p: ArrayLike,
    cost_a: ArrayLike,
    cost_b_low: ArrayLike,
    cost_b_high: ArrayLike,
    *,
    pressure: ArrayLike = 0.0,
    leverage: ArrayLike = 1.0,
    odds_shift: ArrayLike = 0.0,
) -> ArrayOrFloat:
    """A's expected payoff ``x (1 - F) + (p - c_A) F`` from demanding ``x``.

    Parameters
    ----------
    demand, p
        As in :func:`acceptance_probability`.
    cost_a : float or array_like
        A's cost of war (>= 0).
    cost_b_low, cost_b_high, pressure, leverage, odds_shift
        As in :func:`acceptance_probability`.

    Returns
    -------
    float or ndarray

    Raises
    ------
    InvalidArgumentError
        If a parameter is out of range.

    See Also
    --------
    optimal_demand

    Examples
    --------
    >>> from mediation_sim.models import risk_return
    >>> risk_return.expected_utility(0.8, 0.5, 0.1, 0.0, 0.4)   # 0.8 * 1/4 + 0.4 * 3/4
    0.5
    """
    func = "expected_utility"
    pa, ca, lo, hi, pi, lev, s, x = _uniform(
        func, p, cost_a, cost_b_low, cost_b_high, pressure, leverage, odds_shift, demand=demand
    )
    p1 = np.minimum(1.0, pa + s * pi)
    war = _war_prob_uniform(x - p1, lo + lev * pi, hi + lev * pi)
    return out(x * (1.0 - war) + (p1 - ca) * war)


def optimal_demand(
    p: ArrayLike,
    cost_a: ArrayLike,
    cost_b_low: ArrayLike,
    cost_b_high: ArrayLike,
    *,
    pressure: ArrayLike = 0.0,
    leverage: ArrayLike = 1.0,
    odds_shift: ArrayLike = 0.0,
) -> RiskReturnSolution:
    """A's optimal take-it-or-leave-it demand when B's cost is uniform, in closed form.

    ``x* = min(1, p + max(lo, (hi - c_A) / 2))`` and
    ``P(war) = clip((x* - p - lo) / (hi - lo), 0, 1)``, with ``lo, hi``
    shifted by ``leverage * pressure`` and ``p`` raised by
    ``odds_shift * pressure`` (see the module docstring for the derivation).

    Parameters
    ----------
    p, cost_a, cost_b_low, cost_b_high, pressure, leverage, odds_shift
        As in :func:`expected_utility`.

    Returns
    -------
    RiskReturnSolution

    Raises
    ------
    InvalidArgumentError
        If a parameter is out of range.

    See Also
    --------
    optimal_demand_numeric : any cost distribution, by numerical optimisation.
    critical_pressure

    References
    ----------
    .. [1] Fearon (1995), pp. 390-401; Powell (1999), ch. 3. See the module's sources.

    Examples
    --------
    B's cost is uniform on [0, 0.4], A's is 0.1: A demands p + 0.15 and risks
    war with probability (0.4 - 0.1) / (2 * 0.4) = 0.375.

    >>> from mediation_sim.models import risk_return
    >>> risk_return.optimal_demand(0.5, 0.1, 0.0, 0.4)
    RiskReturnSolution(demand=0.65, war_probability=0.375, expected_utility=0.55625)
    >>> risk_return.optimal_demand(0.5, 0.1, 0.0, 0.4, pressure=0.2, leverage=0.5).war_probability
    0.25
    """
    func = "optimal_demand"
    pa, ca, lo, hi, pi, lev, s = _uniform(
        func, p, cost_a, cost_b_low, cost_b_high, pressure, leverage, odds_shift
    )
    p1 = np.minimum(1.0, pa + s * pi)
    lo1 = lo + lev * pi
    hi1 = hi + lev * pi
    y = np.minimum(np.maximum(lo1, (hi1 - ca) / 2.0), 1.0 - p1)  # B's cost threshold
    x = np.minimum(1.0, p1 + y)
    war = _war_prob_uniform(y, lo1, hi1)
    utility = x * (1.0 - war) + (p1 - ca) * war
    return RiskReturnSolution(out(x), out(war), out(utility))


def _golden_refine(
    objective: Callable[[FloatArray], FloatArray], lo: FloatArray, hi: FloatArray, n_iter: int
) -> FloatArray:
    """Vectorised golden-section search for the maximum on [lo, hi] (elementwise)."""
    ratio = (np.sqrt(5.0) - 1.0) / 2.0
    a, b = lo.copy(), hi.copy()
    c = b - ratio * (b - a)
    d = a + ratio * (b - a)
    fc, fd = objective(c), objective(d)
    for _ in range(n_iter):
        left = fc >= fd
        b = np.where(left, d, b)
        a = np.where(left, a, c)
        new_c = b - ratio * (b - a)
        new_d = a + ratio * (b - a)
        c_next = np.where(left, new_c, d)
        d_next = np.where(left, c, new_d)
        fc_next = np.where(left, objective(new_c), fd)
        fd_next = np.where(left, fc, objective(new_d))
        c, d, fc, fd = c_next, d_next, fc_next, fd_next
    best: FloatArray = (a + b) / 2.0
    return best


def optimal_demand_numeric(
    p: ArrayLike,
    cost_a: ArrayLike,
    cost_b_cdf: CDF,
    *,
    pressure: ArrayLike = 0.0,
    leverage: ArrayLike = 1.0,
    odds_shift: ArrayLike = 0.0,
    grid: int = 2001,
    max_iter: int = 60,
) -> RiskReturnSolution:
    """A's optimal demand for any distribution of B's cost, by numerical optimisation.

    Algorithm:

    1. Evaluate ``U(x) = x [1 - F(x - p)] + (p - c_A) F(x - p)`` on ``grid``
       equally spaced demands in ``[0, 1]``, for all parameter sets at once
       (``F`` shifted by ``leverage * pressure``).
    2. Refine around the best grid point by golden-section search on the two
       neighbouring grid cells (``max_iter`` steps, vectorised).
    3. Keep the better of the refined and the best grid point.

    Parameters
    ----------
    p, cost_a
        As in :func:`optimal_demand`.
    cost_b_cdf : callable
        ``F(c)``, the CDF of B's cost, vectorised over a NumPy array (for
        example ``scipy.stats.lognorm(0.5).cdf``). ``B`` fights when its cost
        is below ``x - p``; atoms are allowed (ties count as acceptance only
        for continuous ``F``).
    pressure, leverage, odds_shift
        As in :func:`optimal_demand`.
    grid : int, default 2001
        Grid points for step 1.
    max_iter : int, default 60
        Golden-section steps in step 2 (each shrinks the bracket by 0.618).

    Returns
    -------
    RiskReturnSolution

    Raises
    ------
    InvalidArgumentError
        If a parameter is out of range, or ``F`` returns values outside ``[0, 1]``.

    See Also
    --------
    optimal_demand : the closed form for a uniform distribution.

    Notes
    -----
    ``U`` need not be unimodal for a general ``F``; the grid search finds the
    global optimum to within one grid cell, and the refinement finds the
    local one inside it.

    Examples
    --------
    The uniform case agrees with the closed form:

    >>> from mediation_sim.models import risk_return
    >>> uniform = lambda c: (c / 0.4).clip(0, 1)
    >>> sol = risk_return.optimal_demand_numeric(0.5, 0.1, uniform)
    >>> round(sol.demand, 8), round(sol.war_probability, 8)
    (0.65, 0.375)
    """
    func = "optimal_demand_numeric"
    if not callable(cost_b_cdf):
        raise InvalidArgumentError(f"{func}(): cost_b_cdf must be a callable CDF")
    grid = check_positive_int(grid, func=func, name="grid", minimum=3)
    max_iter = check_positive_int(max_iter, func=func, name="max_iter", minimum=0)
    pa, ca, pi, lev, s = checked(
        func, p=p, cost_a=cost_a, pressure=pressure, leverage=leverage, odds_shift=odds_shift
    )
    p1 = np.minimum(1.0, pa + s * pi)[..., None]
    ca1 = ca[..., None]
    shift = (lev * pi)[..., None]

    def war(x: FloatArray) -> FloatArray:
        with np.errstate(all="ignore"):
            f = np.asarray(cost_b_cdf(x - p1 - shift), dtype=np.float64)
        if not (np.isfinite(f).all() and (f >= -1e-12).all() and (f <= 1 + 1e-12).all()):
            raise InvalidArgumentError(f"{func}(): cost_b_cdf must return values in [0, 1]")
        clipped: FloatArray = np.clip(f, 0.0, 1.0)
        return clipped

    def utility(x: FloatArray) -> FloatArray:
        w = war(x)
        u: FloatArray = x * (1.0 - w) + (p1 - ca1) * w
        return u

    xs = np.linspace(0.0, 1.0, grid)
    values = utility(np.broadcast_to(xs, (*p1.shape[:-1], grid)))
    k = values.argmax(axis=-1)
    step = 1.0 / (grid - 1)
    lo = np.clip(xs[k] - step, 0.0, 1.0)[..., None]
    hi = np.clip(xs[k] + step, 0.0, 1.0)[..., None]
    refined = _golden_refine(utility, lo, hi, max_iter)
    best_grid = xs[k][..., None]
    use = utility(refined) >= utility(best_grid)
    x = np.where(use, refined, best_grid)
    w = war(x)
    u = x * (1.0 - w) + (p1 - ca1) * w
    return RiskReturnSolution(out(x[..., 0]), out(w[..., 0]), out(u[..., 0]))


def critical_pressure(
    p: ArrayLike,
    cost_a: ArrayLike,
    cost_b_low: ArrayLike,
    cost_b_high: ArrayLike,
    *,
    target: ArrayLike = 0.0,
    leverage: ArrayLike = 1.0,
    odds_shift: ArrayLike = 0.0,
) -> ArrayOrFloat:
    """The smallest pressure at which the probability of war is at most ``target``.

    With ``w = hi - lo``, the war probability of the optimal demand is the
    smaller of an *interior* branch ``((hi - c_A)/2 - lo - leverage*pi/2) / w``
    and a *capped* branch (A demands everything) ``(1 - p(pi) - lo -
    leverage*pi) / w``, so

    ``pi* = max(0, min(2 ((hi - c_A)/2 - lo - target w) / leverage,
    (1 - p - lo - target w) / (leverage + odds_shift)))``

    (``inf`` where a denominator is zero and the target is not met).

    Parameters
    ----------
    p, cost_a, cost_b_low, cost_b_high
        As in :func:`optimal_demand`.
    target : float or array_like, default 0
        Acceptable probability of war, in ``[0, 1]``.
    leverage, odds_shift
        As in :func:`optimal_demand`.

    Returns
    -------
    float or ndarray

    Raises
    ------
    InvalidArgumentError
        If a parameter is out of range.

    See Also
    --------
    optimal_demand

    Examples
    --------
    >>> from mediation_sim.models import risk_return
    >>> risk_return.critical_pressure(0.5, 0.1, 0.0, 0.4, leverage=0.5)
    0.6
    >>> risk_return.optimal_demand(0.5, 0.1, 0.0, 0.4, pressure=0.6, leverage=0.5).war_probability
    0.0
    """
    func = "critical_pressure"
    (q,) = checked(func, target=target)
    pa, ca, lo, hi, _, lev, s = _uniform(
        func, p, cost_a, cost_b_low, cost_b_high, 0.0, leverage, odds_shift
    )
    q = np.broadcast_to(q, pa.shape)
    width = hi - lo
    need_int = (hi - ca) / 2.0 - lo - q * width
    need_cap = 1.0 - pa - lo - q * width
    with np.errstate(divide="ignore", invalid="ignore"):
        pi_int = np.where(need_int <= 0, 0.0, np.where(lev > 0, 2.0 * need_int / lev, np.inf))
        pi_cap = np.where(need_cap <= 0, 0.0, np.where(lev + s > 0, need_cap / (lev + s), np.inf))
    crit = np.minimum(pi_int, pi_cap)
    return out(np.where((width == 0) | (q >= 1.0), 0.0, crit))


@dataclass(frozen=True, slots=True, repr=False)
class RiskReturnModel:  # numpydoc ignore=PR02
    """The risk–return trade-off with B's cost uniform on ``[cost_b_low, cost_b_high]``.

    Parameters
    ----------
    p : float or array_like
        A's probability of winning a war.
    cost_a : float or array_like
        A's cost of war.
    cost_b_low, cost_b_high : float or array_like
        Bounds of B's privately known cost.
    leverage : float or array_like, default 1
        Upward shift of B's cost distribution per unit of pressure.
    odds_shift : float or array_like, default 0
        Rise in ``p`` per unit of pressure.

    Raises
    ------
    InvalidArgumentError
        If a parameter is out of range.

    See Also
    --------
    optimal_demand, critical_pressure

    Examples
    --------
    >>> from mediation_sim.models import RiskReturnModel
    >>> model = RiskReturnModel(p=0.5, cost_a=0.1, cost_b_low=0.0, cost_b_high=0.4, leverage=0.5)
    >>> model.solve().war_probability, model.solve(0.3).war_probability
    (0.375, 0.1875)
    >>> model.critical_pressure()
    0.6
    """

    p: Any
    cost_a: Any
    cost_b_low: Any
    cost_b_high: Any
    leverage: Any = 1.0
    odds_shift: Any = 0.0

    def __post_init__(self) -> None:
        _uniform(
            "RiskReturnModel",
            self.p,
            self.cost_a,
            self.cost_b_low,
            self.cost_b_high,
            0.0,
            self.leverage,
            self.odds_shift,
        )

    def _kw(self, pressure: ArrayLike) -> dict[str, Any]:
        return {"pressure": pressure, "leverage": self.leverage, "odds_shift": self.odds_shift}

    def solve(self, pressure: ArrayLike = 0.0) -> RiskReturnSolution:
        """The optimal demand at ``pressure``; see :func:`optimal_demand`."""
        return optimal_demand(
            self.p, self.cost_a, self.cost_b_low, self.cost_b_high, **self._kw(pressure)
        )

    def war_probability(self, pressure: ArrayLike = 0.0) -> ArrayOrFloat:
        """Probability of war under the optimal demand at ``pressure``."""
        return self.solve(pressure).war_probability  # type: ignore[no-any-return]

    def expected_utility(self, demand: ArrayLike, pressure: ArrayLike = 0.0) -> ArrayOrFloat:
        """A's expected payoff from ``demand``; see :func:`expected_utility`."""
        return expected_utility(
            demand, self.p, self.cost_a, self.cost_b_low, self.cost_b_high, **self._kw(pressure)
        )

    def acceptance_probability(self, demand: ArrayLike, pressure: ArrayLike = 0.0) -> ArrayOrFloat:
        """Probability that B accepts ``demand``; see :func:`acceptance_probability`."""
        return acceptance_probability(
            demand, self.p, self.cost_b_low, self.cost_b_high, **self._kw(pressure)
        )

    def critical_pressure(self, target: ArrayLike = 0.0) -> ArrayOrFloat:
        """Pressure at which the war probability falls to ``target`` (:func:`critical_pressure`)."""
        return critical_pressure(
            self.p,
            self.cost_a,
            self.cost_b_low,
            self.cost_b_high,
            target=target,
            leverage=self.leverage,
            odds_shift=self.odds_shift,
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable parameters."""
        names = ("p", "cost_a", "cost_b_low", "cost_b_high", "leverage", "odds_shift")
        return plain_values(self, names)

    def __repr__(self) -> str:
        return (
            f"RiskReturnModel(p={short(self.p)}, cost_a={short(self.cost_a)}, "
            f"cost_b~U[{short(self.cost_b_low)}, {short(self.cost_b_high)}], "
            f"leverage={short(self.leverage)}, odds_shift={short(self.odds_shift)})"
        )

    def _repr_html_(self) -> str:
        return f"<p><b>{html.escape(repr(self))}</b></p>"
