"""Pass 1 of quote attribution: quotation marks that hold speech, and their cues.

A quoted stretch that reads as speech looks for its cue right after the closing mark
("“…,” he said", "“…,” according to X"), before the opening one ("Kuleba said: “…”",
"said, “…”", "According to X, “…”"), at the end of the paragraph before ("Stated Stone:"
/ quotation paragraph), or a speaker label ("Jones: “…”", "Rep. Dana Ortiz (D-N.M.):"
as a paragraph of its own). Windows are bounded, so the pass is linear.
"""

from __future__ import annotations

from spacy.tokens import Token

from ...lexicon import load_data
from .attribution import speaker_span, via_texts
from .context import MARKS, Ctx, Raw, cue_text, direct_cue
from .grammar import according_source, agent_of, noun_span, subject_of
from .marks import QuoteSpan

__all__ = ["direct_pass", "is_thing"]

# A cue is looked for this many tokens after a closing mark / before an opening one.
_AFTER_WINDOW = 20
_BEFORE_WINDOW = 30
_MARKS = MARKS
# "According to X," is looked for this many tokens before an opening mark.
_ACCORDING_WINDOW = 12
# A speaker line of a transcript ("Rep. Trey Gowdy (R-S.C.):") is at most this long.
_LABEL_CHARS = 60
# A label opening its paragraph before a colon and a quotation: at most this many tokens.
_LABEL_TOKENS = 10
# Word classes that open a scene-setting phrase rather than a name.
_NOT_LABEL_START = frozenset({"ADV", "ADP", "SCONJ", "CCONJ", "PART"})
# A quotation paragraph after a paragraph ending in a colon takes that sentence's
# subject when it is a name or a role ("President Clinton released the following
# statement:"), whatever the verb.
PARA_COLON_SUBJECT = True
# "X cracked, “…”": any finite verb with its subject before a comma and a quotation
# that closes its sentence is the cue.
COMMA_VERB = True
# "Bystrom agreed." before a quotation: at most this many tokens.
_BARE_CUE_TOKENS = 30
# Aspect verbs that cue a quotation only through a comma or colon ("and he goes, “…”";
# "the deal goes “nowhere near far enough”" is no quotation of "goes").
_ASPECT_CUES = frozenset(load_data("quote_words.toml")["aspect_cues"])
# Entity types that never speak.
_NOT_SPEAKER_ENTS = frozenset({"DATE", "TIME"})


def _find_cue_after(ctx: Ctx, q: QuoteSpan) -> Token | None:
    doc = ctx.doc
    te = ctx.tok(q.close_end) if q.close_end is not None else ctx.tok(q.end)
    last = q.text.rstrip()[-1:]
    after = ctx.text[q.close_end : q.close_end + 3].lstrip(" \u00a0") if q.close_end else ""
    if last == "." and after[:1].islower():
        # "“… beyond reproach.” this look-alike declared": the sentence runs on, so the
        # full stop hands over like a comma.
        last = ","
    if last == ".":
        # The quotation closed its sentence: a cue after it is the next sentence's,
        # unless that sentence is only the attribution ("“….” Trump said.").
        for j in range(te, min(len(doc), te + 5)):
            t = doc[j]
            if t.text in (".", "!", "?", "\n") or "\n" in t.text or t.text in _MARKS:
                break
            if direct_cue(t, ctx.lex):
                k = j + 1
                while k < len(doc) and k <= j + 3 and doc[k].pos_ in ("PROPN", "PRON"):
                    k += 1
                if k >= len(doc) or doc[k].text == "." or "\n" in doc[k].text:
                    return t
                break
        return None
    window = _AFTER_WINDOW
    if last in "?!" and te < len(doc) and not doc[te].is_lower:
        window = 8  # "“…!” US Senator Jeff Sessions said": a short attribution only
    handover = last in ",?!"
    for j in range(te, min(len(doc), te + window)):
        t = doc[j]
        # A new paragraph or a new opening mark ends the search.
        if "\n" in t.text or t.text in ("“", "„", "«") or (t.text in ('"', "''") and j > te):
            return None
        if direct_cue(t, ctx.lex):
            if t.tag_ == "VBG" and j == te and (_colon_lead(ctx, q) or ctx.after_speech_verb(q)):
                # "she stated, “…,” adding, “…”": the participle continues the
                # attribution before the quotation; it is the next one's cue.
                return None
            if last in "?!" and _opens_next(ctx, t):
                # "“…?” Mills then writes back, “…”": the next one's cue ("“…,” he
                # said, “…”" is one quotation split by its cue).
                return None
            return t
        if j <= te + 1 and t.lower_ == "according" and handover:
            return t  # "“…,” according to a court filing": the source is the speaker
        if handover and t.pos_ == "VERB" and t.dep_ in ("ROOT", "conj", "parataxis") and (
            any(c.dep_ == "nsubj" and te <= c.i < t.i for c in t.children)
            or j == te and not (t.tag_ == "VBG"
                                and (_colon_lead(ctx, q) or ctx.after_speech_verb(q)))
        ) and not (last in "?!" and _opens_next(ctx, t)):
            # "“…,” Trump barked": after a quotation handed over with a comma, the
            # first verb with its subject right there is the cue, whatever the verb.
            return t
        if t.text in (".", "?", "!") and j > te:
            return None
    return None


def _dash_label(ctx: Ctx, ts: int, s0: int) -> bool:
    """Whether a name stands between a dash and the colon before the quotation
    ("Pollsters agree - Carl Bialik: “…”", digests): it is the speaker, not the
    sentence's subject."""
    doc = ctx.doc
    j = ts - 1
    while j > s0 and (doc[j].text == ":" or doc[j].is_space):
        j -= 1
    k = j
    while k > s0 and j - k < 7 and doc[k - 1].text not in ("-", "–", "—"):
        k -= 1
    if k <= s0 or doc[k - 1].text not in ("-", "–", "—") or j - k >= 7:
        return False
    label = doc[k : j + 1]
    return any(t.pos_ == "PROPN" for t in label) and not any(
        t.pos_ in ("VERB", "AUX") for t in label)


def _that_cue(ctx: Ctx, q: QuoteSpan) -> Token | None:
    """"Trump claimed on Tuesday that “…,” one prosecutor said": a quotation opening a
    that-clause belongs to the speech verb that governs the clause, whatever follows."""
    doc = ctx.doc
    j = ctx.tok(q.open_at) - 1
    if j < 1 or doc[j].lower_ != "that" or doc[j].dep_ != "mark":
        return None
    head = doc[j].head
    for _ in range(2):
        if head.dep_ != "ccomp" or head.head.i == head.i:
            break
        head = head.head
        if direct_cue(head, ctx.lex) and head.i < j:
            return head
    return None


def _opens_next(ctx: Ctx, verb: Token) -> bool:
    """Whether ``verb`` hands a comma or colon to the next quotation ("Mills then
    writes back, “…”"): then it is that quotation's cue, not the previous one's."""
    doc = ctx.doc
    j = verb.i + 1
    while j < len(doc) and j <= verb.i + 3 and doc[j].dep_ in ("prt", "advmod") \
            and not doc[j].is_punct:
        j += 1
    return j + 1 < len(doc) and doc[j].text in (",", ":") and doc[j + 1].text in (
        "“", '"', "''", "«", "„")


def _colon_lead(ctx: Ctx, q: QuoteSpan) -> bool:
    """Whether a colon right before the opening mark hands the quotation to what
    precedes it ("Rubio fired back forcefully: “…,” referencing …")."""
    lead = ctx.text[max(0, q.open_at - 3) : q.open_at].strip()
    return lead.endswith(":")


def _find_cue_before(ctx: Ctx, q: QuoteSpan) -> Token | None:
    doc = ctx.doc
    ts = ctx.tok(q.open_at)
    para0 = ctx.para_starts[ctx.para_of(q.open_at)]
    lead = ctx.text[max(para0, q.open_at - 3) : q.open_at].strip()
    # "said: “…”" / "said, “…”": the mark follows the cue's own punctuation.
    colon = lead.endswith((":", ","))
    # The parser often starts a sentence at the colon: look in the one before it.
    anchor = ts - 1 if colon and ts > 0 else ts
    s0 = ctx.sent_bounds[ctx.sent_of[min(max(anchor, 0), len(doc) - 1)]][0] if len(doc) else 0
    lo = max(s0, ts - _BEFORE_WINDOW)
    for j in range(ts - 1, lo - 1, -1):
        t = doc[j]
        if t.idx < para0 or t.text in "”»":
            break
        if t.text in ("-", "–", "—") and lead.endswith(":") and _dash_label(ctx, ts, s0):
            break  # "Pollsters agree - Carl Bialik: “…”": the label names the speaker
        if direct_cue(t, ctx.lex) and (colon or t.right_edge.i >= ts):
            if not colon and t.lemma_.lower() in _ASPECT_CUES:
                # "the agreement goes “nowhere near …”": "go", "continue" cue a
                # quotation only through a comma or colon ("and he goes, “…”").
                continue
            return t
    if COMMA_VERB and lead.endswith(",") and ts >= 2 and q.closed \
            and q.text.rstrip()[-1:] in ".?!":
        # "Hillary Clinton cracked, “I’m a progressive …”": a finite verb with its
        # subject hands the closing quotation a comma, whatever the verb.
        v = doc[ts - 2] if doc[ts - 1].text == "," else None
        if v is not None and v.pos_ == "VERB" and v.tag_ in ("VBD", "VBZ", "VBP") \
                and v.idx >= para0 and any(c.dep_ == "nsubj" and c.i < v.i for c in v.children):
            return v
    if lead.endswith(".") and ts > 0:
        # "Dianne Bystrom agreed. “…”": a sentence of a speaker and a speech verb
        # alone, right before the quotation in its paragraph.
        prev = ctx.sent_bounds[ctx.sent_of[ts - 1]]
        toks = [t for t in doc[prev[0] : prev[1]] if not t.is_space]
        root = doc[ts - 1].sent.root
        if toks and toks[0].idx >= para0 and len(toks) <= _BARE_CUE_TOKENS \
                and not any(t.text in _MARKS for t in toks[:-1]) \
                and direct_cue(root, ctx.lex) and root.i < ts \
                and root.lemma_.lower() not in _ASPECT_CUES \
                and not any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in root.children) \
                and subject_of(root) is not None:
            return root
    if lead.endswith(":") and ts > s0 and not _dash_label(ctx, ts, s0):
        # "She then addressed the supporters again: “…”": the colon hands the
        # quotation to the sentence's subject whatever its verb.
        root = doc[ts - 1].sent.root
        if root.pos_ in ("VERB", "AUX") and root.i < ts and subject_of(root) is not None \
                and root.idx >= para0:
            return root
        if root.i >= ts:
            # The parser ran the colon into the quotation's sentence ("The board was
            # conclusive in its findings: “…”"): the last verb before the colon with
            # its subject there.
            for j in range(ts - 2, max(s0, ts - _BEFORE_WINDOW) - 1, -1):
                t = doc[j]
                if t.idx < para0 or t.text in _MARKS:
                    break
                if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("aux", "auxpass"):
                    # Up to the main clause: "which hits liberals where they live:"
                    # is the writer's aside, not who speaks.
                    for _ in range(6):
                        if t.head.i == t.i or not s0 <= t.head.i < ts - 1:
                            break
                        t = t.head
                    subj = subject_of(t)
                    if subj is not None and subj.i < t.i and subj.idx >= para0:
                        return t
                    break
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
        if t.text in "”»\"":
            return None
        if "\n" in t.text:
            break
        if direct_cue(t, ctx.lex):
            return t
    if PARA_COLON_SUBJECT and ctx.text[prev_end] == ":" and j < len(doc):
        # "President Clinton released the following statement:" / quotation
        # paragraph: the colon hands it to the sentence's subject.
        root = doc[min(j, len(doc) - 1)].sent.root
        subj = subject_of(root) if root.pos_ in ("VERB", "AUX") else None
        if subj is not None and root.i < j and subj.pos_ in ("PROPN", "NOUN") \
                and not (subj.pos_ == "NOUN" and subj.lemma_.lower() not in ctx.lex.roles):
            return root
    return None


def _according_before(ctx: Ctx, q: QuoteSpan) -> tuple[Token, tuple[int, int]] | None:
    """"According to the newspaper, “…”" / "According to HuffPo: “…”": the source of an
    "according to" phrase that hands its comma or colon to the quotation."""
    lead = ctx.text[max(0, q.open_at - 3) : q.open_at].strip()
    if not lead.endswith((":", ",")):
        return None
    doc = ctx.doc
    ts = ctx.tok(q.open_at)
    para0 = ctx.para_starts[ctx.para_of(q.open_at)]
    for j in range(ts - 2, max(-1, ts - _ACCORDING_WINDOW), -1):
        t = doc[j]
        if t.lower_ == "according":
            src = according_source(t, ctx.lex)
            if src is None:
                return None
            a, b = noun_span(src)
            b = min(b, ts - 1)
            if a >= b:
                return None
            return t, (doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text))
        if t.idx < para0 or t.pos_ in ("VERB", "AUX") or t.text in _MARKS:
            return None  # a verb between: the phrase belongs to another clause
    return None


def _label_paragraph(ctx: Ctx, q: QuoteSpan) -> tuple[int, int] | None:
    """A transcript's speaker line: a paragraph holding only a name and a colon
    ("Rep. Trey Gowdy (R-S.C.):") before a paragraph that opens with a quotation."""
    p = ctx.para_of(q.open_at)
    para0 = ctx.para_starts[p]
    if p == 0 or q.open_at > para0 + 2:
        return None
    prev0 = ctx.para_starts[p - 1]
    line = ctx.text[prev0:para0].rstrip()
    if not line.endswith(":") or len(line) > _LABEL_CHARS:
        return None
    colon = prev0 + len(line) - 1
    return _label_prefix(ctx, ctx.tok(prev0), ctx.tok(colon) + 1, colon)


def _label_prefix(ctx: Ctx, a: int, b: int, end: int) -> tuple[int, int] | None:
    """Tokens [a, b) opening a paragraph as a speaker label ("Former secretary of state
    Hillary Rodham Clinton:", "Rep. Trey Gowdy (R-S.C.):"): short, no verb, a proper
    noun. Their character span (cut at ``end``, the colon: "):" is one token), else
    None."""
    doc = ctx.doc
    label = [t for t in doc[a:b] if not t.is_space and t.idx < end]
    if not label or len(label) > _LABEL_TOKENS:
        return None
    if any(t.pos_ in ("VERB", "AUX") for t in label) or not any(t.pos_ == "PROPN" for t in label):
        return None
    if not label[0].is_title and not label[0].is_upper or label[0].pos_ in _NOT_LABEL_START:
        return None  # "Then, later that month on CNN:" sets a scene, names no speaker
    return label[0].idx, min(end, label[-1].idx + len(label[-1].text))


def _colon_label(ctx: Ctx, q: QuoteSpan) -> tuple[int, int] | None:
    """"Jeffrey M. Jones: “…”" (transcripts, headlines, digests): a name and a colon
    with no verb before the quotation name its speaker."""
    doc = ctx.doc
    if not ctx.text[max(0, q.open_at - 3) : q.open_at].strip().endswith(":"):
        return None
    ts = ctx.tok(q.open_at)
    j = ts - 1
    while j >= 0 and (doc[j].text == ":" or doc[j].is_space):
        j -= 1
    para0 = ctx.para_starts[ctx.para_of(q.open_at)]
    colon = ctx.text.rindex(":", para0, q.open_at) if ":" in ctx.text[para0 : q.open_at] else q.open_at
    whole = _label_prefix(ctx, ctx.tok(para0), j + 2, colon)
    if whole is not None:
        return whole
    if j < 0 or doc[j].pos_ not in ("PROPN", "NOUN", "PRON"):
        return None
    k = j
    while k - 1 >= 0 and (doc[k - 1].pos_ == "PROPN" or doc[k - 1].is_title) \
            and doc[k - 1].idx >= para0 and j - k < 5:
        k -= 1
    before = doc[k - 1] if k > 0 else None
    # The name must open its paragraph or follow a dash/full stop, not end a clause.
    if before is not None and doc[k].idx > para0 and before.text not in ("-", "–", "—", ".", ":") \
            and "\n" not in before.text and before.lower_ != "from":
        # ("More from Jones: “…”" names its speaker too.)
        return None
    label = doc[k : j + 1]
    # A name: a proper noun, or capitalised words the tagger took for nouns.
    if not any(t.pos_ == "PROPN" for t in label) and doc[j].pos_ != "PRON" and not all(
        t.is_title or t.is_upper for t in label if t.is_alpha
    ):
        return None
    return doc[k].idx, doc[j].idx + len(doc[j].text)


def _head(ctx: Ctx, span: tuple[int, int]) -> Token:
    """The last token of a character span (the head of an English noun phrase)."""
    return ctx.doc[max(0, ctx.tok(span[1]) - 1)]


def is_thing(ctx: Ctx, span: tuple[int, int]) -> bool:
    """Whether a speaker span is a lower-case common noun phrase that names no role."""
    if not ctx.text[span[0] : span[0] + 1].islower():
        return False
    head = _head(ctx, span)
    return head.pos_ == "NOUN" and head.lemma_.lower() not in ctx.lex.roles


def _can_speak(ctx: Ctx, span: tuple[int, int]) -> bool:
    """Whether a speaker span can name a speaker: not a date, time or number, not a
    function word ("Wednesday said", "Of said" are parse errors)."""
    head = _head(ctx, span)
    if head.pos_ in ("ADP", "SCONJ", "CCONJ", "DET", "ADV"):
        return False
    words = [t for t in ctx.doc[ctx.tok(span[0]) : ctx.tok(span[1])] if t.is_alpha]
    if words and all(t.is_upper and len(t) > 1 for t in words) and \
            head.ent_type_ in ("GPE", "LOC", "NORP", ""):
        return False  # a dateline ("PHILADELPHIA, July 25 —") or a shouted headline
    # A day or hour named alone ("Wednesday"); "the 46-year-old" is a DATE too, and speaks.
    return not (head.pos_ in ("PROPN", "NUM") and head.ent_type_ in _NOT_SPEAKER_ENTS)


def direct_pass(ctx: Ctx) -> tuple[list[Raw], set[int]]:
    """Pass 1: quotation marks that hold speech."""
    doc = ctx.doc
    out: list[Raw] = []
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
            # "“We will win, Kuleba said.": the closing mark was forgotten before a
            # comma and a cue; the quotation ends at that comma.
            for j in range(ts + 1, min(s_end, ctx.tok(end))):
                if doc[j].text == "," and j + 4 < len(doc) and any(
                    direct_cue(doc[k], ctx.lex) for k in range(j + 1, min(j + 5, s_end))
                ):
                    end = doc[j].idx
                    stray = j
                    break
            else:
                stray = -1
        else:
            stray = -1
        # Drop trailing commas/periods inside the marks from the content.
        while end > start and ctx.text[end - 1] in ",;: ":
            end -= 1
        ts, te = ctx.tok_range(start, end)
        that_cue = _that_cue(ctx, q)
        cue = _find_cue_after(ctx, q) if q.closed and that_cue is None else that_cue
        if cue is not None and q.text.rstrip()[-1:] not in ",?!" and ctx.after_speech_verb(q):
            # "He said, “…” - at which point the crowd chanted “…”": a quotation that
            # hands nothing over belongs to the speech verb right before its mark.
            cue = None
        if stray >= 0:
            cue = next((doc[k] for k in range(stray + 1, min(stray + 5, len(doc)))
                        if direct_cue(doc[k], ctx.lex)), None)
        if cue is None:
            cue = _find_cue_before(ctx, q)
        sent = ctx.sent_char_span(ts, te)
        if cue is None:
            acc = _according_before(ctx, q)
            if acc is not None:
                out.append(Raw(start, end, acc[0], "according to", acc[1], "direct", [],
                                ctx.sent_char_span(min(ts, acc[0].i), te), 0.8,
                                para=ctx.para_of(q.open_at)))
                continue
            label = _colon_label(ctx, q) or _label_paragraph(ctx, q)
            if label is not None:
                out.append(Raw(start, end, None, None, label, "direct", [], sent, 0.7,
                                para=ctx.para_of(q.open_at)))
                continue
            out.append(Raw(start, end, None, None, None, "direct", [], sent, 0.6,
                            inherit=True, para=ctx.para_of(q.open_at)))
            continue
        used_cues.add(cue.i)
        if cue.lower_ == "according":
            src = according_source(cue, ctx.lex)
            if src is not None:
                a, b = noun_span(src)
                out.append(Raw(start, end, cue, "according to",
                                (doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text)), "direct",
                                [], ctx.sent_char_span(ts, max(te, b)), 0.8,
                                para=ctx.para_of(q.open_at)))
                continue
        speaker = speaker_span(ctx, cue, outside=(ts, te))
        if speaker is not None and cue.tag_ == "VBG" and is_thing(ctx, speaker):
            # "…, telling the crowd “…”", "vowing “…”": a participle borrows the subject
            # of the clause it hangs on, and when that is a thing ("the season", "the
            # balloons") it is not who spoke (PolNeAR train: right once in 14).
            speaker = None
        if speaker is not None and not _can_speak(ctx, speaker):
            # "“…,” Wednesday said": a parse gone astray; no date or number speaks.
            speaker = None
        if speaker is not None and any(c.dep_ == "auxpass" for c in cue.children):
            # "Trump was asked, “…”": the subject of a passive cue is who was spoken
            # to; the speaker is the agent ("by the host"), if named.
            agent = agent_of(cue)
            if agent is None:
                speaker = None
            else:
                a, b = noun_span(agent)
                speaker = (doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text))
        if speaker is not None and ctx.in_quotation(speaker[0], around=(start, end)):
            # "“… NATO …,” adding, “…”": the participle borrowed a subject from inside
            # another quotation; the adjacent attribution's speaker is the one.
            speaker = None
        via = via_texts(ctx, cue, te, speaker)
        sent = ctx.sent_char_span(min(ts, cue.i), max(te, cue.i + 1))
        # A cue whose speaker the parse does not give ("“…,” came the reply") is no
        # better than none: the quotation takes the adjacent attribution's speaker, or
        # is dropped (measured on PolNeAR train: such quotes were right 5 times in 27).
        out.append(Raw(start, end, cue, cue_text(cue), speaker, "direct", via, sent,
                        0.9 if speaker else 0.6, inherit=speaker is None,
                        para=ctx.para_of(q.open_at)))
    return out, used_cues


