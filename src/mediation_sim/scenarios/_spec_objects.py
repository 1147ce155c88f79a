"""The immutable objects a validated scenario specification is made of.

:func:`mediation_sim.scenarios._spec.parse_spec` builds them; every name here
is re-exported from ``_spec``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from .._results import pickle_by_fields
from ._structure import SIMULTANEOUS, Structure
from ._values import Value

__all__ = [
    "BargainingMap",
    "Channel",
    "Check",
    "Condition",
    "LinearProbability",
    "Lottery",
    "Mode",
    "Outcome",
    "OutcomeRule",
    "Parameter",
    "Player",
    "ScenarioSpec",
    "Term",
]


# --------------------------------------------------------------------------- public spec objects
@pickle_by_fields
@dataclass(frozen=True, slots=True)
class Parameter:
    """A named number of a scenario: an assumption with provenance, or a control lever.

    Attributes
    ----------
    name : str
        Identifier used in the spec and as a keyword of :meth:`Scenario.game`.
    default : float
        Central value.
    bounds : tuple of float
        Hard validity bounds; values outside raise ``ParameterOutOfBoundsError``.
    range : tuple of float
        Plausible range (within ``bounds``) that Monte Carlo samples.
    distribution : str
        ``"uniform"`` or ``"triangular"`` (mode at ``default``) over ``range``.
    kind : str
        ``"assumption"`` (uncertain, sampled) or ``"control"`` (a lever, swept).
    unit, description, rationale : str
        Documentation; ``rationale`` is the one-line reason for the numbers.
    claims : tuple of str
        Ids in the claims register the assumption rests on.
    judgement : bool
        True when the number is (also) the modeller's judgement: it rests on no
        claim, or it goes beyond what the claims it cites say.
    judgement_reason : str
        Why the number is judgement although it cites claims (required by the
        loader when ``judgement`` is true and claims are cited; empty otherwise).
    lens : str
        ``"game"`` (default) or ``"forecast"``: a number only the
        ``[forecast]`` table reads, which the game's analyses (Monte Carlo,
        sensitivity) leave out because it cannot move their results.
    """

    name: str
    default: float
    bounds: tuple[float, float]
    range: tuple[float, float]
    distribution: str
    kind: str
    unit: str
    description: str
    rationale: str
    claims: tuple[str, ...]
    judgement: bool
    lens: str = "game"
    judgement_reason: str = ""

    @property
    def provenance(self) -> str:
        """``"claims C07, C19"``, ``"modeller's judgement"`` or both."""
        parts = []
        if self.claims:
            parts.append("claims " + ", ".join(self.claims))
        if self.judgement:
            parts.append("modeller's judgement")
        return "; ".join(parts)

    @property
    def beyond_claims(self) -> bool:
        """Whether the number cites claims yet goes beyond what they say."""
        return bool(self.claims) and self.judgement

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form."""
        return {
            "name": self.name,
            "default": self.default,
            "bounds": list(self.bounds),
            "range": list(self.range),
            "distribution": self.distribution,
            "kind": self.kind,
            "unit": self.unit,
            "description": self.description,
            "rationale": self.rationale,
            "claims": list(self.claims),
            "judgement": self.judgement,
            "lens": self.lens,
            "judgement_reason": self.judgement_reason,
        }


@pickle_by_fields
@dataclass(frozen=True, slots=True)
class Player:
    """A player: id, display label, strategies (ids) and their descriptions."""

    id: str
    label: str
    description: str
    strategies: tuple[str, ...]
    strategy_descriptions: Mapping[str, str]


@pickle_by_fields
@dataclass(frozen=True, slots=True)
class Outcome:
    """An outcome of the conflict; ``settlement`` marks negotiated endings."""

    id: str
    label: str
    description: str
    settlement: bool


#: ``player -> allowed strategies``; a profile matches when every listed player
#: plays one of its allowed strategies. Empty: matches every profile.
Condition = Mapping[str, frozenset[str]]


@pickle_by_fields
@dataclass(frozen=True, slots=True)
class LinearProbability:
    """``P(outcome) = base + sum(coef_k * [condition_k holds])``."""

    outcome: str
    base: Value
    terms: tuple[tuple[Value, Condition], ...]


@pickle_by_fields
@dataclass(frozen=True, slots=True)
class Lottery:
    """A named lottery: linear probabilities for some entries; ``remainder`` gets the rest.

    ``remainder`` (and each entry) may name an outcome or another lottery.
    """

    name: str
    description: str
    probabilities: tuple[LinearProbability, ...]
    remainder: str


@pickle_by_fields
@dataclass(frozen=True, slots=True)
class OutcomeRule:
    """Profiles matching ``when`` (first match wins) lead to ``lottery`` (an outcome or lottery)."""

    when: Condition
    lottery: str
    description: str


@pickle_by_fields
@dataclass(frozen=True, slots=True)
class Term:
    """An additive payoff term for one player.

    Added to ``player``'s payoff at every profile matching ``when``; if
    ``outcomes`` is given it is weighted by the probability of those outcomes
    at the profile.
    """

    name: str
    player: str
    value: Value
    when: Condition
    outcomes: tuple[str, ...] | None
    channel: str | None
    description: str


@pickle_by_fields
@dataclass(frozen=True, slots=True)
class Channel:
    """A documented mechanism (e.g. one channel of Chinese pressure) and its claims."""

    id: str
    description: str
    claims: tuple[str, ...]


@pickle_by_fields
@dataclass(frozen=True, slots=True)
class Mode:
    """A named way to play the scenario: some players' strategies fixed."""

    name: str
    description: str
    fix: Mapping[str, str]


@pickle_by_fields
@dataclass(frozen=True, slots=True)
class BargainingMap:
    """How the scenario maps onto the rationalist bargaining model of war (Fearon 1995)."""

    side_a: str
    side_b: str
    war_lottery: str
    war_profile: Mapping[str, str]
    shares: Mapping[str, Value]
    cost_a: Value
    cost_b: Value
    pressure: str
    leverage: Value
    settlements: Mapping[str, Value]


@pickle_by_fields
@dataclass(frozen=True, slots=True)
class Check:
    """A declared, testable assumption (see :mod:`mediation_sim.scenarios.assumptions`)."""

    kind: str
    description: str
    options: Mapping[str, Any]
    claims: tuple[str, ...]


@pickle_by_fields
@dataclass(frozen=True, slots=True)
class ScenarioSpec:
    """Everything read from one scenario file, validated."""

    name: str
    title: str
    description: str
    source: str
    players: tuple[Player, ...]
    outcomes: tuple[Outcome, ...]
    parameters: Mapping[str, Parameter]
    lotteries: Mapping[str, Lottery]
    rules: tuple[OutcomeRule, ...]
    utilities: Mapping[str, Mapping[str, Value]]
    terms: tuple[Term, ...]
    channels: Mapping[str, Channel]
    modes: Mapping[str, Mode]
    default_mode: str
    bargaining: BargainingMap | None
    checks: tuple[Check, ...]
    path: str
    sha256: str
    text: str = field(repr=False)
    raw: Mapping[str, Any] = field(repr=False)
    structures: Mapping[str, Structure] = field(
        default_factory=lambda: MappingProxyType({}), repr=False
    )
    default_structure: str = SIMULTANEOUS
