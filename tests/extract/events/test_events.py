"""Event coder: hand-built parses (no model), the pattern file loader, and a table of
sentences coded with the real model."""

from __future__ import annotations

import datetime as dt
import time
from functools import partial
from pathlib import Path

import pytest
from spacy.tokens import Doc

from _docs import VOCAB, article_for, parsed_doc
from detente.errors import LexiconError
from detente.extract.events.code import extract_events
from detente.lexicon.events import PLOVER_TYPES, load_event_lexicon
from detente.records import ActorRef, Article, DateRef, Mention, NoiseSpan

# every test article: id "t", published on 22 April 2022
_article = partial(article_for, id="t", published=dt.date(2022, 4, 22))


RUS = ActorRef(code="RUS GOV", country="RUS", sector="GOV")
UKR = ActorRef(code="UKR GOV", country="UKR", sector="GOV")


def _mention(doc: Doc, i: int, actor: ActorRef) -> Mention:
    tok = doc[i]
    return Mention(article_id="t", start=tok.idx, end=tok.idx + len(tok.text), text=tok.text,
                   label="GPE", actor=actor)


def _code(doc: Doc, mentions=(), dates=(), **kw):
    return extract_events(doc, article=_article(doc, **kw), mentions=list(mentions),
                          dates=list(dates), places=[], quotes=[])


REJECT_ROWS = [("Moscow", 1, "nsubj", "PROPN", "Moscow"), ("rejected", 1, "ROOT", "VERB", "reject"),
               ("the", 3, "det", "DET", "the"), ("plan", 1, "dobj", "NOUN", "plan"),
               ("of", 3, "prep", "ADP", "of"), ("Kyiv", 4, "pobj", "PROPN", "Kyiv"),
               (".", 1, "punct", "PUNCT", ".")]


def test_verb_event_from_hand_built_parse():
    doc = parsed_doc(REJECT_ROWS)
    events = _code(doc, mentions=[_mention(doc, 0, RUS), _mention(doc, 5, UKR)])
    assert len(events) == 1
    e = events[0]
    assert (e.plover_type, e.cameo, e.quad_class) == ("REJECT", "120", 3)
    assert e.goldstein == pytest.approx(-4.0)
    assert [a.code for a in e.source] == ["RUS GOV"]
    assert [a.code for a in e.target] == ["UKR GOV"]
    assert e.modality == "asserted"
    assert (e.date, e.date_basis) == (dt.date(2022, 4, 22), "article")
    assert doc.text[e.trigger_start:e.trigger_end] == "rejected"
    assert (e.start, e.end) == (0, len(doc.text.rstrip()))


def test_nominal_event_light_verb_and_dative():
    rows = [("Kyiv", 1, "nsubj", "PROPN", "Kyiv"), ("issued", 1, "ROOT", "VERB", "issue"),
            ("Moscow", 1, "dative", "PROPN", "Moscow"), ("an", 4, "det", "DET", "an"),
            ("ultimatum", 1, "dobj", "NOUN", "ultimatum"), (".", 1, "punct", "PUNCT", ".")]
    doc = parsed_doc(rows)
    events = _code(doc, mentions=[_mention(doc, 0, UKR), _mention(doc, 2, RUS)])
    assert [(e.plover_type, e.cameo, e.trigger) for e in events] == [("THREATEN", "139", "ultimatum")]
    assert events[0].source[0].country == "UKR" and events[0].target[0].country == "RUS"


def test_negation_flags_the_event():
    rows = [("Ukraine", 3, "nsubj", "PROPN", "Ukraine"), ("did", 3, "aux", "AUX", "do"),
            ("not", 3, "neg", "PART", "not"), ("receive", 3, "ROOT", "VERB", "receive"),
            ("the", 5, "det", "DET", "the"), ("proposal", 3, "dobj", "NOUN", "proposal"),
            (".", 3, "punct", "PUNCT", ".")]
    doc = parsed_doc(rows)
    events = _code(doc, mentions=[_mention(doc, 0, UKR)])
    assert len(events) == 1
    assert events[0].modality == "negated"
    assert events[0].target[0].country == "UKR"


def test_fallback_country_table_without_mentions():
    rows = [("Iranian", 1, "amod", "ADJ", "iranian"), ("officials", 2, "nsubj", "NOUN", "official"),
            ("condemned", 2, "ROOT", "VERB", "condemn"), ("the", 4, "det", "DET", "the"),
            ("decision", 2, "dobj", "NOUN", "decision"), (".", 2, "punct", "PUNCT", ".")]
    events = _code(parsed_doc(rows))
    assert [(e.plover_type, e.mode) for e in events] == [("ACCUSE", "disapprove")]
    assert events[0].source[0].code == "IRN GOV"


def test_no_actor_no_event():
    rows = [("The", 1, "det", "DET", "the"), ("club", 2, "nsubj", "NOUN", "club"),
            ("rejected", 2, "ROOT", "VERB", "reject"), ("the", 4, "det", "DET", "the"),
            ("offer", 2, "dobj", "NOUN", "offer"), (".", 2, "punct", "PUNCT", ".")]
    assert _code(parsed_doc(rows)) == []


def test_noise_spans_are_not_coded():
    doc = parsed_doc(REJECT_ROWS)
    noise = (NoiseSpan(start=0, end=len(doc.text), label="caption"),)
    assert _code(doc, mentions=[_mention(doc, 0, RUS)], noise=noise) == []


def test_sentence_date_beats_article_date():
    rows = REJECT_ROWS[:-1] + [("on", 1, "prep", "ADP", "on"), ("Friday", 6, "pobj", "PROPN", "Friday"),
                               (".", 1, "punct", "PUNCT", ".")]
    doc = parsed_doc(rows)
    fri = doc[7]
    date = DateRef(article_id="t", start=fri.idx, end=fri.idx + 6, text="Friday",
                   value=dt.date(2022, 4, 15))
    (e,) = _code(doc, mentions=[_mention(doc, 0, RUS)], dates=[date])
    assert (e.date, e.date_text, e.date_basis) == (dt.date(2022, 4, 15), "Friday", "sentence")


def test_all_caps_line_is_skipped():
    rows = [(w.upper(), h, d, p, lem) for w, h, d, p, lem in REJECT_ROWS]
    doc = parsed_doc(rows)
    assert _code(doc, mentions=[_mention(doc, 0, RUS)]) == []


def test_shipped_lexicon_is_consistent():
    lex = load_event_lexicon()
    assert lex.version
    for table in (lex.verbs, lex.nouns):
        for pats in table.values():
            for p in pats:
                assert p.plover_type in PLOVER_TYPES
                assert lex.cameo_info(p.cameo)[1] is not None, p
    assert "say" in lex.cue("reporting") and "say" not in lex.verbs


def test_bad_pattern_file_is_a_lexicon_error(tmp_path: Path):
    bad = tmp_path / "events.toml"
    bad.write_text('version = "x"\n[[verb]]\nlemmas = ["zap"]\ntype = "ZAP"\ncameo = "120"\n')
    with pytest.raises(LexiconError, match="unknown PLOVER type"):
        load_event_lexicon(path=bad)
    bad.write_text('[[verb]]\nlemmas = ["zap"]\n')
    with pytest.raises(LexiconError, match="version"):
        load_event_lexicon(path=bad)


# --------------------------------------------------------------- real model table
# (text, type, source country, target country, modality); None = not checked.
# Sentences written for these tests; they are not from any gold set.
CASES = [
    ("Chile rejected Peru's offer of mediation on Monday.", "REJECT", "CHL", "PER", "asserted"),
    ("Norway condemned the Iranian decision to expel the journalists.", "ACCUSE", "NOR", None, "asserted"),
    ("Kenya urged Somalia to release the detained aid workers.", "REQUEST", "KEN", "SOM", "asserted"),
    ("The Polish government called on Belarus to reopen the border crossing.", "REQUEST", "POL", "BLR", "asserted"),
    # aid announced with "will" is an intent to give aid: CAMEO 033, AGREE in PLOVER
    ("Japan will send emergency aid to the Philippines.", "AGREE", "JPN", "PHL", "intended"),
    ("Japan sent emergency aid to the Philippines.", "AID", "JPN", "PHL", "asserted"),
    ("Georgia launched a counteroffensive against Russian forces.", "ASSAULT", "GEO", "RUS", "asserted"),
    # a harm announced with "will" by its own actor threatens it (CAMEO 138)
    ("Serbia will attack Kosovo.", "THREATEN", "SRB", "XKX", "intended"),
    ("Greece has not received any proposal from Turkey.", "AGREE", "TUR", "GRC", "negated"),
    ("Egypt reportedly threatened Ethiopia over the dam.", "THREATEN", "EGY", "ETH", "reported"),
    ("Colombia could impose sanctions on Venezuela.", "SANCTION", "COL", "VEN", "hypothetical"),
    ("Serbian and Kosovar negotiators held talks in Brussels.", "CONSULT", "SRB", None, "asserted"),
    ("Indian troops shelled Pakistani positions along the border.", "ASSAULT", "IND", "PAK", "asserted"),
    ("Armenia accused Azerbaijan of violating the ceasefire.", "ACCUSE", "ARM", "AZE", "asserted"),
    ("Thai police arrested dozens of Cambodian workers.", "COERCE", "THA", "KHM", "asserted"),
    ("Sudan has agreed to withdraw its forces from the disputed area.", "AGREE", "SDN", None, "asserted"),
    ("Mali will not accept foreign troops on its soil, the minister said.", "REJECT", "MLI", None, None),
    ("Canada plans to deploy more warships to the Baltic.", "MOBILIZE", "CAN", None, "intended"),
    ("Mexico denied that its soldiers attacked Guatemalan farmers.", "ASSAULT", "MEX", "GTM", "denied"),
    ("Lebanon said Israel must withdraw from the border villages.", "REQUEST", "LBN", "ISR", None),
    ("Libya will expel the ambassadors unless Italy apologizes.", "THREATEN", "LBY", None, "conditional"),
    ("Georgian officials will meet their Russian counterparts next week.", "AGREE", "GEO", "RUS", "intended"),
    ("Chinese and Vietnamese diplomats signed a border treaty.", "SUPPORT", "CHN", None, "asserted"),
    # domestic and located participants, joint activity, negating verbs
    ("Turkish police dispersed the protesters in Ankara on Sunday.", "COERCE", "TUR", "TUR", "asserted"),
    ("Hundreds of people demonstrated in Caracas against the new tax.", "PROTEST", "VEN", "VEN", "asserted"),
    ("Greek and Italian warships held joint exercises in the Aegean.", "COOPERATE", "ITA", None, "asserted"),
    ("The Iraqi government avoided condemning the Turkish strikes.", "ACCUSE", "IRQ", "TUR", "negated"),
    ("Bosnian Croats rejected the proposal.", "REJECT", "BIH", None, "asserted"),
    ("Zambia will withdraw its peacekeepers unless the fighting stops.", "THREATEN", "ZMB", None, "conditional"),
    ("Armenian officials said their forces had completed the withdrawal from the valley.", "RETREAT", "ARM", None, "reported"),
    ("Morocco and Algeria will hold talks in Geneva next month.", "AGREE", "DZA", None, "intended"),
]


@pytest.mark.model
@pytest.mark.parametrize("text,ptype,source,target,modality", CASES)
def test_event_table(nlp, text, ptype, source, target, modality):
    from detente.pipeline.coding import code_text

    coded = code_text(text, published="2022-04-22", nlp=nlp)
    assert coded.events, f"no event coded in {text!r}"
    e = max(coded.events, key=lambda ev: ev.confidence)
    assert e.plover_type == ptype
    if source is not None:
        assert source in {a.country for a in e.source}
    if target is not None:
        assert target in {a.country for a in e.target}
    if modality is not None:
        assert e.modality == modality


NO_EVENT = [
    "The striker attacked the left flank all afternoon.",
    "The Danish minister vowed not to repeat the mistake.",
    "Whisk the eggs and fold in the flour.",
    "Oil prices rallied as stocks of crude fell.",
    "WEATHER: HEAVY SNOW IN THE NORTH, SUNSHINE IN THE SOUTH",
    "Temperatures | Monday 12 | Tuesday 14 | Wednesday 9 | Thursday 11",
]


@pytest.mark.model
@pytest.mark.parametrize("text", NO_EVENT)
def test_no_event_sentences(nlp, text):
    from detente.pipeline.coding import code_text

    assert code_text(text, nlp=nlp).events == ()


@pytest.mark.model
def test_long_and_odd_inputs_stay_linear(nlp):
    from detente.pipeline.coding import code_text

    clause = "Chile rejected the offer from Peru and Bolivia protested against Argentina"
    long_sent = ", while ".join([clause] * 30) + "."  # one ~400-token sentence
    t0 = time.perf_counter()
    coded = code_text(long_sent, nlp=nlp)
    assert time.perf_counter() - t0 < 20
    assert 0 < len(coded.events) <= 120
    table = "\n".join(" | ".join(f"cell {i}-{j}" for j in range(12)) for i in range(40))
    assert code_text(table, nlp=nlp).events == ()
    assert code_text("RUSSIA REJECTS UKRAINE PLAN " * 40, nlp=nlp).events == ()


def _model_events(nlp, text: str, *, date_words: dict[str, dt.date] | None = None):
    doc = nlp(text)
    art = Article(id="m", text=text, published=dt.date(2022, 5, 17))
    dates = []
    for word, value in (date_words or {}).items():
        i = text.index(word)
        dates.append(DateRef(article_id="m", start=i, end=i + len(word), text=word, value=value))
    return extract_events(doc, article=art, mentions=[], dates=dates, places=[], quotes=[])


@pytest.mark.model
def test_controlling_clause_date_and_amounts(nlp):
    events = _model_events(
        nlp, "On Sunday, Norway pledged to give Moldova military support worth $2 billion.",
        date_words={"Sunday": dt.date(2022, 5, 15)})
    (e,) = [ev for ev in events if ev.plover_type == "AID"]
    assert (e.date, e.date_basis, e.modality) == (dt.date(2022, 5, 15), "sentence", "intended")
    assert e.amounts == ("$2 billion",)
    assert {a.country for a in e.source} == {"NOR"} and {a.country for a in e.target} == {"MDA"}


@pytest.mark.model
def test_reported_clause_keeps_its_own_date(nlp):
    # "Friday" dates the statement, not the attack it reports: the attack was on or
    # before it (basis "report", an upper bound nearer than the publication date)
    events = _model_events(nlp, "Kenya said on Friday that Somali fighters had attacked the border post.",
                           date_words={"Friday": dt.date(2022, 5, 13)})
    (e,) = events
    assert e.plover_type == "ASSAULT" and e.modality == "reported"
    assert (e.date, e.date_basis, e.date_text) == (dt.date(2022, 5, 13), "report", "Friday")
    # a date of the act's own clause is still its date
    events = _model_events(
        nlp, "Kenya said on Friday that Somali fighters had attacked the border post on Monday.",
        date_words={"Friday": dt.date(2022, 5, 13), "Monday": dt.date(2022, 5, 9)})
    (e,) = events
    assert (e.date, e.date_basis) == (dt.date(2022, 5, 9), "sentence")


@pytest.mark.model
def test_an_announced_act_takes_the_announcements_date(nlp):
    events = _model_events(
        nlp, "Norway will send 50 tanks to Moldova, the government announced on "
             "Tuesday.", date_words={"Tuesday": dt.date(2022, 5, 10)})
    (e,) = [ev for ev in events if ev.plover_type == "AGREE"]
    assert (e.date, e.date_basis) == (dt.date(2022, 5, 10), "report")


@pytest.mark.model
def test_first_person_in_a_quote_is_the_speaker(nlp):
    from detente.records import Quote

    text = "\u201cWe rejected their offer of talks with Chile,\u201d the minister said."
    doc = nlp(text)
    art = Article(id="q", text=text, published=dt.date(2022, 5, 17))
    speaker = ActorRef(code="PER GOV", country="PER", sector="GOV", person="A. Minister")
    start, end = 1, text.index("\u201d")
    quote = Quote(article_id="q", id=f"q{start}", start=start, end=end, text=text[start:end],
                  cue_start=None, cue_end=None, cue="said", speaker_start=None,
                  speaker_end=None, speaker_text="the minister", speaker=speaker,
                  quote_type="direct")
    (e,) = extract_events(doc, article=art, mentions=[], dates=[], places=[], quotes=[quote])
    assert e.plover_type == "REJECT" and e.quote_id == f"q{start}"
    assert e.source == (speaker,) and e.modality == "reported"


MORE_CASES = [
    ("Pakistan recalled its ambassador from Kabul.", "SANCTION", "PAK", "AFG", "asserted"),
    ("Egypt hosted Israeli and Palestinian negotiators in Cairo.", "CONSULT", "EGY", "PSE", "asserted"),
    ("Venezuela expelled three American diplomats.", "SANCTION", "VEN", "USA", "asserted"),
    ("Iran denied supplying weapons to Russia.", "AID", "IRN", "RUS", "denied"),
    ("Serbia might recognize Kosovo next year.", "SUPPORT", "SRB", None, "hypothetical"),
    ("Nigerian troops were deployed to the border with Niger.", "MOBILIZE", "NGA", "NER", "asserted"),
    ("According to local media, Sudanese forces arrested three opposition leaders.", "COERCE", "SDN", "SDN", "reported"),
    ("Peru's foreign minister said Lima will never negotiate with the rebels.", "REJECT", "PER", None, "reported"),
    ("Russia presented a list of demands to Ukraine.", "REQUEST", "RUS", "UKR", "asserted"),
    # a definite event noun points back at the latest event of its type
    ("Norway made three demands of Sweden. Sweden rejected the demands on Monday.", "REJECT", "SWE", "NOR", "asserted"),
]


@pytest.mark.model
@pytest.mark.parametrize("text,ptype,source,target,modality", MORE_CASES)
def test_event_table_more(nlp, text, ptype, source, target, modality):
    test_event_table(nlp, text, ptype, source, target, modality)


def test_user_pattern_file_extends_the_coder(tmp_path: Path, monkeypatch):
    shipped = Path(load_event_lexicon.__code__.co_filename).parent / "events.toml"
    extra = '\n[[verb]]\nlemmas = ["snub"]\nobject = ["envoy"]\ntype = "SANCTION"\ncameo = "161"\n'
    (tmp_path / "events.toml").write_text(shipped.read_text(encoding="utf-8") + extra,
                                          encoding="utf-8")
    monkeypatch.setenv("DETENTE_LEXICON_DIR", str(tmp_path))
    lex = load_event_lexicon()
    assert lex.verbs["snub"][0].plover_type == "SANCTION"  # the more specific pattern
    rows = [("Kyiv", 1, "nsubj", "PROPN", "Kyiv"), ("snubbed", 1, "ROOT", "VERB", "snub"),
            ("the", 3, "det", "DET", "the"), ("envoy", 1, "dobj", "NOUN", "envoy"),
            ("of", 3, "prep", "ADP", "of"), ("Moscow", 4, "pobj", "PROPN", "Moscow"),
            (".", 1, "punct", "PUNCT", ".")]
    doc = parsed_doc(rows)
    (e,) = extract_events(doc, article=_article(doc), mentions=[], dates=[], places=[],
                          quotes=[], lexicon=lex)
    assert (e.plover_type, e.cameo) == ("SANCTION", "161")
    assert e.source[0].country == "UKR" and e.target[0].country == "RUS"


def test_empty_and_unparsed_docs():
    empty = Doc(VOCAB, words=[])
    assert _code(empty) == []
    unparsed = Doc(VOCAB, words=["Russia", "rejected", "it", "."])
    assert _code(unparsed) == []


@pytest.mark.model
def test_context_from_clause_words(nlp):
    events = _model_events(nlp, "Iran rejected the French proposal on uranium enrichment.")
    (e,) = events
    assert (e.plover_type, e.context) == ("REJECT", "cbrn")


@pytest.mark.model
def test_a_deadline_never_dates_the_act(nlp):
    # "by 2026" is when the promised spending is due, not when the ministers agree
    events = _model_events(nlp, "Finland's ministers agree to raise defence spending by 2026.",
                           date_words={"2026": dt.date(2026, 1, 1)})
    (e,) = [ev for ev in events if ev.plover_type == "AGREE"]
    assert (e.date, e.date_basis) == (dt.date(2022, 5, 17), "article")


@pytest.mark.model
def test_a_done_act_is_not_dated_after_publication(nlp):
    # a past-tense act cannot happen after the article appeared: the future year is its object's
    events = _model_events(nlp, "Estonia welcomed the alliance's 2027 plan for the Baltic states.",
                           date_words={"2027": dt.date(2027, 1, 1)})
    (e,) = events
    assert e.date_basis == "article" and e.date < dt.date(2027, 1, 1)


@pytest.mark.model
@pytest.mark.parametrize(("text", "cameo", "mode"), [
    ("Russia launched forty missiles at Ukrainian cities.", "194", "heavy-weapons"),
    ("The militia fired rockets at the northern towns of Chad.", "194", "heavy-weapons"),
    ("Chadian soldiers fired at the crowd.", "193", "firearms"),
])
def test_what_was_fired_sets_the_mode(nlp, text, cameo, mode):
    # rockets and missiles are artillery and missiles (194), not small arms (193)
    from detente.pipeline.coding import code_text

    events = [e for e in code_text(text, published="2022-04-22", nlp=nlp).events
              if e.plover_type == "ASSAULT"]
    assert events, text
    assert (events[0].cameo, events[0].mode) == (cameo, mode)


@pytest.mark.model
@pytest.mark.parametrize(("text", "source", "target"), [
    # a group noun said to be somewhere is that place's, even when the parse hangs the
    # place on the verb (it was the source's own: RUS GOV -> RUS GOV)
    ("The Russian foreign ministry accused the authorities in Kiev of sabotaging the talks.",
     ["RUS GOV"], ["UKR GOV"]),
    ("Moscow accused officials in Kyiv of sabotaging the talks.", ["RUS GOV"], ["UKR GOV"]),
    # an unnamed foreign minister is not of the country he accuses (was UKR GOV -> UKR GOV)
    ("The deputy foreign minister accused Kyiv of lying.", [], ["UKR GOV"]),
])
def test_where_a_group_is_and_whom_a_foreign_minister_serves(nlp, text, source, target):
    from detente.pipeline.coding import code_article, make_article

    coded = code_article(make_article(text, published="2022-05-01"), nlp=nlp)
    (e,) = [ev for ev in coded.events if ev.plover_type == "ACCUSE"]
    assert [a.code for a in e.source] == source and [a.code for a in e.target] == target


@pytest.mark.model
@pytest.mark.parametrize(("text", "expected"), [
    # blocking sanctions is a veto (REJECT 129) aimed at their author; the sanctions
    # were coded as imposed
    ("Hungary blocked new EU sanctions against Russia.", [("REJECT", ["HUN"], ["EU"])]),
    # a present participle on a named noun is that noun's act: the resolution condemns,
    # not the country that blocked it; an unnamed letter is its sender's
    ("China blocked a UN resolution condemning the attack.",
     [("REJECT", ["CHN"], ["UN"]), ("ACCUSE", ["UN"], [])]),
    ("Russia sent a letter demanding that Ukraine stop its attacks.",
     [("REQUEST", ["RUS"], ["UKR"])]),
])
def test_blocked_acts_and_the_subject_of_a_participle(nlp, text, expected):
    from detente.pipeline.coding import code_article, make_article

    coded = code_article(make_article(text, published="2022-05-01"), nlp=nlp)
    got = [(e.plover_type, [a.code for a in e.source], [a.code for a in e.target])
           for e in coded.events]
    assert got == expected


@pytest.mark.model
def test_they_after_coordinated_nationalities_is_both_parties(nlp):
    # "Russian and Ukrainian negotiators": each adjective is a mention, the negotiators
    # the group; "they" in the next sentence is both (it was no one)
    from detente.pipeline.coding import code_article, make_article

    text = ("Russian and Ukrainian negotiators met in Istanbul. They agreed on a prisoner "
            "exchange.")
    coded = code_article(make_article(text, published="2022-05-01"), nlp=nlp)
    (agree,) = [e for e in coded.events if e.plover_type == "AGREE"]
    assert sorted(a.code for a in agree.source) == ["RUS GOV", "UKR GOV"]
