"""The one phrase compiler (lexicon/phrases.py) used by the issue and proposition lexicons."""

from __future__ import annotations

from detente.lexicon.issues import term_pattern
from detente.lexicon.phrases import phrase_pattern
from detente.lexicon.propositions import phrase_pattern as propositions_phrase_pattern


def _finds(pattern, text: str) -> list[str]:
    return [m.group(0) for m in pattern.finditer(text)]


def test_one_compiler_for_both_lexicons() -> None:
    assert propositions_phrase_pattern is phrase_pattern
    assert term_pattern(["join nato"]).pattern == phrase_pattern(["join nato"], dialect="term").pattern


def test_phrase_syntax() -> None:
    pat = phrase_pattern(["sanction*", "talks ~ collapse", "won't", "join"])
    assert _finds(pat, "Sanctions, talks would collapse, won’t, JOIN") == [
        "Sanctions", "talks would collapse", "won’t", "JOIN"]
    assert _finds(pat, "re-join joined") == []  # hyphen and word endings block


def test_longest_phrase_wins_and_whitespace_wraps() -> None:
    pat = phrase_pattern(["join", "not to join"])
    assert _finds(pat, "agreed not to\njoin") == ["not to\njoin"]


def test_inflect() -> None:
    pat = phrase_pattern(["pledge", "ask"], inflect=True)
    assert _finds(pat, "pledged asking asks pledges") == ["pledged", "asking", "asks", "pledges"]


def test_term_dialect_is_the_plainer_issue_syntax() -> None:
    pat = phrase_pattern(["disarm*", "call* for", "won't", "join"], dialect="term")
    assert _finds(pat, "disarmament re-join") == ["disarmament", "join"]
    assert _finds(pat, "won’t") == []  # no curly quote in this dialect
    assert _finds(pat, "won't") == ["won't"]


def test_term_dialect_star_ends_any_word() -> None:
    # issues.toml's stance cue "call* for" was compiled to a literal "*" and never matched
    pat = phrase_pattern(["call* for", "call* on"], dialect="term")
    assert _finds(pat, "she called for talks; they call on Kyiv; calls for") == [
        "called for", "call on", "calls for"]
    assert _finds(pat, "a call*for") == []


def test_stance_cue_finds_calls_for() -> None:
    from detente.lexicon.issues import load_issues

    assert load_issues().stance_cue("The minister called for a ceasefire.") == "demands"


def test_empty_list_never_matches() -> None:
    assert phrase_pattern([]).search("anything") is None
    assert phrase_pattern(["  "], dialect="term").search("anything") is None
