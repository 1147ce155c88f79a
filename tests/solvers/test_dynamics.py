"""Learning dynamics: convergence where theory says so, cycling where it does not, invariants."""

from __future__ import annotations

import itertools
import pickle

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mediation_sim as ms
from mediation_sim.testing import strategies as mst


def jordan_game() -> ms.NormalFormGame:
    """Jordan (1993): three-player matching pennies (1 matches 2, 2 matches 3, 3 mismatches 1)."""
    payoffs = np.zeros((3, 2, 2, 2))
    for a in itertools.product(range(2), repeat=3):
        payoffs[(0, *a)] = 1.0 if a[0] == a[1] else -1.0
        payoffs[(1, *a)] = 1.0 if a[1] == a[2] else -1.0
        payoffs[(2, *a)] = 1.0 if a[2] != a[0] else -1.0
    return ms.NormalFormGame(payoffs)


@pytest.mark.parametrize("make", [ms.games.matching_pennies, ms.games.rock_paper_scissors])
def test_fictitious_play_converges_in_zero_sum_games(make):
    """Robinson (1951): empirical frequencies approach the equilibrium set in zero-sum games."""
    game = make()
    path = ms.solvers.fictitious_play(game, max_iter=4000, record_every=400, init=(0, 1))
    assert path.regret[0] > 0.5
    assert path.regret[-1] < 0.02 * game.payoff_range
    assert path.final.isclose([np.full(s, 1 / s) for s in game.shape], atol=0.02)


@pytest.mark.parametrize(
    ("make", "initial"),
    [(ms.games.shapley_game, (0, 1)), (jordan_game, (0, 0, 0))],
    ids=["shapley_1964", "jordan_1993"],
)
def test_fictitious_play_does_not_converge_in_shapley_and_jordan_games(make, initial):
    """Shapley (1964), Jordan (1993): the empirical frequencies keep cycling."""
    game = make()
    path = ms.solvers.fictitious_play(game, max_iter=6000, record_every=200, init=initial)
    late = path.regret[len(path) // 2 :]
    assert late.min() > 0.05 * game.payoff_range


def test_fictitious_play_random_tie_breaking_is_seeded():
    game = ms.games.matching_pennies()
    a = ms.solvers.fictitious_play(game, max_iter=50, tie_break="random", rng=3)
    b = ms.solvers.fictitious_play(game, max_iter=50, tie_break="random", rng=3)
    for x, y in zip(a.probabilities, b.probabilities, strict=True):
        np.testing.assert_array_equal(x, y)


def test_replicator_conserves_the_kl_divergence_in_matching_pennies():
    """Hofbauer & Sigmund (1998): sum_i KL(x*_i || x_i) is a constant of motion here."""
    game = ms.games.matching_pennies()
    path = ms.solvers.replicator_dynamics(
        game, init=[[0.8, 0.2], [0.4, 0.6]], t_max=20.0, rtol=1e-10
    )
    star = 0.5
    kl = sum(
        np.sum(star * np.log(star / path.probabilities[i]), axis=1) for i in range(game.n_players)
    )
    np.testing.assert_allclose(kl, kl[0], rtol=1e-6)
    assert path.regret.min() > 0.1  # it orbits, never reaching the equilibrium


def test_strictly_dominated_strategies_die_out():
    """Along interior replicator paths strictly dominated strategies vanish (Akin 1980)."""
    game = ms.games.prisoners_dilemma()
    path = ms.solvers.replicator_dynamics(game, t_max=100.0)
    assert path.final["row"]["cooperate"] < 1e-6
    assert np.all(np.diff(path.probabilities[0][:, 0]) < 0)


@given(mst.normal_form_games(n_players=st.integers(2, 3), max_strategies=3), st.data())
def test_replicator_paths_stay_on_the_simplex_and_keep_extinct_strategies_extinct(game, data):
    initial = data.draw(mst.mixed_profiles(game))
    for kind in ("continuous", "discrete"):
        path = ms.solvers.replicator_dynamics(game, kind=kind, init=initial, t_max=5.0, n_points=6)
        for i, probs in enumerate(path.probabilities):
            np.testing.assert_allclose(probs.sum(axis=1), 1.0, atol=1e-9)
            assert probs.min() >= 0.0
            extinct = initial.probabilities[i] == 0
            assert not probs[:, extinct].any()
        assert path.times[0] == 0.0
        assert path.times[-1] == pytest.approx(5.0)


@given(mst.normal_form_games(n_players=st.integers(2, 3), max_strategies=3))
def test_discrete_map_with_small_steps_tracks_the_continuous_flow(game):
    """The discrete map is an O(step) approximation of the flow over a fixed time."""
    slow = ms.solvers.replicator_dynamics(game, kind="discrete", t_max=1.0, step=1e-3, n_points=3)
    flow = ms.solvers.replicator_dynamics(game, t_max=1.0, n_points=3)
    for a, b in zip(slow.probabilities, flow.probabilities, strict=True):
        np.testing.assert_allclose(a, b, atol=5e-3)


@given(mst.normal_form_games(n_players=st.integers(2, 3), max_strategies=3))
def test_regret_along_the_path_matches_the_game_oracle(game):
    path = ms.solvers.fictitious_play(game, max_iter=20, record_every=5)
    for k in range(len(path)):
        assert path.regret[k] == pytest.approx(game.regret(path.profile(k)), abs=1e-9)


def test_pure_nash_equilibria_are_rest_points():
    game = ms.games.stag_hunt()
    for kind in ("continuous", "discrete"):
        path = ms.solvers.replicator_dynamics(
            game, kind=kind, init=("stag", "stag"), t_max=3.0, n_points=4
        )
        assert path.final.pure_labels == {"row": "stag", "column": "stag"}
    fp = ms.solvers.fictitious_play(game, max_iter=10, init=("hare", "hare"))
    assert fp.final.pure_labels == {"row": "hare", "column": "hare"}


def test_trajectory_helpers():
    game = ms.games.battle_of_the_sexes()
    path = ms.solvers.fictitious_play(game, max_iter=10, record_every=5)
    np.testing.assert_array_equal(path.times, [0.0, 5.0, 10.0])
    frame = path.to_frame()
    assert list(frame.columns) == ["time", "player", "strategy", "probability", "regret"]
    assert len(frame) == 3 * 4
    np.testing.assert_allclose(frame.groupby(["time", "player"]).probability.sum(), 1.0)
    assert path.to_dict()["kind"] == "fictitious_play"
    assert repr(path).startswith("Trajectory(fictitious_play, 3 points, t_end=10")
    assert "<table>" in path._repr_html_()
    again = pickle.loads(pickle.dumps(path))
    np.testing.assert_array_equal(again.regret, path.regret)
    with pytest.raises(ms.InvalidArgumentError, match="index"):
        path.profile(3)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda g: ms.solvers.fictitious_play(g, max_iter=0), "max_iter"),
        (lambda g: ms.solvers.fictitious_play(g, tie_break="last"), "tie_break"),
        (lambda g: ms.solvers.fictitious_play(g, record_every=0), "record_every"),
        (lambda g: ms.solvers.fictitious_play(g, init=[[1.0], [1.0]]), "init"),
        (lambda g: ms.solvers.replicator_dynamics(g, kind="stochastic"), "kind"),
        (lambda g: ms.solvers.replicator_dynamics(g, t_max=0.0), "t_max"),
        (lambda g: ms.solvers.replicator_dynamics(g, step=2.0), "step"),
        (lambda g: ms.solvers.replicator_dynamics(g, n_points=1), "n_points"),
        (lambda g: ms.solvers.replicator_dynamics(g, rtol=float("nan")), "rtol"),
    ],
)
def test_bad_arguments(call, match):
    with pytest.raises(ms.InvalidArgumentError, match=match):
        call(ms.games.matching_pennies())
