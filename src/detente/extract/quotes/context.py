"""Shared machinery of the quote passes: per-document lookups (:class:`Ctx`: sentences,
paragraphs, quotation spans by token and whether each is speech), the raw attribution
record (:class:`Raw`) and the cue helpers. Speaker and relay spans are found by
:mod:`detente.extract.quotes.attribution`."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from ...lexicon.cues import CueLexicon
from ...parse.entities import text_of, token_ends
from ...records import QuoteKind
from .grammar import is_cue_verb
from .marks import QuoteSpan, scan_label_singles, scan_quotes

__all__ = ["Ctx", "MARKS", "Raw", "cue_text", "direct_cue"]

# A quoted stretch covering this share of its sentence(s) is speech even if short.
_SPEECH_COVER = 0.5
# Marks are kept out of content and speaker spans.
MARKS = frozenset(["\"", "“", "”", "„", "«", "»", "‘", "’", "'", "''"])
_MARKS = MARKS
# Words a quotation right after a speech verb needs to count as speech (two cost
# precision on PolNeAR train: "called it “a scam”" takes the wrong subject).
_AFTER_VERB_WORDS = 3
# A Title Case quotation inside the writer's sentence is a title (show, book, film),
# not speech, up to this many words.
TITLES_IN_SENTENCE = True
_TITLE_WORDS = 10
# Quotations looked back over to find one holding a character (they nest).
_NEST_LOOKBACK = 4
# A cue right after a handed-over quotation ("“…,” the former senator said") sits
# within this many tokens of the closing mark.
_HUG_TOKENS = 4
_NEWLINES = re.compile(r"\n[\s]*")


@dataclass(slots=True)
class Raw:
    """An attribution before speaker resolution."""

    start: int
    end: int
    cue: Token | None
    cue_text: str | None
    speaker: tuple[int, int] | None  # char span
    quote_type: QuoteKind
    via: list[str]
    sent: tuple[int, int]
    confidence: float
    inherit: bool = False  # no cue of its own: takes the adjacent speaker
    para: int = 0
    extra: dict[str, object] = field(default_factory=dict)


class Ctx:
    """Per-document lookups built once: sentences, paragraphs, quote spans by token."""

    def __init__(self, doc: Doc, lex: CueLexicon) -> None:
        self.doc = doc
        self.lex = lex
        # Doc.text rebuilds the string on every access: read once per Doc.
        self.text = text = text_of(doc)
        self.ends = token_ends(doc)
        self.sent_bounds: list[tuple[int, int]] = []  # token ranges
        self.sent_of = [0] * len(doc)
        for k, s in enumerate(doc.sents):
            self.sent_bounds.append((s.start, s.end))
            for i in range(s.start, s.end):
                self.sent_of[i] = k
        # Paragraph starts (character offsets): a paragraph begins after a newline.
        # Paragraph starts: the first character after a run of newlines (blank lines
        # between paragraphs do not count as paragraphs of their own).
        self.para_starts = [0] + [m.end() for m in _NEWLINES.finditer(text)]
        self.spans = _merge(scan_quotes(text), scan_label_singles(text))
        self.span_starts = [q.start for q in self.spans]
        self.speech = [self._is_speech(q) for q in self.spans]
        # Relative-pronoun speaker spans ("who") -> the noun phrase they stand for.
        self.antecedents: dict[tuple[int, int], tuple[int, int]] = {}

    def tok(self, char: int) -> int:
        """Index of the token holding or following character ``char``."""
        return bisect_right(self.ends, char)

    def para_of(self, char: int) -> int:
        return bisect_right(self.para_starts, char) - 1

    def para_toks(self, tok: Token) -> tuple[int, int]:
        """Token range of the paragraph holding ``tok``: spans never cross a paragraph
        break (headlines without a full stop run into the next line in the parse)."""
        p = self.para_of(tok.idx)
        c0 = self.para_starts[p]
        c1 = self.para_starts[p + 1] if p + 1 < len(self.para_starts) else len(self.text)
        return self.tok(c0), self.tok(c1)

    def tok_range(self, start: int, end: int) -> tuple[int, int]:
        return self.tok(start), max(self.tok(start), self.tok(end))

    def sent_char_span(self, ts: int, te: int) -> tuple[int, int]:
        doc = self.doc
        if not len(doc):
            return 0, 0
        a = self.sent_bounds[self.sent_of[min(ts, len(doc) - 1)]][0]
        b = self.sent_bounds[self.sent_of[max(0, min(te, len(doc)) - 1)]][1]
        return doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text)

    def _is_speech(self, q: QuoteSpan) -> bool:
        """Whether a quoted stretch is speech in its own right, not a scare-quoted word or
        a fragment woven into the writer's sentence."""
        doc = self.doc
        ts, te = self.tok_range(q.start, q.end)
        words = sum(1 for t in doc[ts:te] if not t.is_punct and not t.is_space)
        if words == 0:
            return False
        if self._cue_hugs(q, ts, te):
            return True
        alpha = [t for t in doc[ts:te] if t.is_alpha]
        title = words <= 5 and bool(alpha) and all(
            t.is_title or t.is_stop and t.is_lower for t in alpha)
        if title and any(t.pos_ == "PROPN" for t in alpha):
            return False  # a title or a name in marks ("Gang of Eight", "Morning Joe,")
        if TITLES_IN_SENTENCE and self._title_inside(q, ts, te, alpha, words):
            return False
        first = q.text.lstrip("\"“'‘ ")[:1]
        if first.isupper() and q.text.rstrip()[-1:] in (",", "?", "!"):
            return True  # "“No,” he said": the comma hands over to the cue
        if title:
            return False
        # A capital opening and a clause's length: a sentence quoted whole.
        if first.isupper() and words >= 3 and not all(t.pos_ == "PROPN" for t in doc[ts:te] if t.is_alpha):
            return True
        before = self.text[max(0, q.open_at - 3) : q.open_at].strip()
        if before.endswith(":") and words >= 2:
            return True
        if words >= _AFTER_VERB_WORDS and self.after_speech_verb(q):
            # "Clinton said, “as long as we’re not …”", "chanting “Dump Trump”": a
            # quotation handed straight to by a speech verb is speech even when it
            # opens in lower case.
            return True
        if te - ts < 2:
            return False
        s0 = self.sent_bounds[self.sent_of[ts]][0]
        s1 = self.sent_bounds[self.sent_of[te - 1]][1]
        total = sum(1 for t in doc[s0:s1] if not t.is_punct and not t.is_space)
        return words >= 3 and total > 0 and words / total >= _SPEECH_COVER

    def _title_inside(self, q: QuoteSpan, ts: int, te: int, alpha: list[Token],
                      words: int) -> bool:
        """A title woven into the writer's sentence ("On ABC’s “This Week,” Rubio
        said", "his book “Crippled America: How to Make America Great Again,”"): every
        word capitalised (short function words aside), the quotation does not open its
        sentence and no speech verb hands it over."""
        if not alpha or words > _TITLE_WORDS or not all(
                t.is_title or t.is_upper or t.is_stop and t.is_lower for t in alpha):
            return False
        if not any((t.is_title or t.is_upper) and not t.is_stop for t in alpha):
            return False  # "I’m not quite there yet": function words only
        lead = self.text[max(0, q.open_at - 40) : q.open_at].rstrip(" \t\u00a0")
        if not lead or lead[-1] in ".!?:\n”\"’»—-":
            return False
        if lead[-1] == ",":
            # "her new book, “Crippled America: …”" names a title in apposition;
            # "responds to Mills with, “Why now?”" hands over speech.
            j = self.tok(q.open_at) - 1
            while j > 0 and self.doc[j].text in (",",) + tuple(_MARKS):
                j -= 1
            if self.doc[j].pos_ not in ("NOUN", "PROPN"):
                return False
        return not self.after_speech_verb(q)

    def _cue_hugs(self, q: QuoteSpan, ts: int, te: int) -> bool:
        """Whether a speech verb holds the quotation from outside, whatever its length
        or case: "“Denver,” he answered.", "“Go back to Univision,” Trump barked",
        "said, ‘No.’" The comma (or ? !) hands over to a cue right after the closing
        mark, or a speech verb and its comma or colon open a quotation that closes its
        sentence."""
        doc, text = self.doc, self.text
        body = q.text.rstrip()
        if not body:
            return False
        last = body[-1]
        lead = text[max(0, q.open_at - 40) : q.open_at].rstrip(" \t\u00a0")
        # The quotation must open its sentence: a title inside the writer's sentence
        # ("on Fox News’ “Sunday Morning Futures,” Issa said") is handed over too.
        opens = not lead or lead[-1] in ".!?\n”\"’»"
        if opens and q.closed and q.close_end is not None and last in ",?!":
            j = self.tok(q.close_end)
            for k in range(j, min(len(doc), j + _HUG_TOKENS + 1)):
                t = doc[k]
                if t.is_punct or "\n" in t.text or t.is_space:
                    break
                if direct_cue(t, self.lex) and t.i > te:
                    # Its subject (or, inverted, the name after it) is right there.
                    subj = [c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")]
                    if k == j and k + 1 < len(doc) and doc[k + 1].pos_ in ("PROPN", "PRON", "DET"):
                        return True
                    return any(j <= c.i < k for c in subj) or (
                        k > j and all(x.pos_ in ("PROPN", "PRON", "DET", "ADJ", "NOUN")
                                      for x in doc[j:k]))
        if q.closed and last in ".?!" and body.lstrip("\"“'‘ ")[:1].isupper():
            j = self.tok(q.open_at) - 1
            if j >= 1 and doc[j].text in (",", ":") and direct_cue(doc[j - 1], self.lex):
                return True
        return False

    def after_speech_verb(self, q: QuoteSpan) -> bool:
        """Whether the opening mark follows a speech verb, maybe with its comma or colon
        ("said, “…”", "said “…”")."""
        j = self.tok(q.open_at) - 1
        doc = self.doc
        if j >= 0 and doc[j].text in (",", ":"):
            j -= 1
        return j >= 0 and direct_cue(doc[j], self.lex)

    def in_quotation(self, char: int, *, around: tuple[int, int]) -> bool:
        """Whether ``char`` lies inside the content of a speech quotation other than
        one holding ``around`` (the quotation whose speaker is sought: a speaker
        inside an outer block quotation is fine)."""
        i = bisect_right(self.span_starts, char) - 1
        for k in range(i, max(-1, i - _NEST_LOOKBACK), -1):
            q = self.spans[k]
            if q.start <= char < q.end and self.speech[k] \
                    and not (q.start <= around[0] and around[1] <= q.end):
                return True
        return False

    def spans_in(self, start: int, end: int) -> list[int]:
        """Indices of quote spans starting inside [start, end)."""
        i = bisect_left(self.span_starts, start)
        out = []
        while i < len(self.spans) and self.spans[i].start < end:
            out.append(i)
            i += 1
        return out


def _merge(spans: list[QuoteSpan], extra: list[QuoteSpan]) -> list[QuoteSpan]:
    """``spans`` plus the ``extra`` ones that overlap none of them, in text order."""
    if not extra:
        return spans
    starts = [q.open_at for q in spans]
    keep = []
    for q in extra:
        i = bisect_right(starts, q.open_at) - 1
        if i >= 0 and (spans[i].close_end or spans[i].end) > q.open_at:
            continue
        if i + 1 < len(spans) and spans[i + 1].open_at < q.end:
            continue
        keep.append(q)
    return sorted(spans + keep, key=lambda q: q.start)


def cue_text(tok: Token) -> str:
    """The cue as written: the verb with its particle ("point out")."""
    parts = [tok]
    for c in tok.children:
        if c.dep_ == "prt":
            parts.append(c)
    parts.sort(key=lambda t: t.i)
    return " ".join(t.text for t in parts)


def direct_cue(tok: Token, lex: CueLexicon) -> bool:
    """A verb that can cue a direct quotation (speech verbs and "continued")."""
    return is_cue_verb(tok, lex, cognition=False) or (
        tok.pos_ == "VERB" and tok.lemma_.lower() in lex.direct_only)

