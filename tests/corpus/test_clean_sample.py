"""The bundled sample corpus: the noise its FACTS.md lists is found, its clean reports
stay clean (the corpus is package data, so this runs without ../shared)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from detente.clean.noise import clean
from detente.read import read_inputs
from detente.records import Article
from detente.sample import sample_dir, sample_manifest


def _facts() -> tuple[dict[str, str], set[str]]:
    text = (Path(sample_dir()) / "FACTS.md").read_text(encoding="utf-8")
    noisy = dict(re.findall(r"^\|\s*(\d{3})\s*\|\s*(.+?)\s*\|\s*$", text, re.M))
    clean_list = re.search(r"The other reports \(([\d,\s]+)\) are clean", text)
    assert noisy and clean_list, "sample FACTS.md has no noise table"
    return noisy, set(re.findall(r"\d{3}", clean_list.group(1)))


@pytest.fixture(scope="module")
def cleaned() -> dict[str, Article]:
    out: dict[str, Article] = {}
    for rec in read_inputs([], manifest=sample_manifest()):
        assert isinstance(rec, Article), rec
        out[Path(rec.source or "").name[:3]] = clean(rec)
    return out


# What FACTS.md's words for a noise item mean as labels.
_WORDS = {
    "repeated title": "title_repeat",
    "byline": "byline",
    "staff line": "byline",
    "bio": "bio",
    "caption": "caption",
    "credit": "credit",
    "promo": "promo",
    "teaser": "teaser",
    "markup": "boilerplate",
    "updated": "boilerplate",
    "agency line": "boilerplate",
}


def test_listed_noise_found(cleaned: dict[str, Article]) -> None:
    noisy, _ = _facts()
    for number, items in noisy.items():
        labels = {n.label for n in cleaned[number].noise}
        for word, label in _WORDS.items():
            if word in items.lower():
                assert label in labels or (label == "teaser" and "promo" in labels), (number, word, labels)


def test_clean_reports_have_no_noise(cleaned: dict[str, Article]) -> None:
    _, clean_ones = _facts()
    assert clean_ones
    for number in clean_ones:
        # a wire dateline is blanked as a line-start prefix; nothing else is noise
        lines = [n for n in cleaned[number].noise if n.label != "dateline"]
        assert lines == [], (number, cleaned[number].noise)
