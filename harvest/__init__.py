"""Speaks to other catalogues: DCAT-AP feeds for harvesters, adapters that pull data in."""
