"""Import jobs: pages, the API endpoint, background runs and the double press."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from tests.registry.test_import_service import EXPECTED_PROBLEMS, write_messy_workbook
from yiyang.core.models import AccessRecord
from yiyang.registry.models import Elder, ImportJob
from yiyang.registry.services.imports import start_import

SUMMARY = {"created": 4, "updated": 0, "unchanged": 0, "rejected": 4}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield tmp_path


def _upload(tmp_path, name="花名册.xlsx") -> SimpleUploadedFile:
    path = write_messy_workbook(tmp_path / name)
    return SimpleUploadedFile(name, path.read_bytes())


def test_small_list_imports_during_the_request(street_worker, media):
    job = start_import(_upload(media), actor=street_worker, dry_run=False)

    assert job.status == "done"
    assert job.summary() == SUMMARY
    assert [(p["row"], p["column"], p["field"], p["message"]) for p in job.problems] == [
        (row, column, field, message) for row, column, field, message in EXPECTED_PROBLEMS
    ]
    assert job.report_file.name.endswith(".xlsx")
    assert Elder.objects.count() == 4


def test_double_press_on_a_large_list_starts_one_import(
    street_worker, media, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_BACKGROUND_ROWS = 2

    content = _upload(media).read()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = start_import(
            SimpleUploadedFile("a.xlsx", content), actor=street_worker, dry_run=False
        )
        second = start_import(
            SimpleUploadedFile("a.xlsx", content), actor=street_worker, dry_run=False
        )
        assert second.pk == first.pk
        assert (first.status, first.rows_total) == ("queued", 11)  # an estimate from the sheet size

    assert len(callbacks) == 1
    assert ImportJob.objects.count() == 1
    first.refresh_from_db()
    assert (first.status, first.rows_done) == ("done", 8)
    assert first.summary() == SUMMARY


def test_dry_run_job_is_separate_and_writes_nothing(street_worker, media):
    job = start_import(_upload(media), actor=street_worker, dry_run=True)

    assert (job.status, job.is_dry_run) == ("done", True)
    assert job.summary() == SUMMARY
    assert Elder.objects.count() == 0


def test_upload_page_imports_and_shows_problems(client, street_worker, media):
    client.force_login(street_worker)

    response = client.post(reverse("registry:import_create"), {"file": _upload(media)}, follow=True)

    job = ImportJob.objects.get()
    assert response.redirect_chain == [(reverse("registry:import_detail", args=[job.pk]), 302)]
    page = response.content.decode()
    assert "Row 3 of this file has the same identity number." in page
    assert reverse("registry:import_report", args=[job.pk]) in page
    listing = client.get(reverse("registry:import_list")).content.decode()
    assert "花名册.xlsx" in listing


def test_upload_page_refuses_other_file_types(client, street_worker, media):
    client.force_login(street_worker)

    response = client.post(
        reverse("registry:import_create"),
        {"file": SimpleUploadedFile("list.pdf", b"%PDF-1.4")},
    )

    assert response.status_code == 200
    assert "Upload an .xlsx or .csv file." in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_report_download_is_logged_and_has_the_error_column(client, street_worker, media):
    job = start_import(_upload(media), actor=street_worker, dry_run=False)
    client.force_login(street_worker)

    response = client.get(reverse("registry:import_report", args=[job.pk]))

    path = media / "downloaded.xlsx"
    path.write_bytes(b"".join(response.streaming_content))
    header = next(load_workbook(path).worksheets[0].iter_rows(values_only=True))
    assert header[-2:] == ("Problems", "Row in the file")
    access = AccessRecord.objects.get()
    assert (access.actor, access.kind, access.row_count) == (street_worker, "export", 4)


def test_progress_fragment_polls_while_queued_and_reloads_when_done(
    client, street_worker, media, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_BACKGROUND_ROWS = 2
    client.force_login(street_worker)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = start_import(_upload(media), actor=street_worker, dry_run=False)
    url = reverse("registry:import_progress", args=[job.pk])

    polling = client.get(url, headers={"HX-Request": "true"})
    callbacks[0]()
    finished = client.get(url, headers={"HX-Request": "true"})

    assert 'hx-trigger="every 1s"' in polling.content.decode()
    assert (finished.status_code, finished["HX-Refresh"]) == (204, "true")


@pytest.mark.parametrize(
    ("user_case", "status"),
    [("other_street_worker", 404), ("caregiver", 403)],
)
def test_import_pages_are_closed_to_other_streets_and_roles(
    client, street_worker, media, request, user_case, status
):
    job = start_import(_upload(media), actor=street_worker, dry_run=False)
    client.force_login(request.getfixturevalue(user_case))

    responses = [
        client.get(reverse(name, args=[job.pk]))
        for name in ("registry:import_detail", "registry:import_progress", "registry:import_report")
    ]

    assert [r.status_code for r in responses] == [status] * 3
    assert AccessRecord.objects.count() == 0


def test_api_import_returns_summary_and_problems(client, street_worker, media):
    client.force_login(street_worker)

    response = client.post("/api/v1/elders/import", {"file": _upload(media)})

    body = response.json()
    assert response.status_code == 200
    assert {key: body[key] for key in SUMMARY} == SUMMARY
    assert body["problems"][3] == {
        "row": 10,
        "column": "公民身份号码",
        "field": "id_number",
        "message": "Row 3 of this file has the same identity number.",
    }
    assert body["job"] == ImportJob.objects.get().pk
    status = client.get(f"/api/v1/elders/imports/{body['job']}").json()
    assert (status["status"], status["created"]) == ("done", 4)


def test_api_dry_run_and_out_of_region_rows(client, other_street_worker, media):
    client.force_login(other_street_worker)

    response = client.post("/api/v1/elders/import", {"file": _upload(media), "dry_run": "true"})

    body = response.json()
    assert {key: body[key] for key in SUMMARY} == {
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "rejected": 7,
    }
    assert [p["message"] for p in body["problems"] if p["row"] == 3] == [
        "“富平社区” is outside your region."
    ]
    assert Elder.objects.count() == 0


def test_api_unreadable_file_is_refused(client, street_worker, media):
    client.force_login(street_worker)

    response = client.post(
        "/api/v1/elders/import", {"file": SimpleUploadedFile("list.csv", b"\x00\x01\x02")}
    )

    assert response.status_code == 422
    assert response.json()["code"] == "import_file_unreadable"
    assert Elder.objects.count() == 0


def test_api_status_of_another_streets_import_is_not_found(
    client, street_worker, other_street_worker, media
):
    job = start_import(_upload(media), actor=street_worker, dry_run=False)
    client.force_login(other_street_worker)

    response = client.get(f"/api/v1/elders/imports/{job.pk}")

    assert response.status_code == 404
