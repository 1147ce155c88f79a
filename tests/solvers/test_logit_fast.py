"""logit_nash's fast principal branch (Newton corrector, endgame) ends where the full path does.

The reference is the branch's limit found the slow way: the chord follower
(what ``qre_path`` uses), no endgame, and a refinement accepted only from
precision 1000 on and within ``1 / lam`` of the path, so far out that the
path has settled on its limit. ``logit_nash`` must return that equilibrium.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mediation_sim as ms
from mediation_sim.solvers import _logit_qre
from mediation_sim.solvers._homotopy import trace_to_nash
from mediation_sim.solvers._logit_homotopy import LogitHomotopy, centroid_log
from mediation_sim.solvers._multilinear import PayoffKernel, normalised_payoffs

SHAPES = [(3, 2, 2, 2), (2, 3, 3), (3, 3, 3, 3), (3, 2, 3, 4), (4, 2, 2, 2, 2), (2, 4, 5)]


def _far_limit(game: ms.NormalFormGame) -> np.ndarray:
    scaled, _, _ = normalised_payoffs(game.payoffs)
    kernel = PayoffKernel(scaled)
    hom = LogitHomotopy(kernel, centroid_log(kernel))
    assert not hom.newton_corrector
    assert not hom.has_endgame
    result, outcome = trace_to_nash(
        hom,
        hom.start(),
        kernel,
        profile=hom.profile,
        progress=hom.progress,
        tol=1e-10,
        max_steps=20_000,
        first_check=1000.0,
        closeness=1.0,
    )
    assert result is not None
    assert result.success
    assert result.flat is not None
    assert hom.progress(outcome.w) >= 1000.0
    return result.flat


def _fast(game: ms.NormalFormGame) -> tuple[np.ndarray, ms.NashResult]:
    res = ms.solvers.logit_nash(game)
    assert res.success
    assert len(res) == 1
    return np.concatenate(res[0].probabilities), res


@settings(max_examples=30, deadline=None)
@given(shape=st.sampled_from(SHAPES), seed=st.integers(0, 2**32 - 1))
def test_fast_branch_ends_at_the_limit_of_the_full_path(shape, seed):
    game = ms.NormalFormGame(np.random.default_rng(seed).uniform(size=shape))
    flat, res = _fast(game)
    np.testing.assert_allclose(flat, _far_limit(game), atol=1e-6)
    assert res.max_regret <= 1e-8 * game.payoff_range


def _bench_games() -> list[ms.NormalFormGame]:
    """The first games of each workload of benchmarks/bench_logit_ipa.py (same seed, order)."""
    rng = np.random.default_rng(20230515)
    out = []
    for n, s, total, take in ((3, 3, 30, 12), (5, 3, 20, 3), (5, 4, 12, 2)):
        games = [ms.NormalFormGame(rng.uniform(size=(n, *(s,) * n))) for _ in range(total)]
        out.extend(games[:take])
    return out


@pytest.mark.parametrize("index", range(17))
def test_fast_branch_agrees_with_the_full_path_on_the_benchmark_games(index):
    game = _bench_games()[index]
    flat, res = _fast(game)
    np.testing.assert_allclose(flat, _far_limit(game), atol=1e-6)
    assert res.max_regret <= 1e-8 * game.payoff_range


def test_private_switch_restores_the_chord_follower(monkeypatch):
    game = ms.NormalFormGame(np.random.default_rng(3).uniform(size=(3, 3, 3, 3)))
    fast_flat, fast = _fast(game)
    assert "Newton's method on the support extrapolated from the branch" in fast.message
    monkeypatch.setattr(_logit_qre, "_FAST", False)
    slow_flat, slow = _fast(game)
    assert "extrapolated" not in slow.message
    assert fast.n_iter < slow.n_iter
    np.testing.assert_allclose(fast_flat, slow_flat, atol=1e-6)


def test_volunteers_dilemma_branch_crosses_its_symmetry_breaking_point():
    # the symmetric branch has a bifurcation point near lam = 9.5 where the
    # determinant of the augmented Jacobian changes sign; the fast follower
    # must cross it straight, not turn onto an asymmetric branch
    res = ms.solvers.logit_nash(ms.games.volunteers_dilemma(4))
    wait = [res[0][p]["wait"] for p in res.game.players]
    np.testing.assert_allclose(wait, 0.5 ** (1 / 3), atol=1e-9)
