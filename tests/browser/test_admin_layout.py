"""The curators' pages this workflow changed fit a 1,280 px screen without sideways scrolling."""

import datetime

import pytest
from django.utils import timezone

from electives.models import Elective
from tests.factories import (
    InReviewElectiveFactory,
    OrganizationFactory,
    PublishedElectiveFactory,
)
from tests.test_csv_import import make_csv

from .conftest import DESKTOP, ROOT, has_horizontal_scroll, widest_elements
from .pages import LONG_WORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def screenshot(page, name):
    """For a reviewer's eyes: bench/out/ (not committed)."""
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=out / name, full_page=True)


def test_elective_list_shows_the_triage_columns_at_1280_px(signed_in, live_server):
    today = timezone.localdate()
    # Long titles and sponsor names, a long unbroken word among them (the admin gives
    # foreign keys `white-space: nowrap`): they must wrap, not push Deadline off screen.
    sponsor = OrganizationFactory(name=f"{LONG_WORD} Community Hospital Partnership")
    for n in range(5):
        PublishedElectiveFactory(
            title=f"Internal Medicine and Tropical Diseases Elective at {LONG_WORD} {n}",
            organization=sponsor,
            deadline=today - datetime.timedelta(days=n),
            last_verified=today - datetime.timedelta(days=400),
        )
    page = signed_in
    page.goto(live_server.url + "/admin/electives/elective/")
    assert not has_horizontal_scroll(page), widest_elements(page)
    for column in ("status", "deadline_status", "verified_age", "link_flag"):
        header = page.locator(f"th.column-{column}")
        box = header.bounding_box()
        assert box and box["x"] + box["width"] <= DESKTOP["width"], column
    screenshot(page, "admin-electives-1280.png")


def test_dashboard_and_review_queue_fit_1280_px(signed_in, live_server):
    InReviewElectiveFactory(title="Waiting for review")
    page = signed_in
    for path in ("/admin/", "/admin/electives/elective/review/"):
        page.goto(live_server.url + path)
        assert not has_horizontal_scroll(page), (path, widest_elements(page))
        screenshot(page, f"admin-{path.strip('/').replace('/', '-')}-1280.png")
    assert page.get_by_role("button", name="Publish").is_visible()


def test_a_curator_previews_an_upload_then_applies_it_without_choosing_it_again(
    signed_in, live_server, tmp_path
):
    OrganizationFactory(name="Northfield Health Partners")
    PublishedElectiveFactory(slug="moved", title="Moved", cost_usd=900)
    path = tmp_path / "electives.csv"
    # No specialties or languages: an earlier browser test's flush may have removed the
    # ones the migrations load.
    plain = {"specialties": "", "languages": ""}
    rows = [{**plain, "slug": f"new-{n}", "title": f"Imported elective {n}"} for n in range(3)]
    rows.append({**plain, "slug": "moved", "title": "Moved", "cost_usd": "0"})
    rows.append({**plain, "organization": "Northfeld Health Partners", "slug": "misspelt"})
    path.write_text(make_csv(*rows), encoding="utf-8")
    page = signed_in
    page.goto(live_server.url + "/admin/electives/elective/import-csv/")
    page.get_by_label("CSV file").set_input_files(path)
    with page.expect_navigation():
        page.get_by_role("button", name="Check the file").click()
    assert not has_horizontal_scroll(page), widest_elements(page)
    screenshot(page, "admin-import-preview-1280.png")
    table = page.locator("#import-preview")
    assert table.locator("tr.import-create").count() == 3
    assert "cost_usd: 900 → 0" in table.locator("tr.import-update").inner_text()
    assert (
        'did you mean "Northfield Health Partners"'
        in table.locator("tr.import-refuse").inner_text()
    )
    assert page.get_by_role("button", name="Apply: import this file").count() == 0

    # Fixed: the misspelt row goes; the same file then applies in one step.
    path.write_text(make_csv(*rows[:4]), encoding="utf-8")
    page.get_by_label("CSV file").set_input_files(path)
    with page.expect_navigation():
        page.get_by_role("button", name="Check the file").click()
    page.get_by_role("button", name="Apply: import this file").click()
    page.wait_for_url("**/admin/electives/elective/")
    assert (
        "Imported: 3 created, 1 updated, 0 unchanged." in page.locator(".messagelist").inner_text()
    )
    assert Elective.objects.filter(slug__startswith="new-").count() == 3
    assert Elective.objects.get(slug="moved").cost_usd == 0
