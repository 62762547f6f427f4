"""Where parties stand: the party × proposition matrix of current stances, trajectories
(a cell's positions in date order, cut into runs of one polarity), and positions read
back from stored rows. Built from the positions :mod:`detente.link.positions` extracts.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..records import Position, to_dict

__all__ = ["PositionCell", "cell_to_dict", "position_matrix", "position_segments",
           "position_timeline", "positions_from_rows"]


@dataclass(frozen=True, slots=True)
class PositionCell:
    """Where one party stands on one proposition now.

    Fields: ``party``; ``proposition`` (id with subject); ``label``; ``issue``;
    ``polarity`` (the current one: of the latest dated position, the surest on that
    date); ``stance`` (its verb class); ``condition``; ``confidence`` (of the current
    position, lowered when positions on the same latest date disagree); ``date`` (of the
    current position); ``since`` (first date of the run of positions holding the current
    polarity); ``n``; ``first``, ``last`` (dates); ``changes`` (how many times
    the polarity changed along the trajectory); ``position_ids`` (the trajectory, in date
    order).
    """

    party: str
    proposition: str
    label: str
    issue: str
    polarity: str
    stance: str
    condition: str | None
    confidence: float
    date: _dt.date | None
    n: int
    first: _dt.date | None
    last: _dt.date | None
    changes: int
    position_ids: tuple[str, ...] = ()
    since: _dt.date | None = None
    kind: str = field(default="position_cell", init=False)


def position_timeline(positions: Sequence[Position], *, party: str,
                      proposition: str) -> list[Position]:
    """The positions of one cell in date order (undated last): its trajectory."""
    cell = [p for p in positions if p.party == party and p.proposition == proposition]
    cell.sort(key=lambda p: (p.date is None, p.date or _dt.date.min, p.article_id, p.start))
    return cell


def position_segments(line: Sequence[Position]) -> list[list[Position]]:
    """A trajectory (date order) cut into runs of one polarity: each change of stance
    starts a new run."""
    out: list[list[Position]] = []
    for p in line:
        if out and out[-1][-1].polarity == p.polarity:
            out[-1].append(p)
        else:
            out.append([p])
    return out


def position_matrix(
    positions: Sequence[Position],
    *,
    parties: Sequence[str] | None = None,
    propositions: Sequence[str] | None = None,
) -> dict[str, dict[str, PositionCell]]:
    """Party × proposition matrix of current stances: ``matrix[party][proposition]``.

    Only cells with at least one position are present; ``parties``/``propositions``
    restrict. The current stance is the latest dated position's (a stated one before an
    inferred or implied one of the same date, then the surest).
    """
    groups: dict[tuple[str, str], list[Position]] = {}
    for p in positions:
        if parties is not None and p.party not in parties:
            continue
        if propositions is not None and p.proposition not in propositions:
            continue
        groups.setdefault((p.party, p.proposition), []).append(p)
    out: dict[str, dict[str, PositionCell]] = {}
    for (party, prop), line in sorted(groups.items()):
        line.sort(key=lambda p: (p.date is None, p.date or _dt.date.min, p.article_id, p.start))
        dated = [p for p in line if p.date] or line
        latest_day = dated[-1].date
        same_day = [p for p in dated if p.date == latest_day]
        current = max(same_day, key=lambda p: (p.basis == "stated", p.confidence, p.start))
        agree = sum(1 for p in same_day if p.polarity == current.polarity) / len(same_day)
        changes = sum(1 for x, y in zip(line, line[1:], strict=False)
                      if x.polarity != y.polarity)
        dates = [p.date for p in line if p.date]
        since = current.date
        for p in reversed(dated):
            if p.polarity != current.polarity:
                break
            since = p.date
        out.setdefault(party, {})[prop] = PositionCell(
            party=party, proposition=prop, label=current.proposition_label or prop,
            issue=current.issue, polarity=current.polarity, stance=current.stance,
            condition=current.condition, confidence=round(current.confidence * agree, 2),
            date=current.date, n=len(line), first=min(dates, default=None),
            last=max(dates, default=None), changes=changes,
            position_ids=tuple(p.id for p in line), since=since)
    return out


_OLD_STANCE_POLARITY = {"demands": "for", "proposes": "for", "accepts": "for",
                        "supports": "for", "rejects": "against", "opposes": "against",
                        "conditional": "conditional"}


def positions_from_rows(rows: Iterable[dict]) -> list[Position]:
    """Positions from stored rows (dicts). Rows written before propositions existed are
    read with their issue as the proposition and their stance's polarity."""
    from ..store.codec import from_dict

    out = []
    for r in rows:
        p = from_dict(Position, {k: v for k, v in r.items() if k != "kind"})
        if not p.proposition:
            p = dataclasses.replace(p, proposition=p.issue, proposition_label=p.issue,
                                    polarity=_OLD_STANCE_POLARITY.get(p.stance, "for"))
        out.append(p)
    return out


def cell_to_dict(cell: PositionCell, positions: dict[str, Position]) -> dict:
    """A JSON-ready cell with its ``trajectory``: the dated positions, in order, with
    evidence (``positions`` maps ids to records)."""
    d = to_dict(cell)
    d["trajectory"] = [
        {k: v for k, v in to_dict(positions[i]).items()
         if k in ("id", "date", "polarity", "stance", "verb", "condition", "confidence",
                  "basis", "modality", "evidence", "article_id", "start", "end",
                  "source_kind")}
        for i in cell.position_ids if i in positions]
    return d
