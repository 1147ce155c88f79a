r"""Coalitional games with transferable utility, and weighted voting games.

A TU game on ``n`` players assigns a worth ``v(S)`` to every coalition ``S``.
Coalitions are stored as **bitmasks**: coalition ``S`` is the integer
``sum(2**i for i in S)``, so ``values[0]`` is the empty coalition and
``values[2**n - 1]`` the grand coalition. All methods work on whole arrays of
coalitions at once.

>>> from mediation_sim.games import TUGame, WeightedVotingGame
>>> glove = TUGame.from_function(["left", "right_1", "right_2"],
...                              lambda m: m[:, 0] & (m[:, 1] | m[:, 2]))
>>> glove.value({"left", "right_2"}), glove.value({"right_1", "right_2"})
(1.0, 0.0)
>>> council = WeightedVotingGame(12, [4, 4, 4, 2, 2, 1])
>>> council.value([0, 1, 2]), council.value([0, 3, 4, 5])
(1.0, 0.0)
"""

from __future__ import annotations

import abc
import html
import numbers
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeAlias, TypeGuard

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .._errors import (
    GameShapeError,
    GameTooLargeError,
    InvalidArgumentError,
    InvalidPayoffError,
    UnknownNameError,
)
from .._results import register_reducible
from .._validation import check_labels

__all__ = [
    "MAX_TU_PLAYERS",
    "Coalition",
    "TUGame",
    "WeightedVotingGame",
    "coalition_members",
    "popcount",
]

#: Largest number of players whose characteristic function is stored as a
#: table (``2**20`` values, 8 MB). Larger games are refused before allocating.
MAX_TU_PLAYERS = 20

FloatArray: TypeAlias = NDArray[np.float64]
BoolArray: TypeAlias = NDArray[np.bool_]
#: A coalition: a bitmask, or an iterable of player names or indices.
Coalition: TypeAlias = "int | Iterable[str | int]"


def popcount(masks: ArrayLike) -> NDArray[np.int64]:
    """Number of members of each coalition bitmask (vectorised).

    Examples
    --------
    >>> from mediation_sim.games.coalitional import popcount
    >>> popcount([0, 1, 3, 7, 2**40 + 5]).tolist()
    [0, 1, 2, 3, 3]
    """
    x = np.asarray(masks, dtype=np.uint64).copy()
    x = x - ((x >> np.uint64(1)) & np.uint64(0x5555555555555555))
    x = (x & np.uint64(0x3333333333333333)) + ((x >> np.uint64(2)) & np.uint64(0x3333333333333333))
    x = (x + (x >> np.uint64(4))) & np.uint64(0x0F0F0F0F0F0F0F0F)
    out: NDArray[np.int64] = ((x * np.uint64(0x0101010101010101)) >> np.uint64(56)).astype(np.int64)
    return out


def coalition_members(masks: ArrayLike, n_players: int) -> BoolArray:
    """Membership matrix of bitmasks: ``out[k, i]`` is True when player ``i`` is in ``masks[k]``.

    Examples
    --------
    >>> from mediation_sim.games.coalitional import coalition_members
    >>> coalition_members([5], 3).tolist()
    [[True, False, True]]
    """
    m = np.asarray(masks, dtype=np.int64).reshape(-1)
    bits = (m[:, None] >> np.arange(n_players, dtype=np.int64)[None, :]) & 1
    out: BoolArray = bits.astype(bool)
    return out


def _is_index(x: object) -> TypeGuard[int]:
    return isinstance(x, numbers.Integral) and not isinstance(x, bool)


def _check_players(players: object, *, func: str) -> tuple[str, ...]:
    if _is_index(players):
        n = int(players)
        if n < 1:
            raise InvalidArgumentError(f"{func}: the number of players must be at least 1")
        return tuple(f"p{i + 1}" for i in range(n))
    if isinstance(players, str) or not isinstance(players, Sequence):
        raise InvalidArgumentError(f"{func}: players must be a count or a sequence of names")
    if not players:
        raise InvalidArgumentError(f"{func}: there must be at least one player")
    return check_labels(players, count=len(players), what="players", func=func)


def _refuse_size(n: int, *, func: str) -> None:
    if n > MAX_TU_PLAYERS:
        raise GameTooLargeError(
            f"{func}: a table of all coalitions of {n} players has {2**n:,} entries, above the "
            f"limit of 2**{MAX_TU_PLAYERS} (mediation_sim.games.coalitional.MAX_TU_PLAYERS); "
            "use a WeightedVotingGame or sampling methods for large games"
        )


class _Coalitional(abc.ABC):
    """Shared behaviour: players, coalition lookup."""

    __slots__ = ("_players",)

    _players: tuple[str, ...]

    @property
    def players(self) -> tuple[str, ...]:
        """Player names."""
        return self._players

    @property
    def n_players(self) -> int:
        """Number of players."""
        return len(self._players)

    def mask(self, coalition: Coalition) -> int:
        """The bitmask of a coalition given as names, indices or a bitmask.

        Raises
        ------
        UnknownNameError
            If a member is not a player.
        InvalidArgumentError
            If a bitmask is out of range.
        """
        n = self.n_players
        raw: object = coalition
        if _is_index(raw):
            m = int(raw)
            if not 0 <= m < 2**n:
                raise InvalidArgumentError(
                    f"coalition bitmask {m} is out of range for {n} players (0 to 2**{n} - 1)"
                )
            return m
        if isinstance(raw, str) or not isinstance(raw, Iterable):
            raise InvalidArgumentError(
                f"a coalition is a bitmask or an iterable of player names or indices, got {raw!r}"
            )
        m = 0
        member: object
        for member in raw:
            if _is_index(member):
                if not 0 <= int(member) < n:
                    raise UnknownNameError(f"no player with index {member}; there are {n}")
                m |= 1 << int(member)
            elif isinstance(member, str) and member in self._players:
                m |= 1 << self._players.index(member)
            else:
                raise UnknownNameError(
                    f"unknown player {member!r}; the players are {list(self._players)}"
                )
        return m

    @abc.abstractmethod
    def values_of(self, members: ArrayLike) -> FloatArray:
        """Worths of many coalitions given as a boolean membership matrix ``(m, n_players)``."""

    def value(self, coalition: Coalition) -> float:
        """The worth ``v(S)`` of one coalition (names, indices or a bitmask)."""
        m = self.mask(coalition)
        return float(self.values_of(coalition_members([m], self.n_players))[0])


class TUGame(_Coalitional):
    """A transferable-utility game given by the worth of every coalition.

    Parameters
    ----------
    values : array_like, shape (2**n,)
        ``values[S]`` is the worth of the coalition with bitmask ``S``; the
        empty coalition's worth ``values[0]`` must be 0.
    players : sequence of str, optional
        Player names (default ``p1, p2, ...``).

    Raises
    ------
    GameShapeError
        If the length is not a power of two.
    InvalidPayoffError
        If a worth is not finite, or the empty coalition's worth is not 0.
    GameTooLargeError
        If there are more than :data:`MAX_TU_PLAYERS` players.

    See Also
    --------
    WeightedVotingGame
    mediation_sim.solvers.shapley_value, mediation_sim.solvers.core_violation

    Examples
    --------
    Three parties share 1 if any two of them agree (majority game):

    >>> from mediation_sim.games import TUGame
    >>> g = TUGame.from_function(3, lambda m: m.sum(axis=1) >= 2)
    >>> g.values.tolist()
    [0.0, 0.0, 0.0, 1.0, 0.0, 1.0, 1.0, 1.0]
    >>> g.is_superadditive(), g.is_convex()
    (True, False)
    """

    __slots__ = ("_values",)

    def __init__(self, values: ArrayLike, players: Sequence[str] | None = None) -> None:
        func = "TUGame()"
        try:
            arr = np.array(values, dtype=np.float64).reshape(-1)
        except (TypeError, ValueError):
            raise InvalidPayoffError(f"{func}: values must be numbers") from None
        size = arr.size
        n = size.bit_length() - 1
        if size < 2 or 2**n != size:
            raise GameShapeError(
                f"{func}: values must have length 2**n_players (one per coalition), got {size}"
            )
        _refuse_size(n, func=func)
        if not np.isfinite(arr).all():
            bad = int(np.flatnonzero(~np.isfinite(arr))[0])
            raise InvalidPayoffError(f"{func}: the worth of coalition {bad} is not finite")
        if arr[0] != 0:
            raise InvalidPayoffError(f"{func}: the empty coalition must be worth 0, got {arr[0]!r}")
        self._players = _check_players(n if players is None else players, func=func)
        if len(self._players) != n:
            raise GameShapeError(f"{func}: {len(self._players)} player names for {n} players")
        arr.flags.writeable = False
        self._values: FloatArray = arr

    @classmethod
    def from_function(
        cls,
        players: int | Sequence[str],
        worth: Callable[[BoolArray], ArrayLike],
    ) -> TUGame:
        """Build the table from a vectorised characteristic function.

        Parameters
        ----------
        players : int or sequence of str
            Number of players or their names.
        worth : callable
            ``worth(members) -> values``: ``members`` is a boolean matrix
            ``(2**n, n)`` (row ``S`` lists the members of coalition ``S``);
            the result has one value per row. The empty coalition's value is
            set to 0.

        Returns
        -------
        TUGame

        Raises
        ------
        GameTooLargeError
            If there are more than :data:`MAX_TU_PLAYERS` players (before evaluating).
        InvalidPayoffError
            If ``worth`` returns the wrong shape or non-finite values.

        Examples
        --------
        >>> from mediation_sim.games import TUGame
        >>> TUGame.from_function(2, lambda m: m.sum(axis=1) ** 2).values.tolist()
        [0.0, 1.0, 1.0, 4.0]
        """
        names = _check_players(players, func="TUGame.from_function()")
        n = len(names)
        _refuse_size(n, func="TUGame.from_function()")
        members = coalition_members(np.arange(2**n), n)
        try:
            values = np.asarray(worth(members), dtype=np.float64).reshape(-1)
        except (TypeError, ValueError) as exc:
            raise InvalidPayoffError(
                f"TUGame.from_function(): worth failed on the membership matrix ({exc})"
            ) from None
        if values.shape != (2**n,):
            raise InvalidPayoffError(
                f"TUGame.from_function(): worth must return {2**n} values (one per coalition), "
                f"got shape {values.shape}"
            )
        values = values.copy()
        values[0] = 0.0
        return cls(values, names)

    @classmethod
    def from_dict(
        cls, players: Sequence[str], worths: Mapping[Any, float], *, default: float = 0.0
    ) -> TUGame:
        """Build the table from ``{coalition: worth}``; unlisted coalitions get ``default``.

        Examples
        --------
        >>> from mediation_sim.games import TUGame
        >>> g = TUGame.from_dict(["a", "b"], {("a",): 1, ("b",): 2, ("a", "b"): 4})
        >>> g.values.tolist()
        [0.0, 1.0, 2.0, 4.0]
        """
        names = _check_players(players, func="TUGame.from_dict()")
        _refuse_size(len(names), func="TUGame.from_dict()")
        table = TUGame(np.zeros(2 ** len(names)), names)
        values = np.full(2 ** len(names), float(default))
        values[0] = 0.0
        for coalition, worth in worths.items():
            values[table.mask(coalition)] = worth
        return cls(values, names)

    @property
    def values(self) -> FloatArray:
        """Read-only worths indexed by coalition bitmask."""
        return self._values

    @property
    def grand_value(self) -> float:
        """Worth of the grand coalition."""
        return float(self._values[-1])

    def values_of(self, members: ArrayLike) -> FloatArray:
        """Worths of coalitions given as a boolean membership matrix ``(m, n_players)``."""
        mem = np.asarray(members, dtype=bool)
        if mem.ndim != 2 or mem.shape[1] != self.n_players:
            raise GameShapeError(
                f"values_of(): members must have shape (m, {self.n_players}), got {mem.shape}"
            )
        masks = (mem.astype(np.int64) << np.arange(self.n_players, dtype=np.int64)).sum(axis=1)
        out: FloatArray = self._values[masks]
        return out

    def is_superadditive(self, *, tol: float = 1e-9) -> bool:
        """Whether ``v(S ∪ T) >= v(S) + v(T)`` for all disjoint ``S, T`` (within ``tol``)."""
        n = self.n_players
        masks = np.arange(2**n)
        for s in range(1, 2**n):
            rest = masks[(masks & s) == 0]
            if (self._values[rest | s] < self._values[rest] + self._values[s] - tol).any():
                return False
        return True

    def is_convex(self, *, tol: float = 1e-9) -> bool:
        """Whether marginal contributions grow with the coalition (supermodularity).

        Checked as ``v(S ∪ i) - v(S) <= v(T ∪ i) - v(T)`` for ``S ⊂ T`` by the
        equivalent local condition ``v(S∪i) + v(S∪j) <= v(S∪i∪j) + v(S)``.
        """
        n = self.n_players
        masks = np.arange(2**n)
        v = self._values
        for i in range(n):
            for j in range(i + 1, n):
                s = masks[(masks & ((1 << i) | (1 << j))) == 0]
                lhs = v[s | (1 << i)] + v[s | (1 << j)]
                rhs = v[s | (1 << i) | (1 << j)] + v[s]
                if (lhs > rhs + tol).any():
                    return False
        return True

    def __add__(self, other: object) -> TUGame:
        if not isinstance(other, TUGame):
            return NotImplemented
        if other._players != self._players:
            raise GameShapeError("TUGame + TUGame: the games must have the same players")
        return TUGame(self._values + other._values, self._players)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, TUGame):
            return NotImplemented
        return self._players == other._players and bool(np.array_equal(self._values, other._values))

    def __hash__(self) -> int:
        return hash((self._players, self._values.tobytes()))

    def __reduce__(self) -> tuple[Any, ...]:
        return (TUGame, (np.array(self._values), self._players))

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form: players and worths by bitmask."""
        return {"players": list(self._players), "values": self._values.tolist()}

    def __repr__(self) -> str:
        return f"TUGame({self.n_players} players, v(N)={self.grand_value:.6g})"

    def _repr_html_(self) -> str:
        esc = html.escape
        rows = []
        for m in range(min(2**self.n_players, 64)):
            members = [p for i, p in enumerate(self._players) if m >> i & 1]
            rows.append(
                f"<tr><td>{esc('{' + ', '.join(members) + '}')}</td>"
                f"<td>{self._values[m]:.6g}</td></tr>"
            )
        return f"<p><b>{esc(repr(self))}</b></p><table>{''.join(rows)}</table>"


class WeightedVotingGame(_Coalitional):
    """A simple game: a coalition wins (worth 1) when its members' weights reach the quota.

    Parameters
    ----------
    quota : float
        Total weight a coalition needs to win (positive).
    weights : array_like of float
        Non-negative voting weights, one per player.
    players : sequence of str, optional
        Player names (default ``p1, p2, ...``).

    Raises
    ------
    InvalidArgumentError
        If the quota is not positive, a weight is negative, or the quota
        exceeds the total weight (no coalition could win).

    See Also
    --------
    mediation_sim.solvers.shapley_shubik_index, mediation_sim.solvers.banzhaf_index

    Notes
    -----
    Usually written ``[q; w_1, ..., w_n]``. Any number of players is allowed:
    worths are computed from the weights, never tabulated, so power indices
    can be sampled (or, for integer weights, computed exactly by dynamic
    programming) for large bodies such as the EU Council.

    Examples
    --------
    The UN Security Council since 1966: five permanent members with a veto
    and ten elected members; a resolution needs nine votes including all
    five permanent ones, i.e. ``[39; 7, 7, 7, 7, 7, 1, ..., 1]``.

    >>> from mediation_sim.games import WeightedVotingGame
    >>> unsc = WeightedVotingGame(39, [7] * 5 + [1] * 10)
    >>> unsc.value(range(9)), unsc.value(range(1, 15))
    (1.0, 0.0)
    >>> unsc.is_proper
    True
    """

    __slots__ = ("_quota", "_weights")

    def __init__(
        self, quota: float, weights: ArrayLike, players: Sequence[str] | None = None
    ) -> None:
        func = "WeightedVotingGame()"
        try:
            w = np.array(weights, dtype=np.float64).reshape(-1)
        except (TypeError, ValueError):
            raise InvalidArgumentError(f"{func}: weights must be numbers") from None
        if w.size == 0:
            raise InvalidArgumentError(f"{func}: there must be at least one player")
        if not np.isfinite(w).all() or (w < 0).any():
            raise InvalidArgumentError(f"{func}: weights must be finite and non-negative")
        q: object = quota
        if (
            isinstance(q, bool)
            or not isinstance(q, numbers.Real)
            or not (np.isfinite(float(q)) and float(q) > 0)
        ):
            raise InvalidArgumentError(f"{func}: quota must be a positive number, got {quota!r}")
        if quota > w.sum():
            raise InvalidArgumentError(
                f"{func}: the quota {quota:g} exceeds the total weight {w.sum():g}; "
                "no coalition could win"
            )
        self._players = _check_players(w.size if players is None else players, func=func)
        if len(self._players) != w.size:
            raise GameShapeError(f"{func}: {len(self._players)} names for {w.size} weights")
        w.flags.writeable = False
        self._weights: FloatArray = w
        self._quota: float = float(quota)

    @property
    def weights(self) -> FloatArray:
        """Read-only voting weights."""
        return self._weights

    @property
    def quota(self) -> float:
        """The winning quota."""
        return self._quota

    @property
    def is_proper(self) -> bool:
        """Whether two disjoint coalitions cannot both win (quota above half the total weight)."""
        return bool(self._quota > self._weights.sum() / 2)

    @property
    def has_integer_weights(self) -> bool:
        """Whether weights and quota are whole numbers (exact dynamic programming applies)."""
        vals = np.append(self._weights, self._quota)
        return bool((vals == np.round(vals)).all())

    def values_of(self, members: ArrayLike) -> FloatArray:
        """Worths (1 or 0) of coalitions given as a boolean membership matrix ``(m, n)``."""
        mem = np.asarray(members, dtype=bool)
        if mem.ndim != 2 or mem.shape[1] != self.n_players:
            raise GameShapeError(
                f"values_of(): members must have shape (m, {self.n_players}), got {mem.shape}"
            )
        total = np.einsum("kj,j->k", mem.astype(np.float64), self._weights)
        out: FloatArray = (total >= self._quota - 1e-9 * max(1.0, self._quota)).astype(np.float64)
        return out

    def to_tu_game(self) -> TUGame:
        """The same game as a :class:`TUGame` table (at most :data:`MAX_TU_PLAYERS` players)."""
        return TUGame.from_function(self._players, self.values_of)

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form."""
        return {
            "players": list(self._players),
            "quota": self._quota,
            "weights": self._weights.tolist(),
        }

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, WeightedVotingGame):
            return NotImplemented
        return (
            self._players == other._players
            and self._quota == other._quota
            and bool(np.array_equal(self._weights, other._weights))
        )

    def __hash__(self) -> int:
        return hash((self._players, self._quota, self._weights.tobytes()))

    def __reduce__(self) -> tuple[Any, ...]:
        return (WeightedVotingGame, (self._quota, np.array(self._weights), self._players))

    def __repr__(self) -> str:
        shown = ", ".join(f"{w:g}" for w in self._weights[:12])
        more = ", ..." if self.n_players > 12 else ""
        return f"WeightedVotingGame([{self._quota:g}; {shown}{more}])"

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>{html.escape(p)}</td><td>{w:g}</td></tr>"
            for p, w in zip(self._players, self._weights, strict=True)
        )
        return (
            f"<p><b>{html.escape(repr(self))}</b></p><table><tr><th>player</th>"
            f"<th>weight</th></tr>{rows}</table>"
        )


register_reducible(TUGame, TUGame)
register_reducible(WeightedVotingGame, WeightedVotingGame)
