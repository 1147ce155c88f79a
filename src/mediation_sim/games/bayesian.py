r"""Bayesian games: players with private types drawn from a common prior.

A finite *Bayesian game* [Har67]_ has players :math:`i = 1..n`, each with a
finite set of types :math:`T_i` and of actions :math:`A_i`, a common prior
:math:`P` over type profiles :math:`t = (t_1, ..., t_n)` (independent or
correlated), and payoffs :math:`u_i(t, a)` that depend on the type profile
and the action profile. Each player learns only their own type.

A (behavioural) strategy of player ``i`` gives each of their types a
probability vector over :math:`A_i`; it is stored as an array of shape
``(T_i, A_i)``. Type :math:`t_i`'s *interim* payoff from action :math:`a_i`
is

.. math::

    U_i(a_i \mid t_i) = \sum_{t_{-i}} P(t_{-i} \mid t_i)
        \sum_{a_{-i}} \sigma_{-i}(a_{-i} \mid t_{-i})\, u_i(t, a_i, a_{-i}),

and a *Bayes–Nash equilibrium* is a profile in which every type with
positive probability plays only interim best responses. Two normal forms
carry the same equilibria [Har67]_ [Mye91]_:

* the **type-agent** (Selten) form, :meth:`BayesianGame.type_agent_game`:
  one player per pair (player, type), whose payoff is the interim payoff;
  its Nash equilibria are exactly the Bayes–Nash equilibria;
* the **ex-ante** (strategic) form, :meth:`BayesianGame.ex_ante_game`:
  player ``i`` chooses a plan (an action for each of their types) and
  receives the prior expectation of their payoff; a mixed equilibrium over
  plans gives a Bayes–Nash equilibrium in behavioural strategies (Kuhn),
  and the two-player solvers enumerate these.

Payoff arrays follow the library's convention with the type axes first:
``payoffs[i][t_1, ..., t_n, a_1, ..., a_n]`` is player ``i``'s payoff.

References
----------
.. [Har67] J. C. Harsanyi, "Games with incomplete information played by
   'Bayesian' players, I-III", *Management Science* 14 (1967-68) 159-182,
   320-334, 486-502.
.. [Mye91] R. B. Myerson, *Game Theory: Analysis of Conflict*, Harvard
   University Press (1991), sections 2.8-2.9 and 6.3.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

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
from .normal_form import NormalFormGame, check_game_size

__all__ = ["BayesianGame", "BayesianProfile"]

FloatArray = NDArray[np.float64]

#: A prior (or a marginal) may sum to one within this error.
_SUM_ATOL = 1e-9


def _readonly(array: NDArray[Any]) -> NDArray[Any]:
    array.flags.writeable = False
    return array


def _as_real_array(value: object, *, what: str, func: str) -> FloatArray:
    try:
        raw = np.asarray(value)
    except (ValueError, TypeError) as exc:
        raise InvalidPayoffError(
            f"{func}(): {what} is not a rectangular numeric array ({exc})"
        ) from None
    if raw.dtype.kind not in "biuf":
        raise InvalidPayoffError(f"{func}(): {what} must hold real numbers, got dtype {raw.dtype}")
    array = np.array(raw, dtype=np.float64, copy=True)
    if not np.isfinite(array).all():
        where = tuple(int(k) for k in np.argwhere(~np.isfinite(array))[0])
        raise InvalidPayoffError(
            f"{func}(): {what} must be finite; entry {where} is {array[where]!r}"
        )
    return array


class BayesianGame:
    """A finite game of incomplete information with a common prior over types.

    Parameters
    ----------
    payoffs : array_like, shape (n_players, T_1, ..., T_n, A_1, ..., A_n)
        ``payoffs[i][t_1, ..., t_n, a_1, ..., a_n]`` is player ``i``'s payoff
        when the type profile is ``t`` and the action profile ``a``.
    prior : array_like, shape (T_1, ..., T_n)
        The common prior over type profiles (correlated types allowed):
        non-negative, summing to 1, and every type of every player must have
        positive probability. For independent types use
        :meth:`independent`.
    players : sequence of str, optional
        Player names; default ``("p1", "p2", ...)``.
    types : sequence of sequence of str, optional
        Type labels per player; default ``("t1", "t2", ...)``.
    actions : sequence of sequence of str, optional
        Action labels per player; default ``("a1", "a2", ...)``.
    title : str, default ""
        Free text.

    Raises
    ------
    GameShapeError
        If the arrays' shapes disagree with each other or with the labels.
    InvalidPayoffError
        If a payoff or prior entry is not a finite real number.
    InvalidArgumentError
        If the prior is negative, does not sum to 1, or gives a type zero
        probability; or a label list is malformed.

    See Also
    --------
    mediation_sim.solvers.bayes_nash : Bayes–Nash equilibria.
    mediation_sim.solvers.communication_equilibrium : what a mediator can reach.

    Examples
    --------
    A two-player game in which player 2 is "tough" or "soft" with equal
    probability and player 1 has one type (payoffs of player 1 first):

    >>> import numpy as np
    >>> import mediation_sim as ms
    >>> u = np.zeros((2, 1, 2, 2, 2))
    >>> u[0, 0, :, 0, 0] = 1            # player 1 likes matching on the first action
    >>> u[1, 0, 0, :, 1] = 1            # the tough type always wants the second
    >>> u[1, 0, 1, 0, 0] = 1            # the soft type wants to match
    >>> g = ms.games.BayesianGame.independent(u, [[1.0], [0.5, 0.5]],
    ...                                      types=[["only"], ["tough", "soft"]])
    >>> g
    BayesianGame(2 players, types 1x2, actions 2x2)
    >>> g.type_agent_game().players
    ('p1:only', 'p2:tough', 'p2:soft')
    """

    __slots__ = ("_actions", "_payoffs", "_players", "_prior", "_title", "_types")

    def __init__(
        self,
        payoffs: ArrayLike,
        prior: ArrayLike,
        players: Sequence[str] | None = None,
        types: Sequence[Sequence[str]] | None = None,
        actions: Sequence[Sequence[str]] | None = None,
        *,
        title: str = "",
    ) -> None:
        func = "BayesianGame"
        u = _as_real_array(payoffs, what="payoffs", func=func)
        p = _as_real_array(prior, what="prior", func=func)
        n = p.ndim
        if n < 1 or u.ndim != 1 + 2 * n or u.shape[0] != n:
            raise GameShapeError(
                f"{func}(): payoffs must have shape (n_players, T_1..T_n, A_1..A_n) for a prior "
                f"of shape (T_1..T_n) = {p.shape}; got payoffs of shape {u.shape}"
            )
        if u.shape[1 : 1 + n] != p.shape:
            raise GameShapeError(
                f"{func}(): the type axes of payoffs {u.shape[1 : 1 + n]} differ from the "
                f"prior's shape {p.shape}"
            )
        n_actions = u.shape[1 + n :]
        if 0 in p.shape or 0 in n_actions:
            raise GameShapeError(f"{func}(): every player needs at least one type and one action")
        if p.min() < 0:
            raise InvalidArgumentError(f"{func}(): prior probabilities must be >= 0")
        total = float(p.sum())
        if abs(total - 1.0) > _SUM_ATOL:
            raise InvalidArgumentError(f"{func}(): prior sums to {total!r}, not 1")
        p = p / total
        for i in range(n):
            marginal = p.sum(axis=tuple(j for j in range(n) if j != i))
            if marginal.min() <= 0:
                k = int(np.argmin(marginal))
                raise InvalidArgumentError(
                    f"{func}(): type {k} of player {i} has prior probability 0; drop it "
                    "(interim payoffs of a type nobody can be are undefined)"
                )
        players_t = (
            tuple(f"p{i + 1}" for i in range(n))
            if players is None
            else check_labels(players, count=n, what="players", func=func)
        )
        types_t = self._labels(types, p.shape, "t", "types", players_t, func)
        actions_t = self._labels(actions, n_actions, "a", "actions", players_t, func)
        if not isinstance(title, str):
            raise InvalidArgumentError(f"{func}(): title must be a string")
        self._payoffs = _readonly(u)
        self._prior = _readonly(p)
        self._players = players_t
        self._types = types_t
        self._actions = actions_t
        self._title = title

    @staticmethod
    def _labels(
        labels: Sequence[Sequence[str]] | None,
        counts: Sequence[int],
        prefix: str,
        what: str,
        players: tuple[str, ...],
        func: str,
    ) -> tuple[tuple[str, ...], ...]:
        if labels is None:
            return tuple(tuple(f"{prefix}{k + 1}" for k in range(c)) for c in counts)
        if isinstance(labels, str) or len(labels) != len(counts):
            raise InvalidArgumentError(f"{func}(): {what} must hold one label list per player")
        return tuple(
            check_labels(lab, count=c, what=f"{what} of player {players[i]!r}", func=func)
            for i, (lab, c) in enumerate(zip(labels, counts, strict=True))
        )

    @classmethod
    def independent(
        cls,
        payoffs: ArrayLike,
        marginals: Sequence[ArrayLike],
        players: Sequence[str] | None = None,
        types: Sequence[Sequence[str]] | None = None,
        actions: Sequence[Sequence[str]] | None = None,
        *,
        title: str = "",
    ) -> BayesianGame:
        """A Bayesian game whose types are independent: the prior is the product of ``marginals``.

        ``marginals[i]`` is player ``i``'s probability vector over their types.
        """
        if isinstance(marginals, str) or not isinstance(marginals, Sequence | np.ndarray):
            raise InvalidArgumentError("BayesianGame.independent(): marginals must be a sequence")
        joint = np.ones(())
        for i, m in enumerate(marginals):
            vec = _as_real_array(m, what=f"marginal of player {i}", func="BayesianGame.independent")
            if vec.ndim != 1:
                raise GameShapeError(
                    f"BayesianGame.independent(): marginal of player {i} must be a vector"
                )
            if vec.min() < 0 or abs(float(vec.sum()) - 1.0) > _SUM_ATOL:
                raise InvalidArgumentError(
                    f"BayesianGame.independent(): marginal of player {i} must be non-negative "
                    f"and sum to 1, got {vec.tolist()}"
                )
            joint = np.multiply.outer(joint, vec)
        return cls(payoffs, joint, players, types, actions, title=title)

    # ------------------------------------------------------------------ attributes
    @property
    def payoffs(self) -> FloatArray:
        """Read-only payoffs, shape ``(n_players, T_1..T_n, A_1..A_n)``."""
        return self._payoffs

    @property
    def prior(self) -> FloatArray:
        """Read-only common prior over type profiles, shape ``(T_1..T_n)``."""
        return self._prior

    @property
    def n_players(self) -> int:
        """Number of players."""
        return self._prior.ndim

    @property
    def n_types(self) -> tuple[int, ...]:
        """Number of types of each player."""
        return tuple(int(s) for s in self._prior.shape)

    @property
    def n_actions(self) -> tuple[int, ...]:
        """Number of actions of each player."""
        return tuple(int(s) for s in self._payoffs.shape[1 + self.n_players :])

    @property
    def players(self) -> tuple[str, ...]:
        """Player names."""
        return self._players

    @property
    def types(self) -> tuple[tuple[str, ...], ...]:
        """Type labels, one tuple per player."""
        return self._types

    @property
    def actions(self) -> tuple[tuple[str, ...], ...]:
        """Action labels, one tuple per player."""
        return self._actions

    @property
    def title(self) -> str:
        """Free-text title."""
        return self._title

    @property
    def payoff_range(self) -> float:
        """Largest minus smallest payoff, or 1.0 if all are equal (the scale of ``tol``)."""
        spread = float(self._payoffs.max() - self._payoffs.min())
        return spread if spread > 0 else 1.0

    def player_index(self, player: str | int) -> int:
        """Index of ``player`` (a name or an index)."""
        if isinstance(player, bool):
            raise UnknownNameError(f"unknown player {player!r}")
        if isinstance(player, int | np.integer):
            if 0 <= int(player) < self.n_players:
                return int(player)
            raise UnknownNameError(f"player index {player} out of range 0..{self.n_players - 1}")
        if player in self._players:
            return self._players.index(player)
        raise UnknownNameError(f"unknown player {player!r}; players are {list(self._players)}")

    def type_index(self, player: str | int, type_: str | int) -> int:
        """Index of one of ``player``'s types (a label or an index)."""
        i = self.player_index(player)
        labels = self._types[i]
        if isinstance(type_, int | np.integer) and not isinstance(type_, bool):
            if 0 <= int(type_) < len(labels):
                return int(type_)
        elif type_ in labels:
            return labels.index(type_)
        raise UnknownNameError(
            f"unknown type {type_!r} of player {self._players[i]!r}; types are {list(labels)}"
        )

    def marginal(self, player: str | int) -> FloatArray:
        """Prior probability of each of ``player``'s types."""
        i = self.player_index(player)
        axes = tuple(j for j in range(self.n_players) if j != i)
        return np.asarray(self._prior.sum(axis=axes), dtype=np.float64)

    def posterior(self, player: str | int, type_: str | int) -> FloatArray:
        """Beliefs of ``player``'s type ``type_`` about the others' types (shape ``T_-i``)."""
        i = self.player_index(player)
        k = self.type_index(i, type_)
        slab = np.take(self._prior, k, axis=i)
        return np.asarray(slab / slab.sum(), dtype=np.float64)

    # ------------------------------------------------------------------ normal forms
    def _agent_axes(self) -> list[tuple[int, int]]:
        return [(i, t) for i in range(self.n_players) for t in range(self.n_types[i])]

    def type_agent_game(self) -> NormalFormGame:
        """The type-agent (Selten) form: one player per (player, type), paid the interim payoff.

        Agents are ordered player by player, then type by type, and named
        ``"player:type"``; each has the player's actions. Its Nash
        equilibria are the Bayes–Nash equilibria of this game.

        Raises
        ------
        GameTooLargeError
            If the agent form would exceed the library's size limit (checked
            before allocating).
        """
        agents = self._agent_axes()
        shape = tuple(self.n_actions[i] for i, _ in agents)
        check_game_size(shape, what="type-agent form")
        n = self.n_players
        pos = {a: k for k, a in enumerate(agents)}
        out = np.zeros((len(agents), *shape))
        for t in itertools.product(*(range(c) for c in self.n_types)):
            prob = float(self._prior[t])
            if prob == 0.0:
                continue
            # the action axis of player j sits on agent axis pos[(j, t_j)]
            target = [pos[(j, t[j])] for j in range(n)]
            order = np.argsort(target)
            view_shape = [1] * len(agents)
            for j in range(n):
                view_shape[target[j]] = self.n_actions[j]
            for i in range(n):
                u = np.transpose(self._payoffs[(i, *t)], order).reshape(view_shape)
                out[pos[(i, t[i])]] += prob * u
        for i, ti in agents:
            out[pos[(i, ti)]] /= float(self.marginal(i)[ti])
        names = [f"{self._players[i]}:{self._types[i][ti]}" for i, ti in agents]
        strategies = [self._actions[i] for i, _ in agents]
        return NormalFormGame(out, names, strategies, title=self._title)

    def ex_ante_game(self) -> NormalFormGame:
        """The ex-ante (strategic) form: a player's strategy is a plan, one action per type.

        Plans are ordered with the first type's action most significant and
        labelled by joining the actions with ``"/"`` (``"beer/quiche"``:
        the first type drinks beer, the second eats quiche). Player ``i``'s
        payoff is the prior expectation of their payoff.

        Raises
        ------
        GameTooLargeError
            If the form would exceed the library's size limit.
        """
        plans = tuple(self.n_actions[i] ** self.n_types[i] for i in range(self.n_players))
        check_game_size(plans, what="ex-ante form")
        agent_game = self.type_agent_game()
        agents = self._agent_axes()
        ua = agent_game.payoffs
        out = np.zeros((self.n_players, *plans))
        for k, (i, ti) in enumerate(agents):
            out[i] += float(self.marginal(i)[ti]) * ua[k].reshape(plans)
        labels = [
            tuple("/".join(c) for c in itertools.product(self._actions[i], repeat=self.n_types[i]))
            for i in range(self.n_players)
        ]
        return NormalFormGame(out, self._players, labels, title=self._title)

    # ------------------------------------------------------------------ profiles
    def as_profile(self, strategies: object) -> BayesianProfile:
        """A validated :class:`BayesianProfile`.

        ``strategies`` holds, per player, either an array of shape
        ``(T_i, A_i)`` (each row a probability vector), or a mapping from
        type label to an action label or ``{action: probability}``; a
        mapping from player name to either form is also accepted.
        """
        if isinstance(strategies, BayesianProfile):
            if strategies.game is not self:
                raise InvalidProfileError("as_profile(): the profile belongs to another game")
            return strategies
        if isinstance(strategies, Mapping):
            unknown = set(strategies) - set(self._players)
            if unknown or len(strategies) != self.n_players:
                raise InvalidProfileError(
                    f"as_profile(): a mapping needs exactly the players {list(self._players)}"
                )
            items = [strategies[p] for p in self._players]
        else:
            if isinstance(strategies, str) or not isinstance(strategies, Sequence | np.ndarray):
                raise InvalidProfileError("as_profile(): give one strategy per player")
            items = list(strategies)
            if len(items) != self.n_players:
                raise InvalidProfileError(
                    f"as_profile(): need {self.n_players} strategies, got {len(items)}"
                )
        arrays = tuple(self._strategy_array(i, s) for i, s in enumerate(items))
        return BayesianProfile(self, arrays)

    def _strategy_array(self, i: int, value: object) -> FloatArray:
        shape = (self.n_types[i], self.n_actions[i])
        if isinstance(value, Mapping):
            out = np.zeros(shape)
            for type_label, choice in value.items():
                k = self.type_index(i, type_label)
                if isinstance(choice, Mapping):
                    for action, prob in choice.items():
                        out[k, self._action_index(i, action)] = float(prob)
                else:
                    out[k, self._action_index(i, choice)] = 1.0
            missing = [self._types[i][k] for k in range(shape[0]) if not out[k].any()]
            if missing:
                raise InvalidProfileError(
                    f"as_profile(): no strategy for types {missing} of {self._players[i]!r}"
                )
        else:
            try:
                out = np.array(value, dtype=np.float64)
            except (TypeError, ValueError):
                raise InvalidProfileError(
                    f"as_profile(): strategy of {self._players[i]!r} must be an array of shape "
                    f"{shape} or a mapping from type to action"
                ) from None
            if out.shape != shape:
                raise InvalidProfileError(
                    f"as_profile(): strategy of {self._players[i]!r} has shape {out.shape}, "
                    f"expected (types, actions) = {shape}"
                )
        if not np.isfinite(out).all() or out.min() < -_SUM_ATOL:
            raise InvalidProfileError(
                f"as_profile(): strategy of {self._players[i]!r} must be finite and non-negative"
            )
        sums = out.sum(axis=1)
        if np.abs(sums - 1.0).max() > 1e-8:
            raise InvalidProfileError(
                f"as_profile(): each type's probabilities must sum to 1 for "
                f"{self._players[i]!r}, got sums {sums.tolist()}"
            )
        out = np.clip(out, 0.0, None)
        return _readonly(out / out.sum(axis=1, keepdims=True))

    def _action_index(self, i: int, action: object) -> int:
        labels = self._actions[i]
        if isinstance(action, int | np.integer) and not isinstance(action, bool):
            if 0 <= int(action) < len(labels):
                return int(action)
        elif action in labels:
            return labels.index(str(action))
        raise UnknownNameError(
            f"unknown action {action!r} of player {self._players[i]!r}; actions are {list(labels)}"
        )

    def interim_deviation_payoffs(self, strategies: object) -> tuple[FloatArray, ...]:
        """Each type's interim payoff from each action against the others' strategies.

        Entry ``i`` has shape ``(T_i, A_i)``. Computed directly on the
        Bayesian arrays (not through a normal form), so it is an
        independent check of :meth:`type_agent_game`.
        """
        profile = self.as_profile(strategies)
        return _interim_deviation_payoffs(self, profile.strategies)

    # ------------------------------------------------------------------ dunder
    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form (labels, prior and payoffs as nested lists)."""
        return {
            "title": self._title,
            "players": list(self._players),
            "types": [list(t) for t in self._types],
            "actions": [list(a) for a in self._actions],
            "prior": self._prior.tolist(),
            "payoffs": self._payoffs.tolist(),
        }

    def __repr__(self) -> str:
        types = "x".join(str(c) for c in self.n_types)
        actions = "x".join(str(c) for c in self.n_actions)
        return f"BayesianGame({self.n_players} players, types {types}, actions {actions})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, BayesianGame):
            return NotImplemented
        return (
            self._players == other._players
            and self._types == other._types
            and self._actions == other._actions
            and np.array_equal(self._prior, other._prior)
            and np.array_equal(self._payoffs, other._payoffs)
        )

    def __hash__(self) -> int:
        return hash((self._players, self._types, self._actions, self._payoffs.tobytes()))

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            _rebuild,
            (self._payoffs, self._prior, self._players, self._types, self._actions, self._title),
        )


def _rebuild(
    payoffs: FloatArray,
    prior: FloatArray,
    players: tuple[str, ...],
    types: tuple[tuple[str, ...], ...],
    actions: tuple[tuple[str, ...], ...],
    title: str,
) -> BayesianGame:
    return BayesianGame(payoffs, prior, players, types, actions, title=title)


def _broadcast_strategy(game: BayesianGame, j: int, sigma_j: FloatArray) -> FloatArray:
    """``sigma_j`` reshaped onto the (types..., actions...) axes of the payoff arrays."""
    n = game.n_players
    shape = [1] * (2 * n)
    shape[j] = game.n_types[j]
    shape[n + j] = game.n_actions[j]
    return sigma_j.reshape(shape)


def _interim_deviation_payoffs(
    game: BayesianGame, strategies: Sequence[FloatArray]
) -> tuple[FloatArray, ...]:
    n = game.n_players
    prior = game.prior.reshape(game.prior.shape + (1,) * n)
    out = []
    for i in range(n):
        w = game.payoffs[i] * prior
        for j in range(n):
            if j != i:
                w = w * _broadcast_strategy(game, j, strategies[j])
        keep = (i, n + i)
        total = w.sum(axis=tuple(k for k in range(2 * n) if k not in keep))
        out.append(total / game.marginal(i)[:, None])
    return tuple(out)


@register_dataclass
@dataclass(frozen=True, slots=True, repr=False)
class BayesianProfile:
    """A behavioural strategy profile of a Bayesian game: each type's mixed action.

    Index by player, then type, then action:
    ``profile["beijing"]["sincere"]["press_moscow"]``.

    Attributes
    ----------
    game : BayesianGame
        The game.
    strategies : tuple of ndarray
        Per player, a read-only array of shape ``(T_i, A_i)``.
    """

    game: BayesianGame = field(repr=False)
    strategies: tuple[FloatArray, ...]

    @property
    def interim_payoffs(self) -> tuple[FloatArray, ...]:
        """Each type's expected payoff given its own type (per player, shape ``(T_i,)``)."""
        dev = _interim_deviation_payoffs(self.game, self.strategies)
        return tuple((d * s).sum(axis=1) for d, s in zip(dev, self.strategies, strict=True))

    @property
    def ex_ante_payoffs(self) -> FloatArray:
        """Each player's prior-expected payoff (shape ``(n_players,)``)."""
        return np.array(
            [float(v @ self.game.marginal(i)) for i, v in enumerate(self.interim_payoffs)]
        )

    @property
    def interim_regrets(self) -> tuple[FloatArray, ...]:
        """Each type's gain from its best deviation (per player, shape ``(T_i,)``, >= 0)."""
        dev = _interim_deviation_payoffs(self.game, self.strategies)
        return tuple(
            np.maximum(d.max(axis=1) - (d * s).sum(axis=1), 0.0)
            for d, s in zip(dev, self.strategies, strict=True)
        )

    @property
    def regret(self) -> float:
        """Largest interim regret of any type of any player (absolute payoff units)."""
        return float(max(r.max() for r in self.interim_regrets))

    def is_bayes_nash(self, tol: float = DEFAULT_TOL) -> bool:
        """Whether every type best-responds within ``tol * game.payoff_range``."""
        tol = check_tol(tol, func="is_bayes_nash")
        return self.regret <= tol * self.game.payoff_range

    def mechanism(self) -> FloatArray:
        """The induced distribution of actions given types, shape ``(T..., A...)``.

        ``mechanism()[t][a]`` is the probability of the action profile ``a``
        when the type profile is ``t``; a Bayes–Nash equilibrium's mechanism
        is a communication equilibrium (see
        :func:`mediation_sim.solvers.communication_equilibrium`).
        """
        n = self.game.n_players
        out = np.ones((1,) * (2 * n))
        for j in range(n):
            out = out * _broadcast_strategy(self.game, j, self.strategies[j])
        return out

    def agent_profile(self) -> list[FloatArray]:
        """The same profile as vectors of the type-agent form (agents player by player)."""
        return [row for s in self.strategies for row in s]

    @property
    def is_pure(self) -> bool:
        """Whether every type plays one action with probability one."""
        return all(bool(np.all(np.isclose(s.max(axis=1), 1.0))) for s in self.strategies)

    def classify(self, player: str | int) -> str:
        """``"separating"``, ``"pooling"`` or ``"semi-separating"`` for ``player``'s strategy.

        Pooling: every type plays the same (possibly mixed) action
        distribution. Separating: the types' action supports are pairwise
        disjoint. Anything else is semi-separating. A player with one type
        is reported as ``"pooling"``.
        """
        i = self.game.player_index(player)
        s = self.strategies[i]
        if np.allclose(s, s[0], atol=1e-9):
            return "pooling"
        supports = s > 1e-9
        overlaps = (supports.astype(int).sum(axis=0) > 1).any()
        return "semi-separating" if overlaps else "separating"

    def __getitem__(self, player: str | int) -> dict[str, dict[str, float]]:
        i = self.game.player_index(player)
        return {
            t: {a: float(p) for a, p in zip(self.game.actions[i], row, strict=True)}
            for t, row in zip(self.game.types[i], self.strategies[i], strict=True)
        }

    def __iter__(self) -> Iterator[FloatArray]:
        return iter(self.strategies)

    def isclose(self, other: object, *, atol: float = 1e-9) -> bool:
        """Whether ``other`` has the same probabilities within ``atol``."""
        prof = self.game.as_profile(other)
        return all(
            bool(np.allclose(a, b, rtol=0.0, atol=atol))
            for a, b in zip(self.strategies, prof.strategies, strict=True)
        )

    def _describe(self, i: int) -> str:
        parts = []
        for t, row in zip(self.game.types[i], self.strategies[i], strict=True):
            used = np.flatnonzero(row > 1e-12)
            labels = self.game.actions[i]
            if used.size == 1:
                parts.append(f"{t}: {labels[int(used[0])]}")
            else:
                mix = ", ".join(f"{labels[k]}: {row[k]:.4g}" for k in used)
                parts.append(f"{t}: {{{mix}}}")
        return "{" + "; ".join(parts) + "}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form: each type's action probabilities, payoffs and regret."""
        return {
            "strategies": {p: self[p] for p in self.game.players},
            "interim_payoffs": {
                p: dict(zip(self.game.types[i], self.interim_payoffs[i].tolist(), strict=True))
                for i, p in enumerate(self.game.players)
            },
            "ex_ante_payoffs": dict(
                zip(self.game.players, self.ex_ante_payoffs.tolist(), strict=True)
            ),
            "regret": self.regret,
        }

    def __repr__(self) -> str:
        parts = ", ".join(f"{p}={self._describe(i)}" for i, p in enumerate(self.game.players))
        return f"BayesianProfile({parts})"

    def _repr_html_(self) -> str:
        esc = html.escape
        rows = "".join(
            f"<tr><th>{esc(p)}</th><td>{esc(self._describe(i))}</td></tr>"
            for i, p in enumerate(self.game.players)
        )
        return f"<table>{rows}</table><p>regret {self.regret:.3g}</p>"


def plan_to_behaviour(game: BayesianGame, player: int, plan_probs: ArrayLike) -> FloatArray:
    """Behavioural strategy (shape ``(T_i, A_i)``) induced by a mixture over plans (Kuhn)."""
    t, a = game.n_types[player], game.n_actions[player]
    probs = np.asarray(plan_probs, dtype=np.float64).reshape((a,) * t)
    rows = [probs.sum(axis=tuple(k for k in range(t) if k != ti)) for ti in range(t)]
    return np.stack(rows) if rows else np.zeros((0, a))


register_reducible(BayesianGame, _rebuild)
