"""The resident tools in a real browser: the shortlist's Save buttons with and without
JavaScript, and the forms' error state checked by axe at both widths."""

import pytest
from playwright.sync_api import expect

from .conftest import BROWSER, DESKTOP, PHONE, run_axe
from .pages import DETAIL_SLUG

pytestmark = BROWSER


def saved_cookie(context):
    return {c["name"]: c["value"] for c in context.cookies()}.get("shortlist_saved")


def test_save_with_javascript_stays_on_the_page(page, directory, console_errors):
    page.goto("/electives/?country=KE")
    page.evaluate("window.sameDocument = true")
    card = page.locator("article.elective-card").filter(has_text="Rural Family Medicine in Kisumu")
    button = card.get_by_role("button", name="Save Rural Family Medicine in Kisumu")
    button.click()
    expect(
        card.get_by_role("button", name="Saved, remove Rural Family Medicine in Kisumu")
    ).to_be_visible()
    status = page.locator("#shortlist-status[role=status]")
    expect(status).to_have_text("Saved to your shortlist.")
    assert page.evaluate("window.sameDocument"), "the page reloaded"
    assert saved_cookie(page.context) == DETAIL_SLUG

    # Another page shows the same elective as saved, from the cookie.
    page.goto(f"/electives/{DETAIL_SLUG}/")
    expect(
        page.get_by_role("button", name="Saved, remove Rural Family Medicine in Kisumu")
    ).to_be_visible()
    page.goto("/shortlist/")
    expect(page.get_by_role("heading", name="Rural Family Medicine in Kisumu")).to_be_visible()

    # And the button takes it off again.
    page.goto("/electives/?country=KE")
    card.get_by_role("button", name="Saved, remove Rural Family Medicine in Kisumu").click()
    expect(card.get_by_role("button", name="Save Rural Family Medicine in Kisumu")).to_be_visible()
    expect(status).to_have_text("Removed from your shortlist.")
    assert saved_cookie(page.context) is None
    assert console_errors == []


def test_save_without_javascript_returns_to_the_card_and_shows_it_saved(
    browser, base_url, directory
):
    context = browser.new_context(java_script_enabled=False, base_url=base_url, viewport=PHONE)
    page = context.new_page()
    page.goto("/electives/?country=KE&sort=title")  # Kisumu's card second, off screen
    card = page.locator("article.elective-card").filter(has_text="Rural Family Medicine in Kisumu")
    with page.expect_navigation():
        card.get_by_role("button", name="Save Rural Family Medicine in Kisumu").click()
    assert page.url.endswith(f"/electives/?country=KE&sort=title#elective-{DETAIL_SLUG}")
    assert page.evaluate("scrollY") > 0
    expect(card.get_by_role("heading", name="Rural Family Medicine in Kisumu")).to_be_in_viewport()
    expect(card.get_by_role("button", name="Saved Rural Family Medicine in Kisumu")).to_be_visible()
    expect(card.get_by_text("Saved to your shortlist.")).to_be_in_viewport()
    # Only that card: the page is the one everyone gets, the fragment alone marks it.
    expect(page.get_by_role("button", name="Saved", exact=False)).to_have_count(1)
    expect(page.get_by_text("Saved to your shortlist.").filter(visible=True)).to_have_count(1)

    page.goto("/shortlist/")
    expect(page.get_by_role("heading", name="Rural Family Medicine in Kisumu")).to_be_visible()
    # Compare needs two: the page explains.
    page.get_by_label("Compare Rural Family Medicine in Kisumu").check()
    page.get_by_role("button", name="Compare selected").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose 2 to 4 electives")
    context.close()


def test_refused_forms_are_accessible(page, directory, console_errors):
    for path in ("/suggest/", f"/electives/{DETAIL_SLUG}/report/"):
        page.set_viewport_size(DESKTOP)
        page.goto(path)
        page.locator("main form button[type=submit]").last.click()
        expect(page.get_by_role("alert")).to_contain_text("Your form was not sent")
        assert run_axe(page) == [], f"axe at {DESKTOP['width']} px on {path} with errors"
        page.set_viewport_size(PHONE)
        assert run_axe(page) == [], f"axe at {PHONE['width']} px on {path} with errors"
    assert console_errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["/electives/?country=KE", f"/electives/{DETAIL_SLUG}/"])
def test_the_saved_state_is_readable(browser, base_url, directory, scheme, path):
    """axe sees a state drawn after a click only if the click comes first."""
    context = browser.new_context(base_url=base_url, color_scheme=scheme)
    page = context.new_page()
    page.goto(path)
    page.get_by_role("button", name="Save Rural Family Medicine in Kisumu").click()
    expect(page.get_by_role("button", name="Saved, remove Rural Family Medicine")).to_be_visible()
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        assert run_axe(page) == [], f"axe at {viewport['width']} px, saved, {scheme}"

    # As a browser without JavaScript shows it after a Save (axe itself needs JavaScript).
    page.goto(f"{path}#elective-{DETAIL_SLUG}")
    page.evaluate("document.documentElement.classList.remove('js')")
    expect(page.get_by_role("button", name="Saved Rural Family Medicine in Kisumu")).to_be_visible()
    expect(page.locator(".saved-note").filter(visible=True)).to_have_text(
        "Saved to your shortlist. See your shortlist"
    )
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        assert run_axe(page) == [], f"axe at {viewport['width']} px, saved without JS, {scheme}"
    context.close()


def test_on_the_shortlist_viewing_is_the_main_action_and_remove_is_secondary(page, directory):
    page.goto("/electives/?country=KE")
    page.get_by_role("button", name="Save Rural Family Medicine in Kisumu").click()
    expect(page.get_by_role("button", name="Saved, remove Rural Family Medicine")).to_be_visible()
    page.goto("/shortlist/")
    view = page.get_by_role("link", name="View details of Rural Family Medicine in Kisumu")
    remove = page.get_by_role("button", name="Remove Rural Family Medicine in Kisumu")
    paper = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
    background = "el => getComputedStyle(el).backgroundColor"
    assert remove.evaluate(background) == paper, "Remove is drawn as a main button"
    assert view.evaluate(background) not in (paper, "rgba(0, 0, 0, 0)")
    view.click()
    page.wait_for_url(f"**/electives/{DETAIL_SLUG}/")
