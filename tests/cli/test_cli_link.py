"""The link CLI commands, against a store stand-in and (when present) the real store."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

import detente.store
from _link_builders import article, claim, event
from detente.cli import app
from detente.records import to_dict

TEXT = ("Talks stall over an unanswered offer\n\nThe Russian minister said Moscow's peace offer "
        "to Kyiv went unanswered. The Ukrainian president denied that any offer reached Kyiv. "
        "Moscow demanded that Kyiv not join NATO.")
CODED = [
    article(TEXT, outlet="One", published="2022-04-22",
            claims=[claim("Moscow's peace offer to Kyiv went unanswered", "RUS GOV", "Pyotr Ivanov"),
                    claim("that any offer reached Kyiv", "UKR GOV", "Oksana Bilyk", polarity=-1,
                          denial=True)],
            events=[event("demanded that Kyiv", "REQUEST", "RUS", "UKR", trigger="demanded")]),
]


class FakeStore:
    """In-memory stand-in with the store contract's link methods."""

    links: dict = {}

    def __init__(self, url=None, *, create=True) -> None:
        self.url = url

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        pass

    def close(self) -> None:
        pass

    def iter_coded(self, *, since=None, until=None, article_ids=None):
        return iter(c for c in CODED if article_ids is None or c.article.id in article_ids)

    def replace_links(self, *, stories, clusters, disputes, positions) -> None:
        FakeStore.links = dict(stories=stories, clusters=clusters, disputes=disputes,
                               positions=positions)

    def stories(self, *, limit=100, offset=0):
        return [to_dict(s) for s in FakeStore.links["stories"]][offset : offset + limit]

    def story(self, story_id):
        for s in FakeStore.links["stories"]:
            if s.id == story_id:
                return to_dict(s)
        return None

    def disputes(self, *, actor=None, story_id=None, limit=100, offset=0):
        return [to_dict(d) for d in FakeStore.links["disputes"]][offset : offset + limit]

    def positions(self, *, issue=None, party=None, since=None, until=None, limit=100, offset=0):
        rows = [to_dict(p) for p in FakeStore.links["positions"]]
        return [r for r in rows if (issue is None or r["issue"] == issue)
                and (party is None or r["party"] == party)][offset : offset + limit]


@pytest.fixture()
def fake_store(monkeypatch):
    monkeypatch.setattr(detente.store, "open_store", FakeStore, raising=False)
    runner = CliRunner()
    result = runner.invoke(app, ["link", "--db", "ignored", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    return runner


def test_link_prints_a_summary(fake_store) -> None:
    result = fake_store.invoke(app, ["link", "--format", "jsonl"])
    summary = json.loads(result.output)
    assert summary["kind"] == "link_summary" and summary["articles"] == 1
    assert summary["disputes"] == 1


@pytest.mark.parametrize("fmt", ["table", "csv", "jsonl"])
def test_listings_in_every_format(fake_store, fmt: str) -> None:
    for cmd in (["stories"], ["disputes"], ["positions", "--party", "RUS"]):
        result = fake_store.invoke(app, [*cmd, "--format", fmt])
        assert result.exit_code == 0, result.output
        assert result.output.strip()
    out = fake_store.invoke(app, ["disputes", "--format", fmt]).output
    assert "Pyotr Ivanov" in out and "Oksana Bilyk" in out
    out = fake_store.invoke(app, ["positions", "--issue", "nato_membership", "--format", fmt]).output
    assert "demands" in out


def test_compare_by_story_and_by_dates(fake_store) -> None:
    sid = FakeStore.links["stories"][0].id
    result = fake_store.invoke(app, ["compare", "--story", sid, "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    (row,) = [json.loads(x) for x in result.output.splitlines()]
    assert row["outlet"] == "One"
    assert {q[0] for q in row["quoted"]} == {"Pyotr Ivanov", "Oksana Bilyk"}
    result = fake_store.invoke(app, ["compare", "--since", "2022-04-01"])
    assert result.exit_code == 0 and "One" in result.output


def test_compare_user_errors(fake_store) -> None:
    assert fake_store.invoke(app, ["compare"]).exit_code == 2
    bad = fake_store.invoke(app, ["compare", "--since", "April"])
    assert bad.exit_code == 1 and "--since" in bad.output
    missing = fake_store.invoke(app, ["compare", "--story", "s-nope"])
    assert missing.exit_code == 1 and "no story" in missing.output


def test_with_the_real_store(tmp_path) -> None:
    if not hasattr(detente.store, "open_store"):
        pytest.skip("detente.store.open_store is not written yet")
    db = str(tmp_path / "t.db")
    with detente.store.open_store(db) as store:
        for c in CODED:
            store.save(c)
    runner = CliRunner()
    result = runner.invoke(app, ["link", "--db", db, "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["disputes"] == 1
    out = runner.invoke(app, ["disputes", "--db", db, "--format", "jsonl"]).output
    row = json.loads(out.splitlines()[0])
    assert row["claim"]["speaker"] == "Pyotr Ivanov" and row["counter"]["speaker"] == "Oksana Bilyk"
    out = runner.invoke(app, ["positions", "--db", db, "--party", "RUS", "--format", "csv"]).output
    assert "nato_membership" in out


def test_link_commands_share_the_cli_store_opener(tmp_path) -> None:
    # One opener (cli/_common.open_db) for every command: a missing database is a user
    # error with the `detente:` prefix, never silently created (cli/link.py used to
    # create it and print errors without the prefix).
    runner = CliRunner()
    db = tmp_path / "missing.db"
    for cmd in (["link"], ["stories"], ["disputes"], ["positions"], ["compare", "--since",
                                                                      "2022-01-01"]):
        result = runner.invoke(app, [*cmd, "--db", str(db)])
        assert result.exit_code == 1, (cmd, result.output)
        assert result.stderr.startswith("detente: error:"), (cmd, result.stderr)
        assert not db.exists(), cmd


def test_link_dates_use_the_one_date_parser(fake_store) -> None:
    bad = fake_store.invoke(app, ["positions", "--since", "2022-02-30"])
    assert bad.exit_code == 1
    assert bad.stderr.strip() == ("detente: error: --since: '2022-02-30' is not a date: "
                                  "expected YYYY-MM-DD")
