"""N-player kernels: deviation payoffs, their derivatives, Newton refinement on a support."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mediation_sim as ms
from mediation_sim.solvers import _multilinear
from mediation_sim.solvers._multilinear import PayoffKernel, normalised_payoffs
from mediation_sim.solvers._refine import newton_on_support, refine, support_guess
from mediation_sim.testing import strategies as mst


@st.composite
def games_and_profiles(draw: st.DrawFn) -> tuple[ms.NormalFormGame, ms.MixedProfile]:
    game = draw(mst.normal_form_games(n_players=st.integers(1, 4), max_strategies=3))
    return game, draw(mst.mixed_profiles(game))


@given(games_and_profiles())
def test_deviation_payoffs_agree_with_the_game_oracle(case):
    game, profile = case
    kernel = PayoffKernel(game.payoffs)
    vectors = list(profile.probabilities)
    expected = np.concatenate(game.deviation_payoffs(profile))
    np.testing.assert_allclose(kernel.deviation(vectors), expected, atol=1e-9)
    values, _ = kernel.jacobian(vectors)
    np.testing.assert_allclose(values, expected, atol=1e-9)


@given(games_and_profiles())
def test_jacobian_is_the_derivative_of_the_deviation_payoffs(case):
    """Deviation payoffs are multilinear, so a central difference is exact up to rounding."""
    game, profile = case
    kernel = PayoffKernel(game.payoffs)
    flat = np.concatenate(profile.probabilities)
    _, deriv = kernel.jacobian(kernel.split(flat))
    numeric = np.empty_like(deriv)
    h = 1e-3
    for col in range(kernel.dim):
        up, down = flat.copy(), flat.copy()
        up[col] += h
        down[col] -= h
        numeric[:, col] = (
            kernel.deviation(kernel.split(up)) - kernel.deviation(kernel.split(down))
        ) / (2 * h)
    np.testing.assert_allclose(deriv, numeric, atol=1e-7)
    # a player's own mixture never enters their deviation payoffs
    for sl in kernel.slices:
        assert not deriv[sl, sl].any()


@given(games_and_profiles(), st.booleans())
def test_scaled_jacobian_equals_jacobian_times_probabilities(case, use_einsum):
    game, profile = case
    if use_einsum:  # the fallback used for games too large for the indicator matrices
        kernel = PayoffKernel(game.payoffs, matrices=False)
        kernel._build_matrices()
        kernel._indicator = tuple(None for _ in kernel._indicator)
    else:
        kernel = PayoffKernel(game.payoffs)
    vectors = list(profile.probabilities)
    values, deriv = kernel.jacobian(vectors)
    values2, scaled = kernel.scaled_jacobian(vectors)
    np.testing.assert_allclose(values2, values, atol=1e-12)
    np.testing.assert_allclose(scaled, deriv * np.concatenate(vectors)[None, :], atol=1e-12)


def test_large_games_use_the_einsum_fallback(monkeypatch):
    monkeypatch.setattr(_multilinear, "_MAX_INDICATOR", 0)
    game = ms.games.volunteers_dilemma(4)
    kernel = PayoffKernel(game.payoffs)
    assert all(ind is None for ind in kernel._indicator)
    x = [np.array([0.3, 0.7])] * 4
    _, scaled = kernel.scaled_jacobian(x)
    _, deriv = kernel.jacobian(x)
    np.testing.assert_allclose(scaled, deriv * np.concatenate(x)[None, :])


def test_normalised_payoffs_map_to_the_unit_interval():
    game = ms.games.prisoners_dilemma()
    scaled, low, spread = normalised_payoffs(game.payoffs)
    assert (low, spread) == (0.0, 5.0)
    assert scaled.min() == 0.0
    assert scaled.max() == 1.0
    constant, _, spread = normalised_payoffs(np.ones((2, 2, 2)))
    assert spread == 1.0
    assert not constant.any()


def test_newton_on_the_right_support_finds_the_volunteers_dilemma_mixed_equilibrium():
    """Diekmann (1985): each of n players waits with probability (c/b)^(1/(n-1))."""
    game = ms.games.volunteers_dilemma(4)
    kernel = PayoffKernel(normalised_payoffs(game.payoffs)[0])
    start = np.tile([0.4, 0.6], 4)
    support = [np.array([0, 1])] * 4
    flat, ok = newton_on_support(kernel, start, support)
    assert ok
    np.testing.assert_allclose(flat[1::2], 0.5 ** (1 / 3), atol=1e-12)


def test_refine_corrects_a_wrong_support():
    """Start from a profile that wrongly suggests mixing; refine drops or adds strategies."""
    game = ms.games.prisoners_dilemma()
    kernel = PayoffKernel(normalised_payoffs(game.payoffs)[0])
    out = refine(kernel, np.array([0.3, 0.7, 0.3, 0.7]), tol=1e-12)
    assert out.success
    assert out.flat is not None
    np.testing.assert_allclose(out.flat, [0.0, 1.0, 0.0, 1.0])
    # support given as the dominated strategy only: the best deviation is added
    out = refine(kernel, np.array([1.0, 0.0, 1.0, 0.0]), tol=1e-12, ratio=0.5)
    assert out.success
    assert out.rounds >= 1
    assert game.is_nash(kernel.split(out.flat))


def test_refine_reports_failure_when_no_support_works():
    """Matching pennies has no pure equilibrium: refining on pure supports with no rounds fails."""
    game = ms.games.matching_pennies()
    kernel = PayoffKernel(normalised_payoffs(game.payoffs)[0])
    out = refine(kernel, np.array([1.0, 0.0, 1.0, 0.0]), tol=1e-12, max_rounds=1, ratio=0.5)
    assert not out.success
    assert out.regret > 0.1


def test_support_guess_uses_relative_thresholds():
    game = ms.games.rock_paper_scissors()
    kernel = PayoffKernel(game.payoffs)
    flat = np.array([0.5, 0.5 * 1e-5, 0.5 - 0.5e-5, 1.0, 0.0, 0.0])
    guess = support_guess(kernel, flat, ratio=1e-3)
    assert [g.tolist() for g in guess] == [[0, 2], [0]]
    guess = support_guess(kernel, flat, ratio=1e-12)
    assert [g.tolist() for g in guess] == [[0, 1, 2], [0]]


@pytest.mark.parametrize("n", [1, 2, 3])
def test_kernels_handle_one_strategy_players_and_single_player_games(n):
    payoffs = np.arange(n * 3 * 1 ** (n - 1), dtype=float).reshape((n, 3) + (1,) * (n - 1))
    game = ms.NormalFormGame(payoffs)
    kernel = PayoffKernel(game.payoffs)
    vectors = [np.full(s, 1.0 / s) for s in game.shape]
    np.testing.assert_allclose(
        kernel.deviation(vectors), np.concatenate(game.deviation_payoffs(vectors))
    )
    values, scaled = kernel.scaled_jacobian(vectors)
    np.testing.assert_allclose(values, kernel.deviation(vectors))
    assert scaled.shape == (kernel.dim, kernel.dim)
