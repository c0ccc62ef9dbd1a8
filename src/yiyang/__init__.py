"""Yiyang (颐养): the elderly-care service platform of a civil-affairs bureau."""

__version__ = "0.1.0"
