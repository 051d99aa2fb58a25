"""The curators' dashboard, review queue and import preview in a real browser: no axe
violations and no sideways scrolling at 1,280 and 390 px; screenshots of each in
bench/out/ for a reviewer's eyes."""

import datetime

from django.utils import timezone

from debriefs.models import DebriefLink
from mail.models import Notice
from tests.factories import (
    DebriefFactory,
    InReviewElectiveFactory,
    OrganizationFactory,
    PublishedElectiveFactory,
    SpecialtyFactory,
    UserFactory,
)
from tests.test_csv_import import make_csv
from web.models import JobRun

from .conftest import (
    BROWSER,
    DESKTOP,
    PHONE,
    has_horizontal_scroll,
    require_tools,
    run_axe,
    widest_elements,
)
from .test_admin_layout import screenshot
from .test_html_valid import check_html

pytestmark = BROWSER


def check_both_widths(page, name):
    assert not has_horizontal_scroll(page), widest_elements(page)
    assert run_axe(page) == [], f"axe at {DESKTOP['width']} px on {name}"
    screenshot(page, f"{name}-1280.png")
    page.set_viewport_size(PHONE)
    assert run_axe(page) == [], f"axe at {PHONE['width']} px on {name}"
    assert not has_horizontal_scroll(page), widest_elements(page)
    screenshot(page, f"{name}-390.png")
    page.set_viewport_size(DESKTOP)


def test_the_dashboard_counts_waiting_work_and_shows_a_late_job(signed_in, live_server):
    elective = PublishedElectiveFactory(title="Rural Family Medicine in Kisumu")
    InReviewElectiveFactory(title="Waiting for review")
    DebriefLink.objects.create(
        elective=elective, email="r@example.org", requested_at=timezone.now()
    )
    Notice.objects.create(template="report_received", what="Broken link: Kisumu", url="/admin/")
    JobRun.objects.create(
        job="send_queued_mail",
        started_at=timezone.now() - datetime.timedelta(hours=5),
        finished_at=timezone.now() - datetime.timedelta(hours=5),
        result=JobRun.Result.SUCCESS,
    )
    JobRun.objects.create(
        job="check_links",
        started_at=timezone.now(),
        finished_at=timezone.now(),
        result=JobRun.Result.FAILURE,
        error="OSError: no route to host",
    )
    page = signed_in
    page.goto(live_server.url + "/admin/")
    dashboard = page.locator("#curator-dashboard").inner_text()
    assert "Debrief links requested, waiting for approval\t1" in dashboard
    assert "Unread notices\t1" in dashboard
    jobs = page.locator("#scheduled-jobs").inner_text()
    assert "send_queued_mail has not run since" in jobs
    assert "check_links failed" in jobs and "no route to host" in jobs
    check_both_widths(page, "admin-dashboard")
    page.get_by_role("link", name="Unread notices").click()
    assert "Broken link: Kisumu" in page.locator("#result_list").inner_text()


def test_the_queue_shows_the_consequence_of_each_button(signed_in, live_server):
    InReviewElectiveFactory(title="Waiting for review")
    # Its own specialty: an earlier transactional test's flush may have removed the seeded.
    surgery = SpecialtyFactory(name="Surgery", slug="general-surgery-browser")
    DebriefFactory(elective=PublishedElectiveFactory(title="Surgery in Moshi"), specialty=surgery)
    page = signed_in
    page.goto(live_server.url + "/admin/electives/elective/review/")
    publish = page.get_by_role("button", name="Publish", exact=True)
    archive = page.get_by_role("button", name="Archive Waiting for review")
    colours = [
        b.evaluate("el => getComputedStyle(el).backgroundColor")
        for b in (
            publish,
            page.get_by_role("button", name="Send back with the note").first,
            archive,
        )
    ]
    assert len(set(colours)) == 3, colours  # primary, secondary and destructive differ
    # Archive stands apart, at the row's end.
    assert archive.bounding_box()["x"] > publish.bounding_box()["x"] + 200
    check_both_widths(page, "admin-review-queue")
    publish.focus()
    assert publish.evaluate("el => getComputedStyle(el).outlineStyle") != "none"


def test_the_import_preview_numbers_rows_and_shows_old_and_new(signed_in, live_server, tmp_path):
    OrganizationFactory(name="Northfield Health Partners")
    PublishedElectiveFactory(slug="moved", title="Moved", cost_usd=900)
    plain = {"specialties": "", "languages": ""}
    path = tmp_path / "electives.csv"
    path.write_text(
        make_csv(
            {**plain, "slug": "new-1", "description": "One.\n\nTwo.\nThree."},
            {**plain, "slug": "moved", "title": "Moved", "cost_usd": "0"},
            {**plain, "slug": "bad", "country": "ZZ", "weeks_min": "8", "weeks_max": "4"},
        ),
        encoding="utf-8",
    )
    page = signed_in
    page.goto(live_server.url + "/admin/electives/elective/import-csv/")
    page.get_by_label("CSV file").set_input_files(path)
    with page.expect_navigation():
        page.get_by_role("button", name="Check the file").click()
    errors = page.locator("#import-errors").inner_text()
    assert "row 4 (line 7): country must be" in errors
    assert "The longest stay must be at least the shortest stay." in errors
    # On a phone the preview's table scrolls inside its box, not the page.
    check_both_widths(page, "admin-import-preview")


def test_the_curators_new_pages_are_valid_html(client, tmp_path):
    require_tools(java=True)
    client.force_login(UserFactory(username="ana", is_staff=True, is_superuser=True))
    elective = PublishedElectiveFactory(title="Rural Family Medicine in Kisumu")
    InReviewElectiveFactory(title="Waiting for review")
    Notice.objects.create(template="report_received", what="Broken link: Kisumu", url="/admin/")
    approval = {"action": "set_approval_facts_of_electives", "_selected_action": [elective.pk]}
    chosen = {"chosen": ["letter_of_agreement"], "letter_of_agreement": "yes"}
    upload = tmp_path / "electives.csv"
    upload.write_text(make_csv({"country": "ZZ"}), encoding="utf-8")
    with upload.open("rb") as file:
        preview = client.post("/admin/electives/elective/import-csv/", {"file": file})
    pages = {
        "dashboard": client.get("/admin/"),
        "queue": client.get("/admin/electives/elective/review/"),
        "electives": client.get("/admin/electives/elective/"),
        "sponsors": client.get("/admin/electives/organization/"),
        "notices": client.get("/admin/mail/notice/"),
        "job-runs": client.get("/admin/web/jobrun/"),
        "import-preview": preview,
        "approval-form": client.post("/admin/electives/elective/", approval),
        "approval-preview": client.post(
            "/admin/electives/elective/", {**approval, **chosen, "preview": "1"}
        ),
    }
    files = {}
    for name, response in pages.items():
        assert response.status_code == 200, name
        files[name] = tmp_path / f"{name}.html"
        files[name].write_bytes(response.content)
    errors = check_html(files.values())
    assert {name: errors[str(path)] for name, path in files.items() if errors[str(path)]} == {}
