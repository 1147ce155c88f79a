"""Gambit .nfg files: files written by Gambit, round trips, and every malformed-file error."""

from __future__ import annotations

import builtins
import contextlib
import io
import re
import tracemalloc
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from unittest import mock

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import mediation_sim as ms
from mediation_sim.games import normal_form
from mediation_sim.io import nfg
from mediation_sim.testing import strategies as mst

DATA = Path(__file__).resolve().parent.parent / "data" / "nfg"


# --------------------------------------------------------------------------- known files
@dataclass(frozen=True)
class KnownFile:
    name: str
    title: str
    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    payoffs: list[np.ndarray]  # one array per player, axes = players' strategies
    equilibria: tuple[list[list[float]], ...] = ()  # published equilibria, checked by regret


def _bimatrix(a, b):
    return [np.array(a, dtype=float), np.array(b, dtype=float)]


_VOLUNTEER = ms.games.volunteers_dilemma(3)
_Q = 0.5**0.5  # probability of waiting in the symmetric equilibrium, (c/b)^(1/(n-1))

KNOWN_FILES = [
    # Written by pygambit 16.7 (benchmarks/make_nfg_fixtures.py), outcome version.
    pytest.param(
        KnownFile(
            "3x3_bimatrix_unique_mixed_eq.nfg",
            "Shapley (1964) 3x3 game",
            ("row", "column"),
            (("a", "b", "c"), ("a", "b", "c")),
            _bimatrix([[0, 1, 0], [0, 0, 1], [1, 0, 0]], [[0, 0, 1], [1, 0, 0], [0, 1, 0]]),
            # Shapley (1964): the unique equilibrium is uniform for both players.
            ([[1 / 3] * 3, [1 / 3] * 3],),
        ),
        id="gambit-shapley_1964_3x3",
    ),
    pytest.param(
        KnownFile(
            "3x2_von_stengel_2007_three_eq.nfg",
            "von Stengel (2007) 3x2 bimatrix game",
            ("I", "II"),
            (("T", "M", "B"), ("l", "r")),
            _bimatrix([[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]]),
            # von Stengel (2007), in Nisan et al., Algorithmic Game Theory, ch. 3: three equilibria.
            (
                [[1, 0, 0], [1, 0]],
                [[4 / 5, 1 / 5, 0], [2 / 3, 1 / 3]],
                [[0, 1 / 3, 2 / 3], [1 / 3, 2 / 3]],
            ),
        ),
        id="gambit-von_stengel_2007_3x2",
    ),
    pytest.param(
        KnownFile(
            "2x2x2_outcome_version.nfg",
            "Volunteer's dilemma (Diekmann 1985), b=2, c=1",
            ("p1", "p2", "p3"),
            (("volunteer", "wait"),) * 3,
            list(_VOLUNTEER.payoffs),
            ([[1 - _Q, _Q]] * 3,),  # Diekmann (1985): wait with probability (c/b)^(1/(n-1))
        ),
        id="gambit-volunteers_dilemma_2x2x2",
    ),
    pytest.param(
        KnownFile(
            "2x2_prisoners_dilemma_quoted_title_and_comment.nfg",
            'The "Prisoner\'s Dilemma" (Axelrod 1984)',
            ("Row player", "Column player"),
            (("Cooperate (C)", "Defect (D)"),) * 2,
            _bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]]),
            ([[0, 1], [0, 1]],),  # mutual defection
        ),
        id="gambit-prisoners_dilemma_escaped_quotes",
    ),
    pytest.param(
        KnownFile(
            "2x3_rational_and_decimal_payoffs.nfg",
            "rational and decimal payoffs",
            ("x", "y"),
            (("u", "d"), ("l", "c", "r")),
            _bimatrix(
                [[1 / 3, -2 / 7, 0.1], [2.5, 0, 7]],
                [[1e-20, 0.1, -2.5], [123456.789, 0.3333333333333333, -1.5e-7]],
            ),
        ),
        id="gambit-rationals_and_decimals",
    ),
    pytest.param(
        KnownFile(
            "2x2_chicken_null_outcome.nfg",
            "Chicken (Aumann 1974) with a null outcome",
            ("row", "column"),
            (("dare", "chicken"),) * 2,
            list(ms.games.chicken().payoffs),
            ([[1, 0], [0, 1]], [[0, 1], [1, 0]], [[1 / 3, 2 / 3], [1 / 3, 2 / 3]]),
        ),
        id="gambit-chicken_null_outcome_0",
    ),
    # Hand-written from Gambit's format documentation (pygambit no longer writes this version).
    pytest.param(
        KnownFile(
            "3x2_selten_1975_payoff_version_counts.nfg",
            "Selten (IJGT, 75), Figure 2, normal form",
            ("Player 1", "Player 2"),
            (("s1", "s2", "s3"), ("s1", "s2")),
            _bimatrix([[1, 1], [0, 0], [0, 2]], [[1, 1], [2, 3], [2, 0]]),
        ),
        id="spec-selten_1975_payoff_version_counts",
    ),
    pytest.param(
        KnownFile(
            "2x2x2_payoff_version_labels_and_comment.nfg",
            "Three players, payoff version:\r\nlabels, comment and every number form",
            ("north", "east", "south"),
            (("up", "down"), ("left", "right"), ("near", "far")),
            # rows of the file in profile order (first player fastest): (north, east, south)
            list(
                np.array(
                    [
                        [1, -2, 3],
                        [0.5, -0.25, 1.0],
                        [1e3, 2e-2, -1.5e2],
                        [0.75, -1 / 3, 3.5],
                        [0, 0, 0],
                        [10, 20, 30],
                        [-1, -1, -1],
                        [1, 2, 3],
                    ]
                ).T.reshape(3, 2, 2, 2, order="F")
            ),
        ),
        id="spec-payoff_version_crlf_labels_numbers",
    ),
]


@pytest.mark.parametrize("case", KNOWN_FILES)
def test_known_file_reads_exactly(case):
    game = ms.io.read_nfg(DATA / case.name)
    assert game.title == case.title
    assert game.players == case.players
    assert game.strategies == case.strategies
    assert game.shape == case.payoffs[0].shape
    for i, expected in enumerate(case.payoffs):
        np.testing.assert_array_equal(game.payoffs[i], expected, err_msg=f"player {i}")
    for profile in case.equilibria:
        assert game.is_nash(profile), profile


def test_gambit_rationals_become_the_nearest_float():
    game = ms.io.read_nfg(DATA / "2x3_rational_and_decimal_payoffs.nfg")
    assert game.payoffs[0][0, 0] == float(Fraction(1, 3))
    assert game.payoffs[0][0, 1] == float(Fraction(-2, 7))
    assert game.payoffs[1][0, 0] == 1e-20


def test_payoff_and_outcome_versions_of_the_spec_example_agree():
    outcome_version = """NFG 1 R "Selten (IJGT, 75), Figure 2, normal form"
    { "Player 1" "Player 2" }
    {
    { "1" "2" "3" }
    { "1" "2" }
    }
    {
    { "" 1, 1 }
    { "" 0, 2 }
    { "" 0, 2 }
    { "" 1, 1 }
    { "" 0, 3 }
    { "" 2, 0 }
    }
    1 2 3 4 5 6
    """
    a = ms.io.loads_nfg(outcome_version)
    b = ms.io.read_nfg(DATA / "3x2_selten_1975_payoff_version_counts.nfg")
    np.testing.assert_array_equal(a.payoffs, b.payoffs)
    assert a.strategies == (("1", "2", "3"), ("1", "2"))


def test_outcome_indices_may_repeat_and_zero_is_the_null_outcome():
    text = 'NFG 1 R "" { "a" "b" } { { "x" "y" } { "z" } } { { "o" 4 5 } } 1 0'
    game = ms.io.loads_nfg(text)
    np.testing.assert_array_equal(game.payoffs[:, :, 0], [[4, 0], [5, 0]])
    text = 'NFG 1 R "" { "a" "b" } { 2 2 } { { "same" 1, -1, } } 1 1 1 1'  # trailing comma
    np.testing.assert_array_equal(
        ms.io.loads_nfg(text).payoffs, [np.ones((2, 2)), -np.ones((2, 2))]
    )


# --------------------------------------------------------------------------- reader details
def test_strings_use_gambits_escapes():
    text = r'NFG 1 R "a \"quoted\" title" { "back\\slash" "kept\n" } { 1 1 } 1 2'
    game = ms.io.loads_nfg(text)
    assert game.title == 'a "quoted" title'
    assert game.players == ("back\\slash", "kept\\n")  # "\n" is not an escape in the format


def test_strings_may_span_lines_and_line_numbers_count_them():
    text = 'NFG 1 R "two\nlines" { "a" "b" }\n{ 1 1 }\n"comment\n\nover lines"\n1 2 x'
    with pytest.raises(ms.NfgFormatError) as info:
        ms.io.loads_nfg(text)
    assert info.value.line == 7


def test_empty_and_repeated_labels_are_made_distinct_as_gambit_does():
    # The expected labels are what pygambit 16.7 reads from the same files.
    game = ms.io.loads_nfg('NFG 1 R "" { "a" "a" } { { "x" "x" "" } { "" } } "" 1 2 3 4 5 6')
    assert game.players == ("a_1", "a_2")
    assert game.strategies == (("x_1", "x_2", "_1"), ("_1",))
    game = ms.io.loads_nfg('NFG 1 R "" { "x" "x" "x_1" } { 1 1 1 } 1 2 3')
    assert game.players == ("x_2", "x_3", "x_1")


def test_number_forms_beyond_gambits_writer_are_accepted():
    # A leading '+' and an 'e+' exponent (refused by Gambit's reader) are read too.
    game = ms.io.loads_nfg('NFG 1 R "" { "a" } { 4 } +3 1.5e+2 -.5 6.')
    np.testing.assert_array_equal(game.payoffs[0], [3.0, 150.0, -0.5, 6.0])


def test_header_may_say_d_and_strategies_may_be_counts():
    game = ms.io.loads_nfg('NFG 1 D "" { "a" "b" } { 2 1 } 1 2 3 4')
    assert game.strategies == (("s1", "s2"), ("s1",))
    np.testing.assert_array_equal(game.payoffs, [[[1], [3]], [[2], [4]]])


def test_read_from_text_and_binary_file_objects_and_skips_a_bom():
    text = (DATA / "3x2_von_stengel_2007_three_eq.nfg").read_text(encoding="utf-8")
    expected = ms.io.loads_nfg(text)
    assert ms.io.read_nfg(io.StringIO(text)) == expected
    assert ms.io.read_nfg(io.BytesIO(b"\xef\xbb\xbf" + text.encode())) == expected
    with (DATA / "3x2_von_stengel_2007_three_eq.nfg").open("rb") as handle:
        assert ms.io.read_nfg(handle) == expected
    assert ms.io.read_nfg(str(DATA / "3x2_von_stengel_2007_three_eq.nfg")) == expected


# --------------------------------------------------------------------------- round trips
_any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)
_labels = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=8)


@st.composite
def _games_with_any_labels(draw):
    """Games whose title and labels hold any characters: quotes, backslashes, newlines."""
    game = draw(
        mst.normal_form_games(
            n_players=st.integers(1, 3),
            elements=st.floats(allow_nan=False, allow_infinity=False),
        )
    )
    players = draw(st.lists(_labels, min_size=game.n_players, max_size=game.n_players, unique=True))
    strategies = [draw(st.lists(_labels, min_size=s, max_size=s, unique=True)) for s in game.shape]
    return game.with_labels(players, strategies, title=draw(_any_text))


@given(game=mst.normal_form_games(labelled=True), title=_any_text, outcomes=st.booleans())
def test_write_then_read_is_the_identity(game, title, outcomes):
    game = game.with_labels(title=title)
    assert ms.io.loads_nfg(ms.io.dumps_nfg(game, outcomes=outcomes)) == game


@given(game=_games_with_any_labels(), comment=_any_text, outcomes=st.booleans())
@example(
    game=ms.NormalFormGame(
        [[[5e-324, -1.7976931348623157e308]], [[-0.0, 2.0**53 + 2]]],
        ["\\", '"'],
        [["{ }"], ['\\\\"', "x\n"]],
        title="ends in a backslash \\",
    ),
    comment='"',
    outcomes=True,
)
def test_round_trip_keeps_any_labels_and_every_finite_float(game, comment, outcomes):
    text = ms.io.dumps_nfg(game, outcomes=outcomes, comment=comment)
    assert ms.io.loads_nfg(text) == game


# What Gambit's own reader accepts of what we write: no leading '+', no 'e+' exponent.
_GAMBIT_NUMBER = re.compile(r"-?\d+(\.\d+)?(e-?\d+)?")


@given(
    game=mst.normal_form_games(elements=st.floats(allow_nan=False, allow_infinity=False)),
    outcomes=st.booleans(),
)
@example(game=ms.NormalFormGame([[[1e16, 1.5e300]], [[-1e-300, 2.0**53]]]), outcomes=False)
def test_writer_emits_only_number_forms_gambit_reads(game, outcomes):
    body = ms.io.dumps_nfg(game, outcomes=outcomes).split('\n""\n\n', 1)[1]
    numbers = re.sub(r'[{},]|""', " ", body).split()
    assert numbers
    for token in numbers:
        assert _GAMBIT_NUMBER.fullmatch(token), token


@given(game=mst.normal_form_games(n_players=st.integers(1, 4)))
def test_payoff_lines_list_profiles_with_the_first_player_fastest(game):
    lines = ms.io.dumps_nfg(game).rstrip("\n").split("\n")[-game.n_profiles :]
    for k, line in enumerate(lines):
        profile = np.unravel_index(k, game.shape, order="F")
        expected = game.payoffs[(slice(None), *profile)]
        np.testing.assert_array_equal([float(x) for x in line.split()], expected)


@given(
    game=mst.normal_form_games(elements=mst.payoff_values(integers=True, min_value=-2, max_value=2))
)
def test_outcome_version_has_one_outcome_per_distinct_payoff_vector(game):
    text = ms.io.dumps_nfg(game, outcomes=True)
    outcome_lines = [line for line in text.splitlines() if line.startswith('{ "" ')]
    rows = game.payoffs.reshape(game.n_players, -1).T
    assert len(outcome_lines) == len(np.unique(rows, axis=0))
    numbers = [int(x) for x in text.rstrip("\n").split("\n")[-1].split()]
    assert numbers[0] == 1  # numbered in order of first appearance
    assert max(numbers) == len(outcome_lines)
    assert ms.io.loads_nfg(text) == game


@given(game=mst.normal_form_games(n_players=st.integers(1, 3)), data=st.data())
def test_outcome_lists_in_any_legal_layout_read_the_same(game, data):
    """Commas or spaces between payoffs, trailing commas, odd names and whitespace."""
    n = game.n_players
    rows = game.payoffs.reshape(n, -1, order="F").T
    space = st.sampled_from([" ", "\n", "\t", "  ", "\r\n"])
    separator = st.sampled_from([" ", ", ", ",", " ,\n", "\n"])
    name = st.sampled_from(['""', '"}"', '"{ 1 2 }"', r'"a \"quoted\" name"', '"x\ny"'])
    entries = []
    for row in rows.tolist():
        numbers = ""
        for i, value in enumerate(row):
            numbers += repr(value).replace("e+", "e")
            if i < n - 1:
                numbers += data.draw(separator)
        trailing = data.draw(st.sampled_from(["", ",", " , "]))
        entries.append(
            f"{{{data.draw(space)}{data.draw(name)} {numbers}{trailing}{data.draw(space)}}}"
        )
    order = list(range(1, len(entries) + 1))
    text = (
        ms.io.dumps_nfg(game).split('""\n\n')[0]
        + '""\n{'
        + data.draw(space).join(entries)
        + "}\n"
        + " ".join(map(str, order))
    )
    assert ms.io.loads_nfg(text) == game


@contextlib.contextmanager
def _fast_paths_disabled():
    """Force the token-by-token parser (normally used only to locate errors)."""
    with (
        mock.patch.object(nfg, "_fast_numbers", return_value=None),
        mock.patch.object(nfg, "_fast_outcomes", return_value=None),
        mock.patch.object(nfg, "_fast_indices", return_value=None),
    ):
        yield


@given(game=_games_with_any_labels(), outcomes=st.booleans())
def test_token_parser_and_fast_paths_read_the_same_game(game, outcomes):
    text = ms.io.dumps_nfg(game, outcomes=outcomes)
    with _fast_paths_disabled():
        slow = ms.io.loads_nfg(text)
    assert slow == game
    assert ms.io.loads_nfg(text) == game


@pytest.mark.parametrize("case", KNOWN_FILES)
def test_token_parser_reads_the_known_files_like_the_fast_paths(case):
    with _fast_paths_disabled():
        slow = ms.io.read_nfg(DATA / case.name)
    assert slow == ms.io.read_nfg(DATA / case.name)


def test_write_and_read_a_file(tmp_path):
    game = ms.games.volunteers_dilemma(4)
    path = tmp_path / "volunteers.nfg"
    ms.io.write_nfg(game, path, outcomes=True, comment="four players")
    assert ms.io.read_nfg(path) == game
    assert path.read_bytes().count(b"\r") == 0
    handle = io.StringIO()
    ms.io.write_nfg(game, handle)
    assert ms.io.loads_nfg(handle.getvalue()) == game


# --------------------------------------------------------------------------- malformed files
_HEAD = 'NFG 1 R "t" { "a" "b" }\n'

MALFORMED = [
    pytest.param("", 1, "expected 'NFG'", id="empty_file"),
    pytest.param('EFG 2 R "t" { "a" }', 1, "extensive-form", id="unknown_header_efg"),
    pytest.param('GAME 1 R "t"', 1, "expected 'NFG'.*found 'GAME'", id="unknown_header"),
    pytest.param('NFG 2 R "t"', 1, "format version 1", id="unknown_version"),
    pytest.param('NFG 1 Q "t"', 1, "number type 'R'", id="unknown_number_type"),
    pytest.param("NFG 1 R\n{ }", 2, "expected the game title", id="missing_title"),
    pytest.param('NFG 1 R "t" "a" }', 1, "'{' opening the list of player names", id="no_brace"),
    pytest.param('NFG 1 R "t" { "a" 3 }', 1, "quoted player name or '}'", id="bad_player"),
    pytest.param('NFG 1 R "t" { }\n{ }', 1, "player list is empty", id="no_players"),
    pytest.param(_HEAD + '"x"', 2, "expected '{' after the player list", id="no_strategies"),
    pytest.param(
        _HEAD + "{ 2 0 }\n1", 2, "'b' must have a positive number.*found 0", id="zero_count"
    ),
    pytest.param(
        _HEAD + "{ -2 2 }\n1", 2, "'a' must have a positive number.*-2", id="negative_count"
    ),
    pytest.param(
        _HEAD + "{ 2 1.5 }\n1", 2, "number of strategies of player 'b'", id="fractional_count"
    ),
    pytest.param(_HEAD + "{ 2 2 3 }\n1", 2, "closing the strategy counts", id="too_many_counts"),
    pytest.param(
        _HEAD + "{ 2 }\n1", 2, "number of strategies of player 'b'.*found '}'", id="too_few_counts"
    ),
    pytest.param(_HEAD + "{ 2 " + "9" * 30 + " }", 2, "30 digits", id="absurd_count"),
    pytest.param(_HEAD + '{ { "x" }\n{ } }', 3, "'b' has no strategies", id="empty_strategy_list"),
    pytest.param(
        _HEAD + '{ { "x" } { "y" } { "z" } }',
        2,
        "more strategy lists than players",
        id="extra_list",
    ),
    pytest.param(_HEAD + '{ { "x" } { "y" 3 } }', 2, "quoted strategy label", id="bad_label"),
    pytest.param(_HEAD + "{ 2 2 }\n", 3, "expected the body", id="truncated_after_header"),
    pytest.param(
        _HEAD + "{ 2 2 }\n1 2 3\n4 5", 4, "payoff 6 of 8.*found end of file", id="truncated_payoffs"
    ),
    pytest.param(
        _HEAD + "{ 2 2 }\n1 2 3 4 5 6 7 8\n9",
        4,
        "end of the file after the 8 payoffs",
        id="too_many_payoffs",
    ),
    pytest.param(
        _HEAD + "{ 2 2 }\n1 2\n3 four 5",
        4,
        r"payoff 4 of 8.*player 'b' at profile \(s2, s1\).*'four'",
        id="bad_token",
    ),
    pytest.param(_HEAD + "{ 2 2 }\n1 2 3 4 5 6 7 nan", 3, "'nan'", id="nan_payoff"),
    pytest.param(
        _HEAD + "{ 2 2 }\n1 2 3 4 5 6 7 1e999", 3, "finite float", id="overflowing_payoff"
    ),
    pytest.param(_HEAD + "{ 1 1 }\n1/0 2", 3, "divides by zero", id="zero_denominator"),
    pytest.param(_HEAD + "{ 1 1 }\n1 2,", 3, "end of the file.*','", id="comma_in_payoff_version"),
    pytest.param(_HEAD + "{ 1 1 }\n1 2x", 3, "'2x'", id="glued_token"),
    pytest.param(
        _HEAD + '{ 1 1 }\n"comment\n1 2', 3, "unterminated string", id="unterminated_comment"
    ),
    pytest.param('NFG 1 R "t" {\n"a"\n"title }', 3, "unterminated string", id="unterminated_title"),
    pytest.param(
        _HEAD + '{ 1 1 }\n{ { "" 1 } }\n1', 3, r"payoff 2 of outcome 1.*'}'", id="short_outcome"
    ),
    pytest.param(
        _HEAD + '{ 1 1 }\n{ { "" 1 2 3 } }\n1',
        3,
        "closing outcome 1 after its 2 payoffs",
        id="long_outcome",
    ),
    pytest.param(_HEAD + "{ 1 1 }\n{ { 1 2 } }\n1", 3, "name of outcome 1", id="nameless_outcome"),
    pytest.param(
        _HEAD + '{ 1 1 }\n{ { "" 1 2 }\n1',
        4,
        "closing the outcome list",
        id="unclosed_outcome_list",
    ),
    pytest.param(
        _HEAD + '{ 2 1 }\n{ { "" 1 2 } }\n1\n2',
        5,
        r"outcome number 2 at profile 2 of 2 \(s2, s1\) refers to no outcome",
        id="unknown_outcome",
    ),
    pytest.param(
        _HEAD + '{ 2 1 }\n{ { "" 1 2 } }\n1\n' + "9" * 5000,
        5,
        r"outcome number with 5000 digits at profile 2 of 2 \(s2, s1\) refers to no outcome",
        id="outcome_beyond_int_digit_limit",
    ),
    pytest.param(
        _HEAD + '{ 2 1 }\n{ { "" 1 2 } }\n1 -1',
        4,
        "an integer from 0 to 1.*'-1'",
        id="negative_outcome",
    ),
    pytest.param(
        _HEAD + '{ 2 1 }\n{ { "" 1 2 } }\n1 1.0', 4, "an integer from 0 to 1", id="decimal_outcome"
    ),
    pytest.param(
        _HEAD + '{ 2 1 }\n{ { "" 1 2 } }\n1',
        4,
        "profile 2 of 2.*end of file",
        id="truncated_outcomes",
    ),
    pytest.param(
        _HEAD + '{ 2 1 }\n{ { "" 1 2 } }\n1 1\n1',
        5,
        "after the 2 outcome numbers",
        id="too_many_outcomes",
    ),
    # A stray token after many multi-digit numbers: the fast path's pattern must fail in
    # linear time (a number pattern that can split "123" three ways tries 3**80 splits).
    pytest.param(
        _HEAD + "{ 20 2 }\n" + " ".join(["123"] * 80) + " x",
        3,
        "end of the file after the 80 payoffs, found 'x'",
        id="stray_token_after_many_payoffs",
    ),
    pytest.param(
        _HEAD + "{ 30 1 }\n{ " + '{ "" 12, 34 } ' * 30 + "x }\n" + "1 " * 30,
        3,
        "opening outcome 31 or '}' closing the outcome list, found 'x'",
        id="stray_token_after_many_outcomes",
    ),
]


@pytest.mark.parametrize(("text", "line", "match"), MALFORMED)
def test_malformed_text_names_the_line_and_what_was_expected(text, line, match):
    with pytest.raises(ms.NfgFormatError, match=match) as info:
        ms.io.loads_nfg(text)
    error = info.value
    assert error.line == line
    assert error.path == "<string>"
    assert str(error).startswith(f"<string>, line {line}: ")
    assert isinstance(error, ms.FileFormatError)
    assert isinstance(error, ValueError)


def test_malformed_file_error_names_the_file(tmp_path):
    path = tmp_path / "broken.nfg"
    path.write_text(_HEAD + "{ 2 2 }\n1 2 3\n4 5 6 7 oops\n", encoding="utf-8")
    with pytest.raises(ms.NfgFormatError, match=r"broken\.nfg, line 4: .*'oops'") as info:
        ms.io.read_nfg(path)
    assert info.value.path == str(path)


def test_invalid_utf8_is_reported_with_its_line(tmp_path):
    path = tmp_path / "latin1.nfg"
    path.write_bytes(b'NFG 1 R "t"\n{ "caf\xe9" } { 1 } 1')
    with pytest.raises(ms.NfgFormatError, match="not valid UTF-8") as info:
        ms.io.read_nfg(path)
    assert info.value.line == 2


def test_too_large_game_is_refused_from_the_header_before_allocating():
    text = _HEAD + "\n{ 100000 100000 }\n1 2 3\n"
    tracemalloc.start()
    try:
        with pytest.raises(
            ms.GameTooLargeError, match=r"<string>, line 3: .*20,000,000,000"
        ) as info:
            ms.io.loads_nfg(text)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "refused before reading the payoffs" in str(info.value)
    assert peak < 1_000_000  # a payoff array of this game would need 160 GB


def test_size_limit_applies_to_labelled_strategies(monkeypatch):
    monkeypatch.setattr(normal_form, "MAX_PAYOFF_ENTRIES", 10)
    text = _HEAD + '{ { "x" "y" "z" } { "u" "v" } }\n' + "0 " * 12
    with pytest.raises(ms.GameTooLargeError, match="line 2"):
        ms.io.loads_nfg(text)


# --------------------------------------------------------------------------- safety and arguments
@contextlib.contextmanager
def _no_code_evaluation():
    """Make eval, exec and compile raise while the block runs."""

    def refuse(*args, **kwargs):
        raise AssertionError("the loader tried to evaluate code")

    names = ("eval", "exec", "compile")
    saved = {name: getattr(builtins, name) for name in names}
    for name in names:
        setattr(builtins, name, refuse)
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(builtins, name, value)


def test_loading_never_executes_code():
    payload = "__import__('os').system('echo pwned')"
    text = f'NFG 1 R "{payload}" {{ "{payload}" "b" }} {{ 1 1 }} 1 2'
    bad = f'NFG 1 R "t" {{ "a" }} {{ 1 }} {payload}'
    with _no_code_evaluation():
        game = ms.io.loads_nfg(text)
        try:
            ms.io.loads_nfg(bad)
        except ms.NfgFormatError as exc:
            error = exc
    assert game.title == payload
    assert game.players[0] == payload
    assert "__import__" in str(error)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: ms.io.loads_nfg(b"NFG 1 R"), r"loads_nfg\(\): text must be a str"),
        (
            lambda: ms.io.read_nfg(_HEAD + "{ 1 1 }\n1 2"),
            r"read_nfg\(\): path looks like the contents",
        ),
        (lambda: ms.io.read_nfg(42), r"read_nfg\(\): path must be"),
        (lambda: ms.io.dumps_nfg(np.zeros((2, 2, 2))), r"dumps_nfg\(\): game must be"),
        (lambda: ms.io.dumps_nfg(ms.games.chicken(), comment=3), r"dumps_nfg\(\): comment"),
        (lambda: ms.io.write_nfg(ms.games.chicken(), 3.5), r"write_nfg\(\): path must be"),
    ],
    ids=[
        "loads_bytes",
        "read_text_as_path",
        "read_int",
        "dump_array",
        "dump_comment",
        "write_float",
    ],
)
def test_bad_arguments_name_the_function_and_argument(call, match):
    with pytest.raises(ms.InvalidArgumentError, match=match):
        call()


# --------------------------------------------------------------------------- pygambit interop
@pytest.mark.interop
@given(
    game=mst.normal_form_games(n_players=st.integers(1, 3), labelled=True), outcomes=st.booleans()
)
def test_pygambit_reads_what_we_write(game, outcomes):
    gbt = pytest.importorskip("pygambit")
    game = game.with_labels(title="written by mediation_sim")
    theirs = gbt.read_nfg(io.StringIO(ms.io.dumps_nfg(game, outcomes=outcomes)))
    assert theirs.title == game.title
    assert tuple(p.label for p in theirs.players) == game.players
    assert tuple(tuple(s.label for s in p.strategies) for p in theirs.players) == game.strategies
    arrays = np.array([np.asarray(a, dtype=float) for a in theirs.to_arrays()])
    np.testing.assert_array_equal(arrays, game.payoffs)


@pytest.mark.interop
@given(seed=st.integers(0, 2**32 - 1), shape=st.lists(st.integers(1, 3), min_size=1, max_size=3))
def test_we_read_what_pygambit_writes(seed, shape):
    gbt = pytest.importorskip("pygambit")
    rng = np.random.default_rng(seed)
    arrays = rng.uniform(-10, 10, size=(len(shape), *shape))
    theirs = gbt.Game.from_arrays(*arrays, title="written by pygambit")
    ours = ms.io.loads_nfg(theirs.to_nfg())
    assert ours.title == "written by pygambit"
    np.testing.assert_array_equal(ours.payoffs, arrays)
