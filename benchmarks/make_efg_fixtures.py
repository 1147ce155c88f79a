"""Regenerate the Gambit-written .efg fixtures under tests/data/efg/ (needs pygambit).

Run from the repository root::

    python benchmarks/make_efg_fixtures.py

Each game tree is built with pygambit and written with ``Game.to_efg()``, so
the ``.efg`` files are exactly what Gambit writes. Beside each file, a JSON
file records what pygambit itself says about the game:

``players``, ``title``, ``n_nodes``
    As read by pygambit.
``terminals``
    For each terminal in prefix order: the path as action indices from the
    root, and the payoffs (the sum of the outcomes met along the path, as
    Gambit defines them).
``subgame_roots``
    The roots of ``Game.subgames``, as action-index paths, sorted.
``perfect_recall``
    ``Game.is_perfect_recall``.
``strategies`` and ``payoffs``
    Gambit's reduced strategic form: each strategy as a mapping from the
    information set (named by the action-index path of its first member) to
    the action index it prescribes (``null`` where the strategy rules the set
    out), and ``Game.to_arrays()`` as floats.
``pure_equilibria``
    Payoff vectors of the pure Nash equilibria from ``enumpure_solve``
    (``null`` for imperfect recall, which pygambit does not solve).

``tests/io/test_efg.py`` reads the ``.efg`` files without pygambit and
compares mediation_sim's tree, reduced normal form and subgames with these.
"""

from __future__ import annotations

import contextlib
import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pygambit as gbt

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "efg"


def _outcome(game: gbt.Game, label: str, payoffs: list[Any]) -> gbt.Outcome:
    return game.add_outcome(label, payoffs)


def entry_deterrence() -> gbt.Game:
    g = gbt.Game.new_tree(players=["entrant", "incumbent"], title="Entry deterrence")
    g.append_move(g.root, "entrant", ["out", "in"])
    inn = g.root.children["in"]
    g.append_move(inn, "incumbent", ["fight", "accommodate"])
    g.set_outcome(g.root.children["out"], _outcome(g, "no entry", [0, 2]))
    g.set_outcome(inn.children["fight"], _outcome(g, "price war", [-1, -1]))
    g.set_outcome(inn.children["accommodate"], _outcome(g, "shared market", [1, 1]))
    return g


def signalling_with_chance() -> gbt.Game:
    """Nature picks a strong (1/3) or weak (2/3) defender; the challenger sees only the signal."""
    g = gbt.Game.new_tree(players=["defender", "challenger"], title="Signalling with chance")
    g.append_move(g.root, g.players.chance, ["strong", "weak"])
    g.set_chance_probs(g.root.infoset, [Fraction(1, 3), Fraction(2, 3)])
    challenger_sets: dict[str, Any] = {}
    for kind in ("strong", "weak"):
        node = g.root.children[kind]
        g.append_move(node, "defender", ["arm", "talk"])
        node.label = f"{kind} type"
        for signal in ("arm", "talk"):
            after = node.children[signal]
            if signal in challenger_sets:
                g.append_infoset(after, challenger_sets[signal])
            else:
                g.append_move(after, "challenger", ["attack", "wait"])
                challenger_sets[signal] = after.infoset
                after.infoset.label = f"saw {signal}"
            win = Fraction(1, 4) if kind == "strong" else Fraction(3, 4)
            cost = Fraction(1, 2) if signal == "arm" else 0
            g.set_outcome(
                after.children["attack"],
                _outcome(g, f"{kind} {signal} attack", [1 - win - cost, win - Fraction(1, 5)]),
            )
            g.set_outcome(
                after.children["wait"], _outcome(g, f"{kind} {signal} wait", [1 - cost, 0])
            )
    return g


def incremental_outcomes() -> gbt.Game:
    """Outcomes at non-terminal nodes (payoffs add up along the path), shared and null outcomes."""
    g = gbt.Game.new_tree(players=["A", "B"], title="Incremental outcomes")
    g.append_move(g.root, "A", ["talk", "fight"])
    talk = g.root.children["talk"]
    fight = g.root.children["fight"]
    g.set_outcome(talk, _outcome(g, "talks cost", [Fraction(-1, 10), Fraction(-1, 10)]))
    g.append_move(talk, "B", ["deal", "walk"])
    deal = _outcome(g, "deal", [Fraction(5, 2), 1.25])
    g.set_outcome(talk.children["deal"], deal)
    g.append_move(talk.children["walk"], g.players.chance, ["war", "peace"])
    g.set_chance_probs(talk.children["walk"].infoset, [Fraction(3, 10), Fraction(7, 10)])
    g.set_outcome(talk.children["walk"].children["war"], _outcome(g, "war", [-2, -3]))
    # "peace" keeps the null outcome: only the talks cost is paid
    g.append_move(fight, "B", ["yield", "resist"])
    g.set_outcome(fight, _outcome(g, "mobilise", [-0.5, 0]))
    g.set_outcome(fight.children["yield"], deal)
    g.set_outcome(fight.children["resist"], g.outcomes["war"])
    return g


def simultaneous_stage() -> gbt.Game:
    """A choice to enter, then simultaneous matching pennies; labels with spaces and quotes."""
    g = gbt.Game.new_tree(players=['row "R"', "column"], title='Stage game: "pennies"')
    g.append_move(g.root, 'row "R"', ["opt out", "play"])
    g.set_outcome(g.root.children["opt out"], _outcome(g, "outside option", [Fraction(1, 3), 0]))
    play = g.root.children["play"]
    g.append_move(play, 'row "R"', ["heads", "tails"])
    first = play.children["heads"]
    g.append_move(first, "column", ["heads", "tails"])
    g.append_infoset(play.children["tails"], first.infoset)
    for a in ("heads", "tails"):
        for b in ("heads", "tails"):
            win = 1 if a == b else -1
            g.set_outcome(play.children[a].children[b], _outcome(g, f"{a}/{b}", [win, -win]))
    return g


def three_player_horse() -> gbt.Game:
    """Selten (1975), Figure 1 ("Selten's horse"): no proper subgame."""
    g = gbt.Game.new_tree(players=["1", "2", "3"], title="Selten's horse")
    g.append_move(g.root, "1", ["C", "D"])
    cont = g.root.children["C"]
    g.append_move(cont, "2", ["c", "d"])
    g.set_outcome(cont.children["c"], _outcome(g, "both continue", [1, 1, 1]))
    g.append_move(cont.children["d"], "3", ["L", "R"])
    g.append_infoset(g.root.children["D"], cont.children["d"].infoset)
    left = cont.children["d"]
    down = g.root.children["D"]
    g.set_outcome(left.children["L"], _outcome(g, "dL", [4, 4, 0]))
    g.set_outcome(left.children["R"], _outcome(g, "dR", [0, 0, 1]))
    g.set_outcome(down.children["L"], _outcome(g, "DL", [3, 2, 2]))
    g.set_outcome(down.children["R"], _outcome(g, "DR", [0, 0, 0]))
    return g


def forgetful_player() -> gbt.Game:
    """Player A forgets its first move (imperfect recall)."""
    g = gbt.Game.new_tree(players=["A", "B"], title="Forgetful player")
    g.append_move(g.root, "A", ["left", "right"])
    g.append_move(g.root.children["left"], "B", ["x", "y"])
    g.append_move(g.root.children["left"].children["x"], "A", ["up", "down"])
    g.append_infoset(g.root.children["right"], g.root.children["left"].children["x"].infoset)
    values = {
        ("left", "x", "up"): [2, 0],
        ("left", "x", "down"): [0, 1],
        ("left", "y"): [1, 1],
        ("right", "up"): [0, 2],
        ("right", "down"): [3, 0],
    }
    for path, pays in values.items():
        node = g.root
        for a in path:
            node = node.children[a]
        g.set_outcome(node, _outcome(g, "-".join(path), pays))
    return g


FIXTURES = {
    "entry_deterrence_perfect_information": entry_deterrence,
    "signalling_chance_rational_probabilities": signalling_with_chance,
    "incremental_outcomes_at_nonterminal_nodes": incremental_outcomes,
    "simultaneous_stage_quoted_labels": simultaneous_stage,
    "selten_1975_horse_three_players": three_player_horse,
    "forgetful_player_imperfect_recall": forgetful_player,
}


def _index_path(node: gbt.Node) -> list[int]:
    out = []
    while node.parent is not None:
        action = node.prior_action
        out.append(list(node.parent.infoset.actions).index(action))
        node = node.parent
    return out[::-1]


def _payoffs(game: gbt.Game, node: gbt.Node) -> list[float]:
    total = np.zeros(len(game.players))
    while node is not None:
        with contextlib.suppress(KeyError):  # KeyError: no outcome attached to this node
            total += [float(node.outcome[p]) for p in game.players]
        node = node.parent
    return total.tolist()


def describe(game: gbt.Game) -> dict[str, Any]:
    terminals = [
        {"path": _index_path(n), "payoffs": _payoffs(game, n)} for n in game.nodes if n.is_terminal
    ]
    strategies = []
    for player in game.players:
        rows = []
        for s in player.strategies:
            plan = {}
            for infoset in player.infosets:
                action = s.action(infoset)
                key = json.dumps(_index_path(next(iter(infoset.members))))
                plan[key] = None if action is None else list(infoset.actions).index(action)
            rows.append(plan)
        strategies.append(rows)
    arrays = [np.asarray(a, dtype=float).tolist() for a in game.to_arrays()]
    if game.is_perfect_recall:
        pure = gbt.nash.enumpure_solve(game)
        equilibria = [[float(eq.payoff(p)) for p in game.players] for eq in pure.equilibria]
    else:  # pygambit refuses to compute equilibria of games with imperfect recall
        equilibria = None
    return {
        "title": game.title,
        "players": [p.label for p in game.players],
        "n_nodes": len(list(game.nodes)),
        "terminals": terminals,
        "subgame_roots": sorted(_index_path(s.root) for s in game.subgames),
        "perfect_recall": bool(game.is_perfect_recall),
        "strategies": strategies,
        "payoffs": arrays,
        "pure_equilibria": None if equilibria is None else sorted(equilibria),
        "generator": f"pygambit {gbt.__version__}",
    }


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, build in FIXTURES.items():
        game = build()
        (OUT / f"{name}.efg").write_text(game.to_efg(), encoding="utf-8")
        (OUT / f"{name}.json").write_text(
            json.dumps(describe(game), indent=1) + "\n", encoding="utf-8"
        )
        print(f"wrote {name}.efg and {name}.json")


if __name__ == "__main__":
    main()
