r"""Stationary (Markov perfect) equilibria of discounted stochastic games by the logit homotopy.

The method follows the *Markov logit quantal response equilibrium* (QRE)
branch of a stochastic game from complete noise to its Nash limit, as in
Eibelshäuser and Poensgen's homotopy for dynamic stochastic games, re-derived
here from the mathematics.

**The system.** Scale stage payoffs to ``[0, 1]`` (equilibria are unchanged).
Unknowns are the log-probabilities :math:`\beta_{sia} = \log\sigma_{sia}` of
every action of every player in every state and the values :math:`V_{si}`.
With

.. math:: u_{sia}(\sigma, V) = \mathbb{E}_{\sigma_{s,-i}}\Bigl[r_{si}(a, a_{-i})
          + \delta_i \textstyle\sum_t P_s(t \mid a, a_{-i})\, V_{ti}\Bigr],

the logit Markov QRE at precision :math:`\lambda` solves, for every state
and player,

.. math::

   \textstyle\sum_a \sigma_{sia} = 1, \quad
   \beta_{sia} - \beta_{si0} = \lambda\,(u_{sia} - u_{si0}) \;(a \ne 0), \quad
   V_{si} = \textstyle\sum_a \sigma_{sia}\, u_{sia}.

At :math:`\lambda = 0` the solution is known: uniform play, and the values of
uniform play from one linear system per player. As :math:`\lambda \to \infty`
the solutions approach a stationary equilibrium.

**Steps.**

1. Start at :math:`\lambda = 0`.
2. Follow the solution curve of :math:`H(\beta, V, \lambda) = 0` by
   predictor–corrector continuation in arclength (tangent from the augmented
   Jacobian, Newton corrector on the hyperplane orthogonal to the tangent,
   adaptive step), so turning points in :math:`\lambda` are passed. The
   Jacobian is analytic. Log-probabilities keep the curve nearly straight
   as strategies become pure, so steps grow geometrically.
3. Every few steps, read the support off the current point and **refine by
   Newton** on the equilibrium equations restricted to that support
   (indifference among used actions, probabilities summing to 1, values).
4. Accept a candidate only when the **independent one-shot-deviation check**
   (:meth:`~mediation_sim.games.StochasticGame.regret`: values recomputed
   by a linear solve, every deviation in every state) is at most
   ``tol * payoff_range``.

**Sources**

* S. Eibelshäuser and D. Poensgen, "Markov quantal response equilibrium and
  a homotopy method for computing and selecting Markov perfect equilibria of
  dynamic stochastic games", SSRN working paper 3314404 (2019).
* R. D. McKelvey and T. R. Palfrey, "Quantal response equilibria for normal
  form games", *Games and Economic Behavior* 10 (1995), pp. 6-38.
* E. L. Allgower and K. Georg, *Numerical Continuation Methods*, Springer (1990).
"""

from __future__ import annotations

import html
import math
import time
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np

from .._errors import InvalidArgumentError
from .._jsonable import jsonable
from .._pickling import picklable
from .._validation import DEFAULT_TOL, check_positive_int, check_tol
from ..games.stochastic import FloatArray, StationaryStrategy, StochasticGame, contract

__all__ = ["StationaryResult", "stationary_equilibrium"]

#: Supports are read off the path with these probability thresholds, largest first.
_SUPPORT_THRESHOLDS = (1e-2, 1e-4, 1e-7)

#: A refined candidate counts as the branch's limit only within this distance
#: (largest probability difference) of the current point on the path.
_NEAR = 0.02


@picklable
@dataclass(frozen=True, slots=True, repr=False)
class StationaryResult:
    """A stationary equilibrium of a stochastic game, verified in every state, and how it was found.

    Attributes
    ----------
    game : StochasticGame
        The game solved.
    method : str
        Canonical name of the algorithm (``"logit_homotopy"``).
    equilibrium : StationaryStrategy or None
        The verified equilibrium (``None`` when ``success`` is False).
    values : ndarray or None
        Its values, shape ``(n_states, n_players)``, in the game's payoff units.
    max_regret : float
        Largest one-shot-deviation gain of :attr:`equilibrium` over states and
        players (``inf`` when there is none).
    success : bool
        Whether a verified equilibrium was found.
    message : str
        A human-readable account of the run.
    n_iter : int
        Accepted continuation steps.
    lam : float
        Precision on the QRE branch where the equilibrium was refined.
    parameters : Mapping[str, object]
        Every argument the solver used.
    """

    game: StochasticGame = field(repr=False)
    method: str
    equilibrium: StationaryStrategy | None
    values: FloatArray | None
    max_regret: float
    success: bool
    message: str
    n_iter: int
    lam: float
    parameters: Any

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable summary: the equilibrium by label, diagnostics and parameters."""
        return {
            "method": self.method,
            "equilibrium": None if self.equilibrium is None else self.equilibrium.to_dict(),
            "max_regret": self.max_regret,
            "success": self.success,
            "message": self.message,
            "n_iter": self.n_iter,
            "lam": self.lam,
            "parameters": {k: jsonable(v) for k, v in self.parameters.items()},
        }

    def __repr__(self) -> str:
        return (
            f"StationaryResult(method={self.method!r}, success={self.success}, "
            f"max_regret={self.max_regret:.2g}, n_iter={self.n_iter})"
        )

    def _repr_html_(self) -> str:
        eq = "" if self.equilibrium is None else html.escape(repr(self.equilibrium))
        return (
            f"<p><b>{html.escape(repr(self))}</b></p><p>{html.escape(self.message)}</p><p>{eq}</p>"
        )


# ---------------------------------------------------------------------- the system
class _System:
    """Index bookkeeping, the homotopy function and its Jacobian for one (scaled) game."""

    def __init__(self, game: StochasticGame) -> None:
        self.game = game
        lo = min(float(p.min()) for p in game.payoffs)
        self.scale = game.payoff_range
        self.payoffs = [(p - lo) / self.scale for p in game.payoffs]
        self.transitions = list(game.transitions)
        self.delta = np.asarray(game.discount, dtype=np.float64)
        self.n = game.n_players
        self.S = game.n_states
        self.shapes = game.shapes
        # offsets of beta blocks, then V block
        self.offsets: list[list[int]] = []
        k = 0
        for s in range(self.S):
            row = []
            for i in range(self.n):
                row.append(k)
                k += self.shapes[s][i]
            self.offsets.append(row)
        self.n_beta = k
        self.size = k + self.S * self.n

    def v_index(self, s: int, i: int) -> int:
        return self.n_beta + s * self.n + i

    def split(self, y: FloatArray) -> tuple[list[list[FloatArray]], FloatArray]:
        sigmas = [
            [
                np.exp(y[self.offsets[s][i] : self.offsets[s][i] + self.shapes[s][i]])
                for i in range(self.n)
            ]
            for s in range(self.S)
        ]
        values = y[self.n_beta :].reshape(self.S, self.n)
        return sigmas, values

    def _q(self, s: int, values: FloatArray) -> FloatArray:
        cont = np.moveaxis(self.transitions[s] @ values, -1, 0)
        q: FloatArray = self.payoffs[s] + self.delta.reshape((-1,) + (1,) * (cont.ndim - 1)) * cont
        return q

    def start(self) -> FloatArray:
        sigmas = [[np.full(m, 1.0 / m) for m in self.shapes[s]] for s in range(self.S)]
        values = _values(self.payoffs, self.transitions, self.delta, sigmas)
        y = np.empty(self.size)
        for s in range(self.S):
            for i in range(self.n):
                o = self.offsets[s][i]
                y[o : o + self.shapes[s][i]] = -np.log(self.shapes[s][i])
        y[self.n_beta :] = values.ravel()
        return y

    def evaluate(self, x: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Return ``H(x)`` and its Jacobian (``size x (size + 1)``) at ``x = (y, lam)``."""
        y, lam = x[:-1], float(x[-1])
        sigmas, values = self.split(y)
        h = np.zeros(self.size)
        jac = np.zeros((self.size, self.size + 1))
        for s in range(self.S):
            q = self._q(s, values)
            sig = sigmas[s]
            for i in range(self.n):
                o, m = self.offsets[s][i], self.shapes[s][i]
                u = contract(q[i], sig, keep=[i])
                # T[a, t]: expected transition to t after own action a
                trans = contract(self.transitions[s], sig, keep=[i])
                si = sig[i]
                vi = self.v_index(s, i)
                vcols = slice(self.n_beta + i, self.size, self.n)
                # normalisation row
                h[o] = si.sum() - 1.0
                jac[o, o : o + m] = si
                # logit rows
                h[o + 1 : o + m] = y[o + 1 : o + m] - y[o] - lam * (u[1:] - u[0])
                jac[o + 1 : o + m, o + 1 : o + m] += np.eye(m - 1)
                jac[o + 1 : o + m, o] -= 1.0
                jac[o + 1 : o + m, vcols] -= lam * self.delta[i] * (trans[1:] - trans[0])
                jac[o + 1 : o + m, -1] = -(u[1:] - u[0])
                # value row
                h[vi] = values[s, i] - si @ u
                jac[vi, o : o + m] -= si * u
                jac[vi, vcols] -= self.delta[i] * (si @ trans)
                jac[vi, vi] += 1.0
                for j in range(self.n):
                    if j == i:
                        continue
                    oj, mj = self.offsets[s][j], self.shapes[s][j]
                    d = contract(q[i], sig, keep=[i, j])
                    if j < i:
                        d = d.T
                    # d[a, b]: u_ia with player j fixed to b
                    dsig = d * sig[j][None, :]
                    jac[o + 1 : o + m, oj : oj + mj] -= lam * (dsig[1:] - dsig[0])
                    jac[vi, oj : oj + mj] -= si @ dsig
        return h, jac

    # -------------------------------------------------------------- Newton on a support
    def supports(self, y: FloatArray, threshold: float) -> tuple[tuple[tuple[int, ...], ...], ...]:
        """Actions whose probability is at least ``threshold`` times the player's largest."""
        sigmas, _ = self.split(y)
        return tuple(
            tuple(tuple(int(a) for a in np.flatnonzero(v >= threshold * v.max())) for v in per)
            for per in sigmas
        )

    def refine(
        self,
        y: FloatArray,
        support: tuple[tuple[tuple[int, ...], ...], ...],
        max_iter: int = 20,
    ) -> StationaryStrategyData | None:
        """Newton on the equilibrium equations restricted to ``support``, started at ``y``."""
        sigmas, values = self.split(y)
        supports = [[np.asarray(sup, dtype=np.intp) for sup in per] for per in support]
        probs = [
            [
                np.where(np.isin(np.arange(m), supports[s][i]), sigmas[s][i], 0.0)
                for i, m in enumerate(self.shapes[s])
            ]
            for s in range(self.S)
        ]
        probs = [[p / p.sum() for p in per] for per in probs]
        if all(len(sup) == 1 for per in supports for sup in per):
            return probs
        # unknowns: probabilities on supports, then V
        offsets: list[list[int]] = []
        k = 0
        for s in range(self.S):
            starts = []
            for i in range(self.n):
                starts.append(k)
                k += len(supports[s][i])
            offsets.append(starts)
        n_p = k
        size = n_p + self.S * self.n
        z = np.empty(size)
        for s in range(self.S):
            for i in range(self.n):
                z[offsets[s][i] : offsets[s][i] + len(supports[s][i])] = probs[s][i][supports[s][i]]
        z[n_p:] = values.ravel()
        # one equation per supported action (indifference with V) and one per (s, i) sum
        for iteration in range(max_iter):
            vals = z[n_p:].reshape(self.S, self.n)
            for s in range(self.S):
                for i in range(self.n):
                    p = np.zeros(self.shapes[s][i])
                    p[supports[s][i]] = z[offsets[s][i] : offsets[s][i] + len(supports[s][i])]
                    probs[s][i] = p
            f = np.zeros(size)
            jac = np.zeros((size, size))
            row = 0
            for s in range(self.S):
                q = self._q(s, vals)
                for i in range(self.n):
                    sup = supports[s][i]
                    u = contract(q[i], probs[s], keep=[i])
                    trans = contract(self.transitions[s], probs[s], keep=[i])
                    vcols = slice(n_p + i, size, self.n)
                    rows = slice(row, row + len(sup))
                    f[rows] = u[sup] - vals[s, i]
                    jac[rows, vcols] += self.delta[i] * trans[sup]
                    jac[rows, n_p + s * self.n + i] -= 1.0
                    for j in range(self.n):
                        if j == i:
                            continue
                        d = contract(q[i], probs[s], keep=[i, j])
                        if j < i:
                            d = d.T
                        supj = supports[s][j]
                        cols = slice(offsets[s][j], offsets[s][j] + len(supj))
                        jac[rows, cols] = d[np.ix_(sup, supj)]
                    row += len(sup)
            for s in range(self.S):
                for i in range(self.n):
                    o, ln = offsets[s][i], len(supports[s][i])
                    f[row] = z[o : o + ln].sum() - 1.0
                    jac[row, o : o + ln] = 1.0
                    row += 1
            try:
                step, *_ = np.linalg.lstsq(jac[:row], -f[:row], rcond=None)
            except np.linalg.LinAlgError:  # pragma: no cover - lstsq rarely fails
                return None
            z = z + step
            residual = float(np.abs(f[:row]).max())
            if not np.isfinite(z).all() or (iteration >= 5 and residual > 1e-4):
                return None
            if residual < 1e-14 or float(np.abs(step).max()) < 1e-14 * (
                1.0 + float(np.abs(z).max())
            ):
                break
        out = []
        for s in range(self.S):
            per = []
            for i in range(self.n):
                p = np.zeros(self.shapes[s][i])
                p[supports[s][i]] = z[offsets[s][i] : offsets[s][i] + len(supports[s][i])]
                if (p < -1e-9).any():
                    return None
                p = np.clip(p, 0.0, None)
                if p.sum() <= 0:
                    return None
                per.append(p / p.sum())
            out.append(per)
        return out


StationaryStrategyData = list[list[FloatArray]]


def _values(
    payoffs: list[FloatArray],
    transitions: list[FloatArray],
    delta: FloatArray,
    sigmas: list[list[FloatArray]],
) -> FloatArray:
    from ..games.stochastic import policy_values

    return policy_values(payoffs, transitions, delta, sigmas)


def _tangent(jac: FloatArray, previous: FloatArray) -> FloatArray:
    aug = np.vstack([jac, previous[None, :]])
    rhs = np.zeros(jac.shape[1])
    rhs[-1] = 1.0
    t = np.asarray(np.linalg.solve(aug, rhs), dtype=np.float64)
    out: FloatArray = t / float(np.linalg.norm(t))
    return out


def _correct(
    system: _System, x: FloatArray, tangent: FloatArray, *, max_steps: int = 8
) -> tuple[FloatArray, bool, FloatArray | None]:
    """Newton on the hyperplane through ``x`` orthogonal to ``tangent``.

    Returns the point, whether it converged, and the Jacobian at the last
    iterate before the final (tiny) update, which serves the next tangent.
    """
    prev_norm = np.inf
    for k in range(max_steps):
        h, jac = system.evaluate(x)
        aug = np.vstack([jac, tangent[None, :]])
        rhs = np.concatenate([-h, [0.0]])
        try:
            dx = np.linalg.solve(aug, rhs)
        except np.linalg.LinAlgError:
            return x, False, None
        norm = float(np.linalg.norm(dx))
        if not np.isfinite(norm) or (k > 0 and norm > 0.5 * prev_norm):
            return x, False, None
        x = x + dx
        prev_norm = norm
        if norm < 1e-10 * (1.0 + float(np.linalg.norm(x))):
            return x, bool(np.abs(h).max() < 1e-6), jac
    return x, False, None


def _gap(candidate: StationaryStrategy, path: list[list[FloatArray]]) -> float:
    """Largest probability difference between a candidate and a point on the path."""
    return max(
        float(np.abs(p - q).max())
        for per_p, per_q in zip(candidate.probabilities, path, strict=True)
        for p, q in zip(per_p, per_q, strict=True)
    )


def _candidate(game: StochasticGame, probs: StationaryStrategyData) -> StationaryStrategy | None:
    try:
        return game.as_strategy(probs)
    except InvalidArgumentError:  # pragma: no cover - refine returns normalised vectors
        return None


def stationary_equilibrium(
    game: StochasticGame,
    *,
    tol: float = DEFAULT_TOL,
    max_iter: int = 2_000,
    lam_max: float = 1e7,
) -> StationaryResult:
    r"""A stationary (Markov perfect) equilibrium of a discounted stochastic game.

    Follows the logit Markov QRE branch [EP19]_ from uniform play (precision 0)
    to its Nash limit by arclength continuation [AG90]_, then refines by Newton
    on the limit's support.

    Algorithm:

    1. Scale stage payoffs to ``[0, 1]``; start at uniform play and its values.
    2. Track :math:`H(\\beta, V, \\lambda) = 0` by predictor–corrector
       continuation in arclength with an analytic Jacobian.
    3. After each accepted step, read supports off the path (several
       thresholds) and solve the equilibrium equations on each support by
       Newton's method; keep a solution only if it lies within 0.02 (in
       every probability) of the current point, so that the result is the
       limit of the branch, not some other equilibrium Newton happens to reach.
    4. Return the first candidate whose one-shot-deviation regret
       (:meth:`~mediation_sim.games.StochasticGame.regret`, every player,
       every state, values recomputed independently) is at most
       ``tol * game.payoff_range``.

    Parameters
    ----------
    game : StochasticGame
        The game.
    tol : float, default 1e-8
        Regret tolerance, relative to :attr:`StochasticGame.payoff_range`.
    max_iter : int, default 2000
        Largest number of accepted continuation steps.
    lam_max : float, default 1e7
        Precision (on payoffs scaled to ``[0, 1]``) at which tracking stops.

    Returns
    -------
    StationaryResult
        ``success`` is True and ``equilibrium`` verified when a candidate
        passes the check; otherwise ``equilibrium`` is None and ``message``
        says why.

    Raises
    ------
    InvalidArgumentError
        If ``game`` is not a :class:`StochasticGame` or an option is out of range.

    See Also
    --------
    mediation_sim.games.StochasticGame.regret : the verifier.
    mediation_sim.solvers.finite_horizon : backward induction over periods.
    mediation_sim.solvers.logit_nash : the same homotopy for normal-form games.

    Notes
    -----
    A one-player game is a Markov decision problem; it is solved exactly by
    policy iteration (Howard 1960; ties to the lowest action index), verified
    by the same check, and reported with ``method="policy_iteration"``.

    The logit branch selects one equilibrium (the limit of the principal
    branch), and the selection is invariant to relabelling and to affine
    rescaling of all payoffs. Each step costs one dense solve of a system with
    one unknown per action per state and player plus one per value, so the
    method suits games with up to a few hundred unknowns.

    References
    ----------
    .. [EP19] S. Eibelshäuser and D. Poensgen, "Markov quantal response
       equilibrium and a homotopy method for computing and selecting Markov
       perfect equilibria of dynamic stochastic games", SSRN working paper
       3314404 (2019).
    .. [AG90] E. L. Allgower and K. Georg, *Numerical Continuation Methods*,
       Springer (1990).

    Examples
    --------
    A one-state repeated prisoner's dilemma: with stationary strategies the
    only equilibrium is defection in every period.

    >>> import mediation_sim as ms
    >>> pd = ms.games.prisoners_dilemma()
    >>> g = ms.games.StochasticGame([pd.payoffs], [[[[1.0], [1.0]], [[1.0], [1.0]]]], 0.9,
    ...                             players=pd.players, actions=[pd.strategies])
    >>> res = ms.solvers.stationary_equilibrium(g)
    >>> res.equilibrium
    StationaryStrategy(s1: (defect, defect))
    >>> g.is_equilibrium(res.equilibrium)
    True
    """
    func = "stationary_equilibrium"
    if not isinstance(game, StochasticGame):
        raise InvalidArgumentError(
            f"{func}(): game must be a mediation_sim.games.StochasticGame, got "
            f"{type(game).__name__}"
        )
    tol = check_tol(tol, func=func)
    max_iter = check_positive_int(max_iter, func=func, name="max_iter")
    lam_max = check_tol(lam_max, func=func, name="lam_max")
    if lam_max <= 0:
        raise InvalidArgumentError(f"{func}(): lam_max must be > 0, got {lam_max!r}")
    params = MappingProxyType({"tol": tol, "max_iter": max_iter, "lam_max": lam_max})
    started = time.perf_counter()
    bound = tol * game.payoff_range
    if game.n_players == 1:
        return _policy_iteration(game, bound=bound, max_iter=max_iter, params=params)
    system = _System(game)

    Support = tuple[tuple[tuple[int, ...], ...], ...]
    # support -> (verified candidate and its regret, or None; precision when Newton ran)
    cache: dict[Support, tuple[tuple[StationaryStrategy, float] | None, float]] = {}

    def attempt(y: FloatArray, lam: float) -> tuple[StationaryStrategy | None, float]:
        best: tuple[StationaryStrategy | None, float] = (None, np.inf)
        path, _ = system.split(y)
        for threshold in _SUPPORT_THRESHOLDS:
            support = system.supports(y, threshold)
            entry, tried_at = cache.get(support, (None, -1.0))
            gap = np.inf
            if entry is not None:
                gap = _gap(entry[0], path)
            # Newton once per support, again from a point twice as far along the
            # branch if its solution is not (yet) the branch's limit
            if support not in cache or (gap > _NEAR and lam > 2.0 * tried_at):
                probs = system.refine(y, support)
                cand = None if probs is None else _candidate(game, probs)
                entry = None if cand is None else (cand, game.regret(cand))
                cache[support] = (entry, lam)
                gap = np.inf if entry is None else _gap(entry[0], path)
            if entry is None or gap > _NEAR:  # not (yet) the limit of this branch
                continue
            cand, r = entry
            if r < best[1]:
                best = (cand, r)
            if r <= bound:
                break
        return best

    x = np.concatenate([system.start(), [0.0]])
    tangent = np.zeros(system.size + 1)
    tangent[-1] = 1.0
    step = 0.3
    best: tuple[StationaryStrategy | None, float] = (None, np.inf)
    n_iter = 0
    reason = f"stopped after max_iter={max_iter} steps"
    jac: FloatArray | None = None
    while n_iter < max_iter:
        if jac is None:
            _, jac = system.evaluate(x)
        try:
            new_tangent = _tangent(jac[:, :], tangent)
        except np.linalg.LinAlgError:
            reason = "the path Jacobian became singular"
            break
        if new_tangent @ tangent < 0:
            new_tangent = -new_tangent
        tangent = new_tangent
        accepted = False
        while step > 1e-9:
            trial, ok, jac = _correct(system, x + step * tangent, tangent)
            if ok and float(np.linalg.norm(trial - x)) < 2.0 * step + 1e-12:
                accepted = True
                break
            step *= 0.5
        if not accepted:
            reason = "the step size fell below 1e-9 (the path could not be followed)"
            break
        x = trial
        n_iter += 1
        step = min(step * 1.6, 1e6)
        lam = float(x[-1])
        if lam > 2.0:
            cand = attempt(x[:-1], lam)
            if cand[1] < best[1]:
                best = cand
            if best[1] <= bound:
                reason = "refined on the path's support"
                break
        if lam >= lam_max:
            reason = f"reached lam_max={lam_max:g}"
            break
    if best[1] > bound:
        cand = attempt(x[:-1], float(x[-1]))
        if cand[1] < best[1]:
            best = cand
    if best[1] > bound:  # off the branch, but still a verified equilibrium
        verified = [e for e, _ in cache.values() if e is not None and e[1] <= bound]
        if verified:
            best = min(verified, key=lambda e: e[1])
            reason += "; the equilibrium returned is not the limit of the logit branch"
        else:  # near-ties the branch has not separated: the pure profile it points to
            path, _ = system.split(x[:-1])
            pure = game.as_strategy([[int(np.argmax(v)) for v in per] for per in path])
            if (r_pure := game.regret(pure)) <= bound:
                best = (pure, r_pure)
                reason += "; the pure profile the branch points to (near-ties not separated)"
    elapsed = time.perf_counter() - started
    eq, regret = best
    if eq is not None and regret <= bound:
        return StationaryResult(
            game=game,
            method="logit_homotopy",
            equilibrium=eq,
            values=eq.values,
            max_regret=float(regret),
            success=True,
            message=(
                f"verified stationary equilibrium at lam={float(x[-1]):.3g} after {n_iter} steps "
                f"({reason}; {elapsed:.3g} s)"
            ),
            n_iter=n_iter,
            lam=float(x[-1]),
            parameters=params,
        )
    return StationaryResult(
        game=game,
        method="logit_homotopy",
        equilibrium=None,
        values=None,
        max_regret=float(regret),
        success=False,
        message=(
            f"no candidate passed the one-shot-deviation check (best regret {regret:.3g} > "
            f"{bound:.3g}); {reason}"
        ),
        n_iter=n_iter,
        lam=float(x[-1]),
        parameters=params,
    )


def _policy_iteration(
    game: StochasticGame, *, bound: float, max_iter: int, params: Any
) -> StationaryResult:
    """Howard's policy iteration for a one-player game (an MDP), verified like every result."""
    policy = [0] * game.n_states
    delta = float(game.discount[0])
    n_iter = 0
    for n_iter in range(1, max_iter + 1):  # noqa: B007 - n_iter is reported
        strategy = game.as_strategy([[a] for a in policy])
        values = strategy.values
        new = []
        for s in range(game.n_states):
            q = game.payoffs[s][0] + delta * (game.transitions[s] @ values[:, 0])
            best = float(q.max())
            keep = q[policy[s]] >= best - 1e-12 * max(1.0, abs(best))
            new.append(policy[s] if keep else int(np.argmax(q)))
        if new == policy:
            break
        policy = new
    strategy = game.as_strategy([[a] for a in policy])
    regret = game.regret(strategy)
    ok = regret <= bound
    return StationaryResult(
        game=game,
        method="policy_iteration",
        equilibrium=strategy if ok else None,
        values=strategy.values if ok else None,
        max_regret=float(regret),
        success=ok,
        message=(
            f"optimal policy by policy iteration after {n_iter} iterations"
            if ok
            else f"policy iteration stopped after max_iter={max_iter} with regret {regret:.3g}"
        ),
        n_iter=n_iter,
        lam=math.inf,
        parameters=params,
    )
