"""Correlated equilibria by LP: Chicken's known answers, Nash ⊂ CE ⊂ CCE, objectives, checks."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

import mediation_sim as ms
from mediation_sim.testing import strategies as mst

CHICKEN = ms.games.chicken()  # Aumann's (1974) payoffs: (C,C)=6, (D,C)=7/2, (D,D)=0


def test_chicken_aumanns_correlated_equilibrium():
    """Aumann (1974): a third on each profile but (dare, dare) is a CE paying 5 each."""
    mu = np.array([[0.0, 1 / 3], [1 / 3, 1 / 3]])
    assert ms.solvers.is_correlated_equilibrium(CHICKEN, mu)
    np.testing.assert_allclose(ms.solvers.incentive_violations(CHICKEN, mu), 0.0, atol=1e-12)
    payoffs = np.tensordot(CHICKEN.payoffs, mu, axes=2)
    np.testing.assert_allclose(payoffs, [5.0, 5.0])


def test_chicken_welfare_optimum():
    """The best CE for welfare: 1/2 on (chicken, chicken), 1/4 on each asymmetric profile.

    By hand: the incentive constraint of a player told "chicken" binds,
    (6 x + 2 y) = (7 x + 0 y) with x = mu(C,C), y = mu(C,D), so x = 2 y; welfare
    12 x + 9 (2 y) is then maximised at x = 1/2, y = 1/4, giving 5.25 each
    (cf. Aumann 1974; Papadimitriou and Roughgarden 2008, sec. 1).
    """
    res = ms.solvers.correlated(CHICKEN)
    np.testing.assert_allclose(res.distribution, [[0.0, 0.25], [0.25, 0.5]], atol=1e-9)
    assert res.value == pytest.approx(10.5, abs=1e-9)
    np.testing.assert_allclose(res.payoffs, [5.25, 5.25], atol=1e-9)
    assert res.objective == "welfare"
    egalitarian = ms.solvers.correlated(CHICKEN, objective="maxmin")
    assert egalitarian.value == pytest.approx(5.25, abs=1e-9)


def test_chicken_best_ce_for_one_player_is_their_favourite_pure_equilibrium():
    res = ms.solvers.correlated(CHICKEN, objective=("payoff", "row"))
    np.testing.assert_allclose(res.distribution, [[0.0, 1.0], [0.0, 0.0]], atol=1e-9)
    assert res.value == pytest.approx(7.0)
    same = ms.solvers.correlated(CHICKEN, objective={"player": "row"})
    np.testing.assert_allclose(same.distribution, res.distribution)
    weighted = ms.solvers.correlated(CHICKEN, objective={"row": 1.0, "column": 1.0})
    assert weighted.value == pytest.approx(10.5, abs=1e-9)


def test_range_of_a_profile_probability_over_all_correlated_equilibria():
    """P(chicken, chicken) ranges over [0, 1/2] in Chicken's CE polytope."""
    calm = np.zeros((2, 2), dtype=bool)
    calm[1, 1] = True
    high = ms.solvers.correlated(CHICKEN, objective=calm)
    low = ms.solvers.correlated(CHICKEN, objective=calm, sense="min")
    assert high.value == pytest.approx(0.5, abs=1e-9)
    assert low.value == pytest.approx(0.0, abs=1e-9)
    assert high.probability(calm) == pytest.approx(high.value)
    assert high.objective == "probability of a profile set"
    assert low.sense == "min"


def test_real_valued_objective_weights_profiles():
    """A profile-level settlement probability (a lottery per profile) as the objective."""
    settle = np.array([[0.0, 0.3], [0.3, 0.9]])
    res = ms.solvers.correlated(CHICKEN, objective=settle)
    assert res.value == pytest.approx(float(np.sum(settle * res.distribution)))
    assert res.value == pytest.approx(0.5 * 0.9 + 0.5 * 0.3, abs=1e-9)
    assert res.objective == "profile weights"


def test_zero_sum_games_pay_the_value_in_every_correlated_equilibrium():
    """Forges (1990): in two-person zero-sum games every CE gives each player the value."""
    game = ms.games.rock_paper_scissors()
    low = ms.solvers.correlated(game, objective=("payoff", 0), sense="min")
    high = ms.solvers.correlated(game, objective=("payoff", 0))
    assert low.value == pytest.approx(0.0, abs=1e-9)
    assert high.value == pytest.approx(0.0, abs=1e-9)


@given(mst.normal_form_games(n_players=st.integers(2, 3), max_strategies=3))
def test_every_nash_equilibrium_is_a_correlated_equilibrium(game):
    for eq in ms.solvers.nash(game, n_equilibria=2):
        assert ms.solvers.is_correlated_equilibrium(game, eq, tol=1e-7)
        assert ms.solvers.is_correlated_equilibrium(game, eq, coarse=True, tol=1e-7)


def _raw_regrets(game, eq):
    """Each player's gain from its best pure deviation, in the game's own payoff units."""
    out = []
    for i in range(game.n_players):
        values = game.payoffs[i]
        for j in reversed(range(game.n_players)):  # contract the others' mixtures
            if j != i:
                values = np.tensordot(values, eq.probabilities[j], axes=([j], [0]))
        out.append(float(values.max() - values @ eq.probabilities[i]))
    return np.array(out)


@given(mst.normal_form_games(n_players=st.integers(2, 3), max_strategies=3))
@example(ms.NormalFormGame([[[0.0, -1.0]], [[0.0, 2.652199738720004e-211]]]))
def test_ce_welfare_optimum_is_at_least_every_nash_welfare_and_cce_at_least_ce(game):
    ce = ms.solvers.correlated(game)
    cce = ms.solvers.correlated(game, coarse=True)
    slack = 1e-7 * game.payoff_range * game.n_players
    for eq in ms.solvers.nash(game, n_equilibria=3):
        # the LP's incentive constraints are exact (each player's own payoff units);
        # an equilibrium accepted only within tol need not be feasible, and may have
        # far higher welfare, so compare with the equilibria that are exact for everyone
        # (regrets in raw arithmetic: a player whose payoffs span 1e-211 of the game's
        # range has a regret the normalised verifier rounds to 0, the LP does not)
        own = np.ptp(game.payoffs.reshape(game.n_players, -1), axis=1)
        if (_raw_regrets(game, eq) <= 1e-12 * np.where(own > 0, own, 1.0)).all():
            assert ce.value >= float(eq.payoffs.sum()) - slack
    assert cce.value >= ce.value - slack
    assert ms.solvers.is_correlated_equilibrium(game, ce.distribution)
    assert ms.solvers.is_correlated_equilibrium(game, cce.distribution, coarse=True)


@given(mst.normal_form_games(n_players=st.integers(2, 3), max_strategies=3), st.data())
def test_min_is_below_max_and_both_are_verified(game, data):
    mask = np.asarray(
        data.draw(st.lists(st.booleans(), min_size=game.n_profiles, max_size=game.n_profiles))
    ).reshape(game.shape)
    high = ms.solvers.correlated(game, objective=mask)
    low = ms.solvers.correlated(game, objective=mask, sense="min")
    assert -1e-9 <= low.value <= high.value + 1e-9 <= 1 + 2e-9
    for res in (low, high):
        assert res.incentive_violations.max() <= 1e-8 * game.payoff_range
        assert res.distribution.min() >= 0.0
        assert res.distribution.sum() == pytest.approx(1.0)


@given(mst.normal_form_games(n_players=st.integers(2, 3), max_strategies=3), st.data())
def test_correlated_equilibria_are_invariant_under_affine_rescaling(game, data):
    """The CE polytope does not change, so the optimal probability of a profile set does not."""
    scale, shift = data.draw(mst.affine_rescalings(game.n_players))
    scaled = game.affine_transform(scale, shift)
    # The property is about the exact affine image. In floating point a shift can
    # erase payoff differences far below the shift (1 + 1e-300 == 1): the rounded
    # game is then a different game with a different CE polytope (see the test below),
    # and the CE value jumps at such ties. So keep transforms that keep every
    # player's payoffs to within 1e-12 of that player's own range.
    shape = (-1,) + (1,) * game.n_players
    back = (scaled.payoffs - np.reshape(shift, shape)) / np.reshape(scale, shape)
    error = np.abs(back - game.payoffs).reshape(game.n_players, -1).max(axis=1)
    own = np.ptp(game.payoffs.reshape(game.n_players, -1), axis=1)
    assume(np.all((error <= 1e-12 * own) | (own == 0)))
    mask = np.zeros(game.shape, dtype=bool)
    mask.reshape(-1)[0] = True
    a = ms.solvers.correlated(game, objective=mask).value
    b = ms.solvers.correlated(scaled, objective=mask).value
    assert a == pytest.approx(b, abs=1e-7)


def test_a_five_player_settlement_query():
    """'Maximum probability of settlement' in a 5-player volunteer's dilemma.

    Read "settlement" as "exactly one player volunteers". A mediator can make
    it certain: a uniform draw of who volunteers is a CE (each designated
    volunteer gets 1 by volunteering, 0 by waiting; the others get 2).
    """
    game = ms.games.volunteers_dilemma(5)
    grids = np.indices(game.shape)
    exactly_one = (grids == 0).sum(axis=0) == 1
    res = ms.solvers.correlated(game, objective=exactly_one)
    assert res.value == pytest.approx(1.0, abs=1e-9)
    assert ms.solvers.is_correlated_equilibrium(game, res.distribution)
    nash = ms.solvers.nash(game, presolve=False)[0]  # the symmetric mixed equilibrium
    joint = np.ones(())
    for v in nash.probabilities:
        joint = np.multiply.outer(joint, v)
    assert float(joint[exactly_one].sum()) < 0.5 < res.value


def test_result_helpers_and_serialisation():
    res = ms.solvers.correlated(CHICKEN)
    assert res.support() == [(1, 1), (0, 1), (1, 0)]
    np.testing.assert_allclose(res.marginals[0], [0.25, 0.75])
    frame = res.to_frame()
    assert list(frame.columns) == ["row", "column", "probability"]
    assert frame.iloc[0].tolist()[:2] == ["chicken", "chicken"]
    data = res.to_dict()
    assert data["payoffs"] == pytest.approx({"row": 5.25, "column": 5.25})
    assert len(data["distribution"]) == 3
    assert repr(res) == "CorrelatedResult(correlated, max welfare = 10.5, 3 profiles in support)"
    assert "<table>" in res._repr_html_()
    again = pickle.loads(pickle.dumps(res))
    np.testing.assert_array_equal(again.distribution, res.distribution)
    with pytest.raises(ValueError, match="read-only"):
        res.distribution[0, 0] = 1.0
    with pytest.raises(ms.InvalidArgumentError, match="boolean mask"):
        res.probability(np.ones((2, 2)))


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"objective": "happiness"}, ms.InvalidArgumentError, "unknown objective"),
        ({"objective": ("payoff", "nobody")}, ms.UnknownNameError, "nobody"),
        ({"objective": {"row": "a lot"}}, ms.InvalidArgumentError, "weight of 'row'"),
        ({"objective": {"row": float("inf")}}, ms.InvalidArgumentError, "finite"),
        ({"objective": np.ones((3, 3))}, ms.InvalidArgumentError, "shape"),
        ({"objective": np.full((2, 2), np.nan)}, ms.InvalidArgumentError, "finite"),
        ({"objective": "egalitarian", "sense": "min"}, ms.InvalidArgumentError, "maximised"),
        ({"sense": "up"}, ms.InvalidArgumentError, "sense"),
        ({"coarse": "yes"}, ms.InvalidArgumentError, "coarse"),
        ({"tol": -1.0}, ms.InvalidArgumentError, "tol"),
    ],
)
def test_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        ms.solvers.correlated(CHICKEN, **kwargs)


@pytest.mark.parametrize(
    ("distribution", "match"),
    [
        (np.full((2, 2), 0.3), "sums to"),
        ([[0.5, 0.5], [0.5, -0.5]], "non-negative"),
        (np.ones(3) / 3, "mixed profile"),
    ],
)
def test_bad_distributions(distribution, match):
    with pytest.raises(ms.InvalidProfileError, match=match):
        ms.solvers.is_correlated_equilibrium(CHICKEN, distribution)


def test_mixed_profiles_are_read_as_product_distributions():
    mixed = CHICKEN.as_profile([[1 / 3, 2 / 3], [1 / 3, 2 / 3]])  # the symmetric Nash equilibrium
    assert ms.solvers.is_correlated_equilibrium(CHICKEN, mixed)
    assert ms.solvers.is_correlated_equilibrium(CHICKEN, {"row": "dare", "column": "chicken"})
    assert not ms.solvers.is_correlated_equilibrium(CHICKEN, ("dare", "dare"))


def test_coarse_equilibria_can_be_strictly_larger():
    """Uniform over the three ties of rock-paper-scissors is a CCE but not a CE.

    Opting out in advance to any fixed strategy pays 0, the same as obeying;
    but a player told "rock" knows the other plays rock and would switch to
    paper (Roughgarden, *Twenty Lectures on Algorithmic Game Theory*, 2016, ch. 13).
    """
    game = ms.games.rock_paper_scissors()
    ties = np.eye(3) / 3
    assert ms.solvers.is_correlated_equilibrium(game, ties, coarse=True)
    assert not ms.solvers.is_correlated_equilibrium(game, ties)
    np.testing.assert_allclose(ms.solvers.incentive_violations(game, ties), [1 / 3, 1 / 3])
    diagonal = np.eye(3, dtype=bool)
    assert ms.solvers.correlated(game, objective=diagonal, coarse=True).value == pytest.approx(1.0)
    assert ms.solvers.correlated(game, objective=diagonal).value < 1.0


def test_a_shift_that_rounds_away_a_tiny_payoff_difference_changes_the_game():
    """The dev-profile failure of the rescaling property, explained.

    Row prefers its second row by 1e-300, so no CE puts weight on the first
    cell; shifting row's payoffs by 1 rounds 1 + 1e-300 to 1, which makes row
    indifferent, and then the first cell can have probability one. Both LP
    answers are right for the games they were given; exact rescalings agree.
    """
    game = ms.NormalFormGame(np.array([0.0, 1e-300, 0.0, 0.0]).reshape(2, 2, 1))
    mask = np.zeros(game.shape, dtype=bool)
    mask[0, 0] = True
    assert ms.solvers.correlated(game, objective=mask).value == 0.0
    for scale, shift in (([2.0**-20, 3.0], [0.0, 5.0]), ([1e300, 1.0], [0.0, 0.0])):
        exact = game.affine_transform(scale, shift)
        assert ms.solvers.correlated(exact, objective=mask).value == 0.0
    rounded = game.affine_transform([1.0, 1.0], [1.0, 0.0])
    assert np.all(rounded.payoffs[0] == 1.0)  # the difference is gone
    res = ms.solvers.correlated(rounded, objective=mask)
    assert res.value == 1.0
    assert ms.solvers.is_correlated_equilibrium(rounded, res.distribution)
