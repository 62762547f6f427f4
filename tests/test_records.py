"""Records are frozen, serialise to JSON-ready dicts, and ids are content hashes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from detente.errors import ParseError
from detente.pipeline.coding import make_article, masked_text, parse_date
from detente.records import ActorRef, Article, Event, NoiseSpan, article_id_for, to_dict


def test_article_id_is_content_hash() -> None:
    a = make_article("Talks resumed.", outlet="A")
    b = make_article("Talks resumed.", outlet="B")
    assert a.id == b.id == article_id_for("Talks resumed.")
    assert make_article("Talks resumed!").id != a.id


def test_records_are_frozen() -> None:
    art = Article(id="x", text="t")
    with pytest.raises(dataclasses.FrozenInstanceError):
        art.text = "u"  # type: ignore[misc]


def test_to_dict_is_json_ready() -> None:
    ev = Event(
        article_id="a", id="e3", start=0, end=10, trigger_start=3, trigger_end=8,
        trigger="urged", plover_type="REQUEST", mode=None, context=None, cameo="10",
        goldstein=-5.0, quad_class=3, source=(ActorRef("GBR GOV", country="GBR", sector="GOV"),),
        target=(ActorRef("UKR", country="UKR"),), source_text="Britain", target_text="Ukraine",
        modality="asserted", date=dt.date(2022, 4, 9), date_text="April 9", date_basis="sentence",
    )
    d = to_dict(ev)
    assert d["kind"] == "event" and d["date"] == "2022-04-09"
    assert d["source"][0]["code"] == "GBR GOV"
    json.dumps(d)
    assert to_dict(NoiseSpan(1, 2, "promo"), article_id="a")["article_id"] == "a"


def test_masked_text_keeps_length_and_newlines() -> None:
    text = "Title\n\nCLICK HERE TO GET THE APP\n\nBody text."
    start = text.index("CLICK")
    end = start + len("CLICK HERE TO GET THE APP")
    art = dataclasses.replace(make_article(text), noise=(NoiseSpan(start, end, "promo"),))
    masked = masked_text(art)
    assert len(masked) == len(text)
    assert "CLICK" not in masked and masked.count("\n") == text.count("\n")
    assert masked[end:] == text[end:]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2022-04-22", dt.date(2022, 4, 22)), ("2022-04-22T10:00:00Z", dt.date(2022, 4, 22)),
     ("", None), (None, None), (dt.date(2022, 5, 17), dt.date(2022, 5, 17))],
)
def test_parse_date(value, expected) -> None:
    assert parse_date(value) == expected


def test_parse_date_rejects_garbage() -> None:
    with pytest.raises(ParseError, match="unparseable date"):
        parse_date("not a date at all", source="x.txt")


def _field_walk(value: object) -> object:
    """to_dict as it was written first (every field through dataclasses.fields, every
    value through every check): the reference for the faster one."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, object] = {}
        if hasattr(value, "kind"):
            out["kind"] = value.kind
        for f in dataclasses.fields(value):
            if f.name != "kind":
                out[f.name] = _field_walk(getattr(value, f.name))
        return out
    if isinstance(value, (list, tuple)):
        return [_field_walk(v) for v in value]
    return value


def test_to_dict_gives_what_a_walk_over_the_fields_gives() -> None:
    from detente.records import DateRef, Mention

    article = make_article("Talks resumed in Istanbul on Tuesday.", published="2022-03-29")
    actor = ActorRef(code="TUR GOV", country="TUR", sector="GOV")
    records = [
        article,
        actor,
        Mention(article_id=article.id, start=17, end=25, text="Istanbul", label="GPE",
                actor=actor),
        DateRef(article_id=article.id, start=29, end=36, text="Tuesday",
                value=dt.date(2022, 3, 29), granularity="day"),
        NoiseSpan(0, 5, "caption"),
    ]
    for r in records:
        got, walked = to_dict(r), _field_walk(r)
        assert isinstance(walked, dict) and got == walked
        assert list(got) == list(walked)  # same key order: kind first
        assert json.dumps(got) == json.dumps(_field_walk(r))
    assert to_dict(NoiseSpan(0, 5, "caption"), article_id="a1")["article_id"] == "a1"
