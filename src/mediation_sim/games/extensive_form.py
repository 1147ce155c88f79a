r"""Games in extensive form: trees with decision nodes, chance nodes, information sets and payoffs.

Build a tree bottom-up with three small functions and wrap its root in a
:class:`GameTree`, which validates it once and is immutable afterwards:

>>> import mediation_sim as ms
>>> from mediation_sim.games import GameTree, decision, terminal
>>> entry = GameTree(
...     decision("entrant", {
...         "stay_out": terminal([0, 2]),
...         "enter": decision("incumbent", {
...             "fight": terminal([-1, -1]),
...             "accommodate": terminal([1, 1]),
...         }),
...     }),
...     players=["entrant", "incumbent"],
...     title="Entry deterrence",
... )
>>> entry
GameTree('Entry deterrence', 2 players, 5 nodes, 3 terminals)
>>> ms.solvers.backward_induction(entry).path
('enter', 'accommodate')

Conventions
-----------
Nodes
    :func:`decision` (a player chooses an action), :func:`chance` (nature
    draws an action with given probabilities) and :func:`terminal` (the game
    ends with a payoff to every player). Builder nodes are immutable and may be
    shared between parents: the tree is expanded when it is built.
Paths
    A node is named by the tuple of action labels leading to it from the root
    (``()`` is the root). Messages print it as ``root/enter/fight``.
Information sets
    Decision nodes of the same player with the same ``infoset`` label form one
    information set: the player does not know which of them has been reached,
    so they must offer the same actions in the same order. A node without a
    label is a singleton information set, labelled by its printed path. That
    label is spelled out only when asked for, so a tree's memory stays linear
    in its size however deep it is.
Payoffs
    ``terminal([u_1, ..., u_n])`` in the order of :attr:`GameTree.players`,
    or ``terminal({"kyiv": 1.0, "moscow": -0.5})`` by name.
Tolerances
    As for strategic-form games, ``tol`` is relative to
    :attr:`GameTree.payoff_range`.

The normal form
---------------
A pure strategy assigns an action to every information set of the player. In
the *reduced* normal form (the default of :meth:`GameTree.to_normal_form`)
strategies that differ only at information sets the player's own earlier
actions rule out are merged into one *plan*; the merged entries are printed as
``*`` in strategy labels. Both forms have the same Nash equilibria in terms of
the outcomes they induce (Kuhn 1953).

**Sources**

* H. W. Kuhn, "Extensive games and the problem of information", in *Contributions to the Theory
  of Games II*, Annals of Mathematics Studies 28, Princeton University Press, 1953, pp. 193-216.
* R. Selten, "Reexamination of the perfectness concept for equilibrium points in extensive
  games", *International Journal of Game Theory* 4 (1975), pp. 25-55.
"""

from __future__ import annotations

import html
import math
import numbers
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal, TypeAlias, TypeGuard, overload

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .._errors import (
    GameShapeError,
    GameTooLargeError,
    InvalidArgumentError,
    InvalidPayoffError,
    InvalidProfileError,
    UnknownNameError,
)
from .._validation import check_labels
from .normal_form import MixedProfile, NormalFormGame, ProfileLike, check_game_size

__all__ = [
    "MAX_TREE_NODES",
    "BehaviourProfile",
    "Chance",
    "Decision",
    "GameTree",
    "InfoSet",
    "NodeInfo",
    "Terminal",
    "chance",
    "decision",
    "format_path",
    "terminal",
]

#: Largest number of nodes a :class:`GameTree` may have once expanded. Larger
#: trees are refused before any node is allocated.
MAX_TREE_NODES = 2_000_000

#: Chance probabilities must sum to one within this absolute error.
_PROB_ATOL = 1e-9

#: Paths are cached for all nodes while they hold at most this many actions in
#: total; deeper trees recompute a node's path when asked (linear memory).
_PATH_CACHE_ENTRIES = 4_000_000

#: Rolling hash of automatic information-set labels (UTF-32 code units, base
#: 2**32, modulo the Mersenne prime 2**61 - 1).
_HASH_MOD = (1 << 61) - 1
_HASH_BASE = 1 << 32

#: Label of the single plan of a player who has no move in a (sub)game.
_NO_MOVE = "-"

FloatArray: TypeAlias = NDArray[np.float64]
IntArray: TypeAlias = NDArray[np.intp]
Path: TypeAlias = tuple[str, ...]
Node: TypeAlias = "Decision | Chance | Terminal"
#: An information set named by ``(player, label)``, or by ``label`` alone when
#: no other player uses the same label.
InfoSetKey: TypeAlias = "tuple[str, str] | str"

#: Node kind codes of the flat tree (``TreeArrays.kind``): terminal, decision, chance.
KIND_TERMINAL, KIND_DECISION, KIND_CHANCE = 0, 1, 2


def format_path(path: Sequence[str], prefix: Sequence[str] = ()) -> str:
    """Print a node path as ``root/a/b`` (``root`` for the root).

    Examples
    --------
    >>> from mediation_sim.games import format_path
    >>> format_path(()), format_path(("press", "withdraw"))
    ('root', 'root/press/withdraw')
    """
    return "/".join(("root", *prefix, *path))


def _text_hash(text: str) -> tuple[int, int]:
    """``(length in code points, rolling hash)`` of ``text`` (see ``_HASH_MOD``)."""
    data = text.encode("utf-32-be", "surrogatepass")
    return len(data) // 4, int.from_bytes(data, "big") % _HASH_MOD


# ---------------------------------------------------------------------- builder nodes
def _check_label(value: object, *, func: str, name: str, allow_empty: bool) -> str:
    if not isinstance(value, str):
        raise InvalidArgumentError(f"{func}(): {name} must be a string, got {type(value).__name__}")
    if not value and not allow_empty:
        raise InvalidArgumentError(f"{func}(): {name} must be a non-empty string")
    return value


def _check_moves(moves: object, *, func: str) -> tuple[tuple[str, ...], tuple[Any, ...]]:
    if not isinstance(moves, Mapping):
        raise InvalidArgumentError(
            f"{func}(): moves must be a mapping from action label to child, "
            f"got {type(moves).__name__}"
        )
    if not moves:
        raise GameShapeError(f"{func}(): a node needs at least one action")
    actions = tuple(moves)
    for a in actions:
        _check_label(a, func=func, name="every action label", allow_empty=False)
    return actions, tuple(moves.values())


def _check_child(child: object, *, func: str, action: str) -> Node:
    if not isinstance(child, Decision | Chance | Terminal):
        raise InvalidArgumentError(
            f"{func}(): the child after action {action!r} must be a node built with "
            f"decision(), chance() or terminal(), got {type(child).__name__}"
        )
    return child


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Terminal:
    """An end of the game, with a payoff to every player.

    Build it with :func:`terminal`.

    Attributes
    ----------
    payoffs : tuple of float or Mapping[str, float]
        Payoffs in player order, or by player name (resolved by :class:`GameTree`).
    outcome : str
        Optional name of the outcome (``"ceasefire"``); outcomes may repeat.
    label : str
        Optional name of the node.
    """

    payoffs: tuple[float, ...] | Mapping[str, float]
    outcome: str = ""
    label: str = ""

    def __post_init__(self) -> None:
        func = "terminal"
        _check_label(self.outcome, func=func, name="outcome", allow_empty=True)
        _check_label(self.label, func=func, name="label", allow_empty=True)
        raw: object = self.payoffs
        if type(raw) is tuple and raw and all(type(v) is float and math.isfinite(v) for v in raw):
            return  # fast path: already a tuple of finite floats (readers, solvers)
        if isinstance(raw, Mapping):
            values: dict[str, float] = {}
            for k, v in raw.items():
                _check_label(k, func=func, name="every player name in payoffs", allow_empty=False)
                values[k] = _finite_payoff(v, func=func, where=f"payoff of {k!r}")
            object.__setattr__(self, "payoffs", MappingProxyType(values))
        else:
            if isinstance(raw, str) or not isinstance(raw, Sequence | np.ndarray):
                raise InvalidPayoffError(
                    f"{func}(): payoffs must be a sequence of numbers (one per player) or a "
                    f"mapping from player name to number, got {type(raw).__name__}"
                )
            seq = list(np.asarray(raw, dtype=object).reshape(-1)) if np.ndim(raw) else []
            if np.ndim(raw) != 1 or not seq:
                raise InvalidPayoffError(
                    f"{func}(): payoffs must be a non-empty flat sequence, "
                    f"got shape {np.shape(raw)}"
                )
            object.__setattr__(
                self,
                "payoffs",
                tuple(_finite_payoff(v, func=func, where=f"payoff {k}") for k, v in enumerate(seq)),
            )

    @property
    def size(self) -> int:
        """Number of nodes in this subtree (1)."""
        return 1

    def __reduce__(self) -> tuple[Any, ...]:
        pays = dict(self.payoffs) if isinstance(self.payoffs, Mapping) else self.payoffs
        return (Terminal, (pays, self.outcome, self.label))

    def __repr__(self) -> str:
        pays = dict(self.payoffs) if isinstance(self.payoffs, Mapping) else list(self.payoffs)
        name = f", outcome={self.outcome!r}" if self.outcome else ""
        return f"terminal({pays}{name})"


def _finite_payoff(value: object, *, func: str, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise InvalidPayoffError(f"{func}(): {where} must be a real number, got {value!r}")
    out = float(value)
    if not math.isfinite(out):
        raise InvalidPayoffError(f"{func}(): {where} must be finite, got {out!r}")
    return out


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Decision:
    """A node where ``player`` chooses one of ``actions``.

    Build it with :func:`decision`.

    Attributes
    ----------
    player : str
        Name of the player who moves.
    actions : tuple of str
        Distinct action labels, in order.
    children : tuple of node
        The node each action leads to.
    infoset : str or None
        Information-set label; ``None`` for a singleton information set.
    label : str
        Optional name of the node.
    size : int
        Number of nodes of the expanded subtree.
    """

    player: str
    actions: tuple[str, ...]
    children: tuple[Node, ...]
    infoset: str | None = None
    label: str = ""
    size: int = field(init=False)

    def __post_init__(self) -> None:
        func = "decision"
        _check_label(self.player, func=func, name="player", allow_empty=False)
        _check_node_lists(self.actions, self.children, func=func)
        if self.infoset is not None:
            _check_label(self.infoset, func=func, name="infoset", allow_empty=False)
        _check_label(self.label, func=func, name="label", allow_empty=True)
        object.__setattr__(self, "size", 1 + sum(c.size for c in self.children))

    def __repr__(self) -> str:
        info = f", infoset={self.infoset!r}" if self.infoset is not None else ""
        return f"decision({self.player!r}, actions={list(self.actions)}{info})"


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Chance:
    """A node where nature draws one of ``actions`` with ``probabilities``.

    Build it with :func:`chance`.

    Attributes
    ----------
    actions : tuple of str
        Distinct labels of nature's draws.
    probabilities : tuple of float
        Non-negative, summing to one.
    children : tuple of node
        The node each draw leads to.
    label : str
        Optional name of the node.
    size : int
        Number of nodes of the expanded subtree.
    """

    actions: tuple[str, ...]
    probabilities: tuple[float, ...]
    children: tuple[Node, ...]
    label: str = ""
    size: int = field(init=False)

    def __post_init__(self) -> None:
        func = "chance"
        _check_node_lists(self.actions, self.children, func=func)
        _check_label(self.label, func=func, name="label", allow_empty=True)
        probs: list[float] = []
        raw: tuple[object, ...] = self.probabilities
        for a, p in zip(self.actions, raw, strict=False):
            if isinstance(p, bool) or not isinstance(p, numbers.Real) or not math.isfinite(p):
                raise InvalidArgumentError(
                    f"{func}(): the probability of {a!r} must be a finite number, got {p!r}"
                )
            if p < 0:
                raise InvalidArgumentError(
                    f"{func}(): the probability of {a!r} must be >= 0, got {p!r}"
                )
            probs.append(float(p))
        if len(probs) != len(self.actions):
            raise GameShapeError(f"{func}(): need one probability per action")
        total = math.fsum(probs)
        if abs(total - 1.0) > _PROB_ATOL:
            raise InvalidArgumentError(
                f"{func}(): probabilities must sum to 1, got {total!r} for {list(self.actions)}"
            )
        object.__setattr__(self, "probabilities", tuple(probs))
        object.__setattr__(self, "size", 1 + sum(c.size for c in self.children))

    def __repr__(self) -> str:
        moves = dict(zip(self.actions, self.probabilities, strict=True))
        return f"chance({moves})"


def _check_node_lists(actions: object, children: object, *, func: str) -> None:
    if not isinstance(actions, tuple) or not isinstance(children, tuple):
        raise InvalidArgumentError(f"{func}(): actions and children must be tuples")
    if not actions:
        raise GameShapeError(f"{func}(): a node needs at least one action")
    if len(actions) != len(children):
        raise GameShapeError(f"{func}(): need one child per action")
    for a, c in zip(actions, children, strict=True):
        _check_label(a, func=func, name="every action label", allow_empty=False)
        _check_child(c, func=func, action=a)
    if len(set(actions)) != len(actions):
        dupes = sorted({a for a in actions if actions.count(a) > 1})
        raise GameShapeError(f"{func}(): action labels must be distinct; repeated: {dupes}")


def decision(
    player: str, moves: Mapping[str, Node], *, infoset: str | None = None, label: str = ""
) -> Decision:
    """A decision node: ``player`` chooses an action; each action leads to a child.

    Parameters
    ----------
    player : str
        Name of the player who moves.
    moves : Mapping[str, node]
        Action label -> child node, in the order the actions are listed.
    infoset : str, optional
        Information-set label. Decision nodes of the same player with the same
        label form one information set and must have the same actions.
    label : str, default ""
        Optional node name (kept in ``.efg`` files).

    Returns
    -------
    Decision

    Raises
    ------
    GameShapeError
        If there is no action.
    InvalidArgumentError
        If a label is not a non-empty string or a child is not a node.

    See Also
    --------
    chance, terminal, GameTree

    Examples
    --------
    >>> from mediation_sim.games import decision, terminal
    >>> node = decision("kyiv", {"accept": terminal([1, 0]), "fight": terminal([0, 1])})
    >>> node.actions, node.size
    (('accept', 'fight'), 3)
    """
    actions, children = _check_moves(moves, func="decision")
    return Decision(player, actions, children, infoset, label)


def chance(moves: Mapping[str, tuple[float, Node]], *, label: str = "") -> Chance:
    """A chance node: nature draws an action with the given probability.

    Parameters
    ----------
    moves : Mapping[str, tuple[float, node]]
        Action label -> ``(probability, child)``. Probabilities are
        non-negative and sum to one (within 1e-9).
    label : str, default ""
        Optional node name.

    Returns
    -------
    Chance

    Raises
    ------
    InvalidArgumentError
        If a probability is negative, not finite, or they do not sum to one.

    See Also
    --------
    decision, terminal

    Examples
    --------
    >>> from mediation_sim.games import chance, terminal
    >>> war = chance({"win": (0.4, terminal([1, 0])), "lose": (0.6, terminal([0, 1]))})
    >>> war.probabilities
    (0.4, 0.6)
    """
    actions, pairs = _check_moves(moves, func="chance")
    probs: list[Any] = []
    children: list[Any] = []
    for a, pair in zip(actions, pairs, strict=True):
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise InvalidArgumentError(
                f"chance(): the move {a!r} must be a (probability, child) pair"
            )
        probs.append(pair[0])
        children.append(pair[1])
    return Chance(actions, tuple(probs), tuple(children), label)


def terminal(
    payoffs: Sequence[float] | Mapping[str, float] | ArrayLike,
    *,
    outcome: str = "",
    label: str = "",
) -> Terminal:
    """A terminal node with a payoff to every player.

    Parameters
    ----------
    payoffs : sequence of float or Mapping[str, float]
        One payoff per player in the order of :attr:`GameTree.players`, or a
        mapping from player name to payoff (every player must be named).
    outcome : str, default ""
        Optional outcome name, e.g. ``"ceasefire"``; several terminals may share one.
    label : str, default ""
        Optional node name.

    Returns
    -------
    Terminal

    Raises
    ------
    InvalidPayoffError
        If a payoff is not a finite real number.

    See Also
    --------
    decision, chance

    Examples
    --------
    >>> from mediation_sim.games import terminal
    >>> terminal({"kyiv": 1, "moscow": 0}, outcome="withdrawal")
    terminal({'kyiv': 1.0, 'moscow': 0.0}, outcome='withdrawal')
    """
    return Terminal(payoffs, outcome, label)  # type: ignore[arg-type]


# ---------------------------------------------------------------------- read-only views
@dataclass(frozen=True, slots=True)
class InfoSet:
    """An information set: the decision nodes a player cannot tell apart.

    Attributes
    ----------
    player : str
        Who moves.
    label : str
        The information set's label (unique for the player).
    actions : tuple of str
        Actions available at every member.
    members : tuple of tuple of str
        Paths of the member nodes, in preorder.
    """

    player: str
    label: str
    actions: tuple[str, ...]
    members: tuple[Path, ...]

    @property
    def key(self) -> tuple[str, str]:
        """``(player, label)``, the key of behaviour profiles."""
        return (self.player, self.label)


@dataclass(frozen=True, slots=True)
class NodeInfo:
    """A read-only description of one node of a :class:`GameTree`.

    Attributes
    ----------
    path : tuple of str
        Actions leading from the root to the node.
    kind : {"decision", "chance", "terminal"}
        Node type.
    player : str or None
        Who moves (decision nodes only).
    infoset : str or None
        Information-set label (decision nodes only).
    actions : tuple of str
        Actions at the node (empty for terminals).
    probabilities : tuple of float
        Chance probabilities (chance nodes only).
    payoffs : tuple of float
        Payoffs in player order (terminals only).
    outcome : str
        Outcome name (terminals only).
    label : str
        Node name.
    """

    path: Path
    kind: Literal["decision", "chance", "terminal"]
    player: str | None
    infoset: str | None
    actions: tuple[str, ...]
    probabilities: tuple[float, ...]
    payoffs: tuple[float, ...]
    outcome: str
    label: str


def _is_index(x: object) -> TypeGuard[int]:
    return isinstance(x, numbers.Integral) and not isinstance(x, bool)


def _readonly(array: NDArray[Any]) -> NDArray[Any]:
    array.flags.writeable = False
    return array


class _InfosetLabels(Sequence[str]):
    """Information-set labels of a tree, spelled out only when asked.

    An explicit label is returned as given; an unlabelled set is named by the
    path of its first member (``root/press``), computed on access and cached,
    so building a deep chain does not store a path per node.
    """

    __slots__ = ("_cache", "_tree")

    def __init__(self, tree: GameTree) -> None:
        self._tree = tree
        self._cache: dict[int, str] = {}

    def __len__(self) -> int:
        return len(self._tree._explicit_infoset)

    @overload
    def __getitem__(self, k: int) -> str: ...

    @overload
    def __getitem__(self, k: slice) -> list[str]: ...

    def __getitem__(self, k: int | slice) -> str | list[str]:
        if isinstance(k, slice):
            return [self[j] for j in range(*k.indices(len(self)))]
        explicit = self._tree._explicit_infoset[k]
        if explicit is not None:
            return explicit
        k = k % len(self)
        label = self._cache.get(k)
        if label is None:
            label = self._cache[k] = self._tree._auto_label(k)
        return label

    def __eq__(self, other: object) -> bool:
        if isinstance(other, _InfosetLabels):
            return self._tree._label_key == other._tree._label_key
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]


# ---------------------------------------------------------------------- the tree
class GameTree:
    """A finite game in extensive form, validated and immutable.

    Parameters
    ----------
    root : node
        The root, built with :func:`decision`, :func:`chance` and :func:`terminal`.
    players : sequence of str, optional
        Player names in payoff order. Default: the players who move, in order
        of first appearance (depth first), then any further names used in
        payoff mappings.
    title : str, default ""
        Free-text title (kept in ``.efg`` files).
    root_path : sequence of str, default ()
        Where this tree's root sits inside a larger tree; used only to print
        paths and to name unlabelled information sets (so a subgame keeps the
        labels it has in the whole tree). :meth:`subgame` sets it.

    Raises
    ------
    GameShapeError
        If members of an information set offer different actions, a terminal
        has the wrong number of payoffs, or labels clash. The message names
        the node path.
    UnknownNameError
        If a node names a player not in ``players``.
    GameTooLargeError
        If the expanded tree has more than :data:`MAX_TREE_NODES` nodes.
    InvalidArgumentError
        If ``players`` or ``title`` are malformed.

    See Also
    --------
    decision, chance, terminal
    mediation_sim.solvers.backward_induction : subgame-perfect equilibrium.
    mediation_sim.io.read_efg, mediation_sim.io.write_efg : Gambit files.

    Notes
    -----
    The tree is stored flat, in preorder (depth first, actions in order), so
    that backward induction and the normal-form reduction run as array
    operations level by level. Node ids are internal; the public API names
    nodes by their paths.

    Examples
    --------
    Two players move simultaneously (the column player cannot see the row
    player's choice), which is an information set spanning two nodes:

    >>> import mediation_sim as ms
    >>> from mediation_sim.games import GameTree, decision, terminal
    >>> def col(a, b):
    ...     return decision("col", {"l": terminal(a), "r": terminal(b)}, infoset="col_move")
    >>> tree = GameTree(decision("row", {"u": col([3, 3], [0, 5]), "d": col([5, 0], [1, 1])}))
    >>> tree.perfect_information, tree.subgame_roots
    (False, ((),))
    >>> tree.to_normal_form() == ms.games.prisoners_dilemma().with_labels(
    ...     ["row", "col"], [["u", "d"], ["l", "r"]], title="")
    True
    """

    __slots__ = (
        "__weakref__",
        "_actions",
        "_auto_index",
        "_builders",
        "_child_start",
        "_depth",
        "_edge_action",
        "_edge_child",
        "_edge_parent",
        "_edge_prob",
        "_end",
        "_explicit_infoset",
        "_infoset",
        "_infoset_actions",
        "_infoset_label",
        "_infoset_members",
        "_infoset_offset",
        "_infoset_player",
        "_kind",
        "_label_key",
        "_labels",
        "_level_cache",
        "_n_children",
        "_outcomes",
        "_parent",
        "_parent_action",
        "_path_cache",
        "_perfect_recall",
        "_player",
        "_players",
        "_root_path",
        "_subgame_root",
        "_term_index",
        "_term_nodes",
        "_term_payoffs",
        "_title",
    )

    def __init__(
        self,
        root: Node,
        players: Sequence[str] | None = None,
        *,
        title: str = "",
        root_path: Sequence[str] = (),
    ) -> None:
        func = "GameTree()"
        if not isinstance(root, Decision | Chance | Terminal):
            raise InvalidArgumentError(
                f"{func}: root must be a node built with decision(), chance() or terminal(), "
                f"got {type(root).__name__}"
            )
        if not isinstance(title, str):
            raise InvalidArgumentError(f"{func}: title must be a string")
        if isinstance(root_path, str) or not all(isinstance(a, str) for a in root_path):
            raise InvalidArgumentError(f"{func}: root_path must be a sequence of action labels")
        if root.size > MAX_TREE_NODES:
            raise GameTooLargeError(
                f"{func}: the tree has {root.size:,} nodes once expanded, above the limit of "
                f"{MAX_TREE_NODES:,} (mediation_sim.games.extensive_form.MAX_TREE_NODES)"
            )
        self._title = title
        self._root_path: Path = tuple(root_path)
        self._path_cache: list[Path] | None = None
        self._level_cache: list[tuple[IntArray, IntArray, IntArray]] | None = None
        given = None
        if players is not None:
            if isinstance(players, str) or not isinstance(players, Sequence):
                raise InvalidArgumentError(f"{func}: players must be a sequence of names")
            if not players:
                raise InvalidArgumentError(f"{func}: players must not be empty")
            given = check_labels(players, count=len(players), what="players", func=func)
        self._flatten(root, given)

    # ------------------------------------------------------------------ construction
    def _flatten(self, root: Node, given: tuple[str, ...] | None) -> None:
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
                        where = self._path_str(v, parent, parent_action, builders)
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
                        first = self._path_str(info_members[k][0], parent, parent_action, builders)
                        raise GameShapeError(
                            f"GameTree(): nodes {first} and "
                            f"{self._path_str(v, parent, parent_action, builders)} are in "
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
        self._players = tuple(player_names)
        self._builders = tuple(builders)
        self._kind = _readonly(kind)
        self._parent = _readonly(parent)
        self._parent_action = _readonly(parent_action)
        self._depth = _readonly(depth)
        self._player = _readonly(player)
        self._actions = tuple(actions)
        self._labels = tuple(labels)
        sizes = np.fromiter((b.size for b in builders), dtype=np.intp, count=n)
        self._end = _readonly(np.arange(n, dtype=np.intp) + sizes)

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
        self._edge_child = _readonly(edge_child)
        self._edge_parent = _readonly(edge_parent)
        self._edge_action = _readonly(parent_action[edge_child].copy())
        self._edge_prob = _readonly(edge_prob)
        self._n_children = _readonly(n_children)
        self._child_start = _readonly(child_start)

        # information sets
        n_info = len(info_members)
        infoset = np.full(n, -1, dtype=np.intp)
        for k, members in enumerate(info_members):
            infoset[members] = k
        self._infoset = _readonly(infoset)
        self._infoset_player = _readonly(np.array(info_player, dtype=np.intp))
        self._infoset_members = tuple(tuple(m) for m in info_members)
        self._infoset_actions = tuple(info_actions)
        self._explicit_infoset = tuple(info_explicit)
        sizes_i = np.array([len(a) for a in info_actions], dtype=np.intp)
        offset = np.zeros(n_info + 1, dtype=np.intp)
        np.cumsum(sizes_i, out=offset[1:])
        self._infoset_offset = _readonly(offset)
        self._auto_index: dict[tuple[int, int], list[int]] | None = None
        labels_view = _InfosetLabels(self)
        self._infoset_label = labels_view
        used: dict[tuple[int, str], int] = {}
        prefix = format_path((), self._root_path)
        for k in range(n_info):
            explicit = info_explicit[k]
            if explicit is None:
                continue
            clash = used.get((info_player[k], explicit))
            if clash is None and explicit.startswith(prefix):
                # an explicit label may spell another set's automatic path label
                autos = [
                    j
                    for j in self._auto_matches(explicit)
                    if j != k and info_player[j] == info_player[k]
                ]
                clash = autos[0] if autos else None
            if clash is not None:
                raise GameShapeError(
                    f"GameTree(): information-set label {explicit!r} of player "
                    f"{player_names[info_player[k]]!r} is used both by the set at "
                    f"{self._path_str(info_members[k][0])} and as the automatic label of "
                    f"the node at {self._path_str(info_members[clash][0])}; rename the "
                    "explicit label"
                )
            used[(info_player[k], explicit)] = k
        self._label_key = self._canonical_labels()
        self._perfect_recall = perfect_recall

        # terminals and payoffs
        n_term = len(terminals)
        term_nodes = np.array([v for v, _ in terminals], dtype=np.intp)
        order_t = np.argsort(term_nodes)
        term_nodes = term_nodes[order_t]
        payoffs = np.empty((n_term, n_players))
        outcomes: list[str] = []
        for row, idx in enumerate(order_t):
            v, t = terminals[int(idx)]
            payoffs[row] = self._resolve_payoffs(t, v)
            outcomes.append(t.outcome)
        payoffs += 0.0  # -0.0 -> 0.0, so equal trees compare equal byte for byte
        term_index = np.full(n, -1, dtype=np.intp)
        term_index[term_nodes] = np.arange(n_term)
        self._term_nodes = _readonly(term_nodes)
        self._term_payoffs = _readonly(payoffs)
        self._term_index = _readonly(term_index)
        self._outcomes = tuple(outcomes)
        self._subgame_root = _readonly(self._find_subgame_roots())

    def _resolve_payoffs(self, t: Terminal, v: int) -> FloatArray:
        n = len(self._players)
        if isinstance(t.payoffs, Mapping):
            unknown = [k for k in t.payoffs if k not in self._players]
            if unknown:
                raise UnknownNameError(
                    f"GameTree(): the terminal at {self._path_str(v)} pays unknown players "
                    f"{unknown}; the players are {list(self._players)}"
                )
            missing = [p for p in self._players if p not in t.payoffs]
            if missing:
                raise GameShapeError(
                    f"GameTree(): the terminal at {self._path_str(v)} gives no payoff to {missing}"
                )
            return np.array([t.payoffs[p] for p in self._players])
        if len(t.payoffs) != n:
            raise GameShapeError(
                f"GameTree(): the terminal at {self._path_str(v)} has {len(t.payoffs)} payoffs "
                f"but the tree has {n} players {list(self._players)}"
            )
        return np.array(t.payoffs)

    def _path_str(
        self,
        v: int,
        parent: NDArray[np.intp] | None = None,
        parent_action: NDArray[np.intp] | None = None,
        builders: Sequence[Node] | None = None,
    ) -> str:
        return format_path(self._path_of(v, parent, parent_action, builders), self._root_path)

    def _path_of(
        self,
        v: int,
        parent: NDArray[np.intp] | None = None,
        parent_action: NDArray[np.intp] | None = None,
        builders: Sequence[Node] | None = None,
    ) -> Path:
        if parent is None:
            if self._path_cache is not None or int(self._depth.sum()) <= _PATH_CACHE_ENTRIES:
                return self._all_paths()[v]
            parent = self._parent
        par = parent
        pact = self._parent_action if parent_action is None else parent_action
        nodes = self._builders if builders is None else builders
        out: list[str] = []
        while par[v] >= 0:
            p = int(par[v])
            node = nodes[p]
            assert not isinstance(node, Terminal)  # a parent is never a terminal
            out.append(node.actions[int(pact[v])])
            v = p
        return tuple(reversed(out))

    def _all_paths(self) -> list[Path]:
        """Paths of all nodes, computed once in one preorder pass (parents come first).

        Only used when the paths hold at most ``_PATH_CACHE_ENTRIES`` actions in
        total; deeper trees walk up from the node on each call instead, so that
        memory stays linear in the tree's size.
        """
        if self._path_cache is None:
            paths: list[Path] = [()] * len(self._actions)
            parent = self._parent.tolist()
            pact = self._parent_action.tolist()
            actions = self._actions
            for v in range(1, len(paths)):
                p = parent[v]
                paths[v] = (*paths[p], actions[p][pact[v]])
            self._path_cache = paths
        return self._path_cache

    def _auto_label(self, k: int) -> str:
        """The automatic label of information set ``k``: its first member's path."""
        return format_path(self._path_of(self._infoset_members[k][0]), self._root_path)

    def _auto_matches(self, label: str) -> list[int]:
        """Unlabelled information sets whose automatic label is ``label``.

        Path labels are not stored: every node gets the length and a rolling
        hash of its label in one linear pass (cached), and only sets whose
        length and hash match have their label spelled out and compared.
        """
        if self._auto_index is None:
            index: dict[tuple[int, int], list[int]] = {}
            unlabelled = [k for k, e in enumerate(self._explicit_infoset) if e is None]
            if unlabelled:
                length0, hash0 = _text_hash(format_path((), self._root_path))
                lengths = [length0] * len(self._actions)
                hashes = [hash0] * len(self._actions)
                parent = self._parent.tolist()
                pact = self._parent_action.tolist()
                step: dict[str, tuple[int, int, int]] = {}
                for v in range(1, len(lengths)):
                    p = parent[v]
                    action = self._actions[p][pact[v]]
                    st = step.get(action)
                    if st is None:
                        la, ha = _text_hash("/" + action)
                        st = step[action] = (la, ha, pow(_HASH_BASE, la, _HASH_MOD))
                    lengths[v] = lengths[p] + st[0]
                    hashes[v] = (hashes[p] * st[2] + st[1]) % _HASH_MOD
                for k in unlabelled:
                    v = self._infoset_members[k][0]
                    index.setdefault((lengths[v], hashes[v]), []).append(k)
            self._auto_index = index
        hits = self._auto_index.get(_text_hash(label), [])
        return [k for k in hits if self._auto_label(k) == label]

    def _canonical_labels(self) -> tuple[Any, ...]:
        """A linear-size key equal for trees whose information-set labels are equal."""
        explicit = list(self._explicit_infoset)
        prefix = format_path((), self._root_path)
        for k, e in enumerate(explicit):
            if e is not None and e.startswith(prefix) and self._auto_label(k) == e:
                explicit[k] = None  # spelled exactly as its automatic label
        automatic = any(e is None for e in explicit)
        return (self._root_path if automatic else (), tuple(explicit))

    def _find_subgame_roots(self) -> NDArray[np.bool_]:
        """Nodes whose subtree is closed under information sets (with a singleton root set)."""
        n = self.n_nodes
        ids = np.arange(n, dtype=np.intp)
        lo = ids.copy()
        hi = ids.copy()
        if len(self._infoset_members):
            first = np.array([m[0] for m in self._infoset_members], dtype=np.intp)
            last = np.array([m[-1] for m in self._infoset_members], dtype=np.intp)
            dec = self._infoset >= 0
            lo[dec] = first[self._infoset[dec]]
            hi[dec] = last[self._infoset[dec]]
        by_depth = np.argsort(self._depth, kind="stable")
        bounds = np.searchsorted(self._depth[by_depth], np.arange(int(self._depth.max()) + 2))
        for d in range(int(self._depth.max()), 0, -1):
            nodes = by_depth[bounds[d] : bounds[d + 1]]
            np.minimum.at(lo, self._parent[nodes], lo[nodes])
            np.maximum.at(hi, self._parent[nodes], hi[nodes])
        root_ok = (lo >= ids) & (hi < self._end)
        singleton = np.ones(n, dtype=bool)
        members = np.flatnonzero(self._infoset >= 0)
        sizes = np.array([len(m) for m in self._infoset_members], dtype=np.intp)
        singleton[members] = sizes[self._infoset[members]] == 1
        out: NDArray[np.bool_] = root_ok & singleton
        out[0] = True  # the whole game is always a subgame
        return out

    # ------------------------------------------------------------------ attributes
    @property
    def players(self) -> tuple[str, ...]:
        """Player names, in payoff order."""
        return self._players

    @property
    def n_players(self) -> int:
        """Number of players (nature is not a player)."""
        return len(self._players)

    @property
    def title(self) -> str:
        """Free-text title."""
        return self._title

    @property
    def root(self) -> Node:
        """The root builder node."""
        return self._builders[0]

    @property
    def root_path(self) -> Path:
        """Path of this tree's root inside the tree it was cut from (``()`` if none)."""
        return self._root_path

    @property
    def n_nodes(self) -> int:
        """Number of nodes."""
        return len(self._builders)

    @property
    def n_terminals(self) -> int:
        """Number of terminal nodes."""
        return int(self._term_nodes.shape[0])

    @property
    def depth(self) -> int:
        """Length of the longest path from the root to a terminal."""
        return int(self._depth.max())

    @property
    def infosets(self) -> tuple[InfoSet, ...]:
        """All information sets, in order of first appearance (depth first)."""
        return tuple(self._infoset_view(k) for k in range(len(self._infoset_members)))

    def _infoset_view(self, k: int) -> InfoSet:
        return InfoSet(
            self._players[int(self._infoset_player[k])],
            self._infoset_label[k],
            self._infoset_actions[k],
            tuple(self._path_of(v) for v in self._infoset_members[k]),
        )

    @property
    def terminal_payoffs(self) -> FloatArray:
        """Read-only array ``(n_terminals, n_players)`` of payoffs, terminals in preorder."""
        return self._term_payoffs

    @property
    def terminal_paths(self) -> tuple[Path, ...]:
        """Paths of the terminals, in preorder (the rows of :attr:`terminal_payoffs`)."""
        return tuple(self._path_of(int(v)) for v in self._term_nodes)

    @property
    def terminal_outcomes(self) -> tuple[str, ...]:
        """Outcome names of the terminals, in preorder (``""`` where unnamed)."""
        return self._outcomes

    @property
    def payoff_range(self) -> float:
        """Largest minus smallest terminal payoff over all players, or 1.0 if constant.

        The scale of every relative ``tol`` on trees.
        """
        spread = float(self._term_payoffs.max() - self._term_payoffs.min())
        return spread if spread > 0 else 1.0

    @property
    def perfect_information(self) -> bool:
        """Whether every information set is a single node."""
        return all(len(m) == 1 for m in self._infoset_members)

    @property
    def perfect_recall(self) -> bool:
        """Whether no player ever forgets their own earlier actions or information.

        Checked as: all members of each information set share the player's
        last own (information set, action) on their paths.
        """
        return self._perfect_recall

    @property
    def subgame_roots(self) -> tuple[Path, ...]:
        """Paths of the non-terminal nodes that start a subgame, in preorder.

        A node starts a subgame when it is a singleton information set and no
        information set straddles the boundary of its subtree (Selten 1975).
        The root always does (the whole game is a subgame, even when the root
        shares its information set with a later node).
        """
        nodes = np.flatnonzero(self._subgame_root & (self._kind != KIND_TERMINAL))
        return tuple(self._path_of(int(v)) for v in nodes)

    # ------------------------------------------------------------------ lookups
    def _node_id(self, path: Sequence[str], *, func: str) -> int:
        if isinstance(path, str):
            raise InvalidArgumentError(
                f"{func}: a path is a sequence of action labels such as ('press', 'fight'), "
                f"got the string {path!r}"
            )
        v = 0
        for depth, a in enumerate(path):
            acts = self._actions[v]
            if a not in acts:
                where = format_path(tuple(path[:depth]), self._root_path)
                if not acts:
                    raise UnknownNameError(
                        f"{func}: the path {list(path)} continues past the terminal at {where}"
                    )
                raise UnknownNameError(
                    f"{func}: no action {a!r} at {where}; its actions are {list(acts)}"
                )
            v = int(self._edge_child[self._child_start[v] + acts.index(a)])
        return v

    def node(self, path: Sequence[str] = ()) -> NodeInfo:
        """Describe the node at ``path`` (a sequence of action labels from the root).

        Raises
        ------
        UnknownNameError
            If an action on the path does not exist; lists the valid ones.

        Examples
        --------
        >>> import mediation_sim as ms
        >>> from mediation_sim.games import GameTree, decision, terminal
        >>> tree = GameTree(decision("a", {"x": terminal([1]), "y": terminal([2], outcome="w")}))
        >>> tree.node(("y",)).outcome
        'w'
        """
        return self._info(self._node_id(path, func="node()"))

    def _info(self, v: int) -> NodeInfo:
        k = int(self._kind[v])
        path = self._path_of(v)
        if k == KIND_TERMINAL:
            t = int(self._term_index[v])
            return NodeInfo(
                path,
                "terminal",
                None,
                None,
                (),
                (),
                tuple(float(x) for x in self._term_payoffs[t]),
                self._outcomes[t],
                self._labels[v],
            )
        if k == KIND_DECISION:
            i = int(self._infoset[v])
            return NodeInfo(
                path,
                "decision",
                self._players[int(self._player[v])],
                self._infoset_label[i],
                self._actions[v],
                (),
                (),
                "",
                self._labels[v],
            )
        s = int(self._child_start[v])
        probs = tuple(float(p) for p in self._edge_prob[s : s + int(self._n_children[v])])
        return NodeInfo(
            path, "chance", None, None, self._actions[v], probs, (), "", self._labels[v]
        )

    def iter_nodes(self) -> Iterator[NodeInfo]:
        """Every node, in preorder (depth first, actions in order)."""
        for v in range(self.n_nodes):
            yield self._info(v)

    def infoset(self, key: InfoSetKey) -> InfoSet:
        """The information set named ``(player, label)``, or ``label`` if unambiguous.

        Raises
        ------
        UnknownNameError
            If no information set has that name, or a bare label is ambiguous.
        """
        return self._infoset_view(self._infoset_id(key, func="infoset()"))

    def _infoset_id(self, key: object, *, func: str) -> int:
        label: object = key
        player_id: int | None = None
        if isinstance(key, tuple) and len(key) == 2:
            player, label = key
            if player not in self._players:
                raise UnknownNameError(
                    f"{func}: unknown player {player!r}; the players are {list(self._players)}"
                )
            player_id = self._players.index(player)
        if isinstance(label, str):
            hits = [k for k, e in enumerate(self._explicit_infoset) if e == label]
            if label.startswith(format_path((), self._root_path)):
                hits = sorted({*hits, *self._auto_matches(label)})
            if player_id is not None:
                hits = [k for k in hits if int(self._infoset_player[k]) == player_id]
            if len(hits) == 1 or (hits and player_id is not None):
                return hits[0]
            if len(hits) > 1:
                owners = [self._players[int(self._infoset_player[k])] for k in hits]
                raise UnknownNameError(
                    f"{func}: the information-set label {key!r} is used by players {owners}; "
                    "name it as (player, label)"
                )
        known = [
            (self._players[int(self._infoset_player[k])], lab)
            for k, lab in enumerate(self._infoset_label)
        ]
        raise UnknownNameError(
            f"{func}: unknown information set {key!r}; the information sets are {known}"
        )

    # ------------------------------------------------------------------ subgames
    def subgame(self, path: Sequence[str]) -> GameTree:
        """The subgame that starts at the node at ``path``.

        Information-set labels are kept (unlabelled singletons keep their
        labels from the whole tree), so a :class:`BehaviourProfile` of this
        tree can be restricted to the subgame with
        :meth:`BehaviourProfile.restrict`.

        Raises
        ------
        GameShapeError
            If the node does not start a subgame (an information set crosses
            the boundary of its subtree, or it shares its own information set).
        UnknownNameError
            If the path does not exist.

        Examples
        --------
        >>> from mediation_sim.games import GameTree, decision, terminal
        >>> tree = GameTree(decision("a", {
        ...     "x": decision("b", {"l": terminal([1, 0]), "r": terminal([0, 1])}),
        ...     "y": terminal([2, 2])}))
        >>> sub = tree.subgame(("x",))
        >>> sub.n_nodes, sub.players, sub.root_path
        (3, ('a', 'b'), ('x',))
        """
        v = self._node_id(path, func="subgame()")
        if not self._subgame_root[v]:
            raise GameShapeError(
                f"subgame(): the node at {self._path_str(v)} does not start a subgame: an "
                "information set crosses the boundary of its subtree"
            )
        return self._subtree(v)

    def _subtree(self, v: int) -> GameTree:
        root = _relabel(self, v)
        return GameTree(
            root, self._players, title=self._title, root_path=self._root_path + self._path_of(v)
        )

    # ------------------------------------------------------------------ normal form
    def pure_strategies(
        self, player: str | int, *, reduced: bool = True
    ) -> tuple[Mapping[str, str], ...]:
        """A player's pure strategies, each a mapping ``infoset label -> action``.

        Parameters
        ----------
        player : str or int
            Player name or index.
        reduced : bool, default True
            Merge strategies that differ only at information sets the player's
            own earlier actions rule out; such sets are absent from the mapping.

        Returns
        -------
        tuple of Mapping[str, str]
            In the order of the strategies of :meth:`to_normal_form`.

        Raises
        ------
        GameTooLargeError
            If the player has too many strategies to list.

        Examples
        --------
        >>> from mediation_sim.games import GameTree, decision, terminal
        >>> tree = GameTree(decision("a", {
        ...     "stop": terminal([1, 0]),
        ...     "go": decision("b", {
        ...         "l": decision("a", {"x": terminal([0, 1]), "y": terminal([2, 2])},
        ...                       infoset="late"),
        ...         "r": terminal([0, 0])})}))
        >>> [dict(s) for s in tree.pure_strategies("a")]
        [{'root': 'stop'}, {'root': 'go', 'late': 'x'}, {'root': 'go', 'late': 'y'}]
        >>> len(tree.pure_strategies("a", reduced=False))
        4
        """
        i = self._player_id(player, func="pure_strategies()")
        plans = self._plans(i, reduced=reduced)
        return tuple(
            MappingProxyType(
                {self._infoset_label[k]: self._infoset_actions[k][a] for k, a in plan.items()}
            )
            for plan in plans
        )

    def _player_id(self, player: object, *, func: str) -> int:
        if _is_index(player):
            if 0 <= int(player) < self.n_players:
                return int(player)
        elif isinstance(player, str) and player in self._players:
            return self._players.index(player)
        raise UnknownNameError(
            f"{func}: unknown player {player!r}; the players are {list(self._players)}"
        )

    def _player_infosets(self, i: int) -> list[int]:
        return [k for k in range(len(self._infoset_members)) if int(self._infoset_player[k]) == i]

    def _plans(self, i: int, *, reduced: bool, limit: int | None = None) -> list[dict[int, int]]:
        """Plans of player ``i`` as ``{infoset id: action index}``, deterministic order."""
        cap = limit if limit is not None else _plan_limit()
        own = self._player_infosets(i)
        if not reduced:
            count = math.prod(len(self._infoset_actions[k]) for k in own)
            if count > cap:
                raise GameTooLargeError(
                    f"to_normal_form(): player {self._players[i]!r} has {count:,} pure "
                    f"strategies, above the limit of {cap:,}; use reduced=True"
                )
            if not own:
                return [{}]
            grids = np.indices([len(self._infoset_actions[k]) for k in own]).reshape(len(own), -1)
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
                kind = int(self._kind[v])
                if kind == KIND_TERMINAL:
                    continue
                s = int(self._child_start[v])
                m = int(self._n_children[v])
                if kind == KIND_DECISION and int(self._player[v]) == i:
                    k = int(self._infoset[v])
                    if k in assign:
                        frontier.append(int(self._edge_child[s + assign[k]]))
                        continue
                    for a in range(m - 1, -1, -1):
                        new = dict(assign)
                        new[k] = a
                        work.append((new, [*frontier, int(self._edge_child[s + a])]))
                    branched = True
                    break
                frontier.extend(int(c) for c in self._edge_child[s : s + m][::-1])
            if not branched:
                out.append(assign)
                if len(out) > cap:
                    raise GameTooLargeError(
                        f"to_normal_form(): player {self._players[i]!r} has more than {cap:,} "
                        "reduced strategies"
                    )
        return out

    def _plan_labels(self, i: int, plans: Sequence[Mapping[int, int]]) -> list[str]:
        own = self._player_infosets(i)
        if not own:
            return [_NO_MOVE]
        if len(own) == 1:
            k = own[0]
            return [self._infoset_actions[k][p[k]] for p in plans]
        labels = [
            "/".join(self._infoset_actions[k][p[k]] if k in p else "*" for k in own) for p in plans
        ]
        if len(set(labels)) != len(labels):  # action labels containing "/" can clash
            labels = [f"{lab}#{n}" for n, lab in enumerate(labels)]
        return labels

    def _consistency(self, i: int, plans: Sequence[Mapping[int, int]]) -> NDArray[np.bool_]:
        """``M[s, z]``: plan ``s`` of player ``i`` takes each own action on the path to ``z``."""
        own = self._player_infosets(i)
        col = {k: c for c, k in enumerate(own)}
        n_term = self.n_terminals
        required = np.full((n_term, len(own)), -1, dtype=np.intp)
        impossible = np.zeros(n_term, dtype=bool)
        # walk up from each terminal, recording player i's actions
        for z, v in enumerate(self._term_nodes):
            c = int(v)
            while self._parent[c] >= 0:
                p = int(self._parent[c])
                if int(self._player[p]) == i:
                    j = col[int(self._infoset[p])]
                    a = int(self._parent_action[c])
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

    def _chance_reach(self) -> FloatArray:
        """Product of chance probabilities on the path to each terminal."""
        prob = np.where(np.isnan(self._edge_prob), 1.0, self._edge_prob)
        out: FloatArray = self._reach(prob)[self._term_nodes]
        return out

    def to_normal_form(self, *, reduced: bool = True) -> NormalFormGame:
        """The strategic form: pure strategies (plans) and expected payoffs.

        Algorithm:

        1. List each player's plans (:meth:`pure_strategies`), in the reduced
           form by a depth-first search that branches only at information
           sets the player's own earlier choices leave reachable.
        2. For each player build a 0/1 matrix ``M_i[s, z]`` telling whether
           plan ``s`` takes every one of the player's actions on the path to
           terminal ``z``.
        3. The payoff tensor is one contraction,
           ``U[j, s_1, ..., s_n] = sum_z chance(z) * prod_i M_i[s_i, z] * u_j(z)``.

        Parameters
        ----------
        reduced : bool, default True
            Build the reduced normal form (see :meth:`pure_strategies`).

        Returns
        -------
        NormalFormGame
            Players as in the tree; a player's strategies are labelled by their
            action when they have one information set, otherwise by the actions
            at each of their information sets (in order of first appearance)
            joined with ``/``, ``*`` marking a set their own play rules out.
            A player who never moves has one strategy, ``"-"``.

        Raises
        ------
        GameTooLargeError
            If the strategic form would be too large (checked before allocating).

        See Also
        --------
        pure_strategies, behaviour_to_mixed, mixed_to_behaviour

        Examples
        --------
        >>> from mediation_sim.games import GameTree, decision, terminal
        >>> tree = GameTree(decision("a", {
        ...     "stop": terminal([1, 0]),
        ...     "go": decision("b", {"l": terminal([0, 1]), "r": terminal([2, 2])})}))
        >>> g = tree.to_normal_form()
        >>> g.strategies
        (('stop', 'go'), ('l', 'r'))
        >>> g.payoffs[0].tolist()
        [[1.0, 1.0], [0.0, 2.0]]
        >>> g.is_nash(("go", "r"))
        True
        """
        plans = [self._plans(i, reduced=reduced) for i in range(self.n_players)]
        check_game_size([len(p) for p in plans], what="normal form of the tree")
        mats = [self._consistency(i, plans[i]).astype(np.float64) for i in range(self.n_players)]
        weighted = self._term_payoffs * self._chance_reach()[:, None]  # (z, j)
        n = self.n_players
        letters = "abcdefghijklmnopqrstuvwxy"
        if n > len(letters):
            raise GameTooLargeError("to_normal_form(): at most 25 players are supported")
        spec = ",".join(f"{letters[i]}z" for i in range(n)) + ",zJ->J" + letters[:n]
        payoffs = np.einsum(spec, *mats, weighted, optimize=True)
        labels = [self._plan_labels(i, plans[i]) for i in range(n)]
        return NormalFormGame(payoffs, self._players, labels, title=self._title)

    # ------------------------------------------------------------------ profiles
    def behaviour_profile(
        self,
        choices: Mapping[Any, Any] | None = None,
        *,
        default: Literal["uniform", "first"] = "uniform",
    ) -> BehaviourProfile:
        """Build a :class:`BehaviourProfile` from a mapping of information-set choices.

        Parameters
        ----------
        choices : Mapping, optional
            Information set (``(player, label)`` or an unambiguous ``label``)
            -> an action label (played for sure), a mapping ``{action: prob}``,
            or a probability vector over the set's actions.
        default : {"uniform", "first"}, default "uniform"
            Behaviour at information sets not in ``choices``.

        Returns
        -------
        BehaviourProfile

        Raises
        ------
        UnknownNameError
            If an information set or action is unknown.
        InvalidProfileError
            If probabilities are negative or do not sum to one.

        Examples
        --------
        >>> from mediation_sim.games import GameTree, decision, terminal
        >>> tree = GameTree(decision("a", {"x": terminal([1]), "y": terminal([3])}))
        >>> tree.behaviour_profile({"root": {"x": 0.5, "y": 0.5}}).payoffs
        array([2.])
        """
        if default not in ("uniform", "first"):
            raise InvalidArgumentError(
                f"behaviour_profile(): default must be 'uniform' or 'first', got {default!r}"
            )
        vectors: list[FloatArray] = []
        for acts in self._infoset_actions:
            v = np.zeros(len(acts))
            if default == "uniform":
                v[:] = 1.0 / len(acts)
            else:
                v[0] = 1.0
            vectors.append(v)
        for key, value in (choices or {}).items():
            k = self._infoset_id(key, func="behaviour_profile()")
            vectors[k] = self._behaviour_vector(k, value)
        return BehaviourProfile(self, tuple(_readonly(v) for v in vectors))

    def _behaviour_vector(self, k: int, value: object) -> FloatArray:
        acts = self._infoset_actions[k]
        name = f"information set {self._infoset_label[k]!r}"
        if isinstance(value, str):
            if value not in acts:
                raise UnknownNameError(
                    f"behaviour_profile(): no action {value!r} at {name}; its actions are "
                    f"{list(acts)}"
                )
            v = np.zeros(len(acts))
            v[acts.index(value)] = 1.0
            return v
        if isinstance(value, Mapping):
            v = np.zeros(len(acts))
            for a, p in value.items():
                if a not in acts:
                    raise UnknownNameError(
                        f"behaviour_profile(): no action {a!r} at {name}; its actions are "
                        f"{list(acts)}"
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

    def behaviour_to_mixed(
        self, profile: BehaviourProfile, game: NormalFormGame | None = None, *, reduced: bool = True
    ) -> MixedProfile:
        """The mixed profile of the (reduced) normal form that a behaviour profile induces.

        Plan ``s`` of player ``i`` gets probability
        ``prod over information sets I in s of b_I(s[I])``; by Kuhn's theorem
        the two profiles induce the same distribution over terminals
        (Kuhn 1953).

        Parameters
        ----------
        profile : BehaviourProfile
            A profile of this tree.
        game : NormalFormGame, optional
            The result of :meth:`to_normal_form` (computed if omitted).
        reduced : bool, default True
            Which normal form ``game`` is.

        Returns
        -------
        MixedProfile

        Examples
        --------
        >>> from mediation_sim.games import GameTree, decision, terminal
        >>> tree = GameTree(decision("a", {"x": terminal([1, 0]), "y": terminal([0, 1])}),
        ...                 players=["a", "b"])
        >>> b = tree.behaviour_profile({"root": "y"})
        >>> tree.behaviour_to_mixed(b)
        MixedProfile(a=y, b=-)
        """
        self._check_profile(profile, func="behaviour_to_mixed()")
        nf = self.to_normal_form(reduced=reduced) if game is None else game
        vectors = []
        for i in range(self.n_players):
            plans = self._plans(i, reduced=reduced)
            probs = np.ones(len(plans))
            for s, plan in enumerate(plans):
                for k, a in plan.items():
                    probs[s] *= profile.probabilities[k][a]
            total = probs.sum()
            vectors.append(probs / total if total > 0 else probs)
        return nf.as_profile(vectors)

    def mixed_to_behaviour(
        self, profile: ProfileLike, game: NormalFormGame | None = None, *, reduced: bool = True
    ) -> BehaviourProfile:
        """The behaviour profile equivalent to a mixed profile of the (reduced) normal form.

        At information set ``I`` of player ``i``,
        ``b_I(a) = sum of sigma_i(s) over plans s with s[I] = a`` divided by
        the probability of the plans that keep ``I`` reachable (Kuhn's
        construction, exact under perfect recall (Kuhn 1953)). Where the
        player's own strategy rules ``I`` out, the first action is played.

        Parameters
        ----------
        profile : profile-like
            A profile of ``game``.
        game : NormalFormGame, optional
            The result of :meth:`to_normal_form` (computed if omitted).
        reduced : bool, default True
            Which normal form ``game`` is.

        Returns
        -------
        BehaviourProfile

        Raises
        ------
        GameShapeError
            If the tree does not have perfect recall (behaviour strategies
            cannot represent every mixed strategy then).

        Examples
        --------
        >>> from mediation_sim.games import GameTree, decision, terminal
        >>> tree = GameTree(decision("a", {"x": terminal([1, 0]), "y": terminal([0, 1])}),
        ...                 players=["a", "b"])
        >>> tree.mixed_to_behaviour([[0.25, 0.75], [1.0]])["root"]
        {'x': 0.25, 'y': 0.75}
        """
        if not self._perfect_recall:
            raise GameShapeError(
                "mixed_to_behaviour(): the tree does not have perfect recall, so a mixed "
                "strategy need not have an equivalent behaviour strategy"
            )
        nf = self.to_normal_form(reduced=reduced) if game is None else game
        mixed = nf.as_profile(profile)
        vectors = [np.zeros(len(a)) for a in self._infoset_actions]
        reach = [0.0] * len(self._infoset_actions)
        for i in range(self.n_players):
            plans = self._plans(i, reduced=reduced)
            sigma = mixed.probabilities[i]
            relevant = plans if reduced else [self._reduce_plan(i, p) for p in plans]
            for s, plan in enumerate(relevant):
                for k, a in plan.items():
                    vectors[k][a] += sigma[s]
                    reach[k] += sigma[s]
        out = []
        for k, v in enumerate(vectors):
            if reach[k] > 0:
                out.append(_readonly(v / reach[k]))
            else:
                w = np.zeros(len(v))
                w[0] = 1.0
                out.append(_readonly(w))
        return BehaviourProfile(self, tuple(out))

    def _reduce_plan(self, i: int, plan: Mapping[int, int]) -> dict[int, int]:
        """Keep only the information sets the plan's own choices leave reachable."""
        out: dict[int, int] = {}
        frontier = [0]
        while frontier:
            v = frontier.pop()
            kind = int(self._kind[v])
            if kind == KIND_TERMINAL:
                continue
            s = int(self._child_start[v])
            m = int(self._n_children[v])
            if kind == KIND_DECISION and int(self._player[v]) == i:
                k = int(self._infoset[v])
                out[k] = plan[k]
                frontier.append(int(self._edge_child[s + plan[k]]))
            else:
                frontier.extend(int(c) for c in self._edge_child[s : s + m])
        return out

    def _check_profile(self, profile: object, *, func: str) -> None:
        if not isinstance(profile, BehaviourProfile):
            raise InvalidProfileError(
                f"{func}: expected a BehaviourProfile, got {type(profile).__name__}"
            )
        if profile.tree is not self and not _same_infosets(profile.tree, self):
            raise InvalidProfileError(f"{func}: the profile belongs to another tree")

    # ------------------------------------------------------------------ evaluation kernels
    def _edge_probabilities(self, flat_behaviour: FloatArray) -> FloatArray:
        """Probability of each edge: chance probabilities or behaviour probabilities."""
        prob = np.array(self._edge_prob)
        dec = np.isnan(prob)
        parents = self._edge_parent[dec]
        k = self._infoset[parents]
        prob[dec] = flat_behaviour[self._infoset_offset[k] + self._edge_action[dec]]
        return prob

    def _levels(self) -> list[tuple[IntArray, IntArray, IntArray]]:
        """Per depth ``d >= 1``: edges into depth ``d`` (sorted by parent), and the parent groups.

        Returns ``(edges, group_starts, group_parents)``; cached on first use.
        """
        if self._level_cache is None:
            child_depth = self._depth[self._edge_child]
            levels = [(np.zeros(0, dtype=np.intp),) * 3]
            by_depth = np.argsort(child_depth, kind="stable")  # sorted edges stay sorted
            bounds = np.searchsorted(child_depth[by_depth], np.arange(self.depth + 2))
            for d in range(1, self.depth + 1):
                edges = by_depth[bounds[d] : bounds[d + 1]]
                parents = self._edge_parent[edges]
                starts = np.flatnonzero(np.r_[True, parents[1:] != parents[:-1]])
                levels.append((edges, starts, parents[starts]))
            self._level_cache = levels
        return self._level_cache

    def _node_values(self, edge_prob: FloatArray) -> FloatArray:
        values = np.zeros((self.n_nodes, self.n_players))
        values[self._term_nodes] = self._term_payoffs
        levels = self._levels()
        for d in range(self.depth, 0, -1):
            edges, starts, parents = levels[d]
            contrib = edge_prob[edges, None] * values[self._edge_child[edges]]
            values[parents] = np.add.reduceat(contrib, starts, axis=0)
        return values

    def _reach(self, edge_prob: FloatArray) -> FloatArray:
        reach = np.zeros(self.n_nodes)
        reach[0] = 1.0
        levels = self._levels()
        for d in range(1, self.depth + 1):
            edges = levels[d][0]
            reach[self._edge_child[edges]] = reach[self._edge_parent[edges]] * edge_prob[edges]
        return reach

    # ------------------------------------------------------------------ rendering
    def render(
        self,
        profile: BehaviourProfile | None = None,
        *,
        max_depth: int | None = None,
        max_nodes: int = 500,
        precision: int = 4,
    ) -> str:
        """A text drawing of the tree, optionally marking a behaviour profile.

        Decision nodes show the player (and the information set when it has
        several nodes or an explicit label); chance edges show their
        probability; terminals show the outcome name and the payoffs in
        player order. With a ``profile``, edges played with positive
        probability end with ``*`` (followed by the probability when it is
        below one), and edges on the equilibrium path (reached with positive
        probability) are drawn ``+==`` instead of ``+--``.

        Parameters
        ----------
        profile : BehaviourProfile, optional
            For example ``backward_induction(tree).profile``.
        max_depth : int, optional
            Cut the drawing below this depth (``...`` marks the cut).
        max_nodes : int, default 500
            Stop after this many lines.
        precision : int, default 4
            Significant digits of numbers.

        Returns
        -------
        str

        Examples
        --------
        >>> import mediation_sim as ms
        >>> from mediation_sim.games import GameTree, decision, terminal
        >>> tree = GameTree(decision("a", {
        ...     "stop": terminal([1, 0], outcome="quit"),
        ...     "go": decision("b", {"l": terminal([0, 1]), "r": terminal([2, 2])})}),
        ...     title="Centipede stub")
        >>> print(tree.render(ms.solvers.backward_induction(tree).profile))
        Centipede stub  [players: a, b]
        a
        +-- stop: quit (1, 0)
        `== go*: b
            +-- l: (0, 1)
            `== r*: (2, 2)
        """
        if profile is not None:
            self._check_profile(profile, func="render()")
        lines = [f"{self._title or 'GameTree'}  [players: {', '.join(self._players)}]"]
        flat = profile.flat if profile is not None else None
        reach = self._reach(self._edge_probabilities(flat)) if flat is not None else None
        fmt = f"{{:.{precision}g}}"

        def num(x: float) -> str:
            return fmt.format(x + 0.0)

        def describe(v: int) -> str:
            kind = int(self._kind[v])
            if kind == KIND_TERMINAL:
                t = int(self._term_index[v])
                pays = "(" + ", ".join(num(float(x)) for x in self._term_payoffs[t]) + ")"
                name = self._outcomes[t]
                return f"{name} {pays}" if name else pays
            if kind == KIND_CHANCE:
                text = "chance"
            else:
                k = int(self._infoset[v])
                text = self._players[int(self._player[v])]
                explicit = self._explicit_infoset[k]
                if len(self._infoset_members[k]) > 1 or (
                    explicit is not None and explicit != self._path_str(v)
                ):
                    text += f" [{self._infoset_label[k]}]"
            return f"{text} ({self._labels[v]})" if self._labels[v] else text

        lines.append(describe(0))
        stack: list[tuple[int, str]] = []

        def push_children(v: int, indent: str) -> None:
            s = int(self._child_start[v])
            m = int(self._n_children[v])
            for j in range(m - 1, -1, -1):
                stack.append((s + j, indent))

        push_children(0, "")
        while stack:
            if len(lines) > max_nodes:
                lines.append("... (truncated; raise max_nodes)")
                break
            e, indent = stack.pop()
            child = int(self._edge_child[e])
            parent = int(self._edge_parent[e])
            last = int(self._edge_action[e]) == int(self._n_children[parent]) - 1
            on_path = reach is not None and reach[child] > 0
            branch = ("`" if last else "+") + ("==" if on_path else "--")
            label = self._actions[parent][int(self._edge_action[e])]
            if int(self._kind[parent]) == KIND_CHANCE:
                label += f" ({num(float(self._edge_prob[e]))})"
            elif flat is not None:
                k = int(self._infoset[parent])
                p = float(flat[self._infoset_offset[k] + int(self._edge_action[e])])
                if p > 0:
                    label += "*" if p >= 1 - 1e-12 else f"* [{num(p)}]"
            lines.append(f"{indent}{branch} {label}: {describe(child)}")
            if int(self._kind[child]) != KIND_TERMINAL:
                if max_depth is not None and int(self._depth[child]) >= max_depth:
                    lines.append(f"{indent}{'    ' if last else '|   '}...")
                    continue
                push_children(child, indent + ("    " if last else "|   "))
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.render()

    def __repr__(self) -> str:
        title = f"{self._title!r}, " if self._title else ""
        return (
            f"GameTree({title}{self.n_players} players, {self.n_nodes} nodes, "
            f"{self.n_terminals} terminals)"
        )

    def _repr_html_(self) -> str:
        return f"<p><b>{html.escape(repr(self))}</b></p><pre>{html.escape(self.render())}</pre>"

    # ------------------------------------------------------------------ equality, pickling
    def _signature(self) -> tuple[Any, ...]:
        return (
            self._players,
            self._title,
            self._kind.tobytes(),
            self._parent.tobytes(),
            self._actions,
            self._labels,
            self._player.tobytes(),
            self._infoset.tobytes(),
            self._label_key,
            np.nan_to_num(self._edge_prob, nan=-1.0).tobytes(),
            self._term_payoffs.tobytes(),
            self._outcomes,
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, GameTree):
            return NotImplemented
        return self._signature() == other._signature()

    def __hash__(self) -> int:
        return hash(self._signature())

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_tree, (self.root, self._players, self._title, self._root_path))


def _rebuild_tree(root: Node, players: tuple[str, ...], title: str, root_path: Path) -> GameTree:
    return GameTree(root, players, title=title, root_path=root_path)


def _plan_limit() -> int:
    from .normal_form import MAX_PAYOFF_ENTRIES

    return MAX_PAYOFF_ENTRIES


def _same_infosets(a: GameTree, b: GameTree) -> bool:
    return a._infoset_label == b._infoset_label and a._infoset_actions == b._infoset_actions


def _relabel(tree: GameTree, v: int) -> Node:
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


# ---------------------------------------------------------------------- behaviour profiles
@dataclass(frozen=True, slots=True, eq=False)
class BehaviourProfile:
    """A behaviour strategy for every player: a probability vector at each information set.

    Build one with :meth:`GameTree.behaviour_profile`; solvers return them.
    Index by information set (``(player, label)`` or an unambiguous label) to
    get ``{action: probability}``.

    Attributes
    ----------
    tree : GameTree
        The tree the profile belongs to.
    probabilities : tuple of ndarray
        One read-only vector per information set, in the order of
        :attr:`GameTree.infosets`.

    Examples
    --------
    >>> from mediation_sim.games import GameTree, chance, decision, terminal
    >>> tree = GameTree(decision("a", {
    ...     "safe": terminal([1.0]),
    ...     "gamble": chance({"win": (0.5, terminal([3.0])), "lose": (0.5, terminal([0.0]))})}))
    >>> b = tree.behaviour_profile({"root": "gamble"})
    >>> b.payoffs
    array([1.5])
    >>> b.outcome_probabilities()
    {('gamble', 'win'): 0.5, ('gamble', 'lose'): 0.5}
    """

    tree: GameTree = field(repr=False)
    probabilities: tuple[FloatArray, ...]

    @property
    def flat(self) -> FloatArray:
        """All behaviour probabilities concatenated, information sets in order."""
        if not self.probabilities:
            return np.zeros(0)
        return np.concatenate(self.probabilities)

    def __getitem__(self, key: InfoSetKey) -> dict[str, float]:
        k = self.tree._infoset_id(key, func="BehaviourProfile[]")
        return {
            a: float(p)
            for a, p in zip(self.tree._infoset_actions[k], self.probabilities[k], strict=True)
        }

    @property
    def is_pure(self) -> bool:
        """Whether every information set plays one action for sure."""
        return all(int(np.count_nonzero(v > 0)) == 1 for v in self.probabilities)

    def node_values(self) -> FloatArray:
        """Expected payoffs at every node, shape ``(n_nodes, n_players)``, nodes in preorder."""
        return self.tree._node_values(self.tree._edge_probabilities(self.flat))

    @property
    def payoffs(self) -> FloatArray:
        """Expected payoff of each player at the root."""
        out: FloatArray = self.node_values()[0]
        return out

    def value_at(self, path: Sequence[str]) -> FloatArray:
        """Expected payoffs of the subgame play from the node at ``path`` onwards."""
        v = self.tree._node_id(path, func="value_at()")
        out: FloatArray = self.node_values()[v]
        return out

    def reach_probabilities(self) -> FloatArray:
        """Probability of reaching each node (preorder) when the profile is played."""
        return self.tree._reach(self.tree._edge_probabilities(self.flat))

    def outcome_probabilities(self, *, by: Literal["path", "outcome"] = "path") -> dict[Any, float]:
        """Distribution over terminals reached with positive probability.

        Parameters
        ----------
        by : {"path", "outcome"}, default "path"
            Key terminals by their path, or aggregate by outcome name
            (unnamed terminals are keyed by their printed path).
        """
        reach = self.reach_probabilities()[self.tree._term_nodes]
        out: dict[Any, float] = {}
        for z in np.flatnonzero(reach > 0):
            v = int(self.tree._term_nodes[z])
            path = self.tree._path_of(v)
            if by == "outcome":
                key: Any = self.tree._outcomes[z] or format_path(path, self.tree._root_path)
            else:
                key = path
            out[key] = out.get(key, 0.0) + float(reach[z])
        return out

    def restrict(self, subtree: GameTree) -> BehaviourProfile:
        """The same behaviour on a subgame (matched by information-set labels)."""
        vectors = []
        for k, lab in enumerate(subtree._infoset_label):
            player = subtree._players[int(subtree._infoset_player[k])]
            j = self.tree._infoset_id((player, lab), func="restrict()")
            vectors.append(self.probabilities[j])
        return BehaviourProfile(subtree, tuple(vectors))

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form: ``{player: {infoset label: {action: prob}}}`` and payoffs."""
        out: dict[str, dict[str, dict[str, float]]] = {p: {} for p in self.tree.players}
        for k, lab in enumerate(self.tree._infoset_label):
            player = self.tree._players[int(self.tree._infoset_player[k])]
            out[player][lab] = {
                a: float(p)
                for a, p in zip(self.tree._infoset_actions[k], self.probabilities[k], strict=True)
            }
        return {
            "behaviour": out,
            "payoffs": dict(zip(self.tree.players, self.payoffs.tolist(), strict=True)),
        }

    def __repr__(self) -> str:
        parts = []
        for k, lab in enumerate(self.tree._infoset_label[:6]):
            v = self.probabilities[k]
            acts = self.tree._infoset_actions[k]
            used = np.flatnonzero(v > 0)
            if used.size == 1:
                parts.append(f"{lab}={acts[int(used[0])]}")
            else:
                parts.append(f"{lab}={{" + ", ".join(f"{acts[j]}: {v[j]:.4g}" for j in used) + "}")
        more = len(self.tree._infoset_label) - 6
        tail = f", ... ({more} more)" if more > 0 else ""
        return f"BehaviourProfile({', '.join(parts)}{tail})"

    def _repr_html_(self) -> str:
        rows = []
        for k, lab in enumerate(self.tree._infoset_label):
            player = self.tree._players[int(self.tree._infoset_player[k])]
            probs = ", ".join(
                f"{a}: {p:.4g}"
                for a, p in zip(self.tree._infoset_actions[k], self.probabilities[k], strict=True)
            )
            rows.append(
                f"<tr><td>{html.escape(player)}</td><td>{html.escape(lab)}</td>"
                f"<td>{html.escape(probs)}</td></tr>"
            )
        return (
            "<table><tr><th>player</th><th>information set</th><th>behaviour</th></tr>"
            + "".join(rows)
            + "</table>"
        )
