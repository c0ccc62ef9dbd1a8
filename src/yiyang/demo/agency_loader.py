"""Write the demo city's assessment agencies, assessors and their trainings (idempotent: found by
credit code and certificate number), and link the demo assessor logins."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from yiyang.assessment.models import AssessmentAgency, Assessor, AssessorTraining
from yiyang.core.models import User
from yiyang.demo.agencies import DEMO_DISTRICT, demo_agencies

ASSESSOR_LOGINS = ("pinggu1", "pinggu2")  # the first two assessors of the demo district


@dataclass
class Team:
    """An agency and the assessors allowed to sign, in the order the plans index them."""

    agency: AssessmentAgency
    assessors: list[Assessor]


def ensure_agencies(today: date) -> dict[str, Team]:
    """Create the missing agencies, assessors and trainings; link the demo assessor logins."""
    logins = {u.username: u for u in User.objects.filter(username__in=ASSESSOR_LOGINS)}
    teams: dict[str, Team] = {}
    with transaction.atomic():
        for spec in demo_agencies(today):
            agency, _created = AssessmentAgency.objects.get_or_create(
                credit_code=spec.credit_code,
                defaults={
                    "name": spec.name,
                    "region_id": spec.district_code + "000000",
                    "address": spec.address,
                    "contact_name": spec.contact_name,
                    "phone": spec.phone,
                    "contract_start": spec.contract_start,
                    "contract_end": spec.contract_end,
                },
            )
            qualified = []
            for index, person in enumerate(spec.assessors):
                login = None
                if spec.district_code == DEMO_DISTRICT and index < len(ASSESSOR_LOGINS):
                    login = logins.get(ASSESSOR_LOGINS[index])
                assessor, created = Assessor.objects.get_or_create(
                    agency=agency,
                    certificate_number=person.certificate_number,
                    defaults={
                        "name": person.name,
                        "phone": person.phone,
                        "certified_on": person.certified_on,
                        "certificate_valid_until": person.certificate_valid_until,
                    },
                )
                free = login is not None and not Assessor.objects.filter(user=login).exists()
                if free and assessor.user_id is None:
                    assessor.user = login
                    assessor.save(update_fields=["user"])
                if created:
                    AssessorTraining.objects.bulk_create(
                        AssessorTraining(
                            assessor=assessor,
                            topic=t.topic,
                            taken_on=t.taken_on,
                            hours=t.hours,
                            exam_score=t.exam_score,
                            passed=t.passed,
                        )
                        for t in person.trainings
                    )
                if person.qualified_on(today):
                    qualified.append(assessor)
            teams[spec.district_code] = Team(agency, qualified)
    return teams
