"""Scale-out: detente on a Dask LocalCluster of 1 and 2 workers into PostgreSQL, against
bare spaCy ``nlp.pipe`` with 1 and 2 processes, in the same run.

Codes the PolNeAR texts (``../shared/data/polnear/{train,dev}/text``, ~900 articles;
prints "skipped" and exits 0 when absent) and reports:

* bare spaCy: ``nlp.pipe(n_process=1)`` and ``nlp.pipe(n_process=2)`` over the texts
  (the same pipeline as ``bench/throughput.py``'s "bare": the model without detente's
  rulers); its 2-process speed-up is what the hardware gives;
* detente: ``cluster_ingest`` on a LocalCluster of 1 worker and of 2 workers into a
  fresh PostgreSQL schema each time (workers started and the model loaded before the
  clock starts, as on a long run where start-up is amortised); its speed-up;
* the target: detente's 2-worker speed-up >= 0.9 x bare spaCy's;
* correctness: stored counts and per-article fingerprints of every cluster run equal
  those of the single-process ``ingest`` (timed too, as a reference);
* the projection inputs: worker CPU-seconds per article, PostgreSQL rows written, rows/s
  inside ``Store.save`` and overall, connections used;
* the load average before and after each timed run (the machine may be shared).

The code under test is copied to a temporary folder first and the benchmark re-runs
itself (and its Dask workers) from that copy (``--no-snapshot`` to skip): in a working
tree that others edit, the extractors could otherwise change between the single-process
run and the cluster runs, and the fingerprints would differ for that reason alone. The
single-process ingest runs at the start and again at the end; if those two differ, the
comparison says so instead of blaming the cluster.

Bare and detente runs are interleaved (single-process ingest, bare 1, detente 1, bare 2,
detente 2, per repeat) and medians are taken, so load from others hits all alike. Every
line gives wall and CPU seconds per article and the load average (1 min/5 min) before and
after; the summary gives the medians, "1 worker / single-process" (the per-worker overhead
of the cluster path, 1.00 = none) and the CPU per article of each path.

    DETENTE_TEST_PG_URL=postgresql://… .venv/bin/python bench/scale.py [--limit 200]
        [--repeats 1] [--partition-size 64] [--batch-size 32] [--json out.json]
        [--no-snapshot]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, os.environ.get("DETENTE_BENCH_SNAPSHOT") or str(ROOT / "src"))
POLNEAR = ROOT.parent / "shared" / "data" / "polnear"
PUBLISHED = "2016-10-15"  # PolNeAR covers the 2016 US campaign: an anchor for dates


def text_paths() -> list[Path]:
    out: list[Path] = []
    for split in ("train", "dev"):
        folder = POLNEAR / split / "text"
        if folder.is_dir():
            out += sorted(folder.glob("*.txt"))
    return out


@contextmanager
def pg_schema(base: str) -> Iterator[str]:
    """A URL on a fresh schema of ``base`` (dropped afterwards)."""
    import psycopg

    plain = base.replace("postgresql+psycopg://", "postgresql://", 1)
    name = f"bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{name}"')
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options={quote(f'-csearch_path={name}')}"
    finally:
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.2f}/{five:.2f}"


def cpu_now() -> float:
    """CPU seconds of this process and of its reaped children (spaCy's n_process pool)."""
    import resource

    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def run_bare(nlp: Any, texts: list[str], *, n_process: int,
             batch_size: int) -> tuple[float, float]:
    """Wall and CPU seconds (the pool's processes included) of bare ``nlp.pipe``."""
    c0, t0 = cpu_now(), time.perf_counter()
    for _doc in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
        pass
    return time.perf_counter() - t0, cpu_now() - c0


def run_single(articles: list[Any], *,
               batch_size: int) -> tuple[float, dict[str, str], Any, float]:
    from detente.parse.model import get_nlp
    from detente.pipeline.cluster import store_fingerprints
    from detente.pipeline.ingest import ingest
    from detente.store import open_store

    with tempfile.TemporaryDirectory() as d, open_store(f"sqlite:///{d}/one.db") as store:
        c0, t0 = time.process_time(), time.perf_counter()
        rep = ingest(articles, store=store, nlp=get_nlp(), batch_size=batch_size)
        secs, cpu = time.perf_counter() - t0, time.process_time() - c0
        return secs, store_fingerprints(store=store), rep, cpu


def _warm(articles: list[Any], dask_worker: Any = None) -> int:
    # First articles pay one-off costs (dateparser, gazetteer, lexeme caches): pay them on
    # every worker before the clock starts, without storing anything.
    from detente.parse.model import get_nlp
    from detente.pipeline.ingest import code_in_zones

    return sum(1 for _ in code_in_zones(articles, nlp=get_nlp()))


def run_cluster(client: Any, articles: list[Any], *, base_url: str, batch_size: int,
                partition_size: int) -> dict[str, Any]:
    from detente.pipeline.cluster import ClusterTotals, cluster_ingest, store_fingerprints
    from detente.store import open_store

    with pg_schema(base_url) as url:
        # Warm-up on another schema: the plugin loads the model on every worker before
        # the clock starts (a long run amortises that start-up).
        with pg_schema(base_url) as warm:
            cluster_ingest(articles[:2], db=warm, client=client, batch_size=batch_size,
                           partition_size=1)
        client.run(_warm, articles[:8])
        totals = ClusterTotals()
        before = load()
        t0 = time.perf_counter()
        rep = cluster_ingest(articles, db=url, client=client, batch_size=batch_size,
                             partition_size=partition_size, totals=totals)
        secs = time.perf_counter() - t0
        after = load()
        with open_store(url, create=False) as store:
            prints = store_fingerprints(store=store)
            stored = store.count("articles")
    return {"secs": secs, "report": rep, "totals": totals, "prints": prints,
            "stored": stored, "load": f"{before} -> {after}"}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=0, help="articles (default: all)")
    ap.add_argument("--repeats", type=int, default=1)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--partition-size", type=int, default=64)
    ap.add_argument("--json", type=Path, help="also write the figures here")
    ap.add_argument("--no-snapshot", action="store_true",
                    help="run the working tree's code as is (see the module docstring)")
    args = ap.parse_args(argv)
    if not args.no_snapshot and not os.environ.get("DETENTE_BENCH_SNAPSHOT"):
        with tempfile.TemporaryDirectory(prefix="detente-snapshot-") as snap:
            shutil.copytree(ROOT / "src" / "detente", Path(snap) / "detente")
            env = dict(os.environ, DETENTE_BENCH_SNAPSHOT=snap,
                       PYTHONPATH=os.pathsep.join([snap, os.environ.get("PYTHONPATH", "")]))
            argv2 = sys.argv[1:] if argv is None else argv
            return subprocess.call([sys.executable, __file__, *argv2], env=env)
    if os.environ.get("DETENTE_BENCH_SNAPSHOT"):
        import detente

        print(f"code: snapshot of the working tree ({Path(detente.__file__).parent})")
    paths = text_paths()
    if not paths:
        print("skipped: ../shared/data/polnear is not present")
        return 0
    base_url = os.environ.get("DETENTE_TEST_PG_URL") or os.environ.get("DETENTE_BENCH_PG_URL")
    if not base_url:
        print("skipped: set DETENTE_TEST_PG_URL (scripts/start_postgres.sh prints one)")
        return 0
    try:
        from detente.pipeline.cluster import open_client
    except ImportError:
        print("skipped: Dask is not installed (pip install 'detente[cluster]')")
        return 0
    from detente.parse.model import get_nlp
    from detente.read import read_inputs
    from detente.records import Article

    if args.limit:
        paths = paths[: args.limit]
    articles = [a for a in read_inputs([str(p) for p in paths],
                                       defaults={"published": PUBLISHED})
                if isinstance(a, Article)]
    texts = [a.text for a in articles]
    n = len(articles)
    words = sum(len(t.split()) for t in texts)
    print(f"{n} PolNeAR articles ({words} words); {os.cpu_count()} CPUs; load {load()} at start")

    bare_nlp = get_nlp(rulers=False)
    run_bare(bare_nlp, texts[:8], n_process=1, batch_size=args.batch_size)  # warm
    _warm(articles[:8])
    before = load()
    single_s, single_prints, single_rep, single_cpu = run_single(
        articles, batch_size=args.batch_size)
    print(f"single-process ingest: {single_s:.1f} s ({n / single_s:.2f} articles/s), "
          f"cpu {single_cpu / n:.3f} s/article, "
          f"{single_rep.new} stored, {single_rep.events} events, {single_rep.quotes} quotes; "
          f"load {before} -> {load()}", flush=True)

    bare: dict[int, list[float]] = {1: [], 2: []}
    bare_cpu: dict[int, list[float]] = {1: [], 2: []}
    det: dict[int, list[dict[str, Any]]] = {1: [], 2: []}
    singles: list[float] = [single_s]
    single_cpus: list[float] = [single_cpu]
    for r in range(args.repeats):
        if r > 0:  # the single-process reference is interleaved too
            before = load()
            secs, prints, _, cpu = run_single(articles, batch_size=args.batch_size)
            singles.append(secs)
            single_cpus.append(cpu)
            print(f"[{r}] single-process ingest: {secs:.1f} s, cpu {cpu / n:.3f} s/article, "
                  f"fingerprints {'same' if prints == single_prints else 'DIFFERENT'}; "
                  f"load {before} -> {load()}", flush=True)
        for workers in (1, 2):
            before = load()
            secs, cpu = run_bare(bare_nlp, texts, n_process=workers,
                                 batch_size=args.batch_size)
            bare[workers].append(secs)
            bare_cpu[workers].append(cpu)
            print(f"[{r}] bare spaCy n_process={workers}: {secs:.1f} s "
                  f"({n / secs:.2f} articles/s), cpu {cpu / n:.3f} s/article, "
                  f"load {before} -> {load()}", flush=True)
            with open_client(f"local:{workers}", dashboard=False) as client:
                res = run_cluster(client, articles, base_url=base_url,
                                  batch_size=args.batch_size,
                                  partition_size=args.partition_size)
            det[workers].append(res)
            same = res["prints"] == single_prints and res["stored"] == len(single_prints)
            t = res["totals"]
            print(f"[{r}] detente {workers} worker(s): {res['secs']:.1f} s "
                  f"({n / res['secs']:.2f} articles/s), stored {res['stored']}, "
                  f"events {res['report'].events}, quotes {res['report'].quotes}, "
                  f"fingerprints {'identical' if same else 'DIFFERENT'} to single-process; "
                  f"cpu {t.cpu_s / n:.3f} s/article; {t.rows} rows, "
                  f"{t.rows / max(t.store_s, 1e-9):.0f} rows/s in save, "
                  f"{t.rows / res['secs']:.0f} rows/s overall; articles per worker "
                  f"{sorted(t.per_worker.values())}, worker CPU busy "
                  f"{t.cpu_s / (res['secs'] * workers):.0%} of the wall time; "
                  f"load {res['load']}", flush=True)

    end_s, end_prints, _, end_cpu = run_single(articles, batch_size=args.batch_size)
    singles.append(end_s)
    single_cpus.append(end_cpu)
    stable = end_prints == single_prints
    print(f"single-process ingest again at the end: {end_s:.1f} s; same fingerprints as at "
          f"the start: {stable}" + ("" if stable else " (the code changed during the run: "
                                    "the comparison below is void)"))

    def med(xs: list[float]) -> float:
        return statistics.median(xs)

    b1, b2 = med(bare[1]), med(bare[2])
    d1, d2 = med([x["secs"] for x in det[1]]), med([x["secs"] for x in det[2]])
    bare_up, det_up = b1 / b2, d1 / d2
    ratio = det_up / bare_up
    all_same = all(x["prints"] == single_prints for w in det for x in det[w])
    cpu = med([x["totals"].cpu_s / n for w in det for x in det[w]])
    cpu1 = med([x["totals"].cpu_s / n for x in det[1]])
    cpu2 = med([x["totals"].cpu_s / n for x in det[2]])
    s1 = med(singles)
    s_cpu = med(single_cpus) / n
    rows = det[2][0]["totals"].rows
    save_rate = med([x["totals"].rows / max(x["totals"].store_s, 1e-9)
                     for w in det for x in det[w]])
    print(f"medians over {args.repeats} repeat(s): single-process ingest {s1:.1f} s "
          f"({len(singles)} runs), bare spaCy 1 proc. {b1:.1f} s / 2 proc. {b2:.1f} s, "
          f"detente 1 worker {d1:.1f} s / 2 workers {d2:.1f} s; "
          f"1 worker / single-process = {d1 / s1:.2f} (the per-worker overhead; 1.00 = none)")
    print(f"CPU per article (medians): single-process ingest {s_cpu:.3f} s, detente 1 worker "
          f"{cpu1:.3f} s, 2 workers {cpu2:.3f} s per worker-article, bare spaCy 1 proc. "
          f"{med(bare_cpu[1]) / n:.3f} s, 2 proc. {med(bare_cpu[2]) / n:.3f} s (pool included)")
    print(f"speed-up 1 -> 2: bare spaCy x{bare_up:.2f}, detente x{det_up:.2f}; "
          f"detente/bare = {ratio:.2f} (target >= 0.9: {'met' if ratio >= 0.9 else 'NOT met'})")
    print(f"stored counts and per-article fingerprints identical to single-process ingest "
          f"in every cluster run: {all_same}")
    print(f"worker CPU per article {cpu:.3f} s; a million articles = {cpu * 1e6 / 3600:.0f} "
          f"CPU-hours; PostgreSQL rows per article {rows / n:.0f}, {save_rate:.0f} rows/s "
          f"per writer inside save; load {load()} at end")
    if args.json:
        args.json.write_text(json.dumps({
            "articles": n, "words": words, "cpus": os.cpu_count(),
            "single_s": single_s, "bare_s": bare, "detente_s": {
                w: [x["secs"] for x in det[w]] for w in det},
            "bare_speedup": bare_up, "detente_speedup": det_up, "ratio": ratio,
            "identical": all_same, "code_stable": stable, "single_end_s": end_s, "cpu_s_per_article": cpu, "rows": rows,
            "single_s_all": singles, "single_cpu_s_per_article": s_cpu,
            "detente_cpu_s_per_article": {1: cpu1, 2: cpu2},
            "bare_cpu_s": bare_cpu, "one_worker_over_single": d1 / s1,
            "rows_per_s_in_save": save_rate,
            "loads": {w: [x["load"] for x in det[w]] for w in det}}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
