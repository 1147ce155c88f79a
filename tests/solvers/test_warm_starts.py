"""Warm starts (``init=``) of qre and nash: same answers as a cold start, found faster."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mediation_sim as ms
from mediation_sim.testing import assert_is_equilibrium
from mediation_sim.testing import strategies as mst


@given(
    mst.nondegenerate_bimatrix_games(max_strategies=3), st.floats(0.5, 5.0), st.floats(-0.05, 0.05)
)
def test_qre_warm_start_continues_the_principal_branch(game, lam, shift):
    cold = ms.solvers.qre(game, lam=lam)
    nearby = ms.NormalFormGame(game.payoffs + shift * np.eye(*game.shape)[None])
    warm = ms.solvers.qre(nearby, lam=lam, init=cold.profile)
    reference = ms.solvers.qre(nearby, lam=lam)
    assert warm.residual <= 1e-8
    assert warm.profile.isclose(reference.profile, atol=1e-6)
    assert warm.parameters["init"] is True


def test_qre_warm_start_skips_path_following():
    sc = ms.scenarios.load("ukraine-2023")
    first = ms.solvers.qre(sc.game(china_pressure=0.5), lam=20.0)
    assert first.n_iter > 0
    second = ms.solvers.qre(sc.game(china_pressure=0.52), lam=20.0, init=first.profile)
    assert second.n_iter == 0
    assert second.profile.isclose(
        ms.solvers.qre(sc.game(china_pressure=0.52), lam=20.0).profile, atol=1e-7
    )


def test_nash_warm_start_follows_a_mixed_equilibrium():
    g = ms.games.volunteers_dilemma(4)
    start = ms.solvers.nash(g, presolve=False)[0]
    moved = ms.games.volunteers_dilemma(4, benefit=2.2)
    res = ms.solvers.nash(moved, presolve=False, init=start)
    assert "warm start" in res.message
    wait = (1 / 2.2) ** (1 / 3)  # Diekmann (1985): (c/b)^(1/(n-1))
    assert res[0]["p2"]["wait"] == pytest.approx(wait, abs=1e-8)
    assert_is_equilibrium(moved, res[0])


def test_a_poor_warm_start_still_ends_in_the_equilibrium():
    pd = ms.games.prisoners_dilemma()
    res = ms.solvers.nash(pd, init=[[1.0, 0.0], [1.0, 0.0]])
    assert res.pure_profiles() == [(1, 1)]
    assert res.success
