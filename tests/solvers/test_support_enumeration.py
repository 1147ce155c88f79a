"""Support enumeration: the result, the degenerate path, chunking, singular systems, limits."""

from __future__ import annotations

import importlib
import itertools
import warnings

import numpy as np
import pytest
from hypothesis import given

import mediation_sim as ms
from mediation_sim.solvers import _polytope
from mediation_sim.testing import assert_same_equilibria, assert_valid_nash_result
from mediation_sim.testing import strategies as mst

# the package re-exports the function under the module's name
se_module = importlib.import_module("mediation_sim.solvers._support_enumeration")

VON_STENGEL_3X2 = ms.NormalFormGame([[[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]]])


def test_result_describes_the_run() -> None:
    res = ms.solvers.support_enumeration(VON_STENGEL_3X2, tol=1e-9)
    assert res.method == "support_enumeration"
    assert dict(res.parameters) == {"tol": 1e-9}
    # comb(3, 1) * comb(2, 1) + comb(3, 2) * comb(2, 2) = 6 + 3 support pairs. Dominance prunes
    # all but 3: of the pure pairs only the pure equilibrium (top, left) has both strategies
    # undominated, and on the rows {top, bottom} the column `left` beats `right` (3 > 2, 3 > 1).
    assert res.message.startswith("Solved 3 of the 9 support pairs of equal size")
    assert res.degenerate is False
    assert res.n_rejected == 0
    assert repr(res).endswith("success=True, degenerate=False)")
    # pure first, then by support size and decreasing probability vectors
    flat = [np.concatenate(eq.probabilities) for eq in res]
    expected = [[1, 0, 0, 1, 0], [0.8, 0.2, 0, 2 / 3, 1 / 3], [0, 1 / 3, 2 / 3, 1 / 3, 2 / 3]]
    np.testing.assert_allclose(flat, expected, atol=1e-12)


def test_degenerate_game_warns_and_reports() -> None:
    game = ms.NormalFormGame([[[3, 3], [2, 5], [0, 6]], [[3, 3], [2, 6], [3, 1]]])
    with pytest.warns(ms.DegenerateGameWarning, match="support_enumeration"):
        res = ms.solvers.support_enumeration(game)
    assert res.degenerate is True
    assert res.message.startswith("Degenerate game: solved every square subsystem")
    assert_valid_nash_result(res, game)
    # the component {(1,0,0)} x {y : y_1 >= 2/3} is listed by its two endpoints
    top = [eq for eq in res if eq.probabilities[0][0] == 1.0]
    assert sorted(round(eq.probabilities[1][0], 12) for eq in top) == [round(2 / 3, 12), 1.0]


def test_identical_strategies_make_singular_systems_that_are_skipped() -> None:
    """Duplicated rows and columns make LAPACK refuse the batch; the game is still solved."""
    a = np.array([[4.0, 4.0, 0.0], [4.0, 4.0, 0.0], [0.0, 0.0, 3.0]])
    game = ms.NormalFormGame([a, a])  # a coordination game with a duplicated strategy
    with pytest.warns(ms.DegenerateGameWarning):
        res = ms.solvers.support_enumeration(game)
    with pytest.warns(ms.DegenerateGameWarning):
        assert_same_equilibria(res, ms.solvers.vertex_enumeration(game), atol=1e-9)
    # every pure profile of the duplicated 2x2 block is an equilibrium, and so is (2, 2)
    assert set(res.pure_profiles()) == {(0, 0), (0, 1), (1, 0), (1, 1), (2, 2)}


def test_small_chunks_give_the_same_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(7)
    game = ms.NormalFormGame(rng.uniform(-1, 1, size=(2, 5, 5)))
    expected = ms.solvers.support_enumeration(game)
    monkeypatch.setattr(se_module, "CHUNK_ENTRIES", 40)
    monkeypatch.setattr(_polytope, "CHUNK_ENTRIES", 40)
    assert_same_equilibria(ms.solvers.support_enumeration(game), expected, atol=1e-12)
    tied = ms.NormalFormGame(np.round(rng.uniform(0, 2, size=(2, 4, 4))))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ms.DegenerateGameWarning)
        small = ms.solvers.support_enumeration(tied)
        monkeypatch.undo()
        assert_same_equilibria(small, ms.solvers.support_enumeration(tied), atol=1e-12)


def test_refuses_games_with_too_many_support_pairs() -> None:
    game = ms.NormalFormGame(np.zeros((2, 15, 15)))  # comb(30, 15) = 155,117,520 pairs
    with pytest.raises(ms.GameTooLargeError, match=r"155,117,520 support pairs"):
        ms.solvers.support_enumeration(game)


@pytest.mark.parametrize("tol", [-1.0, float("nan"), "small"])
def test_rejects_a_bad_tolerance(tol: object) -> None:
    with pytest.raises(ms.InvalidArgumentError, match="tol"):
        ms.solvers.support_enumeration(VON_STENGEL_3X2, tol=tol)  # type: ignore[arg-type]


def _brute_force_equal_supports(game: ms.NormalFormGame) -> list[ms.MixedProfile]:
    """Textbook support enumeration, one support pair at a time (von Stengel 2007, Alg. 3.4)."""
    a, b = game.payoffs
    m, n = game.shape
    found = []
    for k in range(1, min(m, n) + 1):
        for rows in itertools.combinations(range(m), k):
            for cols in itertools.combinations(range(n), k):
                # x on rows makes the column player indifferent on cols, and y vice versa
                mx = np.vstack([b[np.ix_(rows, cols)].T, np.ones(k)])
                mx = np.hstack([mx, np.r_[-np.ones(k), 0.0][:, None]])
                my = np.vstack([a[np.ix_(rows, cols)], np.ones(k)])
                my = np.hstack([my, np.r_[-np.ones(k), 0.0][:, None]])
                rhs = np.r_[np.zeros(k), 1.0]
                sx = np.linalg.lstsq(mx, rhs, rcond=None)[0]  # (x_rows, column's value)
                sy = np.linalg.lstsq(my, rhs, rcond=None)[0]  # (y_cols, row's value)
                x = np.zeros(m)
                y = np.zeros(n)
                x[list(rows)] = sx[:k]
                y[list(cols)] = sy[:k]
                if x.min() < -1e-12 or y.min() < -1e-12:
                    continue
                x = np.clip(x, 0, None)
                y = np.clip(y, 0, None)
                if not (np.isclose(x.sum(), 1) and np.isclose(y.sum(), 1)):
                    continue
                x /= x.sum()
                y /= y.sum()
                if game.is_nash([x, y]):
                    found.append(game.as_profile([x, y]))
    return found


@given(mst.nondegenerate_bimatrix_games(max_strategies=4))
def test_equals_one_pair_at_a_time_support_enumeration(game: ms.NormalFormGame) -> None:
    assert_same_equilibria(
        ms.solvers.support_enumeration(game), _brute_force_equal_supports(game), atol=1e-7
    )


@given(mst.bimatrix_games(min_strategies=1, max_strategies=4))
def test_every_equilibrium_is_verified(game: ms.NormalFormGame) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ms.DegenerateGameWarning)
        res = ms.solvers.support_enumeration(game)
    assert_valid_nash_result(res, game)
    assert res.success
    assert res.degenerate == ms.solvers.is_degenerate(game)
