"""Shared helpers for the tidy results of the analysis layer (private)."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from .._errors import MissingDependencyError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["metadata", "pandas", "progress_bar"]

T = TypeVar("T")


def pandas() -> Any:
    """Import pandas lazily (a core dependency, kept out of ``import mediation_sim``)."""
    import pandas as pd

    return pd


def metadata(scenario: Any, **extra: Any) -> dict[str, Any]:
    """The record kept beside a result frame (``frame.attrs["mediation_sim"]``)."""
    from .. import __version__

    return {
        "mediation_sim_version": __version__,
        "scenario": scenario.name,
        "scenario_sha256": scenario.sha256,
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        **extra,
    }


def attach(frame: pd.DataFrame, meta: dict[str, Any]) -> pd.DataFrame:
    """Store ``meta`` in ``frame.attrs["mediation_sim"]`` and return the frame."""
    frame.attrs["mediation_sim"] = meta
    return frame


def progress_bar(
    iterable: Iterable[T], *, total: int | None, progress: bool | None, desc: str
) -> Iterator[T]:
    """Wrap ``iterable`` in a ``tqdm.auto`` bar.

    ``progress=None`` shows the bar only when stderr is a terminal (and not
    under CI); ``True`` always; ``False`` never.
    """
    show = progress if progress is not None else (sys.stderr.isatty() and not os.environ.get("CI"))
    if not show:
        yield from iterable
        return
    try:
        from tqdm.auto import tqdm
    except ImportError as exc:  # pragma: no cover - tqdm is a core dependency
        raise MissingDependencyError("progress bars need tqdm: pip install tqdm") from exc
    yield from tqdm(iterable, total=total, desc=desc)
