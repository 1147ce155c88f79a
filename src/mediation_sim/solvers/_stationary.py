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
import string
import time
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .._errors import InvalidArgumentError
from .._jsonable import jsonable
from .._results import Result
from .._validation import DEFAULT_TOL, check_positive_int, check_tol
from ..games.stochastic import FloatArray, StationaryStrategy, StochasticGame
from ._n_player import nash

__all__ = ["StationaryResult", "stationary_equilibrium"]

#: Supports are read off the path with these probability thresholds, largest first.
_SUPPORT_THRESHOLDS = (1e-2, 1e-4, 1e-7)

#: A refined candidate counts as the branch's limit only within this distance
#: (largest probability difference) of the current point on the path.
_NEAR = 0.02


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class StationaryResult(Result):
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

    def _summary(self) -> dict[str, Any]:
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
@dataclass(slots=True)
class _Group:
    """States that share one action shape, stacked so that each quantity is one array operation.

    ``idx[i]`` holds, per state of the group, the positions of player ``i``'s
    actions in the flat vector of log-probabilities (shape ``(G, m_i)``);
    ``vidx[:, i]`` the position of its value ``V_si``.
    """

    states: NDArray[np.intp]
    shape: tuple[int, ...]
    payoffs: FloatArray  # (G, n, m_1, ..., m_n), scaled to [0, 1]
    transitions: FloatArray  # (G, m_1, ..., m_n, S)
    idx: list[NDArray[np.intp]]
    vidx: NDArray[np.intp]
    d_subs: dict[tuple[int, int], str]
    t_subs: list[str]


class _System:
    """Index bookkeeping, the homotopy function and its Jacobian for one (scaled) game.

    States are grouped by their action shape; within a group every stage
    quantity (expected payoffs, continuation terms, their derivatives) is
    computed for all of the group's states in one ``einsum`` per player (or
    pair of players) and written into the Jacobian by fancy indexing, so the
    cost in Python calls does not grow with the number of states or actions.
    """

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
        # the (state, player) block of each flat action position, and where blocks start
        self._block_starts = np.array([o for row in self.offsets for o in row], dtype=np.intp)
        sizes = [m for shape in self.shapes for m in shape]
        self._block = np.repeat(np.arange(self.S * self.n), sizes)
        self.groups: list[_Group] = []
        n = self.n
        letters = string.ascii_lowercase[:n]
        for shape in dict.fromkeys(self.shapes):
            states = np.array([s for s in range(self.S) if self.shapes[s] == shape], dtype=np.intp)
            offs = np.array(self.offsets)[states]  # (G, n)
            idx = [offs[:, i, None] + np.arange(shape[i]) for i in range(n)]
            d_subs = {}
            for i in range(n):
                for j in range(n):
                    if j == i:
                        continue
                    terms = ["Z" + letters] + [
                        "Z" + letters[k] for k in range(n) if k not in (i, j)
                    ]
                    d_subs[i, j] = ",".join(terms) + "->Z" + letters[i] + letters[j]
            t_subs = [
                ",".join(["Z" + letters + "Y"] + ["Z" + letters[k] for k in range(n) if k != i])
                + "->Z"
                + letters[i]
                + "Y"
                for i in range(n)
            ]
            self.groups.append(
                _Group(
                    states=states,
                    shape=shape,
                    payoffs=np.stack([self.payoffs[s] for s in states]),
                    transitions=np.stack([np.asarray(self.transitions[s]) for s in states]),
                    idx=idx,
                    vidx=self.n_beta + states[:, None] * n + np.arange(n)[None, :],
                    d_subs=d_subs,
                    t_subs=t_subs,
                )
            )
        self._pattern()

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

    def _stage(
        self, group: _Group, sig: list[FloatArray], values: FloatArray
    ) -> tuple[list[FloatArray], list[FloatArray], dict[tuple[int, int], FloatArray]]:
        """Stage quantities of every state of a group, per player.

        ``u[i]`` (G, m_i): expected payoffs; ``trans[i]`` (G, m_i, S): expected
        transitions; ``d[i, j]`` (G, m_i, m_j): player ``i``'s expected payoff
        with player ``j``'s action fixed too.
        """
        n = self.n
        cont = group.transitions @ values  # (G, m_1..m_n, n)
        cont = np.moveaxis(cont, -1, 1)
        q = group.payoffs + self.delta.reshape((1, -1) + (1,) * n) * cont
        optimize = n > 3
        d = {
            (i, j): np.einsum(
                group.d_subs[i, j],
                q[:, i],
                *[sig[k] for k in range(n) if k not in (i, j)],
                optimize=optimize,
            )
            for (i, j) in group.d_subs
        }
        u = []
        for i in range(n):
            j = 1 if i == 0 else 0
            u.append(np.einsum("zab,zb->za", d[i, j], sig[j]))
        trans = [
            np.einsum(
                group.t_subs[i],
                group.transitions,
                *[sig[k] for k in range(n) if k != i],
                optimize=optimize,
            )
            for i in range(n)
        ]
        return u, trans, d

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

    def _pattern(self) -> None:
        """Where :meth:`evaluate` writes: constant entries once, variable ones as flat indices.

        Every variable entry of ``H`` and of its Jacobian has one position,
        listed per group and player in the order :meth:`evaluate` produces
        the values, so each evaluation is one scatter into a copy of the
        constant part (no two variable entries share a position).
        """
        width = self.size + 1
        base = np.zeros((self.size, width))
        h_index: list[NDArray[np.intp]] = []
        j_index: list[NDArray[np.intp]] = []
        for group in self.groups:
            for i in range(self.n):
                ix = group.idx[i]
                o, lr, vi = ix[:, 0], ix[:, 1:], group.vidx[:, i]
                vcols = self.n_beta + np.arange(self.S) * self.n + i
                base[lr, lr] = 1.0
                base[lr, o[:, None]] = -1.0
                base[vi, vi] = 1.0
                h_index += [o, lr.ravel(), vi]
                blocks = [
                    (o[:, None], ix),
                    (lr[:, :, None], vcols[None, None, :]),
                    (lr, np.full_like(lr, self.size)),
                    (vi[:, None], ix),
                    (vi[:, None], vcols[None, :]),
                ]
                for j in range(self.n):
                    if j != i:
                        ixj = group.idx[j]
                        blocks += [(lr[:, :, None], ixj[:, None, :]), (vi[:, None], ixj)]
                j_index += [np.broadcast_arrays(r, c) for r, c in blocks]  # type: ignore[misc]
        self._base = base
        self._h_index = np.concatenate([a.ravel() for a in h_index])
        self._j_index = np.concatenate([(r * width + c).ravel() for r, c in j_index])

    def evaluate(self, x: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Return ``H(x)`` and its Jacobian (``size x (size + 1)``) at ``x = (y, lam)``."""
        y, lam = x[:-1], float(x[-1])
        beta = y[: self.n_beta]
        prob = np.exp(beta)
        values = y[self.n_beta :].reshape(self.S, self.n)
        h_parts: list[FloatArray] = []
        j_parts: list[FloatArray] = []
        for group in self.groups:
            sig = [prob[ix] for ix in group.idx]
            u, trans, d = self._stage(group, sig, values)
            for i in range(self.n):
                ix = group.idx[i]  # (G, m)
                o, lr = ix[:, 0], ix[:, 1:]  # normalisation and logit rows
                si, ui = sig[i], u[i]
                du = ui[:, 1:] - ui[:, :1]
                su = si * ui
                h_parts += [
                    si.sum(axis=1) - 1.0,
                    (beta[lr] - beta[o][:, None] - lam * du).ravel(),
                    values[group.states, i] - su.sum(axis=1),
                ]
                j_parts += [
                    si.ravel(),
                    (-lam * self.delta[i] * (trans[i][:, 1:] - trans[i][:, :1])).ravel(),
                    -du.ravel(),
                    -su.ravel(),
                    (-self.delta[i] * np.einsum("za,zay->zy", si, trans[i])).ravel(),
                ]
                for j in range(self.n):
                    if j != i:
                        dsig = d[i, j] * sig[j][:, None, :]  # (G, m_i, m_j)
                        j_parts += [
                            (-lam * (dsig[:, 1:] - dsig[:, :1])).ravel(),
                            -np.einsum("za,zab->zb", si, dsig).ravel(),
                        ]
        h = np.zeros(self.size)
        h[self._h_index] = np.concatenate(h_parts)
        jac = self._base.copy()
        flat = jac.reshape(-1)
        flat[self._j_index] += np.concatenate(j_parts)
        return h, jac

    # -------------------------------------------------------------- Newton on a support
    def supports(self, y: FloatArray, threshold: float) -> bytes:
        """Actions whose probability is at least ``threshold`` times the player's largest.

        Returned as the bytes of a boolean mask over the flat action vector
        (hashable, for the solver's cache; :meth:`refine` takes it back).
        """
        prob = np.exp(y[: self.n_beta])
        top = np.maximum.reduceat(prob, self._block_starts)
        return bytes((prob >= threshold * top[self._block]).tobytes())

    def _payoff_jacobian(
        self, prob: FloatArray, values: FloatArray
    ) -> tuple[FloatArray, FloatArray]:
        """``u_{sia} - V_si`` at every action, and its Jacobian in ``(p, V)``.

        ``prob`` is the flat vector of probabilities (``n_beta``); the Jacobian
        has shape ``(n_beta, size)``: columns for the probabilities, then the values.
        """
        f = np.empty(self.n_beta)
        jac = np.zeros((self.n_beta, self.size))
        for group in self.groups:
            sig = [prob[ix] for ix in group.idx]
            u, trans, d = self._stage(group, sig, values)
            for i in range(self.n):
                ix = group.idx[i]
                vcols = self.n_beta + np.arange(self.S) * self.n + i
                f[ix] = u[i] - values[group.states, i][:, None]
                jac[ix[:, :, None], vcols] += self.delta[i] * trans[i]
                jac[ix, group.vidx[:, i][:, None]] -= 1.0
                for j in range(self.n):
                    if j != i:
                        jac[ix[:, :, None], group.idx[j][:, None, :]] = d[i, j]
        return f, jac

    def refine(
        self,
        y: FloatArray,
        support: bytes,
        max_iter: int = 20,
    ) -> StationaryStrategyData | None:
        """Newton on the equilibrium equations restricted to ``support``, started at ``y``.

        Unknowns are the probabilities of the supported actions and the values;
        equations: every supported action earns the value (indifference) and
        every player's probabilities sum to 1 in every state.
        """
        prob = np.exp(y[: self.n_beta])
        values = y[self.n_beta :].reshape(self.S, self.n)
        mask = np.frombuffer(support, dtype=bool)
        used = np.flatnonzero(mask)
        prob = np.where(mask, prob, 0.0)
        block = self._block  # (s, i) block of each action
        totals = np.bincount(block, weights=prob, minlength=self.S * self.n)
        prob = prob / totals[block]
        if used.size == self.S * self.n:  # one action per block: a pure profile
            return self._unflatten(prob)
        n_p = used.size
        cols = np.concatenate([used, np.arange(self.n_beta, self.size)])
        # sum rows: one per (s, i), over its supported actions
        sums = np.zeros((self.S * self.n, n_p + self.S * self.n))
        sums[block[used], np.arange(n_p)] = 1.0
        z = np.concatenate([prob[used], values.ravel()])
        for iteration in range(max_iter):
            prob = np.zeros(self.n_beta)
            prob[used] = z[:n_p]
            f_all, jac_all = self._payoff_jacobian(prob, z[n_p:].reshape(self.S, self.n))
            f = np.concatenate(
                [
                    f_all[used],
                    np.bincount(block[used], weights=z[:n_p], minlength=self.S * self.n) - 1.0,
                ]
            )
            jac = np.vstack([jac_all[np.ix_(used, cols)], sums])
            try:
                step, *_ = np.linalg.lstsq(jac, -f, rcond=None)
            except np.linalg.LinAlgError:  # pragma: no cover - lstsq rarely fails
                return None
            z = z + step
            residual = float(np.abs(f).max())
            if not np.isfinite(z).all() or (iteration >= 5 and residual > 1e-4):
                return None
            if residual < 1e-14 or float(np.abs(step).max()) < 1e-14 * (
                1.0 + float(np.abs(z).max())
            ):
                break
        prob = np.zeros(self.n_beta)
        prob[used] = z[:n_p]
        if (prob < -1e-9).any():
            return None
        prob = np.clip(prob, 0.0, None)
        totals = np.bincount(block, weights=prob, minlength=self.S * self.n)
        if (totals <= 0).any():
            return None
        return self._unflatten(prob / totals[block])

    def _unflatten(self, prob: FloatArray) -> StationaryStrategyData:
        return [
            [
                prob[self.offsets[s][i] : self.offsets[s][i] + self.shapes[s][i]].copy()
                for i in range(self.n)
            ]
            for s in range(self.S)
        ]


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
        with np.errstate(over="ignore", invalid="ignore"):
            h, jac = system.evaluate(x)  # a diverging iterate overflows exp(beta)
        if not (np.isfinite(h).all() and np.isfinite(jac).all()):
            return x, False, None
        aug = np.vstack([jac, tangent[None, :]])
        rhs = np.concatenate([-h, [0.0]])
        try:
            dx = np.linalg.solve(aug, rhs)
        except np.linalg.LinAlgError:
            return x, False, None
        with np.errstate(over="ignore", invalid="ignore"):  # a diverging step: rejected below
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
    5. If none does (a degenerate game whose ties the branch does not
       separate) and the game has one state, the continuation value is the
       same after every action profile, so the stationary equilibria are the
       stage game's Nash equilibria: take the first of
       :func:`~mediation_sim.solvers.nash`'s that verifies; the message says so.

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

    # support mask -> (verified candidate and its regret, or None; precision when Newton ran)
    cache: dict[bytes, tuple[tuple[StationaryStrategy, float] | None, float]] = {}

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
    if best[1] > bound and game.n_states == 1:
        # one state: the continuation value is the same after every action profile, so
        # the stationary equilibria are the stage game's Nash equilibria (a degenerate
        # stage game can leave the branch unresolved; the presolved router is not)
        for stage_eq in nash(game.stage(0)):
            stage = game.as_strategy([list(stage_eq.probabilities)])
            if (r_stage := game.regret(stage)) <= bound:
                best = (stage, r_stage)
                reason += "; one state: an equilibrium of the stage game (nash)"
                break
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
