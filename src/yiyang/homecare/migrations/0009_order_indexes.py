"""Index the two lookups every order request makes as the table grows (docs/modules/homecare.md
"Performance"): a request key by its clerk, and a caregiver's visits by check-in time.

Built concurrently on PostgreSQL (STYLE.md B7: the orders table is large), so the migration is
not atomic; SQLite builds them plainly. Reversible: the indexes are dropped.
"""

from django.db import migrations, models


class AddIndexConcurrentlyOnPostgres(migrations.AddIndex):
    """`CREATE INDEX CONCURRENTLY` on PostgreSQL, a plain one elsewhere."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = to_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            if schema_editor.connection.vendor == "postgresql":
                schema_editor.add_index(model, self.index, concurrently=True)
            else:
                schema_editor.add_index(model, self.index)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        model = from_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            if schema_editor.connection.vendor == "postgresql":
                schema_editor.remove_index(model, self.index, concurrently=True)
            else:
                schema_editor.remove_index(model, self.index)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("homecare", "0008_complaints"),
    ]

    operations = [
        AddIndexConcurrentlyOnPostgres(
            model_name="serviceorder",
            index=models.Index(
                fields=["created_by", "request_key"], name="homecare_order_request_key"
            ),
        ),
        AddIndexConcurrentlyOnPostgres(
            model_name="serviceorder",
            index=models.Index(
                fields=["caregiver", "checked_in_at"], name="homecare_order_caregiver_visit"
            ),
        ),
    ]
