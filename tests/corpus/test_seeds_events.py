"""The events an analyst reads out of the two seed articles (../shared/seeds/expected.md).

Each row names the trigger word of the predicate and what the event must carry; a row
passes when some coded event with that trigger has an allowed type, the source and target
countries (or IGO), the modality and the date given; they run with the real actor,
date, place and quote stages. A known miss of the event coder would be its own row marked
``xfail(strict=True)`` with the reason (none at present).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from _docs import ref_countries

pytestmark = [pytest.mark.shared, pytest.mark.model]

FOX = "000_24504b356f1fac27.txt"
AW = "004_ca12c4fb48c54197.txt"
D = dt.date


# (article, triggers, allowed types, source codes, target codes, modalities, date)
# codes are ISO-3 countries or IGO codes; None = not checked.
ROWS = [
    pytest.param(FOX, {"stalled", "stall"}, {"REJECT"}, {"RUS", "UKR"}, None, {"asserted"},
                 D(2022, 4, 22), id="talks-stalled"),
    pytest.param(FOX, {"annex", "referendum"}, None, {"RUS"}, {"UKR"},
                 {"intended", "reported"}, None, id="referendum-intent"),
    pytest.param(FOX, {"ultimatum"}, {"THREATEN"}, {"UKR"}, {"RUS"}, {"reported"}, None,
                 id="ultimatum"),
    pytest.param(FOX, {"demands"}, {"REQUEST"}, {"RUS"}, {"UKR"}, None, None, id="demands"),
    pytest.param(FOX, {"balked"}, {"REJECT"}, {"UKR"}, None, {"reported"}, None,
                 id="balked"),
    pytest.param(FOX, {"balked"}, {"REJECT"}, {"UKR"}, {"RUS"}, None, None,
                 id="balked-at-the-requests"),
    pytest.param(FOX, {"agreed"}, {"AGREE", "CONCEDE"}, {"UKR"}, {"NATO"}, {"asserted"},
                 None, id="agreed-no-nato"),
    pytest.param(FOX, {"proposal", "passed"}, {"AGREE", "CONSULT"}, {"RUS"}, {"UKR"}, None,
                 D(2022, 4, 17), id="proposal-five-days-ago"),
    pytest.param(FOX, {"warned"}, {"THREATEN"}, {"UKR"}, {"RUS"}, {"conditional"}, None,
                 id="warned-conditional"),
    pytest.param(FOX, {"dismissed"}, {"REJECT"}, None, {"UKR"}, None, D(2022, 4, 22),
                 id="dismissed-the-warning"),
    pytest.param(FOX, {"dismissed"}, {"REJECT"}, {"RUS"}, {"UKR"}, None, D(2022, 4, 22),
                 id="lavrov-dismissed-warning"),
    pytest.param(FOX, {"tolerate"}, {"REJECT"}, {"RUS"}, None, None, None,
                 id="will-not-tolerate"),
    pytest.param(AW, {"withdrawn"}, {"REJECT", "ACCUSE"}, {"UKR"}, None, {"reported"}, None,
                 id="ukraine-withdrew"),
    pytest.param(AW, {"withdrawn"}, {"REJECT", "ACCUSE"}, {"RUS"}, {"UKR"}, None, None,
                 id="withdrew-as-russian-accusation"),
    pytest.param(AW, {"deal"}, {"AGREE", "CONSULT"}, {"RUS"}, None, None, None,
                 id="draft-deal"),
    pytest.param(AW, {"deal"}, {"AGREE", "CONSULT"}, {"RUS"}, None, None, D(2022, 4, 15),
                 id="draft-deal-date"),
    pytest.param(AW, {"fakes", "lies"}, {"ACCUSE"}, {"UKR"}, {"RUS"}, None, None,
                 id="fakes-and-lies"),
    pytest.param(AW, {"asked"}, {"REQUEST"}, {"RUS"}, {"UKR"}, None, None,
                 id="crimea-donbas-demand"),
    pytest.param(AW, {"support", "pledged"}, {"AID"}, {"NATO"}, {"UKR"},
                 {"intended", "asserted"}, None, id="nato-pledge"),
    pytest.param(AW, {"support", "pledged"}, {"AID"}, {"NATO"}, {"UKR"}, None,
                 D(2022, 5, 15), id="nato-pledge-sunday"),
    pytest.param(AW, {"package", "aid"}, {"AID"}, {"USA"}, {"UKR"}, None, None,
                 id="us-aid-package"),
    pytest.param(AW, {"discouraging"}, {"REQUEST"}, {"NATO"}, {"UKR"}, None, None,
                 id="nato-discouraging"),
    pytest.param(AW, {"urged"}, {"REQUEST"}, {"GBR"}, {"UKR"}, None, None,
                 id="johnson-urged"),
    pytest.param(AW, {"visit"}, {"CONSULT"}, {"GBR"}, {"UKR"}, {"reported"},
                 D(2022, 4, 9), id="johnson-visit"),
    pytest.param(AW, {"favor", "favour"}, {"AGREE", "REQUEST"}, {"FRA", "DEU", "ITA"}, None,
                 None, None, id="negotiated-solution"),
    pytest.param(AW, {"talks"}, {"CONSULT"}, {"RUS", "UKR"}, None, None, None,
                 id="lower-level-talks"),
    pytest.param(AW, {"reach", "wants"}, {"AGREE"}, {"RUS"}, {"UKR"}, {"intended"}, None,
                 id="still-wants-deal"),
]


def _matches(e, triggers, types, source, target, modalities, date) -> bool:
    if e.trigger.lower() not in triggers:
        return False
    if types is not None and e.plover_type not in types:
        return False
    if source is not None and not source <= ref_countries(e.source):
        return False
    if target is not None and not target <= ref_countries(e.target):
        return False
    if modalities is not None and e.modality not in modalities:
        return False
    return date is None or e.date == date


@pytest.mark.parametrize("article,triggers,types,source,target,modalities,date", ROWS)
def test_seed_event(coded_seeds, article, triggers, types, source, target, modalities, date):
    coded = coded_seeds[article]
    found = [e for e in coded.events
             if _matches(e, triggers, types, source, target, modalities, date)]
    seen = [(e.trigger, e.plover_type, sorted(ref_countries(e.source)),
             sorted(ref_countries(e.target)), e.modality, str(e.date))
            for e in coded.events if e.trigger.lower() in triggers]
    assert found, f"no matching event; events with that trigger: {seen}"


def test_disputed_proposal_claims_are_coded(coded_seeds):
    """Both sides' proposal claims: Russia's proposal (000) and its draft deal (004) are
    coded as Russian acts; Ukraine's "never received" is coded negated."""
    fox = coded_seeds[FOX].events
    aw = coded_seeds[AW].events
    assert any(e.trigger == "proposal" and "RUS" in ref_countries(e.source) for e in fox)
    assert any(e.trigger == "proposal" and e.modality == "negated"
               and "UKR" in ref_countries(e.target) for e in fox)
    assert any(e.trigger == "deal" and "RUS" in ref_countries(e.source)
               and e.plover_type in ("AGREE", "CONSULT") for e in aw)


_CREDIT = re.compile(r"^\(.*\)$")


def _noise_spans(text: str, noise) -> list[tuple[int, int]]:
    """Noise lines by position: the cleaner's spans when it found any, plus lines that
    are a parenthesised photo credit, the caption line above a credit, lines with no
    lower-case letter, app promotions, and the author line and bio after it."""
    spans = [(n.start, n.end) for n in noise]
    lines = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, pos + len(line), line.strip()))
        pos += len(line) + 1
    content = [ln for ln in lines if ln[2]]
    author_seen = False
    for k, (s, e, line) in enumerate(content):
        if _CREDIT.match(line):
            spans.append((s, e))
            if k > 0:
                spans.append(content[k - 1][:2])
        if not any(ch.islower() for ch in line) or "CLICK HERE" in line or (
                line.startswith("NEW") and "listen" in line):
            spans.append((s, e))
        if line.startswith("Author:"):
            author_seen = True
        if author_seen:
            spans.append((s, e))
    return spans


@pytest.mark.parametrize("article", [FOX, AW])
def test_nothing_coded_from_noise(coded_seeds, article):
    coded = coded_seeds[article]
    spans = _noise_spans(coded.article.text, coded.article.noise)
    assert spans, "the noise check found no noise lines to check against"
    bad = [(e.trigger, coded.article.text[e.start:e.end][:60]) for e in coded.events
           if any(s <= e.trigger_start < t for s, t in spans)]
    assert not bad
    # the Lavrov photo caption is from 2021: no event may carry a 2021 date
    assert not [e for e in coded.events if e.date is not None and e.date.year < 2022]
