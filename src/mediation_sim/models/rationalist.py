r"""The bargaining model of war: war as a costly lottery, and the bargaining range it leaves.

Two sides dispute a good of size one. Side ``A`` (for example the defender)
holds share ``x`` of it in a settlement, side ``B`` (the revisionist or
occupier) holds ``1 - x``. If they fight, ``A`` wins everything with
probability ``p`` and ``B`` otherwise, and each pays a cost, measured in units
of the good: ``c_A, c_B >= 0`` (Fearon 1995). The expected war payoffs are

.. math:: W_A = p - c_A, \qquad W_B = 1 - p - c_B .

``A`` prefers a settlement ``x`` to war when ``x >= p - c_A``; ``B`` when
``1 - x >= 1 - p - c_B``, i.e. ``x <= p + c_B``. So every share in the
**bargaining range**

.. math:: [\,p - c_A,\; p + c_B\,] \cap [0, 1]

is preferred to war by both, and the range is never empty while war is
costly: this is Fearon's "inefficiency puzzle".

**Third-party pressure.** A mediator (in the flagship scenario, Beijing
pressing Moscow) acts on ``B``: pressure ``pi >= 0`` raises ``B``'s cost and
may lower ``B``'s odds,

.. math:: c_B(\pi) = c_B + \ell\,\pi, \qquad p(\pi) = \min(1,\; p + s\,\pi),

with ``leverage`` :math:`\ell \ge 0` and ``odds_shift`` :math:`s \ge 0`.
Raising ``c_B`` moves the top of the range up: a settlement ``x*`` that ``B``
refused becomes acceptable once :math:`p(\pi) + c_B(\pi) \ge x^*`. With
``odds_shift = 0`` the **critical pressure** is

.. math:: \pi^* = \max\!\left(0,\; \frac{x^* - p - c_B}{\ell}\right),

(:math:`+\infty` if :math:`\ell = 0` and ``x*`` is out of reach). With
``odds_shift > 0`` the denominator is :math:`\ell + s`, and because ``A``'s
own reservation value ``p(pi) - c_A`` rises too, ``x*`` stays acceptable to
``A`` only up to :math:`(x^* + c_A - p)/s`; :func:`pressure_window` returns
both ends.

**Where in the range?** The (asymmetric) Nash bargaining solution of the
division with disagreement point ``(W_A, W_B)`` gives ``A``

.. math:: x^N = p - c_A + w_A\,(c_A + c_B)

(clipped to ``[0, 1]``), ``w_A`` being ``A``'s bargaining weight: ``A`` gets
its war value plus its weight's share of the surplus that war would destroy.
With equal weights :math:`x^N = p + (c_B - c_A)/2`, so a rise in ``B``'s cost
moves the settlement towards ``A`` by half of the rise.

Every function takes floats or arrays for every parameter and broadcasts.

**Sources**

* J. D. Fearon, "Rationalist explanations for war", *International Organization* 49(3) (1995),
  pp. 379-414 (the bargaining range: pp. 386-390).
* R. Powell, "Bargaining theory and international conflict", *Annual Review of Political
  Science* 5 (2002), pp. 1-30.
* D. Reiter, "Exploring the bargaining model of war", *Perspectives on Politics* 1(1) (2003),
  pp. 27-43.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike

from .._errors import InvalidArgumentError
from .._results import Result
from ._common import ArrayOrFloat, FloatArray, checked, out, out_bool, plain_values, short

__all__ = [
    "RationalistModel",
    "RationalistState",
    "bargaining_range",
    "critical_pressure",
    "effective_parameters",
    "nash_bargaining_share",
    "pressure_window",
    "settlement_acceptable",
    "war_payoffs",
]


def _params(
    func: str,
    p: ArrayLike,
    cost_a: ArrayLike,
    cost_b: ArrayLike,
    pressure: ArrayLike,
    leverage: ArrayLike,
    odds_shift: ArrayLike,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    pa, ca, cb, pi, lev, s = checked(
        func,
        p=p,
        cost_a=cost_a,
        cost_b=cost_b,
        pressure=pressure,
        leverage=leverage,
        odds_shift=odds_shift,
    )
    return np.minimum(1.0, pa + s * pi), ca + 0.0, cb + lev * pi


def effective_parameters(
    p: ArrayLike,
    cost_a: ArrayLike,
    cost_b: ArrayLike,
    *,
    pressure: ArrayLike = 0.0,
    leverage: ArrayLike = 1.0,
    odds_shift: ArrayLike = 0.0,
) -> tuple[ArrayOrFloat, ArrayOrFloat, ArrayOrFloat]:
    """``(p(pi), c_A, c_B(pi))``: the war lottery once pressure has acted on side B.

    Parameters
    ----------
    p : float or array_like
        Probability that A wins the war, in ``[0, 1]``.
    cost_a, cost_b : float or array_like
        Costs of war (>= 0), in units of the disputed good.
    pressure : float or array_like, default 0
        Third-party pressure on B (>= 0).
    leverage : float or array_like, default 1
        Rise in B's cost per unit of pressure (>= 0).
    odds_shift : float or array_like, default 0
        Rise in A's winning probability per unit of pressure (>= 0); ``p``
        is capped at one.

    Returns
    -------
    tuple
        ``(p + odds_shift * pressure`` capped at 1, ``cost_a``,
        ``cost_b + leverage * pressure)``, broadcast together.

    Raises
    ------
    InvalidArgumentError
        If a parameter is not finite or out of its range; the message names it.

    See Also
    --------
    war_payoffs, bargaining_range

    Examples
    --------
    >>> from mediation_sim.models import rationalist
    >>> rationalist.effective_parameters(0.4, 0.1, 0.2, pressure=0.5, leverage=0.3)
    (0.4, 0.1, 0.35)
    """
    p1, ca, cb = _params("effective_parameters", p, cost_a, cost_b, pressure, leverage, odds_shift)
    return out(p1), out(ca), out(cb)


def war_payoffs(
    p: ArrayLike,
    cost_a: ArrayLike,
    cost_b: ArrayLike,
    *,
    pressure: ArrayLike = 0.0,
    leverage: ArrayLike = 1.0,
    odds_shift: ArrayLike = 0.0,
) -> tuple[ArrayOrFloat, ArrayOrFloat]:
    """Expected war payoffs ``(p - c_A, 1 - p - c_B)`` under pressure.

    Parameters
    ----------
    p, cost_a, cost_b, pressure, leverage, odds_shift
        As in :func:`effective_parameters`.

    Returns
    -------
    tuple
        ``(W_A, W_B)``.

    Raises
    ------
    InvalidArgumentError
        If a parameter is out of range.

    See Also
    --------
    bargaining_range

    Notes
    -----
    War is a lottery over the whole good minus a sure cost (Fearon 1995);
    the sum ``W_A + W_B = 1 - c_A - c_B`` is below one whenever war is costly.

    Examples
    --------
    >>> from mediation_sim.models import rationalist
    >>> rationalist.war_payoffs(0.6, 0.1, 0.15)
    (0.5, 0.25)
    """
    p1, ca, cb = _params("war_payoffs", p, cost_a, cost_b, pressure, leverage, odds_shift)
    return out(p1 - ca), out(1.0 - p1 - cb)


def bargaining_range(
    p: ArrayLike,
    cost_a: ArrayLike,
    cost_b: ArrayLike,
    *,
    pressure: ArrayLike = 0.0,
    leverage: ArrayLike = 1.0,
    odds_shift: ArrayLike = 0.0,
    clip: bool = True,
) -> tuple[ArrayOrFloat, ArrayOrFloat]:
    """The shares of A that both sides prefer to war: ``[p - c_A, p + c_B]``.

    Parameters
    ----------
    p, cost_a, cost_b, pressure, leverage, odds_shift
        As in :func:`effective_parameters`.
    clip : bool, default True
        Intersect with ``[0, 1]`` (the feasible shares). With ``clip=False``
        the ends are the two sides' war-indifference shares.

    Returns
    -------
    tuple
        ``(low, high)``; with costs >= 0, ``low <= high`` always.

    Raises
    ------
    InvalidArgumentError
        If a parameter is out of range.

    See Also
    --------
    critical_pressure, nash_bargaining_share

    References
    ----------
    .. [1] Fearon (1995), pp. 386-390; see the module's sources.

    Examples
    --------
    >>> import numpy as np
    >>> from mediation_sim.models import rationalist
    >>> rationalist.bargaining_range(0.6, 0.1, 0.15)
    (0.5, 0.75)
    >>> low, high = rationalist.bargaining_range(0.6, 0.1, 0.15, pressure=np.array([0, 1, 2]),
    ...                                          leverage=0.2)
    >>> high.tolist()       # pressure on B lifts the top of the range, up to 1
    [0.75, 0.95, 1.0]
    """
    p1, ca, cb = _params("bargaining_range", p, cost_a, cost_b, pressure, leverage, odds_shift)
    low = p1 - ca
    high = p1 + cb
    if clip:
        low = np.maximum(low, 0.0)
        high = np.minimum(high, 1.0)
    return out(low), out(high)


def nash_bargaining_share(
    p: ArrayLike,
    cost_a: ArrayLike,
    cost_b: ArrayLike,
    *,
    weight_a: ArrayLike = 0.5,
    pressure: ArrayLike = 0.0,
    leverage: ArrayLike = 1.0,
    odds_shift: ArrayLike = 0.0,
) -> ArrayOrFloat:
    """A's share in the (asymmetric) Nash bargaining solution: ``p - c_A + w_A (c_A + c_B)``.

    Parameters
    ----------
    p, cost_a, cost_b
        As in :func:`effective_parameters`.
    weight_a : float or array_like, default 0.5
        A's bargaining weight, in ``(0, 1)`` (B's is ``1 - weight_a``).
    pressure, leverage, odds_shift
        As in :func:`effective_parameters`.

    Returns
    -------
    float or ndarray
        The share, clipped to ``[0, 1]``; it always lies in the bargaining range.

    Raises
    ------
    InvalidArgumentError
        If a parameter is out of range.

    See Also
    --------
    mediation_sim.solvers.nash_bargaining : the general solver (same answer on this problem).

    Notes
    -----
    The Nash solution of dividing one unit with disagreement point
    ``(W_A, W_B)`` gives each side its disagreement payoff plus its weight's
    share of the surplus ``1 - W_A - W_B = c_A + c_B`` [Nash1950c]_. With
    equal weights the share is ``p + (c_B - c_A) / 2``: it moves by half of
    any change in a cost.

    References
    ----------
    .. [Nash1950c] J. F. Nash, "The bargaining problem", *Econometrica* 18 (1950).

    Examples
    --------
    >>> from mediation_sim.models import rationalist
    >>> rationalist.nash_bargaining_share(0.6, 0.1, 0.15)
    0.625
    >>> rationalist.nash_bargaining_share(0.6, 0.1, 0.15, pressure=0.1, leverage=1.0)
    0.675
    """
    func = "nash_bargaining_share"
    (w,) = checked(func, weight_a=weight_a)
    p1, ca, cb = _params(func, p, cost_a, cost_b, pressure, leverage, odds_shift)
    return out(np.clip(p1 - ca + w * (ca + cb), 0.0, 1.0))


def settlement_acceptable(
    settlement: ArrayLike,
    p: ArrayLike,
    cost_a: ArrayLike,
    cost_b: ArrayLike,
    *,
    pressure: ArrayLike = 0.0,
    leverage: ArrayLike = 1.0,
    odds_shift: ArrayLike = 0.0,
) -> Any:
    """Whether both sides prefer the settlement (A's share ``x``) to war.

    Parameters
    ----------
    settlement : float or array_like
        A's share ``x`` in ``[0, 1]`` (``1``: A gets everything, e.g. a full withdrawal by B).
    p, cost_a, cost_b, pressure, leverage, odds_shift
        As in :func:`effective_parameters`.

    Returns
    -------
    bool or ndarray of bool
        ``p(pi) - c_A <= x <= p(pi) + c_B(pi)`` (indifference counts as acceptance).

    Raises
    ------
    InvalidArgumentError
        If a parameter is out of range.

    See Also
    --------
    critical_pressure

    Examples
    --------
    >>> from mediation_sim.models import rationalist
    >>> rationalist.settlement_acceptable(1.0, 0.6, 0.1, 0.15, pressure=[0.0, 0.25], leverage=1)
    array([False,  True])
    """
    func = "settlement_acceptable"
    (x,) = checked(func, settlement=settlement)
    p1, ca, cb = _params(func, p, cost_a, cost_b, pressure, leverage, odds_shift)
    return out_bool((x >= p1 - ca) & (x <= p1 + cb))


def pressure_window(
    settlement: ArrayLike,
    p: ArrayLike,
    cost_a: ArrayLike,
    cost_b: ArrayLike,
    *,
    leverage: ArrayLike = 1.0,
    odds_shift: ArrayLike = 0.0,
) -> tuple[ArrayOrFloat, ArrayOrFloat]:
    """The pressures at which a settlement is in the bargaining range: ``[low, high]``.

    B accepts share ``x`` for A once ``p(pi) + c_B(pi) >= x``, i.e. from
    ``low = max(0, (x - p - c_B) / (leverage + odds_shift))``. A accepts
    while ``p(pi) - c_A <= x``: always when ``odds_shift = 0`` or
    ``x >= 1 - c_A``, else up to ``high = (x + c_A - p) / odds_shift``.

    Parameters
    ----------
    settlement : float or array_like
        A's share ``x`` in ``[0, 1]``.
    p, cost_a, cost_b, leverage, odds_shift
        As in :func:`effective_parameters`.

    Returns
    -------
    tuple
        ``(low, high)``; the window is empty when ``low > high`` (``low`` is
        ``inf`` when B never accepts, ``high`` is ``-inf`` when A never does).

    Raises
    ------
    InvalidArgumentError
        If a parameter is out of range.

    See Also
    --------
    critical_pressure

    Examples
    --------
    >>> from mediation_sim.models import rationalist
    >>> rationalist.pressure_window(0.85, 0.6, 0.1, 0.15, leverage=0.25, odds_shift=0.25)
    (0.2, 1.4)
    """
    func = "pressure_window"
    x, p0, ca, cb, lev, s = checked(
        func,
        settlement=settlement,
        p=p,
        cost_a=cost_a,
        cost_b=cost_b,
        leverage=leverage,
        odds_shift=odds_shift,
    )
    need = x - p0 - cb  # how far B's acceptance threshold must rise
    slope = lev + s
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        low = np.where(need <= 0, 0.0, np.where(slope > 0, need / slope, np.inf))
        room = x + ca - p0  # how far A's reservation value may rise
        a_always = (s == 0) & (room >= 0) | (x >= 1.0 - ca)
        high = np.where(
            a_always, np.inf, np.where(room < 0, -np.inf, np.where(s > 0, room / s, np.inf))
        )
    return out(low), out(high)


def critical_pressure(
    settlement: ArrayLike,
    p: ArrayLike,
    cost_a: ArrayLike,
    cost_b: ArrayLike,
    *,
    leverage: ArrayLike = 1.0,
    odds_shift: ArrayLike = 0.0,
    rule: Literal["range", "nash"] = "range",
    weight_a: ArrayLike = 0.5,
) -> ArrayOrFloat:
    """The smallest pressure at which a settlement becomes a bargaining outcome.

    Parameters
    ----------
    settlement : float or array_like
        A's share ``x*`` in ``[0, 1]`` (``1``: B gives up everything).
    p, cost_a, cost_b, leverage, odds_shift
        As in :func:`effective_parameters`.
    rule : {"range", "nash"}, default "range"
        ``"range"``: the smallest pressure at which ``x*`` lies in the
        bargaining range (both prefer it to war); closed form
        ``max(0, (x* - p - c_B) / (leverage + odds_shift))``, or ``inf`` if
        the window of :func:`pressure_window` is empty.
        ``"nash"``: the smallest pressure at which the Nash bargaining
        share reaches ``x*``; with ``odds_shift = 0`` that is
        ``max(0, (x* - p + c_A - w_A (c_A + c_B)) / (w_A * leverage))``.
    weight_a : float or array_like, default 0.5
        A's bargaining weight (``rule="nash"`` only).

    Returns
    -------
    float or ndarray
        The critical pressure (0 if already reached; ``inf`` if unreachable).

    Raises
    ------
    InvalidArgumentError
        If a parameter is out of range or ``rule`` is unknown.

    See Also
    --------
    pressure_window, bargaining_range, RationalistModel.critical_pressure

    Notes
    -----
    The ``"range"`` rule asks when a settlement becomes *possible* (no side
    would rather fight); the ``"nash"`` rule asks when it becomes the
    *predicted* split under Nash bargaining, which needs more pressure
    (with equal weights, about twice as much when ``A``'s cost is small).

    References
    ----------
    .. [1] Fearon (1995); see the module's sources.

    Examples
    --------
    Moscow (side B) withdrawing means a share of 1 for Kyiv (side A):

    >>> from mediation_sim.models import rationalist
    >>> rationalist.critical_pressure(1.0, p=0.6, cost_a=0.1, cost_b=0.15, leverage=0.5)
    0.5
    >>> rationalist.critical_pressure(1.0, p=0.6, cost_a=0.1, cost_b=0.15, leverage=0.5,
    ...                               rule="nash")
    1.5
    >>> rationalist.critical_pressure(0.7, p=0.6, cost_a=0.1, cost_b=0.15)   # already in range
    0.0
    """
    func = "critical_pressure"
    if rule not in ("range", "nash"):
        raise InvalidArgumentError(f"{func}(): rule must be 'range' or 'nash', got {rule!r}")
    if rule == "range":
        low, high = pressure_window(
            settlement, p, cost_a, cost_b, leverage=leverage, odds_shift=odds_shift
        )
        lo = np.asarray(low)
        return out(np.where(lo <= np.asarray(high), lo, np.inf))
    x, w, p0, ca, cb, lev, s = checked(
        func,
        settlement=settlement,
        weight_a=weight_a,
        p=p,
        cost_a=cost_a,
        cost_b=cost_b,
        leverage=leverage,
        odds_shift=odds_shift,
    )
    base = p0 - ca + w * (ca + cb)  # the unclipped Nash share at zero pressure
    need = x - base
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        # first piece: slope s + w*lev until p reaches 1 at pi_1 = (1 - p) / s
        slope1 = s + w * lev
        pi1 = np.where(s > 0, (1.0 - p0) / s, np.inf)
        first = np.where(slope1 > 0, need / slope1, np.inf)
        at_pi1 = base + slope1 * pi1
        second = np.where(w * lev > 0, pi1 + (x - at_pi1) / (w * lev), np.inf)
        crit = np.where(first <= pi1, first, second)
    return out(np.where((need <= 0) | (x <= 0), 0.0, crit))  # the share is clipped at 0


# ---------------------------------------------------------------------- the model object
@dataclass(frozen=True, slots=True, repr=False, eq=False)
class RationalistState(Result):
    """The model evaluated at one pressure (or an array of pressures).

    Attributes
    ----------
    pressure : float or ndarray
        The pressure.
    p, cost_a, cost_b : float or ndarray
        The war lottery under that pressure (effective parameters).
    war_payoff_a, war_payoff_b : float or ndarray
        Expected war payoffs.
    range_low, range_high : float or ndarray
        The bargaining range, clipped to ``[0, 1]``.
    nash_share : float or ndarray
        A's share under the (weighted) Nash bargaining solution.
    """

    pressure: Any
    p: Any
    cost_a: Any
    cost_b: Any
    war_payoff_a: Any
    war_payoff_b: Any
    range_low: Any
    range_high: Any
    nash_share: Any

    def _summary(self) -> dict[str, Any]:
        """JSON-serialisable form (arrays as lists)."""
        return plain_values(self, (f.name for f in fields(self)))

    def __repr__(self) -> str:
        if np.ndim(self.range_low) == 0:
            return (
                f"RationalistState(pressure={self.pressure:.4g}, range=[{self.range_low:.4g}, "
                f"{self.range_high:.4g}], nash_share={self.nash_share:.4g})"
            )
        return f"RationalistState(shape {np.shape(self.range_low)})"

    def _repr_html_(self) -> str:
        return f"<p><b>{html.escape(repr(self))}</b></p>"


@dataclass(frozen=True, slots=True, repr=False)
class RationalistModel:  # numpydoc ignore=PR02
    """Fearon's (1995) bargaining model of war with third-party pressure on side B.

    Parameters
    ----------
    p : float or array_like
        Probability that A wins the war.
    cost_a, cost_b : float or array_like
        Costs of war in units of the good (>= 0).
    leverage : float or array_like, default 1
        Rise in B's cost per unit of pressure.
    odds_shift : float or array_like, default 0
        Rise in A's winning probability per unit of pressure.
    weight_a : float or array_like, default 0.5
        A's Nash bargaining weight, in ``(0, 1)``.
    sides : pair of str, default ("A", "B")
        Names of the sides (for display and for :meth:`bargaining_problem`).

    Raises
    ------
    InvalidArgumentError
        If a parameter is out of range (checked on construction).

    See Also
    --------
    mediation_sim.models.rationalist : the formulas, as functions.

    Examples
    --------
    >>> from mediation_sim.models import RationalistModel
    >>> model = RationalistModel(p=0.6, cost_a=0.1, cost_b=0.15, leverage=0.5,
    ...                          sides=("kyiv", "moscow"))
    >>> model.at(0.0)
    RationalistState(pressure=0, range=[0.5, 0.75], nash_share=0.625)
    >>> model.critical_pressure(1.0)             # withdrawal enters the range
    0.5
    >>> bool(model.accepts(1.0, pressure=0.5))
    True
    """

    p: Any
    cost_a: Any
    cost_b: Any
    leverage: Any = 1.0
    odds_shift: Any = 0.0
    weight_a: Any = 0.5
    sides: tuple[str, str] = field(default=("A", "B"))

    def __post_init__(self) -> None:
        func = "RationalistModel"
        _params(func, self.p, self.cost_a, self.cost_b, 0.0, self.leverage, self.odds_shift)
        checked(func, weight_a=self.weight_a)
        sides: object = self.sides
        if (
            not isinstance(sides, Sequence)
            or len(sides) != 2
            or not all(isinstance(s, str) and s for s in sides)
            or sides[0] == sides[1]
        ):
            raise InvalidArgumentError(f"{func}(): sides must be two distinct non-empty names")
        object.__setattr__(self, "sides", tuple(self.sides))

    def _kw(self, pressure: ArrayLike) -> dict[str, Any]:
        return {"pressure": pressure, "leverage": self.leverage, "odds_shift": self.odds_shift}

    def at(self, pressure: ArrayLike = 0.0) -> RationalistState:
        """Everything the model says at ``pressure`` (floats or arrays)."""
        p1, ca, cb = effective_parameters(self.p, self.cost_a, self.cost_b, **self._kw(pressure))
        wa, wb = war_payoffs(self.p, self.cost_a, self.cost_b, **self._kw(pressure))
        low, high = bargaining_range(self.p, self.cost_a, self.cost_b, **self._kw(pressure))
        share = nash_bargaining_share(
            self.p, self.cost_a, self.cost_b, weight_a=self.weight_a, **self._kw(pressure)
        )
        return RationalistState(out(pressure), p1, ca, cb, wa, wb, low, high, share)

    def war_payoffs(self, pressure: ArrayLike = 0.0) -> tuple[ArrayOrFloat, ArrayOrFloat]:
        """Expected war payoffs ``(W_A, W_B)`` at ``pressure``; see :func:`war_payoffs`."""
        return war_payoffs(self.p, self.cost_a, self.cost_b, **self._kw(pressure))

    def bargaining_range(
        self, pressure: ArrayLike = 0.0, *, clip: bool = True
    ) -> tuple[ArrayOrFloat, ArrayOrFloat]:
        """The bargaining range at ``pressure``; see :func:`bargaining_range`."""
        return bargaining_range(self.p, self.cost_a, self.cost_b, clip=clip, **self._kw(pressure))

    def nash_share(self, pressure: ArrayLike = 0.0) -> ArrayOrFloat:
        """A's Nash bargaining share at ``pressure``; see :func:`nash_bargaining_share`."""
        return nash_bargaining_share(
            self.p, self.cost_a, self.cost_b, weight_a=self.weight_a, **self._kw(pressure)
        )

    def accepts(self, settlement: ArrayLike, pressure: ArrayLike = 0.0) -> Any:
        """Whether both sides prefer ``settlement`` to war; see :func:`settlement_acceptable`."""
        return settlement_acceptable(
            settlement, self.p, self.cost_a, self.cost_b, **self._kw(pressure)
        )

    def critical_pressure(
        self, settlement: ArrayLike, *, rule: Literal["range", "nash"] = "range"
    ) -> ArrayOrFloat:
        """The smallest pressure making ``settlement`` an outcome; see :func:`critical_pressure`."""
        return critical_pressure(
            settlement,
            self.p,
            self.cost_a,
            self.cost_b,
            leverage=self.leverage,
            odds_shift=self.odds_shift,
            rule=rule,
            weight_a=self.weight_a,
        )

    def pressure_window(self, settlement: ArrayLike) -> tuple[ArrayOrFloat, ArrayOrFloat]:
        """Pressures keeping ``settlement`` in the range; see :func:`pressure_window`."""
        return pressure_window(
            settlement,
            self.p,
            self.cost_a,
            self.cost_b,
            leverage=self.leverage,
            odds_shift=self.odds_shift,
        )

    def bargaining_problem(self, pressure: float = 0.0) -> Any:
        """The division of the good as a :class:`~mediation_sim.games.BargainingProblem`.

        The frontier is ``u_A + u_B = 1`` and the disagreement point is the
        pair of war payoffs, so :func:`mediation_sim.solvers.nash_bargaining`
        returns :meth:`nash_share` (scalar parameters only).

        Raises
        ------
        InvalidArgumentError
            If the model or ``pressure`` holds arrays.
        """
        from ..games.bargaining import BargainingProblem

        wa, wb = self.war_payoffs(pressure)
        if np.ndim(wa) or np.ndim(wb):
            raise InvalidArgumentError(
                "bargaining_problem(): needs scalar parameters and pressure, not arrays"
            )
        return BargainingProblem.divide_the_pie(1.0, (float(wa), float(wb)), players=self.sides)

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable parameters."""
        names = ("p", "cost_a", "cost_b", "leverage", "odds_shift", "weight_a")
        return {**plain_values(self, names), "sides": list(self.sides)}

    def __repr__(self) -> str:
        return (
            f"RationalistModel(p={short(self.p)}, cost_a={short(self.cost_a)}, "
            f"cost_b={short(self.cost_b)}, leverage={short(self.leverage)}, "
            f"odds_shift={short(self.odds_shift)}, sides={self.sides})"
        )

    def _repr_html_(self) -> str:
        return f"<p><b>{html.escape(repr(self))}</b></p>"
