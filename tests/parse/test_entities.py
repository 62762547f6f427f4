"""The cheap entity and text readers the date/place extractors use (detente.parse.entities)."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from _docs import entity_doc
from detente.parse.entities import doc_text, entities
from detente.records import Article, NoiseSpan, article_id_for


def _same(doc: Doc, **kw) -> list[tuple[int, int, int, int, str, str]]:  # type: ignore[no-untyped-def]
    return [(e.start, e.end, e.start_char, e.end_char, e.label_, e.text)
            for e in entities(doc, **kw)]


def test_entities_match_doc_ents():
    doc = entity_doc(["Lavrov", "met", "Kuleba", "in", "New", "York", "on", "Friday"],
               [(0, 1, "PERSON"), (2, 3, "PERSON"), (4, 6, "GPE"), (7, 8, "DATE")])
    expected = [(e.start, e.end, e.start_char, e.end_char, e.label_, e.text) for e in doc.ents]
    assert _same(doc) == expected
    assert _same(doc, labels=frozenset({"DATE", "GPE"})) == [expected[2], expected[3]]
    # adjacent entities of one label stay apart; an entity may end the Doc
    doc = entity_doc(["Kyiv", "Kharkiv"], [(0, 1, "GPE"), (1, 2, "GPE")])
    assert [e.text for e in entities(doc)] == ["Kyiv", "Kharkiv"]
    assert entities(entity_doc(["nothing", "here"], [])) == []


def test_doc_text_rebuilds_masked_text():
    import spacy

    blank = spacy.blank("en")
    text = "Caption here.\nTalks stalled."
    article = Article(id=article_id_for(text), text=text,
                      noise=(NoiseSpan(0, 13, "caption"),))
    masked = " " * 13 + text[13:]
    doc = blank(masked)
    assert doc_text(doc, article) == masked == doc.text
    # a Doc of some other text falls back to doc.text
    other = blank("Quite another text here.")
    assert doc_text(other, article) == other.text


@pytest.mark.model
def test_entities_match_doc_ents_real_model(nlp):
    doc = nlp("On Friday, April 8, 2022, Sergei Lavrov said in Moscow that Ukraine and "
              "the United States had not answered. NATO met in Brussels on Sunday.")
    expected = [(e.start, e.end, e.start_char, e.end_char, e.label_, e.text) for e in doc.ents]
    assert expected
    assert _same(doc) == expected
    article = Article(id=article_id_for(doc.text), text=doc.text)
    assert doc_text(doc, article) == doc.text
