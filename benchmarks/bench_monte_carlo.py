"""Monte Carlo throughput: the batched kernel against the round-1 path, the bare
pure-equilibrium kernel, and scale-out on a process pool and a local Dask cluster.

Run from the repository root::

    python benchmarks/bench_monte_carlo.py                  # serial: 10^4 vs round 1, 10^5
    python benchmarks/bench_monte_carlo.py --parts s --draws 1000000   # also 10^6 draws
    python benchmarks/bench_monte_carlo.py --parts p        # process pool and Dask, 1 and 2 workers
    python benchmarks/bench_monte_carlo.py --plot benchmarks/plots   # scaling curves as PNG

Workloads (ukraine-2023, strategic mode, outcome withdrawal, the default 21-point
grid: each draw is 2 + 21 = 23 games):

(s) ``ms.analysis.monte_carlo`` serially, against the round-1 implementation
    run in the same process with the same seed (block by block:
    ``critical_values`` at the two ends, then ``settlement_curves`` building
    and solving every grid value; kept in ``analysis/_batch.py`` as the
    reference), with the frames checked identical; and against the bare
    pure-equilibrium kernel (``pure_nash_mask`` on the same 23 games per
    draw, payoffs built before timing).
(p) The same run on ``ProcessPoolExecutor`` and on a ``dask.distributed``
    ``LocalCluster`` (processes, one thread each) with 1 and 2 workers:
    speed-up, peak resident memory per worker, identical results.

Prints medians (the machine may be shared: ``uptime`` is printed too; ratios
measured in one process are more stable than absolute times).
"""

from __future__ import annotations

import argparse
import importlib
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import Executor
from typing import Any

from _timing import optional, pin_blas_threads

pin_blas_threads()

import numpy as np  # noqa: E402

import mediation_sim as ms  # noqa: E402
from mediation_sim.analysis._mc_kernel import CHUNK  # noqa: E402
from mediation_sim.scenarios.assumptions import sample_parameters  # noqa: E402
from mediation_sim.solvers import pure_nash_mask  # noqa: E402

GRID = 21
GAMES_PER_DRAW = 2 + GRID
#: The library whose Monte Carlo path is "round 1": main before the scenario
#: engine's payoff build was made cheaper (its ``_run_blocks`` is then patched
#: back to the block-by-block reference path of ``analysis/_batch.py``).
ROUND1_REV = "06928a2"


def load_round1(rev: str) -> Any:
    """The package at git revision ``rev``, imported as ``mediation_sim_round1``.

    Round 1 runs its own scenario engine, not this checkout's: a faster
    ``Scenario.evaluate`` here must not speed up the reference too.
    """
    root = subprocess.run(
        ["git", "rev-parse", "--show-toplevel"], capture_output=True, text=True, check=True
    ).stdout.strip()
    folder = tempfile.mkdtemp(prefix="mc_round1_")
    archive = subprocess.run(
        ["git", "-C", root, "archive", rev, "src/mediation_sim"], capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", folder], input=archive, check=True)
    os.rename(
        os.path.join(folder, "src", "mediation_sim"), os.path.join(folder, "mediation_sim_round1")
    )
    sys.path.insert(0, folder)
    return importlib.import_module("mediation_sim_round1")


def round1_runner(r1: Any) -> Callable[..., Any]:
    """``monte_carlo`` of the round-1 package with its block-by-block reference path."""
    mc_module = importlib.import_module("mediation_sim_round1.analysis.monte_carlo")
    batch = importlib.import_module("mediation_sim_round1.analysis._batch")
    thresholds = importlib.import_module("mediation_sim_round1.analysis.thresholds")
    assumptions = importlib.import_module("mediation_sim_round1.scenarios.assumptions")
    lensed_of = r1.scenarios.forecast_only_parameters

    def run_blocks(scenario: Any, seeds: Any, sizes: Any, cfg: Any) -> dict[str, np.ndarray]:
        """``_run_blocks`` as it was before the batched kernel (round 1)."""
        idx = thresholds.outcome_indices(scenario, cfg.outcome)
        fix = dict(cfg.fix) or None
        grid = np.asarray(cfg.grid)
        parts: dict[str, list[np.ndarray]] = {}
        for seed, size in zip(seeds, sizes, strict=True):
            full = assumptions.sample_parameters(
                scenario, cfg.block_size, rng=np.random.default_rng(seed), within=cfg.within
            )
            draws = {k: v[:size] for k, v in full.items() if k != cfg.parameter}
            common = {"parameter": cfg.parameter, "outcome_idx": idx, "mode": cfg.mode, "fix": fix}
            crit, top, count = batch.critical_values(
                scenario,
                draws,
                bounds=cfg.bounds,
                level=cfg.level,
                selection=cfg.selection,
                **common,
            )
            best, worst = batch.settlement_curves(scenario, draws, grid=grid, tol=cfg.tol, **common)
            block = {
                **draws,
                "critical_value": crit,
                "window_upper": top,
                "n_intervals": count.astype(np.float64),
                "best": best,
                "worst": worst,
                "equilibrium_kind": np.zeros(best.shape, dtype=np.int8),  # pure only
            }
            for k, v in block.items():
                parts.setdefault(k, []).append(np.asarray(v))
        # parameters only the forecast lens reads are drawn but not reported
        lensed = lensed_of(scenario)
        return {k: np.concatenate(v) for k, v in parts.items() if k not in lensed}

    mc_module._run_blocks = run_blocks
    return r1.analysis.monte_carlo


OPTIONS = {"keep": "all"}  # --keep: what scale-out runs keep ("critical" for 10^7 draws)


def run(sc: Any, n: int, *, executor: Executor | None = None, monte_carlo: Any = None) -> Any:
    """Monte Carlo of ``n`` draws, seed 2023, pure equilibria only (as round 1 solved)."""
    if monte_carlo is not None:  # the round-1 library has no ``keep``
        return monte_carlo(sc, n, rng=2023, executor=executor, progress=False, mixed=False)
    return ms.analysis.monte_carlo(
        sc, n, rng=2023, executor=executor, progress=False, mixed=False, keep=OPTIONS["keep"]
    )


def same(a: Any, b: Any) -> bool:
    """Frames identical; a shorter reference must be the prefix (draws are seeded by block)."""
    m = min(len(a.draws), len(b.draws))
    if len(a.draws) == len(b.draws):
        return bool(a.draws.equals(b.draws) and a.curves.equals(b.curves))
    return bool(a.draws.iloc[:m].equals(b.draws.iloc[:m]))


def load() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def bare_kernel_seconds_per_draw(sc: Any, draws: int, repeats: int) -> float:
    """``pure_nash_mask`` on the 23 games of each draw (payoffs built before timing)."""
    full = sample_parameters(sc, draws, rng=np.random.default_rng(0), within="range")
    params = {k: v[:, None] for k, v in full.items() if k != "china_pressure"}
    points = np.concatenate([[0.0, 1.0], np.linspace(0, 1, GRID)])
    payoffs = sc.payoffs(china_pressure=points[None, :], **params)  # (draws, 23, n, *S)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        pure_nash_mask(payoffs, n_players=payoffs.shape[2])
        times.append(time.perf_counter() - start)
    return statistics.median(times) / draws


def evaluate_seconds(sc: Any, draws: int, repeats: int) -> float:
    """``Scenario.evaluate`` at the two ends for ``draws`` draws, in the kernel's chunks.

    (The round-1 library is timed in the same chunks, so both see the same
    array sizes.)
    """
    full = sample_parameters(sc, draws, rng=np.random.default_rng(0), within="range")
    params = {k: v[:, None] for k, v in full.items() if k != "china_pressure"}
    ends = np.array([[0.0, 1.0]])
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        for s in range(0, draws, CHUNK):
            sc.evaluate(china_pressure=ends, **{k: v[s : s + CHUNK] for k, v in params.items()})
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def serial(sc: Any, draws: list[int], repeats: int, rev: str) -> dict[str, Any]:
    print(f"\n(s) serial Monte Carlo, ukraine-2023 strategic ({GAMES_PER_DRAW} games per draw)")
    print(f"  round 1: the reference path of the library at {rev}, in this process")
    print(f"  {load()}")
    r1 = load_round1(rev)
    mc1 = round1_runner(r1)
    sc1 = r1.scenarios.load(sc.name).with_structure(sc.structure)
    n0 = draws[0]
    run(sc, 2048)
    run(sc1, 512, monte_carlo=mc1)
    new_t, old_t, new_c, old_c = [], [], [], []
    for _ in range(repeats):  # interleaved, so both see the same load
        start, cpu = time.perf_counter(), time.process_time()
        new = run(sc, n0)
        new_t.append(time.perf_counter() - start)
        new_c.append(time.process_time() - cpu)
        start, cpu = time.perf_counter(), time.process_time()
        old = run(sc1, n0, monte_carlo=mc1)
        old_t.append(time.perf_counter() - start)
        old_c.append(time.process_time() - cpu)
    assert same(new, old), "batched kernel and round-1 path disagree"
    t_new, t_old = statistics.median(new_t), statistics.median(old_t)
    kernel = bare_kernel_seconds_per_draw(sc, 1024, repeats) * n0
    floor = evaluate_seconds(sc, n0, repeats)
    floor1 = evaluate_seconds(sc1, n0, repeats)
    print(f"  {'draws':>10s} {'method':34s} {'time':>10s} {'draws/s':>10s} {'games/s':>11s}")
    print(
        f"  {n0:10,d} {'round 1 (block by block, grid solved)':34s} {t_old:9.2f}s "
        f"{n0 / t_old:10,.0f} {n0 * GAMES_PER_DRAW / t_old:11,.0f}"
    )
    print(
        f"  {n0:10,d} {'batched kernel (this version)':34s} {t_new:9.2f}s "
        f"{n0 / t_new:10,.0f} {n0 * GAMES_PER_DRAW / t_new:11,.0f}"
    )
    print(
        f"  {n0:10,d} {'bare pure_nash_mask, same games':34s} {kernel:9.2f}s "
        f"{n0 / kernel:10,.0f} {n0 * GAMES_PER_DRAW / kernel:11,.0f}"
    )
    print(
        f"  {n0:10,d} {'of which Scenario.evaluate, 2 ends':34s} {floor:9.2f}s "
        f"({floor / t_new:.0%} of the batched run; the payoff build the kernel needs)"
    )
    print(f"  {n0:10,d} {'  the same, round-1 library':34s} {floor1:9.2f}s")
    print(
        f"  speed-up over round 1: {t_old / t_new:.1f}x (identical frames: True); "
        f"time / bare kernel: round 1 {t_old / kernel:.2f}x, now {t_new / kernel:.2f}x"
    )
    c_new, c_old = statistics.median(new_c), statistics.median(old_c)
    print(
        f"  CPU time (this process, less sensitive to other jobs): round 1 {c_old:.2f}s, "
        f"batched {c_new:.2f}s, speed-up {c_old / c_new:.1f}x"
    )
    curve = {"draws": [n0], "new": [t_new], "old": [t_old], "kernel_per_draw": kernel / n0}
    for n in draws[1:]:
        start = time.perf_counter()
        run(sc, n)
        t = time.perf_counter() - start
        curve["draws"].append(n)
        curve["new"].append(t)
        print(
            f"  {n:10,d} {'batched kernel (this version)':34s} {t:9.2f}s "
            f"{n / t:10,.0f} {n * GAMES_PER_DRAW / t:11,.0f}"
        )
    print(f"  {load()}")
    return curve


def _peak_rss_mb() -> float:
    """Peak resident memory of the calling process in MB (run on a worker).

    From ``VmHWM`` in ``/proc/self/status`` where there is one: Linux's
    ``getrusage`` peak survives fork and exec, so a spawned worker would
    report its parent's peak if that was higher.
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def scale_out(
    sc: Any,
    n: int,
    *,
    serial_draws: int | None = None,
    workers_list: tuple[int, ...] = (1, 2),
    dask_defaults: bool = True,
) -> dict[str, Any]:
    print(f"\n(p) scale-out, {n:,} draws, keep={OPTIONS['keep']!r} ({load()})")
    run(sc, 2048)  # warm up, as the workers are
    m = n if serial_draws is None else min(serial_draws, n)
    start = time.perf_counter()
    reference = run(sc, m)
    # a shorter serial reference: its time scaled to n draws (time is linear in
    # draws), and the executors' first m draws must equal it
    t_serial = (time.perf_counter() - start) * n / m
    print(
        f"  {'executor':44s} {'workers':>7s} {'time':>9s} {'speed-up':>9s} "
        f"{'peak RSS/worker':>16s} identical"
    )
    label = "serial (this process)" + ("" if m == n else f", {m:,} draws x {n / m:g}")
    print(f"  {label:44s} {1:7d} {t_serial:8.2f}s {1.0:8.2f}x {_peak_rss_mb():13.0f} MB  -")
    rows: dict[str, Any] = {"serial": t_serial, "pool": {}, "dask": {}, "dask_defaults": {}}
    results: dict[str, Any] = {}

    def measure(
        key: str, label: str, workers: int, executor: Any, rss: Callable[[], float]
    ) -> None:
        run(sc, 2048 * workers, executor=executor)  # start workers, import, warm up
        start = time.perf_counter()
        result = run(sc, n, executor=executor)
        t = time.perf_counter() - start
        rows[key][workers] = t
        first = results.setdefault("first", result)  # every executor: the full n draws
        print(
            f"  {label:44s} {workers:7d} {t:8.2f}s {t_serial / t:8.2f}x {rss():13.0f} MB  "
            f"{same(result, reference)}, {same(result, first)} (= first executor)"
        )

    for workers in workers_list:
        with ms.analysis.open_executor("process", workers=workers) as pool:
            measure(
                "pool",
                "open_executor('process'): spawn pool",
                workers,
                pool,
                lambda pool=pool, w=workers: max(
                    pool.submit(_peak_rss_mb).result() for _ in range(w)
                ),
            )
    distributed = optional("dask.distributed")
    if distributed is None:
        print("  dask.distributed absent: pip install 'mediation-sim[dask]'")
        return rows
    for workers in workers_list:
        with ms.analysis.open_executor("dask", workers=workers) as executor:
            client = executor._client  # its client, to read each worker's peak RSS
            measure(
                "dask",
                "open_executor('dask'): LocalCluster",
                workers,
                executor,
                lambda client=client: max(client.run(_peak_rss_mb).values()),
            )
    for workers in workers_list if dask_defaults else ():  # Dask's own worker defaults
        with (
            distributed.LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
            ) as cluster,
            distributed.Client(cluster) as client,
        ):
            measure(
                "dask_defaults",
                "LocalCluster, Dask's worker defaults",
                workers,
                client.get_executor(),
                lambda client=client: max(client.run(_peak_rss_mb).values()),
            )
    print(f"  parent's peak RSS {_peak_rss_mb():.0f} MB; {load()}")
    return rows


def plot(curve: dict[str, Any] | None, rows: dict[str, Any] | None, folder: str) -> None:
    import matplotlib as mpl

    mpl.use("Agg")
    import matplotlib.pyplot as plt

    os.makedirs(folder, exist_ok=True)
    if curve is not None:
        fig, ax = plt.subplots(figsize=(4.5, 3.2), dpi=100)
        n = np.asarray(curve["draws"], dtype=float)
        ax.loglog(n, curve["new"], "o-", label="batched kernel")
        ratio = curve["old"][0] / curve["draws"][0]
        ax.loglog(n, ratio * n, "s--", label="round 1 (measured at the first point, linear)")
        ax.loglog(n, curve["kernel_per_draw"] * n, ":", label="bare pure_nash_mask")
        ax.set_xlabel("draws")
        ax.set_ylabel("seconds")
        ax.set_title("Monte Carlo, ukraine-2023 (23 games/draw)", fontsize=9)
        ax.legend(fontsize=7)
        fig.tight_layout()
        fig.savefig(os.path.join(folder, "monte_carlo_draws.png"))
        plt.close(fig)
    if rows is not None:
        fig, ax = plt.subplots(figsize=(4.5, 3.2), dpi=100)
        for key, label in (
            ("pool", "process pool"),
            ("dask", "Dask LocalCluster (open_executor)"),
            ("dask_defaults", "Dask LocalCluster, Dask's defaults"),
        ):
            if rows[key]:
                w = sorted(rows[key])
                ax.plot(w, [rows["serial"] / rows[key][k] for k in w], "o-", label=label)
        ax.plot([1, 2], [1, 2], ":", color="grey", label="linear")
        ax.set_xticks([1, 2])
        ax.set_xlabel("workers (2 cores, shared)")
        ax.set_ylabel("speed-up over serial")
        ax.legend(fontsize=7)
        fig.tight_layout()
        fig.savefig(os.path.join(folder, "monte_carlo_workers.png"))
        plt.close(fig)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--parts", default="s", help="s (serial), p (scale-out), or both")
    parser.add_argument(
        "--draws",
        type=int,
        nargs="*",
        default=[10_000, 100_000],
        help="draw counts for (s); the first is also run on the round-1 path",
    )
    parser.add_argument("--scale-draws", type=int, default=50_000, help="draws for (p)")
    parser.add_argument(
        "--keep", choices=["all", "critical"], default="all", help="monte_carlo's keep for (p)"
    )
    parser.add_argument(
        "--serial-draws", type=int, help="(p): a shorter serial reference (prefix checked)"
    )
    parser.add_argument("--workers", default="1,2", help="(p): worker counts, e.g. 2")
    parser.add_argument(
        "--no-dask-defaults", action="store_true", help="(p): skip Dask's worker defaults"
    )
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--plot", metavar="FOLDER", help="save PNG scaling curves there")
    parser.add_argument(
        "--round1-rev", default=ROUND1_REV, help="git revision whose library is round 1"
    )
    args = parser.parse_args()
    # the one-shot kernel's workload: the flagship under its v0.1 simultaneous
    # structure (sequential structures go to the subgame-perfect kernels)
    sc = ms.scenarios.load("ukraine-2023").with_structure("simultaneous")
    print(f"mediation_sim {ms.__version__}, NumPy {np.__version__}")
    curve = serial(sc, args.draws, args.repeats, args.round1_rev) if "s" in args.parts else None
    OPTIONS["keep"] = args.keep
    rows = (
        scale_out(
            sc,
            args.scale_draws,
            serial_draws=args.serial_draws,
            workers_list=tuple(int(w) for w in args.workers.split(",")),
            dask_defaults=not args.no_dask_defaults,
        )
        if "p" in args.parts
        else None
    )
    if args.plot:
        plot(curve, rows, args.plot)


if __name__ == "__main__":
    main()
