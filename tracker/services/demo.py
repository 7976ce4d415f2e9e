"""Demo data for ``flask seed-demo``: filled in below."""
