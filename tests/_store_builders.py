"""Hand-built coded articles for the store, export and CLI tests (no model needed).

Every optional field is filled with a non-default value somewhere, so a round trip that
dropped or mistyped a field would show.
"""

from __future__ import annotations

import datetime as dt

from detente.records import (
    ActorRef,
    Article,
    Claim,
    CodedArticle,
    DateRef,
    Event,
    Mention,
    NoiseSpan,
    Place,
    Quote,
    article_id_for,
)

RUS_GOV = ActorRef(code="RUS GOV", country="RUS", sector="GOV", person="Anton Belov",
                   role="Foreign Minister", actor_id="rus_fm")
UKR_GOV = ActorRef(code="UKR GOV", country="UKR", sector="GOV", person="Olena Marchuk")
NATO = ActorRef(code="NATO", igo="NATO")


def _find(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def coded_article(
    body: str = "Moscow accused Kyiv of shelling Kharkiv.",
    *,
    outlet: str | None = "Test Wire",
    published: dt.date | None = dt.date(2022, 4, 22),
    plover: str = "ACCUSE",
    source: ActorRef = RUS_GOV,
    target: ActorRef = UKR_GOV,
    with_quote: bool = True,
) -> CodedArticle:
    """One article with a noise span, a mention, a date, a place, a quote, a claim and an
    event, all pointing at real offsets of the text."""
    promo = "Subscribe to our newsletter."
    quote_text = "We will never accept these terms"
    text = (f"{body}\n\n{promo}\n\nThe minister said: \"{quote_text}.\" "
            "Talks in Istanbul may resume on Monday.")
    aid = article_id_for(text)
    n0, n1 = _find(text, promo)
    article = Article(id=aid, text=text, outlet=outlet, url="https://example.test/a",
                      title=body[:30], published=published, language="en", source="t.txt",
                      noise=(NoiseSpan(n0, n1, "promo", rule="promo_line"),),
                      meta=(("section", "world"),))
    m0, m1 = 0, len(body.split()[0])
    mention = Mention(aid, m0, m1, text[m0:m1], "GPE", actor=source, how="metonymy")
    d0, d1 = _find(text, "Monday")
    date = DateRef(aid, d0, d1, "Monday",
                   value=published - dt.timedelta(days=4) if published else None,
                   value_end=published - dt.timedelta(days=4) if published else None,
                   granularity="day", anchor=published)
    p0, p1 = _find(text, "Istanbul")
    place = Place(aid, p0, p1, "Istanbul", "Istanbul", "TUR", 41.01, 28.95,
                  geonameid=745044, feature="city")
    quotes: tuple[Quote, ...] = ()
    claims: tuple[Claim, ...] = ()
    if with_quote:
        q0, q1 = _find(text, quote_text)
        c0, c1 = _find(text, "said")
        s0, s1 = _find(text, "The minister")
        quote = Quote(aid, f"q{q0}", q0, q1, quote_text, c0, c1, "said", s0, s1,
                      "The minister", RUS_GOV, "direct", via=("Interfax",),
                      sentence_start=s0, sentence_end=q1 + 2, confidence=0.9)
        quotes = (quote,)
        claims = (Claim(aid, quote.id, RUS_GOV, -1, "accept term", ("accept", "term"),
                        True, published, q0, q1),)
    t0, t1 = _find(text, body.split()[1])
    event = Event(aid, f"e{t0}", 0, len(body), t0, t1, text[t0:t1], plover, "allege", None,
                  "112", -2.0, 3, (source,), (target, NATO), text[m0:m1], "Kyiv", "reported",
                  date.value, "Monday", "sentence", places=(place,), quote_id=None,
                  amounts=("$40 billion",), confidence=0.8)
    return CodedArticle(article=article, mentions=(mention,), dates=(date,), places=(place,),
                        quotes=quotes, claims=claims, events=(event,),
                        notes=("hand-built",))
