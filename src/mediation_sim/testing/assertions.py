"""Assertion helpers whose failure messages explain the mathematics.

They need no Hypothesis and can be used in any test framework: each raises
``AssertionError`` with a message that shows per-player regrets or the
profiles that did not match.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from .._validation import DEFAULT_TOL
from ..games.normal_form import MixedProfile, NormalFormGame, ProfileLike
from ..solvers import NashResult

__all__ = [
    "assert_is_equilibrium",
    "assert_same_equilibria",
    "assert_valid_nash_result",
]


def assert_is_equilibrium(
    game: NormalFormGame, profile: ProfileLike, *, tol: float = DEFAULT_TOL
) -> None:
    """Assert that ``profile`` is a Nash equilibrium of ``game`` within relative ``tol``.

    Examples
    --------
    >>> import mediation_sim as ms
    >>> from mediation_sim.testing import assert_is_equilibrium
    >>> assert_is_equilibrium(ms.games.prisoners_dilemma(), ("defect", "defect"))
    >>> assert_is_equilibrium(ms.games.prisoners_dilemma(), ("cooperate", "defect"))
    Traceback (most recent call last):
    ...
    AssertionError: not an equilibrium within tol=1e-08 (bound 5e-08): regret 1 for 'row'
    """
    prof = game.as_profile(profile)
    regrets = prof.player_regrets
    bound = tol * game.payoff_range
    bad = [(p, float(r)) for p, r in zip(game.players, regrets, strict=True) if r > bound]
    if bad:
        detail = ", ".join(f"regret {r:.6g} for {p!r}" for p, r in bad)
        raise AssertionError(f"not an equilibrium within tol={tol:g} (bound {bound:.3g}): {detail}")


def _flat(profile: MixedProfile) -> np.ndarray[tuple[int], np.dtype[np.float64]]:
    return np.concatenate(profile.probabilities)


def assert_same_equilibria(
    first: Iterable[MixedProfile],
    second: Iterable[MixedProfile],
    *,
    atol: float = 1e-6,
) -> None:
    """Assert that two collections contain the same profiles (as sets, within ``atol``).

    Use it to check that two algorithms agree. Profiles are compared
    entrywise; order and duplicates do not matter.
    """
    a = list(first)
    b = list(second)
    only_a = [
        p for p in a if not any(np.allclose(_flat(p), _flat(q), atol=atol, rtol=0) for q in b)
    ]
    only_b = [
        q for q in b if not any(np.allclose(_flat(p), _flat(q), atol=atol, rtol=0) for p in a)
    ]
    if only_a or only_b:
        raise AssertionError(
            "equilibrium sets differ:\n"
            f"  only in first ({len(only_a)} of {len(a)}): {only_a}\n"
            f"  only in second ({len(only_b)} of {len(b)}): {only_b}"
        )


def assert_valid_nash_result(
    result: object, game: NormalFormGame, *, tol: float | None = None
) -> None:
    """Assert the invariants every :class:`~mediation_sim.NashResult` must satisfy.

    The result is a ``NashResult`` for ``game``; it records its ``tol``;
    every equilibrium passes :func:`assert_is_equilibrium`; ``max_regret`` is
    the largest regret; ``success`` is a bool and ``message`` a non-empty
    string; the result serialises with ``to_dict()``.
    """
    if not isinstance(result, NashResult):
        raise AssertionError(f"expected a NashResult, got {type(result).__name__}")  # noqa: TRY004
    if result.game is not game:
        raise AssertionError("result.game is not the game that was solved")
    if not result.method:
        raise AssertionError("result.method must be a non-empty string")
    if "tol" not in result.parameters:
        raise AssertionError("result.parameters must record tol")
    used_tol = float(result.parameters["tol"])  # type: ignore[arg-type]
    check_tol = used_tol if tol is None else tol
    for eq in result.equilibria:
        if eq.game is not game:
            raise AssertionError("an equilibrium belongs to another game")
        assert_is_equilibrium(game, eq, tol=check_tol)
    regrets = [eq.regret for eq in result.equilibria]
    if not np.isclose(result.max_regret, max(regrets, default=0.0), rtol=1e-9, atol=1e-15):
        raise AssertionError(
            f"max_regret {result.max_regret!r} is not the largest regret "
            f"{max(regrets, default=0.0)!r}"
        )
    success: object = result.success  # third-party solvers may break the annotations
    message: object = result.message
    if not isinstance(success, bool) or not isinstance(message, str) or not message:
        raise AssertionError("success must be a bool and message a non-empty string")
    as_dict = result.to_dict()
    if len(as_dict["equilibria"]) != len(result.equilibria):
        raise AssertionError("to_dict() lost equilibria")
