"""Every write of the assessment module, one module per concept (STYLE.md B4)."""
