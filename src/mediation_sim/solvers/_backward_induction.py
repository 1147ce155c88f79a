"""Subgame-perfect equilibrium of a game tree by backward induction.

A *subgame* starts at a node that is its own information set and whose
subtree no information set straddles. A behaviour profile is a subgame-perfect
equilibrium (SPE) when it induces a Nash equilibrium in every subgame
(Selten 1965). Backward induction builds one from the leaves up: each
*minimal* subgame (one containing no further proper subgame once the solved
ones are replaced by their equilibrium payoffs) is solved, and its payoffs
replace it in the next subgame up.

* A minimal subgame that is a single decision node (perfect information) is
  solved by maximisation, a chance node by expectation; both run as array
  operations over all nodes of a depth level at once.
* A minimal subgame with simultaneous or hidden moves (an information set
  spanning several nodes) is turned into its reduced normal form and solved
  by the normal-form solvers: :func:`~mediation_sim.solvers.pure_nash` first,
  then, if it has no pure equilibrium, the mixed solvers ``nash_2p`` (two
  players with a choice) or ``nash`` (more). The equilibrium is verified by
  the shared regret oracle and mapped back to behaviour strategies by Kuhn's
  construction.

**Sources**

* R. Selten, "Spieltheoretische Behandlung eines Oligopolmodells mit Nachfrageträgheit",
  *Zeitschrift für die gesamte Staatswissenschaft* 121 (1965), pp. 301-324 and 667-689.
* H. W. Kuhn, "Extensive games and the problem of information", *Contributions to the Theory of
  Games II*, Princeton University Press, 1953.
"""

from __future__ import annotations

import html
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal, TypeAlias

import numpy as np
from numpy.typing import NDArray

from .._errors import DegenerateGameWarning, InvalidArgumentError, SolverError
from .._jsonable import jsonable
from .._results import Result, register_dataclass
from .._validation import DEFAULT_TOL, check_tol
from ..games.extensive_form import (
    KIND_CHANCE,
    KIND_DECISION,
    KIND_TERMINAL,
    BehaviourProfile,
    Chance,
    Decision,
    GameTree,
    Node,
    Terminal,
    format_path,
)
from ..games.normal_form import MixedProfile, NormalFormGame, ProfileLike
from ._core import NashResult
from .pure import pure_nash

__all__ = [
    "SubgamePerfectResult",
    "SubgameSolution",
    "backward_induction",
    "subgame_regrets",
]

FloatArray: TypeAlias = NDArray[np.float64]
Path: TypeAlias = tuple[str, ...]
#: A user-supplied normal-form solver: takes a game, returns candidate equilibria
#: (a :class:`NashResult` or any iterable of profiles of that game).
SubgameSolver: TypeAlias = Callable[[NormalFormGame], "NashResult | Iterable[ProfileLike]"]


@register_dataclass
@dataclass(frozen=True, slots=True)
class SubgameSolution:
    """How one subgame was solved, and its equilibrium payoffs.

    Attributes
    ----------
    root : tuple of str
        Path of the subgame's root node.
    method : str
        ``"maximisation"`` (a perfect-information decision), ``"expectation"``
        (a chance node), or the normal-form solver used (``"pure_nash"``,
        ``"nash_2p"``, ``"nash"`` or the name of a custom solver).
    payoffs : ndarray
        Equilibrium payoffs of the subgame, in player order.
    regret : float
        Largest gain from a deviation within the subgame once its proper
        subgames are replaced by their payoffs (a one-shot deviation at a
        decision node; the normal-form regret otherwise).
    tied_actions : tuple of str
        At a decision node, the actions within ``tol`` of the best (length
        above one means a tie was broken).
    nash_result : NashResult or None
        The normal-form solver's full answer, for subgames solved that way.
    """

    root: Path
    method: str
    payoffs: FloatArray
    regret: float
    tied_actions: tuple[str, ...] = ()
    nash_result: NashResult | None = field(default=None, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form."""
        return {
            "root": list(self.root),
            "method": self.method,
            "payoffs": self.payoffs.tolist(),
            "regret": self.regret,
            "tied_actions": list(self.tied_actions),
            "n_equilibria": None if self.nash_result is None else len(self.nash_result),
        }


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class SubgamePerfectResult(Result):
    """A subgame-perfect equilibrium of a game tree, with how it was found.

    Attributes
    ----------
    tree : GameTree
        The tree solved.
    profile : BehaviourProfile
        The equilibrium: a probability vector at every information set.
    payoffs : ndarray
        Equilibrium payoffs at the root, in player order.
    path : tuple of str
        Actions played with probability one from the root, up to the first
        chance node or mixed choice (the whole equilibrium path when play
        is deterministic). :meth:`outcome_probabilities` gives the full
        distribution over terminals.
    node_values : ndarray
        ``(n_nodes, n_players)``: equilibrium payoffs of the play from each
        node onwards (nodes in preorder).
    subgames : tuple of SubgameSolution
        One entry per subgame root, in preorder (the root first).
    ties : Mapping[tuple of str, tuple of str]
        Decision nodes where several actions were optimal within ``tol``:
        path -> the tied actions. The ``tie_break`` rule chose among them.
    max_regret : float
        Largest regret over all subgames (absolute payoff units).
    parameters : Mapping[str, object]
        Arguments used.
    message : str
        Human-readable account of the run.
    """

    tree: GameTree = field(repr=False)
    profile: BehaviourProfile
    payoffs: FloatArray
    path: Path
    node_values: FloatArray = field(repr=False)
    subgames: tuple[SubgameSolution, ...]
    ties: Mapping[Path, tuple[str, ...]]
    max_regret: float
    parameters: Mapping[str, object]
    message: str

    def outcome_probabilities(self, *, by: Literal["path", "outcome"] = "path") -> dict[Any, float]:
        """Distribution over terminals under the equilibrium (see :class:`BehaviourProfile`)."""
        return self.profile.outcome_probabilities(by=by)

    def value_at(self, path: Sequence[str]) -> FloatArray:
        """Equilibrium payoffs of the play from the node at ``path`` onwards."""
        out: FloatArray = self.node_values[self.tree.node_id(path)]
        return out

    def render(self, **kwargs: Any) -> str:
        """The tree drawn with the equilibrium marked (see :meth:`GameTree.render`)."""
        return self.tree.render(self.profile, **kwargs)

    def _summary(self) -> dict[str, Any]:
        """JSON-serialisable summary."""
        return {
            "payoffs": dict(zip(self.tree.players, self.payoffs.tolist(), strict=True)),
            "path": list(self.path),
            "profile": self.profile.to_dict()["behaviour"],
            "outcomes": {
                format_path(k, self.tree.root_path): v
                for k, v in self.outcome_probabilities().items()
            },
            "subgames": [s.to_dict() for s in self.subgames if s.nash_result is not None],
            "ties": {format_path(k, self.tree.root_path): list(v) for k, v in self.ties.items()},
            "max_regret": self.max_regret,
            "parameters": {k: jsonable(v) for k, v in self.parameters.items()},
            "message": self.message,
        }

    def __repr__(self) -> str:
        pays = ", ".join(
            f"{p}={x:.4g}" for p, x in zip(self.tree.players, self.payoffs, strict=True)
        )
        path = "/".join(self.path) if self.path else "-"
        return (
            f"SubgamePerfectResult(payoffs=({pays}), path={path}, "
            f"{len(self.subgames)} subgames, max_regret={self.max_regret:.2g})"
        )

    def _repr_html_(self) -> str:
        esc = html.escape
        return (
            f"<p><b>{esc(repr(self))}</b></p><p>{esc(self.message)}</p>"
            f"<pre>{esc(self.render(max_nodes=200))}</pre>"
        )


# ---------------------------------------------------------------------- the solver
def backward_induction(
    tree: GameTree,
    *,
    tol: float = DEFAULT_TOL,
    tie_break: Literal["first", "last", "uniform"] = "first",
    selection: Literal["first", "welfare"] = "first",
    subgame_solver: SubgameSolver | None = None,
) -> SubgamePerfectResult:
    """A subgame-perfect equilibrium of a game tree, by backward induction.

    Algorithm:

    1. Mark the subgame roots (singleton information sets whose subtree no
       information set straddles), as array operations over depth levels.
    2. Visit depth levels from the deepest up. At each level, at once for
       every node whose children all start subgames: a decision node takes
       the action best for its player (ties within ``tol * payoff_range``
       broken by ``tie_break``); a chance node takes the expectation.
    3. A subgame root whose children do not all start subgames roots a
       minimal subgame with simultaneous or hidden moves: replace its solved
       proper subgames by their payoffs, build the reduced normal form, solve
       it (``pure_nash``; if no pure equilibrium, ``nash_2p`` for two players
       with a choice, ``nash`` for more; or ``subgame_solver``), pick one
       equilibrium by ``selection``, verify it by regret, and map it back to
       behaviour strategies (Kuhn's construction).
    4. Recompute every node's value from the assembled profile and check
       that no player gains from a one-shot deviation at any
       perfect-information node and that every normal-form subgame
       equilibrium has regret at most ``tol * payoff_range``.

    Parameters
    ----------
    tree : GameTree
        Any finite tree; subgames with imperfect information need perfect
        recall unless they have a pure equilibrium.
    tol : float, default 1e-8
        Relative tolerance (scale: :attr:`GameTree.payoff_range`): actions
        within ``tol * payoff_range`` of the best count as tied, and every
        subgame's regret must be at most that.
    tie_break : {"first", "last", "uniform"}, default "first"
        Which optimal action a perfect-information node takes when several
        tie: the first or last in the node's action order, or a uniform mix
        over all of them (each is still an SPE). Ties are reported in
        :attr:`SubgamePerfectResult.ties`.
    selection : {"first", "welfare"}, default "first"
        Which equilibrium of a normal-form subgame to continue with: the
        solver's first (pure equilibria in lexicographic order of the
        strategies come first), or the one with the largest sum of payoffs.
    subgame_solver : callable, optional
        ``f(game) -> NashResult | iterable of profiles`` used instead of the
        default cascade for normal-form subgames. ``game`` has only the
        players with a choice in the subgame. Candidates are verified by
        regret.

    Returns
    -------
    SubgamePerfectResult
        The behaviour profile, payoffs, equilibrium path, every subgame's
        solution and the ties broken.

    Raises
    ------
    InvalidArgumentError
        If ``tree`` is not a :class:`~mediation_sim.games.GameTree` or an
        option is invalid.
    SolverError
        If a normal-form subgame has no verified equilibrium (for example the
        mixed solvers are unavailable), or needs a mixed equilibrium but has
        imperfect recall.

    See Also
    --------
    mediation_sim.games.GameTree.to_normal_form : the strategic form.
    subgame_regrets : check subgame perfection of any behaviour profile.

    Notes
    -----
    A degenerate normal-form subgame may have a continuum of equilibria; the
    mixed solvers' :class:`~mediation_sim.DegenerateGameWarning` is not
    re-issued (one equilibrium is all that is needed) but such subgames are
    named in the result's ``message`` and flagged on their ``nash_result``.

    In a finite game of perfect information backward induction gives a pure
    SPE, unique when no player is indifferent between two actions (Kuhn 1953;
    Zermelo's theorem). With ties, different ``tie_break`` rules can give
    different SPE with different payoffs for the *other* players.

    References
    ----------
    .. [1] R. Selten (1965), see the module's sources.
    .. [2] M. J. Osborne and A. Rubinstein, *A Course in Game Theory*, MIT
       Press, 1994, Propositions 99.2 and 100.1 (Kuhn's theorem and the
       one-deviation property).

    Examples
    --------
    Entry deterrence: the incumbent's threat to fight is not credible.

    >>> import mediation_sim as ms
    >>> from mediation_sim.games import GameTree, decision, terminal
    >>> tree = GameTree(decision("entrant", {
    ...     "out": terminal([0, 2]),
    ...     "in": decision("incumbent", {"fight": terminal([-1, -1]),
    ...                                  "accommodate": terminal([1, 1])})}))
    >>> res = ms.solvers.backward_induction(tree)
    >>> res.path, res.payoffs.tolist()
    (('in', 'accommodate'), [1.0, 1.0])
    >>> all(r <= 1e-12 for r in ms.solvers.subgame_regrets(tree, res.profile).values())
    True
    """
    func = "backward_induction"
    if not isinstance(tree, GameTree):
        raise InvalidArgumentError(
            f"{func}(): tree must be a mediation_sim.games.GameTree, got {type(tree).__name__}"
        )
    tol = check_tol(tol, func=func)
    if tie_break not in ("first", "last", "uniform"):
        raise InvalidArgumentError(
            f"{func}(): tie_break must be 'first', 'last' or 'uniform', got {tie_break!r}"
        )
    if selection not in ("first", "welfare"):
        raise InvalidArgumentError(
            f"{func}(): selection must be 'first' or 'welfare', got {selection!r}"
        )
    if subgame_solver is not None and not callable(subgame_solver):
        raise InvalidArgumentError(f"{func}(): subgame_solver must be callable")
    parameters = {
        "tol": tol,
        "tie_break": tie_break,
        "selection": selection,
        "subgame_solver": None
        if subgame_solver is None
        else getattr(subgame_solver, "__name__", repr(subgame_solver)),
    }
    return _Solver(tree, tol, tie_break, selection, subgame_solver).run(parameters)


class _Solver:
    """State of one backward-induction run (arrays indexed by node id)."""

    def __init__(
        self,
        tree: GameTree,
        tol: float,
        tie_break: str,
        selection: str,
        subgame_solver: SubgameSolver | None,
    ) -> None:
        self.t = tree
        self.tol = tol
        self.thr = tol * tree.payoff_range
        self.tie_break = tie_break
        self.selection = selection
        self.custom = subgame_solver
        n = tree.n_nodes
        self.values = np.zeros((n, tree.n_players))
        self.values[tree.arrays.terminal_nodes] = tree.arrays.terminal_payoffs
        self.flat = np.zeros(int(tree.arrays.infoset_offset[-1]))
        self.method: dict[int, str] = {}
        self.nf_results: dict[int, tuple[NashResult | None, float]] = {}
        self.ties: dict[int, tuple[str, ...]] = {}
        self.degenerate: list[str] = []

    # ------------------------------------------------------------------ driver
    def run(self, parameters: Mapping[str, object]) -> SubgamePerfectResult:
        t = self.t
        kind = t.arrays.kind
        is_root = t.arrays.subgame_root
        child_root = is_root[t.arrays.edge_child].astype(np.intp)
        roots_below = np.bincount(t.arrays.edge_parent, weights=child_root, minlength=t.n_nodes)
        simple = is_root & (kind != KIND_TERMINAL) & (roots_below == t.arrays.n_children)
        complex_roots = is_root & (kind != KIND_TERMINAL) & ~simple
        n_nf = 0
        for d in range(t.depth - 1, -1, -1):
            at_depth = t.arrays.depth == d
            self._decide(np.flatnonzero(at_depth & simple & (kind == KIND_DECISION)))
            self._expect(np.flatnonzero(at_depth & simple & (kind == KIND_CHANCE)))
            for r in np.flatnonzero(at_depth & complex_roots):
                self._solve_normal_form(int(r))
                n_nf += 1
        profile = BehaviourProfile(
            t,
            tuple(
                _ro(self.flat[t.arrays.infoset_offset[k] : t.arrays.infoset_offset[k + 1]].copy())
                for k in range(len(t.arrays.infoset_members))
            ),
        )
        return self._verify_and_pack(profile, simple, n_nf, parameters)

    # ------------------------------------------------------------------ perfect-information levels
    def _segments(
        self, nodes: NDArray[np.intp]
    ) -> tuple[NDArray[np.intp], NDArray[np.intp], NDArray[np.intp]]:
        t = self.t
        counts = t.arrays.n_children[nodes]
        offsets = np.zeros(nodes.size, dtype=np.intp)
        np.cumsum(counts[:-1], out=offsets[1:])
        total = int(counts.sum())
        edges = np.repeat(t.arrays.child_start[nodes] - offsets, counts) + np.arange(total)
        return edges, offsets, counts

    def _decide(self, nodes: NDArray[np.intp]) -> None:
        if nodes.size == 0:
            return
        t = self.t
        edges, offsets, counts = self._segments(nodes)
        owner = np.repeat(t.arrays.player[nodes], counts)
        children = t.arrays.edge_child[edges]
        own_value = self.values[children, owner]
        best = np.maximum.reduceat(own_value, offsets)
        tied = own_value >= np.repeat(best, counts) - self.thr
        n_tied = np.add.reduceat(tied.astype(np.intp), offsets)
        pos = np.arange(edges.size) - np.repeat(offsets, counts)
        slot = t.arrays.infoset_offset[t.arrays.infoset[nodes]]
        if self.tie_break == "uniform":
            prob = tied / np.repeat(n_tied, counts)
            self.flat[np.repeat(slot, counts) + pos] = prob
            self.values[nodes] = np.add.reduceat(
                prob[:, None] * self.values[children], offsets, axis=0
            )
        else:
            if self.tie_break == "first":
                chosen = np.minimum.reduceat(np.where(tied, pos, edges.size), offsets)
            else:
                chosen = np.maximum.reduceat(np.where(tied, pos, -1), offsets)
            self.flat[slot + chosen] = 1.0
            self.values[nodes] = self.values[children[offsets + chosen]]
        for j in np.flatnonzero(n_tied > 1):
            v = int(nodes[j])
            acts = t.arrays.node_actions[v]
            start = int(offsets[j])
            self.ties[v] = tuple(
                acts[a] for a in np.flatnonzero(tied[start : start + int(counts[j])])
            )

    def _expect(self, nodes: NDArray[np.intp]) -> None:
        if nodes.size == 0:
            return
        t = self.t
        edges, offsets, _ = self._segments(nodes)
        self.values[nodes] = np.add.reduceat(
            t.arrays.edge_prob[edges, None] * self.values[t.arrays.edge_child[edges]],
            offsets,
            axis=0,
        )

    # ------------------------------------------------------------------ normal-form subgames
    def _minimal_subgame(self, r: int) -> tuple[Node, list[int]]:
        """Builder tree of the minimal subgame at ``r`` (solved subgames cut to terminals)."""
        t = self.t
        order: list[int] = []
        stack = [r]
        while stack:  # preorder of the reduced tree
            v = stack.pop()
            order.append(v)
            if v != r and t.arrays.subgame_root[v]:
                continue
            s = int(t.arrays.child_start[v])
            m = int(t.arrays.n_children[v])
            stack.extend(int(c) for c in t.arrays.edge_child[s : s + m][::-1])
        built: dict[int, Node] = {}
        for v in reversed(order):
            if v != r and t.arrays.subgame_root[v]:
                built[v] = Terminal(tuple(float(x) for x in self.values[v]))
                continue
            node = t.arrays.nodes[v]
            s = int(t.arrays.child_start[v])
            m = int(t.arrays.n_children[v])
            kids = tuple(built.pop(int(c)) for c in t.arrays.edge_child[s : s + m])
            if int(t.arrays.kind[v]) == KIND_DECISION:
                assert isinstance(node, Decision)
                label = t.arrays.infoset_labels[int(t.arrays.infoset[v])]
                built[v] = Decision(node.player, node.actions, kids, label)
            else:
                assert isinstance(node, Chance)
                built[v] = Chance(node.actions, node.probabilities, kids)
        return built[r], order

    def _solve_normal_form(self, r: int) -> None:
        t = self.t
        root, order = self._minimal_subgame(r)
        path = t.node_path(r)
        where = format_path(path, t.root_path)
        sub = GameTree(root, t.players, root_path=t.root_path + path)
        nf = sub.to_normal_form()
        active = [i for i, s in enumerate(nf.shape) if s > 1]
        result: NashResult | None = None
        method = "trivial"
        if active:
            small = _drop_players(nf, active)
            candidates, result, method = self._candidates(small, where)
            profiles = [_lift(nf, active, c) for c in candidates]
            bound = self.tol * nf.payoff_range
            profiles = [p for p in profiles if p.regret <= bound]
            if not profiles:
                raise SolverError(
                    f"backward_induction(): the {method} solver returned no verified equilibrium "
                    f"for the subgame at {where}"
                )
            chosen = profiles[0]
            if self.selection == "welfare":
                chosen = max(profiles, key=lambda p: float(p.payoffs.sum()))
        else:
            chosen = nf.as_profile([0] * nf.n_players)
        behaviour = self._to_behaviour(sub, nf, chosen, where)
        for k, lab in enumerate(sub.arrays.infoset_labels):
            player = sub.players[int(sub.arrays.infoset_player[k])]
            j = t.infoset_index((player, lab))
            self.flat[t.arrays.infoset_offset[j] : t.arrays.infoset_offset[j + 1]] = (
                behaviour.probabilities[k]
            )
        sub_values = behaviour.node_values()
        for local, v in enumerate(order):
            if v == r or not t.arrays.subgame_root[v]:
                self.values[v] = sub_values[local]
        self.method[r] = method
        self.nf_results[r] = (result, chosen.regret)

    def _candidates(
        self, game: NormalFormGame, where: str
    ) -> tuple[list[MixedProfile], NashResult | None, str]:
        if self.custom is not None:
            name = getattr(self.custom, "__name__", "custom")
            out = self.custom(game)
            res = out if isinstance(out, NashResult) else None
            return [game.as_profile(p) for p in out], res, name
        res = pure_nash(game, tol=self.tol)
        if len(res):
            return list(res), res, "pure_nash"
        from .. import solvers

        name = "nash_2p" if game.n_players == 2 else "nash"
        mixed = getattr(solvers, name, None)
        if mixed is None:
            raise SolverError(
                f"backward_induction(): the subgame at {where} has no pure equilibrium and the "
                f"mixed solver mediation_sim.solvers.{name} is not available; pass "
                "subgame_solver= to solve it"
            )
        with warnings.catch_warnings():
            # one equilibrium is all backward induction needs; degeneracy is reported on
            # the subgame's NashResult and in the result's message instead
            warnings.simplefilter("ignore", DegenerateGameWarning)
            res = mixed(game, tol=self.tol)
        if res.degenerate:
            self.degenerate.append(where)
        if not len(res):
            raise SolverError(
                f"backward_induction(): {name} found no equilibrium of the subgame at {where} "
                f"({res.message})"
            )
        return list(res), res, name

    def _to_behaviour(
        self, sub: GameTree, nf: NormalFormGame, chosen: MixedProfile, where: str
    ) -> BehaviourProfile:
        idx = chosen.pure_indices
        if idx is not None:
            choices: dict[Any, Any] = {}
            for i, s in enumerate(idx):
                plan = sub.pure_strategies(i, reduced=True)[s]
                for label, action in plan.items():
                    choices[(sub.players[i], label)] = action
            return sub.behaviour_profile(choices, default="first")
        if not sub.perfect_recall:
            raise SolverError(
                f"backward_induction(): the subgame at {where} needs a mixed equilibrium but has "
                "imperfect recall, so behaviour strategies cannot represent it"
            )
        return sub.mixed_to_behaviour(chosen, nf)

    # ------------------------------------------------------------------ verification
    def _verify_and_pack(
        self,
        profile: BehaviourProfile,
        simple: NDArray[np.bool_],
        n_nf: int,
        parameters: Mapping[str, object],
    ) -> SubgamePerfectResult:
        t = self.t
        values = profile.node_values()
        drift = float(np.abs(values - self.values).max()) if values.size else 0.0
        if drift > max(self.thr, 1e-9 * t.payoff_range):
            raise SolverError(
                f"backward_induction(): internal inconsistency: re-evaluated values differ by "
                f"{drift:.3g}"
            )
        regrets = np.zeros(t.n_nodes)
        dec = np.flatnonzero(simple & (t.arrays.kind == KIND_DECISION))
        if dec.size:
            edges, offsets, counts = self._segments(dec)
            owner = np.repeat(t.arrays.player[dec], counts)
            best = np.maximum.reduceat(values[t.arrays.edge_child[edges], owner], offsets)
            regrets[dec] = np.maximum(best - values[dec, t.arrays.player[dec]], 0.0)
        for r, (_, reg) in self.nf_results.items():
            regrets[r] = reg
        max_regret = float(regrets.max()) if regrets.size else 0.0
        if max_regret > self.thr:
            raise SolverError(
                f"backward_induction(): verification failed: regret {max_regret:.3g} exceeds "
                f"tol * payoff_range = {self.thr:.3g}"
            )
        roots = np.flatnonzero(t.arrays.subgame_root & (t.arrays.kind != KIND_TERMINAL))
        values_ro = _ro(values)
        subgames = []
        for node in roots:
            v = int(node)
            kind = int(t.arrays.kind[v])
            if v in self.nf_results:
                method = self.method[v]
                res = self.nf_results[v][0]
            else:
                method = "maximisation" if kind == KIND_DECISION else "expectation"
                res = None
            subgames.append(
                SubgameSolution(
                    t.node_path(v),
                    method,
                    values_ro[v],  # a row of a read-only array is read-only
                    float(regrets[v]),
                    self.ties.get(v, ()),
                    res,
                )
            )
        path = _deterministic_path(t, profile)
        ties = MappingProxyType({t.node_path(v): acts for v, acts in sorted(self.ties.items())})
        parts = [
            (
                f"{len(subgames)} subgames solved: {len(subgames) - n_nf} by maximisation or "
                f"expectation, {n_nf} in normal form."
            )
        ]
        if ties:
            parts.append(f"Ties broken by tie_break={self.tie_break!r} at {len(ties)} node(s).")
        if self.degenerate:
            parts.append(
                f"Degenerate normal-form subgame(s) at {', '.join(self.degenerate)}: other "
                "equilibria (possibly a continuum) exist there; one was chosen."
            )
        parts.append(f"Verified: max regret {max_regret:.3g} <= {self.thr:.3g}.")
        return SubgamePerfectResult(
            tree=t,
            profile=profile,
            payoffs=_ro(values[0].copy()),
            path=path,
            node_values=values_ro,
            subgames=tuple(subgames),
            ties=ties,
            max_regret=max_regret,
            parameters=MappingProxyType(dict(parameters)),
            message=" ".join(parts),
        )


def _ro(array: FloatArray) -> FloatArray:
    array.flags.writeable = False
    return array


def _drop_players(game: NormalFormGame, active: Sequence[int]) -> NormalFormGame:
    """The game among ``active`` players, the others fixed at their only strategy."""
    arr = game.payoffs[list(active)]
    for i in sorted(set(range(game.n_players)) - set(active), reverse=True):
        arr = np.take(arr, 0, axis=i + 1)
    return NormalFormGame(
        arr, [game.players[i] for i in active], [game.strategies[i] for i in active]
    )


def _lift(game: NormalFormGame, active: Sequence[int], profile: MixedProfile) -> MixedProfile:
    vectors: list[Any] = [np.ones(1) for _ in range(game.n_players)]
    for pos, i in enumerate(active):
        vectors[i] = profile.probabilities[pos]
    return game.as_profile(vectors)


def _deterministic_path(tree: GameTree, profile: BehaviourProfile) -> Path:
    out: list[str] = []
    v = 0
    flat = profile.flat
    while int(tree.arrays.kind[v]) == KIND_DECISION:
        k = int(tree.arrays.infoset[v])
        probs = flat[tree.arrays.infoset_offset[k] : tree.arrays.infoset_offset[k + 1]]
        a = int(np.argmax(probs))
        if probs[a] < 1.0 - 1e-12:
            break
        out.append(tree.arrays.node_actions[v][a])
        v = int(tree.arrays.edge_child[tree.arrays.child_start[v] + a])
    return tuple(out)


def subgame_regrets(
    tree: GameTree, profile: BehaviourProfile, *, reduced: bool = True
) -> dict[Path, float]:
    """Regret of a behaviour profile in every subgame of a tree.

    For each subgame root, the subgame's (reduced) normal form is built with
    :meth:`~mediation_sim.games.GameTree.to_normal_form`, the profile is
    mapped to the mixed profile it induces
    (:meth:`~mediation_sim.games.GameTree.behaviour_to_mixed`) and its regret
    is computed with the shared oracle :meth:`~mediation_sim.NormalFormGame.regret`.
    A profile is a subgame-perfect equilibrium exactly when every value is
    (within tolerance) zero. This is an independent check of
    :func:`backward_induction`; it builds one normal form per subgame, so it
    is meant for small trees.

    Parameters
    ----------
    tree : GameTree
        The tree.
    profile : BehaviourProfile
        A profile of ``tree``.
    reduced : bool, default True
        Use the reduced normal forms.

    Returns
    -------
    dict
        Subgame root path -> regret (absolute payoff units).

    Raises
    ------
    GameTooLargeError
        If a subgame's normal form is too large.

    See Also
    --------
    backward_induction

    Examples
    --------
    >>> import mediation_sim as ms
    >>> from mediation_sim.games import GameTree, decision, terminal
    >>> tree = GameTree(decision("entrant", {
    ...     "out": terminal([0, 2]),
    ...     "in": decision("incumbent", {"fight": terminal([-1, -1]),
    ...                                  "accommodate": terminal([1, 1])})}))
    >>> threat = tree.behaviour_profile({"root": "out", "root/in": "fight"})
    >>> ms.solvers.subgame_regrets(tree, threat)   # Nash, but not subgame perfect
    {(): 0.0, ('in',): 2.0}
    """
    tree.check_profile(profile, func="subgame_regrets()")
    out: dict[Path, float] = {}
    for path in tree.subgame_roots:
        sub = tree.subgame(path) if path else tree
        restricted = profile.restrict(sub) if path else profile
        game = sub.to_normal_form(reduced=reduced)
        mixed = sub.behaviour_to_mixed(restricted, game, reduced=reduced)
        out[path] = game.regret(mixed)
    return out
