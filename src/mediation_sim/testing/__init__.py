"""Tools for property-based tests of games, solvers and your own payoff assumptions.

Needs the ``testing`` extra (Hypothesis): ``pip install 'mediation_sim[testing]'``.

``mediation_sim.testing.strategies``
    Hypothesis strategies: games, bimatrix games, nondegenerate games, games
    with a planted pure equilibrium, mixed profiles, permutations, rescalings.
``mediation_sim.testing.assertions``
    :func:`assert_is_equilibrium`, :func:`assert_same_equilibria`,
    :func:`assert_valid_nash_result`.
``mediation_sim.testing.contracts``
    :class:`NashSolverContract`, the suite every solver passes, and
    :func:`check_solver_contract` (pickle, ``rng``, NaN checks) for any solver.
"""

from . import strategies
from .assertions import assert_is_equilibrium, assert_same_equilibria, assert_valid_nash_result
from .contracts import NashSolverContract, check_nash_solver, check_solver_contract

__all__ = [
    "NashSolverContract",
    "assert_is_equilibrium",
    "assert_same_equilibria",
    "assert_valid_nash_result",
    "check_nash_solver",
    "check_solver_contract",
    "strategies",
]
