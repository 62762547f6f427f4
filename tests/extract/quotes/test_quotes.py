"""Quote attribution: the mark scanner, hand-built parses (no model), the cue lexicon, a
table of texts coded with the real model, and bad input that must never raise."""

from __future__ import annotations

import datetime as dt
import time
from functools import partial

import pytest
from spacy.tokens import Doc

from _docs import VOCAB, article_for, parsed_doc
from detente.errors import LexiconError
from detente.extract.quotes.find import claims_from_quotes, extract_quotes
from detente.extract.quotes.marks import scan_quotes
from detente.lexicon.cues import load_cues
from detente.records import ActorRef, Article, Mention

# every test article: id "t", published on 22 April 2022
_article = partial(article_for, id="t", published=dt.date(2022, 4, 22))


LAVROV = ActorRef(code="RUS GOV", country="RUS", sector="GOV", person="Sergei Lavrov")


def _mention(doc: Doc, i: int, j: int, actor: ActorRef, label: str = "PERSON") -> Mention:
    span = doc[i:j]
    return Mention(article_id="t", start=span.start_char, end=span.end_char, text=span.text,
                   label=label, actor=actor)


# --- the mark scanner -----------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('He said "we agree" today.', [("we agree", True)]),
        ("He said “we agree” today.", [("we agree", True)]),
        ("“One,” he said. “Two.”", [("One,", True), ("Two.", True)]),
        # A quotation over two paragraphs: the opening mark repeats, one closing mark.
        ("“First part.\n\n“Second part,” she said.", [("First part.\n\n“Second part,", True)]),
        # Never closed: ends at the paragraph.
        ("He said “we agree and left.\n\nNext paragraph.", [("we agree and left.", False)]),
        # Marks with spaces on both sides open nothing; the last one is never closed.
        ('Odd " marks " everywhere and "more', [("more", False)]),
        ("", []),
        ("No marks at all.", []),
    ],
)
def test_scan_quotes(text: str, expected: list[tuple[str, bool]]) -> None:
    spans = scan_quotes(text)
    assert [(s.text, s.closed) for s in spans] == expected
    for s in spans:
        assert text[s.start : s.end] == s.text


def test_scan_quotes_is_linear_on_huge_input() -> None:
    body = "word " * 5000
    text = "“" + body + "\n\n“" + body + "” he said. " + '"' * 3001
    t0 = time.perf_counter()
    spans = scan_quotes(text * 10)
    assert time.perf_counter() - t0 < 1.0
    assert spans


# --- hand-built parses ----------------------------------------------------------------

# Lavrov said Russia will not tolerate ultimatums .
INDIRECT = [("Lavrov", 1, "nsubj", "PROPN", "Lavrov"), ("said", 1, "ROOT", "VERB", "say"),
            ("Russia", 5, "nsubj", "PROPN", "Russia"), ("will", 5, "aux", "AUX", "will"),
            ("not", 5, "neg", "PART", "not"), ("tolerate", 1, "ccomp", "VERB", "tolerate"),
            ("ultimatums", 5, "dobj", "NOUN", "ultimatum"), (".", 1, "punct", "PUNCT", ".")]


def test_indirect_quote_from_hand_built_parse() -> None:
    doc = parsed_doc(INDIRECT)
    art = _article(doc)
    quotes = extract_quotes(doc, article=art, mentions=[_mention(doc, 0, 1, LAVROV)])
    assert len(quotes) == 1
    q = quotes[0]
    assert q.quote_type == "indirect"
    assert q.text == "Russia will not tolerate ultimatums"
    assert art.text[q.start : q.end] == q.text
    assert (q.cue, q.speaker_text, q.speaker) == ("said", "Lavrov", LAVROV)
    assert q.id == f"q{q.start}"
    [claim] = claims_from_quotes(quotes, doc=doc, article=art, dates=[])
    assert claim.polarity == -1
    assert "not" not in claim.proposition.split()
    assert claim.proposition.startswith("russia will tolerate")
    assert "ultimatum" in claim.keywords
    assert claim.speaker == LAVROV and claim.date == dt.date(2022, 4, 22)
    assert not claim.denial


# “ We agree , ” he said .   then   Lavrov said ...   (pronoun resolved by the mention
# only when the mention says so; here the mention of "he" is a coreference to Lavrov)
DIRECT = [("“", 2, "punct", "PUNCT", "“"), ("We", 2, "nsubj", "PRON", "we"),
          ("agree", 6, "ccomp", "VERB", "agree"), (",", 6, "punct", "PUNCT", ","),
          ("”", 6, "punct", "PUNCT", "”"), ("he", 6, "nsubj", "PRON", "he"),
          ("said", 6, "ROOT", "VERB", "say"), (".", 6, "punct", "PUNCT", ".")]
DIRECT_SPACES = [False, True, False, False, True, True, False, False]


def test_direct_quote_with_pronoun_speaker() -> None:
    doc = parsed_doc(DIRECT, spaces=DIRECT_SPACES)
    assert doc.text == "“We agree,” he said."
    he = Mention(article_id="t", start=12, end=14, text="he", label="PRON", actor=LAVROV,
                 how="coref", antecedent_start=0)
    quotes = extract_quotes(doc, article=_article(doc), mentions=[he])
    assert len(quotes) == 1
    q = quotes[0]
    assert (q.quote_type, q.text, q.cue, q.speaker_text) == ("direct", "We agree", "said", "he")
    assert q.speaker == LAVROV


def test_denial_from_cue_and_content() -> None:
    # Kyiv denied it received the proposal .
    rows = [("Kyiv", 1, "nsubj", "PROPN", "Kyiv"), ("denied", 1, "ROOT", "VERB", "deny"),
            ("it", 3, "nsubj", "PRON", "it"), ("received", 1, "ccomp", "VERB", "receive"),
            ("the", 5, "det", "DET", "the"), ("proposal", 3, "dobj", "NOUN", "proposal"),
            (".", 1, "punct", "PUNCT", ".")]
    doc = parsed_doc(rows)
    ukr = ActorRef(code="UKR GOV", country="UKR", sector="GOV")
    quotes = extract_quotes(doc, article=_article(doc), mentions=[_mention(doc, 0, 1, ukr, "GPE")])
    [claim] = claims_from_quotes(quotes, doc=doc, article=_article(doc), dates=[])
    assert claim.denial and claim.polarity == 1
    assert claim.speaker == ukr


def test_empty_doc_gives_nothing() -> None:
    doc = Doc(VOCAB, words=[])
    assert extract_quotes(doc, article=_article(doc), mentions=[]) == []


# --- the lexicon ----------------------------------------------------------------------

def test_cue_lexicon_loads_and_is_versioned() -> None:
    lex = load_cues()
    assert lex.version
    assert {"say", "claim", "insist", "warn", "refute", "report", "add", "note", "stress"} <= lex.speech
    assert ("according", "to") in lex.according
    assert "refute" in lex.denial


def test_cue_lexicon_rejects_malformed_file(tmp_path) -> None:
    bad = tmp_path / "cues.toml"
    bad.write_text('version = "x"\nspeech = "say"\n', encoding="utf-8")
    with pytest.raises(LexiconError, match="speech"):
        load_cues(str(bad))
    nover = tmp_path / "nover.toml"
    nover.write_text('speech = ["say"]\n', encoding="utf-8")
    with pytest.raises(LexiconError, match="version"):
        load_cues(str(nover))


# --- the real model: a table of texts -------------------------------------------------

# (text, [(speaker text, quote type, content begins, via)])
TABLE = [
    ("“We have not received anything,” Zelenskyy said on Friday.",
     [("Zelenskyy", "direct", "We have not received", ())]),
    ("Rudenko said the talks had stopped, according to Interfax.",
     [("Rudenko", "indirect", "the talks had stopped", ("Interfax",))]),
    ("According to the Times, Kallas has said the West must push for a defeat of Russia.",
     [("Kallas", "indirect", "the West must push", ("the Times",))]),
    ("The Guardian reported that Peskov said the offer had expired.",
     [("Peskov", "indirect", "the offer had expired", ("The Guardian",))]),
    ("Johnson said that he “urged” Ukraine not to sign anything.",
     [("Johnson", "mixed", "he “urged” Ukraine", ())]),
    ("The minister refuted these claims and said no offer had ever arrived.",
     [("The minister", "indirect", "no offer had ever arrived", ())]),
    ("A negotiator responded to the remarks by saying Moscow was spreading “fakes and lies.”",
     [("A negotiator", "mixed", "Moscow was spreading", ())]),
    ("Kuleba spoke to reporters in Kyiv on Monday.\n\n"
     "“Our position is getting tougher,” he said. “We will not give up our land.”",
     [("he", "direct", "Our position is getting", ()), ("he", "direct", "We will not give", ())]),
    ("Scholz warned that the war could last for years.",
     [("Scholz", "indirect", "the war could last", ())]),
    ("The ministry said the plan was a form of “denazification” of the region.",
     [("The ministry", "mixed", "the plan was a form", ())]),
    # A headline quote: a name and a colon.
    ("Zelenskyy: “We will not give up our land”\n\nThe talks stalled on Monday.",
     [("Zelenskyy", "direct", "We will not give up", ())]),
    # An act, not speech: no quote.
    ("Kyiv rejected the offer on Monday.", []),
    ("Peskov said the offer had expired, and added that “nothing more will be offered.”",
     [("Peskov", "indirect", "the offer had expired", ()),
      ("Peskov", "mixed", "nothing more will be offered", ())]),
    # An unclosed mark: the quotation is cut at its sentence, before the cue.
    ("“We will win this war, Kuleba said on Monday.\n\nThe talks stalled.",
     [("Kuleba", "direct", "We will win this war", ())]),
]


@pytest.mark.model
@pytest.mark.parametrize(("text", "expected"), TABLE, ids=[t[0][:30] for t in TABLE])
def test_quote_table(nlp, text: str, expected) -> None:
    doc = nlp(text)
    art = Article(id="t", text=text, published=dt.date(2022, 5, 17))
    quotes = extract_quotes(doc, article=art, mentions=[])
    got = [(q.speaker_text, q.quote_type, q.via) for q in quotes]
    for speaker, kind, begins, via in expected:
        hits = [q for q in quotes if q.text.startswith(begins)]
        assert hits, (begins, [q.text for q in quotes])
        q = hits[0]
        assert (q.speaker_text, q.quote_type, q.via) == (speaker, kind, via), got
        assert text[q.start : q.end] == q.text
    assert len(quotes) == len(expected), [q.text for q in quotes]


@pytest.mark.model
def test_pronoun_takes_the_latest_named_speaker(nlp) -> None:
    text = ("Foreign Minister Sergei Lavrov claimed that the proposal was unanswered.\n\n"
            "“We were negotiating,” he said.")
    quotes = extract_quotes(nlp(text), article=Article(id="t", text=text), mentions=[])
    assert [q.quote_type for q in quotes] == ["indirect", "direct"]
    assert quotes[1].speaker is not None and quotes[1].speaker.person == "Sergei Lavrov"


@pytest.mark.model
def test_scare_quotes_alone_are_not_quotes(nlp) -> None:
    text = ("Russia's list included demilitarization, “denazification” and a pledge of neutrality. "
            "Kyiv had issued an “ultimatum” over the south.")
    assert extract_quotes(nlp(text), article=Article(id="t", text=text), mentions=[]) == []


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "“" * 7 + " odd marks “ everywhere ” ” “",
        "He said “this never ends\n\n“and goes on\n\n“and on",
        "“" + "peace talks are over " * 1000 + "”, he said.",
        "“The “inner” quote “nests” here,” she said “and again.",
        "“Nobody said anything at all.”",
        "\n\n\n“\n\n”\n\n",
        "said said said “ ” according to",
    ],
    ids=["odd", "unclosed-paragraphs", "5000-words", "nested", "no-speaker", "blank", "cues-only"],
)
def test_bad_input_never_raises(nlp, text: str) -> None:
    doc = nlp(text)
    art = Article(id="t", text=text)
    quotes = extract_quotes(doc, article=art, mentions=[])
    for q in quotes:
        assert 0 <= q.start <= q.end <= len(text)
        assert text[q.start : q.end] == q.text
    claims = claims_from_quotes(quotes, doc=doc, article=art, dates=[])
    assert len(claims) == len(quotes)


@pytest.mark.model
def test_cost_grows_linearly(nlp) -> None:
    para = ("“We will keep talking to everyone,” the minister said on Monday. Lavrov claimed "
            "that the proposal had gone unanswered, according to Interfax.\n\n")
    small, big = nlp(para * 25), nlp(para * 200)

    def cost(doc) -> float:
        art = Article(id="t", text=doc.text)
        t0 = time.perf_counter()
        quotes = extract_quotes(doc, article=art, mentions=[])
        claims_from_quotes(quotes, doc=doc, article=art, dates=[])
        return time.perf_counter() - t0

    cost(small)  # warm caches
    t_small = min(cost(small) for _ in range(3))
    t_big = min(cost(big) for _ in range(3))
    assert len(extract_quotes(big, article=Article(id="t", text=big.text), mentions=[])) >= 400
    # 8x the text: allow generous noise, but not quadratic growth (64x).
    assert t_big < 20 * t_small + 0.05, (t_small, t_big)


@pytest.mark.model
@pytest.mark.parametrize(("text", "content", "speaker"), [
    ("The ceasefire was broken twice overnight, according to the defence ministry.",
     "The ceasefire was broken twice overnight", "the defence ministry"),
    ("More than 5,000 people marched through the capital on Sunday, according to the "
     "organisers (CCW).", "More than 5,000 people marched through the capital on Sunday",
     "the organisers"),
    ("According to the police, more than 5,000 people marched through the capital.",
     "more than 5,000 people marched through the capital", "the police"),
    # a demonstrative stands for what was said before: it is the content (the phrase
    # once swallowed the whole sentence; then nothing was left of it)
    ("Turnout was the highest in a decade. That's according to a count by the "
     "election board.", "That", "a count"),
    ("Prices rose by a third. This is according to figures from the statistics office.",
     "This", "figures"),
    # a name is never cut at its preposition
    ("According to the Institute for the Study of War, Russian forces made gains near "
     "the town.", "Russian forces made gains near the town",
     "the Institute for the Study of War"),
])
def test_according_to_content_stops_at_the_phrase(nlp, text: str, content: str,
                                                  speaker: str) -> None:
    # The phrase is the attribution, not what was said: it stays out of the content
    # whether it comes first or last (it ran to the sentence's end when it came last).
    quotes = extract_quotes(nlp(text), article=Article(id="t", text=text), mentions=[])
    assert [(q.text, q.cue) for q in quotes] == [(content, "according to")]
    assert quotes[0].speaker_text.startswith(speaker)
