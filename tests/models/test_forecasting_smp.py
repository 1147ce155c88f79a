"""Tests for KTAB's Spatial Model of Politics (``models.forecasting.smp``)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import mediation_sim as ms
from mediation_sim._errors import InvalidArgumentError
from mediation_sim.models.forecasting import smp_forecast

# KTAB's deterministic reference run examples/smp/doc/20170530_ref-dummyData_3Dim.txt
# (github.com/KAPSARC/KTAB, MIT licence): the input dummyData_3Dim.csv (capability,
# then position and salience on three dimensions, on 0-100), KTAB's default options
# (Linear, Prop, Conditional, Deterministic, Mid, OneThird, SemiCommit, S2P2,
# InitOnlyInterp), and the printed history of positions (one decimal) and of the
# actors' winning probabilities (four decimals) over the 11 states.
KTAB_3DIM = [
    (102.543, 75.79, 49.53, 6.37, 5.91, 70.45, 28.15),
    (53.393, 82.72, 30.33, 73.50, 21.22, 64.00, 24.79),
    (129.643, 82.45, 48.47, 90.89, 13.55, 0.07, 34.62),
    (75.920, 62.52, 20.76, 50.82, 39.24, 62.33, 22.21),
    (63.224, 82.34, 40.96, 45.77, 25.43, 73.31, 22.59),
    (120.048, 84.48, 22.92, 33.70, 39.35, 88.11, 15.42),
    (54.178, 70.96, 31.75, 33.46, 27.93, 90.36, 26.03),
]
# rows: actor 0 dims 1-3, actor 1 dims 1-3, ...; columns: states 0..10
KTAB_3DIM_POSITIONS = [
    "75.8 79.5 80.6 80.6 78.5 78.5 78.5 78.5 78.6 78.6 78.6",
    "6.4 44.7 34.2 35.0 30.5 30.5 31.2 31.2 31.5 31.8 31.8",
    "70.5 72.0 75.9 76.1 74.0 74.0 74.0 74.0 74.0 74.1 74.1",
    "82.7 78.9 76.0 78.3 79.0 79.0 79.1 78.5 79.9 78.6 78.6",
    "73.5 56.3 27.5 30.5 30.6 30.6 30.9 31.2 34.4 31.8 31.8",
    "64.0 72.5 72.0 73.8 74.2 74.2 74.3 74.0 75.2 74.1 74.1",
    "82.5 82.5 82.5 82.5 82.5 82.5 82.5 82.5 82.5 82.5 82.5",
    "90.9 90.9 90.9 90.9 90.9 90.9 90.9 90.9 90.9 90.9 90.9",
    "0.1 0.1 0.1 0.1 0.1 0.1 0.1 0.1 0.1 0.1 0.1",
    "62.5 65.8 66.7 66.7 66.7 66.7 67.1 67.1 67.1 67.1 67.1",
    "50.8 50.8 50.2 50.2 50.2 50.2 50.1 50.1 50.1 50.1 50.1",
    "62.3 63.0 63.5 63.5 63.5 63.5 63.7 63.7 63.7 63.7 63.7",
    "82.3 79.5 81.5 78.3 78.5 78.5 78.6 80.5 78.6 78.6 78.6",
    "45.8 44.7 35.8 30.5 30.5 30.5 30.6 34.6 31.6 31.6 31.6",
    "73.3 72.0 79.1 73.8 74.0 74.0 74.1 75.9 74.0 74.1 74.1",
    "84.5 84.4 80.6 80.7 80.6 80.5 80.5 80.5 79.9 79.9 79.9",
    "33.7 34.1 34.2 34.3 34.7 34.6 34.6 34.6 34.4 34.4 34.4",
    "88.1 86.3 75.9 76.3 76.1 75.9 75.9 75.9 75.2 75.2 75.2",
    "71.0 75.6 76.0 77.4 77.4 80.5 78.5 78.5 78.7 78.7 78.6",
    "33.5 24.8 27.5 28.7 28.7 34.6 31.2 31.2 31.3 31.3 31.6",
    "90.4 72.0 72.0 73.0 73.0 75.9 74.0 74.0 74.1 74.1 74.1",
]
KTAB_3DIM_PROBABILITIES = [
    "0.0047 0.6059 0.3618 0.2234 0.2420 0.4040 0.4031 0.3546 0.4593 0.3962 0.3340",
    "0.0302 0.0509 0.3087 0.3684 0.2457 0.1811 0.1290 0.3546 0.2960 0.3962 0.3340",
    "0.0054 0.0096 0.0256 0.0158 0.0096 0.0339 0.0072 0.0571 0.0194 0.0074 0.0183",
    "0.1492 0.1406 0.1887 0.1674 0.0823 0.2564 0.0533 0.2768 0.1131 0.0507 0.0957",
    "0.6001 0.6059 0.1152 0.3684 0.2420 0.4040 0.0446 0.3115 0.4593 0.1730 0.1512",
    "0.1447 0.1217 0.3618 0.0649 0.3687 0.1246 0.3628 0.3115 0.2960 0.3530 0.4009",
    "0.0656 0.0713 0.3087 0.1602 0.0517 0.1246 0.4031 0.3546 0.1123 0.0198 0.1512",
]
# round 1, from the log's "Bargains involving actor" lines: whom each actor challenged
KTAB_3DIM_FIRST_TARGETS = [6, 0, 6, 0, 0, 1, 1]
KTAB_3DIM_RISK = [-0.500, -0.459, -0.499, -0.274, 1.000, -0.232, -0.430]


def _ktab_3dim() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    data = np.array(KTAB_3DIM)
    return data[:, [1, 3, 5]], data[:, 0], data[:, [2, 4, 6]] / 100.0


def test_ktab_reference_run_3dim() -> None:
    x, c, s = _ktab_3dim()
    f = smp_forecast(x, c, s, bounds=(0.0, 100.0))
    assert f.n_rounds == 10
    assert f.converged
    expected = np.array([[float(v) for v in row.split()] for row in KTAB_3DIM_POSITIONS])
    ours = f.path.transpose(1, 2, 0).reshape(21, 11)  # (actor * dim, state)
    assert np.abs(ours - expected).max() <= 0.05 + 1e-9
    probs = np.array([[float(v) for v in row.split()] for row in KTAB_3DIM_PROBABILITIES])
    assert pytest.approx(probs, abs=5.1e-5) == f.probabilities.T
    assert f.targets[0].tolist() == KTAB_3DIM_FIRST_TARGETS
    assert f.risk[0] == pytest.approx(KTAB_3DIM_RISK, abs=5.1e-4)


# KTAB's second deterministic reference run, examples/smp/doc/20170530_ref-SOE-Pol-Comp.txt:
# 13 actors (capability, then policy position and salience, competitive position and
# salience) from SOE-Pol-Comp.csv, KTAB's defaults, 27 rounds; the printed histories
# are in tests/data/ktab_smp_soe_reference.json.
KTAB_SOE = [
    (100.0, 30.0, 24.0, 20.0, 48.0),
    (60.2, 45.0, 44.7, 65.0, 41.3),
    (35.0, 30.0, 28.9, 15.0, 65.1),
    (35.0, 45.0, 20.6, 45.0, 49.4),
    (40.0, 50.0, 44.7, 65.0, 47.8),
    (20.0, 15.0, 32.0, 10.0, 32.0),
    (15.0, 20.0, 32.0, 15.0, 32.0),
    (25.0, 60.0, 43.9, 50.0, 50.1),
    (20.0, 30.0, 26.4, 15.0, 17.6),
    (35.0, 45.0, 35.9, 40.0, 46.6),
    (20.0, 50.0, 44.7, 50.0, 47.8),
    (20.0, 20.0, 47.4, 30.0, 40.6),
    (40.0, 15.0, 49.0, 60.0, 46.0),
]
SOE_REFERENCE = Path(__file__).parents[1] / "data" / "ktab_smp_soe_reference.json"


def test_ktab_reference_run_soe() -> None:
    data = np.array(KTAB_SOE)
    f = smp_forecast(data[:, [1, 3]], data[:, 0], data[:, [2, 4]] / 100.0, bounds=(0.0, 100.0))
    assert f.n_rounds == 27
    assert f.converged
    ref = json.loads(SOE_REFERENCE.read_text())
    expected = np.array(ref["positions"])
    assert np.abs(f.path.transpose(1, 2, 0).reshape(26, 28) - expected).max() <= 0.05 + 1e-9
    assert pytest.approx(np.array(ref["probabilities"]), abs=5.1e-5) == f.probabilities.T


def test_options_change_the_run_and_are_recorded() -> None:
    x, c, s = _ktab_3dim()
    base = smp_forecast(x, c, s, bounds=(0.0, 100.0), max_rounds=3)
    other = smp_forecast(
        x,
        c,
        s,
        bounds=(0.0, 100.0),
        max_rounds=3,
        victory="square",
        third_party="none",
        interpolation="s2pmax",
        big_r_adjust="full",
        big_r_range="max",
        rule="prop_cubic",
    )
    assert not np.allclose(base.path, other.path)
    assert other.parameters["interpolation"] == "s2pmax"
    assert base.n_rounds == 3
    assert not base.converged


def test_one_issue_result() -> None:
    f = smp_forecast(
        [10.0, 50.0, 90.0],
        [1.0, 3.0, 1.0],
        [0.5, 0.8, 0.5],
        names=["a", "b", "c"],
        bounds=(0.0, 100.0),
    )
    assert f.path.shape == (f.n_rounds + 1, 3)
    assert f.expected.shape == (f.n_rounds + 1,)
    assert isinstance(f.settlement, float)
    # every position ends near the strong centrist
    assert np.abs(f.positions - 50.0).max() < 1.0
    assert f.settlement == pytest.approx(f.expected[-1])
    assert f.challenges()[0] == (1, "a", "c")
    d = json.loads(json.dumps(f.to_dict()))
    assert d["names"] == ["a", "b", "c"]
    assert d["n_rounds"] == f.n_rounds
    assert "SMPForecast(settlement=" in repr(f)
    assert ms.models.forecasting.smp_forecast is smp_forecast


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"capabilities": [1.0, 0.0, 1.0]}, "capabilities"),
        ({"saliences": [0.5, 0.5, 1.5]}, "saliences"),
        ({"saliences": [0.5, 0.5]}, "saliences"),
        ({"positions": [[0.0], [1.0]]}, "capabilities"),
        ({"bounds": (0.0, 50.0)}, "bounds"),
        ({"rule": "plurality"}, "rule"),
        ({"interpolation": "s3p3"}, "interpolation"),
        ({"max_rounds": 0}, "max_rounds"),
        ({"min_delta_ratio": -1.0}, "min_delta_ratio"),
        ({"positions": [0.0, np.nan, 1.0]}, "finite"),
    ],
)
def test_bad_input(kwargs: dict[str, object], match: str) -> None:
    args: dict[str, object] = {
        "positions": [0.0, 60.0, 100.0],
        "capabilities": [1.0, 1.0, 1.0],
        "saliences": [0.5, 0.5, 0.5],
    }
    args.update(kwargs)
    with pytest.raises(InvalidArgumentError, match=match):
        smp_forecast(**args)  # type: ignore[arg-type]


_actors = st.integers(min_value=2, max_value=5).flatmap(
    lambda n: st.tuples(
        st.lists(st.floats(0.0, 100.0), min_size=n, max_size=n),
        st.lists(st.floats(0.5, 10.0), min_size=n, max_size=n),
        st.lists(st.floats(0.1, 1.0), min_size=n, max_size=n),
    )
)


@given(_actors)
def test_positions_stay_within_bounds(actors: tuple[list[float], ...]) -> None:
    x, c, s = actors
    f = smp_forecast(x, c, s, bounds=(0.0, 100.0), max_rounds=5)
    assert f.path.min() >= 0.0
    assert f.path.max() <= 100.0
    assert 0.0 <= f.settlement <= 100.0
    assert ((f.probabilities >= 0.0) & (f.probabilities <= 1.0)).all()


@given(st.floats(-5.0, 5.0), st.floats(0.1, 10.0), st.floats(0.05, 1.0))
def test_a_single_actor_never_moves(x: float, c: float, s: float) -> None:
    f = smp_forecast([x], [c], [s], max_rounds=4)
    assert f.path == pytest.approx(np.full_like(f.path, x), abs=1e-12)
    assert (f.targets == -1).all()
    assert f.settlement == pytest.approx(x)


@settings(max_examples=25)
@given(_actors, st.randoms(use_true_random=False))
def test_permuting_actors_permutes_the_result(actors: tuple[list[float], ...], rnd: object) -> None:
    x, c, s = (np.array(a) for a in actors)
    # exact ties (symmetric actors) are broken by index, as in KTAB: generic inputs only
    for a in (x, c, s):
        assume(np.unique(np.round(a, 2)).size == a.size)
    perm = np.arange(x.size)
    rnd.shuffle(perm)  # type: ignore[attr-defined]
    f = smp_forecast(x, c, s, bounds=(0.0, 100.0), max_rounds=3)
    g = smp_forecast(x[perm], c[perm], s[perm], bounds=(0.0, 100.0), max_rounds=3)
    assert g.path == pytest.approx(f.path[:, perm], abs=1e-9)
    # the winning probabilities merge positions closer than 0.1% of the scale into the
    # option of the lowest-numbered actor (as KTAB does); away from such near-ties
    # they permute too
    gaps = np.abs(f.path[:, :, None] - f.path[:, None, :])
    if not ((gaps > 0) & (gaps < 0.1)).any():
        assert g.probabilities == pytest.approx(f.probabilities[:, perm], abs=1e-9)
        assert g.settlement == pytest.approx(f.settlement, abs=1e-9)
