"""Regenerate the Gambit-written .nfg fixtures under tests/data/nfg/ (needs pygambit).

Run from the repository root::

    python benchmarks/make_nfg_fixtures.py

Each game is built with pygambit from the payoffs of a published game and
written with ``Game.to_nfg()``, so the files are exactly what Gambit writes
(pygambit 16.7 writes the *outcome* version, with labels and a comment).
``tests/io/test_nfg.py`` reads them without pygambit and compares the payoffs
with the same published values.

The payoff-version fixtures (``*_payoff_version*.nfg``) are not produced here:
pygambit no longer writes that version, so they are written by hand following
Gambit's format documentation.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import pygambit as gbt

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "nfg"


def _label(game: gbt.Game, players: list[str], strategies: list[list[str]]) -> gbt.Game:
    for player, name, labels in zip(game.players, players, strategies, strict=True):
        player.label = name
        for strategy, label in zip(player.strategies, labels, strict=True):
            strategy.label = label
    return game


def shapley_1964() -> gbt.Game:
    a = np.array([[0, 1, 0], [0, 0, 1], [1, 0, 0]])
    b = np.array([[0, 0, 1], [1, 0, 0], [0, 1, 0]])
    game = gbt.Game.from_arrays(a, b, title="Shapley (1964) 3x3 game")
    game.description = "Fictitious play cycles; the unique equilibrium is uniform for both players."
    return _label(game, ["row", "column"], [["a", "b", "c"], ["a", "b", "c"]])


def von_stengel_2007() -> gbt.Game:
    a = np.array([[3, 3], [2, 5], [0, 6]])
    b = np.array([[3, 2], [2, 6], [3, 1]])
    game = gbt.Game.from_arrays(a, b, title="von Stengel (2007) 3x2 bimatrix game")
    return _label(game, ["I", "II"], [["T", "M", "B"], ["l", "r"]])


def volunteers_dilemma() -> gbt.Game:
    grids = np.indices((2, 2, 2))
    someone = (grids == 0).any(axis=0)
    arrays = [np.where(someone, 2, 0) - (grids[i] == 0) for i in range(3)]
    game = gbt.Game.from_arrays(*arrays, title="Volunteer's dilemma (Diekmann 1985), b=2, c=1")
    return _label(game, ["p1", "p2", "p3"], [["volunteer", "wait"]] * 3)


def prisoners_dilemma_quoted() -> gbt.Game:
    a = np.array([[3, 0], [5, 1]])
    game = gbt.Game.from_arrays(a, a.T, title='The "Prisoner\'s Dilemma" (Axelrod 1984)')
    game.description = 'T=5 > R=3 > P=1 > S=0; "defect" dominates.'
    return _label(game, ["Row player", "Column player"], [["Cooperate (C)", "Defect (D)"]] * 2)


def rational_and_decimal() -> gbt.Game:
    a = np.array(
        [[Fraction(1, 3), Fraction(-2, 7), Fraction(1, 10)], [Fraction(5, 2), 0, 7]], dtype=object
    )
    # floats: Gambit writes them as decimals (0.1, 1E-20, ...)
    b = np.array([[1e-20, 0.1, -2.5], [123456.789, 0.3333333333333333, -1.5e-7]], dtype=object)
    game = gbt.Game.from_arrays(a, b, title="rational and decimal payoffs")
    return _label(game, ["x", "y"], [["u", "d"], ["l", "c", "r"]])


def chicken_with_null_outcome() -> gbt.Game:
    # Aumann (1974)'s chicken; (dare, dare) pays (0, 0) and is left as the null outcome.
    game = gbt.Game.new_table([2, 2], title="Chicken (Aumann 1974) with a null outcome")
    _label(game, ["row", "column"], [["dare", "chicken"]] * 2)
    names = {(0, 1): "row dares", (1, 0): "column dares", (1, 1): "both chicken"}
    pays = {(0, 1): (7, 2), (1, 0): (2, 7), (1, 1): (6, 6)}
    for cell in game.contingencies:
        outcome = game[cell]
        key = (int(cell[0]), int(cell[1]))
        if key == (0, 0):
            game.delete_outcome(outcome)
            continue
        outcome.label = names[key]
        for player, value in zip(game.players, pays[key], strict=True):
            outcome[player] = value
    return game


FIXTURES = {
    "3x3_bimatrix_unique_mixed_eq.nfg": shapley_1964,
    "3x2_von_stengel_2007_three_eq.nfg": von_stengel_2007,
    "2x2x2_outcome_version.nfg": volunteers_dilemma,
    "2x2_prisoners_dilemma_quoted_title_and_comment.nfg": prisoners_dilemma_quoted,
    "2x3_rational_and_decimal_payoffs.nfg": rational_and_decimal,
    "2x2_chicken_null_outcome.nfg": chicken_with_null_outcome,
}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, build in FIXTURES.items():
        path = OUT / name
        build().to_nfg(path)
        print(f"wrote {path.relative_to(OUT.parent.parent.parent)}")


if __name__ == "__main__":
    main()
