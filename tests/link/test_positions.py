"""Positions as stances on propositions, read from stance verbs' own arguments; the
proposition lexicon; the matrix of current stances and its trajectories.

Every sentence here is written for these tests. Each case named in issue 15 has its own
fixture: an issue word outside the stance verb's complement, talks between others, the
target of sanctions, a party inside another's demand, conditions, old dates in a relative
clause, one sentence giving an event and a quote, subjects of propositions.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from _link_builders import coded, event
from detente.errors import LexiconError
from detente.lexicon.issues import load_issues
from detente.lexicon.propositions import load_propositions
from detente.link import extract_positions, position_matrix, position_timeline
from detente.records import CodedArticle


def stances(*cs: CodedArticle) -> set[tuple[str, str, str]]:
    return {(p.party, p.proposition, p.polarity) for p in extract_positions(cs)}


# --- stance verbs and their complements ----------------------------------------------------

@pytest.mark.parametrize(
    ("text", "events", "want"),
    [
        # The holder is the stance verb's subject; its complement names the proposition.
        ("Moscow insists on the demilitarization of Ukraine.",
         [event("insists", "REQUEST", "RUS GOV", "UKR")],
         {("RUS", "demilitarization:UKR", "for")}),
        # "renounce NATO": against Ukraine's membership, for its neutrality.
        ("The Kremlin demanded that Ukraine renounce NATO for good.",
         [event("demanded", "REQUEST", "RUS GOV", "UKR")],
         {("RUS", "nato_membership:UKR", "against"), ("RUS", "neutrality:UKR", "for")}),
        # An infinitive without its own subject: the holder's own membership.
        ("Helsinki decided this week that it wants to join NATO.",
         [event("wants", "REQUEST", "FIN GOV", "NATO")],
         {("FIN", "nato_membership:FIN", "for"), ("FIN", "neutrality:FIN", "against")}),
        # A negated stance verb flips the polarity.
        ("Kyiv did not agree to a truce along the current lines.",
         [event("agree", "AGREE", "UKR GOV", "RUS", modality="negated")],
         {("UKR", "ceasefire", "against")}),
        # A negation inside the complement flips it too.
        ("Berlin urged Kyiv not to abandon the peace talks.",
         [event("urged", "REQUEST", "DEU GOV", "UKR GOV")],
         {("DEU", "peace_talks", "for")}),
    ],
)
def test_stance_verbs_give_positions(text: str, events: list[dict], want: set) -> None:
    assert stances(coded(text, events=events)) == want


def test_an_issue_word_outside_the_complement_gives_no_position() -> None:
    # Neither sentence has a stance verb whose complement names a proposition.
    text = ("Organisers of the Crimea reconstruction forum in Kyiv said preparations were "
            "almost complete. Washington held back long-range rockets for fear that Crimea "
            "would be struck.")
    c = coded(text, events=[event("said preparations", "CONSULT", "UKR GOV", None,
                                  trigger="said"),
                            event("held back", "REJECT", "USA GOV", "UKR", trigger="held")])
    assert stances(c) == set()


def test_a_reason_clause_is_not_the_complement() -> None:
    text = "Washington refused the request for fear that Crimea would be attacked with them."
    c = coded(text, events=[event("refused", "REJECT", "USA GOV", "UKR")])
    assert stances(c) == set()


def test_talks_between_others_are_not_the_wars_talks() -> None:
    text = ("Moscow wants to resume talks with Washington on New START. "
            "Ankara urged negotiations on Gaza.")
    c = coded(text, events=[event("wants", "REQUEST", "RUS GOV", "USA"),
                            event("urged", "REQUEST", "TUR GOV", None)])
    assert not any(p.startswith("peace_talks") for _, p, _ in stances(c))


def test_the_target_of_sanctions_is_not_their_holder() -> None:
    text = ("Berlin said any new offensive would bring harsher sanctions. "
            "Brussels pledged new sanctions on Russia.")
    c = coded(text, events=[
        event("said any", "CONSULT", "DEU GOV", None, trigger="said"),
        event("pledged new", "SANCTION", "EU", "RUS", trigger="pledged"),
    ])
    assert stances(c) == {("EU", "sanctions:RUS", "for"), ("EU", "sanctions_relief:RUS", "against")}


def test_a_party_inside_anothers_demand_takes_no_stance() -> None:
    # No event: the text route reads the mention before "wants"; "Ukraine" is inside
    # the Kremlin's demand, so Ukraine holds nothing.
    text = "The Kremlin wants Ukraine to recognise Crimea as Russian land."
    assert stances(coded(text)) == {("RUS", "crimea_russian", "for")}
    text2 = "Officials in Moscow say Ukraine must accept the loss of the Donbas republics."
    assert not any(h == "UKR" for h, _, _ in stances(coded(text2)))


def test_a_condition_makes_the_stance_conditional_with_its_text() -> None:
    text = "Kyiv would accept a truce only if Russian forces withdraw to the February lines."
    [p] = extract_positions([coded(text, events=[
        event("would accept", "AGREE", "UKR GOV", "RUS", trigger="accept")])])
    assert (p.party, p.proposition, p.polarity) == ("UKR", "ceasefire", "conditional")
    assert p.condition == "only if Russian forces withdraw to the February lines."[:-1]


def test_a_threat_with_a_condition_is_not_support() -> None:
    text = "Kyiv will back the grain deal unless Moscow blocks the ports again."
    c = coded(text, events=[event("back", "SUPPORT", "UKR GOV", None, trigger="back")])
    assert stances(c) == {("UKR", "grain_exports", "conditional")}


def test_a_duration_is_not_a_condition() -> None:
    text = "Brussels pledged military aid to Ukraine for as long as it takes."
    c = coded(text, events=[event("pledged", "AID", "EU", "UKR")])
    assert stances(c) == {("EU", "military_aid:UKR", "for")}


def test_a_stance_is_dated_when_stated_not_by_an_old_relative_clause() -> None:
    text = "Moscow again demanded that Kyiv give up Crimea, which it seized in 2014."
    c = coded(text, published="2022-06-01",
              events=[event("demanded", "REQUEST", "RUS GOV", "UKR GOV")])
    e = dataclasses.replace(c.events[0], date=dt.date(2014, 1, 1), date_text="in 2014",
                            date_basis="sentence")
    [p] = extract_positions([dataclasses.replace(c, events=(e,))])
    assert p.date == dt.date(2022, 6, 1)


def test_one_position_per_holder_proposition_and_sentence() -> None:
    # The event and the quote of one sentence give one row, not two.
    text = "Moscow insists that Ukraine drop its claim to Crimea."
    c = coded(text, events=[event("insists", "REQUEST", "RUS GOV", "UKR")],
              quotes=[("insists", "Ukraine drop its claim to Crimea", "RUS GOV")])
    rows = extract_positions([c])
    assert [(p.party, p.proposition, p.source_kind) for p in rows] == [
        ("RUS", "crimea_russian", "event")]


def test_both_demands_reads_the_sentence_before_and_gives_way_to_a_stated_stance() -> None:
    text = ("Moscow demanded demilitarization and a promise not to join NATO. "
            "Kyiv rejected both demands. Kyiv has since agreed not to join NATO.")
    c = coded(text, events=[event("demanded", "REQUEST", "RUS GOV", "UKR GOV"),
                            event("rejected", "REJECT", "UKR GOV", "RUS GOV"),
                            event("agreed", "AGREE", "UKR GOV", None)])
    got = {(p.party, p.proposition, p.polarity, p.basis) for p in extract_positions([c])}
    assert ("UKR", "demilitarization:UKR", "against", "inferred") in got
    assert ("UKR", "nato_membership:UKR", "against", "stated") in got
    assert not any(g[:2] == ("UKR", "nato_membership:UKR") and g[3] == "inferred" for g in got)


def test_hostile_words_make_a_demand_against() -> None:
    text = "Kyiv issued an ultimatum over the illegal referendums in Kherson."
    c = coded(text, events=[event("ultimatum", "THREATEN", "UKR GOV", "RUS GOV")])
    assert stances(c) == {("UKR", "annexation_south", "against")}


def test_deeds_are_stances_for_what_they_deliver_to_their_target() -> None:
    text = "Washington sent Ukraine more air defence systems on Friday."
    c = coded(text, events=[event("sent", "AID", "USA GOV", "UKR")])
    assert stances(c) == {("USA", "military_aid:UKR", "for")}
    # A negated act is not a stance.
    c2 = coded(text.replace("sent", "did not send"),
               events=[event("send", "AID", "USA GOV", "UKR", modality="negated")])
    assert stances(c2) == set()


def test_quotes_introduced_by_a_stance_verb_are_the_speakers_stance() -> None:
    text = "The envoy insisted that Moscow was still seeking a neutral Ukraine."
    c = coded(text, quotes=[("insisted", "Moscow was still seeking a neutral Ukraine",
                             "RUS GOV")])
    assert ("RUS", "neutrality:UKR", "for") in stances(c)


def test_every_position_carries_evidence_label_and_confidence() -> None:
    text = "Moscow insists on the demilitarization of Ukraine."
    [p] = extract_positions([coded(text, events=[event("insists", "REQUEST", "RUS GOV", "UKR")])])
    assert p.evidence == text[p.start:p.end].strip()
    assert p.proposition_label == "Demilitarization of Ukraine"
    assert p.issue == "demilitarization" and p.verb == "insists"
    assert 0 < p.confidence <= 1 and p.date == dt.date(2022, 6, 1)


# --- matrix and trajectory ------------------------------------------------------------------

def test_matrix_shows_the_current_stance_and_the_trajectory() -> None:
    march = coded("Kyiv agreed not to join NATO.", published="2022-03-29",
                  events=[event("agreed", "AGREE", "UKR GOV", None)])
    may = coded("Kyiv now refuses to give up its bid to join NATO.", published="2022-05-17",
                events=[event("refuses", "REJECT", "UKR GOV", "RUS")])
    positions = extract_positions([may, march])
    line = position_timeline(positions, party="UKR", proposition="nato_membership:UKR")
    assert [(p.date, p.polarity) for p in line] == [
        (dt.date(2022, 3, 29), "against"), (dt.date(2022, 5, 17), "for")]
    cell = position_matrix(positions)["UKR"]["nato_membership:UKR"]
    assert (cell.polarity, cell.n, cell.changes, cell.date) == ("for", 2, 1, dt.date(2022, 5, 17))
    assert cell.label == "Ukraine's NATO membership"
    assert cell.position_ids == tuple(p.id for p in line)
    assert set(position_matrix(positions, parties=["RUS"])) == set()


def test_a_stated_stance_wins_over_an_implied_one_on_the_same_day() -> None:
    text = "Kyiv agreed not to join NATO. Kyiv rejected neutrality, however."
    c = coded(text, events=[event("agreed", "AGREE", "UKR GOV", None),
                            event("rejected", "REJECT", "UKR GOV", None)])
    m = position_matrix(extract_positions([c]))
    assert m["UKR"]["neutrality:UKR"].polarity == "against"


# --- the proposition lexicon --------------------------------------------------------------

def test_proposition_lexicon_is_versioned_and_replaceable(tmp_path) -> None:
    lex = load_propositions()
    assert lex.version
    ids = {p.id for p in lex.propositions}
    assert {"nato_membership", "neutrality", "crimea_russian", "troop_withdrawal", "ceasefire",
            "security_guarantees", "sanctions", "sanctions_relief", "military_aid",
            "prisoner_exchange", "humanitarian_corridors", "grain_exports",
            "peace_talks"} <= ids
    own = tmp_path / "propositions.toml"
    own.write_text('version = "t1"\n[verbs]\nsupports = ["favour"]\n'
                   '[polarity]\nsupports = "for"\n'
                   '[[proposition]]\nid = "dam"\nlabel = "Dam repairs"\nterms = ["dam repair*"]\n')
    c = coded("Kyiv favours dam repairs.")
    assert stances(c) == set()
    assert {(p.party, p.proposition) for p in
            extract_positions([c], lexicon=load_propositions(path=own))} == {("UKR", "dam")}
    bad = tmp_path / "bad.toml"
    bad.write_text('version = "t1"\n[verbs]\nodd = ["x"]\n[[proposition]]\nid="a"\nterms=["a"]\n')
    with pytest.raises(LexiconError, match="verb class 'odd' needs a polarity"):
        load_propositions(path=bad)
    bad.write_text('version = "t1"\n')
    with pytest.raises(LexiconError, match="no \\[\\[proposition\\]\\]"):
        load_propositions(path=bad)


def test_stance_verbs_inflect() -> None:
    lex = load_propositions()
    for word, cls in [("pledged", "supports"), ("agreeing", "accepts"),
                      ("discouraging", "opposes"), ("demands", "demands"),
                      ("ruled out", "rejects")]:
        [v] = lex.verbs(f"They {word} it.")
        assert v.cls == cls, word
    assert lex.verbs("When asked about it") == []


# --- the issue lexicon (kept for keyword search) -------------------------------------------

def test_issue_lexicon_is_versioned_and_replaceable(tmp_path) -> None:
    lex = load_issues()
    assert lex.version
    own = tmp_path / "issues.toml"
    own.write_text('version = "t1"\n[[issue]]\nid = "grain"\nterms = ["grain*", "wheat"]\n')
    assert [m.issue for m in load_issues(path=own).find("Grain exports resumed.")] == ["grain"]
    bad = tmp_path / "bad.toml"
    bad.write_text('version = "t1"\n')
    with pytest.raises(LexiconError, match="no \\[\\[issue\\]\\]"):
        load_issues(path=bad)


def test_nuclear_weapons_are_not_military_aid() -> None:
    lex = load_issues()
    assert [m.issue for m in lex.find("Russia would not use nuclear weapons in Ukraine")] == []
    assert [m.issue for m in lex.find("arms deliveries to Kyiv")] == ["military_aid"]


def test_what_a_party_asks_in_exchange_it_is_for() -> None:
    text = "Kyiv agreed not to join NATO in exchange for security guarantees from the West."
    got = stances(coded(text, events=[event("agreed", "AGREE", "UKR GOV", None)]))
    assert ("UKR", "nato_membership:UKR", "conditional") in got
    assert ("UKR", "security_guarantees:UKR", "for") in got


def test_an_unknown_named_subject_gives_no_position() -> None:
    # "Nordic" names whose membership it is, but no country: not Ukraine's by default;
    # for sanctions a name before the term is who imposes them ("Western sanctions").
    text = "Kyiv welcomed the Nordic NATO bids on Wednesday."
    assert stances(coded(text, events=[event("welcomed", "SUPPORT", "UKR GOV", None)])) == set()
    text2 = "Kyiv welcomed Finland's NATO bid on Wednesday."
    got = stances(coded(text2, events=[event("welcomed", "SUPPORT", "UKR GOV", "FIN")]))
    assert ("UKR", "nato_membership:FIN", "for") in got


def test_a_month_before_the_term_is_not_its_subject() -> None:
    text = "Kyiv agreed in March not to join NATO."
    got = stances(coded(text, events=[event("agreed", "AGREE", "UKR GOV", None)]))
    assert ("UKR", "nato_membership:UKR", "against") in got


# --- propositions only where the article is about their parties -------------------------

def test_a_bare_join_needs_the_alliance_nearby() -> None:
    # "join" alone is not NATO membership: a senator refusing to join a debate takes no
    # stance; the same verb with the alliance named in the sentence before does.
    debate = coded("Washington refused to join the debate on taxes.",
                   events=[event("refused", "REJECT", "USA GOV", "")])
    assert stances(debate) == set()
    alliance = coded("The alliance met in Brussels. Helsinki wants to join soon.",
                     events=[event("wants", "REQUEST", "FIN GOV", "")])
    assert ("FIN", "nato_membership:FIN", "for") in stances(alliance)


def test_a_default_subject_needs_the_article_to_name_it() -> None:
    # Sanctions where the text around never names Russia are not sanctions on Russia.
    text = "Berlin demanded tougher sanctions after the missile test."
    c = coded(text, events=[event("demanded", "REQUEST", "DEU GOV", "")])
    assert stances(c) == set()
    named = coded("Russia denied any part in the missile test. " + text,
                  events=[event("demanded", "REQUEST", "DEU GOV", "")])
    assert ("DEU", "sanctions:RUS", "for") in stances(named)
    far = coded("Russia denied any part in the missile test. It was a quiet week. "
                "The markets were calm. " + text,
                events=[event("demanded", "REQUEST", "DEU GOV", "")])
    assert stances(far) == set()


def test_talks_between_other_parties_are_not_the_wars_talks() -> None:
    text = "Ankara rejected talks with the opposition."
    c = coded(text, events=[event("rejected", "REJECT", "TUR GOV", "")])
    assert stances(c) == set()
