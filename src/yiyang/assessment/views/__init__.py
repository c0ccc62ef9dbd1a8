"""Assessment pages, one module per concept."""
