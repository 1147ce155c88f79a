"""``mediation-sim info``: what a scenario declares."""

from __future__ import annotations

import argparse

from ._base import (
    DEFAULT_SCENARIO,
    _Console,
    _load_scenario,
)
from ._render import (
    _num,
    _table,
)


def run(args: argparse.Namespace, out: _Console) -> int:
    """Run the command with parsed ``args``; return the exit status."""
    from .. import scenarios

    scenario = _load_scenario(args.scenario)
    spec = scenario.spec
    out.print(f"{scenario.title} ({scenario.name})")
    out.print()
    out.print(
        _table(
            ["player", "strategies"],
            [[p.id, ", ".join(p.strategies)] for p in spec.players],
        )
    )
    out.print()
    out.print(
        _table(
            ["outcome", "label", "settlement"],
            [[o.id, o.label, "yes" if o.settlement else ""] for o in spec.outcomes],
        )
    )
    out.print()
    out.print(
        _table(
            ["mode", "description"],
            [
                [m.name, m.description + (" (default)" if m.name == scenario.default_mode else "")]
                for m in spec.modes.values()
            ],
        )
    )
    out.print()
    out.print(
        _table(
            ["parameter", "kind", "default", "range", "bounds", "unit"],
            [
                [
                    p.name,
                    p.kind,
                    _num(p.default),
                    f"{_num(p.range[0])} – {_num(p.range[1])}",
                    f"{_num(p.bounds[0])} – {_num(p.bounds[1])}",
                    p.unit,
                ]
                for p in scenario.parameters.values()
            ],
        )
    )
    if args.scenario == DEFAULT_SCENARIO or not args.scenario:
        out.print()
        out.print("Shipped scenarios: " + ", ".join(scenarios.available()))
    return 0
