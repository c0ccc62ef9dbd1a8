"""Pure validators of identifiers (no Django import): identity numbers, phones, region codes."""
