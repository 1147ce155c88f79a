"""A bargaining stage inside a scenario's move order: the spec and the protocols' terms.

A structure may place a *bargaining stage* between its stages of play: after
the first ``after`` stages, two sides bargain over the terms ``x`` in [0, 1] of
one settlement outcome (``x`` replaces the value of the outcome's *terms
parameter*, e.g. Ukraine's share of the contested land). Each side's
disagreement value is what it expects from the rest of the game without a
deal: the subgame-perfect value of the later stages at that history (the war
lottery the scenario already defines, shaped by pressure and earlier moves).
The Fearon core is the set of terms both prefer to that: side A's payoff
rises with ``x`` and side B's falls, so the core is an interval
``[max(lo, 0), min(hi, 1)]``. If it is empty, talks fail and the later stages
are played; otherwise the named protocol picks the terms in it.

Protocols (side A is the first of ``between``; ``y = x - lo`` is side A's
share of the surplus ``S = hi - lo`` in terms units; all payoffs are affine in
``x``, so shares of the surplus do not depend on the utility scales):

``take_it_or_leave_it``
    The proposer demands the core's far end (A: ``min(hi, 1)``; B:
    ``max(lo, 0)``); the responder accepts (indifference resolved by
    acceptance).
``mediator``
    A named player proposes terms both accept and picks the ones it likes
    best in the core (the end its own payoff favours); if its payoff does not
    depend on the terms it splits the surplus equally (the Nash split).
``alternating_offers``
    Rubinstein: the sides alternate proposals, the first given by
    ``proposer``; a round's delay discounts side i's surplus by its
    ``discount``; with ``rounds`` the game ends in disagreement after that
    many rejected proposals (Ståhl), otherwise it is infinite. Offers are
    restricted to the core, solved exactly (not clipped).
``nash``
    The asymmetric Nash bargaining solution with side A's bargaining power
    ``power`` (0.5: the symmetric Nash split): ``x = lo + power * S``
    clipped to the core (exact: the Nash product is concave in ``x``).
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .._errors import InvalidArgumentError
from .._results import register_dataclass
from .._suggest import unknown_name
from ._values import Value

__all__ = ["PROTOCOLS", "Bargaining", "bargained_terms", "parse_bargaining"]

FloatArray = NDArray[np.float64]

#: The bargaining protocols a bargaining stage may name.
PROTOCOLS = ("take_it_or_leave_it", "mediator", "alternating_offers", "nash")

#: Keys of a bargaining table.
KEYS = frozenset(
    {
        "protocol",
        "between",
        "after",
        "outcome",
        "terms",
        "proposer",
        "mediator",
        "power",
        "discount",
        "rounds",
        "disagreement",
    }
)


def value_text(value: Value) -> str:
    """A readable form of a spec value (``0.9``, ``"delta_kyiv"``, ``0.5*a*b + c``)."""
    parts = []
    for m in value.monomials:
        if not m.factors:
            parts.append(f"{m.constant:g}")
        elif m.constant == 1.0:
            parts.append("*".join(m.factors))
        elif m.constant == -1.0:
            parts.append("-" + "*".join(m.factors))
        else:
            parts.append(f"{m.constant:g}*" + "*".join(m.factors))
    return " + ".join(parts) if parts else "0"


@register_dataclass
@dataclass(frozen=True, slots=True)
class Bargaining:
    """A bargaining stage of a structure (see the module docstring).

    Attributes
    ----------
    protocol : str
        One of :data:`PROTOCOLS`.
    between : (str, str)
        The two sides; the terms ``x`` are side A's (the first's) share.
    after : int
        Number of stages of play before the bargaining stage.
    outcome : str
        The settlement outcome an agreement reaches.
    terms : str
        The parameter whose value the bargained ``x`` replaces in the
        payoffs of an agreement.
    proposer : str or None
        Take-it-or-leave-it: who proposes; alternating offers: who proposes
        first (default side A).
    mediator : str or None
        The ``mediator`` protocol's proposer (a player).
    power : Value or None
        Side A's bargaining power of the ``nash`` protocol (default 0.5).
    discount : (Value, Value) or None
        Discount factors per round of the ``alternating_offers`` protocol.
    rounds : int or None
        Horizon of alternating offers (``None``: infinite).
    disagreement : tuple of (str, str)
        ``(player, strategy)`` pairs: players in no stage of play, who play
        this strategy throughout (their choice is what the bargaining
        replaces, e.g. Moscow fighting on if talks fail).
    """

    protocol: str
    between: tuple[str, str]
    after: int
    outcome: str
    terms: str
    proposer: str | None = None
    mediator: str | None = None
    power: Value | None = None
    discount: tuple[Value, Value] | None = None
    rounds: int | None = None
    disagreement: tuple[tuple[str, str], ...] = ()

    def describe(self) -> str:
        """One line: who bargains over what, under which protocol."""
        a, b = self.between
        if self.protocol == "take_it_or_leave_it":
            rule = f"{self.proposer} makes a take-it-or-leave-it proposal"
        elif self.protocol == "mediator":
            rule = (
                f"the mediator {self.mediator} proposes the terms it prefers among those "
                "both accept"
            )
        elif self.protocol == "alternating_offers":
            assert self.discount is not None
            horizon = f"{self.rounds} rounds" if self.rounds else "no deadline"
            rule = (
                f"alternating offers, {self.proposer} first, discount factors "
                f"{value_text(self.discount[0])} and {value_text(self.discount[1])}, {horizon}"
            )
        else:
            power = 0.5 if self.power is None else value_text(self.power)
            rule = f"Nash bargaining, {a}'s bargaining power {power}"
        return f"{a} and {b} bargain over {self.terms} of {self.outcome!r}: {rule}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form (values as text)."""
        return {
            "protocol": self.protocol,
            "between": list(self.between),
            "after": self.after,
            "outcome": self.outcome,
            "terms": self.terms,
            "proposer": self.proposer,
            "mediator": self.mediator,
            "power": None if self.power is None else value_text(self.power),
            "discount": None if self.discount is None else [value_text(d) for d in self.discount],
            "rounds": self.rounds,
            "disagreement": dict(self.disagreement),
        }


# ---------------------------------------------------------------------- parsing
Fail = Callable[[tuple[str | int, ...], str], Exception]


def parse_bargaining(
    raw: object,
    where: tuple[str | int, ...],
    *,
    fail: Fail,
    value: Callable[[object, tuple[str | int, ...]], Value],
    stages: Sequence[Sequence[str]],
    strategies: Mapping[str, Sequence[str]],
    settlements: Sequence[str],
    outcomes: Sequence[str],
    parameters: Mapping[str, Any],
    utilities: Mapping[str, Mapping[str, Value]],
    term_values: Sequence[Value],
    default_sides: tuple[str, str] | None = None,
) -> Bargaining:
    """Validate a bargaining table; ``fail(where, message)`` builds the error to raise.

    ``stages`` are the structure's stages of play (players in ``disagreement``
    must be in none of them).
    """
    if not isinstance(raw, dict):
        raise fail(where, 'bargaining must be a table, e.g. {protocol = "nash", after = 1, ...}')
    extra = sorted(set(raw) - KEYS)
    if extra:
        raise fail((*where, extra[0]), f"unknown key(s) {extra}; allowed: {sorted(KEYS)}")
    players = list(strategies)

    protocol = raw.get("protocol")
    if not isinstance(protocol, str) or protocol not in PROTOCOLS:
        raise fail((*where, "protocol"), unknown_name("bargaining protocol", protocol, PROTOCOLS))

    between_raw = raw.get("between", list(default_sides) if default_sides else None)
    if (
        not isinstance(between_raw, list)
        or len(between_raw) != 2
        or not all(isinstance(p, str) for p in between_raw)
    ):
        raise fail(
            (*where, "between"),
            'between must list two players, e.g. ["kyiv", "moscow"] (default: '
            "[bargaining_model].side_a and side_b)",
        )
    for p in between_raw:
        if p not in strategies:
            raise fail((*where, "between"), unknown_name("player", p, players))
    if between_raw[0] == between_raw[1]:
        raise fail((*where, "between"), "the two sides must be different players")
    between = (between_raw[0], between_raw[1])

    after = raw.get("after")
    if isinstance(after, bool) or not isinstance(after, int) or not 0 <= after <= len(stages):
        raise fail(
            (*where, "after"),
            f"after must be the number of stages played before bargaining, 0..{len(stages)}, "
            f"got {after!r}",
        )

    outcome = raw.get("outcome")
    if not isinstance(outcome, str) or outcome not in outcomes:
        raise fail((*where, "outcome"), unknown_name("outcome", outcome, outcomes))
    if outcome not in settlements:
        raise fail(
            (*where, "outcome"),
            f"an agreement must reach a settlement outcome; {outcome!r} is not one "
            f"(settlement outcomes: {sorted(settlements)})",
        )

    terms = raw.get("terms")
    if not isinstance(terms, str) or terms not in parameters:
        raise fail((*where, "terms"), unknown_name("parameter", terms, parameters))
    for p in players:
        if not utilities[p][outcome].is_affine_in(terms):
            raise fail(
                (*where, "terms"),
                f"{p}'s utility of {outcome!r} must be affine in {terms!r} (it is squared)",
            )
    if any(terms in v.parameters for v in term_values):
        raise fail(
            (*where, "terms"),
            f"{terms!r} is used by a [[terms]] payoff term; the bargained terms may enter "
            "only the outcome utilities",
        )
    bounds = {k: tuple(p.bounds) for k, p in parameters.items()}
    slope_a = utilities[between[0]][outcome].coefficient_of(terms).interval(bounds)
    slope_b = utilities[between[1]][outcome].coefficient_of(terms).interval(bounds)
    if not (slope_a[0] > 0 and slope_b[1] < 0):
        raise fail(
            (*where, "terms"),
            f"bargaining needs opposed interests: {between[0]}'s utility of {outcome!r} must "
            f"rise with {terms!r} and {between[1]}'s fall, for every admissible parameter value "
            f"(slopes range over {slope_a} and {slope_b})",
        )

    def player_key(key: str, allowed: Sequence[str]) -> str | None:
        got = raw.get(key)
        if got is None:
            return None
        if not isinstance(got, str) or got not in allowed:
            raise fail((*where, key), unknown_name(key, got, allowed))
        return got

    proposer = player_key("proposer", between)
    mediator = player_key("mediator", players)
    needs = {
        "take_it_or_leave_it": {"proposer"},
        "mediator": {"mediator"},
        "alternating_offers": {"discount"},
        "nash": set(),
    }[protocol]
    allowed = {
        "take_it_or_leave_it": {"proposer"},
        "mediator": {"mediator"},
        "alternating_offers": {"proposer", "discount", "rounds"},
        "nash": {"power"},
    }[protocol]
    for key in ("proposer", "mediator", "power", "discount", "rounds"):
        if key in raw and key not in allowed:
            raise fail((*where, key), f"{key} does not apply to protocol {protocol!r}")
        if key in needs and key not in raw:
            raise fail((*where, key), f"protocol {protocol!r} needs {key!r}")
    if protocol == "alternating_offers" and proposer is None:
        proposer = between[0]

    def in_range(v: Value, key: str, lo: float, hi: float, closed_hi: bool) -> Value:
        a, b = v.interval(bounds)
        if a < lo or b > hi or (not closed_hi and b >= hi):
            right = "]" if closed_hi else ")"
            raise fail(
                (*where, key),
                f"{key} must lie in [{lo:g}, {hi:g}{right} for every admissible parameter "
                f"value; it ranges over [{a:g}, {b:g}]",
            )
        return v

    power = None
    if "power" in raw:
        power = in_range(value(raw["power"], (*where, "power")), "power", 0.0, 1.0, True)
    discount = None
    if "discount" in raw:
        d = raw["discount"]
        pair = d if isinstance(d, list) and len(d) == 2 else [d, d]
        discount = (
            in_range(value(pair[0], (*where, "discount")), "discount", 0.0, 1.0, False),
            in_range(value(pair[1], (*where, "discount")), "discount", 0.0, 1.0, False),
        )
    rounds = raw.get("rounds")
    if rounds is not None and (
        isinstance(rounds, bool) or not isinstance(rounds, numbers.Integral) or rounds < 1
    ):
        raise fail((*where, "rounds"), f"rounds must be a positive integer, got {rounds!r}")

    dis_raw = raw.get("disagreement", {})
    if not isinstance(dis_raw, dict):
        raise fail(
            (*where, "disagreement"),
            'disagreement must map players to strategies, e.g. {moscow = "fight_on"}',
        )
    staged = {p for s in stages for p in s}
    for p, s in dis_raw.items():
        if p not in strategies:
            raise fail((*where, "disagreement"), unknown_name("player", p, players))
        if p in staged:
            raise fail(
                (*where, "disagreement"),
                f"{p!r} moves in a stage; disagreement fixes only players in no stage",
            )
        if s not in strategies[p]:
            raise fail(
                (*where, "disagreement"), unknown_name(f"strategy of {p!r}", s, strategies[p])
            )
    return Bargaining(
        protocol=protocol,
        between=between,
        after=after,
        outcome=outcome,
        terms=terms,
        proposer=proposer,
        mediator=mediator,
        power=power,
        discount=discount,
        rounds=None if rounds is None else int(rounds),
        disagreement=tuple((str(p), str(s)) for p, s in dis_raw.items()),
    )


# ---------------------------------------------------------------------- the protocols' terms
def _alternating_share(
    surplus: FloatArray,
    a: FloatArray,
    b: FloatArray,
    delta_a: FloatArray,
    delta_b: FloatArray,
    first: int,
    rounds: int | None,
) -> FloatArray:
    """Side A's surplus share ``y`` agreed at once, offers restricted to ``[a, b]``.

    A proposes the most B accepts: ``min(b, S - delta_b * (S - y_B))``; B
    proposes the least A accepts: ``max(a, delta_a * y_A)``, where ``y_A``,
    ``y_B`` are the next round's proposals.
    """

    def by_a(nxt: FloatArray) -> FloatArray:
        return np.minimum(b, surplus - delta_b * (surplus - nxt))

    def by_b(nxt: FloatArray) -> FloatArray:
        return np.maximum(a, delta_a * nxt)

    if rounds is not None:
        # last round: the proposer takes the core's far end; then backwards
        last = (rounds - 1 + first) % 2  # 0: side A proposes in the last round
        y = b if last == 0 else a
        for t in range(rounds - 2, -1, -1):
            y = by_a(y) if (t + first) % 2 == 0 else by_b(y)
        return np.asarray(y)
    # infinite horizon: the stationary proposal of A is the unique fixed point
    # of y -> by_a(by_b(y)), a monotone contraction; it lies on one linear piece
    with np.errstate(divide="ignore", invalid="ignore"):
        interior = surplus * (1.0 - delta_b) / (1.0 - delta_a * delta_b)
    candidates = np.stack(
        np.broadcast_arrays(interior, b, surplus - delta_b * (surplus - a)), axis=0
    )
    residual = np.abs(by_a(by_b(candidates)) - candidates)
    y_a = np.take_along_axis(candidates, np.argmin(residual, axis=0)[None], axis=0)[0]
    return np.asarray(y_a if first == 0 else by_b(y_a))


def bargained_terms(
    lo: ArrayLike,
    hi: ArrayLike,
    protocol: str,
    *,
    proposer: int = 0,
    power: ArrayLike = 0.5,
    discount: tuple[ArrayLike, ArrayLike] = (0.9, 0.9),
    rounds: int | None = None,
    mediator_slope: ArrayLike = 0.0,
    tol: float = 1e-12,
) -> FloatArray:
    """The terms a protocol agrees on, given the sides' acceptance bounds (vectorised).

    Side A accepts terms ``x >= lo`` and side B terms ``x <= hi`` (each is
    then at least as well off as without a deal); the core is
    ``[max(lo, 0), min(hi, 1)]``.

    Parameters
    ----------
    lo, hi : float or array_like
        Acceptance bounds (they broadcast together).
    protocol : str
        One of ``"take_it_or_leave_it"``, ``"mediator"``,
        ``"alternating_offers"``, ``"nash"`` (see
        :mod:`mediation_sim.scenarios` docs, "Bargaining stage").
    proposer : {0, 1}, default 0
        Take-it-or-leave-it proposer, or first proposer of alternating offers
        (0 = side A).
    power : float or array_like, default 0.5
        Side A's bargaining power (``nash``).
    discount : (float, float) or arrays, default (0.9, 0.9)
        Discount factors of sides A and B per round (``alternating_offers``).
    rounds : int, optional
        Horizon of alternating offers (``None``: infinite).
    mediator_slope : float or array_like, default 0.0
        How the mediator's payoff changes with ``x`` (``mediator``): positive
        gives the core's upper end, negative its lower end, zero the Nash split.
    tol : float, default 1e-12
        A core shorter than ``-tol`` is empty.

    Returns
    -------
    ndarray
        The terms, ``nan`` where the core is empty (no agreement).

    Examples
    --------
    >>> import mediation_sim as ms
    >>> t = ms.scenarios.bargained_terms(0.245, 0.505, "nash")
    >>> round(float(t), 3)
    0.375
    >>> float(ms.scenarios.bargained_terms(0.245, 0.505, "take_it_or_leave_it", proposer=1))
    0.245
    >>> bool(np.isnan(ms.scenarios.bargained_terms(0.6, 0.5, "nash")))
    True
    """
    if protocol not in PROTOCOLS:
        raise InvalidArgumentError(unknown_name("bargaining protocol", protocol, PROTOCOLS))
    if proposer not in (0, 1) or isinstance(proposer, bool):
        raise InvalidArgumentError(f"bargained_terms(): proposer must be 0 or 1, got {proposer!r}")
    lo_a, hi_a = np.broadcast_arrays(np.asarray(lo, dtype=np.float64), np.asarray(hi, np.float64))
    low = np.maximum(lo_a, 0.0)
    high = np.minimum(hi_a, 1.0)
    agreed = low <= high + tol
    high = np.maximum(high, low)  # a core shorter than tol is a point
    surplus = hi_a - lo_a
    a, b = low - lo_a, high - lo_a  # the core in surplus units
    if protocol == "take_it_or_leave_it":
        y = b if proposer == 0 else a
    elif protocol == "nash":
        y = np.clip(np.asarray(power, dtype=np.float64) * surplus, a, b)
    elif protocol == "mediator":
        slope = np.asarray(mediator_slope, dtype=np.float64)
        y = np.where(slope > 0, b, np.where(slope < 0, a, np.clip(0.5 * surplus, a, b)))
    else:
        d_a = np.asarray(discount[0], dtype=np.float64)
        d_b = np.asarray(discount[1], dtype=np.float64)
        if np.any((d_a < 0) | (d_a >= 1) | (d_b < 0) | (d_b >= 1)):
            raise InvalidArgumentError("bargained_terms(): discount factors must lie in [0, 1)")
        y = _alternating_share(surplus, a, b, d_a, d_b, proposer, rounds)
    x = np.clip(lo_a + y, low, high)
    return np.asarray(np.where(agreed, x, np.nan), dtype=np.float64)
