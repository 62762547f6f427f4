"""The pages on a generated multi-year corpus (300 articles over 2022-2023), in a real
headless Chromium: timelines open on the span where events are, binned to fit; dyads by
country without self-dyads, with sectors on demand; titles without scraped promos; the
positions matrix with a changing stance and its trajectory.

Drives the system Chromium at /usr/bin/chromium and skips when it is missing; no spaCy
model (the corpus is generated as coded records). Screenshots go to tests/screenshots/.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from _browser import chromium, need_chromium, screenshot, serve_db, watched_page
from _corpus_gen import PROMO, generate_corpus

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    need_chromium()
    from detente.link import extract_positions
    from detente.store import open_store

    corpus = generate_corpus(300)
    db = tmp_path_factory.mktemp("corpus") / "corpus.db"
    with open_store(db) as store:
        for coded in corpus:
            store.save(coded)
        store.replace_links(positions=extract_positions(corpus))
    with serve_db(db) as url:
        yield url


@pytest.fixture(scope="module")
def browser(base_url: str):
    with chromium() as b:
        yield b


@pytest.fixture()
def page(browser, base_url: str):
    with watched_page(browser, base_url) as pg:
        yield pg


def _shot(pg, name: str, *, full: bool = True) -> None:
    screenshot(pg, f"corpus_{name}", full=full)


def test_overview_opens_on_the_events_span_binned_by_week(page) -> None:
    page.goto("/")
    page.wait_for_selector("#chart-types .main-svg", timeout=20000)
    assert "Events per week, by type" in page.locator("main").inner_text()
    x0, x1 = page.evaluate("() => document.getElementById('chart-types')._fullLayout.xaxis.range")
    assert str(x0)[:4] in ("2021", "2022") and str(x1)[:4] in ("2023", "2024")
    bars = page.evaluate("() => document.getElementById('chart-types').data[0].x.length")
    assert 90 <= bars <= 110  # about two years of weeks, not 700 days
    note = page.locator("p.outliers").inner_text()
    assert "2014 ×20" in note and "dated earlier" in note
    assert page.errors == []
    _shot(page, "overview")


def test_dyads_by_country_without_self_dyads_and_with_sectors(page) -> None:
    page.goto("/")
    rows = page.locator("table.dyads tbody.dyad > tr")
    assert rows.count() >= 4
    pairs = [tuple(rows.nth(i).locator("td").nth(k).inner_text() for k in (0, 2))
             for i in range(rows.count())]
    assert all(s != t for s, t in pairs), pairs
    assert all(" " not in s and " " not in t for s, t in pairs), pairs  # countries, not sectors
    assert ("RUS", "UKR") in pairs
    # Drill down: RUS -> UKR holds RUS GOV -> UKR and RUS MIL -> UKR.
    i = pairs.index(("RUS", "UKR"))
    rows.nth(i).locator("summary").click()
    sectors = rows.nth(i).locator("table.sectors").inner_text()
    assert "RUS GOV" in sectors and "RUS MIL" in sectors
    _shot(page, "dyads")


def test_titles_skip_the_promo(page) -> None:
    page.goto("/articles")
    titles = page.locator("main table tbody td a").all_inner_texts()
    assert titles and not any("listen to Fox News" in t for t in titles)
    assert any(t.startswith("Day ") for t in titles)  # from the first non-noise line
    assert PROMO not in page.locator("main").inner_text()
    assert "Older →" in page.locator(".pager").first.inner_text()
    _shot(page, "articles")


def test_actors_list_pages_in_its_own_words(page) -> None:
    page.goto("/actors")
    text = page.locator("main").inner_text()
    assert "Older" not in text and "Newer" not in text


def test_positions_matrix_and_trajectory(page) -> None:
    page.goto("/positions")
    cell = page.locator("a.cell-link[href*='party=UKR'][href*='neutrality']")
    assert cell.count() == 1
    assert cell.get_attribute("data-polarity") == "for"
    assert "changed 1×" in cell.inner_text()
    _shot(page, "positions")
    cell.click()
    page.wait_for_load_state("networkidle")
    assert "proposition=neutrality" in page.url
    # One block per run of one polarity: against through early 2023, then for.
    segs = page.locator("ol.segments > li.segment")
    assert segs.count() == 2
    assert "seg-against" in (segs.nth(0).get_attribute("class") or "")
    assert "seg-for" in (segs.nth(1).get_attribute("class") or "")
    first = segs.nth(0).locator(".seg-head").inner_text()
    second = segs.nth(1).locator(".seg-head").inner_text()
    assert first[first.index("2022"):][:10] < second[second.index("2023"):][:10]
    # The middle of a run opens on demand.
    segs.nth(0).locator("details summary").click()
    assert segs.nth(0).locator("li.step").count() >= 100
    page.locator("#evidence").scroll_into_view_if_needed()
    _shot(page, "trajectory", full=False)
