"""The approval packet (/electives/<slug>/approval/, /shortlist/approval/): what a resident
hands to the program director and the GME office, dated like the plan.

The page is the same for every visitor, and cached, until the resident types their own
details into its form (a GET: name, program, PGY, dates, goals). Such an answer is made for
them alone: never stored in the page cache or any model, marked `private, no-store`, kept
out of the access log and out of other pages' Referer (web.private).
"""

from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from electives.advisories import cdc_url
from electives.cache import public_page
from electives.facts import elective_facts
from electives.models import Elective, TravelAdvisory
from web.private import keep_private

from . import plan, shortlist
from .forms import PlanForm, ResidentForm
from .views import private

# Each query parameter the shared packet reads (electives.cache.public_page); the
# resident's own details (ResidentForm) are never part of a cached page.
READS = {"start": False, "j1": False, "specialty": False}

# What the apps above residents add to each elective's facts (debriefs: what residents
# reported), from their AppConfig.ready(): (label, a function of the electives giving each
# one's text, "" for none), as residents.compare.EXTRA_ROWS.
REPORTED = []

# What the resident writes under "Educational rationale" when the form leaves it empty.
RATIONALE_PROMPTS = [
    "Learning goals and objectives for this elective",
    "How it fits your training and career plans",
    "How you will be supervised and evaluated",
    "How you will share what you learn on return",
]


def _one(request, slug):
    elective = get_object_or_404(
        Elective.objects.published()
        .select_related("organization")
        .prefetch_related("specialties", "languages"),
        slug=slug,
    )
    return packet(request, [elective], title=elective.title)


def _shared(request):
    try:
        slugs = shortlist.slugs_from_params(request.GET)
    except shortlist.NotASlug as error:
        return render(request, "residents/approval.html", {"problem": str(error)}, status=400)
    found = shortlist.resolve(slugs[: shortlist.MAX_ENTRIES])
    if not found.listed:
        context = {"problem": "None of these electives is listed: there is nothing to print."}
        return render(request, "residents/approval.html", context, status=400)
    count = len(found.listed)
    title = f"{count} elective{'s' if count != 1 else ''}"
    return packet(request, found.listed, title=title, found=found)


_cached_one = public_page(_one, READS)
_cached_shared = public_page(_shared, {"e": False, **READS})


def approval_packet(request, slug):
    if ResidentForm.typed_in(request.GET):
        return keep_private(request, _one(request, slug))
    return _cached_one(request, slug)


def shortlist_approval(request):
    """The packet of the saved electives: a visitor's own list is sent to its shareable
    address (`?e=`), so the packet itself depends on its URL alone and is cached."""
    if "e" in request.GET:
        if ResidentForm.typed_in(request.GET):
            return keep_private(request, _shared(request))
        return _cached_shared(request)
    slugs = shortlist.read(request)
    if not slugs:
        return private(redirect("residents:shortlist"))
    return private(redirect(reverse("residents:shortlist-approval") + "?e=" + ",".join(slugs)))


def packet(request, electives, *, title, found=None):
    """The packet's page for these electives (sponsor, specialties and languages loaded),
    dated from `?start=` as the plan is; 400 with the forms' messages for bad values."""
    form = PlanForm(request.GET)
    resident = ResidentForm(request.GET)
    valid = form.is_valid() & resident.is_valid()
    start = form.cleaned_data.get("start") if valid else None
    details = resident.cleaned_data if valid else {}
    rule = form.board_rule if valid else None
    advisories = {
        a.country.code: a
        for a in TravelAdvisory.objects.filter(country__in={e.country.code for e in electives})
    }
    reported = [[(label, text) for text in texts(electives)] for label, texts in REPORTED]
    entries = []
    for n, elective in enumerate(electives):
        advisory = advisories.get(elective.country.code)
        facts = elective_facts(elective, "approval")
        timeline = plan.checklist(
            elective,
            start,
            j1=valid and form.cleaned_data["j1"],
            advisory_level=advisory.level if advisory else None,
        )
        entries.append(
            {
                "elective": elective,
                "advisory": advisory,
                "timeline": timeline,
                "back": plan.return_date(elective, start),
                "cdc_url": cdc_url(elective.country.name),
                "facts": facts,
                "reported": [rows[n] for rows in reported if rows[n][1]],
                "stated": sum(fact.stated for fact in facts),
                "unstated": sum(not fact.stated for fact in facts),
                "concerns": rule.concerns(elective, details.get("pgy")) if rule else [],
                "share": _share(elective, details.get("program_pays")),
            }
        )
    context = {
        "title": title,
        "entries": entries,
        "form": form,
        "resident": resident,
        "details": details,
        "rule": rule,
        "start": start,
        "found": found,
        "prompts": RATIONALE_PROMPTS,
        "shared_slugs": ",".join(e.slug for e in electives) if found else "",
    }
    return render(request, "residents/approval.html", context, status=200 if valid else 400)


def _share(elective, program_pays):
    """The resident's share of the host's estimated total when the program pays part."""
    if program_pays is None or elective.total_cost_usd is None:
        return None
    return max(elective.total_cost_usd - program_pays, 0)
