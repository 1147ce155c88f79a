"""Critical values of bargained terms, computed from the game's bargaining stage.

Under a structure with a bargaining stage (:meth:`Scenario.with_bargaining`,
or a ``bargaining`` key in the spec) a settlement is reached wherever the
Fearon core is not empty, and pressure moves its *terms*. The question "what
pressure gives Ukraine full withdrawal?" is then "where do the bargained terms
on the subgame-perfect path reach the menu's share?":
:func:`terms_critical_value` answers it from the game, and
:func:`protocol_critical_values` asks it under each standard protocol, beside
the closed forms of :meth:`Scenario.protocol_critical_pressures`.

The bargained terms are ratios of affine functions of the parameter, clipped
to the core, so the exact-breakpoint method of
:func:`~mediation_sim.analysis.critical_value` does not apply: the condition is
scanned on a grid in one batch and each change is bracketed by
:func:`scipy.optimize.brentq` (intervals narrower than the grid spacing can be
missed).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .._errors import InvalidArgumentError, UnknownNameError
from .._validation import DEFAULT_TOL, check_positive_int, check_tol
from ..scenarios.scenario import Scenario
from ._thresholds import CriticalValueResult, _crossings, _switches

__all__ = ["STANDARD_PROTOCOLS", "protocol_critical_values", "terms_critical_value"]

FloatArray = NDArray[np.float64]

#: The protocols of :meth:`Scenario.protocol_critical_pressures`, as bargaining stages:
#: name -> (protocol, options). Side A is the first bargaining side.
STANDARD_PROTOCOLS: Mapping[str, tuple[str, Mapping[str, Any]]] = MappingProxyType(
    {
        "side_a_proposes": ("take_it_or_leave_it", {"proposer": "a"}),
        "alternating": ("alternating_offers", {"proposer": "a"}),
        "nash": ("nash", {}),
        "side_b_proposes": ("take_it_or_leave_it", {"proposer": "b"}),
    }
)


def terms_critical_value(
    scenario: Scenario,
    parameter: str,
    *,
    target: float | None = None,
    mode: str | None = None,
    fix: Mapping[str, str] | None = None,
    bounds: tuple[float, float] | None = None,
    n_grid: int = 201,
    tol: float = DEFAULT_TOL,
    xtol: float = 1e-10,
    **params: float,
) -> CriticalValueResult:
    """Where the bargained terms on the subgame-perfect path reach ``target``.

    The condition at a parameter value: the sides agree on the path and the
    terms are at least ``target`` (side A's share). Scanned on ``n_grid``
    points in one batch, each change bracketed to ``xtol``.

    Parameters
    ----------
    scenario : Scenario
        A scenario whose structure has a bargaining stage.
    parameter : str
        The parameter to vary.
    target : float, optional
        Terms to reach; default the terms parameter's default value (the
        menu's share, e.g. 1 for full withdrawal).
    mode, fix : optional
        Scenario mode and fixed strategies.
    bounds : (float, float), optional
        Interval to search; default the parameter's bounds.
    n_grid : int, default 201
        Scan points.
    tol : float, default 1e-8
        Relative tolerance of the backward induction.
    xtol : float, default 1e-10
        Absolute precision of the crossings.
    **params : float
        Values of the other parameters.

    Returns
    -------
    CriticalValueResult
        ``outcome`` reads ``"<outcome> terms >= <target>"``; ``method`` is
        ``"bracket"``; ``.value`` is the critical value (``nan`` if never).

    Raises
    ------
    InvalidArgumentError
        If the structure has no bargaining stage, or for bad options.
    UnknownNameError
        For an unknown parameter.

    Examples
    --------
    >>> import mediation_sim as ms
    >>> sc = ms.scenarios.load("ukraine-2023")
    >>> kyiv_demands = sc.with_bargaining("take_it_or_leave_it", proposer="kyiv",
    ...                                   outcome="withdrawal")
    >>> res = ms.analysis.terms_critical_value(kyiv_demands, "china_pressure",
    ...                                        mode="committed")
    >>> res.method
    'bracket'
    >>> above = kyiv_demands.subgame_perfect(china_pressure=res.value + 1e-6, mode="committed")
    >>> below = kyiv_demands.subgame_perfect(china_pressure=res.value - 1e-3, mode="committed")
    >>> float(above.terms) == 1.0 > float(below.terms)   # full withdrawal from there on
    True
    """
    bargaining = scenario.bargaining
    if bargaining is None:
        raise InvalidArgumentError(
            f"terms_critical_value(): structure {scenario.structure!r} has no bargaining stage; "
            "use Scenario.with_bargaining(...) or a structure with a bargaining key"
        )
    if parameter not in scenario.parameters:
        raise UnknownNameError(
            f"terms_critical_value(): unknown parameter {parameter!r}; parameters: "
            f"{sorted(scenario.parameters)}"
        )
    if parameter in params:
        raise InvalidArgumentError(
            f"terms_critical_value(): {parameter!r} is the parameter being varied; do not fix it"
        )
    tol = check_tol(tol, func="terms_critical_value")
    n_grid = check_positive_int(n_grid, func="terms_critical_value", name="n_grid", minimum=3)
    goal = float(scenario.parameters[bargaining.terms].default if target is None else target)
    if not (math.isfinite(goal) and 0.0 <= goal <= 1.0):
        raise InvalidArgumentError(f"terms_critical_value(): target must lie in [0, 1], got {goal}")
    lo, hi = scenario.parameters[parameter].bounds if bounds is None else bounds
    p_lo, p_hi = scenario.parameters[parameter].bounds
    if not (p_lo <= lo < hi <= p_hi):
        raise InvalidArgumentError(
            f"terms_critical_value(): bounds must satisfy {p_lo} <= low < high <= {p_hi}, "
            f"got {(lo, hi)}"
        )

    def holds(values: FloatArray) -> NDArray[np.bool_]:
        point: dict[str, Any] = {**params, parameter: values}
        spe = scenario.subgame_perfect(mode=mode, fix=fix, tol=tol, **point)
        agreed = np.asarray(getattr(spe, "agreed", False), dtype=bool)
        terms = np.nan_to_num(np.asarray(getattr(spe, "terms", np.nan), dtype=float), nan=-np.inf)
        reached: NDArray[np.bool_] = np.asarray(terms >= goal - 1e-9)
        return np.asarray(agreed & np.asarray(spe.exists) & reached)

    grid = np.linspace(lo, hi, n_grid)
    intervals = _switches(grid, holds(grid), lambda x: bool(holds(np.array([x]))[0]), lo, hi, xtol)
    return CriticalValueResult(
        parameter=parameter,
        outcome=f"{bargaining.outcome} terms >= {goal:g}",
        level=1.0,
        selection="best",
        mode=mode or scenario.default_mode,
        method="bracket",
        bounds=(float(lo), float(hi)),
        intervals=tuple(intervals),
        crossings=_crossings(intervals, lo, hi),
        parameters=MappingProxyType(dict(params)),
    )


def terms_column(
    scenario: Scenario,
    flat: Mapping[str, FloatArray],
    mode: str | None,
    fix: Mapping[str, str] | None,
    tol: float,
    chunk_size: int,
) -> FloatArray:
    """The bargained terms on the path at every sweep point (chunks of points, batched)."""
    size = next(iter(flat.values())).size
    out = np.empty(size)
    for start in range(0, size, chunk_size):
        part: dict[str, Any] = {k: v[start : start + chunk_size] for k, v in flat.items()}
        spe = scenario.subgame_perfect(mode=mode, fix=fix, tol=tol, **part)
        out[start : start + chunk_size] = np.asarray(getattr(spe, "terms", np.nan), dtype=float)
    return out


def pressure_fix(scenario: Scenario) -> dict[str, str]:
    """The strategies under which the pressure reaches side B (``[bargaining_model]``).

    Every condition of a payoff term of side B whose value uses the pressure
    parameter, where it names one strategy: for ``ukraine-2023``,
    ``{"beijing": "press_moscow"}``.
    """
    bm = scenario.spec.bargaining
    if bm is None:
        return {}
    out: dict[str, str] = {}
    for term in scenario.spec.terms:
        if term.player == bm.side_b and bm.pressure in term.value.parameters:
            for player, strategies in term.when.items():
                if len(strategies) == 1:
                    out[player] = next(iter(strategies))
    return out


def protocol_critical_values(
    scenario: Scenario,
    outcome: str | None = None,
    *,
    delta: float = 0.9,
    n_grid: int = 201,
    **params: float,
) -> dict[str, float]:
    """The critical pressure under each standard protocol, computed from the game.

    For each protocol of :meth:`Scenario.protocol_critical_pressures` the
    scenario is given that bargaining stage
    (:meth:`Scenario.with_bargaining`: side B's choice of play replaced by
    bargaining, side B fighting on if talks fail) and the pressure at which
    the bargained terms of ``outcome`` reach the outcome's menu share is
    found with :func:`terms_critical_value`, with the pressure applied (the
    strategies of :func:`pressure_fix` fixed). Where the war lottery of the
    game's disagreement is the closed form's (the rest of the game plays the
    ``war_profile``, and side B values only the land and the war's cost) the
    two agree.

    Parameters
    ----------
    scenario : Scenario
        A scenario with a ``[bargaining_model]``.
    outcome : str, optional
        A settlement of ``[bargaining_model].settlements`` (default the first).
    delta : float, default 0.9
        Both sides' discount factor under alternating offers.
    n_grid : int, default 201
        Scan points of :func:`terms_critical_value`.
    **params : float
        Values of the other parameters.

    Returns
    -------
    dict
        Protocol name -> critical pressure (``inf`` if never within the bounds):
        the :data:`STANDARD_PROTOCOLS`, then ``"mediator"`` where one player
        other than the sides applies the pressure (:func:`pressure_fix`
        names one, e.g. Beijing): that player proposes the terms it prefers
        among those both sides accept (the Nash split if it does not care).
        The closed form has no such row: it does not model the mediator's
        preferences over the terms.

    Examples
    --------
    >>> import mediation_sim as ms
    >>> sc = ms.scenarios.load("ukraine-2023")
    >>> game = ms.analysis.protocol_critical_values(sc, "withdrawal")
    >>> list(game)
    ['side_a_proposes', 'alternating', 'nash', 'side_b_proposes', 'mediator']
    >>> game["side_b_proposes"]      # Moscow offers Kyiv its reservation value
    inf
    """
    bm = scenario.spec.bargaining
    if bm is None:
        raise InvalidArgumentError(
            f"protocol_critical_values(): scenario {scenario.name!r} declares no [bargaining_model]"
        )
    sides = {"a": bm.side_a, "b": bm.side_b}
    fix = pressure_fix(scenario)
    out: dict[str, float] = {}
    runs: list[tuple[str, str, dict[str, Any]]] = []
    for name, (protocol, options) in STANDARD_PROTOCOLS.items():
        opts: dict[str, Any] = {k: sides[v] for k, v in options.items()}
        if protocol == "alternating_offers":
            opts["discount"] = float(delta)
        runs.append((name, protocol, opts))
    mediators = [p for p in fix if p not in sides.values()]
    if len(mediators) == 1:  # the player whose move applies the pressure proposes
        runs.append(("mediator", "mediator", {"mediator": mediators[0]}))
    for name, protocol, opts in runs:
        bargained = scenario.with_bargaining(protocol, outcome=outcome, name=name, **opts)
        others: dict[str, Any] = dict(params)
        res = terms_critical_value(bargained, bm.pressure, fix=fix or None, n_grid=n_grid, **others)
        out[name] = float(res.value) if res.intervals else math.inf
    return out
