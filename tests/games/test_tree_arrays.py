"""The read-only array view of a game tree (GameTree.arrays) agrees with its public API."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given

import mediation_sim as ms
from mediation_sim.games import GameTree, chance, decision, terminal
from mediation_sim.games.extensive_form import (
    KIND_CHANCE,
    KIND_DECISION,
    KIND_TERMINAL,
    TreeArrays,
)
from mediation_sim.testing import strategies as mst

KIND_NAMES = {KIND_TERMINAL: "terminal", KIND_DECISION: "decision", KIND_CHANCE: "chance"}


@given(mst.game_trees(chance_nodes=True, simultaneous=True, shared_infosets=True))
def test_arrays_describe_the_same_tree_as_the_path_api(tree: GameTree) -> None:
    arr = tree.arrays
    assert isinstance(arr, TreeArrays)
    assert arr is tree.arrays  # computed once
    assert arr.n_nodes == tree.n_nodes
    for v in range(arr.n_nodes):
        path = tree.node_path(v)
        assert tree.node_id(path) == v
        info = tree.node(path)
        assert KIND_NAMES[int(arr.kind[v])] == info.kind
        assert int(arr.depth[v]) == len(path)
        assert arr.node_actions[v] == info.actions
        children = arr.edge_child[arr.child_start[v] : arr.child_start[v] + arr.n_children[v]]
        assert [tree.node_path(int(c)) for c in children] == [(*path, a) for a in info.actions]
        if info.kind == "decision":
            assert tree.players[int(arr.player[v])] == info.player
            assert arr.infoset_labels[int(arr.infoset[v])] == info.infoset
        else:
            assert arr.player[v] == -1
            assert arr.infoset[v] == -1
        if info.kind == "chance":
            probs = arr.edge_prob[arr.child_start[v] : arr.child_start[v] + arr.n_children[v]]
            np.testing.assert_allclose(probs, info.probabilities)
    np.testing.assert_array_equal(arr.terminal_payoffs, tree.terminal_payoffs)
    assert [tree.node_path(int(v)) for v in arr.terminal_nodes] == list(tree.terminal_paths)
    assert arr.terminal_outcomes == tree.terminal_outcomes


@given(mst.game_trees(chance_nodes=True, simultaneous=True, shared_infosets=True))
def test_edges_and_information_sets_are_consistent(tree: GameTree) -> None:
    arr = tree.arrays
    np.testing.assert_array_equal(arr.parent[arr.edge_child], arr.edge_parent)
    np.testing.assert_array_equal(arr.parent_action[arr.edge_child], arr.edge_action)
    assert np.isnan(arr.edge_prob).tolist() == (arr.kind[arr.edge_parent] == KIND_DECISION).tolist()
    assert arr.n_infosets == len(tree.infosets)
    for k, infoset in enumerate(tree.infosets):
        assert tree.infoset_index(infoset.key) == k
        assert arr.infoset_actions[k] == infoset.actions
        assert [tree.node_path(v) for v in arr.infoset_members[k]] == list(infoset.members)
        assert int(arr.infoset_offset[k + 1] - arr.infoset_offset[k]) == len(infoset.actions)
    uniform = tree.behaviour_profile({}, default="uniform")
    assert uniform.flat.shape == (int(arr.infoset_offset[-1]),)
    roots = [tree.node_path(int(v)) for v in np.flatnonzero(arr.subgame_root)]
    assert set(tree.subgame_roots) <= set(roots)


def test_arrays_are_read_only_and_frozen() -> None:
    tree = GameTree(
        chance(
            {
                "h": (0.5, decision("a", {"x": terminal([1]), "y": terminal([0])})),
                "t": (0.5, terminal([2])),
            }
        )
    )
    arr = tree.arrays
    for name in ("kind", "parent", "edge_child", "edge_prob", "infoset_offset", "terminal_payoffs"):
        with pytest.raises(ValueError, match="read-only"):
            getattr(arr, name)[...] = 0
    with pytest.raises(AttributeError):
        arr.kind = arr.kind  # type: ignore[misc]
    assert repr(arr) == "TreeArrays(5 nodes, 1 information sets, 3 terminals)"
    assert arr.kind.tolist() == [
        KIND_CHANCE,
        KIND_DECISION,
        KIND_TERMINAL,
        KIND_TERMINAL,
        KIND_TERMINAL,
    ]
    assert arr.edge_prob.tolist()[:2] == [0.5, 0.5]


def test_node_ids_are_checked() -> None:
    tree = GameTree(decision("a", {"l": terminal([1]), "r": terminal([0])}))
    with pytest.raises(ms.InvalidArgumentError, match="node_path"):
        tree.node_path(3)
    with pytest.raises(ms.UnknownNameError, match="no action 'm'"):
        tree.node_id(("m",))
    with pytest.raises(ms.UnknownNameError):
        tree.infoset_index("nowhere")
    with pytest.raises(ms.InvalidProfileError, match="check_profile"):
        tree.check_profile("not a profile")
