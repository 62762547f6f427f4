"""API latency under load: p50/p99 of listing pages with 20 concurrent clients.

Builds a SQLite store holding 20,000 events (synthetic coded articles: no model needed),
serves it with uvicorn on a free loopback port in a child process, then sends a fixed
number of requests from 20 concurrent keep-alive connections against the listing endpoints.

    .venv/bin/python bench/api_latency.py [--events 20000] [--requests 2000] [--clients 20]
                                         [--workers CORES]

Target: listing page p99 < 200 ms, 0 errors.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from detente.records import ActorRef, Article, CodedArticle, Event, Place, Quote, article_id_for

TYPES = [("REJECT", "120", -4.0, 3), ("ASSAULT", "190", -10.0, 4), ("AGREE", "057", 8.0, 1),
         ("CONSULT", "040", 1.0, 1), ("ACCUSE", "112", -2.0, 3), ("AID", "070", 7.0, 2),
         ("THREATEN", "130", -4.4, 3), ("SANCTION", "163", -8.0, 4)]
ACTORS = [ActorRef("RUS GOV", "RUS", "GOV", person="Sergei Lavrov"), ActorRef("UKR GOV", "UKR", "GOV"),
          ActorRef("USA GOV", "USA", "GOV"), ActorRef("UKR MIL", "UKR", "MIL"),
          ActorRef("RUS MIL", "RUS", "MIL"), ActorRef("NATO", igo="NATO")]
OUTLETS = ["Alpha News", "Beta Wire", "Gamma Post", "Delta Times", "Epsilon Daily"]
SENTENCE = "Officials in Kyiv said the side rejected the latest offer on Monday after talks. "

ENDPOINTS = [
    ("events", "/api/events?limit=100"),
    ("events+type", "/api/events?type=REJECT&limit=100"),
    ("events+actor+since", "/api/events?actor=RUS&since=2022-03-01&limit=100"),
    ("events+outlet+offset", "/api/events?outlet=Beta%20Wire&offset=500&limit=100"),
    ("quotes", "/api/quotes?limit=100"),
    ("quotes+speaker", "/api/quotes?speaker=Lavrov&limit=100"),
    ("articles", "/api/articles?limit=100"),
    ("articles+outlet", "/api/articles?outlet=Gamma%20Post&limit=50"),
]


def synthetic(i: int, *, events_per_article: int) -> CodedArticle:
    """One article with ``events_per_article`` events, a quote and a place."""
    text = f"Report {i}. " + SENTENCE * events_per_article
    aid = article_id_for(text)
    published = dt.date(2022, 2, 1) + dt.timedelta(days=i % 180)
    art = Article(id=aid, text=text, outlet=OUTLETS[i % len(OUTLETS)], title=f"Report {i}",
                  published=published, url=f"https://example.org/{i}")
    head = len(f"Report {i}. ")
    kyiv = Place(aid, head + 13, head + 17, "Kyiv", "Kyiv", "UKR", 50.45, 30.52, 703448)
    events = []
    for k in range(events_per_article):
        s = head + k * len(SENTENCE)
        ptype, cameo, gold, quad = TYPES[(i + k) % len(TYPES)]
        trig = s + SENTENCE.index("rejected")
        events.append(Event(
            article_id=aid, id=f"e{trig}", start=s, end=s + len(SENTENCE) - 1,
            trigger_start=trig, trigger_end=trig + 8, trigger="rejected", plover_type=ptype,
            mode=None, context=None, cameo=cameo, goldstein=gold, quad_class=quad,
            source=(ACTORS[(i + k) % len(ACTORS)],), target=(ACTORS[(i + k + 1) % len(ACTORS)],),
            source_text="the side", target_text=None, modality="asserted",
            date=published - dt.timedelta(days=k % 3), date_text="Monday",
            date_basis="sentence", places=(kyiv,)))
    quote = Quote(aid, f"q{head}", head, head + 40, text[head:head + 40], None, None, "said",
                  None, None, "Officials", ACTORS[i % len(ACTORS)], "indirect",
                  sentence_start=head, sentence_end=head + len(SENTENCE))
    return CodedArticle(article=art, events=tuple(events), quotes=(quote,), places=(kyiv,))


def build_store(path: Path, *, n_events: int, per_article: int = 10) -> float:
    from detente.store import open_store

    t0 = time.perf_counter()
    with open_store(path) as store:
        for i in range(n_events // per_article):
            store.save(synthetic(i, events_per_article=per_article))
    return time.perf_counter() - t0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _get(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, host: str,
               path: str) -> tuple[int, bytes]:
    """One HTTP/1.1 keep-alive GET on an open connection: (status, body)."""
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept: application/json\r\n\r\n"
                 .encode("ascii"))
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in (x.partition(":") for x in lines[1:] if x)}
    if "content-length" in headers:
        return status, await reader.readexactly(int(headers["content-length"]))
    body = b""  # chunked transfer encoding
    while True:
        size = int((await reader.readuntil(b"\r\n")).strip(), 16)
        chunk = await reader.readexactly(size + 2)
        if size == 0:
            return status, body
        body += chunk[:-2]


async def load(base: str, *, n_requests: int, clients: int) -> tuple[dict, int, float]:
    """Closed-loop load: ``clients`` connections, each sending its next request as soon as
    the previous answer is read. The client is a minimal asyncio HTTP/1.1 one, so that on
    a 2-core machine the load generator takes as little CPU from the server as it can
    (a full-featured async client costs about as much CPU per request as the server)."""
    host, port = base.removeprefix("http://").split(":")
    latencies: dict[str, list[float]] = defaultdict(list)
    errors = 0
    queue: asyncio.Queue[tuple[str, str]] = asyncio.Queue()
    for i in range(n_requests):
        queue.put_nowait(ENDPOINTS[i % len(ENDPOINTS)])

    async def worker() -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection(host, int(port))
        try:
            while True:
                try:
                    name, path = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                t0 = time.perf_counter()
                try:
                    status, body = await _get(reader, writer, f"{host}:{port}", path)
                    ok = status == 200 and body.startswith(b'{"items":')
                except (OSError, asyncio.IncompleteReadError, ValueError):
                    ok = False
                    writer.close()
                    reader, writer = await asyncio.open_connection(host, int(port))
                latencies[name].append((time.perf_counter() - t0) * 1000)
                errors += not ok
        finally:
            writer.close()

    t0 = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(clients)))
    return latencies, errors, time.perf_counter() - t0


def cpu_seconds(pids: list[int]) -> float:
    """User+system CPU time of these processes (Linux /proc), 0 where unreadable."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
        except (OSError, IndexError, ValueError):
            pass
    return total


def server_pids(root: int) -> list[int]:
    """The server process and its children (uvicorn worker processes)."""
    pids = [root]
    try:
        for task in Path(f"/proc/{root}/task").iterdir():
            children = (task / "children").read_text().split()
            pids += [int(c) for c in children]
    except OSError:
        pass
    return pids


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--events", type=int, default=20_000)
    ap.add_argument("--requests", type=int, default=2_000)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=200, help="requests sent before measuring")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                    help="server processes (default: one per core)")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        build_s = build_store(db, n_events=args.events)
        port = free_port()
        code = ("import sys; from detente.serve.server import serve; "
                f"serve(db_url=sys.argv[1], port={port}, workers={args.workers}, "
                "log_level='warning')")
        proc = subprocess.Popen([sys.executable, "-c", code, str(db)], env=dict(os.environ))
        try:
            base = f"http://127.0.0.1:{port}"
            import httpx

            deadline = time.monotonic() + 30
            while True:
                try:
                    if httpx.get(base + "/api/events?limit=1", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline or proc.poll() is not None:
                    print("server did not start", file=sys.stderr)
                    return 1
                time.sleep(0.2)
            # Warm-up, not measured: every endpoint under the same concurrency, so each
            # worker process has started its threads and opened its pooled connections.
            asyncio.run(load(base, n_requests=args.warmup, clients=args.clients))
            pids = server_pids(proc.pid)
            srv0, cli0 = cpu_seconds(pids), time.process_time()
            lat, errors, wall = asyncio.run(load(base, n_requests=args.requests,
                                                 clients=args.clients))
            srv_cpu, cli_cpu = cpu_seconds(pids) - srv0, time.process_time() - cli0
        finally:
            proc.terminate()
            proc.wait(10)

    allv = [v for vs in lat.values() for v in vs]
    print(f"store: {args.events} events built in {build_s:.1f} s; "
          f"{args.requests} requests (after {args.warmup} warm-up), {args.clients} concurrent clients, {wall:.1f} s wall "
          f"({args.requests / wall:.0f} req/s), cores={os.cpu_count()}, "
          f"server workers={args.workers}")
    print(f"cpu per request: server {srv_cpu / args.requests * 1000:.2f} ms, "
          f"load generator {cli_cpu / args.requests * 1000:.2f} ms")
    print(f"{'endpoint':24} {'n':>5} {'p50 ms':>8} {'p99 ms':>8}")
    for name, _ in ENDPOINTS:
        vs = lat[name]
        print(f"{name:24} {len(vs):5d} {statistics.median(vs):8.1f} {pct(vs, 0.99):8.1f}")
    print(f"{'all':24} {len(allv):5d} {statistics.median(allv):8.1f} {pct(allv, 0.99):8.1f}")
    print(f"errors: {errors}")
    return 0 if errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
