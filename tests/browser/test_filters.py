"""The filter form: a plain GET form without JavaScript; live results with it."""

from playwright.sync_api import expect

from .conftest import BROWSER, PHONE

pytestmark = BROWSER

RESEARCH = "#filters input[name=category][value=research]"


def results_text(page):
    return page.locator("#results").inner_text()


def test_without_javascript_the_form_submits_and_filters(browser, base_url, directory):
    context = browser.new_context(java_script_enabled=False, base_url=base_url)
    page = context.new_page()
    page.goto("/electives/")
    assert "Clinical Elective in Hanoi" in results_text(page)

    page.check(RESEARCH)
    with page.expect_navigation():
        page.locator("#filters").get_by_role("button", name="Show electives").click()

    assert "category=research" in page.url
    text = results_text(page)
    assert "Malaria Research Fellowship" in text
    assert "Clinical Elective in Hanoi" not in text
    assert page.locator(RESEARCH).is_checked()
    context.close()


def test_with_javascript_a_change_updates_results_and_url_without_reloading(
    page, directory, console_errors
):
    page.goto("/electives/")
    kenya = page.locator("#filters label").filter(has=page.locator("input[value=KE]"))
    expect(kenya).to_contain_text("(2)")
    page.evaluate("window.sameDocument = true")
    page.evaluate("window.firstResults = document.getElementById('results')")
    entries = page.evaluate("history.length")

    page.check(RESEARCH)
    page.wait_for_url("**/electives/?category=research")
    expect(page.locator("#results")).to_contain_text("Malaria Research Fellowship")
    expect(page.locator("#results")).not_to_contain_text("Clinical Elective in Hanoi")
    assert page.evaluate("window.sameDocument"), "the page reloaded"
    assert page.evaluate("!window.firstResults.isConnected"), "#results was not replaced"
    assert page.evaluate("history.length") == entries + 1
    # Facet counts follow: Kenya has two electives, one of them research.
    expect(kenya).to_contain_text("(1)")
    expect(page.locator(RESEARCH)).to_be_focused()
    # The new count reaches screen readers through a live region that was already there.
    expect(page.get_by_role("main").get_by_role("status")).to_have_text("1 elective")

    # Back restores the unfiltered results and the form, still without a reload.
    page.go_back()
    page.wait_for_url("**/electives/")
    expect(page.locator("#results")).to_contain_text("Clinical Elective in Hanoi")
    expect(page.locator(RESEARCH)).not_to_be_checked()
    assert page.evaluate("window.sameDocument")
    assert console_errors == []


def test_the_shared_url_of_a_live_filter_opens_the_same_results(page, directory):
    page.goto("/electives/")
    page.check(RESEARCH)
    page.wait_for_url("**category=research")
    live = results_text(page)
    page.goto(page.url)  # as someone opening the shared address would
    assert results_text(page) == live


def test_keyboard_alone_reaches_the_filters_and_then_the_results(page, directory):
    page.goto("/electives/")

    def tab_until(predicate, limit=120):
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate(predicate):
                return True
        return False

    assert tab_until("document.activeElement.matches('input[name=category][value=research]')")
    page.keyboard.press("Space")
    page.wait_for_url("**category=research")
    assert page.evaluate("document.activeElement.matches('input[name=category]')"), (
        "focus left the checkbox while the results changed"
    )
    assert tab_until("document.getElementById('results').contains(document.activeElement)")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip(), "the first stop in the results has no text"


def test_removing_a_chip_updates_results_and_form_in_place(page, directory):
    page.goto("/electives/?category=research&country=KE")
    page.evaluate("window.sameDocument = true")
    page.get_by_role("link", name="Remove filter: Kenya").click()
    page.wait_for_url("**/electives/?category=research")
    expect(page.locator("#filters input[name=country][value=KE]")).not_to_be_checked()
    expect(page.locator(RESEARCH)).to_be_checked()
    expect(page.get_by_role("link", name="Remove filter: Kenya")).to_have_count(0)
    # The chip had focus and is gone: focus moves to the results, not to the page top.
    assert page.evaluate("document.activeElement.id") == "results"
    assert page.evaluate("window.sameDocument")


def test_on_a_phone_the_count_and_show_results_stay_in_sight(page, directory):
    page.set_viewport_size(PHONE)
    page.goto("/electives/")
    page.locator(".filter-panel > summary").click()
    bar = page.locator("#filters .filter-actions")
    button = bar.get_by_role("button")
    total = page.locator(".filter-count strong").inner_text()
    expect(button).to_have_text(f"Show {total} results")
    # Scrolled to the top of the long panel, the bar is still at the foot of the screen.
    page.locator("#id_q").scroll_into_view_if_needed()
    box = bar.bounding_box()
    assert box and box["y"] + box["height"] <= PHONE["height"] + 1 and box["y"] > 0
    expect(bar).to_be_in_viewport()

    # A live change updates the promise; the button brings the results up.
    page.check(RESEARCH)
    page.wait_for_url("**category=research")
    expect(page.locator("#filters .filter-actions button")).to_have_text("Show 1 result")
    expect(page.locator("#filters .filter-actions")).to_be_in_viewport()
    page.locator("#filters .filter-actions button").click()
    expect(page.locator("#results")).to_be_focused()
    expect(page.locator("#results .results-count")).to_be_in_viewport()
    expect(page.locator("#filters")).to_be_hidden()  # the panel closed to show them


def test_a_live_change_is_announced_by_a_region_that_was_there_from_the_start(page, directory):
    page.goto("/electives/")
    status = page.locator("#results-status")
    expect(status).to_have_attribute("role", "status")
    expect(status).to_have_text("")
    page.evaluate("window.region = document.getElementById('results-status')")
    page.check(RESEARCH)
    page.wait_for_url("**category=research")
    expect(status).to_have_text("1 elective")
    assert page.evaluate("window.region === document.getElementById('results-status')")
