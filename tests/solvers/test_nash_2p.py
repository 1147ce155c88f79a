"""nash_2p and the two complete enumeration methods: known answers, agreement, invariances."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import nashpy
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mediation_sim as ms
from mediation_sim.solvers._two_player import TWO_PLAYER_METHODS
from mediation_sim.testing import assert_same_equilibria, assert_valid_nash_result
from mediation_sim.testing import strategies as mst

ENUMERATION = ["support_enumeration", "vertex_enumeration"]


@dataclass(frozen=True)
class Case:
    payoffs: list[list[list[float]]]
    expected: list[list[list[float]]]
    degenerate: bool
    source: str


# von Stengel (2007), "Equilibrium computation for two-player games in strategic and
# extensive form", Algorithmic Game Theory, ch. 3: the 3x2 running example and its
# degenerate variant of section 3.6 (column payoffs (3, 3) in the top row), whose
# equilibrium component {(1,0,0)} x {y : y_1 >= 2/3} has extreme points (1,0) and (2/3,1/3).
VS_A = [[3, 3], [2, 5], [0, 6]]
CASES = [
    pytest.param(
        Case(
            [VS_A, [[3, 2], [2, 6], [3, 1]]],
            [
                [[1, 0, 0], [1, 0]],
                [[4 / 5, 1 / 5, 0], [2 / 3, 1 / 3]],
                [[0, 1 / 3, 2 / 3], [1 / 3, 2 / 3]],
            ],
            False,
            "von Stengel 2007, ch. 3",
        ),
        id="von_stengel_2007_3x2-three_equilibria",
    ),
    pytest.param(
        Case(
            [VS_A, [[3, 3], [2, 6], [3, 1]]],
            [[[1, 0, 0], [1, 0]], [[1, 0, 0], [2 / 3, 1 / 3]], [[0, 1 / 3, 2 / 3], [1 / 3, 2 / 3]]],
            True,
            "von Stengel 2007, section 3.6",
        ),
        id="von_stengel_2007_3x2_degenerate-component_endpoints",
    ),
    pytest.param(
        Case(
            ms.games.battle_of_the_sexes().payoffs.tolist(),
            [[[1, 0], [1, 0]], [[2 / 3, 1 / 3], [1 / 3, 2 / 3]], [[0, 1], [0, 1]]],
            False,
            "Luce and Raiffa 1957: two pure equilibria and one mixed",
        ),
        id="battle_of_the_sexes-three_equilibria",
    ),
    pytest.param(
        Case(
            ms.games.chicken().payoffs.tolist(),
            [[[1, 0], [0, 1]], [[1 / 3, 2 / 3], [1 / 3, 2 / 3]], [[0, 1], [1, 0]]],
            False,
            "Aumann 1974: chicken (6, 7, 2, 0), mixed equilibrium dares with probability 1/3",
        ),
        id="chicken_aumann_1974-three_equilibria",
    ),
    pytest.param(
        Case(
            ms.games.matching_pennies().payoffs.tolist(),
            [[[0.5, 0.5], [0.5, 0.5]]],
            False,
            "von Neumann and Morgenstern 1944: unique uniform equilibrium",
        ),
        id="matching_pennies-unique_uniform",
    ),
    pytest.param(
        Case(
            ms.games.rock_paper_scissors().payoffs.tolist(),
            [[[1 / 3] * 3, [1 / 3] * 3]],
            False,
            "unique uniform equilibrium of rock-paper-scissors",
        ),
        id="rock_paper_scissors-unique_uniform",
    ),
    pytest.param(
        Case(
            ms.games.shapley_game().payoffs.tolist(),
            [[[1 / 3] * 3, [1 / 3] * 3]],
            False,
            "Shapley 1964: unique equilibrium, uniform for both",
        ),
        id="shapley_1964-unique_uniform",
    ),
    pytest.param(
        Case(
            ms.games.prisoners_dilemma().payoffs.tolist(),
            [[[0, 1], [0, 1]]],
            False,
            "dominant strategies: (defect, defect)",
        ),
        id="prisoners_dilemma-defect_defect",
    ),
    pytest.param(
        Case(
            [np.eye(4).tolist(), np.eye(4).tolist()],
            [
                [u.tolist(), u.tolist()]
                for mask in range(1, 16)
                for u in [np.array([(mask >> i) & 1 for i in range(4)]) / mask.bit_count()]
            ],
            False,
            "Quint and Shubik 1997: the n x n identity coordination game has 2^n - 1 equilibria,"
            " uniform on each nonempty set of strategies",
        ),
        id="coordination_4x4_identity-fifteen_equilibria",
    ),
    pytest.param(
        Case(
            np.zeros((2, 2, 3)).tolist(),
            [[np.eye(2)[i].tolist(), np.eye(3)[j].tolist()] for i in range(2) for j in range(3)],
            True,
            "a constant game: every profile is an equilibrium; the extreme ones are pure",
        ),
        id="constant_2x3-all_six_pure_profiles",
    ),
]


@pytest.mark.parametrize("method", ENUMERATION)
@pytest.mark.parametrize("case", CASES)
def test_known_equilibria(case: Case, method: str) -> None:
    game = ms.NormalFormGame(case.payoffs)
    expected = [game.as_profile(e) for e in case.expected]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = ms.solvers.nash_2p(game, method=method)
    assert_valid_nash_result(res, game)
    assert_same_equilibria(res, expected, atol=1e-9)
    assert res.degenerate is case.degenerate
    warned = [w for w in caught if issubclass(w.category, ms.DegenerateGameWarning)]
    assert len(warned) == int(case.degenerate)
    assert res.success


@pytest.mark.parametrize("case", CASES)
def test_lemke_howson_from_every_label_ends_at_a_known_equilibrium(case: Case) -> None:
    game = ms.NormalFormGame(case.payoffs)
    expected = [game.as_profile(e) for e in case.expected]
    for label in range(sum(game.shape)):
        res = ms.solvers.nash_2p(game, method="lh", initial_label=label)
        assert len(res) == 1
        assert any(res[0].isclose(e, atol=1e-9) for e in expected), (label, res[0])


# ------------------------------------------------------------------ the router
@pytest.mark.parametrize(
    ("alias", "canonical"),
    [
        ("support", "support_enumeration"),
        ("support_enumeration", "support_enumeration"),
        ("vertex", "vertex_enumeration"),
        ("vertex_enumeration", "vertex_enumeration"),
        ("lh", "lemke_howson"),
        ("lemke_howson", "lemke_howson"),
    ],
)
def test_aliases_reach_the_canonical_method(alias: str, canonical: str) -> None:
    res = ms.solvers.nash_2p(ms.games.stag_hunt(), method=alias)
    assert res.method == canonical
    assert TWO_PLAYER_METHODS.canonical(alias) == canonical


def test_default_method_is_support_enumeration() -> None:
    assert ms.solvers.nash_2p(ms.games.stag_hunt()).method == "support_enumeration"


def test_unknown_method_lists_the_valid_names() -> None:
    with pytest.raises(ms.UnknownMethodError) as info:
        ms.solvers.nash_2p(ms.games.stag_hunt(), method="simplicial")
    text = str(info.value)
    assert "nash_2p" in text
    assert "'simplicial'" in text
    for name in ("support_enumeration", "vertex_enumeration", "lemke_howson", "'lh'"):
        assert name in text


def test_options_are_forwarded_and_recorded() -> None:
    res = ms.solvers.nash_2p(ms.games.stag_hunt(), method="lh", initial_label=3, max_iter=50)
    assert dict(res.parameters) == {"initial_label": 3, "tol": 1e-8, "max_iter": 50}
    with pytest.raises(ms.InvalidArgumentError, match="initial_label"):
        ms.solvers.nash_2p(ms.games.stag_hunt(), method="support", initial_label=0)


def test_needs_two_players() -> None:
    with pytest.raises(ms.GameShapeError, match="2-player"):
        ms.solvers.nash_2p(ms.games.volunteers_dilemma(3), method="vertex")


# ------------------------------------------------------------------ properties
def _solve_quietly(game: ms.NormalFormGame, method: str) -> ms.NashResult:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ms.DegenerateGameWarning)
        return ms.solvers.nash_2p(game, method=method)


@given(mst.nondegenerate_bimatrix_games(min_strategies=1, max_strategies=4))
def test_support_equals_vertex_on_nondegenerate_games_and_count_is_odd(
    game: ms.NormalFormGame,
) -> None:
    se = ms.solvers.support_enumeration(game)
    ve = ms.solvers.vertex_enumeration(game)
    assert se.degenerate is False
    assert ve.degenerate is False
    assert_same_equilibria(se, ve, atol=1e-9)
    assert len(se) % 2 == 1  # nondegenerate games have an odd number (Lemke and Howson 1964)
    assert se.max_regret <= 1e-8 * game.payoff_range


@given(mst.bimatrix_games(max_strategies=4, elements=mst.payoff_values(integers=True)))
def test_support_equals_vertex_on_games_with_ties(game: ms.NormalFormGame) -> None:
    """Both methods list every extreme equilibrium, degenerate games included."""
    se = _solve_quietly(game, "support")
    ve = _solve_quietly(game, "vertex")
    assert_same_equilibria(se, ve, atol=1e-9)
    assert se.degenerate == ve.degenerate == ms.solvers.is_degenerate(game)
    assert se.success
    assert len(se) >= 1  # Nash 1951


@given(mst.nondegenerate_bimatrix_games(min_strategies=2, max_strategies=4))
def test_agrees_with_nashpy_vertex_enumeration(game: ms.NormalFormGame) -> None:
    a, b = game.payoffs
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # nashpy warns on its own heuristics
        reported = [game.as_profile(list(eq)) for eq in nashpy.Game(a, b).vertex_enumeration()]
    # nashpy's own tolerance is looser: it may add near-equilibria (regret ~1e-6 on near ties)
    theirs = [eq for eq in reported if game.is_nash(eq)]
    assert_same_equilibria(ms.solvers.vertex_enumeration(game), theirs, atol=1e-7)


@pytest.mark.parametrize("method", ENUMERATION)
@given(game=mst.nondegenerate_bimatrix_games(max_strategies=4), data=st.data())
def test_transposing_the_game_swaps_the_equilibria(
    method: str, game: ms.NormalFormGame, data: st.DataObject
) -> None:
    swapped = game.permute(players=[1, 0])
    back = [game.as_profile(list(eq.probabilities[::-1])) for eq in _solve_quietly(swapped, method)]
    assert_same_equilibria(back, _solve_quietly(game, method), atol=1e-9)
    scale, shift = data.draw(mst.affine_rescalings(2))
    scaled = game.affine_transform(scale, shift)
    rescaled = [game.as_profile(list(eq)) for eq in _solve_quietly(scaled, method)]
    assert_same_equilibria(rescaled, _solve_quietly(game, method), atol=1e-9)
