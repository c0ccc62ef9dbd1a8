"""Tables of the institutions module (养老机构与社区设施)."""

from yiyang.institutions.models.beds import Bed, Residency, Room
from yiyang.institutions.models.filing import Filing, FilingDocument, FilingEvent
from yiyang.institutions.models.grade import GradeAssessment, GradeScheme
from yiyang.institutions.models.institution import (
    Facility,
    Institution,
    InstitutionMembership,
    InstitutionPolicy,
)
from yiyang.institutions.models.leave import ResidencyLeave
from yiyang.institutions.models.medical import MedicalAgreement

__all__ = [
    "Bed",
    "Facility",
    "Filing",
    "FilingDocument",
    "FilingEvent",
    "GradeAssessment",
    "GradeScheme",
    "Institution",
    "InstitutionMembership",
    "InstitutionPolicy",
    "MedicalAgreement",
    "Residency",
    "ResidencyLeave",
    "Room",
]
