"""Expected-utility forecasting: BDM rounds for 10 and 100 actors, a 10,000-draw Monte Carlo.

Run from the repository root::

    python benchmarks/bench_forecast.py                      # everything (about 2 minutes)
    python benchmarks/bench_forecast.py --quick              # fewer repeats, 2,000 draws
    python benchmarks/bench_forecast.py --only montecarlo --no-pool   # 10,000 draws, serial

Workloads:

(a) One round of the BDM / Scholz model (risk exponents, probabilities,
    expected utilities, offers) and a full forecast, for 10 actors (the EC
    car-emissions data) and 100 actors (random positions, capabilities and
    saliences). No installable peer implements the model; public ports
    (jmckib's, D. Masad's) loop over pairs of actors in Python. The peer
    column is such a loop, written for this benchmark from the formulas of
    ``mediation_sim.models.forecasting.bdm`` (round 1 only; its expected
    utilities are checked against the vectorised ones).
(b) 10,000-draw Monte Carlo of the ``ukraine-2023`` forecast (every draw
    samples the 17 forecast assumptions and runs the model to convergence),
    serially and on a 2-process pool; identical results checked.
(c) KTAB: a probabilistic Condorcet election among 100 options by 100 actors
    (votes, coalitions, victory probabilities, all three election models).
(d) KTAB's Spatial Model of Politics: its 7-actor, 3-dimension reference run
    (KTAB's C++ logs 0.16 s for it, with its logging and SQLite on, on
    another machine), and one-issue runs for 10 and 100 random actors.

Prints medians over a few repeats (the machine may be shared).
"""

from __future__ import annotations

import argparse
import time
from concurrent.futures import ProcessPoolExecutor

from _timing import pin_blas_threads, timed

pin_blas_threads()

import numpy as np  # noqa: E402

import mediation_sim as ms  # noqa: E402
from mediation_sim.models import forecasting as fc  # noqa: E402

EC_X = [4.0, 7.0, 4.0, 4.0, 10.0, 10.0, 10.0, 7.0, 4.0, 7.0]
EC_C = [0.08, 0.08, 0.03, 0.16, 0.16, 0.16, 0.16, 0.05, 0.05, 0.08]
EC_S = [0.8, 0.4, 0.2, 0.8, 0.6, 0.6, 0.9, 0.1, 1.0, 0.7]


def loop_round_one(x: list[float], c: list[float], s: list[float]) -> list[list[float]]:
    """Round-1 expected utilities E^i(U_ij) with per-pair Python loops (the ports' shape)."""
    n = len(x)
    span = max(x) - min(x)

    def probs(r: list[float]) -> list[list[float]]:
        p = [[0.0] * n for _ in range(n)]
        for a in range(n):
            for b in range(n):
                if x[a] == x[b]:
                    continue
                top = bottom = 0.0
                for k in range(n):
                    v = (
                        c[k]
                        * s[k]
                        * ((abs(x[k] - x[b]) / span) ** r[k] - (abs(x[k] - x[a]) / span) ** r[k])
                    )
                    top += max(v, 0.0)
                    bottom += abs(v)
                p[a][b] = top / bottom if bottom > 0 else 0.0
        return p

    def eu(a: int, b: int, r: float, p: list[list[float]]) -> float:
        d = abs(x[a] - x[b]) / span
        us = 2 - 4 * (0.5 - 0.5 * d) ** r
        uf = 2 - 4 * (0.5 + 0.5 * d) ** r
        usq = 2 - 4 * 0.5**r
        return s[b] * (p[a][b] * us + (1 - p[a][b]) * uf) + (1 - s[b]) * us - usq

    p1 = probs([1.0] * n)
    danger = [sum(eu(j, i, 1.0, p1) for j in range(n) if j != i) for i in range(n)]
    hi, lo = max(danger), min(danger)
    big_r = [(2 * d - hi - lo) / (hi - lo) if hi > lo else 0.0 for d in danger]
    r = [(1 - q / 3) / (1 + q / 3) for q in big_r]
    p = probs(r)
    return [[eu(i, j, r[i], p) if i != j else 0.0 for j in range(n)] for i in range(n)]


def bench_rounds(repeats: int) -> None:
    print("(a) BDM / Scholz model: one round and a full forecast")
    rng = np.random.default_rng(0)
    cases = {
        10: (EC_X, EC_C, EC_S),
        100: (
            rng.integers(0, 101, 100).astype(float).tolist(),
            rng.uniform(0.01, 1, 100).tolist(),
            rng.uniform(0.05, 1, 100).tolist(),
        ),
    }
    print(
        f"  {'actors':>6}  {'1 round':>10}  {'loops':>10}  {'ratio':>7}  "
        f"{'forecast':>10}  {'rounds':>6}  converged"
    )
    for n, (x, c, s) in cases.items():
        t_round, _ = timed(lambda x=x, c=c, s=s: fc.bdm_forecast(x, c, s, max_iter=1), repeats)
        loop_repeats = repeats if n <= 10 else 1
        t_loop, eu_loop = timed(lambda x=x, c=c, s=s: loop_round_one(x, c, s), loop_repeats)
        r = fc.risk_exponents(x, c, s)
        eu_vec = fc.challenge_utilities(x, c, s, risk=r)
        assert np.allclose(np.asarray(eu_loop), eu_vec, atol=1e-10), "loop and vectorised differ"
        full_repeats = max(1, repeats // 2) if n <= 10 else 1
        t_full, res = timed(lambda x=x, c=c, s=s: fc.bdm_forecast(x, c, s), full_repeats)
        print(
            f"  {n:>6}  {t_round * 1e3:>8.2f}ms  {t_loop * 1e3:>8.1f}ms  "
            f"{t_loop / t_round:>6.0f}x  {t_full * 1e3:>8.1f}ms  {res.n_iter:>6}  {res.converged}"  # type: ignore[attr-defined]
        )


def bench_monte_carlo(n: int, pool: bool) -> None:
    print(f"(b) ukraine-2023 forecast Monte Carlo, {n:,} draws (china_pressure = 0.6)")
    sc = ms.scenarios.load("ukraine-2023")
    kw = {"rng": 0, "block_size": 500, "china_pressure": 0.6}
    start = time.perf_counter()
    serial = ms.analysis.forecast_monte_carlo(sc, n, **kw)  # type: ignore[arg-type]
    t_serial = time.perf_counter() - start
    print(f"  serial            {t_serial:6.2f} s  {n / t_serial:8,.0f} draws/s")
    if pool:
        with ProcessPoolExecutor(max_workers=2) as executor:
            start = time.perf_counter()
            pooled = ms.analysis.forecast_monte_carlo(sc, n, executor=executor, **kw)  # type: ignore[arg-type]
            t_pool = time.perf_counter() - start
        assert serial.draws.equals(pooled.draws), "serial and pooled Monte Carlo differ"
        print(f"  2-process pool    {t_pool:6.2f} s  {n / t_pool:8,.0f} draws/s  (identical draws)")
    q = serial.quantiles([0.05, 0.5, 0.95]).round(3).tolist()
    print(f"  forecast 5/50/95% quantiles: {q}")


def bench_ktab(repeats: int) -> None:
    print("(c) KTAB Condorcet election, 100 actors x 100 options")
    rng = np.random.default_rng(1)
    w = rng.uniform(0.1, 1.0, 100)
    u = rng.uniform(0.0, 1.0, (100, 100))
    for model in fc.ktab.PCE_MODELS:
        t, res = timed(
            lambda model=model: fc.condorcet_election(w, u, victory="square", model=model), repeats
        )
        print(f"  {model:<17} {t * 1e3:8.1f} ms  winner {res.winner}")  # type: ignore[attr-defined]


# KTAB examples/smp/doc/dummyData_3Dim.csv: capability, then (position, salience) x 3
KTAB_3DIM = [
    (102.543, 75.79, 49.53, 6.37, 5.91, 70.45, 28.15),
    (53.393, 82.72, 30.33, 73.50, 21.22, 64.00, 24.79),
    (129.643, 82.45, 48.47, 90.89, 13.55, 0.07, 34.62),
    (75.920, 62.52, 20.76, 50.82, 39.24, 62.33, 22.21),
    (63.224, 82.34, 40.96, 45.77, 25.43, 73.31, 22.59),
    (120.048, 84.48, 22.92, 33.70, 39.35, 88.11, 15.42),
    (54.178, 70.96, 31.75, 33.46, 27.93, 90.36, 26.03),
]


def bench_smp(repeats: int) -> None:
    print("(d) KTAB Spatial Model of Politics (deterministic), full runs")
    data = np.array(KTAB_3DIM)
    cases = [("7 x 3 dims (KTAB ref.)", data[:, [1, 3, 5]], data[:, 0], data[:, [2, 4, 6]] / 100)]
    rng = np.random.default_rng(2)
    for n in (10, 100):
        cases.append(
            (
                f"{n} actors, one issue",
                rng.uniform(0, 100, n),
                rng.uniform(10, 100, n),
                rng.uniform(0.2, 1.0, n),
            )
        )
    for label, x, c, s in cases:
        t, res = timed(lambda x=x, c=c, s=s: fc.smp_forecast(x, c, s, bounds=(0, 100)), repeats)
        rounds = res.n_rounds  # type: ignore[attr-defined]
        print(
            f"  {label:<24} {t * 1e3:9.1f} ms  {rounds:3d} rounds  "
            f"{t * 1e3 / rounds:8.2f} ms/round  converged {res.converged}"  # type: ignore[attr-defined]
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 repeats, 2,000 draws")
    parser.add_argument("--draws", type=int, help="Monte Carlo draws (default 10,000)")
    parser.add_argument("--no-pool", action="store_true", help="skip the process-pool run")
    parser.add_argument(
        "--only", choices=["rounds", "montecarlo", "ktab", "smp"], help="run one workload"
    )
    args = parser.parse_args()
    repeats = 3 if args.quick else 7
    draws = args.draws or (2_000 if args.quick else 10_000)
    if args.only in (None, "rounds"):
        bench_rounds(repeats)
    if args.only in (None, "montecarlo"):
        bench_monte_carlo(draws, pool=not args.no_pool)
    if args.only in (None, "ktab"):
        bench_ktab(repeats)
    if args.only in (None, "smp"):
        bench_smp(repeats)


if __name__ == "__main__":
    main()
