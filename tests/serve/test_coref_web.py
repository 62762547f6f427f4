"""The article page shows the coreference chains (who "she" is), read back from the store."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402
from test_api import LOCAL  # noqa: E402

from detente.extract.coref.chains import build_chains  # noqa: E402
from detente.records import ActorRef, Article, CodedArticle, Mention  # noqa: E402


def test_article_page_lists_chains_with_links_to_each_mention(tmp_path) -> None:
    from detente.serve import create_app
    from detente.store import open_store

    text = "Ann Berg met Ole Dahl. She said the ferry would run."
    berg = ActorRef(code="", person="Ann Berg")
    mentions = (
        Mention("a1", 0, 8, "Ann Berg", "PERSON", actor=berg, how="ner"),
        Mention("a1", 13, 21, "Ole Dahl", "PERSON", actor=ActorRef(code="", person="Ole Dahl"),
                how="ner"),
        Mention("a1", 23, 26, "She", "PRON", actor=berg, how="coref", antecedent_start=0),
    )
    coded = CodedArticle(article=Article(id="a1", text=text), mentions=mentions,
                         chains=tuple(build_chains(mentions, article_id="a1")))
    path = tmp_path / "w.db"
    with open_store(path) as store:
        store.save(coded)
    with TestClient(create_app(db_url=str(path)), base_url=LOCAL,
                    raise_server_exceptions=False) as client:
        html = client.get("/articles/a1").text
    assert 'id="chains"' in html and "Who is who" in html
    assert "<strong>Ann Berg</strong>" in html and 'href="?hl=23-26#focus"' in html
    assert "Ole Dahl</strong>" not in html  # named once: no chain
