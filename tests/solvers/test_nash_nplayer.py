"""N-player Nash solvers: known answers, agreement between methods, the router's presolve."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import mediation_sim as ms
from mediation_sim.testing import assert_is_equilibrium, assert_valid_nash_result
from mediation_sim.testing import strategies as mst

METHODS = ["logit", "tracing"]


def jordan_game() -> ms.NormalFormGame:
    """Jordan (1993), three-player matching pennies.

    Player 1 wants to match player 2, player 2 to match player 3, player 3 to
    mismatch player 1. The unique equilibrium has everyone mixing 1/2-1/2
    (Jordan 1993, section 3), and fictitious play does not converge to it.
    """
    payoffs = np.zeros((3, 2, 2, 2))
    for a in itertools.product(range(2), repeat=3):
        payoffs[(0, *a)] = 1.0 if a[0] == a[1] else -1.0
        payoffs[(1, *a)] = 1.0 if a[1] == a[2] else -1.0
        payoffs[(2, *a)] = 1.0 if a[2] != a[0] else -1.0
    return ms.NormalFormGame(payoffs, title="Jordan's game")


@dataclass(frozen=True)
class Case:
    make: object
    expected: list[list[float]]
    presolve: bool = False


KNOWN = [
    # Diekmann (1985): each player waits with probability (c/b)^(1/(n-1)), b=2, c=1
    *(
        pytest.param(
            Case(lambda n=n: ms.games.volunteers_dilemma(n), [[1 - q, q]] * n),
            id=f"{{method}}-volunteers_dilemma_{n}-symmetric_mixed",
        )
        for n, q in ((3, 0.5**0.5), (4, 0.5 ** (1 / 3)), (5, 0.5**0.25))
    ),
    # Jordan (1993): unique equilibrium, totally mixed
    pytest.param(Case(jordan_game, [[0.5, 0.5]] * 3), id="{method}-jordan_1993-uniform"),
    pytest.param(
        Case(jordan_game, [[0.5, 0.5]] * 3, presolve=True), id="{method}-jordan_1993-presolve"
    ),
    # Shapley (1964) and rock-paper-scissors: unique equilibrium, uniform
    pytest.param(Case(ms.games.shapley_game, [[1 / 3] * 3] * 2), id="{method}-shapley_1964"),
    pytest.param(Case(ms.games.rock_paper_scissors, [[1 / 3] * 3] * 2), id="{method}-rps"),
    # Prisoner's dilemma: dominance, settled by the presolve or by the path
    pytest.param(Case(ms.games.prisoners_dilemma, [[0, 1], [0, 1]]), id="{method}-pd"),
    pytest.param(
        Case(ms.games.prisoners_dilemma, [[0, 1], [0, 1]], presolve=True), id="{method}-pd-presolve"
    ),
]


def _expand(cases):
    out = []
    for method in METHODS:
        for p in cases:
            out.append(pytest.param(method, *p.values, id=p.id.format(method=method)))
    return out


@pytest.mark.parametrize(("method", "case"), _expand(KNOWN))
def test_known_equilibria(method, case):
    game = case.make()
    res = ms.solvers.nash(game, method=method, presolve=case.presolve)
    assert_valid_nash_result(res, game)
    assert res.success
    assert len(res) == 1
    assert res[0].isclose([np.array(v) for v in case.expected], atol=1e-9)
    assert res.max_regret <= 1e-12 * game.payoff_range + 1e-15


def test_stag_hunt_tracing_selects_the_risk_dominant_equilibrium():
    """Harsanyi & Selten (1988): from uniform priors, (hare, hare) is selected in the stag hunt."""
    game = ms.games.stag_hunt()
    res = ms.solvers.nash(game, method="tracing", presolve=False)
    assert res[0].pure_labels == {"row": "hare", "column": "hare"}


@given(
    mst.normal_form_games(n_players=3, min_strategies=2, max_strategies=3),
    st.sampled_from(METHODS),
)
def test_every_returned_profile_is_an_equilibrium_of_random_three_player_games(game, method):
    res = ms.solvers.nash(game, method=method, presolve=False)
    assert res.success, res.message
    for eq in res:
        assert_is_equilibrium(game, eq, tol=1e-8)


@given(mst.nondegenerate_bimatrix_games(max_strategies=3))
def test_methods_agree_with_support_enumeration_on_two_player_games(game):
    """Every equilibrium found is one of the (complete) support-enumeration set."""
    everything = ms.solvers.nash_2p(game, method="support_enumeration")
    flat_all = [np.concatenate(eq.probabilities) for eq in everything]
    for method in METHODS:
        res = ms.solvers.nash(game, method=method, presolve=False)
        assert res.success
        for eq in res:
            flat = np.concatenate(eq.probabilities)
            assert min(np.abs(flat - f).max() for f in flat_all) < 1e-7
    if len(flat_all) == 1:  # a unique equilibrium: both methods must find it
        logit = ms.solvers.logit_nash(game)[0]
        tracing = ms.solvers.tracing_nash(game)[0]
        assert logit.isclose(tracing, atol=1e-8)


@given(mst.normal_form_games(n_players=3, min_strategies=2, max_strategies=2), st.integers(0, 3))
def test_several_equilibria_are_distinct_and_reproducible(game, seed):
    res = ms.solvers.nash(game, presolve=False, n_equilibria=3, max_starts=5, rng=seed)
    again = ms.solvers.nash(game, presolve=False, n_equilibria=3, max_starts=5, rng=seed)
    assert len(res) == len(again)
    for a, b in zip(res, again, strict=True):
        assert a.isclose(b, atol=1e-12)
    flats = [np.concatenate(eq.probabilities) for eq in res]
    for a, b in itertools.combinations(flats, 2):
        assert np.abs(a - b).max() > 1e-7
    assert 1 <= len(res) <= 3


def test_multiple_starts_find_every_equilibrium_of_the_volunteers_dilemma():
    """Three pure equilibria (one volunteer) and the symmetric mixed one (Diekmann 1985)."""
    game = ms.games.volunteers_dilemma(3)
    for method in METHODS:
        res = ms.solvers.nash(game, method=method, presolve=False, n_equilibria=4, rng=1)
        assert len(res) == 4
        assert sorted(res.pure_profiles()) == [(0, 1, 1), (1, 0, 1), (1, 1, 0)]


def test_presolve_uses_dominance_and_pure_equilibria_first():
    game = ms.games.prisoners_dilemma()
    res = ms.solvers.nash(game)
    assert "presolve removed 2 dominated strategies" in res.message
    assert "settled by the presolve" in res.message
    assert res.n_iter == 0
    game = ms.games.volunteers_dilemma(3)
    res = ms.solvers.nash(game, n_equilibria=2)
    assert res.pure_profiles() == [(0, 1, 1), (1, 0, 1)]  # lexicographic, truncated to 2
    assert dict(res.parameters) == {
        "method": "logit",
        "tol": 1e-8,
        "n_equilibria": 2,
        "presolve": True,
        "init": False,
    }


def test_presolve_then_the_method_for_the_missing_equilibria():
    """Matching pennies has no pure equilibrium: the method supplies the mixed one."""
    game = ms.games.matching_pennies()
    res = ms.solvers.nash(game, method="tracing")
    assert res.method == "tracing"
    assert res[0].isclose([[0.5, 0.5], [0.5, 0.5]], atol=1e-12)
    assert res.n_iter is not None
    assert res.n_iter > 0


def test_dominance_reduction_is_lifted_back_to_the_full_game():
    """A strictly dominated third row is removed; the mixed equilibrium is reported in 3x2."""
    a = np.array([[1.0, -1.0], [-1.0, 1.0], [-2.0, -2.0]])
    game = ms.NormalFormGame([a, -a])
    res = ms.solvers.nash(game)
    assert res[0].isclose([[0.5, 0.5, 0.0], [0.5, 0.5]], atol=1e-12)
    assert res[0].game is game


def test_two_player_methods_are_routed_to_nash_2p():
    game = ms.games.battle_of_the_sexes()
    res = ms.solvers.nash(game, method="support")
    assert res.method == "support_enumeration"
    assert len(res) == 3
    res = ms.solvers.nash(game, method="lh")
    assert res.method == "lemke_howson"
    with pytest.raises(ms.GameShapeError, match="needs a 2-player game"):
        ms.solvers.nash(ms.games.volunteers_dilemma(3), method="vertex")


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"method": "simplex"}, ms.UnknownMethodError, "valid methods: 'logit', 'tracing'"),
        ({"n_equilibria": 0}, ms.InvalidArgumentError, "n_equilibria"),
        ({"presolve": "yes"}, ms.InvalidArgumentError, "presolve"),
        ({"tol": -1.0}, ms.InvalidArgumentError, "tol"),
        ({"max_iter": 0}, ms.InvalidArgumentError, "max_iter"),
        ({"max_starts": 0}, ms.InvalidArgumentError, "max_starts"),
        ({"rng": "seed"}, ms.InvalidArgumentError, "rng"),
        ({"colour": "red"}, ms.InvalidArgumentError, "colour"),
    ],
)
def test_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        ms.solvers.nash(ms.games.matching_pennies(), **{"presolve": False, **kwargs})


def test_a_path_cut_short_reports_failure_instead_of_an_unverified_profile():
    game = jordan_game()
    res = ms.solvers.logit_nash(game, max_iter=1)
    assert not res.success or res.max_regret <= 1e-8 * game.payoff_range
    assert all(game.is_nash(eq) for eq in res)


@given(mst.normal_form_games(n_players=st.integers(1, 3), max_strategies=3))
def test_router_always_returns_verified_equilibria_including_trivial_games(game):
    """Games with one player, one strategy, constant payoffs: the router still verifies."""
    assume(game.n_profiles <= 27)
    res = ms.solvers.nash(game)
    assert res.success
    for eq in res:
        assert_is_equilibrium(game, eq)
