"""The resident tools in a real browser: the shortlist's Save buttons with and without
JavaScript, and the forms' error state checked by axe at both widths."""

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


def test_save_without_javascript_returns_to_the_page(browser, base_url, directory):
    context = browser.new_context(java_script_enabled=False, base_url=base_url)
    page = context.new_page()
    page.goto("/electives/?country=KE")
    with page.expect_navigation():
        page.get_by_role("button", name="Save Rural Family Medicine in Kisumu").click()
    assert page.url.endswith("/electives/?country=KE")
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
