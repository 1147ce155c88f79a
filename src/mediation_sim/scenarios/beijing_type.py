r"""Beijing's type: the ``ukraine-2023-v0.1`` scenario with a mediator of uncertain intent.

The seed column's question is conditional: Xi *could* press Putin, *if he
chooses to*, and Kyiv and Washington doubt that he means to. This module
adds that doubt to the flagship scenario as incomplete information, using
only the scenario's public interface (``sc.game(**params)``,
``sc.players``, ``sc.parameters``, ``sc.outcome_distribution`` and
``sc.outcome_probabilities``), so it works with any revision of the
scenario that keeps those.

The model (all numbers in
``scenarios/extension_data/ukraine-2023-beijing-type.toml``, each with a
range, a rationale and the claims it rests on):

* The base scenario is ``ukraine-2023-v0.1``, the v0.1 payoffs of the
  flagship, on which the extension's numbers were set: the shipped file
  names it explicitly, so the revision of the flagship ``ukraine-2023``
  leaves this model's results unchanged. Pass ``scenario=`` to
  :func:`load_beijing_type` to put the revised flagship underneath.

* Beijing (the ``mediator``) is **sincere** — its payoffs are the base
  scenario's — or **aligned** with Moscow (the ``ally``): its payoff is the
  base payoff plus ``alignment`` times Moscow's payoff, plus
  ``propaganda_bonus`` when it sends a nominal envoy (claims C03, C04).
* Moscow (``informed``) knows Beijing's type; Kyiv, Washington and Brussels
  (``uninformed``) do not, and each holds its own belief that Beijing is
  sincere (``belief_kyiv`` etc.; claims C02, C08, C09, C12). The objective
  prior ``prior_sincere`` weighs the types when outcome probabilities are
  reported and is the common prior of the mediator's LP.
* Equilibria are pure Bayes–Nash equilibria of the type-agent form (one
  agent per type of Beijing and Moscow), found by the verified
  :func:`~mediation_sim.solvers.pure_nash`. With a common prior this form
  is exactly :meth:`BayesianGame.type_agent_game` (a test checks it); with
  the players' own beliefs each uninformed player best-responds to its
  belief.

Questions answered:

* :meth:`BeijingTypeModel.credibility_premium` — how much settlement is
  lost, and how much more pressure is needed, when Beijing's sincerity is
  in doubt rather than certain;
* :meth:`BeijingTypeModel.visible_step` — whether a costly visible step
  (an envoy to Kyiv, public pressure) can *separate* the sincere type:
  the band of step costs in which the sincere type takes it and the aligned
  type, for whom it also strains the partnership with Moscow, does not;
* :meth:`BeijingTypeModel.mediator_optimum` — the best a mediator could do
  for settlement with Beijing's type uncertain (a communication
  equilibrium, by LP);
* :meth:`BeijingTypeModel.sweep_prior` — all of it over the prior.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from importlib.resources import files
from os import PathLike
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from numpy.typing import NDArray

from .._errors import InvalidArgumentError, SpecError
from .._results import Result
from ..games.bayesian import BayesianGame
from ..games.normal_form import NormalFormGame
from ..solvers import CommunicationResult, communication_equilibrium
from ..solvers.pure import pure_nash
from ._limits import check_spec_nesting
from ._loaders import load
from .scenario import Scenario

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "BeijingTypeModel",
    "BeijingTypeSolution",
    "CredibilityPremium",
    "TypeParameter",
    "VisibleStep",
    "load_beijing_type",
]

FloatArray = NDArray[np.float64]
TYPES = ("sincere", "aligned")
_REQUIRED = (
    "prior_sincere",
    "belief_kyiv",
    "belief_washington",
    "belief_brussels",
    "alignment",
    "propaganda_bonus",
    "step_partnership_strain",
)


@dataclass(frozen=True, slots=True)
class TypeParameter:
    """One assumption of the extension: central value, range, rationale and claims."""

    name: str
    value: float
    range: tuple[float, float]
    rationale: str
    claims: tuple[str, ...]


def _fail(msg: str, path: str, key: str) -> SpecError:
    return SpecError(msg, path=path, key=key)


def _number(value: object, *, path: str, key: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _fail(f"must be a number, got {type(value).__name__}", path, key)
    out = float(value)
    if not math.isfinite(out):
        raise _fail("must be finite (nan and inf are refused)", path, key)
    return out


def _read(path: str, text: str) -> dict[str, Any]:
    check_spec_nesting(text, path)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SpecError(f"malformed TOML ({exc})", path=path) from None


def _strings(value: object, *, path: str, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise _fail("must be a list of non-empty strings", path, key)
    return tuple(value)


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class BeijingTypeSolution(Result):
    """Pure Bayes–Nash equilibria of the extension at one parameter point.

    Attributes
    ----------
    equilibria : tuple of dict
        Each: ``{"sincere": {player: strategy}, "aligned": {player: strategy}}``
        — the base-scenario profile played when Beijing is of that type.
    target : tuple of float
        Per equilibrium, the probability of the target outcome (withdrawal)
        under the objective prior.
    target_if_sincere : tuple of float
        Per equilibrium, its probability when Beijing is sincere.
    settlement : tuple of float
        Per equilibrium, the probability of any settlement outcome.
    beliefs : Mapping[str, float]
        The uninformed players' beliefs that Beijing is sincere.
    prior_sincere : float
        The objective prior.
    """

    equilibria: tuple[Mapping[str, Mapping[str, str]], ...]
    target: tuple[float, ...]
    target_if_sincere: tuple[float, ...]
    settlement: tuple[float, ...]
    beliefs: Mapping[str, float]
    prior_sincere: float

    def best(self, which: Literal["max", "min"] = "max") -> int | None:
        """Index of the equilibrium with the highest (or lowest) target probability."""
        if not self.target:
            return None
        arr = np.asarray(self.target)
        return int(np.argmax(arr) if which == "max" else np.argmin(arr))

    def _summary(self) -> dict[str, Any]:
        """JSON-serialisable form."""
        return {
            "equilibria": [{t: dict(prof) for t, prof in eq.items()} for eq in self.equilibria],
            "target": list(self.target),
            "target_if_sincere": list(self.target_if_sincere),
            "settlement": list(self.settlement),
            "beliefs": dict(self.beliefs),
            "prior_sincere": self.prior_sincere,
        }

    def __repr__(self) -> str:
        if not self.target:
            return "BeijingTypeSolution(no pure Bayes-Nash equilibrium)"
        return (
            f"BeijingTypeSolution({len(self.target)} pure equilibria, target probability "
            f"{min(self.target):.3g}..{max(self.target):.3g})"
        )


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class CredibilityPremium(Result):
    """What doubt about Beijing's sincerity costs.

    Attributes
    ----------
    target_certain, target_doubt : float
        Probability of the target outcome (best pure equilibrium) when
        everyone is sure Beijing is sincere, and under the stated doubt (the
        objective prior weighs the types).
    settlement_premium : float
        ``target_certain - target_doubt``.
    critical_certain, critical_doubt : float
        Smallest pressure on the grid at which the sincere type's
        equilibrium play reaches the target outcome with probability at
        least 1/2, when sincerity is certain / in doubt (``inf`` if none).
    pressure_premium : float
        ``critical_doubt - critical_certain`` (``inf`` if doubt closes the
        window altogether, ``nan`` if neither reaches it).
    window_certain, window_doubt : tuple of float
        Lowest and highest such pressure (``(inf, -inf)`` if none).
    """

    target_certain: float
    target_doubt: float
    settlement_premium: float
    critical_certain: float
    critical_doubt: float
    pressure_premium: float
    window_certain: tuple[float, float]
    window_doubt: tuple[float, float]

    def _summary(self) -> dict[str, Any]:
        """JSON-serialisable form (``None`` for infinities and nan)."""

        def clean(x: float) -> float | None:
            return x if math.isfinite(x) else None

        return {
            "target_certain": self.target_certain,
            "target_doubt": self.target_doubt,
            "settlement_premium": self.settlement_premium,
            "critical_certain": clean(self.critical_certain),
            "critical_doubt": clean(self.critical_doubt),
            "pressure_premium": clean(self.pressure_premium),
            "window_certain": [clean(x) for x in self.window_certain],
            "window_doubt": [clean(x) for x in self.window_doubt],
        }

    def __repr__(self) -> str:
        return (
            f"CredibilityPremium(settlement {self.target_certain:.3g} -> {self.target_doubt:.3g}, "
            f"critical pressure {self.critical_certain:.3g} -> {self.critical_doubt:.3g})"
        )


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class VisibleStep(Result):
    """Whether a costly visible step can signal the sincere type.

    Attributes
    ----------
    gain_sincere, gain_aligned : float
        Each type's gain from being believed sincere rather than aligned
        (its payoff against the others' play at belief 1 minus at belief 0,
        best-responding in both).
    strain : float
        The aligned type's extra cost of the step.
    lower, upper : float
        The band of step costs ``c`` (borne by both types; the aligned type
        pays ``c + strain``) in which a separating equilibrium exists:
        ``gain_aligned - strain <= c <= gain_sincere``, clipped at 0.
    separating : bool
        Whether the band is non-empty.
    """

    gain_sincere: float
    gain_aligned: float
    strain: float
    lower: float
    upper: float
    separating: bool

    def _summary(self) -> dict[str, Any]:
        """JSON-serialisable form."""
        return {
            "gain_sincere": self.gain_sincere,
            "gain_aligned": self.gain_aligned,
            "strain": self.strain,
            "lower": self.lower,
            "upper": self.upper,
            "separating": self.separating,
        }

    def __repr__(self) -> str:
        if not self.separating:
            return "VisibleStep(no separating step cost)"
        return f"VisibleStep(separates for step costs in [{self.lower:.3g}, {self.upper:.3g}])"


@dataclass(frozen=True, slots=True, repr=False)
class BeijingTypeModel:
    """The ``ukraine-2023-v0.1`` scenario (by default) with Beijing's type uncertain.

    Build it with :func:`load_beijing_type`. Parameter values of the base
    scenario (``china_pressure=...``) are passed through to ``sc.game``;
    the extension's own parameters (``prior_sincere``, ``belief_kyiv``, ...)
    may be overridden by keyword in every method.

    Attributes
    ----------
    scenario : Scenario
        The base scenario.
    parameters : Mapping[str, TypeParameter]
        The extension's assumptions.
    mediator, ally : str
        Beijing and Moscow (player names in the base scenario).
    informed, uninformed : tuple of str
        Who knows Beijing's type, and who does not.
    labels : Mapping[str, str]
        ``{"nominal": ..., "press": ...}``: the mediator's strategies used.
    pressure_parameter, target_outcome : str
        The base scenario's pressure parameter and the outcome whose
        critical pressure is reported.
    path : str
        Where the extension's data came from.
    """

    scenario: Scenario = field(repr=False)
    parameters: Mapping[str, TypeParameter]
    mediator: str
    ally: str
    informed: tuple[str, ...]
    uninformed: tuple[str, ...]
    labels: Mapping[str, str]
    pressure_parameter: str
    target_outcome: str
    path: str

    # ------------------------------------------------------------------ values
    def _values(self, overrides: Mapping[str, float]) -> tuple[dict[str, float], dict[str, Any]]:
        own: dict[str, float] = {k: p.value for k, p in self.parameters.items()}
        base: dict[str, Any] = {}
        for k, v in overrides.items():
            if k in self.parameters or (
                k.startswith("belief_") and k.removeprefix("belief_") in self.scenario.players
            ):
                lo, hi = 0.0, 1.0 if k.startswith(("prior", "belief")) else math.inf
                x = float(v)
                if not (lo <= x <= hi) or not math.isfinite(x):
                    raise InvalidArgumentError(f"{k} must lie in [{lo}, {hi}], got {x!r}")
                own[k] = x
            else:
                base[k] = v
        return own, base

    def beliefs(self, **overrides: float) -> dict[str, float]:
        """Each uninformed player's belief that Beijing is sincere."""
        own, _ = self._values(overrides)
        return {p: own.get(f"belief_{p}", own["prior_sincere"]) for p in self.uninformed}

    def type_payoffs(self, **overrides: float) -> tuple[NormalFormGame, FloatArray, FloatArray]:
        """The base game and the payoff arrays when Beijing is sincere / aligned."""
        own, base = self._values(overrides)
        g = self.scenario.game(**base)
        sincere = np.array(g.payoffs)
        aligned = sincere.copy()
        b = g.player_index(self.mediator)
        m = g.player_index(self.ally)
        aligned[b] = sincere[b] + own["alignment"] * sincere[m]
        nominal = g.strategy_index(b, self.labels["nominal"])
        index: list[Any] = [slice(None)] * g.n_players
        index[b] = nominal
        aligned[b][tuple(index)] += own["propaganda_bonus"]
        return g, sincere, aligned

    def _typed(self, g: NormalFormGame) -> list[bool]:
        return [p == self.mediator or p in self.informed for p in g.players]

    def agent_game(self, **overrides: float) -> NormalFormGame:
        """The type-agent form with each uninformed player's own belief.

        Agents: one per player, two (``player:sincere``, ``player:aligned``)
        for Beijing and the informed players.
        """
        g, sincere, aligned = self.type_payoffs(**overrides)
        beliefs = self.beliefs(**overrides)
        typed = self._typed(g)
        names: list[str] = []
        strategies: list[tuple[str, ...]] = []
        axes: dict[tuple[int, str], int] = {}
        for i, p in enumerate(g.players):
            for t in TYPES if typed[i] else ("",):
                axes[(i, t)] = len(names)
                names.append(f"{p}:{t}" if t else p)
                strategies.append(g.strategies[i])
        shape = tuple(len(s) for s in strategies)

        def view(u: FloatArray, t: str) -> FloatArray:
            target = [1] * len(names)
            for j in range(g.n_players):
                target[axes[(j, t if typed[j] else "")]] = g.shape[j]
            return u.reshape(target)

        out = np.zeros((len(names), *shape))
        for i, p in enumerate(g.players):
            if typed[i]:
                for t, u in zip(TYPES, (sincere, aligned), strict=True):
                    out[axes[(i, t)]] = np.broadcast_to(view(u[i], t), shape)
            else:
                beta = beliefs.get(p, self._values(overrides)[0]["prior_sincere"])
                mix = beta * view(sincere[i], "sincere") + (1 - beta) * view(aligned[i], "aligned")
                out[axes[(i, "")]] = np.broadcast_to(mix, shape)
        return NormalFormGame(
            out, names, strategies, title=f"{self.scenario.name} (Beijing's type)"
        )

    def bayesian_game(self, **overrides: float) -> BayesianGame:
        """The common-prior Bayesian game (prior ``prior_sincere`` for everyone).

        Beijing and the informed players have the types ``sincere`` and
        ``aligned``, perfectly correlated; the others have one type.
        """
        own, _ = self._values(overrides)
        g, sincere, aligned = self.type_payoffs(**overrides)
        typed = self._typed(g)
        n_types = tuple(2 if t else 1 for t in typed)
        prior = np.zeros(n_types)
        for k, w in enumerate((own["prior_sincere"], 1 - own["prior_sincere"])):
            prior[tuple(k if t else 0 for t in typed)] = w
        u = np.empty((g.n_players, *n_types, *g.shape))
        for idx in np.ndindex(*n_types):
            labels = {idx[i] for i in range(g.n_players) if typed[i]}
            u[(slice(None), *idx)] = aligned if labels == {1} else sincere
        types = [list(TYPES) if t else ["known"] for t in typed]
        return BayesianGame(
            u, prior, g.players, types, [list(s) for s in g.strategies], title=g.title
        )

    # ------------------------------------------------------------------ solving
    def solve(self, **overrides: float) -> BeijingTypeSolution:
        """Every pure Bayes–Nash equilibrium (own beliefs), with outcome probabilities."""
        own, base = self._values(overrides)
        agent = self.agent_game(**overrides)
        g = self.scenario.game(**base)
        typed = self._typed(g)
        res = pure_nash(agent)
        rho = own["prior_sincere"]
        settle = set(self.scenario.settlement_outcomes)
        eqs, target, target_s, settlement = [], [], [], []
        for eq in res:
            labels = eq.pure_labels or {}
            per_type: dict[str, dict[str, str]] = {}
            probs = []
            for t in TYPES:
                prof = {p: labels[f"{p}:{t}" if typed[i] else p] for i, p in enumerate(g.players)}
                per_type[t] = prof
                probs.append(self.scenario.outcome_distribution(prof, **base))
            eqs.append(MappingProxyType({t: MappingProxyType(v) for t, v in per_type.items()}))
            tgt = [d[self.target_outcome] for d in probs]
            target.append(rho * tgt[0] + (1 - rho) * tgt[1])
            target_s.append(tgt[0])
            settlement.append(
                sum(
                    w * sum(d[o] for o in settle)
                    for w, d in zip((rho, 1 - rho), probs, strict=True)
                )
            )
        return BeijingTypeSolution(
            equilibria=tuple(eqs),
            target=tuple(float(x) for x in target),
            target_if_sincere=tuple(float(x) for x in target_s),
            settlement=tuple(float(x) for x in settlement),
            beliefs=MappingProxyType(self.beliefs(**overrides)),
            prior_sincere=rho,
        )

    def _certain(self) -> dict[str, float]:
        out = {"prior_sincere": 1.0}
        out.update({f"belief_{p}": 1.0 for p in self.uninformed})
        return out

    def window(self, *, n: int = 41, **overrides: float) -> tuple[float, float]:
        """The window of pressures at which the sincere type's play reaches the target.

        On an ``n``-point grid over the pressure parameter's bounds, the
        pressures at which the sincere type's best pure equilibrium reaches
        the target outcome with probability at least 1/2:
        ``(lowest, highest)``, or ``(inf, -inf)`` if none does.
        """
        name = self.pressure_parameter
        lo, hi = self.scenario.parameters[name].bounds
        rest = {k: v for k, v in overrides.items() if k != name}
        hits = []
        for x in np.linspace(lo, hi, n):
            sol = self.solve(**{name: float(x)}, **rest)
            if sol.target_if_sincere and max(sol.target_if_sincere) >= 0.5:
                hits.append(float(x))
        return (min(hits), max(hits)) if hits else (math.inf, -math.inf)

    def credibility_premium(self, *, n: int = 41, **overrides: float) -> CredibilityPremium:
        """Settlement (at the given parameters) and the pressure window, certain versus in doubt."""
        certain = {**overrides, **self._certain()}
        doubt = self.solve(**overrides)
        sure = self.solve(**certain)
        t_doubt = max(doubt.target, default=0.0)
        t_sure = max(sure.target, default=0.0)
        w_sure = self.window(n=n, **certain)
        w_doubt = self.window(n=n, **overrides)
        if math.isinf(w_sure[0]) and math.isinf(w_doubt[0]):
            premium = math.nan
        else:
            premium = w_doubt[0] - w_sure[0]
        return CredibilityPremium(
            t_sure, t_doubt, t_sure - t_doubt, w_sure[0], w_doubt[0], premium, w_sure, w_doubt
        )

    def with_informed(self, informed: Sequence[str]) -> BeijingTypeModel:
        """The same model with another set of players who know Beijing's type.

        A player who becomes uninformed holds the common prior
        ``prior_sincere`` unless a ``belief_<player>`` parameter exists: a
        structural alternative to compare with the declared one.
        """
        others = [p for p in self.scenario.players if p != self.mediator]
        unknown = [p for p in informed if p not in others]
        if unknown:
            raise InvalidArgumentError(f"with_informed(): unknown or mediator players {unknown}")
        return replace(
            self,
            informed=tuple(p for p in others if p in informed),
            uninformed=tuple(p for p in others if p not in informed),
        )

    def _best_payoff(
        self, belief: float, mediator_type: int, overrides: Mapping[str, float]
    ) -> float:
        """The mediator type's best-response payoff against the others' play at a common belief.

        The others' play is taken from the target-maximising pure equilibrium
        at that belief (everyone uninformed holds it).
        """
        beliefs = {"prior_sincere": belief, **{f"belief_{p}": belief for p in self.uninformed}}
        merged = {**overrides, **beliefs}
        sol = self.solve(**merged)
        k = sol.best("max")
        if k is None:
            return math.nan
        g, sincere, aligned = self.type_payoffs(**merged)
        u = (sincere, aligned)[mediator_type]
        b = g.player_index(self.mediator)
        # the others play as against the believed type (uninformed: their single strategy;
        # informed: the strategy for the mediator's true type)
        prof = dict(sol.equilibria[k][TYPES[mediator_type]])
        uninformed_view = sol.equilibria[k]["sincere" if belief >= 0.5 else "aligned"]
        for p in self.uninformed:
            prof[p] = uninformed_view[p]
        idx: list[Any] = [g.strategy_index(i, prof[p]) for i, p in enumerate(g.players)]
        idx[b] = slice(None)
        return float(np.max(u[b][tuple(idx)]))

    def visible_step(self, **overrides: float) -> VisibleStep:
        """The band of step costs at which a visible step separates the sincere type."""
        own, _ = self._values(overrides)
        gains = []
        for t in range(2):
            gains.append(
                self._best_payoff(1.0, t, overrides) - self._best_payoff(0.0, t, overrides)
            )
        strain = own["step_partnership_strain"]
        lower = max(0.0, gains[1] - strain)
        upper = gains[0]
        return VisibleStep(gains[0], gains[1], strain, lower, upper, bool(upper >= lower))

    def mediator_optimum(self, **overrides: float) -> CommunicationResult:
        """The communication equilibrium (common prior) that maximises the target outcome."""
        _, base = self._values(overrides)
        bg = self.bayesian_game(**overrides)
        probs = self.scenario.outcome_probabilities(**base)
        k = self.scenario.outcomes.index(self.target_outcome)
        weights = np.asarray(probs[k], dtype=np.float64)
        return communication_equilibrium(
            bg, objective=np.broadcast_to(weights, bg.n_types + bg.n_actions)
        )

    def sweep_prior(self, priors: Sequence[float], **overrides: float) -> pd.DataFrame:
        """For each common prior: best and worst target probability, settlement, premium.

        All uninformed beliefs are set to the prior. Columns: ``prior_sincere``,
        ``n_equilibria``, ``target_max``, ``target_min``, ``settlement_max``,
        ``settlement_premium``.
        """
        import pandas as pd

        certain = self.solve(**{**overrides, **self._certain()})
        t_sure = max(certain.target, default=0.0)
        rows = []
        for rho in priors:
            beliefs = {"prior_sincere": float(rho)}
            beliefs.update({f"belief_{p}": float(rho) for p in self.uninformed})
            sol = self.solve(**{**overrides, **beliefs})
            rows.append(
                {
                    "prior_sincere": float(rho),
                    "n_equilibria": len(sol.target),
                    "target_max": max(sol.target, default=math.nan),
                    "target_min": min(sol.target, default=math.nan),
                    "settlement_max": max(sol.settlement, default=math.nan),
                    "settlement_premium": t_sure - max(sol.target, default=0.0),
                }
            )
        return pd.DataFrame(rows)

    def __repr__(self) -> str:
        return (
            f"BeijingTypeModel({self.scenario.name}, mediator={self.mediator!r}, "
            f"informed={list(self.informed)}, prior_sincere="
            f"{self.parameters['prior_sincere'].value:g})"
        )


def load_beijing_type(
    path: str | PathLike[str] | None = None, *, scenario: Scenario | None = None
) -> BeijingTypeModel:
    """Load the Beijing's-type extension (the shipped TOML by default) and validate it.

    Parameters
    ----------
    path : path-like, optional
        A TOML file in the format of
        ``mediation_sim/scenarios/extension_data/ukraine-2023-beijing-type.toml``.
    scenario : Scenario, optional
        The base scenario (default: ``load(extension.base)``, which for the
        shipped file is ``ukraine-2023-v0.1``).

    Returns
    -------
    BeijingTypeModel

    Raises
    ------
    SpecError
        If the file is malformed, a parameter lacks a value, range, rationale
        or claims, a value lies outside its range, or a name (player,
        strategy, outcome, pressure parameter) is unknown to the base
        scenario; the message names the file and key.

    Examples
    --------
    >>> from mediation_sim.scenarios.beijing_type import load_beijing_type
    >>> m = load_beijing_type()
    >>> m.parameters["prior_sincere"].claims
    ('C03', 'C04', 'C08', 'C09', 'C20')
    >>> m.informed, m.uninformed
    (('moscow',), ('kyiv', 'washington', 'brussels'))
    """
    if path is None:
        resource = (
            files("mediation_sim.scenarios") / "extension_data" / "ukraine-2023-beijing-type.toml"
        )
        where = "ukraine-2023-beijing-type.toml"
        text = resource.read_text(encoding="utf-8")
    else:
        where = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise SpecError(f"cannot read the file ({exc})", path=where) from None
    data = _read(where, text)
    ext = data.get("extension")
    if not isinstance(ext, dict):
        raise SpecError("needs an [extension] table", path=where, key="extension")
    for key in ("base", "mediator", "ally", "pressure_parameter", "settlement_outcome"):
        if not isinstance(ext.get(key), str):
            raise _fail("must be a string", where, f"extension.{key}")
    informed = _strings(ext.get("informed", []), path=where, key="extension.informed")
    uninformed = _strings(ext.get("uninformed"), path=where, key="extension.uninformed")
    sc = load(ext["base"]) if scenario is None else scenario
    players = set(sc.players)
    for key, names in (
        ("mediator", (ext["mediator"],)),
        ("ally", (ext["ally"],)),
        ("informed", informed),
        ("uninformed", uninformed),
    ):
        for p in names:
            if p not in players:
                raise _fail(
                    f"unknown player {p!r}; players are {sorted(players)}",
                    where,
                    f"extension.{key}",
                )
    if set(informed) | set(uninformed) | {ext["mediator"]} != players or set(informed) & set(
        uninformed
    ):
        raise _fail(
            "every player other than the mediator must be either informed or uninformed",
            where,
            "extension.uninformed",
        )
    if ext["pressure_parameter"] not in sc.parameters:
        raise _fail("unknown parameter of the base scenario", where, "extension.pressure_parameter")
    if ext["settlement_outcome"] not in sc.outcomes:
        raise _fail("unknown outcome of the base scenario", where, "extension.settlement_outcome")
    labels = data.get("labels")
    if not isinstance(labels, dict) or not {"nominal", "press"} <= set(labels):
        raise SpecError("needs [labels] with nominal and press", path=where, key="labels")
    mediator_strategies = sc.strategies[ext["mediator"]]
    for k in ("nominal", "press"):
        if labels[k] not in mediator_strategies:
            raise _fail(
                f"{labels[k]!r} is not a strategy of {ext['mediator']!r} "
                f"({list(mediator_strategies)})",
                where,
                f"labels.{k}",
            )
    raw = data.get("parameters")
    if not isinstance(raw, dict):
        raise SpecError("needs [parameters.<name>] tables", path=where, key="parameters")
    params: dict[str, TypeParameter] = {}
    for name in _REQUIRED:
        if name not in raw:
            raise _fail("missing parameter", where, f"parameters.{name}")
    for name, spec in raw.items():
        key = f"parameters.{name}"
        if not isinstance(spec, dict):
            raise _fail("must be a table", where, key)
        value = _number(spec.get("value"), path=where, key=f"{key}.value")
        rng = spec.get("range")
        if not isinstance(rng, list) or len(rng) != 2:
            raise _fail("range must be [low, high]", where, f"{key}.range")
        lo = _number(rng[0], path=where, key=f"{key}.range")
        hi = _number(rng[1], path=where, key=f"{key}.range")
        if not lo <= value <= hi:
            raise _fail(f"value {value} lies outside its range [{lo}, {hi}]", where, key)
        if name.startswith(("prior", "belief")) and not 0.0 <= lo <= hi <= 1.0:
            raise _fail("a probability's range must lie in [0, 1]", where, f"{key}.range")
        rationale = spec.get("rationale")
        if not isinstance(rationale, str) or not rationale:
            raise _fail("needs a rationale", where, f"{key}.rationale")
        claims = _strings(spec.get("claims"), path=where, key=f"{key}.claims")
        params[name] = TypeParameter(name, value, (lo, hi), rationale, claims)
    for p in uninformed:
        if f"belief_{p}" not in params:
            raise _fail(f"no belief for uninformed player {p!r}", where, f"parameters.belief_{p}")
    return BeijingTypeModel(
        scenario=sc,
        parameters=MappingProxyType(params),
        mediator=ext["mediator"],
        ally=ext["ally"],
        informed=informed,
        uninformed=uninformed,
        labels=MappingProxyType({"nominal": labels["nominal"], "press": labels["press"]}),
        pressure_parameter=ext["pressure_parameter"],
        target_outcome=ext["settlement_outcome"],
        path=where,
    )
