"""Dates: explicit and relative dates resolved against the publication date."""
