"""Issue 11, items 5 and 6: user input that raised a bare exception or was silently accepted.

Each case failed before (TypeError, ValueError, AttributeError,
RecursionError or a silent truncation) and is now a MediationSimError
subclass whose message names the argument.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import mediation_sim as ms

DATA = Path(__file__).parent / "data" / "scenarios" / "two_party_mediation.toml"
PD = ms.games.prisoners_dilemma()


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: PD.restrict([[0.9], [1.7]]), ms.GameShapeError, "integer indices"),
        (lambda: PD.restrict("ab"), ms.GameShapeError, "kept must hold"),
        (lambda: PD.restrict(5), ms.GameShapeError, "kept must hold"),
        (lambda: PD.restrict([["a"], [0]]), ms.GameShapeError, "integer indices"),
        (lambda: PD.restrict([[True], [0]]), ms.GameShapeError, "integer indices"),
        (lambda: PD.affine_transform("x"), ms.InvalidArgumentError, "scale and shift"),
        (lambda: PD.affine_transform([1, 2, 3]), ms.InvalidArgumentError, "one per player"),
        (lambda: PD.with_labels(strategies=5), ms.InvalidArgumentError, "strategies"),
        (lambda: ms.scenarios.from_toml(None), ms.InvalidArgumentError, "path must be"),
        (lambda: ms.scenarios.from_toml(3), ms.InvalidArgumentError, "path must be"),
        (lambda: ms.scenarios.from_toml(b"p"), ms.InvalidArgumentError, "path must be"),
        (lambda: ms.scenarios.from_string(b"x = 1"), ms.InvalidArgumentError, "decode"),
        (lambda: ms.games.from_nashpy("x"), ms.InvalidArgumentError, "nashpy.Game"),
        (lambda: ms.solvers.qre_path(PD, points="abc"), ms.InvalidArgumentError, "points"),
        (
            lambda: ms.scenarios.from_string("x = " + "[" * 3000 + "]" * 3000),
            ms.SpecError,
            "nested more than",
        ),
        (
            lambda: ms.scenarios.from_string(
                DATA.read_text().replace('player = "b"', 'player = ["b"]')
            ),
            ms.SpecError,
            "wrong type",
        ),
    ],
)
def test_bad_input_is_a_library_error(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_spec_file_errors_are_located(tmp_path):
    with pytest.raises(ms.SpecError, match="cannot read"):
        ms.scenarios.from_toml(tmp_path / "missing.toml")
    with pytest.raises(ms.SpecError, match="cannot read"):
        ms.scenarios.from_toml("bad\0name.toml")


def test_restrict_still_takes_integer_arrays():
    import numpy as np

    sub = PD.restrict([np.array([1]), (0, 1)])
    assert sub.shape == (1, 2)


def test_scenario_text_with_a_lone_surrogate_is_a_located_spec_error():
    # found by tests/fuzz: the spec's hash encoded the text and raised UnicodeEncodeError
    with pytest.raises(ms.SpecError, match=r"not valid Unicode .* at line 2"):
        ms.scenarios.from_string("schema_version = 1\n# \ud800\n", name="s.toml")
