"""Trembling-hand perfect equilibria: known answers, properties, cross-checks."""

from __future__ import annotations

import pickle
import warnings

import nashpy
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mediation_sim as ms
from mediation_sim.testing import strategies as mst

SMALL_INTS = st.integers(0, 2).map(float)


def _labelled_set(profiles) -> set[tuple[tuple[str, tuple[tuple[str, float], ...]], ...]]:
    """Profiles as hashable {player: {label: probability}} (rounded), independent of order."""
    out = set()
    for eq in profiles:
        out.add(
            tuple(
                sorted(
                    (
                        p,
                        tuple(
                            sorted(
                                (lab, round(float(x), 6))
                                for lab, x in eq[p].items()
                                if round(float(x), 6) > 0
                            )
                        ),
                    )
                    for p in eq.players
                )
            )
        )
    return out


def _myerson() -> ms.NormalFormGame:
    """Myerson (1978): (T, L) and (M, M) are perfect, only (T, L) is proper."""
    a = np.array([[1, 0, -9], [0, 0, -7], [-9, -7, -7]], dtype=float)
    return ms.NormalFormGame([a, a.T], strategies=[["T", "M", "B"], ["L", "M", "R"]])


def _unanimity() -> ms.NormalFormGame:
    u = np.zeros((3, 2, 2, 2))
    u[:, 0, 0, 0] = 1.0
    return ms.NormalFormGame(u, strategies=[["a", "b"]] * 3)


def test_two_by_two_one_perfect_one_imperfect():
    g = ms.NormalFormGame([[[1, 0], [0, 0]], [[1, 0], [0, 0]]], strategies=[["T", "B"], ["L", "R"]])
    res = ms.solvers.perfect_equilibria(g)
    assert res.n_nash == 2
    assert [eq.pure_labels for eq in res] == [{"p1": "T", "p2": "L"}]
    assert res.complete
    bad = ms.solvers.perfection(g, ["B", "R"])
    assert bad.status == "not_perfect"
    assert bad.method == "weak_dominance"
    assert bad.weakly_dominated == ("p1", "p2")
    assert dict(bad.dominators["p1"]) == pytest.approx({"T": 1.0})
    assert dict(bad.dominators["p2"]) == pytest.approx({"L": 1.0})
    good = ms.solvers.perfection(g, ["T", "L"])
    assert (good.status, good.method) == ("perfect", "undominated")


def test_myerson_3x3_perfect_equilibria():
    g = _myerson()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # degenerate: the Nash list is not proved complete
        found = ms.solvers.all_nash(g)
    nash_pure = {tuple(eq.pure_labels.values()) for eq in found if eq.is_pure}
    assert ("B", "R") in nash_pure  # a Nash equilibrium in weakly dominated strategies
    res = ms.solvers.perfect_equilibria(g)
    assert {tuple(eq.pure_labels.values()) for eq in res} == {("T", "L"), ("M", "M")}
    check = ms.solvers.perfection(g, ["B", "R"])
    # B is weakly dominated by M (0 > -9, 0 > -7, -7 = -7)
    assert dict(check.dominators["p1"]) == pytest.approx({"M": 1.0})


def test_a_strategy_dominated_only_by_a_mixture():
    # against L, R, C: t = (2, 0, 1), b = (0, 2, 1), m = (1, 1, 0); no pure strategy
    # dominates m, but 0.5 t + 0.5 b = (1, 1, 1) does (weakly); column is indifferent
    g = ms.NormalFormGame(
        [[[2, 0, 1], [1, 1, 0], [0, 2, 1]], np.zeros((3, 3))],
        strategies=[["t", "m", "b"], ["L", "R", "C"]],
    )
    with_m = g.as_profile([[0, 1, 0], [0.5, 0.5, 0]])
    assert g.is_nash(with_m)
    check = ms.solvers.perfection(g, with_m)
    assert check.status == "not_perfect"
    assert dict(check.dominators["p1"]) == pytest.approx({"t": 0.5, "b": 0.5})
    mixed = g.as_profile([[0.5, 0, 0.5], [0.5, 0.5, 0]])
    assert ms.solvers.is_perfect(g, mixed)


def test_three_players_certified_by_a_tremble():
    g = _unanimity()
    check = ms.solvers.perfection(g, [0, 0, 0])
    assert (check.status, check.method) == ("perfect", "tremble")
    assert set(check.tremble) == set(g.players)
    bad = ms.solvers.perfection(g, [1, 1, 1])
    assert bad.method == "weak_dominance"
    assert set(bad.weakly_dominated) == set(g.players)


def test_three_players_undominated_but_not_perfect_is_undetermined():
    # Player 1 ties T and B at (., 0, 0), B is better only at (1, 1), T at (0, 1) and
    # (1, 0): B is undominated, yet against any nearby independent trembles T is better
    # (the gain is d2 + d3 - d2*d3 > 0). The others are indifferent everywhere.
    u = np.zeros((3, 2, 2, 2))
    u[0, 0] = [[0.0, 1.0], [1.0, -1.0]]
    g = ms.NormalFormGame(u, strategies=[["T", "B"], ["x", "y"], ["x", "y"]])
    check = ms.solvers.perfection(g, ["B", "x", "x"], rng=0)
    assert check.status == "undetermined"
    assert check.weakly_dominated == ()
    assert not ms.solvers.is_perfect(g, ["B", "x", "x"], rng=0)
    assert ms.solvers.is_perfect(g, ["T", "x", "x"], rng=0)


def test_a_profile_that_is_not_nash_is_not_perfect():
    g = ms.games.prisoners_dilemma()
    check = ms.solvers.perfection(g, [0, 0])
    assert (check.status, check.method) == ("not_perfect", "not_nash")


def test_result_round_trips_and_reports():
    res = ms.solvers.perfect_equilibria(_myerson())
    again = pickle.loads(pickle.dumps(res))
    assert again.to_dict() == res.to_dict()
    d = res.to_dict()
    assert d["n_nash"] == res.n_nash
    assert len(d["checks"]) == res.n_nash
    assert "perfect" in repr(res)
    assert "<table>" in res._repr_html_()
    assert res.parameters["tol"] == 1e-8
    assert res.undetermined == ()
    check = res.checks[0]
    assert pickle.loads(pickle.dumps(check)).to_dict() == check.to_dict()
    assert "PerfectionCheck(" in repr(check)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"epsilons": (1e-3, 1e-2)}, "strictly decreasing"),
        ({"epsilons": (0.0,)}, "strictly decreasing"),
        ({"epsilons": "abc"}, "epsilons"),
        ({"tol": -1.0}, "tol"),
        ({"n_trembles": -1}, "n_trembles"),
        ({"rng": "seed"}, "rng"),
    ],
)
def test_bad_options_are_refused(kwargs, match):
    g = ms.games.prisoners_dilemma()
    with pytest.raises(ms.MediationSimError, match=match):
        ms.solvers.perfection(g, [1, 1], **kwargs)
    with pytest.raises(ms.MediationSimError, match=match):
        ms.solvers.perfect_equilibria(g, **kwargs)


def test_not_a_game_is_refused():
    with pytest.raises(ms.MediationSimError, match="NormalFormGame"):
        ms.solvers.perfect_equilibria([[1, 0], [0, 1]])  # type: ignore[arg-type]
    with pytest.raises(ms.MediationSimError):
        ms.solvers.perfection(ms.games.prisoners_dilemma(), [0, 0, 0])


# --------------------------------------------------------------------------- properties
@given(mst.normal_form_games(n_players=st.integers(2, 3), max_strategies=2, elements=SMALL_INTS))
def test_every_perfect_equilibrium_is_nash_and_one_exists(game):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = ms.solvers.perfect_equilibria(game, rng=0)
    for eq in res:
        assert game.is_nash(eq)
    assert len(res) + len(res.undetermined) + sum(
        c.status == "not_perfect" for c in res.checks
    ) == len(res.checks)
    if game.n_players == 2:
        assert len(res) >= 1  # Selten (1975): every finite game has a perfect equilibrium


@given(mst.nondegenerate_bimatrix_games(max_strategies=3))
def test_in_generic_two_player_games_every_equilibrium_is_perfect(game):
    res = ms.solvers.perfect_equilibria(game)
    assert len(res) == res.n_nash >= 1


@settings(max_examples=10)
@given(st.integers(0, 2**32 - 1))
def test_in_generic_three_player_games_every_equilibrium_is_perfect(seed):
    game = ms.NormalFormGame(np.random.default_rng(seed).uniform(-1, 1, size=(3, 2, 2, 2)))
    res = ms.solvers.perfect_equilibria(game, rng=0)
    assert [c.status for c in res.checks] == ["perfect"] * res.n_nash


@given(
    mst.bimatrix_games(min_strategies=2, max_strategies=3, elements=SMALL_INTS),
    st.data(),
)
def test_invariant_under_affine_rescaling_and_permutation(game, data):
    scale, shift = data.draw(mst.affine_rescalings(game.n_players))
    players, strategies = data.draw(mst.game_permutations(game))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        base = _labelled_set(ms.solvers.perfect_equilibria(game))
        scaled = _labelled_set(ms.solvers.perfect_equilibria(game.affine_transform(scale, shift)))
        moved = _labelled_set(
            ms.solvers.perfect_equilibria(game.permute(players=players, strategies=strategies))
        )
    assert scaled == base
    assert moved == base


@pytest.mark.interop
@given(mst.nondegenerate_bimatrix_games(max_strategies=3))
def test_agrees_with_nashpy_on_generic_games(game):
    a, b = game.payoffs
    theirs = sorted(
        tuple(np.round(np.concatenate(eq), 6)) for eq in nashpy.Game(a, b).vertex_enumeration()
    )
    ours = sorted(
        tuple(np.round(np.concatenate(eq.probabilities), 6))
        for eq in ms.solvers.perfect_equilibria(game)
    )
    assert ours == theirs
