"""Equilibria and how to find them.

Every solver takes the game as its only positional argument and options as
keywords (``tol``, ``max_iter``, ``rng``, ...), and every equilibrium it
returns has been checked by :meth:`mediation_sim.NormalFormGame.regret`.
"""

from ._core import NashResult
from ._degeneracy import is_degenerate
from .backward_induction import (
    SubgamePerfectResult,
    SubgameSolution,
    backward_induction,
    subgame_regrets,
)
from .bargaining import (
    MAX_ALTERNATING_OFFERS_NODES,
    AlternatingOffersResult,
    BargainingSolution,
    RubinsteinSolution,
    alternating_offers,
    kalai_smorodinsky,
    nash_bargaining,
    rubinstein,
)
from .dominance import Elimination, EliminationResult, iterated_elimination
from .lemke_howson import lemke_howson
from .pure import pure_nash, pure_nash_mask
from .shapley import (
    CoreCheck,
    PowerIndexResult,
    banzhaf_index,
    core_violation,
    in_core,
    shapley_shubik_index,
    shapley_value,
)
from .support_enumeration import support_enumeration
from .two_player import nash_2p
from .vertex_enumeration import vertex_enumeration

__all__ = [
    "MAX_ALTERNATING_OFFERS_NODES",
    "AlternatingOffersResult",
    "BargainingSolution",
    "CoreCheck",
    "Elimination",
    "EliminationResult",
    "NashResult",
    "PowerIndexResult",
    "RubinsteinSolution",
    "SubgamePerfectResult",
    "SubgameSolution",
    "alternating_offers",
    "backward_induction",
    "banzhaf_index",
    "core_violation",
    "in_core",
    "is_degenerate",
    "iterated_elimination",
    "kalai_smorodinsky",
    "lemke_howson",
    "nash_2p",
    "nash_bargaining",
    "pure_nash",
    "pure_nash_mask",
    "rubinstein",
    "shapley_shubik_index",
    "shapley_value",
    "subgame_regrets",
    "support_enumeration",
    "vertex_enumeration",
]
