"""Outlet comparison over hand-built CodedArticles."""

from __future__ import annotations

import datetime as dt

from _link_builders import article, claim, event
from detente.link import compare_outlets, group_stories

FOX = article(
    "The Russian minister said the offer to Kyiv went unanswered. The Ukrainian president "
    "said no offer ever arrived. Defense officials said conscription had started in the south.",
    outlet="Outlet One", published="2022-04-22",
    claims=[
        claim("the offer to Kyiv went unanswered", "RUS GOV", "Pyotr Ivanov"),
        claim("no offer ever arrived", "UKR GOV", "Oksana Bilyk", polarity=-1),
        claim("conscription had started in the south", "UKR MIL", None),
    ],
    events=[event("offer to Kyiv", "AGREE", "RUS", "UKR", date="2022-04-17", trigger="offer")],
)
WIRE = article(
    "A Russian negotiator said the offer to Kyiv went unanswered for weeks. The British prime "
    "minister said he urged Kyiv not to negotiate.",
    outlet="Outlet Two", published="2022-05-17",
    claims=[
        claim("the offer to Kyiv went unanswered for weeks", "RUS GOV", "Lev Orlov"),
        claim("he urged Kyiv not to negotiate", "GBR GOV", "Henry Hart"),
    ],
    events=[event("offer to Kyiv", "AGREE", "RUS", "UKR", date="2022-04-15", trigger="offer"),
            event("urged Kyiv", "REQUEST", "GBR", "UKR", trigger="urged")],
)


def test_who_each_outlet_quotes_and_what_it_alone_carries() -> None:
    one, two = compare_outlets([FOX, WIRE])
    assert one.outlet == "Outlet One" and two.outlet == "Outlet Two"
    names_one = {(n, c) for n, c, _ in one.quoted}
    assert ("Pyotr Ivanov", "RUS") in names_one and ("Oksana Bilyk", "UKR") in names_one
    assert dict(one.quoted_countries) == {"RUS": 1, "UKR": 2}
    assert dict(two.quoted_countries) == {"RUS": 1, "GBR": 1}
    assert dict(two.event_types) == {"AGREE": 1, "REQUEST": 1}
    # the unanswered offer is carried by both outlets; the rest by one only
    excl_one = {text for _, _, _, text in one.exclusive_claims}
    excl_two = {text for _, _, _, text in two.exclusive_claims}
    assert "the offer to Kyiv went unanswered" not in excl_one
    assert "no offer ever arrived" in excl_one
    assert excl_two == {"he urged Kyiv not to negotiate"}
    # the offer is one cluster reported by both: not exclusive; GBR's request is
    assert one.exclusive_clusters == () and len(two.exclusive_clusters) == 1


def test_filters_by_date_and_story() -> None:
    (only,) = compare_outlets([FOX, WIRE], since=dt.date(2022, 5, 1))
    assert only.outlet == "Outlet Two"
    assert compare_outlets([FOX, WIRE], until=dt.date(2022, 1, 1)) == []
    stories = group_stories([FOX, WIRE])
    sid = next(s.id for s in stories if FOX.article.id in s.article_ids)
    profiles = compare_outlets([FOX, WIRE], story_id=sid)
    assert "Outlet One" in {p.outlet for p in profiles}
    assert compare_outlets([FOX, WIRE], story_id="s-none") == []
    (only,) = compare_outlets([FOX, WIRE], story_articles=[WIRE.article.id])
    assert only.outlet == "Outlet Two"


def test_a_wire_copy_counts_for_every_outlet_that_carried_it() -> None:
    import dataclasses

    from detente.records import ArticleMention

    carried = dataclasses.replace(WIRE, article_mentions=(
        ArticleMention.of(WIRE.article),
        ArticleMention(article_id=WIRE.article.id, outlet="Outlet Three"),
    ))
    profiles = {p.outlet: p for p in compare_outlets([FOX, carried])}
    assert set(profiles) == {"Outlet One", "Outlet Two", "Outlet Three"}
    assert profiles["Outlet Three"].n_articles == 1
    assert dict(profiles["Outlet Three"].event_types) == {"AGREE": 1, "REQUEST": 1}
    # both outlets carry the British request: no longer exclusive to one
    assert profiles["Outlet Two"].exclusive_claims == ()
