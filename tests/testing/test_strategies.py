"""The public Hypothesis strategies honour their arguments; the assertions catch what they claim."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mediation_sim as ms
from mediation_sim.testing import (
    assert_is_equilibrium,
    assert_same_equilibria,
    assert_valid_nash_result,
    check_nash_solver,
)
from mediation_sim.testing import strategies as mst


@given(mst.normal_form_games(n_players=3, min_strategies=2, max_strategies=4))
def test_normal_form_games_respect_sizes(game):
    assert game.n_players == 3
    assert all(2 <= s <= 4 for s in game.shape)
    assert np.all(np.abs(game.payoffs) <= 10.0)


@given(mst.normal_form_games(shape=(2, 3), elements=mst.payoff_values(min_value=0, max_value=1)))
def test_fixed_shape_and_elements(game):
    assert game.shape == (2, 3)
    assert game.payoffs.min() >= 0.0
    assert game.payoffs.max() <= 1.0


@given(mst.normal_form_games(elements=mst.payoff_values(integers=True, min_value=-2, max_value=2)))
def test_integer_payoffs(game):
    assert np.array_equal(game.payoffs, np.round(game.payoffs))
    assert game.payoffs.min() >= -2


@given(mst.normal_form_games(labelled=True))
def test_labelled_games_have_snake_case_labels(game):
    labels = [*game.players, *(s for strat in game.strategies for s in strat)]
    assert all(re.fullmatch(r"[a-z][a-z0-9_]{0,8}", label) for label in labels)


@given(mst.bimatrix_games(max_strategies=3))
def test_bimatrix_games_have_two_players(game):
    assert game.n_players == 2
    assert max(game.shape) <= 3


@given(mst.nondegenerate_bimatrix_games(shape=(3, 3)))
def test_nondegenerate_games_have_generic_payoffs(game):
    assert game.shape == (3, 3)
    # generic: no two payoffs of a player against the same opposing strategy tie
    for i in range(2):
        u = np.moveaxis(game.payoffs[i], i, 0)
        for col in u.T:
            assert len(np.unique(col)) == col.size


@given(mst.games_with_pure_equilibrium(n_players=3, margin=0.5))
def test_planted_equilibrium_is_strict(case):
    game, planted = case
    assert game.n_players == 3
    assert game.is_nash(planted, tol=0.0)
    # strict by margin: every unilateral deviation loses at least 0.5
    for i in range(3):
        for alt in range(game.shape[i]):
            if alt != planted[i]:
                dev = list(planted)
                dev[i] = alt
                assert game.payoffs[(i, *dev)] <= game.payoffs[(i, *planted)] - 0.5 + 1e-12


@given(st.data())
def test_mixed_profiles_are_valid_with_requested_support(data):
    game = data.draw(mst.normal_form_games(min_strategies=2))
    prof = data.draw(mst.mixed_profiles(game, min_support=2))
    for v in prof.probabilities:
        assert v.sum() == pytest.approx(1.0)
        assert (v >= 0).all()
        assert np.count_nonzero(v) >= 2


@given(st.data())
def test_permutations_and_rescalings_are_valid(data):
    game = data.draw(mst.normal_form_games())
    players, strategies = data.draw(mst.game_permutations(game))
    assert sorted(players) == list(range(game.n_players))
    assert [sorted(p) for p in strategies] == [list(range(s)) for s in game.shape]
    scale, shift = data.draw(mst.affine_rescalings(game.n_players, max_scale=5.0, max_shift=2.0))
    assert scale.shape == shift.shape == (game.n_players,)
    assert (scale >= 1 / 5.0).all()
    assert (scale <= 5.0).all()
    assert (np.abs(shift) <= 2.0).all()


def test_strategy_arguments_are_checked():
    with pytest.raises(ValueError, match="min_value <= max_value"):
        mst.payoff_values(min_value=1.0, max_value=0.0)


def test_assert_is_equilibrium_reports_each_players_regret():
    g = ms.games.prisoners_dilemma()
    assert_is_equilibrium(g, (1, 1))
    with pytest.raises(AssertionError, match=r"regret 2 for 'row', regret 2 for 'column'"):
        assert_is_equilibrium(g, (0, 0), tol=0.0)


def test_assert_same_equilibria_lists_the_difference():
    g = ms.games.battle_of_the_sexes()
    a = [g.as_profile((0, 0)), g.as_profile((1, 1))]
    assert_same_equilibria(a, list(reversed(a)))
    with pytest.raises(AssertionError, match=r"only in first \(1 of 2\)"):
        assert_same_equilibria(a, a[:1])


def test_assert_valid_nash_result_catches_a_lying_solver():
    g = ms.games.matching_pennies()
    good = ms.solvers.pure_nash(g)
    assert_valid_nash_result(good, g)
    with pytest.raises(AssertionError, match="expected a NashResult"):
        assert_valid_nash_result([], g)
    with pytest.raises(AssertionError, match="is not the game"):
        assert_valid_nash_result(good, ms.games.matching_pennies())
    # forge a result whose "equilibrium" is not one
    from dataclasses import replace

    forged = replace(good, equilibria=(g.as_profile((0, 0)),), max_regret=0.0)
    with pytest.raises(AssertionError, match="not an equilibrium"):
        assert_valid_nash_result(forged, g)
    wrong_max = replace(good, max_regret=1.0)
    with pytest.raises(AssertionError, match="max_regret"):
        assert_valid_nash_result(wrong_max, g)


def test_check_nash_solver_catches_nondeterminism():
    g = ms.games.battle_of_the_sexes()
    calls = []

    def flaky(game, *, tol=1e-8):
        calls.append(1)
        res = ms.solvers.pure_nash(game, tol=tol)
        from dataclasses import replace

        return res if len(calls) % 2 else replace(res, equilibria=res.equilibria[:1])

    with pytest.raises(AssertionError, match="equilibrium sets differ"):
        check_nash_solver(flaky, g)


# ---------------------------------------------------------------------- game_trees


def _tree_nodes(tree):
    return {node.path: node for node in tree.iter_nodes()}


@given(mst.game_trees(n_players=2, max_depth=2, max_actions=2))
def test_game_trees_default_to_perfect_information_within_the_bounds(tree):
    assert tree.players == ("p0", "p1")
    assert tree.depth <= 2
    assert tree.perfect_information
    assert tree.perfect_recall
    for node in tree.iter_nodes():
        assert node.kind != "chance"
        assert len(node.actions) <= 2
    assert np.all(np.abs(tree.terminal_payoffs) <= 10.0)
    assert set(tree.terminal_outcomes) == {""}
    assert tree.title == ""


@given(
    st.booleans().flatmap(
        lambda chance: st.tuples(
            st.just(chance),
            mst.game_trees(n_players=st.integers(2, 3), chance_nodes=chance, simultaneous=True),
        )
    )
)
def test_game_trees_with_simultaneous_moves_and_chance(case):
    chance, tree = case
    assert 2 <= tree.n_players <= 3
    assert tree.depth <= 3
    assert tree.perfect_recall
    nodes = _tree_nodes(tree)
    for node in nodes.values():
        assert len(node.actions) <= 3
        assert chance or node.kind != "chance"
        if node.kind == "chance":
            assert sum(node.probabilities) == pytest.approx(1.0)
            assert min(node.probabilities) > 0
    for infoset in tree.infosets:
        if len(infoset.members) == 1:
            continue
        # a simultaneous move: the members are all the children of one node of another player
        parents = {path[:-1] for path in infoset.members}
        assert len(parents) == 1
        parent = nodes[parents.pop()]
        assert parent.kind == "decision"
        assert parent.player != infoset.player
        assert 2 <= len(parent.actions) == len(infoset.members)
        assert 2 <= len(infoset.actions) <= 3


@given(
    mst.game_trees(
        players=["kyiv", "moscow"],
        max_depth=4,
        chance_nodes=True,
        shared_infosets=True,
        elements=mst.payoff_values(min_value=0, max_value=1, integers=True),
        outcomes=st.sampled_from(["war", "peace"]),
        node_labels="n",
        title=st.just("t"),
    )
)
def test_game_trees_with_shared_information_sets_and_labels(tree):
    assert tree.players == ("kyiv", "moscow")
    assert tree.depth <= 4
    assert tree.title == "t"
    assert set(tree.terminal_outcomes) <= {"war", "peace"}
    assert set(np.unique(tree.terminal_payoffs)) <= {0.0, 1.0}
    assert {node.label for node in tree.iter_nodes()} == {"n"}
    for infoset in tree.infosets:
        if len(infoset.members) > 1:
            # shared sets are named by their pool and their number of actions
            assert infoset.label in {f"i{len(infoset.actions)}", f"j{len(infoset.actions)}"}


def test_game_trees_arguments_are_checked():
    with pytest.raises(ValueError, match="max_depth >= 0"):
        mst.game_trees(max_depth=-1)
    with pytest.raises(ValueError, match="max_actions >= 1"):
        mst.game_trees(max_actions=0)
    with pytest.raises(ValueError, match="with simultaneous"):
        mst.game_trees(simultaneous=True, max_actions=1)


@given(st.data())
def test_game_trees_check_the_players_when_drawing(data):
    with pytest.raises(ValueError, match="n_players must be >= 1"):
        data.draw(mst.game_trees(n_players=0))
    with pytest.raises(ValueError, match="players must be distinct"):
        data.draw(mst.game_trees(players=["a", "a"]))
    tree = data.draw(mst.game_trees(max_depth=0))
    assert tree.n_nodes == 1
