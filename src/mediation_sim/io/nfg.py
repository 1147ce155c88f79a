r"""Gambit strategic-form (``.nfg``) files: read and write both versions of the format.

A ``.nfg`` file has a *prologue* and a *body* [Gambit]_::

    NFG 1 R "Prisoner's dilemma" { "row" "column" }      <- header, title, players

    { { "cooperate" "defect" }                            <- strategy labels per player
    { "cooperate" "defect" }                                 (or counts: { 2 2 })
    }
    "an optional comment"

    3 3                                                   <- body: payoffs of every player,
    5 0                                                      profile by profile, the FIRST
    0 5                                                      player's strategy varying fastest
    1 1

The body comes in two versions. The *payoff version* above lists the
payoffs directly. The *outcome version* first lists outcomes, each a name and
one payoff per player (``{ "" 3, 3 }``; commas optional), then one outcome
number per profile in the same order, where ``0`` is the null outcome that
pays everyone zero. The reader detects the version from the first token of
the body.

Numbers may be integers, decimals (``0.25``, ``.5``, ``1E-20``) or rationals
(``3/4``); each becomes the nearest ``float``. Quoted strings use Gambit's
escapes: ``\"`` is a quote, ``\\`` a backslash, and a backslash before any
other character is kept as written.

The reader is a small tokenizer plus a recursive-descent parser: it never
evaluates anything it reads, checks the game's size from the header *before*
allocating the payoff array, and reports every problem as an
:class:`~mediation_sim.NfgFormatError` naming the file and line.

References
----------
.. [Gambit] The Gambit Project, "Game representation formats: the strategic
   game (.nfg) file format, payoff version and outcome version",
   https://gambitproject.readthedocs.io/en/stable/formats.html
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import IO, Any

import numpy as np
from numpy.typing import NDArray

from .._errors import GameTooLargeError, InvalidArgumentError, NfgFormatError
from ..games.normal_form import NormalFormGame, check_game_size
from ._gambit_text import (
    INT_LIMIT,
    NUMBER,
    STRING_SOURCE,
    Lexer,
    PathOrFile,
    Token,
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
from ._numbers import clean_floats

__all__ = ["dumps_nfg", "loads_nfg", "read_nfg", "write_nfg"]

# Whole-body patterns for the fast paths (a flat list of numbers / of outcome numbers).
_FLAT_NUMBERS_RE = re.compile(rf"\s*(?:{NUMBER}(?:\s+{NUMBER})*)?\s*", re.ASCII)
_FLAT_INDICES_RE = re.compile(r"\s*(?:\d+(?:\s+\d+)*)?\s*", re.ASCII)
_UNSIGNED_RE = re.compile(r"\d+", re.ASCII)


class _Lexer(Lexer):
    error = NfgFormatError


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _unquote(token: Token) -> str:
    return unescape(token.text[1:-1])


@dataclass(slots=True)
class _Header:
    title: str
    players: list[str]
    strategies: list[list[str]] | None  # None: given as counts (default labels)
    shape: tuple[int, ...]


def _parse_strategy_labels(lexer: _Lexer, players: Sequence[str]) -> list[list[str]]:
    strategies = []
    for name in players:
        lexer.expect("lbrace", f"'{{' opening the strategy labels of player {name!r}")
        labels = []
        while (token := lexer.next()).kind == "string":
            labels.append(_unquote(token))
        if token.kind != "rbrace":
            lexer.fail(
                token,
                f"expected a quoted strategy label or '}}' closing the strategies of player "
                f"{name!r}, found {describe(token)}",
            )
        if not labels:
            lexer.fail(token, f"player {name!r} has no strategies (empty list '{{ }}')")
        strategies.append(labels)
    token = lexer.next()
    if token.kind != "rbrace":
        extra = " (more strategy lists than players)" if token.kind == "lbrace" else ""
        lexer.fail(
            token,
            f"expected '}}' closing the strategy lists of the {len(players)} players, "
            f"found {describe(token)}{extra}",
        )
    return strategies


def _parse_strategy_counts(lexer: _Lexer, players: Sequence[str]) -> list[int]:
    counts = []
    for name in players:
        token = lexer.next()
        if token.kind != "number" or not re.fullmatch(r"[+-]?\d+", token.text, re.ASCII):
            lexer.fail(
                token,
                f"expected the number of strategies of player {name!r} (a positive integer), "
                f"found {describe(token)}",
            )
        digits = token.text.lstrip("+-")
        if len(digits) > 18:
            lexer.fail(
                token,
                f"the strategy count of player {name!r} has {len(digits)} digits; "
                "such a game is far too large to enumerate",
            )
        count = int(token.text)
        if count < 1:
            lexer.fail(
                token,
                f"player {name!r} must have a positive number of strategies, found {count}",
            )
        counts.append(count)
    token = lexer.next()
    if token.kind != "rbrace":
        lexer.fail(
            token,
            f"expected '}}' closing the strategy counts of the {len(players)} players, "
            f"found {describe(token)}",
        )
    return counts


def _parse_header(lexer: _Lexer) -> _Header:
    token = lexer.next()
    if token.kind != "symbol" or token.text != "NFG":
        hint = (
            "; this is an extensive-form (.efg) file: read it with mediation_sim.io.read_efg"
            if token.text == "EFG"
            else ""
        )
        lexer.fail(
            token,
            f"expected 'NFG', the keyword that starts a Gambit strategic-form file, "
            f"found {describe(token)}{hint}",
        )
    token = lexer.next()
    if token.text != "1":
        lexer.fail(
            token,
            f"expected the format version 1 after 'NFG' (the only version), "
            f"found {describe(token)}",
        )
    token = lexer.next()
    if token.kind != "symbol" or token.text not in ("R", "D"):
        lexer.fail(
            token,
            f"expected the number type 'R' (or the older 'D') after 'NFG 1', found "
            f"{describe(token)}",
        )
    title = _unquote(lexer.expect("string", "the game title (a quoted string) after 'NFG 1 R'"))
    lexer.expect("lbrace", "'{' opening the list of player names after the title")
    players = []
    while (token := lexer.next()).kind == "string":
        players.append(_unquote(token))
    if token.kind != "rbrace":
        lexer.fail(
            token,
            f"expected a quoted player name or '}}' closing the player list, found "
            f"{describe(token)}",
        )
    if not players:
        lexer.fail(token, "the player list is empty; a game needs at least one player")
    players = unique_labels(players)
    opening = lexer.expect("lbrace", "'{' after the player list, opening the strategies")
    first = lexer.peek()
    strategies: list[list[str]] | None
    if first.kind == "lbrace":
        strategies = [unique_labels(s) for s in _parse_strategy_labels(lexer, players)]
        shape = tuple(len(s) for s in strategies)
    elif first.kind == "number":
        strategies = None
        shape = tuple(_parse_strategy_counts(lexer, players))
    else:
        lexer.fail(
            first,
            "expected the strategies: a '{' opening a list of labels per player, or one "
            f"strategy count per player, found {describe(first)}",
        )
    try:
        check_game_size(shape)
    except GameTooLargeError as exc:
        raise GameTooLargeError(
            f"{lexer.source}, line {lexer.line(opening.pos)}: {exc}; refused before reading "
            "the payoffs"
        ) from None
    return _Header(title, players, strategies, shape)


def _profile_label(header: _Header, profile: int) -> str:
    idx = np.unravel_index(profile, header.shape, order="F")
    if header.strategies is None:
        return "(" + ", ".join(f"s{int(k) + 1}" for k in idx) + ")"
    return "(" + ", ".join(header.strategies[i][int(k)] for i, k in enumerate(idx)) + ")"


def _fast_numbers(body: str, expected: int) -> NDArray[np.float64] | None:
    """All payoffs at C speed when the body is a well-formed flat list; else None."""
    if _FLAT_NUMBERS_RE.fullmatch(body) is None:
        return None
    parts = body.split()
    if len(parts) != expected:
        return None
    convert: Callable[[str], float] = number_value if "/" in body else float
    try:
        values = np.fromiter(map(convert, parts), dtype=np.float64, count=expected)
    except (OverflowError, ZeroDivisionError, ValueError):
        return None
    return values if bool(np.isfinite(values).all()) else None


def _parse_payoff_body(lexer: _Lexer, header: _Header) -> NDArray[np.float64]:
    n = len(header.players)
    n_profiles = int(np.prod(header.shape))
    total = n * n_profiles
    values = _fast_numbers(lexer.text[lexer.peek().pos :], total)
    if values is None:  # locate the problem token by token
        values = np.empty(total, dtype=np.float64)
        for k in range(total):
            token = lexer.next()
            if token.kind != "number":
                lexer.fail(
                    token,
                    f"expected payoff {k + 1} of {total} ({_count(n_profiles, 'profile')} x "
                    f"{_count(n, 'player')}), "
                    f"the payoff of player {header.players[k % n]!r} at profile "
                    f"{_profile_label(header, k // n)}, found {describe(token)}",
                )
            values[k] = lexer.value(token)
        token = lexer.next()
        if token.kind != "eof":
            lexer.fail(
                token,
                f"expected the end of the file after the {total} payoffs, found {describe(token)}",
            )
    # values[k * n + i] is player i's payoff at the k-th profile in Fortran order.
    return values.reshape(n_profiles, n).T.reshape((n, *header.shape), order="F")


@functools.lru_cache(maxsize=8)
def _outcome_patterns(n: int) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Regexes for a whole well-formed outcome list of ``n`` players, and for one entry."""
    payoffs = rf"{NUMBER}(?:(?:\s*,\s*|\s+){NUMBER}){{{n - 1}}}"
    entry = rf'\{{\s*"(?:[^"\\]|\\.)*"\s*({payoffs})(?:\s*,)?\s*\}}'  # one way to match
    flags = re.ASCII | re.DOTALL
    return re.compile(rf"\{{\s*(?:{entry}\s*)*\}}", flags), re.compile(entry, flags)


def _fast_outcomes(lexer: _Lexer, n: int) -> NDArray[np.float64] | None:
    """The outcome list at C speed when it is well formed (then skip past it); else None."""
    start = lexer.peek().pos
    whole, entry = _outcome_patterns(n)
    match = whole.match(lexer.text, start)
    if match is None:
        return None
    groups = entry.findall(lexer.text, start, match.end())
    parts = " ".join(groups).replace(",", " ").split()
    convert: Callable[[str], float] = number_value if any("/" in g for g in groups) else float
    try:
        values = np.fromiter(map(convert, parts), dtype=np.float64, count=len(parts))
    except (OverflowError, ZeroDivisionError, ValueError):
        return None
    if not bool(np.isfinite(values).all()):
        return None
    lexer.skip_to(match.end())
    return np.vstack([np.zeros((1, n)), values.reshape(len(groups), n)])


def _parse_outcomes(lexer: _Lexer, n: int) -> NDArray[np.float64]:
    fast = _fast_outcomes(lexer, n)
    if fast is not None:
        return fast
    lexer.expect("lbrace", "'{' opening the outcome list")
    rows: list[list[float]] = [[0.0] * n]  # outcome 0 is the null outcome
    while (token := lexer.next()).kind == "lbrace":
        k = len(rows)
        lexer.expect("string", f'the name of outcome {k} (a quoted string, possibly empty "")')
        row = []
        for i in range(n):
            value = lexer.next()
            if value.kind != "number":
                lexer.fail(
                    value,
                    f"expected payoff {i + 1} of outcome {k} (one per player, "
                    f"{_count(n, 'player')}), "
                    f"found {describe(value)}",
                )
            row.append(lexer.value(value))
            if lexer.peek().kind == "comma":
                lexer.next()
        lexer.expect("rbrace", f"'}}' closing outcome {k} after its {n} payoffs")
        rows.append(row)
    if token.kind != "rbrace":
        lexer.fail(
            token,
            f"expected '{{' opening outcome {len(rows)} or '}}' closing the outcome list, "
            f"found {describe(token)}",
        )
    return np.array(rows, dtype=np.float64)


def _fast_indices(body: str, expected: int, n_outcomes: int) -> NDArray[np.intp] | None:
    if _FLAT_INDICES_RE.fullmatch(body) is None:
        return None
    parts = body.split()
    if len(parts) != expected or any(len(p) > 18 for p in parts):
        return None
    indices = np.fromiter(map(int, parts), dtype=np.intp, count=expected)
    return indices if expected == 0 or int(indices.max()) <= n_outcomes else None


def _parse_outcome_body(lexer: _Lexer, header: _Header) -> NDArray[np.float64]:
    n = len(header.players)
    outcomes = _parse_outcomes(lexer, n)
    m = len(outcomes) - 1
    n_profiles = int(np.prod(header.shape))
    indices = _fast_indices(lexer.text[lexer.peek().pos :], n_profiles, m)
    if indices is None:
        indices = np.empty(n_profiles, dtype=np.intp)
        for k in range(n_profiles):
            token = lexer.next()
            where = f"profile {k + 1} of {n_profiles} {_profile_label(header, k)}"
            if token.kind != "number" or _UNSIGNED_RE.fullmatch(token.text) is None:
                lexer.fail(
                    token,
                    f"expected the outcome number of {where} (an integer from 0 to {m}), "
                    f"found {describe(token)}",
                )
            value = small_int(token.text)
            if value is None or value > m:
                shown = f"with {len(token.text.lstrip('0'))} digits" if value is None else value
                lexer.fail(
                    token,
                    f"outcome number {shown} at {where} refers to no outcome; the file defines "
                    f"{_count(m, 'outcome')} (0 is the null outcome)",
                )
            indices[k] = value
        token = lexer.next()
        if token.kind != "eof":
            lexer.fail(
                token,
                f"expected the end of the file after the {n_profiles} outcome numbers, "
                f"found {describe(token)}",
            )
    return outcomes[indices].T.reshape((n, *header.shape), order="F")


def _parse(text: str, source: str) -> NormalFormGame:
    lexer = _Lexer(text, source)
    header = _parse_header(lexer)
    if lexer.peek().kind == "string":  # the optional comment
        lexer.next()
    first = lexer.peek()
    if first.kind == "lbrace":
        payoffs = _parse_outcome_body(lexer, header)
    elif first.kind == "number":
        payoffs = _parse_payoff_body(lexer, header)
    else:
        lexer.fail(
            first,
            "expected the body after the header: a '{' opening the outcome list (outcome "
            f"version) or the first payoff (payoff version), found {describe(first)}",
        )
    return NormalFormGame(payoffs, header.players, header.strategies, title=header.title)


def loads_nfg(text: str) -> NormalFormGame:
    r"""Parse the contents of a Gambit ``.nfg`` file.

    Both versions of the format are read: the *payoff version* (a flat list
    of payoffs) and the *outcome version* (a list of outcomes, then one
    outcome number per profile). Titles and labels are kept.

    The parser works in these steps:

    1. Split the text into tokens (quoted strings, numbers, braces, commas,
       bare words), keeping each token's position so errors can name the line.
    2. Read the header: ``NFG 1 R`` (or ``D``), the title, the player names
       and the strategies (labels per player, or one count per player).
    3. Refuse a game too large to enumerate (with
       :func:`mediation_sim.games.check_game_size`) before allocating payoffs.
    4. Skip the optional comment; the next token selects the version.
    5. Read the body and map profile ``k`` (first player's strategy varying
       fastest) to the payoff array ``(n_players, s_1, ..., s_n)``.

    Parameters
    ----------
    text : str
        The file contents.

    Returns
    -------
    NormalFormGame
        The game, with the file's title, player names and strategy labels.

    Raises
    ------
    NfgFormatError
        If the text is not a well-formed ``.nfg`` file; the message names
        ``"<string>"`` and the line, and says what was expected.
    GameTooLargeError
        If the header declares more payoff entries than
        :data:`~mediation_sim.games.MAX_PAYOFF_ENTRIES`.
    InvalidArgumentError
        If ``text`` is not a string.

    See Also
    --------
    read_nfg : Read a file.
    dumps_nfg : The inverse.

    Notes
    -----
    Where Gambit's files and mediation_sim's games differ:

    * Numbers are exact rationals in Gambit; here each becomes the nearest
      ``float`` (``1/3`` becomes ``0.3333333333333333``).
    * Strategies given as counts (``{ 3 2 }``) get mediation_sim's default
      labels ``s1, s2, ...`` (Gambit numbers them ``1, 2, ...``).
    * Empty or repeated labels are made distinct as Gambit does: each gets the
      suffix ``_1``, ``_2``, ... (``"a", "a"`` become ``"a_1", "a_2"``).
    * Outcome names and the comment are not part of a
      :class:`~mediation_sim.NormalFormGame`, so they are dropped.

    Examples
    --------
    The sample file of the payoff version in Gambit's documentation (Selten
    1975, Figure 2), with strategies given as counts:

    >>> import mediation_sim as ms
    >>> g = ms.io.loads_nfg('''NFG 1 R "Selten (IJGT, 75), Figure 2, normal form"
    ... { "Player 1" "Player 2" } { 3 2 }
    ...
    ... 1 1 0 2 0 2 1 1 0 3 2 0
    ... ''')
    >>> g
    NormalFormGame(2 players, shape 3x2, 'Selten (IJGT, 75), Figure 2, normal form')
    >>> g.payoffs[0].tolist()   # the first player's strategy varies fastest in the file
    [[1.0, 1.0], [0.0, 0.0], [0.0, 2.0]]
    >>> g.strategies[0]
    ('s1', 's2', 's3')

    The same game in the outcome version gives the same payoffs:

    >>> h = ms.io.loads_nfg('''NFG 1 R "Selten (IJGT, 75), Figure 2, normal form"
    ... { "Player 1" "Player 2" } { { "1" "2" "3" } { "1" "2" } }
    ... { { "" 1, 1 } { "" 0, 2 } { "" 0, 2 } { "" 1, 1 } { "" 0, 3 } { "" 2, 0 } }
    ... 1 2 3 4 5 6
    ... ''')
    >>> bool((h.payoffs == g.payoffs).all())
    True

    Errors name the line:

    >>> ms.io.loads_nfg('NFG 1 R "t" { "a" "b" }\n{ 2 2 }\n1 2 3 x')
    Traceback (most recent call last):
    ...
    mediation_sim._errors.NfgFormatError: <string>, line 3: expected payoff 4 of 8 ...
    """
    if not isinstance(text, str):
        raise InvalidArgumentError(
            f"loads_nfg(): text must be a str with the file contents, got {type(text).__name__}"
            "; to read a file use read_nfg(path)"
        )
    return _parse(text, STRING_SOURCE)


def read_nfg(path: PathOrFile) -> NormalFormGame:
    """Read a Gambit strategic-form (``.nfg``) file, payoff or outcome version.

    Parameters
    ----------
    path : str, os.PathLike or file object
        The file's path, or an open file (text or binary) to read from.
        The file is decoded as UTF-8 (a byte-order mark is skipped).

    Returns
    -------
    NormalFormGame
        The game, with the file's title, player names and strategy labels.

    Raises
    ------
    NfgFormatError
        If the file is malformed; the message names the file and line.
    GameTooLargeError
        If the header declares a game too large to enumerate (checked before
        the payoffs are read).
    InvalidArgumentError
        If ``path`` is neither a path nor a readable file, or looks like file
        contents (use :func:`loads_nfg` for text).
    FileAccessError
        If the file cannot be read (missing, a directory, an I/O error) or is
        larger than ``mediation_sim.io._gambit_text.MAX_FILE_BYTES`` (256 MiB).

    See Also
    --------
    loads_nfg : Parse text; describes the steps and the differences from Gambit.
    write_nfg : The inverse.

    Notes
    -----
    Loading never executes code: the file is tokenized and parsed, nothing in
    it is evaluated.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import mediation_sim as ms
    >>> g = ms.games.battle_of_the_sexes()
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = pathlib.Path(tmp) / "bos.nfg"
    ...     ms.io.write_nfg(g, path)
    ...     h = ms.io.read_nfg(path)
    >>> h == g
    True
    >>> h.is_nash([[2/3, 1/3], [1/3, 2/3]])
    True
    """
    text, source = read_text(path, func="read_nfg", magic="NFG", error=NfgFormatError)
    return _parse(text, source)


def _format_numbers(values: NDArray[np.float64]) -> NDArray[Any]:
    """Shortest exact text of each float; integral values without a decimal point."""
    flat = values.ravel()
    text = np.array(list(map(float_text, flat.tolist())), dtype=object)
    integral = (flat == np.trunc(flat)) & (np.abs(flat) < INT_LIMIT)
    text[integral] = list(map(str, flat[integral].astype(np.int64).tolist()))
    return text.reshape(values.shape)


def dumps_nfg(
    game: NormalFormGame, *, outcomes: bool = False, comment: str = "", clean: bool = False
) -> str:
    r"""The text of a Gambit ``.nfg`` file for ``game``.

    Titles, player names and strategy labels are written as quoted strings
    (``"`` and ``\`` escaped with a backslash). Payoffs are written exactly:
    integral values as integers, others as the shortest decimal that reads
    back to the same ``float`` (``repr``), so :func:`loads_nfg` returns an
    equal game.

    Parameters
    ----------
    game : NormalFormGame
        The game to write.
    outcomes : bool, default False
        Write the *outcome version*: one outcome per distinct payoff vector
        (numbered in order of first appearance, with empty names), then one
        outcome number per profile. Otherwise write the *payoff version*,
        one line of payoffs per profile.
    comment : str, default ""
        Text for the file's comment field.
    clean : bool, default False
        Write payoffs with float noise removed (:func:`clean_floats`:
        ``0.47`` rather than ``0.47000000000000003``). Each value read back is
        then within a few units in the last place of the game's, not equal to
        it.

        .. versionadded:: 0.2

    Returns
    -------
    str
        The file contents, ending with a newline.

    Raises
    ------
    InvalidArgumentError
        If ``game`` is not a :class:`~mediation_sim.NormalFormGame` or
        ``comment`` is not a string.

    See Also
    --------
    write_nfg : Write to a file.
    loads_nfg : The inverse.

    Notes
    -----
    Profiles are listed with the first player's strategy varying fastest, as
    the format requires. Gambit (up to at least pygambit 16.7) reads a
    backslash written as ``\\`` back as three backslashes; labels without
    backslashes are read identically by both tools.

    Examples
    --------
    >>> import mediation_sim as ms
    >>> print(ms.io.dumps_nfg(ms.games.prisoners_dilemma()))
    NFG 1 R "Prisoner's Dilemma" { "row" "column" }
    <BLANKLINE>
    { { "cooperate" "defect" }
    { "cooperate" "defect" }
    }
    ""
    <BLANKLINE>
    3 3
    5 0
    0 5
    1 1
    <BLANKLINE>

    In the outcome version, profiles with equal payoff vectors share an outcome:

    >>> text = ms.io.dumps_nfg(ms.games.matching_pennies(), outcomes=True)
    >>> print(text[text.index('""'):])
    ""
    <BLANKLINE>
    {
    { "" 1, -1 }
    { "" -1, 1 }
    }
    1 2 2 1
    <BLANKLINE>
    >>> ms.io.loads_nfg(text) == ms.games.matching_pennies()
    True
    """
    if not isinstance(game, NormalFormGame):
        raise InvalidArgumentError(
            f"dumps_nfg(): game must be a mediation_sim.NormalFormGame, got {type(game).__name__}"
        )
    if not isinstance(comment, str):
        raise InvalidArgumentError(
            f"dumps_nfg(): comment must be a str, got {type(comment).__name__}"
        )
    n = game.n_players
    players = " ".join(map(quote, game.players))
    strategies = "\n".join("{ " + " ".join(map(quote, s)) + " }" for s in game.strategies)
    header = f"NFG 1 R {quote(game.title)} {{ {players} }}\n\n{{ {strategies}\n}}\n"
    header += f"{quote(comment)}\n\n"
    # rows[k] = payoffs of every player at the k-th profile, first player fastest
    rows = game.payoffs.reshape(n, -1, order="F").T
    if not isinstance(clean, bool):
        raise InvalidArgumentError(f"dumps_nfg(): clean must be True or False, got {clean!r}")
    if clean:
        rows = clean_floats(rows)
    if not outcomes:
        text = _format_numbers(rows)
        return header + "\n".join(map(" ".join, text.tolist())) + "\n"
    distinct, first, inverse = np.unique(rows, axis=0, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")  # number outcomes by first appearance
    rank = np.empty_like(order)
    rank[order] = np.arange(order.size)
    text = _format_numbers(distinct[order])
    outcome_lines = "\n".join('{ "" ' + ", ".join(row) + " }" for row in text.tolist())
    numbers = " ".join(map(str, (rank[np.ravel(inverse)] + 1).tolist()))
    return header + "{\n" + outcome_lines + "\n}\n" + numbers + "\n"


def write_nfg(
    game: NormalFormGame,
    path: str | os.PathLike[str] | IO[str],
    *,
    outcomes: bool = False,
    comment: str = "",
    overwrite: bool = False,
    clean: bool = False,
) -> None:
    r"""Write ``game`` to a Gambit strategic-form (``.nfg``) file.

    Parameters
    ----------
    game : NormalFormGame
        The game to write.
    path : str, os.PathLike or text file object
        Where to write (UTF-8, ``\n`` line endings). An open text file is
        written to and left open.
    outcomes : bool, default False
        Write the outcome version instead of the payoff version (see
        :func:`dumps_nfg`).
    comment : str, default ""
        Text for the file's comment field.
    overwrite : bool, default False
        Replace an existing file at ``path``; without it an existing file is
        refused.

        .. versionchanged:: 0.2
           Existing files are no longer replaced silently.
    clean : bool, default False
        Write payoffs with float noise removed (see :func:`dumps_nfg`).

    Raises
    ------
    InvalidArgumentError
        If ``game`` is not a :class:`~mediation_sim.NormalFormGame`, or
        ``path`` is neither a path nor a writable file.
    FileAccessError
        If ``path`` exists and ``overwrite`` is false, or it cannot be written.

    See Also
    --------
    dumps_nfg : The text written, and how payoffs are formatted.
    read_nfg : The inverse.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import mediation_sim as ms
    >>> g = ms.games.rock_paper_scissors()
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = pathlib.Path(tmp) / "rps.nfg"
    ...     ms.io.write_nfg(g, path, outcomes=True, comment="zero-sum")
    ...     ms.io.read_nfg(path) == g
    True
    """
    text = dumps_nfg(game, outcomes=outcomes, comment=comment, clean=clean)
    write_text(text, path, func="write_nfg", overwrite=overwrite)
