"""Writes of the institutions module; each in one transaction with its audit record."""

from yiyang.institutions.services.filings import (
    add_document,
    file_change,
    file_new_institution,
    record_check,
)

__all__ = ["add_document", "file_change", "file_new_institution", "record_check"]
