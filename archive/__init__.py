"""The archive: store, normalization, import of files, translation and the parlarchive command line."""
