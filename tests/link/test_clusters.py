"""Event clusters, stories and wire-copy dedupe over hand-built CodedArticles."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from _link_builders import article, event
from detente.link import cluster_events, find_duplicates, group_stories, link_all

D = dt.date.fromisoformat

PROPOSAL_A = article(
    "Talks stall over unanswered offer\n\n"
    "Moscow said Ukraine never answered the peace proposal it handed to Kyiv's negotiators "
    "five days ago. Shelling continued in the east.",
    outlet="Daily Courier", published="2022-04-22",
    events=[event("handed to Kyiv", "AGREE", "RUS GOV", "UKR GOV", date="2022-04-17",
                  trigger="handed")],
)
PROPOSAL_B = article(
    "Russia says Kyiv ignores its draft deal\n\n"
    "Russia put forward a draft peace deal to the Ukrainian negotiators on April 15 and has "
    "had no answer, a Russian negotiator said.",
    outlet="Evening Ledger", published="2022-05-17",
    events=[event("put forward a draft", "AGREE", "RUS", "UKR", date="2022-04-15",
                  trigger="put")],
)


def test_two_reports_of_one_proposal_form_one_cluster() -> None:
    clusters = cluster_events([PROPOSAL_A, PROPOSAL_B])
    assert len(clusters) == 1
    c = clusters[0]
    assert c.n_articles == 2 and c.n_outlets == 2
    assert c.outlets == ("Daily Courier", "Evening Ledger")
    assert (c.date_min, c.date_max) == (D("2022-04-15"), D("2022-04-17"))
    assert (c.first_reported, c.last_reported) == (D("2022-04-22"), D("2022-05-17"))
    assert (c.source_code, c.target_code, c.plover_type) == ("RUS", "UKR", "AGREE")


def test_dates_far_apart_are_different_happenings() -> None:
    late = article(
        "Russia handed Kyiv's negotiators a new peace proposal, officials said.",
        outlet="Evening Ledger", published="2022-06-30",
        events=[event("handed Kyiv", "AGREE", "RUS", "UKR", date="2022-06-29", trigger="handed")],
    )
    clusters = cluster_events([PROPOSAL_A, late])
    assert sorted(c.n_articles for c in clusters) == [1, 1]


def test_other_dyad_or_family_is_not_joined() -> None:
    other_dyad = article(
        "Turkey handed Kyiv's negotiators a peace proposal five days ago.",
        outlet="X", published="2022-04-22",
        events=[event("handed Kyiv", "AGREE", "TUR", "UKR", date="2022-04-17", trigger="handed")],
    )
    other_family = article(
        "Russia attacked Kyiv's negotiators over the peace proposal five days ago.",
        outlet="Y", published="2022-04-22",
        events=[event("attacked Kyiv", "ASSAULT", "RUS", "UKR", date="2022-04-17",
                      trigger="attacked")],
    )
    clusters = cluster_events([PROPOSAL_A, other_dyad, other_family])
    assert all(c.n_articles == 1 for c in clusters)
    assert len(clusters) == 3


def test_symmetric_types_ignore_direction_directed_types_do_not() -> None:
    def pair(ptype: str) -> list:
        a = article(f"Ukrainian and Russian delegations {ptype.lower()} in Istanbul on prisoner swaps.",
                    outlet="A", published="2022-03-29",
                    events=[event("delegations", ptype, "UKR", "RUS", date="2022-03-29",
                                  trigger=ptype.lower())])
        b = article(f"Russian and Ukrainian delegations {ptype.lower()} in Istanbul about prisoner swaps.",
                    outlet="B", published="2022-03-30",
                    events=[event("delegations", ptype, "RUS", "UKR", date="2022-03-29",
                                  trigger=ptype.lower())])
        return [a, b]

    assert len(cluster_events(pair("CONSULT"))) == 1
    assert len(cluster_events(pair("REQUEST"))) == 2


def test_undated_event_uses_publication_date_with_a_wider_window() -> None:
    undated = article(
        "Moscow says its peace proposal to Kyiv's negotiators went unanswered.",
        outlet="Weekly", published="2022-05-01",
        events=[event("peace proposal", "AGREE", "RUS", "UKR", trigger="peace")],
    )
    clusters = cluster_events([PROPOSAL_A, undated])
    assert len(clusters) == 1 and clusters[0].n_articles == 2
    # the event date spread comes only from the dated report
    assert clusters[0].date_min == clusters[0].date_max == D("2022-04-17")


def test_unrelated_evidence_in_one_block_stays_apart() -> None:
    a = article("Russian troops shelled a grain terminal near the harbour overnight.",
                outlet="A", published="2022-04-20",
                events=[event("shelled", "ASSAULT", "RUS", "UKR", date="2022-04-20")])
    b = article("Kremlin forces seized a power plant and detained its engineers.",
                outlet="B", published="2022-04-21",
                events=[event("seized", "ASSAULT", "RUS", "UKR", date="2022-04-21")])
    assert len(cluster_events([a, b])) == 2


def test_amounts_keep_their_spread() -> None:
    a = article("Washington will send Kyiv $40 billion in military aid.", outlet="A",
                published="2022-05-10",
                events=[event("send Kyiv", "AID", "USA", "UKR", date="2022-05-10", trigger="send",
                              amounts=("$40 billion",))])
    b = article("Washington is sending Kyiv a $39.8 billion military aid package.", outlet="B",
                published="2022-05-11",
                events=[event("sending Kyiv", "AID", "USA", "UKR", date="2022-05-10",
                              trigger="sending", amounts=("$39.8 billion",))])
    (c,) = cluster_events([a, b])
    assert c.amounts == ("$39.8 billion", "$40 billion")


def test_event_with_one_unresolved_side_joins_the_full_dyad() -> None:
    partial = article(
        "The minister said the peace proposal handed over five days ago went unanswered.",
        outlet="Third", published="2022-04-22",
        events=[event("peace proposal", "AGREE", "RUS", None, date="2022-04-17",
                      trigger="peace")])
    wrong_role = article(
        "Officials said the peace proposal handed to Moscow five days ago went unanswered.",
        outlet="Fourth", published="2022-04-22",
        events=[event("peace proposal", "AGREE", None, "RUS", date="2022-04-17",
                      trigger="peace")])
    clusters = cluster_events([PROPOSAL_A, partial, wrong_role])
    big = clusters[0]
    assert big.n_articles == 2 and {o for o in big.outlets} == {"Daily Courier", "Third"}
    assert (big.source_code, big.target_code) == ("RUS", "UKR")
    assert len(clusters) == 2


def test_events_without_parties_are_not_clustered() -> None:
    a = article("Someone shelled a harbour.", events=[event("shelled", "ASSAULT", None, None)])
    assert cluster_events([a]) == []


WIRE = (
    "Peace talks between the two delegations broke down on Tuesday after the negotiators "
    "failed to agree on the status of the southern port and the exchange of prisoners held "
    "since the spring. Officials on both sides blamed each other for the collapse, and the "
    "mediators said a new round could not be scheduled before next month."
)


def _wire_copies(n: int) -> list:
    out = []
    for i in range(n):
        # each outlet adds its own dateline and tag line: texts differ, content does not
        text = f"CITY {i} (Wire) - {WIRE}\nDistributed by outlet {i}."
        out.append(article(text, outlet=f"Outlet {i}", published="2022-05-03",
                           events=[event("broke down", "REJECT", "RUS", "UKR",
                                         date="2022-05-03", trigger="broke")]))
    return out


def test_wire_copies_collapse_in_linear_time() -> None:
    copies = _wire_copies(300)
    t0 = time.perf_counter()
    result = link_all(copies)
    elapsed = time.perf_counter() - t0
    assert len(result.stories) == 1 and result.stories[0].n_articles == 300
    assert len(result.clusters) == 1 and result.clusters[0].n_outlets == 300
    assert len(result.duplicates) == 299
    assert elapsed < 10


def test_find_duplicates_keeps_distinct_articles_apart() -> None:
    dups = find_duplicates([PROPOSAL_A, PROPOSAL_B, *_wire_copies(3)])
    assert dups[PROPOSAL_A.article.id] == PROPOSAL_A.article.id
    assert dups[PROPOSAL_B.article.id] == PROPOSAL_B.article.id
    assert len(set(dups.values())) == 3


STORY_1 = article(
    "Grain corridor deal signed in Istanbul\n\nRussia and Ukraine signed a grain corridor deal "
    "in Istanbul, letting ships carry wheat from Odesa through the Black Sea.",
    outlet="A", published="2022-07-22")
STORY_2 = article(
    "Black Sea grain corridor opens after Istanbul deal\n\nThe first ships carrying wheat left "
    "Odesa under the grain corridor deal signed in Istanbul last week.",
    outlet="B", published="2022-07-29")
STORY_OTHER = article(
    "Sanctions on oil exports tightened\n\nThe European Union agreed a price cap on seaborne "
    "crude oil exports, tightening sanctions on the energy sector.",
    outlet="C", published="2022-07-25")


def test_stories_group_similar_articles_only() -> None:
    stories = group_stories([STORY_1, STORY_2, STORY_OTHER])
    sizes = sorted(s.n_articles for s in stories)
    assert sizes == [1, 2]
    big = stories[0]
    assert set(big.article_ids) == {STORY_1.article.id, STORY_2.article.id}
    assert big.title.startswith("Grain corridor deal")  # the earliest report names it
    assert big.first_reported == D("2022-07-22") and big.last_reported == D("2022-07-29")
    assert "grain" in big.keywords and big.undated == 0


def test_undated_article_is_linked_by_content_and_flagged() -> None:
    undated = article(
        "Grain corridor deal signed in Istanbul lets wheat ships leave Odesa\n\nShips carrying "
        "wheat will leave Odesa through the Black Sea under the Istanbul grain corridor deal.",
        outlet="D", published=None)
    stories = group_stories([STORY_1, STORY_OTHER, undated])
    big = next(s for s in stories if s.n_articles == 2)
    assert undated.article.id in big.article_ids and big.undated == 1


def test_stories_far_apart_in_time_are_separate() -> None:
    later = article(STORY_2.article.text.replace("last week", "last year"), outlet="B",
                    published="2023-09-29")
    assert len(group_stories([STORY_1, later])) == 2


def test_shared_cluster_supports_a_story_link() -> None:
    result = link_all([PROPOSAL_A, PROPOSAL_B])
    assert len(result.stories) == 1
    (cl,) = result.clusters
    assert cl.story_id == result.stories[0].id


@pytest.mark.parametrize("n", [1, 5])
def test_cluster_ids_are_stable_when_articles_are_added(n: int) -> None:
    first = {c.id for c in cluster_events([PROPOSAL_A, PROPOSAL_B])}
    again = {c.id for c in cluster_events([PROPOSAL_A, PROPOSAL_B, *_wire_copies(n)])}
    assert first <= again


def test_contradictory_dates_in_one_article_keep_their_spread() -> None:
    text = ("Russia handed Ukraine a draft peace proposal on April 15, the envoy said. "
            "Officials in Moscow later said Russia handed Ukraine the draft peace proposal on "
            "April 17. Russian troops shelled Kharkiv on April 16.")
    a = article(text, published="2022-04-22", events=[
        event("handed Ukraine a draft", "AGREE", "RUS", "UKR", date="2022-04-15",
              trigger="handed"),
        event("handed Ukraine the draft", "AGREE", "RUS", "UKR", date="2022-04-17",
              trigger="handed"),
        event("shelled Kharkiv", "ASSAULT", "RUS", "UKR", date="2022-04-16", trigger="shelled"),
    ])
    clusters = cluster_events([a])
    assert sorted(c.n_articles for c in clusters) == [1, 1]
    proposal = next(c for c in clusters if c.plover_type == "AGREE")
    assert len(proposal.event_ids) == 2
    assert (proposal.date_min, proposal.date_max) == (D("2022-04-15"), D("2022-04-17"))


def test_a_statements_date_is_a_bound_not_the_acts_date() -> None:
    # "the mayor said on Monday that troops shelled the city": Monday bounds the act
    # (date_basis "report"), as the publication date does; only the act's own date is
    # a statement of when it happened
    from dataclasses import replace

    from detente.link.clusters import _own_date

    (e,) = PROPOSAL_A.events
    assert _own_date(replace(e, date_basis="sentence")) == e.date
    assert _own_date(replace(e, date_basis="report")) is None
    assert _own_date(replace(e, date_basis="article")) is None
