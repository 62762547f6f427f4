"""Sample of named quote speakers on PolNeAR, with their code and the words around the
name's first mention, for the hand check of docs/actors.md ("speakers with an
affiliation in the text carry a country code").

Codes every text of ``../shared/data/polnear/<split>/text`` (publication date from the
file name), keeps quotes whose speaker is a named person (the speaker's ``person`` has a
space or a capital and is not a pronoun), one per (article, person), and prints a fixed
sample of N (sorted by a hash of article + name) as TSV: article, person, code, role,
context. Skips when ../shared is absent.

    .venv/bin/python bench/speaker_affiliation.py [split] [N]
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent / "shared/data/polnear"
_DATE = re.compile(r"_(\d{4}-\d{2}-\d{2})_")


def main(split: str = "dev", n: int = 50) -> None:
    texts = ROOT / split / "text"
    if not texts.is_dir():
        sys.stderr.write(f"{texts} not found\n")
        return
    import detente

    rows = []
    for path in sorted(texts.glob("*.txt")):
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
            first = raw.find(sp.person.split()[-1])
            ctx = raw[max(first - 90, 0):first + 60].replace("\n", " ") if first >= 0 else ""
            key = hashlib.sha1(f"{path.name}|{sp.person}".encode()).hexdigest()
            rows.append((key, path.stem[:40], sp.person, sp.code, sp.role or "", ctx))
    rows.sort()
    for _, art, person, code, role, ctx in rows[:n]:
        sys.stdout.write(f"{art}\t{person}\t{code}\t{role}\t{ctx}\n")
    sys.stderr.write(f"{len(rows)} named speakers; sample of {min(n, len(rows))}\n")


if __name__ == "__main__":
    main(*(sys.argv[1:2]), *(int(a) for a in sys.argv[2:3]))
