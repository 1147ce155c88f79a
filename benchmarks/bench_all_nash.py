"""All equilibria of small N-player games: ``all_nash`` against pygambit's ``enumpoly_solve``.

Run with an interpreter that has pygambit (it is compiled from source; it is
not a dependency of mediation_sim)::

    PYTHONPATH=src python benchmarks/bench_all_nash.py            # every size
    PYTHONPATH=src python benchmarks/bench_all_nash.py 3x2 4x2    # some sizes

For each size, random games with integer payoffs in [0, 1000) (generic with
overwhelming probability) are drawn from a fixed seed. Each game is solved
``REPEATS`` times by each library (the fastest run counts); Gambit runs
in a forked child with a time limit, because enumpoly can take very long on
some games. The table reports the median time per game (wall clock, and
CPU time of the solving process, which a loaded machine disturbs less), the
equilibria each found, how many of one library's equilibria the other missed (matched within
1e-6), and whether all_nash proved its list complete and every equilibrium
certified. A generic game has an odd number of equilibria, so an even count
means equilibria were missed.
"""

from __future__ import annotations

import multiprocessing
import statistics
import sys
import time

import _timing

_timing.pin_blas_threads()

import numpy as np  # noqa: E402

import mediation_sim as ms  # noqa: E402

gbt = _timing.optional("pygambit")

SEED = 20261207
SIZES = {
    "3x2": ((2, 2, 2), 8),
    "4x2": ((2, 2, 2, 2), 6),
    "3x3": ((3, 3, 3), 3),
    "5x2": ((2, 2, 2, 2, 2), 3),
}
GAMBIT_TIMEOUT = 60.0
#: Each game is solved this many times by each library; the fastest run counts
#: (the machine is shared, so single runs are noisy).
REPEATS = 3


def _gambit_child(payoffs: np.ndarray, conn: object) -> None:
    game = gbt.Game.from_arrays(*[payoffs[i] for i in range(payoffs.shape[0])])
    elapsed = cpu = float("inf")
    for _ in range(REPEATS):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = gbt.nash.enumpoly_solve(game, use_strategic=True)
        elapsed = min(elapsed, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
    eqs = [
        np.concatenate([[float(eq[s]) for s in p.strategies] for p in game.players])
        for eq in result.equilibria
    ]
    conn.send((elapsed, cpu, eqs))  # type: ignore[attr-defined]


def gambit_equilibria(payoffs: np.ndarray) -> tuple[float, float, list[np.ndarray]] | None:
    """enumpoly's wall and CPU times and equilibria, or None if it did not finish in time."""
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_gambit_child, args=(payoffs, child))
    proc.start()
    if parent.poll(GAMBIT_TIMEOUT):
        out = parent.recv()
        proc.join()
        return out  # type: ignore[no-any-return]
    proc.kill()
    proc.join()
    return None


def missing(ours: list[np.ndarray], theirs: list[np.ndarray]) -> int:
    """How many of ``theirs`` have no match in ``ours``."""
    if not ours:
        return len(theirs)
    stack = np.array(ours)
    return sum(np.abs(stack - t).max(axis=1).min() > 1e-6 for t in theirs)


def main(sizes: list[str]) -> None:
    if gbt is None:
        raise SystemExit("pygambit is not installed in this interpreter")
    rng = np.random.default_rng(SEED)
    print(f"pygambit {gbt.__version__}, mediation_sim {ms.__version__}")
    header = (
        "| size | games | all_nash s/game (median) | enumpoly s/game (median) | ratio | "
        "CPU s/game all_nash / enumpoly | CPU ratio | "
        "equilibria all_nash | equilibria enumpoly | enumpoly missed | all_nash missed | "
        "even counts (all_nash / enumpoly) | complete & certified |"
    )
    print(header)
    print("|---" * 13 + "|")
    for name in sizes:
        shape, n_games = SIZES[name]
        ours_t, theirs_t, ours_c, theirs_c = [], [], [], []
        n_ours = n_theirs = miss_theirs = miss_ours = 0
        even_ours = even_theirs = proved = timeouts = 0
        for _ in range(n_games):
            payoffs = rng.integers(0, 1000, size=(len(shape), *shape)).astype(float)
            game = ms.NormalFormGame(payoffs)
            best = best_cpu = float("inf")
            for _ in range(REPEATS):
                start, start_cpu = time.perf_counter(), time.process_time()
                res = ms.solvers.all_nash(game)
                best = min(best, time.perf_counter() - start)
                best_cpu = min(best_cpu, time.process_time() - start_cpu)
            ours_t.append(best)
            ours_c.append(best_cpu)
            ours = [np.concatenate(eq.probabilities) for eq in res]
            proved += bool(res.complete and res.certified)
            n_ours += len(ours)
            even_ours += len(ours) % 2 == 0
            gambit = gambit_equilibria(payoffs)
            if gambit is None:
                timeouts += 1
                continue
            elapsed, cpu, theirs = gambit
            theirs_t.append(elapsed)
            theirs_c.append(cpu)
            n_theirs += len(theirs)
            even_theirs += len(theirs) % 2 == 0
            miss_theirs += missing(theirs, ours)
            miss_ours += missing(ours, theirs)
        ours_med = statistics.median(ours_t)
        theirs_med = statistics.median(theirs_t) if theirs_t else float("nan")
        ours_cpu = statistics.median(ours_c)
        theirs_cpu = statistics.median(theirs_c) if theirs_c else float("nan")
        extra = f" ({timeouts} timed out > {GAMBIT_TIMEOUT:.0f} s)" if timeouts else ""
        print(
            f"| {len(shape)}p x {shape[0]} | {n_games} | {ours_med:.3f} | "
            f"{theirs_med:.3f}{extra} | "
            f"{ours_med / theirs_med:.2f} | {ours_cpu:.4f} / {theirs_cpu:.4f} | "
            f"{ours_cpu / theirs_cpu:.2f} | {n_ours} | {n_theirs} | {miss_theirs} | {miss_ours} | "
            f"{even_ours} / {even_theirs} | {proved}/{n_games} |",
            flush=True,
        )


if __name__ == "__main__":
    main(sys.argv[1:] or list(SIZES))
