"""Throughput of the whole detente path against bare spaCy parsing, and peak memory.

Codes the PolNeAR texts (``../shared/data/polnear/{train,dev}/text``; prints "skipped"
and exits 0 when absent) and reports, in the same run:

* bare: ``nlp.pipe`` of the same spaCy model without detente's components;
* full: read (``read_inputs``) -> code (``code_articles``: clean, rulers, parse, every
  extractor) -> store (``Store.save`` into a temporary SQLite file), same batch size,
  ``n_process=1``;

their articles/s and words/s (median over ``--repeats``, bare and full interleaved so
load on the shared machine hits both alike), the ratio full/bare (target >= 0.8), the
same ratio in process CPU time (steadier than wall time when others load the machine:
waiting for a core is not counted), where
the full path's time goes (read, spaCy incl. rulers, each extractor, store), and peak
RSS of the full path over 90 and 900 articles, each in a fresh subprocess (target: 900
within 15% of 90, i.e. streaming).

    .venv/bin/python bench/throughput.py [--n 924] [--repeats 1] [--batch-size 32]
                                         [--no-memory] [--write-docs]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
POLNEAR = ROOT.parent / "shared" / "data" / "polnear"
DOCS = ROOT / "docs" / "benchmarks.md"
PUBLISHED = "2016-10-15"  # PolNeAR covers the 2016 US campaign: an anchor for dates
STAGES = ("extract_mentions", "extract_dates", "extract_places", "extract_quotes",
          "claims_from_quotes", "extract_events")


def text_paths() -> list[Path]:
    out: list[Path] = []
    for split in ("train", "dev"):
        folder = POLNEAR / split / "text"
        if folder.is_dir():
            out += sorted(folder.glob("*.txt"))
    return out


def _take(paths: list[Path], n: int) -> list[Path]:
    # More articles than the corpus has: cycle (the store skips repeats, so copies are
    # made unique by the child process; see _child).
    return [paths[i % len(paths)] for i in range(n)]


# --- timing helpers ---------------------------------------------------------------------


class Timers:
    """Wraps the pipeline's extractor functions to add up the time each takes."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self._undo: list[Callable[[], None]] = []

    def wrap(self, module: Any, name: str, label: str | None = None) -> None:
        real = getattr(module, name)
        key = label or name

        def timed(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return real(*args, **kwargs)
            finally:
                self.seconds[key] += time.perf_counter() - t0

        setattr(module, name, timed)
        self._undo.append(lambda: setattr(module, name, real))

    def undo(self) -> None:
        for f in reversed(self._undo):
            f()
        self._undo.clear()


def run_bare(nlp: Any, texts: list[str], *, batch_size: int) -> tuple[float, float]:
    """(wall seconds, process CPU seconds) of parsing ``texts``."""
    c0, t0 = time.process_time(), time.perf_counter()
    for _doc in nlp.pipe(texts, batch_size=batch_size, n_process=1):
        pass
    return time.perf_counter() - t0, time.process_time() - c0


def run_full(paths: list[Path], *, nlp: Any, batch_size: int, db_dir: Path,
             timers: Timers | None = None) -> tuple[float, dict[str, float], dict[str, int]]:
    """read -> code -> store, exactly as ``detente ingest`` does it
    (:func:`detente.pipeline.ingest.ingest`); returns (seconds, stage seconds, counts).
    The stage seconds include ``cpu``: the process CPU seconds of the whole run."""
    import detente.pipeline.coding as P
    from detente.pipeline.ingest import ingest
    from detente.read import read_inputs
    from detente.store import open_store

    own = timers or Timers()
    for name in STAGES:
        own.wrap(P, name)
    read_time = 0.0

    def items() -> Iterator[Any]:
        nonlocal read_time
        it = iter(read_inputs(paths, defaults={"published": PUBLISHED}))
        while True:
            t0 = time.perf_counter()
            try:
                item = next(it)
            except StopIteration:
                read_time += time.perf_counter() - t0
                return
            read_time += time.perf_counter() - t0
            yield item

    db = db_dir / f"bench-{time.monotonic_ns()}.db"
    try:
        with open_store(db) as store:
            own.wrap(store, "save", "store")
            c0, t0 = time.process_time(), time.perf_counter()
            report = ingest(items(), store=store, nlp=nlp, batch_size=batch_size)
            total = time.perf_counter() - t0
            cpu = time.process_time() - c0
    finally:
        own.undo()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
    stages = dict(own.seconds)
    stages["read"] = read_time
    # What remains is spaCy (tokenizer, rulers, tagger, parser, NER) plus cleaning.
    stages["spacy+clean"] = total - sum(stages.values())
    stages["cpu"] = cpu
    counts = {"articles": report.new, "events": report.events, "quotes": report.quotes,
              "problems": report.skipped}
    return total, stages, counts


# --- memory (fresh subprocesses) --------------------------------------------------------


def _vm(field: str) -> float:
    """A ``/proc/self/status`` memory figure in MB (VmHWM: peak RSS, VmRSS: current).

    Not ``ru_maxrss``: Linux carries the parent's high-water mark over ``fork``+``exec``
    into it, so a child started by a big parent would report the parent's peak.
    """
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _reset_peak() -> bool:
    # Writing 5 to clear_refs resets VmHWM to the current RSS (Linux >= 4.0).
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


def _copies(paths: list[Path], n: int, folder: Path) -> list[Path]:
    """``n`` files cycling over ``paths``, each copy made unique (a marker line) so the
    store does not skip it: same batches again and again, only the count grows."""
    out = []
    for i in range(n):
        src = paths[i % len(paths)]
        dst = folder / f"{i:05d}_{src.name}"
        dst.write_text(src.read_text(encoding="utf-8") + f"\n\n[copy {i}]\n",
                       encoding="utf-8")
        out.append(dst)
    return out


def _child(n: int, batch_size: int, *, cycle: int = 0) -> None:
    """Run the full path over ``n`` articles and print peak RSS (MB) as JSON; with
    ``cycle``, the articles are copies of the first ``cycle`` ones."""
    from detente.parse.model import get_nlp

    paths = text_paths()[:n]
    nlp = get_nlp()
    with tempfile.TemporaryDirectory() as tmp:
        if cycle:
            (Path(tmp) / "copies").mkdir()
            paths = _copies(text_paths()[:cycle], n, Path(tmp) / "copies")
        # Warm-up (lazy lexicons, gazetteer): part of the fixed cost, not of streaming.
        run_full(paths[:4], nlp=nlp, batch_size=batch_size, db_dir=Path(tmp))
        loaded = _vm("VmRSS")
        reset = _reset_peak()
        seconds, _, counts = run_full(paths, nlp=nlp, batch_size=batch_size, db_dir=Path(tmp))
    print(json.dumps({"n": counts["articles"], "peak_rss_mb": round(_vm("VmHWM"), 1),
                      "rss_after_load_mb": round(loaded, 1), "peak_reset": reset,
                      "seconds": round(seconds, 1)}))


def measure_memory(n: int, *, batch_size: int, cycle: int = 0) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(n), "--batch-size", str(batch_size),
         "--cycle", str(cycle)],
        check=True, capture_output=True, text=True, cwd=ROOT,
        env={**os.environ, "PYTHONWARNINGS": "ignore"})
    return json.loads(out.stdout.strip().splitlines()[-1])


# --- report -----------------------------------------------------------------------------


def _words(texts: Iterable[str]) -> int:
    return sum(len(t.split()) for t in texts)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=0, help="articles (default: all)")
    ap.add_argument("--repeats", type=int, default=1)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--no-memory", action="store_true")
    ap.add_argument("--memory-only", action="store_true")
    ap.add_argument("--load-only", action="store_true",
                    help="only the start-up cost (model + lexicons, fresh processes)")
    ap.add_argument("--write-docs", action="store_true",
                    help="write the figures into docs/benchmarks.md (section Throughput)")
    ap.add_argument("--child", type=int, default=0, help=argparse.SUPPRESS)
    ap.add_argument("--cycle", type=int, default=0, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    paths = text_paths()
    if not paths:
        print(f"skipped: PolNeAR texts not found under {POLNEAR}")
        return 0
    if args.child:
        _child(args.child, args.batch_size, cycle=args.cycle)
        return 0

    from detente.parse.model import get_nlp

    lines: list[str] = []

    def say(line: str = "") -> None:
        print(line, flush=True)
        lines.append(line)

    if args.load_only:
        say(load_cost())
        return 0
    if not args.memory_only:
        chosen = paths[: args.n] if args.n else paths
        texts = [p.read_text(encoding="utf-8") for p in chosen]
        n_words = _words(texts)
        bare_nlp, full_nlp = get_nlp(rulers=False), get_nlp()
        # Warm-up: lazy loads (lexicons, gazetteer, dateparser) are not throughput.
        run_bare(bare_nlp, texts[:8], batch_size=args.batch_size)
        with tempfile.TemporaryDirectory() as tmp:
            run_full(chosen[:8], nlp=full_nlp, batch_size=args.batch_size, db_dir=Path(tmp))
            bare_s: list[float] = []
            bare_cpu: list[float] = []
            full_s: list[float] = []
            stage_runs: list[dict[str, float]] = []
            counts: dict[str, int] = {}
            for _ in range(args.repeats):
                wall, cpu = run_bare(bare_nlp, texts, batch_size=args.batch_size)
                bare_s.append(wall)
                bare_cpu.append(cpu)
                total, stages, counts = run_full(chosen, nlp=full_nlp,
                                                 batch_size=args.batch_size,
                                                 db_dir=Path(tmp))
                full_s.append(total)
                stage_runs.append(stages)
        b, f = statistics.median(bare_s), statistics.median(full_s)
        say(f"corpus: {len(chosen)} PolNeAR articles, {n_words:,} words; batch size "
            f"{args.batch_size}, n_process 1, {args.repeats} repeat(s) (medians)")
        say(f"bare nlp.pipe (model without detente components, no memory zones): "
            f"{len(chosen) / b:.2f} articles/s, {n_words / b:,.0f} words/s ({b:.1f} s)")
        say(f"full read -> code -> store (SQLite): {len(chosen) / f:.2f} articles/s, "
            f"{n_words / f:,.0f} words/s ({f:.1f} s; {counts.get('events', 0)} events, "
            f"{counts.get('quotes', 0)} quotes)")
        say(f"ratio full/bare: {b / f:.2f} (target >= 0.80)")
        # Process CPU time is steadier than wall time when others load the machine.
        bc = statistics.median(bare_cpu)
        fc = statistics.median(r["cpu"] for r in stage_runs)
        say(f"CPU-time ratio full/bare: {bc / fc:.2f} (process CPU: bare {bc:.1f} s, "
            f"full {fc:.1f} s, {1000 * (fc - bc) / len(chosen):.1f} ms/article more; "
            f"load average {os.getloadavg()[0]:.2f})")
        spacy = statistics.median(r["spacy+clean"] for r in stage_runs)
        own = statistics.median(sum(v for k, v in r.items() if k not in ("spacy+clean", "cpu"))
                                for r in stage_runs)
        say(f"detente's own work (read, extractors, store) on top of spaCy+rulers+cleaning: "
            f"{100 * own / spacy:.1f}% (budget 25%), {1000 * own / len(chosen):.1f} ms/article")
        say("where the full path's time goes (median s, share of total):")
        for key in ("read", "spacy+clean", *STAGES, "store"):
            secs = statistics.median(r.get(key, 0.0) for r in stage_runs)
            say(f"  {key:<20} {secs:7.2f} s  {100 * secs / f:5.1f}%")
    if not args.memory_only:
        say(load_cost())
    if not args.no_memory:
        small = measure_memory(90, batch_size=args.batch_size)
        large = measure_memory(900, batch_size=args.batch_size)
        growth = large["peak_rss_mb"] / small["peak_rss_mb"] - 1
        say(f"peak RSS while coding, full path, fresh process: {small['n']} articles "
            f"{small['peak_rss_mb']:.0f} MB, {large['n']} articles "
            f"{large['peak_rss_mb']:.0f} MB ({100 * growth:+.1f}%, target within 15%); "
            f"RSS after loading and warm-up {small['rss_after_load_mb']:.0f} MB")
        # Distinct articles differ in length: a later batch of long articles raises the
        # peak of spaCy's own buffers. The same 90 articles ten times over isolates
        # what a longer stream alone costs.
        cycled = measure_memory(900, batch_size=args.batch_size, cycle=90)
        growth = cycled["peak_rss_mb"] / small["peak_rss_mb"] - 1
        say(f"peak RSS while coding, the first 90 articles x10 (900, unique copies): "
            f"{cycled['peak_rss_mb']:.0f} MB ({100 * growth:+.1f}% on 90 articles)")
    if args.write_docs:
        write_docs(lines)
    return 0


_LOAD_CHILD = """
import json, time
t0 = time.perf_counter()
from detente.parse.model import get_nlp
get_nlp()
t1 = time.perf_counter()
from detente.lexicon.actors import load_actors, load_extra_actors
from detente.lexicon.events import load_event_lexicon
load_actors(); load_extra_actors(); load_event_lexicon(petrarch=False)
t2 = time.perf_counter()
load_event_lexicon()
t3 = time.perf_counter()
print(json.dumps([t1 - t0, t2 - t1, t3 - t2]))
"""


def load_cost(runs: int = 3) -> str:
    """Start-up in fresh processes (median of ``runs``): import + model with rulers;
    actor dictionaries (own + PETRARCH) and the event patterns; the PETRARCH verb
    patterns and discards on top (loaded lazily on the first event coded)."""
    got = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", _LOAD_CHILD], capture_output=True,
                             text=True, check=True, env=os.environ.copy())
        got.append(json.loads(out.stdout.strip().splitlines()[-1]))
    model, lex, verbs = (statistics.median(g[i] for g in got) for i in range(3))
    return (f"start-up, fresh process (median of {runs}): model+rulers {model:.2f} s, "
            f"actor dictionaries + event patterns {lex:.2f} s, PETRARCH verbs + discards "
            f"{verbs:.2f} s")


def write_docs(lines: list[str]) -> None:
    """Replace (or add) the "## Throughput" section of docs/benchmarks.md."""
    head = "## Throughput"
    body = (f"{head}\n\nMeasured by `bench/throughput.py` on "
            f"{time.strftime('%Y-%m-%d', time.gmtime())} (2 shared cores; re-run to "
            "refresh):\n\n```\n" + "\n".join(lines) + "\n```\n")
    text = DOCS.read_text(encoding="utf-8") if DOCS.exists() else "# Benchmarks\n"
    if head in text:
        before, rest = text.split(head, 1)
        nxt = rest.find("\n## ")
        text = before + body + (rest[nxt + 1:] if nxt >= 0 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + body
    DOCS.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
