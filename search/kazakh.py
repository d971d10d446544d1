"""The Kazakh stemmer's old address: Whoosh indexes built before it moved to archive.kazakh name
`search.kazakh.stem` in their stored schema, and still open through this name."""

from archive.kazakh import STOP_WORDS, stem

__all__ = ["STOP_WORDS", "stem"]
