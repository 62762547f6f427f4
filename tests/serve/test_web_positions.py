"""The positions page and /api/positions/matrix: current stances and trajectories."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from _link_builders import coded, event
from detente.link import extract_positions

fastapi = pytest.importorskip("fastapi")


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory):
    from fastapi.testclient import TestClient

    from detente.serve import create_app
    from detente.store import open_store

    march = coded("Kyiv agreed not to join NATO.", published="2022-03-29",
                  events=[event("agreed", "AGREE", "UKR GOV", None)])
    may = coded("Kyiv now refuses to give up its bid to join NATO.", published="2022-05-17",
                events=[event("refuses", "REJECT", "UKR GOV", "RUS")])
    april = coded("Moscow insists on the demilitarization of Ukraine.", published="2022-04-02",
                  events=[event("insists", "REQUEST", "RUS GOV", "UKR")])
    db = Path(tmp_path_factory.mktemp("pos")) / "pos.db"
    with open_store(db) as store:
        for c in (march, may, april):
            store.save(c)
        from detente.records import Story

        ids = (march.article.id, may.article.id)
        store.replace_links(
            positions=extract_positions([march, may, april]),
            stories=[Story(id="s1", article_ids=ids, title="Kyiv and NATO", outlets=("Wire",),
                           n_articles=2, n_outlets=1, first_reported=dt.date(2022, 3, 29),
                           last_reported=dt.date(2022, 5, 17))])
    with TestClient(create_app(db_url=str(db)), base_url="http://127.0.0.1") as c:
        yield c


def test_matrix_page_shows_current_stances(client) -> None:
    html = client.get("/positions").text
    assert "Ukraine&#39;s NATO membership" in html or "Ukraine's NATO membership" in html
    assert 'data-polarity="for"' in html and "changed 1×" in html
    assert "Demilitarization of Ukraine" in html


def test_cell_opens_the_dated_trajectory(client) -> None:
    r = client.get("/positions", params={"party": "UKR", "proposition": "nato_membership:UKR"})
    assert r.status_code == 200
    body = r.text[r.text.index('class="segments"'):]
    assert body.index("2022-03-29") < body.index("2022-05-17")
    assert body.count('class="step step-') == 2 and body.count('class="segment seg-') == 2
    assert "since 2022-05-17" in r.text


def test_api_matrix_gives_cells_with_trajectories(client) -> None:
    data = client.get("/api/positions/matrix", params={"party": "UKR"}).json()
    cells = {c["proposition"]: c for c in data["cells"]}
    nato = cells["nato_membership:UKR"]
    assert nato["polarity"] == "for" and nato["changes"] == 1
    assert [(s["date"], s["polarity"]) for s in nato["trajectory"]] == [
        ("2022-03-29", "against"), ("2022-05-17", "for")]
    assert all(s["evidence"] for s in nato["trajectory"])
    only = client.get("/api/positions/matrix",
                      params={"proposition": "demilitarization:UKR"}).json()
    assert [(c["party"], c["polarity"]) for c in only["cells"]] == [("RUS", "for")]
    assert client.get("/api/positions/matrix", params={"since": "2022-13-01"}).status_code == 400


def test_old_rows_without_a_proposition_still_read() -> None:
    from detente.link.positions import positions_from_rows

    [p] = positions_from_rows([{"id": "p1", "party": "RUS", "issue": "crimea",
                                "stance": "rejects", "date": "2022-04-02",
                                "article_id": "a", "start": 0, "end": 1, "evidence": "x",
                                "source_kind": "event", "source_id": "e0"}])
    assert (p.proposition, p.polarity, p.date) == ("crimea", "against", dt.date(2022, 4, 2))


def test_overview_and_lists_render_with_the_new_parts(client) -> None:
    html = client.get("/").text
    assert "Most active dyads" in html and "Events per" in html
    actors = client.get("/actors").text
    assert "Older →" not in actors


def test_story_page_compares_positions_by_outlet(client) -> None:
    html = client.get("/stories/s1").text
    assert "Positions in this story" in html
    part = html[html.index("story-positions"):]
    assert "NATO membership" in part and "Demilitarization" not in part
    # UKR on its NATO membership: against in March, for in May; both reported by Wire.
    row = part[part.index("Ukraine&#39;s NATO membership"):].split("</tr>")[0]
    assert "polarity-against" in row and "polarity-for" in row
