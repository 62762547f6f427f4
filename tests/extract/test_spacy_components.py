"""detente's extractors as spaCy pipeline components, found through the
``spacy_factories`` entry point (no detente import before ``add_pipe``)."""

from __future__ import annotations

import datetime as dt

import pytest

pytestmark = pytest.mark.model


def test_pipeline_with_detente_components_sets_doc_extensions():
    import spacy

    from detente.parse.model import DEFAULT_MODEL

    nlp = spacy.load(DEFAULT_MODEL)
    nlp.add_pipe("detente_events", config={"published": "2022-04-22"})
    nlp.add_pipe("detente_quotes")
    text = ("Russia rejected the proposal on Friday. Foreign Minister Sergei Lavrov said: "
            "\"We will never accept these terms.\"")
    doc = nlp(text)
    events = doc._.detente_events
    assert events and events[0].plover_type == "REJECT"
    assert events[0].source[0].country == "RUS" and events[0].date == dt.date(2022, 4, 22)
    assert text[events[0].trigger_start:events[0].trigger_end] == "rejected"
    quote = doc._.detente_quotes[0]
    assert quote.speaker and quote.speaker.person == "Sergei Lavrov"
    assert doc._.detente_claims is not None and doc._.detente_mentions
    assert doc._.detente_article.text == text
    # The publication date set on the Doc outranks the component's config.
    doc = nlp.make_doc("Russia rejected the proposal on Friday.")
    doc._.detente_published = "2022-05-06"
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    assert doc._.detente_events[0].date == dt.date(2022, 5, 6)


def test_the_all_in_one_component():
    import spacy
    from spacy.language import Language

    from detente.parse.model import DEFAULT_MODEL

    nlp = spacy.load(DEFAULT_MODEL)
    assert Language.has_factory("detente")  # registered through the entry point
    nlp.add_pipe("detente")
    doc = nlp("Ukrainian and Russian negotiators met in Istanbul on Tuesday.")
    assert any(p.name == "Istanbul" for p in doc._.detente_places)
    assert doc._.detente_dates and doc._.detente_events is not None
