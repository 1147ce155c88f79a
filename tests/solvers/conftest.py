"""Fixtures shared by the solver tests.

``all_nash_paths`` runs :func:`mediation_sim.solvers.all_nash` with its exact
closed forms switched on or off (the private switches of ``_binary`` and
``_all_nash``), and compares two results up to the order of the roots of
one support: the closed-form tests check every fast path against the
subdivision this way.
"""

from __future__ import annotations

import importlib
import types
import warnings

import numpy as np
import pytest

import mediation_sim as ms
from mediation_sim._errors import DegenerateGameWarning

_binary = importlib.import_module("mediation_sim.solvers._binary")
_all_nash = importlib.import_module("mediation_sim.solvers._all_nash")


def _solve(game: ms.NormalFormGame, max_closed: int) -> ms.solvers.AllNashResult:
    """``all_nash`` with closed forms up to ``max_closed`` mixers (1: subdivision only)."""
    saved = _binary.MAX_CLOSED_FORM, _all_nash._CLOSED_FORM_MIXERS
    _binary.MAX_CLOSED_FORM = min(max_closed, 3)
    _all_nash._CLOSED_FORM_MIXERS = max_closed
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DegenerateGameWarning)
            return ms.solvers.all_nash(game)
    finally:
        _binary.MAX_CLOSED_FORM, _all_nash._CLOSED_FORM_MIXERS = saved


def _ordered(res: ms.solvers.AllNashResult) -> list:
    """(support, certificate kind, profile) of each equilibrium, sorted."""
    rows = [
        (c.support, c.kind, np.concatenate(eq.probabilities))
        for eq, c in zip(res, res.certificates, strict=True)
    ]
    return sorted(rows, key=lambda r: (r[0], r[1], tuple(np.round(r[2], 6))))


def _assert_same(fast: ms.solvers.AllNashResult, slow: ms.solvers.AllNashResult) -> None:
    """Same completeness, counts, supports, certificate kinds and profiles (to 1e-9)."""
    assert fast.complete == slow.complete
    assert len(fast) == len(slow)
    assert (fast.n_supports, fast.n_pruned) == (slow.n_supports, slow.n_pruned)
    # The roots of one support may come out in another order (closed form or boxes).
    for a, b in zip(_ordered(fast), _ordered(slow), strict=True):
        np.testing.assert_allclose(a[2], b[2], atol=1e-9)
        assert a[:2] == b[:2]


@pytest.fixture(scope="session")
def all_nash_paths() -> types.SimpleNamespace:
    """``solve(game, max_closed)`` and ``assert_same(fast, slow)`` (see the module docstring)."""
    return types.SimpleNamespace(solve=_solve, assert_same=_assert_same)
