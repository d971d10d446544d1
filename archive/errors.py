"""Errors a user can act on: bad input and bad usage are reported in one line with exit status 2."""


class BadInput(Exception):
    """Input that cannot become a record (binary, empty, undecodable, too large, no text): the reason."""
