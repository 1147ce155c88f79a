r"""Bargaining solutions: Nash, Kalai–Smorodinsky, and Rubinstein's alternating offers.

Axiomatic solutions pick one point of a
:class:`~mediation_sim.games.BargainingProblem`:

* the (asymmetric) **Nash bargaining solution** maximises the weighted Nash
  product ``(u1 - d1)**w1 * (u2 - d2)**w2`` over feasible points better than
  ``d`` for both (Nash 1950);
* the **Kalai–Smorodinsky solution** is the Pareto-optimal point on the line
  from ``d`` to the ideal point (Kalai and Smorodinsky 1975).

Strategic bargaining: in **Rubinstein's alternating-offers game** two players
take turns proposing divisions of a pie; each prefers agreement sooner. Its
unique subgame-perfect equilibrium has immediate agreement on a closed-form
split (Rubinstein 1982), which the finite-horizon game approaches as the
horizon grows (Ståhl 1972).

**Sources**

* J. F. Nash, "The bargaining problem", *Econometrica* 18 (1950), 155-162.
* E. Kalai and M. Smorodinsky, "Other solutions to Nash's bargaining problem", *Econometrica* 43
  (1975), 513-518.
* A. Rubinstein, "Perfect equilibrium in a bargaining model", *Econometrica* 50 (1982), 97-109.
* I. Ståhl, *Bargaining Theory*, Stockholm School of Economics, 1972.
* K. Binmore, A. Rubinstein and A. Wolinsky, "The Nash bargaining solution in economic
  modelling", *RAND Journal of Economics* 17 (1986), 176-188.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal, TypeAlias

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .._errors import GameTooLargeError, InvalidArgumentError, SolverError
from .._results import Result
from .._validation import DEFAULT_TOL, check_limit, check_positive_int, check_tol
from ..games.bargaining import BargainingProblem
from ..games.extensive_form import GameTree, Node, decision, terminal
from ._backward_induction import SubgamePerfectResult, backward_induction

__all__ = [
    "MAX_ALTERNATING_OFFERS_NODES",
    "AlternatingOffersResult",
    "BargainingSolution",
    "RubinsteinSolution",
    "alternating_offers",
    "kalai_smorodinsky",
    "nash_bargaining",
    "rubinstein",
]

FloatArray: TypeAlias = NDArray[np.float64]

#: Largest expanded tree :func:`alternating_offers` builds with ``method="tree"``.
MAX_ALTERNATING_OFFERS_NODES = 300_000

#: Longest horizon ``n_rounds`` :func:`alternating_offers` accepts (the
#: recursion keeps one value per round); checked before anything is
#: allocated. Assign a larger value to
#: ``mediation_sim.solvers._bargaining.MAX_ALTERNATING_OFFERS_ROUNDS`` to lift it.
MAX_ALTERNATING_OFFERS_ROUNDS = 1_000_000


def _ro(array: FloatArray) -> FloatArray:
    array.flags.writeable = False
    return array


def _check_problem(problem: object, *, func: str) -> BargainingProblem:
    if not isinstance(problem, BargainingProblem):
        raise InvalidArgumentError(
            f"{func}(): problem must be a mediation_sim.games.BargainingProblem, "
            f"got {type(problem).__name__}"
        )
    return problem


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class BargainingSolution(Result):
    """A point chosen by an axiomatic bargaining solution.

    Attributes
    ----------
    problem : BargainingProblem
        The problem solved.
    solution : str
        ``"nash"`` or ``"kalai_smorodinsky"``.
    point : ndarray
        The agreed utilities ``(u1, u2)``.
    weights : ndarray
        Bargaining weights ``(w1, w2)`` (normalised to sum to one; ``(0.5,
        0.5)`` for Kalai–Smorodinsky, where they only scale the Nash product
        reported).
    parameters : Mapping[str, object]
        Arguments used.
    message : str
        How the point was found.
    """

    problem: BargainingProblem = field(repr=False)
    solution: str
    point: FloatArray
    weights: FloatArray
    parameters: Mapping[str, object]
    message: str

    @property
    def gains(self) -> FloatArray:
        """Each player's gain over the disagreement point."""
        return self.point - self.problem.disagreement

    @property
    def nash_product(self) -> float:
        """The weighted Nash product ``prod((u - d) ** w)`` at :attr:`point`."""
        g = np.maximum(self.gains, 0.0)
        return float(np.prod(g**self.weights))

    def _summary(self) -> dict[str, Any]:
        """JSON-serialisable form."""
        return {
            "solution": self.solution,
            "point": dict(zip(self.problem.players, self.point.tolist(), strict=True)),
            "gains": self.gains.tolist(),
            "weights": self.weights.tolist(),
            "disagreement": self.problem.disagreement.tolist(),
            "nash_product": self.nash_product,
            "message": self.message,
        }

    def __repr__(self) -> str:
        u1, u2 = self.point
        return f"BargainingSolution({self.solution}, point=({u1:.6g}, {u2:.6g}))"

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>{html.escape(p)}</td><td>{u:.6g}</td><td>{g:.6g}</td></tr>"
            for p, u, g in zip(self.problem.players, self.point, self.gains, strict=True)
        )
        return (
            f"<p><b>{html.escape(repr(self))}</b></p><table><tr><th>player</th>"
            f"<th>utility</th><th>gain over d</th></tr>{rows}</table>"
        )


# ---------------------------------------------------------------------- Nash bargaining
def _check_weights(weights: object, *, func: str) -> FloatArray:
    try:
        w = np.array(weights, dtype=np.float64).reshape(-1)
    except (TypeError, ValueError):
        raise InvalidArgumentError(f"{func}(): weights must be two positive numbers") from None
    if w.shape != (2,) or not np.isfinite(w).all() or (w <= 0).any():
        raise InvalidArgumentError(
            f"{func}(): weights must be two positive finite numbers, got {weights!r}"
        )
    out: FloatArray = w / w.sum()
    return out


def _log_product(points: FloatArray, d: FloatArray, w: FloatArray) -> FloatArray:
    gains = points - d
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(
            (gains > 0).all(axis=-1),
            (w * np.log(np.where(gains > 0, gains, 1.0))).sum(axis=-1),
            -np.inf,
        )
    result: FloatArray = out
    return result


def nash_bargaining(
    problem: BargainingProblem,
    *,
    weights: ArrayLike = (0.5, 0.5),
    tol: float = DEFAULT_TOL,
) -> BargainingSolution:
    """The (asymmetric) Nash bargaining solution.

    Maximises ``w1 * log(u1 - d1) + w2 * log(u2 - d2)`` over the frontier,
    among points better than ``d`` for both players.

    Algorithm:

    1. A polygonal frontier: on each segment the first-order condition
       ``w1 * b1 / (a1 + b1 t) + w2 * b2 / (a2 + b2 t) = 0`` (gains
       ``a + b t`` along the segment) has the closed-form root
       ``t = -(w1 b1 a2 + w2 b2 a1) / ((w1 + w2) b1 b2)``; the best of the
       clipped roots and the vertices is the solution, exactly.
    2. A frontier function: the objective is concave in ``u1`` when the
       frontier is concave, so bounded Brent minimisation of its negative on
       ``[max(a, d1), I1]`` (``I`` the ideal point) finds it; the interval's
       ends are compared too.
    3. Verify: no point of a 20,001-point grid along the frontier has a
       larger weighted Nash product (beyond ``tol``, relative).

    Parameters
    ----------
    problem : BargainingProblem
        The problem.
    weights : pair of float, default (0.5, 0.5)
        Bargaining weights (positive; normalised to sum to one). Equal
        weights give the symmetric solution.
    tol : float, default 1e-8
        Relative tolerance of the Brent search and the verification.

    Returns
    -------
    BargainingSolution

    Raises
    ------
    InvalidArgumentError
        If ``problem`` is not a :class:`~mediation_sim.games.BargainingProblem`,
        or ``weights`` or ``tol`` are invalid.
    SolverError
        If the verification finds a better point (for example a frontier
        function that is not concave and was accepted with
        ``check_concave=False``).

    See Also
    --------
    kalai_smorodinsky, rubinstein
    mediation_sim.models.rationalist.nash_bargaining_share : the closed form for war bargaining.

    Notes
    -----
    On the line ``u1 + u2 = S`` the solution has the closed form
    ``u_i = d_i + w_i (S - d1 - d2)``: each player gets their disagreement
    payoff plus their weight's share of the surplus. Binmore, Rubinstein and
    Wolinsky (1986) show it is the limit of Rubinstein's game as the time
    between offers shrinks, with ``w_i`` proportional to ``1 / r_i`` for
    discount rates ``r_i``.

    References
    ----------
    .. [1] J. F. Nash (1950), see the module's sources.
    .. [2] A. E. Roth, *Axiomatic Models of Bargaining*, Springer, 1979
       (the asymmetric solution).

    Examples
    --------
    Splitting a pie of 1 with disagreement point (0.2, 0.3): each gets d_i
    plus half the surplus of 0.5.

    >>> import mediation_sim as ms
    >>> from mediation_sim.games import BargainingProblem
    >>> sol = ms.solvers.nash_bargaining(BargainingProblem.divide_the_pie(disagreement=(0.2, 0.3)))
    >>> sol.point
    array([0.45, 0.55])
    >>> ms.solvers.nash_bargaining(sol.problem, weights=(3, 1)).point
    array([0.575, 0.425])
    """
    func = "nash_bargaining"
    problem = _check_problem(problem, func=func)
    w = _check_weights(weights, func=func)
    tol = check_tol(tol, func=func)
    d = problem.disagreement
    if problem.is_polygonal:
        point = _nash_polygon(problem.frontier_points, d, w)
        how = "closed form on each segment of the polygonal frontier"
    else:
        point = _nash_function(problem, d, w, tol)
        how = "bounded Brent search along the frontier"
    gap = _verify_nash(problem, point, d, w)
    scale = max(abs(float(_log_product(point[None, :], d, w)[0])), 1.0)
    if gap > max(tol, 1e-10) * scale:
        raise SolverError(
            f"{func}(): a grid point has a larger Nash product than the solution found "
            f"(log-gap {gap:.3g}); is the frontier concave?"
        )
    return BargainingSolution(
        problem,
        "nash",
        _ro(point),
        _ro(w),
        MappingProxyType({"weights": tuple(w.tolist()), "tol": tol}),
        f"Found by {how}; verified on a grid along the frontier.",
    )


def _nash_polygon(points: FloatArray, d: FloatArray, w: FloatArray) -> FloatArray:
    cands = [points]
    if len(points) > 1:
        p, q = points[:-1], points[1:]
        a = p - d
        b = q - p
        denom = (w[0] + w[1]) * b[:, 0] * b[:, 1]
        num = -(w[0] * b[:, 0] * a[:, 1] + w[1] * b[:, 1] * a[:, 0])
        with np.errstate(divide="ignore", invalid="ignore"):
            t = np.where(denom != 0, num / denom, 0.0)
        t = np.clip(np.nan_to_num(t), 0.0, 1.0)
        cands.append(p + t[:, None] * b)
    # left of the frontier, free disposal keeps u2 at f(a): the product grows with u1 there,
    # so the vertex (a, f(a)) covers it
    allpts = np.vstack(cands)
    scores = _log_product(allpts, d, w)
    out: FloatArray = allpts[int(np.argmax(scores))].copy()
    return out


def _nash_function(
    problem: BargainingProblem, d: FloatArray, w: FloatArray, tol: float
) -> FloatArray:
    from scipy.optimize import minimize_scalar

    a, _ = problem.domain
    lo = max(float(a), float(d[0]))
    hi = float(problem.ideal_point[0])

    def neg(u: float) -> float:
        value = _log_product(np.array([[u, float(problem.evaluate(u))]]), d, w)[0]
        return float(-value) if np.isfinite(value) else math.inf

    span = hi - lo
    candidates = [lo, hi]
    if span > 0:
        res = minimize_scalar(
            neg, bounds=(lo, hi), method="bounded", options={"xatol": max(tol, 1e-14) * span}
        )
        candidates.append(float(res.x))
    best = min(candidates, key=neg)
    return np.array([best, float(problem.evaluate(best))])


def _frontier_grid(problem: BargainingProblem, n: int = 20001) -> FloatArray:
    a, b = problem.domain
    lo = max(float(a), float(problem.disagreement[0]))
    grid = np.linspace(lo, float(b), n) if b > lo else np.array([lo])
    return np.column_stack([grid, problem.evaluate(grid)])


def _verify_nash(
    problem: BargainingProblem, point: FloatArray, d: FloatArray, w: FloatArray
) -> float:
    best = float(_log_product(point[None, :], d, w)[0])
    grid = _log_product(_frontier_grid(problem), d, w).max()
    return max(float(grid) - best, 0.0)


# ---------------------------------------------------------------------- Kalai-Smorodinsky
def kalai_smorodinsky(
    problem: BargainingProblem, *, tol: float = DEFAULT_TOL
) -> BargainingSolution:
    """The Kalai–Smorodinsky solution: equal fractions of the ideal gains.

    The point of the frontier on the segment from ``d`` to the ideal point
    ``I`` (each player's best individually rational utility), so that
    ``(u1 - d1) / (I1 - d1) = (u2 - d2) / (I2 - d2)``.

    Algorithm:

    1. Compute the ideal point ``I`` (:attr:`BargainingProblem.ideal_point`).
    2. Solve ``g(t) = f(d1 + t (I1 - d1)) - (d2 + t (I2 - d2)) = 0`` for
       ``t`` in ``[0, 1]`` by Brent's method; ``g`` is decreasing with
       ``g(0) > 0 >= g(1)``, so the root is unique.
    3. Verify that the point lies on the frontier and the line (within ``tol``).

    Parameters
    ----------
    problem : BargainingProblem
        The problem.
    tol : float, default 1e-8
        Relative tolerance of the verification.

    Returns
    -------
    BargainingSolution
        With ``weights`` (0.5, 0.5) (used only for the reported Nash product).

    Raises
    ------
    InvalidArgumentError
        If ``problem`` is not a bargaining problem or ``tol`` is invalid.
    SolverError
        If the verification fails.

    See Also
    --------
    nash_bargaining

    References
    ----------
    .. [1] E. Kalai and M. Smorodinsky (1975), see the module's sources.

    Examples
    --------
    A frontier from (0, 1) to (1, 0.5): the ideal point is (1, 1), so
    Kalai–Smorodinsky splits the gains equally, while Nash goes to the corner.

    >>> import mediation_sim as ms
    >>> from mediation_sim.games import BargainingProblem
    >>> problem = BargainingProblem([[0, 1], [1, 0.5]])
    >>> ms.solvers.kalai_smorodinsky(problem).point
    array([0.66666667, 0.66666667])
    >>> ms.solvers.nash_bargaining(problem).point
    array([1. , 0.5])
    """
    from scipy.optimize import brentq

    func = "kalai_smorodinsky"
    problem = _check_problem(problem, func=func)
    tol = check_tol(tol, func=func)
    d = problem.disagreement
    ideal = problem.ideal_point
    span = ideal - d

    def g(t: float) -> float:
        u1 = d[0] + t * span[0]
        return float(problem.evaluate(u1)) - float(d[1] + t * span[1])

    t = 1.0 if g(1.0) >= 0 else float(brentq(g, 0.0, 1.0, xtol=1e-15, rtol=1e-15))
    point = d + t * span
    point[1] = min(point[1], float(problem.evaluate(point[0])))
    scale = max(float(np.abs(span).max()), 1e-300)
    if abs(g(t)) > max(tol, 1e-12) * scale:
        raise SolverError(f"{func}(): the point found is not on the frontier (gap {g(t):.3g})")
    w = np.array([0.5, 0.5])
    return BargainingSolution(
        problem,
        "kalai_smorodinsky",
        _ro(point),
        _ro(w),
        MappingProxyType({"tol": tol}),
        f"Intersection of the frontier with the line from d to the ideal point "
        f"{tuple(np.round(ideal, 12).tolist())} (Brent's method).",
    )


# ---------------------------------------------------------------------- Rubinstein
def _discount(value: object, *, func: str, name: str) -> FloatArray:
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise InvalidArgumentError(f"{func}(): {name} must be a number in [0, 1)") from None
    if not np.isfinite(arr).all() or (arr < 0).any() or (arr >= 1).any():
        bad = arr[~(np.isfinite(arr) & (arr >= 0) & (arr < 1))].reshape(-1)[0]
        raise InvalidArgumentError(
            f"{func}(): {name} must lie in [0, 1) (a discount factor below one), got {bad!r}"
        )
    return arr


def _check_proposer_and_pie(proposer: object, pie: object, *, func: str) -> None:
    if isinstance(proposer, bool) or proposer not in (0, 1):
        raise InvalidArgumentError(f"{func}(): proposer must be 0 or 1, got {proposer!r}")
    if (
        isinstance(pie, bool)
        or not isinstance(pie, int | float)
        or not (math.isfinite(pie) and pie > 0)
    ):
        raise InvalidArgumentError(f"{func}(): pie must be positive and finite, got {pie!r}")


def _scalar_or_array(x: NDArray[np.float64]) -> Any:
    return float(x) if np.ndim(x) == 0 else x


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class RubinsteinSolution(Result):
    """The subgame-perfect equilibrium of Rubinstein's infinite-horizon alternating offers.

    Attributes
    ----------
    delta_1, delta_2 : float or ndarray
        Discount factors per round.
    proposer : int
        Who proposes first (0 or 1).
    pie : float
        Size of the pie.
    shares : tuple of (float or ndarray)
        The division agreed at once: ``(share of player 1, share of player 2)``.
    proposals : tuple of (float or ndarray)
        What player 1 keeps when proposing, and what player 2 keeps when
        proposing (each player's stationary demand).
    """

    delta_1: Any
    delta_2: Any
    proposer: int
    pie: float
    shares: tuple[Any, Any]
    proposals: tuple[Any, Any]

    def _summary(self) -> dict[str, Any]:
        """JSON-serialisable form."""

        def plain(x: Any) -> Any:
            return x.tolist() if isinstance(x, np.ndarray) else x

        return {
            "delta_1": plain(self.delta_1),
            "delta_2": plain(self.delta_2),
            "proposer": self.proposer,
            "pie": self.pie,
            "shares": [plain(s) for s in self.shares],
            "proposals": [plain(s) for s in self.proposals],
        }

    def __repr__(self) -> str:
        if np.ndim(self.shares[0]) == 0:
            return (
                f"RubinsteinSolution(shares=({self.shares[0]:.6g}, {self.shares[1]:.6g}), "
                f"proposer={self.proposer})"
            )
        return f"RubinsteinSolution(shape {np.shape(self.shares[0])}, proposer={self.proposer})"

    def _repr_html_(self) -> str:
        return f"<p><b>{html.escape(repr(self))}</b></p>"


def rubinstein(
    delta_1: ArrayLike, delta_2: ArrayLike, *, proposer: int = 0, pie: float = 1.0
) -> RubinsteinSolution:
    """Rubinstein's (1982) alternating-offers equilibrium, in closed form.

    Two players divide ``pie``; in each round one proposes and the other
    accepts or rejects, then roles swap; a payoff one round later is worth
    ``delta_i`` times as much to player ``i``. The unique subgame-perfect
    equilibrium has immediate agreement. A player proposing keeps

    ``(1 - delta_other) / (1 - delta_1 * delta_2)`` of the pie,

    and the responder gets the rest, exactly what makes them indifferent
    between accepting and proposing next round.

    Parameters
    ----------
    delta_1, delta_2 : float or array_like
        Discount factors in ``[0, 1)``; arrays broadcast (for sweeps).
    proposer : {0, 1}, default 0
        Who proposes first.
    pie : float, default 1.0
        Size of the pie.

    Returns
    -------
    RubinsteinSolution

    Raises
    ------
    InvalidArgumentError
        If a discount factor lies outside ``[0, 1)``, ``proposer`` is not 0 or 1,
        or ``pie`` is not positive.

    See Also
    --------
    alternating_offers : the finite-horizon game, by recursion or backward induction.
    nash_bargaining : the limit as offers come fast (Binmore, Rubinstein and Wolinsky 1986).

    Notes
    -----
    The first mover's advantage shrinks as both become patient: with
    ``delta_i = exp(-r_i * Delta)`` and ``Delta -> 0`` player 1's share tends
    to ``r_2 / (r_1 + r_2)``, the asymmetric Nash bargaining solution with
    weights proportional to ``1 / r_i`` (Binmore, Rubinstein and Wolinsky 1986).

    References
    ----------
    .. [1] A. Rubinstein (1982), Theorem (p. 108); see the module's sources.
    .. [2] M. J. Osborne and A. Rubinstein, *Bargaining and Markets*, Academic
       Press, 1990, Proposition 3.3.

    Examples
    --------
    >>> import mediation_sim as ms
    >>> sol = ms.solvers.rubinstein(0.9, 0.9)
    >>> sol.shares                      # 1 / (1 + delta) for the first proposer
    (0.5263157894736843, 0.4736842105263157)
    >>> ms.solvers.rubinstein(0.9, 0.8).shares[0] == (1 - 0.8) / (1 - 0.9 * 0.8)
    True
    """
    func = "rubinstein"
    d1 = _discount(delta_1, func=func, name="delta_1")
    d2 = _discount(delta_2, func=func, name="delta_2")
    _check_proposer_and_pie(proposer, pie, func=func)
    d1, d2 = np.broadcast_arrays(d1, d2)
    denom = 1.0 - d1 * d2
    keep_1 = pie * (1.0 - d2) / denom
    keep_2 = pie * (1.0 - d1) / denom
    shares = (keep_1, pie - keep_1) if proposer == 0 else (pie - keep_2, keep_2)
    return RubinsteinSolution(
        _scalar_or_array(d1),
        _scalar_or_array(d2),
        int(proposer),
        float(pie),
        (_scalar_or_array(shares[0]), _scalar_or_array(shares[1])),
        (_scalar_or_array(keep_1), _scalar_or_array(keep_2)),
    )


# ---------------------------------------------------------------------- finite horizon
@dataclass(frozen=True, slots=True, repr=False, eq=False)
class AlternatingOffersResult(Result):
    """The subgame-perfect equilibrium of a finite-horizon alternating-offers game.

    Attributes
    ----------
    n_rounds : int
        Number of rounds; after the last rejection both get nothing.
    delta_1, delta_2 : float
        Discount factors.
    proposer : int
        Who proposes in round 0 (they alternate afterwards).
    pie : float
        Size of the pie.
    grid : int or None
        Offers are multiples of ``pie / grid``; ``None`` for continuous offers.
    method : str
        ``"recursion"`` or ``"tree"``.
    shares : ndarray
        The division agreed, ``(player 1, player 2)``.
    payoffs : ndarray
        Its value at round 0 (shares discounted by the agreement round).
    agreement_round : int
        The round in which the offer is accepted (0 unless a coarse grid
        makes delay worthwhile).
    proposer_values : ndarray
        For each round ``t``, what its proposer gets from round ``t`` on, in
        round-``t`` units (the backward recursion's values).
    limit : RubinsteinSolution
        The infinite-horizon equilibrium with the same first proposer.
    tree_result : SubgamePerfectResult or None
        The backward-induction result (``method="tree"``).
    parameters : Mapping[str, object]
        Arguments used.
    """

    n_rounds: int
    delta_1: float
    delta_2: float
    proposer: int
    pie: float
    grid: int | None
    method: str
    shares: FloatArray
    payoffs: FloatArray
    agreement_round: int
    proposer_values: FloatArray = field(repr=False)
    limit: RubinsteinSolution = field(repr=False)
    tree_result: SubgamePerfectResult | None = field(repr=False)
    parameters: Mapping[str, object] = field(repr=False)

    @property
    def gap_to_limit(self) -> float:
        """``|share of the first proposer - Rubinstein's share|``."""
        return abs(float(self.shares[self.proposer]) - float(self.limit.shares[self.proposer]))

    def _summary(self) -> dict[str, Any]:
        """JSON-serialisable summary."""
        return {
            "n_rounds": self.n_rounds,
            "delta_1": self.delta_1,
            "delta_2": self.delta_2,
            "proposer": self.proposer,
            "pie": self.pie,
            "grid": self.grid,
            "method": self.method,
            "shares": self.shares.tolist(),
            "payoffs": self.payoffs.tolist(),
            "agreement_round": self.agreement_round,
            "proposer_values": self.proposer_values.tolist(),
            "limit_shares": [float(s) for s in self.limit.shares],
            "gap_to_limit": self.gap_to_limit,
        }

    def __repr__(self) -> str:
        return (
            f"AlternatingOffersResult(n_rounds={self.n_rounds}, method={self.method!r}, "
            f"shares=({self.shares[0]:.6g}, {self.shares[1]:.6g}), "
            f"agreement_round={self.agreement_round}, gap_to_limit={self.gap_to_limit:.3g})"
        )

    def _repr_html_(self) -> str:
        return f"<p><b>{html.escape(repr(self))}</b></p>"


def _recursion(
    n_rounds: int,
    deltas: tuple[float, float],
    proposer: int,
    pie: float,
    grid: int | None,
    tol: float,
) -> tuple[FloatArray, FloatArray, int]:
    """Backward recursion; with a grid it mirrors backward induction on the tree exactly."""
    v_prop = np.zeros(n_rounds + 1)
    v_resp = np.zeros(n_rounds + 1)
    agree = np.zeros(n_rounds + 1, dtype=np.intp)
    thr = tol * pie
    for t in range(n_rounds - 1, -1, -1):
        p = (proposer + t) % 2
        r = 1 - p
        dr, dp = deltas[r], deltas[p]
        cont_r = dr * v_prop[t + 1]  # the responder proposes next round
        cont_p = dp * v_resp[t + 1]
        if grid is None:
            offer = cont_r
            delay = False
        else:
            # a tie in the tree is judged on payoffs discounted to round 0
            thr_r = thr / dr**t if dr > 0 else thr
            thr_p = thr / dp**t if dp > 0 else thr
            k = int(np.clip(math.ceil((cont_r - thr_r) * grid / pie - 1e-12), 0, grid))
            offer = k * pie / grid
            delay = k > 0 and cont_p >= pie - offer - thr_p
        if delay:
            v_prop[t], v_resp[t] = cont_p, cont_r
            agree[t] = agree[t + 1]
        else:
            v_prop[t], v_resp[t] = pie - offer, offer
            agree[t] = t
    return v_prop[:n_rounds], v_resp[:n_rounds], int(agree[0])


def _offers_tree(
    n_rounds: int, deltas: tuple[float, float], proposer: int, pie: float, grid: int
) -> GameTree:
    nodes_per_round = 1 + 2 * (grid + 1)
    size = sum((grid + 1) ** t * nodes_per_round for t in range(n_rounds)) + (grid + 1) ** n_rounds
    if size > MAX_ALTERNATING_OFFERS_NODES:
        raise GameTooLargeError(
            f"alternating_offers(): the tree for {n_rounds} rounds and a grid of {grid} has "
            f"{size:,} nodes, above the limit of {MAX_ALTERNATING_OFFERS_NODES:,} "
            "(mediation_sim.solvers._bargaining.MAX_ALTERNATING_OFFERS_NODES); use "
            "method='recursion', which gives the same equilibrium"
        )
    players = ("1", "2")
    after: Node = terminal([0.0, 0.0], outcome="disagreement")
    for t in range(n_rounds - 1, -1, -1):
        p = (proposer + t) % 2
        r = 1 - p
        moves: dict[str, Node] = {}
        for k in range(grid + 1):
            offer = k * pie / grid
            pays = [0.0, 0.0]
            pays[p] = deltas[p] ** t * (pie - offer)
            pays[r] = deltas[r] ** t * offer
            moves[f"offer {k}/{grid}"] = decision(
                players[r],
                {"accept": terminal(pays, outcome=f"agreement in round {t}"), "reject": after},
            )
        after = decision(players[p], moves)
    return GameTree(after, players, title=f"Alternating offers, {n_rounds} rounds")


def alternating_offers(
    n_rounds: int,
    delta_1: float,
    delta_2: float,
    *,
    proposer: int = 0,
    pie: float = 1.0,
    grid: int | None = None,
    method: Literal["recursion", "tree"] = "recursion",
    tol: float = DEFAULT_TOL,
) -> AlternatingOffersResult:
    """Subgame-perfect equilibrium of alternating offers with a finite horizon.

    Rounds ``t = 0, ..., n_rounds - 1``: the proposer (``proposer`` in round
    0, alternating afterwards) offers the other a share of ``pie``; the
    other accepts (the game ends) or rejects (next round). After the last
    rejection both get nothing. Payoffs are discounted by ``delta_i ** t``.

    Algorithm:

    * ``method="recursion"`` (any horizon): in the last round the proposer
      keeps everything. Going backwards, the responder in round ``t``
      accepts any offer worth at least what they would get by proposing in
      round ``t + 1``, discounted once, so the proposer offers exactly that
      (with ``grid``: the smallest grid offer that is at least that, or
      delays if that is worth less than waiting).
    * ``method="tree"`` (small horizons): the game tree is built with
      :mod:`mediation_sim.games.extensive_form` on the offer grid and solved
      by :func:`~mediation_sim.solvers.backward_induction` (ties: the
      responder accepts, the proposer takes the first best offer). On the
      same grid it gives the same equilibrium as the recursion.

    Parameters
    ----------
    n_rounds : int
        Number of rounds (at least 1).
    delta_1, delta_2 : float
        Discount factors in ``[0, 1)``.
    proposer : {0, 1}, default 0
        Who proposes first.
    pie : float, default 1.0
        Size of the pie.
    grid : int, optional
        Offers are multiples of ``pie / grid``. Required for ``method="tree"``;
        ``None`` (continuous offers) for the recursion.
    method : {"recursion", "tree"}, default "recursion"
        See above.
    tol : float, default 1e-8
        Tie tolerance, relative to ``pie`` (as in :func:`backward_induction`).

    Returns
    -------
    AlternatingOffersResult

    Raises
    ------
    InvalidArgumentError
        For invalid arguments (including ``method="tree"`` without ``grid``).
    GameTooLargeError
        If the tree would have more than
        :data:`MAX_ALTERNATING_OFFERS_NODES` nodes.

    See Also
    --------
    rubinstein : the infinite-horizon limit.

    Notes
    -----
    With continuous offers the first proposer's share alternates around
    Rubinstein's and converges to it geometrically, at rate
    ``delta_1 * delta_2`` per two rounds (Ståhl 1972); with equal discount
    factors ``delta`` it is ``(1 - (-delta) ** n_rounds) / (1 + delta)``.

    References
    ----------
    .. [1] I. Ståhl (1972) and A. Rubinstein (1982), see the module's sources.

    Examples
    --------
    >>> import mediation_sim as ms
    >>> [round(float(ms.solvers.alternating_offers(n, 0.9, 0.9).shares[0]), 4)
    ...  for n in (1, 2, 3, 50)]
    [1.0, 0.1, 0.91, 0.5236]
    >>> round(ms.solvers.rubinstein(0.9, 0.9).shares[0], 4)
    0.5263

    The same game as a tree, on a grid of tenths, solved by backward induction:

    >>> tree = ms.solvers.alternating_offers(3, 0.9, 0.8, grid=10, method="tree")
    >>> rec = ms.solvers.alternating_offers(3, 0.9, 0.8, grid=10)
    >>> tree.shares.tolist() == rec.shares.tolist()
    True
    """
    func = "alternating_offers"
    n_rounds = check_positive_int(n_rounds, func=func, name="n_rounds")
    check_limit(
        n_rounds,
        func=func,
        name="n_rounds",
        limit=MAX_ALTERNATING_OFFERS_ROUNDS,
        limit_name="mediation_sim.solvers._bargaining.MAX_ALTERNATING_OFFERS_ROUNDS",
    )
    d1 = float(_discount(delta_1, func=func, name="delta_1"))
    d2 = float(_discount(delta_2, func=func, name="delta_2"))
    _check_proposer_and_pie(proposer, pie, func=func)
    if grid is not None:
        grid = check_positive_int(grid, func=func, name="grid")
    if method not in ("recursion", "tree"):
        raise InvalidArgumentError(
            f"{func}(): method must be 'recursion' or 'tree', got {method!r}"
        )
    tol = check_tol(tol, func=func)
    deltas = (d1, d2)
    v_prop, v_resp, agreed = _recursion(n_rounds, deltas, proposer, float(pie), grid, tol)
    tree_result = None
    if method == "tree":
        if grid is None:
            raise InvalidArgumentError(
                f"{func}(): method='tree' needs a finite offer grid, e.g. grid=10"
            )
        tree = _offers_tree(n_rounds, deltas, proposer, float(pie), grid)
        tree_result = backward_induction(tree, tol=tol)
        payoffs = np.array(tree_result.payoffs)
        agreed = sum(1 for a in tree_result.path if a == "reject")
        if len(tree_result.path) % 2:
            raise SolverError(f"{func}(): the equilibrium path does not end in agreement")
    else:
        payoffs = np.zeros(2)
        payoffs[proposer] = v_prop[0]
        payoffs[1 - proposer] = v_resp[0]
    shares = payoffs / np.array([d1**agreed if d1 > 0 else 1.0, d2**agreed if d2 > 0 else 1.0])
    return AlternatingOffersResult(
        n_rounds=n_rounds,
        delta_1=d1,
        delta_2=d2,
        proposer=int(proposer),
        pie=float(pie),
        grid=grid,
        method=method,
        shares=_ro(shares),
        payoffs=_ro(payoffs),
        agreement_round=int(agreed),
        proposer_values=_ro(v_prop),
        limit=rubinstein(d1, d2, proposer=proposer, pie=float(pie)),
        tree_result=tree_result,
        parameters=MappingProxyType(
            {"grid": grid, "method": method, "tol": tol, "proposer": proposer, "pie": pie}
        ),
    )
