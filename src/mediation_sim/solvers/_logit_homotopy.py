"""The logit equations as a homotopy: the principal branch, its tracing and its endgame.

The machinery behind :func:`~mediation_sim.solvers.qre`,
:func:`~mediation_sim.solvers.qre_path` and
:func:`~mediation_sim.solvers.logit_nash` (module ``_logit_qre``): the logit
equations in log-probabilities as a map of ``(y, c, lambda)`` with their
Jacobian, Turocy's checked endgame, and the tracing of the branch to given
precisions. See ``_logit_qre`` for the definitions and references.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from .._errors import SolverError
from ._homotopy import follow, solve_at_parameter
from ._multilinear import PayoffKernel

FloatArray = NDArray[np.float64]

__all__ = ["LogitHomotopy", "centroid_log", "logit_response_gap", "solve_at", "trace_until"]


#: Largest stacked matrix (entries) for which the principal branch is followed in fast mode.
_FAST_ENTRIES = 10_000
#: Newton iterations of the endgame (from an O(lam**-2) start it needs 2-4).
_ENDGAME_NEWTON = 8
#: The endgame's answer must lie within this cosine of the path's direction.
_ENDGAME_COS = 0.95
#: ... and the velocity ``lam * d sigma / d lam`` must cover this share of the way to it.
_ENDGAME_REACH = 0.5


# ---------------------------------------------------------------------- the homotopy
class LogitHomotopy:
    r"""The logit equations in log-probabilities, as a map of ``w = (y, c, lambda)``.

    Unknowns: :math:`y_{ik} = \log \sigma_{ik}` (``D`` of them), one
    normalising constant :math:`c_i` per player, and the precision. Equations:

    .. math::

        y_{ik} - \lambda U_{ik}(e^y) - c_i - \log p_{ik} = 0, \qquad
        \textstyle\sum_k e^{y_{ik}} - 1 = 0,

    where :math:`p` is the starting point (the prior; the centroid for the
    principal branch). Log coordinates keep tiny probabilities accurate, and
    the branch becomes a straight line as :math:`\lambda` grows.
    """

    def __init__(self, kernel: PayoffKernel, log_prior: FloatArray, *, fast: bool = False) -> None:
        self.kernel = kernel
        self.dim = kernel.dim
        self.n = kernel.n_players
        self.owner = np.repeat(np.arange(self.n), kernel.shape)
        self.log_prior = log_prior
        self.rows = np.arange(self.dim)
        d, n = self.dim, self.n
        # the constant part of the Jacobian (the derivatives in y and c) and the
        # players' simplex rows: both filled once, copied per evaluation
        self._base = np.zeros((d + n, d + n + 1))
        self._base[self.rows, self.rows] = 1.0
        self._base[self.rows, d + self.owner] = -1.0
        self._owners = np.zeros((n, d))
        self._owners[self.owner, self.rows] = 1.0
        self._stacked = kernel.stacked()
        #: Precision at which :meth:`endgame` last ended the path (``None``: it did not).
        self.endgame_lam: float | None = None
        self._candidate: FloatArray | None = None
        self._members: NDArray[np.intp] | None = None
        if self._stacked is not None:
            # row r of the stacked profiles: the n - 1 strategies (flat indices) played in it
            _, cols = np.nonzero(self._stacked[0])
            self._members = cols.reshape(self._stacked[0].shape[0], self.n - 1)
        # ``fast`` (what ``logit_nash`` asks for on the principal branch): Newton's
        # corrector (see ``follow_newton``) and the endgame (:meth:`endgame`); ``qre``
        # and ``qre_path`` keep the chord follower, whose steps are the points they
        # report. Newton's corrector evaluates a Jacobian per iteration, the chord
        # one per step: it pays off only while a Jacobian is cheap (small stacked
        # matrices: 3 x 3 x 3 and 5 x 3, not 5 x 4); larger games keep the chord
        # follower and the periodic refinements
        self.fast = fast and self._stacked is not None and self._stacked[0].size <= _FAST_ENTRIES
        self.newton_corrector = self.fast

    @property
    def param_index(self) -> int:
        return self.dim + self.n

    def start(self) -> FloatArray:
        return np.concatenate([self.log_prior, np.zeros(self.n), [0.0]])

    def profile(self, w: FloatArray) -> FloatArray:
        return np.exp(w[: self.dim])

    def progress(self, w: FloatArray) -> float:
        """The precision (for payoffs scaled to ``[0, 1]``)."""
        return float(w[-1])

    def residual(self, w: FloatArray) -> FloatArray:
        d = self.dim
        y = w[:d]
        if self._stacked is not None:
            # small games: every deviation payoff from two matrix products
            events, weights = self._stacked
            values = weights @ np.exp(events @ y)
        else:
            values = self.kernel.deviation(self.kernel.split(np.exp(y)))
        out = self._base[:, :-1] @ w[:-1]  # y - c[owner], then 0 in the simplex rows
        out[:d] -= w[-1] * values + self.log_prior
        out[d:] = self._owners @ np.exp(y) - 1.0
        return out

    def jacobian(self, w: FloatArray) -> tuple[FloatArray, FloatArray]:
        d = self.dim
        y = w[:d]
        sigma = np.exp(y)
        if self._stacked is not None:
            events, weights = self._stacked
            q = weights * np.exp(events @ y)
            values = q.sum(axis=1)
            scaled = q @ events
        else:
            values, scaled = self.kernel.scaled_jacobian(self.kernel.split(sigma))
        lam = w[-1]
        jac = self._base.copy()
        jac[:d, :d] -= lam * scaled
        jac[:d, -1] = -values
        jac[d:, :d] = self._owners * sigma
        resid = self._base[:, :-1] @ w[:-1]
        resid[:d] -= lam * values + self.log_prior
        resid[d:] = self._owners @ sigma - 1.0
        return resid, jac

    @property
    def has_endgame(self) -> bool:
        """Whether :meth:`endgame` runs after every step (fast mode)."""
        return self.fast

    def endgame(self, w: FloatArray, tangent: FloatArray, tol: float) -> FloatArray | None:
        r"""The branch's Nash limit read off the path point ``w``, or ``None`` if not yet safe.

        Turocy's extrapolation, checked. With :math:`\dot y = dy/d\lambda`
        from the tangent, :math:`\lambda \dot y_{ik}` tends to 0 for the
        strategies the limit uses and to minus :math:`\lambda` times the payoff
        gap for the others; the guessed support is ``lambda * ydot > -1/2``.
        The indifference and simplex equations on it are solved by Newton's
        method from the extrapolated profile :math:`\sigma (1 + \lambda \dot
        y)` (the limit up to :math:`O(\lambda^{-2})` on the support). The
        answer ``x`` ends the path only if all of these hold:

        - ``lam >= 10`` and the precision still grows along the tangent;
        - ``x`` is a profile (no negative probability) with relative regret at
          most ``tol``;
        - the same ``x`` passed all these checks at the previous step too;
        - it is within ``min(0.1, 20 / lam)`` of the path point (the test
          :func:`trace_to_nash` applies to its own refinements);
        - the path is heading to it (unless they already agree to ``1e-9``):
          its velocity :math:`\lambda\, d\sigma / d\lambda = \sigma\, \lambda
          \dot y` makes an angle of at most about 25 degrees with
          ``x - sigma``, and its projection on ``x - sigma`` is at least half
          as long. A path that converges to ``x`` like :math:`1/\lambda` has
          a projection as long as ``x - sigma``; one that converges
          exponentially (pure limits), a longer one; one that only passes by
          ``x`` slows down near it.

        Otherwise the path goes on (the guess is retried at the next step).
        """
        previous, self._candidate = self._candidate, None
        lam = float(w[-1])
        t_lam = float(tangent[-1])
        if self._members is None or self._stacked is None or lam < 10.0 or t_lam <= 0.0:
            return None
        d, n = self.dim, self.n
        events, weights = self._stacked
        sigma = np.exp(w[:d])
        slope = lam * tangent[:d] / t_lam
        on = slope > -0.5
        counts = self._owners @ on
        if counts.min() < 1:
            return None
        support = np.flatnonzero(on)
        m = support.size
        extrapolated = sigma * (1.0 + slope)
        radius = min(0.1, 20.0 / lam)
        if float(np.abs(extrapolated - sigma).max()) > 2.0 * radius:
            # the answer would lie near the extrapolated profile, too far from the
            # path point to pass the distance test below: spare the Newton solve
            return None
        x = np.zeros(d)
        x[support] = np.where(extrapolated[support] > 0.0, extrapolated[support], sigma[support])
        x /= (self._owners @ x)[self.owner]
        own = self.owner[support]
        square = np.zeros((m + n, m + n))
        square[np.arange(m), m + own] = -1.0
        square[m + own, np.arange(m)] = 1.0
        block = np.ix_(support, support)
        members = self._members
        values = weights @ x[members].prod(axis=1)
        v = self._owners @ (values * x)
        converged = False
        for _ in range(_ENDGAME_NEWTON):
            q = weights * x[members].prod(axis=1)
            values = q.sum(axis=1)
            resid = np.concatenate([values[support] - v[own], self._owners @ x - 1.0])
            if float(np.abs(resid).max()) <= 1e-14:
                converged = True
                break
            on_support = x[support]
            if on_support.min() <= 1e-12:
                return None  # a probability on the guessed support vanishes: wrong support
            # d U / d sigma = (d U / d log sigma) / sigma, on the support's columns
            square[:m, :m] = (q @ events)[block] / on_support
            try:
                step = np.linalg.solve(square, -resid)
            except np.linalg.LinAlgError:
                return None
            x[support] += step[:m]
            v = v + step[m:]
        if not converged or x.min() < -1e-12:
            return None
        x = np.clip(x, 0.0, None)
        x /= (self._owners @ x)[self.owner]
        values = weights @ x[members].prod(axis=1)
        best = np.maximum.reduceat(values, self.kernel.offsets[:-1])
        regret = (best - self._owners @ (values * x)) / self.kernel.player_scale
        if float(regret.max()) > tol:
            return None
        distance = float(np.abs(x - sigma).max())
        if distance > radius:
            return None
        if distance > 1e-9:
            # the path must be heading to x, and fast enough: its velocity in
            # probabilities, lam * d sigma / d lam = sigma * (lam ydot), within ~25
            # degrees of x - sigma and covering at least half of it (a path that
            # converges to x like 1/lam covers all of it, exponentially more; one
            # that only passes by x slows down near it)
            towards = x - sigma
            velocity = sigma * slope
            reach = float(towards @ velocity)
            length = float(np.sqrt(towards @ towards))
            if reach < _ENDGAME_COS * length * float(np.sqrt(velocity @ velocity)):
                return None
            if reach < _ENDGAME_REACH * length * length:
                return None
        # the same answer at two successive steps: a path that only passes near x
        # is caught moving on
        self._candidate = x
        if previous is None or float(np.abs(previous - x).max()) > 1e-9:
            return None
        self.endgame_lam = lam
        return x

    def admissible(self, w: FloatArray) -> bool:
        # log-probabilities are at most 0 on the path; the corrector's tolerance
        # (1e-4 when tracing to Nash) can leave one a little above
        bound = 1e-3 if self.fast else 1e-6
        return bool(np.isfinite(w).all() and w[: self.dim].max() < bound)


def logit_response_gap(kernel: PayoffKernel, flat: FloatArray, lam: float) -> float:
    """``max |sigma - logit_response(sigma)|`` at normalised precision ``lam``."""
    values = kernel.deviation(kernel.split(flat))
    worst = 0.0
    for sl in kernel.slices:
        z = lam * values[sl]
        z = np.exp(z - z.max())
        worst = max(worst, float(np.abs(flat[sl] - z / z.sum()).max()))
    return worst


def centroid_log(kernel: PayoffKernel) -> FloatArray:
    return np.concatenate([np.full(s, -math.log(s)) for s in kernel.shape])


def solve_at(
    hom: LogitHomotopy, before: FloatArray, after: FloatArray, target: float
) -> FloatArray | None:
    """The branch point at precision ``target`` between two traced points."""
    lo, hi = float(before[-1]), float(after[-1])
    frac = 0.0 if hi == lo else (target - lo) / (hi - lo)
    guesses = [before + frac * (after - before), after, before]
    for guess in guesses:
        w, ok = solve_at_parameter(hom, guess, target)
        if ok and hom.admissible(w):
            return w
    return None


def trace_until(
    hom: LogitHomotopy, targets: Sequence[float], *, max_steps: int, func: str
) -> tuple[list[FloatArray], int]:
    """Points of the branch at each (increasing) normalised precision in ``targets``.

    Each target is met at its *first* crossing along the branch.
    """
    found: list[FloatArray] = []
    w0 = hom.start()
    pending = list(targets)
    while pending and pending[0] <= 0.0:
        found.append(w0.copy())
        pending.pop(0)
    if not pending:
        return found, 0
    state = {"prev": w0}

    def callback(w: FloatArray, _t: FloatArray, _step: int) -> bool:
        prev = state["prev"]
        while pending and w[-1] >= pending[0]:
            point = solve_at(hom, prev, w, pending[0])
            if point is None:
                raise SolverError(
                    f"{func}(): could not solve the logit equations at lam = {pending[0]:.6g}"
                )
            found.append(point)
            pending.pop(0)
            prev = point
        state["prev"] = w
        return not pending

    outcome = follow(hom, w0, callback=callback, h0=0.3, max_steps=max_steps, corr_tol=1e-7)
    if pending:
        raise SolverError(
            f"{func}(): the principal branch was not traced to lam = "
            f"{pending[0]:.6g} within max_iter={max_steps} steps "
            f"(status {outcome.status!r}, reached {float(outcome.w[-1]):.6g}); "
            "raise max_iter or lower lam"
        )
    return found, outcome.steps
