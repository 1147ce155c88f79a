"""The shape every Nash solver shares: result type, decorator, verifier and method registry.

A solver is written as a private-looking function that returns a
:class:`SolverOutput` (candidate profiles plus diagnostics) and is wrapped in
:func:`nash_solver`. The wrapper

1. checks that the first argument is a :class:`~mediation_sim.NormalFormGame`
   (with the right number of players, if the method needs one),
2. checks the shared keywords (``tol`` >= 0),
3. records every argument actually used (bound signature, defaults applied),
4. runs the kernel on :meth:`NormalFormGame.normalised` (payoffs mapped
   affinely onto ``[0, 1]``, so no kernel meets overflow, cancellation or a
   scale-dependent threshold),
5. runs the candidates through :func:`finalise`, the shared verifier, which
   computes every candidate's regret *against the original game* (in one
   batch, in the game's normalised frame, with the kernel behind
   :attr:`MixedProfile.regret`, so the numbers are the profiles' own),
   drops duplicates and any candidate above ``tol * payoff_range``, and
   builds the frozen :class:`NashResult`.

So no solver can return an unverified equilibrium or forget a parameter.
"""

from __future__ import annotations

import functools
import html
import inspect
import numbers
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Concatenate, ParamSpec, Protocol, TypeVar

import numpy as np
from numpy.typing import ArrayLike

from .._errors import (
    DegenerateGameWarning,
    GameShapeError,
    InvalidArgumentError,
    UnknownMethodError,
)
from .._jsonable import jsonable
from .._results import Result
from .._validation import check_limit, check_tol, normalise_rng, warn_user
from ..games.normal_form import (
    FloatArray,
    MixedProfile,
    NormalFormGame,
    batch_player_regrets,
    frame_regret,
    game_frame,
    stack_vectors,
)

__all__ = [
    "DEFAULT_SEED",
    "RNG_NONE_MEANS",
    "MethodRegistry",
    "NashResult",
    "SolverOutput",
    "check_game",
    "check_options",
    "finalise",
    "nash_solver",
    "result_html",
    "result_summary",
    "solver_rng",
]

P = ParamSpec("P")
F = TypeVar("F", bound=Callable[..., Any])

#: Seed every stochastic solver uses when called with ``rng=None``: a solver
#: call is reproducible unless a seed or Generator asks for other draws.
#: (Monte Carlo analyses, which *sample* a distribution, differ: there
#: ``rng=None`` draws fresh entropy and records it.)
DEFAULT_SEED = 20_050_515

#: The sentence every solver's docstring uses for ``rng=None`` (checked by
#: ``tests/solvers/test_signatures.py``).
RNG_NONE_MEANS = "``None`` means the fixed seed :data:`~mediation_sim.solvers.DEFAULT_SEED`"


def solver_rng(rng: object, *, func: str) -> np.random.Generator:
    """The Generator of a solver's ``rng`` argument (``None``: :data:`DEFAULT_SEED`).

    Examples
    --------
    >>> from mediation_sim.solvers._core import solver_rng
    >>> bool(solver_rng(None, func="demo").random() == solver_rng(None, func="demo").random())
    True
    """
    return normalise_rng(DEFAULT_SEED if rng is None else rng, func=func)


#: Two candidate profiles closer than this (max abs difference) are one equilibrium.
_DEDUP_ATOL = 1e-7
#: Largest pairwise distance array (entries) :func:`finalise` builds to find duplicates.
_DEDUP_MATRIX = 1 << 16

#: Most equilibria a solver may be asked for (``n_equilibria``). Checked by
#: :func:`nash_solver` before any work; assign a larger value to
#: ``mediation_sim.solvers._core.MAX_EQUILIBRIA`` to lift it.
MAX_EQUILIBRIA = 10_000

#: Most path starts a solver may be asked to try (``max_starts``).
MAX_STARTS = 100_000

#: Most iterations, pivots or path steps a solver may be asked for (``max_iter``).
MAX_ITER = 100_000_000

_WORK_LIMITS = {
    "n_equilibria": "MAX_EQUILIBRIA",
    "max_starts": "MAX_STARTS",
    "max_iter": "MAX_ITER",
}


def check_work_limits(params: Mapping[str, object], *, func: str) -> None:
    """Refuse ``n_equilibria``, ``max_starts`` or ``max_iter`` above the documented caps.

    Values that are not integers are left to the solver's own checks.
    """
    for name, constant in _WORK_LIMITS.items():
        value = params.get(name)
        if type(value) is not bool and isinstance(value, numbers.Integral):
            check_limit(
                int(value),
                func=func,
                name=name,
                limit=globals()[constant],
                limit_name=f"mediation_sim.solvers._core.{constant}",
            )


def check_options(solver: Callable[..., Any], options: Mapping[str, Any], *, func: str) -> None:
    """Refuse keyword ``options`` that ``solver`` does not take, and work above the caps.

    Dispatchers (``nash``) call it before any work, so that a misspelt
    option fails even when a presolve would settle the game without the solver.
    """
    signature = inspect.signature(solver)
    unknown = [k for k in options if k not in signature.parameters]
    if unknown:
        valid = [p for p in signature.parameters if p not in ("game", "tol", "n_equilibria")]
        raise InvalidArgumentError(
            f"{func}(): unknown option(s) {unknown} for method {solver.__name__!r}; "
            f"its options are {valid}"
        )
    check_work_limits(options, func=func)


class _VerifiedProfile(Protocol):
    @property
    def regret(self) -> float: ...

    def to_dict(self) -> dict[str, Any]: ...


class _VerifiedResult(Protocol):
    """What :func:`result_summary` and :func:`result_html` read from a result."""

    @property
    def method(self) -> str: ...

    @property
    def equilibria(self) -> Sequence[_VerifiedProfile]: ...

    @property
    def parameters(self) -> Mapping[str, object]: ...

    @property
    def max_regret(self) -> float: ...

    @property
    def success(self) -> bool: ...

    @property
    def message(self) -> str: ...


def result_summary(result: _VerifiedResult) -> dict[str, Any]:
    """The JSON keys every verified-equilibria result shares, in their documented order.

    ``method``, ``equilibria`` (each profile's ``to_dict()``), ``parameters``
    (JSON-safe), ``max_regret``, ``success`` and ``message``; a result's
    ``to_dict`` appends its own fields after these.
    """
    return {
        "method": result.method,
        "equilibria": [eq.to_dict() for eq in result.equilibria],
        "parameters": {k: jsonable(v) for k, v in result.parameters.items()},
        "max_regret": result.max_regret,
        "success": result.success,
        "message": result.message,
    }


def result_html(result: _VerifiedResult) -> str:
    """Notebook rendering of a verified-equilibria result: its repr, message and a table."""
    esc = html.escape
    rows = "".join(
        f"<tr><td>{k}</td><td>{esc(repr(eq))}</td><td>{eq.regret:.2g}</td></tr>"
        for k, eq in enumerate(result.equilibria)
    )
    return (
        f"<p><b>{esc(repr(result))}</b></p><p>{esc(result.message)}</p>"
        f"<table><tr><th>#</th><th>profile</th><th>regret</th></tr>{rows}</table>"
    )


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class NashResult(Result):
    """Equilibria found by a Nash solver, each verified by regret, plus how they were found.

    Iterating over a result yields its :class:`~mediation_sim.MixedProfile`
    equilibria; ``len(result)`` counts them.

    Attributes
    ----------
    game : NormalFormGame
        The game solved.
    method : str
        Canonical name of the algorithm.
    equilibria : tuple of MixedProfile
        The verified equilibria (regret at most ``tol * game.payoff_range``).
    parameters : Mapping[str, object]
        Every argument the solver was called with, defaults included.
    max_regret : float
        Largest regret among :attr:`equilibria` (0.0 when there are none).
    success : bool
        Whether the method did what it promises (an exact method ran to
        completion; an iterative one found at least one verified equilibrium).
    message : str
        A human-readable account of the run (failures and rejections included).
    n_iter : int or None
        Iterations, pivots or path steps, where the method counts them.
    degenerate : bool or None
        For two-player enumeration: whether the game was detected as degenerate.
    n_rejected : int
        Candidates the verifier dropped because their regret exceeded ``tol``.
    """

    game: NormalFormGame = field(repr=False)
    method: str
    equilibria: tuple[MixedProfile, ...]
    parameters: Mapping[str, object]
    max_regret: float
    success: bool
    message: str
    n_iter: int | None = None
    degenerate: bool | None = None
    n_rejected: int = 0

    def __iter__(self) -> Iterator[MixedProfile]:
        return iter(self.equilibria)

    def __len__(self) -> int:
        return len(self.equilibria)

    def __getitem__(self, index: int) -> MixedProfile:
        return self.equilibria[index]

    def pure_profiles(self) -> list[tuple[int, ...]]:
        """The pure equilibria among :attr:`equilibria`, as strategy-index tuples."""
        return [idx for eq in self.equilibria if (idx := eq.pure_indices) is not None]

    def _summary(self) -> dict[str, Any]:
        """JSON-serialisable summary (equilibria by label, parameters, diagnostics)."""
        return {
            **result_summary(self),
            "n_iter": self.n_iter,
            "degenerate": self.degenerate,
            "n_rejected": self.n_rejected,
        }

    def __repr__(self) -> str:
        n = len(self.equilibria)
        noun = "equilibrium" if n == 1 else "equilibria"
        extra = "" if self.degenerate is None else f", degenerate={self.degenerate}"
        return (
            f"NashResult(method={self.method!r}, {n} {noun}, "
            f"max_regret={self.max_regret:.2g}, success={self.success}{extra})"
        )

    def _repr_html_(self) -> str:
        return result_html(self)


@dataclass(slots=True)
class SolverOutput:
    """What a solver kernel hands to :func:`finalise` (internal, but stable for plugin solvers).

    Attributes
    ----------
    profiles : sequence of profile-like
        Candidate equilibria, each a sequence of per-player probability vectors.
    approximate : bool
        True for iterative methods: if no candidate passes the verifier the
        result has ``success=False``.
    n_iter : int or None
        Iteration count to report.
    degenerate : bool or None
        Degeneracy detected by the method (warns when True).
    message : str
        Extra text for the result's message.
    require_nonempty : bool
        Whether finding no equilibrium is a failure (False for pure
        enumeration, where "no pure equilibrium" is a correct answer).
    distinct : bool
        The candidates are distinct by construction (skip de-duplication).
    """

    profiles: Sequence[Sequence[ArrayLike]]
    approximate: bool = False
    n_iter: int | None = None
    degenerate: bool | None = None
    message: str = ""
    require_nonempty: bool = True
    distinct: bool = False


def check_game(game: object, *, func: str, n_players: int | None = None) -> NormalFormGame:
    """Check that ``game`` is a :class:`NormalFormGame` (with ``n_players`` players if given)."""
    if not isinstance(game, NormalFormGame):
        raise InvalidArgumentError(
            f"{func}(): game must be a mediation_sim.NormalFormGame, got {type(game).__name__}; "
            "wrap payoff arrays with ms.NormalFormGame(payoffs)"
        )
    if n_players is not None and game.n_players != n_players:
        raise GameShapeError(
            f"{func}(): needs a {n_players}-player game, got {game.n_players} players"
        )
    return game


def _candidates(
    game: NormalFormGame, profiles: Sequence[Sequence[ArrayLike]]
) -> tuple[list[MixedProfile], FloatArray, list[float]]:
    """Candidate profiles, their concatenated probabilities and their regrets.

    Regrets are in the game's verifier frame (``game_frame(game)``): compare
    them with ``frame.bound(tol)``, convert with ``frame.to_payoff_units``.

    Solver kernels hand over per-player NumPy vectors: those are validated
    and verified as one batch (:func:`stack_vectors`,
    :func:`batch_player_regrets`). Anything else (labels, mappings,
    :class:`MixedProfile`, vectors that fail a check) goes through
    :meth:`NormalFormGame.as_profile` one by one, which raises the precise error.
    """
    stacks = stack_vectors(game, profiles) if len(profiles) else None
    if stacks is None:
        candidates = [game.as_profile(list(c)) for c in profiles]
        flats = np.array(
            [np.concatenate(c.probabilities) for c in candidates], dtype=np.float64
        ).reshape(len(candidates), sum(game.shape))
        return candidates, flats, [frame_regret(game, c) for c in candidates]
    regrets = batch_player_regrets(game_frame(game).shifted, stacks).max(axis=1)
    candidates = [
        MixedProfile(game, tuple(stack[k] for stack in stacks)) for k in range(len(profiles))
    ]
    return candidates, np.concatenate(stacks, axis=1), regrets.tolist()


def _duplicates(flats: FloatArray, ok: Sequence[bool]) -> list[bool]:
    """Whether each candidate is within :data:`_DEDUP_ATOL` of an earlier *kept* one.

    Candidates are the rows of ``flats`` (concatenated probabilities), in
    order; a candidate is kept if ``ok`` (it passed the verifier) and it is
    not such a duplicate. Distances are the largest absolute difference.
    Few candidates: one pairwise distance matrix, then a pass over Python
    booleans; many: one distance row per candidate, against the kept ones.
    """
    n, d = flats.shape
    duplicate = [False] * n
    kept: list[int] = []
    if n * n * d <= _DEDUP_MATRIX:
        close = (np.abs(flats[:, None, :] - flats[None, :, :]).max(axis=2) <= _DEDUP_ATOL).tolist()
        for k, row in enumerate(close):
            if any(row[j] for j in kept):
                duplicate[k] = True
            elif ok[k]:
                kept.append(k)
        return duplicate
    kept_flat = np.empty_like(flats)
    for k, flat in enumerate(flats):
        if kept and np.abs(kept_flat[: len(kept)] - flat).max(axis=1).min() <= _DEDUP_ATOL:
            duplicate[k] = True
        elif ok[k]:
            kept_flat[len(kept)] = flat
            kept.append(k)
    return duplicate


def finalise(
    game: NormalFormGame,
    output: SolverOutput,
    *,
    method: str,
    parameters: Mapping[str, object],
    tol: float,
) -> NashResult:
    """Verify candidate profiles by regret and build the :class:`NashResult`.

    Duplicates (within 1e-7) are merged; candidates whose regret exceeds
    ``tol * game.payoff_range`` are dropped and counted in ``n_rejected``.
    The comparison is made in the game's normalised frame, so it is sound at
    every finite scale and offset (even when ``payoff_range`` overflows).
    """
    frame = game_frame(game)
    frame_bound = frame.bound(tol)
    bound = tol * game.payoff_range
    candidates, flats, all_regrets = _candidates(game, output.profiles)
    ok = [r <= frame_bound for r in all_regrets]
    duplicate = (
        [False] * len(candidates)
        if output.distinct or len(candidates) < 2
        else _duplicates(flats, ok)
    )
    kept: list[MixedProfile] = []
    regrets: list[float] = []
    rejected = 0
    worst_rejected = 0.0
    for profile, r, passed, skip in zip(candidates, all_regrets, ok, duplicate, strict=True):
        if skip:
            continue
        if passed:
            kept.append(profile)
            regrets.append(frame.to_payoff_units(r))
        else:
            rejected += 1
            worst_rejected = max(worst_rejected, frame.to_payoff_units(r))
    parts = [output.message] if output.message else []
    if kept:
        noun = "equilibrium" if len(kept) == 1 else "equilibria"
        parts.append(f"{len(kept)} {noun} verified (regret <= {bound:.3g}).")
    else:
        parts.append("no equilibrium found.")
    if rejected:
        parts.append(
            f"{rejected} candidate(s) rejected by the verifier "
            f"(largest regret {worst_rejected:.3g} > tol * payoff_range = {bound:.3g})."
        )
    success = bool(kept) or not output.require_nonempty
    if output.degenerate:
        warn_user(
            f"{method}: the game is degenerate; enumeration may not list every equilibrium "
            "(equilibria can form connected sets). See NashResult.degenerate.",
            DegenerateGameWarning,
        )
    return NashResult(
        game=game,
        method=method,
        equilibria=tuple(kept),
        parameters=MappingProxyType(dict(parameters)),
        max_regret=max(regrets, default=0.0),
        success=success,
        message=" ".join(parts),
        n_iter=output.n_iter,
        degenerate=output.degenerate,
        n_rejected=rejected,
    )


def nash_solver(
    method: str, *, n_players: int | None = None
) -> Callable[
    [Callable[Concatenate[NormalFormGame, P], SolverOutput]],
    Callable[Concatenate[NormalFormGame, P], NashResult],
]:
    """Decorator turning a kernel that returns :class:`SolverOutput` into a verified solver.

    Parameters
    ----------
    method : str
        Canonical method name recorded on the result.
    n_players : int, optional
        Required number of players.
    """

    def decorate(
        func: Callable[Concatenate[NormalFormGame, P], SolverOutput],
    ) -> Callable[Concatenate[NormalFormGame, P], NashResult]:
        signature = inspect.signature(func)
        if "tol" not in signature.parameters:
            raise TypeError(f"solver {func.__name__} must take a keyword-only tol")

        # Keyword-only options, all with defaults (every solver in the library): then
        # binding is a dict merge, in signature order, with the same values as
        # Signature.bind + apply_defaults (which costs more than a small game's kernel).
        options = list(signature.parameters.values())[1:]
        defaults = {p.name: p.default for p in options}
        simple = all(
            p.kind is inspect.Parameter.KEYWORD_ONLY and p.default is not p.empty for p in options
        )

        @functools.wraps(func)
        def wrapper(game: NormalFormGame, /, *args: P.args, **kwargs: P.kwargs) -> NashResult:
            check_game(game, func=method, n_players=n_players)
            params: dict[str, Any]
            if simple and not args and kwargs.keys() <= defaults.keys():
                params = {**defaults, **kwargs}
            else:
                try:
                    bound = signature.bind(game, *args, **kwargs)
                except TypeError as exc:
                    raise InvalidArgumentError(f"{method}(): {exc}") from None
                bound.apply_defaults()
                params = {k: v for k, v in bound.arguments.items() if k != "game"}
            tol = check_tol(params["tol"], func=method)
            check_work_limits(params, func=method)
            output = func(game.normalised(), *args, **kwargs)
            return finalise(game, output, method=method, parameters=params, tol=tol)

        wrapper.__signature__ = signature.replace(  # type: ignore[attr-defined]
            return_annotation=NashResult
        )
        return wrapper

    return decorate


class MethodRegistry:
    """Map method names (canonical and aliases) to solver functions, SciPy-style.

    Examples
    --------
    >>> from mediation_sim.solvers._core import MethodRegistry
    >>> reg = MethodRegistry("nash_2p")
    >>> reg.register("support_enumeration", print, aliases=("support",))
    >>> reg.canonical("support")
    'support_enumeration'
    """

    def __init__(self, dispatcher: str) -> None:
        self._dispatcher = dispatcher
        self._functions: dict[str, Callable[..., Any]] = {}
        self._aliases: dict[str, str] = {}

    def register(
        self, name: str, function: Callable[..., Any], *, aliases: Sequence[str] = ()
    ) -> None:
        """Register ``function`` under canonical ``name`` and its ``aliases``."""
        self._functions[name] = function
        self._aliases[name] = name
        for alias in aliases:
            self._aliases[alias] = name

    @property
    def names(self) -> tuple[str, ...]:
        """Canonical method names, in registration order."""
        return tuple(self._functions)

    def canonical(self, method: object) -> str:
        """Canonical name for ``method``; raises :class:`UnknownMethodError` listing valid names."""
        if not isinstance(method, str) or method not in self._aliases:
            described = []
            for name in self._functions:
                aliases = [a for a, c in self._aliases.items() if c == name and a != name]
                extra = f" (or {', '.join(map(repr, aliases))})" if aliases else ""
                described.append(f"{name!r}{extra}")
            raise UnknownMethodError(
                f"{self._dispatcher}(): unknown method {method!r}; "
                f"valid methods: {', '.join(described)}"
            )
        return self._aliases[method]

    def __getitem__(self, method: str) -> Callable[..., Any]:
        return self._functions[self.canonical(method)]
