"""Regenerate ``tests/data/gambit_2p_equilibria.json``: random bimatrix games, Gambit's equilibria.

Needs pygambit (compiled from source, ~10 minutes) and nashpy::

    python benchmarks/make_gambit_fixtures.py

The games are drawn from a fixed seed, so a rerun reproduces the file (up to
the recorded library versions):

* 24 nondegenerate games, 5x5 to 7x7, integer payoffs in [-1000, 1000];
* 6 degenerate games, 3x3 to 5x5, payoffs in {0, 1, 2, 3} (ties everywhere),
  where Gambit lists the extreme points of the equilibrium components.

For each game the file stores Gambit's ``enummixed_solve(rational=True)``
equilibria as exact fractions, and how many of them nashpy's support
enumeration finds (it misses some on many of these games; the test suite
checks that mediation_sim misses none). Degeneracy is decided by
``mediation_sim.solvers.is_degenerate`` and recorded per game.
"""

from __future__ import annotations

import json
import warnings
from fractions import Fraction
from pathlib import Path

import nashpy
import numpy as np
import pygambit as gbt

import mediation_sim as ms

SEED = 20230521
OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "gambit_2p_equilibria.json"


def gambit_equilibria(a: np.ndarray, b: np.ndarray) -> list[list[list[str]]]:
    game = gbt.Game.from_arrays(a.astype(int), b.astype(int))
    result = gbt.nash.enummixed_solve(game, rational=True)
    out = []
    for eq in result.equilibria:
        out.append(
            [[str(Fraction(str(eq[s]))) for s in player.strategies] for player in game.players]
        )
    return out


def nashpy_support_found(a: np.ndarray, b: np.ndarray, equilibria: list[np.ndarray]) -> int:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = [np.concatenate(e) for e in nashpy.Game(a / 1.0, b / 1.0).support_enumeration()]
    return sum(any(np.allclose(eq, f, atol=1e-7) for f in found) for eq in equilibria)


def as_floats(eq: list[list[str]]) -> np.ndarray:
    return np.array([float(Fraction(p)) for vec in eq for p in vec])


def main() -> None:
    rng = np.random.default_rng(SEED)
    games = []
    plan = [("nondegenerate", 24, 5, 7, 1000), ("degenerate", 6, 3, 5, 3)]
    for kind, count, lo, hi, span in plan:
        made = 0
        while made < count:
            m, n = (int(k) for k in rng.integers(lo, hi + 1, size=2))
            low = -span if kind == "nondegenerate" else 0
            a = rng.integers(low, span + 1, size=(m, n))
            b = rng.integers(low, span + 1, size=(m, n))
            degenerate = ms.solvers.is_degenerate(ms.NormalFormGame([a, b]))
            if degenerate != (kind == "degenerate"):
                continue
            eqs = gambit_equilibria(a, b)
            floats = [as_floats(e) for e in eqs]
            found = nashpy_support_found(a, b, floats)
            games.append(
                {
                    "id": f"{kind}_{made:02d}_{m}x{n}",
                    "A": a.tolist(),
                    "B": b.tolist(),
                    "degenerate": bool(degenerate),
                    "equilibria": eqs,
                    "nashpy_support_enumeration_found": found,
                }
            )
            print(f"{games[-1]['id']}: {len(eqs)} equilibria; nashpy support enumeration {found}")
            made += 1
    missed = [
        g["id"] for g in games if g["nashpy_support_enumeration_found"] < len(g["equilibria"])
    ]
    payload = {
        "description": (
            "Random bimatrix games (payoffs A, B indexed [row][column]) with every extreme "
            "equilibrium as found by Gambit's enummixed_solve(rational=True), as exact "
            "fractions [[row player's probabilities], [column player's]]."
        ),
        "generator": "benchmarks/make_gambit_fixtures.py",
        "seed": SEED,
        "pygambit_version": gbt.__version__,
        "nashpy_version": nashpy.__version__,
        "games_where_nashpy_support_enumeration_misses_equilibria": missed,
        "games": games,
    }
    OUT.write_text(json.dumps(payload, indent=1) + "\n")
    print(f"wrote {OUT} ({len(games)} games; nashpy support enumeration misses on {len(missed)})")


if __name__ == "__main__":
    main()
