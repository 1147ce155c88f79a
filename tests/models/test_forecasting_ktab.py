"""Tests for KTAB's votes, coalitions, victory probabilities and Condorcet elections."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mediation_sim as ms
from mediation_sim.models.forecasting import ktab

# KTAB's reference run KTAB/kmodel/20170530_ref-demomodel.txt ("demoPCE", VPModel
# Square), from github.com/KAPSARC/KTAB (MIT licence): coalition matrices as printed
# (3 decimals) and the printed results (4 decimals).
KTAB_C2 = [[0.0, 51.212], [19.714, 0.0]]
KTAB_C3 = [[0.0, 12.099, 54.921], [10.333, 0.0, 27.079], [5.007, 55.047, 0.0]]
KTAB_CASES = [
    pytest.param(KTAB_C2, "markov_uniform", [0.8709, 0.1291], id="ktab_ref-2opt-markov_uniform"),
    pytest.param(KTAB_C2, "markov_incentive", [0.8709, 0.1291], id="ktab_ref-2opt-markov_incent"),
    pytest.param(KTAB_C2, "conditional", [0.8709, 0.1291], id="ktab_ref-2opt-conditional"),
    pytest.param(
        KTAB_C3, "markov_uniform", [0.6351, 0.2148, 0.1501], id="ktab_ref-3opt-markov_uniform"
    ),
    pytest.param(
        KTAB_C3, "markov_incentive", [0.5094, 0.2796, 0.2110], id="ktab_ref-3opt-markov_incent"
    ),
    pytest.param(KTAB_C3, "conditional", [0.8659, 0.1241, 0.0100], id="ktab_ref-3opt-conditional"),
]


@pytest.mark.parametrize(("strengths", "model", "expected"), KTAB_CASES)
def test_ktab_reference_run(
    strengths: list[list[float]], model: str, expected: list[float]
) -> None:
    p = ktab.condorcet_probabilities(strengths, victory="square", model=model)  # type: ignore[arg-type]
    assert p == pytest.approx(expected, abs=6e-5)


def test_ktab_reference_victory_matrix() -> None:
    pv = ktab.victory_probabilities(KTAB_C3, model="square")
    expected = [[0.5, 0.5782, 0.9918], [0.4218, 0.5, 0.1948], [0.0082, 0.8052, 0.5]]
    assert pv == pytest.approx(np.array(expected), abs=6e-5)


@pytest.mark.parametrize(
    ("model", "expected"),
    [
        ("linear", 0.6),
        ("square", 9 / 13),
        ("quartic", 81 / 97),
        ("octic", 6561 / 6817),
        ("binary", 1.0),  # 3 >= 1.1 * 2: certain victory
    ],
)
def test_victory_models_by_hand(model: str, expected: float) -> None:
    pv = ktab.victory_probabilities([[0.0, 3.0], [2.0, 0.0]], model=model)  # type: ignore[arg-type]
    assert pv[0, 1] == pytest.approx(expected, abs=1e-5)
    assert pv[1, 0] == pytest.approx(1 - expected, abs=1e-5)


def test_binary_victory_interpolates_inside_ten_percent() -> None:
    # C = (1.05, 1): ratio r = 1.05/2.05, p = (r * 2.1 - 1) / 0.1
    pv = ktab.victory_probabilities([[0.0, 1.05], [1.0, 0.0]], model="binary")
    assert pv[0, 1] == pytest.approx((1.05 / 2.05 * 2.1 - 1) / 0.1)
    even = ktab.victory_probabilities([[0.0, 1.0], [1.0, 0.0]], model="binary")
    assert even[0, 1] == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ("proportional", [0.6, -0.6]),
        ("binary", [2.0, -2.0]),
        ("prop_bin", [0.8 * 0.6 + 0.4, -(0.8 * 0.6 + 0.4)]),
        ("cubic", [2 * 0.027, -2 * 0.027]),
        ("prop_cubic", [2 * (0.15 + 0.0135), -2 * (0.15 + 0.0135)]),
        ("asym_prospect", [0.4, -0.6]),
    ],
)
def test_voting_rules_by_hand(rule: str, expected: list[float]) -> None:
    v = ktab.votes([2.0, 2.0], [0.5, 0.2], [0.2, 0.5], rule=rule)  # type: ignore[arg-type]
    assert v == pytest.approx(expected)


@st.composite
def elections(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    n = draw(st.integers(1, 5))
    m = draw(st.integers(2, 5))
    w = np.array(draw(st.lists(st.floats(0.1, 10.0), min_size=n, max_size=n)))
    # utilities on a grid so that every pair of options differs for someone
    u = np.array(draw(st.lists(st.floats(0.0, 1.0), min_size=n * m, max_size=n * m))).reshape(n, m)
    u[0] = np.linspace(0.0, 1.0, m)  # actor 0 ranks all options strictly
    return w, u


def _ktab_iteration(c: np.ndarray, pv: np.ndarray, model: str) -> np.ndarray:
    """KTAB's own damped fixed-point iterations, as an independent oracle."""
    m = len(pv)
    p = np.full(m, 1.0 / m)
    if model == "markov_incentive":
        inc = c * pv + np.eye(m) * 1e-10
        chl = inc / inc.sum(axis=0, keepdims=True)
    for _ in range(100_000):
        if model == "markov_uniform":
            q = np.array([sum(pv[i, j] * (p[i] + p[j]) for j in range(m)) / m for i in range(m)])
        else:
            ct = p[:, None] * chl.T
            q = np.array(
                [sum(pv[i, j] * (ct[i, j] + ct[j, i]) for j in range(m)) for i in range(m)]
            )
        change = np.abs(q - p).max()
        p = (p + q) / 2
        if change < 1e-12:
            break
    return p


@given(
    elections(),
    st.sampled_from(["linear", "square", "quartic", "octic"]),
    st.sampled_from(["markov_uniform", "markov_incentive"]),
)
def test_stationary_solve_agrees_with_ktab_iteration(
    election: tuple[np.ndarray, np.ndarray], victory: str, model: str
) -> None:
    w, u = election
    res = ktab.condorcet_election(w, u, victory=victory, model=model)  # type: ignore[arg-type]
    oracle = _ktab_iteration(res.strengths, res.victory, model)
    assert res.probabilities == pytest.approx(oracle, abs=1e-7)


@given(
    elections(),
    st.sampled_from(ktab.VOTING_RULES),
    st.sampled_from(ktab.VICTORY_MODELS),
    st.sampled_from(ktab.PCE_MODELS),
    st.floats(0.1, 10.0),
    st.randoms(use_true_random=False),
)
def test_election_is_a_distribution_invariant_to_weight_scale_and_relabelling(
    election: tuple[np.ndarray, np.ndarray],
    rule: str,
    victory: str,
    model: str,
    scale: float,
    rnd: object,
) -> None:
    w, u = election
    kw = {"rule": rule, "victory": victory, "model": model}
    res = ktab.condorcet_election(w, u, **kw)  # type: ignore[arg-type]
    p = res.probabilities
    assert np.all(p >= 0)
    assert p.sum() == pytest.approx(1.0)
    assert np.allclose(res.victory + res.victory.T, 1.0)
    scaled = ktab.condorcet_election(scale * w, u, **kw)  # type: ignore[arg-type]
    assert scaled.probabilities == pytest.approx(p, abs=1e-6)
    perm = list(range(u.shape[1]))
    rnd.shuffle(perm)  # type: ignore[attr-defined]
    moved = ktab.condorcet_election(w, u[:, perm], **kw)  # type: ignore[arg-type]
    assert moved.probabilities == pytest.approx(p[perm], abs=1e-6)


def test_a_unanimous_favourite_wins_every_election() -> None:
    u = np.array([[1.0, 0.2, 0.0], [0.9, 0.0, 0.5]])
    for model in ktab.PCE_MODELS:
        res = ktab.condorcet_election([1.0, 3.0], u, model=model)  # type: ignore[arg-type]
        # no coalition ever forms against option 0, so it beats every rival for sure
        assert res.victory[0, 1:] == pytest.approx(1.0)
        assert res.probabilities[0] == pytest.approx(1.0, abs=1e-9)


def test_batched_strengths_match_one_by_one() -> None:
    rng = np.random.default_rng(1)
    w = rng.uniform(0.5, 2.0, size=(4, 3))
    u = rng.uniform(0.0, 1.0, size=(4, 3, 4))
    c = ktab.coalition_strengths(w, u)
    for model in ktab.PCE_MODELS:
        batch = ktab.condorcet_probabilities(c, model=model)  # type: ignore[arg-type]
        one = [ktab.condorcet_probabilities(ci, model=model) for ci in c]  # type: ignore[arg-type]
        assert np.allclose(batch, one)


def test_result_round_trips() -> None:
    res = ktab.condorcet_election([1.0, 2.0], [[1.0, 0.0], [0.25, 1.0]])
    d = json.loads(json.dumps(res.to_dict()))
    assert d["parameters"] == {
        "rule": "proportional",
        "victory_model": "linear",
        "model": "conditional",
    }
    assert np.allclose(d["probabilities"], [0.4, 0.6])
    assert repr(res) == "CondorcetElection(probabilities=[0.4, 0.6], winner=1)"


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: ktab.votes([0.0], [1.0], [0.0]), "weights must be positive"),
        (lambda: ktab.votes([1.0], [1.0], [0.0], rule="plurality"), "rule must be one of"),
        (lambda: ktab.victory_probabilities([[0, 1], [1, 0]], model="cubic"), "model must be one"),
        (lambda: ktab.victory_probabilities([[0, 0], [0, 0]]), "positive strength"),
        (lambda: ktab.victory_probabilities([[0, -1], [1, 0]]), "non-negative"),
        (lambda: ktab.victory_probabilities([[0, 1, 2]]), "square"),
        (lambda: ktab.coalition_strengths([1.0, 1.0], [[1.0, 0.0]]), "1 actors"),
        (lambda: ktab.condorcet_election([1.0], [[np.nan, 0.0]]), "finite"),
        (lambda: ktab.condorcet_probabilities(KTAB_C2, model="borda"), "model must be one"),
        (lambda: ktab.votes([1.0, 1.0], [1.0, 0.0, 0.5], [0.0]), "do not broadcast"),
        (
            lambda: ktab.coalition_strengths(np.ones((2, 3)), np.ones((4, 3, 2))),
            "do not broadcast",
        ),
    ],
)
def test_bad_input_is_named(call: object, match: str) -> None:
    with pytest.raises(ms.InvalidArgumentError, match=match):
        call()  # type: ignore[operator]


def test_spatial_election_by_hand() -> None:
    # weights 1, 1, 1.5 at 0, 0.5, 1: C = [[0, .5, 1], [1.25, 0, 1], [1.5, .75, 0]]
    el = ktab.spatial_election([0.0, 0.5, 1.0], [1.0, 1.0, 1.5], [1.0, 1.0, 1.0])
    assert el.strengths == pytest.approx(np.array([[0, 0.5, 1], [1.25, 0, 1], [1.5, 0.75, 0]]))
    raw = np.array(
        [0.5 * 0.25 / 1.8125 * 1 / 3.25, 0.5 * 1.5625 / 1.8125 * 0.64, 0.5 * 2.25 / 3.25 * 0.36]
    )
    assert el.probabilities == pytest.approx(raw / raw.sum())
    assert el.expected_option == pytest.approx(el.probabilities @ [0.0, 0.5, 1.0])
    assert el.to_dict()["options"] == [0.0, 0.5, 1.0]


def test_spatial_election_merges_shared_positions_and_skips_weightless_actors() -> None:
    merged = ktab.spatial_election([0.0, 0.0, 1.0], [1.0, 2.0, 2.5], [1.0, 1.0, 1.0])
    single = ktab.spatial_election([0.0, 1.0], [3.0, 2.5], [1.0, 1.0])
    assert merged.options.tolist() == [0.0, 1.0]
    assert merged.probabilities == pytest.approx(single.probabilities)
    silent = ktab.spatial_election([0.0, 0.4, 1.0], [1.0, 5.0, 1.0], [1.0, 0.0, 1.0])
    assert silent.options.tolist() == [0.0, 0.4, 1.0]  # still an option, but casts no vote
    with pytest.raises(ms.InvalidArgumentError, match="option positions"):
        _ = ktab.condorcet_election([1.0], [[1.0, 0.0]]).expected_option
