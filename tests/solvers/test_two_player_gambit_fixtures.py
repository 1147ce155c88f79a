"""Cross-checks against Gambit: stored fixtures (always run) and pygambit itself (interop)."""

from __future__ import annotations

import json
import warnings
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import mediation_sim as ms
from mediation_sim.testing import assert_same_equilibria

FIXTURES = Path(__file__).resolve().parent.parent / "data" / "gambit_2p_equilibria.json"
DATA = json.loads(FIXTURES.read_text())
GAMES = DATA["games"]


def _game(case: dict[str, Any]) -> ms.NormalFormGame:
    return ms.NormalFormGame([np.array(case["A"], float), np.array(case["B"], float)])


def _gambit_equilibria(game: ms.NormalFormGame, case: dict[str, Any]) -> list[ms.MixedProfile]:
    return [
        game.as_profile([[float(Fraction(p)) for p in vec] for vec in eq])
        for eq in case["equilibria"]
    ]


def test_fixture_file_covers_what_it_claims() -> None:
    """5x5 to 7x7 nondegenerate games, some degenerate ones, and nashpy's misses recorded."""
    sizes = {(len(g["A"]), len(g["A"][0])) for g in GAMES if not g["degenerate"]}
    assert all(5 <= m <= 7 and 5 <= n <= 7 for m, n in sizes)
    assert sum(g["degenerate"] for g in GAMES) >= 1
    missed = DATA["games_where_nashpy_support_enumeration_misses_equilibria"]
    assert missed == [
        g["id"] for g in GAMES if g["nashpy_support_enumeration_found"] < len(g["equilibria"])
    ]
    assert len(missed) >= 1


@pytest.mark.parametrize("method", ["support_enumeration", "vertex_enumeration"])
@pytest.mark.parametrize("case", GAMES, ids=[g["id"] for g in GAMES])
def test_same_extreme_equilibria_as_gambit_enummixed(case: dict[str, Any], method: str) -> None:
    """Exactly Gambit's set -- including games where nashpy's support enumeration misses some."""
    game = _game(case)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = ms.solvers.nash_2p(game, method=method)
    assert_same_equilibria(res, _gambit_equilibria(game, case), atol=1e-9)
    assert res.degenerate is case["degenerate"]
    assert (
        any(issubclass(w.category, ms.DegenerateGameWarning) for w in caught)
        is (case["degenerate"])
    )


@pytest.mark.parametrize("case", GAMES[:6], ids=[g["id"] for g in GAMES[:6]])
def test_lemke_howson_lands_on_a_gambit_equilibrium(case: dict[str, Any]) -> None:
    game = _game(case)
    expected = _gambit_equilibria(game, case)
    res = ms.solvers.lemke_howson(game, initial_label="all")
    for eq in res:
        assert any(eq.isclose(e, atol=1e-9) for e in expected), eq


@pytest.mark.interop
@pytest.mark.parametrize("seed", range(4))
def test_agrees_with_pygambit_directly(seed: int) -> None:
    gbt = pytest.importorskip(
        "pygambit", reason="pygambit is not installed (it is not a dependency)"
    )
    rng = np.random.default_rng(seed)
    m, n = (int(k) for k in rng.integers(2, 6, size=2))
    a = rng.integers(-50, 51, size=(m, n))
    b = rng.integers(-50, 51, size=(m, n))
    game = ms.NormalFormGame([a, b])
    gambit_game = gbt.Game.from_arrays(a, b)
    theirs = [
        game.as_profile([[float(eq[s]) for s in p.strategies] for p in gambit_game.players])
        for eq in gbt.nash.enummixed_solve(gambit_game, rational=True).equilibria
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ms.DegenerateGameWarning)
        ours = ms.solvers.vertex_enumeration(game)
        assert_same_equilibria(ours, theirs, atol=1e-9)
        assert_same_equilibria(ms.solvers.support_enumeration(game), theirs, atol=1e-9)
    # Gambit's Lemke-Howson (lcp_solve) ends at an extreme equilibrium: one of ours
    lcp = gbt.nash.lcp_solve(gambit_game, rational=True).equilibria[0]
    first = [[float(lcp[s]) for s in p.strategies] for p in gambit_game.players]
    assert any(eq.isclose(first, atol=1e-9) for eq in ours)
