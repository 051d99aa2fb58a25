import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from electives.models import Scope, YesNo
from tests.admin_forms import elective_form_data
from tests.factories import CuratorFactory, PublishedElectiveFactory

pytestmark = pytest.mark.django_db

RICHER = {
    "scope": Scope.OBSERVERSHIP,
    "supervision": "A consultant pediatrician on every ward round.",
    "malpractice": "The host hospital's insurance covers visiting residents.",
    "fee_includes": "Housing, breakfast and airport pick-up.",
    "requirements": "Hepatitis B immunity; a letter from the program director.",
    "emergency_support": YesNo.YES,
    "partner_since": 2011,
    "credit_granted": YesNo.NO,
}


def test_a_curator_fills_the_richer_fields_in_the_admin(client):
    elective = PublishedElectiveFactory()
    client.force_login(CuratorFactory())
    response = client.post(
        reverse("admin:electives_elective_change", args=[elective.pk]),
        elective_form_data(elective, **RICHER),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    elective.refresh_from_db()
    for name, value in RICHER.items():
        assert getattr(elective, name) == value


def test_the_detail_page_shows_the_richer_fields_in_their_own_section(client):
    elective = PublishedElectiveFactory(**RICHER)
    page = client.get(elective.get_absolute_url()).text
    assert '<h2 id="practical-details">Practical details</h2>' in page
    for text in [
        "Observership",
        RICHER["supervision"],
        "insurance covers visiting residents",
        RICHER["fee_includes"],
        "Hepatitis B immunity",
        "2011",
    ]:
        assert text in page
    assert "<dt>24/7 emergency support in the country</dt><dd>Yes</dd>" in page
    assert "<dt>Home programs have granted credit before</dt><dd>No</dd>" in page


def test_unknown_richer_fields_leave_the_section_out(client):
    elective = PublishedElectiveFactory()
    assert "Practical details" not in client.get(elective.get_absolute_url()).text


def test_text_in_the_richer_fields_is_escaped(client):
    elective = PublishedElectiveFactory(supervision="<script>alert(1)</script>")
    page = client.get(elective.get_absolute_url()).text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_partner_since_must_be_a_plausible_year():
    elective = PublishedElectiveFactory.build(partner_since=1700)
    with pytest.raises(ValidationError) as error:
        elective.full_clean(exclude=["organization", "slug"])
    assert list(error.value.message_dict) == ["partner_since"]
