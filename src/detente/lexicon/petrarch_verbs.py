"""The PETRARCH / TABARI CAMEO verb dictionary format (``CAMEO.2.0.txt``,
``*.verbs.txt``): parser, shipped-file converter and run-time loader.

The format (PETRARCH 2, ``PETRreader.read_verb_dictionary``):

- ``&NAME`` opens a synonym class; ``+MEMBER`` lines follow (``_`` joins the words of a
  phrase; a trailing ``_`` means "no plural"). A pattern uses the class as ``&NAME``.
- ``---  VERB   [code]  ---`` opens a verb block; ``[code]`` is the block's default
  (``[---]``: none).
- Verb lines: ``WORD {IRREGULAR FORMS}  [code]  # comment`` -- the verb and its
  synonyms, each optionally with its own default code; ``+CARRY_OUT {+CARRIED_OUT}``
  is a multi-word verb. Regular forms (``-s``, ``-ed``, ``-ing``) are generated as
  PETRARCH does (:func:`regular_forms`).
- Patterns: ``- PRE * POST [code]  # comment``. ``*`` is the verb; words before it
  belong to the subject side, words after it to the object side; ``{A B}`` is a phrase,
  ``(PREP WORDS)`` a prepositional phrase, ``&NAME`` a class; ``$`` / ``+`` mark the
  source / target, ``^`` a skip, ``%`` a compound actor (before ``*``: its members
  act on each other, kept as ``compound``). ``[X:Y]`` is the event X and its
  reciprocal Y (target -> source: "arrived in" ``[032:033]``), ``[:Y]`` the reciprocal
  alone; ``[---]``: no event (it blocks the block's default). Block and verb-line
  codes keep the spec as written (``"032:033"``); :func:`split_code` reads it.

Patterns are matched on the dependency parse, not on surface order, by
:mod:`detente.extract.events.petrarch`; ``$``/``+``/``^`` are not used there (source
and target come from the parse as for the project's own patterns).

>>> d = parse_verbs("&AID_\\n+AID\\n+RELIEF\\n---  RUSH   [---]  ---\\nRUSH\\n"
...                 "- * &AID_  [070]\\n- * POLICE (TO BORDER) [153]\\n")
>>> [(p.code, p.after, p.preps) for p in d.blocks[0].patterns]
[('070', ('&AID',), ()), ('153', ('police',), (('to', ('border',)),))]
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import LexiconError

__all__ = ["CompiledVerbPattern", "Element", "VerbBlock", "VerbDictionary", "VerbPattern",
           "compile_verbs", "convert_verbs", "load_verbs", "parse_verbs", "plover_of",
           "read_verbs_file", "regular_forms", "split_code", "verbs_from_record"]

VERSION = "petrarch2-676801c.verbs.2"
_HEADER = re.compile(r"^---\s*(.*?)\s*\[([^\]]*)\]\s*---")
_CODE = re.compile(r"\[([^\]]*)\]")
_MARKERS = frozenset({"$", "+", "^", "%"})


@dataclass(frozen=True, slots=True)
class VerbPattern:
    """One pattern of a verb block.

    Fields: ``code`` (the CAMEO code, None for ``[---]``: no event); ``swap`` (the code
    was written ``[:X]``: source and target trade places); ``recip`` (``[X:Y]``: the
    code Y of the reciprocal event, target -> source; None if none); ``compound`` (a
    ``%`` before ``*``: the subject is a compound whose members act on each other,
    "X and Y renewed ties"); ``before`` / ``after`` (the
    elements before / after ``*``: a lower-case word, a space-joined phrase, or
    ``&NAME`` for a class); ``preps`` (``(preposition, elements)`` pairs);
    ``specificity`` (number of elements: more specific patterns are tried first).
    """

    code: str | None
    swap: bool = False
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    preps: tuple[tuple[str, tuple[str, ...]], ...] = ()
    recip: str | None = None
    compound: bool = False

    @property
    def specificity(self) -> int:
        return len(self.before) + len(self.after) + sum(1 + len(w) for _, w in self.preps) \
            + self.compound


@dataclass(frozen=True, slots=True)
class VerbBlock:
    """A verb block: ``name``; ``code`` (the block's default code spec, None for
    ``[---]``: see :func:`split_code`); ``verbs`` (``(lemma, own default code spec or
    None)``: the verb and its synonyms, lower case; a multi-word verb is space-joined);
    ``forms`` (irregular form -> lemma); ``patterns``."""

    name: str
    code: str | None
    verbs: tuple[tuple[str, str | None], ...]
    forms: tuple[tuple[str, str], ...] = ()
    patterns: tuple[VerbPattern, ...] = ()


@dataclass(frozen=True, slots=True)
class VerbDictionary:
    """A parsed verb dictionary: ``classes`` (class name without ``&`` -> members, lower
    case, space-joined) and ``blocks``; ``skipped``: lines not understood (not fatal)."""

    classes: dict[str, tuple[str, ...]]
    blocks: tuple[VerbBlock, ...]
    skipped: int = 0


def split_code(raw: str | None) -> tuple[str | None, bool, str | None]:
    """(code, swap, reciprocal code) of a code spec (``---``, empty, None: no code).

    >>> split_code("032:033"), split_code(":173"), split_code("---")
    (('032', False, '033'), ('173', True, None), (None, False, None))
    """
    first, _, second = (raw or "").strip().partition(":")
    first, second = first.strip(), second.strip()
    recip = second if second and second != "---" else None
    if first and first != "---":
        return first, False, recip
    if recip:
        return recip, True, None
    return None, False, None


def _spec(raw: str) -> str | None:
    """A code spec as kept for blocks and verb lines: spaces dropped, None for no code
    (``[---]``, ``[]``)."""
    code, swap, recip = split_code(raw)
    if code is None:
        return None
    return f":{code}" if swap else f"{code}:{recip}" if recip else code


def _word(raw: str) -> str:
    return " ".join(w for w in raw.strip("_").lower().split("_") if w)


def _elements(text: str) -> tuple[list[str], list[str], list[tuple[str, tuple[str, ...]]]]:
    """Split a pattern body into before-verb elements, after-verb elements and
    prepositional phrases (anywhere)."""
    before: list[str] = []
    after: list[str] = []
    preps: list[tuple[str, tuple[str, ...]]] = []
    side = before
    i = 0
    # "IN_*", "*_OUT": the verb glued to a word
    text = text.replace("_*", " *").replace("*_", "* ")
    while i < len(text):
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch == "(":
            j = text.find(")", i)
            j = len(text) if j < 0 else j
            inner = _elements(text[i + 1:j].replace("*", " "))[0]
            if inner:
                preps.append((inner[0], tuple(inner[1:])))
            i = j + 1
        elif ch == "{":
            j = text.find("}", i)
            j = len(text) if j < 0 else j
            words = [w for w in (_word(x) for x in text[i + 1:j].split())
                     if w and w not in _MARKERS]
            if words:
                side.append(" ".join(words))
            i = j + 1
        else:
            j = i
            while j < len(text) and not text[j].isspace() and text[j] not in "({":
                j += 1
            tok = text[i:j]
            i = j
            if tok == "*":
                side = after
            elif tok in _MARKERS or not tok.strip("_"):
                continue
            else:
                # "NEW_&TIETYPES_RELATIONS": glued words stay separate elements
                side.extend("&" + p[1:].upper() if p.startswith("&") else p.lower()
                            for p in tok.split("_") if p and p not in _MARKERS)
    return before, after, preps


def parse_verbs(text: str) -> VerbDictionary:
    """Parse a PETRARCH verb dictionary (see the module docstring)."""
    classes: dict[str, list[str]] = {}
    blocks: list[VerbBlock] = []
    cls: str | None = None
    name: str | None = None
    code: str | None = None
    verbs: list[tuple[str, str | None]] = []
    forms: list[tuple[str, str]] = []
    pats: list[VerbPattern] = []
    skipped = 0

    def close() -> None:
        if name is not None and verbs:
            blocks.append(VerbBlock(name=name, code=code, verbs=tuple(verbs),
                                    forms=tuple(forms), patterns=tuple(pats)))

    for raw in text.splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        s = line.strip()
        m = _HEADER.match(s)
        if m:
            close()
            name, code = _word(m.group(1)), _spec(m.group(2))
            verbs, forms, pats, cls = [], [], [], None
            continue
        if s.startswith("&"):
            close()
            name, verbs, pats = None, [], []
            cls = s[1:].split()[0].strip("_").upper()
            classes.setdefault(cls, [])
            continue
        if s.startswith("+") and cls is not None and name is None:
            member = _word(s[1:].split()[0].split("[")[0])
            if member:
                classes[cls].append(member)
            continue
        if name is None:
            skipped += 1
            continue
        if s.startswith("-"):
            m2 = _CODE.search(s)
            if m2 is None:
                skipped += 1
                continue
            pcode, swap, recip = split_code(m2.group(1))
            body = s[1:m2.start()]
            before, after, preps = _elements(body)
            subject_side = body.replace("_*", " *").split("*", 1)[0].split()
            pats.append(VerbPattern(code=pcode, swap=swap, before=tuple(before),
                                    after=tuple(after), preps=tuple(preps), recip=recip,
                                    compound="%" in subject_side))
            continue
        # a verb line: WORD {FORMS} [code]; "+CARRY_OUT {+CARRIED_OUT ...}" is a
        # multi-word verb (PETRARCH's compound verbs), filed like any other
        s = s.removeprefix("+")
        m3 = _CODE.search(s)
        vcode = _spec(m3.group(1)) if m3 else None
        body = s[:m3.start()] if m3 else s
        irregular = re.search(r"\{([^}]*)\}", body)
        head = body[:irregular.start()] if irregular else body
        lemma = _word(head.split()[0]) if head.split() else ""
        if not lemma:
            skipped += 1
            continue
        verbs.append((lemma, vcode))
        if irregular:
            forms += [(w, lemma) for f in irregular.group(1).split()
                      if (w := _word(f.lstrip("+")))]
    close()
    return VerbDictionary(classes={k: tuple(v) for k, v in classes.items()},
                          blocks=tuple(blocks), skipped=skipped)


# ---------------------------------------------------------------- shipped record
def convert_verbs(text: str) -> dict[str, Any]:
    """The shipped ``verbs.json.gz`` record of a verb dictionary's text (deterministic).

    ``classes``: name -> members; ``blocks``: ``[name, code, verbs, forms, patterns]``
    (codes of blocks and verbs as specs: ``"032:033"``) with verbs ``[lemma, code]``,
    forms ``[form, lemma]`` and patterns ``[code, swap, before, after, preps, recip,
    compound]`` (preps ``[prep, elements]``)."""
    d = parse_verbs(text)
    used = {e[1:] for b in d.blocks for p in b.patterns
            for e in (*p.before, *p.after, *(w for _, ws in p.preps for w in ws))
            if e.startswith("&")}
    return {
        "version": VERSION,
        "format": "blocks: [name, default code, [[verb, code]], [[form, verb]], "
                  "[[code, swap, before, after, [[prep, elements]], reciprocal code, "
                  "compound subject]]]; "
                  "element: word, phrase or &CLASS; a block or verb code X:Y is the "
                  "event X and its reciprocal Y, :Y the reciprocal alone",
        "classes": {k: list(v) for k, v in sorted(d.classes.items()) if k in used},
        "blocks": [[b.name, b.code, [list(v) for v in b.verbs], [list(f) for f in b.forms],
                    [[p.code, p.swap, list(p.before), list(p.after),
                      [[pr, list(ws)] for pr, ws in p.preps], p.recip, p.compound]
                     for p in b.patterns]]
                   for b in d.blocks],
    }


def verbs_from_record(data: dict[str, Any], *, where: str) -> VerbDictionary:
    """The :class:`VerbDictionary` of a shipped record (see :func:`convert_verbs`)."""
    try:
        classes = {str(k): tuple(str(m) for m in v) for k, v in data["classes"].items()}
        blocks = tuple(
            VerbBlock(name=str(n), code=c, verbs=tuple((str(v), vc) for v, vc in vs),
                      forms=tuple((str(f), str(v)) for f, v in fs),
                      patterns=tuple(VerbPattern(code=pc, swap=bool(sw), before=tuple(b),
                                                 after=tuple(a),
                                                 preps=tuple((str(pr), tuple(ws))
                                                             for pr, ws in ps),
                                                 recip=rest[0] if rest else None,
                                                 compound=bool(rest[1:] and rest[1]))
                                     for pc, sw, b, a, ps, *rest in pats))
            for n, c, vs, fs, pats in data["blocks"])
    except (KeyError, TypeError, ValueError) as exc:
        raise LexiconError(f"PETRARCH verbs file {where} is malformed: {exc!r}") from exc
    return VerbDictionary(classes=classes, blocks=blocks)


def read_verbs_file(path: Path) -> VerbDictionary:
    """A verb dictionary from a file: the shipped JSON(.gz) record or PETRARCH text."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise LexiconError(f"cannot read PETRARCH verbs file {path}: {exc}") from exc
    if path.name.endswith(".json.gz") or path.suffix == ".json":
        try:
            data = json.loads(gzip.decompress(raw) if path.name.endswith(".gz") else raw)
        except (OSError, ValueError) as exc:
            raise LexiconError(f"PETRARCH verbs file {path} is malformed: {exc}") from exc
        return verbs_from_record(data, where=str(path))
    return parse_verbs(raw.decode("utf-8", errors="replace"))


@lru_cache(maxsize=8)
def _load(paths: tuple[str, ...]) -> tuple[VerbDictionary, ...]:
    return tuple(read_verbs_file(Path(p)) for p in paths)


def load_verbs(paths: tuple[str, ...]) -> tuple[VerbDictionary, ...]:
    """The verb dictionaries at ``paths`` (cached per tuple of paths)."""
    return _load(paths)


# ------------------------------------------------------------- compiled for matching
Alternatives = frozenset[tuple[str, ...]]
# an element as matched: the first words of its alternatives (a quick disjointness test
# rules most patterns out), then the alternatives
Element = tuple[frozenset[str], Alternatives]


@dataclass(frozen=True, slots=True)
class CompiledVerbPattern:
    """A pattern ready for the parse matcher: ``code`` (None: no event), ``swap``,
    ``recip`` (``[X:Y]``'s Y), ``plover`` (``(type, mode)``, None: no PLOVER event);
    ``before`` / ``after`` (one :data:`Element` each: the alternatives' first words, and
    the alternatives, tuples of words all required); ``preps`` (``(preposition,
    elements)``); ``specificity``; ``default`` (the verb's default code, used when no
    pattern matched); ``own`` (that default is on the verb's own line, not its block's
    header); ``event`` / ``recip_event`` (what the caller's ``make_event`` made of the
    code / reciprocal code; None: no event); ``particles`` (a multi-word verb's other
    words, "off" of "cordon off"); ``user`` (from a user's own file: it decides before
    the project's own patterns); ``compound`` (``%`` on the subject side)."""

    code: str | None
    swap: bool
    plover: tuple[str, str | None] | None
    before: tuple[Element, ...] = ()
    after: tuple[Element, ...] = ()
    preps: tuple[tuple[str, tuple[Element, ...]], ...] = ()
    specificity: int = 0
    default: bool = False
    own: bool = False
    event: Any = None
    recip: str | None = None
    recip_event: Any = None
    particles: tuple[str, ...] = ()
    user: bool = False
    compound: bool = False


def plover_of(code: str | None, table: dict[str, str]) -> tuple[str, str | None] | None:
    """The PLOVER ``(type, mode)`` of a CAMEO code through ``table`` (the ``[plover]``
    section of ``cameo.toml``: longest listed prefix wins), or None."""
    if not code:
        return None
    digits = code.strip()
    for n in range(len(digits), 1, -1):
        entry = table.get(digits[:n])
        if entry is not None:
            if not entry:
                return None
            t, _, mode = entry.partition("/")
            return t, (mode or None)
    return None


def regular_forms(verb: str) -> tuple[str, ...]:
    """The regular forms PETRARCH files a verb under (its ``make_verb_forms``): third
    person, past, gerund. Irregular forms are the file's ``{...}``.

    >>> regular_forms("deny"), regular_forms("seize")[1:]
    (('denies', 'denied', 'denying'), ('seized', 'seizing'))
    """
    if not verb.isalpha() or len(verb) < 2:
        return ()
    cons_y = verb.endswith("y") and verb[-2] not in "aeiou"
    third = verb[:-1] + "ies" if cons_y else verb + "es" if verb.endswith(
        ("s", "x", "z", "ch", "sh")) else verb + "s"
    past = verb + "d" if verb.endswith("e") else verb[:-1] + "ied" if cons_y else verb + "ed"
    ing = verb[:-1] + "ing" if verb.endswith("e") and not verb.endswith("ee") else verb + "ing"
    return third, past, ing


def _alternatives(element: str, classes: dict[str, tuple[str, ...]],
                  memo: dict[str, Element]) -> Element:
    got = memo.get(element)
    if got is None:
        alts = _expand(element, classes)
        got = memo[element] = (frozenset(a[0] for a in alts if a), alts)
    return got


def _expand(element: str, classes: dict[str, tuple[str, ...]]) -> Alternatives:
    if element.startswith("&"):
        members = classes.get(element[1:].upper(), ())
        return frozenset(tuple(m.split()) for m in members if m)
    return frozenset({tuple(element.split())})


def compile_verbs(dicts: tuple[VerbDictionary, ...], *, plover: dict[str, str],
                  own_headers: tuple[bool, ...] = (),
                  make_event: Callable[..., Any] | None = None,
                  ) -> dict[str, tuple[CompiledVerbPattern, ...]]:
    """Verb lemma (and irregular and regular form: :func:`regular_forms`) -> its
    patterns, most specific first, the verb's default last. An earlier dictionary's
    verb hides a later one's (the user's files come first). A multi-word verb ("set
    up") is filed under its first word, the rest as ``particles``. ``own_headers[i]``:
    dictionary ``i`` is the user's own: its block headers count as each verb's own
    default (``own``), its patterns are ``user`` and its ``[X:Y]`` codes get a
    ``recip_event`` (the shipped file's do not: on 80 PolNeAR training texts all 9
    reciprocal events mirrored a wrong one, "Obama departs the UK" -> the UK hosting).
    ``make_event(code, plover, specificity, default, own)`` fills ``event`` and
    ``recip_event`` once per pattern (shared by the verbs of a block)."""

    def ev(code: str | None, plov: tuple[str, str | None] | None, spec: int,
           default: bool, own: bool) -> Any:
        return make_event(code, plov, spec, default, own) if make_event else None

    collected: dict[str, list[CompiledVerbPattern]] = {}
    owned: dict[str, int] = {}
    bases: set[str] = set()

    def order(p: CompiledVerbPattern) -> tuple[bool, int]:
        return (p.default, -p.specificity)

    for di, d in enumerate(dicts):
        memo: dict[str, Element] = {}
        user = di < len(own_headers) and own_headers[di]
        for block in d.blocks:
            pats = sorted((CompiledVerbPattern(
                code=p.code, swap=p.swap, plover=plover_of(p.code, plover),
                before=tuple(_alternatives(e, d.classes, memo) for e in p.before),
                after=tuple(_alternatives(e, d.classes, memo) for e in p.after),
                preps=tuple((pr, tuple(_alternatives(e, d.classes, memo) for e in ws))
                            for pr, ws in p.preps),
                specificity=p.specificity,
                event=ev(p.code, plover_of(p.code, plover), p.specificity, False, False),
                recip=p.recip, user=user, compound=p.compound,
                recip_event=ev(p.recip, plover_of(p.recip, plover), p.specificity, False,
                               False) if p.recip and user else None)
                for p in block.patterns), key=order)
            shared: dict[tuple[str, ...], list[CompiledVerbPattern]] = {}
            forms: dict[str, list[str]] = {}
            for form, verb in block.forms:
                forms.setdefault(verb, []).append(form)
            for verb, own in block.verbs:
                words = verb.split()
                if not words or not words[0].isalpha():
                    continue
                extra = tuple(words[1:])
                mine = shared.get(extra) if extra else pats
                if mine is None:  # one copy per block and particles ("off", "up")
                    mine = shared[extra] = [CompiledVerbPattern(
                        code=p.code, swap=p.swap, plover=p.plover, before=p.before,
                        after=p.after, preps=p.preps,
                        specificity=p.specificity + len(extra), event=p.event,
                        recip=p.recip, recip_event=p.recip_event, particles=extra,
                        user=user, compound=p.compound) for p in pats]
                is_own = bool(own) or user
                code, swap, recip = split_code(own or block.code)
                dplov = plover_of(code, plover)
                default = CompiledVerbPattern(
                    code=code, swap=swap, plover=dplov, particles=extra, default=True,
                    own=is_own, user=user, event=ev(code, dplov, 0, True, is_own), recip=recip,
                    recip_event=ev(recip, plover_of(recip, plover), 0, True, is_own)
                    if recip and user else None)
                bases.add(words[0])
                # a multi-word verb's forms ("cordoned off") under their first word
                for key in {words[0], *(f.split()[0] for f in forms.get(verb, ())
                                        if f.split()[1:] == words[1:])}:
                    if owned.setdefault(key, di) != di:
                        continue
                    # a verb in two blocks (or a multi-word verb's first word): merged,
                    # and sorted once below
                    collected.setdefault(key, []).extend((*mine, default))
    out = {key: tuple(sorted(pats, key=order)) for key, pats in collected.items()}
    # regular forms too, where no verb or irregular form has the key: a tagger's odd
    # lemma ("cordoned" -> "cordone") still finds the verb by its form
    for base in sorted(bases):
        for form in regular_forms(base):
            out.setdefault(form, out[base])
    return out
