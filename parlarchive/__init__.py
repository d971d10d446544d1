"""Parlarchive, the application: the `parlarchive` command line and the object it (and the web) start from."""

from parlarchive.app import Parlarchive

__all__ = ["Parlarchive"]
