"""What the results that record a path of profiles share (private).

:class:`~mediation_sim.solvers.Trajectory` (learning dynamics) and
:class:`~mediation_sim.solvers.QREPath` (a logit QRE branch) both store one
array of probabilities per player, with one row per point of the path.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .._errors import InvalidArgumentError
from ..games.normal_form import NormalFormGame

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["check_point", "long_frame"]


def check_point(index: int, n_points: int, *, func: str) -> None:
    """Raise unless ``index`` names one of ``n_points`` points (negative counts from the end)."""
    if not -n_points <= index < n_points:
        raise InvalidArgumentError(
            f"{func}(): index must lie in [{-n_points}, {n_points}), got {index}"
        )


def long_frame(
    game: NormalFormGame,
    probabilities: Sequence[NDArray[np.float64]],
    before: Mapping[str, ArrayLike],
    after: Mapping[str, ArrayLike] | None = None,
) -> pd.DataFrame:
    """Long (tidy) DataFrame of a path: one row per point, player and strategy.

    Columns: ``before`` (one value per point), ``player``, ``strategy``,
    ``probability``, then ``after`` (one value per point). Needs pandas.
    """
    import pandas as pd

    n_points = probabilities[0].shape[0]
    frames = []
    for i, player in enumerate(game.players):
        labels = game.strategies[i]
        k = len(labels)
        frames.append(
            pd.DataFrame(
                {
                    **{name: np.repeat(values, k) for name, values in before.items()},
                    "player": player,
                    "strategy": np.tile(np.array(labels, dtype=object), n_points),
                    "probability": probabilities[i].reshape(-1),
                    **{name: np.repeat(values, k) for name, values in (after or {}).items()},
                }
            )
        )
    return pd.concat(frames, ignore_index=True)
