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

import bisect
import datetime as _dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..records import Claim, CodedArticle, Dispute, DisputeSide, Mention
from ._text import config, normalize_words, stable_id, tokens
from .clusters import party_of
from .denials import conditional_re, is_denial, who_denies

__all__ = ["claim_echoes", "disputes_and_echoes", "find_disputes", "is_denial"]


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


@dataclass(slots=True)
class _Bare:
    """A denial with no quote of its own ("a claim Kyiv has denied"): the denier's
    mention and the cue, and the claim it answers."""

    mention: Mention
    party: str
    start: int  # mention start
    end: int  # cue end
    claim: _C
    # An event of another party between the claim and the cue ("... and accused the units
    # of holding civilians as human shields, a claim Kyiv has denied") is what is denied,
    # rather than the claim before it: (side, id key).
    event_side: DisputeSide | None = None


def _collect(coded: Sequence[CodedArticle]) -> tuple[list[_C], list[_Bare]]:
    out: list[_C] = []
    bare: dict[tuple[str, int, int], _Bare] = {}
    for c in coded:
        a = c.article
        quotes = {q.id: q for q in c.quotes}
        mentions = sorted(c.mentions, key=lambda m: (m.start, m.end))
        starts = [m.start for m in mentions]
        here: set[tuple[str, int, int]] = set()  # bare denials found in this article
        spans = [(o.start, o.end) for o in c.claims]
        for cl in c.claims:
            q = quotes.get(cl.quote_id)
            sentence = a.text[q.sentence_start : q.sentence_end] if q else ""
            text = a.text[cl.start : cl.end]
            words = normalize_words(cl.keywords) if cl.keywords else set(tokens(text))
            own, others = who_denies(c, cl, q, mentions=mentions, starts=starts,
                                      claim_spans=spans)
            item = _C(
                claim=cl,
                article_id=a.id,
                outlet=a.outlet,
                date=cl.date or a.published,
                party=party_of(cl.speaker),
                words=words,
                text=text,
                sentence=sentence,
                denial=bool(own),
            )
            out.append(item)
            for subj, cs, ce in others:
                party = party_of(subj.actor)
                if party is None or item.party is None or party == item.party:
                    continue
                # The denial answers the claim that ends nearest before its cue.
                key = (a.id, subj.start, cs)
                prev = bare.get(key)
                if cl.end <= cs and (prev is None or prev.claim.claim.end < cl.end):
                    bare[key] = _Bare(subj, party, subj.start, ce, item)
                    here.add(key)
        for key in here:
            bare[key].event_side = _denied_event(c, bare[key], key[2])
    return out, list(bare.values())


def _denied_event(c: CodedArticle, bd: _Bare, cue_start: int) -> DisputeSide | None:
    """The statement a bare denial answers when it is an event, not the claim before it:
    an event by another party whose trigger stands after that claim and before the
    denier's mention, in the same sentence. Its text runs from the trigger to the last
    comma before the mention ("accused the units ... as human shields")."""
    text = c.article.text
    best = None
    for e in c.events:
        if not (e.start <= cue_start < e.end and bd.claim.claim.end <= e.trigger_start < bd.start):
            continue
        src = party_of(e.source[0]) if e.source else None
        if src is None or src == bd.party:
            continue
        if best is None or e.trigger_start > best.trigger_start:
            best = e
    if best is None:
        return None
    cut = text.rfind(",", best.trigger_start, bd.start)
    end = cut if cut > best.trigger_end else bd.start
    end = best.trigger_start + len(text[best.trigger_start : end].rstrip())
    actor = best.source[0]
    return DisputeSide(
        article_id=c.article.id,
        quote_id=None,
        speaker=actor.person,
        actor_code=actor.code,
        text=text[best.trigger_start : end],
        start=best.trigger_start,
        end=end,
        date=best.date or c.article.published,
        outlet=c.article.outlet,
    )


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


def _bare_side(b: _Bare, coded: CodedArticle) -> DisputeSide:
    a = coded.article
    actor = b.mention.actor
    return DisputeSide(
        article_id=a.id,
        quote_id=None,
        speaker=actor.person if actor else None,
        actor_code=actor.code if actor else None,
        text=a.text[b.start : b.end],
        start=b.start,
        end=b.end,
        date=b.claim.claim.date or a.published,
        outlet=a.outlet,
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


def _topic(words: set[str]) -> str:
    # Folded party tokens ("@RUS") are not words a reader would recognise as a topic.
    return ", ".join(sorted(w for w in words if not w.startswith("@"))[:6])


def _dispute(claim: _C, counter: _C, basis: str, score: float) -> Dispute:
    shared = {w for w in claim.words & counter.words if not w.startswith("@")}
    topic = _topic(shared) if shared else _topic(claim.words)
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
    """Claims indexed by their few rarest keywords, postings sorted by date.

    A candidate search is a bisect on the date window in the postings of the claim's
    rarest keywords, keeping at most ``per_word`` claims nearest in date per keyword, so
    a corpus that grows denser (more reports of the same weeks) costs more claims, not
    more comparisons per claim. Keywords held by too many claims are left out.
    """

    def __init__(self, items: list[_C]) -> None:
        cfg = config()["disputes"]
        self.items = items
        self.block = int(cfg["block_keywords"])
        self.per_word = int(cfg["max_candidates_per_keyword"])
        df: Counter[str] = Counter()
        for c in items:
            df.update(c.words)
        cap = max(20, int(float(cfg["max_keyword_share"]) * len(items)))
        self.df = df
        self.post: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self.undated: dict[str, list[int]] = defaultdict(list)
        self.keys: list[list[str]] = []
        for i, c in enumerate(items):
            words = sorted((w for w in c.words if 1 < df[w] <= cap), key=lambda w: (df[w], w))
            words = words[: self.block]
            self.keys.append(words)
            for w in words:
                if c.date is None:
                    self.undated[w].append(i)
                else:
                    self.post[w].append((c.date.toordinal(), i))
        for plist in self.post.values():
            plist.sort()

    def candidates(self, i: int, *, min_shared: int, window: int) -> list[int]:
        c = self.items[i]
        found: set[int] = set()
        k = self.per_word
        for w in self.keys[i]:
            found.update(self.undated.get(w, ())[:k])
            plist = self.post.get(w, [])
            if c.date is None:
                found.update(j for _, j in plist[:k])
                continue
            day = c.date.toordinal()
            lo = bisect.bisect_left(plist, (day - window, -1))
            hi = bisect.bisect_right(plist, (day + window, len(self.items)))
            if hi - lo > k:
                mid = bisect.bisect_left(plist, (day, -1), lo, hi)
                lo = max(lo, min(mid - k // 2, hi - k))
                hi = lo + k
            found.update(j for _, j in plist[lo:hi])
        found.discard(i)
        return sorted(j for j in found if len(c.words & self.items[j].words) >= min_shared)


def find_disputes(
    coded: Iterable[CodedArticle], *, duplicates: dict[str, str] | None = None
) -> list[Dispute]:
    """All disputes among the claims of ``coded`` (see the module docstring).

    One dispute per (claim speaker, counter speaker) pair within an article: a denial
    restated twice in a row is one dispute. ``duplicates`` (article id -> wire-copy
    representative) keeps copies out of cross-article pairing: a claim carried by ten
    copies of one wire story is one claim. Highest score first.
    """
    return _find_disputes(_Prepared(coded), duplicates=duplicates)


class _Prepared:
    """Claims of a corpus collected and indexed once, for disputes and echoes alike."""

    def __init__(self, coded: Iterable[CodedArticle]) -> None:
        self.coded = list(coded)
        self.items, self.bare = _collect(self.coded)
        self.index = _Index(self.items)


def disputes_and_echoes(
    coded: Iterable[CodedArticle], *, duplicates: dict[str, str] | None = None
) -> tuple[list[Dispute], list[tuple[str, str]]]:
    """:func:`find_disputes` and :func:`claim_echoes` of ``coded``, collecting and
    indexing the claims once."""
    prepared = _Prepared(coded)
    return (
        _find_disputes(prepared, duplicates=duplicates),
        _claim_echoes(prepared, duplicates=duplicates),
    )


def _find_disputes(prepared: _Prepared, *, duplicates: dict[str, str] | None) -> list[Dispute]:
    coded_by_id = {c.article.id: c for c in prepared.coded}
    cfg = config()["disputes"]
    items, bare = prepared.items, prepared.bare
    dups = duplicates or {}
    copies = {
        i for i, c in enumerate(items) if dups.get(c.article_id, c.article_id) != c.article_id
    }
    by_article: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(items):
        by_article[c.article_id].append(i)
    for idx in by_article.values():
        idx.sort(key=lambda i: items[i].claim.start)
    index = prepared.index
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
                if conditional_re().search(c.text):
                    continue  # a denial answers an assertion, not an "if ..." threat
                score = 0.5 + 0.1 * min(3, len(c.words & d.words))
                if _names_speaker(d, c):
                    score += 0.3
                if f"@{d.party}" in c.words:
                    # A denial by Russia answers what was said about Russia ("Russia
                    # was preparing a staged referendum" / "fabricated stories").
                    score += 0.2
                if score > chosen_score:
                    chosen, chosen_score = c, score
            if chosen is None:
                # Across articles: a recent claim by an opposing party on the same words.
                for j in index.candidates(i, min_shared=min_shared, window=window):
                    c = items[j]
                    if j in copies or c.article_id == aid or c.denial or not _opposed(c, d):
                        continue
                    if d.date and c.date and not 0 <= (d.date - c.date).days <= window:
                        continue
                    score = 0.4 + 0.5 * _jaccard(c.words, d.words)
                    if score > chosen_score:
                        chosen, chosen_score = c, score
            if chosen is not None:
                key = (chosen.article_id, who(chosen), d.article_id, who(d))
                keep(
                    key,
                    min(1.0, chosen_score),
                    _dispute(chosen, d, "explicit_denial", chosen_score),
                )

    # Denials with no quote of their own ("a claim Kyiv has denied").
    for bd in bare:
        side = _bare_side(bd, coded_by_id[bd.claim.article_id])
        key = (bd.claim.article_id, f"m{bd.start}", side.article_id, bd.mention.text)
        score = 0.8
        denied = bd.event_side or _side(bd.claim)
        words = set(tokens(denied.text)) if bd.event_side else bd.claim.words
        dispute = Dispute(
            id=stable_id(
                "d", [denied.article_id, str(denied.start), side.article_id, f"m{bd.start}"]
            ),
            claim=denied,
            counter=side,
            basis="explicit_denial",
            topic=_topic(words),
            score=score,
        )
        keep(key, score, dispute)

    # Opposing claims across articles.
    min_j = float(cfg["min_jaccard"])
    paired = {(v[1].claim.article_id, v[1].counter.article_id) for v in best.values()}
    for i, a in enumerate(items):
        if a.party is None or a.denial or i in copies:
            continue
        for j in index.candidates(i, min_shared=min_shared, window=window):
            b = items[j]
            if (
                j <= i
                or j in copies
                or b.article_id == a.article_id
                or b.denial
                or not _opposed(a, b)
            ):
                continue
            if a.claim.polarity == b.claim.polarity:
                continue
            if a.date and b.date and abs((a.date - b.date).days) > window:
                continue
            jac = _jaccard(a.words, b.words)
            if jac < min_j:
                continue
            first, second = (
                (a, b) if (a.date or _dt.date.min) <= (b.date or _dt.date.min) else (b, a)
            )
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
    return _claim_echoes(_Prepared(coded), duplicates=None)


def _claim_echoes(
    prepared: _Prepared, *, duplicates: dict[str, str] | None
) -> list[tuple[str, str]]:
    cfg = config()["disputes"]
    items, index = prepared.items, prepared.index
    window = int(cfg["window_days"])
    min_shared, min_j = int(cfg["min_shared_keywords"]), float(cfg["min_jaccard"])
    dups = duplicates or {}
    out: set[tuple[str, str]] = set()
    for i, a in enumerate(items):
        if a.party is None or dups.get(a.article_id, a.article_id) != a.article_id:
            continue  # a wire copy echoes its original trivially; it follows it anyway
        for j in index.candidates(i, min_shared=min_shared, window=window * 2):
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
