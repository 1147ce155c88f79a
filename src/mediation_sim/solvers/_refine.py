r"""Newton refinement of an approximate equilibrium on a guessed support (private).

Every N-player method in mediation_sim (logit path following, the tracing
procedure, multi-start searches) ends here. An approximate equilibrium tells
us which strategies each player uses; on that support :math:`S` a Nash
equilibrium solves the square polynomial system

.. math::

    U_{ik}(\sigma) - v_i &= 0 \quad (i \text{ a player}, k \in S_i), \\
    \textstyle\sum_{k \in S_i} \sigma_{ik} - 1 &= 0 \quad (i \text{ a player}),

in the unknowns :math:`\sigma_{ik}` (:math:`k \in S_i`) and the values
:math:`v_i`: each player is indifferent among the strategies in their support
and mixes over them. Newton's method on this system converges quadratically
from a nearby point when the equilibrium is regular. Its answer is an
equilibrium of the whole game if, in addition, every probability is
non-negative and no strategy outside the support pays more than :math:`v_i`.
When one of those checks fails the support is corrected (a strategy with a
negative probability is dropped; the best profitable deviation is added) and
Newton runs again, for a few rounds.

When the Jacobian is singular (degenerate games, connected sets of
equilibria) the Newton step is the least-squares minimum-norm step, which
still converges to a nearby solution of the system.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ._multilinear import PayoffKernel

__all__ = ["RefineOutcome", "newton_on_support", "refine", "support_guess"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]

#: Residual (in normalised payoff units) at which Newton stops.
_FTOL = 1e-14
#: Probabilities this negative count as "negative" (wrong support).
_NEG_TOL = 1e-12
#: Payoff gaps (normalised units) defining the supports tried by ``refine(explore=True)``.
_EXPLORE_GAPS = (1e-4, 1e-7, 1e-10, 0.0)


@dataclass(frozen=True, slots=True)
class RefineOutcome:
    """Result of :func:`refine` (internal).

    Attributes
    ----------
    flat : ndarray or None
        The refined flat profile, or ``None`` if Newton failed on every support tried.
    regret : float
        Its largest player regret, each in that player's own payoff range (inf if none).
    success : bool
        Whether ``regret <= tol``.
    rounds : int
        Support corrections made.
    """

    flat: FloatArray | None
    regret: float
    success: bool
    rounds: int


def support_guess(kernel: PayoffKernel, flat: FloatArray, *, ratio: float) -> list[IntArray]:
    """Strategies whose probability is at least ``ratio`` times the player's largest."""
    out = []
    for sl in kernel.slices:
        v = flat[sl]
        out.append(np.flatnonzero(v >= ratio * v.max()).astype(np.intp))
    return out


def newton_on_support(
    kernel: PayoffKernel,
    flat: FloatArray,
    support: Sequence[IntArray],
    *,
    max_iter: int = 30,
) -> tuple[FloatArray, bool]:
    """Solve the indifference and simplex equations on ``support`` by Newton's method.

    Returns the flat profile (zero off the support) and whether the residual
    fell below ``1e-14``; when it did not, the iterate with the smallest
    residual is returned. Negative probabilities are *not* corrected here.
    """
    n = kernel.n_players
    grid: tuple[Any, ...] = np.ix_(*support)
    sub = PayoffKernel(kernel.payoffs[(slice(None), *grid)], matrices=False)
    sizes = [len(s) for s in support]
    d = sub.dim
    owner = np.repeat(np.arange(n), sizes)
    x = np.concatenate([flat[kernel.slices[i]][support[i]] for i in range(n)])
    for i, sl in enumerate(sub.slices):  # start on the simplex
        total = x[sl].sum()
        x[sl] = x[sl] / total if total > 0 else 1.0 / sizes[i]
    vectors = sub.split(x)
    values = sub.deviation(vectors)
    v = np.array([values[sl] @ x[sl] for sl in sub.slices])
    size = d + n
    jac = np.zeros((size, size))
    jac[np.arange(d), d + owner] = -1.0
    jac[d + owner, np.arange(d)] = 1.0
    converged = False
    history: list[float] = []
    best_x, best_norm = x, np.inf
    for _ in range(max_iter):
        vectors = sub.split(x)
        values, deriv = sub.jacobian(vectors)
        resid = np.concatenate(
            [values - v[owner], np.array([x[sl].sum() - 1.0 for sl in sub.slices])]
        )
        norm = float(np.abs(resid).max())
        if norm < best_norm:
            best_x, best_norm = x, norm
        if norm <= _FTOL:
            converged = True
            break
        if not np.isfinite(norm) or (len(history) >= 3 and norm > 0.9 * history[-1]):
            break  # stagnating or diverging: the support or the start is wrong
        history.append(norm)
        jac[:d, :d] = deriv
        try:
            step = np.linalg.solve(jac, -resid)
            if not np.isfinite(step).all():
                raise np.linalg.LinAlgError
        except np.linalg.LinAlgError:
            step = np.linalg.lstsq(jac, -resid, rcond=None)[0]
        x = x + step[:d]
        v = v + step[d:]
    else:
        vectors = sub.split(x)
        values = sub.deviation(vectors)
        resid = np.concatenate(
            [values - v[owner], np.array([x[sl].sum() - 1.0 for sl in sub.slices])]
        )
        norm = float(np.abs(resid).max())
        if norm < best_norm:
            best_x, best_norm = x, norm
        converged = bool(norm <= 1e3 * _FTOL)
    x = x if converged else best_x
    out = np.zeros(kernel.dim)
    for i in range(n):
        out[kernel.slices[i].start + support[i]] = x[sub.slices[i]]
    return out, converged


def _clean(kernel: PayoffKernel, flat: FloatArray) -> FloatArray:
    out = np.clip(flat, 0.0, None)
    for sl in kernel.slices:
        out[sl] /= out[sl].sum()
    return out


def refine(
    kernel: PayoffKernel,
    flat: FloatArray,
    *,
    tol: float,
    support: Sequence[IntArray] | None = None,
    ratio: float = 1e-4,
    max_rounds: int = 6,
    max_iter: int = 30,
    explore: bool = False,
    soft: bool = False,
) -> RefineOutcome:
    """Polish ``flat`` into an equilibrium whose players' regrets are at most ``tol``.

    Each player's regret is measured in that player's own payoff range
    (:meth:`PayoffKernel.relative_regret`), which is at least as strict as
    the common range the shared verifier uses.

    Algorithm:

    1. Guess the support: strategies with probability at least ``ratio``
       times the player's largest (or use ``support``).
    2. Solve the support equations by Newton (:func:`newton_on_support`).
    3. If a probability is negative, drop it from the support and go to 2.
    4. If some player's best deviation outside the support gains more than
       ``tol``, add it to the support and go to 2.
    5. Otherwise the profile is an equilibrium within ``tol``.

    With ``soft``, when Newton's method does not converge (an inconsistent
    support, or a near-degenerate game) its best iterate is still accepted
    if its regret is within ``tol``. With ``explore``, a failure on the first
    support is followed by one attempt per player on the support without
    that player's worst-paying strategy against the approximate profile,
    then without every player's worst-paying strategy at once, then with
    one player's (and then every player's) best-paying strategy outside the
    support added (an equilibrium may use it with a tiny probability), then
    on the supports of the strategies within ``1e-4``, ``1e-7``,
    ``1e-10`` and ``0`` of each player's best payoff against it (for nearly
    tied strategies that the approximate profile could not yet tell apart).
    """
    first = (
        refine(
            kernel,
            flat,
            tol=tol,
            support=support,
            ratio=ratio,
            max_rounds=max_rounds,
            max_iter=max_iter,
        )
        if explore
        else None
    )
    if first is not None:
        if first.success:
            return first
        base = list(support) if support is not None else support_guess(kernel, flat, ratio=ratio)
        best = first
        values = kernel.deviation(kernel.split(_clean(kernel, flat)))
        trials: list[list[IntArray]] = []
        trimmed = list(base)
        for i, sl in enumerate(kernel.slices):
            if base[i].size < 2:
                continue
            weakest = base[i][int(np.argmin(values[sl][base[i]]))]
            trimmed[i] = np.setdiff1d(base[i], [weakest])
            trials.append([s if j != i else trimmed[i] for j, s in enumerate(base)])
        trials.append(trimmed)  # every player's worst-paying strategy dropped at once
        grown = list(base)
        for i, sl in enumerate(kernel.slices):
            outside = np.setdiff1d(np.arange(sl.stop - sl.start), base[i])
            if outside.size == 0:
                continue
            best_out = outside[int(np.argmax(values[sl][outside]))]
            grown[i] = np.union1d(base[i], [best_out]).astype(np.intp)
            trials.append([s if j != i else grown[i] for j, s in enumerate(base)])
        trials.append(grown)  # every player's best strategy outside the support added at once
        for gap in _EXPLORE_GAPS:
            trials.append(
                [np.flatnonzero(values[sl] >= values[sl].max() - gap) for sl in kernel.slices]
            )
        tried = {tuple(tuple(int(k) for k in t) for t in base)}
        for trial in trials:
            key = tuple(tuple(int(k) for k in t) for t in trial)
            if key in tried:
                continue
            tried.add(key)
            out = refine(
                kernel,
                flat,
                tol=tol,
                support=trial,
                ratio=ratio,
                max_rounds=max_rounds,
                max_iter=max_iter,
            )
            if out.success:
                return out
            if out.regret < best.regret:
                best = out
        return best
    supp = list(support) if support is not None else support_guess(kernel, flat, ratio=ratio)
    start = flat
    best_flat: FloatArray | None = None
    best_regret = np.inf
    seen: set[tuple[tuple[int, ...], ...]] = set()
    for rounds in range(max_rounds):
        key = tuple(tuple(int(k) for k in s) for s in supp)
        if key in seen:
            break
        seen.add(key)
        x, ok = newton_on_support(kernel, start, supp, max_iter=max_iter)
        if not ok:
            # near-degenerate games: the support equations can be slightly
            # inconsistent, yet their best iterate be an equilibrium within tol
            if soft and np.isfinite(x).all() and x.min() >= -_NEG_TOL:
                x = _clean(kernel, x)
                worst = kernel.relative_regret(kernel.split(x))
                if worst <= tol:
                    return RefineOutcome(x, worst, True, rounds)
                if worst < best_regret:
                    best_regret, best_flat = worst, x
            break
        changed = False
        new_supp = []
        for i, sl in enumerate(kernel.slices):
            vi = x[sl]
            s_i = supp[i]
            negative = s_i[vi[s_i] < -_NEG_TOL]
            if negative.size and negative.size < s_i.size:
                new_supp.append(np.setdiff1d(s_i, negative).astype(np.intp))
                changed = True
            else:
                new_supp.append(s_i)
        if changed:
            supp = new_supp
            start = _clean(kernel, np.where(x > 0, x, 0.0) + 1e-300)
            continue
        x = _clean(kernel, x)
        values = kernel.deviation(kernel.split(x))
        regrets = kernel.regrets(kernel.split(x), values) / kernel.player_scale
        worst = float(regrets.max())
        if worst < best_regret:
            best_regret, best_flat = worst, x
        if worst <= tol:
            return RefineOutcome(x, worst, True, rounds)
        for i, sl in enumerate(kernel.slices):
            if regrets[i] > tol:
                k = int(np.argmax(values[sl]))
                if k not in supp[i]:
                    supp[i] = np.union1d(supp[i], [k]).astype(np.intp)
        start = x
    return RefineOutcome(best_flat, float(best_regret), False, len(seen))
