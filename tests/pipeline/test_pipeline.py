"""The pipeline spine: batching bounded by characters, order kept."""

from __future__ import annotations

from detente.pipeline.coding import _bounded_batches, make_article


def _items(lengths: list[int]) -> list[tuple[str, tuple[object, list[str]]]]:
    return [("x" * n, (make_article(f"text {i}"), [])) for i, n in enumerate(lengths)]


def test_batches_are_cut_by_count() -> None:
    batches = list(_bounded_batches(_items([10] * 7), batch_size=3, max_chars=1_000))
    assert [len(b) for b in batches] == [3, 3, 1]


def test_batches_are_cut_by_characters_and_keep_order() -> None:
    items = _items([400, 400, 400, 50, 50, 2_000, 10])
    batches = list(_bounded_batches(items, batch_size=32, max_chars=1_000))
    # 400+400 fits, the third 400 would pass 1,000; a longer-than-bound text goes alone
    assert [[len(t) for t, _ in b] for b in batches] == [[400, 400], [400, 50, 50], [2_000], [10]]
    assert [t for b in batches for t, _ in b] == [t for t, _ in items]


def test_empty_input_gives_no_batch() -> None:
    assert list(_bounded_batches([], batch_size=4, max_chars=10)) == []


def test_collector_freezes_once_after_the_first_batch(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import gc

    import spacy

    import detente.pipeline.coding as C
    from detente.records import CodedArticle

    steps: list[str] = []

    def code_doc(doc, article, *, notes=()):  # type: ignore[no-untyped-def]
        steps.append("code")
        return CodedArticle(article=article)

    monkeypatch.setattr(C, "code_doc", code_doc)
    monkeypatch.setattr(C, "_frozen", False)
    def note(step: str, result: object = None):  # type: ignore[no-untyped-def]
        def called(*_args: object) -> object:
            steps.append(step)
            return result
        return called

    monkeypatch.setattr(gc, "collect", note("collect", 0))
    monkeypatch.setattr(gc, "freeze", note("freeze"))
    articles = [make_article(f"Talks resumed in round {i}.", published="2022-03-29",
                             language="en") for i in range(3)]
    for _ in range(2):  # a second run (a later memory zone) does not freeze again
        out = list(C.code_articles(articles, nlp=spacy.blank("en"), batch_size=1))
        assert [c.article.id for c in out] == [a.id for a in articles]
    assert steps == ["code", "collect", "freeze", "code", "code", "code", "code", "code"]
