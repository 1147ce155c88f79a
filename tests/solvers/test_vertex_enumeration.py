"""Vertex enumeration: one-strategy players, qhull fallback, many labels, agreement with nashpy."""

from __future__ import annotations

import warnings

import nashpy
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.spatial import ConvexHull, QhullError

import mediation_sim as ms
from mediation_sim.solvers import _polytope
from mediation_sim.testing import assert_same_equilibria, assert_valid_nash_result
from mediation_sim.testing import strategies as mst


def test_result_describes_the_run() -> None:
    game = ms.NormalFormGame([[[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]]])
    res = ms.solvers.vertex_enumeration(game)
    # the example's polytope P (in R^3) has 5 nonzero vertices and Q (in R^2) has 4
    assert res.message.startswith("Enumerated the 5 + 4 nonzero vertices")
    assert res.degenerate is False
    assert dict(res.parameters) == {"tol": 1e-8}


@given(
    n=st.integers(1, 5),
    row_player_alone=st.booleans(),
    values=st.lists(st.integers(-2, 2), min_size=10, max_size=10),
)
def test_a_player_with_one_strategy(n: int, row_player_alone: bool, values: list[int]) -> None:
    """The other player best-responds; the extreme equilibria are its pure best responses."""
    a = np.array(values[:n], dtype=float)[None, :]
    b = np.array(values[5 : 5 + n], dtype=float)[None, :]
    game = ms.NormalFormGame([a, b] if row_player_alone else [b.T, a.T])
    best = np.flatnonzero(b[0] == b[0].max())
    expected = [
        game.as_profile([[1.0], np.eye(n)[j]] if row_player_alone else [np.eye(n)[j], [1.0]])
        for j in best
    ]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = ms.solvers.vertex_enumeration(game)
    assert_same_equilibria(res, expected, atol=1e-12)
    assert res.degenerate is (best.size > 1)
    assert len(caught) == int(best.size > 1)


def test_falls_back_to_bases_when_qhull_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(11)
    game = ms.NormalFormGame(rng.uniform(-1, 1, size=(2, 4, 5)))
    expected = ms.solvers.vertex_enumeration(game)

    def broken(constraints: np.ndarray) -> np.ndarray:
        raise QhullError("QH6271 simulated precision failure")

    monkeypatch.setattr(_polytope, "vertices_by_qhull", broken)
    assert_same_equilibria(ms.solvers.vertex_enumeration(game), expected, atol=1e-10)


def test_more_than_64_labels_use_several_words() -> None:
    """A 2 x 70 game: 72 labels, so the label sets take two 64-bit words."""
    rng = np.random.default_rng(5)
    game = ms.NormalFormGame(rng.uniform(-1, 1, size=(2, 2, 70)))
    res = ms.solvers.vertex_enumeration(game)
    assert_valid_nash_result(res, game)
    assert res.degenerate is False
    assert_same_equilibria(res, ms.solvers.support_enumeration(game), atol=1e-9)


def test_constant_game_lists_every_pure_profile() -> None:
    game = ms.NormalFormGame(np.full((2, 3, 3), 7.0))
    with pytest.warns(ms.DegenerateGameWarning, match="vertex_enumeration"):
        res = ms.solvers.vertex_enumeration(game)
    assert sorted(res.pure_profiles()) == [(i, j) for i in range(3) for j in range(3)]
    assert len(res) == 9


@given(mst.nondegenerate_bimatrix_games(min_strategies=2, max_strategies=4))
def test_agrees_with_nashpy_on_nondegenerate_games(game: ms.NormalFormGame) -> None:
    a, b = game.payoffs
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reported = [game.as_profile(list(eq)) for eq in nashpy.Game(a, b).vertex_enumeration()]
    # nashpy's own tolerance is looser: it may add near-equilibria (regret ~1e-6 on near ties)
    theirs = [eq for eq in reported if game.is_nash(eq)]
    assert_same_equilibria(ms.solvers.vertex_enumeration(game), theirs, atol=1e-7)


@given(mst.bimatrix_games(max_strategies=4, elements=mst.payoff_values(integers=True)))
def test_qhull_and_bases_give_the_same_vertices(game: ms.NormalFormGame) -> None:
    """Two independent vertex enumerators of the same polytopes agree, degenerate or not."""
    a, b = _polytope.normalised_payoffs(game)
    tols = _polytope.tolerances(game, 1e-8)
    by_hull = _polytope.best_response_polytopes(a, b, tols, method="qhull")
    by_bases = _polytope.best_response_polytopes(a, b, tols, method="bases")
    for hull, bases in zip(by_hull, by_bases, strict=True):
        assert hull.degenerate == bases.degenerate
        order_hull = np.lexsort(np.round(hull.points, 9).T)
        order_bases = np.lexsort(np.round(bases.points, 9).T)
        np.testing.assert_allclose(
            hull.points[order_hull], bases.points[order_bases], rtol=0, atol=1e-9
        )
        np.testing.assert_array_equal(hull.labels[order_hull], bases.labels[order_bases])


@given(mst.nondegenerate_bimatrix_games(min_strategies=2, max_strategies=6))
def test_same_set_as_quantecon_vertex_enumeration(game: ms.NormalFormGame) -> None:
    """QuantEcon labels vertices by qhull's facet incidences, not by payoff ties."""
    qe = pytest.importorskip("quantecon.game_theory")
    a, b = game.payoffs
    qgame = qe.NormalFormGame([qe.Player(np.array(a)), qe.Player(np.array(b.T))])
    theirs = [game.as_profile([x, y]) for x, y in qe.vertex_enumeration(qgame)]
    assert_same_equilibria(ms.solvers.vertex_enumeration(game), theirs, atol=1e-9)


def test_same_sets_as_quantecon_on_the_benchmark_sizes() -> None:
    """The 6x6, 8x8 and 10x10 games of bench_two_player.py's kind (payoffs uniform on [-1, 1])."""
    qe = pytest.importorskip("quantecon.game_theory")
    rng = np.random.default_rng(2026)
    for size in (6, 8, 10):
        game = ms.NormalFormGame(rng.uniform(-1, 1, size=(2, size, size)))
        a, b = game.payoffs
        qgame = qe.NormalFormGame([qe.Player(np.array(a)), qe.Player(np.array(b.T))])
        theirs = [game.as_profile([x, y]) for x, y in qe.vertex_enumeration(qgame)]
        res = ms.solvers.vertex_enumeration(game)
        assert len(res) == len(theirs) >= 1
        assert_same_equilibria(res, theirs, atol=1e-9)


def _polar_points(game: ms.NormalFormGame) -> list[np.ndarray]:
    a, b = _polytope.normalised_payoffs(game.normalised())
    return [_polytope._interior_dual_points(c)[1] for c in (np.ascontiguousarray(b.T), a)]


@given(
    st.one_of(
        mst.bimatrix_games(
            min_strategies=2,
            max_strategies=6,
            elements=mst.payoff_values(min_value=-2, max_value=2, integers=True),
        ),
        mst.bimatrix_games(min_strategies=2, max_strategies=6),
    )
)
def test_direct_qhull_call_gives_convexhull_equations(game: ms.NormalFormGame) -> None:
    """hull_equations skips ConvexHull's volume and area, not one bit of its facets."""
    assert _polytope._direct_qhull_works()  # so the fast path is the one under test
    for points in _polar_points(game):
        np.testing.assert_array_equal(
            _polytope.hull_equations(points), ConvexHull(points).equations
        )


def _solve_all(games: list[ms.NormalFormGame]) -> list[tuple[object, ...]]:
    out = []
    for game in games:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            res = ms.solvers.vertex_enumeration(game)
        flat = [np.concatenate(eq.probabilities).tolist() for eq in res]
        out.append((flat, res.degenerate, res.message, [w.category for w in caught]))
    return out


def test_convexhull_fallback_gives_the_same_results(monkeypatch: pytest.MonkeyPatch) -> None:
    """If SciPy's private qhull class changes, ConvexHull takes over: same answers, bit for bit."""
    rng = np.random.default_rng(3)
    games = [ms.NormalFormGame(rng.uniform(-1, 1, size=(2, s, s + 1))) for s in (2, 4, 6)]
    games += [ms.NormalFormGame(rng.integers(-1, 2, size=(2, 4, 4))) for _ in range(6)]
    games.append(ms.NormalFormGame(np.full((2, 3, 3), 7.0)))
    direct = _solve_all(games)
    assert any(degenerate for _, degenerate, _, _ in direct)
    monkeypatch.setattr(_polytope, "_direct_qhull_works", lambda: False)
    assert _solve_all(games) == direct


_SMALL_INTEGER_GAMES = mst.bimatrix_games(
    max_strategies=5, elements=mst.payoff_values(min_value=-2, max_value=2, integers=True)
)


@given(_SMALL_INTEGER_GAMES)
def test_label_codes_pair_like_packed_words(game: ms.NormalFormGame) -> None:
    """The float64 label codes give the pairs, merges and flag the packed words give."""
    a, b = _polytope.normalised_payoffs(game.normalised())
    tols = _polytope.tolerances(game, 1e-8)
    p, q = _polytope.best_response_polytopes(a, b, tols, method="qhull")
    for poly in (p, q):
        assert poly.codes is not None
        np.testing.assert_array_equal(poly.codes, poly.labels @ 2.0 ** np.arange(sum(game.shape)))
        assert poly.degenerate == bool((poly.labels.sum(axis=1) > poly.dimension).any())
        if poly.degenerate:  # merged: one vertex per label set
            assert np.unique(poly.codes).size == poly.codes.size
    degenerate = p.degenerate or q.degenerate
    by_codes = _polytope.complete_pairs(
        p.labels, q.labels, degenerate=degenerate, p_codes=p.codes, q_codes=q.codes
    )
    by_words = _polytope.complete_pairs(p.labels, q.labels, degenerate=degenerate)
    by_brute = np.nonzero((p.labels[:, None, :] | q.labels[None, :, :]).all(axis=2))
    for pairs in (by_codes, by_words):
        assert sorted(zip(*pairs, strict=True)) == sorted(zip(*by_brute, strict=True))


@given(
    st.lists(
        st.tuples(
            st.lists(st.integers(0, 2), min_size=3, max_size=3).filter(any),
            st.lists(st.integers(0, 2), min_size=2, max_size=2).filter(any),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_profile_order_is_support_size_then_decreasing_probabilities(rows) -> None:
    """pair_profiles sorts like a lexsort on (support size, -rounded probabilities)."""
    x_points = np.array([r[0] for r in rows], dtype=float)
    y_points = np.array([r[1] for r in rows], dtype=float)
    got = _polytope.pair_profiles(x_points, y_points)
    flat = np.concatenate(
        [x_points / x_points.sum(axis=1)[:, None], y_points / y_points.sum(axis=1)[:, None]],
        axis=1,
    )
    keys = -np.round(flat, 12).T[::-1]
    order = np.lexsort(np.vstack([keys, (flat > 0).sum(axis=1)]))
    assert len(got) == len(rows)
    for (x, y), k in zip(got, order, strict=True):
        np.testing.assert_array_equal(np.concatenate([x, y]), flat[k])


@given(_SMALL_INTEGER_GAMES)
def test_same_set_as_support_enumeration_and_quantecon_ties_included(
    game: ms.NormalFormGame,
) -> None:
    """Small integer payoffs: ties are common, so many of these games are degenerate."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = ms.solvers.vertex_enumeration(game)
    assert_valid_nash_result(res, game)
    assert res.degenerate is ms.solvers.is_degenerate(game)
    assert [w.category for w in caught] == [ms.DegenerateGameWarning] * int(res.degenerate)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ms.DegenerateGameWarning)
        assert_same_equilibria(res, ms.solvers.support_enumeration(game), atol=1e-9)
    if not res.degenerate and min(game.shape) > 1:
        qe = pytest.importorskip("quantecon.game_theory")
        a, b = game.payoffs
        qgame = qe.NormalFormGame([qe.Player(np.array(a)), qe.Player(np.array(b.T))])
        theirs = [game.as_profile([x, y]) for x, y in qe.vertex_enumeration(qgame)]
        assert_same_equilibria(res, theirs, atol=1e-9)
