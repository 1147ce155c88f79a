"""The sequential Beijing -> Moscow -> Kyiv game agrees with the closed-form bargaining range.

A generic three-player tree (illustrative numbers, not the flagship scenario's
assumptions): Beijing chooses whether to press Moscow at a given pressure;
Moscow offers a full withdrawal (Kyiv's share 1), offers a ceasefire on the
current lines (share ``x_c``), or fights on; Kyiv accepts or rejects the
ceasefire; war is a lottery in which Kyiv wins with probability ``p``. The
rationalist model with the same numbers says Moscow concedes exactly when the
pressure reaches ``(1 - p - c_B) / leverage``; backward induction on the tree
must agree at every pressure.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from mediation_sim.games import GameTree, chance, decision, terminal
from mediation_sim.models import RationalistModel
from mediation_sim.solvers import backward_induction, subgame_regrets

# Illustrative assumptions (shares of the contested territory held by Kyiv)
P_WIN = 0.55  # Kyiv's probability of winning a war outright
COST_KYIV = 0.10
COST_MOSCOW = 0.15
LEVERAGE = 0.5  # rise in Moscow's cost per unit of Beijing's pressure
CEASEFIRE_SHARE = 0.40  # below Kyiv's war value 0.45: Kyiv rejects a ceasefire
BEIJING_GAIN = 0.30  # Beijing's gain from any settlement
BEIJING_COST = 0.40  # Beijing's cost per unit of pressure


def war(pressure: float, beijing: float) -> Any:
    cost_moscow = COST_MOSCOW + LEVERAGE * pressure
    return chance(
        {
            "kyiv_wins": (
                P_WIN,
                terminal(
                    {"kyiv": 1 - COST_KYIV, "moscow": -cost_moscow, "beijing": beijing},
                    outcome="war",
                ),
            ),
            "moscow_wins": (
                1 - P_WIN,
                terminal(
                    {"kyiv": -COST_KYIV, "moscow": 1 - cost_moscow, "beijing": beijing},
                    outcome="war",
                ),
            ),
        }
    )


def moscow_stage(pressure: float) -> Any:
    pressing_cost = -BEIJING_COST * pressure
    settled = BEIJING_GAIN + pressing_cost
    return decision(
        "moscow",
        {
            "withdraw": terminal(
                {"kyiv": 1.0, "moscow": 0.0, "beijing": settled}, outcome="withdrawal"
            ),
            "ceasefire": decision(
                "kyiv",
                {
                    "accept": terminal(
                        {
                            "kyiv": CEASEFIRE_SHARE,
                            "moscow": 1 - CEASEFIRE_SHARE,
                            "beijing": settled,
                        },
                        outcome="ceasefire",
                    ),
                    "fight_on": war(pressure, pressing_cost),
                },
            ),
            "fight": war(pressure, pressing_cost),
        },
    )


def beijing_moscow_kyiv(pressure: float) -> GameTree:
    return GameTree(
        # standing aside is listed first, so a Beijing indifferent between the two stands aside
        decision("beijing", {"stand_aside": moscow_stage(0.0), "press": moscow_stage(pressure)}),
        ["beijing", "moscow", "kyiv"],
        title=f"Beijing -> Moscow -> Kyiv (pressure {pressure:g})",
    )


MODEL = RationalistModel(P_WIN, COST_KYIV, COST_MOSCOW, leverage=LEVERAGE, sides=("kyiv", "moscow"))
CRITICAL = float(MODEL.critical_pressure(1.0))
PRESSURES = sorted({*np.linspace(0.0, 1.0, 41).tolist(), CRITICAL})


def test_the_critical_pressure_is_inside_the_grid() -> None:
    assert pytest.approx((1 - P_WIN - COST_MOSCOW) / LEVERAGE) == CRITICAL
    assert 0 < CRITICAL < 1
    assert CEASEFIRE_SHARE < P_WIN - COST_KYIV  # Kyiv rejects the ceasefire


@pytest.mark.parametrize("pressure", PRESSURES)
def test_moscow_concedes_iff_pressure_reaches_the_critical_value(pressure: float) -> None:
    tree = beijing_moscow_kyiv(pressure)
    res = backward_induction(tree)
    moscow = res.profile[("moscow", "root/press")]
    concedes = moscow["withdraw"] == 1.0
    assert concedes == (pressure >= CRITICAL)
    assert concedes == MODEL.accepts(1.0, pressure)
    # without pressure Moscow never concedes (a ceasefire offer Kyiv rejects is war as well)
    assert res.profile[("moscow", "root/stand_aside")]["withdraw"] == 0.0
    np.testing.assert_allclose(res.value_at(("stand_aside",))[1:], MODEL.war_payoffs(0.0)[::-1])
    # the settlement value in the tree is the model's: war payoffs or the withdrawal
    expected = MODEL.war_payoffs(pressure)
    value = res.value_at(("press",))
    if concedes:
        np.testing.assert_allclose(value[1:], [0.0, 1.0])
    else:
        np.testing.assert_allclose(value[1:], [expected[1], expected[0]], atol=1e-12)


@pytest.mark.parametrize("pressure", PRESSURES)
def test_beijing_presses_inside_its_window(pressure: float) -> None:
    # Beijing gains from pressing only when it works and costs less than the settlement gain
    res = backward_induction(beijing_moscow_kyiv(pressure))
    presses = res.path[:1] == ("press",)
    top = BEIJING_GAIN / BEIJING_COST
    window = CRITICAL <= pressure < top
    if pressure == pytest.approx(top):
        assert not presses  # indifferent at the top of the window: stands aside
        return
    assert presses == window
    if presses:
        assert res.outcome_probabilities(by="outcome") == {"withdrawal": 1.0}


def test_the_equilibrium_is_subgame_perfect() -> None:
    tree = beijing_moscow_kyiv(0.5)
    res = backward_induction(tree)
    assert max(subgame_regrets(tree, res.profile).values()) <= 1e-12


def test_a_menu_of_offers_lands_at_the_bottom_of_the_range() -> None:
    # Moscow proposing from a fine menu takes everything Kyiv would not fight for: the SPE
    # share is the bottom of the bargaining range, the Nash split is its middle
    grid = 100
    for pressure in (0.0, 0.2, 0.6):
        cost_moscow = COST_MOSCOW + LEVERAGE * pressure
        offers = {
            f"offer {k}%": decision(
                "kyiv",
                {
                    "accept": terminal([k / grid, 1 - k / grid]),
                    "fight_on": terminal([P_WIN - COST_KYIV, 1 - P_WIN - cost_moscow]),
                },
            )
            for k in range(grid + 1)
        }
        res = backward_induction(GameTree(decision("moscow", offers), ["kyiv", "moscow"]))
        low, high = MODEL.bargaining_range(pressure)
        share = float(res.payoffs[0])
        assert low - 1e-12 <= share <= low + 1 / grid
        assert share <= MODEL.nash_share(pressure) <= high
