"""Breakpoints of affine payoffs in exact rational arithmetic (private).

The exact method of :func:`~mediation_sim.analysis.critical_value` finds where
a pure profile stops or starts being an equilibrium by solving one linear
equation per deviation, ``g0 + t (g1 - g0) = 0``, in floating point, with a
tie tolerance. The breakpoint then carries the noise of the float payoffs
(``0.55`` comes out as ``0.5500000000000002``) although the model's numbers
are decimals and the true breakpoint is the rational ``11/20``.

When every payoff at both ends of the parameter range is a rational with a
small denominator up to float noise — as scenario data written in decimals
are — the payoffs are recovered as :class:`fractions.Fraction`, every
candidate breakpoint is computed exactly, and each float endpoint is
replaced by the exact candidate it approximates, rounded once to the nearest
float. Otherwise the float endpoints are returned unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = ["MAX_DENOMINATOR", "exact_endpoints", "rationalise", "snap_endpoints"]

FloatArray = NDArray[np.float64]

#: Largest denominator of a payoff recovered as a rational. Two distinct such
#: rationals differ by at least ``1 / MAX_DENOMINATOR**2`` (1e-12), far more
#: than float noise, so the recovered value is the intended one.
MAX_DENOMINATOR = 10**6

#: Largest float noise accepted on a payoff, relative to the largest payoff.
_NOISE = 1e-13

#: A float endpoint is replaced by the nearest exact breakpoint within this
#: fraction of the parameter's range (the float methods' error is ~1e-12).
_SNAP = 1e-10


def rationalise(values: FloatArray) -> NDArray[Any] | None:
    """``values`` as an object array of small-denominator Fractions, or None.

    None when some value is not within float noise of a rational with
    denominator at most :data:`MAX_DENOMINATOR`.

    Examples
    --------
    >>> import numpy as np
    >>> from mediation_sim.analysis._exact_breakpoints import rationalise
    >>> [str(r) for r in rationalise(np.array([0.1 + 0.2, 0.47000000000000003, 2.0]))]
    ['3/10', '47/100', '2']
    >>> rationalise(np.array([np.pi])) is None
    True
    """
    flat = np.asarray(values, dtype=np.float64).ravel().tolist()
    scale = Fraction(max((abs(x) for x in flat), default=1.0) or 1.0)
    tol = _NOISE * scale
    cache: dict[float, Fraction] = {}
    out = []
    for x in flat:
        r = cache.get(x)
        if r is None:
            exact = Fraction(x)
            r = exact.limit_denominator(MAX_DENOMINATOR)
            if abs(exact - r) > tol:
                return None
            cache[x] = r
        out.append(r)
    return np.array(out, dtype=object).reshape(np.shape(values))


def _pairs(shape: tuple[int, ...], i: int, pairwise: bool) -> tuple[NDArray[Any], NDArray[Any]]:
    """Flat indices ``(a, b)`` of the payoff pairs of player ``i`` that are compared."""
    ids = np.arange(int(np.prod(shape))).reshape(shape)
    if pairwise:
        a, b = np.meshgrid(ids.ravel(), ids.ravel(), indexing="ij")
        keep = a < b
        return a[keep], b[keep]
    a = np.broadcast_to(np.expand_dims(ids, i + 1), (*shape[: i + 1], shape[i], *shape[i + 1 :]))
    b = np.broadcast_to(np.expand_dims(ids, i), a.shape)
    keep = a != b
    return a[keep], b[keep]


def _candidates(
    u0: FloatArray,
    u1: FloatArray,
    r0: NDArray[Any],
    r1: NDArray[Any],
    near: Sequence[float],
    *,
    n_players: int,
    pairwise: bool,
) -> list[Fraction]:
    """Exact ``t`` in (0, 1) where two payoffs of one player are equal, near the ``near`` ts.

    The payoffs compared are a profile's and a unilateral deviation's (what
    decides a Nash equilibrium), or with ``pairwise`` any two profiles' (what
    decides a choice between continuation outcomes in a game tree). The
    crossings are located in floating point first, and only those within
    1e-8 of a ``near`` value are computed again in exact arithmetic.
    """
    found: set[Fraction] = set()
    targets = np.asarray(near, dtype=np.float64)
    for i in range(n_players):
        a, b = _pairs(u0.shape[1:], i, pairwise)
        f0, f1 = u0[i].ravel(), u1[i].ravel()
        g0 = f0[a] - f0[b]
        slope = (f1[a] - f1[b]) - g0
        with np.errstate(divide="ignore", invalid="ignore"):
            t = -g0 / slope
        close = np.abs(t[:, None] - targets[None, :]).min(axis=1) <= 1e-8
        e0, e1 = r0[i].ravel(), r1[i].ravel()
        for x, y in zip(a[close].tolist(), b[close].tolist(), strict=True):
            h0 = e0[x] - e0[y]
            rise = (e1[x] - e1[y]) - h0
            if rise != 0:
                exact = -h0 / rise
                if 0 < exact < 1:
                    found.add(exact)
    return sorted(found)


def exact_endpoints(
    t_intervals: Sequence[tuple[float, float]],
    u0: FloatArray,
    u1: FloatArray,
    *,
    n_players: int,
    lo: float,
    hi: float,
    pairwise: bool = False,
) -> list[tuple[float, float]]:
    """Intervals in ``t`` mapped to the parameter, with exact breakpoints where possible.

    Parameters
    ----------
    t_intervals : sequence of (float, float)
        Intervals of ``t = (theta - lo) / (hi - lo)`` from the float method.
    u0, u1 : ndarray, shape (n_players, s_1, ..., s_n)
        Payoffs at ``theta = lo`` and ``theta = hi``.
    n_players : int
        Number of players.
    lo, hi : float
        The parameter's range.
    pairwise : bool, default False
        Candidates from any two payoffs of a player (game trees), not only
        from unilateral deviations (Nash equilibria of the normal form).

    Returns
    -------
    list of (float, float)
        The intervals in parameter units. An endpoint inside the range is the
        correctly rounded exact breakpoint it approximates when the payoffs
        and the range are rational (see :func:`rationalise`); otherwise, and
        for endpoints at ``lo`` or ``hi``, the float value.

    Examples
    --------
    The second player's gain from deviating is ``t - 0.55`` (from -0.55 at
    ``t = 0`` to 0.45 at ``t = 1``), so a profile stops being an equilibrium
    at 0.55 exactly:

    >>> import numpy as np
    >>> from mediation_sim.analysis._exact_breakpoints import exact_endpoints
    >>> u0 = np.zeros((2, 1, 2)); u1 = np.zeros((2, 1, 2))
    >>> u0[1, 0] = [0.0, -0.55]; u1[1, 0] = [0.0, 0.45]
    >>> exact_endpoints([(0.0, 0.5499999999971956)], u0, u1, n_players=2, lo=0.0, hi=1.0)
    [(0.0, 0.55)]
    """
    width = hi - lo
    floats = [(lo + a * width, lo + b * width) for a, b in t_intervals]
    return snap_endpoints(floats, u0, u1, n_players=n_players, lo=lo, hi=hi, pairwise=pairwise)


def snap_endpoints(
    intervals: Sequence[tuple[float, float]],
    u0: FloatArray,
    u1: FloatArray,
    *,
    n_players: int,
    lo: float,
    hi: float,
    pairwise: bool = False,
) -> list[tuple[float, float]]:
    """As :func:`exact_endpoints`, for intervals already in parameter units."""
    floats = [(float(a), float(b)) for a, b in intervals]
    width = hi - lo
    inner = [x for pair in floats for x in pair if lo < x < hi]
    if not inner or width <= 0:
        return floats
    r0, r1 = rationalise(u0), rationalise(u1)
    ends = rationalise(np.array([lo, hi]))
    if r0 is None or r1 is None or ends is None:
        return floats
    r_lo, r_hi = ends.tolist()
    near = [(x - lo) / width for x in inner]
    ts = _candidates(u0, u1, r0, r1, near, n_players=n_players, pairwise=pairwise)
    exact = [float(r_lo + t * (r_hi - r_lo)) for t in ts]
    if not exact:
        return floats
    grid = np.array(exact)

    def snap(x: float) -> float:
        if not lo < x < hi:
            return x
        k = int(np.argmin(np.abs(grid - x)))
        return exact[k] if abs(exact[k] - x) <= _SNAP * width else x

    return [(snap(a), snap(b)) for a, b in floats]
