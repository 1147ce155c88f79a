"""``mediation-sim solve``: the equilibria of the game at one parameter point."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ._base import (
    FRAME_FORMATS,
    CommandError,
    _Console,
    _load_scenario,
    _overrides,
    _precheck,
    _suffix,
    _write_frame,
    _write_json,
)
from ._render import (
    _print_equilibria,
    _strategy_text,
)


def _solve_profiles(args: argparse.Namespace, game: Any) -> tuple[list[Any], str]:
    from .. import solvers

    if args.solver == "pure":
        return list(solvers.pure_nash(game)), "pure_nash"
    if args.solver == "nash":
        n_equilibria = getattr(args, "n_equilibria", None) or 1
        return list(solvers.nash(game, n_equilibria=n_equilibria)), "nash"
    if args.lam is None:
        raise CommandError("--solver qre needs the precision --lam (e.g. --lam 10)")
    return [solvers.qre(game, lam=args.lam).profile], f"qre(lam={args.lam:g})"


def _solve_all(args: argparse.Namespace, game: Any) -> Any:
    """``--all``: every equilibrium with its certificate (None without the flag)."""
    if not getattr(args, "all", False):
        return None
    if args.solver == "qre" or getattr(args, "n_equilibria", None):
        raise CommandError("--all lists every Nash equilibrium; drop --solver qre / --n-equilibria")
    import warnings

    from .. import solvers
    from .._errors import DegenerateGameWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateGameWarning)  # completeness is printed
        return solvers.all_nash(game)


def _print_certificates(out: _Console, result: Any) -> None:
    """How each equilibrium of an all_nash result is proved, and whether the list is complete."""
    out.print("Certificates:")
    for k, cert in enumerate(result.certificates):
        radius = f" (box radius {cert.radius:.1e})" if cert.kind == "interval" else ""
        out.print(f"  #{k}: {cert.kind}{radius}: {cert.detail}")
    for group in result.components:
        members = ", ".join(f"#{k}" for k in group)
        out.print(f"Set of equilibria: {members} are points of one connected set.")
    if result.complete:
        out.print("Complete: these are all the equilibria of the game.")
    else:
        out.print(
            "Complete: NOT guaranteed (sets of equilibria or unresolved supports); "
            "see the message below."
        )
        out.print(f"  {result.message}")
    out.print()


def run(args: argparse.Namespace, out: _Console) -> int:
    """Run the command with parsed ``args``; return the exit status."""
    _precheck(args, output=FRAME_FORMATS)
    scenario = _load_scenario(args.scenario)
    params = _overrides(scenario, args.set)
    mode = args.mode or scenario.default_mode
    game = scenario.game(mode=mode, **params)
    every = _solve_all(args, game)
    profiles, method = (list(every), "all_nash") if every else _solve_profiles(args, game)
    out.print(
        f"{game.title}: {len(profiles)} equilibri{'um' if len(profiles) == 1 else 'a'} ({method})"
    )
    out.print()
    if profiles:
        _print_equilibria(out, scenario, profiles, mode, params)
    elif args.solver == "pure":
        out.print("No pure equilibrium; try --all (every equilibrium, mixed ones included).")
    if every:
        _print_certificates(out, every)
    if args.output:
        path = Path(args.output)
        ext = _suffix(path, FRAME_FORMATS, "--output")
        records = []
        for k, prof in enumerate(profiles):
            dist = scenario.outcome_distribution(prof, mode=mode, **params)
            row: dict[str, Any] = {"equilibrium": k}
            for i, player in enumerate(game.players):
                row[player] = _strategy_text(prof, i)
            row.update({f"prob_{o}": p for o, p in dist.items()})
            row["settlement_probability"] = sum(dist[o] for o in scenario.settlement_outcomes)
            row.update(
                {f"payoff_{p}": float(v) for p, v in zip(game.players, prof.payoffs, strict=True)}
            )
            row["regret"] = prof.regret
            records.append(row)
        meta = {"scenario": scenario.name, "mode": mode, "parameters": params, "method": method}
        if ext == ".json":
            data = {
                **meta,
                "equilibria": [
                    {
                        **prof.to_dict(),
                        "outcomes": scenario.outcome_distribution(prof, mode=mode, **params),
                    }
                    for prof in profiles
                ],
            }
            if every:
                for entry, cert in zip(data["equilibria"], every.certificates, strict=True):
                    entry["certificate"] = cert.to_dict()
                data["complete"] = every.complete
                data["components"] = [list(c) for c in every.components]
            _write_json(data, path, "--output")
        else:
            import pandas as pd

            _write_frame(pd.DataFrame(records), path, "--output", meta)
        out.note(f"wrote {path}")
    return 0
