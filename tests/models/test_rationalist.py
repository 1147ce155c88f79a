"""Tests for the rationalist bargaining model: range, Nash share, pressure and critical pressure."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mediation_sim as ms
from mediation_sim.models import RationalistModel, rationalist
from mediation_sim.solvers import nash_bargaining

probs = st.floats(0.0, 1.0)
costs = st.floats(0.0, 0.5)
levers = st.floats(0.01, 2.0)
#: odds shifts: none, or large enough for "beyond the window" to be a representable pressure
shifts = st.one_of(st.just(0.0), st.floats(1e-6, 1.0))
weights = st.floats(0.05, 0.95)


@pytest.mark.parametrize(
    ("p", "c_a", "c_b", "low", "high"),
    [
        pytest.param(0.5, 0.1, 0.1, 0.4, 0.6, id="fearon_1995-symmetric"),
        pytest.param(0.6, 0.1, 0.15, 0.5, 0.75, id="asymmetric_costs"),
        pytest.param(0.95, 0.02, 0.2, 0.93, 1.0, id="clipped_at_one"),
        pytest.param(0.05, 0.2, 0.02, 0.0, 0.07, id="clipped_at_zero"),
        pytest.param(0.3, 0.0, 0.0, 0.3, 0.3, id="costless_war_single_point"),
    ],
)
def test_bargaining_range_known_answers(
    p: float, c_a: float, c_b: float, low: float, high: float
) -> None:
    # Fearon (1995), pp. 386-390: A accepts x >= p - c_A, B accepts x <= p + c_B
    got = rationalist.bargaining_range(p, c_a, c_b)
    assert got == pytest.approx((low, high))
    unclipped = rationalist.bargaining_range(p, c_a, c_b, clip=False)
    assert unclipped == pytest.approx((p - c_a, p + c_b))


@given(probs, costs, costs)
def test_war_destroys_value_and_the_range_is_never_empty(p: float, c_a: float, c_b: float) -> None:
    wa, wb = rationalist.war_payoffs(p, c_a, c_b)
    assert wa + wb == pytest.approx(1 - c_a - c_b)
    low, high = rationalist.bargaining_range(p, c_a, c_b)
    assert low <= high
    # every share in the range is weakly preferred to war by both sides
    for x in np.linspace(low, high, 7):
        assert x >= wa - 1e-12
        assert 1 - x >= wb - 1e-12


@given(probs, costs, costs, weights)
def test_nash_share_has_the_closed_form_and_lies_in_the_range(
    p: float, c_a: float, c_b: float, w: float
) -> None:
    share = rationalist.nash_bargaining_share(p, c_a, c_b, weight_a=w)
    assert share == pytest.approx(np.clip(p - c_a + w * (c_a + c_b), 0, 1))
    low, high = rationalist.bargaining_range(p, c_a, c_b)
    assert low - 1e-12 <= share <= high + 1e-12


@given(probs, costs, costs, weights, st.floats(0, 1), levers)
def test_nash_share_agrees_with_the_general_solver(
    p: float, c_a: float, c_b: float, w: float, pressure: float, leverage: float
) -> None:
    model = RationalistModel(p, c_a, c_b, leverage=leverage, weight_a=w)
    wa, wb = model.war_payoffs(pressure)
    if wa >= 1 or wb >= 1 or wa + wb >= 1 - 1e-9:
        return  # costless war leaves nothing to bargain over
    problem = model.bargaining_problem(pressure)
    solution = nash_bargaining(problem, weights=(w, 1 - w))
    assert solution.point[0] == pytest.approx(model.nash_share(pressure), abs=1e-9)


@given(st.floats(0.05, 0.95), costs, costs, st.floats(0.0, 0.3))
def test_symmetric_nash_share_moves_by_half_of_a_cost_increase(
    p: float, c_a: float, c_b: float, rise: float
) -> None:
    before = rationalist.nash_bargaining_share(p, c_a, c_b)
    after = rationalist.nash_bargaining_share(p, c_a, c_b + rise)
    unclipped = p + (c_b - c_a) / 2
    if unclipped >= 0 and unclipped + rise / 2 <= 1:
        assert after - before == pytest.approx(rise / 2)
    # the same rise through pressure
    pressed = rationalist.nash_bargaining_share(p, c_a, c_b, pressure=rise, leverage=1.0)
    assert pressed == pytest.approx(after)


@pytest.mark.parametrize(
    ("x", "p", "c_a", "c_b", "leverage", "expected"),
    [
        pytest.param(1.0, 0.6, 0.1, 0.15, 0.5, 0.5, id="withdrawal-(1-0.75)/0.5"),
        pytest.param(0.7, 0.6, 0.1, 0.15, 0.5, 0.0, id="already_in_range"),
        pytest.param(1.0, 0.6, 0.1, 0.15, 0.0, np.inf, id="no_leverage"),
        pytest.param(0.9, 0.4, 0.05, 0.1, 2.0, 0.2, id="design_formula-(x-p-c_B)/leverage"),
    ],
)
def test_critical_pressure_closed_form(
    x: float, p: float, c_a: float, c_b: float, leverage: float, expected: float
) -> None:
    assert rationalist.critical_pressure(x, p, c_a, c_b, leverage=leverage) == pytest.approx(
        expected
    )


@given(st.floats(0.0, 1.0), probs, costs, costs, levers, shifts)
def test_critical_pressure_is_where_the_settlement_enters_the_range(
    x: float, p: float, c_a: float, c_b: float, leverage: float, odds_shift: float
) -> None:
    kw = {"leverage": leverage, "odds_shift": odds_shift}
    crit = rationalist.critical_pressure(x, p, c_a, c_b, **kw)
    low, high = rationalist.pressure_window(x, p, c_a, c_b, **kw)
    if np.isinf(crit):
        assert low > high
        for pi in (0.0, 0.5, 5.0, 50.0):
            assert not rationalist.settlement_acceptable(x, p, c_a, c_b, pressure=pi, **kw)
        return
    assert crit == low
    scale = 1e-9 * max(1.0, crit)
    assert rationalist.settlement_acceptable(x, p, c_a, c_b, pressure=crit + scale, **kw) or (
        high < crit + scale
    )
    if crit > 1e-9:
        assert not rationalist.settlement_acceptable(
            x, p, c_a, c_b, pressure=crit * (1 - 1e-6), **kw
        )
    if np.isfinite(high) and high > crit + 1e-6:
        mid = (crit + high) / 2
        assert rationalist.settlement_acceptable(x, p, c_a, c_b, pressure=mid, **kw)
        beyond = high + max(1e-6 * max(1.0, high), 1e-8 / odds_shift)  # odds_shift > 0 here
        assert not rationalist.settlement_acceptable(x, p, c_a, c_b, pressure=beyond, **kw)


@given(st.floats(0.0, 1.0), probs, costs, costs, levers, shifts, weights)
def test_nash_rule_critical_pressure(
    x: float, p: float, c_a: float, c_b: float, leverage: float, odds_shift: float, w: float
) -> None:
    kw = {"leverage": leverage, "odds_shift": odds_shift, "weight_a": w}
    crit = rationalist.critical_pressure(x, p, c_a, c_b, rule="nash", **kw)
    share = rationalist.nash_bargaining_share
    assert np.isfinite(crit)  # leverage > 0: the Nash share reaches 1 eventually
    at = share(p, c_a, c_b, pressure=crit, weight_a=w, leverage=leverage, odds_shift=odds_shift)
    assert at >= x - 1e-9
    if crit > 1e-9:
        before = share(
            p,
            c_a,
            c_b,
            pressure=crit * (1 - 1e-6),
            weight_a=w,
            leverage=leverage,
            odds_shift=odds_shift,
        )
        assert before < x


@given(st.floats(0.0, 1.0), st.floats(0.0, 0.9), st.floats(0.0, 0.9), costs, costs, levers)
def test_a_stronger_side_a_needs_less_pressure(
    t: float, p1: float, p2: float, c_a: float, c_b: float, leverage: float
) -> None:
    # DESIGN: a counter-offensive that raises p lowers the critical pressure (for settlements
    # A accepts at either strength, such as a full withdrawal x = 1)
    lo_p, hi_p = sorted((p1, p2))
    x = hi_p + t * (1 - hi_p)
    assert rationalist.critical_pressure(x, hi_p, c_a, c_b, leverage=leverage) <= (
        rationalist.critical_pressure(x, lo_p, c_a, c_b, leverage=leverage)
    )
    # and so do more leverage and a costlier war for B
    assert rationalist.critical_pressure(x, lo_p, c_a, c_b, leverage=2 * leverage) <= (
        rationalist.critical_pressure(x, lo_p, c_a, c_b, leverage=leverage)
    )
    assert rationalist.critical_pressure(x, lo_p, c_a, c_b + 0.1, leverage=leverage) <= (
        rationalist.critical_pressure(x, lo_p, c_a, c_b, leverage=leverage)
    )


def test_vectorised_over_every_parameter() -> None:
    rng = np.random.default_rng(0)
    p = rng.uniform(0, 1, size=(4, 1))
    c_b = rng.uniform(0, 0.3, size=(1, 5))
    crit = rationalist.critical_pressure(1.0, p, 0.1, c_b, leverage=0.5)
    assert crit.shape == (4, 5)
    np.testing.assert_allclose(crit, np.maximum(0, (1 - p - c_b) / 0.5))
    low, high = rationalist.bargaining_range(p, 0.1, c_b, pressure=np.linspace(0, 1, 5))
    assert low.shape == high.shape == (4, 5)
    assert isinstance(rationalist.critical_pressure(1.0, 0.5, 0.1, 0.1), float)
    mask = rationalist.settlement_acceptable(1.0, p, 0.1, c_b, pressure=1.0, leverage=0.5)
    assert mask.dtype == bool
    assert mask.shape == (4, 5)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"p": 1.5}, r"bargaining_range\(\): p must be finite and lie in \[0, 1\]; got 1\.5$"),
        ({"cost_a": -0.1}, r"cost_a must be finite and lie in \[0, inf\]"),
        ({"cost_b": np.array([0.1, np.nan])}, r"cost_b must be finite.*1 of 2 entries"),
        ({"pressure": -1}, "pressure must be"),
        ({"leverage": "x"}, "leverage must be a number"),
        (
            {"p": np.full(3, 0.5), "cost_b": np.full(4, 0.1)},
            (
                r"bargaining_range\(\): the shapes .* do not broadcast.*p \(3,\), cost_a \(\), "
                r"cost_b \(4,\)"
            ),
        ),
    ],
)
def test_invalid_parameters_name_function_and_argument(
    kwargs: dict[str, object], match: str
) -> None:
    args = {"p": 0.5, "cost_a": 0.1, "cost_b": 0.1} | kwargs
    with pytest.raises(ms.InvalidArgumentError, match=match):
        rationalist.bargaining_range(
            args.pop("p"),
            args.pop("cost_a"),
            args.pop("cost_b"),
            **args,  # type: ignore[arg-type]
        )


def test_model_object() -> None:
    model = RationalistModel(0.6, 0.1, 0.15, leverage=0.5, odds_shift=0.1, sides=("kyiv", "moscow"))
    state = model.at(0.2)
    assert state.p == pytest.approx(0.62)
    assert state.cost_b == pytest.approx(0.25)
    assert (state.range_low, state.range_high) == pytest.approx((0.52, 0.87))
    assert state.nash_share == pytest.approx(0.52 + 0.5 * 0.35)
    json.dumps(state.to_dict())
    json.dumps(model.to_dict())
    assert "RationalistModel(p=0.6" in repr(model)
    assert "range=[0.52, 0.87]" in repr(state)
    assert model.critical_pressure(1.0) == pytest.approx(0.25 / 0.6)
    assert model.bargaining_problem(0.2).players == ("kyiv", "moscow")
    arrays = RationalistModel(np.array([0.4, 0.6]), 0.1, 0.15)
    assert arrays.at([0.0, 1.0]).range_high.tolist() == pytest.approx([0.55, 1.0])
    with pytest.raises(ms.InvalidArgumentError, match="scalar parameters"):
        arrays.bargaining_problem()
    with pytest.raises(ms.InvalidArgumentError, match="sides must be two distinct"):
        RationalistModel(0.5, 0.1, 0.1, sides=("a", "a"))
    with pytest.raises(ms.InvalidArgumentError, match="weight_a"):
        RationalistModel(0.5, 0.1, 0.1, weight_a=1.0)
    with pytest.raises(ms.InvalidArgumentError, match="rule must be"):
        model.critical_pressure(1.0, rule="kalai")  # type: ignore[arg-type]
