"""The batched Monte Carlo kernel gives the reference path's numbers, bit for bit.

The reference is the code Monte Carlo ran before the kernel existed:
``critical_values`` (exact intervals, payoffs at both ends) followed by
``settlement_curves`` (payoffs built and solved at every grid value), block by
block. The kernel builds payoffs at the two ends only; these tests compare its
output with the reference's on fixed seeds with ``np.array_equal``.
"""

from __future__ import annotations

from pathlib import Path
from unittest import mock

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import mediation_sim as ms
from mediation_sim.analysis import _mc_kernel
from mediation_sim.analysis._batch import critical_values, settlement_curves
from mediation_sim.analysis._intervals import affine_equilibrium_intervals
from mediation_sim.analysis._thresholds import outcome_indices
from mediation_sim.scenarios.assumptions import sample_parameters

# the batched kernel serves one-shot structures (sequential ones go to the
# subgame-perfect kernels): test it on the v0.1 simultaneous structure
# known answers of the v0.1 payoffs (the revised flagship is pinned in
# tests/scenarios/test_ukraine_2023_revised.py and the docs)
SC = ms.scenarios.load("ukraine-2023-v0.1").with_structure("simultaneous")
TWO = ms.scenarios.from_toml(
    Path(__file__).parents[1] / "data" / "scenarios" / "two_party_mediation.toml"
)


def _both(
    sc,
    draws,
    *,
    parameter,
    grid,
    outcome,
    level=0.5,
    selection="best",
    mode=None,
    tol=1e-8,
    fix=None,
):
    bounds = sc.parameters[parameter].bounds
    kw = {
        "parameter": parameter,
        "outcome_idx": outcome_indices(sc, outcome),
        "mode": mode,
        "fix": fix,
    }
    ref = critical_values(
        sc, draws, bounds=bounds, level=level, selection=selection, **kw
    ) + settlement_curves(sc, draws, grid=grid, tol=tol, **kw)
    new = _mc_kernel.run_draws(
        sc, draws, bounds=bounds, grid=grid, level=level, selection=selection, tol=tol, **kw
    )
    return ref, new


def _draws(sc, parameter, n, seed, within="range"):
    full = sample_parameters(sc, n, rng=np.random.default_rng(seed), within=within)
    return {k: v for k, v in full.items() if k != parameter}


def _assert_identical(ref, new):
    names = ("critical_value", "window_upper", "n_intervals", "best", "worst")
    for name, a, b in zip(names, ref, new, strict=True):
        assert a.shape == b.shape, name
        assert np.array_equal(a, b, equal_nan=True), name


@pytest.mark.parametrize("mode", ["strategic", "committed"])
@pytest.mark.parametrize("outcome", ["withdrawal", "settlement"])
@pytest.mark.parametrize("selection", ["best", "worst"])
def test_kernel_equals_reference_on_the_flagship(mode, outcome, selection):
    draws = _draws(SC, "china_pressure", 300, seed=11)
    grid = np.linspace(0.0, 1.0, 21)
    ref, new = _both(
        SC,
        draws,
        parameter="china_pressure",
        grid=grid,
        outcome=outcome,
        mode=mode,
        selection=selection,
    )
    _assert_identical(ref, new)
    assert np.isfinite(new[0]).any()
    assert np.isnan(new[3]).sum() < new[3].size


def test_a_sequential_scenario_goes_to_the_subgame_perfect_kernels():
    # run_draws serves Monte Carlo for every structure: a sequential one must give
    # what critical_values + settlement_curves (scan + bisection of backward
    # induction) give: the curves exactly, the crossings to the bisection's
    # tolerance (exact pieces; tests/analysis/test_sequential_mc.py has the rest)
    seq = ms.scenarios.load("ukraine-2023-v0.1")
    assert seq.is_sequential
    draws = _draws(seq, "china_pressure", 40, seed=5)
    ref, new = _both(
        seq, draws, parameter="china_pressure", grid=np.linspace(0.0, 1.0, 6), outcome="settlement"
    )
    for a, b in zip(ref[2:], new[2:], strict=True):
        assert np.array_equal(a, b, equal_nan=True)
    for a, b in zip(ref[:2], new[:2], strict=True):
        np.testing.assert_allclose(b, a, rtol=0, atol=1e-9)
    assert np.isfinite(new[0]).any()
    # the one-shot kernel would answer differently on the same draws
    one_shot = _both(
        SC, draws, parameter="china_pressure", grid=np.linspace(0.0, 1.0, 6), outcome="settlement"
    )[1]
    assert not all(np.array_equal(a, b, equal_nan=True) for a, b in zip(new, one_shot, strict=True))


@pytest.mark.parametrize("tol", [1e-14, 1e-8, 1e-3])
def test_kernel_equals_reference_for_any_tolerance(tol):
    # 1e-14 makes the inner tolerance smaller than the exact one (its own intervals)
    draws = _draws(SC, "china_pressure", 200, seed=3)
    ref, new = _both(
        SC,
        draws,
        parameter="china_pressure",
        grid=np.linspace(0, 1, 13),
        outcome="withdrawal",
        tol=tol,
    )
    _assert_identical(ref, new)


@pytest.mark.parametrize("level", [0.0, 0.3, 1.0])
def test_kernel_equals_reference_with_fixed_players_and_wide_draws(level):
    # hard bounds instead of plausible ranges, a fixed player, several levels
    draws = _draws(SC, "china_pressure", 200, seed=21, within="bounds")
    ref, new = _both(
        SC,
        draws,
        parameter="china_pressure",
        grid=np.linspace(0, 1, 11),
        outcome="settlement",
        level=level,
        fix={"washington": "press_for_talks"},
    )
    _assert_identical(ref, new)


def test_grid_values_on_breakpoints_are_decided_by_direct_evaluation():
    # at the central values withdrawal is an equilibrium outcome on [0.55, 0.75]
    # exactly: grid values 1e-10 outside the breakpoints are within the solver's
    # tolerance (1e-8), so the intervals alone cannot settle them
    defaults = SC.defaults()
    draws = {k: np.full(4, v) for k, v in defaults.items() if k != "china_pressure"}
    grid = np.array([0.0, 0.55 - 1e-10, 0.6, 0.75 + 1e-10, 0.9])
    with mock.patch.object(_mc_kernel, "profile_regrets", wraps=_mc_kernel.profile_regrets) as spy:
        ref, new = _both(SC, draws, parameter="china_pressure", grid=grid, outcome="withdrawal")
    assert spy.call_count == 1
    assert spy.call_args.args[0].shape[0] == 8  # 4 draws x the 2 breakpoints
    _assert_identical(ref, new)
    assert new[0][0] == pytest.approx(0.55, abs=1e-9)
    # withdrawal is reached there (within tol) as inside the window
    assert (new[3][:, [1, 3]] == new[3][:, [2]]).all()


def test_kernel_equals_reference_when_probabilities_depend_on_the_parameter():
    assert _mc_kernel.parameter_in_probabilities(SC, "talks_success_base")
    assert not _mc_kernel.parameter_in_probabilities(SC, "china_pressure")
    draws = _draws(SC, "talks_success_base", 150, seed=5)
    ref, new = _both(
        SC,
        draws,
        parameter="talks_success_base",
        grid=np.linspace(0, 0.4, 9),
        outcome="settlement",
    )
    _assert_identical(ref, new)


def test_kernel_equals_reference_on_another_scenario():
    parameter = next(p for p in TWO.parameters if TWO.is_affine_in(p))
    lo, hi = TWO.parameters[parameter].bounds
    draws = _draws(TWO, parameter, 100, seed=2)
    outcome = TWO.outcomes[0]
    ref, new = _both(TWO, draws, parameter=parameter, grid=np.linspace(lo, hi, 11), outcome=outcome)
    _assert_identical(ref, new)


def _reference_monte_carlo(sc, n, seed, block_size, grid):
    """Monte Carlo as it ran before the kernel: block by block, grid solved point by point."""
    idx = outcome_indices(sc, "withdrawal")
    bounds = sc.parameters["china_pressure"].bounds
    seeds = np.random.SeedSequence(seed).spawn(-(-n // block_size))
    rows = []
    for k, s in enumerate(seeds):
        size = min(block_size, n - k * block_size)
        full = sample_parameters(sc, block_size, rng=np.random.default_rng(s), within="range")
        draws = {name: v[:size] for name, v in full.items() if name != "china_pressure"}
        kw = {"parameter": "china_pressure", "outcome_idx": idx, "mode": None, "fix": None}
        crit, top, count = critical_values(
            sc, draws, bounds=bounds, level=0.5, selection="best", **kw
        )
        best, worst = settlement_curves(sc, draws, grid=grid, tol=1e-8, **kw)
        rows.append((crit, top, count, best, worst))
    return [np.concatenate(parts) for parts in zip(*rows, strict=True)]


def test_monte_carlo_equals_the_reference_for_the_same_seed():
    grid = np.linspace(0, 1, 21)
    # the reference solves pure equilibria only: compare with mixed=False
    mc = ms.analysis.monte_carlo(
        SC, n=700, rng=2023, block_size=128, blocks_per_task=3, mixed=False, outcome="withdrawal"
    )
    crit, top, count, best, worst = _reference_monte_carlo(SC, 700, 2023, 128, grid)
    assert np.array_equal(mc.draws["critical_value"].to_numpy(), crit, equal_nan=True)
    assert np.array_equal(mc.draws["window_upper"].to_numpy(), top, equal_nan=True)
    assert np.array_equal(mc.draws["n_intervals"].to_numpy(), count)
    curves = mc.curves.sort_values(["draw", "china_pressure"])
    assert np.array_equal(curves["best"].to_numpy(), best.reshape(-1), equal_nan=True)
    assert np.array_equal(curves["worst"].to_numpy(), worst.reshape(-1), equal_nan=True)
    # and blocks grouped differently into tasks give the same frames
    again = ms.analysis.monte_carlo(
        SC, n=700, rng=2023, block_size=128, blocks_per_task=1, mixed=False, outcome="withdrawal"
    )
    pd.testing.assert_frame_equal(mc.draws, again.draws)
    pd.testing.assert_frame_equal(mc.curves, again.curves)


def test_mixed_fill_changes_only_the_entries_without_a_pure_equilibrium():
    pure = ms.analysis.monte_carlo(
        SC, n=200, rng=7, block_size=64, mixed=False, outcome="withdrawal"
    )
    mixed = ms.analysis.monte_carlo(SC, n=200, rng=7, block_size=64, outcome="withdrawal")
    pd.testing.assert_frame_equal(pure.draws, mixed.draws)
    had = pure.curves["best"].notna().to_numpy()
    assert not had.all()  # this seed has entries without a pure equilibrium
    for col in ("best", "worst"):
        assert np.array_equal(pure.curves[col][had], mixed.curves[col][had])
    assert set(mixed.curves["equilibrium_kind"][had]) <= {"pure"}
    filled = mixed.curves["equilibrium_kind"][~had]
    assert set(filled) <= {"mixed", "none"}
    assert mixed.curves["best"][~had].notna().sum() == (filled == "mixed").sum()


@st.composite
def _affine_games(draw):
    shape = tuple(draw(st.lists(st.integers(1, 3), min_size=2, max_size=3)))
    d = draw(st.integers(1, 3))
    full = (d, len(shape), *shape)
    # small integers: ties (zero slopes, exact equalities) are common
    u0 = draw(arrays(np.float64, full, elements=st.integers(-3, 3).map(float)))
    u1 = draw(arrays(np.float64, full, elements=st.integers(-3, 3).map(float)))
    return u0, u1


@settings(max_examples=60, deadline=None)
@given(_affine_games(), st.sampled_from([0.0, 1e-9, 0.5]))
def test_compact_intervals_are_the_full_intervals_bit_for_bit(game, eps):
    u0, u1 = game
    d, n = u0.shape[:2]
    e = np.full(d, eps)
    lower, upper = affine_equilibrium_intervals(u0, u1, n_players=n, eps=e)
    lower, upper = lower.reshape(d, -1), upper.reshape(d, -1)
    pick = np.broadcast_to(np.arange(lower.shape[1]), lower.shape)
    ((c_lo, c_up),) = _mc_kernel.compact_intervals(
        np.stack([u0, u1], axis=1), pick, n_players=n, eps=[e]
    )
    nonempty = lower <= upper
    assert np.array_equal(nonempty, c_lo <= c_up)
    assert np.array_equal(lower[nonempty], c_lo[nonempty])
    assert np.array_equal(upper[nonempty], c_up[nonempty])
    # no profile with a non-empty interval is reported dead
    live = _mc_kernel.live_profiles(np.stack([u0, u1], axis=1), n_players=n, eps=e)
    assert not (nonempty & ~live).any()


def test_large_batches_are_chunked_without_changing_a_value(monkeypatch):
    draws = _draws(SC, "china_pressure", 120, seed=9)
    grid = np.linspace(0, 1, 7)
    _, whole = _both(SC, draws, parameter="china_pressure", grid=grid, outcome="withdrawal")
    monkeypatch.setattr(_mc_kernel, "CHUNK", 50)
    ref, chunked = _both(SC, draws, parameter="china_pressure", grid=grid, outcome="withdrawal")
    _assert_identical(whole, chunked)
    _assert_identical(ref, chunked)
