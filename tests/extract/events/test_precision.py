"""Event precision on political news (docs/events.md, "Precision on political news"):
places attacked are recipients, domestic acts (voting) and exhortations ("Let me tell
you") are no events, a proposal made to nobody is no AGREE.

The real model (``nlp``) codes sentences written for these tests.
"""

from __future__ import annotations

import pytest

from detente.lexicon.events import load_event_lexicon


def _events(nlp, text: str) -> list[tuple[str, str, tuple[str, ...], tuple[str, ...]]]:
    from detente.pipeline.coding import code_article, make_article

    coded = code_article(make_article(text, published="2016-03-04"), nlp=nlp)
    return [(e.trigger.lower(), e.plover_type, tuple(r.code for r in e.source),
             tuple(r.code for r in e.target)) for e in coded.events]


def test_cue_lists_are_data():
    lex = load_event_lexicon()
    assert "vote" in lex.cue("domestic_acts")
    assert "assault" in lex.cue("place_targets") and "town" in lex.cue("settlements")


@pytest.mark.model
@pytest.mark.parametrize("text, country", [
    ("The rebels attacked the town of Goma on Monday.", "COD"),
    ("Gunmen attacked the village of Bama before dawn.", "NGA"),
    ("The rebels attacked Aleppo on Monday.", "SYR"),
])
def test_place_attacked_is_the_recipient(nlp, text, country):
    got = [e for e in _events(nlp, text) if e[1] == "ASSAULT"]
    assert got, text
    assert any(country in e[3] for e in got), got


@pytest.mark.model
def test_city_on_attack_noun_is_where_not_who(nlp):
    got = [e for e in _events(nlp, "After the Paris attacks, the senator released a new "
                                   "radio ad about the threat.") if e[1] == "ASSAULT"]
    assert all("FRA" not in " ".join(e[2]) for e in got), got
    assert any("FRA" in e[3] for e in got), got


@pytest.mark.model
@pytest.mark.parametrize("text", [
    "Russia voted for the resolution at the UN Security Council.",
    "Senator Smith voted against the bill on Tuesday.",
])
def test_voting_is_no_event(nlp, text):
    assert [e for e in _events(nlp, text) if e[0].startswith("vot")] == []


@pytest.mark.model
@pytest.mark.parametrize("text", [
    '"Let them fight each other," Obama said of Russia and Turkey.',
    '"Let us be clear about Iran," Obama told Netanyahu.',
])
def test_exhortation_is_no_event(nlp, text):
    assert [e for e in _events(nlp, text) if e[0] == "let"] == []


@pytest.mark.model
def test_allowing_is_still_a_concession(nlp):
    got = _events(nlp, '"We let Egypt send aid," Netanyahu said.')
    assert any(e[0] == "let" and e[1] == "CONCEDE" and "EGY" in e[3] for e in got), got
    # announced with "will", it is an intent to yield (CAMEO 035): AGREE in PLOVER
    got = _events(nlp, '"We will let Egypt send aid," Netanyahu said.')
    assert any(e[0] == "let" and e[1] == "AGREE" and "EGY" in e[3] for e in got), got


@pytest.mark.model
@pytest.mark.parametrize("text", [
    "Trump has since revised his proposal on a Muslim ban several times.",
    "\"What I am proposing is we go after the risk,\" Clinton said.",
])
def test_proposal_to_nobody_is_no_agree(nlp, text):
    assert [e for e in _events(nlp, text) if e[1] == "AGREE"] == []


@pytest.mark.model
@pytest.mark.parametrize("text, target", [
    ("Russia offered to mediate between Kyiv and Moscow.", "UKR GOV"),
    ("Germany proposed a ceasefire to Russia.", "RUS"),
    ("Russia offered Ukraine a loan.", "UKR"),
])
def test_offer_to_someone_is_agree(nlp, text, target):
    got = [e for e in _events(nlp, text) if e[1] == "AGREE"]
    assert any(target in e[3] for e in got), got


@pytest.mark.model
@pytest.mark.parametrize("text", [
    "Punches were thrown at Trump rallies in California last week.",
    "The violence that accompanied some of Mr. Trump's rallies worried the police in Ohio.",
    "Clinton spoke at a rally in Ohio on Monday.",
    "Senator Smith addressed a rally in Boston on Wednesday night.",
])
def test_campaign_rally_is_no_protest(nlp, text):
    assert [e for e in _events(nlp, text) if e[1] == "PROTEST"] == []


@pytest.mark.model
@pytest.mark.parametrize("text", [
    "Thousands of protesters held a rally in Moscow against the government.",
    "Students rallied in Hong Kong on Sunday.",
])
def test_protest_rally_is_kept(nlp, text):
    assert [e for e in _events(nlp, text) if e[1] == "PROTEST"]


@pytest.mark.model
def test_question_put_to_a_speaker_is_no_request(nlp):
    got = _events(nlp, "When asked about taxes, Hillary Clinton said she would raise "
                       "them.")
    assert [e for e in got if e[1] == "REQUEST"] == []


@pytest.mark.model
def test_request_with_an_asker_is_kept(nlp):
    got = _events(nlp, "Ukraine was asked by NATO to send troops.")
    assert any(e[1] == "REQUEST" and "NATO" in e[2] for e in got), got
