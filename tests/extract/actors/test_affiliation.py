"""People no dictionary knows, coded from their own words (detente.extract.actors.affiliation)
and the institutions/parties/federal units data (lexicon/institutions.toml)."""

from __future__ import annotations

import pytest

from detente.errors import LexiconError
from detente.extract.actors.mentions import extract_mentions
from detente.lexicon import load_data
from detente.lexicon.actors import _build, load_actors

# --- the data --------------------------------------------------------------------------


def test_institutions_and_parties_are_looked_up_not_ruled():
    d = load_actors()
    assert d.lookup("the FBI").country == "USA"
    assert d.ref(d.lookup("GOP").id, on=None).code == "USA PTY"
    assert d.ref(d.lookup("Justice Department").id, on=None).code == "USA JUD"
    assert d.lookup("republicans") is None  # a party name only as written
    ids = {p["id"] for p in d.patterns()[0] + d.patterns()[1]}
    assert "us_republican" not in ids and "us_fbi" not in ids


def test_federal_units_and_prefixes():
    d = load_actors()
    assert d.region("Texas") == "USA" and d.region("Ontario") == "CAN"
    assert d.region("Paris") is None
    assert d.region_abbrevs["Ariz."] == "USA"
    assert d.by_prefix("Senate Judiciary Committee").id == "us_congress"
    assert d.by_prefix("Republican Governors Association").id == "us_republican"
    assert d.by_prefix("Judicial Watch") is None
    assert d.party_tags["D"] == "us_democratic"


def test_bad_institutions_file_is_named():
    main = load_data("actors.json")
    countries = load_data("actors_countries.json")
    with pytest.raises(LexiconError, match="federal unit"):
        _build(main, countries, {"federal_unit": [{"country": "USA", "units": ["Texas"]}]})
    with pytest.raises(LexiconError, match="party tag"):
        _build(main, countries, {"party_tags": {"X": "nobody"}})
    with pytest.raises(LexiconError, match="country"):
        _build(main, countries, {"party": [{"id": "p", "names": ["Some Party"]}]})


# --- the real model ---------------------------------------------------------------------

US = "Voters in Ohio and Iowa were asked. "  # gives the article a setting (USA)

AFFILIATION_TABLE = [
    # (text, person, expected code)
    ("Sen. Roy Blunt (R-Mo.), facing a stiff challenge, said no.", "Roy Blunt", "USA GOV"),
    ("Rep. Devin Nunes, R-Calif., said no.", "Devin Nunes", "USA GOV"),
    ("Gov. Earl Ray Tomblin of West Virginia said it.", "Earl Ray Tomblin", "USA GOV"),
    ("Sen. Johnny Isakson of Georgia said it.", "Johnny Isakson", "USA GOV"),
    ("Jeff Flake, Republican of Arizona, declared it.", "Jeff Flake", "USA PTY"),
    ("RNC spokesman Sean Spicer said the party was not in crisis.", "Sean Spicer", "USA PTY"),
    ("Melanne Verveer, who served as Hillary Clinton's chief of staff, told CNN.",
     "Melanne Verveer", "USA"),
    ("Edward G. Rendell, a former Democratic governor of Pennsylvania, said it.",
     "Edward G. Rendell", "USA"),
    ("Steven Aftergood, director of the Project on Government Secrecy at the Federation "
     "of American Scientists, said so.", "Steven Aftergood", "USA"),
    (US + "Tom Fitton, the president of Judicial Watch, said no.", "Tom Fitton", "USA NGO"),
    (US + "Justice Sonia Sotomayor wrote the opinion.", "Sonia Sotomayor", "USA JUD"),
    (US + "Attorney General Loretta Lynch said the FBI was right.", "Loretta Lynch",
     "USA GOV"),
    ("FBI Director James Comey said it.", "James Comey", "USA COP"),
    ("Bernie Sanders is in the race. Senator Bernie Sanders of Vermont said no.",
     "Bernie Sanders", "USA GOV"),  # the first mention too (one code per person)
    ("Bernie Sanders is raising money. While Sanders, the independent senator from "
     "Vermont, has set records, others have not.", "Bernie Sanders", "USA GOV"),
    ("Missouri Secretary of State Jason Kander announced the turnout.", "Jason Kander",
     "USA GOV"),
    ("Vin Weber, a lobbyist and a Republican former congressman from Minnesota, said so.",
     "Vin Weber", "USA"),
    (US + "Lee Wang of The Intercept asked Clinton whether she would.", "Lee Wang", "USA"),
    ("Stephen Moore, a conservative economist and former member of the Wall Street "
     "Journal editorial board, said he is considering it.", "Stephen Moore", "USA"),
    (US + "The president told The Atlantic’s Jeffrey Goldberg that it was cheap.",
     "Jeffrey Goldberg", "USA"),
    (US + "It will keep the writer Jared Sexton, who teaches at Georgia Southern "
     "University, awake.", "Jared Sexton", "USA EDU"),
    # an "in" phrase passed through to the organisation inside it
    (US + '"It was planned," said Dana Whitlock, an assistant professor in the school of '
     'communication studies at Rice University.', "Dana Whitlock", "USA EDU"),
    # a relative clause on the noun in apposition
    (US + '"It is over," said Pat Lindqvist, a former reporter who teaches writing at the '
     'University of Nebraska.', "Pat Lindqvist", "USA"),
    # an untagged organisation name ends before the place it sits in
    (US + "Ron Teague, chairman of the Lake County GOP Executive Committee in Ohio, "
     "said no.", "Ron Teague", "USA PTY"),
    # "on" passed through; a common noun with the organisation's name in apposition
    (US + '"It is late," said Nora Pike, who runs a program on election security for the '
     'Union of Concerned Scientists.', "Nora Pike", "USA"),
    (US + '"It is late," said Nora Pike, executive director of the activist group Angry '
     'Parents Association.', "Nora Pike", "USA NGO"),
    # a person's staff: the person's country (here the setting), no sector
    (US + "Clinton's chief pollster Dale Renner on Monday lashed out at the Cruz campaign.",
     "Dale Renner", "USA"),
    # no place named twice: the people the dictionaries place give the setting
    ("Hillary Clinton met Barack Obama on Monday. Kasich campaign manager Tom Ridley "
     "said no.", "Tom Ridley", "USA PTY"),
    # "co-founder" tokenised as three appositives
    (US + '"It works," said Ada Brook, co-founder of the Civic Renewal Committee.',
     "Ada Brook", "USA PTY"),
    # the name parsed in apposition to the organisation, not to the role noun
    (US + "The owner of the Maple Hollow Country Club, Dan Petrie, said the course would "
     "close.", "Dan Petrie", "USA"),
    # an organisation in apposition (a signature)
    (US + '"The vote must wait," wrote Nora Vance, Democracy for Tomorrow.', "Nora Vance",
     "USA"),
    # a post under a placed person or administration: the country, no sector
    ("Lena Ostrova, a deputy prime minister under President Vladimir Putin, said no.",
     "Lena Ostrova", "RUS"),
    ("Ray Colt, a secretary of labor during the Obama administration, said no.",
     "Ray Colt", "USA"),
    # coordinated title nouns
    ("Japanese journalist and author Kenji Mori said it was late.", "Kenji Mori",
     "JPN MED"),
    # an acronym the model leaves untagged in a title
    (US + "SEIU President Lee Orr said no.", "Lee Orr", "USA"),
    # the "of" organisation after the last of coordinated names
    (US + "Ann Ruiz and Tom Bell of the Brookings Institution wrote it.", "Ann Ruiz",
     "USA NGO"),
    # "of" + a nominal actor
    ("Joe Brand of the Texas delegation said it.", "Joe Brand", "USA GOV"),
    # an unknown organisation's possessive in front of an organisation noun
    (US + '"We cut jobs," said Kim Lowe, a spokeswoman for Acme Foods\' parent company.',
     "Kim Lowe", "USA BUS"),
    # a surname the model did not tag, found by the actor passes, owns the staff
    (US + "Tom Ekker gained. Ekker press secretary Alice Dunn gave it a try.", "Alice Dunn",
     "USA GOV"),
    # a middle initial: the dictionary person without it, as of the date
    ("Secretary of State John F. Kerry said the talks would go on.", "John F. Kerry",
     "USA GOV"),
    ("Former Secretary of State John F. Kerry said the talks would go on.",
     "John F. Kerry", "USA"),
    # a local legislator's title (inside the model's name span, or lower case): the
    # setting, no sector
    (US + '"We need jobs," said Alderman Ruth Gaines, whose ward includes the mill.',
     "Ruth Gaines", "USA"),
    (US + '"It is unanimous," councilmember Mark Lenz said of the vote.', "Mark Lenz", "USA"),
    # a non-breaking space between the title and the name
    ("Hillary Clinton spoke. Barack Obama agreed. Campaign spokesman\u00a0Lee Dorn told "
     "Politico the claim was false.", "Lee Dorn", "USA PTY"),
    # a relative clause naming a role of a person: that person's staff, past
    (US + '"It is over," said Sam Reeve, who was Mitt Romney\'s top adviser in 2012.',
     "Sam Reeve", "USA"),
]


def _mentions(nlp, text):
    from detente.pipeline.coding import make_article, parse_text

    article = make_article(text, published="2016-05-01", language="en")
    return extract_mentions(parse_text(article, nlp=nlp), article=article)


@pytest.mark.model
@pytest.mark.parametrize("text,person,code", AFFILIATION_TABLE,
                         ids=[row[1] for row in AFFILIATION_TABLE])
def test_affiliation_from_the_text(nlp, text, person, code):
    got = [m.actor.code for m in _mentions(nlp, text)
           if m.label == "PERSON" and m.text == person and m.actor is not None]
    assert got and all(c == code for c in got), got


@pytest.mark.model
@pytest.mark.parametrize("text,person", [
    ("ROME - Bernie Sanders met privately with Pope Francis on Saturday.", "Bernie Sanders"),
    ("John Smallwood, a farmer, said the harvest was poor.", "John Smallwood"),
    ("Justice Sonia Sotomayor wrote the opinion.", "Sonia Sotomayor"),  # no setting
    (US + "Juan Manriquez of Oakland carried one of the photos.", "Juan Manriquez"),
    # "in" + a place is where someone works or lives, no organisation
    (US + '"Save it," said Lyle Brandt, a tax adviser in Eau Claire, Wis.', "Lyle Brandt"),
    # a relative of a politician has no affiliation from that tie
    (US + "Clinton's nephew Dale Renner on Monday lashed out at the Cruz campaign.",
     "Dale Renner"),
    ("Myanmar voted. Myanmar's army and Myanmar's police watched. Secretary of State "
     "Jack Doe said the vote was a step.", "Jack Doe"),
    # a list of names (one mis-tagged) is no organisation in apposition
    (US + "''Our advice is not to use them,'' wrote Jon Dane, Corwin Dawes and Nathan "
     "Pieters.", "Jon Dane"),
    # only "of" after coordinated names is shared ("At The GOP Debate" in a headline)
    ("Bernie Sanders and Rand Paul At The GOP Debate.", "Bernie Sanders"),
])
def test_no_affiliation_no_country(nlp, text, person):
    got = [m.actor.code for m in _mentions(nlp, text)
           if m.label == "PERSON" and m.text == person and m.actor is not None]
    assert got == [""] * len(got) and got, got


@pytest.mark.model
def test_a_state_stands_for_its_country(nlp):
    got = {m.text: m.actor.code for m in _mentions(nlp, "Texas and Ontario voted.")
           if m.actor is not None}
    assert got == {"Texas": "USA", "Ontario": "CAN"}
    # named like a country, but a state of the article's setting (USA)
    got = {m.text: m.actor.code for m in _mentions(nlp, US + "Georgia and Texas voted.")
           if m.actor is not None}
    assert got["Georgia"] == "USA"
    got = {m.text: m.actor.code for m in _mentions(nlp, "Georgia and Russia talked.")
           if m.actor is not None}
    assert got["Georgia"] == "GEO"


def test_an_untagged_institution_in_a_title_places_the_person():
    """Hand-built parse: the model tagged only "Ames Lowell" and left "Democratic National
    Committee" (and the given name) untagged in front of it."""
    import spacy
    from spacy.tokens import Doc

    from detente.pipeline.coding import make_article

    words = ["Democratic", "National", "Committee", "Chair", "Debbie", "Ames", "Lowell",
             "dismissed", "it", "."]
    doc = Doc(spacy.blank("en").vocab, words=words, spaces=[True] * 8 + [False, False],
              heads=[2, 2, 3, 6, 6, 6, 7, 7, 7, 7],
              deps=["compound"] * 6 + ["nsubj", "ROOT", "dobj", "punct"],
              pos=["PROPN"] * 7 + ["VERB", "PRON", "PUNCT"],
              tags=["NNP"] * 7 + ["VBD", "PRP", "."],
              ents=["O"] * 5 + ["B-PERSON", "I-PERSON"] + ["O"] * 3)
    article = make_article(doc.text, published="2016-05-01", language="en")
    got = {m.text: m.actor.code for m in extract_mentions(doc, article=article)
           if m.actor is not None}
    assert got == {"Ames Lowell": "USA PTY"}
