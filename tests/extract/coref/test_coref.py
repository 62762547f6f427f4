"""Rule-based coreference (detente.extract.coref.resolve): one hand-written fixture per rule.

The texts are written for these tests (invented people and places, real office holders
only where the title rule needs the dictionary)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from detente.extract.coref.resolve import build_chains, load_coref_lexicon
from detente.records import ActorRef, CodedArticle, Mention, to_dict

ROOT = Path(__file__).resolve().parents[3]
GAP = ROOT.parent / "shared" / "data" / "gap" / "gap-development.tsv"


# --- no model ---------------------------------------------------------------------------

def test_lexicon_loads_with_both_genders() -> None:
    lex = load_coref_lexicon()
    assert lex.gender_of_pronoun["she"] == "f" and lex.gender_of_pronoun["his"] == "m"
    assert lex.honorifics["mrs."] == "f" and lex.gendered_nouns["husband"] == "m"
    assert "they" in lex.plural and "herself" in lex.reflexive
    assert "chief" in lex.generic_heads and lex.sector_roles["MIL"]


def test_given_names_file_adds_names_under_coref_toml(tmp_path: Path) -> None:
    lex = load_coref_lexicon()
    assert lex.given_names["giulia"] == "f" and lex.given_names["massimo"] == "m"
    assert lex.given_names["andrea"] == "f"  # coref.toml's own list wins on a clash
    assert "nicola" not in lex.given_names  # names of both sexes stay unknown
    own = tmp_path / "coref.toml"
    own.write_text((ROOT / "src/detente/lexicon/coref.toml").read_text(encoding="utf-8"),
                   encoding="utf-8")
    (tmp_path / "coref_given_names.toml").write_text(
        'version = "t"\nm = ["zorro"]\nf = ["giulia"]\n', encoding="utf-8")
    lex = load_coref_lexicon(str(own))
    assert lex.given_names["zorro"] == "m" and "massimo" not in lex.given_names


def _m(start: int, text: str, label: str, actor: ActorRef | None,
       ante: int | None = None) -> Mention:
    return Mention(article_id="a", start=start, end=start + len(text), text=text,
                   label=label, actor=actor, how="coref" if ante is not None else "ner",
                   antecedent_start=ante)


def test_build_chains_links_antecedents_and_same_person() -> None:
    holm = ActorRef(code="", person="Peter Holm")
    lund = ActorRef(code="", person="Tomas Lund")
    mentions = [
        _m(0, "Peter Holm", "PERSON", holm),
        _m(20, "Tomas Lund", "PERSON", lund),
        _m(40, "he", "PRON", holm, ante=0),
        _m(60, "Holm", "PERSON", holm, ante=0),
        _m(80, "his", "PRON", holm, ante=60),
        _m(90, "Norway", "GPE", ActorRef(code="NOR", country="NOR")),
    ]
    chains = build_chains(mentions, article_id="a")
    assert len(chains) == 1  # Lund and Norway are named once: no chain
    chain = chains[0]
    assert chain.text == "Peter Holm" and chain.entity_id == "person:peter holm"
    assert [m.start for m in chain.mentions] == [0, 40, 60, 80]
    assert to_dict(chain)["kind"] == "coref_chain"


def test_coded_article_lists_chains_after_events() -> None:
    from detente.records import Article

    art = Article(id="a", text="x")
    chain = build_chains([_m(0, "Ann Berg", "PERSON", ActorRef(code="", person="Ann Berg")),
                          _m(9, "she", "PRON", ActorRef(code="", person="Ann Berg"), 0)],
                         article_id="a")
    coded = CodedArticle(article=art, chains=tuple(chain))
    assert coded.records()[-1].kind == "coref_chain"


def test_chain_round_trips_through_codec_and_sqlite_store(tmp_path: Path) -> None:
    from detente.records import Article
    from detente.store import open_store
    from detente.store.codec import KINDS, from_dict

    text = "Ann Berg met Ole Dahl. She said the ferry would run. Berg left."
    berg = ActorRef(code="", person="Ann Berg")
    mentions = (_m(0, "Ann Berg", "PERSON", berg), _m(13, "Ole Dahl", "PERSON",
                                                        ActorRef(code="", person="Ole Dahl")),
                _m(23, "She", "PRON", berg, ante=0), _m(53, "Berg", "PERSON", berg))
    assert all(text[m.start:m.end] == m.text for m in mentions)
    art = Article(id="a", text=text)
    chains = tuple(build_chains(mentions, article_id="a"))
    assert [m.text for m in chains[0].mentions] == ["Ann Berg", "She", "Berg"]
    assert from_dict(KINDS["coref_chain"], to_dict(chains[0])) == chains[0]
    coded = CodedArticle(article=art, mentions=mentions, chains=chains)
    with open_store(tmp_path / "c.db") as store:
        assert store.save(coded)
        back = store.coded("a")
    assert back is not None and back.chains == chains


def test_ranker_weights_load_and_name_the_passes_features() -> None:
    from detente.extract.coref.resolve import _weights

    w = _weights()
    assert w is not None and "threshold" in w
    # the ranker weighs recency, roles and the cataphoric candidates
    assert {"salience", "cataphor", "commands", "role=subj"} <= set(w)


def test_empty_weights_table_turns_the_ranker_off(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from detente.errors import LexiconError
    from detente.extract.coref.resolve import _weights

    (tmp_path / "coref_weights.json").write_text('{"version": "x", "weights": {}}')
    monkeypatch.setenv("DETENTE_LEXICON_DIR", str(tmp_path))
    _weights.cache_clear()
    try:
        assert _weights() is None
        (tmp_path / "coref_weights.json").write_text('{"version": "x", "weights": [1]}')
        _weights.cache_clear()
        with pytest.raises(LexiconError, match="coref_weights.json"):
            _weights()
    finally:
        _weights.cache_clear()


# --- with the real model -----------------------------------------------------------------

def _code(text: str, published: str | None = "2022-04-22") -> CodedArticle:
    from detente.pipeline.coding import code_text

    return code_text(text, published=published)


def _pron(coded: CodedArticle, word: str, nth: int = 0) -> Mention | None:
    text = coded.article.text
    found = [m for m in coded.mentions if m.label == "PRON" and m.text == word]
    found.sort(key=lambda m: m.start)
    assert text  # keeps the fixture honest
    return found[nth] if len(found) > nth else None


@pytest.mark.model
def test_subject_is_preferred_over_object() -> None:
    coded = _code("Peter Holm met Tomas Lund in Bergen on Monday. He proposed a new "
                  "fishing agreement.")
    he = _pron(coded, "He")
    assert he is not None and he.actor is not None and he.actor.person == "Peter Holm"


@pytest.mark.model
def test_object_pronoun_is_not_its_own_verbs_subject() -> None:
    coded = _code("Tomas Lund arrived late to the meeting. Peter Holm thanked him for "
                  "the offer.")
    him = _pron(coded, "him")
    assert him is not None and him.actor is not None and him.actor.person == "Tomas Lund"


@pytest.mark.model
def test_name_inside_a_quotation_is_not_the_antecedent_outside() -> None:
    coded = _code('Peter Holm addressed the council on Monday. "Tomas Lund has never '
                  'understood the fishing budget," he said.')
    he = _pron(coded, "he")
    assert he is not None and he.actor is not None and he.actor.person == "Peter Holm"
    quote = next(q for q in coded.quotes if "budget" in q.text)
    assert quote.speaker is not None and quote.speaker.person == "Peter Holm"


@pytest.mark.model
def test_run_of_quotes_keeps_the_speaker_until_another_subject() -> None:
    coded = _code('Peter Holm spoke first at the harbour meeting. "We will not sign this '
                  'deal," he said. "The offer is far too weak for us," he added. Tomas '
                  'Lund disagreed with the plan. "It is a fair offer for everyone," he said.')
    people = [m.actor.person for m in sorted(coded.mentions, key=lambda m: m.start)
              if m.label == "PRON" and m.text == "he" and m.actor is not None]
    assert people == ["Peter Holm", "Peter Holm", "Tomas Lund"]


@pytest.mark.model
def test_they_points_to_a_group_subject() -> None:
    coded = _code("Ukrainian officials met the mediators in Geneva on Friday. They said "
                  "the talks would resume next week.")
    they = _pron(coded, "They")
    assert they is not None and they.actor is not None and they.actor.code == "UKR GOV"


@pytest.mark.model
def test_they_in_what_a_group_says_is_that_group() -> None:
    # "The rebels said they ...": the group that says so, not the group of the previous
    # sentence; an uncoded group leaves "they" unresolved rather than wrong
    coded = _code("Polish officials met the mediators on Friday. Hungarian ministers said "
                  "they would veto the plan.")
    they = _pron(coded, "they")
    assert they is not None and they.actor is not None and they.actor.code == "HUN GOV"
    coded = _code("Polish officials met the mediators on Friday. The rebels said they "
                  "would attack the town.")
    they = _pron(coded, "they")
    assert they is None or they.actor is None or they.actor.country != "POL"


@pytest.mark.model
def test_title_is_the_office_holder_on_the_articles_date() -> None:
    coded = _code("The Russian foreign minister said on Friday that the talks had "
                  "stalled.", published="2022-04-22")
    title = next(m for m in coded.mentions if m.text.lower().endswith("foreign minister"))
    assert title.actor is not None and title.actor.person == "Sergei Lavrov"
    coded = _code("The Pentagon chief said more aid would follow.", published="2022-04-22")
    chief = next((m for m in coded.mentions if m.text.endswith("chief")), None)
    assert chief is not None and chief.actor is not None
    assert chief.actor.person == "Lloyd Austin"
    # before his office began, nobody holds it for the dictionary: no person
    coded = _code("The Pentagon chief said more aid would follow.", published="2019-04-22")
    chief = next((m for m in coded.mentions if m.text.endswith("chief")), None)
    assert chief is None or chief.actor is None or chief.actor.person != "Lloyd Austin"


@pytest.mark.model
def test_a_title_is_the_person_the_article_gave_it_not_the_dictionarys() -> None:
    # a country has several deputy foreign ministers; the dictionary knows one. The
    # title in apposition is the named person's, and "the deputy minister" later points
    # back to him (his role came from the apposition, after the nominal pass)
    coded = _code("Igor Sokolov, Russia's deputy foreign minister, met diplomats on "
                  "Monday. The deputy minister accused Kyiv of lying.", published="2022-05-01")
    people = {m.text: m.actor.person for m in coded.mentions if m.actor is not None}
    assert people["Russia's deputy foreign minister"] == "Igor Sokolov"
    assert people["The deputy minister"] == "Igor Sokolov"
    (accuse,) = [e for e in coded.events if e.plover_type == "ACCUSE"]
    assert [a.code for a in accuse.source] == ["RUS GOV"]
    # the title first, the name after it
    coded = _code("Russia's deputy foreign minister, Igor Sokolov, met diplomats on Monday.",
                  published="2022-05-01")
    people = {m.text: m.actor.person for m in coded.mentions if m.actor is not None}
    assert people["Russia's deputy foreign minister"] == "Igor Sokolov"
    (met,) = coded.events
    assert [a.person for a in met.source] == ["Igor Sokolov"]


@pytest.mark.model
def test_chains_are_records_of_the_coded_article() -> None:
    coded = _code("Peter Holm met reporters in Bergen. He said the boats would stay in "
                  "port, and his deputy agreed.")
    chain = next(c for c in coded.chains if c.text == "Peter Holm")
    assert [m.text for m in chain.mentions] == ["Peter Holm", "He", "his"]
    text = coded.article.text
    assert all(text[m.start:m.end] == m.text for m in chain.mentions)


@pytest.mark.model
def test_pronoun_before_the_name_in_a_fronted_clause() -> None:
    coded = _code("When she arrived in Bergen, Anna Lind greeted the delegates from the "
                  "harbour board.")
    she = _pron(coded, "she")
    assert she is not None and she.actor is not None and she.actor.person == "Anna Lind"


@pytest.mark.model
def test_earlier_subject_wins_over_a_later_name_for_a_main_clause_pronoun() -> None:
    coded = _code("Peter Holm opened the session in Bergen. He thanked the board, and "
                  "Tomas Lund spoke after him.")
    he = _pron(coded, "He")
    assert he is not None and he.actor is not None and he.actor.person == "Peter Holm"


@pytest.mark.model
def test_resolved_pronoun_is_the_source_of_its_event() -> None:
    coded = _code("Sergei Lavrov met reporters in Moscow on Monday. He accused Ukraine of "
                  "shelling Donetsk.")
    accuse = next(e for e in coded.events if e.plover_type == "ACCUSE")
    assert [a.person for a in accuse.source] == ["Sergei Lavrov"]
    chain = next(c for c in coded.chains if c.text == "Sergei Lavrov")
    assert [m.text for m in chain.mentions] == ["Sergei Lavrov", "He"]


@pytest.mark.model
def test_gender_from_honorific_and_given_name() -> None:
    coded = _code("Mrs. Dahl met Peter Holm in the capital. She said the vote would "
                  "come soon.")
    she = _pron(coded, "She")
    assert she is not None and she.actor is not None and she.actor.person == "Dahl"


@pytest.mark.model
def test_given_name_gender_rules_out_the_subject() -> None:
    coded = _code("Massimo Conti thanked Giulia Ferri at the dinner in Turin. She had "
                  "paid for the new roof of the school.")
    she = _pron(coded, "She")
    assert she is not None and she.actor is not None and she.actor.person == "Giulia Ferri"


@pytest.mark.model
def test_silent_name_features_say_ner_label_and_given_name() -> None:
    from detente.extract.coref.resolve import tracing

    with tracing() as trace:
        coded = _code("Giulia Bergamo met Massimo in Verona. She signed the lease.")
    feats = {ent.actor.person: f for tok, rows in trace if tok.text == "She"
             for ent, f in rows}
    verona = feats["Verona"]
    assert verona["silent"] == 1.0 and verona["silent_given"] == 0.0
    assert verona["silent_ner=GPE"] == 1.0
    giulia = feats["Giulia Bergamo"]
    assert giulia["silent_given"] == 1.0
    she = _pron(coded, "She")
    assert she is not None and she.actor is not None and she.actor.person == "Giulia Bergamo"


# --- GAP (shared data) --------------------------------------------------------------------

@pytest.mark.shared
@pytest.mark.model
def test_gap_development_first_rows_floor() -> None:
    if not GAP.is_file():
        pytest.skip("../shared/data/gap is absent")
    spec = importlib.util.spec_from_file_location("score_gap", ROOT / "bench" / "score_gap.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["score_gap"] = mod
    spec.loader.exec_module(mod)
    rows = mod.read_rows(GAP)[:200]
    from detente.parse.model import get_nlp

    nlp = get_nlp()
    f1 = mod.F1()
    for row, doc in zip(rows, nlp.pipe(r.text for r in rows), strict=True):
        pa, pb = mod.predict(row, doc)
        f1.add(pa, row.a_gold)
        f1.add(pb, row.b_gold)
    # measured 68.9 on the first 200 development rows (2026-12-03, ranker fitted on all
    # of development: in-sample); floor 5 points lower
    assert 100 * f1.f1() >= F1_FLOOR


F1_FLOOR = 63.0


def test_trees_sum_their_leaves_and_load_from_the_weights_file() -> None:
    from detente.extract.coref.model import _tree, _trees, score_trees

    trees = (_tree(["role=subj", 0.5, -1.0, ["dist=0", 0.5, 0.5, 2.0]]), _tree(0.25))
    assert score_trees(trees, {}) == -0.75  # absent features are 0: left branch
    assert score_trees(trees, {"role=subj": 1.0}) == 0.75
    assert score_trees(trees, {"role=subj": 1.0, "dist=0": 1.0}) == 2.25
    shipped = _trees()
    assert shipped is not None and len(shipped) >= 100
    with pytest.raises(Exception, match="tree node"):
        _tree(["role=subj", 0.5, 1.0])


def test_empty_trees_fall_back_to_the_linear_weights(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from detente.extract.coref.model import _trees

    (tmp_path / "coref_weights.json").write_text(
        '{"version": "x", "weights": {"role=subj": 1.0}, "trees": []}')
    monkeypatch.setenv("DETENTE_LEXICON_DIR", str(tmp_path))
    _trees.cache_clear()
    try:
        assert _trees() is None
    finally:
        _trees.cache_clear()


def _names(tree: object, out: set[str]) -> set[str]:
    if isinstance(tree, tuple):
        out.add(tree[0])
        _names(tree[2], out)
        _names(tree[3], out)
    return out


def test_tree_scorer_adds_as_the_compiled_trees_do() -> None:
    import random

    from detente.extract.coref.model import (
        _tree,
        _trees,
        compile_trees,
        score_compiled,
        score_trees,
        tree_scorer,
    )

    shipped = _trees()
    assert shipped is not None
    # the shipped trees, and small ones with deeper subtrees and a lone leaf
    deep = (_tree(["a", 0.5, ["b", 0.5, ["c", 0.5, 1.0, 2.0], 3.0], -1.0]),
            _tree(["a", 0.5, 0.5, ["c", 0.25, -0.5, 4.0]]), _tree(0.125))
    rng = random.Random(11)
    for trees in (shipped, deep):
        compiled = compile_trees(trees)
        scorer = tree_scorer(compiled)
        names = sorted(set().union(*(_names(t, set()) for t in trees)))
        for _ in range(300):
            chosen = rng.sample(names, k=rng.randint(0, len(names)))
            feats = {n: rng.choice([0.0, 1.0, 1 / 3, rng.random()]) for n in chosen}
            # bit for bit the sum the pass used before; the plain walk up to rounding
            assert scorer(feats) == score_compiled(compiled, feats)
            assert scorer(feats) == pytest.approx(score_trees(trees, feats), abs=1e-9)


def test_tree_scorer_without_a_literal_falls_back() -> None:
    from detente.extract.coref.model import _tree, compile_trees, score_trees, tree_scorer

    trees = (_tree(["a", float("inf"), 1.0, 2.0]),)
    assert tree_scorer(compile_trees(trees))({"a": 3.0}) == score_trees(trees, {"a": 3.0}) == 1.0


def test_latest_mention_before_a_pronoun() -> None:
    from types import SimpleNamespace

    from detente.extract.coref.ranking import _Ranker

    def ent(*starts: int) -> SimpleNamespace:
        return SimpleNamespace(mentions=[SimpleNamespace(draft=SimpleNamespace(start=s))
                                         for s in starts])

    # mentions in any order; one at the pronoun or after it does not count; -1: none
    ranker = SimpleNamespace(entities=[ent(5, 40, 12), ent(50, 90), ent(), ent(30)])
    assert _Ranker.latest_before(ranker, 50) == [40, -1, -1, 30]  # type: ignore[arg-type]
    assert _Ranker.latest_before(ranker, 100) == [40, 90, -1, 30]  # type: ignore[arg-type]


def test_cross_validation_parts_of_each_fold_split() -> None:
    # bench/train_coref.py --fold-split: 0 is row j in part j mod k; S > 0 shuffles the
    # rows with random.Random(S) first, every part the same size either way
    sys.path.insert(0, str(ROOT / "bench"))
    spec = importlib.util.spec_from_file_location("train_coref", ROOT / "bench" / "train_coref.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert mod.cv_parts(10, 5, 0) == [0, 1, 2, 3, 4, 0, 1, 2, 3, 4]
    one, two = mod.cv_parts(10, 5, 1), mod.cv_parts(10, 5, 2)
    assert one != mod.cv_parts(10, 5, 0) and one != two
    assert all(one.count(i) == 2 and two.count(i) == 2 for i in range(5))
    assert one == mod.cv_parts(10, 5, 1)  # reproducible
