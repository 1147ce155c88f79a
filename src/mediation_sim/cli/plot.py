"""``mediation-sim plot KIND``: one figure to a file."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ._base import (
    FIGURE_FORMATS,
    CommandError,
    _Console,
    _default_parameter,
    _load_scenario,
    _new_figure,
    _overrides,
    _precheck,
    _progress,
    _save_figure,
    _swept_grids,
)
from .montecarlo import _run_monte_carlo


def run(args: argparse.Namespace, out: _Console) -> int:
    """Run the command with parsed ``args``; return the exit status."""
    from .. import analysis

    scenario = _load_scenario(args.scenario)
    _precheck(args, output=FIGURE_FORMATS)
    path = Path(args.output)
    kind = args.kind
    mode = args.mode or scenario.default_mode
    fig = _new_figure(f"plot {kind}")
    ax = fig.axes[0]
    if kind in ("sweep", "phase"):
        params = _overrides(scenario, args.set)
        grids = _swept_grids(scenario, args.param, args.grid)
        want = 1 if kind == "sweep" else 2
        if len(grids) != want:
            raise CommandError(
                f"plot {kind} needs {'one' if want == 1 else 'two'} --param (got {len(grids)})"
            )
        clash = sorted(set(grids) & set(params))
        if clash:
            raise CommandError(f"{', '.join(clash)} is swept; do not also --set it")
        fixed: dict[str, Any] = {k: [v] for k, v in params.items()}
        frame = analysis.sweep(scenario, mode=mode, progress=_progress(args), **grids, **fixed)
        names = list(grids)
        if kind == "sweep":
            data: list[Any] = [frame]
            crit = None
            if scenario.is_affine_in(names[0]) and scenario.settlement_outcomes:
                crit = analysis.critical_value(
                    scenario, names[0], outcome=args.outcome, mode=mode, **params
                )
            if args.monte_carlo:
                data.append(
                    _run_monte_carlo(
                        args, scenario, args.monte_carlo, parameter=names[0], grid=grids[names[0]]
                    )
                )
            analysis.plot_settlement_curve(data, ax=ax, critical=crit, outcome=args.outcome)
        else:
            fig.set_size_inches(7.5, 5.5)
            analysis.plot_phase_diagram(frame, names[0], names[1], ax=ax, scenario=scenario)
    elif kind == "critical":
        mc = _run_monte_carlo(args, scenario, args.n)
        analysis.plot_critical_distribution(mc, ax=ax, kind=args.style)
    elif kind == "tornado":
        res = analysis.sensitivity(
            scenario,
            parameter=_default_parameter(scenario, args.param),
            outcome=args.outcome,
            level=args.level,
            mode=args.mode,
            method="oat",
        )
        fig.set_size_inches(7.5, 0.38 * min(len(res.frame), args.max_bars) + 3.0)
        analysis.plot_tornado(res, ax=ax, max_bars=args.max_bars)
    else:  # qre
        from .. import solvers

        params = _overrides(scenario, args.set)
        game = scenario.game(mode=mode, **params)
        path_result = solvers.qre_path(game, lam_max=args.lam_max)
        if args.player is None:
            fig.set_size_inches(9.5, 4.8)
        analysis.plot_qre_branch(path_result, ax=ax, player=args.player)
    _save_figure(fig, path, "--output", args.dpi)
    out.note(f"wrote {path}")
    return 0
