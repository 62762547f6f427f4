"""Disputes: explicit denials and opposing claims, over hand-built CodedArticles."""

from __future__ import annotations

from _link_builders import article, claim
from detente.link import find_disputes, is_denial

DENIAL_TEXT = (
    "The foreign minister of Russia said a revised proposal sent to Kyiv last week was still "
    "unanswered. An adviser in Paris said the weather was mild. "
    "But the Ukrainian president refuted these claims and said his negotiators never received "
    "any proposal."
)


def _denial_article(**kw) -> object:
    return article(
        DENIAL_TEXT,
        outlet="Courier",
        claims=[
            claim("a revised proposal sent to Kyiv last week was still unanswered", "RUS GOV",
                  "Ivan Petrov", keywords=("proposal", "revise", "send", "unanswered")),
            # nearer, by another country, but on nothing the denial is about
            claim("the weather was mild", "FRA GOV", "Jean Dupont",
                  keywords=("weather", "mild")),
            claim("his negotiators never received any proposal", "UKR GOV", "Olena Koval",
                  polarity=-1, keywords=("negotiator", "receive", "proposal"), **kw),
        ],
    )


def test_explicit_denial_answers_the_nearest_opposing_claim() -> None:
    (d,) = find_disputes([_denial_article(denial=True)])
    assert d.basis == "explicit_denial"
    assert (d.claim.speaker, d.claim.actor_code) == ("Ivan Petrov", "RUS GOV")
    assert (d.counter.speaker, d.counter.actor_code) == ("Olena Koval", "UKR GOV")
    assert d.claim.text.startswith("a revised proposal")
    assert d.counter.text == "his negotiators never received any proposal"
    assert d.claim.outlet == "Courier" and d.claim.article_id == d.counter.article_id
    assert "proposal" in d.topic


def test_denial_cue_in_the_sentence_is_enough_when_the_flag_is_missing() -> None:
    (d,) = find_disputes([_denial_article(denial=False)])
    assert d.counter.speaker == "Olena Koval"


def test_same_country_claims_are_not_disputes() -> None:
    text = "A Kremlin aide said the deal was close. Another Kremlin aide denied the deal was close."
    a = article(text, claims=[
        claim("the deal was close", "RUS GOV", "A", keywords=("deal", "close")),
        claim("denied the deal was close", "RUS GOV", "B", denial=True, polarity=-1,
              keywords=("deal", "close")),
    ])
    assert find_disputes([a]) == []


def test_denial_naming_the_speaker_beats_a_nearer_claim() -> None:
    text = ("Medvedko said Kyiv had ignored the draft for a month. A Turkish envoy said the "
            "venue was ready. A Ukrainian negotiator answered Medvedko by calling it fakes and lies.")
    a = article(text, claims=[
        claim("Kyiv had ignored the draft for a month", "RUS GOV", "Pavel Medvedko",
              keywords=("kyiv", "ignore", "draft", "month")),
        claim("the venue was ready", "TUR GOV", "Emre Kaya", keywords=("venue", "ready")),
        claim("calling it fakes and lies", "UKR GOV", None, denial=True, polarity=-1,
              keywords=("call", "fake", "lie")),
    ])
    (d,) = find_disputes([a])
    assert d.claim.speaker == "Pavel Medvedko" and d.counter.actor_code == "UKR GOV"
    assert d.counter.speaker is None


def test_repeated_denial_is_one_dispute() -> None:
    text = ("An envoy from Moscow said the offer went unanswered. The Kyiv spokeswoman denied "
            "that any offer arrived. She said no offer was ever received.")
    a = article(text, claims=[
        claim("the offer went unanswered", "RUS GOV", "Envoy"),
        claim("that any offer arrived", "UKR GOV", "Spokes", denial=True, polarity=-1),
        claim("no offer was ever received", "UKR GOV", "Spokes", denial=True, polarity=-1),
    ])
    assert len(find_disputes([a])) == 1


def test_denial_across_articles_finds_a_recent_claim() -> None:
    first = article("Moscow's envoy said the grain convoy reached the port of Mykolaiv intact.",
                    outlet="A", published="2022-06-01",
                    claims=[claim("the grain convoy reached the port of Mykolaiv intact",
                                  "RUS GOV", "Envoy")])
    second = article("Kyiv denied that any grain convoy reached the port of Mykolaiv.",
                     outlet="B", published="2022-06-03",
                     claims=[claim("that any grain convoy reached the port of Mykolaiv",
                                   "UKR GOV", None, denial=True, polarity=-1)])
    too_late = article("Kyiv denied that any grain convoy reached the port of Mykolaiv, again.",
                       outlet="C", published="2022-09-03",
                       claims=[claim("that any grain convoy reached the port of Mykolaiv",
                                     "UKR GOV", None, denial=True, polarity=-1)])
    disputes = find_disputes([first, second, too_late])
    assert len(disputes) == 1
    d = disputes[0]
    assert d.claim.article_id == first.article.id and d.counter.article_id == second.article.id
    assert d.claim.outlet == "A" and d.counter.outlet == "B"


def test_opposing_claims_across_articles() -> None:
    a = article("Ankara said the ceasefire around the nuclear plant is holding.",
                outlet="A", published="2022-08-10",
                claims=[claim("the ceasefire around the nuclear plant is holding", "TUR GOV",
                              "Envoy", polarity=1)])
    b = article("Moscow said the ceasefire around the nuclear plant is not holding.",
                outlet="B", published="2022-08-12",
                claims=[claim("the ceasefire around the nuclear plant is not holding",
                              "RUS GOV", "Aide", polarity=-1)])
    same_side = article("Ankara said the ceasefire around the nuclear plant is not holding.",
                        outlet="C", published="2022-08-12",
                        claims=[claim("the ceasefire around the nuclear plant is not holding",
                                      "TUR GOV", "Other", polarity=-1)])
    (d,) = find_disputes([a, b, same_side])
    assert d.basis == "opposing_claims"
    assert {d.claim.actor_code, d.counter.actor_code} == {"TUR GOV", "RUS GOV"}
    assert d.claim.date is not None and d.claim.date <= d.counter.date


def test_is_denial_reads_cues_only_in_the_sentence() -> None:
    a = _denial_article(denial=False)
    cl = a.claims[2]
    assert is_denial(cl, sentence="she refuted these claims")
    assert not is_denial(cl, sentence="she dismissed the warning")
    assert not is_denial(cl)


def test_claim_echoes_link_two_outlets_reporting_one_sides_claim() -> None:
    from detente.link import claim_echoes

    a = article("Moscow's envoy said Kyiv never answered the draft peace proposal.",
                outlet="A", published="2022-04-22",
                claims=[claim("Kyiv never answered the draft peace proposal", "RUS GOV", "X")])
    b = article("A Kremlin negotiator said Kyiv has not answered the peace proposal since April.",
                outlet="B", published="2022-05-17",
                claims=[claim("Kyiv has not answered the peace proposal since April", "RUS GOV",
                              "Y")])
    other_side = article("Kyiv said it answered the peace proposal at once.", outlet="C",
                         published="2022-05-01",
                         claims=[claim("it answered the peace proposal at once", "UKR GOV", "Z")])
    assert claim_echoes([a, b, other_side]) == [tuple(sorted((a.article.id, b.article.id)))]


def test_denial_cue_belongs_to_the_claim_that_holds_it() -> None:
    # Two claims by one speaker in one sentence: only the one holding "fabricated" is
    # the denial, and it answers the claim about the denier's own country.
    text = ("Ukrainian officials warned that Russia was preparing a staged referendum in the "
            "region. Kyiv says a vote would end any chance of peace. Kremlin spokesman Pavel "
            "Orlov said it was for the people of the region to decide, and he accused Kyiv of "
            "spreading fabricated stories.")
    a = article(text, claims=[
        claim("Russia was preparing a staged referendum in the region", "UKR GOV", None,
              keywords=("russia", "prepare", "stage", "referendum", "region")),
        claim("a vote would end any chance of peace", "UKR GOV", None,
              keywords=("vote", "end", "chance", "peace")),
        claim("it was for the people of the region to decide", "RUS GOV", "Pavel Orlov",
              keywords=("people", "region", "decide")),
        claim("Kyiv of spreading fabricated stories", "RUS GOV", "Pavel Orlov", denial=True,
              keywords=("kyiv", "spread", "fabricate", "story")),
    ])
    (d,) = find_disputes([a])
    assert d.counter.text == "Kyiv of spreading fabricated stories"
    assert d.claim.text.startswith("Russia was preparing")
