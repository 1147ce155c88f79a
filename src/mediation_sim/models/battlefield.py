r"""War as a random walk: battles move the front until one side collapses.

The war is a sequence of battles. The state is A's position ``k`` in
``{0, 1, ..., n}``: each battle A wins (probability ``q``) moves it up by one,
each it loses moves it down; A wins the war on reaching ``n`` and loses at
``0``. This is the gambler's-ruin walk between two absorbing barriers, used to
model the course of a war by Smith and Stam (2004) and, with
negotiations between battles, by Slantchev (2003).

With ``r = (1 - q) / q`` and starting position ``k``, the probability that A
wins and the expected number of battles are (Feller 1968, ch. XIV):

.. math::

   P_k = \frac{1 - r^k}{1 - r^n}, \qquad
   D_k = \frac{k - n P_k}{(1 - q) - q} \qquad (q \ne 1/2),

and :math:`P_k = k/n`, :math:`D_k = k (n - k)` for the fair walk ``q = 1/2``.
Both are computed in a form that stays accurate near ``q = 1/2`` and does
not overflow for long fronts.

**Pressure.** A third party that cuts B's supplies (or arms A) raises A's
battle-win probability: ``q(pi) = min(1, q + step_shift * pi)``.
:func:`critical_pressure` gives the pressure at which A's victory
probability reaches a target. The expected duration times a per-battle cost
gives each side's expected cost of war, the inputs of the bargaining model
(:meth:`RandomWalkWar.rationalist`).

**Sources**

* W. Feller, *An Introduction to Probability Theory and Its Applications*, vol. 1, 3rd ed.,
  Wiley, 1968, chapter XIV, sections 2-3 (equations 2.4 and 3.4).
* A. Smith and A. C. Stam, "Bargaining and the nature of war", *Journal of Conflict Resolution*
  48(6) (2004), pp. 783-813.
* B. L. Slantchev, "The principle of convergence in wartime negotiations", *American Political
  Science Review* 97(4) (2003), pp. 621-632.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from .._errors import InvalidArgumentError
from .._results import Result
from .._validation import check_positive_int, normalise_rng
from ._common import ArrayOrFloat, FloatArray, checked, out, plain_values, short

__all__ = [
    "RandomWalkWar",
    "SimulationResult",
    "critical_pressure",
    "expected_duration",
    "simulate",
    "victory_probability",
]

#: Below this |n * log r| the series form of the duration is used (no cancellation).
_SERIES_LIMIT = 0.5


def _positions(
    func: str, q: ArrayLike, start: ArrayLike, n: ArrayLike
) -> tuple[FloatArray, FloatArray, FloatArray]:
    qa, k, na = checked(func, q=q, start=start, n=n)
    if (k != np.round(k)).any() or (na != np.round(na)).any():
        raise InvalidArgumentError(f"{func}(): start and n must be whole numbers of steps")
    if (k > na).any():
        raise InvalidArgumentError(f"{func}(): start must lie between 0 and n")
    return qa, k, na


def _under_pressure(
    func: str,
    q: ArrayLike,
    start: ArrayLike,
    n: ArrayLike,
    pressure: ArrayLike,
    step_shift: ArrayLike,
) -> list[FloatArray]:
    """``(q(pi), start, n)`` broadcast together, where ``q(pi) = min(1, q + step_shift * pi)``."""
    qa, k, na = _positions(func, q, start, n)
    pi, s = checked(func, pressure=pressure, step_shift=step_shift)
    return list(np.broadcast_arrays(np.minimum(1.0, qa + s * pi), k, na))


def _log_ratio(q: FloatArray) -> FloatArray:
    with np.errstate(divide="ignore"):
        out_: FloatArray = np.log1p(-q) - np.log(q)  # log((1 - q) / q), +-inf at q = 0 or 1
    return out_


def _win(q: FloatArray, k: FloatArray, n: FloatArray) -> FloatArray:
    lr = _log_ratio(q)
    with np.errstate(all="ignore"):
        neg = np.expm1(k * lr) / np.expm1(n * lr)  # fine for lr < 0 (r < 1)
        pos = np.exp((k - n) * lr) * np.expm1(-k * lr) / np.expm1(-n * lr)  # lr > 0
        p = np.where(lr > 0, pos, neg)
        p = np.where(lr == 0, k / n, p)
    p = np.where(q >= 1.0, (k > 0).astype(np.float64), p)
    p = np.where(q <= 0.0, (k >= n).astype(np.float64), p)
    p = np.where(k <= 0, 0.0, np.where(k >= n, 1.0, p))
    result: FloatArray = np.clip(p, 0.0, 1.0)
    return result


def _duration(q: FloatArray, k: FloatArray, n: FloatArray) -> FloatArray:
    lr = _log_ratio(q)
    with np.errstate(all="ignore"):
        # direct form: (k - n P) / ((1 - q) - q), accurate when |n lr| is not small
        direct = (k - n * _win(q, k, n)) / (1.0 - 2.0 * q)
        # series form near q = 1/2: k expm1(n L) - n expm1(k L) = sum_j (k n^j - n k^j) L^j / j!
        # (the j = 1 terms cancel exactly), divided by expm1(n L) tanh(L / 2)
        small = np.abs(n * lr) < _SERIES_LIMIT
        lr_s = np.where(small, lr, 0.0)
        total = np.zeros_like(lr_s)
        term_k = k * lr_s  # (k L)^j / j! built up
        term_n = n * lr_s
        for j in range(2, 40):
            term_k = term_k * k * lr_s / j
            term_n = term_n * n * lr_s / j
            total += k * term_n - n * term_k
        denom = np.expm1(n * lr_s) * np.tanh(lr_s / 2.0)
        series = np.where(lr_s != 0, total / denom, k * (n - k))
        d = np.where(small, series, direct)
    d = np.where(q >= 1.0, n - k, d)
    d = np.where(q <= 0.0, k, d)
    d = np.where((k <= 0) | (k >= n), 0.0, d)
    result: FloatArray = np.maximum(d, 0.0)
    return result


def victory_probability(
    q: ArrayLike,
    start: ArrayLike,
    n: ArrayLike,
    *,
    pressure: ArrayLike = 0.0,
    step_shift: ArrayLike = 0.0,
) -> ArrayOrFloat:
    """Probability that A reaches ``n`` before ``0``, starting at ``start``.

    Parameters
    ----------
    q : float or array_like
        Probability that A wins a battle, in ``[0, 1]``.
    start : int or array_like
        A's starting position, ``0 <= start <= n``.
    n : int or array_like
        Position at which A wins the war (B wins at 0); at least 1.
    pressure : float or array_like, default 0
        Third-party pressure (>= 0).
    step_shift : float or array_like, default 0
        Rise in ``q`` per unit of pressure (>= 0); ``q`` is capped at 1.

    Returns
    -------
    float or ndarray
        ``(1 - r**start) / (1 - r**n)`` with ``r = (1 - q) / q``; ``start / n``
        when ``q = 1/2``.

    Raises
    ------
    InvalidArgumentError
        If a parameter is out of range or positions are not whole numbers.

    See Also
    --------
    expected_duration, simulate

    References
    ----------
    .. [1] Feller (1968), ch. XIV, eq. (2.4); see the module's sources.

    Examples
    --------
    >>> from mediation_sim.models import battlefield
    >>> battlefield.victory_probability(0.5, 3, 10)
    0.3
    >>> round(battlefield.victory_probability(0.6, 5, 10), 6)    # 1 / (1 + (2/3)**5)
    0.883636
    """
    q1, k, na = _under_pressure("victory_probability", q, start, n, pressure, step_shift)
    return out(_win(q1, k, na))


def expected_duration(
    q: ArrayLike,
    start: ArrayLike,
    n: ArrayLike,
    *,
    pressure: ArrayLike = 0.0,
    step_shift: ArrayLike = 0.0,
) -> ArrayOrFloat:
    """Expected number of battles until one side wins the war.

    Parameters
    ----------
    q, start, n, pressure, step_shift
        As in :func:`victory_probability`.

    Returns
    -------
    float or ndarray
        ``(start - n P) / (1 - 2 q)`` with ``P`` the victory probability;
        ``start (n - start)`` when ``q = 1/2``.

    Raises
    ------
    InvalidArgumentError
        If a parameter is out of range.

    See Also
    --------
    victory_probability, simulate

    References
    ----------
    .. [1] Feller (1968), ch. XIV, eq. (3.4); see the module's sources.

    Examples
    --------
    >>> from mediation_sim.models import battlefield
    >>> battlefield.expected_duration(0.5, 3, 10)
    21.0
    >>> round(battlefield.expected_duration(0.5 + 1e-12, 3, 10), 9)   # no cancellation near 1/2
    21.0
    """
    q1, k, na = _under_pressure("expected_duration", q, start, n, pressure, step_shift)
    return out(_duration(q1, k, na))


def critical_pressure(
    target: ArrayLike,
    q: ArrayLike,
    start: ArrayLike,
    n: ArrayLike,
    *,
    step_shift: ArrayLike = 1.0,
) -> ArrayOrFloat:
    """The smallest pressure at which A's probability of victory reaches ``target``.

    The victory probability is continuous and increasing in ``q``, so the
    battle-win probability ``q*`` that gives ``target`` is found by
    vectorised bisection (to machine precision) and
    ``pi* = max(0, (q* - q) / step_shift)``.

    Parameters
    ----------
    target : float or array_like
        Victory probability to reach, in ``[0, 1]``.
    q, start, n, step_shift
        As in :func:`victory_probability`.

    Returns
    -------
    float or ndarray
        0 if already reached; ``inf`` if unreachable (``step_shift = 0``, or
        ``start = 0``).

    Raises
    ------
    InvalidArgumentError
        If a parameter is out of range.

    See Also
    --------
    victory_probability

    Examples
    --------
    >>> from mediation_sim.models import battlefield
    >>> pi = battlefield.critical_pressure(0.5, 0.45, 3, 10, step_shift=0.1)
    >>> round(battlefield.victory_probability(0.45, 3, 10, pressure=pi, step_shift=0.1), 12)
    0.5
    """
    func = "critical_pressure"
    (t,) = checked(func, target=target)
    qa, k, na = _positions(func, q, start, n)
    (s,) = checked(func, step_shift=step_shift)
    t, qa, k, na, s = np.broadcast_arrays(t, qa, k, na, s)
    reached = _win(qa, k, na) >= t
    lo = qa.copy()
    hi = np.ones_like(qa)
    for _ in range(80):
        mid = (lo + hi) / 2.0
        below = _win(mid, k, na) < t
        lo = np.where(below, mid, lo)
        hi = np.where(below, hi, mid)
    reachable = (_win(np.ones_like(qa), k, na) >= t) & (s > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        crit = np.where(reachable, (hi - qa) / s, np.inf)
    return out(np.where(reached, 0.0, crit))


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class SimulationResult(Result):
    """Monte Carlo estimates of the random-walk war (for checking the closed forms).

    Attributes
    ----------
    victory_rate : float
        Fraction of runs A won.
    victory_se : float
        Its standard error.
    mean_duration : float
        Mean number of battles among finished runs.
    duration_se : float
        Its standard error.
    n_runs : int
        Runs simulated.
    n_unfinished : int
        Runs still going after ``max_steps`` (excluded from both estimates).
    """

    victory_rate: float
    victory_se: float
    mean_duration: float
    duration_se: float
    n_runs: int
    n_unfinished: int

    def _summary(self) -> dict[str, Any]:
        """JSON-serialisable form."""
        return {
            "victory_rate": self.victory_rate,
            "victory_se": self.victory_se,
            "mean_duration": self.mean_duration,
            "duration_se": self.duration_se,
            "n_runs": self.n_runs,
            "n_unfinished": self.n_unfinished,
        }

    def __repr__(self) -> str:
        return (
            f"SimulationResult(victory_rate={self.victory_rate:.4g} ± {self.victory_se:.2g}, "
            f"mean_duration={self.mean_duration:.4g} ± {self.duration_se:.2g}, "
            f"n_runs={self.n_runs})"
        )

    def _repr_html_(self) -> str:
        return f"<p><b>{html.escape(repr(self))}</b></p>"


def simulate(
    q: float,
    start: int,
    n: int,
    *,
    n_runs: int = 10_000,
    max_steps: int = 100_000,
    rng: int | np.random.Generator | None = None,
) -> SimulationResult:
    """Simulate the random-walk war many times (vectorised over runs).

    All runs step together: at each step every unfinished run draws a
    battle, ``+1`` with probability ``q``; runs stop on reaching ``0`` or
    ``n``.

    Parameters
    ----------
    q : float
        Probability that A wins a battle.
    start, n : int
        Starting position and winning position.
    n_runs : int, default 10,000
        Number of simulated wars.
    max_steps : int, default 100,000
        Give up on runs still going after this many battles.
    rng : int, numpy.random.Generator or None
        Seed or generator (SPEC 7), for reproducible runs.

    Returns
    -------
    SimulationResult

    Raises
    ------
    InvalidArgumentError
        If a parameter is out of range.

    See Also
    --------
    victory_probability, expected_duration : the closed forms this checks.

    Examples
    --------
    >>> from mediation_sim.models import battlefield
    >>> sim = battlefield.simulate(0.55, 4, 10, n_runs=20_000, rng=0)
    >>> exact = battlefield.victory_probability(0.55, 4, 10)
    >>> abs(sim.victory_rate - exact) < 4 * sim.victory_se
    True
    """
    func = "simulate"
    qa, k, na = _positions(func, q, start, n)
    if qa.ndim or k.ndim or na.ndim:
        raise InvalidArgumentError(f"{func}(): q, start and n must be scalars")
    n_runs = check_positive_int(n_runs, func=func, name="n_runs")
    max_steps = check_positive_int(max_steps, func=func, name="max_steps")
    gen = normalise_rng(rng, func=func)
    pos = np.full(n_runs, int(k), dtype=np.int64)
    steps = np.zeros(n_runs, dtype=np.int64)
    top = int(na)
    active = (pos > 0) & (pos < top)
    for _ in range(max_steps):
        idx = np.flatnonzero(active)
        if idx.size == 0:
            break
        up = gen.random(idx.size) < float(qa)
        pos[idx] += np.where(up, 1, -1)
        steps[idx] += 1
        active[idx] = (pos[idx] > 0) & (pos[idx] < top)
    done = ~active
    m = int(done.sum())
    wins = (pos[done] >= top).astype(np.float64)
    dur = steps[done].astype(np.float64)
    rate = float(wins.mean()) if m else float("nan")
    return SimulationResult(
        victory_rate=rate,
        victory_se=float(np.sqrt(rate * (1 - rate) / m)) if m else float("nan"),
        mean_duration=float(dur.mean()) if m else float("nan"),
        duration_se=float(dur.std(ddof=1) / np.sqrt(m)) if m > 1 else float("nan"),
        n_runs=n_runs,
        n_unfinished=n_runs - m,
    )


@dataclass(frozen=True, slots=True, repr=False)
class RandomWalkWar:  # numpydoc ignore=PR02
    """A war of battles as a random walk, with pressure on the battle odds.

    Parameters
    ----------
    q : float or array_like
        Probability that A wins a battle.
    start, n : int or array_like
        A's starting position and the position at which it wins.
    cost_per_battle_a, cost_per_battle_b : float or array_like, default 0
        Each side's cost of one battle, in units of the disputed good.
    step_shift : float or array_like, default 0
        Rise in ``q`` per unit of pressure.

    Raises
    ------
    InvalidArgumentError
        If a parameter is out of range.

    See Also
    --------
    victory_probability, expected_duration, mediation_sim.models.RationalistModel

    Examples
    --------
    >>> from mediation_sim.models import RandomWalkWar
    >>> war = RandomWalkWar(q=0.5, start=5, n=10, cost_per_battle_a=0.004,
    ...                     cost_per_battle_b=0.006, step_shift=0.05)
    >>> war.victory_probability(), war.expected_duration()
    (0.5, 25.0)
    >>> model = war.rationalist(pressure=0.0, leverage=0.2)
    >>> model.p, round(model.cost_a, 6), round(model.cost_b, 6)
    (0.5, 0.1, 0.15)
    """

    q: Any
    start: Any
    n: Any
    cost_per_battle_a: Any = 0.0
    cost_per_battle_b: Any = 0.0
    step_shift: Any = 0.0

    def __post_init__(self) -> None:
        func = "RandomWalkWar"
        _positions(func, self.q, self.start, self.n)
        for name in ("cost_per_battle_a", "cost_per_battle_b", "step_shift"):
            checked(func, **{name: getattr(self, name)})

    def victory_probability(self, pressure: ArrayLike = 0.0) -> ArrayOrFloat:
        """A's probability of winning at ``pressure``; see :func:`victory_probability`."""
        return victory_probability(
            self.q, self.start, self.n, pressure=pressure, step_shift=self.step_shift
        )

    def expected_duration(self, pressure: ArrayLike = 0.0) -> ArrayOrFloat:
        """Expected number of battles at ``pressure``; see :func:`expected_duration`."""
        return expected_duration(
            self.q, self.start, self.n, pressure=pressure, step_shift=self.step_shift
        )

    def war_costs(self, pressure: ArrayLike = 0.0) -> tuple[ArrayOrFloat, ArrayOrFloat]:
        """Expected costs of the war: cost per battle times expected duration, per side."""
        d = np.asarray(self.expected_duration(pressure))
        return (
            out(np.asarray(self.cost_per_battle_a) * d),
            out(np.asarray(self.cost_per_battle_b) * d),
        )

    def critical_pressure(self, target: ArrayLike) -> ArrayOrFloat:
        """Pressure at which A's victory probability reaches ``target``; see the function."""
        return critical_pressure(target, self.q, self.start, self.n, step_shift=self.step_shift)

    def rationalist(self, pressure: float = 0.0, *, leverage: ArrayLike = 0.0) -> Any:
        """The bargaining model this war implies at ``pressure``.

        ``p`` is the victory probability and the costs are the expected war
        costs, both evaluated under ``pressure``; ``leverage`` is passed on
        for pressure acting on B's cost directly.

        Returns
        -------
        RationalistModel
        """
        from .rationalist import RationalistModel

        ca, cb = self.war_costs(pressure)
        return RationalistModel(
            p=self.victory_probability(pressure), cost_a=ca, cost_b=cb, leverage=leverage
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable parameters."""
        names = ("q", "start", "n", "cost_per_battle_a", "cost_per_battle_b", "step_shift")
        return plain_values(self, names)

    def __repr__(self) -> str:
        return (
            f"RandomWalkWar(q={short(self.q)}, start={short(self.start)}, n={short(self.n)}, "
            f"step_shift={short(self.step_shift)})"
        )

    def _repr_html_(self) -> str:
        return f"<p><b>{html.escape(repr(self))}</b></p>"
