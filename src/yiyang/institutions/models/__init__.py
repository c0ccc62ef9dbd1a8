"""Tables of the institutions module (养老机构与社区设施)."""

from yiyang.institutions.models.beds import Bed, Residency, Room
from yiyang.institutions.models.filing import Filing, FilingDocument, FilingEvent
from yiyang.institutions.models.institution import (
    Facility,
    Institution,
    InstitutionMembership,
    InstitutionPolicy,
)
from yiyang.institutions.models.medical import MedicalAgreement

__all__ = [
    "Bed",
    "Facility",
    "Filing",
    "FilingDocument",
    "FilingEvent",
    "Institution",
    "InstitutionMembership",
    "InstitutionPolicy",
    "MedicalAgreement",
    "Residency",
    "Room",
]
