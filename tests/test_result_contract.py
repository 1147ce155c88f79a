"""Every public result type round-trips through pickle and JSON and still renders.

``CASES`` maps each :class:`mediation_sim.Result` subclass to a function that
obtains a real instance from the public API (small games, short runs). A
result type that gains no case fails :func:`test_every_result_type_has_a_case`.
"""

from __future__ import annotations

import inspect
import json
import pickle
from collections.abc import Callable
from functools import cache
from typing import Any

import numpy as np
import pytest

import mediation_sim as ms
from mediation_sim import _results
from mediation_sim.games import BargainingProblem, GameTree, TUGame, decision, terminal

_LAYERS = ("games", "solvers", "models", "scenarios", "analysis", "io", "testing")


@cache
def _scenario() -> Any:
    return ms.scenarios.load("ukraine-2023")


@cache
def _report() -> Any:
    return ms.analysis.report(_scenario(), modes=["strategic"])


@cache
def _comparison() -> Any:
    return ms.analysis.compare_structures(
        _scenario(), "china_pressure", outcome="withdrawal", at=0.8
    )


def _stochastic() -> Any:
    pd = ms.games.prisoners_dilemma()
    return ms.games.StochasticGame(
        [pd.payoffs],
        [[[[1.0], [1.0]], [[1.0], [1.0]]]],
        0.9,
        players=pd.players,
        actions=[pd.strategies],
    )


def _proper_game() -> Any:
    a = np.array([[1, 0, -9], [0, 0, -7], [-9, -7, -7]])
    return ms.NormalFormGame([a, a.T], strategies=[["T", "M", "B"], ["L", "M", "R"]])


def _perfect_game() -> Any:
    return ms.NormalFormGame(
        [[[1, 0], [0, 0]], [[1, 0], [0, 0]]], strategies=[["T", "B"], ["L", "R"]]
    )


def _entry_tree() -> Any:
    return GameTree(
        decision(
            "entrant",
            {
                "out": terminal([0, 2]),
                "in": decision(
                    "incumbent",
                    {"fight": terminal([-1, -1]), "accommodate": terminal([1, 1])},
                ),
            },
        )
    )


def _signalling_tree() -> Any:
    def market(fight: list[int], accommodate: list[int]) -> Any:
        return decision(
            "incumbent",
            {"fight": terminal(fight), "accommodate": terminal(accommodate)},
            infoset="market",
        )

    tough = decision(
        "entrant", {"out": terminal([0, 2]), "enter": market([-1, 1], [1, 0])}, infoset="t"
    )
    weak = decision(
        "entrant", {"out": terminal([0, 2]), "enter": market([-1, -1], [1, 0])}, infoset="w"
    )
    return GameTree(ms.games.chance({"tough": (0.5, tough), "weak": (0.5, weak)}))


def _bayesian() -> Any:
    meet = [[[2, 0], [0, 1]], [[1, 0], [0, 2]]]
    avoid = [[[2, 0], [0, 1]], [[0, 2], [1, 0]]]
    u = np.zeros((2, 1, 2, 2, 2))
    u[:, 0, 0] = meet
    u[:, 0, 1] = avoid
    return ms.games.BayesianGame(u, np.array([[0.5, 0.5]]))


def _glove() -> Any:
    return TUGame.from_function(["L", "R1", "R2"], lambda m: m[:, 0] & (m[:, 1] | m[:, 2]))


CASES: dict[str, Callable[[], Any]] = {
    "NashResult": lambda: ms.solvers.nash_2p(ms.games.matching_pennies()),
    "AllNashResult": lambda: ms.solvers.all_nash(ms.games.battle_of_the_sexes()),
    "PerfectResult": lambda: ms.solvers.perfect_equilibria(_perfect_game()),
    "ProperResult": lambda: ms.solvers.proper_equilibria(_proper_game()),
    "PerfectionCheck": lambda: ms.solvers.perfection(_perfect_game(), ["B", "R"]),
    "PropernessCheck": lambda: ms.solvers.properness(_proper_game(), ["M", "M"]),
    "QREResult": lambda: ms.solvers.qre(ms.games.matching_pennies(), lam=3.0),
    "QREPath": lambda: ms.solvers.qre_path(ms.games.battle_of_the_sexes()),
    "StationaryResult": lambda: ms.solvers.stationary_equilibrium(_stochastic()),
    "FiniteHorizonResult": lambda: ms.solvers.finite_horizon(_stochastic(), horizon=3),
    "CommunicationResult": lambda: ms.solvers.communication_equilibrium(
        ms.games.BayesianGame(ms.games.chicken().payoffs[:, None, None], np.ones((1, 1)))
    ),
    "BayesNashResult": lambda: ms.solvers.bayes_nash(_bayesian()),
    "PBEResult": lambda: ms.solvers.perfect_bayesian(_signalling_tree()),
    "SubgamePerfectResult": lambda: ms.solvers.backward_induction(_entry_tree()),
    "EliminationResult": lambda: ms.solvers.iterated_elimination(
        ms.NormalFormGame([[[3, 0], [1, 1], [0, 3]], [[0, 1], [0, 0], [1, 0]]])
    ),
    "CorrelatedResult": lambda: ms.solvers.correlated(ms.games.chicken()),
    "Trajectory": lambda: ms.solvers.fictitious_play(
        ms.games.matching_pennies(), max_iter=200, record_every=50
    ),
    "AlternatingOffersResult": lambda: ms.solvers.alternating_offers(
        3, 0.9, 0.8, grid=10, method="tree"
    ),
    "RubinsteinSolution": lambda: ms.solvers.rubinstein(0.9, 0.8),
    "BargainingSolution": lambda: ms.solvers.nash_bargaining(
        BargainingProblem.divide_the_pie(disagreement=(0.2, 0.3))
    ),
    "PowerIndexResult": lambda: ms.solvers.shapley_value(_glove()),
    "CoreCheck": lambda: ms.solvers.core_violation(_glove(), [2 / 3, 1 / 6, 1 / 6]),
    "SimulationResult": lambda: ms.models.battlefield.simulate(0.55, 4, 10, n_runs=200, rng=0),
    "CheckResult": lambda: ms.scenarios.check_assumptions(_scenario(), n_samples=5, rng=0)[0],
    "MonteCarloResult": lambda: ms.analysis.monte_carlo(
        _scenario(), n=16, rng=0, mode="committed", block_size=16
    ),
    "CriticalValueResult": lambda: ms.analysis.critical_value(
        _scenario(), "china_pressure", outcome="withdrawal", mode="committed"
    ),
    "DynamicMonteCarloResult": lambda: ms.analysis.dynamic_monte_carlo(
        ms.scenarios.load_dynamic("ukraine-2023-dynamic"), 20, pressure=0.8, rng=0
    ),
    "SensitivityResult": lambda: ms.analysis.sensitivity(
        _scenario(), method="oat", mode="committed"
    ),
    "ForecastMonteCarloResult": lambda: ms.analysis.forecast_monte_carlo(
        _scenario(), 20, rng=1, china_pressure=0.5
    ),
    "ScenarioReport": _report,
    "StructureComparison": _comparison,
    "EquilibriumCredibility": lambda: ms.analysis.equilibrium_credibility(
        _scenario(), china_pressure=0.6
    )[0],
    "Selection": lambda: ms.analysis.select_equilibrium(
        _scenario().with_structure("simultaneous"), "best", china_pressure=0.6
    ),
    "Multiplicity": lambda: ms.analysis.equilibrium_multiplicity(
        ms.analysis.sweep(
            _scenario().with_structure("simultaneous"), china_pressure=np.linspace(0, 1, 5)
        )
    ),
    "RiskReturnSolution": lambda: ms.models.RiskReturnModel(
        p=0.5, cost_a=0.1, cost_b_low=0.0, cost_b_high=0.4, leverage=0.5
    ).solve(0.3),
    "HMSSolution": lambda: ms.models.HMSModel(q=0.5, p=0.8, theta=0.8).mediation(),
    "ShuttleSolution": lambda: ms.models.ShuttleDiplomacyModel.costs(
        p=0.5,
        costs1=[-0.1, 0.3],
        costs2=[-0.1, 0.3],
        prior1=[0.5, 0.5],
        prior2=[0.5, 0.5],
        signal_accuracy=1.0,
        splits=4,
    ).mediation(),
    "CredibilityBand": lambda: ms.models.BiasedMediatorModel(
        prior_resolved=0.5,
        concession=0.4,
        victory=0.7,
        p=0.5,
        cost_a=0.2,
        cost_b=0.2,
        escalation=0.2,
        mediator_war_cost=0.1,
    ).credibility_band(),
    "LearningPath": lambda: ms.models.FightingAndLearning(
        prior_strong=0.2,
        q_strong=0.02,
        q_weak=0.4,
        win_strong=0.2,
        win_weak=0.0,
        cost_a=0.01,
        cost_b=0.01,
        horizon=15,
        leverage=0.3,
    ).path(0.2),
    "AttritionPath": lambda: ms.models.WarOfAttrition(
        value_a=1.0, value_b=1.0, cost_a=0.1, cost_b=0.1, delta=0.9
    ).path(periods=10),
    "RationalistState": lambda: ms.models.RationalistModel(
        p=0.6, cost_a=0.1, cost_b=0.15, leverage=0.5, sides=("kyiv", "moscow")
    ).at(np.linspace(0.0, 1.0, 3)),
    "BDMForecast": lambda: ms.scenarios.forecast(_scenario(), china_pressure=0.0),
    "SMPForecast": lambda: ms.scenarios.forecast_smp(_scenario(), china_pressure=1.0),
    "CondorcetElection": lambda: ms.scenarios.forecast_election(_scenario(), china_pressure=0.6),
    "BeijingTypeSolution": lambda: ms.scenarios.load_beijing_type().solve(),
    "CredibilityPremium": lambda: ms.scenarios.load_beijing_type().credibility_premium(n=5),
    "VisibleStep": lambda: ms.scenarios.load_beijing_type().visible_step(),
    "DynamicSolution": lambda: ms.scenarios.load_dynamic("ukraine-2023-dynamic").solve(0.5),
    "SubgamePerfectBatch": lambda: _scenario().subgame_perfect(
        china_pressure=0.9, mode="committed"
    ),
    "BargainedPath": lambda: (
        _scenario()
        .with_bargaining("take_it_or_leave_it", proposer="kyiv")
        .subgame_perfect(china_pressure=0.8)
    ),
    "ForecastCrossing": lambda: ms.analysis.forecast_crossing(_scenario(), 0.6, direction="up"),
    "PhaseGrid": lambda: ms.analysis.phase_grid(
        ms.analysis.sweep(
            _scenario(),
            china_pressure=np.linspace(0, 1, 3),
            leverage=np.linspace(0.5, 1.5, 3),
        ),
        "china_pressure",
        "leverage",
    ),
    "QREBranchLines": lambda: ms.analysis.qre_branch_lines(
        ms.solvers.qre_path(ms.games.battle_of_the_sexes())
    ),
    "TornadoBars": lambda: ms.analysis.tornado_bars(
        ms.analysis.sensitivity(_scenario(), method="oat", mode="committed").frame,
        baseline=0.5,
    ),
}


def _exported_result_types() -> set[type]:
    """Every Result subclass reachable as a public attribute of ``ms`` or a layer."""
    found: set[type] = set()
    for space in (ms, *(getattr(ms, layer) for layer in _LAYERS)):
        for name in dir(space):
            obj = getattr(space, name, None)
            if inspect.isclass(obj) and issubclass(obj, ms.Result) and obj is not ms.Result:
                found.add(obj)
            if inspect.ismodule(obj) and obj.__name__.startswith("mediation_sim."):
                for inner in vars(obj).values():
                    if inspect.isclass(inner) and issubclass(inner, ms.Result):
                        found.add(inner)
    found.discard(ms.Result)
    return found


def test_every_result_type_has_a_case() -> None:
    exported = {cls.__name__ for cls in _exported_result_types() if cls.__name__[0] != "_"}
    registered = {c.__name__ for c in _results.result_types() if not c.__name__.startswith("_")}
    missing = sorted((exported | registered) - set(CASES))
    assert not missing, f"result types without a contract case: {missing}"
    assert set(CASES) <= registered, "a case names a type that is not a Result"


@cache
def _instance(name: str) -> Any:
    result = CASES[name]()
    assert type(result).__name__ == name
    return result


@pytest.mark.parametrize("name", sorted(CASES))
def test_pickle_round_trip(name: str) -> None:
    result = _instance(name)
    again = pickle.loads(pickle.dumps(result))
    assert type(again) is type(result)
    assert again == result


@pytest.mark.parametrize("name", sorted(CASES))
def test_json_round_trip(name: str) -> None:
    result = _instance(name)
    data = result.to_dict()
    assert (data["type"], data["version"]) == (name, 1)
    strict = json.loads(json.dumps(data["fields"], allow_nan=False))  # NaN spelled out
    text = json.dumps(data)
    loaded = ms.Result.from_dict(json.loads(text))
    assert type(loaded) is type(result)
    assert loaded == result
    assert type(result).from_dict(json.loads(text)) == result
    # the loaded result renders like the original
    assert repr(loaded) == repr(result)
    assert loaded.to_dict()["fields"] == strict
    assert ms.io.loads_result(ms.io.dumps_result(result)) == result
    for method in ("summary", "_repr_html_"):
        if callable(getattr(result, method, None)):
            assert getattr(loaded, method)() == getattr(result, method)()


def test_equality_is_exact() -> None:
    result = _instance("CorrelatedResult")
    data = result.to_dict()
    entry = data["fields"]["distribution"]["__ndarray__"]
    entry[0] = entry[0] + 1e-12
    assert ms.Result.from_dict(data) != result
    assert result != _instance("NashResult")


def test_nonfinite_values_survive_json() -> None:
    res = _instance("CriticalValueResult")
    arrays = (np.array([np.nan, np.inf, -np.inf, 0.5]),)
    encoded = _results.encode_value(arrays)
    assert encoded[0]["__ndarray__"] == ["nan", "inf", "-inf", 0.5]
    decoded = _results.decode_value(json.loads(json.dumps(encoded)))
    assert _results.values_equal(arrays, decoded)
    assert not decoded[0].flags.writeable
    assert json.loads(ms.io.dumps_result(res))["type"] == "CriticalValueResult"


def test_scenario_pickles_and_evaluates_identically() -> None:
    sc = _scenario()
    again = pickle.loads(pickle.dumps(sc))
    assert again == sc
    assert again.game(china_pressure=0.4) == sc.game(china_pressure=0.4)
    spec = pickle.loads(pickle.dumps(sc.spec))
    assert spec.sha256 == sc.spec.sha256
    assert dict(spec.parameters) == dict(sc.spec.parameters)
    assert spec.rules == sc.spec.rules


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"type": "NashResult", "version": 99, "fields": {}}, "unsupported version"),
        ({"type": "os.system", "version": 1, "fields": {}}, "not a known result type"),
        ({"type": "NashResult", "version": 1, "fields": {"game": 1}}, "missing"),
        ([], "expected a mapping"),
    ],
)
def test_from_dict_rejects_malformed_data(data: Any, message: str) -> None:
    with pytest.raises(ms.ResultFormatError, match=message):
        ms.Result.from_dict(data)


def test_from_dict_checks_the_requested_type() -> None:
    data = _instance("QREResult").to_dict()
    with pytest.raises(ms.ResultFormatError, match="not a NashResult"):
        ms.NashResult.from_dict(data)


def test_unknown_objects_are_never_built() -> None:
    data = _instance("NashResult").to_dict()
    data["fields"]["game"] = {"__object__": "posix.system", "id": 0, "args": ["true"]}
    with pytest.raises(ms.ResultFormatError, match="unknown object type"):
        ms.Result.from_dict(data)


@pytest.mark.parametrize("name", ["MonteCarloResult", "ScenarioReport", "SubgamePerfectResult"])
def test_write_and_read_result_files(name: str, tmp_path: Any) -> None:
    result = _instance(name)
    path = tmp_path / f"{name}.json"
    ms.io.write_result(result, path)
    assert ms.io.read_result(path) == result
    with pytest.raises(ms.FileAccessError, match="already exists"):
        ms.io.write_result(result, path)
    ms.io.write_result(_instance("NashResult"), path, overwrite=True)
    assert ms.io.read_result(path) == _instance("NashResult")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"type": "NashResult", "version": NaN}', "NaN, which JSON does not allow"),
        ("[1, 2]", "expected a JSON object"),
        ("{", "not valid JSON"),
        ("[" * 500 + "]" * 500, "nested more than 200 deep"),
        ('{"type": "Nope", "version": 1, "fields": {}}', "not a known result type"),
    ],
)
def test_loads_result_rejects_bad_text(text: str, message: str) -> None:
    with pytest.raises(ms.FileFormatError, match=message):
        ms.io.loads_result(text)


def test_dumps_result_needs_a_result() -> None:
    with pytest.raises(ms.InvalidArgumentError, match=r"must be a mediation_sim\.Result"):
        ms.io.dumps_result(ms.games.chicken())  # type: ignore[arg-type]


def test_values_without_json_form_are_kept_as_their_repr() -> None:
    rng = np.random.default_rng(3)
    res = ms.solvers.nash(ms.games.battle_of_the_sexes(), rng=rng)
    assert res.parameters["rng"] is rng
    loaded = ms.Result.from_dict(json.loads(json.dumps(res.to_dict())))
    assert loaded.parameters["rng"] == repr(rng)
    assert _results.values_equal(loaded.equilibria, res.equilibria)
    assert loaded != res  # the Generator itself is not restored
