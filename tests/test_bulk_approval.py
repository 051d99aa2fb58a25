"""Setting the same approval facts on many electives: choose, preview, apply; one history
record each; sponsor editors only on their own."""

import pytest
from django.test import Client
from django.urls import reverse

from electives.models import Elective
from tests.factories import (
    CuratorFactory,
    OrganizationFactory,
    PublishedElectiveFactory,
    SponsorEditorFactory,
)

pytestmark = pytest.mark.django_db

ELECTIVES = reverse("admin:electives_elective_changelist")
SPONSORS = reverse("admin:electives_organization_changelist")


@pytest.fixture
def lakeside():
    sponsor = OrganizationFactory(name="Lakeside Health")
    return [
        PublishedElectiveFactory(
            title=f"Lakeside {n}", organization=sponsor, letter_of_agreement="", supervisor=""
        )
        for n in (1, 2)
    ]


@pytest.fixture
def curator():
    client = Client()
    client.force_login(CuratorFactory(username="ana"))
    return client


def steps(client, url, action, selected, **values):
    """The three posts: the form, the preview (which writes nothing), the apply."""
    base = {"action": action, "_selected_action": [o.pk for o in selected]}
    form = client.post(url, base)
    data = {**base, **values}
    versions = Elective.history.count()
    preview = client.post(url, {**data, "preview": "1"})
    assert Elective.history.count() == versions
    applied = client.post(url, {**data, "apply": "1"}, follow=True)
    return form, preview, applied


def test_a_curator_sets_a_letter_of_agreement_on_selected_electives(curator, lakeside):
    untouched = PublishedElectiveFactory(title="Elsewhere", letter_of_agreement="")
    before = {e.pk: e.history.count() for e in Elective.objects.all()}
    form, preview, applied = steps(
        curator,
        ELECTIVES,
        "set_approval_facts_of_electives",
        lakeside,
        chosen=["letter_of_agreement", "supervisor"],
        letter_of_agreement="yes",
        supervisor="Dr. A. Mwangi, MMed (Surgery)",
    )
    assert form.status_code == 200
    assert "Set these fields" in form.text and "Lakeside 1" in form.text
    assert "Elsewhere" not in form.text
    assert "Nothing is saved yet" in preview.text
    assert "<del>not stated</del> → <ins>Yes</ins>" in preview.text
    assert "Dr. A. Mwangi, MMed (Surgery)" in preview.text

    assert (
        "Set signs a program letter of agreement, supervisor and credentials on 2 elective(s)."
        in applied.text
    )
    for elective in lakeside:
        elective.refresh_from_db()
        assert elective.letter_of_agreement == "yes"
        assert elective.supervisor == "Dr. A. Mwangi, MMed (Surgery)"
        assert elective.history.count() == before[elective.pk] + 1
        latest = elective.history.first()
        assert latest.history_user.username == "ana"
        changed = {c.field for c in latest.diff_against(latest.prev_record).changes}
        assert changed == {"letter_of_agreement", "supervisor"}
    untouched.refresh_from_db()
    assert untouched.letter_of_agreement == "" and untouched.history.count() == before[untouched.pk]


def test_only_the_ticked_fields_change(curator, lakeside):
    lakeside[0].supervisor = "Kept as it was"
    lakeside[0].save()
    steps(
        curator,
        ELECTIVES,
        "set_approval_facts_of_electives",
        lakeside[:1],
        chosen=["letter_of_agreement"],
        letter_of_agreement="no",
        supervisor="",
    )
    lakeside[0].refresh_from_db()
    assert (lakeside[0].letter_of_agreement, lakeside[0].supervisor) == ("no", "Kept as it was")


def test_nothing_ticked_or_a_bad_value_keeps_what_was_typed(curator, lakeside):
    base = {
        "action": "set_approval_facts_of_electives",
        "_selected_action": [lakeside[0].pk],
        "preview": "1",
    }
    none = curator.post(ELECTIVES, {**base, "supervisor": "Typed text"})
    assert "Tick at least one field to set." in none.text and "Typed text" in none.text
    bad = curator.post(
        ELECTIVES, {**base, "chosen": ["lead_time_weeks"], "lead_time_weeks": "many"}
    )
    assert bad.status_code == 200 and "Enter a whole number." in bad.text
    assert 'value="many"' in bad.text


def test_all_of_one_sponsors_electives_from_the_sponsor_list(curator, lakeside):
    other = PublishedElectiveFactory(letter_of_agreement="")
    _, preview, applied = steps(
        curator,
        SPONSORS,
        "set_approval_facts_of_sponsors",
        [lakeside[0].organization],
        chosen=["evaluation_returned"],
        evaluation_returned="yes",
    )
    assert "Lakeside 1" in preview.text and "Lakeside 2" in preview.text
    assert other.title not in preview.text
    assert "on 2 elective(s)" in applied.text
    assert set(Elective.objects.filter(evaluation_returned="yes")) == set(lakeside)


def test_a_sponsor_editor_sets_facts_on_its_own_electives_only(lakeside):
    theirs = PublishedElectiveFactory(title="Not theirs", letter_of_agreement="")
    editor = Client()
    editor.force_login(SponsorEditorFactory(organizations=[lakeside[0].organization]))
    for url, action, selected in [
        (ELECTIVES, "set_approval_facts_of_electives", [*lakeside, theirs]),
        (
            SPONSORS,
            "set_approval_facts_of_sponsors",
            [lakeside[0].organization, theirs.organization],
        ),
    ]:
        form, _, _ = steps(
            editor, url, action, selected, chosen=["letter_of_agreement"], letter_of_agreement="yes"
        )
        assert "Lakeside 1" in form.text and "Not theirs" not in form.text
    theirs.refresh_from_db()
    assert theirs.letter_of_agreement == ""
    assert set(Elective.objects.filter(letter_of_agreement="yes")) == set(lakeside)
