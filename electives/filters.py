"""The directory's filters (SPEC.md, "Filters"): the one place that decides what matches.

The listing, the JSON, the CSV and the feed all call `directory_filters(request.GET)`
and read `.qs` (matching electives in listing order) and `.facets()` from it, so
they can never disagree about which electives a set of parameters selects.
"""

from collections import Counter

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, F, OuterRef, Q
from django.http import QueryDict
from django_countries import countries

from .models import Category, Elective, Language, Organization, Specialty
from .regions import Region, region_of
from .search import MAX_QUERY_LENGTH, search

SORTS = [
    ("relevance", "Best match"),
    ("newest", "Newest"),
    ("deadline", "Deadline (soonest first)"),
    ("title", "Title (A–Z)"),
    ("duration", "Duration (shortest first)"),
    ("cost", "Fee (lowest first)"),
]
# Every ordering ends with the same tie-breaks, so pages never overlap or skip.
ORDERINGS = {
    "relevance": [F("rank").desc(nulls_last=True)],
    # Published electives always have published_at; a plain DESC lets PostgreSQL
    # read the listing index (status, -published_at) instead of sorting every match.
    "newest": ["-published_at"],
    "deadline": [F("deadline").asc(nulls_last=True)],  # rolling admission last
    "title": [],
    "duration": ["weeks_min", "weeks_max"],
    "cost": [F("cost_usd").asc(nulls_last=True)],  # unknown fees last
}
TIE_BREAKS = ["title", "id"]
FACETS = ("category", "region", "country", "specialty")
MAX_WEEKS = 104
MAX_COST = 10_000_000


def _number_messages(what, low, high=None):
    rule = f"a whole number from {low} to {high:,}" if high else f"a whole number, {low} or more"
    message = f"{what} must be {rule}."
    return {"invalid": message, "min_value": message, "max_value": message}


class CaseInsensitiveChoiceField(django_filters.fields.MultipleChoiceField):
    """Repeatable codes or slugs matched in any case (`country=ke` is `country=KE`)."""

    def __init__(self, *args, case=str.upper, **kwargs):
        self.case = case
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        return [self.case(v) for v in super().to_python(value)]


class KnownObjectsField(forms.ModelMultipleChoiceField):
    """Repeatable slugs or codes that must name rows: one query, only when some are given.

    Cleans to a list of the rows (an empty list when none were given).
    """

    def __init__(self, *args, case=str.lower, **kwargs):
        self.case = case
        super().__init__(*args, **kwargs)

    def clean(self, value):
        values = [self.case(str(v)) for v in value or []]
        if any("\x00" in v for v in values):
            raise ValidationError("Remove the null character.", code="null_characters")
        return list(super().clean(values))


class KnownObjectsFilter(django_filters.Filter):
    field_class = KnownObjectsField


class CaseInsensitiveChoiceFilter(django_filters.MultipleChoiceFilter):
    field_class = CaseInsensitiveChoiceField


class IntegerFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


def _one_of(what):
    return {"invalid_choice": f"“%(value)s” is not a known {what}."}


class ElectiveFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search",
        method="filter_q",
        max_length=MAX_QUERY_LENGTH,
        widget=forms.SearchInput,
        error_messages={
            "max_length": f"Use at most {MAX_QUERY_LENGTH} characters (you used %(show_value)d)."
        },
    )
    category = CaseInsensitiveChoiceFilter(
        case=str.lower,
        label="Category",
        choices=Category.choices,
        method="filter_category",
        error_messages=_one_of("category"),
    )
    region = CaseInsensitiveChoiceFilter(
        case=str.lower,
        label="Region",
        choices=Region.choices,
        method="filter_region",
        error_messages=_one_of("region"),
    )
    country = CaseInsensitiveChoiceFilter(
        label="Country",
        choices=list(countries),
        method="filter_country",
        error_messages={"invalid_choice": "“%(value)s” is not an ISO 3166-1 country code."},
    )
    specialty = KnownObjectsFilter(
        label="Specialty",
        queryset=Specialty.objects.all(),
        to_field_name="slug",
        method="filter_specialty",
        error_messages=_one_of("specialty"),
    )
    organization = KnownObjectsFilter(
        label="Sponsor",
        queryset=Organization.objects.all(),
        to_field_name="slug",
        method="filter_organization",
        error_messages=_one_of("sponsor"),
    )
    pgy = IntegerFilter(
        label="Your PGY year",
        method="filter_pgy",
        min_value=1,
        max_value=8,
        error_messages=_number_messages("PGY year", 1, 8),
        widget=forms.Select(choices=[("", "Any")] + [(n, f"PGY-{n}") for n in range(1, 9)]),
    )
    min_weeks = IntegerFilter(
        label="At least (weeks)",
        method="filter_min_weeks",
        min_value=1,
        max_value=MAX_WEEKS,
        error_messages=_number_messages("The shortest stay", 1, MAX_WEEKS),
    )
    max_weeks = IntegerFilter(
        label="At most (weeks)",
        method="filter_max_weeks",
        min_value=1,
        max_value=MAX_WEEKS,
        error_messages=_number_messages("The longest stay", 1, MAX_WEEKS),
    )
    max_cost = IntegerFilter(
        label="Most you can pay (USD)",
        help_text="Listings that do not state their fee are left out.",
        method="filter_max_cost",
        min_value=0,
        max_value=MAX_COST,
        error_messages=_number_messages("The fee", 0, MAX_COST),
    )
    language = KnownObjectsFilter(
        label="Languages you can work in",
        queryset=Language.objects.all(),
        to_field_name="code",
        method="filter_language",
        error_messages={"invalid_choice": "“%(value)s” is not an ISO 639-1 language code."},
    )
    housing = django_filters.ChoiceFilter(
        label="Housing provided",
        choices=[("1", "Housing provided")],
        method="filter_housing",
        error_messages={"invalid_choice": "Use housing=1 for housing provided, or leave it out."},
    )
    open = django_filters.ChoiceFilter(
        label="Still accepting applications",
        choices=[("1", "Still accepting applications")],
        method="filter_open",
        error_messages={"invalid_choice": "Use open=1 for open electives, or leave it out."},
    )
    sort = django_filters.ChoiceFilter(
        label="Sort by",
        choices=SORTS,
        empty_label="Best match when searching, else newest",
        method="keep",
        error_messages={
            "invalid_choice": "Sort by one of: " + ", ".join(value for value, _ in SORTS) + "."
        },
    )
    # Validated here so every problem is reported together; the views paginate.
    page = IntegerFilter(
        label="Page",
        method="keep",
        min_value=1,
        error_messages=_number_messages("The page", 1),
    )

    class Meta:
        model = Elective
        fields = []

    def filter_q(self, queryset, name, value):
        return search(queryset, value)

    def filter_category(self, queryset, name, value):
        return queryset.filter(category__in=value)

    def filter_region(self, queryset, name, value):
        return queryset.in_regions(value)

    def filter_country(self, queryset, name, value):
        return queryset.filter(country__in=value)

    def filter_specialty(self, queryset, name, value):
        return queryset.for_specialties([specialty.slug for specialty in value])

    def filter_organization(self, queryset, name, value):
        return queryset.filter(organization__in=value)

    def filter_pgy(self, queryset, name, value):
        return queryset.for_pgy(value)

    def filter_min_weeks(self, queryset, name, value):
        return queryset.lasting_at_least(value)

    def filter_max_weeks(self, queryset, name, value):
        return queryset.lasting_at_most(value)

    def filter_max_cost(self, queryset, name, value):
        return queryset.costing_at_most(value)

    def filter_language(self, queryset, name, value):
        return queryset.workable_in([language.code for language in value])

    def filter_housing(self, queryset, name, value):
        return queryset.with_housing()

    def filter_open(self, queryset, name, value):
        return queryset.open_for_applications()

    def keep(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset):
        return self.ordered(self.matching(queryset))

    def matching(self, queryset, *, ignore=()):
        """The electives every valid parameter (except those in `ignore`) selects."""
        for name, value in self.form.cleaned_data.items():
            if name not in ignore:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    @property
    def sort_order(self):
        data = getattr(self.form, "cleaned_data", {})
        sort = data.get("sort") or ("relevance" if data.get("q") else "newest")
        return "newest" if sort == "relevance" and not data.get("q") else sort

    def ordered(self, queryset):
        sort = self.sort_order
        if sort == "relevance" and "rank" not in queryset.query.annotations:
            sort = "newest"  # words that search nothing (SQLite: only punctuation)
        return queryset.order_by(*ORDERINGS[sort], *TIE_BREAKS)

    def newest(self):
        return self.matching(self.queryset.all()).order_by(*ORDERINGS["newest"], *TIE_BREAKS)

    @property
    def page_number(self):
        return getattr(self.form, "cleaned_data", {}).get("page") or 1

    def active(self, name):
        return getattr(self.form, "cleaned_data", {}).get(name) not in (None, "", [])

    def facets(self):
        """Disjunctive counts: for each option, how many results choosing it would give.

        Each dimension counts over every filter but its own. Dimensions without a filter
        of their own share one grouped query (category x country x open to all), so the
        usual page costs two facet queries and the worst case five, whatever the options.
        """
        active = {name for name in FACETS if self.active(name)}
        grouped = {}

        def base(dimension):
            return self.matching(self.queryset.all(), ignore={dimension} & active).order_by()

        def rows(dimension):
            """(category, country, open to all specialties, n) over base(dimension)."""
            key = dimension if dimension in active else None
            if key not in grouped:
                listed = Elective.specialties.through.objects.filter(elective=OuterRef("pk"))
                grouped[key] = list(
                    base(dimension)
                    .annotate(open_to_all=~Exists(listed))
                    .values_list("category", "country", "open_to_all")
                    .annotate(n=Count("pk"))
                )
            return grouped[key]

        category, country, region = Counter(), Counter(), Counter()
        for value, _, _, n in rows("category"):
            category[value] += n
        for _, code, _, n in rows("country"):
            country[str(code).upper()] += n
        for _, code, _, n in rows("region"):
            region[region_of(code)] += n
        open_to_all = sum(n for _, _, is_open, n in rows("specialty") if is_open)

        listing = Specialty.objects.annotate(
            n=Count("electives", filter=Q(electives__in=base("specialty").values("pk")))
        ).values_list("slug", "name", "n")
        self.specialty_names = {slug: name for slug, name, _ in listing}
        specialty = {slug: n + open_to_all for slug, _, n in listing if n + open_to_all}
        return {
            "category": dict(category),
            "region": {value: n for value, n in region.items() if value},
            "country": dict(country),
            "specialty": specialty,
        }


def without_empty_values(params, names):
    """The known parameters, minus empty values: a GET form sends every field."""
    data = QueryDict(mutable=True)
    for name in names:
        values = [value.strip() for value in params.getlist(name)]
        values = [value for value in values if value]
        if values:
            data.setlist(name, values)
    return data


def directory_filters(params, *, paged=True):
    """The filters bound to request parameters, over published electives only.

    `paged=False` (the CSV and the feed) ignores `page`.
    """
    names = [name for name in ElectiveFilter.base_filters if paged or name != "page"]
    data = without_empty_values(params, names)
    return ElectiveFilter(data, queryset=Elective.objects.published())
