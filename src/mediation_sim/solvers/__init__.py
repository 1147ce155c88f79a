"""Equilibria and how to find them.

Every solver takes the game as its only positional argument and options as
keywords (``tol``, ``max_iter``, ``rng``, ...), and every equilibrium it
returns has been checked by :meth:`mediation_sim.NormalFormGame.regret`.
"""

from ._core import NashResult
from .backward_induction import (
    SubgamePerfectResult,
    SubgameSolution,
    backward_induction,
    subgame_regrets,
)
from .dominance import Elimination, EliminationResult, iterated_elimination
from .pure import pure_nash, pure_nash_mask

__all__ = [
    "Elimination",
    "EliminationResult",
    "NashResult",
    "SubgamePerfectResult",
    "SubgameSolution",
    "backward_induction",
    "iterated_elimination",
    "pure_nash",
    "pure_nash_mask",
    "subgame_regrets",
]
