"""check_links: is each published elective's URL still answering?

HEAD first (cheap for the sponsor's server), GET where HEAD is refused (405, 501), redirects
followed and the final address recorded. At most `concurrency` requests at once, each with
a timeout, so a thousand listings take about a minute and no sponsor sees a burst.

Only public addresses are requested (electives.addresses). The checker follows redirects
itself so that it can judge every hop: each host is resolved once, every address it
resolves to must be public, and the request goes to the address that was judged, so a name
that resolves differently a moment later (DNS rebinding) cannot lead it inside.
"""

import asyncio
import dataclasses
import socket

import httpx
from django.utils import timezone

from electives.addresses import address_refusal, host_refusal, is_allowed
from electives.models import Elective, LinkState

HEAD_REFUSED = {405, 501}
MAX_REDIRECTS = 10
USER_AGENT = "ElectivesAbroad-LinkChecker/1.0 (+checks that listed programs still answer)"


class Refused(Exception):
    """A hop the checker will not request; the message never names the address."""


@dataclasses.dataclass(frozen=True)
class LinkResult:
    status: int | None
    final_url: str = ""
    error: str = ""

    @property
    def state(self):
        ok = self.status is not None and self.status < 400
        return LinkState.OK if ok else LinkState.BROKEN


async def _public_address(url, timeout):
    """The address to connect to for url's host: resolved once, every answer public."""
    host = url.raw_host.decode("ascii")
    reason = host_refusal(host)
    if reason:
        raise Refused(reason)
    loop = asyncio.get_running_loop()
    try:
        answers = await asyncio.wait_for(
            loop.getaddrinfo(host, url.port, type=socket.SOCK_STREAM), timeout
        )
    except TimeoutError:
        raise httpx.ConnectTimeout("name lookup timed out") from None
    except (OSError, UnicodeError):
        raise httpx.ConnectError("name not found") from None
    addresses = [answer[4][0] for answer in answers]
    if not is_allowed(host):
        for address in addresses:
            reason = address_refusal(address)
            if reason:
                raise Refused(f"its name leads to {reason}")
    return addresses[0]


async def _send(client, method, url, address):
    """One request to url's host at `address`, without resolving the name again."""
    host = url.raw_host.decode("ascii")
    request = client.build_request(
        method,
        url.copy_with(host=address),
        # The name, not the address, for the server's virtual host and the certificate.
        headers={"Host": url.netloc.decode("ascii")},
        extensions={"sni_hostname": host},
    )
    # Headers are enough: the body is never read.
    response = await client.send(request, stream=True)
    await response.aclose()
    return response


async def _follow(client, url, timeout):
    """The status and URL the address finally answers with, judging every hop."""
    for hop in range(MAX_REDIRECTS + 1):
        try:
            address = await _public_address(url, timeout)
        except Refused as refusal:
            where = "the address is" if hop == 0 else "it redirects to"
            raise Refused(f"{where} {refusal}") from None
        response = await _send(client, "HEAD", url, address)
        if response.status_code in HEAD_REFUSED:
            response = await _send(client, "GET", url, address)
        if not response.has_redirect_location:
            return LinkResult(response.status_code, final_url=str(url))
        url = url.join(response.headers["Location"])
        if url.scheme not in ("http", "https"):
            raise Refused("it redirects to an address that is not a web page")
    raise httpx.TooManyRedirects("too many redirects")


async def _check(client, limit, url, timeout):
    async with limit:
        try:
            return await _follow(client, httpx.URL(url), timeout)
        except Refused as refusal:
            # Recorded without the address: sponsor editors read the report.
            return LinkResult(None, error=f"refused: {refusal}")
        except httpx.TimeoutException:
            return LinkResult(None, error="timed out")
        except httpx.TooManyRedirects:
            return LinkResult(None, error="too many redirects")
        except httpx.InvalidURL:
            return LinkResult(None, error="not a valid address")
        except httpx.HTTPError as error:
            return LinkResult(None, error=f"no answer ({type(error).__name__})")


async def check_urls(urls, timeout=10.0, concurrency=8):
    """{url: LinkResult} for each distinct URL."""
    urls = sorted(set(urls))
    limit = asyncio.Semaphore(concurrency)
    async with httpx.AsyncClient(
        # Proxies from the environment would resolve names themselves.
        trust_env=False,
        # Waiting for a free connection is not the sponsor's fault: no pool timeout.
        timeout=httpx.Timeout(timeout, pool=None),
        # Connections are keyed by address, and two sites may share one (a CDN): a
        # kept-alive connection would carry one site's request under the other's TLS name.
        limits=httpx.Limits(max_connections=concurrency, max_keepalive_connections=0),
        headers={"User-Agent": USER_AGENT},
    ) as client:
        results = await asyncio.gather(*(_check(client, limit, url, timeout) for url in urls))
    return dict(zip(urls, results, strict=True))


def check_links(timeout=10.0, concurrency=8):
    """Check every published elective's URL and record what was found; returns
    {url: LinkResult}."""
    electives = list(Elective.objects.published().values_list("pk", "url"))
    results = asyncio.run(check_urls([url for _, url in electives], timeout, concurrency))
    now = timezone.now()
    for pk, url in electives:
        result = results[url]
        # A plain UPDATE: link health shows on no public page and is not an edit, so
        # neither the page cache nor the history needs to hear of it.
        Elective.objects.filter(pk=pk).update(
            link_state=result.state,
            link_status=result.status,
            link_error=result.error,
            link_final_url=result.final_url[:500],
            link_checked_at=now,
        )
    return results
