"""Actors: mentions of people, groups and states coded to CAMEO/PLOVER actor codes."""
