"""Two-player equilibria: mediation_sim vs QuantEcon, pygambit and nashpy, in one process.

Run from the repository root::

    python benchmarks/bench_two_player.py [--quick]

Workloads (random games with payoffs uniform on [-1, 1], fixed seed, built
before timing):

* all extreme equilibria of 6x6, 8x8 and 10x10 games: our
  ``support_enumeration`` and ``vertex_enumeration`` against QuantEcon's
  ``vertex_enumeration`` and ``support_enumeration``, pygambit's
  ``enummixed_solve(rational=False)`` and nashpy's ``vertex_enumeration`` and
  ``support_enumeration``. nashpy takes seconds to minutes per game, so it
  runs on the 6x6 games and on ONE 8x8 game only, never on 10x10;
* one equilibrium by Lemke-Howson (label 0): ours against QuantEcon's
  ``lemke_howson``, nashpy's ``lemke_howson`` and pygambit's ``lcp_solve``,
  on 15 games per size (path lengths vary). nashpy's is first run in a
  forked child: on some 10x10 games its tableau overflows and it never
  ends; such games are reported and left out of every library's timing.

Each workload is timed a few times per game, the libraries taking turns
(round robin, so that load from other jobs hits all alike); the table shows
the median over games of the per-game medians, and the ratio peer /
mediation_sim (above 1: mediation_sim is faster). The equilibrium SETS are
compared game by game and the agreement is printed. Peers that are not
installed are skipped.

BLAS runs single-threaded (``OPENBLAS_NUM_THREADS=1`` unless set): on a
shared 2-core machine OpenBLAS's worker threads compete with other jobs and
small matrix products become tens of times slower, which would measure the
machine's load rather than the algorithms.
"""

# ruff: noqa: E402 -- BLAS threads must be pinned before NumPy is imported
from __future__ import annotations

import os

from _timing import optional, pin_blas_threads

pin_blas_threads()

import multiprocessing
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

import mediation_sim as ms

qe = optional("quantecon.game_theory")
gbt = optional("pygambit")
nashpy = optional("nashpy")

QUICK = "--quick" in sys.argv
GAMES_PER_SIZE = 3 if QUICK else 5
#: Lemke-Howson is cheap and its time depends on the path length: more games.
LH_GAMES_PER_SIZE = 4 if QUICK else 15
#: Seconds after which nashpy's Lemke-Howson counts as not finishing.
NASHPY_LH_TIMEOUT = 10.0
SIZES = (6, 8, 10)


def per_game_medians(funcs: dict[str, Callable[[], object]], repeats: int) -> dict[str, float]:
    """Median time of each function, calling them in turn ``repeats`` times."""
    times: dict[str, list[float]] = {name: [] for name in funcs}
    for _ in range(repeats):
        for name, func in funcs.items():
            start = time.perf_counter()
            func()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def as_set(profiles: list[Any]) -> list[np.ndarray]:
    return [np.concatenate([np.asarray(v, dtype=float) for v in p]) for p in profiles]


def same_set(first: list[np.ndarray], second: list[np.ndarray], atol: float = 1e-6) -> bool:
    def covered(a: list[np.ndarray], b: list[np.ndarray]) -> bool:
        return all(any(np.allclose(x, y, atol=atol, rtol=0) for y in b) for x in a)

    return len(first) > 0 and covered(first, second) and covered(second, first)


def gambit_profiles(game: Any, result: Any) -> list[list[list[float]]]:
    return [
        [[float(eq[s]) for s in player.strategies] for player in game.players]
        for eq in result.equilibria
    ]


def fmt(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} us"
    if seconds < 1:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds:.2f} s"


def row(name: str, ours: float, theirs: dict[str, float | None]) -> None:
    cells = "  ".join(
        f"{peer}: {fmt(t)} ({t / ours:.2g}x)" if t is not None else f"{peer}: -"
        for peer, t in theirs.items()
    )
    print(f"  {name:28s} ours {fmt(ours):>9s}   {cells}")


def enumeration(size: int, rng: np.random.Generator) -> None:
    games = [
        ms.NormalFormGame(rng.uniform(-1, 1, size=(2, size, size))) for _ in range(GAMES_PER_SIZE)
    ]
    repeats = {6: 15, 8: 9, 10: 5}[size]
    timing: dict[str, list[float]] = {}
    agree: dict[str, list[bool]] = {}
    counts = []

    def check(key: str, value: bool) -> None:
        agree.setdefault(key, []).append(value)

    for k, game in enumerate(games):
        a, b = game.payoffs
        ve = ms.solvers.vertex_enumeration(game)
        se = ms.solvers.support_enumeration(game)
        reference = as_set([eq.probabilities for eq in ve])
        counts.append(len(ve))
        check(
            "ours support == ours vertex",
            same_set(as_set([e.probabilities for e in se]), reference),
        )
        fast: dict[str, Callable[[], object]] = {
            "ours vertex": lambda g=game: ms.solvers.vertex_enumeration(g)
        }
        slow: dict[str, Callable[[], object]] = {
            "ours support": lambda g=game: ms.solvers.support_enumeration(g)
        }
        if qe is not None:
            qg = qe.NormalFormGame([qe.Player(np.array(a)), qe.Player(np.array(b.T))])
            check("QuantEcon vertex", same_set(as_set(qe.vertex_enumeration(qg)), reference))
            check("QuantEcon support", same_set(as_set(qe.support_enumeration(qg)), reference))
            fast["QE vertex"] = lambda q=qg: qe.vertex_enumeration(q)
            slow["QE support"] = lambda q=qg: qe.support_enumeration(q)
        if gbt is not None:
            gg = gbt.Game.from_arrays(a, b)
            res = gbt.nash.enummixed_solve(gg, rational=False)
            check("pygambit enummixed", same_set(as_set(gambit_profiles(gg, res)), reference))
            slow["pygambit enummixed"] = lambda g=gg: gbt.nash.enummixed_solve(g, rational=False)
        for group, reps in ((fast, repeats), (slow, max(1, repeats // 3))):
            for name, value in per_game_medians(group, reps).items():
                timing.setdefault(name, []).append(value)
        if nashpy is not None and (size == 6 or (size == 8 and k == 0)):
            ng = nashpy.Game(a, b)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                start = time.perf_counter()
                nve = list(ng.vertex_enumeration())
                timing.setdefault("nashpy vertex", []).append(time.perf_counter() - start)
                start = time.perf_counter()
                nse = list(ng.support_enumeration())
                timing.setdefault("nashpy support", []).append(time.perf_counter() - start)
            check("nashpy vertex", same_set(as_set(nve), reference))
            check("nashpy support", same_set(as_set(nse), reference))

    print(
        f"\n{size}x{size}: {len(games)} games, {min(counts)}-{max(counts)} equilibria each "
        "(median over games of per-game median times; ratio = peer / ours)"
    )
    for ours_key, peers in (
        ("ours vertex", ("QE vertex", "pygambit enummixed", "nashpy vertex")),
        ("ours support", ("QE support", "pygambit enummixed", "nashpy support")),
    ):
        ours = statistics.median(timing[ours_key])
        theirs = {p: (statistics.median(timing[p]) if p in timing else None) for p in peers}
        row(ours_key.replace("ours ", "") + " enumeration", ours, theirs)
    if size == 8 and nashpy is not None:
        print("  (nashpy timed once on ONE 8x8 game; it is not run on 10x10: minutes per game)")
    if size == 10 and nashpy is not None:
        print("  (nashpy not run on 10x10: minutes per game)")
    for key, values in agree.items():
        print(f"  same equilibrium set, {key:28s} {sum(values)}/{len(values)} games")


def _nashpy_lh_child(a: np.ndarray, b: np.ndarray) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        nashpy.Game(a, b).lemke_howson(initial_dropped_label=0)


def nashpy_lh_finishes(a: np.ndarray, b: np.ndarray, timeout: float = NASHPY_LH_TIMEOUT) -> bool:
    """Whether nashpy's Lemke-Howson ends within ``timeout`` seconds (run in a forked child).

    nashpy 0.0.43 pivots on a float tableau without rescaling: on some random
    10x10 games its entries overflow and the path never ends.
    """
    proc = multiprocessing.get_context("fork").Process(target=_nashpy_lh_child, args=(a, b))
    proc.start()
    proc.join(timeout)
    if proc.is_alive():
        proc.kill()
        proc.join()
        return False
    return True


def lemke_howson(rng: np.random.Generator) -> None:
    print(
        f"\nLemke-Howson from label 0, {LH_GAMES_PER_SIZE} games per size "
        "(median over games; ratio = peer / ours)"
    )
    for size in SIZES:
        games = [
            ms.NormalFormGame(rng.uniform(-1, 1, size=(2, size, size)))
            for _ in range(LH_GAMES_PER_SIZE)
        ]
        timing: dict[str, list[float]] = {}
        same = {"QuantEcon": 0, "nashpy": 0, "pygambit lcp (any extreme eq.)": 0}
        hung: list[int] = []
        for game in games:
            a, b = game.payoffs
            result = ms.solvers.lemke_howson(game, initial_label=0)
            ours = result[0]
            if nashpy is not None and not nashpy_lh_finishes(np.array(a), np.array(b)):
                # every library is timed on the same games: leave this one out
                hung.append(result.n_iter or 0)
                continue
            extreme = ms.solvers.vertex_enumeration(game)
            funcs: dict[str, Callable[[], object]] = {
                "ours": lambda g=game: ms.solvers.lemke_howson(g, initial_label=0)
            }
            if qe is not None:
                qg = qe.NormalFormGame([qe.Player(np.array(a)), qe.Player(np.array(b.T))])
                theirs = qe.lemke_howson(qg, init_pivot=0)
                same["QuantEcon"] += ours.isclose(list(theirs), atol=1e-6)
                funcs["QuantEcon"] = lambda q=qg: qe.lemke_howson(q, init_pivot=0)
            if nashpy is not None:
                ng = nashpy.Game(a, b)
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    theirs = ng.lemke_howson(initial_dropped_label=0)
                same["nashpy"] += ours.isclose(list(theirs), atol=1e-6)
                funcs["nashpy"] = lambda n=ng: n.lemke_howson(initial_dropped_label=0)
            if gbt is not None:
                gg = gbt.Game.from_arrays(a, b)
                res = gbt.nash.lcp_solve(gg, rational=False, stop_after=1)
                prof = gambit_profiles(gg, res)[0]
                same["pygambit lcp (any extreme eq.)"] += any(
                    e.isclose(prof, atol=1e-6) for e in extreme
                )
                funcs["pygambit lcp"] = lambda g=gg: gbt.nash.lcp_solve(
                    g, rational=False, stop_after=1
                )
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                for name, value in per_game_medians(funcs, 21).items():
                    timing.setdefault(name, []).append(value)
        timed = len(games) - len(hung)
        ours_t = statistics.median(timing["ours"])
        theirs_t = {k: statistics.median(v) for k, v in timing.items() if k != "ours"}
        row(f"{size}x{size}", ours_t, dict(theirs_t))
        agreement = ", ".join(f"{k} {v}/{timed}" for k, v in same.items())
        print(f"  {'':28s} same endpoint: {agreement}")
        if hung:
            print(
                f"  {'':28s} nashpy did not finish within {NASHPY_LH_TIMEOUT:g} s on "
                f"{len(hung)}/{len(games)} games (left out of every timing; ours took "
                f"{', '.join(map(str, hung))} pivots there, verified)"
            )


def main() -> None:
    print(
        "mediation_sim",
        ms.__version__,
        f"| OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']}",
        "| peers:",
        ", ".join(
            f"{name} {'yes' if mod is not None else 'not installed'}"
            for name, mod in (("quantecon", qe), ("pygambit", gbt), ("nashpy", nashpy))
        ),
    )
    rng = np.random.default_rng(20230521)
    for size in SIZES:
        enumeration(size, rng)
    lemke_howson(rng)


if __name__ == "__main__":
    main()
