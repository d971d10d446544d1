"""Normalization of one page or text file: decoding, extraction, cleaning, language and date."""
