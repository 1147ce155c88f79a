"""``mediation-sim forecast``: the expected-utility forecast next to the equilibrium."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import numpy as np

from ._base import (
    FIGURE_FORMATS,
    CommandError,
    _Console,
    _default_parameter,
    _load_scenario,
    _overrides,
    _precheck,
    _progress,
    _save_figure,
    _write_json,
)
from ._render import _num, _prob, _strategy_text, _table

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = ["run"]


def _equilibria(scenario: Any, mode: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    """Pure equilibria with their expected place on the issue line."""
    from .. import scenarios, solvers

    game = scenario.game(mode=mode, **params)
    values = scenarios.forecast_inputs(scenario, **params).outcome_values
    rows = []
    for prof in solvers.pure_nash(game):
        dist = scenario.outcome_distribution(prof, mode=mode, **params)
        line = sum(dist[o] * float(values[o]) for o in dist) if values else float("nan")
        rows.append(
            {
                "strategies": {p: _strategy_text(prof, i) for i, p in enumerate(game.players)},
                "outcomes": dist,
                "settlement_probability": sum(dist[o] for o in scenario.settlement_outcomes),
                "expected_settlement": line,
            }
        )
    return rows


def _span(lo: float | None, hi: float | None) -> str:
    if lo is None or hi is None:
        return "none"
    return _num(lo, 4) if lo == hi else f"{_num(lo, 4)} – {_num(hi, 4)}"


def run(args: argparse.Namespace, out: _Console) -> int:
    """Run the command with parsed ``args``; return the exit status."""
    from .. import analysis, scenarios

    _precheck(args, output=(".json",), plot=FIGURE_FORMATS)
    scenario = _load_scenario(args.scenario)
    params = _overrides(scenario, args.set)
    fs = scenarios.forecast_spec(scenario)
    mode = args.mode or fs.mode or scenario.default_mode
    if args.sweep:
        if args.param is None:
            args.param = _default_parameter(scenario, None)
        if args.sweep < 2:
            raise CommandError("--sweep needs at least 2 points")
        if args.param not in scenario.parameters:
            raise CommandError(f"--param {args.param!r} is not a parameter of {scenario.name}")
        if args.param in params:
            raise CommandError(f"{args.param} is swept; do not also --set it")
    res = scenarios.forecast(scenario, max_iter=args.max_iter, **params)
    inp = scenarios.forecast_inputs(scenario, **params)
    shown = ", ".join(f"{k}={_num(v, 4)}" for k, v in params.items()) or "default parameters"
    out.print(f"{scenario.title}")
    out.print(f"Expected-utility forecast (BDM / Scholz et al. 2011) at {shown}")
    out.print(f"Issue: {fs.issue}, on [{_num(fs.bounds[0])}, {_num(fs.bounds[1])}]")
    out.print()
    rows = [
        [
            label,
            _num(float(inp.positions[k]), 4),
            _num(float(inp.capabilities[k]), 4),
            _num(float(inp.saliences[k]), 4),
            _num(float(res.risk[0][k]), 3) if res.n_iter else "-",
            _num(float(res.positions[k]), 4),
        ]
        for k, label in enumerate(fs.labels)
    ]
    out.print(_table(["actor", "position", "capability", "salience", "risk r", "final"], rows))
    out.print()
    state = "converged" if res.converged else f"not converged after {res.n_iter} rounds"
    out.print(
        f"Forecast settlement ({res.outcome}): {_num(res.settlement, 4)} "
        f"after {res.n_iter} round(s), {state}; weighted mean {_num(float(res.mean[-1]), 4)}"
    )
    election = scenarios.forecast_election(scenario, **params)
    top = election.winner
    options = np.asarray(election.options)
    likely = _num(float(options[top]), 4)
    p_top = _num(float(election.probabilities[top]), 3)
    out.print(
        "KTAB Condorcet election among these positions (square, conditional): expected "
        f"{_num(election.expected_option, 4)}; most likely {likely} (p = {p_top})"
    )
    smp = scenarios.forecast_smp(scenario, max_rounds=args.max_iter, **params)
    smp_state = "converged" if smp.converged else "not converged"
    out.print(
        f"KTAB Spatial Model of Politics (bargaining rounds): {_num(float(smp.expected[-1]), 4)} "
        f"after {smp.n_rounds} round(s), {smp_state}"
    )
    eqs = _equilibria(scenario, mode, params)
    out.print()
    out.print(
        f"Equilibrium lens ({mode} mode): {len(eqs)} pure equilibri{'um' if len(eqs) == 1 else 'a'}"
    )
    if eqs:
        eq_rows = [
            [
                str(k),
                " / ".join(e["strategies"].values()),
                _prob(e["settlement_probability"]),
                _num(e["expected_settlement"], 4),
                _num(res.settlement - e["expected_settlement"], 4),
            ]
            for k, e in enumerate(eqs)
        ]
        out.print(
            _table(["#", "strategies", "P(settle)", "expected on line", "forecast - eq"], eq_rows)
        )
    else:
        out.print("  no pure equilibrium (see `mediation-sim solve --solver nash`)")
    sweep_rows: list[dict[str, Any]] = []
    if args.sweep:
        param = args.param
        lo, hi = scenario.parameters[param].bounds
        grid = np.linspace(lo, hi, args.sweep)
        # forecast_sweep sweeps grids; the --set values are one-point grids
        grids: dict[str, Any] = {k: np.array([float(v)]) for k, v in params.items()}
        grids[param] = grid
        frame = analysis.forecast_sweep(
            scenario, mode=mode, max_iter=args.max_iter, progress=_progress(args), **grids
        )
        for _, grp in frame.groupby("point"):
            ok = grp[grp["equilibrium"] >= 0]["equilibrium_settlement"]
            sweep_rows.append(
                {
                    param: float(grp[param].iloc[0]),
                    "forecast": float(grp["forecast"].iloc[0]),
                    "equilibrium_min": float(ok.min()) if len(ok) else None,
                    "equilibrium_max": float(ok.max()) if len(ok) else None,
                }
            )
        out.print()
        out.print(f"Over {param} (forecast vs. the range of equilibrium settlements):")
        out.print(
            _table(
                [param, "forecast", "equilibria on line"],
                [
                    [
                        _num(r[param], 4),
                        _num(r["forecast"], 4),
                        _span(r["equilibrium_min"], r["equilibrium_max"]),
                    ]
                    for r in sweep_rows
                ],
            )
        )
    if args.output:
        path = Path(args.output)
        _write_json(
            {
                "scenario": scenario.name,
                "mode": mode,
                "parameters": params,
                "forecast": res.to_dict(),
                "election": election.to_dict(),
                "smp": smp.to_dict(),
                "inputs": inp.to_dict(),
                "equilibria": eqs,
                "sweep": sweep_rows,
            },
            path,
            "--output",
        )
        out.note(f"wrote {path}")
    if args.plot:
        path = Path(args.plot)
        ax = analysis.plot_forecast_paths(res)
        fig = cast("Figure", ax.figure)
        _save_figure(fig, path, "--plot", 150)
        import matplotlib.pyplot as plt

        plt.close(fig)
        out.note(f"wrote {path}")
    return 0
