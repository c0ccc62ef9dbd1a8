"""Workforce (养老服务人才): caregivers, their certificates and training (seed 001)."""
