"""End-to-end: the activity chart on a long, sparse span, drawn in a real Chromium.

Events a few weeks apart over most of a year: bars are weeks, but only the weeks with
events are listed, so the chart must count the bars the span covers, not the bars it
lists, when it decides whether every bar gets its own tick; and the legend must not sit
on the date labels.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from _browser import chromium, need_chromium, screenshot, serve_db, watched_page

pytestmark = [pytest.mark.browser, pytest.mark.model, pytest.mark.slow]

# Made-up reports, one every eight weeks or so (weekly bins over about 40 weeks).
REPORTS = [
    ("2021-01-04", "Russian troops shelled the Ukrainian town of Avdiivka, officials said."),
    ("2021-03-01", "Russia accused Ukraine of violating the ceasefire near Donetsk."),
    ("2021-05-03", "Ukraine asked Russia to withdraw its troops from the border."),
    ("2021-07-05", "Russian forces attacked Ukrainian positions near Mariupol, the army said."),
    ("2021-09-06", "Russia threatened Ukraine with sanctions over the gas transit deal."),
    ("2021-10-25", "Ukrainian troops fired on Russian-backed fighters near Luhansk."),
]


# Made-up local reports from many cities: more places than the map labels.
CITIES = ["Nairobi", "Lagos", "Lima", "Quito", "Hanoi", "Manila", "Dhaka", "Accra", "Dakar",
          "Bogota", "Caracas", "Jakarta", "Bangkok", "Ankara", "Cairo", "Tunis", "Rabat",
          "Santiago", "Havana", "Kampala"]
LOCAL = [("2021-06-07", f"Police in {city} arrested dozens of protesters on Monday.")
         for city in CITIES]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory, nlp) -> Iterator[str]:
    need_chromium()
    from detente.pipeline.coding import code_articles, make_article
    from detente.store import open_store

    db = tmp_path_factory.mktemp("charts") / "charts.db"
    articles = [make_article(text, published=day, outlet="Made-up Wire", title=text[:40])
                for day, text in REPORTS + LOCAL]
    with open_store(db) as store:
        for coded in code_articles(articles, nlp=nlp):
            store.save(coded)
    with serve_db(db) as url:
        yield url


def _boxes(page, selector: str) -> list[dict[str, float]]:
    return [b for b in (el.bounding_box() for el in page.locator(selector).all()) if b]


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return (a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"]
            and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"])


def test_sparse_weeks_get_few_ticks_and_a_clear_legend(base_url: str) -> None:
    with chromium() as browser, watched_page(browser, base_url) as page:
        page.set_viewport_size({"width": 1300, "height": 1000})
        page.goto("/actor?actor=RUS")
        page.wait_for_selector("#chart-types .main-svg", timeout=15000)
        ticks = _boxes(page, "#chart-types .xtick text")
        legend = _boxes(page, "#chart-types .legend .traces")
        screenshot(page, "actor_sparse_weeks")
        assert ticks and legend
        # A tick for each of ~43 weeks would be rotated and crowded; a span this long
        # gets a few dated ticks.
        assert len(ticks) <= 12, len(ticks)
        assert not any(_overlap(t, g) for t in ticks for g in legend)
        assert page.errors == [] and page.external == []


def test_the_map_labels_only_the_busiest_places(base_url: str) -> None:
    # a label for each of twenty places covers the others; hover still names each one
    with chromium() as browser, watched_page(browser, base_url) as page:
        page.set_viewport_size({"width": 1300, "height": 1000})
        page.goto("/map")
        page.wait_for_selector("#chart-map .main-svg", timeout=15000)
        markers = page.locator("#chart-map .scatterlayer .trace").nth(2).locator("path.point")
        labels = [t for t in page.locator("#chart-map .scatterlayer .trace").nth(2)
                  .locator("text").all_text_contents() if t and t.strip()]
        screenshot(page, "map_many_places")
        assert markers.count() > 15
        assert 0 < len(labels) <= 15, labels
        assert page.errors == [] and page.external == []
