"""Tests for the BDM / Scholz expected-utility model (models.forecasting.bdm)."""

from __future__ import annotations

import json
import pickle

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mediation_sim as ms
from mediation_sim.models import forecasting as fc

# The EC car-emissions issue of Scholz, Calbert and Smith (2011), from Bueno de
# Mesquita (1994): positions on a 4-10 scale, capabilities, saliences (as fractions).
# Rows in the order of jmckib's port of Scholz et al.'s code, as kept in
# github.com/dmasad/bdm-scholz-expected-utility-model (Example.log); the CSV in
# github.com/dmasad/BDM_DecisionModel_Replication (ExampleActors.csv) carries the
# same ten rows with the labels of the first two swapped.
EC_NAMES = ["NL", "BE", "LU", "DE", "FR", "IT", "UK", "IE", "DK", "GR"]
EC_X = [4.0, 7.0, 4.0, 4.0, 10.0, 10.0, 10.0, 7.0, 4.0, 7.0]
EC_C = [0.08, 0.08, 0.03, 0.16, 0.16, 0.16, 0.16, 0.05, 0.05, 0.08]
EC_S = [0.8, 0.4, 0.2, 0.8, 0.6, 0.6, 0.9, 0.1, 1.0, 0.7]
BE, LU, DE, FR, IE = 1, 2, 3, 4, 7


def test_ec_weighted_mean_and_median_by_hand() -> None:
    # sum(c s x) = 500.3 and sum(c s) = 67.7 (in percent units)
    assert fc.weighted_mean(EC_X, EC_C, EC_S) == pytest.approx(500.3 / 67.7)
    # 7 beats 10 by 34.1 to 33.6 (in c*s units) and 4 by 42.9 to 24.8: the median is 7
    assert fc.weighted_median(EC_X, EC_C, EC_S) == 7.0


def test_ec_round_one_matches_the_port_of_scholz_code() -> None:
    # Example.log of jmckib's port (q = 1, the all-pairs denominator, offers by type):
    # Belgium compromises with France at -0.11483050347300794 vs 0.2432965945234421,
    # Luxembourg loses to Belgium (0.24550922248250817 vs 0.542246100211495),
    # Ireland loses to Luxembourg (0.5382377664333493 vs 0.6824778252511178).
    r = fc.risk_exponents(EC_X, EC_C, EC_S, probability="scholz_code")
    kw = {"risk": r, "probability": "scholz_code"}
    eu = fc.challenge_utilities(EC_X, EC_C, EC_S, **kw)  # type: ignore[arg-type]
    threat = fc.challenge_utilities(EC_X, EC_C, EC_S, view="target", **kw)  # type: ignore[arg-type]

    def seen_by(i: int, j: int) -> tuple[float, float]:
        # (E^i(U_ij), E^i(U_ji)): both with i's exponent
        return float(eu[i, j]), float(threat[j, i])

    assert seen_by(BE, FR) == pytest.approx((-0.11483050347300794, 0.2432965945234421), abs=1e-12)
    assert seen_by(LU, BE) == pytest.approx((0.24550922248250817, 0.542246100211495), abs=1e-12)
    assert seen_by(IE, LU) == pytest.approx((0.5382377664333493, 0.6824778252511178), abs=1e-12)

    res = fc.bdm_forecast(
        EC_X,
        EC_C,
        EC_S,
        names=EC_NAMES,
        probability="scholz_code",
        selection="by_type",
        max_iter=3,
    )
    assert [m for m in res.moves() if m[0] == 1] == [
        (1, "BE", "compromise", "FR"),
        (1, "LU", "confrontation", "BE"),
        (1, "IE", "confrontation", "LU"),
    ]
    assert res.path[1, BE] == pytest.approx(8.415932315426764, abs=1e-12)
    # the log's mean positions after rounds 1-3 (round 4 differs: the port ranks
    # compromises by a key of its own, see the module docstring)
    assert res.mean[1:4] == pytest.approx(
        [7.461314378277189, 7.552500865855845, 7.590144997451547], abs=1e-12
    )


def test_ec_default_reading_converges_to_a_consensus_near_the_median() -> None:
    res = fc.bdm_forecast(EC_X, EC_C, EC_S, names=EC_NAMES)
    assert res.converged
    assert res.n_iter == res.path.shape[0] - 1 == res.risk.shape[0]
    assert np.ptp(res.positions) < 0.02
    assert res.settlement == pytest.approx(6.9686, abs=1e-3)
    # the first round: Germany and Luxembourg (at 4) move towards the centre
    assert res.path[1, DE] > 4
    assert res.path[1, LU] > 4


def test_risk_exponents_span_half_to_two() -> None:
    r = fc.risk_exponents(EC_X, EC_C, EC_S)
    # R_i runs over [-1, 1] exactly, so r over [1/2, 2] with both ends attained
    assert r.min() == pytest.approx(0.5)
    assert r.max() == pytest.approx(2.0)


def test_risk_of_the_wrong_shape_is_named() -> None:
    with pytest.raises(ms.InvalidArgumentError, match="one exponent per actor"):
        fc.win_probabilities([0.0, 1.0, 2.0], [1.0] * 3, [1.0] * 3, risk=[1.0, 2.0])
    with pytest.raises(ms.InvalidArgumentError, match="finite and positive"):
        fc.challenge_utilities([0.0, 1.0], [1.0] * 2, [1.0] * 2, risk=[1.0, 0.0])


def test_equal_dangers_give_risk_neutral_actors() -> None:
    r = fc.risk_exponents([0.0, 1.0], [1.0, 1.0], [0.5, 0.5])
    assert r == pytest.approx([1.0, 1.0])


actor_count = st.integers(2, 6)


@st.composite
def issues(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n = draw(actor_count)
    x = np.array(draw(st.lists(st.integers(0, 10), min_size=n, max_size=n)), float)
    if np.ptp(x) == 0:
        x[0] += 1.0
    c = np.array(draw(st.lists(st.floats(0.05, 1.0), min_size=n, max_size=n)))
    s = np.array(draw(st.lists(st.floats(0.05, 1.0), min_size=n, max_size=n)))
    return x, c, s


@given(issues())
def test_pairwise_probabilities_are_complementary(issue: tuple[np.ndarray, ...]) -> None:
    x, c, s = issue
    p = fc.win_probabilities(x, c, s, risk=fc.risk_exponents(x, c, s))
    differ = x[:, None] != x[None, :]
    assert np.allclose((p + p.T)[differ], 1.0)
    assert np.all((p >= 0) & (p <= 1))
    assert np.all(p[~differ] == 0)


powers_of_two = st.integers(-3, 3).map(lambda k: 2.0**k)


@given(issues(), powers_of_two, powers_of_two)
def test_forecast_is_equivariant_under_rescaling(
    issue: tuple[np.ndarray, ...], scale: float, cap_scale: float
) -> None:
    # Powers of two keep the arithmetic exact, so even the discrete choices
    # (who takes whose offer) must agree round by round.
    x, c, s = issue
    base = fc.bdm_forecast(x, c, s, max_iter=20)
    moved = fc.bdm_forecast(scale * x, cap_scale * c, s, max_iter=20)
    assert moved.n_iter == base.n_iter
    assert np.allclose(moved.path, scale * base.path, rtol=1e-12, atol=0)
    assert np.array_equal(moved.kinds, base.kinds)
    assert np.allclose(moved.risk, base.risk, rtol=1e-12)


@given(issues(), st.integers(-20, 20))
def test_first_round_is_invariant_under_shifts(issue: tuple[np.ndarray, ...], shift: int) -> None:
    x, c, s = issue
    base = fc.bdm_forecast(x, c, s, max_iter=1)
    moved = fc.bdm_forecast(x + shift, c, s, max_iter=1)
    assert np.array_equal(moved.kinds, base.kinds)
    assert np.allclose(moved.path, base.path + shift, atol=1e-9)


@given(issues(), st.randoms(use_true_random=False))
def test_model_quantities_commute_with_relabelling_actors(
    issue: tuple[np.ndarray, ...], rnd: object
) -> None:
    x, c, s = issue
    perm = list(range(len(x)))
    rnd.shuffle(perm)  # type: ignore[attr-defined]
    r = fc.risk_exponents(x, c, s)
    assert np.allclose(fc.risk_exponents(x[perm], c[perm], s[perm]), r[perm])
    p = fc.win_probabilities(x, c, s, risk=r)
    p_perm = fc.win_probabilities(x[perm], c[perm], s[perm], risk=r[perm])
    assert np.allclose(p_perm, p[np.ix_(perm, perm)])
    e = fc.challenge_utilities(x, c, s, risk=r)
    e_perm = fc.challenge_utilities(x[perm], c[perm], s[perm], risk=r[perm])
    assert np.allclose(e_perm, e[np.ix_(perm, perm)])
    assert fc.weighted_mean(x[perm], c[perm], s[perm]) == pytest.approx(fc.weighted_mean(x, c, s))
    assert fc.weighted_median(x[perm], c[perm], s[perm]) == fc.weighted_median(x, c, s)


@given(st.lists(issues(), min_size=1, max_size=4), st.sampled_from(["median", "mean"]))
def test_batch_equals_one_issue_at_a_time(
    batch: list[tuple[np.ndarray, ...]], outcome: str
) -> None:
    n = len(batch[0][0])
    rows = [b for b in batch if len(b[0]) == n]
    x = np.stack([r[0] for r in rows])
    c = np.stack([r[1] for r in rows])
    s = np.stack([r[2] for r in rows])
    bounds = (float(x.min()), float(x.max()))
    if bounds[0] == bounds[1]:
        bounds = (bounds[0], bounds[0] + 1.0)
    out = fc.bdm_settlements(x, c, s, bounds=bounds, outcome=outcome, max_iter=30)
    one = [
        fc.bdm_forecast(*r, bounds=bounds, outcome=outcome, max_iter=30).settlement for r in rows
    ]
    assert np.allclose(out, one, atol=1e-12)


def test_status_quo_terms_change_expected_utility_as_the_formula_says() -> None:
    x, c, s = [0.0, 0.3, 1.0], [1.0, 1.0, 1.0], [1.0, 0.5, 1.0]
    e1 = fc.challenge_utilities(x, c, s, q=1.0)
    e0 = fc.challenge_utilities(x, c, s, q=0.0, t=1.0)
    # with r = 1: U_sq = 0 and U_b = 2 - 4 (0.5 - 0.25 (|x_a - mu| + |x_a - x_b|))
    mu = 0.3
    dm = np.abs(np.array(x) - mu)[:, None] + np.abs(np.subtract.outer(x, x))
    ub = 2 - 4 * (0.5 - 0.25 * dm)
    expected = e1 - ub
    np.fill_diagonal(expected, 0.0)
    assert np.allclose(e0, expected)


def test_result_round_trips_and_reports() -> None:
    res = fc.bdm_forecast(EC_X, EC_C, EC_S, names=EC_NAMES, max_iter=5)
    d = json.loads(json.dumps(res.to_dict()))
    assert d["names"] == EC_NAMES
    assert d["n_iter"] == 5
    assert not d["converged"]
    assert np.allclose(d["path"], res.path)
    assert pickle.loads(pickle.dumps(res)).settlement == res.settlement
    assert repr(res).startswith("BDMForecast(median=")
    assert "not converged" in repr(res)
    assert "<table>" in res._repr_html_()
    with pytest.raises(AttributeError):
        res.settlement = 0.0  # type: ignore[misc]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"capabilities": [1.0, -1.0]}, "capabilities must be >= 0"),
        ({"saliences": [1.0, 1.5]}, r"saliences must lie in \[0, 1\]"),
        ({"positions": [0.0, np.nan]}, "positions must be finite"),
        ({"positions": [0.0, 0.0]}, "same position"),
        ({"positions": [0.0], "capabilities": [1.0], "saliences": [1.0]}, "at least 2 actors"),
        ({"capabilities": [1.0, 1.0, 1.0]}, "do not broadcast"),
        ({"saliences": [0.0, 0.0]}, "positive capability and salience"),
        ({"probability": "bayes"}, "probability must be one of"),
        ({"outcome": "mode"}, "outcome must be one of"),
        ({"bounds": (0.5, 2.0)}, "within bounds"),
        ({"names": ["a", "a"]}, "distinct"),
        ({"q": 1.5}, "q must lie in"),
        ({"max_iter": 0}, "max_iter"),
        ({"positions": [[0.0, 1.0]]}, "one issue"),
    ],
)
def test_bad_input_is_named(kwargs: dict[str, object], match: str) -> None:
    args: dict[str, object] = {"positions": [0.0, 1.0], "capabilities": [1.0, 1.0]}
    args["saliences"] = [0.5, 0.5]
    args.update(kwargs)
    with pytest.raises(ms.InvalidArgumentError, match=match):
        fc.bdm_forecast(**args)  # type: ignore[arg-type]


@given(issues(), st.sampled_from([1.0, 0.5, 0.0]), st.sampled_from([1.0, 0.3]))
def test_first_round_moves_follow_the_offer_rules(
    issue: tuple[np.ndarray, ...], q: float, t: float
) -> None:
    # An independent, loop-based reading of step 6 from the public building blocks.
    x, c, s = issue
    kw = {"q": q, "t": t}
    r = fc.risk_exponents(x, c, s, **kw)  # type: ignore[arg-type]
    a = fc.challenge_utilities(x, c, s, risk=r, **kw)  # type: ignore[arg-type]
    seen = fc.challenge_utilities(x, c, s, risk=r, view="target", **kw)  # type: ignore[arg-type]
    expected = x.copy()
    for i in range(len(x)):
        best = None
        for j in range(len(x)):
            if x[i] == x[j]:
                continue
            eu_ij, eu_ji = a[i, j], seen[j, i]
            if eu_ji > eu_ij > 0 or (eu_ji > 0 > eu_ij and eu_ji <= -eu_ij):
                target = x[j]
            elif eu_ji > 0 > eu_ij:
                target = x[i] + (x[j] - x[i]) * (-eu_ij / eu_ji)
            else:
                continue
            if best is None or abs(target - x[i]) < abs(best - x[i]):
                best = target
        if best is not None:
            expected[i] = best
    res = fc.bdm_forecast(x, c, s, max_iter=1, **kw)  # type: ignore[arg-type]
    assert np.allclose(res.path[1], expected, atol=1e-12)
