"""Parsing: the spaCy model with detente's rulers and paragraph component, read fast."""
