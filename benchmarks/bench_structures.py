"""Sequential scenarios: batched backward induction over a 1,001-point grid, exact breakpoints,
the structural comparison and Monte Carlo, for the flagship ``ukraine-2023``.

Run from the repository root::

    python benchmarks/bench_structures.py            # about a minute
    python benchmarks/bench_structures.py --quick    # fewer repeats, fewer draws

Workloads (default structure ``sequential``: Beijing -> Moscow -> Kyiv + West):

(a) ``Scenario.subgame_perfect`` on 1,001 values of ``china_pressure`` (payoffs
    built in one batch, backward induction over the stages vectorised over
    histories and points), and the full ``ms.analysis.sweep`` with its
    DataFrame; against a per-point loop of ``backward_induction`` on the
    ``GameTree`` (the node-by-node solver), which must give the same payoffs.
(b) ``critical_value`` of withdrawal: exact breakpoints (candidate roots of
    every pairwise comparison a mover makes, then one batched evaluation
    between them) and scan + bisection, for each declared structure.
(c) ``compare_structures`` (every structure, one call) and Monte Carlo draws
    on the sequential structure: the exact per-draw kernel (intervals of
    constant subgame-perfect choices for all draws at once) against the
    one-shot kernel on the same draws and against the previous path (grid
    scan + batched bisection per draw) in the same process with the same
    seed, whose curves must be identical and crossings equal to 1e-9.

Wall times are medians and depend on the machine's load: the script prints
the load average before each section. Monte Carlo lines give CPU time of
this process (``time.process_time``), less sensitive to other jobs.
"""

from __future__ import annotations

import argparse
import os
import time
from typing import Any
from unittest import mock

import numpy as np
from _timing import pin_blas_threads, timed

pin_blas_threads()

import mediation_sim as ms  # noqa: E402
from mediation_sim.analysis import _mc_kernel  # noqa: E402
from mediation_sim.analysis._sequential import (  # noqa: E402
    spe_critical_values,
    spe_settlement_curves,
)

POINTS = 1001


def _load() -> str:
    return "load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def _scan_and_bisect(scenario: Any, draws: Any, **kw: Any) -> tuple[Any, ...]:
    """The previous sequential Monte Carlo path: 201-point scan + bisection per draw."""
    grid, tol, bounds, level = kw.pop("grid"), kw.pop("tol"), kw.pop("bounds"), kw.pop("level")
    crit, top, count = spe_critical_values(scenario, draws, bounds=bounds, level=level, **kw)
    best, worst = spe_settlement_curves(scenario, draws, grid=grid, tol=tol, **kw)
    return crit, top, count, best, worst, 0


def _cpu(func: Any) -> tuple[float, Any]:
    """CPU time of one call (this process; less sensitive to a loaded machine) and its result."""
    start = time.process_time()
    result = func()
    return time.process_time() - start, result


def _cpu_median(func: Any, repeats: int) -> float:
    """Median CPU time of ``repeats`` calls (this process)."""
    times = []
    for _ in range(repeats):
        start = time.process_time()
        func()
        times.append(time.process_time() - start)
    return float(np.median(times))


def _monte_carlo(sc: Any, one_shot: Any, draws: int, *, mixed: bool, old: bool) -> None:
    kw = {"outcome": "withdrawal", "rng": 0, "mixed": mixed}
    t_new, new = _cpu(lambda: ms.analysis.monte_carlo(sc, draws, **kw))
    t_one, _ = _cpu(lambda: ms.analysis.monte_carlo(one_shot, draws, **kw))
    line = (
        f"  {draws:6,} draws, mixed={mixed!s:5}  exact {t_new:7.3f} s"
        f" ({draws / t_new:8,.0f} draws/s)"
        f"   one-shot {t_one:7.3f} s   ratio {t_new / t_one:5.1f}x"
    )
    if old:
        with mock.patch.object(_mc_kernel, "run_sequential_draws", _scan_and_bisect):
            t_old, ref = _cpu(lambda: ms.analysis.monte_carlo(sc, draws, **kw))
        a, b = new.draws, ref.draws  # type: ignore[attr-defined]
        assert new.curves.equals(ref.curves)  # type: ignore[attr-defined]
        same = (a["n_intervals"] == b["n_intervals"]).to_numpy()
        for col in ("critical_value", "window_upper"):
            diff = np.abs(a[col].to_numpy() - b[col].to_numpy())[same]
            assert np.all((diff <= 1e-9) | np.isnan(diff)), col
        line += (
            f"   scan+bisection {t_old:7.3f} s ({t_old / t_new:5.1f}x slower; curves identical,"
            f" {int((~same).sum())} draws with a window narrower than the scan's grid)"
        )
    if mixed:
        kinds = new.curves["equilibrium_kind"].value_counts().to_dict()  # type: ignore[attr-defined]
        line += f"   grid values filled by mixed stage equilibria: {kinds.get('mixed', 0)}"
    print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    repeats = 3 if args.quick else 7
    sc = ms.scenarios.load("ukraine-2023")
    grid = np.linspace(0.0, 1.0, POINTS)

    print(f"(a) 1,001-point sweeps of the sequential structure  [{_load()}]")
    for mode in ("strategic", "committed"):
        t_kernel, spe = timed(
            lambda mode=mode: sc.subgame_perfect(china_pressure=grid, mode=mode), repeats
        )
        t_sweep, _ = timed(
            lambda mode=mode: ms.analysis.sweep(sc, china_pressure=grid, mode=mode), repeats
        )
        cpu_kernel = _cpu_median(
            lambda mode=mode: sc.subgame_perfect(china_pressure=grid, mode=mode), repeats
        )
        cpu_sweep = _cpu_median(
            lambda mode=mode: ms.analysis.sweep(sc, china_pressure=grid, mode=mode), repeats
        )
        t_one_shot, _ = timed(
            lambda mode=mode: ms.analysis.sweep(
                sc.with_structure("simultaneous"), china_pressure=grid, mode=mode
            ),
            repeats,
        )
        sample = grid[::50]
        t_loop, trees = timed(
            lambda mode=mode, sample=sample: [
                ms.solvers.backward_induction(sc.game_tree(china_pressure=float(p), mode=mode))
                for p in sample
            ],
            1,
        )
        assert isinstance(spe, ms.scenarios.SubgamePerfectBatch)
        for k, res in enumerate(trees):  # type: ignore[arg-type]
            np.testing.assert_allclose(spe.payoffs[50 * k], res.payoffs, atol=1e-9)
        per_point = t_loop / sample.size
        print(
            f"  {mode:9s} subgame_perfect {t_kernel * 1e3:7.1f} ms   sweep {t_sweep * 1e3:7.1f} ms"
            f"   (CPU {cpu_kernel * 1e3:5.1f} / {cpu_sweep * 1e3:5.1f} ms)"
            f"   (one-shot sweep, same run: {t_one_shot * 1e3:6.1f} ms)"
            f"   GameTree + backward_induction {per_point * 1e3:6.1f} ms/point"
            f" (x1,001 = {per_point * POINTS:5.1f} s, {per_point * POINTS / t_sweep:,.0f}x sweep)"
        )

    print(f"\n(b) critical_value of withdrawal (strategic mode)  [{_load()}]")
    for name in sc.structures:
        variant = sc.with_structure(name)
        t_exact, exact = timed(
            lambda v=variant: ms.analysis.critical_value(v, "china_pressure", outcome="withdrawal"),
            repeats,
        )
        t_br, br = timed(
            lambda v=variant: ms.analysis.critical_value(
                v, "china_pressure", outcome="withdrawal", method="bracket"
            ),
            max(1, repeats // 3),
        )
        show = ", ".join(f"[{a:.10f}, {b:.10f}]" for a, b in exact.intervals) or "never"  # type: ignore[attr-defined]
        print(f"  {name:20s} exact {t_exact * 1e3:7.1f} ms   bracket {t_br * 1e3:7.1f} ms   {show}")
        del br

    print("\n(c) structural comparison and Monte Carlo (sequential)")
    t_cmp, cmp = timed(
        lambda: ms.analysis.compare_structures(sc, "china_pressure", outcome="withdrawal"), repeats
    )
    print(f"  compare_structures (4 structures)   {t_cmp * 1e3:7.1f} ms   flips: {cmp.flips()}")  # type: ignore[attr-defined]
    print(f"  [{_load()}]")
    one_shot = sc.with_structure("simultaneous")
    ms.analysis.monte_carlo(sc, 20, outcome="withdrawal", rng=0)  # warm caches and imports
    ms.analysis.monte_carlo(one_shot, 20, outcome="withdrawal", rng=0)
    _monte_carlo(sc, one_shot, 400, mixed=False, old=True)
    _monte_carlo(sc, one_shot, 400, mixed=True, old=not args.quick)
    _monte_carlo(sc, one_shot, 2000 if args.quick else 10_000, mixed=False, old=False)
    # the exact kernel's breakpoint work alone (rounds of batched backward induction)
    from mediation_sim.analysis._sequential_exact import CHUNK, spe_pieces
    from mediation_sim.scenarios.assumptions import sample_parameters

    draws = sample_parameters(sc, 10_000, rng=np.random.default_rng(0))
    draws = {k: v for k, v in draws.items() if k != "china_pressure"}
    index = {p: i for i, p in enumerate(sc.players)}
    for name in ("sequential", "west_commits_first", "unobserved_pressure"):
        variant = sc.with_structure(name)
        stages = [[index[p] for p in st] for st in variant.stages]
        took, rounds, intervals, left = 0.0, 0, 0, 0
        for start in range(0, 10_000, CHUNK):  # the blocks Monte Carlo solves together
            block = {k: v[start : start + CHUNK, None] for k, v in draws.items()}
            payoffs = variant.payoffs(**block, china_pressure=np.array([[0.0, 1.0]]))
            cpu, pieces = _cpu(lambda payoffs=payoffs, stages=stages: spe_pieces(payoffs, stages))
            took += cpu
            rounds = max(rounds, pieces.rounds)
            intervals += pieces.draw.size
            left += pieces.unfinished.size
        print(
            f"  exact breakpoints, {name:20s} 10,000 draws {took:6.3f} s CPU"
            f"  ({rounds} rounds at most, {intervals / 10_000:.1f} intervals/draw,"
            f" {left} draws left to scan + bisection)"
        )


if __name__ == "__main__":
    main()
