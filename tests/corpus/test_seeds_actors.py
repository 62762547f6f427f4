"""The actors an analyst reads out of the two seed articles (../shared/seeds/expected.md)."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.shared, pytest.mark.model]

FOX = "000_24504b356f1fac27.txt"
AW = "004_ca12c4fb48c54197.txt"

# (article, mention text, actor code): every actor of the expected tables
ACTORS = [
    (FOX, "Sergei Lavrov", "RUS GOV"),
    (FOX, "Lavrov", "RUS GOV"),
    (FOX, "Zelenskyy", "UKR GOV"),
    (FOX, "Volodymyr Zelenskyy", "UKR GOV"),
    (FOX, "Ukrainian defense officials", "UKR MIL"),
    (FOX, "a high-ranking Ukrainian official", "UKR GOV"),
    (FOX, "Kyiv", "UKR GOV"),
    (FOX, "Kremlin", "RUS GOV"),
    (FOX, "NATO", "NATO"),
    (AW, "Andrey Rudenko", "RUS GOV"),
    (AW, "Rudenko", "RUS GOV"),
    (AW, "Vladimir Medinsky", "RUS GOV"),
    (AW, "Medinsky", "RUS GOV"),
    (AW, "A Ukrainian negotiator", "UKR GOV"),
    (AW, "Dmytro Kuleba", "UKR GOV"),
    (AW, "Boris Johnson", "GBR GOV"),
    (AW, "Kaja Kallas", "EST GOV"),
    (AW, "NATO", "NATO"),
    (AW, "Leaders of NATO countries", "NATO GOV"),
    (AW, "US", "USA"),
    (AW, "France", "FRA"),
    (AW, "Germany", "DEU"),
    (AW, "Italy", "ITA"),
    (AW, "Biden administration officials", "USA GOV"),
    (AW, "Interfax", "RUS MED"),
    (AW, "New York Times", "USA MED"),
]


@pytest.mark.parametrize("article,text,code", ACTORS, ids=[f"{a[:3]}-{t}" for a, t, _ in ACTORS])
def test_seed_actor(coded_seeds, article, text, code):
    found = {m.actor.code for m in coded_seeds[article].mentions
             if m.text == text and m.actor is not None}
    assert code in found, f"{text!r}: {found or 'no resolved mention'}"


# (article, text just before the pronoun, person it must resolve to)
PRONOUNS = [
    (FOX, "remains unanswered", "Sergei Lavrov"),
    (FOX, "We have not received anything", "Volodymyr Zelenskyy"),
    (AW, "Boris Johnson has said that", "Boris Johnson"),
    (AW, "negotiate with the Russians.", "Boris Johnson"),
    (AW, "most interested in reaching a peace agreement", "Vladimir Medinsky"),
]


@pytest.mark.parametrize("article,before,person", PRONOUNS, ids=[p[1][:20] for p in PRONOUNS])
def test_seed_pronoun(coded_seeds, article, before, person):
    coded = coded_seeds[article]
    at = coded.article.text.index(before) + len(before)
    pron = next((m for m in coded.mentions if m.label == "PRON" and m.start >= at), None)
    assert pron is not None, "no pronoun mention after the anchor"
    assert pron.text.lower() == "he"
    assert pron.actor is not None and pron.actor.person == person
    assert pron.how == "coref" and pron.antecedent_start is not None
    assert pron.antecedent_start < pron.start


@pytest.mark.parametrize("article", [FOX, AW])
def test_no_mention_from_noise(coded_seeds, article):
    coded = coded_seeds[article]
    assert coded.article.noise, "the cleaning stage found no noise: nothing to check against"
    inside = [m for m in coded.mentions for n in coded.article.noise
              if m.start < n.end and n.start < m.end]
    assert not inside


@pytest.mark.parametrize("article", [FOX, AW])
def test_offsets_are_evidence(coded_seeds, article):
    coded = coded_seeds[article]
    for m in coded.mentions:
        assert coded.article.text[m.start:m.end] == m.text
