import unicodedata
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import EmptyPage, Paginator
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.text import slugify
from django_countries import countries

from .csv import ElectiveRecord, csv_download
from .filters import SORTS, TIE_BREAKS, directory_filters
from .models import (
    Category,
    Elective,
    Language,
    Organization,
    Status,
    TravelAdvisory,
)
from .regions import Region, region_of

NEWEST = ["-published_at", *TIE_BREAKS]


# --- The directory: one FilterSet behind the page, the JSON, the CSV (and the feed) ---


def paginate(filters):
    """The requested page of matches; EmptyPage past the last one."""
    # The stored search vector is the widest column and no page shows it.
    listing = filters.qs.for_listing().defer("search_vector")
    paginator = Paginator(listing, settings.LISTING_PAGE_SIZE)
    return paginator.page(filters.page_number)


def past_the_end(page_number):
    return f"There is no page {page_number}: the results end before it."


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
        context = listing_context(request, filters, page=None)
        return render(request, "electives/elective_list.html", context, status=400)
    try:
        page = paginate(filters)
    except EmptyPage:
        raise Http404(past_the_end(filters.page_number)) from None
    context = listing_context(request, filters, page=page)
    return render(request, "electives/elective_list.html", context)


def elective_api(request):
    filters = directory_filters(request.GET)
    if not filters.is_valid():
        errors = {name: list(messages) for name, messages in filters.errors.items()}
        return JsonResponse({"errors": errors}, status=400)
    try:
        page = paginate(filters)
    except EmptyPage:
        errors = {"page": [past_the_end(filters.page_number)]}
        return JsonResponse({"errors": errors}, status=404)
    return JsonResponse(
        {
            "count": page.paginator.count,
            "page": page.number,
            "pages": page.paginator.num_pages,
            "results": [elective_json(request, elective) for elective in page],
            "facets": filters.facets(),
        }
    )


def elective_json(request, elective):
    """SPEC.md's JSON result: the CSV's typed record (but status), and page_url."""
    return {
        **ElectiveRecord.of(elective).as_json(),
        "page_url": request.build_absolute_uri(elective.get_absolute_url()),
    }


def elective_csv(request):
    filters = directory_filters(request.GET, paged=False)
    if not filters.is_valid():
        return invalid_filters_text(filters)
    return csv_download(filters.qs, "electives.csv")


# --- What the listing template needs ---

CHECKBOX_GROUPS = {"category", "region", "country", "specialty", "language"}
HIDDEN_FIELDS = {"sort", "page", "organization"}
CHIP_LABELS = {
    "q": "Search: “{}”",
    "pgy": "PGY-{}",
    "min_weeks": "At least {} weeks",
    "max_weeks": "At most {} weeks",
    "housing": "Housing provided",
    "open": "Still accepting applications",
}


def listing_context(request, filters, *, page):
    params = filters.data.copy()
    params.pop("page", None)
    context = {
        "filters": filters,
        "form": filters.form,
        "params": params,
        "page_obj": page,
        "electives": list(page) if page else [],
        "canonical_url": canonical_url(request, filters),
    }
    facets = filters.facets()
    context["facets"] = facet_options(filters, facets)
    context["languages"] = language_options(filters)
    context["error_links"] = error_links(filters.form)
    if page is not None:
        searching = bool(filters.form.cleaned_data.get("q"))
        context["chips"] = chips(filters, params)
        context["sorts"] = [(v, label) for v, label in SORTS if searching or v != "relevance"]
        context["current_sort"] = filters.sort_order
        context["page_range"] = page.paginator.get_elided_page_range(
            page.number, on_each_side=2, on_ends=1
        )
    return context


def error_links(form):
    """(anchor, field label, message) for the error summary: each links to its field."""
    links = []
    for field in form:
        if field.name in CHECKBOX_GROUPS:
            anchor = f"fieldset-{field.name}"
        elif field.name in HIDDEN_FIELDS:
            anchor = f"{field.auto_id}_error"
        else:
            anchor = field.auto_id
        links += [(anchor, field.label, error) for error in field.errors]
    return links


def canonical_url(request, filters):
    """The list URL with only the parameters that change what is shown, in a fixed order."""
    data = getattr(filters.form, "cleaned_data", {})
    query = [
        (name, value)
        for name in sorted(filters.data)
        if name != "sort" and name in data and not (name == "page" and data[name] == 1)
        for value in sorted(filters.data.getlist(name))
    ]
    url = reverse("electives:list") + (f"?{urlencode(query)}" if query else "")
    return request.build_absolute_uri(url)


def selected(filters, name):
    return getattr(filters.form, "cleaned_data", {}).get(name) or []


def facet_options(filters, facets):
    """Checkbox options for each facet: those with results, plus any already chosen."""
    chosen = {
        "category": set(selected(filters, "category")),
        "region": set(selected(filters, "region")),
        "country": set(selected(filters, "country")),
        "specialty": {specialty.slug for specialty in selected(filters, "specialty")},
    }
    labels = {
        "category": dict(Category.choices),
        "region": dict(Region.choices),
        "country": {
            code: countries.name(code) for code in set(facets["country"]) | chosen["country"]
        },
        "specialty": filters.specialty_names,
    }
    options = {}
    for name, names in labels.items():
        values = [value for value in names if value in facets[name] or value in chosen[name]]
        if name == "country":
            values.sort(key=lambda code: names[code])
        options[name] = [
            {
                "value": value,
                "label": names[value],
                "count": facets[name].get(value, 0),
                "checked": value in chosen[name],
            }
            for value in values
        ]
    return options


def language_options(filters):
    """Languages some published elective asks for (English is always assumed)."""
    chosen = {language.code for language in selected(filters, "language")}
    asked_for = Elective.languages.through.objects.filter(elective__status=Status.PUBLISHED)
    required = Language.objects.filter(
        Q(code__in=asked_for.values("language_id")) | Q(code__in=chosen)
    ).exclude(code="en")
    return [
        {
            "value": language.code,
            "label": language.name,
            "count": None,
            "checked": language.code in chosen,
        }
        for language in required
    ]


def chips(filters, params):
    """One removable chip per active filter value, each linking to the list without it."""
    data = filters.form.cleaned_data
    names = {
        "category": dict(Category.choices),
        "region": dict(Region.choices),
        "specialty": {s.slug: s.name for s in data.get("specialty", [])},
        "organization": {o.slug: o.name for o in data.get("organization", [])},
        "language": {lang.code: f"Works in {lang.name}" for lang in data.get("language", [])},
    }
    result = []
    for name in params:
        if name == "sort" or name not in data:
            continue
        values = params.getlist(name)
        for value in values:
            if name in CHIP_LABELS:
                label = CHIP_LABELS[name].format(value)
            elif name == "country":
                label = countries.name(value.upper())
            elif name == "max_cost":
                label = f"Fee up to ${data['max_cost']:,}"
            else:
                label = names[name].get(value.lower(), value)
            remaining = params.copy()
            remaining.setlist(name, [v for v in values if v != value])
            if not remaining.getlist(name):
                del remaining[name]
            result.append({"label": label, "params": remaining})
    return result


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
    if preview and not request.user.is_staff:
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
        .order_by("-same_country", *NEWEST)[:limit]
    )


def elective_json_ld(request, elective):
    """schema.org data for search engines (rendered escaped by the json_ld tag)."""
    data = {
        "@context": "https://schema.org",
        "@type": "EducationalOccupationalProgram",
        "name": elective.title,
        "description": elective.summary,
        "url": request.build_absolute_uri(elective.get_absolute_url()),
        "provider": {
            "@type": "Organization",
            "name": elective.organization.name,
            **({"url": elective.organization.website} if elective.organization.website else {}),
        },
        "programType": elective.get_category_display(),
        "educationalProgramMode": "in-person",
        "location": {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "addressCountry": elective.country.code,
                **({"addressLocality": elective.city} if elective.city else {}),
            },
        },
        "timeToComplete": f"P{elective.weeks_max}W",
    }
    if elective.deadline:
        data["applicationDeadline"] = elective.deadline.isoformat()
    if elective.cost_usd is not None:
        data["offers"] = {"@type": "Offer", "price": elective.cost_usd, "priceCurrency": "USD"}
    return data


# --- Sponsors and countries ---


def organization_list(request):
    organizations = (
        Organization.objects.annotate(
            published=Count("electives", filter=Q(electives__status=Status.PUBLISHED))
        )
        .filter(published__gt=0)
        .order_by("name")
    )
    return render(request, "electives/organization_list.html", {"organizations": organizations})


def organization_detail(request, slug):
    organization = get_object_or_404(Organization, slug=slug)
    electives = list(organization.electives.published().for_listing().order_by(*NEWEST))
    if not electives:
        raise Http404("This sponsor has no published electives.")
    context = {"organization": organization, "electives": electives}
    return render(request, "electives/organization_detail.html", context)


def state_department_url(name):
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    page = "".join(ch for ch in ascii_name if ch.isalnum())
    return (
        "https://travel.state.gov/content/travel/en/international-travel/"
        f"International-Travel-Country-Information-Pages/{page}.html"
    )


def cdc_url(name):
    return f"https://wwwnc.cdc.gov/travel/destinations/traveler/none/{slugify(name)}"


def country_list(request):
    counts = dict(
        Elective.objects.published().order_by().values_list("country").annotate(n=Count("pk"))
    )
    levels = dict(TravelAdvisory.objects.filter(country__in=counts).values_list("country", "level"))
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
    return render(request, "electives/country_list.html", {"regions": groups})


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
    counts = dict(
        Elective.objects.published().order_by().values_list("category").annotate(n=Count("pk"))
    )
    categories = [
        {"value": value, "label": label, "count": counts.get(value, 0)}
        for value, label in Category.choices
    ]
    newest = Elective.objects.published().for_listing().order_by(*NEWEST)[:6]
    return render(request, "home.html", {"categories": categories, "newest": newest})


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
