"""The word patterns of positions come from linking.toml [positions] (data, not code)."""

from __future__ import annotations

from detente.link._text import config
from detente.link.position_words import words as _words


def test_positions_words_are_data() -> None:
    words = config()["positions"]
    assert all(isinstance(v, list) and v and all(isinstance(x, str) for x in v)
               for v in words.values())
    assert "repeatedly" in words["holder_verb_gap"]


def test_patterns_built_from_the_words() -> None:
    w = _words()
    assert w.aux.match(" has repeatedly ") and w.aux.match(" strongly ")  # -ly adverbs too
    assert not w.aux.match(" said that ")
    assert w.embedded.search("officials say ") and w.embedded.search("it demands that ")
    assert not w.embedded.search("the sayings ")
    assert w.prep_before.search("the position of ") and not w.prep_before.search("Moscow ")
    assert w.near_since.search("fighting since ") and not w.near_since.search("said ")
    assert w.calendar.match("Sept.") and w.calendar.match("Tuesday") and not w.calendar.match("Kyiv")
    assert w.bare_year.fullmatch("since 2014") and w.bare_year.fullmatch("2022")
    assert not w.bare_year.fullmatch("March 2022")
    ends = [m.group(0) for m in w.clause_end.finditer("It wants talks, saying so; as Kyiv said.")]
    assert ends == [", saying", ";", " as ", "."]
