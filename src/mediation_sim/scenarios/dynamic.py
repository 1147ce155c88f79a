r"""Dynamic scenarios: war over quarters, with front-line and consensus states and timed pressure.

The shipped ``ukraine-2023-dynamic`` scenario turns the flagship's two claims
about time into a finite-horizon stochastic game between Kyiv and Moscow:

* **States.** The front line :math:`f` (Ukraine's share :math:`x_f` of the
  contested territory, on a grid) and Western consensus :math:`w` (solid or
  eroded; erosion is absorbing, with a hazard that grows each quarter — the
  longer the war, the harder the consensus is to hold).
* **Moves.** Each quarter both sides choose *fight* or *settle*. The terms
  of a settlement are the current front line (a declared protocol: neither
  side can credibly promise territory it does not hold), worth
  :math:`x_f / (1 - \delta)` to Kyiv and :math:`(1 - x_f) / (1 - \delta)`
  to Moscow. In a quarter of fighting each side keeps the yield of what it
  holds (:math:`x_f`, :math:`1 - x_f`) minus its cost of fighting (Kyiv's is
  higher with eroded consensus), and the front moves a step either way, with odds
  that favour Ukraine during the **counter-offensive window** and favour
  Russia once consensus has eroded.
* **Pressure.** Beijing's pressure :math:`\pi` adds
  ``china_leverage * pi`` to Moscow's quarterly cost from quarter ``start``
  on (0 = from the beginning).
* **Horizon.** After ``quarters`` quarters the lines freeze (valued like a
  settlement at the then-current line).

**Solution.** Backward induction over quarters, vectorised over the states
and over any batch of parameter values. In each quarter and state the stage
game has two pure equilibria when both sides prefer settling, (settle,
settle) and (fight, fight); fighting is then weakly dominated, so the rule is:
*settle exactly when both sides weakly prefer the current line to fighting
on*. :meth:`DynamicScenario.game` builds the same model as a
:class:`~mediation_sim.games.StochasticGame` (states carry the quarter), and
the tests check the vectorised policy on it with the one-shot-deviation
check of :func:`~mediation_sim.solvers.finite_horizon_regrets`.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .._errors import InvalidArgumentError, SpecError, UnknownNameError
from .._results import Result
from .._suggest import unknown_name
from .._validation import normalise_rng
from ..games.stochastic import StochasticGame
from ._limits import check_spec_nesting

__all__ = [
    "DynamicParameter",
    "DynamicScenario",
    "DynamicSolution",
    "available_dynamic",
    "dynamic_from_toml",
    "load_dynamic",
]

FloatArray = NDArray[np.float64]

#: Parameters that fix the grid and so must be whole numbers without uncertainty.
_INTEGER = ("quarters", "front_steps", "front_start")
_REQUIRED = (
    "quarters",
    "discount",
    "front_low",
    "front_high",
    "front_steps",
    "front_start",
    "cost_kyiv",
    "cost_kyiv_eroded",
    "cost_moscow",
    "china_leverage",
    "offensive_quarters",
    "offensive_gain",
    "offensive_loss",
    "gain",
    "loss",
    "eroded_gain",
    "eroded_loss",
    "erosion",
    "erosion_growth",
)
_PROBABILITIES = (
    "offensive_gain",
    "offensive_loss",
    "gain",
    "loss",
    "eroded_gain",
    "eroded_loss",
    "erosion",
)
_MAX_QUARTERS = 400
_MAX_STEPS = 200


@dataclass(frozen=True, slots=True)
class DynamicParameter:
    """One assumption of a dynamic scenario: central value, plausible range and provenance.

    Attributes
    ----------
    name : str
    default : float
    low, high : float
        Plausible range (Monte Carlo draws uniformly within it).
    unit : str
    claims : tuple of str
        Ids of claims in ``seeds/claims.toml`` the assumption rests on.
    judgement : bool
        True when it is the modeller's judgement rather than a claim.
    rationale : str
    """

    name: str
    default: float
    low: float
    high: float
    unit: str
    claims: tuple[str, ...]
    judgement: bool
    rationale: str


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class DynamicSolution(Result):
    """The equilibrium of a dynamic scenario for one pressure level and start quarter.

    Attributes
    ----------
    pressure : float
    start : int
        First quarter of pressure.
    settle : ndarray of bool, shape (quarters, positions, 2)
        Whether both sides settle in quarter ``t`` at front ``f`` with
        consensus ``w`` (0 solid, 1 eroded).
    settlement_by_quarter : ndarray, shape (quarters,)
        Probability that the war ends by settlement in each quarter.
    frozen : float
        Probability that no settlement comes before the horizon (lines freeze).
    terms_by_quarter : ndarray, shape (quarters,)
        Expected Ukrainian share of the contested territory in a settlement
        reached in each quarter (NaN where none is reached).
    war_states : ndarray, shape (quarters + 1, 2)
        Probability that the war is still on with solid / eroded consensus at
        the start of each quarter.
    values : ndarray, shape (2,)
        Kyiv's and Moscow's equilibrium values at the start.
    """

    pressure: float
    start: int
    settle: NDArray[np.bool_] = field(repr=False)
    settlement_by_quarter: FloatArray
    frozen: float
    terms_by_quarter: FloatArray
    war_states: FloatArray
    values: FloatArray

    @property
    def settled_within(self) -> float:
        """Probability of a settlement before the horizon."""
        return float(self.settlement_by_quarter.sum())

    @property
    def expected_quarters(self) -> float:
        """Expected quarter of settlement, given that one comes (NaN if none can)."""
        p = self.settlement_by_quarter
        total = float(p.sum())
        return float(p @ np.arange(p.size)) / total if total > 0 else math.nan

    @property
    def expected_terms(self) -> float:
        """Expected Ukrainian share at settlement, given that one comes (NaN if none can)."""
        p = self.settlement_by_quarter
        ok = p > 0
        total = float(p[ok].sum())
        return float(p[ok] @ self.terms_by_quarter[ok]) / total if total > 0 else math.nan

    def _summary(self) -> dict[str, Any]:
        """Plain numbers and lists (NaN kept as float nan)."""
        return {
            "pressure": self.pressure,
            "start": self.start,
            "settlement_by_quarter": self.settlement_by_quarter.tolist(),
            "frozen": self.frozen,
            "terms_by_quarter": self.terms_by_quarter.tolist(),
            "settled_within": self.settled_within,
            "expected_quarters": self.expected_quarters,
            "expected_terms": self.expected_terms,
            "values": self.values.tolist(),
        }

    def __repr__(self) -> str:
        return (
            f"DynamicSolution(pressure={self.pressure:.3g}, start={self.start}, "
            f"settled_within={self.settled_within:.3f}, "
            f"expected_quarters={self.expected_quarters:.3g})"
        )


class DynamicScenario:
    """A dynamic war-termination scenario loaded from a validated TOML file.

    Use :func:`load_dynamic` (shipped scenarios) or :func:`dynamic_from_toml`.

    Examples
    --------
    >>> import mediation_sim as ms
    >>> sc = ms.scenarios.load_dynamic("ukraine-2023-dynamic")
    >>> sc.parameters["erosion"].claims
    ('C16',)
    >>> early = sc.solve(pressure=0.8, start=0)
    >>> late = sc.solve(pressure=0.8, start=8)
    >>> early.settled_within > late.settled_within
    True
    """

    def __init__(
        self,
        name: str,
        title: str,
        description: str,
        parameters: Mapping[str, DynamicParameter],
        *,
        path: str | None = None,
    ) -> None:
        self.name = name
        self.title = title
        self.description = description
        self.parameters: Mapping[str, DynamicParameter] = MappingProxyType(dict(parameters))
        self.path = path

    def __repr__(self) -> str:
        return f"DynamicScenario({self.name!r}, {len(self.parameters)} parameters)"

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            _rebuild,
            (self.name, self.title, self.description, dict(self.parameters), self.path),
        )

    # ------------------------------------------------------------------ values
    def values(self, **overrides: ArrayLike) -> dict[str, FloatArray]:
        """Parameter values: defaults, with ``overrides`` (numbers or arrays; they broadcast).

        Raises
        ------
        UnknownNameError
            For an unknown parameter name.
        InvalidArgumentError
            For a value outside the model's domain (probabilities outside
            [0, 1], negative costs, discount outside [0, 1), ...).
        """
        for key in overrides:
            if key not in self.parameters:
                raise UnknownNameError(
                    f"{self.name}: " + unknown_name("parameter", key, self.parameters)
                )
        out: dict[str, FloatArray] = {}
        for key, par in self.parameters.items():
            raw = overrides.get(key, par.default)
            try:
                arr = np.asarray(raw, dtype=np.float64)
            except (TypeError, ValueError):
                raise InvalidArgumentError(f"{self.name}: {key} must be numeric") from None
            if not np.isfinite(arr).all():
                raise InvalidArgumentError(f"{self.name}: {key} must be finite")
            out[key] = arr
        _check_domain(out, where=self.name)
        return out

    def sample(
        self, n: int, *, rng: int | np.random.Generator | None = None
    ) -> dict[str, FloatArray]:
        """``n`` draws of every parameter, uniform within its plausible range."""
        gen = normalise_rng(rng, func="DynamicScenario.sample")
        return {
            key: (
                np.full(n, par.default)
                if par.low == par.high or key in _INTEGER
                else gen.uniform(par.low, par.high, size=n)
            )
            for key, par in self.parameters.items()
        }

    # ------------------------------------------------------------------ solving
    def batch(
        self, pressure: ArrayLike = 0.0, start: ArrayLike = 0, **overrides: ArrayLike
    ) -> dict[str, NDArray[Any]]:
        """Solve for every combination in a batch (all arguments broadcast together).

        Returns a dict of arrays with the batch shape in front:
        ``settlement_by_quarter`` (..., quarters), ``frozen`` (...),
        ``terms_by_quarter`` (..., quarters), ``war_states``
        (..., quarters + 1, 2), ``values`` (..., 2) and ``settle``
        (..., quarters, positions, 2).
        """
        vals = self.values(**overrides)
        p = np.asarray(pressure, dtype=np.float64)
        s = np.asarray(start, dtype=np.float64)
        if not np.isfinite(p).all() or (p < 0).any():
            raise InvalidArgumentError(f"{self.name}: pressure must be finite and >= 0")
        if not np.isfinite(s).all() or (s < 0).any():
            raise InvalidArgumentError(f"{self.name}: start must be a quarter >= 0")
        grid = {k: int(vals[k]) for k in _INTEGER}
        shape = np.broadcast_shapes(p.shape, s.shape, *(v.shape for v in vals.values()))
        flat = {k: np.broadcast_to(v, shape).ravel() for k, v in vals.items()}
        res = _solve(
            flat,
            np.broadcast_to(p, shape).ravel(),
            np.broadcast_to(s, shape).ravel(),
            **grid,
        )
        return {k: v.reshape(shape + v.shape[1:]) for k, v in res.items()}

    def solve(self, pressure: float = 0.0, start: int = 0, **overrides: float) -> DynamicSolution:
        """The equilibrium for one pressure level and start quarter (scalar parameters)."""
        res = self.batch(pressure, start, **overrides)
        if res["frozen"].ndim:
            raise InvalidArgumentError(
                f"{self.name}: solve() takes scalar values; use batch() for arrays"
            )
        for v in res.values():
            v.flags.writeable = False
        return DynamicSolution(
            pressure=float(pressure),
            start=int(start),
            settle=res["settle"],
            settlement_by_quarter=res["settlement_by_quarter"],
            frozen=float(res["frozen"]),
            terms_by_quarter=res["terms_by_quarter"],
            war_states=res["war_states"],
            values=res["values"],
        )

    def critical_pressure(
        self,
        start: int = 0,
        *,
        target: float = 0.5,
        resolution: int = 1001,
        **overrides: float,
    ) -> float:
        """Smallest pressure in [0, 1] at which settlement before the horizon reaches ``target``.

        Evaluated on a grid of ``resolution`` pressures in one vectorised pass
        (the settlement probability need not be monotone in pressure; the
        first crossing is returned). NaN if even full pressure falls short.

        Examples
        --------
        >>> import mediation_sim as ms
        >>> sc = ms.scenarios.load_dynamic("ukraine-2023-dynamic")
        >>> sc.critical_pressure(0) <= sc.critical_pressure(6)
        True
        """
        if not 0.0 < float(target) <= 1.0:
            raise InvalidArgumentError(f"{self.name}: target must lie in (0, 1], got {target!r}")
        if isinstance(resolution, bool) or int(resolution) < 2:
            raise InvalidArgumentError(f"{self.name}: resolution must be an integer >= 2")
        grid = np.linspace(0.0, 1.0, int(resolution))
        res = self.batch(grid, start, **overrides)
        settled = res["settlement_by_quarter"].sum(axis=-1)
        hit = np.flatnonzero(settled >= float(target) - 1e-12)
        return float(grid[hit[0]]) if hit.size else math.nan

    # ------------------------------------------------------------------ the game
    def game(self, pressure: float = 0.0, start: int = 0, **overrides: float) -> StochasticGame:
        """The scenario as a :class:`~mediation_sim.games.StochasticGame`; states carry the quarter.

        States are ``t{t}_f{f}_{solid|eroded}`` for quarters ``0..quarters``
        (the last quarter's states freeze the lines: one action, the
        settlement value) and an absorbing ``settled`` state. Play it for
        ``quarters + 1`` periods from ``t0_f{front_start}_solid``.
        """
        v = {k: float(a) for k, a in self.values(**overrides).items()}
        T, F = int(v["quarters"]), int(v["front_steps"]) + 1
        delta = v["discount"]
        x = v["front_low"] + (v["front_high"] - v["front_low"]) * np.arange(F) / (F - 1)
        names = [
            f"t{t}_f{f}_{w}" for t in range(T + 1) for f in range(F) for w in ("solid", "eroded")
        ]
        names.append("settled")
        n_states = len(names)
        settled = n_states - 1

        def index(t: int, f: int, w: int) -> int:
            return (t * F + f) * 2 + w

        payoffs: list[Any] = []
        transitions: list[Any] = []
        actions: list[Any] = []
        for t in range(T + 1):
            for f in range(F):
                for w in range(2):
                    lump = np.array([x[f], 1 - x[f]]) / (1 - delta)
                    if t == T:
                        payoffs.append(lump.reshape(2, 1, 1))
                        row = np.zeros((1, 1, n_states))
                        row[0, 0, settled] = 1.0
                        transitions.append(row)
                        actions.append([["freeze"], ["freeze"]])
                        continue
                    up, down, hazard = _odds(v, t, w)
                    cost_k = v["cost_kyiv"] + v["cost_kyiv_eroded"] * w
                    cost_m = v["cost_moscow"] + v["china_leverage"] * pressure * (t >= start)
                    pay = np.empty((2, 2, 2))
                    pay[0] = x[f] - cost_k
                    pay[1] = 1 - x[f] - cost_m
                    pay[:, 1, 1] = lump
                    nxt = np.zeros(n_states)
                    for w2, pw in (
                        (w, 1.0 - hazard if w == 0 else 1.0),
                        (1, hazard if w == 0 else 0.0),
                    ):
                        if pw == 0.0:
                            continue
                        nxt[index(t + 1, min(f + 1, F - 1), w2)] += pw * up
                        nxt[index(t + 1, max(f - 1, 0), w2)] += pw * down
                        nxt[index(t + 1, f, w2)] += pw * (1 - up - down)
                    row = np.broadcast_to(nxt, (2, 2, n_states)).copy()
                    row[1, 1] = 0.0
                    row[1, 1, settled] = 1.0
                    payoffs.append(pay)
                    transitions.append(row)
                    actions.append([["fight", "settle"], ["fight", "settle"]])
        payoffs.append(np.zeros((2, 1, 1)))
        end = np.zeros((1, 1, n_states))
        end[0, 0, settled] = 1.0
        transitions.append(end)
        actions.append([["none"], ["none"]])
        return StochasticGame(
            payoffs,
            transitions,
            delta,
            players=["kyiv", "moscow"],
            states=names,
            actions=actions,
            title=self.name,
        )


def _rebuild(
    name: str,
    title: str,
    description: str,
    parameters: dict[str, DynamicParameter],
    path: str | None,
) -> DynamicScenario:
    return DynamicScenario(name, title, description, parameters, path=path)


def _odds(v: Mapping[str, Any], t: int | FloatArray, w: int) -> tuple[Any, Any, Any]:
    """Front up / down probabilities and erosion hazard in quarter ``t`` with consensus ``w``."""
    offensive = t < v["offensive_quarters"]
    if w == 0:
        up = np.where(offensive, v["offensive_gain"], v["gain"])
        down = np.where(offensive, v["offensive_loss"], v["loss"])
    else:
        up, down = v["eroded_gain"], v["eroded_loss"]
    hazard = np.minimum(1.0, v["erosion"] + v["erosion_growth"] * t)
    return up, down, hazard


def _solve(
    v: Mapping[str, FloatArray],
    pressure: FloatArray,
    start: FloatArray,
    *,
    quarters: int,
    front_steps: int,
    front_start: int,
) -> dict[str, NDArray[Any]]:
    """Vectorised backward induction and forward distribution over a flat batch."""
    n = pressure.shape[0]
    T, F = quarters, front_steps + 1
    delta = v["discount"][:, None, None]
    x = v["front_low"][:, None] + (v["front_high"] - v["front_low"])[:, None] * (
        np.arange(F)[None, :] / (F - 1)
    )
    settle_k = (x / (1 - v["discount"][:, None]))[:, :, None]  # (n, F, 1)
    settle_m = ((1 - x) / (1 - v["discount"][:, None]))[:, :, None]
    vk = np.broadcast_to(settle_k, (n, F, 2)).copy()
    vm = np.broadcast_to(settle_m, (n, F, 2)).copy()
    settle = np.zeros((T, n, F, 2), dtype=bool)
    moves = []  # per quarter: (up, down) arrays (n, 2) and hazard (n,)
    up_idx = np.minimum(np.arange(F) + 1, F - 1)
    down_idx = np.maximum(np.arange(F) - 1, 0)
    for t in range(T):
        ups, downs = [], []
        hazard = np.empty(n)
        for w in (0, 1):
            up, down, hazard = _odds(v, t, w)
            ups.append(np.broadcast_to(up, (n,)))
            downs.append(np.broadcast_to(down, (n,)))
        moves.append(
            (np.stack(ups, axis=1), np.stack(downs, axis=1), np.broadcast_to(hazard, (n,)))
        )
    cost_k = np.stack([v["cost_kyiv"], v["cost_kyiv"] + v["cost_kyiv_eroded"]], axis=1)[:, None, :]
    for t in range(T - 1, -1, -1):
        up, down, hazard = moves[t]
        ev = []
        for val in (vk, vm):
            # the front moves with the odds of this quarter's consensus; then
            # solid consensus erodes with the quarter's hazard (eroded stays eroded)
            solid_next = (1 - hazard)[:, None] * _front(
                val, up[:, 0], down[:, 0], up_idx, down_idx, 0
            ) + hazard[:, None] * _front(val, up[:, 0], down[:, 0], up_idx, down_idx, 1)
            eroded_next = _front(val, up[:, 1], down[:, 1], up_idx, down_idx, 1)
            ev.append(np.stack([solid_next, eroded_next], axis=2))
        cost_m = (v["cost_moscow"] + v["china_leverage"] * pressure * (t >= start))[:, None, None]
        war_k = x[:, :, None] - cost_k + delta * ev[0]
        war_m = (1 - x)[:, :, None] - cost_m + delta * ev[1]
        s = (settle_k >= war_k - 1e-12) & (settle_m >= war_m - 1e-12)
        settle[t] = s
        vk = np.where(s, settle_k, war_k)
        vm = np.where(s, settle_m, war_m)
    # forward: distribution of the ongoing war over (front, consensus)
    mass = np.zeros((n, F, 2))
    mass[:, front_start, 0] = 1.0
    by_quarter = np.zeros((n, T))
    terms = np.full((n, T), np.nan)
    war_states = np.zeros((n, T + 1, 2))
    for t in range(T):
        war_states[:, t] = mass.sum(axis=1)
        ending = mass * settle[t]
        ended = ending.sum(axis=(1, 2))
        by_quarter[:, t] = ended
        with np.errstate(invalid="ignore", divide="ignore"):
            terms[:, t] = np.where(ended > 0, (ending.sum(axis=2) * x).sum(axis=1) / ended, np.nan)
        alive = mass - ending
        up, down, hazard = moves[t]
        nxt = np.zeros_like(alive)
        for w in (0, 1):
            m = alive[:, :, w]
            moved = np.zeros_like(m)
            np.add.at(moved.T, up_idx, (m * up[:, w : w + 1]).T)
            np.add.at(moved.T, down_idx, (m * down[:, w : w + 1]).T)
            moved += m * (1 - up[:, w] - down[:, w])[:, None]
            if w == 0:
                nxt[:, :, 0] += moved * (1 - hazard)[:, None]
                nxt[:, :, 1] += moved * hazard[:, None]
            else:
                nxt[:, :, 1] += moved
        mass = nxt
    war_states[:, T] = mass.sum(axis=1)
    return {
        "settlement_by_quarter": by_quarter,
        "frozen": mass.sum(axis=(1, 2)),
        "terms_by_quarter": terms,
        "war_states": war_states,
        "values": np.stack([vk[:, front_start, 0], vm[:, front_start, 0]], axis=1),
        "settle": np.moveaxis(settle, 0, 1),
    }


def _front(
    val: FloatArray,
    up: FloatArray,
    down: FloatArray,
    up_idx: NDArray[np.intp],
    down_idx: NDArray[np.intp],
    w_next: int,
) -> FloatArray:
    """Expected ``val[:, f', w_next]`` after one front move with the given odds (n, F)."""
    column = val[:, :, w_next]
    out: FloatArray = (
        up[:, None] * column[:, up_idx]
        + down[:, None] * column[:, down_idx]
        + (1 - up - down)[:, None] * column
    )
    return out


def _check_domain(v: Mapping[str, FloatArray], *, where: str) -> None:
    def bad(key: str, message: str) -> None:
        raise InvalidArgumentError(f"{where}: {key} {message}")

    for key in _INTEGER:
        arr = v[key]
        if arr.ndim or arr != np.round(arr):
            bad(key, f"must be a single whole number, got {arr!r}")
    if not 1 <= int(v["quarters"]) <= _MAX_QUARTERS:
        bad("quarters", f"must lie in [1, {_MAX_QUARTERS}]")
    if not 1 <= int(v["front_steps"]) <= _MAX_STEPS:
        bad("front_steps", f"must lie in [1, {_MAX_STEPS}]")
    if not 0 <= int(v["front_start"]) <= int(v["front_steps"]):
        bad("front_start", "must lie in [0, front_steps]")
    if ((v["discount"] < 0) | (v["discount"] >= 1)).any():
        bad("discount", "must lie in [0, 1)")
    for key in _PROBABILITIES:
        if ((v[key] < 0) | (v[key] > 1)).any():
            bad(key, "must lie in [0, 1]")
    for a, b in (
        ("offensive_gain", "offensive_loss"),
        ("gain", "loss"),
        ("eroded_gain", "eroded_loss"),
    ):
        if (v[a] + v[b] > 1 + 1e-12).any():
            bad(f"{a} + {b}", "must not exceed 1")
    for key in ("cost_kyiv", "cost_kyiv_eroded", "cost_moscow", "china_leverage", "erosion_growth"):
        if (v[key] < 0).any():
            bad(key, "must be >= 0")
    if ((v["front_low"] < 0) | (v["front_high"] > 1) | (v["front_low"] >= v["front_high"])).any():
        bad("front_low, front_high", "must satisfy 0 <= front_low < front_high <= 1")


# ---------------------------------------------------------------------- loading
def _dynamic_dir() -> Any:
    return files("mediation_sim.scenarios") / "dynamic_data"


def available_dynamic() -> list[str]:
    """Names of the shipped dynamic scenarios.

    Examples
    --------
    >>> import mediation_sim as ms
    >>> ms.scenarios.available_dynamic()
    ['ukraine-2023-dynamic']
    """
    return sorted(
        p.name.removesuffix(".toml") for p in _dynamic_dir().iterdir() if p.name.endswith(".toml")
    )


def load_dynamic(name: str) -> DynamicScenario:
    """Load a shipped dynamic scenario by name.

    Raises
    ------
    UnknownNameError
        If there is no such scenario; lists the available ones.
    """
    names = available_dynamic()
    if name not in names:
        raise UnknownNameError(f"unknown dynamic scenario {name!r}; available: {names}")
    resource = _dynamic_dir() / f"{name}.toml"
    return _from_text(resource.read_text(encoding="utf-8"), path=f"{name}.toml")


def dynamic_from_toml(path: str | Path) -> DynamicScenario:
    """Load a dynamic scenario from a TOML file (the format of the shipped one).

    Raises
    ------
    SpecError
        If the file is malformed; names the file, the key and, for TOML
        syntax errors, the line.
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise SpecError(f"cannot read the file ({exc.strerror})", path=p) from None
    return _from_text(text, path=str(p))


def _line_of(text: str, key: str) -> int | None:
    header = f"[parameters.{key}]"
    for k, line in enumerate(text.splitlines(), start=1):
        if line.strip() == header:
            return k
    return None


def _from_text(text: str, *, path: str) -> DynamicScenario:
    check_spec_nesting(text, path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SpecError(
            f"invalid TOML: {exc}", path=path, line=getattr(exc, "lineno", None)
        ) from None
    meta = data.get("scenario")
    if not isinstance(meta, dict) or not isinstance(meta.get("name"), str):
        raise SpecError(
            "a [scenario] table with a string 'name' is required", path=path, key="scenario"
        )
    table = data.get("parameters")
    if not isinstance(table, dict):
        raise SpecError("a [parameters] table is required", path=path, key="parameters")
    missing = [k for k in _REQUIRED if k not in table]
    if missing:
        raise SpecError(f"missing parameters {missing}", path=path, key="parameters")
    unknown = sorted(set(table) - set(_REQUIRED))
    if unknown:
        raise SpecError(
            f"unknown parameters {unknown}; the model's parameters are {list(_REQUIRED)}",
            path=path,
            key="parameters",
        )
    params: dict[str, DynamicParameter] = {}
    for key in _REQUIRED:
        entry = table[key]
        line = _line_of(text, key)
        where = f"parameters.{key}"
        if not isinstance(entry, dict):
            raise SpecError("must be a table", path=path, line=line, key=where)
        nums = {}
        for field_name in ("default", "low", "high"):
            value = entry.get(field_name)
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise SpecError(f"{field_name} must be a number", path=path, line=line, key=where)
            if not math.isfinite(value):
                raise SpecError(
                    f"{field_name} must be finite (nan and inf are refused)",
                    path=path,
                    line=line,
                    key=where,
                )
            nums[field_name] = float(value)
        if not nums["low"] <= nums["default"] <= nums["high"]:
            raise SpecError("need low <= default <= high", path=path, line=line, key=where)
        claims = entry.get("claims", [])
        if not isinstance(claims, list) or not all(isinstance(c, str) for c in claims):
            raise SpecError("claims must be a list of claim ids", path=path, line=line, key=where)
        judgement = entry.get("judgement", False)
        if not isinstance(judgement, bool):
            raise SpecError("judgement must be true or false", path=path, line=line, key=where)
        if not claims and not judgement:
            raise SpecError(
                "every assumption cites a claim or is marked judgement = true",
                path=path,
                line=line,
                key=where,
            )
        for text_field in ("unit", "rationale"):
            if not isinstance(entry.get(text_field), str) or not entry[text_field]:
                raise SpecError(
                    f"{text_field} must be a non-empty string", path=path, line=line, key=where
                )
        params[key] = DynamicParameter(
            name=key,
            default=nums["default"],
            low=nums["low"],
            high=nums["high"],
            unit=entry["unit"],
            claims=tuple(claims),
            judgement=judgement,
            rationale=entry["rationale"],
        )
    scenario = DynamicScenario(
        meta["name"],
        str(meta.get("title", "")),
        str(meta.get("description", "")),
        params,
        path=path,
    )
    try:
        for bound in ("default", "low", "high"):
            scenario.values(
                **{k: getattr(p, bound) for k, p in params.items() if k not in _INTEGER}
            )
    except InvalidArgumentError as exc:
        raise SpecError(f"parameter values outside the model's domain: {exc}", path=path) from None
    return scenario
