r"""Communication equilibria of Bayesian games: what a mediator who only talks can reach, by LP.

In a *communication equilibrium* [Mye82]_ [For86]_ each player privately
reports a type to a mediator, who then privately recommends an action to
each player, drawing the action profile :math:`a` from a *mechanism*
:math:`\mu(a \mid r)` that depends on the reported type profile :math:`r`.
It must be optimal for every type to report honestly and then obey:
for every player :math:`i`, true type :math:`t_i`, report :math:`s_i` and
deviation plan :math:`\delta: A_i \to A_i`,

.. math::

    \sum_{t_{-i}} P(t) \sum_a \mu(a \mid t)\, u_i(t, a) \;\ge\;
    \sum_{t_{-i}} P(t) \sum_a \mu(a \mid s_i, t_{-i})\, u_i(t, \delta(a_i), a_{-i}).

By the revelation principle [Mye82]_ every outcome any mediated
communication system can sustain is a communication equilibrium, so "the
best a mediator can do" is a linear program over :math:`\mu`. With one type
per player it is the correlated-equilibrium LP of
:func:`~mediation_sim.solvers.correlated`.

The quantifier over the :math:`|A_i|^{|A_i|}` plans :math:`\delta` is
linearised with one auxiliary variable :math:`w_{i, t_i, s_i, a_i}` per
recommendation: :math:`w \ge` the value of each replacement :math:`a_i'`,
and :math:`\sum_{a_i} w \le` the truthful value (exact, since the
deviation separates across recommendations).

References
----------
.. [Mye82] R. B. Myerson, "Optimal coordination mechanisms in generalized
   principal-agent problems", *Journal of Mathematical Economics* 10 (1982)
   67-81.
.. [For86] F. Forges, "An approach to communication equilibria",
   *Econometrica* 54 (1986) 1375-1385.
.. [Mye91] R. B. Myerson, *Game Theory: Analysis of Conflict*, Harvard
   University Press (1991), section 6.3.
"""

from __future__ import annotations

import html
import math
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

import numpy as np
import scipy.sparse as sp
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import linprog

from .._deprecation import deprecate_positional
from .._errors import GameTooLargeError, InvalidArgumentError, InvalidProfileError, SolverError
from .._jsonable import jsonable
from .._results import Result
from .._validation import DEFAULT_TOL, check_tol
from ..games.bayesian import BayesianGame

__all__ = [
    "CommunicationResult",
    "communication_equilibrium",
    "communication_violations",
]

FloatArray = NDArray[np.float64]

#: Largest number of LP variables (mechanism entries plus auxiliaries) accepted.
MAX_LP_VARIABLES = 2_000_000
_HIGHS_OPTIONS = {"primal_feasibility_tolerance": 1e-10, "dual_feasibility_tolerance": 1e-10}


def _moved(array: NDArray[Any], game: BayesianGame, i: int) -> NDArray[Any]:
    """Axes (t_i, a_i, rest) of an array over (types..., actions...)."""
    n = game.n_players
    moved = np.moveaxis(array, (i, n + i), (0, 1))
    return moved.reshape(game.n_types[i], game.n_actions[i], -1)


def _prior_full(game: BayesianGame) -> FloatArray:
    n = game.n_players
    return np.broadcast_to(
        game.prior.reshape(game.prior.shape + (1,) * n), game.n_types + game.n_actions
    )


def _check_mechanism(game: BayesianGame, mechanism: object, *, func: str) -> FloatArray:
    shape = game.n_types + game.n_actions
    try:
        mu = np.array(mechanism, dtype=np.float64)
    except (TypeError, ValueError):
        raise InvalidProfileError(
            f"{func}(): mechanism must be a real array of shape {shape}"
        ) from None
    if mu.shape != shape:
        raise InvalidProfileError(
            f"{func}(): mechanism must have shape (types..., actions...) = {shape}, got {mu.shape}"
        )
    if not np.isfinite(mu).all() or mu.min() < -1e-9:
        raise InvalidProfileError(f"{func}(): mechanism must be finite and non-negative")
    n = game.n_players
    sums = mu.sum(axis=tuple(range(n, 2 * n)))
    if np.abs(sums - 1.0).max() > 1e-8:
        raise InvalidProfileError(
            f"{func}(): mechanism must sum to 1 over action profiles for every type profile"
        )
    return np.clip(mu, 0.0, None)


def _gains(game: BayesianGame, mu: FloatArray) -> FloatArray:
    """Each player's largest interim gain from lying and/or disobeying (payoff units, >= 0)."""
    pf = _prior_full(game)
    out = np.zeros(game.n_players)
    for i in range(game.n_players):
        u = _moved(game.payoffs[i], game, i)  # (t, a, r)
        p = _moved(pf, game, i)[:, 0, :]  # (t, r): P(t_i, t_-i), constant in a_-i
        m = _moved(mu, game, i)  # (s, a, r)
        # d[t, s, a, b]: value to type t of reporting s and playing b when told a
        d = np.einsum("tr,tbr,sar->tsab", p, u, m)
        deviation = d.max(axis=3).sum(axis=2)  # (t, s)
        truth = np.einsum("tr,tar,tar->t", p, u, m)
        gain = (deviation - truth[:, None]) / game.marginal(i)[:, None]
        out[i] = max(float(gain.max()), 0.0)
    return out


def communication_violations(game: BayesianGame, mechanism: ArrayLike) -> FloatArray:
    """Each player's largest interim gain from misreporting and/or disobeying a mechanism.

    Parameters
    ----------
    game : BayesianGame
        Any number of players.
    mechanism : array_like, shape (T_1..T_n, A_1..A_n)
        ``mechanism[t][a]``: probability of recommending ``a`` when the
        reported types are ``t``; sums to one over ``a`` for every ``t``.

    Returns
    -------
    ndarray, shape (n_players,)
        Non-negative gains in payoff units (the best over types, reports
        and deviation plans); all zero for a communication equilibrium.

    Raises
    ------
    InvalidProfileError
        If the mechanism is malformed.

    Examples
    --------
    The mechanism induced by a Bayes–Nash equilibrium is a communication
    equilibrium:

    >>> import numpy as np
    >>> import mediation_sim as ms
    >>> u = np.zeros((2, 1, 2, 2, 2))
    >>> u[:, 0, 0] = [[[2, 0], [0, 1]], [[1, 0], [0, 2]]]
    >>> u[:, 0, 1] = [[[2, 0], [0, 1]], [[0, 2], [1, 0]]]
    >>> g = ms.games.BayesianGame.independent(u, [[1.0], [0.5, 0.5]])
    >>> eq = ms.solvers.bayes_nash(g)[0]
    >>> ms.solvers.communication_violations(g, eq.mechanism()).tolist()
    [0.0, 0.0]
    """
    func = "communication_violations"
    if not isinstance(game, BayesianGame):
        raise InvalidArgumentError(f"{func}(): game must be a BayesianGame")
    return _gains(game, _check_mechanism(game, mechanism, func=func))


# ---------------------------------------------------------------------- objectives
def _objective_weights(
    game: BayesianGame, objective: object, *, func: str
) -> tuple[FloatArray, str]:
    """Weights W[t, a] (shape types+actions) and a description; value = sum P(t) mu W."""
    n = game.n_players
    full = game.n_types + game.n_actions
    if objective is None or (isinstance(objective, str) and objective == "welfare"):
        return game.payoffs.sum(axis=0), "welfare"
    if isinstance(objective, tuple) and len(objective) == 2 and objective[0] == "payoff":
        i = game.player_index(objective[1])
        return np.array(game.payoffs[i]), f"payoff of {game.players[i]}"
    if isinstance(objective, Mapping):
        weights = np.zeros(n)
        for name, w in objective.items():
            if (
                isinstance(w, bool)
                or not isinstance(w, numbers.Real)
                or not math.isfinite(float(w))
            ):
                raise InvalidArgumentError(f"{func}(): weight of {name!r} must be a finite number")
            weights[game.player_index(name)] = float(w)
        described = ", ".join(f"{game.players[i]}: {w:g}" for i, w in enumerate(weights) if w)
        return np.tensordot(weights, game.payoffs, axes=1), f"weighted payoffs ({described})"
    if isinstance(objective, str):
        raise InvalidArgumentError(
            f"{func}(): unknown objective {objective!r}; use None/'welfare', ('payoff', player), "
            f"{{player: weight}}, or an array of shape {game.n_actions} or {full}"
        )
    try:
        arr = np.asarray(objective)
    except (TypeError, ValueError):
        arr = np.empty(0)
    if arr.dtype.kind not in "biuf" or arr.shape not in (game.n_actions, full):
        raise InvalidArgumentError(
            f"{func}(): objective array must be real with shape actions {game.n_actions} or "
            f"(types..., actions...) {full}; got shape {arr.shape}"
        )
    values = np.broadcast_to(arr.astype(np.float64), full).copy()
    if not np.isfinite(values).all():
        raise InvalidArgumentError(f"{func}(): objective array must be finite")
    what = "probability of an outcome set" if arr.dtype.kind == "b" else "outcome weights"
    return values, what


# ---------------------------------------------------------------------- result
@dataclass(frozen=True, slots=True, repr=False, eq=False)
class CommunicationResult(Result):
    """A communication equilibrium that optimises an objective, verified.

    Attributes
    ----------
    game : BayesianGame
        The game.
    mechanism : ndarray
        Shape ``(T_1..T_n, A_1..A_n)``: probability of each recommended
        action profile given the reported type profile (read-only).
    objective : str
        What was optimised.
    sense : {"max", "min"}
        Maximised or minimised.
    value : float
        The optimum: the prior expectation of the objective.
    payoffs : ndarray, shape (n_players,)
        Each player's ex-ante expected payoff.
    incentive_violations : ndarray, shape (n_players,)
        Each player's largest interim gain from lying or disobeying (checked
        to be at most ``tol * payoff_range``).
    parameters : Mapping[str, object]
        Arguments used.
    """

    game: BayesianGame = field(repr=False)
    mechanism: FloatArray
    objective: str
    sense: str
    value: float
    payoffs: FloatArray
    incentive_violations: FloatArray
    parameters: Mapping[str, object]

    @property
    def outcome_distribution(self) -> FloatArray:
        """Ex-ante probability of each action profile (shape ``A_1..A_n``)."""
        n = self.game.n_players
        joint = _prior_full(self.game) * self.mechanism
        return np.asarray(joint.sum(axis=tuple(range(n))), dtype=np.float64)

    def probability(self, outcomes: ArrayLike) -> float:
        """Ex-ante probability of a set of action profiles (boolean mask of shape ``A_1..A_n``)."""
        mask = np.asarray(outcomes)
        if mask.dtype.kind != "b" or mask.shape != self.game.n_actions:
            raise InvalidArgumentError(
                "CommunicationResult.probability(): outcomes must be a boolean mask of shape "
                f"{self.game.n_actions}"
            )
        return float(self.outcome_distribution[mask].sum())

    def recommendation(self, types: Sequence[int | str]) -> dict[tuple[str, ...], float]:
        """Distribution of recommended action profiles (by label) for a reported type profile."""
        if isinstance(types, str) or len(types) != self.game.n_players:
            raise InvalidArgumentError("recommendation(): give one type per player")
        t = tuple(self.game.type_index(i, x) for i, x in enumerate(types))
        dist = self.mechanism[t]
        out: dict[tuple[str, ...], float] = {}
        for a in zip(*np.nonzero(dist > 1e-12), strict=True):
            labels = tuple(self.game.actions[i][int(k)] for i, k in enumerate(a))
            out[labels] = float(dist[a])
        return out

    def _summary(self) -> dict[str, Any]:
        """JSON-serialisable form: the mechanism by type profile, value, payoffs and checks."""
        import itertools

        mech = []
        for t in itertools.product(*(range(c) for c in self.game.n_types)):
            mech.append(
                {
                    "types": {p: self.game.types[i][t[i]] for i, p in enumerate(self.game.players)},
                    "recommendations": [
                        {"actions": list(k), "probability": v}
                        for k, v in self.recommendation(t).items()
                    ],
                }
            )
        return {
            "objective": self.objective,
            "sense": self.sense,
            "value": self.value,
            "mechanism": mech,
            "payoffs": dict(zip(self.game.players, self.payoffs.tolist(), strict=True)),
            "incentive_violations": dict(
                zip(self.game.players, self.incentive_violations.tolist(), strict=True)
            ),
            "parameters": {k: jsonable(v) for k, v in self.parameters.items()},
        }

    def __repr__(self) -> str:
        return (
            f"CommunicationResult({self.sense} {self.objective} = {self.value:.6g}, "
            f"max violation {float(self.incentive_violations.max()):.2g})"
        )

    def _repr_html_(self) -> str:
        return f"<p><b>{html.escape(repr(self))}</b></p>"


def _readonly(a: FloatArray) -> FloatArray:
    a.flags.writeable = False
    return a


def _constraints(game: BayesianGame, scaled: Sequence[FloatArray]) -> tuple[sp.csr_array, int]:
    """Sparse rows of the honesty-and-obedience constraints over (mu, w); and the w count."""
    n = game.n_players
    n_mu = math.prod(game.n_types + game.n_actions)
    flat = np.arange(n_mu, dtype=np.intp).reshape(game.n_types + game.n_actions)
    pf = _prior_full(game)
    rows: list[NDArray[np.intp]] = []
    cols: list[NDArray[np.intp]] = []
    data: list[FloatArray] = []
    row0 = 0
    w0 = n_mu
    for i in range(n):
        ti, ai = game.n_types[i], game.n_actions[i]
        u = _moved(scaled[i], game, i)  # (t, a, r)
        p = _moved(pf, game, i)[:, 0, :]  # (t, r)
        idx = _moved(flat, game, i)  # (s, a, r)
        r = u.shape[2]
        # w index for (t, s, a)
        widx = w0 + np.arange(ti * ti * ai, dtype=np.intp).reshape(ti, ti, ai)
        # rows (t, s, a, b): sum_r p[t,r] u[t,b,r] mu[idx[s,a,r]] - w[t,s,a] <= 0
        coef = p[:, None, None, None, :] * u[:, None, None, :, :]  # (t,1,1,b,r)
        coef = np.broadcast_to(coef, (ti, ti, ai, ai, r))
        col = np.broadcast_to(idx[None, :, :, None, :], (ti, ti, ai, ai, r))
        n_rows = ti * ti * ai * ai
        row_ids = row0 + np.arange(n_rows, dtype=np.intp).reshape(ti, ti, ai, ai)
        rows.append(np.broadcast_to(row_ids[..., None], (ti, ti, ai, ai, r)).reshape(-1))
        cols.append(col.reshape(-1))
        data.append(coef.reshape(-1))
        rows.append(row_ids.reshape(-1))
        cols.append(np.broadcast_to(widx[..., None], (ti, ti, ai, ai)).reshape(-1))
        data.append(np.full(n_rows, -1.0))
        row0 += n_rows
        # rows (t, s): sum_a w[t,s,a] - sum_{a,r} p[t,r] u[t,a,r] mu[idx[t,a,r]] <= 0
        m_rows = ti * ti
        row_ids2 = row0 + np.arange(m_rows, dtype=np.intp).reshape(ti, ti)
        rows.append(np.broadcast_to(row_ids2[..., None], (ti, ti, ai)).reshape(-1))
        cols.append(widx.reshape(-1))
        data.append(np.ones(m_rows * ai))
        truth = -(p[:, None, :] * u)  # (t, a, r)
        rows.append(np.broadcast_to(row_ids2[:, :, None, None], (ti, ti, ai, r)).reshape(-1))
        cols.append(np.broadcast_to(idx[:, None, :, :], (ti, ti, ai, r)).reshape(-1))
        data.append(np.broadcast_to(truth[:, None, :, :], (ti, ti, ai, r)).reshape(-1))
        row0 += m_rows
        w0 += ti * ti * ai
    matrix = sp.csr_array(
        (np.concatenate(data), (np.concatenate(rows), np.concatenate(cols))), shape=(row0, w0)
    )
    return matrix, w0 - n_mu


@deprecate_positional("objective")
def communication_equilibrium(
    game: BayesianGame,
    *,
    objective: object = None,
    sense: Literal["max", "min"] = "max",
    tol: float = DEFAULT_TOL,
) -> CommunicationResult:
    r"""The communication equilibrium of a Bayesian game that optimises an objective, by LP.

    Algorithm:

    1. Rescale each player's payoffs to the unit interval (the constraints
       are invariant under a positive affine change of one player's payoffs,
       since a mechanism sums to one for every type profile).
    2. Build the honesty-and-obedience constraints as one sparse matrix with
       array operations: for each player ``i``, true type ``t``, report
       ``s``, recommendation ``a`` and replacement ``b``, a row
       ``sum P(t, t_-i) mu(a, a_-i | s, t_-i) u_i(t, t_-i, b, a_-i) <= w[t, s, a]``,
       and for each ``(t, s)`` a row ``sum_a w[t, s, a] <= truthful value``.
    3. Solve the LP — objective ``sum_t P(t) sum_a mu(a | t) W(t, a)``, the
       constraints, ``mu >= 0``, ``sum_a mu(a | t) = 1`` — with HiGHS.
    4. Clip rounding noise, renormalise, and verify: every player's largest
       interim gain from lying and/or disobeying (computed directly by
       :func:`communication_violations`) must be at most
       ``tol * payoff_range``; otherwise :class:`SolverError`.

    Parameters
    ----------
    game : BayesianGame
        Any number of players.
    objective : optional
        ``None``/``"welfare"`` (the sum of payoffs), ``("payoff", player)``,
        ``{player: weight, ...}``, or an array ``W`` of shape
        ``game.n_actions`` (an outcome weight, the same for every type
        profile) or ``game.n_types + game.n_actions``. A boolean array
        gives the probability of a set of outcomes (for example, peace).
    sense : {"max", "min"}, default "max"
        Maximise or minimise; both give the objective's range over all
        communication equilibria.
    tol : float, default 1e-8
        Verification tolerance, relative to the payoff range.

    Returns
    -------
    CommunicationResult
        The mechanism, the optimal value, payoffs and verified gains.

    Raises
    ------
    InvalidArgumentError
        If the game, objective, ``sense`` or ``tol`` is invalid.
    GameTooLargeError
        If the LP would have more than ``MAX_LP_VARIABLES`` variables.
    SolverError
        If HiGHS fails or its answer does not pass verification.

    See Also
    --------
    correlated : the one-type special case.
    bayes_nash : every Bayes–Nash equilibrium's mechanism is feasible here.

    Notes
    -----
    Variables: ``prod T_i * prod A_i`` mechanism entries and
    ``sum_i T_i**2 A_i`` auxiliaries; rows: ``sum_i T_i**2 (A_i**2 + 1)``.
    The feasible set is a non-empty polytope (it contains every Bayes–Nash
    equilibrium's mechanism).

    References
    ----------
    .. [1] R. B. Myerson, "Optimal coordination mechanisms in generalized
       principal-agent problems", *Journal of Mathematical Economics* 10
       (1982) 67-81.
    .. [2] F. Forges, "An approach to communication equilibria",
       *Econometrica* 54 (1986) 1375-1385.

    Examples
    --------
    With one type per player the LP is the correlated-equilibrium LP: in
    Chicken the best welfare is 10.5, as :func:`correlated` finds.

    >>> import numpy as np
    >>> import mediation_sim as ms
    >>> chicken = ms.games.chicken().payoffs
    >>> g = ms.games.BayesianGame(chicken[:, None, None], np.ones((1, 1)))
    >>> res = ms.solvers.communication_equilibrium(g)
    >>> round(res.value, 6)
    10.5
    >>> bool(res.incentive_violations.max() <= 1e-8)
    True
    """
    func = "communication_equilibrium"
    if not isinstance(game, BayesianGame):
        raise InvalidArgumentError(
            f"{func}(): game must be a BayesianGame, got {type(game).__name__}"
        )
    tol = check_tol(tol, func=func)
    if sense not in ("max", "min"):
        raise InvalidArgumentError(f"{func}(): sense must be 'max' or 'min', got {sense!r}")
    weights, description = _objective_weights(game, objective, func=func)
    n = game.n_players
    n_mu = math.prod(game.n_types + game.n_actions)
    n_w = sum(t * t * a for t, a in zip(game.n_types, game.n_actions, strict=True))
    if n_mu + n_w > MAX_LP_VARIABLES:
        raise GameTooLargeError(
            f"{func}(): the LP would have {n_mu + n_w:,} variables, above the limit of "
            f"{MAX_LP_VARIABLES:,} (mediation_sim.solvers._communication.MAX_LP_VARIABLES)"
        )
    scaled = []
    for i in range(n):
        u = game.payoffs[i]
        spread = float(np.ptp(u)) or 1.0
        scaled.append((u - u.min()) / spread)
    a_ub, _ = _constraints(game, scaled)
    n_types_total = math.prod(game.n_types)
    n_acts = math.prod(game.n_actions)
    a_eq = sp.hstack(
        [
            sp.kron(sp.eye_array(n_types_total), np.ones((1, n_acts))),
            sp.csr_array((n_types_total, n_w)),
        ],
        format="csr",
    )
    w_flat = (weights * _prior_full(game)).reshape(-1)
    scale = float(np.abs(w_flat).max()) or 1.0
    c = np.concatenate([(-w_flat if sense == "max" else w_flat) / scale, np.zeros(n_w)])
    bounds = [(0.0, None)] * n_mu + [(None, None)] * n_w
    b_ub = np.zeros(a_ub.shape[0])
    lp = linprog(  # type: ignore[call-overload]
        c,
        A_ub=a_ub,
        b_ub=b_ub,
        A_eq=a_eq,
        b_eq=np.ones(n_types_total),
        bounds=bounds,
        method="highs",
        options=_HIGHS_OPTIONS,
    )
    if lp.status == 2:  # infeasible only through rounding: relax slightly and retry
        lp = linprog(  # type: ignore[call-overload]
            c,
            A_ub=a_ub,
            b_ub=np.full(a_ub.shape[0], tol / 2),
            A_eq=a_eq,
            b_eq=np.ones(n_types_total),
            bounds=bounds,
            method="highs",
            options=_HIGHS_OPTIONS,
        )
    if lp.status != 0 or lp.x is None:
        raise SolverError(f"{func}(): HiGHS did not solve the LP ({lp.message})")
    shape = game.n_types + game.n_actions
    mu = np.clip(np.asarray(lp.x[:n_mu], dtype=np.float64), 0.0, None).reshape(
        n_types_total, n_acts
    )
    mu /= mu.sum(axis=1, keepdims=True)
    mu = mu.reshape(shape)
    gains = _gains(game, mu)
    bound = tol * game.payoff_range
    if gains.max() > bound:
        raise SolverError(
            f"{func}(): the LP solution violates honesty/obedience by {gains.max():.3g} > "
            f"tol * payoff_range = {bound:.3g}; try a larger tol"
        )
    joint = _prior_full(game) * mu
    expected = np.array(
        [float(np.sum(joint * game.payoffs[i])) for i in range(n)], dtype=np.float64
    )
    value = float(np.sum(joint * weights))
    return CommunicationResult(
        game=game,
        mechanism=_readonly(mu),
        objective=description,
        sense=sense,
        value=value,
        payoffs=_readonly(expected),
        incentive_violations=_readonly(gains),
        parameters=MappingProxyType(
            {
                "objective": objective
                if isinstance(objective, str | tuple) or objective is None
                else description,
                "sense": sense,
                "tol": tol,
            }
        ),
    )
