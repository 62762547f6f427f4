"""Shared machinery of the quote passes: per-document lookups (sentences, paragraphs,
quotation spans by token), the raw attribution record, and speaker / relay spans."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from ...lexicon.cues import CueLexicon
from ...records import QuoteKind
from .grammar import is_cue_verb, noun_span, subject_of, via_of
from .marks import QuoteSpan, scan_label_singles, scan_quotes

__all__ = ["Ctx", "MARKS", "Raw", "cue_text", "direct_cue", "speaker_span", "via_texts"]

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
# An aside between a name and its subjectless cue ("Warren, a military spokesman in
# Baghdad, said") is at most this many tokens.
_ASIDE_TOKENS = 15
# Quotations looked back over to find one holding a character (they nest).
_NEST_LOOKBACK = 4
# A cue right after a handed-over quotation ("“…,” the former senator said") sits
# within this many tokens of the closing mark.
_HUG_TOKENS = 4
_REL_WORDS = frozenset({"who", "that", "which"})
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
        # Doc.text rebuilds the string on every access: read it once.
        self.text = text = doc.text
        self.ends = [t.idx + len(t.text) for t in doc]
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


def speaker_span(ctx: Ctx, verb: Token, *, outside: tuple[int, int] | None = None) -> tuple[int, int] | None:
    """Character span of the speaker of ``verb``: its subject (through conjunctions,
    relative clauses), or the owner of a statement noun ("the Times report says").
    ``outside``: the token range of a quotation the speaker cannot be inside."""
    if outside is not None:
        subj = subject_of(verb)
        if verb.i >= outside[1]:
            # "His final assessment: “…,” he said": the subject between the closing
            # mark and the cue wins over one the parser found further back.
            close = [c for c in verb.children
                     if c.dep_ in ("nsubj", "nsubjpass") and outside[1] <= c.i < verb.i]
            if close and (subj is None or subj.i != close[-1].i):
                a, b = noun_span(close[-1])
                return ctx.doc[a].idx, ctx.doc[b - 1].idx + len(ctx.doc[b - 1].text)
        if subj is None and verb.dep_ == "acl":
            # "His office put out a statement saying “…”", "sent a message to
            # supporters saying: “…”": the statement's owner, else the subject of the
            # verb the phrase hangs on.
            owner = next((c for c in verb.head.children if c.dep_ == "poss"), None) \
                if verb.head.lemma_.lower() in ctx.lex.statement_nouns else None
            up = verb.head
            for _ in range(3):
                if owner is not None or up.head.i == up.i:
                    break
                up = up.head
                if up.pos_ in ("VERB", "AUX"):
                    owner = subject_of(up)
                    break
            if owner is not None and not outside[0] <= owner.i < outside[1] \
                    and owner.i < verb.i:
                a, b = noun_span(owner)
                p0, p1 = ctx.para_toks(verb)
                if p0 <= a and b <= p1:
                    return ctx.doc[a].idx, ctx.doc[b - 1].idx + len(ctx.doc[b - 1].text)
        if subj is None or outside[0] <= subj.i < outside[1]:
            near = _nominal_near(ctx, verb, outside)
            if near is None and verb.i < outside[0]:
                near = _name_before(ctx, verb)
            return near
    subj = None
    up = verb.head
    if verb.dep_ == "conj" and up.dep_ == "ccomp" and is_cue_verb(up.head, ctx.lex, cognition=False) \
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        # "Medinsky said that X had agreed … but said …": the parser hangs the second
        # cue on the reported verb; its speaker is the first cue's.
        subj = subject_of(up.head)
    if subj is None:
        subj = subject_of(verb)
    if subj is None:
        # Inverted order ("…," said Rudenko): a proper noun right after the verb.
        for c in verb.rights:
            if c.dep_ in ("dobj", "attr", "npadvmod", "nsubj") and c.pos_ == "PROPN":
                subj = c
                break
    if subj is None:
        return None
    rel = _relative_pronoun(subj, verb)
    if subj.lemma_.lower() in ctx.lex.statement_nouns:
        for c in subj.children:
            if c.dep_ in ("poss", "compound") and c.pos_ in ("PROPN", "NOUN"):
                subj = c
                break
    a, b = noun_span(subj)
    doc = ctx.doc
    p0, p1 = ctx.para_toks(verb)
    if not p0 <= subj.i < p1:
        return None
    a, b = max(a, p0), min(b, p1)
    while a < b and (doc[a].text in _MARKS or doc[a].is_space):
        a += 1
    while b > a and (doc[b - 1].text in _MARKS or doc[b - 1].is_punct):
        b -= 1
    if a >= b:
        return None
    span = doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text)
    if rel is not None and p0 <= rel.i < p1:
        # "Mike Lee, who declared …": the speaker span is the relative pronoun, as a
        # "he" is; the person is resolved through the noun it stands for.
        own = rel.idx, rel.idx + len(rel.text)
        ctx.antecedents[own] = span
        return own
    return span


def _relative_pronoun(subj: Token, verb: Token) -> Token | None:
    """The relative pronoun ("who") that made ``subj`` the subject of ``verb``, if
    any: ``subj`` heads the relative clause holding ``verb``."""
    tok = verb
    for _ in range(4):
        if tok.dep_ == "relcl" and tok.head.i == subj.i:
            return next((c for c in tok.children
                         if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in _REL_WORDS), None)
        if tok.head.i == tok.i:
            return None
        tok = tok.head
    return None


def _nominal_near(ctx: Ctx, verb: Token, quote: tuple[int, int]) -> tuple[int, int] | None:
    """A mis-parsed direct attribution ("“…,” Ramos, 58, told AFP"): the first noun
    phrase between the quotation and the cue, else right after the cue ("said Day")."""
    doc = ctx.doc
    lo, hi = (quote[1], verb.i) if verb.i >= quote[1] else (verb.i + 1, quote[0])
    # Right after the cue, but never inside the quotation itself ("said “I …”": the
    # "I" is the quotation's, not the speaker).
    after = min(len(doc), verb.i + 6)
    if verb.i < quote[0]:
        after = min(after, quote[0])
    ranges = [(lo, hi)]
    if verb.i < quote[0] and verb.i + 1 < len(doc) and doc[verb.i + 1].pos_ == "ADP":
        # "tweeted in response: “…”": a noun behind a preposition is no speaker.
        ranges = []
    elif verb.i < quote[0] and any(c.dep_ == "ccomp" and verb.i < c.left_edge.i < quote[0]
                                 for c in verb.children):
        # "saying the U.S. “does not …”": the noun between is the reported clause's.
        ranges = []
    if verb.i + 1 < len(doc) and doc[verb.i + 1].pos_ != "ADP" and not (
            verb.i < quote[0] and doc[verb.i + 1].pos_ == "PRON"):
        # "said Day", not "adding of Mr. Trump" (a noun behind a preposition) nor "put
        # it, “…”" / "told him, “…”" (before the quotation, a pronoun after the verb is
        # its object; after it, "“…,” tweeted another" is the inverted subject).
        ranges.append((verb.i + 1, after))
    for a, b in ranges:
        j = a
        while j < b and (doc[j].pos_ not in ("PROPN", "NOUN", "PRON")
                         or doc[j].lower_ in _REL_WORDS):
            j += 1
        if j >= b:
            continue
        k = j
        while k + 1 < b and doc[k + 1].pos_ in ("PROPN", "NOUN") and doc[k + 1].text not in _MARKS:
            k += 1
        start = j
        while start > a and doc[start - 1].pos_ in ("DET", "ADJ", "PROPN", "NOUN", "PUNCT") \
                and doc[start - 1].text not in _MARKS and doc[start - 1].text not in ",.;:":
            start -= 1
        return doc[start].idx, doc[k].idx + len(doc[k].text)
    return None


def _name_before(ctx: Ctx, verb: Token) -> tuple[int, int] | None:
    """A cue the parser left without subject ("Rep. Paul Ryan (R-WI) said “…”"): the
    name or pronoun right before it (over auxiliaries and a bracketed aside). A comma
    in between means an aside ended there, whose last noun is not the speaker."""
    doc = ctx.doc
    j = verb.i - 1
    while j >= 0 and doc[j].dep_ in ("aux", "auxpass", "neg", "advmod") and doc[j].pos_ != "PUNCT":
        j -= 1
    if j >= 1 and doc[j].text == "," and doc[j - 1].ent_type_ == "PERSON":
        # "her adviser, Jake Sullivan, said": a name in apposition, between commas,
        # speaks ("asked about journalists under Mr. Putin, had said" is an aside).
        k = j - 1
        while k > 0 and doc[k - 1].ent_type_ == "PERSON" and j - k < 5:
            k -= 1
        if k > 0 and doc[k - 1].text == ",":
            j -= 1
    if j >= 1 and doc[j].text == ",":
        # "Col. Steven Warren, a military spokesman in Baghdad, said" / "Mr. Trump,
        # asked about …, had said": over one aside between commas, to the name that
        # ends the stretch before it.
        p0, _ = ctx.para_toks(verb)
        k = j - 1
        while k >= p0 and j - k <= _ASIDE_TOKENS and doc[k].text not in (",", ".", ";", ":") \
                and not doc[k].is_space:
            k -= 1
        if k >= p0 + 1 and doc[k].text == "," and j - k > 1 \
                and doc[k - 1].ent_type_ == "PERSON" and (
                    doc[j - 1].ent_type_ != "PERSON"
                    or any(t.pos_ == "VERB" for t in doc[k + 1 : j])):
            j = k - 1
    if j >= 1 and doc[j].text == "," and doc[j - 1].text == ")":
        j -= 1  # "Gov. John Kasich (R-OH), said"
    if j >= 0 and doc[j].text == ")":
        k = j
        while k > max(-1, j - 8) and doc[k].text != "(":
            k -= 1
        j = k - 1 if k >= 0 and doc[k].text == "(" else -1
    if j < 0 or doc[j].pos_ not in ("PROPN", "PRON") or doc[j].lower_ in _REL_WORDS:
        # A relative or demonstrative pronoun is no speaker span: its antecedent, when
        # it has one, came through the parse (``subject_of``).
        return None
    p0, _ = ctx.para_toks(verb)
    a = j
    while a - 1 >= p0 and doc[a - 1].pos_ == "PROPN" or (
        a - 1 >= p0 and doc[a - 1].text in (".",) and a - 2 >= p0 and doc[a - 2].pos_ == "PROPN"
    ):
        a -= 1
    if doc[j].pos_ == "PRON":
        a = j
    return doc[a].idx, doc[j].idx + len(doc[j].text)


def via_texts(ctx: Ctx, verb: Token, content_end_tok: int, speaker: tuple[int, int] | None) -> list[str]:
    doc = ctx.doc
    out: list[str] = []
    for a, b in via_of(verb, content_end_tok, ctx.lex):
        if a >= b:
            continue
        p0, p1 = ctx.para_toks(verb)
        if not (p0 <= a and b <= p1):
            continue  # a relay in another paragraph is a parse running over a break
        # "news outlet Pravda": the name after a descriptive head belongs to it.
        while b < p1 and doc[b].pos_ == "PROPN":
            b += 1
        s, e = doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text)
        if speaker is not None and s < speaker[1] and speaker[0] < e:
            continue
        words = ctx.text[s:e].strip()
        if words and words not in out:
            out.append(words)
    return out


def direct_cue(tok: Token, lex: CueLexicon) -> bool:
    """A verb that can cue a direct quotation (speech verbs and "continued")."""
    return is_cue_verb(tok, lex, cognition=False) or (
        tok.pos_ == "VERB" and tok.lemma_.lower() in lex.direct_only)


