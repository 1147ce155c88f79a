"""Turning what users pass as a profile into per-player probability vectors."""

from __future__ import annotations

import itertools
import numbers
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeGuard

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .._errors import (
    InvalidProfileError,
)
from ._regret import FloatArray

if TYPE_CHECKING:
    from .normal_form import NormalFormGame

#: Probability vectors may sum to 1 within this absolute error (and have
#: entries down to minus this); accepted vectors are clipped at zero and
#: renormalised to sum to one.
_SUM_ATOL = 1e-8


def stack_vectors(game: NormalFormGame, profiles: Sequence[object]) -> list[FloatArray] | None:
    """Stack candidate profiles given as per-player vectors into read-only ``(K, s_i)`` arrays.

    The batch counterpart of :func:`_coerce_vectors` for solver output:
    returns None (the caller then coerces profile by profile, which raises
    the precise error) unless every profile is a list or tuple of
    ``n_players`` arrays of the right lengths whose entries are finite,
    non-negative within ``_SUM_ATOL`` and sum to 1 within ``_SUM_ATOL``.
    Accepted vectors are clipped at 0 and renormalised, as
    :func:`_check_vector` does.
    """
    n = game.n_players
    shape = game.shape
    for c in profiles:
        if not isinstance(c, list | tuple) or len(c) != n:
            return None
        for v, s in zip(c, shape, strict=True):
            if not isinstance(v, np.ndarray) or v.shape != (s,):
                return None
    # One (K, sum(shape)) array and one pass of checks for all players: the
    # per-player sums catch NaN and inf too (the comparison is then False).
    flat = np.array([np.concatenate(c) for c in profiles], dtype=np.float64)  # type: ignore[call-overload]
    offsets = [0, *itertools.accumulate(shape[:-1])]
    sums = np.add.reduceat(flat, offsets, axis=1)
    if not (np.abs(sums - 1.0).max() <= _SUM_ATOL and flat.min() >= -_SUM_ATOL):
        return None
    np.maximum(flat, 0.0, out=flat)
    flat /= np.repeat(np.add.reduceat(flat, offsets, axis=1), shape, axis=1)
    _readonly(flat)
    return [flat[:, o : o + s] for o, s in zip(offsets, shape, strict=True)]


def _pure_vectors(shape: Sequence[int], idx: Sequence[int]) -> tuple[FloatArray, ...]:
    out = []
    for s, a in zip(shape, idx, strict=True):
        v = np.zeros(s)
        v[a] = 1.0
        out.append(_readonly(v))
    return tuple(out)


def _is_index(x: object) -> TypeGuard[int]:
    return isinstance(x, numbers.Integral) and not isinstance(x, bool)


def _sequence_to_pure(game: NormalFormGame, profile: Sequence[Any]) -> tuple[int, ...] | None:
    if len(profile) != game.n_players:
        raise InvalidProfileError(
            f"a profile needs one entry per player ({game.n_players}), got {len(profile)}"
        )
    if all(_is_index(x) or isinstance(x, str) for x in profile):
        return tuple(game.strategy_index(i, x) for i, x in enumerate(profile))
    return None


def _mapping_to_pure(game: NormalFormGame, profile: Mapping[str, Any]) -> tuple[int, ...] | None:
    _check_mapping_players(game, profile)
    if all(_is_index(x) or isinstance(x, str) for x in profile.values()):
        return tuple(game.strategy_index(p, profile[p]) for p in game.players)
    return None


def _check_mapping_players(game: NormalFormGame, profile: Mapping[str, Any]) -> None:
    for p in profile:
        game.player_index(p)
    missing = [p for p in game.players if p not in profile]
    if missing:
        raise InvalidProfileError(f"the profile gives no strategy for players {missing}")


def _check_vector(game: NormalFormGame, i: int, vec: ArrayLike) -> FloatArray:
    name = game.players[i]
    try:
        arr = np.array(vec, dtype=np.float64, copy=True)
    except (TypeError, ValueError):
        raise InvalidProfileError(
            f"the mixed strategy of player {name!r} is not a vector of numbers"
        ) from None
    if arr.shape != (game.shape[i],):
        raise InvalidProfileError(
            f"the mixed strategy of player {name!r} must have {game.shape[i]} probabilities, "
            f"got shape {arr.shape}"
        )
    if not np.isfinite(arr).all():
        raise InvalidProfileError(f"the mixed strategy of player {name!r} has non-finite entries")
    if arr.min() < -_SUM_ATOL:
        raise InvalidProfileError(
            f"the mixed strategy of player {name!r} has a negative probability ({arr.min():g})"
        )
    total = arr.sum()
    if abs(total - 1.0) > _SUM_ATOL:
        raise InvalidProfileError(
            f"the mixed strategy of player {name!r} sums to {total!r}, not 1 (within {_SUM_ATOL:g})"
        )
    np.clip(arr, 0.0, None, out=arr)
    arr /= arr.sum()
    return _readonly(arr)


def _coerce_vectors(game: NormalFormGame, profile: object) -> tuple[FloatArray, ...]:
    from .normal_form import MixedProfile

    if isinstance(profile, MixedProfile):
        if profile.game is not game and profile.game.shape != game.shape:
            raise InvalidProfileError(
                "the MixedProfile belongs to a game of another shape "
                f"({profile.game.shape} vs {game.shape})"
            )
        return profile.probabilities
    if isinstance(profile, Mapping):
        pure = _mapping_to_pure(game, profile)
        if pure is not None:
            return _pure_vectors(game.shape, pure)
        out = []
        for i, p in enumerate(game.players):
            entry = profile[p]
            if isinstance(entry, str) or _is_index(entry):
                k = game.strategy_index(i, entry)
                out.append(_pure_vectors((game.shape[i],), (k,))[0])
            elif isinstance(entry, Mapping):
                vec = np.zeros(game.shape[i])
                for label, prob in entry.items():
                    vec[game.strategy_index(i, label)] = prob
                out.append(_check_vector(game, i, vec))
            else:
                out.append(_check_vector(game, i, entry))
        return tuple(out)
    if isinstance(profile, np.ndarray) and profile.ndim == 1 and profile.dtype.kind in "iu":
        profile = profile.tolist()
    if isinstance(profile, str) or not isinstance(profile, Sequence | np.ndarray):
        raise InvalidProfileError(
            "a profile must be a sequence, a mapping or a MixedProfile, "
            f"got {type(profile).__name__}"
        )
    seq = list(profile)
    pure = _sequence_to_pure(game, seq)
    if pure is not None:
        return _pure_vectors(game.shape, pure)
    return tuple(_check_vector(game, i, v) for i, v in enumerate(seq))


def _readonly(array: NDArray[Any]) -> NDArray[Any]:
    array.flags.writeable = False
    return array
