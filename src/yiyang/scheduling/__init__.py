"""Caregiver day planning (智能排班派单, issue 9): a pure planning core on PyVRP, no Django import."""
