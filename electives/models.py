import calendar
import datetime
import re
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from .addresses import host_refusal
from .regions import Region, region_of

PGY_VALIDATORS = [MinValueValidator(1), MaxValueValidator(8)]
# The longest stay, in weeks, an elective may list and a filter may ask for (two years).
MAX_WEEKS = 104
WEEKS_VALIDATORS = [MinValueValidator(1), MaxValueValidator(MAX_WEEKS)]
# Listing order: newest first, with tie-breaks so pages never overlap or skip.
NEWEST_FIRST = ["-published_at", "title", "id"]
http_url_validator = URLValidator(schemes=["http", "https"])
# Line breaks (including Unicode's) and other control characters: a title or a name that
# holds one adds a line to plain-text e-mails and breaks calendar files.
NOT_ON_ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def validate_single_line(value):
    """For fields shown on one line; forms, the admin and the CSV rows take it from the model."""
    if NOT_ON_ONE_LINE.search(value):
        raise ValidationError(
            "Keep this on one line: remove line breaks and control characters.",
            code="single_line",
        )


def one_line(text):
    """Text stored before validate_single_line, made safe for one line (calendars)."""
    return " ".join(NOT_ON_ONE_LINE.sub(" ", text).split())


def public_host_validator(value):
    """Refuse a URL whose host is on a private network or this machine (see addresses)."""
    try:
        host = urlsplit(value).hostname or ""
    except ValueError:
        return  # not a URL at all: URLValidator says so
    reason = host_refusal(host)
    if reason:
        raise ValidationError(
            "Enter a public web address: this one points at %(reason)s.",
            code="non_public_host",
            params={"reason": reason},
        )


class WebAddressField(models.URLField):
    """An http(s) address on the public internet. In forms (the admin, the CSV rows), an
    address typed without a scheme ("example.org") is taken as https://, the default
    Django 6 moves to."""

    default_validators = [*models.URLField.default_validators, public_host_validator]

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})


def unique_slug(model, text, *, exclude_pk=None, max_length=200):
    """A slug made from text, with -2, -3 ... added until no other row has it."""
    base = slugify(text)[:max_length].strip("-") or "item"
    taken = set(
        model.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        suffix = f"-{n}"
        slug = base[: max_length - len(suffix)] + suffix
        n += 1
    return slug


class Category(models.TextChoices):
    CLINICAL = "clinical", "Clinical elective"
    COMMUNITY_HEALTH = "community-health", "Community health elective"
    RESEARCH = "research", "Research project"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in-review", "In review"
    PUBLISHED = "published", "Published"
    ARCHIVED = "archived", "Archived"


class Scope(models.TextChoices):
    HANDS_ON = "hands-on", "Hands-on"
    OBSERVERSHIP = "observership", "Observership"
    RESEARCH_ONLY = "research-only", "Research only"


class YesNo(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"


class Fact(models.TextChoices):
    """Facts a suggestion may leave unsaid: stored defaults (no housing, any PGY, rolling
    deadline...) would read as facts, so the elective records which ones nobody stated."""

    HOUSING = "housing", "housing"
    PGY = "pgy", "PGY"
    SPECIALTIES = "specialties", "specialties"
    LANGUAGES = "languages", "languages"
    DEADLINE = "deadline", "deadline"

    @property
    def fields(self):
        """The elective's fields that state it: setting one of them states the fact."""
        return {"pgy": ["pgy_min", "pgy_max"]}.get(self.value, [self.value])


class UnstatedFactsField(models.JSONField):
    """A list of Fact values; ticked boxes in forms."""

    def formfield(self, **kwargs):
        return forms.TypedMultipleChoiceField(
            choices=Fact.choices,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            label=self.verbose_name.capitalize(),
            help_text=self.help_text,
        )


class LinkState(models.TextChoices):
    """What check_links found at an elective's URL (the admin's "link" filter)."""

    OK = "ok", "Working"
    BROKEN = "broken", "Broken"
    UNCHECKED = "unchecked", "Not checked yet"


class Organization(models.Model):
    class Kind(models.TextChoices):
        ACADEMIC = "academic", "Academic"
        NGO = "ngo", "Non-governmental organization"
        GOVERNMENT = "government", "Government"
        HOSPITAL = "hospital", "Hospital"
        FAITH_BASED = "faith-based", "Faith-based"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True, validators=[validate_single_line])
    slug = models.SlugField(max_length=200, unique=True, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    website = WebAddressField(blank=True, validators=[http_url_validator])
    country = CountryField(blank=True, help_text="Where the sponsor is based.")
    description = models.TextField(blank=True)
    contact = models.CharField(
        max_length=200,
        blank=True,
        validators=[validate_single_line],
        help_text="A person, e-mail address or phone number.",
    )
    editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="edited_organizations",
        help_text=(
            "Sponsor staff who may edit this sponsor's profile and electives in the admin "
            "and submit new ones for review (also add them to the Sponsor editors group)."
        ),
    )

    history = HistoricalRecords(excluded_fields=["editors"])

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Organization, self.name, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("electives:organization", args=[self.slug])


class Specialty(models.Model):
    name = models.CharField(max_length=100, unique=True, validators=[validate_single_line])
    slug = models.SlugField(max_length=100, unique=True)
    aliases = models.CharField(
        max_length=500,
        blank=True,
        help_text=(
            "Other names residents search for, separated by commas: "
            "peds, paediatrics, pediatric. The search finds this specialty's electives by them."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "specialties"

    def __str__(self):
        return self.name


class Language(models.Model):
    """An ISO 639-1 language; the migration loads the whole standard."""

    code = models.CharField(max_length=2, primary_key=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def plain_name(self):
        return plain_language_name(self.name)


def plain_language_name(name):
    """ISO 639's name as a resident says it: "Nepali (macrolanguage)" is "Nepali"."""
    return name.split(" (")[0]


def published(through=""):
    """Published electives as a condition, also through a relation: published("electives__")."""
    return Q(**{f"{through}status": Status.PUBLISHED})


class DeadlineStatus(models.TextChoices):
    OPEN = "open", "Open"
    ROLLING = "rolling", "Rolling admission"
    CLOSED = "closed", "Closed for this cycle"


def deadline_status(deadline, today=None):
    """SPEC.md's Freshness: a passed deadline is closed for this cycle; none is rolling."""
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
        """Never verified and listed before that day, or last verified before it."""
        return self.filter(
            Q(last_verified__lt=day) | Q(last_verified__isnull=True, created_at__date__lt=day)
        )

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
    country = CountryField()
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
        null=True, blank=True, help_text="When a curator last confirmed the details with the host."
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
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
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
        validators=[MinValueValidator(0), MaxValueValidator(MAX_WEEKS)],
        help_text="How many weeks ahead the host needs the paperwork.",
    )
    malpractice_cost = models.TextField(
        "malpractice cost",
        blank=True,
        help_text="What malpractice cover costs the resident, and who pays it.",
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
                condition=(Q(pgy_min__isnull=True) | Q(pgy_min__range=(1, 8)))
                & (Q(pgy_max__isnull=True) | Q(pgy_max__range=(1, 8))),
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
        ]
        indexes = [
            # The listing: published electives, newest first.
            models.Index(fields=["status", "-published_at"], name="elective_listing_idx"),
            # Country pages and the country/region filters.
            models.Index(fields=["status", "country"], name="elective_country_idx"),
            # sort=deadline and open=1.
            models.Index(fields=["status", "deadline"], name="elective_deadline_idx"),
            # The directory's counts and facets: every column the filters test, so that
            # counting matches is an index-only scan, not a pass over the wide rows.
            models.Index(
                fields=[
                    "status",
                    "country",
                    "category",
                    "organization",
                    "weeks_min",
                    "weeks_max",
                    "cost_usd",
                    "pgy_min",
                    "pgy_max",
                    "deadline",
                    "housing",
                    "id",
                ],
                name="elective_filter_idx",
            ),
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
        return deadline_status(self.deadline)

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
    def needs_reverification(self):
        """Not verified since reverify_before(): the listing may be out of date."""
        return self.last_verified is None or self.last_verified < reverify_before()

    @property
    def region(self):
        value = region_of(self.country.code)
        return Region(value) if value else None


class TravelAdvisoryQuerySet(models.QuerySet):
    def stale(self, today=None):
        return self.filter(issued__lt=(today or timezone.localdate()) - STALE_ADVISORY_AGE)

    def level_changed_since(self, when):
        return self.filter(level_changed_at__gt=when)

    def level_changed_recently(self, now=None):
        return self.level_changed_since((now or timezone.now()) - RECENT_LEVEL_CHANGE)


# An advisory older than this may no longer say what the State Department says now.
STALE_ADVISORY_AGE = datetime.timedelta(days=365)
# How long a change of level is news to residents who saved an elective in that country.
RECENT_LEVEL_CHANGE = datetime.timedelta(days=30)


class TravelAdvisory(models.Model):
    """The U.S. State Department's advisory for one country (from its RSS feed)."""

    class Level(models.IntegerChoices):
        NORMAL = 1, "Level 1: Exercise Normal Precautions"
        INCREASED = 2, "Level 2: Exercise Increased Caution"
        RECONSIDER = 3, "Level 3: Reconsider Travel"
        DO_NOT_TRAVEL = 4, "Level 4: Do Not Travel"

    country = CountryField(unique=True)
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    headline = models.CharField(max_length=300)
    issued = models.DateField(help_text="The date the State Department gave the advisory.")
    source_url = WebAddressField(max_length=500, validators=[http_url_validator])
    imported_at = models.DateTimeField(default=timezone.now)
    previous_level = models.PositiveSmallIntegerField(
        choices=Level.choices,
        null=True,
        blank=True,
        help_text="The level before the last change, as the import found it.",
    )
    level_changed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When an import found the level changed (residents who saved or "
        "subscribed to electives in this country are told).",
    )

    objects = TravelAdvisoryQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["imported_at"])

    class Meta:
        ordering = ["country"]
        verbose_name_plural = "travel advisories"
        constraints = [
            models.CheckConstraint(condition=Q(level__range=(1, 4)), name="advisory_level_1_to_4")
        ]

    def __str__(self):
        return f"{self.country.name}: {self.get_level_display()}"

    @property
    def is_warning(self):
        return self.level >= self.Level.RECONSIDER

    @property
    def is_stale(self):
        return timezone.localdate() - self.issued > STALE_ADVISORY_AGE

    def record_level(self, level, now):
        """Set the level; a change is remembered (previous level, when) for residents."""
        if self.pk is not None and level != self.level:
            self.previous_level, self.level_changed_at = self.level, now
        self.level = level

    @property
    def level_change(self):
        """ "Advisory for Kenya raised from Level 2 to Level 3 on 2 Dec 2026", or ""."""
        if self.previous_level is None or self.level_changed_at is None:
            return ""
        direction = "raised" if self.level > self.previous_level else "lowered"
        when = timezone.localdate(self.level_changed_at)
        return (
            f"Advisory for {self.country.name} {direction} from Level {self.previous_level} "
            f"to Level {self.level} on {when.day} {when:%b %Y}"
        )


class ContentVersion(models.Model):
    """One row that changes with every edit to what the public pages show (electives.cache).

    It lives in the database, not in a cache, so that every process and every app server
    sees an edit on its very next request, and it changes in the same transaction as the edit.
    """

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField()
    # Counts the changes: each one's ContentChange rows carry its number. The row is locked
    # from a change's UPDATE to its commit, so the numbers follow the order of the commits.
    sequence = models.BigIntegerField(default=0)

    def __str__(self):
        return f"{self.token} ({self.changed_at:%Y-%m-%d %H:%M:%S})"


class ContentChange(models.Model):
    """What one content change touched: an elective, or (elective_id null) anything.

    The directory's index (electives.index) reads the changes since the version it holds and
    updates only those electives; a change to anything else (a sponsor, an advisory, a bulk
    write) has it rebuilt. Old rows are deleted as new ones come (electives.cache).
    """

    EVERYTHING = None  # elective_id of a change that may have touched any elective
    NOTHING = 0  # elective_id of a change no listing shows (a sponsor with nothing listed)

    sequence = models.BigIntegerField(db_index=True)
    token = models.CharField(max_length=32)  # the version it made (ContentVersion.token)
    # Not a foreign key: the row outlives a deleted elective, whose removal it records.
    elective_id = models.IntegerField(null=True)

    def __str__(self):
        return f"{self.sequence}: {self.elective_id or 'everything'}"
