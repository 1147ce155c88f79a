"""Flattening a tree of builder nodes into the arrays of a :class:`GameTree`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from ..._errors import (
    GameShapeError,
    UnknownNameError,
)
from ._nodes import (
    _HASH_BASE,
    _HASH_MOD,
    KIND_CHANCE,
    KIND_DECISION,
    KIND_TERMINAL,
    Decision,
    FloatArray,
    Node,
    Terminal,
    _InfosetLabels,
    _readonly,
    _text_hash,
    format_path,
)

if TYPE_CHECKING:
    from ._tree import GameTree


def flatten(tree: GameTree, root: Node, given: tuple[str, ...] | None) -> None:
    n = root.size
    kind = np.empty(n, dtype=np.int8)
    parent = np.empty(n, dtype=np.intp)
    parent_action = np.empty(n, dtype=np.intp)
    depth = np.empty(n, dtype=np.intp)
    player = np.full(n, -1, dtype=np.intp)
    builders: list[Node] = []
    actions: list[tuple[str, ...]] = []
    labels: list[str] = []
    player_index: dict[str, int] = {} if given is None else {p: i for i, p in enumerate(given)}
    player_names: list[str] = [] if given is None else list(given)
    info_keys: dict[tuple[int, str | int], int] = {}
    info_members: list[list[int]] = []
    info_player: list[int] = []
    info_actions: list[tuple[str, ...]] = []
    info_explicit: list[str | None] = []
    info_last_own: list[object] = []
    perfect_recall = True
    terminals: list[tuple[int, Terminal]] = []
    chance_probs: dict[int, tuple[float, ...]] = {}
    # stack entries: (node, parent id, action index, depth, own-history tuple)
    stack: list[tuple[Node, int, int, int, tuple[object, ...]]] = [(root, -1, -1, 0, ())]
    while stack:
        node, par, act, d, own = stack.pop()
        v = len(builders)
        builders.append(node)
        parent[v] = par
        parent_action[v] = act
        depth[v] = d
        labels.append(node.label)
        child_own = own
        if isinstance(node, Terminal):
            kind[v] = KIND_TERMINAL
            actions.append(())
            terminals.append((v, node))
            continue
        if isinstance(node, Decision):
            kind[v] = KIND_DECISION
            if node.player not in player_index:
                if given is not None:
                    where = tree._path_str(v, parent, parent_action, builders)
                    raise UnknownNameError(
                        f"GameTree(): the decision node at {where} "
                        f"names player {node.player!r}, who is not among the players "
                        f"{list(given)}"
                    )
                player_index[node.player] = len(player_names)
                player_names.append(node.player)
            i = player_index[node.player]
            player[v] = i
            key: tuple[int, str | int] = (
                i,
                node.infoset if node.infoset is not None else -v - 1,
            )
            own_i = own[i] if i < len(own) else None
            if key not in info_keys:
                info_keys[key] = len(info_members)
                info_members.append([v])
                info_player.append(i)
                info_actions.append(node.actions)
                info_explicit.append(node.infoset)
                info_last_own.append(own_i)
            else:
                k = info_keys[key]
                if info_actions[k] != node.actions:
                    first = tree._path_str(info_members[k][0], parent, parent_action, builders)
                    raise GameShapeError(
                        f"GameTree(): nodes {first} and "
                        f"{tree._path_str(v, parent, parent_action, builders)} are in "
                        f"information set {node.infoset!r} of {node.player!r} but offer "
                        f"different actions: {list(info_actions[k])} vs {list(node.actions)}"
                    )
                info_members[k].append(v)
                if info_last_own[k] != own_i:
                    perfect_recall = False
            actions.append(node.actions)
            k = info_keys[key]
            width = max(len(own), i + 1)
            base = own + (None,) * (width - len(own))
            children = node.children
            pushes = []
            for a in range(len(children)):
                new_own = list(base)
                new_own[i] = (k, a)
                pushes.append(tuple(new_own))
            for a in range(len(children) - 1, -1, -1):
                stack.append((children[a], v, a, d + 1, pushes[a]))
            continue
        kind[v] = KIND_CHANCE
        actions.append(node.actions)
        chance_probs[v] = node.probabilities
        for a in range(len(node.children) - 1, -1, -1):
            stack.append((node.children[a], v, a, d + 1, child_own))

    # players who only receive payoffs (named in mappings)
    if given is None:
        for _, t in terminals:
            if isinstance(t.payoffs, Mapping):
                for name in t.payoffs:
                    if name not in player_index:
                        player_index[name] = len(player_names)
                        player_names.append(name)
    n_players = len(player_names)
    if n_players == 0:
        raise GameShapeError(
            "GameTree(): the tree has no decision node, so pass players= to name who is paid"
        )
    tree._players = tuple(player_names)
    tree._builders = tuple(builders)
    tree._kind = _readonly(kind)
    tree._parent = _readonly(parent)
    tree._parent_action = _readonly(parent_action)
    tree._depth = _readonly(depth)
    tree._player = _readonly(player)
    tree._actions = tuple(actions)
    tree._labels = tuple(labels)
    sizes = np.fromiter((b.size for b in builders), dtype=np.intp, count=n)
    tree._end = _readonly(np.arange(n, dtype=np.intp) + sizes)

    # edges (CSR by parent, children in action order)
    child_ids = np.arange(1, n, dtype=np.intp)
    order = np.argsort(parent[1:], kind="stable")
    edge_child = child_ids[order]
    edge_parent = parent[edge_child]
    n_children = np.bincount(edge_parent, minlength=n).astype(np.intp)
    child_start = np.zeros(n, dtype=np.intp)
    np.cumsum(n_children[:-1], out=child_start[1:])
    edge_prob = np.full(edge_child.shape[0], np.nan)
    for v, probs in chance_probs.items():
        edge_prob[child_start[v] : child_start[v] + len(probs)] = probs
    tree._edge_child = _readonly(edge_child)
    tree._edge_parent = _readonly(edge_parent)
    tree._edge_action = _readonly(parent_action[edge_child].copy())
    tree._edge_prob = _readonly(edge_prob)
    tree._n_children = _readonly(n_children)
    tree._child_start = _readonly(child_start)

    # information sets
    n_info = len(info_members)
    infoset = np.full(n, -1, dtype=np.intp)
    for k, members in enumerate(info_members):
        infoset[members] = k
    tree._infoset = _readonly(infoset)
    tree._infoset_player = _readonly(np.array(info_player, dtype=np.intp))
    tree._infoset_members = tuple(tuple(m) for m in info_members)
    tree._infoset_actions = tuple(info_actions)
    tree._explicit_infoset = tuple(info_explicit)
    sizes_i = np.array([len(a) for a in info_actions], dtype=np.intp)
    offset = np.zeros(n_info + 1, dtype=np.intp)
    np.cumsum(sizes_i, out=offset[1:])
    tree._infoset_offset = _readonly(offset)
    tree._auto_index = None
    labels_view = _InfosetLabels(tree)
    tree._infoset_label = labels_view
    used: dict[tuple[int, str], int] = {}
    prefix = format_path((), tree._root_path)
    for k in range(n_info):
        explicit = info_explicit[k]
        if explicit is None:
            continue
        clash = used.get((info_player[k], explicit))
        if clash is None and explicit.startswith(prefix):
            # an explicit label may spell another set's automatic path label
            autos = [
                j
                for j in auto_matches(tree, explicit)
                if j != k and info_player[j] == info_player[k]
            ]
            clash = autos[0] if autos else None
        if clash is not None:
            raise GameShapeError(
                f"GameTree(): information-set label {explicit!r} of player "
                f"{player_names[info_player[k]]!r} is used both by the set at "
                f"{tree._path_str(info_members[k][0])} and as the automatic label of "
                f"the node at {tree._path_str(info_members[clash][0])}; rename the "
                "explicit label"
            )
        used[(info_player[k], explicit)] = k
    tree._label_key = canonical_labels(tree)
    tree._perfect_recall = perfect_recall

    # terminals and payoffs
    n_term = len(terminals)
    term_nodes = np.array([v for v, _ in terminals], dtype=np.intp)
    order_t = np.argsort(term_nodes)
    term_nodes = term_nodes[order_t]
    payoffs = np.empty((n_term, n_players))
    outcomes: list[str] = []
    for row, idx in enumerate(order_t):
        v, t = terminals[int(idx)]
        payoffs[row] = resolve_payoffs(tree, t, v)
        outcomes.append(t.outcome)
    payoffs += 0.0  # -0.0 -> 0.0, so equal trees compare equal byte for byte
    term_index = np.full(n, -1, dtype=np.intp)
    term_index[term_nodes] = np.arange(n_term)
    tree._term_nodes = _readonly(term_nodes)
    tree._term_payoffs = _readonly(payoffs)
    tree._term_index = _readonly(term_index)
    tree._outcomes = tuple(outcomes)
    tree._subgame_root = _readonly(find_subgame_roots(tree))


def resolve_payoffs(tree: GameTree, t: Terminal, v: int) -> FloatArray:
    n = len(tree._players)
    if isinstance(t.payoffs, Mapping):
        unknown = [k for k in t.payoffs if k not in tree._players]
        if unknown:
            raise UnknownNameError(
                f"GameTree(): the terminal at {tree._path_str(v)} pays unknown players "
                f"{unknown}; the players are {list(tree._players)}"
            )
        missing = [p for p in tree._players if p not in t.payoffs]
        if missing:
            raise GameShapeError(
                f"GameTree(): the terminal at {tree._path_str(v)} gives no payoff to {missing}"
            )
        return np.array([t.payoffs[p] for p in tree._players])
    if len(t.payoffs) != n:
        raise GameShapeError(
            f"GameTree(): the terminal at {tree._path_str(v)} has {len(t.payoffs)} payoffs "
            f"but the tree has {n} players {list(tree._players)}"
        )
    return np.array(t.payoffs)


def find_subgame_roots(tree: GameTree) -> NDArray[np.bool_]:
    """Nodes whose subtree is closed under information sets (with a singleton root set)."""
    n = tree.n_nodes
    ids = np.arange(n, dtype=np.intp)
    lo = ids.copy()
    hi = ids.copy()
    if len(tree._infoset_members):
        first = np.array([m[0] for m in tree._infoset_members], dtype=np.intp)
        last = np.array([m[-1] for m in tree._infoset_members], dtype=np.intp)
        dec = tree._infoset >= 0
        lo[dec] = first[tree._infoset[dec]]
        hi[dec] = last[tree._infoset[dec]]
    by_depth = np.argsort(tree._depth, kind="stable")
    bounds = np.searchsorted(tree._depth[by_depth], np.arange(int(tree._depth.max()) + 2))
    for d in range(int(tree._depth.max()), 0, -1):
        nodes = by_depth[bounds[d] : bounds[d + 1]]
        np.minimum.at(lo, tree._parent[nodes], lo[nodes])
        np.maximum.at(hi, tree._parent[nodes], hi[nodes])
    root_ok = (lo >= ids) & (hi < tree._end)
    singleton = np.ones(n, dtype=bool)
    members = np.flatnonzero(tree._infoset >= 0)
    sizes = np.array([len(m) for m in tree._infoset_members], dtype=np.intp)
    singleton[members] = sizes[tree._infoset[members]] == 1
    out: NDArray[np.bool_] = root_ok & singleton
    out[0] = True  # the whole game is always a subgame
    return out


def canonical_labels(tree: GameTree) -> tuple[Any, ...]:
    """A linear-size key equal for trees whose information-set labels are equal."""
    explicit = list(tree._explicit_infoset)
    prefix = format_path((), tree._root_path)
    for k, e in enumerate(explicit):
        if e is not None and e.startswith(prefix) and tree._auto_label(k) == e:
            explicit[k] = None  # spelled exactly as its automatic label
    automatic = any(e is None for e in explicit)
    return (tree._root_path if automatic else (), tuple(explicit))


def auto_matches(tree: GameTree, label: str) -> list[int]:
    """Unlabelled information sets whose automatic label is ``label``.

    Path labels are not stored: every node gets the length and a rolling
    hash of its label in one linear pass (cached), and only sets whose
    length and hash match have their label spelled out and compared.
    """
    if tree._auto_index is None:
        index: dict[tuple[int, int], list[int]] = {}
        unlabelled = [k for k, e in enumerate(tree._explicit_infoset) if e is None]
        if unlabelled:
            length0, hash0 = _text_hash(format_path((), tree._root_path))
            lengths = [length0] * len(tree._actions)
            hashes = [hash0] * len(tree._actions)
            parent = tree._parent.tolist()
            pact = tree._parent_action.tolist()
            step: dict[str, tuple[int, int, int]] = {}
            for v in range(1, len(lengths)):
                p = parent[v]
                action = tree._actions[p][pact[v]]
                st = step.get(action)
                if st is None:
                    la, ha = _text_hash("/" + action)
                    st = step[action] = (la, ha, pow(_HASH_BASE, la, _HASH_MOD))
                lengths[v] = lengths[p] + st[0]
                hashes[v] = (hashes[p] * st[2] + st[1]) % _HASH_MOD
            for k in unlabelled:
                v = tree._infoset_members[k][0]
                index.setdefault((lengths[v], hashes[v]), []).append(k)
        tree._auto_index = index
    hits = tree._auto_index.get(_text_hash(label), [])
    return [k for k in hits if tree._auto_label(k) == label]
