"""Builder nodes, labels and read-only descriptions of a game tree's parts."""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal, TypeAlias, TypeGuard, overload

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..._errors import (
    GameShapeError,
    InvalidArgumentError,
    InvalidPayoffError,
)
from ..._results import register_dataclass

if TYPE_CHECKING:
    from ._tree import GameTree


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


@register_dataclass
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


@register_dataclass
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


@register_dataclass
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
