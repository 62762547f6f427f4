"""Convert the PETRARCH / Phoenix dictionaries into detente's shipped lexicon files.

Reads ``../shared/data/petrarch`` (or ``--src``) and writes ``src/detente/lexicon/petrarch/``
(or ``--out``):

- ``actors.json.gz``: people with date-bounded roles, IGOs/NGOs and their officials,
  armed non-state groups and national institutions, from ``Phoenix.Countries.actors.txt``,
  ``Phoenix.International.actors.txt`` and ``Phoenix.MilNonState.actors.txt``;
- ``agents.json``: generic agent nouns -> sector (``Phoenix.agents.txt``);
- ``discards.json``: discard phrases (``Phoenix.discards.txt``);
- ``verbs.json.gz``: the CAMEO verb patterns (``CAMEO.2.0.txt``), through
  ``detente.lexicon.petrarch_verbs.convert_verbs`` (PLOVER types are given at run time
  by the ``[plover]`` table of ``lexicon/cameo.toml``, not stored here);
- ``NOTICE``: the MIT licence and attribution of the source.

The output is deterministic (sorted keys, fixed gzip mtime): rebuilding from the same
source reproduces the shipped files byte for byte (``tests/test_petrarch_convert.py``).

    .venv/bin/python scripts/convert_petrarch.py [--src DIR] [--out DIR]
"""

from __future__ import annotations

import argparse
import gzip
import importlib
import io
import json
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from detente.lexicon.actors import fold_name
from detente.lexicon.petrarch_format import (
    PetrarchActor,
    agent_sector,
    parse_actors,
    parse_agents,
    parse_discards,
    read_code,
)

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SRC = ROOT.parent / "shared" / "data" / "petrarch"
DEFAULT_OUT = ROOT / "src" / "detente" / "lexicon" / "petrarch"
VERSION = "petrarch2-676801c.1"
ACTOR_FILES = ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt",
               "Phoenix.MilNonState.actors.txt")
# agent sectors that say nothing about a participant's role: elites ("retired",
# "actor") and plain people ("man", "people": the curated dictionary has CVL)
_NO_AGENT = frozenset({"ELI", "PPL"})
# provenance tags in the name-line comment of a person's block
_PERSON_TAGS = ("countryinfo", "igorulers")

NOTICE = """\
The files in this folder (actors.json.gz, agents.json, discards.json, verbs.json.gz) are
converted by scripts/convert_petrarch.py from the PETRARCH / Phoenix event-coding
dictionaries of the Open Event Data Alliance:

  github.com/openeventdata/petrarch2, commit 676801c, petrarch2/data/dictionaries/
  (Phoenix.Countries.actors.txt, Phoenix.International.actors.txt,
   Phoenix.MilNonState.actors.txt, Phoenix.agents.txt, Phoenix.discards.txt,
   CAMEO.2.0.txt)
  github.com/openeventdata/UniversalPetrarch, commit 067552d

They derive from the KEDS / TABARI / CAMEO dictionaries (Computational Event Data System
Project, http://eventdata.parusanalytics.com; CountryInfo funded by the National Science
Foundation, SES-1004414, SES-1259190). Converted and abridged; errors of conversion are
detente's.

The MIT License (MIT)

Copyright (c) 2014 Open Event Data Alliance

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in
all copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN
THE SOFTWARE.
"""


def read_text(path: Path) -> str:
    """A dictionary file as text: UTF-8, with stray Latin-1 bytes read as Latin-1."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return "\n".join(_line(b) for b in raw.split(b"\n"))


def _line(b: bytes) -> str:
    try:
        return b.decode("utf-8")
    except UnicodeDecodeError:
        return b.decode("latin-1")


def _display(name: str) -> str:
    """A readable form of an upper-case dictionary name ("SERGEY LAVROV" -> "Sergey
    Lavrov"); names already in mixed case are kept."""
    if not name.isupper():
        return name
    return " ".join(w if len(w) <= 2 and "." not in w and w in ("UN", "US", "EU") else
                    "-".join(p.capitalize() for p in w.split("-")) for w in name.split())


def convert_actor(actor: PetrarchActor, *, armed: bool = False) -> dict[str, Any] | None:
    """One actor block as a shipped record, or None when it codes nothing the project
    uses (multinational companies, bare country names the country list already has)."""
    roles: list[list[Any]] = []
    country_votes: list[str] = []
    for span in actor.codes:
        try:
            rc = read_code(span.code)
        except Exception:  # noqa: BLE001 - a malformed code is skipped, never fatal
            continue
        if rc.igo == "MNC":
            continue
        if rc.country:
            country_votes.append(rc.country)
        if rc.sector == "ELI":
            continue  # an elite, not an office: the person keeps the country only
        sector = rc.sector
        if sector is None and rc.igo and rc.igo not in ("NGO", "IMG") and span.valid_from:
            sector = "GOV"  # a dated IGO office (Secretary-General): as NATO GOV in 2022
        if sector is None and armed:
            sector = "REB"  # the armed non-state groups file: every group is armed
        roles.append([rc.country, rc.igo, sector,
                      span.valid_from.isoformat() if span.valid_from else None,
                      span.valid_to.isoformat() if span.valid_to else None, span.note])
    if not roles and not country_votes:
        return None
    dated = any(r[3] or r[4] for r in roles) or len(roles) < len(actor.codes)
    tag = (actor.comment or "").lower()
    person = any(t in tag for t in _PERSON_TAGS) or dated
    if not person and all(r[2] is None and r[1] is None for r in roles):
        return None  # a bare country or place name: the country list covers them
    # lookup keys, folded as the run-time index folds a name (accents, dots, case)
    keys = sorted({fold_name(n) for n in (actor.name, *actor.aliases)} - {""})
    return {"name": _display(actor.name), "aliases": keys,
            "kind": "person" if person else "group",
            "country": country_votes[-1] if country_votes else None, "roles": roles}


def convert_actors(texts: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """The shipped actors record from (file name, text) pairs."""
    out: list[list[Any]] = []
    for fname, text in texts:
        for actor in parse_actors(text):
            rec = convert_actor(actor, armed="MilNonState" in fname)
            if rec is None:
                continue
            out.append([rec["name"], rec["aliases"], rec["kind"], rec["country"],
                        rec["roles"], fname.split(".")[1].lower()])
    return {"version": VERSION,
            "format": "actors: [name, alias keys, kind, country, roles, file]; role: "
                      "[country, igo, sector, from, to (exclusive), note]",
            "actors": out}


def convert_agents(text: str) -> dict[str, Any]:
    rows = []
    for a in parse_agents(text):
        try:
            sector, igo = agent_sector(a.code)
        except Exception:  # noqa: BLE001
            continue
        if sector in _NO_AGENT:
            continue
        rows.append([a.phrase, sector, igo])
    return {"version": VERSION, "format": "agents: [phrase (lower case), sector, igo]",
            "agents": rows}


def convert_discards(text: str) -> dict[str, Any]:
    return {"version": VERSION, "format": "discards: [phrase, story-level]",
            "discards": [[d.phrase, d.story] for d in parse_discards(text)]}


def _dumps(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
            + "\n").encode("utf-8")


def _gzip(raw: bytes) -> bytes:
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, compresslevel=9, filename="") as f:
        f.write(raw)
    return buf.getvalue()


def _verbs_converter() -> Callable[[str], dict[str, Any]] | None:
    try:
        mod = importlib.import_module("detente.lexicon.petrarch_verbs")
    except ImportError:
        return None
    fn = getattr(mod, "convert_verbs", None)
    return fn if callable(fn) else None


def build(src: Path) -> dict[str, bytes]:
    """Every output file name -> its bytes."""
    files = {
        "actors.json.gz": _gzip(_dumps(convert_actors(
            (name, read_text(src / name)) for name in ACTOR_FILES))),
        "agents.json": _dumps(convert_agents(read_text(src / "Phoenix.agents.txt"))),
        "discards.json": _dumps(convert_discards(read_text(src / "Phoenix.discards.txt"))),
        "NOTICE": NOTICE.encode("utf-8"),
    }
    convert_verbs = _verbs_converter()
    if convert_verbs is not None and (src / "CAMEO.2.0.txt").is_file():
        files["verbs.json.gz"] = _gzip(_dumps(convert_verbs(read_text(src / "CAMEO.2.0.txt"))))
    return files


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--src", type=Path, default=DEFAULT_SRC)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    if not (args.src / ACTOR_FILES[0]).is_file():
        sys.stderr.write(f"no PETRARCH dictionaries in {args.src}\n")
        return 2
    if _verbs_converter() is None:
        sys.stderr.write("detente.lexicon.petrarch_verbs.convert_verbs not available: "
                         "verbs.json.gz not written (rerun once it exists)\n")
    args.out.mkdir(parents=True, exist_ok=True)
    for name, data in build(args.src).items():
        (args.out / name).write_bytes(data)
        sys.stdout.write(f"{args.out / name}: {len(data):,} bytes\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
