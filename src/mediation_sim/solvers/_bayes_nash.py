r"""Bayes–Nash equilibria of finite Bayesian games, through their normal forms.

A Bayes–Nash equilibrium [Har67]_ is a profile of behavioural strategies in
which every type of every player plays only interim best responses. The
solver reduces the Bayesian game to a normal form that the library's
verified solvers handle, then maps each equilibrium back to a strategy per
type and checks it **again, on the Bayesian game itself** (interim regret
computed from the prior and the payoff arrays, not from the normal form):

* ``method="pure"``: every pure Bayes–Nash equilibrium, by
  :func:`~mediation_sim.solvers.pure_nash` on the type-agent form;
* ``method="ex_ante"``: for two players, every extreme equilibrium of the
  ex-ante (plan) form by support or vertex enumeration
  (:func:`~mediation_sim.solvers.nash_2p`), each turned into behavioural
  strategies by Kuhn's theorem (several plan mixtures can give one
  behavioural profile: duplicates are merged); for more players, the
  N-player :func:`~mediation_sim.solvers.nash`;
* ``method="type_agent"``: :func:`~mediation_sim.solvers.nash` on the
  type-agent form (one agent per player and type).

References
----------
.. [Har67] J. C. Harsanyi, "Games with incomplete information played by
   'Bayesian' players", *Management Science* 14 (1967-68).
.. [Sel75] R. Selten, "Reexamination of the perfectness concept for
   equilibrium points in extensive games", *International Journal of Game
   Theory* 4 (1975) 25-55 (the agent normal form).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np

from .._deprecation import deprecate_positional
from .._errors import InvalidArgumentError, UnknownMethodError
from .._results import Result
from .._validation import DEFAULT_TOL, check_tol
from ..games.bayesian import BayesianGame, BayesianProfile, plan_to_behaviour
from ._core import NashResult, result_html, result_summary
from ._n_player import nash
from ._two_player import nash_2p
from .pure import pure_nash

__all__ = ["BayesNashResult", "bayes_nash"]

_METHODS = ("pure", "ex_ante", "type_agent")
#: Two behavioural profiles closer than this are one equilibrium.
_DEDUP_ATOL = 1e-7


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class BayesNashResult(Result):
    """Bayes–Nash equilibria of a Bayesian game, each verified by interim regret.

    Iterating yields :class:`~mediation_sim.games.BayesianProfile` objects;
    ``result[k]["p1"]["strong"]`` is type ``strong``'s action distribution.

    Attributes
    ----------
    game : BayesianGame
        The game solved.
    method : str
        ``"pure"``, ``"ex_ante"`` or ``"type_agent"``.
    equilibria : tuple of BayesianProfile
        Verified equilibria (interim regret at most ``tol * payoff_range``).
    normal_form : NashResult
        The result of the normal-form solver the method used.
    parameters : Mapping[str, object]
        Arguments used.
    max_regret : float
        Largest interim regret among the equilibria (0.0 if none).
    success : bool
        Whether the normal-form solver succeeded.
    message : str
        Account of the run.
    n_rejected : int
        Normal-form equilibria whose behavioural form failed the interim check.
    """

    game: BayesianGame = field(repr=False)
    method: str
    equilibria: tuple[BayesianProfile, ...]
    normal_form: NashResult = field(repr=False)
    parameters: Mapping[str, object]
    max_regret: float
    success: bool
    message: str
    n_rejected: int = 0

    def __iter__(self) -> Iterator[BayesianProfile]:
        return iter(self.equilibria)

    def __len__(self) -> int:
        return len(self.equilibria)

    def __getitem__(self, index: int) -> BayesianProfile:
        return self.equilibria[index]

    def _summary(self) -> dict[str, Any]:
        """JSON-serialisable summary."""
        return {**result_summary(self), "n_rejected": self.n_rejected}

    def __repr__(self) -> str:
        n = len(self.equilibria)
        noun = "equilibrium" if n == 1 else "equilibria"
        return (
            f"BayesNashResult(method={self.method!r}, {n} {noun}, "
            f"max_regret={self.max_regret:.2g}, success={self.success})"
        )

    def _repr_html_(self) -> str:
        return result_html(self)


def _from_agent_vectors(game: BayesianGame, vectors: tuple[Any, ...]) -> BayesianProfile:
    out = []
    k = 0
    for i in range(game.n_players):
        rows = [np.asarray(vectors[k + t]) for t in range(game.n_types[i])]
        out.append(np.stack(rows))
        k += game.n_types[i]
    return game.as_profile(out)


@deprecate_positional("method")
def bayes_nash(
    game: BayesianGame,
    *,
    method: str = "pure",
    tol: float = DEFAULT_TOL,
    **options: Any,
) -> BayesNashResult:
    """Bayes–Nash equilibria of a finite Bayesian game, reported per type and verified.

    Algorithm:

    1. Build the normal form the method needs:
       :meth:`BayesianGame.type_agent_game` (``"pure"``, ``"type_agent"``)
       or :meth:`BayesianGame.ex_ante_game` (``"ex_ante"``).
    2. Solve it with the library's verified solver: ``pure_nash``, ``nash``
       (type-agent; ``options`` go to it, e.g. ``n_equilibria``), or
       ``nash_2p`` for two players / ``nash`` otherwise (ex-ante; ``options``
       go to it, e.g. ``method="vertex"`` as ``two_player_method``).
    3. Map each equilibrium to behavioural strategies per type (Kuhn's
       theorem for plan mixtures), merge duplicates, and verify each on the
       Bayesian game by interim regret: accepted when every type's gain
       from its best deviation is at most ``tol * game.payoff_range``.

    Parameters
    ----------
    game : BayesianGame
        Any number of players.
    method : {"pure", "ex_ante", "type_agent"}, default "pure"
        See the module docstring.
    tol : float, default 1e-8
        Relative tolerance (scale: :attr:`BayesianGame.payoff_range`).
    **options
        Passed to the normal-form solver. For ``"ex_ante"`` with two
        players, ``two_player_method`` chooses the :func:`nash_2p` method
        (default ``"support_enumeration"``).

    Returns
    -------
    BayesNashResult
        Verified equilibria, per type, with the normal-form result.

    Raises
    ------
    UnknownMethodError
        If ``method`` is not one of the three.
    InvalidArgumentError
        If ``game`` is not a :class:`BayesianGame` or ``tol`` is invalid.
    GameTooLargeError
        If the normal form would be too large to build.

    See Also
    --------
    mediation_sim.games.BayesianGame : the game and its two normal forms.
    communication_equilibrium : the outcomes a mediator can reach (a superset).

    Notes
    -----
    The type-agent form has ``sum_i T_i`` players and ``prod_i A_i**T_i``
    profiles; the ex-ante form the same number of profiles over ``n``
    players. Only types with positive prior probability exist
    (:class:`BayesianGame` refuses others), so the two forms' equilibria
    coincide with the Bayes–Nash equilibria.

    References
    ----------
    .. [1] J. C. Harsanyi, "Games with incomplete information played by
       'Bayesian' players", *Management Science* 14 (1967-68).
    .. [2] M. J. Osborne, *An Introduction to Game Theory*, Oxford
       University Press (2004), chapter 9.

    Examples
    --------
    Osborne's (2004, Example 9.1) Battle of the Sexes in which player 1 does
    not know whether player 2 wishes to meet (probability 1/2) or to avoid
    them: the unique pure equilibrium has player 1 choose Bach, and player
    2 choose Bach if she wishes to meet and Stravinsky otherwise.

    >>> import numpy as np
    >>> import mediation_sim as ms
    >>> meet = [[[2, 0], [0, 1]], [[1, 0], [0, 2]]]
    >>> avoid = [[[2, 0], [0, 1]], [[0, 2], [1, 0]]]
    >>> u = np.zeros((2, 1, 2, 2, 2))
    >>> u[:, 0, 0] = meet; u[:, 0, 1] = avoid
    >>> g = ms.games.BayesianGame.independent(
    ...     u, [[1.0], [0.5, 0.5]], types=[["one"], ["meet", "avoid"]],
    ...     actions=[["B", "S"], ["B", "S"]])
    >>> res = ms.solvers.bayes_nash(g)
    >>> res
    BayesNashResult(method='pure', 1 equilibrium, max_regret=0, success=True)
    >>> res[0]
    BayesianProfile(p1={one: B}, p2={meet: B; avoid: S})
    >>> res[0].is_bayes_nash()
    True
    """
    func = "bayes_nash"
    if not isinstance(game, BayesianGame):
        raise InvalidArgumentError(
            f"{func}(): game must be a BayesianGame, got {type(game).__name__}"
        )
    tol = check_tol(tol, func=func)
    if method not in _METHODS:
        raise UnknownMethodError(
            f"{func}(): unknown method {method!r}; valid methods: {', '.join(map(repr, _METHODS))}"
        )
    candidates: list[BayesianProfile] = []
    if method == "pure":
        if options:
            raise InvalidArgumentError(
                f"{func}(): method 'pure' takes no options, got {sorted(options)}"
            )
        nf = pure_nash(game.type_agent_game(), tol=tol)
        candidates = [_from_agent_vectors(game, eq.probabilities) for eq in nf]
    elif method == "type_agent":
        nf = nash(game.type_agent_game(), tol=tol, **options)
        candidates = [_from_agent_vectors(game, eq.probabilities) for eq in nf]
    else:
        ex = game.ex_ante_game()
        if game.n_players == 2:
            rest = {k: v for k, v in options.items() if k != "two_player_method"}
            inner = options.get("two_player_method", "support_enumeration")
            nf = nash_2p(ex, method=inner, tol=tol, **rest)
        else:
            nf = nash(ex, tol=tol, **options)
        candidates = [
            game.as_profile([plan_to_behaviour(game, i, v) for i, v in enumerate(eq.probabilities)])
            for eq in nf
        ]
    bound = tol * game.payoff_range
    kept: list[BayesianProfile] = []
    rejected = 0
    for cand in candidates:
        if cand.regret > bound:
            rejected += 1
            continue
        if any(cand.isclose(k, atol=_DEDUP_ATOL) for k in kept):
            continue
        kept.append(cand)
    max_regret = max((k.regret for k in kept), default=0.0)
    message = (
        f"{len(kept)} Bayes-Nash equilibri{'um' if len(kept) == 1 else 'a'} from "
        f"{nf.method} on the {'ex-ante' if method == 'ex_ante' else 'type-agent'} form"
    )
    if rejected:
        message += f"; {rejected} rejected by the interim regret check"
    params: dict[str, object] = {"method": method, "tol": tol}
    params.update(options)
    return BayesNashResult(
        game=game,
        method=method,
        equilibria=tuple(kept),
        normal_form=nf,
        parameters=MappingProxyType(params),
        max_regret=float(max_regret),
        success=bool(nf.success),
        message=message,
        n_rejected=rejected,
    )
