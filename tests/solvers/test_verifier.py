"""The shared verifier (finalise): batch path and per-profile fallback."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


def _reference_finalise(game, output, tol):
    """The verifier's de-duplication written out plainly: one candidate at a time, in order."""
    from mediation_sim.games.normal_form import game_frame
    from mediation_sim.solvers._core import _candidates

    frame = game_frame(game)
    candidates, flats, regrets = _candidates(game, output.profiles)
    kept, kept_flat, kept_regrets = [], np.empty((0, sum(game.shape))), []
    rejected, worst = 0, 0.0
    for profile, flat, r in zip(candidates, flats, regrets, strict=True):
        if not output.distinct and kept and np.abs(kept_flat - flat).max(axis=1).min() <= 1e-7:
            continue
        if r <= frame.bound(tol):
            kept.append(profile)
            kept_flat = np.vstack([kept_flat, flat])
            kept_regrets.append(frame.to_payoff_units(r))
        else:
            rejected += 1
            worst = max(worst, frame.to_payoff_units(r))
    return kept, rejected, worst, max(kept_regrets, default=0.0)


@st.composite
def _candidate_lists(draw):
    """A small game and candidates drawn around a few base profiles (offsets near 1e-7)."""
    shape = draw(st.sampled_from([(2, 2), (3, 2), (2, 2, 2)]))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    payoffs = rng.integers(0, 4, size=(len(shape), *shape)).astype(float)
    simple = [0.0, 0.25, 0.5, 1.0]
    bases = []
    for _ in range(draw(st.integers(1, 4))):
        profile = []
        for s in shape:
            v = np.array([draw(st.sampled_from(simple)) for _ in range(s)]) + 1e-3
            profile.append(v / v.sum())
        bases.append(profile)
    offsets = st.sampled_from([0.0, 3e-8, 1e-7, 1.0000001e-7, 2e-7, 1e-4])
    candidates = []
    for _ in range(draw(st.integers(0, 12))):
        base = bases[draw(st.integers(0, len(bases) - 1))]
        profile = [v.copy() for v in base]
        j = draw(st.integers(0, len(shape) - 1))
        eps = draw(offsets)
        profile[j][0] += eps
        profile[j][1] -= eps
        candidates.append(profile)
    return ms.NormalFormGame(payoffs), candidates


@settings(max_examples=200, deadline=None)
@given(case=_candidate_lists(), tol=st.sampled_from([1e-8, 0.05, 0.3]), matrix=st.booleans())
def test_deduplication_matches_a_one_by_one_reference(case, tol, matrix):
    # Both ways of finding duplicates (one distance matrix, or one row per candidate
    # for many candidates) keep the same candidates, in the same order, as the
    # plain loop, and reject and report the same ones.
    from mediation_sim.solvers import _core

    game, candidates = case
    output = SolverOutput(candidates)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_core, "_DEDUP_MATRIX", 1 << 16 if matrix else 0)
        res = _core.finalise(game, output, method="demo", parameters={}, tol=tol)
    kept, rejected, worst, max_regret = _reference_finalise(game, output, tol)
    assert len(res.equilibria) == len(kept)
    for got, want in zip(res.equilibria, kept, strict=True):
        assert all(
            np.array_equal(a, b) for a, b in zip(got.probabilities, want.probabilities, strict=True)
        )
    assert res.n_rejected == rejected
    assert res.max_regret == max_regret
    if rejected:
        assert f"(largest regret {worst:.3g} >" in res.message
    assert res.message.startswith(f"{len(kept)} equilibri" if kept else "no equilibrium found.")
