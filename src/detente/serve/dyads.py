"""Dyads by country: "RUS GOV → UKR MIL" and "RUS → UKR" are one RUS → UKR row, with the
sector pairs under it; a country acting on itself ("RUS GOV → RUS") is not a dyad.

>>> rows = [{"source": "RUS GOV", "target": "UKR", "n": 3},
...         {"source": "RUS", "target": "UKR MIL", "n": 2},
...         {"source": "RUS GOV", "target": "RUS", "n": 9}]
>>> [(d["source"], d["target"], d["n"]) for d in country_dyads(rows)["dyads"]]
[('RUS', 'UKR', 5)]
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

__all__ = ["country_dyads", "head_code"]


def head_code(code: str) -> str:
    """The country or organisation part of an actor code (``RUS GOV`` -> ``RUS``)."""
    return code.split()[0] if code else code


def country_dyads(rows: list[dict[str, Any]], *, limit: int = 10) -> dict[str, Any]:
    """The ``limit`` most active country dyads from (source, target, n) code rows.

    Returns ``dyads`` (``source``, ``target``, ``n``, ``pairs``: the code pairs under it,
    most active first) and ``self_left_out`` (events within one country, not shown).
    Counts add up code pairs: an event with two sources counts for each pair.
    """
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    self_n = 0
    for r in rows:
        s, t = head_code(str(r.get("source") or "")), head_code(str(r.get("target") or ""))
        if not s or not t:
            continue
        if s == t:
            self_n += int(r.get("n") or 0)
            continue
        groups[(s, t)].append({"source": r["source"], "target": r["target"],
                               "n": int(r.get("n") or 0)})
    dyads = [{"source": s, "target": t, "n": sum(p["n"] for p in pairs),
              "pairs": sorted(pairs, key=lambda p: (-p["n"], p["source"], p["target"]))}
             for (s, t), pairs in groups.items()]
    dyads.sort(key=lambda d: (-d["n"], d["source"], d["target"]))
    return {"dyads": dyads[:limit], "self_left_out": self_n}
