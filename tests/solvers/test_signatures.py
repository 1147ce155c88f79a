"""One vocabulary for every public solver, checked against its declared capabilities.

Issue 10 item 4: the game is the only positional argument (others keyword-only, unless the
registry declares why), ``init`` not ``initial``, ``max_iter`` not ``n_iter``, ``tol``/``rng``
with one meaning. Failed before: ``fictitious_play(n_iter=, initial=)``,
``replicator_dynamics(initial=)``, ``nash(game, method)``/``nash_2p(game, method)`` and
``iterated_elimination(game, mixed)`` positional, and ``rng=None`` meaning fresh entropy in
some solvers and a fixed seed in others. Also failed before: ``qre(game, lam)``,
``correlated(game, objective)``, ``communication_equilibrium(game, objective)``,
``bayes_nash(game, method)`` and ``finite_horizon(game, horizon)`` declared their option
positional (they still accept it by position, with a DeprecationWarning, until 0.3).
"""

from __future__ import annotations

import inspect

import numpy as np
import pytest

import mediation_sim as ms
from mediation_sim._validation import DEFAULT_TOL
from mediation_sim.solvers import SOLVER_CAPABILITIES
from mediation_sim.testing import check_solver_contract

PUBLIC = sorted(
    name for name in ms.solvers.__all__ if inspect.isfunction(getattr(ms.solvers, name))
)
P = inspect.Parameter
POSITIONAL = (P.POSITIONAL_ONLY, P.POSITIONAL_OR_KEYWORD)

#: Synonyms the vocabulary replaces (HOUSE_STYLE rule 4), with the word to use instead.
SYNONYMS = {
    "initial": "init",
    "x0": "init",
    "start": "init",
    "n_iter": "max_iter",
    "maxiter": "max_iter",
    "max_iters": "max_iter",
    "n_steps": "max_iter",
    "random_state": "rng",
    "seed": "rng",
    "epsilon": "tol",
    "eps": "tol",
    "maxregret": "tol",
}


def test_every_public_solver_declares_its_capabilities():
    assert sorted(SOLVER_CAPABILITIES) == PUBLIC
    for name, caps in SOLVER_CAPABILITIES.items():
        assert caps.name == name
        assert caps.kind in {"equilibrium", "solution", "dynamics", "check"}
        assert (caps.kind == "check") == (caps.finds == "verdict")
        assert (caps.kind == "dynamics") == (caps.finds == "path")


@pytest.mark.parametrize("name", PUBLIC)
def test_signature_follows_the_vocabulary(name):
    func = getattr(ms.solvers, name)
    caps = SOLVER_CAPABILITIES[name]
    params = inspect.signature(func).parameters
    assert not any(p.kind is P.VAR_POSITIONAL for p in params.values())
    positional = tuple(p.name for p in params.values() if p.kind in POSITIONAL)
    assert positional == caps.positional, f"only {caps.positional} may be positional"
    if len(positional) > 1 or positional[0] not in ("game", "tree", "problem", "payoffs"):
        assert caps.reason, "a second positional argument needs a declared reason"
        # only a check's candidate or a closed form's defining numbers, never an option
        assert caps.kind == "check" or caps.input == "bargaining", f"{name}: options by keyword"
    for word, instead in SYNONYMS.items():
        assert word not in params, f"{name}(): say {instead!r}, not {word!r}"
    if "tol" in params:
        assert params["tol"].kind is P.KEYWORD_ONLY
        assert params["tol"].default == DEFAULT_TOL
    if "max_iter" in params:
        default = params["max_iter"].default
        assert params["max_iter"].kind is P.KEYWORD_ONLY
        assert isinstance(default, int)
        assert default > 0
    if "init" in params:
        assert params["init"].kind is P.KEYWORD_ONLY
        assert params["init"].default is None


@pytest.mark.parametrize("name", PUBLIC)
def test_rng_is_where_the_capabilities_say_with_one_meaning(name):
    func = getattr(ms.solvers, name)
    caps = SOLVER_CAPABILITIES[name]
    params = inspect.signature(func).parameters
    forwards = any(p.kind is P.VAR_KEYWORD for p in params.values())
    if "rng" in params:
        rng = params["rng"]
        assert caps.stochastic
        assert rng.kind is P.KEYWORD_ONLY
        assert rng.default is None
        assert str(rng.annotation).replace(" ", "") == "int|np.random.Generator|None"
        doc = " ".join((func.__doc__ or "").split())
        assert "rng : int, Generator or None, default None" in doc
        assert "``None`` means the fixed seed :data:`~mediation_sim.solvers.DEFAULT_SEED`" in doc
    else:
        assert not caps.stochastic or forwards, f"{name} is declared stochastic but takes no rng"


def _normal_form_calls():
    extra = {"qre": {"lam": 2.0}, "fictitious_play": {"max_iter": 30, "tie_break": "random"}}
    for name, caps in sorted(SOLVER_CAPABILITIES.items()):
        if caps.input == "normal_form" and caps.kind != "check" and caps.positional[0] == "game":
            yield pytest.param(name, extra.get(name, {}), id=name)


@pytest.mark.parametrize(("name", "options"), list(_normal_form_calls()))
def test_registry_contract_pickle_rng_and_nan(name, options):
    """Every normal-form solver: pickle round trip, same rng same answer, NaN refused."""
    game = ms.games.battle_of_the_sexes()
    check_solver_contract(getattr(ms.solvers, name), game, **options)


@pytest.mark.parametrize(
    "name",
    [
        n
        for n, c in sorted(SOLVER_CAPABILITIES.items())
        if c.stochastic and c.input != "coalitional"
    ],
)
def test_rng_none_is_the_default_seed(name):
    """``rng=None`` and ``rng=DEFAULT_SEED`` are the same draws in every stochastic solver."""
    options = {"fictitious_play": {"max_iter": 40, "tie_break": "random"}}.get(
        name, {"n_equilibria": 2, "max_starts": 3}
    )
    if name == "nash":
        options = {**options, "presolve": False}
    func = getattr(ms.solvers, name)
    game = ms.games.volunteers_dilemma(3) if name != "fictitious_play" else ms.games.chicken()
    if SOLVER_CAPABILITIES[name].kind == "check":  # a verdict on a candidate equilibrium
        a = func(game, [0, 1, 1], rng=None)
        b = func(game, [0, 1, 1], rng=ms.solvers.DEFAULT_SEED)
        assert repr(a) == repr(b)
        return
    if name in ("perfect_equilibria", "proper_equilibria"):
        options = {}
    a = func(game, rng=None, **options)
    b = func(game, rng=ms.solvers.DEFAULT_SEED, **options)
    if hasattr(a, "equilibria"):
        assert len(a) == len(b)
        for x, y in zip(a, b, strict=True):
            assert x.isclose(y, atol=0.0)
    else:
        np.testing.assert_array_equal(np.hstack(a.probabilities), np.hstack(b.probabilities))


def test_sampled_power_indices_use_the_default_seed():
    game = ms.games.WeightedVotingGame(6, [4, 3, 2, 1])
    for func in (
        ms.solvers.shapley_value,
        ms.solvers.shapley_shubik_index,
        ms.solvers.banzhaf_index,
    ):
        a = func(game, method="sampling", n_samples=200)
        b = func(game, method="sampling", n_samples=200, rng=ms.solvers.DEFAULT_SEED)
        np.testing.assert_array_equal(a.values, b.values)
