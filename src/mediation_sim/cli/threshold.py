"""``mediation-sim threshold``: the exact critical value of a parameter for an outcome."""

from __future__ import annotations

import argparse
import math
from pathlib import Path

from ._base import (
    FRAME_FORMATS,
    CommandError,
    _Console,
    _default_parameter,
    _grid,
    _load_scenario,
    _overrides,
    _precheck,
    _suffix,
    _write_frame,
    _write_json,
)
from ._render import (
    _analytic,
    _analytic_text,
    _describe_result,
    _num,
    _table,
)


def run(args: argparse.Namespace, out: _Console) -> int:
    """Run the command with parsed ``args``; return the exit status."""
    from .. import analysis

    _precheck(args, output=FRAME_FORMATS)
    scenario = _load_scenario(args.scenario)
    params = _overrides(scenario, args.set)
    parameter = _default_parameter(scenario, args.param)
    params.pop(parameter, None)
    bounds = None
    if args.bounds:
        values = _grid(args.bounds.replace(":", ","), "--bounds")
        if len(values) != 2:
            raise CommandError(f"--bounds expects LOW:HIGH, got {args.bounds!r}")
        bounds = (values[0], values[1])
    mode = args.mode or scenario.default_mode
    res = analysis.critical_value(
        scenario,
        parameter,
        outcome=args.outcome,
        level=args.level,
        selection=args.selection,
        mode=mode,
        bounds=bounds,
        method=args.method,
        **params,
    )
    who = "some pure equilibrium" if args.selection == "best" else "every pure equilibrium"
    out.print(
        f"{scenario.name} ({mode}): where {who} gives {args.outcome} probability >= "
        f"{res.level:g}, over {parameter} in [{_num(res.bounds[0])}, {_num(res.bounds[1])}] "
        f"({res.method})"
    )
    out.print()
    out.print(f"  critical value: {_num(res.value)}")
    out.print(f"  holds: {_describe_result(res)}")
    if res.crossings:
        out.print()
        out.print(
            _table(
                [parameter, "crossing"],
                [[_num(c.value), c.direction] for c in res.crossings],
            )
        )
    analytic = None if args.outcome == "settlement" else _analytic(scenario, args.outcome, params)
    if analytic is not None:
        out.print()
        out.print(
            f"  analytic closed form (bargaining model): {_num(analytic)} "
            f"({_analytic_text(analytic)})"
        )
    if args.output:
        path = Path(args.output)
        ext = _suffix(path, FRAME_FORMATS, "--output")
        data = {
            **res.to_dict(),
            # JSON has no infinity: unreachable is the string "inf", as in `report`
            "analytic": None if analytic is None else "inf" if math.isinf(analytic) else analytic,
            "analytic_reading": None if analytic is None else _analytic_text(analytic),
            "scenario": scenario.name,
            "parameters": params,
        }
        if ext == ".json":
            _write_json(data, path, "--output")
        else:
            import pandas as pd

            frame = pd.DataFrame(
                [{"start": a, "stop": b} for a, b in res.intervals], columns=["start", "stop"]
            )
            _write_frame(frame, path, "--output")
        out.note(f"wrote {path}")
    return 0
