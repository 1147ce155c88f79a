"""Communication-equilibrium LP: mediation_sim vs the textbook formulation with deviation plans.

Run from the repository root::

    python benchmarks/bench_communication.py            # HMS and the flagship's Bayesian version
    python benchmarks/bench_communication.py --quick    # fewer repeats

No peer library computes communication equilibria of Bayesian games
(nashpy, QuantEcon and pygambit do not), so the reference is the textbook
LP (Myerson 1991, sec. 6.3) built densely with NumPy: one honesty-and-
obedience row per player, true type, report and *deviation plan*
``delta: A_i -> A_i`` (``A_i ** A_i`` of them), handed to SciPy's HiGHS.
``ms.solvers.communication_equilibrium`` replaces the plans by one
auxiliary variable per recommendation (a sparse matrix with
``T_i**2 (A_i**2 + 1)`` rows per player) and verifies the answer.

Workloads: the Hoerner-Morelli-Squintani accept-or-fight game at two
parameter points (objective: probability of peace) and the ukraine-2023
scenario with Beijing's type (objective: probability of a Russian
withdrawal at china_pressure = 0.6). For each the script prints the LP's
size, the median time of each implementation, the ratio reference /
mediation_sim (above 1: mediation_sim faster), and both optimal values
(they must agree).
"""

from __future__ import annotations

import argparse
import itertools
import math

from _timing import pin_blas_threads, timed

pin_blas_threads()

import numpy as np  # noqa: E402
from scipy.optimize import linprog  # noqa: E402

import mediation_sim as ms  # noqa: E402
from mediation_sim.scenarios.beijing_type import load_beijing_type  # noqa: E402


def dense_reference(game: ms.games.BayesianGame, weights: np.ndarray) -> float:
    """Max sum_t P(t) sum_a mu(a|t) W(t, a) over communication equilibria, with plan rows."""
    n = game.n_players
    types, actions = game.n_types, game.n_actions
    shape = types + actions
    size = math.prod(shape)
    flat = np.arange(size).reshape(shape)
    prior = game.prior.reshape(types + (1,) * n)
    rows = []
    for i in range(n):
        u = game.payoffs[i]
        for t in range(types[i]):
            # truthful value: sum over t_-i and a of P(t) mu(a|t) u(t, a), with t_i = t
            truth = np.zeros(size)
            sl = [slice(None)] * (2 * n)
            sl[i] = t
            truth[flat[tuple(sl)].ravel()] = (np.broadcast_to(prior, shape) * u)[tuple(sl)].ravel()
            for s in range(types[i]):
                for plan in itertools.product(range(actions[i]), repeat=actions[i]):
                    dev = np.zeros(size)
                    # mu(a | s, t_-i) weighted by P(t, t_-i) u(t, t_-i, plan[a_i], a_-i)
                    u_t = np.take(u, t, axis=i)  # drop t_i: (t_-i..., a...)
                    moved = np.take(u_t, plan, axis=n - 1 + i)  # replace a_i by plan[a_i]
                    p_t = np.take(np.broadcast_to(prior, shape), t, axis=i)
                    coef = p_t * moved
                    sl_s = [slice(None)] * (2 * n)
                    sl_s[i] = s
                    dev[flat[tuple(sl_s)].ravel()] = coef.ravel()
                    rows.append(dev - truth)
    a_ub = np.array(rows)
    n_t = math.prod(types)
    a_eq = np.kron(np.eye(n_t), np.ones((1, math.prod(actions))))
    c = -(np.broadcast_to(prior, shape) * weights).ravel()
    lp = linprog(
        c,
        A_ub=a_ub,
        b_ub=np.zeros(len(rows)),
        A_eq=a_eq,
        b_eq=np.ones(n_t),
        bounds=(0, None),
        method="highs",
    )
    assert lp.status == 0, lp.message
    return float(-lp.fun)


def hms_workload(q: float, p: float, theta: float) -> tuple[ms.games.BayesianGame, np.ndarray]:
    game = ms.models.HMSModel(q=q, p=p, theta=theta).bayesian_game()
    peace = np.zeros(game.n_types + game.n_actions)
    peace[..., 0, 0, :] = 1.0
    return game, peace


def flagship_workload() -> tuple[ms.games.BayesianGame, np.ndarray]:
    model = load_beijing_type()
    game = model.bayesian_game(china_pressure=0.6)
    probs = model.scenario.outcome_probabilities(china_pressure=0.6)
    k = model.scenario.outcomes.index(model.target_outcome)
    return game, np.broadcast_to(probs[k], game.n_types + game.n_actions).copy()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    args = parser.parse_args()
    repeats = 3 if args.quick else 7
    workloads = {
        "HMS q=.5 p=.8 theta=.8": hms_workload(0.5, 0.8, 0.8),
        "HMS q=.3 p=.9 theta=.9": hms_workload(0.3, 0.9, 0.9),
        "ukraine-2023 + Beijing's type": flagship_workload(),
    }
    print(
        f"{'workload':32} {'mu vars':>8} {'ours ms':>9} {'dense ms':>9} {'ratio':>7} "
        f"{'value ours':>11} {'value dense':>11}"
    )
    for name, (game, weights) in workloads.items():
        n_mu = math.prod(game.n_types + game.n_actions)
        t_ours, res = timed(
            lambda g=game, w=weights: ms.solvers.communication_equilibrium(g, objective=w), repeats
        )
        t_ref, ref = timed(lambda g=game, w=weights: dense_reference(g, w), max(1, repeats // 2))
        value = res.value  # type: ignore[attr-defined]
        print(
            f"{name:32} {n_mu:8d} {1e3 * t_ours:9.1f} {1e3 * t_ref:9.1f} "
            f"{t_ref / t_ours:7.2f} {value:11.6f} {float(ref):11.6f}"
        )  # type: ignore[arg-type]
        assert abs(value - float(ref)) < 1e-6  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
