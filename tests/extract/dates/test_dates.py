"""Time expressions resolved against the publication date (unit tables, hand-built Docs)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from _docs import article_for, entity_doc
from detente.extract.dates.find import extract_dates
from detente.extract.dates.rules import resolve_text, weekday_date

D = dt.date
FRI = D(2022, 4, 22)  # a Friday
TUE = D(2022, 5, 17)  # a Tuesday


def doc_of(text: str) -> Doc:
    """A Doc whose text is exactly ``text`` (runs of spaces become space tokens)."""
    words: list[str] = []
    spaces: list[bool] = []
    pos = 0
    for m in re.finditer(r"\S+", text):
        gap = text[pos:m.start()]
        if len(gap) > 1 or (gap and not words):
            extra = gap if not words else gap[1:]
            if words:
                spaces[-1] = True
            words.append(extra)
            spaces.append(False)
        elif gap and words:
            spaces[-1] = True
        words.append(m.group(0))
        spaces.append(False)
        pos = m.end()
    doc = Doc(Vocab(), words=words, spaces=spaces)
    assert doc.text == text.rstrip()
    return doc


def _dates(text: str, published: D | None, ents=()):  # type: ignore[no-untyped-def]
    """Dates in ``text`` (words split on single spaces; ``ents`` as (start, end, label))."""
    return extract_dates(entity_doc(text.split(" "), ents),
                         article=article_for(text, published=published))


# expression in a sentence, publication date -> (text, value, value_end, granularity)
TABLE = [
    ("Talks stalled Friday .", FRI, "Friday", D(2022, 4, 22), D(2022, 4, 22), "day"),
    ("Talks stalled on Friday .", TUE, "Friday", D(2022, 5, 13), D(2022, 5, 13), "day"),
    ("NATO pledged aid on Sunday .", TUE, "Sunday", D(2022, 5, 15), D(2022, 5, 15), "day"),
    ("On Tuesday , he said no .", TUE, "Tuesday", TUE, TUE, "day"),
    ("It came last Friday .", FRI, "last Friday", D(2022, 4, 15), D(2022, 4, 15), "day"),
    ("They meet next Monday .", FRI, "next Monday", D(2022, 4, 25), D(2022, 4, 25), "day"),
    ("He said five days ago it was sent .", FRI, "five days ago", D(2022, 4, 17),
     D(2022, 4, 17), "day"),
    ("It was 3 days ago .", FRI, "3 days ago", D(2022, 4, 19), D(2022, 4, 19), "day"),
    ("A deal put forward on April 15 .", FRI, "April 15", D(2022, 4, 15), D(2022, 4, 15),
     "day"),
    ("In an April 9 visit .", TUE, "April 9", D(2022, 4, 9), D(2022, 4, 9), "day"),
    ("A photo of Tuesday , Nov. 30 , 2021 .", FRI, "Tuesday , Nov. 30 , 2021",
     D(2021, 11, 30), D(2021, 11, 30), "day"),
    ("Signed on 15 April 2022 .", TUE, "15 April 2022", D(2022, 4, 15), D(2022, 4, 15), "day"),
    ("A January article on December 20 .", D(2023, 1, 10), "December 20", D(2022, 12, 20),
     D(2022, 12, 20), "day"),
    ("Kuleba said last week it was hard .", TUE, "last week", D(2022, 5, 9), D(2022, 5, 15),
     "week"),
    ("Kuleba said last week it was hard .", FRI, "last week", D(2022, 4, 11), D(2022, 4, 17),
     "week"),
    ("Prices rose earlier this month .", TUE, "earlier this month", D(2022, 5, 1), TUE,
     "month"),
    ("Talks resumed last month .", TUE, "last month", D(2022, 4, 1), D(2022, 4, 30), "month"),
    ("It grew last year .", TUE, "last year", D(2021, 1, 1), D(2021, 12, 31), "year"),
    ("Shelling rose in recent weeks .", TUE, "in recent weeks", None, None, "vague"),
    ("He left yesterday .", TUE, "yesterday", D(2022, 5, 16), D(2022, 5, 16), "day"),
    ("Crimea was seized in 2014 .", TUE, "2014", D(2014, 1, 1), D(2014, 12, 31), "year"),
    ("Fighting began in March .", TUE, "March", D(2022, 3, 1), D(2022, 3, 31), "month"),
    ("It ended in September .", TUE, "September", D(2021, 9, 1), D(2021, 9, 30), "month"),
    ("Vote in August .", TUE, "August", D(2022, 8, 1), D(2022, 8, 31), "month"),
    ("Talks in April 2022 failed .", None, "April 2022", D(2022, 4, 1), D(2022, 4, 30),
     "month"),
]


@pytest.mark.parametrize("text,published,expr,value,value_end,granularity", TABLE,
                         ids=[f"{r[2]}@{r[1]}" for r in TABLE])
def test_expression_table(text, published, expr, value, value_end, granularity):
    found = _dates(text, published)
    assert [d.text for d in found] == [expr]
    d = found[0]
    assert (d.value, d.value_end, d.granularity) == (value, value_end, granularity)
    assert text[d.start:d.end] == d.text
    assert d.anchor == published


# Without a publication date relative expressions have no value; absolute ones resolve.
NO_ANCHOR = [
    ("Talks stalled Friday .", "Friday", None, "day"),
    ("He said five days ago it was sent .", "five days ago", None, "day"),
    ("Kuleba said last week it was hard .", "last week", None, "week"),
    ("A deal put forward on April 15 .", "April 15", None, "day"),
    ("A photo of Nov. 30 , 2021 .", "Nov. 30 , 2021", D(2021, 11, 30), "day"),
    ("Crimea was seized in 2014 .", "2014", D(2014, 1, 1), "year"),
]


@pytest.mark.parametrize("text,expr,value,granularity", NO_ANCHOR,
                         ids=[r[1] for r in NO_ANCHOR])
def test_no_publication_date(text, expr, value, granularity):
    found = _dates(text, None)
    assert [(d.text, d.value, d.granularity) for d in found] == [(expr, value, granularity)]
    assert found[0].anchor is None


def test_not_dates_in_running_text():
    """Lower-case weekday/month words, modal "may", percentages: nothing."""
    assert _dates("He may 5 times say march on friday .", TUE) == []
    assert _dates("Support fell to April 40 percent .", TUE) == []


# spaCy DATE entities the patterns do not cover: junk dropped or kept vague.
ENTITY_TABLE = [
    ("It was the 1990s then", (2, 4), "the 1990s", None, "vague"),
    ("They met during Ramadan then", (3, 4), "Ramadan", None, "vague"),
    ("They met at Christmas then", (3, 4), "Christmas", D(2021, 12, 25), "day"),
    ("He is 42 now", (2, 3), None, None, None),
    ("He is 42 years old", (2, 5), None, None, None),
    ("It lasted two years here", (2, 4), None, None, None),
    ("The daily meeting", (1, 2), None, None, None),
    ("Voters between the ages of 18 and 29 agreed", (1, 8), None, None, None),
    ("In 2021 it began", (1, 2), "2021", D(2021, 1, 1), "year"),
    ("Since mid-April it grew", (1, 2), "mid-April", D(2022, 4, 1), "month"),
    ("On 2022-04-20 it began", (1, 2), "2022-04-20", D(2022, 4, 20), "day"),
]


@pytest.mark.parametrize("text,span,expr,value,granularity", ENTITY_TABLE,
                         ids=[r[0] for r in ENTITY_TABLE])
def test_entity_table(text, span, expr, value, granularity):
    found = _dates(text, TUE, ents=[(span[0], span[1], "DATE")])
    if expr is None:
        assert found == []
    else:
        assert [(d.text, d.value, d.granularity) for d in found] == [(expr, value, granularity)]


def test_resolve_text_junk():
    assert resolve_text("42", anchor=TUE) is None
    assert resolve_text("Ramadan", anchor=TUE).value is None  # type: ignore[union-attr]
    assert resolve_text("the 1990s", anchor=TUE).granularity == "vague"  # type: ignore[union-attr]


def test_pattern_wins_over_entity():
    """An entity overlapping a pattern match is not counted twice."""
    text = "Talks stalled Friday after news"
    found = _dates(text, FRI, ents=[(2, 4, "DATE")])  # NER's "Friday after"
    assert [(d.text, d.value) for d in found] == [("Friday", FRI)]


@pytest.mark.parametrize("weekday,published,mod,future,expected", [
    (4, FRI, "", False, FRI),                # same weekday: the publication day
    (6, TUE, "", False, D(2022, 5, 15)),     # most recent past Sunday
    (1, TUE, "last", False, D(2022, 5, 10)),  # "last Tuesday" is strictly before
    (0, FRI, "", True, D(2022, 4, 25)),      # future cue: the coming Monday
    (4, FRI, "", True, FRI),                 # future cue, same weekday: today
    (4, FRI, "next", False, D(2022, 4, 29)),  # "next Friday" is strictly after
])
def test_weekday_rule(weekday, published, mod, future, expected):
    assert weekday_date(weekday, anchor=published, mod=mod, future=future) == expected


def test_future_cue_from_parse():
    """ "will resume on Monday" (hand-built parse): the coming Monday, not the last."""
    words = ["Talks", "will", "resume", "on", "Monday", "."]
    doc = Doc(Vocab(), words=words, heads=[2, 2, 2, 2, 3, 2],
              deps=["nsubj", "aux", "ROOT", "prep", "pobj", "punct"],
              pos=["NOUN", "AUX", "VERB", "ADP", "PROPN", "PUNCT"])
    text = doc.text
    found = extract_dates(doc, article=article_for(text, published=FRI))
    assert [(d.text, d.value) for d in found] == [("Monday", D(2022, 4, 25))]
    past = Doc(Vocab(), words=["Talks", "resumed", "on", "Monday", "."], heads=[1, 1, 1, 2, 1],
               deps=["nsubj", "ROOT", "prep", "pobj", "punct"],
               pos=["NOUN", "VERB", "ADP", "PROPN", "PUNCT"])
    found = extract_dates(past, article=article_for(past.text, published=FRI))
    assert [(d.text, d.value) for d in found] == [("Monday", D(2022, 4, 18))]


def test_tense_from_parse_for_months():
    """ "ended in June" in a May article is last June (past tense); unparsed, a month
    less than 90 days ahead is this year's."""
    words = ["It", "ended", "in", "June", "."]
    doc = Doc(Vocab(), words=words, heads=[1, 1, 1, 2, 1],
              deps=["nsubj", "ROOT", "prep", "pobj", "punct"],
              pos=["PRON", "VERB", "ADP", "PROPN", "PUNCT"],
              tags=["PRP", "VBD", "IN", "NNP", "."])
    (d,) = extract_dates(doc, article=article_for(doc.text, published=TUE))
    assert (d.text, d.value, d.value_end) == ("June", D(2021, 6, 1), D(2021, 6, 30))
    (d,) = _dates("It ended in June .", TUE)
    assert d.value == D(2022, 6, 1)


def test_offsets_index_original_text_with_noise():
    """The Doc is the masked text: a date inside blanked noise is not found."""
    text = "Caption Friday here . Talks stalled on Sunday ."
    masked = " " * len("Caption Friday here") + text[len("Caption Friday here"):]
    doc = doc_of(masked)
    found = extract_dates(doc, article=article_for(text, published=TUE))
    assert [(text[d.start:d.end], d.value) for d in found] == [("Sunday", D(2022, 5, 15))]


@pytest.mark.model
def test_pipeline_with_and_without_publication_date(nlp):
    from detente.pipeline.coding import code_text

    text = "Russia rejected the plan on Sunday, a week after talks on April 9, 2022."
    dated = code_text(text, published="2022-05-17", nlp=nlp)
    assert [(d.text, d.value) for d in dated.dates] == [
        ("Sunday", D(2022, 5, 15)), ("April 9, 2022", D(2022, 4, 9))]
    undated = code_text(text, nlp=nlp)
    assert [(d.text, d.value) for d in undated.dates] == [
        ("Sunday", None), ("April 9, 2022", D(2022, 4, 9))]
