"""Overview chart data: historical references do not squeeze the timeline."""

from __future__ import annotations

import pytest

from detente.serve.pages import _day_series, _timeline_start


def _rows(spec: dict[str, int]) -> list[dict[str, object]]:
    return [{"day": d, "plover_type": "ACCUSE", "quad_class": 3, "n": n, "goldstein_mean": -2.0}
            for d, n in spec.items()]


def test_a_lone_old_event_is_left_out_of_the_drawing_and_counted() -> None:
    rows = _rows({"2014-03-01": 1, **{f"2022-04-{d:02d}": 5 for d in range(1, 21)}})
    assert _timeline_start(rows) == "2022-03-18"  # first busy day less 14 days
    series = _day_series(rows)
    assert series["days"][0] == "2022-04-01"
    assert series["earlier"] == 1 and series["start"] == "2022-03-18"
    assert sum(series["types"][0]["counts"]) == 100


def test_an_even_spread_is_drawn_whole() -> None:
    rows = _rows({"2021-01-05": 10, "2021-06-05": 10, "2022-01-05": 10})
    series = _day_series(rows)
    # A year is drawn by week: each bar starts on the Monday of its week.
    assert series["bin"] == "week"
    assert series["days"] == ["2021-01-04", "2021-05-31", "2022-01-03"]
    assert series["earlier"] == 0 and series["start"] is None


def test_no_dated_events() -> None:
    assert _timeline_start([]) is None
    assert _day_series([])["days"] == []


# --- the Quotes page (/quotes) ------------------------------------------------------------

_quotes_store = None


def _quote(aid: str, text: str, body: str, *, n: int, speaker, speaker_text, qtype: str,
           cue: str = "said"):
    from detente.records import Quote

    start = text.index(body)
    return Quote(article_id=aid, id=f"q{start}_{n}", start=start, end=start + len(body),
                 text=body, cue_start=None, cue_end=None, cue=cue, speaker_start=None,
                 speaker_end=None, speaker_text=speaker_text, speaker=speaker,
                 quote_type=qtype, sentence_start=0, sentence_end=len(text))


LONG = ("We will not accept any plan that leaves our people without protection, " * 6).strip()


@pytest.fixture(scope="module")
def quotes_client(tmp_path_factory: pytest.TempPathFactory):
    pytest.importorskip("fastapi")
    import datetime as dt

    from fastapi.testclient import TestClient

    from detente.records import ActorRef, Article, CodedArticle, article_id_for
    from detente.serve import create_app
    from detente.store import open_store

    lavrov = ActorRef(code="RUS GOV", country="RUS", sector="GOV", person="Sergei Lavrov")
    zelensky = ActorRef(code="UKR GOV", country="UKR", sector="GOV",
                        person="Volodymyr Zelensky")

    def coded(text: str, outlet: str, day: str, specs: list[tuple]) -> CodedArticle:
        aid = article_id_for(text)
        art = Article(id=aid, text=text, outlet=outlet, title=f"{outlet} report",
                      published=dt.date.fromisoformat(day))
        quotes = tuple(_quote(aid, text, body, n=i, speaker=sp, speaker_text=st, qtype=qt)
                       for i, (body, sp, st, qt) in enumerate(specs))
        return CodedArticle(article=art, quotes=quotes)

    t1 = ('"The plan is <b>dead</b>," Lavrov said. Zelensky said talks could resume soon.')
    t2 = f'"{LONG}," Lavrov told reporters in Moscow.'
    t3 = "A spokesman said the convoy had been delayed by shelling near the border."
    t4 = " ".join(f"Statement number {i} was read out." for i in range(55))
    db = tmp_path_factory.mktemp("quotes") / "quotes.db"
    with open_store(db) as store:
        store.save(coded(t1, "Alpha", "2022-04-22", [
            ("The plan is <b>dead</b>", lavrov, "Lavrov", "direct"),
            ("talks could resume soon", zelensky, "Zelensky", "indirect")]))
        store.save(coded(t2, "Beta", "2022-04-23", [(LONG, lavrov, "Lavrov", "direct")]))
        store.save(coded(t3, "Alpha", "2022-05-10", [
            ("the convoy had been delayed by shelling", None, "A spokesman", "indirect")]))
        store.save(coded(t4, "Gamma", "2022-03-01", [
            (f"Statement number {i} was read out", None, None, "mixed") for i in range(55)]))
    with TestClient(create_app(db_url=str(db)), base_url="http://127.0.0.1",
                    raise_server_exceptions=False) as c:
        c.ids = {"t1": article_id_for(t1), "t2": article_id_for(t2)}  # type: ignore[attr-defined]
        yield c


def _n_rows(html: str) -> int:
    return html.count('class="btn small evidence"')


def test_quotes_page_lists_who_said_what_escaped_with_evidence(quotes_client) -> None:
    r = quotes_client.get("/quotes", params={"article_id": quotes_client.ids["t1"]})
    assert r.status_code == 200
    html = r.text
    assert '<a href="/quotes" class="active" aria-current="page">Quotes</a>' in html
    assert _n_rows(html) == 2
    assert "&lt;b&gt;dead&lt;/b&gt;" in html and "<b>dead</b>" not in html
    assert 'href="/actor?actor=Sergei%20Lavrov"' in html
    assert 'href="/actor?actor=RUS%20GOV">RUS GOV</a>' in html
    aid = quotes_client.ids["t1"]
    start = '"The plan is <b>dead</b>," Lavrov said.'.index("The plan")
    end = start + len("The plan is <b>dead</b>")
    assert f'href="/articles/{aid}?hl={start}-{end}#focus"' in html
    evidence = quotes_client.get(f"/articles/{aid}", params={"hl": f"{start}-{end}"})
    assert evidence.status_code == 200 and 'id="focus"' in evidence.text


def test_a_long_quote_is_cut_and_whole_on_its_evidence_link(quotes_client) -> None:
    html = quotes_client.get("/quotes", params={"article_id": quotes_client.ids["t2"]}).text
    assert _n_rows(html) == 1
    assert "…</blockquote>" in html
    assert f'title="{LONG}">evidence</a>' in html


@pytest.mark.parametrize(
    ("params", "n"),
    [
        ({}, 50),  # the first page of 59
        ({"actor": "RUS"}, 2),
        ({"actor": "Zelensky"}, 1),
        ({"speaker": "spokes"}, 1),
        ({"outlet": "Beta"}, 1),
        ({"since": "2022-04-23", "until": "2022-05-10"}, 2),
        ({"quote_type": "indirect"}, 2),
        ({"quote_type": "direct", "actor": "UKR"}, 0),
    ],
)
def test_quotes_page_filters_as_the_api_does(quotes_client, params: dict, n: int) -> None:
    r = quotes_client.get("/quotes", params=params)
    assert r.status_code == 200
    assert _n_rows(r.text) == n
    api = quotes_client.get("/api/quotes", params=params).json()
    assert min(api["total"], 50) == n
    assert f" of {api['total']}" in r.text
    for key, value in params.items():  # the form keeps what was asked
        kept = f'value="{value}" selected' if key == "quote_type" else f'value="{value}"'
        assert kept in r.text


def test_quotes_page_paging_words_run_by_date(quotes_client) -> None:
    first = quotes_client.get("/quotes").text
    assert "Older →" in first and "← Newer" not in first and "1–50 of 59" in first
    second = quotes_client.get("/quotes", params={"offset": 50}).text
    assert "← Newer" in second and "Older →" not in second and _n_rows(second) == 9


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"since": "notadate"}, "expected YYYY-MM-DD"),
        ({"until": "2022-02-30"}, "expected YYYY-MM-DD"),
        ({"quote_type": "paraphrase"}, "is not one of direct, indirect, mixed"),
    ],
)
def test_quotes_page_bad_filter_says_why(quotes_client, params: dict, message: str) -> None:
    r = quotes_client.get("/quotes", params=params)
    assert r.status_code == 400
    assert message in r.text
    api = quotes_client.get("/api/quotes", params=params)
    assert api.status_code == 400 and message in api.json()["error"]["message"]


def test_actor_page_links_to_the_actors_quotes(quotes_client) -> None:
    html = quotes_client.get("/actor", params={"actor": "RUS"}).text
    assert 'href="/quotes?actor=RUS">All quotes by this actor' in html
