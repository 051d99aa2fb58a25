"""Links that are e-mailed to someone and work without an account: signed with the row's id,
expiring, resolved back to the row (re-verification requests, debrief links)."""

from django.core import signing
from django.urls import reverse

from .outbox import absolute


class SignedLink:
    """A model mixin. The model sets `link_salt`, `link_max_age_days`, `link_url_name` (a
    URL taking the token) and `link_related` (what from_token selects with the row)."""

    link_related = ()

    @classmethod
    def _signer(cls):
        return signing.TimestampSigner(salt=cls.link_salt)

    @property
    def token(self):
        return self._signer().sign(str(self.pk))

    def get_absolute_url(self):
        return reverse(self.link_url_name, args=[self.token])

    def absolute_url(self):
        return absolute(self.get_absolute_url())

    @classmethod
    def from_token(cls, token):
        """The row a token names; signing.SignatureExpired / BadSignature / ValueError /
        DoesNotExist say why not."""
        pk = cls._signer().unsign(token, max_age=cls.link_max_age_days * 86400)
        return cls.objects.select_related(*cls.link_related).get(pk=int(pk))
