"""Exact per-draw breakpoints of sequential scenarios against scan + bisection and brute force.

The exact kernel (``_sequential_exact``) must give, draw by draw, the
critical values of the scan-and-bisection path to its tolerance and the
same outcome curves bit for bit; the only allowed difference is an interval
narrower than the scan's grid spacing, which the scan misses and the exact
kernel finds (checked by solving inside it directly). On random affine
staged games its pieces must agree with backward induction solved point by
point.
"""

from __future__ import annotations

from pathlib import Path
from unittest import mock

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mediation_sim as ms
from mediation_sim.analysis import _mc_kernel
from mediation_sim.analysis._sequential import spe_critical_values, spe_settlement_curves
from mediation_sim.analysis._sequential_exact import MARGIN, run_sequential_draws, spe_pieces
from mediation_sim.analysis._thresholds import outcome_indices
from mediation_sim.scenarios.assumptions import sample_parameters
from mediation_sim.scenarios.sequential import solve_stages

SC = ms.scenarios.load("ukraine-2023")
DATA = Path(__file__).parents[1] / "data" / "scenarios"
TWO = ms.scenarios.from_string(
    (DATA / "two_party_mediation.toml").read_text()
    + '\n[structures.a_first]\ndescription = "a moves, b sees it"\nstages = [["a"], ["b"]]\n'
    + '\n[structures.b_first]\ndescription = "b moves, a sees it"\nstages = [["b"], ["a"]]\n'
).with_structure("a_first")
SCAN_STEP = 1.0 / 200  # the scan's grid spacing in t (201 points)


def _control(sc):
    return next(k for k, p in sc.parameters.items() if p.kind == "control")


def _draws(sc, n, seed):
    full = sample_parameters(sc, n, rng=np.random.default_rng(seed))
    return {k: v for k, v in full.items() if k != _control(sc)}


def _both(sc, draws, *, outcome, mode=None, level=0.5, tol=1e-8):
    parameter = _control(sc)
    bounds = sc.parameters[parameter].bounds
    grid = np.linspace(*bounds, 21)
    kw = {"parameter": parameter, "outcome_idx": outcome_indices(sc, outcome), "mode": mode}
    old = spe_critical_values(sc, draws, bounds=bounds, level=level, fix=None, **kw)
    old_curve, _ = spe_settlement_curves(sc, draws, grid=grid, fix=None, tol=tol, **kw)
    new = run_sequential_draws(
        sc, draws, bounds=bounds, grid=grid, level=level, fix=None, tol=tol, **kw
    )
    return old, old_curve, new


def _holds(sc, draws, d, value, outcome, mode=None, level=0.5):
    point = {k: v[d] for k, v in draws.items()}
    spe = sc.subgame_perfect(mode=mode, tol=1e-12, **point, **{_control(sc): value})
    q = spe.probabilities[..., outcome_indices(sc, outcome)].sum()
    return bool(spe.exists) and q >= level - 1e-12


def _check_against_scan(sc, draws, outcome, mode=None):
    (c_old, t_old, n_old), curve_old, (c_new, t_new, n_new, best, worst, unfinished) = _both(
        sc, draws, outcome=outcome, mode=mode
    )
    assert unfinished == 0
    np.testing.assert_array_equal(best, curve_old)
    np.testing.assert_array_equal(worst, curve_old)
    width = float(np.subtract(*sc.parameters[_control(sc)].bounds[::-1]))
    same = (n_old == n_new) & (np.isnan(c_old) == np.isnan(c_new))
    np.testing.assert_allclose(c_new[same], c_old[same], rtol=0, atol=1e-9 * width)
    np.testing.assert_allclose(t_new[same], t_old[same], rtol=0, atol=1e-9 * width)
    # where they differ the scan missed an interval narrower than its grid spacing
    for d in np.flatnonzero(~same):
        assert n_new[d] > n_old[d]
        assert t_new[d] - c_new[d] < SCAN_STEP * width or n_new[d] > 1
        assert _holds(sc, draws, d, 0.5 * (c_new[d] + t_new[d]), outcome, mode) or n_new[d] > 1
    return int((~same).sum())


@pytest.mark.parametrize("mode", ["strategic", "committed"])
def test_flagship_draws_match_scan_and_bisection(mode):
    draws = _draws(SC, 300, seed=11)
    missed = _check_against_scan(SC, draws, "withdrawal", mode)
    assert missed <= 10  # narrow windows are rare


@pytest.mark.parametrize("structure", ["west_commits_first", "unobserved_pressure"])
def test_other_flagship_structures_match(structure):
    sc = SC.with_structure(structure)
    _check_against_scan(sc, _draws(sc, 150, seed=5), "withdrawal")


@pytest.mark.parametrize("structure", ["a_first", "b_first"])
def test_synthetic_two_stage_scenario_matches(structure):
    sc = TWO.with_structure(structure)
    _check_against_scan(sc, _draws(sc, 200, seed=2), "deal")


def test_monte_carlo_equals_the_scan_path_with_the_same_seed():
    def legacy(scenario, draws, *, parameter, bounds, grid, outcome_idx, level, mode, fix, tol):
        kw = {"parameter": parameter, "outcome_idx": outcome_idx, "mode": mode, "fix": fix}
        c, t, n = spe_critical_values(scenario, draws, bounds=bounds, level=level, **kw)
        b, w = spe_settlement_curves(scenario, draws, grid=grid, tol=tol, **kw)
        return c, t, n, b, w, 0

    new = ms.analysis.monte_carlo(SC, 60, outcome="withdrawal", rng=3)
    with mock.patch.object(_mc_kernel, "run_sequential_draws", legacy):
        old = ms.analysis.monte_carlo(SC, 60, outcome="withdrawal", rng=3)
    # the curves, mixed fill included, are the same numbers
    pd.testing.assert_frame_equal(new.curves, old.curves)
    a, b = new.draws, old.draws
    same = (a["n_intervals"] == b["n_intervals"]).to_numpy()
    for col in ("critical_value", "window_upper"):
        np.testing.assert_allclose(a[col][same], b[col][same], rtol=0, atol=1e-9)


# ----------------------------------------------------------------- random affine staged games
@st.composite
def affine_staged_games(draw: st.DrawFn):
    n = draw(st.integers(2, 4))
    sizes = tuple(draw(st.lists(st.integers(1, 3), min_size=n, max_size=n)))
    order = draw(st.permutations(range(n)))
    cuts = sorted(draw(st.sets(st.integers(1, n - 1), max_size=n - 1)))
    stages = [list(order[a:b]) for a, b in zip([0, *cuts], [*cuts, n], strict=True)]
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    batch = draw(st.integers(1, 5))
    if draw(st.booleans()):  # small integers: exact ties at both ends and crossings
        ends = rng.integers(-2, 3, size=(batch, 2, n, *sizes)).astype(np.float64)
    else:
        ends = rng.normal(size=(batch, 2, n, *sizes))
    return ends, stages


@settings(max_examples=60, deadline=None)
@given(affine_staged_games(), st.integers(0, 2**32 - 1))
def test_pieces_agree_with_backward_induction_point_by_point(game, seed):
    ends, stages = game
    pieces = spe_pieces(ends, stages)
    assert pieces.unfinished.size == 0
    d, n = ends.shape[0], ends.shape[2]
    # the pieces of each draw tile [0, 1]
    for r in range(d):
        mine = pieces.draw == r
        start, end = pieces.start[mine], pieces.end[mine]
        assert start[0] == 0.0
        assert end[-1] == 1.0
        np.testing.assert_allclose(start[1:], end[:-1], atol=1e-10)
    # at random points away from the ends, the brute-force path is the piece's
    rng = np.random.default_rng(seed)
    t = np.concatenate([rng.random(40), np.linspace(0, 1, 21)])
    u0 = ends[:, 0].reshape(d, 1, -1)
    du = ends[:, 1].reshape(d, 1, -1) - u0
    u = (u0 + t[None, :, None] * du).reshape(d, t.size, n, *ends.shape[3:])
    k_all = int(np.prod(ends.shape[3:]))
    probs = np.broadcast_to(
        np.eye(k_all).reshape((1, 1, k_all, *ends.shape[3:])), (d, t.size, k_all, *ends.shape[3:])
    )
    _, _, dist, _, exists, _ = solve_stages(u, probs, stages, tol=1e-12)
    terminal = dist.argmax(axis=-1)
    for r in range(d):
        mine = np.flatnonzero(pieces.draw == r)
        at = mine[np.searchsorted(pieces.start[mine], t, side="right") - 1]
        far = (np.abs(t - pieces.start[at]) > MARGIN) & (np.abs(pieces.end[at] - t) > MARGIN)
        far |= (t == 0.0) | (t == 1.0)
        np.testing.assert_array_equal(exists[r][far], pieces.exists[at][far])
        ok = far & exists[r]
        np.testing.assert_array_equal(terminal[r][ok], pieces.terminal[at][ok])
