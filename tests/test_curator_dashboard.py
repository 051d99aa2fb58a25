import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from curation.models import VerificationRequest
from debriefs.models import Debrief, DebriefLink
from electives.models import Elective, LinkState, Status
from mail.models import Notice, OutgoingMail
from mail.outbox import deliver, notify_curators
from residents.models import ProblemReport, Suggestion
from tests.factories import (
    ArchivedElectiveFactory,
    CuratorFactory,
    DebriefFactory,
    DraftElectiveFactory,
    InReviewElectiveFactory,
    OrganizationFactory,
    PublishedDebriefFactory,
    PublishedElectiveFactory,
    SponsorEditorFactory,
    TravelAdvisoryFactory,
)

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:electives_elective_changelist")


@pytest.fixture
def curator_client(client):
    client.force_login(CuratorFactory())
    return client


def dashboard(client):
    """{label: (count, link)} from the admin index's dashboard table."""
    page = client.get(reverse("admin:index")).text
    table = page.split('id="curator-dashboard"')[1].split("</table>")[0]
    rows = re.findall(r'<a href="([^"]+)">([^<]+)</a></th>\s*<td>(\d+)</td>', table)
    return {label: (int(count), link.replace("&amp;", "&")) for link, label, count in rows}


def test_the_dashboard_counts_what_needs_attention(curator_client):
    today = timezone.localdate()
    long_ago = today - datetime.timedelta(days=400)
    DraftElectiveFactory.create_batch(3)
    InReviewElectiveFactory.create_batch(2)
    PublishedElectiveFactory(last_verified=long_ago)
    PublishedElectiveFactory(last_verified=today, deadline=today - datetime.timedelta(days=1))
    PublishedElectiveFactory(last_verified=today, deadline=today)  # closes today: still open
    PublishedElectiveFactory(link_state=LinkState.BROKEN)
    ArchivedElectiveFactory(last_verified=long_ago, link_state=LinkState.BROKEN)
    TravelAdvisoryFactory(country="KE", issued=today - datetime.timedelta(days=400))
    TravelAdvisoryFactory(country="PE", issued=today - datetime.timedelta(days=30))
    suggested = InReviewElectiveFactory()
    Suggestion.objects.create(elective=suggested, submitter_name="A", submitter_email="a@x.org")
    reported = PublishedElectiveFactory(last_verified=today)
    ProblemReport.objects.create(elective=reported, kind="broken-link", message="404")
    ProblemReport.objects.create(
        elective=reported, kind="other", message="done", resolved_at=timezone.now()
    )
    DebriefLink.objects.create(elective=reported, email="r@x.org", requested_at=timezone.now())
    DebriefLink.objects.create(  # approved already
        elective=reported, email="s@x.org", requested_at=timezone.now(), sent_at=timezone.now()
    )
    DebriefLink.objects.create(elective=reported, email="t@x.org", sent_at=timezone.now())
    DebriefFactory(elective=reported)  # in review
    PublishedDebriefFactory(elective=reported)
    answered = VerificationRequest.objects.create(
        organization=reported.organization, email="o@x.org", answered_at=timezone.now()
    )
    VerificationRequest.objects.create(organization=reported.organization, email="p@x.org")
    Notice.objects.create(template="report_received", what="Read already", read_at=answered.sent_at)

    counts = {label: count for label, (count, _) in dashboard(curator_client).items()}
    assert counts == {
        "Drafts": 3,
        "In review": 3,
        "Suggestions": 1,
        "Debrief links requested, waiting for approval": 1,
        "Debriefs in review": 1,
        "Open problem reports": 1,
        "Sponsor answers to re-verification (last 30 days)": 1,
        "Unread notices": 0,  # the one notice here was read
        "Published, need re-verification (over 12 months)": 1,
        "Published, deadline passed": 1,
        "Published, broken link": 1,
        "Travel advisories older than a year": 1,
    }


def test_each_count_links_to_a_list_showing_exactly_those(curator_client):
    today = timezone.localdate()
    PublishedElectiveFactory(title="Stale one", last_verified=today - datetime.timedelta(days=400))
    PublishedElectiveFactory(title="Fresh one", last_verified=today)
    PublishedElectiveFactory(
        title="Closed one", last_verified=today, deadline=today - datetime.timedelta(days=5)
    )
    PublishedElectiveFactory(title="Broken one", link_state=LinkState.BROKEN)
    DraftElectiveFactory(title="Draft one")
    TravelAdvisoryFactory(country="KE", issued=today - datetime.timedelta(days=400))
    TravelAdvisoryFactory(country="PE", issued=today)
    items = dashboard(curator_client)
    expected = {
        "Drafts": ["Draft one"],
        "Published, need re-verification (over 12 months)": ["Stale one"],
        "Published, deadline passed": ["Closed one"],
        "Published, broken link": ["Broken one"],
    }
    titles = ["Stale one", "Fresh one", "Closed one", "Broken one", "Draft one"]
    for label, shown in expected.items():
        page = curator_client.get(items[label][1]).text
        assert [t for t in titles if t in page] == shown, label
    advisories = curator_client.get(items["Travel advisories older than a year"][1]).text
    assert "Kenya" in advisories and "Peru" not in advisories


def test_the_waiting_debriefs_requests_and_answers_link_to_lists_of_exactly_those(
    curator_client,
):
    elective = PublishedElectiveFactory()
    DebriefLink.objects.create(elective=elective, email="asks@x.org", requested_at=timezone.now())
    DebriefLink.objects.create(elective=elective, email="sent@x.org", sent_at=timezone.now())
    DebriefFactory(elective=elective, text="Waiting debrief text")
    PublishedDebriefFactory(elective=elective, text="Published debrief text")
    long_ago = timezone.now() - datetime.timedelta(days=90)
    for email, answered in [
        ("new@x.org", timezone.now()),
        ("old@x.org", long_ago),
        ("no@x.org", None),
    ]:
        VerificationRequest.objects.create(
            organization=elective.organization, email=email, answered_at=answered
        )
    items = dashboard(curator_client)

    def shown(label, candidates):
        page = curator_client.get(items[label][1])
        assert page.status_code == 200, label
        return [c for c in candidates if c in page.text]

    links = shown("Debrief links requested, waiting for approval", ["asks@x.org", "sent@x.org"])
    assert links == ["asks@x.org"]
    debriefs = Debrief.objects.order_by("id")
    assert shown("Debriefs in review", [f"/{d.pk}/change/" for d in debriefs]) == [
        f"/{debriefs[0].pk}/change/"
    ]
    answers = shown(
        "Sponsor answers to re-verification (last 30 days)",
        ["new@x.org", "old@x.org", "no@x.org"],
    )
    assert answers == ["new@x.org"]


def test_sponsor_editors_do_not_see_the_dashboard(client):
    client.force_login(SponsorEditorFactory(organizations=[OrganizationFactory()]))
    page = client.get(reverse("admin:index"))
    assert page.status_code == 200 and "curator-dashboard" not in page.text


def test_the_changelist_shows_status_deadline_and_verified_age(curator_client):
    today = timezone.localdate()
    PublishedElectiveFactory(
        title="Old listing",
        deadline=today - datetime.timedelta(days=2),
        last_verified=today - datetime.timedelta(days=400),
    )
    page = curator_client.get(CHANGELIST).text
    for column in ("column-status", "column-deadline_status", "column-verified_age"):
        assert column in page
    assert "(closed)" in page and "13 mo ago (re-verify)" in page


def test_the_country_filter_lists_only_countries_in_use(curator_client):
    PublishedElectiveFactory(country="KE")
    PublishedElectiveFactory(country="PE")
    page = curator_client.get(CHANGELIST).text
    assert "?country=KE" in page and "?country=PE" in page
    assert "?country=FR" not in page and "Zimbabwe" not in page
    assert "Kenya" in curator_client.get(CHANGELIST, {"country": "KE"}).text


def test_bulk_set_status_and_mark_verified(curator_client):
    electives = InReviewElectiveFactory.create_batch(2, last_verified=None)
    ids = [e.pk for e in electives]
    curator_client.post(CHANGELIST, {"action": "publish", "_selected_action": ids})
    assert set(Elective.objects.values_list("status", flat=True)) == {Status.PUBLISHED}
    curator_client.post(CHANGELIST, {"action": "mark_verified_today", "_selected_action": ids})
    assert set(Elective.objects.values_list("last_verified", flat=True)) == {timezone.localdate()}
    curator_client.post(CHANGELIST, {"action": "archive", "_selected_action": ids})
    assert set(Elective.objects.values_list("status", flat=True)) == {Status.ARCHIVED}


def test_bulk_change_of_sponsor(curator_client):
    electives = PublishedElectiveFactory.create_batch(2)
    untouched = PublishedElectiveFactory()
    new_sponsor = OrganizationFactory(name="Merged Health Network")
    ids = [e.pk for e in electives]
    form = curator_client.post(CHANGELIST, {"action": "change_sponsor", "_selected_action": ids})
    assert form.status_code == 200 and "New sponsor" in form.text
    response = curator_client.post(
        CHANGELIST,
        {
            "action": "change_sponsor",
            "_selected_action": ids,
            "apply": "1",
            "organization": new_sponsor.pk,
        },
    )
    assert response.status_code == 302
    assert {e.organization for e in Elective.objects.filter(pk__in=ids)} == {new_sponsor}
    untouched.refresh_from_db()
    assert untouched.organization != new_sponsor


def test_curator_notifications_go_to_the_configured_addresses(settings):
    settings.CURATOR_EMAILS = ["gme@example.org", "pd@example.org"]
    queued = notify_curators("review_digest", {"digest": "Body"})
    deliver(OutgoingMail.objects.filter(pk=queued.pk))
    [message] = mail.outbox
    assert message.to == ["gme@example.org", "pd@example.org"]


def test_without_curator_addresses_nothing_is_sent(settings):
    settings.CURATOR_EMAILS = []
    assert notify_curators("review_digest", {"digest": "Body"}) is None
    assert mail.outbox == []
