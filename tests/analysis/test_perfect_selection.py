"""The "perfect" selection rule and the perfection flags of equilibrium_credibility."""

from __future__ import annotations

import pytest

import mediation_sim as ms
from mediation_sim._errors import InvalidArgumentError

# A settlement that rests on a threat: the defender "punishes" an attack, which costs
# it as much as the attacker, and the challenger settles. Punishing is never tested
# (the challenger settles) and weakly dominated by acquiescing.
THREAT = """
schema_version = 1
[scenario]
name = "threat"
[players.challenger]
strategies = ["settle", "attack"]
[players.defender]
strategies = ["acquiesce", "punish"]
[outcomes.settlement]
settlement = true
[outcomes.gains]
[outcomes.war]
[parameters.stake]
kind = "control"
default = 1.0
bounds = [0.5, 2.0]
[[outcome_rules]]
when = { challenger = "settle" }
lottery = "settlement"
[[outcome_rules]]
when = { challenger = "attack", defender = "acquiesce" }
lottery = "gains"
[[outcome_rules]]
when = {}
lottery = "war"
[utilities.challenger]
settlement = 0.0
gains = "stake"
war = -1.0
[utilities.defender]
settlement = "stake"
gains = 0.0
war = -1.0
"""

# known answers of the v0.1 payoffs (the revised flagship is pinned in
# tests/scenarios/test_ukraine_2023_revised.py and the docs)
SC = ms.scenarios.load("ukraine-2023-v0.1").with_structure("simultaneous")


def test_no_settlement_on_a_threat_that_would_not_be_carried_out():
    sc = ms.scenarios.from_string(THREAT)
    best = ms.analysis.select_equilibrium(sc, "best")
    assert best.settlement_probability == 1.0  # the threat equilibrium
    assert best.profile.pure_labels == {"challenger": "settle", "defender": "punish"}
    perfect = ms.analysis.select_equilibrium(sc, "perfect")
    assert perfect.profile.pure_labels == {"challenger": "attack", "defender": "acquiesce"}
    assert perfect.settlement_probability == 0.0
    assert perfect.n_equilibria == 1
    assert perfect.settlement_range == (0.0, 0.0)
    assert "1 perfect of 3 Nash" in perfect.note
    flags = {
        e.profile["challenger"]: (e.weakly_dominated, e.perfect)
        for e in ms.analysis.equilibrium_credibility(sc)
    }
    assert flags == {"settle": (("defender",), False), "attack": ((), True)}


def test_flagship_one_shot_perfect_equilibria_at_0_6():
    perfect = ms.analysis.select_equilibrium(SC, "perfect", china_pressure=0.6)
    assert perfect.n_equilibria == 3
    assert perfect.settlement_range == (0.0, 1.0)
    assert perfect.settlement_probability == 1.0
    assert perfect.profile.pure_labels["moscow"] == "withdraw"
    game = perfect.profile.game
    assert game.is_nash(perfect.profile)
    assert ms.solvers.is_perfect(game, perfect.profile, rng=0)
    # "fight on" is weakly dominated for Moscow by offering a ceasefire
    eqs = ms.analysis.equilibrium_credibility(SC, china_pressure=0.6)
    fight = next(e for e in eqs if e.profile["moscow"] == "fight_on")
    assert fight.weakly_dominated == ("moscow",)
    assert fight.perfect is False
    assert [e.perfect for e in eqs if e.profile["moscow"] != "fight_on"] == [True, True]
    # every one of them still has an indifferent player: the strict flag stays off
    assert not any(e.credible for e in eqs)


def test_sequential_structures_keep_perfect_unset_and_refuse_the_rule():
    sequential = ms.scenarios.load("ukraine-2023-v0.1")
    (spe,) = ms.analysis.equilibrium_credibility(sequential, china_pressure=0.6)
    assert spe.perfect is None
    assert spe.to_dict()["perfect"] is None
    with pytest.raises(InvalidArgumentError, match="subgame_perfect"):
        ms.analysis.select_equilibrium(sequential, "perfect", china_pressure=0.6)


def test_unknown_rule_lists_perfect():
    with pytest.raises(InvalidArgumentError, match="perfect"):
        ms.analysis.select_equilibrium(SC, "trembling", china_pressure=0.6)  # type: ignore[arg-type]


def test_proper_rule_refines_perfect():
    sc = ms.scenarios.from_string(THREAT)
    proper = ms.analysis.select_equilibrium(sc, "proper")
    assert proper.profile.pure_labels == {"challenger": "attack", "defender": "acquiesce"}
    assert "1 proper of 3 Nash" in proper.note
    flagship = ms.analysis.select_equilibrium(SC, "proper", china_pressure=0.6)
    perfect = ms.analysis.select_equilibrium(SC, "perfect", china_pressure=0.6)
    assert flagship.n_equilibria <= perfect.n_equilibria
    assert flagship.settlement_range == (0.0, 1.0)
    assert ms.solvers.is_proper(flagship.profile.game, flagship.profile, rng=0)
