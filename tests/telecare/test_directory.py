"""Every write that changes what the consumers cache (devices' bindings and keys, the rules)
moves the directory's version, so another process forgets or learns it within a second
instead of at its 30-s refresh; the refresh reads only the rows changed since its last look.

"Another process" is a second `DeviceDirectory` / `RuleCache` warmed before the write: it
shares the Django cache (the version) with the writer, as a consumer shares Redis with the web.
"""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.telecare.conftest import SECRET
from yiyang.telecare import directory, services
from yiyang.telecare.messages import signing_key
from yiyang.telecare.models import Device

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _look_at_every_lookup(monkeypatch):
    # A process looks at the version once a second; here at every lookup, so the test does
    # not sleep. The 30-s refresh stays as it is: only the version can explain a change.
    monkeypatch.setattr(directory, "VERSION_CHECK_SECONDS", 0.0)


@pytest.fixture
def consumer():
    """Another process's directory, loaded before the write under test."""
    other = directory.DeviceDirectory()
    other.warm()
    return other


def _provision(elder, actor, serial="SOS-0002", secret="second-secret-0123"):  # noqa: S107 (a test device)
    device, _secret = services.provision_device(
        elder,
        kind="sos_button",
        serial=serial,
        installed_on=date(2026, 6, 1),
        secret=secret,
        actor=actor,
    )
    return device


def test_unbinding_makes_other_processes_forget_the_device(
    sos_button, street_worker, consumer, django_capture_on_commit_callbacks
):
    assert consumer.lookup("SOS-0001").pk == sos_button.pk
    version = directory._version()

    with django_capture_on_commit_callbacks(execute=True):
        services.unbind_device(sos_button, reason="removed", actor=street_worker)

    assert directory._version() == version + 2  # in the transaction, and after commit
    assert consumer.lookup("SOS-0001") is None


def test_provisioning_moves_the_version_and_other_processes_load_the_device(
    elder, street_worker, consumer, django_capture_on_commit_callbacks
):
    version = directory._version()

    with django_capture_on_commit_callbacks(execute=True):
        device = _provision(elder, street_worker)

    assert directory._version() == version + 2
    consumer._keep_fresh()  # what the next message's lookup does first
    assert consumer._entries["SOS-0002"].pk == device.pk


def test_binding_a_serial_again_replaces_the_old_key_in_other_processes(
    elder, sos_button, street_worker, consumer, django_capture_on_commit_callbacks
):
    # given a process that cached the button under its first secret
    assert consumer.lookup("SOS-0001").key == signing_key(SECRET)

    # when it is unbound and bound again with a new secret (how a device is re-keyed, ADR 0004)
    with django_capture_on_commit_callbacks(execute=True):
        services.unbind_device(sos_button, reason="re-keyed", actor=street_worker)
        again = _provision(elder, street_worker, serial="SOS-0001", secret="new-secret-0123456")

    # then the other process holds the new row and key, without asking the database per serial
    entry = consumer.lookup("SOS-0001")
    assert (entry.pk, entry.key) == (again.pk, signing_key("new-secret-0123456"))


def test_a_rule_change_reaches_other_processes_rule_cache(
    elder, city_admin, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    other = directory.RuleCache()
    assert other.settings_for(elder.pk, today)["no_motion"].threshold == 4

    with django_capture_on_commit_callbacks(execute=True):
        services.set_rule(
            "no_motion",
            elder=elder,
            severity=2,
            threshold=6,
            window_start_hour=8,
            window_end_hour=20,
            effective_from=today,
            actor=city_admin,
        )

    assert other.settings_for(elder.pk, today)["no_motion"].threshold == 6


def test_installing_the_default_rules_moves_the_version_only_when_rows_are_added(
    regions, django_capture_on_commit_callbacks
):
    from yiyang.telecare.models import AlarmRule

    AlarmRule.objects.filter(elder=None, code="sos").delete()
    version = directory._version()

    with django_capture_on_commit_callbacks(execute=True):
        added = services.install_default_rules()
    assert (added, directory._version()) == (1, version + 2)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.install_default_rules() == 0
    assert directory._version() == version + 2


def test_refresh_reads_only_the_devices_changed_since_its_last_look(
    elder, sos_button, street_worker, consumer, django_assert_num_queries
):
    # given a second device changed long ago (a row the refresh must not read again)
    old = _provision(elder, street_worker)
    Device.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(hours=1))
    consumer.warm()
    assert consumer.lookup("SOS-0002").pk == old.pk

    # when the first one is unbound and the consumer refreshes
    services.unbind_device(sos_button, reason="removed", actor=street_worker)
    changed = list(Device.objects.changed_since(timezone.now() - timedelta(seconds=10)))

    # then the refresh's query names only the unbound row, and one query serves it
    assert [device.pk for device in changed] == [sos_button.pk]
    with django_assert_num_queries(1):
        consumer._keep_fresh()
    assert consumer.lookup("SOS-0001") is None
    assert consumer.lookup("SOS-0002").pk == old.pk


@pytest.mark.django_db(transaction=True)
def test_a_starting_consumer_answers_while_the_devices_still_load(sos_button, monkeypatch):
    # given a directory whose full load is held back (300,000 devices take seconds)
    starting = directory.DeviceDirectory()
    loading, release = threading.Event(), threading.Event()
    load_all = starting._load_all

    def held(now: float) -> None:
        loading.set()
        release.wait(10)
        load_all(now)

    monkeypatch.setattr(starting, "_load_all", held)
    thread = starting.warm_in_background()
    assert loading.wait(10)

    # when a message of the button arrives meanwhile, its serial alone is read
    entry = starting.lookup("SOS-0001")

    # then it is answered before the load ends, and the load completes afterwards
    assert entry.pk == sos_button.pk
    assert thread.is_alive()
    release.set()
    thread.join(10)
    assert starting._entries["SOS-0001"].pk == sos_button.pk
    assert starting.lookup("NOT-A-DEVICE") is None
