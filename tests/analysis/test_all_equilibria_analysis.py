"""Analysis over all equilibria: mixed fallback, equilibrium kinds, selection, multiplicity."""

from __future__ import annotations

import numpy as np
import pytest

import mediation_sim as ms
from mediation_sim._errors import InvalidArgumentError

from .test_sweep import PENNIES

# the one-shot game (v0.1 structure): mixed equilibria live in normal-form games
# known answers of the v0.1 payoffs (the revised flagship is pinned in
# tests/scenarios/test_ukraine_2023_revised.py and the docs)
SC = ms.scenarios.load("ukraine-2023-v0.1").with_structure("simultaneous")


def test_sweep_solves_points_without_pure_equilibrium_by_mixed_equilibria():
    sc = ms.scenarios.from_string(PENNIES)
    df = ms.analysis.sweep(sc, stake=[-1.0, 0.0, 1.0])
    assert not df["settlement_probability"].isna().any()
    mixed = df[df["equilibrium_kind"] == "mixed"]
    assert sorted(mixed["point"]) == [0, 2]
    assert set(mixed["a"]) == {"x:0.5|y:0.5"}
    assert mixed["settlement_probability"].tolist() == pytest.approx([0.5, 0.5])
    assert set(mixed["method"]) == {"all_nash"}
    assert set(df.loc[df["point"] == 1, "equilibrium_kind"]) == {"pure"}
    old = ms.analysis.sweep(sc, stake=[-1.0, 0.0, 1.0], mixed=False)
    assert set(old.loc[old["equilibrium"] < 0, "equilibrium_kind"]) == {"none"}


def test_monte_carlo_fills_missing_pure_equilibria_with_mixed_ones():
    mc = ms.analysis.monte_carlo(SC, n=24, rng=0, grid=np.linspace(0, 1, 6), block_size=24)
    curves = mc.curves
    assert (curves["equilibrium_kind"] == "mixed").any()
    found = curves["equilibrium_kind"] != "none"
    assert not curves.loc[found, ["best", "worst"]].isna().any().any()
    assert (curves["best"] >= curves["worst"]).all()
    plain = ms.analysis.monte_carlo(
        SC, n=24, rng=0, grid=np.linspace(0, 1, 6), block_size=24, mixed=False
    )
    was_missing = plain.curves["best"].isna()
    assert was_missing.sum() == (curves["equilibrium_kind"] == "mixed").sum()
    pure = ~was_missing
    assert np.allclose(plain.curves.loc[pure, "best"], curves.loc[pure, "best"])


def test_selection_rules_are_stated_and_ordered():
    best = ms.analysis.select_equilibrium(SC, "best", china_pressure=0.6)
    worst = ms.analysis.select_equilibrium(SC, "worst", china_pressure=0.6)
    assert best.settlement_probability == pytest.approx(1.0)
    assert worst.settlement_probability == pytest.approx(0.0)
    assert best.settlement_range == worst.settlement_range
    assert best.n_equilibria >= 5
    assert "not proved complete" in best.note
    dominance = ms.analysis.select_equilibrium(SC, "payoff_dominance", china_pressure=0.6)
    assert dominance.profile is None  # Moscow prefers the war equilibria, the others do not
    assert "no equilibrium is payoff-dominant" in dominance.note
    for rule in ("tracing", "risk_dominance", "logit"):
        chosen = ms.analysis.select_equilibrium(SC, rule, china_pressure=0.6)
        assert chosen.profile is not None
        assert chosen.profile.game.is_nash(chosen.profile)
        lo, hi = best.settlement_range
        assert lo - 1e-9 <= chosen.settlement_probability <= hi + 1e-9
    assert best.to_dict()["rule"] == "best"
    with pytest.raises(InvalidArgumentError, match="unknown rule"):
        ms.analysis.select_equilibrium(SC, "focal", china_pressure=0.6)  # type: ignore[arg-type]


def test_selection_refuses_a_multi_stage_structure():
    # Nash equilibria of the one-shot game would drop the move order (and admit
    # non-credible threats); the sequential flagship's answer is its SPE.
    sequential = ms.scenarios.load("ukraine-2023-v0.1")
    assert sequential.is_sequential
    with pytest.raises(InvalidArgumentError, match="subgame_perfect"):
        ms.analysis.select_equilibrium(sequential, "best", china_pressure=0.6)
    spe = sequential.subgame_perfect(china_pressure=0.6)
    assert bool(spe.unique)
    assert float(spe.settlement_probability) == pytest.approx(1.0)


def test_payoff_dominance_picks_the_pareto_best_equilibrium_of_a_stag_hunt():
    from mediation_sim.analysis._selection import _payoff_dominant

    stag_hunt = ms.NormalFormGame([[[4, 0], [3, 3]], [[4, 3], [0, 3]]])
    equilibria = list(ms.solvers.all_nash(stag_hunt))
    assert len(equilibria) == 3
    k = _payoff_dominant(equilibria, atol=1e-12)
    assert k is not None
    assert equilibria[k].pure_indices == (0, 0)
    chicken = ms.NormalFormGame([[[0, -1], [1, -10]], [[0, 1], [-1, -10]]])
    assert _payoff_dominant(list(ms.solvers.all_nash(chicken)), atol=1e-12) is None


def test_multiplicity_measures_the_coordination_problem():
    sc = ms.scenarios.from_string(PENNIES)
    df = ms.analysis.sweep(sc, stake=[-1.0, 0.0, 1.0])
    m = ms.analysis.equilibrium_multiplicity(df)
    assert m.n_points == 3
    assert m.share_multiple == pytest.approx(1 / 3)
    assert m.share_divergent == pytest.approx(1 / 3)  # stake 0: matching settles, mismatching not
    assert m.divergent_points == (1,)
    with pytest.raises(InvalidArgumentError):
        ms.analysis.equilibrium_multiplicity(df.drop(columns=["point"]))


#: Player b always prefers a mismatch; a's preference follows the stake: for
#: stake > 0 the game is matching pennies (no pure equilibrium, settlement 1/2).
HALF_PENNIES = PENNIES.replace(
    "[[outcome_rules]]",
    "[parameters.b_stake]\ndefault = -1.0\nbounds = [-1.0, 1.0]\njudgement = true\n"
    "[[outcome_rules]]",
    1,
).replace('match = "-stake"\nmismatch = "stake"', 'match = "b_stake"\nmismatch = "-b_stake"')


def test_critical_value_judges_ranges_without_pure_equilibria_by_mixed_ones():
    sc = ms.scenarios.from_string(HALF_PENNIES)
    res = ms.analysis.critical_value(sc, "stake", level=0.4, n_grid=21)
    assert res.equilibrium_kind == "pure and mixed"
    ((a, b),) = res.mixed_ranges
    assert a == pytest.approx(0.0, abs=1e-6)
    assert b == 1.0
    ((lo, hi),) = res.intervals  # the mixed equilibrium settles with probability 1/2
    assert lo == pytest.approx(0.0, abs=1e-6)
    assert hi == 1.0
    assert res.to_dict()["equilibrium_kind"] == "pure and mixed"
    assert "pure and mixed" in repr(res)
    # the same equilibrium fails a level of 0.6, under either selection rule
    assert not ms.analysis.critical_value(sc, "stake", level=0.6, n_grid=21).holds_somewhere
    worst = ms.analysis.critical_value(sc, "stake", level=0.4, selection="worst", n_grid=21)
    assert worst.intervals == res.intervals
    # pure equilibria only: the condition fails wherever none exists
    pure = ms.analysis.critical_value(sc, "stake", level=0.4, mixed=False)
    assert pure.equilibrium_kind == "pure"
    assert not pure.holds_somewhere


def test_critical_value_agrees_with_exact_pure_breakpoints_where_pure_equilibria_exist():
    for mode, outcome in (("committed", "withdrawal"), ("strategic", "settlement")):
        res = ms.analysis.critical_value(SC, "china_pressure", outcome=outcome, mode=mode)
        pure = ms.analysis.critical_value(
            SC, "china_pressure", outcome=outcome, mode=mode, mixed=False
        )
        assert res.equilibrium_kind == "pure"
        assert res.mixed_ranges == ()
        assert res.intervals == pure.intervals
        assert res.method == "exact"


def test_critical_value_on_a_flagship_draw_whose_window_has_only_mixed_equilibria():
    from mediation_sim.analysis._monte_carlo import sample_parameters
    from mediation_sim.solvers.pure import pure_nash_mask

    draws = sample_parameters(SC, 48, rng=np.random.default_rng(0))
    grid = np.linspace(0, 1, 11)
    for k in range(48):
        params = {p: float(np.asarray(v)[k]) for p, v in draws.items() if p != "china_pressure"}
        pay = SC.payoffs(**params, china_pressure=grid)
        has = pure_nash_mask(pay, n_players=pay.shape[1], tol=1e-8).reshape(grid.size, -1)
        if not has.any(axis=1).all():
            break
    else:  # the seed is fixed: a draw without a pure equilibrium must be among the 48
        pytest.fail("no draw of the first 48 lacks a pure equilibrium on the grid")
    res = ms.analysis.critical_value(SC, "china_pressure", n_grid=11, **params)
    pure = ms.analysis.critical_value(SC, "china_pressure", mixed=False, **params)
    assert res.equilibrium_kind != "pure"
    assert res.mixed_ranges
    a, b = res.mixed_ranges[0]
    x = 0.5 * (a + b)
    game = SC.game(china_pressure=x, **params)
    assert not ms.solvers.pure_nash(game).equilibria
    sel = ms.analysis.select_equilibrium(SC, "best", china_pressure=x, **params)
    inside = any(lo <= x <= hi for lo, hi in res.intervals)
    assert inside == (sel.settlement_probability >= 0.5 - 1e-12)
    # where pure equilibria exist, the pure intervals are kept
    for lo, hi in pure.intervals:
        assert any(c <= lo and hi <= d for c, d in res.intervals)
