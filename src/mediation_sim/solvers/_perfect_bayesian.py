r"""Pure perfect Bayesian equilibria of small game trees (signalling games and the like).

An *assessment* is a behaviour profile together with a belief at every
information set (a distribution over its nodes). It is a (weak) *perfect
Bayesian equilibrium* [MWG95]_ when

1. **sequential rationality**: at every information set — on the path of
   play or not — the chosen action maximises the mover's expected
   continuation payoff given the belief and everyone's later behaviour;
2. **Bayes' rule on path**: at an information set reached with positive
   probability the belief is the conditional probability of each member.

Off the path Bayes' rule is silent, and the answer depends on a *stated
rule* (``off_path``):

* ``"any"`` (the textbook weak PBE): the chosen action must be a best
  response to *some* belief over the set (a small LP decides it);
* ``"uniform"``: equal weight on the members;
* ``"prior"``: the members weighted by the probability chance alone gives
  them (in a signalling game: the prior over the sender's types);
* a mapping ``{infoset key: {member path or index: probability}}`` for
  given sets, the others by ``"any"``.

The solver enumerates every pure behaviour profile (small trees only),
keeps those that pass both conditions, and verifies each as a Nash
equilibrium of the tree's normal form with the shared regret oracle (every
PBE is a Nash equilibrium). For a player who moves once per type, its
strategy is *pooling* (all types send the same message), *separating* (all
different) or *partially pooling*.

References
----------
.. [MWG95] A. Mas-Colell, M. D. Whinston and J. R. Green, *Microeconomic
   Theory*, Oxford University Press (1995), section 9.C.
.. [CK87] I.-K. Cho and D. M. Kreps, "Signaling games and stable
   equilibria", *Quarterly Journal of Economics* 102 (1987) 179-221.
.. [Spe73] M. Spence, "Job market signaling", *Quarterly Journal of
   Economics* 87 (1973) 355-374.
"""

from __future__ import annotations

import html
import itertools
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import linprog

from .._errors import GameTooLargeError, InvalidArgumentError, SolverError
from .._jsonable import jsonable
from .._results import Result, register_dataclass
from .._validation import DEFAULT_TOL, check_tol
from ..games.extensive_form import BehaviourProfile, GameTree, InfoSet, format_path

__all__ = ["PBEResult", "PerfectBayesianEquilibrium", "perfect_bayesian"]

FloatArray = NDArray[np.float64]
Path = tuple[str, ...]

#: Largest number of pure behaviour profiles enumerated.
MAX_PURE_PROFILES = 200_000


@register_dataclass
@dataclass(frozen=True, slots=True, repr=False)
class PerfectBayesianEquilibrium:
    """One pure perfect Bayesian equilibrium: choices, beliefs and which sets are on path.

    Attributes
    ----------
    profile : BehaviourProfile
        The (pure) behaviour profile.
    choices : Mapping[tuple[str, str], str]
        ``(player, infoset label) -> action``.
    beliefs : Mapping[tuple[str, str], Mapping[str, float]]
        Belief at each information set, by member path (printed as in
        :func:`~mediation_sim.games.format_path`). For an off-path set
        under ``off_path="any"``, one supporting belief found by the LP.
    on_path : Mapping[tuple[str, str], bool]
        Whether each set is reached with positive probability.
    payoffs : ndarray
        Expected payoff of each player.
    regret : float
        Nash regret of the equivalent normal-form profile (checked).
    """

    profile: BehaviourProfile = field(repr=False)
    choices: Mapping[tuple[str, str], str]
    beliefs: Mapping[tuple[str, str], Mapping[str, float]]
    on_path: Mapping[tuple[str, str], bool]
    payoffs: FloatArray
    regret: float

    def classify(self, player: str) -> str:
        """``"pooling"``, ``"separating"`` or ``"partially pooling"``: ``player``'s on-path moves.

        Compares the actions ``player`` chooses at their on-path information
        sets (in a signalling game, one per sender type). With one such set
        the strategy is reported as ``"pooling"``.
        """
        chosen = [a for (p, _), a in self.choices.items() if p == player and self.on_path[(p, _)]]
        if not chosen:
            raise InvalidArgumentError(f"classify(): {player!r} has no on-path move")
        if len(set(chosen)) == 1:
            return "pooling"
        if len(set(chosen)) == len(chosen):
            return "separating"
        return "partially pooling"

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form."""
        return {
            "choices": {f"{p}:{s}": a for (p, s), a in self.choices.items()},
            "beliefs": {f"{p}:{s}": dict(b) for (p, s), b in self.beliefs.items()},
            "on_path": {f"{p}:{s}": v for (p, s), v in self.on_path.items()},
            "payoffs": dict(zip(self.profile.tree.players, self.payoffs.tolist(), strict=True)),
            "regret": self.regret,
        }

    def __repr__(self) -> str:
        parts = ", ".join(f"{s}={a}" for (_, s), a in self.choices.items())
        return f"PerfectBayesianEquilibrium({parts})"


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class PBEResult(Result):
    """Every pure perfect Bayesian equilibrium of a tree under one off-path belief rule.

    Attributes
    ----------
    tree : GameTree
        The tree.
    equilibria : tuple of PerfectBayesianEquilibrium
        In the enumeration order of pure profiles.
    off_path : str
        The off-path belief rule (``"any"``, ``"uniform"``, ``"prior"`` or
        ``"given"``).
    n_profiles : int
        Pure profiles examined.
    parameters : Mapping[str, object]
        Arguments used.
    """

    tree: GameTree = field(repr=False)
    equilibria: tuple[PerfectBayesianEquilibrium, ...]
    off_path: str
    n_profiles: int
    parameters: Mapping[str, object]

    def __iter__(self) -> Iterator[PerfectBayesianEquilibrium]:
        return iter(self.equilibria)

    def __len__(self) -> int:
        return len(self.equilibria)

    def __getitem__(self, index: int) -> PerfectBayesianEquilibrium:
        return self.equilibria[index]

    def _summary(self) -> dict[str, Any]:
        """JSON-serialisable form."""
        return {
            "off_path": self.off_path,
            "n_profiles": self.n_profiles,
            "equilibria": [eq.to_dict() for eq in self.equilibria],
            "parameters": {k: jsonable(v) for k, v in self.parameters.items()},
        }

    def __repr__(self) -> str:
        n = len(self.equilibria)
        return (
            f"PBEResult({n} pure perfect Bayesian equilibri{'um' if n == 1 else 'a'}, "
            f"off_path={self.off_path!r}, {self.n_profiles} profiles examined)"
        )

    def _repr_html_(self) -> str:
        rows = "".join(f"<li>{html.escape(repr(eq))}</li>" for eq in self.equilibria)
        return f"<p><b>{html.escape(repr(self))}</b></p><ul>{rows}</ul>"


class _Tree:
    """Pre-computed node structure of a tree for repeated evaluation (private)."""

    def __init__(self, tree: GameTree) -> None:
        self.tree = tree
        self.infosets: tuple[InfoSet, ...] = tree.infosets
        self.index = {s.key: k for k, s in enumerate(self.infosets)}
        self.member_set: dict[Path, int] = {}
        for k, s in enumerate(self.infosets):
            for m in s.members:
                self.member_set[m] = k
        self.nodes = {info.path: info for info in tree.iter_nodes()}
        # postorder: children before parents
        self.order = sorted(self.nodes, key=len, reverse=True)
        # chance-only reach (prior weight of each node)
        self.chance_reach: dict[Path, float] = {(): 1.0}
        for path in sorted(self.nodes, key=len):
            info = self.nodes[path]
            for j, a in enumerate(info.actions):
                w = info.probabilities[j] if info.kind == "chance" else 1.0
                self.chance_reach[(*path, a)] = self.chance_reach[path] * w

    def values(self, choice: tuple[int, ...]) -> dict[Path, FloatArray]:
        out: dict[Path, FloatArray] = {}
        for path in self.order:
            info = self.nodes[path]
            if info.kind == "terminal":
                out[path] = np.asarray(info.payoffs, dtype=np.float64)
            elif info.kind == "chance":
                out[path] = sum(
                    (
                        p * out[(*path, a)]
                        for a, p in zip(info.actions, info.probabilities, strict=True)
                    ),
                    start=np.zeros(self.tree.n_players),
                )
            else:
                a = info.actions[choice[self.member_set[path]]]
                out[path] = out[(*path, a)]
        return out

    def reach(self, choice: tuple[int, ...]) -> dict[Path, float]:
        out: dict[Path, float] = {(): 1.0}
        for path in sorted(self.nodes, key=len):
            info = self.nodes[path]
            for j, a in enumerate(info.actions):
                if info.kind == "chance":
                    w = info.probabilities[j]
                else:
                    w = 1.0 if choice[self.member_set[path]] == j else 0.0
                out[(*path, a)] = out[path] * w
        return out


def _supporting_belief(gains: FloatArray, bound: float) -> FloatArray | None:
    """A belief b >= 0, sum 1, with b @ gains[:, j] <= bound for every deviation j; or None.

    ``gains[m, j]``: member m's gain from deviating to action j.
    """
    n_members = gains.shape[0]
    lp = linprog(
        np.zeros(n_members),
        A_ub=gains.T,
        b_ub=np.full(gains.shape[1], bound),
        A_eq=np.ones((1, n_members)),
        b_eq=[1.0],
        bounds=(0.0, None),
        method="highs",
    )
    if lp.status != 0 or lp.x is None:
        return None
    b = np.clip(np.asarray(lp.x, dtype=np.float64), 0.0, None)
    return np.asarray(b / b.sum(), dtype=np.float64)


def perfect_bayesian(
    tree: GameTree,
    *,
    off_path: str | Mapping[Any, Mapping[Any, float]] = "any",
    tol: float = DEFAULT_TOL,
) -> PBEResult:
    """Every pure (weak) perfect Bayesian equilibrium of a small game tree.

    Algorithm:

    1. Enumerate every pure behaviour profile (one action per information
       set; refused above ``MAX_PURE_PROFILES``).
    2. For each, compute every node's continuation payoffs and reach
       probability; at a reached information set take the Bayes belief, at
       an unreached one apply the ``off_path`` rule.
    3. Keep the profile if at every information set the chosen action's
       expected continuation payoff under the belief is within
       ``tol * payoff_range`` of the best action's (for ``"any"``: if some
       belief makes it so, found by LP).
    4. Verify each kept profile as a Nash equilibrium of the tree's reduced
       normal form by the shared regret oracle (a PBE is always one);
       a failure raises :class:`SolverError`.

    Parameters
    ----------
    tree : GameTree
        A small tree with perfect recall.
    off_path : {"any", "uniform", "prior"} or mapping, default "any"
        Belief rule at information sets the profile does not reach; see the
        module docstring.
    tol : float, default 1e-8
        Relative tolerance (scale: :attr:`GameTree.payoff_range`).

    Returns
    -------
    PBEResult

    Raises
    ------
    InvalidArgumentError
        If ``off_path`` or ``tol`` is invalid.
    GameTooLargeError
        If there are too many pure profiles.

    See Also
    --------
    backward_induction : subgame perfection (no beliefs needed).
    bayes_nash : simultaneous-move Bayesian games.

    References
    ----------
    .. [1] A. Mas-Colell, M. D. Whinston and J. R. Green, *Microeconomic
       Theory* (1995), definition 9.C.3.
    .. [2] I.-K. Cho and D. M. Kreps, "Signaling games and stable
       equilibria", *QJE* 102 (1987) 179-221 (the beer-quiche game).

    Examples
    --------
    A tough (probability 0.6) or weak incumbent; the entrant does not know
    which, and the tough one fights. Entering earns 1 against a weak
    incumbent and -1 against a tough one, so with these odds the entrant
    stays out:

    >>> from mediation_sim.games import GameTree, chance, decision, terminal
    >>> def market(fight, accommodate):
    ...     return decision("incumbent", {"fight": terminal(fight),
    ...                                   "accommodate": terminal(accommodate)})
    >>> tough = decision("entrant", {"out": terminal([0, 2]),
    ...                              "enter": market([-1, 1], [1, 0])}, infoset="entry")
    >>> weak = decision("entrant", {"out": terminal([0, 2]),
    ...                             "enter": market([-1, -1], [1, 1])}, infoset="entry")
    >>> tree = GameTree(chance({"tough": (0.6, tough), "weak": (0.4, weak)}),
    ...                 players=["entrant", "incumbent"])
    >>> import mediation_sim as ms
    >>> res = ms.solvers.perfect_bayesian(tree)
    >>> [eq.choices[("entrant", "entry")] for eq in res]
    ['out']
    """
    func = "perfect_bayesian"
    if not isinstance(tree, GameTree):
        raise InvalidArgumentError(f"{func}(): tree must be a GameTree, got {type(tree).__name__}")
    tol = check_tol(tol, func=func)
    if isinstance(off_path, str):
        if off_path not in ("any", "uniform", "prior"):
            raise InvalidArgumentError(
                f"{func}(): off_path must be 'any', 'uniform', 'prior' or a mapping, "
                f"got {off_path!r}"
            )
        rule = off_path
        given: dict[int, FloatArray] = {}
    elif isinstance(off_path, Mapping):
        rule = "given"
        given = {}
    else:
        raise InvalidArgumentError(f"{func}(): off_path must be a string or a mapping")
    t = _Tree(tree)
    if isinstance(off_path, Mapping):
        for key, stated in off_path.items():
            k = t.index.get(key) if isinstance(key, tuple) else None
            if k is None:
                matches = [j for j, s in enumerate(t.infosets) if s.label == key]
                if len(matches) != 1:
                    raise InvalidArgumentError(f"{func}(): unknown information set {key!r}")
                k = matches[0]
            members = t.infosets[k].members
            vec = np.zeros(len(members))
            for m, prob in stated.items():
                if isinstance(m, int):
                    j = m
                else:
                    names = [format_path(x) for x in members]
                    path = tuple(m) if isinstance(m, tuple) else None
                    j = members.index(path) if path in members else names.index(str(m))
                vec[j] = float(prob)
            if vec.min() < 0 or abs(vec.sum() - 1.0) > 1e-9:
                raise InvalidArgumentError(f"{func}(): belief at {key!r} must be a distribution")
            given[k] = vec
    sizes = [len(s.actions) for s in t.infosets]
    n_profiles = math.prod(sizes)
    if n_profiles > MAX_PURE_PROFILES:
        raise GameTooLargeError(
            f"{func}(): {n_profiles:,} pure behaviour profiles exceed the limit of "
            f"{MAX_PURE_PROFILES:,} (mediation_sim.solvers._perfect_bayesian.MAX_PURE_PROFILES)"
        )
    bound = tol * tree.payoff_range
    normal_form = tree.to_normal_form()
    found: list[PerfectBayesianEquilibrium] = []
    for choice in itertools.product(*(range(s) for s in sizes)):
        values = t.values(choice)
        reach = t.reach(choice)
        beliefs: dict[tuple[str, str], dict[str, float]] = {}
        on_path: dict[tuple[str, str], bool] = {}
        ok = True
        for k, s in enumerate(t.infosets):
            i = tree.players.index(s.player)
            # cont[m, j]: mover's payoff at member m after action j
            cont = np.array(
                [[values[(*m, a)][i] for a in s.actions] for m in s.members], dtype=np.float64
            )
            r = np.array([reach[m] for m in s.members])
            gains = cont - cont[:, [choice[k]]]
            if r.sum() > 0:
                belief: FloatArray | None = r / r.sum()
                on_path[s.key] = True
            else:
                on_path[s.key] = False
                if k in given:
                    belief = given[k]
                elif rule == "uniform":
                    belief = np.full(len(s.members), 1.0 / len(s.members))
                elif rule == "prior":
                    w = np.array([t.chance_reach[m] for m in s.members])
                    belief = w / w.sum() if w.sum() > 0 else np.full(len(w), 1.0 / len(w))
                else:  # an exact supporting belief first, then one within the tolerance
                    belief = _supporting_belief(gains, 0.0)
                    if belief is None:
                        belief = _supporting_belief(gains, bound)
            if belief is None or float((belief @ gains).max()) > bound:
                ok = False
                break
            beliefs[s.key] = {
                format_path(m): float(b) for m, b in zip(s.members, belief, strict=True)
            }
        if not ok:
            continue
        profile = tree.behaviour_profile(
            {s.key: s.actions[choice[k]] for k, s in enumerate(t.infosets)}
        )
        regret = normal_form.regret(tree.behaviour_to_mixed(profile, normal_form))
        if regret > bound:
            raise SolverError(
                f"{func}(): an assessment passed sequential rationality but its Nash regret is "
                f"{regret:.3g} > {bound:.3g}; please report this"
            )
        found.append(
            PerfectBayesianEquilibrium(
                profile=profile,
                choices=MappingProxyType(
                    {s.key: s.actions[choice[k]] for k, s in enumerate(t.infosets)}
                ),
                beliefs=MappingProxyType({k: MappingProxyType(v) for k, v in beliefs.items()}),
                on_path=MappingProxyType(on_path),
                payoffs=values[()],
                regret=float(regret),
            )
        )
    return PBEResult(
        tree=tree,
        equilibria=tuple(found),
        off_path=rule,
        n_profiles=n_profiles,
        parameters=MappingProxyType({"off_path": rule, "tol": tol}),
    )
