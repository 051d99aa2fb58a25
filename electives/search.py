"""Full-text search over electives, the same to callers on PostgreSQL and SQLite.

PostgreSQL: a stored, weighted tsvector (title A; summary and sponsor B; city and
country C; description D) with a GIN index, queried with websearch_to_tsquery
and ranked. SQLite: every word must appear in one of the same fields.
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, F, IntegerField, OuterRef, Q, Subquery, TextField, Value, When
from django.db.models.functions import Coalesce
from django_countries import countries

CONFIG = "english"
MAX_QUERY_LENGTH = 200


def uses_postgres():
    return connection.vendor == "postgresql"


def update_search_vectors(electives):
    """Recompute the stored vectors of these electives: one UPDATE, whatever their number."""
    if not uses_postgres():
        return
    from .models import Organization

    codes = set(electives.values_list("country", flat=True).distinct())
    country_name = Case(
        *[When(country=code, then=Value(countries.name(code))) for code in codes],
        default=Value(""),
        output_field=TextField(),
    )
    sponsor = Subquery(
        Organization.objects.filter(pk=OuterRef("organization_id")).values("name")[:1]
    )
    vector = (
        SearchVector("title", weight="A", config=CONFIG)
        + SearchVector("summary", sponsor, weight="B", config=CONFIG)
        + SearchVector("city", country_name, weight="C", config=CONFIG)
        + SearchVector("description", weight="D", config=CONFIG)
    )
    electives.order_by().update(search_vector=vector)


def search(electives, text):
    """Electives matching text, annotated with a `rank` (higher is better)."""
    if uses_postgres():
        query = SearchQuery(text, search_type="websearch", config=CONFIG)
        return electives.filter(search_vector=query).annotate(
            rank=SearchRank(F("search_vector"), query)
        )
    words = [w for w in re.findall(r"\w+", text.lower()) if w not in ("or", "and")]
    if not words:
        return electives.none()
    for word in words:
        country_codes = [code for code, name in countries if word in name.lower()]
        electives = electives.filter(
            Q(title__icontains=word)
            | Q(summary__icontains=word)
            | Q(description__icontains=word)
            | Q(organization__name__icontains=word)
            | Q(city__icontains=word)
            | Q(country__in=country_codes)
        )
    title_hits = [
        Case(When(title__icontains=word, then=Value(2)), default=Value(0)) for word in words
    ]
    summary_hits = [
        Case(When(summary__icontains=word, then=Value(1)), default=Value(0)) for word in words
    ]
    return electives.annotate(
        rank=Coalesce(sum(title_hits + summary_hits, Value(0)), 0, output_field=IntegerField())
    )
