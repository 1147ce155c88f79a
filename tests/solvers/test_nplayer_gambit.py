"""Cross-checks against Gambit: fixture files (always run) and live pygambit (interop marker).

``tests/data/nplayer_gambit_equilibria.json`` is written by
``benchmarks/make_nplayer_fixtures.py`` with pygambit 16.7: random 3- and
4-player games with integer payoffs, every equilibrium Gambit's
``enumpoly_solve`` lists, and the end of Gambit's logit QRE branch
(``logit_solve``).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import mediation_sim as ms

DATA = json.loads(
    (Path(__file__).parent.parent / "data" / "nplayer_gambit_equilibria.json").read_text()
)
CASES = [pytest.param(case, id=case["id"]) for case in DATA["cases"]]


def _game(case: dict) -> ms.NormalFormGame:
    return ms.NormalFormGame(np.array(case["payoffs"], dtype=float))


def _flat(vectors) -> np.ndarray:
    return np.concatenate([np.asarray(v, dtype=float) for v in vectors])


@pytest.mark.parametrize("case", CASES)
def test_gambit_equilibria_pass_our_regret_oracle(case):
    """Layouts agree: every profile Gambit lists is an equilibrium by our oracle."""
    game = _game(case)
    for eq in case["enumpoly"]:
        assert game.is_nash([np.array(v) for v in eq], tol=1e-8)


@pytest.mark.parametrize("case", CASES)
def test_logit_selection_matches_gambit_logit_solve(case):
    """The same principal branch, so the same limit (McKelvey & Palfrey 1995; Turocy 2005)."""
    game = _game(case)
    res = ms.solvers.logit_nash(game)
    assert res.success
    np.testing.assert_allclose(_flat(res[0].probabilities), _flat(case["logit"]), atol=1e-6)


@pytest.mark.parametrize("case", [c for c in CASES if len(c.values[0]["enumpoly"]) == 1])
def test_unique_equilibrium_is_found_by_both_methods_and_the_router(case):
    game = _game(case)
    expected = _flat(case["enumpoly"][0])
    for res in (
        ms.solvers.logit_nash(game),
        ms.solvers.tracing_nash(game),
        ms.solvers.nash(game),
        ms.solvers.nash(game, method="tracing"),
    ):
        assert len(res) == 1
        np.testing.assert_allclose(_flat(res[0].probabilities), expected, atol=1e-7)


@pytest.mark.parametrize("case", [c for c in CASES if len(c.values[0]["enumpoly"]) % 2 == 1][:12])
def test_multistart_equilibria_belong_to_gambits_list(case):
    """Where Gambit's list has odd size (complete for generic games), ours is a subset."""
    game = _game(case)
    listed = [_flat(eq) for eq in case["enumpoly"]]
    res = ms.solvers.nash(game, presolve=False, n_equilibria=len(listed), rng=0)
    for eq in res:
        flat = _flat(eq.probabilities)
        assert min(np.abs(flat - f).max() for f in listed) < 1e-6


@pytest.mark.interop
def test_live_pygambit_logit_solve_agrees_on_a_four_player_game():
    gbt = pytest.importorskip("pygambit", reason="pygambit is not installed")
    rng = np.random.default_rng(7)
    payoffs = rng.integers(0, 100, size=(4, 2, 3, 2, 2))
    game = ms.NormalFormGame(payoffs.astype(float))
    gambit_game = gbt.Game.from_arrays(*[payoffs[i] for i in range(4)])
    theirs = gbt.nash.logit_solve(gambit_game, use_strategic=True).equilibria[0]
    expected = [[float(theirs[s]) for s in p.strategies] for p in gambit_game.players]
    ours = ms.solvers.logit_nash(game)[0]
    np.testing.assert_allclose(_flat(ours.probabilities), _flat(expected), atol=1e-6)


@pytest.mark.interop
def test_live_quantecon_mclennan_tourky_finds_an_approximate_equilibrium_we_refine():
    """QuantEcon's answer (regret ~1e-3) is close to an equilibrium our methods find exactly."""
    qe = pytest.importorskip("quantecon.game_theory", reason="quantecon is not installed")
    game = ms.games.volunteers_dilemma(3)
    theirs = qe.mclennan_tourky(ms.games.to_quantecon(game))
    assert game.regret([np.asarray(v, dtype=float) for v in theirs]) < 1e-2
    ours = ms.solvers.nash(game, presolve=False, n_equilibria=4, rng=0)
    flat = _flat(theirs)
    assert min(np.abs(flat - _flat(eq.probabilities)).max() for eq in ours) < 1e-2
