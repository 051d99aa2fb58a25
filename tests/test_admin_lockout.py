"""The admin stops trying passwords for an account after a few failures (django-axes)."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"


@pytest.fixture
def curator(django_user_model):
    return django_user_model.objects.create_user(
        "curator", password="correct horse battery", is_staff=True
    )


def attempt(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"})


def test_a_few_failures_lock_the_account_even_against_the_right_password(client, curator):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = attempt(client, "curator", "guess")
        assert response.status_code == 200  # the login form again, with its error
        assert b"Please enter the correct username and password" in response.content
    response = attempt(client, "curator", "guess")
    assert response.status_code == 429

    response = attempt(client, "curator", "correct horse battery")
    assert response.status_code == 429
    assert b"Too many failed sign-in attempts" in response.content
    assert "_auth_user_id" not in client.session
    assert response["Content-Security-Policy"]


def test_the_lock_is_for_that_account_from_that_address(client, curator, django_user_model):
    django_user_model.objects.create_user("other", password="another passphrase", is_staff=True)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "curator", "guess")
    assert attempt(client, "other", "another passphrase").status_code == 302
    elsewhere = attempt(
        client.__class__(REMOTE_ADDR="10.1.2.3"), "curator", "correct horse battery"
    )
    assert elsewhere.status_code == 302


def test_a_success_before_the_limit_starts_the_count_again(client, curator):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "curator", "guess")
    assert attempt(client, "curator", "correct horse battery").status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "curator", "guess")
    assert attempt(client, "curator", "correct horse battery").status_code == 302


def from_address(client, forwarded_for, username, password):
    """A login that reached the app through one proxy, which sent on X-Forwarded-For."""
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        HTTP_X_FORWARDED_FOR=forwarded_for,
        REMOTE_ADDR="10.0.0.2",  # the proxy
    )


def test_behind_a_proxy_an_attacker_locks_out_only_itself(client, curator, settings):
    settings.PROXY_COUNT = 1
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        from_address(client, "6.6.6.6", "curator", "guess")
    assert from_address(client, "6.6.6.6", "curator", "correct horse battery").status_code == 429
    curators_browser = client.__class__()
    signed_in = from_address(curators_browser, "7.7.7.7", "curator", "correct horse battery")
    assert signed_in.status_code == 302


@pytest.mark.parametrize(
    "proxy_count, tried_from, signs_in_from",
    [
        # The proxy appends the address it saw; what the client wrote stays on the left.
        (1, "1.2.3.{n}, 6.6.6.6", "7.7.7.7, 6.6.6.6"),
        # Without a proxy the whole header is the client's own writing.
        (0, "6.6.6.{n}", "7.7.7.7"),
    ],
)
def test_the_client_cannot_choose_the_address_counted(
    client, curator, settings, proxy_count, tried_from, signs_in_from
):
    settings.PROXY_COUNT = proxy_count
    for n in range(settings.AXES_FAILURE_LIMIT):
        from_address(client, tried_from.format(n=n), "curator", "guess")
    locked = from_address(client, signs_in_from, "curator", "correct horse battery")
    assert locked.status_code == 429
