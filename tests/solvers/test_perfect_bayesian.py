"""Pure perfect Bayesian equilibria: beer-quiche, job-market signalling, a two-type entry game."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mediation_sim as ms
from mediation_sim.games import Decision, GameTree, chance, decision, signalling_game, terminal


def beer_quiche(p_strong: float = 0.9) -> GameTree:
    """Cho and Kreps (1987): breakfast preference 1, no duel 2; receiver wants to duel the weak."""
    u = np.zeros((2, 2, 2, 2))
    for t, likes in enumerate([0, 1]):
        for m in range(2):
            for a in range(2):  # 0 duel, 1 dont
                u[t, m, a] = [(m == likes) + 2 * a, float((t == 1) == (a == 0))]
    return signalling_game(
        {"strong": p_strong, "weak": 1 - p_strong}, ["beer", "quiche"], ["duel", "dont"], u
    )


def job_market(p_high: float = 0.4) -> GameTree:
    """A discrete Spence (1973) game.

    Productivity 2 (high) or 1 (low); college costs 0.5 (high) or 1.5 (low);
    the firm pays a wage of 1 or 2 and loses the squared gap to productivity.
    """
    productivity = [2.0, 1.0]
    cost = [0.5, 1.5]
    wages = [1.0, 2.0]
    u = np.zeros((2, 2, 2, 2))
    for t in range(2):
        for m in range(2):  # 0 none, 1 college
            for a in range(2):
                u[t, m, a] = [wages[a] - m * cost[t], -((wages[a] - productivity[t]) ** 2)]
    return signalling_game(
        {"high": p_high, "low": 1 - p_high},
        ["none", "college"],
        ["low_wage", "high_wage"],
        u,
        players=["worker", "firm"],
    )


def entry(p_tough: float) -> GameTree:
    def market(fight: list[float], accommodate: list[float]) -> Decision:
        moves = {"fight": terminal(fight), "accommodate": terminal(accommodate)}
        return decision("incumbent", moves)

    tough = decision(
        "entrant", {"out": terminal([0, 2]), "enter": market([-1, 1], [1, 0])}, infoset="entry"
    )
    weak = decision(
        "entrant", {"out": terminal([0, 2]), "enter": market([-1, -1], [1, 1])}, infoset="entry"
    )
    return GameTree(
        chance({"tough": (p_tough, tough), "weak": (1 - p_tough, weak)}),
        players=["entrant", "incumbent"],
    )


def test_beer_quiche_two_pooling_equilibria():
    """Both pooling equilibria, each held by a duel off path; no separating one (Cho-Kreps)."""
    res = ms.solvers.perfect_bayesian(beer_quiche())
    pools = sorted(eq.choices[("sender", "strong")] for eq in res)
    assert pools == ["beer", "quiche"]
    for eq in res:
        assert eq.classify("sender") == "pooling"
        sent = eq.choices[("sender", "strong")]
        other = "quiche" if sent == "beer" else "beer"
        assert eq.choices[("receiver", sent)] == "dont"
        assert eq.choices[("receiver", other)] == "duel"
        assert not eq.on_path[("receiver", other)]
        # on path, beliefs are the prior; off path, the supporting belief puts >= 1/2 on weak
        assert eq.beliefs[("receiver", sent)][f"root/strong/{sent}"] == pytest.approx(0.9)
        assert eq.beliefs[("receiver", other)][f"root/weak/{other}"] >= 0.5 - 1e-9
        np.testing.assert_allclose(eq.payoffs[1], 0.9)
        assert eq.regret <= 1e-9


def test_beer_quiche_prior_off_path_beliefs_kill_both():
    """With off-path beliefs equal to the prior (0.9 strong) nobody is duelled off path."""
    assert len(ms.solvers.perfect_bayesian(beer_quiche(), off_path="prior")) == 0
    given = ms.solvers.perfect_bayesian(
        beer_quiche(), off_path={"quiche": {"root/weak/quiche": 1.0}, "beer": {1: 1.0}}
    )
    assert len(given) == 2


def test_job_market_separating_and_pooling():
    res = ms.solvers.perfect_bayesian(job_market())
    kinds = {eq.classify("worker"): eq for eq in res}
    assert set(kinds) == {"separating", "pooling"}
    sep = kinds["separating"]
    assert sep.choices[("worker", "high")] == "college"
    assert sep.choices[("worker", "low")] == "none"
    assert sep.choices[("firm", "college")] == "high_wage"
    assert sep.beliefs[("firm", "college")]["root/high/college"] == pytest.approx(1.0)
    pool = kinds["pooling"]
    assert pool.choices[("worker", "high")] == "none"
    assert pool.choices[("firm", "college")] == "low_wage"  # off path: belief high <= 1/2
    np.testing.assert_allclose(sep.payoffs[0], 0.4 * 1.5 + 0.6 * 1.0)


def test_job_market_college_too_cheap_for_the_low_type_breaks_separation():
    """If college cost the low type only 0.5, it would mimic: no separating PBE."""
    tree = job_market()
    u = np.zeros((2, 2, 2, 2))
    for t, prod in enumerate([2.0, 1.0]):
        for m in range(2):
            for a, w in enumerate([1.0, 2.0]):
                u[t, m, a] = [w - 0.5 * m, -((w - prod) ** 2)]
    cheap = signalling_game(
        {"high": 0.4, "low": 0.6}, ["none", "college"], ["low_wage", "high_wage"], u
    )
    assert all(eq.classify("sender") != "separating" for eq in ms.solvers.perfect_bayesian(cheap))
    assert tree.n_terminals == 8


@pytest.mark.parametrize(("p_tough", "expected"), [(0.3, "enter"), (0.6, "out")])
def test_two_type_entry_game(p_tough: float, expected: str):
    """Enter iff 1 - 2 p_tough > 0: the entrant's belief is the prior on path."""
    res = ms.solvers.perfect_bayesian(entry(p_tough))
    assert len(res) == 1
    eq = res[0]
    assert eq.choices[("entrant", "entry")] == expected
    assert eq.choices[("incumbent", "root/tough/enter")] == "fight"
    assert eq.choices[("incumbent", "root/weak/enter")] == "accommodate"
    assert eq.beliefs[("entrant", "entry")]["root/tough"] == pytest.approx(p_tough)


@settings(max_examples=15, deadline=None)
@given(st.floats(0.05, 0.95))
def test_every_pbe_is_a_nash_equilibrium_and_off_path_rules_refine(p: float):
    tree = beer_quiche(p)
    nf = tree.to_normal_form()
    anyrule = ms.solvers.perfect_bayesian(tree)
    for rule in ("uniform", "prior"):
        narrower = ms.solvers.perfect_bayesian(tree, off_path=rule)
        assert {tuple(e.choices.items()) for e in narrower} <= {
            tuple(e.choices.items()) for e in anyrule
        }
    for eq in anyrule:
        assert nf.regret(tree.behaviour_to_mixed(eq.profile, nf)) <= 1e-9
    assert anyrule.to_dict()["off_path"] == "any"


def test_bad_input():
    with pytest.raises(ms.MediationSimError, match="off_path"):
        ms.solvers.perfect_bayesian(beer_quiche(), off_path="optimistic")
    with pytest.raises(ms.MediationSimError, match="GameTree"):
        ms.solvers.perfect_bayesian(ms.games.chicken())  # type: ignore[arg-type]
    with pytest.raises(ms.MediationSimError, match="shape"):
        signalling_game({"a": 1.0}, ["m"], ["r"], np.zeros((1, 1, 2, 2)))
    with pytest.raises(ms.MediationSimError, match="positive"):
        signalling_game({"a": 1.2, "b": -0.2}, ["m"], ["r"], np.zeros((2, 1, 1, 2)))
