"""Cleaning: find scraping noise and keep it as labelled spans (the text is unchanged).

Scraped articles carry lines that are not the article's news: a repeated headline,
audio/app promotions, all-caps teasers for other stories, photo captions and their
credits, bylines, author bios, boilerplate. :func:`clean` finds them line by line with
general rules (patterns in ``lexicon/noise.toml``) and records each as a
:class:`~detente.records.NoiseSpan`; the pipeline blanks those spans before parsing, so
offsets never move and noise is never coded as news.

The work is linear in the text: one pass over its lines, a bounded number of
precompiled whole-line patterns per line, and a second pass over the credit lines.

>>> from detente.pipeline.coding import make_article
>>> art = clean(make_article("Talks stall\\n\\nTalks stall\\n\\nThe talks stalled on Friday."))
>>> [(n.label, art.text[n.start:n.end]) for n in art.noise]
[('title_repeat', 'Talks stall')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..records import Article, NoiseSpan
from .language import detect_language
from .rules import LineRule, NoiseRules, load_rules, shipped_rules

__all__ = ["clean", "detect_language", "find_noise", "load_rules"]

_NON_WORD = re.compile(r"\W+")
# A parenthesised tail on a line: an inline photo credit candidate.
_TRAILING_PAREN = re.compile(r"\(([^()]{2,150})\)\s*$")
_NUMBERED = re.compile(r"\d{1,2}[.)]\s")
# A caption's closing date: "..., Thursday, April 21." / "..., Tuesday, Nov. 30, 2021."
_CAPTION_DATE = re.compile(
    r",\s(?:on\s)?(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s"
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s\d{1,2}(?:,\s\d{4})?\.?$"
)
# Quotation marks or a speech verb: the line reports what someone said.
_REPORTING = re.compile(r"[\"“”«»]|\b(?:said|says|told|reported|learned|according to)\b")


@dataclass(frozen=True, slots=True)
class _Line:
    start: int
    end: int
    text: str
    words: int
    block: int  # paragraph number: lines with no blank line between share one


def _lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    pos = 0
    block = 0
    blank_before = False
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            if blank_before and out:
                block += 1
            start = pos + (len(raw) - len(raw.lstrip()))
            out.append(_Line(start, start + len(stripped), stripped, len(stripped.split()), block))
            blank_before = False
        else:
            blank_before = True
        pos += len(raw) + 1
    return out


def _norm(text: str) -> str:
    return _NON_WORD.sub(" ", text.casefold()).strip()


def _first_match(rules: tuple[LineRule, ...], text: str, words: int, *, tail: bool) -> LineRule | None:
    for rule in rules:
        if words > rule.max_words or (rule.where == "tail" and not tail):
            continue
        if rule.regex.fullmatch(text):
            return rule
    return None


def _mostly_upper(line: _Line, rules: NoiseRules) -> bool:
    text = line.text
    if line.words < rules.teaser_min_words:
        return False
    # Prose shows lower-case letters at once: its opening decides cheaply.
    head = text[:60]
    if sum(map(str.islower, head)) > 0.5 * len(head):
        return False
    # map() over the built-in predicates counts at C speed.
    upper = sum(map(str.isupper, text))
    cased = upper + sum(map(str.islower, text))
    return cased >= rules.teaser_min_letters and upper >= rules.teaser_upper_ratio * cased


def find_noise(article: Article, *, rules: NoiseRules | None = None) -> tuple[NoiseSpan, ...]:
    """The noise spans of ``article`` (sorted by offset); see the module docstring."""
    rules = rules or shipped_rules()
    lines = _lines(article.text)
    if not lines:
        return ()
    found: dict[int, tuple[str, str]] = {}
    n = len(lines)
    upper_lines = [_mostly_upper(line, rules) for line in lines]
    # Some wires print whole stories in capitals: then capitals mark nothing.
    teasers_on = sum(upper_lines) * 2 < n
    title = _norm(article.title) if article.title else ""
    outlet = article.outlet.casefold().strip() if article.outlet and len(article.outlet.strip()) > 3 else ""
    seen_top = {_norm(lines[0].text)}
    for i, line in enumerate(lines):
        hit: tuple[str, str] | None = None
        if 0 < i < rules.top_lines:
            # The headline printed twice (scrapers join the page title and the h1), or the
            # metadata title repeated below the first line.
            key = _norm(line.text)
            if key and (key in seen_top or key == title):
                hit = ("title_repeat", "title_repeat.top")
            seen_top.add(key)
        if hit is None:
            rule = _first_match(rules.lines, line.text, line.words, tail=i >= n - rules.tail_lines)
            rule = rule or _first_match(rules.credits, line.text, line.words, tail=False)
            rule = rule or _first_match(rules.caption_leads, line.text, line.words, tail=False)
            if rule is not None and not (rule.label == "caption" and line.words > rules.caption_max_words):
                hit = (rule.label, rule.name)
        if (
            hit is None
            and outlet
            and i >= n - rules.tail_lines
            and line.words <= rules.caption_apart_max_words
            and line.text.casefold().startswith(outlet)
            and not _REPORTING.search(line.text)
        ):
            # The outlet talking about itself at the end ("Example Daily carries wire
            # reports from partner agencies.") is site furniture, not news.
            hit = ("boilerplate", "boilerplate.outlet_note")
        if hit is None and line.words <= rules.caption_max_words:
            # A short line ending in a parenthesised photo credit is a caption with its
            # credit inline: "A convoy moves along a road. (REUTERS/Name)".
            tail_paren = _TRAILING_PAREN.search(line.text)
            if tail_paren and tail_paren.start() > 0 and _first_match(rules.credits, tail_paren.group(0), 20, tail=False):
                hit = ("caption", "caption.inline_credit")
        if hit is None and i > 0 and teasers_on and upper_lines[i] and not _NUMBERED.match(line.text):
            # An all-caps line of several words below the headline links another story.
            # Numbered capitals ("3. TALKS RESUME IN GENEVA") head the article's own list
            # items ("10 things to know"), so they stay.
            hit = ("teaser", "teaser.all_caps")
        if hit is not None:
            found[i] = hit
    for i, (label, _rule) in list(found.items()):
        if label != "credit" or i == 0:
            continue
        prev = lines[i - 1]
        if i - 1 == 0 or i - 1 in found:
            continue  # the headline is never a caption
        if prev.block == lines[i].block:
            # A short line directly above a credit (no blank line between) is that
            # photo's caption.
            if prev.words <= rules.caption_max_words:
                found[i - 1] = ("caption", "caption.before_credit")
        elif (
            prev.words <= rules.caption_apart_max_words
            and lines[i - 2].block != prev.block
            and not _REPORTING.search(prev.text)
            and (_CAPTION_DATE.search(prev.text) or prev.text[-1:].isalnum())
        ):
            # Converters often put a blank line between caption and credit. Short news
            # paragraphs look alike, so the line must also have a caption's form: a
            # one-line paragraph reporting no speech that ends in the picture's date
            # ("..., on Thursday, April 21.") or has no closing punctuation.
            found[i - 1] = ("caption", "caption.apart_from_credit")
    spans = [NoiseSpan(start=lines[i].start, end=lines[i].end, label=label, rule=rule)
             for i, (label, rule) in sorted(found.items())]
    for i, line in enumerate(lines):
        if i not in found:
            spans.extend(_prefix(line, rules))
    return tuple(sorted(spans, key=lambda n: n.start))


def _prefix(line: _Line, rules: NoiseRules) -> list[NoiseSpan]:
    """A line-start prefix that is no part of the paragraph's sentence ("KYIV, April 25
    (Reuters) - Russian forces shelled ..."), when a paragraph follows it."""
    for rule in rules.prefixes:
        m = rule.regex.match(line.text)
        if m and m.end() < len(line.text) and \
                len(line.text[m.end():].split()) >= rules.prefix_min_words:
            return [NoiseSpan(start=line.start, end=line.start + m.end(), label=rule.label,
                              rule=rule.name)]
    return []


def clean(article: Article, *, rules: NoiseRules | None = None) -> Article:
    """The article with ``noise`` set to the spans :func:`find_noise` finds (text unchanged)."""
    return replace(article, noise=find_noise(article, rules=rules))
