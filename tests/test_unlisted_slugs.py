"""An elective that is not published (a draft, one in review, an archived one) named in a
link's `?e=` is counted as left out on every page that reads `e`, never named: not its
title, not its sponsor, and not told apart from a slug that names nothing."""

import pytest

from tests.factories import (
    ArchivedElectiveFactory,
    DraftElectiveFactory,
    InReviewElectiveFactory,
    OrganizationFactory,
    PublishedElectiveFactory,
)

pytestmark = pytest.mark.django_db

SURFACES = [
    "/shortlist/",
    "/shortlist/approval/",
    "/shortlist/export.csv",
    "/shortlist/deadlines.ics",
    "/compare/",
]


@pytest.fixture
def hidden():
    sponsor = OrganizationFactory(name="Quiet Merger Partners")
    DraftElectiveFactory(slug="a-draft", title="Secret Expansion Draft", organization=sponsor)
    InReviewElectiveFactory(slug="in-review", title="Unannounced Ward", organization=sponsor)
    ArchivedElectiveFactory(slug="archived", title="Closed After Inquiry", organization=sponsor)
    return ["Quiet Merger Partners", "Secret Expansion Draft", "Unannounced Ward"]


@pytest.fixture
def listed():
    PublishedElectiveFactory(slug="kisumu", title="Family Medicine in Kisumu")
    PublishedElectiveFactory(slug="eldoret", title="Surgery in Eldoret")


@pytest.mark.parametrize("path", SURFACES)
def test_unpublished_electives_in_a_link_are_never_named(client, hidden, listed, path):
    response = client.get(path, {"e": "kisumu,eldoret,a-draft,in-review,archived"})
    text = response.content.decode()
    for words in [*hidden, "Closed After Inquiry"]:
        assert words not in text, (path, words)


@pytest.mark.parametrize("path", ["/shortlist/", "/shortlist/approval/", "/compare/"])
def test_the_pages_say_how_many_were_left_out(client, hidden, listed, path):
    drafts = client.get(path, {"e": "kisumu,eldoret,a-draft,in-review,archived"})
    nothing = client.get(path, {"e": "kisumu,eldoret,no-such,no-such-2,no-such-3"})
    note = "3 of the electives asked for are not listed"
    assert note in drafts.content.decode() and note in nothing.content.decode()
    # A draft's slug answers as a slug that names nothing does.
    assert drafts.status_code == nothing.status_code
