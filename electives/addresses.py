"""Which hosts the site may send requests to: public ones only.

A listing's URL is typed by curators, sponsor editors and the public (suggestions), and
the link checker requests it from inside our network. An address on that network (the
database, the cloud's metadata service at 169.254.169.254, an admin port on loopback) must
never be reachable that way. URL fields refuse such hosts by name and by IP literal, without
DNS; the link checker also refuses each address a name resolves to, at every redirect.

settings.OUTBOUND_ALLOWED_HOSTS lists hosts exempt from the rule, as written in URLs. It is
empty in production; tests put their loopback servers there.
"""

import ipaddress

from django.conf import settings

# Names that never lead to the public internet (RFC 6761, RFC 6762, RFC 8375, and the
# suffixes cloud providers and home routers use for their own networks).
INTERNAL_SUFFIXES = (".localhost", ".local", ".internal", ".localdomain", ".home.arpa", ".lan")


def _host(host):
    return host.strip().strip("[]").rstrip(".").lower()


def is_allowed(host):
    allowed = {_host(name) for name in settings.OUTBOUND_ALLOWED_HOSTS}
    return _host(host) in allowed


def address_refusal(address):
    """Why requests may not go to this IP address, or "" if it is a public one."""
    ip = ipaddress.ip_address(address)
    if ip.version == 6:
        # An IPv6 form that carries an IPv4 address reaches that IPv4 address.
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo and ip.teredo[1])
        if embedded:
            return address_refusal(embedded)
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_multicast:
        return "a multicast address"
    if ip.is_private:
        return "a private address"
    if not ip.is_global or ip.is_reserved or ip.is_unspecified:
        return "a reserved address"
    return ""


def host_refusal(host):
    """Why a URL may not point at this host, judged without DNS, or "" if it may."""
    if is_allowed(host):
        return ""
    name = _host(host)
    try:
        return address_refusal(name)
    except ValueError:
        pass  # not an IP literal: judge the name
    if name == "localhost" or name.endswith(INTERNAL_SUFFIXES):
        return "a name for this machine or a private network"
    labels = name.split(".")
    if len(labels) < 2 or labels[-1].isdigit() or labels[-1].startswith("0x"):
        # "intranet", "127.1", "0x7f000001": no public domain looks like that.
        return "not a public domain name"
    return ""
