"""Events: PLOVER/CAMEO events from triggers, participants, modality and framing."""
