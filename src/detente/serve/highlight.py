"""Article text with its evidence highlighted, built safely.

The text is cut at every span boundary; each piece is escaped on its own and wrapped in
one ``<span>`` carrying the classes and hover titles of every layer covering it. No
untrusted character ever reaches the page unescaped, whatever the spans.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from ..records import CodedArticle
from .render import QUAD_NAMES, TYPE_QUAD

__all__ = ["LEGEND", "Layer", "highlight", "layers_for"]


@dataclass(frozen=True, slots=True)
class Layer:
    """One highlighted span: offsets into the text, a CSS class, a hover title."""

    start: int
    end: int
    cls: str
    title: str
    anchor: str | None = None


#: (css class, label) for the legend, in drawing order.
LEGEND = (
    ("hl-noise", "noise (not coded)"),
    ("hl-actor", "actor"),
    ("hl-event", "event trigger"),
    ("hl-quote", "quote"),
    ("hl-speaker", "speaker"),
    ("hl-cue", "cue"),
    ("hl-date", "date"),
    ("hl-place", "place"),
)


def _actor(a: Any) -> str:
    if a is None:
        return "?"
    return f"{a.person} ({a.code})" if a.person else a.code


def layers_for(coded: CodedArticle) -> list[Layer]:
    """Every span worth showing in an article: noise, actors, events, quotes, dates, places."""
    out: list[Layer] = []
    for n in coded.article.noise:
        out.append(Layer(n.start, n.end, "hl-noise", f"noise: {n.label} ({n.rule})"))
    for m in coded.mentions:
        who = _actor(m.actor) if m.actor else "unresolved"
        out.append(Layer(m.start, m.end, "hl-actor", f"actor: {who} [{m.label}, {m.how}]"))
    for e in coded.events:
        q = e.quad_class or TYPE_QUAD.get(e.plover_type, 0)
        src = ", ".join(_actor(a) for a in e.source) or "?"
        tgt = ", ".join(_actor(a) for a in e.target) or "?"
        title = (
            f"event {e.plover_type} (CAMEO {e.cameo or '–'}, Goldstein "
            f"{'–' if e.goldstein is None else e.goldstein}, {QUAD_NAMES.get(q, '?')}): "
            f"{src} → {tgt}; {e.modality}; date {e.date or '–'}"
        )
        out.append(
            Layer(e.trigger_start, e.trigger_end, f"hl-event q{q}", title, anchor=f"ev-{e.id}")
        )
    for qt in coded.quotes:
        speaker = _actor(qt.speaker) if qt.speaker else (qt.speaker_text or "unknown")
        via = f" via {', '.join(qt.via)}" if qt.via else ""
        out.append(
            Layer(qt.start, qt.end, "hl-quote",
                  f"quote ({qt.quote_type}) by {speaker}{via}", anchor=f"qt-{qt.id}")
        )
        if qt.speaker_start is not None and qt.speaker_end is not None:
            out.append(Layer(qt.speaker_start, qt.speaker_end, "hl-speaker",
                             f"speaker: {speaker}"))
        if qt.cue_start is not None and qt.cue_end is not None:
            out.append(Layer(qt.cue_start, qt.cue_end, "hl-cue", f"cue: {qt.cue}"))
    for d in coded.dates:
        value = d.value.isoformat() if d.value else "vague"
        out.append(Layer(d.start, d.end, "hl-date", f"date: {value} ({d.granularity})"))
    for p in coded.places:
        out.append(
            Layer(p.start, p.end, "hl-place", f"place: {p.name}, {p.country or '?'} ({p.feature})")
        )
    return out


def highlight(text: str, layers: Iterable[Layer], *, focus: tuple[int, int] | None = None) -> Markup:
    """HTML for ``text`` with ``layers`` as nested-free spans; ``focus`` gets ``id="focus"``.

    Spans outside the text are clipped; empty spans are ignored.
    """
    n = len(text)
    items = [ly for ly in layers if 0 <= ly.start < ly.end]
    if focus is not None:
        fs, fe = max(0, focus[0]), min(n, focus[1])
        if fs < fe:
            items.append(Layer(fs, fe, "hl-focus", "evidence", anchor="focus"))
    bounds = {0, n}
    for ly in items:
        bounds.add(min(ly.start, n))
        bounds.add(min(ly.end, n))
    cuts = sorted(bounds)
    starts: dict[int, list[Layer]] = {}
    for ly in items:
        starts.setdefault(min(ly.start, n), []).append(ly)
    active: list[Layer] = []
    parts: list[str] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        active = [ly for ly in active if ly.end > a]
        active.extend(starts.get(a, ()))
        piece = escape(text[a:b])
        if not active:
            parts.append(str(piece))
            continue
        classes = " ".join(dict.fromkeys(ly.cls for ly in active))
        title = "\n".join(dict.fromkeys(ly.title for ly in active))
        anchors = [ly.anchor for ly in active if ly.anchor and ly.start == a]
        id_attr = f' id="{escape(anchors[-1])}"' if anchors else ""
        parts.append(
            f'<span class="hl {escape(classes)}" title="{escape(title)}"{id_attr}>{piece}</span>'
        )
    return Markup("".join(parts))
