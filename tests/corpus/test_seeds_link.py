"""The link stage on the two seed articles, against the analyst's reading (expected.md).

The seeds are coded with the real model and the current extractors. Where a link result
is missing, the assertion first names the upstream record that is missing (which extractor
lost it), else the link stage; either way the test fails.
"""

from __future__ import annotations

import datetime as dt

import pytest

from _claims import claims_by, person_of
from detente.link import compare_outlets, link_all
from detente.records import CodedArticle

pytestmark = [pytest.mark.model, pytest.mark.shared]

FOX, ANTIWAR = "000_24504b356f1fac27.txt", "004_ca12c4fb48c54197.txt"


@pytest.fixture(scope="module")
def linked(coded_seeds):
    return link_all(coded_seeds.values())


def test_dispute_lavrov_zelenskyy(coded_seeds, linked) -> None:
    c = coded_seeds[FOX]
    assert claims_by(c, name="Lavrov"), "claim extractor gives no Lavrov claim in 000"
    assert claims_by(c, name="Zelensk"), "claim extractor gives no Zelenskyy claim in 000"
    hits = [d for d in linked.disputes
            if "Lavrov" in (d.claim.speaker or "") and "Zelensk" in (d.counter.speaker or "")]
    assert hits, [(d.claim.speaker, d.counter.speaker) for d in linked.disputes]
    d = hits[0]
    assert d.basis == "explicit_denial"
    assert d.claim.actor_code.startswith("RUS") and d.counter.actor_code.startswith("UKR")
    assert d.claim.article_id == d.counter.article_id == c.article.id
    assert d.claim.outlet == "Fox News"
    text = c.article.text
    assert text[d.claim.start : d.claim.end] == d.claim.text
    assert "receiv" in text[d.counter.start : d.counter.end].lower()


def test_dispute_medinsky_ukrainian_negotiator(coded_seeds, linked) -> None:
    c = coded_seeds[ANTIWAR]
    assert claims_by(c, name="Medinsky"), "claim extractor gives no Medinsky claim in 004"
    assert any("fakes" in c.article.text[cl.start : cl.end] for cl in claims_by(c, party="UKR")), (
        "claim extractor gives no UKR claim holding 'fakes and lies' in 004")
    hits = [d for d in linked.disputes
            if "Medinsky" in (d.claim.speaker or "") and (d.counter.actor_code or "").startswith("UKR")]
    assert hits, [(d.claim.speaker, d.counter.actor_code) for d in linked.disputes]
    d = hits[0]
    assert "fakes" in d.counter.text and d.claim.article_id == c.article.id
    assert d.counter.outlet == "Antiwar.com"


def _proposal_events(c: CodedArticle, lo: dt.date, hi: dt.date) -> list:
    return [e for e in c.events
            if e.date_basis != "article" and e.date and lo <= e.date <= hi
            and any(w in c.article.text[e.start : e.end].lower() for w in ("proposal", "deal"))]


def test_mid_april_proposal_reports_are_one_story(coded_seeds, linked) -> None:
    fox, aw = coded_seeds[FOX].article.id, coded_seeds[ANTIWAR].article.id
    story_of = {a: s.id for s in linked.stories for a in s.article_ids}
    together = story_of[fox] == story_of[aw]
    cluster_both = [cl for cl in linked.clusters
                    if {fox, aw} <= {a for a, _ in cl.event_ids}]
    if not together and not cluster_both:
        mid_april = (dt.date(2022, 4, 10), dt.date(2022, 4, 20))
        dated = _proposal_events(coded_seeds[FOX], *mid_april) and _proposal_events(
            coded_seeds[ANTIWAR], *mid_april)
        echoes = claims_by(coded_seeds[FOX], party="RUS") and claims_by(
            coded_seeds[ANTIWAR], party="RUS")
        assert dated or echoes, (
            "extractors give neither mid-April dates on the proposal events nor Russian "
            "claims in both articles: nothing ties the two reports")
    assert together


@pytest.mark.parametrize(
    ("party", "issue", "stances"),
    [
        ("RUS", "nato_membership", {"demands", "proposes", "accepts", "supports"}),
        ("UKR", "nato_membership", {"accepts"}),
        ("RUS", "demilitarization", {"demands"}),
        ("UKR", "demilitarization", {"rejects"}),
        ("RUS", "denazification", {"demands"}),
        ("UKR", "denazification", {"rejects"}),
        ("RUS", "crimea", {"demands"}),
        ("RUS", "donbas", {"demands"}),
        ("RUS", "southern_territory", {"demands", "proposes", "supports"}),
        ("UKR", "southern_territory", {"demands", "opposes", "rejects"}),
        ("RUS", "talks", None),
        ("UKR", "talks", None),
        ("GBR", "talks", {"demands", "opposes", "rejects"}),
        ("NATO", "military_aid", {"supports"}),
        ("USA", "military_aid", {"supports"}),
        ("FRA", "talks", {"demands", "accepts", "supports"}),
        ("DEU", "talks", {"demands", "accepts", "supports"}),
        ("ITA", "talks", {"demands", "accepts", "supports"}),
    ],
)
def test_positions_table(coded_seeds, linked, party: str, issue: str, stances) -> None:
    texts = {c.article.id: c.article.text for c in coded_seeds.values()}
    cell = [p for p in linked.positions if p.party == party and p.issue == issue]
    if not cell:
        from detente.lexicon.issues import load_issues
        from detente.link import party_of

        lex = load_issues()
        upstream = any(
            party in {party_of(a) for a in e.source}
            and any(m.issue == issue for m in lex.find(c.article.text[e.start : e.end]))
            for c in coded_seeds.values() for e in c.events
        ) or any(party_of(cl.speaker) == party for c in coded_seeds.values() for cl in c.claims)
        assert upstream, f"extractors give no event or claim by {party} near {issue}"
    assert cell, f"no position for {party} x {issue}"
    if stances is not None:
        assert {p.stance for p in cell} & stances, [p.stance for p in cell]
    for p in cell:
        assert p.evidence and p.evidence == texts[p.article_id][p.start : p.end].strip()
        assert p.date is not None


def test_outlet_comparison_names_who_each_outlet_quotes(coded_seeds) -> None:
    expected = {FOX: {"Lavrov", "Zelensk"},
                ANTIWAR: {"Rudenko", "Medinsky", "Kuleba", "Johnson", "Kallas"}}
    profiles = {p.outlet: p for p in compare_outlets(coded_seeds.values())}
    checked = 0
    for path, names in expected.items():
        c = coded_seeds[path]
        quoted = " ".join(n for n, _, _ in profiles[c.article.outlet].quoted)
        for name in names:
            attributed = any(name in person_of(q.speaker) for q in c.quotes)
            if attributed:
                checked += 1
                assert name in quoted, (c.article.outlet, name, quoted)
    assert checked > 0, "quote extractor attributes none of the expected speakers yet"
    fox = profiles["Fox News"]
    assert {"RUS", "UKR"} <= {k for k, _ in fox.quoted_countries}
