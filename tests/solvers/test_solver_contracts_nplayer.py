"""The shared solver contract, run on every N-player method (alone and through the router)."""

from __future__ import annotations

import functools
import inspect
from typing import Any, TypeVar

from hypothesis import given
from hypothesis import strategies as st

import mediation_sim as ms
from mediation_sim.testing import NashSolverContract

C = TypeVar("C", bound=type[Any])


def own_property_tests(cls: C) -> C:
    """Give each subclass its own copies of the contract's ``@given`` tests.

    Hypothesis refuses (HealthCheck.differing_executors) to run one ``@given`` method from
    instances of several classes; re-applying ``@given`` to the inner test avoids it (the
    same workaround as tests/solvers/test_solver_contracts_2p.py).
    """
    for name, attr in vars(NashSolverContract).items():
        handle = getattr(attr, "hypothesis", None)
        if not name.startswith("test_") or handle is None:
            continue
        inner = handle.inner_test
        assert list(inspect.signature(inner).parameters) == ["self", "data"], name
        setattr(cls, name, given(data=st.data())(inner))
    return cls


@own_property_tests
class TestLogitNash(NashSolverContract):
    solver = staticmethod(ms.solvers.logit_nash)
    n_players = None
    finds_all = False


@own_property_tests
class TestTracingNash(NashSolverContract):
    solver = staticmethod(ms.solvers.tracing_nash)
    n_players = None
    finds_all = False


@own_property_tests
class TestNashLogitThreePlayers(NashSolverContract):
    solver = staticmethod(functools.partial(ms.solvers.nash, method="logit", presolve=False))
    n_players = 3
    finds_all = False
    max_strategies = 2


@own_property_tests
class TestNashTracingThreePlayers(NashSolverContract):
    solver = staticmethod(functools.partial(ms.solvers.nash, method="tracing", presolve=False))
    n_players = 3
    finds_all = False
    max_strategies = 2


@own_property_tests
class TestNashRouter(NashSolverContract):
    solver = staticmethod(ms.solvers.nash)
    n_players = None
    finds_all = False
