"""``mediation-sim montecarlo``: uncertainty of the critical value over the assumptions."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._base import (
    FIGURE_FORMATS,
    FRAME_FORMATS,
    CommandError,
    _Console,
    _default_parameter,
    _executor,
    _grid,
    _load_scenario,
    _new_figure,
    _precheck,
    _progress,
    _save_figure,
    _write_frame,
)

if TYPE_CHECKING:
    from ..scenarios.scenario import Scenario


def _run_monte_carlo(
    args: argparse.Namespace,
    scenario: Scenario,
    n: int,
    *,
    parameter: str | None = None,
    grid: Sequence[float] | None = None,
) -> Any:
    from .. import analysis

    if n < 1:
        raise CommandError(f"the number of draws must be at least 1, got {n}")
    if grid is None and args.grid:
        grid = _grid(args.grid, "--grid")
    with _executor(args) as executor:
        return analysis.monte_carlo(
            scenario,
            n,
            rng=args.seed,
            parameter=parameter or _default_parameter(scenario, args.param),
            outcome=args.outcome,
            level=args.level,
            selection=args.selection,
            mode=args.mode,
            grid=grid,
            within=args.within,
            executor=executor,
            progress=_progress(args),
            keep=getattr(args, "keep", "all"),
        )


def run(args: argparse.Namespace, out: _Console) -> int:
    """Run the command with parsed ``args``; return the exit status."""
    from .. import analysis

    _precheck(args, output=FRAME_FORMATS, curves=FRAME_FORMATS, plot=FIGURE_FORMATS)
    if args.keep == "critical" and (args.curves or args.plot):
        raise CommandError("--curves and --plot need the outcome curves: drop --keep critical")
    scenario = _load_scenario(args.scenario)
    mc = _run_monte_carlo(args, scenario, args.n)
    out.print(mc.summary())
    seed = mc.metadata["seed_entropy"]
    out.print(f"  seed {seed}" + ("" if args.seed is not None else f" (repeat with --seed {seed})"))
    if args.output:
        path = Path(args.output)
        _write_frame(mc.draws, path, "--output", mc.metadata)
        out.note(f"wrote {path} ({len(mc.draws)} draws)")
    if args.curves:
        path = Path(args.curves)
        _write_frame(mc.curves, path, "--curves", mc.metadata)
        out.note(f"wrote {path}")
    if args.plot:
        path = Path(args.plot)
        fig = _new_figure("--plot", 1, 2, size=(12, 4.8))
        left, right = fig.axes
        analysis.plot_settlement_curve(mc, ax=left)
        analysis.plot_critical_distribution(mc, ax=right)
        _save_figure(fig, path, "--plot", args.dpi)
        out.note(f"wrote {path}")
    return 0
