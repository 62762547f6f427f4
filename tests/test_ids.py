"""Record ids are unique by construction (hardening item 0 and 8)."""

from __future__ import annotations

from detente.ids import stable_id, unique_ids


def test_unique_ids_keeps_the_first_and_disambiguates_the_rest() -> None:
    assert unique_ids(["q1", "q5", "q1"], ends=[9, 7, 30]) == ["q1", "q5", "q1-30"]
    assert unique_ids(["e4", "e4", "e4"]) == ["e4", "e4.2", "e4.3"]
    # a disambiguated id that is itself taken still ends unique
    assert unique_ids(["q1", "q1-9", "q1"], ends=[5, 9, 9]) == ["q1", "q1-9", "q1-9.2"]


def test_unique_ids_leaves_unique_ids_alone() -> None:
    ids = [f"q{i}" for i in range(50)]
    assert unique_ids(ids, ends=list(range(50))) == ids


def test_stable_id_depends_on_every_member() -> None:
    assert stable_id("d", ["a", "b"]) != stable_id("d", ["a", "c"])
    assert stable_id("d", ["a", "b"]) == stable_id("d", ["a", "b"])
    assert stable_id("d", ["ab"]) != stable_id("d", ["a", "b"])
