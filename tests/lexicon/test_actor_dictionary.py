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


@pytest.mark.parametrize(("name", "on", "code"), [
    # offices after 2022 (PETRARCH's dates end earlier; Sikorski is POL GOV from 2007 there)
    ("Radoslaw Sikorski", "2010-05-01", "POL GOV"), ("Radoslaw Sikorski", "2022-06-01", "POL"),
    ("Radoslaw Sikorski", "2024-03-01", "POL GOV"),
    ("Donald Tusk", "2016-06-01", "EU GOV"), ("Donald Tusk", "2024-03-01", "POL GOV"),
    ("Rustem Umerov", "2024-01-10", "UKR MIL"), ("Andrei Belousov", "2024-06-01", "RUS MIL"),
    ("Yoav Gallant", "2025-03-01", "ISR"), ("Masoud Pezeshkian", "2024-09-01", "IRN GOV"),
    # 2026.12.4
    ("Keith Kellogg", "2025-03-01", "USA GOV"), ("Sébastien Lecornu", "2024-03-01", "FRA MIL"),
    ("Sebastien Lecornu", "2025-10-01", "FRA GOV"), ("Denys Shmyhal", "2025-09-01", "UKR MIL"),
    ("Naim Qassem", "2025-01-01", "LBN REB"), ("Abu Mazen", "2024-01-01", "PSE GOV"),
    ("Valerii Zaluzhnyi", "2025-01-01", "UKR GOV"), ("Jens Stoltenberg", "2025-06-01", "NOR GOV"),
])
def test_office_holders_are_read_on_the_article_date(name: str, on: str, code: str) -> None:
    d = load_actors()
    entry = d.lookup(name)
    assert entry is not None, name
    assert d.ref(entry.id, on=dt.date.fromisoformat(on)).code == code


@pytest.mark.parametrize(("name", "code"), [
    ("BRICS", "BRICS"), ("Gulf Cooperation Council", "GCC"),
    ("Shanghai Cooperation Organisation", "SCO"), ("ECOWAS", "ECOWAS"),
    ("Organization of Islamic Cooperation", "OIC"),
])
def test_blocs_of_conflict_news_are_known(name: str, code: str) -> None:
    d = load_actors()
    entry = d.lookup(name)
    assert entry is not None, name
    assert d.ref(entry.id, on=ON).code == code
