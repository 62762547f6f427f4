"""Hand-built CodedArticles for the link-stage tests (no spaCy, no store).

Texts are written for these tests; offsets are found with ``str.index`` so every record
points at real characters of its article. ``article`` builds events and claims from specs
(``event``, ``claim``); ``coded`` adds quotes and a resolved mention for every name in
``NAMES`` (what the position tests read).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from detente.records import (
    ActorRef,
    Article,
    Claim,
    CodedArticle,
    Event,
    Mention,
    Quote,
    article_id_for,
)

__all__ = ["actor", "article", "claim", "event"]

_COUNTRY = {"RUS", "UKR", "USA", "GBR", "FRA", "DEU", "ITA", "EST", "TUR", "CHN"}


def actor(code: str, person: str | None = None) -> ActorRef:
    head = code.split()[0]
    sector = code.split()[1] if " " in code else None
    if head in _COUNTRY:
        return ActorRef(code=code, country=head, sector=sector, person=person)
    return ActorRef(code=code, igo=head, person=person)


def _date(value: str | dt.date | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


def _sentence(text: str, needle: str) -> tuple[int, int]:
    i = text.index(needle)
    start = max(text.rfind(". ", 0, i) + 2 if text.rfind(". ", 0, i) >= 0 else 0,
                text.rfind("\n", 0, i) + 1)
    m = re.compile(r"[.!?](?=\s|$)").search(text, i + len(needle) - 1)
    end = m.end() if m else len(text)
    return start, end


def event(
    needle: str,
    ptype: str,
    src: str | None,
    tgt: str | None,
    *,
    date: str | None = None,
    trigger: str | None = None,
    modality: str = "asserted",
    amounts: tuple[str, ...] = (),
) -> dict:
    return dict(needle=needle, ptype=ptype, src=src, tgt=tgt, date=date, trigger=trigger,
                modality=modality, amounts=amounts)


def claim(
    needle: str,
    code: str,
    person: str | None = None,
    *,
    polarity: int = 1,
    denial: bool = False,
    keywords: tuple[str, ...] = (),
    date: str | None = None,
    cue: str = "said",
) -> dict:
    return dict(needle=needle, code=code, person=person, polarity=polarity, denial=denial,
                keywords=keywords, date=date, cue=cue)


def article(
    text: str,
    *,
    outlet: str | None = "Wire",
    published: str | None = "2022-04-22",
    title: str | None = None,
    events: list[dict] = (),  # type: ignore[assignment]
    claims: list[dict] = (),  # type: ignore[assignment]
) -> CodedArticle:
    art = Article(id=article_id_for(text), text=text, outlet=outlet, title=title,
                  published=_date(published))
    evs = []
    for spec in events:
        s, e = _sentence(text, spec["needle"])
        trig = spec["trigger"] or spec["needle"].split()[0]
        ts = text.index(trig, s)
        evs.append(
            Event(
                article_id=art.id, id=f"e{ts}", start=s, end=e, trigger_start=ts,
                trigger_end=ts + len(trig), trigger=trig, plover_type=spec["ptype"], mode=None,
                context=None, cameo=None, goldstein=None, quad_class=None,
                source=(actor(spec["src"]),) if spec["src"] else (),
                target=(actor(spec["tgt"]),) if spec["tgt"] else (),
                source_text=None, target_text=None, modality=spec["modality"],
                date=_date(spec["date"]), date_text=None,
                date_basis="sentence" if spec["date"] else "article", amounts=spec["amounts"],
            )
        )
    quotes, cls = [], []
    for spec in claims:
        qs = text.index(spec["needle"])
        qe = qs + len(spec["needle"])
        ss, se = _sentence(text, spec["needle"])
        sp = actor(spec["code"], spec["person"])
        qid = f"q{qs}"
        quotes.append(
            Quote(article_id=art.id, id=qid, start=qs, end=qe, text=spec["needle"],
                  cue_start=None, cue_end=None, cue=spec.get("cue", "said"), speaker_start=None,
                  speaker_end=None, speaker_text=spec["person"] or spec["code"], speaker=sp,
                  quote_type="indirect", sentence_start=ss, sentence_end=se)
        )
        kws = spec["keywords"] or tuple(
            sorted({w.lower() for w in re.findall(r"[A-Za-z]{4,}", spec["needle"])})
        )
        cls.append(
            Claim(article_id=art.id, quote_id=qid, speaker=sp, polarity=spec["polarity"],
                  proposition=spec["needle"].lower(), keywords=kws, denial=spec["denial"],
                  date=_date(spec["date"]) or art.published, start=qs, end=qe)
        )
    return CodedArticle(article=art, quotes=tuple(quotes), claims=tuple(cls), events=tuple(evs))


# Names the hand-built articles resolve (what the actors extractor gives on real text).
NAMES = {"Moscow": "RUS GOV", "Russia": "RUS", "Kremlin": "RUS GOV", "Kyiv": "UKR GOV",
         "Ukraine": "UKR", "Helsinki": "FIN GOV", "Finland": "FIN", "Brussels": "EU",
         "Washington": "USA GOV", "Berlin": "DEU GOV", "Ankara": "TUR GOV"}


def _named_ref(code: str) -> ActorRef:
    head = code.split()[0]
    if head in ("EU", "NATO"):
        return actor(code)
    return ActorRef(code=code, country=head, sector=code.split()[1] if " " in code else None)


def with_mentions(c: CodedArticle) -> CodedArticle:
    """``c`` with a resolved mention at every occurrence of a name in NAMES."""
    text = c.article.text
    pat = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in NAMES) + r")\b")
    ms = tuple(Mention(article_id=c.article.id, start=m.start(), end=m.end(), text=m.group(0),
                       label="GPE", actor=_named_ref(NAMES[m.group(0)]))
               for m in pat.finditer(text))
    return dataclasses.replace(c, mentions=ms)


def coded(text: str, *, events: list[dict] = (), published: str = "2022-06-01",  # type: ignore[assignment]
          quotes: list[tuple[str, str, str]] = ()) -> CodedArticle:  # type: ignore[assignment]
    """An article with events, quotes ((cue, content, speaker code)) and mentions."""
    c = with_mentions(article(text, events=list(events), published=published))
    qs = []
    for cue, content, code in quotes:
        cs, qs_ = text.index(cue), text.index(content)
        s = max(text.rfind(". ", 0, qs_) + 2, 0) if text.rfind(". ", 0, qs_) >= 0 else 0
        e = text.find(".", qs_ + len(content)) + 1 or len(text)
        qs.append(Quote(article_id=c.article.id, id=f"q{qs_}", start=qs_,
                        end=qs_ + len(content), text=content, cue_start=cs,
                        cue_end=cs + len(cue), cue=cue, speaker_start=None, speaker_end=None,
                        speaker_text=code, speaker=actor(code), quote_type="indirect",
                        sentence_start=s, sentence_end=e))
    return dataclasses.replace(c, quotes=tuple(qs))
