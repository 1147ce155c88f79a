"""A biased mediator's credibility (after Kydd 2003): the band of biases, checked directly."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mediation_sim as ms
from mediation_sim.models import BiasedMediatorModel

BASE = {
    "prior_resolved": 0.5,
    "concession": 0.4,
    "victory": 0.7,
    "p": 0.5,
    "cost_a": 0.2,
    "cost_b": 0.2,
}


def test_band_by_hand():
    """e = 0.2, k = 0.1, w_A = w_B = 0.3.

    Standing firm: 0.8 * (0.7 b + 0.3 (1 - b)) = 0.24 + 0.32 b, plus the war
    term 0.2 * (0.3 - 0.1) = 0.04; conceding: 0.4 b + 0.6 (1 - b) = 0.6 - 0.2 b.
    So f_I(b) = 0.52 b - 0.32, with root 0.32 / 0.52; the resolved-state
    condition holds for every b (peace beats war for both sides).
    """
    m = BiasedMediatorModel(**BASE, escalation=0.2, mediator_war_cost=0.1)
    band = m.credibility_band()
    assert band.lower == pytest.approx(0.32 / 0.52)
    assert band.upper == pytest.approx(1.0)
    assert band.informative
    # value of advice: informed r*x + (1-r)*firm = 0.5*0.4 + 0.5*(0.8*0.7+0.2*0.3) = 0.51;
    # uninformed: max(0.4, 0.5*0.3 + 0.5*0.62) = 0.46
    assert band.value_of_advice == pytest.approx(0.05)


def test_impartial_mediator_who_fears_escalation_is_not_credible():
    """Kydd's point: with any escalation risk, bias 1/2 fails; only favouring A works."""
    for e in (0.05, 0.15, 0.3):
        m = BiasedMediatorModel(**BASE, escalation=e)
        band = m.credibility_band()
        assert not band.contains(0.5)
        assert band.lower > 0.5
        assert not m.truthful_is_equilibrium(0.5)
    # with e = 0.9 standing firm is not worth it even against an irresolute B
    assert not BiasedMediatorModel(**BASE, escalation=0.9).credibility_band().informative


def test_without_escalation_impartial_mediator_is_just_credible():
    m = BiasedMediatorModel(**BASE)
    assert m.credibility_band().lower == pytest.approx(0.5)


def test_uninformative_when_advice_cannot_change_the_decision():
    m = BiasedMediatorModel(**{**BASE, "concession": 0.05})  # A fights even a resolved B
    band = m.credibility_band()
    assert not band.informative
    assert band.empty
    assert band.to_dict()["lower"] is None


@settings(max_examples=40, deadline=None)
@given(
    st.floats(0.05, 0.95),
    st.floats(0.0, 1.0),
    st.floats(0.0, 0.5),
    st.floats(0.0, 1.0),
)
def test_band_agrees_with_the_direct_check(r: float, e: float, k: float, bias: float):
    m = BiasedMediatorModel(**{**BASE, "prior_resolved": r}, escalation=e, mediator_war_cost=k)
    band = m.credibility_band()
    direct = m.truthful_is_equilibrium(bias)
    if min(abs(bias - band.lower), abs(bias - band.upper)) > 1e-9 or band.empty:
        assert band.contains(bias) == direct


@settings(max_examples=30, deadline=None)
@given(st.floats(0.0, 0.9), st.floats(0.0, 0.9))
def test_more_escalation_risk_demands_more_bias(e1: float, e2: float):
    lo, hi = sorted((e1, e2))
    a = BiasedMediatorModel(**BASE, escalation=lo, mediator_war_cost=0.1).credibility_band()
    b = BiasedMediatorModel(**BASE, escalation=hi, mediator_war_cost=0.1).credibility_band()
    if not a.empty and not b.empty:
        assert a.lower <= b.lower + 1e-12
    assert np.isfinite(a.value_of_advice)


def test_bad_parameters():
    with pytest.raises(ms.MediationSimError, match="victory must exceed"):
        BiasedMediatorModel(**{**BASE, "victory": 0.3})
    with pytest.raises(ms.MediationSimError, match="prior_resolved"):
        BiasedMediatorModel(**{**BASE, "prior_resolved": 1.0})
