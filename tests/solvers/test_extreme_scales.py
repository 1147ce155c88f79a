"""Issue 11, items 1, 2 and 7: the verifier and every solver at extreme scales and offsets.

Every solver runs on the game mapped onto [0, 1] and is verified against the
original in a normalised frame, so its answers must not depend on a positive
affine map of the payoffs, however large or small, and no result may claim
success with a regret above ``tol * payoff_range``.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mediation_sim as ms
from mediation_sim.testing import strategies as mst

#: (scale, offset) pairs from the hardening report: overflowing ranges, huge
#: offsets that cancel, and payoffs near the bottom of the float range.
TRANSFORMS = [
    (1.0, 0.0),
    (3e307, 0.0),
    (2e307, 7e307),
    (1.0, 1e12),
    (1.0, -1e12),
    (1e-300, 0.0),
    (1e100, -1e100),
    (3.0, 1e9),
]

small_ints = st.integers(-5, 5).map(float)


def transformed(game: ms.NormalFormGame, scale: float, offset: float) -> ms.NormalFormGame:
    # built directly (not with affine_transform) so that payoffs near the float
    # limit are written exactly as the hardening report did
    return ms.NormalFormGame(game.payoffs * scale + offset, game.players, game.strategies)


def assert_sound(result: ms.solvers.NashResult, original: ms.NormalFormGame) -> None:
    """Each equilibrium is an equilibrium of the unscaled game, and no claim exceeds the bound."""
    bound = result.parameters["tol"] * result.game.payoff_range
    assert result.max_regret <= bound or not result.equilibria
    for eq in result.equilibria:
        assert original.is_nash(eq.probabilities, tol=1e-6)


TWO_PLAYER = [
    ("support_enumeration", {}),
    ("vertex_enumeration", {}),
    ("lemke_howson", {}),
    ("lemke_howson", {"initial_label": "all"}),
    ("pure_nash", {}),
]
N_PLAYER = [("logit_nash", {}), ("tracing_nash", {})]


@pytest.mark.parametrize(("scale", "offset"), TRANSFORMS)
@pytest.mark.parametrize(("name", "options"), TWO_PLAYER)
@given(game=mst.bimatrix_games(max_strategies=3, elements=small_ints))
def test_two_player_solvers_are_scale_and_offset_invariant(name, options, scale, offset, game):
    big = transformed(game, scale, offset)
    solver = getattr(ms.solvers, name)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ms.DegenerateGameWarning)
        base = solver(game, **options)
        result = solver(big, **options)
    assert result.success == base.success
    assert_sound(result, game)
    if name != "lemke_howson":  # enumeration: the same set of equilibria
        assert len(result) == len(base)
        for eq in base:
            assert any(eq.isclose(other, atol=1e-6) for other in result)


@pytest.mark.parametrize(("scale", "offset"), TRANSFORMS)
@pytest.mark.parametrize(("name", "options"), N_PLAYER)
@given(game=mst.normal_form_games(n_players=st.integers(2, 3), elements=small_ints))
def test_n_player_solvers_are_scale_and_offset_invariant(name, options, scale, offset, game):
    big = transformed(game, scale, offset)
    result = getattr(ms.solvers, name)(big, **options)
    assert result.success
    assert result.equilibria
    assert_sound(result, game)


@pytest.mark.parametrize(("scale", "offset"), TRANSFORMS)
@given(game=mst.normal_form_games(n_players=st.integers(2, 3), elements=small_ints))
def test_nash_and_presolve_are_scale_and_offset_invariant(scale, offset, game):
    result = ms.solvers.nash(transformed(game, scale, offset))
    assert result.success
    assert_sound(result, game)
    elim = ms.solvers.iterated_elimination(transformed(game, scale, offset), mixed=True)
    assert elim.kept == ms.solvers.iterated_elimination(game, mixed=True).kept


@pytest.mark.parametrize(("scale", "offset"), TRANSFORMS)
@given(game=mst.bimatrix_games(max_strategies=3, elements=small_ints), data=st.data())
def test_verifier_verdict_is_scale_and_offset_invariant(scale, offset, game, data):
    big = transformed(game, scale, offset)
    profile = data.draw(mst.mixed_profiles(game))
    regret = game.regret(profile)
    # the verdict of the normalised frame equals the exact one, away from the boundary
    bound = 1e-8 * game.payoff_range
    if abs(regret - bound) > 1e-6 * game.payoff_range:
        assert big.is_nash(profile.probabilities) == (regret <= bound)
    assert big.regret(profile.probabilities) == pytest.approx(
        regret * scale, rel=1e-6, abs=1e-9 * big.payoff_range
    )


@pytest.mark.parametrize(("scale", "offset"), TRANSFORMS)
def test_correlated_and_dynamics_at_extreme_scales(scale, offset):
    mp = transformed(ms.games.matching_pennies(), scale, offset)
    ce = ms.solvers.correlated(mp)
    assert np.allclose(ce.distribution, 0.25)
    assert ms.solvers.is_correlated_equilibrium(mp, ce.distribution)
    assert not ms.solvers.is_correlated_equilibrium(mp, [[1, 0], [0, 0]])
    path = ms.solvers.fictitious_play(mp, max_iter=20)
    assert np.isfinite(path.regret).all() or math.isinf(mp.payoff_range)
    rep = ms.solvers.replicator_dynamics(mp, t_max=1.0, n_points=3)
    assert len(rep) == 3
    assert ms.solvers.is_degenerate(mp) is False


def test_overflowing_range_no_longer_voids_verification():
    # failed before: payoff_range == inf made every profile an equilibrium
    mp = ms.NormalFormGame(ms.games.matching_pennies().payoffs * 1e308)
    assert math.isinf(mp.payoff_range)
    assert not mp.is_nash((0, 0))
    assert mp.is_nash([[0.5, 0.5], [0.5, 0.5]])


def test_padded_prisoners_dilemma_lemke_howson_is_verified():
    # failed before: success=True with max_regret=1.7e308
    pd = ms.games.prisoners_dilemma().payoffs
    padded = np.full((2, 3, 3), 0.0)
    padded[:, :2, :2] = pd
    padded[0, 2, :] = [-1.7e308, 1.7e308, -1.7e308]
    padded[1, :, 2] = [1.7e308, -1.7e308, -1.7e308]
    game = ms.NormalFormGame(padded)
    for result in (
        ms.solvers.lemke_howson(game),
        ms.solvers.lemke_howson(game, initial_label="all"),
        ms.solvers.nash_2p(game, method="lh"),
    ):
        bound = 1e-8 * game.payoff_range
        for eq in result:
            assert game.is_nash(eq)
            assert not eq.regret > bound


def test_profiles_off_the_simplex_are_renormalised_not_trusted():
    # failed before: adding 9e-9 to one entry hid a regret of 5e-7 on mp + 100
    mp = ms.NormalFormGame(ms.games.matching_pennies().payoffs + 100)
    q = 0.5 + 2.5e-7
    assert not mp.is_nash([[0.5, 0.5], [q, 1 - q]])
    assert not mp.is_nash([[0.5, 0.5], [q + 9e-9, 1 - q]])
    far = ms.NormalFormGame(ms.games.matching_pennies().payoffs + 1e9)
    # a pure non-equilibrium with a sum slack of 1e-8 was accepted at offset 1e9
    assert not far.is_nash([[1 + 1e-8, 0.0], [1.0, 0.0]])
    profile = far.as_profile([[1 + 5e-9, 0.0], [0.5, 0.5]])
    assert profile.probabilities[0].sum() == 1.0
    with pytest.raises(ms.InvalidProfileError, match="sums to"):
        far.as_profile([[1 + 1e-6, 0.0], [0.5, 0.5]])


def test_constant_game_far_below_zero_keeps_its_equilibria():
    # failed before: tracing_nash rejected its own candidate and found nothing
    game = ms.NormalFormGame(np.full((2, 2, 3), -1e12))
    for result in (ms.solvers.tracing_nash(game), ms.solvers.nash(game, presolve=False)):
        assert result.success
        assert result.equilibria


@pytest.mark.parametrize("scale", [1e-300, 1e300])
def test_qre_lambda_means_the_same_at_extreme_scales(scale):
    # lam is relative to the payoff range: no lam * 1e300 or lam / 1e300 at either end
    pd = ms.games.prisoners_dilemma()
    res = ms.solvers.qre(ms.NormalFormGame(pd.payoffs * scale), lam=10.0)
    assert res.profile.isclose(ms.solvers.qre(pd, lam=10.0).profile, atol=1e-9)


def test_work_caps_are_refused_before_any_work():
    g = ms.games.prisoners_dilemma()
    with pytest.raises(ms.InvalidArgumentError, match="MAX_ROUNDS"):
        ms.solvers.fictitious_play(g, max_iter=10**12)
    with pytest.raises(ms.InvalidArgumentError, match="MAX_TIME"):
        ms.solvers.replicator_dynamics(g, t_max=1e300)
    with pytest.raises(ms.InvalidArgumentError, match="MAX_ROUNDS"):
        ms.solvers.replicator_dynamics(g, kind="discrete", t_max=1e6, step=1e-6)
    with pytest.raises(ms.InvalidArgumentError, match="MAX_POINTS"):
        ms.solvers.replicator_dynamics(g, n_points=10**9)
    with pytest.raises(ms.InvalidArgumentError, match="MAX_EQUILIBRIA"):
        ms.solvers.nash(g, n_equilibria=10**9)
    with pytest.raises(ms.InvalidArgumentError, match="MAX_STARTS"):
        ms.solvers.tracing_nash(g, max_starts=10**12)
    with pytest.raises(ms.InvalidArgumentError, match="MAX_ITER"):
        ms.solvers.lemke_howson(g, max_iter=10**12)


def test_nash_refuses_unknown_options_even_when_the_presolve_settles():
    # failed before: nash(g, bogus=2) succeeded on the Prisoner's Dilemma
    with pytest.raises(ms.InvalidArgumentError, match="bogus"):
        ms.solvers.nash(ms.games.prisoners_dilemma(), bogus=2)


def test_elimination_mixed_flag_is_checked():
    with pytest.raises(ms.InvalidArgumentError, match="mixed"):
        ms.solvers.iterated_elimination(ms.games.chicken(), mixed="no")  # type: ignore[arg-type]
