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


# --- per-Doc columns (text_of, token_ends, token_lowers, token_pos, token_tags) ---------


def _tagged() -> Doc:
    from spacy.lang.en import English

    return Doc(English().vocab, words=["Lavrov", "SAID", "\n\n", "Talks", "stalled", "."],
               spaces=[True, False, False, True, False, False],
               pos=["PROPN", "VERB", "SPACE", "NOUN", "VERB", "PUNCT"],
               tags=["NNP", "VBD", "_SP", "NNS", "VBD", "."])


def test_columns_read_what_the_tokens_say():
    from detente.parse.entities import text_of, token_ends, token_lowers, token_pos, token_tags

    doc = _tagged()
    assert text_of(doc) == doc.text
    assert token_ends(doc) == [t.idx + len(t.text) for t in doc]
    assert token_lowers(doc) == [t.lower_ for t in doc]
    assert token_pos(doc) == [t.pos_ for t in doc]
    assert token_tags(doc) == [t.tag_ for t in doc]
    assert token_lowers(doc)[:2] == ["lavrov", "said"]
    # computed once: the same list comes back
    assert token_ends(doc) is token_ends(doc)
    assert token_lowers(doc) is token_lowers(doc)


def test_columns_of_an_empty_or_untagged_doc():
    from spacy.vocab import Vocab

    from detente.parse.entities import text_of, token_ends, token_lowers, token_pos, token_tags

    empty = Doc(Vocab(), words=[])
    assert (text_of(empty), token_ends(empty), token_lowers(empty), token_pos(empty),
            token_tags(empty)) == ("", [], [], [], [])
    bare = Doc(Vocab(), words=["Talks", "resumed"])
    assert token_pos(bare) == ["", ""] == [t.pos_ for t in bare]
    assert token_tags(bare) == ["", ""]


def test_columns_start_afresh_when_the_doc_changes_length():
    from detente.parse.entities import text_of, token_ends, token_lowers

    doc = _tagged()
    assert len(token_ends(doc)) == 6
    with doc.retokenize() as retok:
        retok.merge(doc[3:5])
    assert token_ends(doc) == [t.idx + len(t.text) for t in doc]
    assert token_lowers(doc) == [t.lower_ for t in doc]
    assert token_lowers(doc)[3] == "talks stalled"
    assert text_of(doc) == doc.text


def test_doc_text_is_kept_as_the_docs_text():
    import spacy

    from detente.parse.entities import text_of

    text = "Caption here.\nTalks stalled."
    article = Article(id=article_id_for(text), text=text,
                      noise=(NoiseSpan(0, 13, "caption"),))
    doc = spacy.blank("en")(" " * 13 + text[13:])
    assert text_of(doc) is doc_text(doc, article)
