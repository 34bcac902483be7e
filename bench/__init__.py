"""Benchmarks: ``python -m bench.<name>``; data generated on demand into bench/out/."""
