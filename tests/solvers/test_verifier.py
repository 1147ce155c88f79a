"""The shared verifier (finalise): batch path and per-profile fallback."""

from __future__ import annotations

import numpy as np
import pytest

import mediation_sim as ms
from mediation_sim.solvers._core import SolverOutput, nash_solver


def test_verifier_reports_a_kernel_that_returns_a_non_distribution():
    # A plugin kernel returning a vector that is not a distribution gets the
    # profile checks' error (the batched fast path falls back to them).
    @nash_solver("broken_kernel", n_players=2)
    def broken(game, *, tol=1e-8):
        return SolverOutput([[np.array([0.7, 0.7]), np.array([0.5, 0.5])]])

    with pytest.raises(ms.InvalidProfileError, match="sums to"):
        broken(ms.games.matching_pennies())


def test_batch_and_fallback_paths_give_the_same_result():
    # Candidates as arrays take the batch path; the same candidates as plain
    # lists take the per-profile path. Duplicates merge and a non-equilibrium
    # is rejected either way.
    game = ms.games.matching_pennies()
    half = [np.array([0.5, 0.5]), np.array([0.5, 0.5])]
    near = [np.array([0.5 + 1e-9, 0.5 - 1e-9]), np.array([0.5, 0.5])]
    pure = [np.array([1.0, 0.0]), np.array([1.0, 0.0])]

    @nash_solver("arrays_kernel", n_players=2)
    def arrays(game, *, tol=1e-8):
        return SolverOutput([half, near, pure])

    @nash_solver("lists_kernel", n_players=2)
    def lists(game, *, tol=1e-8):
        return SolverOutput([[v.tolist() for v in c] for c in (half, near, pure)])

    a, b = arrays(game), lists(game)
    assert len(a) == len(b) == 1
    assert a.n_rejected == b.n_rejected == 1
    assert a[0].isclose(b[0])
    assert a.max_regret == b.max_regret == a[0].regret


def _bound_parameters(solver, game, *args, **kwargs):
    """What Signature.bind + apply_defaults records (the decorator's general path)."""
    import inspect

    bound = inspect.signature(solver.__wrapped__).bind(game, *args, **kwargs)
    bound.apply_defaults()
    return [(k, v) for k, v in bound.arguments.items() if k != "game"]


@pytest.mark.parametrize(
    ("solver", "kwargs"),
    [
        (ms.solvers.vertex_enumeration, {}),
        (ms.solvers.vertex_enumeration, {"tol": 1e-6}),
        (ms.solvers.lemke_howson, {"max_iter": 500}),
        (ms.solvers.lemke_howson, {"max_iter": 500, "tol": 1e-7, "initial_label": 2}),
        (ms.solvers.pure_nash, {}),
    ],
)
def test_keyword_binding_records_what_signature_bind_records(solver, kwargs):
    # Keyword-only options are bound by a dict merge: same names, order and values.
    game = ms.games.battle_of_the_sexes()
    recorded = list(solver(game, **kwargs).parameters.items())
    assert recorded == _bound_parameters(solver, game, **kwargs)


def test_binding_errors_still_name_the_solver():
    game = ms.games.battle_of_the_sexes()
    with pytest.raises(ms.InvalidArgumentError, match=r"vertex_enumeration\(\): .*tolerance"):
        ms.solvers.vertex_enumeration(game, tolerance=1e-6)
    with pytest.raises(ms.InvalidArgumentError, match=r"vertex_enumeration\(\): .*positional"):
        ms.solvers.vertex_enumeration(game, 1e-6)

    @nash_solver("required_option", n_players=2)
    def required(game, *, tol=1e-8, level):
        return SolverOutput([])

    with pytest.raises(ms.InvalidArgumentError, match=r"required_option\(\): .*level"):
        required(game)
    assert list(required(game, level=3).parameters.items()) == [("tol", 1e-8), ("level", 3)]
