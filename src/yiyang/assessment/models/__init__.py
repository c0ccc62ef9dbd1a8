"""Tables of the ability-assessment module (老年人能力评估)."""

from yiyang.assessment.models.agency import AssessmentAgency, Assessor, AssessorTraining
from yiyang.assessment.models.assessment import Assessment, AssessmentEvent, Objection
from yiyang.assessment.models.policy import AssessmentPolicy
from yiyang.assessment.models.recheck import RecheckCase, RecheckRound
from yiyang.assessment.models.scale import Scale

__all__ = [
    "Assessment",
    "AssessmentAgency",
    "AssessmentEvent",
    "AssessmentPolicy",
    "Assessor",
    "AssessorTraining",
    "Objection",
    "RecheckCase",
    "RecheckRound",
    "Scale",
]
