"""NormalFormGame and MixedProfile: validation, the regret oracle, transformations."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mediation_sim as ms
from mediation_sim.games import normal_form
from mediation_sim.testing import strategies as mst


# --------------------------------------------------------------------------- validation
@pytest.mark.parametrize(
    ("payoffs", "error", "match"),
    [
        ([1.0, 2.0], ms.GameShapeError, "at least 2 dimensions"),
        (np.zeros((3, 2, 2)), ms.GameShapeError, "3 players but 2 strategy axes"),
        (np.zeros((2, 0, 2)), ms.GameShapeError, "player 0 has an empty strategy set"),
        ([[[1, 2], [3]], [[1, 2], [3, 4]]], ms.GameShapeError, "ragged"),
        (np.array([[[1, np.nan]], [[0, 0]]]), ms.InvalidPayoffError, r"profile \(0, 1\) is nan"),
        (np.array([[[1, 2]], [[np.inf, 0]]]), ms.InvalidPayoffError, "player 1's payoff"),
        (np.array([[["a", "b"]], [["c", "d"]]]), ms.InvalidPayoffError, "real numbers"),
        (np.ones((2, 1, 2), dtype=complex), ms.InvalidPayoffError, "complex"),
    ],
)
def test_bad_payoffs_are_refused_with_a_named_reason(payoffs, error, match):
    with pytest.raises(error, match=match):
        ms.NormalFormGame(payoffs)


def test_errors_are_mediation_sim_errors_and_value_errors():
    with pytest.raises(ms.MediationSimError) as info:
        ms.NormalFormGame(np.zeros((3, 2, 2)))
    assert isinstance(info.value, ValueError)


def test_too_large_game_is_refused_before_allocation(monkeypatch):
    class Huge:
        """Only a shape: any attempt to read the payoffs would fail loudly."""

        shape = (5, 40, 40, 40, 40, 40)

        def __array__(self, *args, **kwargs):
            raise AssertionError("payoffs were read before the size check")

    monkeypatch.setattr(
        np, "shape", lambda x: x.shape if isinstance(x, Huge) else np.asarray(x).shape
    )
    with pytest.raises(ms.GameTooLargeError, match="102,400,000 profiles"):
        ms.NormalFormGame(Huge())


def test_check_game_size_counts_entries():
    assert ms.games.check_game_size((3, 3, 2)) == 54
    with pytest.raises(ms.GameTooLargeError, match="MAX_PAYOFF_ENTRIES"):
        ms.games.check_game_size((10,) * 8)


@pytest.mark.parametrize(
    ("players", "strategies", "match"),
    [
        (["a"], None, "must have 2 labels"),
        (["a", "a"], None, "repeated"),
        (["a", ""], None, "non-empty string"),
        (["a", 3], None, "non-empty string"),
        (None, [["x", "y"]], "one label list per player"),
        (None, [["x", "y"], ["x", "x"]], "repeated"),
        (None, [["x", "y"], ["x"]], "must have 2 labels"),
        ("ab", None, "sequence of strings"),
    ],
)
def test_bad_labels_are_refused(players, strategies, match):
    with pytest.raises(ms.InvalidArgumentError, match=match):
        ms.NormalFormGame(np.zeros((2, 2, 2)), players, strategies)


def test_payoffs_are_a_read_only_copy():
    source = np.zeros((2, 2, 2))
    g = ms.NormalFormGame(source)
    source[0, 0, 0] = 99.0
    assert g.payoffs[0, 0, 0] == 0.0
    with pytest.raises(ValueError, match="read-only"):
        g.payoffs[0, 0, 0] = 1.0
    assert g.payoffs.dtype == np.float64


def test_default_labels_and_attributes():
    g = ms.NormalFormGame(np.arange(2 * 2 * 3 * 1, dtype=float).reshape(2, 2, 3, 1)[:, :, :, 0][:2])
    assert g.players == ("p1", "p2")
    assert g.strategies == (("s1", "s2"), ("s1", "s2", "s3"))
    assert g.shape == (2, 3)
    assert g.n_profiles == 6
    assert g.payoff_range == 11.0


def test_constant_game_has_unit_payoff_range_and_everything_is_nash():
    g = ms.NormalFormGame(np.full((3, 2, 2, 2), 7.0))
    assert g.payoff_range == 1.0
    assert g.is_nash((1, 0, 1))


def test_one_player_game_is_a_decision_problem():
    g = ms.NormalFormGame([[1.0, 3.0, 2.0]])
    assert g.is_nash((1,))
    assert not g.is_nash((0,))
    assert g.regret((2,)) == 1.0


# --------------------------------------------------------------------------- lookups
def test_unknown_names_list_the_valid_ones():
    g = ms.games.prisoners_dilemma()
    with pytest.raises(ms.UnknownNameError, match=r"the players are \['row', 'column'\]"):
        g.player_index("kyiv")
    with pytest.raises(ms.UnknownNameError, match="its strategies are"):
        g.strategy_index("row", "surrender")
    with pytest.raises(ms.UnknownNameError):
        g.player_index(2)
    with pytest.raises(ms.UnknownNameError):
        g.player_index(True)
    assert isinstance(ms.UnknownNameError("x"), LookupError)
    assert str(ms.UnknownNameError("plain message")) == "plain message"


# --------------------------------------------------------------------------- profiles
def test_profile_forms_agree():
    g = ms.games.prisoners_dilemma()
    forms = [
        (1, 0),
        ("defect", "cooperate"),
        np.array([1, 0]),
        [[0.0, 1.0], [1.0, 0.0]],
        {"row": "defect", "column": "cooperate"},
        {"row": {"defect": 1.0}, "column": [1.0, 0.0]},
        g.pure_profile({"row": 1, "column": "cooperate"}),
    ]
    expected = g.as_profile(forms[0])
    for form in forms:
        assert expected.isclose(g.as_profile(form)), form
    assert expected.pure_labels == {"row": "defect", "column": "cooperate"}
    assert expected.pure_indices == (1, 0)


@pytest.mark.parametrize(
    ("profile", "error", "match"),
    [
        ((0,), ms.InvalidProfileError, "one entry per player"),
        ([[0.5, 0.6], [1.0, 0.0]], ms.InvalidProfileError, "sums to"),
        ([[1.5, -0.5], [1.0, 0.0]], ms.InvalidProfileError, "negative probability"),
        ([[1.0], [1.0, 0.0]], ms.InvalidProfileError, "must have 2 probabilities"),
        ([[np.nan, 1.0], [1.0, 0.0]], ms.InvalidProfileError, "non-finite"),
        ({"row": "defect"}, ms.InvalidProfileError, r"no strategy for players \['column'\]"),
        ({"row": "defect", "column": "defect", "x": "y"}, ms.UnknownNameError, "unknown player"),
        (("defect", "betray"), ms.UnknownNameError, "unknown strategy"),
        ("dd", ms.InvalidProfileError, "must be a sequence"),
        (3, ms.InvalidProfileError, "must be a sequence"),
    ],
)
def test_bad_profiles_are_refused(profile, error, match):
    g = ms.games.prisoners_dilemma()
    with pytest.raises(error, match=match):
        g.regret(profile)


def test_mixed_profile_views():
    g = ms.games.battle_of_the_sexes()
    x = g.as_profile([[2 / 3, 1 / 3], [1 / 3, 2 / 3]])
    assert x["row"] == pytest.approx({"opera": 2 / 3, "football": 1 / 3})
    assert x[1]["football"] == pytest.approx(2 / 3)
    assert x.support == ((0, 1), (0, 1))
    assert not x.is_pure
    assert x.pure_indices is None
    assert x.pure_labels is None
    np.testing.assert_allclose(x.payoffs, [2 / 3, 2 / 3])
    assert x.regret == pytest.approx(0.0, abs=1e-12)
    assert x.is_nash()
    assert len(x) == 2
    assert [v.tolist() for v in x] == [v.tolist() for v in x.probabilities]
    assert "row={opera: 0.6667, football: 0.3333}" in repr(x)
    d = x.to_dict()
    assert d["strategies"]["column"]["football"] == pytest.approx(2 / 3)
    assert "<table>" in x._repr_html_()
    with pytest.raises(ValueError, match="read-only"):
        x.probabilities[0][0] = 1.0


def test_known_regrets():
    g = ms.games.prisoners_dilemma()
    # row cooperates, column defects: row gains 1 by defecting, column has no gain
    np.testing.assert_allclose(g.player_regrets((0, 1)), [1.0, 0.0])
    assert g.regret(((0.5, 0.5), (0.5, 0.5))) == pytest.approx(0.75)  # 3 - 2.25
    dev = g.deviation_payoffs([[0.5, 0.5], [0.25, 0.75]])
    np.testing.assert_allclose(dev[0], [0.75, 2.0])
    np.testing.assert_allclose(g.expected_payoffs([[0.5, 0.5], [0.25, 0.75]]), [1.375, 2.625])


def _brute_regret(game: ms.NormalFormGame, vectors) -> float:
    """Regret by explicit enumeration of every profile (the slow, obvious definition)."""
    n = game.n_players
    best = 0.0
    for i in range(n):
        expected = 0.0
        dev = np.zeros(game.shape[i])
        for prof in np.ndindex(*game.shape):
            w_others = np.prod([vectors[j][prof[j]] for j in range(n) if j != i])
            dev[prof[i]] += w_others * game.payoffs[(i, *prof)]
            expected += w_others * vectors[i][prof[i]] * game.payoffs[(i, *prof)]
        best = max(best, dev.max() - expected)
    return best


@given(st.data())
def test_regret_matches_brute_force_definition(data):
    game = data.draw(mst.normal_form_games(n_players=st.integers(1, 4)))
    profile = data.draw(mst.mixed_profiles(game))
    assert game.regret(profile) == pytest.approx(
        _brute_regret(game, profile.probabilities), abs=1e-9
    )
    assert game.regret(profile) >= 0.0


@given(st.data())
def test_expected_payoff_is_average_of_deviation_payoffs(data):
    game = data.draw(mst.normal_form_games())
    profile = data.draw(mst.mixed_profiles(game))
    dev = game.deviation_payoffs(profile)
    for i, (d, v) in enumerate(zip(dev, profile.probabilities, strict=True)):
        assert game.expected_payoffs(profile)[i] == pytest.approx(float(d @ v), abs=1e-9)


@given(st.data())
def test_is_nash_is_invariant_under_positive_affine_rescaling(data):
    game = data.draw(mst.normal_form_games())
    profile = data.draw(mst.mixed_profiles(game))
    scale, shift = data.draw(mst.affine_rescalings(game.n_players))
    rescaled = game.affine_transform(scale, shift)
    # regret scales player by player; the relative verdict follows the largest relative regret
    for i in range(game.n_players):
        assert rescaled.player_regrets(profile)[i] == pytest.approx(
            scale[i] * game.player_regrets(profile)[i], rel=1e-9, abs=1e-9
        )


@given(st.data())
def test_permutation_commutes_with_regret(data):
    game = data.draw(mst.normal_form_games())
    profile = data.draw(mst.mixed_profiles(game))
    players, strategies = data.draw(mst.game_permutations(game))
    permuted = game.permute(players=players, strategies=strategies)
    vectors = [profile.probabilities[old][strategies[old]] for old in players]
    np.testing.assert_allclose(
        permuted.player_regrets(vectors), game.player_regrets(profile)[players], atol=1e-9
    )
    assert permuted.players == tuple(game.players[k] for k in players)


def test_permute_and_restrict_validate():
    g = ms.games.rock_paper_scissors()
    with pytest.raises(ms.GameShapeError, match="permutation"):
        g.permute(players=[0, 0])
    with pytest.raises(ms.GameShapeError, match="one permutation per player"):
        g.permute(strategies=[[0, 1, 2]])
    with pytest.raises(ms.GameShapeError, match="no strategy"):
        g.restrict([[0], []])
    with pytest.raises(ms.GameShapeError, match="must lie in"):
        g.restrict([[0], [3]])
    sub = g.restrict([[0, 2], [1]])
    assert sub.strategies == (("rock", "scissors"), ("paper",))
    assert sub.payoffs[0].tolist() == [[-1.0], [1.0]]


def test_affine_transform_validates():
    g = ms.games.matching_pennies()
    with pytest.raises(ms.InvalidArgumentError, match="positive"):
        g.affine_transform([1.0, 0.0])
    with pytest.raises(ms.InvalidArgumentError, match="finite"):
        g.affine_transform(1.0, np.nan)


@given(mst.normal_form_games(labelled=True))
def test_games_pickle_and_compare_by_value(game):
    again = pickle.loads(pickle.dumps(game))
    assert again == game
    assert hash(again) == hash(game)
    assert again.with_labels(title="other") != game
    assert game != "not a game"


def test_repr_and_html():
    g = ms.games.prisoners_dilemma()
    assert repr(g) == 'NormalFormGame(2 players, shape 2x2, "Prisoner\'s Dilemma")'
    html = g._repr_html_()
    assert "<th>cooperate</th>" in html
    assert "3, 3" in html
    three = ms.games.volunteers_dilemma(3)
    assert "<td>volunteer</td>" in three._repr_html_()
    big = ms.NormalFormGame(np.zeros((2, 20, 20)))
    assert "<table>" not in big._repr_html_()


def test_to_dict_round_trips_through_the_constructor():
    g = ms.games.chicken()
    d = g.to_dict()
    again = ms.NormalFormGame(d["payoffs"], d["players"], d["strategies"], title=d["title"])
    assert again == g


def test_is_nash_rejects_bad_tol():
    g = ms.games.matching_pennies()
    with pytest.raises(ms.InvalidArgumentError, match="tol must be finite"):
        g.is_nash((0, 0), tol=-1.0)
    with pytest.raises(ms.InvalidArgumentError, match="tol must be a non-negative real"):
        g.is_nash((0, 0), tol="small")


def test_payoff_limit_is_the_one_enforced_and_can_be_lifted(monkeypatch):
    # the documented override (assign mediation_sim.games.normal_form.MAX_PAYOFF_ENTRIES)
    # moves the boundary exactly: a game at the limit loads, one entry more is refused
    monkeypatch.setattr(normal_form, "MAX_PAYOFF_ENTRIES", 16)
    assert ms.NormalFormGame(np.zeros((2, 2, 4))).shape == (2, 4)
    with pytest.raises(ms.GameTooLargeError, match="MAX_PAYOFF_ENTRIES"):
        ms.NormalFormGame(np.zeros((2, 3, 3)))
    with pytest.raises(ms.GameTooLargeError, match="MAX_PAYOFF_ENTRIES"):
        ms.games.check_game_size((3, 3))


@given(st.data())
def test_batched_regrets_equal_each_profiles_regret(data):
    # The solvers' verifier checks all candidates in one batch; each row must be
    # exactly the regret the profile itself reports (same kernel, batch of one).
    game = data.draw(mst.normal_form_games(n_players=st.integers(1, 4)))
    profiles = data.draw(st.lists(mst.mixed_profiles(game), min_size=1, max_size=6))
    stacks = [np.array([p.probabilities[i] for p in profiles]) for i in range(game.n_players)]
    # The verifier works in the game's normalised frame (exact power-of-two scale).
    frame = game._frame()
    batched = np.ldexp(normal_form.batch_player_regrets(frame.shifted, stacks), frame.exponent)
    for row, profile in zip(batched, profiles, strict=True):
        np.testing.assert_array_equal(row, profile.player_regrets)
        assert row.max() == pytest.approx(_brute_regret(game, profile.probabilities), abs=1e-9)


def test_stacking_refuses_what_the_profile_checks_refuse():
    game = ms.games.matching_pennies()
    good = [np.array([0.5, 0.5]), np.array([1.0, 0.0])]
    stacks = normal_form.stack_vectors(game, [good, good])
    assert stacks is not None
    assert [s.shape for s in stacks] == [(2, 2), (2, 2)]
    assert not stacks[0].flags.writeable
    for bad in (
        [np.array([0.6, 0.6]), np.array([1.0, 0.0])],  # does not sum to 1
        [np.array([1.1, -0.1]), np.array([1.0, 0.0])],  # negative
        [np.array([np.nan, 1.0]), np.array([1.0, 0.0])],  # not finite
        [np.array([1.0]), np.array([1.0, 0.0])],  # wrong length
        [[0.5, 0.5], np.array([1.0, 0.0])],  # not an array: coerced one by one
        (np.array([1.0, 0.0]),),  # wrong number of players
    ):
        assert normal_form.stack_vectors(game, [good, bad]) is None
