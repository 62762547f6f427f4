"""Claims from quotes: polarity, proposition, keywords, denial and date, on hand-built
parses (no model)."""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.tokens import Doc

from _docs import parsed_doc
from detente.extract.quotes.claims import claims_from_quotes
from detente.records import ActorRef, Article, DateRef, Quote

PUB = dt.date(2022, 4, 22)
UKR = ActorRef(code="UKR GOV", country="UKR", sector="GOV", person="Volodymyr Zelenskyy")


def _quote(doc: Doc, a: int, b: int, *, cue: int | None = None) -> Quote:
    span = doc[a:b]
    cue_tok = doc[cue] if cue is not None else None
    return Quote(
        article_id="t", id=f"q{span.start_char}", start=span.start_char, end=span.end_char,
        text=span.text, cue_start=cue_tok.idx if cue_tok is not None else None,
        cue_end=cue_tok.idx + len(cue_tok.text) if cue_tok is not None else None,
        cue=cue_tok.text if cue_tok is not None else None, speaker_start=0, speaker_end=9,
        speaker_text="Zelenskyy", speaker=UKR, quote_type="indirect",
        sentence_start=0, sentence_end=len(doc.text),
    )


# Zelenskyy said on Friday negotiators never received any such proposal .
ROWS = [("Zelenskyy", 1, "nsubj", "PROPN", "Zelenskyy"), ("said", 1, "ROOT", "VERB", "say"),
        ("on", 1, "prep", "ADP", "on"), ("Friday", 2, "pobj", "PROPN", "Friday"),
        ("negotiators", 6, "nsubj", "NOUN", "negotiator"), ("never", 6, "neg", "ADV", "never"),
        ("received", 1, "ccomp", "VERB", "receive"), ("any", 9, "det", "DET", "any"),
        ("such", 9, "amod", "ADJ", "such"), ("proposal", 6, "dobj", "NOUN", "proposal"),
        (".", 1, "punct", "PUNCT", ".")]


def test_negated_denial_with_sentence_date() -> None:
    doc = parsed_doc(ROWS)
    art = Article(id="t", text=doc.text, published=PUB)
    friday = DateRef(article_id="t", start=doc[3].idx, end=doc[3].idx + 6, text="Friday",
                     value=dt.date(2022, 4, 22))
    [claim] = claims_from_quotes([_quote(doc, 4, 10, cue=1)], doc=doc, article=art, dates=[friday])
    assert claim.polarity == -1
    assert claim.denial  # "never received"
    assert claim.proposition == "negotiator receive any such proposal"
    assert claim.keywords == ("negotiator", "proposal", "receive")
    assert claim.date == dt.date(2022, 4, 22)
    assert (claim.start, claim.end, claim.speaker) == (doc[4].idx, doc[9].idx + 8, UKR)


def test_date_falls_back_to_publication_and_ignores_dates_inside_content() -> None:
    doc = parsed_doc(ROWS)
    art = Article(id="t", text=doc.text, published=dt.date(2022, 5, 1))
    inside = DateRef(article_id="t", start=doc[9].idx, end=doc[9].idx + 8, text="proposal",
                     value=dt.date(2020, 1, 1))
    [claim] = claims_from_quotes([_quote(doc, 4, 10, cue=1)], doc=doc, article=art, dates=[inside])
    assert claim.date == dt.date(2022, 5, 1)


@pytest.mark.parametrize(
    ("rows", "polarity", "denial"),
    [
        # talks are going on
        ([("talks", 2, "nsubj", "NOUN", "talk"), ("are", 2, "aux", "AUX", "be"),
          ("going", 2, "ROOT", "VERB", "go"), ("on", 2, "prt", "ADP", "on")], 1, False),
        # talks are not going on
        ([("talks", 3, "nsubj", "NOUN", "talk"), ("are", 3, "aux", "AUX", "be"),
          ("not", 3, "neg", "PART", "not"), ("going", 3, "ROOT", "VERB", "go"),
          ("on", 3, "prt", "ADP", "on")], -1, False),
        # that is not true
        ([("that", 1, "nsubj", "PRON", "that"), ("is", 1, "ROOT", "AUX", "be"),
          ("not", 1, "neg", "PART", "not"), ("true", 1, "acomp", "ADJ", "true")], -1, True),
        # Russia operates with fakes and lies
        ([("Russia", 1, "nsubj", "PROPN", "Russia"), ("operates", 1, "ROOT", "VERB", "operate"),
          ("with", 1, "prep", "ADP", "with"), ("fakes", 2, "pobj", "NOUN", "fake"),
          ("and", 3, "cc", "CCONJ", "and"), ("lies", 3, "conj", "NOUN", "lie")], 1, True),
        # NATO allies agree  ("lies" inside "allies" is no denial)
        ([("NATO", 1, "compound", "PROPN", "NATO"), ("allies", 2, "nsubj", "NOUN", "ally"),
          ("agree", 2, "ROOT", "VERB", "agree")], 1, False),
    ],
    ids=["plain", "not-going-on", "not-true", "fakes-and-lies", "allies"],
)
def test_polarity_and_denial(rows, polarity: int, denial: bool) -> None:
    doc = parsed_doc(rows)
    art = Article(id="t", text=doc.text, published=PUB)
    [claim] = claims_from_quotes([_quote(doc, 0, len(doc))], doc=doc, article=art, dates=[])
    assert (claim.polarity, claim.denial) == (polarity, denial)
    assert "not" not in claim.proposition.split()


def test_denial_verb_beside_the_cue() -> None:
    # Zelenskyy refuted these claims and said negotiators received nothing .
    rows = [("Zelenskyy", 1, "nsubj", "PROPN", "Zelenskyy"), ("refuted", 1, "ROOT", "VERB", "refute"),
            ("these", 3, "det", "DET", "these"), ("claims", 1, "dobj", "NOUN", "claim"),
            ("and", 1, "cc", "CCONJ", "and"), ("said", 1, "conj", "VERB", "say"),
            ("negotiators", 7, "nsubj", "NOUN", "negotiator"), ("received", 5, "ccomp", "VERB", "receive"),
            ("proposals", 7, "dobj", "NOUN", "proposal"), (".", 1, "punct", "PUNCT", ".")]
    doc = parsed_doc(rows)
    art = Article(id="t", text=doc.text, published=PUB)
    [claim] = claims_from_quotes([_quote(doc, 6, 9, cue=5)], doc=doc, article=art, dates=[])
    assert claim.denial and claim.polarity == 1


def test_no_quotes_no_claims() -> None:
    doc = parsed_doc(ROWS)
    assert claims_from_quotes([], doc=doc, article=Article(id="t", text=doc.text), dates=[]) == []
