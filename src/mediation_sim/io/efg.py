r"""Gambit extensive-form (``.efg``) files: read and write game trees.

A ``.efg`` file has a *prologue* and a *body* (see Gambit's documentation)::

    EFG 2 R "Entry deterrence" { "entrant" "incumbent" }     <- header, title, players
    "an optional comment"

    p "" 1 1 "" { "out" "in" } 0                               <- a decision node
    t "" 1 "stay out" { 0, 2 }                                 <- a terminal
    p "" 2 1 "" { "fight" "accommodate" } 0
    t "" 2 "war" { -1, -1 }
    t "" 3 "peace" { 1, 1 }

The body lists the nodes in prefix order (a node, then the subtree of each
of its children in order). Each entry starts with its type:

``p "name" player infoset ["infoset name" { "action" ... }] outcome [outcome description]``
    A decision node of player ``player`` (numbered from 1) in information set
    ``infoset`` (numbered per player).
``c "name" event ["event name" { "action" prob ... }] outcome [outcome description]``
    A chance node; ``prob`` may be a decimal or a rational ``1/3``.
``t "name" outcome [outcome description]``
    A terminal node.

An outcome description is ``"outcome name" { payoff, payoff, ... }`` (commas
optional); outcome ``0`` is the null outcome, which pays nothing. Descriptions
in brackets may be omitted when the same information set, event or outcome
was described earlier; repeated descriptions must match. Outcomes may sit at
non-terminal nodes: a path's payoff is then the sum of the outcomes along it.

The reader tokenizes and parses the text (nothing in it is evaluated), and
reports every problem as an :class:`~mediation_sim.EfgFormatError` naming the
file and line.

**Sources**

* The Gambit Project, "The extensive game (.efg) file format",
  https://gambitproject.readthedocs.io/en/stable/formats.html
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import IO

import numpy as np

from .._errors import EfgFormatError, InvalidArgumentError, MediationSimError
from ..games.extensive_form import (
    KIND_CHANCE,
    KIND_DECISION,
    KIND_TERMINAL,
    MAX_TREE_NODES,
    Chance,
    Decision,
    GameTree,
    Node,
    Terminal,
)
from ._gambit_text import (
    INT_LIMIT,
    NUMBER,
    NUMBER_END,
    STRING_SOURCE,
    Lexer,
    PathOrFile,
    describe,
    float_text,
    number_value,
    quote,
    read_text,
    small_int,
    unescape,
    unique_labels,
    write_text,
)

__all__ = ["dumps_efg", "loads_efg", "read_efg", "write_efg"]


class _Lexer(Lexer):
    error = EfgFormatError

    def integer(self, what: str, *, minimum: int) -> int:
        token = self.expect("number", what)
        if not re.fullmatch(r"\d+", token.text):
            self.fail(token, f"expected {what} (a whole number), found {describe(token)}")
        value = small_int(token.text)
        if value is None:
            self.fail(
                token,
                f"{what} has {len(token.text.lstrip('0'))} digits; no game a reader can hold "
                "has that many",
            )
        if value < minimum:
            self.fail(token, f"{what} must be at least {minimum}, found {value}")
        return value

    def number(self, what: str) -> float:
        return self.value(self.expect("number", what))


# ---------------------------------------------------------------------- parsing
@dataclass(slots=True)
class _Record:
    kind: int
    name: str
    line: int
    player: int = 0  # 1-based for decision nodes
    key: int = 0  # information set or event number
    outcome: int = 0
    n_children: int = 0


@dataclass(slots=True)
class _Tables:
    n_players: int
    infosets: dict[tuple[int, int], tuple[str, tuple[str, ...], int]] = field(default_factory=dict)
    events: dict[int, tuple[str, tuple[str, ...], tuple[float, ...], int]] = field(
        default_factory=dict
    )
    outcomes: dict[int, tuple[str, tuple[float, ...], int]] = field(default_factory=dict)


def _parse_outcome(lexer: _Lexer, tables: _Tables, record: _Record) -> None:
    number = lexer.integer("an outcome number", minimum=0)
    record.outcome = number
    if lexer.peek().kind != "string":
        if number and number not in tables.outcomes:
            lexer.fail(
                lexer.peek(), f"outcome {number} is used before its name and payoffs are given"
            )
        return
    start = lexer.peek()
    name = lexer.string("the outcome name")
    lexer.expect("lbrace", "'{' opening the outcome's payoffs")
    pays: list[float] = []
    while lexer.peek().kind != "rbrace":
        if lexer.peek().kind == "comma":
            lexer.next()
            continue
        if lexer.peek().kind != "number":
            lexer.fail(lexer.peek(), f"expected a payoff or '}}', found {describe(lexer.peek())}")
        pays.append(lexer.number("a payoff"))
    lexer.next()
    if number == 0:
        lexer.fail(start, "outcome 0 is the null outcome and must not have a name or payoffs")
    if len(pays) != tables.n_players:
        lexer.fail(
            start,
            f"outcome {number} has {len(pays)} payoffs but the game has {tables.n_players} players",
        )
    entry = (name, tuple(pays))
    old = tables.outcomes.get(number)
    if old is not None and (old[0], old[1]) != entry:
        lexer.fail(
            start,
            f"outcome {number} is described differently here than on line {old[2]}",
        )
    if old is None:
        tables.outcomes[number] = (name, tuple(pays), lexer.line(start.pos))


def _parse_actions(lexer: _Lexer, *, with_probs: bool) -> tuple[list[str], list[float]]:
    lexer.expect("lbrace", "'{' opening the list of actions")
    names: list[str] = []
    probs: list[float] = []
    while lexer.peek().kind != "rbrace":
        names.append(lexer.string("an action name in quotes or '}'"))
        if with_probs:
            if lexer.peek().kind == "comma":
                lexer.next()
            probs.append(lexer.number("the action's probability"))
        if lexer.peek().kind == "comma":
            lexer.next()
    close = lexer.next()
    if not names:
        lexer.fail(close, "a node needs at least one action")
    return names, probs


def _parse_body(lexer: _Lexer, tables: _Tables) -> list[_Record]:
    records: list[_Record] = []
    while lexer.peek().kind != "eof":
        token = lexer.next()
        line = lexer.line(token.pos)
        if token.kind != "symbol" or token.text not in ("p", "c", "t"):
            lexer.fail(token, f"expected a node type 'p', 'c' or 't', found {describe(token)}")
        name = lexer.string("the node name in quotes")
        if token.text == "t":
            record = _Record(KIND_TERMINAL, name, line)
        elif token.text == "p":
            record = _Record(KIND_DECISION, name, line)
            record.player = lexer.integer("a player number", minimum=1)
            if record.player > tables.n_players:
                lexer.fail(
                    token,
                    f"player {record.player} does not exist (the game has "
                    f"{tables.n_players} players)",
                )
            record.key = lexer.integer("an information set number", minimum=1)
            key = (record.player, record.key)
            if lexer.peek().kind == "string":
                info_name = lexer.string("the information set name")
                actions, _ = _parse_actions(lexer, with_probs=False)
                old = tables.infosets.get(key)
                if old is not None and (old[0], old[1]) != (info_name, tuple(actions)):
                    lexer.fail(
                        token,
                        f"information set {record.key} of player {record.player} is described "
                        f"differently here than on line {old[2]}",
                    )
                if old is None:
                    tables.infosets[key] = (info_name, tuple(actions), line)
            elif key not in tables.infosets:
                lexer.fail(
                    token,
                    f"information set {record.key} of player {record.player} is used before "
                    "its actions are given",
                )
            record.n_children = len(tables.infosets[key][1])
        else:
            record = _Record(KIND_CHANCE, name, line)
            record.key = lexer.integer("a chance event number", minimum=1)
            if lexer.peek().kind == "string":
                ev_name = lexer.string("the event name")
                actions, probs = _parse_actions(lexer, with_probs=True)
                old_ev = tables.events.get(record.key)
                entry = (ev_name, tuple(actions), tuple(probs))
                if old_ev is not None and old_ev[:3] != entry:
                    lexer.fail(
                        token,
                        f"chance event {record.key} is described differently here than on "
                        f"line {old_ev[3]}",
                    )
                if old_ev is None:
                    tables.events[record.key] = (ev_name, tuple(actions), tuple(probs), line)
            elif record.key not in tables.events:
                lexer.fail(token, f"chance event {record.key} is used before its actions are given")
            record.n_children = len(tables.events[record.key][1])
        _parse_outcome(lexer, tables, record)
        records.append(record)
        if len(records) > MAX_TREE_NODES:
            lexer.fail(token, f"the tree has more than {MAX_TREE_NODES:,} nodes")
    return records


_STR = r'"((?:[^"\\]|\\.)*)"'
_STR_NC = r'"(?:[^"\\]|\\.)*"'
# Each piece of text has one way to match (numbers end at NUMBER_END, the blanks
# around a comma go to one place), so a line that does not match fails in linear time.
_OUTCOME = rf"\s+(\d+)(?:\s+{_STR}\s*\{{\s*((?:{NUMBER}{NUMBER_END}(?:\s*,)?\s*)*)\}})?\s*"
_P_LINE = re.compile(
    rf"p\s+{_STR}\s+(\d+)\s+(\d+)(?:\s+{_STR}\s*\{{((?:\s*{_STR_NC})*)\s*\}})?{_OUTCOME}",
    re.ASCII,
)
_C_LINE = re.compile(
    rf"c\s+{_STR}\s+(\d+)(?:\s+{_STR}\s*\{{\s*"
    rf"((?:{_STR_NC}(?:\s*,)?\s*{NUMBER}{NUMBER_END}(?:\s*,)?\s*)*)\}})?{_OUTCOME}",
    re.ASCII,
)
_T_LINE = re.compile(rf"t\s+{_STR}{_OUTCOME}", re.ASCII)
_STR_ITEMS = re.compile(_STR, re.ASCII)
_NUM_ITEMS = re.compile(NUMBER, re.ASCII)
_PROB_ITEMS = re.compile(rf"{_STR}\s*,?\s*({NUMBER})", re.ASCII)


def _fast_body(text: str, start: int, first_line: int, tables: _Tables) -> list[_Record] | None:
    """Parse a body laid out one node per line (as Gambit writes it) with one regex per line.

    Returns ``None`` at the first line it does not recognise or that breaks a rule;
    the token parser then reads the body again and reports any error with its line.
    """
    records: list[_Record] = []
    n = tables.n_players

    def payoffs(number: str, name: str | None, payload: str | None, line: int) -> int | None:
        k = small_int(number)
        if k is None:
            return None
        if name is None:
            return k if (k == 0 or k in tables.outcomes) else None
        if k == 0:
            return None
        try:
            pays = tuple(number_value(x) for x in _NUM_ITEMS.findall(payload or ""))
        except (ZeroDivisionError, OverflowError, ValueError):
            return None
        if len(pays) != n or not all(np.isfinite(pays)):
            return None
        entry = (unescape(name), pays)
        old = tables.outcomes.get(k)
        if old is None:
            tables.outcomes[k] = (*entry, line)
        elif old[:2] != entry:
            return None
        return k

    for offset, raw in enumerate(text[start:].split("\n")):
        body = raw.strip()
        if not body:
            continue
        line = first_line + offset
        kind = body[0]
        if kind == "t":
            m = _T_LINE.fullmatch(body)
            if m is None:
                return None
            name, out_no, out_name, payload = m.groups()
            record = _Record(KIND_TERMINAL, unescape(name), line)
        elif kind == "p":
            m = _P_LINE.fullmatch(body)
            if m is None:
                return None
            name, player, info, info_name, acts, out_no, out_name, payload = m.groups()
            if small_int(player) is None or small_int(info) is None:
                return None
            record = _Record(KIND_DECISION, unescape(name), line, int(player), int(info))
            if not 1 <= record.player <= n or record.key < 1:
                return None
            key = (record.player, record.key)
            if info_name is not None:
                actions = tuple(unescape(a) for a in _STR_ITEMS.findall(acts))
                entry = (unescape(info_name), actions)
                old = tables.infosets.get(key)
                if not actions or (old is not None and old[:2] != entry):
                    return None
                if old is None:
                    tables.infosets[key] = (*entry, line)
            elif key not in tables.infosets:
                return None
            record.n_children = len(tables.infosets[key][1])
        elif kind == "c":
            m = _C_LINE.fullmatch(body)
            if m is None:
                return None
            name, event, ev_name, acts, out_no, out_name, payload = m.groups()
            if small_int(event) is None:
                return None
            record = _Record(KIND_CHANCE, unescape(name), line, 0, int(event))
            if record.key < 1:
                return None
            if ev_name is not None:
                pairs = _PROB_ITEMS.findall(acts)
                try:
                    probs = tuple(number_value(pr) for _, pr in pairs)
                except (ZeroDivisionError, OverflowError, ValueError):
                    return None
                entry_ev = (unescape(ev_name), tuple(unescape(a) for a, _ in pairs), probs)
                old_ev = tables.events.get(record.key)
                if not pairs or (old_ev is not None and old_ev[:3] != entry_ev):
                    return None
                if old_ev is None:
                    tables.events[record.key] = (*entry_ev, line)
            elif record.key not in tables.events:
                return None
            record.n_children = len(tables.events[record.key][1])
        else:
            return None
        outcome = payoffs(out_no, out_name, payload, line)
        if outcome is None:
            return None
        record.outcome = outcome
        records.append(record)
        if len(records) > MAX_TREE_NODES:
            return None
    return records


def _infoset_labels(
    tables: _Tables, members: dict[tuple[int, int], int]
) -> dict[tuple[int, int], str | None]:
    """Information-set labels: names made unique per player; None for unnamed singletons."""
    out: dict[tuple[int, int], str | None] = {}
    by_player: dict[int, dict[str, list[tuple[int, int]]]] = {}
    for key, (name, _, _) in tables.infosets.items():
        if key not in members:
            continue
        if not name and members[key] == 1:
            out[key] = None
            continue
        label = name if name else f"#{key[1]}"
        by_player.setdefault(key[0], {}).setdefault(label, []).append(key)
    for groups in by_player.values():
        taken = set(groups)
        for label, keys in groups.items():
            if len(keys) == 1:
                out[keys[0]] = label
                continue
            for key in keys:
                new = f"{label}#{key[1]}"
                while new in taken:
                    new += "'"
                taken.add(new)
                out[key] = new
    return out


def _build(lexer: _Lexer, tables: _Tables, records: list[_Record], players: Sequence[str]) -> Node:
    """Assemble builder nodes from the prefix-ordered records (no recursion)."""
    if not records:
        lexer.fail_at(len(lexer.text), "the file has no nodes")
    members: dict[tuple[int, int], int] = {}
    for r in records:
        if r.kind == KIND_DECISION:
            members[(r.player, r.key)] = members.get((r.player, r.key), 0) + 1
    labels = _infoset_labels(tables, members)
    # frames: [record, accumulated payoffs, children built so far]
    zero = (0.0,) * tables.n_players
    stack: list[tuple[_Record, tuple[float, ...], list[Node]]] = []
    root: Node | None = None
    for r in records:
        if root is not None:
            raise EfgFormatError(
                "the tree is complete before this node; extra nodes follow",
                path=lexer.source,
                line=r.line,
            )
        acc = stack[-1][1] if stack else zero
        if r.outcome:  # outcomes add up along the path
            acc = tuple(a + b for a, b in zip(acc, tables.outcomes[r.outcome][1], strict=True))
        if r.kind != KIND_TERMINAL:
            stack.append((r, acc, []))
            continue
        outcome_name = tables.outcomes[r.outcome][0] if r.outcome else ""
        node: Node = Terminal(acc, outcome_name, r.name)
        # close every frame that is now complete
        while True:
            if not stack:
                root = node
                break
            frame = stack[-1]
            frame[2].append(node)
            if len(frame[2]) < frame[0].n_children:
                break
            stack.pop()
            node = _make_internal(lexer, tables, labels, frame[0], frame[2], players)
    if root is None:
        r = stack[-1][0]
        raise EfgFormatError(
            f"the file ends before the subtree of the node on line {r.line} is complete "
            f"(it has {len(stack[-1][2])} of its {r.n_children} children)",
            path=lexer.source,
            line=r.line,
        )
    return root


def _make_internal(
    lexer: _Lexer,
    tables: _Tables,
    labels: dict[tuple[int, int], str | None],
    r: _Record,
    children: list[Node],
    players: Sequence[str],
) -> Node:
    try:
        if r.kind == KIND_DECISION:
            _, actions, _ = tables.infosets[(r.player, r.key)]
            return Decision(
                players[r.player - 1],
                tuple(unique_labels(actions)),
                tuple(children),
                labels[(r.player, r.key)],
                r.name,
            )
        _, actions, probs, _ = tables.events[r.key]
        return Chance(tuple(unique_labels(actions)), probs, tuple(children), r.name)
    except EfgFormatError:
        raise
    except MediationSimError as exc:
        raise EfgFormatError(str(exc), path=lexer.source, line=r.line) from None


def _parse(text: str, source: str) -> GameTree:
    lexer = _Lexer(text, source)
    head = lexer.next()
    if head.kind != "symbol" or head.text != "EFG":
        lexer.fail(head, f"a .efg file starts with 'EFG', found {describe(head)}")
    version = lexer.expect("number", "the version number 2")
    if version.text != "2":
        lexer.fail(version, f"only version 2 of the format is supported, found {version.text!r}")
    kind = lexer.next()
    if kind.kind != "symbol" or kind.text not in ("R", "D"):
        lexer.fail(kind, f"expected 'R' (or 'D') after the version, found {describe(kind)}")
    title = lexer.string("the game's title in quotes")
    lexer.expect("lbrace", "'{' opening the list of player names")
    players: list[str] = []
    while lexer.peek().kind != "rbrace":
        players.append(lexer.string("a player name in quotes or '}'"))
    close = lexer.next()
    if not players:
        lexer.fail(close, "the game needs at least one player")
    if lexer.peek().kind == "string":
        lexer.next()  # the comment
    names = [p if p else f"Player {k + 1}" for k, p in enumerate(players)]
    if len(set(names)) != len(names):
        names = [f"{p}_{k + 1}" for k, p in enumerate(names)]
    body_start = lexer.peek().pos
    tables = _Tables(len(players))
    records = _fast_body(text, body_start, lexer.line(body_start), tables)
    if records is None:  # not one node per line, or something to report: the token parser
        tables = _Tables(len(players))
        records = _parse_body(lexer, tables)
    root = _build(lexer, tables, records, names)
    try:
        return GameTree(root, names, title=title)
    except MediationSimError as exc:
        raise EfgFormatError(str(exc), path=source) from None


def loads_efg(text: str) -> GameTree:
    r"""Parse the contents of a Gambit ``.efg`` file into a :class:`~mediation_sim.games.GameTree`.

    The parser works in these steps:

    1. Split the text into tokens (quoted strings, numbers, braces, commas,
       bare words), keeping each token's position so errors can name the line.
    2. Read the header: ``EFG 2 R`` (or ``D``), the title, the player names
       and the optional comment.
    3. Read the node entries in order, recording information sets, chance
       events and outcomes the first time they are described and checking
       that repeated descriptions match.
    4. Assemble the tree from the prefix order (each non-terminal node takes
       as many subtrees as its information set or event has actions), adding
       the outcomes met along each path into the terminal's payoffs.

    Parameters
    ----------
    text : str
        The file contents.

    Returns
    -------
    GameTree
        The tree, with the file's title, players, node names, action names
        and outcome names.

    Raises
    ------
    EfgFormatError
        If the text is not a well-formed ``.efg`` file, or describes a tree
        mediation_sim refuses (for example, chance probabilities that do not
        sum to one); the message names ``"<string>"`` and the line.
    InvalidArgumentError
        If ``text`` is not a string.

    See Also
    --------
    read_efg : Read a file.
    dumps_efg : The inverse.

    Notes
    -----
    Where Gambit's trees and mediation_sim's differ:

    * Numbers are exact rationals in Gambit; here each becomes the nearest float.
    * Outcomes at non-terminal nodes are folded into the terminals' payoffs
      (the path's total), so writing the tree back puts every payoff at a
      terminal; the game is the same.
    * Information sets are named by their label in the file; an unnamed set
      with several nodes is called ``#<number>``, an unnamed singleton gets
      mediation_sim's automatic label (its path). Sharing of chance events
      between chance nodes is not kept (it has no strategic meaning).
    * Empty or repeated action names within a node are made distinct as
      Gambit does, with the suffix ``_1``, ``_2``, ... (two chance actions
      both called ``"1/2"`` become ``"1/2_1"`` and ``"1/2_2"``).

    Examples
    --------
    The sample file of Gambit's documentation has incremental outcomes; here
    a smaller tree with one:

    >>> import mediation_sim as ms
    >>> tree = ms.io.loads_efg('''EFG 2 R "Entry" { "entrant" "incumbent" }
    ... ""
    ... p "" 1 1 "" { "out" "in" } 0
    ... t "" 1 "stay out" { 0, 2 }
    ... p "" 2 1 "" { "fight" "accommodate" } 2 "entry cost" { -1, 0 }
    ... t "" 3 "war" { 0, -1 }
    ... t "" 4 "peace" { 2, 1 }
    ... ''')
    >>> tree
    GameTree('Entry', 2 players, 5 nodes, 3 terminals)
    >>> tree.terminal_payoffs.tolist()   # the entry cost is added along the path
    [[0.0, 2.0], [-1.0, -1.0], [1.0, 1.0]]
    >>> ms.solvers.backward_induction(tree).path
    ('in', 'accommodate')

    Errors name the line:

    >>> ms.io.loads_efg('EFG 2 R "t" { "a" }\np "" 1 1 "" { "x" } 0\nt "" 1 "o" { 1 2 }')
    Traceback (most recent call last):
    ...
    mediation_sim._errors.EfgFormatError: <string>, line 3: outcome 1 has 2 payoffs but ...
    """
    if not isinstance(text, str):
        raise InvalidArgumentError(
            f"loads_efg(): text must be a str, got {type(text).__name__}; use read_efg for files"
        )
    return _parse(text, STRING_SOURCE)


def read_efg(path: PathOrFile) -> GameTree:
    """Read a Gambit extensive-form (``.efg``) file.

    Parameters
    ----------
    path : str, os.PathLike or file object
        The file's path, or an open file (text or binary). Decoded as UTF-8.

    Returns
    -------
    GameTree

    Raises
    ------
    EfgFormatError
        If the file is malformed; the message names the file and line.
    InvalidArgumentError
        If ``path`` is neither a path nor a readable file, or looks like file
        contents (use :func:`loads_efg` for text).
    FileAccessError
        If the file cannot be read (missing, a directory, an I/O error) or is
        larger than ``mediation_sim.io._gambit_text.MAX_FILE_BYTES`` (256 MiB).

    See Also
    --------
    loads_efg : Parse text; describes the steps and the differences from Gambit.
    write_efg : The inverse.

    Notes
    -----
    Loading never executes code: the file is tokenized and parsed.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import mediation_sim as ms
    >>> from mediation_sim.games import GameTree, decision, terminal
    >>> tree = GameTree(decision("a", {"x": terminal([1, 0]), "y": terminal([0, 1])}),
    ...                 players=["a", "b"])
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     file = pathlib.Path(tmp) / "tree.efg"
    ...     ms.io.write_efg(tree, file)
    ...     ms.io.read_efg(file) == tree
    True
    """
    text, source = read_text(path, func="read_efg", magic="EFG", error=EfgFormatError)
    return _parse(text, source)


# ---------------------------------------------------------------------- writing
@functools.lru_cache(maxsize=65536)
def _number_text(value: float, *, rational: bool = False) -> str:
    """Exact text of a float: integers plainly, else a short rational or decimal."""
    if value == int(value) and abs(value) < INT_LIMIT:
        return str(int(value))
    text = float_text(value)
    if rational or len(text) > 12:
        frac = Fraction(value).limit_denominator(10**6)
        if float(frac) == value and frac.denominator > 1:
            return f"{frac.numerator}/{frac.denominator}"
    return text


def dumps_efg(tree: GameTree, *, comment: str = "") -> str:
    r"""The text of a Gambit ``.efg`` file for a game tree.

    Nodes are written in prefix order, one per line, each with its full
    description (Gambit's own style). Information sets are numbered per
    player in order of first appearance and carry their labels (unlabelled
    singletons get an empty name); each chance node is its own event;
    terminals with the same outcome name and payoffs share an outcome number.
    Numbers are written exactly: integers plainly, chance probabilities as
    short rationals where one is exact (``1/3``), other values as the
    shortest decimal that reads back to the same float.

    Parameters
    ----------
    tree : GameTree
        The tree to write.
    comment : str, default ""
        Text for the file's comment field.

    Returns
    -------
    str
        The file contents, ending with a newline.

    Raises
    ------
    InvalidArgumentError
        If ``tree`` is not a :class:`~mediation_sim.games.GameTree` or
        ``comment`` is not a string.

    See Also
    --------
    write_efg : Write to a file.
    loads_efg : The inverse (``loads_efg(dumps_efg(t)) == t``).

    Notes
    -----
    The file follows the format's specification. pygambit 16.7 reads it with
    three restrictions of its own: node labels must be unique (empty ones
    are fine), labels must not start or end with a space or contain two
    spaces in a row, and a backslash is best avoided (Gambit takes ``\"``
    as an escaped quote, so a label ending in a backslash breaks its
    reader). Repeated outcome names are renamed by pygambit (``war_1``,
    ``war_2``); the payoffs are unchanged.

    Examples
    --------
    >>> import mediation_sim as ms
    >>> from mediation_sim.games import GameTree, chance, decision, terminal
    >>> tree = GameTree(chance({
    ...     "strong": (1/3, decision("b", {"fight": terminal([1, 0], outcome="war"),
    ...                                    "yield": terminal([2, 1])}, infoset="guess")),
    ...     "weak": (2/3, decision("b", {"fight": terminal([0, 1], outcome="war"),
    ...                                  "yield": terminal([2, 1])}, infoset="guess"))}),
    ...     players=["a", "b"], title="Guess")
    >>> print(ms.io.dumps_efg(tree))
    EFG 2 R "Guess" { "a" "b" }
    ""
    <BLANKLINE>
    c "" 1 "" { "strong" 1/3 "weak" 2/3 } 0
    p "" 2 1 "guess" { "fight" "yield" } 0
    t "" 1 "war" { 1, 0 }
    t "" 2 "" { 2, 1 }
    p "" 2 1 "guess" { "fight" "yield" } 0
    t "" 3 "war" { 0, 1 }
    t "" 2 "" { 2, 1 }
    <BLANKLINE>
    >>> ms.io.loads_efg(ms.io.dumps_efg(tree)) == tree
    True
    """
    if not isinstance(tree, GameTree):
        raise InvalidArgumentError(
            f"dumps_efg(): tree must be a mediation_sim.games.GameTree, got {type(tree).__name__}"
        )
    if not isinstance(comment, str):
        raise InvalidArgumentError("dumps_efg(): comment must be a string")
    t = tree
    lines = [
        f"EFG 2 R {quote(t.title)} {{ " + " ".join(quote(p) for p in t.players) + " }",
        quote(comment),
        "",
    ]
    info_number: dict[int, int] = {}
    per_player = [0] * t.n_players
    outcome_number: dict[tuple[str, tuple[float, ...]], int] = {}
    n_events = 0
    for v in range(t.n_nodes):
        kind = int(t.arrays.kind[v])
        name = quote(t.arrays.node_labels[v])
        if kind == KIND_TERMINAL:
            z = int(t.arrays.terminal_index[v])
            pays = tuple(float(x) for x in t.arrays.terminal_payoffs[z])
            key = (t.arrays.terminal_outcomes[z], pays)
            if key not in outcome_number:
                outcome_number[key] = len(outcome_number) + 1
            body = ", ".join(_number_text(x) for x in pays)
            lines.append(f"t {name} {outcome_number[key]} {quote(key[0])} {{ {body} }}")
        elif kind == KIND_DECISION:
            k = int(t.arrays.infoset[v])
            i = int(t.arrays.player[v])
            if k not in info_number:
                per_player[i] += 1
                info_number[k] = per_player[i]
            explicit = t.arrays.infoset_explicit[k]
            info_name = (
                t.arrays.infoset_labels[k]
                if (len(t.arrays.infoset_members[k]) > 1 or explicit is not None)
                else ""
            )
            acts = " ".join(quote(a) for a in t.arrays.infoset_actions[k])
            lines.append(f"p {name} {i + 1} {info_number[k]} {quote(info_name)} {{ {acts} }} 0")
        else:
            n_events += 1
            s = int(t.arrays.child_start[v])
            probs = t.arrays.edge_prob[s : s + int(t.arrays.n_children[v])]
            acts = " ".join(
                f"{quote(a)} {_number_text(float(p), rational=True)}"
                for a, p in zip(t.arrays.node_actions[v], probs, strict=True)
            )
            lines.append(f'c {name} {n_events} "" {{ {acts} }} 0')
    return "\n".join(lines) + "\n"


def write_efg(
    tree: GameTree,
    path: str | os.PathLike[str] | IO[str],
    *,
    comment: str = "",
    overwrite: bool = False,
) -> None:
    r"""Write a game tree to a Gambit extensive-form (``.efg``) file.

    Parameters
    ----------
    tree : GameTree
        The tree to write.
    path : str, os.PathLike or text file object
        Where to write (UTF-8, ``\n`` line endings). An open text file is
        written to and left open.
    comment : str, default ""
        Text for the file's comment field.
    overwrite : bool, default False
        Replace an existing file at ``path``; without it an existing file is
        refused.

        .. versionchanged:: 0.2
           Existing files are no longer replaced silently.

    Raises
    ------
    InvalidArgumentError
        If ``tree`` is not a tree or ``path`` is neither a path nor a writable file.
    FileAccessError
        If ``path`` exists and ``overwrite`` is false, or it cannot be written.

    See Also
    --------
    dumps_efg : The text written.
    read_efg : The inverse.

    Examples
    --------
    >>> import io
    >>> import mediation_sim as ms
    >>> from mediation_sim.games import GameTree, decision, terminal
    >>> buffer = io.StringIO()
    >>> ms.io.write_efg(GameTree(decision("a", {"x": terminal([1.5])})), buffer)
    >>> buffer.getvalue().splitlines()[3]
    'p "" 1 1 "" { "x" } 0'
    >>> ms.io.loads_efg(buffer.getvalue()).terminal_payoffs.tolist()
    [[1.5]]
    """
    text = dumps_efg(tree, comment=comment)
    write_text(text, path, func="write_efg", overwrite=overwrite)
