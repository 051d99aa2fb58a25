import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from electives.models import Elective, Specialty, Status
from tests.factories import ElectiveFactory, OrganizationFactory, PublishedElectiveFactory

pytestmark = pytest.mark.django_db

SEEDED_SPECIALTIES = [
    "anesthesiology",
    "dermatology",
    "emergency-medicine",
    "family-medicine",
    "internal-medicine",
    "internal-medicine-pediatrics",
    "neurology",
    "obstetrics-gynecology",
    "ophthalmology",
    "orthopaedic-surgery",
    "otolaryngology",
    "pathology",
    "pediatrics",
    "physical-medicine-rehabilitation",
    "preventive-medicine",
    "psychiatry",
    "radiology",
    "surgery",
    "urology",
]


def violates_constraint(**fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        ElectiveFactory(**fields)


def test_specialties_are_seeded():
    assert set(SEEDED_SPECIALTIES) <= set(Specialty.objects.values_list("slug", flat=True))


def test_database_refuses_weeks_min_above_weeks_max():
    violates_constraint(weeks_min=6, weeks_max=4)


def test_database_accepts_equal_weeks():
    assert ElectiveFactory(weeks_min=4, weeks_max=4).pk


def test_database_refuses_pgy_min_above_pgy_max():
    violates_constraint(pgy_min=3, pgy_max=2)


def test_database_accepts_one_open_pgy_bound():
    assert ElectiveFactory(pgy_min=3, pgy_max=None).pk
    assert ElectiveFactory(pgy_min=None, pgy_max=2).pk


def test_database_refuses_pgy_outside_1_to_8():
    violates_constraint(pgy_min=None, pgy_max=9)


def test_database_refuses_negative_cost():
    violates_constraint(cost_usd=-1)


def test_free_and_unknown_cost_are_both_allowed():
    assert ElectiveFactory(cost_usd=0).cost_usd == 0
    assert ElectiveFactory(cost_usd=None).cost_usd is None


def test_database_refuses_unknown_status():
    violates_constraint(status="deleted")


def test_database_refuses_duplicate_slug():
    ElectiveFactory(slug="kenya-elective")
    violates_constraint(slug="kenya-elective")


def test_organization_slugs_are_unique():
    OrganizationFactory(name="Hope Partners", slug="hope")
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganizationFactory(name="Hope Partners Two", slug="hope")


def test_slug_is_made_from_the_title_and_made_unique():
    first = ElectiveFactory(title="Surgery in Moshi")
    second = ElectiveFactory(title="Surgery in Moshi")
    third = ElectiveFactory(title="Surgery in Moshi")
    assert [first.slug, second.slug, third.slug] == [
        "surgery-in-moshi",
        "surgery-in-moshi-2",
        "surgery-in-moshi-3",
    ]


def test_saving_again_keeps_the_slug():
    elective = ElectiveFactory(title="Surgery in Moshi")
    elective.title = "Surgery in Arusha"
    elective.save()
    elective.refresh_from_db()
    assert elective.slug == "surgery-in-moshi"


def test_organization_slug_is_made_from_its_name():
    assert OrganizationFactory(name="Lakeshore University").slug == "lakeshore-university"


def test_model_validation_explains_bad_ranges():
    elective = ElectiveFactory.build(
        weeks_min=8, weeks_max=4, pgy_min=4, pgy_max=2, organization=OrganizationFactory()
    )
    with pytest.raises(ValidationError) as error:
        elective.full_clean()
    assert "weeks_max" in error.value.message_dict
    assert "pgy_max" in error.value.message_dict


def test_model_validation_refuses_non_http_urls():
    elective = ElectiveFactory.build(url="ftp://example.org/x", organization=OrganizationFactory())
    with pytest.raises(ValidationError) as error:
        elective.full_clean()
    assert "url" in error.value.message_dict


def test_model_validation_refuses_pgy_out_of_range():
    elective = ElectiveFactory.build(pgy_min=0, organization=OrganizationFactory())
    with pytest.raises(ValidationError) as error:
        elective.full_clean()
    assert "pgy_min" in error.value.message_dict


def test_publishing_stamps_published_at_once():
    elective = ElectiveFactory(status=Status.DRAFT)
    assert elective.published_at is None
    elective.status = Status.PUBLISHED
    elective.save()
    stamped = elective.published_at
    assert stamped is not None
    elective.summary = "Changed"
    elective.save()
    assert elective.published_at == stamped


def test_published_queryset_has_only_published():
    published = PublishedElectiveFactory()
    ElectiveFactory(status=Status.DRAFT)
    ElectiveFactory(status=Status.IN_REVIEW)
    ElectiveFactory(status=Status.ARCHIVED)
    assert list(Elective.objects.published()) == [published]


def test_open_for_applications_keeps_rolling_and_future_deadlines():
    today = datetime.date(2026, 6, 1)
    rolling = ElectiveFactory(deadline=None)
    on_the_day = ElectiveFactory(deadline=today)
    ElectiveFactory(deadline=today - datetime.timedelta(days=1))
    assert set(Elective.objects.open_for_applications(today)) == {rolling, on_the_day}


def test_elective_knows_its_region():
    assert ElectiveFactory(country="PE").region == "latin-america-caribbean"
