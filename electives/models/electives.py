"""Electives: the listing, its queryset vocabulary and the rules read from it
(deadline status, re-verification)."""

import calendar
import datetime

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse
from django.utils import timezone
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from ..regions import Region, region_of
from .advisories import TravelAdvisory
from .fields import (
    DATES,
    LEAD_TIME_VALIDATORS,
    PGY_MAX,
    PGY_MIN,
    PGY_VALIDATORS,
    WEEKS_VALIDATORS,
    YEARS,
    HostCountries,
    WebAddressField,
    http_url_validator,
    unique_slug,
    validate_single_line,
)
from .organizations import Organization
from .taxonomy import Language, Specialty
from .vocabulary import (
    Accreditation,
    Category,
    DeadlineStatus,
    Fact,
    Insurance,
    LinkState,
    Scope,
    Status,
    UnstatedFactsField,
    YesNo,
)

# Listing order: newest first, with tie-breaks so pages never overlap or skip.
NEWEST_FIRST = ["-published_at", "title", "id"]


def published(through=""):
    """Published electives as a condition, also through a relation: published("electives__")."""
    return Q(**{f"{through}status": Status.PUBLISHED})


def deadline_status(deadline, today=None, unstated=()):
    """SPEC.md's Freshness: a passed deadline is closed for this cycle; none is rolling, or
    not stated when the elective's `unstated` facts say nobody gave it."""
    if deadline is None and Fact.DEADLINE in unstated:
        return DeadlineStatus.NOT_STATED
    if deadline is None:
        return DeadlineStatus.ROLLING
    if deadline < (today or timezone.localdate()):
        return DeadlineStatus.CLOSED
    return DeadlineStatus.OPEN


def deadline_condition(status, today=None):
    """deadline_status as a query condition: the electives whose deadline has this status."""
    today = today or timezone.localdate()
    return {
        DeadlineStatus.OPEN: Q(deadline__gte=today),
        DeadlineStatus.ROLLING: Q(deadline__isnull=True),
        DeadlineStatus.CLOSED: Q(deadline__lt=today),
    }[status]


def months_before(day, months):
    """The same day of the month `months` earlier (the month's last day if it has fewer)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def reverify_before(today=None):
    """A listing last verified before this day needs re-verification: the one threshold
    (settings.REVERIFY_AFTER_MONTHS) for the public pages, the admin and the commands."""
    return months_before(today or timezone.localdate(), settings.REVERIFY_AFTER_MONTHS)


# The day a listing was last confirmed: its last verification or, never verified, the day
# it was first published (a curator checked it then) or else created. Elective.confirmed_on
# is the same rule in Python; tests/test_reverification_agrees.py holds them together.
CONFIRMED_ON = Coalesce("last_verified", TruncDate("published_at"), TruncDate("created_at"))


class ElectiveQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published())

    def newest_first(self):
        return self.order_by(*NEWEST_FIRST)

    def in_review(self):
        return self.filter(status=Status.IN_REVIEW)

    def edited_by(self, user):
        return self.filter(organization__editors=user)

    def not_verified_since(self, day):
        """Last confirmed (Elective.confirmed_on) before that day."""
        return self.alias(confirmed_on=CONFIRMED_ON).filter(confirmed_on__lt=day)

    def with_deadline_status(self, status, today=None):
        return self.filter(deadline_condition(status, today))

    def deadline_passed(self, today=None):
        return self.with_deadline_status(DeadlineStatus.CLOSED, today)

    def needs_reverification(self, today=None):
        return self.not_verified_since(reverify_before(today))

    def with_broken_link(self):
        return self.filter(link_state=LinkState.BROKEN)

    def open_for_applications(self, today=None):
        return self.filter(
            deadline_condition(DeadlineStatus.ROLLING, today)
            | deadline_condition(DeadlineStatus.OPEN, today)
        )

    def with_advisory(self):
        advisory = TravelAdvisory.objects.filter(country=models.OuterRef("country"))
        return self.annotate(advisory_level=models.Subquery(advisory.values("level")[:1]))

    def for_listing(self):
        """The shape every list of electives needs: one query plus two prefetches."""
        return (
            self.select_related("organization")
            .prefetch_related("specialties", "languages")
            .with_advisory()
        )


class Elective(models.Model):
    title = models.CharField(max_length=200, validators=[validate_single_line])
    slug = models.SlugField(
        max_length=200, unique=True, blank=True, help_text="Made from the title if left empty."
    )
    category = models.CharField(max_length=20, choices=Category.choices)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="electives"
    )
    country = CountryField(countries=HostCountries)
    city = models.CharField(max_length=100, blank=True, validators=[validate_single_line])
    specialties = models.ManyToManyField(
        Specialty,
        blank=True,
        related_name="electives",
        help_text="Leave empty if residents of every specialty may apply.",
    )
    pgy_min = models.PositiveSmallIntegerField(
        "lowest PGY",
        null=True,
        blank=True,
        validators=PGY_VALIDATORS,
        help_text="Leave empty for no lower bound.",
    )
    pgy_max = models.PositiveSmallIntegerField(
        "highest PGY",
        null=True,
        blank=True,
        validators=PGY_VALIDATORS,
        help_text="Leave empty for no upper bound.",
    )
    weeks_min = models.PositiveSmallIntegerField(
        "shortest stay (weeks)", validators=WEEKS_VALIDATORS
    )
    weeks_max = models.PositiveSmallIntegerField(
        "longest stay (weeks)", validators=WEEKS_VALIDATORS
    )
    cost_usd = models.PositiveIntegerField(
        "program fee (USD)",
        null=True,
        blank=True,
        help_text="0 if free; leave empty if the sponsor has not said.",
    )
    housing = models.BooleanField("housing provided", default=False)
    languages = models.ManyToManyField(
        Language,
        blank=True,
        related_name="electives",
        help_text="Languages the resident must work in besides English; empty if none.",
    )
    deadline = models.DateField(
        "application deadline",
        null=True,
        blank=True,
        validators=DATES.validators(),
        help_text="Leave empty for rolling admission.",
    )
    url = WebAddressField("website", max_length=500, validators=[http_url_validator])
    contact_email = models.EmailField(blank=True)
    summary = models.CharField(
        max_length=300, validators=[validate_single_line], help_text="One line shown in listings."
    )
    description = models.TextField(blank=True, help_text="Markdown. Shown on the elective's page.")
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    last_verified = models.DateField(
        null=True,
        blank=True,
        validators=DATES.validators(),
        help_text="When a curator last confirmed the details with the host.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Maintained by electives.search on PostgreSQL; unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    # The richer listing (SPEC "Elective, richer fields"); empty means the sponsor has not said.
    scope = models.CharField(
        max_length=20,
        choices=Scope.choices,
        blank=True,
        help_text="Hands-on care, observing only, or research only.",
    )
    supervision = models.TextField(
        "on-site supervision", blank=True, help_text="Who supervises the resident on site."
    )
    malpractice = models.TextField(
        "malpractice cover", blank=True, help_text="Who covers malpractice, and how."
    )
    fee_includes = models.TextField(
        "what the fee includes", blank=True, help_text="Housing, meals, transport, ..."
    )
    requirements = models.TextField(
        blank=True, help_text="Documents, immunisations and exams the sponsor asks for."
    )
    emergency_support = models.CharField(
        "24/7 emergency support",
        max_length=3,
        choices=YesNo.choices,
        blank=True,
        help_text="Does the sponsor offer round-the-clock support in the country?",
    )
    partner_since = models.PositiveSmallIntegerField(
        "partner since (year)",
        null=True,
        blank=True,
        validators=YEARS.validators(),
        help_text="The year U.S. residents first rotated with this sponsor.",
    )
    credit_granted = models.CharField(
        "credit granted before",
        max_length=3,
        choices=YesNo.choices,
        blank=True,
        help_text="Have residents' home programs granted credit for this elective before?",
    )

    # What a GME office asks before approving an elective (SPEC "Additions"): empty means
    # the sponsor has not said, and every page reads it as "not stated", never as "no".
    letter_of_agreement = models.CharField(
        "signs a program letter of agreement",
        max_length=3,
        choices=YesNo.choices,
        blank=True,
        help_text="Will the host sign the resident's program letter of agreement (PLA)?",
    )
    supervisor = models.TextField(
        "supervisor and credentials",
        blank=True,
        help_text="Who supervises the resident on site: name, role and credentials.",
    )
    evaluation_returned = models.CharField(
        "returns an evaluation",
        max_length=3,
        choices=YesNo.choices,
        blank=True,
        help_text="Will the host complete and return the program's evaluation of the resident?",
    )
    site_address = models.TextField(
        "site address", blank=True, help_text="The postal address where the resident works."
    )
    site_contact_name = models.CharField(
        "site contact",
        max_length=200,
        blank=True,
        validators=[validate_single_line],
        help_text="The person the program writes to.",
    )
    site_contact_title = models.CharField(
        "site contact's title",
        max_length=200,
        blank=True,
        validators=[validate_single_line],
        help_text="Their role at the site.",
    )
    site_contact_email = models.EmailField("site contact's e-mail", blank=True)
    lead_time_weeks = models.PositiveSmallIntegerField(
        "lead time (weeks)",
        null=True,
        blank=True,
        validators=LEAD_TIME_VALIDATORS,
        help_text="How many weeks ahead the host needs the paperwork.",
    )
    malpractice_cost = models.TextField(
        "malpractice cost",
        blank=True,
        help_text="What malpractice cover costs the resident, and who pays it.",
    )
    # What program directors, GME offices and boards also ask (issue 26; electives.site_facts
    # words them). Empty, again, means not stated.
    supervisor_credentials = models.TextField(
        "supervisor's credentials",
        blank=True,
        help_text="Board certification or its equivalent, e.g. “MMed (Family Medicine)”.",
    )
    supervision_frequency = models.CharField(
        "how often the supervisor supervises",
        max_length=200,
        blank=True,
        validators=[validate_single_line],
        help_text="E.g. “Daily on ward rounds”, “Twice a week”.",
    )
    evaluation_details = models.TextField(
        "evaluation the host returns",
        blank=True,
        help_text="Which evaluation the host returns to the program, and when.",
    )
    accreditation = models.CharField(
        "accredited hospital",
        max_length=10,
        choices=Accreditation.choices,
        blank=True,
        help_text="Is the site a hospital accredited by a recognised body?",
    )
    accrediting_body = models.CharField(
        "accrediting body",
        max_length=200,
        blank=True,
        validators=[validate_single_line],
        help_text="E.g. Joint Commission International, or the national body's name.",
    )
    duty_hours_week = models.PositiveSmallIntegerField(
        "duty hours a week",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(168)],
        help_text="Typical hours a week at the site.",
    )
    call_schedule = models.TextField(
        "call", blank=True, help_text="Night or weekend call, e.g. “One night in four, home call”."
    )
    evacuation_insurance = models.CharField(
        max_length=12,
        choices=Insurance.choices,
        blank=True,
        help_text="Does the host provide or require medical evacuation insurance?",
    )
    health_insurance = models.CharField(
        max_length=12,
        choices=Insurance.choices,
        blank=True,
        help_text="Does the host provide or require health insurance?",
    )
    disability_insurance = models.CharField(
        max_length=12,
        choices=Insurance.choices,
        blank=True,
        help_text="Does the host provide or require disability insurance?",
    )
    exposure_plan = models.TextField(
        "occupational-exposure plan",
        blank=True,
        help_text="What happens after a needlestick: testing, HIV post-exposure prophylaxis.",
    )
    emergency_contact = models.CharField(
        "24/7 emergency contact",
        max_length=300,
        blank=True,
        validators=[validate_single_line],
        help_text="A name and a number that answer day and night.",
    )
    total_cost_usd = models.PositiveIntegerField(
        "estimated total cost (USD)",
        null=True,
        blank=True,
        help_text="The host's estimate of the resident's whole cost: fee, housing, a typical "
        "flight, visa.",
    )
    total_cost_notes = models.TextField(
        "what the total includes",
        blank=True,
        help_text="How the estimate is made up, e.g. “Fee $500, flight about $1,400, visa $50”.",
    )

    unstated = UnstatedFactsField(
        "not stated yet",
        default=list,
        blank=True,
        help_text=(
            "Facts nobody has stated (a suggestion leaves them out): the site says “not "
            "stated” for them. Setting the field states the fact; untick one to confirm "
            "what is shown (e.g. no housing) is right."
        ),
    )

    # Curation: never shown on public pages.
    review_note = models.TextField(
        blank=True,
        help_text="For curators and the submitter: why it was sent back or what changed.",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submitted_electives",
        editable=False,
        help_text="Who submitted it for review; told when it is sent back.",
    )
    link_state = models.CharField(
        "link",
        max_length=10,
        choices=LinkState.choices,
        default=LinkState.UNCHECKED,
        editable=False,
    )
    link_status = models.PositiveSmallIntegerField(
        "link HTTP status", null=True, blank=True, editable=False
    )
    link_error = models.CharField(max_length=200, blank=True, editable=False)
    link_final_url = models.URLField("link lands on", max_length=500, blank=True, editable=False)
    link_checked_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ElectiveQuerySet.as_manager()
    # Who changed what, when (admin "History"); the link checker's and search index's own
    # bookkeeping and the auto-updated timestamp are not edits.
    history = HistoricalRecords(
        excluded_fields=[
            "search_vector",
            "updated_at",
            "link_state",
            "link_status",
            "link_error",
            "link_final_url",
            "link_checked_at",
        ],
        m2m_fields=[specialties, languages],
    )

    class Meta:
        ordering = NEWEST_FIRST
        permissions = [
            ("publish_elective", "Can publish, send back and archive electives"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(weeks_min__gte=1) & Q(weeks_min__lte=models.F("weeks_max")),
                name="weeks_min_lte_weeks_max",
            ),
            models.CheckConstraint(
                condition=Q(pgy_min__isnull=True)
                | Q(pgy_max__isnull=True)
                | Q(pgy_min__lte=models.F("pgy_max")),
                name="pgy_min_lte_pgy_max",
            ),
            models.CheckConstraint(
                condition=(Q(pgy_min__isnull=True) | Q(pgy_min__range=(PGY_MIN, PGY_MAX)))
                & (Q(pgy_max__isnull=True) | Q(pgy_max__range=(PGY_MIN, PGY_MAX))),
                name="pgy_between_1_and_8",
            ),
            models.CheckConstraint(
                condition=Q(cost_usd__isnull=True) | Q(cost_usd__gte=0),
                name="cost_not_negative",
            ),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="status_is_known"),
            models.CheckConstraint(
                condition=Q(category__in=Category.values), name="category_is_known"
            ),
            DATES.constraint("deadline", name="deadline_in_range"),
            DATES.constraint("last_verified", name="last_verified_in_range"),
            YEARS.constraint("partner_since", name="partner_since_in_range"),
        ]
        indexes = [
            # (The directory's filters, counts and orders are answered by the in-process
            # index, electives.index, not by SQL.)
            # Published electives, newest first: the home page's newest open electives.
            models.Index(fields=["status", "-published_at"], name="elective_listing_idx"),
            # A country's page: its published electives.
            models.Index(fields=["status", "country"], name="elective_country_idx"),
            # Published electives still open for applications (the home page, similar_open).
            models.Index(fields=["status", "deadline"], name="elective_deadline_idx"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Elective, self.title, exclude_pk=self.pk)
        self.stamp_publication()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("electives:detail", args=[self.slug])

    def stamp_publication(self, now=None):
        """The first publication is stamped (the listing's newest-first order and the
        alerts read it); save() and the import's bulk writes both call this."""
        if self.status == Status.PUBLISHED and self.published_at is None:
            self.published_at = now or timezone.now()

    def clean(self):
        errors = {}
        if self.weeks_min and self.weeks_max and self.weeks_min > self.weeks_max:
            errors["weeks_max"] = "The longest stay must be at least the shortest stay."
        if self.pgy_min and self.pgy_max and self.pgy_min > self.pgy_max:
            errors["pgy_max"] = "The highest PGY must be at least the lowest PGY."
        if errors:
            raise ValidationError(errors)

    @property
    def deadline_status(self):
        """What every page says of the deadline (templates/includes/deadline_status.html)."""
        return deadline_status(self.deadline, unstated=self.unstated)

    def unstated_labels(self):
        """The facts nobody stated, in words ("housing, PGY"), for warnings."""
        return [Fact(value).label for value in Fact.values if value in self.unstated]

    def states(self, changed_fields):
        """Takes facts as stated whose fields were changed (e.g. by a curator's form)."""
        changed = set(changed_fields)
        self.unstated = [
            value for value in self.unstated if not changed.intersection(Fact(value).fields)
        ]

    @property
    def confirmed_on(self):
        """CONFIRMED_ON, for one elective in hand."""
        listed = self.published_at or self.created_at
        return self.last_verified or (timezone.localdate(listed) if listed else None)

    @property
    def needs_reverification(self):
        """Not confirmed since reverify_before(): the listing may be out of date."""
        confirmed = self.confirmed_on
        return confirmed is not None and confirmed < reverify_before()

    @property
    def region(self):
        value = region_of(self.country.code)
        return Region(value) if value else None
