"""Declared checks on the game itself: the equilibrium threshold and path probabilities.

These tests fail if the checks engine evaluated the bargaining model's closed
form ``(x - p - c_B) / leverage`` instead of the game's own equilibrium.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import mediation_sim as ms
from mediation_sim._errors import InvalidArgumentError, SpecError
from mediation_sim.scenarios import Monotone, check_assumptions, game_threshold
from mediation_sim.scenarios.assumptions import equilibrium_quantity

SC = ms.scenarios.load("ukraine-2023")


@pytest.mark.parametrize("structure", ["sequential", "simultaneous", "west_commits_first"])
@pytest.mark.parametrize("mode", ["strategic", "committed"])
@pytest.mark.parametrize(
    "params", [{}, {"leverage": 1.2}, {"beijing_partnership_cost": 0.9, "war_cost_moscow": 0.2}]
)
def test_game_threshold_agrees_with_exact_breakpoints(
    structure: str, mode: str, params: dict[str, float]
) -> None:
    sc = SC.with_structure(structure)
    exact = ms.analysis.critical_value(
        sc, "china_pressure", outcome="withdrawal", mode=mode, mixed=False, **params
    )
    found = game_threshold(sc, "withdrawal", mode=mode, **params)
    if exact.value is None or math.isnan(exact.value):
        assert found == math.inf
    else:
        assert found == pytest.approx(exact.value, abs=1e-9)


def test_game_threshold_is_not_the_closed_form() -> None:
    # Beijing would never pay a partnership cost of 2 to press: the game never
    # reaches withdrawal, while the closed form only looks at Moscow's costs.
    assert float(SC.critical_pressure("withdrawal", beijing_partnership_cost=2.0)) == (
        pytest.approx(0.59)
    )
    # even at the defaults the game needs more than the closed form (Moscow's revisionist aim)
    assert game_threshold(SC, "withdrawal") == pytest.approx(0.680667, abs=1e-6)
    assert game_threshold(SC, "withdrawal", beijing_partnership_cost=2.0) == math.inf
    assert equilibrium_quantity(
        SC, "game_critical_pressure:withdrawal", beijing_partnership_cost=2.0
    ) == (math.inf)


def test_a_game_check_fails_where_the_closed_form_check_holds() -> None:
    game = Monotone(
        "game_critical_pressure:withdrawal", "beijing_partnership_cost", "nonincreasing"
    )
    closed = Monotone("critical_pressure:withdrawal", "beijing_partnership_cost", "nonincreasing")
    point = SC.defaults()
    bad = game.evaluate(SC, point, low=0.6, high=2.0)
    assert not bad.holds
    assert "inf" in bad.detail
    assert "structure sequential" in bad.detail
    assert closed.evaluate(SC, point, low=0.6, high=2.0).holds


def test_game_check_follows_the_structure() -> None:
    # Without seeing the pressure, Moscow never withdraws; under the default
    # order it does from the threshold on.
    seq = game_threshold(SC, "withdrawal")
    hidden = game_threshold(SC.with_structure("unobserved_pressure"), "withdrawal")
    assert seq < 1.0
    assert hidden == math.inf
    check = Monotone(
        "game_critical_pressure:withdrawal",
        "leverage",
        "nonincreasing",
        structure="unobserved_pressure",
    )
    assert (
        "structure unobserved_pressure"
        in check.evaluate(SC, SC.defaults(), low=0.7, high=1.0).detail
    )


@pytest.mark.parametrize("pressure", [0.0, 0.3, 0.6, 0.95])
def test_game_outcome_probability_is_the_path_probability(pressure: float) -> None:
    spe = SC.subgame_perfect(china_pressure=pressure)
    dist = spe.outcome_distribution()
    for outcome in SC.outcomes:
        q = equilibrium_quantity(SC, f"game_outcome_probability:{outcome}", china_pressure=pressure)
        assert q == pytest.approx(dist[outcome])
    settle = sum(dist[o] for o in SC.settlement_outcomes)
    assert equilibrium_quantity(
        SC, "game_settlement_probability", china_pressure=pressure
    ) == pytest.approx(settle)


def test_one_stage_game_quantity_is_the_best_pure_equilibrium() -> None:
    sc = SC.with_structure("simultaneous")
    for pressure in (0.2, 0.6):
        best = max(
            sum(sc.outcome_distribution(eq, china_pressure=pressure)[o] for o in ["withdrawal"])
            for eq in ms.solvers.pure_nash(sc.game(china_pressure=pressure))
        )
        q = equilibrium_quantity(sc, "game_outcome_probability:withdrawal", china_pressure=pressure)
        assert q == pytest.approx(best)


def test_declared_game_checks_are_on_the_game_and_hold() -> None:
    declared = ms.scenarios.declared_assumptions(SC)
    game = [a for a in declared if isinstance(a, Monotone) and a.quantity.startswith("game_")]
    assert {a.parameter for a in game} >= {"leverage", "breakthrough_offensive", "war_cost_kyiv"}
    results = check_assumptions(SC, game, n_samples=6, rng=5)
    assert all(r.holds for r in results), [r.detail for r in results if not r.holds]


def test_game_check_errors_are_clear() -> None:
    with pytest.raises(InvalidArgumentError, match="china_pressure"):
        Monotone("game_critical_pressure:withdrawal", "china_pressure", "nonincreasing").evaluate(
            SC, SC.defaults(), low=0.1, high=0.2
        )
    with pytest.raises(InvalidArgumentError, match="game_threshold"):
        game_threshold(SC, "withdrawal", china_pressure=0.3)
    with pytest.raises(InvalidArgumentError, match="unknown quantity"):
        Monotone("game_threshold:withdrawal", "leverage", "nonincreasing")
    text = ms.scenarios.load("ukraine-2023").spec.path
    with open(text, encoding="utf-8") as fh:
        source = fh.read()
    bad = source + (
        '\n[[checks]]\nkind = "monotone"\ndescription = "x"\n'
        'quantity = "game_critical_pressure:withdrawal"\nparameter = "leverage"\n'
        'direction = "nonincreasing"\nstructure = "nowhere"\n'
    )
    sc = ms.scenarios.from_string(bad)
    with pytest.raises(SpecError, match="unknown structure"):
        ms.scenarios.declared_assumptions(sc)


def test_game_threshold_vectorised_scan_matches_pointwise_path() -> None:
    t = game_threshold(SC, "withdrawal", mode="committed")
    below = SC.subgame_perfect(china_pressure=np.array([t - 1e-6]), mode="committed")
    above = SC.subgame_perfect(china_pressure=np.array([t + 1e-6]), mode="committed")
    assert below.labels((0,))["moscow"] != "withdraw"
    assert above.labels((0,))["moscow"] == "withdraw"
