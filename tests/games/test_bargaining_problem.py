"""Tests for BargainingProblem: frontiers from functions and points, validation, ideal points."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mediation_sim as ms
from mediation_sim.games import BargainingProblem

#: Utilities on a grid of 1/64 in [-5, 5]: exact in binary, so hull tests are not about rounding
coordinates = st.integers(-320, 320).map(lambda k: k / 64)


def test_divide_the_pie() -> None:
    pie = BargainingProblem.divide_the_pie(2.0, (0.5, 0.25), players=["kyiv", "moscow"])
    assert pie.players == ("kyiv", "moscow")
    assert pie.is_polygonal
    assert pie.frontier_points.tolist() == [[0.0, 2.0], [2.0, 0.0]]
    assert pie.evaluate(0.5) == 1.5
    np.testing.assert_allclose(
        pie.evaluate(np.array([[0.0, 1.0], [2.0, 3.0]])), [[2.0, 1.0], [0.0, -np.inf]]
    )
    np.testing.assert_allclose(pie.ideal_point, [1.75, 1.5])
    assert pie.evaluate(-1.0) == 2.0  # free disposal left of the frontier


def test_function_frontier() -> None:
    circle = BargainingProblem(lambda u: np.sqrt(1 - u**2), domain=(0.0, 1.0))
    assert not circle.is_polygonal
    assert circle.evaluate(0.6) == pytest.approx(0.8)
    np.testing.assert_allclose(circle.ideal_point, [1.0, 1.0])
    shifted = BargainingProblem(lambda u: np.sqrt(1 - u**2), (0.6, 0.0), domain=(0.0, 1.0))
    np.testing.assert_allclose(shifted.ideal_point, [1.0, 0.8])
    low = BargainingProblem(lambda u: np.sqrt(1 - u**2), (0.0, 0.6), domain=(0.0, 1.0))
    np.testing.assert_allclose(low.ideal_point, [0.8, 1.0], rtol=1e-12)
    with pytest.raises(ms.InvalidArgumentError, match="frontier is a function"):
        circle.frontier_points  # noqa: B018
    data = json.loads(json.dumps(circle.to_dict()))
    assert len(data["frontier"]) == 101
    assert "frontier f on [0, 1]" in repr(circle)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        pytest.param(
            {"frontier": lambda u: u, "domain": (0, 1)},
            ms.InvalidArgumentError,
            "non-increasing",
            id="increasing",
        ),
        pytest.param(
            {"frontier": lambda u: (1 - u) ** 2, "domain": (0, 1)},
            ms.InvalidArgumentError,
            "concave",
            id="convex",
        ),
        pytest.param(
            {"frontier": lambda u: 1 - u}, ms.InvalidArgumentError, "needs domain", id="no-domain"
        ),
        pytest.param(
            {"frontier": lambda u: 1 - u, "domain": (1, 0)},
            ms.InvalidArgumentError,
            "a < b",
            id="empty-domain",
        ),
        pytest.param(
            {"frontier": np.log, "domain": (0, 1)},
            ms.InvalidPayoffError,
            "not finite at u1=0",
            id="infinite",
        ),
        pytest.param(
            {"frontier": lambda u: 1 - u, "domain": (0, 1), "disagreement": (0.6, 0.5)},
            ms.InvalidArgumentError,
            "nothing to bargain over",
            id="no-gains",
        ),
        pytest.param({"frontier": [[1, 2, 3]]}, ms.GameShapeError, "shape", id="bad-points"),
        pytest.param({"frontier": [[0, np.nan]]}, ms.InvalidPayoffError, "finite", id="nan-points"),
        pytest.param(
            {"frontier": [[0, 1]], "disagreement": (0, 1)},
            ms.InvalidArgumentError,
            "nothing to bargain",
            id="single-point-no-gain",
        ),
        pytest.param(
            {"frontier": [[0, 1], [1, 0]], "domain": (0, 1)},
            ms.InvalidArgumentError,
            "only to a callable",
            id="domain-with-points",
        ),
        pytest.param(
            {"frontier": [[0, 1], [1, 0]], "disagreement": (0, 0, 0)},
            ms.InvalidArgumentError,
            "disagreement must be two",
            id="bad-d",
        ),
    ],
)
def test_invalid_problems(kwargs: dict[str, object], error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        BargainingProblem(**kwargs)  # type: ignore[arg-type]


def test_non_concave_frontier_can_be_accepted() -> None:
    problem = BargainingProblem(lambda u: (1 - u) ** 2, domain=(0, 1), check_concave=False)
    assert problem.evaluate(0.5) == 0.25


@given(st.lists(st.tuples(coordinates, coordinates), min_size=1, max_size=12))
def test_points_frontier_is_the_upper_right_hull(points: list[tuple[float, float]]) -> None:
    pts = np.array(points)
    d = pts.min(axis=0) - 1.0  # every point improves on d
    problem = BargainingProblem(pts, d)
    front = problem.frontier_points
    # vertices are input points; u1 increases and u2 decreases along the frontier
    assert all((np.abs(pts - v).max(axis=1) == 0).any() for v in front)
    assert (np.diff(front[:, 0]) > 0).all()
    assert (np.diff(front[:, 1]) < 0).all()
    # no input point lies above the frontier (free disposal to the left)
    inside = pts[:, 0] <= front[-1, 0]
    assert (pts[inside, 1] <= problem.evaluate(pts[inside, 0]) + 1e-9).all()
    # the frontier is concave: slopes decrease
    if len(front) > 2:
        slopes = np.diff(front[:, 1]) / np.diff(front[:, 0])
        assert (np.diff(slopes) <= 1e-9).all()
    # the rightmost point and the highest point are on the frontier
    assert front[-1, 0] == pts[:, 0].max()
    assert front[0, 1] == pts[:, 1].max()
