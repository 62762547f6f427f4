"""Coreference chains from resolved mentions (no parse needed).

:func:`build_chains` turns an article's mentions, whose ``antecedent_start`` the
coreference pass (:mod:`detente.extract.coref.resolve`) filled, into :class:`CorefChain`
records. It is light (no spaCy) and deterministic, so the store rebuilds an article's
chains from its stored mentions when it reads the article back.
"""

from __future__ import annotations

from collections.abc import Iterable

from ...records import ActorRef, CorefChain, CorefMention, Mention

__all__ = ["build_chains"]


def _key(actor: ActorRef) -> str:
    if actor.actor_id and actor.person:
        return actor.actor_id
    if actor.person:
        return "person:" + actor.person.lower()
    return ""


def build_chains(mentions: Iterable[Mention], *, article_id: str) -> list[CorefChain]:
    """Mention chains: mentions linked by ``antecedent_start`` or naming the same person
    (dictionary id or name) are one entity; chains of two or more mentions, in order of
    their first mention. The head is the longest name among them (else the first)."""
    ms = sorted((m for m in mentions if m.actor is not None), key=lambda m: (m.start, -m.end))
    parent = list(range(len(ms)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    by_start: dict[int, list[int]] = {}
    by_key: dict[str, int] = {}
    for i, m in enumerate(ms):
        by_start.setdefault(m.start, []).append(i)
        assert m.actor is not None
        key = _key(m.actor)
        if key and m.label != "PRON":
            if key in by_key:
                union(by_key[key], i)
            else:
                by_key[key] = i
    for i, m in enumerate(ms):
        if m.antecedent_start is None:
            continue
        targets = by_start.get(m.antecedent_start, [])
        for j in targets:
            if j != i and (ms[j].actor == m.actor or len(targets) == 1):
                union(i, j)
                break
    groups: dict[int, list[int]] = {}
    for i in range(len(ms)):
        groups.setdefault(find(i), []).append(i)
    out: list[CorefChain] = []
    for members in sorted(groups.values(), key=lambda g: ms[g[0]].start):
        if len(members) < 2:
            continue
        chain_ms = [ms[i] for i in members]
        named = [m for m in chain_ms if m.label != "PRON"]
        head = max(named, key=lambda m: (m.end - m.start, -m.start)) if named else chain_ms[0]
        actor = head.actor
        assert actor is not None
        n = len(out) + 1
        entity = _key(actor) or actor.actor_id or f"{article_id}:e{n}"
        out.append(CorefChain(
            article_id=article_id, id=f"{article_id}:c{n}", entity_id=entity, actor=actor,
            start=head.start, end=head.end, text=head.text,
            mentions=tuple(CorefMention(start=m.start, end=m.end, text=m.text, label=m.label,
                                        antecedent_start=m.antecedent_start)
                           for m in chain_ms)))
    return out
