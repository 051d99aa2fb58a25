"""Writing an import's checked rows: one prepared statement per batch."""

from django.db import connection

from electives.models import Elective

from .record import FIELD_COLUMNS

# The columns an import writes: every stored field of a new elective (the search vector comes
# after, from update_search_vectors); of an existing one, what the file says and the times.
_INSERTED = [
    f for f in Elective._meta.concrete_fields if not f.primary_key and f.name != "search_vector"
]
_UPDATED = [
    Elective._meta.get_field(name)
    for name in [*FIELD_COLUMNS, "organization", "updated_at", "published_at", "review_note"]
    if name != "slug"
]


def _execute_for_each(sql, electives, fields, *, by_pk=False):
    """Run one statement for each elective: prepared once, pipelined by psycopg.

    The ORM's bulk_update() writes a CASE per field and row (5,000 rows took 84 s on
    PostgreSQL), and bulk_create() spent half of an import compiling its SQL.
    """
    with connection.cursor() as cursor:
        cursor.executemany(
            sql,
            [
                [f.get_db_prep_save(getattr(e, f.attname), connection) for f in fields]
                + ([e.pk] if by_pk else [])
                for e in electives
            ],
        )


def insert(electives):
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in _INSERTED)
    values = ", ".join(["%s"] * len(_INSERTED))
    sql = f"INSERT INTO {quote(Elective._meta.db_table)} ({columns}) VALUES ({values})"
    _execute_for_each(sql, electives, _INSERTED)
    pks = dict(
        Elective.objects.filter(slug__in=[e.slug for e in electives])
        .order_by()
        .values_list("slug", "pk")
    )
    for elective in electives:
        elective.pk = pks[elective.slug]


def update(electives):
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in _UPDATED)
    sql = f"UPDATE {quote(Elective._meta.db_table)} SET {assignments} WHERE {quote('id')} = %s"
    _execute_for_each(sql, electives, _UPDATED, by_pk=True)
