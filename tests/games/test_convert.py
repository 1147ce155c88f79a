"""Converters to and from nashpy and QuantEcon layouts: round trips and agreement with the peers."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mediation_sim as ms
from mediation_sim.testing import strategies as mst


# --------------------------------------------------------------------------- nashpy
@given(game=mst.bimatrix_games())
def test_nashpy_round_trip_is_the_identity_on_payoffs(game):
    back = ms.games.from_nashpy(ms.games.to_nashpy(game), game.players, game.strategies)
    assert back == game


@given(game=mst.bimatrix_games(), data=st.data())
def test_nashpy_expected_utilities_equal_ours(game, data):
    profile = data.draw(mst.mixed_profiles(game))
    nashpy_game = ms.games.to_nashpy(game)
    theirs = nashpy_game[profile.probabilities[0], profile.probabilities[1]]
    np.testing.assert_allclose(theirs, profile.payoffs, rtol=1e-12, atol=1e-12)


@given(game=mst.nondegenerate_bimatrix_games(max_strategies=3))
def test_nashpy_vertex_enumeration_of_the_converted_game_finds_our_equilibria(game):
    equilibria = list(ms.games.to_nashpy(game).vertex_enumeration())
    # nondegenerate games have an odd number of equilibria (Shapley 1974)
    assert len(equilibria) % 2 == 1
    # nashpy's vertices carry floating-point error that can exceed a tight regret
    # bound on near-degenerate draws; compare them with ours (verified at the
    # default tolerance) instead: the same number, each with the same support and
    # close in value.
    ours = ms.solvers.vertex_enumeration(game)
    assert len(ours) == len(equilibria)
    for sigma_r, sigma_c in equilibria:
        theirs = (np.asarray(sigma_r) > 1e-9, np.asarray(sigma_c) > 1e-9)
        match = [
            eq
            for eq in ours
            if all(np.array_equal(eq.probabilities[i] > 1e-9, theirs[i]) for i in range(2))
        ]
        assert len(match) == 1
        assert match[0].isclose([sigma_r, sigma_c], atol=1e-6)


def test_nashpy_vertex_enumeration_of_battle_of_the_sexes_gives_the_three_known_equilibria():
    game = ms.games.battle_of_the_sexes()
    found = [
        game.as_profile([np.clip(r, 0, None), np.clip(c, 0, None)])
        for r, c in ms.games.to_nashpy(game).vertex_enumeration()
    ]
    known = [[[1, 0], [1, 0]], [[0, 1], [0, 1]], [[2 / 3, 1 / 3], [1 / 3, 2 / 3]]]
    assert len(found) == 3
    for profile in known:
        assert any(eq.isclose(profile, atol=1e-9) for eq in found), profile


def test_to_nashpy_needs_two_players():
    with pytest.raises(ms.GameShapeError, match=r"to_nashpy\(\).*has 3"):
        ms.games.to_nashpy(ms.games.volunteers_dilemma(3))


# --------------------------------------------------------------------------- QuantEcon arrays
@given(game=mst.normal_form_games(n_players=st.integers(1, 4), labelled=True))
def test_quantecon_arrays_round_trip_is_the_identity(game):
    arrays = ms.games.to_quantecon_arrays(game)
    assert ms.games.from_quantecon_arrays(arrays, game.players, game.strategies) == game


@given(game=mst.normal_form_games(n_players=st.integers(1, 4)))
def test_quantecon_arrays_put_each_players_own_action_first_then_the_others_cyclically(game):
    arrays = ms.games.to_quantecon_arrays(game)
    n = game.n_players
    for profile in itertools.product(*(range(s) for s in game.shape)):
        for i in range(n):
            own_first = tuple(profile[(i + k) % n] for k in range(n))
            assert arrays[i][own_first] == game.payoffs[(i, *profile)]


def test_from_quantecon_arrays_refuses_inconsistent_arrays():
    with pytest.raises(ms.GameShapeError, match="inconsistent"):
        ms.games.from_quantecon_arrays([np.zeros((2, 3)), np.zeros((2, 3))])
    with pytest.raises(ms.GameShapeError, match="one n-dimensional array per player"):
        ms.games.from_quantecon_arrays([np.zeros((2, 3))])


# --------------------------------------------------------------------------- QuantEcon games
@pytest.mark.interop
@given(game=mst.normal_form_games(n_players=st.integers(2, 4), labelled=True))
def test_quantecon_round_trip_and_payoff_lookup_agree(game):
    pytest.importorskip("quantecon")
    qe_game = ms.games.to_quantecon(game)
    assert ms.games.from_quantecon(qe_game, game.players, game.strategies) == game
    for profile in itertools.product(*(range(s) for s in game.shape)):
        np.testing.assert_array_equal(qe_game[profile], game.payoffs[(slice(None), *profile)])


@pytest.mark.interop
@given(
    game=mst.normal_form_games(
        n_players=st.integers(2, 4), elements=mst.payoff_values(integers=True, max_value=3)
    )
)
def test_quantecon_pure_nash_of_the_converted_game_equals_ours(game):
    qe_gt = pytest.importorskip("quantecon.game_theory")
    theirs = sorted(
        tuple(int(a) for a in p) for p in qe_gt.pure_nash_brute(ms.games.to_quantecon(game))
    )
    assert theirs == ms.solvers.pure_nash(game).pure_profiles()


@pytest.mark.interop
def test_quantecon_mixed_equilibrium_of_the_volunteers_dilemma_is_nash_in_both():
    qe_gt = pytest.importorskip("quantecon.game_theory")
    game = ms.games.volunteers_dilemma(3)
    q = 0.5**0.5  # Diekmann (1985): wait with probability (c/b)^(1/(n-1))
    profile = [np.array([1 - q, q])] * 3
    assert game.is_nash(profile)
    assert ms.games.to_quantecon(game).is_nash(profile, tol=1e-12)
    assert not ms.games.to_quantecon(game).is_nash([np.array([0.5, 0.5])] * 3)
    assert isinstance(ms.games.to_quantecon(game), qe_gt.NormalFormGame)
