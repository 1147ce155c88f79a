"""Iterated elimination of strictly dominated strategies."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mediation_sim as ms
from mediation_sim.testing import strategies as mst


def test_prisoners_dilemma_is_dominance_solvable():
    res = ms.solvers.iterated_elimination(ms.games.prisoners_dilemma())
    assert res.solved
    assert res.kept == ((1,), (1,))
    assert res.n_rounds == 1
    assert {(e.player, e.strategy) for e in res.eliminations} == {
        ("row", "cooperate"),
        ("column", "cooperate"),
    }
    assert res.eliminations[0].dominated_by == {"defect": 1.0}
    assert res.eliminations[0].margin == pytest.approx(1.0)  # min(5 - 3, 1 - 0)


def test_mixed_domination_needs_the_lp():
    # m = (1, 1) is beaten by 0.5 t + 0.5 b = (1.5, 1.5), by no pure strategy
    g = ms.NormalFormGame(
        [[[3, 0], [1, 1], [0, 3]], [[0, 1], [0, 0], [1, 0]]],
        strategies=[["t", "m", "b"], ["L", "R"]],
    )
    pure_only = ms.solvers.iterated_elimination(g, mixed=False)
    assert pure_only.eliminations == ()
    assert not pure_only.solved
    res = ms.solvers.iterated_elimination(g)
    assert [e.strategy for e in res.eliminations] == ["m"]
    assert res.eliminations[0].dominated_by == pytest.approx({"t": 0.5, "b": 0.5})
    assert res.eliminations[0].margin == pytest.approx(0.5)
    assert res.reduced.strategies == (("t", "b"), ("L", "R"))
    lifted = res.lift([[0.5, 0.5], [0.5, 0.5]])
    np.testing.assert_allclose(lifted.probabilities[0], [0.5, 0.0, 0.5])
    assert g.is_nash(lifted)
    assert "2 eliminated" not in repr(res)
    assert repr(res) == "EliminationResult(3x2 -> 2x2, 1 eliminated in 1 rounds, mixed=True)"
    assert res.to_dict()["kept"] == {"p1": ["t", "b"], "p2": ["L", "R"]}
    assert "<table>" in res._repr_html_()


def test_several_rounds():
    # solved in three rounds: {R, M}, then C (by L), then B (by T)
    row = np.array([[4, 3, 2], [3, 2, 1], [0, 5, 0]], dtype=float)
    col = np.array([[3, 2, 0], [1, 4, 0], [2, 1, 1]], dtype=float)
    g = ms.NormalFormGame([row, col], strategies=[["T", "M", "B"], ["L", "C", "R"]])
    res = ms.solvers.iterated_elimination(g)
    # round 1: column's R (dominated by L: 3>0, 1>0, 2>1) and row's M (dominated by T)
    first = {(e.player, e.strategy) for e in res.eliminations if e.round == 1}
    assert first == {("p2", "R"), ("p1", "M")}
    assert res.solved
    assert res.reduced.is_nash((0, 0))
    assert [eq.pure_indices for eq in ms.solvers.pure_nash(g)] == [tuple(k[0] for k in res.kept)]


@given(mst.normal_form_games(elements=mst.payoff_values(integers=True)))
def test_elimination_keeps_every_pure_equilibrium(game):
    res = ms.solvers.iterated_elimination(game)
    original = ms.solvers.pure_nash(game).pure_profiles()
    lifted = [res.lift(p).pure_indices for p in ms.solvers.pure_nash(res.reduced).pure_profiles()]
    assert sorted(lifted) == original


@given(mst.normal_form_games(max_strategies=4))
def test_every_elimination_is_a_real_strict_domination(game):
    res = ms.solvers.iterated_elimination(game)
    threshold = 1e-8 * game.payoff_range
    alive = [set(range(s)) for s in game.shape]
    for rnd in range(1, res.n_rounds + 1):
        doomed = [e for e in res.eliminations if e.round == rnd]
        for e in doomed:
            i = game.player_index(e.player)
            s = game.strategy_index(i, e.strategy)
            mix = np.zeros(game.shape[i])
            for label, w in e.dominated_by.items():
                mix[game.strategy_index(i, label)] = w
            assert mix.sum() == pytest.approx(1.0)
            sub = game.restrict([sorted(a) for a in alive])
            u = np.moveaxis(sub.payoffs[i], i, 0).reshape(len(alive[i]), -1)
            order = sorted(alive[i])
            gain = mix[order] @ u - u[order.index(s)]
            assert gain.min() > threshold
            assert gain.min() == pytest.approx(e.margin, abs=1e-7 * game.payoff_range)
        for e in doomed:
            i = game.player_index(e.player)
            alive[i].discard(game.strategy_index(i, e.strategy))
    assert tuple(tuple(sorted(a)) for a in alive) == res.kept


@given(st.data())
def test_elimination_commutes_with_rescaling(data):
    game = data.draw(mst.normal_form_games(elements=mst.payoff_values(integers=True)))
    scale, shift = data.draw(mst.affine_rescalings(game.n_players, max_scale=10.0))
    assert (
        ms.solvers.iterated_elimination(game.affine_transform(scale, shift)).kept
        == ms.solvers.iterated_elimination(game).kept
    )


def test_pure_domination_is_a_subset_of_mixed_domination():
    rng = np.random.default_rng(3)
    for _ in range(20):
        g = ms.NormalFormGame(rng.integers(-3, 4, size=(2, 4, 4)))
        pure = ms.solvers.iterated_elimination(g, mixed=False)
        mixed = ms.solvers.iterated_elimination(g, mixed=True)
        for i in range(2):
            assert set(mixed.kept[i]) <= set(pure.kept[i])


def test_validation():
    with pytest.raises(ms.InvalidArgumentError, match="game must be"):
        ms.solvers.iterated_elimination([[1]])  # type: ignore[arg-type]
    with pytest.raises(ms.InvalidArgumentError, match="mixed must be True or False"):
        ms.solvers.iterated_elimination(ms.games.chicken(), mixed="yes")  # type: ignore[arg-type]
    with pytest.raises(ms.InvalidArgumentError, match="tol"):
        ms.solvers.iterated_elimination(ms.games.chicken(), tol=-1)
