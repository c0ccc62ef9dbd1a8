"""Background work of the registry (django-tasks; the worker is `yiyang db_worker`)."""

from django_tasks import task

from yiyang.registry.services.imports import run_import_job


@task()
def import_elders_task(job_pk: int) -> dict[str, int] | None:
    """Run a queued elder import; a job already started or finished is left alone."""
    job = run_import_job(job_pk)
    return job.summary() if job is not None else None
