r"""Learning dynamics for N-player games: fictitious play and replicator dynamics.

These are *models of how play might drift* over a prolonged interaction —
for instance, how belligerents and their backers adjust their mix of
escalation and restraint over a long war as each learns from what the others
did — not equilibrium solvers. When they converge, the limit is a Nash
equilibrium; but they need not converge: fictitious play cycles in
Shapley's (1964) game and in Jordan's (1993) three-player matching pennies,
and the continuous replicator dynamics orbit forever around the interior
equilibrium of matching pennies. Use :func:`nash` for equilibria; use
these to ask where play heads from a given starting point, and how fast.

Each function returns a :class:`Trajectory`: the times, every player's
mixed strategy at each time, and the regret along the way (how far each
point is from being an equilibrium).

Payoff scale
    Replicator dynamics depend on the payoff scale (a payoff difference of
    10 drives change ten times as fast as one of 1). To make trajectories
    comparable across games, payoffs are first mapped affinely to the unit
    interval (subtract the smallest payoff, divide by
    :attr:`NormalFormGame.payoff_range`), so a unit of time is the time
    in which a strategy ahead by the whole payoff range would grow by a
    factor of about ``e`` relative to the average.

References
----------
.. [Bro51] G. W. Brown, "Iterative solution of games by fictitious play",
   in T. C. Koopmans (ed.), *Activity Analysis of Production and
   Allocation*, Wiley (1951) 374-376.
.. [Rob51] J. Robinson, "An iterative method of solving a game", *Annals of
   Mathematics* 54 (1951) 296-301.
.. [Sha64] L. S. Shapley, "Some topics in two-person games", in *Advances in
   Game Theory*, Annals of Mathematics Studies 52 (1964) 1-28.
.. [Jor93] J. S. Jordan, "Three problems in learning mixed-strategy Nash
   equilibria", *Games and Economic Behavior* 5 (1993) 368-386.
.. [TJ78] P. D. Taylor and L. B. Jonker, "Evolutionarily stable strategies
   and game dynamics", *Mathematical Biosciences* 40 (1978) 145-156.
.. [HS98] J. Hofbauer and K. Sigmund, *Evolutionary Games and Population
   Dynamics*, Cambridge University Press (1998).
"""

from __future__ import annotations

import html
import math
import numbers
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from numpy.typing import NDArray

from .._errors import InvalidArgumentError, SolverError
from .._jsonable import jsonable
from .._results import Result
from .._validation import check_limit, check_positive_int
from ..games.normal_form import MixedProfile, NormalFormGame, ProfileLike
from ._core import check_game, solver_rng
from ._multilinear import PayoffKernel, normalised_payoffs
from ._paths import check_point, long_frame

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Trajectory", "fictitious_play", "replicator_dynamics"]

FloatArray = NDArray[np.float64]


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Trajectory(Result):
    """A path of mixed profiles produced by a learning dynamic.

    Attributes
    ----------
    game : NormalFormGame
        The game.
    kind : str
        ``"fictitious_play"``, ``"replicator_continuous"`` or
        ``"replicator_discrete"``.
    times : ndarray, shape (k,)
        Iteration numbers (fictitious play, discrete replicator) or
        continuous times (in units described in the module docstring).
    probabilities : tuple of ndarray
        Entry ``i`` has shape ``(k, s_i)``: player ``i``'s mixed strategy
        at each time (for fictitious play: the empirical frequencies of
        play so far, the players' beliefs about each other).
    regret : ndarray, shape (k,)
        Regret (in payoff units) of the profile at each time; it tends to 0
        if and only if the path approaches the set of Nash equilibria.
    parameters : Mapping[str, object]
        Arguments used.
    """

    game: NormalFormGame = field(repr=False)
    kind: str
    times: FloatArray
    probabilities: tuple[FloatArray, ...]
    regret: FloatArray
    parameters: Mapping[str, object]

    def __len__(self) -> int:
        return int(self.times.size)

    def profile(self, index: int) -> MixedProfile:
        """The mixed profile at point ``index`` (negative indices count from the end)."""
        check_point(index, len(self), func="Trajectory.profile")
        return self.game.as_profile([p[index] / p[index].sum() for p in self.probabilities])

    @property
    def final(self) -> MixedProfile:
        """The last profile of the path."""
        return self.profile(-1)

    def to_frame(self) -> pd.DataFrame:
        """Long (tidy) DataFrame: one row per time, player and strategy.

        Columns: ``time``, ``player``, ``strategy``, ``probability``,
        ``regret`` (the whole profile's regret at that time). Needs pandas.
        """
        return long_frame(
            self.game, self.probabilities, {"time": self.times}, {"regret": self.regret}
        )

    def _summary(self) -> dict[str, Any]:
        """JSON-serialisable form (lists of floats)."""
        return {
            "kind": self.kind,
            "times": self.times.tolist(),
            "probabilities": {
                p: self.probabilities[i].tolist() for i, p in enumerate(self.game.players)
            },
            "regret": self.regret.tolist(),
            "parameters": {k: jsonable(v) for k, v in self.parameters.items()},
        }

    def __repr__(self) -> str:
        end = float(self.times[-1]) if len(self) else 0.0
        last = float(self.regret[-1]) if len(self) else float("nan")
        return (
            f"Trajectory({self.kind}, {len(self)} points, t_end={end:g}, final regret={last:.3g})"
        )

    def _repr_html_(self) -> str:
        return f"<p><b>{html.escape(repr(self))}</b></p>{self.final._repr_html_()}"


#: Most rounds :func:`fictitious_play` and the discrete replicator map may be
#: asked to run (each round is a Python-level step, about 10-50 microseconds).
#: A documented cap, checked before any work; assign a larger value to
#: ``mediation_sim.solvers._dynamics.MAX_ROUNDS`` to lift it.
MAX_ROUNDS = 10_000_000

#: Latest final time ``t_max`` of the continuous replicator flow (in
#: scaled-payoff time units; cycling games need a few hundred integrator
#: steps per unit). Overridable like :data:`MAX_ROUNDS`.
MAX_TIME = 100_000.0

#: Most points a :class:`Trajectory` may record (``n_points``, or
#: ``max_iter / record_every``). Overridable like :data:`MAX_ROUNDS`.
MAX_POINTS = 1_000_000


def _readonly(a: FloatArray) -> FloatArray:
    a.flags.writeable = False
    return a


def _initial(game: NormalFormGame, init: ProfileLike | None, *, func: str) -> FloatArray:
    if init is None:
        return np.concatenate([np.full(s, 1.0 / s) for s in game.shape])
    try:
        profile = game.as_profile(init)
    except (ValueError, LookupError) as exc:
        raise InvalidArgumentError(f"{func}(): init is not a valid profile ({exc})") from None
    return np.concatenate(profile.probabilities)


def _build(
    game: NormalFormGame,
    kernel: PayoffKernel,
    kind: str,
    times: FloatArray,
    flats: FloatArray,
    spread: float,
    parameters: dict[str, object],
) -> Trajectory:
    """Assemble a Trajectory; regrets are computed point by point (a loop over path steps)."""
    regrets = np.empty(len(times))
    for k in range(len(times)):
        vectors = kernel.split(flats[k])
        r = float(kernel.regrets(vectors).max())
        regrets[k] = r * spread if r > 0 else 0.0  # spread may be inf at extreme scales
    probabilities = tuple(_readonly(np.ascontiguousarray(flats[:, sl])) for sl in kernel.slices)
    return Trajectory(
        game=game,
        kind=kind,
        times=_readonly(np.asarray(times, dtype=np.float64)),
        probabilities=probabilities,
        regret=_readonly(regrets),
        parameters=MappingProxyType(parameters),
    )


def fictitious_play(
    game: NormalFormGame,
    *,
    max_iter: int = 1000,
    init: ProfileLike | None = None,
    tie_break: Literal["first", "random"] = "first",
    record_every: int = 1,
    rng: int | np.random.Generator | None = None,
) -> Trajectory:
    r"""Simultaneous fictitious play: everyone best responds to the empirical play of the others.

    Algorithm (Brown 1951):

    1. Beliefs start at ``init`` (default: uniform), counted as one
       round of past play.
    2. In round ``t = 1, ..., max_iter`` every player simultaneously picks a
       pure best response to the empirical frequencies of the others' past
       play (ties: the first best response, or a uniformly random one with
       ``tie_break="random"``).
    3. The empirical frequencies are updated:
       ``x <- x + (e_choice - x) / (t + 1)``.
    4. Every ``record_every`` rounds the frequencies and their regret are
       recorded.

    Parameters
    ----------
    game : NormalFormGame
        Any number of players.
    max_iter : int, default 1000
        Number of rounds played (fictitious play has no stopping rule, so it
        plays them all).
    init : profile-like, optional
        Initial beliefs (any form :meth:`NormalFormGame.as_profile` accepts).
    tie_break : {"first", "random"}, default "first"
        How ties between best responses are broken.
    record_every : int, default 1
        Record one point every this many rounds (the last round is always
        recorded).
    rng : int, Generator or None, default None
        Random source for ``tie_break="random"``.
        ``None`` means the fixed seed :data:`~mediation_sim.solvers.DEFAULT_SEED`,
        so that a call is reproducible; pass a seed or Generator for other draws.

    Returns
    -------
    Trajectory
        ``times`` are round numbers; ``probabilities`` are the empirical
        frequencies.

    Raises
    ------
    InvalidArgumentError
        If an argument is invalid.

    See Also
    --------
    replicator_dynamics : the other learning model.
    nash : equilibria.

    Notes
    -----
    The empirical frequencies converge to the set of Nash equilibria in
    two-player zero-sum games [Robinson 1951], in 2x2 games and in
    potential games, but cycle with ever longer periods in Shapley's game
    [Shapley 1964] and in Jordan's (1993) three-player game. Use
    ``Trajectory.regret`` to see which is happening.

    References
    ----------
    .. [1] G. W. Brown, "Iterative solution of games by fictitious play", in
       *Activity Analysis of Production and Allocation*, Wiley (1951) 374-376.
    .. [2] J. Robinson, "An iterative method of solving a game", *Annals of
       Mathematics* 54 (1951) 296-301.
    .. [3] L. S. Shapley, "Some topics in two-person games", *Annals of
       Mathematics Studies* 52 (1964) 1-28.

    Examples
    --------
    In matching pennies (zero-sum) the empirical frequencies approach the
    equilibrium (1/2, 1/2), slowly:

    >>> import mediation_sim as ms
    >>> g = ms.games.matching_pennies()
    >>> path = ms.solvers.fictitious_play(g, max_iter=2000, record_every=100,
    ...                                   init=("heads", "tails"))
    >>> len(path), float(path.regret[0]), bool(path.regret[-1] < 0.05)
    (21, 2.0, True)
    >>> g.is_nash(path.final, tol=0.05)
    True
    """
    func = "fictitious_play"
    check_game(game, func=func)
    max_iter = check_positive_int(max_iter, func=func, name="max_iter")
    record_every = check_positive_int(record_every, func=func, name="record_every")
    limits = "mediation_sim.solvers._dynamics"
    check_limit(
        max_iter, func=func, name="max_iter", limit=MAX_ROUNDS, limit_name=f"{limits}.MAX_ROUNDS"
    )
    check_limit(
        max_iter // record_every,
        func=func,
        name="max_iter / record_every",
        limit=MAX_POINTS,
        limit_name=f"{limits}.MAX_POINTS",
    )
    if tie_break not in ("first", "random"):
        raise InvalidArgumentError(
            f"{func}(): tie_break must be 'first' or 'random', got {tie_break!r}"
        )
    generator = solver_rng(rng, func=func)
    scaled, _, spread = normalised_payoffs(game.payoffs)
    kernel = PayoffKernel(scaled)
    x = _initial(game, init, func=func)
    tie_tol = 1e-12
    times = [0.0]
    flats = [x.copy()]
    for t in range(1, max_iter + 1):
        values = kernel.deviation(kernel.split(x))
        step = np.zeros(kernel.dim)
        for sl in kernel.slices:
            v = values[sl]
            best = np.flatnonzero(v >= v.max() - tie_tol)
            k = int(best[0]) if tie_break == "first" else int(generator.choice(best))
            step[sl.start + k] = 1.0
        x = x + (step - x) / (t + 1)
        if t % record_every == 0 or t == max_iter:
            times.append(float(t))
            flats.append(x.copy())
    params: dict[str, object] = {
        "max_iter": max_iter,
        "init": None if init is None else repr(init),
        "tie_break": tie_break,
        "record_every": record_every,
        "rng": None if rng is None else repr(rng),
    }
    return _build(game, kernel, "fictitious_play", np.array(times), np.array(flats), spread, params)


def replicator_dynamics(
    game: NormalFormGame,
    *,
    kind: Literal["continuous", "discrete"] = "continuous",
    t_max: float = 50.0,
    n_points: int = 201,
    step: float = 0.1,
    init: ProfileLike | None = None,
    rtol: float = 1e-8,
) -> Trajectory:
    r"""Multi-population replicator dynamics: strategies doing better than average spread.

    Player ``i``'s mixed strategy ``x_i`` is read as the shares of a
    population playing each pure strategy. With payoffs scaled to
    ``[0, 1]`` (see the module docstring) and ``U_ik`` the payoff of pure
    strategy ``k`` against the others' current mixtures:

    * ``kind="continuous"`` (Taylor and Jonker 1978):
      ``dx_ik/dt = x_ik (U_ik - x_i . U_i)``, integrated with SciPy's
      ``solve_ivp`` (RK45, relative tolerance ``rtol``) and reported at
      ``n_points`` equally spaced times in ``[0, t_max]``;
    * ``kind="discrete"`` (Maynard Smith's discrete-time form with
      background fitness ``1/step``):
      ``x_ik <- x_ik (1 + step U_ik) / (1 + step x_i . U_i)``, repeated
      until time ``t_max`` (``t_max / step`` rounds; each round advances
      time by ``step``, so small steps approximate the continuous flow).

    Algorithm:

    1. Start at ``init`` (default: uniform).
    2. Integrate or iterate as above; strategies absent at the start stay
       absent, and the shares stay on the simplex.
    3. Record the profiles and their regret.

    Parameters
    ----------
    game : NormalFormGame
        Any number of players.
    kind : {"continuous", "discrete"}, default "continuous"
        Continuous-time flow or discrete-time map.
    t_max : float, default 50.0
        Final time (scaled-payoff units).
    n_points : int, default 201
        Number of recorded points (both kinds).
    step : float, default 0.1
        Time step of the discrete map (``0 < step <= 1``).
    init : profile-like, optional
        Starting profile; an interior one (every probability positive)
        keeps every strategy alive.
    rtol : float, default 1e-8
        Relative tolerance of the ODE integrator (continuous kind).

    Returns
    -------
    Trajectory
        Times, profiles and regrets.

    Raises
    ------
    InvalidArgumentError
        If an argument is invalid.
    SolverError
        If the ODE integrator fails.

    See Also
    --------
    fictitious_play : the other learning model.
    nash : equilibria.

    Notes
    -----
    Rest points of the replicator dynamics include every Nash equilibrium
    but also every pure profile; an interior stable rest point is a Nash
    equilibrium, and strategies strictly dominated (even by mixed
    strategies) vanish along interior paths. In zero-sum games such as
    matching pennies the continuous flow cycles around the interior
    equilibrium, conserving the sum over players of the Kullback–Leibler
    divergence from it [Hofbauer and Sigmund 1998].

    References
    ----------
    .. [1] P. D. Taylor and L. B. Jonker, "Evolutionarily stable strategies
       and game dynamics", *Mathematical Biosciences* 40 (1978) 145-156.
    .. [2] J. Hofbauer and K. Sigmund, *Evolutionary Games and Population
       Dynamics*, Cambridge University Press (1998).

    Examples
    --------
    In the Prisoner's Dilemma, cooperation dies out:

    >>> import mediation_sim as ms
    >>> g = ms.games.prisoners_dilemma()
    >>> path = ms.solvers.replicator_dynamics(g, t_max=100.0)
    >>> round(path.final["row"]["defect"], 6)
    1.0
    >>> g.is_nash(path.final, tol=1e-6)
    True

    The discrete map with a small step tracks the continuous flow:

    >>> slow = ms.solvers.replicator_dynamics(g, kind="discrete", t_max=2.0, step=0.001,
    ...                                       n_points=3)
    >>> fast = ms.solvers.replicator_dynamics(g, t_max=2.0, n_points=3)
    >>> abs(slow.final["row"]["defect"] - fast.final["row"]["defect"]) < 1e-3
    True
    """
    func = "replicator_dynamics"
    check_game(game, func=func)
    if kind not in ("continuous", "discrete"):
        raise InvalidArgumentError(
            f"{func}(): kind must be 'continuous' or 'discrete', got {kind!r}"
        )
    t_end = _positive_real(t_max, func=func, name="t_max")
    n_points = check_positive_int(n_points, func=func, name="n_points", minimum=2)
    step_size = _positive_real(step, func=func, name="step")
    if step_size > 1.0:
        raise InvalidArgumentError(f"{func}(): step must lie in (0, 1], got {step_size!r}")
    rel = _positive_real(rtol, func=func, name="rtol")
    limits = "mediation_sim.solvers._dynamics"
    check_limit(
        n_points, func=func, name="n_points", limit=MAX_POINTS, limit_name=f"{limits}.MAX_POINTS"
    )
    if kind == "continuous":
        check_limit(t_end, func=func, name="t_max", limit=MAX_TIME, limit_name=f"{limits}.MAX_TIME")
    else:
        check_limit(
            t_end / step_size,
            func=func,
            name="t_max / step",
            limit=MAX_ROUNDS,
            limit_name=f"{limits}.MAX_ROUNDS",
        )
    scaled, _, spread = normalised_payoffs(game.payoffs)
    kernel = PayoffKernel(scaled)
    x0 = _initial(game, init, func=func)
    owner = np.repeat(np.arange(game.n_players), game.shape)
    times = np.linspace(0.0, t_end, n_points)
    params: dict[str, object] = {
        "kind": kind,
        "t_max": t_end,
        "n_points": n_points,
        "step": step_size,
        "init": None if init is None else repr(init),
        "rtol": rel,
    }

    def averages(x: FloatArray, values: FloatArray) -> FloatArray:
        return np.asarray(
            np.bincount(owner, x * values, minlength=game.n_players)[owner], dtype=np.float64
        )

    if kind == "continuous":
        from scipy.integrate import solve_ivp

        def rhs(_t: float, x: FloatArray) -> FloatArray:
            values = kernel.deviation(kernel.split(x))
            return x * (values - averages(x, values))

        sol = solve_ivp(rhs, (0.0, t_end), x0, t_eval=times, rtol=rel, atol=rel * 1e-2)
        if not sol.success:
            raise SolverError(f"{func}(): the ODE integrator failed ({sol.message})")
        flats = np.clip(np.asarray(sol.y.T, dtype=np.float64), 0.0, None)
        for sl in kernel.slices:
            flats[:, sl] /= flats[:, sl].sum(axis=1, keepdims=True)
        return _build(game, kernel, "replicator_continuous", times, flats, spread, params)

    n_rounds = max(1, math.ceil(t_end / step_size - 1e-9))
    record = np.unique(np.round(times / step_size).astype(np.int64).clip(0, n_rounds))
    x = x0.copy()
    flats_list = [x.copy()] if record[0] == 0 else []
    recorded_rounds = [0] if record[0] == 0 else []
    targets = {int(r) for r in record}
    for r in range(1, n_rounds + 1):
        values = kernel.deviation(kernel.split(x))
        x = x * (1.0 + step_size * values) / (1.0 + step_size * averages(x, values))
        if r in targets:
            recorded_rounds.append(r)
            flats_list.append(x.copy())
    return _build(
        game,
        kernel,
        "replicator_discrete",
        np.array(recorded_rounds, dtype=np.float64) * step_size,
        np.array(flats_list),
        spread,
        params,
    )


def _positive_real(value: object, *, func: str, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise InvalidArgumentError(f"{func}(): {name} must be a positive real number")
    out = float(value)
    if not math.isfinite(out) or out <= 0:
        raise InvalidArgumentError(f"{func}(): {name} must be finite and > 0, got {out!r}")
    return out
