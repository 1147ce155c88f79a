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
