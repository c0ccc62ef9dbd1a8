"""Benefit pages, one module per concept."""
