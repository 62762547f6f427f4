"""The PETRARCH format parsers, the converter and the shipped lexicon/petrarch files."""

from __future__ import annotations

import datetime as dt
import gzip
import importlib.util
import json
import sys
from pathlib import Path

import pytest

from detente.lexicon import petrarch_actors as actors_mod
from detente.lexicon.actors import fold_name, load_extra_actors
from detente.lexicon.petrarch_format import (
    agent_sector,
    parse_actors,
    parse_agents,
    parse_date,
    parse_discards,
    read_code,
)

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "data" / "petrarch"
SHIPPED = ROOT / "src" / "detente" / "lexicon" / "petrarch"


def _converter():
    spec = importlib.util.spec_from_file_location("convert_petrarch",
                                                  ROOT / "scripts" / "convert_petrarch.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["convert_petrarch"] = mod
    spec.loader.exec_module(mod)
    return mod


ACTORS = """\
<!-- a header comment
# spanning lines -->
# a comment line
SERGEY_LAVROV_  # CountryInfo.txt
+SERGEY_VIKTOROVICH_LAVROV_
+LAVROV
\t[RUSGOV 19940922-20040712] # Amb. to UN
\t[RUSGOV >20040309]  # Foreign Minister
RADOSLAW_SIKORSKI_  # CountryInfo.txt
\t[POLGOVMIL 051201-070228]
\t[POLGOV >071201]
OLD_RULER_  # CountryInfo.txt
\t[AFGELI 320101-331108]
\t[AFGGOV <991231]
\t[AFGELI]
KOFI_ANNAN_\t
+SECRETARY-GENERAL_KOFI_ANNAN
\t[IGOUNO 970101-061231]
\t[ELI]# IGOrulers.txt
JAVIER_SOLANA_\t[IGOEUREEC 950701-951231][IGOWSTNAT 951205-991006] # tag
ABU_NIDAL_ORGANIZATION [IMGMUSALQ] #  kkl 21 Mar 13
+ARAB_REVOLUTIONARY_BRIGADES_+FATAH_REVOLUTIONARY_COUNCIL_
BAD_DATE_ [KORGOVBUS 2004017-20061201] [KORGOV]
NOBODY_ [---]
"""

AGENTS = """\
!PERSON! = MAN, MEN, WOMAN, WOMEN, PERSON
!MINIST! = MINISTER, MINISTERS

POLICE {} [~COP]
POLICE!PERSON!  [~COP]
THIEF {THIEVES} [~CRM]
COURT [~JUD]  # a comment
RIOT_POLICE {} [~COP]
AGENCY [~GOV]
FOREIGN_MINISTER [~GOVFRM]
DEFENCE_OFFICIAL [~GOVMIL]
ISLAMIC_EXTREMIST
PEACEKEEPING_TROOPS {} [IGO~]
!MINIST!_OF_SILLY_WALKS [~GOV]
"""


def test_dates_two_and_four_digit_years():
    assert parse_date("051201") == dt.date(2005, 12, 1)
    assert parse_date("320101") == dt.date(1932, 1, 1)
    assert parse_date("19940922") == dt.date(1994, 9, 22)
    with pytest.raises(ValueError):
        parse_date("2004017")


def test_actor_blocks():
    acts = {a.name: a for a in parse_actors(ACTORS)}
    lav = acts["SERGEY LAVROV"]
    assert lav.aliases == ("SERGEY VIKTOROVICH LAVROV", "LAVROV")
    assert lav.comment == "CountryInfo.txt"
    un, fm = lav.codes
    # inclusive end in the file -> exclusive end in the record
    assert (un.code, un.valid_from, un.valid_to, un.note) == (
        "RUSGOV", dt.date(1994, 9, 22), dt.date(2004, 7, 13), "Amb. to UN")
    assert (fm.valid_from, fm.valid_to, fm.note) == (dt.date(2004, 3, 9), None,
                                                     "Foreign Minister")
    ruler = acts["OLD RULER"].codes
    assert ruler[1].valid_from is None and ruler[1].valid_to == dt.date(2000, 1, 1)
    assert [c.code for c in acts["JAVIER SOLANA"].codes] == ["IGOEUREEC", "IGOWSTNAT"]
    assert acts["ABU NIDAL ORGANIZATION"].aliases == ("ARAB REVOLUTIONARY BRIGADES",
                                                      "FATAH REVOLUTIONARY COUNCIL")
    bad = acts["BAD DATE"]
    assert bad.bad_dates == 1 and [c.code for c in bad.codes] == ["KORGOV"]
    assert acts["NOBODY"].codes == ()


def test_codes_in_project_terms():
    assert read_code("RUSGOV").code == "RUS GOV"
    assert read_code("POLGOVMIL").code == "POL MIL"  # defence office -> MIL
    assert read_code("IGOWSTNAT").code == "NATO"
    assert read_code("IGOUNOREFHCR").code == "UNHCR REF"
    ngo = read_code("NGOUSAHRI")
    assert (ngo.igo, ngo.country, ngo.sector) == ("NGO", "USA", "HRI")
    assert read_code("IMGMUSALQ").country is None  # a religion group, not Mauritius
    assert read_code("TMP").country == "TLS"
    assert agent_sector("~GOVFRM") == ("GOV", False)
    assert agent_sector("~GOVMIL") == ("MIL", False)
    assert agent_sector("IGO~") == (None, True)


def test_agents_plurals_and_substitutions():
    got = {a.phrase: a for a in parse_agents(AGENTS)}
    assert got["police"].code == "~COP" and "polices" not in got  # {} = no plural
    assert {"policeman", "policemen", "policewoman", "policeperson"} <= set(got)
    assert "policemans" not in got  # substituted forms carry their own plurals
    assert got["thieves"].plural and "thiefs" not in got
    assert got["courts"].plural and got["agencies"].plural
    assert "riot police" in got and "foreign ministers" in got
    assert "islamic extremist" not in got  # no code
    assert got["peacekeeping troops"].code == "IGO~"
    assert {"minister of silly walks", "ministers of silly walks"} <= set(got)


def test_discards():
    got = parse_discards("MONTHS LATER\n+Manchester United   # pas\n# c\n\nBASEBALL\n")
    assert [(d.phrase, d.story) for d in got] == [
        ("MONTHS LATER", False), ("Manchester United", True), ("BASEBALL", False)]


def test_converter_records(tmp_path):
    conv = _converter()
    out = conv.convert_actors([("Phoenix.Countries.actors.txt", ACTORS)])
    recs = {r[0]: r for r in out["actors"]}
    lav = recs["Sergey Lavrov"]
    assert lav[2] == "person" and lav[3] == "RUS"
    assert "lavrov" in lav[1] and "sergey viktorovich lavrov" in lav[1]
    assert lav[4][0] == ["RUS", None, "GOV", "1994-09-22", "2004-07-13", "Amb. to UN"]
    # ELI spans are no office; an IGO office is coded GOV
    assert recs["Kofi Annan"][4] == [[None, "UN", "GOV", "1997-01-01", "2007-01-01", None]]
    assert [r[2] for r in recs["Old Ruler"][4]] == ["GOV"]
    agents = conv.convert_agents(AGENTS)["agents"]
    assert ["court", "JUD", False] in agents and ["peacekeeping troops", None, True] in agents


def test_user_petrarch_files(tmp_path, monkeypatch):
    (tmp_path / "mine.actors.txt").write_text(
        "JANE_ROE_\n+ROE\n\t[FRAGOV 010101-20221231]\nFREEDOM_FRONT_ [GUYREB]\n")
    (tmp_path / "mine.agents.txt").write_text("WIDGETEER [~BUS]\n")
    monkeypatch.setenv("DETENTE_LEXICON_DIR", str(tmp_path))
    extra = load_extra_actors()
    roe = extra.resolve("Jane Roe", on=dt.date(2010, 1, 1), person=True)
    assert roe is not None and roe.code == "FRA GOV"
    assert extra.resolve("Roe", on=dt.date(2010, 1, 1), person=True) is not None
    # a surname alone needs someone in office that day
    assert extra.resolve("Roe", on=dt.date(2030, 1, 1), person=True) is None
    front = extra.resolve("Freedom Front", on=None, person=False)
    assert front is not None and front.code == "GUY REB"
    assert extra.agent("widgeteers", ()) == "BUS"
    actors_mod._load_extra.cache_clear()


def test_shipped_files_resolve():
    extra = load_extra_actors()
    bush = extra.resolve("President Bush", on=dt.date(2005, 6, 1), person=True)
    assert bush is not None and bush.code == "USA GOV" and bush.person == "George W. Bush"
    sik = extra.resolve("Radosław Sikorski", on=dt.date(2006, 6, 1), person=True)
    assert sik is not None and sik.code == "POL MIL"
    sik = extra.resolve("Radosław Sikorski", on=dt.date(2008, 6, 1), person=True)
    assert sik is not None and sik.code == "POL GOV"
    assert fold_name("U.S. Secretary") == "u s secretary"
    assert extra.agent("police", ()) == "COP" and extra.agent("court", ()) == "JUD"
    assert (SHIPPED / "NOTICE").read_text().count("Open Event Data Alliance") >= 2


@pytest.mark.shared
def test_rebuild_reproduces_shipped_files():
    if not (SHARED / "Phoenix.Countries.actors.txt").is_file():
        pytest.skip("../shared/data/petrarch not present")
    built = _converter().build(SHARED)
    for name, data in built.items():
        shipped = SHIPPED / name
        if name == "verbs.json" and not shipped.is_file():
            continue  # written by the verbs converter's owner
        assert shipped.read_bytes() == data, name
    data = json.loads(gzip.decompress(built["actors.json.gz"]))
    assert len(data["actors"]) > 20000
