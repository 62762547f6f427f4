"""Quotes on the two seed articles, against the analyst's table in ``expected.md``.

The table is read at run time from ../shared (nothing of it is copied here): every row
must be found with its speaker, actor code, kind and reporting chain; no scare-quoted
word may be a quote of its own.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = [pytest.mark.model, pytest.mark.shared]

_MARKS = str.maketrans({"“": '"', "”": '"', "’": "'", "‘": "'"})


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.translate(_MARKS)).strip().lower()


def _rows(shared: Path) -> list[dict[str, str]]:
    text = (shared / "seeds" / "expected.md").read_text(encoding="utf-8")
    section = text.split("## Quotes", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 5 or not cells[0].isdigit():
            continue
        art, speaker, actor, kind, begins = cells
        rows.append({"art": art, "speaker": speaker, "actor": actor, "kind": kind,
                     "begins": begins})
    return rows


def _pieces(begins: str) -> list[list[str]]:
    """Each quotation of a row ("A …" / "B …") as the text fragments it must hold."""
    out = []
    for part in begins.split(" / "):
        frags = [_norm(f).strip('"').strip() for f in part.split("…")]
        out.append([f for f in frags if len(f) > 3])
    return out


def _via_wanted(row: dict[str, str]) -> str | None:
    m = re.search(r"via ([A-Z][\w]+)", row["speaker"] + " " + row["kind"])
    return m.group(1) if m else None


def _via_ok(wanted: str, via: tuple[str, ...]) -> bool:
    for v in via:
        words = [w for w in re.findall(r"[A-Za-z]+", v) if w.lower() != "the"]
        initials = "".join(w[0] for w in words if w[0].isupper())
        if initials == wanted or any(w.lower()[:4] == wanted.lower()[:4] for w in words):
            return True
    return False


def _speaker_ok(row: dict[str, str], q) -> bool:
    name = re.sub(r"\(.*?\)", "", row["speaker"]).strip()
    if all(w[:1].isupper() for w in name.split()) and name.split()[0].lower() not in ("a", "an", "the"):
        # A named person: the resolved person shares the surname.
        person = (q.speaker.person or "") if q.speaker else ""
        return name.split()[-1].lower()[:5] in person.lower()
    return _norm(name) in _norm(q.speaker_text or "")


def _cases(shared: Path) -> list[tuple[str, dict[str, str]]]:
    return [(r["art"], r) for r in _rows(shared)]


def test_seed_table_is_readable(shared_dir: Path) -> None:
    rows = _rows(shared_dir)
    assert len(rows) >= 10, "the quotes table of expected.md could not be read"


@pytest.mark.parametrize("index", range(14))
def test_seed_quote(coded_seeds, shared_dir: Path, index: int) -> None:
    rows = _rows(shared_dir)
    if index >= len(rows):
        pytest.skip("fewer rows in the table")
    row = rows[index]
    coded = next(c for name, c in coded_seeds.items() if name.startswith(row["art"]))
    for frags in _pieces(row["begins"]):
        hits = [q for q in coded.quotes if all(f in _norm(q.text) for f in frags)]
        assert hits, (row["speaker"], frags, [q.text[:60] for q in coded.quotes])
        good = [q for q in hits if _speaker_ok(row, q)]
        assert good, (row["speaker"], [(q.speaker_text, q.speaker) for q in hits])
        q = good[0]
        assert q.speaker is not None and q.speaker.code == row["actor"], (row, q.speaker)
        kind = row["kind"]
        if kind.startswith("direct"):
            assert q.quote_type == "direct", (row, q.quote_type)
        elif "fragment" in kind:
            assert q.quote_type == "mixed", (row, q.quote_type)
        else:
            # A scare-quoted word inside ("ultimatum") makes an indirect quote mixed.
            assert q.quote_type in ("indirect", "mixed"), (row, q.quote_type)
        wanted = _via_wanted(row)
        if wanted:
            assert _via_ok(wanted, q.via), (row, q.via)
        text = coded.article.text
        assert text[q.start : q.end] == q.text


def test_no_quote_from_scare_quoted_words(coded_seeds) -> None:
    for coded in coded_seeds.values():
        for q in coded.quotes:
            assert len(q.text.split()) > 2, q.text


def test_claims_follow_quotes(coded_seeds) -> None:
    for coded in coded_seeds.values():
        assert [c.quote_id for c in coded.claims] == [q.id for q in coded.quotes]
        denials = [c for c in coded.claims if c.denial]
        for c in denials:
            assert c.quote_id in {q.id for q in coded.quotes}
    # The analyst's first dispute rests on a denial of having received a proposal.
    texts = [c.article.text[cl.start : cl.end] for c in coded_seeds.values()
             for cl in c.claims if cl.denial]
    assert any("receiv" in t for t in texts), texts
