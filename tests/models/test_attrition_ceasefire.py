"""War of attrition and ceasefire durability: closed forms checked on the games and chains."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mediation_sim as ms
from mediation_sim.models import CeasefireChain, WarOfAttrition
from mediation_sim.models.attrition import stationary_concession

values = st.floats(0.2, 5.0)
costs = st.floats(0.01, 1.0)
deltas = st.floats(0.0, 0.97)


@settings(max_examples=30)
@given(values, values, costs, costs, deltas)
def test_stationary_rates_are_a_markov_perfect_equilibrium(
    va: float, vb: float, ca: float, cb: float, delta: float
) -> None:
    war = WarOfAttrition(va, vb, ca, cb, delta=delta)
    q_a, q_b = war.stationary()
    assert 0 < q_a < 1
    assert 0 < q_b < 1
    g = war.game()
    x = g.as_strategy([[[1 - q_a, q_a], [1 - q_b, q_b]], [[1], [1]]])
    assert g.regret(x) <= 1e-10 * g.payoff_range
    # the value of the war state is the value of conceding
    np.testing.assert_allclose(x.values[0], [q_b * va / 2, q_a * vb / 2], atol=1e-10)


def test_symmetric_war_homotopy_selects_the_mixed_equilibrium() -> None:
    war = WarOfAttrition(1.0, 1.0, 0.1, 0.1, delta=0.9)
    res = ms.solvers.stationary_equilibrium(war.game())
    assert res.equilibrium is not None
    q = war.stationary()[0]
    assert res.equilibrium.isclose([[[1 - q, q], [1 - q, q]], [[1], [1]]], atol=1e-8)


def test_concession_rate_closed_form_cases() -> None:
    assert stationary_concession(1.0, 0.5, 0.0) == pytest.approx(0.5)  # c / (V/2 + c)
    rates = stationary_concession(np.array([1.0, 2.0]), 0.1, 0.9)
    assert isinstance(rates, np.ndarray)
    assert rates[1] < rates[0]  # a bigger prize for the indifferent side: the other concedes less
    with pytest.raises(ms.InvalidArgumentError, match="delta"):
        stationary_concession(1.0, 0.1, 1.0)


@settings(max_examples=30)
@given(values, values, costs, costs, deltas, st.integers(1, 8), st.floats(-1, 3), st.floats(-1, 3))
def test_deadline_path_passes_the_one_shot_deviation_check(
    va: float, vb: float, ca: float, cb: float, delta: float, horizon: int, da: float, db: float
) -> None:
    war = WarOfAttrition(
        va, vb, ca, cb, delta=delta, deadline=horizon, settlement_a=da, settlement_b=db
    )
    path = war.path()
    g = war.game()
    profiles = [[[[1 - q[0], q[0]], [1 - q[1], q[1]]], [[1.0], [1.0]]] for q in path.concede]
    regrets = ms.solvers.finite_horizon_regrets(g, profiles, terminal_values=[[da, db], [0.0, 0.0]])
    assert regrets.max() <= 1e-9 * max(1.0, va, vb, abs(da), abs(db))
    np.testing.assert_allclose(path.survival[0], 1.0)
    assert (np.diff(path.survival) <= 1e-15).all()
    np.testing.assert_allclose(path.win_probabilities.sum(), 1.0)


def test_pressure_on_b_makes_a_concede_faster_in_the_mixed_equilibrium() -> None:
    war = WarOfAttrition(1.0, 1.0, 0.1, 0.1, delta=0.9, leverage=0.5)
    q_a0, q_b0 = war.stationary(0.0)
    q_a1, q_b1 = war.stationary(1.0)
    assert q_a1 > q_a0  # A's rate keeps the costlier B indifferent
    assert q_b1 == pytest.approx(q_b0)
    assert war.path(pressure=1.0).win_probabilities[1] > war.path().win_probabilities[1]
    assert war.path(pressure=1.0).expected_duration < war.path().expected_duration


def test_a_deadline_settlement_nobody_likes_brings_concessions_forward() -> None:
    harsh = WarOfAttrition(
        1.0, 1.0, 0.05, 0.05, delta=0.95, deadline=12, settlement_a=-1.0, settlement_b=-1.0
    )
    mild = WarOfAttrition(
        1.0, 1.0, 0.05, 0.05, delta=0.95, deadline=12, settlement_a=0.45, settlement_b=0.45
    )
    assert harsh.path().survival[-1] < mild.path().survival[-1]
    assert mild.path().concede[-1].max() == 0.0  # fighting to a good settlement beats a coin


def test_attrition_bad_input() -> None:
    with pytest.raises(ms.InvalidArgumentError, match="cost_a"):
        WarOfAttrition(1.0, 1.0, 0.0, 0.1)
    with pytest.raises(ms.InvalidArgumentError, match="deadline"):
        WarOfAttrition(1.0, 1.0, 0.1, 0.1, deadline=0)
    with pytest.raises(ms.InvalidArgumentError, match="periods"):
        WarOfAttrition(1.0, 1.0, 0.1, 0.1, deadline=3).path(periods=5)
    assert "deadline=3" in repr(WarOfAttrition(1.0, 1.0, 0.1, 0.1, deadline=3))


@settings(max_examples=40)
@given(st.floats(0.01, 1.0), st.floats(0.0, 0.9), st.floats(0.01, 0.1))
def test_ceasefire_closed_forms_match_the_fundamental_matrix(h: float, r: float, g: float) -> None:
    chain = CeasefireChain(agree=h, relapse=r, harden=g)
    m = chain.transition_matrix()
    transient = m[:2, :2]
    fundamental = np.linalg.inv(np.eye(2) - transient)
    # expected periods to absorption from war: row sum of the fundamental matrix
    assert chain.time_to_peace() == pytest.approx(fundamental[0].sum(), rel=1e-9)
    assert chain.ceasefire_duration() == pytest.approx(1 / (1 - m[1, 1]))
    assert chain.peace_probability() == pytest.approx(m[1, 2] / (m[1, 0] + m[1, 2]))
    probs = chain.state_probabilities(30)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0)
    assert (np.diff(probs[:, 2]) >= -1e-15).all()


def test_ceasefire_pressure_and_arrays() -> None:
    chain = CeasefireChain(agree=0.2, relapse=np.array([0.1, 0.3]), harden=0.05, leverage=2.0)
    base = chain.time_to_peace()
    pressed = chain.time_to_peace(pressure=1.0)
    assert isinstance(base, np.ndarray)
    assert (pressed < base).all()
    assert "array(2,)" in repr(chain)
    with pytest.raises(ms.InvalidArgumentError, match="relapse \\+ harden"):
        CeasefireChain(0.2, 0.9, 0.2)
    with pytest.raises(ms.InvalidArgumentError, match="harden"):
        CeasefireChain(0.2, 0.1, 0.0)
    with pytest.raises(ms.InvalidArgumentError, match="periods"):
        CeasefireChain(0.2, 0.1, 0.1).state_probabilities(-1)
