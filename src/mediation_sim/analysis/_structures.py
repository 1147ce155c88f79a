"""Structural uncertainty and credibility: the same question under each declared move order.

A scenario's answer can be an artefact of its structure: who moves first, who
sees what. :func:`compare_structures` answers one question (the critical value
of a control parameter for an outcome, the window where it holds, and the
settlement probability at a chosen point) under every declared structure and
says where the conclusions agree and where they flip.
:func:`equilibrium_credibility` says, for each equilibrium reported at one
point, whether it is subgame perfect and, in a one-stage (simultaneous)
structure, whether it rests on a weakly dominated strategy or on a player
indifferent between its choice and another one (a threat never tested).
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .._errors import UnknownNameError
from .._results import Result, register_dataclass
from .._validation import DEFAULT_TOL, check_tol
from ..games.normal_form import NormalFormGame
from ..scenarios import Bargaining
from ..scenarios.scenario import Scenario
from ..solvers import perfection
from ..solvers.pure import pure_nash_mask
from ._bargaining import terms_critical_value
from ._frames import pandas
from ._thresholds import critical_value, outcome_indices

__all__ = [
    "EquilibriumCredibility",
    "StructureComparison",
    "StructureRow",
    "compare_structures",
    "credibility_flags",
    "equilibrium_credibility",
]

FloatArray = NDArray[np.float64]


@dataclass(frozen=True, slots=True, eq=False)
class EquilibriumCredibility(Result):
    """One equilibrium at one parameter point, with its credibility.

    Attributes
    ----------
    structure : str
        The move order solved.
    profile : Mapping[str, str]
        Each player's action (on the path, for a sequential structure).
    outcomes : Mapping[str, float]
        Outcome distribution.
    settlement_probability : float
        Probability of the settlement outcomes.
    subgame_perfect : bool
        Sequential structures: found by backward induction (true). A
        one-stage game has no proper subgame, so each of its Nash equilibria
        is trivially subgame perfect; read ``weakly_dominated`` and
        ``indifferent`` for its credibility.
    weakly_dominated : tuple of str
        Players whose equilibrium strategy is weakly dominated (simultaneous
        structures only).
    indifferent : tuple of str
        Players with another strategy exactly as good against the others'
        choices: their choice, and any threat it carries, is never tested.
    unique : bool
        Sequential structures: no mover anywhere was indifferent between
        choices with different consequences.
    perfect : bool or None
        Simultaneous structures: whether the equilibrium is trembling-hand
        perfect (:func:`~mediation_sim.solvers.perfection`; an equilibrium
        with a weakly dominated strategy never is, one with an indifferent
        player may be). None for sequential structures, and where
        perfection could not be decided (three or more players, an
        undominated equilibrium that no test establishes).
    """

    structure: str
    profile: Mapping[str, str]
    outcomes: Mapping[str, float]
    settlement_probability: float
    subgame_perfect: bool
    weakly_dominated: tuple[str, ...]
    indifferent: tuple[str, ...]
    unique: bool
    perfect: bool | None = None

    @property
    def credible(self) -> bool:
        """Subgame perfect, no weakly dominated strategy and no untested indifferent choice."""
        return self.subgame_perfect and not self.weakly_dominated and not self.indifferent

    def _summary(self) -> dict[str, Any]:
        """JSON-serialisable form."""
        return {
            "structure": self.structure,
            "profile": dict(self.profile),
            "outcomes": dict(self.outcomes),
            "settlement_probability": self.settlement_probability,
            "subgame_perfect": self.subgame_perfect,
            "weakly_dominated": list(self.weakly_dominated),
            "indifferent": list(self.indifferent),
            "unique": self.unique,
            "perfect": self.perfect,
            "credible": self.credible,
        }


def _dominated(payoffs: FloatArray, eps: float) -> list[NDArray[np.bool_]]:
    """Per player: which strategies are weakly dominated by another pure strategy."""
    n = payoffs.shape[0]
    out = []
    for i in range(n):
        u = np.moveaxis(payoffs[i], i, 0)
        s = u.shape[0]
        flat = u.reshape(s, -1)
        diff = flat[:, None, :] - flat[None, :, :]  # [t, s, ...] = u(t) - u(s)
        geq = (diff >= -eps).all(axis=-1)
        gt = (diff > eps).any(axis=-1)
        out.append((geq & gt).any(axis=0))
    return out


def credibility_flags(
    payoffs: FloatArray, point: NDArray[np.intp], profiles: NDArray[np.intp], tol: float
) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
    """Per equilibrium and player: weakly dominated strategy, indifferent to another one.

    ``payoffs`` is ``(P, n, *S)`` for a batch of one-shot games, ``point`` the
    game of each equilibrium and ``profiles`` ``(E, n)`` its pure profile.
    Returns two boolean arrays ``(E, n)``; loops run over players only.
    """
    n = payoffs.shape[1]
    flat = payoffs.reshape(payoffs.shape[0], -1)
    spread = flat.max(axis=1) - flat.min(axis=1)
    eps = tol * np.where(spread > 0, spread, 1.0)
    weak = np.zeros(profiles.shape, dtype=bool)
    indifferent = np.zeros(profiles.shape, dtype=bool)
    for i in range(n):
        u = np.moveaxis(payoffs[:, i], i + 1, 1)  # (P, s_i, *others)
        s_i = u.shape[1]
        lines = u.reshape(u.shape[0], s_i, -1)
        diff = lines[:, :, None, :] - lines[:, None, :, :]  # [p, t, s, .] = u(t) - u(s)
        e = eps[:, None, None, None]
        geq: NDArray[np.bool_] = np.asarray((diff >= -e).all(axis=-1))
        gt: NDArray[np.bool_] = np.asarray((diff > e).any(axis=-1))
        dominated: NDArray[np.bool_] = np.asarray((geq & gt).any(axis=1))  # (P, s)
        weak[:, i] = dominated[point, profiles[:, i]]
        others = [j for j in range(n) if j != i]
        line = np.moveaxis(u, 1, -1)[(point, *(profiles[:, j] for j in others))]  # (E, s_i)
        own = line[np.arange(line.shape[0]), profiles[:, i]]
        rest = line.copy()
        rest[np.arange(line.shape[0]), profiles[:, i]] = -np.inf
        indifferent[:, i] = rest.max(axis=1) >= own - eps[point]
    return weak, indifferent


def equilibrium_credibility(
    scenario: Scenario,
    *,
    mode: str | None = None,
    fix: Mapping[str, str] | None = None,
    tol: float = DEFAULT_TOL,
    **params: float,
) -> tuple[EquilibriumCredibility, ...]:
    """The equilibria of ``scenario`` at one point, each with its credibility.

    A sequential structure gives its subgame-perfect path (one entry); a
    one-stage structure gives every pure Nash equilibrium, flagged when a
    player's strategy is weakly dominated (by a pure or a mixed strategy,
    :func:`~mediation_sim.solvers.perfection`) or a player is indifferent
    between its strategy and another, and says whether it is
    trembling-hand perfect. Two refinements follow: keep the entries with
    :attr:`EquilibriumCredibility.credible` (no weakly dominated strategy
    and no untested indifference, the strict reading), or those with
    ``perfect`` (the threat survives others' small mistakes).

    Examples
    --------
    >>> import mediation_sim as ms
    >>> sc = ms.scenarios.load("ukraine-2023")
    >>> [e.credible for e in ms.analysis.equilibrium_credibility(sc, china_pressure=0.6)]
    [True]
    >>> one_shot = sc.with_structure("simultaneous")
    >>> eqs = ms.analysis.equilibrium_credibility(one_shot, china_pressure=0.6)
    >>> [(e.profile["moscow"], e.indifferent, e.credible)
    ...  for e in eqs]                                     # doctest: +NORMALIZE_WHITESPACE
    [('fight_on', ('moscow',), False), ('offer_ceasefire', ('moscow',), False),
     ('offer_ceasefire', (), True)]

    The first two (the deadlock) rest on Moscow's indifference, the first also
    on a weakly dominated strategy; the last, a freeze Kyiv accepts, rests on
    no untested choice. The last two are perfect:

    >>> [(e.weakly_dominated, e.perfect) for e in eqs]
    [(('moscow',), False), ((), True), ((), True)]
    """
    tol = check_tol(tol, func="equilibrium_credibility")
    settle = [scenario.outcomes.index(o) for o in scenario.settlement_outcomes]
    if scenario.is_sequential:
        spe = scenario.subgame_perfect(mode=mode, fix=fix, tol=tol, mixed=False, **params)
        if not bool(spe.exists):
            return ()
        dist = spe.outcome_distribution()
        return (
            EquilibriumCredibility(
                structure=scenario.structure,
                profile=spe.labels(),
                outcomes=dist,
                settlement_probability=float(spe.settlement_probability),
                subgame_perfect=True,
                weakly_dominated=(),
                indifferent=(),
                unique=bool(spe.unique),
            ),
        )
    payoffs, probs = scenario.evaluate(mode=mode, fix=fix, **params)
    n = payoffs.shape[0]
    spread = float(np.ptp(payoffs)) or 1.0
    eps = tol * spread
    mask = pure_nash_mask(payoffs, n_players=n, tol=tol)
    dominated = _dominated(payoffs, eps)
    labels = scenario.strategy_labels(mode=mode, fix=fix)
    game = NormalFormGame(payoffs, scenario.players, labels)
    out = []
    for prof in zip(*np.nonzero(mask), strict=True):
        at = tuple(int(a) for a in prof)
        check = perfection(game, at, tol=tol, rng=0)
        weak = tuple(
            p
            for i, p in enumerate(scenario.players)
            if dominated[i][at[i]] or p in check.weakly_dominated
        )
        indifferent = []
        for i, p in enumerate(scenario.players):
            line: tuple[Any, ...] = (i, *at[:i], slice(None), *at[i + 1 :])
            own = payoffs[line]
            others = np.delete(own, at[i])
            if others.size and bool((others >= own[at[i]] - eps).any()):
                indifferent.append(p)
        where: tuple[Any, ...] = (slice(None), *at)
        dist_arr: FloatArray = probs[where]
        out.append(
            EquilibriumCredibility(
                structure=scenario.structure,
                profile={p: labels[i][at[i]] for i, p in enumerate(scenario.players)},
                outcomes={o: float(dist_arr[k]) for k, o in enumerate(scenario.outcomes)},
                settlement_probability=float(dist_arr[settle].sum()),
                subgame_perfect=True,
                weakly_dominated=weak,
                indifferent=tuple(indifferent),
                unique=int(mask.sum()) == 1,
                perfect=None if check.status == "undetermined" else check.perfect,
            )
        )
    return tuple(out)


@register_dataclass
@dataclass(frozen=True, slots=True)
class StructureRow:
    """The answer under one structure (see :class:`StructureComparison`).

    ``bargaining`` describes the structure's bargaining stage (``""``
    without one) and ``terms`` is the agreed terms on the path at
    :attr:`StructureComparison.at` (``nan`` without a bargaining stage or
    without agreement).
    """

    structure: str
    stages: tuple[tuple[str, ...], ...]
    critical_value: float
    window_upper: float
    intervals: tuple[tuple[float, float], ...]
    settlement_min: float
    settlement_max: float
    outcome: str
    credible: bool
    bargaining: str = ""
    terms: float = math.nan

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form."""

        def num(x: float) -> float | None:
            return None if math.isnan(x) else x

        return {
            "structure": self.structure,
            "stages": [list(s) for s in self.stages],
            "critical_value": num(self.critical_value),
            "window_upper": num(self.window_upper),
            "intervals": [list(iv) for iv in self.intervals],
            "settlement_min": num(self.settlement_min),
            "settlement_max": num(self.settlement_max),
            "outcome": self.outcome,
            "credible": self.credible,
            "bargaining": self.bargaining,
            "terms": num(self.terms),
        }


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class StructureComparison(Result):
    """One question answered under several move orders, side by side.

    Attributes
    ----------
    scenario : str
        Scenario name.
    parameter : str
        The control parameter varied.
    outcome : str
        The outcome (or ``"settlement"``) whose critical value is sought.
    mode : str
        Scenario mode.
    at : float
        The parameter value where settlement probabilities are read.
    rows : tuple of StructureRow
        One per structure, the scenario's default structure first.
    """

    scenario: str
    parameter: str
    outcome: str
    mode: str
    at: float
    rows: tuple[StructureRow, ...]

    @property
    def reference(self) -> StructureRow:
        """The row of the scenario's default structure."""
        return self.rows[0]

    def flips(self, *, atol: float = 1e-6) -> tuple[str, ...]:
        """Structures whose conclusion differs from the reference's.

        A conclusion differs when the outcome is reachable under one and not
        the other, the critical value or the window's top moves by more
        than ``atol``, or the most likely outcome at :attr:`at` changes.
        """
        ref = self.reference
        out = []
        for row in self.rows[1:]:
            same_reach = math.isnan(row.critical_value) == math.isnan(ref.critical_value)
            close = same_reach and (
                math.isnan(ref.critical_value)
                or (
                    abs(row.critical_value - ref.critical_value) <= atol
                    and abs(row.window_upper - ref.window_upper) <= atol
                )
            )
            if not close or row.outcome != ref.outcome:
                out.append(row.structure)
        return tuple(out)

    @property
    def agree(self) -> bool:
        """Whether every structure gives the reference's conclusion."""
        return not self.flips()

    def to_frame(self) -> Any:
        """One row per structure as a pandas DataFrame."""
        pd = pandas()
        return pd.DataFrame([r.to_dict() for r in self.rows]).drop(columns=["intervals"])

    def _summary(self) -> dict[str, Any]:
        """JSON-serialisable form."""
        return {
            "scenario": self.scenario,
            "parameter": self.parameter,
            "outcome": self.outcome,
            "mode": self.mode,
            "at": self.at,
            "rows": [r.to_dict() for r in self.rows],
            "flips": list(self.flips()),
        }

    def __repr__(self) -> str:
        shown = "; ".join(
            f"{r.structure}: "
            + (", ".join(f"[{a:.4g}, {b:.4g}]" for a, b in r.intervals) or "never")
            for r in self.rows
        )
        return f"StructureComparison({self.outcome!r} over {self.parameter}: {shown})"

    def _repr_html_(self) -> str:
        return f"<p>{html.escape(repr(self))}</p>"


def _protocol_label(bargaining: Bargaining | None) -> str:
    """A short label of a bargaining stage: the protocol and who proposes (``""``: none)."""
    if bargaining is None:
        return ""
    if bargaining.protocol == "mediator":
        return f"{bargaining.mediator} mediates"
    if bargaining.protocol == "nash":
        power = bargaining.to_dict()["power"] or "0.5"
        return f"nash split ({bargaining.between[0]}: {power})"
    if bargaining.protocol == "take_it_or_leave_it":
        return f"ultimatum by {bargaining.proposer}"
    return f"alternating, {bargaining.proposer or bargaining.between[0]} first"


def compare_structures(
    scenario: Scenario,
    parameter: str,
    *,
    outcome: str = "settlement",
    structures: Sequence[str] | None = None,
    at: float | None = None,
    mode: str | None = None,
    level: float = 0.5,
    tol: float = DEFAULT_TOL,
    **params: float,
) -> StructureComparison:
    """Critical value, window and settlement probability under each declared structure.

    For every structure: :func:`critical_value` of ``parameter`` for
    ``outcome`` (exact breakpoints where payoffs are affine); the range of
    the settlement probability over the equilibria at ``parameter = at``
    (one subgame-perfect path in a sequential structure; every pure Nash
    equilibrium in a one-stage one); and the most likely outcome there.
    ``credible`` says whether that answer holds without equilibria resting
    on weakly dominated strategies or untested indifferent choices.

    Under a structure with a bargaining stage over ``outcome`` the terms
    are bargained, so any agreement reaches ``outcome`` on some terms;
    there ``outcome`` counts as reached only where the agreed terms are at
    least its menu terms (the terms parameter's default, e.g. full
    withdrawal), found by :func:`terms_critical_value` — the same reading
    as the protocol table of :func:`report`. An agreement on lesser terms
    is still a settlement: with ``outcome="settlement"`` every agreement
    counts. The row's ``terms`` gives the agreed terms at ``at``.

    Parameters
    ----------
    scenario : Scenario
        The scenario (its structure is the reference, listed first).
    parameter : str
        Control parameter, e.g. ``"china_pressure"``.
    outcome : str, default "settlement"
        Outcome id or ``"settlement"``.
    structures : sequence of str, optional
        Structures to compare (default: all declared).
    at : float, optional
        Where to read settlement probabilities (default: the parameter's default).
    mode : str, optional
        Scenario mode.
    level : float, default 0.5
        As in :func:`critical_value`.
    tol : float, default 1e-8
        Relative tolerance of the equilibrium tests.
    **params : float
        Other parameters.

    Returns
    -------
    StructureComparison

    Examples
    --------
    >>> import mediation_sim as ms
    >>> sc = ms.scenarios.load("ukraine-2023")
    >>> cmp = ms.analysis.compare_structures(sc, "china_pressure", outcome="withdrawal", at=0.8)
    >>> [(r.structure, round(r.critical_value, 3), round(r.window_upper, 3))
    ...  for r in cmp.rows if r.intervals]                        # doctest: +NORMALIZE_WHITESPACE
    [('sequential', 0.681, 0.928), ('west_commits_first', 0.681, 0.928)]
    >>> cmp.flips()                                               # doctest: +NORMALIZE_WHITESPACE
    ('simultaneous', 'west_answers_offer', 'unobserved_pressure', 'kyiv_demands',
     'moscow_offers', 'beijing_mediates', 'nash_talks', 'alternating_talks')
    >>> [(r.structure, round(r.terms, 3)) for r in cmp.rows if r.bargaining]
    ...                                                           # doctest: +NORMALIZE_WHITESPACE
    [('kyiv_demands', 0.387), ('moscow_offers', 0.209), ('beijing_mediates', 0.298),
     ('nash_talks', 0.298), ('alternating_talks', 0.303)]
    """
    tol = check_tol(tol, func="compare_structures")
    outcome_indices(scenario, outcome)  # validates the outcome name
    names = list(scenario.structures) if structures is None else list(structures)
    for name in names:
        if name not in scenario.structures:
            raise UnknownNameError(
                f"compare_structures(): unknown structure {name!r}; "
                f"structures: {list(scenario.structures)}"
            )
    ordered = [scenario.structure, *(s for s in names if s != scenario.structure)]
    point = scenario.parameters[parameter].default if at is None else float(at)
    extra: dict[str, Any] = dict(params)
    rows = []
    for name in ordered:
        variant = scenario.with_structure(name)
        bargaining = variant.bargaining
        if bargaining is not None and bargaining.outcome == outcome:
            res = terms_critical_value(variant, parameter, mode=mode, tol=tol, **extra)
        else:
            res = critical_value(
                variant, parameter, outcome=outcome, level=level, mode=mode, tol=tol, **extra
            )
        terms = math.nan
        if bargaining is not None:
            path = variant.subgame_perfect(mode=mode, tol=tol, **{**extra, parameter: point})
            terms = float(np.asarray(getattr(path, "terms", math.nan), dtype=float))
        eqs = equilibrium_credibility(variant, mode=mode, tol=tol, **{**extra, parameter: point})
        probs = [e.settlement_probability for e in eqs]
        top = [max(e.outcomes, key=lambda o: e.outcomes[o]) for e in eqs]
        if bargaining is not None and math.isfinite(terms):  # an agreement: say on what terms
            top = [f"{o} on terms {terms:.3g}" if o == bargaining.outcome else o for o in top]
        rows.append(
            StructureRow(
                structure=name,
                stages=variant.stages,
                critical_value=res.value,
                window_upper=res.upper,
                intervals=res.intervals,
                settlement_min=min(probs) if probs else math.nan,
                settlement_max=max(probs) if probs else math.nan,
                outcome=" / ".join(sorted(set(top))) or "none",
                credible=bool(eqs) and all(e.credible for e in eqs),
                bargaining=_protocol_label(bargaining),
                terms=terms,
            )
        )
    return StructureComparison(
        scenario=scenario.name,
        parameter=parameter,
        outcome=outcome,
        mode=mode or scenario.default_mode,
        at=point,
        rows=tuple(rows),
    )
