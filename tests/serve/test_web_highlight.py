"""Evidence highlighting: every piece escaped, spans layered, focus anchored."""

from __future__ import annotations

import pytest

from detente.serve.highlight import Layer, highlight
from detente.serve.render import safe_url


def test_plain_text_is_escaped() -> None:
    html = str(highlight('<script>alert("x")</script> & more', []))
    assert html == "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; more"


def test_layers_wrap_exact_segments() -> None:
    text = "Russia rejected the offer."
    html = str(highlight(text, [Layer(0, 6, "hl-actor", "actor: RUS"),
                                Layer(7, 15, "hl-event q3", "event REJECT")]))
    assert '<span class="hl hl-actor" title="actor: RUS">Russia</span>' in html
    assert '<span class="hl hl-event q3" title="event REJECT">rejected</span>' in html
    assert html.endswith(" the offer.")


def test_overlapping_layers_split_without_nesting() -> None:
    text = "abcdefghij"
    html = str(highlight(text, [Layer(0, 6, "hl-quote", "q"), Layer(4, 10, "hl-date", "d")]))
    assert html.count("<span") == 3  # abcd | ef (both) | ghij
    assert 'class="hl hl-quote hl-date" title="q\nd">ef</span>' in html
    assert "<span" not in html.split("</span>")[0][6:]  # no nested span


def test_hostile_titles_and_text_inside_spans_are_escaped() -> None:
    text = '<img src=x onerror="alert(1)">'
    html = str(highlight(text, [Layer(0, len(text), "hl-quote", '"><script>x</script>')]))
    assert "<img" not in html and "<script" not in html
    assert "&lt;img" in html and "&#34;&gt;&lt;script&gt;" in html


def test_focus_gets_anchor_and_out_of_range_spans_are_clipped() -> None:
    text = "one two three"
    html = str(highlight(text, [Layer(8, 99, "hl-place", "p"), Layer(5, 2, "hl-x", "bad")],
                         focus=(4, 7)))
    assert 'id="focus"' in html and ">two</span>" in html
    assert ">three</span>" in html and "hl-x" not in html


@pytest.mark.parametrize(
    ("url", "ok"),
    [("https://example.org/a", True), ("http://x.test", True), ("javascript:alert(1)", False),
     (" JavaScript:alert(1)", False), ("data:text/html,<b>", False), ("//evil.test", False),
     ("ftp://x.test", False), (None, False)],
)
def test_only_http_links(url, ok) -> None:
    assert (safe_url(url) is not None) is ok
