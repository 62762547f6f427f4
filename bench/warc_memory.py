"""Peak memory while reading a large generated WARC.gz (reading only: no spaCy coding).

Generates a WARC.gz of about ``--size-mb`` MB (default 1024) by streaming records to
disk (never held in memory): ``--html-pages`` article pages (about 30 KB of HTML each,
varied prose), interleaved with 404 responses, request records and incompressible media
responses (images and videos, 100 KB to 8 MB) that fill the rest of the size. Then, in a
fresh child process, reads it with :func:`detente.read.read_inputs` and reports the
resident memory (VmRSS) at 1%, 10%, 25%, 50%, 75% and 100% of the records, the peak
(ru_maxrss), the time, and the articles and skipped records.

    .venv/bin/python bench/warc_memory.py                   # ~1 GB in /tmp
    .venv/bin/python bench/warc_memory.py --size-mb 100     # quicker
    .venv/bin/python bench/warc_memory.py --keep --out /tmp/x.warc.gz

Check ``df -h /tmp`` first: the file is written there (removed at the end unless --keep).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

WORDS = ("talks ceasefire minister delegation statement Kyiv Moscow Istanbul sanctions troops "
         "negotiators proposal security guarantees neutral status border village shelling "
         "officials spokesman agreement weapons aid humanitarian corridor evacuation region "
         "government parliament president foreign defence council meeting week Tuesday said "
         "would could reported according demanded rejected accepted offered warned").split()


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(12, 28))]
    return " ".join(words).capitalize() + "."


def _page(rng: random.Random, n: int) -> bytes:
    paras = "".join(f"<p>{' '.join(_sentence(rng) for _ in range(4))}</p>" for _ in range(25))
    nav = "".join(f'<li><a href="/section/{i}">Section {i}</a></li>' for i in range(60))
    return (f"<!doctype html><html><head><title>Report {n}</title>"
            f'<meta name="date" content="2022-04-{1 + n % 28:02d}"></head><body>'
            f"<nav><ul>{nav}</ul></nav><article><h1>Report {n}: {_sentence(rng)}</h1>{paras}"
            "</article><footer>Copyright Example</footer></body></html>").encode()


def generate(path: Path, *, size_mb: int, html_pages: int, seed: int = 7) -> dict[str, int]:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    rng = random.Random(seed)
    target = size_mb * 1_000_000
    counts = {"html": 0, "media": 0, "404": 0, "request": 0}
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "bench"}))

        def response(url: str, body: bytes, status: str, ctype: str) -> None:
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=headers))

        n = 0
        while fh.tell() < target:
            n += 1
            # Pages are spread evenly over the file: one every `stride` bytes of it.
            due = counts["html"] < html_pages and fh.tell() >= counts["html"] * target / html_pages
            if due:
                host = f"news{counts['html'] % 50}.example.com"
                response(f"https://www.{host}/r/{n}", _page(rng, n), "200 OK",
                         "text/html; charset=utf-8")
                counts["html"] += 1
                if counts["html"] % 20 == 0:
                    response(f"https://www.{host}/gone/{n}", b"not found", "404 Not Found",
                             "text/html")
                    counts["404"] += 1
                    req = StatusAndHeaders("GET / HTTP/1.1", [("Host", host)],
                                           is_http_request=True)
                    writer.write_record(writer.create_warc_record(
                        f"https://www.{host}/", "request", payload=io.BytesIO(b""),
                        http_headers=req))
                    counts["request"] += 1
                continue
            size = rng.choice([100_000, 300_000, 1_000_000, 8_000_000])
            kind = "video/mp4" if size > 1_000_000 else "image/jpeg"
            response(f"https://cdn.example.com/m/{n}", os.urandom(size), "200 OK", kind)
            counts["media"] += 1
    counts["bytes"] = path.stat().st_size
    return counts


def _rss_kb() -> int:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def read_only(path: Path, *, total_records: int) -> dict[str, object]:
    """Read the WARC (no coding), sampling RSS at fixed fractions of the records."""
    from detente.read import read_inputs
    from detente.records import Article

    marks = {max(1, int(total_records * f)): f"{int(f * 100)}%"
             for f in (0.01, 0.10, 0.25, 0.50, 0.75)}
    samples: dict[str, int] = {"start": _rss_kb()}
    t0 = time.perf_counter()
    articles = problems = seen = 0
    for item in read_inputs([path], defaults={"language": "en"}):
        seen += 1
        if isinstance(item, Article):
            articles += 1
        else:
            problems += 1
        if seen in marks:
            samples[marks[seen]] = _rss_kb()
    samples["100%"] = _rss_kb()
    return {"seconds": round(time.perf_counter() - t0, 1), "articles": articles,
            "skipped": problems, "rss_kb": samples,
            "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size-mb", type=int, default=1024)
    ap.add_argument("--html-pages", type=int, default=3000)
    ap.add_argument("--out", type=Path, default=Path("/tmp/detente-bench.warc.gz"))
    ap.add_argument("--keep", action="store_true", help="keep the generated file")
    ap.add_argument("--reuse", action="store_true", help="read --out as it is (no generation)")
    ap.add_argument("--read-only", type=int, default=0, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.read_only:
        print(json.dumps(read_only(args.out, total_records=args.read_only)))
        return
    t0 = time.perf_counter()
    if args.reuse and args.out.exists():
        counts = json.loads(args.out.with_suffix(".json").read_text())
    else:
        counts = generate(args.out, size_mb=args.size_mb, html_pages=args.html_pages)
        args.out.with_suffix(".json").write_text(json.dumps(counts))
    print(f"generated {counts['bytes'] / 1e6:.0f} MB in {time.perf_counter() - t0:.0f} s: "
          f"{counts['html']} pages, {counts['media']} media, {counts['404']} 404s, "
          f"{counts['request']} requests", flush=True)
    documents = counts["html"] + counts["media"] + counts["404"]  # what the reader yields
    out = subprocess.run([sys.executable, __file__, "--out", str(args.out),
                          "--read-only", str(documents)], capture_output=True, text=True,
                         check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    rss = ", ".join(f"{k} {v / 1024:.0f} MB" for k, v in result["rss_kb"].items())
    print(f"read in {result['seconds']} s: {result['articles']} articles, "
          f"{result['skipped']} skipped; RSS {rss}; peak {result['peak_rss_kb'] / 1024:.0f} MB")
    if not args.keep:
        args.out.unlink(missing_ok=True)
        args.out.with_suffix(".json").unlink(missing_ok=True)


if __name__ == "__main__":
    main()
