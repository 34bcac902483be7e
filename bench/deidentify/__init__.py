"""De-identification benchmark: the stage against the same detectors and actions row by row."""
