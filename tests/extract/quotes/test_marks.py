"""Quote marks and what they open: two-apostrophe marks, single-mark headline quotes
after a colon, quotations after "according to X," and speaker labels (transcripts)."""

from __future__ import annotations

import datetime as dt
from functools import partial

import pytest

from _docs import model_quotes
from detente.extract.quotes.marks import scan_label_singles, scan_quotes

_quotes = partial(model_quotes, published=dt.date(2022, 5, 17))


def test_two_apostrophes_make_a_double_mark() -> None:
    text = "The mayor said, ''We will rebuild the bridge,'' and left."
    spans = scan_quotes(text)
    assert [(q.text, q.closed) for q in spans] == [("We will rebuild the bridge,", True)]
    q = spans[0]
    assert text[q.open_at : q.open_at + 2] == "''"
    assert q.close_end is not None and text[q.close_at : q.close_end] == "''"


def test_three_apostrophes_close_a_nested_single_quote() -> None:
    text = "She added: ''Nobody should shout, 'Enemies everywhere.''' Then she sat down."
    spans = scan_quotes(text)
    assert [q.text for q in spans] == ["Nobody should shout, 'Enemies everywhere.'"]


def test_possessive_apostrophe_is_not_a_mark() -> None:
    # One apostrophe (a plural possessive) never opens a quotation.
    assert scan_quotes("The farmers' union met the ministers' envoy.") == []


def test_two_apostrophe_quotation_over_paragraphs() -> None:
    text = "''The first part.\n\n''The second part,'' he said."
    spans = scan_quotes(text)
    assert len(spans) == 1 and spans[0].closed
    assert len(spans[0].pieces) == 2


def test_single_marks_after_a_colon_ending_the_line() -> None:
    text = ("Mayor: ‘We Won’t Move the Market’\n"
            "The port's future: 'not settled' by anyone.\n"
            "Envoy: 'Talks resume on Monday.'\n")
    got = [q.text for q in scan_label_singles(text)]
    # The middle line goes on after its closing mark: no quotation there.
    assert got == ["We Won’t Move the Market", "Talks resume on Monday."]


def test_label_single_needs_a_capital() -> None:
    assert scan_label_singles("Note: 'tis the season'\n") == []


@pytest.mark.model
def test_two_apostrophe_quote_takes_its_cue(nlp) -> None:
    quotes = _quotes(nlp, "''The harbor stays closed until spring,'' Governor Alma Reyes said.")
    assert [(q.quote_type, q.speaker_text) for q in quotes] == [("direct", "Governor Alma Reyes")]
    assert quotes[0].text == "The harbor stays closed until spring"


@pytest.mark.model
def test_speaker_never_inside_the_quotation(nlp) -> None:
    text = ("The dispute flared after Senator Oren Malik, asked about the tariffs, had said, "
            "''I think our farmers pay for all of it.''")
    for q in _quotes(nlp, text):
        if q.quote_type == "direct":
            assert q.speaker_start is None or q.speaker_start < text.index("''")


@pytest.mark.model
def test_headline_single_quote_after_name(nlp) -> None:
    text = "Reyes: 'We Will Not Sign This Deal.'\n\nThe governor spoke in Lisbon on Monday."
    quotes = [q for q in _quotes(nlp, text) if q.quote_type == "direct"]
    assert [(q.text, q.speaker_text) for q in quotes] == [("We Will Not Sign This Deal.", "Reyes")]


@pytest.mark.model
def test_according_to_before_a_quotation(nlp) -> None:
    text = ("The ministry published its figures on Monday.\n\n"
            "According to the ministry, “The convoy reached the city before dawn and unloaded.”")
    quotes = [q for q in _quotes(nlp, text) if q.quote_type == "direct"]
    assert len(quotes) == 1
    assert quotes[0].cue == "according to" and quotes[0].speaker_text == "the ministry"


@pytest.mark.model
def test_transcript_speaker_label(nlp) -> None:
    text = ("The hearing went on for hours.\n\n"
            "Rep. Dana Ortiz (D-N.M.):\n\n"
            "“Who told you that the shipments had stopped in March?”\n\n"
            "Former envoy Paul Brandt: “Nobody told me, I read it in the cables.”")
    quotes = [q for q in _quotes(nlp, text) if q.quote_type == "direct"]
    assert [q.speaker_text for q in quotes] == ["Rep. Dana Ortiz (D-N.M.)", "Former envoy Paul Brandt"]


@pytest.mark.model
def test_according_to_after_a_quotation(nlp) -> None:
    text = ("“The evidence cannot support a prosecution,” according to a memo filed by "
            "prosecutor Lena Voss.")
    quotes = [q for q in _quotes(nlp, text) if q.quote_type == "direct"]
    assert len(quotes) == 1 and quotes[0].cue == "according to"
    assert quotes[0].speaker_text is not None and "memo" in quotes[0].speaker_text


@pytest.mark.model
def test_no_day_of_the_week_speaks(nlp) -> None:
    text = "“Talks will go on,” Wednesday said the envoy in a short note.\n\nNothing else."
    for q in _quotes(nlp, text):
        assert q.speaker_text != "Wednesday"


# The scanner jumps between the characters it acts on (_STOPS); these spans are what the
# character-by-character scanner found (main at 7f60d6d), kept as the reference.
@pytest.mark.parametrize(("text", "spans"), [
    ('He said "we agree" today.\n\n"Another," she said, "and more\n\n"continued here," he added.',
     [(9, 17, True, ((9, 17),)), (28, 36, True, ((28, 36),)),
      (49, 75, True, ((49, 57), (60, 75)))]),
    ("''We agree,'' he said. ''It's 'fine''' she said.\n“Curly ‘nested’ one” and «guillemets».",
     [(2, 11, True, ((2, 11),)), (25, 36, True, ((25, 36),)), (50, 68, True, ((50, 68),)),
      (75, 85, True, ((75, 85),))]),
    ('Stray ” mark and "unclosed quote\nnext line “open “again” end',
     [(18, 32, False, ((18, 32),)), (44, 48, False, ((44, 48),)), (50, 55, True, ((50, 55),))]),
    ("No marks at all, only words (and brackets) - and a line\nbreak.", []),
])
def test_scanner_spans_unchanged(text: str, spans: list[tuple[object, ...]]) -> None:
    assert [(q.start, q.end, q.closed, q.pieces) for q in scan_quotes(text)] == spans


def test_stops_cover_every_character_the_scanner_reads() -> None:
    from detente.extract.quotes.marks import _ALL, _STOPS

    for ch in (*_ALL, "'", "\n"):
        assert _STOPS.fullmatch(ch), ch
    assert _STOPS.search("plain words: (a) - b, c.") is None


def test_scan_results_belong_to_the_caller() -> None:
    # the last texts' quotations are kept: a caller changing its list changes no other's
    text = 'He said "we agree" today.'
    first = scan_quotes(text)
    first.clear()
    assert [q.text for q in scan_quotes(text)] == ["we agree"]
