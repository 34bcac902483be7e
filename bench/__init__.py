"""Benchmarks: one sub-package per stage, each runnable with ``python -m bench.<name>``."""
