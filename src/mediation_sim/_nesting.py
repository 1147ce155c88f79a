"""Iterative nesting-depth checks for TOML and JSON text (private).

Python's ``tomllib`` and ``json`` parsers recurse once per nested array,
inline table or object, so a hostile file of a few hundred kilobytes
(``[[[[…]]]]``) reaches the interpreter's recursion limit. Catching the
``RecursionError`` afterwards works, but it says nothing about where the
nesting is, it spends the whole stack first, and it depends on how deep the
caller already was. The loaders therefore scan the text *before* parsing it:
one left-to-right pass with a counter (no recursion, no stack growth) that
skips strings and comments, so that brackets inside them do not count, and
stops at the first bracket deeper than the limit with its line number.

The scan is a lexical approximation of the grammars, good enough to bound
the parser's recursion: every bracket the parser would recurse on is counted,
and text the scan cannot make sense of (an unterminated string, a stray
closing bracket) is left for the parser itself to report.
"""

from __future__ import annotations

import re
from typing import Literal

__all__ = ["find_excess_nesting"]

# Strings and comments first (their contents are skipped), then the brackets.
_TOML_TOKENS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'  # multi-line basic string
    r"|'''[\s\S]*?'''"  # multi-line literal string
    r'|"(?:[^"\\\n]|\\.)*"'  # basic string
    r"|'[^'\n]*'"  # literal string
    r"|#[^\n]*"  # comment
    r"|[\[\]{}]"
)
_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')
_OPEN = frozenset("[{")
_CLOSE = frozenset("]}")


def find_excess_nesting(
    text: str, *, syntax: Literal["toml", "json"], limit: int
) -> tuple[int, int] | None:
    r"""The first place where arrays/tables/objects nest deeper than ``limit``.

    Parameters
    ----------
    text : str
        TOML or JSON text.
    syntax : {"toml", "json"}
        Which string and comment rules to skip.
    limit : int
        Largest accepted depth (a top-level ``[1, 2]`` has depth 1).

    Returns
    -------
    tuple of int or None
        ``(depth, line)`` of the first bracket that exceeds ``limit`` (lines
        count from 1), or ``None`` if the text nests no deeper than ``limit``.

    Examples
    --------
    >>> from mediation_sim._nesting import find_excess_nesting
    >>> find_excess_nesting("a = [[1], [2]]", syntax="toml", limit=2) is None
    True
    >>> find_excess_nesting('a = "[[[["\nb = [[[0]]]', syntax="toml", limit=2)
    (3, 2)
    >>> find_excess_nesting('{"x": [[[]]]}', syntax="json", limit=3)
    (4, 1)
    """
    pattern = _TOML_TOKENS if syntax == "toml" else _JSON_TOKENS
    depth = 0
    for match in pattern.finditer(text):
        token = match.group()
        if token in _OPEN:
            depth += 1
            if depth > limit:
                start = match.start()
                return depth, text.count("\n", 0, start) + 1
        elif token in _CLOSE:
            depth = max(depth - 1, 0)
    return None
