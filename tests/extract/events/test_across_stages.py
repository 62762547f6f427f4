"""Event coder with the real actor, date, place and quote stages: speakers, pronouns,
unplaced persons, domestic groups, dates in relative clauses, lines the parser ran
together, judged demands, membership bids and the speaker's accusation framing.

Hand-built parses where the rule is about the parse; the real model (``model``) where
the rule is about what the other stages hand over.
"""

from __future__ import annotations

import datetime as dt
from functools import partial

import pytest

from _docs import article_for, parsed_doc, ref_countries
from detente.extract.events.code import extract_events
from detente.records import ActorRef, DateRef, Mention, Quote

# every test article: id "t", published on 22 April 2022
_article = partial(article_for, id="t", published=dt.date(2022, 4, 22))


# ------------------------------------------------------------------ hand-built parses
def test_subject_lost_across_a_line_break_is_recovered():
    # The parser ran the headline into the paragraph and hung "Talks" and "stalled" on
    # the headline's words; the line is coded with its own subject all the same.
    rows = [("Talks", 1, "nsubj", "NOUN", "talk"), ("stall", 1, "ROOT", "VERB", "stall"),
            ("\n\n", 1, "dep", "SPACE", "\n\n"),
            ("Talks", 1, "dobj", "NOUN", "talk"), ("between", 3, "prep", "ADP", "between"),
            ("Chile", 4, "pobj", "PROPN", "Chile"), ("and", 5, "cc", "CCONJ", "and"),
            ("Peru", 5, "conj", "PROPN", "Peru"), ("stalled", 0, "acl", "VERB", "stall"),
            (".", 1, "punct", "PUNCT", ".")]
    doc = parsed_doc(rows, spaces=[True, False, False, True, True, True, True, True, False, False])
    events = extract_events(doc, article=_article(doc), mentions=[], dates=[], places=[],
                            quotes=[])
    stalled = [e for e in events if e.trigger == "stalled"]
    assert stalled and stalled[0].plover_type == "REJECT"
    assert ref_countries(stalled[0].source) == {"CHL", "PER"}


def test_date_in_a_relative_clause_is_not_the_events():
    # "Peru asked Chile to return the island, which Chile has held since 1990."
    rows = [("Peru", 1, "nsubj", "PROPN", "Peru"), ("asked", 1, "ROOT", "VERB", "ask"),
            ("Chile", 1, "dobj", "PROPN", "Chile"), ("to", 4, "aux", "PART", "to"),
            ("return", 1, "xcomp", "VERB", "return"), ("the", 6, "det", "DET", "the"),
            ("island", 4, "dobj", "NOUN", "island"), (",", 6, "punct", "PUNCT", ","),
            ("which", 11, "dobj", "PRON", "which"), ("Chile", 11, "nsubj", "PROPN", "Chile"),
            ("has", 11, "aux", "AUX", "have"), ("held", 6, "relcl", "VERB", "hold"),
            ("since", 11, "prep", "ADP", "since"), ("1990", 12, "pobj", "NUM", "1990"),
            (".", 1, "punct", "PUNCT", ".")]
    doc = parsed_doc(rows)
    tok = doc[13]
    date = DateRef(article_id="t", start=tok.idx, end=tok.idx + 4, text="1990",
                   value=dt.date(1990, 1, 1), granularity="year")
    events = extract_events(doc, article=_article(doc), mentions=[], dates=[date],
                            places=[], quotes=[])
    asked = [e for e in events if e.trigger == "asked"]
    assert asked and asked[0].date == dt.date(2022, 4, 22)
    assert asked[0].date_basis == "article"


def test_unplaced_person_does_not_hide_the_country_in_the_phrase():
    # "U.S. envoy Ann Roe met Iranian officials": the actor stage could not place Ann
    # Roe (code ""), but the phrase names the United States.
    rows = [("U.S.", 3, "compound", "PROPN", "U.S."), ("envoy", 3, "compound", "NOUN", "envoy"),
            ("Ann", 3, "compound", "PROPN", "Ann"), ("Roe", 4, "nsubj", "PROPN", "Roe"),
            ("met", 4, "ROOT", "VERB", "meet"), ("Iranian", 6, "amod", "ADJ", "iranian"),
            ("officials", 4, "dobj", "NOUN", "official"), (".", 4, "punct", "PUNCT", ".")]
    doc = parsed_doc(rows)
    person = Mention(article_id="t", start=doc[2].idx, end=doc[3].idx + 3, text="Ann Roe",
                     label="PERSON", actor=ActorRef(code="", person="Ann Roe"), how="ner")
    events = extract_events(doc, article=_article(doc), mentions=[person], dates=[],
                            places=[], quotes=[])
    assert events and ref_countries(events[0].source) == {"USA"}
    assert ref_countries(events[0].target) == {"IRN"}


def test_third_person_pronoun_in_indirect_speech_is_the_speaker():
    # Chile said it had sent aid to Bolivia (an indirect quote: "it" is Chile).
    rows = [("Chile", 1, "nsubj", "PROPN", "Chile"), ("said", 1, "ROOT", "VERB", "say"),
            ("it", 4, "nsubj", "PRON", "it"), ("had", 4, "aux", "AUX", "have"),
            ("sent", 1, "ccomp", "VERB", "send"), ("aid", 4, "dobj", "NOUN", "aid"),
            ("to", 4, "prep", "ADP", "to"), ("Bolivia", 6, "pobj", "PROPN", "Bolivia"),
            (".", 1, "punct", "PUNCT", ".")]
    doc = parsed_doc(rows)
    chile = ActorRef(code="CHL", country="CHL")
    start = doc[2].idx
    quote = Quote(article_id="t", id=f"q{start}", start=start, end=doc[7].idx + 7,
                  text=doc.text[start:doc[7].idx + 7], cue_start=doc[1].idx,
                  cue_end=doc[1].idx + 4, cue="said", speaker_start=0, speaker_end=5,
                  speaker_text="Chile", speaker=chile, quote_type="indirect")
    events = extract_events(doc, article=_article(doc), mentions=[], dates=[], places=[],
                            quotes=[quote])
    aid = [e for e in events if e.plover_type == "AID"]
    assert aid
    assert ref_countries(aid[0].source) == {"CHL"} and ref_countries(aid[0].target) == {"BOL"}


# ------------------------------------------------------------------ real model
@pytest.mark.model
@pytest.mark.parametrize("text,ptype,source,target", [
    # domestic groups and people named where they live
    ("The opposition party demanded that the Kenyan government release the detainees.",
     "REQUEST", "KEN", "KEN"),
    ("Hundreds of ethnic Hungarians demonstrated in Romania on Sunday.", "PROTEST", "ROU",
     None),
    ("The Hungarians of northern Serbia demanded more autonomy from Belgrade.", "REQUEST",
     "SRB", "SRB"),
    # a membership application is a REQUEST to the organisation
    ("Georgia and Moldova applied to join the European Union.", "REQUEST", "GEO", "EU"),
    ("Sweden submitted its NATO membership application on Monday.", "REQUEST", "SWE",
     "NATO"),
])
def test_integrated_cases(nlp, text, ptype, source, target):
    from detente.pipeline.coding import code_text

    coded = code_text(text, published="2022-05-18", nlp=nlp)
    hits = [e for e in coded.events if e.plover_type == ptype]
    assert hits, [(e.plover_type, e.trigger) for e in coded.events]
    e = hits[0]
    assert source in ref_countries(e.source)
    if target is not None:
        assert target in ref_countries(e.target)


@pytest.mark.model
def test_demands_judged_unacceptable_are_rejected(nlp):
    from detente.pipeline.coding import code_text

    coded = code_text("Moscow demanded that Kyiv recognise Crimea as Russian. Ukrainian "
                      "officials said those demands were unacceptable.",
                      published="2022-03-30", nlp=nlp)
    rejects = [e for e in coded.events if e.plover_type == "REJECT"]
    assert rejects, [(e.plover_type, e.trigger) for e in coded.events]
    assert ref_countries(rejects[0].source) == {"UKR"}
    assert ref_countries(rejects[0].target) == {"RUS"}
    assert not [e for e in coded.events if e.trigger == "demands" and e.plover_type == "REQUEST"]


@pytest.mark.model
def test_conflict_told_by_the_other_side_is_its_accusation(nlp):
    from detente.pipeline.coding import code_text

    coded = code_text("\u201cArmenia has shelled our villages,\u201d Azerbaijani Foreign "
                      "Minister Jeyhun Bayramov said.", published="2022-09-13", nlp=nlp)
    shelled = [e for e in coded.events if e.trigger == "shelled"]
    types = {e.plover_type for e in shelled}
    assert types == {"ASSAULT", "ACCUSE"}, types
    acc = next(e for e in shelled if e.plover_type == "ACCUSE")
    assert ref_countries(acc.source) == {"AZE"} and ref_countries(acc.target) == {"ARM"}
    assert acc.modality == "reported" and acc.id.endswith("a")
    # its own side's acts are not an accusation
    own = code_text("\u201cWe have sent aid to Armenia,\u201d Azerbaijani Foreign Minister "
                    "Jeyhun Bayramov said.", published="2022-09-13", nlp=nlp)
    assert not [e for e in own.events if e.plover_type == "ACCUSE"]


@pytest.mark.model
def test_pronoun_object_takes_the_earlier_talks(nlp):
    from detente.pipeline.coding import code_text

    coded = code_text("\u201cThe talks are not being held in any form. The Serbian side has "
                      "walked away from them,\u201d Kosovo's foreign minister told reporters.",
                      published="2022-05-17", nlp=nlp)
    walked = [e for e in coded.events if e.trigger == "walked"]
    assert walked and walked[0].plover_type == "REJECT", [
        (e.trigger, e.plover_type) for e in coded.events]
    assert ref_countries(walked[0].source) == {"SRB"}


@pytest.mark.model
@pytest.mark.parametrize(("text", "threat"), [
    # a warning that reports a fact is no threat ...
    ("Ukrainian officials warned on Thursday that Russia was preparing a staged referendum "
     "in the occupied Kherson region.", False),
    # ... one that looks ahead is
    ("Zelenskyy warned that talks could collapse if Russia holds the vote.", True),
    ("Russia warned that it was going to respond.", True),
    ("Moscow warned Finland that joining NATO would be a mistake.", True),
    ("Lavrov warned Kyiv against provocations.", True),
])
def test_a_warning_threatens_only_when_it_looks_ahead(nlp, text, threat):
    from detente.pipeline.coding import code_text

    coded = code_text(text, published="2022-04-28", nlp=nlp)
    assert any(e.plover_type == "THREATEN" for e in coded.events) is threat
