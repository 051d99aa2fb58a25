"""The directory's filters (SPEC.md, "Filters"): the one place that decides what matches.

The listing, the JSON, the CSV, the feed and the alerts all call
`directory_filters(request.GET)`, which checks the parameters; `.found` is the selection
(electives.selection.Selection): every surface's matches, in order, with their count and facets,
answered from the in-process index. Each filter's rule (`selects`) stands in its
declaration; SQL only loads the rows of the ids a selection gives, and runs `q`'s full-text
match.

Each filter declares everything the pages need from it: its label, its error messages and
the text of its removable chip (`chip`, formatted with the value's label).
"""

import copy
from functools import cached_property

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import Jinja2 as Jinja2Renderer
from django.http import QueryDict
from django.utils import timezone
from django_countries import countries

from . import policy
from .index import current_index
from .models import (
    MAX_WEEKS,
    PGY_MAX,
    PGY_MIN,
    Category,
    Elective,
    Scope,
)
from .regions import Region
from .search import MAX_QUERY_LENGTH

SORTS = [
    ("relevance", "Best match"),
    ("newest", "Newest"),
    ("deadline", "Deadline (soonest first)"),
    ("title", "Title (A–Z)"),
    ("duration", "Duration (shortest first)"),
    ("cost", "Fee (lowest first)"),
]
VIEWS = [("cards", "Cards"), ("table", "Table")]
MAX_COST = 10_000_000


def _number_messages(what, low, high=None):
    rule = f"a whole number from {low} to {high:,}" if high else f"a whole number, {low} or more"
    message = f"{what} must be {rule}."
    return {"invalid": message, "min_value": message, "max_value": message}


def _one_of(what):
    return {"invalid_choice": f"“%(value)s” is not a known {what}."}


class ShallowCopied:
    """A FilterSet deep-copies every filter on every request (about 1 ms for these:
    bench/filter_build.py measures it). Ours keep no state of their own but the `parent` each
    copy is given, so a shallow copy does."""

    def __deepcopy__(self, memo):
        return copy.copy(self)


class Chip(ShallowCopied):
    """A filter that declares what it selects and how it reads: `selects(index, value)` is
    its rule, the positions it keeps in the directory's index (electives.index: every
    surface answers from that one selection); `chip` its removable chip, formatted with
    each value's label."""

    def __init__(self, *args, selects=None, chip="{}", **kwargs):
        self.selects, self.chip = selects, chip
        super().__init__(*args, **kwargs)


class CaseInsensitiveChoiceField(django_filters.fields.MultipleChoiceField):
    """Repeatable codes or slugs matched in any case (`country=ke` is `country=KE`)."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, *args, case=str.upper, **kwargs):
        self.case = case
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        return [self.case(v) for v in super().to_python(value)]

    def __deepcopy__(self, memo):
        # Each form deep-copies its fields; ChoiceField would copy every choice too (250
        # countries: about 0.7 ms a request, bench/filter_build.py). Nothing changes the
        # choices: share them.
        twin = forms.Field.__deepcopy__(self, memo)
        twin._choices = self._choices
        return twin


class KnownObjectsField(forms.Field):
    """Repeatable slugs or codes that must name rows the directory knows: the specialties,
    the languages or the sponsors with something published, which the in-process index
    holds for the content version (electives.index.Index.known), so checking costs no query.

    Cleans to a list of the rows in name order (an empty list when none were given).
    """

    widget = forms.CheckboxSelectMultiple

    def __init__(self, *args, kind, key, case=str.lower, **kwargs):
        self.kind, self.key, self.case = kind, key, case
        super().__init__(*args, **kwargs)

    def clean(self, value):
        values = [self.case(str(v)) for v in value or []]
        if any("\x00" in v for v in values):
            raise ValidationError("Remove the null character.", code="null_characters")
        if not values:
            return []
        known = current_index().known[self.kind]
        for v in values:
            if v not in known:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": v},
                )
        wanted = set(values)
        if len(wanted) == 1:
            return [known[values[0]]]
        return [row for key, row in known.items() if key in wanted]


class ChoicesFilter(Chip, django_filters.MultipleChoiceFilter):
    field_class = CaseInsensitiveChoiceField


class KnownObjectsFilter(Chip, django_filters.Filter):
    field_class = KnownObjectsField


class IntegerFilter(Chip, django_filters.NumberFilter):
    field_class = forms.IntegerField


def _weeks_filter(what, **kwargs):
    """A number of weeks compared with the elective's shortest or longest stay."""
    return IntegerFilter(
        min_value=1,
        max_value=MAX_WEEKS,
        error_messages=_number_messages(what, 1, MAX_WEEKS),
        **kwargs,
    )


class TextFilter(Chip, django_filters.CharFilter):
    pass


class FlagFilter(Chip, django_filters.ChoiceFilter):
    """`name=1` or absent."""

    def __init__(self, *args, label, **kwargs):
        super().__init__(
            *args,
            label=label,
            chip=label,
            choices=[("1", label)],
            **kwargs,
        )


class LiteralFilter(FlagFilter):
    """`literal=1`: `q`'s words are all searched as text, none understood as a filter
    (electives.query). It selects nothing itself: the index reads it with `q`."""

    def filter(self, queryset, value):
        return queryset


class SortFilter(ShallowCopied, django_filters.ChoiceFilter):
    """Orders the matches (ElectiveFilter.sort_order): `relevance` by default with `q`,
    else newest. It selects nothing."""

    selects = None


class ViewFilter(ShallowCopied, django_filters.ChoiceFilter):
    """How the listing shows the matches (cards or a dense table): it selects nothing."""

    selects = None


class PageFilter(ShallowCopied, django_filters.NumberFilter):
    """Validated with the filters, so every problem is reported together; the views
    paginate (electives.listing), so it selects nothing here."""

    field_class = forms.IntegerField
    selects = None


def any_of(table):
    """Electives with any of the values chosen, from one of the index's tables."""
    return lambda index, values: index.any_of(table, values)


def under(table):
    """Electives under the value chosen in one of the index's tables (each of its keys)."""
    return lambda index, value: index.tables[table][value]


class FilterForm(forms.Form):
    # The listing renders this form's widgets on every page: Django's Jinja2 widget
    # templates draw the same markup in a fifth of the time (electives.templating).
    default_renderer = Jinja2Renderer()


class ElectiveFilter(django_filters.FilterSet):
    q = TextFilter(
        # After the other filters, whose matches a correction must find something in
        # (electives.index.Index.search). Its words naming a specialty, country, region or
        # category select as those filters do (electives.query), unless `literal`; the
        # others are matched by the database's full-text search (electives.search).
        label="Search",
        chip="Search: “{}”",
        max_length=MAX_QUERY_LENGTH,
        widget=forms.SearchInput,
        error_messages={
            "max_length": f"Use at most {MAX_QUERY_LENGTH} characters (you used %(show_value)d)."
        },
    )
    literal = LiteralFilter(
        label="Words searched as text",
        widget=forms.HiddenInput,
        error_messages={
            "invalid_choice": "Use literal=1 to search the words as text, or leave it out."
        },
    )
    category = ChoicesFilter(
        selects=any_of("category"),
        case=str.lower,
        label="Category",
        choices=Category.choices,
        error_messages=_one_of("category"),
    )
    region = ChoicesFilter(
        selects=any_of("region"),
        case=str.lower,
        label="Region",
        choices=Region.choices,
        error_messages=_one_of("region"),
    )
    country = ChoicesFilter(
        selects=any_of("country"),
        label="Country",
        choices=list(countries),
        error_messages={"invalid_choice": "“%(value)s” is not an ISO 3166-1 country code."},
    )
    scope = ChoicesFilter(
        # "" (not stated) is a value no filter asks for.
        selects=any_of("scope"),
        case=str.lower,
        label="Scope",
        chip="Scope: {}",
        choices=Scope.choices,
        error_messages={
            "invalid_choice": "“%(value)s” is not a scope: use hands-on, observership or "
            "research-only."
        },
    )
    specialty = KnownObjectsFilter(
        # Listing no specialty means open to every specialty: the index counts those
        # under each one.
        selects=lambda index, value: index.any_of("specialty", [s.slug for s in value]),
        label="Specialty",
        kind="specialty",
        key="slug",
        error_messages=_one_of("specialty"),
    )
    organization = KnownObjectsFilter(
        selects=lambda index, value: index.any_of("organization", [o.pk for o in value]),
        label="Sponsor",
        # A sponsor with nothing published is as unknown to the directory as a made-up slug.
        kind="organization",
        key="slug",
        widget=forms.MultipleHiddenInput,
        error_messages=_one_of("sponsor"),
    )
    pgy = IntegerFilter(
        # pgy_min empty or at most it, and pgy_max empty or at least it.
        selects=under("pgy"),
        label="Your PGY year",
        chip="PGY-{}",
        min_value=PGY_MIN,
        max_value=PGY_MAX,
        error_messages=_number_messages("PGY year", PGY_MIN, PGY_MAX),
        widget=forms.Select(
            choices=[("", "Any")] + [(n, f"PGY-{n}") for n in range(PGY_MIN, PGY_MAX + 1)]
        ),
    )
    # Residents think "I have 4 weeks": the form's main week field. min_weeks and max_weeks
    # stay for the API and under "more" in the form.
    weeks = _weeks_filter(
        "Weeks available",
        selects=under("lasting_at_most"),  # weeks_min <= it
        label="Weeks available",
        chip="Fits in {} weeks",
        help_text="Electives you can do in this many weeks or fewer.",
    )
    min_weeks = _weeks_filter(
        "The shortest stay",
        selects=under("lasting_at_least"),  # weeks_max >= it
        label="Can last at least (weeks)",
        chip="At least {} weeks",
        help_text="Electives that can run this many weeks or longer.",
    )
    max_weeks = _weeks_filter(
        "The longest stay",
        selects=under("lasting_at_most"),  # weeks_min <= it
        label="Can be done in at most (weeks)",
        chip="At most {} weeks",
        help_text="Electives that need no more than this many weeks.",
    )
    max_cost = IntegerFilter(
        # An unknown fee never fits a budget.
        selects=lambda index, value: index.tables["cost"].at_most(value),
        label="Most you can pay (USD)",
        chip="Fee up to ${:,}",
        help_text="Listings that do not state their fee are left out.",
        min_value=0,
        max_value=MAX_COST,
        error_messages=_number_messages("The fee", 0, MAX_COST),
    )
    language = KnownObjectsFilter(
        # Every language the elective requires is among these (English is assumed).
        selects=lambda index, value: index.workable_in(language.code for language in value),
        label="Languages you can work in",
        chip="Works in {}",
        kind="language",
        key="code",
        error_messages={"invalid_choice": "“%(value)s” is not an ISO 639-1 language code."},
    )
    housing = FlagFilter(
        selects=lambda index, value: index.tables["housing"][True],
        label="Housing provided",
        error_messages={"invalid_choice": "Use housing=1 for housing provided, or leave it out."},
    )
    open = FlagFilter(
        # Rolling, or a deadline today or later (electives.models.deadline_status).
        selects=lambda index, value: index.open_on(timezone.localdate()),
        label="Still accepting applications",
        error_messages={"invalid_choice": "Use open=1 for open electives, or leave it out."},
    )
    advisory_max = IntegerFilter(
        # A country with no advisory on file (level 0 in the index) matches, unless the
        # institution's rule (ADVISORY_POLICY_UNKNOWN) treats it as over the limit.
        selects=lambda index, value: (
            index.tables["advisory_at_most"][value] - index.tables["advisory_at_most"][0]
            if policy.unknown_excluded()
            else index.tables["advisory_at_most"][value]
        ),
        label="Highest travel advisory level",
        chip=policy.ADVISORY_MAX_CHIP,
        min_value=1,
        max_value=4,
        help_text=policy.ADVISORY_MAX_HELP,
        error_messages=_number_messages("The highest advisory level", 1, 4),
        widget=forms.Select(
            choices=[("", "Any level")]
            + [(1, "Level 1 only")]
            + [(n, f"Level {n} or lower") for n in (2, 3)]
        ),
    )
    sort = SortFilter(
        label="Sort by",
        choices=SORTS,
        widget=forms.HiddenInput,
        error_messages={
            "invalid_choice": "Sort by one of: " + ", ".join(value for value, _ in SORTS) + "."
        },
    )
    view = ViewFilter(
        label="Show as",
        choices=VIEWS,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": "Show the results as view=cards or view=table."},
    )
    page = PageFilter(
        label="Page",
        min_value=1,
        widget=forms.HiddenInput,
        error_messages=_number_messages("The page", 1),
    )

    class Meta:
        # django-filter builds the form from the declared filters; it needs a model, but
        # no queryset of it is ever evaluated: the index selects (`selects`, `found`).
        model = Elective
        fields = []
        form = FilterForm

    @property
    def sort_order(self):
        data = getattr(self.form, "cleaned_data", {})
        if data.get("q"):
            return data.get("sort") or "relevance"
        return "newest" if data.get("sort") in ("", None, "relevance") else data["sort"]

    @property
    def shown_as(self):
        """`view`: cards (the default) or table."""
        return getattr(self.form, "cleaned_data", {}).get("view") or "cards"

    @property
    def page_number(self):
        return getattr(self.form, "cleaned_data", {}).get("page") or 1

    def chips(self):
        """(filter name, value as in the URL or None if the filter takes one value, chip text)
        for each value of each valid, non-empty filter."""
        data = getattr(self.form, "cleaned_data", {})
        for name, field in self.form.fields.items():
            value = data.get(name)
            chip = getattr(self.filters[name], "chip", None)
            if chip is None or value in (None, "", []):
                continue
            if isinstance(field, KnownObjectsField):
                for row in value:
                    yield name, getattr(row, field.key), chip.format(row)
            elif isinstance(value, list):
                labels = dict(field.choices)
                for one in value:
                    yield name, one, chip.format(labels.get(one, one))
            else:
                label = dict(field.choices).get(value) if hasattr(field, "choices") else value
                yield name, None, chip.format(label)

    @cached_property
    def found(self):
        """This selection answered by the in-process index (electives.selection.Selection)."""
        return current_index().find(self)

    def facets(self):
        """{facet: [option]}: each option a dict of value, label, count and checked.

        Disjunctive counts: how many results choosing the option would give, with every
        other active filter applied. Options with results, plus any already chosen.
        """
        return self.found.facets()


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
    """The filters bound to request parameters; `.found` selects among the published
    electives (the index holds no other).

    `paged=False` (the CSV and the feed) ignores `page`.
    """
    names = [name for name in ElectiveFilter.base_filters if paged or name != "page"]
    return ElectiveFilter(without_empty_values(params, names))
