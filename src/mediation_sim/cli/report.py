"""``mediation-sim report``: renders :func:`mediation_sim.analysis.report` (the main analysis)."""

from __future__ import annotations

import argparse
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._base import (
    _Console,
    _load_scenario,
    _overrides,
    _precheck,
    _write_json,
)
from ._render import (
    _analytic_text,
    _describe_result,
    _num,
    _paragraph,
    _print_equilibria,
    _table,
)

if TYPE_CHECKING:
    from ..scenarios.scenario import Scenario


def _print_subgame_perfect(out: _Console, scenario: Scenario, credibility: Sequence[Any]) -> None:
    """The subgame-perfect path of a sequential structure, with its uniqueness."""
    stages = " -> ".join(" + ".join(stage) for stage in scenario.stages)
    out.print(f"Move order ({scenario.structure}): {stages}")
    if not credibility:
        out.print("No pure subgame-perfect equilibrium at these values.")
        out.print()
        return
    eq = credibility[0]
    out.print("Subgame-perfect equilibrium path (backward induction; every threat is credible):")
    out.print(_table(["player", "action"], [[p, a] for p, a in eq.profile.items()]))
    top = max(eq.outcomes, key=eq.outcomes.__getitem__)
    _paragraph(
        out,
        f"most likely outcome: {top}; settlement probability {_num(eq.settlement_probability)}; "
        + ("unique" if eq.unique else "other subgame-perfect equilibria exist (ties)"),
    )
    out.print()


def _print_credibility(out: _Console, credibility: Sequence[Any]) -> None:
    """Flags on simultaneous-move equilibria: weakly dominated or untested choices."""
    flagged = [c for c in credibility if not c.credible]
    if not flagged:
        return
    out.print(
        f"Credibility: {len(flagged)} of {len(credibility)} pure equilibria rest on a weakly "
        "dominated strategy or on a player indifferent between its choice and another (a threat "
        "never tested); a settlement among them is not a credible prediction:"
    )
    rows = [
        [
            max(c.outcomes, key=c.outcomes.__getitem__),
            ", ".join(c.weakly_dominated) or "-",
            ", ".join(c.indifferent) or "-",
        ]
        for c in flagged
    ]
    out.print(_table(["outcome", "weakly dominated", "indifferent"], rows))
    out.print()


def _print_mode(out: _Console, rep: Any, sec: Any) -> None:
    """One mode of a ScenarioReport: its equilibria and critical values."""
    import textwrap

    scenario = rep.scenario
    out.print()
    out.print(f"== Mode {sec.mode!r} ==")
    if sec.description:
        out.print(textwrap.fill(sec.description, width=96))
    out.print()
    if scenario.is_sequential:
        _print_subgame_perfect(out, scenario, sec.credibility)
    else:
        _print_equilibrium_list(out, rep, sec)
        _print_credibility(out, sec.credibility)
    for control, results in sec.critical.items():
        if not results:
            continue
        lo, hi = scenario.parameters[control].bounds
        first = next(iter(results.values()))
        mixed = any(r.equilibrium_kind != "pure" for r in results.values())
        out.print(
            f"Critical {control} over [{_num(lo)}, {_num(hi)}] ({first.method}):\n"
            + (
                "where the subgame-perfect path reaches the outcome with probability >= 0.5"
                if scenario.is_sequential
                else "where some equilibrium (pure; mixed where no pure one exists) reaches "
                "the outcome with probability >= 0.5"
                if mixed
                else "where some pure equilibrium reaches the outcome with probability >= 0.5"
            )
        )
        rows = [
            [
                outcome,
                _num(res.value),
                _num(res.upper) if res.intervals else "-",
                _describe_result(res),
            ]
            for outcome, res in results.items()
        ]
        out.print(_table(["outcome", "from", "to", "reading"], rows))
        for res in results.values():
            if res.mixed_ranges:
                spans = ", ".join(f"[{_num(a)}, {_num(b)}]" for a, b in res.mixed_ranges)
                out.print(f"  no pure equilibrium for {control} in {spans}: judged over all")
                break
        out.print()


def _print_equilibrium_list(out: _Console, rep: Any, sec: Any) -> None:
    """Pure equilibria; every equilibrium, with its kind, where there is not one pure one."""
    scenario, params = rep.scenario, rep.parameters
    n = len(sec.equilibria)
    if sec.method == "all_nash":
        n_pure = sec.kinds.count("pure")
        out.print(
            f"Nash equilibria at these values: {n} ({n_pure} pure, {n - n_pure} mixed; "
            f"every equilibrium searched, all_nash): {sec.completeness}"
        )
    else:
        out.print(
            f"Pure Nash equilibria at these values: {n}" + ("" if n else f" ({sec.completeness})")
        )
    out.print()
    if sec.equilibria:
        _print_equilibria(
            out, scenario, sec.equilibria, sec.mode, params, outcomes=sec.outcomes, kinds=sec.kinds
        )


def _print_driver(
    out: _Console, rep: Any, control: str, outcome: str, game: Mapping[str, float]
) -> None:
    """Say which protocol's answer the menu structure's critical value is, if any."""
    for sec in rep.modes:
        res = sec.critical.get(control, {}).get(outcome)
        if res is None or not res.intervals:
            continue
        same = [k for k, v in game.items() if math.isfinite(v) and abs(v - res.value) < 1e-6]
        if same:
            _paragraph(
                out,
                f"The menu's critical {control} for {outcome} ({sec.mode} mode, "
                f"{_num(res.value)}) is the {' and '.join(same)} protocol's: that protocol "
                "drives the answer.",
            )
        return


def _print_report_tail(out: _Console, rep: Any) -> None:
    """Analytic core, protocols, structural comparison and timing of a ScenarioReport."""
    for control, values in rep.analytic.items():
        out.print(f"Analytic core (rationalist bargaining model), critical {control}:")
        out.print(
            _table(
                ["outcome", "closed form", "reading"],
                [[o, _num(v), _analytic_text(v)] for o, v in values.items()],
            )
        )
        out.print()
    for control in rep.controls:
        for terms in rep.protocols.get(control, ()):
            if not terms.bargained:
                _paragraph(
                    out,
                    f"Bargaining protocols: {terms.outcome} gives {terms.side} "
                    f"{_num(terms.share)}, no more than its value of war "
                    f"({_num(terms.reservation)}), so every protocol gives {terms.side} better "
                    f"terms; bargaining does not end in a {terms.outcome}.",
                )
                out.print()
                continue
            game = getattr(terms, "game", {}) or {}
            _paragraph(
                out,
                f"Critical {control} for {terms.outcome} by bargaining protocol "
                "(who sets the terms): from the game, with the protocol's bargaining stage "
                "in it, and the closed form on the war lottery beside it as a check:",
            )
            out.print(
                _table(
                    ["protocol", "from the game", "closed form", "reading"],
                    [
                        [
                            k,
                            _num(game[k]) if k in game else "n/a",
                            _num(v),
                            _analytic_text(game.get(k, v)),
                        ]
                        for k, v in terms.critical.items()
                    ]
                    + [  # protocols only the game has (a mediator's preferences)
                        [k, _num(v), "-", _analytic_text(v)]
                        for k, v in game.items()
                        if k not in terms.critical
                    ],
                )
            )
            if "mediator" in game and "mediator" not in terms.critical:
                _paragraph(
                    out,
                    "mediator: the player whose move applies the pressure proposes the terms it "
                    "prefers among those both sides accept (the closed form does not model its "
                    "preferences).",
                )
            _print_driver(out, rep, control, terms.outcome, game)
            out.print()
        cmp = rep.structures.get(control)
        if cmp is None:
            continue
        _paragraph(
            out,
            f"Structural comparison: {cmp.outcome} over {control} under each move order "
            f"(settlement probability at {control} = {_num(cmp.at)}):",
        )
        rows = [
            [
                r.structure,
                _num(r.critical_value) if r.intervals else "never",
                _num(r.window_upper) if r.intervals else "-",
                f"{_num(r.settlement_min)}-{_num(r.settlement_max)}"
                if r.settlement_min != r.settlement_max
                else _num(r.settlement_min),
                r.outcome,
                "yes" if r.credible else "no",
            ]
            for r in cmp.rows
        ]
        header = ["structure", "from", "to", "settlement", "outcome", "credible"]
        out.print(_table(header, rows))
        bargained = [r for r in cmp.rows if r.bargaining]
        if bargained:
            out.print()
            out.print(
                _table(
                    ["bargained structure", "terms set by", f"agreed terms at {_num(cmp.at)}"],
                    [
                        [r.structure, r.bargaining, "none" if r.terms != r.terms else _num(r.terms)]
                        for r in bargained
                    ],
                )
            )
            _paragraph(
                out,
                "Where the terms are bargained, any agreement is a settlement"
                + (
                    "."
                    if cmp.outcome == "settlement"
                    else f", but {cmp.outcome} counts as reached only on at least its menu terms."
                ),
            )
        flips = cmp.flips()
        _paragraph(
            out,
            f"Under every declared move order the {cmp.outcome} threshold agrees."
            if not flips
            else f"The {cmp.outcome} conclusion flips under: {', '.join(flips)}.",
        )
        out.print()
    if rep.timing is not None:
        _print_timing(out, rep.timing)


def _print_timing(out: _Console, timing: Any) -> None:
    """When should pressure come: the least pressure for the target, by start quarter."""
    _paragraph(
        out,
        f"When should pressure come? ({timing.scenario}, at its central values): the least "
        f"pressure giving a {timing.target:.0%} chance of settlement within {timing.quarters} "
        f"quarters, by the quarter pressure starts (that chance without any pressure: "
        f"{timing.without_pressure:.2f}):",
    )
    rows: list[list[str]] = []
    k = 0
    starts, critical = timing.starts, timing.critical
    while k < len(starts):
        j = k
        while j + 1 < len(starts) and (
            critical[j + 1] == critical[k]
            or (math.isnan(critical[j + 1]) and math.isnan(critical[k]))
        ):
            j += 1
        span = str(starts[k]) if j == k else f"{starts[k]}-{starts[j]}"
        value = critical[k]
        rows.append(
            [span, "never" if math.isnan(value) else f"{value:.3g}"]
            + (["even full pressure falls short"] if math.isnan(value) else [""])
        )
        k = j + 1
    out.print(_table(["start quarter", "pressure", "note"], rows))
    out.print()


def run(args: argparse.Namespace, out: _Console) -> int:
    """Run the command with parsed ``args``; return the exit status."""
    import textwrap

    from .. import analysis

    _precheck(args, output=(".json",))
    scenario = _load_scenario(args.scenario)
    if args.structure:
        scenario = scenario.with_structure(args.structure)
    params = _overrides(scenario, args.set)
    rep = analysis.report(scenario, modes=[args.mode] if args.mode else None, **params)
    out.print(scenario.title)
    out.print(
        f"scenario {scenario.name}: {len(scenario.players)} players, "
        f"{len(scenario.outcomes)} outcomes, {len(scenario.parameters)} parameters"
    )
    settings = ", ".join(f"{k} = {_num(v)}" for k, v in rep.values.items())
    out.print(
        "Parameters at their central values"
        + (f", except {settings}" if params else f" ({settings})" if settings else "")
    )
    if scenario.settlement_outcomes:
        out.print("Settlement outcomes: " + ", ".join(scenario.settlement_outcomes))
    for sec in rep.modes:
        _print_mode(out, rep, sec)
    _print_report_tail(out, rep)
    out.print("In brief:")
    for line in rep.summary():
        out.print(textwrap.fill(line, width=96, initial_indent="  ", subsequent_indent="    "))
    if args.output:
        path = Path(args.output)
        _write_json(rep.to_dict(), path, "--output")
        out.note(f"wrote {path}")
    return 0
