"""A contract test suite that every Nash solver passes, and that you can run on your own.

Subclass :class:`NashSolverContract` in a test module, set ``solver`` (and
the class attributes that describe it), and pytest collects the inherited
tests:

.. code-block:: python

    from mediation_sim.testing import NashSolverContract
    import mediation_sim as ms

    class TestMySolver(NashSolverContract):
        solver = staticmethod(my_solver)   # game, *, tol=... -> NashResult
        n_players = 2                      # None: any number of players
        finds_all = False                  # True for complete enumeration methods

The tests draw games with Hypothesis, so the active Hypothesis profile sets
how many are tried.

A solver listed in :data:`mediation_sim.solvers.SOLVER_CAPABILITIES` takes
its declared capabilities from there (``capabilities`` is filled in by name);
they decide which checks apply: the ``rng`` reproducibility checks run for
stochastic solvers only. :func:`check_solver_contract` runs the checks that
need no Hypothesis — pickle round trip, same ``rng`` same answer, NaN options
refused — on any solver and game, and is what the registry-wide test calls.
"""

from __future__ import annotations

import functools
import inspect
import math
import pickle
from collections.abc import Callable
from typing import Any, ClassVar

import numpy as np
import pytest

from .._errors import InvalidArgumentError, MediationSimError
from ..games import catalog
from ..games.normal_form import NormalFormGame
from ..solvers import SOLVER_CAPABILITIES, NashResult, SolverCapabilities
from ..solvers.pure import pure_nash
from ._hypothesis import given, st
from .assertions import assert_is_equilibrium, assert_same_equilibria, assert_valid_nash_result
from .strategies import (
    affine_rescalings,
    game_permutations,
    games_with_pure_equilibrium,
    normal_form_games,
    payoff_values,
)

__all__ = ["NashSolverContract", "check_nash_solver", "check_solver_contract"]


def check_nash_solver(
    solver: Callable[..., NashResult], game: NormalFormGame, **options: Any
) -> NashResult:
    """Run ``solver`` on ``game`` and assert the result contract; return the result.

    Checks :func:`~mediation_sim.testing.assert_valid_nash_result` and that a
    second call gives the same equilibria (determinism).
    """
    first = solver(game, **options)
    assert_valid_nash_result(first, game)
    second = solver(game, **options)
    assert_same_equilibria(first, second, atol=1e-9)
    return first


def _fingerprint(result: Any, *, parameters: bool = True) -> str:
    """A comparable text of a result: its ``to_dict()`` (or the array) as ``repr``.

    ``parameters=False`` leaves out the record of the arguments (which names a
    Generator by its ``repr``, an object address).
    """
    if hasattr(result, "to_dict"):
        data = result.to_dict()
        if not parameters and isinstance(data, dict):
            data.pop("parameters", None)
            data.pop("fields", None)  # the exact encoding records the parameters too
        return repr(data)
    return repr(np.asarray(result).tolist())


def capabilities_of(solver: Callable[..., Any]) -> SolverCapabilities | None:
    """The registered capabilities of ``solver`` (through ``functools.partial``), if any."""
    while isinstance(solver, functools.partial):
        solver = solver.func
    name = getattr(solver, "__name__", None)
    caps = SOLVER_CAPABILITIES.get(name) if isinstance(name, str) else None
    if caps is None:
        return None
    from .. import solvers

    return caps if getattr(solvers, caps.name, None) is solver else None


def check_solver_contract(
    solver: Callable[..., Any],
    game: Any,
    *,
    capabilities: SolverCapabilities | None = None,
    **options: Any,
) -> Any:
    """Assert the checks every solver passes on ``game``; return its result.

    1. The result survives a pickle round trip unchanged (``to_dict()``).
    2. Stochastic solvers (``capabilities.stochastic``; looked up in
       :data:`~mediation_sim.solvers.SOLVER_CAPABILITIES` when not given):
       the same ``rng`` (``None``, an int, a freshly seeded Generator) gives
       the same result, and an ``rng`` of the wrong type is refused.
    3. A NaN or infinite ``tol``, and an ``init`` holding NaN, are refused with
       a :class:`~mediation_sim.MediationSimError` (the game itself cannot hold
       NaN: :class:`~mediation_sim.NormalFormGame` refuses it).

    Examples
    --------
    >>> import mediation_sim as ms
    >>> from mediation_sim.testing import check_solver_contract
    >>> res = check_solver_contract(ms.solvers.logit_nash, ms.games.matching_pennies())
    >>> ms.games.matching_pennies().is_nash(res[0])
    True
    """
    caps = capabilities if capabilities is not None else capabilities_of(solver)
    params = inspect.signature(solver).parameters
    result = solver(game, **options)
    again = pickle.loads(pickle.dumps(result))
    assert type(again) is type(result)
    assert _fingerprint(again) == _fingerprint(result), "a pickle round trip changed the result"
    if caps is not None and caps.stochastic:
        for make in (lambda: None, lambda: 20_240, lambda: np.random.default_rng(7)):
            first = solver(game, **{**options, "rng": make()})
            second = solver(game, **{**options, "rng": make()})
            assert _fingerprint(first, parameters=False) == _fingerprint(
                second, parameters=False
            ), "the same rng gave other results"
        with pytest.raises(InvalidArgumentError, match="rng"):
            solver(game, **{**options, "rng": "seed"})
    if "tol" in params:
        for bad in (math.nan, math.inf):
            with pytest.raises(InvalidArgumentError, match="tol"):
                solver(game, **{**options, "tol": bad})
    if "init" in params:
        shape = getattr(game, "shape", None)
        if shape is not None:
            init = [np.full(s, 1.0 / s) for s in shape]
            init[0] = init[0].copy()
            init[0][0] = math.nan
            with pytest.raises(MediationSimError):
                solver(game, **{**options, "init": init})
    return result


#: Payoffs for contract games: finite floats in [-10, 10] with magnitudes below 1e-6
#: snapped to 0, so that a shift by a rescaling never erases a payoff in floating point.
_PAYOFFS = payoff_values().map(lambda x: x if abs(x) >= 1e-6 else 0.0)


@st.composite
def _contract_games(draw: st.DrawFn, n_players: int | None, max_strategies: int) -> NormalFormGame:
    n = n_players if n_players is not None else draw(st.integers(2, 3))
    return draw(
        normal_form_games(
            n_players=n, max_strategies=max_strategies, min_strategies=1, elements=_PAYOFFS
        )
    )


class NashSolverContract:
    """Inherited pytest tests that any Nash solver must pass.

    Attributes
    ----------
    solver : callable
        ``solver(game, *, tol=...) -> NashResult``; wrap with ``staticmethod``.
    n_players : int or None
        Number of players the solver handles (None: tested on 2 and 3).
    finds_all : bool
        Whether the solver claims to return *every* (extreme) equilibrium of
        a nondegenerate game; then its pure equilibria must equal
        :func:`~mediation_sim.solvers.pure_nash`'s, and the equilibrium set
        must be invariant under rescaling and permutation.
    max_strategies : int
        Largest strategy count in the drawn games.
    options : dict
        Extra keyword options passed to the solver.
    capabilities : SolverCapabilities or None
        The solver's declared capabilities; filled in from
        :data:`~mediation_sim.solvers.SOLVER_CAPABILITIES` for a registered
        solver (also through ``functools.partial``). ``stochastic`` ones get
        the ``rng`` reproducibility checks.
    """

    solver: ClassVar[Callable[..., NashResult]]
    n_players: ClassVar[int | None] = None
    finds_all: ClassVar[bool] = False
    max_strategies: ClassVar[int] = 3
    options: ClassVar[dict[str, Any]] = {}
    capabilities: ClassVar[SolverCapabilities | None] = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Give each subclass its own copies of the inherited ``@given`` tests.

        Hypothesis refuses to run one ``@given`` function from instances of
        several classes in a session (``HealthCheck.differing_executors``),
        which is what several contract subclasses would otherwise do.
        """
        super().__init_subclass__(**kwargs)
        solver = vars(cls).get("solver")
        if "capabilities" not in vars(cls) and solver is not None:
            cls.capabilities = capabilities_of(getattr(solver, "__func__", solver))
        for klass in reversed(cls.__mro__):
            for name, attr in vars(klass).items():
                handle = getattr(attr, "hypothesis", None)
                if not name.startswith("test_") or handle is None or name in vars(cls):
                    continue
                setattr(cls, name, given(data=st.data())(handle.inner_test))

    def _solve(self, game: NormalFormGame, **extra: Any) -> NashResult:
        return check_nash_solver(type(self).solver, game, **{**self.options, **extra})

    def _players_ok(self, game: NormalFormGame) -> bool:
        return self.n_players is None or game.n_players == self.n_players

    def test_known_answers(self) -> None:
        """Matching pennies' unique equilibrium is uniform; the Prisoner's Dilemma's is (D, D)."""
        if self.n_players not in (None, 2):
            games = [catalog.volunteers_dilemma(self.n_players)]
            for g in games:
                res = self._solve(g)
                assert res.success, res.message
                assert len(res) >= 1
            return
        mp = catalog.matching_pennies()
        res = self._solve(mp)
        assert res.success, res.message
        assert_same_equilibria(res, [mp.as_profile([[0.5, 0.5], [0.5, 0.5]])], atol=1e-6)
        pd = catalog.prisoners_dilemma()
        res = self._solve(pd)
        assert_same_equilibria(res, [pd.as_profile(("defect", "defect"))], atol=1e-6)

    def test_declared_capabilities_hold(self) -> None:
        """A registered solver's class attributes agree with its declared capabilities."""
        caps = self.capabilities
        if caps is None:
            return
        assert caps.kind == "equilibrium"
        if caps.players is not None:
            assert self.n_players == caps.players
        if self.finds_all:  # every equilibrium, or every pure one for a pure solver
            assert caps.finds in ("all", "all_pure")

    def test_pickle_rng_and_nan_checks(self) -> None:
        """Pickle round trip, same rng same answer (stochastic solvers), NaN options refused."""
        game = (
            catalog.battle_of_the_sexes()
            if self.n_players in (None, 2)
            else catalog.volunteers_dilemma(self.n_players)
        )
        check_solver_contract(
            type(self).solver, game, capabilities=self.capabilities, **self.options
        )

    def test_rejects_a_non_game(self) -> None:
        """Passing a bare array raises InvalidArgumentError naming the argument."""
        with pytest.raises(InvalidArgumentError, match="game"):
            type(self).solver(np.zeros((2, 2, 2)), **self.options)

    def test_rejects_negative_tol(self) -> None:
        """A negative tolerance raises InvalidArgumentError naming ``tol``."""
        game = (
            catalog.matching_pennies()
            if self.n_players in (None, 2)
            else (catalog.volunteers_dilemma(self.n_players))
        )
        with pytest.raises(InvalidArgumentError, match="tol"):
            self._solve(game, tol=-1.0)

    @given(data=st.data())
    def test_returns_verified_equilibria(self, data: st.DataObject) -> None:
        """Every returned profile has regret within tol, on random games."""
        game = data.draw(_contract_games(self.n_players, self.max_strategies))
        res = self._solve(game)
        if self.finds_all or res.success:
            for eq in res:
                assert_is_equilibrium(game, eq, tol=float(res.parameters["tol"]))  # type: ignore[arg-type]

    @given(data=st.data())
    def test_finds_planted_pure_equilibrium(self, data: st.DataObject) -> None:
        """Complete methods find a planted strict pure equilibrium, and every pure one.

        Payoffs are integers, so ties are exact and every reasonable tie
        tolerance agrees with :func:`~mediation_sim.solvers.pure_nash`.
        """
        game, planted = data.draw(
            games_with_pure_equilibrium(
                n_players=self.n_players if self.n_players is not None else st.integers(2, 3),
                max_strategies=self.max_strategies,
                elements=payoff_values(integers=True),
                margin=1.0,
            )
        )
        res = self._solve(game)
        if self.finds_all:
            assert planted in res.pure_profiles(), (planted, res)
            assert set(pure_nash(game).pure_profiles()) <= set(res.pure_profiles())
        else:
            assert res.success, res.message

    @given(data=st.data())
    def test_invariant_under_rescaling(self, data: st.DataObject) -> None:
        """Positive affine rescaling leaves equilibria valid (and, if complete, the whole set).

        The verifier's tolerance is relative to the whole game's payoff
        range, so per-player rescaling changes what it allows a player:
        regret ``tol * R'`` in the scaled game (range ``R'``) is regret
        ``tol * R' / scale_i`` for player ``i`` in the original. The check
        back in the original game allows each player that (with a margin of
        100 over the solvers' default ``tol``), no more: a nearly
        indifferent player whose payoffs were shrunk may pick the slightly
        worse action, as the verifier's tolerance says it may.
        """
        game = data.draw(_contract_games(self.n_players, self.max_strategies))
        scale, shift = data.draw(affine_rescalings(game.n_players))
        scaled = game.affine_transform(scale, shift)
        res = self._solve(scaled)
        # each player's allowance in the original game's units
        allowed = 1e-6 * np.maximum(game.payoff_range, scaled.payoff_range / scale)
        for eq in res:
            regrets = game.as_profile(eq.probabilities).player_regrets
            assert (regrets <= allowed).all(), (eq, regrets, allowed)
        if self.finds_all:
            assert_same_equilibria(res, self._solve(game), atol=1e-6)

    @given(data=st.data())
    def test_commutes_with_permutation(self, data: st.DataObject) -> None:
        """Relabelling players and strategies commutes with solving."""
        game = data.draw(_contract_games(self.n_players, self.max_strategies))
        players, strategies = data.draw(game_permutations(game))
        permuted = game.permute(players=players, strategies=strategies)
        res = self._solve(permuted)
        # map each equilibrium of the permuted game back to the original labels
        back = []
        for eq in res:
            vectors: list[Any] = [None] * game.n_players
            for new_i, old_i in enumerate(players):
                v = np.zeros(game.shape[old_i])
                v[strategies[old_i]] = eq.probabilities[new_i]
                vectors[old_i] = v
            back.append(game.as_profile(vectors))
        for eq in back:
            assert_is_equilibrium(game, eq, tol=1e-6)
        if self.finds_all:
            assert_same_equilibria(back, self._solve(game), atol=1e-6)
