"""The site's CSP middleware builds the same headers as django-csp's, once per process, and
still defers to django-csp for a page with a nonce or a decorator's own policy."""

from csp.middleware import CSPMiddleware
from django.http import HttpResponse
from django.test import RequestFactory

from web.middleware import ContentSecurityPolicyMiddleware


def headers_of(middleware_class, touch_nonce=False, response=None):
    middleware = middleware_class(lambda request: HttpResponse())
    request = RequestFactory().get("/electives/")
    middleware.process_request(request)
    if touch_nonce:
        str(request.csp_nonce)
    response = middleware.process_response(request, response or HttpResponse())
    return response.get("Content-Security-Policy"), request


def test_the_same_policy_as_django_csp():
    ours, _ = headers_of(ContentSecurityPolicyMiddleware)
    theirs, _ = headers_of(CSPMiddleware)
    assert ours == theirs and "script-src 'self'" in ours


def test_a_page_that_used_a_nonce_is_left_to_django_csp():
    ours, request = headers_of(ContentSecurityPolicyMiddleware, touch_nonce=True)
    theirs, _ = headers_of(CSPMiddleware, touch_nonce=True)
    assert request._csp_nonce and ours == theirs


def test_a_decorated_response_keeps_its_own_policy():
    response = HttpResponse()
    response._csp_replace = {"img-src": ["https://maps.example.org"]}
    policy, _ = headers_of(ContentSecurityPolicyMiddleware, response=response)
    assert "img-src https://maps.example.org" in policy
