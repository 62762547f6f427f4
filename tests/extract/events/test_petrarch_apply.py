"""How a user's PETRARCH-format dictionaries are applied by the event coder
(``DETENTE_LEXICON_DIR``): reciprocal codes, agents combined with dictionary actors,
coordinated actors, and which verb file decides. Hand-built parses and dictionary
lines of our own."""

from __future__ import annotations

import datetime as dt

import pytest

from _docs import parsed_doc
from detente.extract.events.code import extract_events
from detente.records import ActorRef, Article, Mention


@pytest.fixture
def userdir(tmp_path, monkeypatch):
    """A lexicon folder for the user's PETRARCH files (caches cleared after)."""
    from detente.lexicon import petrarch_actors

    monkeypatch.setenv("DETENTE_LEXICON_DIR", str(tmp_path))
    yield tmp_path
    petrarch_actors._load_extra.cache_clear()


def _code(doc, actors: dict[int, ActorRef] | None = None):
    mentions = [Mention(article_id="t", start=doc[i].idx, end=doc[i].idx + len(doc[i].text),
                        text=doc[i].text, label="GPE", actor=a)
                for i, a in (actors or {}).items()]
    art = Article(id="t", text=doc.text, published=dt.date(2010, 1, 1))
    return extract_events(doc, article=art, mentions=mentions, dates=[], places=[], quotes=[])


def _triples(events):
    return sorted((e.cameo, " ".join(a.code for a in e.source),
                   " ".join(a.code for a in e.target)) for e in events)


FRA = ActorRef(code="FRA", country="FRA")
DEU = ActorRef(code="DEU", country="DEU")

# "France zorped Germany."
ZORPED = [("France", 1, "nsubj", "PROPN", "France"), ("zorped", 1, "ROOT", "VERB", "zorp"),
          ("Germany", 1, "dobj", "PROPN", "Germany"), (".", 1, "punct", "PUNCT", ".")]


def test_reciprocal_code_codes_both_directions(userdir):
    """``[X:Y]``: X from source to target, and Y from target to source (a visit made
    and a visit hosted)."""
    (userdir / "mine.verbs.txt").write_text("---  ZORP   [---]  ---\nZORP  [042:043]\n")
    events = _code(parsed_doc(ZORPED), {0: FRA, 2: DEU})
    assert _triples(events) == [("042", "FRA", "DEU"), ("043", "DEU", "FRA")]
    host = [e for e in events if e.cameo == "043"][0]
    assert host.plover_type == "CONSULT" and host.source_text == "Germany"
    assert host.id != [e for e in events if e.cameo == "042"][0].id


def test_reciprocal_code_on_a_pattern(userdir):
    (userdir / "mine.verbs.txt").write_text(
        "---  ZORP   [---]  ---\nZORP\n- * GERMANY  [036:036]\n")
    assert _triples(_code(parsed_doc(ZORPED), {0: FRA, 2: DEU})) == [
        ("036", "DEU", "FRA"), ("036", "FRA", "DEU")]


ACTORS = "ZORPLAND_ [ZRP]\nGLIBLAND_ [GLB]\nQUUXIA_ [QUX]\nFLORBIA_ [FLB]\n"
AGENTS = "SOLDIER [~MIL]\nAMBASSADOR [~GOV]\nPOLICE {} [~COP]\nLAWMAKER [~LEG]\n"


def _user_files(d, verbs="---  ZORP   [173]  ---\nZORP\n"):
    (d / "mine.verbs.txt").write_text(verbs)
    (d / "mine.actors.txt").write_text(ACTORS)
    (d / "mine.agents.txt").write_text(AGENTS)


def test_agent_noun_gives_the_dictionary_actor_its_sector(userdir):
    """PETRARCH codes an actor with the agent its name modifies: "soldiers from X" is
    X's military, "X police" its police (the actor stage marked neither name)."""
    _user_files(userdir)
    # "Soldiers from Zorpland zorped Glibland police."
    rows = [("Soldiers", 3, "nsubj", "NOUN", "soldier"), ("from", 0, "prep", "ADP", "from"),
            ("Zorpland", 1, "pobj", "PROPN", "Zorpland"), ("zorped", 3, "ROOT", "VERB", "zorp"),
            ("Glibland", 5, "compound", "PROPN", "Glibland"),
            ("police", 3, "dobj", "NOUN", "police"), (".", 3, "punct", "PUNCT", ".")]
    assert _triples(_code(parsed_doc(rows))) == [("173", "ZRP MIL", "GLB COP")]


def test_coordinated_dictionary_names_are_each_an_actor(userdir):
    """"The ambassadors of X, Y and Z": three actors, each with the agent's sector."""
    _user_files(userdir)
    rows = [("The", 1, "det", "DET", "the"), ("ambassadors", 8, "nsubj", "NOUN", "ambassador"),
            ("of", 1, "prep", "ADP", "of"), ("Zorpland", 2, "pobj", "PROPN", "Zorpland"),
            (",", 3, "punct", "PUNCT", ","), ("Quuxia", 3, "conj", "PROPN", "Quuxia"),
            ("and", 5, "cc", "CCONJ", "and"), ("Florbia", 5, "conj", "PROPN", "Florbia"),
            ("zorped", 8, "ROOT", "VERB", "zorp"), ("Glibland", 8, "dobj", "PROPN", "Glibland"),
            (".", 8, "punct", "PUNCT", ".")]
    assert _triples(_code(parsed_doc(rows))) == [("173", "ZRP GOV QUX GOV FLB GOV", "GLB")]


def test_multi_word_verb_line_and_regular_forms(userdir):
    """"+CORDON_OFF {+CORDONED_OFF}" in a verb block is a verb (PETRARCH's compound
    verbs), and a verb is found by its regular forms when the tagger's lemma is odd
    ("cordoned" -> "cordone")."""
    _user_files(userdir, verbs="---  EXCLUDE  [1721]  ---\nEXCLUDE\n"
                               "+CORDON_OFF {+CORDONED_OFF +CORDONING_OFF}\n")
    rows = [("Zorpland", 1, "nsubj", "PROPN", "Zorpland"), ("cordoned", 1, "ROOT", "VERB", "cordone"),
            ("off", 1, "prt", "ADP", "off"), ("Glibland", 1, "dobj", "PROPN", "Glibland"),
            (".", 1, "punct", "PUNCT", ".")]
    assert _triples(_code(parsed_doc(rows))) == [("1721", "ZRP", "GLB")]
    # without its particle it is not that verb
    rows2 = [r for r in rows if r[0] != "off"]
    rows2 = [(w, h - (1 if h > 1 else 0), d, p, lem) for w, h, d, p, lem in rows2]
    assert _code(parsed_doc(rows2)) == []


def test_users_verb_file_decides_before_the_projects_patterns(userdir):
    """A verb the user's ``*.verbs.txt`` lists is coded by it, even where the
    project's own ``events.toml`` has patterns for it ("restore ties" is the project's
    050; the user's file says 064)."""
    from detente.lexicon.events import load_event_lexicon

    lex = load_event_lexicon()
    assert "restore" in lex.verbs
    _user_files(userdir, verbs="---  RESTORE  [---]  ---\nRESTORE\n- * TIES  [064]\n")
    rows = [("Zorpland", 1, "nsubj", "PROPN", "Zorpland"), ("restored", 1, "ROOT", "VERB", "restore"),
            ("ties", 1, "dobj", "NOUN", "tie"), ("with", 2, "prep", "ADP", "with"),
            ("Glibland", 3, "pobj", "PROPN", "Glibland"), (".", 1, "punct", "PUNCT", ".")]
    assert _triples(_code(parsed_doc(rows))) == [("064", "ZRP", "GLB")]


def test_shipped_cameo_file_codes_no_reciprocal_halves(monkeypatch):
    """The shipped CAMEO file's ``[X:Y]`` halves stay uncoded (on news they mirrored
    wrong events); only a user's own verb files generate them."""
    from detente.lexicon.events import load_event_lexicon

    monkeypatch.delenv("DETENTE_LEXICON_DIR", raising=False)
    pats = [p for ps in load_event_lexicon().petrarch.values() for p in ps]
    assert any(p.recip for p in pats)
    assert all(p.recip_event is None and not p.user for p in pats)


def test_target_from_the_verbs_own_prepositional_phrase(userdir):
    """A user's pattern takes PETRARCH's target when the coder's rules find none: the
    first actor among the verb's objects and prepositional objects ("zorped off the
    roads leading into Glibland")."""
    _user_files(userdir)
    rows = [("Zorpland", 1, "nsubj", "PROPN", "Zorpland"), ("zorped", 1, "ROOT", "VERB", "zorp"),
            ("off", 1, "prep", "ADP", "off"), ("the", 4, "det", "DET", "the"),
            ("roads", 2, "pobj", "NOUN", "road"), ("leading", 4, "acl", "VERB", "lead"),
            ("into", 5, "prep", "ADP", "into"), ("Glibland", 6, "pobj", "PROPN", "Glibland"),
            (".", 1, "punct", "PUNCT", ".")]
    assert _triples(_code(parsed_doc(rows))) == [("173", "ZRP", "GLB")]


def test_compound_pattern_codes_every_pair_of_the_subject(userdir):
    """"- % * TIES": a compound subject whose members act on each other ("Zorpland and
    Glibland restored ties"): one event each way; without a compound subject the
    pattern does not match."""
    _user_files(userdir, verbs="---  RESTORE  [---]  ---\nRESTORE\n- % * TIES  [064]\n")
    rows = [("Zorpland", 3, "nsubj", "PROPN", "Zorpland"), ("and", 0, "cc", "CCONJ", "and"),
            ("Glibland", 0, "conj", "PROPN", "Glibland"), ("restored", 3, "ROOT", "VERB", "restore"),
            ("ties", 3, "dobj", "NOUN", "tie"), (".", 3, "punct", "PUNCT", ".")]
    assert _triples(_code(parsed_doc(rows))) == [("064", "GLB", "ZRP"), ("064", "ZRP", "GLB")]
    alone = [("Zorpland", 1, "nsubj", "PROPN", "Zorpland"), ("restored", 1, "ROOT", "VERB", "restore"),
             ("ties", 1, "dobj", "NOUN", "tie"), ("with", 2, "prep", "ADP", "with"),
             ("Glibland", 3, "pobj", "PROPN", "Glibland"), (".", 1, "punct", "PUNCT", ".")]
    assert _code(parsed_doc(alone)) == []


def test_users_discards_file_replaces_the_shipped_list(userdir, monkeypatch):
    """The shipped Phoenix discards veto every year 1914-1990; a user's own discards
    file is the one list in use (as in a PETRARCH configuration)."""
    rows = [("Zorpland", 1, "nsubj", "PROPN", "Zorpland"), ("zorped", 1, "ROOT", "VERB", "zorp"),
            ("Glibland", 1, "dobj", "PROPN", "Glibland"), ("in", 1, "prep", "ADP", "in"),
            ("1985", 3, "pobj", "NUM", "1985"), (".", 1, "punct", "PUNCT", ".")]
    _user_files(userdir)
    assert _code(parsed_doc(rows)) == []  # the shipped list: "1985"
    (userdir / "mine.discards.txt").write_text("CHESS\n")
    assert _triples(_code(parsed_doc(rows))) == [("173", "ZRP", "GLB")]
    rows[4] = ("chess", 3, "pobj", "NOUN", "chess")
    assert _code(parsed_doc(rows)) == []


def test_users_pattern_takes_its_target_from_a_that_clause(userdir):
    """"Zorpland zorped that Glibland is weak": PETRARCH's target is the first actor
    after the verb, here the subject of its clausal complement."""
    _user_files(userdir)
    rows = [("Zorpland", 1, "nsubj", "PROPN", "Zorpland"), ("zorped", 1, "ROOT", "VERB", "zorp"),
            ("that", 4, "mark", "SCONJ", "that"), ("Glibland", 4, "nsubj", "PROPN", "Glibland"),
            ("is", 1, "ccomp", "AUX", "be"), ("weak", 4, "acomp", "ADJ", "weak"),
            (".", 1, "punct", "PUNCT", ".")]
    assert _triples(_code(parsed_doc(rows))) == [("173", "ZRP", "GLB")]


def _near_reference(tok, words):  # type: ignore[no-untyped-def]
    """The multi-word-verb test as first written: the words right after the verb and
    its dependents, read afresh for every pattern."""
    doc = tok.doc
    near = {t.lower_ for t in doc[tok.i + 1:min(tok.i + 2 + len(words), len(doc))]}
    near.update(c.lower_ for c in tok.children)
    return all(w in near for w in words)


def test_multi_word_verb_neighbourhood_read_once_per_verb() -> None:
    from spacy.lang.en import English
    from spacy.tokens import Doc

    from detente.extract.events.petrarch import _Near

    words = ["Police", "cordoned", "off", "the", "roads", "leading", "into", "Kyiv", "today"]
    heads = [1, 1, 1, 4, 1, 4, 5, 6, 1]
    deps = ["nsubj", "ROOT", "prt", "det", "dobj", "acl", "prep", "pobj", "npadvmod"]
    doc = Doc(English().vocab, words=words, heads=heads, deps=deps)
    asks = [("off",), ("the",), ("roads",), ("leading",), ("today",), ("off", "the"),
            ("off", "roads", "leading"), ("into",), ("kyiv",), ("up",), ()]
    for i in (1, 4, 6):
        near = _Near(doc[i])
        for w in asks + asks[::-1]:  # windows of every width, asked in any order
            assert near.has(w) == _near_reference(doc[i], w), (i, w)
    assert _Near(doc[1]).has(("off", "the")) and not _Near(doc[1]).has(("into",))
