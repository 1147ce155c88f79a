"""Hörner, Morelli and Squintani (2015): mediation reaches the arbitration optimum.

Tested against the paper's results: peace without communication iff the
strong type accepts an equal split; mediation (unenforceable, a
communication equilibrium) is as good as arbitration (enforceable); both do
at least as well as talk whose reports are disclosed, strictly better for
some parameters; the closed form agrees with the LP where it applies.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mediation_sim as ms
from mediation_sim.models import HMSModel

qs = st.floats(0.05, 0.95)
ps = st.floats(0.5, 1.0)
thetas = st.floats(0.05, 0.98)


def test_known_case_by_hand():
    """q = 1/2, p = 0.8, theta = 0.8: theta_bar = 1/1.3 < 0.8, pi_HH = 0.02 / 0.035 = 4/7."""
    m = HMSModel(q=0.5, p=0.8, theta=0.8)
    assert m.theta_bar == pytest.approx(1 / 1.3)
    assert not m.peace_without_communication
    assert m.closed_form_war_probability() == pytest.approx(0.25 * 4 / 7)
    arb = m.arbitration()
    assert arb.war_probability == pytest.approx(1 / 7, abs=1e-9)
    assert arb.war_by_types[0, 0] == pytest.approx(4 / 7, abs=1e-7)
    assert arb.war_by_types[1, 1] == pytest.approx(0.0, abs=1e-9)
    med = m.mediation()
    assert med.war_probability == pytest.approx(1 / 7, abs=1e-8)
    assert med.communication is not None
    assert med.communication.incentive_violations.max() <= 1e-8 * 1.0
    assert m.disclosed().war_probability > med.war_probability + 1e-3
    d = med.to_dict()
    assert d["institution"] == "mediation"
    assert set(d["war_by_types"]) == {"strong/strong", "strong/weak", "weak/strong", "weak/weak"}


@settings(max_examples=15, deadline=None)
@given(qs, ps, thetas)
def test_peace_without_communication_threshold(q: float, p: float, theta: float):
    m = HMSModel(q=q, p=p, theta=theta)
    arb = m.arbitration().war_probability
    if theta <= m.theta_bar - 1e-6:
        assert arb == pytest.approx(0.0, abs=1e-8)
    elif theta >= m.theta_bar + 1e-6:
        assert arb > 0.0


@settings(max_examples=15, deadline=None)
@given(qs, ps, thetas)
def test_mediation_equals_arbitration_and_beats_disclosure(q: float, p: float, theta: float):
    """The paper's central theorem, and confidentiality's value."""
    m = HMSModel(q=q, p=p, theta=theta)
    arb = m.arbitration().war_probability
    med = m.mediation().war_probability
    assert med == pytest.approx(arb, abs=1e-7)
    assert m.disclosed().war_probability >= arb - 1e-8
    closed = m.closed_form_war_probability()
    if closed is not None:
        assert arb == pytest.approx(closed, abs=1e-7)


@settings(max_examples=10, deadline=None)
@given(qs, ps, thetas, thetas)
def test_costlier_war_never_raises_war_probability(q: float, p: float, t1: float, t2: float):
    lo, hi = sorted((t1, t2))
    a = HMSModel(q=q, p=p, theta=lo).arbitration().war_probability
    b = HMSModel(q=q, p=p, theta=hi).arbitration().war_probability
    assert a <= b + 1e-8


def test_bayesian_game_is_the_accept_or_fight_game():
    g = HMSModel(q=0.3, p=0.9, theta=0.9).bayesian_game()
    assert g.players == ("player1", "player2", "split")
    assert g.n_actions == (2, 2, 2)
    # both accept, split all_to_1: player 1 gets everything
    assert g.payoffs[0][0, 1, 0, 0, 0, 1] == 1.0
    # a strong player 1 who fights a weak player 2 expects p * theta
    assert g.payoffs[0][0, 1, 0, 1, 0, 0] == pytest.approx(0.81)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"q": 0.0, "p": 0.8, "theta": 0.5}, "strictly"),
        ({"q": 0.5, "p": 0.3, "theta": 0.5}, "p must lie"),
        ({"q": 0.5, "p": 0.8, "theta": 1.5}, "theta must lie"),
        ({"q": "x", "p": 0.8, "theta": 0.5}, "q must be a number"),
    ],
)
def test_bad_parameters(kwargs: dict[str, object], match: str):
    with pytest.raises(ms.MediationSimError, match=match):
        HMSModel(**kwargs)  # type: ignore[arg-type]


def test_disclosure_can_cause_war_where_silence_keeps_peace():
    """Revealing a weak opponent to a strong player breaks the equal split (HMS's intuition)."""
    m = HMSModel(q=0.75, p=1.0, theta=0.75)
    assert m.peace_without_communication
    assert m.disclosed().war_probability > 0.1
    assert m.mediation().war_probability == pytest.approx(0.0, abs=1e-8)


def test_compare_orders_institutions():
    out = HMSModel(q=0.7, p=0.9, theta=0.9).compare()
    assert out["arbitration"] == pytest.approx(out["mediation"], abs=1e-7)
    assert out["disclosed"] >= out["mediation"] - 1e-9
    assert np.isfinite(list(out.values())).all()
