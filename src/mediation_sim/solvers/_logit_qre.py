r"""Logit quantal response equilibrium: one precision, the whole branch, and its Nash limit.

In a logit quantal response equilibrium (QRE) with precision
:math:`\lambda \ge 0` every player plays each pure strategy with probability
proportional to the exponential of its expected payoff,

.. math::

    \sigma_{ik} = \frac{\exp(\lambda\, U_{ik}(\sigma))}{\sum_l \exp(\lambda\, U_{il}(\sigma))},

where :math:`U_{ik}(\sigma)` is player :math:`i`'s expected payoff from pure
strategy :math:`k` against the others' mixtures [MP95]_. At
:math:`\lambda = 0` everyone mixes uniformly; as :math:`\lambda \to \infty`
the players become perfectly rational. For generic games the QRE that start
at the centroid form one smooth curve, the *principal branch*, which
converges to a Nash equilibrium — the "logit selection" [MP95]_ [Tur05]_.

Analysts use the QRE as a model of bounded rationality when a pure
equilibrium does not exist or flips abruptly with a parameter: the QRE moves
continuously with payoffs and with :math:`\lambda`.

Units
    :math:`\lambda` is *relative to the game's payoff range*: the logit
    response uses :math:`\lambda\, U_{ik} / R`, where :math:`R` is
    :attr:`NormalFormGame.payoff_range` (the largest payoff minus the
    smallest, over all players). So ``qre(game, lam=lam)`` does not change when
    every payoff is multiplied by a positive constant or shifted, and one
    value of ``lam`` means the same at every scale: at ``lam = 10`` a
    deviation worth the whole payoff range is :math:`e^{10}` times likelier
    than its alternative. To use a precision ``beta`` in the game's own
    (inverse payoff) units, pass ``lam = beta * game.payoff_range``.

.. versionchanged:: 0.2
   ``lam`` was in inverse payoff units; it is now relative to the payoff
   range (multiply an old ``lam`` by ``game.payoff_range``).

References
----------
.. [MP95] R. D. McKelvey and T. R. Palfrey, "Quantal response equilibria for
   normal form games", *Games and Economic Behavior* 10 (1995) 6-38.
.. [Tur05] T. L. Turocy, "A dynamic homotopy interpretation of the logistic
   quantal response equilibrium correspondence", *Games and Economic
   Behavior* 51 (2005) 243-263.
.. [AG03] E. L. Allgower and K. Georg, *Introduction to Numerical
   Continuation Methods*, SIAM Classics in Applied Mathematics 45 (2003).
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .._deprecation import deprecate_positional
from .._errors import InvalidArgumentError, SolverError
from .._results import Result
from .._validation import DEFAULT_TOL, check_positive_int, check_tol
from ..games.normal_form import MixedProfile, NormalFormGame, ProfileLike
from ._core import SolverOutput, check_game, nash_solver
from ._homotopy import follow, multistart_nash, solve_at_parameter, trace_to_nash
from ._logit_homotopy import (
    LogitHomotopy,
    centroid_log,
    logit_response_gap,
    solve_at,
    trace_until,
)
from ._multilinear import PayoffKernel, normalised_payoffs
from ._paths import check_point, long_frame

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["QREPath", "QREResult", "logit_nash", "qre", "qre_path"]

FloatArray = NDArray[np.float64]


# ---------------------------------------------------------------------- results
@dataclass(frozen=True, slots=True, repr=False, eq=False)
class QREResult(Result):
    """A logit quantal response equilibrium at one precision.

    Attributes
    ----------
    game : NormalFormGame
        The game.
    lam : float
        The precision, relative to the game's payoff range (see the module
        notes on units).
    profile : MixedProfile
        The QRE on the principal branch (first crossing of ``lam``).
    residual : float
        ``max |sigma - logit_response(sigma)|``: how exactly the fixed-point
        equations hold (checked to be at most ``tol``).
    n_iter : int
        Path-following steps taken from ``lam = 0`` (0 after a successful
        warm start).
    parameters : Mapping[str, object]
        Arguments used.
    """

    game: NormalFormGame = field(repr=False)
    lam: float
    profile: MixedProfile
    residual: float
    n_iter: int
    parameters: Mapping[str, object]

    @property
    def regret(self) -> float:
        """Regret of the QRE profile (at most ``payoff_range * log(max strategies) / lam``)."""
        return self.profile.regret

    def _summary(self) -> dict[str, Any]:
        """JSON-serialisable form."""
        return {
            "lam": self.lam,
            "profile": self.profile.to_dict(),
            "residual": self.residual,
            "n_iter": self.n_iter,
            "parameters": dict(self.parameters),
        }

    def __repr__(self) -> str:
        return f"QREResult(lam={self.lam:.4g}, regret={self.regret:.3g}, {self.profile!r})"

    def _repr_html_(self) -> str:
        return f"<p><b>{html.escape(repr(self))}</b></p>{self.profile._repr_html_()}"


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class QREPath(Result):
    """The traced principal branch of logit QRE, as plottable data.

    Attributes
    ----------
    game : NormalFormGame
        The game.
    lam : ndarray, shape (k,)
        Precision at each point (relative to the payoff range). Increasing unless the
        branch bends back (it can, in games with several equilibria).
    probabilities : tuple of ndarray
        Entry ``i`` has shape ``(k, s_i)``: player ``i``'s mixed strategy at
        each point.
    nash : MixedProfile or None
        The Nash equilibrium the branch converges to, refined and verified,
        when the trace ran until the limit was found (``lam_max=None``).
    n_iter : int
        Path-following steps taken.
    parameters : Mapping[str, object]
        Arguments used.
    """

    game: NormalFormGame = field(repr=False)
    lam: FloatArray
    probabilities: tuple[FloatArray, ...]
    nash: MixedProfile | None
    n_iter: int
    parameters: Mapping[str, object]

    def __len__(self) -> int:
        return int(self.lam.size)

    def profile(self, index: int) -> MixedProfile:
        """The profile at point ``index`` of the path."""
        check_point(index, len(self), func="QREPath.profile")
        return self.game.as_profile([p[index] for p in self.probabilities])

    @property
    def regrets(self) -> FloatArray:
        """Regret of the profile at each point (it falls towards 0 as ``lam`` grows)."""
        return np.array([self.profile(k).regret for k in range(len(self))])

    def profile_at(self, lam: float) -> MixedProfile:
        """The QRE on this branch at precision ``lam`` (within the traced range).

        The two traced points around ``lam`` (first crossing) are interpolated
        and the logit equations solved exactly at ``lam`` by Newton's method.

        Raises
        ------
        InvalidArgumentError
            If ``lam`` is negative or beyond the traced range.
        SolverError
            If Newton's method fails (it should not between adjacent points).
        """
        target = check_tol(lam, func="QREPath.profile_at", name="lam")
        if target > float(self.lam.max()):
            raise InvalidArgumentError(
                f"QREPath.profile_at(): lam = {target:g} is beyond the traced range "
                f"[0, {float(self.lam.max()):g}]; call qre_path(..., lam_max=...) or qre()"
            )
        scaled, _, _ = normalised_payoffs(self.game.payoffs)
        kernel = PayoffKernel(scaled)
        hom = LogitHomotopy(kernel, centroid_log(kernel))
        d = kernel.dim
        logs = np.log(np.clip(np.hstack(self.probabilities), 1e-300, None))
        above = np.flatnonzero(self.lam >= target)
        k = int(above[0])
        if k == 0:
            return self.profile(0)

        def point(j: int) -> FloatArray:
            y = logs[j]
            lam_n = float(self.lam[j])
            values = kernel.deviation(kernel.split(np.exp(y)))
            c = np.array([float(np.mean(y[sl] - lam_n * values[sl])) for sl in kernel.slices])
            return np.concatenate([y, c, [lam_n]])

        w = solve_at(hom, point(k - 1), point(k), target)
        if w is None:
            raise SolverError(f"QREPath.profile_at(): Newton's method failed at lam = {target:g}")
        flat = hom.profile(w)
        return self.game.as_profile(_normalise(kernel, flat[:d]))

    def to_frame(self) -> pd.DataFrame:
        """Long (tidy) DataFrame: one row per point, player and strategy.

        Columns: ``step`` (int), ``lam`` (float), ``player`` (str),
        ``strategy`` (str), ``probability`` (float). Needs pandas.
        """
        return long_frame(
            self.game, self.probabilities, {"step": np.arange(len(self)), "lam": self.lam}
        )

    def _summary(self) -> dict[str, Any]:
        """JSON-serialisable form (lists of floats)."""
        return {
            "lam": self.lam.tolist(),
            "probabilities": {
                p: self.probabilities[i].tolist() for i, p in enumerate(self.game.players)
            },
            "nash": None if self.nash is None else self.nash.to_dict(),
            "n_iter": self.n_iter,
            "parameters": dict(self.parameters),
        }

    def __repr__(self) -> str:
        end = "" if self.nash is None else f", nash={self.nash!r}"
        top = float(self.lam.max()) if len(self) else 0.0
        return f"QREPath({len(self)} points, lam in [0, {top:.4g}]{end})"

    def _repr_html_(self) -> str:
        return f"<p><b>{html.escape(repr(self))}</b></p>"


def _normalise(kernel: PayoffKernel, flat: FloatArray) -> list[FloatArray]:
    out = []
    for sl in kernel.slices:
        v = np.clip(flat[sl], 0.0, None)
        out.append(v / v.sum())
    return out


def _readonly(a: FloatArray) -> FloatArray:
    a.flags.writeable = False
    return a


# ---------------------------------------------------------------------- public API
@deprecate_positional("lam")
def qre(
    game: NormalFormGame,
    *,
    lam: float,
    tol: float = DEFAULT_TOL,
    max_iter: int = 10_000,
    init: ProfileLike | None = None,
) -> QREResult:
    r"""The logit quantal response equilibrium at precision ``lam`` on the principal branch.

    Algorithm:

    1. Scale payoffs to the unit interval (so ``lam`` is relative to the
       payoff range) and start at the centroid, the unique QRE at precision 0.
    2. Follow the principal branch in log-probabilities by arc length with a
       predictor–corrector method (Euler predictor, chord corrector,
       adaptive steps; see :func:`qre_path`).
    3. At the first step that passes ``lam``, interpolate between the two
       last points and solve the logit equations at exactly ``lam`` by
       Newton's method.
    4. Check the fixed point: every probability equals the logit response
       to the others within ``tol``.

    With ``init`` (a warm start, e.g. the QRE of a nearby game in a sweep),
    Newton's method on the logit equations at ``lam`` starts from ``init``
    instead; if it does not converge to a valid fixed point, steps 1-3 run
    as usual. A warm start continues the QRE it starts from, which is on the
    principal branch as long as the games in between have no fold there.

    Parameters
    ----------
    game : NormalFormGame
        Any number of players.
    lam : float
        Precision :math:`\lambda \ge 0`, relative to the payoff range: the
        logit response weighs payoffs divided by ``game.payoff_range``, so
        the answer is unchanged by positive rescaling or shifting of the
        payoffs (0: uniform play; large: close to a Nash equilibrium).
    tol : float, default 1e-8
        Largest accepted error of the fixed-point equations, in probability.
    max_iter : int, default 10000
        Largest number of path-following steps.
    init : profile-like, optional
        Starting profile for Newton's method (see above).

    Returns
    -------
    QREResult
        The profile, its residual and the number of steps (0 after a
        successful warm start).

    Raises
    ------
    InvalidArgumentError
        If ``game`` is not a game, ``lam`` is negative or not finite, or
        ``tol``/``max_iter`` are invalid.
    SolverError
        If the branch cannot be followed to ``lam`` within ``max_iter`` steps.

    See Also
    --------
    qre_path : the whole branch, for plotting.
    logit_nash : the Nash equilibrium at the end of the branch.

    Notes
    -----
    The branch can bend back in ``lam`` in games with several equilibria, so
    that several QRE share one precision; this function returns the one met
    first along the branch from the centroid, which is the one continuously
    connected to uniform play. Its regret is at most
    ``payoff_range * log(s) / lam`` where ``s`` is the largest number of
    strategies: the logit response maximises expected payoff plus
    ``payoff_range / lam`` times the entropy.

    References
    ----------
    .. [1] R. D. McKelvey and T. R. Palfrey, "Quantal response equilibria for
       normal form games", *Games and Economic Behavior* 10 (1995) 6-38.
    .. [2] T. L. Turocy, "A dynamic homotopy interpretation of the logistic
       quantal response equilibrium correspondence", *Games and Economic
       Behavior* 51 (2005) 243-263.

    Examples
    --------
    In matching pennies the QRE is uniform at every precision:

    >>> import mediation_sim as ms
    >>> res = ms.solvers.qre(ms.games.matching_pennies(), lam=3.0)
    >>> res.profile["row"]
    {'heads': 0.5, 'tails': 0.5}

    In the Prisoner's Dilemma (payoffs from 0 to 5, so ``payoff_range`` is
    5), defection becomes likelier as ``lam`` grows. By symmetry both play
    defect with the same probability ``q``, which solves
    ``q = 1 / (1 + exp(-(lam / 5) (2 - q)))`` (defecting gains 2 against
    cooperation and 1 against defection):

    >>> pd = ms.games.prisoners_dilemma()
    >>> [round(ms.solvers.qre(pd, lam=lam).profile["row"]["defect"], 3) for lam in (2.5, 10.0)]
    [0.661, 0.9]
    >>> ms.solvers.qre(pd, lam=10.0).residual <= 1e-8
    True

    ``lam`` is relative to the payoff range, so rescaling the payoffs
    changes nothing:

    >>> big = pd.affine_transform(1e6, -3.0)
    >>> ms.solvers.qre(big, lam=10.0).profile.isclose(ms.solvers.qre(pd, lam=10.0).profile)
    True
    """
    func = "qre"
    check_game(game, func=func)
    target = check_tol(lam, func=func, name="lam")
    tol = check_tol(tol, func=func)
    max_iter = check_positive_int(max_iter, func=func, name="max_iter")
    scaled, _, _ = normalised_payoffs(game.payoffs)
    kernel = PayoffKernel(scaled)
    hom = LogitHomotopy(kernel, centroid_log(kernel))
    start = None if init is None else np.concatenate(game.as_profile(init).probabilities)
    warm = None if start is None else _warm_start(hom, kernel, start, target)
    if warm is not None:
        flat, steps = warm, 0
    else:
        points, steps = trace_until(hom, [target], max_steps=max_iter, func=func)
        flat = hom.profile(points[0])
    vectors = _normalise(kernel, flat)
    gap = logit_response_gap(kernel, np.concatenate(vectors), target)
    if gap > tol:
        raise SolverError(
            f"{func}(): the QRE at lam = {target:g} satisfies the logit equations only to "
            f"{gap:.3g} > tol = {tol:g}"
        )
    return QREResult(
        game=game,
        lam=target,
        profile=game.as_profile(vectors),
        residual=gap,
        n_iter=steps,
        parameters=MappingProxyType(
            {"lam": target, "tol": tol, "max_iter": max_iter, "init": init is not None}
        ),
    )


def _warm_start(
    hom: LogitHomotopy, kernel: PayoffKernel, start: FloatArray, lam: float
) -> FloatArray | None:
    """Newton on the logit equations at normalised precision ``lam`` from profile ``start``."""
    y = np.log(np.clip(start, 1e-300, None))
    values = kernel.deviation(kernel.split(np.exp(y)))
    offsets = y - lam * values - hom.log_prior
    c = np.array([offsets[sl].mean() for sl in kernel.slices])
    # Newton may diverge from a poor start (overflow on the way): then path following
    # takes over, so such failures are silent here
    with np.errstate(all="ignore"):
        try:
            w, ok = solve_at_parameter(hom, np.concatenate([y, c, [lam]]), lam)
        except np.linalg.LinAlgError:
            return None
        if not ok or not hom.admissible(w):
            return None
        return hom.profile(w)


def qre_path(
    game: NormalFormGame,
    *,
    lam_max: float | None = None,
    points: ArrayLike | None = None,
    tol: float = DEFAULT_TOL,
    max_iter: int = 10_000,
) -> QREPath:
    r"""Trace the principal branch of logit QRE from uniform play towards a Nash equilibrium.

    Algorithm:

    1. Scale payoffs to the unit interval and write the logit equations in
       the unknowns ``(log sigma, c, lambda)``: one curve through the
       centroid at ``lambda = 0``.
    2. Follow the curve by arc length: the tangent is the null vector of the
       Jacobian, an Euler step predicts, chord-Newton iterations correct back
       onto the curve, and the step grows after easy steps and shrinks after
       hard ones (Allgower & Georg 2003). The precision may decrease along
       the way where the branch bends back.
    3. Stop according to the arguments: at ``lam_max``; after the last of
       ``points``; or (neither given) once the branch's Nash limit is found —
       from ``lam = 10`` on, each time the precision doubles,
       the current profile's support is guessed and the equilibrium on it
       solved by Newton's method and verified by regret.

    Parameters
    ----------
    game : NormalFormGame
        Any number of players.
    lam_max : float, optional
        Trace up to this precision (relative to the payoff range); the last
        point is exactly at ``lam_max``.
    points : array_like, optional
        Report the branch exactly at these precisions (first crossings)
        instead of at the adaptive steps; sorted increasingly. Overrides
        ``lam_max``.
    tol : float, default 1e-8
        Regret tolerance of the Nash limit (relative to the payoff range).
    max_iter : int, default 10000
        Largest number of path-following steps.

    Returns
    -------
    QREPath
        Arrays of precisions and per-player probabilities, the Nash limit
        (when traced to it), ``to_frame()`` for plotting.

    Raises
    ------
    InvalidArgumentError
        If an argument is invalid (negative or non-finite precisions).
    SolverError
        If the branch cannot be followed as far as requested.

    See Also
    --------
    qre : one point of the branch.
    logit_nash : only the Nash limit.

    Notes
    -----
    ``lam`` may decrease along the branch where it bends back (games with
    several equilibria); ``points`` are then met at their first crossing.
    The adaptive points are spaced by the arc length of the path in
    ``(log sigma, lam)``, so they are dense where the branch
    turns and sparse where it is straight.

    References
    ----------
    .. [1] R. D. McKelvey and T. R. Palfrey, "Quantal response equilibria for
       normal form games", *Games and Economic Behavior* 10 (1995) 6-38.
    .. [2] T. L. Turocy, "A dynamic homotopy interpretation of the logistic
       quantal response equilibrium correspondence", *Games and Economic
       Behavior* 51 (2005) 243-263.
    .. [3] E. L. Allgower and K. Georg, *Introduction to Numerical
       Continuation Methods*, SIAM (2003).

    Examples
    --------
    >>> import numpy as np
    >>> import mediation_sim as ms
    >>> g = ms.games.battle_of_the_sexes()
    >>> path = ms.solvers.qre_path(g, points=[0.0, 2.0, 10.0])
    >>> np.round(path.probabilities[0][:, 0], 3)      # row's probability of opera
    array([0.5  , 0.571, 0.631])

    Traced until its limit is found, the branch ends at the mixed
    equilibrium (the game is symmetric under swapping both the players and
    the strategies, and the branch keeps that symmetry):

    >>> path = ms.solvers.qre_path(g)
    >>> path.nash
    MixedProfile(row={opera: 0.6667, football: 0.3333}, column={opera: 0.3333, football: 0.6667})
    >>> g.is_nash(path.nash)
    True
    """
    func = "qre_path"
    check_game(game, func=func)
    tol = check_tol(tol, func=func)
    max_iter = check_positive_int(max_iter, func=func, name="max_iter")
    scaled, _, _ = normalised_payoffs(game.payoffs)
    kernel = PayoffKernel(scaled)
    hom = LogitHomotopy(kernel, centroid_log(kernel))
    params: dict[str, object] = {"lam_max": lam_max, "points": None, "tol": tol}
    params["max_iter"] = max_iter
    nash: MixedProfile | None = None
    if points is not None:
        try:
            grid = np.asarray(points, dtype=np.float64).reshape(-1)
        except (TypeError, ValueError):
            raise InvalidArgumentError(
                f"{func}(): points must be an array of numbers, got {points!r:.60}"
            ) from None
        if grid.size == 0 or not np.isfinite(grid).all() or (grid < 0).any():
            raise InvalidArgumentError(
                f"{func}(): points must be a non-empty array of finite precisions >= 0"
            )
        if (np.diff(grid) < 0).any():
            raise InvalidArgumentError(f"{func}(): points must be sorted increasingly")
        params["points"] = grid.tolist()
        found, steps = trace_until(hom, list(grid), max_steps=max_iter, func=func)
        lams = grid.copy()
        flats = [hom.profile(w) for w in found]
    elif lam_max is not None:
        top = check_tol(lam_max, func=func, name="lam_max")
        recorded: list[FloatArray] = [hom.start()]

        def record(w: FloatArray, _t: FloatArray, _s: int) -> bool:
            if w[-1] >= top:
                return True
            recorded.append(w.copy())
            return False

        outcome = follow(
            hom, hom.start(), callback=record, h0=0.3, max_steps=max_iter, corr_tol=1e-7
        )
        if outcome.status != "stopped":
            raise SolverError(
                f"{func}(): the branch was not traced to lam_max = {top:g} within "
                f"max_iter={max_iter} steps (status {outcome.status!r})"
            )
        last = solve_at(hom, recorded[-1], outcome.w, top)
        if last is None:
            raise SolverError(f"{func}(): Newton's method failed at lam_max = {top:g}")
        recorded.append(last)
        steps = outcome.steps
        lams = np.array([float(w[-1]) for w in recorded])
        flats = [hom.profile(w) for w in recorded]
    else:
        recorded = [hom.start()]

        def progress(w: FloatArray) -> float:
            recorded.append(w.copy())
            return float(w[-1])

        result, outcome = trace_to_nash(
            hom,
            hom.start(),
            kernel,
            profile=hom.profile,
            progress=progress,
            tol=tol,
            max_steps=max_iter,
        )
        steps = outcome.steps
        if result is not None and result.flat is not None:
            nash = game.as_profile(kernel.split(result.flat))
        lams = np.array([float(w[-1]) for w in recorded])
        flats = [hom.profile(w) for w in recorded]
    stacked = np.array([np.concatenate(_normalise(kernel, f)) for f in flats])
    probabilities = tuple(_readonly(np.ascontiguousarray(stacked[:, sl])) for sl in kernel.slices)
    return QREPath(
        game=game,
        lam=_readonly(np.asarray(lams, dtype=np.float64)),
        probabilities=probabilities,
        nash=nash,
        n_iter=steps,
        parameters=MappingProxyType(params),
    )


# ---------------------------------------------------------------------- Nash via logit
#: Private switch: ``False`` makes ``logit_nash`` follow its branches as it did before
#: the fast follower and endgame (the tests compare both).
_FAST = True


def _logit_path(kernel: PayoffKernel, prior: FloatArray) -> LogitHomotopy:
    """The logit branch from ``prior`` (the principal branch from the centroid).

    The principal branch is followed in fast mode (Newton corrector, endgame);
    branches from random priors (``n_equilibria > 1``) as before.
    """
    principal = _FAST and np.array_equal(prior, kernel.centroid())
    return LogitHomotopy(kernel, np.log(prior), fast=principal)


@nash_solver("logit")
def logit_nash(
    game: NormalFormGame,
    *,
    tol: float = DEFAULT_TOL,
    max_iter: int = 10_000,
    n_equilibria: int = 1,
    max_starts: int | None = None,
    rng: int | np.random.Generator | None = None,
) -> SolverOutput:
    r"""Nash equilibria as limits of logit QRE branches, refined by Newton's method.

    Algorithm:

    1. Scale payoffs to ``[0, 1]``. From the centroid, follow the principal
       branch of logit QRE in log-probabilities by arc-length continuation
       (see :func:`qre_path`); for small games (number of players times
       strategy profiles of the others, times total strategies, at most
       10,000: 5 players x 3 strategies make 6,075, 5 x 4 make 25,600) with a
       Newton corrector (a new Jacobian at every iteration, guarded against
       jumping to a nearby stretch of the curve).
    2. Endgame, for those games: from precision 10 on, after every step,
       read the limit's support off the path's direction (strategies whose
       log-probability is not falling with the precision), solve the
       indifference and simplex equations on it by Newton's method from the
       extrapolated profile, and stop when the answer has regret at most
       ``tol``, lies near the path point, the path is heading to it, and
       the same answer came at the previous step (Turocy's extrapolation,
       checked; the message gives the precision).
       Larger games, and branches from random priors (step 4): from precision
       10 on, each time the precision doubles, guess the support of the limit
       (strategies with probability at least ``e**-6`` times the player's
       largest; then a looser ``1e-12``) and solve the indifference and
       simplex equations on it by Newton's method; correct the support when a
       probability comes out negative or a strategy outside it pays more.
    3. Stop at the first profile whose regret is at most ``tol``.
    4. For ``n_equilibria > 1``, repeat from random interior starting points
       ``p`` (drawn from ``rng``; the branch of the logit equations with
       prior, ``sigma_ik ∝ p_ik exp(lam U_ik)``) until that many distinct
       equilibria are found or ``max_starts`` branches have been followed.
    5. A branch that fails (step size collapse on a degenerate game) is
       retried once on a tiny fixed perturbation of the payoffs
       (``1e-7`` of their range) and its end refined on the true game; if
       every branch fails, the game's pure equilibria (if any) are returned,
       and the message says so.

    Parameters
    ----------
    game : NormalFormGame
        Any number of players.
    tol : float, default 1e-8
        Regret tolerance, relative to the payoff range.
    max_iter : int, default 10000
        Largest number of path-following steps per branch.
    n_equilibria : int, default 1
        How many distinct equilibria to look for.
    max_starts : int, optional
        Largest number of branches to follow; default ``4 * n_equilibria``.
    rng : int, Generator or None, default None
        Seeds the random starting points (used only when ``n_equilibria > 1``
        or a branch fails).
        ``None`` means the fixed seed :data:`~mediation_sim.solvers.DEFAULT_SEED`,
        so that a call is reproducible; pass a seed or Generator for other draws.

    Returns
    -------
    NashResult
        Verified equilibria (method ``"logit"``); ``n_iter`` counts path steps.

    Raises
    ------
    InvalidArgumentError
        If an argument is invalid.

    See Also
    --------
    nash : the dispatcher, with presolving by pure equilibria and dominance.
    tracing_nash : an independent homotopy method.
    qre_path : the branch itself.

    Notes
    -----
    For generic games the principal branch is a smooth curve that converges
    to one Nash equilibrium (the logit selection); non-generic games can
    have bifurcations, handled by the perturbation in step 5. Every returned
    profile is checked by the shared regret oracle.

    References
    ----------
    .. [1] R. D. McKelvey and T. R. Palfrey, "Quantal response equilibria for
       normal form games", *Games and Economic Behavior* 10 (1995) 6-38.
    .. [2] T. L. Turocy, "A dynamic homotopy interpretation of the logistic
       quantal response equilibrium correspondence", *Games and Economic
       Behavior* 51 (2005) 243-263.

    Examples
    --------
    The three-player volunteer's dilemma: the principal branch stays
    symmetric and ends at the symmetric mixed equilibrium, where each player
    waits with probability :math:`(c/b)^{1/(n-1)} = \sqrt{1/2}` [Diekmann 1985]:

    >>> import mediation_sim as ms
    >>> g = ms.games.volunteers_dilemma(3)
    >>> res = ms.solvers.logit_nash(g)
    >>> round(res[0]["p1"]["wait"], 6)
    0.707107
    >>> g.is_nash(res[0])
    True
    """
    return multistart_nash(
        game,
        _logit_path,
        func="logit",
        paths="logit QRE branches",
        tol=tol,
        max_iter=max_iter,
        n_equilibria=n_equilibria,
        max_starts=max_starts,
        rng=rng,
    )
