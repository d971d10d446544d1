"""The archive: the store of records and everything that makes one (normalization, dedupe, version links,
site templates, import of files and WARCs, checks), the registry of sources and languages, settings, errors.

It imports none of the other packages: crawler, search, translation and web build on it."""
