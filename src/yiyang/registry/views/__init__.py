"""Registry pages, one module per concept."""
