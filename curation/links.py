"""check_links: is each published elective's URL still answering?

HEAD first (cheap for the sponsor's server), GET where HEAD is refused (405, 501), redirects
followed and the final address recorded. At most `concurrency` requests at once, each with
a timeout, so a thousand listings take about a minute and no sponsor sees a burst.
"""

import asyncio
import dataclasses

import httpx
from django.utils import timezone

from electives.models import Elective, LinkState

HEAD_REFUSED = {405, 501}
USER_AGENT = "ElectivesAbroad-LinkChecker/1.0 (+checks that listed programs still answer)"


@dataclasses.dataclass(frozen=True)
class LinkResult:
    status: int | None
    final_url: str = ""
    error: str = ""

    @property
    def state(self):
        ok = self.status is not None and self.status < 400
        return LinkState.OK if ok else LinkState.BROKEN


async def _check(client, limit, url):
    async with limit:
        try:
            response = await client.head(url)
            if response.status_code in HEAD_REFUSED:
                # Headers are enough: the body is never read.
                async with client.stream("GET", url) as response:
                    pass
        except httpx.TimeoutException:
            return LinkResult(None, error="timed out")
        except httpx.TooManyRedirects:
            return LinkResult(None, error="too many redirects")
        except httpx.HTTPError as error:
            return LinkResult(None, error=f"no answer ({type(error).__name__})")
        return LinkResult(response.status_code, final_url=str(response.url))


async def check_urls(urls, timeout=10.0, concurrency=8):
    """{url: LinkResult} for each distinct URL."""
    urls = sorted(set(urls))
    limit = asyncio.Semaphore(concurrency)
    async with httpx.AsyncClient(
        follow_redirects=True,
        max_redirects=10,
        # Waiting for a free connection is not the sponsor's fault: no pool timeout.
        timeout=httpx.Timeout(timeout, pool=None),
        limits=httpx.Limits(max_connections=concurrency),
        headers={"User-Agent": USER_AGENT},
    ) as client:
        results = await asyncio.gather(*(_check(client, limit, url) for url in urls))
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
