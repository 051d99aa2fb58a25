"""What django-axes records of a failed admin login."""

from django.conf import settings
from django.contrib.auth.models import User

LONGEST_USERNAME = User._meta.get_field("username").max_length


def attempted_username(request, credentials=None):
    """The username a login sent, as axes reads it by default, but cut to the longest a
    user can have: axes stores it in a 255-character column, and a longer one (or a NUL)
    made the failed login a 500 instead of a refusal."""
    source = credentials or getattr(request, "data", request.POST)
    username = source.get(getattr(settings, "AXES_USERNAME_FORM_FIELD", "username"))
    if username is None:
        return None
    return username.replace("\x00", "")[:LONGEST_USERNAME]
