"""JSON lines: one record per line, every record with ``kind``, ``article_id``,
``start`` and ``end`` first (an article record spans the whole text: 0..len(text); a
problem has ``article_id`` null and no span)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from ..records import Article, CodedArticle, Problem, to_dict

__all__ = ["coded_records", "dumps_line", "record_json", "write_jsonl"]


def record_json(record: Any, *, article_id: str | None = None) -> dict[str, Any]:
    """A record as a JSON-ready dict: ``kind``, ``article_id``, ``start``, ``end`` first,
    then the record's own fields (:func:`detente.records.to_dict`)."""
    body = to_dict(record)
    if isinstance(record, Article):
        aid: str | None = record.id
        start: int | None = 0
        end: int | None = len(record.text)
    elif isinstance(record, Problem):
        aid, start, end = None, None, None
    else:
        aid = body.get("article_id", article_id)
        start, end = body.get("start"), body.get("end")
    head = {"kind": body.pop("kind", None), "article_id": aid, "start": start, "end": end}
    for key in head:
        body.pop(key, None)
    return {**head, **body}


def coded_records(coded: CodedArticle) -> Iterator[dict[str, Any]]:
    """Every record of a coded article, in output order (the article record carries the
    coding ``notes``)."""
    aid = coded.article.id
    for record in coded.records():
        out = record_json(record, article_id=aid)
        if record is coded.article:
            out["notes"] = list(coded.notes)
        yield out


def dumps_line(row: dict[str, Any]) -> str:
    return json.dumps(row, ensure_ascii=False, default=str) + "\n"


def write_jsonl(rows: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """Write rows as JSON lines; returns the number written."""
    n = 0
    for row in rows:
        out.write(dumps_line(row))
        n += 1
    return n
