"""Backward induction on terminal-profile indices gives the value-carrying kernel's answer."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import mediation_sim as ms
from mediation_sim.scenarios.sequential import (
    _solve_stages_values,
    mixed_stage_solver,
    solve_stages,
)

SC = ms.scenarios.load("ukraine-2023")


@st.composite
def staged_games(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, list[list[int]]]:
    """A small batch of games, integer payoffs (many ties), and a random move order."""
    n = draw(st.integers(2, 4))
    sizes = tuple(draw(st.lists(st.integers(1, 3), min_size=n, max_size=n)))
    order = draw(st.permutations(range(n)))
    cuts = sorted(draw(st.sets(st.integers(1, n - 1), max_size=n - 1)))
    stages = [list(order[a:b]) for a, b in zip([0, *cuts], [*cuts, n], strict=True)]
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    batch = draw(st.integers(1, 6))
    payoffs = rng.integers(-2, 3, size=(batch, n, *sizes)).astype(np.float64)
    probs = rng.dirichlet(np.ones(3), size=(batch, *sizes))
    return payoffs, np.moveaxis(probs, -1, 1), stages


@settings(max_examples=80, deadline=None)
@given(staged_games(), st.sampled_from([0.0, 1e-8, 0.3]))
def test_index_kernel_equals_value_kernel_bit_for_bit(game, tol):
    payoffs, probs, stages = game
    new = solve_stages(payoffs, probs, stages, tol=tol)
    ref = _solve_stages_values(payoffs, probs, stages, tol=tol)
    for a, b in zip(new, ref, strict=True):
        np.testing.assert_array_equal(a, b)


@settings(max_examples=25, deadline=None)
@given(staged_games())
def test_mixed_fill_is_the_value_kernels(game):
    payoffs, probs, stages = game
    solver = mixed_stage_solver(1e-8)
    new = solve_stages(payoffs, probs, stages, tol=1e-8, mixed_solver=solver)
    ref = _solve_stages_values(payoffs, probs, stages, tol=1e-8, mixed_solver=solver)
    for a, b in zip(new, ref, strict=True):
        np.testing.assert_array_equal(a, b)


def test_flagship_structures_agree_on_a_grid():
    grid = np.linspace(0.0, 1.0, 101)
    for name in SC.structures:
        sc = SC.with_structure(name)
        if sc.bargaining is not None:  # solved by the bargaining path (test_bargaining_stage.py)
            continue
        index = {p: i for i, p in enumerate(sc.players)}
        stages = [[index[p] for p in s] for s in sc.stages]
        for mode in sc.modes:
            payoffs, probs = sc.evaluate(china_pressure=grid, mode=mode)
            new = solve_stages(payoffs, probs, stages, tol=1e-8)
            ref = _solve_stages_values(payoffs, probs, stages, tol=1e-8)
            for a, b in zip(new, ref, strict=True):
                np.testing.assert_array_equal(a, b)
