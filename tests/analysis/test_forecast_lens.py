"""Parameters only the forecast lens reads stay out of the game's analyses."""

from __future__ import annotations

import numpy as np
import pytest

import mediation_sim as ms

SC = ms.scenarios.load("ukraine-2023")
# the same scenario without the declarations: every parameter is a game parameter
PLAIN = ms.scenarios.from_string(SC.spec.text.replace('lens = "forecast"\n', ""), name="plain.toml")
LENSED = ms.scenarios.forecast_only_parameters(SC)


def test_flagship_declares_its_seventeen_forecast_parameters() -> None:
    assert len(LENSED) == 17
    assert all(name.startswith("forecast_") for name in LENSED)
    assert ms.scenarios.forecast_only_parameters(PLAIN) == frozenset()
    assert SC.parameters["forecast_salience_kyiv"].to_dict()["lens"] == "forecast"
    assert SC.parameters["leverage"].lens == "game"


def test_sensitivity_leaves_them_out_and_keeps_every_other_bar() -> None:
    ours = ms.analysis.sensitivity(SC, method="oat", mode="committed").frame
    plain = ms.analysis.sensitivity(PLAIN, method="oat", mode="committed").frame
    assert not set(ours["assumption"]) & LENSED
    dropped = plain[plain["assumption"].isin(LENSED)]
    assert len(dropped) == len(LENSED)
    assert (dropped["effect"].abs() == 0).all()  # the bars that were removed had no effect
    kept = plain[~plain["assumption"].isin(LENSED)].reset_index(drop=True)
    assert kept.equals(ours.reset_index(drop=True))


def test_game_monte_carlo_draws_are_unchanged_for_the_same_seed() -> None:
    ours = ms.analysis.monte_carlo(SC, 40, rng=7, block_size=20, progress=False).draws
    plain = ms.analysis.monte_carlo(PLAIN, 40, rng=7, block_size=20, progress=False).draws
    assert not set(ours.columns) & LENSED
    assert set(plain.columns) - set(ours.columns) == LENSED
    shared = list(ours.columns)
    assert ours.equals(plain[shared])


def test_forecast_monte_carlo_still_samples_them() -> None:
    res = ms.analysis.forecast_monte_carlo(SC, 50, rng=3, block_size=25, progress=False)
    for name in ("forecast_salience_moscow", "forecast_position_kyiv"):
        assert name in res.draws.columns
        assert np.ptp(res.draws[name].to_numpy()) > 0


@pytest.mark.parametrize(
    ("old", "new", "match"),
    [
        (
            "[parameters.leverage]\n",
            '[parameters.leverage]\nlens = "forecast"\n',
            "does not read it",
        ),
        (
            "[parameters.share_withdrawal]\n",
            '[parameters.share_withdrawal]\nlens = "forecast"\n',
            "mentions it outside",
        ),
        (
            "[parameters.share_withdrawal]\n",
            '[parameters.share_withdrawal]\nlens = "both"\n',
            "lens must be one of",
        ),
    ],
)
def test_bad_lens_declarations_are_refused(old: str, new: str, match: str) -> None:
    text = SC.spec.text.replace(old, new, 1)
    assert text != SC.spec.text
    with pytest.raises(ms.SpecError, match=match) as info:
        ms.scenarios.from_string(text, name="edited.toml")
    assert "edited.toml" in str(info.value)
