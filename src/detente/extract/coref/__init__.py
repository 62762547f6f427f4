"""Coreference across an article: mention chains that say who "he" and "the minister" are."""
