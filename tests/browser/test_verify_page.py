"""The sponsors' /verify/ page: accessible, valid HTML, fits a phone, works without JavaScript."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from curation.models import VerificationRequest
from tests.factories import OrganizationFactory, PublishedElectiveFactory

from .conftest import PHONE, has_horizontal_scroll, require_tools, run_axe
from .test_html_valid import check_html


def make_request():
    sponsor = OrganizationFactory(name="Lakeside Health Partners", contact="intl@lakeside.example")
    old = timezone.localdate() - datetime.timedelta(days=400)
    electives = [
        PublishedElectiveFactory(title=title, organization=sponsor, last_verified=old)
        for title in ("Surgery in Kisumu", "Pediatrics in Kisumu")
    ]
    request = VerificationRequest.objects.create(organization=sponsor, email=sponsor.contact)
    request.electives.set(electives)
    return request, electives


@pytest.mark.django_db
def test_the_verify_pages_are_valid_html(tmp_path):
    require_tools(java=True)
    request, electives = make_request()
    client = Client()
    url = request.get_absolute_url()
    pages = {
        "form": client.get(url),
        "errors": client.post(url, {f"answer_{electives[0].pk}": "changed"}),
        "invalid": client.get("/verify/nonsense/"),
    }
    files = []
    for name, response in pages.items():
        files.append(tmp_path / f"verify-{name}.html")
        files[-1].write_bytes(response.content)
    errors = check_html(files)
    assert {name: errors[str(f)] for name, f in zip(pages, files, strict=True)} == {
        name: [] for name in pages
    }


in_a_browser = pytest.mark.browser
with_live_data = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@in_a_browser
@with_live_data
@pytest.mark.parametrize("with_errors", [False, True], ids=["form", "errors"])
def test_the_verify_page_is_accessible_and_fits_a_phone(
    with_errors, page, live_server, console_errors
):
    request, _ = make_request()
    page.goto(live_server.url + request.get_absolute_url())
    if with_errors:
        page.get_by_role("button", name="Send my answers").click()
        expect(page.get_by_role("alert")).to_contain_text("Please answer every listing")
    assert run_axe(page) == []
    page.set_viewport_size(PHONE)
    assert run_axe(page) == []
    page.set_viewport_size({"width": 360, "height": 740})
    assert not has_horizontal_scroll(page)
    assert console_errors == []


@pytest.fixture
def no_script_page(browser):
    context = browser.new_context(java_script_enabled=False)
    yield context.new_page()
    context.close()


@in_a_browser
@with_live_data
def test_a_sponsor_confirms_without_javascript(no_script_page, live_server):
    request, electives = make_request()
    page = no_script_page
    page.goto(live_server.url + request.get_absolute_url())
    for elective in electives:
        page.get_by_role("group", name=elective.title).get_by_label("Still accurate").check()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    for elective in electives:
        elective.refresh_from_db()
        assert elective.last_verified == timezone.localdate()
