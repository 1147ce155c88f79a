"""``mediation-sim export``: the game at given parameters as .nfg, .json or .csv."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._base import (
    GAME_FORMATS,
    CommandError,
    _Console,
    _load_scenario,
    _overrides,
    _precheck,
    _suffix,
    _write_frame,
)

if TYPE_CHECKING:
    from ..scenarios.scenario import Scenario


def run(args: argparse.Namespace, out: _Console) -> int:
    """Run the command with parsed ``args``; return the exit status."""
    from .. import io

    scenario = _load_scenario(args.scenario)
    params = _overrides(scenario, args.set)
    mode = args.mode or scenario.default_mode
    _precheck(args, output=GAME_FORMATS)
    path = Path(args.output)
    ext = _suffix(path, GAME_FORMATS, "--output", args.format)
    game = scenario.game(mode=mode, **params)
    try:
        if ext == ".nfg":
            io.write_nfg(
                game,
                path,
                comment=f"exported by mediation-sim from {scenario.name}",
                overwrite=bool(getattr(args, "force", False)),
            )
        elif ext == ".json":
            io.write_game_json(game, path, overwrite=bool(getattr(args, "force", False)))
        else:
            frame = _profile_frame(scenario, game, mode, params)
            _write_frame(frame, path, "--output", fmt="csv")
    except OSError as exc:
        raise CommandError(f"--output {path}: cannot write ({exc.strerror})") from None
    shape = "x".join(str(s) for s in game.shape)
    out.print(
        f"wrote {path}: {game.title}, {game.n_players} players, {shape} = "
        f"{game.n_profiles} profiles"
    )
    return 0


def _profile_frame(scenario: Scenario, game: Any, mode: str, params: dict[str, Any]) -> Any:
    """One row per pure profile: strategies, payoffs and outcome probabilities."""
    import numpy as np
    import pandas as pd

    index = np.indices(game.shape).reshape(game.n_players, -1)
    columns: dict[str, Any] = {}
    for i, player in enumerate(game.players):
        columns[player] = np.array(game.strategies[i], dtype=object)[index[i]]
    payoffs = game.payoffs.reshape(game.n_players, -1)
    for i, player in enumerate(game.players):
        columns[f"payoff_{player}"] = payoffs[i]
    probs = scenario.outcome_probabilities(mode=mode, **params).reshape(len(scenario.outcomes), -1)
    for k, outcome in enumerate(scenario.outcomes):
        columns[f"prob_{outcome}"] = probs[k]
    return pd.DataFrame(columns)
