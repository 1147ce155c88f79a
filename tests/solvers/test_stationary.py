"""Stationary (Markov perfect) equilibria by the logit homotopy, and finite horizons."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mediation_sim as ms
from mediation_sim.solvers._stationary import _System
from mediation_sim.testing import strategies as mst

PD = ms.games.prisoners_dilemma()


def one_state(game: ms.NormalFormGame, delta: float = 0.9) -> ms.games.StochasticGame:
    return ms.games.StochasticGame(
        [game.payoffs],
        [np.ones((*game.shape, 1))],
        delta,
        players=game.players,
        actions=[game.strategies],
    )


def mdp(rewards: np.ndarray, transitions: np.ndarray, delta: float) -> ms.games.StochasticGame:
    """A one-player game: rewards (S, A), transitions (S, A, S)."""
    return ms.games.StochasticGame(
        [r[None, :] for r in rewards], list(transitions), delta, players=["agent"]
    )


def value_iteration(rewards: np.ndarray, transitions: np.ndarray, delta: float) -> np.ndarray:
    v = np.zeros(rewards.shape[0])
    for _ in range(100_000):
        new = (rewards + delta * transitions @ v).max(axis=1)
        if np.abs(new - v).max() < 1e-13:
            return new
        v = new
    raise AssertionError("value iteration did not converge")


def grim_game(delta: float) -> ms.games.StochasticGame:
    stay = np.zeros((2, 2, 2))
    stay[0, 0] = [1, 0]
    stay[0, 1] = stay[1, 0] = stay[1, 1] = [0, 1]
    return ms.games.StochasticGame([PD.payoffs, np.zeros((2, 1, 1))], [stay, [[[0.0, 1.0]]]], delta)


# ---------------------------------------------------------------------- known answers
def test_repeated_prisoners_dilemma_defects() -> None:
    res = ms.solvers.stationary_equilibrium(one_state(PD))
    assert res.success
    assert res.equilibrium is not None
    assert res.equilibrium.isclose([[[0, 1], [0, 1]]])
    np.testing.assert_allclose(res.values, [[10.0, 10.0]])  # 1 / (1 - 0.9)
    assert res.max_regret == 0.0


def test_matching_pennies_mixed_equilibrium() -> None:
    res = ms.solvers.stationary_equilibrium(one_state(ms.games.matching_pennies(), 0.5))
    assert res.equilibrium is not None
    assert res.equilibrium.isclose([[[0.5, 0.5], [0.5, 0.5]]], atol=1e-9)
    np.testing.assert_allclose(res.values, 0.0, atol=1e-9)


@pytest.mark.parametrize("delta", [0.3, 0.8])
def test_grim_game_equilibrium_is_verified(delta: float) -> None:
    g = grim_game(delta)
    res = ms.solvers.stationary_equilibrium(g)
    assert res.success
    assert res.equilibrium is not None
    assert g.is_equilibrium(res.equilibrium)
    # the logit branch starts at uniform play, where defection is better; it ends at (d, d)
    assert res.equilibrium.isclose([[[0, 1], [0, 1]], [[1], [1]]])


def test_mdp_matches_value_iteration_known_case() -> None:
    # two states, two actions: "invest" moves to the rich state, "consume" pays now
    rewards = np.array([[1.0, 0.0], [3.0, 2.0]])
    transitions = np.array([[[1.0, 0.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, 1.0]]])
    res = ms.solvers.stationary_equilibrium(mdp(rewards, transitions, 0.9))
    assert res.values is not None
    np.testing.assert_allclose(res.values[:, 0], value_iteration(rewards, transitions, 0.9))
    np.testing.assert_allclose(res.values[:, 0], [18.0, 20.0])  # invest, then keep 2 for ever


@settings(max_examples=15)
@given(st.integers(1, 4), st.integers(1, 3), st.floats(0.0, 0.95), st.integers(0, 2**32 - 1))
def test_mdp_values_agree_with_value_iteration(
    n_states: int, n_actions: int, delta: float, seed: int
) -> None:
    rng = np.random.default_rng(seed)
    rewards = rng.uniform(-1, 1, size=(n_states, n_actions))
    transitions = rng.dirichlet(np.ones(n_states), size=(n_states, n_actions))
    res = ms.solvers.stationary_equilibrium(mdp(rewards, transitions, delta))
    assert res.success
    assert res.values is not None
    np.testing.assert_allclose(
        res.values[:, 0], value_iteration(rewards, transitions, delta), atol=1e-8
    )


def test_mdp_agrees_with_quantecon() -> None:
    quantecon = pytest.importorskip("quantecon")
    rng = np.random.default_rng(7)
    rewards = rng.uniform(size=(5, 3))
    transitions = rng.dirichlet(np.ones(5), size=(5, 3))
    ddp = quantecon.markov.DiscreteDP(rewards, transitions, 0.95)
    expected = ddp.solve(method="policy_iteration")
    res = ms.solvers.stationary_equilibrium(mdp(rewards, transitions, 0.95))
    assert res.values is not None
    assert res.equilibrium is not None
    np.testing.assert_allclose(res.values[:, 0], expected.v, atol=1e-9)
    policy = [int(np.argmax(res.equilibrium.probabilities[s][0])) for s in range(5)]
    assert policy == expected.sigma.tolist()


# ---------------------------------------------------------------------- properties
@settings(max_examples=15)
@given(mst.normal_form_games(n_players=st.integers(2, 3), max_strategies=3), st.floats(0, 0.9))
def test_single_state_games_reduce_to_the_stage_game(game: ms.NormalFormGame, delta: float) -> None:
    res = ms.solvers.stationary_equilibrium(one_state(game, delta))
    assert res.success
    assert res.equilibrium is not None
    # with one state continuation values do not depend on actions: a stage equilibrium
    assert game.is_nash(list(res.equilibrium.probabilities[0]), tol=1e-7)


# two degenerate stage games Hypothesis found (dev profile): the branch never separated
# the ties (2,000 steps, regret 6e-3), and a diverging Newton step overflowed
_TIED_STAGE = [
    [[[0.0, 0.0, 0.0]], [[2.0488318866377124, 0.0, 0.02]], [[0.0, 0.0, -5.918331523719672]]],
    [[[0.0, 0.0, 0.0]], [[0.0, 0.0, 0.0]], [[0.0, 0.0, 0.0]]],
    [
        [[-5.918331523719672, 0.0, 1.3181263039904572]],
        [[0.0, -6.222111056796921, -1.9]],
        [[0.0, -8.432700086330977, 0.0]],
    ],
]
_OVERFLOW_STAGE = [
    [[[0.0, 0.0, 0.0]], [[2.125, 0.0, 0.0234375]], [[0.0, 0.0, -4.0]]],
    [[[0.0, 0.0, 0.0]], [[0.0, 0.0, 0.0]], [[0.0, 0.0, 0.0]]],
    [[[-4.90625, 2.0, 1.34375]], [[0.0, -6.21875, -1.90625]], [[0.0, 1.25, 0.0]]],
]


@pytest.mark.parametrize("payoffs", [_TIED_STAGE, _OVERFLOW_STAGE], ids=["tied", "overflow"])
def test_degenerate_single_state_games_still_reach_a_stage_equilibrium(payoffs) -> None:
    game = ms.NormalFormGame(np.array(payoffs))
    res = ms.solvers.stationary_equilibrium(one_state(game, 0.0))  # warnings are errors here
    assert res.success, res.message
    assert res.equilibrium is not None
    assert game.is_nash(list(res.equilibrium.probabilities[0]), tol=1e-7)


@settings(max_examples=10)
@given(mst.stochastic_games(n_states=st.integers(1, 3), max_actions=3))
def test_random_games_have_verified_equilibria(g: ms.games.StochasticGame) -> None:
    res = ms.solvers.stationary_equilibrium(g)
    assert res.success, res.message
    assert res.equilibrium is not None
    assert g.regret(res.equilibrium) <= 1e-8 * g.payoff_range
    assert res.max_regret == pytest.approx(g.regret(res.equilibrium))


@settings(max_examples=8)
@given(
    mst.stochastic_games(n_states=st.integers(1, 2), max_actions=2),
    st.floats(0.1, 20.0),
    st.floats(-10.0, 10.0),
)
def test_selection_is_invariant_to_affine_rescaling(
    g: ms.games.StochasticGame, a: float, b: float
) -> None:
    scaled = ms.games.StochasticGame(
        [a * p + b for p in g.payoffs], list(g.transitions), g.discount
    )
    x = ms.solvers.stationary_equilibrium(g).equilibrium
    y = ms.solvers.stationary_equilibrium(scaled).equilibrium
    assert x is not None
    assert y is not None
    assert x.isclose(y.probabilities, atol=1e-6)


def test_analytic_jacobian_matches_finite_differences() -> None:
    rng = np.random.default_rng(3)
    g = ms.games.StochasticGame(
        [rng.uniform(size=(3, 2, 3, 2)) for _ in range(2)],
        [rng.dirichlet(np.ones(2), size=(2, 3, 2)) for _ in range(2)],
        [0.9, 0.8, 0.7],
    )
    system = _System(g)
    x = np.concatenate([system.start() + rng.normal(scale=0.1, size=system.size), [1.7]])
    _, jac = system.evaluate(x)
    numeric = np.empty_like(jac)
    for k in range(x.size):
        e = np.zeros_like(x)
        e[k] = 1e-6
        numeric[:, k] = (system.evaluate(x + e)[0] - system.evaluate(x - e)[0]) / 2e-6
    np.testing.assert_allclose(jac, numeric, atol=1e-7)


def test_jacobians_match_finite_differences_with_mixed_state_shapes() -> None:
    # States with different action shapes (one with a single action) are
    # assembled in separate groups; both the homotopy Jacobian and the payoff
    # Jacobian used by the support refinement must still be exact.
    rng = np.random.default_rng(5)
    shapes = [(2, 3), (3, 2), (2, 3), (1, 2)]
    g = ms.games.StochasticGame(
        [rng.uniform(size=(2, *m)) for m in shapes],
        [rng.dirichlet(np.ones(len(shapes)), size=m) for m in shapes],
        [0.9, 0.6],
    )
    system = _System(g)
    assert len(system.groups) == 3
    x = np.concatenate([system.start() + rng.normal(scale=0.1, size=system.size), [2.3]])
    _, jac = system.evaluate(x)
    numeric = np.empty_like(jac)
    for k in range(x.size):
        e = np.zeros_like(x)
        e[k] = 1e-6
        numeric[:, k] = (system.evaluate(x + e)[0] - system.evaluate(x - e)[0]) / 2e-6
    np.testing.assert_allclose(jac, numeric, atol=1e-7)
    prob = rng.uniform(size=system.n_beta)
    values = rng.uniform(size=(system.S, system.n))
    z = np.concatenate([prob, values.ravel()])
    _, pjac = system._payoff_jacobian(prob, values)
    for k in range(z.size):
        e = np.zeros_like(z)
        e[k] = 1e-6
        hi = system._payoff_jacobian(
            (z + e)[: system.n_beta], (z + e)[system.n_beta :].reshape(values.shape)
        )[0]
        lo = system._payoff_jacobian(
            (z - e)[: system.n_beta], (z - e)[system.n_beta :].reshape(values.shape)
        )[0]
        np.testing.assert_allclose(pjac[:, k], (hi - lo) / 2e-6, atol=1e-7)
    res = ms.solvers.stationary_equilibrium(g)
    assert res.success
    assert g.is_equilibrium(res.equilibrium)


# ---------------------------------------------------------------------- result, errors
def test_result_dict_repr_and_pickle() -> None:
    res = ms.solvers.stationary_equilibrium(one_state(PD))
    d = res.to_dict()
    assert d["success"] is True
    assert d["method"] == "logit_homotopy"
    assert d["equilibrium"]["strategies"]["s1"]["row"]["defect"] == 1.0
    assert d["parameters"] == {"tol": 1e-8, "max_iter": 2000, "lam_max": 1e7}
    assert repr(res).startswith("StationaryResult(method='logit_homotopy', success=True")
    back = pickle.loads(pickle.dumps(res))
    assert back.equilibrium is not None
    assert back.equilibrium.isclose([[[0, 1], [0, 1]]])
    assert "defect" in res._repr_html_()


def test_failure_is_reported_not_hidden() -> None:
    # row's first action dominates; column's best reply to uniform play is wrong
    game = ms.NormalFormGame([[[1, 1], [0, 0]], [[1, 0], [0, 10]]])
    two_states = ms.games.StochasticGame(
        [game.payoffs, game.payoffs], [np.full((2, 2, 2), 0.5)] * 2, 0.9
    )
    res = ms.solvers.stationary_equilibrium(two_states, max_iter=1)
    assert not res.success
    assert res.equilibrium is None
    assert res.values is None
    assert "one-shot-deviation" in res.message
    # with one state the stage game's equilibria are the stationary ones, and say so
    rescued = ms.solvers.stationary_equilibrium(one_state(game), max_iter=1)
    assert rescued.success
    assert "an equilibrium of the stage game" in rescued.message
    assert rescued.equilibrium is not None
    assert game.is_nash(list(rescued.equilibrium.probabilities[0]))


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [({"tol": -1.0}, "tol"), ({"max_iter": 0}, "max_iter"), ({"lam_max": 0.0}, "lam_max")],
)
def test_bad_options(kwargs: dict[str, float], match: str) -> None:
    with pytest.raises(ms.InvalidArgumentError, match=match):
        ms.solvers.stationary_equilibrium(one_state(PD), **kwargs)  # type: ignore[arg-type]


def test_not_a_stochastic_game() -> None:
    with pytest.raises(ms.InvalidArgumentError, match="StochasticGame"):
        ms.solvers.stationary_equilibrium(PD)  # type: ignore[arg-type]


# ---------------------------------------------------------------------- finite horizon
def test_finite_prisoners_dilemma_unravels() -> None:
    res = ms.solvers.finite_horizon(one_state(PD), horizon=4)
    for row in res.profiles:
        assert row[0].pure_labels == {"row": "defect", "column": "defect"}
    np.testing.assert_allclose(res.values[:, 0, 0], [3.439, 2.71, 1.9, 1.0, 0.0])
    assert res.strategy_at(2).isclose([[[0, 1], [0, 1]]])
    assert res.to_dict()["horizon"] == 4
    assert "horizon=4" in repr(res)


@settings(max_examples=15)
@given(
    st.integers(1, 3),
    st.integers(1, 3),
    st.floats(0.0, 0.9),
    st.integers(1, 6),
    st.integers(0, 999),
)
def test_finite_horizon_mdp_is_backward_value_iteration(
    n_states: int, n_actions: int, delta: float, horizon: int, seed: int
) -> None:
    rng = np.random.default_rng(seed)
    rewards = rng.uniform(-1, 1, size=(n_states, n_actions))
    transitions = rng.dirichlet(np.ones(n_states), size=(n_states, n_actions))
    res = ms.solvers.finite_horizon(mdp(rewards, transitions, delta), horizon=horizon)
    v = np.zeros(n_states)
    for t in range(horizon - 1, -1, -1):
        v = (rewards + delta * transitions @ v).max(axis=1)
        np.testing.assert_allclose(res.values[t, :, 0], v, atol=1e-12)


def test_long_horizon_approaches_the_stationary_values() -> None:
    g = grim_game(0.8)
    stationary = ms.solvers.stationary_equilibrium(g)
    finite = ms.solvers.finite_horizon(g, horizon=120)
    assert stationary.values is not None
    np.testing.assert_allclose(finite.values[0], stationary.values, atol=1e-9)


def test_selection_rule_picks_the_payoff_dominant_equilibrium() -> None:
    g = one_state(ms.games.stag_hunt(), 0.5)
    first = ms.solvers.finite_horizon(g, horizon=2)
    welfare = ms.solvers.finite_horizon(g, horizon=2, selection="welfare")
    assert welfare.profiles[0][0].pure_labels == {"p1": "stag", "p2": "stag"} or (
        welfare.values[0, 0].sum() >= first.values[0, 0].sum()
    )
    assert welfare.values[0, 0].sum() == pytest.approx(8.0 + 0.5 * 8.0)


def test_mixed_stage_games_and_terminal_values() -> None:
    g = one_state(ms.games.matching_pennies(), 0.5)
    res = ms.solvers.finite_horizon(g, horizon=2, terminal_values=[[4.0, -4.0]])
    assert res.profiles[0][0].isclose([[0.5, 0.5], [0.5, 0.5]])
    np.testing.assert_allclose(res.values[:, 0, 0], [1.0, 2.0, 4.0])
    three = one_state(ms.games.shapley_game(), 0.5)
    assert ms.solvers.finite_horizon(three, horizon=1).max_regret < 1e-8


def test_finite_horizon_regrets_flag_a_non_equilibrium() -> None:
    cooperate = [[[[1, 0], [1, 0]]]] * 2
    regrets = ms.solvers.finite_horizon_regrets(one_state(PD), cooperate)
    np.testing.assert_allclose(regrets[:, 0, :], 2.0)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"horizon": 0}, ms.InvalidArgumentError, "horizon"),
        ({"selection": "best"}, ms.InvalidArgumentError, "selection"),
        ({"terminal_values": [1.0]}, ms.GameShapeError, "terminal_values"),
        ({"terminal_values": [[np.inf, 0.0]]}, ms.InvalidArgumentError, "finite"),
        ({"tol": -1}, ms.InvalidArgumentError, "tol"),
    ],
)
def test_finite_horizon_bad_input(kwargs: dict[str, object], error: type, match: str) -> None:
    args: dict[str, object] = {"horizon": 2}
    args.update(kwargs)
    horizon = args.pop("horizon")
    with pytest.raises(error, match=match):
        ms.solvers.finite_horizon(one_state(PD), horizon=horizon, **args)  # type: ignore[arg-type]


def test_near_tie_the_branch_cannot_separate_still_gets_a_verified_answer() -> None:
    # player 3's two best actions differ by 1e-7 (relative 3e-8): beyond lam_max
    payoffs = np.zeros((3, 1, 1, 3))
    payoffs[2, 0, 0, :] = [1.0, 1.0 + 1e-7, 0.0]
    payoffs[0, 0, 0, :] = [1.0, 2.0, 3.0]
    g = ms.games.StochasticGame([payoffs], [np.ones((1, 1, 3, 1))], 0.78)
    res = ms.solvers.stationary_equilibrium(g)
    assert res.success
    assert res.equilibrium is not None
    assert res.equilibrium.isclose([[0, 0, 1]])
    assert "near-ties" in res.message


def test_one_player_games_use_policy_iteration() -> None:
    rewards = np.array([[1.0, 0.0], [3.0, 2.0]])
    transitions = np.array([[[1.0, 0.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, 1.0]]])
    res = ms.solvers.stationary_equilibrium(mdp(rewards, transitions, 0.9))
    assert res.method == "policy_iteration"
    assert res.lam == np.inf
    assert res.equilibrium is not None
    assert res.equilibrium.isclose([[[0, 1]], [[0, 1]]])


@settings(max_examples=8)
@given(mst.stochastic_games(n_states=st.integers(1, 2), max_actions=3), st.data())
def test_selection_is_equivariant_under_relabelling_actions(
    g: ms.games.StochasticGame, data: st.DataObject
) -> None:
    s = data.draw(st.integers(0, g.n_states - 1))
    i = data.draw(st.integers(0, g.n_players - 1))
    perm = data.draw(st.permutations(range(g.shapes[s][i])))
    payoffs = list(g.payoffs)
    transitions = list(g.transitions)
    payoffs[s] = np.take(payoffs[s], perm, axis=1 + i)
    transitions[s] = np.take(transitions[s], perm, axis=i)
    relabelled = ms.games.StochasticGame(payoffs, transitions, g.discount)
    x = ms.solvers.stationary_equilibrium(g).equilibrium
    y = ms.solvers.stationary_equilibrium(relabelled).equilibrium
    assert x is not None
    assert y is not None
    np.testing.assert_allclose(y.probabilities[s][i], x.probabilities[s][i][list(perm)], atol=1e-6)
