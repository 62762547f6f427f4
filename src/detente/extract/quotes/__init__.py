"""Quotes and claims: direct and indirect speech attributed to resolved speakers."""
