"""Quote attribution: who said what, direct and indirect, resolved to a person.

Two passes over one parsed article, both linear:

1. **Direct quotes.** Quotation marks are scanned (:mod:`.quotes_marks`). A quoted
   stretch that reads as speech (a full clause, or most of its sentence) looks for its
   cue right after the closing mark (``"…," he said``) or before the opening one
   (``Kuleba said: "…"``). A speech quote with no cue takes the speaker of the adjacent
   attribution (the previous quote of its paragraph, else the last one of the paragraph
   before). Short quoted fragments ("ultimatum") are never quotes on their own.
2. **Indirect quotes.** A cue verb with a clausal complement (``X said (that) CLAUSE``,
   ``X refuted these claims and said …``, ``responded … by saying …``) and ``according
   to X, CLAUSE``. Quoted fragments inside the clause make it ``mixed``.

Speakers are resolved in text order by :class:`.quotes_speaker.SpeakerResolver`;
reporting chains ("…, according to Interfax"; "The Times reported that X said …") go to
``via``. Bad input (odd marks, endless quotations, no speaker anywhere) never raises.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from ..records import Article, Mention, Quote
from .claims import claims_from_quotes
from .quotes_lexicon import CueLexicon, load_cues
from .quotes_marks import QuoteSpan, scan_quotes
from .quotes_parse import content_children, is_cue_verb, noun_span, subject_of, via_of
from .quotes_speaker import SpeakerResolver

__all__ = ["claims_from_quotes", "extract_quotes"]

# A cue is looked for this many tokens after a closing mark / before an opening one.
_AFTER_WINDOW = 20
_BEFORE_WINDOW = 30
# A quoted stretch covering this share of its sentence(s) is speech even if short.
_SPEECH_COVER = 0.5
# Marks are kept out of content and speaker spans.
_MARKS = frozenset("\"“”„«»‘’'")
_SPEECH_NOUNS = frozenset({"claim", "allegation", "accusation", "report", "remark", "comment",
                           "statement", "charge", "suggestion", "question", "rumor", "rumour"})
_OBJ_DEPS = frozenset({"dobj", "xcomp", "oprd", "dative"})
# Tuning switches (measured on PolNeAR train, see docs/quotes.md).
OBJECT_CONTENT = True
XCOMP_CONTENT = True
MIN_CONTENT = 1
KEEP_UNSPOKEN = False
_NEWLINES = re.compile(r"\n[\s]*")


@dataclass(slots=True)
class _Raw:
    """An attribution before speaker resolution."""

    start: int
    end: int
    cue: Token | None
    cue_text: str | None
    speaker: tuple[int, int] | None  # char span
    quote_type: str
    via: list[str]
    sent: tuple[int, int]
    confidence: float
    inherit: bool = False  # no cue of its own: takes the adjacent speaker
    para: int = 0
    extra: dict[str, object] = field(default_factory=dict)


class _Ctx:
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
        self.spans = scan_quotes(text)
        self.span_starts = [q.start for q in self.spans]
        self.speech = [self._is_speech(q) for q in self.spans]

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
        head = q.text.lstrip("\"“'‘ ")[:1]
        if head.isupper() and q.text.rstrip()[-1:] in (",", "?", "!"):
            return True  # "“No,” he said": the comma hands over to the cue
        alpha = [t for t in doc[ts:te] if t.is_alpha]
        if words <= 5 and alpha and all(t.is_title or t.is_stop and t.is_lower for t in alpha):
            return False  # a title or a name in marks ("Gang of Eight")
        first = q.text.lstrip("\"“'‘ ")[:1]
        if first.isupper() and q.text.rstrip()[-1:] in (",", "?", "!"):
            return True  # "“No,” he said": the comma hands over to the cue
        # A capital opening and a clause's length: a sentence quoted whole.
        if first.isupper() and words >= 3 and not all(t.pos_ == "PROPN" for t in doc[ts:te] if t.is_alpha):
            return True
        before = self.text[max(0, q.open_at - 3) : q.open_at].strip()
        if before.endswith(":") and words >= 2:
            return True
        if te - ts < 2:
            return False
        s0 = self.sent_bounds[self.sent_of[ts]][0]
        s1 = self.sent_bounds[self.sent_of[te - 1]][1]
        total = sum(1 for t in doc[s0:s1] if not t.is_punct and not t.is_space)
        return words >= 3 and total > 0 and words / total >= _SPEECH_COVER

    def spans_in(self, start: int, end: int) -> list[int]:
        """Indices of quote spans starting inside [start, end)."""
        i = bisect_left(self.span_starts, start)
        out = []
        while i < len(self.spans) and self.spans[i].start < end:
            out.append(i)
            i += 1
        return out


def _cue_text(tok: Token) -> str:
    """The cue as written: the verb with its particle ("point out")."""
    parts = [tok]
    for c in tok.children:
        if c.dep_ == "prt":
            parts.append(c)
    parts.sort(key=lambda t: t.i)
    return " ".join(t.text for t in parts)


def _speaker_span(ctx: _Ctx, verb: Token, *, outside: tuple[int, int] | None = None) -> tuple[int, int] | None:
    """Character span of the speaker of ``verb``: its subject (through conjunctions,
    relative clauses), or the owner of a statement noun ("the Times report says").
    ``outside``: the token range of a quotation the speaker cannot be inside."""
    if outside is not None:
        subj = subject_of(verb)
        if subj is None or outside[0] <= subj.i < outside[1]:
            return _nominal_near(ctx, verb, outside)
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
    return doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text)


def _nominal_near(ctx: _Ctx, verb: Token, quote: tuple[int, int]) -> tuple[int, int] | None:
    """A mis-parsed direct attribution ("“…,” Ramos, 58, told AFP"): the first noun
    phrase between the quotation and the cue, else right after the cue ("said Day")."""
    doc = ctx.doc
    lo, hi = (quote[1], verb.i) if verb.i >= quote[1] else (verb.i + 1, quote[0])
    ranges = [(lo, hi), (verb.i + 1, min(len(doc), verb.i + 6))]
    for a, b in ranges:
        j = a
        while j < b and doc[j].pos_ not in ("PROPN", "NOUN", "PRON"):
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


def _via_texts(ctx: _Ctx, verb: Token, content_end_tok: int, speaker: tuple[int, int] | None) -> list[str]:
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


def _direct_cue(tok: Token, lex: CueLexicon) -> bool:
    """A verb that can cue a direct quotation (speech verbs and "continued")."""
    return is_cue_verb(tok, lex, cognition=False) or (
        tok.pos_ == "VERB" and tok.lemma_.lower() in lex.direct_only)


def _find_cue_after(ctx: _Ctx, q: QuoteSpan) -> Token | None:
    doc = ctx.doc
    te = ctx.tok(q.close_at + 1) if q.close_at is not None else ctx.tok(q.end)
    last = q.text.rstrip()[-1:]
    if last == ".":
        return None  # the quotation closed its sentence: a cue after it is the next one's
    if last in "?!" and te < len(doc) and not doc[te].is_lower:
        return None
    for j in range(te, min(len(doc), te + _AFTER_WINDOW)):
        t = doc[j]
        # A new paragraph or a new opening mark ends the search.
        if "\n" in t.text or t.text in ("“", "„", "«") or (t.text == '"' and j > te):
            return None
        if _direct_cue(t, ctx.lex):
            return t
        if t.text in (".", "?", "!") and j > te:
            return None
    return None


def _find_cue_before(ctx: _Ctx, q: QuoteSpan) -> Token | None:
    doc = ctx.doc
    ts = ctx.tok(q.open_at)
    s0 = ctx.sent_bounds[ctx.sent_of[min(ts, len(doc) - 1)]][0] if len(doc) else 0
    para0 = ctx.para_starts[ctx.para_of(q.open_at)]
    colon = ctx.text[max(0, q.open_at - 3) : q.open_at].strip().endswith(":")
    lo = max(s0, ts - _BEFORE_WINDOW)
    for j in range(ts - 1, lo - 1, -1):
        t = doc[j]
        if t.idx < para0 or t.text in "”»":
            break
        if _direct_cue(t, ctx.lex) and (colon or t.right_edge.i >= ts):
            return t
    if colon and ts > s0:
        # "She then addressed the supporters again: “…”": the colon hands the
        # quotation to the sentence's subject whatever its verb.
        root = doc[ts - 1].sent.root
        if root.pos_ in ("VERB", "AUX") and root.i < ts and subject_of(root) is not None \
                and root.idx >= para0:
            return root
    if q.open_at > para0 + 2 or not para0:
        return None
    # A quotation opening its paragraph, introduced at the end of the one before
    # ("In a statement, Cruz said:" / "He told reporters,").
    prev_end = para0 - 1
    while prev_end > 0 and ctx.text[prev_end].isspace():
        prev_end -= 1
    if ctx.text[prev_end] not in ":,":
        return None
    j = ctx.tok(prev_end)
    for k in range(min(j, len(doc) - 1), max(-1, j - _BEFORE_WINDOW), -1):
        t = doc[k]
        if t.text in "”»\"" or "\n" in t.text:
            return None
        if _direct_cue(t, ctx.lex):
            return t
    return None


def _direct(ctx: _Ctx) -> tuple[list[_Raw], set[int]]:
    """Pass 1: quotation marks that hold speech."""
    doc = ctx.doc
    out: list[_Raw] = []
    used_cues: set[int] = set()
    for k, q in enumerate(ctx.spans):
        if not ctx.speech[k]:
            continue
        start, end = q.start, q.end
        if not q.closed:
            # An unclosed mark: keep the quotation to its own sentence (or paragraph).
            ts = ctx.tok(start)
            if ts >= len(doc):
                continue
            s_end = ctx.sent_bounds[ctx.sent_of[ts]][1]
            end = min(end, doc[s_end - 1].idx + len(doc[s_end - 1].text))
        # Drop trailing commas/periods inside the marks from the content.
        while end > start and ctx.text[end - 1] in ",;: ":
            end -= 1
        ts, te = ctx.tok_range(start, end)
        cue = _find_cue_after(ctx, q) if q.closed else None
        if cue is None:
            cue = _find_cue_before(ctx, q)
        sent = ctx.sent_char_span(ts, te)
        if cue is None:
            out.append(_Raw(start, end, None, None, None, "direct", [], sent, 0.6,
                            inherit=True, para=ctx.para_of(q.open_at)))
            continue
        used_cues.add(cue.i)
        speaker = _speaker_span(ctx, cue, outside=(ts, te))
        via = _via_texts(ctx, cue, te, speaker)
        sent = ctx.sent_char_span(min(ts, cue.i), max(te, cue.i + 1))
        out.append(_Raw(start, end, cue, _cue_text(cue), speaker, "direct", via, sent,
                        0.9 if speaker else 0.6, para=ctx.para_of(q.open_at)))
    return out, used_cues


def _content_range(ctx: _Ctx, verb: Token) -> tuple[int, int] | None:
    """Token range of what ``verb`` attributes: its clausal complement(s), without a
    leading "that" and trailing punctuation; or, when the cue comes last ("…, sources
    said"), the clause it is attached to."""
    doc = ctx.doc
    p0, p1 = ctx.para_toks(verb)
    kids = [k for k in content_children(verb, ctx.lex) if p0 <= k.i < p1]
    if kids:
        a = min(k.left_edge.i for k in kids)
        b = max(k.right_edge.i for k in kids) + 1
        for c in kids[-1].rights:
            # "said that X had agreed … but said Y": the second cue is not content.
            if c.dep_ == "conj" and c.i > verb.i and is_cue_verb(c, ctx.lex, cognition=False):
                b = min(b, c.left_edge.i)
                while b > a and doc[b - 1].dep_ in ("cc", "punct"):
                    b -= 1
                break
    elif verb.dep_ in ("parataxis",) and verb.head.i < verb.i and verb.head is not verb:
        head = verb.head
        a = head.left_edge.i
        b = verb.left_edge.i
    elif OBJECT_CONTENT and verb.lemma_.lower() in ctx.lex.speech:
        # "accused Trump of lying", "urged Ukraine not to negotiate": with no clause, a
        # speech verb's object and what follows it is what it attributes.
        if verb.dep_ in ("ccomp", "advcl", "conj", "parataxis") and verb.head.i < verb.i \
                and is_cue_verb(verb.head, ctx.lex):
            return None  # "…, first reported Pravda": a relay after someone's content
        objs = [c for c in verb.rights if c.dep_ in _OBJ_DEPS]
        if not objs or objs[0].dep_ == "xcomp" and not XCOMP_CONTENT \
                or objs[0].lemma_.lower() in _SPEECH_NOUNS:
            # "refuted these claims": a reference to earlier speech, not content.
            return None
        a = objs[0].left_edge.i
        b = objs[0].right_edge.i + 1
        for c in verb.rights:
            if c.i < objs[0].i:
                continue
            if c.dep_ in ("cc", "conj") or (c.dep_ == "punct" and c.i > objs[0].i):
                break  # "... and said ...": a second verb is not the first one's content
            b = max(b, c.right_edge.i + 1)
        s1 = ctx.sent_bounds[ctx.sent_of[verb.i]][1]
        b = min(b, s1)
    else:
        return None
    a, b = max(a, p0), min(b, p1)
    while a < b and (doc[a].dep_ == "mark" and doc[a].lower_ in ("that", "whether", "if")
                     or doc[a].is_punct or doc[a].is_space):
        a += 1
    while b > a and (doc[b - 1].is_punct or doc[b - 1].is_space) and doc[b - 1].text not in "”»\"":
        b -= 1
    if b - a < MIN_CONTENT:
        return None
    return a, b


def _trailing_according(ctx: _Ctx, a: int, b: int, via: list[str]) -> tuple[int, int, list[str]]:
    """"X said the talks had stopped, according to Interfax": a relay phrase parsed
    into the content goes to ``via`` (only the last few tokens are looked at)."""
    doc = ctx.doc
    for j in range(max(a + 1, b - 8), b - 1):
        if doc[j].lower_ == "according" and doc[j + 1].lower_ == "to":
            from .quotes_parse import according_source

            src = according_source(doc[j], ctx.lex)
            if src is None:
                break
            sa, sb = noun_span(src)
            name = ctx.text[doc[sa].idx : doc[sb - 1].idx + len(doc[sb - 1].text)]
            nb = j
            while nb > a and (doc[nb - 1].is_punct or doc[nb - 1].is_space):
                nb -= 1
            if nb > a:
                return a, nb, [*via, name] if name not in via else via
            break
    return a, b, via


def _is_chain(ctx: _Ctx, verb: Token) -> bool:
    """"The Times reported that X said …": the outer cue only relays the inner one."""
    kids = content_children(verb, ctx.lex)
    if len(kids) != 1:
        return False
    inner = kids[0]
    return is_cue_verb(inner, ctx.lex, cognition=False) and bool(content_children(inner, ctx.lex)) \
        and subject_of(inner) is not None and subject_of(inner).i != verb.i


def _indirect(ctx: _Ctx, used_cues: set[int], direct: list[_Raw]) -> list[_Raw]:
    """Pass 2: cue verbs with clauses, and "according to X"."""
    doc = ctx.doc
    lex = ctx.lex
    out: list[_Raw] = []
    direct_spans = sorted((r.start, r.end) for r in direct)
    d_starts = [s for s, _ in direct_spans]

    def in_direct(char: int) -> bool:
        i = bisect_right(d_starts, char) - 1
        return i >= 0 and direct_spans[i][0] <= char < direct_spans[i][1]

    frag_spans = [(q.start, q.end) for k, q in enumerate(ctx.spans) if not ctx.speech[k]]
    f_starts = [a for a, _ in frag_spans]

    def in_fragment(char: int) -> bool:
        i = bisect_right(f_starts, char) - 1
        return i >= 0 and frag_spans[i][0] <= char < frag_spans[i][1]

    for tok in doc:
        if tok.i in used_cues or in_direct(tok.idx):
            continue
        if in_fragment(tok.idx):
            continue  # he "urged": a quoted word inside someone's attributed content
        if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            r = _according(ctx, tok, in_direct)
            if r is not None:
                out.append(r)
            continue
        if not is_cue_verb(tok, lex):
            continue
        rng = _content_range(ctx, tok)
        if rng is None or _is_chain(ctx, tok):
            continue
        a, b = rng
        cs, ce = doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text)
        if in_direct(cs) and in_direct(ce - 1):
            continue
        speaker = _speaker_span(ctx, tok)
        if speaker is None and not KEEP_UNSPOKEN and not any(c.dep_ == "auxpass" for c in tok.children):
            continue
        cognition = tok.lemma_.lower() not in lex.speech
        frag = [k for k in ctx.spans_in(cs, ce) if not ctx.speech[k]]
        via = _via_texts(ctx, tok, b, speaker)
        a, b, via = _trailing_according(ctx, a, b, via)
        cs, ce = doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text)
        lo, hi = min(a, tok.i), max(b, tok.i + 1)
        conf = (0.5 if cognition else 0.75) if speaker else 0.35
        out.append(_Raw(cs, ce, tok, _cue_text(tok), speaker, "mixed" if frag else "indirect",
                        via, ctx.sent_char_span(lo, hi), conf, para=ctx.para_of(cs)))
    return out


def _according(ctx: _Ctx, tok: Token, in_direct) -> _Raw | None:  # type: ignore[no-untyped-def]
    """"According to X, CLAUSE" / "CLAUSE, according to X" when the clause has no cue
    verb of its own (then X is a relay, handled as ``via``)."""
    from .quotes_parse import according_source

    doc = ctx.doc
    src = according_source(tok, ctx.lex)
    if src is None:
        return None
    head = tok.head
    if head is tok:
        return None
    anc = head
    for _ in range(4):
        # "Rudenko said the talks had stopped, according to Interfax": a relay.
        if is_cue_verb(anc, ctx.lex):
            return None
        if anc.head is anc:
            break
        anc = anc.head
    s0, s1 = ctx.sent_bounds[ctx.sent_of[tok.i]]
    phrase_a, phrase_b = tok.left_edge.i, tok.right_edge.i + 1
    a, b = head.left_edge.i, head.right_edge.i + 1
    a, b = max(a, s0), min(b, s1)
    if phrase_a <= a:
        a = phrase_b
    elif phrase_b >= b:
        b = phrase_a
    while a < b and (doc[a].is_punct or doc[a].is_space):
        a += 1
    while b > a and (doc[b - 1].is_punct or doc[b - 1].is_space):
        b -= 1
    if b - a < 3:
        return None
    cs, ce = doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text)
    if in_direct(cs):
        return None
    sa, sb = noun_span(src)
    speaker = (doc[sa].idx, doc[sb - 1].idx + len(doc[sb - 1].text))
    frag = [k for k in ctx.spans_in(cs, ce) if not ctx.speech[k]]
    return _Raw(cs, ce, tok, "according to", speaker, "mixed" if frag else "indirect", [],
                ctx.sent_char_span(min(a, tok.i), max(b, phrase_b)), 0.6, para=ctx.para_of(cs))


def extract_quotes(doc: Doc, *, article: Article, mentions: Sequence[Mention]) -> list[Quote]:
    """All quotes of ``doc`` (parsed from the masked ``article`` text), in text order."""
    if not len(doc):
        return []
    lex = load_cues()
    ctx = _Ctx(doc, lex)
    direct, used = _direct(ctx)
    raws = direct + _indirect(ctx, used, direct)
    raws.sort(key=lambda r: (r.start, r.end))
    resolver = SpeakerResolver(doc, mentions, lex, text=ctx.text)
    text = ctx.text
    quotes: list[Quote] = []
    seen: set[tuple[int, int]] = set()
    last_by_para: dict[int, tuple[tuple[int, int] | None, object, int]] = {}
    pending: list[_Raw] = []
    resolved: list[tuple[_Raw, tuple[int, int] | None, object]] = []
    for r in raws:
        if (r.start, r.end) in seen:
            continue
        seen.add((r.start, r.end))
        if r.inherit:
            prev = last_by_para.get(r.para) or last_by_para.get(r.para - 1) \
                or last_by_para.get(r.para - 2)
            if prev is not None:
                resolved.append((r, prev[0], prev[1]))
                resolver.remember(prev[1], r.start, text[prev[0][0]:prev[0][1]] if prev[0] else "")  # type: ignore[arg-type]
            else:
                pending.append(r)
                resolved.append((r, None, None))
            continue
        actor = resolver.resolve(r.speaker[0], r.speaker[1], r.start) if r.speaker else None
        resolved.append((r, r.speaker, actor))
        if r.speaker is not None:
            last_by_para[r.para] = (r.speaker, actor, r.start)
            # A cueless quote earlier in the same paragraph belongs to this speaker
            # ("“…” Kuleba said. “…”" is handled above; "“…” / “…,” he said" here).
    # Second chance for cueless quotes: the next attribution in their paragraph.
    final: list[Quote] = []
    for r, span, actor in resolved:
        if r.inherit and span is None:
            nxt = last_by_para.get(r.para)
            if nxt is not None and nxt[2] > r.start:
                span, actor = nxt[0], nxt[1]
        final.append(_record(article, r, span, actor))  # type: ignore[arg-type]
    quotes = final
    return quotes


def _record(article: Article, r: _Raw, span: tuple[int, int] | None, actor) -> Quote:  # type: ignore[no-untyped-def]
    text = article.text
    cue = r.cue
    if r.cue_text == "according to" and cue is not None:
        cue_s, cue_e = cue.idx, cue.idx + len("according to")
    elif cue is not None:
        cue_s, cue_e = cue.idx, cue.idx + len(cue.text)
    else:
        cue_s = cue_e = None
    inherited = r.inherit and span is not None
    return Quote(
        article_id=article.id,
        id=f"q{r.start}",
        start=r.start,
        end=r.end,
        text=text[r.start:r.end],
        cue_start=cue_s,
        cue_end=cue_e,
        cue=r.cue_text,
        speaker_start=span[0] if span else None,
        speaker_end=span[1] if span else None,
        speaker_text=text[span[0]:span[1]] if span else None,
        speaker=actor,
        quote_type=r.quote_type,  # type: ignore[arg-type]
        via=tuple(r.via),
        sentence_start=r.sent[0],
        sentence_end=r.sent[1],
        confidence=round(r.confidence * (0.8 if inherited else 1.0), 2),
    )
