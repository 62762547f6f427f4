"""The link stage: from coded articles to stories, event clusters, disputes, positions.

Pure functions over ``Iterable[CodedArticle]`` (testable without a database), plus
:func:`run_links`, which reads a store and writes the results back.

>>> from detente.link import link_all
>>> result = link_all([])
>>> result.stories
()
"""

from __future__ import annotations

from .clusters import cluster_events, family_of, party_of
from .compare import OutletProfile, compare_outlets
from .dedupe import find_duplicates
from .disputes import claim_echoes, disputes_and_echoes, find_disputes, is_denial
from .positions import PositionCell, extract_positions, position_matrix, position_timeline
from .run import LinkResult, LinkSummary, link_all, run_links
from .stories import assign_stories, group_stories

__all__ = [
    "LinkResult",
    "LinkSummary",
    "OutletProfile",
    "PositionCell",
    "assign_stories",
    "claim_echoes",
    "cluster_events",
    "compare_outlets",
    "disputes_and_echoes",
    "extract_positions",
    "family_of",
    "find_disputes",
    "find_duplicates",
    "group_stories",
    "is_denial",
    "link_all",
    "party_of",
    "position_matrix",
    "position_timeline",
    "run_links",
]
