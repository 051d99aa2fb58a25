import datetime

import factory
from django.contrib.auth.models import Group, User
from django.utils import timezone

from electives.models import (
    Category,
    Elective,
    Organization,
    Specialty,
    Status,
    TravelAdvisory,
)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Sponsor {n} Health Partners")
    kind = Organization.Kind.NGO
    website = factory.LazyAttribute(lambda o: f"https://{o.name.split()[1]}.example.org/")
    country = "US"


class SpecialtyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Specialty
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Specialty {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))


class ElectiveFactory(factory.django.DjangoModelFactory):
    """A draft, as a new listing starts; see the status-named factories below."""

    class Meta:
        model = Elective
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Rural Family Medicine Elective {n}")
    category = Category.CLINICAL
    organization = factory.SubFactory(OrganizationFactory)
    country = "KE"
    city = "Kisumu"
    weeks_min = 4
    weeks_max = 8
    cost_usd = 500
    housing = True
    url = factory.LazyAttribute(
        lambda o: f"https://example.org/{o.title.lower().replace(' ', '-')}"
    )
    contact_email = "electives@example.org"
    summary = "Ward rounds and clinics in a district hospital."
    description = "## What you will do\n\nSee patients with the host team."
    status = Status.DRAFT
    last_verified = factory.LazyFunction(timezone.localdate)

    @factory.post_generation
    def specialties(self, create, extracted, **kwargs):
        if create and extracted:
            self.specialties.set(extracted)

    @factory.post_generation
    def languages(self, create, extracted, **kwargs):
        if create and extracted:
            self.languages.set(extracted)


class DraftElectiveFactory(ElectiveFactory):
    status = Status.DRAFT


class InReviewElectiveFactory(ElectiveFactory):
    status = Status.IN_REVIEW


class PublishedElectiveFactory(ElectiveFactory):
    status = Status.PUBLISHED


class ArchivedElectiveFactory(ElectiveFactory):
    status = Status.ARCHIVED
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=400))


class TravelAdvisoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TravelAdvisory
        django_get_or_create = ["country"]

    country = "KE"
    level = TravelAdvisory.Level.INCREASED
    headline = "Kenya - Level 2: Exercise Increased Caution"
    issued = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    source_url = "https://travel.state.gov/content/travel/en/traveladvisories/traveladvisories/kenya-travel-advisory.html"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password("a-long-test-password")


class CuratorFactory(UserFactory):
    class Meta:
        skip_postgeneration_save = True

    is_staff = True

    @factory.post_generation
    def curators_group(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get(name="Curators"))


class SponsorEditorFactory(UserFactory):
    """Staff in the Sponsor editors group, editing the organizations given as `organizations`."""

    class Meta:
        skip_postgeneration_save = True

    is_staff = True

    @factory.post_generation
    def organizations(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get(name="Sponsor editors"))
            for organization in extracted or []:
                organization.editors.add(self)


class AlertFactory(factory.django.DjangoModelFactory):
    """A confirmed alert; pass confirmed_at=None for one waiting for its link."""

    class Meta:
        model = "residents.Alert"

    email = factory.Sequence(lambda n: f"resident{n}@example.org")
    query = ""
    frequency = "daily"
    confirmed_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=2))


class DebriefFactory(factory.django.DjangoModelFactory):
    """A debrief in review, as a participant's answers arrive; see PublishedDebriefFactory."""

    class Meta:
        model = "debriefs.Debrief"

    elective = factory.SubFactory("tests.factories.PublishedElectiveFactory")
    email = factory.Sequence(lambda n: f"participant{n}@example.org")
    month = 3
    year = factory.LazyFunction(lambda: timezone.localdate().year - 1)
    pgy = 3
    specialty = factory.LazyFunction(lambda: Specialty.objects.get(slug="family-medicine"))
    weeks = 4
    supervisor = "A consultant family physician"
    supervision = "daily"
    patients_per_day = 25
    role = "hands-on"
    total_cost_usd = 2400
    housing = "The guesthouse next to the hospital."
    credit_granted = "yes"
    would_go_again = True
    text = "Busy clinics, kind colleagues."
    status = "in-review"


class PublishedDebriefFactory(DebriefFactory):
    status = "published"
