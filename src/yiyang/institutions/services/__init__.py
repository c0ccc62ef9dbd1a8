"""Writes of the institutions module; each in one transaction with its audit record."""

from yiyang.institutions.services.beds import add_room, admit, discharge, set_bed_state, transfer
from yiyang.institutions.services.facilities import register_facility
from yiyang.institutions.services.filings import (
    add_document,
    file_change,
    file_new_institution,
    record_check,
)
from yiyang.institutions.services.medical import add_agreement
from yiyang.institutions.services.staff import link_staff

__all__ = [
    "add_agreement",
    "add_document",
    "add_room",
    "admit",
    "discharge",
    "file_change",
    "file_new_institution",
    "link_staff",
    "record_check",
    "register_facility",
    "set_bed_state",
    "transfer",
]
