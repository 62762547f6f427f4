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
