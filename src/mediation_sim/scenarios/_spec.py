"""Read and validate a scenario specification (TOML) into immutable spec objects.

The format is documented in ``docs/reference/scenario-spec.md``. Validation
is complete before anything is computed: unknown names, malformed values,
NaN/inf, parameters outside their bounds, lottery cycles, rules that leave a
profile without an outcome, and lottery probabilities that could leave [0, 1]
anywhere inside the parameter bounds all raise :class:`SpecError` naming the
file, the table/key and the line.

The spec objects live in ``_spec_objects`` and the located-error reader in
``_spec_reader``; both are re-exported here, so ``from ._spec import ...``
keeps working for every name.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .._errors import GameTooLargeError, SpecError
from ..games.normal_form import check_game_size
from ._reserved import RESERVED_PARAMETER_NAMES
from ._spec_objects import (
    BargainingMap,
    Channel,
    Check,
    Condition,
    LinearProbability,
    Lottery,
    Mode,
    Outcome,
    OutcomeRule,
    Parameter,
    Player,
    ScenarioSpec,
    Term,
)
from ._spec_reader import _Reader, _scan_nonfinite, read_text
from ._structure import parse_structures
from ._values import Value, parse_value

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
    "condition_mask",
    "parse_spec",
    "read_text",
]

SCHEMA_VERSION = 1
_KINDS = ("assumption", "control")
_LENSES = ("game", "forecast")  # which analyses read a parameter
_DISTRIBUTIONS = ("uniform", "triangular")
_CHECK_KINDS = ("prefers", "monotone")


# --------------------------------------------------------------------------- the parser
def parse_spec(text: str, *, path: str = "<string>") -> ScenarioSpec:
    """Parse and validate scenario TOML ``text``; ``path`` names the file in errors."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line_match = re.search(r"line (\d+)", str(exc))
        raise SpecError(
            f"not valid TOML: {exc}",
            path=path,
            line=int(line_match.group(1)) if line_match else None,
        ) from None
    reader = _Reader(text, path)
    _scan_nonfinite(reader, data, ())
    reader.unknown_keys(
        data,
        {
            "schema_version",
            "scenario",
            "players",
            "outcomes",
            "parameters",
            "lotteries",
            "outcome_rules",
            "utilities",
            "terms",
            "channels",
            "modes",
            "bargaining_model",
            "checks",
            "forecast",  # read by _forecast.py
            "structures",
        },
        (),
    )
    version = data.get("schema_version", SCHEMA_VERSION)
    if version != SCHEMA_VERSION:
        raise reader.error(
            ("schema_version",),
            f"unsupported schema_version {version!r}; this "
            f"version of mediation_sim reads schema_version = {SCHEMA_VERSION}",
        )
    meta = reader.table(data, "scenario", ())
    reader.unknown_keys(
        meta,
        {"name", "title", "description", "source", "default_mode", "default_structure"},
        ("scenario",),
    )
    name = reader.string(meta, "name", ("scenario",))
    # a dot may join two parts (a version: "ukraine-2023-v0.1"), never lead or end
    if not re.fullmatch(r"[a-z0-9][a-z0-9_\-]*(\.[a-z0-9][a-z0-9_\-]*)*", name):
        raise reader.error(
            ("scenario", "name"),
            f"scenario name {name!r} must be lower-case, letters, digits, '-' and '_' "
            "(a '.' may join two parts, as in a version 'v0.1')",
        )

    parameters = _parse_parameters(reader, reader.table(data, "parameters", ()))
    players = _parse_players(reader, reader.table(data, "players", ()))
    outcomes = _parse_outcomes(reader, reader.table(data, "outcomes", ()))
    strategy_sets = {p.id: set(p.strategies) for p in players}
    outcome_ids = {o.id for o in outcomes}
    ctx = _Context(reader, parameters, strategy_sets, outcome_ids)

    channels = _parse_channels(reader, data.get("channels", {}))
    lotteries = _parse_lotteries(ctx, data.get("lotteries", {}))
    ctx.lottery_names = set(lotteries)
    _check_lottery_graph(ctx, lotteries)
    rules = _parse_rules(ctx, data.get("outcome_rules"))
    utilities = _parse_utilities(ctx, reader.table(data, "utilities", ()), players, outcomes)
    terms = _parse_terms(ctx, data.get("terms", []), channels)
    modes, default_mode = _parse_modes(ctx, data.get("modes", {}), meta)
    bargaining = _parse_bargaining(ctx, data.get("bargaining_model"))
    checks = _parse_checks(ctx, data.get("checks", []))
    structures, default_structure = parse_structures(
        reader,
        data.get("structures"),
        players,
        meta,
        bargaining_context={
            "value": ctx.value,
            "strategies": {p.id: p.strategies for p in players},
            "settlements": [o.id for o in outcomes if o.settlement],
            "outcomes": [o.id for o in outcomes],
            "parameters": parameters,
            "utilities": utilities,
            "term_values": [t.value for t in terms],
            "default_sides": None if bargaining is None else (bargaining.side_a, bargaining.side_b),
        },
    )
    used: set[str] = set()
    for v in _all_values(lotteries, utilities, terms, bargaining):
        used |= v.parameters
    unknown = sorted(used - set(parameters))
    if unknown:
        raise reader.error(("parameters",), f"values refer to undeclared parameters {unknown}")
    _check_probability_bounds(ctx, lotteries, players)
    return ScenarioSpec(
        name=name,
        title=reader.string(meta, "title", ("scenario",), default=name),
        description=reader.string(meta, "description", ("scenario",), default=""),
        source=reader.string(meta, "source", ("scenario",), default=""),
        players=players,
        outcomes=outcomes,
        parameters=MappingProxyType(parameters),
        lotteries=MappingProxyType(lotteries),
        rules=rules,
        utilities=MappingProxyType(utilities),
        terms=terms,
        channels=MappingProxyType(channels),
        modes=MappingProxyType(modes),
        default_mode=default_mode,
        bargaining=bargaining,
        checks=checks,
        path=path,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        text=text,
        raw=MappingProxyType(data),
        structures=structures,
        default_structure=default_structure,
    )


class _Context:
    def __init__(
        self,
        reader: _Reader,
        parameters: Mapping[str, Parameter],
        strategy_sets: Mapping[str, set[str]],
        outcome_ids: set[str],
    ) -> None:
        self.reader = reader
        self.parameters = parameters
        self.strategy_sets = strategy_sets
        self.outcome_ids = outcome_ids
        self.lottery_names: set[str] = set()

    def value(self, raw: object, where: tuple[str | int, ...]) -> Value:
        value = parse_value(raw, where="", fail=self.reader.fail_value(where))
        unknown = sorted(value.parameters - set(self.parameters))
        if unknown:
            raise self.reader.error(
                where, f"unknown parameter(s) {unknown}; declared: {sorted(self.parameters)}"
            )
        return value

    def condition(self, raw: object, where: tuple[str | int, ...]) -> Condition:
        if raw is None:
            return MappingProxyType({})
        if not isinstance(raw, dict):
            raise self.reader.error(
                where, "a condition is a table {player = strategy or [strategies]}"
            )
        out: dict[str, frozenset[str]] = {}
        for player, strategies in raw.items():
            if player not in self.strategy_sets:
                raise self.reader.error(
                    (*where, player),
                    f"unknown player {player!r}; players: {sorted(self.strategy_sets)}",
                )
            listed = [strategies] if isinstance(strategies, str) else strategies
            if not isinstance(listed, list) or not listed:
                raise self.reader.error((*where, player), "give a strategy or a list of strategies")
            for s in listed:
                if s not in self.strategy_sets[player]:
                    raise self.reader.error(
                        (*where, player),
                        f"unknown strategy {s!r} of {player!r}; its strategies: "
                        f"{sorted(self.strategy_sets[player])}",
                    )
            out[player] = frozenset(listed)
        return MappingProxyType(out)

    def target(self, raw: object, where: tuple[str | int, ...]) -> str:
        if not isinstance(raw, str) or (
            raw not in self.outcome_ids and raw not in self.lottery_names
        ):
            raise self.reader.error(
                where,
                f"{raw!r} is neither an outcome ({sorted(self.outcome_ids)}) nor a lottery "
                f"({sorted(self.lottery_names)})",
            )
        return raw


def _parse_parameters(reader: _Reader, table: Mapping[str, Any]) -> dict[str, Parameter]:
    out: dict[str, Parameter] = {}
    if not table:
        raise reader.error(("parameters",), "declare at least one parameter")
    allowed = {
        "kind",
        "default",
        "bounds",
        "range",
        "distribution",
        "unit",
        "description",
        "rationale",
        "claims",
        "judgement",
        "lens",
        "judgement_reason",
    }
    for name, spec in table.items():
        where: tuple[str | int, ...] = ("parameters", name)
        reader.identifier(name, where, "a parameter name")
        if name in RESERVED_PARAMETER_NAMES:
            api = RESERVED_PARAMETER_NAMES[name]
            raise reader.error(
                where,
                f"parameter name {name!r} clashes with the option {name}= of {api}() (and of "
                "other calls that take parameters as keywords), which would swallow it: "
                "rename the parameter",
            )
        if not isinstance(spec, dict):
            raise reader.error(where, "each parameter is a table with default, bounds, ...")
        reader.unknown_keys(spec, allowed, where)
        kind = reader.string(spec, "kind", where, default="assumption")
        if kind not in _KINDS:
            raise reader.error((*where, "kind"), f"kind must be one of {_KINDS}, got {kind!r}")
        if "default" not in spec:
            raise reader.error((*where, "default"), "missing key 'default'")
        default = reader.number(spec["default"], (*where, "default"))
        bounds = _pair(reader, spec.get("bounds"), (*where, "bounds"))
        rng = _pair(reader, spec.get("range", list(bounds)), (*where, "range"))
        if not (bounds[0] <= rng[0] <= rng[1] <= bounds[1]):
            raise reader.error(
                (*where, "range"), f"range {list(rng)} must lie within bounds {list(bounds)}"
            )
        if not (rng[0] <= default <= rng[1]):
            raise reader.error(
                (*where, "default"), f"default {default} lies outside range {list(rng)}"
            )
        distribution = reader.string(spec, "distribution", where, default="uniform")
        if distribution not in _DISTRIBUTIONS:
            raise reader.error(
                (*where, "distribution"), f"distribution must be one of {_DISTRIBUTIONS}"
            )
        claims = _claims(reader, spec.get("claims", []), (*where, "claims"))
        judgement = spec.get("judgement", False)
        if not isinstance(judgement, bool):
            raise reader.error((*where, "judgement"), "judgement must be true or false")
        lens = reader.string(spec, "lens", where, default="game")
        if lens not in _LENSES:
            raise reader.error((*where, "lens"), f"lens must be one of {_LENSES}, got {lens!r}")
        if kind == "assumption" and not claims and not judgement:
            raise reader.error(
                where,
                f"assumption {name!r} cites no claim: add claims = [...] or judgement = true",
            )
        reason = reader.string(spec, "judgement_reason", where, default="").strip()
        if reason and not judgement:
            raise reader.error(
                (*where, "judgement_reason"),
                "judgement_reason is given but judgement is not true",
            )
        if judgement and claims and not reason:
            raise reader.error(
                where,
                f"{name!r} cites claims {list(claims)} and is marked judgement = true: "
                "say in judgement_reason how the number goes beyond what the claims say",
            )
        out[name] = Parameter(
            name=name,
            default=default,
            bounds=bounds,
            range=rng,
            distribution=distribution,
            kind=kind,
            unit=reader.string(spec, "unit", where, default=""),
            description=reader.string(spec, "description", where, default=""),
            rationale=reader.string(spec, "rationale", where, default=""),
            claims=claims,
            judgement=judgement,
            lens=lens,
            judgement_reason=reason,
        )
    return out


def _pair(reader: _Reader, raw: object, where: tuple[str | int, ...]) -> tuple[float, float]:
    if not isinstance(raw, list) or len(raw) != 2:
        raise reader.error(where, "must be a list [low, high]")
    lo = reader.number(raw[0], (*where, 0))
    hi = reader.number(raw[1], (*where, 1))
    if lo > hi:
        raise reader.error(where, f"low {lo} exceeds high {hi}")
    return lo, hi


def _claims(reader: _Reader, raw: object, where: tuple[str | int, ...]) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(c, str) and c for c in raw):
        raise reader.error(where, "claims must be a list of claim ids (strings)")
    return tuple(raw)


def _parse_players(reader: _Reader, table: Mapping[str, Any]) -> tuple[Player, ...]:
    players = []
    if not table:
        raise reader.error(("players",), "declare at least one player")
    for pid, spec in table.items():
        where: tuple[str | int, ...] = ("players", pid)
        reader.identifier(pid, where, "a player id")
        if not isinstance(spec, dict):
            raise reader.error(where, "each player is a table with label and strategies")
        reader.unknown_keys(spec, {"label", "description", "strategies"}, where)
        strategies = spec.get("strategies")
        if isinstance(strategies, list):
            named = all(isinstance(s, str) for s in strategies)
            strategies = dict.fromkeys(strategies, "") if named else None
        if not isinstance(strategies, dict) or not strategies:
            raise reader.error(
                (*where, "strategies"),
                'strategies must be a non-empty table {id = "description"} or list of ids',
            )
        for s, desc in strategies.items():
            reader.identifier(s, (*where, "strategies", s), "a strategy id")
            if not isinstance(desc, str):
                raise reader.error(
                    (*where, "strategies", s), "a strategy's description is a string"
                )
        players.append(
            Player(
                id=pid,
                label=reader.string(spec, "label", where, default=pid),
                description=reader.string(spec, "description", where, default=""),
                strategies=tuple(strategies),
                strategy_descriptions=MappingProxyType(dict(strategies)),
            )
        )
    _check_spec_size(reader, players)
    return tuple(players)


def _check_spec_size(reader: _Reader, players: Sequence[Player]) -> None:
    """Refuse a player table whose game is too large, before any per-profile array exists."""
    try:
        check_game_size([len(p.strategies) for p in players], what="the scenario's game")
    except GameTooLargeError as exc:
        raise GameTooLargeError(str(reader.error(("players",), str(exc)))) from None


def _parse_outcomes(reader: _Reader, table: Mapping[str, Any]) -> tuple[Outcome, ...]:
    out = []
    if not table:
        raise reader.error(("outcomes",), "declare at least one outcome")
    for oid, spec in table.items():
        where: tuple[str | int, ...] = ("outcomes", oid)
        reader.identifier(oid, where, "an outcome id")
        if not isinstance(spec, dict):
            raise reader.error(where, "each outcome is a table")
        reader.unknown_keys(spec, {"label", "description", "settlement"}, where)
        settlement = spec.get("settlement", False)
        if not isinstance(settlement, bool):
            raise reader.error((*where, "settlement"), "settlement must be true or false")
        out.append(
            Outcome(
                id=oid,
                label=reader.string(spec, "label", where, default=oid),
                description=reader.string(spec, "description", where, default=""),
                settlement=settlement,
            )
        )
    return tuple(out)


def _parse_channels(reader: _Reader, table: object) -> dict[str, Channel]:
    if not isinstance(table, dict):
        raise reader.error(("channels",), "channels must be a table")
    out = {}
    for cid, spec in table.items():
        where: tuple[str | int, ...] = ("channels", cid)
        reader.identifier(cid, where, "a channel id")
        if not isinstance(spec, dict):
            raise reader.error(where, "each channel is a table")
        reader.unknown_keys(spec, {"description", "claims"}, where)
        out[cid] = Channel(
            id=cid,
            description=reader.string(spec, "description", where, default=""),
            claims=_claims(reader, spec.get("claims", []), (*where, "claims")),
        )
    return out


def _parse_lotteries(ctx: _Context, table: object) -> dict[str, Lottery]:
    reader = ctx.reader
    if not isinstance(table, dict):
        raise reader.error(("lotteries",), "lotteries must be a table")
    ctx.lottery_names = set(table)
    out = {}
    for lname, spec in table.items():
        where: tuple[str | int, ...] = ("lotteries", lname)
        reader.identifier(lname, where, "a lottery name")
        if lname in ctx.outcome_ids:
            raise reader.error(where, f"lottery {lname!r} has the name of an outcome")
        if not isinstance(spec, dict):
            raise reader.error(where, "each lottery is a table with probabilities and remainder")
        reader.unknown_keys(spec, {"description", "probabilities", "remainder"}, where)
        probs_raw = spec.get("probabilities", {})
        if not isinstance(probs_raw, dict):
            raise reader.error((*where, "probabilities"), "probabilities must be a table")
        probs = []
        for target, raw_prob in probs_raw.items():
            pw: tuple[str | int, ...] = (*where, "probabilities", target)
            ctx.target(target, pw)
            pspec = raw_prob if isinstance(raw_prob, dict) else {"base": raw_prob}
            reader.unknown_keys(pspec, {"base", "terms"}, pw)
            base = ctx.value(pspec.get("base", 0.0), (*pw, "base"))
            terms = []
            raw_terms = pspec.get("terms", [])
            if not isinstance(raw_terms, list):
                raise reader.error((*pw, "terms"), "terms must be a list of {coef, when}")
            for k, t in enumerate(raw_terms):
                tw: tuple[str | int, ...] = (*pw, "terms", k)
                if not isinstance(t, dict):
                    raise reader.error(tw, "each term is {coef = value, when = {...}}")
                reader.unknown_keys(t, {"coef", "when"}, tw)
                if "coef" not in t:
                    raise reader.error(tw, "missing coef")
                terms.append(
                    (
                        ctx.value(t["coef"], (*tw, "coef")),
                        ctx.condition(t.get("when"), (*tw, "when")),
                    )
                )
            probs.append(LinearProbability(target, base, tuple(terms)))
        if "remainder" not in spec:
            raise reader.error(
                (*where, "remainder"), "missing key 'remainder' (who gets 1 - the rest)"
            )
        remainder = ctx.target(spec["remainder"], (*where, "remainder"))
        targets = [p.outcome for p in probs] + [remainder]
        if len(set(targets)) != len(targets):
            raise reader.error(where, f"lottery {lname!r} lists an entry twice: {targets}")
        out[lname] = Lottery(
            name=lname,
            description=reader.string(spec, "description", where, default=""),
            probabilities=tuple(probs),
            remainder=remainder,
        )
    return out


def _check_lottery_graph(ctx: _Context, lotteries: Mapping[str, Lottery]) -> None:
    state: dict[str, int] = {}

    def visit(name: str, chain: list[str]) -> None:
        if state.get(name) == 2:
            return
        if state.get(name) == 1:
            cycle = " -> ".join([*chain, name])
            raise ctx.reader.error(
                ("lotteries", name), f"lotteries refer to each other in a cycle: {cycle}"
            )
        state[name] = 1
        lot = lotteries[name]
        for target in [p.outcome for p in lot.probabilities] + [lot.remainder]:
            if target in lotteries:
                visit(target, [*chain, name])
        state[name] = 2

    for name in lotteries:
        visit(name, [])


def _parse_rules(ctx: _Context, raw: object) -> tuple[OutcomeRule, ...]:
    reader = ctx.reader
    if not isinstance(raw, list) or not raw:
        raise reader.error(
            ("outcome_rules",), "declare [[outcome_rules]]: which profiles lead to which lottery"
        )
    rules = []
    for k, spec in enumerate(raw):
        where: tuple[str | int, ...] = ("outcome_rules", k)
        if not isinstance(spec, dict):
            raise reader.error(where, "each rule is a table with when and lottery")
        reader.unknown_keys(spec, {"when", "lottery", "description"}, where)
        if "lottery" not in spec:
            raise reader.error((*where, "lottery"), "missing key 'lottery'")
        rules.append(
            OutcomeRule(
                when=ctx.condition(spec.get("when", {}), (*where, "when")),
                lottery=ctx.target(spec["lottery"], (*where, "lottery")),
                description=reader.string(spec, "description", where, default=""),
            )
        )
    if rules[-1].when:
        raise reader.error(
            ("outcome_rules", len(rules) - 1, "when"),
            "the last outcome rule must match every profile (when = {}), so no profile is left "
            "without an outcome",
        )
    return tuple(rules)


def _parse_utilities(
    ctx: _Context,
    table: Mapping[str, Any],
    players: tuple[Player, ...],
    outcomes: tuple[Outcome, ...],
) -> dict[str, Mapping[str, Value]]:
    reader = ctx.reader
    out: dict[str, Mapping[str, Value]] = {}
    ids = [o.id for o in outcomes]
    for player in players:
        where: tuple[str | int, ...] = ("utilities", player.id)
        if player.id not in table:
            raise reader.error(where, f"missing utilities for player {player.id!r}")
        spec = table[player.id]
        if not isinstance(spec, dict):
            raise reader.error(where, "utilities of a player: a table {outcome = value}")
        reader.unknown_keys(spec, set(ids), where)
        missing = [o for o in ids if o not in spec]
        if missing:
            raise reader.error(where, f"player {player.id!r} has no utility for outcomes {missing}")
        out[player.id] = MappingProxyType({o: ctx.value(spec[o], (*where, o)) for o in ids})
    extra = sorted(set(table) - {p.id for p in players})
    if extra:
        raise reader.error(("utilities", extra[0]), f"utilities for unknown players {extra}")
    return out


def _parse_terms(ctx: _Context, raw: object, channels: Mapping[str, Channel]) -> tuple[Term, ...]:
    reader = ctx.reader
    if not isinstance(raw, list):
        raise reader.error(("terms",), "terms must be an array of tables [[terms]]")
    terms = []
    names = set()
    for k, spec in enumerate(raw):
        where: tuple[str | int, ...] = ("terms", k)
        if not isinstance(spec, dict):
            raise reader.error(where, "each term is a table")
        reader.unknown_keys(
            spec, {"name", "player", "value", "when", "outcomes", "channel", "description"}, where
        )
        name = reader.identifier(spec.get("name"), (*where, "name"), "a term name")
        if name in names:
            raise reader.error((*where, "name"), f"term name {name!r} is used twice")
        names.add(name)
        player = spec.get("player")
        if player not in ctx.strategy_sets:
            raise reader.error((*where, "player"), f"unknown player {player!r}")
        if "value" not in spec:
            raise reader.error((*where, "value"), "missing key 'value'")
        outcomes = spec.get("outcomes")
        if outcomes is not None:
            if (
                not isinstance(outcomes, list)
                or not outcomes
                or not all(o in ctx.outcome_ids for o in outcomes)
            ):
                raise reader.error(
                    (*where, "outcomes"),
                    f"outcomes must be a non-empty list of {sorted(ctx.outcome_ids)}",
                )
            outcomes = tuple(outcomes)
        channel = spec.get("channel")
        if channel is not None and channel not in channels:
            raise reader.error(
                (*where, "channel"), f"unknown channel {channel!r}; declared: {sorted(channels)}"
            )
        terms.append(
            Term(
                name=name,
                player=str(player),
                value=ctx.value(spec["value"], (*where, "value")),
                when=ctx.condition(spec.get("when"), (*where, "when")),
                outcomes=outcomes,
                channel=channel,
                description=reader.string(spec, "description", where, default=""),
            )
        )
    return tuple(terms)


def _parse_modes(
    ctx: _Context, table: object, meta: Mapping[str, Any]
) -> tuple[dict[str, Mode], str]:
    reader = ctx.reader
    if not isinstance(table, dict):
        raise reader.error(("modes",), "modes must be a table")
    modes = {
        "free": Mode("free", "every player chooses among all its strategies", MappingProxyType({}))
    }
    for mname, spec in table.items():
        where: tuple[str | int, ...] = ("modes", mname)
        reader.identifier(mname, where, "a mode name")
        if not isinstance(spec, dict):
            raise reader.error(where, "each mode is a table with description and fix")
        reader.unknown_keys(spec, {"description", "fix"}, where)
        fix_raw = spec.get("fix", {})
        cond = ctx.condition(fix_raw, (*where, "fix"))
        fix = {}
        for player, allowed in cond.items():
            if len(allowed) != 1:
                raise reader.error((*where, "fix", player), "fix one strategy per player")
            fix[player] = next(iter(allowed))
        modes[mname] = Mode(
            mname, reader.string(spec, "description", where, default=""), MappingProxyType(fix)
        )
    default = reader.string(meta, "default_mode", ("scenario",), default="free")
    if default not in modes:
        raise reader.error(
            ("scenario", "default_mode"), f"unknown mode {default!r}; modes: {sorted(modes)}"
        )
    return modes, default


def _parse_bargaining(ctx: _Context, raw: object) -> BargainingMap | None:
    if raw is None:
        return None
    reader = ctx.reader
    where: tuple[str | int, ...] = ("bargaining_model",)
    if not isinstance(raw, dict):
        raise reader.error(where, "bargaining_model must be a table")
    keys = {
        "side_a",
        "side_b",
        "war_lottery",
        "war_profile",
        "shares",
        "cost_a",
        "cost_b",
        "pressure",
        "leverage",
        "settlements",
    }
    reader.unknown_keys(raw, keys, where)
    for key in keys:
        if key not in raw:
            raise reader.error((*where, key), f"missing key {key!r}")
    for side in ("side_a", "side_b"):
        if raw[side] not in ctx.strategy_sets:
            raise reader.error((*where, side), f"unknown player {raw[side]!r}")
    if raw["war_lottery"] not in ctx.lottery_names:
        raise reader.error((*where, "war_lottery"), f"unknown lottery {raw['war_lottery']!r}")
    cond = ctx.condition(raw["war_profile"], (*where, "war_profile"))
    if set(cond) != set(ctx.strategy_sets) or any(len(v) != 1 for v in cond.values()):
        raise reader.error(
            (*where, "war_profile"), "war_profile must give one strategy for every player"
        )
    if raw["pressure"] not in ctx.parameters:
        raise reader.error((*where, "pressure"), f"unknown parameter {raw['pressure']!r}")

    def value_table(key: str) -> Mapping[str, Value]:
        table = raw[key]
        if not isinstance(table, dict) or not table:
            raise reader.error((*where, key), f"{key} must be a table {{outcome = value}}")
        for o in table:
            if o not in ctx.outcome_ids:
                raise reader.error((*where, key, o), f"unknown outcome {o!r}")
        return MappingProxyType({o: ctx.value(v, (*where, key, o)) for o, v in table.items()})

    return BargainingMap(
        side_a=raw["side_a"],
        side_b=raw["side_b"],
        war_lottery=raw["war_lottery"],
        war_profile=MappingProxyType({p: next(iter(s)) for p, s in cond.items()}),
        shares=value_table("shares"),
        cost_a=ctx.value(raw["cost_a"], (*where, "cost_a")),
        cost_b=ctx.value(raw["cost_b"], (*where, "cost_b")),
        pressure=raw["pressure"],
        leverage=ctx.value(raw["leverage"], (*where, "leverage")),
        settlements=value_table("settlements"),
    )


def _parse_checks(ctx: _Context, raw: object) -> tuple[Check, ...]:
    reader = ctx.reader
    if not isinstance(raw, list):
        raise reader.error(("checks",), "checks must be an array of tables [[checks]]")
    out = []
    for k, spec in enumerate(raw):
        where: tuple[str | int, ...] = ("checks", k)
        if not isinstance(spec, dict):
            raise reader.error(where, "each check is a table")
        kind = spec.get("kind")
        if kind not in _CHECK_KINDS:
            raise reader.error(
                (*where, "kind"), f"kind must be one of {_CHECK_KINDS}, got {kind!r}"
            )
        options = {k2: v for k2, v in spec.items() if k2 not in {"kind", "description", "claims"}}
        out.append(
            Check(
                kind=kind,
                description=reader.string(spec, "description", where, default=""),
                options=MappingProxyType(options),
                claims=_claims(reader, spec.get("claims", []), (*where, "claims")),
            )
        )
    return tuple(out)


def _all_values(
    lotteries: Mapping[str, Lottery],
    utilities: Mapping[str, Mapping[str, Value]],
    terms: tuple[Term, ...],
    bargaining: BargainingMap | None,
) -> list[Value]:
    values: list[Value] = []
    for lot in lotteries.values():
        for p in lot.probabilities:
            values.append(p.base)
            values.extend(c for c, _ in p.terms)
    for table in utilities.values():
        values.extend(table.values())
    values.extend(t.value for t in terms)
    if bargaining is not None:
        values.extend([bargaining.cost_a, bargaining.cost_b, bargaining.leverage])
        values.extend(bargaining.shares.values())
        values.extend(bargaining.settlements.values())
    return values


def condition_mask(condition: Condition, players: tuple[Player, ...]) -> NDArray[np.bool_]:
    """Boolean array over all pure profiles: where ``condition`` holds."""
    shape = tuple(len(p.strategies) for p in players)
    mask = np.ones(shape, dtype=bool)
    for axis, player in enumerate(players):
        allowed = condition.get(player.id)
        if allowed is None:
            continue
        ok = np.array([s in allowed for s in player.strategies])
        mask &= ok.reshape((1,) * axis + (-1,) + (1,) * (len(players) - axis - 1))
    return mask


def _profile_labels(players: tuple[Player, ...], index: tuple[int, ...]) -> str:
    return ", ".join(f"{p.id}={p.strategies[k]}" for p, k in zip(players, index, strict=True))


def _check_probability_bounds(
    ctx: _Context, lotteries: Mapping[str, Lottery], players: tuple[Player, ...]
) -> None:
    """Prove by interval arithmetic that every lottery entry stays in [0, 1] within the bounds.

    For each pure profile the active terms are known, so the enclosure is
    exact for the linear structure (conservative only where two values share
    a parameter). Then every compound lottery is a valid probability
    distribution for every admissible parameter value.
    """
    bounds = {name: p.bounds for name, p in ctx.parameters.items()}
    eps = 1e-12
    for lot in lotteries.values():
        total_hi: Any = 0.0
        for prob in lot.probabilities:
            lo_b, hi_b = prob.base.interval(bounds)
            lo: Any = lo_b
            hi: Any = hi_b
            for coef, cond in prob.terms:
                c_lo, c_hi = coef.interval(bounds)
                mask = condition_mask(cond, players)
                lo = lo + mask * c_lo
                hi = hi + mask * c_hi
            lo_arr = np.broadcast_to(np.asarray(lo, dtype=float), condition_mask({}, players).shape)
            hi_arr = np.broadcast_to(np.asarray(hi, dtype=float), lo_arr.shape)
            where: tuple[str | int, ...] = ("lotteries", lot.name, "probabilities", prob.outcome)
            bad = (lo_arr < -eps) | (hi_arr > 1 + eps)
            if bad.any():
                idx = tuple(int(k) for k in np.argwhere(bad)[0])
                raise ctx.reader.error(
                    where,
                    f"P({prob.outcome}) in lottery {lot.name!r} can reach "
                    f"[{lo_arr[idx]:.4g}, {hi_arr[idx]:.4g}] at profile "
                    f"({_profile_labels(players, idx)}) for parameters within their bounds; it "
                    "must stay in [0, 1] (tighten the bounds of the parameters it uses)",
                )
            total_hi = total_hi + hi_arr
        over = np.asarray(total_hi) > 1 + eps
        if np.any(over):
            idx = tuple(int(k) for k in np.argwhere(over)[0])
            raise ctx.reader.error(
                ("lotteries", lot.name),
                f"the listed probabilities of lottery {lot.name!r} can sum to "
                f"{np.asarray(total_hi)[idx]:.4g} > 1 at profile ({_profile_labels(players, idx)}) "
                f"for parameters within their bounds, leaving a negative remainder for "
                f"{lot.remainder!r}",
            )
