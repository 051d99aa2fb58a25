"""A sponsor name close to an existing one is a likely misspelling, not a new sponsor."""

import pytest

from electives.models import Elective, Organization
from tests.factories import OrganizationFactory
from tests.test_csv_import import make_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def lakeside():
    return OrganizationFactory(name="Lakeside Health")


@pytest.mark.parametrize(
    "written",
    [
        "Lakesid Health",
        "lakeside health",
        "Lakeside  Health.",
        "Lakesíde Health",
        "Lakeside-Health",
    ],
)
def test_a_near_miss_is_refused_naming_the_likely_match(run_import, lakeside, written):
    for args in [("--dry-run",), ()]:
        ok, _, err = run_import(make_csv({}, {"organization": written}), *args)
        assert not ok
        assert (
            f'row 3 (line 3): organization "{written}" is not a known sponsor; '
            'did you mean "Lakeside Health"?'
        ) in err
        assert "--create-organizations" in err
    assert list(Organization.objects.values_list("name", flat=True)) == ["Lakeside Health"]
    assert not Elective.objects.exists()


def test_the_exact_name_uses_the_existing_sponsor(run_import, lakeside):
    ok, out, err = run_import(make_csv({"organization": "Lakeside Health"}))
    assert ok, err
    assert Elective.objects.get().organization == lakeside
    assert "New sponsor" not in out


def test_a_confirmed_near_miss_creates_the_new_sponsor(run_import, lakeside):
    text = make_csv({"organization": "Lakeside Health Trust"}, {"organization": "Lakesid Health"})
    ok, out, err = run_import(text, "--create-organizations")
    assert ok, err
    assert 'New sponsor(s) were created: "Lakeside Health Trust", "Lakesid Health".' in out
    assert Organization.objects.filter(name="Lakesid Health").exists()


def test_a_clearly_different_name_creates_a_sponsor_as_the_spec_says(run_import, lakeside):
    ok, out, err = run_import(make_csv({"organization": "Northfield Health Partners"}))
    assert ok, err
    assert 'New sponsor(s) were created: "Northfield Health Partners".' in out
    assert Elective.objects.get().organization.name == "Northfield Health Partners"


def test_a_dry_run_names_the_sponsors_it_would_create(run_import, lakeside):
    ok, out, err = run_import(make_csv({"organization": "Northfield Health Partners"}), "--dry-run")
    assert ok, err
    assert 'New sponsor(s) would be created: "Northfield Health Partners".' in out
    assert not Organization.objects.filter(name="Northfield Health Partners").exists()


def test_a_near_miss_and_other_problems_are_reported_together(run_import, lakeside):
    ok, _, err = run_import(make_csv({"organization": "Lakesid Health", "housing": "maybe"}))
    assert not ok
    assert (
        'row 2 (line 2): housing must be yes or no (got "maybe"); organization "Lakesid Health"'
        in err
    )
