"""Hostile nesting in TOML and JSON: refused by an iterative scan before the parser recurses.

Failed before: the loaders let ``tomllib``/``json`` recurse until ``RecursionError`` and
then reported "nested too deeply" with no line, after spending the whole stack; at a low
recursion limit (a caller already deep in its own stack) the check itself could not run.
"""

from __future__ import annotations

import contextlib
import inspect
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import mediation_sim as ms
from mediation_sim._nesting import find_excess_nesting
from mediation_sim.io.json_io import MAX_JSON_NESTING
from mediation_sim.scenarios._limits import MAX_SPEC_NESTING
from mediation_sim.scenarios.beijing_type import load_beijing_type

DEEP = 100_000
FLAGSHIP = Path(ms.scenarios.__file__).parent / "data" / "ukraine-2023.toml"


@contextlib.contextmanager
def shallow_stack(room: int = 60) -> Iterator[None]:
    """Run with only ``room`` frames left: a recursive depth check would fail here."""
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack(0)) + room)
    try:
        yield
    finally:
        sys.setrecursionlimit(old)


def _toml_loaders(tmp_path: Path) -> list[tuple[str, Callable[[str], object]]]:
    def via_file(loader: Callable[[Path], object]) -> Callable[[str], object]:
        def load(text: str) -> object:
            path = tmp_path / "deep.toml"
            path.write_text(text, encoding="utf-8")
            return loader(path)

        return load

    return [
        ("from_string", lambda text: ms.scenarios.from_string(text, name="deep.toml")),
        ("from_toml", via_file(ms.scenarios.from_toml)),
        ("dynamic_from_toml", via_file(ms.scenarios.dynamic_from_toml)),
        ("load_beijing_type", via_file(load_beijing_type)),
    ]


@pytest.mark.parametrize("kind", ["arrays", "inline tables", "mixed"])
def test_toml_nested_a_hundred_thousand_deep_is_a_located_spec_error(tmp_path, kind):
    opening = {"arrays": "[", "inline tables": "{a = ", "mixed": "[{a = "}[kind]
    closing = {"arrays": "]", "inline tables": "}", "mixed": "}]"}[kind]
    reps = DEEP // len(closing)
    text = "[scenario]\nname = 'x'\nx = " + opening * reps + closing * reps + "\n"
    for name, load in _toml_loaders(tmp_path):
        with shallow_stack(), pytest.raises(ms.SpecError, match="nested more than") as info:
            load(text)
        assert info.value.line == 3, name
        assert info.value.path is not None
        assert info.value.path.endswith("deep.toml"), name


@pytest.mark.parametrize("loader", ["loads_game_json", "read_game_json"])
def test_json_nested_a_hundred_thousand_deep_is_a_located_format_error(tmp_path, loader):
    text = '{"title": "deep",\n "payoffs": ' + "[" * DEEP + "]" * DEEP + "}"
    path = tmp_path / "deep.json"
    path.write_text(text, encoding="utf-8")
    call = {
        "loads_game_json": lambda: ms.io.loads_game_json(text),
        "read_game_json": lambda: ms.io.read_game_json(path),
    }[loader]
    with shallow_stack(), pytest.raises(ms.FileFormatError, match="nested more than") as info:
        call()
    assert info.value.line == 2


def test_brackets_inside_strings_and_comments_do_not_count():
    junk = "[" * DEEP
    text = FLAGSHIP.read_text(encoding="utf-8")
    text = f"# {junk}\n" + text.replace("[scenario]", f"[scenario]\n# {junk}{{{{\n", 1)
    scenario = ms.scenarios.from_string(text, name="commented.toml")
    assert scenario.name == ms.scenarios.load("ukraine-2023").name
    payload = '{"title": "' + junk + '", "payoffs": [[1.0, 2.0]]}'
    assert ms.io.loads_game_json(payload).title == junk


def test_the_deepest_legitimate_json_game_still_loads():
    # MAX_PLAYERS one-strategy players: the object, then payoffs nested n_players + 1 deep
    n = MAX_JSON_NESTING - 2
    inner = "[" * n + "0.5" + "]" * n
    text = '{"payoffs": [' + ", ".join([inner] * n) + "]}"
    game = ms.io.loads_game_json(text)
    assert game.n_players == n
    assert find_excess_nesting(text, syntax="json", limit=MAX_JSON_NESTING) is None


@given(
    depth=st.integers(1, 3 * MAX_SPEC_NESTING),
    prefix_lines=st.integers(0, 5),
    brackets=st.text(alphabet="[{", min_size=1, max_size=1),
)
def test_scan_refuses_exactly_the_texts_deeper_than_the_limit(depth, prefix_lines, brackets):
    opener, closer = (brackets, "]") if brackets == "[" else ("{a = ", "}")
    text = "\n" * prefix_lines + "x = " + opener * depth + "1" + closer * depth
    found = find_excess_nesting(text, syntax="toml", limit=MAX_SPEC_NESTING)
    if depth <= MAX_SPEC_NESTING:
        assert found is None
    else:
        assert found == (MAX_SPEC_NESTING + 1, prefix_lines + 1)


def _naive_depths(text: str) -> list[int]:
    depth, out = 0, []
    for ch in text:
        if ch in "[{":
            depth += 1
            out.append(depth)
        elif ch in "]}":
            depth = max(depth - 1, 0)
    return out


@given(st.text(alphabet="[]{}ab,\n", max_size=300), st.integers(1, 6))
def test_scan_agrees_with_plain_counting_on_text_without_strings(text, limit):
    depths = _naive_depths(text)
    for syntax in ("toml", "json"):
        found = find_excess_nesting(text, syntax=syntax, limit=limit)
        if max(depths, default=0) <= limit:
            assert found is None
        else:
            k = next(i for i, d in enumerate(depths) if d > limit)
            opening = [i for i, ch in enumerate(text) if ch in "[{"][k]
            assert found == (limit + 1, text.count("\n", 0, opening) + 1)


_LEAVES = st.one_of(st.floats(allow_nan=False), st.text(alphabet="[]{}\"\\#'\n ab", max_size=8))
_VALUES = st.recursive(
    _LEAVES,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.text(alphabet="[]{}ab", max_size=3), inner, max_size=3),
    ),
    max_leaves=20,
)


def _true_depth(value: object) -> int:
    if isinstance(value, list):
        return 1 + max((_true_depth(v) for v in value), default=0)
    if isinstance(value, dict):
        return 1 + max((_true_depth(v) for v in value.values()), default=0)
    return 0


@given(_VALUES, st.integers(0, 6))
def test_scan_measures_the_true_depth_of_json_with_brackets_in_strings(value, limit):
    import json

    found = find_excess_nesting(json.dumps(value, indent=1), syntax="json", limit=limit)
    assert (found is None) == (_true_depth(value) <= limit)
