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

from ..._namespace import rehome
from ._arrays import TreeArrays
from ._nodes import (
    KIND_CHANCE,
    KIND_DECISION,
    KIND_TERMINAL,
    MAX_TREE_NODES,
    Chance,
    Decision,
    InfoSet,
    InfoSetKey,
    Node,
    NodeInfo,
    Path,
    Terminal,
    chance,
    decision,
    format_path,
    terminal,
)
from ._profile import BehaviourProfile
from ._tree import GameTree, _rebuild_tree  # noqa: F401 - pickles name it here

__all__ = [
    "KIND_CHANCE",
    "KIND_DECISION",
    "KIND_TERMINAL",
    "MAX_TREE_NODES",
    "BehaviourProfile",
    "Chance",
    "Decision",
    "GameTree",
    "InfoSet",
    "InfoSetKey",
    "Node",
    "NodeInfo",
    "Path",
    "Terminal",
    "TreeArrays",
    "chance",
    "decision",
    "format_path",
    "terminal",
]

# Public objects print, pickle and document under the public path (see _namespace);
# methods follow their class, so that doctest collects their examples.
rehome(globals(), [*__all__, "_rebuild_tree"], __name__)
