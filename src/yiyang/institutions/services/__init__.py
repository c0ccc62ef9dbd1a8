"""Writes of the institutions module; each in one transaction with its audit record."""

from yiyang.institutions.services.beds import (
    add_bed,
    add_room,
    admit,
    discharge,
    set_bed_kind,
    set_bed_state,
    transfer,
)
from yiyang.institutions.services.facilities import register_facility, update_facility
from yiyang.institutions.services.filings import (
    add_document,
    file_change,
    file_new_institution,
    record_check,
)
from yiyang.institutions.services.grades import record_grade_assessment
from yiyang.institutions.services.medical import add_agreement, end_agreement
from yiyang.institutions.services.staff import link_staff
from yiyang.institutions.services.stays import (
    end_stay_on_death,
    record_resident_death,
    return_from_leave,
    take_leave,
)

__all__ = [
    "add_agreement",
    "add_bed",
    "add_document",
    "add_room",
    "admit",
    "discharge",
    "end_agreement",
    "end_stay_on_death",
    "file_change",
    "file_new_institution",
    "link_staff",
    "record_check",
    "record_grade_assessment",
    "record_resident_death",
    "register_facility",
    "return_from_leave",
    "set_bed_kind",
    "set_bed_state",
    "take_leave",
    "transfer",
    "update_facility",
]
