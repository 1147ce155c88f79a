"""Proper equilibria of normal-form games (Myerson 1978).

A Nash equilibrium is *proper* when it is the limit of profiles in which
every strategy is played, and a costlier mistake is infinitely less likely
than a cheaper one: whenever strategy ``s`` earns less than ``t`` against the
others' trembling play, ``s`` has at most ``eps`` times the probability of
``t`` (an ``eps``-proper profile) [Mye78]_. Every proper equilibrium is
perfect ([vD91]_, Thm 2.3.2), and the refinement can be strict: in Myerson's
3x3 game both (T, L) and (M, M) are perfect, only (T, L) is proper.

How properness is decided (:func:`properness`):

1. **Not perfect, not proper.** The candidate goes through
   :func:`~mediation_sim.solvers.perfection` first; a weakly dominated
   strategy (or any failure of perfection) rules properness out.
2. **Order argument (pure candidates).** Near the candidate, an unused
   strategy that is strictly worse than another unused strategy is
   infinitely less likely, so each opponent's trembles are led by its best
   unused strategies. If some player has a strategy ``a``, tied with its
   equilibrium strategy ``b``, that beats ``b`` against each of those
   leading trembles of every opponent, ``a`` earns strictly more than ``b``
   along every ``eps``-proper sequence, so ``b`` would have to become
   infinitely less likely than ``a``: not proper.
3. **Lexicographic certificate.** Give each unused strategy a tremble of
   order ``d**k``, where ``k - 1`` is the rank of its payoff against the
   others' trembling play (ranks compared lexicographically as polynomials
   in ``d``), and iterate until the orders reproduce themselves. At such a
   fixed point, if every used strategy is among the best, the trembling
   profiles are ``sqrt(d)``-proper for small ``d`` and converge to the
   candidate: proper.
4. Otherwise ``"undetermined"`` (for example a mixed candidate whose
   players' indifference the uniform tremble orders break).

References
----------
.. [Mye78] R. B. Myerson, "Refinements of the Nash equilibrium concept",
   *International Journal of Game Theory* 7 (1978) 73-80.
.. [vD91] E. van Damme, *Stability and Perfection of Nash Equilibria*,
   2nd ed., Springer (1991).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, ClassVar, Literal

import numpy as np
from numpy.typing import NDArray

from .._results import Result
from .._validation import DEFAULT_TOL
from ..games.normal_form import MixedProfile, NormalFormGame, ProfileLike
from ._core import check_game
from ._perfect import (
    _DEFAULT_EPSILONS,
    _SUPPORT_ATOL,
    PerfectionCheck,
    _check,
    _check_options,
    _own_matrix,
    _RefinedResult,
    _select_from_all_nash,
)

__all__ = ["ProperResult", "PropernessCheck", "is_proper", "proper_equilibria", "properness"]

FloatArray = NDArray[np.float64]
Status = Literal["proper", "not_proper", "undetermined"]
_MAX_ROUNDS = 25


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class PropernessCheck(Result):
    """Whether one Nash equilibrium is proper, and the evidence.

    Attributes
    ----------
    profile : MixedProfile
        The equilibrium checked.
    status : {"proper", "not_proper", "undetermined"}
        The verdict.
    method : str
        What decided: ``"not_perfect"`` (see :attr:`perfection`),
        ``"order_argument"`` (step 2 of the module docstring),
        ``"lexicographic"`` (a certified tremble order) or ``"none"``.
    perfection : PerfectionCheck
        The perfection check made first.
    orders : Mapping[str, Mapping[str, int]]
        The certifying tremble order of each strategy (0 for used
        strategies), per player by label; empty unless ``"lexicographic"``.
    message : str
        One sentence on the verdict.
    """

    profile: MixedProfile
    status: Status
    method: str
    perfection: PerfectionCheck
    orders: Mapping[str, Mapping[str, int]] = field(default_factory=lambda: MappingProxyType({}))
    message: str = ""

    @property
    def proper(self) -> bool:
        """Whether the equilibrium was shown to be proper."""
        return self.status == "proper"

    def _summary(self) -> dict[str, Any]:
        """JSON-serialisable form."""
        return {
            "profile": self.profile.to_dict(),
            "status": self.status,
            "method": self.method,
            "perfection": self.perfection._summary(),
            "orders": {p: dict(o) for p, o in self.orders.items()},
            "message": self.message,
        }

    def __repr__(self) -> str:
        return f"PropernessCheck(status={self.status!r}, method={self.method!r}, {self.profile!r})"


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class ProperResult(_RefinedResult):
    """The proper equilibria among every equilibrium :func:`all_nash` lists.

    A :class:`NashResult` whose :attr:`equilibria` are the proper ones.

    Attributes
    ----------
    checks : tuple of PropernessCheck
        One per Nash equilibrium listed by :func:`all_nash`, in its order.
    n_nash : int
        How many Nash equilibria were checked.
    complete : bool
        True when the Nash list is proved complete (or, for two players,
        every extreme equilibrium is listed) and no check is undetermined.
    """

    _refinement: ClassVar[str] = "proper"


# --------------------------------------------------------------------------- kernels
def _poly_product(polys: Sequence[FloatArray]) -> FloatArray:
    """Coefficients (degree, column) of the product distribution of vector polynomials."""
    out = np.ones((1, 1))
    for p in polys:
        new = np.zeros((out.shape[0] + p.shape[0] - 1, out.shape[1] * p.shape[1]))
        for a in range(out.shape[0]):
            for b in range(p.shape[0]):
                new[a + b] += np.kron(out[a], p[b])
        out = new
    return out


def _player_polys(sigma: Sequence[FloatArray], orders: Sequence[NDArray[np.intp]]) -> list[Any]:
    """Each player's unnormalised trembling strategy ``sigma_j + sum_s d**order(s) e_s``."""
    polys = []
    for v, order in zip(sigma, orders, strict=True):
        p = np.zeros((int(order.max()) + 1, v.size))
        p[0] = v
        off = np.flatnonzero(v <= _SUPPORT_ATOL)
        p[order[off], off] += 1.0
        polys.append(p)
    return polys


def _lexicographic_classes(coefficients: FloatArray, eps: float) -> NDArray[np.intp]:
    """Dense rank of each strategy, best first, comparing payoff polynomials lexicographically."""
    groups = [list(range(coefficients.shape[1]))]
    for row in coefficients:
        refined = []
        for group in groups:
            ranked = sorted(group, key=lambda s: -row[s])
            current = [ranked[0]]
            for a, b in itertools.pairwise(ranked):
                if row[a] - row[b] > eps:
                    refined.append(current)
                    current = []
                current.append(b)
            refined.append(current)
        groups = refined
    classes = np.empty(coefficients.shape[1], dtype=np.intp)
    for k, group in enumerate(groups):
        classes[group] = k
    return classes


def _orders_from(
    payoffs: FloatArray, sigma: Sequence[FloatArray], polys: Sequence[FloatArray], eps: float
) -> list[NDArray[np.intp]] | None:
    """Tremble orders implied by payoffs against ``polys``; None if a used strategy is not best."""
    out = []
    for i, v in enumerate(sigma):
        others = [p for j, p in enumerate(polys) if j != i]
        coefficients = _poly_product(others) @ _own_matrix(payoffs[i], i).T
        classes = _lexicographic_classes(coefficients, eps)
        used = v > _SUPPORT_ATOL
        if classes[used].max() != 0:
            return None
        out.append(np.where(used, 0, classes + 1).astype(np.intp))
    return out


def _lexicographic_certificate(
    payoffs: FloatArray, sigma: Sequence[FloatArray], eps: float
) -> list[NDArray[np.intp]] | None:
    """A self-consistent tremble order certifying properness, or None."""
    orders = [np.where(v > _SUPPORT_ATOL, 0, 1).astype(np.intp) for v in sigma]
    for _ in range(_MAX_ROUNDS):
        new = _orders_from(payoffs, sigma, _player_polys(sigma, orders), eps)
        if new is None:
            return None
        if all(np.array_equal(a, b) for a, b in zip(new, orders, strict=True)):
            return orders
        orders = new
    return None


def _line(payoffs: FloatArray, i: int, pure: Sequence[int]) -> FloatArray:
    """Player i's payoff from each own strategy against the others' pure choices."""
    where: tuple[Any, ...] = (i, *pure[:i], slice(None), *pure[i + 1 :])
    return np.asarray(payoffs[where])


def _order_refutes(payoffs: FloatArray, pure: Sequence[int], eps: float) -> int | None:
    """Step 2 of the module docstring for a pure candidate: the refuting player, or None."""
    n = len(pure)
    shape = payoffs.shape[1:]
    leading: dict[int, NDArray[np.intp]] = {}
    for i in range(n):
        if shape[i] == 1:
            continue
        line = _line(payoffs, i, pure)
        unused = np.flatnonzero(np.arange(shape[i]) != pure[i])
        best = line[unused].max()
        leading[i] = unused[line[unused] >= best - eps]
    for j in range(n):
        line = _line(payoffs, j, pure)
        b = pure[j]
        opponents = [i for i in leading if i != j]
        if not opponents:
            continue
        for a in range(shape[j]):
            if a == b or abs(line[a] - line[b]) > eps:
                continue
            beats = True
            for i in opponents:
                for t in leading[i]:
                    at = list(pure)
                    at[i] = int(t)
                    gain = _line(payoffs, j, at)
                    if gain[a] - gain[b] <= eps:
                        beats = False
            if beats:
                return j
    return None


def _proper_check(
    game: NormalFormGame,
    profile: MixedProfile,
    *,
    tol: float,
    n_trembles: int,
    epsilons: tuple[float, ...],
    rng: np.random.Generator,
) -> PropernessCheck:
    """The properness check of one profile (arguments already validated)."""
    perfect = _check(game, profile, tol=tol, n_trembles=n_trembles, epsilons=epsilons, rng=rng)
    if perfect.status == "not_perfect":
        return PropernessCheck(
            profile, "not_proper", "not_perfect", perfect, message="not perfect, so not proper"
        )
    payoffs = game.normalised().payoffs
    sigma = [np.asarray(v, dtype=np.float64) for v in profile.probabilities]
    pure = profile.pure_indices
    if pure is not None:
        who = _order_refutes(payoffs, pure, tol)
        if who is not None:
            player = game.players[who]
            return PropernessCheck(
                profile,
                "not_proper",
                "order_argument",
                perfect,
                message=f"{player} has a tied strategy that beats its equilibrium strategy "
                "against every opponent's likeliest mistakes (Myerson 1978)",
            )
    orders = _lexicographic_certificate(payoffs, sigma, tol)
    if orders is not None:
        labelled = {
            p: dict(zip(game.strategies[i], map(int, orders[i]), strict=True))
            for i, p in enumerate(game.players)
        }
        return PropernessCheck(
            profile,
            "proper",
            "lexicographic",
            perfect,
            MappingProxyType(labelled),
            message="trembles of the certified orders are eps-proper and converge to it",
        )
    return PropernessCheck(
        profile,
        "undetermined",
        "none",
        perfect,
        message="perfect or undecided, but no tremble order certifies properness",
    )


# --------------------------------------------------------------------------- public API
def properness(
    game: NormalFormGame,
    profile: ProfileLike,
    *,
    tol: float = DEFAULT_TOL,
    n_trembles: int = 16,
    epsilons: Sequence[float] = _DEFAULT_EPSILONS,
    rng: int | np.random.Generator | None = None,
) -> PropernessCheck:
    """Check whether a Nash equilibrium is proper (Myerson 1978), with the evidence.

    The steps are in the module docstring (:mod:`mediation_sim.solvers._proper`):
    perfection first, then (pure candidates) the order argument, then a
    self-consistent lexicographic tremble order.

    Parameters
    ----------
    game : NormalFormGame
        Any number of players.
    profile : profile-like
        The candidate.
    tol, n_trembles, epsilons
        As in :func:`perfection` (``tol`` is also the tie tolerance of the
        payoff comparisons, relative to the payoff range).
    rng : int, Generator or None, default None
        Seed of the random tremble directions; ``None`` means the fixed seed
        :data:`~mediation_sim.solvers.DEFAULT_SEED`.

    Returns
    -------
    PropernessCheck
        ``status`` ``"proper"``, ``"not_proper"`` or ``"undetermined"``.

    Raises
    ------
    InvalidArgumentError
        If ``game`` is not a game or an option is out of range.
    InvalidProfileError
        If ``profile`` is not a profile of ``game``.

    See Also
    --------
    perfection : the weaker refinement checked first.
    proper_equilibria : every proper equilibrium of a small game.

    References
    ----------
    .. [Mye78] R. B. Myerson, "Refinements of the Nash equilibrium concept",
       *International Journal of Game Theory* 7 (1978) 73-80.
    .. [vD91] E. van Damme, *Stability and Perfection of Nash Equilibria*,
       2nd ed., Springer (1991).

    Examples
    --------
    Myerson's game: (M, M) is perfect but not proper. If column might err,
    its cheaper mistake is L (0 against M) rather than R (-7), and against
    L row prefers T to M:

    >>> import numpy as np
    >>> import mediation_sim as ms
    >>> a = np.array([[1, 0, -9], [0, 0, -7], [-9, -7, -7]])
    >>> g = ms.NormalFormGame([a, a.T], strategies=[["T", "M", "B"], ["L", "M", "R"]])
    >>> ms.solvers.is_perfect(g, ["M", "M"]), ms.solvers.is_proper(g, ["M", "M"])
    (True, False)
    >>> ms.solvers.properness(g, ["M", "M"]).method
    'order_argument'
    >>> ms.solvers.properness(g, ["T", "L"])
    PropernessCheck(status='proper', method='lexicographic', ...)
    """
    func = "properness"
    check_game(game, func=func)
    tol_, trembles, eps, gen = _check_options(func, tol, n_trembles, epsilons, rng)
    return _proper_check(
        game, game.as_profile(profile), tol=tol_, n_trembles=trembles, epsilons=eps, rng=gen
    )


def is_proper(
    game: NormalFormGame,
    profile: ProfileLike,
    *,
    tol: float = DEFAULT_TOL,
    n_trembles: int = 16,
    epsilons: Sequence[float] = _DEFAULT_EPSILONS,
    rng: int | np.random.Generator | None = None,
) -> bool:
    """Whether ``profile`` is a proper equilibrium of ``game``.

    True when :func:`properness` reports ``"proper"``; False when it reports
    ``"not_proper"`` or ``"undetermined"``. Parameters as in
    :func:`properness`; ``rng : int, Generator or None, default None`` seeds
    the tremble directions (``None`` means the fixed seed
    :data:`~mediation_sim.solvers.DEFAULT_SEED`).

    Examples
    --------
    >>> import mediation_sim as ms
    >>> g = ms.games.prisoners_dilemma()
    >>> ms.solvers.is_proper(g, ["defect", "defect"])
    True
    """
    return properness(
        game, profile, tol=tol, n_trembles=n_trembles, epsilons=epsilons, rng=rng
    ).proper


def proper_equilibria(
    game: NormalFormGame,
    *,
    tol: float = DEFAULT_TOL,
    n_trembles: int = 16,
    epsilons: Sequence[float] = _DEFAULT_EPSILONS,
    rng: int | np.random.Generator | None = None,
    max_supports: int = 20_000,
    max_boxes: int = 50_000,
) -> ProperResult:
    """The proper equilibria among every equilibrium of a small game.

    Algorithm: list every Nash equilibrium with :func:`all_nash`, check each
    with :func:`properness`, keep the proper ones and verify them once more
    with the shared regret verifier.

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
    ProperResult
        The proper equilibria, the check of every Nash equilibrium and
        whether the answer is complete.

    Raises
    ------
    InvalidArgumentError
        If ``game`` is not a game or an option is out of range.
    GameTooLargeError
        As :func:`all_nash`.

    Notes
    -----
    Every finite game has a proper equilibrium [Mye78]_, but the sufficient
    test here certifies one only through a lexicographic tremble order; a
    proper equilibrium that needs finer trembles (typically a mixed one in a
    degenerate game) is reported undetermined.

    References
    ----------
    .. [Mye78] R. B. Myerson, "Refinements of the Nash equilibrium concept",
       *International Journal of Game Theory* 7 (1978) 73-80.

    Examples
    --------
    >>> import numpy as np
    >>> import mediation_sim as ms
    >>> a = np.array([[1, 0, -9], [0, 0, -7], [-9, -7, -7]])
    >>> g = ms.NormalFormGame([a, a.T], strategies=[["T", "M", "B"], ["L", "M", "R"]])
    >>> res = ms.solvers.proper_equilibria(g)
    >>> [eq.pure_labels for eq in res]
    [{'p1': 'T', 'p2': 'L'}]
    >>> g.is_nash(res[0])
    True
    """
    return _select_from_all_nash(
        "proper_equilibria",
        game,
        _proper_check,
        "proper",
        ProperResult,
        tol=tol,
        n_trembles=n_trembles,
        epsilons=epsilons,
        rng=rng,
        max_supports=max_supports,
        max_boxes=max_boxes,
    )
