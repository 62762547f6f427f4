"""The curated actor dictionary (lexicon/actors.json) and which dictionary wins."""

from __future__ import annotations

import datetime as dt

import pytest

from detente.lexicon.actors import load_actors

ON = dt.date(2024, 1, 10)


@pytest.mark.parametrize(("name", "code"), [
    ("Houthis", "YEM REB"), ("Houthi rebels", "YEM REB"), ("Rapid Support Forces", "SDN REB"),
    ("Hayat Tahrir al-Sham", "SYR REB"), ("M23", "COD REB"), ("TPLF", "ETH REB"),
    ("Kataib Hezbollah", "IRQ REB"), ("Arakan Army", "MMR REB"),
])
def test_armed_groups_of_current_wars_are_known(name: str, code: str) -> None:
    d = load_actors()
    entry = d.lookup(name)
    assert entry is not None, name
    assert d.ref(entry.id, on=ON).code == code


def test_the_curated_name_wins_over_a_petrarch_namesake() -> None:
    # PETRARCH's "Ansar Allah" is a Lebanese group; in news since 2014 it is the Houthis.
    d = load_actors()
    entry = d.lookup("Ansar Allah")
    assert entry is not None and d.ref(entry.id, on=ON).code == "YEM REB"


@pytest.mark.parametrize("acronym", ["RSF", "SDF"])
def test_ambiguous_acronyms_stay_out(acronym: str) -> None:
    # RSF is also Reporters Without Borders; SDF also Japan's Self-Defense Forces.
    assert load_actors().lookup(acronym) is None
