"""Move order in scenarios: structures in the spec, batched backward induction, credibility."""

from __future__ import annotations

import itertools
import math
import pickle
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mediation_sim as ms
from mediation_sim.analysis._batch import critical_values
from mediation_sim.testing.scenarios import scenario_parameters

# known answers of the v0.1 payoffs (the revised flagship is pinned in
# tests/scenarios/test_ukraine_2023_revised.py and the docs)
SC = ms.scenarios.load("ukraine-2023-v0.1")
DATA = Path(__file__).parents[1] / "data" / "scenarios"
BASE = (DATA / "two_party_mediation.toml").read_text()
SEQ = BASE + '\n[structures.a_first]\ndescription = "a moves, b sees it"\nstages = [["a"], ["b"]]\n'


def _others(params: dict[str, float]) -> dict[str, float]:
    return {k: v for k, v in params.items() if k != "china_pressure"}


# ----------------------------------------------------------------------------- the spec
def test_structures_are_read_and_the_simultaneous_one_always_exists():
    sc = ms.scenarios.from_string(SEQ)
    assert sc.structure == "simultaneous"
    assert sc.structures == ("simultaneous", "a_first")
    seq = sc.with_structure("a_first")
    assert seq.stages == (("a",), ("b",))
    assert seq.is_sequential
    assert seq != sc
    assert seq == sc.with_structure("a_first")
    back = pickle.loads(pickle.dumps(seq))
    assert back.structure == "a_first"


@pytest.mark.parametrize(
    ("stages", "match"),
    [
        ('[["a"], ["c"]]', "unknown player 'c'"),
        ('[["a"], ["a", "b"]]', "more than one stage"),
        ('[["a"]]', r"players \['b'\] are in no stage"),
        ("[]", "non-empty"),
    ],
)
def test_bad_stages_are_refused_with_the_key(stages, match):
    text = BASE + f"\n[structures.bad]\nstages = {stages}\n"
    with pytest.raises(ms.SpecError, match=match) as info:
        ms.scenarios.from_string(text)
    assert "structures.bad" in str(info.value)


def test_unknown_default_structure_and_unknown_structure_name():
    text = SEQ.replace("[scenario]\n", '[scenario]\ndefault_structure = "b_first"\n', 1)
    with pytest.raises(ms.SpecError, match="unknown structure 'b_first'"):
        ms.scenarios.from_string(text)
    with pytest.raises(ms.UnknownNameError, match="no structure 'nope'"):
        SC.with_structure("nope")


def test_simultaneous_is_reserved_for_one_stage():
    text = BASE + '\n[structures.simultaneous]\nstages = [["a"], ["b"]]\n'
    with pytest.raises(ms.SpecError, match="reserved"):
        ms.scenarios.from_string(text)


# ----------------------------------------------------------------------------- the solver
@settings(max_examples=15, deadline=None)
@given(
    scenario_parameters(SC, within="bounds"),
    st.sampled_from(["sequential", "west_commits_first", "unobserved_pressure"]),
    st.sampled_from(["committed", "strategic"]),
)
def test_batched_backward_induction_agrees_with_the_game_tree(params, structure, mode):
    """The vectorised kernel and node-by-node backward induction on the GameTree agree."""
    sc = SC.with_structure(structure)
    spe = sc.subgame_perfect(mode=mode, **params)
    tree = sc.game_tree(mode=mode, **params)
    ref = ms.solvers.backward_induction(tree)
    if bool(spe.exists) and int(spe.ties) == 0:
        # both solvers accept a choice within tol (1e-8) of the best, relative to the
        # payoff range, so a near-tie just inside it may be resolved either way
        np.testing.assert_allclose(
            spe.payoffs, ref.payoffs, atol=2e-8 * max(tree.payoff_range, 1.0)
        )
        labels = spe.labels()
        # the tree's deterministic path lists the actions in stage order
        assert [labels[p] for stage in sc.stages for p in stage] == list(ref.path)
    if bool(spe.exists):
        assert float(spe.regret) <= 1e-8 * max(tree.payoff_range, 1.0)
    else:
        # no pure equilibrium in some simultaneous stage: the tree solver had to mix there
        assert ref.subgames


def test_a_batch_equals_its_points():
    grid = np.linspace(0, 1, 41)
    batch = SC.subgame_perfect(china_pressure=grid, leverage=1.1)
    for k in (0, 10, 25, 33, 40):
        one = SC.subgame_perfect(china_pressure=float(grid[k]), leverage=1.1)
        np.testing.assert_array_equal(batch.path[k], one.path)
        np.testing.assert_allclose(batch.payoffs[k], one.payoffs)
        np.testing.assert_allclose(batch.probabilities[k], one.probabilities)


def test_one_stage_structure_returns_a_pure_nash_equilibrium():
    v01 = SC.with_structure("simultaneous")
    for p in (0.0, 0.6, 0.9):
        spe = v01.subgame_perfect(china_pressure=p)
        g = v01.game(china_pressure=p)
        assert g.is_nash(tuple(int(a) for a in spe.path))


def test_each_stage_sees_the_earlier_ones():
    """Moscow answers what Beijing did: with pressure it withdraws, without it fights."""
    spe = SC.subgame_perfect(china_pressure=0.8)
    assert spe.labels()["beijing"] == "press_moscow"
    assert spe.labels()["moscow"] == "withdraw"
    tree = SC.game_tree(china_pressure=0.8)
    sol = ms.solvers.backward_induction(tree)
    assert sol.profile.outcome_probabilities(by="outcome")["withdrawal"] == pytest.approx(1.0)
    # off the path: had Beijing sent only an envoy, Moscow would fight on
    assert ms.solvers.backward_induction(tree.subgame(("nominal_envoy",))).path[0] == "fight_on"


# ----------------------------------------------------------------------------- analysis
def test_exact_breakpoints_match_bracketing_and_the_path_changes_there():
    res = ms.analysis.critical_value(SC, "china_pressure", outcome="withdrawal")
    assert res.method == "exact"
    br = ms.analysis.critical_value(SC, "china_pressure", outcome="withdrawal", method="bracket")
    for (a, b), (c, d) in zip(res.intervals, br.intervals, strict=True):
        assert a == pytest.approx(c, abs=1e-7)
        assert b == pytest.approx(d, abs=1e-7)
    lo, hi = res.intervals[0]
    spe = SC.subgame_perfect(china_pressure=np.array([lo - 1e-7, lo + 1e-7, hi - 1e-7, hi + 1e-7]))
    assert spe.probabilities[:, 0].tolist() == [0.0, 1.0, 1.0, 0.0]


@settings(max_examples=6, deadline=None)
@given(st.lists(scenario_parameters(SC), min_size=3, max_size=3))
def test_batched_critical_values_match_the_exact_method(draws):
    names = [k for k in SC.parameters if k != "china_pressure"]
    arrays = {k: np.array([d[k] for d in draws]) for k in names}
    crit, top, count = critical_values(
        SC,
        arrays,
        parameter="china_pressure",
        bounds=(0.0, 1.0),
        outcome_idx=[0],
        level=0.5,
        selection="best",
        mode=None,
        fix=None,
    )
    for j, d in enumerate(draws):
        exact = ms.analysis.critical_value(SC, "china_pressure", outcome="withdrawal", **_others(d))
        narrow = any(b - a < 2 / 200 for a, b in exact.intervals)
        if narrow:
            # the batched scan (201 points) may miss an interval narrower than its spacing,
            # but never reports one the exact method does not have
            if not math.isnan(crit[j]):
                assert any(a - 1e-9 <= crit[j] <= b + 1e-9 for a, b in exact.intervals)
        elif exact.holds_somewhere:
            assert crit[j] == pytest.approx(exact.value, abs=1e-9)
            assert top[j] == pytest.approx(exact.upper, abs=1e-9)
            assert count[j] == len(exact.intervals)
        else:
            assert math.isnan(crit[j])
            assert count[j] == 0


def test_sweep_of_a_sequential_scenario_has_one_subgame_perfect_row_per_point():
    df = ms.analysis.sweep(SC, china_pressure=np.linspace(0, 1, 101))
    assert len(df) == 101
    assert df["subgame_perfect"].all()
    assert (df["method"] == "backward_induction").all()
    assert df.attrs["mediation_sim"]["structure"] == "sequential"
    inside = df[(df.china_pressure > 0.56) & (df.china_pressure < 0.87)]
    assert (inside["prob_withdrawal"] == 1.0).all()
    assert (inside["ties"] == 0).all()
    with pytest.raises(ms.InvalidArgumentError, match="backward induction"):
        ms.analysis.sweep(SC, solver="nash", china_pressure=[0.5])


def test_monte_carlo_runs_on_the_sequential_structure():
    mc = ms.analysis.monte_carlo(SC, 40, outcome="withdrawal", rng=3)
    assert mc.draws["critical_value"].notna().any()
    assert np.array_equal(
        mc.curves["best"].to_numpy(), mc.curves["worst"].to_numpy(), equal_nan=True
    )


# ----------------------------------------------------------------------------- credibility
def test_simultaneous_withdrawal_rests_on_kyivs_untested_choice():
    v01 = SC.with_structure("simultaneous")
    eqs = ms.analysis.equilibrium_credibility(v01, china_pressure=0.6)
    withdraw = [e for e in eqs if e.profile["moscow"] == "withdraw"]
    assert withdraw
    assert all("kyiv" in e.indifferent and not e.credible for e in withdraw)
    seq = ms.analysis.equilibrium_credibility(SC, china_pressure=0.6)
    assert len(seq) == 1
    assert seq[0].credible
    assert seq[0].subgame_perfect


def test_one_shot_sweep_carries_the_credibility_flags():
    v01 = SC.with_structure("simultaneous")
    df = ms.analysis.sweep(v01, china_pressure=[0.0, 0.6, 0.9])
    for _, row in df.iterrows():
        eqs = ms.analysis.equilibrium_credibility(v01, china_pressure=row["china_pressure"])
        match = [e for e in eqs if all(e.profile[p] == row[p] for p in v01.players)]
        assert len(match) == 1
        assert row["indifferent"] == ", ".join(match[0].indifferent)
        assert row["weakly_dominated"] == ", ".join(match[0].weakly_dominated)
        assert row["credible"] == match[0].credible
    withdraw = df[df["moscow"] == "withdraw"]
    assert not withdraw.empty
    assert (withdraw["indifferent"].str.contains("kyiv")).all()
    assert not withdraw["credible"].any()


def test_weak_dominance_is_detected():
    # b's "fight" is weakly dominated when pressure makes settling never worse
    sc = ms.scenarios.from_string(BASE)
    eqs = ms.analysis.equilibrium_credibility(sc, pressure=0.0)
    g = sc.game(pressure=0.0)
    for e in eqs:
        assert g.is_nash(e.profile)
        for p in e.weakly_dominated:
            i = sc.players.index(p)
            own = e.profile[p]
            k = g.strategies[i].index(own)
            u = np.moveaxis(np.asarray(g.payoffs[i]), i, 0)
            assert any(
                (u[t] >= u[k] - 1e-12).all() and (u[t] > u[k] + 1e-12).any()
                for t in range(u.shape[0])
            )


# ----------------------------------------------------------------------------- comparison
def test_compare_structures_lists_the_reference_first_and_flags_flips():
    cmp = ms.analysis.compare_structures(SC, "china_pressure", outcome="withdrawal", at=0.8)
    assert cmp.rows[0].structure == SC.structure
    assert {r.structure for r in cmp.rows} == set(SC.structures)
    by = {r.structure: r for r in cmp.rows}
    assert by["sequential"].window_upper == pytest.approx(131 / 150, abs=1e-9)
    assert by["simultaneous"].window_upper == pytest.approx(0.75, abs=1e-9)
    assert "simultaneous" in cmp.flips()
    assert not cmp.agree
    assert cmp.to_dict()["flips"] == list(cmp.flips())
    assert len(cmp.to_frame()) == len(SC.structures)


# ----------------------------------------------------------------------------- protocols
@settings(max_examples=30, deadline=None)
@given(scenario_parameters(SC, within="bounds"))
def test_protocols_order_and_the_proposer_rule_is_the_closed_form(params):
    others = _others(params)
    table = SC.protocol_critical_pressures("withdrawal", **others)
    closed = float(SC.critical_pressure("withdrawal", **others))
    expect = closed if closed <= 1.0 else math.inf
    assert float(table["side_a_proposes"]) == pytest.approx(expect, abs=1e-12)
    # the less of the surplus Kyiv's protocol gives it, the more pressure it takes
    order = [float(table[k]) for k in ("side_a_proposes", "alternating", "nash", "side_b_proposes")]
    assert all(a <= b + 1e-12 for a, b in itertools.pairwise(order))


def test_ceasefire_pressure_share_is_inert_at_the_central_values():
    """As the model page says: no ceasefire on the path, so the share moves nothing."""
    for sc in (SC, SC.with_structure("simultaneous")):
        windows = {
            ms.analysis.critical_value(
                sc, "china_pressure", outcome="withdrawal", ceasefire_pressure_share=s
            ).intervals
            for s in (0.0, 0.5, 1.0)
        }
        assert len(windows) == 1


def test_mixed_stage_equilibria_give_a_subgame_perfect_equilibrium_where_no_pure_one_exists():
    sc = ms.scenarios.load("ukraine-2023-v0.1")
    plain = ms.analysis.monte_carlo(sc, n=6, rng=0, mixed=False, progress=False)
    row = plain.curves[plain.curves["best"].isna()].iloc[0]
    point = {
        k: float(v)
        for k, v in plain.draws.set_index("draw").loc[int(row["draw"])].items()
        if k in sc.parameters
    }
    point["china_pressure"] = float(row["china_pressure"])
    pure = sc.subgame_perfect(**point)
    assert not bool(pure.exists)
    payoffs, _ = sc.evaluate(**point)
    scale = float(payoffs.max() - payoffs.min())
    assert float(pure.regret) > 1e-8 * scale  # the least-regret pure choice is no equilibrium
    mixed = sc.subgame_perfect(mixed=True, **point)
    assert not bool(mixed.exists)  # still no *pure* SPE
    assert float(mixed.regret) <= 1e-8 * scale
    # the node-by-node solver on the game tree is an independent check of the values
    spe = ms.solvers.backward_induction(sc.game_tree(**point))
    assert np.allclose(mixed.payoffs, spe.payoffs, atol=1e-7 * scale)
    labels = mixed.labels()
    assert all(a == "mixed" or a in sc.strategies[p] for p, a in labels.items())
