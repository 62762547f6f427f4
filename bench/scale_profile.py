"""Where does a Dask worker's time go? One worker of a LocalCluster against a plain
process coding the same PolNeAR articles into PostgreSQL (issue 16's per-worker overhead).

Each mode measures, around the coding only (model loaded and warmed first): wall time,
CPU time of the process and of the coding thread, page faults and context switches
(``getrusage``), and the time inside ``Store.save``. ``--profile`` adds a cProfile of
the coding thread (top functions by cumulative and by own time).

    DETENTE_TEST_PG_URL=postgresql://… .venv/bin/python bench/scale_profile.py \
        --limit 60 --modes single worker [--trim 65536|default|none] [--profile]

Modes: ``single`` (``ingest`` in a fresh process, as the single-machine command),
``worker`` (``cluster_ingest`` on a LocalCluster of one worker), ``worker-task`` (the
same task body run through ``client.submit`` once over all articles, profiled in the
worker's task thread). ``--trim`` sets glibc's ``MALLOC_TRIM_THRESHOLD_`` for the
child processes: ``default`` = what Dask's nanny sets (65536) for workers and nothing for
the plain process; a number sets it for both; ``none`` removes it for both.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
POLNEAR = ROOT.parent / "shared" / "data" / "polnear"
PUBLISHED = "2016-10-15"


def articles(limit: int) -> list[Any]:
    from detente.read import read_inputs
    from detente.records import Article

    paths = sorted((POLNEAR / "train" / "text").glob("*.txt"))[:limit]
    return [a for a in read_inputs([str(p) for p in paths], defaults={"published": PUBLISHED})
            if isinstance(a, Article)]


def schema_url(base: str) -> tuple[str, str]:
    import psycopg

    name = f"prof_{uuid.uuid4().hex[:10]}"
    plain = base.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{name}"')
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options={quote(f'-csearch_path={name}')}", name


def drop(base: str, name: str) -> None:
    import psycopg

    plain = base.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')


class Meter:
    """Wall, process CPU, thread CPU and rusage deltas of this process."""

    def __enter__(self) -> Meter:
        self.r0 = resource.getrusage(resource.RUSAGE_SELF)
        self.w0, self.p0, self.t0 = time.perf_counter(), time.process_time(), time.thread_time()
        return self

    def __exit__(self, *exc: Any) -> None:
        r1 = resource.getrusage(resource.RUSAGE_SELF)
        self.out = {
            "wall_s": time.perf_counter() - self.w0,
            "proc_cpu_s": time.process_time() - self.p0,
            "thread_cpu_s": time.thread_time() - self.t0,
            "user_s": r1.ru_utime - self.r0.ru_utime,
            "sys_s": r1.ru_stime - self.r0.ru_stime,
            "minflt": r1.ru_minflt - self.r0.ru_minflt,
            "majflt": r1.ru_majflt - self.r0.ru_majflt,
            "vol_cs": r1.ru_nvcsw - self.r0.ru_nvcsw,
            "invol_cs": r1.ru_nivcsw - self.r0.ru_nivcsw,
        }


def _profiled(fn: Any, top: int) -> tuple[Any, str]:
    import cProfile
    import io
    import pstats

    prof = cProfile.Profile()
    res = prof.runcall(fn)
    buf = io.StringIO()
    st = pstats.Stats(prof, stream=buf)
    st.sort_stats("cumulative").print_stats(top)
    st.sort_stats("tottime").print_stats(top)
    return res, buf.getvalue()


def code_and_save(arts: list[Any], url: str, *, profile: bool, top: int,
                  store: Any = None, nlp: Any = None) -> dict[str, Any]:
    """The worker task's body (code in zones, save each article), measured."""
    from detente.parse.model import get_nlp
    from detente.pipeline.ingest import code_in_zones
    from detente.store import open_store

    nlp = nlp or get_nlp()
    own = store is None
    store = store or open_store(url, create=False)
    save_s = [0.0]

    def body() -> int:
        n = 0
        for coded in code_in_zones(arts, nlp=nlp):
            t0 = time.perf_counter()
            n += bool(store.save(coded))
            save_s[0] += time.perf_counter() - t0
        return n

    with Meter() as m:
        if profile:
            n, text = _profiled(body, top)
        else:
            n, text = body(), ""
    if own:
        store.close()
    return {**m.out, "save_s": save_s[0], "stored": n, "profile": text}


def _warm(arts: list[Any]) -> int:
    from detente.parse.model import get_nlp
    from detente.pipeline.ingest import code_in_zones

    return sum(1 for _ in code_in_zones(arts, nlp=get_nlp()))


def mode_single(args: argparse.Namespace, base: str) -> dict[str, Any]:
    from detente.store import open_store

    arts = articles(args.limit)
    url, name = schema_url(base)
    try:
        with open_store(url) as store:
            _warm(arts[:8])
            return code_and_save(arts, url, profile=args.profile, top=args.top, store=store)
    finally:
        drop(base, name)


def _usage(dask_worker: Any = None) -> dict[str, Any]:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return {"t": time.perf_counter(), "cpu": time.process_time(), "user": r.ru_utime,
            "sys": r.ru_stime, "minflt": r.ru_minflt, "vol_cs": r.ru_nvcsw,
            "invol_cs": r.ru_nivcsw, "trim": os.environ.get("MALLOC_TRIM_THRESHOLD_"),
            "threads": len(__import__("threading").enumerate())}


def mode_worker(args: argparse.Namespace, base: str, *, task: bool) -> dict[str, Any]:
    import dask
    import distributed  # noqa: F401 - registers its config

    from detente.pipeline.cluster import ClusterTotals, cluster_ingest, open_client

    arts = articles(args.limit)
    env = dict(dask.config.get("distributed.nanny.pre-spawn-environ"))  # Dask's own
    if args.trim == "none":
        env.pop("MALLOC_TRIM_THRESHOLD_", None)
    elif args.trim != "default":
        env["MALLOC_TRIM_THRESHOLD_"] = args.trim
    import detente.pipeline.cluster.ingest as scale_ingest

    scale_ingest.local_worker_env = lambda: env  # type: ignore[assignment]
    slow = {"distributed.worker.memory.monitor-interval": "500ms",
            "distributed.admin.system-monitor.interval": "2s"} if args.slow_monitors else {}
    with dask.config.set(slow), open_client("local:1", dashboard=False) as client:
        url, name = schema_url(base)
        warm_url, warm_name = schema_url(base)
        try:
            cluster_ingest(arts[:2], db=warm_url, client=client, partition_size=1)
            client.run(_warm, arts[:8])
            if task:
                from detente.pipeline.cluster.worker import DetentePlugin
                from detente.store import open_store

                with open_store(url):  # the schema, before the plugin opens the store
                    pass
                client.register_plugin(DetentePlugin(url), name="detente")

                def run_task() -> dict[str, Any]:
                    from distributed import get_worker

                    plugin = get_worker().plugins["detente"]
                    return code_and_save(arts, url, profile=args.profile, top=args.top,
                                         store=plugin.store, nlp=plugin.nlp)

                out = client.submit(run_task, pure=False).result()
                return {"mode": "worker-task", **out}
            (u0,) = client.run(_usage).values()
            totals = ClusterTotals()
            t0 = time.perf_counter()
            rep = cluster_ingest(arts, db=url, client=client, partition_size=args.partition_size,
                                 totals=totals)
            wall = time.perf_counter() - t0
            (u1,) = client.run(_usage).values()
            return {"mode": "worker", "wall_s": wall, "stored": rep.new,
                    "proc_cpu_s": u1["cpu"] - u0["cpu"], "user_s": u1["user"] - u0["user"],
                    "sys_s": u1["sys"] - u0["sys"], "minflt": u1["minflt"] - u0["minflt"],
                    "vol_cs": u1["vol_cs"] - u0["vol_cs"],
                    "invol_cs": u1["invol_cs"] - u0["invol_cs"],
                    "task_cpu_s": totals.cpu_s, "save_s": totals.store_s,
                    "trim": u1["trim"], "threads": u1["threads"], "profile": ""}
        finally:
            drop(base, name)
            drop(base, warm_name)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=60)
    ap.add_argument("--modes", nargs="+", default=["single", "worker"])
    ap.add_argument("--partition-size", type=int, default=64)
    ap.add_argument("--trim", default="default")
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--slow-monitors", action="store_true",
                    help="workers' memory monitor every 500 ms, system monitor every 2 s")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    base = os.environ.get("DETENTE_TEST_PG_URL")
    if not base:
        print("skipped: set DETENTE_TEST_PG_URL")
        return 0
    if args.child:
        if args.child == "single":
            out = {"mode": "single", **mode_single(args, base)}
        else:
            out = mode_worker(args, base, task=args.child == "worker-task")
        print("RESULT " + json.dumps(out))
        return 0
    for mode in args.modes:
        env = dict(os.environ)
        if mode == "single":
            if args.trim == "none" or args.trim == "default":
                env.pop("MALLOC_TRIM_THRESHOLD_", None)
            else:
                env["MALLOC_TRIM_THRESHOLD_"] = args.trim
        la = os.getloadavg()[0]
        cmd = [sys.executable, __file__, "--child", mode, "--limit", str(args.limit),
               "--partition-size", str(args.partition_size), "--trim", args.trim,
               "--top", str(args.top)] + (["--profile"] if args.profile else []) + (
                   ["--slow-monitors"] if args.slow_monitors else [])
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
        line = next((x for x in proc.stdout.splitlines() if x.startswith("RESULT ")), None)
        if line is None:
            print(f"{mode}: failed\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
            continue
        out = json.loads(line[7:])
        prof = out.pop("profile", "")
        n = args.limit
        cpu = out.get("proc_cpu_s", 0.0)
        print(f"{mode} (trim {args.trim}, load {la:.2f} -> {os.getloadavg()[0]:.2f}): "
              f"wall {out['wall_s']:.1f} s, process CPU {cpu:.1f} s "
              f"({cpu / n:.3f} s/article, {cpu / out['wall_s']:.0%} of wall); "
              + ", ".join(f"{k} {v:.2f}" if isinstance(v, float) else f"{k} {v}"
                          for k, v in out.items()
                          if k not in {"wall_s", "proc_cpu_s", "mode"}), flush=True)
        if prof:
            print(prof)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
