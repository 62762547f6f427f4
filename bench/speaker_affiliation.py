"""Named quote speakers on PolNeAR, with their code: the hand check of docs/actors.md
("speakers with an affiliation in the text carry a country code").

Codes PolNeAR texts of ``../shared/data/polnear/<split>/text`` (publication date from
the file name) and keeps quotes whose speaker is a named person (the speaker's
``person`` has a capitalised word), one row per (article, person). Each row has a key:
the first 12 hex digits of SHA-1 of ``salt|file name|person``. Skips when ../shared is
absent.

Three uses::

    # tuning (PolNeAR train only): every row of K articles (chosen by the salted hash
    # of the file name), with code, role and the words around the name
    .venv/bin/python bench/speaker_affiliation.py train --articles 120

    # the held-back sample (PolNeAR dev): the N rows with the smallest keys, for the
    # hand check (no codes printed: the judgement is made on the text alone)
    .venv/bin/python bench/speaker_affiliation.py dev --sample 50 --salt S --blind

    # scoring: the same sample against the hand judgements (key -> affiliation y/n);
    # prints only the counts
    .venv/bin/python bench/speaker_affiliation.py dev --sample 50 --salt S \\
        --score bench/data/speaker_affiliation_dev.tsv

The judgement file holds ``key<TAB>y|n<TAB>kind`` lines (``kind``: what the text gives,
e.g. ``title``, ``party-state``, ``institution``; ``#`` comments); it holds no text
from the corpus. The score is the share of ``y`` rows whose code has a country or IGO.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent / "shared/data/polnear"
_DATE = re.compile(r"_(\d{4}-\d{2}-\d{2})_")


def _key(salt: str, *parts: str) -> str:
    return hashlib.sha1("|".join((salt, *parts)).encode()).hexdigest()[:12]


def _context(raw: str, person: str, *, windows: int = 4) -> str:
    """The words around the first mentions of the surname (at most ``windows`` of them,
    joined by " | "): what the hand check reads to judge whether the text gives an
    affiliation anywhere near the name."""
    surname = person.split()[-1]
    out: list[str] = []
    start = 0
    while len(out) < windows:
        at = raw.find(surname, start)
        if at < 0:
            break
        lo, hi = max(at - 110, 0), at + len(surname) + 110
        out.append(raw[lo:hi].replace("\n", " "))
        start = hi
    return " | ".join(out)


def rows_of(split: str, *, salt: str, articles: int | None) -> list[tuple[str, ...]]:
    """(key, article, person, code, role, context) of every named speaker."""
    import detente

    paths = sorted((ROOT / split / "text").glob("*.txt"))
    if articles is not None:
        paths = sorted(paths, key=lambda p: _key(salt, p.name))[:articles]
    rows = []
    for path in paths:
        raw = path.read_text(encoding="utf-8")
        m = _DATE.search(path.name)
        coded = detente.code_text(raw, published=m.group(1) if m else None)
        seen: set[str] = set()
        for q in coded.quotes:
            sp = q.speaker
            if sp is None or not sp.person or sp.person in seen:
                continue
            if not any(w[:1].isupper() for w in sp.person.split()):
                continue
            seen.add(sp.person)
            rows.append((_key(salt, path.name, sp.person), path.stem[:40], sp.person,
                         sp.code, sp.role or "", _context(raw, sp.person)))
    rows.sort()
    return rows


def _judgements(path: Path) -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split("\t")
        if len(parts) < 2 or parts[1] not in ("y", "n"):
            raise SystemExit(f"{path}:{n}: expected key<TAB>y|n<TAB>kind, got {line!r}")
        out[parts[0]] = (parts[1], parts[2] if len(parts) > 2 else "")
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("split", choices=("train", "dev"))
    ap.add_argument("--articles", type=int, default=None,
                    help="code only K articles (smallest salted hash of the file name)")
    ap.add_argument("--sample", type=int, default=None, help="keep the N smallest keys")
    ap.add_argument("--salt", default="", help="salt of the hashes (a fresh sample)")
    ap.add_argument("--blind", action="store_true", help="leave codes out of the rows")
    ap.add_argument("--score", type=Path, default=None, help="hand judgements to score")
    args = ap.parse_args(argv)
    if not (ROOT / args.split / "text").is_dir():
        sys.stderr.write(f"{ROOT / args.split / 'text'} not found: skipping\n")
        return
    rows = rows_of(args.split, salt=args.salt, articles=args.articles)
    total = len(rows)
    if args.sample is not None:
        rows = rows[:args.sample]
    if args.score is not None:
        judged = _judgements(args.score)
        missing = [r[0] for r in rows if r[0] not in judged]
        given = [r for r in rows if r[0] in judged and judged[r[0]][0] == "y"]
        # a code with a country or IGO starts with its 3+ letter base ("USA GOV", "NATO")
        coded = [r for r in given if r[3].split()[:1] and r[3].split()[0].isupper()]
        sys.stdout.write(f"rows {len(rows)}; affiliation given {len(given)}; "
                         f"with a country {len(coded)}; share "
                         f"{len(coded) / max(len(given), 1):.2f}\n")
        kinds: dict[str, list[int]] = {}
        for r in given:
            k = kinds.setdefault(judged[r[0]][1] or "-", [0, 0])
            k[0] += 1
            k[1] += r in coded
        for kind, (n, ok) in sorted(kinds.items()):
            sys.stdout.write(f"  {kind}: {ok}/{n}\n")
        if missing:
            sys.stdout.write(f"not judged: {len(missing)} rows (keys {' '.join(missing)})\n")
        return
    for key, art, person, code, role, ctx in rows:
        if args.blind:
            sys.stdout.write(f"{key}\t{art}\t{person}\t{ctx}\n")
        else:
            sys.stdout.write(f"{key}\t{art}\t{person}\t{code}\t{role}\t{ctx}\n")
    sys.stderr.write(f"{total} named speakers; {len(rows)} printed\n")


if __name__ == "__main__":
    main()
