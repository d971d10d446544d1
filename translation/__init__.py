"""Machine translation of the archive (offline engines, stored with their provenance) and its translation memory."""
