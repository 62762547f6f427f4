"""Readers: formats, encodings, bad inputs, manifests, folders and stdin."""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from detente.pipeline.coding import NOTE_KEY
from detente.read import decode_bytes, read_inputs
from detente.records import Article, Problem, article_id_for

GOOD = "Negotiators met in Istanbul on Tuesday and agreed to meet again next week.\n"


def _split(records: list) -> tuple[list[Article], list[Problem]]:
    arts = [r for r in records if isinstance(r, Article)]
    probs = [r for r in records if isinstance(r, Problem)]
    assert len(arts) + len(probs) == len(records)
    return arts, probs


# --- encodings: all decoded to the same text -------------------------------------------

TEXT_ACCENTS = "Le ministre a déclaré à Genève que la réunion était terminée.\n"
TEXT_CP1252 = "The minister said \u201cno talks\u201d would happen \u2013 the cost: \u20ac40 billion.\n"


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("utf8.txt", TEXT_ACCENTS.encode("utf-8"), TEXT_ACCENTS),
        ("utf8bom.txt", b"\xef\xbb\xbf" + GOOD.encode("utf-8"), GOOD),
        ("latin1.txt", TEXT_ACCENTS.encode("latin-1"), TEXT_ACCENTS),
        ("cp1252.txt", TEXT_CP1252.encode("cp1252"), TEXT_CP1252),
        ("utf16.txt", TEXT_CP1252.encode("utf-16"), TEXT_CP1252),
        ("utf16le.txt", GOOD.encode("utf-16-le"), GOOD),
        ("crlf.txt", GOOD.replace("\n", "\r\n").encode() * 2, GOOD * 2),
        ("cr.txt", b"First line.\rSecond line.\r", "First line.\nSecond line.\n"),
        ("cp1251.txt", "Переговоры между Россией и Украиной остановлены, заявил министр иностранных дел.".encode("cp1251"),
         "Переговоры между Россией и Украиной остановлены, заявил министр иностранных дел."),
    ],
)
def test_encodings_decoded(tmp_path: Path, name: str, data: bytes, expected: str) -> None:
    (tmp_path / name).write_bytes(data)
    arts, probs = _split(list(read_inputs([tmp_path / name])))
    assert probs == []
    assert arts[0].text == expected
    assert arts[0].id == article_id_for(expected)


def test_decode_bytes_nfc() -> None:
    # Decomposed é (e + combining acute) is composed, so offsets count one character.
    assert decode_bytes("caf\u0065\u0301".encode(), source="x") == "café"


# --- bad inputs: one Problem each, naming the input, the rest still read -------------------


PAGE_PLACEHOLDER = b"<page>"  # replaced by PAGE (defined with the HTML tests below)


def _big(p: Path) -> Path:
    # 20 MB, written sparse (instant): the size is checked before anything is read.
    with p.open("wb") as f:
        f.write(b"war ")
        f.truncate(20 * 1024 * 1024)
    return p


BAD_INPUTS: list[tuple[str, Callable[[Path], Path], str, str]] = [
    ("binary", lambda d: _write(d / "img.txt", bytes(range(256)) * 8), "E102", "binary"),
    ("png", lambda d: _write(d / "photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)), "E102", "binary"),
    ("control", lambda d: _write(d / "ctl.txt", b"\x01\x02\x03\x04\x05abc\x06\x07\x08" * 20), "E102", "binary"),
    ("empty", lambda d: _write(d / "empty.txt", b""), "E103", "empty"),
    ("whitespace", lambda d: _write(d / "blank.txt", b"  \n\t\r\n  "), "E103", "empty"),
    ("20mb", lambda d: _big(d / "huge.txt"), "E104", "larger"),
    ("html-nobody", lambda d: _write(d / "page.html", b"<html><head><title>x</title></head><body></body></html>"), "E103", "no article body"),
    ("missing", lambda d: d / "nope.txt", "E101", "no such file"),
]


def _write(p: Path, data: bytes) -> Path:
    p.write_bytes(data)
    return p


@pytest.mark.parametrize(("case", "make", "code", "words"), BAD_INPUTS, ids=[c[0] for c in BAD_INPUTS])
def test_bad_input_is_one_problem(tmp_path: Path, case: str, make: Callable[[Path], Path], code: str, words: str) -> None:
    good1 = _write(tmp_path / "a_good.txt", GOOD.encode())
    bad = make(tmp_path)
    good2 = _write(tmp_path / "z_good.txt", ("Second. " + GOOD).encode())
    arts, probs = _split(list(read_inputs([good1, bad, good2])))
    assert [a.source for a in arts] == [str(good1), str(good2)]
    assert len(probs) == 1
    assert probs[0].source == str(bad)
    assert probs[0].code == code
    assert words in probs[0].reason.lower()
    assert str(bad) in probs[0].reason


# One batch, every kind of input together: a folder read with a manifest. Each entry:
# (file name, bytes, expected: None when it reads, else (code, problem source suffix)).
BATCH: list[tuple[str, bytes, tuple[str, str] | None]] = [
    ("a_good.txt", GOOD.encode(), None),
    ("b_binary.txt", bytes(range(256)) * 8, ("E102", "b_binary.txt")),
    ("c_empty.txt", b"", ("E103", "c_empty.txt")),
    ("d_latin1.txt", TEXT_ACCENTS.encode("latin-1"), None),
    ("e_cp1252.txt", TEXT_CP1252.encode("cp1252"), None),
    ("f_utf16.txt", TEXT_CP1252.encode("utf-16"), None),
    ("g_huge.txt", b"", ("E104", "g_huge.txt")),  # made 20 MB by _big below
    ("h_nobody.html", b"<html><body><nav>Home</nav></body></html>", ("E103", "h_nobody.html")),
    ("i_lines.jsonl", (json.dumps({"text": GOOD}) + "\n{oops\n").encode(), ("E106", "i_lines.jsonl:2")),
    ("j_baddate.txt", ("Dated badly. " + GOOD).encode(), None),  # kept, undated, with a note
    ("z_good.html", PAGE_PLACEHOLDER, None),
]


def test_one_batch_every_bad_input_one_problem(tmp_path: Path) -> None:
    for name, data, _ in BATCH:
        _write(tmp_path / name, data if data is not PAGE_PLACEHOLDER else PAGE.encode())
    _big(tmp_path / "g_huge.txt")
    manifest = tmp_path / "meta.csv"
    manifest.write_text("path,published\nj_baddate.txt,sometime soonish\nmissing.txt,\na_good.txt,2022-04-22\n", encoding="utf-8")
    arts, probs = _split(list(read_inputs([tmp_path], manifest=manifest)))
    expected = sorted([(code, suffix) for _, _, exp in BATCH if exp for code, suffix in [exp]] + [("E105", "meta.csv:3")])
    assert sorted((p.code, Path(p.source).name) for p in probs) == expected
    for p in probs:
        assert Path(p.source.split(":")[0]).name in p.reason  # the input is named
    read = sorted(Path(a.source or "").name for a in arts)
    assert read == ["a_good.txt", "d_latin1.txt", "e_cp1252.txt", "f_utf16.txt", "i_lines.jsonl:1",
                    "j_baddate.txt", "z_good.html"]
    by = {Path(a.source or "").name: a for a in arts}
    assert by["a_good.txt"].published == dt.date(2022, 4, 22)
    assert by["j_baddate.txt"].published is None
    assert dict(by["j_baddate.txt"].meta)[NOTE_KEY] == (
        f"{tmp_path / 'j_baddate.txt'}: unparseable published 'sometime soonish': date left empty")
    assert by["d_latin1.txt"].text == TEXT_ACCENTS and by["f_utf16.txt"].text == TEXT_CP1252


def test_unparseable_date_keeps_the_article_with_a_note(tmp_path: Path) -> None:
    rows = [
        {"text": GOOD, "published": "2022-04-22"},
        {"text": "Another article about talks.", "published": "the day after never"},
        {"text": "A third article about talks.", "published": "April 9, 2022"},
    ]
    f = tmp_path / "a.jsonl"
    f.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    arts, probs = _split(list(read_inputs([f], defaults={"published": "2020-01-01"})))
    assert probs == []
    # the bad date is left empty (not replaced by the default: the input had a date)
    assert [a.published for a in arts] == [dt.date(2022, 4, 22), None, dt.date(2022, 4, 9)]
    assert [dict(a.meta).get(NOTE_KEY) for a in arts] == [
        None, f"{f}:2: unparseable published 'the day after never': date left empty", None]


@pytest.mark.model
def test_unparseable_date_note_reaches_the_coded_article(tmp_path: Path, nlp) -> None:
    from detente.pipeline.coding import code_articles

    f = tmp_path / "a.jsonl"
    text = "Russia rejected the Ukrainian proposal on Friday."
    f.write_text(json.dumps({"text": text, "published": "31/31/2022"}) + "\n", encoding="utf-8")
    (coded,) = code_articles(read_inputs([f]), nlp=nlp)
    assert coded.notes == (f"{f}:1: unparseable published '31/31/2022': date left empty",)
    assert coded.mentions and coded.article.published is None  # coded all the same


def test_bad_default_date_names_the_input(tmp_path: Path) -> None:
    f = _write(tmp_path / "a.txt", GOOD.encode())
    (prob,) = read_inputs([f], defaults={"published": "not a date at all"})
    assert isinstance(prob, Problem) and prob.code == "E106" and prob.source == str(f)


# --- JSONL -----------------------------------------------------------------------------


def test_jsonl_lines(tmp_path: Path) -> None:
    f = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"text": GOOD, "outlet": "Wire", "url": "https://e.org/1", "title": "T",
                    "published": "2022-04-22T10:00:00Z", "language": "EN", "id": "x1", "section": "World"}),
        "{not json",
        "",
        json.dumps({"outlet": "No text"}),
        json.dumps(["a", "list"]),
        json.dumps({"text": "   "}),
        json.dumps({"text": "Die Verhandlungen sind gescheitert, sagte der Minister am Freitag in Berlin."}),
    ]
    f.write_text("\n".join(lines), encoding="utf-8")
    arts, probs = _split(list(read_inputs([f])))
    assert [a.source for a in arts] == [f"{f}:1", f"{f}:7"]
    a = arts[0]
    assert (a.outlet, a.url, a.title, a.published, a.language) == ("Wire", "https://e.org/1", "T", dt.date(2022, 4, 22), "en")
    assert dict(a.meta) == {"id": "x1", "section": "World"}
    assert a.id == article_id_for(GOOD)
    assert arts[1].language == "de"
    assert [(p.source, p.code) for p in probs] == [(f"{f}:2", "E106"), (f"{f}:4", "E106"), (f"{f}:5", "E106"), (f"{f}:6", "E103")]
    assert all(p.source in p.reason for p in probs)


def test_jsonl_line_too_large(tmp_path: Path) -> None:
    f = tmp_path / "big.jsonl"
    f.write_text(json.dumps({"text": "x " * 500}) + "\n" + json.dumps({"text": GOOD}) + "\n", encoding="utf-8")
    arts, probs = _split(list(read_inputs([f], max_bytes=200)))
    assert [a.source for a in arts] == [f"{f}:2"]
    assert [(p.source, p.code) for p in probs] == [(f"{f}:1", "E104")]


# --- HTML ------------------------------------------------------------------------------

PAGE = """<!doctype html><html><head><title>Talks stall | Example News</title>
<meta property="og:title" content="Talks stall in Geneva">
<meta property="og:site_name" content="Example News">
<meta property="og:url" content="https://example.org/a/1">
<meta property="article:published_time" content="2022-04-22T10:00:00Z">
</head><body><nav>Home | World | Sport</nav><article><h1>Talks stall in Geneva</h1>
<p>Negotiators from both delegations left the hotel on Friday without a joint statement, officials said.</p>
<p>The foreign minister told reporters that a new draft had been sent five days earlier and remained unanswered.</p>
<p>Another meeting is expected next week in the Swiss city, according to two diplomats.</p>
</article><footer>Copyright Example News</footer></body></html>"""


def test_html_body_and_metadata(tmp_path: Path) -> None:
    f = tmp_path / "page.html"
    f.write_text(PAGE, encoding="utf-8")
    (a,) = read_inputs([f], defaults={"outlet": "Fallback", "published": "2020-01-01"})
    assert isinstance(a, Article)
    assert (a.title, a.outlet, a.url, a.published) == ("Talks stall in Geneva", "Example News", "https://example.org/a/1", dt.date(2022, 4, 22))
    assert "left the hotel on Friday" in a.text
    assert "Home | World" not in a.text and "Copyright" not in a.text
    # Paragraphs separated by blank lines, like scraped text files.
    assert "officials said.\n\nThe foreign minister" in a.text


def test_html_sniffed_without_extension(tmp_path: Path) -> None:
    f = tmp_path / "page"
    f.write_text(PAGE, encoding="utf-8")
    (a,) = read_inputs([f])
    assert isinstance(a, Article) and a.text.startswith("Talks stall in Geneva")


# --- defaults, manifests and folders ---------------------------------------------------


def test_defaults_fill_missing_metadata(tmp_path: Path) -> None:
    f = _write(tmp_path / "a.txt", GOOD.encode())
    (a,) = read_inputs([f], defaults={"published": "2022-05-17", "outlet": "Wire", "url": "u", "title": "T", "language": "en"})
    assert isinstance(a, Article)
    assert (a.published, a.outlet, a.url, a.title, a.language, a.source) == (dt.date(2022, 5, 17), "Wire", "u", "T", "en", str(f))


def _corpus(d: Path) -> None:
    (d / "sub").mkdir(parents=True)
    _write(d / "b.txt", ("Bravo. " + GOOD).encode())
    _write(d / "a.txt", ("Alpha. " + GOOD).encode())
    _write(d / "sub" / "c.txt", ("Charlie. " + GOOD).encode())
    _write(d / ".hidden.txt", b"Hidden file, never read.")
    _write(d / "README.md", b"Notes about this corpus, not an article.")
    _write(d / "sub" / "__init__.py", b"# code, not an article")
    _write(d / "sub" / "d", ("Delta, no extension. " + GOOD).encode())
    (d / ".git").mkdir()
    _write(d / ".git" / "x.txt", b"Inside a hidden folder.")


def test_directory_walk_sorted_hidden_skipped(tmp_path: Path) -> None:
    _corpus(tmp_path)
    arts, probs = _split(list(read_inputs([tmp_path])))
    assert probs == []
    assert [Path(a.source).relative_to(tmp_path).as_posix() for a in arts] == ["a.txt", "b.txt", "sub/c.txt", "sub/d"]


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_manifest_alone(tmp_path: Path, fmt: str) -> None:
    _corpus(tmp_path)
    rows = [
        {"path": "a.txt", "outlet": "Fox", "published": "2022-04-22", "language": "en", "title": "Alpha", "url": "https://a"},
        {"path": "sub/c.txt", "outlet": "Wire", "published": "2022-05-17", "language": "", "title": "", "url": ""},
        {"path": "gone.txt", "outlet": "X", "published": "", "language": "", "title": "", "url": ""},
    ]
    m = tmp_path / f"list.{fmt}"
    if fmt == "jsonl":
        m.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    else:
        header = list(rows[0])
        m.write_text(",".join(header) + "\n" + "\n".join(",".join(r[h] for h in header) for r in rows) + "\n", encoding="utf-8")
    arts, probs = _split(list(read_inputs([], manifest=m)))
    assert [(a.outlet, a.published, a.title) for a in arts] == [
        ("Fox", dt.date(2022, 4, 22), "Alpha"),
        ("Wire", dt.date(2022, 5, 17), None),
    ]
    assert len(probs) == 1 and probs[0].code == "E105" and "gone.txt" in probs[0].reason
    assert probs[0].source == f"{m}:{3 if fmt == 'jsonl' else 4}"


def test_directory_with_manifest(tmp_path: Path) -> None:
    _corpus(tmp_path)
    m = tmp_path / "meta.csv"
    m.write_text("path,outlet,published\nb.txt,Antiwar.com,2022-05-17\nmissing.txt,X,\n", encoding="utf-8")
    arts, probs = _split(list(read_inputs([tmp_path], manifest=m, defaults={"outlet": "Default"})))
    by_name = {Path(a.source).name: a for a in arts}
    assert sorted(by_name) == ["a.txt", "b.txt", "c.txt", "d"]  # the manifest itself is not read
    assert (by_name["b.txt"].outlet, by_name["b.txt"].published) == ("Antiwar.com", dt.date(2022, 5, 17))
    assert (by_name["a.txt"].outlet, by_name["a.txt"].published) == ("Default", None)
    assert [p.code for p in probs] == ["E105"]


def test_folder_manifest_found_automatically(tmp_path: Path) -> None:
    _corpus(tmp_path)
    _write(tmp_path / "manifest.jsonl", json.dumps({"path": "a.txt", "outlet": "Auto"}).encode())
    arts, probs = _split(list(read_inputs([tmp_path])))
    assert probs == []
    assert [a.outlet for a in arts] == ["Auto", None, None, None]
    # Manifests in subfolders describe their own folder.
    _write(tmp_path / "sub" / "manifest.csv", b"path,outlet\nc.txt,Sub\n")
    arts3, probs3 = _split(list(read_inputs(str(tmp_path))))
    assert probs3 == [] and [a.outlet for a in arts3] == ["Auto", None, "Sub", None]
    # A manifest named as an input reads the files it lists.
    arts2, _ = _split(list(read_inputs([tmp_path / "manifest.jsonl"])))
    assert [a.outlet for a in arts2] == ["Auto"]


def test_malformed_manifest_is_one_problem(tmp_path: Path) -> None:
    _corpus(tmp_path)
    m = tmp_path / "m.jsonl"
    m.write_text('{"path": "a.txt"}\n{broken\n{"outlet": "no path"}\n', encoding="utf-8")
    arts, probs = _split(list(read_inputs([], manifest=m)))
    assert len(arts) == 1
    assert [p.source for p in probs] == [f"{m}:2", f"{m}:3"]
    missing = list(read_inputs([], manifest=tmp_path / "absent.csv"))
    assert len(missing) == 1 and isinstance(missing[0], Problem) and missing[0].code == "E105"


# --- stdin -------------------------------------------------------------------------------


def test_stdin_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("Talks resumed.\r\nBoth sides attended.\r\n"))
    (a,) = read_inputs(["-"], defaults={"outlet": "Pipe"})
    assert isinstance(a, Article)
    assert (a.text, a.source, a.outlet) == ("Talks resumed.\nBoth sides attended.\n", "<stdin>", "Pipe")


def test_stdin_jsonl_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    data = (json.dumps({"text": GOOD, "outlet": "A"}) + "\nnot json\n" + json.dumps({"text": "Second talks.", "outlet": "B"}) + "\n").encode()
    wrapper = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", wrapper)
    arts, probs = _split(list(read_inputs(["-"])))
    assert [(a.outlet, a.source) for a in arts] == [("A", "<stdin>:1"), ("B", "<stdin>:3")]
    assert [p.source for p in probs] == ["<stdin>:2"]


def test_stdin_empty(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    (p,) = read_inputs(["-"])
    assert isinstance(p, Problem) and p.source == "<stdin>" and p.code == "E103"


# --- seeds --------------------------------------------------------------------------------


@pytest.mark.shared
def test_seed_folder_reads_with_its_manifest(shared_dir: Path) -> None:
    arts, probs = _split(list(read_inputs([], manifest=shared_dir / "seeds" / "manifest.jsonl")))
    assert probs == []
    assert [(a.outlet, a.published, a.language) for a in arts] == [
        ("Fox News", dt.date(2022, 4, 22), "en"),
        ("Antiwar.com", dt.date(2022, 5, 17), "en"),
    ]
    for a in arts:
        assert a.text == Path(a.source).read_text(encoding="utf-8").replace("\r\n", "\n")


@pytest.mark.parametrize(
    ("data", "code"),
    [(b"", "E103"), (b"\n\n  \n", "E103"), (b"\x00\x01\x02binary\x00" * 50, "E102")],
    ids=["empty", "blank-lines", "binary"],
)
def test_bad_jsonl_file_is_one_problem(tmp_path: Path, data: bytes, code: str) -> None:
    f = _write(tmp_path / "x.jsonl", data)
    (p,) = read_inputs([f])
    assert isinstance(p, Problem) and (p.source, p.code) == (str(f), code)


def test_jsonl_utf16_and_cp1252(tmp_path: Path) -> None:
    rows = "\n".join(json.dumps({"text": t, "outlet": "Ø"}, ensure_ascii=False) for t in (GOOD, TEXT_ACCENTS)) + "\n"
    for name, data in (("u16.jsonl", rows.encode("utf-16")), ("w.jsonl", rows.encode("cp1252"))):
        arts, probs = _split(list(read_inputs([_write(tmp_path / name, data)])))
        assert probs == [] and [a.text for a in arts] == [GOOD, TEXT_ACCENTS] and arts[0].outlet == "Ø"


def test_named_file_of_any_extension_is_read(tmp_path: Path) -> None:
    f = _write(tmp_path / "notes.md", GOOD.encode())
    (a,) = read_inputs([str(f)])
    assert isinstance(a, Article) and a.text == GOOD


def test_empty_folder_is_a_problem(tmp_path: Path) -> None:
    _write(tmp_path / "notes.md", b"Not an article.")
    (p,) = read_inputs([tmp_path])
    assert isinstance(p, Problem) and (p.source, p.code) == (str(tmp_path), "E103")


@pytest.mark.parametrize("sep", [";", "\t"])
def test_csv_manifest_other_delimiters_and_bom(tmp_path: Path, sep: str) -> None:
    _write(tmp_path / "a.txt", GOOD.encode())
    m = tmp_path / "m.csv"
    m.write_bytes(b"\xef\xbb\xbf" + sep.join(["path", "outlet", "published"]).encode() + b"\n" + sep.join(["a.txt", "Wire, Inc", "2022-04-22"]).encode() + b"\n")
    (a,) = read_inputs([], manifest=m)
    assert isinstance(a, Article) and (a.outlet, a.published) == ("Wire, Inc", dt.date(2022, 4, 22))


def test_bad_json_message_says_where(tmp_path: Path) -> None:
    # Regression: the reason stopped at the decoder's message ("Expecting ',' delimiter")
    # without saying where in the line.
    f = tmp_path / "b.jsonl"
    line = '{"text": "Talks resumed.", "outlet": "X" "published": 1}'
    f.write_text(line + "\n", encoding="utf-8")
    m = tmp_path / "manifest.jsonl"
    row = '{"path": "a.txt" "outlet": "X"}'
    m.write_text(row + "\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    _, probs = _split(list(read_inputs([f])))
    col = line.index('"published') + 1  # 1-based: where the "," was expected
    assert f"Expecting ',' delimiter at column {col}" in probs[0].reason
    _, probs = _split(list(read_inputs([], manifest=m)))
    col = row.index('"outlet') + 1
    assert any(f"Expecting ',' delimiter at column {col}" in p.reason for p in probs), probs


def test_broken_symlink_in_folder_is_named(tmp_path: Path) -> None:
    # Regression: a dangling link in a folder was passed over without a word.
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    arts, probs = _split(list(read_inputs([tmp_path])))
    assert len(arts) == 1
    assert [p.source for p in probs] == [str(tmp_path / "gone.txt")]
    assert "broken symbolic link" in probs[0].reason and "nowhere.txt" in probs[0].reason
