"""Time and peak memory of coding one long article, parsed whole versus in parts.

Builds a ``--chars``-character article (default 900,000) from the shipped sample
corpus's articles, repeated, separated by blank lines (real news prose: names, quotes,
dates, events), and codes it with :func:`detente.pipeline.coding.code_article` in a fresh child
process per run, once parsed whole (``part_chars`` above the length: what detente did
before long texts were split; spaCy refuses texts over 1,000,000 characters) and once in
parts of :data:`detente.parse.model.PART_CHARS`. Runs alternate (``--rounds``, default 2) and the
medians are reported: wall time, CPU time (user + system: steadier when the machine is
shared) and peak resident memory (``ru_maxrss``).

    .venv/bin/python bench/long_article.py
    .venv/bin/python bench/long_article.py --chars 300000 --rounds 3
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys

CHILD = r"""
import json, resource, sys, time
from detente.parse.model import get_nlp
from detente.pipeline.coding import code_article, make_article
from pathlib import Path
import detente.sample
chars, part = int(sys.argv[1]), int(sys.argv[2])
folder = Path(detente.sample.__file__).parent / "articles"
body = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))) + "\n\n"
text = (body * (chars // len(body) + 1))[:chars]
nlp = get_nlp()
nlp("Warm up.")
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
cpu0 = sum(resource.getrusage(resource.RUSAGE_SELF)[:2])
t = time.perf_counter()
coded = code_article(make_article(text, published="2022-04-01"), nlp=nlp, part_chars=part)
took = time.perf_counter() - t
cpu = sum(resource.getrusage(resource.RUSAGE_SELF)[:2]) - cpu0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": took, "cpu_seconds": cpu, "peak_mb": peak / 1024, "model_mb": base / 1024,
                  "events": len(coded.events), "quotes": len(coded.quotes)}))
"""


def run(chars: int, part: int) -> dict[str, float]:
    proc = subprocess.run([sys.executable, "-c", CHILD, str(chars), str(part)],
                         check=False, capture_output=True, text=True)
    if proc.returncode:
        return {"error": proc.stderr.strip().splitlines()[-1]}  # type: ignore[dict-item]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--chars", type=int, default=900_000)
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    from detente.parse.model import PART_CHARS

    modes = {"whole": 10**9, f"parts of {PART_CHARS:,}": PART_CHARS}
    results: dict[str, list[dict[str, float]]] = {m: [] for m in modes}
    for _ in range(args.rounds):
        for mode, part in modes.items():
            r = run(args.chars, part)
            results[mode].append(r)
            print(mode, json.dumps(r), flush=True)
    print(f"\n{args.chars:,} characters, medians of {args.rounds} alternating runs")
    print("| parsed | wall s | CPU s | CPU µs per character | peak RSS MB | of which model MB "
          "| events | quotes |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for mode, all_runs in results.items():
        rs = [r for r in all_runs if "error" not in r]
        if not rs:
            print(f"| {mode} | failed: {all_runs[0]['error']} |")
            continue
        med = {k: statistics.median(r[k] for r in rs) for k in rs[0]}
        print(f"| {mode} | {med['seconds']:.1f} | {med['cpu_seconds']:.1f} "
              f"| {1e6 * med['cpu_seconds'] / args.chars:.0f} | {med['peak_mb']:.0f} "
              f"| {med['model_mb']:.0f} "
              f"| {med['events']:.0f} | {med['quotes']:.0f} |")


if __name__ == "__main__":
    main()
