"""Pass 1 of quote attribution: quotation marks that hold speech, and their cues.

A quoted stretch that reads as speech looks for its cue right after the closing mark
("“…,” he said"), before the opening one ("Kuleba said: “…”", "said, “…”"), at the end
of the paragraph before ("Stated Stone:" / quotation paragraph), or a name and a colon
("Jones: “…”"). Windows are bounded, so the pass is linear.
"""

from __future__ import annotations

from spacy.tokens import Token

from .quotes_ctx import MARKS, Ctx, Raw, cue_text, direct_cue, speaker_span, via_texts
from .quotes_marks import QuoteSpan
from .quotes_parse import subject_of

__all__ = ["direct_pass"]

# A cue is looked for this many tokens after a closing mark / before an opening one.
_AFTER_WINDOW = 20
_BEFORE_WINDOW = 30
_MARKS = MARKS


def _find_cue_after(ctx: Ctx, q: QuoteSpan) -> Token | None:
    doc = ctx.doc
    te = ctx.tok(q.close_end) if q.close_end is not None else ctx.tok(q.end)
    last = q.text.rstrip()[-1:]
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
            return t
        if handover and t.pos_ == "VERB" and t.dep_ in ("ROOT", "conj", "parataxis") and (
            any(c.dep_ == "nsubj" and te <= c.i < t.i for c in t.children) or j == te
        ):
            # "“…,” Trump barked": after a quotation handed over with a comma, the
            # first verb with its subject right there is the cue, whatever the verb.
            return t
        if t.text in (".", "?", "!") and j > te:
            return None
    return None


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
        if direct_cue(t, ctx.lex) and (colon or t.right_edge.i >= ts):
            return t
    if lead.endswith(":") and ts > s0:
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
        if direct_cue(t, ctx.lex):
            return t
    return None


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
    if j < 0 or doc[j].pos_ not in ("PROPN", "NOUN", "PRON"):
        return None
    k = j
    para0 = ctx.para_starts[ctx.para_of(q.open_at)]
    while k - 1 >= 0 and (doc[k - 1].pos_ == "PROPN" or doc[k - 1].is_title) \
            and doc[k - 1].idx >= para0 and j - k < 5:
        k -= 1
    before = doc[k - 1] if k > 0 else None
    # The name must open its paragraph or follow a dash/full stop, not end a clause.
    if before is not None and doc[k].idx > para0 and before.text not in ("-", "–", "—", ".", ":") \
            and "\n" not in before.text:
        return None
    label = doc[k : j + 1]
    # A name: a proper noun, or capitalised words the tagger took for nouns.
    if not any(t.pos_ == "PROPN" for t in label) and doc[j].pos_ != "PRON" and not all(
        t.is_title or t.is_upper for t in label if t.is_alpha
    ):
        return None
    return doc[k].idx, doc[j].idx + len(doc[j].text)


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
        cue = _find_cue_after(ctx, q) if q.closed else None
        if stray >= 0:
            cue = next((doc[k] for k in range(stray + 1, min(stray + 5, len(doc)))
                        if direct_cue(doc[k], ctx.lex)), None)
        if cue is None:
            cue = _find_cue_before(ctx, q)
        sent = ctx.sent_char_span(ts, te)
        if cue is None:
            label = _colon_label(ctx, q)
            if label is not None:
                out.append(Raw(start, end, None, None, label, "direct", [], sent, 0.7,
                                para=ctx.para_of(q.open_at)))
                continue
            out.append(Raw(start, end, None, None, None, "direct", [], sent, 0.6,
                            inherit=True, para=ctx.para_of(q.open_at)))
            continue
        used_cues.add(cue.i)
        speaker = speaker_span(ctx, cue, outside=(ts, te))
        via = via_texts(ctx, cue, te, speaker)
        sent = ctx.sent_char_span(min(ts, cue.i), max(te, cue.i + 1))
        out.append(Raw(start, end, cue, cue_text(cue), speaker, "direct", via, sent,
                        0.9 if speaker else 0.6, para=ctx.para_of(q.open_at)))
    return out, used_cues


