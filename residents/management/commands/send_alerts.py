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

from django.db import transaction
from django.db.models import Q
from django.http import QueryDict
from django.utils import timezone

from electives.filters import directory_filters
from electives.models import Elective
from mail import outbox
from mail.models import OutgoingMail
from residents.alerts import advisory_changes, alert_context
from residents.models import Alert
from web.jobs import JobCommand

logger = logging.getLogger(__name__)

PERIODS = {
    Alert.Frequency.DAILY: datetime.timedelta(days=1),
    Alert.Frequency.WEEKLY: datetime.timedelta(days=7),
}
SLACK = datetime.timedelta(hours=1)
UNCONFIRMED_FOR = datetime.timedelta(days=7)
MAX_LISTED = 30


class Command(JobCommand):
    help = "E-mail confirmed alerts their new matches; delete week-old unconfirmed ones."

    def add_arguments(self, parser):
        parser.add_argument("--frequency", choices=Alert.Frequency.values)

    def handle(self, *args, frequency=None, **options):
        now = timezone.now()
        deleted, _ = Alert.objects.filter(
            confirmed_at__isnull=True, created_at__lt=now - UNCONFIRMED_FOR
        ).delete()
        queued = []
        for value in [frequency] if frequency else Alert.Frequency.values:
            due = Alert.objects.filter(frequency=value, confirmed_at__isnull=False).filter(
                Q(checked_at__isnull=True) | Q(checked_at__lte=now - PERIODS[value] + SLACK)
            )
            for alert in due:
                if mail := self.send(alert, now):
                    queued.append(mail.pk)
        delivery = outbox.deliver(OutgoingMail.objects.filter(pk__in=queued))
        self.stdout.write(
            f"{len(delivery.sent)} alert e-mails sent, {len(delivery.failed)} failed; "
            f"{deleted} unconfirmed alerts deleted."
        )
        delivery.raise_if_failed()

    def send(self, alert, now):
        """The queued e-mail, if any. The alert is claimed and its e-mail queued in one
        transaction, so that overlapping runs never send one digest twice, a re-run never
        sends it again, and send_queued_mail sends it if this run cannot."""
        filters = directory_filters(QueryDict(alert.query), paged=False)
        if not filters.is_valid():
            # The filters changed since the alert was made: tell nobody rather than everyone.
            logger.warning("Alert %s has a search that is no longer valid", alert.pk)
            return None
        with transaction.atomic():
            if not claim(alert, now):
                return None
            selection = filters.found
            published = Elective.objects.published().filter(
                published_at__gt=alert.since, published_at__lte=now
            )
            new = [
                elective
                for elective in published.select_related("organization").newest_first()
                if elective.pk in selection
            ]
            changes = advisory_changes(selection.countries(), alert.since, now)
            if not (new or changes):
                return None
            context = {
                **alert_context(alert),
                "electives": [(e, outbox.absolute(e.get_absolute_url())) for e in new[:MAX_LISTED]],
                "more": max(0, len(new) - MAX_LISTED),
                "advisory_changes": changes,
            }
            unsubscribe = context["unsubscribe_url"]
            headers = {
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            }
            return outbox.send([alert.email], "alert_digest", context, headers=headers)


def claim(alert, now):
    """Whether this run takes the alert: one conditional UPDATE moves its check to `now`
    unless another run moved it first. Inside the caller's transaction, a concurrent run's
    UPDATE waits for this one to commit and then finds the check moved."""
    return bool(
        Alert.objects.filter(pk=alert.pk, checked_at=alert.checked_at).update(checked_at=now)
    )
