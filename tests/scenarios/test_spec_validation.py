"""Scenario specs are validated on load, with errors that name the file, key and line."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

import mediation_sim as ms

DATA = Path(__file__).parents[1] / "data" / "scenarios"
BASE = (DATA / "two_party_mediation.toml").read_text()


def _line_of(text: str, needle: str) -> int:
    """Line of the last occurrence of ``needle`` (a duplicated key is reported where it repeats)."""
    return max(k for k, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_the_fixture_loads_and_solves():
    sc = ms.scenarios.from_toml(DATA / "two_party_mediation.toml")
    assert sc.players == ("a", "b")
    assert sc.settlement_outcomes == ("deal",)
    assert sc.parameters["war_cost"].provenance == "claims X1"
    assert sc.parameters["deal_value"].provenance == "modeller's judgement"
    g = sc.game()
    assert ms.solvers.pure_nash(g).pure_profiles() == [(0, 0), (1, 1)]
    # pressure on b's fighting makes settling b's best reply even to a fighting a
    assert ms.solvers.pure_nash(sc.game(pressure=0.5)).pure_profiles() == [(1, 1)]
    assert sc.game(pressure=0.5).payoffs[1][0, 0] == pytest.approx(-0.7)


@pytest.mark.parametrize(
    ("old", "new", "key", "needle", "match"),
    [
        (
            "default = 0.2\n",
            "default = nan\n",
            "parameters.war_cost.default",
            "default = nan",
            "must be finite",
        ),
        (
            "default = 0.2\n",
            "default = 0.9\n",
            "parameters.war_cost.default",
            "default = 0.9",
            r"outside range \[0.1, 0.3\]",
        ),
        (
            "range = [0.1, 0.3]",
            "range = [0.1, 3.0]",
            "parameters.war_cost.range",
            "range = [0.1, 3.0]",
            "must lie within bounds",
        ),
        ('claims = ["X1"]\n', "", "parameters.war_cost", "[parameters.war_cost]", "cites no claim"),
        (
            'war = "-war_cost"\n\n[utilities.b]',
            'war = "-war_costs"\n\n[utilities.b]',
            "utilities.a.war",
            'war = "-war_costs"',
            r"unknown parameter\(s\) \['war_costs'\]",
        ),
        (
            'lottery = "deal"',
            'lottery = "peace"',
            "outcome_rules[0].lottery",
            'lottery = "peace"',
            "neither an outcome",
        ),
        (
            'when = { a = "settle", b = "settle" }',
            'when = { a = "settle", c = "settle" }',
            "outcome_rules[0].when.c",
            'c = "settle"',
            "unknown player 'c'",
        ),
        (
            'when = { a = "settle", b = "settle" }',
            'when = { a = "surrender", b = "settle" }',
            "outcome_rules[0].when.a",
            'a = "surrender"',
            "unknown strategy 'surrender'",
        ),
        (
            '[[outcome_rules]]\nwhen = {}\nlottery = "war"\n',
            '[[outcome_rules]]\nwhen = { a = "fight", b = "fight" }\nlottery = "war"\n',
            "outcome_rules[1].when",
            'when = { a = "fight", b = "fight" }',
            "must match every profile",
        ),
        (
            'name = "a_hawk"',
            'name = "b_pressure"',
            "terms[1].name",
            'name = "b_pressure"',
            "used twice",
        ),
        (
            'outcomes = ["war"]',
            'outcomes = ["victory"]',
            "terms[1].outcomes",
            'outcomes = ["victory"]',
            "outcomes must be",
        ),
        (
            'kind = "control"',
            'kind = "lever"',
            "parameters.pressure.kind",
            'kind = "lever"',
            "kind must be one of",
        ),
        (
            '[players.b]\nstrategies = ["fight", "settle"]',
            "[players.b]\nstrategies = []",
            "players.b.strategies",
            "strategies = []",
            "non-empty",
        ),
        (
            "schema_version = 1",
            "schema_version = 2",
            "schema_version",
            "schema_version = 2",
            "unsupported schema_version",
        ),
        (
            "[outcomes.war]\n",
            '[outcomes.war]\nsettlement = "no"\n',
            "outcomes.war.settlement",
            'settlement = "no"',
            "true or false",
        ),
        (
            'title = "Two parties, one mediator"',
            'title = "x"\ncolour = "blue"',
            "scenario.colour",
            'colour = "blue"',
            "unknown key",
        ),
    ],
)
def test_malformed_specs_name_the_key_and_line(old, new, key, needle, match):
    assert old in BASE
    text = BASE.replace(old, new, 1)
    with pytest.raises(ms.SpecError, match=match) as info:
        ms.scenarios.from_string(text, name="mine.toml")
    err = info.value
    assert err.path == "mine.toml"
    assert err.key == key
    assert err.line == _line_of(text, needle), str(err)
    assert str(err).startswith(f"mine.toml, line {err.line}, key {key!r}: ")


def test_invalid_toml_reports_the_line():
    text = BASE.replace("default = 0.2\n", "default = = 0.2\n")
    with pytest.raises(ms.SpecError, match="not valid TOML") as info:
        ms.scenarios.from_string(text)
    assert info.value.line == _line_of(text, "default = = 0.2")


def test_missing_file_is_a_spec_error(tmp_path):
    with pytest.raises(ms.SpecError, match="cannot read scenario file") as info:
        ms.scenarios.from_toml(tmp_path / "nope.toml")
    assert info.value.path.endswith("nope.toml")


def test_lottery_cycles_are_refused():
    text = BASE + ('\n[lotteries.one]\nremainder = "two"\n\n[lotteries.two]\nremainder = "one"\n')
    with pytest.raises(ms.SpecError, match=r"cycle: one -> two -> one"):
        ms.scenarios.from_string(text)


def test_probabilities_that_can_leave_the_unit_interval_are_refused():
    text = BASE.replace(
        '[[outcome_rules]]\nwhen = { a = "settle", b = "settle" }\nlottery = "deal"',
        '[lotteries.risky]\nremainder = "war"\n'
        '[lotteries.risky.probabilities.deal]\nbase = "deal_value"\n'
        'terms = [{ coef = "fight_bonus", when = { a = "settle" } }]\n\n'
        '[[outcome_rules]]\nwhen = { a = "settle", b = "settle" }\nlottery = "risky"',
    )
    with pytest.raises(
        ms.SpecError,
        match=r"P\(deal\) in lottery 'risky' can reach .* at profile "
        r"\(a=settle, b=fight\)",
    ) as info:
        ms.scenarios.from_string(text)
    assert info.value.key == "lotteries.risky.probabilities.deal"


def test_nothing_in_a_spec_is_executed(tmp_path):
    text = BASE.replace(
        'title = "Two parties, one mediator"', "title = \"__import__('os').system('touch pwned')\""
    )
    sc = ms.scenarios.from_string(text)
    assert sc.title.startswith("__import__")
    with pytest.raises(ms.SpecError, match="not a parameter name"):
        ms.scenarios.from_string(BASE.replace('deal = "deal_value"', 'deal = "deal_value * 2"'))


def test_parameters_are_checked_at_use():
    sc = ms.scenarios.from_string(BASE)
    with pytest.raises(ms.UnknownNameError, match="'presure'; did you mean 'pressure'"):
        sc.game(presure=0.5)
    with pytest.raises(
        ms.ParameterOutOfBoundsError, match=r"'pressure' = 1.5 lies outside its bounds \[0.0, 1.0\]"
    ):
        sc.game(pressure=1.5)
    with pytest.raises(ms.ParameterOutOfBoundsError, match="outside its bounds"):
        sc.payoffs(pressure=np.array([0.2, np.nan]))
    with pytest.raises(ms.InvalidArgumentError, match="single number"):
        sc.game(pressure=np.array([0.1, 0.2]))
    with pytest.raises(ms.InvalidArgumentError, match="cannot be broadcast"):
        sc.payoffs(pressure=np.zeros(3), war_cost=np.full(2, 0.2))
    with pytest.raises(ms.UnknownNameError, match="no mode 'committed'"):
        sc.game(mode="committed")
    with pytest.raises(ms.UnknownNameError, match="unknown strategy 'run'"):
        sc.game(fix={"a": "run"})


def test_load_lists_the_shipped_scenarios():
    assert "ukraine-2023" in ms.scenarios.available()
    with pytest.raises(ms.UnknownNameError, match=r"available: \['ukraine-2023'"):
        ms.scenarios.load("korea-1953")


# ----------------------------------------------------------------------- reserved parameter names
def _calls_taking_parameters_as_keywords():
    """Every public call whose ``**kwargs`` are the parameters of a (spec-loaded) Scenario."""
    import inspect

    calls = {}
    for cls in ms.scenarios.Scenario.__mro__[:-1]:  # its methods and those of its bases
        for name, member in vars(cls).items():
            if not name.startswith("_") and callable(member):
                calls.setdefault(f"Scenario.{name}", member)
    for prefix, module in (
        ("scenarios", ms.scenarios),
        ("analysis", ms.analysis),
        ("testing.scenarios", ms.testing.scenarios),
    ):
        for name in dir(module):
            member = getattr(module, name)
            if not name.startswith("_") and inspect.isfunction(member):
                calls[f"{prefix}.{name}"] = member
    out = {}
    for qualname, func in calls.items():
        params = list(inspect.signature(func).parameters.values())
        if not any(p.kind is p.VAR_KEYWORD for p in params):
            continue
        first = params[0]
        # methods of Scenario, and functions whose first argument is a Scenario (not a
        # DynamicScenario or a plot's data, whose **kwargs are something else)
        if first.name == "self" or first.annotation in ("Scenario", ms.scenarios.Scenario):
            out[qualname] = {
                p.name for p in params if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
            }
    return out


def test_reserved_names_are_exactly_the_options_of_calls_taking_parameters():
    from mediation_sim.scenarios._reserved import RESERVED_PARAMETER_NAMES

    calls = _calls_taking_parameters_as_keywords()
    # the walk finds the calls the issue names, so an empty or partial walk cannot pass
    for must in ("Scenario.game", "Scenario.subgame_perfect", "analysis.sweep"):
        assert must in calls
    options = set().union(*calls.values())
    assert {"mode", "fix", "tol", "mixed", "rng", "n", "executor", "block_size"} <= options
    assert options == set(RESERVED_PARAMETER_NAMES), (
        f"missing: {sorted(options - set(RESERVED_PARAMETER_NAMES))}, "
        f"stale: {sorted(set(RESERVED_PARAMETER_NAMES) - options)}"
    )
    for name, api in RESERVED_PARAMETER_NAMES.items():
        assert name in calls[api], (name, api)


@pytest.mark.parametrize(
    ("name", "api"),
    [
        ("tol", "Scenario.subgame_perfect"),
        ("mode", "Scenario.game"),
        ("fix", "Scenario.game"),
        ("rng", "analysis.forecast_monte_carlo"),
        ("method", "analysis.critical_value"),
        ("self", "Scenario.game"),
    ],
)
def test_a_parameter_named_like_an_option_is_refused_with_its_line(name, api):
    text = BASE.replace("war_cost", name)
    with pytest.raises(ms.SpecError, match="rename the parameter") as info:
        ms.scenarios.from_string(text, name="mine.toml")
    err = info.value
    assert err.path == "mine.toml"
    assert err.key == f"parameters.{name}"
    assert err.line == _line_of(text, f"[parameters.{name}]")
    assert f"option {name}= of {api}()" in str(err)


def test_a_parameter_merely_containing_an_option_name_is_accepted():
    sc = ms.scenarios.from_string(BASE.replace("war_cost", "tol_cost"))
    original = ms.scenarios.from_string(BASE)
    # the keyword reaches the parameter, exactly as war_cost does in the original
    for a, b in zip(
        sc.game(tol_cost=0.25).payoffs, original.game(war_cost=0.25).payoffs, strict=True
    ):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(sc.game(tol_cost=0.25).payoffs[0], sc.game().payoffs[0])


def test_the_spec_reference_lists_every_reserved_name():
    from mediation_sim.scenarios._reserved import RESERVED_PARAMETER_NAMES

    page = Path(__file__).parents[2] / "docs" / "reference" / "scenario-spec.md"
    section = page.read_text().split("## Parameters", 1)[1].split("\n## ", 1)[0]
    listed = section.split("whose first argument is a scenario):", 1)[1]
    assert set(re.findall(r"`([a-z_]+)`", listed)) == set(RESERVED_PARAMETER_NAMES)
