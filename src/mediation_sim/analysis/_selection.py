"""Equilibrium selection, stated: which equilibrium an analysis reports, and why.

A game with several equilibria does not say which one is played; an
analysis that reports "the" outcome has selected one, and should say how.
:func:`select_equilibrium` makes the rule explicit:

========================  =====================================================================
``"best"``                the equilibrium with the highest settlement probability (an
                          optimistic mediator's reading: settlement is *possible*)
``"worst"``               the lowest settlement probability (settlement is *assured* only if
                          even this equilibrium settles)
``"payoff_dominance"``    the equilibrium every player weakly prefers to every other one
                          (Harsanyi and Selten 1988); none may exist
``"tracing"``             the end of the Harsanyi-Selten tracing procedure from the centroid
                          prior (``risk_dominance`` is an alias: in 2x2 games it selects the
                          risk-dominant equilibrium)
``"logit"``               the limit of the principal branch of logit quantal response
                          equilibria as precision grows (McKelvey and Palfrey 1995)
``"perfect"``             the trembling-hand perfect equilibrium (Selten 1975) with the
                          highest settlement probability: equilibria that rest on a weakly
                          dominated strategy, such as a threat its player would not carry
                          out if others could err, are dropped first
``"proper"``              the proper equilibrium (Myerson 1978) with the highest settlement
                          probability: costlier mistakes are infinitely less likely
========================  =====================================================================

``"best"``, ``"worst"`` and ``"payoff_dominance"`` choose among every
equilibrium (:func:`~mediation_sim.solvers.all_nash`); ``"tracing"`` and
``"logit"`` follow a path to one equilibrium, which they select;
``"perfect"`` and ``"proper"`` choose among the perfect (proper) ones
(:func:`~mediation_sim.solvers.perfect_equilibria`,
:func:`~mediation_sim.solvers.proper_equilibria`), and their
``settlement_range`` spans them.
:func:`equilibrium_multiplicity` measures how much of a sweep's parameter
space has several equilibria with different outcomes: the share of the space
in which the selection rule matters (the coordination problem).

Selection is among the Nash equilibria of a one-shot game. A scenario with a
multi-stage structure is solved by backward induction instead
(:meth:`~mediation_sim.scenarios.Scenario.subgame_perfect`), whose ``ties``
say whether the subgame-perfect equilibrium is unique; selecting among the
one-shot game's equilibria would silently drop the move order, so it is
refused.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from .._errors import DegenerateGameWarning, InvalidArgumentError
from .._results import Result
from .._validation import DEFAULT_TOL, check_tol
from ..games.normal_form import MixedProfile
from ..scenarios.scenario import Scenario
from ..solvers import all_nash, nash, perfect_equilibria, proper_equilibria

__all__ = ["Multiplicity", "Selection", "equilibrium_multiplicity", "select_equilibrium"]

Rule = Literal[
    "best", "worst", "payoff_dominance", "risk_dominance", "tracing", "logit", "perfect", "proper"
]
RULES = (
    "best",
    "worst",
    "payoff_dominance",
    "risk_dominance",
    "tracing",
    "logit",
    "perfect",
    "proper",
)


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Selection(Result):
    """The equilibrium a selection rule picks, with the alternatives it was chosen from.

    Attributes
    ----------
    rule : str
        The selection rule.
    profile : MixedProfile or None
        The selected equilibrium (None when the rule selects none, e.g. no
        equilibrium is payoff-dominant).
    settlement_probability : float
        Its probability of a settlement outcome (``nan`` when none).
    outcomes : Mapping[str, float]
        Its outcome distribution (empty when none).
    n_equilibria : int
        How many equilibria the rule chose among (1 for path-following rules).
    settlement_range : tuple of float
        Lowest and highest settlement probability over those equilibria.
    note : str
        How the selection was made.
    """

    rule: str
    profile: MixedProfile | None
    settlement_probability: float
    outcomes: Mapping[str, float] = field(default_factory=dict)
    n_equilibria: int = 0
    settlement_range: tuple[float, float] = (float("nan"), float("nan"))
    note: str = ""

    def _summary(self) -> dict[str, Any]:
        """JSON-serialisable form."""
        return {
            "rule": self.rule,
            "profile": None if self.profile is None else self.profile.to_dict(),
            "settlement_probability": self.settlement_probability,
            "outcomes": dict(self.outcomes),
            "n_equilibria": self.n_equilibria,
            "settlement_range": list(self.settlement_range),
            "note": self.note,
        }

    def __repr__(self) -> str:
        chosen = "none" if self.profile is None else repr(self.profile)
        return (
            f"Selection(rule={self.rule!r}, settlement={self.settlement_probability:.3g}, "
            f"among {self.n_equilibria}, profile={chosen})"
        )


def _payoff_dominant(equilibria: list[MixedProfile], atol: float) -> int | None:
    """Index of the equilibrium every player weakly prefers to all others, if unique."""
    pays = np.array([eq.payoffs for eq in equilibria])
    for k in range(len(equilibria)):
        if (pays[k] >= pays - atol).all():
            others = np.delete(pays, k, axis=0)
            distinct = np.abs(others - pays[k]).max(axis=1) > atol if others.size else []
            if all(distinct):
                return k
    return None


def select_equilibrium(
    scenario: Scenario,
    rule: Rule = "best",
    *,
    mode: str | None = None,
    fix: Mapping[str, str] | None = None,
    tol: float = DEFAULT_TOL,
    **params: float,
) -> Selection:
    """The equilibrium of the scenario's game that ``rule`` selects, and its outcomes.

    Parameters
    ----------
    scenario : Scenario
        The scenario.
    rule : str, default "best"
        ``"best"``, ``"worst"``, ``"payoff_dominance"``, ``"risk_dominance"``,
        ``"tracing"``, ``"logit"``, ``"perfect"`` or ``"proper"`` (module
        docstring).
    mode, fix
        As in :meth:`Scenario.game`.
    tol : float, default 1e-8
        Regret tolerance of the solvers, relative to the payoff range.
    **params : float
        Parameter values, as in :meth:`Scenario.game`.

    Returns
    -------
    Selection
        The selected equilibrium, its outcome distribution and the range of
        settlement probabilities over the equilibria chosen among.

    Raises
    ------
    InvalidArgumentError
        For an unknown rule, or a scenario whose :attr:`~Scenario.structure`
        has several stages: its equilibria are the subgame-perfect ones
        (:meth:`Scenario.subgame_perfect`), and the Nash equilibria of the
        one-shot game would include threats nobody would carry out.

    Examples
    --------
    In the one-shot version of the flagship, at pressures in its window,
    there are several equilibria, and the rules disagree on whether the war
    ends:

    >>> import mediation_sim as ms
    >>> sc = ms.scenarios.load("ukraine-2023").with_structure("simultaneous")
    >>> best = ms.analysis.select_equilibrium(sc, "best", china_pressure=0.6)
    >>> worst = ms.analysis.select_equilibrium(sc, "worst", china_pressure=0.6)
    >>> best.settlement_probability, worst.settlement_probability
    (1.0, 0.0)
    >>> best.profile.game.is_nash(best.profile)
    True

    Refined to trembling-hand perfect equilibria, the deadlock in which
    Moscow fights on is gone (fighting on is weakly dominated by offering a
    ceasefire), but a deadlock in which Moscow offers a ceasefire nobody
    takes survives next to withdrawal:

    >>> perfect = ms.analysis.select_equilibrium(sc, "perfect", china_pressure=0.6)
    >>> perfect.settlement_probability, perfect.settlement_range, perfect.n_equilibria
    (1.0, (0.0, 1.0), 3)
    >>> proper = ms.analysis.select_equilibrium(sc, "proper", china_pressure=0.6)
    >>> proper.settlement_range, proper.n_equilibria
    ((0.0, 1.0), 2)
    """
    if rule not in RULES:
        raise InvalidArgumentError(
            f"select_equilibrium(): unknown rule {rule!r}; rules: {', '.join(RULES)}"
        )
    if scenario.is_sequential:
        raise InvalidArgumentError(
            f"select_equilibrium(): scenario {scenario.name!r} has the multi-stage structure "
            f"{scenario.structure!r}, whose equilibria are subgame-perfect; use "
            "scenario.subgame_perfect(...) for them, or select among the Nash equilibria "
            "of the one-shot game with scenario.with_structure('simultaneous')"
        )
    tol = check_tol(tol, func="select_equilibrium")
    game = scenario.game(mode=mode, fix=fix, **params)
    settle = scenario.settlement_outcomes

    def outcomes_of(eq: MixedProfile) -> dict[str, float]:
        return scenario.outcome_distribution(eq, mode=mode, fix=fix, **params)

    if rule in ("tracing", "risk_dominance", "logit"):
        method = "logit" if rule == "logit" else "tracing"
        result = nash(game, method=method, presolve=False, tol=tol)
        if not result.equilibria:
            return Selection(rule, None, float("nan"), note=result.message)
        eq = result.equilibria[0]
        dist = outcomes_of(eq)
        value = float(sum(dist[o] for o in settle))
        note = (
            "end of the logit QRE principal branch"
            if method == "logit"
            else "end of the tracing procedure from the centroid prior"
        )
        return Selection(rule, eq, value, dist, 1, (value, value), note)
    if rule in ("perfect", "proper"):
        return _select_refined(rule, game, outcomes_of, settle, tol)
    with warnings.catch_warnings():
        # Incompleteness is stated in the selection's note instead.
        warnings.simplefilter("ignore", DegenerateGameWarning)
        found = all_nash(game, tol=tol)
    equilibria = list(found.equilibria)
    dists = [outcomes_of(eq) for eq in equilibria]
    values = [float(sum(d[o] for o in settle)) for d in dists]
    span = (min(values), max(values))
    base = f"among {len(equilibria)} equilibria from all_nash"
    if not found.complete:
        base += " (the list is not proved complete: the game has sets of equilibria)"
    if rule == "best":
        k = int(np.argmax(values))
        note = f"highest settlement probability {base}"
    elif rule == "worst":
        k = int(np.argmin(values))
        note = f"lowest settlement probability {base}"
    else:
        picked = _payoff_dominant(equilibria, atol=tol * game.payoff_range)
        if picked is None:
            return Selection(
                rule,
                None,
                float("nan"),
                n_equilibria=len(equilibria),
                settlement_range=span,
                note=f"no equilibrium is payoff-dominant {base}",
            )
        k = picked
        note = f"payoff-dominant {base}"
    return Selection(rule, equilibria[k], values[k], dists[k], len(equilibria), span, note)


def _select_refined(
    rule: str,
    game: Any,
    outcomes_of: Callable[[MixedProfile], dict[str, float]],
    settle: Any,
    tol: float,
) -> Selection:
    """The perfect (or proper) equilibrium with the highest settlement probability."""
    refine = perfect_equilibria if rule == "perfect" else proper_equilibria
    found = refine(game, tol=tol, rng=0)
    undetermined = len(found.undetermined)
    base = f"among {len(found)} {rule} of {found.n_nash} Nash equilibria from all_nash"
    if undetermined:
        base += f" ({undetermined} not shown {rule} nor refuted, left out)"
    if not found.complete and not undetermined:
        base += " (the Nash list is not proved complete: the game has sets of equilibria)"
    if not found.equilibria:
        return Selection(rule, None, float("nan"), note=f"no {rule} equilibrium {base}")
    equilibria = list(found.equilibria)
    dists = [outcomes_of(eq) for eq in equilibria]
    values = [float(sum(d[o] for o in settle)) for d in dists]
    k = int(np.argmax(values))
    return Selection(
        rule,
        equilibria[k],
        values[k],
        dists[k],
        len(equilibria),
        (min(values), max(values)),
        f"highest settlement probability {base}",
    )


@dataclass(frozen=True, slots=True, eq=False)
class Multiplicity(Result):
    """How much of a sweep's parameter space has several equilibria, and several outcomes.

    Attributes
    ----------
    n_points : int
        Grid points in the sweep.
    share_multiple : float
        Share of points with more than one equilibrium.
    share_divergent : float
        Share of points whose equilibria differ in settlement probability by
        more than ``atol``: there, the selection rule decides the answer
        (the coordination problem).
    divergent_points : tuple of int
        The ``point`` indices of those points.
    """

    n_points: int
    share_multiple: float
    share_divergent: float
    divergent_points: tuple[int, ...] = ()

    def _summary(self) -> dict[str, Any]:
        """JSON-serialisable form."""
        return {
            "n_points": self.n_points,
            "share_multiple": self.share_multiple,
            "share_divergent": self.share_divergent,
            "divergent_points": list(self.divergent_points),
        }


def equilibrium_multiplicity(frame: Any, *, atol: float = 1e-6) -> Multiplicity:
    """Measure the coordination problem over a :func:`sweep` frame.

    Parameters
    ----------
    frame : pandas.DataFrame
        The result of :func:`sweep` (one row per point x equilibrium).
    atol : float, default 1e-6
        Settlement probabilities closer than this count as the same outcome.

    Returns
    -------
    Multiplicity
        Shares of the grid with several equilibria and with several outcomes.

    Examples
    --------
    >>> import numpy as np, mediation_sim as ms
    >>> sc = ms.scenarios.load("ukraine-2023").with_structure("simultaneous")
    >>> df = ms.analysis.sweep(sc, china_pressure=np.linspace(0, 1, 11))
    >>> m = ms.analysis.equilibrium_multiplicity(df)
    >>> 0.0 < m.share_divergent <= m.share_multiple <= 1.0
    True
    """
    if "point" not in frame or "settlement_probability" not in frame:
        raise InvalidArgumentError(
            "equilibrium_multiplicity(): frame must be the result of ms.analysis.sweep"
        )
    grouped = frame.groupby("point")["settlement_probability"]
    counts = frame.groupby("point")["n_equilibria"].first()
    spread = (grouped.max() - grouped.min()).fillna(0.0)
    divergent = spread[spread > atol].index
    n = len(counts)
    return Multiplicity(
        n_points=n,
        share_multiple=float((counts > 1).sum() / n) if n else 0.0,
        share_divergent=float(len(divergent) / n) if n else 0.0,
        divergent_points=tuple(int(p) for p in divergent),
    )
