r"""Discounted stochastic games with finitely many states.

A stochastic game is played over periods. In every period the game is in one
of finitely many **states**; in state :math:`s` the players play a
normal-form **stage game** (each player :math:`i` chooses one of
:math:`m_{s,i}` actions), receive its payoffs, and the next state is drawn
from a distribution that depends on the state and on the actions played.
Player :math:`i` discounts the future by :math:`\delta_i \in [0, 1)`.

**Conventions.** ``payoffs[s]`` has shape ``(n_players, m_{s,1}, ..., m_{s,n})`` — the
:class:`~mediation_sim.NormalFormGame` convention, one array per state — and
``transitions[s]`` has shape ``(m_{s,1}, ..., m_{s,n}, n_states)``:
``transitions[s][a][t]`` is the probability of moving to state ``t`` after
profile ``a`` in state ``s``. Action sets may differ between states.

A **stationary strategy** gives every player one mixed action per state (the
same whenever the state recurs). Under a stationary profile :math:`\sigma`,
player :math:`i`'s values solve the linear system

.. math:: V_i = r_i^\sigma + \delta_i P^\sigma V_i ,

and the profile is a **stationary (Markov perfect) equilibrium** when no
player gains by a one-shot deviation in any state:

.. math:: \max_{a} \; \mathbb{E}_{\sigma_{-i}}\bigl[r_{s,i}(a, a_{-i})
          + \delta_i \textstyle\sum_t P_s(t \mid a, a_{-i})\, V_{t,i}\bigr]
          - V_{s,i} \le \text{tol} \cdot \text{payoff range}

for every state :math:`s` and player :math:`i` (the one-shot deviation
principle makes this sufficient when :math:`\delta_i < 1`). This is
:meth:`StochasticGame.regret`, the oracle every stationary solver checks its
answers with. As everywhere in the library, ``tol`` is relative to the payoff
range, here the largest minus the smallest stage payoff over all states and
players.

Examples
--------
A one-state game that always returns to itself is its stage game played
forever; its stationary equilibria are the stage game's equilibria:

>>> import mediation_sim as ms
>>> pd = ms.games.prisoners_dilemma()
>>> g = ms.games.StochasticGame([pd.payoffs], [[[[1.0], [1.0]], [[1.0], [1.0]]]], 0.9)
>>> g
StochasticGame(2 players, 1 state, discount 0.9)
>>> g.is_equilibrium([[[0, 1], [0, 1]]])     # both defect
True
"""

from __future__ import annotations

import html
import numbers
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeAlias, TypeGuard, cast

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .._errors import (
    GameShapeError,
    InvalidArgumentError,
    InvalidPayoffError,
    InvalidProfileError,
    UnknownNameError,
)
from .._results import register_dataclass, register_reducible
from .._validation import DEFAULT_TOL, check_labels, check_tol
from .normal_form import MAX_PAYOFF_ENTRIES, NormalFormGame, check_game_size

__all__ = ["StationaryStrategy", "StochasticGame", "StrategyLike"]

FloatArray: TypeAlias = NDArray[np.float64]

#: Anything :meth:`StochasticGame.as_strategy` accepts: a
#: :class:`StationaryStrategy`, or one entry per state, each a sequence of
#: per-player probability vectors or pure action indices.
StrategyLike: TypeAlias = "StationaryStrategy | Sequence[Sequence[Any]]"

_ROW_ATOL = 1e-8
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _is_index(value: object) -> TypeGuard[int]:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _readonly(array: NDArray[Any]) -> NDArray[Any]:
    array.flags.writeable = False
    return array


def _float_array(value: object, *, what: str, func: str) -> FloatArray:
    try:
        raw = np.asarray(value)
    except (ValueError, TypeError) as exc:
        raise GameShapeError(f"{func}(): {what} is not a rectangular array ({exc})") from None
    if raw.dtype == object:
        raise GameShapeError(f"{func}(): {what} is ragged or not numeric")
    if raw.dtype.kind not in "biuf":
        raise InvalidPayoffError(f"{func}(): {what} must hold real numbers, got dtype {raw.dtype}")
    array = np.array(raw, dtype=np.float64, copy=True)
    bad = ~np.isfinite(array)
    if bad.any():
        where = tuple(int(k) for k in np.argwhere(bad)[0])
        raise InvalidPayoffError(
            f"{func}(): {what} must be finite; entry {where} is {float(array[where])!r}"
        )
    return array


def contract(tensor: FloatArray, vectors: Sequence[FloatArray], keep: Sequence[int]) -> FloatArray:
    """Contract the first ``len(vectors)`` axes of ``tensor`` with ``vectors``, except ``keep``.

    Kept axes stay in order, followed by any trailing axes of ``tensor``.
    (Internal helper shared with the stationary solvers.)
    """
    n = len(vectors)
    subs = _LETTERS[:n]
    operands: list[FloatArray] = [tensor]
    terms = [subs + "..."]
    for j in range(n):
        if j not in keep:
            operands.append(vectors[j])
            terms.append(subs[j])
    out = "".join(subs[j] for j in sorted(keep)) + "..."
    result: FloatArray = np.einsum(",".join(terms) + "->" + out, *operands, optimize=n > 3)
    return result


@register_dataclass
@dataclass(frozen=True, slots=True, repr=False)
class StationaryStrategy:
    """A stationary strategy profile of a stochastic game: one mixed action per state and player.

    Build one with :meth:`StochasticGame.as_strategy`; stationary solvers
    return them. ``strategy[state]`` gives ``{player: {action: probability}}``.

    Attributes
    ----------
    game : StochasticGame
        The game the strategy belongs to.
    probabilities : tuple of tuple of ndarray
        ``probabilities[s][i]`` is player ``i``'s read-only mixed action in state ``s``.

    Examples
    --------
    >>> import mediation_sim as ms
    >>> pd = ms.games.prisoners_dilemma()
    >>> g = ms.games.StochasticGame([pd.payoffs], [[[[1.0], [1.0]], [[1.0], [1.0]]]], 0.5)
    >>> x = g.as_strategy([[[0, 1], [0, 1]]])
    >>> x["s1"]["p1"]
    {'a1': 0.0, 'a2': 1.0}
    >>> x.values          # 1 per period for ever, discounted at 0.5
    array([[2., 2.]])
    """

    game: StochasticGame = field(repr=False)
    probabilities: tuple[tuple[FloatArray, ...], ...]

    @property
    def values(self) -> FloatArray:
        """Each player's discounted value in each state, shape ``(n_states, n_players)``."""
        return self.game.values(self)

    @property
    def state_regrets(self) -> FloatArray:
        """One-shot-deviation gain of each player in each state, shape ``(n_states, n_players)``."""
        return self.game.state_regrets(self)

    @property
    def regret(self) -> float:
        """Largest one-shot-deviation gain over states and players (absolute units)."""
        return float(self.state_regrets.max())

    def is_equilibrium(self, tol: float = DEFAULT_TOL) -> bool:
        """Whether this is a stationary equilibrium; see :meth:`StochasticGame.is_equilibrium`."""
        return self.game.is_equilibrium(self, tol=tol)

    @property
    def is_pure(self) -> bool:
        """Whether every player plays one action with probability one in every state."""
        return all(int(np.count_nonzero(v > 0)) == 1 for per in self.probabilities for v in per)

    def stage_profile(self, state: str | int) -> Any:
        """The state's mixed profile as a :class:`~mediation_sim.MixedProfile` of its stage game."""
        s = self.game.state_index(state)
        return self.game.stage(s).as_profile(list(self.probabilities[s]))

    def __getitem__(self, state: str | int) -> dict[str, dict[str, float]]:
        s = self.game.state_index(state)
        return {
            p: {
                label: float(q)
                for label, q in zip(self.game.actions[s][i], self.probabilities[s][i], strict=True)
            }
            for i, p in enumerate(self.game.players)
        }

    def __iter__(self) -> Iterator[tuple[FloatArray, ...]]:
        return iter(self.probabilities)

    def __len__(self) -> int:
        return len(self.probabilities)

    def isclose(self, other: StrategyLike, *, atol: float = 1e-9) -> bool:
        """Whether ``other`` has the same probabilities within ``atol`` (entrywise)."""
        theirs = self.game.as_strategy(other).probabilities
        return all(
            bool(np.allclose(a, b, rtol=0.0, atol=atol))
            for mine, per in zip(self.probabilities, theirs, strict=True)
            for a, b in zip(mine, per, strict=True)
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form: probabilities by state, player and action; values; regret."""
        values = self.values
        return {
            "strategies": {state: self[state] for state in self.game.states},
            "values": {
                state: dict(zip(self.game.players, values[s].tolist(), strict=True))
                for s, state in enumerate(self.game.states)
            },
            "regret": self.regret,
        }

    def _describe(self, s: int, i: int) -> str:
        probs = self.probabilities[s][i]
        labels = self.game.actions[s][i]
        used = np.flatnonzero(probs > 0)
        if used.size == 1:
            return labels[int(used[0])]
        return "{" + ", ".join(f"{labels[int(k)]}: {probs[k]:.3g}" for k in used) + "}"

    def __repr__(self) -> str:
        parts = []
        for s, state in enumerate(self.game.states[:4]):
            inner = ", ".join(self._describe(s, i) for i in range(self.game.n_players))
            parts.append(f"{state}: ({inner})")
        more = ", ..." if self.game.n_states > 4 else ""
        return f"StationaryStrategy({'; '.join(parts)}{more})"


class StochasticGame:
    """A finite discounted stochastic game with labelled players, states and actions.

    Parameters
    ----------
    payoffs : sequence of array_like
        One array per state; ``payoffs[s]`` has shape
        ``(n_players, m_{s,1}, ..., m_{s,n})`` (the normal-form convention).
    transitions : sequence of array_like
        One array per state; ``transitions[s]`` has shape
        ``(m_{s,1}, ..., m_{s,n}, n_states)`` and each ``transitions[s][a]``
        is a probability distribution over next states.
    discount : float or sequence of float
        Discount factor in ``[0, 1)``, one for all players or one per player.
    players : sequence of str, optional
        Distinct player names; default ``("p1", "p2", ...)``.
    states : sequence of str, optional
        Distinct state names; default ``("s1", "s2", ...)``.
    actions : sequence of sequence of sequence of str, optional
        ``actions[s][i]`` labels player ``i``'s actions in state ``s``;
        default ``("a1", "a2", ...)``.
    title : str, default ""
        A free-text title.

    Raises
    ------
    GameShapeError
        If the number of arrays, their dimensions or their action counts do
        not match, or an action set is empty.
    InvalidPayoffError
        If a payoff or transition probability is NaN, infinite or not a real number.
    InvalidArgumentError
        If a transition row is negative or does not sum to 1 (within 1e-8), a
        discount factor lies outside ``[0, 1)``, or labels are malformed.
    GameTooLargeError
        If a state's payoff array would exceed :data:`MAX_PAYOFF_ENTRIES`.

    See Also
    --------
    mediation_sim.solvers.stationary_equilibrium, mediation_sim.solvers.finite_horizon

    Examples
    --------
    Grim play as a state: cooperation keeps the game in ``peace``; any
    defection sends it to the absorbing ``war`` state, where both get 0.

    >>> import numpy as np
    >>> import mediation_sim as ms
    >>> pd = ms.games.prisoners_dilemma().payoffs
    >>> stay = np.zeros((2, 2, 2))
    >>> stay[0, 0] = [1, 0]                          # both cooperate: stay in peace
    >>> stay[0, 1] = stay[1, 0] = stay[1, 1] = [0, 1]
    >>> g = ms.games.StochasticGame(
    ...     [pd, np.zeros((2, 1, 1))], [stay, [[[0.0, 1.0]]]], 0.8,
    ...     players=["row", "column"], states=["peace", "war"],
    ...     actions=[[["c", "d"], ["c", "d"]], [["wait"], ["wait"]]])
    >>> cooperate = g.as_strategy([[[1, 0], [1, 0]], [[1], [1]]])
    >>> cooperate.values[0]      # 3 per period for ever: 3 / (1 - 0.8)
    array([15., 15.])
    >>> g.is_equilibrium(cooperate)
    True
    """

    __slots__ = (
        "__weakref__",
        "_actions",
        "_discount",
        "_payoffs",
        "_players",
        "_states",
        "_title",
        "_transitions",
    )

    def __init__(
        self,
        payoffs: Sequence[ArrayLike],
        transitions: Sequence[ArrayLike],
        discount: float | Sequence[float] | ArrayLike,
        *,
        players: Sequence[str] | None = None,
        states: Sequence[str] | None = None,
        actions: Sequence[Sequence[Sequence[str]]] | None = None,
        title: str = "",
    ) -> None:
        func = "StochasticGame"
        if isinstance(payoffs, np.ndarray | str) or not isinstance(payoffs, Sequence):
            raise GameShapeError(
                f"{func}(): payoffs must be a sequence with one array per state "
                "(state s: shape (n_players, m_s1, ..., m_sn))"
            )
        if isinstance(transitions, np.ndarray | str) or not isinstance(transitions, Sequence):
            raise GameShapeError(
                f"{func}(): transitions must be a sequence with one array per state "
                "(state s: shape (m_s1, ..., m_sn, n_states))"
            )
        n_states = len(payoffs)
        if n_states == 0:
            raise GameShapeError(f"{func}(): the game needs at least one state")
        if len(transitions) != n_states:
            raise GameShapeError(
                f"{func}(): {n_states} payoff arrays but {len(transitions)} transition arrays"
            )
        stage_payoffs: list[FloatArray] = []
        n_players: int | None = None
        for s, raw in enumerate(payoffs):
            data = raw.payoffs if isinstance(raw, NormalFormGame) else raw
            shape = np.shape(data)
            if len(shape) < 2 or shape[0] != len(shape) - 1:
                raise GameShapeError(
                    f"{func}(): payoffs[{s}] must have shape (n_players, m_1, ..., m_n) with "
                    f"one action axis per player; got shape {shape}"
                )
            if n_players is None:
                n_players = int(shape[0])
            elif shape[0] != n_players:
                raise GameShapeError(
                    f"{func}(): payoffs[{s}] has {shape[0]} players, payoffs[0] has {n_players}"
                )
            if 0 in shape[1:]:
                raise GameShapeError(f"{func}(): a player has no action in state {s}")
            check_game_size(shape[1:], what=f"state {s} of the stochastic game")
            stage_payoffs.append(_readonly(_float_array(data, what=f"payoffs[{s}]", func=func)))
        assert n_players is not None
        total = sum(int(p.size) for p in stage_payoffs) * (1 + n_states)
        if total > MAX_PAYOFF_ENTRIES:
            raise GameShapeError(
                f"{func}(): payoffs and transitions would hold {total:,} entries, above "
                f"the limit of {MAX_PAYOFF_ENTRIES:,}"
            )
        stage_transitions: list[FloatArray] = []
        for s, raw in enumerate(transitions):
            expected = (*stage_payoffs[s].shape[1:], n_states)
            if np.shape(raw) != expected:
                raise GameShapeError(
                    f"{func}(): transitions[{s}] must have shape (m_1, ..., m_n, n_states) = "
                    f"{expected}, got {np.shape(raw)}"
                )
            array = _float_array(raw, what=f"transitions[{s}]", func=func)
            if (array < 0).any():
                where = tuple(int(k) for k in np.argwhere(array < 0)[0])
                raise InvalidArgumentError(
                    f"{func}(): transitions[{s}] has a negative probability at {where}"
                )
            sums = array.sum(axis=-1)
            off = np.abs(sums - 1.0) > _ROW_ATOL
            if off.any():
                where = tuple(int(k) for k in np.argwhere(off)[0])
                raise InvalidArgumentError(
                    f"{func}(): transitions[{s}][{where}] must sum to 1 over next states, "
                    f"sums to {float(sums[where])!r}"
                )
            stage_transitions.append(_readonly(array / sums[..., None]))
        self._discount = _readonly(self._check_discount(discount, n_players))
        self._payoffs = tuple(stage_payoffs)
        self._transitions = tuple(stage_transitions)
        self._players = (
            tuple(f"p{i + 1}" for i in range(n_players))
            if players is None
            else check_labels(players, count=n_players, what="players", func=func)
        )
        self._states = (
            tuple(f"s{s + 1}" for s in range(n_states))
            if states is None
            else check_labels(states, count=n_states, what="states", func=func)
        )
        if actions is None:
            self._actions = tuple(
                tuple(tuple(f"a{k + 1}" for k in range(m)) for m in p.shape[1:])
                for p in stage_payoffs
            )
        else:
            if isinstance(actions, str) or len(actions) != n_states:
                raise InvalidArgumentError(
                    f"{func}(): actions must hold one list per state ({n_states})"
                )
            labels = []
            for s, per_state in enumerate(actions):
                if isinstance(per_state, str) or len(per_state) != n_players:
                    raise InvalidArgumentError(
                        f"{func}(): actions[{s}] must hold one label list per player ({n_players})"
                    )
                labels.append(
                    tuple(
                        check_labels(
                            per_state[i],
                            count=int(m),
                            what=f"actions of player {self._players[i]!r} in state "
                            f"{self._states[s]!r}",
                            func=func,
                        )
                        for i, m in enumerate(stage_payoffs[s].shape[1:])
                    )
                )
            self._actions = tuple(labels)
        if not isinstance(title, str):
            raise InvalidArgumentError(f"{func}(): title must be a string")
        self._title = title

    @staticmethod
    def _check_discount(discount: object, n_players: int) -> FloatArray:
        func = "StochasticGame"
        if isinstance(discount, bool):
            raise InvalidArgumentError(f"{func}(): discount must be a number in [0, 1)")
        if isinstance(discount, numbers.Real):
            values = np.full(n_players, float(discount))
        else:
            try:
                values = np.asarray(discount, dtype=np.float64).copy()
            except (ValueError, TypeError):
                raise InvalidArgumentError(
                    f"{func}(): discount must be a number or one number per player"
                ) from None
            if values.shape != (n_players,):
                raise InvalidArgumentError(
                    f"{func}(): discount must be a number or {n_players} numbers (one per "
                    f"player), got shape {values.shape}"
                )
        if not np.isfinite(values).all() or (values < 0).any() or (values >= 1).any():
            raise InvalidArgumentError(
                f"{func}(): every discount factor must lie in [0, 1), got {values.tolist()}"
            )
        return values

    # ------------------------------------------------------------------ attributes
    @property
    def n_players(self) -> int:
        """Number of players."""
        return len(self._players)

    @property
    def n_states(self) -> int:
        """Number of states."""
        return len(self._states)

    @property
    def players(self) -> tuple[str, ...]:
        """Player names."""
        return self._players

    @property
    def states(self) -> tuple[str, ...]:
        """State names."""
        return self._states

    @property
    def actions(self) -> tuple[tuple[tuple[str, ...], ...], ...]:
        """Action labels: ``actions[s][i]`` for player ``i`` in state ``s``."""
        return self._actions

    @property
    def shapes(self) -> tuple[tuple[int, ...], ...]:
        """Action counts per state, ``shapes[s] == (m_{s,1}, ..., m_{s,n})``."""
        return tuple(tuple(int(m) for m in p.shape[1:]) for p in self._payoffs)

    @property
    def payoffs(self) -> tuple[FloatArray, ...]:
        """Read-only stage payoff arrays, one per state."""
        return self._payoffs

    @property
    def transitions(self) -> tuple[FloatArray, ...]:
        """Read-only transition arrays, one per state (rows sum to 1)."""
        return self._transitions

    @property
    def discount(self) -> FloatArray:
        """Read-only discount factor of each player, shape ``(n_players,)``."""
        return self._discount

    @property
    def title(self) -> str:
        """Free-text title."""
        return self._title

    @property
    def payoff_range(self) -> float:
        """Largest minus smallest stage payoff over all states and players (1.0 if constant).

        The scale of every relative ``tol``.
        """
        hi = max(float(p.max()) for p in self._payoffs)
        lo = min(float(p.min()) for p in self._payoffs)
        return hi - lo if hi > lo else 1.0

    def state_index(self, state: str | int) -> int:
        """Index of ``state``, given by name or index.

        Raises
        ------
        UnknownNameError
            If the name is unknown or the index out of range; lists the states.
        """
        if _is_index(state):
            if 0 <= int(state) < self.n_states:
                return int(state)
        elif isinstance(state, str) and state in self._states:
            return self._states.index(state)
        raise UnknownNameError(f"unknown state {state!r}; the states are {list(self._states)}")

    def stage(self, state: str | int, values: ArrayLike | None = None) -> NormalFormGame:
        """The normal-form game played in ``state``.

        Parameters
        ----------
        state : str or int
            The state.
        values : array_like, shape (n_states, n_players), optional
            Continuation values. If given, player ``i``'s payoff is the stage
            payoff plus ``discount[i]`` times the expected continuation value
            (the game whose equilibria are the one-shot deviation checks);
            otherwise the bare stage payoffs.

        Examples
        --------
        >>> import mediation_sim as ms
        >>> pd = ms.games.prisoners_dilemma()
        >>> g = ms.games.StochasticGame([pd.payoffs], [[[[1.0], [1.0]], [[1.0], [1.0]]]], 0.5)
        >>> g.stage(0, values=[[2.0, 2.0]]).payoffs[0]
        array([[4., 1.],
               [6., 2.]])
        """
        s = self.state_index(state)
        payoffs = self._payoffs[s]
        if values is not None:
            v = _float_array(values, what="values", func="StochasticGame.stage")
            if v.shape != (self.n_states, self.n_players):
                raise GameShapeError(
                    f"StochasticGame.stage(): values must have shape "
                    f"({self.n_states}, {self.n_players}), got {v.shape}"
                )
            cont = np.moveaxis(self._transitions[s] @ v, -1, 0)
            payoffs = payoffs + self._discount.reshape((-1,) + (1,) * (payoffs.ndim - 1)) * cont
        return NormalFormGame(
            payoffs,
            players=self._players,
            strategies=self._actions[s],
            title=f"{self._title} [{self._states[s]}]".strip(),
        )

    # ------------------------------------------------------------------ strategies
    def as_strategy(self, strategy: StrategyLike) -> StationaryStrategy:
        """Coerce a stationary strategy into a validated :class:`StationaryStrategy`.

        ``strategy[s][i]`` is player ``i``'s mixed action in state ``s``: a
        probability vector, or an action index (pure).

        Raises
        ------
        InvalidProfileError
            Wrong number of states or players, wrong vector size, negative
            probabilities or vectors that do not sum to 1.
        """
        if isinstance(strategy, StationaryStrategy):
            if strategy.game is self:
                return strategy
            strategy = [list(per) for per in strategy.probabilities]
        func = "StochasticGame.as_strategy"
        if isinstance(strategy, str | np.ndarray) or not isinstance(strategy, Sequence):
            raise InvalidProfileError(f"{func}(): give one entry per state ({self.n_states})")
        if len(strategy) != self.n_states:
            raise InvalidProfileError(
                f"{func}(): expected {self.n_states} states, got {len(strategy)}"
            )
        out = []
        for s, per in enumerate(strategy):
            if isinstance(per, str) or len(per) != self.n_players:
                raise InvalidProfileError(
                    f"{func}(): state {self._states[s]!r} needs one entry per player "
                    f"({self.n_players})"
                )
            vecs = []
            for i, entry in enumerate(per):
                entry = cast(Any, entry)
                m = self.shapes[s][i]
                if _is_index(entry):
                    if not 0 <= int(entry) < m:
                        raise InvalidProfileError(
                            f"{func}(): action index {int(entry)} out of range for player "
                            f"{self._players[i]!r} in state {self._states[s]!r} ({m} actions)"
                        )
                    vec = np.zeros(m)
                    vec[int(entry)] = 1.0
                else:
                    try:
                        vec = np.asarray(entry, dtype=np.float64).copy()
                    except (ValueError, TypeError):
                        raise InvalidProfileError(
                            f"{func}(): entry for player {self._players[i]!r} in state "
                            f"{self._states[s]!r} is not a probability vector"
                        ) from None
                    if vec.shape != (m,):
                        raise InvalidProfileError(
                            f"{func}(): player {self._players[i]!r} has {m} actions in state "
                            f"{self._states[s]!r}; got a vector of shape {vec.shape}"
                        )
                    if not np.isfinite(vec).all() or (vec < -_ROW_ATOL).any():
                        raise InvalidProfileError(
                            f"{func}(): probabilities of player {self._players[i]!r} in state "
                            f"{self._states[s]!r} must be finite and non-negative"
                        )
                    total = float(vec.sum())
                    if abs(total - 1.0) > _ROW_ATOL:
                        raise InvalidProfileError(
                            f"{func}(): probabilities of player {self._players[i]!r} in state "
                            f"{self._states[s]!r} sum to {total!r}, not 1"
                        )
                    vec = np.clip(vec, 0.0, None) / float(np.clip(vec, 0.0, None).sum())
                vecs.append(_readonly(vec))
            out.append(tuple(vecs))
        return StationaryStrategy(self, tuple(out))

    def _vectors(self, strategy: StrategyLike) -> tuple[tuple[FloatArray, ...], ...]:
        return self.as_strategy(strategy).probabilities

    def values(self, strategy: StrategyLike) -> FloatArray:
        r"""Discounted values of a stationary profile, shape ``(n_states, n_players)``.

        Solves :math:`V_i = r_i^\\sigma + \\delta_i P^\\sigma V_i` for each player.
        """
        probs = self._vectors(strategy)
        return policy_values(self._payoffs, self._transitions, self._discount, probs)

    def state_regrets(self, strategy: StrategyLike) -> FloatArray:
        """Best one-shot-deviation gain of each player in each state.

        The array has shape ``(n_states, n_players)``.

        Non-negative by construction.
        """
        probs = self._vectors(strategy)
        values = policy_values(self._payoffs, self._transitions, self._discount, probs)
        out = np.zeros((self.n_states, self.n_players))
        for s in range(self.n_states):
            cont = np.moveaxis(self._transitions[s] @ values, -1, 0)
            q = self._payoffs[s] + self._discount.reshape((-1,) + (1,) * (cont.ndim - 1)) * cont
            for i in range(self.n_players):
                u = contract(q[i], probs[s], keep=[i])
                out[s, i] = max(0.0, float(u.max() - u @ probs[s][i]))
        return out

    def regret(self, strategy: StrategyLike) -> float:
        """Largest one-shot-deviation gain over all states and players (absolute units).

        The oracle of every stationary solver: a stationary profile is a
        Markov perfect equilibrium exactly when this is 0.
        """
        return float(self.state_regrets(strategy).max())

    def is_equilibrium(self, strategy: StrategyLike, tol: float = DEFAULT_TOL) -> bool:
        """Whether ``strategy`` is a stationary equilibrium within ``tol * payoff_range``."""
        tol = check_tol(tol, func="StochasticGame.is_equilibrium")
        return self.regret(strategy) <= tol * self.payoff_range

    # ------------------------------------------------------------------ display
    def __repr__(self) -> str:
        d = self._discount
        disc = f"{d[0]:g}" if np.all(d == d[0]) else "(" + ", ".join(f"{x:g}" for x in d) + ")"
        noun = "state" if self.n_states == 1 else "states"
        return f"StochasticGame({self.n_players} players, {self.n_states} {noun}, discount {disc})"

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>{html.escape(state)}</td><td>{'x'.join(map(str, shape))}</td></tr>"
            for state, shape in zip(self._states, self.shapes, strict=True)
        )
        return (
            f"<p><b>{html.escape(repr(self))}</b></p>"
            f"<table><tr><th>state</th><th>actions</th></tr>{rows}</table>"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            _rebuild,
            (
                [np.array(p) for p in self._payoffs],
                [np.array(t) for t in self._transitions],
                self._discount.tolist(),
                self._players,
                self._states,
                self._actions,
                self._title,
            ),
        )


def _rebuild(
    payoffs: list[FloatArray],
    transitions: list[FloatArray],
    discount: list[float],
    players: tuple[str, ...],
    states: tuple[str, ...],
    actions: Sequence[Sequence[Sequence[str]]],
    title: str,
) -> StochasticGame:
    return StochasticGame(
        payoffs,
        transitions,
        discount,
        players=players,
        states=states,
        actions=actions,
        title=title,
    )


def policy_values(
    payoffs: Sequence[FloatArray],
    transitions: Sequence[FloatArray],
    discount: FloatArray,
    probs: Sequence[Sequence[FloatArray]],
) -> FloatArray:
    """Solve ``V_i = r_i + delta_i P V_i`` for every player under a stationary profile."""
    n_states = len(payoffs)
    n_players = discount.shape[0]
    rewards = np.empty((n_states, n_players))
    chain = np.empty((n_states, n_states))
    for s in range(n_states):
        vecs = [np.asarray(v) for v in probs[s]]
        rewards[s] = contract(np.moveaxis(payoffs[s], 0, -1), vecs, keep=[])
        chain[s] = contract(transitions[s], vecs, keep=[])
    out = np.empty((n_states, n_players))
    eye = np.eye(n_states)
    for i in range(n_players):
        out[:, i] = np.linalg.solve(eye - discount[i] * chain, rewards[:, i])
    if not np.isfinite(out).all():  # pragma: no cover - discount < 1 keeps the system regular
        raise InvalidArgumentError("StochasticGame.values(): the value system is singular")
    return out


register_reducible(StochasticGame, _rebuild)
