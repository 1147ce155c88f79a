"""Issue 11, item 4 and part of 5: loaders read bounded input and fail with clear errors.

Each test failed before (memory amplification, reading /dev/zero until
MemoryError, bare OSError/UnicodeEncodeError/RecursionError/TypeError).
"""

from __future__ import annotations

import io
import os
import tracemalloc

import pytest

import mediation_sim as ms


def peak_bytes(call):
    tracemalloc.start()
    try:
        call()
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak


@pytest.mark.parametrize("loads", [ms.io.loads_nfg, ms.io.loads_efg])
def test_a_long_quoted_string_costs_linear_memory(loads):
    # a 2 MB title used about 330 MB before (the string regex kept a frame per character)
    title = "x" * 2_000_000
    if loads is ms.io.loads_nfg:
        text = f'NFG 1 R "{title}" {{ "a" "b" }} {{ 1 1 }}\n1 2\n'
    else:
        text = f'EFG 2 R "{title}" {{ "a" "b" }}\n""\nt "" 1 "" {{ 1, 2 }}\n'
    peak = peak_bytes(lambda: loads(text))
    assert peak < 40 * len(title)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
@pytest.mark.parametrize("read", [ms.io.read_nfg, ms.io.read_efg, ms.io.read_game_json])
def test_an_endless_file_is_refused_at_the_byte_limit(read, monkeypatch):
    monkeypatch.setattr(ms.io._gambit_text, "MAX_FILE_BYTES", 1_000_000)
    with pytest.raises(ms.FileAccessError, match="MAX_FILE_BYTES"):
        read("/dev/zero")


def test_streams_are_read_up_to_the_limit(monkeypatch):
    monkeypatch.setattr(ms.io._gambit_text, "MAX_FILE_BYTES", 100)
    with pytest.raises(ms.FileAccessError, match="more than 100"):
        ms.io.read_nfg(io.BytesIO(b"NFG 1 R " + b" " * 200))


@pytest.mark.parametrize("read", [ms.io.read_nfg, ms.io.read_efg, ms.io.read_game_json])
def test_os_errors_are_wrapped(read, tmp_path):
    with pytest.raises(ms.FileAccessError, match="Is a directory") as info:
        read(tmp_path)
    assert isinstance(info.value, OSError)
    with pytest.raises(ms.FileAccessError, match="null byte"):
        read("a\0b.nfg")
    with pytest.raises(ms.FileAccessError, match="No such file"):
        read(tmp_path / "missing")


def test_writers_refuse_lone_surrogates_and_accept_binary_streams(tmp_path):
    g = ms.games.prisoners_dilemma().with_labels(players=["row\ud800", "column"])
    with pytest.raises(ms.InvalidArgumentError, match="lone surrogate"):
        ms.io.write_nfg(g, tmp_path / "g.nfg")
    with pytest.raises(ms.InvalidArgumentError, match="lone surrogate"):
        ms.io.write_game_json(g, tmp_path / "g.json")
    buffer = io.BytesIO()
    ms.io.write_nfg(ms.games.prisoners_dilemma(), buffer)
    assert ms.io.loads_nfg(buffer.getvalue().decode()) == ms.games.prisoners_dilemma()


def test_writers_wrap_os_errors(tmp_path):
    with pytest.raises(ms.FileAccessError, match="cannot write"):
        ms.io.write_nfg(ms.games.chicken(), tmp_path)  # a directory
    with pytest.raises(ms.FileAccessError, match="cannot write"):
        ms.io.write_game_json(ms.games.chicken(), tmp_path / "no" / "such" / "dir.json")


def test_deeply_nested_json_is_a_format_error():
    with pytest.raises(ms.FileFormatError, match="nested more than"):
        ms.io.loads_game_json("[" * 100_000 + "]" * 100_000)


def test_huge_integers_in_json_are_a_format_error():
    text = '{"payoffs": [[[' + "9" * 5000 + "]]]}"
    with pytest.raises(ms.FileFormatError, match="digits"):
        ms.io.loads_game_json(text)


def _chain_efg(depth):
    """A chain: each player in turn may stop (a terminal) or go on; no set is named."""
    lines = ['EFG 2 R "chain" { "A" "B" }', '""']
    lines += [f'p "" {k % 2 + 1} {k // 2 + 1} "" {{ "go" "stop" }} 0' for k in range(depth)]
    lines.append('t "" 1 "end" { 0, 0 }')
    lines += [f't "" {k + 2} "" {{ {k % 7}, {-(k % 5)} }}' for k in range(depth - 1, -1, -1)]
    return "\n".join(lines) + "\n"


def test_a_deep_chain_costs_memory_linear_in_its_depth():
    # every unlabelled set was named by its full path at load time: depth 2,000
    # (108 kB of text) peaked at 44 MB, about 400 bytes per byte, quadratic in depth
    text = _chain_efg(2_000)
    peak = peak_bytes(lambda: ms.io.loads_efg(text))
    assert peak < 100 * len(text)
    tree = ms.io.loads_efg(text)
    # automatic labels are still the first member's path, spelled out when asked
    deep = "root" + "/go" * 1_500
    assert tree.infoset(("A", deep)).members == (("go",) * 1_500,)
    assert tree.infosets[3].label == "root/go/go/go"
    assert tree == ms.io.loads_efg(text)


@pytest.mark.parametrize(
    ("write", "make", "name"),
    [
        (ms.io.write_nfg, ms.games.chicken, "g.nfg"),
        (ms.io.write_game_json, ms.games.chicken, "g.json"),
        (
            ms.io.write_efg,
            lambda: ms.games.GameTree(ms.games.decision("a", {"x": ms.games.terminal([1.0])})),
            "g.efg",
        ),
    ],
)
def test_writers_refuse_an_existing_file_unless_told_to_overwrite(write, make, name, tmp_path):
    path = tmp_path / name
    path.write_text("keep me")
    with pytest.raises(ms.FileAccessError, match=r"already exists.*overwrite=True") as info:
        write(make(), path)
    assert info.value.path == str(path)
    assert path.read_text() == "keep me"
    write(make(), path, overwrite=True)
    assert path.read_text() != "keep me"
    with pytest.raises(ms.InvalidArgumentError, match="overwrite"):
        write(make(), tmp_path / ("new" + name), overwrite="yes")
