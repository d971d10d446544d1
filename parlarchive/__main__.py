"""`python -m parlarchive` runs the parlarchive command line."""

from parlarchive.cli import main

main()
