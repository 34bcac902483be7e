"""Latency of the embedded portal against a real CKAN: ``python -m bench.portal``."""
