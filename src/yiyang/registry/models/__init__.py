"""Tables of the elder registry (老年人档案)."""

from yiyang.registry.models.category import CategoryChange, ElderCategory
from yiyang.registry.models.contact import Contact
from yiyang.registry.models.duplicates import DuplicateCandidate
from yiyang.registry.models.elder import Elder
from yiyang.registry.models.imports import ImportJob
from yiyang.registry.models.timeline import RecentView, TimelineEntry

__all__ = [
    "CategoryChange",
    "Contact",
    "DuplicateCandidate",
    "Elder",
    "ElderCategory",
    "ImportJob",
    "RecentView",
    "TimelineEntry",
]
