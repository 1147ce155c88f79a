"""Tests for Gambit .efg files: files written by pygambit, format rules, errors, round trips."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mediation_sim as ms
from mediation_sim.games import GameTree, decision, terminal
from mediation_sim.io import dumps_efg, loads_efg, read_efg, write_efg
from mediation_sim.testing import strategies as mst

DATA = Path(__file__).resolve().parent.parent / "data" / "efg"
FIXTURES = sorted(p.stem for p in DATA.glob("*.efg"))


def index_path(tree: GameTree, path: tuple[str, ...]) -> list[int]:
    return [tree.node(path[:k]).actions.index(path[k]) for k in range(len(path))]


# ---------------------------------------------------------------------- files written by Gambit


@pytest.mark.parametrize("name", FIXTURES)
def test_gambit_written_files_are_read_exactly(name: str) -> None:
    tree = read_efg(DATA / f"{name}.efg")
    expected = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
    assert tree.title == expected["title"]
    assert list(tree.players) == expected["players"]
    assert tree.n_nodes == expected["n_nodes"]
    assert [index_path(tree, p) for p in tree.terminal_paths] == [
        t["path"] for t in expected["terminals"]
    ]
    np.testing.assert_allclose(
        tree.terminal_payoffs, [t["payoffs"] for t in expected["terminals"]], rtol=0, atol=1e-12
    )
    assert sorted(index_path(tree, p) for p in tree.subgame_roots) == expected["subgame_roots"]
    assert tree.perfect_recall == expected["perfect_recall"]


@pytest.mark.parametrize("name", FIXTURES)
def test_reduced_normal_form_matches_gambit(name: str) -> None:
    tree = read_efg(DATA / f"{name}.efg")
    expected = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
    g = tree.to_normal_form()
    first_member = {s.label: json.dumps(index_path(tree, s.members[0])) for s in tree.infosets}
    order = []
    for i, plans in enumerate(expected["strategies"]):
        ours = [
            {
                first_member[label]: tree.infoset((tree.players[i], label)).actions.index(a)
                for label, a in plan.items()
            }
            for plan in tree.pure_strategies(i)
        ]
        theirs = [{k: v for k, v in plan.items() if v is not None} for plan in plans]
        assert len(ours) == len(theirs)
        order.append([ours.index(plan) for plan in theirs])
    permuted = g.payoffs[(slice(None), *np.ix_(*order))]
    np.testing.assert_allclose(permuted, np.array(expected["payoffs"]), rtol=0, atol=1e-12)
    if expected["pure_equilibria"] is not None:
        ours_eq = sorted(eq.payoffs.tolist() for eq in ms.solvers.pure_nash(g))
        np.testing.assert_allclose(ours_eq, expected["pure_equilibria"], atol=1e-12)


def test_incremental_outcomes_are_summed_along_paths() -> None:
    tree = read_efg(DATA / "incremental_outcomes_at_nonterminal_nodes.efg")
    assert tree.terminal_outcomes == ("deal", "war", "", "deal", "war")
    np.testing.assert_allclose(
        tree.terminal_payoffs,
        [[2.4, 1.15], [-2.1, -3.1], [-0.1, -0.1], [2.0, 1.25], [-2.5, -3.0]],
    )
    assert tree.node(("talk", "walk")).probabilities == (0.3, 0.7)


def test_quoted_labels_and_information_sets() -> None:
    tree = read_efg(DATA / "simultaneous_stage_quoted_labels.efg")
    assert tree.title == 'Stage game: "pennies"'
    assert tree.players == ('row "R"', "column")
    assert tree.node(()).actions == ("opt out", "play")
    (column_set,) = (s for s in tree.infosets if s.player == "column")
    assert column_set.label == "#1"
    assert column_set.members == (("play", "heads"), ("play", "tails"))
    assert tree.subgame_roots == ((), ("play",))
    res = ms.solvers.backward_induction(tree, subgame_solver=lambda g: [[[0.5, 0.5], [0.5, 0.5]]])
    assert res.path == ("opt out",)  # 1/3 beats the value 0 of matching pennies


# ---------------------------------------------------------------------- the format's rules

SPEC_STYLE = """EFG 2 R "A Bayesian stage" { "Player 1" "Player 2" } "two types,
a comment over two lines"

c "ROOT" 1 "(0,1)" { "1G" 0.5 "1B" 1/2 } 0
p "" 1 1 "(1,1)" { "H" "L" } 0
p "" 2 1 "(2,1)" { "h" "l" } 0
t "" 1 "Outcome 1" { 10.000000 2.000000 }
t "" 2 "Outcome 2" { 0 10 }
p "" 2 1 0
t "" 3 "Outcome 3" { 2, 4 }
t "" 1
p "" 1 2 "(1,2)" { "H" "L" } 0
p "" 2 1 "(2,1)" { "h" "l" } 0
t "" 1
t "" 2 "Outcome 2" { 0 10 }
p "" 2 1
0
t "" 3
t "" 4 "Outcome 4" { 4 0 }
"""


def test_omitted_and_repeated_descriptions() -> None:
    tree = loads_efg(SPEC_STYLE)
    assert tree.players == ("Player 1", "Player 2")
    assert tree.node(()).probabilities == (0.5, 0.5)
    assert tree.node(()).label == "ROOT"
    (p2,) = (s for s in tree.infosets if s.player == "Player 2")
    assert p2.label == "(2,1)"
    assert len(p2.members) == 4
    assert tree.terminal_payoffs.tolist() == [
        [10, 2],
        [0, 10],
        [2, 4],
        [10, 2],
        [10, 2],
        [0, 10],
        [2, 4],
        [4, 0],
    ]
    assert tree.terminal_outcomes[3] == "Outcome 1"


def test_gambit_style_duplicate_action_names_are_made_distinct() -> None:
    text = 'EFG 2 R "" { "a" }\nc "" 1 "" { "1/2" 1/2 "1/2" 1/2 } 0\nt "" 1 "x" { 1 }\nt "" 0\n'
    tree = loads_efg(text)
    assert tree.node(()).actions == ("1/2_1", "1/2_2")
    assert tree.terminal_payoffs.tolist() == [[1.0], [0.0]]


def test_loading_never_executes_code() -> None:
    text = (
        "EFG 2 R \"__import__('os').system('exit 1')\" { \"eval(1)\" }\n"
        'p "" 1 1 "" { "exec(\'x\')" } 0\nt "" 1 "" { 1 }\n'
    )
    tree = loads_efg(text)
    assert tree.title == "__import__('os').system('exit 1')"
    assert tree.players == ("eval(1)",)
    assert tree.node(()).actions == ("exec('x')",)


# ---------------------------------------------------------------------- malformed files

BAD = [
    ('NFG 1 R "x" { "a" }', 1, "a .efg file starts with 'EFG'"),
    ('EFG 3 R "x" { "a" }', 1, "only version 2"),
    ('EFG 2 R "x" { }', 1, "at least one player"),
    ('EFG 2 R "x" { "a" }\n', 2, "the file has no nodes"),
    ('EFG 2 R "x" { "a" }\nq "" 1', 2, "expected a node type"),
    ('EFG 2 R "x" { "a" }\np "" 2 1 "" { "u" } 0\nt "" 0', 2, "player 2 does not exist"),
    ('EFG 2 R "x" { "a" }\np "" 1 1 0\nt "" 0', 2, "used before its actions"),
    (
        'EFG 2 R "x" { "a" }\np "" 1 1 "" { "u" } 0\nt "" 1 "o" { 1 2 }',
        3,
        "outcome 1 has 2 payoffs",
    ),
    ('EFG 2 R "x" { "a" }\np "" 1 1 "" { "u" } 0\nt "" 3', 3, "outcome 3 is used before"),
    (
        'EFG 2 R "x" { "a" }\np "" 1 1 "" { "u" } 0\nt "" 0 "o" { 1 }',
        3,
        "outcome 0 is the null outcome",
    ),
    (
        'EFG 2 R "x" { "a" }\np "" 1 1 "" { "u" "v" } 0\nt "" 0',
        2,
        "ends before the subtree of the node on line 2",
    ),
    ('EFG 2 R "x" { "a" }\nt "" 0\nt "" 0', 3, "extra nodes follow"),
    (
        'EFG 2 R "x" { "a" }\nc "" 1 "" { "u" 1/3 "v" 1/3 } 0\nt "" 0\nt "" 0',
        2,
        "probabilities must sum to 1",
    ),
    ('EFG 2 R "x" { "a" }\nc "" 1 "" { "u" 1/0 } 0\nt "" 0', 2, "divides by zero"),
    (
        'EFG 2 R "x" { "a" }\np "" 1 1 "" { "u" } 0\np "" 1 1 "" { "w" } 0\nt "" 0',
        3,
        "described differently here than on line 2",
    ),
    ('EFG 2 R "x" { "a" }\np "" 1 1 "" { "u" } 0\nt "" 1 "o" { 1 }\n', 99, ""),
    ('EFG 2 R "x" { "a }\n', 1, "unterminated string"),
    ('EFG 2 R "x" { "a" }\np "" 1 0 "" { "u" } 0', 2, "must be at least 1"),
    # Lines the one-regex-per-line fast path rejects must fail it in linear time: long
    # numbers and many chance actions once made it try every way to split them.
    (
        'EFG 2 R "x" { "a" "b" }\np "" 1 1 "" { "u" } 0\nt "" 1 "o" { '
        + "1" * 40
        + " "
        + "2" * 40
        + " } junk",
        3,
        "node type 'p', 'c' or 't', found 'junk'",
    ),
    (
        'EFG 2 R "x" { "a" }\nc "" 1 "" { '
        + " ".join(f'"u{k}" 1/30' for k in range(30))
        + " } 0 stray\n"
        + 't "" 0\n' * 30,
        2,
        "node type 'p', 'c' or 't', found 'stray'",
    ),
    # Integers beyond Python's 4300-digit int() limit once escaped as a bare
    # ValueError (Hypothesis found both): an outcome number and a node number.
    (
        'EFG 2 R "x" { "a" "b" }\np "" 1 1 "" { "u" } 0\nt "" ' + "9" * 5000 + ' "o" { 1 2 }\n',
        3,
        "an outcome number has 5000 digits",
    ),
    (
        'EFG 2 R "x" { "a" "b" }\np "" 1 ' + "0" * 4999 + "7" * 5000 + ' "" { "u" } 0\nt "" 0\n',
        2,
        "has 5000 digits",
    ),
]


@pytest.mark.parametrize(("text", "line", "message"), BAD, ids=[b[2] or "valid" for b in BAD])
def test_malformed_files_name_the_line(text: str, line: int, message: str) -> None:
    if not message:  # a valid control case
        assert loads_efg(text).n_nodes == 2
        return
    with pytest.raises(ms.EfgFormatError, match=message) as info:
        loads_efg(text)
    assert info.value.line == line
    assert info.value.path == "<string>"
    assert isinstance(info.value, ms.FileFormatError)


def test_file_errors_name_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.efg"
    bad.write_text('EFG 2 R "x" { "a" }\np "" 1 1 "" { "u" } 0\nt "" 1 "o" { 1 2 }\n')
    with pytest.raises(ms.EfgFormatError, match=r"bad\.efg, line 3: outcome 1 has 2 payoffs"):
        read_efg(bad)
    binary = tmp_path / "latin.efg"
    binary.write_bytes(b'EFG 2 R "\xe9" { "a" }\n')
    with pytest.raises(ms.EfgFormatError, match="not valid UTF-8"):
        read_efg(binary)


def test_argument_errors() -> None:
    with pytest.raises(ms.InvalidArgumentError, match="use loads_efg"):
        read_efg('EFG 2 R "x" { "a" }\nt "" 0\n')
    with pytest.raises(ms.InvalidArgumentError, match="must be a str"):
        loads_efg(b"EFG")  # type: ignore[arg-type]
    with pytest.raises(ms.InvalidArgumentError, match="readable file"):
        read_efg(3)  # type: ignore[arg-type]
    with pytest.raises(ms.InvalidArgumentError, match="GameTree"):
        dumps_efg(ms.games.prisoners_dilemma())  # type: ignore[arg-type]
    with pytest.raises(ms.InvalidArgumentError, match="writable"):
        write_efg(GameTree(decision("a", {"x": terminal([1])})), 3)  # type: ignore[arg-type]


# ---------------------------------------------------------------------- writing and round trips


def test_file_objects_and_paths(tmp_path: Path) -> None:
    tree = GameTree(
        decision("a", {"x": terminal([1.0, 0.1], outcome="o"), "y": terminal([2.0, 1e-20])}),
        ["a", "b"],
        title="paths",
    )
    target = tmp_path / "t.efg"
    write_efg(tree, target, comment="written by a test")
    assert read_efg(target) == tree
    assert read_efg(str(target)) == tree
    with target.open("rb") as fh:
        assert read_efg(fh) == tree
    with target.open(encoding="utf-8") as fh:
        assert read_efg(fh) == tree
    buffer = io.StringIO()
    write_efg(tree, buffer)
    assert loads_efg(buffer.getvalue()) == tree
    assert '"written by a test"' in target.read_text()


def test_numbers_are_written_exactly() -> None:
    values = [1 / 3, 0.1, 2.5, -7.0, 1e-20, 123456789.123, 2.0**60, -1 / 7]
    tree = GameTree(decision("a", {f"x{k}": terminal([v]) for k, v in enumerate(values)}))
    text = dumps_efg(tree)
    assert "e+" not in text  # Gambit's reader refuses "e+" exponents
    assert loads_efg(text).terminal_payoffs[:, 0].tolist() == values


def trees(*, gambit_16_7: bool = False) -> st.SearchStrategy[GameTree]:
    """Random trees with awkward names; ``gambit_16_7`` keeps to labels pygambit 16.7 accepts.

    pygambit 16.7 takes ``\\"`` as an escaped quote, refuses labels with
    leading, trailing or double spaces and needs node labels to be unique.
    """
    names = ["kyiv", 'mos"cow', "beijing"] + ([] if gambit_16_7 else ["a b", "x\\y"])
    alphabet = 'abc"/*#' if gambit_16_7 else 'abc "/*#\\'
    labels = st.text(alphabet=alphabet, min_size=0, max_size=4)
    return mst.game_trees(
        players=st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True),
        chance_nodes=True,
        shared_infosets=True,
        elements=mst.payoff_values(min_value=-1e6, max_value=1e6),
        outcomes=labels,
        node_labels="" if gambit_16_7 else labels,
        title=labels,
    )


@given(trees())
def test_write_then_read_is_the_identity(tree: GameTree) -> None:
    text = dumps_efg(tree, comment='say "hi"')
    back = loads_efg(text)
    assert back == tree
    assert dumps_efg(back, comment='say "hi"') == text


def _token_parser_only(monkeypatch: pytest.MonkeyPatch) -> None:
    from mediation_sim.io import efg

    monkeypatch.setattr(efg, "_fast_body", lambda *args: None)


@pytest.mark.parametrize("name", FIXTURES)
def test_line_fast_path_and_token_parser_agree_on_gambit_files(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (DATA / f"{name}.efg").read_text(encoding="utf-8")
    fast = loads_efg(text)
    _token_parser_only(monkeypatch)
    assert loads_efg(text) == fast


@given(trees())
def test_line_fast_path_and_token_parser_agree(tree: GameTree) -> None:
    text = dumps_efg(tree)
    with pytest.MonkeyPatch.context() as mp:
        _token_parser_only(mp)
        assert loads_efg(text) == tree
    # the same nodes spread over several lines per node: only the token parser reads them
    spread = text.replace(" { ", "\n{\n")
    assert loads_efg(spread) == tree


# ---------------------------------------------------------------------- pygambit interop


@pytest.mark.interop
@given(trees(gambit_16_7=True))
def test_pygambit_reads_what_we_write(tree: GameTree) -> None:
    gbt = pytest.importorskip("pygambit", reason="pygambit is not installed")
    game = gbt.read_efg(io.StringIO(dumps_efg(tree)))
    assert [p.label for p in game.players] == list(tree.players)
    terminals = [n for n in game.nodes if n.is_terminal]
    assert len(terminals) == tree.n_terminals
    for node, pays in zip(terminals, tree.terminal_payoffs, strict=True):
        np.testing.assert_allclose(
            [float(node.outcome[p]) for p in game.players], pays, rtol=1e-12, atol=1e-9
        )


@pytest.mark.interop
def test_pygambit_catalogue_is_read_like_pygambit_does() -> None:
    gbt = pytest.importorskip("pygambit", reason="pygambit is not installed")
    files = sorted(Path(gbt.__file__).parent.glob("catalog_data/**/*.efg"))
    assert files, "pygambit ships its catalogue of .efg files"
    for file in files:
        tree = read_efg(file)
        game = gbt.read_efg(str(file))
        arrays = np.array([np.asarray(a, dtype=float) for a in game.to_arrays()])
        nf = tree.to_normal_form()
        assert arrays.shape[1:] == nf.shape, file.name
        np.testing.assert_allclose(
            np.sort(arrays.reshape(len(arrays), -1), axis=1),
            np.sort(nf.payoffs.reshape(len(arrays), -1), axis=1),
            atol=1e-12,
            err_msg=file.name,
        )
        assert len(list(game.subgames)) == len(tree.subgame_roots), file.name
        assert tree.perfect_recall == game.is_perfect_recall, file.name
