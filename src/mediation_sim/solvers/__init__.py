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

from .._namespace import rehome
from ._all_nash import AllNashResult, Certificate, all_nash
from ._backward_induction import (
    SubgamePerfectResult,
    SubgameSolution,
    backward_induction,
    subgame_regrets,
)
from ._bargaining import (
    MAX_ALTERNATING_OFFERS_NODES,
    AlternatingOffersResult,
    BargainingSolution,
    RubinsteinSolution,
    alternating_offers,
    kalai_smorodinsky,
    nash_bargaining,
    rubinstein,
)
from ._bayes_nash import BayesNashResult, bayes_nash
from ._capabilities import SOLVER_CAPABILITIES, SolverCapabilities
from ._communication import (
    CommunicationResult,
    communication_equilibrium,
    communication_violations,
)
from ._core import DEFAULT_SEED, NashResult
from ._correlated import (
    CorrelatedResult,
    correlated,
    incentive_violations,
    is_correlated_equilibrium,
)
from ._degeneracy import is_degenerate
from ._dominance import Elimination, EliminationResult, iterated_elimination
from ._dynamics import Trajectory, fictitious_play, replicator_dynamics
from ._finite_horizon import FiniteHorizonResult, finite_horizon, finite_horizon_regrets
from ._lemke_howson import lemke_howson
from ._logit_qre import QREPath, QREResult, logit_nash, qre, qre_path
from ._n_player import nash
from ._perfect import PerfectionCheck, PerfectResult, is_perfect, perfect_equilibria, perfection
from ._perfect_bayesian import PBEResult, PerfectBayesianEquilibrium, perfect_bayesian
from ._proper import PropernessCheck, ProperResult, is_proper, proper_equilibria, properness
from ._shapley import (
    CoreCheck,
    PowerIndexResult,
    banzhaf_index,
    core_violation,
    in_core,
    shapley_shubik_index,
    shapley_value,
)
from ._stationary import StationaryResult, stationary_equilibrium
from ._support_enumeration import support_enumeration
from ._tracing import tracing_nash
from ._two_player import nash_2p
from ._vertex_enumeration import vertex_enumeration
from .pure import pure_nash, pure_nash_mask

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


# Public objects print, pickle and document under the package (see _namespace).
rehome(globals(), __all__, __name__)
