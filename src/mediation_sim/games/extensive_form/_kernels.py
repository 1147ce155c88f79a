"""Lookups and evaluation kernels over the flat arrays of a :class:`GameTree`."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..._errors import (
    UnknownNameError,
)
from . import _build
from ._nodes import (
    KIND_DECISION,
    KIND_TERMINAL,
    FloatArray,
    IntArray,
    NodeInfo,
    format_path,
)

if TYPE_CHECKING:
    from ._tree import GameTree


def edge_probabilities(tree: GameTree, flat_behaviour: FloatArray) -> FloatArray:
    """Probability of each edge: chance probabilities or behaviour probabilities."""
    prob = np.array(tree._edge_prob)
    dec = np.isnan(prob)
    parents = tree._edge_parent[dec]
    k = tree._infoset[parents]
    prob[dec] = flat_behaviour[tree._infoset_offset[k] + tree._edge_action[dec]]
    return prob


def levels(tree: GameTree) -> list[tuple[IntArray, IntArray, IntArray]]:
    """Per depth ``d >= 1``: edges into depth ``d`` (sorted by parent), and the parent groups.

    Returns ``(edges, group_starts, group_parents)``; cached on first use.
    """
    if tree._level_cache is None:
        child_depth = tree._depth[tree._edge_child]
        levels = [(np.zeros(0, dtype=np.intp),) * 3]
        by_depth = np.argsort(child_depth, kind="stable")  # sorted edges stay sorted
        bounds = np.searchsorted(child_depth[by_depth], np.arange(tree.depth + 2))
        for d in range(1, tree.depth + 1):
            edges = by_depth[bounds[d] : bounds[d + 1]]
            parents = tree._edge_parent[edges]
            starts = np.flatnonzero(np.r_[True, parents[1:] != parents[:-1]])
            levels.append((edges, starts, parents[starts]))
        tree._level_cache = levels
    return tree._level_cache


def node_values(tree: GameTree, edge_prob: FloatArray) -> FloatArray:
    values = np.zeros((tree.n_nodes, tree.n_players))
    values[tree._term_nodes] = tree._term_payoffs
    per_level = levels(tree)
    for d in range(tree.depth, 0, -1):
        edges, starts, parents = per_level[d]
        contrib = edge_prob[edges, None] * values[tree._edge_child[edges]]
        values[parents] = np.add.reduceat(contrib, starts, axis=0)
    return values


def reach(tree: GameTree, edge_prob: FloatArray) -> FloatArray:
    reach = np.zeros(tree.n_nodes)
    reach[0] = 1.0
    per_level = levels(tree)
    for d in range(1, tree.depth + 1):
        edges = per_level[d][0]
        reach[tree._edge_child[edges]] = reach[tree._edge_parent[edges]] * edge_prob[edges]
    return reach


def info(tree: GameTree, v: int) -> NodeInfo:
    k = int(tree._kind[v])
    path = tree._path_of(v)
    if k == KIND_TERMINAL:
        t = int(tree._term_index[v])
        return NodeInfo(
            path,
            "terminal",
            None,
            None,
            (),
            (),
            tuple(float(x) for x in tree._term_payoffs[t]),
            tree._outcomes[t],
            tree._labels[v],
        )
    if k == KIND_DECISION:
        i = int(tree._infoset[v])
        return NodeInfo(
            path,
            "decision",
            tree._players[int(tree._player[v])],
            tree._infoset_label[i],
            tree._actions[v],
            (),
            (),
            "",
            tree._labels[v],
        )
    s = int(tree._child_start[v])
    probs = tuple(float(p) for p in tree._edge_prob[s : s + int(tree._n_children[v])])
    return NodeInfo(path, "chance", None, None, tree._actions[v], probs, (), "", tree._labels[v])


def infoset_id(tree: GameTree, key: object, *, func: str) -> int:
    label: object = key
    player_id: int | None = None
    if isinstance(key, tuple) and len(key) == 2:
        player, label = key
        if player not in tree._players:
            raise UnknownNameError(
                f"{func}: unknown player {player!r}; the players are {list(tree._players)}"
            )
        player_id = tree._players.index(player)
    if isinstance(label, str):
        hits = [k for k, e in enumerate(tree._explicit_infoset) if e == label]
        if label.startswith(format_path((), tree._root_path)):
            hits = sorted({*hits, *_build.auto_matches(tree, label)})
        if player_id is not None:
            hits = [k for k in hits if int(tree._infoset_player[k]) == player_id]
        if len(hits) == 1 or (hits and player_id is not None):
            return hits[0]
        if len(hits) > 1:
            owners = [tree._players[int(tree._infoset_player[k])] for k in hits]
            raise UnknownNameError(
                f"{func}: the information-set label {key!r} is used by players {owners}; "
                "name it as (player, label)"
            )
    known = [
        (tree._players[int(tree._infoset_player[k])], lab)
        for k, lab in enumerate(tree._infoset_label)
    ]
    raise UnknownNameError(
        f"{func}: unknown information set {key!r}; the information sets are {known}"
    )
