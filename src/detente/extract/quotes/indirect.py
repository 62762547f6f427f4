"""Pass 2 of quote attribution: indirect speech.

A cue verb with a clausal complement ("X said (that) CLAUSE", "X refuted these claims and
said …", "responded … by saying …"), a speech verb with an object ("accused Trump of
lying"), and "according to X, CLAUSE". Quoted fragments inside the content make the
quote ``mixed``; relays ("…, according to Interfax"; "The Times reported that X said")
go to ``via``.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable

from spacy.tokens import Token

from ...lexicon import load_data
from ...parse.entities import token_lowers, token_pos
from ...records import QuoteKind
from .attribution import speaker_span, via_texts
from .context import MARKS, Ctx, Raw, cue_text
from .grammar import according_source, content_children, is_cue_verb, noun_span, subject_of

__all__ = ["colon_pass", "indirect_pass"]

# "refuted these claims": a reference to earlier speech is not content.
_WORDS = load_data("quote_words.toml")
_SPEECH_NOUNS = frozenset(_WORDS["speech_nouns"])
# Prepositions that complete a speech act on an object ("accused X of", "praised X
# for", "described X as"); "rejected the offer on Monday" has none.
_COMPLEMENT_PREPS = frozenset({"of", "for", "as", "about", "against", "over", "into", "with"})
# "Kyiv agreed not to join NATO": a commitment (an event), not speech.
_COMMITMENTS = frozenset(_WORDS["commitments"])
_OBJ_DEPS = frozenset({"dobj", "xcomp", "oprd", "dative"})
# Tuning switches, measured on PolNeAR train (docs/quotes.md): objects of speech verbs
# as content (+6 points all-attribution F1), xcomp objects too (+0.7), one-token
# content kept (+0.3), speakerless non-passive cues dropped (+0.9).
OBJECT_CONTENT = True
XCOMP_CONTENT = True
MIN_CONTENT = 1
PREP_CONTENT = True

# the parts of speech a cue can have (see grammar.is_cue_verb; PREP_CONTENT: VERB)
_CUE_POS = frozenset({"VERB", "AUX", "PROPN"})
# "The plan, he said, would fail": parenthetical attributions (measured on train).
PARENTHETICAL = True
# "Kasich: We will win" (headlines, transcripts, digests): +0.4 points all F1.
COLON_LABELS = True
_LABEL_MAX = 6


def _content_range(ctx: Ctx, verb: Token) -> tuple[int, int] | None:
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
    elif verb.dep_ in ("parataxis",) and verb.head.i < verb.i and verb.head.i != verb.i:
        head = verb.head
        a = head.left_edge.i
        b = verb.left_edge.i
    elif PARENTHETICAL and verb.dep_ == "parataxis" and verb.head.i > verb.i \
            and _bracketed(ctx, verb):
        # "The plan, he said, would fail": an attribution set off by commas inside
        # the clause it attributes; the content is that whole clause.
        head = verb.head
        a = head.left_edge.i
        b = head.right_edge.i + 1
    else:
        rng = _object_range(ctx, verb)
        if rng is None:
            return None
        a, b = rng
    a, b = max(a, p0), min(b, p1)
    while a < b and (doc[a].dep_ == "mark" and doc[a].lower_ in ("that", "whether", "if")
                     or doc[a].is_punct or doc[a].is_space):
        a += 1
    while b > a and (doc[b - 1].is_punct or doc[b - 1].is_space) and doc[b - 1].text not in "”»\"":
        b -= 1
    if b - a < MIN_CONTENT:
        return None
    return a, b


def _bracketed(ctx: Ctx, verb: Token) -> bool:
    """Whether ``verb`` and its subject stand between two commas ("…, he added, …")."""
    doc = ctx.doc
    subj = next((c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i), None)
    if subj is None:
        return False
    a, b = subj.left_edge.i, verb.i
    return a > 0 and doc[a - 1].text == "," and b + 1 < len(doc) and doc[b + 1].text == "," \
        and b - a <= 8


def _object_range(ctx: Ctx, verb: Token) -> tuple[int, int] | None:
    """Content without a clause: a speech verb's object and what follows it ("accused
    Trump of lying", "urged Ukraine not to negotiate"), or a prepositional object
    ("spoke about the economy", "called for a ban")."""
    lex = ctx.lex
    lemma = verb.lemma_.lower()
    if verb.dep_ in ("ccomp", "advcl", "conj", "parataxis") and verb.head.i < verb.i \
            and is_cue_verb(verb.head, lex) \
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        # "…, first reported Pravda": a relay after someone's content ("…, and he
        # accused Kyiv of …" has a subject of its own and is speech).
        return None
    up = verb
    for _ in range(3):
        # "Kallas said the West needs to push for …": the verb is someone's content.
        if up.dep_ == "ccomp" and is_cue_verb(up.head, lex):
            return None
        if up.dep_ not in ("xcomp", "conj", "ccomp", "advcl") or up.head.i == up.i:
            break
        up = up.head
    s1 = ctx.sent_bounds[ctx.sent_of[verb.i]][1]
    if OBJECT_CONTENT and lemma in lex.speech:
        objs = [c for c in verb.rights if c.dep_ in _OBJ_DEPS]
        if objs and not (objs[0].dep_ == "xcomp" and (
            not XCOMP_CONTENT or lemma in _COMMITMENTS
        )):
            if objs[0].lemma_.lower() in _SPEECH_NOUNS:
                return None  # "refuted these claims": a reference to earlier speech
            a = objs[0].left_edge.i
            b = objs[0].right_edge.i + 1
            complement = any(
                c.i > objs[0].i and (c.dep_ in ("xcomp", "oprd", "ccomp")
                                     or c.dep_ == "prep" and c.lower_ in _COMPLEMENT_PREPS)
                for c in verb.rights
            ) or objs[0].dep_ in ("xcomp", "oprd")
            if not complement and lemma not in lex.message_verbs:
                # "Kyiv rejected the offer" is an act (an event), not speech;
                # "accused Kyiv of lying" / "announced a ceasefire" are.
                return None
            for c in verb.rights:
                if c.i < objs[0].i:
                    continue
                if c.dep_ in ("cc", "conj", "agent") or (
                    c.dep_ == "punct" and c.i > objs[0].i and c.text not in MARKS
                ):
                    break  # "... and said ...": a second verb is not the first's content
                b = max(b, c.right_edge.i + 1)
            return a, min(b, s1)
    if PREP_CONTENT and lemma in lex.prep_verbs and any(
        c.dep_ == "nsubj" for c in verb.children
    ):  # its own subject: "When asked about X, officials said" is not theirs on X
        for c in verb.rights:
            if c.dep_ == "prep" and c.lower_ in lex.prep_words:
                objs = [g for g in c.children if g.dep_ in ("pobj", "pcomp")
                        and g.ent_type_ not in ("DATE", "TIME")]  # "spoke on Monday"
                if objs:
                    return objs[0].left_edge.i, min(objs[0].right_edge.i + 1, s1)
            if c.dep_ in ("cc", "conj", "punct"):
                break
    return None


def _trailing_according(ctx: Ctx, a: int, b: int, via: list[str]) -> tuple[int, int, list[str]]:
    """"X said the talks had stopped, according to Interfax": a relay phrase parsed
    into the content goes to ``via`` (only the last few tokens are looked at)."""
    doc = ctx.doc
    for j in range(max(a + 1, b - 8), b - 1):
        if doc[j].lower_ == "according" and doc[j + 1].lower_ == "to":
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


def _is_chain(ctx: Ctx, verb: Token) -> bool:
    """"The Times reported that X said …": the outer cue only relays the inner one."""
    kids = content_children(verb, ctx.lex)
    if len(kids) != 1:
        return False
    inner = kids[0]
    if not is_cue_verb(inner, ctx.lex, cognition=False) or not content_children(inner, ctx.lex):
        return False
    subj = subject_of(inner)
    return subj is not None and subj.i != verb.i


def indirect_pass(ctx: Ctx, used_cues: set[int], direct: list[Raw]) -> list[Raw]:
    """Pass 2: cue verbs with clauses, and "according to X"."""
    doc = ctx.doc
    lex = ctx.lex
    out: list[Raw] = []
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

    # only a verb (or a proper noun read as one) is a cue, and "according to": the
    # other tokens are skipped without building them
    pos, lowers = token_pos(doc), token_lowers(doc)
    for i, p in enumerate(pos):
        if p not in _CUE_POS and lowers[i] != "according":
            continue
        tok = doc[i]
        if tok.i in used_cues or in_direct(tok.idx):
            continue
        if in_fragment(tok.idx):
            continue  # he "urged": a quoted word inside someone's attributed content
        if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            r = _according(ctx, tok, in_direct)
            if r is not None:
                out.append(r)
            continue
        if not is_cue_verb(tok, lex) and not (
            PREP_CONTENT and tok.pos_ == "VERB" and tok.lemma_.lower() in lex.prep_verbs
        ):
            continue
        rng = _content_range(ctx, tok)
        if rng is None or _is_chain(ctx, tok):
            continue
        a, b = rng
        cs, ce = doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text)
        if in_direct(cs) and in_direct(ce - 1):
            continue
        speaker = speaker_span(ctx, tok)
        if speaker is None and not any(c.dep_ == "auxpass" for c in tok.children):
            continue
        cognition = tok.lemma_.lower() not in lex.speech
        frag = [k for k in ctx.spans_in(cs, ce) if not ctx.speech[k]]
        via = via_texts(ctx, tok, b, speaker)
        a, b, via = _trailing_according(ctx, a, b, via)
        cs, ce = doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text)
        lo, hi = min(a, tok.i), max(b, tok.i + 1)
        conf = (0.5 if cognition else 0.75) if speaker else 0.35
        out.append(Raw(cs, ce, tok, cue_text(tok), speaker, "mixed" if frag else "indirect",
                        via, ctx.sent_char_span(lo, hi), conf, para=ctx.para_of(cs)))
    return out


_DEMONSTRATIVES = frozenset({"that", "this"})
_COPULAS = frozenset({"'s", "’s", "is", "was"})


def _according(ctx: Ctx, tok: Token, in_direct: Callable[[int], bool]) -> Raw | None:
    """"According to X, CLAUSE" / "CLAUSE, according to X" when the clause has no cue
    verb of its own (then X is a relay, handled as ``via``)."""
    doc = ctx.doc
    src = according_source(tok, ctx.lex)
    if src is None:
        return None
    s0, s1 = ctx.sent_bounds[ctx.sent_of[tok.i]]
    if tok.i == s0 + 2 and doc[s0].lower_ in _DEMONSTRATIVES \
            and doc[s0 + 1].lower_ in _COPULAS:
        # "That's according to X.": the demonstrative stands for what was said before
        # and is the content (however the parse hangs the three words together)
        return _according_raw(ctx, tok, src, s0, s0 + 1, tok.i + 1, in_direct)
    head = tok.head
    if head.i == tok.i:
        return None
    anc = head
    for _ in range(4):
        # "Rudenko said the talks had stopped, according to Interfax": a relay.
        if is_cue_verb(anc, ctx.lex):
            return None
        if anc.head.i == anc.i:
            break
        anc = anc.head
    phrase_a, phrase_b = tok.left_edge.i, tok.right_edge.i + 1
    a, b = head.left_edge.i, head.right_edge.i + 1
    a, b = max(a, s0), min(b, s1)
    # The clause's own closing stop is no part of it: "CLAUSE, according to X." ends
    # the clause at the phrase, not after it.
    while b > a and (doc[b - 1].is_punct or doc[b - 1].is_space) and b > phrase_b:
        b -= 1
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
    return _according_raw(ctx, tok, src, a, b, phrase_b, in_direct)


def _according_raw(ctx: Ctx, tok: Token, src: Token, a: int, b: int, phrase_b: int,
                   in_direct: Callable[[int], bool]) -> Raw | None:
    """The quote of content tokens [a, b) attributed by the phrase at ``tok``."""
    doc = ctx.doc
    cs, ce = doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text)
    if in_direct(cs):
        return None
    sa, sb = noun_span(src)
    speaker = (doc[sa].idx, doc[sb - 1].idx + len(doc[sb - 1].text))
    frag = [k for k in ctx.spans_in(cs, ce) if not ctx.speech[k]]
    return Raw(cs, ce, tok, "according to", speaker, "mixed" if frag else "indirect", [],
                ctx.sent_char_span(min(a, tok.i), max(b, phrase_b)), 0.6, para=ctx.para_of(cs))




def colon_pass(ctx: Ctx, taken: list[Raw]) -> list[Raw]:
    """Paragraphs of the shape "Name: statement" (headlines, transcripts, digests): the
    label is the speaker, the rest of the paragraph the content. The label must be a
    short run holding a proper noun and no verb; content already quoted is skipped."""
    if not COLON_LABELS:
        return []
    doc = ctx.doc
    text = ctx.text
    spans = sorted((r.start, r.end) for r in taken)
    starts = [a for a, _ in spans]
    out: list[Raw] = []
    n = len(ctx.para_starts)
    for p, c0 in enumerate(ctx.para_starts):
        c1 = ctx.para_starts[p + 1] if p + 1 < n else len(text)
        t0, t1 = ctx.tok(c0), ctx.tok(c1)
        colon = None
        for j in range(t0, min(t1, t0 + _LABEL_MAX + 1)):
            if doc[j].text == ":":
                colon = j
                break
        if colon is None or colon == t0 or colon + 3 >= t1:
            continue
        label = doc[t0:colon]
        if any(t.pos_ in ("VERB", "AUX", "NUM") for t in label) or not any(
            t.pos_ == "PROPN" for t in label
        ) or not all(t.is_title or t.is_upper or t.is_punct or t.is_stop for t in label):
            continue
        a, b = colon + 1, t1
        while a < b and (doc[a].is_space or doc[a].is_punct and doc[a].text not in "“\"‘'"):
            a += 1
        while b > a and (doc[b - 1].is_space or doc[b - 1].is_punct and doc[b - 1].text not in "”\"’'"):
            b -= 1
        if b - a < 3:
            continue
        cs, ce = doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text)
        i = bisect_right(starts, ce) - 1
        if i >= 0 and spans[i][1] > cs:
            continue  # the direct pass already has it
        kind: QuoteKind = "direct" if text[cs] in "“\"‘'" else "indirect"
        speaker = (label[0].idx, label[-1].idx + len(label[-1].text))
        out.append(Raw(cs, ce, None, None, speaker, kind, [],
                       ctx.sent_char_span(t0, b), 0.6, para=p))
    return out
