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
