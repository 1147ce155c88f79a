"""Rough edges a new user hit (issue 10 item 6), outside the CLI and the plots.

Each test failed before its fix.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import mediation_sim as ms

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.ipynb"))


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _source(cell: dict) -> str:
    return "".join(cell["source"])


def test_dir_of_the_package_lists_only_its_api():
    # failed before: dir(ms) listed ModuleType, importlib and annotations
    names = {n for n in dir(ms) if not n.startswith("__")}
    assert names == set(ms.__all__) - {"__version__"} | {
        "analysis",
        "cli",
        "io",
        "models",
        "scenarios",
        "testing",
    }
    for helper in ("ModuleType", "importlib", "annotations", "version", "PackageNotFoundError"):
        assert helper not in dir(ms)
    assert "__version__" in dir(ms)


def test_testing_scenarios_is_reachable_as_an_attribute():
    # failed before: AttributeError unless imported as mediation_sim.testing.scenarios
    import mediation_sim.testing as mst

    assert "scenarios" in mst.__all__
    assert callable(ms.testing.scenarios.scenario_parameters)
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        _ = ms.testing.nothing


@pytest.mark.parametrize("notebook", EXAMPLES, ids=lambda p: p.name)
def test_notebooks_use_plain_links_that_resolve(notebook):
    # failed before: notebooks 02 and 03 showed raw MyST roles ({doc}`...`) in Jupyter
    for cell in _cells(notebook):
        if cell["cell_type"] != "markdown":
            continue
        text = _source(cell)
        assert not re.search(r"\{[a-z:]+\}`", text), text[:200]
        for target in re.findall(r"\]\(([^)#\s]+)", text):
            if "://" in target:
                continue
            assert (notebook.parent / target).exists(), f"{notebook.name}: broken link {target}"


def test_notebook_03_explains_its_failing_check():
    # failed before: the table's holds=False row with nan was shown without a word
    cells = _cells(ROOT / "examples" / "03_test_your_payoff_assumptions.ipynb")
    k = next(i for i, c in enumerate(cells) if "check_assumptions(" in _source(c))
    note = _source(cells[k + 1])
    assert cells[k + 1]["cell_type"] == "markdown"
    for phrase in ("holds=False", "nan", "no pure equilibrium", 'when_undefined="skip"'):
        assert phrase in note


def test_what_notebook_03_explains_is_what_happens():
    """The full run's failing row is an undefined point, and skipping those makes it hold."""
    sc = ms.scenarios.load("ukraine-2023")
    prefers = ms.scenarios.Prefers("moscow", "ceasefire", "withdrawal")

    def monotone(**extra):
        return ms.scenarios.Monotone(
            "max_settlement_probability",
            "china_pressure",
            "nondecreasing",
            mode="committed",
            **extra,
        )

    # the notebook's call without MEDIATION_SIM_QUICK
    _, failed = ms.scenarios.check_assumptions(sc, [prefers, monotone()], n_samples=200, rng=0)
    assert not failed.holds
    assert "no pure equilibrium" in failed.detail
    _, held = ms.scenarios.check_assumptions(
        sc, [prefers, monotone(when_undefined="skip")], n_samples=200, rng=0
    )
    assert held.holds


def test_analysis_api_page_states_its_opening_once():
    # failed before: the page's paragraph was followed by the module docstring saying the same
    page = (ROOT / "docs" / "reference" / "api" / "40_analysis.md").read_text(encoding="utf-8")
    assert "automodule:: mediation_sim.analysis\n" not in page
    assert ".. py:module:: mediation_sim.analysis" in page


SC = ms.scenarios.load("ukraine-2023")


def test_outcome_distribution_takes_the_mode_from_the_profiles_game():
    # failed before: shape error (the committed game has one Beijing strategy)
    game = SC.game(mode="committed", china_pressure=0.6)
    (eq, *_) = ms.solvers.pure_nash(game)
    assert SC.outcome_distribution(eq, china_pressure=0.6) == SC.outcome_distribution(
        eq, mode="committed", china_pressure=0.6
    )
    fixed = SC.game(mode="committed", fix={"washington": "sustain_aid"}, china_pressure=0.6)
    (eq2, *_) = ms.solvers.pure_nash(fixed)
    expected = SC.outcome_distribution(
        eq2, mode="committed", fix={"washington": "sustain_aid"}, china_pressure=0.6
    )
    assert SC.outcome_distribution(eq2, china_pressure=0.6) == expected


def test_outcome_distribution_accepts_a_qre_result():
    # failed before: a QREResult is not a profile
    game = SC.game(mode="committed", china_pressure=0.6)
    res = ms.solvers.qre(game, lam=20.0)
    dist = SC.outcome_distribution(res, china_pressure=0.6)
    assert dist == SC.outcome_distribution(res.profile, mode="committed", china_pressure=0.6)
    assert sum(dist.values()) == pytest.approx(1.0)
    assert 0.0 < SC.settlement_probability(res, china_pressure=0.6) < 1.0


@pytest.mark.parametrize(
    "call",
    [
        lambda: SC.game(china_presure=0.5),
        lambda: SC.payoffs(chinapressure=0.5),
        lambda: ms.analysis.sensitivity(SC, parameter="china_presure"),
    ],
    ids=["game", "payoffs", "sensitivity"],
)
def test_unknown_parameter_errors_suggest_the_close_name(call):
    # failed before: a list of 57 names and no suggestion
    with pytest.raises(ms.UnknownNameError) as info:
        call()
    message = str(info.value)
    assert "did you mean 'china_pressure'?" in message
    assert "beijing_cost_breakthrough" not in message  # the long list is not spelled out


def test_scenario_parameters_suggests_the_close_name():
    from hypothesis import given, settings

    from mediation_sim.testing.scenarios import scenario_parameters

    @settings(max_examples=1, database=None)
    @given(scenario_parameters(SC, china_presure=0.5))
    def draw(params):
        raise AssertionError(f"drew {params} for a misspelt parameter")

    with pytest.raises(ms.UnknownNameError, match="did you mean 'china_pressure'"):
        draw()
