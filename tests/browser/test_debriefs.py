"""Debriefs as people see them: the elective's page with its debriefs, and the review
queue with one waiting (screenshots in bench/out/ for a reviewer's eyes)."""

import pytest

from tests.factories import DebriefFactory

from .conftest import BROWSER, DESKTOP, PHONE, ROOT, has_horizontal_scroll, widest_elements
from .pages import DETAIL_SLUG, seed_directory

pytestmark = BROWSER


def screenshot(page, name):
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=out / name, full_page=True)


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_detail_page_shows_its_debriefs(page, size):
    seed_directory()
    page.set_viewport_size(size)
    page.goto(f"/electives/{DETAIL_SLUG}/")
    section = page.locator("#debriefs")
    assert "2 debriefs; 1 of 2 would go again; reported total cost $2,400 (1 said)." in (
        section.inner_text()
    )
    assert section.locator("article").count() == 2
    assert "More than 3 years ago" in section.locator("article").nth(1).inner_text()
    assert not has_horizontal_scroll(page), widest_elements(page)
    section.scroll_into_view_if_needed()
    screenshot(page, f"debriefs-detail-{size['width']}.png")


def test_the_review_queue_shows_a_waiting_debrief(signed_in, live_server):
    page = signed_in
    seed_directory()
    DebriefFactory(
        text="Waiting: the wards were short of gloves.",
        safety_incident=True,
        safety_details="A minor road accident.",
    )
    page.goto(live_server.url + "/admin/electives/elective/review/")
    assert "Waiting: the wards were short of gloves." in page.content()
    assert page.get_by_role("button", name="Publish the debrief").is_visible()
    assert not has_horizontal_scroll(page), widest_elements(page)
    screenshot(page, "debriefs-review-queue-1280.png")
