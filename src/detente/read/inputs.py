"""The public entry: :func:`read_inputs` over files, folders, manifests and stdin."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..errors import (
    DecodeError,
    DetenteError,
    EmptyInputError,
    InputError,
    ManifestError,
    TooLargeError,
)
from ..records import Article, Problem
from .decode import decode_bytes
from .feeds import read_urls
from .fetch import is_url, url_list_file
from .html import extract_html, looks_like_html
from .jsonl import iter_lines, read_jsonl_lines
from .manifest import ManifestRow, is_manifest_name, load_manifest
from .meta import build_article
from .warc import is_warc_name, read_warc

__all__ = ["count_inputs", "read_inputs"]

JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
# Files a folder walk reads: articles are text, JSONL or HTML (or have no extension).
# Notes, code and data beside them (README.md, FACTS.md, __init__.py, x.csv) are skipped;
# named explicitly, any file is read (as text unless it is HTML).
WALK_SUFFIXES = frozenset({"", ".txt", ".text"}) | JSONL_SUFFIXES | HTML_SUFFIXES

Layer = Mapping[str, Any] | None


def _read_limited(path: Path, *, max_bytes: int) -> bytes:
    # The size is checked before reading: a 20 MB file is refused without loading it.
    size = path.stat().st_size
    if size > max_bytes:
        raise TooLargeError(f"file is {size} bytes, larger than the limit of {max_bytes}", source=str(path))
    return path.read_bytes()


def _text_or_html(text: str, *, source: str, html: bool, layers: list[Layer]) -> Article:
    if html:
        body, page = extract_html(text, source=source)
        # Page metadata ranks after the manifest row but before the caller's defaults.
        return build_article(body, source=source, layers=[*layers[:-1], page, layers[-1]])
    return build_article(text, source=source, layers=layers)


def _read_file(path: Path, *, row: ManifestRow | None, defaults: Layer, max_bytes: int) -> Iterator[Article | Problem]:
    source = str(path)
    layers: list[Layer] = [dict(row.fields) if row else None, defaults]
    try:
        suffix = path.suffix.lower()
        if suffix in JSONL_SUFFIXES:
            yield from _read_jsonl_file(path, layers=layers, max_bytes=max_bytes)
            return
        if is_warc_name(path):  # a web archive: one article per HTML response (read/warc.py)
            yield from read_warc(path, defaults=defaults, max_bytes=max_bytes)
            return
        text = decode_bytes(_read_limited(path, max_bytes=max_bytes), source=source)
        # Unknown extensions are text unless the content is plainly an HTML page.
        html = suffix in HTML_SUFFIXES or looks_like_html(text)
        yield _text_or_html(text, source=source, html=html, layers=layers)
    except DetenteError as exc:
        yield Problem(source, str(exc), exc.code)
    except OSError as exc:
        yield Problem(source, f"{source}: cannot be read ({exc.strerror or exc})", InputError.code)


def _read_jsonl_file(path: Path, *, layers: list[Layer], max_bytes: int) -> Iterator[Article | Problem]:
    source = str(path)
    with path.open("rb") as stream:
        head = stream.read(8192)
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            # UTF-16 lines do not split on the byte b"\n": decode the file whole.
            text = decode_bytes(head + stream.read(max_bytes), source=source)
            if stream.read(1):
                raise TooLargeError(f"UTF-16 JSONL file larger than {max_bytes} bytes", source=source)
            numbered = ((i, line) for i, line in enumerate(text.split("\n"), 1))
            yield from read_jsonl_lines(numbered, name=source, max_bytes=max_bytes, layers=layers)
            return
        # One Problem for a binary or empty file, not one per "line" of it.
        if b"\x00" in head:
            raise DecodeError("binary file (NUL bytes)", source=source)
        if not head.strip():
            raise EmptyInputError("empty input (nothing but whitespace)", source=source)
        stream.seek(0)
        yield from read_jsonl_lines(iter_lines(stream, max_bytes=max_bytes), name=source, max_bytes=max_bytes, layers=layers)


def _looks_like_jsonl(text: str) -> bool:
    """The first non-blank line is a JSON object with a ``text`` key."""
    import json

    for line in text.split("\n"):
        if line.strip():
            if not line.lstrip().startswith("{"):
                return False
            try:
                obj = json.loads(line)
            except ValueError:
                return False
            return isinstance(obj, dict) and "text" in obj
    return False


def _read_stdin(*, defaults: Layer, max_bytes: int) -> Iterator[Article | Problem]:
    source = "<stdin>"
    try:
        buffer = getattr(sys.stdin, "buffer", None)
        if buffer is not None:
            data = buffer.read(max_bytes + 1)
        else:  # a text stream (tests, embedding): re-encode so decoding is shared
            data = sys.stdin.read(max_bytes + 1).encode("utf-8")
        if len(data) > max_bytes:
            raise TooLargeError(f"standard input is larger than the limit of {max_bytes} bytes", source=source)
        text = decode_bytes(data, source=source)
        if _looks_like_jsonl(text):
            numbered = ((i, line) for i, line in enumerate(text.split("\n"), 1))
            yield from read_jsonl_lines(numbered, name=source, max_bytes=max_bytes, layers=[None, defaults])
            return
        yield _text_or_html(text, source=source, html=looks_like_html(text), layers=[None, defaults])
    except DetenteError as exc:
        yield Problem(source, str(exc), exc.code)


def _walk(folder: Path) -> Iterator[Path]:
    """Article files under ``folder``, recursively, sorted by name; hidden files and
    folders (``.git``, ``.DS_Store``) and non-article extensions skipped."""
    try:
        entries = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from _walk(entry)
        elif entry.is_file() and (entry.suffix.lower() in WALK_SUFFIXES or is_manifest_name(entry)
                                  or is_warc_name(entry)):
            yield entry
        elif entry.is_symlink() and not entry.exists():
            yield entry  # a broken link: _read_folder names it rather than pass it over


def _manifest_rows(manifest: str | Path, *, max_bytes: int) -> tuple[dict[Path, ManifestRow], list[Problem]]:
    """Manifest rows by resolved path; Problems for bad rows and rows to missing files."""
    rows, problems = load_manifest(manifest, max_bytes=max_bytes)
    by_path: dict[Path, ManifestRow] = {}
    for row in rows:
        if not row.path.is_file():
            problems.append(Problem(row.source, f"{row.source}: file not found: {row.path}", ManifestError.code))
        else:
            by_path.setdefault(row.path, row)
    return by_path, problems


def _read_manifest_files(manifest: Path, *, defaults: Layer, max_bytes: int) -> Iterator[Article | Problem]:
    by_path, problems = _manifest_rows(manifest, max_bytes=max_bytes)
    yield from problems
    for path, row in by_path.items():
        yield from _read_file(path, row=row, defaults=defaults, max_bytes=max_bytes)


def _read_folder(
    folder: Path, *, rows: dict[Path, ManifestRow], manifest_path: Path | None, defaults: Layer, max_bytes: int
) -> Iterator[Article | Problem]:
    files = list(_walk(folder))
    # Manifests describe the articles beside and below them; they are not articles.
    # The given manifest's rows come first, then each folder manifest's, outermost first.
    folder_rows = dict(rows)
    for file in files:
        if is_manifest_name(file) and file.exists() and file.resolve() != manifest_path:
            found, problems = _manifest_rows(file, max_bytes=max_bytes)
            yield from problems
            for key, row in found.items():
                folder_rows.setdefault(key, row)
    read = 0
    for file in files:
        if file.is_symlink() and not file.exists():
            read += 1
            yield _broken_link(file)
            continue
        resolved = file.resolve()
        if resolved == manifest_path or is_manifest_name(file):
            continue
        read += 1
        yield from _read_file(file, row=folder_rows.get(resolved), defaults=defaults, max_bytes=max_bytes)
    if not read:
        # Say so: an empty folder (or a wrong one) should not pass silently.
        err = EmptyInputError("folder has no article files (.txt, .jsonl, .html)", source=str(folder))
        yield Problem(str(folder), str(err), err.code)


def _broken_link(path: Path) -> Problem:
    try:
        target = f" (to {os.readlink(path)})"
    except OSError:
        target = ""
    return Problem(str(path), f"{path}: broken symbolic link{target}", InputError.code)


def read_inputs(
    inputs: Sequence[str | Path],
    *,
    manifest: str | Path | None = None,
    defaults: Mapping[str, Any] | None = None,
    max_bytes: int = 10_000_000,
) -> Iterator[Article | Problem]:
    """Read articles from files, folders, manifests and standard input.

    ``inputs``: paths of text (``.txt`` and anything unknown), JSONL (``.jsonl``), HTML
    (``.html``/``.htm``) files; folders (walked recursively, sorted; hidden entries and
    files other than ``.txt``/``.jsonl``/``.html``/extension-less skipped; the
    ``manifest.jsonl``/``manifest.csv`` files found supply metadata for the files they
    list); manifest files (by name); or ``"-"`` for standard input (text, or JSONL when
    it looks like JSONL). ``manifest`` rows outrank folder manifests. With no inputs, the files a
    ``manifest`` lists are read. ``defaults`` (``published``, ``outlet``, ``url``,
    ``title``, ``language``) fill metadata that is missing.

    Yields an :class:`Article` per article read and a :class:`Problem` per bad input
    (binary, empty, too large, undecodable, bad JSONL line, manifest row to a missing
    file, unparseable date); never raises for a bad input.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.txt").write_text("Talks resumed in Istanbul on Tuesday.")
    >>> [a.language for a in read_inputs([d / "a.txt"], defaults={"published": "2022-03-29"})]
    ['en']
    """
    if isinstance(inputs, (str, Path)):  # one path given bare: not a sequence of characters
        inputs = [inputs]
    defaults = dict(defaults) if defaults else None
    rows: dict[Path, ManifestRow] = {}
    manifest_path = Path(manifest).resolve() if manifest is not None else None
    if manifest_path is not None:
        if not inputs:
            yield from _read_manifest_files(manifest_path, defaults=defaults, max_bytes=max_bytes)
            return
        rows, problems = _manifest_rows(manifest_path, max_bytes=max_bytes)
        yield from problems
    for item in inputs:
        if isinstance(item, str) and item == "-":
            yield from _read_stdin(defaults=defaults, max_bytes=max_bytes)
            continue
        if is_url(item):  # a feed or an article page (read/fetch.py)
            yield from read_urls([str(item)], defaults=defaults)
            continue
        path = Path(item)
        if path.is_dir():
            yield from _read_folder(path, rows=rows, manifest_path=manifest_path, defaults=defaults, max_bytes=max_bytes)
        elif path.is_file():
            if is_manifest_name(path) and path.resolve() != manifest_path:
                yield from _read_manifest_files(path, defaults=defaults, max_bytes=max_bytes)
            elif (urls := url_list_file(path, max_bytes=max_bytes)) is not None:
                yield from read_urls(urls, defaults=defaults)  # a list of feed/page URLs
            else:
                yield from _read_file(path, row=rows.get(path.resolve()), defaults=defaults, max_bytes=max_bytes)
        else:
            yield Problem(str(path), f"{path}: no such file or directory", InputError.code)



def _count_file(path: Path, *, max_bytes: int) -> int | None:
    """Inputs one file gives: one, or one per non-blank line of a JSONL file; None when
    that is not known without reading the articles (web archives, URL lists, UTF-16)."""
    if is_warc_name(path):
        return None
    if path.suffix.lower() in JSONL_SUFFIXES:
        try:
            with path.open("rb") as stream:
                head = stream.read(4)
                if head.startswith((b"\xff\xfe", b"\xfe\xff")):
                    return None
                stream.seek(0)
                # bounded reads: an over-long line counts once, as the reader's Problem
                return sum(1 for _, raw in iter_lines(stream, max_bytes=max_bytes)
                           if raw is None or raw.strip()) or 1
        except OSError:
            return 1
    return 1


def count_inputs(
    inputs: Sequence[str | Path],
    *,
    manifest: str | Path | None = None,
    max_bytes: int = 10_000_000,
) -> int | None:
    """About how many articles (and bad inputs) :func:`read_inputs` will yield for the
    same arguments, counted without reading the articles: a file is one, a JSONL file one
    per non-blank line, a folder what its walk finds. ``None`` when some input cannot be
    counted ahead (standard input, URLs and URL lists, web archives): progress displays
    then show a count without a total.
    """
    if isinstance(inputs, (str, Path)):
        inputs = [inputs]
    total = 0
    files: list[Path] = []
    if manifest is not None and not inputs:
        rows, problems = load_manifest(manifest, max_bytes=max_bytes)
        total += len(problems)
        files = [row.path for row in rows]
    for item in inputs:
        if (isinstance(item, str) and item == "-") or is_url(item):
            return None
        path = Path(item)
        if path.is_dir():
            found = [f for f in _walk(path) if not is_manifest_name(f)]
            files += found
            total += 0 if found else 1  # an empty folder is one Problem
        elif path.is_file() and is_manifest_name(path):
            rows, problems = load_manifest(path, max_bytes=max_bytes)
            total += len(problems)
            files += [row.path for row in rows]
        elif path.is_file():
            if url_list_file(path, max_bytes=max_bytes) is not None:
                return None
            files.append(path)
        else:
            total += 1  # no such file: one Problem
    for file in files:
        n = _count_file(file, max_bytes=max_bytes) if file.is_file() else 1
        if n is None:
            return None
        total += n
    return total
