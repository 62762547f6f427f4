"""Who a cue attributes to, as spans of the text (used by the direct and indirect quote
passes): the speaker of a cue (:func:`speaker_span`: its subject, a relative pronoun's
antecedent, a name before an aside, a nominal near it) and the relays it cites
(:func:`via_texts`: "according to X", "X told Y"). The speaker's actor is resolved later
by :mod:`detente.extract.quotes.speaker`."""

from __future__ import annotations

from spacy.tokens import Token

from .context import MARKS, Ctx
from .grammar import (
    agent_of,
    is_cue_verb,
    is_title_noun,
    name_apposition,
    noun_span,
    subject_of,
    via_of,
)

__all__ = ["speaker_span", "via_texts"]


# An aside between a name and its subjectless cue ("Warren, a military spokesman in
# Baghdad, said") is at most this many tokens.
_ASIDE_TOKENS = 15


_REL_WORDS = frozenset({"who", "that", "which"})
# Prepositions that tie a common-noun speaker to whom it speaks for ("a spokesman for
# the Kremlin", "an aide to the senator", "officials at the State Department"): the
# phrase belongs to the speaker span, as PolNeAR marks Sources ("of" is noun_span's).
_HOLDER_PREPS = frozenset({"for", "to", "at", "with", "from", "in"})
# The longest such phrase taken in (tokens after the preposition).
_HOLDER_TOKENS = 5


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
    if subj is None and outside is None:
        # A passive cue with a "by" phrase ("was told by the inspectors that …", "when
        # asked by a reporter whether …"): the agent spoke, not the subject (the direct
        # pass settles its passive cues itself).
        subj = agent_of(verb)
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
    titled = is_title_noun(subj, ctx.lex.roles)
    if titled and subj.i < verb.i:
        for child in subj.rights:
            if child.i == b and child.dep_ == "prep" and child.lower_ in _HOLDER_PREPS \
                    and child.right_edge.i - child.i <= _HOLDER_TOKENS \
                    and child.right_edge.i < verb.i:
                b = child.right_edge.i + 1
            break
    named = name_apposition(subj, verb.i, roles=ctx.lex.roles) if subj.i < verb.i else None
    if named is not None:
        # "The leader of the group, Jane Doe, said": the span runs over the name, so
        # the speaker is the person, not only the title.
        b = max(b, noun_span(named)[1])
    doc = ctx.doc
    p0, p1 = ctx.para_toks(verb)
    if not p0 <= subj.i < p1:
        return None
    a, b = max(a, p0), min(b, p1)
    while a < b and (doc[a].text in MARKS or doc[a].is_space):
        a += 1
    while b > a and (doc[b - 1].text in MARKS or doc[b - 1].is_punct):
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
        while k + 1 < b and doc[k + 1].pos_ in ("PROPN", "NOUN") and doc[k + 1].text not in MARKS:
            k += 1
        start = j
        while start > a and doc[start - 1].pos_ in ("DET", "ADJ", "PROPN", "NOUN", "PUNCT") \
                and doc[start - 1].text not in MARKS and doc[start - 1].text not in ",.;:":
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
