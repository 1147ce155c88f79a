"""A read-only array view of a :class:`GameTree`, for solvers and file writers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

if TYPE_CHECKING:
    from ._nodes import Node
    from ._tree import GameTree


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class TreeArrays:
    """The flat arrays of a :class:`GameTree`, read-only (returned by :attr:`GameTree.arrays`).

    Nodes are numbered ``0 .. n_nodes - 1`` in preorder (depth first, actions
    in order; the root is 0, a parent comes before its children). Edges are
    numbered ``0 .. n_nodes - 2`` and grouped by parent in compressed sparse
    row (CSR) form: the children of node ``v`` are
    ``edge_child[child_start[v] : child_start[v] + n_children[v]]``, in the
    order of its actions. Information sets are numbered ``0 .. n_infosets - 1``
    in the order of :attr:`GameTree.infosets`; terminals ``0 .. n_terminals - 1``
    in preorder, as in :attr:`GameTree.terminal_payoffs`.

    Every array is a read-only NumPy view of the tree's own storage (no copy);
    tuples hold the labels. Use :meth:`GameTree.node_id`,
    :meth:`GameTree.node_path` and :meth:`GameTree.infoset_index` to go
    between ids and the names of the public API.

    Attributes
    ----------
    kind : ndarray of int8, shape (n_nodes,)
        :data:`KIND_TERMINAL` (0), :data:`KIND_DECISION` (1) or :data:`KIND_CHANCE` (2).
    parent : ndarray of intp, shape (n_nodes,)
        Parent node (-1 for the root).
    parent_action : ndarray of intp, shape (n_nodes,)
        Index of the action at the parent that leads here (-1 for the root).
    depth : ndarray of intp, shape (n_nodes,)
        Number of moves from the root.
    player : ndarray of intp, shape (n_nodes,)
        Index of the player who moves at a decision node; -1 elsewhere.
    n_children, child_start : ndarray of intp, shape (n_nodes,)
        CSR layout of the edges (0 children for terminals).
    edge_child, edge_parent, edge_action : ndarray of intp, shape (n_nodes - 1,)
        Head, tail and action index of each edge.
    edge_prob : ndarray of float64, shape (n_nodes - 1,)
        Probability of a chance edge; NaN on the edges of decision nodes.
    infoset : ndarray of intp, shape (n_nodes,)
        Information set of a decision node; -1 elsewhere.
    infoset_player : ndarray of intp, shape (n_infosets,)
        Who moves at each information set.
    infoset_offset : ndarray of intp, shape (n_infosets + 1,)
        Behaviour probabilities of set ``k`` are
        ``flat[infoset_offset[k] : infoset_offset[k + 1]]`` of
        :attr:`BehaviourProfile.flat`.
    subgame_root : ndarray of bool, shape (n_nodes,)
        Whether a proper subgame starts at the node (terminals included).
    terminal_nodes : ndarray of intp, shape (n_terminals,)
        Node id of each terminal, increasing.
    terminal_index : ndarray of intp, shape (n_nodes,)
        Terminal number of a terminal node; -1 elsewhere.
    terminal_payoffs : ndarray of float64, shape (n_terminals, n_players)
        Payoffs at each terminal, in player order.
    node_labels : tuple of str
        Node names (empty when not given).
    node_actions : tuple of tuple of str
        Actions at each node (empty for terminals).
    nodes : tuple of node
        The builder node (:class:`Decision`, :class:`Chance` or
        :class:`Terminal`) at each id; each is the root of its subtree.
    infoset_labels : sequence of str
        Label of each information set (as in :attr:`GameTree.infosets`).
    infoset_explicit : tuple of str or None
        The label given to :func:`decision`, or None for an automatic label.
    infoset_actions : tuple of tuple of str
        Actions of each information set.
    infoset_members : tuple of tuple of int
        Member node ids of each information set, in preorder.
    terminal_outcomes : tuple of str
        Outcome name of each terminal.

    Examples
    --------
    >>> from mediation_sim.games import GameTree, decision, terminal
    >>> from mediation_sim.games.extensive_form import KIND_DECISION
    >>> tree = GameTree(decision("a", {"l": terminal([1, 0]),
    ...                                "r": decision("b", {"x": terminal([0, 1]),
    ...                                                    "y": terminal([2, 2])})}))
    >>> arr = tree.arrays
    >>> arr.kind.tolist(), arr.parent.tolist()
    ([1, 0, 1, 0, 0], [-1, 0, 0, 2, 2])
    >>> arr.edge_child[arr.child_start[2] : arr.child_start[2] + arr.n_children[2]].tolist()
    [3, 4]
    >>> [tree.node_path(v) for v in arr.terminal_nodes]
    [('l',), ('r', 'x'), ('r', 'y')]
    >>> bool((arr.kind == KIND_DECISION).sum() == len(tree.infosets))
    True
    >>> arr.kind.flags.writeable
    False
    """

    kind: NDArray[np.int8]
    parent: NDArray[np.intp]
    parent_action: NDArray[np.intp]
    depth: NDArray[np.intp]
    player: NDArray[np.intp]
    n_children: NDArray[np.intp]
    child_start: NDArray[np.intp]
    edge_child: NDArray[np.intp]
    edge_parent: NDArray[np.intp]
    edge_action: NDArray[np.intp]
    edge_prob: NDArray[np.float64]
    infoset: NDArray[np.intp]
    infoset_player: NDArray[np.intp]
    infoset_offset: NDArray[np.intp]
    subgame_root: NDArray[np.bool_]
    terminal_nodes: NDArray[np.intp]
    terminal_index: NDArray[np.intp]
    terminal_payoffs: NDArray[np.float64]
    node_labels: tuple[str, ...]
    node_actions: tuple[tuple[str, ...], ...]
    nodes: tuple[Node, ...]
    infoset_labels: Sequence[str]
    infoset_explicit: tuple[str | None, ...]
    infoset_actions: tuple[tuple[str, ...], ...]
    infoset_members: tuple[tuple[int, ...], ...]
    terminal_outcomes: tuple[str, ...]

    @property
    def n_nodes(self) -> int:
        """Number of nodes."""
        return int(self.kind.shape[0])

    @property
    def n_infosets(self) -> int:
        """Number of information sets."""
        return int(self.infoset_player.shape[0])

    def __repr__(self) -> str:
        return (
            f"TreeArrays({self.n_nodes} nodes, {self.n_infosets} information sets, "
            f"{int(self.terminal_nodes.shape[0])} terminals)"
        )

    @classmethod
    def _of(cls, tree: GameTree) -> TreeArrays:
        t: Any = tree  # the tree's own storage, already read-only
        return cls(
            kind=t._kind,
            parent=t._parent,
            parent_action=t._parent_action,
            depth=t._depth,
            player=t._player,
            n_children=t._n_children,
            child_start=t._child_start,
            edge_child=t._edge_child,
            edge_parent=t._edge_parent,
            edge_action=t._edge_action,
            edge_prob=t._edge_prob,
            infoset=t._infoset,
            infoset_player=t._infoset_player,
            infoset_offset=t._infoset_offset,
            subgame_root=t._subgame_root,
            terminal_nodes=t._term_nodes,
            terminal_index=t._term_index,
            terminal_payoffs=t._term_payoffs,
            node_labels=t._labels,
            node_actions=t._actions,
            nodes=t._builders,
            infoset_labels=t._infoset_label,
            infoset_explicit=t._explicit_infoset,
            infoset_actions=t._infoset_actions,
            infoset_members=t._infoset_members,
            terminal_outcomes=t._outcomes,
        )
