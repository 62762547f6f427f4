"""Cluster ingest on a real Dask LocalCluster (2 worker processes) into PostgreSQL
(``DETENTE_TEST_PG_URL``; skips when unset or when Dask is not installed): the same
articles and the same per-article fingerprints as the single-process ingest, and a worker
killed in the middle of a run loses nothing and duplicates nothing."""

from __future__ import annotations

import os
import signal

import pytest

from _store_backends import pg_schema_url, pg_url
from detente.pipeline.cluster import ClusterTotals, cluster_ingest, open_client, store_fingerprints
from detente.pipeline.ingest import IngestReport, ingest
from detente.store import open_store

pytest.importorskip("distributed")
pytestmark = [pytest.mark.model, pytest.mark.postgres, pytest.mark.slow]

N_ARTICLES = 12


@pytest.fixture(scope="module")
def articles():
    from detente.sample import load_sample_articles

    return load_sample_articles(limit=N_ARTICLES)


@pytest.fixture(scope="module")
def baseline(articles, tmp_path_factory):
    """Fingerprints of the single-process ingest of the same articles."""
    from detente.parse.model import get_nlp

    path = tmp_path_factory.mktemp("baseline") / "one.db"
    with open_store(f"sqlite:///{path}") as store:
        rep = ingest(articles, store=store, nlp=get_nlp())
        return rep, store_fingerprints(store=store)


@pytest.fixture(scope="module")
def client():
    pg_url()  # skip before starting a cluster when there is no server
    with open_client("local:2", dashboard=False) as c:
        yield c


def _check_same_as_baseline(url, baseline, report):
    base_report, base_prints = baseline
    assert not report.problems
    assert (report.new, report.events, report.quotes) == (
        base_report.new, base_report.events, base_report.quotes)
    with open_store(url, create=False) as store:
        assert store.count("articles") == len(base_prints)
        assert store_fingerprints(store=store) == base_prints


def test_two_workers_store_what_one_process_stores_and_a_rerun_adds_nothing(
        client, articles, baseline):
    with pg_schema_url() as url:
        totals = ClusterTotals()
        report = cluster_ingest(articles, db=url, client=client, partition_size=2,
                                totals=totals)
        _check_same_as_baseline(url, baseline, report)
        assert totals.workers_seen == 2  # both workers coded
        assert totals.rows > report.new
        # Resumable: everything is skipped before scheduling on a second run.
        again = cluster_ingest(articles, db=url, client=client, partition_size=2)
        assert (again.new, again.already) == (0, len(articles))


def _model_loads() -> int:
    from detente.parse.model import _load  # the cached loader behind get_nlp

    return _load.cache_info().misses


def test_the_model_is_loaded_once_per_worker(client, articles):
    with pg_schema_url() as url:
        report = cluster_ingest(articles[:6], db=url, client=client, partition_size=1)
        assert report.new == 6  # six tasks over two workers...
        assert sorted(client.run(_model_loads).values()) == [1, 1]  # ...one load each


def test_a_worker_killed_mid_run_loses_and_duplicates_nothing(client, articles, baseline):
    pids = client.run(os.getpid)
    killed: list[int] = []

    def kill_one(progress):
        # After the first partition is done, while both workers are busy with others.
        if not killed and progress.coded > 0:
            assert progress.coded < len(articles) // 2
            pid = next(iter(pids.values()))
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

    with pg_schema_url() as url:
        report = cluster_ingest(articles, db=url, client=client, partition_size=1,
                                on_progress=kill_one, report=IngestReport())
        assert killed, "the run ended before a worker could be killed"
        _check_same_as_baseline(url, baseline, report)
    # The nanny restarted the killed worker: a new process took its place.
    client.wait_for_workers(2, timeout=60)
    assert killed[0] not in client.run(os.getpid).values()


def test_articles_stored_by_an_earlier_attempt_count_as_new(client, articles, baseline):
    # What a worker killed after committing part of its partition leaves behind: articles
    # absent when the run began, stored when the retried task reaches them. Simulated
    # deterministically by storing the first article as it is read.
    from detente.pipeline.coding import code_article

    def items(url):
        first, *rest = articles
        with open_store(url, create=False) as store:
            store.save(code_article(first))
        yield first
        yield from rest

    with pg_schema_url() as url:
        with open_store(url):
            pass
        report = cluster_ingest(items(url), db=url, client=client, partition_size=4)
        _check_same_as_baseline(url, baseline, report)


def test_wire_copies_are_kept_as_mentions(client, articles):
    # Regression: the cluster ingest dropped a copy of a text from another outlet (read in
    # the same run, or already stored) where the single-machine ingest keeps it as a mention.
    from dataclasses import replace

    first = articles[:2]
    copy = replace(first[0], outlet="another-wire-outlet", url="https://example.org/copy")
    with pg_schema_url() as url:
        report = cluster_ingest([*first, copy], db=url, client=client, partition_size=1)
        assert (report.new, report.repeated, report.mentions) == (2, 1, 1)
        later = replace(first[1], outlet="a-third-outlet")
        again = cluster_ingest([later], db=url, client=client, partition_size=1)
        assert (again.new, again.already, again.mentions) == (0, 1, 1)
        with open_store(url, create=False) as store:
            outlets = {m["outlet"] for m in store.article_mentions(first[0].id)}
            assert "another-wire-outlet" in outlets


def _env_trim() -> str | None:
    return os.environ.get("MALLOC_TRIM_THRESHOLD_")


def _loop_state(dask_worker) -> dict:
    cbs = dask_worker.periodic_callbacks
    return {"profile": cbs["profile"].is_running(), "tick": cbs["tick"].callback_time}


def test_local_workers_run_without_dask_malloc_trim(client):
    # Regression (issue 16): Dask's nanny sets MALLOC_TRIM_THRESHOLD_=65536, which cost the
    # worker 13x the page faults of a plain process and ~20% more CPU per article.
    assert set(client.run(_env_trim).values()) == {None}


def test_the_plugin_quietens_the_event_loop_while_registered(client, articles):
    # Regression (issue 16): Dask's 10 ms statistical profiler and 20 ms tick took the
    # GIL from the coding thread (12,000 context switches per 60 articles).
    from detente.pipeline.cluster.worker import QUIET_TICK_MS, DetentePlugin

    before = client.run(_loop_state)
    assert all(s["profile"] and s["tick"] < QUIET_TICK_MS for s in before.values())
    with pg_schema_url() as url:
        with open_store(url):
            pass
        client.register_plugin(DetentePlugin(url), name="detente")
        try:
            during = client.run(_loop_state)
            assert all(not s["profile"] and s["tick"] == QUIET_TICK_MS
                       for s in during.values())
        finally:
            client.unregister_worker_plugin("detente")
    assert client.run(_loop_state) == before  # the workers outlive the run
