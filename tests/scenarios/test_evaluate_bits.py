"""``Scenario.evaluate`` gives the dense textbook build's numbers, bit for bit.

The scenario engine builds lotteries outcome by outcome (outcomes a lottery
never reaches are left out), sums each set of outcomes a term weighs by once,
and adds each player's terms on the batch axes they vary along. The reference
here is the straightforward dense build it replaced (every lottery over every
outcome and profile, one broadcast copy of the expected payoffs, terms added in
place): Monte Carlo results must not move by a bit (tests/analysis/test_mc_kernel.py
compares them with the round-1 path), so this compares with ``np.array_equal``.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import mediation_sim as ms
from mediation_sim.scenarios._spec import condition_mask
from mediation_sim.scenarios.assumptions import sample_parameters

DATA = Path(__file__).parents[1] / "data" / "scenarios"
SCENARIOS = {
    "ukraine-2023": ms.scenarios.load("ukraine-2023"),
    "ukraine-2023-v0.1": ms.scenarios.load("ukraine-2023-v0.1"),
    "two_party_mediation": ms.scenarios.from_toml(DATA / "two_party_mediation.toml"),
    "bargaining_stage": ms.scenarios.from_toml(DATA / "bargaining_stage.toml"),
}


def _dense_reference(sc: Any, mode: str, **values: Any) -> tuple[np.ndarray, np.ndarray]:
    """Payoffs ``(*batch, n, *S)`` and probabilities ``(*batch, O, *S)``, the dense way."""
    spec = sc.spec
    params, batch = sc.resolve(**values)
    shape = tuple(len(p.strategies) for p in spec.players)
    ns = len(shape)
    outcome = {o.id: k for k, o in enumerate(spec.outcomes)}

    def per_profile(v: np.ndarray) -> np.ndarray:
        return v.reshape(v.shape + (1,) * ns)

    def mask(cond: Any) -> np.ndarray:
        return condition_mask(cond, spec.players)

    def lottery(name: str) -> np.ndarray:
        if name in outcome:
            certain = np.zeros((len(spec.outcomes), *shape))
            certain[outcome[name]] = 1.0
            return certain
        lot = spec.lotteries[name]
        out: Any = 0.0
        listed: Any = 0.0
        for prob in lot.probabilities:
            p: Any = per_profile(prob.base.evaluate(params))
            for coef, cond in prob.terms:
                p = p + per_profile(coef.evaluate(params)) * mask(cond)
            p = np.broadcast_to(p, np.broadcast_shapes(np.shape(p), shape))
            listed = listed + p
            out = out + np.expand_dims(p, axis=-1 - ns) * lottery(prob.outcome)
        rest = 1.0 - np.asarray(listed)
        return np.asarray(out + np.expand_dims(rest, axis=-1 - ns) * lottery(lot.remainder))

    rule_index = np.full(shape, -1, dtype=np.intp)
    for r, rule in enumerate(spec.rules):
        rule_index[condition_mask(rule.when, spec.players) & (rule_index < 0)] = r
    probs: Any = 0.0
    for r, rule in enumerate(spec.rules):
        where = rule_index == r
        if where.any():
            probs = probs + where * lottery(rule.lottery)
    probs = np.asarray(probs, dtype=np.float64)
    n_out, n = len(spec.outcomes), len(spec.players)
    u = [[spec.utilities[p.id][o.id].evaluate(params) for o in spec.outcomes] for p in spec.players]
    utilities = np.empty((*np.broadcast_shapes(*(np.shape(v) for row in u for v in row)), n, n_out))
    for i, row in enumerate(u):
        for j, v in enumerate(row):
            utilities[..., i, j] = v
    flat = probs.reshape((*probs.shape[: probs.ndim - ns - 1], n_out, math.prod(shape)))
    expected = np.matmul(utilities, flat)
    payoffs = np.broadcast_to(
        expected.reshape((*expected.shape[:-2], n, *shape)), (*batch, n, *shape)
    ).copy()
    by_outcome = np.moveaxis(probs, probs.ndim - ns - 1, 0)
    players = {p.id: i for i, p in enumerate(spec.players)}
    for term in spec.terms:
        weight: Any = mask(term.when)
        if term.outcomes is not None:
            weight = weight * by_outcome[[outcome[o] for o in term.outcomes]].sum(axis=0)
        player_payoffs = np.moveaxis(payoffs, payoffs.ndim - ns - 1, 0)[players[term.player]]
        player_payoffs += per_profile(term.value.evaluate(params)) * weight
    probs = np.broadcast_to(probs, (*batch, *probs.shape[probs.ndim - ns - 1 :]))
    # the mode's fixed players keep one strategy
    for axis, (player, labels) in enumerate(
        zip(spec.players, sc.strategy_labels(mode=mode), strict=True)
    ):
        keep = [player.strategies.index(x) for x in labels]
        payoffs = np.take(payoffs, keep, axis=axis - ns)
        probs = np.take(probs, keep, axis=axis - ns)
    return payoffs, probs


def _batches(sc: Any, seed: int) -> list[dict[str, Any]]:
    """A single point, a grid of the first parameter, and draws x its two ends."""
    first = next(iter(sc.parameters))
    lo, hi = sc.parameters[first].bounds
    full = sample_parameters(sc, 64, rng=np.random.default_rng(seed), within="bounds")
    draws = {k: v[:, None] for k, v in full.items() if k != first}
    return [{}, {first: np.linspace(lo, hi, 9)}, {**draws, first: np.array([[lo, hi]])}]


@pytest.mark.parametrize("name", sorted(SCENARIOS))
@pytest.mark.parametrize("seed", [0, 1])
def test_evaluate_is_the_dense_build_bit_for_bit(name, seed):
    sc = SCENARIOS[name]
    for mode in sc.modes:
        for values in _batches(sc, seed):
            payoffs, probs = sc.evaluate(mode=mode, **values)
            ref_payoffs, ref_probs = _dense_reference(sc, mode, **values)
            assert payoffs.shape == ref_payoffs.shape
            assert probs.shape == ref_probs.shape
            assert np.array_equal(payoffs, ref_payoffs)
            assert np.array_equal(probs, ref_probs)
            assert payoffs.flags.c_contiguous
            assert payoffs.flags.writeable
            assert probs.flags.c_contiguous
