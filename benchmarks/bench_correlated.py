"""Correlated-equilibrium LP: mediation_sim vs a straightforward dense NumPy + HiGHS build.

Run from the repository root::

    python benchmarks/bench_correlated.py            # 5 x 3, 5 x 5 and 6 x 4 games
    python benchmarks/bench_correlated.py --quick    # fewer repeats

No peer library offers correlated equilibria of N-player games (pygambit,
QuantEcon and nashpy do not), so the reference is the obvious
implementation the issue measured: the incentive constraints built as a
*dense* matrix with NumPy (one row per player and ordered pair of
strategies, filled by broadcasting) and handed to SciPy's HiGHS with the
welfare objective. ``ms.solvers.correlated`` builds the same constraints as
a sparse matrix, scales payoffs to [0, 1], and verifies the answer.

For each workload (random games, payoffs uniform on [0, 1), fixed seed) the
script prints the median time of each implementation, the ratio
reference / mediation_sim (above 1: mediation_sim faster), both optimal
values (they must agree) and mediation_sim's largest incentive violation
relative to the payoff range. It also times the egalitarian objective and a
"probability of a profile set" query with sense="min" and "max" (the range
a mediator can reach).
"""

from __future__ import annotations

import argparse
import math
import statistics

import numpy as np
from _timing import timed
from scipy.optimize import linprog

import mediation_sim as ms

SEED = 20230515
WORKLOADS = {"5x3": (5, 3), "5x5": (5, 5), "6x4": (6, 4)}


def dense_reference(payoffs: np.ndarray) -> float:
    """Welfare-maximising CE with dense constraints built in NumPy (the issue's baseline)."""
    n = payoffs.shape[0]
    shape = payoffs.shape[1:]
    size = math.prod(shape)
    rows = []
    for i in range(n):
        s = shape[i]
        u = np.moveaxis(payoffs[i], i, 0)  # (s, others...)
        for k in range(s):
            for k2 in range(s):
                if k == k2:
                    continue
                row = np.zeros((s, *u.shape[1:]))
                row[k] = u[k2] - u[k]
                rows.append(np.moveaxis(row, 0, i).reshape(size))
    a_ub = np.array(rows)
    c = -payoffs.sum(axis=0).reshape(size)
    res = linprog(
        c,
        A_ub=a_ub,
        b_ub=np.zeros(len(rows)),
        A_eq=np.ones((1, size)),
        b_eq=[1.0],
        bounds=(0, None),
        method="highs",
    )
    return float(-res.fun)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer games and repeats")
    args = parser.parse_args()
    repeats = 3 if args.quick else 5
    n_games = 2 if args.quick else 4
    rng = np.random.default_rng(SEED)
    print(
        f"{'games':6s} {'reference (dense)':>18s} {'mediation_sim':>14s} {'ratio':>7s} "
        f"{'values agree':>13s} {'max violation':>14s} {'egalitarian':>12s} {'range min+max':>14s}"
    )
    for name, (n, s) in WORKLOADS.items():
        ref_times, ours_times, egal_times, range_times = [], [], [], []
        agree = True
        worst = 0.0
        for _ in range(n_games):
            game = ms.NormalFormGame(rng.uniform(size=(n, *(s,) * n)))
            t_ref, ref_value = timed(lambda g=game: dense_reference(g.payoffs), repeats)
            t_ours, res = timed(lambda g=game: ms.solvers.correlated(g), repeats)
            assert isinstance(res, ms.solvers.CorrelatedResult)
            agree &= bool(abs(res.value - float(ref_value)) <= 1e-6 * max(1.0, abs(res.value)))  # type: ignore[arg-type]
            worst = max(worst, float(res.incentive_violations.max()) / game.payoff_range)
            t_egal, _ = timed(
                lambda g=game: ms.solvers.correlated(g, objective="egalitarian"),
                max(1, repeats // 2),
            )
            mask = np.zeros(game.shape, dtype=bool)
            mask[(0,) * n] = True
            mask[(1,) * n] = True

            def both(g: ms.NormalFormGame = game, m: np.ndarray = mask) -> None:
                ms.solvers.correlated(g, objective=m, sense="min")
                ms.solvers.correlated(g, objective=m)

            t_range, _ = timed(both, max(1, repeats // 2))
            ref_times.append(t_ref)
            ours_times.append(t_ours)
            egal_times.append(t_egal)
            range_times.append(t_range)
        ref = statistics.median(ref_times)
        ours = statistics.median(ours_times)
        print(
            f"{name:6s} {ref * 1e3:16.1f}ms {ours * 1e3:12.1f}ms {ref / ours:7.2f} "
            f"{'yes' if agree else 'NO':>13s} {worst:14.1e} "
            f"{statistics.median(egal_times) * 1e3:10.1f}ms "
            f"{statistics.median(range_times) * 1e3:12.1f}ms"
        )


if __name__ == "__main__":
    main()
