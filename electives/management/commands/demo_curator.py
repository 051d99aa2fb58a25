import secrets

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Create (or reset) a local 'curator' account with a fresh random password. DEBUG only."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="curator")

    def handle(self, username, **options):
        if not settings.DEBUG:
            raise CommandError(
                "demo_curator is for local runs only (DEBUG=1); it never runs in production."
            )
        password = secrets.token_urlsafe(12)
        user, _ = User.objects.get_or_create(username=username)
        user.is_staff = True
        user.is_superuser = False
        user.set_password(password)
        user.save()
        user.groups.add(Group.objects.get(name="Curators"))
        rule = "=" * 64
        self.stdout.write(
            f"\n{rule}\n"
            f"  Electives Abroad is starting at http://127.0.0.1:8000/\n"
            f"  Curators sign in at http://127.0.0.1:8000/{settings.ADMIN_URL}\n"
            f"    username: {username}\n"
            f"    password: {password}\n"
            f"{rule}\n"
        )
