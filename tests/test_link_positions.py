"""Negotiation positions from events and claims; the issue lexicon; matrix and timeline."""

from __future__ import annotations

import datetime as dt

import pytest

from _link_builders import article, claim, event
from detente.errors import LexiconError
from detente.lexicon.issues import load_issues
from detente.link import extract_positions, position_matrix, position_timeline

TEXT = (
    "Moscow first demanded demilitarization, denazification and a promise not to join NATO. "
    "Kyiv rejected both demands. "
    "Kyiv later agreed not to join NATO. "
    "Moscow offered a draft treaty on security guarantees. "
    "Kyiv would accept a ceasefire if troops pulled back to their lines. "
    "Kyiv did not agree to give up Crimea. "
    "Washington sent Kyiv more weapons and ammunition."
)
CODED = article(
    TEXT,
    published="2022-04-22",
    events=[
        event("demanded demilitarization", "REQUEST", "RUS GOV", "UKR GOV", trigger="demanded"),
        event("rejected both", "REJECT", "UKR GOV", "RUS GOV", trigger="rejected"),
        event("agreed not to join", "CONCEDE", "UKR GOV", "RUS GOV", trigger="agreed",
              date="2022-04-20"),
        event("offered a draft", "AGREE", "RUS GOV", "UKR GOV", trigger="offered"),
        event("would accept a ceasefire", "AGREE", "UKR GOV", "RUS GOV", trigger="accept",
              modality="conditional"),
        event("did not agree", "AGREE", "UKR GOV", "RUS GOV", trigger="agree",
              modality="negated"),
        event("sent Kyiv", "AID", "USA GOV", "UKR GOV", trigger="sent"),
    ],
)


def _cells(positions) -> set[tuple[str, str, str]]:
    return {(p.party, p.issue, p.stance) for p in positions}


@pytest.mark.parametrize(
    "cell",
    [
        ("RUS", "demilitarization", "demands"),
        ("RUS", "denazification", "demands"),
        ("RUS", "nato_membership", "demands"),
        # "rejected both demands": the issues come from the sentence before
        ("UKR", "demilitarization", "rejects"),
        ("UKR", "denazification", "rejects"),
        ("UKR", "nato_membership", "accepts"),
        ("RUS", "security_guarantees", "proposes"),
        ("UKR", "ceasefire", "conditional"),
        ("UKR", "crimea", "rejects"),
        ("USA", "military_aid", "supports"),
    ],
)
def test_event_positions(cell: tuple[str, str, str]) -> None:
    assert cell in _cells(extract_positions([CODED]))


def test_every_position_carries_its_evidence() -> None:
    positions = extract_positions([CODED])
    assert positions
    for p in positions:
        assert p.article_id == CODED.article.id and p.source_kind == "event"
        assert p.evidence == CODED.article.text[p.start : p.end].strip()
        assert p.date is not None


def test_no_position_without_an_issue_or_a_party() -> None:
    a = article("Russia rejected the idea outright. Someone demanded Crimea.",
                events=[event("rejected", "REJECT", "RUS", "UKR"),
                        event("demanded Crimea", "REQUEST", None, "UKR", trigger="demanded")])
    assert extract_positions([a]) == []


def test_claim_positions_use_cue_words_then_polarity() -> None:
    text = ("The minister said Kyiv must get security guarantees first. "
            "The envoy said sanctions were working. "
            "The aide said talks were not useful.")
    a = article(text, claims=[
        claim("Kyiv must get security guarantees first", "UKR GOV", "Minister"),
        claim("sanctions were working", "GBR GOV", "Envoy"),
        claim("talks were not useful", "RUS GOV", "Aide", polarity=-1),
    ])
    cells = _cells(extract_positions([a]))
    assert ("UKR", "security_guarantees", "demands") in cells
    assert ("GBR", "sanctions", "supports") in cells
    assert ("RUS", "talks", "opposes") in cells


def test_matrix_and_timeline() -> None:
    later = article("Kyiv now refuses to give up its bid to join NATO.", published="2022-05-17",
                    events=[event("refuses", "REJECT", "UKR", "RUS")])
    positions = extract_positions([CODED, later])
    line = position_timeline(positions, party="UKR", issue="nato_membership")
    assert [p.stance for p in line] == ["accepts", "rejects"]
    assert line[0].date == dt.date(2022, 4, 20)
    m = position_matrix(positions)
    cell = m["UKR"]["nato_membership"]
    assert cell.stance == "rejects" and cell.n == 2
    assert dict(cell.stances) == {"accepts": 1, "rejects": 1}
    assert set(position_matrix(positions, parties=["RUS"])) == {"RUS"}


def test_issue_lexicon_is_versioned_and_replaceable(tmp_path) -> None:
    lex = load_issues()
    assert lex.version
    ids = {i.id for i in lex.issues}
    assert {"nato_membership", "demilitarization", "denazification", "crimea", "donbas",
            "southern_territory", "sanctions", "prisoner_exchange", "security_guarantees",
            "ceasefire", "humanitarian_corridors", "talks", "military_aid"} <= ids
    own = tmp_path / "issues.toml"
    own.write_text('version = "t1"\n[[issue]]\nid = "grain"\nterms = ["grain*", "wheat"]\n')
    mine = load_issues(path=own)
    assert [m.issue for m in mine.find("Grain exports resumed.")] == ["grain"]
    bad = tmp_path / "bad.toml"
    bad.write_text('version = "t1"\n')
    with pytest.raises(LexiconError, match="no \\[\\[issue\\]\\]"):
        load_issues(path=bad)


def test_issues_after_the_acts_clause_are_not_its_issues() -> None:
    # The comment after "saying" is not what the application was about, and "the arms of
    # the West" is not military aid.
    text = ("Finland applied to join NATO on Wednesday, saying the war had driven it into the "
            "arms of the West and that sanctions were working.")
    coded = article(text, published="2022-05-18", events=[
        event("applied to join", "REQUEST", "FIN GOV", "NATO", trigger="applied"),
    ])
    cells = _cells(extract_positions([coded]))
    assert cells == {("FIN", "nato_membership", "demands")}


def test_a_bare_arms_is_not_military_aid_but_arms_deliveries_are() -> None:
    lex = load_issues()
    assert [m.issue for m in lex.find("welcomed with open arms")] == []
    assert [m.issue for m in lex.find("arms deliveries to Kyiv")] == ["military_aid"]


def test_the_reporting_verb_decides_the_speakers_stance() -> None:
    # "Moscow demanded that Kyiv ... accept ...": Moscow demands; "accept" is Kyiv's part.
    text = "Moscow demanded that Kyiv recognise Crimea as Russian and accept the loss."
    coded = article(text, claims=[
        claim("Kyiv recognise Crimea as Russian and accept the loss", "RUS GOV",
              cue="demanded"),
    ])
    assert _cells(extract_positions([coded])) == {("RUS", "crimea", "demands")}
    said = article(text.replace("demanded", "said"), claims=[
        claim("Kyiv recognise Crimea as Russian and accept the loss", "RUS GOV"),
    ])
    assert _cells(extract_positions([said])) == {("RUS", "crimea", "accepts")}


def test_nuclear_weapons_are_not_military_aid() -> None:
    lex = load_issues()
    assert [m.issue for m in lex.find("Russia would not use nuclear weapons in Ukraine")] == []
    found = lex.find("it has nuclear weapons, and the West sends weapons to Kyiv")
    assert [(m.issue, m.term) for m in found] == [("military_aid", "weapons")]
    assert found[0].start > 30
