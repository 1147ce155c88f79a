"""Every number of ukraine-2023 traces to a claim of the seed column or is marked as judgement."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

import mediation_sim as ms

ROOT = Path(__file__).parents[2]
REGISTER = tomllib.loads((ROOT / "seeds" / "claims.toml").read_text())
CLAIMS = REGISTER["claims"]
SEED = ROOT.parent / "shared" / "seeds" / "000_0b9a66aad5506ad9.txt"


@pytest.fixture(scope="module")
def scenario() -> ms.scenarios.Scenario:
    return ms.scenarios.load("ukraine-2023")


def test_claim_ids_are_well_formed_and_texts_present():
    assert len(CLAIMS) >= 15
    for cid, claim in CLAIMS.items():
        assert re.fullmatch(r"C\d{2}", cid)
        assert len(claim["text"]) > 30
        assert claim["topic"]


def test_every_cited_claim_exists(scenario):
    cited = set()
    for p in scenario.parameters.values():
        cited.update(p.claims)
    for c in scenario.spec.channels.values():
        cited.update(c.claims)
    for check in scenario.spec.checks:
        cited.update(check.claims)
    assert cited <= set(CLAIMS), sorted(cited - set(CLAIMS))


def test_every_assumption_has_provenance_range_and_rationale(scenario):
    for p in scenario.parameters.values():
        assert p.claims or p.judgement, p.name
        assert p.rationale, p.name
        assert p.description, p.name
        assert p.unit, p.name
        assert p.bounds[0] <= p.range[0] <= p.default <= p.range[1] <= p.bounds[1], p.name
        if p.kind == "assumption":
            assert p.range[0] < p.range[1], f"{p.name} has no uncertainty range"


def test_most_claims_are_used(scenario):
    cited = {c for p in scenario.parameters.values() for c in p.claims}
    cited |= {c for ch in scenario.spec.channels.values() for c in ch.claims}
    unused = set(CLAIMS) - cited
    assert len(unused) <= 3, f"claims no assumption rests on: {sorted(unused)}"


def test_the_only_bare_numbers_in_the_model_are_structural(scenario):
    """Numbers live in [parameters]; the model itself may only use 0, 1 and -1."""
    values = []
    spec = scenario.spec
    for lot in spec.lotteries.values():
        for prob in lot.probabilities:
            values.append(prob.base)
            values.extend(c for c, _ in prob.terms)
    values.extend(v for table in spec.utilities.values() for v in table.values())
    values.extend(t.value for t in spec.terms)
    literals = {x for v in values for x in v.literals}
    assert literals <= {0.0, 1.0, -1.0}, literals


def test_every_pressure_channel_of_the_brief_is_a_declared_term(scenario):
    channels = {t.channel for t in scenario.spec.terms if t.channel}
    # the four channels of pressure, and (revised payoffs) Beijing's visible public role,
    # a declared channel of its own rather than a credit folded into the Europe gain
    assert channels == {
        "moscow_cost_of_fighting",
        "beijing_partnership_cost",
        "beijing_gain_in_europe",
        "washington_mixed_view",
        "beijing_public_role",
    }
    v01 = ms.scenarios.load("ukraine-2023-v0.1")
    assert {t.channel for t in v01.spec.terms if t.channel} == channels - {"beijing_public_role"}
    for term in scenario.spec.terms:
        if term.channel:
            assert term.description


@pytest.mark.skipif(not SEED.exists(), reason="the seed column is kept outside the repository")
def test_claims_paraphrase_rather_than_copy_the_column():
    """No run of eight consecutive words of the column appears in the register or the scenario."""

    def words(text: str) -> list[str]:
        return re.findall(r"[a-z']+", text.lower())

    seed = words(SEED.read_text())
    grams = {tuple(seed[k : k + 8]) for k in range(len(seed) - 7)}
    ours = " ".join(c["text"] for c in CLAIMS.values())
    for name in ("ukraine-2023.toml", "ukraine-2023-v0.1.toml"):
        ours += (ROOT / "src" / "mediation_sim" / "scenarios" / "data" / name).read_text()
    mine = words(ours)
    copied = [
        " ".join(mine[k : k + 8]) for k in range(len(mine) - 7) if tuple(mine[k : k + 8]) in grams
    ]
    assert not copied, copied[:3]


@pytest.mark.parametrize("name", ["ukraine-2023", "ukraine-2023-v0.1"])
def test_every_claim_is_cited(name):
    """Issue 13: no claim of the register is left unused, by the flagship or by v0.1."""
    sc = ms.scenarios.load(name)
    cited: set[str] = set()
    cited |= {c for p in sc.parameters.values() for c in p.claims}
    cited |= {c for ch in sc.spec.channels.values() for c in ch.claims}
    cited |= {c for chk in sc.spec.checks for c in chk.claims}
    assert set(CLAIMS) <= cited, sorted(set(CLAIMS) - cited)


def test_the_revised_flagship_cites_existing_claims_and_says_why_beyond_them(scenario):
    revised = scenario
    assert revised.name == "ukraine-2023"
    for p in revised.parameters.values():
        assert set(p.claims) <= set(CLAIMS), p.name
        assert p.claims or p.judgement, p.name
        if p.judgement and p.claims:
            assert len(p.judgement_reason) > 20, p.name
    for name in ("aid_retention", "moscow_revisionist_value", "beijing_public_role_gain"):
        param = revised.parameters[name]
        assert param.claims, name
        assert param.range[0] < param.range[1], name
        assert param.judgement_reason, name


def test_citations_that_go_beyond_their_claims_say_why(scenario):
    beyond = [p for p in scenario.parameters.values() if p.beyond_claims]
    # the aid effects, the leverage and Beijing's value of Russian gains cite claims that
    # do not give their numbers (issue 13); each says so
    names = {p.name for p in beyond}
    assert {"leverage", "breakthrough_us_aid", "beijing_value_russian_gains"} <= names
    for p in beyond:
        assert len(p.judgement_reason) > 20, p.name
        assert p.to_dict()["judgement_reason"] == p.judgement_reason
    for p in scenario.parameters.values():
        if not p.judgement:
            assert p.judgement_reason == "", p.name


def test_the_claims_page_shows_the_judgement_reasons(scenario):
    page = ms.scenarios.assumptions_markdown(
        scenario, {cid: c["text"] for cid, c in CLAIMS.items()}
    )
    assert "## Judgement beyond the claims" in page
    assert scenario.parameters["leverage"].judgement_reason in page
    assert "## Claims not cited" not in page


def _flagship_text() -> str:
    return (ROOT / "src" / "mediation_sim" / "scenarios" / "data" / "ukraine-2023.toml").read_text()


def test_a_judgement_beyond_cited_claims_needs_a_reason(tmp_path):
    text = _flagship_text()
    reason = next(line for line in text.splitlines() if line.startswith("judgement_reason"))
    path = tmp_path / "no-reason.toml"
    path.write_text(text.replace(reason + "\n", "", 1))
    with pytest.raises(ms.SpecError, match="judgement_reason"):
        ms.scenarios.from_toml(path)


def test_a_reason_without_judgement_is_refused(tmp_path):
    text = _flagship_text()
    old = 'claims = ["C17"]\n\n[parameters.brussels_settlement_value]'
    assert old in text
    path = tmp_path / "stray-reason.toml"
    path.write_text(
        text.replace(
            old,
            'claims = ["C17"]\njudgement_reason = "x"\n\n[parameters.brussels_settlement_value]',
            1,
        )
    )
    with pytest.raises(ms.SpecError, match="judgement is not true"):
        ms.scenarios.from_toml(path)
