"""The sample corpus (detente.sample): complete manifest, sane articles, package data.

No model needed: these check the files themselves, so a broken or half-written corpus
fails here before the demo, the web tests or the link tests trip over it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from collections import Counter
from pathlib import Path

import pytest

from detente.sample import load_sample_articles, sample_dir, sample_facts, sample_manifest

ROOT = Path(__file__).resolve().parents[2]
REQUIRED_KEYS = {"path", "outlet", "url", "title", "published", "language"}
# The brief: 150-400 words per report, 20+ reports, at least 5 outlets.
MIN_WORDS, MAX_WORDS = 150, 400
NAME = re.compile(r"^articles/\d{3}_[a-z0-9_]+\.txt$")


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    text = sample_manifest().read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_paths_point_inside_the_package() -> None:
    assert sample_dir().is_dir()
    assert sample_manifest().parent == sample_dir()
    assert sample_facts().is_file()


def test_every_row_complete(rows: list[dict]) -> None:
    assert len(rows) >= 20
    for row in rows:
        assert set(row) >= REQUIRED_KEYS, row
        assert NAME.match(row["path"]), row["path"]
        assert isinstance(row["outlet"], str) and row["outlet"].strip(), row
        assert row["url"].startswith("https://"), row
        assert row["title"].strip(), row
        assert row["language"] == "en", row


def test_manifest_and_directory_agree(rows: list[dict]) -> None:
    listed = [r["path"] for r in rows]
    assert len(listed) == len(set(listed)), "a file is listed twice"
    on_disk = sorted(p.relative_to(sample_dir()).as_posix()
                     for p in (sample_dir() / "articles").glob("*.txt"))
    assert sorted(listed) == on_disk


def test_dates_iso_and_exactly_one_undated(rows: list[dict]) -> None:
    undated = [r["path"] for r in rows if r["published"] is None]
    # The corpus carries one report with no publication date on purpose (Story.undated).
    assert len(undated) == 1, undated
    for r in rows:
        if r["published"] is None:
            continue
        day = dt.date.fromisoformat(r["published"])
        assert r["published"] == day.isoformat()
        # The happenings are the spring 2022 talks.
        assert dt.date(2022, 3, 1) <= day <= dt.date(2022, 5, 31), r


def test_several_outlets_each_with_several_reports(rows: list[dict]) -> None:
    counts = Counter(r["outlet"] for r in rows)
    assert len(counts) >= 5, counts
    assert min(counts.values()) >= 2, counts


def test_words_per_article_in_range(rows: list[dict]) -> None:
    for r in rows:
        text = (sample_dir() / r["path"]).read_text(encoding="utf-8")
        n = len(text.split())
        assert MIN_WORDS <= n <= MAX_WORDS, (r["path"], n)


def test_title_is_the_first_line(rows: list[dict]) -> None:
    for r in rows:
        text = (sample_dir() / r["path"]).read_text(encoding="utf-8")
        assert text.splitlines()[0].strip() == r["title"], r["path"]


def test_special_cases_present(rows: list[dict]) -> None:
    texts = {r["path"]: (sample_dir() / r["path"]).read_text(encoding="utf-8") for r in rows}
    # The web UI must escape markup: one report carries a script tag and an onerror= attribute.
    hostile = [p for p, t in texts.items() if "<script" in t and "onerror=" in t]
    assert len(hostile) == 1, hostile
    # One report is a near-duplicate wire copy of another: most of its lines are shared.
    line_sets = {p: {ln for ln in t.splitlines()[1:] if len(ln) > 80} for p, t in texts.items()}
    copies = [(a, b) for a in line_sets for b in line_sets if a < b
              and line_sets[a] and len(line_sets[a] & line_sets[b]) >= 0.8 * len(line_sets[a])]
    assert len(copies) == 1, copies
    assert texts[copies[0][0]] != texts[copies[0][1]], "a wire copy differs in some detail"


def test_facts_name_only_files_that_exist(rows: list[dict]) -> None:
    facts = sample_facts().read_text(encoding="utf-8")
    numbers = {r["path"][len("articles/"):][:3] for r in rows}
    cited = set(re.findall(r"(?<![\d,.])\b(0\d\d)\b(?![,.]?\d)", facts))
    assert cited, "FACTS.md cites no files"
    assert cited <= numbers, sorted(cited - numbers)
    # Every report is accounted for in FACTS.md.
    assert numbers <= cited, sorted(numbers - cited)


def test_load_sample_articles(rows: list[dict]) -> None:
    arts = load_sample_articles()
    assert len(arts) == len(rows)
    assert len({a.id for a in arts}) == len(arts), "two reports have identical text"
    assert [a.outlet for a in arts] == [r["outlet"] for r in rows]
    assert sum(a.published is None for a in arts) == 1
    assert all(a.title and a.url and a.language == "en" for a in arts)
    assert len(load_sample_articles(limit=3)) == 3


def test_corpus_is_package_data() -> None:
    conf = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = conf["tool"]["setuptools"]["package-data"]["detente"]
    base = sample_dir().parent  # src/detente
    shipped: set[Path] = set()
    for pattern in patterns:
        shipped.update(p for p in base.glob(pattern) if p.is_file())
    for p in [sample_manifest(), sample_facts(), *(sample_dir() / "articles").glob("*.txt")]:
        assert p in shipped, f"{p} is not covered by [tool.setuptools.package-data]"


@pytest.mark.shared
def test_no_seed_text_copied(shared_dir: Path, rows: list[dict]) -> None:
    # The corpus is written in our own words: no run of 8 words from a seed article (or
    # the analyst's notes) appears in it. Quotes of public figures are paraphrased too.
    def shingles(text: str, n: int = 8) -> set[tuple[str, ...]]:
        words = re.findall(r"[a-z0-9$]+", text.lower())
        return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}

    seeds: set[tuple[str, ...]] = set()
    for p in sorted((shared_dir / "seeds").iterdir()):
        if p.suffix in {".txt", ".md"}:
            seeds |= shingles(p.read_text(encoding="utf-8"))
    assert seeds
    for r in rows:
        copied = shingles((sample_dir() / r["path"]).read_text(encoding="utf-8")) & seeds
        assert not copied, (r["path"], [" ".join(s) for s in sorted(copied)[:3]])


# Relative time expressions that resolve against the publication date.
RELATIVE = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|"
                      r"ago|last week|earlier this week|last weekend|last month)\b", re.I)


def test_each_report_has_the_voices_and_dates_the_extractors_need(rows: list[dict]) -> None:
    for r in rows:
        text = (sample_dir() / r["path"]).read_text(encoding="utf-8")
        assert re.search(r'"[^"\n]{10,}"', text), (r["path"], "no direct quote")
        assert re.search(r"\b(said|told reporters)\b", text), (r["path"], "no speech cue")
        assert "according to" in text.lower(), (r["path"], "no 'according to'")
        if r["published"] is not None:  # an undated report has nothing to resolve against
            assert RELATIVE.search(text), (r["path"], "no relative date")
