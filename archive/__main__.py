"""`python -m archive` runs the parlarchive command line."""

from archive.cli import main

main()
