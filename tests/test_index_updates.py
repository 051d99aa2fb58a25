"""After edits to electives, the directory's index brings itself up to date from the changed
electives alone (electives.index.Updated), and what it holds is what a full rebuild from the
database would hold: every filter's bitmaps, every order, the sponsors it knows, and the
searches it kept."""

import contextvars
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from electives import cache, index
from electives.cache import current_version
from electives.index_tables import Ranked
from electives.models import Category, Elective, Language, Organization, Scope, Specialty, Status
from electives.search import update_search_vectors
from tests.factories import OrganizationFactory, PublishedElectiveFactory, SpecialtyFactory

COUNTRIES = ["KE", "UG", "PE", "IN", "NP"]
SPECIALTIES = ["pediatrics", "surgery", "psychiatry"]
LANGUAGES = ["es", "fr"]
WORDS = ["Malaria", "Surgery", "Tropical", "Rural"]
TODAY = timezone.localdate()


def held(idx):
    """What an index holds, by elective id rather than by its positions: each declared table
    (electives.index.TABLES), every order, the sponsors it knows, and its rows."""

    def pks(positions):
        return sorted(idx.rows[p].pk for p in positions)

    view = {
        "all": pks(idx.all),
        "orders": {
            sort: [idx.rows[p].pk for p in idx.ordered(sort, TODAY)]
            for sort in (*index.SORTS, "deadline")
        },
        "sponsors": [(slug, o.pk, o.name) for slug, o in idx.known["organization"].items()],
        "country_names": idx.country_names,
        "open": pks(idx.open_on(TODAY)),
        "rows": sorted(idx.rows[p][:-1] for p in idx.all),  # all but the stamp
    }
    for table in index.TABLES:
        kept = idx.tables[table.name]
        if isinstance(kept, Ranked):  # values in order, each with its elective
            pairs = zip(kept.values, (idx.rows[p].pk for p in kept.positions), strict=True)
            view[table.name] = sorted(pairs)
        else:
            view[table.name] = {key: pks(bitmap) for key, bitmap in kept.items()}
    return view


def searched(idx, word):
    found = idx._searched(word)
    return [idx.rows[p].pk for p in found.by_relevance(idx, TODAY)], pks_of(idx, found.positions)


def pks_of(idx, positions):
    return sorted(idx.rows[p].pk for p in positions)


edits = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "title", "country", "pgy", "weeks", "cost", "housing", "deadline", "scope",
                "category", "specialties", "languages", "unpublish", "publish", "delete",
                "new", "sponsor", "rename sponsor",
            ]
        ),
        st.integers(0, 50),
        st.integers(0, 50),
    ),
    min_size=1,
    max_size=8,
)  # fmt: skip


def edit(operation, which, value):
    electives = list(Elective.objects.order_by("pk"))
    sponsors = list(Organization.objects.order_by("pk"))
    if operation == "new" or not electives:
        PublishedElectiveFactory(
            title=f"{WORDS[value % 4]} care", country=COUNTRIES[value % 5],
            organization=sponsors[which % len(sponsors)],
        )  # fmt: skip
        return
    elective = electives[which % len(electives)]
    if operation == "delete":
        elective.delete()
        return
    if operation == "specialties":
        elective.specialties.set(Specialty.objects.filter(slug__in=SPECIALTIES[: value % 4]))
        return
    if operation == "languages":
        elective.languages.set(Language.objects.filter(code__in=LANGUAGES[: value % 3]))
        return
    if operation == "rename sponsor":
        sponsor = elective.organization
        sponsor.name = f"{WORDS[value % 4]} Trust {sponsor.pk}"
        sponsor.save()
        return
    changes = {
        "title": {"title": f"{WORDS[value % 4]} {WORDS[(value // 4) % 4]} elective"},
        "country": {"country": COUNTRIES[value % 5]},
        "pgy": {"pgy_min": value % 3 or None, "pgy_max": (value % 3 + value % 4) or None},
        "weeks": {"weeks_min": value % 6 + 1, "weeks_max": value % 6 + 1 + value % 5},
        "cost": {"cost_usd": None if value % 5 == 0 else value * 100},
        "housing": {"housing": bool(value % 2)},
        "deadline": {
            "deadline": None if value % 4 == 0 else TODAY + datetime.timedelta(value - 25)
        },
        "scope": {"scope": list(Scope)[value % len(Scope)]},
        "category": {"category": list(Category)[value % len(Category)]},
        "unpublish": {"status": Status.DRAFT},
        "publish": {"status": Status.PUBLISHED},
        "sponsor": {"organization": sponsors[value % len(sponsors)]},
    }[operation]
    for field, new in changes.items():
        setattr(elective, field, new)
    elective.save()


@pytest.mark.django_db
@hypothesis_settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(base=st.lists(st.integers(0, 50), min_size=0, max_size=8), changes=edits)
def test_an_updated_index_holds_what_a_rebuild_holds(monkeypatch, base, changes):
    Elective.objects.all().delete()
    Organization.objects.all().delete()
    OrganizationFactory(name="Alder Trust")
    OrganizationFactory(name="Birch Fund")
    for n, value in enumerate(base):
        edit("new", n, value)
        if value % 3 == 0:
            edit("specialties", n, value)
        if value % 2 == 0:
            edit("languages", n, value)
    if connection.vendor == "postgresql":
        update_search_vectors(Elective.objects.all())  # no-op on SQLite
    monkeypatch.setattr(index, "_current", None)
    monkeypatch.setattr(index, "_previous", None)
    before = index.current_index()
    searches_before = {word: searched(before, word.lower()) for word in WORDS}

    for change in changes:
        edit(*change)
    updated = index.current_index()
    if updated is not before:  # (setting what was already set changes nothing)
        assert isinstance(updated, index.Updated), "an elective's edit must not rebuild it"
    rebuilt = index.Index(current_version())
    assert held(updated) == held(rebuilt)
    for word in WORDS:
        assert searched(updated, word.lower()) == searched(rebuilt, word.lower())
    # The index it was made from is left whole for the requests still reading it.
    assert {word: searched(before, word.lower()) for word in WORDS} == searches_before


@pytest.mark.django_db
def test_an_edit_renders_again_only_the_card_it_changed(client):
    sponsor = OrganizationFactory()
    electives = [PublishedElectiveFactory(organization=sponsor) for _ in range(5)]
    assert client.get("/electives/").status_code == 200  # every card rendered and kept
    edited = electives[2]
    edited.title = "Cardiology in Cusco"
    edited.save()
    with CaptureQueriesContext(connection) as context:
        response = client.get("/electives/")
    assert "Cardiology in Cusco" in response.text
    loaded = [q["sql"] for q in context.captured_queries if "summary" in q["sql"]]
    assert len(loaded) == 1 and f"IN ({edited.pk})" in loaded[0], loaded


@pytest.mark.django_db
def test_a_change_to_a_specialty_rebuilds_the_index(client):
    PublishedElectiveFactory()
    client.get("/electives/")
    SpecialtyFactory(name="Tropical medicine")
    response = client.get("/electives/")
    assert "Tropical medicine" in response.text
    assert not isinstance(index.current_index(), index.Updated)


@pytest.mark.django_db
def test_a_request_that_read_the_version_before_a_burst_of_edits_is_not_a_rebuild(monkeypatch):
    electives = [PublishedElectiveFactory(title=f"Elective {n}") for n in range(3)]
    index.current_index()
    electives[0].title = "First edit"
    electives[0].save()
    read_before = current_version()  # a request that read this, then was slow
    electives[1].title = "Second edit"
    electives[1].save()
    newest = index.current_index()
    monkeypatch.setattr(index, "_previous", None)  # two changes behind: neither index
    monkeypatch.setattr(cache, "_this_request", contextvars.ContextVar("v", default=read_before))
    with CaptureQueriesContext(connection) as context:
        answered = index.current_index()
    assert answered is newest
    assert len(context.captured_queries) == 2  # it checks the two are of one history
