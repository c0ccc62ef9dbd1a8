"""API schemas of the assessment module, one module per concept."""
