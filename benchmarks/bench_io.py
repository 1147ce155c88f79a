"""Read and write Gambit .nfg text: mediation_sim vs pygambit, in one process.

Run from the repository root::

    python benchmarks/bench_io.py

Prints the median time of each workload over a few repeats and the ratio
pygambit / mediation_sim (above 1 means mediation_sim is faster). pygambit is
optional; without it only mediation_sim's times are printed.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import _timing
import numpy as np
from _timing import optional

import mediation_sim as ms

gbt = optional("pygambit")

REPEATS = 5
SHAPES = [(50, 50), (200, 200), (10, 10, 10), (30, 30, 30)]


def median_time(func: Callable[[], object]) -> float:
    return _timing.median_time(func, REPEATS)


def main() -> None:
    rng = np.random.default_rng(0)
    print(f"{'workload':44s} {'mediation_sim':>14s} {'pygambit':>10s} {'ratio':>7s}")
    for shape in SHAPES:
        # integers keep pygambit's exact-rational arithmetic cheap and comparable
        payoffs = rng.integers(-100, 100, size=(len(shape), *shape)).astype(float)
        game = ms.NormalFormGame(payoffs)
        label = "x".join(map(str, shape))
        payoff_text = ms.io.dumps_nfg(game)
        outcome_text = ms.io.dumps_nfg(game, outcomes=True)
        theirs = gbt.Game.from_arrays(*payoffs.astype(int)) if gbt is not None else None
        gambit_text = theirs.to_nfg() if theirs is not None else outcome_text
        rows: list[tuple[str, Callable[[], object], Callable[[], object] | None]] = [
            (
                f"read payoff version {label}",
                lambda t=payoff_text: ms.io.loads_nfg(t),
                (lambda t=payoff_text: gbt.read_nfg(io.StringIO(t))) if gbt else None,
            ),
            (
                f"read outcome version (Gambit-written) {label}",
                lambda t=gambit_text: ms.io.loads_nfg(t),
                (lambda t=gambit_text: gbt.read_nfg(io.StringIO(t))) if gbt else None,
            ),
            (
                f"write {label}",
                lambda g=game: ms.io.dumps_nfg(g),
                (lambda g=theirs: g.to_nfg()) if theirs is not None else None,
            ),
            (
                f"write outcome version {label}",
                lambda g=game: ms.io.dumps_nfg(g, outcomes=True),
                None,
            ),
        ]
        for name, ours, peer in rows:
            t_ours = median_time(ours)
            if peer is None:
                print(f"{name:44s} {t_ours * 1e3:12.2f}ms {'-':>10s} {'-':>7s}")
                continue
            t_peer = median_time(peer)
            print(f"{name:44s} {t_ours * 1e3:12.2f}ms {t_peer * 1e3:8.2f}ms {t_peer / t_ours:7.2f}")
        assert ms.io.loads_nfg(outcome_text) == game


if __name__ == "__main__":
    main()
