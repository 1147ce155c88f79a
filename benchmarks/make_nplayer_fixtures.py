"""Regenerate ``tests/data/nplayer_gambit_equilibria.json``: N-player games, Gambit's answers.

Needs pygambit (compiled from source, ~10 minutes)::

    python benchmarks/make_nplayer_fixtures.py

The games are drawn from a fixed seed, so a rerun reproduces the file (up to
the recorded library versions). Payoffs are integers in [0, 1000), so the
games are generic with overwhelming probability (no equal payoffs that would
create ties). For each game the file stores

* ``enumpoly``: every equilibrium found by ``pygambit.nash.enumpoly_solve``
  (support enumeration with polynomial systems; complete for generic games),
* ``logit``: the end of Gambit's logit QRE principal branch,
  ``pygambit.nash.logit_solve`` — the same selection that
  ``mediation_sim.solvers.logit_nash`` makes,

as lists of per-player probability vectors in mediation_sim's layout (which
is also ``pygambit.Game.from_arrays``'s). ``tests/solvers/test_nplayer_gambit.py``
reads the file; it never imports pygambit.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pygambit as gbt

SEED = 20230515
OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "nplayer_gambit_equilibria.json"
SHAPES = [(2, 2, 2)] * 16 + [(3, 3, 2)] * 8 + [(3, 3, 3)] * 8 + [(2, 2, 2, 2)] * 8


def vectors(game: gbt.Game, profile: gbt.MixedStrategyProfileDouble) -> list[list[float]]:
    return [[float(profile[s]) for s in player.strategies] for player in game.players]


def main() -> None:
    rng = np.random.default_rng(SEED)
    cases = []
    for k, shape in enumerate(SHAPES):
        payoffs = rng.integers(0, 1000, size=(len(shape), *shape))
        game = gbt.Game.from_arrays(*[payoffs[i] for i in range(len(shape))])
        enum = gbt.nash.enumpoly_solve(game, use_strategic=True)
        logit = gbt.nash.logit_solve(game, use_strategic=True)
        cases.append(
            {
                "id": f"{'x'.join(map(str, shape))}_{k:02d}",
                "shape": list(shape),
                "payoffs": payoffs.tolist(),
                "enumpoly": [vectors(game, eq) for eq in enum.equilibria],
                "logit": vectors(game, logit.equilibria[0]),
            }
        )
    document = {
        "description": (
            "Random N-player games with integer payoffs in [0, 1000) and pygambit's "
            "enumpoly_solve (all equilibria) and logit_solve (logit selection) answers; "
            "regenerate with benchmarks/make_nplayer_fixtures.py"
        ),
        "seed": SEED,
        "pygambit": gbt.__version__,
        "cases": cases,
    }
    OUT.write_text(json.dumps(document, indent=1) + "\n")
    print(f"wrote {len(cases)} games to {OUT}")


if __name__ == "__main__":
    main()
