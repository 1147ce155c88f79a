"""Games as JSON (round trip, validated loader) and results as JSON (to_json)."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import mediation_sim as ms
from mediation_sim.games import normal_form
from mediation_sim.testing import strategies as mst

_any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=10)


# --------------------------------------------------------------------------- games
@given(
    game=mst.normal_form_games(
        labelled=True, elements=st.floats(allow_nan=False, allow_infinity=False)
    ),
    title=_any_text,
    indent=st.sampled_from([None, 0, 2]),
)
@example(
    game=ms.NormalFormGame([[[5e-324, -0.0]], [[1.7976931348623157e308, 0.1]]]),
    title='"\\\n',
    indent=None,
)
def test_write_then_read_is_the_identity(game, title, indent):
    game = game.with_labels(title=title)
    assert ms.io.loads_game_json(ms.io.dumps_game_json(game, indent=indent)) == game


@given(game=mst.normal_form_games(labelled=True))
def test_the_output_of_to_dict_loads_too(game):
    assert ms.io.loads_game_json(json.dumps(game.to_dict())) == game


def test_file_round_trip_and_schema(tmp_path):
    game = ms.games.battle_of_the_sexes()
    path = tmp_path / "bos.json"
    ms.io.write_game_json(game, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "mediation_sim.NormalFormGame"
    assert data["version"] == 1
    assert data["payoffs"] == [[[2.0, 0.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, 2.0]]]
    back = ms.io.read_game_json(path)
    assert back == game
    assert back.is_nash([[2 / 3, 1 / 3], [1 / 3, 2 / 3]])


def test_minimal_game_gets_default_labels():
    game = ms.io.loads_game_json(b'{"payoffs": [[[1, 0]], [[0, 1]]]}')
    assert game.players == ("p1", "p2")
    assert game.strategies == (("s1",), ("s1", "s2"))
    assert game.title == ""


_GOOD = '"payoffs": [[[1, 0], [0, 1]], [[1, 0], [0, 1]]]'

MALFORMED = [
    pytest.param('{"payoffs": [1, 2,]}', None, 1, "not valid JSON", id="invalid_json"),
    pytest.param('{\n"title": "x",\n"payoffs": [[1]]\n', None, 4, "not valid JSON", id="truncated"),
    pytest.param("[1, 2]", None, None, "JSON object at the top level", id="top_level_list"),
    pytest.param('{"payofs": []}', "payofs", None, "unknown key", id="misspelt_key"),
    pytest.param("{}", "payoffs", None, "missing the required key", id="missing_payoffs"),
    pytest.param(
        '{"format": "gambit", ' + _GOOD + "}", "format", None, "expected", id="wrong_format"
    ),
    pytest.param('{"version": 2, ' + _GOOD + "}", "version", None, "version 2", id="new_version"),
    pytest.param(
        '{"payoffs": [[[1, "2"]], [[0, 0]]]}',
        "payoffs",
        None,
        r"payoffs\[0\]\[0\]\[1\]",
        id="string",
    ),
    pytest.param('{"payoffs": [[[1, true]], [[0, 0]]]}', "payoffs", None, "true", id="boolean"),
    pytest.param('{"payoffs": [[[1, null]], [[0, 0]]]}', "payoffs", None, "null", id="null"),
    pytest.param('{"payoffs": [[[1, NaN]], [[0, 0]]]}', None, None, "NaN", id="nan"),
    pytest.param('{"payoffs": [[[1, -Infinity]], [[0, 0]]]}', None, None, "Infinity", id="inf"),
    pytest.param('{"payoffs": [[[1, 1e400]], [[0, 0]]]}', "payoffs", None, "finite", id="overflow"),
    pytest.param('{"payoffs": [[[1, 2]], [[0]]]}', "payoffs", None, "ragged", id="ragged"),
    pytest.param('{"payoffs": [[1, 2], [3, 4]]}', "payoffs", None, "2 players but 1", id="shape"),
    pytest.param('{"title": 3, ' + _GOOD + "}", "title", None, "string", id="title_number"),
    pytest.param('{"players": "ab", ' + _GOOD + "}", "players", None, "list", id="players_str"),
    pytest.param('{"players": ["a", "a"], ' + _GOOD + "}", "players", None, "distinct", id="dupes"),
    pytest.param(
        '{"strategies": [["x", "y"]], ' + _GOOD + "}",
        "strategies",
        None,
        "one label list",
        id="few",
    ),
    pytest.param(
        '{"strategies": [["x"], ["y", "z"]], ' + _GOOD + "}",
        "strategies",
        None,
        "must have 2 labels",
        id="wrong_count",
    ),
    pytest.param('{"strategies": 3, ' + _GOOD + "}", "strategies", None, "one list", id="not_list"),
]


@pytest.mark.parametrize(("text", "key", "line", "match"), MALFORMED)
def test_malformed_json_names_the_key_or_line(text, key, line, match):
    with pytest.raises(ms.FileFormatError, match=match) as info:
        ms.io.loads_game_json(text)
    assert info.value.key == key
    assert info.value.line == line
    assert info.value.path == "<string>"


def test_malformed_file_names_the_file(tmp_path):
    path = tmp_path / "game.json"
    path.write_text('{\n  "payoffs": [[[1, 0]], [[0, "x"]]]\n}\n', encoding="utf-8")
    with pytest.raises(
        ms.FileFormatError, match=r"game\.json, key 'payoffs': payoffs\[1\]\[0\]\[1\]"
    ):
        ms.io.read_game_json(path)
    path.write_bytes(b'{"title": "caf\xe9"}')
    with pytest.raises(ms.FileFormatError, match="not valid UTF-8"):
        ms.io.read_game_json(path)


def test_too_large_game_is_refused(monkeypatch):
    monkeypatch.setattr(normal_form, "MAX_PAYOFF_ENTRIES", 10)
    text = json.dumps({"payoffs": np.zeros((3, 2, 2, 2)).tolist()})
    with pytest.raises(ms.GameTooLargeError, match="24 payoff entries"):
        ms.io.loads_game_json(text)


def test_loading_never_executes_code():
    payload = "__import__('os').system('echo pwned')"
    text = json.dumps({"title": payload, "players": [payload, "b"], "payoffs": [[[1]], [[2]]]})
    game = ms.io.loads_game_json(text)
    assert game.title == payload
    assert game.players == (payload, "b")
    with pytest.raises(ms.FileFormatError, match="not a number"):
        ms.io.loads_game_json(json.dumps({"payoffs": [[[payload]]]}))


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: ms.io.loads_game_json(42), r"loads_game_json\(\): text must be"),
        (lambda: ms.io.read_game_json(42), r"read_game_json\(\): path must be"),
        (lambda: ms.io.dumps_game_json({"payoffs": []}), r"dumps_game_json\(\): game must be"),
        (lambda: ms.io.write_game_json(ms.games.chicken(), 1.5), r"write_game_json\(\): path"),
    ],
    ids=["loads_int", "read_int", "dumps_dict", "write_float"],
)
def test_bad_arguments_name_the_function_and_argument(call, match):
    with pytest.raises(ms.InvalidArgumentError, match=match):
        call()


# --------------------------------------------------------------------------- results
@given(case=mst.games_with_pure_equilibrium())
def test_to_json_of_a_nash_result_keeps_every_verified_equilibrium(case):
    game, planted = case
    result = ms.solvers.pure_nash(game)
    data = json.loads(ms.io.to_json(result))
    assert data["method"] == result.method
    assert len(data["equilibria"]) == len(result)
    # each profile, rebuilt from its JSON labels, is still an equilibrium of the game
    profiles = [game.as_profile(eq["strategies"]) for eq in data["equilibria"]]
    assert all(game.is_nash(p) for p in profiles)
    assert planted in [p.pure_indices for p in profiles]
    for eq, original in zip(data["equilibria"], result, strict=True):
        assert eq["payoffs"] == dict(zip(game.players, original.payoffs.tolist(), strict=True))


def test_to_json_of_profiles_elimination_results_and_games():
    game = ms.games.prisoners_dilemma()
    profile = ms.games.matching_pennies().as_profile([[0.5, 0.5], [0.5, 0.5]])
    assert json.loads(ms.io.to_json(profile))["strategies"]["row"] == {"heads": 0.5, "tails": 0.5}
    elimination = json.loads(ms.io.to_json(ms.solvers.iterated_elimination(game)))
    assert elimination["solved"] is True
    assert elimination["kept"] == {"row": ["defect"], "column": ["defect"]}
    assert ms.io.loads_game_json(ms.io.to_json(game)) == game


def test_to_json_converts_numpy_values_and_nested_results():
    class Report:
        def to_dict(self):
            return {
                "count": np.int64(3),
                "flag": np.bool_(True),
                "scores": np.array([[0.5, np.float32(0.25)]]),
                "pair": (np.float64(1.5), "x"),
                "missing": np.nan,
                "huge": -np.inf,
                "profile": ms.games.chicken().as_profile([0, 1]),
                7: "integer key",
            }

    data = json.loads(ms.io.to_json(Report(), indent=2))
    assert data["count"] == 3
    assert data["flag"] is True
    assert data["scores"] == [[0.5, 0.25]]
    assert data["pair"] == [1.5, "x"]
    assert data["missing"] is None
    assert data["huge"] is None
    assert data["profile"]["strategies"]["row"] == {"dare": 1.0, "chicken": 0.0}
    assert data["7"] == "integer key"


def test_to_json_refuses_objects_without_a_json_form():
    with pytest.raises(ms.InvalidArgumentError, match=r"to_json\(\): result must have a to_dict"):
        ms.io.to_json([1, 2])

    class Odd:
        def to_dict(self):
            return {"when": {"start": object()}}

    with pytest.raises(
        ms.InvalidArgumentError, match=r"result\['when'\]\['start'\] has type object"
    ):
        ms.io.to_json(Odd())
