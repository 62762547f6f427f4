"""The record-kind registry (detente.store.kinds) is the one filter set: the store's
listings, the API, the pages and the CLI all take exactly its filters."""

from __future__ import annotations

import inspect

import pytest

from detente.store import kinds as K
from detente.store.queries import QueryMixin


@pytest.mark.parametrize("kind", K.KINDS)
def test_store_listing_takes_the_registry_filters(kind: str) -> None:
    params = set(inspect.signature(getattr(QueryMixin, kind)).parameters) - {
        "self", "limit", "offset"}
    assert params == set(K.KIND_FILTERS[kind])
    where = set(inspect.signature(getattr(QueryMixin, f"_where_{kind}")).parameters) - {"self"}
    extra = {"since", "until"} if kind in K.PERIOD_COUNTED else set()
    assert where == set(K.KIND_FILTERS[kind]) | extra


def test_choices_are_checked_by_the_store() -> None:
    from detente.errors import QueryError
    from detente.store import open_store

    with open_store("sqlite://", create=True) as store:
        with pytest.raises(QueryError, match="is not a PLOVER type"):
            store.events(type="NOPE")
        with pytest.raises(QueryError, match="'quote_type'"):
            store.quotes(quote_type="shouted")
        with pytest.raises(QueryError, match=r"parameter 'since': 'April' is not a date: "
                                             r"expected YYYY-MM-DD"):
            store.articles(since="April")
        assert store.events(type="accuse") == []


def test_every_filter_is_used_and_described() -> None:
    used = {n for names in K.KIND_FILTERS.values() for n in names}
    assert used == set(K.FILTERS)
    for f in K.FILTERS.values():
        assert f.help and f.cli.startswith("--") and f.cli_help
        assert (f.value == "choice") == bool(f.choices)
