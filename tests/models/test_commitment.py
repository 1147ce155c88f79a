"""Tests for the commitment problem: war condition, pressure, and the game tree it summarises."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mediation_sim as ms
from mediation_sim.games import GameTree, decision, terminal
from mediation_sim.models import CommitmentModel, commitment
from mediation_sim.solvers import backward_induction

probs = st.floats(0.0, 1.0)
costs = st.floats(0.0, 0.3)
deltas = st.floats(0.0, 0.99)
betas = st.floats(0.0, 1.0)


@given(probs, costs, costs, deltas, betas, st.sampled_from(["two_period", "infinite"]))
def test_no_shift_no_war(
    p: float, c_a: float, c_b: float, delta: float, beta: float, horizon: Any
) -> None:
    # Fearon (1995): without a shift in power the rising side's promises are credible
    assert not commitment.preventive_war(
        p, p, c_a, c_b, delta=delta, future_power_a=beta, horizon=horizon
    )


@given(st.floats(0.3, 1.0), st.floats(0.0, 1.0), costs, costs, deltas)
def test_war_condition_for_the_declining_side(
    p_now: float, drop: float, c_a: float, c_b: float, delta: float
) -> None:
    # with future_power_a = 1 and an interior range, A (declining) fights iff
    # W (p_now - p_next) > (1 - p_now) + c_A + W (c_A + c_B)
    p_next = p_now * (1 - drop)
    if p_next + c_b > 1 or p_next - c_a < 0:
        return
    ia, _ = commitment.war_incentives(p_now, p_next, c_a, c_b, delta=delta, future_power_a=1)
    lhs = delta * (p_now - p_next)
    rhs = (1 - p_now) + c_a + delta * (c_a + c_b)
    assert ia == pytest.approx(lhs - rhs, abs=1e-12)


@given(st.floats(0.5, 1.0), costs, costs, deltas, betas)
def test_bigger_shifts_and_smaller_costs_mean_more_war(
    p_now: float, c_a: float, c_b: float, delta: float, beta: float
) -> None:
    p_next = np.linspace(p_now, 0.0, 21)
    ia, _ = commitment.war_incentives(p_now, p_next, c_a, c_b, delta=delta, future_power_a=beta)
    assert (np.diff(ia) >= -1e-12).all()
    ia_costly, _ = commitment.war_incentives(
        p_now, p_next, c_a + 0.1, c_b + 0.1, delta=delta, future_power_a=beta
    )
    assert (ia_costly <= ia + 1e-12).all()


def test_patient_limit_of_the_infinite_horizon() -> None:
    # Powell (2006): patient states fight when the shift exceeds the sum of the costs
    # (here per-period costs); below it, peace
    c = 0.05
    for shift, war in ((0.15, True), (0.05, False)):
        assert (
            commitment.preventive_war(
                0.8, 0.8 - shift, c, c, delta=0.999, horizon="infinite", future_power_a=1
            )
            is war
        )


@given(
    st.floats(0.6, 1.0),
    st.floats(0.3, 0.9),
    costs,
    costs,
    st.floats(0.5, 0.99),
    st.floats(0.05, 2.0),
)
def test_critical_pressure_closed_form_for_the_cost_channel(
    p_now: float, drop: float, c_a: float, c_b: float, delta: float, leverage: float
) -> None:
    p_next = p_now * (1 - drop)
    ia, ib = commitment.war_incentives(p_now, p_next, c_a, c_b, delta=delta, future_power_a=1)
    if ia <= 0 or ib > 0 or p_next - c_a < 0:
        return
    crit = commitment.critical_pressure(
        p_now, p_next, c_a, c_b, delta=delta, future_power_a=1, leverage=leverage
    )
    closed = ((1 + delta) * (p_now - c_a) - 1 - delta * (p_next + c_b)) / (delta * leverage)
    # the root lies before the future range reaches 1: there I_A = (1 + W)(p_now - c_A - 1) <= 0
    assert p_next + c_b + leverage * closed <= 1 + 1e-9
    assert crit == pytest.approx(closed, rel=1e-9, abs=1e-9)


@given(
    probs,
    probs,
    costs,
    costs,
    deltas,
    betas,
    st.floats(0.0, 2.0),
    st.floats(0.0, 2.0),
    st.sampled_from(["two_period", "infinite"]),
)
def test_critical_pressure_separates_war_from_peace(
    p_now: float,
    p_next: float,
    c_a: float,
    c_b: float,
    delta: float,
    beta: float,
    leverage: float,
    shift_leverage: float,
    horizon: Any,
) -> None:
    kw = {
        "delta": delta,
        "future_power_a": beta,
        "leverage": leverage,
        "shift_leverage": shift_leverage,
        "horizon": horizon,
    }
    crit = commitment.critical_pressure(p_now, p_next, c_a, c_b, **kw)
    if np.isinf(crit):
        assert commitment.preventive_war(p_now, p_next, c_a, c_b, pressure=1e6, **kw)
        return
    assert not commitment.preventive_war(p_now, p_next, c_a, c_b, pressure=crit, **kw)
    if crit > 1e-9:
        assert commitment.preventive_war(p_now, p_next, c_a, c_b, pressure=crit * (1 - 1e-7), **kw)


def test_cost_pressure_cannot_stop_a_declining_side_that_dictates_nothing() -> None:
    # A declines and B will dictate the future terms (future_power_a = 0): raising B's cost
    # does not change what B concedes later, so only damping the shift helps
    kw: dict[str, Any] = {"delta": 0.9, "future_power_a": 0.0}
    assert commitment.preventive_war(0.8, 0.3, 0.05, 0.05, **kw)
    assert np.isinf(commitment.critical_pressure(0.8, 0.3, 0.05, 0.05, leverage=1.0, **kw))
    crit = commitment.critical_pressure(0.8, 0.3, 0.05, 0.05, shift_leverage=1.0, **kw)
    assert crit == pytest.approx(0.2 / 0.9)


def test_vectorised_and_model_object() -> None:
    p_next = np.linspace(0.0, 1.0, 11)
    kw: dict[str, Any] = {"delta": 0.9, "horizon": "infinite", "future_power_a": 0.0}
    ia, ib = commitment.war_incentives(0.5, p_next, 0.05, 0.05, **kw)
    assert ia.shape == ib.shape == (11,)
    # war when power shifts a lot either way, none without a shift
    war = commitment.preventive_war(0.5, p_next, 0.05, 0.05, **kw)
    assert war[0]
    assert war[-1]
    assert not war[5]
    crit = commitment.critical_pressure(0.5, p_next, 0.05, 0.05, shift_leverage=1.0, **kw)
    assert crit.shape == (11,)
    assert crit[5] == 0.0
    model = CommitmentModel(0.8, 0.3, 0.05, 0.05, delta=0.9, future_power_a=1.0, leverage=0.5)
    assert model.war()
    assert model.critical_pressure() == pytest.approx(0.11 / 0.45)
    assert model.incentives(1.0)[0] < 0
    json.dumps(model.to_dict())
    assert "CommitmentModel(p_now=0.8" in repr(model)
    with pytest.raises(ms.InvalidArgumentError, match="horizon must be"):
        CommitmentModel(0.8, 0.3, 0.05, 0.05, delta=0.9, horizon="forever")  # type: ignore[arg-type]
    with pytest.raises(ms.InvalidArgumentError, match=r"delta must be finite and lie in \[0, 1\)"):
        commitment.war_incentives(0.5, 0.5, 0.1, 0.1, delta=1.0, horizon="infinite")


# ---------------------------------------------------------------------- the game it summarises


def two_period_tree(
    p_now: float, p_next: float, c_a: float, c_b: float, delta: float, grid: int
) -> GameTree:
    """B (who may attack) proposes A's share each period; A accepts or fights."""
    war_now = terminal(
        [(1 + delta) * (p_now - c_a), (1 + delta) * (1 - p_now - c_b)], outcome="war"
    )
    offers = [k / grid for k in range(grid + 1)]

    def period_one(x0: float) -> Any:
        war_later = terminal(
            [x0 + delta * (p_next - c_a), 1 - x0 + delta * (1 - p_next - c_b)], outcome="war"
        )
        moves = {
            f"offer {x1:g}": decision(
                "A",
                {
                    "accept": terminal(
                        [x0 + delta * x1, 1 - x0 + delta * (1 - x1)], outcome="peace"
                    ),
                    "fight": war_later,
                },
            )
            for x1 in offers
        }
        moves["attack"] = war_later
        return decision("B", moves)

    moves = {
        f"offer {x0:g}": decision("A", {"accept": period_one(x0), "fight": war_now})
        for x0 in offers
    }
    moves["attack"] = war_now
    return GameTree(decision("B", moves), ["A", "B"], title="Preventive war, two periods")


@pytest.mark.parametrize(
    ("p_now", "p_next", "c_a", "c_b", "delta"),
    [
        pytest.param(0.8, 0.3, 0.05, 0.05, 0.9, id="A_declines_fast-war"),
        pytest.param(0.8, 0.7, 0.05, 0.05, 0.9, id="A_declines_slowly-peace"),
        pytest.param(0.1, 0.8, 0.05, 0.05, 0.9, id="B_declines_fast-war"),
        pytest.param(0.5, 0.5, 0.1, 0.1, 0.9, id="no_shift-peace"),
        pytest.param(0.9, 0.35, 0.15, 0.1, 0.6, id="costly_war_and_impatience-peace"),
    ],
)
def test_backward_induction_on_the_two_period_game_agrees(
    p_now: float, p_next: float, c_a: float, c_b: float, delta: float
) -> None:
    # future_power_a = 0: B makes take-it-or-leave-it offers after the shift
    tree = two_period_tree(p_now, p_next, c_a, c_b, delta, grid=20)
    res = backward_induction(tree)
    war_on_path = res.outcome_probabilities(by="outcome").get("war", 0.0) > 0
    predicted = commitment.preventive_war(p_now, p_next, c_a, c_b, delta=delta, future_power_a=0.0)
    assert war_on_path == predicted
    ia, ib = commitment.war_incentives(p_now, p_next, c_a, c_b, delta=delta, future_power_a=0.0)
    assert max(ia, ib) != pytest.approx(0, abs=0.02)  # cases are far from the knife edge
