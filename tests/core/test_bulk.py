"""insert_rows: COPY on PostgreSQL, bulk_create elsewhere, defaults filled as bulk_create would."""

from django.contrib.contenttypes.models import ContentType

from yiyang.core.bulk import BATCH, insert_rows
from yiyang.core.models import AccessRecord


def test_inserts_rows_across_batches_from_a_generator_that_reads_the_database(city_admin):
    # given a generator that queries between rows, as the ledger writer reads payment rows
    content_type = ContentType.objects.get_for_model(AccessRecord)
    total = BATCH * 2 + 7

    def rows():
        for number in range(total):
            if number % 1000 == 0:
                ContentType.objects.filter(pk=content_type.pk).exists()
            yield (city_admin.pk, "export", content_type.pk, str(number), ["id_number", "phone"])

    # when
    insert_rows(
        AccessRecord, ["actor_id", "kind", "content_type_id", "object_pk", "fields"], rows()
    )

    # then every row is there once, its JSON intact and the unnamed columns at their defaults
    assert AccessRecord.objects.count() == total
    last = AccessRecord.objects.get(object_pk=str(total - 1))
    assert last.fields == ["id_number", "phone"]
    assert (last.row_count, last.purpose, last.request_id, last.region_code) == (1, "", "", "")
    assert last.created_at is not None


def test_inserts_nothing_for_no_rows(city_admin):
    insert_rows(AccessRecord, ["actor_id", "kind"], iter(()))

    assert AccessRecord.objects.count() == 0
