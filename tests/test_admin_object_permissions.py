"""A sponsor editor reaches only their own sponsor's objects in the admin, on every page.

Every registered admin is driven as a sponsor editor for every object out of their reach
(another sponsor's profile, electives and debriefs, every debrief link, and the rows of
the curators' own models): its change, history, each version's revert and delete pages,
by GET and by POST, its actions and the autocomplete widgets. Each must refuse (403, 404,
or back to the admin's index or the login page), show none of it, and change nothing.
"""

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from curation.models import VerificationRequest
from debriefs.models import Debrief, DebriefLink
from electives.models import Elective, Language, Organization, Specialty
from guide.models import Resource
from mail.models import OutgoingMail
from residents.models import ProblemReport, Suggestion
from tests.admin_forms import as_posted
from tests.factories import (
    AlertFactory,
    CuratorFactory,
    DraftElectiveFactory,
    OrganizationFactory,
    PublishedDebriefFactory,
    PublishedElectiveFactory,
    SponsorEditorFactory,
    TravelAdvisoryFactory,
)

pytestmark = pytest.mark.django_db

SECRET = "andes-private-words"
HACKED = "Changed by another sponsor"


def hacked(form):
    """The form as shown, its free text replaced: a change anyone would see."""
    texts = {"name", "title", "description", "text", "reply", "note", "summary", "message"}
    return as_posted(form, **{name: HACKED for name in form.fields if name in texts})


@pytest.fixture
def world():
    ours = OrganizationFactory(name="Lakeside Health Partners")
    theirs = OrganizationFactory(
        name="Andes Community Clinics",
        description=f"Our profile ({SECRET}).",
        website="https://andes.example.org/",
        contact="Dr. Rosa Quispe",
    )
    theirs.description = f"Our profile, updated ({SECRET})."
    theirs.save()
    our_elective = PublishedElectiveFactory(organization=ours, title="Ours in Kisumu")
    # An elective that was ours once: its old versions name us, today it is theirs.
    moved = PublishedElectiveFactory(organization=ours, title=f"Moved to Andes {SECRET}")
    moved.organization = theirs
    moved.save()
    their_elective = PublishedElectiveFactory(organization=theirs, title=f"Cusco {SECRET}")
    their_draft = DraftElectiveFactory(organization=theirs, title=f"Draft {SECRET}")
    our_debrief = PublishedDebriefFactory(elective=our_elective, text="Kind colleagues.")
    in_review = PublishedDebriefFactory(elective=our_elective, status="in-review")
    their_debrief = PublishedDebriefFactory(elective=their_elective, text=f"Debrief {SECRET}")
    our_link = DebriefLink.objects.create(
        elective=our_elective,
        email="resident@example.org",
        note=f"Went in March {SECRET}",
        debrief=our_debrief,
        sent_at=timezone.now(),
        used_at=timezone.now(),
    )
    their_link = DebriefLink.objects.create(elective=their_elective, email="r2@example.org")
    verification = VerificationRequest.objects.create(organization=theirs, email="a@example.org")
    verification.electives.set([their_elective])
    Resource.objects.create(
        title="CDC",
        url="https://wwwnc.cdc.gov/travel",
        description="Vaccines.",
        topic="travel-health",
    )
    TravelAdvisoryFactory()
    OutgoingMail.objects.create(template="x", to=["a@example.org"], subject="s", text="t")
    ProblemReport.objects.create(elective=their_elective, kind="other", message=SECRET)
    Suggestion.objects.create(
        elective=their_draft, submitter_name="Dr. A", submitter_email="a@example.org"
    )
    AlertFactory(query="country=KE")
    curator = CuratorFactory(username="curator")
    editor = SponsorEditorFactory(username="lakeside-editor", organizations=[ours])
    return {
        "ours": ours,
        "theirs": theirs,
        "moved": moved,
        "their_elective": their_elective,
        "our_debrief": our_debrief,
        "in_review": in_review,
        "their_debrief": their_debrief,
        "links": [our_link, their_link],
        "curator": curator,
        "editor": editor,
        # What the editor may open: their own, and the shared vocabulary (read only).
        "reachable": {ours, our_elective, our_debrief},
        "read_only": (Specialty, Language),
    }


def registered():
    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def everything(model_admin):
    """The history records too, so that a revert that changed nothing is still caught."""
    model = model_admin.model
    rows = list(model._default_manager.order_by("pk").values())
    if isinstance(model_admin, SimpleHistoryAdmin):
        rows += list(model.history.order_by("pk").values())
    return rows


def snapshot():
    return {model._meta.label: everything(model_admin) for model, model_admin in registered()}


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def pages(model_admin, obj):
    """(name, URL) of every page of one object: change, history, delete, each revert."""
    model = model_admin.model
    found = [(view, url(model, view, obj.pk)) for view in ("change", "history", "delete")]
    if isinstance(model_admin, SimpleHistoryAdmin):
        for version in model.history.filter(pk=obj.pk):
            found.append(("revert", url(model, "simple_history", obj.pk, version.history_id)))
    return found


def refused(response):
    if response.status_code in (403, 404):
        return True
    if response.status_code == 302:
        return response["Location"].split("?")[0] in (
            reverse("admin:index"),
            reverse("admin:login"),
        )
    return False


def out_of_reach(world):
    for model, model_admin in registered():
        objects = model._default_manager.order_by("pk")
        # The shared vocabulary's rows are alike: one of each is enough.
        for obj in objects[:1] if model in world["read_only"] else objects:
            if obj not in world["reachable"] and obj != world["editor"]:
                yield model, model_admin, obj


def test_every_page_of_what_is_not_theirs_refuses_a_sponsor_editor(client, world):
    curator = client.__class__()
    curator.force_login(world["curator"])
    client.force_login(world["editor"])
    before = snapshot()
    failures = []
    for model, model_admin, obj in out_of_reach(world):
        read_only = model in world["read_only"]
        for view, address in pages(model_admin, obj):
            if not read_only:
                page = client.get(address)
                if not refused(page) or SECRET in page.text:
                    failures.append(f"GET {address}: {page.status_code}")
            if view == "history":
                continue  # a list, with nothing to send
            shown = curator.get(address)
            form = shown.context and shown.context.get("adminform")
            data = hacked(form.form) if form else {"post": "yes"}
            answer = client.post(address, data)
            if not refused(answer):
                failures.append(f"POST {address}: {answer.status_code}")
    assert not failures, "\n".join(failures)
    assert snapshot() == before


def test_their_objects_are_in_no_list_search_or_action(client, world):
    client.force_login(world["editor"])
    before = snapshot()
    for model, model_admin in registered():
        try:
            changelist = url(model, "changelist")
        except NoReverseMatch:
            continue
        listing = client.get(changelist, {"q": "private-words"})
        assert SECRET not in listing.text, changelist
        mine = [obj.pk for m, _, obj in out_of_reach(world) if m is model]
        actions = [*(model_admin.actions or []), "delete_selected"]
        for action in actions:
            client.post(
                changelist,
                {
                    "action": action,
                    "_selected_action": mine,
                    "index": "0",
                    "apply": "1",
                    "post": "yes",
                    "organization": world["ours"].pk,
                },
            )
    export = client.get(url(Elective, "export"))
    assert export.status_code == 200 and SECRET not in export.content.decode()
    # The review queue and its decisions, and the import, are the curators'.
    for address in [url(Elective, "review"), url(Elective, "import")]:
        assert refused(client.get(address)), address
    for address in [
        url(Elective, "decide", world["their_elective"].pk),
        url(Debrief, "decide", world["in_review"].pk),
        url(Debrief, "decide", world["their_debrief"].pk),
    ]:
        assert refused(client.post(address, {"decision": "reject", "note": "x"})), address
    assert snapshot() == before


def autocomplete(client, model_admin, field_name, term=""):
    opts = model_admin.model._meta
    params = {"app_label": opts.app_label, "model_name": opts.model_name}
    return client.get(
        reverse("admin:autocomplete"), {**params, "field_name": field_name, "term": term}
    )


def test_no_autocomplete_offers_what_is_not_theirs(client, world):
    client.force_login(world["editor"])
    hidden = {
        (model, str(obj.pk))
        for model, _, obj in out_of_reach(world)
        if model not in world["read_only"]
    }
    asked = 0
    for model, model_admin in registered():
        for field_name in model_admin.autocomplete_fields:
            remote = model._meta.get_field(field_name).related_model
            response = autocomplete(client, model_admin, field_name)
            if response.status_code != 200:
                assert refused(response)
                continue
            asked += 1
            offered = {(remote, result["id"]) for result in response.json()["results"]}
            assert not offered & hidden, (model, field_name)
            assert SECRET not in response.text
    assert asked >= 4  # the elective's sponsor, specialties, languages; a link's elective


def test_view_on_site_does_not_lead_to_what_is_not_theirs(client, world):
    """The admin's "view on site" redirect names the page (a draft's slug): it answers for
    what the user may see in the admin, nothing else."""
    client.force_login(world["editor"])
    asked = 0
    for model, _, obj in out_of_reach(world):
        if hasattr(obj, "get_absolute_url"):
            content_type = ContentType.objects.get_for_model(model)
            response = client.get(reverse("admin:view_on_site", args=[content_type.pk, obj.pk]))
            assert response.status_code == 404, obj
            asked += 1
    assert asked >= 3
    content_type = ContentType.objects.get_for_model(Organization)
    for user, organization in [(world["editor"], "ours"), (world["curator"], "theirs")]:
        client.force_login(user)
        address = reverse("admin:view_on_site", args=[content_type.pk, world[organization].pk])
        assert client.get(address).status_code == 302


def test_an_old_version_that_named_them_does_not_give_back_what_is_now_another_sponsors(
    client, world
):
    moved = world["moved"]
    client.force_login(world["editor"])
    ours_then = moved.history.earliest()
    assert ours_then.organization_id == world["ours"].pk
    address = url(Elective, "simple_history", moved.pk, ours_then.history_id)
    assert refused(client.get(address))
    data = {"title": "Taken back", "organization": world["ours"].pk, "status": "published"}
    assert refused(client.post(address, data))
    moved.refresh_from_db()
    assert moved.organization == world["theirs"]


def test_they_still_reach_their_own(client, world):
    client.force_login(world["editor"])
    for obj in world["reachable"]:
        response = client.get(url(type(obj), "change", obj.pk))
        assert response.status_code == 200, obj
    own = world["ours"]
    assert client.get(url(Organization, "history", own.pk)).status_code == 200


def test_a_view_only_model_cannot_be_reverted(client, world):
    """Sponsor editors may read specialties (for the autocomplete): reading a version is not
    a permission to save it."""
    specialty = Specialty.objects.get(slug="family-medicine")
    specialty.name = "Family Practice"
    specialty.save()
    first = specialty.history.earliest()
    client.force_login(world["editor"])
    address = url(Specialty, "simple_history", specialty.pk, first.history_id)
    assert client.post(address, {"name": HACKED, "slug": "family-medicine"}).status_code == 403
    specialty.refresh_from_db()
    assert specialty.name == "Family Practice"


def test_the_debrief_links_add_form_is_all_they_see(client, world):
    client.force_login(world["editor"])
    assert client.get(url(DebriefLink, "changelist")).status_code == 403
    index = client.get(reverse("admin:index")).text
    assert url(DebriefLink, "add") in index
    assert f'href="{url(DebriefLink, "changelist")}"' not in index
    for link in world["links"]:
        assert refused(client.get(url(DebriefLink, "change", link.pk)))
    response = client.post(
        url(DebriefLink, "add"),
        {"elective": world["our_debrief"].elective_id, "email": "next@example.org", "note": ""},
    )
    assert response.status_code == 302
    assert DebriefLink.objects.filter(email="next@example.org").exists()
    # The page after adding is the admin's index, not the list of links.
    assert response["Location"] == reverse("admin:index")


def test_revert_pages_answer_404_for_ids_that_name_no_row(client, world):
    client.force_login(world["curator"])
    elective = world["their_elective"]
    version = elective.history.first().history_id
    huge = str(2**64)
    for object_id, version_id in [
        ("a\x00b", version),
        ("abc", version),
        ("1.5", version),
        (huge, version),
        (elective.pk, "a\x00b"),
        (elective.pk, "abc"),
        (elective.pk, "1.5"),
        (elective.pk, huge),
    ]:
        address = f"/admin/electives/elective/{object_id}/history/{version_id}/"
        assert client.get(address).status_code == 404, (object_id, version_id)
        assert client.post(address, {"title": "x"}).status_code == 404, (object_id, version_id)
