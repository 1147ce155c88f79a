"""The shared solver contract, run on every N-player method (alone and through the router)."""

from __future__ import annotations

import functools

import pytest

import mediation_sim as ms
from mediation_sim.testing import NashSolverContract


class TestLogitNash(NashSolverContract):
    solver = staticmethod(ms.solvers.logit_nash)
    n_players = None
    finds_all = False


class TestTracingNash(NashSolverContract):
    solver = staticmethod(ms.solvers.tracing_nash)
    n_players = None
    finds_all = False


class TestNashLogitThreePlayers(NashSolverContract):
    solver = staticmethod(functools.partial(ms.solvers.nash, method="logit", presolve=False))
    n_players = 3
    finds_all = False
    max_strategies = 2


class TestNashTracingThreePlayers(NashSolverContract):
    solver = staticmethod(functools.partial(ms.solvers.nash, method="tracing", presolve=False))
    n_players = 3
    finds_all = False
    max_strategies = 2


class TestNashRouter(NashSolverContract):
    solver = staticmethod(ms.solvers.nash)
    n_players = None
    finds_all = False


# Random contract games often tie; all_nash then warns that its list is not proved complete,
# and reports sets of equilibria by sample points, which are not canonical (they need not
# match under permutation or rescaling). So the set-equality checks (finds_all) are made on
# generic games in test_all_nash.py; here every equilibrium must still verify.
@pytest.mark.filterwarnings("ignore::mediation_sim.DegenerateGameWarning")
class TestAllNashThreePlayers(NashSolverContract):
    solver = staticmethod(ms.solvers.all_nash)
    n_players = 3
    finds_all = False
    max_strategies = 2


@pytest.mark.filterwarnings("ignore::mediation_sim.DegenerateGameWarning")
class TestAllNashTwoPlayers(NashSolverContract):
    solver = staticmethod(ms.solvers.all_nash)
    n_players = 2
    finds_all = False
    max_strategies = 3


@pytest.mark.filterwarnings("ignore::mediation_sim.DegenerateGameWarning")
class TestPerfectEquilibriaTwoPlayers(NashSolverContract):
    solver = staticmethod(functools.partial(ms.solvers.perfect_equilibria, rng=0))
    n_players = 2
    finds_all = False
    max_strategies = 3


@pytest.mark.filterwarnings("ignore::mediation_sim.DegenerateGameWarning")
class TestPerfectEquilibriaThreePlayers(NashSolverContract):
    solver = staticmethod(functools.partial(ms.solvers.perfect_equilibria, rng=0))
    n_players = 3
    finds_all = False
    max_strategies = 2
