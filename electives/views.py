from django.core.paginator import EmptyPage
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django_countries import countries

from electives.access import may_edit

from .advisories import cdc_url, state_department_url
from .cache import accepts_gzip, page_key
from .csv import ElectiveRecord, csv_download
from .filters import directory_filters
from .index import current_index
from .json_ld import elective_json_ld
from .listing import card, paginate, past_the_end, render_listing
from .models import (
    NEWEST_FIRST,
    Category,
    Elective,
    Organization,
    Status,
    TravelAdvisory,
    published,
)
from .regions import Region, region_of
from .worldmap import world_map

# --- The directory: one FilterSet behind the page, the JSON, the CSV (and the feed) ---


def invalid_filters_text(filters):
    """A 400 for the CSV and the feed: each problem on its own line."""
    lines = [
        f"{name}: {message}" for name, messages in filters.errors.items() for message in messages
    ]
    return HttpResponse(
        "The filters are not valid:\n" + "\n".join(lines) + "\n",
        status=400,
        content_type="text/plain; charset=utf-8",
    )


def elective_list(request):
    filters = directory_filters(request.GET)
    if not filters.is_valid():
        return render_listing(request, filters, page=None, status=400)
    try:
        # Cards come rendered from the listing's per-day cache; the table needs the rows.
        page = paginate(filters, each=card if filters.shown_as == "cards" else None)
    except EmptyPage:
        raise Http404(past_the_end(filters.page_number)) from None
    return render_listing(request, filters, page=page)


# What apps above this one add to each JSON result: (key, function of the page's slugs ->
# {slug: value}), registered in their AppConfig.ready() (debriefs: their summary). Each
# function answers for the whole page at once: constant queries whatever the page size.
RESULT_EXTRAS = []


def elective_api(request):
    filters = directory_filters(request.GET)
    if not filters.is_valid():
        errors = {name: list(messages) for name, messages in filters.errors.items()}
        return JsonResponse({"errors": errors}, status=400)
    try:
        page = paginate(filters, each=json_result)
    except EmptyPage:
        errors = {"page": [past_the_end(filters.page_number)]}
        return JsonResponse({"errors": errors}, status=404)
    slugs = [result["slug"] for result in page]
    extras = {key: about(slugs) for key, about in RESULT_EXTRAS}
    facets = {
        name: {option["value"]: option["count"] for option in options if option["count"]}
        for name, options in filters.facets().items()
    }
    return JsonResponse(
        {
            "count": page.paginator.count,
            "page": page.number,
            "pages": page.paginator.num_pages,
            "results": [
                {
                    **result,
                    "page_url": request.build_absolute_uri(result["page_url"]),
                    **{key: values[result["slug"]] for key, values in extras.items()},
                }
                for result in page
            ],
            "facets": facets,
        }
    )


def json_result(elective):
    """SPEC.md's JSON result: the CSV's typed record (but status), and page_url (a path
    here, which the view makes absolute: the result is kept for every host's requests)."""
    return {
        **ElectiveRecord.of(elective).as_json(),
        # Whether one can apply today: open, rolling, closed, or not-stated (not a column).
        "deadline_status": str(elective.deadline_status),
        # Facts nobody stated (Elective.unstated): their columns hold the defaults.
        "unstated": list(elective.unstated),
        "page_url": elective.get_absolute_url(),
    }


def elective_csv(request):
    filters = directory_filters(request.GET, paged=False)
    if not filters.is_valid():
        return invalid_filters_text(filters)
    return csv_download(
        filters.found.all_pks(), "electives.csv", key=page_key(), gzipped=accepts_gzip(request)
    )


# --- One elective ---


def elective_detail(request, slug):
    queryset = Elective.objects.select_related("organization").prefetch_related(
        "specialties", "languages"
    )
    elective = get_object_or_404(queryset, slug=slug)
    if elective.status == Status.ARCHIVED:
        context = {"elective": elective, "similar": similar_open(elective)}
        return render(request, "electives/elective_gone.html", context, status=410)
    preview = elective.status != Status.PUBLISHED
    if preview and not may_edit(request.user, elective):
        raise Http404("No elective is published at this address.")
    context = {
        "elective": elective,
        "preview": preview,
        "advisory": TravelAdvisory.objects.filter(country=elective.country).first(),
        "json_ld": None if preview else elective_json_ld(request, elective),
    }
    response = render(request, "electives/elective_detail.html", context)
    if preview:
        # A curator's preview must never be kept by a shared cache.
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
        response["X-Robots-Tag"] = "noindex"
    return response


def similar_open(elective, limit=5):
    """Open electives like an archived one: same country first, then same category."""
    return list(
        Elective.objects.published()
        .open_for_applications()
        .filter(Q(country=elective.country) | Q(category=elective.category))
        .exclude(pk=elective.pk)
        .annotate(
            same_country=Case(
                When(country=elective.country, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .for_listing()
        .order_by("-same_country", *NEWEST_FIRST)[:limit]
    )


# --- Sponsors and countries ---


def organization_list(request):
    organizations = (
        Organization.objects.annotate(published=Count("electives", filter=published("electives__")))
        .filter(published__gt=0)
        .order_by("name")
    )
    return render(request, "electives/organization_list.html", {"organizations": organizations})


def organization_detail(request, slug):
    organization = get_object_or_404(Organization, slug=slug)
    electives = list(organization.electives.published().for_listing().newest_first())
    if not electives:
        raise Http404("This sponsor has no published electives.")
    context = {"organization": organization, "electives": electives}
    return render(request, "electives/organization_detail.html", context)


def published_by_country():
    """({ISO2: published electives}, {ISO2: advisory level}) for the map and the list."""
    counts = current_index().counts("country")
    levels = dict(TravelAdvisory.objects.filter(country__in=counts).values_list("country", "level"))
    return counts, levels


def country_list(request):
    counts, levels = published_by_country()
    regions = {}
    for code, n in counts.items():
        regions.setdefault(region_of(code), []).append(
            {
                "code": code.lower(),
                "name": countries.name(code),
                "count": n,
                "advisory_level": levels.get(code),
            }
        )
    groups = [
        {"region": label, "countries": sorted(regions[value], key=lambda c: c["name"])}
        for value, label in Region.choices
        if value in regions
    ]
    context = {"regions": groups, "world": world_map(counts, levels)}
    return render(request, "electives/country_list.html", context)


def country_detail(request, code):
    if code != code.lower():
        return redirect("electives:country", code=code.lower(), permanent=True)
    upper = code.upper()
    if upper not in countries:
        raise Http404("No such country code.")
    electives = list(Elective.objects.published().filter(country=upper).for_listing())
    if not electives:
        raise Http404("No published electives in this country.")
    name = countries.name(upper)
    region = region_of(upper)
    context = {
        "code": code,
        "name": name,
        "region": Region(region) if region else None,
        "electives": electives,
        "advisory": TravelAdvisory.objects.filter(country=upper).first(),
        "state_department_url": state_department_url(name),
        "cdc_url": cdc_url(name),
    }
    return render(request, "electives/country_detail.html", context)


# --- Home ---


def home(request):
    counts = current_index().counts("category")
    categories = [
        {"value": value, "label": label, "count": counts.get(value, 0)}
        for value, label in Category.choices
    ]
    newest = Elective.objects.published().open_for_applications().for_listing().newest_first()[:6]
    context = {
        "categories": categories,
        "newest": newest,
        "world": world_map(*published_by_country()),
    }
    return render(request, "home.html", context)


def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = [
        "User-agent: *",
        # Every filter combination is a page; crawlers need the listings, not each combination.
        "Disallow: /electives/export.csv",
        "Disallow: /api/",
        "Disallow: /electives/feed/",
        "",
        f"Sitemap: {sitemap}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
