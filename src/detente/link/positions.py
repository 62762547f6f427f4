"""Negotiation positions: each party's stance on each issue, with date and evidence.

Issues come from ``lexicon/issues.toml``. An event gives a position for every issue named
in its sentence (or, when the sentence only points back — "balked at both requests" — in
the sentence before it); its PLOVER type decides the stance. A claim gives a position for
the issues named in its quote; stance cue words decide, else its polarity.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..lexicon.issues import IssueLexicon, load_issues
from ..records import CodedArticle, Event, Position
from ._text import stable_id
from .clusters import party_of

__all__ = ["PositionCell", "extract_positions", "position_matrix", "position_timeline"]

# PLOVER type -> stance (the type is what the party did about the issue).
_TYPE_STANCE = {
    "REQUEST": "demands",
    "AGREE": "accepts",
    "CONCEDE": "accepts",
    "RETREAT": "accepts",
    "REJECT": "rejects",
    "SUPPORT": "supports",
    "AID": "supports",
    "COOPERATE": "supports",
    "CONSULT": "supports",
    "ACCUSE": "opposes",
    "PROTEST": "opposes",
    "SANCTION": "opposes",
    # An ultimatum or threat is a demand backed by force; coercion (annexing, seizing,
    # blockading) imposes the outcome the party demands.
    "THREATEN": "demands",
    "COERCE": "demands",
}
# A negated act states the opposite stance ("did not agree" rejects).
_NEGATE = {"accepts": "rejects", "rejects": "accepts", "supports": "opposes", "opposes": "supports"}
# Offers are proposals, not acceptances: AGREE covers both in PLOVER.
_PROPOSE_TRIGGER = re.compile(r"propos|offer|put forward|submit|draft|plan", re.IGNORECASE)
_SENT_END = re.compile(r"[.!?][\"”’')\]]*\s+")
# Where the event's own clause ends: a participle that adds the speaker's comment
# ("..., saying Russia's war had driven them into the arms of the West"), a semicolon, a
# dash, a contrast. Issues named after it are not what the act was about.
_CLAUSE_END = re.compile(
    r",\s+(?:saying|adding|noting|arguing|claiming|stressing|explaining|according)\b"
    r"|;\s|\s[—–]\s|,?\s+(?:while|whereas)\s", re.IGNORECASE)


def _event_scope(text: str, e: Event) -> tuple[int, int]:
    """The part of the event's sentence that states the act: from the sentence start to
    the end of the trigger's clause."""
    end = e.end
    m = _CLAUSE_END.search(text, max(e.trigger_end, e.start), e.end)
    if m:
        end = m.start()
    return e.start, end


def _previous_sentence(text: str, start: int) -> tuple[int, int]:
    """Offsets of the sentence before ``start`` (crossing at most one paragraph break)."""
    head = text[max(0, start - 1500) : start].rstrip()
    base = max(0, start - 1500)
    ends = [m.end() for m in _SENT_END.finditer(head)]
    # The last terminator is the one closing the previous sentence itself.
    prev_start = ends[-1] if ends and ends[-1] < len(head) else 0
    if len(ends) >= 2 and ends[-1] >= len(head):
        prev_start = ends[-2]
    return base + prev_start, base + len(head)


def _event_stance(e: Event) -> str | None:
    stance = _TYPE_STANCE.get(e.plover_type)
    if stance is None:
        return None
    if e.plover_type == "AGREE" and _PROPOSE_TRIGGER.search(e.trigger):
        stance = "proposes"
    if e.modality == "conditional":
        return "conditional"
    if e.modality in ("negated", "denied"):
        return _NEGATE.get(stance)
    return stance


def _claim_stance(text: str, polarity: int, denial: bool, lex: IssueLexicon,
                  verb: str | None = None) -> str:
    if denial:
        return "rejects"
    # The reporting verb says what the speaker does with the content: "Russia demanded that
    # Kyiv ... accept the independence of ..." demands; the "accept" inside is Kyiv's part.
    cue = lex.stance_cue(verb) if verb else None
    if cue and polarity >= 0:
        return cue
    cue = lex.stance_cue(text)
    if cue:
        return cue
    return "supports" if polarity >= 0 else "opposes"


def _from_article(c: CodedArticle, lex: IssueLexicon) -> list[Position]:
    a = c.article
    out: dict[tuple, Position] = {}
    inferred: set[tuple] = set()  # keys of positions read from a previous sentence

    def add(
        party: str,
        issue: str,
        stance: str,
        date: _dt.date | None,
        start: int,
        end: int,
        kind: str,
        sid: str,
        modality: str,
    ) -> None:
        key = (party, issue, stance, start)
        if key in out:
            return
        out[key] = Position(
            id=stable_id("p", [a.id, kind, sid, party, issue]),
            party=party,
            issue=issue,
            stance=stance,
            date=date,
            article_id=a.id,
            start=start,
            end=end,
            evidence=a.text[start:end].strip(),
            source_kind=kind,
            source_id=sid,
            modality=modality,
        )

    for e in c.events:
        # Every source party takes the stance ("France, Germany and Italy favour talks").
        parties = list(dict.fromkeys(p for p in map(party_of, e.source) if p))
        stance = _event_stance(e)
        if not parties or stance is None:
            continue
        scope_start, scope_end = _event_scope(a.text, e)
        sentence = a.text[scope_start:scope_end]
        matches = lex.find(sentence)
        back = False
        if not matches and lex.refers_back(sentence):
            ps, pe = _previous_sentence(a.text, e.start)
            matches, back = lex.find(a.text[ps:pe]), True
        for party in parties:
            for m in matches:
                add(
                    party,
                    m.issue,
                    stance,
                    e.date or a.published,
                    e.start,
                    e.end,
                    "event",
                    e.id,
                    e.modality,
                )
                if back:
                    inferred.add((party, m.issue, stance, e.start))

    quotes = {q.id: q for q in c.quotes}
    for cl in c.claims:
        speaker_party = party_of(cl.speaker)
        if speaker_party is None:
            continue
        text = a.text[cl.start : cl.end]
        q = quotes.get(cl.quote_id)
        start, end = (q.sentence_start, q.sentence_end) if q else (cl.start, cl.end)
        stance = _claim_stance(text, cl.polarity, cl.denial, lex, q.cue if q else None)
        for m in lex.find(text):
            add(
                speaker_party,
                m.issue,
                stance,
                cl.date or a.published,
                start,
                end,
                "quote",
                cl.quote_id,
                "asserted" if cl.polarity >= 0 else "negated",
            )
    # A stance read through "both demands" is an inference: where the same article states
    # the party's stance on that issue outright, the outright statement wins.
    direct = {(k[0], k[1]) for k in out if k not in inferred}
    return [p for k, p in out.items() if k not in inferred or (k[0], k[1]) not in direct]


def extract_positions(
    coded: Iterable[CodedArticle], *, lexicon: IssueLexicon | None = None
) -> list[Position]:
    """Every :class:`Position` stated in ``coded``, sorted by party, issue, date."""
    lex = lexicon or load_issues()
    out: list[Position] = []
    for c in coded:
        out.extend(_from_article(c, lex))
    out.sort(key=lambda p: (p.party, p.issue, p.date or _dt.date.min, p.article_id, p.start))
    return out


@dataclass(frozen=True, slots=True)
class PositionCell:
    """One party × issue cell: ``stance`` (the latest), ``stances`` ((stance, n) pairs,
    most frequent first), ``n``, ``first``, ``last`` (dates), ``position_ids``."""

    party: str
    issue: str
    stance: str
    stances: tuple[tuple[str, int], ...]
    n: int
    first: _dt.date | None
    last: _dt.date | None
    position_ids: tuple[str, ...] = ()
    kind: str = field(default="position_cell", init=False)


def position_timeline(positions: Sequence[Position], *, party: str, issue: str) -> list[Position]:
    """The positions of one cell in date order (undated last)."""
    cell = [p for p in positions if p.party == party and p.issue == issue]
    cell.sort(key=lambda p: (p.date is None, p.date or _dt.date.min, p.article_id, p.start))
    return cell


def position_matrix(
    positions: Sequence[Position],
    *,
    parties: Sequence[str] | None = None,
    issues: Sequence[str] | None = None,
) -> dict[str, dict[str, PositionCell]]:
    """Party × issue matrix: ``matrix[party][issue]`` is a :class:`PositionCell`.

    Only cells with at least one position are present; ``parties``/``issues`` restrict.
    """
    keys = sorted({(p.party, p.issue) for p in positions})
    out: dict[str, dict[str, PositionCell]] = {}
    for party, issue in keys:
        if parties is not None and party not in parties:
            continue
        if issues is not None and issue not in issues:
            continue
        line = position_timeline(positions, party=party, issue=issue)
        dates = [p.date for p in line if p.date]
        out.setdefault(party, {})[issue] = PositionCell(
            party=party,
            issue=issue,
            stance=line[-1].stance
            if not dates
            else max((p for p in line if p.date), key=lambda p: p.date or _dt.date.min).stance,
            stances=tuple(Counter(p.stance for p in line).most_common()),
            n=len(line),
            first=min(dates, default=None),
            last=max(dates, default=None),
            position_ids=tuple(p.id for p in line),
        )
    return out
