"""The commands of the `parlarchive` command line, one module per task; each parses options and prints."""
