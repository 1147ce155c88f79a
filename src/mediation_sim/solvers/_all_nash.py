"""``all_nash``: every Nash equilibrium of a small game, each one certified.

Support enumeration over support profiles, with the indifference system of
each support solved by certified interval subdivision
(:mod:`._support_system`), two-player games handed to vertex enumeration and
pure profiles checked exactly. The result says which equilibria carry a
proof (exact rational arithmetic, or an interval box proved to hold exactly
one root on which every equilibrium inequality holds) and whether the list
is proved complete.
"""

from __future__ import annotations

import functools
import itertools
import math
import warnings
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from .._errors import DegenerateGameWarning, GameTooLargeError
from .._results import register_dataclass
from .._validation import DEFAULT_TOL, check_positive_int, check_tol, warn_user
from ..games.normal_form import NormalFormGame
from ._all_nash_sets import (
    Layout,
    exact_point,
    full_vectors,
    sample_unresolved,
    sigma_from_x,
    single_mixer_vertices,
)
from ._binary import (
    MAX_BINARY_PLAYERS,
    BinaryBatch,
    solve_binary,
)
from ._binary_presolve import presolve_binary
from ._core import NashResult, SolverOutput, check_game, finalise
from ._dominance import EliminationResult, iterated_elimination
from ._exact import exact_conditions, exact_two_player
from ._support_system import SupportSolution, SupportSystem
from ._vertex_enumeration import vertex_enumeration

__all__ = ["MAX_PROFILES_ALL_NASH", "AllNashResult", "Certificate", "all_nash"]

FloatArray = NDArray[np.float64]
Support = tuple[tuple[int, ...], ...]
CertificateKind = Literal["exact", "interval", "none"]

#: Largest number of pure profiles :func:`all_nash` accepts (before any support count).
MAX_PROFILES_ALL_NASH = 100_000
#: Boxes narrower than this are left unresolved by the subdivision.
_MIN_WIDTH = 1e-7
#: Boxes narrower than this hand a support from the batch to the one-support search.
_BATCH_MIN_WIDTH = 1e-6
#: Largest denominator tried when reconstructing a rational root.
_MAX_DENOMINATOR = 10**6
#: In games with two strategies per player, supports with 2 to this many mixers are
#: solved in closed form (2 and 3: :mod:`._closed_form`; 4: :mod:`._closed_form4`)
#: before the batch; 1 leaves every support to the batch (private switch for tests).
_CLOSED_FORM_MIXERS = 4


@register_dataclass
@dataclass(frozen=True, slots=True)
class Certificate:
    """How one equilibrium returned by :func:`all_nash` was proved.

    Attributes
    ----------
    kind : {"exact", "interval", "none"}
        ``"exact"``: the profile is rational and every equilibrium condition
        (indifference on the support, no gain outside it) holds in exact
        rational arithmetic on the game's payoffs (floats are exact
        rationals). ``"interval"``: a box of radius :attr:`radius` around the
        profile is proved (Krawczyk test in outward-rounded interval
        arithmetic, a closed form, or exact elimination: see
        :attr:`detail`) to hold exactly one solution of the support's
        indifference system, and on the whole box every support probability
        is positive and every strategy outside the support is strictly worse;
        so exactly one equilibrium with this support lies in the box.
        ``"none"``: verified by float regret only (see :attr:`detail`).
    support : tuple of tuple of str
        Each player's support, by strategy label.
    radius : float
        Half-width of the certified box (0 for exact certificates).
    detail : str
        One sentence on the certificate.
    """

    kind: CertificateKind
    support: tuple[tuple[str, ...], ...]
    radius: float
    detail: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form."""
        return {
            "kind": self.kind,
            "support": [list(s) for s in self.support],
            "radius": self.radius,
            "detail": self.detail,
        }


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class AllNashResult(NashResult):
    """Every equilibrium :func:`all_nash` found, with a certificate each and a completeness flag.

    A :class:`NashResult` (iterate over it, index it, ``len``) with these extra fields.

    Attributes
    ----------
    certificates : tuple of Certificate
        One per equilibrium, in the same order.
    complete : bool
        True when the search is proved exhaustive: every support's system
        was fully resolved (every box discarded or certified), so the
        equilibria listed are all the isolated equilibria of the game and no
        other equilibrium exists. False when some box could not be resolved
        (a singular root or a positive-dimensional set of equilibria passes
        through it, or the box budget ran out); :attr:`message` says where.
    components : tuple of tuple of int
        Groups of indices into :attr:`equilibria`: each group holds points
        of one positive-dimensional set of equilibria found for one support
        (its extreme points along each coordinate, exact vertices by linear
        programming when a single player mixes, otherwise the extremes among
        sampled points). A point is certified exactly when it is rational
        (or a rational equilibrium lies within 1e-4 of the sample) and the
        equilibrium conditions hold in exact arithmetic; otherwise its
        certificate is ``"none"``. For
        two-player games the groups are empty and degenerate games list
        every extreme equilibrium (vertex enumeration).
    n_supports : int
        Support profiles whose system was solved (after pruning).
    n_pruned : int
        Support profiles discarded by conditional dominance.
    """

    certificates: tuple[Certificate, ...] = ()
    complete: bool = False
    components: tuple[tuple[int, ...], ...] = ()
    n_supports: int = 0
    n_pruned: int = 0

    @property
    def certified(self) -> bool:
        """Whether every equilibrium has an exact or interval certificate."""
        return all(c.kind != "none" for c in self.certificates)

    def _summary(self) -> dict[str, Any]:
        """JSON-serialisable summary (the :class:`NashResult` fields plus certificates)."""
        out = NashResult._summary(self)
        out.update(
            certificates=[c.to_dict() for c in self.certificates],
            complete=self.complete,
            certified=self.certified,
            components=[list(c) for c in self.components],
            n_supports=self.n_supports,
            n_pruned=self.n_pruned,
        )
        return out

    def __repr__(self) -> str:
        n = len(self.equilibria)
        noun = "equilibrium" if n == 1 else "equilibria"
        return (
            f"AllNashResult({n} {noun}, certified={self.certified}, "
            f"complete={self.complete}, max_regret={self.max_regret:.2g})"
        )


@dataclass(slots=True)
class _Found:
    """A candidate equilibrium of the reduced game and its certificate."""

    vectors: list[FloatArray]
    kind: CertificateKind
    support: Support
    radius: float
    detail: str
    component: int | None = None
    rank: int = field(init=False)

    def __post_init__(self) -> None:
        self.rank = {"exact": 0, "interval": 1, "none": 2}[self.kind]


# --------------------------------------------------------------------------- helpers
def _rational_found(
    shape: tuple[int, ...], support: Support, sigma: dict[int, list[float]]
) -> _Found:
    """A rational root whose equilibrium conditions hold in exact arithmetic."""
    return _Found(
        full_vectors(shape, support, sigma),
        "exact",
        support,
        0.0,
        "rational root; equilibrium conditions hold in exact arithmetic",
    )


def _subsets(size: int) -> list[tuple[int, ...]]:
    return [c for r in range(1, size + 1) for c in itertools.combinations(range(size), r)]


@functools.lru_cache(maxsize=32)
def _mixed_supports(shape: tuple[int, ...]) -> tuple[Support, ...]:
    """Every support profile of a game of this shape in which some player mixes (in order)."""
    choices = [_subsets(s) for s in shape]
    return tuple(s for s in itertools.product(*choices) if any(len(a) > 1 for a in s))


def _conditionally_dominated(payoffs: FloatArray, support: Support) -> bool:
    """Whether some support strategy is strictly dominated given the others' supports [PNS08]_."""
    n = payoffs.shape[0]
    for i in range(n):
        sub = payoffs[i]
        grid = np.ix_(
            *[
                np.arange(payoffs.shape[1 + j]) if j == i else np.asarray(support[j])
                for j in range(n)
            ]
        )
        u = np.moveaxis(sub[grid], i, 0).reshape(payoffs.shape[1 + i], -1)
        beats = (u[:, None, :] > u[None, list(support[i]), :]).all(axis=2)
        if beats.any():
            return True
    return False


def _pure_dominance_free(payoffs: FloatArray) -> bool:
    """Whether no strategy is strictly dominated by a pure strategy (exact comparisons).

    Then :func:`iterated_elimination` with ``tol=0`` removes nothing: it
    compares the payoffs mapped onto [0, 1], and that map, rounded, is
    monotone, so it cannot turn a tie or a reversal into a strict gain.
    """
    for i in range(payoffs.shape[0]):
        u = np.moveaxis(payoffs[i], i, 0).reshape(payoffs.shape[1 + i], -1)
        if (u[:, None, :] > u[None, :, :]).all(axis=2).any():
            return False
    return True


def _exact_pure(payoffs: FloatArray) -> NDArray[np.intp]:
    """Pure equilibria, by exact comparison of the float payoffs (no tolerance)."""
    mask = np.ones(payoffs.shape[1:], dtype=bool)
    for i in range(payoffs.shape[0]):
        mask &= payoffs[i] >= payoffs[i].max(axis=i, keepdims=True)
    return np.argwhere(mask)


@functools.lru_cache(maxsize=8)
def _binary_profiles(n: int) -> tuple[NDArray[np.intp], NDArray[np.bool_], tuple[Support, ...]]:
    """Flat profile indices of an ``n``-player game with two strategies each (cached).

    ``(flip, second, supports)``: per player and flat pure profile, the
    profile with the player's strategy switched (as an index into the
    flattened payoffs, player ``i``'s row first); whether the player plays
    its second strategy there; and the profile as a pure support profile.
    """
    profiles = np.arange(1 << n)
    bits = np.array([1 << (n - 1 - i) for i in range(n)])[:, None]
    flip, second = (profiles ^ bits) + np.arange(n)[:, None] * (1 << n), (profiles & bits) != 0
    for array in (flip, second):
        array.flags.writeable = False
    supports = tuple(tuple((int(a),) for a in row) for row in second.T.astype(int).tolist())
    return flip, second, supports


def _binary_screen(payoffs: FloatArray) -> list[Support] | None:
    """Steps 1 and 2 at once when every player has two strategies (exact comparisons).

    One comparison of each payoff with the payoff of the player's other
    strategy (the others fixed) gives both :func:`_pure_dominance_free` (a
    strategy is strictly dominated by the other one if it is worse at every
    profile of the others) and :func:`_exact_pure` (a profile is an
    equilibrium if nobody's other strategy is better). Returns the pure
    equilibria as support profiles, in the order of :func:`_exact_pure`, or
    None if some strategy is strictly dominated.
    """
    n = payoffs.shape[0]
    flip, second, supports = _binary_profiles(n)
    flat = payoffs.reshape(n, -1)
    better = payoffs.ravel()[flip] > flat  # the player's other strategy is strictly better
    # A player's strategy at profile p is dominated iff it is worse at every
    # profile of the others, that is at every p where the player plays it.
    half = 1 << (n - 1)
    if ((better & ~second).sum(axis=1) == half).any() or (
        (better & second).sum(axis=1) == half
    ).any():
        return None
    return [supports[p] for p in np.flatnonzero(~better.any(axis=0)).tolist()]


# --------------------------------------------------------------------------- search paths
def _two_player_path(reduced: NormalFormGame, tol: float) -> tuple[list[_Found], bool]:
    payoffs = reduced.payoffs
    active = [j for j, s in enumerate(reduced.shape) if s > 1]
    sub = payoffs[active][(slice(None), *[slice(None) if s > 1 else 0 for s in reduced.shape])]
    small = NormalFormGame(sub)
    with warnings.catch_warnings():
        # all_nash states degeneracy itself (complete=False and one warning).
        warnings.simplefilter("ignore", DegenerateGameWarning)
        res = vertex_enumeration(small, tol=tol)
    found = []
    for eq in res:
        support: list[tuple[int, ...]] = [(0,)] * reduced.n_players
        float_sigma: dict[int, list[float]] = {}
        for k, j in enumerate(active):
            probs = eq.probabilities[k]
            idx = tuple(int(a) for a in np.flatnonzero(probs > 1e-12))
            support[j] = idx
            float_sigma[j] = [float(probs[a]) for a in idx]
        supp = tuple(support)
        exact = exact_two_player(payoffs, supp)
        if (
            exact is not None
            and all(
                abs(float(e) - f) < 1e-6
                for j in exact
                for e, f in zip(exact[j], float_sigma[j], strict=True)
            )
            and exact_conditions(payoffs, supp, exact)
        ):
            sigma = {j: [float(v) for v in exact[j]] for j in exact}
            found.append(
                _Found(
                    full_vectors(reduced.shape, supp, sigma),
                    "exact",
                    supp,
                    0.0,
                    "two-player support system solved in exact rational arithmetic",
                )
            )
        else:
            found.append(
                _Found(
                    full_vectors(reduced.shape, supp, float_sigma),
                    "none",
                    supp,
                    0.0,
                    "vertex enumeration, verified by float regret (degenerate support)",
                )
            )
    return found, not bool(res.degenerate)


def _try_rational(
    payoffs: FloatArray,
    system: SupportSystem | Layout,
    lo: FloatArray,
    hi: FloatArray,
    x: FloatArray,
) -> dict[int, list[Fraction]] | None:
    xr = [Fraction(float(v)).limit_denominator(_MAX_DENOMINATOR) for v in x]
    if not all(
        Fraction(float(a)) <= v <= Fraction(float(b)) for v, a, b in zip(xr, lo, hi, strict=True)
    ):
        return None
    sigma: dict[int, list[Fraction]] = {}
    for j in system.mixed:
        a = system.offsets[j]
        b = a + len(system.support[j]) - 1
        sigma[j] = [1 - sum(xr[a:b], Fraction(0)), *xr[a:b]]
    return sigma if exact_conditions(payoffs, system.support, sigma) else None


def _n_player_path(
    reduced: NormalFormGame, *, tol: float, max_boxes: int
) -> tuple[list[_Found], bool, int, int, int, list[str]]:
    payoffs = reduced.payoffs
    found: list[_Found] = []
    complete = True
    n_supports = n_pruned = n_boxes = 0
    notes: list[str] = []
    component = 0
    bound = tol * reduced.payoff_range
    supports = _mixed_supports(reduced.shape)
    batch = None
    pre = None
    if max(reduced.shape) == 2 and sum(s == 2 for s in reduced.shape) <= MAX_BINARY_PLAYERS:
        # Two strategies each: supports with up to four mixers in exact closed form,
        # the others in one vectorised branch and bound; the supports neither
        # settles are solved one by one below.
        if _CLOSED_FORM_MIXERS >= 2:
            pre = presolve_binary(
                payoffs,
                supports,
                max_mixers=_CLOSED_FORM_MIXERS,
                max_denominator=_MAX_DENOMINATOR,
            )
            todo = pre.rest
            n_boxes += len(supports)
        else:
            todo = list(supports)
        if todo:
            batch = solve_binary(payoffs, todo, max_boxes=max_boxes, min_width=_BATCH_MIN_WIDTH)
            n_boxes += batch.n_boxes
        else:
            batch = BinaryBatch()
        if pre is not None:
            batch.pruned |= pre.pruned
            batch.roots.update(pre.roots)
    for support in supports:
        if batch is not None and support in batch.pruned:
            n_pruned += 1
            continue
        if batch is None and _conditionally_dominated(payoffs, support):
            n_pruned += 1
            continue
        n_supports += 1
        system: SupportSystem | Layout
        if batch is not None and support in batch.roots:
            if not batch.roots[support]:
                continue
            system = Layout(support)
            solution = SupportSolution(roots=batch.roots[support])
        else:
            system = SupportSystem(payoffs, support)
            solution = system.solve(max_boxes=max_boxes, min_width=_MIN_WIDTH)
            n_boxes += solution.n_boxes
        rational = pre.rational.get(support) if pre is not None else None
        for k, root in enumerate(solution.roots):
            values = rational[k] if rational is not None else None
            if values is not None:
                # A rational root from the closed form, already proved an equilibrium
                # in exact arithmetic: every player's gain, exactly.
                # float(1 - v) and float(v), without Fraction arithmetic (v in lowest terms).
                sigma = {
                    j: [(v.denominator - v.numerator) / v.denominator, v.numerator / v.denominator]
                    for j, v in zip(
                        [j for j, s in enumerate(support) if len(s) == 2], values, strict=True
                    )
                }
                found.append(_rational_found(reduced.shape, support, sigma))
                continue
            if root.positive is False or root.strict is False:
                continue
            x = root.centre
            # A presolved closed-form root without a rational value is irrational or
            # has denominators above the reconstruction's limit: nothing to try.
            presolved = rational is not None and root.method == "closed form"
            exact = None if presolved else _try_rational(payoffs, system, root.lo, root.hi, x)
            if exact is not None:
                sigma = {j: [float(v) for v in exact[j]] for j in exact}
                found.append(_rational_found(reduced.shape, support, sigma))
                continue
            sigma_f = {j: list(v) for j, v in sigma_from_x(system, x).items()}
            radius = float((root.hi - root.lo).max() / 2)
            if root.positive and root.strict:
                found.append(
                    _Found(
                        full_vectors(reduced.shape, support, sigma_f),
                        "interval",
                        support,
                        radius,
                        (
                            "Krawczyk box with a unique root"
                            if root.method == "krawczyk"
                            else "Krawczyk box with a unique root, every root located by exact "
                            "elimination (integer arithmetic)"
                            if root.method == "elimination, krawczyk"
                            else "box with a unique root, every root located and proved by exact "
                            "elimination (integer arithmetic and a resultant identity)"
                            if root.method == "elimination"
                            else "box around one of the support system's roots in closed form "
                            "(exact integer arithmetic)"
                        )
                        + "; positivity and strict best replies proved on the box",
                    )
                )
            else:
                found.append(
                    _Found(
                        full_vectors(reduced.shape, support, sigma_f),
                        "none",
                        support,
                        radius,
                        "unique root certified, but a probability or a best-reply gap "
                        "is zero within rounding (tie)",
                    )
                )
        if not solution.resolved:
            complete = False
            vertices = single_mixer_vertices(reduced, support, bound)
            samples = (
                vertices
                if vertices is not None
                else sample_unresolved(reduced, SupportSystem(payoffs, support), solution, bound)
            )
            why = (
                "box budget exhausted"
                if solution.exhausted
                else "singular Jacobian at an equilibrium"
                if solution.degenerate
                else "unresolved boxes"
            )
            labels = "; ".join(
                ",".join(reduced.strategies[j][a] for a in s) for j, s in enumerate(support)
            )
            if len(samples) > 1:
                notes.append(
                    f"support ({labels}): a positive-dimensional set of equilibria ({why});"
                )
                what = (
                    "vertex of a polytope of equilibria (linear programming)"
                    if vertices is not None
                    else "sample point of a positive-dimensional set of equilibria"
                )
                seen: list[FloatArray] = []
                for vectors in samples:
                    exact_vectors = exact_point(payoffs, vectors)
                    point = vectors if exact_vectors is None else exact_vectors
                    flat = np.concatenate(point)
                    if any(np.array_equal(flat, other) for other in seen):
                        continue  # two samples snapped to the same rational point
                    seen.append(flat)
                    found.append(
                        _Found(
                            point,
                            "none" if exact_vectors is None else "exact",
                            support,
                            0.0,
                            what
                            if exact_vectors is None
                            else f"{what}: a rational point, equilibrium conditions hold in "
                            "exact arithmetic",
                            component,
                        )
                    )
                component += 1
            elif samples:
                notes.append(f"support ({labels}): a singular equilibrium ({why});")
                exact_vectors = exact_point(payoffs, samples[0])
                found.append(
                    _Found(
                        samples[0] if exact_vectors is None else exact_vectors,
                        "none" if exact_vectors is None else "exact",
                        support,
                        0.0,
                        "singular root (Jacobian not invertible)"
                        + ("" if exact_vectors is None else "; rational, conditions hold exactly"),
                    )
                )
            else:
                notes.append(
                    f"support ({labels}): {why}, no equilibrium found there by Newton's method;"
                )
    return found, complete, n_supports, n_pruned, n_boxes, notes


# --------------------------------------------------------------------------- public
def all_nash(
    game: NormalFormGame,
    *,
    tol: float = DEFAULT_TOL,
    max_supports: int = 20_000,
    max_boxes: int = 50_000,
) -> AllNashResult:
    r"""Every Nash equilibrium of a small game with any number of players, each certified.

    Algorithm:

    1. Remove strategies strictly dominated by a pure strategy, by exact
       comparison of payoffs (:func:`iterated_elimination` with ``tol=0``);
       the set of equilibria is unchanged.
    2. Pure equilibria: exact best-response comparison over every profile
       (floats are exact rationals, so comparing them is exact). When
       every player has two strategies, one comparison of each payoff with
       the player's other strategy answers steps 1 and 2 together.
    3. If at most two players have more than one strategy left, hand the
       game to :func:`vertex_enumeration` and solve each equilibrium's support
       system again in exact rational arithmetic.
    4. Otherwise enumerate the support profiles in which some player mixes,
       discard those in which a support strategy is strictly dominated given
       the others' supports (conditional dominance [PNS08]_), and solve each
       remaining support's indifference system (a polynomial system of
       degree at most one in each player's variables) by certified interval
       subdivision with the Krawczyk test
       (:mod:`mediation_sim.solvers._support_system`): every box is
       discarded (interval arithmetic proves there is no equilibrium with
       this support in it) or certified (it holds exactly one root, on which
       the equilibrium inequalities hold), or it is left unresolved. When
       every player has at most two strategies, all support profiles share
       one multilinear gain function per player, so their boxes are searched
       together in one vectorised branch and bound
       (:mod:`mediation_sim.solvers._binary`: a fixed number of array
       operations per level, not a Python loop per support); a support it
       cannot settle is handed to the one-support search unchanged, so the
       certificates and the completeness guarantee are the same. In such
       games a support in which two or three players mix is solved in
       closed form instead (:mod:`mediation_sim.solvers._closed_form`: a
       linear equation per player, or a quadratic, in exact integer
       arithmetic on the payoffs), and one in which four mix by
       elimination (:mod:`mediation_sim.solvers._closed_form4`: a
       polynomial of degree at most 13 in one probability, computed
       exactly, its real roots isolated exactly, each root's box proved
       by an exact resultant identity, or by the Krawczyk test where that
       does not decide); both prove the same thing (each root in a box
       holding exactly one root, no other root), and degenerate cases go
       to the subdivision.
    5. Each certified root is tried as a rational number (denominators up
       to :math:`10^6`) and checked in exact arithmetic; otherwise its
       interval box is the certificate.
    6. Unresolved boxes (singular roots, sets of equilibria) make the result
       incomplete (``complete=False``). Where one player mixes and is exactly
       indifferent, the set of equilibria is a polytope and its extreme
       points along each coordinate are found by linear programming;
       otherwise the set is sampled by Gauss-Newton steps from random points
       of the unresolved boxes. Points that pass the regret verifier are
       reported, grouped in :attr:`AllNashResult.components`. Each such
       point is replaced by a rational point within :math:`10^{-4}` of it
       where one passes the exact equilibrium check (vertices of polytopes
       of equilibria, points of flat sets), and then certified ``"exact"``;
       points of curved sets, whose nearby rational points are not
       equilibria, keep the certificate ``"none"``.
    7. Every equilibrium is lifted to the original game and checked once more
       by the shared regret verifier.

    Parameters
    ----------
    game : NormalFormGame
        Any number of players; small (see ``max_supports``).
    tol : float, default 1e-8
        Regret tolerance of the final verifier, relative to
        :attr:`NormalFormGame.payoff_range`. The certificates do not depend
        on it.
    max_supports : int, default 20000
        Largest number of support profiles, :math:`\prod_i (2^{s_i} - 1)`
        after step 1, that the search accepts.
    max_boxes : int, default 50000
        Box budget per support profile; a support that exhausts it makes
        the result incomplete.

    Returns
    -------
    AllNashResult
        The equilibria (pure first, then by support), one
        :class:`Certificate` each, ``complete`` and the components.

    Raises
    ------
    InvalidArgumentError
        If ``game`` is not a game or an option is out of range.
    GameTooLargeError
        If the game has more than :data:`MAX_PROFILES_ALL_NASH` pure profiles or
        more than ``max_supports`` support profiles after step 1.

    Warns
    -----
    DegenerateGameWarning
        When the list is not proved complete (``complete=False``).

    See Also
    --------
    nash : some equilibria of larger games, by path following.
    nash_2p : every extreme equilibrium of a two-player game.
    pure_nash : the pure equilibria only.

    Notes
    -----
    **Completeness.** When ``complete`` is True the list is every Nash
    equilibrium of the game: each support's system was searched over the
    whole simplex and every box was either excluded or certified to contain
    one root, by proofs in outward-rounded interval arithmetic. This holds
    for every game whose equilibria are all *regular* with respect to
    their support (the Jacobian of the indifference system is invertible
    at each), which includes generic games (payoffs drawn from a
    continuous distribution, with probability one) [McKM96]_. Degenerate
    games (ties, sets of equilibria) leave boxes unresolved: the result
    then has ``complete=False``, reports sample points of each set of
    equilibria as a component and says which supports were affected in
    ``message``. Two-player games are complete when they are
    nondegenerate; for degenerate ones every extreme equilibrium is listed.

    **Cost.** The number of support profiles grows as
    :math:`\prod_i 2^{s_i}`, and each system's subdivision grows with its
    dimension :math:`\sum_i (|S_i| - 1)`; games up to about 5 players with 2
    strategies each, or 3 players with 3, take seconds.

    References
    ----------
    .. [PNS08] R. Porter, E. Nudelman and Y. Shoham, "Simple search methods
       for finding a Nash equilibrium", *Games and Economic Behavior* 63
       (2008) 642-662.
    .. [McKM96] R. D. McKelvey and A. McLennan, "Computation of equilibria in
       finite games", in *Handbook of Computational Economics* 1 (1996)
       87-142.
    .. [Krawczyk69b] R. Krawczyk, "Newton-Algorithmen zur Bestimmung von
       Nullstellen mit Fehlerschranken", *Computing* 4 (1969) 187-201.

    Examples
    --------
    A three-player game in which each player matches (or mismatches) the
    next one has a single, fully mixed equilibrium, certified exactly:

    >>> import numpy as np
    >>> import mediation_sim as ms
    >>> u = np.zeros((3, 2, 2, 2))
    >>> for a in np.ndindex(2, 2, 2):
    ...     u[(0, *a)] = 1.0 if a[0] == a[1] else 0.0
    ...     u[(1, *a)] = 1.0 if a[1] == a[2] else 0.0
    ...     u[(2, *a)] = 1.0 if a[2] != a[0] else 0.0
    >>> res = ms.solvers.all_nash(ms.NormalFormGame(u))
    >>> res
    AllNashResult(1 equilibrium, certified=True, complete=True, max_regret=0)
    >>> res.certificates[0].kind, res[0].probabilities[0].tolist()
    ('exact', [0.5, 0.5])
    >>> res.game.is_nash(res[0])
    True
    """
    func = "all_nash"
    check_game(game, func=func)
    tol = check_tol(tol, func=func)
    max_supports = check_positive_int(max_supports, func=func, name="max_supports")
    max_boxes = check_positive_int(max_boxes, func=func, name="max_boxes")
    parameters = {"tol": tol, "max_supports": max_supports, "max_boxes": max_boxes}
    if game.n_profiles > MAX_PROFILES_ALL_NASH:
        raise GameTooLargeError(
            f"all_nash(): the game has {game.n_profiles} pure profiles, more than "
            f"{MAX_PROFILES_ALL_NASH}; all_nash is for small games, use ms.solvers.nash(game, "
            "n_equilibria=...) for some equilibria"
        )
    elimination: EliminationResult | None = None
    binary = all(s == 2 for s in game.shape)
    pure = _binary_screen(game.payoffs) if binary else None
    if pure is not None or (not binary and _pure_dominance_free(game.payoffs)):
        reduced = game  # elimination would remove nothing (see _pure_dominance_free)
        kept = tuple(tuple(range(s)) for s in game.shape)
    else:
        elimination = iterated_elimination(game, mixed=False, tol=0.0)
        reduced, kept = elimination.reduced, elimination.kept
    n_support_profiles = math.prod(2**s - 1 for s in reduced.shape)
    if n_support_profiles > max_supports:
        raise GameTooLargeError(
            f"all_nash(): the game (reduced to {'x'.join(map(str, reduced.shape))} by dominance) "
            f"has {n_support_profiles} support profiles, more than max_supports={max_supports}; "
            "raise max_supports, or use ms.solvers.nash(game, n_equilibria=...) for some equilibria"
        )
    payoffs = reduced.payoffs
    found: list[_Found] = []
    if pure is None:
        pure = [tuple((int(a),) for a in row) for row in _exact_pure(payoffs)]
    for support in pure:
        found.append(
            _Found(
                full_vectors(reduced.shape, support, {}),
                "exact",
                support,
                0.0,
                "pure profile; best replies compared exactly",
            )
        )
    active = [j for j, s in enumerate(reduced.shape) if s > 1]
    notes = []
    n_supports = n_pruned = 0
    if len(active) == 2:
        extra, complete = _two_player_path(reduced, tol)
        found = extra  # vertex enumeration lists the pure equilibria too
        notes.append("two players left after dominance: vertex enumeration;")
        if not complete:
            notes.append("the two-player game is degenerate: every extreme equilibrium is listed;")
    elif len(active) > 2:
        extra, complete, n_supports, n_pruned, n_boxes, more = _n_player_path(
            reduced, tol=tol, max_boxes=max_boxes
        )
        found.extend(extra)
        notes.append(
            f"{n_supports} support profiles solved ({n_pruned} pruned by conditional dominance, "
            f"{n_boxes} boxes);"
        )
        notes.extend(more)
    else:
        complete = True
        if active:
            notes.append("one player left after dominance, indifferent among its strategies;")
    found.sort(key=lambda f: f.rank)
    if elimination is None:
        lifted = [f.vectors for f in found]
    else:
        lifted = [list(elimination.lift(f.vectors).probabilities) for f in found]
    output = SolverOutput(lifted, message=" ".join(notes))
    base = finalise(game, output, method=func, parameters=parameters, tol=tol)
    certificates, components = _match(
        game, kept, base, found, lifted, single_player=len(active) == 1
    )
    counts = {k: sum(c.kind == k for c in certificates) for k in ("exact", "interval", "none")}
    summary = (
        f"{counts['exact']} certified exactly, {counts['interval']} by interval boxes, "
        f"{counts['none']} by float regret only; "
        + ("the list is complete." if complete else "completeness is NOT guaranteed (see above).")
    )
    if not complete:
        warn_user(
            "all_nash: the game is degenerate (sets of equilibria or singular supports); "
            "the list is not proved complete. See AllNashResult.complete and .components.",
            DegenerateGameWarning,
        )
    return AllNashResult(
        game=base.game,
        method=base.method,
        equilibria=base.equilibria,
        parameters=base.parameters,
        max_regret=base.max_regret,
        success=base.success,
        message=f"{base.message} {summary}",
        n_iter=None,
        degenerate=not complete if len(active) == 2 else None,
        n_rejected=base.n_rejected,
        certificates=certificates,
        complete=complete,
        components=components,
        n_supports=n_supports,
        n_pruned=n_pruned,
    )


def _match(
    game: NormalFormGame,
    kept: tuple[tuple[int, ...], ...],
    base: NashResult,
    found: list[_Found],
    lifted: list[list[FloatArray]],
    *,
    single_player: bool,
) -> tuple[tuple[Certificate, ...], tuple[tuple[int, ...], ...]]:
    """Certificate and component of each verified equilibrium (the first matching candidate)."""
    certificates = []
    groups: dict[int, list[int]] = {}
    nearest: list[int] = []
    if base.equilibria:
        flats = np.array([np.concatenate(v) for v in lifted])
        eqs = np.array([np.concatenate(eq.probabilities) for eq in base.equilibria])
        nearest = np.abs(eqs[:, None, :] - flats[None, :, :]).max(axis=2).argmin(axis=1).tolist()
    for k, idx in enumerate(nearest):
        f = found[idx]
        labels = tuple(
            tuple(game.strategies[j][kept[j][a]] for a in f.support[j])
            for j in range(game.n_players)
        )
        certificates.append(Certificate(f.kind, labels, f.radius, f.detail))
        if f.component is not None:
            groups.setdefault(f.component, []).append(k)
    components = [tuple(g) for g in groups.values() if len(g) > 1]
    if single_player and len(base.equilibria) > 1:
        components.append(tuple(range(len(base.equilibria))))
    return tuple(certificates), tuple(components)
