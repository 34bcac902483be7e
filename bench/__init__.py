"""Benchmarks: one sub-package per stage, each runnable with ``python -m bench.<name>``; data is
generated on demand into bench/out/ (never committed)."""
