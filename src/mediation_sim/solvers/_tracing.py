r"""Nash equilibria by the logarithmic tracing procedure, a differentiable homotopy.

The *tracing procedure* of Harsanyi and Selten starts from a prior belief
:math:`p` about how everyone plays and gradually replaces the belief by the
actual play: at time :math:`t \in [0, 1]` each player best responds to the
mixture :math:`t\,\sigma_{-i} + (1-t)\,p_{-i}` of the others' strategies and
their prior. Herings and Peeters [HP01]_ made it a smooth path by adding a
logarithmic barrier that vanishes at :math:`t = 1`. Player :math:`i` then
maximises

.. math::

    t\,u_i(\sigma_i, \sigma_{-i}) + (1-t)\,u_i(\sigma_i, p_{-i})
    + (1-t)\,\eta \sum_k \log \sigma_{ik},

which has a unique interior maximiser, characterised by

.. math::

    \mu_i - W_{ik} = \frac{(1-t)\,\eta}{\sigma_{ik}}, \qquad
    W_{ik} = t\,U_{ik}(\sigma) + (1-t)\,U_{ik}(p), \qquad
    \textstyle\sum_k \sigma_{ik} = 1 .

At :math:`t = 0` this is one equation per player, solved exactly; as
:math:`t \to 1` the barrier vanishes and the path converges to a Nash
equilibrium [HP01]_. Here the time is reparametrised as
:math:`t = 1 - e^{-s}`, :math:`s \in [0, \infty)`, and probabilities are
written as :math:`e^{y}`: then the path becomes a straight line far out
(unused strategies have :math:`y \approx -s`), and it is followed by the
same predictor–corrector code as the logit branch. Different priors lead to
different equilibria, which is how several are found.

This method shares no equations with the logit QRE branch (an entropy
smoothing of best responses to actual play), so the two are independent
checks on each other.

References
----------
.. [HP01] P. J.-J. Herings and R. J. A. P. Peeters, "A differentiable
   homotopy to compute Nash equilibria of n-person games", *Economic Theory*
   18 (2001) 159-185.
.. [HS88] J. C. Harsanyi and R. Selten, *A General Theory of Equilibrium
   Selection in Games*, MIT Press (1988).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from .._validation import DEFAULT_TOL
from ..games.normal_form import NormalFormGame
from ._core import SolverOutput, nash_solver
from ._homotopy import multistart_nash
from ._multilinear import PayoffKernel

__all__ = ["tracing_nash"]

FloatArray = NDArray[np.float64]

#: Weight of the logarithmic barrier, for payoffs scaled to [0, 1].
_ETA = 0.25
_EXP_CAP = 700.0


class _TracingHomotopy:
    r"""The smoothed tracing equations as a map of ``w = (y, mu, s)``.

    Equations (one per player and strategy, then one per player):

    .. math::

        \mu_i - W_{ik} - \eta\, e^{-s - y_{ik}} = 0, \qquad
        \textstyle\sum_k e^{y_{ik}} - 1 = 0,

    with :math:`t = 1 - e^{-s}` and
    :math:`W_{ik} = t\,U_{ik}(e^y) + (1-t)\,U_{ik}(p)`.
    """

    def __init__(self, kernel: PayoffKernel, prior: FloatArray, eta: float = _ETA) -> None:
        self.kernel = kernel
        self.dim = kernel.dim
        self.n = kernel.n_players
        self.owner = np.repeat(np.arange(self.n), kernel.shape)
        self.rows = np.arange(self.dim)
        self.eta = eta
        self.prior_values = kernel.deviation(kernel.split(prior))

    @property
    def param_index(self) -> int:
        return self.dim + self.n

    def start(self) -> FloatArray:
        """The unique solution at ``s = 0``: ``sigma_ik = eta / (mu_i - V_ik)``."""
        y = np.empty(self.dim)
        mu = np.empty(self.n)
        for i, sl in enumerate(self.kernel.slices):
            v = self.prior_values[sl]
            # f(mu) = sum_k eta / (mu - v_k) - 1 decreases from +inf (at max v)
            # and is <= 0 at max v + eta * s_i: bisect
            lo = float(v.max())
            hi = lo + self.eta * v.size
            for _ in range(200):
                mid = 0.5 * (lo + hi)
                if mid in (lo, hi):
                    break
                if float(np.sum(self.eta / (mid - v))) > 1.0:
                    lo = mid
                else:
                    hi = mid
            mu[i] = hi
            sigma = self.eta / (hi - v)
            y[sl] = np.log(sigma / sigma.sum())
        return np.concatenate([y, mu, [0.0]])

    def profile(self, w: FloatArray) -> FloatArray:
        return np.exp(w[: self.dim])

    def progress(self, w: FloatArray) -> float:
        """``1 / (1 - t)``, which grows like the logit precision."""
        return float(np.exp(min(float(w[-1]), _EXP_CAP)))

    def _parts(self, w: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray, float, FloatArray]:
        d = self.dim
        y = w[:d]
        mu = w[d : d + self.n]
        s = float(w[-1])
        sigma = np.exp(y)
        barrier = self.eta * np.exp(np.minimum(-s - y, _EXP_CAP))
        return y, mu, sigma, s, barrier

    def residual(self, w: FloatArray) -> FloatArray:
        _, mu, sigma, s, barrier = self._parts(w)
        t = -np.expm1(-s)
        values = self.kernel.deviation(self.kernel.split(sigma))
        weighted = t * values + (1.0 - t) * self.prior_values
        return np.concatenate(
            [
                mu[self.owner] - weighted - barrier,
                np.bincount(self.owner, sigma, minlength=self.n) - 1.0,
            ]
        )

    def jacobian(self, w: FloatArray) -> tuple[FloatArray, FloatArray]:
        d, n = self.dim, self.n
        _, mu, sigma, s, barrier = self._parts(w)
        t = -np.expm1(-s)
        values, scaled = self.kernel.scaled_jacobian(self.kernel.split(sigma))
        weighted = t * values + (1.0 - t) * self.prior_values
        resid = np.concatenate(
            [
                mu[self.owner] - weighted - barrier,
                np.bincount(self.owner, sigma, minlength=n) - 1.0,
            ]
        )
        jac = np.zeros((d + n, d + n + 1))
        jac[:d, :d] = -t * scaled
        jac[self.rows, self.rows] += barrier
        jac[self.rows, d + self.owner] = 1.0
        jac[:d, -1] = -(1.0 - t) * (values - self.prior_values) + barrier
        jac[d + self.owner, self.rows] = sigma
        return resid, jac

    def admissible(self, w: FloatArray) -> bool:
        return bool(np.isfinite(w).all() and w[: self.dim].max() < 1e-6 and w[-1] > -1e-9)


@nash_solver("tracing")
def tracing_nash(
    game: NormalFormGame,
    *,
    tol: float = DEFAULT_TOL,
    max_iter: int = 10_000,
    n_equilibria: int = 1,
    max_starts: int | None = None,
    rng: int | np.random.Generator | None = None,
) -> SolverOutput:
    r"""Nash equilibria by the logarithmic tracing procedure (Herings–Peeters homotopy).

    Algorithm:

    1. Scale payoffs to ``[0, 1]``; take the centroid as the prior ``p``.
    2. At time 0 each player's barrier-smoothed best response to ``p`` is
       the unique solution of one monotone equation (bisection).
    3. Follow the path of smoothed best responses to
       ``t * sigma + (1 - t) * p`` as ``t = 1 - exp(-s)`` grows, in
       log-probabilities, by arc-length predictor–corrector continuation.
    4. Each time ``1 / (1 - t)`` doubles from 10 on, guess the support of
       the limit and solve the indifference and simplex equations on it by
       Newton's method, correcting the support when needed; stop at the
       first profile with regret at most ``tol``.
    5. For ``n_equilibria > 1``, repeat from random interior priors drawn
       from ``rng``. A path that fails is retried once on a tiny fixed
       perturbation of the payoffs and its end refined on the true game; if
       every path fails, the game's pure equilibria (if any) are returned,
       and the message says so.

    Parameters
    ----------
    game : NormalFormGame
        Any number of players.
    tol : float, default 1e-8
        Regret tolerance, relative to the payoff range.
    max_iter : int, default 10000
        Largest number of path-following steps per path.
    n_equilibria : int, default 1
        How many distinct equilibria to look for.
    max_starts : int, optional
        Largest number of paths to follow; default ``4 * n_equilibria``.
    rng : int, Generator or None, default None
        Seeds the random priors (used only when ``n_equilibria > 1`` or a
        path fails).
        ``None`` means the fixed seed :data:`~mediation_sim.solvers.DEFAULT_SEED`,
        so that a call is reproducible; pass a seed or Generator for other draws.

    Returns
    -------
    NashResult
        Verified equilibria (method ``"tracing"``); ``n_iter`` counts path steps.

    Raises
    ------
    InvalidArgumentError
        If an argument is invalid.

    See Also
    --------
    nash : the dispatcher.
    logit_nash : the logit QRE branch, an independent method.

    Notes
    -----
    With the barrier weight fixed (``0.25`` of the payoff range) this is the
    logarithmic tracing procedure of [1]_; as the weight tends to zero it
    approaches the linear tracing procedure of Harsanyi and Selten [2]_,
    whose selected equilibrium from the centroid is the risk-dominant one in
    2x2 coordination games.

    References
    ----------
    .. [1] P. J.-J. Herings and R. J. A. P. Peeters, "A differentiable
       homotopy to compute Nash equilibria of n-person games", *Economic
       Theory* 18 (2001) 159-185.
    .. [2] J. C. Harsanyi and R. Selten, *A General Theory of Equilibrium
       Selection in Games*, MIT Press (1988).

    Examples
    --------
    The stag hunt: from uniform beliefs, the procedure selects the
    risk-dominant equilibrium (both hunt hare), not the payoff-dominant one:

    >>> import mediation_sim as ms
    >>> g = ms.games.stag_hunt()
    >>> res = ms.solvers.tracing_nash(g)
    >>> res[0]
    MixedProfile(row=hare, column=hare)
    >>> g.is_nash(res[0])
    True
    """
    return multistart_nash(
        game,
        _TracingHomotopy,
        func="tracing",
        paths="tracing-procedure paths",
        tol=tol,
        max_iter=max_iter,
        n_equilibria=n_equilibria,
        max_starts=max_starts,
        rng=rng,
    )
