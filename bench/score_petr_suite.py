"""Score detente on PETRARCH's own unit-test suite, by the suite's rule.

Usage::

    .venv/bin/python bench/score_petr_suite.py [--suite DIR] [--half a|b|all]
                                               [--config default|petrarch-only|both]
                                               [--show N]

Reads ``PETR.UnitTest.records.xml`` from ``../shared/data/petrarch`` (or ``--suite``;
exits with a message if absent) and codes each sentence with the full pipeline, the
article dated as the record, the suite's own dictionaries loaded through the
bring-your-own-dictionaries path: ``PETR.Validate.{actors,agents,verbs,discards}.txt``
are copied into a temporary ``DETENTE_LEXICON_DIR`` (user files come before the shipped
ones). Two configurations are scored:

* **default**: the project's own event patterns (``events.toml``) plus the PETRARCH
  verb patterns, the project's patterns winning on a lemma they cover;
* **petrarch-only**: the same with an ``events.toml`` in the lexicon folder that keeps
  the cue lists but no patterns, so only the suite's verb dictionary codes events.

The suite's rule: an expected (source, target, CAMEO code) triple is correct only on an
exact match with a coded one; every coded triple that is not expected is extra
(``noevents`` records expect none). A coded event gives one triple per (source actor,
target actor) pair; an actor's code is written without spaces ("DAG GOV" -> "DAGGOV").
Printed: correct / expected, extra / coded, and extra per expected triple.

Halves: the records are split into two fixed halves by the SHA-1 of their ``id``
(:func:`half_of`: last byte even -> **suite-a**, odd -> **suite-b**). suite-a is for
tuning (its misses may be printed with ``--show``); suite-b is scored only: ``--show``
never prints a suite-b record, whatever ``--half`` says.
UD-PETRARCH reports 68.3 % correct with 23 % extra on this suite.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import sys
import tempfile
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUITE = ROOT.parent / "shared" / "data" / "petrarch"
FILES = ("PETR.Validate.actors.txt", "PETR.Validate.agents.txt", "PETR.Validate.verbs.txt",
         "PETR.Validate.discards.txt")


def half_of(record_id: str) -> str:
    """"a" or "b": the fixed half of a record id (last SHA-1 byte even -> "a")."""
    return "a" if hashlib.sha1(record_id.encode("utf-8")).digest()[-1] % 2 == 0 else "b"


def read_suite(path: Path) -> list[dict]:
    """The records: id, date (ISO), text, expected triples (set), noevents flag."""
    root = ET.parse(path).getroot()
    out = []
    for s in root.iter("Sentence"):
        text_el = s.find("Text")
        if text_el is None or not (text_el.text or "").strip():
            continue
        raw = s.get("date", "")
        date = f"{raw[:4]}-{raw[4:6]}-{raw[6:8]}" if len(raw) == 8 and raw.isdigit() else None
        expected = set()
        noevents = False
        for ec in s.iter("EventCoding"):
            if ec.get("noevents", "").lower() == "true":
                noevents = True
                continue
            src, tgt, code = ec.get("sourcecode"), ec.get("targetcode"), ec.get("eventcode")
            if src and tgt and code:
                expected.add((src.upper(), tgt.upper(), code))
        out.append({"id": s.get("id", ""), "date": date, "noevents": noevents,
                    "text": " ".join(text_el.text.split()), "expected": expected})
    return out


def _triples(events) -> set[tuple[str, str, str]]:
    out = set()
    for e in events:
        if not e.cameo:
            continue
        for s in e.source:
            for t in e.target:
                if s.code and t.code:
                    out.add((s.code.replace(" ", "").upper(), t.code.replace(" ", "").upper(),
                             e.cameo))
    return out


def _no_patterns(src: Path, dst: Path) -> None:
    """The shipped events.toml without its [[verb]] / [[noun]] tables (cue lists and
    settings kept): table headers start a line at column 0."""
    out: list[str] = []
    skipping = False
    for line in src.read_text(encoding="utf-8").splitlines():
        if line.startswith("["):
            skipping = line.strip() in ("[[verb]]", "[[noun]]")
        if not skipping:
            out.append(line)
    dst.write_text("\n".join(out) + "\n", encoding="utf-8")
    tomllib.loads(dst.read_text(encoding="utf-8"))  # still a valid file


def _codable(records: list[dict]) -> int:
    """Expected triples whose CAMEO code has a PLOVER type: an event needs one, so the
    suite's test-codebook codes (``903``, ``345``, ``915`` ...) are never coded."""
    from detente.lexicon import data_path
    from detente.lexicon.petrarch_verbs import plover_of

    table = {str(k): str(v) for k, v in tomllib.loads(
        data_path("cameo.toml").read_text(encoding="utf-8")).get("plover", {}).items()}
    return sum(plover_of(code, table) is not None for r in records
               for _, _, code in r["expected"])


def _tally(rows: list[tuple[dict, set]]) -> tuple[int, int, int, int]:
    """(expected, correct, coded, extra) over ``(record, coded triples)`` rows."""
    exp = sum(len(r["expected"]) for r, _ in rows)
    ok = sum(len(r["expected"] & got) for r, got in rows)
    coded = sum(len(got) for _, got in rows)
    extra = sum(len(got - r["expected"]) for r, got in rows)
    return exp, ok, coded, extra


def score(records: list[dict], lexdir: Path) -> dict:
    os.environ["DETENTE_LEXICON_DIR"] = str(lexdir)
    from detente.pipeline.coding import code_articles, make_article

    arts = (make_article(r["text"], published=r["date"], source=f"petr:{r['id']}")
            for r in records)
    coded = list(code_articles(arts, batch_size=64))
    n_exp = n_ok = n_pred = n_extra = 0
    rows = []
    for r, ca in zip(records, coded, strict=True):
        got = _triples(ca.events)
        ok = r["expected"] & got
        n_exp += len(r["expected"])
        n_ok += len(ok)
        n_pred += len(got)
        n_extra += len(got - r["expected"])
        rows.append((r, got))
    return {"expected": n_exp, "correct": n_ok, "coded": n_pred, "extra": n_extra,
            "rows": rows}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--suite", type=Path, default=SUITE)
    ap.add_argument("--half", choices=("a", "b", "all"), default="all",
                    help="score suite-a (tune), suite-b (held back: figures only) or all")
    ap.add_argument("--config", choices=("default", "petrarch-only", "both"),
                    default="both", help="which configuration(s) to score")
    ap.add_argument("--show", type=int, default=0, help="print N suite-a misses "
                    "(suite-b records are never printed)")
    args = ap.parse_args(argv)
    xml = args.suite / "PETR.UnitTest.records.xml"
    if not xml.is_file() or not all((args.suite / f).is_file() for f in FILES):
        print(f"PETRARCH suite not found in {args.suite} (it lives in "
              "../shared/data/petrarch; nothing to score)", file=sys.stderr)
        return 2
    records = [r for r in read_suite(xml)
               if args.half == "all" or half_of(r["id"]) == args.half]
    from detente.lexicon import data_path

    shipped_events = data_path("events.toml")
    with tempfile.TemporaryDirectory() as tmp:
        default_dir = Path(tmp) / "default"
        only_dir = Path(tmp) / "petrarch-only"
        for d in (default_dir, only_dir):
            d.mkdir()
            for f in FILES:
                shutil.copy(args.suite / f, d / f)
        _no_patterns(shipped_events, only_dir / "events.toml")
        print(f"PETRARCH unit-test suite, half {args.half}: {len(records)} records, "
              f"{sum(len(r['expected']) for r in records)} expected triples "
              f"({_codable(records)} with a code the [plover] table maps: the ceiling), "
              f"{sum(r['noevents'] for r in records)} no-event records")
        for name, d in (("default", default_dir), ("petrarch-only", only_dir)):
            if args.config not in ("both", name):
                continue
            res = score(records, d)
            parts = [(args.half, res["rows"])]
            if args.half == "all":  # one run scores both halves: say each
                parts += [(h, [x for x in res["rows"] if half_of(x[0]["id"]) == h])
                          for h in ("a", "b")]
            for part, rows in parts:
                exp, ok, coded, extra = _tally(rows)
                print(f"{name:14}{'suite-' + part:>8}: correct {ok}/{exp} = "
                      f"{ok / max(exp, 1):.1%}; extra {extra}/{coded} coded = "
                      f"{extra / max(coded, 1):.1%} ({extra / max(exp, 1):.2f} per expected)")
            shown = 0
            for r, got in res["rows"]:
                if shown >= args.show or half_of(r["id"]) != "a" or (
                        r["expected"] == got):
                    continue
                shown += 1
                print(f"  {r['id']}: want {sorted(r['expected'])} got {sorted(got)} | "
                      f"{r['text'][:100]}")
    print("UD-PETRARCH (its README): 68.3% correct, 23% extra")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
