"""Move order of a scenario: named structures made of ordered stages (private).

A *structure* lists the stages of play in order; the players of one stage
move simultaneously (none observes the others' choice in that stage), and
every player observes every choice made in earlier stages. A structure with a
single stage holding every player is the simultaneous-move game; one player
per stage is a game of perfect information. A structure may also hold a
bargaining stage (:mod:`._bargaining`) between two of its stages. The format is
documented in ``docs/reference/scenario-spec.md`` (sections "Move order" and
"Bargaining stage").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._spec_objects import Player
    from ._spec_reader import _Reader

from ._bargaining import Bargaining, parse_bargaining

__all__ = ["SIMULTANEOUS", "Structure", "parse_structures"]

#: name of the structure every scenario has: all players in one stage
SIMULTANEOUS = "simultaneous"


@dataclass(frozen=True, slots=True)
class Structure:
    """One declared move order.

    Attributes
    ----------
    name : str
        Structure name.
    description : str
        What the structure assumes (who moves when, who sees what).
    stages : tuple of tuple of str
        Player ids per stage, in the order of play.
    bargaining : Bargaining or None
        A bargaining stage placed after ``bargaining.after`` stages of play.
    """

    name: str
    description: str
    stages: tuple[tuple[str, ...], ...]
    bargaining: Bargaining | None = None

    @property
    def sequential(self) -> bool:
        """Whether play has more than one stage (a bargaining stage counts)."""
        return len(self.stages) > 1 or self.bargaining is not None

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form."""
        return {
            "name": self.name,
            "description": self.description,
            "stages": [list(s) for s in self.stages],
            "bargaining": None if self.bargaining is None else self.bargaining.to_dict(),
        }


def parse_structures(
    reader: _Reader,
    raw: object,
    players: tuple[Player, ...],
    meta: Mapping[str, Any],
    *,
    bargaining_context: Mapping[str, Any] | None = None,
) -> tuple[Mapping[str, Structure], str]:
    """Parse ``[structures.<name>]`` tables and ``[scenario].default_structure``.

    The structure ``"simultaneous"`` (all players in one stage) always exists;
    a spec may redeclare it only with that meaning. ``bargaining_context``
    holds the keyword arguments of :func:`._bargaining.parse_bargaining` other
    than the table itself (needed to read a ``bargaining`` key).
    """
    ids = [p.id for p in players]
    out: dict[str, Structure] = {
        SIMULTANEOUS: Structure(SIMULTANEOUS, "all players choose at once", (tuple(ids),))
    }
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise reader.error(("structures",), "structures must be a table of [structures.<name>]")
    for name, spec in raw.items():
        where: tuple[str | int, ...] = ("structures", name)
        reader.identifier(name, where, "a structure name")
        if not isinstance(spec, dict):
            raise reader.error(where, "each structure is a table with description and stages")
        reader.unknown_keys(spec, {"description", "stages", "bargaining"}, where)
        stages_raw = spec.get("stages")
        if not isinstance(stages_raw, list) or not stages_raw:
            raise reader.error(
                (*where, "stages"),
                'stages must be a non-empty array of player lists, e.g. [["beijing"], ["moscow"]]',
            )
        stages: list[tuple[str, ...]] = []
        seen: set[str] = set()
        for k, stage in enumerate(stages_raw):
            members = [stage] if isinstance(stage, str) else stage
            if not isinstance(members, list) or not members:
                raise reader.error((*where, "stages"), f"stage {k} must be a non-empty player list")
            for player in members:
                if player not in ids:
                    raise reader.error(
                        (*where, "stages"),
                        f"unknown player {player!r} in stage {k}; players: {ids}",
                    )
                if player in seen:
                    raise reader.error(
                        (*where, "stages"), f"player {player!r} appears in more than one stage"
                    )
                seen.add(player)
            stages.append(tuple(members))
        bargaining = None
        if "bargaining" in spec:
            if name == SIMULTANEOUS:
                raise reader.error(
                    (*where, "bargaining"),
                    f"the structure {SIMULTANEOUS!r} is reserved for one stage of play",
                )
            if bargaining_context is None:  # pragma: no cover - the spec parser passes it
                raise reader.error((*where, "bargaining"), "bargaining is not available here")
            bargaining = parse_bargaining(
                spec["bargaining"],
                (*where, "bargaining"),
                fail=reader.error,
                stages=stages,
                **bargaining_context,
            )
            seen |= {p for p, _ in bargaining.disagreement}
        missing = [p for p in ids if p not in seen]
        if missing:
            raise reader.error(
                (*where, "stages"),
                f"players {missing} are in no stage"
                + (" (nor in bargaining.disagreement)" if bargaining else ""),
            )
        if name == SIMULTANEOUS and len(stages) != 1:
            raise reader.error(
                where, f"the structure {SIMULTANEOUS!r} is reserved for one stage with every player"
            )
        out[name] = Structure(
            name, reader.string(spec, "description", where, default=""), tuple(stages), bargaining
        )
    default = reader.string(meta, "default_structure", ("scenario",), default=SIMULTANEOUS)
    if default not in out:
        raise reader.error(
            ("scenario", "default_structure"),
            f"unknown structure {default!r}; structures: {sorted(out)}",
        )
    return MappingProxyType(out), default
