"""Pipeline loading and the actor EntityRulers."""

from __future__ import annotations

import json

import pytest
import spacy

from detente.errors import LexiconError, ModelError
from detente.lexicon.actors import load_actors
from detente.parse.model import RULER_NAMES, add_actor_rulers, get_nlp


def test_unknown_model_is_a_model_error():
    with pytest.raises(ModelError, match="no_such_pipeline"):
        get_nlp("no_such_pipeline")


def test_model_from_environment(monkeypatch):
    monkeypatch.setenv("DETENTE_MODEL", "another_missing_pipeline")
    with pytest.raises(ModelError, match="another_missing_pipeline"):
        get_nlp()


@pytest.fixture(scope="module")
def blank():
    return add_actor_rulers(spacy.blank("en"))


def test_rulers_on_a_blank_pipeline_are_idempotent(blank):
    assert blank.pipe_names == list(RULER_NAMES)
    assert add_actor_rulers(blank).pipe_names == list(RULER_NAMES)


@pytest.mark.parametrize("text,expected", [
    ("Kyiv and Kiev", [("Kyiv", "GPE", "UKR.capital"), ("Kiev", "GPE", "UKR.capital")]),
    ("Zelenskyy met the White House", [("Zelenskyy", "PERSON", "volodymyr_zelenskyy"),
                                       ("White House", "ORG", "white_house")]),
    ("the US told us", [("US", "GPE", "USA")]),
    ("Poles polish poles", [("Poles", "NORP", "POL.demonym")]),
    ("the U.S. State Department", [("U.S. State Department", "ORG", "state_department")]),
    ("LAVROV SAYS", [("LAVROV", "PERSON", "sergei_lavrov")]),
    ("Ukrainska Pravda and Pravda", [("Ukrainska Pravda", "ORG", "ukrainska_pravda"),
                                     ("Pravda", "ORG", "pravda")]),
])
def test_ruler_labels(blank, text, expected):
    doc = blank(text)
    assert [(e.text, e.label_, e.ent_id_) for e in doc.ents] == expected


@pytest.mark.model
def test_default_pipeline_has_rulers_before_ner(nlp):
    names = nlp.pipe_names
    assert names.index(RULER_NAMES[0]) < names.index(RULER_NAMES[1]) < names.index("ner")
    assert get_nlp() is nlp
    doc = nlp("Kyiv said Zelenskyy would meet Mariupol officials.")
    ents = {e.text: (e.label_, e.ent_id_) for e in doc.ents}
    assert ents["Kyiv"] == ("GPE", "UKR.capital")
    assert ents["Zelenskyy"] == ("PERSON", "volodymyr_zelenskyy")


def test_dictionary_errors_name_the_file(tmp_path):
    bad = tmp_path / "actors.json"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(LexiconError, match="actors.json"):
        load_actors(bad)
    dup = tmp_path / "dup.json"
    dup.write_text(json.dumps({"version": "1", "igos": [
        {"id": "NATO", "names": ["NATO"]}, {"id": "NATO", "names": ["Alliance"]}]}),
        encoding="utf-8")
    with pytest.raises(LexiconError, match="duplicate id 'NATO'"):
        load_actors(dup)
    date = tmp_path / "date.json"
    date.write_text(json.dumps({"version": "1", "people": [
        {"id": "x", "name": "X Y", "roles": [{"role": "President", "country": "UKR",
                                              "sector": "GOV", "from": "May 2020"}]}]}),
        encoding="utf-8")
    with pytest.raises(LexiconError, match="'May 2020' is not a date: expected YYYY-MM-DD"):
        load_actors(date)


def test_shipped_dictionary_is_consistent():
    d = load_actors()
    for entry in d.entries.values():
        assert entry.names or entry.cased, entry.id
        for role in entry.roles:
            assert (role.country is None) != (role.igo is None), (entry.id, role)
            assert role.valid_from is None or role.valid_to is None \
                or role.valid_from < role.valid_to, (entry.id, role)
    countries = [e for e in d.entries.values() if e.kind == "country"]
    assert len(countries) >= 190
    assert all(len(e.id) == 3 and e.id.isupper() for e in countries)


def test_place_patterns_only_add_what_the_dictionary_lacks():
    from detente.lexicon.actors import normalise_name
    from detente.parse.model import place_patterns

    d = load_actors()
    for p in place_patterns(d):
        assert p["id"].startswith("place:") and p["label"] in ("GPE", "FAC")
        assert normalise_name(p["pattern"]) not in d.by_alias
