"""Scaling curves: time against the number of players and of strategies, ours vs QuantEcon.

Run from the repository root::

    python benchmarks/bench_scaling.py [--quick] [--plot DIR]

Workloads (random payoffs, fixed seed, games built before timing):

* **pure equilibria vs players**: batches of games with 3 strategies per
  player and 2 to 6 players (9 to 729 profiles): ONE call of
  ``ms.solvers.pure_nash_mask`` on the stacked batch against a loop of
  QuantEcon's ``pure_nash_brute`` over the same games;
* **pure equilibria vs strategies**: 3 players with 2 to 12 strategies
  each (8 to 1,728 profiles), the same two methods;
* **all extreme equilibria of two-player games vs strategies**: square games
  of 2 to 10 strategies, ``ms.solvers.vertex_enumeration`` (every answer
  verified by the regret oracle) against QuantEcon's ``vertex_enumeration``.

Each cell is the time per game (median of repeated runs, the two libraries
in turn); the ratio is QuantEcon / mediation_sim (above 1: mediation_sim is
faster). The equilibrium sets are compared on every game. With ``--plot
DIR`` the three curves are drawn to ``DIR/scaling_players.png`` and
``DIR/scaling_strategies.png``. BLAS runs single-threaded
(``OPENBLAS_NUM_THREADS=1`` unless set). Time against the number of Monte
Carlo draws is ``bench_monte_carlo.py``'s plot.
"""

# ruff: noqa: E402 -- BLAS threads must be pinned before NumPy is imported
from __future__ import annotations

from _timing import optional, pin_blas_threads

pin_blas_threads()

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

import mediation_sim as ms

qe = optional("quantecon.game_theory")

QUICK = "--quick" in sys.argv
BATCH = 50 if QUICK else 200
PLAYERS = (2, 3, 4, 5) if QUICK else (2, 3, 4, 5, 6)
STRATEGIES = (2, 4, 6, 8) if QUICK else (2, 3, 4, 6, 8, 10, 12)
TWO_PLAYER = (2, 4, 6) if QUICK else (2, 3, 4, 5, 6, 7, 8, 9, 10)
TWO_PLAYER_GAMES = 3 if QUICK else 5


def per_game(
    funcs: dict[str, Callable[[], object]], n_games: int, repeats: int
) -> dict[str, float]:
    """Median time per game of each workload, the workloads called in turn."""
    times: dict[str, list[float]] = {name: [] for name in funcs}
    for _ in range(repeats):
        for name, func in funcs.items():
            start = time.perf_counter()
            func()
            times[name].append((time.perf_counter() - start) / n_games)
    return {name: statistics.median(values) for name, values in times.items()}


def fmt(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:.1f} us"
    if seconds < 1:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds:.2f} s"


def pure_row(n_players: int, n_strategies: int, rng: np.random.Generator) -> dict[str, float]:
    """Time per game of the batched mask and of QuantEcon's loop; check the sets agree."""
    shape = (n_players,) + (n_strategies,) * n_players
    batch = rng.integers(0, 10, size=(BATCH, *shape)).astype(float)
    masks = ms.solvers.pure_nash_mask(batch, n_players=n_players)
    funcs: dict[str, Callable[[], object]] = {
        "ours": lambda: ms.solvers.pure_nash_mask(batch, n_players=n_players)
    }
    agree = "-"
    if qe is not None:
        games = [qe.NormalFormGame(np.moveaxis(p, 0, -1)) for p in batch]
        same = all(
            {tuple(int(a) for a in p) for p in qe.pure_nash_brute(g)}
            == {tuple(int(a) for a in row) for row in np.argwhere(m)}
            for g, m in zip(games, masks, strict=True)
        )
        agree = f"{BATCH}/{BATCH}" if same else "DISAGREE"
        funcs["QuantEcon"] = lambda: [qe.pure_nash_brute(g) for g in games]
    out = per_game(funcs, BATCH, 5)
    ratio = f"{out['QuantEcon'] / out['ours']:.0f}x" if "QuantEcon" in out else "-"
    theirs = fmt(out["QuantEcon"]) if "QuantEcon" in out else "-"
    print(
        f"  {n_players} x {n_strategies:<3d} {n_strategies**n_players:>7,d} profiles  "
        f"ours {fmt(out['ours']):>9s}   QuantEcon {theirs:>9s}   {ratio:>6s}   same sets {agree}"
    )
    return out


def two_player_row(size: int, rng: np.random.Generator) -> dict[str, float]:
    """Time per game of both vertex enumerations; check the equilibrium sets agree."""
    games = [
        ms.NormalFormGame(rng.uniform(-1, 1, size=(2, size, size))) for _ in range(TWO_PLAYER_GAMES)
    ]
    funcs: dict[str, Callable[[], object]] = {
        "ours": lambda: [ms.solvers.vertex_enumeration(g) for g in games]
    }
    agree = "-"
    if qe is not None:
        qgames = [
            qe.NormalFormGame((qe.Player(g.payoffs[0]), qe.Player(g.payoffs[1].T))) for g in games
        ]

        def same(g: ms.NormalFormGame, q: object) -> bool:
            ours = [np.concatenate(eq.probabilities) for eq in ms.solvers.vertex_enumeration(g)]
            theirs = [np.concatenate(eq) for eq in qe.vertex_enumeration(q)]
            return len(ours) == len(theirs) and all(
                any(np.allclose(x, y, atol=1e-6) for y in theirs) for x in ours
            )

        n_same = sum(same(g, q) for g, q in zip(games, qgames, strict=True))
        agree = f"{n_same}/{len(games)}"
        funcs["QuantEcon"] = lambda: [qe.vertex_enumeration(q) for q in qgames]
    out = per_game(funcs, len(games), 21)
    ratio = f"{out['QuantEcon'] / out['ours']:.2f}x" if "QuantEcon" in out else "-"
    theirs = fmt(out["QuantEcon"]) if "QuantEcon" in out else "-"
    print(
        f"  {size:>2d} x {size:<2d}  ours {fmt(out['ours']):>9s}   QuantEcon {theirs:>9s}   "
        f"{ratio:>6s}   same sets {agree}"
    )
    return out


def plot(directory: Path, curves: dict[str, tuple[list[int], list[dict[str, float]]]]) -> None:
    import matplotlib.pyplot as plt

    directory.mkdir(parents=True, exist_ok=True)
    panels = {
        "scaling_players.png": [("pure equilibria, 3 strategies each", "players")],
        "scaling_strategies.png": [
            ("pure equilibria, 3 players", "strategies per player"),
            ("two-player extreme equilibria", "strategies per player"),
        ],
    }
    for filename, specs in panels.items():
        fig, axes = plt.subplots(1, len(specs), figsize=(5.5 * len(specs), 4), squeeze=False)
        for ax, (title, xlabel) in zip(axes[0], specs, strict=True):
            xs, rows = curves[title]
            for name, style in (("ours", "o-"), ("QuantEcon", "s--")):
                if all(name in r for r in rows):
                    label = "mediation_sim" if name == "ours" else "QuantEcon"
                    ax.plot(xs, [r[name] * 1e3 for r in rows], style, label=label)
            ax.set_yscale("log")
            ax.set_xlabel(xlabel)
            ax.set_ylabel("time per game (ms)")
            ax.set_title(title)
            ax.grid(True, which="both", alpha=0.3)
            ax.legend()
        fig.tight_layout()
        fig.savefig(directory / filename, dpi=110)
        plt.close(fig)
        print(f"wrote {directory / filename}")


def main() -> None:
    print(
        "mediation_sim",
        ms.__version__,
        "| QuantEcon",
        "yes" if qe is not None else "not installed (pip install quantecon)",
    )
    rng = np.random.default_rng(20230521)
    curves: dict[str, tuple[list[int], list[dict[str, float]]]] = {}

    print(f"\nPure equilibria vs players (3 strategies each; {BATCH} games per size; per game)")
    rows = [pure_row(n, 3, rng) for n in PLAYERS]
    curves["pure equilibria, 3 strategies each"] = (list(PLAYERS), rows)

    print(f"\nPure equilibria vs strategies (3 players; {BATCH} games per size; per game)")
    rows = [pure_row(3, m, rng) for m in STRATEGIES]
    curves["pure equilibria, 3 players"] = (list(STRATEGIES), rows)

    print(f"\nAll extreme equilibria of two-player games ({TWO_PLAYER_GAMES} games per size)")
    rows = [two_player_row(m, rng) for m in TWO_PLAYER]
    curves["two-player extreme equilibria"] = (list(TWO_PLAYER), rows)

    if "--plot" in sys.argv:
        plot(Path(sys.argv[sys.argv.index("--plot") + 1]), curves)


if __name__ == "__main__":
    main()
