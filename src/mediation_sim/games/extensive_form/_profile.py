"""Behaviour profiles of a :class:`GameTree`."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from ..._results import register_dataclass
from . import _kernels
from ._nodes import (
    FloatArray,
    InfoSetKey,
    format_path,
)

if TYPE_CHECKING:
    from ._tree import GameTree


@register_dataclass
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
        k = _kernels.infoset_id(self.tree, key, func="BehaviourProfile[]")
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
        return _kernels.node_values(self.tree, _kernels.edge_probabilities(self.tree, self.flat))

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
        return _kernels.reach(self.tree, _kernels.edge_probabilities(self.tree, self.flat))

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
            j = _kernels.infoset_id(self.tree, (player, lab), func="restrict()")
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
