"""The seeds' positions table (expected.md) as the matrix's current stances.

expected.md gives, per issue, where RUS and UKR stand, and a line on third parties. Each
row is read here as (party, proposition, polarity); the matrix built from the two coded
seeds must show that current stance, and no cell of those parties on those propositions
may say otherwise. "— (not stated)" means no cell at all.
"""

from __future__ import annotations

import pytest

from detente.link import extract_positions, position_matrix

pytestmark = [pytest.mark.model, pytest.mark.shared]

# expected.md "Negotiation positions", one row per (party, proposition).
TABLE = [
    # NATO membership / neutrality: RUS demands a pledge not to join, seeks an "Austria"
    # model; UKR agreed not to join NATO.
    ("RUS", "nato_membership:UKR", "against"),
    ("RUS", "neutrality:UKR", "for"),
    ("UKR", "nato_membership:UKR", "against"),
    ("UKR", "neutrality:UKR", "for"),
    # Demilitarization, "Denazification": RUS demands; UKR balked.
    ("RUS", "demilitarization:UKR", "for"),
    ("UKR", "demilitarization:UKR", "against"),
    ("RUS", "denazification:UKR", "for"),
    ("UKR", "denazification:UKR", "against"),
    # Crimea: RUS demands Ukraine drop its claim; UKR not stated.
    ("RUS", "crimea_russian", "for"),
    ("UKR", "crimea_russian", None),
    # Donbas: RUS demands recognition of independence; UKR not stated.
    ("RUS", "donbas_independence", "for"),
    ("UKR", "donbas_independence", None),
    # Southern Ukraine: RUS referendum to annex; UKR ultimatum.
    ("RUS", "annexation_south", "for"),
    ("UKR", "annexation_south", "against"),
    # Talks: RUS says Ukraine withdrew (Medinsky: Russia still wants a deal).
    ("RUS", "peace_talks", "for"),
    # Third parties: GBR urged no talks; NATO and USA pledge military aid; FRA, DEU, ITA
    # favour a negotiated solution.
    ("GBR", "peace_talks", "against"),
    ("NATO", "military_aid:UKR", "for"),
    ("USA", "military_aid:UKR", "for"),
    ("FRA", "peace_talks", "for"),
    ("DEU", "peace_talks", "for"),
    ("ITA", "peace_talks", "for"),
]


@pytest.fixture(scope="module")
def matrix(coded_seeds):
    return position_matrix(extract_positions(coded_seeds.values()))


@pytest.mark.parametrize(("party", "proposition", "polarity"), TABLE,
                         ids=[f"{p}-{q}" for p, q, _ in TABLE])
def test_table_row_is_the_current_stance(matrix, party: str, proposition: str,
                                         polarity: str | None) -> None:
    cell = matrix.get(party, {}).get(proposition)
    if polarity is None:
        assert cell is None, f"{party} x {proposition}: not stated, matrix says {cell}"
        return
    assert cell is not None, f"no cell {party} x {proposition}"
    assert cell.polarity == polarity, cell


def test_no_cell_contradicts_the_table(matrix) -> None:
    # Every cell of the table's parties on the table's propositions agrees with it; the
    # Talks row of UKR ("no proposal received; getting tougher") takes no side.
    want = {(p, q): pol for p, q, pol in TABLE}
    wrong = [(party, prop, cell.polarity)
             for party, row in matrix.items() for prop, cell in row.items()
             if (party, prop) in want and cell.polarity != want[(party, prop)]]
    assert wrong == []
    issues = {q.split(":")[0] for _, q, _ in TABLE}
    for party in ("RUS", "UKR"):
        for prop, cell in matrix.get(party, {}).items():
            if prop.split(":")[0] in issues and (party, prop) not in want:
                # Only UKR on talks is left open by the table.
                assert (party, prop) == ("UKR", "peace_talks"), (party, prop, cell.polarity)
