"""Cleaning: scraping noise found and kept as labelled spans, the language guessed."""
