"""Bytes to text: decoding, binary detection and newline normalisation.

Every reader goes through :func:`decode_bytes`, so an article's text (and therefore every
offset into it) is the same whatever the file's encoding or line endings were.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from ..errors import DecodeError, EmptyInputError

__all__ = ["decode_bytes", "normalise_text"]

# Byte-order marks, longest first (the UTF-32-LE mark starts with the UTF-16-LE one).
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Control characters that never occur in text (tab, newlines, form feed, escape are allowed).
_LOW_BYTES = bytes(range(0x80))
_ASCII_LETTERS = bytes(range(0x41, 0x5B)) + bytes(range(0x61, 0x7B))
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


def normalise_text(text: str) -> str:
    """NFC, no BOM, ``\\n`` newlines: the form offsets are counted in.

    >>> normalise_text("\\ufeffa\\r\\nb\\rc")
    'a\\nb\\nc'
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        # Windows (\r\n) first, then old-Mac lone \r, so \r\n never becomes two lines.
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def _looks_binary(text: str) -> bool:
    """More than 1% control characters (or any NUL) is not prose."""
    if "\x00" in text:
        return True
    sample = text[:20000]
    bad = len(_CONTROL_RE.findall(sample))
    return bad > max(2, len(sample) // 100)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM: ASCII-heavy text has NUL in every other byte."""
    if len(data) < 4 or len(data) % 2:
        return None
    even_nul = data[0::2].count(0)
    odd_nul = data[1::2].count(0)
    half = len(data) // 2
    if odd_nul > 0.3 * half and even_nul < 0.05 * half:
        encoding = "utf-16-le"
    elif even_nul > 0.3 * half and odd_nul < 0.05 * half:
        encoding = "utf-16-be"
    else:
        return None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _single_byte(data: bytes) -> str | None:
    """Legacy 8-bit text: Windows-1252/Latin-1 for Western text, else charset-normalizer.

    charset-normalizer alone guesses odd code pages (cp775, cp1250) for short Western
    text, so Western text is recognised first: its non-ASCII bytes are a sprinkle of
    accented letters and typographic quotes among ASCII letters. Text in another script
    (Cyrillic cp1251, KOI8-R, Greek) is mostly high bytes and goes to the detector.
    """
    # Counted by deleting bytes (C speed) rather than looping over them.
    high = len(data.translate(None, _LOW_BYTES))
    ascii_letters = len(data) - len(data.translate(None, _ASCII_LETTERS))
    if high <= 0.3 * (high + ascii_letters):
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            # cp1252 leaves five bytes undefined; Latin-1 decodes anything.
            return data.decode("latin-1")
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    return None if best is None else str(best)


def decode_bytes(data: bytes, *, source: str) -> str:
    """Decode an input's bytes to normalised text, or raise naming ``source``.

    UTF-8 first (a BOM is dropped), then UTF-16/32 (by BOM or NUL pattern), then legacy
    8-bit encodings. Raises :class:`DecodeError` ("binary file") for bytes that are not
    text and :class:`EmptyInputError` for nothing but whitespace.

    >>> decode_bytes("caf\\u00e9\\r\\n".encode("latin-1"), source="x.txt")
    'café\\n'
    """
    text: str | None = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise DecodeError(f"not valid {encoding}: {exc.reason}", source=source) from exc
            break
    if text is None and b"\x00" in data:
        # NUL is valid UTF-8 but never in prose: BOM-less UTF-16, or binary.
        text = _utf16_without_bom(data)
        if text is None:
            raise DecodeError("binary file (NUL bytes)", source=source)
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _single_byte(data)
    if text is None or _looks_binary(text):
        raise DecodeError("binary file (not text in any supported encoding)", source=source)
    text = normalise_text(text)
    if not text.strip():
        raise EmptyInputError("empty input (nothing but whitespace)", source=source)
    return text
