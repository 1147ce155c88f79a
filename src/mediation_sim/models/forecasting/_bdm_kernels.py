"""Array kernels of the BDM / Scholz model (private): every step batched over a leading axis.

The formulas, and the readings chosen where public versions disagree, are
documented in :mod:`mediation_sim.models.forecasting.bdm`, which checks all
inputs before calling these.
"""

from __future__ import annotations

from typing import Any, Literal, TypeAlias

import numpy as np

from ._actors import FloatArray

IntArray: TypeAlias = np.ndarray[Any, np.dtype[np.int64]]
Probability = Literal["pairwise", "scholz_code"]
Selection = Literal["least_move", "by_type"]


# ---------------------------------------------------------------- kernels (batched over "...")


def _distances(x: FloatArray, span: FloatArray) -> FloatArray:
    """``|x_a - x_b| / R`` as ``(..., n, n)``."""
    d: FloatArray = np.abs(x[..., :, None] - x[..., None, :]) / span[..., None, None]
    return d


def _votes(x: FloatArray, w: FloatArray, r: FloatArray | None, span: FloatArray) -> FloatArray:
    """``V[..., k, a, b]``: voter ``k``'s vote for ``a`` against ``b`` (``r=None``: all 1)."""
    dr = _distances(x, span)  # (..., k, a): voter k's distance to a
    if r is not None:
        dr = dr ** r[..., :, None]
    v: FloatArray = w[..., :, None, None] * (dr[..., :, None, :] - dr[..., :, :, None])
    return v


def _probabilities(
    x: FloatArray, w: FloatArray, r: FloatArray | None, span: FloatArray, rule: Probability
) -> FloatArray:
    v = _votes(x, w, r, span)
    top = np.maximum(v, 0.0).sum(axis=-3)
    absv = np.abs(v)
    if rule == "pairwise":
        bottom = absv.sum(axis=-3)
    else:
        bottom = np.broadcast_to(absv.sum(axis=(-3, -2, -1))[..., None, None], top.shape)
    with np.errstate(invalid="ignore", divide="ignore"):
        p: FloatArray = np.where(bottom > 0, top / np.where(bottom > 0, bottom, 1.0), 0.0)
    same = x[..., :, None] == x[..., None, :]
    return np.where(same, 0.0, p)


def _median(x: FloatArray, w: FloatArray) -> FloatArray:
    cost = (w[..., None, :] * np.abs(x[..., None, :] - x[..., :, None])).sum(axis=-1)
    best = cost.min(axis=-1, keepdims=True)
    tie = cost <= best + 1e-12 * np.maximum(1.0, np.abs(best))
    m: FloatArray = np.where(tie, x, np.inf).min(axis=-1)
    return m


def _mean(x: FloatArray, w: FloatArray) -> FloatArray:
    m: FloatArray = (w * x).sum(axis=-1) / w.sum(axis=-1)
    return m


def _utility(base: FloatArray, r: FloatArray | None) -> FloatArray:
    """``2 - 4 max(base, 0)^r``; ``r=None`` means every exponent is 1."""
    b = np.maximum(base, 0.0)
    u: FloatArray = 2.0 - 4.0 * (b if r is None else b**r)
    return u


def _eu(
    x: FloatArray,
    s: FloatArray,
    p: FloatArray,
    r_view: FloatArray | None,
    span: FloatArray,
    mu: FloatArray,
    q: float,
    t: float,
) -> FloatArray:
    """``E[..., a, b]``: a's expected utility of challenging b, seen with exponents ``r_view``.

    ``r_view`` broadcasts against ``(..., a, b)``; ``None`` means all ones.
    """
    d = _distances(x, span)
    us = _utility(0.5 - 0.5 * d, r_view)
    uf = _utility(0.5 + 0.5 * d, r_view)
    usq = _utility(np.asarray(0.5), r_view)
    eu = s[..., None, :] * (p * us + (1.0 - p) * uf) + (1.0 - s[..., None, :]) * us - q * usq
    if q < 1.0:
        dm = np.abs(x - mu[..., None])[..., :, None] / span[..., None, None] + d
        ub = _utility(0.5 - 0.25 * dm, r_view)
        uw = _utility(0.5 + 0.25 * dm, r_view)
        eu = eu - (1.0 - q) * (t * ub + (1.0 - t) * uw)
    return eu


def _seen_by_i(
    x: FloatArray,
    s: FloatArray,
    p: FloatArray,
    r: FloatArray,
    span: FloatArray,
    mu: FloatArray,
    q: float,
    t: float,
) -> tuple[FloatArray, FloatArray]:
    """``A[i, j] = E^i(U_ij)`` and ``B[i, j] = E^i(U_ji)``, both with ``r_i``.

    The distance is symmetric, so both share the powers ``(0.5 -+ 0.5 d_ij)^{r_i}``;
    computing them once halves the cost of a round. Equal to two calls of
    :func:`_eu` (with ``r`` by row, and by column then transposed).
    """
    d = _distances(x, span)
    r_row = r[..., :, None]
    us = _utility(0.5 - 0.5 * d, r_row)
    uf = _utility(0.5 + 0.5 * d, r_row)
    usq = _utility(np.asarray(0.5), r_row)
    s_col = s[..., None, :]
    s_row = s[..., :, None]
    pt = np.swapaxes(p, -1, -2)
    a = s_col * (p * us + (1.0 - p) * uf) + (1.0 - s_col) * us - q * usq
    b = s_row * (pt * us + (1.0 - pt) * uf) + (1.0 - s_row) * us - q * usq
    if q < 1.0:
        far = np.abs(x - mu[..., None]) / span[..., None]
        dm_a = far[..., :, None] + d  # challenger i: |x_i - mu| / R + d_ij
        dm_b = far[..., None, :] + d  # challenger j: |x_j - mu| / R + d_ij

        def status_quo_change(dm: FloatArray) -> FloatArray:
            ub = _utility(0.5 - 0.25 * dm, r_row)
            uw = _utility(0.5 + 0.25 * dm, r_row)
            out: FloatArray = (1.0 - q) * (t * ub + (1.0 - t) * uw)
            return out

        a = a - status_quo_change(dm_a)
        b = b - status_quo_change(dm_b)
    return a, b


def _risk(
    x: FloatArray,
    w: FloatArray,
    s: FloatArray,
    span: FloatArray,
    q: float,
    t: float,
    rule: Probability,
) -> FloatArray:
    p = _probabilities(x, w, None, span, rule)
    eu = _eu(x, s, p, None, span, _median(x, w), q, t)
    n = x.shape[-1]
    eu = np.where(np.eye(n, dtype=bool), 0.0, eu)
    danger = eu.sum(axis=-2)  # S_i = sum_j E(U_ji)
    hi = danger.max(axis=-1, keepdims=True)
    lo = danger.min(axis=-1, keepdims=True)
    width = hi - lo
    with np.errstate(invalid="ignore", divide="ignore"):
        big_r = np.where(width > 0, (2.0 * danger - hi - lo) / np.where(width > 0, width, 1.0), 0.0)
    r: FloatArray = (1.0 - big_r / 3.0) / (1.0 + big_r / 3.0)
    return r


def _round(
    x: FloatArray,
    w: FloatArray,
    s: FloatArray,
    span: FloatArray,
    q: float,
    t: float,
    rule: Probability,
    selection: Selection,
) -> tuple[FloatArray, FloatArray, IntArray, IntArray]:
    """One round: new positions, risk exponents, move kinds and partners."""
    r = _risk(x, w, s, span, q, t, rule)
    p = _probabilities(x, w, r, span, rule)
    mu = _median(x, w)
    a, b = _seen_by_i(x, s, p, r, span, mu, q, t)
    xi = x[..., :, None]
    xj = x[..., None, :]
    other = xi != xj
    conf = other & (b > a) & (a > 0)
    weak = other & (b > 0) & (a < 0) & ~conf
    comp = weak & (b > -a)
    cap = weak & ~comp
    with np.errstate(invalid="ignore", divide="ignore"):
        frac = np.where(comp, -a / np.where(comp, b, 1.0), 1.0)
    target = np.where(comp, xi + (xj - xi) * frac, xj)
    kind = np.where(conf, 1, np.where(comp, 2, np.where(cap, 3, 0)))
    move = np.abs(target - xi)
    if selection == "by_type":
        key = np.where(kind > 0, (kind - 1) * 4.0 * span[..., None, None] + move, np.inf)
    else:
        key = np.where(kind > 0, move, np.inf)
    j = np.argmin(key, axis=-1)
    has = np.isfinite(np.take_along_axis(key, j[..., None], axis=-1)[..., 0])
    new = np.where(has, np.take_along_axis(target, j[..., None], axis=-1)[..., 0], x)
    chosen = np.where(has, np.take_along_axis(kind, j[..., None], axis=-1)[..., 0], 0)
    partner = np.where(has, j, -1)
    return new, r, chosen.astype(np.int64), partner.astype(np.int64)


def _run(
    x0: FloatArray,
    c: FloatArray,
    s: FloatArray,
    span: FloatArray,
    *,
    q: float,
    t: float,
    probability: Probability,
    selection: Selection,
    max_iter: int,
    tol: float,
    record: bool,
) -> tuple[FloatArray, Any, Any, list[FloatArray], list[FloatArray], list[Any], list[Any]]:
    """Iterate rounds for a batch of issues.

    Only the issues still moving take part in a round: a converged issue is a
    fixed point (within ``tol``) and is frozen. With ``record`` (one issue
    only) every round's positions, exponents and moves are kept.

    Returns final positions ``(..., n)``, rounds run and convergence flags
    ``(...)``, and the recorded path, risks, kinds and partners.
    """
    shape, n = x0.shape[:-1], x0.shape[-1]
    x = x0.reshape(-1, n).copy()
    w = (c * s).reshape(-1, n)
    sal = s.reshape(-1, n)
    sp = np.broadcast_to(span, shape).reshape(-1)
    done = np.zeros(x.shape[0], dtype=bool)
    n_iter = np.zeros(x.shape[0], dtype=np.int64)
    path, risks, kinds, partners = [x[0].copy()] if record else [], [], [], []
    for _ in range(max_iter):
        idx = np.flatnonzero(~done)
        if idx.size == 0:
            break
        new, r, kind, partner = _round(
            x[idx], w[idx], sal[idx], sp[idx], q, t, probability, selection
        )
        step = np.abs(new - x[idx]).max(axis=-1)
        x[idx] = new
        n_iter[idx] += 1
        done[idx] = step <= tol * sp[idx]
        if record:
            path.append(x[0].copy())
            risks.append(r[0])
            kinds.append(kind[0])
            partners.append(partner[0])
    return (
        x.reshape(x0.shape),
        n_iter.reshape(shape),
        done.reshape(shape),
        path,
        risks,
        kinds,
        partners,
    )
