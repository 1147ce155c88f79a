"""Stochastic games and the dynamic scenario: stationary-equilibrium solve times and sweeps.

Run from the repository root::

    python benchmarks/bench_stochastic.py            # everything (under a minute)
    python benchmarks/bench_stochastic.py --quick    # fewer games and draws
    python benchmarks/bench_stochastic.py --sgame    # against sgamesolver (fixture timings)
    python benchmarks/bench_stochastic.py --sgame-python /work/venv-sgame/bin/python

Workloads:

(a) ``stationary_equilibrium`` (logit homotopy + Newton + one-shot-deviation
    check) on random stochastic games of several sizes (states x players x
    actions, discount 0.95): median and worst time, worst relative regret,
    failures. sgamesolver (the peer the issue names) is timed on the same
    games when it is importable; it installs only in a separate environment
    (numpy<2, see DESIGN.md), so usually it is reported as absent.
(b) One-player games (Markov decision problems) against QuantEcon's
    ``DiscreteDP`` policy iteration: same values, time ratio.
(s) Against sgamesolver at equal accuracy (``--sgame`` section): the games of
    ``tests/data/sgame_equilibria.json`` (its published examples and random
    games). With ``--sgame-python PATH`` (a Python that has sgamesolver,
    e.g. /work/venv-sgame/bin/python) sgamesolver is re-run now, in that
    environment, through ``benchmarks/make_sgame_fixtures.py`` in a
    subprocess (one random game per size); without it the timings stored in
    the fixture (measured on the same machine when it was made) are used.
    Ours is timed here on the same games. sgamesolver's QRE stops at a
    finite precision, so it is reported twice: at its default settings
    (regret ~1e-5 on mixed equilibria) and at ``convergence_tol=1e-10``
    (regret ~1e-6); ours ends with Newton's method at regret ~1e-15.
(c) The ``ukraine-2023-dynamic`` scenario: a 1,001-point pressure sweep
    (``timing_grid``), the full 1,001 x 12 pressure x start grid, the
    critical pressure for every start quarter, and Monte Carlo (serial and
    on a 2-process pool, identical results checked).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from _timing import optional, pin_blas_threads, timed

pin_blas_threads()

import numpy as np  # noqa: E402

import mediation_sim as ms  # noqa: E402


def random_game(
    rng: np.random.Generator, states: int, players: int, actions: int
) -> ms.games.StochasticGame:
    payoffs = [rng.uniform(size=(players,) + (actions,) * players) for _ in range(states)]
    transitions = [rng.dirichlet(np.ones(states), size=(actions,) * players) for _ in range(states)]
    return ms.games.StochasticGame(payoffs, transitions, 0.95)


def bench_stationary(n_games: int) -> None:
    sgs = optional("sgamesolver")  # only in a separate numpy<2 environment
    print("(a) stationary_equilibrium on random games (discount 0.95)")
    print(
        "| states x players x actions | unknowns | median | worst "
        "| worst regret / range | failures | sgamesolver |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    rng = np.random.default_rng(2026)
    for states, players, actions in (
        (1, 2, 2),
        (2, 2, 2),
        (3, 2, 3),
        (3, 3, 2),
        (5, 2, 3),
        (4, 2, 4),
    ):
        times, regrets, failures = [], [], 0
        for _ in range(n_games):
            g = random_game(rng, states, players, actions)
            t, res = timed(lambda g=g: ms.solvers.stationary_equilibrium(g), 1)
            times.append(t)
            if not res.success:  # type: ignore[attr-defined]
                failures += 1
            else:
                regrets.append(g.regret(res.equilibrium) / g.payoff_range)  # type: ignore[attr-defined]
        unknowns = states * players * (actions + 1)
        peer = "absent" if sgs is None else "installed, not timed here"
        print(
            f"| {states}x{players}x{actions} | {unknowns} | {1e3 * np.median(times):.0f} ms | "
            f"{1e3 * max(times):.0f} ms | {max(regrets, default=float('nan')):.0e} | "
            f"{failures}/{n_games} | {peer} |"
        )


def bench_mdp() -> None:
    qe = optional("quantecon")
    print("\n(b) one-player games (MDPs) against QuantEcon DiscreteDP (policy iteration)")
    rng = np.random.default_rng(7)
    print("| states x actions | ours | QuantEcon | ratio | max |V diff| |")
    print("|---|---:|---:|---:|---:|")
    for states, actions in ((5, 3), (20, 4)):
        rewards = rng.uniform(size=(states, actions))
        trans = rng.dirichlet(np.ones(states), size=(states, actions))
        g = ms.games.StochasticGame([r[None, :] for r in rewards], list(trans), 0.95)
        ours, res = timed(lambda g=g: ms.solvers.stationary_equilibrium(g), 3)
        if qe is None:
            print(f"| {states}x{actions} | {1e3 * ours:.0f} ms | absent | | |")
            continue
        ddp = qe.markov.DiscreteDP(rewards, trans, 0.95)
        theirs, sol = timed(lambda ddp=ddp: ddp.solve(method="policy_iteration"), 3)
        diff = float(np.abs(res.values[:, 0] - sol.v).max())  # type: ignore[attr-defined]
        print(
            f"| {states}x{actions} | {1e3 * ours:.1f} ms | {1e3 * theirs:.2f} ms | "
            f"{ours / theirs:.0f} | {diff:.0e} |"
        )


def bench_dynamic(n_draws: int) -> None:
    sc = ms.scenarios.load_dynamic("ukraine-2023-dynamic")
    grid = np.linspace(0.0, 1.0, 1001)
    print("\n(c) ukraine-2023-dynamic")
    t, _ = timed(lambda: sc.batch(grid, 0), 7)
    print(f"1,001-point pressure sweep, scenario.batch: {1e3 * t:.1f} ms")
    t, _ = timed(lambda: ms.analysis.timing_grid(sc, grid, [0]), 7)
    print(f"1,001-point pressure sweep, analysis.timing_grid (DataFrame): {1e3 * t:.1f} ms")
    t, _ = timed(lambda: ms.analysis.timing_grid(sc, grid, range(12)), 3)
    print(f"1,001 x 12 pressure x start grid: {1e3 * t:.0f} ms")
    t, _ = timed(lambda: ms.analysis.critical_pressure_by_start(sc), 3)
    print(f"critical pressure for all 12 start quarters (1,001-point grids): {1e3 * t:.0f} ms")
    t, serial = timed(lambda: ms.analysis.dynamic_monte_carlo(sc, n_draws, pressure=0.8, rng=0), 1)
    print(f"Monte Carlo, {n_draws:,} draws, serial: {t:.2f} s")
    with ProcessPoolExecutor(max_workers=2) as pool:
        t, parallel = timed(
            lambda: ms.analysis.dynamic_monte_carlo(
                sc, n_draws, pressure=0.8, rng=0, executor=pool
            ),
            1,
        )
    same = serial.draws.equals(parallel.draws)  # type: ignore[attr-defined]
    print(f"Monte Carlo, {n_draws:,} draws, 2 processes: {t:.2f} s (identical: {same})")


def bench_sgame(sgame_python: str | None) -> None:
    root = Path(__file__).resolve().parent.parent
    fixture = root / "tests" / "data" / "sgame_equilibria.json"
    if sgame_python is not None:
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "sgame.json"
            subprocess.run(
                [
                    sgame_python,
                    str(root / "benchmarks" / "make_sgame_fixtures.py"),
                    *("--out", str(out), "--per-size", "1", "--repeats", "3"),
                ],
                check=True,
                stdout=subprocess.DEVNULL,
            )
            data = json.loads(out.read_text())
        source = f"re-run now with {sgame_python}"
    else:
        data = json.loads(fixture.read_text())
        source = f"stored in {fixture.relative_to(root)}"
    print(f"(s) stationary equilibria against sgamesolver {data['sgamesolver']} ({source})")
    print(
        "| game | ours | our regret | sgs default | its regret | ratio "
        "| sgs tol 1e-10 | its regret | ratio |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    ratios: list[tuple[float, float]] = []
    for case in data["games"]:
        g = ms.games.StochasticGame(
            [np.array(u, float) for u in case["payoffs"]],
            [np.array(t, float) for t in case["transitions"]],
            case["discount"],
        )
        t, res = timed(lambda g=g: ms.solvers.stationary_equilibrium(g), 3)
        eq = res.equilibrium  # type: ignore[attr-defined]
        ours = g.regret(eq) / g.payoff_range if eq is not None else float("nan")
        qre, tight = case["qre"], case["qre_tight"]
        r1, r2 = t / qre["seconds"], t / tight["seconds"]
        ratios.append((r1, r2))
        print(
            f"| {case['name']} | {1e3 * t:.0f} ms | {ours:.0e} "
            f"| {1e3 * qre['seconds']:.0f} ms | {max(qre['regret'], 0) / g.payoff_range:.0e} "
            f"| {r1:.2f} | {1e3 * tight['seconds']:.0f} ms "
            f"| {max(tight['regret'], 0) / g.payoff_range:.0e} | {r2:.2f} |"
        )
    arr = np.array(ratios)
    print(
        f"median time ratio ours / sgamesolver: {np.median(arr[:, 0]):.2f} against its defaults, "
        f"{np.median(arr[:, 1]):.2f} against convergence_tol=1e-10 (ratio < 1: ours faster)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--sgame", action="store_true", help="only the sgamesolver comparison")
    parser.add_argument("--sgame-python", help="a Python with sgamesolver installed (numpy<2)")
    args = parser.parse_args(argv)
    if args.sgame or args.sgame_python:
        bench_sgame(args.sgame_python)
        return 0
    bench_stationary(3 if args.quick else 8)
    bench_mdp()
    bench_dynamic(2_000 if args.quick else 20_000)
    return 0


if __name__ == "__main__":
    sys.exit(main())
