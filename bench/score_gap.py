"""Score detente's pronoun resolution on GAP (Webster et al., TACL 2018).

Usage::

    .venv/bin/python bench/score_gap.py [--split development|validation] [--gold PATH]
        [--limit N] [--show N] [--no-cache]

Reads ``../shared/data/gap/gap-<split>.tsv`` (or ``--gold``). Snippet-context setting:
each row's ``Text`` alone is parsed with the project's spaCy pipeline and coded by
:func:`detente.extract.actors.mentions.extract_mentions` (which runs the coreference pass of
:mod:`detente.extract.coref.resolve`); the system finds the mentions itself. The row's offsets are
used only to read the answer: the chain holding the mention at ``Pronoun-offset`` says
"yes" for candidate A (B) when one of its other mentions overlaps A's (B's) span.

Scoring is the official scorer's rule: every row gives two yes/no decisions (A, B); F1
over the TRUE class, overall and for masculine and feminine pronouns, and the bias
factor F1(F) / F1(M). Prints one JSON line. Parses are cached as a DocBin under /tmp
(keyed by the file's hash and the model), so tuning runs take seconds.
Exits 0 after printing a message when the data is absent.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "gap"
_FEMININE = frozenset({"she", "her", "hers", "herself"})


@dataclass
class Row:
    id: str
    text: str
    pronoun: str
    p_off: int
    a: str
    a_off: int
    a_gold: bool
    b: str
    b_off: int
    b_gold: bool

    @property
    def feminine(self) -> bool:
        return self.pronoun.lower() in _FEMININE


def read_rows(path: Path) -> list[Row]:
    out: list[Row] = []
    with path.open(encoding="utf-8", newline="") as fh:
        for rec in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            out.append(Row(
                id=rec["ID"], text=rec["Text"], pronoun=rec["Pronoun"],
                p_off=int(rec["Pronoun-offset"]), a=rec["A"], a_off=int(rec["A-offset"]),
                a_gold=rec["A-coref"].strip().upper() == "TRUE", b=rec["B"],
                b_off=int(rec["B-offset"]), b_gold=rec["B-coref"].strip().upper() == "TRUE"))
    return out


def parsed_docs(rows: list[Row], path: Path, *, cache: bool) -> list[Any]:
    """The Docs of the rows' texts, parsed by the project's pipeline (cached)."""
    from spacy.tokens import DocBin

    from detente.parse.model import DEFAULT_MODEL, get_nlp

    nlp = get_nlp()
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    model = f"{nlp.meta.get('name', DEFAULT_MODEL)}-{nlp.meta.get('version', '')}"
    store = Path(tempfile.gettempdir()) / f"detente_gap_{digest}_{model}_{len(rows)}.spacy"
    if cache and store.is_file():
        return list(DocBin().from_disk(store).get_docs(nlp.vocab))
    docs = list(nlp.pipe((r.text for r in rows), batch_size=64))
    if cache:
        DocBin(docs=docs).to_disk(store)
    return docs


def _overlaps(a: int, b: int, x: int, y: int) -> bool:
    return a < y and x < b


def predict(row: Row, doc: Any) -> tuple[bool, bool]:
    """(A corefers, B corefers) as read from detente's chains."""
    from detente.extract.actors.mentions import extract_mentions
    from detente.extract.coref.resolve import build_chains
    from detente.records import Article

    article = Article(id=row.id, text=row.text)
    mentions = extract_mentions(doc, article=article)
    chains = build_chains(mentions, article_id=row.id)
    p_end = row.p_off + len(row.pronoun)
    for chain in chains:
        if not any(_overlaps(m.start, m.end, row.p_off, p_end) for m in chain.mentions):
            continue
        others = [m for m in chain.mentions if not _overlaps(m.start, m.end, row.p_off, p_end)]
        a = any(_overlaps(m.start, m.end, row.a_off, row.a_off + len(row.a)) for m in others)
        b = any(_overlaps(m.start, m.end, row.b_off, row.b_off + len(row.b)) for m in others)
        return a, b
    return False, False


class F1:
    def __init__(self) -> None:
        self.tp = self.fp = self.fn = 0

    def add(self, pred: bool, gold: bool) -> None:
        self.tp += pred and gold
        self.fp += pred and not gold
        self.fn += gold and not pred

    def f1(self) -> float:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return 2 * p * r / (p + r) if p + r else 0.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=["development", "validation"], default="development")
    ap.add_argument("--gold", type=Path, default=None, help="a GAP .tsv file")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--show", type=int, default=0,
                    help="print N errors (development only: validation errors are never shown)")
    ap.add_argument("--no-cache", action="store_true")
    args = ap.parse_args(argv)
    path = args.gold or DATA / f"gap-{args.split}.tsv"
    if not path.is_file():
        print(f"GAP data not found at {path} (../shared absent): nothing to score")
        return 0
    rows = read_rows(path)
    t0 = time.perf_counter()
    docs = parsed_docs(rows, path, cache=not args.no_cache)
    if args.limit:
        rows, docs = rows[: args.limit], docs[: args.limit]
    t1 = time.perf_counter()
    show = args.show if "validation" not in path.name else 0
    overall, masc, fem = F1(), F1(), F1()
    shown = 0
    for row, doc in zip(rows, docs, strict=True):
        pa, pb = predict(row, doc)
        for pred, gold in ((pa, row.a_gold), (pb, row.b_gold)):
            overall.add(pred, gold)
            (fem if row.feminine else masc).add(pred, gold)
        if (pa, pb) != (row.a_gold, row.b_gold) and shown < show:
            shown += 1
            p = row.p_off
            print(f"ERR {row.id} {row.pronoun!r}@{p} A={row.a!r}{'*' if row.a_gold else ''} "
                  f"B={row.b!r}{'*' if row.b_gold else ''} pred={pa:d}{pb:d}\n    "
                  f"{row.text[max(0, p - 300):p]}[[{row.pronoun}]]{row.text[p + len(row.pronoun):p + 80]}",
                  file=sys.stderr)
    t2 = time.perf_counter()
    m, f = masc.f1(), fem.f1()
    print(json.dumps({
        "split": path.stem, "rows": len(rows), "f1": round(100 * overall.f1(), 1),
        "masculine": round(100 * m, 1), "feminine": round(100 * f, 1),
        "bias": round(f / m, 3) if m else None,
        "tp": overall.tp, "fp": overall.fp, "fn": overall.fn,
        "parse_s": round(t1 - t0, 1), "resolve_s": round(t2 - t1, 2)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
