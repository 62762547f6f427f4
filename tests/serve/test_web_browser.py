"""End-to-end: a real headless Chromium against a real server over the sample corpus.

Never runs ``playwright install``: it drives the system Chromium at /usr/bin/chromium and
skips when it is missing. Screenshots go to tests/screenshots/ (ignored by git).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from _browser import CHROMIUM, chromium, need_chromium, screenshot, serve_db, watched_page

pytestmark = [pytest.mark.browser, pytest.mark.model, pytest.mark.slow]

HOSTILE = (
    "<script>window.__pwned = 'script';</script> Officials in Kyiv said on Monday that "
    "<img src=x onerror=\"window.__pwned='img'; alert('img')\"> Russia rejected the offer. "
    "<a href=\"javascript:window.__pwned='link'\">Read more</a> "
    "<svg onload=\"window.__pwned='svg'\"></svg> \"It is unacceptable,\" the minister said."
)


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory, nlp) -> Iterator[str]:
    need_chromium()
    from detente.link import run_links
    from detente.pipeline.coding import code_articles, make_article
    from detente.sample import load_sample_articles
    from detente.store import open_store

    db = tmp_path_factory.mktemp("web") / "web.db"
    hostile = make_article(HOSTILE, published="2022-05-02", outlet="<b>Evil</b> Daily",
                           title="<img src=x onerror=alert(1)> headline",
                           url="javascript:window.__pwned='url'")
    with open_store(db) as store:
        for coded in code_articles([*load_sample_articles(), hostile], nlp=nlp):
            store.save(coded)
        run_links(store)
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


def test_overview(page) -> None:
    page.goto("/")
    page.wait_for_load_state("networkidle")
    assert page.locator(".count .n").first.inner_text().strip() not in ("", "0", "–")
    page.wait_for_selector("#chart-types .main-svg", timeout=15000)  # plotly drew it
    page.wait_for_selector("#chart-quad .main-svg", timeout=15000)
    screenshot(page, "overview")
    assert page.errors == [] and page.external == []


def test_filter_events_then_open_evidence(page) -> None:
    page.goto("/events")
    chips = page.locator("table.events tbody td .chip")
    assert chips.count() > 0
    wanted = chips.first.inner_text().strip()
    page.select_option("select[name=type]", wanted)
    page.click("form.filters button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert f"type={wanted}" in page.url and "actor=" not in page.url.split("?")[0]
    types = [t.strip() for t in page.locator("table.events tbody tr td:nth-child(2) .chip")
             .all_inner_texts()]
    assert types and set(types) == {wanted}
    screenshot(page, "events_filtered")
    page.locator("a.evidence").first.click()
    page.wait_for_load_state("networkidle")
    assert "/articles/" in page.url
    focus = page.locator("#focus")
    assert focus.count() == 1 and "hl-focus" in (focus.get_attribute("class") or "")
    assert page.locator("#article-text .hl-event").count() > 0
    assert page.locator("#article-text .hl[title]").count() > 0  # hoverable
    screenshot(page, "article_evidence")
    # legend toggles switch a layer off
    page.uncheck("#legend input[data-layer=hl-event]")
    assert "off-hl-event" in (page.locator("#article-text").get_attribute("class") or "")


def test_filter_quotes_by_speaker_then_open_evidence(page) -> None:
    page.goto("/")
    page.click("nav a[href='/quotes']")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/quotes")
    codes = page.locator("table.quotes tbody td.speaker a.code")
    assert codes.count() > 0, "no quote in the sample corpus has a resolved speaker"
    wanted = codes.first.inner_text().strip()
    page.fill("form.filters input[name=actor]", wanted)
    page.click("form.filters button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "actor=" in page.url
    shown = [c.strip() for c in page.locator("table.quotes tbody td.speaker a.code")
             .all_inner_texts()]
    assert shown and all(c.startswith(wanted) for c in shown)
    assert page.locator("table.quotes tbody tr").count() == len(shown)
    screenshot(page, "quotes_filtered")
    text = page.locator("table.quotes tbody blockquote").first.inner_text().strip()
    page.locator("table.quotes a.evidence").first.click()
    page.wait_for_load_state("networkidle")
    assert "/articles/" in page.url and "hl=" in page.url
    focus = page.locator("#focus")
    assert focus.count() == 1 and "hl-focus" in (focus.get_attribute("class") or "")
    assert " ".join(focus.inner_text().split())[:40] == " ".join(text.split())[:40]
    screenshot(page, "quote_evidence")
    assert page.errors == [] and page.external == []


def test_dispute_side_by_side(page) -> None:
    page.goto("/disputes")
    cards = page.locator("section.dispute")
    assert cards.count() > 0, "the link stage found no dispute in the sample corpus"
    screenshot(page, "disputes")
    cards.first.locator(".dispute-head a").first.click()
    page.wait_for_load_state("networkidle")
    sides = page.locator(".sides > .side")
    assert sides.count() == 2
    assert page.locator(".sides .hl-focus").count() == 2
    screenshot(page, "dispute")


def test_positions_cell_opens_evidence(page) -> None:
    page.goto("/positions")
    cells = page.locator("a.cell-link")
    assert cells.count() > 0, "the link stage found no position in the sample corpus"
    cells.first.click()
    page.wait_for_load_state("networkidle")
    assert "party=" in page.url and "proposition=" in page.url
    rows = page.locator("#evidence li.step")
    assert rows.count() >= 1 and "No stance" not in rows.first.inner_text()
    screenshot(page, "positions")


@pytest.mark.parametrize("path", ["/stories", "/map", "/actors", "/articles", "/api/docs"])
def test_other_pages_render(page, path: str) -> None:
    page.goto(path)
    page.wait_for_load_state("networkidle")
    assert page.locator("main h1").count() == 1
    if path == "/stories" and page.locator("tbody a").count():
        page.locator("tbody a").first.click()
        page.wait_for_load_state("networkidle")
        assert page.locator(".outlet-col").count() >= 1
        screenshot(page, "story")
    if path == "/map" and page.locator("#chart-map").count():
        page.wait_for_selector("#chart-map .main-svg", timeout=15000)
    screenshot(page, path.strip("/").replace("/", "_"))
    assert page.errors == [] and page.external == []


def test_hostile_article_never_executes(page, base_url: str) -> None:
    page.goto("/articles?q=unacceptable")
    page.locator("tbody a").first.click()
    page.wait_for_load_state("networkidle")
    text = page.locator("#article-text").inner_text()
    assert "<script>window.__pwned" in text and "onerror=" in text  # shown, as text
    assert page.locator("#article-text script, #article-text img, #article-text svg, "
                        "#article-text a").count() == 0
    assert page.locator("a[href^='javascript:']").count() == 0
    # hover and click everything in the text; nothing may run
    for el in page.locator("#article-text .hl").all()[:20]:
        el.hover()
    page.locator("#article-text").click()
    screenshot(page, "hostile_article")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    for path in ("/events?outlet=%3Cb%3EEvil%3C%2Fb%3E%20Daily", "/quotes", "/articles", "/", "/map",
                 "/actors", "/stories"):
        page.goto(path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("typeof window.__pwned") == "undefined", path
    assert page.dialogs == []
    assert page.errors == []


def test_a_name_rebound_to_loopback_is_refused(browser, base_url: str) -> None:
    # Regression (hardening item 10, DNS rebinding): a browser that resolves a foreign
    # name to 127.0.0.1 sent `Host: rebind.example` and the token-less server answered.
    port = base_url.rsplit(":", 1)[1]
    rebinding = browser.browser_type.launch(
        executable_path=str(CHROMIUM),
        args=["--no-sandbox", "--disable-gpu", "--no-first-run",
              "--host-resolver-rules=MAP rebind.example 127.0.0.1"],
    )
    try:
        pg = rebinding.new_page()
        resp = pg.goto(f"http://rebind.example:{port}/")
        assert resp is not None and resp.status == 400
        assert "not a loopback name" in pg.content()
        api = pg.goto(f"http://rebind.example:{port}/api/events")
        assert api is not None and api.status == 400
        resp = pg.goto(f"http://localhost:{port}/")  # a loopback name is fine
        assert resp is not None and resp.status == 200
    finally:
        rebinding.close()


def test_a_bad_date_says_what_a_date_looks_like(page) -> None:
    # Regression (hardening item 9): "notadate" gave a message about string length.
    resp = page.goto("/events?since=notadate")
    assert resp is not None and resp.status == 400
    assert "expected YYYY-MM-DD" in page.content()
