"""REST API over a store filled by coding real texts with the model."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.model

TEXTS = [
    ("Russia rejected Ukraine's proposal on Friday. Ukraine accused Russia of shelling "
     "Kharkiv overnight.", "Alpha", "2022-04-22"),
    ("\"We will not accept any ultimatum,\" Ukrainian President Volodymyr Zelensky said on "
     "Tuesday. Moscow threatened to cut gas supplies to Europe.", "Beta", "2022-04-26"),
    ("NATO leaders met in Brussels on Thursday and agreed to send more aid to Ukraine.",
     "Gamma", "2022-04-28"),
]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory, nlp):
    from fastapi.testclient import TestClient

    from detente.pipeline.coding import code_text
    from detente.serve import create_app
    from detente.store import open_store

    db: Path = tmp_path_factory.mktemp("apimodel") / "m.db"
    with open_store(db) as store:
        for text, outlet, published in TEXTS:
            assert store.save(code_text(text, outlet=outlet, published=published, nlp=nlp))
    with TestClient(create_app(db_url=str(db)), base_url="http://127.0.0.1",
                    raise_server_exceptions=False) as c:
        yield c


def test_coded_events_are_served_with_evidence(client) -> None:
    body = client.get("/api/events").json()
    assert body["total"] == len(body["items"]) >= 2
    outlets = {e["outlet"] for e in body["items"]}
    assert len(outlets) >= 2 and outlets <= {"Alpha", "Beta", "Gamma"}
    for e in body["items"]:
        art = client.get(f"/api/articles/{e['article_id']}").json()["article"]
        assert art["text"][e["trigger_start"]:e["trigger_end"]] == e["trigger"]


def test_filters_on_coded_events(client) -> None:
    rus = client.get("/api/events", params={"actor": "RUS"}).json()["items"]
    assert rus and all(
        any(a["code"].startswith("RUS") for a in e["source"] + e["target"]) for e in rus
    )
    late = client.get("/api/events", params={"since": "2022-04-27"}).json()["items"]
    assert late and all(e["date"] >= "2022-04-27" for e in late)
    alpha = client.get("/api/articles", params={"outlet": "Alpha"}).json()
    assert alpha["total"] == 1


def test_pages_render_coded_articles(client) -> None:
    ev = client.get("/api/events", params={"limit": 1}).json()["items"][0]
    r = client.get(f"/articles/{ev['article_id']}", params={"hl": f"{ev['start']}-{ev['end']}"})
    assert r.status_code == 200
    assert 'id="focus"' in r.text and "hl-event" in r.text
    for path in ("/", "/events", "/actors", "/map", "/stories", "/disputes", "/positions",
                 f"/actor?actor={ev['source'][0]['code'] if ev['source'] else 'RUS'}"):
        assert client.get(path).status_code == 200, path
