"""Logit QRE: known answers, the regret bound, the Nash limit, invariances."""

from __future__ import annotations

import itertools
import math
import pickle

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from scipy.optimize import brentq

import mediation_sim as ms
from mediation_sim.testing import strategies as mst


def _symmetric_volunteer_qre(n: int, lam: float, benefit: float = 2.0, cost: float = 1.0) -> float:
    """Probability of waiting in the symmetric logit QRE of the volunteer's dilemma.

    Volunteering pays b - c for sure; waiting pays b unless all others wait,
    i.e. b (1 - q^(n-1)). The logit odds of waiting are exp(lam (c - b q^(n-1))),
    a scalar equation with a unique root (its left side increases in q).
    """

    def f(q: float) -> float:
        return math.log(q / (1 - q)) - lam * (cost - benefit * q ** (n - 1))

    return brentq(f, 1e-12, 1 - 1e-12, xtol=1e-15)


@pytest.mark.parametrize("lam", [0.0, 0.3, 1.0, 4.0, 25.0])
def test_matching_pennies_qre_is_uniform_at_every_precision(lam):
    """McKelvey & Palfrey (1995): in symmetric matching pennies the QRE is the centroid."""
    res = ms.solvers.qre(ms.games.matching_pennies(), lam=lam)
    np.testing.assert_allclose(np.concatenate(res.profile.probabilities), 0.5, atol=1e-12)
    assert res.residual <= 1e-10


@pytest.mark.parametrize(("n", "lam"), [(2, 1.0), (3, 0.5), (3, 3.0), (4, 2.0), (5, 1.5)])
def test_volunteers_dilemma_qre_solves_the_symmetric_scalar_equation(n, lam):
    # the scalar equation is in payoff units; qre's lam is relative to the payoff range
    game = ms.games.volunteers_dilemma(n)
    res = ms.solvers.qre(game, lam=lam * game.payoff_range)
    q = _symmetric_volunteer_qre(n, lam)
    for i in range(n):
        assert res.profile.probabilities[i][1] == pytest.approx(q, abs=1e-10)


@pytest.mark.parametrize("lam", [0.5, 2.0, 10.0])
def test_prisoners_dilemma_qre_solves_the_logistic_equation(lam):
    """Defection gains 2 - q over cooperation when the other defects with probability q."""
    q = brentq(lambda x: x - 1 / (1 + math.exp(-lam * (2 - x))), 0.0, 1.0, xtol=1e-15)
    game = ms.games.prisoners_dilemma()
    res = ms.solvers.qre(game, lam=lam * game.payoff_range)
    assert res.profile["row"]["defect"] == pytest.approx(q, abs=1e-10)
    assert res.profile["column"]["defect"] == pytest.approx(q, abs=1e-10)


@given(
    mst.normal_form_games(n_players=st.integers(2, 3), min_strategies=2, max_strategies=3),
    st.floats(0.05, 20.0),
)
def test_qre_is_a_logit_fixed_point_with_regret_at_most_log_s_over_lam(game, lam):
    """The logit response maximises payoff + R entropy / lam, so regret <= R log(s) / lam.

    ``lam`` is relative to the payoff range R: the response weighs payoffs / R.
    """
    res = ms.solvers.qre(game, lam=lam)
    spread = game.payoff_range
    vectors = res.profile.probabilities
    for i, dev in enumerate(game.deviation_payoffs(res.profile)):
        z = np.exp(lam * (dev - dev.max()) / spread)
        np.testing.assert_allclose(vectors[i], z / z.sum(), atol=1e-8)
    assert res.regret <= spread * math.log(max(game.shape)) / lam + 1e-9 * spread


# payoffs of magnitude below 1e-6 are snapped to 0: a shift by O(1) would erase them in
# floating point, which changes the game rather than testing the solver
_SAFE = mst.payoff_values().map(lambda x: x if abs(x) >= 1e-6 else 0.0)


@given(
    mst.normal_form_games(n_players=2, min_strategies=2, max_strategies=3, elements=_SAFE),
    st.sampled_from([1e-6, 1e-3, 0.37, 1.0, 42.0, 1e3, 1e6]),
    st.sampled_from([0.0, -1.0, 3.5, 250.0]),
    st.floats(0.5, 20.0),
)
@example(ms.games.prisoners_dilemma(), 1e-6, 0.0, 3.0)
@example(ms.games.prisoners_dilemma(), 1e6, -7.0, 3.0)
@example(ms.games.battle_of_the_sexes(), 1e-6, 250.0, 10.0)
def test_qre_is_invariant_under_positive_affine_maps_of_the_payoffs(game, a, offset, lam):
    """lam is relative to the payoff range, so qre(a * game + b, lam=lam) == qre(game, lam=lam).

    The shift ``b = a * offset`` is drawn in the scaled game's units, so that adding it
    does not erase the payoffs' own digits in floating point. Failed before: lam was in
    inverse payoff units, and the scaled game needed lam / a.
    """
    base = ms.solvers.qre(game, lam=lam)
    moved = ms.solvers.qre(ms.NormalFormGame(a * game.payoffs + a * offset), lam=lam)
    assert moved.lam == base.lam
    assert base.profile.isclose(moved.profile.probabilities, atol=1e-8)


def test_qre_approaches_the_nash_equilibrium_as_lam_grows():
    """Regret falls towards 0 along the principal branch (here a 3-player volunteer's dilemma)."""
    game = ms.games.volunteers_dilemma(3)
    regrets = [ms.solvers.qre(game, lam=lam).regret for lam in (1.0, 10.0, 100.0, 1000.0)]
    assert all(b < a for a, b in itertools.pairwise(regrets))
    assert regrets[-1] < 1e-3
    limit = ms.solvers.logit_nash(game)[0]
    far = ms.solvers.qre(game, lam=1e4).profile
    assert far.isclose(limit, atol=1e-3)


def test_qre_path_points_agree_with_qre_and_profile_at():
    game = ms.games.stag_hunt()
    grid = [0.0, 0.25, 1.0, 4.0]
    path = ms.solvers.qre_path(game, points=grid)
    np.testing.assert_array_equal(path.lam, grid)
    for k, lam in enumerate(grid):
        expected = ms.solvers.qre(game, lam=lam).profile
        assert path.profile(k).isclose(expected, atol=1e-9)
    adaptive = ms.solvers.qre_path(game, lam_max=4.0)
    assert adaptive.lam[-1] == pytest.approx(4.0)
    assert adaptive.lam[0] == 0.0
    assert adaptive.profile_at(1.0).isclose(path.profile(2), atol=1e-9)
    assert adaptive.nash is None


def test_qre_path_to_the_limit_records_a_falling_regret_and_the_nash_end():
    game = ms.games.volunteers_dilemma(3)
    path = ms.solvers.qre_path(game)
    assert path.nash is not None
    assert game.is_nash(path.nash)
    q = 0.5**0.5  # Diekmann (1985)
    np.testing.assert_allclose([v[1] for v in path.nash.probabilities], q, atol=1e-10)
    assert path.regrets[-1] < path.regrets[0]
    assert np.all(np.diff(path.lam) > 0)  # no fold on this branch


def test_qre_path_to_frame_is_tidy():
    game = ms.games.battle_of_the_sexes()
    path = ms.solvers.qre_path(game, points=[0.0, 2.0])
    frame = path.to_frame()
    assert list(frame.columns) == ["step", "lam", "player", "strategy", "probability"]
    assert len(frame) == 2 * 4
    sums = frame.groupby(["step", "player"])["probability"].sum()
    np.testing.assert_allclose(sums.to_numpy(), 1.0)
    row = frame[(frame.step == 1) & (frame.player == "row") & (frame.strategy == "opera")]
    assert float(row.probability.iloc[0]) == pytest.approx(path.probabilities[0][1, 0])


def test_results_are_frozen_serialisable_and_picklable():
    game = ms.games.prisoners_dilemma()
    res = ms.solvers.qre(game, lam=1.0)
    assert repr(res).startswith("QREResult(lam=1,")
    assert res.to_dict()["lam"] == 1.0
    assert "<p><b>" in res._repr_html_()
    with pytest.raises(AttributeError):
        res.lam = 2.0  # type: ignore[misc]
    path = ms.solvers.qre_path(game, points=[0.0, 1.0])
    assert repr(path) == "QREPath(2 points, lam in [0, 1])"
    assert path.to_dict()["lam"] == [0.0, 1.0]
    again = pickle.loads(pickle.dumps(path))
    np.testing.assert_array_equal(again.lam, path.lam)
    with pytest.raises(ValueError, match="read-only"):
        path.lam[0] = 1.0


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda g: ms.solvers.qre(g, lam=-1.0), "lam must be finite and >= 0"),
        (lambda g: ms.solvers.qre(g, lam=float("nan")), "lam must be finite"),
        (lambda g: ms.solvers.qre(g, lam="big"), "lam must be a non-negative real"),
        (lambda g: ms.solvers.qre(g, lam=1.0, max_iter=0), "max_iter"),
        (lambda g: ms.solvers.qre(g, lam=1.0, tol=-1), "tol"),
        (lambda g: ms.solvers.qre_path(g, points=[2.0, 1.0]), "sorted"),
        (lambda g: ms.solvers.qre_path(g, points=[]), "non-empty"),
        (lambda g: ms.solvers.qre_path(g, lam_max=-3.0), "lam_max"),
        (lambda g: ms.solvers.qre_path(g, points=[0.0, 1.0]).profile_at(5.0), "beyond"),
        (lambda g: ms.solvers.qre_path(g, points=[0.0, 1.0]).profile(7), "index"),
    ],
)
def test_bad_arguments_raise_invalid_argument_error(call, match):
    with pytest.raises(ms.InvalidArgumentError, match=match):
        call(ms.games.prisoners_dilemma())


def test_qre_rejects_a_non_game():
    with pytest.raises(ms.InvalidArgumentError, match="game"):
        ms.solvers.qre(np.zeros((2, 2, 2)), lam=1.0)  # type: ignore[arg-type]


def test_qre_reports_a_branch_that_cannot_be_followed_far_enough():
    with pytest.raises(ms.SolverError, match="max_iter"):
        ms.solvers.qre(ms.games.volunteers_dilemma(3), lam=1e6, max_iter=3)
