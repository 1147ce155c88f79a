"""Games and results as JSON.

A game is stored as one JSON object (the schema is in
``docs/reference/file-formats.md``)::

    {
      "format": "mediation_sim.NormalFormGame",
      "version": 1,
      "title": "Prisoner's Dilemma",
      "players": ["row", "column"],
      "strategies": [["cooperate", "defect"], ["cooperate", "defect"]],
      "payoffs": [[[3.0, 0.0], [5.0, 1.0]], [[3.0, 5.0], [0.0, 1.0]]]
    }

``payoffs`` has mediation_sim's layout ``(n_players, s_1, ..., s_n)``. Only
``payoffs`` is required; ``format`` and ``version`` are checked when present,
so the output of :meth:`NormalFormGame.to_dict` loads too. Floats are written
with the shortest exact decimal, so writing then reading gives an equal game.

Results (:class:`~mediation_sim.NashResult`, :class:`~mediation_sim.MixedProfile`,
:class:`~mediation_sim.solvers.EliminationResult`, ...) are written with
:func:`to_json` as reports; to save a result and read it back, use
:func:`~mediation_sim.io.write_result` and :func:`~mediation_sim.io.read_result`.

This module is ``json_io`` rather than ``json`` so that it never shadows the
standard library's :mod:`json`.
"""

from __future__ import annotations

import json
import os
from typing import Any, NoReturn

from .._errors import FileFormatError, GameShapeError, InvalidArgumentError, InvalidPayoffError
from .._jsonable import jsonable
from .._nesting import find_excess_nesting
from ..games.normal_form import MAX_PLAYERS, NormalFormGame
from ._gambit_text import json_file_text, string_text, write_text

__all__ = ["dumps_game_json", "loads_game_json", "read_game_json", "to_json", "write_game_json"]

#: Value of the ``"format"`` key that marks a game file.
GAME_FORMAT = "mediation_sim.NormalFormGame"
#: Schema version written by :func:`dumps_game_json`.
GAME_SCHEMA_VERSION = 1

_KEYS = ("format", "version", "title", "players", "strategies", "payoffs")

#: Deepest nesting of arrays and objects a game file may use: the top-level
#: object, then ``payoffs`` nests ``n_players + 1`` deep. ``json`` recurses
#: once per level, so the text is scanned iteratively for this first.
MAX_JSON_NESTING = MAX_PLAYERS + 2
_STRING_SOURCE = "<string>"


def dumps_game_json(game: NormalFormGame, *, indent: int | None = 2) -> str:
    """The JSON text of ``game`` (title, players, strategies, payoffs).

    Parameters
    ----------
    game : NormalFormGame
        The game to serialise.
    indent : int or None, default 2
        Indentation passed to :func:`json.dumps`; ``None`` gives one line.

    Returns
    -------
    str
        A JSON object with the keys ``format``, ``version``, ``title``,
        ``players``, ``strategies`` and ``payoffs``.

    Raises
    ------
    InvalidArgumentError
        If ``game`` is not a :class:`~mediation_sim.NormalFormGame`.

    See Also
    --------
    loads_game_json : The inverse.
    write_game_json : Write to a file.

    Examples
    --------
    >>> import mediation_sim as ms
    >>> text = ms.io.dumps_game_json(ms.games.matching_pennies(), indent=None)
    >>> text[:70]
    '{"format": "mediation_sim.NormalFormGame", "version": 1, "title": "Mat'
    >>> ms.io.loads_game_json(text) == ms.games.matching_pennies()
    True
    """
    if not isinstance(game, NormalFormGame):
        raise InvalidArgumentError(
            f"dumps_game_json(): game must be a mediation_sim.NormalFormGame, "
            f"got {type(game).__name__}"
        )
    data = {"format": GAME_FORMAT, "version": GAME_SCHEMA_VERSION, **game.to_dict()}
    return json.dumps(data, indent=indent, ensure_ascii=False, allow_nan=False)


def _fail(message: str, source: str, key: str | None = None, line: int | None = None) -> NoReturn:
    raise FileFormatError(message, path=source, line=line, key=key)


def _reject_constant(name: str) -> NoReturn:
    raise ValueError(name)


def _first_non_number(value: object, where: str) -> str | None:
    """Location of the first entry of a nested list that is not an int or float."""
    if isinstance(value, list):
        if value and all(type(x) is float or type(x) is int for x in value):
            return None
        for k, item in enumerate(value):
            found = _first_non_number(item, f"{where}[{k}]")
            if found is not None:
                return found
        return None
    if type(value) is float or type(value) is int:
        return None
    return f"{where} is {json.dumps(value)[:40]}, not a number"


def _parse_game(text: str, source: str) -> NormalFormGame:
    too_deep = find_excess_nesting(text, syntax="json", limit=MAX_JSON_NESTING)
    if too_deep is not None:
        _fail(
            f"arrays or objects are nested more than {MAX_JSON_NESTING} deep, too deep to be "
            f"a game of at most {MAX_PLAYERS} players",
            source,
            line=too_deep[1],
        )
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        _fail(f"not valid JSON: {exc.msg} (column {exc.colno})", source, line=exc.lineno)
    except ValueError as exc:  # NaN, Infinity or -Infinity; integers beyond 4,300 digits
        if "digits" in str(exc):
            _fail(f"a number has too many digits ({exc})", source)
        _fail(
            f"the file contains {exc.args[0]}, which JSON does not allow; payoffs must be finite",
            source,
        )
    if not isinstance(data, dict):
        _fail(f"expected a JSON object at the top level, found a {type(data).__name__}", source)
    unknown = sorted(set(data) - set(_KEYS))
    if unknown:
        _fail(f"unknown key; the keys of a game are {list(_KEYS)}", source, key=unknown[0])
    if "format" in data and data["format"] != GAME_FORMAT:
        _fail(f"expected {GAME_FORMAT!r}, found {data['format']!r}", source, key="format")
    if "version" in data and data["version"] != GAME_SCHEMA_VERSION:
        _fail(
            f"unsupported schema version {data['version']!r}; this mediation_sim reads "
            f"version {GAME_SCHEMA_VERSION}",
            source,
            key="version",
        )
    if "payoffs" not in data:
        _fail("missing the required key 'payoffs'", source, key="payoffs")
    problem = _first_non_number(data["payoffs"], "payoffs")
    if problem is not None:
        _fail(problem, source, key="payoffs")
    title = data.get("title", "")
    if not isinstance(title, str):
        _fail(f"the title must be a string, found {json.dumps(title)[:40]}", source, key="title")
    players = data.get("players")
    if players is not None and not isinstance(players, list):
        _fail(
            f"expected a list of player names, found {json.dumps(players)[:40]}", source, "players"
        )
    strategies = data.get("strategies")
    if strategies is not None and not (
        isinstance(strategies, list) and all(isinstance(s, list) for s in strategies)
    ):
        _fail(
            f"expected one list of strategy labels per player, found {json.dumps(strategies)[:40]}",
            source,
            key="strategies",
        )
    try:
        game = NormalFormGame(data["payoffs"], players, strategies, title=title)
    except (GameShapeError, InvalidPayoffError) as exc:
        message = str(exc).removeprefix("NormalFormGame(): ")
        raise FileFormatError(message, path=source, key="payoffs") from None
    except InvalidArgumentError as exc:
        message = str(exc).removeprefix("NormalFormGame(): ")
        key = "players" if strategies is None or "strategies" not in message else "strategies"
        raise FileFormatError(message, path=source, key=key) from None
    return game


def loads_game_json(text: str | bytes) -> NormalFormGame:
    """Parse a game from JSON text written by :func:`dumps_game_json`.

    The loader validates every field (strings for labels, finite numbers for
    payoffs, a rectangular payoff array); it never evaluates anything.

    Parameters
    ----------
    text : str or bytes
        The JSON text.

    Returns
    -------
    NormalFormGame
        The game.

    Raises
    ------
    FileFormatError
        If the text is not JSON (the message names the line), or a key is
        unknown, missing or malformed (the error's ``key`` names it).
    GameTooLargeError
        If the payoff array has too many entries.
    InvalidArgumentError
        If ``text`` is neither ``str`` nor ``bytes``.

    See Also
    --------
    dumps_game_json : The inverse.
    read_game_json : Read from a file.

    Examples
    --------
    >>> import mediation_sim as ms
    >>> g = ms.io.loads_game_json('{"payoffs": [[[1, 0], [0, 1]], [[1, 0], [0, 1]]]}')
    >>> g.players, g.strategies[0]
    (('p1', 'p2'), ('s1', 's2'))
    >>> ms.io.loads_game_json('{"payoffs": [[["1", 0]]]}')
    Traceback (most recent call last):
    ...
    mediation_sim._errors.FileFormatError: <string>, key 'payoffs': payoffs[0][0][0] is "1", ...
    """
    return _parse_game(
        string_text(text, func="loads_game_json", reader="read_game_json"), _STRING_SOURCE
    )


def read_game_json(path: str | os.PathLike[str]) -> NormalFormGame:
    """Read a game from a JSON file written by :func:`write_game_json`.

    Parameters
    ----------
    path : str or os.PathLike
        The file (UTF-8).

    Returns
    -------
    NormalFormGame
        The game.

    Raises
    ------
    FileFormatError
        If the file is not valid JSON or not a valid game; the message names
        the file and the line or key.
    GameTooLargeError
        If the payoff array has too many entries.
    InvalidArgumentError
        If ``path`` is not a path.
    FileAccessError
        If the file cannot be read (missing, a directory, an I/O error) or is
        larger than ``mediation_sim.io._gambit_text.MAX_FILE_BYTES`` (256 MiB).

    See Also
    --------
    loads_game_json : Parse text; describes the validation.
    write_game_json : The inverse.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import mediation_sim as ms
    >>> g = ms.games.stag_hunt()
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = pathlib.Path(tmp) / "stag_hunt.json"
    ...     ms.io.write_game_json(g, path)
    ...     ms.io.read_game_json(path) == g
    True
    """
    text, source = json_file_text(path, func="read_game_json", what="JSON games")
    return _parse_game(text, source)


def write_game_json(
    game: NormalFormGame,
    path: str | os.PathLike[str],
    *,
    indent: int | None = 2,
    overwrite: bool = False,
) -> None:
    """Write ``game`` to a JSON file (UTF-8).

    Parameters
    ----------
    game : NormalFormGame
        The game to write.
    path : str or os.PathLike
        Where to write.
    indent : int or None, default 2
        Indentation; ``None`` writes one line.
    overwrite : bool, default False
        Replace an existing file at ``path``; without it an existing file is
        refused.

        .. versionchanged:: 0.2
           Existing files are no longer replaced silently.

    Raises
    ------
    InvalidArgumentError
        If ``game`` is not a :class:`~mediation_sim.NormalFormGame` or
        ``path`` is not a path.
    FileAccessError
        If ``path`` exists and ``overwrite`` is false, or it cannot be written.

    See Also
    --------
    dumps_game_json : The text written.
    read_game_json : The inverse.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import mediation_sim as ms
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = pathlib.Path(tmp) / "chicken.json"
    ...     ms.io.write_game_json(ms.games.chicken(), path)
    ...     ms.io.read_game_json(path).title
    'Chicken'
    """
    text = dumps_game_json(game, indent=indent)
    if not isinstance(path, str | os.PathLike):
        raise InvalidArgumentError(
            f"write_game_json(): path must be a str or an os.PathLike, got {type(path).__name__}"
        )
    write_text(text + "\n", path, func="write_game_json", overwrite=overwrite)


def _expand(value: object, where: str) -> object:
    """What :func:`to_json` makes of a value that is not plain data: its ``to_dict()``, expanded."""
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        return jsonable(to_dict(), finite=True, other=_expand, where=where)
    raise InvalidArgumentError(
        f"to_json(): {where} has type {type(value).__name__}, which has no JSON form "
        "(expected numbers, strings, lists, mappings, numpy values or objects with to_dict())"
    )


def to_json(result: Any, *, indent: int | None = None) -> str:
    """Serialise any result object with a ``to_dict()`` method to a JSON string.

    NumPy scalars and arrays become JSON numbers and lists, tuples become
    lists, nested objects with ``to_dict()`` are expanded, and non-finite
    floats (which strict JSON cannot represent) become ``null``.

    Parameters
    ----------
    result : object with ``to_dict()``
        For example a :class:`~mediation_sim.NashResult`, a
        :class:`~mediation_sim.MixedProfile`, an
        :class:`~mediation_sim.solvers.EliminationResult` or a
        :class:`~mediation_sim.NormalFormGame`.
    indent : int or None, default None
        Indentation passed to :func:`json.dumps`; ``None`` gives one line.

    Returns
    -------
    str
        Strict JSON (no ``NaN``), UTF-8 characters kept as they are.

    Raises
    ------
    InvalidArgumentError
        If ``result`` has no ``to_dict()`` method, or its dictionary holds a
        value with no JSON form (the message gives its location).

    See Also
    --------
    dumps_game_json : Games in a form that can be read back.

    Examples
    --------
    >>> import json
    >>> import mediation_sim as ms
    >>> g = ms.games.prisoners_dilemma()
    >>> result = ms.solvers.pure_nash(g)
    >>> data = json.loads(ms.io.to_json(result))
    >>> data["equilibria"][0]["strategies"]["row"]
    {'cooperate': 0.0, 'defect': 1.0}
    >>> g.is_nash(data["equilibria"][0]["strategies"])
    True
    """
    to_dict = getattr(result, "to_dict", None)
    if not callable(to_dict):
        raise InvalidArgumentError(
            f"to_json(): result must have a to_dict() method (a NashResult, MixedProfile, "
            f"EliminationResult, ...), got {type(result).__name__}"
        )
    data = jsonable(to_dict(), finite=True, other=_expand, where="result")
    return json.dumps(data, indent=indent, ensure_ascii=False, allow_nan=False)
