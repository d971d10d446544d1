"""One spider per source: senate, mazhilis, institute."""
