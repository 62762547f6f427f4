"""Disputes: a claim and the counter-claim that denies or contradicts it.

Two kinds (``Dispute.basis``):

* ``explicit_denial``: a denial ("refuted these claims", "never received", "fakes and
  lies") linked to the claim it answers: the nearest preceding claim in the same article
  by an opposing party (another country), preferring one that shares keywords or whose
  speaker the denial names; failing that, a recent claim by an opposing party in another
  article that shares keywords.
* ``opposing_claims``: claims of opposite polarity by opposing parties, in different
  articles, on the same proposition (keyword overlap), within a date window.

Cross-article candidates come from an inverted keyword index, never all pairs.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..lexicon.issues import term_pattern
from ..records import Claim, CodedArticle, Dispute, DisputeSide
from ._text import config, normalize_words, stable_id, tokens
from .clusters import party_of

__all__ = ["claim_echoes", "find_disputes", "is_denial"]


@dataclass(slots=True)
class _C:
    claim: Claim
    article_id: str
    outlet: str | None
    date: _dt.date | None
    party: str | None
    words: set[str]
    text: str
    sentence: str
    denial: bool


@lru_cache(maxsize=1)
def _denial_re() -> re.Pattern[str]:
    return term_pattern(config()["disputes"]["denial_cues"])


def is_denial(claim: Claim, *, sentence: str = "") -> bool:
    """True when the claim is flagged as a denial, or its sentence carries a denial cue."""
    return claim.denial or bool(sentence and _denial_re().search(sentence))


def _collect(coded: Sequence[CodedArticle]) -> list[_C]:
    out = []
    for c in coded:
        a = c.article
        quotes = {q.id: q for q in c.quotes}
        for cl in c.claims:
            q = quotes.get(cl.quote_id)
            sentence = a.text[q.sentence_start : q.sentence_end] if q else ""
            text = a.text[cl.start : cl.end]
            words = normalize_words(cl.keywords) if cl.keywords else set(tokens(text))
            out.append(
                _C(
                    claim=cl,
                    article_id=a.id,
                    outlet=a.outlet,
                    date=cl.date or a.published,
                    party=party_of(cl.speaker),
                    words=words,
                    text=text,
                    sentence=sentence,
                    denial=is_denial(cl, sentence=sentence),
                )
            )
    return out


def _side(c: _C) -> DisputeSide:
    sp = c.claim.speaker
    return DisputeSide(
        article_id=c.article_id,
        quote_id=c.claim.quote_id,
        speaker=sp.person if sp else None,
        actor_code=sp.code if sp else None,
        text=c.text,
        start=c.claim.start,
        end=c.claim.end,
        date=c.date,
        outlet=c.outlet,
    )


def _opposed(a: _C, b: _C) -> bool:
    return a.party is not None and b.party is not None and a.party != b.party


def _names_speaker(denial: _C, other: _C) -> bool:
    # "responded to Medinsky's comments": the denial names whom it answers.
    person = other.claim.speaker.person if other.claim.speaker else None
    if not person:
        return False
    last = person.split()[-1].lower()
    return len(last) > 2 and last in denial.sentence.lower()


def _dispute(claim: _C, counter: _C, basis: str, score: float) -> Dispute:
    shared = sorted(claim.words & counter.words)
    topic = ", ".join(shared[:6]) if shared else ", ".join(sorted(claim.words)[:6])
    return Dispute(
        id=stable_id(
            "d",
            [claim.article_id, claim.claim.quote_id, counter.article_id, counter.claim.quote_id],
        ),
        claim=_side(claim),
        counter=_side(counter),
        basis=basis,
        topic=topic,
        score=round(score, 3),
    )


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


class _Index:
    """Claims indexed by keyword, keywords held by too many claims left out."""

    def __init__(self, items: list[_C]) -> None:
        df: Counter[str] = Counter()
        for c in items:
            df.update(c.words)
        cap = max(20, len(items) // 20)
        self.post: dict[str, list[int]] = defaultdict(list)
        for i, c in enumerate(items):
            for w in c.words:
                if df[w] <= cap:
                    self.post[w].append(i)

    def candidates(self, c: _C, *, min_shared: int) -> list[int]:
        hits: Counter[int] = Counter()
        for w in c.words:
            hits.update(self.post.get(w, ()))
        return [i for i, n in hits.items() if n >= min_shared]


def find_disputes(coded: Iterable[CodedArticle]) -> list[Dispute]:
    """All disputes among the claims of ``coded`` (see the module docstring).

    One dispute per (claim speaker, counter speaker) pair within an article: a denial
    restated twice in a row is one dispute. Highest score first.
    """
    coded = list(coded)
    cfg = config()["disputes"]
    items = _collect(coded)
    by_article: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(items):
        by_article[c.article_id].append(i)
    for idx in by_article.values():
        idx.sort(key=lambda i: items[i].claim.start)
    index = _Index(items)
    window = int(cfg["window_days"])
    min_shared = int(cfg["min_shared_keywords"])
    best: dict[tuple, tuple[float, Dispute]] = {}

    def keep(key: tuple, score: float, d: Dispute) -> None:
        if key not in best or score > best[key][0]:
            best[key] = (score, d)

    def who(c: _C) -> str:
        sp = c.claim.speaker
        return (sp.person or sp.code) if sp else ""

    for aid, idx in by_article.items():
        for pos, i in enumerate(idx):
            d = items[i]
            if not d.denial or d.party is None:
                continue
            chosen, chosen_score = None, 0.0
            for j in reversed(idx[:pos]):
                c = items[j]
                if c.denial and c.party == d.party or not _opposed(c, d):
                    continue
                score = 0.5 + 0.1 * min(3, len(c.words & d.words))
                if _names_speaker(d, c):
                    score += 0.3
                if score > chosen_score:
                    chosen, chosen_score = c, score
            if chosen is None:
                # Across articles: a recent claim by an opposing party on the same words.
                for j in index.candidates(d, min_shared=min_shared):
                    c = items[j]
                    if c.article_id == aid or c.denial or not _opposed(c, d):
                        continue
                    if d.date and c.date and not 0 <= (d.date - c.date).days <= window:
                        continue
                    score = 0.4 + 0.5 * _jaccard(c.words, d.words)
                    if score > chosen_score:
                        chosen, chosen_score = c, score
            if chosen is not None:
                key = (chosen.article_id, who(chosen), d.article_id, who(d))
                keep(key, min(1.0, chosen_score), _dispute(chosen, d, "explicit_denial", chosen_score))

    # Opposing claims across articles.
    min_j = float(cfg["min_jaccard"])
    paired = {(v[1].claim.article_id, v[1].counter.article_id) for v in best.values()}
    for i, a in enumerate(items):
        if a.party is None or a.denial:
            continue
        for j in index.candidates(a, min_shared=min_shared):
            b = items[j]
            if j <= i or b.article_id == a.article_id or b.denial or not _opposed(a, b):
                continue
            if a.claim.polarity == b.claim.polarity:
                continue
            if a.date and b.date and abs((a.date - b.date).days) > window:
                continue
            jac = _jaccard(a.words, b.words)
            if jac < min_j:
                continue
            first, second = (a, b) if (a.date or _dt.date.min) <= (b.date or _dt.date.min) else (b, a)
            if (first.article_id, second.article_id) in paired:
                continue
            key = (first.article_id, who(first), second.article_id, who(second))
            keep(key, 0.3 + 0.5 * jac, _dispute(first, second, "opposing_claims", 0.3 + 0.5 * jac))

    out = [d for _, d in best.values()]
    out.sort(key=lambda d: (-d.score, d.id))
    return out


def claim_echoes(coded: Iterable[CodedArticle]) -> list[tuple[str, str]]:
    """Pairs of articles (different outlets) carrying the same party's same claim.

    Two reports that one side says the same thing (same party, same polarity, shared
    keywords as for opposing claims, dates within the window) are reports of one story.
    """
    coded = list(coded)
    cfg = config()["disputes"]
    items = _collect(coded)
    index = _Index(items)
    window = int(cfg["window_days"])
    min_shared, min_j = int(cfg["min_shared_keywords"]), float(cfg["min_jaccard"])
    out: set[tuple[str, str]] = set()
    for i, a in enumerate(items):
        if a.party is None:
            continue
        for j in index.candidates(a, min_shared=min_shared):
            b = items[j]
            if j <= i or b.article_id == a.article_id or b.party != a.party:
                continue
            if a.outlet == b.outlet or a.claim.polarity != b.claim.polarity:
                continue
            if a.date and b.date and abs((a.date - b.date).days) > window * 2:
                continue
            if _jaccard(a.words, b.words) >= min_j:
                out.add(tuple(sorted((a.article_id, b.article_id))))  # type: ignore[arg-type]
    return sorted(out)
