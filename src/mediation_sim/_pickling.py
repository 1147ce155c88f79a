"""Pickle support for frozen, slotted result dataclasses (private).

Results keep their ``parameters`` in a read-only :class:`types.MappingProxyType`
and their arrays read-only; neither survives :mod:`pickle` by default (a
mapping proxy cannot be pickled, and unpickled arrays are writeable). The
:func:`picklable` class decorator gives a result class ``__getstate__`` and
``__setstate__`` that store plain dicts and restore the proxies and the
read-only flags, so results can cross process boundaries (process pools,
Dask).
"""

from __future__ import annotations

import dataclasses
from types import MappingProxyType
from typing import Any, TypeVar

import numpy as np

__all__ = ["picklable"]

T = TypeVar("T")


def _freeze(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        value.flags.writeable = False
        return value
    if isinstance(value, tuple):
        return tuple(_freeze(v) for v in value)
    return value


def picklable(cls: type[T]) -> type[T]:
    """Add pickle support to a frozen slotted dataclass holding mapping proxies or arrays."""
    names = [f.name for f in dataclasses.fields(cls)]  # type: ignore[arg-type]

    def __getstate__(self: Any) -> dict[str, Any]:
        state: dict[str, Any] = {"__proxies__": []}
        for name in names:
            value = getattr(self, name)
            if isinstance(value, MappingProxyType):
                state["__proxies__"].append(name)
                value = dict(value)
            state[name] = value
        return state

    def __setstate__(self: Any, state: dict[str, Any]) -> None:
        proxies = set(state.get("__proxies__", ()))
        for name in names:
            value = state[name]
            if name in proxies:
                value = MappingProxyType(value)
            object.__setattr__(self, name, _freeze(value))

    setattr(cls, "__getstate__", __getstate__)  # noqa: B010 - dunders set on a class
    setattr(cls, "__setstate__", __setstate__)  # noqa: B010
    return cls
