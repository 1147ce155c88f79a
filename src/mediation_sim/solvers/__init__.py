"""Equilibria and how to find them.

Every solver takes the game as its only positional argument and options as
keywords (``tol``, ``max_iter``, ``rng``, ``init``, ...), and every equilibrium it
returns has been checked by :meth:`mediation_sim.NormalFormGame.regret`.
:data:`SOLVER_CAPABILITIES` declares what each one finds (all equilibria or
one, exactly or numerically, with or without random draws) and the few that
take a second positional argument defining the problem (a QRE's precision, a
check's candidate). ``rng=None`` always means the fixed seed
:data:`DEFAULT_SEED`, so that every call is reproducible.
"""

from ._capabilities import SOLVER_CAPABILITIES, SolverCapabilities
from ._core import DEFAULT_SEED, NashResult
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
from .bayes_nash import BayesNashResult, bayes_nash
from .communication import (
    CommunicationResult,
    communication_equilibrium,
    communication_violations,
)
from .correlated import (
    CorrelatedResult,
    correlated,
    incentive_violations,
    is_correlated_equilibrium,
)
from .dominance import Elimination, EliminationResult, iterated_elimination
from .dynamics import Trajectory, fictitious_play, replicator_dynamics
from .finite_horizon import FiniteHorizonResult, finite_horizon, finite_horizon_regrets
from .lemke_howson import lemke_howson
from .logit_qre import QREPath, QREResult, logit_nash, qre, qre_path
from .n_player import nash
from .perfect import PerfectionCheck, PerfectResult, is_perfect, perfect_equilibria, perfection
from .perfect_bayesian import PBEResult, PerfectBayesianEquilibrium, perfect_bayesian
from .proper import PropernessCheck, ProperResult, is_proper, proper_equilibria, properness
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
from .stationary import StationaryResult, stationary_equilibrium
from .support_enumeration import support_enumeration
from .tracing import tracing_nash
from .two_player import nash_2p
from .vertex_enumeration import vertex_enumeration

__all__ = [
    "DEFAULT_SEED",
    "MAX_ALTERNATING_OFFERS_NODES",
    "SOLVER_CAPABILITIES",
    "AllNashResult",
    "AlternatingOffersResult",
    "BargainingSolution",
    "BayesNashResult",
    "Certificate",
    "CommunicationResult",
    "CoreCheck",
    "CorrelatedResult",
    "Elimination",
    "EliminationResult",
    "FiniteHorizonResult",
    "NashResult",
    "PBEResult",
    "PerfectBayesianEquilibrium",
    "PerfectResult",
    "PerfectionCheck",
    "PowerIndexResult",
    "ProperResult",
    "PropernessCheck",
    "QREPath",
    "QREResult",
    "RubinsteinSolution",
    "SolverCapabilities",
    "StationaryResult",
    "SubgamePerfectResult",
    "SubgameSolution",
    "Trajectory",
    "all_nash",
    "alternating_offers",
    "backward_induction",
    "banzhaf_index",
    "bayes_nash",
    "communication_equilibrium",
    "communication_violations",
    "core_violation",
    "correlated",
    "fictitious_play",
    "finite_horizon",
    "finite_horizon_regrets",
    "in_core",
    "incentive_violations",
    "is_correlated_equilibrium",
    "is_degenerate",
    "is_perfect",
    "is_proper",
    "iterated_elimination",
    "kalai_smorodinsky",
    "lemke_howson",
    "logit_nash",
    "nash",
    "nash_2p",
    "nash_bargaining",
    "perfect_bayesian",
    "perfect_equilibria",
    "perfection",
    "proper_equilibria",
    "properness",
    "pure_nash",
    "pure_nash_mask",
    "qre",
    "qre_path",
    "replicator_dynamics",
    "rubinstein",
    "shapley_shubik_index",
    "shapley_value",
    "stationary_equilibrium",
    "subgame_regrets",
    "support_enumeration",
    "tracing_nash",
    "vertex_enumeration",
]
