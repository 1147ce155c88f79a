r"""Predictor–corrector continuation of a smooth path ``H(w) = 0`` (private).

A homotopy here is a smooth map :math:`H: \mathbb{R}^{N+1} \to \mathbb{R}^N`
whose zero set near the start is a curve; one coordinate of :math:`w` is the
homotopy parameter (the logit precision :math:`\lambda`, or the tracing
time :math:`t`). The curve is followed by arc length, as in Allgower and
Georg (2003, ch. 2 and 6):

1. **Tangent.** The unit tangent :math:`\tau` spans the null space of the
   Jacobian :math:`H'(w)`; it is obtained from the augmented square system
   :math:`[H'(w); \tau_{\text{prev}}^\top] x = e_{N+1}`, which also keeps the
   orientation (:math:`x \cdot \tau_{\text{prev}} = 1`).
2. **Predictor.** An Euler step :math:`v = w + h \tau`.
3. **Corrector.** Newton steps restricted to the hyperplane orthogonal to
   :math:`\tau`: :math:`[H'(v); \tau^\top] \Delta = [-H(v); 0]`.
4. **Step control.** A step is rejected (and ``h`` halved) when the first
   correction is large relative to ``h``, the Newton iterates stop
   contracting, the tangent turns by more than about 35 degrees, or the point
   leaves the homotopy's admissible region; after an easy step ``h`` grows.

References
----------
E. L. Allgower and K. Georg, *Introduction to Numerical Continuation
Methods*, SIAM Classics in Applied Mathematics 45 (2003).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, TypeAlias

import numpy as np
from numpy.typing import NDArray
from scipy.linalg import lapack

from .._validation import check_positive_int
from ..games.normal_form import NormalFormGame
from ._core import DEFAULT_SEED, SolverOutput, solver_rng
from ._multilinear import PayoffKernel, normalised_payoffs
from ._refine import RefineOutcome, refine, support_guess
from .pure import pure_nash_mask

__all__ = [
    "DEFAULT_SEED",
    "FollowOutcome",
    "Homotopy",
    "NashHomotopy",
    "PathFactory",
    "follow",
    "follow_newton",
    "multistart_nash",
    "solve_at_parameter",
    "trace_to_nash",
]

FloatArray = NDArray[np.float64]

_COS_MAX_TURN = 0.82  # reject a step whose tangent turns by more than ~35 degrees
_NOMINAL_DISTANCE = 0.5  # first corrector step
_NOMINAL_CONTRACTION = 0.5  # ratio of successive (chord) corrector steps
_NOMINAL_ANGLE = 0.3  # radians between successive tangents
_STRICT_RATIO = float(np.exp(-6.0))  # support guesses: probability relative to the largest
_LOOSE_RATIO = 1e-12
_PATH_CORR_TOL = 1e-4  # corrector tolerance while tracing to a Nash equilibrium
#: Size of the deterministic payoff perturbation tried when a path fails.
_PERTURBATION = 1e-7
# step control of follow_newton (see there); Newton's corrector converges from
# farther than the chord one, so it must be kept from converging onto a nearby
# stretch of another curve: tighter nominal values than follow's
_NEWTON_FIRST = 0.2  # largest first correction, relative to the step
_NEWTON_DISTANCE = 0.1  # nominal first correction
_NEWTON_ANGLE = 0.3  # nominal turn of the tangent (radians)
_NEWTON_REJECT = 2.0  # retry when the step exceeds its nominal size this many times
_NEWTON_BEND = 0.5  # corrector/curvature consistency: relative ...
_NEWTON_SLACK = 0.02  # ... and absolute allowance
_CHORD_RATIO = 0.5  # largest chord/Newton disagreement of the first correction, relative
_NEWTON_STRAIGHT = 0.99  # a determinant sign change with cos(turn) above this: bifurcation


class Homotopy(Protocol):
    """What :func:`follow` needs from a homotopy."""

    @property
    def param_index(self) -> int:
        """Index of the homotopy parameter in ``w``."""
        ...

    def residual(self, w: FloatArray) -> FloatArray:
        """``H(w)``, shape ``(N,)``."""
        ...

    def jacobian(self, w: FloatArray) -> tuple[FloatArray, FloatArray]:
        """``(H(w), H'(w))`` with ``H'(w)`` of shape ``(N, N + 1)``."""
        ...

    def admissible(self, w: FloatArray) -> bool:
        """Whether ``w`` lies in the region where the path is defined."""
        ...


class NashHomotopy(Homotopy, Protocol):
    """A homotopy whose path ends at a Nash equilibrium (what :func:`multistart_nash` follows)."""

    def start(self) -> FloatArray:
        """The known zero where the path starts."""
        ...

    def profile(self, w: FloatArray) -> FloatArray:
        """The flat mixed profile at ``w``."""
        ...

    def progress(self, w: FloatArray) -> float:
        """How far along the path ``w`` is; grows like a logit precision."""
        ...


#: Builds the path from the (normalised) payoffs and a prior, a flat interior profile.
PathFactory: TypeAlias = Callable[[PayoffKernel, FloatArray], NashHomotopy]


@dataclass(slots=True)
class FollowOutcome:
    """Where the continuation ended.

    Attributes
    ----------
    w : ndarray
        Last accepted point.
    tangent : ndarray
        Unit tangent there.
    steps : int
        Accepted steps.
    status : str
        ``"stopped"`` (the callback asked), ``"max_steps"`` or ``"stalled"``
        (step size fell below ``h_min``).
    """

    w: FloatArray
    tangent: FloatArray
    steps: int
    status: str


def initial_tangent(jac: FloatArray, param_index: int) -> FloatArray:
    """Unit null vector of ``jac`` oriented so the parameter increases."""
    _, _, vt = np.linalg.svd(jac)
    t = np.asarray(vt[-1], dtype=np.float64)
    if t[param_index] < 0:
        t = -t
    return t


def follow(
    hom: Homotopy,
    w0: FloatArray,
    *,
    callback: Callable[[FloatArray, FloatArray, int], bool],
    h0: float = 0.1,
    h_max: float = 1.0,
    h_min: float = 1e-9,
    max_steps: int = 10_000,
    corr_tol: float = 1e-9,
    max_corr: int = 6,
    growth: float = 2.0,
) -> FollowOutcome:
    """Follow the zero curve of ``hom`` from ``w0`` (a zero) in the direction of growing parameter.

    ``callback(w, tangent, step)`` is called after every accepted step and
    returns True to stop. Steps are capped at ``h_max * (1 + |parameter|)``:
    relative to the parameter, because the paths followed here become
    straight lines as the parameter grows (log-probabilities of unused
    strategies fall linearly in it), so long steps are safe far out.

    The corrector is a chord method: the augmented Jacobian is inverted once
    per step, at the last accepted point, and reused for every corrector
    iteration (Allgower & Georg 2003, sec. 6.1).
    """
    _, jac = hom.jacobian(w0)
    tangent = initial_tangent(jac, hom.param_index)
    w = np.array(w0, dtype=np.float64)
    h = h0
    steps = 0
    try:
        inverse = np.linalg.inv(np.vstack([jac, tangent]))
    except np.linalg.LinAlgError:
        return FollowOutcome(w, tangent, steps, "stalled")
    while steps < max_steps:
        while True:
            if h < h_min:
                return FollowOutcome(w, tangent, steps, "stalled")
            trial = _corrector_step(
                hom, inverse, w, tangent, h, corr_tol=corr_tol, max_corr=max_corr
            )
            if trial is None:
                h *= 0.5
                continue
            v, first, ratio = trial
            _, new_jac = hom.jacobian(v)
            # one inverse serves twice: its last column solves [J; t] x = e_last, the
            # new tangent (up to scale), and it is the chord matrix of the next step
            try:
                new_inverse = np.linalg.inv(np.vstack([new_jac, tangent]))
            except np.linalg.LinAlgError:
                h *= 0.5
                continue
            column = new_inverse[:, -1]
            norm = float(np.sqrt(column @ column))
            if not np.isfinite(norm) or norm == 0.0:
                h *= 0.5
                continue
            new_tangent = column / norm
            cos = float(np.clip(new_tangent @ tangent, -1.0, 1.0))
            if cos < _COS_MAX_TURN:
                h *= 0.5
                continue
            # steplength adaptation (Allgower & Georg 2003, sec. 6.1): compare the
            # first correction, the contraction rate and the turning angle with
            # their nominal values; the worst one sets the next step
            factor = max(
                np.sqrt(first / _NOMINAL_DISTANCE),
                np.sqrt(ratio / _NOMINAL_CONTRACTION),
                float(np.arccos(cos)) / _NOMINAL_ANGLE,
                1.0 / growth,
            )
            if factor > 2.0:
                h /= 2.0  # too hard: retry a shorter step
                continue
            w, tangent, inverse = v, new_tangent, new_inverse
            steps += 1
            h = min(h / factor, h_max * (1.0 + abs(float(w[hom.param_index]))))
            break
        if callback(w, tangent, steps):
            return FollowOutcome(w, tangent, steps, "stopped")
    return FollowOutcome(w, tangent, steps, "max_steps")


def follow_newton(
    hom: Homotopy,
    w0: FloatArray,
    *,
    callback: Callable[[FloatArray, FloatArray, int], bool],
    h0: float = 0.3,
    h_max: float = 1.0,
    h_min: float = 1e-9,
    max_steps: int = 10_000,
    corr_tol: float = 1e-9,
    max_corr: int = 6,
    growth: float = 2.0,
) -> FollowOutcome:
    """Like :func:`follow`, with a Newton corrector: a new Jacobian at every iterate.

    The chord corrector of :func:`follow` keeps the Jacobian of the last
    accepted point. On the logit path, in log-probabilities, that Jacobian
    goes stale within a short step wherever a probability is on its way to
    zero (its column scales like the probability), so the chord iteration
    stops contracting and the step is halved again and again. Newton's
    corrector converges quadratically instead, so the step is limited by the
    predictor's error and the turning of the tangent, not by a stale matrix;
    an iteration costs about as much as a chord one when the Jacobian is
    cheap (small games). The last Jacobian also gives the new tangent, so an
    accepted step needs no extra evaluation.

    Newton's method also converges from farther away, so a long step could
    land on a nearby stretch of the curve (or of another one). Besides
    the checks of :func:`follow` (with tighter nominal values), a step is
    retried shorter when the correction does not match the turn of the
    tangent (on a smooth curve both are set by its curvature) or when the
    sign of ``det [H'; tangent]`` changes while the tangent turns (a jump
    onto a stretch traversed the other way; with the tangent unturned it is a
    simple bifurcation point, crossed straight), and when the first Newton
    correction and the chord one (with the last accepted point's Jacobian)
    differ by more than half the former: the step then spans a region where
    the Jacobian changes fast, as near a narrow S-bend of the branch that
    another branch passes closely, where a long step can land on the other
    branch with every local test passing. The parameters mean what
    they mean in :func:`follow`; the predictor is not checked for
    admissibility (only the corrected point is: it may lie just outside
    where the corrector pulls it back).
    """
    # a diverging Newton iterate overflows exp() and the norms: such a step is rejected
    # below by its non-finite norm or admissible(), so the warnings carry no news
    with np.errstate(over="ignore", invalid="ignore"):
        p = hom.param_index
        _, jac = hom.jacobian(w0)
        tangent = initial_tangent(jac, p)
        w = np.array(w0, dtype=np.float64)
        size = w.size
        augmented = np.zeros((size, size))
        # right-hand sides: H(v) (the Newton step) and e_last (the tangent), one
        # LU factorisation for both
        rhs = np.zeros((size, 2))
        rhs[-1, 1] = 1.0
        augmented[:-1] = jac
        augmented[-1] = tangent
        start = _lu_solve(augmented, rhs)
        if start is None:
            return FollowOutcome(w, tangent, 0, "stalled")
        order = np.arange(size, dtype=np.int32)
        orientation = _det_parity(start[0], start[1], order)
        chord_lu = start[:2]  # LU of the last accepted point's augmented Jacobian
        h = h0
        steps = 0
        while steps < max_steps:
            while True:
                if h < h_min:
                    return FollowOutcome(w, tangent, steps, "stalled")
                v = w + h * tangent
                augmented[-1] = tangent
                first = ratio = 0.0
                previous = np.inf
                ok = False
                factors = None
                for _ in range(max_corr):
                    resid, jac_v = hom.jacobian(v)
                    augmented[:-1] = jac_v
                    rhs[:-1, 0] = resid
                    factors = _lu_solve(augmented, rhs)
                    if factors is None:
                        break
                    delta = -factors[2][:, 0]
                    norm = math.sqrt(float(delta @ delta))
                    if not math.isfinite(norm):
                        break
                    if previous == np.inf:
                        first = norm
                        if norm > _NEWTON_FIRST * h + 10 * corr_tol:
                            break
                        # the chord step (the last accepted point's Jacobian) must agree with
                        # Newton's: where the Jacobian changes fast along the step (near-
                        # bifurcations, a narrow S-bend of the branch) Newton's wider basin
                        # could carry the step over onto a nearby branch
                        chord = -lapack.dgetrs(chord_lu[0], chord_lu[1], rhs[:, 0])[0]
                        apart = chord - delta
                        if math.sqrt(float(apart @ apart)) > _CHORD_RATIO * norm + 10 * corr_tol:
                            break
                    else:
                        ratio = max(ratio, norm / previous if previous > 0 else 0.0)
                        if norm > 0.5 * previous and norm > corr_tol:
                            break
                    v = v + delta
                    previous = norm
                    if norm <= corr_tol:
                        ok = True
                        break
                if not ok or factors is None or not hom.admissible(v):
                    h *= 0.5
                    continue
                # the new tangent: the null vector of the last Jacobian, oriented along
                # the old one ([J; t] x = e_last gives t . x = 1)
                lu, piv, solution = factors
                column = solution[:, 1]
                norm = math.sqrt(float(column @ column))
                if not math.isfinite(norm) or norm == 0.0:
                    h *= 0.5
                    continue
                new_tangent = np.asarray(column / norm, dtype=np.float64)
                cos = min(max(float(new_tangent @ tangent), -1.0), 1.0)
                if cos < _COS_MAX_TURN:
                    h *= 0.5
                    continue
                # on a smooth curve the corrector moves the predictor by about
                # (h^2 / 2) times the curvature, and the tangent turns by h times it:
                # 2 (v - w - h t) / h = t_new - t up to higher-order terms. A much
                # larger correction means it landed on a nearby, parallel stretch of
                # another curve (close branches): retry shorter
                bend = new_tangent - tangent
                gap = (2.0 / h) * (v - w) - 2.0 * tangent - bend
                miss = math.sqrt(float(gap @ gap))
                if miss > _NEWTON_BEND * math.sqrt(float(bend @ bend)) + _NEWTON_SLACK:
                    h *= 0.5
                    continue
                # det [H'; tangent] keeps its sign along a regular path. A change with a
                # turned tangent means the corrector landed on another stretch of the
                # curve, traversed the other way: retry shorter. With the tangent
                # unturned it is a simple bifurcation point (symmetric games), crossed
                # straight, as the chord follower does. (det [J; t_new] has the sign of
                # det [J; t_old], factorised above, since t_new is along x.)
                sign = _det_parity(lu, piv, order)
                if sign != orientation:
                    if cos < _NEWTON_STRAIGHT:
                        h *= 0.5
                        continue
                    orientation = sign
                factor = max(
                    math.sqrt(first / _NEWTON_DISTANCE),
                    math.sqrt(ratio / _NOMINAL_CONTRACTION),
                    math.acos(cos) / _NEWTON_ANGLE,
                    1.0 / growth,
                )
                if factor > _NEWTON_REJECT:
                    h /= factor
                    continue
                w, tangent = v, new_tangent
                chord_lu = (lu, piv)
                steps += 1
                h = min(h / factor, h_max * (1.0 + abs(float(w[p]))))
                break
            if callback(w, tangent, steps):
                return FollowOutcome(w, tangent, steps, "stopped")
        return FollowOutcome(w, tangent, steps, "max_steps")


def _lu_solve(
    matrix: FloatArray, rhs: FloatArray
) -> tuple[FloatArray, NDArray[np.int32], FloatArray] | None:
    """``(lu, pivots, solution)`` of ``matrix @ x = rhs`` (LAPACK ``gesv``); ``None`` if singular.

    Called directly: for the small systems of a path step, ``numpy.linalg.solve``
    spends more time checking its arguments than solving.
    """
    lu, piv, solution, info = lapack.dgesv(matrix, rhs)
    if info != 0:
        return None
    return lu, piv, solution


def _det_parity(lu: FloatArray, piv: NDArray[np.int32], order: NDArray[np.int32]) -> int:
    """Sign of a determinant as a parity (0: positive, 1: negative) from its LU factors.

    ``piv`` are the (0-based) row interchanges of ``gesv``; ``order`` is
    ``arange(len(piv))``. A determinant that is exactly zero counts as positive
    (the factorisation would have failed).
    """
    swaps = int(np.count_nonzero(piv != order))
    return (swaps + int(np.count_nonzero(lu.diagonal() < 0.0))) % 2


def _corrector_step(
    hom: Homotopy,
    inverse: FloatArray,
    w: FloatArray,
    tangent: FloatArray,
    h: float,
    *,
    corr_tol: float,
    max_corr: int,
) -> tuple[FloatArray, float, float] | None:
    """Predict and correct one step; ``None`` if the corrector fails.

    The corrector starts as a chord method (the inverse of the augmented
    Jacobian at the last accepted point) and improves that inverse after
    every iteration with Broyden's rank-one update, so it converges
    superlinearly without new Jacobians (Allgower & Georg 2003, sec. 7.2).
    Returns the corrected point, the size of the first correction and the
    largest contraction ratio of successive corrections.
    """
    v = w + h * tangent
    first = 0.0
    ratio = 0.0
    previous = np.inf
    inv = inverse[:, :-1]  # the last equation (tangent . dv = 0) has zero residual
    if not hom.admissible(v):
        return None
    resid = hom.residual(v)
    for _ in range(max_corr):
        delta = -(inv @ resid)
        norm = float(np.sqrt(delta @ delta))
        if not np.isfinite(norm):
            return None
        if previous == np.inf:
            first = norm
            if norm > 0.5 * h + 10 * corr_tol:
                return None
        else:
            ratio = max(ratio, norm / previous if previous > 0 else 0.0)
            if norm > 0.5 * previous and norm > corr_tol:
                return None
        v = v + delta
        previous = norm
        if norm <= corr_tol:
            break
        if not hom.admissible(v):
            return None
        new_resid = hom.residual(v)
        # good Broyden update of the inverse: inv += (delta - inv y) delta' inv / (delta' inv y)
        y = new_resid - resid
        inv_y = inv @ y
        denom = float(delta @ inv_y)
        if abs(denom) > 1e-300:
            inv = inv + np.outer(delta - inv_y, delta @ inv) / denom
        resid = new_resid
    else:
        return None
    if not hom.admissible(v):
        return None
    return v, first, ratio


def solve_at_parameter(
    hom: Homotopy,
    w_guess: FloatArray,
    value: float,
    *,
    max_iter: int = 30,
    ftol: float = 1e-13,
) -> tuple[FloatArray, bool]:
    """Newton's method on ``H(w) = 0`` with the parameter held at ``value``."""
    w = np.array(w_guess, dtype=np.float64)
    p = hom.param_index
    w[p] = value
    keep = np.ones(w.size, dtype=bool)
    keep[p] = False
    for _ in range(max_iter):
        resid, jac = hom.jacobian(w)
        if not (np.isfinite(resid).all() and np.isfinite(jac).all()):
            return w, False  # diverged: no Newton step is meaningful
        # rounding in w limits the attainable residual when w is large
        if float(np.abs(resid).max()) <= ftol * (1.0 + float(np.abs(w).max())):
            return w, True
        square = jac[:, keep]
        try:
            delta = np.linalg.solve(square, -resid)
        except np.linalg.LinAlgError:
            delta = np.linalg.lstsq(square, -resid, rcond=None)[0]
        if not np.isfinite(delta).all():
            return w, False
        w[keep] += delta
    resid = hom.residual(w)
    return w, bool(np.abs(resid).max() <= 1e3 * ftol * (1.0 + float(np.abs(w).max())))


def trace_to_nash(
    hom: Homotopy,
    w0: FloatArray,
    kernel: PayoffKernel,
    *,
    profile: Callable[[FloatArray], FloatArray],
    progress: Callable[[FloatArray], float],
    tol: float,
    max_steps: int,
    first_check: float = 10.0,
    check_factor: float = 2.0,
    closeness: float = 20.0,
    max_radius: float = 0.1,
    max_progress: float = 1e6,
    h0: float = 0.3,
) -> tuple[RefineOutcome | None, FollowOutcome]:
    """Follow a homotopy whose end is a Nash equilibrium, refining on the way.

    Whenever ``progress(w)`` (for example the logit precision) has grown by
    ``check_factor`` since the last attempt (from ``first_check`` on), the
    profile at ``w`` is polished by :func:`~._refine.refine` on its guessed
    support, first with a strict support threshold (probability at least
    ``e**-6`` times the player's largest), then, if that fails, with a loose
    one (``1e-12``). The first success that lies within
    ``min(max_radius, closeness / progress)`` of the path (largest probability
    difference) ends the path: so the answer is the equilibrium the path
    converges to, not merely one that Newton's method found nearby. If the
    path ends without one, a last attempt accepts any verified equilibrium.

    Two optional attributes of ``hom`` change this (the logit principal
    branch sets them): ``newton_corrector = True`` follows the path with
    :func:`follow_newton` instead of :func:`follow`; ``has_endgame = True``
    calls ``hom.endgame(w, tangent, tol)`` after every step instead of the
    periodic refinements, and the first flat profile it returns (one it has
    verified and checked to be the path's limit) ends the path.
    Returns the refinement
    (``None`` if none succeeded) and where the continuation stopped.
    """
    state: dict[str, object] = {"next": first_check, "result": None}

    def attempt(
        w: FloatArray, max_iter: int, radius: float, final: bool = False
    ) -> RefineOutcome | None:
        flat = profile(w)
        tried: list[list[NDArray[np.intp]]] = []
        for ratio in (_STRICT_RATIO, _LOOSE_RATIO):
            supp = support_guess(kernel, flat, ratio=ratio)
            if any(all(np.array_equal(a, b) for a, b in zip(supp, t, strict=True)) for t in tried):
                continue
            tried.append(supp)
            out = refine(kernel, flat, tol=tol, support=supp, max_iter=max_iter, explore=final)
            if out.success and out.flat is not None and np.abs(out.flat - flat).max() <= radius:
                return out
        if not final:
            return None
        # no exact solution: near-degenerate games can still have a path point,
        # or a best Newton iterate, within tol
        point = np.clip(flat, 0.0, None)
        for sl in kernel.slices:
            point[sl] /= point[sl].sum()
        own = kernel.relative_regret(kernel.split(point))
        if own <= tol:
            return RefineOutcome(point, own, True, 0)
        out = refine(kernel, flat, tol=tol, support=tried[0], max_iter=max_iter, soft=True)
        return out if out.success else None

    endgame = getattr(hom, "endgame", None) if getattr(hom, "has_endgame", False) else None

    def callback(w: FloatArray, tangent: FloatArray, _step: int) -> bool:
        value = progress(w)
        if value >= max_progress:
            return True  # far enough: more precision is lost to rounding than gained
        if endgame is not None:
            flat = endgame(w, tangent, tol)
            if flat is None:
                return False
            own = kernel.relative_regret(kernel.split(flat))
            state["result"] = RefineOutcome(flat, own, True, 0)
            return True
        if value < float(state["next"]):  # type: ignore[arg-type]
            return False
        state["next"] = value * check_factor
        found = attempt(w, 10, min(max_radius, closeness / value))
        if found is not None:
            state["result"] = found
            return True
        return False

    follower = follow_newton if getattr(hom, "newton_corrector", False) else follow
    outcome = follower(
        hom,
        w0,
        callback=callback,
        h0=h0,
        h_max=1.0,
        max_steps=max_steps,
        corr_tol=_PATH_CORR_TOL,
        max_corr=10,
    )
    result = state["result"]
    if result is None:
        result = attempt(outcome.w, 30, np.inf, final=True)
    assert result is None or isinstance(result, RefineOutcome)
    return result, outcome


# ---------------------------------------------------------------------- many starts
def _perturbed(kernel: PayoffKernel) -> PayoffKernel:
    """A fixed, tiny, generic perturbation of the (normalised) payoffs."""
    noise = np.random.default_rng(DEFAULT_SEED + 1).uniform(-1.0, 1.0, size=kernel.payoffs.shape)
    return PayoffKernel(kernel.payoffs + _PERTURBATION * noise)


def _path_end(
    make_path: PathFactory, kernel: PayoffKernel, prior: FloatArray, *, tol: float, max_iter: int
) -> tuple[FloatArray | None, int, str]:
    """Follow one path from ``prior`` to its Nash limit; ``(flat or None, steps, status)``.

    ``status`` is the follower's, or ``"endgame at lam = ..."`` when the
    homotopy's endgame (see :func:`trace_to_nash`) found the limit.
    """
    hom = make_path(kernel, prior)
    result, outcome = trace_to_nash(
        hom,
        hom.start(),
        kernel,
        profile=hom.profile,
        progress=hom.progress,
        tol=tol,
        max_steps=max_iter,
    )
    flat = None if result is None else result.flat
    ended = getattr(hom, "endgame_lam", None)
    if flat is not None and ended is not None:
        return flat, outcome.steps, f"endgame at lam = {ended:.4g}"
    return flat, outcome.steps, outcome.status


def _search(
    kernel: PayoffKernel,
    make_path: PathFactory,
    *,
    tol: float,
    max_iter: int,
    n_equilibria: int,
    max_starts: int,
    rng: np.random.Generator,
) -> tuple[list[FloatArray], int, list[str]]:
    """Follow the paths ``make_path(kernel, prior)`` from the centroid and random priors.

    A start whose path fails is retried once on a tiny generic perturbation
    of the payoffs, and its answer refined on the original game. If no start
    yields an equilibrium, the pure equilibria (if any) are returned. Returns
    the distinct equilibria found (flat), total steps and notes.
    """
    found: list[FloatArray] = []
    steps = 0
    notes: list[str] = []
    for start in range(max_starts):
        if start == 0:
            prior = kernel.centroid()
        else:
            prior = np.concatenate([rng.dirichlet(np.ones(s)) for s in kernel.shape])
        flat, n, status = _path_end(make_path, kernel, prior, tol=tol, max_iter=max_iter)
        steps += n
        if flat is not None and status.startswith("endgame"):
            notes.append(
                f"start {start}: limit solved by Newton's method on the support "
                f"extrapolated from the branch at {status[len('endgame at ') :]}"
            )
        if flat is None:
            alt, n, status2 = _path_end(
                make_path, _perturbed(kernel), prior, tol=tol, max_iter=max_iter
            )
            steps += n
            if alt is not None:
                polished = refine(kernel, alt, tol=tol, ratio=1e-9, explore=True)
                if polished.success:
                    flat = polished.flat
                elif kernel.relative_regret(kernel.split(alt)) <= tol:
                    flat = alt
            if flat is None:
                notes.append(f"start {start}: path {status}/{status2} without a verified end")
        if flat is not None and not any(np.abs(flat - f).max() <= 1e-6 for f in found):
            found.append(flat)
        if len(found) >= n_equilibria:
            break
    if not found:
        # a degenerate game whose paths all stall short of their limits: fall back
        # to the pure equilibria, if any (exact, and verified like everything else)
        mask = pure_nash_mask(kernel.payoffs, tol=tol)
        for idx in np.argwhere(mask)[:n_equilibria]:
            flat = np.zeros(kernel.dim)
            flat[kernel.offsets[:-1] + idx] = 1.0
            found.append(flat)
        if found:
            notes.append("fell back to pure-strategy enumeration")
    return found, steps, notes


def multistart_nash(
    game: NormalFormGame,
    make_path: PathFactory,
    *,
    func: str,
    paths: str,
    tol: float,
    max_iter: int,
    n_equilibria: int,
    max_starts: int | None,
    rng: int | np.random.Generator | None,
) -> SolverOutput:
    """The body of the path-following Nash solvers (``logit_nash``, ``tracing_nash``).

    Checks the search options (``max_starts`` defaults to ``4 * n_equilibria``;
    ``rng=None`` means :data:`DEFAULT_SEED`, so that a call is reproducible),
    scales the payoffs to ``[0, 1]``, follows paths built by ``make_path``
    and reports what it found; ``paths`` names the paths in the message.
    """
    max_iter = check_positive_int(max_iter, func=func, name="max_iter")
    n_equilibria = check_positive_int(n_equilibria, func=func, name="n_equilibria")
    starts = (
        4 * n_equilibria
        if max_starts is None
        else check_positive_int(max_starts, func=func, name="max_starts")
    )
    generator = solver_rng(rng, func=func)
    scaled, _, _ = normalised_payoffs(game.payoffs)
    kernel = PayoffKernel(scaled)
    found, steps, notes = _search(
        kernel,
        make_path,
        tol=tol,
        max_iter=max_iter,
        n_equilibria=n_equilibria,
        max_starts=starts,
        rng=generator,
    )
    message = f"Followed {paths} to their Nash limits;"
    if notes:
        message += " " + "; ".join(notes) + ";"
    return SolverOutput(
        [kernel.split(f) for f in found], approximate=True, n_iter=steps, message=message
    )
