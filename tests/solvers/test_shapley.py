"""Tests for the Shapley value, Shapley–Shubik and Banzhaf indices, and the core."""

from __future__ import annotations

import json
import math
from fractions import Fraction
from itertools import permutations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mediation_sim as ms
from mediation_sim.games import TUGame, WeightedVotingGame
from mediation_sim.solvers import (
    banzhaf_index,
    core_violation,
    in_core,
    shapley_shubik_index,
    shapley_value,
)

worths = st.integers(-5, 10).map(float)


@st.composite
def tu_games(draw: st.DrawFn, *, min_players: int = 1, max_players: int = 5) -> TUGame:
    n = draw(st.integers(min_players, max_players))
    values = draw(st.lists(worths, min_size=2**n - 1, max_size=2**n - 1))
    return TUGame([0.0, *values])


def shapley_by_permutations(game: TUGame) -> np.ndarray:
    """The definition: average marginal contribution over all n! orders."""
    n = game.n_players
    total = np.zeros(n)
    for order in permutations(range(n)):
        mask = 0
        for i in order:
            total[i] += game.values[mask | (1 << i)] - game.values[mask]
            mask |= 1 << i
    return total / math.factorial(n)


# ---------------------------------------------------------------------- known answers


def test_glove_game() -> None:
    glove = TUGame.from_function(["L", "R1", "R2"], lambda m: m[:, 0] & (m[:, 1] | m[:, 2]))
    np.testing.assert_allclose(shapley_value(glove).values, [2 / 3, 1 / 6, 1 / 6])
    assert in_core(glove, [1, 0, 0])
    assert not in_core(glove, shapley_value(glove).values)


def test_un_security_council_shapley_shubik_1954() -> None:
    # Shapley and Shubik (1954): 11 members, 7 votes incl. all 5 permanent -> 76/385 and 1/462
    council_1954 = WeightedVotingGame(27, [5] * 5 + [1] * 6)
    for method in ("dp", "exact"):
        ssi = shapley_shubik_index(council_1954, method=method).values
        np.testing.assert_allclose(ssi[:5], 76 / 385, rtol=1e-12)
        np.testing.assert_allclose(ssi[5:], 1 / 462, rtol=1e-12)


def test_un_security_council_since_1966() -> None:
    # 15 members, 9 votes incl. all 5 permanent: 421/2145 ≈ 0.1963 and 4/2145 ≈ 0.001865
    unsc = WeightedVotingGame(39, [7] * 5 + [1] * 10)
    for method in ("dp", "exact"):
        ssi = shapley_shubik_index(unsc, method=method)
        np.testing.assert_allclose(ssi.values[:5], 421 / 2145, rtol=1e-12)
        np.testing.assert_allclose(ssi.values[5:], 4 / 2145, rtol=1e-12)
    assert round(ssi["p1"], 4) == 0.1963
    assert round(ssi["p6"], 6) == 0.001865


def test_eec_council_1958() -> None:
    # Felsenthal and Machover (1998): Luxembourg had no power in the six-member EEC Council
    eec = WeightedVotingGame(12, [4, 4, 4, 2, 2, 1], ["FR", "DE", "IT", "BE", "NL", "LU"])
    ssi = shapley_shubik_index(eec)
    assert ssi.as_dict() == pytest.approx(
        {"FR": 14 / 60, "DE": 14 / 60, "IT": 14 / 60, "BE": 9 / 60, "NL": 9 / 60, "LU": 0.0}
    )
    bz = banzhaf_index(eec)
    np.testing.assert_allclose(bz.values, np.array([5, 5, 5, 3, 3, 0]) / 21)
    raw = banzhaf_index(eec, normalized=False)
    np.testing.assert_allclose(raw.values, np.array([10, 10, 10, 6, 6, 0]) / 32)
    for method in ("exact", "dp"):
        np.testing.assert_allclose(banzhaf_index(eec, method=method).values, bz.values)


# ---------------------------------------------------------------------- the axioms


@given(tu_games())
def test_shapley_matches_the_definition_and_is_efficient(game: TUGame) -> None:
    phi = shapley_value(game).values
    np.testing.assert_allclose(phi, shapley_by_permutations(game), atol=1e-9)
    assert phi.sum() == pytest.approx(game.grand_value, abs=1e-9)


@given(tu_games(min_players=2), st.data())
def test_symmetry(game: TUGame, data: st.DataObject) -> None:
    # symmetrise the game in players 0 and 1: v'(S) = v(S) + v(swap(S))
    n = game.n_players
    masks = np.arange(2**n)
    swapped = masks & ~3 | ((masks & 1) << 1) | ((masks & 2) >> 1)
    sym = TUGame(game.values + game.values[swapped])
    phi = shapley_value(sym).values
    assert phi[0] == pytest.approx(phi[1], abs=1e-9)
    bz = banzhaf_index(sym, normalized=False).values
    assert bz[0] == pytest.approx(bz[1], abs=1e-9)
    del data


@given(tu_games(max_players=4), worths)
def test_dummy_player(game: TUGame, own: float) -> None:
    # add a player whose marginal contribution is always `own`
    n = game.n_players
    masks = np.arange(2 ** (n + 1))
    base = game.values[masks & (2**n - 1)]
    extended = TUGame(base + own * ((masks >> n) & 1))
    assert shapley_value(extended).values[-1] == pytest.approx(own, abs=1e-9)
    assert banzhaf_index(extended, normalized=False).values[-1] == pytest.approx(own, abs=1e-9)
    np.testing.assert_allclose(
        shapley_value(extended).values[:-1], shapley_value(game).values, atol=1e-9
    )


@given(tu_games(min_players=3, max_players=3), tu_games(min_players=3, max_players=3))
def test_additivity(a: TUGame, b: TUGame) -> None:
    np.testing.assert_allclose(
        shapley_value(a + b).values, shapley_value(a).values + shapley_value(b).values, atol=1e-9
    )
    np.testing.assert_allclose(
        banzhaf_index(a + b, normalized=False).values,
        banzhaf_index(a, normalized=False).values + banzhaf_index(b, normalized=False).values,
        atol=1e-9,
    )


@given(st.lists(st.integers(0, 6), min_size=1, max_size=7), st.data())
def test_dynamic_programme_agrees_with_enumeration(weights: list[int], data: st.DataObject) -> None:
    total = sum(weights)
    if total == 0:
        return
    quota = data.draw(st.integers(1, total))
    game = WeightedVotingGame(quota, weights)
    for index in (shapley_shubik_index, banzhaf_index):
        exact = index(game, method="exact")
        dp = index(game, method="dp")
        np.testing.assert_allclose(dp.values, exact.values, atol=1e-12)
    # the Shapley–Shubik index of a simple game is its Shapley value, exactly in fractions
    table = game.to_tu_game()
    exact_fraction = [
        sum(
            Fraction(
                math.factorial(s.bit_count()) * math.factorial(game.n_players - s.bit_count() - 1),
                math.factorial(game.n_players),
            )
            * int(table.values[s | (1 << i)] - table.values[s])
            for s in range(2**game.n_players)
            if not s >> i & 1
        )
        for i in range(game.n_players)
    ]
    np.testing.assert_allclose(
        shapley_shubik_index(game).values, [float(f) for f in exact_fraction], atol=1e-12
    )


# ---------------------------------------------------------------------- sampling


@pytest.mark.parametrize("seed", [0, 1])
def test_sampled_shapley_is_efficient_and_within_its_error_bars(seed: int) -> None:
    rng = np.random.default_rng(seed)
    game = TUGame([0.0, *rng.integers(0, 10, size=2**6 - 1).astype(float)])
    exact = shapley_value(game).values
    est = shapley_value(game, method="sampling", n_samples=5000, rng=seed)
    assert est.values.sum() == pytest.approx(game.grand_value)  # every order is efficient
    assert (np.abs(est.values - exact) < 4.5 * est.standard_errors + 1e-12).all()
    again = shapley_value(game, method="sampling", n_samples=5000, rng=seed)
    np.testing.assert_array_equal(again.values, est.values)
    bz = banzhaf_index(game, normalized=False, method="sampling", n_samples=5000, rng=seed)
    exact_bz = banzhaf_index(game, normalized=False).values
    assert (np.abs(bz.values - exact_bz) < 4.5 * bz.standard_errors + 1e-12).all()


def test_large_weighted_voting_games() -> None:
    # 27 members with integer weights: exact by dynamic programming, checked by sampling
    weights = [
        29,
        29,
        29,
        29,
        27,
        27,
        14,
        13,
        12,
        12,
        12,
        12,
        12,
        10,
        10,
        10,
        7,
        7,
        7,
        7,
        7,
        4,
        4,
        4,
        4,
        4,
        3,
    ]
    council = WeightedVotingGame(255, weights)
    ssi = shapley_shubik_index(council)
    assert ssi.method == "dp"
    assert ssi.values.sum() == pytest.approx(1.0)
    assert (np.diff(ssi.values) <= 1e-12).all()  # more weight, more power
    est = shapley_value(council, method="sampling", n_samples=3000, rng=3)
    assert shapley_value(council).method == "dp"
    assert est.method == "sampling"
    assert (np.abs(est.values - ssi.values) < 5 * est.standard_errors + 2e-3).all()
    bz = banzhaf_index(council)
    assert bz.method == "dp"
    assert bz.values.sum() == pytest.approx(1.0)
    with pytest.raises(ms.GameTooLargeError, match="use method='sampling'"):
        shapley_value(council, method="exact")


# ---------------------------------------------------------------------- the core


@given(st.lists(st.floats(0, 3), min_size=2, max_size=5))
def test_shapley_value_of_a_convex_game_is_in_the_core(sizes: list[float]) -> None:
    # v(S) = (sum of a_i over S)^2 is supermodular: Shapley (1971) puts the value in the core
    a = np.array(sizes)
    game = TUGame.from_function(len(a), lambda m: (m.astype(float) @ a) ** 2)
    assert game.is_convex()
    check = core_violation(game, shapley_value(game).values, tol=1e-9)
    assert check.in_core
    assert check.efficiency_gap == pytest.approx(0, abs=1e-9)


def test_core_violation_reports_the_blocking_coalition() -> None:
    majority = TUGame.from_function(["a", "b", "c"], lambda m: m.sum(axis=1) >= 2)
    check = core_violation(majority, [0.5, 0.5, 0.0])
    assert not check.in_core
    assert check.max_excess == pytest.approx(0.5)
    assert set(check.worst_coalition) in ({"a", "c"}, {"b", "c"})
    assert core_violation(majority, [1, 1, 1]).efficiency_gap == pytest.approx(2.0)
    json.dumps(check.to_dict())
    with pytest.raises(ms.InvalidArgumentError, match="3 finite numbers"):
        core_violation(majority, [1, 2])


def test_results_and_errors() -> None:
    eec = WeightedVotingGame(12, [4, 4, 4, 2, 2, 1])
    res = shapley_shubik_index(eec)
    assert res["p6"] == 0.0
    assert "PowerIndexResult(shapley_shubik, dp: p1=0.2333" in repr(res)
    json.dumps(res.to_dict())
    assert "<table>" in res._repr_html_()
    with pytest.raises(ms.InvalidArgumentError, match="method must be one of"):
        shapley_value(eec, method="owen")  # type: ignore[arg-type]
    with pytest.raises(ms.InvalidArgumentError, match="simple"):
        shapley_shubik_index(TUGame([0, 2]))
    with pytest.raises(ms.InvalidArgumentError, match="integer weights"):
        shapley_shubik_index(WeightedVotingGame(1.5, [1.0, 0.75]), method="dp")
    with pytest.raises(ms.InvalidArgumentError, match="every player's Banzhaf value is zero"):
        banzhaf_index(TUGame([0.0, 0.0]))
    with pytest.raises(ms.InvalidArgumentError, match="TUGame or WeightedVotingGame"):
        shapley_value(ms.games.prisoners_dilemma())  # type: ignore[arg-type]
