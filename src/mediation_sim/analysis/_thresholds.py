"""Critical values: where an outcome becomes (or stops being) an equilibrium outcome.

:func:`critical_value` answers "from what level of pressure is withdrawal an
equilibrium outcome, and up to what level?" for any scenario parameter. When
the scenario's payoffs are affine in the parameter, the answer is exact: each
pure profile is an equilibrium on an interval given by linear inequalities,
so the whole equilibrium map follows from interval arithmetic with no grid.
Otherwise a coarse batched scan brackets every change and bisection
(:func:`scipy.optimize.brentq`) refines it.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import brentq

from .._errors import InvalidArgumentError, UnknownNameError
from .._results import Result, register_dataclass
from .._validation import DEFAULT_TOL, check_positive_int, check_probability, check_tol
from ..scenarios.scenario import Scenario
from ..solvers.pure import pure_nash_mask
from ._exact_breakpoints import exact_endpoints, snap_endpoints
from ._intervals import (
    TIE_TOL,
    affine_equilibrium_intervals,
    difference,
    level_intervals,
    merge,
    profile_intervals,
)
from ._sequential import spe_exact_intervals, spe_holds

__all__ = ["CriticalValueResult", "Crossing", "critical_value", "outcome_indices"]

FloatArray = NDArray[np.float64]
Selection = Literal["best", "worst"]


@register_dataclass
@dataclass(frozen=True, slots=True)
class Crossing:
    """A point where the condition starts (``"enters"``) or stops (``"leaves"``) holding."""

    value: float
    direction: Literal["enters", "leaves"]

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form."""
        return {"value": self.value, "direction": self.direction}


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class CriticalValueResult(Result):
    """Where, over a parameter's bounds, an outcome is an equilibrium outcome.

    Attributes
    ----------
    parameter : str
        The parameter varied.
    outcome : str
        An outcome id, or ``"settlement"`` (every settlement outcome).
    level : float
        The probability the outcome must reach in an equilibrium.
    selection : {"best", "worst"}
        ``"best"``: some pure equilibrium reaches ``level``; ``"worst"``:
        pure equilibria exist and every one reaches it.
    mode : str
        Scenario mode.
    method : {"exact", "bracket"}
        Interval arithmetic on affine payoffs, or scan plus bisection.
    bounds : tuple of float
        The parameter interval searched.
    intervals : tuple of tuple of float
        Where the condition holds (sorted, disjoint).
    crossings : tuple of Crossing
        Every boundary of those intervals inside ``bounds``.
    value : float
        The smallest parameter value at which the condition holds (``nan``
        if it never does): the critical value.
    parameters : Mapping[str, float]
        The other parameters' values.
    equilibrium_kind : {"pure", "pure and mixed", "mixed"}
        Which equilibria the condition was judged over: ``"pure"`` when
        every value in ``bounds`` has a pure equilibrium; otherwise the
        values in :attr:`mixed_ranges` were judged over all their equilibria
        (:func:`~mediation_sim.solvers.all_nash`), the others over their pure
        equilibria.
    mixed_ranges : tuple of tuple of float
        Parameter ranges without a pure equilibrium (bracketed to ``xtol``).
    """

    parameter: str
    outcome: str
    level: float
    selection: str
    mode: str
    method: str
    bounds: tuple[float, float]
    intervals: tuple[tuple[float, float], ...]
    crossings: tuple[Crossing, ...]
    parameters: Mapping[str, float] = field(repr=False)
    equilibrium_kind: str = "pure"
    mixed_ranges: tuple[tuple[float, float], ...] = ()

    @property
    def value(self) -> float:
        """Smallest value at which the condition holds (``nan`` if never)."""
        return self.intervals[0][0] if self.intervals else math.nan

    @property
    def upper(self) -> float:
        """Largest value at which the condition holds (``nan`` if never): the window's top."""
        return self.intervals[-1][1] if self.intervals else math.nan

    @property
    def holds_somewhere(self) -> bool:
        """Whether the condition holds for some value in the bounds."""
        return bool(self.intervals)

    def _summary(self) -> dict[str, Any]:
        """JSON-serialisable form."""
        return {
            "parameter": self.parameter,
            "outcome": self.outcome,
            "level": self.level,
            "selection": self.selection,
            "mode": self.mode,
            "method": self.method,
            "bounds": list(self.bounds),
            "intervals": [list(iv) for iv in self.intervals],
            "crossings": [c.to_dict() for c in self.crossings],
            "value": None if math.isnan(self.value) else self.value,
            "equilibrium_kind": self.equilibrium_kind,
            "mixed_ranges": [list(r) for r in self.mixed_ranges],
        }

    def __repr__(self) -> str:
        shown = ", ".join(f"[{a:.6g}, {b:.6g}]" for a, b in self.intervals) or "never"
        return (
            f"CriticalValueResult({self.outcome!r} in {self.selection} equilibrium over "
            f"{self.parameter}: {shown}; method={self.method!r}"
            + ("" if self.equilibrium_kind == "pure" else f", {self.equilibrium_kind}")
            + ")"
        )

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>{c.value:.6g}</td><td>{c.direction}</td></tr>" for c in self.crossings
        )
        return (
            f"<p><b>{html.escape(repr(self))}</b></p>"
            f"<table><tr><th>{html.escape(self.parameter)}</th><th>crossing</th></tr>{rows}</table>"
        )


def outcome_indices(scenario: Scenario, outcome: str) -> list[int]:
    """Indices of ``outcome`` (or of every settlement outcome for ``"settlement"``)."""
    if outcome == "settlement":
        if not scenario.settlement_outcomes:
            raise InvalidArgumentError(
                f"scenario {scenario.name!r} marks no outcome as a settlement"
            )
        return [scenario.outcomes.index(o) for o in scenario.settlement_outcomes]
    if outcome not in scenario.outcomes:
        raise UnknownNameError(
            f"unknown outcome {outcome!r}; outcomes: {list(scenario.outcomes)} or 'settlement'"
        )
    return [scenario.outcomes.index(outcome)]


def _crossings(intervals: list[tuple[float, float]], lo: float, hi: float) -> tuple[Crossing, ...]:
    out: list[Crossing] = []
    for a, b in intervals:
        if a > lo:
            out.append(Crossing(a, "enters"))
        if b < hi:
            out.append(Crossing(b, "leaves"))
    return tuple(out)


def condition_intervals(
    lower: FloatArray,
    upper: FloatArray,
    p0: FloatArray,
    p1: FloatArray,
    *,
    level: float,
    selection: Selection,
) -> list[tuple[float, float]]:
    """Where (in t in [0, 1]) the condition holds, for one game's profile intervals.

    ``p0``, ``p1`` are the outcome probabilities of each profile at t = 0, 1
    (affine in between).
    """
    q_lo, q_hi = level_intervals(p0, p1, level)
    good = merge(profile_intervals(np.maximum(lower, q_lo), np.minimum(upper, q_hi)))
    if selection == "best":
        return good
    # worst: equilibria exist, and none is an equilibrium below the level
    exists = merge(profile_intervals(lower, upper))
    b_lo, b_hi = level_intervals(p0, p1, level, below=True)
    bad = merge(profile_intervals(np.maximum(lower, b_lo), np.minimum(upper, b_hi)))
    return difference(exists, bad)


def critical_value(
    scenario: Scenario,
    parameter: str,
    *,
    outcome: str = "settlement",
    level: float = 0.5,
    selection: Selection = "best",
    mode: str | None = None,
    fix: Mapping[str, str] | None = None,
    bounds: tuple[float, float] | None = None,
    method: Literal["auto", "exact", "bracket"] = "auto",
    n_grid: int = 201,
    tol: float = DEFAULT_TOL,
    xtol: float = 1e-10,
    mixed: bool = True,
    **params: float,
) -> CriticalValueResult:
    """Find where an outcome is an equilibrium outcome as one parameter varies.

    The condition at a parameter value is: some pure Nash equilibrium
    (``selection="best"``) — or every pure equilibrium, and at least one
    exists (``selection="worst"``) — gives ``outcome`` probability at least
    ``level``. Where a parameter value has no pure equilibrium (and
    ``mixed=True``), the same rule is applied to *all* its equilibria,
    mixed ones included, found and certified by
    :func:`~mediation_sim.solvers.all_nash` — the rule of
    :func:`~mediation_sim.analysis.sweep`'s mixed fallback — instead of
    reporting that the condition fails for lack of an equilibrium; the
    result's ``equilibrium_kind`` and ``mixed_ranges`` say where.
    The result lists every interval where it holds, so a *window*
    (pressure strong enough to move Moscow yet cheap enough for Beijing)
    shows up as an interval with both an entering and a leaving crossing.

    Algorithm (``method="exact"``, used automatically when the payoffs are
    affine in the parameter):

    1. Evaluate payoffs and outcome probabilities at both ends of ``bounds``.
    2. For every pure profile, player and alternative strategy, the
       deviation gain is affine in the parameter; each gives one linear
       inequality, and their intersection is the profile's equilibrium
       interval (all profiles at once, by broadcasting).
    3. Intersect with the interval where the profile's outcome probability
       reaches ``level``; take the union over profiles (``"best"``) or the
       set where equilibria exist minus where a failing one exists
       (``"worst"``).

    With ``method="bracket"`` the condition is evaluated on ``n_grid``
    points in one batch, and each change between neighbours is refined by
    :func:`scipy.optimize.brentq` to ``xtol``; intervals narrower than the
    grid spacing can be missed.

    Parameters
    ----------
    scenario : Scenario
        The scenario.
    parameter : str
        The parameter to vary, e.g. ``"china_pressure"``.
    outcome : str, default "settlement"
        An outcome id, or ``"settlement"`` for all settlement outcomes.
    level : float, default 0.5
        Probability the outcome must reach.
    selection : {"best", "worst"}, default "best"
        Equilibrium selection, see above.
    mode, fix : optional
        Scenario mode and fixed strategies.
    bounds : (float, float), optional
        Interval to search; default the parameter's bounds.
    method : {"auto", "exact", "bracket"}, default "auto"
        ``"auto"`` uses ``"exact"`` when the scenario is affine in the
        parameter.
    n_grid : int, default 201
        Scan points for ``"bracket"``.
    tol : float, default 1e-8
        Relative tolerance of the equilibrium test of the ``"bracket"``
        method. The exact method reports the mathematical breakpoints: it
        treats deviation gains within ``1e-12 * payoff_range`` of zero as ties
        (floating-point noise) and is not widened by ``tol``.
    xtol : float, default 1e-10
        Absolute precision of bracketed crossings.
    mixed : bool, default True
        Judge values without a pure equilibrium over their mixed equilibria.
        Those ranges are found on the ``n_grid`` scan (ranges narrower than
        its spacing can be missed) and bracketed by bisection; inside them
        the condition is evaluated with :func:`all_nash` on the scan points
        (at most 21 per range) and its changes bisected to ``xtol``.
        ``False`` keeps the pure-only condition (it then fails where no pure
        equilibrium exists).
    **params : float
        Values of the other parameters (defaults otherwise).

    Returns
    -------
    CriticalValueResult
        ``.value`` is the critical value; ``.intervals`` and ``.crossings``
        describe every change.

    Raises
    ------
    UnknownNameError
        For unknown parameters, outcomes or modes.
    InvalidArgumentError
        For an exact method requested on a non-affine parameter, or bad options.

    Examples
    --------
    >>> import mediation_sim as ms
    >>> sc = ms.scenarios.load("ukraine-2023")
    >>> res = ms.analysis.critical_value(sc, "china_pressure", outcome="withdrawal",
    ...                                  mode="committed")
    >>> round(res.value, 4)
    0.6807
    >>> [sc.subgame_perfect(china_pressure=x, mode="committed").labels()["moscow"]
    ...  for x in (res.value - 1e-6, res.value + 1e-6)]
    ['fight_on', 'withdraw']
    """
    if parameter not in scenario.parameters:
        raise UnknownNameError(
            f"critical_value(): unknown parameter {parameter!r}; parameters: "
            f"{sorted(scenario.parameters)}"
        )
    if parameter in params:
        raise InvalidArgumentError(
            f"critical_value(): {parameter!r} is the parameter being varied; do not also fix it"
        )
    level = check_probability(level, func="critical_value", name="level")
    tol = check_tol(tol, func="critical_value")
    n_grid = check_positive_int(n_grid, func="critical_value", name="n_grid", minimum=3)
    if selection not in ("best", "worst"):
        raise InvalidArgumentError("critical_value(): selection must be 'best' or 'worst'")
    if method not in ("auto", "exact", "bracket"):
        raise InvalidArgumentError("critical_value(): method must be 'auto', 'exact' or 'bracket'")
    idx = outcome_indices(scenario, outcome)
    lo, hi = scenario.parameters[parameter].bounds if bounds is None else bounds
    p_lo, p_hi = scenario.parameters[parameter].bounds
    if not (p_lo <= lo < hi <= p_hi):
        raise InvalidArgumentError(
            f"critical_value(): bounds must satisfy {p_lo} <= low < high <= {p_hi}, got {(lo, hi)}"
        )
    mode_name = mode or scenario.default_mode
    affine = scenario.is_affine_in(parameter)
    if method == "exact" and not affine:
        raise InvalidArgumentError(
            f"critical_value(): payoffs are not affine in {parameter!r}; use method='bracket'"
        )
    use_exact = method == "exact" or (method == "auto" and affine)
    query = _Query(scenario, parameter, idx, level, selection, mode, fix, tol, n_grid, xtol, params)
    if scenario.is_sequential:
        # one subgame-perfect path per point: "best" and "worst" coincide
        if use_exact:
            intervals = spe_exact_intervals(
                scenario, parameter, idx, lo, hi, level, mode, fix, params, tol
            )
            ends = query.payoffs(np.array([lo, hi]))
            intervals = snap_endpoints(
                intervals, ends[0], ends[1], n_players=ends.shape[1], lo=lo, hi=hi, pairwise=True
            )
        else:
            intervals = _bracket(query, lo, hi)
        used = "exact" if use_exact else "bracket"
    elif use_exact:
        intervals = _exact(query, lo, hi)
        used = "exact"
    else:
        intervals = _bracket(query, lo, hi)
        used = "bracket"
    kind, ranges = "pure", []
    if mixed and not scenario.is_sequential:  # a subgame-perfect path is always pure
        ranges = _mixed_ranges(query, lo, hi)
    if ranges:
        extra = []
        for a, b in ranges:
            extra.extend(_mixed_intervals(query, a, b))
        # a range's ends are bracketed with the pure test's tolerance: intervals
        # that meet there (within 1e-7 of the bounds' width) are one interval
        intervals = merge([*intervals, *extra], gap=2 * xtol + 1e-7 * (hi - lo))
        covered = sum(b - a for a, b in ranges)
        kind = "mixed" if covered >= (hi - lo) - 2 * xtol else "pure and mixed"
    return CriticalValueResult(
        parameter=parameter,
        outcome=outcome,
        level=level,
        selection=selection,
        mode=mode_name,
        method=used,
        bounds=(float(lo), float(hi)),
        intervals=tuple(intervals),
        crossings=_crossings(intervals, lo, hi),
        parameters=MappingProxyType(dict(params)),
        equilibrium_kind=kind,
        mixed_ranges=tuple(ranges),
    )


@dataclass(frozen=True, slots=True)
class _Query:
    """What :func:`critical_value` asks, as its private helpers need it."""

    scenario: Scenario
    parameter: str
    idx: list[int]
    level: float
    selection: Selection
    mode: str | None
    fix: Mapping[str, str] | None
    tol: float
    n_grid: int
    xtol: float
    params: Mapping[str, float]

    def point(self, values: Any) -> dict[str, Any]:
        """The fixed parameters with the varied one at ``values``."""
        return {**self.params, self.parameter: values}

    def payoffs(self, values: FloatArray) -> FloatArray:
        return self.scenario.payoffs(mode=self.mode, fix=self.fix, **self.point(values))

    def probabilities(self, values: FloatArray) -> FloatArray:
        return self.scenario.outcome_probabilities(
            mode=self.mode, fix=self.fix, **self.point(values)
        )


def _exact(q: _Query, lo: float, hi: float) -> list[tuple[float, float]]:
    ends = np.array([lo, hi])
    payoffs, probs = q.payoffs(ends), q.probabilities(ends)
    n = payoffs.shape[1]
    spread = max(float(np.ptp(payoffs[0])), float(np.ptp(payoffs[1])))
    eps = TIE_TOL * (spread if spread > 0 else 1.0)
    lower, upper = affine_equilibrium_intervals(payoffs[0], payoffs[1], n_players=n, eps=eps)
    p = probs[:, q.idx].sum(axis=1)
    t_intervals = condition_intervals(
        lower, upper, p[0], p[1], level=q.level, selection=q.selection
    )
    # breakpoints in exact rationals when the payoffs are (decimal) rationals
    return exact_endpoints(t_intervals, payoffs[0], payoffs[1], n_players=n, lo=lo, hi=hi)


def _holds(q: _Query, values: FloatArray) -> NDArray[np.bool_]:
    if q.scenario.is_sequential:
        return spe_holds(q.scenario, q.point(values), q.idx, q.level, q.mode, q.fix, q.tol)
    payoffs, probs = q.payoffs(values), q.probabilities(values)
    n = payoffs.shape[1]
    mask = pure_nash_mask(payoffs, n_players=n, tol=q.tol)
    reach = probs[:, q.idx].sum(axis=1) >= q.level - 1e-12
    axes = tuple(range(1, mask.ndim))
    if q.selection == "best":
        return np.asarray((mask & reach).any(axis=axes))
    return np.asarray(mask.any(axis=axes) & ~(mask & ~reach).any(axis=axes))


def _bracket(q: _Query, lo: float, hi: float) -> list[tuple[float, float]]:
    grid = np.linspace(lo, hi, q.n_grid)

    def inside(x: float) -> bool:
        return bool(_holds(q, np.array([x]))[0])

    return _switches(grid, _holds(q, grid), inside, lo, hi, q.xtol)


#: Most scan points (each an all_nash call) inside one range without a pure equilibrium.
_MAX_MIXED_SCAN = 21


def _has_pure(q: _Query, values: FloatArray) -> NDArray[np.bool_]:
    payoffs = q.payoffs(values)
    mask = pure_nash_mask(payoffs, n_players=payoffs.shape[1], tol=q.tol)
    return np.asarray(mask.reshape(values.size, -1).any(axis=1))


def _switches(
    grid: FloatArray, state: NDArray[np.bool_], test: Any, lo: float, hi: float, xtol: float
) -> list[tuple[float, float]]:
    """Intervals where ``state`` holds, each change between grid neighbours bisected."""

    def f(x: float) -> float:
        return 1.0 if test(x) else -1.0

    edges = []
    for k in np.flatnonzero(state[1:] != state[:-1]):
        edges.append((brentq(f, float(grid[k]), float(grid[k + 1]), xtol=xtol), bool(state[k + 1])))
    out: list[tuple[float, float]] = []
    start = lo if state[0] else None
    for x, entering in edges:
        if entering:
            start = x
        elif start is not None:
            out.append((start, x))
            start = None
    if start is not None:
        out.append((start, hi))
    return out


def _mixed_ranges(q: _Query, lo: float, hi: float) -> list[tuple[float, float]]:
    """Where no pure equilibrium exists (scan, then bisection of each change)."""
    grid = np.linspace(lo, hi, q.n_grid)
    has = _has_pure(q, grid)
    if has.all():
        return []

    def missing(x: float) -> bool:
        return not bool(_has_pure(q, np.array([x]))[0])

    return _switches(grid, ~has, missing, lo, hi, q.xtol)


def _mixed_intervals(q: _Query, a: float, b: float) -> list[tuple[float, float]]:
    """Where the condition holds over all equilibria inside a range without pure ones."""
    from ._mixed import _solve_points

    scenario, mode, fix, tol = q.scenario, q.mode, q.fix, q.tol

    def decide(dists: list[FloatArray]) -> bool:
        reach = [float(d[q.idx].sum()) >= q.level - 1e-12 for d in dists]
        return any(reach) if q.selection == "best" else bool(reach) and all(reach)

    def holds(x: float) -> bool:
        point = {k: np.array([v], dtype=np.float64) for k, v in q.point(x).items()}
        return decide(_solve_points(scenario, point, mode=mode, fix=fix, tol=tol)[0][3])

    # the scan's points strictly inside the range (at least three); its ends are
    # bisected boundaries of the range itself
    full = np.linspace(a, b, q.n_grid)
    inner = full[(full > a) & (full < b)]
    if inner.size < 3:
        inner = np.linspace(a, b, 5)[1:-1]
    elif inner.size > _MAX_MIXED_SCAN:
        inner = inner[np.linspace(0, inner.size - 1, _MAX_MIXED_SCAN).round().astype(int)]
    # the scan's games built and solved together
    scan = {k: np.full(inner.size, v, dtype=np.float64) for k, v in q.params.items()}
    scan[q.parameter] = inner
    solved = _solve_points(scenario, scan, mode=mode, fix=fix, tol=tol)
    state = np.array([decide(dists) for *_, dists in solved])
    return _switches(inner, state, holds, a, b, q.xtol)
