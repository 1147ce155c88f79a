"""The :class:`GameTree` class: a validated, immutable game in extensive form."""

from __future__ import annotations

import html
from collections.abc import Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from ..._errors import (
    GameShapeError,
    GameTooLargeError,
    InvalidArgumentError,
    InvalidProfileError,
    UnknownNameError,
)
from ..._results import register_reducible
from ..._validation import check_labels
from ..normal_form import MixedProfile, NormalFormGame, ProfileLike, check_game_size
from . import _build, _kernels, _render, _strategic
from ._arrays import TreeArrays
from ._nodes import (
    _PATH_CACHE_ENTRIES,
    KIND_TERMINAL,
    Chance,
    Decision,
    FloatArray,
    InfoSet,
    InfoSetKey,
    IntArray,
    Node,
    NodeInfo,
    Path,
    Terminal,
    _InfosetLabels,
    _is_index,
    _readonly,
    format_path,
)
from ._profile import BehaviourProfile


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
        "_arrays",
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

    # Set once by _build.flatten (the flat preorder arrays; see :class:`TreeArrays`).
    _players: tuple[str, ...]
    _builders: tuple[Node, ...]
    _kind: NDArray[Any]
    _parent: NDArray[Any]
    _parent_action: NDArray[Any]
    _depth: NDArray[Any]
    _player: NDArray[Any]
    _actions: tuple[tuple[str, ...], ...]
    _labels: tuple[str, ...]
    _end: NDArray[Any]
    _edge_child: NDArray[Any]
    _edge_parent: NDArray[Any]
    _edge_action: NDArray[Any]
    _edge_prob: NDArray[Any]
    _n_children: NDArray[Any]
    _child_start: NDArray[Any]
    _infoset: NDArray[Any]
    _infoset_player: NDArray[Any]
    _infoset_members: tuple[tuple[int, ...], ...]
    _infoset_actions: tuple[tuple[str, ...], ...]
    _explicit_infoset: tuple[str | None, ...]
    _infoset_offset: NDArray[Any]
    _auto_index: dict[tuple[int, int], list[int]] | None
    _infoset_label: _InfosetLabels
    _label_key: tuple[Any, ...]
    _perfect_recall: bool
    _term_nodes: NDArray[Any]
    _term_payoffs: NDArray[Any]
    _term_index: NDArray[Any]
    _outcomes: tuple[str, ...]
    _subgame_root: NDArray[Any]
    _arrays: TreeArrays | None

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
        limit = _max_tree_nodes()
        if root.size > limit:
            raise GameTooLargeError(
                f"{func}: the tree has {root.size:,} nodes once expanded, above the limit of "
                f"{limit:,} (mediation_sim.games.extensive_form.MAX_TREE_NODES)"
            )
        self._title = title
        self._root_path: Path = tuple(root_path)
        self._path_cache: list[Path] | None = None
        self._level_cache: list[tuple[IntArray, IntArray, IntArray]] | None = None
        self._arrays = None
        given = None
        if players is not None:
            if isinstance(players, str) or not isinstance(players, Sequence):
                raise InvalidArgumentError(f"{func}: players must be a sequence of names")
            if not players:
                raise InvalidArgumentError(f"{func}: players must not be empty")
            given = check_labels(players, count=len(players), what="players", func=func)
        _build.flatten(self, root, given)

    # ------------------------------------------------------------------ construction

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

    @property
    def arrays(self) -> TreeArrays:
        """The tree's flat preorder arrays, read-only (see :class:`TreeArrays`).

        For solvers and file writers that work on node ids rather than paths;
        computed once, no copy.

        Examples
        --------
        >>> from mediation_sim.games import GameTree, decision, terminal
        >>> tree = GameTree(decision("a", {"l": terminal([1]), "r": terminal([0])}))
        >>> tree.arrays
        TreeArrays(3 nodes, 1 information sets, 2 terminals)
        >>> tree.arrays.terminal_payoffs[:, 0].tolist()
        [1.0, 0.0]
        """
        if self._arrays is None:
            self._arrays = TreeArrays._of(self)
        return self._arrays

    def node_id(self, path: Sequence[str]) -> int:
        """The id of the node at ``path``: its index into :attr:`arrays` (preorder).

        Raises
        ------
        UnknownNameError
            If an action of ``path`` does not exist at its node.

        Examples
        --------
        >>> from mediation_sim.games import GameTree, decision, terminal
        >>> tree = GameTree(decision("a", {"l": terminal([1]), "r": terminal([0])}))
        >>> tree.node_id(("r",)), tree.node_path(2)
        (2, ('r',))
        """
        return self._node_id(path, func="node_id()")

    def node_path(self, node: int) -> Path:
        """The path (actions from the root) of the node with id ``node``; see :meth:`node_id`.

        Raises
        ------
        InvalidArgumentError
            If ``node`` is not a node id of this tree.
        """
        if not _is_index(node) or not 0 <= int(node) < self.n_nodes:
            raise InvalidArgumentError(
                f"node_path(): node must be an integer id in [0, {self.n_nodes}), got {node!r}"
            )
        return self._path_of(int(node))

    def infoset_index(self, key: InfoSetKey) -> int:
        """The index of an information set in :attr:`infosets` and :attr:`arrays`.

        Raises
        ------
        UnknownNameError
            If no information set has that key, or a bare label is ambiguous.

        Examples
        --------
        >>> from mediation_sim.games import GameTree, decision, terminal
        >>> tree = GameTree(decision("a", {"l": terminal([1]), "r": terminal([0])}))
        >>> tree.infoset_index("root"), tree.infoset_index(("a", "root"))
        (0, 0)
        """
        return _kernels.infoset_id(self, key, func="infoset_index()")

    def check_profile(self, profile: object, *, func: str = "check_profile()") -> None:
        """Refuse anything but a behaviour profile of this tree (or of an equal tree).

        Parameters
        ----------
        profile : object
            The candidate :class:`BehaviourProfile`.
        func : str, default "check_profile()"
            The caller's name, for the error message.

        Raises
        ------
        InvalidProfileError
            If ``profile`` is not a :class:`BehaviourProfile` or belongs to a
            tree with other information sets.
        """
        self._check_profile(profile, func=func)

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
        return _kernels.info(self, self._node_id(path, func="node()"))

    def iter_nodes(self) -> Iterator[NodeInfo]:
        """Every node, in preorder (depth first, actions in order)."""
        for v in range(self.n_nodes):
            yield _kernels.info(self, v)

    def infoset(self, key: InfoSetKey) -> InfoSet:
        """The information set named ``(player, label)``, or ``label`` if unambiguous.

        Raises
        ------
        UnknownNameError
            If no information set has that name, or a bare label is ambiguous.
        """
        return self._infoset_view(_kernels.infoset_id(self, key, func="infoset()"))

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
        root = _strategic.relabel(self, v)
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
        plans = _strategic.plans(self, i, reduced=reduced)
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
        plans = [_strategic.plans(self, i, reduced=reduced) for i in range(self.n_players)]
        check_game_size([len(p) for p in plans], what="normal form of the tree")
        mats = [
            _strategic.consistency(self, i, plans[i]).astype(np.float64)
            for i in range(self.n_players)
        ]
        weighted = self._term_payoffs * _strategic.chance_reach(self)[:, None]  # (z, j)
        n = self.n_players
        letters = "abcdefghijklmnopqrstuvwxy"
        if n > len(letters):
            raise GameTooLargeError("to_normal_form(): at most 25 players are supported")
        spec = ",".join(f"{letters[i]}z" for i in range(n)) + ",zJ->J" + letters[:n]
        payoffs = np.einsum(spec, *mats, weighted, optimize=True)
        labels = [_strategic.plan_labels(self, i, plans[i]) for i in range(n)]
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
            k = _kernels.infoset_id(self, key, func="behaviour_profile()")
            vectors[k] = _strategic.behaviour_vector(self, k, value)
        return BehaviourProfile(self, tuple(_readonly(v) for v in vectors))

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
            plans = _strategic.plans(self, i, reduced=reduced)
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
            plans = _strategic.plans(self, i, reduced=reduced)
            sigma = mixed.probabilities[i]
            relevant = plans if reduced else [_strategic.reduce_plan(self, i, p) for p in plans]
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

    def _check_profile(self, profile: object, *, func: str) -> None:
        if not isinstance(profile, BehaviourProfile):
            raise InvalidProfileError(
                f"{func}: expected a BehaviourProfile, got {type(profile).__name__}"
            )
        if profile.tree is not self and not _strategic.same_infosets(profile.tree, self):
            raise InvalidProfileError(f"{func}: the profile belongs to another tree")

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
        return _render.render(
            self, profile, max_depth=max_depth, max_nodes=max_nodes, precision=precision
        )

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


def _max_tree_nodes() -> int:
    """The node limit, read from the package at call time so that users may change it."""
    from .. import extensive_form

    return int(extensive_form.MAX_TREE_NODES)


def _rebuild_tree(root: Node, players: tuple[str, ...], title: str, root_path: Path) -> GameTree:
    return GameTree(root, players, title=title, root_path=root_path)


register_reducible(GameTree, _rebuild_tree)
