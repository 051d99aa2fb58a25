from django.db import models
from simple_history.models import HistoricalRecords

from electives.models import WebAddressField, http_url_validator


class Topic(models.TextChoices):
    # The order here is the order of the sections on /resources/.
    TRAVEL_HEALTH = "travel-health", "Travel health"
    SAFETY = "safety", "Safety"
    LICENSURE_CREDIT = "licensure-credit", "Licensure and credit"
    ETHICS = "ethics", "Ethics"
    FUNDING = "funding", "Funding"
    ORGANIZATIONS = "organizations", "Organizations and networks"


class Resource(models.Model):
    """An external link on /resources/, curated in the admin."""

    Topic = Topic

    title = models.CharField(max_length=200)
    url = WebAddressField("URL", max_length=500, validators=[http_url_validator])
    description = models.TextField(
        max_length=600,
        help_text="One or two sentences, in our own words: what a resident will find there.",
    )
    topic = models.CharField(max_length=20, choices=Topic.choices)
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Lower numbers come first within a topic."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["topic", "order", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(topic__in=Topic.values), name="resource_topic_is_known"
            ),
            models.UniqueConstraint(fields=["url"], name="resource_url_unique"),
        ]

    def __str__(self):
        return self.title
