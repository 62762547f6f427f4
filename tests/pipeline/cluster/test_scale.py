"""detente.pipeline.cluster without a cluster: parsing --cluster, refusing SQLite, fingerprints."""

from __future__ import annotations

import sys

import pytest

from _store_builders import coded_article
from detente.errors import ClusterError, StoreError
from detente.pipeline.cluster import (
    check_store_url,
    coded_fingerprint,
    parse_cluster,
    store_fingerprints,
)
from detente.store import open_store


@pytest.mark.parametrize(("spec", "expected"), [
    ("local:1", ("local", 1)),
    ("local:4", ("local", 4)),
    ("tcp://scheduler:8786", ("address", "tcp://scheduler:8786")),
    ("tls://10.0.0.1:8786", ("address", "tls://10.0.0.1:8786")),
])
def test_parse_cluster(spec, expected):
    assert parse_cluster(spec) == expected


@pytest.mark.parametrize("spec", ["local:0", "local:x", "8786", "http://h:8786", "tcp://", ""])
def test_parse_cluster_rejects_with_the_form_to_use(spec):
    with pytest.raises(ClusterError, match="local:N"):
        parse_cluster(spec)


@pytest.mark.parametrize("url", ["sqlite:///x.db", "x.db", "sqlite://"])
def test_sqlite_store_is_refused_with_the_reason(url):
    with pytest.raises(StoreError, match="needs a PostgreSQL store.*one writer at a time"):
        check_store_url(url)


def test_postgres_url_is_accepted():
    assert check_store_url("postgresql://u@h/db").startswith("postgresql")


def test_importing_scale_does_not_import_dask():
    assert "detente.pipeline.cluster" in sys.modules
    # test_scale_cluster.py may have imported distributed in this session already;
    # what matters is that detente.pipeline.cluster itself never does at import time.
    import detente.pipeline.cluster.ingest as ingest_mod

    assert "distributed" not in vars(ingest_mod)


def test_fingerprints_are_equal_for_equal_stores_and_differ_otherwise(tmp_path):
    a, b = coded_article(), coded_article("Kyiv accused Moscow of shelling Odesa again.")
    with open_store(f"sqlite:///{tmp_path / 'one.db'}") as one, \
            open_store(f"sqlite:///{tmp_path / 'two.db'}") as two:
        one.save(a)
        one.save(b)
        two.save(b)
        two.save(a)
        assert store_fingerprints(store=one) == store_fingerprints(store=two)
        assert coded_fingerprint(a) != coded_fingerprint(b)
        assert store_fingerprints(store=one)[a.article.id] == coded_fingerprint(
            next(c for c in one.iter_coded() if c.article.id == a.article.id))


def test_cli_cluster_with_sqlite_exits_1_with_the_reason(tmp_path):
    from typer.testing import CliRunner

    from detente.cli import app

    doc = tmp_path / "a.txt"
    doc.write_text("Moscow accused Kyiv of shelling Kharkiv.", encoding="utf-8")
    result = CliRunner().invoke(app, ["ingest", str(doc), "--db", str(tmp_path / "x.db"),
                                      "--cluster", "local:2"])
    assert result.exit_code == 1
    assert "needs a PostgreSQL store" in result.output
    assert not (tmp_path / "x.db").exists()  # refused before anything was created


def test_cli_bad_cluster_spec_exits_1(tmp_path):
    from typer.testing import CliRunner

    from detente.cli import app

    doc = tmp_path / "a.txt"
    doc.write_text("Moscow accused Kyiv of shelling Kharkiv.", encoding="utf-8")
    result = CliRunner().invoke(app, ["ingest", str(doc), "--db", "postgresql://u@h/db",
                                      "--cluster", "lokal:2"])
    assert result.exit_code == 1
    assert "use local:N" in result.output


def test_progress_line_reads_done_total_rate_eta():
    from detente.cli._scale import progress_line
    from detente.pipeline.cluster import ClusterProgress

    p = ClusterProgress(handled=250, total=1000, coded=250, elapsed_s=50.0, rate=5.0,
                        eta_s=150.0, workers=2, in_flight=3)
    assert progress_line(p) == ("  250/1000 articles (25%), 5.0 articles/s, ETA 2m30s, "
                                "2 worker(s), 50s elapsed")


def test_cli_cluster_reads_the_inputs_once(tmp_path, monkeypatch):
    # Regression (issue 16): the command read (and parsed) every input twice, once only to
    # count them for the ETA. Now the count comes from the paths, without reading articles.
    from contextlib import contextmanager

    from typer.testing import CliRunner

    import detente.cli.coding as coding
    import detente.pipeline.cluster as scale
    import detente.store as store_mod
    from detente.cli import app
    from detente.records import Article

    for i in range(3):
        (tmp_path / f"a{i}.txt").write_text(f"Article number {i} says something.\n")
    read = []
    real_read_items = coding.read_items

    def counting_read_items(*args, **kwargs):
        for item in real_read_items(*args, **kwargs):
            read.append(item)
            yield item

    class FakeClient:
        def scheduler_info(self):
            return {"workers": {"w1": {}}}

    @contextmanager
    def fake_open_client(spec, **kwargs):
        yield FakeClient()

    seen = {}

    def fake_cluster_ingest(items, *, db, client, total, report, **kwargs):
        articles = [x for x in items if isinstance(x, Article)]
        seen["total"] = total
        report.new = len(articles)
        return report

    class FakeStore:
        def close(self):
            pass

    def fake_open_store(url, **kwargs):
        return FakeStore()

    monkeypatch.setattr(coding, "read_items", counting_read_items)
    monkeypatch.setattr(scale, "open_client", fake_open_client)
    monkeypatch.setattr(scale, "cluster_ingest", fake_cluster_ingest)
    monkeypatch.setattr(scale, "dashboard_link", lambda client: None)
    monkeypatch.setattr(store_mod, "open_store", fake_open_store)
    result = CliRunner().invoke(app, ["ingest", str(tmp_path), "--db", "postgresql://u@h/db",
                                      "--cluster", "local:1"])
    assert result.exit_code == 0, result.output
    assert len(read) == 3  # each input read once
    assert seen["total"] == 3  # and the ETA still has its total
