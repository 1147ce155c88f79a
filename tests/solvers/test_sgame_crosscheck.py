"""Cross-check of ``stationary_equilibrium`` against sgamesolver, through stored fixtures.

sgamesolver 1.0.x needs ``numpy<2``, so it never runs here: the games, its
equilibria and its timings were produced in a separate environment by
``benchmarks/make_sgame_fixtures.py`` and stored in
``tests/data/sgame_equilibria.json``. With ``MEDIATION_SIM_SGAME_PYTHON``
set to that environment's Python, an ``interop`` test re-runs sgamesolver
live through the same script.

How equilibria are compared. A stochastic game may have several stationary
equilibria, so equality is asserted only where both libraries follow the
same path: sgamesolver's QRE homotopy and ours track the same logit Markov
QRE branch from uniform play, so their limits must coincide. sgamesolver
stops at a finite precision, so its answer carries a regret (one-shot
deviation gain) of about 1e-6 at the tight setting the reference uses; the
probabilities are compared with a tolerance of 1000 times that regret
(relative to the payoff range, at least 1e-6; on these games the largest
distance is about 120 times the regret), and its less accurate default run
must lie no nearer to our answer than the tight one (its branch converges to
our limit). Its logarithmic tracing
procedure follows another path and may end at another equilibrium: there we
assert only that both answers are equilibria under our independent check and
count how often they coincide.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import mediation_sim as ms

FIXTURES = Path(__file__).resolve().parent.parent / "data" / "sgame_equilibria.json"
DATA = json.loads(FIXTURES.read_text())
GAMES = DATA["games"]
IDS = [g["name"] for g in GAMES]


def _game(case: dict[str, Any]) -> ms.games.StochasticGame:
    return ms.games.StochasticGame(
        [np.array(u, float) for u in case["payoffs"]],
        [np.array(t, float) for t in case["transitions"]],
        case["discount"],
    )


def _distance(a: Any, b: Any) -> float:
    return max(
        float(np.abs(np.asarray(x, float) - np.asarray(y, float)).max())
        for sa, sb in zip(a, b, strict=True)
        for x, y in zip(sa, sb, strict=True)
    )


@pytest.fixture(scope="module")
def solved() -> dict[str, ms.solvers.StationaryResult]:
    return {g["name"]: ms.solvers.stationary_equilibrium(_game(g)) for g in GAMES}


def test_fixture_file_covers_what_it_claims() -> None:
    """sgamesolver's four published examples and 18 random games of six sizes."""
    assert DATA["sgamesolver"].startswith("1.0")
    names = [g["name"] for g in GAMES]
    assert "dynamic rock-paper-scissors" in names
    assert "repeated prisoner's dilemma" in names
    sizes = {
        (len(g["payoffs"]), len(g["discount"]), len(g["payoffs"][0][0]))
        for g in GAMES
        if g["name"].startswith("random")
    }
    assert len(sizes) == 6
    assert all(g["qre"]["success"] and g["qre_tight"]["success"] for g in GAMES)


@pytest.mark.parametrize("case", GAMES, ids=IDS)
def test_ours_verified_and_equal_to_sgamesolver_on_the_logit_branch(
    case: dict[str, Any], solved: dict[str, ms.solvers.StationaryResult]
) -> None:
    game = _game(case)
    result = solved[case["name"]]
    assert result.success, result.message
    assert result.equilibrium is not None
    assert game.regret(result.equilibrium) <= 1e-8 * game.payoff_range
    # sgamesolver's answer under our verifier: the two regret computations agree.
    theirs = game.as_strategy(case["qre_tight"]["strategies"])
    assert game.regret(theirs) == pytest.approx(max(case["qre_tight"]["regret"], 0.0), abs=1e-9)
    ours = result.equilibrium.probabilities
    tight = _distance(ours, case["qre_tight"]["strategies"])
    assert tight <= max(1e-6, 1000 * max(case["qre_tight"]["regret"], 0.0) / game.payoff_range)
    # its default run stops earlier on the same branch: farther from our limit, never nearer.
    loose = _distance(ours, case["qre"]["strategies"])
    assert loose <= max(1e-6, 1000 * max(case["qre"]["regret"], 0.0) / game.payoff_range)
    assert tight <= loose + 1e-6


def test_tracing_answers_are_equilibria_too(
    solved: dict[str, ms.solvers.StationaryResult],
) -> None:
    """Log tracing may pick another equilibrium; ours and its are both verified."""
    same = 0
    for case in GAMES:
        game = _game(case)
        tracing = case["tracing"]
        assert tracing["success"]
        theirs = game.as_strategy(tracing["strategies"])
        assert game.regret(theirs) <= 1e-4 * game.payoff_range
        eq = solved[case["name"]].equilibrium
        assert eq is not None
        same += _distance(eq.probabilities, tracing["strategies"]) <= 1e-3
    assert same >= len(GAMES) - 2


def test_published_dynamic_rock_paper_scissors() -> None:
    """The probabilities printed in sgamesolver's example, to their three decimals."""
    (case,) = (g for g in GAMES if g["name"] == "dynamic rock-paper-scissors")
    eq = ms.solvers.stationary_equilibrium(_game(case)).equilibrium
    assert eq is not None
    published = [
        [[0.369, 0.298, 0.333], [0.369, 0.298, 0.333]],
        [[0.257, 0.409, 0.333], [0.480, 0.187, 0.333]],
        [[0.480, 0.187, 0.333], [0.257, 0.409, 0.333]],
    ]
    assert _distance(eq.probabilities, published) <= 5e-4 + 1e-9
    np.testing.assert_allclose(eq.values[1], [0.11, -0.11], atol=5e-3)


@pytest.mark.interop
@pytest.mark.slow
def test_live_sgamesolver_in_its_own_environment(tmp_path: Path) -> None:
    """Re-run sgamesolver now (one random game per size) and compare with ours.

    Runs only when ``MEDIATION_SIM_SGAME_PYTHON`` names a Python that has
    sgamesolver (it needs numpy<2, so never this environment); see
    ``benchmarks/make_sgame_fixtures.py`` for the recipe.
    """
    python = os.environ.get("MEDIATION_SIM_SGAME_PYTHON")
    if not python:
        pytest.skip("set MEDIATION_SIM_SGAME_PYTHON to a Python with sgamesolver")
    script = Path(__file__).resolve().parents[2] / "benchmarks" / "make_sgame_fixtures.py"
    out = tmp_path / "fresh.json"
    subprocess.run(
        [python, str(script), "--out", str(out), "--per-size", "1", "--repeats", "1"],
        check=True,
        capture_output=True,
        timeout=600,
    )
    fresh = json.loads(out.read_text())["games"]
    stored = {g["name"]: g for g in GAMES}
    assert len(fresh) == 10
    for case in fresh:
        # the seeded games are the stored ones
        assert case["payoffs"] == stored[case["name"]]["payoffs"]
        game = _game(case)
        eq = ms.solvers.stationary_equilibrium(game).equilibrium
        assert eq is not None
        regret = max(case["qre_tight"]["regret"], 0.0) / game.payoff_range
        assert _distance(eq.probabilities, case["qre_tight"]["strategies"]) <= max(
            1e-6, 1000 * regret
        )
