"""Speaker resolution: from a speaker span ("he", "the minister", "Lavrov") to an
:class:`ActorRef` with a person where one is known.

Resolution goes, in order, through the actor mentions (the actors extractor's own
dictionary and coreference), then local fallbacks that keep working when the mentions
are thin: pronouns take the latest speaker (or the latest named person), role nouns
("the minister") take the latest speaker or person carrying that role, and a bare
surname takes the full name met earlier. Calls must come in text order (the history of
speakers is what pronouns point back to). Every lookup is a bisect or a dict hit.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc

from ...lexicon.cues import CueLexicon
from ...records import ActorRef, Mention
from .grammar import name_apposition

__all__ = ["SpeakerResolver"]

# How far back (characters) a pronoun may reach for its speaker: about three paragraphs.
_PRONOUN_REACH = 1500
_PERSONAL = frozenset({"he", "she", "him", "her", "i"})
_GROUP = frozenset({"they", "we", "them"})
# A definite nominal speaker ("the group", "the officials") takes the latest speaker or
# resolved mention with the same head noun; False keeps this to role nouns.
DEFINITE_NOMINALS = True
# Longest definite nominal taken up this way ("the state's top official": 4 words).
_DEFINITE_WORDS = 4
# Mentions looked back over for a head noun.
_HEAD_LOOKBACK = 40


@dataclass(slots=True)
class _Said:
    pos: int
    actor: ActorRef | None
    text: str


def _last_word(text: str) -> str:
    words = [w for w in text.replace("’s", "").replace("'s", "").split() if w[:1].isalpha()]
    return words[-1].lower() if words else ""


class SpeakerResolver:
    """Resolves speaker spans of one document, in text order."""

    def __init__(self, doc: Doc, mentions: Sequence[Mention], lex: CueLexicon, *,
                 text: str | None = None) -> None:
        self.doc = doc
        self.text = doc.text if text is None else text
        self.lex = lex
        self.mentions = sorted((m for m in mentions if m.actor is not None),
                               key=lambda m: (m.start, -m.end))
        self.starts = [m.start for m in self.mentions]
        # Person mentions and PERSON entities, in order: what a pronoun can point back to.
        people: list[tuple[int, ActorRef]] = [
            (m.start, m.actor) for m in self.mentions if m.actor and m.actor.person
        ]
        self.by_surname: dict[str, ActorRef] = {}
        for _, actor in people:
            assert actor.person is not None
            key = _last_word(actor.person)
            known = self.by_surname.get(key)
            # The richest entry wins: a coded actor over a bare name.
            if known is None or (not known.code and actor.code):
                self.by_surname[key] = actor
        for ent in doc.ents:
            if ent.label_ != "PERSON" or len(ent) > 5:
                continue
            name = ent.text.strip().replace("’s", "").replace("'s", "")
            key = _last_word(name)
            if not key:
                continue
            known = self.by_surname.get(key)
            if known is None:
                actor = ActorRef(code="", person=name)
                self.by_surname[key] = actor
            elif known.person and len(name) > len(known.person) and not known.code:
                self.by_surname[key] = ActorRef(code="", person=name)
            people.append((ent.start_char, self.by_surname[key]))
        people.sort(key=lambda p: p[0])
        self.people = people
        self.people_starts = [p[0] for p in people]
        self.history: list[_Said] = []

    # --- lookups ------------------------------------------------------------------
    def _mention(self, start: int, end: int) -> Mention | None:
        """The resolved mention inside or overlapping [start, end): the longest, nearest
        the span's end (the head of "Russian Foreign Minister Sergei Lavrov")."""
        i = bisect_right(self.starts, end) - 1
        best: Mention | None = None
        # Mentions are short; walking back over the few that start inside the span is
        # constant work per speaker.
        steps = 0
        while i >= 0 and steps < 12:
            m = self.mentions[i]
            steps += 1
            if m.end <= start:
                if m.start < start - 200:
                    break
                i -= 1
                continue
            if m.start < end and m.end > start:
                if best is None or (m.end - m.start) > (best.end - best.start) or (
                    m.actor and m.actor.person and not (best.actor and best.actor.person)
                ):
                    best = m
            i -= 1
        return best

    def _last_person(self, pos: int) -> ActorRef | None:
        i = bisect_right(self.people_starts, pos - 1) - 1
        if i >= 0 and pos - self.people[i][0] <= _PRONOUN_REACH:
            return self.people[i][1]
        return None

    def _last_speaker(self, pos: int, *, person: bool) -> _Said | None:
        for said in reversed(self.history[-8:]):
            if pos - said.pos > _PRONOUN_REACH:
                return None
            if said.actor is None:
                continue
            if person and not said.actor.person:
                continue
            return said
        return None

    def _mention_by_head(self, head: str, pos: int) -> ActorRef | None:
        """The latest resolved mention before ``pos`` (within reach) whose last word is
        ``head``, not a pronoun: what "the officials" takes up."""
        i = bisect_right(self.starts, pos - 1) - 1
        steps = 0
        while i >= 0 and steps < _HEAD_LOOKBACK:
            m = self.mentions[i]
            if pos - m.start > _PRONOUN_REACH:
                break
            steps += 1
            if m.end <= pos and m.label != "PRON" and m.actor is not None \
                    and _last_word(m.text) == head:
                return m.actor
            i -= 1
        return None

    def _holder_phrases(self, start: int, end: int) -> list[tuple[int, int]]:
        """Character ranges of the prepositional phrases of the common noun heading the
        speaker span [start, end) ("an aide [to Senator Warren]", "the wife [of Mr.
        Trump]"): a person named there is whom the speaker works for or belongs to."""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span) or span.root.pos_ != "NOUN":
            return []
        # "The head of the X Council, Jonas Petraitis": the name the parser hung on the
        # organisation holds the title; the phrase ends before it
        named = name_apposition(span.root, span.end, roles=self.lex.roles)
        out = []
        for c in span.root.rights:
            if c.dep_ == "prep":
                b = c.right_edge.idx + len(c.right_edge.text)
                if named is not None and c.i < named.i <= c.right_edge.i:
                    b = named.left_edge.idx
                out.append((c.idx, b))
        return out

    # --- public -------------------------------------------------------------------
    def resolve(self, start: int, end: int, pos: int) -> ActorRef | None:
        """The actor of the speaker span [start, end) of a quote at ``pos``; the result
        is remembered as the latest speaker."""
        actor = self._resolve(start, end, pos)
        self.history.append(_Said(pos, actor, self.text[start:end]))
        return actor

    def remember(self, actor: ActorRef | None, pos: int, text: str) -> None:
        """Record a speaker found some other way (adjacent attribution)."""
        self.history.append(_Said(pos, actor, text))

    def _resolve(self, start: int, end: int, pos: int) -> ActorRef | None:
        text = self.text[start:end].strip()
        low = text.lower()
        words = low.split()
        head = words[-1] if words else ""
        m = self._mention(start, end)
        holders = self._holder_phrases(start, end)

        def held(pos: int) -> bool:
            return any(a <= pos < b for a, b in holders)

        if m is not None and m.actor is not None and m.actor.person and held(m.start):
            # "An aide to Senator Warren", "the wife of Mr. Trump": the named person is
            # whom the speaker works for or belongs to, not the speaker; the code
            # (their side) stays.
            return replace(m.actor, person=None) if m.actor.code else None
        if m is not None and m.actor is not None:
            actor = m.actor
            if actor.person is None and m.label != "PRON":
                # "Lavrov" coded as RUS GOV without a name: the surname map may know it.
                named = self.by_surname.get(_last_word(text))
                if named is not None and named.person:
                    actor = replace(actor, person=named.person) if not named.code else named
            return actor
        if len(words) == 1 and head in _PERSONAL:
            said = self._last_speaker(pos, person=True)
            if said is not None:
                return said.actor
            return self._last_person(pos)
        if len(words) == 1 and head in _GROUP:
            said = self._last_speaker(pos, person=False)
            return said.actor if said is not None else None
        if words and words[0] in ("the", "this", "that") and len(words) <= _DEFINITE_WORDS \
                and head.isalpha() and (head in self.lex.roles or DEFINITE_NOMINALS):
            # "the minister said", "the group wrote": the latest speaker with that role
            # or head noun, else the latest resolved mention with that head noun
            # ("Israeli officials …" / "The officials said").
            for said in reversed(self.history[-8:]):
                if pos - said.pos > _PRONOUN_REACH:
                    break
                if said.actor is not None and (
                    head in said.text.lower().split()
                    or head in (said.actor.role or "").lower().split()
                ):
                    return said.actor
            if DEFINITE_NOMINALS:
                found = self._mention_by_head(head, start)
                if found is not None:
                    return found
            if head in self.lex.roles:
                return None
        if holders and held(end - 1):
            return None  # "the wife of Mr. Trump": the surname is not the speaker's
        named = self.by_surname.get(_last_word(text))
        if named is not None:
            return named
        return None
