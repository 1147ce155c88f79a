"""is_degenerate: known games, an independent LP oracle, invariances, argument checks."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.optimize import linprog

import mediation_sim as ms
from mediation_sim.solvers import is_degenerate
from mediation_sim.testing import strategies as mst

VS_A = [[3, 3], [2, 5], [0, 6]]

KNOWN = [
    pytest.param([VS_A, [[3, 2], [2, 6], [3, 1]]], False, id="von_stengel_2007_3x2"),
    # von Stengel 2007, section 3.6: the top row has two best responses
    pytest.param([VS_A, [[3, 3], [2, 6], [3, 1]]], True, id="von_stengel_2007_3x2_degenerate"),
    pytest.param(ms.games.matching_pennies().payoffs, False, id="matching_pennies"),
    pytest.param(ms.games.prisoners_dilemma().payoffs, False, id="prisoners_dilemma"),
    pytest.param(ms.games.battle_of_the_sexes().payoffs, False, id="battle_of_the_sexes"),
    pytest.param(np.zeros((2, 2, 2)), True, id="constant_game"),
    pytest.param([[[1, 0], [0, 1]], [[2, 0], [0, 2]]], False, id="coordination"),
    # every pure strategy has a unique best response, but the row player's mixture (1/2, 1/2)
    # has three: only the polytope test (not the pure-tie shortcut) can see it
    pytest.param(
        [[[3, 0, 1], [0, 3, 2]], [[1, 0, 0.5], [0, 1, 0.5]]], True, id="mixed_strategy_with_3_brs"
    ),
]


@pytest.mark.parametrize(("payoffs", "expected"), KNOWN)
def test_known_games(payoffs: object, expected: bool) -> None:
    assert is_degenerate(ms.NormalFormGame(payoffs)) is expected


def _has_too_many_best_responses(own: np.ndarray, other: np.ndarray) -> bool:
    """LP oracle: does some mixed strategy of support k (player with payoffs ``other`` mixing)
    have k + 1 pure best responses for the player with payoffs ``own``?

    ``own[i, j]``: the responder's payoff for response ``i`` against pure strategy ``j`` of the
    mixing player. For each support ``S`` and set ``R`` of ``|S| + 1`` responses, maximise ``t``
    subject to ``p_j >= t`` on ``S``, ``p = 0`` off ``S``, ``sum p = 1``, ``own[R] p = v`` and
    ``own p <= v``. Degenerate when some optimum has ``t > 0``.
    """
    n_resp, n_mix = own.shape
    for k in range(1, n_mix + 1):
        for support in itertools.combinations(range(n_mix), k):
            for responses in itertools.combinations(range(n_resp), k + 1):
                # variables: p (n_mix), v, t ; maximise t
                c = np.zeros(n_mix + 2)
                c[-1] = -1.0
                a_eq = [np.r_[np.ones(n_mix), 0.0, 0.0]]
                b_eq = [1.0]
                for r in responses:
                    a_eq.append(np.r_[own[r], -1.0, 0.0])
                    b_eq.append(0.0)
                for j in range(n_mix):
                    if j not in support:
                        a_eq.append(np.r_[np.eye(n_mix)[j], 0.0, 0.0])
                        b_eq.append(0.0)
                a_ub = [np.r_[own[r], -1.0, 0.0] for r in range(n_resp)]
                b_ub = [0.0] * n_resp
                for j in support:
                    a_ub.append(np.r_[-np.eye(n_mix)[j], 0.0, 1.0])
                    b_ub.append(0.0)
                bounds = [(0, 1)] * n_mix + [(None, None), (None, 1)]
                res = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=bounds)
                if res.status == 0 and -res.fun > 1e-9:
                    return True
    return False


@given(
    mst.bimatrix_games(
        min_strategies=1,
        max_strategies=3,
        elements=mst.payoff_values(min_value=-2, max_value=2, integers=True),
    )
)
def test_agrees_with_a_linear_programming_oracle(game: ms.NormalFormGame) -> None:
    a, b = game.payoffs
    # row player's mixtures against the column player's responses, and vice versa
    oracle = _has_too_many_best_responses(b.T, a.T) or _has_too_many_best_responses(a, b)
    assert is_degenerate(game) is oracle


@given(mst.bimatrix_games(max_strategies=4, elements=mst.payoff_values(integers=True)), st.data())
def test_invariant_under_rescaling_and_relabelling(
    game: ms.NormalFormGame, data: st.DataObject
) -> None:
    expected = is_degenerate(game)
    scale, shift = data.draw(mst.affine_rescalings(2))
    assert is_degenerate(game.affine_transform(scale, shift)) is expected
    players, strategies = data.draw(mst.game_permutations(game))
    assert is_degenerate(game.permute(players=players, strategies=strategies)) is expected


@given(mst.nondegenerate_bimatrix_games(min_strategies=1, max_strategies=5))
def test_generic_payoffs_are_nondegenerate(game: ms.NormalFormGame) -> None:
    """The testing strategy rejects degenerate draws with this very function; check its claim."""
    assert not is_degenerate(game)
    assert ms.solvers.vertex_enumeration(game).degenerate is False


def test_a_near_tie_counts_within_tol() -> None:
    game = ms.NormalFormGame([[[1.0, 0.0], [0.0, 1.0]], [[1.0, 1.0 + 1e-10], [0.0, 1.0]]])
    assert is_degenerate(game)  # tied within tol times the column player's range
    assert not is_degenerate(game, tol=1e-13)


def test_argument_checks() -> None:
    with pytest.raises(ms.GameShapeError, match="2-player"):
        is_degenerate(ms.games.volunteers_dilemma(3))
    with pytest.raises(ms.InvalidArgumentError, match="game"):
        is_degenerate(np.zeros((2, 2, 2)))  # type: ignore[arg-type]
    with pytest.raises(ms.InvalidArgumentError, match="tol"):
        is_degenerate(ms.games.matching_pennies(), tol=-1.0)
