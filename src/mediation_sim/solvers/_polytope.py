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

import functools
import importlib
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
    "hull_equations",
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
    lo = np.minimum.reduce(flat, axis=1)
    spread = np.maximum.reduce(flat, axis=1) - lo
    spread[spread <= 0] = np.inf  # a constant player's payoffs all become 1
    out = u - lo[:, None, None]
    out /= spread[:, None, None]
    out += 1.0
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


#: Label sets of at most this many labels are also coded as one float64 integer each
#: (sums of distinct powers of two, exact below 2**53).
MAX_FLOAT_CODE_LABELS = 53


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
    degenerate : bool
        Whether some vertex has more than ``d`` labels.
    codes : ndarray of float64, shape (V,), or None
        Each label set as the integer ``sum(2**l)`` over its labels (exact in
        float64); None when there are more than :data:`MAX_FLOAT_CODE_LABELS`
        labels.
    """

    points: FloatArray
    labels: BoolArray
    dimension: int
    degenerate: bool
    codes: FloatArray | None


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
    False for ``Q``). Per-vertex counts and codes are matrix-vector
    products (a reduction along rows of a few entries costs more).
    """
    c, d = constraints.shape
    n_labels = c + d
    zero = points <= eps
    keep = (zero @ _ones(d) < d).nonzero()[0]  # the zero vertex has all d zero labels
    points = points.take(keep, axis=0)  # a copy: safe to write into
    zero = zero.take(keep, axis=0)
    np.putmask(points, zero, 0.0)
    bind = points @ constraints.T
    bind = np.greater_equal(bind, 1.0 - tie)
    labels = np.concatenate([zero, bind] if zero_labels_first else [bind, zero], axis=1)
    # one product gives each vertex's label count (and its code, for few labels)
    coded = n_labels <= MAX_FLOAT_CODE_LABELS
    counts_codes = labels @ _count_code_weights(n_labels, coded)
    degenerate = bool(keep.size) and float(np.maximum.reduce(counts_codes[:, 0])) > d
    codes = counts_codes[:, 1] if coded else None
    if degenerate and points.shape[0] > 1:
        # Degenerate polytope: a vertex lies on more than d facets and may have been
        # produced several times (by several bases, or by several triangles of one
        # qhull facet). A vertex is identified by its label set: merge equal sets.
        if codes is None:
            _, first = np.unique(_pack(labels), axis=0, return_index=True)
        else:
            _, first = np.unique(codes, return_index=True)
        first.sort()
        points = points[first]
        labels = labels[first]
        codes = None if codes is None else codes[first]
    return LabelledVertices(points, labels, d, degenerate, codes)


@functools.cache
def _ones(n: int) -> FloatArray:
    ones = np.ones(n)
    ones.flags.writeable = False
    return ones


@functools.cache
def _count_code_weights(n_labels: int, coded: bool) -> FloatArray:
    """Columns ``[1, ..., 1]`` (label count) and, if ``coded``, ``[2**0, 2**1, ...]`` (code)."""
    columns = [np.ones(n_labels)]
    if coded:
        columns.append(np.ldexp(1.0, np.arange(n_labels)))
    weights = np.stack(columns, axis=1)
    weights.flags.writeable = False
    return weights


def _interior_dual_points(constraints: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Interior point ``z0`` of the polytope and the polar (dual) points of its facets."""
    c, d = constraints.shape
    sums = np.add.reduce(constraints, axis=1)
    step = 0.5 / float(np.maximum.reduce(sums))
    dual = np.zeros((c + d, d))
    slack = sums * -step
    slack += 1.0  # at least 1/2
    np.divide(constraints, slack[:, None], out=dual[:c])
    dual[c:].flat[:: d + 1] = -1.0 / step
    return np.full(d, step), dual


def _scipy_qhull_class() -> Any:
    """The class behind ``ConvexHull`` (private to SciPy), or None if it is not there."""
    try:
        module = importlib.import_module("scipy.spatial._qhull")
    except ImportError:  # pragma: no cover - depends on the SciPy version
        return None
    return getattr(module, "_Qhull", None)


_QHULL_CLASS: Any = _scipy_qhull_class()


def _qhull_equations(points: FloatArray) -> FloatArray:
    """``ConvexHull(points).equations`` straight from SciPy's qhull wrapper (same options)."""
    points = np.ascontiguousarray(points, dtype=np.float64)  # as ConvexHull does
    options = b"Qx" if points.shape[1] >= 5 else b""
    qhull = _QHULL_CLASS(b"i", points, options, required_options=b"Qt")
    try:
        qhull.triangulate()
        return np.asarray(qhull.get_simplex_facet_array()[2], dtype=np.float64)
    finally:
        qhull.close()


@functools.cache
def _direct_qhull_works() -> bool:
    """Whether :func:`_qhull_equations` reproduces ``ConvexHull`` here (checked once).

    The probe is a cross-polytope with a repeated vertex and a point on a
    facet, in 3 and 6 dimensions (below and above the ``Qx`` threshold).
    """
    if _QHULL_CLASS is None:  # pragma: no cover - depends on the SciPy build
        return False
    for d in (3, 6):
        probe = np.concatenate([np.eye(d), -np.eye(d), np.eye(d)[:1], np.full((1, d), 1.0 / d)])
        try:
            same = np.array_equal(_qhull_equations(probe), ConvexHull(probe).equations)
        except (AttributeError, TypeError, ValueError, QhullError):  # pragma: no cover
            return False
        if not same:  # pragma: no cover - a changed private API: use ConvexHull
            return False
    return True


def hull_equations(points: FloatArray) -> FloatArray:
    """The facet equations of the convex hull of ``points``: ``ConvexHull(points).equations``.

    ``ConvexHull`` also computes the hull's volume and surface area, which
    costs about a sixth of the hull itself in 10 dimensions and is not
    needed here. So qhull is called through SciPy's own wrapper class
    with the options ``ConvexHull`` uses (``Qt``, plus ``Qx`` from 5
    dimensions on): the same facets, equations and precision errors. That
    class is private to SciPy; the first call checks that it still gives
    ``ConvexHull``'s equations on a probe, and otherwise ``ConvexHull`` is
    used. Raises :class:`scipy.spatial.QhullError` if qhull fails.
    """
    if _direct_qhull_works():
        return _qhull_equations(points)
    return np.asarray(ConvexHull(points).equations, dtype=np.float64)  # pragma: no cover


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
    eq = hull_equations(dual)
    vertices = eq[:, :d] / eq[:, d:]
    np.subtract(z0, vertices, out=vertices)
    return vertices


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
    padded = np.zeros((labels.shape[0], -(-n_labels // 64) * 64), dtype=bool)
    padded[:, :n_labels] = labels
    packed = np.packbits(padded, axis=1, bitorder="little")
    return packed.view("<u8").astype(np.uint64, copy=False)


def complete_pairs(
    p_labels: BoolArray,
    q_labels: BoolArray,
    *,
    degenerate: bool,
    p_codes: FloatArray | None = None,
    q_codes: FloatArray | None = None,
) -> tuple[IntArray, IntArray]:
    """Index pairs ``(i, j)`` such that vertex ``i`` of P and ``j`` of Q are completely labelled.

    In a nondegenerate game each vertex has exactly ``d`` labels, so its
    partner's label set is the exact complement: a sorted join of the
    label sets (``O(V log V)``), each coded as one number
    (:attr:`LabelledVertices.codes`, if given as ``p_codes`` and
    ``q_codes``) or as packed 64-bit words. Otherwise every pair is tested
    by broadcasting a bitwise OR over the packed words (in row blocks, so
    memory stays bounded).
    """
    n_labels = p_labels.shape[1]
    empty = np.zeros(0, dtype=np.intp)
    if p_labels.shape[0] == 0 or q_labels.shape[0] == 0:
        return empty, empty
    want: NDArray[Any]
    have: NDArray[Any]
    if not degenerate:
        if p_codes is not None and q_codes is not None:
            # the partner of P's vertex i has the code of the complement
            want = float(2**n_labels - 1) - p_codes
            have = q_codes
        else:
            wanted = _pack(~p_labels)
            q_words = _pack(q_labels)
            if wanted.shape[1] == 1:
                want, have = wanted[:, 0], q_words[:, 0]
            else:
                both = np.concatenate([wanted, q_words])
                _, codes = np.unique(both, axis=0, return_inverse=True)
                codes = codes.reshape(-1)
                want, have = codes[: wanted.shape[0]], codes[wanted.shape[0] :]
        order = np.argsort(have)
        pos = np.searchsorted(have, want, sorter=order)
        np.minimum(pos, have.size - 1, out=pos)
        matched = order[pos]
        ip = (have[matched] == want).nonzero()[0]
        return ip, matched[ip]
    p_words = _pack(p_labels)
    q_words = _pack(q_labels)
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
    m = x_points.shape[1]
    x_sums = np.add.reduce(x_points, axis=1, keepdims=True)
    y_sums = np.add.reduce(y_points, axis=1, keepdims=True)
    flat = np.concatenate([x_points / x_sums, y_points / y_sums], axis=1)
    x, y = flat[:, :m], flat[:, m:]
    # A handful of profiles: sorting Python lists costs less than building lexsort keys.
    supports = ((flat > 0) @ _ones(flat.shape[1])).tolist()
    keys = [
        (support, [-v for v in row])
        for support, row in zip(supports, flat.round(12).tolist(), strict=True)
    ]
    order = sorted(range(len(keys)), key=keys.__getitem__)
    return [(x[k], y[k]) for k in order]
