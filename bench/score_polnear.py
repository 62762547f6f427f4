"""Score detente's quote attribution against PolNeAR, with textacy as the reference.

Usage::

    .venv/bin/python bench/score_polnear.py [--split dev|train] [--limit N] [--show N]
        [--cache]

Reads ``../shared/data/polnear/<split>/text/*.txt`` and ``attributions/*.ann`` (brat
standoff; the first annotator file in sorted order; discontinuous content ``a b;c d``),
codes each text with detente (publication date from ``metadata.tsv``) and runs textacy
0.13 ``direct_quotations`` on the same Docs, in the same run.

Matching rule (``../shared/data/README.md``): a prediction and a gold attribution match
when their content spans overlap by at least half of the shorter one and the speakers
agree (the predicted speaker span overlaps the gold Source, or the resolved person name
shares a word of 3+ letters with it; a gold attribution without Source needs no
speaker; with ``--relative-antecedent``, a gold Source that is one relative pronoun,
"who", also matches the noun its relative clause modifies in the parse — off by default:
detente's speaker span is the pronoun, as PolNeAR's, resolved through that noun). Precision: share of predicted quotes matching some gold attribution. Recall:
share of gold attributions matched, for direct quotes (gold content, after leading
space, begins with a quotation mark) and for all attributions. Also prints the cost of
quote + claim extraction as a share of parse time, and the speaker breakdown: for gold
attributions with a Source whose content some prediction matches (the content rule
alone), the share whose speaker is right, by the kind of gold Source (``pronoun``: one
pronoun word; ``name``: a proper noun or named entity in it; ``nominal``: the rest, a
common-noun title or description). ``--cache`` keeps the parses as a DocBin under /tmp
(for tuning runs). Exits 1 when the data is absent.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "polnear"
MARKS = "\"“”„«»'‘’`"
TARGETS = {"direct_f1": 0.90, "direct_gap": 0.15, "all_f1": 0.60}


@dataclass
class Gold:
    pieces: list[tuple[int, int]]
    source: list[tuple[int, int]]
    source_text: str
    direct: bool
    # The antecedent of a relative-pronoun Source ("Broaddrick, who said …": PolNeAR
    # marks "who"), read from the parse: a speaker span on it is the same speaker.
    alt: tuple[tuple[int, int], ...] = ()


@dataclass
class Pred:
    start: int
    end: int
    speaker: tuple[int, int] | None
    person: str | None
    direct: bool


def _spans(field: str) -> list[tuple[int, int]]:
    out = []
    for part in field.split(";"):
        a, b = part.split()
        out.append((int(a), int(b)))
    return out


def read_ann(path: Path, text: str) -> list[Gold]:
    """Attributions of one brat file."""
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    events: list[dict[str, list[str]]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("T") and line.count("\t") >= 1:
            tid, info, *_ = line.split("\t")
            kind, _, offs = info.partition(" ")
            try:
                spans[tid] = (kind, _spans(offs))
            except ValueError:  # a malformed line in the gold file: skip it
                continue
        elif line.startswith("E") and line.count("\t") >= 1:
            _, info = line.split("\t")[:2]
            roles: dict[str, list[str]] = {}
            for arg in info.split():
                role, _, tid = arg.partition(":")
                roles.setdefault(re.sub(r"\d+$", "", role), []).append(tid)
            events.append(roles)
    out = []
    for roles in events:
        pieces = [p for tid in roles.get("Content", []) if tid in spans for p in spans[tid][1]]
        if not pieces:
            continue
        source = [p for tid in roles.get("Source", []) if tid in spans for p in spans[tid][1]]
        first = text[pieces[0][0] : pieces[0][1]].lstrip()
        out.append(Gold(pieces=pieces, source=source,
                        source_text=" ".join(text[a:b] for a, b in source),
                        direct=bool(first) and first[0] in MARKS))
    return out


def _overlap(a: int, b: int, pieces: list[tuple[int, int]]) -> int:
    return sum(max(0, min(b, y) - max(a, x)) for x, y in pieces)


def _speaker_ok(p: Pred, g: Gold) -> bool:
    if not g.source:
        return True
    if p.speaker is not None and _overlap(p.speaker[0], p.speaker[1], g.source) > 0:
        return True
    if p.speaker is not None and g.alt and _overlap(p.speaker[0], p.speaker[1], list(g.alt)) > 0:
        return True
    if p.person:
        words = {w.lower() for w in re.findall(r"[A-Za-z]{3,}", p.person)}
        gold = {w.lower() for w in re.findall(r"[A-Za-z]{3,}", g.source_text)}
        return bool(words & gold)
    return False


def content_match(p: Pred, g: Gold) -> bool:
    glen = sum(b - a for a, b in g.pieces)
    short = min(p.end - p.start, glen)
    return short > 0 and _overlap(p.start, p.end, g.pieces) * 2 >= short


def match(p: Pred, g: Gold) -> bool:
    return content_match(p, g) and _speaker_ok(p, g)


_PRONOUNS = frozenset({"he", "she", "they", "i", "we", "you", "it", "him", "her", "them",
                       "who", "his", "their", "its", "our", "my", "me", "us"})


_RELATIVE = frozenset({"who", "which", "that", "whom"})


def relative_antecedents(doc: object, golds: list[Gold]) -> None:
    """Give each gold whose Source is one relative pronoun the character span of the
    noun its relative clause modifies (the parse's ``relcl`` head, through coordinated
    relative clauses), as an equivalent Source (``--relative-antecedent``)."""
    for g in golds:
        if len(g.source) != 1 or g.source_text.strip().lower() not in _RELATIVE:
            continue
        span = doc.char_span(*g.source[0], alignment_mode="expand")  # type: ignore[attr-defined]
        if span is None or len(span) != 1:
            continue
        tok = span[0].head
        for _ in range(4):
            if tok.dep_ == "relcl":
                head = tok.head
                g.alt = ((head.idx, head.idx + len(head.text)),)
                break
            if tok.dep_ != "conj" or tok.head.i == tok.i:
                break
            tok = tok.head


def source_kind(doc: object, g: Gold) -> str | None:
    """``pronoun``, ``name`` or ``nominal`` for a gold Source (None without one)."""
    if not g.source:
        return None
    words = g.source_text.split()
    if len(words) == 1 and words[0].lower().strip(".,") in _PRONOUNS:
        return "pronoun"
    toks = [t for a, b in g.source for t in doc.char_span(a, b, alignment_mode="expand") or ()]  # type: ignore[attr-defined]
    if any(t.pos_ == "PROPN" or t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") for t in toks):
        return "name"
    return "nominal"


class Speakers:
    """Speaker accuracy by gold Source kind, over content-matched attributions."""

    def __init__(self) -> None:
        self.n: dict[str, int] = {}
        self.ok: dict[str, int] = {}

    def add(self, doc: object, preds: list[Pred], golds: list[Gold]) -> None:
        for g in golds:
            kind = source_kind(doc, g)
            if kind is None:
                continue
            found = [p for p in preds if content_match(p, g)]
            if not found:
                continue
            self.n[kind] = self.n.get(kind, 0) + 1
            self.ok[kind] = self.ok.get(kind, 0) + any(_speaker_ok(p, g) for p in found)

    def line(self) -> str:
        parts = [f"{k} {self.ok.get(k, 0) / self.n[k]:.3f} ({self.ok.get(k, 0)}/{self.n[k]})"
                 for k in ("pronoun", "nominal", "name") if self.n.get(k)]
        return "speaker right, by gold Source kind: " + "; ".join(parts)


class Score:
    def __init__(self) -> None:
        self.tp_pred = {"direct": 0, "all": 0}
        self.n_pred = {"direct": 0, "all": 0}
        self.hit = {"direct": 0, "all": 0}
        self.n_gold = {"direct": 0, "all": 0}

    def add(self, preds: list[Pred], golds: list[Gold]) -> list[tuple[str, object]]:
        errors: list[tuple[str, object]] = []
        matched = [False] * len(golds)
        for p in preds:
            ok = False
            for k, g in enumerate(golds):
                if match(p, g):
                    ok = True
                    matched[k] = True
            for key in ("all", "direct") if p.direct else ("all",):
                self.n_pred[key] += 1
                self.tp_pred[key] += ok
            if not ok:
                errors.append(("FP", p))
        for k, g in enumerate(golds):
            for key in ("all", "direct") if g.direct else ("all",):
                self.n_gold[key] += 1
                self.hit[key] += matched[k]
            if not matched[k]:
                errors.append(("FN", g))
        return errors

    def prf(self, key: str) -> tuple[float, float, float]:
        p = self.tp_pred[key] / self.n_pred[key] if self.n_pred[key] else 0.0
        r = self.hit[key] / self.n_gold[key] if self.n_gold[key] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


def _metadata() -> dict[str, str]:
    path = DATA / "metadata.tsv"
    out: dict[str, str] = {}
    if not path.is_file():
        return out
    rows = path.read_text(encoding="utf-8").splitlines()
    head = rows[0].split("\t")
    fi, di = head.index("filename"), head.index("publication_date")
    for row in rows[1:]:
        cols = row.split("\t")
        if len(cols) > max(fi, di):
            out[cols[fi]] = cols[di]
    return out


def _cached_docs(nlp: object, split: str, texts: list[Path]) -> list[object]:
    """Parses of ``texts`` (cleaned, masked), from a DocBin under /tmp when present."""
    import hashlib
    import tempfile

    from spacy.tokens import DocBin

    from detente.clean.noise import clean
    from detente.pipeline.coding import make_article, masked_text

    meta = _metadata()
    key = hashlib.sha256("\0".join(p.name for p in texts).encode()).hexdigest()[:10]
    store = Path(tempfile.gettempdir()) / f"detente_polnear_{split}_{key}.spacy"
    if store.is_file():
        return list(DocBin().from_disk(store).get_docs(nlp.vocab))  # type: ignore[attr-defined]
    docs = []
    for path in texts:
        raw = path.read_text(encoding="utf-8")
        article = clean(make_article(raw, published=meta.get(path.stem) or None,
                                     language="en", source=str(path)))
        docs.append(nlp(masked_text(article)))  # type: ignore[operator]
    DocBin(docs=docs).to_disk(store)
    return docs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=["dev", "train"], default="dev")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--show", type=int, default=0, help="print N errors")
    ap.add_argument("--cache", action="store_true", help="cache parses under /tmp")
    ap.add_argument("--relative-antecedent", action="store_true",
                    help="also accept the noun a relative-pronoun gold Source stands for "
                         "(off: the existing rule, the Source's own span)")
    args = ap.parse_args(argv)
    split = DATA / args.split
    if not (split / "text").is_dir():
        print(f"PolNeAR data not found at {split} (../shared absent): nothing to score")
        return 1

    import textacy.extract.triples as tt

    from detente.clean.noise import clean
    from detente.extract.quotes.find import claims_from_quotes, extract_quotes
    from detente.parse.model import get_nlp
    from detente.pipeline.coding import code_doc, make_article, masked_text

    meta = _metadata()
    texts = sorted((split / "text").glob("*.txt"))
    if args.limit:
        texts = texts[: args.limit]
    anns = sorted((split / "attributions").glob("*.ann"))
    ann_of: dict[str, Path] = {}
    for a in anns:
        ann_of.setdefault(a.stem.rsplit("_", 1)[0], a)
    nlp = get_nlp()
    det, txy = Score(), Score()
    speakers = Speakers()
    cached = _cached_docs(nlp, args.split, texts) if args.cache else None
    shown = 0
    t_parse = t_quotes = t_all = 0.0
    words = 0
    for path in texts:
        raw = path.read_text(encoding="utf-8")
        golds = read_ann(ann_of[path.stem], raw) if path.stem in ann_of else []
        article = clean(make_article(raw, published=meta.get(path.stem) or None,
                                     language="en", source=str(path)))
        t0 = time.perf_counter()
        doc = cached.pop(0) if cached else nlp(masked_text(article))
        t1 = time.perf_counter()
        if args.relative_antecedent:
            relative_antecedents(doc, golds)
        coded = code_doc(doc, article)
        t2 = time.perf_counter()
        quotes = extract_quotes(doc, article=article, mentions=list(coded.mentions))
        claims_from_quotes(quotes, doc=doc, article=article, dates=list(coded.dates))
        t3 = time.perf_counter()
        t_parse += t1 - t0
        t_all += t2 - t1
        t_quotes += t3 - t2
        words += sum(1 for t in doc if not t.is_punct and not t.is_space)
        preds = [
            Pred(q.start, q.end,
                 (q.speaker_start, q.speaker_end)
                 if q.speaker_start is not None and q.speaker_end is not None else None,
                 q.speaker.person if q.speaker else None, q.quote_type == "direct")
            for q in coded.quotes
        ]
        errs = det.add(preds, golds)
        speakers.add(doc, preds, golds)
        tpreds = []
        try:
            triples = list(tt.direct_quotations(doc))
        except ValueError:  # textacy bails out on an odd number of marks
            triples = []
        for tr in triples:
            sp = (min(t.idx for t in tr.speaker),
                  max(t.idx + len(t.text) for t in tr.speaker)) if tr.speaker else None
            tpreds.append(Pred(tr.content.start_char, tr.content.end_char, sp, None, True))
        txy.add(tpreds, golds)
        for kind, item in errs:
            if shown >= args.show:
                break
            shown += 1
            if isinstance(item, Pred):
                spk = raw[item.speaker[0]:item.speaker[1]] if item.speaker else None
                print(f"{kind} {path.stem[:40]} [{'D' if item.direct else 'I'}] spk={spk!r} "
                      f"{raw[item.start:item.end][:110]!r}")
            elif isinstance(item, Gold):
                a, b = item.pieces[0]
                print(f"{kind} {path.stem[:40]} [{'D' if item.direct else 'I'}] "
                      f"src={item.source_text!r} {raw[a:b][:110]!r}")
    print(f"PolNeAR {args.split}: {len(texts)} texts, {words} words, "
          f"{det.n_gold['all']} gold attributions ({det.n_gold['direct']} direct)")
    print(f"{'system':10} {'direct P':>9} {'R':>6} {'F1':>6}   {'all P':>6} {'R':>6} {'F1':>6}")
    for name, s in (("detente", det), ("textacy", txy)):
        dp, dr, df = s.prf("direct")
        ap_, ar, af = s.prf("all")
        print(f"{name:10} {dp:9.3f} {dr:6.3f} {df:6.3f}   {ap_:6.3f} {ar:6.3f} {af:6.3f}")
    df, tf, af = det.prf("direct")[2], txy.prf("direct")[2], det.prf("all")[2]
    print(f"targets: direct F1 {df:.3f} >= {TARGETS['direct_f1']} "
          f"[{'ok' if df >= TARGETS['direct_f1'] else 'MISS'}]; "
          f"gap over textacy {df - tf:+.3f} >= {TARGETS['direct_gap']} "
          f"[{'ok' if df - tf >= TARGETS['direct_gap'] else 'MISS'}]; "
          f"all F1 {af:.3f} >= {TARGETS['all_f1']} [{'ok' if af >= TARGETS['all_f1'] else 'MISS'}]")
    print(speakers.line())
    print(f"time: parse {t_parse:.1f}s; all extractors {t_all:.2f}s "
          f"({100 * t_all / t_parse:.1f}% of parse); quotes+claims {t_quotes:.2f}s "
          f"({100 * t_quotes / t_parse:.1f}% of parse)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
