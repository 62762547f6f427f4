"""Quote attribution with the real model, one test per rule: cues that hold a quotation
of any length, titles woven into a sentence, parenthetical attributions, relative-pronoun
speakers, statements "saying", asides between a name and its cue, digest labels after a dash,
colon paragraphs, datelines; and the token-identity bug (spaCy makes a new ``Token``
object on every access, so ``tok.head is tok`` is never true)."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from _docs import model_quotes
from detente.extract.events.modality import ancestors


def _find(quotes, start: str):
    hits = [q for q in quotes if q.text.startswith(start)]
    assert hits, f"no quote starting {start!r} in {[q.text for q in quotes]}"
    return hits[0]


def test_ancestors_stop_at_the_root() -> None:
    # "Talks resumed quickly": resumed is the root; the walk from "quickly" must stop
    # there instead of repeating the root until the hop limit.
    doc = Doc(Vocab(), words=["Talks", "resumed", "quickly"], heads=[1, 1, 1],
              deps=["nsubj", "ROOT", "advmod"])
    got = [(t.text, dep) for t, dep in ancestors(doc[2])]
    assert got == [("resumed", "advmod")]


@pytest.mark.model
@pytest.mark.parametrize("text,start,speaker", [
    # A one-word answer handed over with a comma to "he answered".
    ("The governor was asked to pick a winner. “Denver,” he answered.", "Denver", "he"),
    # A short order in Title Case, handed to "Trump barked".
    ("“Go back to Univision,” Trump barked as a guard led the reporter out.",
     "Go back to Univision", "Trump"),
])
def test_a_cue_right_after_makes_any_quotation_speech(nlp, text, start, speaker) -> None:
    q = _find(model_quotes(nlp, text), start)
    assert q.quote_type == "direct" and q.speaker_text == speaker


@pytest.mark.model
def test_a_title_inside_the_sentence_is_no_quotation(nlp) -> None:
    text = ("On ABC’s “This Week,” Senator Rubio said the plan would fail.\n\n"
            "Reporters read her new book, “Crippled Hopes: How the Deal Fell Apart,” "
            "for clues about the talks.")
    quotes = model_quotes(nlp, text)
    assert not [q for q in quotes if q.text.startswith(("This Week", "Crippled"))]
    assert _find(quotes, "the plan would fail").speaker_text == "Senator Rubio"


@pytest.mark.model
def test_parenthetical_attribution(nlp) -> None:
    q = _find(model_quotes(nlp, "The ceasefire, the minister said, would not hold."),
              "The ceasefire")
    assert q.cue == "said" and q.speaker_text == "the minister"
    assert "would not hold" in q.text


@pytest.mark.model
def test_relative_pronoun_speaker_resolves_through_its_noun(nlp) -> None:
    text = ("Ms. Novak thanked Mike Lindqvist, who declared at the rally, "
            "“I am sending the signal that it is time to unite.”")
    q = _find(model_quotes(nlp, text), "I am sending")
    # The speaker span is the pronoun, as PolNeAR marks it; the person is its noun's.
    assert q.speaker_text == "who"
    assert q.speaker is not None and q.speaker.person == "Mike Lindqvist"


@pytest.mark.model
def test_a_statement_saying_belongs_to_who_released_it(nlp) -> None:
    text = ("At the time, Northwind Shoes released a statement saying, “We have "
            "distinguished ourselves as a trusted partner for decades.”")
    q = _find(model_quotes(nlp, text), "We have distinguished")
    assert q.speaker_text == "Northwind Shoes"


@pytest.mark.model
def test_name_before_an_aside_speaks(nlp) -> None:
    text = ("At a briefing on Dec. 2, Col. Steven Warren, a military spokesman in Baghdad, "
            "said, “I mean, a raid is a combat operation. There is no way around that.”")
    q = _find(model_quotes(nlp, text), "I mean")
    assert q.speaker_text is not None and "Warren" in q.speaker_text


@pytest.mark.model
def test_dash_label_names_the_speaker_of_a_digest_line(nlp) -> None:
    text = ("Pollsters agree - Carl Bialik: “One of the biggest lessons was a simple one: "
            "keep on contacting voters as late as possible.” [538.]")
    q = _find(model_quotes(nlp, text), "One of the biggest")
    assert q.speaker_text == "Carl Bialik"


@pytest.mark.model
def test_reported_clause_subject_is_not_the_speaker(nlp) -> None:
    text = ("Senator Sanders criticized the accord on Saturday, saying the agreement goes "
            "“nowhere near far enough to solve the crisis we face.”")
    for q in model_quotes(nlp, text):
        assert q.speaker_text != "the agreement"
    q = _find(model_quotes(nlp, text), "nowhere near")
    assert q.speaker_text is not None and "Sanders" in q.speaker_text


@pytest.mark.model
def test_a_cue_that_opens_the_next_quotation_is_not_this_ones(nlp) -> None:
    text = ("Clinton responds to Mills with, “Why now? That was on my way to Libya?” "
            "Mills then writes back, “You look cute.”")
    quotes = model_quotes(nlp, text)
    assert _find(quotes, "Why now").speaker_text != "Mills"
    assert _find(quotes, "You look cute").speaker_text == "Mills"


@pytest.mark.model
def test_quotation_paragraph_after_a_colon_paragraph(nlp) -> None:
    text = ("When the senator died in 1998, President Carter released the following "
            "statement:\n\n“Rosalynn and I offer our condolences to the family. I remember "
            "working with him for many years.”")
    q = _find(model_quotes(nlp, text), "Rosalynn and I")
    assert q.speaker_text == "President Carter"


@pytest.mark.model
def test_bare_cue_sentence_before_a_quotation(nlp) -> None:
    text = ("Professor Dana Bystrom agreed. “Mainstream Republicans are running out of "
            "time to find an alternative.”")
    q = _find(model_quotes(nlp, text), "Mainstream Republicans")
    assert q.speaker_text is not None and "Bystrom" in q.speaker_text


@pytest.mark.model
def test_speech_verb_before_the_mark_wins_over_a_later_chant(nlp) -> None:
    text = ("He said, “Donald Trump will build the wall” - at which point the crowd "
            "chanted “Build the wall!”")
    q = _find(model_quotes(nlp, text), "Donald Trump will build")
    assert q.speaker_text == "He"


@pytest.mark.model
def test_a_dateline_never_speaks(nlp) -> None:
    text = ("PHILADELPHIA, July 25 (UPI) — The committee released a statement on Monday, "
            "offering “a deep and sincere apology” to the senator.")
    for q in model_quotes(nlp, text):
        assert q.speaker_text != "PHILADELPHIA"


def test_quotation_nested_in_the_other_style_stays_inside() -> None:
    from detente.extract.quotes.marks import scan_quotes

    text = '"The latest example is the suit over its “Bathroom Bill,” which lets firms choose."'
    got = [(q.text, q.closed) for q in scan_quotes(text)]
    # The outer straight quotation is whole; the curly one inside is a quotation too.
    assert got == [("The latest example is the suit over its “Bathroom Bill,” which lets "
                    "firms choose.", True), ("Bathroom Bill,", True)]
    inner = scan_quotes('“He called it a "hoax" again,” she said.')
    assert [q.text for q in inner] == ['He called it a "hoax" again,', "hoax"]


@pytest.mark.model
def test_a_cueless_quotation_inherits_a_person_not_a_thing(nlp) -> None:
    text = ("“We are going to win so much,” Trump said at his party in Manchester, two "
            "hours after news outlets declared him the victor. “You are going to be so "
            "happy.”")
    q = _find(model_quotes(nlp, text), "You are going to be")
    assert q.speaker_text == "Trump"


@pytest.mark.model
def test_bare_cue_sentence_with_an_apposition(nlp) -> None:
    text = ("Sam Lau, the communications director for the state party, said in a "
            "statement. “There are no paper ballots to recount.”")
    q = _find(model_quotes(nlp, text), "There are no paper ballots")
    assert q.speaker_text == "Sam Lau"


@pytest.mark.model
def test_participle_after_a_quotation_continues_the_attribution(nlp) -> None:
    text = ("On Sunday, she stated, “When I look at this, an absence of action by NATO "
            "would have turned Libya into Syria,” adding, “I think maybe 1,500 people "
            "were killed last year.”")
    quotes = model_quotes(nlp, text)
    for start in ("When I look", "I think maybe"):
        q = _find(quotes, start)
        assert q.speaker_text == "she", (start, q.speaker_text)


@pytest.mark.model
def test_quotation_opening_a_that_clause_belongs_to_its_verb(nlp) -> None:
    text = ("But even as Trump claimed on Tuesday that “General Petraeus got in trouble "
            "for far less,” one of the former prosecutors said the cases differ.")
    q = _find(model_quotes(nlp, text), "General Petraeus")
    assert q.speaker_text == "Trump"


@pytest.mark.model
def test_the_subject_of_a_passive_cue_did_not_speak(nlp) -> None:
    text = ("In an interview published on Wednesday, Trump was asked, “What is the most "
            "dangerous place in the world you have been to?”")
    for q in model_quotes(nlp, text):
        assert q.speaker_text != "Trump"


@pytest.mark.model
@pytest.mark.parametrize("text,start,speaker", [
    # A passive cue with its "by" phrase: the agent spoke, not the one told or asked.
    ("The mayor was told by two inspectors that the bridge over the river was unsafe.",
     "the bridge", "two inspectors"),
    ("When asked by a reporter whether the tax plan would work, the governor shrugged.",
     "the tax plan", "a reporter"),
])
def test_the_agent_of_a_passive_cue_speaks(nlp, text, start, speaker) -> None:
    q = _find(model_quotes(nlp, text), start)
    assert q.speaker_text == speaker


@pytest.mark.model
def test_a_name_in_apposition_to_a_title_is_the_speaker(nlp) -> None:
    q = _find(model_quotes(nlp, "The leader of the farmers' union, Marta Kowalski, said "
                                "the vote was rigged."), "the vote")
    assert q.speaker_text == "The leader of the farmers' union, Marta Kowalski"
    assert q.speaker is not None and q.speaker.person == "Marta Kowalski"
    # A description in apposition ("a registered Republican …") names nobody.
    q = _find(model_quotes(nlp, "The employee, a registered Republican who asked not to "
                                "be named, said the memo was real."), "the memo")
    assert q.speaker_text == "The employee"


@pytest.mark.model
@pytest.mark.parametrize(("text", "name"), [
    # "Ambassador" capitalised as a title is tagged a proper noun; it is still a title,
    # and the name after it (with or without commas) is who spoke
    ("Norway's Ambassador to the OSCE, Ingrid Halvorsen, said the monitors would stay.",
     "Ingrid Halvorsen"),
    ("Norway's Ambassador to the OSCE Ingrid Halvorsen said the monitors would stay.",
     "Ingrid Halvorsen"),
    # "The head of the X Council, Name, said": the parser attaches the name to the
    # organisation, which no person stands in apposition to; the name is the speaker
    ("The head of the Baltic Shipping Council, Jonas Petraitis, said the monitors would "
     "stay.", "Jonas Petraitis"),
])
def test_the_name_beside_a_title_is_who_spoke(nlp, text: str, name: str) -> None:
    q = _find(model_quotes(nlp, text), "the monitors")
    assert q.speaker_text.endswith(name)
    assert q.speaker is not None and q.speaker.person == name


@pytest.mark.model
def test_whom_a_speaker_works_for_is_in_the_span_but_is_not_the_speaker(nlp) -> None:
    q = _find(model_quotes(nlp, "A spokesman for the Kremlin said the talks would resume "
                                "on Monday."), "the talks")
    assert q.speaker_text == "A spokesman for the Kremlin"
    for text in ("An aide to Senator Tom Harlan said the bill would pass.",
                 "The wife of Senator Tom Harlan said the bill would pass."):
        q = _find(model_quotes(nlp, text), "the bill")
        assert q.speaker_text.endswith("of Senator Tom Harlan") or \
            q.speaker_text.endswith("to Senator Tom Harlan")
        assert q.speaker is None or q.speaker.person != "Tom Harlan", text
