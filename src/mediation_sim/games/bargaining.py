r"""Two-player bargaining problems: a feasible set of utility pairs and a disagreement point.

A bargaining problem (Nash 1950) is a pair ``(S, d)``: ``S`` is the set of
utility pairs the players can reach by agreement, ``d`` what each gets if
they do not agree (in war bargaining: the expected payoff of fighting). Here
``S`` is described by its *Pareto frontier*, the upper-right boundary, and
contains every point on or below it (free disposal):

* as a function ``u2 = f(u1)`` on an interval ``[a, b]`` (non-increasing;
  concave for the solutions to be unique), or
* as a finite set of points, whose convex hull is taken; the frontier is the
  hull's upper-right boundary, a polygonal line.

>>> from mediation_sim.games import BargainingProblem
>>> pie = BargainingProblem.divide_the_pie(disagreement=(0.2, 0.3))
>>> pie.evaluate(0.25)
0.75
>>> pie.ideal_point
array([0.7, 0.8])

**Sources**

* J. F. Nash, "The bargaining problem", *Econometrica* 18 (1950), pp. 155-162.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from typing import Any, TypeAlias

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .._errors import GameShapeError, InvalidArgumentError, InvalidPayoffError
from .._results import register_reducible
from .._validation import check_labels

__all__ = ["BargainingProblem"]

FloatArray: TypeAlias = NDArray[np.float64]
Frontier: TypeAlias = Callable[[FloatArray], ArrayLike]

#: Points of the grid on which a callable frontier is checked.
_CHECK_POINTS = 1001


def _pair(value: object, *, func: str, name: str) -> FloatArray:
    try:
        arr = np.array(value, dtype=np.float64).reshape(-1)
    except (TypeError, ValueError):
        raise InvalidArgumentError(f"{func}: {name} must be a pair of numbers") from None
    if arr.shape != (2,) or not np.isfinite(arr).all():
        raise InvalidArgumentError(f"{func}: {name} must be two finite numbers, got {value!r}")
    return arr


class BargainingProblem:
    """A two-player bargaining problem: Pareto frontier plus disagreement point.

    Parameters
    ----------
    frontier : callable or array_like of shape (m, 2)
        Either ``f`` with ``u2 = f(u1)`` (vectorised over a NumPy array of
        ``u1`` values), or utility pairs whose convex hull is the feasible set.
    disagreement : pair of float, default (0, 0)
        The disagreement point ``d``.
    domain : pair of float, optional
        ``[a, b]``, the range of ``u1`` on which a callable frontier is
        defined (required for a callable).
    players : pair of str, default ("1", "2")
        Player names.
    check_concave : bool, default True
        For a callable frontier, check on a grid of 1,001 points that it is
        concave (needed for the Nash and Kalai–Smorodinsky solutions to be
        unique and found reliably).

    Raises
    ------
    InvalidArgumentError
        If the domain or disagreement point is malformed, a callable frontier
        increases or is not concave on its domain, or no feasible point gives
        both players more than ``d``.
    InvalidPayoffError
        If the frontier has non-finite values.
    GameShapeError
        If points do not have shape ``(m, 2)``.

    See Also
    --------
    mediation_sim.solvers.nash_bargaining, mediation_sim.solvers.kalai_smorodinsky

    Notes
    -----
    Free disposal makes the feasible set *comprehensive*: left of ``a`` the
    frontier is flat at ``f(a)``; right of ``b`` nothing is feasible.

    Examples
    --------
    A concave frontier given as a function:

    >>> import numpy as np
    >>> from mediation_sim.games import BargainingProblem
    >>> circle = BargainingProblem(lambda u: np.sqrt(1 - u**2), domain=(0, 1))
    >>> round(circle.evaluate(0.6), 12)
    0.8

    The same kind of problem from points (their convex hull):

    >>> square = BargainingProblem([[0, 0], [1, 0], [0, 1], [1, 1], [0.5, 1.2]])
    >>> square.frontier_points.tolist()
    [[0.5, 1.2], [1.0, 1.0]]
    """

    __slots__ = (
        "_check_concave",
        "_d",
        "_domain",
        "_func",
        "_players",
        "_points",
    )

    def __reduce__(self) -> tuple[Any, ...]:
        frontier = self._func if self._func is not None else np.array(self._points)
        domain = None if self._func is None else tuple(self._domain.tolist())
        return (
            _rebuild_problem,
            (frontier, tuple(self._d.tolist()), domain, self._players, self._check_concave),
        )

    def __init__(
        self,
        frontier: Frontier | ArrayLike,
        disagreement: ArrayLike = (0.0, 0.0),
        *,
        domain: tuple[float, float] | None = None,
        players: Sequence[str] = ("1", "2"),
        check_concave: bool = True,
    ) -> None:
        func = "BargainingProblem()"
        self._d = _pair(disagreement, func=func, name="disagreement")
        self._players = check_labels(players, count=2, what="players", func=func)
        self._check_concave = bool(check_concave)
        self._func: Frontier | None
        self._points: FloatArray | None
        if callable(frontier):
            if domain is None:
                raise InvalidArgumentError(
                    f"{func}: a callable frontier needs domain=(a, b), the range of u1"
                )
            dom = _pair(domain, func=func, name="domain")
            if not dom[0] < dom[1]:
                raise InvalidArgumentError(f"{func}: domain must have a < b, got {tuple(dom)}")
            self._func = frontier
            self._points = None
            self._domain = dom
            self._validate_function()
        else:
            if domain is not None:
                raise InvalidArgumentError(f"{func}: domain= applies only to a callable frontier")
            self._func = None
            self._points = _upper_right_hull(frontier)
            self._domain = np.array([self._points[0, 0], self._points[-1, 0]])
        if not self._has_gains():
            raise InvalidArgumentError(
                f"{func}: no feasible agreement gives both players more than the disagreement "
                f"point {tuple(self._d.tolist())}; there is nothing to bargain over"
            )

    # ------------------------------------------------------------------ constructors
    @classmethod
    def divide_the_pie(
        cls,
        total: float = 1.0,
        disagreement: ArrayLike = (0.0, 0.0),
        *,
        players: Sequence[str] = ("1", "2"),
    ) -> BargainingProblem:
        """Splitting ``total`` between two players with linear utility: ``u1 + u2 = total``.

        Parameters
        ----------
        total : float, default 1.0
            Size of the pie (positive).
        disagreement : pair of float, default (0, 0)
            Disagreement point.
        players : pair of str, default ("1", "2")
            Player names.

        Returns
        -------
        BargainingProblem

        Examples
        --------
        >>> from mediation_sim.games import BargainingProblem
        >>> BargainingProblem.divide_the_pie(10.0).frontier_points.tolist()
        [[0.0, 10.0], [10.0, 0.0]]
        """
        if not (np.isfinite(total) and total > 0):
            raise InvalidArgumentError(
                f"divide_the_pie(): total must be positive and finite, got {total!r}"
            )
        return cls([[0.0, total], [total, 0.0]], disagreement, players=players)

    # ------------------------------------------------------------------ validation
    def _validate_function(self) -> None:
        a, b = self._domain
        grid = np.linspace(a, b, _CHECK_POINTS)
        values = self._call(grid)
        scale = max(float(np.abs(values).max()), float(np.abs(grid).max()), 1.0)
        atol = 1e-9 * scale
        steps = np.diff(values)
        if (steps > atol).any():
            k = int(np.argmax(steps))
            raise InvalidArgumentError(
                "BargainingProblem(): the frontier must be non-increasing, but f rises from "
                f"{values[k]:.6g} at u1={grid[k]:.6g} to {values[k + 1]:.6g} "
                f"at u1={grid[k + 1]:.6g}"
            )
        if self._check_concave:
            second = values[:-2] - 2 * values[1:-1] + values[2:]
            if (second > 1e-7 * scale).any():
                k = int(np.argmax(second)) + 1
                raise InvalidArgumentError(
                    f"BargainingProblem(): the frontier must be concave, but it is convex near "
                    f"u1={grid[k]:.6g}; pass check_concave=False to accept it (the solutions "
                    "may then not be unique)"
                )

    def _call(self, u1: FloatArray) -> FloatArray:
        assert self._func is not None  # only for callable frontiers
        try:
            with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
                out = np.asarray(self._func(u1), dtype=np.float64)
        except (TypeError, ValueError) as exc:
            raise InvalidPayoffError(
                f"BargainingProblem(): the frontier function failed on an array of u1 values "
                f"({exc}); it must be vectorised"
            ) from None
        out = np.broadcast_to(out, u1.shape).astype(np.float64)
        if not np.isfinite(out).all():
            bad = u1[~np.isfinite(out)][0]
            raise InvalidPayoffError(
                f"BargainingProblem(): the frontier is not finite at u1={bad:.6g}"
            )
        return out

    def _has_gains(self) -> bool:
        """Whether some feasible point is strictly better than ``d`` for both players.

        The frontier is non-increasing (and continuous), so the best chance is
        just right of ``max(a, d1)``.
        """
        a, b = (float(x) for x in self._domain)
        d1, d2 = (float(x) for x in self._d)
        if a > d1:
            return bool(self.evaluate(a) > d2)
        return d1 < b and bool(self.evaluate(d1) > d2)

    # ------------------------------------------------------------------ attributes
    @property
    def disagreement(self) -> FloatArray:
        """The disagreement point ``d`` (a copy)."""
        return self._d.copy()

    @property
    def players(self) -> tuple[str, ...]:
        """Player names."""
        return self._players

    @property
    def domain(self) -> FloatArray:
        """``[a, b]``: the range of player 1's utility on the frontier."""
        return self._domain.copy()

    @property
    def is_polygonal(self) -> bool:
        """Whether the frontier is the polygonal line of a set of points."""
        return self._points is not None

    @property
    def frontier_points(self) -> FloatArray:
        """Vertices of a polygonal frontier (``u1`` increasing, ``u2`` decreasing).

        Raises
        ------
        InvalidArgumentError
            If the frontier is a function.
        """
        if self._points is None:
            raise InvalidArgumentError(
                "frontier_points: the frontier is a function; use evaluate(u1) to sample it"
            )
        return self._points.copy()

    def evaluate(self, u1: ArrayLike) -> Any:
        """The frontier: the largest ``u2`` feasible with ``u1`` (``-inf`` right of ``b``).

        Parameters
        ----------
        u1 : float or array_like
            Utilities of player 1.

        Returns
        -------
        float or ndarray
            Same shape as ``u1``.
        """
        x = np.asarray(u1, dtype=np.float64)
        a, b = self._domain
        clipped = np.clip(x, a, b)
        if self._points is None:
            values = self._call(np.atleast_1d(clipped)).reshape(x.shape)
        else:
            values = np.interp(clipped, self._points[:, 0], self._points[:, 1])
        out = np.where(x > b + 1e-12 * max(1.0, abs(float(b))), -np.inf, values)
        return float(out) if out.ndim == 0 else out

    @property
    def ideal_point(self) -> FloatArray:
        """Each player's best individually rational utility (the utopia point).

        ``I_1`` is the largest ``u1`` whose frontier value is at least ``d2``;
        ``I_2`` is the frontier value at ``max(a, d1)``.
        """
        d1, d2 = self._d
        lo = max(self._domain[0], d1)
        i2 = float(self.evaluate(lo))
        return np.array([self._max_u1_at(d2), i2])

    def _max_u1_at(self, level: float) -> float:
        """Largest u1 on the frontier with f(u1) >= level."""
        a, b = self._domain
        if self.evaluate(b) >= level:
            return float(b)
        if self._points is not None:
            pts = self._points
            k = int(np.flatnonzero(pts[:, 1] >= level)[-1])
            (x0, y0), (x1, y1) = pts[k], pts[k + 1]
            return float(x0 + (level - y0) * (x1 - x0) / (y1 - y0))
        from scipy.optimize import brentq

        lo = max(a, self._d[0])
        return float(brentq(lambda u: float(self.evaluate(u)) - level, lo, b, xtol=1e-14))

    # ------------------------------------------------------------------ dunder
    def __repr__(self) -> str:
        kind = (
            f"polygonal frontier with {len(self._points)} vertices"
            if self._points is not None
            else f"frontier f on [{self._domain[0]:.4g}, {self._domain[1]:.4g}]"
        )
        d = ", ".join(f"{x:.4g}" for x in self._d)
        return f"BargainingProblem({kind}, disagreement=({d}))"

    def _repr_html_(self) -> str:
        return f"<p><b>{html.escape(repr(self))}</b></p>"

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable description (a callable frontier is sampled at 101 points)."""
        if self._points is not None:
            pts = self._points.tolist()
        else:
            grid = np.linspace(self._domain[0], self._domain[1], 101)
            pts = np.column_stack([grid, self.evaluate(grid)]).tolist()
        return {
            "players": list(self._players),
            "disagreement": self._d.tolist(),
            "polygonal": self.is_polygonal,
            "frontier": pts,
        }


def _upper_right_hull(points: ArrayLike) -> FloatArray:
    """Pareto frontier of the convex hull: vertices with u1 increasing and u2 decreasing."""
    try:
        pts = np.array(points, dtype=np.float64)
    except (TypeError, ValueError):
        raise GameShapeError(
            "BargainingProblem(): points must be an array of shape (m, 2) of numbers"
        ) from None
    if pts.ndim != 2 or pts.shape[1] != 2 or pts.shape[0] == 0:
        raise GameShapeError(
            f"BargainingProblem(): points must have shape (m, 2) with m >= 1, got {pts.shape}"
        )
    if not np.isfinite(pts).all():
        raise InvalidPayoffError("BargainingProblem(): points must be finite")
    pts = np.unique(pts, axis=0)  # sorted by u1, then u2
    upper: list[FloatArray] = []  # the upper hull by the monotone chain, u1 increasing
    for p in pts:
        while len(upper) >= 2:
            o, a = upper[-2], upper[-1]
            if (a[0] - o[0]) * (p[1] - o[1]) - (a[1] - o[1]) * (p[0] - o[0]) >= 0:
                upper.pop()  # not a clockwise turn: a is not a vertex of the upper hull
            else:
                break
        upper.append(p)
    hull = np.array(upper)
    # the Pareto part runs from the highest vertex (the rightmost among ties) to the right end
    top = int(np.flatnonzero(hull[:, 1] == hull[:, 1].max())[-1])
    frontier: FloatArray = hull[top:]
    return frontier


def _rebuild_problem(
    frontier: Frontier | ArrayLike,
    disagreement: tuple[float, float],
    domain: tuple[float, float] | None,
    players: Sequence[str],
    check_concave: bool,
) -> BargainingProblem:
    return BargainingProblem(
        frontier, disagreement, domain=domain, players=players, check_concave=check_concave
    )


register_reducible(BargainingProblem, _rebuild_problem)
