"""The ``[forecast]`` table of a scenario: the expected-utility lens on the same assumptions.

A scenario may declare, besides its game, a one-dimensional *issue*
(for ``ukraine-2023``: Ukraine's share of the contested territory in a
settlement) and each actor's position on it, capability and salience. Every
number is a value of the spec grammar (a parameter, a constant, sums and
products), so it carries provenance and can depend on the pressure lever::

    [forecast]
    issue = "Ukraine's share of the contested territory"
    bounds = [0.0, 1.0]
    outcome_values = { withdrawal = "share_withdrawal", ceasefire = "share_ceasefire" }

    [forecast.actors.moscow]
    position = ["forecast_position_moscow",
                { coef = "forecast_moscow_shift", times = "china_pressure" }]
    capability = "forecast_capability_moscow"
    salience = "forecast_salience_moscow"

``outcome_values`` places the game's outcomes on the same line, so an
equilibrium's outcome lottery has an expected settlement that can be set
beside the forecast; ``mode`` names the game mode the forecast's premises
match (for ``ukraine-2023``, ``committed``: Beijing presses at
``china_pressure``), used by default for that comparison. Positions outside
``bounds`` are clipped to them, capabilities at 0 and saliences to
``[0, 1]`` (the spec's parameter bounds should make that unnecessary; the
clipping keeps Monte Carlo draws valid).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .._errors import InvalidArgumentError
from ..models.forecasting import (
    BDMForecast,
    CondorcetElection,
    SMPForecast,
    bdm_forecast,
    bdm_settlements,
    smp_forecast,
    spatial_election,
)
from ._spec import ScenarioSpec
from ._spec_reader import _Reader
from ._values import Value, parse_value
from .scenario import Scenario

__all__ = [
    "ForecastInputs",
    "ForecastSpec",
    "forecast",
    "forecast_election",
    "forecast_inputs",
    "forecast_settlements",
    "forecast_smp",
    "forecast_spec",
    "validate_forecast",
]

FloatArray = NDArray[np.float64]
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_ACTOR_KEYS = {"label", "position", "capability", "salience"}
_KEYS = {
    "description",
    "issue",
    "bounds",
    "outcome_values",
    "actors",
    "outcome",
    "probability",
    "mode",
}


@dataclass(frozen=True, slots=True)
class ForecastSpec:
    """The validated ``[forecast]`` table of a scenario."""

    issue: str
    description: str
    bounds: tuple[float, float]
    actors: tuple[str, ...]
    labels: tuple[str, ...]
    positions: tuple[Value, ...]
    capabilities: tuple[Value, ...]
    saliences: tuple[Value, ...]
    outcome_values: Mapping[str, Value]
    outcome: Literal["median", "mean"]
    probability: Literal["pairwise", "scholz_code"]
    mode: str | None = None

    @property
    def parameters(self) -> frozenset[str]:
        """Every parameter the forecast depends on."""
        out: frozenset[str] = frozenset()
        for v in (*self.positions, *self.capabilities, *self.saliences):
            out |= v.parameters
        for v in self.outcome_values.values():
            out |= v.parameters
        return out


def _parse(spec: ScenarioSpec) -> ForecastSpec | None:
    raw = spec.raw.get("forecast")
    if raw is None:
        return None
    reader = _Reader(spec.text, spec.path)
    where: tuple[str | int, ...] = ("forecast",)
    if not isinstance(raw, dict):
        raise reader.error(where, "[forecast] must be a table")
    reader.unknown_keys(raw, _KEYS, where)
    bounds_raw = raw.get("bounds", [0.0, 1.0])
    if not isinstance(bounds_raw, list) or len(bounds_raw) != 2:
        raise reader.error((*where, "bounds"), "bounds must be a list [low, high]")
    lo = reader.number(bounds_raw[0], (*where, "bounds", 0))
    hi = reader.number(bounds_raw[1], (*where, "bounds", 1))
    if not lo < hi:
        raise reader.error((*where, "bounds"), f"bounds need low < high, got {bounds_raw}")
    outcome = reader.string(raw, "outcome", where, default="median")
    if outcome not in ("median", "mean"):
        raise reader.error(
            (*where, "outcome"), f"outcome must be 'median' or 'mean', got {outcome!r}"
        )
    probability = reader.string(raw, "probability", where, default="pairwise")
    if probability not in ("pairwise", "scholz_code"):
        raise reader.error(
            (*where, "probability"),
            f"probability must be 'pairwise' or 'scholz_code', got {probability!r}",
        )
    mode = raw.get("mode")
    if mode is not None and mode not in spec.modes:
        raise reader.error((*where, "mode"), f"unknown mode {mode!r}; modes: {sorted(spec.modes)}")
    actors_raw = raw.get("actors")
    if not isinstance(actors_raw, dict) or len(actors_raw) < 2:
        raise reader.error((*where, "actors"), "declare at least two [forecast.actors.<id>] tables")

    def value(raw_value: object, at: tuple[str | int, ...]) -> Value:
        v = parse_value(raw_value, where="", fail=reader.fail_value(at))
        unknown = sorted(v.parameters - set(spec.parameters))
        if unknown:
            raise reader.error(
                at, f"unknown parameter(s) {unknown}; declared: {sorted(spec.parameters)}"
            )
        return v

    ids, labels, xs, cs, ss = [], [], [], [], []
    for actor, table in actors_raw.items():
        at: tuple[str | int, ...] = (*where, "actors", actor)
        reader.identifier(actor, at, "a forecast actor id")
        if not isinstance(table, dict):
            raise reader.error(at, "each actor is a table with position, capability, salience")
        reader.unknown_keys(table, _ACTOR_KEYS, at)
        for key in ("position", "capability", "salience"):
            if key not in table:
                raise reader.error((*at, key), f"missing key {key!r}")
        ids.append(actor)
        labels.append(reader.string(table, "label", at, default=actor))
        xs.append(value(table["position"], (*at, "position")))
        cs.append(value(table["capability"], (*at, "capability")))
        ss.append(value(table["salience"], (*at, "salience")))
    ov_raw = raw.get("outcome_values", {})
    if not isinstance(ov_raw, dict):
        raise reader.error((*where, "outcome_values"), "outcome_values must be a table")
    outcome_ids = {o.id for o in spec.outcomes}
    ov: dict[str, Value] = {}
    for name, v in ov_raw.items():
        if name not in outcome_ids:
            raise reader.error(
                (*where, "outcome_values", name),
                f"unknown outcome {name!r}; outcomes: {sorted(outcome_ids)}",
            )
        ov[name] = value(v, (*where, "outcome_values", name))
    if ov and set(ov) != outcome_ids:
        missing = sorted(outcome_ids - set(ov))
        raise reader.error(
            (*where, "outcome_values"),
            f"outcome_values must place every outcome; missing {missing}",
        )
    return ForecastSpec(
        issue=reader.string(raw, "issue", where, default="the issue"),
        description=reader.string(raw, "description", where, default=""),
        bounds=(lo, hi),
        actors=tuple(ids),
        labels=tuple(labels),
        positions=tuple(xs),
        capabilities=tuple(cs),
        saliences=tuple(ss),
        outcome_values=ov,
        outcome=outcome,  # type: ignore[arg-type]
        probability=probability,  # type: ignore[arg-type]
        mode=mode,
    )


def validate_forecast(spec: ScenarioSpec) -> None:
    """Check a spec's ``[forecast]`` table (if any); the loaders call it.

    Raises
    ------
    SpecError
        Naming the file, key and line of the first problem, including a
        parameter declared ``lens = "forecast"`` that the ``[forecast]``
        table does not read or that the rest of the spec mentions.
    """
    parsed = _parse(spec)
    lensed = sorted(n for n, p in spec.parameters.items() if p.lens == "forecast")
    if not lensed:
        return
    reader = _Reader(spec.text, spec.path)
    read = parsed.parameters if parsed is not None else frozenset()
    elsewhere = _names_outside(spec.raw)
    for name in lensed:
        if name not in read:
            raise reader.error(
                ("parameters", name, "lens"),
                f'parameter {name!r} has lens = "forecast" but the [forecast] table does not '
                "read it",
            )
        if name in elsewhere:
            raise reader.error(
                ("parameters", name, "lens"),
                f'parameter {name!r} has lens = "forecast" but the spec mentions it outside '
                "[forecast]; the game's analyses would leave out a live parameter",
            )


def _names_outside(raw: Mapping[str, Any]) -> frozenset[str]:
    """Every identifier in a string anywhere in the spec except [parameters] and [forecast].

    An over-approximation of the parameters the game reads: any string that
    names a parameter counts, whatever key holds it.
    """
    out: set[str] = set()
    stack: list[object] = [v for k, v in raw.items() if k not in ("parameters", "forecast")]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            out.update(_IDENT.findall(item))
        elif isinstance(item, Mapping):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
    return frozenset(out)


def forecast_only_parameters(scenario: Scenario) -> frozenset[str]:
    """Parameters only the ``[forecast]`` table reads (declared ``lens = "forecast"``).

    The game's analyses (:func:`mediation_sim.analysis.monte_carlo`,
    :func:`mediation_sim.analysis.sensitivity`) leave them out; the forecast
    analyses sample them.

    Examples
    --------
    >>> import mediation_sim as ms
    >>> sc = ms.scenarios.load("ukraine-2023")
    >>> "forecast_salience_moscow" in ms.scenarios.forecast_only_parameters(sc)
    True
    >>> "china_pressure" in ms.scenarios.forecast_only_parameters(sc)
    False
    """
    return frozenset(n for n, p in scenario.parameters.items() if p.lens == "forecast")


def forecast_spec(scenario: Scenario) -> ForecastSpec:
    """The scenario's validated ``[forecast]`` table.

    Raises
    ------
    InvalidArgumentError
        If the scenario declares no forecast.

    Examples
    --------
    >>> import mediation_sim as ms
    >>> ms.scenarios.forecast_spec(ms.scenarios.load("ukraine-2023")).actors
    ('kyiv', 'moscow', 'washington', 'brussels', 'beijing')
    """
    parsed = _parse(scenario.spec)  # the loaders validated it already
    if parsed is None:
        raise InvalidArgumentError(
            f"scenario {scenario.name!r} declares no [forecast] table "
            "(see docs/reference/scenario-spec.md)"
        )
    return parsed


@dataclass(frozen=True, slots=True)
class ForecastInputs:
    """Actors' positions, capabilities and saliences for given parameter values.

    Arrays have shape ``(*batch, n_actors)``; ``outcome_values`` maps each
    game outcome to its place on the issue line (shape ``batch``).
    """

    actors: tuple[str, ...]
    positions: FloatArray
    capabilities: FloatArray
    saliences: FloatArray
    outcome_values: dict[str, FloatArray]
    bounds: tuple[float, float]
    batch_shape: tuple[int, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form."""
        return {
            "actors": list(self.actors),
            "positions": self.positions.tolist(),
            "capabilities": self.capabilities.tolist(),
            "saliences": self.saliences.tolist(),
            "outcome_values": {k: v.tolist() for k, v in self.outcome_values.items()},
            "bounds": list(self.bounds),
        }


def forecast_inputs(scenario: Scenario, **params: ArrayLike) -> ForecastInputs:
    """Evaluate the ``[forecast]`` table at parameter values (arrays broadcast to a batch).

    Parameters
    ----------
    scenario : Scenario
        A scenario with a ``[forecast]`` table.
    **params : float or array_like
        Parameter values (others take their defaults), as in ``Scenario.game``.

    Returns
    -------
    ForecastInputs

    Raises
    ------
    InvalidArgumentError
        If the scenario has no forecast.
    UnknownNameError, ParameterOutOfBoundsError
        For an unknown parameter or a value outside its bounds.

    Examples
    --------
    >>> import mediation_sim as ms
    >>> sc = ms.scenarios.load("ukraine-2023")
    >>> inp = ms.scenarios.forecast_inputs(sc, china_pressure=[0.0, 1.0])
    >>> inp.positions.shape
    (2, 5)
    """
    fs = forecast_spec(scenario)
    values, shape = scenario.resolve(**params)
    lo, hi = fs.bounds

    def stack(vals: tuple[Value, ...]) -> FloatArray:
        cols = [np.broadcast_to(v.evaluate(values), shape) for v in vals]
        return np.stack(cols, axis=-1).astype(np.float64)

    x = np.clip(stack(fs.positions), lo, hi)
    c = np.maximum(stack(fs.capabilities), 0.0)
    s = np.clip(stack(fs.saliences), 0.0, 1.0)
    ov = {
        k: np.broadcast_to(v.evaluate(values), shape).copy() for k, v in fs.outcome_values.items()
    }
    return ForecastInputs(fs.actors, x, c, s, ov, fs.bounds, shape)


def forecast(
    scenario: Scenario, *, max_iter: int = 200, tol: float = 1e-6, **params: float
) -> BDMForecast:
    """The BDM / Scholz forecast of the scenario's issue at one set of parameter values.

    Parameters
    ----------
    scenario : Scenario
        A scenario with a ``[forecast]`` table.
    max_iter, tol
        As in :func:`mediation_sim.models.forecasting.bdm_forecast`.
    **params : float
        Parameter values (others take their defaults).

    Returns
    -------
    BDMForecast
        Names are the forecast's actor ids; the issue line is the table's
        ``bounds``; ``outcome`` and ``probability`` as the table declares.

    Raises
    ------
    InvalidArgumentError
        If the scenario has no forecast or a parameter is an array.

    Examples
    --------
    >>> import mediation_sim as ms
    >>> sc = ms.scenarios.load("ukraine-2023")
    >>> res = ms.scenarios.forecast(sc, china_pressure=0.0)
    >>> res.names[:2], 0.0 <= res.settlement <= 1.0
    (('kyiv', 'moscow'), True)
    """
    inp = forecast_inputs(scenario, **params)
    if inp.batch_shape:
        raise InvalidArgumentError(
            "forecast(): takes one value per parameter; use forecast_settlements for arrays"
        )
    fs = forecast_spec(scenario)
    return bdm_forecast(
        inp.positions,
        inp.capabilities,
        inp.saliences,
        names=inp.actors,
        bounds=inp.bounds,
        probability=fs.probability,
        outcome=fs.outcome,
        max_iter=max_iter,
        tol=tol,
    )


def forecast_settlements(
    scenario: Scenario, *, max_iter: int = 200, tol: float = 1e-6, **params: ArrayLike
) -> FloatArray:
    """The forecast settlement for arrays of parameter values, all at once.

    Parameters
    ----------
    scenario, max_iter, tol
        As in :func:`forecast`.
    **params : float or array_like
        Parameter values, broadcast together into a batch.

    Returns
    -------
    ndarray
        The forecast for each point of the batch (0-d for scalars).

    Examples
    --------
    >>> import numpy as np
    >>> import mediation_sim as ms
    >>> sc = ms.scenarios.load("ukraine-2023")
    >>> out = ms.scenarios.forecast_settlements(sc, china_pressure=np.linspace(0, 1, 3))
    >>> bool(out[0] == ms.scenarios.forecast(sc, china_pressure=0.0).settlement)
    True
    """
    inp = forecast_inputs(scenario, **params)
    fs = forecast_spec(scenario)
    return bdm_settlements(
        inp.positions,
        inp.capabilities,
        inp.saliences,
        bounds=inp.bounds,
        probability=fs.probability,
        outcome=fs.outcome,
        max_iter=max_iter,
        tol=tol,
    )


def forecast_election(
    scenario: Scenario,
    *,
    rule: Literal[
        "binary", "prop_bin", "proportional", "prop_cubic", "cubic", "asym_prospect"
    ] = "proportional",
    victory: Literal["linear", "square", "quartic", "octic", "binary"] = "square",
    model: Literal["conditional", "markov_uniform", "markov_incentive"] = "conditional",
    **params: float,
) -> CondorcetElection:
    """KTAB's probabilistic Condorcet election among the actors' positions, for the scenario.

    The same inputs as :func:`forecast`, read by
    :func:`mediation_sim.models.forecasting.spatial_election` instead of the
    BDM rounds.

    Parameters
    ----------
    scenario : Scenario
        A scenario with a ``[forecast]`` table.
    rule, victory, model : str
        As in :func:`mediation_sim.models.forecasting.condorcet_election`.
    **params : float
        Parameter values (others take their defaults).

    Returns
    -------
    CondorcetElection
        ``options`` are the actors' distinct positions; ``expected_option``
        the probability-weighted outcome.

    Raises
    ------
    InvalidArgumentError
        If the scenario has no forecast or a parameter is an array.

    Examples
    --------
    >>> import mediation_sim as ms
    >>> sc = ms.scenarios.load("ukraine-2023")
    >>> el = ms.scenarios.forecast_election(sc, china_pressure=0.6)
    >>> len(el.options), 0.0 <= el.expected_option <= 1.0
    (5, True)
    """
    inp = forecast_inputs(scenario, **params)
    if inp.batch_shape:
        raise InvalidArgumentError("forecast_election(): takes one value per parameter")
    return spatial_election(
        inp.positions,
        inp.capabilities,
        inp.saliences,
        bounds=inp.bounds,
        rule=rule,
        victory=victory,
        model=model,
    )


def forecast_smp(scenario: Scenario, *, max_rounds: int = 100, **params: float) -> SMPForecast:
    """KTAB's Spatial Model of Politics on the scenario's issue, at one set of parameter values.

    The same inputs as :func:`forecast`, run through the bargaining rounds of
    :func:`mediation_sim.models.forecasting.smp_forecast` with KTAB's default
    options. Actors with zero capability or zero salience cannot vote or
    bargain in KTAB's model and are left out (``names`` says who is in).

    Parameters
    ----------
    scenario : Scenario
        A scenario with a ``[forecast]`` table.
    max_rounds : int, default 100
        As in :func:`mediation_sim.models.forecasting.smp_forecast`.
    **params : float
        Parameter values (others take their defaults).

    Returns
    -------
    SMPForecast
        On the table's ``bounds``; ``settlement`` is the probability-weighted
        final position.

    Raises
    ------
    InvalidArgumentError
        If the scenario has no forecast, a parameter is an array, or no actor
        has positive capability and salience.

    Examples
    --------
    >>> import mediation_sim as ms
    >>> sc = ms.scenarios.load("ukraine-2023")
    >>> res = ms.scenarios.forecast_smp(sc, china_pressure=1.0)
    >>> res.names[:2], round(res.settlement, 3)
    (('kyiv', 'moscow'), 0.548)
    """
    inp = forecast_inputs(scenario, **params)
    if inp.batch_shape:
        raise InvalidArgumentError("forecast_smp(): takes one value per parameter")
    keep = (inp.capabilities > 0) & (inp.saliences > 0)
    if not keep.any():
        raise InvalidArgumentError(
            "forecast_smp(): no actor has positive capability and salience at these values"
        )
    return smp_forecast(
        inp.positions[keep],
        inp.capabilities[keep],
        inp.saliences[keep],
        names=[a for a, k in zip(inp.actors, keep, strict=True) if k],
        bounds=inp.bounds,
        max_rounds=max_rounds,
    )
