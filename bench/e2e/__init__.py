"""End-to-end publish benchmark: a large penalty-decisions dataset into the embedded portal."""
