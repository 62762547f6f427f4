"""Extractors: plain functions over a parsed spaCy Doc (+ its Article) that return records.

Each module is one concern. All offsets are character offsets into ``Article.text``; the
Doc is parsed from the article text with noise spans blanked out (same length), so token
``idx`` values are valid offsets into the original text.
"""
