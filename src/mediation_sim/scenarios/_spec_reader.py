"""Reading scenario TOML with located errors: file, dotted key and line number.

:class:`_Reader` walks the parsed TOML with the file text at hand so that
every :class:`SpecError` names where it comes from; :func:`read_text` reads
the file itself. Both are re-exported from ``_spec``.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .._errors import SpecError

__all__ = ["read_text"]

_ID = re.compile(r"[a-z][a-z0-9_]*")


# --------------------------------------------------------------------------- locating keys
def _locate(text: str, path: tuple[str | int, ...]) -> int | None:
    """Best-effort line number (1-based) of the table or key at ``path`` in TOML ``text``."""
    lines = text.splitlines()
    header_re = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
    array_counts: dict[tuple[str, ...], int] = {}
    current: tuple[str | int, ...] = ()
    best_line: int | None = None
    best_len = -1
    keys = [p for p in path if isinstance(p, str)]
    for number, line in enumerate(lines, start=1):
        m = header_re.match(line)
        if m:
            parts = tuple(s.strip().strip('"') for s in m.group(2).split("."))
            if m.group(1) == "[[":
                idx = array_counts.get(parts, -1) + 1
                array_counts[parts] = idx
                current = (*parts, idx)
            else:
                current = parts
            if _is_prefix(current, path) and len(current) > best_len:
                best_line, best_len = number, len(current)
            continue
        km = re.match(r"^\s*([A-Za-z0-9_\"\-\.]+)\s*=", line)
        if km:
            dotted = tuple(s.strip().strip('"') for s in km.group(1).split("."))
            full = (*current, *dotted)
            if _is_prefix(full, path) and len(full) > best_len:
                best_line, best_len = number, len(full)
            elif _is_prefix(current, path) and len(current) >= best_len - 0 and keys:
                # inline tables: the key we want may sit on this line
                rest = path[len(current) :]
                if (
                    rest
                    and isinstance(rest[0], str)
                    and rest[0] == dotted[0]
                    and len(current) + 1 > best_len
                ):
                    best_line, best_len = number, len(current) + 1
    return best_line


def _is_prefix(prefix: tuple[str | int, ...], path: tuple[str | int, ...]) -> bool:
    return len(prefix) <= len(path) and tuple(path[: len(prefix)]) == prefix


class _Reader:
    """Walks the parsed TOML with the file text at hand, to raise located errors."""

    def __init__(self, text: str, path: str) -> None:
        self.text = text
        self.path = path

    def error(self, where: tuple[str | int, ...], message: str) -> SpecError:
        key = _dotted(where)
        return SpecError(message, path=self.path, line=_locate(self.text, where), key=key or None)

    def fail_value(self, where: tuple[str | int, ...]) -> Any:
        def fail(sub: str, message: str) -> SpecError:
            return self.error(where, f"{sub}: {message}" if sub else message)

        return fail

    def table(
        self, data: Mapping[str, Any], key: str, where: tuple[str | int, ...]
    ) -> dict[str, Any]:
        value = data.get(key)
        if not isinstance(value, dict):
            raise self.error((*where, key), f"missing table [{_dotted((*where, key))}]")
        return value

    def string(
        self,
        data: Mapping[str, Any],
        key: str,
        where: tuple[str | int, ...],
        *,
        default: str | None = None,
    ) -> str:
        if key not in data:
            if default is not None:
                return default
            raise self.error((*where, key), f"missing key {key!r}")
        value = data[key]
        if not isinstance(value, str):
            raise self.error((*where, key), f"{key} must be a string, got {type(value).__name__}")
        return value

    def number(self, value: object, where: tuple[str | int, ...]) -> float:
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise self.error(where, f"must be a number, got {value!r}")
        x = float(value)
        if not math.isfinite(x):
            raise self.error(where, f"must be finite (TOML nan/inf are refused), got {value!r}")
        return x

    def identifier(self, value: object, where: tuple[str | int, ...], what: str) -> str:
        if not isinstance(value, str) or not _ID.fullmatch(value):
            raise self.error(
                where, f"{what} must be a snake_case identifier ([a-z][a-z0-9_]*), got {value!r}"
            )
        return value

    def unknown_keys(
        self, data: Mapping[str, Any], allowed: set[str], where: tuple[str | int, ...]
    ) -> None:
        extra = sorted(set(data) - allowed)
        if extra:
            raise self.error(
                (*where, extra[0]),
                f"unknown key(s) {extra} in [{_dotted(where)}]; allowed: {sorted(allowed)}",
            )


def _dotted(where: tuple[str | int, ...]) -> str:
    out = ""
    for part in where:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _scan_nonfinite(reader: _Reader, data: object, where: tuple[str | int, ...]) -> None:
    if isinstance(data, float) and not math.isfinite(data):
        raise reader.error(where, f"numbers must be finite (TOML nan/inf are refused), got {data}")
    if isinstance(data, dict):
        for k, v in data.items():
            _scan_nonfinite(reader, v, (*where, k))
    elif isinstance(data, list):
        for k, v in enumerate(data):
            _scan_nonfinite(reader, v, (*where, k))


def read_text(path: str | Path) -> str:
    """Read a spec file as UTF-8 text, with a located error if it cannot be read."""
    p = Path(path)
    try:
        return p.read_text(encoding="utf-8")
    except OSError as exc:
        raise SpecError(f"cannot read scenario file: {exc.strerror}", path=str(p)) from None
    except UnicodeDecodeError:
        raise SpecError("scenario file is not UTF-8 text", path=str(p)) from None
