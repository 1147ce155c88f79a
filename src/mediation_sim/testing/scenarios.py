"""Hypothesis support for property tests of a scenario's payoff assumptions.

Draw parameter values within each parameter's declared range with
:func:`scenario_parameters`, and state assumptions either as plain asserts or
as :class:`~mediation_sim.scenarios.Prefers` / :class:`~mediation_sim.scenarios.Monotone`
objects checked by :func:`assert_assumption`. :func:`check_declared_assumptions`
runs every ``[[checks]]`` entry of a scenario file under Hypothesis, so a
violated assumption shrinks to a minimal counterexample.

For example, a property test of your own:

>>> from hypothesis import given
>>> import mediation_sim as ms
>>> from mediation_sim.testing.scenarios import scenario_parameters
>>> sc = ms.scenarios.load("ukraine-2023")
>>> @given(scenario_parameters(sc, china_pressure=0.0))
... def test_moscow_fights_without_pressure(params):
...     # at zero pressure Moscow would rather keep fighting than withdraw
...     war = sc.utility("moscow", "prolonged_war", **params)
...     assert war > sc.utility("moscow", "withdrawal", **params)
>>> test_moscow_fights_without_pressure()
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from .._errors import UnknownNameError
from .._suggest import unknown_name
from ..scenarios.assumptions import CheckResult, Monotone, Prefers, declared_assumptions
from ..scenarios.scenario import Scenario
from ._hypothesis import assume, given, st

__all__ = [
    "assert_assumption",
    "check_declared_assumptions",
    "parameter_pairs",
    "scenario_parameters",
]


@st.composite
def scenario_parameters(
    draw: st.DrawFn,
    /,
    scenario: Scenario,
    *,
    within: Literal["range", "bounds"] = "range",
    vary_controls: bool = False,
    **overrides: float | st.SearchStrategy[float],
) -> dict[str, float]:
    """Parameter dictionaries for ``scenario``, each value within its declared interval.

    Parameters
    ----------
    scenario : Scenario
        The scenario whose parameters to draw.
    within : {"range", "bounds"}, default "range"
        Draw from each parameter's plausible range or its hard bounds.
    vary_controls : bool, default False
        Also draw control parameters (e.g. ``china_pressure``); otherwise they
        keep their defaults.
    **overrides : float or strategy
        Fix a parameter, or draw it from your own strategy.
    """
    unknown = sorted(set(overrides) - set(scenario.parameters))
    if unknown:
        raise UnknownNameError(
            "scenario_parameters(): " + unknown_name("parameter", unknown[0], scenario.parameters)
        )
    out: dict[str, float] = {}
    for name, p in scenario.parameters.items():
        if name in overrides:
            value = overrides[name]
            out[name] = float(draw(value) if isinstance(value, st.SearchStrategy) else value)
            continue
        if p.kind == "control" and not vary_controls:
            out[name] = p.default
            continue
        lo, hi = p.range if within == "range" else p.bounds
        out[name] = draw(st.floats(lo, hi, allow_nan=False, allow_infinity=False))
    return out


@st.composite
def parameter_pairs(draw: st.DrawFn, scenario: Scenario, parameter: str) -> tuple[float, float]:
    """Two values ``low < high`` of ``parameter`` within its bounds (equal only if the bounds are).

    ``high`` is drawn as a fraction of the way from ``low`` to the upper
    bound, so the pair is distinct unless ``low`` is the upper bound itself.
    """
    lo, hi = scenario.parameters[parameter].bounds
    low = draw(st.floats(lo, hi, exclude_max=hi > lo))
    fraction = draw(st.floats(0.001, 1.0))
    high = min(hi, low + fraction * (hi - low))
    return low, high


def assert_assumption(
    scenario: Scenario,
    assumption: Prefers | Monotone,
    parameters: Mapping[str, float],
    *,
    pair: tuple[float, float] | None = None,
) -> CheckResult:
    """Evaluate ``assumption`` at ``parameters``; raise ``AssertionError`` with numbers if it fails.

    A :class:`~mediation_sim.scenarios.Monotone` assumption needs ``pair``
    (the two values of its parameter to compare).
    """
    if isinstance(assumption, Monotone):
        if pair is None:
            raise ValueError("assert_assumption(): a Monotone assumption needs pair=(low, high)")
        result = assumption.evaluate(scenario, parameters, low=pair[0], high=pair[1])
    else:
        result = assumption.evaluate(scenario, parameters)
    if not result.holds:
        raise AssertionError(f"assumption violated: {result.assumption}: {result.detail}")
    return result


def _hypothesis_test(scenario: Scenario, assumption: Prefers | Monotone) -> Any:
    """A Hypothesis-wrapped callable that checks one assumption."""
    if isinstance(assumption, Monotone):
        monotone = assumption

        @given(
            params=scenario_parameters(scenario),
            pair=parameter_pairs(scenario, monotone.parameter),
        )
        def run_monotone(params: dict[str, float], pair: tuple[float, float]) -> None:
            result = assert_assumption(scenario, monotone, params, pair=pair)
            assume(result.applicable)  # points where the quantity is undefined are skipped

        return run_monotone
    prefers = assumption

    @given(params=scenario_parameters(scenario))
    def run_prefers(params: dict[str, float]) -> None:
        assert_assumption(scenario, prefers, params)

    return run_prefers


def check_declared_assumptions(scenario: Scenario, **settings: Any) -> int:
    """Run every ``[[checks]]`` assumption of ``scenario`` under Hypothesis.

    Each assumption is tested with its own ``@given`` (the active Hypothesis
    profile sets the number of examples; ``settings`` are passed to
    ``hypothesis.settings`` to override it). Raises on the first violated
    assumption, after shrinking; returns the number of assumptions checked.

    Examples
    --------
    >>> import mediation_sim as ms
    >>> from mediation_sim.testing.scenarios import check_declared_assumptions
    >>> check_declared_assumptions(ms.scenarios.load("ukraine-2023"), max_examples=5)
    16
    """
    from hypothesis import settings as hyp_settings

    count = 0
    for assumption in declared_assumptions(scenario):
        test = _hypothesis_test(scenario, assumption)
        if settings:
            test = hyp_settings(**settings)(test)
        test()
        count += 1
    return count
