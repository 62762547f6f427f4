"""What keeps stories, clusters and disputes from over-merging.

Hand-built CodedArticles (no spaCy): publication dates as upper bounds on a happening,
group-average story joins, and who a denial cue belongs to.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from _link_builders import actor, article, claim, event
from detente.link import cluster_events, find_disputes, group_stories
from detente.link._text import UnionFind
from detente.records import Mention


def _mention(c, needle: str, code: str, *, after: str = ""):
    text = c.article.text
    s = text.index(needle, text.index(after) if after else 0)
    return Mention(article_id=c.article.id, start=s, end=s + len(needle), text=needle,
                   label="GPE", actor=actor(code))


def _with_mentions(c, *mentions):
    return dataclasses.replace(c, mentions=tuple(mentions))


# --- union-find bounds ---------------------------------------------------------------------


def test_a_stated_day_after_a_publication_bound_is_refused() -> None:
    uf = UnionFind(max_span=30)
    uf.add("stated", day=100)
    uf.add("reported_before", day=90, upper=91)  # published on day 90: happened by then
    uf.add("reported_after", day=104, upper=105)
    assert uf.union("stated", "reported_after")
    assert not uf.union("stated", "reported_before")
    assert uf.find("reported_before") != uf.find("stated")


def test_bounds_alone_keep_a_narrow_span() -> None:
    uf = UnionFind(max_span=30, max_bound_span=7)
    uf.add("a", day=10, upper=11)
    uf.add("b", day=15, upper=16)
    uf.add("c", day=25, upper=26)
    uf.add("undated")  # no date at all: must not bridge a and c
    assert uf.union("a", "b")
    assert uf.union("a", "undated")
    assert not uf.union("undated", "c")


# --- clusters: a publication date is weaker than a stated date -----------------------------

_TALKS = ("Russia handed Ukraine's negotiators a draft peace proposal on neutrality and "
          "security guarantees, the envoy said.")


def _talks(published: str, date: str | None, outlet: str):
    return article(f"{_TALKS} ({outlet})", outlet=outlet, published=published, events=[
        event("handed Ukraine's negotiators", "AGREE", "RUS", "UKR", date=date,
              trigger="handed")])


def test_report_published_before_a_stated_date_is_another_happening() -> None:
    early = _talks("2022-03-29", None, "A")  # only its publication date: on or before 03-29
    stated = _talks("2022-04-22", "2022-04-15", "B")
    clusters = cluster_events([early, stated])
    assert sorted(c.n_articles for c in clusters) == [1, 1]


def test_report_published_after_a_stated_date_can_join_it() -> None:
    later = _talks("2022-04-20", None, "A")  # on or before 04-20: fits 04-15
    stated = _talks("2022-04-22", "2022-04-15", "B")
    (cl,) = cluster_events([later, stated])
    assert cl.n_articles == 2
    assert (cl.date_min, cl.date_max) == (dt.date(2022, 4, 15),) * 2


def test_publication_dates_weeks_apart_are_no_shared_day() -> None:
    a, b = _talks("2022-04-01", None, "A"), _talks("2022-04-21", None, "B")
    assert sorted(c.n_articles for c in cluster_events([a, b])) == [1, 1]
    c = _talks("2022-04-03", None, "C")
    assert max(cl.n_articles for cl in cluster_events([a, c])) == 2


# --- stories: weak links do not chain -------------------------------------------------------

# The hub shares about 0.21 cosine with each side (above the 0.2 claim bar); the two
# sides share nothing, so once the hub has joined one side, the other averages ~0.1.
VISIT = article(
    "Prime minister tours Kyiv and pledges armoured vehicles\n\nThe prime minister toured "
    "Kyiv, walked with the president and pledged armoured vehicles and anti-ship missiles.",
    outlet="A", published="2022-04-09")
HUB = article(
    "Week in review: armoured vehicles, an aid vote and prisoner swaps\n\nArmoured "
    "vehicles were pledged; lawmakers passed an aid package; prisoners were swapped.",
    outlet="B", published="2022-04-12")
VOTE = article(
    "House passes aid package by wide margin\n\nThe House passed the aid package by "
    "368 votes to 57, sending billions in weapons and economic help.",
    outlet="C", published="2022-04-14")


def test_claim_links_do_not_chain_unrelated_reports_into_one_story() -> None:
    links = [(VISIT.article.id, HUB.article.id), (HUB.article.id, VOTE.article.id)]
    stories = group_stories([VISIT, HUB, VOTE], article_links=links)
    story_of = {a: s.id for s in stories for a in s.article_ids}
    assert story_of[VISIT.article.id] != story_of[VOTE.article.id]
    # Each link alone is accepted: the hub joins one side.
    assert len(stories) == 2


def test_a_single_claim_link_still_joins_two_related_reports() -> None:
    stories = group_stories([VISIT, HUB, VOTE], article_links=[(HUB.article.id, VOTE.article.id)])
    assert set(stories[0].article_ids) == {HUB.article.id, VOTE.article.id}
    assert len(stories) == 2


# --- disputes: who denies -------------------------------------------------------------------

SHIELDS = ("Russia said it had opened humanitarian corridors and accused the units in the "
           "plant of holding civilians as human shields, a claim Kyiv has denied.")


def test_a_denial_closing_anothers_statement_belongs_to_its_subject() -> None:
    c = article(SHIELDS, claims=[
        claim("it had opened humanitarian corridors", "RUS"),
        claim("the units in the plant of holding civilians as human shields", "RUS"),
    ])
    c = _with_mentions(c, _mention(c, "Russia", "RUS"), _mention(c, "Kyiv", "UKR GOV"))
    (d,) = find_disputes([c])
    assert d.basis == "explicit_denial"
    assert d.claim.text.startswith("the units in the plant")  # the claim nearest the cue
    assert d.counter.actor_code == "UKR GOV" and d.counter.quote_id is None
    assert d.counter.text == "Kyiv has denied"
    assert SHIELDS[d.counter.start : d.counter.end] == d.counter.text


def test_a_cue_with_no_subject_next_to_it_is_the_speakers() -> None:
    text = ("Officials in Kyiv warned that Moscow was preparing a staged referendum in the "
            "region. Zelenskyy said there would be no talks if the vote went ahead. "
            "The Kremlin spokesman said the region would decide its future, and he accused "
            "Kyiv of spreading fabricated stories to derail the talks.")
    c = article(text, claims=[
        claim("Moscow was preparing a staged referendum in the region", "UKR GOV",
              keywords=("prepare", "referendum", "stage", "region")),
        claim("there would be no talks if the vote went ahead", "UKR GOV", "Zelenskyy",
              keywords=("talk", "vote")),
        claim("the region would decide its future", "RUS GOV", "Spokesman",
              keywords=("region", "decide", "future")),
    ])
    c = _with_mentions(c, _mention(c, "Kyiv", "UKR"), _mention(c, "Kremlin", "RUS GOV"),
                       _mention(c, "Kyiv", "UKR", after="accused"))
    (d,) = find_disputes([c])
    assert d.counter.speaker == "Spokesman"  # "accused Kyiv of ... fabricated": his cue
    # The threat ("no talks if ...") is a condition, not an assertion a denial answers.
    assert d.claim.text.startswith("Moscow was preparing")


def test_claims_of_wire_copies_are_paired_once() -> None:
    base = ("Western countries were pushing Ukraine to keep fighting instead of negotiating, "
            "the minister said.")
    orig = article(base, outlet="A", published="2022-04-22", claims=[
        claim("Western countries were pushing Ukraine to keep fighting instead of negotiating",
              "RUS GOV", "Minister", keywords=("western", "push", "fight", "negotiate"))])
    copy = article(base + " ", outlet="B", published="2022-04-22", claims=[
        claim("Western countries were pushing Ukraine to keep fighting instead of negotiating",
              "RUS GOV", "Minister", keywords=("western", "push", "fight", "negotiate"))])
    other = article("Britain is not pushing Ukraine to keep fighting, a spokesman said.",
                    outlet="C", published="2022-04-21", claims=[
        claim("Britain is not pushing Ukraine to keep fighting", "GBR GOV", "Spokesman",
              polarity=-1, keywords=("western", "push", "fight", "negotiate"))])
    both = find_disputes([orig, copy, other])
    assert len(both) == 2
    once = find_disputes([orig, copy, other], duplicates={copy.article.id: orig.article.id})
    assert len(once) == 1 and once[0].basis == "opposing_claims"


def test_a_bare_denial_answers_the_accusation_event_after_the_claim() -> None:
    # Only "it had opened humanitarian corridors" is a claim; the accusation that Kyiv
    # denies is an event between that claim and the cue.
    c = article(SHIELDS, claims=[claim("it had opened humanitarian corridors", "RUS")],
                events=[event("accused the units", "ACCUSE", "RUS", "UKR", trigger="accused")])
    c = _with_mentions(c, _mention(c, "Russia", "RUS"), _mention(c, "Kyiv", "UKR GOV"))
    (d,) = find_disputes([c])
    assert d.claim.quote_id is None and d.claim.actor_code == "RUS"
    assert d.claim.text == "accused the units in the plant of holding civilians as human shields"
    assert SHIELDS[d.claim.start : d.claim.end] == d.claim.text
    assert d.counter.text == "Kyiv has denied"
