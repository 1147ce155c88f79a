"""StochasticGame: validation, values, the one-shot-deviation oracle, pickling."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mediation_sim as ms
from mediation_sim.testing import strategies as mst

PD = ms.games.prisoners_dilemma()


def grim_game(delta: float) -> ms.games.StochasticGame:
    """Cooperation keeps ``peace``; any defection sends play to absorbing ``war`` (payoff 0)."""
    stay = np.zeros((2, 2, 2))
    stay[0, 0] = [1, 0]
    stay[0, 1] = stay[1, 0] = stay[1, 1] = [0, 1]
    return ms.games.StochasticGame(
        [PD.payoffs, np.zeros((2, 1, 1))],
        [stay, [[[0.0, 1.0]]]],
        delta,
        players=["row", "column"],
        states=["peace", "war"],
        actions=[[["c", "d"], ["c", "d"]], [["wait"], ["wait"]]],
    )


@pytest.mark.parametrize("delta", [0.2, 0.39, 0.41, 0.8])
def test_grim_cooperation_is_markov_perfect_exactly_when_patient(delta: float) -> None:
    # Cooperating forever is worth 3 / (1 - delta); a one-shot defection 5 (then 0 for ever).
    g = grim_game(delta)
    cooperate = g.as_strategy([[[1, 0], [1, 0]], [[1], [1]]])
    np.testing.assert_allclose(cooperate.values[0], 3 / (1 - delta))
    np.testing.assert_allclose(cooperate.state_regrets[0], max(0.0, 5 - 3 / (1 - delta)))
    assert g.is_equilibrium(cooperate) == (delta >= 0.4)
    defect = g.as_strategy([[[0, 1], [0, 1]], [[1], [1]]])
    assert g.is_equilibrium(defect)  # defection is always an equilibrium
    np.testing.assert_allclose(defect.values, [[1.0, 1.0], [0.0, 0.0]])


def test_strategy_lookup_and_dict() -> None:
    g = grim_game(0.5)
    x = g.as_strategy([[[0.25, 0.75], 1], [[1.0], 0]])
    assert x["peace"]["row"] == {"c": 0.25, "d": 0.75}
    assert x["war"]["column"] == {"wait": 1.0}
    d = x.to_dict()
    assert set(d["values"]) == {"peace", "war"}
    assert d["regret"] == pytest.approx(x.regret)
    assert "peace: ({c: 0.25, d: 0.75}, d)" in repr(x)
    assert x.stage_profile("peace").isclose([[0.25, 0.75], [0, 1]])
    assert x.isclose(g.as_strategy(x))
    assert not x.is_pure


def test_stage_with_continuation_values() -> None:
    g = grim_game(0.5)
    stage = g.stage("peace", values=[[10.0, 10.0], [0.0, 0.0]])
    # both cooperate: 3 + 0.5 * 10; anything else ends in war
    np.testing.assert_allclose(stage.payoffs[:, 0, 0], [8.0, 8.0])
    np.testing.assert_allclose(stage.payoffs[:, 1, 1], [1.0, 1.0])
    assert stage.strategies == (("c", "d"), ("c", "d"))


def test_per_player_discount_and_repr() -> None:
    g = ms.games.StochasticGame([PD.payoffs], [np.ones((2, 2, 1))], [0.5, 0.75])
    np.testing.assert_allclose(g.values([[1, 1]]), [[2.0, 4.0]])
    assert repr(g) == "StochasticGame(2 players, 1 state, discount (0.5, 0.75))"
    assert "<table>" in g._repr_html_()


def test_pickle_round_trip() -> None:
    g = grim_game(0.6)
    h = pickle.loads(pickle.dumps(g))
    assert h.states == g.states
    assert h.actions == g.actions
    x = h.as_strategy([[[1, 0], [1, 0]], [[1], [1]]])
    y = pickle.loads(pickle.dumps(x))
    np.testing.assert_allclose(y.values, x.values)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"payoffs": np.zeros((2, 2, 2))}, ms.GameShapeError, "one array per state"),
        ({"payoffs": []}, ms.GameShapeError, "at least one state"),
        ({"transitions": []}, ms.GameShapeError, "transition arrays"),
        ({"payoffs": [np.zeros((3, 2, 2))]}, ms.GameShapeError, "one action axis"),
        ({"payoffs": [[[[np.nan, 0], [0, 0]], [[0, 0], [0, 0]]]]}, ms.InvalidPayoffError, "finite"),
        ({"payoffs": [np.zeros((2, 2, 0))]}, ms.GameShapeError, "no action"),
        ({"transitions": [np.ones((2, 2, 2))]}, ms.GameShapeError, "must have shape"),
        ({"transitions": [np.full((2, 2, 1), 0.5)]}, ms.InvalidArgumentError, "sum to 1"),
        ({"transitions": [-np.ones((2, 2, 1))]}, ms.InvalidArgumentError, "negative"),
        ({"transitions": [np.full((2, 2, 1), "a")]}, ms.InvalidPayoffError, "real numbers"),
        ({"discount": 1.0}, ms.InvalidArgumentError, r"\[0, 1\)"),
        ({"discount": -0.1}, ms.InvalidArgumentError, r"\[0, 1\)"),
        ({"discount": [0.5, 0.5, 0.5]}, ms.InvalidArgumentError, "one per"),
        ({"discount": True}, ms.InvalidArgumentError, "discount"),
        ({"states": ["a", "a"]}, ms.InvalidArgumentError, "states"),
        ({"actions": [[["x", "y"]]]}, ms.InvalidArgumentError, "one label list per player"),
        ({"actions": [[["x", "x"], ["y", "z"]]]}, ms.InvalidArgumentError, "distinct"),
    ],
)
def test_bad_input_names_the_problem(kwargs: dict[str, object], error: type, match: str) -> None:
    args: dict[str, object] = {
        "payoffs": [PD.payoffs],
        "transitions": [np.ones((2, 2, 1))],
        "discount": 0.5,
    }
    args.update(kwargs)
    payoffs, transitions, discount = (
        args.pop("payoffs"),
        args.pop("transitions"),
        args.pop("discount"),
    )
    with pytest.raises(error, match=match):
        ms.games.StochasticGame(payoffs, transitions, discount, **args)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("strategy", "match"),
    [
        ([], "expected 1 states"),
        ([[[1, 0]]], "one entry per player"),
        ([[[0.5, 0.6], 0]], "sum to"),
        ([[[1, 0, 0], 0]], "2 actions"),
        ([[5, 0]], "out of range"),
        ([[[-0.5, 1.5], 0]], "non-negative"),
        ("xx", "one entry per state"),
    ],
)
def test_bad_strategies(strategy: object, match: str) -> None:
    g = ms.games.StochasticGame([PD.payoffs], [np.ones((2, 2, 1))], 0.5)
    with pytest.raises(ms.InvalidProfileError, match=match):
        g.as_strategy(strategy)  # type: ignore[arg-type]


def test_unknown_state() -> None:
    g = grim_game(0.5)
    with pytest.raises(ms.UnknownNameError, match="peace"):
        g.stage("truce")


@settings(max_examples=25)
@given(mst.stochastic_games(), st.integers(0, 2**32 - 1))
def test_values_solve_the_bellman_equation(g: ms.games.StochasticGame, seed: int) -> None:
    rng = np.random.default_rng(seed)
    x = g.as_strategy([[rng.dirichlet(np.ones(m)) for m in shape] for shape in g.shapes])
    v = x.values
    for s in range(g.n_states):
        # the stage game with continuation values, evaluated at x, gives back V(s)
        np.testing.assert_allclose(
            g.stage(s, values=v).expected_payoffs(list(x.probabilities[s])), v[s], atol=1e-8
        )
    assert (x.state_regrets >= 0).all()


@settings(max_examples=25)
@given(mst.stochastic_games(), st.floats(0.1, 10.0), st.floats(-5.0, 5.0))
def test_regret_scales_with_affine_rescaling(
    g: ms.games.StochasticGame, a: float, b: float
) -> None:
    scaled = ms.games.StochasticGame(
        [a * p + b for p in g.payoffs], list(g.transitions), g.discount
    )
    uniform = [[np.full(m, 1 / m) for m in shape] for shape in g.shapes]
    assert scaled.regret(uniform) == pytest.approx(a * g.regret(uniform), rel=1e-9, abs=1e-9)
    assert scaled.payoff_range == pytest.approx(a * g.payoff_range)
