"""Testable assumptions about a scenario's payoffs and comparative statics.

An *assumption* is a statement that should hold for every admissible
parameter value, for example "Moscow prefers a ceasefire to withdrawal" or
"settlement never becomes less likely as pressure rises with Beijing
committed". Each assumption evaluates to a :class:`CheckResult` at one
parameter point; :func:`check_assumptions` samples many points, and
:mod:`mediation_sim.testing.scenarios` drives the same checks with Hypothesis
(which shrinks a failure to a minimal counterexample).

Two kinds exist, and a scenario file can declare them in ``[[checks]]``:

:class:`Prefers`
    ``player``'s utility of outcome ``better`` exceeds that of ``worse``.
:class:`Monotone`
    A quantity moves in one direction as one parameter rises. Quantities:

    * ``critical_pressure:<outcome>`` — the closed-form critical pressure
      of the scenario's bargaining model (see :meth:`Scenario.critical_pressure`);
    * ``max_settlement_probability`` / ``min_settlement_probability`` — the
      best and worst settlement probability over the pure equilibria;
    * ``max_outcome_probability:<outcome>`` / ``min_outcome_probability:<outcome>``.

    Quantities of the *game* itself, under the scenario's move order (the
    check's ``structure``, default the scenario's :attr:`~Scenario.structure`):

    * ``game_critical_pressure:<outcome>`` — the smallest value of the
      scenario's pressure parameter (:func:`pressure_parameter`) at which the
      equilibrium path gives ``outcome`` probability at least 1/2
      (:func:`game_threshold`; ``inf`` if no value within its bounds does).
      Unlike ``critical_pressure``, it sees every player's best response:
      whether Beijing chooses to press, whether the West sustains aid, which
      ceasefire Kyiv accepts;
    * ``game_outcome_probability:<outcome>`` / ``game_settlement_probability``
      — the probability on the equilibrium path at the point.

    On a multi-stage structure the equilibrium path is the subgame-perfect
    one (:meth:`Scenario.subgame_perfect`); on a one-stage structure it is
    the best case over the pure Nash equilibria (``nan`` where none exists).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

import numpy as np

from .._errors import InvalidArgumentError, SpecError, UnknownNameError
from .._results import Result
from .._validation import check_positive_int, normalise_rng
from ..solvers.pure import pure_nash_mask
from ._spec import Check
from .scenario import Scenario

__all__ = [
    "CheckResult",
    "Monotone",
    "Prefers",
    "check_assumptions",
    "declared_assumptions",
    "equilibrium_quantity",
    "game_threshold",
    "pressure_parameter",
    "sample_parameters",
]


@dataclass(frozen=True, slots=True, eq=False)
class CheckResult(Result):
    """Whether an assumption held at one parameter point, and why not if it failed.

    Attributes
    ----------
    holds : bool
        The verdict (True when the assumption does not apply at the point).
    assumption : str
        The assumption's description.
    detail : str
        The numbers behind the verdict.
    parameters : Mapping[str, float]
        The parameter values tried (only those that differ from the defaults
        are worth reading; all are kept for reproduction).
    applicable : bool
        False when the quantity is undefined at the point (no pure
        equilibrium) and the assumption says to skip such points.
    """

    holds: bool
    assumption: str
    detail: str
    parameters: Mapping[str, float] = field(repr=False)
    applicable: bool = True

    def _summary(self) -> dict[str, Any]:
        """JSON-serialisable form."""
        return {
            "holds": self.holds,
            "assumption": self.assumption,
            "detail": self.detail,
            "parameters": dict(self.parameters),
            "applicable": self.applicable,
        }


@dataclass(frozen=True, slots=True)
class Prefers:
    """``player`` strictly prefers outcome ``better`` to outcome ``worse``.

    Utilities come from the scenario's ``[utilities]`` table (payoff terms
    that depend on strategies are not included). ``given`` fixes some
    parameters (for example ``{"china_pressure": 0.0}``).

    Examples
    --------
    >>> import mediation_sim as ms
    >>> sc = ms.scenarios.load("ukraine-2023")
    >>> a = ms.scenarios.Prefers("moscow", "ceasefire", "withdrawal")
    >>> a.evaluate(sc, sc.defaults()).holds
    True
    """

    player: str
    better: str
    worse: str
    given: Mapping[str, float] = field(default_factory=dict)
    description: str = ""

    def describe(self) -> str:
        """One-line statement of the assumption."""
        return self.description or f"{self.player} prefers {self.better} to {self.worse}"

    def evaluate(self, scenario: Scenario, parameters: Mapping[str, float]) -> CheckResult:
        """Check the assumption at one parameter point."""
        params = {**parameters, **self.given}
        better = scenario.utility(self.player, self.better, **params)
        worse = scenario.utility(self.player, self.worse, **params)
        return CheckResult(
            holds=better > worse,
            assumption=self.describe(),
            detail=f"u({self.better}) = {better:.6g}, u({self.worse}) = {worse:.6g}",
            parameters=MappingProxyType(dict(params)),
        )


@dataclass(frozen=True, slots=True)
class Monotone:  # numpydoc ignore=PR02
    """A quantity is monotone in one parameter (others held fixed).

    Parameters
    ----------
    quantity : str
        See the module docstring for the quantities available.
    parameter : str
        The parameter that rises.
    direction : {"nondecreasing", "nonincreasing"}
        The promised direction.
    mode : str, optional
        The scenario mode the equilibria are computed in.
    structure : str, optional
        The declared move order ``game_*`` quantities are computed under;
        default the scenario's own.
    given : mapping, optional
        Parameters held at given values.
    tol : float, default 1e-9
        Allowed violation (absolute).
    when_undefined : {"fail", "skip"}, default "fail"
        What to do where an equilibrium quantity is undefined (the game has
        no pure equilibrium at one of the two points): count it as a
        violation, or treat the point as outside the assumption's domain.

    Examples
    --------
    >>> import mediation_sim as ms
    >>> sc = ms.scenarios.load("ukraine-2023")
    >>> a = ms.scenarios.Monotone("max_settlement_probability", "china_pressure",
    ...                           "nondecreasing", mode="committed")
    >>> a.evaluate(sc, sc.defaults(), low=0.2, high=0.9).holds
    True
    """

    quantity: str
    parameter: str
    direction: Literal["nondecreasing", "nonincreasing"]
    mode: str | None = None
    given: Mapping[str, float] = field(default_factory=dict)
    tol: float = 1e-9
    description: str = ""
    when_undefined: Literal["fail", "skip"] = "fail"
    structure: str | None = None

    def __post_init__(self) -> None:
        if self.when_undefined not in ("fail", "skip"):
            raise InvalidArgumentError(
                f"Monotone(): when_undefined must be 'fail' or 'skip', got {self.when_undefined!r}"
            )
        if self.direction not in ("nondecreasing", "nonincreasing"):
            raise InvalidArgumentError(
                f"Monotone(): direction must be 'nondecreasing' or 'nonincreasing', "
                f"got {self.direction!r}"
            )
        _parse_quantity(self.quantity)

    def describe(self) -> str:
        """One-line statement of the assumption."""
        return self.description or f"{self.quantity} is {self.direction} in {self.parameter}"

    def evaluate(
        self, scenario: Scenario, parameters: Mapping[str, float], *, low: float, high: float
    ) -> CheckResult:
        """Compare the quantity at ``parameter = low`` and at ``parameter = high``."""
        if low > high:
            low, high = high, low
        base = {**parameters, **self.given}
        if self.structure is not None:
            scenario = scenario.with_structure(self.structure)
        head, _ = _parse_quantity(self.quantity)
        if head == "game_critical_pressure" and self.parameter == pressure_parameter(scenario):
            raise InvalidArgumentError(
                f"Monotone(): {self.quantity!r} varies {self.parameter!r} itself; "
                "use game_outcome_probability to follow the pressure"
            )
        q_low = equilibrium_quantity(
            scenario, self.quantity, mode=self.mode, **{**base, self.parameter: low}
        )
        q_high = equilibrium_quantity(
            scenario, self.quantity, mode=self.mode, **{**base, self.parameter: high}
        )
        undefined = math.isnan(q_low) or math.isnan(q_high)
        if undefined:
            holds = self.when_undefined == "skip"
        elif self.direction == "nondecreasing":
            holds = q_high >= q_low - self.tol
        else:
            holds = q_high <= q_low + self.tol
        return CheckResult(
            holds=holds,
            assumption=self.describe(),
            detail=(
                f"{self.quantity} = {q_low:.6g} at {self.parameter} = {low:.6g}, "
                f"{q_high:.6g} at {self.parameter} = {high:.6g}"
                + (" (nan: no pure equilibrium)" if math.isnan(q_low) or math.isnan(q_high) else "")
                + (f" [structure {scenario.structure}]" if head.startswith("game_") else "")
            ),
            parameters=MappingProxyType({**base, self.parameter: low}),
            applicable=not (undefined and self.when_undefined == "skip"),
        )


def _parse_quantity(quantity: str) -> tuple[str, str | None]:
    head, _, arg = quantity.partition(":")
    if head == "critical_pressure" and arg:
        return head, arg
    if head in ("max_settlement_probability", "min_settlement_probability") and not arg:
        return head, None
    if head in ("max_outcome_probability", "min_outcome_probability") and arg:
        return head, arg
    if head in ("game_critical_pressure", "game_outcome_probability") and arg:
        return head, arg
    if head == "game_settlement_probability" and not arg:
        return head, None
    raise InvalidArgumentError(
        f"unknown quantity {quantity!r}; use critical_pressure:<outcome>, "
        "max_settlement_probability, min_settlement_probability, "
        "max_outcome_probability:<outcome>, min_outcome_probability:<outcome>, "
        "game_critical_pressure:<outcome>, game_outcome_probability:<outcome> or "
        "game_settlement_probability"
    )


#: ties within this share of the payoff range are floating-point noise, not
#: indifference (the exact-breakpoint machinery of the analysis layer uses the same)
_TIE_TOL = 1e-12


def pressure_parameter(scenario: Scenario) -> str:
    """The parameter a scenario's critical pressure is a value of.

    The ``pressure`` of the ``[bargaining_model]`` if declared, otherwise
    the scenario's only ``kind = "control"`` parameter.

    Examples
    --------
    >>> import mediation_sim as ms
    >>> ms.scenarios.pressure_parameter(ms.scenarios.load("ukraine-2023"))
    'china_pressure'
    """
    bm = scenario.spec.bargaining
    if bm is not None:
        return bm.pressure
    controls = [n for n, p in scenario.parameters.items() if p.kind == "control"]
    if len(controls) != 1:
        raise SpecError(
            f"scenario {scenario.name!r}: a game critical pressure needs a [bargaining_model] "
            f"pressure or exactly one control parameter, found {controls}",
            path=scenario.spec.path,
        )
    return controls[0]


def _outcome_index(scenario: Scenario, outcome: str | None) -> list[int]:
    if outcome is None or outcome == "settlement":
        return [scenario.outcomes.index(o) for o in scenario.settlement_outcomes]
    if outcome not in scenario.outcomes:
        raise UnknownNameError(f"unknown outcome {outcome!r}; outcomes: {list(scenario.outcomes)}")
    return [scenario.outcomes.index(outcome)]


def _path_probability(
    scenario: Scenario, idx: list[int], mode: str | None, values: Mapping[str, Any]
) -> tuple[np.ndarray[Any, np.dtype[np.float64]], np.ndarray[Any, np.dtype[np.bool_]]]:
    """Probability of the outcomes ``idx`` on the equilibrium path, and where it exists."""
    if scenario.is_sequential:
        spe = scenario.subgame_perfect(mode=mode, tol=_TIE_TOL, **values)
        q = np.asarray(spe.probabilities[..., idx].sum(axis=-1), dtype=float)
        return q, np.asarray(spe.exists, dtype=bool)
    payoffs, probs = scenario.evaluate(mode=mode, **values)
    n = len(scenario.players)
    mask = pure_nash_mask(payoffs, n_players=n, tol=_TIE_TOL)
    batch = mask.shape[: mask.ndim - n]
    q_prof = np.take(probs, idx, axis=len(batch)).sum(axis=len(batch))
    best = np.where(mask, q_prof, -np.inf).reshape(*batch, -1).max(axis=-1)
    exists = np.asarray(mask.reshape(*batch, -1).any(axis=-1), dtype=bool)
    return np.asarray(np.where(exists, best, np.nan), dtype=float), exists


def game_threshold(
    scenario: Scenario,
    outcome: str | None = "settlement",
    *,
    mode: str | None = None,
    level: float = 0.5,
    n_grid: int = 65,
    xtol: float = 1e-11,
    **params: float,
) -> float:
    """The game's critical pressure: where the equilibrium path first reaches ``outcome``.

    The smallest value of :func:`pressure_parameter` within its bounds at
    which the equilibrium path (subgame-perfect under a multi-stage
    structure, best pure equilibrium under a one-stage one) gives
    ``outcome`` (``"settlement"`` or ``None``, the default: any settlement
    outcome) probability at least ``level``. Found on the game itself, not on the bargaining model's
    closed form: a scan of ``n_grid`` points in one batch, then the first
    bracket narrowed to ``xtol`` by batched 16-way bisection. An interval
    narrower than the scan spacing can be missed; where the affine exact
    method applies, :func:`mediation_sim.analysis.critical_value` gives the
    same value (the tests check both agree).

    Returns
    -------
    float
        The threshold, the lower bound if it holds there, ``inf`` if never.

    Examples
    --------
    >>> import mediation_sim as ms
    >>> sc = ms.scenarios.load("ukraine-2023")
    >>> round(ms.scenarios.game_threshold(sc, "withdrawal"), 4)
    0.6807
    >>> ms.scenarios.game_threshold(sc, "withdrawal", beijing_partnership_cost=2.0)
    inf
    >>> round(float(sc.critical_pressure("withdrawal", beijing_partnership_cost=2.0)), 4)
    0.59
    """
    name = pressure_parameter(scenario)
    if name in params:
        raise InvalidArgumentError(f"game_threshold(): {name!r} is the parameter being varied")
    n_grid = check_positive_int(n_grid, func="game_threshold", name="n_grid", minimum=3)
    idx = _outcome_index(scenario, outcome)
    lo, hi = scenario.parameters[name].bounds

    def holds(x: np.ndarray[Any, np.dtype[np.float64]]) -> np.ndarray[Any, np.dtype[np.bool_]]:
        q, exists = _path_probability(scenario, idx, mode, {**params, name: x})
        return np.asarray(exists & (np.nan_to_num(q, nan=-1.0) >= level - 1e-12))

    grid = np.linspace(lo, hi, n_grid)
    ok = holds(grid)
    if ok[0]:
        return float(lo)
    if not ok.any():
        return math.inf
    k = int(np.argmax(ok))
    a, b = float(grid[k - 1]), float(grid[k])
    while b - a > xtol:
        inner = np.linspace(a, b, 18)[1:-1]
        h = holds(inner)
        if h.any():
            j = int(np.argmax(h))
            a, b = (a if j == 0 else float(inner[j - 1])), float(inner[j])
        else:
            a = float(inner[-1])
    return b


def equilibrium_quantity(
    scenario: Scenario, quantity: str, *, mode: str | None = None, **params: float
) -> float:
    """Evaluate one of the quantities :class:`Monotone` understands at one parameter point.

    Equilibrium quantities use every pure Nash equilibrium of the game
    (``nan`` when there is none).

    Examples
    --------
    >>> import mediation_sim as ms
    >>> sc = ms.scenarios.load("ukraine-2023")
    >>> ms.scenarios.equilibrium_quantity(sc, "max_outcome_probability:withdrawal",
    ...                                   mode="committed", china_pressure=0.0)
    0.0
    >>> ms.scenarios.equilibrium_quantity(sc, "max_outcome_probability:withdrawal",
    ...                                   mode="committed", china_pressure=0.8)
    1.0
    >>> ms.scenarios.equilibrium_quantity(sc, "max_settlement_probability",
    ...                                   mode="committed", china_pressure=0.0)  # a freeze
    1.0
    """
    head, arg = _parse_quantity(quantity)
    if head == "critical_pressure":
        assert arg is not None
        return float(scenario.critical_pressure(arg, rule="range", **params))
    if head == "game_critical_pressure":
        fixed = {k: v for k, v in params.items() if k != pressure_parameter(scenario)}
        return game_threshold(scenario, arg, mode=mode, **fixed)  # type: ignore[arg-type]
    if head in ("game_outcome_probability", "game_settlement_probability"):
        q, _ = _path_probability(scenario, _outcome_index(scenario, arg), mode, params)
        return float(q)
    payoffs = scenario.payoffs(mode=mode, fix=None, **params)
    probs = scenario.outcome_probabilities(mode=mode, fix=None, **params)
    mask = pure_nash_mask(payoffs)
    if not mask.any():
        return math.nan
    if head.endswith("settlement_probability"):
        idx = [scenario.outcomes.index(o) for o in scenario.settlement_outcomes]
    else:
        assert arg is not None
        if arg not in scenario.outcomes:
            raise UnknownNameError(f"unknown outcome {arg!r}; outcomes: {list(scenario.outcomes)}")
        idx = [scenario.outcomes.index(arg)]
    values = probs[idx].sum(axis=0)[mask]
    return float(values.max() if head.startswith("max") else values.min())


def declared_assumptions(scenario: Scenario) -> list[Prefers | Monotone]:
    """The assumptions declared in the scenario file's ``[[checks]]``."""
    return [_from_check(scenario, c) for c in scenario.spec.checks]


def _from_check(scenario: Scenario, check: Check) -> Prefers | Monotone:
    opts = dict(check.options)
    given = MappingProxyType(dict(opts.pop("given", {})))
    try:
        if check.kind == "prefers":
            assumption: Prefers | Monotone = Prefers(
                player=opts.pop("player"),
                better=opts.pop("better"),
                worse=opts.pop("worse"),
                given=given,
                description=check.description,
            )
        else:
            assumption = Monotone(
                quantity=opts.pop("quantity"),
                parameter=opts.pop("parameter"),
                direction=opts.pop("direction"),
                mode=opts.pop("mode", None),
                given=given,
                description=check.description,
                when_undefined=opts.pop("when_undefined", "fail"),
                structure=opts.pop("structure", None),
            )
    except KeyError as exc:
        raise SpecError(
            f"check {check.description!r} ({check.kind}) is missing key {exc.args[0]!r}",
            path=scenario.spec.path,
        ) from None
    except InvalidArgumentError as exc:
        raise SpecError(f"check {check.description!r}: {exc}", path=scenario.spec.path) from None
    if opts:
        raise SpecError(
            f"check {check.description!r} ({check.kind}) has unknown keys {sorted(opts)}",
            path=scenario.spec.path,
        )
    structure = assumption.structure if isinstance(assumption, Monotone) else None
    if structure is not None and structure not in scenario.structures:
        raise SpecError(
            f"check {check.description!r}: unknown structure {structure!r}; "
            f"structures: {list(scenario.structures)}",
            path=scenario.spec.path,
        )
    return assumption


def sample_parameters(
    scenario: Scenario,
    n: int,
    *,
    rng: int | np.random.Generator | None = None,
    within: Literal["range", "bounds"] = "range",
    include_controls: bool = False,
) -> dict[str, np.ndarray[Any, np.dtype[np.float64]]]:
    """Draw ``n`` parameter vectors, each assumption from its declared distribution.

    Uniform over ``range`` (or ``bounds``), or triangular with its mode at the
    default. Control parameters keep their defaults unless
    ``include_controls`` (then they are uniform over the same interval).

    Returns
    -------
    dict of str to ndarray
        One array of length ``n`` per parameter.

    Examples
    --------
    >>> import mediation_sim as ms
    >>> sc = ms.scenarios.load("ukraine-2023")
    >>> draws = ms.scenarios.sample_parameters(sc, 1000, rng=0)
    >>> lo, hi = sc.parameters["leverage"].range
    >>> bool((draws["leverage"] >= lo).all() and (draws["leverage"] <= hi).all())
    True
    """
    n = check_positive_int(n, func="sample_parameters", name="n")
    if within not in ("range", "bounds"):
        raise InvalidArgumentError("sample_parameters(): within must be 'range' or 'bounds'")
    gen = normalise_rng(rng, func="sample_parameters")
    out: dict[str, np.ndarray[Any, np.dtype[np.float64]]] = {}
    for name, p in scenario.parameters.items():  # fixed order: reproducible streams
        lo, hi = p.range if within == "range" else p.bounds
        if p.kind == "control" and not include_controls:
            out[name] = np.full(n, p.default)
        elif lo == hi:
            out[name] = np.full(n, lo)
        elif p.distribution == "triangular":
            out[name] = gen.triangular(lo, min(max(p.default, lo), hi), hi, size=n)
        else:
            out[name] = gen.uniform(lo, hi, size=n)
    return out


def check_assumptions(
    scenario: Scenario,
    assumptions: Sequence[Prefers | Monotone] | None = None,
    *,
    n_samples: int = 200,
    rng: int | np.random.Generator | None = None,
) -> list[CheckResult]:
    """Check assumptions at randomly sampled parameter points; return the first failure of each.

    For each assumption, parameters are drawn from their ranges
    (:func:`sample_parameters`); a :class:`Monotone` assumption also draws two
    values of its parameter within that parameter's bounds. The result holds
    one :class:`CheckResult` per assumption: the first counterexample found,
    or the last point where the assumption applied (the last point tried if it
    applied nowhere).

    Parameters
    ----------
    scenario : Scenario
        The scenario.
    assumptions : sequence, optional
        Default: :func:`declared_assumptions`.
    n_samples : int, default 200
        Parameter points per assumption.
    rng : int or Generator, optional
        Seed (SPEC 7).

    Examples
    --------
    >>> import mediation_sim as ms
    >>> sc = ms.scenarios.load("ukraine-2023")
    >>> results = ms.scenarios.check_assumptions(sc, n_samples=20, rng=1)
    >>> all(r.holds for r in results)
    True
    """
    gen = normalise_rng(rng, func="check_assumptions")
    n_samples = check_positive_int(n_samples, func="check_assumptions", name="n_samples")
    todo = declared_assumptions(scenario) if assumptions is None else list(assumptions)
    results = []
    for assumption in todo:
        draws = sample_parameters(scenario, n_samples, rng=gen)
        last: CheckResult | None = None
        applied: CheckResult | None = None
        for k in range(n_samples):
            point = {name: float(v[k]) for name, v in draws.items()}
            if isinstance(assumption, Monotone):
                lo, hi = scenario.parameters[assumption.parameter].bounds
                a, b = sorted(gen.uniform(lo, hi, size=2))
                last = assumption.evaluate(scenario, point, low=float(a), high=float(b))
            else:
                last = assumption.evaluate(scenario, point)
            if last.applicable:
                applied = last
            if not last.holds:
                break
        assert last is not None
        results.append(applied if applied is not None and last.holds else last)
    return results
