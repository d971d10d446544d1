"""Search: analyzers, schema, indexing from the archive, queries, facets and highlights."""
