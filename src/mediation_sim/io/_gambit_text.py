r"""What Gambit's two text formats (``.nfg`` and ``.efg``) share.

Both formats are a stream of the same tokens: quoted strings with Gambit's
escapes (``\"`` is a quote, ``\\`` a backslash, a backslash before any other
character is kept as written), numbers (integers, decimals, ``1E-20``,
rationals ``3/4``), braces, commas and bare words. This module holds the
tokenizer, the conversions of strings and numbers in both directions, the
label rule that makes names distinct, and the reading and writing of files,
so that :mod:`mediation_sim.io.nfg` and :mod:`mediation_sim.io.efg` differ
only in their grammars.
"""

from __future__ import annotations

import errno
import io
import os
import re
from collections import Counter
from collections.abc import Sequence
from fractions import Fraction
from typing import IO, ClassVar, NamedTuple, NoReturn, TypeAlias

import numpy as np
from numpy.typing import NDArray

from .._errors import FileAccessError, FileFormatError, InvalidArgumentError

#: What the readers and writers accept as a file.
PathOrFile: TypeAlias = "str | os.PathLike[str] | IO[str] | IO[bytes]"

#: The file name errors give for text passed to ``loads_*``.
STRING_SOURCE = "<string>"

#: One number token. re.ASCII wherever it is used: only 0-9 are digits and only
#: ASCII whitespace separates tokens (as in Gambit, which uses C's isspace/isdigit).
#: Each text matches in one way only (``\d+(?:\.\d*)?``, not ``\d+\.?\d*``, which
#: can split ``123`` three ways): patterns that repeat it then fail in linear time
#: instead of trying every split of every number.
NUMBER = r"[+-]?(?:\d+/\d+|(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)"
#: What may follow a number token (so that ``12`` is never read as ``1`` then ``2``).
NUMBER_END = r'(?=[\s{},"]|\Z)'

#: Floats with an integral value below this magnitude are written without ".0".
INT_LIMIT = 2.0**53

_TOKEN_RE = re.compile(
    rf"""
    (?P<ws>\s+)
    |(?P<string>"[^"\\]*(?:\\.[^"\\]*)*")
    |(?P<number>{NUMBER}){NUMBER_END}
    |(?P<lbrace>\{{)
    |(?P<rbrace>\}})
    |(?P<comma>,)
    |(?P<open_quote>")
    |(?P<symbol>[^\s{{}},"]+)
    """,
    re.VERBOSE | re.DOTALL | re.ASCII,
)
_ESCAPE_RE = re.compile(r'\\(["\\])')


class Token(NamedTuple):
    """One token and where it starts in the text."""

    kind: str  # string | number | lbrace | rbrace | comma | symbol | eof
    text: str
    pos: int


def describe(token: Token) -> str:
    """The token as an error message quotes it (long tokens shortened)."""
    if token.kind == "eof":
        return "end of file"
    text = token.text if len(token.text) <= 40 else token.text[:37] + "..."
    return repr(text)


def unescape(text: str) -> str:
    r"""The text between a string token's quotes, with ``\"`` and ``\\`` undone."""
    return _ESCAPE_RE.sub(r"\1", text) if "\\" in text else text


def quote(text: str) -> str:
    """``text`` as a quoted string token (the inverse of :func:`unescape`)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


#: Most digits a whole number in a file may have (counts, indices, outcome
#: numbers): anything longer indexes nothing a reader can hold, and Python's
#: ``int`` refuses strings of more than 4300 digits with a bare ValueError.
MAX_INDEX_DIGITS = 18


def small_int(text: str) -> int | None:
    """``int(text)`` for a string of digits, or None when it has more than :data:`MAX_INDEX_DIGITS`.

    Leading zeros do not count (``int`` would count them against its own limit).
    """
    digits = text.lstrip("0")
    if len(digits) > MAX_INDEX_DIGITS:
        return None
    return int(digits or "0")


def number_value(text: str) -> float:
    """Float value of a number token (may raise OverflowError or ZeroDivisionError)."""
    if "/" in text:
        num, den = text.split("/")
        return float(Fraction(int(num), int(den)))
    return float(text)


def float_text(value: float) -> str:
    """Shortest exact text of a float that Gambit reads: ``1e16``, never ``1e+16``."""
    return repr(value).replace("e+", "e")


def unique_labels(labels: Sequence[str]) -> list[str]:
    """Make labels distinct and non-empty the way Gambit does.

    A label that is empty or repeated gets the suffix ``_1``, ``_2``, ... (the
    next number whose result is not already in use), so ``["a", "a", ""]``
    becomes ``["a_1", "a_2", "_1"]``; unique non-empty labels are unchanged.
    """
    if all(labels) and len(set(labels)) == len(labels):
        return list(labels)  # the usual case, checked at C speed
    counts = Counter(labels)
    used = set(labels)
    visits: Counter[str] = Counter()
    out = []
    for label in labels:
        if counts[label] == 1 and label:
            out.append(label)
            continue
        while True:
            visits[label] += 1
            candidate = f"{label}_{visits[label]}"
            if candidate not in used:
                break
        used.add(candidate)
        out.append(candidate)
    return out


class Lexer:
    """Splits the text into tokens on demand (one regex scan) and turns positions into lines.

    Subclasses set :attr:`error`, the exception every problem is raised as.
    """

    error: ClassVar[type[FileFormatError]] = FileFormatError

    def __init__(self, text: str, source: str) -> None:
        self.text = text
        self.source = source
        self._scanner = _TOKEN_RE.finditer(text)
        self._peeked: Token | None = None
        self._newlines: NDArray[np.intp] | None = None  # computed on the first line()

    def _scan(self) -> Token:
        for match in self._scanner:
            kind = match.lastgroup or "symbol"
            if kind == "ws":
                continue
            if kind == "open_quote":
                self.fail_at(
                    match.start(), "unterminated string: the quote opened here is never closed"
                )
            return Token(kind, match.group(), match.start())
        return Token("eof", "", len(self.text))

    def peek(self) -> Token:
        if self._peeked is None:
            self._peeked = self._scan()
        return self._peeked

    def next(self) -> Token:
        token = self.peek()
        self._peeked = None
        return token

    def skip_to(self, pos: int) -> None:
        """Continue scanning at ``pos`` (after a fast path consumed the text before it)."""
        self._scanner = _TOKEN_RE.finditer(self.text, pos)
        self._peeked = None

    def expect(self, kind: str, what: str) -> Token:
        token = self.next()
        if token.kind != kind:
            self.fail(token, f"expected {what}, found {describe(token)}")
        return token

    def line(self, pos: int) -> int:
        if self._newlines is None:
            self._newlines = np.array(
                [m.start() for m in re.finditer("\n", self.text)], dtype=np.intp
            )
        return int(np.searchsorted(self._newlines, pos)) + 1

    def fail_at(self, pos: int, message: str) -> NoReturn:
        raise self.error(message, path=self.source, line=self.line(pos))

    def fail(self, token: Token, message: str) -> NoReturn:
        self.fail_at(token.pos, message)

    def string(self, what: str) -> str:
        """The next token, which must be a quoted string, unescaped."""
        return unescape(self.expect("string", what).text[1:-1])

    def value(self, token: Token) -> float:
        """The finite float a number token stands for."""
        try:
            value = number_value(token.text)
        except ZeroDivisionError:
            self.fail(token, f"the rational number {token.text!r} divides by zero")
        except (OverflowError, ValueError):  # ValueError: beyond Python's int digit limit
            value = float("inf")
        if not np.isfinite(value):
            self.fail(
                token, f"the number {describe(token)} cannot be represented as a finite float"
            )
        return value


def _decode(data: bytes, source: str, error: type[FileFormatError]) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise error(
            f"the file is not valid UTF-8 text (byte {exc.start})", path=source, line=line
        ) from None


#: Largest file (in bytes) the readers accept: 256 MiB. Reading stops one byte
#: past it, so ``read_nfg("/dev/zero")`` fails at once with a clear error
#: instead of filling memory. Assign a larger value to
#: ``mediation_sim.io._gambit_text.MAX_FILE_BYTES`` to read bigger files.
MAX_FILE_BYTES = 256 * 1024 * 1024


def os_error(
    exc: OSError | ValueError, source: object, *, func: str, doing: str
) -> FileAccessError:
    """A :class:`FileAccessError` naming the file and the cause of ``exc``."""
    cause = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return FileAccessError(f"{func}(): cannot {doing} {str(source)!r}: {cause}", path=str(source))


def read_bytes_limited(path: str | os.PathLike[str], *, func: str, what: str) -> bytes:
    """The bytes of a file, at most :data:`MAX_FILE_BYTES`; OS errors become FileAccessError."""
    limit = MAX_FILE_BYTES
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except (OSError, ValueError) as exc:  # ValueError: an embedded NUL in the name
        raise os_error(exc, os.fspath(path), func=func, doing="read") from None
    if len(data) > limit:
        raise FileAccessError(
            f"{func}(): {os.fspath(path)!r} is larger than {limit:,} bytes, the limit for "
            f"{what} (mediation_sim.io._gambit_text.MAX_FILE_BYTES)",
            path=os.fspath(path),
        )
    return data


def read_text(
    path: PathOrFile, *, func: str, magic: str, error: type[FileFormatError]
) -> tuple[str, str]:
    """The text of a file and the name errors give it, for ``read_<format>``.

    ``path`` is a path or an open file (text or binary, decoded as UTF-8 with
    an optional byte-order mark). A string that starts with ``magic`` and
    spans lines is refused as file contents passed by mistake.
    """
    ext = magic.lower()
    if isinstance(path, str | os.PathLike):
        if isinstance(path, str) and path.lstrip().startswith(magic) and "\n" in path:
            raise InvalidArgumentError(
                f"{func}(): path looks like the contents of a .{ext} file, not a file name; "
                f"use loads_{ext}(text) to parse text"
            )
        source = os.fspath(path)
        data = read_bytes_limited(path, func=func, what=f".{ext} files")
        return _decode(data, source, error), source
    reader = getattr(path, "read", None)
    if not callable(reader):
        raise InvalidArgumentError(
            f"{func}(): path must be a str, an os.PathLike or a readable file, "
            f"got {type(path).__name__}"
        )
    source = str(getattr(path, "name", "<stream>"))
    try:
        data = reader(MAX_FILE_BYTES + 1)
    except (OSError, ValueError) as exc:
        raise os_error(exc, source, func=func, doing="read") from None
    if isinstance(data, str | bytes | bytearray) and len(data) > MAX_FILE_BYTES:
        raise FileAccessError(
            f"{func}(): {source} holds more than {MAX_FILE_BYTES:,} bytes or characters "
            "(mediation_sim.io._gambit_text.MAX_FILE_BYTES)",
            path=source,
        )
    if isinstance(data, bytes | bytearray):
        return _decode(bytes(data), source, error), source
    if not isinstance(data, str):
        raise InvalidArgumentError(
            f"{func}(): path.read() returned {type(data).__name__}, not str or bytes"
        )
    return data, source


def json_file_text(path: object, *, func: str, what: str) -> tuple[str, str]:
    """The text of a JSON file and the name errors give it, for ``read_<kind>`` (paths only)."""
    if not isinstance(path, str | os.PathLike):
        raise InvalidArgumentError(
            f"{func}(): path must be a str or an os.PathLike, got {type(path).__name__}"
        )
    source = os.fspath(path)
    data = read_bytes_limited(path, func=func, what=what)
    return _decode(data, source, FileFormatError), source


def string_text(text: object, *, func: str, reader: str) -> str:
    """``text`` given to ``loads_<kind>``: a str, or bytes decoded as UTF-8."""
    if isinstance(text, bytes | bytearray):
        try:
            return bytes(text).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise FileFormatError(
                f"not valid UTF-8 text (byte {exc.start})", path="<string>"
            ) from None
    if not isinstance(text, str):
        raise InvalidArgumentError(
            f"{func}(): text must be str or bytes, got {type(text).__name__}; "
            f"to read a file use {reader}(path)"
        )
    return text


def encode_text(text: str, *, func: str) -> bytes:
    """``text`` as UTF-8; a lone surrogate (which UTF-8 cannot hold) is a clear error."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as exc:
        bad = text[exc.start : exc.end]
        raise InvalidArgumentError(
            f"{func}(): a label or title holds {bad!r}, a lone surrogate that UTF-8 cannot "
            f"encode (near {text[max(exc.start - 20, 0) : exc.start]!r}); fix the label"
        ) from None


def write_text(
    text: str,
    path: str | os.PathLike[str] | IO[str] | IO[bytes],
    *,
    func: str,
    overwrite: bool = False,
) -> None:
    r"""Write ``text`` to a path (UTF-8, ``\n`` line endings) or an open text or binary file.

    An existing path is refused with :class:`FileAccessError` unless
    ``overwrite`` is true (the file is created exclusively, so no other
    writer can slip in between the check and the write).
    """
    if not isinstance(overwrite, bool):
        raise InvalidArgumentError(f"{func}(): overwrite must be True or False")
    data = encode_text(text, func=func)
    if isinstance(path, str | os.PathLike):
        try:
            with open(path, "wb" if overwrite else "xb") as handle:
                handle.write(data)
        except FileExistsError:
            if os.path.isdir(path):
                cause = IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR))
                raise os_error(cause, os.fspath(path), func=func, doing="write") from None
            raise FileAccessError(
                f"{func}(): {os.fspath(path)!r} already exists; pass overwrite=True to replace it",
                path=os.fspath(path),
            ) from None
        except (OSError, ValueError) as exc:
            raise os_error(exc, os.fspath(path), func=func, doing="write") from None
        return
    writer = getattr(path, "write", None)
    if not callable(writer):
        raise InvalidArgumentError(
            f"{func}(): path must be a str, an os.PathLike or a writable file, "
            f"got {type(path).__name__}"
        )
    binary = "b" in str(getattr(path, "mode", "")) or isinstance(
        path, io.BufferedIOBase | io.RawIOBase
    )
    try:
        writer(data if binary else text)
    except OSError as exc:
        raise os_error(exc, getattr(path, "name", "<stream>"), func=func, doing="write") from None
