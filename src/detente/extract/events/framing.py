"""The speaker's framing of an event told inside a quote.

"No, negotiations are not going on. Ukraine has practically withdrawn from them,"
Rudenko told reporters: the withdrawal is coded as Ukraine's act (reported), and the
telling of it is a charge by Rudenko's side against Ukraine. :func:`speaker_accusations`
adds that charge as an ACCUSE event (speaker -> the event's source), so a reader of
the events sees both what is said to have happened and who says so against whom.

Rules (each says why):

* only conflictual events (CAMEO QuadClass 3 or 4): telling that another party
  rejected, attacked or threatened is an accusation; telling that it aided or met is
  not;
* only events told as fact (``asserted`` or ``reported``): a denied, negated,
  hypothetical, conditional or intended act is not a charge;
* the speaker must be resolved to a country or IGO and be on a different side from
  the event's source (a speaker telling of their own side's acts is not accusing it);
* the ACCUSE event keeps the trigger and evidence of the event it frames, its id is the
  framed event's id with ``a`` appended, its modality is ``reported`` (the journalist
  reports the charge), and its confidence is a little below the framed event's.
"""

from __future__ import annotations

import dataclasses

from ...lexicon.events import EventLexicon
from ...records import ActorRef, Event, Quote

__all__ = ["speaker_accusations"]

# CAMEO 112 "accuse, not specified below": the charge is implicit in the telling
_ACCUSE_CAMEO = "112"
_TOLD_AS_FACT = frozenset({"asserted", "reported"})


def _side(ref: ActorRef) -> str | None:
    return ref.country or ref.igo


def speaker_accusations(events: list[Event], quotes: dict[str, Quote], *,
                        lex: EventLexicon) -> list[Event]:
    """ACCUSE events framing the conflictual events told inside quotes (see the module
    docstring). ``quotes`` maps quote id to :class:`Quote`."""
    out: list[Event] = []
    _, goldstein, quad = lex.cameo_info(_ACCUSE_CAMEO)
    for e in events:
        if e.quote_id is None or e.quad_class not in (3, 4) or e.plover_type == "ACCUSE" \
                or e.modality not in _TOLD_AS_FACT or not e.source:
            continue
        quote = quotes.get(e.quote_id)
        speaker = quote.speaker if quote is not None else None
        if speaker is None or _side(speaker) is None:
            continue
        sides = {_side(a) for a in e.source}
        if None in sides or _side(speaker) in sides:
            continue
        out.append(dataclasses.replace(
            e, id=f"{e.id}a", plover_type="ACCUSE", mode=None, cameo=_ACCUSE_CAMEO,
            goldstein=goldstein, quad_class=quad, source=(speaker,), target=e.source,
            source_text=quote.speaker_text if quote is not None else None,
            target_text=e.source_text, modality="reported",
            confidence=round(max(0.05, e.confidence - 0.1), 2)))
    return out
