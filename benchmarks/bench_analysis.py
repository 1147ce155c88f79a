"""Analysis workloads: batched sweeps vs per-game loops (pygambit, QuantEcon), exact
breakpoints vs a grid, and Monte Carlo throughput, in one process.

Run from the repository root::

    python benchmarks/bench_analysis.py            # everything (about 3 minutes)
    python benchmarks/bench_analysis.py --quick    # smaller Monte Carlo, fewer repeats

Workloads:

(a) Pure-equilibrium sweeps over 1,001 parameter values: the flagship
    ``ukraine-2023`` over ``china_pressure`` in both modes, and a synthetic
    5-player x 3-strategy game with payoffs affine in the parameter (the
    shape of the measurement quoted in issue 6). mediation_sim solves the
    whole grid in one batch, through ``ms.analysis.sweep`` (tidy DataFrame
    included) or ``pure_nash_mask`` alone; pygambit (``Game.from_arrays`` +
    ``nash.enumpure_solve``) and QuantEcon (``NormalFormGame`` +
    ``pure_nash_brute``) solve the same games one by one. Every method must
    find the same number of pure equilibria at every point.
(b) Breakpoints: ``critical_value`` by interval arithmetic (exact) and by
    scan + bisection, against locating the change on a 1,001-point grid.
(c) Monte Carlo: 100,000 draws (each draw solves ``2 + len(grid)`` games:
    the two ends of the exact interval computation and the probability
    curve), serially and on a 2-process pool; identical results checked.

Prints medians over a few repeats (the machine may be shared: ratios are more
stable than absolute times). pygambit and QuantEcon are optional.
"""

from __future__ import annotations

import argparse
import multiprocessing
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

import numpy as np
from _timing import optional, pin_blas_threads, timed

import mediation_sim as ms
from mediation_sim.solvers import pure_nash_mask

gbt = optional("pygambit")
try:
    from quantecon.game_theory import pure_nash_brute
except ImportError:  # pragma: no cover - optional peer
    pure_nash_brute = None

POINTS = 1001


def row(label: str, seconds: float, games: int, reference: float | None = None) -> None:
    ratio = "" if reference is None else f"{seconds / reference:9.0f}x"
    print(f"  {label:52s} {seconds * 1e3:11.1f} ms {games / seconds:14,.0f} {ratio}")


def header(title: str) -> None:
    print(f"\n{title}")
    print(f"  {'method':52s} {'time':>14s} {'games/s':>14s} {'vs batch':>10s}")


def gambit_loop(payoffs: np.ndarray) -> list[int]:
    counts = []
    for point in payoffs:
        game = gbt.Game.from_arrays(*point)
        counts.append(len(gbt.nash.enumpure_solve(game).equilibria))
    return counts


def quantecon_loop(payoffs: np.ndarray) -> list[int]:
    counts = []
    for point in payoffs:
        game = ms.games.convert.to_quantecon(ms.NormalFormGame(point))
        counts.append(len(pure_nash_brute(game)))
    return counts


def compare_sweeps(
    title: str,
    payoffs_of: Callable[[], np.ndarray],
    sweep: Callable[[], object] | None,
    repeats: int,
    peer_repeats: int,
) -> None:
    payoffs = payoffs_of()
    n_players = payoffs.shape[1]
    header(f"{title}: {POINTS} games of shape {'x'.join(map(str, payoffs.shape[2:]))}")
    t_mask, mask = timed(lambda: pure_nash_mask(payoffs, n_players=n_players), repeats)
    t_build, _ = timed(payoffs_of, repeats)
    reference = t_mask
    counts = np.asarray(mask).reshape(POINTS, -1).sum(axis=1)
    if sweep is not None:
        t_sweep, frame = timed(sweep, repeats)
        per_point = frame.groupby("point")["n_equilibria"].first().to_numpy()
        assert np.array_equal(per_point, counts), "sweep and pure_nash_mask disagree"
        row("ms.analysis.sweep (payoffs + solve + DataFrame)", t_sweep, POINTS)
    row("scenario payoffs + pure_nash_mask", t_build + t_mask, POINTS)
    row("pure_nash_mask alone (payoffs given)", t_mask, POINTS, reference)
    if pure_nash_brute is not None:
        t_qe, qe = timed(lambda: quantecon_loop(payoffs), peer_repeats)
        assert np.array_equal(qe, counts), "QuantEcon disagrees"
        row("QuantEcon loop (NormalFormGame + pure_nash_brute)", t_qe, POINTS, reference)
    if gbt is not None:
        t_gb, gb = timed(lambda: gambit_loop(payoffs), peer_repeats)
        assert np.array_equal(gb, counts), "pygambit disagrees"
        row("pygambit loop (Game.from_arrays + enumpure_solve)", t_gb, POINTS, reference)
    print(f"  pure equilibria per point: {sorted(set(counts.tolist()))} (all methods agree)")


def synthetic_affine_game(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Payoffs A + t B of a 5-player, 3-strategy game (integers: exact in pygambit too)."""
    shape = (5, 3, 3, 3, 3, 3)
    return rng.integers(-20, 20, size=shape).astype(float), rng.integers(-5, 5, size=shape).astype(
        float
    )


def breakpoints(sc: ms.scenarios.Scenario, repeats: int) -> None:
    print("\n(b) Breakpoints of withdrawal in strategic mode (ukraine-2023)")
    print(f"  {'method':52s} {'time':>14s}  interval(s)")
    t_exact, exact = timed(
        lambda: ms.analysis.critical_value(sc, "china_pressure", outcome="withdrawal"), repeats
    )
    t_bracket, bracket = timed(
        lambda: ms.analysis.critical_value(
            sc, "china_pressure", outcome="withdrawal", method="bracket"
        ),
        repeats,
    )
    grid = np.linspace(0, 1, POINTS)

    def on_grid() -> list[float]:
        frame = ms.analysis.sweep(sc, china_pressure=grid)
        reached = frame.groupby("point")["prob_withdrawal"].max().to_numpy() >= 0.5
        change = np.flatnonzero(reached[1:] != reached[:-1])
        return [float((grid[k] + grid[k + 1]) / 2) for k in change]

    t_grid, found = timed(on_grid, repeats)

    def show(intervals: tuple[tuple[float, float], ...]) -> str:
        return ", ".join(f"[{a:.10f}, {b:.10f}]" for a, b in intervals)

    print(
        f"  {'critical_value, exact (interval arithmetic)':52s} {t_exact * 1e3:11.2f} ms  "
        f"{show(exact.intervals)}"
    )
    print(
        f"  {'critical_value, bracket (201-point scan + brentq)':52s} {t_bracket * 1e3:11.2f} ms  "
        f"{show(bracket.intervals)}"
    )
    print(
        f"  {'1,001-point sweep, midpoints of changes':52s} {t_grid * 1e3:11.2f} ms  "
        f"{', '.join(f'{x:.4f}' for x in found)} (+-0.0005)"
    )
    lo = exact.intervals[0][0]
    print(
        f"  exact vs closed form: lower {lo:.10f} vs analytic "
        f"{float(sc.critical_pressure('withdrawal')):.10f} "
        "(difference = the tolerance, 1e-8 x payoff range / slope)"
    )


def monte_carlo(sc: ms.scenarios.Scenario, draws: int) -> None:
    grid_size = 21
    games_per_draw = 2 + grid_size
    print(
        f"\n(c) Monte Carlo, {draws:,} draws of ukraine-2023 (strategic, withdrawal; "
        f"{games_per_draw} games per draw: 2 interval ends + {grid_size} curve points)"
    )
    print(f"  {'executor':52s} {'time':>14s} {'draws/s':>14s} {'games/s':>14s}")
    start = time.perf_counter()
    serial = ms.analysis.monte_carlo(sc, draws, rng=2023, progress=False)
    t_serial = time.perf_counter() - start
    print(
        f"  {'serial':52s} {t_serial:12.2f} s {draws / t_serial:14,.0f} "
        f"{draws * games_per_draw / t_serial:14,.0f}"
    )
    context = multiprocessing.get_context("spawn")
    # one BLAS thread per worker (inherited at spawn), as `mediation-sim --executor process`
    # and Dask's nanny do: two processes each spinning a BLAS thread per core oversubscribe
    pin_blas_threads()
    with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
        # start the workers and import mediation_sim in them before timing
        ms.analysis.monte_carlo(sc, 2048, rng=0, executor=pool, blocks_per_task=1, progress=False)
        start = time.perf_counter()
        pooled = ms.analysis.monte_carlo(sc, draws, rng=2023, executor=pool, progress=False)
        t_pool = time.perf_counter() - start
    assert pooled.draws.equals(serial.draws)
    assert pooled.curves.equals(serial.curves)
    print(
        f"  {'ProcessPoolExecutor(2 workers, spawn)':52s} {t_pool:12.2f} s "
        f"{draws / t_pool:14,.0f} {draws * games_per_draw / t_pool:14,.0f}"
    )
    print("  pooled result identical to the serial one: True")
    print(
        "  critical value quantiles: "
        + ", ".join(f"{k:.2f}: {v:.3f}" for k, v in serial.critical_quantiles().items())
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="10,000 draws, fewer repeats")
    parser.add_argument("--draws", type=int, help="Monte Carlo draws (default 100,000)")
    parser.add_argument(
        "--parts", default="abc", help="which workloads to run, e.g. 'c' (default: abc)"
    )
    args = parser.parse_args()
    repeats = 3 if args.quick else 7
    peer_repeats = 1 if args.quick else 3
    draws = args.draws or (10_000 if args.quick else 100_000)
    sc = ms.scenarios.load("ukraine-2023")
    grid = np.linspace(0, 1, POINTS)
    print(
        f"mediation_sim {ms.__version__}; pygambit {getattr(gbt, '__version__', 'absent')}; "
        f"QuantEcon {'present' if pure_nash_brute is not None else 'absent'}"
    )
    if "a" in args.parts:
        sweeps(sc, grid, repeats, peer_repeats)
    if "b" in args.parts:
        breakpoints(sc, repeats)
    if "c" in args.parts:
        monte_carlo(sc, draws)


def sweeps(sc: ms.scenarios.Scenario, grid: np.ndarray, repeats: int, peer_repeats: int) -> None:
    print("(a) Pure-equilibrium sweeps")
    for mode in ("strategic", "committed"):
        compare_sweeps(
            f"ukraine-2023, {mode} mode, china_pressure in [0, 1]",
            lambda mode=mode: sc.payoffs(mode=mode, china_pressure=grid),
            lambda mode=mode: ms.analysis.sweep(sc, china_pressure=grid, mode=mode),
            repeats,
            peer_repeats,
        )
    a, b = synthetic_affine_game(np.random.default_rng(2))  # 0 to 3 pure equilibria
    compare_sweeps(
        "synthetic 5-player x 3-strategy game, payoffs A + t B, t in [0, 1]",
        lambda: a[None] + grid[:, None, None, None, None, None, None] * b[None],
        None,
        repeats,
        peer_repeats,
    )


if __name__ == "__main__":
    main()
