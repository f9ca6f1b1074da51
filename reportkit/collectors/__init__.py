"""Collectors: each returns a plain-data Section; one failing never stops the others."""
