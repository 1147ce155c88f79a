"""Float noise out of exports: clean_floats and dumps_nfg(clean=True).

Failed before: an exported game or grid computed from decimals carried
``0.47000000000000003``, and there was no way to write ``0.47``.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mediation_sim as ms
from mediation_sim.io import clean_floats


def test_grid_points_and_decimal_arithmetic_print_as_decimals():
    grid = np.linspace(0.0, 1.0, 101)
    assert repr(float(grid[47])) == "0.47000000000000003"
    cleaned = clean_floats(grid)
    assert [repr(x) for x in cleaned.tolist()] == [repr(k / 100) for k in range(101)]
    assert clean_floats([0.1 + 0.2, 47 * 0.01]).tolist() == [0.3, 0.47]


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_cleaning_moves_a_value_by_at_most_16_ulp_and_is_idempotent(x):
    (y,) = clean_floats([x]).tolist()
    assert abs(y - x) <= 16 * math.ulp(x)
    assert clean_floats([y]).tolist() == [y]


def test_non_finite_values_and_shapes_are_kept():
    out = clean_floats(np.array([[np.nan, np.inf], [-np.inf, 0.30000000000000004]]))
    assert out.shape == (2, 2)
    assert np.isnan(out[0, 0])
    assert out[0, 1] == np.inf
    assert out[1, 1] == 0.3


def test_dumps_nfg_can_write_clean_payoffs():
    noisy = ms.NormalFormGame(np.array([[[47 * 0.01, 1.0]], [[0.1 + 0.2, 0.0]]]))
    exact = ms.io.dumps_nfg(noisy)
    assert "0.47000000000000003" in exact
    assert ms.io.loads_nfg(exact) == noisy  # the default stays an exact round trip
    clean = ms.io.dumps_nfg(noisy, clean=True)
    assert "0.47000000000000003" not in clean
    assert "0.47 0.3" in clean
    back = ms.io.loads_nfg(clean)
    np.testing.assert_array_equal(back.payoffs, clean_floats(noisy.payoffs))
    with pytest.raises(ms.InvalidArgumentError, match="clean"):
        ms.io.dumps_nfg(noisy, clean="yes")  # type: ignore[arg-type]
