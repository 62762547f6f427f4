"""run_links against a store stand-in, link_all wiring, and the optional embedder."""

from __future__ import annotations

import pytest

from _link_builders import article, claim, event
from detente.errors import QueryError
from detente.link import link_all, run_links
from detente.link.embed import HashingEmbedder, embeddings_available, get_embedder


class FakeStore:
    """The two store methods the link stage uses (store contract: iter_coded, replace_links)."""

    def __init__(self, coded) -> None:
        self.coded = list(coded)
        self.saved: list[dict] = []

    def iter_coded(self, **_kw):
        return iter(self.coded)

    def replace_links(self, *, stories, clusters, disputes, positions) -> None:
        self.saved.append(dict(stories=stories, clusters=clusters, disputes=disputes,
                               positions=positions))


TEXT_A = ("Peace talks stall over an unanswered offer\n\nThe Russian minister said Moscow's "
          "peace offer to Kyiv's negotiators went unanswered. The Ukrainian president denied "
          "that any offer reached Kyiv's negotiators. Moscow demanded that Kyiv not join NATO.")
A = article(TEXT_A, outlet="One", published="2022-04-22",
            claims=[claim("Moscow's peace offer to Kyiv's negotiators went unanswered",
                          "RUS GOV", "Pyotr Ivanov"),
                    claim("that any offer reached Kyiv's negotiators", "UKR GOV",
                          "Oksana Bilyk", polarity=-1, denial=True)],
            events=[event("peace offer", "AGREE", "RUS", "UKR", date="2022-04-17",
                          trigger="offer"),
                    event("demanded that Kyiv", "REQUEST", "RUS", "UKR", trigger="demanded")])
B = article("Peace talks stall as offer goes unanswered\n\nMoscow's draft peace offer to Kyiv's "
            "negotiators went unanswered, Russia said.", outlet="Two", published="2022-04-25",
            events=[event("draft peace offer", "AGREE", "RUS", "UKR", date="2022-04-15",
                          trigger="draft")])


def test_run_links_reads_the_store_and_replaces_links_once() -> None:
    store = FakeStore([A, B])
    summary = run_links(store)
    assert len(store.saved) == 1
    saved = store.saved[0]
    assert summary.articles == 2 and summary.stories == len(saved["stories"]) == 1
    assert summary.disputes == len(saved["disputes"]) == 1
    assert summary.multi_article_clusters == 1
    assert summary.positions == len(saved["positions"]) >= 1
    (d,) = saved["disputes"]
    assert d.story_id == saved["stories"][0].id
    assert all(c.story_id == saved["stories"][0].id for c in saved["clusters"])
    # re-running gives the same ids: results are replaced, not duplicated
    run_links(store)
    assert [s.id for s in store.saved[1]["stories"]] == [s.id for s in saved["stories"]]
    assert {c.id for c in store.saved[1]["clusters"]} == {c.id for c in saved["clusters"]}


def test_link_all_on_nothing() -> None:
    r = link_all([])
    assert (r.stories, r.clusters, r.disputes, r.positions) == ((), (), (), ())


def test_lexical_embedder_is_normalised_and_torch_free() -> None:
    emb = get_embedder(prefer="lexical")
    assert isinstance(emb, HashingEmbedder) and not emb.semantic
    v = emb.encode(["peace talks stalled", "the peace talks stalled again", "tanks rolled"])
    assert v.shape[0] == 3
    assert abs(float(v[0] @ v[0]) - 1.0) < 1e-5
    assert float(v[0] @ v[1]) > float(v[0] @ v[2])
    r = link_all([A, B], embedder=emb)
    assert any(c.n_articles == 2 for c in r.clusters)


def test_bad_embedder_choice() -> None:
    with pytest.raises(QueryError, match="prefer"):
        get_embedder(prefer="bert")


@pytest.mark.slow
@pytest.mark.skipif(not embeddings_available(), reason="extra 'embeddings' not installed")
def test_minilm_embedder_links_paraphrases() -> None:
    emb = get_embedder(prefer="minilm")
    assert emb.semantic
    v = emb.encode(["Russia handed Ukraine a new peace proposal.",
                    "Moscow put forward a draft peace deal to Kyiv.",
                    "Heavy rain flooded the harbour."])
    assert float(v[0] @ v[1]) > 0.5 > float(v[0] @ v[2])
    a = article("Russia handed Ukraine a new peace proposal.", outlet="X", published="2022-04-20",
                events=[event("handed", "AGREE", "RUS", "UKR", date="2022-04-17")])
    # a paraphrase sharing no content word: only the embeddings see it
    b = article("A revised accord text was delivered by Russian envoys to the Ukrainian side.",
                outlet="Y", published="2022-04-21",
                events=[event("delivered", "AGREE", "RUS", "UKR", date="2022-04-16")])
    assert [c.n_articles for c in link_all([a, b]).clusters] == [1, 1]
    assert [c.n_articles for c in link_all([a, b], embedder=emb).clusters] == [2]


def test_results_do_not_depend_on_hash_seed() -> None:
    import os
    import subprocess
    import sys
    from pathlib import Path

    here = Path(__file__).parent
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); sys.path.insert(0, sys.argv[1] + '/..'); sys.path.insert(0, sys.argv[1] + '/../../bench');"
        "import link_scale as L, test_clusters as t;"
        "from detente.link import link_all;"
        "base = [t.PROPOSAL_A, t.PROPOSAL_B, t.STORY_1, t.STORY_2, t.STORY_OTHER];"
        "r = link_all(L.grow(base, 200, seed=3));"
        "print(sorted(s.id for s in r.stories), sorted(c.id for c in r.clusters))"
    )
    outs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        res = subprocess.run([sys.executable, "-c", code, str(here)], env=env,
                             capture_output=True, text=True, check=True)
        outs.add(res.stdout)
    assert len(outs) == 1
