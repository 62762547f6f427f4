"""bench/score_plover.py (fixed halves, gold actor lists of plain codes) and
bench/score_petr_suite.py (suite reading, triples, the no-pattern events file)."""

from __future__ import annotations

import importlib.util
import sys
import tomllib
from pathlib import Path

from detente.records import ActorRef, Event

ROOT = Path(__file__).resolve().parents[2]


def _bench(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


def test_halves_are_fixed_by_the_id():
    sp = _bench("score_plover")
    ids = [f"PLOVER-GSR01-AGREE-{i:04d}" for i in range(200)]
    halves = [sp.half_of(i) for i in ids]
    assert halves == [sp.half_of(i) for i in reversed(ids)][::-1]  # order does not matter
    assert 60 < halves.count("a") < 140  # about half each
    assert sp.half_of("PLOVER-GSR01-AGREE-0001") == sp.half_of("PLOVER-GSR01-AGREE-0001")


def test_gold_actor_lists_of_plain_codes():
    sp = _bench("score_plover")
    assert sp._gold_codes(["USA", "RUSGOV", "IGOUNO", "REB"]) == {"USA", "RUS", "IGO"}
    assert sp._gold_codes([{"code": "USA"}, {"code": "REB"}]) == {"USA"}
    assert sp._gold_codes(None) == set()


SUITE = """<Validation><Sentences>
<Sentence date="19950101" id="T-1" category="DEMO">
<EventCoding sourcecode="ARN" targetcode="GONGOV" eventcode="064"></EventCoding>
<Text>
Arnor restored ties
 with Gondor.
</Text></Sentence>
<Sentence date="19950102" id="T-2"><EventCoding noevents="True"></EventCoding>
<Text>Nothing happened.</Text></Sentence>
</Sentences></Validation>"""


def test_suite_records_and_triples(tmp_path):
    ps = _bench("score_petr_suite")
    path = tmp_path / "suite.xml"
    path.write_text(SUITE)
    recs = ps.read_suite(path)
    assert [(r["id"], r["date"], r["noevents"]) for r in recs] == [
        ("T-1", "1995-01-01", False), ("T-2", "1995-01-02", True)]
    assert recs[0]["text"] == "Arnor restored ties with Gondor."
    assert recs[0]["expected"] == {("ARN", "GONGOV", "064")}
    e = Event(article_id="a", id="e1", start=0, end=5, trigger_start=0, trigger_end=5,
              trigger="x", plover_type="SUPPORT", mode=None, context=None, cameo="064",
              goldstein=None, quad_class=None,
              source=(ActorRef(code="ARN", country="ARN"),),
              target=(ActorRef(code="GON GOV", country="GON", sector="GOV"),),
              source_text=None, target_text=None, modality="asserted", date=None,
              date_text=None, date_basis="article", places=(), quote_id=None, amounts=(),
              confidence=0.5)
    assert ps._triples([e]) == {("ARN", "GONGOV", "064")}


def test_events_file_without_patterns(tmp_path):
    ps = _bench("score_petr_suite")
    src = ROOT / "src" / "detente" / "lexicon" / "events.toml"
    ps._no_patterns(src, tmp_path / "events.toml")
    raw = tomllib.loads((tmp_path / "events.toml").read_text())
    full = tomllib.loads(src.read_text())
    assert "verb" not in raw and "noun" not in raw
    assert raw["cues"] == full["cues"] and raw["version"] == full["version"]
