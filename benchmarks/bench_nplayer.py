"""N-player mixed equilibria: mediation_sim vs pygambit and QuantEcon, in one process.

Run from the repository root (takes a few minutes)::

    python benchmarks/bench_nplayer.py            # all workloads
    python benchmarks/bench_nplayer.py --quick    # fewer games, no gnm/simpdiv on 5 players

Workloads: random games with payoffs drawn uniformly from [0, 1) (fixed
seed): 3 players x 3 strategies, 5 x 3 and 5 x 4. Each solver is asked for
one equilibrium of each game. For every solver and workload the script
prints the median wall time per game, the median and largest *relative*
regret of what it returned (regret / payoff range, computed by
mediation_sim's oracle for every library), and how many games it solved
(returned a profile with relative regret <= 1e-6). Then it prints the ratios
the issue asks for:

* time of pygambit ``logit_solve`` / time of ``ms.solvers.logit_nash``
  (above 1: mediation_sim faster);
* time of ``logit_nash`` / time of pygambit ``ipa_solve`` (below 2 is the
  target) and the ratio of their median regrets (ours floored at machine
  epsilon, so the printed ratio is a lower bound);
* the same two time ratios for the ``nash`` router with its presolve.

mediation_sim rows:

``nash``            the router with its presolve (pure equilibria and dominance first);
``logit_nash``      logit QRE path following alone (no presolve);
``tracing_nash``    the logarithmic tracing procedure alone;
``*[no pure]``      the same, only on the games without a pure equilibrium.

pygambit's ``gnm_solve`` and ``simpdiv_solve`` run in a fresh child process
(timed inside it) with a time limit (60 s, or 20 s with ``--quick``; a timed-out game counts as
unsolved and at the limit), on every 3-player game and on the first four
5-player games (without ``--quick`` only: they take seconds to minutes each
there). The machine may be shared: numbers are medians of single runs.
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import time
import warnings
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from _timing import optional

import mediation_sim as ms

gbt = optional("pygambit")
qe = optional("quantecon.game_theory")

SEED = 20230515
SOLVED = 1e-6
EPS = float(np.finfo(float).eps)  # regrets below it print as it, so the ratio is a lower bound


def relative_regret(game: ms.NormalFormGame, vectors: Sequence[Sequence[float]]) -> float:
    clean = []
    for v in vectors:
        arr = np.clip(np.asarray(v, dtype=float), 0.0, None)
        clean.append(arr / arr.sum())
    return game.regret(clean) / game.payoff_range


def ours(solver: Callable[..., Any]) -> Callable[[ms.NormalFormGame, Any], list[np.ndarray]]:
    def run(game: ms.NormalFormGame, _prepared: Any) -> list[np.ndarray]:
        res = solver(game)
        return list(res[0].probabilities) if len(res) else []

    return run


def gambit_game(game: ms.NormalFormGame) -> Any:
    return gbt.Game.from_arrays(*[np.array(game.payoffs[i]) for i in range(game.n_players)])


def gambit(name: str, **kwargs: Any) -> Callable[[ms.NormalFormGame, Any], list[np.ndarray]]:
    def run(_game: ms.NormalFormGame, prepared: Any) -> list[np.ndarray]:
        if name == "simpdiv_solve":
            result = gbt.nash.simpdiv_solve(prepared.mixed_strategy_profile(rational=True))
        else:
            result = getattr(gbt.nash, name)(prepared, **kwargs)
        if not result.equilibria:
            return []
        eq = result.equilibria[0]
        return [np.array([float(eq[s]) for s in p.strategies]) for p in prepared.players]

    return run


def _child(conn: Any, name: str, payoffs: np.ndarray) -> None:  # runs in a forked process
    game = ms.NormalFormGame(payoffs)
    prepared = gambit_game(game)
    start = time.perf_counter()
    vectors = gambit(name)(game, prepared)
    conn.send((time.perf_counter() - start, [v.tolist() for v in vectors]))
    conn.close()


def gambit_with_timeout(name: str, timeout: float) -> Callable[..., Any]:
    """Run a slow pygambit solver in a child process, giving up after ``timeout`` seconds.

    Returns ``(elapsed, vectors)``; on a timeout the child is terminated and
    ``(timeout, [])`` is returned (counted as unsolved, with time >= timeout).
    """

    def run(game: ms.NormalFormGame) -> tuple[float, list[np.ndarray]]:
        # a fresh interpreter per game: pygambit state does not survive fork() safely
        ctx = multiprocessing.get_context("spawn")
        parent, child = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_child, args=(child, name, np.array(game.payoffs)))
        proc.start()
        child.close()
        try:
            if parent.poll(timeout + 10.0):  # + interpreter start-up
                elapsed, vectors = parent.recv()
                proc.join()
                return elapsed, [np.array(v) for v in vectors]
        except EOFError:  # the child crashed
            proc.join()
            return float("nan"), []
        proc.terminate()
        proc.join()
        return timeout, []

    return run


def bench_slow(
    label: str, run: Callable[..., Any], games: Sequence[ms.NormalFormGame], timeout: float
) -> dict[str, Any]:
    times = []
    regrets = []
    for game in games:
        elapsed, vectors = run(game)
        times.append(elapsed)
        regrets.append(relative_regret(game, vectors) if vectors else float("inf"))
    solved = sum(r <= SOLVED for r in regrets)
    crashed = sum(not np.isfinite(t) for t in times)
    timeouts = sum(not np.isfinite(r) for r in regrets) - crashed
    note = f" ({timeouts} timed out at {timeout:g}s)" if timeouts else ""
    note += f" ({crashed} crashed)" if crashed else ""
    times = [t for t in times if np.isfinite(t)] or [float("nan")]
    return {
        "label": label + note,
        "time": statistics.median(times),
        "regret": statistics.median(regrets),
        "worst": max(regrets),
        "solved": f"{solved}/{len(games)}",
    }


def quantecon_mt(_game: ms.NormalFormGame, prepared: Any) -> list[np.ndarray]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return [np.asarray(v, dtype=float) for v in qe.mclennan_tourky(prepared)]


def bench(
    label: str,
    run: Callable[[ms.NormalFormGame, Any], list[np.ndarray]],
    games: Sequence[ms.NormalFormGame],
    prepare: Callable[[ms.NormalFormGame], Any] | None = None,
) -> dict[str, Any]:
    times = []
    regrets = []
    for game in games:
        prepared = prepare(game) if prepare is not None else None
        start = time.perf_counter()
        vectors = run(game, prepared)
        times.append(time.perf_counter() - start)
        regrets.append(relative_regret(game, vectors) if vectors else float("inf"))
    solved = sum(r <= SOLVED for r in regrets)
    return {
        "label": label,
        "time": statistics.median(times),
        "regret": statistics.median(regrets),
        "worst": max(regrets),
        "solved": f"{solved}/{len(games)}",
    }


def show(rows: list[dict[str, Any]]) -> None:
    print(
        f"  {'solver':34s} {'median time':>12s} {'median regret':>14s} {'max regret':>11s} solved"
    )
    for r in rows:
        print(
            f"  {r['label']:34s} {r['time'] * 1e3:10.2f}ms {r['regret']:14.2e} "
            f"{r['worst']:11.2e} {r['solved']}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer games, skip slow peers")
    args = parser.parse_args()
    rng = np.random.default_rng(SEED)
    sizes = (
        {"3x3x3": (3, 3, 10), "5x3": (5, 3, 8), "5x4": (5, 4, 4)}
        if args.quick
        else {"3x3x3": (3, 3, 30), "5x3": (5, 3, 20), "5x4": (5, 4, 12)}
    )
    ratios = []
    for name, (n, s, count) in sizes.items():
        games = [ms.NormalFormGame(rng.uniform(size=(n, *(s,) * n))) for _ in range(count)]
        mixed_only = [g for g in games if not len(ms.solvers.pure_nash(g))]
        print(f"\n{name}: {count} games ({len(mixed_only)} without a pure equilibrium)")
        rows = [
            bench("mediation_sim nash (presolve)", ours(ms.solvers.nash), games),
            bench("mediation_sim logit_nash", ours(ms.solvers.logit_nash), games),
            bench("mediation_sim tracing_nash", ours(ms.solvers.tracing_nash), games),
        ]
        if mixed_only:
            rows += [
                bench(
                    "mediation_sim logit_nash [no pure]", ours(ms.solvers.logit_nash), mixed_only
                ),
                bench(
                    "mediation_sim tracing_nash [no pure]",
                    ours(ms.solvers.tracing_nash),
                    mixed_only,
                ),
            ]
        peer: dict[str, dict[str, Any]] = {}
        if gbt is not None:
            peer["logit"] = bench("pygambit logit_solve", gambit("logit_solve"), games, gambit_game)
            peer["ipa"] = bench("pygambit ipa_solve", gambit("ipa_solve"), games, gambit_game)
            rows += [peer["logit"], peer["ipa"]]
            if mixed_only:
                rows.append(
                    bench(
                        "pygambit logit_solve [no pure]",
                        gambit("logit_solve"),
                        mixed_only,
                        gambit_game,
                    )
                )
            if not (args.quick and n == 5):
                timeout = 20.0 if args.quick else 60.0
                slow_games = games if n == 3 else games[:4]
                label = "" if slow_games is games else f" [first {len(slow_games)}]"
                for solver in ("gnm_solve", "simpdiv_solve"):
                    rows.append(
                        bench_slow(
                            f"pygambit {solver}{label}",
                            gambit_with_timeout(solver, timeout),
                            slow_games,
                            timeout,
                        )
                    )
        else:
            print("  (pygambit not installed: no pygambit rows)")
        if qe is not None:
            rows.append(
                bench("quantecon mclennan_tourky", quantecon_mt, games, ms.games.to_quantecon)
            )
        show(rows)
        if peer:
            logit = rows[1]
            ratios.append(
                (
                    name,
                    peer["logit"]["time"] / logit["time"],
                    logit["time"] / peer["ipa"]["time"],
                    peer["ipa"]["regret"] / max(logit["regret"], EPS),
                    peer["logit"]["time"] / rows[0]["time"],
                    rows[0]["time"] / peer["ipa"]["time"],
                )
            )
    if ratios:
        print("\nratios (medians):")
        print(
            f"  {'games':6s} {'logit_solve/logit_nash':>23s} {'logit_nash/ipa':>15s} "
            f"{'ipa regret/ours (>=)':>21s} {'logit_solve/nash':>17s} {'nash/ipa':>9s}"
        )
        for name, a, b, c, d, e in ratios:
            print(f"  {name:6s} {a:23.1f} {b:15.2f} {c:21.1e} {d:17.1f} {e:9.2f}")


if __name__ == "__main__":
    main()
