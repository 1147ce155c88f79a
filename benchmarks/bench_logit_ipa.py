"""``logit_nash`` against pygambit's ``ipa_solve``, interleaved per game, in one process.

Run from the repository root where pygambit is installed (about a minute)::

    python benchmarks/bench_logit_ipa.py [n3 n5x3 n5x4]

The games are ``bench_nplayer.py``'s (same seed, same order): random payoffs
uniform on [0, 1), 3 players x 3 strategies, 5 x 3 and 5 x 4; the optional
arguments take only the first games of each workload (default 12, 5, 3).
Each game is solved three times by each library, the two taking turns
(so that load from other jobs hits both alike); a game's time is the median
of its three, and the script prints the median over games and the ratio
``logit_nash / ipa_solve`` (the issue's target: at most 2), with our largest
relative regret and the median number of path steps.
"""

# ruff: noqa: E402 -- BLAS threads must be pinned before NumPy is imported
from __future__ import annotations

from _timing import optional, pin_blas_threads

pin_blas_threads()

import statistics
import sys
import time

import numpy as np

import mediation_sim as ms

gbt = optional("pygambit")

SEED = 20230515  # bench_nplayer.py's
WORKLOADS = {"3x3x3": (3, 3, 30), "5x3": (5, 3, 20), "5x4": (5, 4, 12)}


def main() -> None:
    if gbt is None:
        print("pygambit is not installed: nothing to compare with")
        return
    counts = [int(a) for a in sys.argv[1:4]] or [12, 5, 3]
    rng = np.random.default_rng(SEED)
    for (name, (n, s, total)), take in zip(WORKLOADS.items(), counts, strict=False):
        games = [ms.NormalFormGame(rng.uniform(size=(n, *(s,) * n))) for _ in range(total)]
        ours, theirs, regrets, steps = [], [], [], []
        for game in games[:take]:
            prepared = gbt.Game.from_arrays(*[np.array(game.payoffs[i]) for i in range(n)])
            a, b = [], []
            for _ in range(3):
                start = time.perf_counter()
                res = ms.solvers.logit_nash(game)
                a.append(time.perf_counter() - start)
                start = time.perf_counter()
                gbt.nash.ipa_solve(prepared)
                b.append(time.perf_counter() - start)
            ours.append(statistics.median(a))
            theirs.append(statistics.median(b))
            regrets.append(res.max_regret / game.payoff_range)
            steps.append(res.n_iter)
        t_ours, t_ipa = statistics.median(ours), statistics.median(theirs)
        print(
            f"{name:6s} {len(ours):2d} games  logit_nash {t_ours * 1e3:8.2f} ms  "
            f"ipa_solve {t_ipa * 1e3:7.2f} ms  ratio {t_ours / t_ipa:6.2f}  "
            f"max regret {max(regrets):.1e}  median steps {statistics.median(steps):g}"
        )


if __name__ == "__main__":
    main()
