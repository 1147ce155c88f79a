"""Options that were positional still work by position until 0.3, with a DeprecationWarning.

Issue 10 item 4 made ``lam``, ``objective``, ``method`` and ``horizon`` keyword-only; one
shared decorator (:func:`mediation_sim._deprecation.deprecate_positional`) keeps old calls
running, warns with the keyword to use, and gives the same answer as the new call.
"""

from __future__ import annotations

import inspect
import pickle
import warnings

import numpy as np
import pytest

import mediation_sim as ms
from mediation_sim._deprecation import deprecate_positional


def _bayesian() -> ms.games.BayesianGame:
    u = np.zeros((2, 1, 2, 2, 2))
    u[:, 0, 0] = [[[2, 0], [0, 1]], [[1, 0], [0, 2]]]
    u[:, 0, 1] = [[[2, 0], [0, 1]], [[0, 2], [1, 0]]]
    return ms.games.BayesianGame.independent(u, [[1.0], [0.5, 0.5]])


def _stochastic() -> ms.games.StochasticGame:
    pd = ms.games.prisoners_dilemma()
    return ms.games.StochasticGame([pd.payoffs], [np.ones((*pd.shape, 1))], 0.9)


#: (solver, game factory, the option that was positional, a value for it)
CASES = [
    ("qre", ms.games.matching_pennies, "lam", 3.0),
    ("correlated", ms.games.chicken, "objective", ("payoff", 0)),
    ("communication_equilibrium", _bayesian, "objective", ("payoff", 1)),
    ("bayes_nash", _bayesian, "method", "ex_ante"),
    ("finite_horizon", _stochastic, "horizon", 3),
]
IDS = [case[0] for case in CASES]


@pytest.mark.parametrize(("name", "make", "option", "value"), CASES, ids=IDS)
def test_the_option_is_keyword_only(name, make, option, value):
    params = inspect.signature(getattr(ms.solvers, name)).parameters
    assert params[option].kind is inspect.Parameter.KEYWORD_ONLY
    assert next(iter(params)) == "game"


@pytest.mark.parametrize(("name", "make", "option", "value"), CASES, ids=IDS)
def test_a_positional_call_warns_naming_the_keyword_and_gives_the_same_answer(
    name, make, option, value
):
    func = getattr(ms.solvers, name)
    game = make()
    expected = func(game, **{option: value})
    with pytest.warns(DeprecationWarning, match=rf"{name}\(\): pass {option} by keyword") as rec:
        old = func(game, value)
    assert rec[0].filename == __file__  # the warning points at the caller's line
    assert repr(old) == repr(expected)
    assert old.to_dict() == expected.to_dict()


def test_keyword_calls_do_not_warn():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ms.solvers.qre(ms.games.matching_pennies(), lam=1.0)
        ms.solvers.correlated(ms.games.chicken())


def test_the_option_twice_is_a_type_error():
    with pytest.raises(TypeError, match="multiple values for argument 'lam'"):
        ms.solvers.qre(ms.games.matching_pennies(), 1.0, lam=2.0)  # type: ignore[misc]


def test_more_positional_arguments_than_ever_allowed_are_a_type_error():
    with pytest.raises(TypeError):
        ms.solvers.qre(ms.games.matching_pennies(), 1.0, 1e-6)  # type: ignore[misc]


def test_decorated_solvers_pickle_by_reference():
    for name in IDS:
        func = getattr(ms.solvers, name)
        assert pickle.loads(pickle.dumps(func)) is func


def test_the_decorator_refuses_a_name_that_is_not_keyword_only():
    def f(x, y=1, *, z=2):
        return x + y + z

    with pytest.raises(TypeError, match="no keyword-only parameter 'y'"):
        deprecate_positional("y")(f)


def test_several_options_move_in_their_old_order():
    @deprecate_positional("a", "b", removed_in="9.9")
    def f(x, *, a=0, b=0, c=0):
        return (x, a, b, c)

    moved = r"pass a, b by keyword \(a=\.\.\., b=\.\.\.\).*9\.9"
    with pytest.warns(DeprecationWarning, match=moved):
        assert f(1, 2, 3, c=4) == (1, 2, 3, 4)
    with pytest.warns(DeprecationWarning, match="pass a by keyword"):
        assert f(1, 2, b=5) == (1, 2, 5, 0)
