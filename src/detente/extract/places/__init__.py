"""Places: place mentions resolved against the gazetteer."""
