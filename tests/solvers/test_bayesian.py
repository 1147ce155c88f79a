"""Bayesian games, Bayes-Nash equilibria and communication equilibria.

Known answers: Osborne's Battle of the Sexes with an uncertain partner,
Aumann's Chicken as the one-type case of the communication LP, a
perfectly-correlated coordination game. Properties: the two normal forms
agree, every Bayes-Nash mechanism is a communication equilibrium, the LP
optimum dominates every Bayes-Nash equilibrium, invariance under rescaling.
"""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import mediation_sim as ms
from mediation_sim.games import BayesianGame

MEET = [[[2, 0], [0, 1]], [[1, 0], [0, 2]]]
AVOID = [[[2, 0], [0, 1]], [[0, 2], [1, 0]]]


def osborne_bos(prob_meet: float = 0.5) -> BayesianGame:
    """Osborne (2004), Example 9.1: player 2 wants to meet or to avoid player 1."""
    u = np.zeros((2, 1, 2, 2, 2))
    u[:, 0, 0] = MEET
    u[:, 0, 1] = AVOID
    return BayesianGame.independent(
        u,
        [[1.0], [prob_meet, 1 - prob_meet]],
        players=["one", "two"],
        types=[["only"], ["meet", "avoid"]],
        actions=[["B", "S"], ["B", "S"]],
    )


@st.composite
def bayesian_games(draw: st.DrawFn, *, max_types: int = 2, max_actions: int = 2) -> BayesianGame:
    n_types = (draw(st.integers(1, max_types)), draw(st.integers(1, max_types)))
    n_actions = (draw(st.integers(1, max_actions)), draw(st.integers(2, max_actions)))
    payoffs = draw(
        arrays(np.float64, (2, *n_types, *n_actions), elements=st.integers(-5, 5).map(float))
    )
    weights = draw(arrays(np.float64, n_types, elements=st.integers(1, 4).map(float)))
    return BayesianGame(payoffs, weights / weights.sum())


# ---------------------------------------------------------------------- the game
def test_osborne_battle_of_the_sexes_unique_pure_equilibrium():
    """Osborne (2004, Ex. 9.1, prob 1/2): (B, (B if meet, S if avoid)) is the only pure BNE."""
    g = osborne_bos()
    res = ms.solvers.bayes_nash(g)
    assert len(res) == 1
    eq = res[0]
    assert eq["one"]["only"] == {"B": 1.0, "S": 0.0}
    assert eq["two"]["meet"]["B"] == 1.0
    assert eq["two"]["avoid"]["S"] == 1.0
    # by hand: against (B, S) player 1's B yields 1/2*2 + 1/2*0 = 1, S yields 1/2*1 = 1/2
    np.testing.assert_allclose(eq.interim_payoffs[0], [1.0])
    np.testing.assert_allclose(eq.interim_payoffs[1], [1.0, 2.0])
    np.testing.assert_allclose(eq.ex_ante_payoffs, [1.0, 1.5])
    assert eq.classify("two") == "separating"
    assert eq.classify("one") == "pooling"
    assert res.to_dict()["equilibria"][0]["strategies"]["two"]["avoid"]["S"] == 1.0


def test_osborne_battle_of_the_sexes_low_meeting_probability():
    """With P(meet) = 1/4 there is no pure BNE, only mixed ones.

    Player 2's types have dominant replies to each of player 1's actions
    (meet: copy; avoid: differ). By hand: against (S if meet, B if avoid),
    player 1's S yields 1/4*1 = 1/4 and B yields 3/4*2 = 3/2 — so that is
    not an equilibrium; against
    (B, S) B yields 1/4*2 = 1/2 and S yields 3/4*1 = 3/4, so B is not a
    best response either: no pure equilibrium, only a mixed one.
    """
    g = osborne_bos(0.25)
    assert len(ms.solvers.bayes_nash(g)) == 0
    mixed = ms.solvers.bayes_nash(g, method="ex_ante")
    assert len(mixed) >= 1
    for eq in mixed:
        assert eq.is_bayes_nash()
        assert not eq.is_pure


def test_type_agent_form_names_and_interim_payoffs():
    g = osborne_bos()
    agent = g.type_agent_game()
    assert agent.players == ("one:only", "two:meet", "two:avoid")
    # the "avoid" agent's payoff does not depend on the "meet" agent's action
    np.testing.assert_allclose(agent.payoffs[2][:, 0, :], agent.payoffs[2][:, 1, :])
    ex = g.ex_ante_game()
    assert ex.strategies[1] == ("B/B", "B/S", "S/B", "S/S")
    np.testing.assert_allclose(ex.payoffs[0][0, 1], 1.0)


def test_correlated_prior_posteriors_and_equilibrium():
    """Perfectly correlated types: each knows the other's type and coordinates on it."""
    u = np.zeros((2, 2, 2, 2, 2))
    for t in range(2):
        u[:, t, t, t, t] = 1.0  # both gain from playing the action named by the common state
    g = BayesianGame(u, [[0.5, 0.0], [0.0, 0.5]], types=[["x", "y"], ["x", "y"]])
    np.testing.assert_allclose(g.posterior(0, "x"), [1.0, 0.0])
    res = ms.solvers.bayes_nash(g)
    matched = [eq for eq in res if eq.strategies[0][0, 0] == 1 and eq.strategies[0][1, 1] == 1]
    assert matched
    assert all(eq.strategies[1][t, t] == 1 for eq in matched for t in range(2))
    best = ms.solvers.communication_equilibrium(g)
    assert best.value == pytest.approx(2.0)


def test_bad_input_is_refused():
    u = np.zeros((2, 2, 1, 2, 2))
    with pytest.raises(ms.MediationSimError, match="sums to"):
        BayesianGame(u, [[0.3], [0.3]])
    with pytest.raises(ms.MediationSimError, match="probability 0"):
        BayesianGame(u, [[1.0], [0.0]])
    with pytest.raises(ms.MediationSimError, match="type axes"):
        BayesianGame(u, [[0.5, 0.5]])
    with pytest.raises(ms.MediationSimError, match="finite"):
        BayesianGame(np.full((2, 1, 1, 2, 2), np.nan), [[1.0]])
    with pytest.raises(ms.MediationSimError, match="unknown method"):
        ms.solvers.bayes_nash(osborne_bos(), method="magic")
    with pytest.raises(ms.MediationSimError, match="BayesianGame"):
        ms.solvers.communication_equilibrium(ms.games.chicken())  # type: ignore[arg-type]
    with pytest.raises(ms.MediationSimError, match="sum to 1"):
        osborne_bos().as_profile([[[0.5, 0.4]], [[1, 0], [0, 1]]])


def test_pickle_round_trip():
    g = osborne_bos()
    assert pickle.loads(pickle.dumps(g)) == g
    res = ms.solvers.communication_equilibrium(g)
    back = pickle.loads(pickle.dumps(res))
    np.testing.assert_array_equal(back.mechanism, res.mechanism)


# ---------------------------------------------------------------------- communication LP
def test_one_type_communication_equals_correlated_on_chicken():
    chicken = ms.games.chicken()
    g = BayesianGame(chicken.payoffs[:, None, None], np.ones((1, 1)))
    for objective in (None, ("payoff", 0)):
        ce = ms.solvers.correlated(chicken, objective=objective)
        co = ms.solvers.communication_equilibrium(g, objective=objective)
        assert co.value == pytest.approx(ce.value, abs=1e-8)
    np.testing.assert_allclose(
        ms.solvers.communication_equilibrium(g).mechanism[0, 0], [[0, 0.25], [0.25, 0.5]], atol=1e-8
    )


def test_mediator_improves_osborne_game_welfare():
    """The LP's welfare is at least every Bayes-Nash equilibrium's.

    By hand, the first best is 1/2 * 3 (a meeting when two wants one) plus
    1/2 * 2 ((B, S) when two wants to avoid) = 2.5, which the pure BNE
    already reaches: the LP finds exactly that.
    """
    g = osborne_bos()
    best = ms.solvers.communication_equilibrium(g)
    bne = ms.solvers.bayes_nash(g, method="ex_ante")
    assert best.value >= max(float(eq.ex_ante_payoffs.sum()) for eq in bne) - 1e-9
    assert best.value == pytest.approx(2.5, abs=1e-8)
    peace = np.array([[True, False], [False, True]])  # meeting
    lo = ms.solvers.communication_equilibrium(g, objective=peace, sense="min").value
    hi = ms.solvers.communication_equilibrium(g, objective=peace).value
    assert 0.0 <= lo <= hi <= 1.0
    assert best.recommendation(("only", "avoid"))
    assert best.to_dict()["objective"] == "welfare"


@pytest.mark.filterwarnings("ignore::mediation_sim.DegenerateGameWarning")
@settings(max_examples=25, deadline=None)
@given(bayesian_games())
def test_bne_forms_agree_and_are_communication_equilibria(g: BayesianGame):
    pure = ms.solvers.bayes_nash(g, method="pure")
    ex = ms.solvers.bayes_nash(g, method="ex_ante")
    pure_from_ex = [eq for eq in ex if eq.is_pure]
    for eq in pure:
        assert eq.is_bayes_nash()
        if not ex.normal_form.degenerate:
            assert any(eq.isclose(other, atol=1e-7) for other in pure_from_ex)
    assert len(ex) >= 1
    best = ms.solvers.communication_equilibrium(g)
    bound = 1e-8 * g.payoff_range
    for eq in [*pure, *ex]:
        assert ms.solvers.communication_violations(g, eq.mechanism()).max() <= bound
        assert best.value >= float(eq.ex_ante_payoffs.sum()) - 1e-7 * g.payoff_range


@settings(max_examples=20, deadline=None)
@given(bayesian_games(), st.floats(0.5, 4.0), st.floats(-3.0, 3.0))
def test_communication_polytope_invariant_under_rescaling(g: BayesianGame, a: float, b: float):
    """Rescaling player 0's payoffs by a > 0 and shifting by b leaves the LP's mechanisms alone."""
    u = np.array(g.payoffs)
    u[0] = a * u[0] + b
    h = BayesianGame(u, g.prior)
    first = ms.solvers.communication_equilibrium(g, objective=("payoff", 1))
    second = ms.solvers.communication_equilibrium(h, objective=("payoff", 1))
    assert second.value == pytest.approx(first.value, abs=1e-7 * g.payoff_range)
    assert ms.solvers.communication_violations(h, first.mechanism).max() <= 1e-7 * h.payoff_range


def test_type_agent_method_with_the_n_player_solver():
    """The logit path on the type-agent form finds a verified equilibrium of Osborne's game."""
    g = osborne_bos(0.25)
    res = ms.solvers.bayes_nash(g, method="type_agent")
    assert len(res) >= 1
    assert res.max_regret <= 1e-8 * g.payoff_range
    assert res[0].is_bayes_nash()
    back = pickle.loads(pickle.dumps(res))
    assert back.to_dict()["method"] == "type_agent"
    assert "type-agent" in res.message
