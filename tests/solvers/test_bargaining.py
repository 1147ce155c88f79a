"""Tests for bargaining solutions: Nash, Kalai–Smorodinsky, Rubinstein, finite-horizon offers."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mediation_sim as ms
from mediation_sim.games import BargainingProblem
from mediation_sim.solvers import (
    alternating_offers,
    kalai_smorodinsky,
    nash_bargaining,
    rubinstein,
    subgame_regrets,
)

shares = st.floats(-0.45, 0.45, allow_subnormal=False)
weights = st.floats(0.05, 20.0)

#: Utilities on a grid of 1/64 in [-5, 5]: exact in binary, so hull tests are not about rounding
coordinates = st.integers(-320, 320).map(lambda k: k / 64)


# ---------------------------------------------------------------------- Nash bargaining


@given(shares, shares, weights, weights, st.floats(1.0, 10))
def test_nash_solution_of_a_pie_has_the_closed_form(
    d1: float, d2: float, w1: float, w2: float, total: float
) -> None:
    # u_i = d_i + w_i (S - d1 - d2) with normalised weights (Roth 1979, asymmetric NBS)
    problem = BargainingProblem.divide_the_pie(total, (d1, d2))
    sol = nash_bargaining(problem, weights=(w1, w2))
    surplus = total - d1 - d2
    expected = np.array([d1, d2]) + np.array([w1, w2]) / (w1 + w2) * surplus
    expected = np.clip(expected, [max(d1, 0), max(d2, 0)], total)
    if (np.array([d1, d2]) >= 0).all():
        np.testing.assert_allclose(sol.point, expected, atol=1e-12)
    assert sol.point.sum() == pytest.approx(total)
    assert (sol.gains > 0).all()


@pytest.mark.parametrize("w1", [0.5, 0.2, 0.9])
def test_nash_solution_on_the_quarter_circle(w1: float) -> None:
    # maximise w1 log u + w2 log sqrt(1 - u^2): u1 = sqrt(w1) for normalised weights
    problem = BargainingProblem(lambda u: np.sqrt(1 - u**2), domain=(0, 1))
    sol = nash_bargaining(problem, weights=(w1, 1 - w1))
    np.testing.assert_allclose(sol.point, [np.sqrt(w1), np.sqrt(1 - w1)], atol=1e-7)
    assert sol.solution == "nash"


@given(st.lists(st.tuples(coordinates, coordinates), min_size=2, max_size=8), weights, weights)
def test_polygon_closed_form_agrees_with_search_on_the_same_frontier(
    points: list[tuple[float, float]], w1: float, w2: float
) -> None:
    pts = np.array(points)
    d = pts.min(axis=0) - 1.0
    polygon = BargainingProblem(pts, d)
    front = polygon.frontier_points
    if len(front) < 2:
        return
    as_function = BargainingProblem(
        lambda u: np.interp(u, front[:, 0], front[:, 1]),
        d,
        domain=(front[0, 0], front[-1, 0]),
    )
    a = nash_bargaining(polygon, weights=(w1, w2))
    b = nash_bargaining(as_function, weights=(w1, w2))
    scale = np.abs(front).max() + 1
    assert a.nash_product >= b.nash_product * (1 - 1e-9)
    np.testing.assert_allclose(a.point, b.point, atol=1e-5 * scale)


@given(
    st.lists(st.tuples(coordinates, coordinates), min_size=2, max_size=8),
    st.floats(0.1, 10),
    st.floats(-5, 5),
    st.floats(0.1, 10),
    st.floats(-5, 5),
)
def test_nash_solution_is_invariant_to_affine_rescaling(
    points: list[tuple[float, float]], a1: float, b1: float, a2: float, b2: float
) -> None:
    pts = np.array(points)
    d = pts.min(axis=0) - 1.0
    scale = np.array([a1, a2])
    shift = np.array([b1, b2])
    sol = nash_bargaining(BargainingProblem(pts, d))
    moved = nash_bargaining(BargainingProblem(pts * scale + shift, d * scale + shift))
    np.testing.assert_allclose(moved.point, sol.point * scale + shift, atol=1e-9 * 50)


def test_symmetric_problems_have_symmetric_solutions() -> None:
    problem = BargainingProblem([[0, 3], [2, 2], [3, 0]], (0.5, 0.5))
    for sol in (nash_bargaining(problem), kalai_smorodinsky(problem)):
        assert sol.point[0] == pytest.approx(sol.point[1])
        assert sol.point[0] == pytest.approx(2.0)


def test_nash_point_moves_by_half_of_a_cost_increase() -> None:
    # war bargaining: d = (p - c_A, 1 - p - c_B); a rise in c_B moves A's share by half of it
    p, c_a, c_b = 0.6, 0.1, 0.15
    base = nash_bargaining(BargainingProblem.divide_the_pie(disagreement=(p - c_a, 1 - p - c_b)))
    for rise in (0.01, 0.05, 0.2):
        pressed = nash_bargaining(
            BargainingProblem.divide_the_pie(disagreement=(p - c_a, 1 - p - c_b - rise))
        )
        assert pressed.point[0] - base.point[0] == pytest.approx(rise / 2)
        assert p - c_a <= pressed.point[0] <= p + c_b + rise


def test_solver_arguments_are_checked() -> None:
    pie = BargainingProblem.divide_the_pie()
    with pytest.raises(ms.InvalidArgumentError, match="weights must be two positive"):
        nash_bargaining(pie, weights=(1, -1))
    with pytest.raises(ms.InvalidArgumentError, match="BargainingProblem"):
        nash_bargaining(ms.games.prisoners_dilemma())  # type: ignore[arg-type]
    with pytest.raises(ms.InvalidArgumentError, match="tol"):
        kalai_smorodinsky(pie, tol=-1)


def test_non_concave_frontier_is_caught_by_the_verification() -> None:
    # a plateau, a cliff, then a low plateau: the search climbs to the local maximum at u1 = 1,
    # and the grid check finds the better point at u1 = 0.3
    cliff = BargainingProblem(
        lambda u: np.interp(u, [0, 0.3, 0.35, 1], [1, 1, 0.2, 0.2]),
        domain=(0, 1),
        check_concave=False,
    )
    with pytest.raises(ms.SolverError, match="is the frontier concave"):
        nash_bargaining(cliff)


def test_solution_results() -> None:
    sol = nash_bargaining(BargainingProblem.divide_the_pie(disagreement=(0.2, 0.3)))
    assert repr(sol) == "BargainingSolution(nash, point=(0.45, 0.55))"
    data = json.loads(json.dumps(sol.to_dict()))
    assert data["point"] == pytest.approx({"1": 0.45, "2": 0.55})
    assert data["nash_product"] == pytest.approx(0.25)
    assert "<table>" in sol._repr_html_()


# ---------------------------------------------------------------------- Kalai-Smorodinsky


@given(shares, shares, st.floats(1.0, 10))
def test_kalai_smorodinsky_of_a_pie(d1: float, d2: float, total: float) -> None:
    # on u1 + u2 = S with d >= 0 the ideal point is (S - d2, S - d1), and the KS point splits
    # the surplus in proportion to the ideal gains, which are equal: so KS = symmetric Nash
    d1, d2 = abs(d1), abs(d2)
    problem = BargainingProblem.divide_the_pie(total, (d1, d2))
    ks = kalai_smorodinsky(problem)
    np.testing.assert_allclose(ks.point, nash_bargaining(problem).point, atol=1e-12)


def test_kalai_smorodinsky_differs_from_nash() -> None:
    # Kalai and Smorodinsky (1975): equal fractions of the ideal gains
    problem = BargainingProblem([[0, 1], [1, 0.5]])
    ks = kalai_smorodinsky(problem)
    np.testing.assert_allclose(ks.point, [2 / 3, 2 / 3], atol=1e-14)
    np.testing.assert_allclose(nash_bargaining(problem).point, [1.0, 0.5])
    circle = BargainingProblem(lambda u: np.sqrt(1 - u**2), (0.0, 0.5), domain=(0, 1))
    ideal = circle.ideal_point
    point = kalai_smorodinsky(circle).point
    ratios = (point - circle.disagreement) / (ideal - circle.disagreement)
    assert ratios[0] == pytest.approx(ratios[1], abs=1e-12)
    assert point[1] == pytest.approx(np.sqrt(1 - point[0] ** 2), abs=1e-12)


@given(st.lists(st.tuples(coordinates, coordinates), min_size=1, max_size=8))
def test_kalai_smorodinsky_is_on_the_frontier_and_the_ideal_line(
    points: list[tuple[float, float]],
) -> None:
    pts = np.array(points)
    d = pts.min(axis=0) - 1.0
    problem = BargainingProblem(pts, d)
    sol = kalai_smorodinsky(problem)
    ideal = problem.ideal_point
    ratios = sol.gains / (ideal - d)
    assert ratios[0] == pytest.approx(ratios[1], abs=1e-9)
    assert sol.point[1] == pytest.approx(problem.evaluate(sol.point[0]), abs=1e-9)


# ---------------------------------------------------------------------- Rubinstein


@pytest.mark.parametrize(
    ("d1", "d2", "proposer", "expected"),
    [
        pytest.param(0.9, 0.9, 0, (1 / 1.9, 0.9 / 1.9), id="equal_patience-1_over_1_plus_delta"),
        pytest.param(0.9, 0.8, 0, (0.2 / 0.28, 0.08 / 0.28), id="player_1_proposes"),
        pytest.param(0.9, 0.8, 1, (0.9 * 0.2 / 0.28, 0.1 / 0.28), id="player_2_proposes"),
        pytest.param(0.0, 0.5, 0, (0.5, 0.5), id="impatient_player_1"),
        pytest.param(0.5, 0.0, 0, (1.0, 0.0), id="ultimatum_when_2_is_impatient"),
    ],
)
def test_rubinstein_closed_form(
    d1: float, d2: float, proposer: int, expected: tuple[float, float]
) -> None:
    # Rubinstein (1982): the proposer keeps (1 - delta_other) / (1 - delta_1 delta_2)
    sol = rubinstein(d1, d2, proposer=proposer)
    np.testing.assert_allclose(sol.shares, expected, atol=1e-15)


def test_rubinstein_converges_to_the_asymmetric_nash_solution() -> None:
    # Binmore, Rubinstein and Wolinsky (1986): delta_i = exp(-r_i * dt), dt -> 0
    r1, r2 = 0.05, 0.2
    for dt in (1e-3, 1e-5):
        sol = rubinstein(np.exp(-r1 * dt), np.exp(-r2 * dt))
        assert sol.shares[0] == pytest.approx(r2 / (r1 + r2), abs=10 * dt)
    nash = nash_bargaining(BargainingProblem.divide_the_pie(), weights=(1 / r1, 1 / r2))
    assert nash.point[0] == pytest.approx(r2 / (r1 + r2))


def test_rubinstein_is_vectorised() -> None:
    deltas = np.linspace(0, 0.99, 7)
    sol = rubinstein(deltas, 0.9, pie=2.0)
    assert sol.shares[0].shape == (7,)
    np.testing.assert_allclose(sol.shares[0] + sol.shares[1], 2.0)
    np.testing.assert_allclose(sol.shares[0], 2 * 0.1 / (1 - 0.9 * deltas))
    # a more patient responder gets more
    assert (np.diff(rubinstein(0.9, deltas).shares[1]) > 0).all()
    assert "shape (7,)" in repr(sol)
    json.dumps(sol.to_dict())


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"delta_1": 1.0, "delta_2": 0.5}, r"delta_1 must lie in \[0, 1\)"),
        ({"delta_1": 0.5, "delta_2": -0.1}, "delta_2 must lie"),
        ({"delta_1": 0.5, "delta_2": 0.5, "proposer": 2}, "proposer must be 0 or 1"),
        ({"delta_1": 0.5, "delta_2": 0.5, "pie": 0}, "pie must be positive"),
    ],
)
def test_rubinstein_arguments(kwargs: dict[str, float], match: str) -> None:
    with pytest.raises(ms.InvalidArgumentError, match=match):
        rubinstein(**kwargs)  # type: ignore[arg-type]


# ---------------------------------------------------------------------- finite horizon


@pytest.mark.parametrize(("d1", "d2"), [(0.9, 0.8), (0.5, 0.95), (0.7, 0.7)])
def test_finite_horizon_closed_forms(d1: float, d2: float) -> None:
    # Ståhl (1972): one round: all to the proposer; two: 1 - d2; three: 1 - d2 (1 - d1)
    x = [float(alternating_offers(n, d1, d2).shares[0]) for n in (1, 2, 3, 4)]
    assert x[0] == 1.0
    assert x[1] == pytest.approx(1 - d2)
    assert x[2] == pytest.approx(1 - d2 * (1 - d1))
    assert x[3] == pytest.approx(1 - d2 * (1 - d1 * (1 - d2)))


@pytest.mark.parametrize("delta", [0.5, 0.9, 0.99])
def test_equal_discounting_closed_form(delta: float) -> None:
    for n in (1, 2, 5, 10, 51):
        share = alternating_offers(n, delta, delta).shares[0]
        assert share == pytest.approx((1 - (-delta) ** n) / (1 + delta))


@given(st.floats(0.0, 0.97), st.floats(0.0, 0.97), st.sampled_from([0, 1]))
def test_finite_horizon_converges_to_rubinstein(d1: float, d2: float, proposer: int) -> None:
    limit = rubinstein(d1, d2, proposer=proposer).shares[proposer]
    gaps = [alternating_offers(n, d1, d2, proposer=proposer).gap_to_limit for n in (2, 4, 8)]
    # the gap shrinks by delta_1 * delta_2 every two rounds
    rate = d1 * d2
    for k in range(2):
        assert gaps[k + 1] <= gaps[k] * rate ** (2 ** (k + 1) // 2) + 1e-12
    long = alternating_offers(2000, d1, d2, proposer=proposer)
    assert long.shares[proposer] == pytest.approx(limit, abs=1e-9)
    assert long.agreement_round == 0


@pytest.mark.parametrize("n_rounds", [1, 2, 3])
@pytest.mark.parametrize("grid", [4, 10])
@pytest.mark.parametrize(("d1", "d2", "proposer"), [(0.9, 0.8, 0), (0.6, 0.95, 1), (0.97, 0.97, 0)])
def test_tree_and_recursion_agree_on_the_grid(
    n_rounds: int, grid: int, d1: float, d2: float, proposer: int
) -> None:
    tree = alternating_offers(n_rounds, d1, d2, proposer=proposer, grid=grid, method="tree")
    rec = alternating_offers(n_rounds, d1, d2, proposer=proposer, grid=grid)
    np.testing.assert_allclose(tree.shares, rec.shares, atol=1e-12)
    np.testing.assert_allclose(tree.payoffs, rec.payoffs, atol=1e-12)
    assert tree.agreement_round == rec.agreement_round
    assert tree.tree_result is not None
    assert tree.tree_result.max_regret <= 1e-8


def test_the_offer_tree_is_subgame_perfect() -> None:
    res = alternating_offers(2, 0.9, 0.8, grid=4, method="tree")
    assert res.tree_result is not None
    tree = res.tree_result.tree
    regrets = subgame_regrets(tree, res.tree_result.profile)
    assert len(regrets) == 1 + 5 + 5 + 25  # round-0 proposer and responders, then round 1
    assert max(regrets.values()) <= 1e-12


def test_grid_equilibrium_approaches_the_continuous_one() -> None:
    exact = alternating_offers(6, 0.9, 0.8).shares
    for grid in (100, 1000, 10000):
        coarse = alternating_offers(6, 0.9, 0.8, grid=grid).shares
        assert np.abs(coarse - exact).max() <= 6 / grid


def test_coarse_grids_can_make_delay_worthwhile() -> None:
    # with a grid of halves, the round-1 proposer (player 2) would have to offer everything,
    # so it gains nothing from round 1 and player 1 can demand the whole pie at once
    res = alternating_offers(3, 0.9, 0.8, grid=2)
    tree = alternating_offers(3, 0.9, 0.8, grid=2, method="tree")
    assert res.shares.tolist() == tree.shares.tolist() == [1.0, 0.0]


def test_alternating_offers_arguments() -> None:
    with pytest.raises(ms.InvalidArgumentError, match="needs a finite offer grid"):
        alternating_offers(2, 0.9, 0.9, method="tree")
    with pytest.raises(ms.InvalidArgumentError, match="n_rounds"):
        alternating_offers(0, 0.9, 0.9)
    with pytest.raises(ms.InvalidArgumentError, match="method must be"):
        alternating_offers(2, 0.9, 0.9, method="lp")  # type: ignore[arg-type]
    with pytest.raises(ms.GameTooLargeError, match="use method='recursion'"):
        alternating_offers(6, 0.9, 0.9, grid=20, method="tree")


def test_alternating_offers_result() -> None:
    res = alternating_offers(3, 0.9, 0.9, pie=10.0)
    assert res.shares.tolist() == pytest.approx([9.1, 0.9])
    assert res.proposer_values.tolist() == pytest.approx([9.1, 1.0, 10.0])
    data = json.loads(json.dumps(res.to_dict()))
    assert data["limit_shares"] == pytest.approx([100 / 19, 90 / 19])
    assert "AlternatingOffersResult(n_rounds=3" in repr(res)
