"""Every guide page, /resources/ and /safety/: valid HTML, no axe-core violations at
desktop and phone widths, no sideways scrolling at 360 px, nothing blocked by the CSP.

(tests/browser/pages.py lists the guide's index, resources and safety for the site-wide
checks; this file adds each page of the guide.)"""

import datetime

import pytest
from django.test import Client

from guide import pages
from tests.factories import PublishedElectiveFactory, TravelAdvisoryFactory

from .conftest import DESKTOP, PHONE, has_horizontal_scroll, require_tools, run_axe
from .test_html_valid import check_html

PATHS = [
    "/guide/",
    *[f"/guide/{slug}/" for slug in pages.GUIDE_SLUGS],
    "/resources/",
    "/safety/",
]


def test_guide_pages_are_valid_html(db, tmp_path, subtests):
    require_tools(java=True)
    client = Client()
    files = {}
    for path in PATHS:
        response = client.get(path)
        assert response.status_code == 200, path
        files[path] = tmp_path / (path.strip("/").replace("/", "-") + ".html")
        files[path].write_bytes(response.content)
    errors = check_html(files.values())
    for path, file in files.items():
        with subtests.test(msg=path):
            assert errors[str(file)] == [], f"{path} is not valid HTML"


# One test for all the pages: each browser test with the live server empties and
# reloads the database, which costs far more than the checks themselves.
@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_guide_pages_are_accessible_and_fit_a_phone(page, console_errors, subtests):
    for path in PATHS:
        with subtests.test(msg=path):
            page.set_viewport_size(DESKTOP)
            assert page.goto(path).status == 200
            assert run_axe(page) == [], f"axe at {DESKTOP['width']} px on {path}"
            page.set_viewport_size(PHONE)
            assert run_axe(page) == [], f"axe at {PHONE['width']} px on {path}"
            page.set_viewport_size({"width": 360, "height": 740})
            page.evaluate("document.documentElement.setAttribute('data-text-size', '200')")
            assert not has_horizontal_scroll(page), f"{path} scrolls sideways at 360 px"
    assert console_errors == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_printed_guide_page_keeps_the_text_and_drops_the_navigation(page):
    page.goto("/guide/health/")
    page.emulate_media(media="print")
    assert page.get_by_role("heading", level=1, name="Health").is_visible()
    assert page.locator(".site-nav").is_hidden()
    assert page.locator(".guide-nav").is_hidden()
    # Printed links carry their address, so the sources still work on paper.
    after = page.evaluate(
        """() => getComputedStyle(
             document.querySelector('main a[href^="https://wwwnc.cdc.gov"]'), '::after'
           ).content"""
    )
    assert "wwwnc.cdc.gov" in after


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_advisory_warnings_are_accessible_in_light_and_dark(page, subtests):
    for code, level in [("HT", 4), ("PE", 3)]:
        TravelAdvisoryFactory(
            country=code, level=level, headline=f"Level {level}", issued=datetime.date(2025, 7, 1)
        )
        elective = PublishedElectiveFactory(country=code, title=f"Elective in {code}")
        for scheme in ["light", "dark"]:
            with subtests.test(msg=f"level {level}, {scheme}"):
                page.emulate_media(color_scheme=scheme)
                page.goto(elective.get_absolute_url())
                assert page.locator(".advisory-alert").inner_text().startswith("Warning:")
                assert run_axe(page) == []
