"""Tests for backward induction: textbook games, ties, normal-form subgames, and SPE properties."""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mediation_sim as ms
from mediation_sim.games import Chance, GameTree, Terminal, chance, decision, terminal
from mediation_sim.solvers import backward_induction, subgame_regrets
from mediation_sim.testing import strategies as mst

# ---------------------------------------------------------------------- textbook games


def centipede(n_moves: int) -> GameTree:
    """Rosenthal's (1981) centipede: taking at move k pays the mover k+1, the other k-1."""
    node: Any = terminal([n_moves, n_moves] if n_moves % 2 == 0 else [n_moves - 1, n_moves + 1])
    for k in range(n_moves - 1, -1, -1):
        mover = k % 2
        take = [k - 1, k - 1]
        take[mover] = k + 1
        node = decision(f"p{mover + 1}", {"take": terminal(take), "pass": node})
    return GameTree(node, ["p1", "p2"], title=f"Centipede({n_moves})")


def ultimatum(pie: int) -> GameTree:
    """Proposer offers the responder k of ``pie`` units; the responder accepts or rejects."""
    return GameTree(
        decision(
            "proposer",
            {
                f"offer_{k}": decision(
                    "responder",
                    {"accept": terminal([pie - k, k]), "reject": terminal([0, 0])},
                )
                for k in range(pie + 1)
            },
        )
    )


def stackelberg() -> GameTree:
    """Quantity leadership with inverse demand P = 12 - Q and no costs (Stackelberg 1934).

    The leader picks an integer quantity, the follower a multiple of 1/2, so the
    follower's best response (12 - q1) / 2 is on its grid and unique.
    """
    moves = {}
    for q1 in range(13):
        follower = {}
        for j in range(25):
            q2 = j / 2
            price = max(12 - q1 - q2, 0)
            follower[f"q2={q2:g}"] = terminal([price * q1, price * q2])
        moves[f"q1={q1}"] = decision("follower", follower)
    return GameTree(decision("leader", moves))


def selten_horse() -> GameTree:
    """Selten (1975), Figure 1: three players, no proper subgame."""

    def third(a: list[float], b: list[float]) -> Any:
        return decision("3", {"L": terminal(a), "R": terminal(b)}, infoset="3")

    return GameTree(
        decision(
            "1",
            {
                "C": decision("2", {"c": terminal([1, 1, 1]), "d": third([4, 4, 0], [0, 0, 1])}),
                "D": third([3, 2, 2], [0, 0, 0]),
            },
        )
    )


@dataclass(frozen=True)
class KnownAnswer:
    tree: GameTree
    path: tuple[str, ...]
    payoffs: tuple[float, ...]
    options: tuple[tuple[str, Any], ...] = ()


KNOWN = [
    pytest.param(
        KnownAnswer(
            GameTree(
                decision(
                    "entrant",
                    {
                        "out": terminal([0, 2]),
                        "in": decision(
                            "incumbent",
                            {"fight": terminal([-1, -1]), "accommodate": terminal([1, 1])},
                        ),
                    },
                )
            ),
            ("in", "accommodate"),
            (1, 1),
        ),
        id="selten_1978-entry_deterrence-accommodate",
    ),
    pytest.param(
        KnownAnswer(centipede(6), ("take",), (1, -1)),
        id="rosenthal_1981-centipede_6-take_at_once",
    ),
    pytest.param(
        KnownAnswer(ultimatum(4), ("offer_0", "accept"), (4, 0)),
        id="guth_1982-ultimatum-indifferent_responder_accepts_zero",
    ),
    pytest.param(
        KnownAnswer(ultimatum(4), ("offer_1", "accept"), (3, 1), (("tie_break", "last"),)),
        id="guth_1982-ultimatum-indifferent_responder_rejects",
    ),
    pytest.param(
        KnownAnswer(stackelberg(), ("q1=6", "q2=3"), (18, 9)),
        id="stackelberg_1934-linear_duopoly-leader_6_follower_3",
    ),
]


@pytest.mark.parametrize("case", KNOWN)
def test_known_subgame_perfect_outcomes(case: KnownAnswer) -> None:
    res = backward_induction(case.tree, **dict(case.options))
    assert res.path == case.path
    np.testing.assert_allclose(res.payoffs, case.payoffs)
    assert res.max_regret <= 1e-12
    assert res.profile.is_pure


def test_selten_horse_is_solved_in_normal_form() -> None:
    tree = selten_horse()
    assert tree.subgame_roots == ((),)
    res = backward_induction(tree)
    assert res.subgames[0].method == "pure_nash"
    # Selten (1975): the pure equilibria pay (1, 1, 1) or (3, 2, 2)
    assert tuple(res.payoffs) in {(1.0, 1.0, 1.0), (3.0, 2.0, 2.0)}
    g = tree.to_normal_form()
    assert g.is_nash(tree.behaviour_to_mixed(res.profile, g))
    welfare = backward_induction(tree, selection="welfare")
    assert tuple(welfare.payoffs) == (3.0, 2.0, 2.0)


def test_simultaneous_prisoners_dilemma_after_an_outside_option() -> None:
    def col(a: list[float], b: list[float]) -> Any:
        return decision("col", {"c": terminal(a), "d": terminal(b)}, infoset="col")

    stage = decision("row", {"c": col([3, 3], [0, 5]), "d": col([5, 0], [1, 1])}, infoset="row")
    tree = GameTree(decision("row", {"stay_out": terminal([0.5, 0.5]), "play": stage}))
    res = backward_induction(tree)
    assert res.path == ("play", "d", "d")
    np.testing.assert_allclose(res.payoffs, [1, 1])
    assert [s.method for s in res.subgames] == ["maximisation", "pure_nash"]
    assert res.subgames[1].nash_result is not None


def matching_pennies_with_exit(exit_value: float) -> GameTree:
    def col(a: float, b: float) -> Any:
        return decision("col", {"h": terminal([a, -a]), "t": terminal([b, -b])}, infoset="c")

    pennies = decision("row", {"H": col(1, -1), "T": col(-1, 1)}, infoset="r")
    return GameTree(decision("row", {"exit": terminal([exit_value, -exit_value]), "play": pennies}))


def two_by_two_mixed(game: ms.NormalFormGame) -> list[list[list[float]]]:
    """Closed-form fully mixed equilibrium of a 2x2 game (indifference conditions)."""
    a, b = game.payoffs
    q = (a[1, 1] - a[0, 1]) / (a[0, 0] - a[0, 1] - a[1, 0] + a[1, 1])
    p = (b[1, 1] - b[1, 0]) / (b[0, 0] - b[0, 1] - b[1, 0] + b[1, 1])
    return [[[p, 1 - p], [q, 1 - q]]]


def test_mixed_subgame_with_a_custom_solver() -> None:
    tree = matching_pennies_with_exit(-0.5)
    res = backward_induction(tree, subgame_solver=two_by_two_mixed)
    assert res.path == ("play",)
    np.testing.assert_allclose(res.payoffs, [0, 0], atol=1e-12)
    assert res.profile["r"] == pytest.approx({"H": 0.5, "T": 0.5})
    assert res.profile["c"] == pytest.approx({"h": 0.5, "t": 0.5})
    assert res.subgames[1].method == "two_by_two_mixed"
    assert max(subgame_regrets(tree, res.profile).values()) <= 1e-12


@pytest.mark.parametrize(("exit_value", "path"), [(-0.5, ("play",)), (0.5, ("exit",))])
def test_mixed_subgame_with_the_default_solvers(exit_value: float, path: tuple[str, ...]) -> None:
    tree = matching_pennies_with_exit(exit_value)
    res = backward_induction(tree)
    assert res.path == path
    assert res.subgames[1].method == "nash_2p"
    np.testing.assert_allclose(res.value_at(("play",)), [0, 0], atol=1e-9)
    assert res.profile["c"] == pytest.approx({"h": 0.5, "t": 0.5})


def test_a_degenerate_subgame_is_reported_not_warned() -> None:
    # matching pennies with the column player's first strategy duplicated: no pure equilibrium,
    # and a continuum of mixed ones
    def col(values: list[float]) -> Any:
        moves = {k: terminal([v, -v]) for k, v in zip(("h", "t", "h2"), values, strict=True)}
        return decision("col", moves, infoset="c")

    stage = decision("row", {"H": col([1, -1, 1]), "T": col([-1, 1, -1])}, infoset="r")
    tree = GameTree(decision("row", {"exit": terminal([-0.5, 0.5]), "play": stage}))
    res = backward_induction(tree)  # pytest turns any warning into an error
    assert "Degenerate normal-form subgame(s) at root/play" in res.message
    assert res.subgames[1].nash_result is not None
    assert res.subgames[1].nash_result.degenerate
    assert max(subgame_regrets(tree, res.profile).values()) <= 1e-9


def jordan_pennies_with_exit(exit_value: float) -> GameTree:
    """Jordan's (1993) three-player matching pennies after an outside option.

    Player 1 wants to match 2, 2 wants to match 3, 3 wants to mismatch 1; they
    move simultaneously. There is no pure equilibrium; the unique one is
    uniform and pays each player 1/2.
    """

    def pays(a: str, b: str, c: str) -> list[float]:
        return [float(a == b), float(b == c), float(c != a)]

    def third(a: str, b: str) -> Any:
        return decision("p3", {c: terminal(pays(a, b, c)) for c in "HT"}, infoset="p3")

    def second(a: str) -> Any:
        return decision("p2", {b: third(a, b) for b in "HT"}, infoset="p2")

    stage = decision("p1", {a: second(a) for a in "HT"}, infoset="p1")
    return GameTree(decision("p1", {"out": terminal([exit_value] * 3), "play": stage}))


def uniform_profile(game: ms.NormalFormGame) -> list[list[np.ndarray]]:
    return [[np.full(s, 1.0 / s) for s in game.shape]]


def test_three_player_simultaneous_subgame_with_a_custom_solver() -> None:
    tree = jordan_pennies_with_exit(0.25)
    res = backward_induction(tree, subgame_solver=uniform_profile)
    assert res.path == ("play",)
    np.testing.assert_allclose(res.payoffs, [0.5, 0.5, 0.5])
    assert max(subgame_regrets(tree, res.profile).values()) <= 1e-12


def test_three_player_simultaneous_subgame_with_the_default_solvers() -> None:
    tree = jordan_pennies_with_exit(0.25)
    res = backward_induction(tree)
    assert res.subgames[1].method == "nash"
    assert res.path == ("play",)
    np.testing.assert_allclose(res.payoffs, [0.5, 0.5, 0.5], atol=1e-7)
    for player in ("p1", "p2", "p3"):
        assert res.profile[(player, player)] == pytest.approx({"H": 0.5, "T": 0.5}, abs=1e-7)
    assert max(subgame_regrets(tree, res.profile).values()) <= 1e-7


def test_chance_nodes_take_expectations() -> None:
    tree = GameTree(
        decision(
            "a",
            {
                "safe": terminal([1.0, 0.0]),
                "gamble": chance(
                    {"win": (0.4, terminal([3.0, 1.0])), "lose": (0.6, terminal([0.0, 2.0]))}
                ),
            },
        ),
        ["a", "b"],
    )
    res = backward_induction(tree)
    assert res.path == ("gamble",)
    np.testing.assert_allclose(res.payoffs, [1.2, 1.6])
    assert res.outcome_probabilities() == {("gamble", "win"): 0.4, ("gamble", "lose"): 0.6}
    assert [s.method for s in res.subgames] == ["maximisation", "expectation"]


# ---------------------------------------------------------------------- ties


def tie_tree() -> GameTree:
    # b is indifferent; a's best move depends on how b breaks the tie
    return GameTree(
        decision(
            "a",
            {
                "out": terminal([1.0, 0]),
                "in": decision("b", {"l": terminal([0, 1]), "r": terminal([3, 1])}),
            },
        )
    )


@pytest.mark.parametrize(
    ("rule", "path", "payoffs"),
    [
        ("first", ("out",), (1, 0)),
        ("last", ("in", "r"), (3, 1)),
        ("uniform", ("in",), (1.5, 1)),
    ],
)
def test_tie_break_rules(rule: Any, path: tuple[str, ...], payoffs: tuple[float, ...]) -> None:
    tree = tie_tree()
    res = backward_induction(tree, tie_break=rule)
    assert res.ties[("in",)] == ("l", "r")
    assert res.path == path
    np.testing.assert_allclose(res.payoffs, payoffs)
    assert max(subgame_regrets(tree, res.profile).values()) <= 1e-12


def test_tolerance_widens_ties() -> None:
    tree = GameTree(
        decision("a", {"x": terminal([1.0]), "y": terminal([1.0 + 1e-10]), "z": terminal([0.0])})
    )
    assert backward_induction(tree).path == ("x",)  # within tol=1e-8 * range: tied
    assert backward_induction(tree, tol=0.0).path == ("y",)


# ---------------------------------------------------------------------- errors and results


def test_invalid_arguments() -> None:
    with pytest.raises(ms.InvalidArgumentError, match=r"tree must be a mediation_sim\.games"):
        backward_induction(ms.games.prisoners_dilemma())  # type: ignore[arg-type]
    with pytest.raises(ms.InvalidArgumentError, match="tie_break must be"):
        backward_induction(tie_tree(), tie_break="random")  # type: ignore[arg-type]
    with pytest.raises(ms.InvalidArgumentError, match="tol must be"):
        backward_induction(tie_tree(), tol=-1)


def test_a_custom_solver_returning_no_equilibrium_is_refused() -> None:
    tree = matching_pennies_with_exit(-0.5)
    with pytest.raises(ms.SolverError, match=r"returned no verified equilibrium.*root/play"):
        backward_induction(tree, subgame_solver=lambda g: [[[1, 0], [1, 0]]])


def test_imperfect_recall_subgame_needing_a_mixed_equilibrium_is_refused() -> None:
    # matching pennies in which the row player forgets its own earlier choice
    def col(a: float, b: float) -> Any:
        return decision("col", {"h": terminal([a, -a]), "t": terminal([b, -b])}, infoset="c")

    def forgetful(a: float) -> Any:
        return decision("row", {"H": col(a, -a), "T": col(-a, a)}, infoset="r")

    tree = GameTree(decision("row", {"x": forgetful(1), "y": forgetful(1)}, infoset="first"))
    assert not tree.perfect_recall
    with pytest.raises(ms.SolverError, match="imperfect recall"):
        backward_induction(tree, subgame_solver=_uniform_profiles)


def _uniform_profiles(game: ms.NormalFormGame) -> list[list[np.ndarray]]:
    return [[np.full(s, 1.0 / s) for s in game.shape]]


def test_result_serialises_and_describes_itself() -> None:
    res = backward_induction(tie_tree())
    data = json.loads(json.dumps(res.to_dict()))
    assert data["path"] == ["out"]
    assert data["ties"] == {"root/in": ["l", "r"]}
    assert data["outcomes"] == {"root/out": 1.0}
    assert "SubgamePerfectResult(payoffs=(a=1, b=0), path=out" in repr(res)
    assert "<pre>" in res._repr_html_()
    np.testing.assert_allclose(res.value_at(("in",)), [0, 1])
    assert res.subgames[1].to_dict()["tied_actions"] == ["l", "r"]
    with pytest.raises(ValueError, match="read-only"):
        res.node_values[0, 0] = 1.0


# ---------------------------------------------------------------------- properties


#: Perfect-information trees with chance nodes; whole-number payoffs make ties common.
PERFECT_INFORMATION_TREES = mst.game_trees(
    max_depth=4,
    chance_nodes=True,
    elements=mst.payoff_values(min_value=-3, max_value=3, integers=True),
)


def reference_backward_induction(tree: GameTree) -> tuple[np.ndarray, tuple[str, ...]]:
    """Plain recursion over the builder nodes (perfect information, ties to the first action)."""
    thr = 1e-8 * tree.payoff_range

    def solve(node: Any) -> tuple[np.ndarray, tuple[str, ...] | None]:
        if isinstance(node, Terminal):
            return np.array(node.payoffs, dtype=float), ()
        if isinstance(node, Chance):
            total = sum(
                p * solve(c)[0] for p, c in zip(node.probabilities, node.children, strict=True)
            )
            return np.asarray(total), None
        solved = [solve(c) for c in node.children]
        i = tree.players.index(node.player)
        best = max(v[i] for v, _ in solved)
        k = next(j for j, (v, _) in enumerate(solved) if v[i] >= best - thr)
        tail = solved[k][1]
        return solved[k][0], None if tail is None else (node.actions[k], *tail)

    value, path = solve(tree.root)
    return value, path if path is not None else ()


@given(PERFECT_INFORMATION_TREES)
def test_perfect_information_agrees_with_plain_recursion(tree: GameTree) -> None:
    res = backward_induction(tree)
    value, path = reference_backward_induction(tree)
    np.testing.assert_allclose(res.payoffs, value, atol=1e-9)
    if path:
        assert res.path[: len(path)] == path
    assert res.profile.is_pure


@given(PERFECT_INFORMATION_TREES, st.sampled_from(["first", "last", "uniform"]))
def test_spe_is_nash_in_every_subgame_perfect_information(tree: GameTree, rule: Any) -> None:
    res = backward_induction(tree, tie_break=rule)
    bound = 1e-8 * tree.payoff_range
    regrets = subgame_regrets(tree, res.profile)
    assert set(regrets) == set(tree.subgame_roots)
    assert max(regrets.values(), default=0.0) <= bound
    np.testing.assert_allclose(res.payoffs, res.profile.payoffs, atol=1e-9)


@given(mst.game_trees(max_depth=4, chance_nodes=True, simultaneous=True))
def test_spe_is_nash_in_every_subgame_with_simultaneous_moves(tree: GameTree) -> None:
    res = backward_induction(tree)
    bound = 1e-8 * tree.payoff_range
    regrets = subgame_regrets(tree, res.profile)
    assert max(regrets.values(), default=0.0) <= bound * 10
    g = tree.to_normal_form()
    assert g.is_nash(tree.behaviour_to_mixed(res.profile, g), tol=1e-7)


@given(mst.game_trees(max_depth=4, max_actions=2, chance_nodes=True, simultaneous=True))
def test_spe_with_a_closed_form_subgame_solver(tree: GameTree) -> None:
    # every simultaneous stage here is 2 x 2, and every such game has an equilibrium with
    # supports of size at most two: pure ones first, then the 2 x 2 indifference solution
    # on each pair of supports, verified by regret
    def solver(game: ms.NormalFormGame) -> list[Any]:
        pure = list(ms.solvers.pure_nash(game))
        if pure:
            return pure
        out = []
        for r in itertools.combinations(range(game.shape[0]), 2):
            for c in itertools.combinations(range(game.shape[1]), 2):
                try:
                    ((p, q),) = two_by_two_mixed(game.restrict([list(r), list(c)]))
                except ZeroDivisionError:
                    continue
                if not np.isfinite([*p, *q]).all() or min(*p, *q) < 0:
                    continue
                x = np.zeros(game.shape[0])
                y = np.zeros(game.shape[1])
                x[list(r)] = p
                y[list(c)] = q
                candidate = game.as_profile([x, y])
                if candidate.regret <= 1e-9 * game.payoff_range:
                    out.append(candidate)
        return out

    with np.errstate(divide="ignore", invalid="ignore"):
        res = backward_induction(tree, subgame_solver=solver)
    regrets = subgame_regrets(tree, res.profile).values()
    assert max(regrets, default=0.0) <= 1e-7 * tree.payoff_range


@given(PERFECT_INFORMATION_TREES, st.floats(0.1, 10), st.floats(-5, 5))
def test_positive_affine_rescaling_leaves_the_spe_unchanged(
    tree: GameTree, scale: float, shift: float
) -> None:
    from mediation_sim.games.extensive_form import Decision as D

    def rescale(node: Any) -> Any:
        if isinstance(node, Terminal):
            pays = list(node.payoffs)
            pays[0] = scale * pays[0] + shift
            return Terminal(tuple(pays))
        kids = tuple(rescale(c) for c in node.children)
        if isinstance(node, Chance):
            return Chance(node.actions, node.probabilities, kids)
        assert isinstance(node, D)
        return D(node.player, node.actions, kids, node.infoset)

    other = GameTree(rescale(tree.root), tree.players)
    a = backward_induction(tree)
    b = backward_induction(other)
    assert a.path == b.path
    np.testing.assert_allclose(b.payoffs[0], scale * a.payoffs[0] + shift, rtol=1e-9, atol=1e-9)
