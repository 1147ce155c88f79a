"""Tests for the random-walk war: Feller's closed forms, recurrences, Monte Carlo, pressure."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mediation_sim as ms
from mediation_sim.models import RandomWalkWar, battlefield


@st.composite
def walks(draw: st.DrawFn) -> tuple[float, int, int]:
    n = draw(st.integers(1, 40))
    k = draw(st.integers(0, n))
    q = draw(st.one_of(st.floats(0.0, 1.0), st.floats(0.5 - 1e-6, 0.5 + 1e-6)))
    return q, k, n


def by_recurrence(q: float, k: int, n: int) -> tuple[float, float]:
    """Solve P_j = q P_{j+1} + (1-q) P_{j-1} and D_j = 1 + q D_{j+1} + (1-q) D_{j-1} directly."""
    if k in (0, n):
        return float(k == n), 0.0
    m = n - 1  # interior states 1..n-1
    a = np.eye(m)
    for j in range(m):
        if j + 1 < m:
            a[j, j + 1] -= q
        if j - 1 >= 0:
            a[j, j - 1] -= 1 - q
    b_p = np.zeros(m)
    b_p[-1] = q  # from state n - 1 a win ends the war with victory
    b_d = np.ones(m)
    p = np.linalg.solve(a, b_p)
    d = np.linalg.solve(a, b_d)
    return float(p[k - 1]), float(d[k - 1])


@pytest.mark.parametrize(
    ("q", "k", "n", "p_win", "duration"),
    [
        pytest.param(0.5, 3, 10, 0.3, 21.0, id="feller-fair_walk-k_over_n-k_times_n_minus_k"),
        pytest.param(0.6, 5, 10, 1 / (1 + (2 / 3) ** 5), None, id="feller-biased"),
        pytest.param(1.0, 3, 10, 1.0, 7.0, id="sure_win"),
        pytest.param(0.0, 3, 10, 0.0, 3.0, id="sure_loss"),
        pytest.param(0.7, 0, 10, 0.0, 0.0, id="already_lost"),
        pytest.param(0.3, 10, 10, 1.0, 0.0, id="already_won"),
    ],
)
def test_known_values(q: float, k: int, n: int, p_win: float, duration: float | None) -> None:
    assert battlefield.victory_probability(q, k, n) == pytest.approx(p_win, abs=1e-15)
    if duration is not None:
        assert battlefield.expected_duration(q, k, n) == pytest.approx(duration, abs=1e-12)


@given(walks())
def test_closed_forms_solve_the_recurrences(walk: tuple[float, int, int]) -> None:
    q, k, n = walk
    if 0 < q < 1:
        p_ref, d_ref = by_recurrence(q, k, n)
    else:
        p_ref = float(k == n) if q == 0 else float(k > 0)
        d_ref = float(k if q == 0 else n - k) if 0 < k < n else 0.0
    assert battlefield.victory_probability(q, k, n) == pytest.approx(p_ref, abs=1e-9)
    assert battlefield.expected_duration(q, k, n) == pytest.approx(d_ref, rel=1e-7, abs=1e-7)


@given(walks())
def test_mirror_symmetry(walk: tuple[float, int, int]) -> None:
    # the war seen from B: q -> 1 - q, k -> n - k
    q, k, n = walk
    p = battlefield.victory_probability(q, k, n)
    assert battlefield.victory_probability(1 - q, n - k, n) == pytest.approx(1 - p, abs=1e-12)
    d = battlefield.expected_duration(q, k, n)
    assert battlefield.expected_duration(1 - q, n - k, n) == pytest.approx(d, rel=1e-9, abs=1e-9)


def test_accurate_near_one_half_and_for_long_fronts() -> None:
    qs = 0.5 + np.array([-1e-3, -1e-7, -1e-12, 0.0, 1e-12, 1e-7, 1e-3])
    d = battlefield.expected_duration(qs, 20, 50)
    reference = [by_recurrence(float(q), 20, 50)[1] for q in qs]
    np.testing.assert_allclose(d, reference, rtol=1e-9)
    assert np.abs(d[2:5] - 20 * 30).max() < 1e-6
    # continuity across the switch between the series and the direct form (|n log r| = 0.5)
    q_switch = 1 / (1 + np.exp(0.5 / 50))
    around = battlefield.expected_duration(q_switch + np.array([-1e-9, 1e-9]), 20, 50)
    assert around[0] == pytest.approx(around[1], rel=1e-6)
    # no overflow on a long front with a strong drift
    assert battlefield.victory_probability(0.9, 500, 2000) == pytest.approx(1.0)
    assert battlefield.expected_duration(0.9, 500, 2000) == pytest.approx(1500 / 0.8)
    assert battlefield.victory_probability(0.1, 1500, 2000) == pytest.approx(0.0, abs=1e-300)


@pytest.mark.parametrize(("q", "k", "n"), [(0.5, 4, 10), (0.55, 4, 10), (0.35, 7, 12)])
def test_monte_carlo_agrees(q: float, k: int, n: int) -> None:
    sim = battlefield.simulate(q, k, n, n_runs=20_000, rng=7)
    assert sim.n_unfinished == 0
    assert abs(sim.victory_rate - battlefield.victory_probability(q, k, n)) < 4 * sim.victory_se
    assert abs(sim.mean_duration - battlefield.expected_duration(q, k, n)) < 4 * sim.duration_se
    again = battlefield.simulate(q, k, n, n_runs=20_000, rng=7)
    assert again == sim
    json.dumps(sim.to_dict())
    assert "victory_rate=" in repr(sim)


def test_pressure_and_critical_pressure() -> None:
    p = battlefield.victory_probability(0.45, 3, 10, pressure=np.linspace(0, 1, 11), step_shift=0.1)
    assert (np.diff(p) > 0).all()
    crit = battlefield.critical_pressure(0.5, 0.45, 3, 10, step_shift=0.1)
    assert battlefield.victory_probability(0.45, 3, 10, pressure=crit, step_shift=0.1) == (
        pytest.approx(0.5, abs=1e-12)
    )
    assert battlefield.victory_probability(0.45, 3, 10) < 0.2
    assert battlefield.critical_pressure(0.1, 0.45, 3, 10, step_shift=0.1) == 0.0
    assert np.isinf(battlefield.critical_pressure(0.5, 0.45, 3, 10, step_shift=0.0))
    assert np.isinf(battlefield.critical_pressure(0.5, 0.45, 0, 10, step_shift=0.1))
    many = battlefield.critical_pressure([0.4, 0.6, 0.8], 0.45, 3, 10, step_shift=0.1)
    assert (np.diff(many) > 0).all()


@given(st.floats(0.01, 0.99), st.floats(0.0, 1.0), st.integers(1, 15), st.integers(1, 15))
def test_critical_pressure_property(target: float, q: float, k: int, extra: int) -> None:
    n = k + extra
    crit = battlefield.critical_pressure(target, q, k, n, step_shift=0.2)
    assert np.isfinite(crit)
    reached = battlefield.victory_probability(q, k, n, pressure=crit, step_shift=0.2)
    assert reached >= target - 1e-9
    if crit > 1e-9:
        below = battlefield.victory_probability(q, k, n, pressure=crit * (1 - 1e-6), step_shift=0.2)
        assert below < target


def test_model_object_and_errors() -> None:
    war = RandomWalkWar(
        0.5, 5, 10, cost_per_battle_a=0.004, cost_per_battle_b=0.006, step_shift=0.05
    )
    assert war.war_costs() == pytest.approx((0.1, 0.15))
    model = war.rationalist(pressure=0.0, leverage=0.2)
    assert model.critical_pressure(1.0) == pytest.approx((1 - 0.5 - 0.15) / 0.2)
    pressed = war.rationalist(pressure=1.0)
    assert pressed.p > 0.5
    assert war.critical_pressure(0.6) > 0
    json.dumps(war.to_dict())
    assert "RandomWalkWar(q=0.5" in repr(war)
    with pytest.raises(ms.InvalidArgumentError, match="start must lie between 0 and n"):
        battlefield.victory_probability(0.5, 11, 10)
    with pytest.raises(ms.InvalidArgumentError, match="whole numbers"):
        battlefield.expected_duration(0.5, 2.5, 10)
    with pytest.raises(ms.InvalidArgumentError, match=r"q must be finite and lie in \[0, 1\]"):
        RandomWalkWar(1.2, 1, 2)
    with pytest.raises(ms.InvalidArgumentError, match="scalars"):
        battlefield.simulate([0.5, 0.6], 1, 2)  # type: ignore[arg-type]
