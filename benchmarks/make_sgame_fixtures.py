"""Solve stochastic games with sgamesolver and store games, equilibria and timings as JSON.

sgamesolver 1.0.x needs ``numpy<2`` (it uses ``np.NaN`` and imports NumPy in
its build without declaring it), so it cannot live in the project's
environment. Make a separate one and run this script with its Python::

    python -m venv /work/venv-sgame
    /work/venv-sgame/bin/pip install "numpy<2" "pandas<2.3" scipy cython setuptools wheel
    /work/venv-sgame/bin/pip install --no-build-isolation sgamesolver
    /work/venv-sgame/bin/python benchmarks/make_sgame_fixtures.py

The output, ``tests/data/sgame_equilibria.json`` by default, is the bridge
between the two environments: ``tests/solvers/test_sgame_crosscheck.py``
re-solves every game with :func:`mediation_sim.solvers.stationary_equilibrium`
and ``benchmarks/bench_stochastic.py --sgame-python ...`` compares times.

Games: sgamesolver's published examples (dynamic rock-paper-scissors, the
repeated prisoner's dilemma with a memory of defections, the one-shot stag
hunt and prisoner's dilemma) and random games from ``SGame.random_game`` with
fixed seeds. Every game is solved with sgamesolver's QRE homotopy (the logit
branch from uniform play, the same branch ours follows) at its default
``convergence_tol`` (timed: median of ``--repeats`` runs of ``solver_setup()``
+ ``solve()``) and at ``TIGHT`` (the accurate reference the tests compare
with, timed once), and with its logarithmic tracing procedure from the
centroid prior (timed once; it may end at another equilibrium). The regret is
sgamesolver's own ``check_equilibrium`` (largest one-shot-deviation gain).

This script uses only sgamesolver's public API; it is not imported by the
library or the tests.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402
import sgamesolver  # noqa: E402

# sgamesolver's QRE stops at a finite precision; its regret falls about
# tenfold per tenfold smaller convergence_tol. TIGHT gives references near
# regret 1e-6 on mixed equilibria (a few seconds per game).
TIGHT = 1e-10

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "sgame_equilibria.json"

# (states, players, actions, seed) for SGame.random_game, discount 0.95.
RANDOM_SIZES = [
    (1, 2, 2),
    (2, 2, 2),
    (3, 2, 3),
    (3, 3, 2),
    (5, 2, 3),
    (4, 2, 4),
]


def examples() -> list[tuple[str, list[np.ndarray], list[np.ndarray], float]]:
    """sgamesolver's published examples (its ``examples/`` folder)."""
    rps = np.array([[0, -1, 1], [1, 0, -1], [-1, 1, 0]], dtype=float)
    s1 = np.array([rps, -rps])
    s2 = s1.copy()
    s2[0, 2, 2], s2[1, 2, 2] = 1, -1  # player 0 wins a tie on scissors
    s3 = s1.copy()
    s3[0, 2, 2], s3[1, 2, 2] = -1, 1  # player 1 wins a tie on scissors
    move = np.zeros((3, 3, 3))
    move[:, :, 0] = 1  # neither or both played scissors
    move[2, :2] = [0, 1, 0]  # only player 0 played scissors
    move[:2, 2] = [0, 0, 1]  # only player 1 played scissors
    dyn_rps = ("dynamic rock-paper-scissors", [s1, s2, s3], [move] * 3, 0.95)

    pd = np.array([[[2, 0], [3, 1]], [[2, 3], [0, 1]]], dtype=float)
    trans = []
    for s in range(4):
        t = np.zeros((2, 2, 4))
        for a in range(2):
            for b in range(2):
                d0 = (s in (1, 3)) or a == 1
                d1 = (s in (2, 3)) or b == 1
                t[a, b, d0 + 2 * d1 if not (d0 and d1) else 3] = 1
        trans.append(t)
    # states: 0 nobody defected, 1 only player 0, 2 only player 1, 3 both
    rpd = ("repeated prisoner's dilemma", [pd] * 4, trans, 0.99)

    stag = np.array([[[5, 0], [4, 2]], [[5, 4], [0, 2]]], dtype=float)
    one_shot = np.ones((2, 2, 1))  # stay, with discount 0: a one-shot game
    return [
        dyn_rps,
        rpd,
        ("stag hunt (one shot)", [stag], [one_shot], 0.0),
        ("prisoner's dilemma (one shot)", [pd], [one_shot], 0.0),
    ]


def solve(game: sgamesolver.SGame, kind: str, repeats: int, convergence_tol: float = 1e-7) -> dict:
    times = []
    hom = None
    for _ in range(repeats):
        hom = (
            sgamesolver.homotopy.QRE(game)
            if kind == "qre"
            else sgamesolver.homotopy.LogTracing(game)
        )
        start = time.perf_counter()
        hom.solver_setup()
        hom.solver.verbose = 0
        hom.solver.convergence_tol = convergence_tol
        hom.solve()
        times.append(time.perf_counter() - start)
    assert hom is not None
    if hom.equilibrium is None:
        return {"success": False, "seconds": float(np.median(times))}
    sigma = hom.equilibrium.strategies
    return {
        "success": True,
        "strategies": hom.equilibrium.to_list(),
        "values": np.asarray(hom.equilibrium.values).tolist(),
        "regret": float(np.max(game.check_equilibrium(sigma))),
        "seconds": float(np.median(times)),
        "convergence_tol": convergence_tol,
    }


def record(name: str, payoffs, transitions, discount, repeats: int) -> dict:
    game = sgamesolver.SGame(payoffs, transitions, discount)
    return {
        "name": name,
        "payoffs": [np.asarray(u, dtype=float).tolist() for u in payoffs],
        "transitions": [np.asarray(t, dtype=float).tolist() for t in transitions],
        "discount": np.broadcast_to(
            np.asarray(discount, dtype=float), (game.num_players,)
        ).tolist(),
        "qre": solve(game, "qre", repeats),
        "qre_tight": solve(game, "qre", 1, TIGHT),
        "tracing": solve(game, "tracing", 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--per-size", type=int, default=3, help="random games per size")
    args = parser.parse_args()

    games = [record(*ex, args.repeats) for ex in examples()]
    for states, players, actions in RANDOM_SIZES:
        for k in range(args.per_size):
            seed = 1000 * states + 100 * players + 10 * actions + k
            g = sgamesolver.SGame.random_game(states, players, actions, delta=0.95, seed=seed)
            cut = [tuple(slice(0, m) for m in g.nums_actions[s]) for s in range(states)]
            payoffs = [g.u[s][(slice(None), *cut[s])] for s in range(states)]
            transitions = [g.phi[(s, *cut[s])] for s in range(states)]
            name = f"random {states}x{players}x{actions} seed {seed}"
            games.append(record(name, payoffs, transitions, 0.95, args.repeats))
            print(name, games[-1]["qre"]["seconds"], flush=True)
    payload = {
        "generator": "benchmarks/make_sgame_fixtures.py",
        "sgamesolver": sgamesolver.__version__,
        "numpy": np.__version__,
        "games": games,
    }
    args.out.write_text(json.dumps(payload, indent=1) + "\n")
    print(f"wrote {len(games)} games to {args.out}")


if __name__ == "__main__":
    main()
