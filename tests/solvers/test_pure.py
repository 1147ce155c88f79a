"""Pure-strategy equilibria: known answers, brute force, batches, invariances."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mediation_sim as ms
from mediation_sim.testing import NashSolverContract, assert_valid_nash_result
from mediation_sim.testing import strategies as mst

KNOWN = [
    (ms.games.prisoners_dilemma, [(1, 1)]),
    (ms.games.battle_of_the_sexes, [(0, 0), (1, 1)]),
    (ms.games.chicken, [(0, 1), (1, 0)]),
    (ms.games.stag_hunt, [(0, 0), (1, 1)]),
    (ms.games.matching_pennies, []),
    (ms.games.rock_paper_scissors, []),
    # volunteer's dilemma: exactly one volunteer (Diekmann 1985)
    (lambda: ms.games.volunteers_dilemma(3), [(0, 1, 1), (1, 0, 1), (1, 1, 0)]),
]


@pytest.mark.parametrize(("make", "expected"), KNOWN)
def test_known_pure_equilibria(make, expected):
    game = make()
    res = ms.solvers.pure_nash(game)
    assert res.pure_profiles() == expected
    assert res.success
    assert_valid_nash_result(res, game)


def test_result_records_parameters_and_describes_itself():
    res = ms.solvers.pure_nash(ms.games.chicken(), tol=1e-6)
    assert res.method == "pure_nash"
    assert dict(res.parameters) == {"tol": 1e-6}
    assert "Searched all 4 pure profiles" in res.message
    assert repr(res) == "NashResult(method='pure_nash', 2 equilibria, max_regret=0, success=True)"
    assert res.to_dict()["equilibria"][0]["strategies"]["row"] == {"dare": 1.0, "chicken": 0.0}
    assert "<table>" in res._repr_html_()
    with pytest.raises(AttributeError):
        res.method = "other"  # type: ignore[misc]


def _brute_force(game: ms.NormalFormGame) -> list[tuple[int, ...]]:
    return [p for p in itertools.product(*map(range, game.shape)) if game.is_nash(p)]


@given(
    mst.normal_form_games(n_players=st.integers(1, 4), elements=mst.payoff_values(integers=True))
)
def test_pure_nash_equals_brute_force_is_nash(game):
    """Integer payoffs make ties common: exactly the profiles the oracle accepts."""
    assert ms.solvers.pure_nash(game).pure_profiles() == _brute_force(game)


@given(mst.games_with_pure_equilibrium())
def test_planted_equilibrium_is_found(case):
    game, planted = case
    assert planted in ms.solvers.pure_nash(game).pure_profiles()


@given(st.data())
def test_batched_mask_equals_per_game_mask(data):
    n = data.draw(st.integers(1, 3))
    shape = tuple(data.draw(st.integers(1, 3)) for _ in range(n))
    batch = data.draw(st.lists(mst.normal_form_games(shape=shape), min_size=1, max_size=4))
    stacked = np.stack([g.payoffs for g in batch])
    if len(batch) % 2 == 0:  # exercise two batch axes
        stacked = stacked.reshape(2, -1, n, *shape)
    mask = ms.solvers.pure_nash_mask(stacked, n_players=n)
    flat = mask.reshape(-1, *shape)
    for g, m in zip(batch, flat, strict=True):
        np.testing.assert_array_equal(m, ms.solvers.pure_nash_mask(g.payoffs))


def test_batches_spanning_many_chunks_and_long_strategy_axes(monkeypatch):
    # The kernel works through a batch in cache-sized chunks and maximises short
    # strategy axes by slices, long ones by reduction: with tiny chunks and a
    # game whose axes straddle the slice limit, every game's mask must still be
    # the brute-force set of profiles with regret within tol.
    from mediation_sim.solvers import pure

    monkeypatch.setattr(pure, "_CHUNK_ENTRIES", 100)
    rng = np.random.default_rng(7)
    shape = (2, pure._SLICE_MAX + 3, 3)
    payoffs = rng.integers(0, 4, size=(9, 3, *shape)).astype(float)  # ties common
    mask = ms.solvers.pure_nash_mask(payoffs, n_players=3)
    regrets, scale = pure.profile_regrets(payoffs, 3)
    for k in range(payoffs.shape[0]):
        game = ms.NormalFormGame(payoffs[k])
        expected = np.zeros(shape, dtype=bool)
        for prof in np.ndindex(*shape):
            expected[prof] = game.is_nash(prof)
            assert regrets[(k, *prof)] == pytest.approx(game.regret(prof), abs=1e-12)
        np.testing.assert_array_equal(mask[k], expected)
        assert scale[k] == game.payoff_range
    payoffs[7, 1, 0, 5, 2] = np.inf  # a non-finite payoff in a later chunk is found too
    with pytest.raises(ms.InvalidPayoffError, match="finite"):
        ms.solvers.pure_nash_mask(payoffs, n_players=3)


@given(st.data())
def test_pure_equilibria_invariant_under_rescaling_and_permutation(data):
    game = data.draw(mst.normal_form_games(elements=mst.payoff_values(integers=True)))
    scale, shift = data.draw(mst.affine_rescalings(game.n_players))
    found = set(ms.solvers.pure_nash(game).pure_profiles())
    assert set(ms.solvers.pure_nash(game.affine_transform(scale, shift)).pure_profiles()) == found
    players, strategies = data.draw(mst.game_permutations(game))
    permuted = game.permute(players=players, strategies=strategies)
    back = set()
    for prof in ms.solvers.pure_nash(permuted).pure_profiles():
        original = [0] * game.n_players
        for new_i, old_i in enumerate(players):
            original[old_i] = strategies[old_i][prof[new_i]]
        back.add(tuple(original))
    assert back == found


def test_mask_accepts_a_game_and_validates_shapes():
    g = ms.games.prisoners_dilemma()
    np.testing.assert_array_equal(ms.solvers.pure_nash_mask(g), [[False, False], [False, True]])
    with pytest.raises(ms.GameShapeError, match="Pass n_players= for a batch"):
        ms.solvers.pure_nash_mask(np.zeros((4, 2, 2, 2)))
    with pytest.raises(ms.GameShapeError, match="with n_players=3"):
        ms.solvers.pure_nash_mask(np.zeros((4, 2, 2, 2)), n_players=3)
    with pytest.raises(ms.InvalidPayoffError, match="finite"):
        ms.solvers.pure_nash_mask(np.full((2, 2, 2), np.nan))
    with pytest.raises(ms.InvalidPayoffError, match="real numbers"):
        ms.solvers.pure_nash_mask(np.full((2, 2, 2), "x"))
    with pytest.raises(ms.InvalidArgumentError, match="n_players must be an integer"):
        ms.solvers.pure_nash_mask(np.zeros((2, 2, 2)), n_players=0)


def test_tolerance_is_relative_to_each_games_payoff_range():
    # at (1, 0) row gives up 1e-7 on a payoff range of 1000: a relative regret of 1e-10
    base = np.array([[[1000.0, 0.0], [1000.0 - 1e-7, 0.0]], [[1.0, 0.0], [1.0, 0.0]]])
    mask_strict = ms.solvers.pure_nash_mask(base, tol=0.0)
    mask_loose = ms.solvers.pure_nash_mask(base, tol=1e-9)
    assert not mask_strict[1, 0]
    assert mask_loose[1, 0]
    scaled = base * 1e-3
    np.testing.assert_array_equal(ms.solvers.pure_nash_mask(scaled, tol=1e-9), mask_loose)


def test_rejects_non_games_and_bad_tol():
    with pytest.raises(
        ms.InvalidArgumentError, match=r"game must be a mediation_sim\.NormalFormGame"
    ):
        ms.solvers.pure_nash(np.zeros((2, 2, 2)))  # type: ignore[arg-type]
    with pytest.raises(ms.InvalidArgumentError, match="tol"):
        ms.solvers.pure_nash(ms.games.chicken(), tol=float("nan"))
    with pytest.raises(ms.InvalidArgumentError, match="unexpected keyword"):
        ms.solvers.pure_nash(ms.games.chicken(), epsilon=1e-3)  # type: ignore[call-arg]


class TestPureNashContract(NashSolverContract):
    solver = staticmethod(ms.solvers.pure_nash)
    finds_all = True

    def test_known_answers(self) -> None:
        """Pure enumeration finds no equilibrium in matching pennies, (D, D) in the PD."""
        assert len(ms.solvers.pure_nash(ms.games.matching_pennies())) == 0
        assert ms.solvers.pure_nash(ms.games.prisoners_dilemma()).pure_profiles() == [(1, 1)]

    def test_invariant_under_rescaling(self) -> None:
        """Covered with exact integer payoffs above (float rescaling can break exact ties)."""
        test_pure_equilibria_invariant_under_rescaling_and_permutation()

    def test_commutes_with_permutation(self) -> None:
        """Covered with exact integer payoffs above."""
        test_pure_equilibria_invariant_under_rescaling_and_permutation()


def test_results_pickle_for_process_pools():
    import pickle

    g = ms.games.battle_of_the_sexes()
    res = ms.solvers.pure_nash(g)
    again = pickle.loads(pickle.dumps(res))
    assert again.pure_profiles() == res.pure_profiles()
    assert dict(again.parameters) == dict(res.parameters)
    assert again.game == g
    assert not again[0].probabilities[0].flags.writeable
    elim = pickle.loads(pickle.dumps(ms.solvers.iterated_elimination(ms.games.prisoners_dilemma())))
    assert elim.kept == ((1,), (1,))
