"""Word sense of violent triggers (detente.extract.events.senses): figurative attacks in
political reporting become ACCUSE (criticism) or no event; physical violence is kept.

The real model (``model``) codes sentences written for these tests; the lexicon loader
is checked without it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.errors import LexiconError
from detente.extract.events.senses import load_sense_lexicon


def _types(nlp, text: str) -> list[tuple[str, str]]:
    from detente.pipeline.coding import code_article, make_article

    coded = code_article(make_article(text, published="2016-03-04"), nlp=nlp)
    return [(e.trigger.lower(), e.plover_type) for e in coded.events]


def test_shipped_lexicon_loads_and_is_versioned():
    sl = load_sense_lexicon()
    assert sl.version
    assert "ASSAULT" in sl.types and "attack" in sl.verbal
    assert "MIL" in sl.armed_sectors and "MIL" not in sl.political_sectors


def test_bad_lexicon_names_the_file_and_key(tmp_path: Path):
    p = tmp_path / "senses.toml"
    p.write_text('version = "x"\nverbs = "attack"\n', encoding="utf-8")
    with pytest.raises(LexiconError, match="verbs"):
        load_sense_lexicon(path=p)


FIGURATIVE = [
    # a politician criticising a rival: ACCUSE, not ASSAULT
    ("U.S. Senator Elizabeth Warren attacked Republican candidate Jeb Bush over his "
     "remarks about student loans.", "attacked", "ACCUSE"),
    ("The Republican National Committee attacked Democratic candidate Martin O'Malley "
     "on Monday.", "attacked", "ACCUSE"),
    # an audience to win
    ("The Clinton campaign is targeting Latino voters in Nevada, the Democratic Party "
     "said.", "targeting", None),
    # a court ruling
    ("The U.S. Supreme Court struck down the Texas abortion law on Monday.", "struck", None),
    # a political struggle against abstract work
    ("The Democratic Party is fighting back against the work of the Republican Party in "
     "Congress.", "fighting", None),
]

PHYSICAL = [
    ("Iraqi police killed the gunman after a two-hour standoff in Baghdad.", "killed"),
    ("Syrian rebels shelled the town of Aleppo overnight, killing twelve civilians.",
     "shelled"),
    ("The Syrian army carried out chemical attacks on the rebel-held town of Douma.",
     "attacks"),
    ("Russian troops attacked Kharkiv on Thursday morning.", "attacked"),
    ("A truck attack in Nice killed 84 people on Bastille Day.", "killed"),
    # "positions" on a front line are ground, not opinions; two bare countries are states
    ("Georgia hit Russian positions near the border on Monday.", "hit"),
    ("Azerbaijan attacked Armenia early on Tuesday.", "attacked"),
]


@pytest.mark.model
@pytest.mark.parametrize(("text", "trigger", "expected"), FIGURATIVE)
def test_figurative_violence_is_recoded_or_dropped(nlp, text, trigger, expected):
    got = [t for w, t in _types(nlp, text) if w == trigger]
    assert "ASSAULT" not in got  # the old coder read all of these as ASSAULT
    if expected is None:
        assert got == []
    else:
        assert got == [expected]


@pytest.mark.model
@pytest.mark.parametrize(("text", "trigger"), PHYSICAL)
def test_physical_violence_is_kept(nlp, text, trigger):
    assert (trigger, "ASSAULT") in _types(nlp, text)


@pytest.mark.model
@pytest.mark.parametrize(("text", "trigger", "expected"), [
    # an armed side or a state blocking a port imposes a blockade (CAMEO 191), one
    # taking an airport occupies it (192): COERCE, not a protest
    ("Russian troops blockaded the port of Mariupol.", "blockaded", ("COERCE", "191")),
    ("Russia blocked the port of Odesa on Sunday.", "blocked", ("COERCE", "191")),
    ("Russian forces occupied the airport near Kyiv.", "occupied", ("COERCE", "192")),
])
def test_a_blockade_by_an_armed_side_is_coercion(nlp, text, trigger, expected):
    from detente.pipeline.coding import code_article, make_article

    coded = code_article(make_article(text, published="2022-03-04"), nlp=nlp)
    got = [(e.plover_type, e.cameo) for e in coded.events if e.trigger.lower() == trigger]
    assert got == [expected]


def test_a_malformed_obstruction_table_names_the_key(tmp_path: Path):
    p = tmp_path / "senses.toml"
    p.write_text('version = "x"\n[armed_obstruct]\nblock = "191"\n', encoding="utf-8")
    with pytest.raises(LexiconError, match="armed_obstruct"):
        load_sense_lexicon(path=p)
