"""JSON lines: one article per line (``text`` required, metadata keys optional).

Lines are read one at a time (memory stays flat for big files) and the size limit
applies per line, i.e. per article. A bad line is a Problem; the other lines go on.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, Any

from ..errors import DetenteError, EmptyInputError, ParseError, TooLargeError
from ..records import Article, Problem
from .decode import decode_bytes, normalise_text
from .meta import build_article

__all__ = ["iter_lines", "read_jsonl_lines"]


def iter_lines(stream: IO[bytes], *, max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """``(line number, bytes)`` per line; ``None`` for a line over ``max_bytes`` (skipped
    without holding it in memory)."""
    lineno = 0
    while True:
        raw = stream.readline(max_bytes + 1)
        if not raw:
            return
        lineno += 1
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            # Drain the rest of the over-long line in bounded chunks.
            while True:
                rest = stream.readline(1 << 20)
                if not rest or rest.endswith(b"\n"):
                    break
            yield lineno, None
            continue
        yield lineno, raw


def _record(obj: Any, *, where: str) -> tuple[str, Mapping[str, Any]]:
    if not isinstance(obj, dict):
        raise ParseError("line is not a JSON object", source=where)
    text = obj.get("text")
    if not isinstance(text, str):
        raise ParseError("no 'text' string", source=where)
    text = normalise_text(text)
    if not text.strip():
        raise EmptyInputError("empty 'text'", source=where)
    return text, obj


def read_jsonl_lines(
    lines: Iterable[tuple[int, bytes | str | None]],
    *,
    name: str,
    max_bytes: int,
    layers: list[Mapping[str, Any] | None],
) -> Iterator[Article | Problem]:
    """Articles from numbered JSONL lines; ``layers`` are the metadata layers that apply
    after the record's own (the file's manifest row, then the defaults)."""
    for lineno, raw in lines:
        where = f"{name}:{lineno}"
        try:
            if raw is None:
                raise TooLargeError(f"line larger than {max_bytes} bytes", source=where)
            if isinstance(raw, bytes):
                if not raw.strip():
                    continue
                line = decode_bytes(raw, source=where)
            else:
                if not raw.strip():
                    continue
                line = raw
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ParseError(f"not valid JSON: {exc.msg} at column {exc.colno}",
                                 source=where) from exc
            text, record = _record(obj, where=where)
            # The record's own metadata is the most specific: it outranks the file's.
            yield build_article(text, source=where, layers=[record, *layers])
        except DetenteError as exc:
            yield Problem(where, str(exc), exc.code)
