"""Results saved as JSON and read back: equilibria, Monte Carlo runs, thresholds, reports.

Every result type derives from :class:`mediation_sim.Result`, whose
``to_dict()`` holds the result's summary keys and, under ``"fields"``, an
exact encoding of every field (arrays with their dtype, NaN and infinities
spelled as strings, data frames by column, the game or scenario once). These
functions write that dictionary as strict JSON and rebuild the result from
it, equal to the one saved.

Loading never executes anything: only result classes, games and scenarios
that mediation_sim registers can be rebuilt, each by its name; the text is
limited in size (256 MiB) and in nesting depth before it is parsed.
"""

from __future__ import annotations

import json
import os
from typing import Any, NoReturn

from .._errors import FileFormatError, InvalidArgumentError
from .._jsonable import jsonable
from .._nesting import find_excess_nesting
from .._results import Result, ResultFormatError
from ._gambit_text import json_file_text, string_text, write_text

__all__ = ["dumps_result", "loads_result", "read_result", "write_result"]

#: Deepest nesting of JSON arrays and objects a saved result may use (game
#: trees nest a few levels per move; arrays are stored flat).
MAX_RESULT_NESTING = 200
_STRING_SOURCE = "<string>"


def dumps_result(result: Result, *, indent: int | None = None) -> str:
    """The JSON text of ``result``, which :func:`loads_result` reads back.

    Parameters
    ----------
    result : Result
        Any result object (:class:`~mediation_sim.NashResult`,
        :class:`~mediation_sim.analysis.MonteCarloResult`, ...).
    indent : int or None, default None
        Indentation passed to :func:`json.dumps`; ``None`` gives one line.

    Returns
    -------
    str
        Strict JSON: ``result.to_dict()``, with any NaN or infinity among
        the summary keys written as ``null`` (the exact values are kept
        under ``"fields"``).

    Raises
    ------
    InvalidArgumentError
        If ``result`` is not a :class:`~mediation_sim.Result`.

    See Also
    --------
    loads_result : The inverse.
    write_result : Write to a file.

    Examples
    --------
    >>> import mediation_sim as ms
    >>> res = ms.solvers.nash_2p(ms.games.matching_pennies())
    >>> text = ms.io.dumps_result(res)
    >>> text[:36]
    '{"type": "NashResult", "version": 1,'
    >>> ms.io.loads_result(text) == res
    True
    """
    if not isinstance(result, Result):
        raise InvalidArgumentError(
            f"dumps_result(): result must be a mediation_sim.Result (NashResult, "
            f"MonteCarloResult, ...), got {type(result).__name__}"
        )
    data = result.to_dict()
    # the summary keys are for reading: NaN there becomes null, as in to_json; the
    # exact values (NaN included, spelled as strings) are under "fields"
    summary = {k: v for k, v in data.items() if k != "fields"}
    strict = {**jsonable(summary, finite=True), "fields": data["fields"]}  # type: ignore[dict-item]
    return json.dumps(strict, indent=indent, ensure_ascii=False, allow_nan=False)


def _fail(message: str, source: str, line: int | None = None) -> NoReturn:
    raise FileFormatError(message, path=source, line=line)


def _reject_constant(name: str) -> NoReturn:
    raise ValueError(name)


def _parse(text: str, source: str) -> Result:
    too_deep = find_excess_nesting(text, syntax="json", limit=MAX_RESULT_NESTING)
    if too_deep is not None:
        _fail(
            f"arrays or objects are nested more than {MAX_RESULT_NESTING} deep",
            source,
            line=too_deep[1],
        )
    try:
        data: Any = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        _fail(f"not valid JSON: {exc.msg} (column {exc.colno})", source, line=exc.lineno)
    except ValueError as exc:  # NaN, Infinity or -Infinity; integers beyond 4,300 digits
        if "digits" in str(exc):
            _fail(f"a number has too many digits ({exc})", source)
        _fail(
            f"the text contains {exc.args[0]}, which JSON does not allow "
            "(saved results spell it as a string)",
            source,
        )
    if not isinstance(data, dict):
        _fail(f"expected a JSON object at the top level, found a {type(data).__name__}", source)
    try:
        return Result.from_dict(data)
    except ResultFormatError as exc:
        _fail(str(exc), source)


def loads_result(text: str | bytes) -> Result:
    """Rebuild a result from JSON text written by :func:`dumps_result`.

    Parameters
    ----------
    text : str or bytes
        The JSON text.

    Returns
    -------
    Result
        A result equal to the one saved, of the type its ``"type"`` key names.

    Raises
    ------
    FileFormatError
        If the text is not JSON, is nested too deeply, or is not a result this
        version can rebuild (unknown type, newer version, a missing or
        malformed field); the message says which.
    InvalidArgumentError
        If ``text`` is neither ``str`` nor ``bytes``.

    See Also
    --------
    dumps_result : The inverse.
    read_result : Read from a file.

    Examples
    --------
    >>> import mediation_sim as ms
    >>> res = ms.solvers.correlated(ms.games.chicken())
    >>> again = ms.io.loads_result(ms.io.dumps_result(res))
    >>> again == res, type(again).__name__, again.value == res.value
    (True, 'CorrelatedResult', True)
    >>> ms.io.loads_result('{"type": "NashResult", "version": 7}')
    Traceback (most recent call last):
    ...
    mediation_sim._errors.FileFormatError: <string>: from_dict(): unsupported version 7; ...
    """
    return _parse(string_text(text, func="loads_result", reader="read_result"), _STRING_SOURCE)


def read_result(path: str | os.PathLike[str]) -> Result:
    """Read a result from a JSON file written by :func:`write_result`.

    Parameters
    ----------
    path : str or os.PathLike
        The file (UTF-8).

    Returns
    -------
    Result
        A result equal to the one saved.

    Raises
    ------
    FileFormatError
        If the file is not a saved result (see :func:`loads_result`); the
        message names the file.
    FileAccessError
        If the file cannot be read or is larger than 256 MiB.
    InvalidArgumentError
        If ``path`` is not a path.

    See Also
    --------
    write_result : The inverse.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import mediation_sim as ms
    >>> res = ms.solvers.qre(ms.games.matching_pennies(), lam=2.0)
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = pathlib.Path(tmp) / "qre.json"
    ...     ms.io.write_result(res, path)
    ...     ms.io.read_result(path) == res
    True
    """
    text, source = json_file_text(path, func="read_result", what="saved results")
    return _parse(text, source)


def write_result(
    result: Result,
    path: str | os.PathLike[str],
    *,
    indent: int | None = None,
    overwrite: bool = False,
) -> None:
    """Write ``result`` to a JSON file (UTF-8) that :func:`read_result` reads back.

    Parameters
    ----------
    result : Result
        The result to save.
    path : str or os.PathLike
        Where to write.
    indent : int or None, default None
        Indentation; ``None`` writes one line (smaller for large runs).
    overwrite : bool, default False
        Replace an existing file at ``path``; without it an existing file is
        refused.

    Raises
    ------
    InvalidArgumentError
        If ``result`` is not a :class:`~mediation_sim.Result` or ``path`` is
        not a path.
    FileAccessError
        If ``path`` exists and ``overwrite`` is false, or it cannot be written.

    See Also
    --------
    dumps_result : The text written.
    read_result : The inverse.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import mediation_sim as ms
    >>> res = ms.solvers.nash_2p(ms.games.battle_of_the_sexes())
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = pathlib.Path(tmp) / "bos.json"
    ...     ms.io.write_result(res, path)
    ...     len(ms.io.read_result(path))
    3
    """
    text = dumps_result(result, indent=indent)
    if not isinstance(path, str | os.PathLike):
        raise InvalidArgumentError(
            f"write_result(): path must be a str or an os.PathLike, got {type(path).__name__}"
        )
    write_text(text + "\n", path, func="write_result", overwrite=overwrite)
