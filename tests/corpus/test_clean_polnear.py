"""Cleaning and language detection on 924 real political news articles (PolNeAR texts in
../shared/data/polnear, read at run time).

Measures: every article is English; noise is rare in these body-only texts and almost
never touches an annotated attribution (quotes are news); cleaning stays well under a
millisecond per article.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from detente.clean.noise import clean, detect_language
from detente.read import read_inputs
from detente.records import Article

pytestmark = [pytest.mark.shared, pytest.mark.slow]

_ATTRIBUTION = frozenset({"Source", "Cue", "Content"})


def _gold_spans(text_path: Path) -> list[tuple[int, int]]:
    anns = sorted((text_path.parent.parent / "attributions").glob(text_path.stem + "_*.ann"))
    spans: list[tuple[int, int]] = []
    if not anns:
        return spans
    for line in anns[0].read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        # Source/Cue/Content are the attribution itself; other types (Discard, ...) are
        # the annotators' own marks on text they set aside.
        if line.startswith("T") and len(parts) > 1 and parts[1].split(" ", 1)[0] in _ATTRIBUTION:
            for seg in parts[1].split(" ", 1)[1].split(";"):
                start, end = seg.split()
                spans.append((int(start), int(end)))
    return spans


@pytest.fixture(scope="module")
def articles(shared_dir: Path) -> list[Article]:
    root = shared_dir / "data" / "polnear"
    if not root.is_dir():
        pytest.skip("PolNeAR data not present")
    arts = list(read_inputs([root / "train" / "text", root / "dev" / "text"]))
    assert all(isinstance(a, Article) for a in arts)
    return [a for a in arts if isinstance(a, Article)]


def test_all_english(articles: list[Article]) -> None:
    assert len(articles) > 900
    assert all(detect_language(a.text) == "en" for a in articles)


def test_noise_rarely_touches_attributions(articles: list[Article]) -> None:
    t0 = time.perf_counter()
    cleaned = [clean(a) for a in articles]
    per_article = (time.perf_counter() - t0) / len(cleaned)
    assert per_article < 0.005
    # datelines ("WASHINGTON (AP) — ") open many wire stories: counted apart
    spans_total = sum(1 for a in cleaned for n in a.noise if n.label != "dateline")
    touching: dict[str, int] = {}
    for art in cleaned:
        gold = _gold_spans(Path(art.source or ""))
        for n in art.noise:
            if any(s < n.end and n.start < e for s, e in gold):
                touching[n.label] = touching.get(n.label, 0) + 1
    # Body-only texts: little noise (author follow lines, bios, update notes, "Reporting
    # by", captions), and it must not touch what the annotators marked as attribution.
    assert spans_total < 0.1 * len(cleaned)
    assert sum(touching.values()) <= 3, touching
