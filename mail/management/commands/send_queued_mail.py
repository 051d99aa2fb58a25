"""Deliver the e-mail still queued: schedule it every minute.

Safe to run several at once, and next to web requests delivering their own mail: each
message is claimed with a row lock, so none goes out twice.
"""

import datetime

from django.core.management.base import CommandError
from django.utils import timezone

from mail.models import OutgoingMail
from mail.outbox import deliver
from web.jobs import JobCommand


class Command(JobCommand):
    help = "Send the queued e-mail that was not sent yet; delete sent mail older than --keep-days."

    def add_arguments(self, parser):
        parser.add_argument(
            "--keep-days",
            type=int,
            default=30,
            help="Keep a copy of sent mail this long (default 30), then delete it.",
        )

    def handle(self, *args, keep_days, **options):
        if keep_days < 0:
            raise CommandError("--keep-days must be 0 or more.")
        delivery = deliver(OutgoingMail.objects.all())
        waiting = OutgoingMail.objects.unsent().count()
        deleted, _ = OutgoingMail.objects.filter(
            sent_at__lt=timezone.now() - datetime.timedelta(days=keep_days)
        ).delete()
        self.stdout.write(
            f"{len(delivery.sent)} e-mail(s) sent, {len(delivery.failed)} failed; "
            f"{waiting} still queued; {deleted} old sent e-mail(s) deleted."
        )
        delivery.raise_if_failed()
