r"""Games in strategic (normal) form.

The payoff-array convention
---------------------------
A game with :math:`n` players, where player :math:`i` has :math:`s_i` pure
strategies, is stored as **one** float array of shape ``(n, s_1, ..., s_n)``:
``payoffs[i][a_1, ..., a_n]`` is player ``i``'s payoff when player ``j`` plays
strategy ``a_j``. Axis ``j + 1`` is always player ``j``'s strategy, *whichever
player's payoff is being read*.

>>> import mediation_sim as ms
>>> pd = ms.NormalFormGame([[[3, 0], [5, 1]],   # row player's payoffs
...                         [[3, 5], [0, 1]]],  # column player's payoffs
...                        players=["row", "col"],
...                        strategies=[["cooperate", "defect"], ["cooperate", "defect"]])
>>> pd.shape
(2, 2)
>>> float(pd.payoffs[1][0, 1])   # column's payoff when row cooperates and column defects
5.0
>>> pd.is_nash((1, 1))
True

Beware
    Other libraries use other layouts. QuantEcon stores each player's array
    with *that player's own action first* and the others in cyclic order
    (``payoff_array[a_i, a_{i+1}, ..., a_{i-1}]``); nashpy stores a
    two-player game as two matrices ``A, B`` indexed ``[row, column]`` (our
    ``payoffs[0], payoffs[1]``); Gambit's ``.nfg`` files list payoffs with the
    *first* player's strategy changing fastest (Fortran order). Use
    :mod:`mediation_sim.games.convert` and :mod:`mediation_sim.io`, which are
    round-trip tested, rather than transposing by hand.

Tolerances
----------
Every ``tol`` in mediation_sim is *relative to the game's payoff range*
(:attr:`NormalFormGame.payoff_range`, the largest minus the smallest payoff
of any player, or 1 for a constant game): a profile is accepted as an
equilibrium when its regret is at most ``tol * payoff_range``. So multiplying
all payoffs by 1,000 does not change which profiles a solver accepts.

The verifier works in a *normalised frame*: payoffs are first scaled by a power
of two so that the largest magnitude is below one (exact, and free of
overflow), then shifted by their minimum. Regrets are computed and compared
with the bound in that frame and only then scaled back to payoff units, so the
verdict is the same at every finite scale and offset (a game with payoffs
near ``±1.7e308``, whose range overflows to ``inf``, is verified as soundly as
matching pennies). Every solver decorated with ``@nash_solver`` runs on a copy
of the game mapped affinely onto ``[0, 1]``
(:meth:`NormalFormGame.normalised`), and its candidates are verified against
the original game.

Profiles are probability vectors. A vector whose entries are at least
``-1e-8`` and whose sum is within ``1e-8`` of one is accepted, clipped at zero
and *renormalised* to sum to one exactly (so that the slack cannot hide
regret); anything further off the simplex is refused with
:class:`~mediation_sim.InvalidProfileError`.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeAlias

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .._errors import (
    GameShapeError,
    GameTooLargeError,
    InvalidArgumentError,
    InvalidPayoffError,
    InvalidProfileError,
    UnknownNameError,
)
from .._results import register_dataclass, register_reducible
from .._validation import DEFAULT_TOL, check_labels, check_tol
from ._coerce import (
    _coerce_vectors,
    _is_index,
    _mapping_to_pure,
    _pure_vectors,
    _sequence_to_pure,
    stack_vectors,
)
from ._regret import (
    PayoffFrame,
    _deviation_payoffs,
    _player_regrets,
    batch_player_regrets,
    payoff_frame,
)

# PayoffFrame, batch_player_regrets, frame_regret, game_frame, payoff_frame and
# stack_vectors are the shared verifier's kernels for mediation_sim.solvers; they are
# not re-exported by mediation_sim.games.
__all__ = [
    "MAX_PAYOFF_ENTRIES",
    "MAX_PLAYERS",
    "MixedProfile",
    "NormalFormGame",
    "PayoffFrame",
    "ProfileLike",
    "batch_player_regrets",
    "check_game_size",
    "frame_regret",
    "game_frame",
    "payoff_frame",
    "stack_vectors",
]

#: Largest number of payoff entries (``n_players * prod(shape)``) a game may
#: have. Games above it are refused *before* any array is allocated, with the
#: size in the message. 5e7 float64 entries are 400 MB.
MAX_PAYOFF_ENTRIES = 50_000_000

#: Most players a game may have: the payoff array has one axis per player plus
#: one, and NumPy arrays have at most 64 axes.
MAX_PLAYERS = 63


#: Games with at most this many payoff entries keep their verifier frame
#: (:func:`payoff_frame`) cached; larger ones recompute it when needed.
_FRAME_CACHE_ENTRIES = 4_000_000

FloatArray: TypeAlias = NDArray[np.float64]

#: Anything :meth:`NormalFormGame.as_profile` accepts: a pure profile as a
#: sequence of strategy indices or labels, a sequence of per-player
#: probability vectors, a mapping ``player -> label | {label: prob} | vector``,
#: or a :class:`MixedProfile`.
ProfileLike: TypeAlias = "MixedProfile | Sequence[Any] | Mapping[str, Any] | NDArray[Any]"


def check_game_size(shape: Sequence[int], *, what: str = "game") -> int:
    """Refuse a game shape whose payoff tensor would be too large to enumerate.

    Parameters
    ----------
    shape : sequence of int
        Number of pure strategies of each player.
    what : str, default "game"
        What is being built, for the error message.

    Returns
    -------
    int
        The number of payoff entries, ``len(shape) * prod(shape)``.

    Raises
    ------
    GameTooLargeError
        If the count exceeds :data:`MAX_PAYOFF_ENTRIES`, or there are more
        than :data:`MAX_PLAYERS` players.

    Examples
    --------
    >>> from mediation_sim.games.normal_form import check_game_size
    >>> check_game_size((3, 3, 2))
    54
    """
    if len(shape) > MAX_PLAYERS:
        raise GameTooLargeError(
            f"{what} has {len(shape)} players, above the limit of {MAX_PLAYERS} (NumPy arrays "
            "have at most 64 axes, and the payoff array has one per player plus one)"
        )
    n_profiles = math.prod(int(s) for s in shape)
    entries = len(shape) * n_profiles
    if entries > MAX_PAYOFF_ENTRIES:
        raise GameTooLargeError(
            f"{what} with strategy counts {tuple(int(s) for s in shape)} has "
            f"{n_profiles:,} profiles and {entries:,} payoff entries, above the limit of "
            f"{MAX_PAYOFF_ENTRIES:,} (mediation_sim.games.normal_form.MAX_PAYOFF_ENTRIES); "
            "reduce the strategy sets or eliminate dominated strategies first"
        )
    return entries


def _readonly(array: NDArray[Any]) -> NDArray[Any]:
    array.flags.writeable = False
    return array


def _as_payoff_array(payoffs: ArrayLike | NormalFormGame) -> FloatArray:
    """Validate and copy a payoff array (shape, finiteness, size) without trusting the input."""
    if isinstance(payoffs, NormalFormGame):
        return payoffs.payoffs
    try:
        shape = np.shape(payoffs)
    except ValueError as exc:  # ragged nested lists
        raise GameShapeError(
            f"NormalFormGame(): payoffs must be a rectangular array of shape "
            f"(n_players, s_1, ..., s_n); nested lists are ragged ({exc})"
        ) from None
    if len(shape) < 2:
        raise GameShapeError(
            "NormalFormGame(): payoffs must have shape (n_players, s_1, ..., s_n), "
            f"so at least 2 dimensions; got shape {shape}"
        )
    n_players = shape[0]
    if n_players != len(shape) - 1:
        raise GameShapeError(
            "NormalFormGame(): payoffs must have shape (n_players, s_1, ..., s_n) with one "
            f"strategy axis per player; got shape {shape}: {n_players} players but "
            f"{len(shape) - 1} strategy axes"
        )
    for i, s in enumerate(shape[1:]):
        if s == 0:
            raise GameShapeError(f"NormalFormGame(): player {i} has an empty strategy set")
    check_game_size(shape[1:])
    try:
        raw = np.asarray(payoffs)
    except (ValueError, TypeError) as exc:
        raise InvalidPayoffError(f"NormalFormGame(): payoffs are not numeric ({exc})") from None
    if raw.dtype.kind not in "biuf":
        raise InvalidPayoffError(
            f"NormalFormGame(): payoffs must be real numbers, got dtype {raw.dtype} "
            "(strings, objects and complex numbers are refused)"
        )
    array = np.array(raw, dtype=np.float64, copy=True)
    bad = ~np.isfinite(array)
    if bad.any():
        where = tuple(int(k) for k in np.argwhere(bad)[0])
        raise InvalidPayoffError(
            f"NormalFormGame(): payoffs must be finite; player {where[0]}'s payoff at "
            f"profile {where[1:]} is {float(array[where])!r} ({int(bad.sum())} non-finite entries)"
        )
    return _readonly(array)


def game_frame(game: NormalFormGame) -> PayoffFrame:
    """The :class:`PayoffFrame` of a game (cached on the game for moderate sizes)."""
    return game._frame()


def frame_regret(game: NormalFormGame, profile: ProfileLike) -> float:
    """The regret of ``profile`` in the game's verifier frame (see :class:`PayoffFrame`)."""
    return game._frame_regret(profile)


class NormalFormGame:
    """A finite game in strategic form with labelled players and strategies.

    Parameters
    ----------
    payoffs : array_like, shape (n_players, s_1, ..., s_n)
        ``payoffs[i][a_1, ..., a_n]`` is player ``i``'s payoff at the pure
        profile ``(a_1, ..., a_n)``. Copied into a read-only ``float64`` array.
    players : sequence of str, optional
        Distinct player names; default ``("p1", "p2", ...)``.
    strategies : sequence of sequence of str, optional
        Distinct strategy labels per player; default ``("s1", "s2", ...)``.
    title : str, default ""
        A free-text title (kept by the Gambit file readers and writers).

    Raises
    ------
    GameShapeError
        If the array is ragged, not of shape ``(n, s_1, ..., s_n)``, or a
        strategy set is empty.
    InvalidPayoffError
        If a payoff is NaN, infinite or not a real number.
    GameTooLargeError
        If ``n * prod(s_i)`` exceeds :data:`MAX_PAYOFF_ENTRIES` (checked on the
        shape, before the payoffs are copied).
    InvalidArgumentError
        If the labels have the wrong count, are empty or repeat.

    See Also
    --------
    mediation_sim.solvers.pure_nash, mediation_sim.solvers.nash_2p, mediation_sim.solvers.nash

    Notes
    -----
    Games are immutable: :attr:`payoffs` is a read-only view, and methods such
    as :meth:`restrict` and :meth:`permute` return new games.

    Examples
    --------
    Matching pennies has no pure equilibrium; the uniform profile is its
    unique (mixed) equilibrium:

    >>> import mediation_sim as ms
    >>> mp = ms.NormalFormGame([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
    >>> mp
    NormalFormGame(2 players, shape 2x2)
    >>> mp.regret((0, 0))
    2.0
    >>> mp.is_nash([[0.5, 0.5], [0.5, 0.5]])
    True
    """

    __slots__ = ("__weakref__", "_frame_cache", "_payoffs", "_players", "_strategies", "_title")

    def __init__(
        self,
        payoffs: ArrayLike | NormalFormGame,
        players: Sequence[str] | None = None,
        strategies: Sequence[Sequence[str]] | None = None,
        *,
        title: str = "",
    ) -> None:
        array = _as_payoff_array(payoffs)
        n_players = array.shape[0]
        shape = array.shape[1:]
        func = "NormalFormGame"
        if players is None:
            player_labels = tuple(f"p{i + 1}" for i in range(n_players))
        else:
            player_labels = check_labels(players, count=n_players, what="players", func=func)
        if strategies is None:
            strategy_labels = tuple(tuple(f"s{k + 1}" for k in range(s)) for s in shape)
        else:
            given: object = strategies  # checked at run time, whatever the annotation says
            if (
                isinstance(given, str)
                or not isinstance(given, Sequence | np.ndarray)
                or len(given) != n_players
            ):
                raise InvalidArgumentError(
                    f"{func}(): strategies must hold one label list per player ({n_players})"
                )
            strategy_labels = tuple(
                check_labels(
                    labels, count=s, what=f"strategies of player {player_labels[i]!r}", func=func
                )
                for i, (labels, s) in enumerate(zip(strategies, shape, strict=True))
            )
        if not isinstance(title, str):
            raise InvalidArgumentError(f"{func}(): title must be a string")
        self._payoffs = array
        self._players = player_labels
        self._strategies = strategy_labels
        self._title = title
        self._frame_cache: PayoffFrame | None = None

    @classmethod
    def _trusted(
        cls,
        array: FloatArray,
        players: tuple[str, ...],
        strategies: tuple[tuple[str, ...], ...],
        title: str,
    ) -> NormalFormGame:
        """A game from an already validated read-only array and labels (no copy, no checks)."""
        game = cls.__new__(cls)
        game._payoffs = array
        game._players = players
        game._strategies = strategies
        game._title = title
        game._frame_cache = None
        return game

    def _frame(self) -> PayoffFrame:
        """The verifier's normalised frame (cached for games of moderate size)."""
        frame = self._frame_cache
        if frame is None:
            frame = payoff_frame(self._payoffs)
            if self._payoffs.size <= _FRAME_CACHE_ENTRIES:
                self._frame_cache = frame
        return frame

    def normalised(self) -> NormalFormGame:
        """A copy of the game mapped by one positive affine map onto payoffs in ``[0, 1]``.

        The smallest payoff becomes 0 and the largest 1 (a constant game
        becomes all zeros); labels and title are kept. The map is common to
        all players, so equilibria, best responses, dominance and the
        relative ``tol`` of every solver are unchanged, and the result is free
        of the overflow and cancellation that huge scales or offsets cause.
        Every ``@nash_solver`` runs on this copy. A game already in that form
        is returned as is.

        Examples
        --------
        >>> import mediation_sim as ms
        >>> g = ms.games.matching_pennies().affine_transform(1e300, 1e300)
        >>> g.payoff_range
        2e+300
        >>> g.normalised().payoffs[0].tolist()
        [[1.0, 0.0], [0.0, 1.0]]
        """
        frame = self._frame()
        if frame.spread == 0.0:
            if not self._payoffs.any():
                return self
            unit = _readonly(np.zeros_like(self._payoffs))
        else:
            if frame.spread == 1.0 and frame.exponent == 0 and self._payoffs.min() == 0.0:
                return self
            unit = frame.shifted / frame.spread
            np.clip(unit, 0.0, 1.0, out=unit)
            _readonly(unit)
        return NormalFormGame._trusted(unit, self._players, self._strategies, self._title)

    # ------------------------------------------------------------------ basic attributes
    @property
    def payoffs(self) -> FloatArray:
        """Read-only ``float64`` payoff array of shape ``(n_players, s_1, ..., s_n)``."""
        return self._payoffs

    @property
    def n_players(self) -> int:
        """Number of players."""
        return int(self._payoffs.shape[0])

    @property
    def shape(self) -> tuple[int, ...]:
        """Number of pure strategies of each player, ``(s_1, ..., s_n)``."""
        shape: tuple[int, ...] = self._payoffs.shape[1:]
        return shape

    @property
    def n_profiles(self) -> int:
        """Number of pure-strategy profiles, ``prod(shape)``."""
        return math.prod(self.shape)

    @property
    def players(self) -> tuple[str, ...]:
        """Player names."""
        return self._players

    @property
    def strategies(self) -> tuple[tuple[str, ...], ...]:
        """Strategy labels, one tuple per player."""
        return self._strategies

    @property
    def title(self) -> str:
        """Free-text title."""
        return self._title

    @property
    def payoff_range(self) -> float:
        """Largest minus smallest payoff over all players, or 1.0 if all payoffs are equal.

        This is the scale of every relative ``tol`` in the library. It is
        computed without overflow; it is ``inf`` only when the true range
        exceeds the largest float (payoffs near ``±1.7e308``), and even then
        the verifier stays sound, since it compares regrets with the bound in
        a normalised frame.
        """
        frame = self._frame()
        return frame.to_payoff_units(frame.spread) if frame.spread > 0 else 1.0

    # ------------------------------------------------------------------ lookups
    def player_index(self, player: str | int) -> int:
        """Index of ``player``, given by name or index.

        Raises
        ------
        UnknownNameError
            If the name is unknown or the index out of range; lists the valid players.
        """
        if _is_index(player):
            if 0 <= int(player) < self.n_players:
                return int(player)
        elif isinstance(player, str) and player in self._players:
            return self._players.index(player)
        raise UnknownNameError(f"unknown player {player!r}; the players are {list(self._players)}")

    def strategy_index(self, player: str | int, strategy: str | int) -> int:
        """Index of ``strategy`` of ``player``, each given by label or index.

        Raises
        ------
        UnknownNameError
            If either is unknown; lists the player's strategies.
        """
        i = self.player_index(player)
        labels = self._strategies[i]
        if _is_index(strategy):
            if 0 <= int(strategy) < len(labels):
                return int(strategy)
        elif isinstance(strategy, str) and strategy in labels:
            return labels.index(strategy)
        raise UnknownNameError(
            f"unknown strategy {strategy!r} of player {self._players[i]!r}; "
            f"its strategies are {list(labels)}"
        )

    # ------------------------------------------------------------------ profiles
    def as_profile(self, profile: ProfileLike) -> MixedProfile:
        """Coerce any accepted profile form into a validated :class:`MixedProfile`.

        Accepted forms: a :class:`MixedProfile` of this game; a pure profile as
        a sequence of ``n_players`` strategy indices or labels; a sequence of
        ``n_players`` probability vectors; a mapping from player name to a
        strategy label, to a ``{label: probability}`` mapping, or to a vector.

        Raises
        ------
        InvalidProfileError
            If the profile has the wrong length, a vector has the wrong size,
            a probability is negative or a vector does not sum to 1.
        UnknownNameError
            If a player or strategy label is unknown.

        Examples
        --------
        >>> import mediation_sim as ms
        >>> g = ms.games.prisoners_dilemma()
        >>> g.as_profile({"row": "defect", "column": {"cooperate": 0.25, "defect": 0.75}})
        MixedProfile(row=defect, column={cooperate: 0.25, defect: 0.75})
        """
        return MixedProfile(self, _coerce_vectors(self, profile))

    def pure_profile(self, profile: Sequence[int | str] | Mapping[str, int | str]) -> MixedProfile:
        """The :class:`MixedProfile` that plays the given pure profile with probability one."""
        if isinstance(profile, Mapping):
            idx = _mapping_to_pure(self, profile)
        else:
            idx = _sequence_to_pure(self, profile)
        if idx is None:
            raise InvalidProfileError(
                "pure_profile(): every entry must be a strategy index or label"
            )
        return MixedProfile(self, _pure_vectors(self.shape, idx))

    def deviation_payoffs(self, profile: ProfileLike) -> tuple[FloatArray, ...]:
        """Each player's payoff from each pure strategy against the others' mixture.

        Returns
        -------
        tuple of ndarray
            Entry ``i`` has length ``s_i``: ``[u_i(a, sigma_{-i}) for a in S_i]``.
        """
        vectors = _coerce_vectors(self, profile)
        return _deviation_payoffs(self._payoffs, vectors)

    def expected_payoffs(self, profile: ProfileLike) -> FloatArray:
        """Expected payoff of each player under ``profile`` (shape ``(n_players,)``)."""
        vectors = _coerce_vectors(self, profile)
        dev = _deviation_payoffs(self._payoffs, vectors)
        return np.array([float(d @ v) for d, v in zip(dev, vectors, strict=True)])

    def player_regrets(self, profile: ProfileLike) -> FloatArray:
        """Each player's gain from their best unilateral deviation (shape ``(n_players,)``).

        Non-negative by construction: a player can always keep their strategy.
        """
        vectors = _coerce_vectors(self, profile)
        frame = self._frame()
        return np.array(
            [frame.to_payoff_units(float(r)) for r in _player_regrets(frame.shifted, vectors)]
        )

    def _frame_regret(self, profile: ProfileLike) -> float:
        """The regret of ``profile`` in the verifier's frame (see :class:`PayoffFrame`)."""
        vectors = _coerce_vectors(self, profile)
        return float(_player_regrets(self._frame().shifted, vectors).max())

    def regret(self, profile: ProfileLike) -> float:
        """Largest gain any player can make by a unilateral deviation.

        This is the library's single equilibrium oracle: every solver checks
        its answers with it. It is in payoff units (absolute); compare it with
        ``tol * payoff_range`` (see :meth:`is_nash`).

        Examples
        --------
        >>> import mediation_sim as ms
        >>> g = ms.games.prisoners_dilemma()
        >>> g.regret(("cooperate", "cooperate"))
        2.0
        """
        return float(self.player_regrets(profile).max())

    def is_nash(self, profile: ProfileLike, tol: float = DEFAULT_TOL) -> bool:
        """Whether ``profile`` is a Nash equilibrium up to ``tol``.

        Parameters
        ----------
        profile : profile-like
            Any form :meth:`as_profile` accepts.
        tol : float, default 1e-8
            Relative tolerance: accepted when ``regret <= tol * payoff_range``.

        Examples
        --------
        >>> import mediation_sim as ms
        >>> g = ms.games.prisoners_dilemma()
        >>> g.is_nash(("defect", "defect")), g.is_nash((0, 0))
        (True, False)
        """
        tol = check_tol(tol, func="is_nash")
        return self._frame_regret(profile) <= self._frame().bound(tol)

    # ------------------------------------------------------------------ transformations
    def restrict(self, kept: Sequence[Sequence[int]]) -> NormalFormGame:
        """The subgame in which player ``i`` may only use strategies ``kept[i]``.

        Labels and title are kept. ``kept`` holds one non-empty index sequence
        per player.
        """
        given: object = kept  # checked at run time, whatever the annotation says
        if isinstance(given, str) or not isinstance(given, Sequence | np.ndarray):
            raise GameShapeError(
                f"restrict(): kept must hold one index list per player, got {type(kept).__name__}"
            )
        if len(kept) != self.n_players:
            raise GameShapeError(
                f"restrict(): kept needs one index list per player ({self.n_players})"
            )
        index = []
        for i, ks in enumerate(kept):
            entry: object = ks
            raw = np.asarray([entry]) if isinstance(entry, str) else np.asarray(entry)
            if raw.size and (raw.dtype.kind not in "iu" or raw.dtype == np.bool_):
                raise GameShapeError(
                    f"restrict(): strategies of player {self._players[i]!r} must be given as "
                    f"integer indices, got {ks!r:.60}"
                )
            arr = raw.astype(np.intp).reshape(-1)
            if arr.size == 0:
                raise GameShapeError(
                    f"restrict(): player {self._players[i]!r} would have no strategy"
                )
            if arr.min() < 0 or arr.max() >= self.shape[i]:
                raise GameShapeError(
                    f"restrict(): strategy indices of player {self._players[i]!r} must lie in "
                    f"[0, {self.shape[i]})"
                )
            index.append(arr)
        grid: tuple[Any, ...] = np.ix_(*index)
        sub = self._payoffs[(slice(None), *grid)]
        strategies = [[self._strategies[i][k] for k in idx] for i, idx in enumerate(index)]
        return NormalFormGame(sub, self._players, strategies, title=self._title)

    def permute(
        self,
        players: Sequence[int] | None = None,
        strategies: Sequence[Sequence[int]] | None = None,
    ) -> NormalFormGame:
        """Relabel: reorder the players and/or each player's strategies.

        Parameters
        ----------
        players : sequence of int, optional
            New order: new player ``k`` is old player ``players[k]``.
        strategies : sequence of sequence of int, optional
            Indexed by *old* player: new strategy ``k`` of player ``i`` is old
            strategy ``strategies[i][k]``.

        Examples
        --------
        >>> import mediation_sim as ms
        >>> g = ms.games.battle_of_the_sexes()
        >>> h = g.permute(players=[1, 0])
        >>> h.players
        ('column', 'row')
        >>> bool(h.payoffs[0][1, 0] == g.payoffs[1][0, 1])
        True
        """
        array = self._payoffs
        labels = [list(s) for s in self._strategies]
        if strategies is not None:
            if len(strategies) != self.n_players:
                raise GameShapeError("permute(): strategies needs one permutation per player")
            for i, perm in enumerate(strategies):
                p = _check_permutation(perm, self.shape[i], what=f"strategies[{i}]")
                array = np.take(array, p, axis=i + 1)
                labels[i] = [labels[i][k] for k in p]
        order = list(range(self.n_players))
        if players is not None:
            order = list(_check_permutation(players, self.n_players, what="players"))
            array = array[order].transpose(0, *(k + 1 for k in order))
        return NormalFormGame(
            array,
            [self._players[k] for k in order],
            [labels[k] for k in order],
            title=self._title,
        )

    def affine_transform(self, scale: ArrayLike = 1.0, shift: ArrayLike = 0.0) -> NormalFormGame:
        """Apply ``u_i -> scale_i * u_i + shift_i`` to each player's payoffs.

        Positive scales leave every player's preferences over lotteries (and
        so every equilibrium) unchanged.

        Parameters
        ----------
        scale, shift : float or array_like of shape (n_players,)
            Per-player factors; scales must be positive.

        Examples
        --------
        >>> import mediation_sim as ms
        >>> g = ms.games.prisoners_dilemma().affine_transform([2.0, 10.0], [0.0, -3.0])
        >>> g.payoffs[1].tolist()
        [[27.0, 47.0], [-3.0, 7.0]]
        """
        try:
            a = np.broadcast_to(np.asarray(scale, dtype=np.float64), (self.n_players,))
            b = np.broadcast_to(np.asarray(shift, dtype=np.float64), (self.n_players,))
        except (TypeError, ValueError):
            raise InvalidArgumentError(
                "affine_transform(): scale and shift must be numbers or arrays of "
                f"{self.n_players} numbers (one per player), got {scale!r:.40} and {shift!r:.40}"
            ) from None
        if not (np.isfinite(a).all() and np.isfinite(b).all()) or (a <= 0).any():
            raise InvalidArgumentError(
                "affine_transform(): scales must be positive and finite, shifts finite"
            )
        expand = (slice(None),) + (None,) * len(self.shape)
        return NormalFormGame(
            a[expand] * self._payoffs + b[expand],
            self._players,
            self._strategies,
            title=self._title,
        )

    def with_labels(
        self,
        players: Sequence[str] | None = None,
        strategies: Sequence[Sequence[str]] | None = None,
        *,
        title: str | None = None,
    ) -> NormalFormGame:
        """A copy with new player and/or strategy labels (payoffs unchanged)."""
        return NormalFormGame(
            self._payoffs,
            self._players if players is None else players,
            self._strategies if strategies is None else strategies,
            title=self._title if title is None else title,
        )

    # ------------------------------------------------------------------ export
    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable description (``title``, ``players``, ``strategies``, ``payoffs``)."""
        return {
            "title": self._title,
            "players": list(self._players),
            "strategies": [list(s) for s in self._strategies],
            "payoffs": self._payoffs.tolist(),
        }

    # ------------------------------------------------------------------ dunder
    def __repr__(self) -> str:
        shape = "x".join(str(s) for s in self.shape)
        title = f", {self._title!r}" if self._title else ""
        return f"NormalFormGame({self.n_players} players, shape {shape}{title})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, NormalFormGame):
            return NotImplemented
        return (
            self._players == other._players
            and self._strategies == other._strategies
            and self._title == other._title
            and self._payoffs.shape == other._payoffs.shape
            and bool(np.array_equal(self._payoffs, other._payoffs))
        )

    def __hash__(self) -> int:
        return hash((self._players, self._strategies, self._title, self._payoffs.tobytes()))

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            _rebuild_game,
            (np.array(self._payoffs), self._players, self._strategies, self._title),
        )

    def _repr_html_(self) -> str:
        """HTML table for notebooks: a bimatrix for two players, a profile list otherwise."""
        esc = html.escape
        head = f"<p><b>{esc(repr(self))}</b></p>"
        if self.n_profiles > 256:
            return head
        if self.n_players == 2:
            rows = [
                "<tr><th></th>"
                + "".join(f"<th>{esc(c)}</th>" for c in self._strategies[1])
                + "</tr>"
            ]
            for r, rlabel in enumerate(self._strategies[0]):
                cells = "".join(
                    f"<td>{self._payoffs[0][r, c]:g}, {self._payoffs[1][r, c]:g}</td>"
                    for c in range(self.shape[1])
                )
                rows.append(f"<tr><th>{esc(rlabel)}</th>{cells}</tr>")
            return head + "<table>" + "".join(rows) + "</table>"
        header = "".join(f"<th>{esc(p)}</th>" for p in self._players)
        rows = [f"<tr>{header}{header}</tr>"]
        for prof in np.ndindex(*self.shape):
            labels = "".join(f"<td>{esc(self._strategies[i][a])}</td>" for i, a in enumerate(prof))
            pays = "".join(f"<td>{self._payoffs[(i, *prof)]:g}</td>" for i in range(self.n_players))
            rows.append(f"<tr>{labels}{pays}</tr>")
        return head + "<table>" + "".join(rows) + "</table>"


def _rebuild_game(
    payoffs: FloatArray,
    players: tuple[str, ...],
    strategies: tuple[tuple[str, ...], ...],
    title: str,
) -> NormalFormGame:
    return NormalFormGame(payoffs, players, strategies, title=title)


def _check_permutation(perm: Sequence[int], n: int, *, what: str) -> NDArray[np.intp]:
    arr = np.asarray(perm)
    if arr.shape != (n,) or arr.dtype.kind not in "iu" or sorted(arr.tolist()) != list(range(n)):
        raise GameShapeError(f"permute(): {what} must be a permutation of range({n})")
    return arr.astype(np.intp)


# ---------------------------------------------------------------------- numerical kernels


# ---------------------------------------------------------------------- profiles
@register_dataclass
@dataclass(frozen=True, slots=True, eq=False)
class MixedProfile:
    """A (possibly mixed) strategy profile of a game, labelled and self-verifying.

    Build one with :meth:`NormalFormGame.as_profile`; solvers return them.
    Index by player name (or index), then by strategy label:
    ``profile["moscow"]["withdraw"]``.

    Attributes
    ----------
    game : NormalFormGame
        The game the profile belongs to.
    probabilities : tuple of ndarray
        One read-only probability vector per player.

    Examples
    --------
    >>> import mediation_sim as ms
    >>> g = ms.games.matching_pennies()
    >>> x = g.as_profile([[0.5, 0.5], [0.5, 0.5]])
    >>> x["row"]["heads"]
    0.5
    >>> x.regret
    0.0
    >>> x.payoffs
    array([0., 0.])
    """

    game: NormalFormGame = field(repr=False)
    probabilities: tuple[FloatArray, ...]

    @property
    def players(self) -> tuple[str, ...]:
        """Player names of the game."""
        return self.game.players

    @property
    def payoffs(self) -> FloatArray:
        """Expected payoff of each player."""
        dev = _deviation_payoffs(self.game.payoffs, self.probabilities)
        return np.array([float(d @ v) for d, v in zip(dev, self.probabilities, strict=True)])

    @property
    def player_regrets(self) -> FloatArray:
        """Each player's best gain from a unilateral deviation."""
        return self.game.player_regrets(self)

    @property
    def regret(self) -> float:
        """Largest gain from a unilateral deviation (absolute payoff units)."""
        return float(self.player_regrets.max())

    def is_nash(self, tol: float = DEFAULT_TOL) -> bool:
        """Whether this profile is an equilibrium; see :meth:`NormalFormGame.is_nash`."""
        return self.game.is_nash(self, tol=tol)

    @property
    def support(self) -> tuple[tuple[int, ...], ...]:
        """Indices of the strategies each player uses with positive probability."""
        return tuple(tuple(int(k) for k in np.flatnonzero(v > 0)) for v in self.probabilities)

    @property
    def is_pure(self) -> bool:
        """Whether every player puts probability one on a single strategy."""
        return all(len(s) == 1 for s in self.support)

    @property
    def pure_indices(self) -> tuple[int, ...] | None:
        """The pure profile as strategy indices, or ``None`` if the profile is mixed."""
        supp = self.support
        return tuple(s[0] for s in supp) if all(len(s) == 1 for s in supp) else None

    @property
    def pure_labels(self) -> dict[str, str] | None:
        """The pure profile as ``{player: strategy label}``, or ``None`` if mixed."""
        idx = self.pure_indices
        if idx is None:
            return None
        return {
            p: self.game.strategies[i][a]
            for i, (p, a) in enumerate(zip(self.players, idx, strict=True))
        }

    def __getitem__(self, player: str | int) -> dict[str, float]:
        i = self.game.player_index(player)
        return {
            label: float(prob)
            for label, prob in zip(self.game.strategies[i], self.probabilities[i], strict=True)
        }

    def __iter__(self) -> Iterator[FloatArray]:
        return iter(self.probabilities)

    def __len__(self) -> int:
        return len(self.probabilities)

    def isclose(self, other: ProfileLike, *, atol: float = 1e-9) -> bool:
        """Whether ``other`` has the same probabilities within ``atol`` (entrywise)."""
        vectors = _coerce_vectors(self.game, other)
        return all(
            bool(np.allclose(a, b, rtol=0.0, atol=atol))
            for a, b in zip(self.probabilities, vectors, strict=True)
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form: probabilities by label, payoffs and regret."""
        return {
            "strategies": {p: self[p] for p in self.players},
            "payoffs": dict(zip(self.players, self.payoffs.tolist(), strict=True)),
            "regret": self.regret,
        }

    def _describe(self, i: int) -> str:
        probs = self.probabilities[i]
        labels = self.game.strategies[i]
        used = np.flatnonzero(probs > 0)
        if used.size == 1:
            return labels[int(used[0])]
        return "{" + ", ".join(f"{labels[k]}: {probs[k]:.4g}" for k in used) + "}"

    def __repr__(self) -> str:
        parts = ", ".join(f"{p}={self._describe(i)}" for i, p in enumerate(self.players))
        return f"MixedProfile({parts})"

    def _repr_html_(self) -> str:
        esc = html.escape
        rows = "".join(
            f"<tr><th>{esc(p)}</th><td>{esc(self._describe(i))}</td>"
            f"<td>{self.payoffs[i]:.6g}</td></tr>"
            for i, p in enumerate(self.players)
        )
        return (
            "<table><tr><th>player</th><th>strategy</th><th>expected payoff</th></tr>"
            f"{rows}</table><p>regret {self.regret:.3g}</p>"
        )


register_reducible(NormalFormGame, _rebuild_game)
