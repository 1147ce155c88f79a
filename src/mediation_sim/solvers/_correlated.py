r"""Correlated and coarse correlated equilibria: what a mediator can reach, by linear programming.

A *correlated equilibrium* (CE) [Aum74]_ is a probability distribution
:math:`\mu` over pure strategy profiles such that, when a mediator draws a
profile from :math:`\mu` and privately recommends to each player their own
part of it, no player gains by disobeying a recommendation:

.. math::

    \sum_{a_{-i}} \mu(k, a_{-i}) \,\bigl[u_i(k', a_{-i}) - u_i(k, a_{-i})\bigr] \le 0
    \quad \text{for every player } i \text{ and strategies } k \ne k'.

A mediator who cannot enforce anything, only inform, can implement exactly
the correlated equilibria; so "what is the highest probability of a
settlement that a mediator can reach" is a linear program over :math:`\mu`:
maximise :math:`\sum_a w(a)\,\mu(a)` subject to the incentive constraints,
:math:`\mu \ge 0` and :math:`\sum_a \mu(a) = 1` [Mye91]_. Every Nash
equilibrium, as the product of its mixed strategies, is a CE, so the CE
optimum is never below the best Nash equilibrium's value.

A *coarse* correlated equilibrium (CCE) [MV78]_ only requires that no
player prefers to opt out *before* hearing the recommendation: one
constraint per player and strategy :math:`k'`,
:math:`\sum_a \mu(a)\,[u_i(k', a_{-i}) - u_i(a)] \le 0`. Every CE is a CCE.

The constraint matrices are built with array operations (no loop over
profiles) and handed to SciPy's HiGHS as sparse matrices, with payoffs
scaled to the unit interval so that HiGHS's tolerances are relative ones.

References
----------
.. [Aum74] R. J. Aumann, "Subjectivity and correlation in randomized
   strategies", *Journal of Mathematical Economics* 1 (1974) 67-96.
.. [Aum87] R. J. Aumann, "Correlated equilibrium as an expression of Bayesian
   rationality", *Econometrica* 55 (1987) 1-18.
.. [MV78] H. Moulin and J.-P. Vial, "Strategically zero-sum games: the class
   of games whose completely mixed equilibria cannot be improved upon",
   *International Journal of Game Theory* 7 (1978) 201-221.
.. [Mye91] R. B. Myerson, *Game Theory: Analysis of Conflict*, Harvard
   University Press (1991), section 6.2.
"""

from __future__ import annotations

import html
import math
import numbers
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

import numpy as np
import scipy.sparse as sp
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import linprog

from .._deprecation import deprecate_positional
from .._errors import GameTooLargeError, InvalidArgumentError, InvalidProfileError, SolverError
from .._jsonable import jsonable
from .._results import Result
from .._validation import DEFAULT_TOL, check_tol
from ..games.normal_form import MAX_PAYOFF_ENTRIES, MixedProfile, NormalFormGame
from ._core import check_game

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "CorrelatedResult",
    "Objective",
    "correlated",
    "incentive_violations",
    "is_correlated_equilibrium",
]

FloatArray = NDArray[np.float64]

#: What :func:`correlated` accepts as ``objective``.
Objective: TypeAlias = "str | tuple[str, str | int] | Mapping[str, Any] | ArrayLike | None"

#: Distributions may sum to one within this error.
_SUM_ATOL = 1e-8
#: HiGHS feasibility tolerances (payoffs scaled to [0, 1]).
_HIGHS_OPTIONS = {"primal_feasibility_tolerance": 1e-10, "dual_feasibility_tolerance": 1e-10}


# ---------------------------------------------------------------------- constraints
def _moved_index(shape: tuple[int, ...], i: int) -> NDArray[np.intp]:
    """``idx[k, r]``: flat (C-order) profile index with player ``i`` at ``k``, others at ``r``."""
    flat = np.arange(math.prod(shape), dtype=np.intp).reshape(shape)
    return np.moveaxis(flat, i, 0).reshape(shape[i], -1)


def _own_first(payoffs_i: FloatArray, i: int) -> FloatArray:
    return np.moveaxis(payoffs_i, i, 0).reshape(payoffs_i.shape[i], -1)


def _ce_constraints(scaled: FloatArray) -> sp.csr_array:
    """Sparse matrix of the CE incentive constraints (rows: (player, k, k'), k != k')."""
    shape = scaled.shape[1:]
    rows: list[NDArray[np.intp]] = []
    cols: list[NDArray[np.intp]] = []
    data: list[FloatArray] = []
    offset = 0
    for i in range(len(shape)):
        s = shape[i]
        if s < 2:
            continue
        u = _own_first(scaled[i], i)
        idx = _moved_index(shape, i)
        k, k2 = np.nonzero(~np.eye(s, dtype=bool))  # all ordered pairs k != k'
        m = k.size
        width = u.shape[1]
        data.append((u[k2] - u[k]).reshape(-1))
        cols.append(idx[k].reshape(-1))
        rows.append(np.repeat(np.arange(offset, offset + m, dtype=np.intp), width))
        offset += m
    n_cols = math.prod(shape)
    if not rows:
        return sp.csr_array((0, n_cols))
    return sp.csr_array(
        (np.concatenate(data), (np.concatenate(rows), np.concatenate(cols))),
        shape=(offset, n_cols),
    )


def _cce_constraints(scaled: FloatArray) -> FloatArray:
    """Dense matrix of the coarse constraints (rows: (player, k'))."""
    shape = scaled.shape[1:]
    blocks = []
    for i in range(len(shape)):
        u = _own_first(scaled[i], i)  # (s, R)
        idx = _moved_index(shape, i)
        # coefficient of mu(k, r) in row k': u[k', r] - u[k, r]
        coef = u[:, None, :] - u[None, :, :]  # (k', k, r)
        row = np.empty((shape[i], math.prod(shape)))
        row[:, idx.reshape(-1)] = coef.reshape(shape[i], -1)
        blocks.append(row)
    return np.vstack(blocks)


def _violations(payoffs: FloatArray, mu: FloatArray, *, coarse: bool) -> FloatArray:
    """Each player's largest expected gain from disobeying (absolute payoff units, >= 0)."""
    shape = mu.shape
    out = np.zeros(len(shape))
    for i in range(len(shape)):
        u = _own_first(payoffs[i], i)  # (s, R)
        m = np.moveaxis(mu, i, 0).reshape(shape[i], -1)  # (s, R)
        if coarse:
            others = m.sum(axis=0)  # distribution of the others' profile
            gains = u @ others - float(np.sum(m * u))
            out[i] = max(float(gains.max()), 0.0)
        else:
            g = m @ u.T  # g[k, k'] = sum_r mu(k, r) u(k', r)
            gains = g - np.diag(g)[:, None]
            out[i] = max(float(gains.max()), 0.0)
    return out


def _as_distribution(game: NormalFormGame, distribution: object, *, func: str) -> FloatArray:
    """A validated joint distribution; a mixed profile becomes the product of its strategies."""
    if not isinstance(distribution, MixedProfile | Mapping):
        try:
            mu = np.array(distribution, dtype=np.float64)
        except (TypeError, ValueError):
            mu = None
        if mu is not None and mu.shape == game.shape:
            if not np.isfinite(mu).all() or mu.min() < -_SUM_ATOL:
                raise InvalidProfileError(f"{func}(): distribution must be finite and non-negative")
            total = float(mu.sum())
            if abs(total - 1.0) > _SUM_ATOL:
                raise InvalidProfileError(f"{func}(): distribution sums to {total!r}, not 1")
            mu = np.clip(mu, 0.0, None)
            return np.asarray(
                mu / mu.sum(), dtype=np.float64
            )  # renormalised: the slack must not hide a violation
    try:
        profile = game.as_profile(distribution)  # type: ignore[arg-type]
    except InvalidProfileError:
        raise InvalidProfileError(
            f"{func}(): distribution must be an array of the game's shape {game.shape} "
            "(a joint distribution) or a mixed profile"
        ) from None
    joint = np.ones(())
    for v in profile.probabilities:
        joint = np.multiply.outer(joint, v)
    return np.asarray(joint, dtype=np.float64).reshape(game.shape)


def incentive_violations(
    game: NormalFormGame, distribution: ArrayLike | MixedProfile, *, coarse: bool = False
) -> FloatArray:
    """Each player's largest expected gain from disobeying a mediator's recommendation.

    Parameters
    ----------
    game : NormalFormGame
        Any number of players.
    distribution : array_like of shape ``game.shape``, or a mixed profile
        Probabilities of pure profiles (summing to 1). A mixed profile (a
        :class:`~mediation_sim.MixedProfile`, a mapping, or anything else
        :meth:`NormalFormGame.as_profile` accepts that is not an array of
        the game's shape) stands for the product of its mixed strategies.
    coarse : bool, default False
        Check the coarse constraints (opting out before the recommendation)
        instead of the correlated ones.

    Returns
    -------
    ndarray, shape (n_players,)
        Non-negative gains in payoff units; all zero (up to rounding) for a
        (coarse) correlated equilibrium.

    Raises
    ------
    InvalidProfileError
        If the distribution has the wrong shape, negative entries or does not
        sum to 1.

    See Also
    --------
    is_correlated_equilibrium, correlated

    Notes
    -----
    For player ``i`` with payoff matrix ``U`` (own strategies by the others'
    profiles) and ``M`` the distribution arranged the same way, the gain
    from replacing recommendation ``k`` by ``k'`` is
    ``(M @ U.T)[k, k'] - (M @ U.T)[k, k]``: one matrix product per player.
    The coarse gain from committing to ``k'`` in advance is
    ``U[k'] @ M.sum(axis=0) - sum(M * U)``.

    References
    ----------
    .. [1] R. J. Aumann, "Subjectivity and correlation in randomized
       strategies", *Journal of Mathematical Economics* 1 (1974) 67-96.
    .. [2] H. Moulin and J.-P. Vial, "Strategically zero-sum games",
       *International Journal of Game Theory* 7 (1978) 201-221.

    Examples
    --------
    In Chicken, a fair coin between the two pure equilibria is a CE; putting
    everything on (chicken, chicken) is not, since each player would dare:

    >>> import numpy as np
    >>> import mediation_sim as ms
    >>> g = ms.games.chicken()
    >>> ms.solvers.incentive_violations(g, [[0, 0.5], [0.5, 0]]).tolist()
    [0.0, 0.0]
    >>> ms.solvers.incentive_violations(g, [[0, 0], [0, 1]]).tolist()
    [1.0, 1.0]
    """
    func = "incentive_violations"
    check_game(game, func=func)
    if not isinstance(coarse, bool):
        raise InvalidArgumentError(f"{func}(): coarse must be True or False")
    mu = _as_distribution(game, distribution, func=func)
    return _violations(game.payoffs, mu, coarse=coarse)


def is_correlated_equilibrium(
    game: NormalFormGame,
    distribution: ArrayLike | MixedProfile,
    *,
    coarse: bool = False,
    tol: float = DEFAULT_TOL,
) -> bool:
    """Whether ``distribution`` is a (coarse) correlated equilibrium of ``game`` within ``tol``.

    Accepted when every player's largest gain from disobeying
    (:func:`incentive_violations`) is at most ``tol * game.payoff_range``.

    Parameters
    ----------
    game : NormalFormGame
        Any number of players.
    distribution : array_like of shape ``game.shape``, or a mixed profile
        See :func:`incentive_violations`.
    coarse : bool, default False
        Check the coarse constraints instead.
    tol : float, default 1e-8
        Relative tolerance (scale: :attr:`NormalFormGame.payoff_range`).

    Returns
    -------
    bool

    Raises
    ------
    InvalidProfileError
        If the distribution is malformed.
    InvalidArgumentError
        If ``tol`` is negative or not a number.

    See Also
    --------
    incentive_violations, correlated

    Notes
    -----
    Every Nash equilibrium is a correlated equilibrium, and every correlated
    equilibrium a coarse one.

    References
    ----------
    .. [1] R. J. Aumann, "Subjectivity and correlation in randomized
       strategies", *Journal of Mathematical Economics* 1 (1974) 67-96.

    Examples
    --------
    Aumann's (1974) correlated equilibrium of Chicken, a third on each
    profile except (dare, dare):

    >>> import mediation_sim as ms
    >>> g = ms.games.chicken()
    >>> ms.solvers.is_correlated_equilibrium(g, [[0, 1/3], [1/3, 1/3]])
    True
    >>> ms.solvers.is_correlated_equilibrium(g, [[1/3, 1/3], [1/3, 0]])
    False
    """
    tol = check_tol(tol, func="is_correlated_equilibrium")
    check_game(game, func="is_correlated_equilibrium")
    # compared in the normalised game, so the verdict holds at every finite scale
    gains = incentive_violations(game.normalised(), distribution, coarse=coarse)
    return bool(gains.max() <= tol)


# ---------------------------------------------------------------------- objectives
@dataclass(frozen=True, slots=True)
class _Goal:
    weights: FloatArray | None  # None: egalitarian
    description: str


def _parse_objective(game: NormalFormGame, objective: object, *, func: str) -> _Goal:
    payoffs = game.payoffs
    if objective is None or (isinstance(objective, str) and objective == "welfare"):
        return _Goal(payoffs.sum(axis=0), "welfare")
    if isinstance(objective, str):
        if objective in ("egalitarian", "maxmin"):
            return _Goal(None, "egalitarian")
        raise InvalidArgumentError(
            f"{func}(): unknown objective {objective!r}; use None/'welfare', "
            "'egalitarian'/'maxmin', ('payoff', player), {player: weight, ...}, "
            f"or an array of shape {game.shape}"
        )
    if isinstance(objective, tuple) and len(objective) == 2 and objective[0] == "payoff":
        i = game.player_index(objective[1])
        return _Goal(np.array(payoffs[i]), f"payoff of {game.players[i]}")
    if isinstance(objective, Mapping):
        if set(objective) == {"player"} and (
            "player" not in game.players or isinstance(objective["player"], str)
        ):
            i = game.player_index(objective["player"])
            return _Goal(np.array(payoffs[i]), f"payoff of {game.players[i]}")
        weights = np.zeros(game.n_players)
        for name, weight in objective.items():
            if isinstance(weight, bool) or not isinstance(weight, numbers.Real):
                raise InvalidArgumentError(
                    f"{func}(): objective weight of {name!r} must be a real number"
                )
            if not math.isfinite(float(weight)):
                raise InvalidArgumentError(f"{func}(): objective weight of {name!r} must be finite")
            weights[game.player_index(name)] = float(weight)
        described = ", ".join(f"{game.players[i]}: {w:g}" for i, w in enumerate(weights) if w)
        return _Goal(np.tensordot(weights, payoffs, axes=1), f"weighted payoffs ({described})")
    try:
        arr = np.asarray(objective)
    except (TypeError, ValueError):
        arr = np.empty(0)
    if arr.dtype.kind not in "biuf" or arr.shape != game.shape:
        raise InvalidArgumentError(
            f"{func}(): objective must be None, a name, ('payoff', player), a weight mapping, "
            f"or a real array of the game's shape {game.shape}; got "
            f"{type(objective).__name__} of shape {arr.shape}"
        )
    values = arr.astype(np.float64)
    if not np.isfinite(values).all():
        raise InvalidArgumentError(f"{func}(): objective array must be finite")
    what = "probability of a profile set" if arr.dtype.kind == "b" else "profile weights"
    return _Goal(values, what)


# ---------------------------------------------------------------------- result
@dataclass(frozen=True, slots=True, repr=False, eq=False)
class CorrelatedResult(Result):
    """A (coarse) correlated equilibrium that optimises an objective, verified.

    Attributes
    ----------
    game : NormalFormGame
        The game.
    distribution : ndarray
        Shape ``game.shape``: the probability of each pure profile
        (read-only).
    objective : str
        What was optimised (``"welfare"``, ``"payoff of kyiv"``, ...).
    sense : {"max", "min"}
        Whether it was maximised or minimised.
    value : float
        The optimal objective value (for ``"egalitarian"``: the smallest
        player's expected payoff).
    payoffs : ndarray, shape (n_players,)
        Each player's expected payoff under :attr:`distribution`.
    incentive_violations : ndarray, shape (n_players,)
        Each player's largest gain from disobeying (at most
        ``tol * payoff_range``; checked).
    coarse : bool
        Whether the coarse constraints were used.
    parameters : Mapping[str, object]
        Arguments used.
    """

    game: NormalFormGame = field(repr=False)
    distribution: FloatArray
    objective: str
    sense: str
    value: float
    payoffs: FloatArray
    incentive_violations: FloatArray
    coarse: bool
    parameters: Mapping[str, object]

    @property
    def marginals(self) -> tuple[FloatArray, ...]:
        """Each player's marginal distribution over their own strategies."""
        n = self.game.n_players
        return tuple(
            self.distribution.sum(axis=tuple(j for j in range(n) if j != i)) for i in range(n)
        )

    def support(self, *, threshold: float = 1e-12) -> list[tuple[int, ...]]:
        """Pure profiles with probability above ``threshold``, most likely first."""
        flat = self.distribution.reshape(-1)
        order = np.argsort(-flat, kind="stable")
        keep = order[flat[order] > threshold]
        return [tuple(int(x) for x in np.unravel_index(k, self.game.shape)) for k in keep]

    def probability(self, profiles: ArrayLike) -> float:
        """Probability of a set of profiles, given as a boolean mask of ``game.shape``."""
        mask = np.asarray(profiles)
        if mask.dtype.kind != "b" or mask.shape != self.game.shape:
            raise InvalidArgumentError(
                f"CorrelatedResult.probability(): profiles must be a boolean mask of shape "
                f"{self.game.shape}"
            )
        return float(self.distribution[mask].sum())

    def to_frame(self) -> pd.DataFrame:
        """One row per profile in the support: a column per player (labels) and ``probability``."""
        import pandas as pd

        rows = []
        for prof in self.support():
            row: dict[str, Any] = {
                p: self.game.strategies[i][a]
                for i, (p, a) in enumerate(zip(self.game.players, prof, strict=True))
            }
            row["probability"] = float(self.distribution[prof])
            rows.append(row)
        return pd.DataFrame(rows, columns=[*self.game.players, "probability"])

    def _summary(self) -> dict[str, Any]:
        """JSON-serialisable form: the support by labels, payoffs, value and checks."""
        return {
            "objective": self.objective,
            "sense": self.sense,
            "value": self.value,
            "coarse": self.coarse,
            "distribution": [
                {
                    "profile": {
                        p: self.game.strategies[i][a]
                        for i, (p, a) in enumerate(zip(self.game.players, prof, strict=True))
                    },
                    "probability": float(self.distribution[prof]),
                }
                for prof in self.support()
            ],
            "payoffs": dict(zip(self.game.players, self.payoffs.tolist(), strict=True)),
            "incentive_violations": dict(
                zip(self.game.players, self.incentive_violations.tolist(), strict=True)
            ),
            "parameters": {k: jsonable(v) for k, v in self.parameters.items()},
        }

    def __repr__(self) -> str:
        kind = "coarse correlated" if self.coarse else "correlated"
        return (
            f"CorrelatedResult({kind}, {self.sense} {self.objective} = {self.value:.6g}, "
            f"{len(self.support())} profiles in support)"
        )

    def _repr_html_(self) -> str:
        esc = html.escape
        rows = "".join(
            "<tr>"
            + "".join(f"<td>{esc(self.game.strategies[i][a])}</td>" for i, a in enumerate(prof))
            + f"<td>{self.distribution[prof]:.6g}</td></tr>"
            for prof in self.support()
        )
        head = "".join(f"<th>{esc(p)}</th>" for p in self.game.players)
        return (
            f"<p><b>{esc(repr(self))}</b></p>"
            f"<table><tr>{head}<th>probability</th></tr>{rows}</table>"
        )


def _readonly(a: FloatArray) -> FloatArray:
    a.flags.writeable = False
    return a


# ---------------------------------------------------------------------- solver
@deprecate_positional("objective")
def correlated(
    game: NormalFormGame,
    *,
    objective: Objective = None,
    sense: Literal["max", "min"] = "max",
    coarse: bool = False,
    tol: float = DEFAULT_TOL,
) -> CorrelatedResult:
    r"""The (coarse) correlated equilibrium that maximises or minimises an objective, by LP.

    Algorithm:

    1. Scale each player's payoffs to the unit interval for the incentive
       constraints (the polytope is unchanged; HiGHS's tolerances become
       relative to each player's own stakes).
    2. Build the incentive constraints as one sparse matrix with array
       operations: for each player ``i`` and ordered pair of strategies
       ``k != k'``, the row
       ``sum_{a_-i} mu(k, a_-i) [u_i(k', a_-i) - u_i(k, a_-i)] <= 0``
       (coarse: one dense row per player and ``k'``). If HiGHS declares
       these exact constraints infeasible (possible only through rounding:
       a correlated equilibrium always exists), they are relaxed to
       ``<= tol / 2`` in units of each player's payoff range and solved again.
    3. Solve the linear program — objective, the constraints,
       ``mu >= 0``, ``sum(mu) = 1`` — with SciPy's HiGHS. The egalitarian
       objective adds one variable ``z`` with ``z <= E[u_i]`` for every
       player and maximises ``z``.
    4. Clip rounding noise, renormalise, and verify: every player's largest
       gain from disobeying must be at most ``tol * payoff_range``.

    Parameters
    ----------
    game : NormalFormGame
        Any number of players.
    objective : optional
        What to optimise over the joint distribution ``mu``:

        * ``None`` or ``"welfare"``: the sum of expected payoffs;
        * ``"egalitarian"`` (alias ``"maxmin"``): the smallest player's
          expected payoff (maximisation only);
        * ``("payoff", player)`` or ``{"player": player}``: one player's
          expected payoff;
        * ``{player: weight, ...}``: a weighted sum of expected payoffs;
        * an array ``w`` of the game's shape: ``sum_a w[a] mu[a]``. A
          boolean mask gives the probability of a set of profiles (for
          example every profile whose outcome is a settlement); a real array
          gives, for example, the expected settlement probability when each
          profile leads to a lottery over outcomes.
    sense : {"max", "min"}, default "max"
        Maximise or minimise. Solving both gives the *range* of the
        objective over all correlated equilibria.
    coarse : bool, default False
        Use coarse correlated equilibria (a larger set).
    tol : float, default 1e-8
        Verification tolerance, relative to the payoff range.

    Returns
    -------
    CorrelatedResult
        The distribution (an array of the game's shape), the optimal value,
        expected payoffs, marginals and the verified incentive gains.

    Raises
    ------
    InvalidArgumentError
        If the objective, ``sense``, ``coarse`` or ``tol`` is invalid.
    UnknownNameError
        If the objective names an unknown player.
    SolverError
        If HiGHS fails or its answer does not pass verification.

    See Also
    --------
    is_correlated_equilibrium : check a given distribution.
    incentive_violations : the gains from disobeying a distribution.
    nash : Nash equilibria (each one, as a product distribution, is a CE).

    Notes
    -----
    The correlated equilibria form a convex polytope containing every Nash
    equilibrium [Aumann 1974]; it is never empty [Hart and Schmeidler 1989].
    Because it is convex, the range ``[min, max]`` of a linear objective is
    exactly the set of values some CE attains. The constraint matrix has
    ``sum_i s_i (s_i - 1)`` rows and ``prod_i s_i`` columns, each row with
    ``prod_i s_i / s_i`` non-zeros.

    References
    ----------
    .. [1] R. J. Aumann, "Subjectivity and correlation in randomized
       strategies", *Journal of Mathematical Economics* 1 (1974) 67-96.
    .. [2] S. Hart and D. Schmeidler, "Existence of correlated equilibria",
       *Mathematics of Operations Research* 14 (1989) 18-25.
    .. [3] C. H. Papadimitriou and T. Roughgarden, "Computing correlated
       equilibria in multi-player games", *Journal of the ACM* 55 (2008) 14.
    .. [4] H. Moulin and J.-P. Vial, "Strategically zero-sum games",
       *International Journal of Game Theory* 7 (1978) 201-221.

    Examples
    --------
    In Chicken the best correlated equilibrium for the two players together
    puts 1/2 on (chicken, chicken) and 1/4 on each asymmetric profile,
    giving 5.25 each — more than any Nash equilibrium (at most 14/3 each in
    the symmetric one):

    >>> import numpy as np
    >>> import mediation_sim as ms
    >>> g = ms.games.chicken()
    >>> res = ms.solvers.correlated(g)
    >>> np.round(res.distribution, 6).tolist()
    [[0.0, 0.25], [0.25, 0.5]]
    >>> res.payoffs.tolist()
    [5.25, 5.25]
    >>> ms.solvers.is_correlated_equilibrium(g, res.distribution)
    True

    The range of the probability that nobody dares, over all CE:

    >>> calm = np.zeros((2, 2), dtype=bool); calm[1, 1] = True
    >>> low = ms.solvers.correlated(g, objective=calm, sense="min").value
    >>> high = ms.solvers.correlated(g, objective=calm).value
    >>> round(low, 6), round(high, 6)
    (0.0, 0.5)
    """
    func = "correlated"
    check_game(game, func=func)
    tol = check_tol(tol, func=func)
    if sense not in ("max", "min"):
        raise InvalidArgumentError(f"{func}(): sense must be 'max' or 'min', got {sense!r}")
    if not isinstance(coarse, bool):
        raise InvalidArgumentError(f"{func}(): coarse must be True or False, got {coarse!r}")
    goal = _parse_objective(game, objective, func=func)
    if goal.weights is None and sense == "min":
        raise InvalidArgumentError(
            f"{func}(): the egalitarian objective can only be maximised (sense='max')"
        )
    # the incentive rows: sum_i s_i rows (CCE) or sum_i s_i (s_i - 1) sparse rows
    # (CE), over prod(s_i) columns; refused by their size before any is built
    entries = sum(game.shape) * game.n_profiles
    if entries > MAX_PAYOFF_ENTRIES:
        raise GameTooLargeError(
            f"{func}(): the incentive constraints of a {'x'.join(map(str, game.shape))} game "
            f"have up to {entries:,} entries, above the limit of {MAX_PAYOFF_ENTRIES:,} "
            "(mediation_sim.games.normal_form.MAX_PAYOFF_ENTRIES)"
        )
    # The LP and its check run on the game mapped onto [0, 1] (no overflow or
    # cancellation at extreme scales or offsets); results are in payoff units.
    spread = game.payoff_range
    work = game.normalised()
    scaled = work.payoffs
    # each player's incentive rows in that player's own payoff units: dividing a row
    # by a positive constant leaves the polytope unchanged, and a player whose payoffs
    # differ by little compared with the others' keeps well-conditioned rows
    # differ by little compared with the others' keeps well-conditioned rows. Each
    # player is normalised from the original payoffs (not from the joint [0, 1] frame,
    # where a player whose range is tiny next to another's would be rounded away, and
    # the CE set would change under a rescaling of someone else's payoffs).
    flat = game.payoffs.reshape(game.n_players, -1)
    exponent = np.frexp(np.abs(flat).max(axis=1))[1]
    flat = np.ldexp(flat, -exponent[:, None])  # exact: every entry now in (-1, 1)
    low = flat.min(axis=1, keepdims=True)
    own = flat.max(axis=1, keepdims=True) - low
    own = np.where(own > 0, own, 1.0)
    per_player = ((flat - low) / own).reshape(game.payoffs.shape)
    n_profiles = game.n_profiles
    a_ub: sp.csr_array | FloatArray
    a_ub = _cce_constraints(per_player) if coarse else _ce_constraints(per_player)
    n_rows = a_ub.shape[0]
    if goal.weights is None:
        # variables (mu, z): maximise z subject to z <= E[u_i] (scaled) for every player
        flat_u = scaled.reshape(game.n_players, -1)
        extra = sp.csr_array(np.hstack([-flat_u, np.ones((game.n_players, 1))]))
        base = sp.csr_array(a_ub) if not sp.issparse(a_ub) else a_ub
        a_ub = sp.vstack([sp.hstack([base, sp.csr_array((n_rows, 1))]), extra], format="csr")
        c = np.zeros(n_profiles + 1)
        c[-1] = -1.0
        a_eq = np.append(np.ones(n_profiles), 0.0)[None, :]
        b_ub = np.zeros(n_rows + game.n_players)
    else:
        w = goal.weights.reshape(-1)
        scale = float(np.abs(w).max()) or 1.0
        c = (-w if sense == "max" else w) / scale
        a_eq = np.ones((1, n_profiles))
        b_ub = np.zeros(n_rows)
    # scipy-stubs omit sparse A_ub, which HiGHS accepts (and which pays off here)
    lp = linprog(  # type: ignore[call-overload]
        c,
        A_ub=a_ub if n_rows or goal.weights is None else None,
        b_ub=b_ub if n_rows or goal.weights is None else None,
        A_eq=a_eq,
        b_eq=[1.0],
        bounds=(0.0, None),  # z >= 0 is harmless: scaled payoffs are >= 0
        method="highs",
        options=_HIGHS_OPTIONS,
    )
    if lp.status == 2 and n_rows:  # infeasible: rounding at HiGHS's tolerances
        b_ub = b_ub.copy()
        b_ub[:n_rows] = tol / 2
        lp = linprog(  # type: ignore[call-overload]
            c,
            A_ub=a_ub,
            b_ub=b_ub,
            A_eq=a_eq,
            b_eq=[1.0],
            bounds=(0.0, None),
            method="highs",
            options=_HIGHS_OPTIONS,
        )
    if lp.status != 0 or lp.x is None:
        raise SolverError(f"{func}(): HiGHS did not solve the LP ({lp.message})")
    mu = np.clip(np.asarray(lp.x[:n_profiles], dtype=np.float64), 0.0, None)
    mu /= mu.sum()
    mu = mu.reshape(game.shape)
    unit_gains = _violations(work.payoffs, mu, coarse=coarse)
    gains = np.array([g * spread if g > 0 else 0.0 for g in unit_gains.tolist()])
    if unit_gains.max() > tol:
        raise SolverError(
            f"{func}(): the LP solution violates the incentive constraints by "
            f"{gains.max():.3g} > tol * payoff_range = {tol * spread:.3g}; try a larger tol"
        )
    expected = np.tensordot(game.payoffs, mu, axes=game.n_players)
    value = float(expected.min()) if goal.weights is None else float(np.sum(goal.weights * mu))
    return CorrelatedResult(
        game=game,
        distribution=_readonly(mu),
        objective=goal.description,
        sense=sense,
        value=value,
        payoffs=_readonly(np.asarray(expected, dtype=np.float64)),
        incentive_violations=_readonly(gains),
        coarse=coarse,
        parameters=MappingProxyType(
            {
                "objective": objective
                if isinstance(objective, str | tuple) or objective is None
                else goal.description,
                "sense": sense,
                "coarse": coarse,
                "tol": tol,
            }
        ),
    )
