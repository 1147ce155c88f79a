"""Lemke–Howson: every label, index +1 endpoints, nashpy agreement, degenerate games, limits."""

from __future__ import annotations

import warnings

import nashpy
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mediation_sim as ms
from mediation_sim.testing import assert_same_equilibria, assert_valid_nash_result
from mediation_sim.testing import strategies as mst

VON_STENGEL_3X2 = ms.NormalFormGame([[[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]]])


def _index(game: ms.NormalFormGame, eq: ms.MixedProfile) -> int:
    """Shapley's (1974) index of a nondegenerate equilibrium with supports I, J (|I| = |J| = k).

    With positive payoffs it is ``(-1)^(k+1) sign det A_IJ sign det B_IJ`` (von Stengel 2002,
    Handbook of Game Theory vol. 3, ch. 45, section 2.7); the indices of all equilibria sum to +1.
    """
    a, b = (u - u.min() + 1.0 for u in game.payoffs)
    rows = np.flatnonzero(eq.probabilities[0] > 0)
    cols = np.flatnonzero(eq.probabilities[1] > 0)
    k = rows.size
    det_a = np.linalg.det(a[np.ix_(rows, cols)])
    det_b = np.linalg.det(b[np.ix_(rows, cols)])
    return int((-1) ** (k + 1) * np.sign(det_a) * np.sign(det_b))


def test_von_stengel_example_every_label() -> None:
    """From the artificial equilibrium, LH reaches only the two equilibria of index +1."""
    ve = ms.solvers.vertex_enumeration(VON_STENGEL_3X2)
    assert [_index(VON_STENGEL_3X2, eq) for eq in ve] == [1, -1, 1]
    a, b = VON_STENGEL_3X2.payoffs
    for label in range(5):
        res = ms.solvers.lemke_howson(VON_STENGEL_3X2, initial_label=label)
        assert_valid_nash_result(res, VON_STENGEL_3X2)
        theirs = nashpy.Game(a, b).lemke_howson(initial_dropped_label=label)
        assert_same_equilibria(res, [VON_STENGEL_3X2.as_profile(list(theirs))], atol=1e-12)
    everything = ms.solvers.lemke_howson(VON_STENGEL_3X2, initial_label="all")
    assert_same_equilibria(everything, [ve[0], ve[2]], atol=1e-12)


@given(mst.nondegenerate_bimatrix_games(max_strategies=4), st.data())
def test_every_label_ends_at_an_index_plus_one_extreme_equilibrium(
    game: ms.NormalFormGame, data: st.DataObject
) -> None:
    ve = ms.solvers.vertex_enumeration(game)
    assert sum(_index(game, eq) for eq in ve) == 1  # the index theorem, a check of _index
    label = data.draw(st.integers(0, sum(game.shape) - 1))
    res = ms.solvers.lemke_howson(game, initial_label=label)
    assert res.success
    (eq,) = res
    matches = [e for e in ve if e.isclose(eq, atol=1e-9)]
    assert len(matches) == 1
    assert _index(game, matches[0]) == 1  # Shapley 1974


@given(mst.nondegenerate_bimatrix_games(min_strategies=2, max_strategies=4), st.data())
def test_agrees_with_nashpy_label_by_label(game: ms.NormalFormGame, data: st.DataObject) -> None:
    """The path from a label is unique in a nondegenerate game, so both must end in one place."""
    label = data.draw(st.integers(0, sum(game.shape) - 1))
    a, b = game.payoffs
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = nashpy.Game(a, b).lemke_howson(initial_dropped_label=label)
    ours = ms.solvers.lemke_howson(game, initial_label=label)
    assert_same_equilibria(ours, [game.as_profile(list(theirs))], atol=1e-7)


@given(mst.nondegenerate_bimatrix_games(max_strategies=4), st.data())
def test_endpoint_is_invariant_under_positive_affine_rescaling(
    game: ms.NormalFormGame, data: st.DataObject
) -> None:
    """The path only depends on best-response regions, which rescaling does not move."""
    label = data.draw(st.integers(0, sum(game.shape) - 1))
    scale, shift = data.draw(mst.affine_rescalings(2))
    ours = ms.solvers.lemke_howson(game, initial_label=label)
    scaled = ms.solvers.lemke_howson(game.affine_transform(scale, shift), initial_label=label)
    assert ours[0].isclose(scaled[0].probabilities, atol=1e-9)


@given(mst.bimatrix_games(max_strategies=4, elements=mst.payoff_values(integers=True)))
def test_degenerate_games_end_at_extreme_equilibria(game: ms.NormalFormGame) -> None:
    """The lexicographic ratio test keeps the path well defined when payoffs tie."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ms.DegenerateGameWarning)
        extreme = ms.solvers.vertex_enumeration(game)
    res = ms.solvers.lemke_howson(game, initial_label="all")
    assert_valid_nash_result(res, game)
    assert res.success
    for eq in res:
        assert any(eq.isclose(e, atol=1e-9) for e in extreme), eq


def test_all_collects_the_distinct_endpoints() -> None:
    game = ms.games.battle_of_the_sexes()
    per_label = [ms.solvers.lemke_howson(game, initial_label=k) for k in range(4)]
    everything = ms.solvers.lemke_howson(game, initial_label="all")
    assert_same_equilibria(everything, [r[0] for r in per_label], atol=1e-12)
    assert everything.n_iter == sum(r.n_iter or 0 for r in per_label)
    assert everything.message.startswith(f"Followed the path from every label ({everything.n_iter}")
    assert len(everything) == 2  # the two pure equilibria; the mixed one has index -1


def test_stops_at_max_iter_with_a_warning() -> None:
    with pytest.warns(ms.ConvergenceWarning, match=r"label\(s\) \[1\]"):
        res = ms.solvers.lemke_howson(VON_STENGEL_3X2, initial_label=1, max_iter=1)
    assert not res.success
    assert len(res) == 0
    assert res.n_iter == 1
    assert "stopped at max_iter=1" in res.message


@pytest.mark.parametrize("label", [-1, 5, 1.0, True, "first", None])
def test_rejects_a_bad_initial_label(label: object) -> None:
    with pytest.raises(ms.InvalidArgumentError, match=r"initial_label must be .* \[0, 5\)"):
        ms.solvers.lemke_howson(VON_STENGEL_3X2, initial_label=label)  # type: ignore[arg-type]


@pytest.mark.parametrize("max_iter", [0, -3, 2.5])
def test_rejects_a_bad_max_iter(max_iter: object) -> None:
    with pytest.raises(ms.InvalidArgumentError, match="max_iter"):
        ms.solvers.lemke_howson(VON_STENGEL_3X2, max_iter=max_iter)  # type: ignore[arg-type]
