"""Exact rational checks of candidate equilibria (private helpers of :mod:`.all_nash`).

A float payoff is an exact rational, so the equilibrium conditions of a
rational profile can be decided exactly with :class:`fractions.Fraction`.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from fractions import Fraction

import numpy as np
from numpy.typing import NDArray

__all__ = ["exact_conditions", "exact_two_player", "solve_exact"]

FloatArray = NDArray[np.float64]
Support = tuple[tuple[int, ...], ...]

#: Largest support sub-tensor evaluated in exact rational arithmetic.
_MAX_EXACT_TERMS = 20_000


def exact_conditions(
    payoffs: FloatArray, support: Support, sigma: Mapping[int, Sequence[Fraction]]
) -> bool:
    """Whether the rational profile ``sigma`` (on ``support``) is an exact Nash equilibrium.

    Computed in Python integers: each float payoff is an integer times a
    power of two and each probability an integer over a common denominator,
    so player ``i``'s expected payoffs, scaled by one positive constant,
    are exact integers and compare exactly as the rationals would.
    """
    n = payoffs.shape[0]
    for probs in sigma.values():
        if any(p < 0 for p in probs) or sum(probs) != 1:
            return False
    den = math.lcm(*(p.denominator for probs in sigma.values() for p in probs))
    nums = {j: [p.numerator * (den // p.denominator) for p in probs] for j, probs in sigma.items()}
    for i in range(n):
        others = [j for j in range(n) if j != i]
        grids = [support[j] for j in others]
        if math.prod(len(g) for g in grids) * payoffs.shape[1 + i] > _MAX_EXACT_TERMS:
            return False
        weights = []
        for combo in itertools.product(*grids):
            w = 1
            for j, a in zip(others, combo, strict=True):
                if j in nums:
                    w *= nums[j][support[j].index(a)]
            if w:
                weights.append((combo, w))
        rows = []
        for k in range(payoffs.shape[1 + i]):
            row = []
            for combo, _ in weights:
                index = list(combo)
                index.insert(i, k)
                row.append(float(payoffs[(i, *index)]).as_integer_ratio())
            rows.append(row)
        scale = max((d for row in rows for _, d in row), default=1)  # a power of two
        values = [
            sum(num * (scale // d) * w for (num, d), (_, w) in zip(row, weights, strict=True))
            for row in rows
        ]
        best = max(values)
        if any(values[k] != best for k in support[i]):
            return False
    return True


def solve_exact(matrix: list[list[Fraction]], rhs: list[Fraction]) -> list[Fraction] | None:
    """Gaussian elimination over the rationals; None when the matrix is singular."""
    size = len(rhs)
    a = [[*row, b] for row, b in zip(matrix, rhs, strict=True)]
    for col in range(size):
        pivot = next((r for r in range(col, size) if a[r][col] != 0), None)
        if pivot is None:
            return None
        a[col], a[pivot] = a[pivot], a[col]
        for r in range(size):
            if r != col and a[r][col] != 0:
                factor = a[r][col] / a[col][col]
                a[r] = [x - factor * y for x, y in zip(a[r], a[col], strict=True)]
    return [a[r][size] / a[r][r] for r in range(size)]


def exact_two_player(payoffs: FloatArray, support: Support) -> dict[int, list[Fraction]] | None:
    """Exact solution of a two-player support system (square and nonsingular), else None."""
    active = [j for j in range(payoffs.shape[0]) if payoffs.shape[1 + j] > 1]
    p, q = active
    fixed = [0] * payoffs.shape[0]
    sigma: dict[int, list[Fraction]] = {}
    for me, other in ((p, q), (q, p)):
        rows, cols = support[me], support[other]
        if len(rows) != len(cols):
            return None
        matrix: list[list[Fraction]] = []
        for k in rows:
            row = []
            for l_ in cols:
                index = list(fixed)
                index[me], index[other] = k, l_
                row.append(Fraction(float(payoffs[(me, *index)])))
            matrix.append([*row, Fraction(-1)])
        matrix.append([Fraction(1)] * len(cols) + [Fraction(0)])
        rhs = [Fraction(0)] * len(rows) + [Fraction(1)]
        solved = solve_exact(matrix, rhs)
        if solved is None:
            return None
        sigma[other] = solved[:-1]
    return sigma
