"""Bargaining stages inside a scenario's move order: spec, protocols' terms, the game."""

from __future__ import annotations

import itertools
import math
import pickle
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mediation_sim as ms

DATA = Path(__file__).parents[1] / "data" / "scenarios"
TINY = DATA / "bargaining_stage.toml"
TEXT = TINY.read_text()
SC = ms.scenarios.from_toml(TINY)
terms_of = ms.scenarios.bargained_terms

unit = st.floats(0.0, 1.0, allow_nan=False)
bounds_pairs = st.tuples(st.floats(-0.5, 1.5), st.floats(-0.5, 1.5))
discounts = st.floats(0.0, 0.99)


# ----------------------------------------------------------------------------- the spec
def test_bargaining_structures_are_read_with_their_stage():
    b = SC.with_structure("nash_talks")
    assert b.is_sequential
    assert b.bargaining is not None
    assert b.stages == (("m",), ("a",))
    assert b.bargaining.between == ("a", "b")
    assert b.bargaining.after == 1
    assert dict(b.bargaining.disagreement) == {"b": "fight_on"}
    d = b.structure_spec.to_dict()["bargaining"]
    assert d["protocol"] == "nash"
    assert d["power"] == "power_a"
    assert "Nash bargaining" in b.bargaining.describe()
    # sub-table form reads the same way as the inline table
    assert SC.with_structure("rubinstein").bargaining.discount is not None
    assert SC.with_structure("menu").bargaining is None


def test_python_built_structures_pickle_and_compare():
    b = SC.with_bargaining("take_it_or_leave_it", proposer="a")
    assert b.structure == "menu+take_it_or_leave_it"
    assert b.stages == (("m",), ("a",))  # side B's stage became the bargaining stage
    back = pickle.loads(pickle.dumps(b))
    assert back == b
    assert back.bargaining == b.bargaining
    assert b != SC.with_bargaining("take_it_or_leave_it", proposer="b")
    # the same protocol as the declared structure gives the same game
    declared = SC.with_structure("a_demands").subgame_perfect(pressure=np.linspace(0, 1, 7))
    built = b.subgame_perfect(pressure=np.linspace(0, 1, 7))
    np.testing.assert_allclose(built.terms, declared.terms)


def _spec_with(bargaining: str) -> str:
    return TEXT + f'\n[structures.extra]\nstages = [["m"], ["a"]]\nbargaining = {bargaining}\n'


@pytest.mark.parametrize(
    ("table", "key", "message"),
    [
        ('{protocol = "nahs", after = 1}', "protocol", "did you mean 'nash'"),
        (
            '{protocol = "take_it_or_leave_it", after = 1, outcome = "deal", terms = "share"}',
            "proposer",
            "needs 'proposer'",
        ),
        ('{protocol = "nash", after = 5, outcome = "deal", terms = "share"}', "after", "0..2"),
        (
            '{protocol = "nash", after = 1, outcome = "a_wins", terms = "share"}',
            "outcome",
            "not one",
        ),
        (
            '{protocol = "nash", after = 1, outcome = "deal", terms = "shre"}',
            "terms",
            "did you mean 'share'",
        ),
        (
            (
                '{protocol = "nash", after = 1, outcome = "deal", terms = "win_a", '
                'disagreement = {b = "fight_on"}}'
            ),
            "terms",
            "opposed interests",
        ),
        (
            '{protocol = "nash", power = 2, after = 1, outcome = "deal", terms = "share"}',
            "power",
            "[0, 1]",
        ),
        (
            (
                '{protocol = "alternating_offers", discount = 1, after = 1, outcome = "deal", '
                'terms = "share"}'
            ),
            "discount",
            "[0, 1)",
        ),
        (
            '{protocol = "nash", proposer = "a", after = 1, outcome = "deal", terms = "share"}',
            "proposer",
            "does not apply",
        ),
        (
            (
                '{protocol = "nash", after = 1, outcome = "deal", terms = "share", '
                'disagreement = {a = "fight"}}'
            ),
            "disagreement",
            "moves in a stage",
        ),
        (
            (
                '{protocol = "nash", after = 1, outcome = "deal", terms = "share", '
                'disagreement = {b = "surrender"}}'
            ),
            "disagreement",
            "strategy",
        ),
        (
            '{protocol = "nash", after = 1, outcome = "deal", terms = "share"}',
            "stages",
            "in no stage",
        ),
        (
            '{protocol = "nash", after = 1, outcome = "deal", terms = "share", color = 1}',
            "color",
            "unknown key",
        ),
    ],
)
def test_bad_bargaining_tables_give_located_errors(table, key, message):
    with pytest.raises(ms.SpecError) as info:
        ms.scenarios.from_string(_spec_with(table))
    err = info.value
    assert message in str(err)
    assert err.line is not None
    assert err.line > TEXT.count("\n")
    assert key in (err.key or "")


def test_with_bargaining_refuses_bad_options_by_name():
    with pytest.raises(ms.InvalidArgumentError, match="did you mean 'nash'"):
        SC.with_bargaining("nasch")
    with pytest.raises(ms.InvalidArgumentError, match="proposer"):
        SC.with_bargaining("take_it_or_leave_it", proposer="m")
    with pytest.raises(ms.InvalidArgumentError, match="discount"):
        SC.with_bargaining("alternating_offers", discount=1.2)


# ----------------------------------------------------------------------------- the protocols
@given(bounds_pairs, unit)
def test_terms_lie_in_the_core_whenever_it_is_not_empty(pair, power):
    lo, hi = pair
    core = (max(lo, 0.0), min(hi, 1.0))
    for protocol, kw in [
        ("nash", {"power": power}),
        ("take_it_or_leave_it", {"proposer": 0}),
        ("take_it_or_leave_it", {"proposer": 1}),
        ("alternating_offers", {"discount": (0.9, 0.5)}),
        ("alternating_offers", {"discount": (0.5, 0.9), "rounds": 3, "proposer": 1}),
        ("mediator", {"mediator_slope": power - 0.5}),
    ]:
        x = float(terms_of(lo, hi, protocol, **kw))
        if core[0] <= core[1] + 1e-12:
            assert core[0] - 1e-12 <= x <= core[1] + 1e-12, protocol
        else:
            assert math.isnan(x), protocol


@given(bounds_pairs, unit, unit)
def test_nash_terms_rise_with_side_a_bargaining_power(pair, w1, w2):
    lo, hi = pair
    x1, x2 = (float(terms_of(lo, hi, "nash", power=w)) for w in (w1, w2))
    if not math.isnan(x1):
        assert (x1 <= x2 + 1e-12) if w1 <= w2 else (x2 <= x1 + 1e-12)


@given(st.floats(-0.3, 0.5), st.floats(0.05, 1.0), st.floats(0.05, 0.95))
def test_nash_terms_are_the_solvers_nash_bargaining_solution(lo, width, power):
    # side A's utility x, side B's 1 - x on the segment x in [0, 1]; d from lo, hi
    hi = lo + width
    if max(lo, 0.0) > min(hi, 1.0):
        return
    problem = ms.games.BargainingProblem([[0.0, 1.0], [1.0, 0.0]], disagreement=(lo, 1.0 - hi))
    sol = ms.solvers.nash_bargaining(problem, weights=(power, 1.0 - power))
    x = float(terms_of(lo, hi, "nash", power=power))
    assert x == pytest.approx(float(sol.point[0]), abs=1e-7)


@given(bounds_pairs)
def test_take_it_or_leave_it_gives_the_proposer_the_far_end_of_the_core(pair):
    lo, hi = pair
    a_end = float(terms_of(lo, hi, "take_it_or_leave_it", proposer=0))
    b_end = float(terms_of(lo, hi, "take_it_or_leave_it", proposer=1))
    if max(lo, 0.0) <= min(hi, 1.0):
        assert a_end == pytest.approx(min(hi, 1.0))
        assert b_end == pytest.approx(max(lo, 0.0))


@given(st.floats(0.0, 0.4), st.floats(0.6, 1.0), discounts, discounts, st.sampled_from([0, 1]))
def test_alternating_offers_inside_the_core_is_rubinstein(lo, hi, d_a, d_b, first):
    # the core [lo, hi] lies inside [0, 1]: no end binds, the surplus is split as Rubinstein's
    x = float(terms_of(lo, hi, "alternating_offers", discount=(d_a, d_b), proposer=first))
    share_a = ms.solvers.rubinstein(d_a, d_b, proposer=first).shares[0]
    assert x == pytest.approx(lo + share_a * (hi - lo), abs=1e-12)


@given(st.integers(1, 12), discounts, discounts, st.sampled_from([0, 1]))
def test_finite_horizon_alternating_offers_is_the_solvers_recursion(rounds, d_a, d_b, first):
    x = float(
        terms_of(0.0, 1.0, "alternating_offers", discount=(d_a, d_b), rounds=rounds, proposer=first)
    )
    ref = ms.solvers.alternating_offers(rounds, d_a, d_b, proposer=first)
    assert x == pytest.approx(float(ref.shares[0]), abs=1e-12)


def test_rubinstein_with_patient_sides_tends_to_the_nash_split():
    lo, hi = 0.245, 0.505
    nash = float(terms_of(lo, hi, "nash"))
    gaps = [
        abs(float(terms_of(lo, hi, "alternating_offers", discount=(d, d))) - nash)
        for d in (0.9, 0.99, 0.999, 0.9999)
    ]
    assert all(b < a for a, b in itertools.pairwise(gaps))
    assert gaps[-1] < 1e-4
    # with unequal patience the limit is the asymmetric Nash split, weights 1/r_i
    r_a, r_b, dt = 1.0, 3.0, 1e-5
    x = float(
        terms_of(lo, hi, "alternating_offers", discount=(math.exp(-r_a * dt), math.exp(-r_b * dt)))
    )
    assert x == pytest.approx(float(terms_of(lo, hi, "nash", power=r_b / (r_a + r_b))), abs=1e-4)


def test_alternating_offers_with_a_cut_core_is_solved_exactly():
    # hi > 1: side A can get at most 1; the stationary offers satisfy both indifferences
    lo, hi, d_a, d_b = 0.5, 1.4, 0.9, 0.9
    x = float(terms_of(lo, hi, "alternating_offers", discount=(d_a, d_b)))
    y_a, s = x - lo, hi - lo
    y_b = max(0.0, d_a * y_a)  # B's stationary proposal
    assert y_a == pytest.approx(min(1.0 - lo, s - d_b * (s - y_b)))
    # the fixed point is unique: iterating the offers map from anywhere reaches it
    y = 0.0
    for _ in range(2000):
        y = min(1.0 - lo, s - d_b * (s - max(0.0, d_a * y)))
    assert y_a == pytest.approx(y)


def test_the_mediator_takes_the_end_it_prefers_or_splits_evenly():
    assert float(terms_of(0.2, 0.6, "mediator", mediator_slope=1.0)) == pytest.approx(0.6)
    assert float(terms_of(0.2, 0.6, "mediator", mediator_slope=-1.0)) == pytest.approx(0.2)
    assert float(terms_of(0.2, 0.6, "mediator")) == pytest.approx(0.4)


# ----------------------------------------------------------------------------- the game
def test_disagreement_is_the_war_lottery_so_the_terms_are_the_closed_forms():
    s = np.linspace(0.0, 1.0, 11)
    p, c_a, c_b, lev = 0.4, 0.1, 0.1, 2.0
    lo = np.full_like(s, p - c_a)
    hi = 1.0 - (1.0 - p - c_b - lev * s)
    for name, power in [("a_demands", 1.0), ("nash_talks", 0.5)]:
        spe = SC.with_structure(name).subgame_perfect(pressure=s)
        assert spe.agreed.all()
        want = np.minimum(lo + power * (hi - lo), 1.0)
        np.testing.assert_allclose(spe.terms, want, atol=1e-12)
        assert (spe.probabilities[:, SC.outcomes.index("deal")] == 1.0).all()


def test_an_empty_core_plays_the_war():
    # side B values war beyond the land more than the war costs both: no deal beats
    # fighting, talks fail and the war lottery is played
    sc = SC.with_structure("nash_talks")
    spe = sc.subgame_perfect(pressure=0.0, b_war_value=0.3, mode="free")
    assert not bool(spe.agreed)
    assert math.isnan(float(spe.terms))
    assert spe.outcome_distribution()["a_wins"] == pytest.approx(0.4)


def test_batched_paths_equal_pointwise_paths_and_parameters_of_the_protocol_broadcast():
    sc = SC.with_structure("nash_talks")
    s = np.linspace(0, 1, 5)[:, None]
    w = np.array([0.2, 0.5, 0.9])[None, :]
    batch = sc.subgame_perfect(pressure=s, power_a=w)
    assert batch.shape == (5, 3)
    for i in range(5):
        for j in range(3):
            one = sc.subgame_perfect(pressure=float(s[i, 0]), power_a=float(w[0, j]))
            assert float(one.terms) == pytest.approx(float(batch.terms[i, j]))
            np.testing.assert_allclose(one.payoffs, batch.payoffs[i, j])


def test_the_game_tree_carries_the_bargained_terms_and_backward_induction_agrees():
    for name in ("a_demands", "nash_talks", "rubinstein"):
        sc = SC.with_structure(name)
        for mode in ("committed", "free"):
            tree = sc.game_tree(pressure=0.2, mode=mode)
            spe = ms.solvers.backward_induction(tree)
            path = sc.subgame_perfect(pressure=0.2, mode=mode)
            np.testing.assert_allclose(spe.payoffs, path.payoffs, atol=1e-12)


def test_the_mediator_moves_first_knowing_the_terms_each_choice_brings():
    # the mediator pays for pressing; with no stake in the terms it abstains,
    # with a stake in side A's share it presses to move the terms
    sc = SC.with_structure("nash_talks")
    calm = sc.subgame_perfect(pressure=0.5, mode="free")
    assert calm.labels()["m"] == "abstain"
    keen = sc.subgame_perfect(pressure=0.5, mode="free", m_terms_weight=1.0)
    assert keen.labels()["m"] == "press"
    assert float(keen.terms) > float(calm.terms)
    assert isinstance(keen, ms.scenarios.BargainedPath)
    assert keen.to_dict()["bargaining"]["protocol"] == "nash"
    assert "nash: agree on share=" in repr(keen)


# ----------------------------------------------------------------------------- analysis
def test_the_game_critical_pressure_equals_the_closed_form_under_every_protocol():
    game = ms.analysis.protocol_critical_values(SC, "deal")
    closed = SC.protocol_critical_pressures("deal")
    assert set(game) == set(closed) | {"mediator"}  # the closed form has no mediator
    game.pop("mediator")
    for name, value in game.items():
        if math.isinf(float(closed[name])):
            assert math.isinf(value), name
        else:
            assert value == pytest.approx(float(closed[name]), abs=1e-8), name
    assert game["side_a_proposes"] < game["alternating"] < game["nash"] < game["side_b_proposes"]


@given(st.floats(0.2, 0.6), st.floats(0.05, 0.2), st.floats(0.05, 0.2), st.floats(1.0, 3.0))
def test_game_and_closed_form_agree_across_the_assumption_ranges(win_a, cost_a, cost_b, lev):
    params = {"win_a": win_a, "cost_a": cost_a, "cost_b": cost_b, "leverage": lev}
    game = ms.analysis.protocol_critical_values(SC, "deal", n_grid=41, **params)
    closed = SC.protocol_critical_pressures("deal", **params)
    for name in ("side_a_proposes", "nash"):
        want = float(closed[name])
        assert (math.isinf(game[name]) and math.isinf(want)) or game[name] == pytest.approx(
            want, abs=1e-7
        ), name


def test_the_mediator_row_proposes_what_the_pressing_player_prefers():
    # m applies the pressure, so m mediates: indifferent to the terms it splits the
    # surplus equally (the Nash split); caring for A's share it makes A's demand;
    # caring for B's it makes B's offer
    for weight, same_as in ((0.0, "nash"), (0.2, "side_a_proposes"), (-0.2, "side_b_proposes")):
        game = ms.analysis.protocol_critical_values(SC, "deal", m_terms_weight=weight)
        assert game["mediator"] == game[same_as], weight


def test_where_the_game_departs_from_the_closed_form_it_says_why():
    # side B values war beyond the land: its disagreement value rises, the game
    # needs more pressure than the closed form (which counts land and costs only)
    game = ms.analysis.protocol_critical_values(SC, "deal", b_war_value=0.1)
    closed = SC.protocol_critical_pressures("deal", b_war_value=0.1)
    assert game["side_a_proposes"] == pytest.approx(float(closed["side_a_proposes"]) + 0.1 / 2)


def test_critical_value_and_sweep_run_on_a_bargaining_structure_by_bracketing():
    sc = SC.with_structure("nash_talks")
    assert not sc.is_affine_in("pressure")
    res = ms.analysis.critical_value(sc, "pressure", outcome="deal", b_war_value=0.3)
    assert res.method == "bracket"
    # the core opens when pressure outweighs B's war value net of both costs
    assert res.value == pytest.approx((0.3 - 0.2) / 2.0, abs=1e-8)
    frame = ms.analysis.sweep(sc, pressure=np.linspace(0, 1, 5))
    assert (frame["prob_deal"] == 1.0).all()
    # Nash split of the surplus c_a + c_b + leverage * s over side A's reservation 0.3
    np.testing.assert_allclose(frame["terms"], [0.4, 0.65, 0.9, 1.0, 1.0], atol=1e-12)
    terms = ms.analysis.terms_critical_value(sc, "pressure", target=0.8)
    assert terms.value == pytest.approx(0.4, abs=1e-8)  # 0.4 + (hi - lo) / 2 = 0.8
    with pytest.raises(ms.InvalidArgumentError, match="no bargaining stage"):
        ms.analysis.terms_critical_value(SC, "pressure")


def test_the_report_gives_each_protocol_from_the_game_beside_the_closed_form():
    rep = ms.analysis.report(SC, modes=["committed"], dynamic=False)
    (terms,) = rep.protocols["pressure"]
    assert set(terms.game) == set(terms.critical) | {"mediator"}
    assert terms.game["mediator"] == terms.game["nash"]  # m does not care about the terms
    assert terms.game["nash"] == pytest.approx(terms.critical["nash"], abs=1e-8)
    data = rep.to_dict()
    assert data["protocols_from_game"]["pressure"]["deal"]["side_b_proposes"] == "inf"


def test_the_cli_report_names_the_protocol_that_drives_the_menu_answer(capsys):
    from mediation_sim.cli import main

    main(["report", str(TINY)])
    out = capsys.readouterr().out
    assert re.search(r"side_a_proposes\s+0\.25\s+0\.25\s+pressure needed", out)
    assert re.search(r"nash\s+0\.6\s+0\.6\s+pressure needed", out)
    assert re.search(r"mediator\s+0\.6\s+-\s+pressure needed", out)  # no closed form
    assert "mediator: the player whose move applies the pressure proposes" in out
    assert "is the side_a_proposes protocol's: that protocol drives the answer" in " ".join(
        out.split()
    )


def test_monte_carlo_runs_on_a_bargaining_structure_by_bisection():
    sc = SC.with_structure("nash_talks")
    mc = ms.analysis.monte_carlo(sc, n=16, rng=3, block_size=8, outcome="deal")
    d = mc.draws
    # the core opens where pressure outweighs B's war value net of both sides' costs
    want = np.clip((d["b_war_value"] - d["cost_a"] - d["cost_b"]) / d["leverage"], 0, 1)
    np.testing.assert_allclose(d["critical_value"], want, atol=1e-8)
    assert (want > 0).any()


@given(
    st.floats(0.0, 1.0),
    st.floats(0.0, 1.0),
    st.floats(0.0, 0.5),
    st.sampled_from(["nash_talks", "rubinstein", "a_demands"]),
)
def test_tree_normal_form_and_batch_agree_at_random_points(pressure, power, war_value, name):
    sc = SC.with_structure(name)
    point = {"pressure": pressure, "power_a": power, "b_war_value": war_value}
    path = sc.subgame_perfect(mode="free", **point)
    tree = sc.game_tree(mode="free", **point)
    np.testing.assert_allclose(
        ms.solvers.backward_induction(tree).payoffs, path.payoffs, atol=1e-12
    )
    game = sc.bargained_game(mode="free", **point)
    assert game.is_nash(path.labels())
    assert game.shape == (1, 1, 2)  # b is fixed by disagreement, a has one strategy


# ----------------------------------------------------------------------------- the flagship
FLAGSHIP = ms.scenarios.load("ukraine-2023")


def test_the_flagship_with_a_bargaining_stage_orders_the_protocols():
    # numbers come from the scenario (FL re-pins the flagship): structure only
    s = np.linspace(0.0, 1.0, 21)
    terms = {}
    for name, (protocol, options) in ms.analysis.STANDARD_PROTOCOLS.items():
        sides = {"a": "kyiv", "b": "moscow"}
        opts = {k: sides[v] for k, v in options.items()}
        if protocol == "alternating_offers":
            opts["discount"] = 0.9
        sc = FLAGSHIP.with_bargaining(protocol, outcome="withdrawal", **opts)
        assert sc.bargaining.disagreement == (("moscow", "fight_on"),)
        # the Python-built structure goes through with_structure like a declared one
        again = FLAGSHIP.with_structure(sc.structure_spec)
        assert again == sc
        spe = again.subgame_perfect(china_pressure=s, mode="committed")
        assert spe.agreed.all()
        assert (np.diff(spe.terms) >= -1e-12).all()  # pressure never worsens Kyiv's terms
        terms[name] = spe.terms
    order = ["side_a_proposes", "alternating", "nash", "side_b_proposes"]
    for a, b in itertools.pairwise(order):
        assert (terms[a] >= terms[b] - 1e-12).all(), (a, b)
    # Moscow's final offer is Kyiv's value of fighting on, which pressure does not touch
    np.testing.assert_allclose(terms["side_b_proposes"], terms["side_b_proposes"][0])


# ----------------------------------------------------------------------- structural comparison
def test_compare_structures_reads_bargained_rows_by_their_terms():
    at = 0.5
    cmp = ms.analysis.compare_structures(SC, "pressure", outcome="deal", at=at)
    rows = {r.structure: r for r in cmp.rows}
    assert rows["menu"].bargaining == ""
    assert np.isnan(rows["menu"].terms)
    assert rows["a_demands"].bargaining == "ultimatum by a"
    assert rows["nash_talks"].bargaining == "nash split (a: power_a)"
    assert rows["rubinstein"].bargaining.startswith("alternating, ")
    for name in ("a_demands", "nash_talks", "rubinstein"):
        variant = SC.with_structure(name)
        # the deal is reached where the bargained terms reach the menu's share, no sooner
        expected = ms.analysis.terms_critical_value(variant, "pressure")
        assert rows[name].intervals == expected.intervals, name
        # the terms column is the path's agreed terms at `at`, named in the outcome column
        path = variant.subgame_perfect(pressure=at)
        assert bool(path.agreed)
        assert rows[name].terms == pytest.approx(float(path.terms))
        assert f"deal on terms {float(path.terms):.3g}" in rows[name].outcome
    # any agreement is a settlement: under "settlement" the bargained rows use the plain threshold
    settle = ms.analysis.compare_structures(SC, "pressure", outcome="settlement", at=at)
    for r in settle.rows[1:]:
        plain = ms.analysis.critical_value(SC.with_structure(r.structure), "pressure")
        assert r.intervals == plain.intervals, r.structure
    # and the JSON form carries the new columns
    back = ms.io.loads_result(ms.io.dumps_result(cmp))
    assert back == cmp
    saved = {r["structure"]: r for r in cmp.to_dict()["rows"]}
    assert saved["a_demands"]["bargaining"] == "ultimatum by a"
    assert saved["a_demands"]["terms"] == pytest.approx(rows["a_demands"].terms)
