r"""Best-response polytopes of a bimatrix game (private to the two-player solvers).

For a game with payoff matrices ``A`` (row player, ``m x n``) and ``B``
(column player), each player's payoffs are first mapped affinely onto
``[1, 2]`` (:func:`normalised_payoffs`); positive affine maps do not change
the equilibria, and positive payoffs make the polytopes below bounded. Then
(von Stengel 2007, section 3.3)

.. math::

    P = \{x \in \mathbb{R}^m : x \ge 0,\ B^\top x \le 1\}, \qquad
    Q = \{y \in \mathbb{R}^n : A y \le 1,\ y \ge 0\}.

Labels are ``0..m-1`` for the row player's strategies and ``m..m+n-1`` for
the column player's. A point ``x`` of ``P`` has label ``i`` when ``x_i = 0``
and label ``m + j`` when ``(B^T x)_j = 1`` (column ``j`` is a best response);
a point ``y`` of ``Q`` has label ``i`` when ``(A y)_i = 1`` and ``m + j`` when
``y_j = 0``. A pair ``(x, y) != (0, 0)`` is *completely labelled* (every label
appears at ``x`` or at ``y``) exactly when ``(x / sum(x), y / sum(y))`` is a
Nash equilibrium, and the extreme equilibria are the completely labelled
pairs of *vertices* -- in degenerate games too (Avis et al. 2010).

Every polytope here has the shape ``{z in R^d : z >= 0, C z <= 1}`` with
``C`` a positive ``c x d`` matrix: ``C = B^T`` for ``P`` and ``C = A`` for
``Q``. Two independent vertex enumerators share that shape:
:func:`vertices_by_qhull` (the facets of the polar polytope, by SciPy's
qhull) and :func:`vertices_by_bases` (every nonsingular square subsystem,
solved in batches: the computation of support enumeration).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.spatial import ConvexHull, QhullError

from ..games.normal_form import NormalFormGame

__all__ = [
    "LabelledVertices",
    "Tolerances",
    "best_response_polytopes",
    "combinations_array",
    "complete_pairs",
    "labelled_vertices",
    "normalised_payoffs",
    "pair_profiles",
    "polytope",
    "pure_strategy_ties",
    "solve_ones",
    "tolerances",
    "vertices_by_bases",
    "vertices_by_qhull",
    "well_conditioned",
]

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
IntArray = NDArray[np.intp]

#: Bases whose matrix has a condition number above this are treated as singular.
MAX_CONDITION = 1e12

#: Upper bound on the number of matrix entries gathered in one batch (memory bound).
CHUNK_ENTRIES = 1 << 21


def normalised_payoffs(game: NormalFormGame) -> tuple[FloatArray, FloatArray]:
    """Each player's payoff matrix mapped affinely onto ``[1, 2]`` (all ones if constant)."""
    u = game.payoffs
    flat = u.reshape(2, -1)
    lo = flat.min(axis=1)
    spread = flat.max(axis=1) - lo
    spread[spread <= 0] = np.inf  # a constant player's payoffs all become 1
    out = 1.0 + (u - lo[:, None, None]) / spread[:, None, None]
    return out[0], out[1]


@dataclass(frozen=True, slots=True)
class Tolerances:
    """Thresholds, in normalised payoff units, derived from a solver's relative ``tol``.

    Attributes
    ----------
    zero : float
        Coordinates at or below it are zero; constraints may be violated by
        at most this much (``tol / (4 (1 + m + n))``, at least 1e-13).
    tie : float
        A best-response constraint binds when its slack is at most this
        much (``tol``, at least 1e-12): two payoffs of a player that differ
        by at most ``tol`` times that player's own payoff range are tied
        (differences up to twice that may be, depending on the vertex; the
        verifier drops any resulting profile whose regret exceeds
        ``tol * payoff_range``). Relative to each player's own range, so the
        answer does not change when one player's payoffs are rescaled.
    """

    zero: float
    tie: float


def tolerances(game: NormalFormGame, tol: float) -> Tolerances:
    """The :class:`Tolerances` of ``game`` for the relative tolerance ``tol``."""
    m, n = game.shape
    return Tolerances(max(tol / (4.0 * (1 + m + n)), 1e-13), max(tol, 1e-12))


def combinations_array(n: int, k: int) -> IntArray:
    """All ``k``-subsets of ``range(n)`` as rows of an ``(C(n, k), k)`` index array."""
    flat = np.fromiter(
        itertools.chain.from_iterable(itertools.combinations(range(n), k)),
        dtype=np.intp,
        count=math.comb(n, k) * k,
    )
    return flat.reshape(-1, k)


def solve_ones(matrices: FloatArray) -> tuple[FloatArray, BoolArray]:
    """Solve ``M z = 1`` for a stack of square matrices; flag the singular ones.

    Returns ``(z, ok)``; rows of ``z`` where ``ok`` is False are NaN. One
    batched LAPACK call; only if a matrix is exactly singular (LAPACK
    refuses the whole batch) are the singular ones found by their LU
    determinant and skipped. Nearly singular matrices are left to
    :func:`well_conditioned`, applied to the few solutions that matter.
    """
    count, k, _ = matrices.shape
    rhs = np.ones((count, k, 1))
    try:
        z = np.asarray(np.linalg.solve(matrices, rhs)[..., 0], dtype=np.float64)
    except np.linalg.LinAlgError:
        sign, _ = np.linalg.slogdet(matrices)
        ok: BoolArray = sign != 0
        z = np.full((count, k), np.nan)
        if ok.any():
            z[ok] = np.linalg.solve(matrices[ok], rhs[ok])[..., 0]
        return z, ok
    return z, np.asarray(np.isfinite(z).all(axis=1))


def pure_strategy_ties(a: FloatArray, b: FloatArray, tols: Tolerances) -> bool:
    """Whether some pure strategy has two or more pure best responses (normalised payoffs).

    The same test as the labels of the vertex ``e_j / max_i a[i, j]`` of ``Q``
    (and of ``P``), so it agrees with :attr:`LabelledVertices.degenerate`.
    """
    col_best = a.max(axis=0, keepdims=True)  # row player's best payoff against each column
    row_best = b.max(axis=1, keepdims=True)  # column player's best payoff against each row
    ties_a = (a >= col_best * (1.0 - tols.tie)).sum(axis=0) > 1
    ties_b = (b >= row_best * (1.0 - tols.tie)).sum(axis=1) > 1
    return bool(ties_a.any() or ties_b.any())


def well_conditioned(matrices: FloatArray) -> BoolArray:
    """Whether each matrix of a stack has a condition number of at most :data:`MAX_CONDITION`."""
    if matrices.shape[0] == 0:
        return np.zeros(0, dtype=bool)
    sv = np.linalg.svd(matrices, compute_uv=False)
    return np.asarray(sv[:, -1] * MAX_CONDITION >= sv[:, 0])


@dataclass(frozen=True, slots=True)
class LabelledVertices:
    """The nonzero vertices of one best-response polytope with their labels.

    Attributes
    ----------
    points : ndarray, shape (V, d)
        Vertex coordinates (not normalised to sum 1), entries within the
        label tolerance of zero set to exactly zero.
    labels : ndarray of bool, shape (V, m + n)
        ``labels[v, l]`` is True when vertex ``v`` has label ``l``.
    dimension : int
        ``d``; a vertex with more than ``d`` labels makes the game degenerate.
    """

    points: FloatArray
    labels: BoolArray
    dimension: int

    @property
    def degenerate(self) -> bool:
        """Whether some vertex has more labels than the dimension."""
        return bool((self.labels.sum(axis=1) > self.dimension).any())


def labelled_vertices(
    constraints: FloatArray,
    points: FloatArray,
    *,
    eps: float,
    tie: float,
    zero_labels_first: bool,
) -> LabelledVertices:
    """Label candidate vertices of ``{z >= 0, C z <= 1}``, drop zero and duplicates.

    A coordinate at most ``eps`` is zero; a constraint with slack at most
    ``tie`` binds. ``zero_labels_first`` puts the labels of the coordinates
    ``z_i = 0`` before those of the binding constraints (True for ``P``,
    False for ``Q``).
    """
    c, d = constraints.shape
    zero = points <= eps
    nonzero = ~zero.all(axis=1)
    points = points[nonzero]  # a copy: safe to write into
    zero = zero[nonzero]
    points[zero] = 0.0
    labels = np.empty((points.shape[0], c + d), dtype=bool)
    if zero_labels_first:  # [zero coordinates | binding constraints]
        zero_part, bind_part = labels[:, :d], labels[:, d:]
    else:  # [binding constraints | zero coordinates]
        zero_part, bind_part = labels[:, c:], labels[:, :c]
    zero_part[...] = zero
    np.greater_equal(points @ constraints.T, 1.0 - tie, out=bind_part)
    if points.shape[0] > 1 and (np.count_nonzero(labels, axis=1) > d).any():
        # Degenerate polytope: a vertex lies on more than d facets and may have been
        # produced several times (by several bases, or by several triangles of one
        # qhull facet). A vertex is identified by its label set: merge equal sets.
        _, first = np.unique(_pack(labels), axis=0, return_index=True)
        first.sort()
        points = points[first]
        labels = labels[first]
    return LabelledVertices(points, labels, d)


def _interior_dual_points(constraints: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Interior point ``z0`` of the polytope and the polar (dual) points of its facets."""
    c, d = constraints.shape
    sums = constraints.sum(axis=1)
    step = 1.0 / (2.0 * float(sums.max()))
    dual = np.zeros((c + d, d))
    np.divide(constraints, (1.0 - step * sums)[:, None], out=dual[:c])  # slack >= 1/2
    dual[c:].flat[:: d + 1] = -1.0 / step
    return np.full(d, step), dual


def vertices_by_qhull(constraints: FloatArray) -> FloatArray:
    r"""All vertices of ``{z >= 0, C z <= 1}`` as the facets of the polar polytope.

    With ``z0`` an interior point, the polytope is ``{z0 + w : p_k . w <= 1}``
    with one dual point ``p_k`` per facet; each facet ``{p : v . p = 1}`` of
    the convex hull of the ``p_k`` gives the vertex ``z0 + v``. Raises
    :class:`scipy.spatial.QhullError` if qhull fails.
    """
    d = constraints.shape[1]
    if d == 1:
        return np.array([[0.0], [1.0 / float(constraints.max())]])
    z0, dual = _interior_dual_points(constraints)
    hull = ConvexHull(dual)
    eq = hull.equations
    return np.asarray(z0 - eq[:, :d] / eq[:, d:], dtype=np.float64)


def vertices_by_bases(constraints: FloatArray, eps: float) -> FloatArray:
    """All nonzero vertices of ``{z >= 0, C z <= 1}`` from its square subsystems.

    A nonzero vertex with support ``S`` (``|S| = k``) makes ``k`` linearly
    independent constraints ``C[R] z = 1`` binding, so it solves a
    nonsingular system ``C[R, S] z_S = 1``. Every such system, for every
    ``k``, is solved in batches (bounded memory); the feasible solutions
    of well-conditioned systems are the vertices (with repetitions, in
    degenerate polytopes).
    """
    c, d = constraints.shape
    found: list[FloatArray] = []
    for k in range(1, min(c, d) + 1):
        supports = combinations_array(d, k)
        rows = combinations_array(c, k)
        n_rows = rows.shape[0]
        total = supports.shape[0] * n_rows
        chunk = max(1, CHUNK_ENTRIES // (k * max(k, d)))
        for start in range(0, total, chunk):
            idx = np.arange(start, min(total, start + chunk))
            s = supports[idx // n_rows]
            r = rows[idx % n_rows]
            mats = constraints[r[:, :, None], s[:, None, :]]
            z, ok = solve_ones(mats)
            ok &= (z >= -eps).all(axis=1)
            full = np.zeros((idx.size, d))
            full[np.arange(idx.size)[:, None], s] = np.where(ok[:, None], z, 0.0)
            ok &= (full @ constraints.T <= 1.0 + eps).all(axis=1)
            sel = np.flatnonzero(ok)
            sel = sel[well_conditioned(mats[sel])]
            found.append(full[sel])
    if not found:
        return np.zeros((0, d))
    return np.concatenate(found)


def polytope(
    constraints: FloatArray,
    *,
    eps: float,
    tie: float,
    zero_labels_first: bool,
    method: str,
) -> LabelledVertices:
    """Labelled nonzero vertices of ``{z >= 0, C z <= 1}`` by ``"qhull"`` or ``"bases"``.

    ``"qhull"`` falls back to ``"bases"`` if qhull reports a precision
    failure (never observed on normalised payoffs, but qhull is a
    floating-point code).
    """
    if method == "qhull":
        try:
            points = vertices_by_qhull(constraints)
        except QhullError:  # pragma: no cover - defensive; see the docstring
            points = vertices_by_bases(constraints, eps)
    else:
        points = vertices_by_bases(constraints, eps)
    return labelled_vertices(
        constraints, points, eps=eps, tie=tie, zero_labels_first=zero_labels_first
    )


def best_response_polytopes(
    a: FloatArray, b: FloatArray, tols: Tolerances, *, method: str
) -> tuple[LabelledVertices, LabelledVertices]:
    """The labelled vertices of ``P`` (from ``B``) and ``Q`` (from ``A``)."""
    p = polytope(
        np.ascontiguousarray(b.T),
        eps=tols.zero,
        tie=tols.tie,
        zero_labels_first=True,
        method=method,
    )
    q = polytope(a, eps=tols.zero, tie=tols.tie, zero_labels_first=False, method=method)
    return p, q


def _pack(labels: BoolArray) -> NDArray[np.uint64]:
    """Label sets as rows of 64-bit words (bit ``l % 64`` of word ``l // 64`` is label ``l``)."""
    n_labels = labels.shape[1]
    words = -(-n_labels // 64)
    padded = np.zeros((labels.shape[0], words * 64), dtype=bool)
    padded[:, :n_labels] = labels
    packed = np.packbits(padded, axis=1, bitorder="little")
    return packed.view("<u8").astype(np.uint64, copy=False)


def complete_pairs(
    p_labels: BoolArray, q_labels: BoolArray, *, degenerate: bool
) -> tuple[IntArray, IntArray]:
    """Index pairs ``(i, j)`` such that vertex ``i`` of P and ``j`` of Q are completely labelled.

    In a nondegenerate game each vertex has exactly ``d`` labels, so its
    partner's label set is the exact complement: a sorted join of the
    label sets (``O(V log V)``), each coded as one integer when there are
    at most 63 labels and as packed 64-bit words otherwise. Otherwise every pair is tested by
    broadcasting a bitwise OR over the packed words (in row blocks, so
    memory stays bounded).
    """
    n_labels = p_labels.shape[1]
    empty = np.zeros(0, dtype=np.intp)
    if p_labels.shape[0] == 0 or q_labels.shape[0] == 0:
        return empty, empty
    if not degenerate and n_labels <= 63:
        # one integer per label set: the partner of P's vertex i has code ~code_i
        weights = np.left_shift(1, np.arange(n_labels, dtype=np.int64))
        wanted_code = (~p_labels).astype(np.int64) @ weights
        q_code = q_labels.astype(np.int64) @ weights
        by_code = np.argsort(q_code)
        at = np.minimum(np.searchsorted(q_code, wanted_code, sorter=by_code), q_code.size - 1)
        matched = np.flatnonzero(q_code[by_code[at]] == wanted_code)
        return matched.astype(np.intp), by_code[at[matched]].astype(np.intp)
    q_words = _pack(q_labels)
    if not degenerate:
        wanted = _pack(~p_labels)
        want: NDArray[np.integer[Any]]
        have: NDArray[np.integer[Any]]
        if wanted.shape[1] == 1:
            want, have = wanted[:, 0], q_words[:, 0]
        else:
            both = np.concatenate([wanted, q_words])
            _, codes = np.unique(both, axis=0, return_inverse=True)
            codes = codes.reshape(-1)
            want, have = codes[: wanted.shape[0]], codes[wanted.shape[0] :]
        order = np.argsort(have)
        pos = np.minimum(np.searchsorted(have, want, sorter=order), have.size - 1)
        ip = np.flatnonzero(have[order[pos]] == want)
        return ip.astype(np.intp), order[pos[ip]].astype(np.intp)
    p_words = _pack(p_labels)
    full = _pack(np.ones((1, n_labels), dtype=bool))[0]
    block = max(1, (1 << 22) // max(1, q_words.shape[0] * q_words.shape[1]))
    ips: list[IntArray] = []
    iqs: list[IntArray] = []
    for start in range(0, p_words.shape[0], block):
        union = p_words[start : start + block, None, :] | q_words[None, :, :]
        i, j = np.nonzero((union == full).all(axis=2))
        ips.append(i + start)
        iqs.append(j)
    return np.concatenate(ips).astype(np.intp), np.concatenate(iqs).astype(np.intp)


def pair_profiles(
    x_points: FloatArray, y_points: FloatArray
) -> list[tuple[FloatArray, FloatArray]]:
    """Normalise paired polytope points to mixed strategies, in a canonical order.

    Profiles with smaller supports come first (pure equilibria lead), then
    decreasing lexicographic order of the concatenated probability vectors.
    The verifier merges profiles closer than 1e-7, so when a degenerate game
    has two extreme equilibria that close, the one with the smaller support
    is kept.
    """
    if x_points.shape[0] == 0:
        return []
    x = x_points / x_points.sum(axis=1, keepdims=True)
    y = y_points / y_points.sum(axis=1, keepdims=True)
    flat = np.concatenate([x, y], axis=1)
    keys = -np.round(flat, 12).T[::-1]
    order = np.lexsort(np.vstack([keys, (flat > 0).sum(axis=1)]))
    return [(x[k], y[k]) for k in order]
