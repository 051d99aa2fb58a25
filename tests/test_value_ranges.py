"""Every date (and year) a person or a feed can store has a sensible range, kept by the model:
the admin, the CSV import and the database refuse a value outside it, so that no page does
date arithmetic on the year 1 or 9999."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from debriefs.models import Debrief
from electives.models import DATES, Elective, TravelAdvisory
from residents.models import ProblemReport
from tests.admin_forms import elective_form_data
from tests.factories import (
    CuratorFactory,
    DebriefFactory,
    OrganizationFactory,
    PublishedElectiveFactory,
    SponsorEditorFactory,
    TravelAdvisoryFactory,
)
from tests.test_csv_import import make_csv

pytestmark = pytest.mark.django_db

RANGE_MESSAGE = "Enter a date between 2000-01-01 and 2100-12-31."


@pytest.fixture
def editor_client(client):
    lakeside = OrganizationFactory(name="Lakeside Health Partners")
    client.force_login(SponsorEditorFactory(organizations=[lakeside]))
    return client, lakeside


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1999-12-31", "2101-01-01"])
def test_a_sponsor_editor_cannot_save_a_deadline_out_of_range(editor_client, day):
    client, lakeside = editor_client
    elective = PublishedElectiveFactory(organization=lakeside, deadline=datetime.date(2027, 3, 1))
    url = reverse("admin:electives_elective_change", args=[elective.pk])
    response = client.post(url, elective_form_data(elective, deadline=day))
    assert response.status_code == 200  # the form again, with what was typed
    form = response.context["adminform"].form
    assert form.errors["deadline"] == [RANGE_MESSAGE]
    assert f'value="{day}"' in response.text
    elective.refresh_from_db()
    assert elective.deadline == datetime.date(2027, 3, 1)
    # The public pages that count from the deadline go on working.
    assert client.get(f"/electives/{elective.slug}/").status_code == 200


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("last_verified", "0001-01-01", RANGE_MESSAGE),
        ("partner_since", "1899", "Enter a year between 1900 and 2100."),
        ("partner_since", "2101", "Enter a year between 1900 and 2100."),
    ],
)
def test_a_curator_cannot_save_other_dates_out_of_range(client, field, value, message):
    client.force_login(CuratorFactory())
    elective = PublishedElectiveFactory()
    url = reverse("admin:electives_elective_change", args=[elective.pk])
    response = client.post(url, elective_form_data(elective, **{field: value}))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors[field] == [message]


def test_a_curator_cannot_date_an_advisory_out_of_range(client):
    client.force_login(CuratorFactory())
    advisory = TravelAdvisoryFactory(country="KE")
    url = reverse("admin:electives_traveladvisory_change", args=[advisory.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    response = client.post(url, {**data, "issued": "9999-12-31", "seen": ""})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["issued"] == [RANGE_MESSAGE]


def test_a_curator_cannot_mark_a_report_resolved_in_the_year_1(client):
    client.force_login(CuratorFactory())
    report = ProblemReport.objects.create(
        elective=PublishedElectiveFactory(), kind="outdated", message="New fee."
    )
    url = reverse("admin:residents_problemreport_change", args=[report.pk])
    data = {"resolved_at_0": "0001-01-01", "resolved_at_1": "10:00:00"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["resolved_at"] == [RANGE_MESSAGE]
    report.refresh_from_db()
    assert report.resolved_at is None


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_the_csv_import_refuses_a_deadline_out_of_range_as_a_row_error(run_import, day):
    ok, _, err = run_import(make_csv({"title": "Fine row"}, {"deadline": day}))
    assert not ok
    bound = "at least 2000-01-01" if day < "2000" else "at most 2100-12-31"
    assert f'row 3 (line 3): deadline must be {bound} (got "{day}")' in err
    assert not Elective.objects.exists()


def test_the_csv_import_takes_the_bounds_themselves(run_import):
    ok, _, err = run_import(make_csv({"deadline": "2100-12-31", "last_verified": "2000-01-01"}))
    assert ok, err
    elective = Elective.objects.get()
    assert (elective.deadline, elective.last_verified) == (DATES.high, DATES.low)


def out_of_range_writes():
    """A write per range that skips the model's validation, as update() does."""
    elective = PublishedElectiveFactory()
    advisory = TravelAdvisoryFactory(country="KE")
    debrief = DebriefFactory()
    report = ProblemReport.objects.create(elective=elective, kind="other", message="x")
    year_one = datetime.date(1, 1, 1)
    return {
        "deadline": lambda: Elective.objects.filter(pk=elective.pk).update(deadline=year_one),
        "last_verified": lambda: Elective.objects.filter(pk=elective.pk).update(
            last_verified=datetime.date(9999, 12, 31)
        ),
        "partner_since": lambda: Elective.objects.filter(pk=elective.pk).update(
            partner_since=32000
        ),
        "issued": lambda: TravelAdvisory.objects.filter(pk=advisory.pk).update(issued=year_one),
        "debrief year": lambda: Debrief.objects.filter(pk=debrief.pk).update(year=1),
        "report resolved": lambda: ProblemReport.objects.filter(pk=report.pk).update(
            resolved_at=datetime.datetime(1, 1, 1, 12, tzinfo=datetime.UTC)
        ),
    }


def test_the_database_refuses_what_skips_validation():
    for name, write in out_of_range_writes().items():
        with pytest.raises(IntegrityError), transaction.atomic():
            write()
            pytest.fail(f"{name}: stored out of range")
