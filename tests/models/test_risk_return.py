"""Tests for the risk–return trade-off: closed form, numerical optimum, Monte Carlo, pressure."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mediation_sim as ms
from mediation_sim.models import RiskReturnModel, risk_return

probs = st.floats(0.0, 1.0)
costs = st.floats(0.0, 0.5)


@st.composite
def cost_bounds(draw: st.DrawFn) -> tuple[float, float]:
    lo = draw(st.floats(0.0, 0.4))
    return lo, lo + draw(st.floats(0.01, 0.6))


@pytest.mark.parametrize("c_a", [0.0, 0.05, 0.1, 0.3])
@pytest.mark.parametrize("hi", [0.4, 0.8])
def test_fearon_uniform_case_from_zero(c_a: float, hi: float) -> None:
    # c_B ~ U[0, hi]: demand p + (hi - c_A)/2, P(war) = (hi - c_A) / (2 hi) for c_A < hi
    p = 0.3
    sol = risk_return.optimal_demand(p, c_a, 0.0, hi)
    assert sol.demand == pytest.approx(p + (hi - c_a) / 2)
    assert sol.war_probability == pytest.approx((hi - c_a) / (2 * hi))
    assert sol.war_probability > 0  # war despite complete knowledge that it is costly


@given(probs, costs, cost_bounds(), st.floats(0, 1), st.floats(0, 1), st.floats(0, 0.5))
def test_closed_form_beats_every_other_demand(
    p: float,
    c_a: float,
    bounds: tuple[float, float],
    pressure: float,
    leverage: float,
    odds_shift: float,
) -> None:
    lo, hi = bounds
    kw = {"pressure": pressure, "leverage": leverage, "odds_shift": odds_shift}
    sol = risk_return.optimal_demand(p, c_a, lo, hi, **kw)
    grid = np.linspace(0, 1, 4001)
    utilities = risk_return.expected_utility(grid, p, c_a, lo, hi, **kw)
    assert sol.expected_utility >= utilities.max() - 1e-12
    assert sol.expected_utility == pytest.approx(
        risk_return.expected_utility(sol.demand, p, c_a, lo, hi, **kw)
    )
    accept = risk_return.acceptance_probability(sol.demand, p, lo, hi, **kw)
    assert sol.war_probability == pytest.approx(1 - accept)


@given(probs, costs, cost_bounds())
def test_numeric_optimum_matches_the_closed_form(
    p: float, c_a: float, bounds: tuple[float, float]
) -> None:
    lo, hi = bounds

    def cdf(c: np.ndarray) -> np.ndarray:
        return np.clip((c - lo) / (hi - lo), 0.0, 1.0)

    exact = risk_return.optimal_demand(p, c_a, lo, hi)
    numeric = risk_return.optimal_demand_numeric(p, c_a, cdf)
    assert numeric.expected_utility == pytest.approx(exact.expected_utility, abs=1e-9)
    assert numeric.demand == pytest.approx(exact.demand, abs=1e-6)


def test_numeric_optimum_for_a_skewed_distribution() -> None:
    # exponential costs with mean 0.2: the first-order condition of U is
    # 1 - F(y) - (y + c_A) f(y) = 0 with y = x - p, i.e. (y + c_A) = mean: y* = mean - c_A
    mean, c_a, p = 0.2, 0.05, 0.4

    def cdf(c: np.ndarray) -> np.ndarray:
        return np.where(c > 0, -np.expm1(-np.maximum(c, 0) / mean), 0.0)

    sol = risk_return.optimal_demand_numeric(p, c_a, cdf)
    assert sol.demand == pytest.approx(p + mean - c_a, abs=1e-7)
    assert sol.war_probability == pytest.approx(1 - np.exp(-(mean - c_a) / mean), abs=1e-7)
    vec = risk_return.optimal_demand_numeric([0.2, 0.4], c_a, cdf, pressure=[0.0, 0.1])
    assert vec.demand.shape == (2,)


def test_monte_carlo_war_frequency() -> None:
    p, c_a, lo, hi = 0.45, 0.08, 0.05, 0.5
    sol = risk_return.optimal_demand(p, c_a, lo, hi)
    rng = np.random.default_rng(2024)
    c_b = rng.uniform(lo, hi, size=200_000)
    fights = (1 - p - c_b) > (1 - sol.demand)
    se = np.sqrt(sol.war_probability * (1 - sol.war_probability) / c_b.size)
    assert abs(fights.mean() - sol.war_probability) < 4 * se
    payoff = np.where(fights, p - c_a, sol.demand)
    assert abs(payoff.mean() - sol.expected_utility) < 4 * payoff.std() / np.sqrt(c_b.size)


@given(probs, costs, cost_bounds(), st.floats(0.01, 1), st.floats(0, 0.5))
def test_pressure_lowers_the_risk_of_war(
    p: float, c_a: float, bounds: tuple[float, float], leverage: float, odds_shift: float
) -> None:
    lo, hi = bounds
    pressures = np.linspace(0, 3, 31)
    war = risk_return.optimal_demand(
        p, c_a, lo, hi, pressure=pressures, leverage=leverage, odds_shift=odds_shift
    ).war_probability
    assert (np.diff(war) <= 1e-12).all()


@given(probs, costs, cost_bounds(), st.floats(0.01, 1), st.floats(0, 0.5), st.floats(0, 0.9))
def test_critical_pressure_meets_the_target(
    p: float,
    c_a: float,
    bounds: tuple[float, float],
    leverage: float,
    odds_shift: float,
    target: float,
) -> None:
    lo, hi = bounds
    kw = {"leverage": leverage, "odds_shift": odds_shift}
    crit = risk_return.critical_pressure(p, c_a, lo, hi, target=target, **kw)
    assert np.isfinite(crit)

    def war(pi: float) -> float:
        return risk_return.optimal_demand(p, c_a, lo, hi, pressure=pi, **kw).war_probability

    assert war(crit) <= target + 1e-9
    if crit > 1e-9:
        assert war(crit * (1 - 1e-6)) > target


def test_known_cost_means_no_war() -> None:
    sol = risk_return.optimal_demand(0.4, 0.1, 0.2, 0.2)
    assert sol.demand == pytest.approx(0.6)
    assert sol.war_probability == 0.0
    assert risk_return.critical_pressure(0.4, 0.1, 0.2, 0.2) == 0.0


def test_capped_demand() -> None:
    # A is strong and B's costs are high: A demands everything and still risks war
    sol = risk_return.optimal_demand(0.9, 0.0, 0.0, 0.6)
    assert sol.demand == 1.0
    assert sol.war_probability == pytest.approx(0.1 / 0.6)


def test_model_object_and_errors() -> None:
    model = RiskReturnModel(0.5, 0.1, 0.0, 0.4, leverage=0.5)
    assert model.war_probability(0.3) == pytest.approx(0.1875)
    assert model.critical_pressure(0.1) == pytest.approx(2 * (0.15 - 0.04) / 0.5)
    assert model.expected_utility(0.65) == pytest.approx(0.55625)
    assert model.acceptance_probability(0.65) == pytest.approx(0.625)
    json.dumps(model.to_dict())
    json.dumps(model.solve(np.array([0.0, 0.2])).to_dict())
    assert "cost_b~U[0, 0.4]" in repr(model)
    assert "RiskReturnSolution(demand=0.65" in repr(model.solve())
    with pytest.raises(ms.InvalidArgumentError, match="cost_b_low must not exceed"):
        RiskReturnModel(0.5, 0.1, 0.5, 0.4)
    with pytest.raises(ms.InvalidArgumentError, match=r"optimal_demand\(\): p must be"):
        risk_return.optimal_demand(2.0, 0.1, 0.0, 0.4)
    with pytest.raises(ms.InvalidArgumentError, match="cost_b_cdf must return values"):
        risk_return.optimal_demand_numeric(0.5, 0.1, lambda c: c * 10)
    with pytest.raises(ms.InvalidArgumentError, match="callable"):
        risk_return.optimal_demand_numeric(0.5, 0.1, 0.3)  # type: ignore[arg-type]
