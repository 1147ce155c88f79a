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
    on the sequential structure (grid scan + batched bisection per draw).
"""

from __future__ import annotations

import argparse

import numpy as np
from _timing import pin_blas_threads, timed

pin_blas_threads()

import mediation_sim as ms  # noqa: E402

POINTS = 1001


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    repeats = 3 if args.quick else 7
    sc = ms.scenarios.load("ukraine-2023")
    grid = np.linspace(0.0, 1.0, POINTS)

    print("(a) 1,001-point sweeps of the sequential structure")
    for mode in ("strategic", "committed"):
        t_kernel, spe = timed(
            lambda mode=mode: sc.subgame_perfect(china_pressure=grid, mode=mode), repeats
        )
        t_sweep, _ = timed(
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
            f"   (one-shot sweep, same run: {t_one_shot * 1e3:6.1f} ms)"
            f"   GameTree + backward_induction {per_point * 1e3:6.1f} ms/point"
            f" (x1,001 = {per_point * POINTS:5.1f} s, {per_point * POINTS / t_sweep:,.0f}x sweep)"
        )

    print("\n(b) critical_value of withdrawal (strategic mode)")
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
    draws = 500 if args.quick else 2000
    t_mc, mc = timed(lambda: ms.analysis.monte_carlo(sc, draws, outcome="withdrawal", rng=0), 1)
    share = mc.share(lambda d: d["critical_value"].notna())  # type: ignore[attr-defined]
    print(
        f"  monte_carlo {draws:,} draws            {t_mc:7.2f} s    ({draws / t_mc:,.0f} draws/s; "
        f"withdrawal reachable in {share:.1%})"
    )


if __name__ == "__main__":
    main()
