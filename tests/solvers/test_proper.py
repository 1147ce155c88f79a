"""Proper equilibria (Myerson 1978): known answers and properties."""

from __future__ import annotations

import pickle
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mediation_sim as ms
from mediation_sim.testing import strategies as mst

SMALL_INTS = st.integers(0, 2).map(float)


def _myerson() -> ms.NormalFormGame:
    a = np.array([[1, 0, -9], [0, 0, -7], [-9, -7, -7]], dtype=float)
    return ms.NormalFormGame([a, a.T], strategies=[["T", "M", "B"], ["L", "M", "R"]])


def test_myerson_proper_is_a_strict_subset_of_perfect():
    g = _myerson()
    perfect = {tuple(eq.pure_labels.values()) for eq in ms.solvers.perfect_equilibria(g)}
    proper = ms.solvers.proper_equilibria(g)
    assert perfect == {("T", "L"), ("M", "M")}
    assert {tuple(eq.pure_labels.values()) for eq in proper} == {("T", "L")}
    assert proper.complete
    by_profile = {
        tuple(c.profile.pure_labels.values()): c for c in proper.checks if c.profile.is_pure
    }
    assert by_profile["M", "M"].method == "order_argument"
    assert by_profile["M", "M"].perfection.perfect
    assert by_profile["B", "R"].method == "not_perfect"
    certified = by_profile["T", "L"]
    assert certified.method == "lexicographic"
    # row's costlier mistake (B: -9 against L) trembles at a higher order than M (0)
    assert certified.orders["p1"]["B"] > certified.orders["p1"]["M"] > certified.orders["p1"]["T"]


def test_three_player_order_argument():
    # Player 0 ties a and b at the pure profile (b, x, x); each opponent's only mistake
    # is y, and against either y, a beats b: not proper (nor perfect: a weakly dominates b)
    u = np.zeros((3, 2, 2, 2))
    u[0, 0] = [[0.0, 1.0], [1.0, 1.0]]
    g = ms.NormalFormGame(u, strategies=[["a", "b"], ["x", "y"], ["x", "y"]])
    check = ms.solvers.properness(g, ["b", "x", "x"], rng=0)
    assert check.status == "not_proper"
    assert ms.solvers.is_proper(g, ["a", "x", "x"], rng=0)


def test_strict_equilibria_and_completely_mixed_ones_are_proper():
    assert ms.solvers.is_proper(ms.games.prisoners_dilemma(), [1, 1])
    pennies = ms.games.matching_pennies()
    assert ms.solvers.is_proper(pennies, [[0.5, 0.5], [0.5, 0.5]])


def test_checks_round_trip():
    res = ms.solvers.proper_equilibria(_myerson())
    assert pickle.loads(pickle.dumps(res)).to_dict() == res.to_dict()
    assert res.to_dict()["n_nash"] == res.n_nash
    assert "proper" in repr(res)
    assert "<table>" in res._repr_html_()
    assert "PropernessCheck(" in repr(res.checks[0])


def test_bad_options_are_refused():
    with pytest.raises(ms.MediationSimError, match="epsilons"):
        ms.solvers.properness(_myerson(), ["T", "L"], epsilons=(1e-3, 1e-2))
    with pytest.raises(ms.MediationSimError, match="NormalFormGame"):
        ms.solvers.proper_equilibria(np.zeros((2, 2, 2)))  # type: ignore[arg-type]


@settings(max_examples=25)
@given(mst.normal_form_games(n_players=st.integers(2, 3), max_strategies=2, elements=SMALL_INTS))
def test_every_proper_equilibrium_is_perfect_and_nash(game):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = ms.solvers.proper_equilibria(game, rng=0)
    for eq, check in zip(res, [c for c in res.checks if c.proper], strict=True):
        assert game.is_nash(eq)
        assert check.perfection.status != "not_perfect"


@given(mst.nondegenerate_bimatrix_games(max_strategies=3))
def test_pure_equilibria_of_generic_games_are_proper(game):
    res = ms.solvers.proper_equilibria(game)
    for check in res.checks:
        if check.profile.is_pure:
            assert check.proper
