"""``mediation-sim sweep``: equilibria and settlement probability over a grid."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ._base import (
    FIGURE_FORMATS,
    FRAME_FORMATS,
    CommandError,
    _Console,
    _load_scenario,
    _new_figure,
    _overrides,
    _precheck,
    _progress,
    _save_figure,
    _swept_grids,
    _write_frame,
)
from ._render import (
    _describe_result,
    _num,
    _prob,
    _table,
)


def _runs(summary: Any, params: Sequence[str]) -> list[list[str]]:
    """Collapse consecutive grid points with the same equilibrium summary into one row."""
    varying = [p for p in params if summary[p].nunique() > 1] or list(params[:1])
    last, outer = varying[-1], varying[:-1]
    rows: list[list[str]] = []
    current: dict[str, Any] | None = None

    def flush() -> None:
        if current is None:
            return
        a, b = current["start"], current["stop"]
        span = _num(a, 4) if a == b else f"{_num(a, 4)} – {_num(b, 4)}"
        rows.append(
            [
                *(_num(current[p], 4) for p in outer),
                span,
                str(current["count"]),
                str(current["n_equilibria"]),
                current["settle"],
                current["outcomes"],
            ]
        )

    for rec in summary.to_dict(orient="records"):
        lo, hi = rec["min_settlement"], rec["max_settlement"]
        settle = _prob(lo) if _prob(lo) == _prob(hi) else f"{_prob(lo)} – {_prob(hi)}"
        key = (
            *(rec[p] for p in outer),
            rec["n_equilibria"],
            settle,
            rec["outcomes"],
        )
        if current is not None and current["key"] == key:
            current["stop"] = rec[last]
            current["count"] += 1
            continue
        flush()
        current = {
            "key": key,
            "start": rec[last],
            "stop": rec[last],
            "count": 1,
            "n_equilibria": int(rec["n_equilibria"]),
            "settle": settle,
            "outcomes": rec["outcomes"],
            **{p: rec[p] for p in outer},
        }
    flush()
    return rows


def run(args: argparse.Namespace, out: _Console) -> int:
    """Run the command with parsed ``args``; return the exit status."""
    from .. import analysis

    _precheck(args, output=FRAME_FORMATS, plot=FIGURE_FORMATS)
    scenario = _load_scenario(args.scenario)
    params = _overrides(scenario, args.set)
    grids = _swept_grids(scenario, args.param, args.grid)
    clash = sorted(set(grids) & set(params))
    if clash:
        raise CommandError(f"{', '.join(clash)} is swept; do not also --set it")
    if len(grids) > 2 and args.plot:
        raise CommandError("--plot draws one or two swept parameters; sweep fewer with --param")
    mode = args.mode or scenario.default_mode
    fixed: dict[str, Any] = {k: [v] for k, v in params.items()}
    frame = analysis.sweep(
        scenario,
        solver=args.solver,
        mode=mode,
        lam=args.lam,
        progress=_progress(args),
        **grids,
        **fixed,
    )
    names = list(grids)
    summary = analysis.summarise_sweep(frame)
    sizes = " x ".join(f"{len(v)}" for v in grids.values())
    meta = frame.attrs.get("mediation_sim", {})
    out.print(
        f"{scenario.name} ({mode}): "
        + (
            f"subgame-perfect paths ({scenario.structure}) over "
            if scenario.is_sequential
            else f"{args.solver} equilibria over "
        )
        + ", ".join(f"{n} in [{_num(min(g), 4)}, {_num(max(g), 4)}]" for n, g in grids.items())
        + f" ({sizes} points, {meta.get('wall_time', 0.0) * 1000:.0f} ms)"
    )
    if params:
        out.print("with " + ", ".join(f"{k} = {_num(v)}" for k, v in params.items()))
    out.print()
    header = [*names[:-1], names[-1], "points", "equilibria", "settlement", "outcome(s)"]
    if args.all_points:
        rows = [
            [
                *(_num(rec[p], 4) for p in names),
                "1",
                str(int(rec["n_equilibria"])),
                _prob(rec["min_settlement"])
                if rec["min_settlement"] == rec["max_settlement"]
                else f"{_prob(rec['min_settlement'])} – {_prob(rec['max_settlement'])}",
                rec["outcomes"],
            ]
            for rec in summary.to_dict(orient="records")
        ]
    else:
        rows = _runs(summary, names)
        header = [*[n for n in names if summary[n].nunique() > 1][:-1], *header[-5:]]
        if len(rows[0]) != len(header):  # only the last parameter varies
            header = header[-len(rows[0]) :]
    out.print(_table(header, rows))
    out.print()
    out.print(
        "settlement: probability of a settlement outcome, lowest – highest over the "
        "equilibria; outcome(s): most likely outcome of each equilibrium"
    )
    crit = None
    if len(names) == 1 and scenario.is_affine_in(names[0]) and args.solver == "pure":
        lo, hi = min(grids[names[0]]), max(grids[names[0]])
        p_lo, p_hi = scenario.parameters[names[0]].bounds
        if p_lo <= lo < hi <= p_hi and scenario.settlement_outcomes:
            crit = analysis.critical_value(
                scenario, names[0], outcome="settlement", mode=mode, bounds=(lo, hi), **params
            )
            out.print(
                f"exact: for {names[0]} {_describe_result(crit)}, some equilibrium settles "
                "with probability >= 0.5"
                if crit.intervals
                else f"exact: no {names[0]} in [{_num(lo)}, {_num(hi)}] gives an equilibrium "
                "that settles with probability >= 0.5"
            )
    if args.output:
        path = Path(args.output)
        _write_frame(frame, path, "--output")
        out.note(f"wrote {path} ({len(frame)} rows)")
    if args.plot:
        path = Path(args.plot)
        fig = _new_figure("--plot")
        ax = fig.axes[0]
        if len(names) == 1:
            analysis.plot_settlement_curve(frame, ax=ax, critical=crit)
        else:
            fig.set_size_inches(7.5, 5.5)
            analysis.plot_phase_diagram(frame, names[0], names[1], ax=ax, scenario=scenario)
        _save_figure(fig, path, "--plot", args.dpi)
        out.note(f"wrote {path}")
    return 0
