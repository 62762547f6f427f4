"""The coding pipeline: Article -> clean -> parse -> extract -> CodedArticle.

The spaCy Doc is parsed from the article text with every noise span blanked out
(replaced by spaces, newlines kept), so the Doc has exactly the original length: token
offsets are offsets into ``Article.text`` and noise can never be coded as news.

``make_article``, ``parse_date`` and ``NOTE_KEY`` live with the readers
(:mod:`detente.read.article`) and are re-exported here.

>>> from detente import code_text
>>> coded = code_text("Russia rejected the proposal on Friday.", published="2022-04-22")
>>> [e.plover_type for e in coded.events]  # doctest: +SKIP
['REJECT']
"""

from __future__ import annotations

import datetime as _dt
import gc
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

from spacy.language import Language
from spacy.tokens import Doc

from ..clean.noise import clean, detect_language
from ..extract.actors.mentions import extract_mentions
from ..extract.coref.resolve import build_chains
from ..extract.dates.find import extract_dates
from ..extract.events.code import extract_events
from ..extract.places.find import extract_places
from ..extract.quotes.find import claims_from_quotes, extract_quotes
from ..parse.entities import doc_text
from ..parse.model import PART_CHARS, get_nlp, parse_in_parts
from ..read.article import NOTE_KEY, make_article, parse_date
from ..records import Article, CodedArticle

__all__ = ["NOTE_KEY", "code_article", "code_articles", "code_doc", "code_text", "make_article", "parse_date", "parse_text"]

SUPPORTED_LANGUAGES = frozenset({"en"})


def masked_text(article: Article) -> str:
    """The article text with noise blanked out, same length, newlines kept."""
    if not article.noise:
        return article.text
    chars = list(article.text)
    for span in article.noise:
        for i in range(span.start, min(span.end, len(chars))):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def _prepare(article: Article) -> tuple[Article, list[str], bool]:
    """Clean the article and decide whether it can be coded: ``(article, notes,
    codable)``. Notes say what the reader or this step noticed (an unsupported language,
    an unparseable date left empty)."""
    notes = [note for key, note in article.meta if key == NOTE_KEY]
    if not article.noise:
        article = clean(article)
    language = article.language or detect_language(article.text)
    if language is not None and language != article.language:
        from dataclasses import replace

        article = replace(article, language=language)
    if language not in SUPPORTED_LANGUAGES:
        notes.append(f"language {language!r} is not supported: article read but not coded")
        return article, notes, False
    return article, notes, True


def code_doc(doc: Doc, article: Article, *, notes: Iterable[str] = ()) -> CodedArticle:
    """Run every extractor over a parsed Doc of ``masked_text(article)``."""
    doc_text(doc, article)  # the Doc's text, rebuilt once here for every extractor
    mentions = extract_mentions(doc, article=article)
    dates = extract_dates(doc, article=article)
    places = extract_places(doc, article=article)
    quotes = extract_quotes(doc, article=article, mentions=mentions)
    claims = claims_from_quotes(quotes, doc=doc, article=article, dates=dates)
    events = extract_events(
        doc, article=article, mentions=mentions, dates=dates, places=places, quotes=quotes
    )
    return CodedArticle(
        article=article,
        mentions=tuple(mentions),
        dates=tuple(dates),
        places=tuple(places),
        quotes=tuple(quotes),
        claims=tuple(claims),
        events=tuple(events),
        notes=tuple(notes),
        chains=tuple(build_chains(mentions, article_id=article.id)),
    )


def parse_text(article: Article, *, nlp: Language | None = None,
               part_chars: int = PART_CHARS) -> Doc:
    """Parse the masked article text (for callers that want the Doc). A text longer
    than ``part_chars`` is parsed in parts cut at paragraph breaks and joined back
    (:func:`detente.parse.model.parse_in_parts`): offsets stay offsets into the article."""
    return parse_in_parts(nlp or get_nlp(), masked_text(article), max_chars=part_chars)


def code_article(article: Article, *, nlp: Language | None = None,
                 part_chars: int = PART_CHARS) -> CodedArticle:
    """Clean, parse and extract one article (of any length: see :func:`parse_text`)."""
    article, notes, codable = _prepare(article)
    if not codable:
        return CodedArticle(article=article, notes=tuple(notes))
    return code_doc(parse_text(article, nlp=nlp, part_chars=part_chars), article, notes=notes)


def code_text(
    text: str,
    *,
    published: str | _dt.date | None = None,
    outlet: str | None = None,
    url: str | None = None,
    title: str | None = None,
    nlp: Language | None = None,
) -> CodedArticle:
    """Code one text. ``published`` anchors relative dates ("Friday", "five days ago")."""
    article = make_article(text, published=published, outlet=outlet, url=url, title=title)
    return code_article(article, nlp=nlp)


#: Default bound on the characters parsed in one batch: spaCy's peak memory follows the
#: largest batch, so a batch of long articles is cut short (memory stays flat however long
#: the run and whatever the mix of article lengths).
MAX_BATCH_CHARS = 120_000


_Item = TypeVar("_Item", bound=tuple[str, Any])

_frozen = False


def _freeze_once() -> None:
    """Move every object alive now out of the cyclic collector's view, once per process.

    Called when the first batch is coded: by then the model, the lexicons, the actor
    dictionaries and the gazetteer are loaded (lazily, on first use). They live as long
    as the process, and without this every full collection walks them again (millions
    of objects) while coding allocates. Objects frozen are still freed by reference
    counting; only a cycle among them that became garbage later stays. See
    docs/benchmarks.md, "Own work cut down" (a decision; revert this alone to undo it).
    """
    global _frozen
    if _frozen:
        return
    _frozen = True
    gc.collect()
    gc.freeze()


def _bounded_batches(
    items: Iterable[_Item], *, batch_size: int, max_chars: int
) -> Iterator[list[_Item]]:
    batch: list[_Item] = []
    chars = 0
    for item in items:
        if batch and (len(batch) >= batch_size or chars + len(item[0]) > max_chars):
            yield batch
            batch, chars = [], 0
        batch.append(item)
        chars += len(item[0])
    if batch:
        yield batch


def code_articles(
    articles: Iterable[Article],
    *,
    nlp: Language | None = None,
    batch_size: int = 32,
    n_process: int = 1,
    max_batch_chars: int = MAX_BATCH_CHARS,
    part_chars: int = PART_CHARS,
) -> Iterator[CodedArticle]:
    """Code many articles, streaming, with ``nlp.pipe`` batching.

    Yields one :class:`CodedArticle` per input article, in input order. Memory stays flat:
    articles are pulled from ``articles`` lazily, at most ``batch_size`` articles and
    ``max_batch_chars`` characters at a time (one longer article is parsed alone). An
    article longer than ``part_chars`` is parsed on its own, in parts cut at paragraph
    breaks (:func:`detente.parse.model.parse_in_parts`), so its length is bounded only by the
    readers' size limit. With ``n_process > 1`` spaCy's own multiprocess batching is used
    (``batch_size`` only; long articles are parsed in this process).
    """
    nlp = nlp or get_nlp()
    limit = max(1, min(part_chars, nlp.max_length))

    def prepared() -> Iterator[tuple[str, tuple[Article, list[str], bool]]]:
        for article in articles:
            art, notes, codable = _prepare(article)
            # Uncoded and long articles go through the pipe as empty text so order is
            # kept; a long one is parsed in parts when its turn comes (finish).
            text = masked_text(art) if codable else ""
            yield ("" if len(text) > limit else text), (art, notes, codable)

    def finish(doc: Doc, article: Article, notes: list[str], codable: bool) -> CodedArticle:
        if not codable:
            return CodedArticle(article=article, notes=tuple(notes))
        # the Doc's length in characters (Doc.text would join every token to count)
        last = doc[-1] if len(doc) else None
        if (last.idx + len(last.text_with_ws) if last is not None else 0) != len(article.text):
            doc = parse_in_parts(nlp, masked_text(article), max_chars=limit)
        return code_doc(doc, article, notes=notes)

    if n_process != 1:
        for doc, (article, notes, codable) in nlp.pipe(
            prepared(), as_tuples=True, batch_size=batch_size, n_process=n_process
        ):
            yield finish(doc, article, notes, codable)
        return
    for k, batch in enumerate(_bounded_batches(prepared(), batch_size=batch_size,
                                               max_chars=max_batch_chars)):
        if k == 1:
            _freeze_once()  # what lives as long as the process is loaded by now
        for doc, (article, notes, codable) in nlp.pipe(batch, as_tuples=True, batch_size=len(batch)):
            yield finish(doc, article, notes, codable)
