"""GDELT-style tables: an Events table (one row per happening: an event cluster, or an
event no other report shares) and a Mentions table (one row per article event that
reported it, and one per outlet that carried that article's text), tab-separated, with the columns of GDELT 2.0's Event and Mentions tables
in their order (column by column in ``docs/records.md``).

Streaming: articles are read oldest first; an event cluster's row is written when its
first report is met (its counts come from the cluster), the Mentions rows as they come.
Only the map of clustered event ids is held in memory.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from ..errors import DetenteError
from ..records import ActorRef, Article, ArticleMention, Event

__all__ = ["EVENT_COLUMNS", "MENTION_COLUMNS", "lead_end", "sentence_number", "write_gdelt"]

_ACTOR = ["Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
          "Religion2Code", "Type1Code", "Type2Code", "Type3Code"]
_GEO = ["Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"]

#: GDELT 2.0 Event table columns, in order (61).
EVENT_COLUMNS = (
    ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
    + [f"Actor1{c}" for c in _ACTOR] + [f"Actor2{c}" for c in _ACTOR]
    + ["IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
       "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone"]
    + [f"Actor1Geo_{c}" for c in _GEO] + [f"Actor2Geo_{c}" for c in _GEO]
    + [f"ActionGeo_{c}" for c in _GEO]
    + ["DATEADDED", "SOURCEURL"]
)
#: GDELT 2.0 Mentions table columns, in order (16).
MENTION_COLUMNS = [
    "GLOBALEVENTID", "EventTimeDate", "MentionTimeDate", "MentionType", "MentionSourceName",
    "MentionIdentifier", "SentenceID", "Actor1CharOffset", "Actor2CharOffset",
    "ActionCharOffset", "InRawText", "Confidence", "MentionDocLen", "MentionDocTone",
    "MentionDocTranslationInfo", "Extras",
]

# A sentence ends at . ! ? (closing quotes or brackets allowed) before a blank and a
# capital, digit or opening quote, and at every paragraph break.
_SENT_END = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[A-Z0-9\"“‘(])|\n\s*\n")
_LEAD_WORDS = 20


def sentence_number(text: str, start: int) -> int:
    """The 1-based number of the sentence holding offset ``start`` (a rule-based count:
    the store keeps sentence spans, not their numbers)."""
    return 1 + sum(1 for _ in _SENT_END.finditer(text, 0, max(0, start)))


def lead_end(text: str) -> int:
    """The end of the lead: the first paragraph of at least 20 words (a headline before
    it counts as lead too); the whole text when there is none."""
    pos = 0
    for para in re.split(r"(\n\s*\n)", text):
        pos += len(para)
        if len(para.split()) >= _LEAD_WORDS:
            return pos
    return len(text)


def _clean(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return " ".join(str(value).split()) if any(c in str(value) for c in "\t\r\n") else str(value)


def _ymd(day: _dt.date | None) -> str:
    return day.strftime("%Y%m%d") if day else ""


def _actor(actors: tuple[ActorRef, ...], text: str | None) -> list[Any]:
    if not actors:
        return [""] * len(_ACTOR)
    a = actors[0]
    return [a.code.replace(" ", ""), a.person or text or a.code, a.country or "", a.igo or "",
            "", "", "", a.sector or "", "", ""]


def _geo(event: Event) -> list[Any]:
    if not event.places:
        return [""] * len(_GEO)
    p = event.places[0]
    usa = p.country == "USA"
    kind = {"country": 1, "region": 2 if usa else 5}.get(p.feature, 3 if usa else 4)
    return [kind, p.name, p.country or "", "", "", p.lat, p.lon, p.geonameid]


def _offset(text: str, needle: str | None, start: int, end: int) -> int:
    if not needle:
        return -1
    found = text.find(needle, start, end)
    return found if found >= 0 else text.find(needle)


def _clusters(store: Any) -> dict[tuple[str, str], dict[str, Any]]:
    out: dict[tuple[str, str], dict[str, Any]] = {}
    offset = 0
    while True:
        page = store.clusters(limit=1000, offset=offset)
        for cl in page:
            for aid, eid in cl.get("event_ids") or []:
                out[(aid, eid)] = cl
        if len(page) < 1000:
            return out
        offset += 1000


def _carriers(store: Any) -> dict[str, list[tuple[str | None, str | None]]]:
    """(outlet, URL) of every copy of each article that more than one copy carried; an
    article missing here was carried once, by its own outlet."""
    fetch = getattr(store, "mention_outlets", None)
    return fetch() if callable(fetch) else {}


def _rows(store: Any) -> Iterator[tuple[list[Any] | None, list[Any]]]:
    """(Events row or None, Mentions row) per stored event and copy of its article
    (a wire story several outlets carried is mentioned once per outlet), oldest report
    first."""
    clusters = _clusters(store)
    copies = _carriers(store)
    ids: dict[str, int] = {}  # cluster id -> GLOBALEVENTID
    added: dict[int, str] = {}  # GLOBALEVENTID -> DATEADDED
    next_id = 1
    for coded in store.iter_coded():
        art: Article = coded.article
        text = art.text
        lead = lead_end(text)
        where = art.url or art.source or art.id
        mentions = list(coded.article_mentions) or [ArticleMention.of(art)]
        for ev in coded.events:
            cluster = clusters.get((art.id, ev.id))
            event_row: list[Any] | None = None
            gid = ids.get(cluster["id"]) if cluster else None
            if gid is None:
                gid = next_id
                next_id += 1
                if cluster:
                    ids[cluster["id"]] = gid
                if cluster:
                    # every copy of every article in the cluster is a mention
                    arts = [a for a, _ in cluster["event_ids"]]
                    n_mentions = sum(len(copies.get(a, ())) or 1 for a in arts)
                    n_articles = max(n_mentions, int(cluster.get("n_articles") or 1))
                    outs = {o for a in arts for o, _ in copies.get(a, ())}
                    n_sources = max(1, int(cluster.get("n_outlets") or 0),
                                    len(outs | set(cluster.get("outlets") or ())))
                else:
                    n_mentions = n_articles = len(mentions)
                    n_sources = max(1, len({m.outlet for m in mentions if m.outlet}))
                day = ev.date or art.published
                cameo = ev.cameo or ""
                added[gid] = f"{_ymd(art.published)}000000" if art.published else ""
                event_row = [
                    gid, _ymd(day), day.strftime("%Y%m") if day else "",
                    day.year if day else "",
                    round(day.year + day.timetuple().tm_yday / 365, 4) if day else "",
                    *_actor(ev.source, ev.source_text), *_actor(ev.target, ev.target_text),
                    1 if ev.start < lead else 0, cameo, cameo[:3], cameo[:2],
                    ev.quad_class if ev.quad_class is not None else "",
                    ev.goldstein if ev.goldstein is not None else "",
                    n_mentions, n_sources, n_articles, "",
                    *([""] * len(_GEO)), *([""] * len(_GEO)), *_geo(ev),
                    added[gid], where,
                ]
            for m in mentions:
                # one row per copy: its outlet, URL and date; the offsets are the text's
                url = m.url or (art.url if len(mentions) == 1 else None)
                ident = url or m.source or where
                day_seen = m.published or art.published
                mention = [
                    gid, added.get(gid, ""),
                    f"{_ymd(day_seen)}000000" if day_seen else "",
                    1 if url else 2,
                    m.outlet or "", ident, sentence_number(text, ev.start),
                    _offset(text, ev.source_text, ev.start, ev.end),
                    _offset(text, ev.target_text, ev.start, ev.end),
                    ev.trigger_start, 1, round(ev.confidence * 100), len(text), "", "",
                    f"article_id={art.id};event_id={ev.id};modality={ev.modality}",
                ]
                yield event_row, mention
                event_row = None


def _line(values: list[Any]) -> str:
    return "\t".join(_clean(v) for v in values) + "\n"


def write_gdelt(store: Any, *, out: str | Path, header: bool = True) -> dict[str, int]:
    """Write ``events.tsv`` and ``mentions.tsv`` into the folder ``out`` (created);
    returns ``{"events": n, "mentions": m}``. ``header``: a first row of column names
    (GDELT's own files have none). Values hold no tab or newline (replaced by spaces);
    nothing is quoted."""
    folder = Path(out)
    counts = {"events": 0, "mentions": 0}
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with (folder / "events.tsv").open("w", encoding="utf-8", newline="") as ev_fh, \
                (folder / "mentions.tsv").open("w", encoding="utf-8", newline="") as me_fh:
            _write(store, ev_fh, me_fh, header=header, counts=counts)
    except OSError as exc:
        raise DetenteError(f"cannot write export: {exc.strerror or exc}",
                           source=str(folder)) from exc
    return counts


def _write(store: Any, ev_fh: IO[str], me_fh: IO[str], *, header: bool,
           counts: dict[str, int]) -> None:
    if header:
        ev_fh.write("\t".join(EVENT_COLUMNS) + "\n")
        me_fh.write("\t".join(MENTION_COLUMNS) + "\n")
    for event_row, mention in _rows(store):
        if event_row is not None:
            ev_fh.write(_line(event_row))
            counts["events"] += 1
        me_fh.write(_line(mention))
        counts["mentions"] += 1
