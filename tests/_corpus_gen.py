"""A generated multi-year corpus for page tests: a few hundred coded articles over two
years (2022-2023), written without spaCy so that it builds in seconds.

It has what real coverage brings to the pages: background events dated 2014 and 2008
(references to the past), a country acting on itself ("RUS GOV -> RUS"), sectors of one
country ("RUS GOV", "RUS MIL"), scraped promos opening articles without a title, and a
party whose stance changes over time (Kyiv on neutrality).
"""

from __future__ import annotations

import datetime as dt
import random

from _link_builders import actor
from detente.records import Article, CodedArticle, Event, Mention, NoiseSpan, article_id_for

__all__ = ["generate_corpus"]

PROMO = "NEW You can now listen to Fox News articles!"
NAMES = {"Moscow": "RUS GOV", "Kyiv": "UKR GOV", "Ukraine": "UKR", "Washington": "USA GOV",
         "Russian forces": "RUS MIL", "Russian governors": "RUS", "Berlin": "DEU GOV",
         "Ankara": "TUR GOV", "Ukrainian troops": "UKR MIL", "Brussels": "EU"}

# (sentence, PLOVER type, source name, target name, trigger, quad, goldstein)
SENTENCES = [
    ("Moscow demanded on {day} that Ukraine renounce NATO.", "REQUEST", "Moscow", "Ukraine",
     "demanded", 1, -2.0),
    ("Russian forces shelled the outskirts of Kharkiv overnight.", "ASSAULT",
     "Russian forces", "Ukraine", "shelled", 4, -10.0),
    ("Moscow met Russian governors to discuss the mobilisation.", "CONSULT", "Moscow",
     "Russian governors", "met", 1, 1.0),
    ("Washington sent Ukraine more air defence systems.", "AID", "Washington", "Ukraine",
     "sent", 2, 7.4),
    ("Ukrainian troops struck a Russian depot near Melitopol.", "ASSAULT", "Ukrainian troops",
     "Russian forces", "struck", 4, -10.0),
    ("Berlin urged Moscow to agree a ceasefire.", "REQUEST", "Berlin", "Moscow", "urged", 1,
     -1.0),
    ("Ankara offered to host peace talks between Moscow and Kyiv.", "AGREE", "Ankara", "Kyiv",
     "offered", 1, 4.0),
    ("Brussels pledged new sanctions on Moscow.", "SANCTION", "Brussels", "Moscow", "pledged",
     3, -5.0),
]
KYIV_EARLY = ("Kyiv rejected neutrality once more.", "REJECT", "Kyiv", "Moscow", "rejected",
              3, -4.0)
KYIV_LATE = ("Kyiv said it was ready to discuss neutrality.", "CONSULT", "Kyiv", "Moscow",
             "ready to", 1, 1.0)
BACKGROUND = ("Moscow annexed Crimea in March 2014.", "COERCE", "Moscow", "Ukraine",
              "annexed", 4, -9.0)
OUTLETS = ["Harbor Post", "Eastern Wire", "Fox News", "Plain Dealer"]


def _ref(name: str):
    return actor(NAMES[name])


def generate_corpus(n: int = 300, *, seed: int = 15) -> list[CodedArticle]:
    """``n`` coded articles spread over 2022-01-03 .. 2023-12-29."""
    rnd = random.Random(seed)
    first = dt.date(2022, 1, 3)
    out = []
    for i in range(n):
        day = first + dt.timedelta(days=int(i * 725 / n) + rnd.randint(0, 2))
        outlet = OUTLETS[i % len(OUTLETS)]
        picks = rnd.sample(SENTENCES, 3)
        picks.append(KYIV_EARLY if day < dt.date(2023, 3, 1) else KYIV_LATE)
        if i % 15 == 0:
            picks.append(BACKGROUND)
        promo = outlet == "Fox News"
        lead = picks[0][0].format(day=day.strftime("%A"))
        title = None if i % 3 == 0 else f"Report {i}: {lead.split(' ', 3)[-1][:60]}"
        head = (PROMO + "\n\n") if promo else ""
        spans: list[tuple[int, int]] = []
        pos = len(head)
        headline = f"Day {i} of the war: talks and strikes"
        text_lines = [headline]
        pos += len(headline) + 1
        for sent, *_ in picks:
            s = sent.format(day=day.strftime("%A"))
            spans.append((pos, pos + len(s)))
            text_lines.append(s)
            pos += len(s) + 1
        text = head + "\n".join(text_lines) + "\n"
        aid = article_id_for(text)
        noise = (NoiseSpan(start=0, end=len(PROMO), label="promo", rule="test"),) if promo else ()
        art = Article(id=aid, text=text, outlet=outlet, title=title, published=day,
                      noise=noise, url=f"https://example.org/{i}")
        events, mentions = [], []
        for (s, e), (sent, ptype, src, tgt, trig, quad, gold) in zip(spans, picks, strict=True):
            stext = text[s:e]
            ts = s + stext.index(trig)
            dated = dt.date(2014, 3, 18) if sent is BACKGROUND[0] else day
            events.append(Event(
                article_id=aid, id=f"e{ts}", start=s, end=e, trigger_start=ts,
                trigger_end=ts + len(trig), trigger=trig, plover_type=ptype, mode=None,
                context=None, cameo=None, goldstein=gold, quad_class=quad,
                source=(_ref(src),), target=(_ref(tgt),), source_text=src, target_text=tgt,
                modality="asserted", date=dated,
                date_text="March 2014" if dated.year == 2014 else None,
                date_basis="sentence" if dated.year == 2014 else "article"))
            for name in NAMES:
                j = stext.find(name)
                while j != -1:
                    mentions.append(Mention(article_id=aid, start=s + j, end=s + j + len(name),
                                            text=name, label="GPE", actor=_ref(name)))
                    j = stext.find(name, j + 1)
        out.append(CodedArticle(article=art, events=tuple(events),
                                mentions=tuple(sorted(mentions, key=lambda m: m.start))))
    return out
