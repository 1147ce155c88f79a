"""Game trees, bargaining and power indices: mediation_sim vs pygambit, in one process.

Run from the repository root::

    python benchmarks/bench_sequential.py

Prints the median time of each workload over a few repeats. Where pygambit
does the same work (reading ``.efg`` text, building the reduced strategic
form) the ratio pygambit / mediation_sim is shown (above 1: mediation_sim is
faster). pygambit has no subgame-perfect solver or power indices, so those
rows compare mediation_sim's vectorised code with a plain-Python recursion or
enumeration of the same quantity. pygambit is optional.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from itertools import permutations
from math import factorial
from pathlib import Path
from typing import Any

import _timing
import numpy as np
from _timing import optional

import mediation_sim as ms
from mediation_sim.games import Chance, GameTree, Terminal, WeightedVotingGame

gbt = optional("pygambit")

REPEATS = 5


def median_time(func: Callable[[], object], repeats: int = REPEATS) -> float:
    return _timing.median_time(func, repeats)


def row(label: str, ours: float, peer: float | None, peer_name: str = "pygambit") -> None:
    if peer is None:
        print(f"{label:52s} {ours * 1e3:10.2f} ms")
    else:
        print(
            f"{label:52s} {ours * 1e3:10.2f} ms  {peer_name} {peer * 1e3:10.2f} ms  "
            f"ratio {peer / ours:6.2f}"
        )


def recursive_spe(tree: GameTree) -> np.ndarray:
    """Plain-Python backward induction over the builder nodes (the reference)."""

    def solve(node: Any) -> np.ndarray:
        if isinstance(node, Terminal):
            return np.asarray(node.payoffs, dtype=float)
        values = [solve(c) for c in node.children]
        if isinstance(node, Chance):
            return sum(p * v for p, v in zip(node.probabilities, values, strict=True))
        i = tree.players.index(node.player)
        return max(values, key=lambda v: v[i])

    return solve(tree.root)


def shapley_by_orders(game: WeightedVotingGame) -> np.ndarray:
    n = game.n_players
    out = np.zeros(n)
    for order in permutations(range(n)):
        total = 0.0
        for i in order:
            before = total >= game.quota
            total += game.weights[i]
            if not before and total >= game.quota:
                out[i] += 1
                break
    return out / factorial(n)


def main() -> None:
    print("== .efg files and the reduced strategic form")
    catalog = (
        sorted(Path(gbt.__file__).parent.glob("catalog_data/**/*.efg")) if gbt is not None else []
    )
    texts = [p.read_text() for p in catalog]
    if texts:
        ours = median_time(lambda: [ms.io.loads_efg(t) for t in texts])
        peer = median_time(lambda: [gbt.read_efg(io.StringIO(t)) for t in texts])
        row(f"read {len(texts)} catalogue .efg files", ours, peer)
        trees = [ms.io.loads_efg(t) for t in texts]
        games = [gbt.read_efg(io.StringIO(t)) for t in texts]
        ours = median_time(lambda: [t.to_normal_form() for t in trees])
        peer = median_time(lambda: [g.to_arrays() for g in games])
        row("reduced strategic form of the catalogue", ours, peer)

    big = ms.solvers.alternating_offers(3, 0.9, 0.8, grid=20, method="tree").tree_result
    assert big is not None
    text = ms.io.dumps_efg(big.tree)
    ours = median_time(lambda: ms.io.loads_efg(text), repeats=3)
    peer = median_time(lambda: gbt.read_efg(io.StringIO(text)), repeats=3) if gbt else None
    row(f"read a {big.tree.n_nodes:,}-node offer tree", ours, peer)
    ours = median_time(lambda: ms.io.dumps_efg(big.tree), repeats=3)
    if gbt is not None:
        game = gbt.read_efg(io.StringIO(text))
        peer = median_time(game.to_efg, repeats=3)
    row(f"write a {big.tree.n_nodes:,}-node offer tree", ours, peer)

    print("== backward induction (pygambit has no subgame-perfect solver)")
    for rounds, grid in ((3, 20), (4, 12)):
        tree = ms.solvers.alternating_offers(rounds, 0.9, 0.8, grid=grid, method="tree")
        assert tree.tree_result is not None
        t = tree.tree_result.tree
        ours = median_time(lambda t=t: ms.solvers.backward_induction(t), repeats=3)
        ref = median_time(lambda t=t: recursive_spe(t), repeats=3)
        row(f"SPE of a {t.n_nodes:,}-node tree vs plain recursion", ours, ref, "recursion")
        build = median_time(
            lambda r=rounds, g=grid: ms.solvers.alternating_offers(
                r, 0.9, 0.8, grid=g, method="tree"
            ),
            repeats=3,
        )
        row(f"  build + flatten + solve ({rounds} rounds, grid {grid})", build, None)

    print("== power indices (no peer installed; plain enumeration as reference)")
    eec = WeightedVotingGame(12, [4, 4, 4, 2, 2, 1])
    ours = median_time(lambda: ms.solvers.shapley_shubik_index(eec))
    ref = median_time(lambda: shapley_by_orders(eec))
    row("Shapley-Shubik, EEC 1958 (6 members), dp vs n! orders", ours, ref, "orders")
    unsc = WeightedVotingGame(39, [7] * 5 + [1] * 10)
    ours = median_time(lambda: ms.solvers.shapley_shubik_index(unsc))
    exact = median_time(lambda: ms.solvers.shapley_shubik_index(unsc, method="exact"))
    row("Shapley-Shubik, UNSC (15 members), dp vs 2**15 bitmasks", ours, exact, "bitmask")
    nice = WeightedVotingGame(
        255, [29] * 4 + [27] * 2 + [14, 13] + [12] * 5 + [10] * 3 + [7] * 5 + [4] * 5 + [3]
    )
    ours = median_time(lambda: ms.solvers.shapley_shubik_index(nice), repeats=3)
    sampled = median_time(
        lambda: ms.solvers.shapley_value(nice, method="sampling", n_samples=10_000, rng=0),
        repeats=3,
    )
    row("Shapley-Shubik, Nice Council (27), dp vs 10k sampled orders", ours, sampled, "sampling")
    table = ms.games.TUGame.from_function(16, lambda m: (m.sum(axis=1) / 16.0) ** 2)
    ours = median_time(lambda: ms.solvers.shapley_value(table), repeats=3)
    row("Shapley value, 16-player TU game (2**16 coalitions)", ours, None)


if __name__ == "__main__":
    main()
