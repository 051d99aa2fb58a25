"""A suggestion sent back reaches its anonymous submitter as a signed, expiring,
single-use link to correct it; corrected, it waits in review again, history kept."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from electives.models import Elective, Status
from mail.models import Notice
from residents.models import SuggestionCorrection
from tests.factories import CuratorFactory
from tests.test_suggest import VALID

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:electives_elective_review")
NOTE = "The web page answers 404: give the program's own page, and the fee <b>please</b>."


@pytest.fixture(autouse=True)
def curators(settings):
    settings.CURATOR_EMAILS = []  # nothing e-mailed to curators: the notices still list it


@pytest.fixture
def sent_back(django_capture_on_commit_callbacks):
    """A public suggestion, sent back by a curator: the e-mail's link."""
    public = Client()
    with django_capture_on_commit_callbacks(execute=True):
        public.post("/suggest/", VALID)
    elective = Elective.objects.get()
    curator = Client()
    curator.force_login(CuratorFactory())
    with django_capture_on_commit_callbacks(execute=True):
        curator.post(
            reverse("admin:electives_elective_decide", args=[elective.pk]),
            {"decision": "send_back", "note": NOTE},
        )
    [message] = [m for m in mail.outbox if m.subject.startswith("Sent back")]
    assert message.to == ["amina@example.org"]
    return re.search(r"https?://[^/\s]+(/suggest/correct/\S+/)", message.body).group(1)


def corrected(**changes):
    data = {k: v for k, v in VALID.items() if not k.startswith("submitter_")}
    return {**data, "url": "https://mbarara.example.org/trauma", "cost_usd": "250", **changes}


def test_the_link_shows_the_note_and_the_suggestion_to_correct(client, sent_back):
    page = client.get(sent_back)
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"] or "max-age=0" in page["Cache-Control"]
    assert "give the program&#x27;s own page, and the fee &lt;b&gt;please&lt;/b&gt;." in page.text
    assert 'value="Trauma Surgery in Mbarara"' in page.text
    assert 'value="https://mbarara.example.org/electives"' in page.text
    assert 'value="Mbarara Surgical Partners"' in page.text
    assert "Your e-mail address" not in page.text  # who they are is known


def test_a_correction_goes_back_to_the_queue_once_with_its_history(
    client, sent_back, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(sent_back, corrected())
    assert response.status_code == 200 and "corrected suggestion" in response.text
    elective = Elective.objects.get()
    assert elective.status == Status.IN_REVIEW
    assert (elective.url, elective.cost_usd) == ("https://mbarara.example.org/trauma", 250)
    assert elective.suggestion.submitter_email == "amina@example.org"
    reasons = [r.history_change_reason for r in elective.history.all()]
    assert reasons[0] == "corrected by the public (send-back link)"
    assert reasons[-1] == "suggested by the public"
    assert Notice.objects.filter(template="suggestion_corrected").exists()

    curator = Client()
    curator.force_login(CuratorFactory())
    assert "Trauma Surgery in Mbarara" in curator.get(QUEUE).text
    # Used: the link does not work again, neither to read nor to write.
    assert client.get(sent_back).status_code == 410
    again = client.post(sent_back, corrected(cost_usd="999"))
    assert again.status_code == 410
    elective.refresh_from_db()
    assert elective.cost_usd == 250


def test_a_correction_with_a_mistake_keeps_what_was_typed(client, sent_back):
    response = client.post(sent_back, corrected(url="not a web address", city="Mbarara town"))
    assert response.status_code == 400
    assert 'value="Mbarara town"' in response.text
    assert Elective.objects.get().status == Status.DRAFT
    assert SuggestionCorrection.objects.get().used_at is None


def test_a_link_expires_and_a_forged_one_is_refused(client, sent_back):
    later = datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(days=31)
    with time_machine.travel(later):
        assert client.get(sent_back).status_code == 410
    assert client.get(sent_back.replace("/correct/", "/correct/x")).status_code == 404
    assert client.get("/suggest/correct/1:abc:def/").status_code == 404


def test_an_elective_a_curator_took_back_meanwhile_is_not_changed(client, sent_back):
    Elective.objects.update(status=Status.PUBLISHED)
    assert client.post(sent_back, corrected()).status_code == 410
    assert Elective.objects.get().status == Status.PUBLISHED


def test_the_suggestion_in_the_admin_says_it_was_sent_back_and_corrected(client, sent_back):
    curator = Client()
    curator.force_login(CuratorFactory())
    suggestion = Elective.objects.get().suggestion
    url = reverse("admin:residents_suggestion_change", args=[suggestion.pk])
    assert "not yet" in curator.get(url).text
    client.post(sent_back, corrected())
    assert "corrected and resubmitted" in curator.get(url).text
