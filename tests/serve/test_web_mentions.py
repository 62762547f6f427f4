"""Wire copies on the pages and in the API: the article page lists every outlet that
carried the text, the API article payload carries ``article_mentions``, and the story
page's outlet comparison counts the article for each of its outlets."""

from __future__ import annotations

import datetime as dt

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402
from test_api import LOCAL, make_coded  # noqa: E402

from detente.records import ArticleMention, Story  # noqa: E402


@pytest.fixture(scope="module")
def wire(tmp_path_factory: pytest.TempPathFactory):
    from detente.serve import create_app
    from detente.store import open_store

    path = tmp_path_factory.mktemp("wire") / "w.db"
    coded = make_coded("Moscow rejected the plan.", outlet="Alpha", published="2022-04-22")
    aid = coded.article.id
    with open_store(path) as store:
        store.save(coded)
        assert store.add_mention(ArticleMention(article_id=aid, outlet="Gamma Daily",
                                                url="https://gamma.example/7",
                                                published=dt.date(2022, 4, 23)))
        store.replace_links(stories=[Story(
            id="s1", article_ids=(aid,), title="Plan rejected", outlets=("Alpha",),
            n_articles=1, n_outlets=1, first_reported=dt.date(2022, 4, 22),
            last_reported=dt.date(2022, 4, 22))])
    with TestClient(create_app(db_url=str(path)), base_url=LOCAL,
                    raise_server_exceptions=False) as client:
        yield client, aid


def test_api_article_payload_lists_every_mention(wire) -> None:
    client, aid = wire
    body = client.get(f"/api/articles/{aid}").json()
    assert [(m["outlet"], m["url"], m["published"]) for m in body["article_mentions"]] == [
        ("Alpha", "https://example.org/a", "2022-04-22"),
        ("Gamma Daily", "https://gamma.example/7", "2022-04-23")]


def test_article_page_shows_the_outlets_that_carried_it(wire) -> None:
    client, aid = wire
    html = client.get(f"/articles/{aid}").text
    assert 'id="carried-by"' in html and "Carried by 2" in html
    assert "Gamma Daily" in html and 'href="https://gamma.example/7"' in html


def test_story_comparison_counts_the_wire_copy_for_each_outlet(wire) -> None:
    client, _ = wire
    html = client.get("/stories/s1").text
    assert "Alpha" in html and "Gamma Daily" in html
