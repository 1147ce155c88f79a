"""Equilibria and how to find them.

Every solver takes the game as its only positional argument and options as
keywords (``tol``, ``max_iter``, ``rng``, ...), and every equilibrium it
returns has been checked by :meth:`mediation_sim.NormalFormGame.regret`.
"""

from ._core import NashResult
from ._degeneracy import is_degenerate
from .all_nash import AllNashResult, Certificate, all_nash
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
from .correlated import (
    CorrelatedResult,
    correlated,
    incentive_violations,
    is_correlated_equilibrium,
)
from .dominance import Elimination, EliminationResult, iterated_elimination
from .dynamics import Trajectory, fictitious_play, replicator_dynamics
from .lemke_howson import lemke_howson
from .logit_qre import QREPath, QREResult, logit_nash, qre, qre_path
from .n_player import nash
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
from .tracing import tracing_nash
from .two_player import nash_2p
from .vertex_enumeration import vertex_enumeration

__all__ = [
    "MAX_ALTERNATING_OFFERS_NODES",
    "AllNashResult",
    "AlternatingOffersResult",
    "BargainingSolution",
    "Certificate",
    "CoreCheck",
    "CorrelatedResult",
    "Elimination",
    "EliminationResult",
    "NashResult",
    "PowerIndexResult",
    "QREPath",
    "QREResult",
    "RubinsteinSolution",
    "SubgamePerfectResult",
    "SubgameSolution",
    "Trajectory",
    "all_nash",
    "alternating_offers",
    "backward_induction",
    "banzhaf_index",
    "core_violation",
    "correlated",
    "fictitious_play",
    "in_core",
    "incentive_violations",
    "is_correlated_equilibrium",
    "is_degenerate",
    "iterated_elimination",
    "kalai_smorodinsky",
    "lemke_howson",
    "logit_nash",
    "nash",
    "nash_2p",
    "nash_bargaining",
    "pure_nash",
    "pure_nash_mask",
    "qre",
    "qre_path",
    "replicator_dynamics",
    "rubinstein",
    "shapley_shubik_index",
    "shapley_value",
    "subgame_regrets",
    "support_enumeration",
    "tracing_nash",
    "vertex_enumeration",
]
