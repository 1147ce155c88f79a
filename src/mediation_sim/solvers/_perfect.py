"""Trembling-hand perfect equilibria of normal-form games (Selten 1975).

A Nash equilibrium is *perfect* when it survives small mistakes: it is the
limit of profiles in which every strategy is played with positive
probability and each player's equilibrium strategy stays a best response to
the others' trembling play [Sel75]_. Perfection removes equilibria that rest
on a weakly dominated strategy, such as a threat the threatening player is
indifferent about carrying out only because nobody ever tests it.

:func:`perfection` checks one equilibrium, :func:`is_perfect` answers yes or
no, :func:`perfect_equilibria` filters every equilibrium of a small game
(:func:`~mediation_sim.solvers.all_nash`) down to the perfect ones.

How perfection is decided
-------------------------
1. **Undominatedness** (necessary for every number of players). A strategy
   is weakly dominated when a (mixed) strategy does at least as well against
   every profile of the others and strictly better against one. For each
   player the linear programme ``max sum_t (x U - sigma_i U)_t`` subject to
   ``x U >= sigma_i U`` over the simplex has a positive optimum exactly when
   ``sigma_i`` is weakly dominated (solved with SciPy's HiGHS). A perfect
   equilibrium never uses a weakly dominated strategy [vD91]_ (Thm 3.2.2).
2. **Two players.** The converse holds: a two-player equilibrium is perfect
   if and only if neither strategy is weakly dominated [vD91]_ (Thm 3.2.2),
   so step 1 decides.
3. **Three or more players.** Undominatedness is necessary, not sufficient.
   A sufficient certificate is a tremble direction ``rho`` (completely
   mixed): with ``sigma(d) = (1 - d) sigma + d rho``, each player's payoff
   from each own strategy against ``sigma(d)`` is a polynomial in ``d``
   whose coefficients are multilinear contractions of the payoff tensor; if
   every strategy in each player's support is lexicographically best among
   those polynomials, the support strategies are best responses to
   ``sigma(d)`` for every small ``d > 0`` and the equilibrium is perfect
   (Selten's characterisation, [vD91]_ Thm 2.2.5). The uniform direction is
   tried first, then ``n_trembles`` random ones.
4. **Perturbed games.** Failing a certificate, the candidate is compared
   with the equilibria of the epsilon-perturbed games, in which each
   player's chosen strategy is carried out with probability ``1 - eps`` and
   a uniformly random one otherwise (so every strategy has probability at
   least ``eps / |S_i|``), for the decreasing ``epsilons``. Each perturbed
   game is solved by :func:`~mediation_sim.solvers.nash` (warm-started at
   the candidate and at the previous perturbed game's nearest equilibrium)
   and its equilibria verified by regret in the perturbed game; if the
   perturbed equilibria approach the candidate (distance non-increasing and
   at most ``10 * eps`` at the smallest ``eps``), the candidate is reported
   perfect on that numerical evidence. Otherwise the
   status is ``"undetermined"``.

Every threshold is relative to the game's payoff range (the computations run
on :meth:`~mediation_sim.NormalFormGame.normalised`).

References
----------
.. [Sel75] R. Selten, "Reexamination of the perfectness concept for
   equilibrium points in extensive games", *International Journal of Game
   Theory* 4 (1975) 25-55.
.. [Mye78] R. B. Myerson, "Refinements of the Nash equilibrium concept",
   *International Journal of Game Theory* 7 (1978) 73-80.
.. [vD91] E. van Damme, *Stability and Perfection of Nash Equilibria*,
   2nd ed., Springer (1991).
"""

from __future__ import annotations

import html
import itertools
import math
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import reduce
from types import MappingProxyType
from typing import Any, ClassVar, Literal, TypeVar

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import linprog

from .._errors import DegenerateGameWarning, InvalidArgumentError, SolverError
from .._results import Result
from .._validation import DEFAULT_TOL, check_positive_int, check_tol
from ..games.normal_form import MixedProfile, NormalFormGame, ProfileLike
from ._all_nash import all_nash
from ._core import NashResult, SolverOutput, check_game, finalise, solver_rng
from ._n_player import nash

__all__ = [
    "PerfectResult",
    "PerfectionCheck",
    "is_perfect",
    "perfect_equilibria",
    "perfection",
]

FloatArray = NDArray[np.float64]
Status = Literal["perfect", "not_perfect", "undetermined"]

#: Probabilities at or below this are outside a strategy's support.
_SUPPORT_ATOL = 1e-9
#: Perturbed equilibria must end within this multiple of the smallest epsilon.
_RATE = 10.0
_DEFAULT_EPSILONS = (1e-3, 1e-4, 1e-5)


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class PerfectionCheck(Result):
    """Whether one Nash equilibrium is trembling-hand perfect, and the evidence.

    Attributes
    ----------
    profile : MixedProfile
        The equilibrium checked.
    status : {"perfect", "not_perfect", "undetermined"}
        The verdict. ``"undetermined"`` happens only with three or more
        players, when the equilibrium is undominated but neither a tremble
        direction nor the perturbed games establish perfection.
    method : str
        What decided: ``"not_nash"``, ``"weak_dominance"`` (a strategy is
        weakly dominated: not perfect), ``"undominated"`` (two players:
        perfect), ``"tremble"`` (a certified tremble direction),
        ``"perturbed_games"`` (numerical convergence) or ``"none"``.
    weakly_dominated : tuple of str
        Players whose equilibrium strategy is weakly dominated.
    dominators : Mapping[str, Mapping[str, float]]
        For each of those players, a dominating (mixed) strategy by label.
    tremble : Mapping[str, Mapping[str, float]]
        The certifying tremble direction (``method == "tremble"``), per
        player by label; empty otherwise.
    epsilons, distances : tuple of float
        The perturbed games tried and the distance (max abs difference of
        probabilities) from the candidate to their nearest verified
        equilibrium (``inf`` when none was found).
    message : str
        One sentence on the verdict.
    """

    profile: MixedProfile
    status: Status
    method: str
    weakly_dominated: tuple[str, ...] = ()
    dominators: Mapping[str, Mapping[str, float]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    tremble: Mapping[str, Mapping[str, float]] = field(default_factory=lambda: MappingProxyType({}))
    epsilons: tuple[float, ...] = ()
    distances: tuple[float, ...] = ()
    message: str = ""

    @property
    def perfect(self) -> bool:
        """Whether the equilibrium was shown to be perfect."""
        return self.status == "perfect"

    def _summary(self) -> dict[str, Any]:
        """JSON-serialisable form."""
        return {
            "profile": self.profile.to_dict(),
            "status": self.status,
            "method": self.method,
            "weakly_dominated": list(self.weakly_dominated),
            "dominators": {p: dict(d) for p, d in self.dominators.items()},
            "tremble": {p: dict(d) for p, d in self.tremble.items()},
            "epsilons": list(self.epsilons),
            "distances": [None if math.isinf(d) else d for d in self.distances],
            "message": self.message,
        }

    def __repr__(self) -> str:
        return f"PerfectionCheck(status={self.status!r}, method={self.method!r}, {self.profile!r})"


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class _RefinedResult(NashResult):
    """The equilibria of a refinement among every equilibrium :func:`all_nash` lists (base)."""

    checks: tuple[Any, ...] = ()
    n_nash: int = 0
    complete: bool = False
    #: The refinement's adjective in the repr ("perfect", "proper").
    _refinement: ClassVar[str] = ""

    @property
    def undetermined(self) -> tuple[MixedProfile, ...]:
        """The equilibria whose refinement status could not be decided."""
        return tuple(c.profile for c in self.checks if c.status == "undetermined")

    def _summary(self) -> dict[str, Any]:
        """JSON-serialisable summary (the :class:`NashResult` fields plus the checks)."""
        out = NashResult._summary(self)
        out.update(
            checks=[c._summary() for c in self.checks], n_nash=self.n_nash, complete=self.complete
        )
        return out

    def __repr__(self) -> str:
        n = len(self.equilibria)
        noun = "equilibrium" if n == 1 else "equilibria"
        return (
            f"{type(self).__name__}({n} {self._refinement} {noun} of {self.n_nash} Nash, "
            f"complete={self.complete}, max_regret={self.max_regret:.2g})"
        )

    def _repr_html_(self) -> str:
        esc = html.escape
        rows = "".join(
            f"<tr><td>{k}</td><td>{esc(repr(c.profile))}</td><td>{c.status}</td>"
            f"<td>{esc(c.method)}</td></tr>"
            for k, c in enumerate(self.checks)
        )
        return (
            f"<p><b>{esc(repr(self))}</b></p><p>{esc(self.message)}</p><table><tr><th>#</th>"
            f"<th>Nash equilibrium</th><th>status</th><th>decided by</th></tr>{rows}</table>"
        )


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class PerfectResult(_RefinedResult):
    """The perfect equilibria among every equilibrium :func:`all_nash` lists.

    A :class:`NashResult` (iterate over it, index it, ``len``) whose
    :attr:`equilibria` are the perfect ones, with these extra fields.

    Attributes
    ----------
    checks : tuple of PerfectionCheck
        One per Nash equilibrium listed by :func:`all_nash`, in its order.
    n_nash : int
        How many Nash equilibria were checked.
    complete : bool
        True when the Nash list is proved complete (or, for two players,
        every extreme equilibrium is listed) and no check is undetermined.
    """

    _refinement: ClassVar[str] = "perfect"


# --------------------------------------------------------------------------- kernels
def _own_matrix(u_i: FloatArray, i: int) -> FloatArray:
    """Player i's payoffs with one row per own strategy, one column per others' profile."""
    return np.moveaxis(u_i, i, 0).reshape(u_i.shape[i], -1)


def _others(vectors: Sequence[FloatArray], i: int) -> FloatArray:
    """Product distribution of the others' vectors, in :func:`_own_matrix` column order."""
    rest = [np.asarray(v) for j, v in enumerate(vectors) if j != i]
    if not rest:
        return np.ones(1)
    return reduce(np.multiply.outer, rest).ravel()


def _weak_dominator(u: FloatArray, sigma: FloatArray, eps: float) -> FloatArray | None:
    """A mixed strategy weakly dominating ``sigma`` in payoff matrix ``u``, or None.

    Solves ``max sum_t (x u)_t`` subject to ``x u >= sigma u`` and ``x`` in
    the simplex; the optimiser dominates ``sigma`` when it is nowhere worse
    (beyond ``eps``) and somewhere better by more than ``eps``.
    """
    s = u.shape[0]
    if s == 1:
        return None
    v = sigma @ u
    res = linprog(
        -u.sum(axis=1),
        A_ub=-u.T,
        b_ub=-v,
        A_eq=np.ones((1, s)),
        b_eq=[1.0],
        bounds=[(0.0, None)] * s,
        method="highs",
        options={"primal_feasibility_tolerance": 1e-10, "dual_feasibility_tolerance": 1e-10},
    )
    if res.status != 0:
        raise SolverError(f"perfection(): the weak-dominance LP failed ({res.message})")
    x = np.clip(np.asarray(res.x, dtype=np.float64), 0.0, None)
    x /= x.sum()
    gain = x @ u - v
    if gain.min() >= -eps and gain.max() > eps:
        return x
    return None


def _coefficients(
    u_i: FloatArray, i: int, sigma: Sequence[FloatArray], direction: Sequence[FloatArray]
) -> FloatArray:
    """Coefficients of player i's payoff against ``sigma + d (rho - sigma)``, by power of d.

    Row ``k`` holds, per own strategy, the sum over every set ``K`` of ``k``
    other players of the payoff with the players in ``K`` playing
    ``rho_j - sigma_j`` and the rest ``sigma_j`` (multilinearity).
    """
    n = len(sigma)
    others = [j for j in range(n) if j != i]
    mat = _own_matrix(u_i, i)
    out = np.zeros((len(others) + 1, mat.shape[0]))
    for mask in range(1 << len(others)):
        vecs = list(sigma)
        for k, j in enumerate(others):
            if mask >> k & 1:
                vecs[j] = direction[j] - sigma[j]
        out[mask.bit_count()] += mat @ _others(vecs, i)
    return out


def _lexicographic_best(coefficients: FloatArray, eps: float) -> NDArray[np.bool_]:
    """Strategies whose payoff polynomial is lexicographically maximal (ties within eps)."""
    alive = np.ones(coefficients.shape[1], dtype=bool)
    degree = coefficients.shape[0] - 1
    for k, row in enumerate(coefficients):
        scale = math.comb(degree, k) * 2.0**k
        alive &= row >= row[alive].max() - eps * scale
    return alive


def _tremble_certifies(
    payoffs: FloatArray, sigma: Sequence[FloatArray], direction: Sequence[FloatArray], eps: float
) -> bool:
    """Whether every support strategy stays a best response along ``direction`` for small d."""
    for i, v in enumerate(sigma):
        best = _lexicographic_best(_coefficients(payoffs[i], i, sigma, direction), eps)
        if not best[v > _SUPPORT_ATOL].all():
            return False
    return True


def _perturbed_payoffs(payoffs: FloatArray, eps: float) -> FloatArray:
    """Payoffs of the game in which each intended strategy is replaced by a uniform one w.p. eps."""
    out = payoffs
    for j, s in enumerate(payoffs.shape[1:]):
        tremble = (1.0 - eps) * np.eye(s) + eps / s
        out = np.moveaxis(np.tensordot(out, tremble, axes=([j + 1], [1])), -1, j + 1)
    return out


def _perturbed_candidates(game: NormalFormGame, start: list[FloatArray], tol: float) -> list[Any]:
    """Verified equilibria of ``game`` reached from ``start`` (itself, or by a warm start)."""
    if game.is_nash(start, tol=tol):
        return [start]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            found = nash(game, init=start, n_equilibria=1, tol=tol)
        except SolverError:
            return []
    return [list(eq.probabilities) for eq in found.equilibria]


def _perturbed_distances(
    work: NormalFormGame,
    sigma: Sequence[FloatArray],
    epsilons: Sequence[float],
    tol: float,
) -> list[float]:
    """Distance from ``sigma`` to the nearest verified equilibrium of each perturbed game.

    Each perturbed game is entered from the candidate itself and from the
    previous perturbed game's nearest equilibrium (when that one was close).
    """
    flat = np.concatenate(sigma)
    distances: list[float] = []
    previous: list[FloatArray] | None = None
    for eps in epsilons:
        game = NormalFormGame(_perturbed_payoffs(work.payoffs, eps))
        starts = [list(sigma)] + ([previous] if previous is not None else [])
        candidates = [tau for start in starts for tau in _perturbed_candidates(game, start, tol)]

        def distance(tau: Sequence[FloatArray], eps: float = eps) -> float:
            played = np.concatenate([(1.0 - eps) * np.asarray(t) + eps / len(t) for t in tau])
            return float(np.abs(played - flat).max())

        if not candidates:
            distances.append(math.inf)
            previous = None
            continue
        gaps = [distance(tau) for tau in candidates]
        k = int(np.argmin(gaps))
        distances.append(gaps[k])
        previous = (
            [np.asarray(t, dtype=np.float64) for t in candidates[k]]
            if gaps[k] <= _RATE * eps
            else None
        )
    return distances


def _labelled(game: NormalFormGame, i: int, x: FloatArray) -> dict[str, float]:
    return {game.strategies[i][k]: float(p) for k, p in enumerate(x) if p > _SUPPORT_ATOL}


def _check(
    game: NormalFormGame,
    profile: MixedProfile,
    *,
    tol: float,
    n_trembles: int,
    epsilons: tuple[float, ...],
    rng: np.random.Generator,
) -> PerfectionCheck:
    """The perfection check of one profile (arguments already validated)."""
    if not game.is_nash(profile, tol=tol):
        return PerfectionCheck(
            profile, "not_perfect", "not_nash", message="not a Nash equilibrium (regret > tol)"
        )
    work = game.normalised()
    payoffs = work.payoffs
    sigma = [np.asarray(v, dtype=np.float64) for v in profile.probabilities]
    weak: list[str] = []
    dominators: dict[str, dict[str, float]] = {}
    for i, v in enumerate(sigma):
        x = _weak_dominator(_own_matrix(payoffs[i], i), v, tol)
        if x is not None:
            weak.append(game.players[i])
            dominators[game.players[i]] = _labelled(game, i, x)
    if weak:
        return PerfectionCheck(
            profile,
            "not_perfect",
            "weak_dominance",
            tuple(weak),
            MappingProxyType(dominators),
            message=f"weakly dominated strategy of {', '.join(weak)}: not perfect "
            "(van Damme 1991, Thm 3.2.2)",
        )
    if game.n_players <= 2:
        return PerfectionCheck(
            profile,
            "perfect",
            "undominated",
            message="no strategy is weakly dominated; with two players that makes the "
            "equilibrium perfect (van Damme 1991, Thm 3.2.2)",
        )
    directions = [[np.full(s, 1.0 / s) for s in game.shape]]
    directions += [[rng.dirichlet(np.ones(s)) for s in game.shape] for _ in range(n_trembles)]
    for rho in directions:
        if _tremble_certifies(payoffs, sigma, rho, tol):
            tremble = {p: _labelled(game, i, rho[i]) for i, p in enumerate(game.players)}
            return PerfectionCheck(
                profile,
                "perfect",
                "tremble",
                tremble=MappingProxyType(tremble),
                message="every support strategy stays a best response to (1-d)*sigma + d*rho "
                "for all small d > 0 (Selten 1975; van Damme 1991, Thm 2.2.5)",
            )
    distances = _perturbed_distances(work, sigma, epsilons, tol) if epsilons else []
    converges = (
        bool(distances)
        and all(b <= a + tol for a, b in itertools.pairwise(distances))
        and distances[-1] <= _RATE * epsilons[-1]
    )
    if converges:
        return PerfectionCheck(
            profile,
            "perfect",
            "perturbed_games",
            epsilons=epsilons,
            distances=tuple(distances),
            message="equilibria of the epsilon-perturbed games approach it as epsilon "
            "decreases (numerical evidence, Selten 1975)",
        )
    return PerfectionCheck(
        profile,
        "undetermined",
        "none",
        epsilons=epsilons,
        distances=tuple(distances),
        message="undominated, but no tremble direction certifies it and the perturbed "
        "games' equilibria do not approach it",
    )


def _check_options(
    func: str, tol: object, n_trembles: object, epsilons: object, rng: object
) -> tuple[float, int, tuple[float, ...], np.random.Generator]:
    tol_ = check_tol(tol, func=func)
    trembles = check_positive_int(n_trembles, func=func, name="n_trembles", minimum=0)
    try:
        eps = tuple(float(e) for e in epsilons)  # type: ignore[attr-defined]
    except (TypeError, ValueError):
        raise InvalidArgumentError(
            f"{func}(): epsilons must be a sequence of numbers in (0, 1), got {epsilons!r}"
        ) from None
    if not all(0.0 < e < 1.0 for e in eps) or any(b >= a for a, b in itertools.pairwise(eps)):
        raise InvalidArgumentError(
            f"{func}(): epsilons must be strictly decreasing numbers in (0, 1), got {eps!r}"
        )
    return tol_, trembles, eps, solver_rng(rng, func=func)


# --------------------------------------------------------------------------- public API
def perfection(
    game: NormalFormGame,
    profile: ProfileLike,
    *,
    tol: float = DEFAULT_TOL,
    n_trembles: int = 16,
    epsilons: Sequence[float] = _DEFAULT_EPSILONS,
    rng: int | np.random.Generator | None = None,
) -> PerfectionCheck:
    """Check whether a Nash equilibrium is trembling-hand perfect, with the evidence.

    The steps are in the module docstring (:mod:`mediation_sim.solvers._perfect`):
    weak dominance by linear programming (decisive for two players, necessary
    for more), then a certified tremble direction, then the sequence of
    epsilon-perturbed games.

    Parameters
    ----------
    game : NormalFormGame
        Any number of players.
    profile : profile-like
        The candidate (pure or mixed; labels, indices or vectors).
    tol : float, default 1e-8
        Tolerance relative to :attr:`NormalFormGame.payoff_range`: the
        candidate's regret bound, the margin a dominator must beat, and the
        tie tolerance of the tremble test.
    n_trembles : int, default 16
        Random tremble directions tried after the uniform one (three or more
        players).
    epsilons : sequence of float, default (1e-3, 1e-4, 1e-5)
        Strictly decreasing tremble probabilities of the perturbed games
        (three or more players; an empty sequence skips that step).
    rng : int, Generator or None, default None
        Seed of the random tremble directions; ``None`` means the fixed seed
        :data:`~mediation_sim.solvers.DEFAULT_SEED`.

    Returns
    -------
    PerfectionCheck
        ``status`` ``"perfect"``, ``"not_perfect"`` or (three or more
        players only) ``"undetermined"``, and what decided it.

    Raises
    ------
    InvalidArgumentError
        If ``game`` is not a game or an option is out of range.
    InvalidProfileError
        If ``profile`` is not a profile of ``game``.

    See Also
    --------
    is_perfect : the verdict as a bool.
    perfect_equilibria : every perfect equilibrium of a small game.

    Notes
    -----
    A profile that is not a Nash equilibrium is reported ``"not_perfect"``
    (method ``"not_nash"``). With three or more players ``"perfect"`` from
    the perturbed games is numerical evidence, not a proof; the other
    verdicts are exact up to ``tol``.

    References
    ----------
    .. [Sel75] R. Selten, "Reexamination of the perfectness concept for
       equilibrium points in extensive games", *International Journal of Game
       Theory* 4 (1975) 25-55.
    .. [vD91] E. van Damme, *Stability and Perfection of Nash Equilibria*,
       2nd ed., Springer (1991).

    Examples
    --------
    Both players get 1 at (T, L) and 0 elsewhere. (B, R) is a Nash
    equilibrium, but B and R are weakly dominated, so only (T, L) survives
    trembles:

    >>> import mediation_sim as ms
    >>> g = ms.NormalFormGame([[[1, 0], [0, 0]], [[1, 0], [0, 0]]],
    ...                       strategies=[["T", "B"], ["L", "R"]])
    >>> ms.solvers.perfection(g, ["B", "R"])
    PerfectionCheck(status='not_perfect', method='weak_dominance', ...)
    >>> ms.solvers.perfection(g, ["B", "R"]).dominators["p1"]
    {'T': 1.0}
    >>> ms.solvers.is_perfect(g, ["T", "L"]), g.is_nash(g.as_profile(["B", "R"]))
    (True, True)
    """
    func = "perfection"
    check_game(game, func=func)
    tol_, trembles, eps, gen = _check_options(func, tol, n_trembles, epsilons, rng)
    return _check(
        game, game.as_profile(profile), tol=tol_, n_trembles=trembles, epsilons=eps, rng=gen
    )


def is_perfect(
    game: NormalFormGame,
    profile: ProfileLike,
    *,
    tol: float = DEFAULT_TOL,
    n_trembles: int = 16,
    epsilons: Sequence[float] = _DEFAULT_EPSILONS,
    rng: int | np.random.Generator | None = None,
) -> bool:
    """Whether ``profile`` is a trembling-hand perfect equilibrium of ``game``.

    True when :func:`perfection` reports ``"perfect"``; False when it
    reports ``"not_perfect"`` or, with three or more players,
    ``"undetermined"`` (call :func:`perfection` to tell the two apart).
    Parameters as in :func:`perfection`; ``rng : int, Generator or None, default None``
    seeds the tremble directions (``None`` means the fixed seed
    :data:`~mediation_sim.solvers.DEFAULT_SEED`).

    Examples
    --------
    Three players each get 1 when all three choose ``a`` and 0 otherwise.
    ``(b, b, b)`` is a Nash equilibrium (no single player can change the
    outcome) in which ``b`` is weakly dominated by ``a``:

    >>> import numpy as np
    >>> import mediation_sim as ms
    >>> u = np.zeros((3, 2, 2, 2))
    >>> u[:, 0, 0, 0] = 1.0
    >>> g = ms.NormalFormGame(u)
    >>> ms.solvers.is_perfect(g, [0, 0, 0]), ms.solvers.is_perfect(g, [1, 1, 1])
    (True, False)
    >>> g.is_nash(g.as_profile([1, 1, 1]))
    True
    """
    return perfection(
        game, profile, tol=tol, n_trembles=n_trembles, epsilons=epsilons, rng=rng
    ).perfect


def perfect_equilibria(
    game: NormalFormGame,
    *,
    tol: float = DEFAULT_TOL,
    n_trembles: int = 16,
    epsilons: Sequence[float] = _DEFAULT_EPSILONS,
    rng: int | np.random.Generator | None = None,
    max_supports: int = 20_000,
    max_boxes: int = 50_000,
) -> PerfectResult:
    """The trembling-hand perfect equilibria among every equilibrium of a small game.

    Algorithm:

    1. List every Nash equilibrium with :func:`all_nash` (certified; for two
       players every extreme equilibrium).
    2. Check each with :func:`perfection` (weak dominance by linear
       programming, then tremble directions and perturbed games for three or
       more players).
    3. Keep the perfect ones and verify them once more with the shared regret
       verifier.

    Parameters
    ----------
    game : NormalFormGame
        Any number of players; small enough for :func:`all_nash`.
    tol, n_trembles, epsilons
        As in :func:`perfection`.
    rng : int, Generator or None, default None
        Seed of the random tremble directions; ``None`` means the fixed seed
        :data:`~mediation_sim.solvers.DEFAULT_SEED`.
    max_supports, max_boxes : int
        Passed to :func:`all_nash`.

    Returns
    -------
    PerfectResult
        The perfect equilibria, the check of every Nash equilibrium and
        whether the answer is complete.

    Raises
    ------
    InvalidArgumentError
        If ``game`` is not a game or an option is out of range.
    GameTooLargeError
        As :func:`all_nash`.

    Notes
    -----
    Every finite game has a perfect equilibrium [Sel75]_. For two players,
    the perfect equilibria of a maximal set of Nash equilibria (a product of
    polytopes) are the points whose strategies lie on undominated faces of
    the simplices, so if the set holds a perfect equilibrium, one of its
    extreme points is perfect: filtering the extreme equilibria loses no set
    of perfect equilibria. In games without ties (generic payoffs) every
    Nash equilibrium is perfect ([vD91]_, Thm 2.4.7); perfection bites in
    degenerate games such as a scenario in which a player is indifferent.
    Myerson's proper equilibrium [Mye78]_ refines further (every proper
    equilibrium is perfect); see :func:`proper_equilibria`.

    References
    ----------
    .. [Sel75] R. Selten, "Reexamination of the perfectness concept for
       equilibrium points in extensive games", *International Journal of Game
       Theory* 4 (1975) 25-55.
    .. [Mye78] R. B. Myerson, "Refinements of the Nash equilibrium concept",
       *International Journal of Game Theory* 7 (1978) 73-80.
    .. [vD91] E. van Damme, *Stability and Perfection of Nash Equilibria*,
       2nd ed., Springer (1991).

    Examples
    --------
    >>> import mediation_sim as ms
    >>> g = ms.NormalFormGame([[[1, 0], [0, 0]], [[1, 0], [0, 0]]],
    ...                       strategies=[["T", "B"], ["L", "R"]])
    >>> res = ms.solvers.perfect_equilibria(g)
    >>> res
    PerfectResult(1 perfect equilibrium of 2 Nash, complete=True, max_regret=0)
    >>> res[0].pure_labels
    {'p1': 'T', 'p2': 'L'}
    >>> g.is_nash(res[0])
    True
    """
    return _select_from_all_nash(
        "perfect_equilibria",
        game,
        _check,
        "perfect",
        PerfectResult,
        tol=tol,
        n_trembles=n_trembles,
        epsilons=epsilons,
        rng=rng,
        max_supports=max_supports,
        max_boxes=max_boxes,
    )


_R = TypeVar("_R", bound=_RefinedResult)


def _select_from_all_nash(
    func: str,
    game: NormalFormGame,
    check_one: Callable[..., Any],
    refinement: str,
    result_type: type[_R],
    *,
    tol: float,
    n_trembles: int,
    epsilons: Any,
    rng: Any,
    max_supports: int,
    max_boxes: int,
) -> _R:
    """Every Nash equilibrium (:func:`all_nash`), kept where ``check_one`` finds it ``refinement``.

    Shared by :func:`perfect_equilibria` and :func:`proper_equilibria`: the
    checks' attribute named ``refinement`` says whether an equilibrium is
    kept; the result says how many were checked, undetermined, and whether
    the Nash list was proved complete.
    """
    check_game(game, func=func)
    tol_, trembles, eps, gen = _check_options(func, tol, n_trembles, epsilons, rng)
    max_supports = check_positive_int(max_supports, func=func, name="max_supports")
    max_boxes = check_positive_int(max_boxes, func=func, name="max_boxes")
    with warnings.catch_warnings():
        # Incompleteness is stated in the result's message and ``complete``.
        warnings.simplefilter("ignore", DegenerateGameWarning)
        found = all_nash(game, tol=tol_, max_supports=max_supports, max_boxes=max_boxes)
    checks = tuple(
        check_one(game, eq, tol=tol_, n_trembles=trembles, epsilons=eps, rng=gen) for eq in found
    )
    kept = [list(c.profile.probabilities) for c in checks if getattr(c, refinement)]
    n_undetermined = sum(c.status == "undetermined" for c in checks)
    listed = found.complete or game.n_players == 2
    note = (
        f"{len(kept)} of {len(checks)} Nash equilibria are {refinement}"
        + (f", {n_undetermined} undetermined" if n_undetermined else "")
        + ("" if listed else "; the Nash list is not proved complete")
        + "."
    )
    parameters = {
        "tol": tol_,
        "n_trembles": trembles,
        "epsilons": eps,
        "rng": rng,
        "max_supports": max_supports,
        "max_boxes": max_boxes,
    }
    base = finalise(
        game,
        SolverOutput(kept, message=note, distinct=True),
        method=func,
        parameters=parameters,
        tol=tol_,
    )
    return result_type(
        game=base.game,
        method=base.method,
        equilibria=base.equilibria,
        parameters=base.parameters,
        max_regret=base.max_regret,
        success=base.success,
        message=base.message,
        degenerate=found.degenerate,
        n_rejected=base.n_rejected,
        checks=checks,
        n_nash=len(checks),
        complete=listed and n_undetermined == 0,
    )
