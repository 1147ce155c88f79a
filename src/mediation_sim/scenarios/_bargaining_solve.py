"""Backward induction through a bargaining stage, for whole batches (private).

Under a structure with a bargaining stage after ``K`` stages of play
(:class:`~mediation_sim.scenarios._bargaining.Bargaining`), the engine

1. solves the later stages at every history ``h`` of the first ``K`` stages
   and every batch point at once (the earlier movers' axes become batch
   axes of :func:`~mediation_sim.scenarios.sequential.solve_stages`): the
   *disagreement* values ``d(h)`` and outcome lotteries;
2. solves the later stages again with the agreement's payoffs: an agreement
   reaches the settlement outcome for every later choice, so a player's
   payoff is ``a(profile) + b * x`` with ``b`` the same at every profile (the
   terms parameter enters only the outcome's utilities); the later movers'
   choices do not depend on ``x``, and one solve at ``x = 0`` gives the
   agreement values ``A(h) + b * x``;
3. reads the Fearon core at every history, side A accepting ``x >= lo`` and
   side B ``x <= hi`` with ``lo = (d_A - A_A) / b_A`` and
   ``hi = (A_B - d_B) / -b_B``, and the protocol's terms in it
   (:func:`~mediation_sim.scenarios.bargained_terms`); where the core is
   empty talks fail and the history keeps its disagreement values;
4. solves the first ``K`` stages on those values, carrying the terms and the
   agreement flag along the path.

Every step is array code over batch points and histories; Python loops run
over stages only.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._bargaining import Bargaining, bargained_terms
from .sequential import StageSolver, SubgamePerfectBatch, solve_stages

if TYPE_CHECKING:
    from .scenario import Scenario

__all__ = ["BargainedPath", "BargainingSolution", "agreement_payoffs", "solve_bargaining"]

FloatArray = NDArray[np.float64]


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class BargainedPath(SubgamePerfectBatch):
    """A subgame-perfect path through a structure with a bargaining stage.

    Everything of :class:`~mediation_sim.scenarios.SubgamePerfectBatch`, plus
    the bargaining on the path. Where the sides agree, the later players'
    actions in ``path`` are their choices after the agreement (the outcome is
    then the agreement's, whatever they choose).

    Attributes
    ----------
    agreed : ndarray
        ``(*batch,)`` whether the sides agree on the path (the core is not empty).
    terms : ndarray
        ``(*batch,)`` the agreed terms ``x`` (``nan`` without agreement).
    bargaining : Bargaining or None
        The bargaining stage solved.
    """

    agreed: Any = None
    terms: Any = None
    bargaining: Any = None

    def _summary(self) -> dict[str, Any]:
        """JSON-serialisable summary (arrays as nested lists; ``nan`` terms as None)."""
        out = SubgamePerfectBatch._summary(self)
        terms = np.asarray(self.terms, dtype=object)
        terms[np.isnan(np.asarray(self.terms, dtype=float))] = None
        out["agreed"] = np.asarray(self.agreed).tolist()
        out["terms"] = terms.tolist()
        out["bargaining"] = None if self.bargaining is None else self.bargaining.to_dict()
        return out

    def __repr__(self) -> str:
        if self.shape == ():
            deal = (
                f"agree on {self.bargaining.terms}={float(self.terms):.6g}"
                if bool(self.agreed)
                else "no agreement"
            )
            unique = "unique" if int(self.ties) == 0 else f"{int(self.ties)} ties"
            protocol = self.bargaining.protocol
            return f"BargainedPath({self.structure!r}, {protocol}: {deal}; {unique})"
        return f"BargainedPath({self.structure!r}, batch shape {self.shape})"

    def _repr_html_(self) -> str:
        return f"<p>{html.escape(repr(self))}</p>"


@dataclass(frozen=True, slots=True)
class BargainingSolution:
    """Arrays of :func:`solve_bargaining` (flat batch axis first).

    ``agreed_h`` and ``terms_h`` are per history of the first ``after``
    stages: shape ``(B, *sizes of those movers, in stage order)``.
    """

    path: NDArray[np.intp]
    values: FloatArray
    probabilities: FloatArray
    regret: FloatArray
    exists: NDArray[np.bool_]
    ties: NDArray[np.intp]
    agreed: NDArray[np.bool_]
    terms: FloatArray
    agreed_h: NDArray[np.bool_]
    terms_h: FloatArray


def effective_fix(bargaining: Bargaining, fix: Mapping[str, str] | None) -> dict[str, str]:
    """The disagreement strategies of players in no stage, plus the caller's ``fix``."""
    return {**dict(bargaining.disagreement), **(fix or {})}


def engine_stages(
    players: Sequence[str], stages: Sequence[Sequence[str]], bargaining: Bargaining
) -> tuple[list[list[int]], list[list[int]]]:
    """Player indices of the stages before and after the bargaining stage.

    Players fixed by ``disagreement`` form a stage of their own (one strategy
    each) right after the bargaining.
    """
    index = {p: i for i, p in enumerate(players)}
    before = [[index[p] for p in s] for s in stages[: bargaining.after]]
    fixed = [index[p] for p, _ in bargaining.disagreement]
    after = [[index[p] for p in s] for s in stages[bargaining.after :]]
    return before, ([fixed] if fixed else []) + after


def agreement_payoffs(
    scenario: Scenario,
    bargaining: Bargaining,
    mode: str | None,
    fix: Mapping[str, str] | None,
    params: Mapping[str, ArrayLike],
) -> tuple[FloatArray, FloatArray]:
    """Payoffs of an agreement at ``x = 0`` per profile, and their slope in ``x``.

    Returns ``(agree0, slope)`` of shapes ``(*batch, n, *profiles)`` (the
    mode's restriction) and ``(*batch, n)``.
    """
    spec = scenario.spec
    values, batch = scenario.resolve(**params)
    shape = tuple(len(p.strategies) for p in spec.players)
    n = len(spec.players)
    at: list[FloatArray] = []
    index = {p.id: i for i, p in enumerate(spec.players)}
    profiles: tuple[Any, ...] = (slice(None),) * len(shape)
    for x in (0.0, 1.0):
        v = {**values, bargaining.terms: np.asarray(x)}
        pay = np.zeros((*batch, n, *shape))
        for i, p in enumerate(spec.players):
            u = spec.utilities[p.id][bargaining.outcome].evaluate(v)
            pay[(Ellipsis, i, *profiles)] += u.reshape(u.shape + (1,) * len(shape))
        for term in spec.terms:
            if term.outcomes is not None and bargaining.outcome not in term.outcomes:
                continue
            t = term.value.evaluate(v)
            pay[(Ellipsis, index[term.player], *profiles)] += t.reshape(
                t.shape + (1,) * len(shape)
            ) * scenario._mask(term.when)
        at.append(pay)
    slices = scenario._mode_slices(mode, fix)
    agree0 = np.ascontiguousarray(at[0][(..., slice(None), *slices)])
    # the slope is the same at every profile (the terms parameter is in no [[terms]] value)
    flat = (at[1] - at[0]).reshape((*batch, n, -1))
    return agree0, np.ascontiguousarray(flat[..., 0])


def _continuation(
    payoffs: FloatArray,
    extra: FloatArray,
    earlier: list[int],
    later_stages: list[list[int]],
    tol: float,
    mixed_solver: StageSolver | None,
) -> tuple[FloatArray, FloatArray, NDArray[np.intp], FloatArray, NDArray[np.bool_], FloatArray]:
    """Solve the later stages at every history of the earlier movers.

    ``payoffs`` ``(B, n, *sizes)``, ``extra`` ``(B, k, *sizes)`` (carried
    along). Returns values ``(B, *sE, n)``, extra ``(B, *sE, k)``, later path
    ``(B, *sE, m)``, regret, exists and ties ``(B, *sE)``.
    """
    b, n = payoffs.shape[:2]
    later = [i for s in later_stages for i in s]
    perm = [0, *(2 + e for e in earlier), 1, *(2 + i for i in later)]
    pay = payoffs.transpose(perm)
    ext = extra.transpose(perm)
    ne = len(earlier)
    s_e = pay.shape[1 : 1 + ne]
    if not later:
        vals = pay.reshape((b, *s_e, n))
        shape_h = (b, *s_e)
        return (
            vals,
            ext.reshape((b, *s_e, ext.shape[1 + ne])),
            np.zeros((*shape_h, 0), dtype=np.intp),
            np.zeros(shape_h),
            np.ones(shape_h, dtype=bool),
            np.zeros(shape_h),
        )
    main = np.take(pay, later, axis=1 + ne)
    carried = np.concatenate([np.take(pay, earlier, axis=1 + ne), ext], axis=1 + ne)
    local = {p: k for k, p in enumerate(later)}
    st = [[local[i] for i in s] for s in later_stages]
    path, vals_l, carry, regret, exists, ties = solve_stages(
        main, carried, st, tol=tol, mixed_solver=mixed_solver
    )
    vals = np.empty((b, *s_e, n))
    vals[..., later] = vals_l
    vals[..., earlier] = carry[..., :ne]
    return vals, carry[..., ne:], path, regret, exists, ties.astype(np.float64)


def solve_bargaining(
    payoffs: FloatArray,
    probs: FloatArray,
    agree0: FloatArray,
    slope: FloatArray,
    before: list[list[int]],
    after: list[list[int]],
    bargaining: Bargaining,
    players: Sequence[str],
    outcome_index: int,
    protocol_args: Mapping[str, Any],
    *,
    tol: float,
    mixed_solver: StageSolver | None = None,
) -> BargainingSolution:
    """The subgame-perfect path through a bargaining stage (see the module docstring).

    ``payoffs`` ``(*batch, n, *sizes)``, ``probs`` ``(*batch, n_out, *sizes)``,
    ``agree0`` ``(*batch, n, *sizes)``, ``slope`` ``(*batch, n)``; the result's
    arrays have one flat batch axis.
    """
    n = len(players)
    nb = payoffs.ndim - 1 - n
    batch = payoffs.shape[:nb]
    sizes = payoffs.shape[nb + 1 :]
    fb = math.prod(batch)
    payoffs = payoffs.reshape((fb, n, *sizes))
    probs = probs.reshape((fb, probs.shape[nb], *sizes))
    n_out = probs.shape[1]
    agree0 = np.broadcast_to(agree0, (*batch, n, *sizes)).reshape((fb, n, *sizes))
    slope = np.broadcast_to(slope, (*batch, n)).reshape((fb, n))
    earlier = [i for s in before for i in s]
    # 1. disagreement, 2. agreement at x = 0
    d, d_probs, d_path, d_reg, d_ex, d_ties = _continuation(
        payoffs, probs, earlier, after, tol, mixed_solver
    )
    none = np.zeros((fb, 0, *sizes))
    a0, _, a_path, a_reg, a_ex, a_ties = _continuation(
        agree0, none, earlier, after, tol, mixed_solver
    )
    # 3. the core and the protocol's terms at every history
    ia, ib = (players.index(p) for p in bargaining.between)
    h_axes = (1,) * len(earlier)
    sl = slope.reshape((fb, *h_axes, n))
    lo = (d[..., ia] - a0[..., ia]) / sl[..., ia]
    hi = (a0[..., ib] - d[..., ib]) / -sl[..., ib]
    args = dict(protocol_args)
    if bargaining.protocol == "mediator":
        args["mediator_slope"] = sl[..., players.index(str(bargaining.mediator))]
    terms_h = bargained_terms(lo, hi, bargaining.protocol, tol=tol, **args)
    agreed_h = ~np.isnan(terms_h)
    x = np.where(agreed_h, terms_h, 0.0)
    vals_h = np.where(agreed_h[..., None], a0 + sl * x[..., None], d)
    point = np.zeros(n_out)
    point[outcome_index] = 1.0
    probs_h = np.where(agreed_h[..., None], point, d_probs)
    # 4. the earlier stages on the history values, carrying terms and agreement
    extra_h = np.concatenate([probs_h, x[..., None], agreed_h[..., None].astype(float)], axis=-1)
    order = sorted(range(len(earlier)), key=lambda k: earlier[k])  # histories in player order
    grid_shape = [1] * n
    for e, size in zip(earlier, vals_h.shape[1 : 1 + len(earlier)], strict=True):
        grid_shape[e] = size

    def to_profile(arr: FloatArray) -> FloatArray:
        moved = np.moveaxis(arr, -1, 1)  # (B, k, *sE in stage order)
        moved = moved.transpose([0, 1, *(2 + k for k in order)])
        return moved.reshape((fb, moved.shape[1], *grid_shape))

    later_all = [i for s in after for i in s]
    top_stages = [*before, *([later_all] if later_all else [])]
    if not top_stages:  # pragma: no cover - a structure has at least one player
        top_stages = [[0]]
    path, values, carried, regret, exists, ties = solve_stages(
        to_profile(vals_h), to_profile(extra_h), top_stages, tol=tol, mixed_solver=mixed_solver
    )
    agreed = carried[:, n_out + 1] > 0.5
    terms = np.where(agreed, carried[:, n_out], np.nan)
    agreed = np.asarray(agreed, dtype=bool)
    # 5. the later movers' actions at the history the earlier stages chose
    rows = np.arange(fb)
    mixed_before: NDArray[np.bool_] = np.asarray(
        (path[:, earlier] < 0).any(axis=1) if earlier else np.zeros(fb, dtype=bool)
    )
    at = tuple(np.maximum(path[:, e], 0) for e in earlier)
    later_path = np.where(agreed[:, None], a_path[(rows, *at)], d_path[(rows, *at)])
    if later_all:
        path[:, later_all] = np.where(mixed_before[:, None], -1, later_path)
    h_axes_sum = tuple(range(1, 1 + len(earlier)))

    def over_h(arr: Any, how: str) -> Any:
        if not h_axes_sum:
            return arr
        return getattr(arr, how)(axis=h_axes_sum)

    regret = np.maximum(regret, np.maximum(over_h(d_reg, "max"), over_h(a_reg, "max")))
    exists = exists & over_h(d_ex, "all") & over_h(a_ex, "all")
    ties = ties + (over_h(d_ties, "sum") + over_h(a_ties, "sum")).astype(np.intp)
    return BargainingSolution(
        path=path,
        values=values,
        probabilities=carried[:, :n_out],
        regret=regret,
        exists=exists,
        ties=ties,
        agreed=agreed,
        terms=terms,
        agreed_h=agreed_h,
        terms_h=terms_h,
    )


def protocol_arguments(
    bargaining: Bargaining,
    values: Mapping[str, FloatArray],
    batch: tuple[int, ...],
    n_hist: int,
) -> dict[str, Any]:
    """Keyword arguments of :func:`bargained_terms` for a bargaining stage.

    Parameter-dependent values (power, discount factors) are ``(B,)`` arrays;
    ``n_hist`` singleton axes are appended so they broadcast over histories.
    """

    def ev(v: Any) -> FloatArray:
        arr = np.asarray(v.evaluate(values), dtype=np.float64)
        if arr.ndim == 0:
            return arr
        flat = np.broadcast_to(arr, batch).reshape(-1)
        return flat.reshape((flat.size, *(1,) * n_hist))

    args: dict[str, Any] = {}
    if bargaining.protocol in ("take_it_or_leave_it", "alternating_offers"):
        args["proposer"] = bargaining.between.index(str(bargaining.proposer))
    if bargaining.protocol == "nash" and bargaining.power is not None:
        args["power"] = ev(bargaining.power)
    if bargaining.protocol == "alternating_offers":
        assert bargaining.discount is not None
        args["discount"] = (ev(bargaining.discount[0]), ev(bargaining.discount[1]))
        args["rounds"] = bargaining.rounds
    return args


def solve_scenario(
    scenario: Scenario,
    *,
    mode: str | None,
    fix: Mapping[str, str] | None,
    tol: float,
    mixed_solver: StageSolver | None,
    params: Mapping[str, ArrayLike],
) -> tuple[BargainingSolution, tuple[int, ...], dict[str, str]]:
    """:func:`solve_bargaining` on a scenario under its bargaining structure.

    Returns the flat-batch solution, the batch shape and the effective fix.
    """
    bargaining = scenario.bargaining
    assert bargaining is not None
    fixed = effective_fix(bargaining, fix)
    payoffs, probs = scenario.evaluate(mode=mode, fix=fixed, **params)
    agree0, slope = agreement_payoffs(scenario, bargaining, mode, fixed, params)
    values, batch = scenario.resolve(**params)
    before, after = engine_stages(scenario.players, scenario.stages, bargaining)
    n_hist = len([i for s in before for i in s])
    solution = solve_bargaining(
        payoffs,
        probs,
        agree0,
        slope,
        before,
        after,
        bargaining,
        scenario.players,
        scenario.outcomes.index(bargaining.outcome),
        protocol_arguments(bargaining, values, batch, n_hist),
        tol=tol,
        mixed_solver=mixed_solver,
    )
    return solution, batch, fixed


def bargained_path(
    scenario: Scenario,
    *,
    mode: str | None,
    fix: Mapping[str, str] | None,
    tol: float,
    mixed_solver: StageSolver | None,
    params: Mapping[str, ArrayLike],
) -> BargainedPath:
    """:meth:`Scenario.subgame_perfect` under a structure with a bargaining stage."""
    sol, batch, fixed = solve_scenario(
        scenario, mode=mode, fix=fix, tol=tol, mixed_solver=mixed_solver, params=params
    )
    n = len(scenario.players)
    settle = tuple(scenario.outcomes.index(o) for o in scenario.settlement_outcomes)
    return BargainedPath(
        scenario=scenario.name,
        structure=scenario.structure,
        mode=mode or scenario.default_mode,
        players=scenario.players,
        outcomes=scenario.outcomes,
        strategies=tuple(tuple(s) for s in scenario.strategy_labels(mode=mode, fix=fixed)),
        path=sol.path.reshape((*batch, n)),
        payoffs=sol.values.reshape((*batch, n)),
        probabilities=sol.probabilities.reshape((*batch, -1)),
        regret=sol.regret.reshape(batch),
        exists=sol.exists.reshape(batch),
        ties=sol.ties.reshape(batch),
        settlement=settle,
        agreed=sol.agreed.reshape(batch),
        terms=sol.terms.reshape(batch),
        bargaining=scenario.bargaining,
    )


def bargained_payoffs(
    scenario: Scenario,
    *,
    mode: str | None,
    fix: Mapping[str, str] | None,
    tol: float,
    params: Mapping[str, float],
) -> tuple[FloatArray, NDArray[np.bool_], FloatArray, list[list[str]]]:
    """Payoffs per profile with the bargaining stage folded in, at one parameter point.

    At every profile whose history before the bargaining stage ends in an
    agreement, the payoffs are the agreement's at the bargained terms;
    elsewhere the scenario's. Returns ``(payoffs (n, *sizes), agreed
    (*sizes), terms (*sizes), strategy labels)``.
    """
    sol, _, fixed = solve_scenario(
        scenario, mode=mode, fix=fix, tol=tol, mixed_solver=None, params=params
    )
    bargaining = scenario.bargaining
    assert bargaining is not None
    payoffs = scenario.payoffs(mode=mode, fix=fixed, **params)
    agree0, slope = agreement_payoffs(scenario, bargaining, mode, fixed, params)
    before, _ = engine_stages(scenario.players, scenario.stages, bargaining)
    earlier = [i for s in before for i in s]
    n = len(scenario.players)
    sizes = payoffs.shape[1:]
    # per-history arrays (stage order of the earlier movers) onto the profile grid
    agreed_h, terms_h = sol.agreed_h[0], np.nan_to_num(sol.terms_h[0])
    order = sorted(range(len(earlier)), key=lambda k: earlier[k])
    grid = [1] * n
    for e in earlier:
        grid[e] = sizes[e]
    agreed = np.broadcast_to(agreed_h.transpose(order).reshape(grid), sizes)
    terms = np.broadcast_to(terms_h.transpose(order).reshape(grid), sizes)
    deal = agree0 + slope.reshape((n,) + (1,) * n) * terms
    folded = np.where(agreed, deal, payoffs)
    return (
        folded,
        agreed,
        np.where(agreed, terms, np.nan),
        scenario.strategy_labels(mode=mode, fix=fixed),
    )
