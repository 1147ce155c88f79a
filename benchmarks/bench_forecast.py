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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 repeats, 2,000 draws")
    parser.add_argument("--draws", type=int, help="Monte Carlo draws (default 10,000)")
    parser.add_argument("--no-pool", action="store_true", help="skip the process-pool run")
    parser.add_argument("--only", choices=["rounds", "montecarlo", "ktab"], help="run one workload")
    args = parser.parse_args()
    repeats = 3 if args.quick else 7
    draws = args.draws or (2_000 if args.quick else 10_000)
    if args.only in (None, "rounds"):
        bench_rounds(repeats)
    if args.only in (None, "montecarlo"):
        bench_monte_carlo(draws, pool=not args.no_pool)
    if args.only in (None, "ktab"):
        bench_ktab(repeats)


if __name__ == "__main__":
    main()
