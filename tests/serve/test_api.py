"""REST API: listings, downloads, parameter validation, token.

The store is the real one (a temp SQLite file) filled with hand-built records, so these
tests need no model; ``test_api_model.py`` codes real texts.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient  # noqa: E402

from detente.records import (  # noqa: E402
    ActorRef,
    Article,
    CodedArticle,
    Event,
    Place,
    Quote,
    article_id_for,
)

RUS = ActorRef(code="RUS GOV", country="RUS", sector="GOV")
UKR = ActorRef(code="UKR GOV", country="UKR", sector="GOV")
#: A token-less app answers only requests addressed to a loopback name.
LOCAL = "http://127.0.0.1"
LAVROV = ActorRef(code="RUS GOV", country="RUS", sector="GOV", person="Sergei Lavrov")


def make_coded(text: str, *, outlet: str, published: str, n_events: int = 1,
               ptype: str = "REJECT") -> CodedArticle:
    """A hand-built coded article: events on the first word, one quote, one place."""
    aid = article_id_for(text)
    art = Article(id=aid, text=text, outlet=outlet, title=f"{outlet} report",
                  published=dt.date.fromisoformat(published), url="https://example.org/a")
    first = text.split()[0]
    kyiv = Place(article_id=aid, start=0, end=len(first), text=first, name="Kyiv",
                 country="UKR", lat=50.45, lon=30.52, geonameid=703448)
    events = tuple(
        Event(article_id=aid, id=f"e{i}", start=0, end=len(text), trigger_start=0,
              trigger_end=len(first), trigger=first, plover_type=ptype, mode=None,
              context=None, cameo="120", goldstein=-4.0, quad_class=3, source=(RUS,),
              target=(UKR,), source_text="Russia", target_text="Ukraine",
              modality="asserted", date=dt.date.fromisoformat(published) - dt.timedelta(days=i),
              date_text=None, date_basis="article", places=(kyiv,))
        for i in range(n_events)
    )
    quote = Quote(article_id=aid, id="q0", start=0, end=len(text), text=text, cue_start=None,
                  cue_end=None, cue="said", speaker_start=None, speaker_end=None,
                  speaker_text="Lavrov", speaker=LAVROV, quote_type="direct",
                  sentence_start=0, sentence_end=len(text))
    return CodedArticle(article=art, events=events, quotes=(quote,), places=(kyiv,))


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from detente.store import open_store

    path = tmp_path_factory.mktemp("api") / "api.db"
    with open_store(path) as store:
        store.save(make_coded("Moscow rejected the plan.", outlet="Alpha", published="2022-04-22",
                              n_events=3))
        store.save(make_coded("Kremlin rejected talks again.", outlet="Beta",
                              published="2022-04-23", n_events=2, ptype="THREATEN"))
        store.save(make_coded("Kyiv accused Moscow.", outlet="Alpha", published="2022-04-24",
                              ptype="ACCUSE"))
    return path


@pytest.fixture(scope="module")
def client(db_path: Path):
    from detente.serve import create_app

    with TestClient(create_app(db_url=str(db_path)), base_url=LOCAL,
                    raise_server_exceptions=False) as c:
        yield c


def test_events_listing_shape_and_paging(client: TestClient) -> None:
    r = client.get("/api/events", params={"limit": 2})
    assert r.status_code == 200
    body = r.json()
    assert body["total"] == 6 and body["limit"] == 2 and body["offset"] == 0
    assert len(body["items"]) == 2 and body["next"]
    first = body["items"][0]
    assert first["kind"] == "event" and first["outlet"] and first["published"]
    # newest first
    dates = [e["published"] for e in client.get("/api/events").json()["items"]]
    assert dates == sorted(dates, reverse=True)
    last = client.get("/api/events", params={"limit": 2, "offset": 4}).json()
    assert len(last["items"]) == 2 and last["next"] is None


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"type": "THREATEN"}, 2),
        ({"type": "ASSAULT"}, 0),
        ({"outlet": "Alpha"}, 4),
        ({"actor": "RUS"}, 6),
        ({"since": "2022-04-23"}, 2),
        ({"until": "2022-04-21"}, 2),
        ({"modality": "negated"}, 0),
    ],
)
def test_event_filters(client: TestClient, params: dict, expected: int) -> None:
    r = client.get("/api/events", params=params)
    assert r.status_code == 200, r.text
    assert len(r.json()["items"]) == expected


def test_other_listings(client: TestClient) -> None:
    arts = client.get("/api/articles").json()
    assert arts["total"] == 3
    aid = arts["items"][0]["id"]
    one = client.get(f"/api/articles/{aid}").json()
    assert one["article"]["id"] == aid and one["events"]
    quotes = client.get("/api/quotes", params={"outlet": "Beta"}).json()["items"]
    assert len(quotes) == 1 and quotes[0]["speaker"]["person"] == "Sergei Lavrov"
    assert client.get("/api/places").json()["items"][0]["name"] == "Kyiv"
    assert any(a["code"].startswith("RUS") for a in client.get("/api/actors").json()["items"])
    stats = client.get("/api/stats").json()
    assert stats["counts"]["events"] == 6 and stats["events_by_day"]
    assert stats["top_dyads"][0]["n"] == 6
    for path in ("/api/stories", "/api/disputes", "/api/positions", "/api/clusters"):
        assert client.get(path).status_code == 200
    assert client.get("/api/articles/ffffffffffffffff").status_code == 404


def test_downloads(client: TestClient) -> None:
    r = client.get("/api/events", params={"format": "csv", "type": "THREATEN"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == 2 and {row["plover_type"] for row in rows} == {"THREATEN"}
    assert json.loads(rows[0]["source"])[0]["code"] == "RUS GOV"
    r = client.get("/api/quotes", params={"format": "jsonl"})
    lines = [json.loads(x) for x in r.text.splitlines()]
    assert len(lines) == 3 and all(x["kind"] == "quote" for x in lines)


def test_csv_cells_defuse_formulas() -> None:
    from detente.serve.formats import csv_cell

    assert csv_cell("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert csv_cell("-4.0") == "-4.0"
    assert csv_cell(["a", 1]) == '["a",1]'
    assert csv_cell(None) == ""


BAD = [
    ("/api/events", {"since": "2022-13-01"}),
    ("/api/events", {"since": "2022-02-30"}),
    ("/api/events", {"since": "yesterday"}),
    ("/api/events", {"until": "22-04-2022"}),
    ("/api/events", {"limit": "-1"}),
    ("/api/events", {"limit": "0"}),
    ("/api/events", {"limit": "501"}),
    ("/api/events", {"limit": "99999999999999999999999"}),
    ("/api/events", {"offset": "-5"}),
    ("/api/events", {"offset": "9223372036854775808"}),
    ("/api/events", {"limit": "ten"}),
    ("/api/events", {"type": "BOMBING"}),
    ("/api/events", {"type": "reject'; DROP TABLE events;--"}),
    ("/api/events", {"modality": "maybe"}),
    ("/api/events", {"format": "xml"}),
    ("/api/events", {"article_id": "1' OR '1'='1"}),
    ("/api/events", {"actor": "x" * 500}),
    ("/api/events", {"actor": "RUS\x00"}),
    ("/api/quotes", {"since": "2022-04-31"}),
    ("/api/articles", {"story_id": "../../etc/passwd"}),
    ("/api/articles", {"q": ""}),
    ("/api/positions", {"until": "0000-00-00"}),
    ("/api/disputes", {"limit": "1e9"}),
    ("/api/places", {"limit": "1000"}),
]


@pytest.mark.parametrize(("path", "params"), BAD)
def test_bad_parameters_are_4xx_json(client: TestClient, path: str, params: dict) -> None:
    r = client.get(path, params=params)
    assert 400 <= r.status_code < 500, (r.status_code, r.text)
    err = r.json()["error"]
    assert err["message"]
    name = next(iter(params))
    assert name in err["message"], err


@pytest.mark.parametrize("value", ["notadate", "2022-02-30", "22-04-2022", "0000-00-00",
                                   "2022-04-22" + "x" * 300])
@pytest.mark.parametrize("path", ["/api/events", "/api/quotes", "/api/articles",
                                  "/api/positions", "/api/stats"])
def test_bad_dates_say_the_expected_form(client: TestClient, path: str, value: str) -> None:
    # Regression: `notadate` got a 422 about string length, `2022-02-30` a 400; neither
    # said what a date looks like. Now one parser, one message, one status.
    r = client.get(path, params={"since": value})
    assert r.status_code == 400, r.text
    message = r.json()["error"]["message"]
    assert message.startswith("parameter 'since': ") and "expected YYYY-MM-DD" in message


@pytest.mark.parametrize(
    "value",
    ["' OR 1=1 --", "RUS'; DROP TABLE events; --", '") UNION SELECT * FROM articles --',
     "%", "_", "\\", "RUS%' --"],
)
def test_injection_looking_text_is_just_text(client: TestClient, value: str) -> None:
    for path, name in (("/api/events", "actor"), ("/api/quotes", "speaker"),
                       ("/api/articles", "q"), ("/api/disputes", "actor"),
                       ("/api/positions", "party")):
        r = client.get(path, params={name: value})
        assert r.status_code == 200, (path, r.text)
        assert r.json()["items"] == []
    assert client.get("/api/events").json()["total"] == 6  # nothing dropped


def test_pages_reject_bad_parameters_with_html(client: TestClient) -> None:
    r = client.get("/events", params={"since": "not-a-date"})
    assert r.status_code == 400 and "text/html" in r.headers["content-type"]
    assert "since" in r.text and "expected YYYY-MM-DD" in r.text
    assert client.get("/articles/<script>").status_code in (404, 422)


def test_openapi_and_reference_page_without_cdn(client: TestClient) -> None:
    schema = client.get("/api/openapi.json").json()
    assert "/api/events" in schema["paths"]
    page = client.get("/api/docs")
    assert page.status_code == 200 and "/api/events" in page.text
    assert "cdn" not in page.text.lower() and "<script" not in page.text
    js = client.get("/static/plotly.min.js")
    assert js.status_code == 200 and len(js.content) > 100_000


def test_security_headers(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"


@pytest.fixture()
def token_client(db_path: Path):
    from detente.serve import create_app

    with TestClient(create_app(db_url=str(db_path), token="s3cret-token")) as c:
        yield c


def test_token_required_everywhere(token_client: TestClient) -> None:
    for path in ("/api/events", "/", "/events", "/static/style.css", "/api/openapi.json"):
        r = token_client.get(path)
        assert r.status_code == 401, path
    r = token_client.get("/api/events", headers={"Authorization": "Bearer wrong"})
    assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized"


def test_token_header(token_client: TestClient) -> None:
    r = token_client.get("/api/events", headers={"Authorization": "Bearer s3cret-token"})
    assert r.status_code == 200 and r.json()["total"] == 6


def test_token_query_once_then_cookie(token_client: TestClient) -> None:
    r = token_client.get("/events?token=s3cret-token&type=REJECT", follow_redirects=False)
    assert r.status_code == 303
    assert "token" not in r.headers["location"] and "type=REJECT" in r.headers["location"]
    assert "httponly" in r.headers["set-cookie"].lower()
    # the client now holds the cookie: no token needed
    assert token_client.get("/events").status_code == 200
    assert token_client.get("/api/quotes").status_code == 200


def test_empty_token_refused() -> None:
    from detente.errors import QueryError
    from detente.serve import create_app

    with pytest.raises(QueryError):
        create_app(db_url="unused.db", token="  ")


# --- /api/stats over a period (hardening item 4) ----------------------------------------


def _linked_db(path: Path | str) -> Path | str:
    """The three articles of ``db_path`` plus two stories, two disputes and two
    positions, dated so that a period splits them."""
    from detente.records import Dispute, DisputeSide, Position, Story
    from detente.store import open_store

    arts = [make_coded("Moscow rejected the plan.", outlet="Alpha", published="2022-04-22",
                       n_events=3),
            make_coded("Kremlin rejected talks again.", outlet="Beta", published="2022-04-23",
                       n_events=2, ptype="THREATEN"),
            make_coded("Kyiv accused Moscow.", outlet="Alpha", published="2022-04-24",
                       ptype="ACCUSE")]
    ids = [c.article.id for c in arts]
    d = dt.date.fromisoformat

    def side(i: int, day: str) -> DisputeSide:
        return DisputeSide(article_id=ids[i], quote_id="q0", speaker="Lavrov",
                           actor_code="RUS GOV", text="x", start=0, end=1, date=d(day))

    def position(pid: str, day: str, i: int) -> Position:
        return Position(id=pid, party="RUS", issue="nato_membership", stance="rejects",
                        date=d(day), article_id=ids[i], start=0, end=1, evidence="x",
                        source_kind="quote", source_id="q0")

    with open_store(path) as store:
        for coded in arts:
            store.save(coded)
        store.replace_links(
            stories=[Story(id="s-old", article_ids=(ids[0],), title="old", outlets=("Alpha",),
                           n_articles=1, n_outlets=1, first_reported=d("2022-04-20"),
                           last_reported=d("2022-04-22")),
                     Story(id="s-new", article_ids=tuple(ids[1:]), title="new",
                           outlets=("Alpha", "Beta"), n_articles=2, n_outlets=2,
                           first_reported=d("2022-04-23"), last_reported=d("2022-04-24"))],
            disputes=[Dispute(id="d-old", claim=side(0, "2022-04-22"),
                              counter=side(0, "2022-04-22"), basis="explicit_denial"),
                      Dispute(id="d-span", claim=side(0, "2022-04-22"),
                              counter=side(2, "2022-04-24"), basis="explicit_denial")],
            positions=[position("p-old", "2022-04-22", 0), position("p-new", "2022-04-24", 2)],
        )
    return path


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres",
                                                            marks=pytest.mark.postgres)])
@pytest.mark.parametrize(
    ("params", "counts", "dyad_n"),
    [
        ({}, dict(articles=3, events=6, quotes=3, stories=2, disputes=2, positions=2), 6),
        ({"since": "2022-04-23"},
         dict(articles=2, events=2, quotes=2, stories=1, disputes=1, positions=1), 2),
        ({"until": "2022-04-22"},
         dict(articles=1, events=4, quotes=1, stories=1, disputes=2, positions=1), 4),
        ({"since": "2022-04-25"},
         dict(articles=0, events=0, quotes=0, stories=0, disputes=0, positions=0), None),
    ],
)
def test_stats_period_filters_counts_and_dyads(tmp_path: Path, params: dict, counts: dict,
                                               dyad_n: int | None, backend: str) -> None:
    # Regression: `since`/`until` narrowed events_by_day only; counts and top_dyads
    # answered for the whole store. (Disputes are dated inside their JSON record: read
    # with each database's own JSON functions, hence both backends.)
    from _store_backends import store_url
    from detente.serve import create_app

    with store_url(backend, tmp_path) as url:
        _linked_db(url)
        with TestClient(create_app(db_url=url), base_url=LOCAL) as c:
            r = c.get("/api/stats", params=params)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["counts"] == counts
    assert (body["top_dyads"][0]["n"] if body["top_dyads"] else None) == dyad_n
    assert sum(row["n"] for row in body["events_by_day"]) == counts["events"]
