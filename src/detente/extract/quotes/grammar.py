"""Dependency-parse helpers for attribution: subjects, speaker spans, content clauses,
reporting chains. Every walk is bounded (a few steps up or over direct children), so the
cost per cue is constant.
"""

from __future__ import annotations

from spacy.tokens import Token

from ...lexicon.cues import CueLexicon

__all__ = [
    "according_source",
    "agent_of",
    "content_children",
    "is_cue_verb",
    "is_title_noun",
    "name_apposition",
    "noun_span",
    "relative_antecedent",
    "subject_of",
    "via_of",
]

_SUBJ = frozenset({"nsubj", "nsubjpass", "csubj"})
# Relations through which a verb without a subject borrows one from its head:
# "Zelenskyy refuted these claims and said ..." (conj), "responded by saying" (pcomp,
# prep), "wants to say" (xcomp), "said ..., adding that" (advcl).
_BORROW = frozenset({"conj", "xcomp", "pcomp", "prep", "advcl"})
_REL_PRONOUNS = frozenset({"who", "that", "which", "whom"})
# Question words that are never a speaker on their own ("Whoever said …" resolves
# through its clause, not here).
_WH_SUBJECTS = frozenset({"whoever", "whichever"})
# Children that belong in a speaker's span ("Russian Foreign Minister Sergei Lavrov").
_SPAN_LEFT = frozenset({"compound", "amod", "det", "poss", "nmod", "nummod", "advmod", "quantmod", "case", "punct", "npadvmod", "predet"})
_SPAN_RIGHT = frozenset({"compound", "flat", "case", "nummod"})
_CLAUSAL = frozenset({"ccomp"})


def is_cue_verb(tok: Token, lex: CueLexicon, *, cognition: bool = True) -> bool:
    """A verb (not an auxiliary use) whose lemma is a cue."""
    if tok.pos_ not in ("VERB", "AUX") or tok.dep_ in ("aux", "auxpass"):
        # A capitalised verb ("Tweeted") is often tagged a proper noun: trust its role.
        if not (tok.pos_ == "PROPN" and tok.dep_ in ("ROOT", "ccomp", "conj", "parataxis")):
            return False
    lemma = tok.lemma_.lower()
    words = _speech_and_cognition(lex) if cognition else lex.speech
    if lemma in words:
        return True
    # The lemmatiser leaves odd forms alone ("Tweeted", "quipped"): strip inflections.
    low = tok.lower_
    for suffix, repl in _INFLECTIONS:
        if low.endswith(suffix) and low[: len(low) - len(suffix)] + repl in words:
            return True
    return False


_INFLECTIONS = (("ed", ""), ("ed", "e"), ("d", ""), ("s", ""), ("es", ""), ("ing", ""),
                ("ing", "e"), ("ped", ""), ("ied", "y"))

# lexicon id -> (lexicon, speech | cognition): the union is asked for every token of an
# article, so it is built once per lexicon (the lexicon is kept to check the id).
_UNIONS: dict[int, tuple[CueLexicon, frozenset[str]]] = {}


def _speech_and_cognition(lex: CueLexicon) -> frozenset[str]:
    got = _UNIONS.get(id(lex))
    if got is None or got[0] is not lex:
        if len(_UNIONS) >= 8:
            _UNIONS.clear()
        got = _UNIONS[id(lex)] = (lex, frozenset(lex.speech | lex.cognition))
    return got[1]


def subject_of(verb: Token) -> Token | None:
    """The grammatical subject of ``verb``, borrowed from up to three heads if missing.

    A relative pronoun subject ("Medinsky, who said ...") stands for the noun the
    relative clause hangs on.
    """
    tok = verb
    for _ in range(4):
        for child in tok.children:
            if child.dep_ in _SUBJ:
                if child.lower_ in _REL_PRONOUNS or child.lower_ in _WH_SUBJECTS:
                    # "a report, which said", "O'Rourke, ... but who suggested": the
                    # noun the relative clause modifies; a bare "That said," or "Who
                    # cares" has none and no speaker.
                    return relative_antecedent(child)
                return child
        if tok.dep_ == "relcl" and tok is verb:
            return tok.head
        if tok.dep_ not in _BORROW or tok.head.i == tok.i:
            return None
        tok = tok.head
    return None


def agent_of(verb: Token) -> Token | None:
    """The agent of a passive cue, the noun behind its "by" ("was told by the
    inspectors that …", "when asked by a reporter whether …"): who spoke; None when the
    verb has no agent phrase, or is no past participle ("acknowledged as much in an
    article by X": a misparse of an active verb)."""
    if verb.tag_ != "VBN":
        return None
    for child in verb.children:
        if child.dep_ == "agent":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    return None


# entity types of an organisation or place (never in apposition with a person; a proper
# noun that is not a PERSON counts too: NER often leaves "the Baltic Shipping Council")
_PLACE_OR_BODY = frozenset({"ORG", "GPE", "NORP", "FAC", "LOC"})


def is_title_noun(tok: Token, roles: frozenset[str]) -> bool:
    """A common-noun title, or a role word capitalised as a title ("US Ambassador to
    the UN"), which the tagger reads as a proper noun; never a person's name."""
    return tok.pos_ == "NOUN" or (tok.pos_ == "PROPN" and tok.lower_ in roles
                                  and tok.ent_type_ != "PERSON")


def name_apposition(head: Token, before: int, *,
                    roles: frozenset[str] = frozenset()) -> Token | None:
    """A name in apposition after a title (:func:`is_title_noun`), ending before token
    ``before`` ("The leader of the group, Jane Doe, said"): the title's holder; None
    otherwise."""
    if not is_title_noun(head, roles):
        return None
    for child in head.rights:
        if child.dep_ == "appos" and child.right_edge.i < before and (
                child.pos_ == "PROPN" or child.ent_type_ == "PERSON") \
                and not any(c.dep_ == "det" for c in child.lefts):
            # "a registered Republican" (with a determiner) describes; a name names.
            return child
        if child.dep_ == "prep" and child.lower_ == "of":
            # "The head of the Atomic Energy Agency, Rafael Grossi, said": the parser
            # hangs the person on the organisation, which no person can stand beside
            for obj in child.children:
                if obj.dep_ != "pobj" or obj.ent_type_ == "PERSON" or not (
                        obj.ent_type_ in _PLACE_OR_BODY or obj.pos_ == "PROPN"):
                    continue
                for app in obj.rights:
                    if app.dep_ == "appos" and app.ent_type_ == "PERSON" \
                            and app.right_edge.i < before:
                        return app
    return None


def relative_antecedent(pron: Token) -> Token | None:
    """The noun a relative pronoun subject stands for: the head of the relative clause
    holding it, through coordinated relative clauses ("X, who is running … and who
    worked …"); None when the pronoun heads no relative clause (a demonstrative "That
    said," or a question's "Who cares")."""
    tok = pron.head
    for _ in range(4):
        if tok.dep_ == "relcl":
            head = tok.head
            return None if head.lower_ in _REL_PRONOUNS else head
        if tok.dep_ != "conj" or tok.head.i == tok.i:
            return None
        tok = tok.head
    return None


def noun_span(head: Token) -> tuple[int, int]:
    """Token range [start, end) of the noun phrase headed by ``head``, without relative
    clauses, appositions or long modifiers; "of"-phrases are kept ("leaders of NATO")."""
    start = head.i
    end = head.i + 1
    for child in head.lefts:
        if child.dep_ in _SPAN_LEFT and child.dep_ != "punct":
            start = min(start, child.left_edge.i)
    for child in head.rights:
        if child.dep_ in _SPAN_RIGHT:
            end = max(end, child.right_edge.i + 1)
        elif child.dep_ == "prep" and child.lower_ == "of" and child.right_edge.i - child.i < 5:
            # "leaders of NATO", but not "the head of the PAC backing X for president".
            end = max(end, child.right_edge.i + 1)
        else:
            break
    doc = head.doc
    if head.ent_iob_ in ("B", "I"):
        # a name is never cut: "the Institute for the Study of War" is one speaker (the
        # entity's bounds from the IOB tags: no Span list built)
        lo = head.i
        while lo > 0 and doc[lo].ent_iob_ == "I":
            lo -= 1
        hi = head.i + 1
        while hi < len(doc) and doc[hi].ent_iob_ == "I":
            hi += 1
        start, end = min(start, lo), max(end, hi)
    # Leading punctuation or a stray quote mark never belongs to a speaker.
    while start < end - 1 and doc[start].is_punct:
        start += 1
    return start, end


def content_children(verb: Token, lex: CueLexicon) -> list[Token]:
    """The clausal complements that carry what ``verb`` attributes.

    A complement that is itself a bare cue verb with no clause of its own, placed after
    another complement ("said that ..., first reported Pravda"), is a reporting-chain
    attachment, not content.
    """
    out: list[Token] = []
    for child in verb.children:
        if child.dep_ not in _CLAUSAL:
            continue
        if out and is_cue_verb(child, lex, cognition=False) and not any(
            c.dep_ in _CLAUSAL for c in child.children
        ):
            continue
        out.append(child)
    return out


def according_source(tok: Token, lex: CueLexicon) -> Token | None:
    """For the first word of an "according to X" cue, the head of X; else None."""
    low = tok.lower_
    for seq in lex.according:
        if low != seq[0]:
            continue
        doc = tok.doc
        if tok.i + len(seq) > len(doc):
            continue
        if any(doc[tok.i + k].lower_ != seq[k] for k in range(1, len(seq))):
            continue
        last = doc[tok.i + len(seq) - 1]
        for child in last.children:
            if child.dep_ in ("pobj", "dobj", "nsubj", "compound", "npadvmod"):
                return child
        nxt = tok.i + len(seq)
        if nxt < len(doc) and doc[nxt].pos_ in ("PROPN", "NOUN", "DET", "PRON"):
            # A flat parse: take the next noun as the source.
            for j in range(nxt, min(len(doc), nxt + 6)):
                if doc[j].pos_ in ("PROPN", "NOUN", "PRON"):
                    k = j
                    while k + 1 < len(doc) and doc[k + 1].pos_ == "PROPN":
                        k += 1
                    return doc[k]
        return None
    return None


def via_of(verb: Token, content_end: int, lex: CueLexicon) -> list[tuple[int, int]]:
    """Token ranges naming who relayed what ``verb``'s speaker said, innermost first.

    Three shapes: "X said ..., according to Interfax" / "According to the Times, X said"
    (an "according to" phrase on the verb); "The Times reported that X said" (the verb is
    the complement of another speech verb); "X said ..., first reported Pravda" (a bare
    speech verb attached after the content).
    """
    out: list[tuple[int, int]] = []
    for child in verb.children:
        src = according_source(child, lex)
        if src is not None:
            out.append(noun_span(src))
            continue
        if (
            child.i >= content_end
            and child.dep_ in ("ccomp", "advcl", "conj", "parataxis")
            and is_cue_verb(child, lex, cognition=False)
            and not any(c.dep_ in _CLAUSAL for c in child.children)
        ):
            for c in child.children:
                if c.dep_ in ("nsubj", "npadvmod", "dobj", "attr", "nsubjpass"):
                    out.append(noun_span(c))
                    break
    tok = verb
    for _ in range(3):
        if tok.dep_ != "ccomp" or tok.head.i == tok.i:
            break
        tok = tok.head
        if is_cue_verb(tok, lex, cognition=False):
            subj = subject_of(tok)
            if subj is not None:
                out.append(noun_span(subj))
            for child in tok.children:
                src = according_source(child, lex)
                if src is not None:
                    out.append(noun_span(src))
    return out

