"""PETRARCH verb dictionaries: parser, shipped record, CAMEO -> PLOVER table, and the
patterns matched on hand-built parses by the event coder."""

from __future__ import annotations

import collections
import datetime as dt
import gzip
import json
import re
import tomllib
from pathlib import Path

import pytest

from _docs import parsed_doc
from detente.extract.events.code import extract_events
from detente.lexicon.events import PLOVER_TYPES, load_event_lexicon
from detente.lexicon.petrarch_verbs import (
    compile_verbs,
    convert_verbs,
    parse_verbs,
    plover_of,
    verbs_from_record,
)
from detente.records import ActorRef, Article, Mention

ROOT = Path(__file__).resolve().parents[2]
LEX = ROOT / "src" / "detente" / "lexicon"
SHARED = ROOT.parent / "shared" / "data"

VERBS = """\
# a comment
&WEAPON
+GUN
+MORTAR_SHELL
+TANK_  # no plural

---  RUSH   [---]  ---
RUSH
SPEED {SPEEDING SPEEDS SPED }
HURRY [042]
- * AID                          [070]   # RUSH
- * {ARMS SHIPMENT}              [072]
- &MILITARY * (TO BORDER)        [154]
- * (BEFORE COURT)               [:173]
- * (TO)                         [042:043]
- IN_*                           [075]
- * PARTY                        [---]

---  SHELL   [194]  ---
SHELL
- * &WEAPON (WITH +)            [190]
"""


def test_parse_blocks_classes_and_patterns():
    d = parse_verbs(VERBS)
    assert d.classes["WEAPON"] == ("gun", "mortar shell", "tank")
    rush, shell = d.blocks
    assert (rush.name, rush.code, shell.code) == ("rush", None, "194")
    assert rush.verbs == (("rush", None), ("speed", None), ("hurry", "042"))
    assert ("sped", "speed") in rush.forms
    pats = {p.code: p for p in rush.patterns if p.code}
    assert pats["070"].after == ("aid",)
    assert pats["072"].after == ("arms shipment",)
    assert pats["154"].before == ("&MILITARY",) and pats["154"].preps == (("to", ("border",)),)
    assert pats["173"].swap and not pats["042"].swap
    assert pats["075"].before == ("in",)
    assert [p for p in rush.patterns if p.code is None][0].after == ("party",)
    assert shell.patterns[0].after == ("&WEAPON",) and shell.patterns[0].preps == (("with", ()),)


def test_shipped_record_round_trips():
    rec = convert_verbs(VERBS)
    assert json.loads(json.dumps(rec)) == rec
    back = verbs_from_record(rec, where="test")
    assert back.blocks == parse_verbs(VERBS).blocks
    assert set(back.classes) == {"WEAPON"}  # only classes the patterns use are kept


def test_plover_of_longest_prefix():
    table = {"19": "ASSAULT", "191": "COERCE/restrict", "01": "", "0874": "RETREAT/withdraw"}
    assert plover_of("1912", table) == ("COERCE", "restrict")
    assert plover_of("194", table) == ("ASSAULT", None)
    assert plover_of("0874", table) == ("RETREAT", "withdraw")
    assert plover_of("010", table) is None and plover_of(None, table) is None
    assert plover_of("999", table) is None


def test_compile_order_defaults_and_user_first():
    table = {"07": "AID", "15": "MOBILIZE", "19": "ASSAULT", "04": "CONSULT"}
    d = parse_verbs(VERBS)
    idx = compile_verbs((d,), plover=table)
    rush = idx["rush"]
    assert rush[0].code == "154" and rush[-1].default and rush[-1].code is None
    assert idx["sped"] == idx["speed"]  # irregular forms find their verb
    assert idx["hurry"][-1].own and idx["hurry"][-1].code == "042"
    mine = parse_verbs("---  SHELL  [110] ---\nSHELL\n")
    both = compile_verbs((mine, d), plover=table)
    assert [p.code for p in both["shell"]] == ["110"]  # the earlier file owns the verb


def test_cameo_table_covers_every_root_with_plover_types():
    table = tomllib.loads((LEX / "cameo.toml").read_text())["plover"]
    for root in (f"{i:02d}" for i in range(1, 21)):
        assert root in table
    for value in table.values():
        assert value == "" or value.split("/")[0] in PLOVER_TYPES


def test_shipped_verbs_file_is_loaded():
    lex = load_event_lexicon()
    assert len(lex.petrarch) > 1500
    assert lex.discards and lex.discard_words >= 2
    # a verb the project's own file has patterns for stays the project's
    assert "reject" in lex.verbs


# ------------------------------------------------------------------ coded parses
FRA = ActorRef(code="FRA", country="FRA")
DEU = ActorRef(code="DEU", country="DEU")


def _code(doc, actors: dict[int, ActorRef]):
    mentions = [Mention(article_id="t", start=doc[i].idx, end=doc[i].idx + len(doc[i].text),
                        text=doc[i].text, label="GPE", actor=a) for i, a in actors.items()]
    art = Article(id="t", text=doc.text, published=dt.date(2010, 1, 1))
    return extract_events(doc, article=art, mentions=mentions, dates=[], places=[], quotes=[])


# "France rushed troops to the border with Germany"
RUSHED = [("France", 1, "nsubj", "PROPN", "France"), ("rushed", 1, "ROOT", "VERB", "rush"),
          ("troops", 1, "dobj", "NOUN", "troop"), ("to", 1, "prep", "ADP", "to"),
          ("the", 5, "det", "DET", "the"), ("border", 3, "pobj", "NOUN", "border"),
          ("with", 5, "prep", "ADP", "with"), ("Germany", 6, "pobj", "PROPN", "Germany"),
          (".", 1, "punct", "PUNCT", ".")]
# "To the border with Germany France rushed troops": another order, same parse relations
FRONTED = [("To", 6, "prep", "ADP", "to"), ("the", 2, "det", "DET", "the"),
           ("border", 0, "pobj", "NOUN", "border"), ("with", 2, "prep", "ADP", "with"),
           ("Germany", 3, "pobj", "PROPN", "Germany"), ("France", 6, "nsubj", "PROPN", "France"),
           ("rushed", 6, "ROOT", "VERB", "rush"), ("troops", 6, "dobj", "NOUN", "troop"),
           (".", 6, "punct", "PUNCT", ".")]


@pytest.mark.parametrize("rows,src,tgt", [(RUSHED, 0, 7), (FRONTED, 5, 4)])
def test_pattern_matched_on_the_parse_not_word_order(rows, src, tgt):
    assert "rush" not in load_event_lexicon().verbs  # else the project's own would decide
    doc = parsed_doc(rows)
    events = _code(doc, {src: FRA, tgt: DEU})
    assert [(e.plover_type, e.cameo, e.mode) for e in events] == [("MOBILIZE", "154", "troops")]
    assert [a.code for a in events[0].source] == ["FRA"]
    assert [a.code for a in events[0].target] == ["DEU"]


def test_no_dyad_no_petrarch_event():
    rows = [r if r[0] != "Germany" else ("town", 6, "pobj", "NOUN", "town") for r in RUSHED]
    assert _code(parsed_doc(rows), {0: FRA}) == []  # no target actor: CAMEO codes dyads only


ZORP = [("France", 1, "nsubj", "PROPN", "France"), ("zorped", 1, "ROOT", "VERB", "zorp"),
        ("Germany", 1, "dobj", "PROPN", "Germany"), ("at", 1, "prep", "ADP", "at"),
        ("golf", 3, "pobj", "NOUN", "golf"), (".", 1, "punct", "PUNCT", ".")]


def test_user_verbs_swap_and_discards(tmp_path, monkeypatch):
    (tmp_path / "mine.verbs.txt").write_text(
        "---  ZORP   [173]  ---\nZORP\n- * (AT CHESS)  [:1822]\n")
    monkeypatch.setenv("DETENTE_LEXICON_DIR", str(tmp_path))
    doc = parsed_doc(ZORP)
    events = _code(doc, {0: FRA, 2: DEU})
    assert [(e.plover_type, e.cameo) for e in events] == [("COERCE", "173")]
    chess = parsed_doc([r if r[0] != "golf" else ("chess", 3, "pobj", "NOUN", "chess") for r in ZORP])
    swapped = _code(chess, {0: FRA, 2: DEU})
    assert [(e.plover_type, e.cameo) for e in swapped] == [("ASSAULT", "1822")]
    assert [a.code for a in swapped[0].source] == ["DEU"]  # "[:X]" reads target -> source
    (tmp_path / "mine.discards.txt").write_text("GOLF\n")
    assert _code(doc, {0: FRA, 2: DEU}) == []


# ------------------------------------------------------------ against the crosswalk
@pytest.mark.shared
def test_plover_table_agrees_with_the_published_crosswalk():
    """The project's own CAMEO -> PLOVER table (written from the PLOVER manual) against
    the crosswalk in ../shared, weighted by how often each code occurs in CAMEO.2.0's
    patterns. The crosswalk is read here only to compare; nothing of it is shipped."""
    crosswalk = SHARED / "plover" / "CAMEO2PLOVER-2021.txt"
    cameo = SHARED / "petrarch" / "CAMEO.2.0.txt"
    if not crosswalk.is_file() or not cameo.is_file():
        pytest.skip("../shared crosswalk or CAMEO.2.0.txt not present")
    theirs = {}
    for line in crosswalk.read_text(encoding="utf-8", errors="replace").splitlines():
        m = re.match(r"^(\d+):\s*([A-Za-z]*)", line.split("#")[0].strip())
        if m:
            t = m.group(2).upper()
            theirs[m.group(1)] = t if t in PLOVER_TYPES else ""
    table = tomllib.loads((LEX / "cameo.toml").read_text())["plover"]
    d = parse_verbs(cameo.read_text(encoding="utf-8", errors="replace"))
    counts = collections.Counter(p.code for b in d.blocks for p in b.patterns if p.code)
    agree = total = 0
    for code, n in counts.items():
        if code in theirs:
            mine = plover_of(code, table)
            total += n
            agree += n * ((mine[0] if mine else "") == theirs[code])
    assert total > 3000
    assert agree / total >= 0.9  # measured 0.965 (2026-12-03)


@pytest.mark.shared
def test_shipped_verbs_rebuild():
    cameo = SHARED / "petrarch" / "CAMEO.2.0.txt"
    if not cameo.is_file():
        pytest.skip("../shared/data/petrarch not present")
    from importlib.util import module_from_spec, spec_from_file_location
    spec = spec_from_file_location("convert_petrarch_v", ROOT / "scripts" / "convert_petrarch.py")
    assert spec is not None and spec.loader is not None
    mod = module_from_spec(spec)
    spec.loader.exec_module(mod)
    text = mod.read_text(cameo)
    shipped = (LEX / "petrarch" / "verbs.json.gz").read_bytes()
    assert mod._gzip(mod._dumps(convert_verbs(text))) == shipped
    assert len(json.loads(gzip.decompress(shipped))["blocks"]) > 350


def test_user_actor_dictionary_names_unmarked_participants(tmp_path, monkeypatch):
    """Names the actor stage did not mark are looked up in the PETRARCH actor files
    (here the user's own) as a last resort."""
    from detente.lexicon import petrarch_actors as actors_mod

    (tmp_path / "mine.verbs.txt").write_text("---  ZORP   [173]  ---\nZORP\n")
    (tmp_path / "mine.actors.txt").write_text("ZORPLAND_ [ZRP]\nGLIBLAND_ [GLBGOV]\n")
    monkeypatch.setenv("DETENTE_LEXICON_DIR", str(tmp_path))
    rows = [("Zorpland", 1, "nsubj", "PROPN", "Zorpland"), ("zorped", 1, "ROOT", "VERB", "zorp"),
            ("Glibland", 1, "dobj", "PROPN", "Glibland"), (".", 1, "punct", "PUNCT", ".")]
    try:
        events = _code(parsed_doc(rows), {})
    finally:
        actors_mod._load_extra.cache_clear()
    assert [(e.cameo, [a.code for a in e.source], [a.code for a in e.target])
            for e in events] == [("173", ["ZRP"], ["GLB GOV"])]


def test_intent_and_reporting_verbs_are_no_petrarch_triggers():
    """"want" is CAMEO 030 on its own line; here it is modality, not an event."""
    lex = load_event_lexicon()
    assert "want" in lex.petrarch and "want" in lex.cue("intent")
    rows = [("France", 1, "nsubj", "PROPN", "France"), ("wanted", 1, "ROOT", "VERB", "want"),
            ("Germany", 1, "dobj", "PROPN", "Germany"), (".", 1, "punct", "PUNCT", ".")]
    doc = parsed_doc(rows)
    assert _code(doc, {0: FRA, 2: DEU}) == []


def _mubarak(day: dt.date):
    # "Hosni Mubarak criticized Israel": the actor stage marked only Israel
    rows = [("Hosni", 1, "compound", "PROPN", "Hosni"), ("Mubarak", 2, "nsubj", "PROPN", "Mubarak"),
            ("criticized", 2, "ROOT", "VERB", "criticize"), ("Israel", 2, "dobj", "PROPN", "Israel"),
            (".", 2, "punct", "PUNCT", ".")]
    doc = parsed_doc(rows)
    mentions = [Mention(article_id="t", start=doc[3].idx, end=doc[3].idx + 6, text="Israel",
                        label="GPE", actor=ActorRef(code="ISR", country="ISR"))]
    art = Article(id="t", text=doc.text, published=day)
    return extract_events(doc, article=art, mentions=mentions, dates=[], places=[], quotes=[])


def test_shipped_actor_dictionary_names_unmarked_people_on_the_articles_date(monkeypatch):
    """With no user files, the shipped PETRARCH dictionaries code a name the actor stage
    left unmarked, by the office it held on the article's date."""
    monkeypatch.delenv("DETENTE_LEXICON_DIR", raising=False)
    in_office = _mubarak(dt.date(2005, 6, 1))
    assert [([a.code for a in e.source], [a.code for a in e.target]) for e in in_office] \
        == [(["EGY GOV"], ["ISR"])]
    # out of office (2015) the dictionary gives no code: no source actor
    assert all(not any(a.code for a in e.source) for e in _mubarak(dt.date(2015, 6, 1)))


def test_dictionary_lookup_skips_words_that_start_no_alias(monkeypatch):
    """Cheap: a run whose first word starts no PETRARCH alias is never looked up, and a
    (start, width) is looked up once per document."""
    from detente.lexicon.actors import ExtraActors, load_extra_actors

    monkeypatch.delenv("DETENTE_LEXICON_DIR", raising=False)
    extra = load_extra_actors()
    assert "hosni" in extra.first_words and "zqxwvland" not in extra.first_words
    seen: list[str] = []
    real = ExtraActors.resolve

    def spy(self, text, **kw):
        seen.append(text)
        return real(self, text, **kw)

    monkeypatch.setattr(ExtraActors, "resolve", spy)
    rows = [("Zqxwvland", 1, "nsubj", "PROPN", "Zqxwvland"),
            ("criticized", 1, "ROOT", "VERB", "criticize"),
            ("Israel", 1, "dobj", "PROPN", "Israel"), (".", 1, "punct", "PUNCT", ".")]
    _code(parsed_doc(rows), {2: ActorRef(code="ISR", country="ISR")})
    assert seen == []
    _mubarak(dt.date(2005, 6, 1))
    assert len(seen) == len(set(seen)) and "Hosni Mubarak" in seen


def test_reciprocal_compound_and_multi_word_verbs_are_read():
    d = parse_verbs("---  MEET  [031:032]  ---\nMEET\n+GET_TOGETHER {+GOT_TOGETHER}\n"
                    "- % * TALKS  [043:043]\n- * (WITH)  [:036]\n")
    block = d.blocks[0]
    assert block.code == "031:032"
    assert block.verbs == (("meet", None), ("get together", None))
    assert ("got together", "get together") in block.forms
    talks, swapped = block.patterns
    assert (talks.code, talks.recip, talks.compound) == ("043", "043", True)
    assert (swapped.code, swapped.swap, swapped.recip, swapped.compound) == ("036", True, None, False)
    rec = convert_verbs("---  MEET  [031:032]  ---\nMEET\n- % * TALKS  [043:043]\n")
    assert verbs_from_record(rec, where="t").blocks == parse_verbs(
        "---  MEET  [031:032]  ---\nMEET\n- % * TALKS  [043:043]\n").blocks
    idx = compile_verbs((d,), plover={"03": "AGREE", "04": "CONSULT"}, own_headers=(True,))
    assert {"meets", "meeting", "got", "gets"} <= set(idx)  # regular forms, multi-word first word
    assert idx["got"][-1].particles == ("together",)
