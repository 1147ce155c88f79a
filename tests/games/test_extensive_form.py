"""Tests for game trees: construction, validation, subgames, normal forms and Kuhn's theorem."""

from __future__ import annotations

import pickle
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mediation_sim as ms
from mediation_sim.games import GameTree, chance, decision, terminal
from mediation_sim.testing import strategies as mst

# ---------------------------------------------------------------------- random trees


#: Trees with decision and chance nodes and simultaneous moves (so every tree has perfect recall).
TREES = mst.game_trees(
    max_depth=4,
    chance_nodes=True,
    simultaneous=True,
    outcomes=st.sampled_from(["", "war", "peace"]),
)
#: The same, one level shallower, for the (exponentially larger) normal forms.
SMALL_TREES = mst.game_trees(
    chance_nodes=True, simultaneous=True, outcomes=st.sampled_from(["", "war", "peace"])
)


def entry_game() -> GameTree:
    return GameTree(
        decision(
            "entrant",
            {
                "out": terminal([0, 2], outcome="no entry"),
                "in": decision(
                    "incumbent", {"fight": terminal([-1, -1]), "accommodate": terminal([1, 1])}
                ),
            },
        ),
        title="Entry deterrence",
    )


def simultaneous_pd() -> GameTree:
    def col(a: list[float], b: list[float]) -> Any:
        return decision("col", {"cooperate": terminal(a), "defect": terminal(b)}, infoset="c")

    return GameTree(
        decision("row", {"cooperate": col([3, 3], [0, 5]), "defect": col([5, 0], [1, 1])})
    )


# ---------------------------------------------------------------------- construction


def test_structure_of_a_small_tree() -> None:
    tree = entry_game()
    assert tree.players == ("entrant", "incumbent")
    assert (tree.n_nodes, tree.n_terminals, tree.depth) == (5, 3, 2)
    assert tree.terminal_paths == (("out",), ("in", "fight"), ("in", "accommodate"))
    assert tree.terminal_payoffs.tolist() == [[0, 2], [-1, -1], [1, 1]]
    assert tree.terminal_outcomes == ("no entry", "", "")
    assert tree.payoff_range == 3.0
    assert tree.perfect_information
    assert tree.perfect_recall
    assert tree.subgame_roots == ((), ("in",))
    info = tree.node(("in",))
    assert (info.kind, info.player, info.actions) == (
        "decision",
        "incumbent",
        ("fight", "accommodate"),
    )
    assert [n.path for n in tree.iter_nodes()] == [
        (),
        ("out",),
        ("in",),
        ("in", "fight"),
        ("in", "accommodate"),
    ]


def test_payoffs_by_name_and_passive_players() -> None:
    tree = GameTree(
        decision(
            "moscow",
            {
                "withdraw": terminal({"kyiv": 1, "moscow": 0, "washington": 0.5}),
                "fight": terminal({"moscow": 0.2, "kyiv": 0.3, "washington": 0}),
            },
        )
    )
    assert tree.players == ("moscow", "kyiv", "washington")
    assert tree.terminal_payoffs.tolist() == [[0, 1, 0.5], [0.2, 0.3, 0]]
    g = tree.to_normal_form()
    assert g.strategies == (("withdraw", "fight"), ("-",), ("-",))


def test_shared_subtrees_are_expanded() -> None:
    leaf = decision("b", {"l": terminal([1, 0]), "r": terminal([0, 1])})
    tree = GameTree(decision("a", {"x": leaf, "y": leaf}))
    assert tree.n_nodes == 7
    assert tree.subgame_roots == ((), ("x",), ("y",))


def test_equality_hash_and_pickle() -> None:
    a = entry_game()
    b = entry_game()
    assert a == b
    assert hash(a) == hash(b)
    assert pickle.loads(pickle.dumps(a)) == a
    named = GameTree(decision("a", {"x": terminal({"a": 1.0, "b": 2.0})}))
    assert pickle.loads(pickle.dumps(named)) == named
    other = GameTree(decision("entrant", {"out": terminal([0, 2])}), ["entrant", "incumbent"])
    assert a != other


def test_render_marks_the_equilibrium_path() -> None:
    tree = GameTree(
        decision(
            "a",
            {
                "stop": terminal([1, 0], outcome="quit"),
                "go": chance(
                    {
                        "h": (0.5, decision("b", {"l": terminal([0, 1]), "r": terminal([2, 2])})),
                        "t": (0.5, terminal([3, 3])),
                    }
                ),
            },
        ),
        title="demo",
    )
    res = ms.solvers.backward_induction(tree)
    assert res.render().splitlines() == (
        [
            "demo  [players: a, b]",
            "a",
            "+-- stop: quit (1, 0)",
            "`== go*: chance",
            "    +== h (0.5): b",
            "    |   +-- l: (0, 1)",
            "    |   `== r*: (2, 2)",
            "    `== t (0.5): (3, 3)",
        ]
    )
    assert "..." in tree.render(max_depth=1)
    assert str(tree) == tree.render()


# ---------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("build", "error", "match"),
    [
        pytest.param(
            lambda: GameTree(
                decision(
                    "a",
                    {
                        "x": decision(
                            "b", {"l": terminal([0, 0]), "r": terminal([0, 0])}, infoset="I"
                        ),
                        "y": decision(
                            "b", {"l": terminal([0, 0]), "m": terminal([0, 0])}, infoset="I"
                        ),
                    },
                )
            ),
            ms.GameShapeError,
            r"root/x and root/y are in information set 'I' of 'b' but offer different",
            id="infoset-actions-differ",
        ),
        pytest.param(
            lambda: GameTree(decision("a", {"x": terminal([1, 2, 3])}), ["a", "b"]),
            ms.GameShapeError,
            r"terminal at root/x has 3 payoffs but the tree has 2 players",
            id="payoff-count",
        ),
        pytest.param(
            lambda: GameTree(decision("c", {"x": terminal([1, 2])}), ["a", "b"]),
            ms.UnknownNameError,
            r"decision node at root names player 'c'",
            id="unknown-player",
        ),
        pytest.param(
            lambda: GameTree(decision("a", {"x": terminal({"a": 1})}), ["a", "b"]),
            ms.GameShapeError,
            r"terminal at root/x gives no payoff to \['b'\]",
            id="missing-named-payoff",
        ),
        pytest.param(
            lambda: GameTree(chance({"x": (1.0, terminal([1]))})),
            ms.GameShapeError,
            r"no decision node, so pass players=",
            id="no-players",
        ),
        pytest.param(
            lambda: GameTree(
                decision(
                    "a",
                    {
                        "x": decision("a", {"u": terminal([1])}, infoset="root/y"),
                        "y": decision("a", {"u": terminal([1])}),
                    },
                )
            ),
            ms.GameShapeError,
            r"label 'root/y' of player 'a' is used both",
            id="label-clash",
        ),
    ],
)
def test_invalid_trees_name_the_node(build: Any, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        build()


@pytest.mark.parametrize(
    ("build", "error", "match"),
    [
        pytest.param(
            lambda: decision("a", {}), ms.GameShapeError, "at least one action", id="no-actions"
        ),
        pytest.param(
            lambda: decision("", {"x": terminal([1])}),
            ms.InvalidArgumentError,
            "player must be a non-empty string",
            id="empty-player",
        ),
        pytest.param(
            lambda: decision("a", {"x": 3}),
            ms.InvalidArgumentError,
            "child after action 'x' must be a node",
            id="bad-child",
        ),
        pytest.param(
            lambda: chance({"x": (0.5, terminal([1]))}),
            ms.InvalidArgumentError,
            "probabilities must sum to 1",
            id="probs-sum",
        ),
        pytest.param(
            lambda: chance({"x": (-0.5, terminal([1])), "y": (1.5, terminal([1]))}),
            ms.InvalidArgumentError,
            "probability of 'x' must be >= 0",
            id="negative",
        ),
        pytest.param(
            lambda: chance({"x": (float("nan"), terminal([1]))}),
            ms.InvalidArgumentError,
            "finite number",
            id="nan-prob",
        ),
        pytest.param(
            lambda: terminal([1.0, float("inf")]),
            ms.InvalidPayoffError,
            "payoff 1 must be finite",
            id="inf-payoff",
        ),
        pytest.param(
            lambda: terminal("ab"),
            ms.InvalidPayoffError,
            "sequence of numbers",
            id="string-payoffs",
        ),
        pytest.param(
            lambda: terminal([[1, 2]]), ms.InvalidPayoffError, "flat sequence", id="nested-payoffs"
        ),
    ],
)
def test_invalid_nodes(build: Any, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        build()


def test_tree_size_is_refused_before_expansion(monkeypatch: pytest.MonkeyPatch) -> None:
    from mediation_sim.games import extensive_form

    monkeypatch.setattr(extensive_form, "MAX_TREE_NODES", 100)
    node: Any = terminal([0.0])
    for _ in range(7):  # a shared chain: 2**8 - 1 nodes once expanded, 8 objects
        node = decision("a", {"l": node, "r": node})
    with pytest.raises(ms.GameTooLargeError, match="255 nodes once expanded"):
        GameTree(node)


def test_lookups_name_valid_choices() -> None:
    tree = entry_game()
    with pytest.raises(ms.UnknownNameError, match=r"no action 'stay' at root; its actions are"):
        tree.node(("stay",))
    with pytest.raises(ms.UnknownNameError, match="continues past the terminal"):
        tree.node(("out", "x"))
    with pytest.raises(ms.InvalidArgumentError, match="got the string"):
        tree.node("in")  # type: ignore[arg-type]
    with pytest.raises(ms.UnknownNameError, match="unknown information set"):
        tree.infoset("nowhere")
    with pytest.raises(ms.GameShapeError, match="does not start a subgame"):
        simultaneous_pd().subgame(("defect",))


# ---------------------------------------------------------------------- subgames


def test_subgame_roots_match_closure_definition_on_catalogue_shapes() -> None:
    # A decision followed by a simultaneous-move stage: the stage is one subgame.
    tree = GameTree(
        decision(
            "row",
            {"stay": terminal([2, 2]), "play": simultaneous_pd().root},
        )
    )
    assert tree.subgame_roots == ((), ("play",))
    sub = tree.subgame(("play",))
    assert sub.root_path == ("play",)
    assert sub.n_nodes == 7
    assert sub.players == tree.players


def test_absent_minded_driver_root_is_a_subgame() -> None:
    # Piccione and Rubinstein (1997): the driver cannot tell the two exits apart.
    tree = GameTree(
        decision(
            "driver",
            {
                "exit": terminal([0]),
                "continue": decision(
                    "driver", {"exit": terminal([4]), "continue": terminal([1])}, infoset="I"
                ),
            },
            infoset="I",
        )
    )
    assert not tree.perfect_recall
    assert tree.subgame_roots == ((),)
    # one information set, so two plans: exit everywhere or continue everywhere
    assert tree.to_normal_form().payoffs.tolist() == [[0.0, 1.0]]


@given(TREES)
def test_subgame_roots_are_closed_under_information_sets(tree: GameTree) -> None:
    roots = set(tree.subgame_roots)
    for node in tree.iter_nodes():
        if node.kind == "terminal":
            continue
        prefix = node.path
        closed = all(
            all(m[: len(prefix)] == prefix for m in s.members)
            for s in tree.infosets
            if any(m[: len(prefix)] == prefix for m in s.members)
        )
        singleton = (
            node.kind != "decision" or len(tree.infoset((node.player, node.infoset)).members) == 1
        )
        assert (prefix in roots) == ((closed and singleton) or prefix == ())
        if prefix in roots and prefix:
            sub = tree.subgame(prefix)
            assert sub.n_terminals == sum(
                1 for p in tree.terminal_paths if p[: len(prefix)] == prefix
            )


# ---------------------------------------------------------------------- normal form


def test_simultaneous_moves_give_the_prisoners_dilemma() -> None:
    g = simultaneous_pd().to_normal_form()
    pd = ms.games.prisoners_dilemma()
    assert np.array_equal(g.payoffs, pd.payoffs)
    assert g.strategies == pd.strategies
    assert g.players == ("row", "col")


def test_reduced_normal_form_of_a_two_stage_game() -> None:
    # Osborne and Rubinstein (1994), Figure 95.1-style game: player 1 moves twice.
    tree = GameTree(
        decision(
            "1",
            {
                "A": decision(
                    "2",
                    {
                        "C": decision("1", {"E": terminal([3, 1]), "F": terminal([0, 0])}),
                        "D": terminal([1, 2]),
                    },
                ),
                "B": terminal([2, 0]),
            },
        )
    )
    full = tree.to_normal_form(reduced=False)
    red = tree.to_normal_form()
    assert full.strategies[0] == ("A/E", "A/F", "B/E", "B/F")
    assert red.strategies[0] == ("A/E", "A/F", "B/*")
    assert red.payoffs[0].tolist() == [[3, 1], [0, 1], [2, 2]]
    assert red.payoffs[1].tolist() == [[1, 2], [0, 2], [0, 0]]
    # the strategies B/E and B/F of the full form are the one plan B/* of the reduced form
    assert np.array_equal(full.payoffs[:, 2], full.payoffs[:, 3])
    assert np.array_equal(full.payoffs[:, 2], red.payoffs[:, 2])


def test_chance_weights_the_normal_form() -> None:
    tree = GameTree(
        chance(
            {
                "g": (
                    0.25,
                    decision("a", {"x": terminal([4.0]), "y": terminal([0.0])}, infoset="I"),
                ),
                "b": (
                    0.75,
                    decision("a", {"x": terminal([0.0]), "y": terminal([1.0])}, infoset="I"),
                ),
            }
        ),
        ["a"],
    )
    assert tree.to_normal_form().payoffs.tolist() == [[1.0, 0.75]]


@given(SMALL_TREES)
def test_reduced_and_full_normal_forms_have_the_same_payoff_slices(tree: GameTree) -> None:
    full = tree.to_normal_form(reduced=False)
    red = tree.to_normal_form()
    # map each full strategy to the reduced plan it agrees with
    maps = []
    for i in range(tree.n_players):
        plans_f = tree.pure_strategies(i, reduced=False)
        plans_r = tree.pure_strategies(i)
        index = []
        for pf in plans_f:
            matches = [r for r, pr in enumerate(plans_r) if all(pf[k] == a for k, a in pr.items())]
            assert len(matches) == 1
            index.append(matches[0])
        maps.append(index)
    expanded = red.payoffs[(slice(None), *np.ix_(*maps))]
    np.testing.assert_allclose(full.payoffs, expanded, atol=1e-9)


@given(SMALL_TREES)
def test_kuhn_realisation_equivalence(tree: GameTree) -> None:
    rng = np.random.default_rng(len(tree.infosets))
    choices = {s.key: rng.dirichlet(np.ones(len(s.actions))) for s in tree.infosets}
    behaviour = tree.behaviour_profile(choices)
    g = tree.to_normal_form()
    mixed = tree.behaviour_to_mixed(behaviour, g)
    np.testing.assert_allclose(g.expected_payoffs(mixed), behaviour.payoffs, atol=1e-9)
    back = tree.mixed_to_behaviour(mixed, g)
    # the round trip keeps the distribution over terminals (and so every payoff)
    out_a = behaviour.outcome_probabilities()
    out_b = back.outcome_probabilities()
    assert out_a.keys() == out_b.keys()
    np.testing.assert_allclose([out_a[k] for k in out_a], [out_b[k] for k in out_a], atol=1e-9)
    # unreduced form: same payoffs
    full = tree.to_normal_form(reduced=False)
    mixed_full = tree.behaviour_to_mixed(behaviour, full, reduced=False)
    np.testing.assert_allclose(full.expected_payoffs(mixed_full), behaviour.payoffs, atol=1e-9)


def test_behaviour_profile_accessors() -> None:
    tree = simultaneous_pd()
    b = tree.behaviour_profile({"root": {"cooperate": 0.25, "defect": 0.75}, "c": "defect"})
    assert b["c"] == {"cooperate": 0.0, "defect": 1.0}
    assert b[("row", "root")] == {"cooperate": 0.25, "defect": 0.75}
    np.testing.assert_allclose(b.payoffs, [0.25 * 0 + 0.75 * 1, 0.25 * 5 + 0.75 * 1])
    assert not b.is_pure
    assert b.outcome_probabilities() == {
        ("cooperate", "defect"): 0.25,
        ("defect", "defect"): 0.75,
    }
    assert b.to_dict()["behaviour"]["col"]["c"] == {"cooperate": 0.0, "defect": 1.0}
    assert "root=" in repr(b)
    with pytest.raises(ms.InvalidProfileError, match="sums to"):
        tree.behaviour_profile({"c": [0.5, 0.6]})
    with pytest.raises(ms.UnknownNameError, match="no action 'wait'"):
        tree.behaviour_profile({"c": "wait"})


def test_mixed_to_behaviour_refuses_imperfect_recall() -> None:
    tree = GameTree(
        decision(
            "a",
            {
                "l": decision(
                    "b",
                    {
                        "x": decision(
                            "a", {"u": terminal([1, 0]), "v": terminal([0, 1])}, infoset="F"
                        ),
                        "y": terminal([0, 0]),
                    },
                ),
                "r": decision("a", {"u": terminal([0, 1]), "v": terminal([1, 0])}, infoset="F"),
            },
        )
    )
    assert not tree.perfect_recall
    with pytest.raises(ms.GameShapeError, match="perfect recall"):
        tree.mixed_to_behaviour([[0.25, 0.25, 0.25, 0.25], [1.0, 0.0]], reduced=False)
