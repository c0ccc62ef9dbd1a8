"""Complaints and the provider's cases (issue 5): a case per complaint or low rating, several
per order or none; deadlines as policy data; the steps of a case on its timeline.

Existing cases are kept: each becomes a low-rating case in its elder's community, with the
policy's working days of its opening day; a closed one becomes resolved (acknowledged when it
was closed), and its timeline gets the steps that are known.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

SOURCE_NOTE = "; complaint deadlines (domain-rules.md §4): TODO(verify)"


def forwards(apps, schema_editor):
    policy_model = apps.get_model("homecare", "HomecarePolicy")
    case_model = apps.get_model("homecare", "ProviderCase")
    event_model = apps.get_model("homecare", "CaseEvent")
    for policy in policy_model.objects.all():
        if "complaint deadlines" not in policy.source:
            policy.source = (policy.source + SOURCE_NOTE)[:200]
            policy.save(update_fields=["source"])
    policies = list(policy_model.objects.order_by("valid_from"))
    for case in case_model.objects.select_related("order__elder").iterator():
        opened_on = case.opened_at.date()
        in_force = [p for p in policies if p.valid_from <= opened_on] or policies[:1]
        policy = in_force[-1] if in_force else None
        case.region_id = case.order.elder.residence_region_id
        case.acknowledge_working_days = policy.complaint_acknowledge_working_days if policy else 1
        case.resolve_working_days = policy.complaint_resolve_working_days if policy else 5
        events = [event_model(case=case, event_type="opened", created_at=case.opened_at)]
        if case.status == "closed":
            case.status = "resolved"
            case.acknowledged_at = case.resolved_at
            case.acknowledged_by_id = case.resolved_by_id
            events.append(
                event_model(
                    case=case,
                    event_type="resolved",
                    actor_id=case.resolved_by_id,
                    note=case.resolution,
                    created_at=case.resolved_at or case.opened_at,
                )
            )
        case.save()
        event_model.objects.bulk_create(events)


def backwards(apps, schema_editor):
    case_model = apps.get_model("homecare", "ProviderCase")
    if case_model.objects.exclude(source="low_rating").exists() or (
        case_model.objects.values("order").annotate(n=models.Count("pk")).filter(n__gt=1).exists()
    ):
        raise RuntimeError("Complaint cases exist: they cannot be put back into one case per order.")
    case_model.objects.filter(status="resolved").update(status="closed")
    case_model.objects.filter(status="acknowledged").update(status="open")


class Migration(migrations.Migration):
    # The rows are filled in their own transaction before the region becomes required: on
    # PostgreSQL an ALTER TABLE after updates in the same transaction fails (pending triggers).
    atomic = False

    dependencies = [
        ("core", "0003_load_statutory_calendar"),
        ("homecare", "0007_settlement_hours"),
        ("registry", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="homecarepolicy",
            name="complaint_acknowledge_working_days",
            field=models.PositiveSmallIntegerField(
                default=1, verbose_name="a case is acknowledged within (working days)"
            ),
        ),
        migrations.AddField(
            model_name="homecarepolicy",
            name="complaint_resolve_working_days",
            field=models.PositiveSmallIntegerField(
                default=5, verbose_name="a case is resolved within (working days)"
            ),
        ),
        migrations.CreateModel(
            name="Complaint",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "complainant_kind",
                    models.CharField(
                        choices=[
                            ("elder", "The elder"),
                            ("family", "A family member"),
                            ("other", "Someone else"),
                        ],
                        max_length=10,
                        verbose_name="who complains",
                    ),
                ),
                (
                    "complainant_name",
                    models.CharField(max_length=50, verbose_name="complainant's name"),
                ),
                (
                    "phone",
                    models.CharField(
                        blank=True, max_length=20, verbose_name="complainant's phone"
                    ),
                ),
                (
                    "channel",
                    models.CharField(
                        choices=[
                            ("hotline", "Hotline 12349"),
                            ("in_person", "In person"),
                            ("family_link", "Family link"),
                            ("other", "Other"),
                        ],
                        max_length=20,
                        verbose_name="channel",
                    ),
                ),
                (
                    "category",
                    models.CharField(
                        choices=[
                            ("late_or_no_show", "Late or did not come"),
                            ("attitude", "Attitude"),
                            ("quality", "Quality of the service"),
                            ("charging", "Charging"),
                            ("safety", "Safety"),
                            ("other", "Other"),
                        ],
                        max_length=20,
                        verbose_name="category",
                    ),
                ),
                ("text", models.TextField(max_length=2000, verbose_name="complaint")),
                (
                    "filed_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="filed at"
                    ),
                ),
                (
                    "elder",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="homecare_complaints",
                        to="registry.elder",
                        verbose_name="elder",
                    ),
                ),
                (
                    "filed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="entered by",
                    ),
                ),
                (
                    "order",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="complaints",
                        to="homecare.serviceorder",
                        verbose_name="order",
                    ),
                ),
                (
                    "provider",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="complaints",
                        to="homecare.provider",
                        verbose_name="provider",
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="homecare_complaints",
                        to="core.region",
                        verbose_name="region",
                    ),
                ),
            ],
            options={
                "verbose_name": "complaint",
                "verbose_name_plural": "complaints",
                "ordering": ["-filed_at", "pk"],
            },
        ),
        migrations.AlterField(
            model_name="providercase",
            name="order",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="cases",
                to="homecare.serviceorder",
                verbose_name="order",
            ),
        ),
        migrations.RenameField(
            model_name="providercase", old_name="closed_at", new_name="resolved_at"
        ),
        migrations.RenameField(
            model_name="providercase", old_name="closed_by", new_name="resolved_by"
        ),
        migrations.AlterField(
            model_name="providercase",
            name="resolved_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="resolved at"),
        ),
        migrations.AlterField(
            model_name="providercase",
            name="resolved_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="resolved by",
            ),
        ),
        migrations.AlterField(
            model_name="providercase",
            name="resolution",
            field=models.CharField(blank=True, max_length=1000, verbose_name="what was done"),
        ),
        migrations.AlterField(
            model_name="providercase",
            name="status",
            field=models.CharField(
                choices=[
                    ("open", "Open"),
                    ("acknowledged", "Acknowledged"),
                    ("resolved", "Resolved"),
                ],
                default="open",
                max_length=12,
                verbose_name="status",
            ),
        ),
        migrations.AddField(
            model_name="providercase",
            name="source",
            field=models.CharField(
                choices=[("low_rating", "Low rating"), ("complaint", "Complaint")],
                default="low_rating",
                max_length=12,
                verbose_name="source",
            ),
        ),
        migrations.AddField(
            model_name="providercase",
            name="complaint",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="case",
                to="homecare.complaint",
                verbose_name="complaint",
            ),
        ),
        migrations.AddField(
            model_name="providercase",
            name="region",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="homecare_cases",
                to="core.region",
                verbose_name="region",
            ),
        ),
        migrations.AddField(
            model_name="providercase",
            name="reopened_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="reopened at"),
        ),
        migrations.AddField(
            model_name="providercase",
            name="acknowledge_working_days",
            field=models.PositiveSmallIntegerField(
                default=1, verbose_name="acknowledge within (working days)"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="providercase",
            name="resolve_working_days",
            field=models.PositiveSmallIntegerField(
                default=5, verbose_name="resolve within (working days)"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="providercase",
            name="acknowledged_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="acknowledged at"),
        ),
        migrations.AddField(
            model_name="providercase",
            name="acknowledged_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="acknowledged by",
            ),
        ),
        migrations.AddField(
            model_name="providercase",
            name="outcome",
            field=models.CharField(
                blank=True,
                choices=[
                    ("upheld", "Justified"),
                    ("partly_upheld", "Partly justified"),
                    ("not_upheld", "Not justified"),
                ],
                max_length=15,
                verbose_name="outcome",
            ),
        ),
        migrations.AddField(
            model_name="providercase",
            name="satisfaction",
            field=models.CharField(
                blank=True,
                choices=[
                    ("satisfied", "Satisfied"),
                    ("partly_satisfied", "Partly satisfied"),
                    ("dissatisfied", "Dissatisfied"),
                ],
                max_length=20,
                verbose_name="complainant's satisfaction",
            ),
        ),
        migrations.CreateModel(
            name="CaseEvent",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "event_type",
                    models.CharField(
                        choices=[
                            ("opened", "Opened"),
                            ("acknowledged", "Acknowledged"),
                            ("contacted", "Complainant contacted"),
                            ("resolved", "Resolved"),
                            ("satisfaction", "Satisfaction recorded"),
                            ("reopened", "Reopened"),
                        ],
                        max_length=15,
                        verbose_name="event",
                    ),
                ),
                ("note", models.CharField(blank=True, max_length=1000, verbose_name="note")),
                ("data", models.JSONField(blank=True, default=dict, verbose_name="details")),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="time"),
                ),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="by",
                    ),
                ),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="events",
                        to="homecare.providercase",
                        verbose_name="case",
                    ),
                ),
            ],
            options={
                "verbose_name": "case event",
                "verbose_name_plural": "case events",
                "ordering": ["created_at", "pk"],
            },
        ),
        migrations.RunPython(forwards, backwards, atomic=True),
        migrations.AlterField(
            model_name="providercase",
            name="region",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="homecare_cases",
                to="core.region",
                verbose_name="region",
            ),
        ),
        migrations.AddConstraint(
            model_name="providercase",
            constraint=models.CheckConstraint(
                condition=models.Q(("status", "resolved"), _negated=True)
                | models.Q(("resolved_at__isnull", False)),
                name="homecare_providercase_resolved_has_time",
                violation_error_message="A resolved case has the time it was resolved.",
            ),
        ),
        migrations.AddConstraint(
            model_name="providercase",
            constraint=models.CheckConstraint(
                condition=models.Q(("source", "complaint"), _negated=True)
                | models.Q(("complaint__isnull", False)),
                name="homecare_providercase_complaint_case_has_complaint",
                violation_error_message="A complaint's case names the complaint.",
            ),
        ),
        migrations.AddIndex(
            model_name="providercase",
            index=models.Index(fields=["provider", "status"], name="homecare_case_provider"),
        ),
    ]
