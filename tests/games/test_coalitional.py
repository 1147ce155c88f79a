"""Tests for TU games and weighted voting games: bitmask tables, lookups, properties, validation."""

from __future__ import annotations

import json
import pickle
from itertools import combinations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mediation_sim as ms
from mediation_sim.games import TUGame, WeightedVotingGame
from mediation_sim.games.coalitional import coalition_members, popcount


@given(st.lists(st.integers(0, 2**62), min_size=1, max_size=20))
def test_popcount_matches_python(masks: list[int]) -> None:
    assert popcount(masks).tolist() == [m.bit_count() for m in masks]


def test_bitmask_layout_and_lookup() -> None:
    g = TUGame.from_dict(["a", "b", "c"], {("a",): 1, ("a", "c"): 5, ("a", "b", "c"): 9})
    assert g.values.tolist() == [0, 1, 0, 0, 0, 5, 0, 9]
    assert g.value({"c", "a"}) == 5.0
    assert g.value([0, 2]) == 5.0
    assert g.value(5) == 5.0
    assert g.grand_value == 9.0
    members = coalition_members([3, 6], 3)
    assert members.tolist() == [[True, True, False], [False, True, True]]
    np.testing.assert_array_equal(g.values_of(members), [0, 0])
    with pytest.raises(ms.UnknownNameError, match="unknown player 'd'"):
        g.value(["d"])
    with pytest.raises(ms.InvalidArgumentError, match="out of range"):
        g.value(8)
    with pytest.raises(ms.InvalidArgumentError, match="bitmask or an iterable"):
        g.value("ab")
    with pytest.raises(ValueError, match="read-only"):
        g.values[1] = 3.0


def test_from_function_evaluates_every_coalition() -> None:
    g = TUGame.from_function(4, lambda m: m.sum(axis=1).astype(float) ** 2)
    for mask in range(16):
        assert g.values[mask] == mask.bit_count() ** 2
    assert g.players == ("p1", "p2", "p3", "p4")
    assert g.is_convex()
    assert g.is_superadditive()
    assert TUGame.from_function(3, lambda m: 1.0 + 0 * m[:, 0]).values[0] == 0.0


def test_superadditivity_and_convexity_checks_agree_with_brute_force() -> None:
    rng = np.random.default_rng(5)
    for _ in range(20):
        values = np.concatenate([[0.0], rng.integers(0, 4, size=15).astype(float)])
        g = TUGame(values)
        brute_super = all(
            values[s | t] >= values[s] + values[t]
            for s in range(16)
            for t in range(16)
            if s & t == 0
        )
        brute_convex = all(
            values[s | t] + values[s & t] >= values[s] + values[t]
            for s in range(16)
            for t in range(16)
        )
        assert g.is_superadditive() == brute_super
        assert g.is_convex() == brute_convex


def test_weighted_voting_game() -> None:
    unsc = WeightedVotingGame(39, [7] * 5 + [1] * 10)
    assert unsc.n_players == 15
    assert unsc.is_proper
    assert unsc.has_integer_weights
    # every winning coalition holds all five vetoes and at least four elected members
    table = unsc.to_tu_game().values
    winning = np.flatnonzero(table)
    members = coalition_members(winning, 15)
    assert members[:, :5].all()
    assert (members[:, 5:].sum(axis=1) >= 4).all()
    assert len(winning) == sum(len(list(combinations(range(10), k))) for k in range(4, 11))
    big = WeightedVotingGame(60, np.ones(100))
    assert big.value(range(60)) == 1.0
    assert big.value(range(59)) == 0.0
    assert not WeightedVotingGame(2, [1, 1, 1, 1]).is_proper
    assert not WeightedVotingGame(2.5, [1.5, 1, 1]).has_integer_weights
    assert repr(unsc).startswith("WeightedVotingGame([39; 7, 7, 7, 7, 7, 1")


def test_equality_pickle_and_serialisation() -> None:
    g = TUGame.from_function(["x", "y"], lambda m: m.any(axis=1))
    assert pickle.loads(pickle.dumps(g)) == g
    assert hash(g) == hash(TUGame(g.values, ["x", "y"]))
    w = WeightedVotingGame(3, [2, 1, 1], ["a", "b", "c"])
    assert pickle.loads(pickle.dumps(w)) == w
    json.dumps(g.to_dict())
    json.dumps(w.to_dict())
    assert "<table>" in g._repr_html_()
    assert "<table>" in w._repr_html_()
    assert (g + g).values.tolist() == [0.0, 2.0, 2.0, 2.0]


@pytest.mark.parametrize(
    ("build", "error", "match"),
    [
        pytest.param(
            lambda: TUGame([0, 1, 2]),
            ms.GameShapeError,
            "length 2\\*\\*n_players",
            id="not-power-of-two",
        ),
        pytest.param(
            lambda: TUGame([1, 1]), ms.InvalidPayoffError, "empty coalition", id="empty-worth"
        ),
        pytest.param(
            lambda: TUGame([0, np.inf]), ms.InvalidPayoffError, "not finite", id="infinite"
        ),
        pytest.param(
            lambda: TUGame(np.zeros(2**21)), ms.GameTooLargeError, "2\\*\\*20", id="too-large"
        ),
        pytest.param(
            lambda: TUGame.from_function(25, lambda m: m.sum(axis=1)),
            ms.GameTooLargeError,
            "33,554,432 entries",
            id="too-large-function",
        ),
        pytest.param(
            lambda: TUGame.from_function(2, lambda m: [1.0]),
            ms.InvalidPayoffError,
            "must return 4 values",
            id="wrong-shape",
        ),
        pytest.param(
            lambda: TUGame([0, 1], ["a", "b"]), ms.GameShapeError, "2 player names", id="names"
        ),
        pytest.param(
            lambda: WeightedVotingGame(10, [1, 2]),
            ms.InvalidArgumentError,
            "exceeds the total weight",
            id="quota-too-high",
        ),
        pytest.param(
            lambda: WeightedVotingGame(0, [1, 2]),
            ms.InvalidArgumentError,
            "quota must be a positive number",
            id="quota-zero",
        ),
        pytest.param(
            lambda: WeightedVotingGame(1, [1, -2]),
            ms.InvalidArgumentError,
            "non-negative",
            id="negative-weight",
        ),
    ],
)
def test_invalid_games(build: object, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        build()  # type: ignore[operator]
