"""The record-kind registry: which filters each listed kind takes, defined once.

A filter is written here one time (its store keyword, its value type, its help text and
which kinds take it); the store's listings validate against it, and the REST API
(:mod:`detente.serve.filters`), the web pages and the CLI (:mod:`detente.cli._common`)
build their parameters and options from it, so a new filter or kind is one edit here.

It lives in ``store/`` because the store is the lowest layer that lists records: serve/
and cli/ sit above it and may import it, and it imports neither (no FastAPI, no Typer
here: only names, value types, choices and help text). The record classes of each kind
(for export's flat columns) are :data:`detente.export.tables.KIND_CLASSES`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "FILTERS",
    "KINDS",
    "KIND_FILTERS",
    "MODALITIES",
    "PERIOD_COUNTED",
    "PLOVER_TYPES",
    "QUOTE_TYPES",
    "Filter",
    "filters_of",
]

#: The 16 PLOVER 2021 event types, in PLOVER's order.
PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
                "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE",
                "COERCE", "ASSAULT")
#: Event modalities (see :class:`detente.records.Event`).
MODALITIES = ("asserted", "reported", "intended", "conditional", "negated", "hypothetical",
              "denied")
#: Quote types (see :class:`detente.records.Quote`).
QUOTE_TYPES = ("direct", "indirect", "mixed")


@dataclass(frozen=True)
class Filter:
    """One listing filter.

    ``name`` is the store keyword and the API query parameter; ``value`` is ``text``
    (free text, bounded), ``id`` (an identifier), ``date`` (YYYY-MM-DD) or ``choice``
    (one of ``choices``); ``help`` is the API description; ``cli`` the CLI option name
    and ``cli_help`` its help, with ``cli_help_by_kind`` where a command says it
    differently.
    """

    name: str
    value: str
    help: str
    cli: str
    cli_help: str
    choices: tuple[str, ...] = ()
    #: The name of the enum the API publishes for a choice (None: free text the store
    #: checks, as ``quote_type``).
    api_enum: str | None = None
    #: A short CLI flag (``-q``).
    cli_short: str | None = None
    cli_help_by_kind: dict[str, str] = field(default_factory=dict)

    def cli_help_for(self, kind: str) -> str:
        """The CLI help of this filter on the command listing ``kind``."""
        return self.cli_help_by_kind.get(kind, self.cli_help)


_F = (
    Filter("actor", "text",
           "actor: a code prefix (RUS), a full code (RUS GOV) or part of a name",
           "--actor", "Actor: code prefix (RUS), full code (RUS GOV) or person.",
           cli_help_by_kind={"quotes": "Speaker's actor code prefix or person.",
                             "disputes": "Actor code prefix or person."}),
    Filter("speaker", "text", "speaker: part of the person's name",
           "--speaker", "Speaker name (substring)."),
    Filter("type", "choice", "PLOVER type", "--type", "PLOVER type, e.g. ACCUSE.",
           choices=PLOVER_TYPES, api_enum="PloverType"),
    Filter("modality", "choice", "event modality", "--modality",
           "asserted, reported, negated, …", choices=MODALITIES, api_enum="Modality"),
    Filter("quote_type", "choice", "direct, indirect or mixed", "--quote-type",
           "direct, indirect or mixed.", choices=QUOTE_TYPES),
    Filter("outlet", "text", "outlet name, exact", "--outlet", "Only this outlet (exact name)."),
    Filter("since", "date", "ISO date, YYYY-MM-DD", "--since",
           "From this date (YYYY-MM-DD), inclusive."),
    Filter("until", "date", "ISO date, YYYY-MM-DD", "--until",
           "Up to this date (YYYY-MM-DD), inclusive."),
    Filter("q", "text", "words in the article text", "--q",
           "Only articles whose text contains this.", cli_short="-q"),
    Filter("article_id", "id", "an id", "--article", "Only records of this article id.",
           cli_help_by_kind={"events": "Only events of this article id.",
                             "quotes": "Only quotes of this article id."}),
    Filter("story_id", "id", "an id", "--story", "Story id.",
           cli_help_by_kind={"articles": "Only articles of this story id."}),
    Filter("issue", "text", "issue id, e.g. nato_membership", "--issue",
           "Issue id, e.g. nato_membership."),
    Filter("party", "text", "party code, e.g. RUS", "--party", "Party code, e.g. RUS."),
)
#: Every filter by name.
FILTERS: dict[str, Filter] = {f.name: f for f in _F}

#: Listed kind -> its filters, in the order the API lists them.
KIND_FILTERS: dict[str, tuple[str, ...]] = {
    "articles": ("outlet", "since", "until", "q", "story_id"),
    "events": ("actor", "type", "outlet", "since", "until", "article_id", "modality"),
    "quotes": ("speaker", "actor", "outlet", "since", "until", "article_id", "quote_type"),
    "places": ("article_id",),
    "stories": (),
    "clusters": ("story_id",),
    "disputes": ("actor", "story_id"),
    "positions": ("issue", "party", "since", "until"),
}
#: The kinds the store lists and counts.
KINDS = tuple(KIND_FILTERS)
#: Kinds the store also counts over a period (``since``/``until``) though their listing
#: takes no dates: a story reported during it, a dispute with a side said during it
#: (``/api/stats``).
PERIOD_COUNTED = ("stories", "disputes")


def filters_of(kind: str) -> tuple[Filter, ...]:
    """The filters of ``kind``, in order."""
    return tuple(FILTERS[n] for n in KIND_FILTERS[kind])
