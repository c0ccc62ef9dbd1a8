"""Background work of the assessment module (django-tasks; the worker is `yiyang db_worker`)."""

from datetime import date

from django_tasks import task

from yiyang.assessment.services.due import finalise_due_assessments, request_due_reassessments


@task()
def assessment_due_task(day: str | None = None) -> dict[str, int]:
    """Run the two daily jobs: finalise results after publicity, then request re-assessments.

    Both are idempotent, so a repeated or late run does no harm.
    """
    today = date.fromisoformat(day) if day else None
    return {
        "finalised": finalise_due_assessments(today),
        "requested": request_due_reassessments(today),
    }
