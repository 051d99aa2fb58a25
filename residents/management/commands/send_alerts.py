"""E-mail each confirmed alert the published electives that newly match its search.

"New" means published after the alert's last check (or its confirmation): an elective
edited later so that it matches now, but published before, is not sent, since the alert
keeps no record of what it matched before (only the address, the search, the frequency
and timestamps are stored). Run it hourly or daily from a scheduler: an alert is due a
day (daily) or a week (weekly) after its last check, with an hour's slack so a daily
job that starts a little early still sends.
"""

import datetime
import logging

from django.core.management.base import BaseCommand
from django.db.models import Q
from django.http import QueryDict
from django.utils import timezone

from electives.filters import directory_filters
from residents.alerts import advisory_changes, alert_context
from residents.mail import absolute, send_now
from residents.models import Alert

logger = logging.getLogger(__name__)

PERIODS = {
    Alert.Frequency.DAILY: datetime.timedelta(days=1),
    Alert.Frequency.WEEKLY: datetime.timedelta(days=7),
}
SLACK = datetime.timedelta(hours=1)
UNCONFIRMED_FOR = datetime.timedelta(days=7)
MAX_LISTED = 30


class Command(BaseCommand):
    help = "E-mail confirmed alerts their new matches; delete week-old unconfirmed ones."

    def add_arguments(self, parser):
        parser.add_argument("--frequency", choices=Alert.Frequency.values)

    def handle(self, *args, frequency=None, **options):
        now = timezone.now()
        deleted, _ = Alert.objects.filter(
            confirmed_at__isnull=True, created_at__lt=now - UNCONFIRMED_FOR
        ).delete()
        sent = 0
        for value in [frequency] if frequency else Alert.Frequency.values:
            due = Alert.objects.filter(frequency=value, confirmed_at__isnull=False).filter(
                Q(checked_at__isnull=True) | Q(checked_at__lte=now - PERIODS[value] + SLACK)
            )
            for alert in due:
                sent += self.send(alert, now)
        self.stdout.write(f"{sent} alert e-mails sent; {deleted} unconfirmed alerts deleted.")

    def send(self, alert, now):
        """Whether an e-mail went out. The check moves on unless sending failed."""
        filters = directory_filters(QueryDict(alert.query), paged=False)
        if not filters.is_valid():
            # The filters changed since the alert was made: tell nobody rather than everyone.
            logger.warning("Alert %s has a search that is no longer valid", alert.pk)
            return False
        new = list(
            filters.newest()
            .filter(published_at__gt=alert.since, published_at__lte=now)
            .select_related("organization")
        )
        changes = advisory_changes(filters.qs, alert.since, now)
        sent = False
        if new or changes:
            context = {
                **alert_context(alert),
                "electives": [(e, absolute(e.get_absolute_url())) for e in new[:MAX_LISTED]],
                "more": max(0, len(new) - MAX_LISTED),
                "advisory_changes": changes,
            }
            unsubscribe = context["unsubscribe_url"]
            headers = {
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            }
            sent = send_now([alert.email], "alert_digest", context, headers=headers)
            if not sent:
                return False
        alert.checked_at = now
        alert.save(update_fields=["checked_at"])
        return sent
