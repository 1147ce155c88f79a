"""``nash``: Nash equilibria of games with any number of players, by a method chosen by name.

The N-player counterpart of :mod:`~mediation_sim.solvers._two_player` (the module is not
called ``nash`` so that it does not shadow the function ``mediation_sim.solvers.nash``).
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from dataclasses import replace
from typing import Any, Literal

import numpy as np

from .._errors import GameShapeError, InvalidArgumentError, UnknownMethodError
from .._validation import DEFAULT_TOL, check_positive_int, check_tol
from ..games.normal_form import NormalFormGame, ProfileLike
from ._all_nash import all_nash
from ._core import (
    MethodRegistry,
    NashResult,
    SolverOutput,
    check_game,
    check_options,
    finalise,
    solver_rng,
)
from ._dominance import iterated_elimination
from ._logit_qre import logit_nash
from ._multilinear import PayoffKernel, normalised_payoffs
from ._refine import refine
from ._tracing import tracing_nash
from ._two_player import TWO_PLAYER_METHODS
from .pure import pure_nash

__all__ = ["NASH_METHODS", "nash"]

#: The N-player methods: canonical names and aliases.
NASH_METHODS = MethodRegistry("nash")
NASH_METHODS.register("logit", logit_nash, aliases=("qre", "logit_qre"))
NASH_METHODS.register("tracing", tracing_nash, aliases=("homotopy", "herings_peeters"))


def _two_player_name(method: object) -> str | None:
    """Canonical two-player method name for ``method``, or None."""
    if not isinstance(method, str) or method in NASH_METHODS.names:
        return None
    try:
        return TWO_PLAYER_METHODS.canonical(method)
    except LookupError:
        return None


def _describe_methods() -> str:
    return ", ".join([*map(repr, NASH_METHODS.names), *map(repr, TWO_PLAYER_METHODS.names)])


def nash(
    game: NormalFormGame,
    *,
    method: str = "logit",
    tol: float = DEFAULT_TOL,
    n_equilibria: int | Literal["all"] = 1,
    presolve: bool = True,
    init: ProfileLike | None = None,
    **options: Any,
) -> NashResult:
    """Nash equilibria of a game with any number of players, each verified by regret.

    Algorithm:

    1. If ``method`` names a two-player method (``"support_enumeration"``,
       ``"vertex_enumeration"``, ``"lemke_howson"`` or their aliases), hand
       the game to :func:`nash_2p` and return its result.
    2. Otherwise, with ``presolve`` (the default), remove strategies strictly
       dominated by pure strategies (:func:`iterated_elimination`; the set of
       equilibria is unchanged) and list the pure equilibria of the reduced
       game (:func:`pure_nash`). If that gives ``n_equilibria`` equilibria,
       they are the answer.
    3. Otherwise run the chosen N-player method on the reduced game
       (``"logit"``: limits of logit QRE branches, :func:`logit_nash`;
       ``"tracing"``: the logarithmic tracing procedure,
       :func:`tracing_nash`), asking for the missing number of equilibria.
    4. Lift the equilibria back to the full game and verify each with the
       shared regret oracle; keep at most ``n_equilibria`` (pure ones first).

    With ``init`` (a warm start, e.g. the equilibrium of a nearby game in a
    sweep) and ``n_equilibria=1``, Newton's method on the support of
    ``init`` comes first (with the support corrections of the refinement);
    if it ends in a verified equilibrium, that is the answer, which keeps a
    sweep on the same equilibrium while it exists. Otherwise steps 1-4 run.

    Parameters
    ----------
    game : NormalFormGame
        Any number of players (two for the two-player methods).
    method : str, default "logit"
        ``"logit"`` (aliases ``"qre"``, ``"logit_qre"``), ``"tracing"``
        (``"homotopy"``, ``"herings_peeters"``), or a two-player method.
    tol : float, default 1e-8
        Regret tolerance, relative to :attr:`NormalFormGame.payoff_range`.
    n_equilibria : int or "all", default 1
        How many distinct equilibria to look for (N-player methods; the
        two-player enumeration methods always return every extreme one).
        ``"all"`` returns :func:`all_nash` (every equilibrium, certified;
        small games only). The default is one equilibrium because the
        path-following methods scale to large games while the complete
        enumeration grows exponentially with the number of strategies;
        ask for ``"all"`` whenever the game is small enough and the
        question is "which outcomes can this game settle into?".
    presolve : bool, default True
        Use dominance elimination and pure equilibria first (step 2). Pass
        False to get the equilibrium the method itself selects.
    init : profile-like, optional
        A starting profile for a warm start (see above; N-player methods).
    **options
        Passed to the method: ``max_iter``, ``max_starts``, ``rng`` for the
        N-player methods; ``max_supports``, ``max_boxes`` with
        ``n_equilibria="all"``; see :func:`nash_2p` for the others. An
        option the method does not take raises
        :class:`InvalidArgumentError` before anything runs.

    Returns
    -------
    NashResult
        ``method`` is the canonical method name; ``message`` says whether the
        presolve settled the game and how many equilibria were kept (it
        always describes the equilibria returned); ``parameters`` records
        every argument. With ``n_equilibria="all"``, an
        :class:`AllNashResult`.

    Raises
    ------
    UnknownMethodError
        If ``method`` is not registered; the message lists the valid names.
    InvalidArgumentError
        If ``game`` is not a game, or an option is unknown or out of range.
    GameShapeError
        If a two-player method is asked for a game with another number of
        players.

    See Also
    --------
    logit_nash, tracing_nash : the N-player methods.
    nash_2p : all extreme equilibria of two-player games.
    qre, qre_path : the logit QRE itself.
    correlated : correlated equilibria (what a mediator can reach).

    Notes
    -----
    The N-player methods find *some* equilibria, not all: for several, they
    start paths from random interior points (``rng``) and keep the distinct
    verified ends. With ``presolve=True`` two methods can return the same
    (pure) answer; compare methods with ``presolve=False``.

    References
    ----------
    .. [1] J. F. Nash, "Non-cooperative games", *Annals of Mathematics* 54
       (1951) 286-295.
    .. [2] R. D. McKelvey and A. McLennan, "Computation of equilibria in
       finite games", in *Handbook of Computational Economics* 1 (1996)
       87-142.
    .. [3] A. Diekmann, "Volunteer's dilemma", *Journal of Conflict
       Resolution* 29 (1985) 605-610.

    Examples
    --------
    A five-player volunteer's dilemma: with the presolve, a pure equilibrium
    (one player volunteers); without it, the logit selection, the symmetric
    mixed equilibrium in which each player waits with probability
    :math:`(c/b)^{1/(n-1)} = 2^{-1/4}` [Diekmann 1985]:

    >>> import mediation_sim as ms
    >>> g = ms.games.volunteers_dilemma(5)
    >>> ms.solvers.nash(g)[0]
    MixedProfile(p1=volunteer, p2=wait, p3=wait, p4=wait, p5=wait)
    >>> res = ms.solvers.nash(g, presolve=False)
    >>> round(res[0]["p3"]["wait"], 6), round(2 ** -0.25, 6)
    (0.840896, 0.840896)
    >>> g.is_nash(res[0])
    True
    """
    func = "nash"
    check_game(game, func=func)
    two_player = _two_player_name(method)
    if two_player is not None:
        if game.n_players != 2:
            raise GameShapeError(
                f"nash(): method {method!r} needs a 2-player game, got "
                f"{game.n_players} players; use 'logit' or 'tracing'"
            )
        result: NashResult = TWO_PLAYER_METHODS[two_player](game, tol=tol, **options)
        return result
    try:
        canonical = NASH_METHODS.canonical(method)
    except LookupError:
        raise UnknownMethodError(
            f"nash(): unknown method {method!r}; valid methods: {_describe_methods()}"
        ) from None
    tol = check_tol(tol, func=func)
    if not isinstance(presolve, bool):
        raise InvalidArgumentError(f"nash(): presolve must be True or False, got {presolve!r}")
    solver = NASH_METHODS[canonical]
    if n_equilibria == "all":
        _check_options(all_nash, options, method="all_nash")
        if init is not None:
            raise InvalidArgumentError("nash(): init cannot be combined with n_equilibria='all'")
        return all_nash(game, tol=tol, **options)
    n_equilibria = check_positive_int(n_equilibria, func=func, name="n_equilibria")
    _check_options(solver, options, method=canonical)
    check_options(solver, {"n_equilibria": n_equilibria, **options}, func=func)  # work caps
    if "rng" in options:  # checked even when the presolve settles the game
        solver_rng(options["rng"], func=func)
    parameters: dict[str, object] = {
        "method": canonical,
        "tol": tol,
        "n_equilibria": n_equilibria,
        "presolve": presolve,
        "init": init is not None,
        **options,
    }
    if init is not None and n_equilibria == 1:
        start = np.concatenate(game.as_profile(init).probabilities)
        kernel = PayoffKernel(normalised_payoffs(game.payoffs)[0])
        polished = refine(kernel, start, tol=tol, explore=True)
        if polished.success and polished.flat is not None:
            warm = SolverOutput(
                [kernel.split(polished.flat)],
                approximate=True,
                message="continued from the warm start (init);",
            )
            result = finalise(game, warm, method=canonical, parameters=parameters, tol=tol)
            if result.equilibria:
                return result
    candidates: list[list[Any]] = []
    notes: list[str] = []
    n_iter = 0
    reduced = game
    lift = None
    if presolve:
        elimination = iterated_elimination(game, mixed=False, tol=tol)
        reduced = elimination.reduced
        lift = elimination.lift
        if elimination.eliminations:
            notes.append(
                f"presolve removed {len(elimination.eliminations)} dominated strategies "
                f"({'x'.join(map(str, game.shape))} -> {'x'.join(map(str, reduced.shape))});"
            )
        pure = pure_nash(reduced, tol=tol)
        candidates.extend(list(elimination.lift(eq).probabilities) for eq in pure)
        if pure:
            notes.append(f"{len(pure)} pure equilibria found by enumeration;")
    if len(candidates) < n_equilibria:
        wanted = n_equilibria - len(candidates) if not candidates else n_equilibria
        inner = solver(reduced, tol=tol, n_equilibria=wanted, **options)
        n_iter = inner.n_iter or 0
        for eq in inner:
            profile = eq if lift is None else lift(eq)
            candidates.append(list(profile.probabilities))
        noun = "equilibrium" if len(inner) == 1 else "equilibria"
        notes.append(f"{canonical} returned {len(inner)} verified {noun};")
        if not inner.success:
            notes.append(f"({canonical}: {inner.message})")
    else:
        notes.append(f"settled by the presolve ({canonical} was not run);")
    output = SolverOutput(candidates, approximate=True, n_iter=n_iter, message=" ".join(notes))
    result = finalise(game, output, method=canonical, parameters=parameters, tol=tol)
    if len(result.equilibria) > n_equilibria:
        # Keep the first n_equilibria (pure ones first) and say so: the message must
        # describe the equilibria actually returned.
        notes.append(
            f"kept the first {n_equilibria} of {len(result.equilibria)} verified equilibria "
            f"(n_equilibria={n_equilibria}; pass n_equilibria='all' for every one);"
        )
        kept = SolverOutput(
            [list(eq.probabilities) for eq in result.equilibria[:n_equilibria]],
            approximate=True,
            n_iter=n_iter,
            message=" ".join(notes),
            distinct=True,
        )
        result = replace(
            finalise(game, kept, method=canonical, parameters=parameters, tol=tol),
            n_rejected=result.n_rejected,
        )
    return result


def _check_options(solver: Any, options: Mapping[str, Any], *, method: str) -> None:
    """Raise :class:`InvalidArgumentError` for options ``solver`` does not take.

    Checked before anything runs, so a misspelt option fails even when the
    presolve settles the game and the method itself is never called.
    """
    accepted = set(inspect.signature(solver).parameters) - {"game", "tol", "n_equilibria"}
    unknown = sorted(set(options) - accepted)
    if unknown:
        raise InvalidArgumentError(
            f"nash(): unknown option(s) {', '.join(map(repr, unknown))} for method {method!r}; "
            f"valid options: {', '.join(sorted(accepted))}"
        )
