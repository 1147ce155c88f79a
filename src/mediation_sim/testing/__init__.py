"""Tools for property-based tests of games, solvers and your own payoff assumptions.

Needs the ``testing`` extra (Hypothesis): ``pip install 'mediation_sim[testing]'``.

``mediation_sim.testing.strategies``
    Hypothesis strategies: games, bimatrix games, nondegenerate games, games
    with a planted pure equilibrium, mixed profiles, permutations, rescalings.
``mediation_sim.testing.assertions``
    :func:`assert_is_equilibrium`, :func:`assert_same_equilibria`,
    :func:`assert_valid_nash_result`.
``mediation_sim.testing.scenarios``
    Hypothesis strategies and checks for a scenario's payoff assumptions
    (imported on first access, as ``ms.testing.scenarios``).
``mediation_sim.testing.contracts``
    :class:`NashSolverContract`, the suite every solver passes, and
    :func:`check_solver_contract` (pickle, ``rng``, NaN checks) for any solver.
"""

from __future__ import annotations

import importlib as _importlib
from types import ModuleType as _ModuleType

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
    "scenarios",
    "strategies",
]


def __getattr__(name: str) -> _ModuleType:
    # scenarios loads the scenario layer: imported on first access only
    if name == "scenarios":
        module = _importlib.import_module(f".{name}", __name__)
        globals()[name] = module
        return module
    raise AttributeError(f"module 'mediation_sim.testing' has no attribute {name!r}")
