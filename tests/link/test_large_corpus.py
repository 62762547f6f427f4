"""`detente link` completes on a corpus of a few hundred real-looking articles, including
articles stored before quote ids were unique (hardening item 0)."""

from __future__ import annotations

import dataclasses
import random

import pytest

from _link_builders import article, claim, event
from detente.link import link_all, run_links
from detente.records import CodedArticle
from detente.store import open_store

_PARTIES = [("RUS GOV", "Pyotr Ivanov", "Moscow"), ("UKR GOV", "Oksana Bilyk", "Kyiv"),
            ("USA GOV", "Jane Miller", "Washington"), ("FRA GOV", "Luc Girard", "Paris")]
_TOPICS = ["the grain corridor", "the prisoner exchange", "the ceasefire line",
           "the peace offer", "the shelling of the plant", "the new sanctions package"]
_OUTLETS = ["One Wire", "Two Post", "Three Herald", "Four Daily", "Five News"]


def _collide(coded: CodedArticle) -> CodedArticle:
    """The article as an old store held it: two quotes (and their claims) sharing an id."""
    if len(coded.quotes) < 2:
        return coded
    qid = coded.quotes[0].id
    quotes = (coded.quotes[0], dataclasses.replace(coded.quotes[1], id=qid), *coded.quotes[2:])
    claims = tuple(dataclasses.replace(c, quote_id=qid) if i < 2 else c
                   for i, c in enumerate(coded.claims))
    return dataclasses.replace(coded, quotes=quotes, claims=claims)


def _corpus(n: int, seed: int = 7) -> list[CodedArticle]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        (code, person, city), (ocode, operson, ocity) = rng.sample(_PARTIES, 2)
        topic = rng.choice(_TOPICS)
        day = f"2022-{rng.randint(3, 9):02d}-{rng.randint(1, 28):02d}"
        text = (f"{topic.capitalize()} divides {city} and {ocity} (report {i})\n\n"
                f"{person} said {city} had agreed to {topic} with {ocity}. "
                f"{person} said the talks on {topic} would go on. "
                f"{operson} denied that {ocity} had agreed to {topic}. "
                f"{city} accused {ocity} of blocking {topic}. "
                f"{city} urged {ocity} to accept {topic}.")
        coded = article(
            text, outlet=rng.choice(_OUTLETS), published=day,
            claims=[claim(f"{city} had agreed to {topic} with {ocity}", code, person),
                    claim(f"the talks on {topic} would go on", code, person),
                    claim(f"that {ocity} had agreed to {topic}", ocode, operson,
                          polarity=-1, denial=True)],
            events=[event(f"accused {ocity}", "ACCUSE", code.split()[0], ocode.split()[0],
                          trigger="accused"),
                    # a stance verb's complement gives a position (issue 15)
                    event(f"urged {ocity}", "REQUEST", code.split()[0], ocode.split()[0],
                          trigger="urged")])
        out.append(_collide(coded) if i % 3 == 0 else coded)
    return out


@pytest.mark.slow
def test_link_completes_on_hundreds_of_articles_with_colliding_ids(tmp_path) -> None:
    corpus = _corpus(300)
    store = open_store(tmp_path / "real.db")
    for coded in corpus:
        store.save(coded)
    summary = run_links(store)
    assert summary.articles == 300
    assert summary.stories >= 1 and summary.disputes >= 1 and summary.positions >= 1
    # what was stored has unique ids, and the counts agree with the summary
    assert len(store.disputes(limit=10_000)) == summary.disputes
    # a re-run replaces, never fails
    again = run_links(store)
    assert again.disputes == summary.disputes


def test_colliding_quote_ids_are_named_not_fatal() -> None:
    # Two claims that share a quote id, both denied by one counter-claim: before the fix
    # the two disputes got one id and the whole store write failed.
    text = ("Moscow said Kyiv had agreed to the grain corridor. Moscow said Kyiv had agreed "
            "to the grain corridor with Ankara. Kyiv denied that it had agreed to the grain "
            "corridor.")
    a = article(text, claims=[
        claim("Kyiv had agreed to the grain corridor.", "RUS GOV", "Pyotr Ivanov"),
        claim("Kyiv had agreed to the grain corridor with Ankara", "RUS GOV", "Pyotr Ivanov"),
        claim("that it had agreed to the grain corridor", "UKR GOV", "Oksana Bilyk",
              polarity=-1, denial=True)])
    q0 = a.quotes[0].id
    broken = dataclasses.replace(
        a, quotes=(a.quotes[0], dataclasses.replace(a.quotes[1], id=q0), a.quotes[2]),
        claims=(a.claims[0], dataclasses.replace(a.claims[1], quote_id=q0), a.claims[2]))
    result = link_all([broken])
    ids = [d.id for d in result.disputes]
    assert len(ids) == len(set(ids))
    for kind in (result.stories, result.clusters, result.positions):
        assert len({r.id for r in kind}) == len(kind)
    assert all("kept the first" in s for s in result.skipped)
