"""The README's examples run as written (hardening item 5).

Every ``sh`` block of README.md runs, line by line, in one bash process inside a folder
laid out as the README assumes: the shipped sample corpus as ``articles/`` (with its
manifest), one of its reports as ``story.txt``, a small WARC made from sample reports as
``CC-NEWS-20240101.warc.gz``, and ``.venv`` as the environment running these tests. The
``python`` block then runs in the same folder.

Left out, each for a stated reason (the list is checked against the README, so a line
that changes or goes away is noticed):
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from _web_fixtures import write_warc
from detente.sample import sample_dir, sample_manifest

pytestmark = [pytest.mark.model, pytest.mark.slow]

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"

#: README lines not run, and why.
SKIPPED = {
    "make demo": "installs into .venv with pip (network); `detente demo` itself is "
                 "tested in test_cli.py",
    "make test": "installs the test dependencies and runs this whole suite",
    "detente fetch https://example.com/world/rss.xml --db detente.db": "needs the network "
        "(test_cli_web.py runs fetch against a local server)",
    "detente serve --db detente.db": "a server that runs until stopped "
        "(test_cli_serve.py and test_web_browser.py serve)",
}
__doc__ += "".join(f"\n- ``{line}``: {why}" for line, why in SKIPPED.items())

#: Commands whose whole point is what they print: each must print something.
PRINTS = ("detente events", "detente quotes", "detente disputes", "detente positions",
          "detente articles", "detente show")

MARK = "@@readme-line@@"


def blocks(lang: str) -> list[str]:
    """The README's fenced code blocks in ``lang``, in order."""
    text = README.read_text(encoding="utf-8")
    return re.findall(rf"^```{lang}\n(.*?)^```", text, flags=re.M | re.S)


def shell_lines() -> list[str]:
    """Every command line of the ``sh`` blocks (continuations joined, comments and
    blank lines dropped)."""
    out: list[str] = []
    for block in blocks("sh"):
        pending = ""
        for raw in block.splitlines():
            line = pending + raw
            if line.rstrip().endswith("\\"):
                pending = line.rstrip()[:-1] + " "
                continue
            pending = ""
            if line.strip() and not line.lstrip().startswith("#"):
                out.append(line.strip())
    return out


def _command(line: str) -> str:
    """A line without its trailing comment, spaces squeezed."""
    return " ".join(line.split("  #", 1)[0].split())


def test_skipped_lines_are_still_in_the_readme() -> None:
    commands = {_command(line) for line in shell_lines()}
    assert set(SKIPPED) <= commands, sorted(set(SKIPPED) - commands)
    assert blocks("python"), "the README lost its Python example"


def _stage(folder: Path) -> None:
    """The files the README's commands name, made from the shipped sample."""
    articles = folder / "articles"
    shutil.copytree(sample_dir() / "articles", articles)
    rows = [json.loads(x) for x in sample_manifest().read_text(encoding="utf-8").splitlines()
            if x.strip()]
    # The sample's manifest sits beside its articles/ folder; the README's inside it.
    (articles / "manifest.jsonl").write_text(
        "".join(json.dumps({**r, "path": r["path"].removeprefix("articles/")}) + "\n"
                for r in rows), encoding="utf-8")
    shutil.copy(articles / rows[0]["path"].removeprefix("articles/"), folder / "story.txt")
    pages = []
    for row in rows[:2]:
        body = (articles / row["path"].removeprefix("articles/")).read_text(encoding="utf-8")
        paras = "".join(f"<p>{p}</p>" for p in body.split("\n\n") if p.strip())
        html = (f"<!doctype html><html><head><title>{row['title']}</title>"
                f'<meta name="date" content="{row["published"] or ""}"></head><body>'
                f"<article><h1>{row['title']}</h1>{paras}</article></body></html>")
        pages.append((row["url"].replace(".example/", ".example/cc/"), html.encode(),
                      "200 OK", "text/html; charset=utf-8"))
    write_warc(folder / "CC-NEWS-20240101.warc.gz", pages)
    venv = folder / ".venv"
    if sys.prefix != sys.base_prefix:  # running inside a virtual environment: that one
        venv.symlink_to(sys.prefix, target_is_directory=True)
    else:
        (venv / "bin").mkdir(parents=True)
        (venv / "bin" / "activate").write_text(
            f'export PATH="{Path(sys.executable).parent}:$PATH"\n', encoding="utf-8")


@pytest.fixture(scope="module")
def ran(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """Run every README shell line (but the skipped ones) in one bash; returns the
    folder and each line's stdout."""
    if shutil.which("bash") is None:
        pytest.skip("bash is not installed")
    folder = tmp_path_factory.mktemp("readme")
    _stage(folder)
    lines = [line for line in shell_lines() if _command(line) not in SKIPPED]
    script = ["set -e -o pipefail",
              'trap \'echo "README line failed (exit $?): $BASH_COMMAND" >&2\' ERR']
    for line in lines:
        script += [f"printf '\\n{MARK}\\n'", line]
    env = {k: v for k, v in os.environ.items() if not k.startswith("DETENTE_")}
    env.update(DETENTE_CACHE_DIR=str(folder / ".cache"), COLUMNS="160")
    proc = subprocess.run(["bash", "-c", "\n".join(script)], cwd=folder, env=env,
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-4000:]
    outputs = proc.stdout.split(f"\n{MARK}\n")[1:]
    assert len(outputs) == len(lines), proc.stdout[-2000:]
    return folder, dict(zip(lines, outputs, strict=True))


def test_shell_examples_run_as_written(ran: tuple[Path, dict[str, str]]) -> None:
    folder, outputs = ran
    for line, out in outputs.items():
        if _command(line).startswith(PRINTS):
            assert out.strip(), f"printed nothing: {line}"
    records = [json.loads(x) for x in (folder / "records.jsonl").read_text().splitlines()]
    kinds = {r["kind"] for r in records}
    assert {"article", "event", "quote"} <= kinds
    assert sum(r["kind"] == "article" for r in records) == len(
        list((folder / "articles").glob("*.txt")))
    show = next(out for line, out in outputs.items() if line.startswith("detente show"))
    assert "events" in show and "quotes" in show
    assert list((folder / "out").glob("*.parquet"))
    assert (folder / "events.plover.jsonl").read_text().strip()
    assert (folder / "gdelt" / "events.tsv").is_file()
    assert (folder / "gdelt" / "mentions.tsv").is_file()


def test_python_example_runs_as_written(ran: tuple[Path, dict[str, str]]) -> None:
    folder, _ = ran
    (code,) = blocks("python")
    proc = subprocess.run([sys.executable, "-c", code], cwd=folder, capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-4000:]
    assert re.search(r"^\d+ events$", proc.stdout, flags=re.M), proc.stdout[-2000:]
    assert len(proc.stdout.splitlines()) >= 2  # quotes printed before the event count
