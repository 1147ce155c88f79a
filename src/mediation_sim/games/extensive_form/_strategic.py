"""Pure-strategy plans of a :class:`GameTree` and its reduced normal form."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from ..._errors import (
    GameTooLargeError,
    InvalidProfileError,
    UnknownNameError,
)
from . import _kernels
from ._nodes import (
    _NO_MOVE,
    KIND_DECISION,
    KIND_TERMINAL,
    Chance,
    Decision,
    FloatArray,
    Node,
)

if TYPE_CHECKING:
    from ._tree import GameTree


def player_infosets(tree: GameTree, i: int) -> list[int]:
    return [k for k in range(len(tree._infoset_members)) if int(tree._infoset_player[k]) == i]


def plans(
    tree: GameTree, i: int, *, reduced: bool, limit: int | None = None
) -> list[dict[int, int]]:
    """Plans of player ``i`` as ``{infoset id: action index}``, deterministic order."""
    cap = limit if limit is not None else plan_limit()
    own = player_infosets(tree, i)
    if not reduced:
        count = math.prod(len(tree._infoset_actions[k]) for k in own)
        if count > cap:
            raise GameTooLargeError(
                f"to_normal_form(): player {tree._players[i]!r} has {count:,} pure "
                f"strategies, above the limit of {cap:,}; use reduced=True"
            )
        if not own:
            return [{}]
        grids = np.indices([len(tree._infoset_actions[k]) for k in own]).reshape(len(own), -1)
        return [dict(zip(own, map(int, col), strict=True)) for col in grids.T]
    out: list[dict[int, int]] = []
    # explicit stack of (assignment, frontier nodes)
    work: list[tuple[dict[int, int], list[int]]] = [({}, [0])]
    while work:
        assign, frontier = work.pop()
        frontier = list(frontier)
        branched = False
        while frontier:
            v = frontier.pop()
            kind = int(tree._kind[v])
            if kind == KIND_TERMINAL:
                continue
            s = int(tree._child_start[v])
            m = int(tree._n_children[v])
            if kind == KIND_DECISION and int(tree._player[v]) == i:
                k = int(tree._infoset[v])
                if k in assign:
                    frontier.append(int(tree._edge_child[s + assign[k]]))
                    continue
                for a in range(m - 1, -1, -1):
                    new = dict(assign)
                    new[k] = a
                    work.append((new, [*frontier, int(tree._edge_child[s + a])]))
                branched = True
                break
            frontier.extend(int(c) for c in tree._edge_child[s : s + m][::-1])
        if not branched:
            out.append(assign)
            if len(out) > cap:
                raise GameTooLargeError(
                    f"to_normal_form(): player {tree._players[i]!r} has more than {cap:,} "
                    "reduced strategies"
                )
    return out


def plan_labels(tree: GameTree, i: int, plans: Sequence[Mapping[int, int]]) -> list[str]:
    own = player_infosets(tree, i)
    if not own:
        return [_NO_MOVE]
    if len(own) == 1:
        k = own[0]
        return [tree._infoset_actions[k][p[k]] for p in plans]
    labels = [
        "/".join(tree._infoset_actions[k][p[k]] if k in p else "*" for k in own) for p in plans
    ]
    if len(set(labels)) != len(labels):  # action labels containing "/" can clash
        labels = [f"{lab}#{n}" for n, lab in enumerate(labels)]
    return labels


def consistency(tree: GameTree, i: int, plans: Sequence[Mapping[int, int]]) -> NDArray[np.bool_]:
    """``M[s, z]``: plan ``s`` of player ``i`` takes each own action on the path to ``z``."""
    own = player_infosets(tree, i)
    col = {k: c for c, k in enumerate(own)}
    n_term = tree.n_terminals
    required = np.full((n_term, len(own)), -1, dtype=np.intp)
    impossible = np.zeros(n_term, dtype=bool)
    # walk up from each terminal, recording player i's actions
    for z, v in enumerate(tree._term_nodes):
        c = int(v)
        while tree._parent[c] >= 0:
            p = int(tree._parent[c])
            if int(tree._player[p]) == i:
                j = col[int(tree._infoset[p])]
                a = int(tree._parent_action[c])
                if required[z, j] not in (-1, a):
                    impossible[z] = True
                required[z, j] = a
            c = p
    plan_arr = np.full((len(plans), len(own)), -2, dtype=np.intp)
    for s, plan in enumerate(plans):
        for k, a in plan.items():
            plan_arr[s, col[k]] = a
    ok = (required[None, :, :] == -1) | (plan_arr[:, None, :] == required[None, :, :])
    out: NDArray[np.bool_] = ok.all(axis=2) & ~impossible[None, :]
    return out


def chance_reach(tree: GameTree) -> FloatArray:
    """Product of chance probabilities on the path to each terminal."""
    prob = np.where(np.isnan(tree._edge_prob), 1.0, tree._edge_prob)
    out: FloatArray = _kernels.reach(tree, prob)[tree._term_nodes]
    return out


def behaviour_vector(tree: GameTree, k: int, value: object) -> FloatArray:
    acts = tree._infoset_actions[k]
    name = f"information set {tree._infoset_label[k]!r}"
    if isinstance(value, str):
        if value not in acts:
            raise UnknownNameError(
                f"behaviour_profile(): no action {value!r} at {name}; its actions are {list(acts)}"
            )
        v = np.zeros(len(acts))
        v[acts.index(value)] = 1.0
        return v
    if isinstance(value, Mapping):
        v = np.zeros(len(acts))
        for a, p in value.items():
            if a not in acts:
                raise UnknownNameError(
                    f"behaviour_profile(): no action {a!r} at {name}; its actions are {list(acts)}"
                )
            v[acts.index(a)] = p
    else:
        try:
            v = np.array(value, dtype=np.float64).reshape(-1)
        except (TypeError, ValueError):
            raise InvalidProfileError(
                f"behaviour_profile(): the behaviour at {name} is not a probability vector"
            ) from None
    if v.shape != (len(acts),) or not np.isfinite(v).all() or v.min() < -1e-12:
        raise InvalidProfileError(
            f"behaviour_profile(): the behaviour at {name} must be {len(acts)} "
            "non-negative probabilities"
        )
    if abs(v.sum() - 1.0) > 1e-8:
        raise InvalidProfileError(
            f"behaviour_profile(): the behaviour at {name} sums to {v.sum()!r}, not 1"
        )
    return np.clip(v, 0.0, None)


def reduce_plan(tree: GameTree, i: int, plan: Mapping[int, int]) -> dict[int, int]:
    """Keep only the information sets the plan's own choices leave reachable."""
    out: dict[int, int] = {}
    frontier = [0]
    while frontier:
        v = frontier.pop()
        kind = int(tree._kind[v])
        if kind == KIND_TERMINAL:
            continue
        s = int(tree._child_start[v])
        m = int(tree._n_children[v])
        if kind == KIND_DECISION and int(tree._player[v]) == i:
            k = int(tree._infoset[v])
            out[k] = plan[k]
            frontier.append(int(tree._edge_child[s + plan[k]]))
        else:
            frontier.extend(int(c) for c in tree._edge_child[s : s + m])
    return out


def plan_limit() -> int:
    from ..normal_form import MAX_PAYOFF_ENTRIES

    return MAX_PAYOFF_ENTRIES


def same_infosets(a: GameTree, b: GameTree) -> bool:
    return a._infoset_label == b._infoset_label and a._infoset_actions == b._infoset_actions


def relabel(tree: GameTree, v: int) -> Node:
    """Rebuild the subtree at ``v`` with every information set explicitly labelled."""
    # post-order reconstruction without recursion
    built: dict[int, Node] = {}
    order = list(range(v, int(tree._end[v])))
    for u in reversed(order):
        kind = int(tree._kind[u])
        node = tree._builders[u]
        if kind == KIND_TERMINAL:
            built[u] = node
            continue
        s = int(tree._child_start[u])
        m = int(tree._n_children[u])
        kids = tuple(built.pop(int(c)) for c in tree._edge_child[s : s + m])
        if kind == KIND_DECISION:
            assert isinstance(node, Decision)
            label = tree._infoset_label[int(tree._infoset[u])]
            built[u] = Decision(node.player, node.actions, kids, label, node.label)
        else:
            assert isinstance(node, Chance)
            built[u] = Chance(node.actions, node.probabilities, kids, node.label)
    return built[v]
