"""Bargaining while fighting with battlefield learning: Bayes, incentives, known answers."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mediation_sim as ms
from mediation_sim.models import FightingAndLearning

probs = st.floats(0.0, 0.3)


def models():
    return st.builds(
        lambda mu, qs, dq, ws, dw, ca, cb, d, z, h: FightingAndLearning(
            prior_strong=mu,
            q_strong=qs,
            q_weak=qs + dq,
            win_strong=ws + dw,
            win_weak=ws,
            cost_a=ca,
            cost_b=cb,
            delta=d,
            final_share=z,
            horizon=h,
        ),
        st.floats(0.0, 1.0),
        probs,
        probs,
        probs,
        probs,
        st.floats(0.0, 0.1),
        st.floats(0.0, 0.1),
        st.floats(0.5, 0.95),
        st.floats(0.0, 1.0),
        st.integers(1, 12),
    )


@settings(max_examples=60)
@given(models())
def test_outcome_probabilities_add_up(m: FightingAndLearning) -> None:
    p = m.path()
    total = (
        p.settlement_by_period.sum() + p.collapse_by_period.sum() + p.b_wins_by_period.sum()
    ) + p.imposed
    assert total == pytest.approx(1.0)
    offers = p.offers[np.isfinite(p.offers)]
    assert ((offers >= 0) & (offers <= 1)).all()


@settings(max_examples=60)
@given(models())
def test_beliefs_follow_bayes_rule(m: FightingAndLearning) -> None:
    mu = m.beliefs()
    go_s = 1 - m.q_strong - m.win_strong
    go_w = 1 - m.q_weak - m.win_weak
    for k in range(len(mu) - 1):
        s, w = mu[k] * go_s, (1 - mu[k]) * go_w
        if s + w > 0:
            assert mu[k + 1] == pytest.approx(s / (s + w), abs=1e-12)


@settings(max_examples=60)
@given(models())
def test_types_respond_optimally_to_offers(m: FightingAndLearning) -> None:
    sol = m._solve(0.0)
    cap = sol["cap"]
    for t in range(m.horizon):
        for k in range(t + 1):
            move = int(sol["move"][t, k])
            rej_s, rej_w = sol["rej_s"][t], sol["rej_w"][t]
            if move == 0:  # both accept the pooling offer
                offer = min(max(rej_s, rej_w, 0.0), cap)
                assert offer >= rej_s - 1e-12
                assert offer >= rej_w - 1e-12
            elif move == 1:  # weak accepts, strong weakly prefers to fight on
                offer = min(max(rej_w, 0.0), cap)
                assert offer >= rej_w - 1e-12
                assert rej_s >= offer - 1e-12
            else:  # both prefer fighting to an offer of nothing
                assert sol["vs"][t, k] >= 0
                assert sol["vw"][t, k] >= 0


@pytest.mark.parametrize("prior", [0.0, 1.0])
def test_complete_information_means_no_war(prior: float) -> None:
    m = FightingAndLearning(prior, 0.02, 0.4, 0.01, 0.01, win_strong=0.2, horizon=10)
    p = m.path()
    assert p.move == ("pool",)
    assert p.war_probability == 0.0


def test_identical_types_teach_nothing() -> None:
    m = FightingAndLearning(0.3, 0.1, 0.1, 0.01, 0.01, win_strong=0.1, win_weak=0.1)
    np.testing.assert_allclose(m.beliefs(), 0.3)


def test_known_answer_learning_then_screening() -> None:
    m = FightingAndLearning(0.2, 0.02, 0.4, 0.01, 0.01, win_strong=0.2, horizon=15, leverage=0.3)
    p = m.path()
    assert p.move == ("fight", "fight", "fight", "fight", "screen")
    assert (np.diff(p.belief[:5]) > 0).all()
    assert p.settlement_by_period[4] > 0
    assert m.path(pressure=1.0).move == ("screen",)
    assert "war_probability" in repr(p)
    assert p.to_dict()["move"][-1] == "screen"


def test_bad_input() -> None:
    with pytest.raises(ms.InvalidArgumentError, match="q_strong <= q_weak"):
        FightingAndLearning(0.5, 0.3, 0.1, 0.01, 0.01)
    with pytest.raises(ms.InvalidArgumentError, match="undecided"):
        FightingAndLearning(0.5, 0.5, 0.6, 0.01, 0.01, win_strong=0.5, win_weak=0.5)
    with pytest.raises(ms.InvalidArgumentError, match="win_strong >= win_weak"):
        FightingAndLearning(0.5, 0.1, 0.2, 0.01, 0.01, win_weak=0.1)
    with pytest.raises(ms.InvalidArgumentError, match="horizon"):
        FightingAndLearning(0.5, 0.1, 0.2, 0.01, 0.01, horizon=0)
    with pytest.raises(ms.InvalidArgumentError, match="prior_strong"):
        FightingAndLearning(1.5, 0.1, 0.2, 0.01, 0.01)
