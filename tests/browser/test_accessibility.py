"""Every public page: one h1, the landmarks and a working skip link; no axe-core
violations (WCAG 2.2 AA and best practice) at desktop and phone widths; no horizontal
scrolling at 360 px even with the text at 200%; and no console errors (so nothing the
Content-Security-Policy blocked)."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import BROWSER, DESKTOP, PHONE, has_horizontal_scroll, run_axe, widest_elements
from .pages import PAGES

pytestmark = BROWSER


@pytest.mark.parametrize("name", PAGES)
def test_page_is_accessible_and_fits_a_phone(name, directory, page, console_errors):
    path, status = PAGES[name]
    response = page.goto(path)
    assert response.status == status, f"{path} answered {response.status}"

    assert page.locator("h1").count() == 1, f"one h1 on {path}"
    for landmark in ("banner", "main", "contentinfo"):
        assert page.get_by_role(landmark).count() == 1, f"one {landmark} landmark on {path}"
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("el => el === document.activeElement"), f"skip link first on {path}"
    assert skip.is_visible(), f"the skip link is focused but hidden on {path}"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main", f"skip link on {path}"

    assert run_axe(page) == [], f"axe at {DESKTOP['width']} px on {path}"

    page.set_viewport_size(PHONE)
    assert run_axe(page) == [], f"axe at {PHONE['width']} px on {path}"

    page.set_viewport_size({"width": 360, "height": 740})
    assert not has_horizontal_scroll(page), f"{path} scrolls sideways at 360 px: " + ", ".join(
        widest_elements(page)
    )
    # The largest step of the text-size control, as textsize.js sets it.
    page.evaluate("document.documentElement.setAttribute('data-text-size', '200')")
    assert not has_horizontal_scroll(page), (
        f"{path} scrolls sideways at 360 px with 200% text: " + ", ".join(widest_elements(page))
    )
    assert console_errors == []


def test_filter_errors_are_tied_to_their_fields(directory, page):
    path, _ = PAGES["listing-invalid"]
    page.set_viewport_size(PHONE)
    page.goto(path)
    # On a phone the filter disclosure opens by itself to show what is wrong.
    pgy = page.get_by_label("Your PGY year")
    expect(pgy).to_be_visible()
    expect(pgy).to_have_attribute("aria-invalid", "true")
    expect(pgy).to_have_accessible_description(re.compile("whole number"))
    expect(page.get_by_role("group", name="Country")).to_have_accessible_description(
        re.compile("ZZ")
    )
    # The summary at the top of the results links to each field (an in-page link,
    # which the live-filtering script leaves alone).
    requests = []
    page.on("request", lambda request: "/electives/" in request.url and requests.append(request))
    page.get_by_role("link", name=re.compile("PGY")).first.click()
    expect(pgy).to_be_focused()
    assert requests == []
