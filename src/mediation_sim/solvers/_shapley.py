r"""Values and power indices of coalitional games, and the core.

* The **Shapley value** gives each player their average marginal
  contribution over all orders in which the grand coalition could form
  (Shapley 1953):
  :math:`\phi_i = \sum_{S \not\ni i} \frac{|S|!\,(n-|S|-1)!}{n!}\,[v(S \cup i) - v(S)]`.
  On a simple (voting) game it is the **Shapley–Shubik power index**
  (Shapley and Shubik 1954).
* The **Banzhaf index** counts each player's *swings*, the coalitions they
  turn from losing to winning, with every coalition equally likely
  (Banzhaf 1965).
* The **core** is the set of efficient allocations no coalition can improve
  on by itself: :math:`x(N) = v(N)` and :math:`x(S) \ge v(S)` for all ``S``.

Exact values enumerate all ``2**n`` coalitions as bitmask arrays (at most
:data:`~mediation_sim.games.coalitional.MAX_TU_PLAYERS` players); weighted
voting games with integer weights are solved exactly for any size by dynamic
programming over weight totals; otherwise random permutations (Shapley) or
random coalitions (Banzhaf) give unbiased estimates with standard errors
(Castro, Gómez and Tejada 2009).

**Sources**

* L. S. Shapley, "A value for n-person games", in *Contributions to the Theory of Games II*,
  Princeton, 1953, pp. 307-317.
* L. S. Shapley and M. Shubik, "A method for evaluating the distribution of power in a committee
  system", *American Political Science Review* 48(3) (1954), pp. 787-792.
* J. F. Banzhaf III, "Weighted voting doesn't work: a mathematical analysis", *Rutgers Law
  Review* 19 (1965), pp. 317-343.
* J. Castro, D. Gómez and J. Tejada, "Polynomial calculation of the Shapley value based on
  sampling", *Computers & Operations Research* 36(5) (2009), pp. 1726-1730.
* D. S. Felsenthal and M. Machover, *The Measurement of Voting Power*, Edward Elgar, 1998.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal, TypeAlias

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .._errors import GameTooLargeError, InvalidArgumentError
from .._results import Result
from .._validation import DEFAULT_TOL, check_positive_int, check_tol
from ..games.coalitional import (
    MAX_TU_PLAYERS,
    TUGame,
    WeightedVotingGame,
    coalition_members,
    popcount,
)
from ._core import solver_rng

__all__ = [
    "CoreCheck",
    "PowerIndexResult",
    "banzhaf_index",
    "core_violation",
    "in_core",
    "shapley_shubik_index",
    "shapley_value",
]

FloatArray: TypeAlias = NDArray[np.float64]
CoalitionalGame: TypeAlias = "TUGame | WeightedVotingGame"

#: Largest number of weight-total cells the dynamic programme may use.
_DP_MAX_CELLS = 50_000_000
#: Permutations or coalitions evaluated per chunk when sampling.
_CHUNK = 4096
_METHODS = ("auto", "exact", "dp", "sampling")


def _check_game(game: object, *, func: str) -> TUGame | WeightedVotingGame:
    if not isinstance(game, TUGame | WeightedVotingGame):
        raise InvalidArgumentError(
            f"{func}(): game must be a mediation_sim.games.TUGame or WeightedVotingGame, "
            f"got {type(game).__name__}"
        )
    return game


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class PowerIndexResult(Result):
    """A value or power index of a coalitional game, one number per player.

    Attributes
    ----------
    game : TUGame or WeightedVotingGame
        The game.
    index : str
        ``"shapley"``, ``"shapley_shubik"``, ``"banzhaf"`` or ``"banzhaf_raw"``.
    values : ndarray
        One value per player (in player order).
    standard_errors : ndarray
        Monte Carlo standard errors (zeros for exact methods).
    method : str
        ``"exact"`` (all coalitions), ``"dp"`` (dynamic programming over
        integer weights) or ``"sampling"``.
    n_samples : int or None
        Permutations or coalitions sampled.
    parameters : Mapping[str, object]
        Arguments used.
    """

    game: TUGame | WeightedVotingGame = field(repr=False)
    index: str
    values: FloatArray
    standard_errors: FloatArray
    method: str
    n_samples: int | None
    parameters: Mapping[str, object] = field(repr=False)

    def __getitem__(self, player: str | int) -> float:
        if isinstance(player, str):
            if player not in self.game.players:
                raise InvalidArgumentError(
                    f"unknown player {player!r}; the players are {list(self.game.players)}"
                )
            return float(self.values[self.game.players.index(player)])
        return float(self.values[player])

    def as_dict(self) -> dict[str, float]:
        """``{player: value}``."""
        return dict(zip(self.game.players, self.values.tolist(), strict=True))

    def _summary(self) -> dict[str, Any]:
        """JSON-serialisable form."""
        return {
            "index": self.index,
            "method": self.method,
            "values": self.as_dict(),
            "standard_errors": dict(
                zip(self.game.players, self.standard_errors.tolist(), strict=True)
            ),
            "n_samples": self.n_samples,
        }

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{p}={v:.4g}" for p, v in list(zip(self.game.players, self.values, strict=True))[:8]
        )
        more = ", ..." if self.game.n_players > 8 else ""
        return f"PowerIndexResult({self.index}, {self.method}: {shown}{more})"

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>{html.escape(p)}</td><td>{v:.6g}</td><td>{e:.2g}</td></tr>"
            for p, v, e in zip(self.game.players, self.values, self.standard_errors, strict=True)
        )
        return (
            f"<p><b>{html.escape(repr(self))}</b></p><table><tr><th>player</th>"
            f"<th>value</th><th>std. error</th></tr>{rows}</table>"
        )


def _ro(a: FloatArray) -> FloatArray:
    a.flags.writeable = False
    return a


def _table(game: TUGame | WeightedVotingGame, *, func: str) -> FloatArray:
    if game.n_players > MAX_TU_PLAYERS:
        raise GameTooLargeError(
            f"{func}(): exact enumeration of {game.n_players} players needs 2**{game.n_players} "
            f"coalitions, above the limit of 2**{MAX_TU_PLAYERS}; use method='sampling' (or "
            "'dp' for a weighted voting game with integer weights)"
        )
    if isinstance(game, TUGame):
        return game.values
    return game.to_tu_game().values


def _exact_marginals(values: FloatArray, n: int, weights_by_size: FloatArray) -> FloatArray:
    """Sum over S not containing i of weight(|S|) * (v(S + i) - v(S)), for every i."""
    masks = np.arange(2**n, dtype=np.int64)
    sizes = popcount(masks)
    out = np.empty(n)
    for i in range(n):
        without = masks[(masks >> i) & 1 == 0]
        gain = values[without | (1 << i)] - values[without]
        # einsum, not BLAS: a 1-d dot product gains nothing from threads
        out[i] = float(np.einsum("k,k->", weights_by_size[sizes[without]], gain))
    return out


def _shapley_weights(n: int) -> FloatArray:
    """|S|! (n - |S| - 1)! / n! = 1 / (n * C(n - 1, |S|)), for |S| = 0..n-1."""
    return np.array([1.0 / (n * math.comb(n - 1, s)) for s in range(n)])


def _sample_shapley(
    game: TUGame | WeightedVotingGame, n_samples: int, rng: np.random.Generator
) -> tuple[FloatArray, FloatArray]:
    n = game.n_players
    total = np.zeros(n)
    total_sq = np.zeros(n)
    done = 0
    while done < n_samples:
        m = min(_CHUNK, n_samples - done)
        perms = np.argsort(rng.random((m, n)), axis=1)  # uniform random orders
        members = np.zeros((m, n), dtype=bool)
        previous = game.values_of(members)
        rows = np.arange(m)
        for t in range(n):
            members[rows, perms[:, t]] = True
            current = game.values_of(members)
            gain = current - previous
            np.add.at(total, perms[:, t], gain)
            np.add.at(total_sq, perms[:, t], gain**2)
            previous = current
        done += m
    mean = total / n_samples
    var = np.maximum(total_sq / n_samples - mean**2, 0.0)
    se = np.sqrt(var / max(n_samples - 1, 1))
    return mean, se


def _check_method(method: object, allowed: tuple[str, ...], *, func: str) -> str:
    if method not in allowed:
        raise InvalidArgumentError(
            f"{func}(): method must be one of {', '.join(map(repr, allowed))}, got {method!r}"
        )
    return str(method)


def shapley_value(
    game: TUGame | WeightedVotingGame,
    *,
    method: Literal["auto", "exact", "dp", "sampling"] = "auto",
    n_samples: int = 10_000,
    rng: int | np.random.Generator | None = None,
) -> PowerIndexResult:
    """The Shapley value of a coalitional game.

    Algorithm (``method``):

    * ``"exact"``: for each player ``i``, select the ``2**(n-1)`` coalitions
      without ``i`` by bit arithmetic, take the marginal contributions
      ``v(S | i) - v(S)`` in one array operation and weight them by
      ``|S|! (n - |S| - 1)! / n!``.
    * ``"dp"`` (weighted voting with integer weights): the Shapley–Shubik
      dynamic programme of :func:`shapley_shubik_index`.
    * ``"sampling"``: draw ``n_samples`` random orders of the players; in
      each, every player's marginal contribution on joining is one sample
      of its value (Castro et al. 2009). The estimate is the mean, with
      standard error ``std / sqrt(n_samples)``; it sums to ``v(N)`` exactly.
    * ``"auto"``: ``"exact"`` up to :data:`~mediation_sim.games.coalitional.MAX_TU_PLAYERS`
      players, else ``"dp"`` for integer-weighted voting games, else ``"sampling"``.

    Parameters
    ----------
    game : TUGame or WeightedVotingGame
        The game.
    method : {"auto", "exact", "dp", "sampling"}, default "auto"
        See above.
    n_samples : int, default 10,000
        Random permutations (sampling only).
    rng : int, Generator or None, default None
        Seed or generator for sampling.
        ``None`` means the fixed seed :data:`~mediation_sim.solvers.DEFAULT_SEED`,
        so that a call is reproducible; pass a seed or Generator for other draws.

    Returns
    -------
    PowerIndexResult

    Raises
    ------
    InvalidArgumentError
        For an unknown method or a game of another type.
    GameTooLargeError
        For ``method="exact"`` above the enumeration limit.

    See Also
    --------
    shapley_shubik_index, banzhaf_index, in_core

    Notes
    -----
    The Shapley value is the unique allocation rule that is efficient
    (sums to ``v(N)``), symmetric, gives dummy players their own worth, and
    is additive over games (Shapley 1953). For convex games it lies in the
    core (Shapley 1971).

    References
    ----------
    .. [1] L. S. Shapley (1953); J. Castro et al. (2009). See the module's sources.

    Examples
    --------
    The glove game: one left glove, two right gloves; a pair is worth 1.

    >>> import mediation_sim as ms
    >>> from mediation_sim.games import TUGame
    >>> glove = TUGame.from_function(["L", "R1", "R2"], lambda m: m[:, 0] & (m[:, 1] | m[:, 2]))
    >>> ms.solvers.shapley_value(glove).values          # (2/3, 1/6, 1/6)
    array([0.66666667, 0.16666667, 0.16666667])
    >>> est = ms.solvers.shapley_value(glove, method="sampling", n_samples=4000, rng=1)
    >>> bool(abs(est["L"] - 2 / 3) < 4 * est.standard_errors[0])
    True
    """
    func = "shapley_value"
    game = _check_game(game, func=func)
    return _shapley(game, _check_method(method, _METHODS, func=func), n_samples, rng, func=func)


def _shapley(
    game: TUGame | WeightedVotingGame,
    method: str,
    n_samples: int,
    rng: int | np.random.Generator | None,
    *,
    func: str,
) -> PowerIndexResult:
    params: dict[str, object] = {"method": method, "n_samples": n_samples, "rng": repr(rng)}
    if method == "auto":
        if game.n_players <= MAX_TU_PLAYERS:
            method = "exact"
        elif isinstance(game, WeightedVotingGame) and game.has_integer_weights:
            method = "dp"
        else:
            method = "sampling"
    n = game.n_players
    if method == "exact":
        values = _exact_marginals(_table(game, func=func), n, _shapley_weights(n))
        return PowerIndexResult(
            game,
            "shapley",
            _ro(values),
            _ro(np.zeros(n)),
            "exact",
            None,
            MappingProxyType(params),
        )
    if method == "dp":
        res = shapley_shubik_index(_weighted(game, func=func), method="dp")
        return PowerIndexResult(
            game, "shapley", res.values, res.standard_errors, "dp", None, MappingProxyType(params)
        )
    n_samples = check_positive_int(n_samples, func=func, name="n_samples", minimum=2)
    gen = solver_rng(rng, func=func)
    mean, se = _sample_shapley(game, n_samples, gen)
    return PowerIndexResult(
        game, "shapley", _ro(mean), _ro(se), "sampling", n_samples, MappingProxyType(params)
    )


def _weighted(game: TUGame | WeightedVotingGame, *, func: str) -> WeightedVotingGame:
    if not isinstance(game, WeightedVotingGame):
        raise InvalidArgumentError(
            f"{func}(): method='dp' needs a WeightedVotingGame with integer weights"
        )
    if not game.has_integer_weights:
        raise InvalidArgumentError(
            f"{func}(): method='dp' needs integer weights and quota; scale them to integers "
            "or use method='exact' or 'sampling'"
        )
    return game


def _swings_dp(game: WeightedVotingGame, *, by_size: bool) -> FloatArray:
    """For each player: swings (coalitions S, i not in S, with q - w_i <= w(S) < q) by size."""
    n = game.n_players
    weights = np.round(game.weights).astype(np.int64)
    quota = round(game.quota)
    cap = quota - 1  # only totals below the quota matter for a swing
    if (n + 1) * (cap + 1) > _DP_MAX_CELLS:
        raise GameTooLargeError(
            f"dynamic programme over weight totals needs {(n + 1) * (cap + 1):,} cells; "
            "use method='sampling'"
        )
    out = np.zeros((n, n) if by_size else (n, 1))
    for i in range(n):
        others = np.delete(weights, i).tolist()
        low = max(quota - int(weights[i]), 0)
        if by_size:
            # coalitions of the others by size and total (totals >= quota are dropped)
            table = np.zeros((n, cap + 1))
            table[0, 0] = 1.0
            for w in others:
                if w <= cap:
                    table[1:, w:] = table[1:, w:] + table[:-1, : cap + 1 - w]
            out[i] = table[:, low:].sum(axis=1)
        else:
            totals = np.zeros(cap + 1)
            totals[0] = 1.0
            for w in others:
                if w <= cap:
                    totals[w:] = totals[w:] + totals[: cap + 1 - w]
            out[i, 0] = totals[low:].sum()
    return out


def shapley_shubik_index(
    game: WeightedVotingGame | TUGame,
    *,
    method: Literal["auto", "exact", "dp", "sampling"] = "auto",
    n_samples: int = 10_000,
    rng: int | np.random.Generator | None = None,
) -> PowerIndexResult:
    """The Shapley–Shubik power index of a simple (voting) game.

    It is the Shapley value of the game in which winning coalitions are
    worth 1: the probability that a player is *pivotal*, turning the
    coalition of those before them into a winning one, when all orders of
    voting are equally likely (Shapley and Shubik 1954).

    Algorithm (``method="dp"``, integer weights, any number of players):

    1. For each player ``i``, count the coalitions of the *other* players by
       size ``k`` and total weight ``t``, by adding players one at a time to
       a table ``C[k, t]`` (totals at or above the quota are not needed).
    2. ``i`` is pivotal for ``S`` when ``q - w_i <= w(S) < q``; so
       ``phi_i = sum_k k! (n - k - 1)! / n! * sum_{t = q - w_i}^{q - 1} C[k, t]``.

    ``method="exact"`` enumerates coalitions (as :func:`shapley_value`),
    ``"sampling"`` samples orders; ``"auto"`` takes ``"dp"`` for integer
    weights, else ``"exact"`` up to the enumeration limit, else ``"sampling"``.

    Parameters
    ----------
    game : WeightedVotingGame or TUGame
        A simple game (a ``TUGame`` with 0/1 worths is accepted too).
    method : {"auto", "exact", "dp", "sampling"}, default "auto"
        See above.
    n_samples : int, default 10,000
        Random orders (sampling only).
    rng : int, Generator or None, default None
        Seed or generator for sampling.
        ``None`` means the fixed seed :data:`~mediation_sim.solvers.DEFAULT_SEED`,
        so that a call is reproducible; pass a seed or Generator for other draws.

    Returns
    -------
    PowerIndexResult

    Raises
    ------
    InvalidArgumentError
        For an unknown method, ``"dp"`` without integer weights, or a
        ``TUGame`` whose worths are not all 0 or 1.
    GameTooLargeError
        If the chosen exact method would be too large.

    See Also
    --------
    banzhaf_index, shapley_value

    References
    ----------
    .. [1] L. S. Shapley and M. Shubik (1954); D. S. Felsenthal and
       M. Machover (1998). See the module's sources.

    Examples
    --------
    The EEC Council of Ministers under the Treaty of Rome (1958): France,
    Germany and Italy 4 votes, Belgium and the Netherlands 2, Luxembourg 1,
    qualified majority 12. Luxembourg is a dummy (Felsenthal and Machover 1998).

    >>> import mediation_sim as ms
    >>> from mediation_sim.games import WeightedVotingGame
    >>> eec = WeightedVotingGame(12, [4, 4, 4, 2, 2, 1], ["FR", "DE", "IT", "BE", "NL", "LU"])
    >>> (ms.solvers.shapley_shubik_index(eec).values * 60).round(12).tolist()   # 14, 9, 0 / 60
    [14.0, 14.0, 14.0, 9.0, 9.0, 0.0]
    """
    func = "shapley_shubik_index"
    game = _check_game(game, func=func)
    chosen = _check_method(method, _METHODS, func=func)
    if isinstance(game, TUGame):
        vals = game.values
        if not np.isin(vals, (0.0, 1.0)).all():
            raise InvalidArgumentError(
                f"{func}(): a TUGame must be simple (worths 0 or 1); use shapley_value instead"
            )
    if chosen == "auto":
        if isinstance(game, WeightedVotingGame) and game.has_integer_weights:
            chosen = "dp"
        elif game.n_players <= MAX_TU_PLAYERS:
            chosen = "exact"
        else:
            chosen = "sampling"
    params: dict[str, object] = {"method": chosen, "n_samples": n_samples, "rng": repr(rng)}
    if chosen == "dp":
        wgame = _weighted(game, func=func)
        n = wgame.n_players
        swings = _swings_dp(wgame, by_size=True)  # (player, size)
        values = np.einsum("ik,k->i", swings, _shapley_weights(n))
        return PowerIndexResult(
            game,
            "shapley_shubik",
            _ro(values),
            _ro(np.zeros(n)),
            "dp",
            None,
            MappingProxyType(params),
        )
    res = _shapley(game, chosen, n_samples, rng, func=func)
    return PowerIndexResult(
        game,
        "shapley_shubik",
        res.values,
        res.standard_errors,
        res.method,
        res.n_samples,
        MappingProxyType(params),
    )


def banzhaf_index(
    game: TUGame | WeightedVotingGame,
    *,
    normalized: bool = True,
    method: Literal["auto", "exact", "dp", "sampling"] = "auto",
    n_samples: int = 10_000,
    rng: int | np.random.Generator | None = None,
) -> PowerIndexResult:
    """The Banzhaf index: each player's share of swings (or the raw Banzhaf value).

    The raw value is ``beta_i = 2**-(n-1) * sum over S not containing i of
    (v(S | i) - v(S))``: player ``i``'s expected marginal contribution when
    every coalition of the others is equally likely. For a simple game it is
    the probability of being decisive. The (normalised) index divides by the
    sum over players (Banzhaf 1965).

    Algorithm: as :func:`shapley_value`, with equal weights on all
    coalitions (``"exact"``); counting swings by weight total (``"dp"``,
    integer-weighted voting games); or sampling coalitions uniformly and
    averaging each player's marginal contribution (``"sampling"``).

    Parameters
    ----------
    game : TUGame or WeightedVotingGame
        The game.
    normalized : bool, default True
        Return the index (summing to one) rather than the raw value.
    method : {"auto", "exact", "dp", "sampling"}, default "auto"
        As in :func:`shapley_shubik_index`.
    n_samples : int, default 10,000
        Random coalitions (sampling only).
    rng : int, Generator or None, default None
        Seed or generator for sampling.
        ``None`` means the fixed seed :data:`~mediation_sim.solvers.DEFAULT_SEED`,
        so that a call is reproducible; pass a seed or Generator for other draws.

    Returns
    -------
    PowerIndexResult
        ``index`` is ``"banzhaf"`` or ``"banzhaf_raw"``; standard errors
        (sampling) are those of the raw value, rescaled when normalised.

    Raises
    ------
    InvalidArgumentError
        For an unknown method, or a game in which every player's raw value
        is zero (the index is then undefined).
    GameTooLargeError
        If the chosen exact method would be too large.

    See Also
    --------
    shapley_shubik_index

    References
    ----------
    .. [1] J. F. Banzhaf (1965); D. S. Felsenthal and M. Machover (1998).

    Examples
    --------
    >>> import mediation_sim as ms
    >>> from mediation_sim.games import WeightedVotingGame
    >>> eec = WeightedVotingGame(12, [4, 4, 4, 2, 2, 1])
    >>> (ms.solvers.banzhaf_index(eec).values * 21).round(12).tolist()   # 5, 5, 5, 3, 3, 0 / 21
    [5.0, 5.0, 5.0, 3.0, 3.0, 0.0]
    """
    func = "banzhaf_index"
    game = _check_game(game, func=func)
    chosen = _check_method(method, _METHODS, func=func)
    if chosen == "auto":
        if isinstance(game, WeightedVotingGame) and game.has_integer_weights:
            chosen = "dp"
        elif game.n_players <= MAX_TU_PLAYERS:
            chosen = "exact"
        else:
            chosen = "sampling"
    params: dict[str, object] = {
        "normalized": normalized,
        "method": chosen,
        "n_samples": n_samples,
        "rng": repr(rng),
    }
    n = game.n_players
    used: int | None = None
    if chosen == "exact":
        raw = _exact_marginals(_table(game, func=func), n, np.full(n, 2.0 ** -(n - 1)))
        se = np.zeros(n)
    elif chosen == "dp":
        swings = _swings_dp(_weighted(game, func=func), by_size=False)[:, 0]
        raw = swings / 2.0 ** (n - 1)
        se = np.zeros(n)
    else:
        used = check_positive_int(n_samples, func=func, name="n_samples", minimum=2)
        raw, se = _sample_banzhaf(game, used, solver_rng(rng, func=func))
    if normalized:
        total = raw.sum()
        if total <= 0:
            raise InvalidArgumentError(
                f"{func}(): every player's Banzhaf value is zero, so the index is undefined"
            )
        raw = raw / total
        se = se / total
    return PowerIndexResult(
        game,
        "banzhaf" if normalized else "banzhaf_raw",
        _ro(np.asarray(raw, dtype=np.float64)),
        _ro(np.asarray(se, dtype=np.float64)),
        chosen,
        used,
        MappingProxyType(params),
    )


def _sample_banzhaf(
    game: TUGame | WeightedVotingGame, n_samples: int, rng: np.random.Generator
) -> tuple[FloatArray, FloatArray]:
    n = game.n_players
    total = np.zeros(n)
    total_sq = np.zeros(n)
    done = 0
    while done < n_samples:
        m = min(_CHUNK, n_samples - done)
        base = rng.random((m, n)) < 0.5
        for i in range(n):
            with_i = base.copy()
            with_i[:, i] = True
            without = base.copy()
            without[:, i] = False
            gain = game.values_of(with_i) - game.values_of(without)
            total[i] += gain.sum()
            total_sq[i] += (gain**2).sum()
        done += m
    mean = total / n_samples
    var = np.maximum(total_sq / n_samples - mean**2, 0.0)
    return mean, np.sqrt(var / max(n_samples - 1, 1))


# ---------------------------------------------------------------------- the core
@dataclass(frozen=True, slots=True, repr=False, eq=False)
class CoreCheck(Result):
    """How far an allocation is from the core.

    Attributes
    ----------
    allocation : ndarray
        The allocation checked.
    efficiency_gap : float
        ``x(N) - v(N)`` (0 for an efficient allocation).
    max_excess : float
        ``max over nonempty S != N of v(S) - x(S)``: positive when some
        coalition would do better on its own.
    worst_coalition : tuple of str
        A coalition attaining ``max_excess``.
    in_core : bool
        Efficient and no positive excess, within the tolerance.
    """

    allocation: FloatArray
    efficiency_gap: float
    max_excess: float
    worst_coalition: tuple[str, ...]
    in_core: bool

    def _summary(self) -> dict[str, Any]:
        """JSON-serialisable form."""
        return {
            "allocation": self.allocation.tolist(),
            "efficiency_gap": self.efficiency_gap,
            "max_excess": self.max_excess,
            "worst_coalition": list(self.worst_coalition),
            "in_core": self.in_core,
        }

    def __repr__(self) -> str:
        gap = self.efficiency_gap if abs(self.efficiency_gap) > 1e-12 else 0.0
        return (
            f"CoreCheck(in_core={self.in_core}, max_excess={self.max_excess:.4g}, "
            f"worst_coalition={self.worst_coalition}, efficiency_gap={gap:.3g})"
        )

    def _repr_html_(self) -> str:
        return f"<p><b>{html.escape(repr(self))}</b></p>"


def core_violation(
    game: TUGame | WeightedVotingGame, allocation: ArrayLike, *, tol: float = DEFAULT_TOL
) -> CoreCheck:
    """Check an allocation against the core: efficiency and every coalition's excess.

    Algorithm: the total ``x(S)`` of every coalition is built by doubling
    (``x(S | 2**i) = x(S) + x_i`` for the ``2**i`` coalitions of the first
    ``i`` players), then the excesses ``v(S) - x(S)`` of all coalitions are
    one array subtraction.

    Parameters
    ----------
    game : TUGame or WeightedVotingGame
        At most :data:`~mediation_sim.games.coalitional.MAX_TU_PLAYERS` players.
    allocation : array_like
        One payoff per player.
    tol : float, default 1e-8
        Relative to the largest absolute worth (or 1).

    Returns
    -------
    CoreCheck

    Raises
    ------
    InvalidArgumentError
        If the allocation has the wrong length or is not finite.
    GameTooLargeError
        If the game has too many players to enumerate.

    See Also
    --------
    in_core, shapley_value

    Examples
    --------
    In the glove game the core is the single point (1, 0, 0): the scarce
    left glove takes everything.

    >>> import mediation_sim as ms
    >>> from mediation_sim.games import TUGame
    >>> glove = TUGame.from_function(["L", "R1", "R2"], lambda m: m[:, 0] & (m[:, 1] | m[:, 2]))
    >>> ms.solvers.core_violation(glove, [1, 0, 0]).in_core
    True
    >>> ms.solvers.core_violation(glove, [2/3, 1/6, 1/6])
    CoreCheck(in_core=False, max_excess=0.1667, worst_coalition=('L', 'R1'), efficiency_gap=0)
    """
    func = "core_violation"
    game = _check_game(game, func=func)
    tol = check_tol(tol, func=func)
    values = _table(game, func=func)
    n = game.n_players
    try:
        x = np.array(allocation, dtype=np.float64).reshape(-1)
    except (TypeError, ValueError):
        raise InvalidArgumentError(f"{func}(): allocation must be numbers") from None
    if x.shape != (n,) or not np.isfinite(x).all():
        raise InvalidArgumentError(
            f"{func}(): allocation must be {n} finite numbers, got shape {x.shape}"
        )
    sums = np.zeros(2**n)
    for i in range(n):
        sums[2**i : 2 ** (i + 1)] = sums[: 2**i] + x[i]
    excess = values - sums
    inner = excess[1:-1] if n > 1 else np.zeros(0)
    if inner.size:
        k = int(np.argmax(inner)) + 1
        worst = float(inner.max())
    else:
        k, worst = 0, -np.inf
    members = coalition_members([k], n)[0]
    coalition = tuple(p for p, inside in zip(game.players, members, strict=True) if inside)
    gap = float(x.sum() - values[-1])
    scale = max(float(np.abs(values).max()), 1.0) * tol
    ok = abs(gap) <= scale and worst <= scale
    return CoreCheck(_ro(x.copy()), gap, worst, coalition, bool(ok))


def in_core(
    game: TUGame | WeightedVotingGame, allocation: ArrayLike, *, tol: float = DEFAULT_TOL
) -> bool:
    """Whether ``allocation`` is in the core (see :func:`core_violation`).

    Examples
    --------
    >>> import mediation_sim as ms
    >>> from mediation_sim.games import TUGame
    >>> majority = TUGame.from_function(3, lambda m: m.sum(axis=1) >= 2)
    >>> ms.solvers.in_core(majority, [1/3, 1/3, 1/3])    # the majority game has an empty core
    False
    """
    return core_violation(game, allocation, tol=tol).in_core
