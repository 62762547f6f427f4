"""Quote speakers by kind on PolNeAR texts: how many are names, resolved pronouns or
nominals, and how many stay unresolved or are left as relative pronouns.

Usage::

    .venv/bin/python bench/speaker_quality.py [--split train|dev] [--limit N] [--cache]
        [--show KIND] [--sample N]

Codes each text (``detente.pipeline.coding.code_doc``) and counts its quotes by the kind of
their speaker span: ``name`` (a proper noun or named entity in the span), ``pronoun_ok``
/ ``pronoun_unresolved`` (one pronoun word; resolved = an actor with a person for
he/she/I, any actor for they/we/it), ``relative`` (the span is "which", "who",
"that"), ``nominal_ok`` / ``nominal_unresolved`` (the rest: a common-noun title or
description; resolved = any actor), ``none`` (no speaker). Prints one JSON line.
``--show KIND --sample N`` prints N quotes of that kind (train only: never read dev
errors). Needs no gold: it measures what the coder gives, not whether it is right.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

KINDS = ("name", "pronoun_ok", "pronoun_unresolved", "relative", "nominal_ok",
         "nominal_unresolved", "none")
_PERSONAL = frozenset({"he", "she", "i", "him", "her", "me"})
_PRONOUNS = _PERSONAL | frozenset({"they", "we", "it", "them", "us", "you"})
_RELATIVE = frozenset({"which", "who", "that", "whom"})


def speaker_kind(doc: object, q: object) -> str:
    """The kind of ``q``'s speaker (see the module doc)."""
    text = q.speaker_text  # type: ignore[attr-defined]
    if text is None or q.speaker_start is None:  # type: ignore[attr-defined]
        return "none"
    words = text.lower().split()
    actor = q.speaker  # type: ignore[attr-defined]
    if len(words) == 1 and words[0] in _RELATIVE:
        return "relative"
    if len(words) == 1 and words[0] in _PRONOUNS:
        if words[0] in _PERSONAL:
            ok = actor is not None and bool(actor.person)
        else:
            ok = actor is not None and bool(actor.person or actor.code)
        return "pronoun_ok" if ok else "pronoun_unresolved"
    span = doc.char_span(q.speaker_start, q.speaker_end, alignment_mode="expand")  # type: ignore[attr-defined]
    toks = list(span) if span is not None else []
    if any(t.pos_ == "PROPN" or t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") for t in toks):
        return "name"
    ok = actor is not None and bool(actor.person or actor.code)
    return "nominal_ok" if ok else "nominal_unresolved"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=["dev", "train"], default="train")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--cache", action="store_true", help="cache parses under /tmp")
    ap.add_argument("--show", choices=KINDS, default=None)
    ap.add_argument("--sample", type=int, default=20)
    args = ap.parse_args(argv)
    from score_polnear import DATA, _cached_docs, _metadata

    if args.show and args.split != "train":
        print("--show reads errors: train only")
        return 2
    split = DATA / args.split
    if not (split / "text").is_dir():
        print(f"PolNeAR data not found at {split}: nothing to measure")
        return 1
    from detente.clean.noise import clean
    from detente.parse.model import get_nlp
    from detente.pipeline.coding import code_doc, make_article, masked_text

    meta = _metadata()
    texts = sorted((split / "text").glob("*.txt"))
    if args.limit:
        texts = texts[: args.limit]
    nlp = get_nlp()
    cached = _cached_docs(nlp, args.split, texts) if args.cache else None
    counts = dict.fromkeys(KINDS, 0)
    shown: list[str] = []
    for path in texts:
        raw = path.read_text(encoding="utf-8")
        article = clean(make_article(raw, published=meta.get(path.stem) or None,
                                     language="en", source=str(path)))
        doc = cached.pop(0) if cached else nlp(masked_text(article))
        coded = code_doc(doc, article)
        for q in coded.quotes:
            kind = speaker_kind(doc, q)
            counts[kind] += 1
            if kind == args.show:
                a = max(0, q.start - 160)
                ctx = article.text[a:q.end + 60].replace("\n", " / ")
                who = q.speaker.person or q.speaker.code if q.speaker else None
                shown.append(f"{path.stem[:30]} [{q.quote_type[0]}] spk={q.speaker_text!r} "
                             f"-> {who!r}\n    …{ctx}…")
    total = sum(counts.values())
    print(json.dumps({"split": args.split, "texts": len(texts), "quotes": total, **counts}))
    if args.show:
        random.Random(7).shuffle(shown)
        for line in shown[: args.sample]:
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
