"""The client's address when the site runs behind PROXY_COUNT reverse proxies."""

import ipaddress

from django.conf import settings


def client_address(request):
    """The address the outermost of our proxies received the request from.

    Each proxy appends the address it was sent the request by to X-Forwarded-For, so with N
    proxies that address is the N-th entry from the right; everything left of it came from
    the client, who can write anything there. Without proxies the header is ignored.
    django-axes counts failed logins by this address (AXES_CLIENT_IP_CALLABLE).
    """
    remote = request.META.get("REMOTE_ADDR")
    count = settings.PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    if len(forwarded) < count:
        return remote  # not sent through all of our proxies
    try:
        return str(ipaddress.ip_address(forwarded[-count].strip()))
    except ValueError:
        return remote
