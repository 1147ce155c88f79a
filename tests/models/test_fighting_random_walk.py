"""FightingAndLearning coupled to the random-walk war (from_random_walk)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from mediation_sim import InvalidArgumentError
from mediation_sim.models import FightingAndLearning, RandomWalkWar


@st.composite
def fronts(draw: st.DrawFn) -> tuple[RandomWalkWar, RandomWalkWar, float]:
    n = draw(st.integers(4, 12))
    start = draw(st.integers(2, n - 2))
    q_strong = draw(st.floats(0.2, 0.55))
    q_weak = draw(st.floats(q_strong, 0.8))
    shift = draw(st.floats(0.0, 0.2))
    strong = RandomWalkWar(
        q=q_strong,
        start=start,
        n=n,
        cost_per_battle_a=0.004,
        cost_per_battle_b=0.006,
        step_shift=shift,
    )
    weak = RandomWalkWar(q=q_weak, start=start, n=n, step_shift=shift)
    return strong, weak, draw(st.floats(0.0, 1.0))


@given(fronts(), st.floats(0.25, 1.0))
@example(  # walks one rounding apart: hazards one ulp out of order must not be refused
    (
        RandomWalkWar(
            q=0.4681714678112623, start=4, n=9, cost_per_battle_a=0.004, cost_per_battle_b=0.006
        ),
        RandomWalkWar(q=0.46817146781126234, start=4, n=9),
        0.0,
    ),
    1.0,
)
def test_hazards_reproduce_the_walks_victory_probability_and_length(
    case: tuple[RandomWalkWar, RandomWalkWar, float], battles: float
) -> None:
    strong, weak, pressure = case
    # fronts of equal length never need the refusal for unordered hazards
    m = FightingAndLearning.from_random_walk(
        strong, weak, prior_strong=0.3, battles_per_period=battles, pressure=pressure
    )
    for war, q, w in ((strong, m.q_strong, m.win_strong), (weak, m.q_weak, m.win_weak)):
        p = float(war.victory_probability(pressure))
        d = float(war.expected_duration(pressure))
        assert q / (q + w) == pytest.approx(p, rel=1e-12)
        assert 1 / (q + w) == pytest.approx(d / battles, rel=1e-12)
    assert m.cost_a == pytest.approx(0.004 * battles)
    assert m.cost_b == pytest.approx(0.006 * battles)
    # the model it builds is a valid model whose outcome probabilities add up
    path = m.path()
    total = (
        path.settlement_by_period.sum()
        + path.collapse_by_period.sum()
        + path.b_wins_by_period.sum()
        + path.imposed
    )
    assert total == pytest.approx(1.0, abs=1e-12)


def test_same_front_lengths_always_order_the_types() -> None:
    """With equal start and n, the weak type's walk is never refused."""
    for q_strong, q_weak in ((0.3, 0.3), (0.3, 0.5), (0.45, 0.7), (0.5, 0.6)):
        strong = RandomWalkWar(q=q_strong, start=3, n=7)
        weak = RandomWalkWar(q=q_weak, start=3, n=7)
        m = FightingAndLearning.from_random_walk(strong, weak, prior_strong=0.5)
        assert m.q_strong <= m.q_weak + 1e-15
        assert m.win_strong >= m.win_weak - 1e-15


def test_pressure_on_the_battle_odds_shrinks_the_offer_and_helps_a() -> None:
    strong = RandomWalkWar(
        q=0.45, start=3, n=6, cost_per_battle_a=0.005, cost_per_battle_b=0.005, step_shift=0.1
    )
    weak = RandomWalkWar(q=0.6, start=3, n=6, step_shift=0.1)
    offers, a_values = [], []
    for pressure in np.linspace(0.0, 1.0, 11):
        path = FightingAndLearning.from_random_walk(
            strong, weak, prior_strong=0.2, horizon=12, pressure=float(pressure)
        ).path()
        offers.append(path.offers[0])
        a_values.append(path.values[0])
    assert np.all(np.diff(offers) < 0)
    assert np.all(np.diff(a_values) > 0)


def test_known_strong_b_means_no_war_whatever_the_fronts() -> None:
    """No private information: A pools at once (Fearon 1995)."""
    strong = RandomWalkWar(q=0.4, start=3, n=6, cost_per_battle_a=0.01, cost_per_battle_b=0.01)
    weak = RandomWalkWar(q=0.7, start=3, n=6)
    m = FightingAndLearning.from_random_walk(strong, weak, prior_strong=1.0)
    assert m.path().move == ("pool",)
    assert math.isclose(m.path().war_probability, 0.0)


def test_bad_fronts_are_refused_clearly() -> None:
    strong = RandomWalkWar(q=0.6, start=3, n=6)
    weak = RandomWalkWar(q=0.4, start=3, n=6)
    with pytest.raises(InvalidArgumentError, match="no better against the strong"):
        FightingAndLearning.from_random_walk(strong, weak, prior_strong=0.5)
    with pytest.raises(InvalidArgumentError, match="must be a RandomWalkWar"):
        FightingAndLearning.from_random_walk(strong, "weak", prior_strong=0.5)  # type: ignore[arg-type]
    ended = RandomWalkWar(q=0.4, start=0, n=6)
    with pytest.raises(InvalidArgumentError, match="must not have ended"):
        FightingAndLearning.from_random_walk(ended, weak, prior_strong=0.5)
    short = RandomWalkWar(q=0.4, start=1, n=2)
    with pytest.raises(InvalidArgumentError, match="battles_per_period"):
        FightingAndLearning.from_random_walk(short, short, prior_strong=0.5)
    with pytest.raises(InvalidArgumentError, match="battles_per_period"):
        FightingAndLearning.from_random_walk(weak, weak, prior_strong=0.5, battles_per_period=0.0)
    vector = RandomWalkWar(q=[0.4, 0.5], start=3, n=6)
    with pytest.raises(InvalidArgumentError, match="scalar"):
        FightingAndLearning.from_random_walk(vector, weak, prior_strong=0.5)
