"""Coding articles (parse, then every extractor) and ingesting them into a store,
on one machine or on a Dask cluster (:mod:`detente.pipeline.cluster`)."""
