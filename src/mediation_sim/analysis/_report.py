"""The main analysis of a scenario at its central values, computed once: :func:`report`.

:func:`report` gathers every section that ``mediation-sim report`` prints
into one frozen :class:`ScenarioReport`: the equilibria of each mode at the
chosen parameter values (with their outcome probabilities and credibility),
the critical values of each control parameter, the closed-form critical
values of the analytic core, the critical value under each bargaining
protocol, the structural comparison across declared move orders, and, when
the scenario has a dynamic variant, *when* pressure should come. Each value
is computed once; the command line only renders the result.
"""

from __future__ import annotations

import html
import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from .._errors import DegenerateGameWarning, GameTooLargeError, MediationSimError, UnknownNameError
from .._results import Result, register_dataclass
from ._structures import (
    EquilibriumCredibility,
    StructureComparison,
    compare_structures,
    equilibrium_credibility,
)
from ._thresholds import CriticalValueResult, critical_value

if TYPE_CHECKING:
    from ..scenarios.dynamic import DynamicScenario
    from ..scenarios.scenario import Scenario

__all__ = [
    "ModeReport",
    "PressureTiming",
    "ProtocolTerms",
    "ScenarioReport",
    "analytic_reading",
    "describe_critical",
    "report",
]

#: Probability above which a strategy counts as played (pure vs mixed).
_PLAYED = 1e-9


def describe_critical(result: CriticalValueResult) -> str:
    """Read a :class:`CriticalValueResult` in words: ``from 0.680667 to 0.928 (a window)``.

    Examples
    --------
    >>> import mediation_sim as ms
    >>> sc = ms.scenarios.load("ukraine-2023")
    >>> res = ms.analysis.critical_value(sc, "china_pressure", outcome="withdrawal")
    >>> ms.analysis.describe_critical(res)
    'from 0.680667 to 0.928 (a window)'
    """
    if not result.intervals:
        return "never within the bounds"
    lo, hi = result.bounds
    parts = []
    for a, b in result.intervals:
        if a <= lo and b >= hi:
            parts.append(f"everywhere in [{a:.6g}, {b:.6g}]")
        elif b >= hi:
            parts.append(f"from {a:.6g} up")
        elif a <= lo:
            parts.append(f"up to {b:.6g}")
        else:
            parts.append(f"from {a:.6g} to {b:.6g} (a window)")
    return "; ".join(parts)


def analytic_reading(value: float) -> str:
    """Read a closed-form critical pressure: 0 or less needs none; ``inf`` is unreachable.

    Examples
    --------
    >>> import mediation_sim as ms
    >>> ms.analysis.analytic_reading(float("inf"))
    'unreachable by pressure'
    >>> ms.analysis.analytic_reading(0.55)
    'pressure needed'
    """
    if math.isinf(value):
        return "unreachable by pressure"
    if value <= 0:
        return "acceptable without pressure"
    return "pressure needed"


def _json_critical(value: float) -> float | str:
    """A critical value for JSON: a number, or the string ``"inf"`` when unreachable."""
    return "inf" if math.isinf(value) else float(value)


def _is_pure(profile: Any) -> bool:
    return all(int((probs > _PLAYED).sum()) == 1 for probs in profile.probabilities)


@register_dataclass
@dataclass(frozen=True, slots=True, repr=False)
class ModeReport:
    """One mode of a :class:`ScenarioReport`.

    Attributes
    ----------
    mode : str
        Scenario mode.
    description : str
        The mode's description in the spec.
    equilibria : tuple of MixedProfile
        One-stage structures: the pure Nash equilibria at the report's
        values; where there is none, or several, every equilibrium found by
        :func:`~mediation_sim.solvers.all_nash` (mixed ones included).
        Sequential structures: empty (the subgame-perfect path is in
        :attr:`credibility`).
    kinds : tuple of str
        ``"pure"`` or ``"mixed"`` for each equilibrium.
    outcomes : tuple of Mapping[str, float]
        Outcome distribution of each equilibrium (sequential structures: of
        each subgame-perfect path).
    method : {"pure_nash", "all_nash", "backward_induction"}
        How :attr:`equilibria` were found.
    complete : bool
        Whether :attr:`equilibria` are proved to be every equilibrium of the
        game. ``pure_nash`` lists every *pure* equilibrium; with exactly one,
        mixed equilibria are not searched and ``complete`` is False.
    completeness : str
        The same in words, for a reader.
    credibility : tuple of EquilibriumCredibility
        Credibility of each pure equilibrium, or the subgame-perfect path.
    critical : Mapping[str, Mapping[str, CriticalValueResult]]
        ``critical[control][outcome]``: where the outcome (each settlement
        outcome, then ``"settlement"``) is an equilibrium outcome.
    """

    mode: str
    description: str
    equilibria: tuple[Any, ...]
    kinds: tuple[str, ...]
    outcomes: tuple[Mapping[str, float], ...]
    method: str
    complete: bool
    completeness: str
    credibility: tuple[EquilibriumCredibility, ...]
    critical: Mapping[str, Mapping[str, CriticalValueResult]]

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form."""
        return {
            "equilibria": [
                {**e.to_dict(), "kind": k, "outcomes": dict(d)}
                for e, k, d in zip(self.equilibria, self.kinds, self.outcomes, strict=False)
            ],
            "method": self.method,
            "complete": self.complete,
            "completeness": self.completeness,
            "outcomes": [dict(d) for d in self.outcomes],
            "critical_values": {
                c: {o: r._summary() for o, r in res.items()} for c, res in self.critical.items()
            },
            "credibility": [c._summary() for c in self.credibility],
        }

    def __repr__(self) -> str:
        return (
            f"ModeReport({self.mode!r}, {len(self.outcomes)} equilibria ({self.method}), "
            f"complete={self.complete})"
        )


@register_dataclass
@dataclass(frozen=True, slots=True, repr=False)
class ProtocolTerms:
    """The critical value of one settlement outcome under each bargaining protocol.

    Attributes
    ----------
    outcome : str
        The settlement outcome.
    side : str
        The bargaining side whose terms are measured (the spec's ``side_a``).
    share : float
        What the outcome gives ``side``.
    reservation : float
        ``side``'s value of war (its expected share minus its cost).
    critical : Mapping[str, float]
        Closed-form critical value per protocol (``inf``: unreachable by
        pressure). Empty when ``share <= reservation``: every protocol then
        gives ``side`` better terms, and bargaining does not end there.
    game : Mapping[str, float]
        The same critical values computed from the game, with each
        protocol's bargaining stage inside it
        (:func:`~mediation_sim.analysis.protocol_critical_values`); they agree
        with ``critical`` where the closed form's war lottery is the game's
        disagreement. Empty where ``critical`` is.
    """

    outcome: str
    side: str
    share: float
    reservation: float
    critical: Mapping[str, float]
    game: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def bargained(self) -> bool:
        """Whether bargaining can end in this outcome (its share beats the value of war)."""
        return self.share > self.reservation

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form (an unreachable critical value is the string ``"inf"``)."""
        return {k: _json_critical(v) for k, v in self.critical.items()}

    def __repr__(self) -> str:
        return f"ProtocolTerms({self.outcome!r}, {len(self.critical)} protocols)"


@register_dataclass
@dataclass(frozen=True, slots=True, repr=False)
class PressureTiming:
    """When pressure should come: the least pressure for a settlement target, by start quarter.

    Attributes
    ----------
    scenario : str
        The dynamic scenario (at its central values).
    target : float
        The settlement probability to reach before the horizon.
    quarters : int
        The horizon, in quarters.
    starts : tuple of int
        Start quarters of the pressure.
    critical : tuple of float
        The least pressure in [0, 1] reaching :attr:`target` when pressure
        starts then (NaN: even full pressure falls short).
    without_pressure : float
        Probability of a settlement before the horizon with no pressure.
    """

    scenario: str
    target: float
    quarters: int
    starts: tuple[int, ...]
    critical: tuple[float, ...]
    without_pressure: float

    @property
    def latest_start(self) -> int | None:
        """The last start quarter from which some pressure still reaches the target."""
        ok = [s for s, c in zip(self.starts, self.critical, strict=True) if not math.isnan(c)]
        return ok[-1] if ok else None

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form (a start that cannot reach the target has ``null``)."""
        return {
            "scenario": self.scenario,
            "target": self.target,
            "quarters": self.quarters,
            "starts": list(self.starts),
            "critical_pressure": [None if math.isnan(c) else c for c in self.critical],
            "latest_start": self.latest_start,
            "without_pressure": self.without_pressure,
        }

    def __repr__(self) -> str:
        return (
            f"PressureTiming({self.scenario!r}, target={self.target:g}, "
            f"latest_start={self.latest_start})"
        )


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class ScenarioReport(Result):
    """Every section of the main analysis of a scenario, computed once.

    Attributes
    ----------
    scenario : Scenario
        The scenario analysed (under :attr:`structure`).
    parameters : Mapping[str, float]
        Parameter values set by the caller (the others are at their central values).
    modes : tuple of ModeReport
        One per mode analysed, the default mode first.
    analytic : Mapping[str, Mapping[str, float]]
        ``analytic[control][outcome]``: the analytic core's closed-form
        critical value (``inf``: unreachable by pressure), where it has one.
    protocols : Mapping[str, tuple of ProtocolTerms]
        Per control parameter, the critical value under each bargaining protocol.
    structures : Mapping[str, StructureComparison]
        Per control parameter, the first settlement outcome under each declared move order.
    timing : PressureTiming or None
        When pressure should come, from the scenario's dynamic variant (None without one).

    Examples
    --------
    >>> import mediation_sim as ms
    >>> rep = ms.analysis.report(ms.scenarios.load("ukraine-2023"), modes=["committed"])
    >>> rep
    ScenarioReport('ukraine-2023', structure='sequential', modes=('committed',), timing=yes)
    >>> round(rep.modes[0].critical["china_pressure"]["withdrawal"].value, 6)
    0.680667
    >>> rep.analytic["china_pressure"]["withdrawal"]
    0.59
    """

    scenario: Scenario = field(repr=False, compare=False)
    parameters: Mapping[str, float]
    modes: tuple[ModeReport, ...]
    analytic: Mapping[str, Mapping[str, float]]
    protocols: Mapping[str, tuple[ProtocolTerms, ...]]
    structures: Mapping[str, StructureComparison]
    timing: PressureTiming | None

    @property
    def controls(self) -> tuple[str, ...]:
        """The scenario's control parameters."""
        return tuple(k for k, p in self.scenario.parameters.items() if p.kind == "control")

    @property
    def values(self) -> dict[str, float]:
        """The control parameters' values used (central unless set), then the others set."""
        params = self.scenario.parameters
        return {**{c: float(params[c].default) for c in self.controls}, **self.parameters}

    def summary(self) -> tuple[str, ...]:
        """The report's conclusions, one sentence each ("In brief")."""
        labels = {o.id: o.label for o in self.scenario.spec.outcomes}
        lines = []
        for sec in self.modes:
            tops = sorted({labels[max(d, key=d.__getitem__)] for d in sec.outcomes})
            line = f"{sec.mode}: " + (
                f"at these values the equilibria lead most likely to: {' / '.join(tops)}"
                if tops
                else "no equilibrium found at these values"
            )
            for control, results in sec.critical.items():
                settle = results.get("settlement")
                if settle is None:
                    continue
                if settle.intervals:
                    line += (
                        f"; settlement is an equilibrium outcome for {control} "
                        f"{describe_critical(settle)}"
                    )
                else:
                    lo, hi = settle.bounds
                    line += f"; no {control} in [{lo:.6g}, {hi:.6g}] makes settlement one"
            lines.append(line + ".")
        for cmp in self.structures.values():
            flips = cmp.flips()
            lines.append(
                f"Under every declared move order the {cmp.outcome} threshold agrees."
                if not flips
                else f"The {cmp.outcome} conclusion flips under: {', '.join(flips)}."
            )
        if self.timing is not None:
            lines.append(_timing_sentence(self.timing))
        return tuple(lines)

    def _summary(self) -> dict[str, Any]:
        """JSON-serialisable form (``mediation-sim report --output``).

        Critical values that no pressure reaches are written as the string
        ``"inf"`` (JSON has no infinity); NaN values as ``null``.
        """
        sc = self.scenario
        return {
            "scenario": sc.name,
            "sha256": sc.sha256,
            "parameters": dict(self.parameters),
            "structure": sc.structure,
            "modes": {sec.mode: sec.to_dict() for sec in self.modes},
            "analytic_critical_values": {
                c: {o: _json_critical(v) for o, v in vals.items()}
                for c, vals in self.analytic.items()
            },
            "protocols": {
                c: {t.outcome: t.to_dict() for t in terms if t.bargained}
                for c, terms in self.protocols.items()
                if any(t.bargained for t in terms)
            },
            "protocols_from_game": {
                c: {
                    t.outcome: {k: _json_critical(v) for k, v in t.game.items()}
                    for t in terms
                    if t.bargained and t.game
                }
                for c, terms in self.protocols.items()
                if any(t.bargained and t.game for t in terms)
            },
            "structural_comparison": {c: cmp._summary() for c, cmp in self.structures.items()},
            "timing": None if self.timing is None else self.timing.to_dict(),
            "summary": list(self.summary()),
        }

    def __repr__(self) -> str:
        return (
            f"ScenarioReport({self.scenario.name!r}, structure={self.scenario.structure!r}, "
            f"modes={tuple(s.mode for s in self.modes)!r}, "
            f"timing={'no' if self.timing is None else 'yes'})"
        )

    def _repr_html_(self) -> str:
        items = "".join(f"<li>{html.escape(line)}</li>" for line in self.summary())
        return f"<p><b>{html.escape(self.scenario.title)}</b></p><ul>{items}</ul>"


def _timing_sentence(t: PressureTiming) -> str:
    latest = t.latest_start
    goal = f"a {t.target:.0%} chance of settlement within {t.quarters} quarters"
    if latest is None:
        return f"When pressure should come: no start quarter reaches {goal}, even at full pressure."
    first = t.critical[0]
    return (
        f"When pressure should come: {goal} needs pressure {first:.3g} from quarter "
        f"{t.starts[0]}, {t.critical[t.starts.index(latest)]:.3g} from quarter {latest}, "
        f"and no pressure suffices if it starts later."
        if latest != t.starts[-1]
        else f"When pressure should come: {goal} needs pressure {first:.3g} from quarter "
        f"{t.starts[0]} and is reachable from every start quarter."
    )


def _modes(scenario: Scenario, modes: Sequence[str] | None) -> list[str]:
    if modes is not None:
        for m in modes:
            if m not in scenario.modes:
                raise UnknownNameError(
                    f"report(): unknown mode {m!r}; modes: {', '.join(scenario.modes)}"
                )
        return list(modes)
    declared = [m for m in scenario.modes if m != "free"]
    return [scenario.default_mode, *(m for m in declared if m != scenario.default_mode)]


def _equilibria(
    scenario: Scenario, mode: str, params: Mapping[str, Any]
) -> tuple[list[Any], str, bool, str]:
    """Pure equilibria; every equilibrium (all_nash) where there is not exactly one pure one."""
    from .. import solvers

    game = scenario.game(mode=mode, **params)
    pure = list(solvers.pure_nash(game))
    if len(pure) == 1:
        return (
            pure,
            "pure_nash",
            False,
            ("one pure equilibrium; mixed equilibria were not searched"),
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DegenerateGameWarning)  # completeness is reported
            found = solvers.all_nash(game)
    except GameTooLargeError as exc:
        return (
            pure,
            "pure_nash",
            False,
            (f"every pure equilibrium; mixed ones not searched ({' '.join(str(exc).split())})"),
        )
    if found.complete:
        return list(found), "all_nash", True, "complete: these are all the equilibria"
    return (
        list(found),
        "all_nash",
        False,
        (
            "not proved complete (sets of equilibria or unresolved supports): "
            + " ".join(found.message.split())
        ),
    )


def _mode_report(scenario: Scenario, mode: str, params: Mapping[str, Any]) -> ModeReport:
    credibility = tuple(equilibrium_credibility(scenario, mode=mode, **params))
    targets = [*scenario.settlement_outcomes, "settlement"] if scenario.settlement_outcomes else []
    controls = [k for k, p in scenario.parameters.items() if p.kind == "control"]
    critical = {
        control: {
            outcome: critical_value(
                scenario,
                control,
                outcome=outcome,
                mode=mode,
                **{k: v for k, v in params.items() if k != control},
            )
            for outcome in targets
        }
        for control in controls
    }
    spec_mode = scenario.spec.modes.get(mode)
    description = spec_mode.description if spec_mode is not None else ""
    if scenario.is_sequential:
        return ModeReport(
            mode=mode,
            description=description,
            equilibria=(),
            kinds=(),
            outcomes=tuple(dict(c.outcomes) for c in credibility),
            method="backward_induction",
            complete=bool(credibility) and all(c.unique for c in credibility),
            completeness="unique subgame-perfect path"
            if credibility and all(c.unique for c in credibility)
            else "other subgame-perfect equilibria exist (ties)",
            credibility=credibility,
            critical=critical,
        )
    equilibria, method, complete, completeness = _equilibria(scenario, mode, params)
    return ModeReport(
        mode=mode,
        description=description,
        equilibria=tuple(equilibria),
        kinds=tuple("pure" if _is_pure(e) else "mixed" for e in equilibria),
        outcomes=tuple(scenario.outcome_distribution(e, mode=mode, **params) for e in equilibria),
        method=method,
        complete=complete,
        completeness=completeness,
        credibility=credibility,
        critical=critical,
    )


def _analytic(scenario: Scenario, outcome: str, params: Mapping[str, Any]) -> float | None:
    """The scenario's closed-form critical pressure, when it has one for ``outcome``."""
    try:
        return float(scenario.critical_pressure(outcome, **params))
    except (MediationSimError, KeyError, ValueError):
        return None


def _game_protocols(
    scenario: Scenario, outcome: str, others: Mapping[str, Any]
) -> Mapping[str, float]:
    """Per-protocol critical values from the game ({} where a bargaining stage cannot apply)."""
    from ._bargaining import protocol_critical_values

    try:
        return protocol_critical_values(scenario, outcome, **others)
    except MediationSimError:
        return {}


def _protocols(
    scenario: Scenario, control: str, others: Mapping[str, Any]
) -> tuple[ProtocolTerms, ...]:
    bm = scenario.spec.bargaining
    if bm is None or control != bm.pressure:
        return ()
    model = scenario.bargaining_model(**others)
    values, _ = scenario.resolve(**others)
    reservation = float(model.p - model.cost_a)
    out = []
    for outcome in bm.settlements:
        share = float(bm.settlements[outcome].evaluate(values))
        table: Mapping[str, float] = {}
        game: Mapping[str, float] = {}
        if share > reservation:
            table = {
                k: float(v)
                for k, v in scenario.protocol_critical_pressures(outcome, **others).items()
            }
            game = _game_protocols(scenario, outcome, others)
        out.append(ProtocolTerms(outcome, bm.side_a, share, reservation, table, game))
    return tuple(out)


def _resolve_dynamic(
    scenario: Scenario, dynamic: DynamicScenario | str | bool | None
) -> DynamicScenario | None:
    from ..scenarios.dynamic import DynamicScenario, available_dynamic, load_dynamic

    if dynamic is False:
        return None
    if isinstance(dynamic, DynamicScenario):
        return dynamic
    if isinstance(dynamic, str):
        return load_dynamic(dynamic)
    name = f"{scenario.name}-dynamic"
    return load_dynamic(name) if name in available_dynamic() else None


def _timing(dynamic: DynamicScenario, target: float) -> PressureTiming:
    quarters = int(dynamic.parameters["quarters"].default)
    starts = tuple(range(quarters))
    critical = tuple(dynamic.critical_pressure(s, target=target) for s in starts)
    return PressureTiming(
        scenario=dynamic.name,
        target=float(target),
        quarters=quarters,
        starts=starts,
        critical=critical,
        without_pressure=float(dynamic.solve(0.0, 0).settled_within),
    )


def report(
    scenario: Scenario,
    *,
    modes: Sequence[str] | None = None,
    structure: str | None = None,
    dynamic: DynamicScenario | str | bool | None = None,
    target: float = 0.9,
    **params: float,
) -> ScenarioReport:
    """The main analysis of a scenario at its central values (``mediation-sim report``).

    For each mode: the equilibria at ``params`` (pure ones; every one, mixed
    ones included, where there is no pure equilibrium or several; the
    subgame-perfect path in a sequential structure), their outcome
    probabilities and credibility, and the critical value of each control
    parameter for each settlement outcome. Then the analytic core's closed
    forms, the critical value under each bargaining protocol, the structural
    comparison across declared move orders and, when the scenario has a
    dynamic variant, the least pressure reaching ``target`` settlement
    probability within the horizon, by the quarter pressure starts.

    Parameters
    ----------
    scenario : Scenario
        The scenario.
    modes : sequence of str, optional
        Modes to analyse. Default: the default mode, then every declared mode.
    structure : str, optional
        Solve under this declared move order (default: the scenario's own).
    dynamic : DynamicScenario, str or bool, optional
        The dynamic variant for "when should pressure come?": a scenario, a
        shipped name, ``False`` for none. Default: the shipped dynamic
        scenario called ``<name>-dynamic`` if there is one (at its own
        central values; ``params`` do not apply to it).
    target : float, default 0.9
        Settlement probability within the horizon that the timing section asks for.
    **params : float
        Parameter values (the others stay at their central values).

    Returns
    -------
    ScenarioReport

    Raises
    ------
    UnknownNameError
        For an unknown parameter, mode or structure.
    ParameterOutOfBoundsError
        For a value outside its parameter's bounds.

    Examples
    --------
    >>> import mediation_sim as ms
    >>> sc = ms.scenarios.load("ukraine-2023")
    >>> rep = ms.analysis.report(sc, modes=["strategic"])
    >>> rep.modes[0].critical["china_pressure"]["settlement"].intervals
    ((0.680666..., 0.928),)
    >>> rep.timing.critical[:3]
    (0.711, 0.711, 0.804)
    >>> rep.timing.latest_start
    3
    """
    if structure is not None:
        scenario = scenario.with_structure(structure)
    values: dict[str, Any] = {k: float(v) for k, v in params.items()}
    scenario.resolve(**values)  # unknown names and out-of-bounds values raise here
    chosen = _modes(scenario, modes)
    dyn = _resolve_dynamic(scenario, dynamic)
    controls = [k for k, p in scenario.parameters.items() if p.kind == "control"]
    sections = tuple(_mode_report(scenario, m, values) for m in chosen)
    analytic: dict[str, dict[str, float]] = {}
    protocols: dict[str, tuple[ProtocolTerms, ...]] = {}
    structures: dict[str, StructureComparison] = {}
    first = [*scenario.settlement_outcomes, "settlement"][0]
    for control in controls:
        others = {k: w for k, w in values.items() if k != control}
        found = {
            o: v
            for o in scenario.settlement_outcomes
            if (v := _analytic(scenario, o, others)) is not None
        }
        if found:
            analytic[control] = found
        terms = _protocols(scenario, control, others)
        if terms:
            protocols[control] = terms
        structures[control] = compare_structures(scenario, control, outcome=first, **others)
    return ScenarioReport(
        scenario=scenario,
        parameters=values,
        modes=sections,
        analytic=analytic,
        protocols=protocols,
        structures=structures,
        timing=None if dyn is None else _timing(dyn, target),
    )
