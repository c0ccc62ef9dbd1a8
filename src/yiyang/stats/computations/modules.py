"""The figures of the other apps, registered as computations under their indicators' codes.

Each is defined once, in its app, as a grouped count (`institutions/figures.py`,
`workforce/figures.py`, `homecare/figures.py`, `telecare/services/sla.py`); the app's own pages
read the same function for one region. Stats reads from every app and nobody imports stats, so
the registration lives here rather than in the apps.
"""

from __future__ import annotations

from yiyang.homecare import figures as homecare
from yiyang.institutions import figures as institutions
from yiyang.stats.computations.base import Computation, computation
from yiyang.telecare.services import sla as telecare
from yiyang.workforce import figures as workforce

REGISTERED: dict[str, Computation] = {
    # 机构养老 (seed 000 表1; seed 002 每千名老年人床位数)
    "beds_per_thousand_elders": institutions.beds_and_elders,
    "nursing_bed_share": institutions.nursing_beds,
    "bed_occupancy": institutions.occupied_beds,
    "medical_care_institution_share": institutions.institutions_with_medical_agreement,
    "extreme_poverty_concentrated_rate": institutions.concentrated_support,
    "extreme_poverty_unable_concentrated_rate": institutions.concentrated_support_unable,
    "institution_care_share": institutions.elders_in_institutions,
    "graded_institution_share": institutions.graded_institutions,
    # 养老服务人才 (seed 001)
    "certified_caregivers_per_ten_thousand": workforce.certified_caregivers_and_elders,
    # 居家养老 (home care, the month to date)
    "home_service_elders": homecare.elders_served_in_month,
    "home_service_visits": homecare.visits_in_month,
    "home_service_hours": homecare.hours_in_month,
    # 智慧养老 (telecare)
    "alarm_acknowledged_60s_share": telecare.acknowledged_in_time_by_region,
    "devices_online_share": telecare.devices_online_by_region,
}

for name, function in REGISTERED.items():
    computation(name)(function)
