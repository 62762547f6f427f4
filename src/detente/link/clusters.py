"""Event clusters: events from different articles that report the same happening.

Blocking keeps this far from all-pairs: events are grouped by (type family, unordered
dyad); inside a block they are sorted by date and each is compared only with the next
few within the date window. Pairs that pass (direction, dates, evidence similarity) are
joined with union-find. Events of wire copies (see :mod:`detente.link.dedupe`) are mapped
onto their representative's events before any pairing.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as _dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..records import ActorRef, CodedArticle, Event, EventCluster
from ._text import UnionFind, config, cosine, stable_id, tfidf_vectors, tokens
from .embed import Embedder

__all__ = ["cluster_events", "family_of", "party_of"]

EventKey = tuple[str, str]  # (article_id, event_id)


def party_of(actor: ActorRef | None) -> str | None:
    """The party an actor belongs to: its country, else its IGO, else its code's head."""
    if actor is None:
        return None
    return actor.country or actor.igo or (actor.code.split()[0] if actor.code else None)


def family_of(plover_type: str) -> str:
    """The type family of a PLOVER type (``linking.toml`` [families]); unknown types
    form their own family."""
    for fam, types in config()["families"].items():
        if plover_type in types:
            return fam
    return plover_type.lower()


@dataclass(slots=True)
class _Item:
    key: EventKey
    event: Event
    outlet: str | None
    published: _dt.date | None
    src: str | None
    tgt: str | None
    text: str
    content: str  # the sentence with the dyad's own mentions blanked


def _content(c: CodedArticle, e: Event, parties: set[str], starts: list[int]) -> str:
    # The dyad is fixed by the block, so mentions of its own parties ("President Volodymyr
    # Zelenskyy", "the Kremlin") say nothing about which happening this is; two sentences
    # naming the same leader about different things would otherwise look alike.
    text = c.article.text
    pieces, pos = [], e.start
    for k in range(bisect.bisect_left(starts, e.start), len(starts)):
        m = c.mentions[k]
        if m.start >= e.end:
            break
        if m.actor is None or party_of(m.actor) not in parties or m.start < pos:
            continue
        pieces.append(text[pos : m.start])
        pos = min(m.end, e.end)
    pieces.append(text[pos : e.end])
    return " ".join(pieces)


def _items(coded: Sequence[CodedArticle]) -> list[_Item]:
    out = []
    for c in coded:
        a = c.article
        mentions_sorted = all(
            c.mentions[k].start <= c.mentions[k + 1].start for k in range(len(c.mentions) - 1)
        )
        if not mentions_sorted:
            c = dataclasses.replace(c, mentions=tuple(sorted(c.mentions, key=lambda m: m.start)))
        starts = [m.start for m in c.mentions]
        for e in c.events:
            src = party_of(e.source[0]) if e.source else None
            tgt = party_of(e.target[0]) if e.target else None
            if tgt == src:
                # A party acting on itself ("Ukrainian negotiators offered ..." read with
                # Ukraine as target too) names no counterpart: treat the target as unknown,
                # so the event meets reports that name one.
                tgt = None
            if src is None and tgt is None:
                continue  # no dyad: nothing to say it is the same happening
            content = _content(c, e, {p for p in (src, tgt) if p}, starts)
            out.append(
                _Item(
                    (a.id, e.id),
                    e,
                    a.outlet,
                    a.published,
                    src,
                    tgt,
                    a.text[e.start : e.end],
                    content,
                )
            )
    return out


def _own_date(e: Event) -> _dt.date | None:
    # A date taken from the publication date (``date_basis == "article"``) or from the
    # statement that reports the act (``"report"``) is an upper bound, not the act's
    # own date: such an event counts as undated.
    return e.date if e.date_basis not in ("article", "report") else None


def _eff_date(it: _Item) -> _dt.date | None:
    return _own_date(it.event) or it.event.date or it.published


def _ordinal(d: _dt.date | None, default: int) -> int:
    return d.toordinal() if d is not None else default


def _roles_agree(a: _Item, b: _Item) -> bool:
    # A missing side matches anything, but a known party must play the same role in both.
    if a.src and b.src and a.src != b.src or a.tgt and b.tgt and a.tgt != b.tgt:
        return False
    if a.src and b.src is None and a.src == b.tgt:
        return False
    return not (b.src and a.src is None and b.src == a.tgt)


def _date_gap(a: _Item, b: _Item, cfg: dict) -> str | None:
    """How well the dates of two events agree: ``"close"``, ``"loose"`` or None (apart).

    A date of the event's own sentence is a statement; an event dated only by its
    article's publication date only says the happening came before that day (a report
    tells what has happened), give or take ``report_slack_days``. So a stated date after
    the other report's publication rules the pair out, and two publication dates a few
    weeks apart are weaker evidence than two stated dates a few days apart.
    """
    oa, ob = _own_date(a.event), _own_date(b.event)
    pa, pb = a.event.date or a.published, b.event.date or b.published
    slack = int(cfg["report_slack_days"])
    window, wide = int(cfg["window_days"]), int(cfg["undated_window_days"])
    if oa is not None and ob is not None:
        return "close" if abs((oa - ob).days) <= window else None
    if oa is None and ob is None:
        if pa is None or pb is None:
            return "loose"  # no date at all on one side: content alone decides
        # Two bounds from above say nothing about a shared day: only reports published
        # within the window count as reporting one happening.
        return "close" if abs((pa - pb).days) <= window else None
    stated, bound = (oa, pb) if oa is not None else (ob, pa)
    if bound is None or stated is None:
        return "loose"
    lag = (bound - stated).days  # how long after the stated date the other report came
    if lag < -slack or lag > wide:
        return None
    return "close" if lag <= window else "loose"


def _compatible(a: _Item, b: _Item, cfg: dict) -> str | None:
    symmetric = cfg["symmetric"]
    same_dir = _roles_agree(a, b)
    if (
        not same_dir
        and a.event.plover_type not in symmetric
        and (b.event.plover_type not in symmetric)
    ):
        return None
    return _date_gap(a, b, cfg)


def _dup_key(it: _Item) -> tuple:
    e = it.event
    return (e.plover_type, it.src, it.tgt, e.trigger.lower(), e.date)


def _link(
    items: list[_Item],
    *,
    duplicates: dict[str, str],
    embedder: Embedder | None,
) -> UnionFind:
    cfg = dict(config()["clusters"])
    cfg["symmetric"] = frozenset(cfg["symmetric"])
    uf = UnionFind(max_span=int(cfg["max_span_days"]), max_bound_span=int(cfg["window_days"]))
    slack = int(cfg["report_slack_days"])
    for it in items:
        d = _eff_date(it)
        # An event dated by its publication only bounds the happening from above.
        bound = None if _own_date(it.event) else d
        uf.add(
            it.key,
            day=d.toordinal() if d else None,
            upper=bound.toordinal() + slack if bound else None,
        )
    # Wire copies: an event of a copy joins the representative's event with the same
    # type, dyad, trigger and date, and takes no further part in pairing.
    rep_index: dict[tuple, EventKey] = {}
    for it in items:
        if duplicates.get(it.key[0], it.key[0]) == it.key[0]:
            rep_index.setdefault((it.key[0], *_dup_key(it)), it.key)
    pairing: list[_Item] = []
    for it in items:
        rep = duplicates.get(it.key[0], it.key[0])
        if rep != it.key[0] and (hit := rep_index.get((rep, *_dup_key(it)))) is not None:
            uf.union(hit, it.key)
        else:
            pairing.append(it)

    blocks: dict[tuple, list[int]] = defaultdict(list)
    # Half blocks: an event whose other side was not resolved ("a proposal from Moscow",
    # no target) is compared with every event of its family that involves its known party.
    half: dict[tuple, list[int]] = defaultdict(list)
    partial_parties: set[tuple] = set()
    for it in pairing:
        fam = family_of(it.event.plover_type)
        if it.src is None or it.tgt is None:
            partial_parties.add((fam, it.src or it.tgt))
    for i, it in enumerate(pairing):
        fam = family_of(it.event.plover_type)
        if it.src is not None and it.tgt is not None:
            blocks[(fam, tuple(sorted((it.src, it.tgt))))].append(i)
        for party in {it.src, it.tgt} - {None}:
            if (fam, party) in partial_parties:
                half[(fam, party)].append(i)
    in_pairs = sorted(
        {i for b in (blocks, half) for idx in b.values() if len(idx) > 1 for i in idx}
    )
    docs = []
    for i in in_pairs:
        own = {f"@{pairing[i].src}", f"@{pairing[i].tgt}"}
        docs.append([t for t in tokens(pairing[i].content) if t not in own])
    vecs: dict[int, dict[str, float]] = dict(zip(in_pairs, tfidf_vectors(docs), strict=True))
    emb = None
    if embedder is not None and in_pairs:
        rows = embedder.encode([pairing[i].text for i in in_pairs])
        emb = {i: rows[n] for n, i in enumerate(in_pairs)}
    min_sim, min_emb = float(cfg["min_similarity"]), float(cfg["min_embedding_similarity"])
    min_part = float(cfg["min_similarity_partial"])
    min_same = float(cfg["min_similarity_same_article"])
    horizon = int(cfg["undated_window_days"])
    max_nb = int(cfg["max_neighbours"])
    far = _dt.date.max.toordinal()
    partial = {i for i, it in enumerate(pairing) if it.src is None or it.tgt is None}
    groups = [(idx, False) for idx in blocks.values()] + [(idx, True) for idx in half.values()]
    day = [_ordinal(_eff_date(it), far) for it in pairing]
    for idx, needs_partial in groups:
        if len(idx) < 2:
            continue
        idx.sort(key=lambda i: day[i])
        # In a half block two full dyads are compared in their own block: a full-dyad
        # event looks only at the partial events after it.
        partial_after: list[list[int]] = []
        if needs_partial:
            tail: list[int] = []
            for i in reversed(idx):
                partial_after.append(tail)
                if i in partial:
                    tail = [i, *tail] if len(tail) < max_nb else [i, *tail[: max_nb - 1]]
            partial_after.reverse()
        for pos, i in enumerate(idx):
            a = pairing[i]
            later = (
                idx[pos + 1 : pos + 1 + max_nb]
                if not needs_partial or i in partial
                else partial_after[pos]
            )
            for j in later:
                b = pairing[j]
                if day[j] - day[i] > horizon and day[j] != far:
                    break  # undated events (sorted last) are still met when reached
                if uf.find(a.key) == uf.find(b.key):
                    continue  # already joined through others
                gap = _compatible(a, b, cfg)
                if gap is None:
                    continue
                # Dates that only loosely agree, or a half-known dyad with a date that is
                # only the publication's: content must carry more.
                weak = (
                    gap == "loose"
                    or (i in partial or j in partial)
                    and (_own_date(a.event) is None or _own_date(b.event) is None)
                )
                bar = min_part if weak else min_sim
                if a.key[0] == b.key[0]:
                    bar = max(bar, min_same)
                sim = cosine(vecs[i], vecs[j])
                ok = sim >= bar
                if not ok and emb is not None:
                    esim = float(emb[i] @ emb[j])
                    ok = esim >= (min_emb if embedder and embedder.semantic else bar)
                if ok and a.key[0] == b.key[0] and emb is not None and sim < bar:
                    ok = False  # within one article only the lexical score counts
                if ok:
                    uf.union(a.key, b.key)
    return uf


def _side(values: list[str | None]) -> str | None:
    # The most reported party on one side; a report that left it unresolved does not vote.
    known = Counter(v for v in values if v)
    return known.most_common(1)[0][0] if known else None


def _label(members: list[_Item], ptype: str) -> str:
    src = _side([m.src for m in members])
    tgt = _side([m.tgt for m in members])
    trig = Counter(m.event.trigger.lower() for m in members).most_common(1)[0][0]
    return f"{src or '?'} {ptype} {tgt or '?'}: {trig}"


def _build(members: list[_Item]) -> EventCluster:
    members.sort(key=lambda m: m.key)
    ptype = Counter(m.event.plover_type for m in members).most_common(1)[0][0]
    src = _side([m.src for m in members])
    tgt = _side([m.tgt for m in members])
    published = [m.published for m in members if m.published]
    # The spread of the dates the reports give; publication-date guesses only when no
    # report gives one.
    dates = [d for m in members if (d := _own_date(m.event))] or [
        m.event.date for m in members if m.event.date
    ]
    outlets = sorted({m.outlet for m in members if m.outlet})
    return EventCluster(
        # Named after its earliest-keyed member: stable while that member stays in it.
        id=stable_id("c", members[0].key),
        event_ids=tuple(m.key for m in members),
        plover_type=ptype,
        source_code=src,
        target_code=tgt,
        n_articles=len({m.key[0] for m in members}),
        n_outlets=len(outlets),
        outlets=tuple(outlets),
        first_reported=min(published, default=None),
        last_reported=max(published, default=None),
        date_min=min(dates, default=None),
        date_max=max(dates, default=None),
        amounts=tuple(sorted({a for m in members for a in m.event.amounts})),
        label=_label(members, ptype),
    )


def cluster_events(
    coded: Iterable[CodedArticle],
    *,
    embedder: Embedder | None = None,
    duplicates: dict[str, str] | None = None,
) -> list[EventCluster]:
    """Group the events of ``coded`` into :class:`EventCluster` records.

    Every event with at least one resolved party lands in exactly one cluster (a
    single-event cluster when nothing else reports it). ``duplicates`` maps article ids
    to their wire-copy representative (:func:`detente.link.dedupe.find_duplicates`);
    ``embedder`` adds sentence-embedding similarity to the lexical one.

    Clusters come back largest first (articles, then outlets), ties by id.
    """
    coded = list(coded)
    if duplicates is None:
        from .dedupe import find_duplicates

        duplicates = find_duplicates(coded)
    items = _items(coded)
    uf = _link(items, duplicates=duplicates, embedder=embedder)
    by_key = {it.key: it for it in items}
    clusters = [_build([by_key[k] for k in group]) for group in uf.groups()]
    clusters.sort(key=lambda c: (-c.n_articles, -c.n_outlets, c.id))
    return clusters
