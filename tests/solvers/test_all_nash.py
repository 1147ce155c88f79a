"""all_nash: every equilibrium of small games, certified, with known answers and oracles."""

from __future__ import annotations

import importlib
import json
import pickle
import warnings
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mediation_sim as ms
from mediation_sim._errors import DegenerateGameWarning, GameTooLargeError, InvalidArgumentError

DATA = json.loads(
    (Path(__file__).parent.parent / "data" / "nplayer_gambit_equilibria.json").read_text()
)


def _gambit_order(outcomes: list[list[float]], shape: tuple[int, ...]) -> ms.NormalFormGame:
    """A game from outcome rows listed Gambit-style (first player's strategy varies fastest)."""
    rows = np.array(outcomes, dtype=float)
    return ms.NormalFormGame(
        np.stack([rows[:, i].reshape(shape, order="F") for i in range(len(shape))])
    )


#: McKelvey and McLennan's 2x2x2 game (Gambit contrib/games/2x2x2.nfg): nine equilibria.
MCKELVEY_MCLENNAN = [
    [9, 8, 12], [0, 0, 0], [0, 0, 0], [9, 8, 2],
    [0, 0, 0], [3, 4, 6], [3, 4, 6], [0, 0, 0],
]  # fmt: skip
#: Nau's 2x2x2 game (Gambit contrib/games/2x2x2-nau.nfg): 3 pure, 2 partly mixed, a continuum.
NAU = [
    [0, 0, 2], [3, 0, 0], [0, 3, 0], [0, 0, 0],
    [1, 1, 0], [0, 0, 0], [0, 0, 0], [0, 0, 3],
]  # fmt: skip


def _flats(result) -> np.ndarray:
    return np.array([np.concatenate(eq.probabilities) for eq in result])


def _same_set(a: np.ndarray, b: np.ndarray, atol: float = 1e-6) -> bool:
    if len(a) != len(b):
        return False
    return all(np.abs(b - row).max(axis=1).min() <= atol for row in a)


def _random_game(seed: int, shape: tuple[int, ...]) -> ms.NormalFormGame:
    rng = np.random.default_rng(seed)
    return ms.NormalFormGame(rng.normal(size=(len(shape), *shape)))


def test_mckelvey_mclennan_nine_equilibria_all_exact():
    """The published count (McKelvey & McLennan 1997): 9, two of them totally mixed."""
    game = _gambit_order(MCKELVEY_MCLENNAN, (2, 2, 2))
    res = ms.solvers.all_nash(game)
    assert len(res) == 9
    assert res.complete
    assert res.certified
    assert {c.kind for c in res.certificates} == {"exact"}
    expected = [
        [(1, 0), (1, 0), (1, 0)],
        [(1, 0), (0, 1), (0, 1)],
        [(0, 1), (1, 0), (0, 1)],
        [(0, 1), (0, 1), (1, 0)],
        [(0, 1), (1 / 4, 3 / 4), (1 / 3, 2 / 3)],
        [(1 / 3, 2 / 3), (1, 0), (1 / 4, 3 / 4)],
        [(1 / 2, 1 / 2), (1 / 2, 1 / 2), (1, 0)],
        [(2 / 5, 3 / 5), (1 / 2, 1 / 2), (1 / 3, 2 / 3)],
        [(1 / 2, 1 / 2), (2 / 5, 3 / 5), (1 / 4, 3 / 4)],
    ]
    assert _same_set(_flats(res), np.array([np.concatenate(e) for e in expected]), atol=1e-12)
    totally_mixed = [c for c in res.certificates if all(len(s) == 2 for s in c.support)]
    assert len(totally_mixed) == 2


def test_nau_game_reports_its_continuum_as_a_component_and_is_not_complete():
    game = _gambit_order(NAU, (2, 2, 2))
    with pytest.warns(DegenerateGameWarning, match="not proved complete"):
        res = ms.solvers.all_nash(game)
    assert not res.complete
    assert "positive-dimensional" in res.message
    assert res.components
    # isolated equilibria (points of the continuum may be exact too, where rational)
    in_component = {k for group in res.components for k in group}
    isolated = [c.kind == "exact" and k not in in_component for k, c in enumerate(res.certificates)]
    exact = _flats(res)[isolated]
    known = np.array(
        [
            [1, 0, 0, 1, 1, 0],
            [0, 1, 1, 0, 1, 0],
            [0, 1, 0, 1, 0, 1],
            [1, 0, 0, 1, 0.25, 0.75],
            [0, 1, 1, 0, 0.25, 0.75],
        ]
    )
    assert _same_set(exact, known)
    # The totally mixed continuum: player 3 at (1/4, 3/4), players 1 and 2 on a curve.
    component_points = _flats(res)[list(res.components[-1])]
    assert np.allclose(component_points[:, 4], 0.25)
    assert all(game.is_nash(eq) for eq in res)


def test_points_of_flat_sets_of_equilibria_are_certified_exactly():
    """Polytopes and segments of equilibria contain rational points: each reported one is exact.

    Player 1 is indifferent among three strategies everywhere; player 2
    prefers its first strategy unless player 1's third is likely; player 3
    matches player 2. Player 1's mixtures with weight 1/4 on its third
    strategy leave player 2 indifferent, so sets of equilibria pass through
    them (some with player 2 or 3 mixing freely).
    """
    u = np.zeros((3, 3, 2, 2))
    for a0, a1, a2 in np.ndindex(3, 2, 2):
        u[1, a0, a1, a2] = (2.0 if a0 != 2 else 0.0) if a1 == 0 else (3.0 if a0 == 2 else 1.0)
        u[2, a0, a1, a2] = 1.0 if a2 == a1 else 0.0
    game = ms.NormalFormGame(u)
    with pytest.warns(DegenerateGameWarning):
        res = ms.solvers.all_nash(game)
    assert not res.complete
    assert res.components
    assert res.certified
    assert {c.kind for c in res.certificates} == {"exact"}
    assert all(game.is_nash(eq, tol=1e-12) for eq in res)
    flats = _flats(res)
    assert len(np.unique(flats.round(12), axis=0)) == len(flats)
    for group in res.components:
        # every point of a component keeps player 1's weight 1/4 on its third strategy
        assert np.allclose(flats[list(group), 2], 0.25)


def test_points_on_a_curve_of_equilibria_stay_uncertified():
    """Nau's continuum is curved: its irrational sample points keep kind "none" (no false proof)."""
    with pytest.warns(DegenerateGameWarning):
        res = ms.solvers.all_nash(_gambit_order(NAU, (2, 2, 2)))
    kinds = [c.kind for c in res.certificates]
    assert "none" in kinds
    assert not res.certified
    curve = [k for k in res.components[-1] if res.certificates[k].kind == "none"]
    assert curve
    assert all("sample point" in res.certificates[k].detail for k in curve)


@pytest.mark.parametrize(
    "case", [pytest.param(c, id=c["id"]) for c in DATA["cases"] if len(c["shape"]) <= 4
             and np.prod(c["shape"]) <= 18]
)  # fmt: skip
def test_never_fewer_than_gambit_enumpoly(case):
    """Every equilibrium Gambit's enumpoly_solve lists is found, and the count is odd."""
    game = ms.NormalFormGame(np.array(case["payoffs"], dtype=float))
    res = ms.solvers.all_nash(game)
    assert res.complete
    assert res.certified
    ours = _flats(res)
    for eq in case["enumpoly"]:
        theirs = np.concatenate([np.asarray(v, dtype=float) for v in eq])
        assert np.abs(ours - theirs).max(axis=1).min() <= 1e-6
    assert len(res) % 2 == 1


@given(seed=st.integers(0, 2**32 - 1), shape=st.sampled_from([(2, 2, 2), (2, 3, 2), (2, 2, 2, 2)]))
def test_generic_games_have_an_odd_number_of_certified_equilibria(seed, shape):
    """Generic games: finitely many regular equilibria, an odd number (Wilson 1971)."""
    game = _random_game(seed, shape)
    res = ms.solvers.all_nash(game)
    assert res.complete
    assert res.certified
    assert len(res) % 2 == 1
    assert all(game.is_nash(eq, tol=1e-9) for eq in res)


@given(seed=st.integers(0, 2**32 - 1), shape=st.sampled_from([(3, 3), (2, 4), (4, 3)]))
def test_two_player_games_agree_with_vertex_enumeration_and_are_exact(seed, shape):
    game = _random_game(seed, shape)
    res = ms.solvers.all_nash(game)
    vertex = ms.solvers.nash_2p(game, method="vertex")
    assert _same_set(_flats(res), _flats(vertex))
    assert res.complete
    assert {c.kind for c in res.certificates} == {"exact"}


@given(seed=st.integers(0, 2**32 - 1))
def test_equilibria_are_invariant_under_positive_affine_rescaling(seed):
    game = _random_game(seed, (2, 2, 2))
    scaled = ms.NormalFormGame(game.payoffs * np.array([3.0, 0.5, 7.0])[:, None, None, None] + 2.0)
    assert _same_set(_flats(ms.solvers.all_nash(game)), _flats(ms.solvers.all_nash(scaled)))


def test_a_third_player_with_a_dominant_strategy_reduces_to_the_two_player_path():
    rng = np.random.default_rng(5)
    payoffs = rng.normal(size=(3, 3, 3, 2))
    payoffs[2, :, :, 0] = payoffs[2, :, :, 1] + 1.0  # player 3 strictly prefers its first strategy
    game = ms.NormalFormGame(payoffs)
    res = ms.solvers.all_nash(game)
    assert "vertex enumeration" in res.message
    sub = ms.NormalFormGame(payoffs[:2, :, :, 0])
    expected = _flats(ms.solvers.nash_2p(sub, method="vertex"))
    assert _same_set(_flats(res)[:, :6], expected)
    assert np.allclose(_flats(res)[:, 6:], [1.0, 0.0])


def test_exact_certificates_really_hold_in_rational_arithmetic():
    game = _gambit_order(MCKELVEY_MCLENNAN, (2, 2, 2))
    res = ms.solvers.all_nash(game)
    for eq in res:
        probs = [[Fraction(float(p)).limit_denominator(100) for p in v] for v in eq.probabilities]
        for i in range(3):
            values = []
            for k in range(2):
                total = Fraction(0)
                for a in np.ndindex(2, 2, 2):
                    if a[i] != k:
                        continue
                    w = Fraction(1)
                    for j in range(3):
                        if j != i:
                            w *= probs[j][a[j]]
                    total += Fraction(float(game.payoffs[(i, *a)])) * w
                values.append(total)
            used = [k for k in range(2) if probs[i][k] > 0]
            assert all(values[k] == max(values) for k in used)


def test_flagship_mixed_window_equilibrium_is_certified():
    """At china_pressure=0.6 Beijing presses with prob 0.55/0.6 and Moscow withdraws with 0.82."""
    scenario = ms.scenarios.load("ukraine-2023-v0.1")
    game = scenario.game(china_pressure=0.6)
    with pytest.warns(DegenerateGameWarning):
        res = ms.solvers.all_nash(game)
    window = [
        (eq, cert)
        for eq, cert in zip(res, res.certificates, strict=True)
        if 0.0 < eq["beijing"]["press_moscow"] < 1.0 and cert.kind == "interval"
    ]
    assert window
    for eq, cert in window:
        assert eq["beijing"]["press_moscow"] == pytest.approx(0.55 / 0.6, abs=1e-9)
        assert eq["moscow"]["withdraw"] == pytest.approx(0.1 + 1.2 * 0.6, abs=1e-9)
        assert cert.radius < 1e-9
        assert game.is_nash(eq)
    assert len(res.pure_profiles()) == 3
    assert not res.complete  # the flagship game has sets of equilibria (Kyiv indifferent)


def test_result_round_trips_and_reports():
    game = _gambit_order(MCKELVEY_MCLENNAN, (2, 2, 2))
    res = ms.solvers.all_nash(game)
    again = pickle.loads(pickle.dumps(res))
    assert _same_set(_flats(again), _flats(res))
    assert again.certificates == res.certificates
    d = res.to_dict()
    assert d["complete"] is True
    assert d["certified"] is True
    assert len(d["certificates"]) == 9
    assert d["certificates"][0]["kind"] == "exact"
    assert json.dumps(d)
    assert "9 equilibria" in repr(res)


def test_size_limit_and_bad_arguments():
    flat = ms.NormalFormGame(np.zeros((4, 5, 5, 5, 5)))  # nothing dominated: 31**4 supports
    with pytest.raises(GameTooLargeError, match="max_supports"):
        ms.solvers.all_nash(flat)
    with pytest.raises(InvalidArgumentError):
        ms.solvers.all_nash(flat, max_supports=0)
    with pytest.raises(InvalidArgumentError):
        ms.solvers.all_nash(np.zeros((3, 2, 2, 2)))  # type: ignore[arg-type]
    with pytest.raises(GameTooLargeError, match="pure profiles"):
        ms.solvers.all_nash(ms.NormalFormGame(np.zeros((2, 400, 400))))


def test_box_budget_exhaustion_is_reported_as_incomplete():
    # Five mixers: the one support that still goes through the interval subdivision
    # (up to four mixers are solved without boxes).
    game = _random_game(3, (2, 2, 2, 2, 2))
    with pytest.warns(DegenerateGameWarning):
        res = ms.solvers.all_nash(game, max_boxes=2)
    assert not res.complete
    assert "NOT guaranteed" in res.message
    assert all(game.is_nash(eq) for eq in res)


@settings(max_examples=10, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    shape=st.sampled_from([(2, 2, 2), (2, 1, 2, 2)]),
    levels=st.sampled_from([3, 1000]),
)
def test_batched_binary_search_agrees_with_the_one_support_search(seed, shape, levels):
    """The vectorised two-strategy batch and the per-support search find the same certified set.

    Few payoff levels make ties (sets of equilibria, single mixers) likely, which
    the batch hands back to the per-support search.
    """
    module = importlib.import_module("mediation_sim.solvers._all_nash")

    rng = np.random.default_rng(seed)
    game = ms.NormalFormGame(rng.integers(0, levels, size=(len(shape), *shape)).astype(float))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateGameWarning)
        fast = ms.solvers.all_nash(game)
        saved = module.MAX_BINARY_PLAYERS
        module.MAX_BINARY_PLAYERS = 0
        try:
            slow = ms.solvers.all_nash(game)
        finally:
            module.MAX_BINARY_PLAYERS = saved
    assert fast.complete == slow.complete
    assert len(fast) == len(slow)
    for a, b in zip(fast, slow, strict=True):
        for p, q in zip(a.probabilities, b.probabilities, strict=True):
            np.testing.assert_allclose(p, q, atol=1e-9)
    assert [c.kind for c in fast.certificates] == [c.kind for c in slow.certificates]


@settings(max_examples=300, deadline=None)
@given(
    n=st.integers(1, 5),
    seed=st.integers(0, 2**32 - 1),
    kind=st.sampled_from(["ties", "floats", "extreme"]),
)
def test_binary_screen_matches_the_separate_dominance_and_pure_checks(n, seed, kind):
    # In two-strategy games one pass of comparisons replaces _pure_dominance_free and
    # _exact_pure: the same verdict on dominance and the same pure equilibria, in order.
    from mediation_sim.solvers import _all_nash

    rng = np.random.default_rng(seed)
    shape = (n, *(2,) * n)
    if kind == "ties":
        payoffs = rng.integers(0, 3, size=shape).astype(float)
    elif kind == "floats":
        payoffs = rng.normal(size=shape)
    else:  # huge and tiny magnitudes (differences overflow or are subnormal)
        payoffs = rng.choice([-1.7e308, -5e-324, 0.0, 5e-324, 1e-310, 1.7e308], size=shape)
    screen = _all_nash._binary_screen(payoffs)
    assert (screen is not None) == _all_nash._pure_dominance_free(payoffs)
    if screen is not None:
        pure = [tuple((int(a),) for a in row) for row in _all_nash._exact_pure(payoffs)]
        assert screen == pure
