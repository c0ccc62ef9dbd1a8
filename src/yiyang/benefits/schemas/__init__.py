"""API schemas of the benefits module, one module per concept. Money is integer fen (`*_fen`)."""
