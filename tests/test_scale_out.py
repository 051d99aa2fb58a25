"""Two app servers behind one PostgreSQL and one Redis agree at once (the app is stateless).

A curator edits an elective in the admin of instance A; instance B, whose cached copy of the
page is in the shared Redis and whose workers know the content version from their listeners
(electives.version_watch), shows the edit within a second.
"""

import json
import re
import time

import psycopg
import pytest
from django.db import connection
from lxml import html

from tests.servers import Server, manage, production_env


@pytest.fixture
def shared_database(postgres):
    """A database of its own on the test server, migrated, with a few electives."""
    params = connection.settings_dict
    name = f"{params['NAME']}_scale_out"
    server = f"postgres://{params['USER']}@{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server}/{name}"
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def edit_title_in_admin(server, slug, new_title):
    found = server.get(f"/admin/electives/elective/?q={slug}")
    change_url = re.search(r'href="(/admin/electives/elective/\d+/change/)', found.text).group(1)
    form = html.fromstring(server.get(change_url).body).forms[-1]
    fields = dict(form.form_values())
    # Repeated fields (specialties, languages) keep every value.
    values = [(k, v) for k, v in form.form_values() if k != "title"]
    values += [("title", new_title), ("_save", "Save")]
    assert fields["csrfmiddlewaretoken"]
    response = server.post_form(change_url, values)
    assert response.status == 302, response.text[:2000]


def test_an_edit_through_one_instance_shows_through_the_other_within_a_second(
    shared_database, redis_url
):
    env = production_env(shared_database, redis_url=redis_url)
    manage("migrate", "--noinput", env=env)
    password = "scale-out-test-passphrase"
    setup = (
        "from django.contrib.auth.models import User\n"
        "from django.core.management import call_command\n"
        "call_command('seed_demo', electives=8)\n"
        f"User.objects.create_superuser('curator', 'curator@example.org', {password!r})\n"
    )
    manage("shell", "-c", setup, env=env)
    with Server(env, workers=1) as a, Server(env, workers=1) as b:
        first = a.get("/api/electives/").body
        elective = json.loads(first)["results"][0]
        slug, title, page = elective["slug"], elective["title"], f"/electives/{elective['slug']}/"

        # Both instances render (and cache) the page, and agree on it.
        for server in (a, b, a, b):
            response = server.get(page)
            assert response.status == 200 and title in response.text
        # B's directory index and rendered cards hold the old title now.
        assert title in b.get("/electives/").text
        etag = b.get(page).headers["ETag"]
        assert a.get(page).headers["ETag"] == etag

        a.log_in("curator", password)
        edit_title_in_admin(a, slug, "Edited Through Instance A")

        edited = time.monotonic()
        on_b = b.get(page, **{"If-None-Match": etag})
        while on_b.status == 304 and time.monotonic() - edited < 1:
            time.sleep(0.01)
            on_b = b.get(page, **{"If-None-Match": etag})
        assert on_b.status == 200, f"B still showed the old page {time.monotonic() - edited} s on"
        assert "Edited Through Instance A" in on_b.text
        assert "Edited Through Instance A" in b.get("/electives/").text
        assert "Edited Through Instance A" in b.get("/electives/?q=edited+instance").text
        assert "Edited Through Instance A" in b.get("/api/electives/").text
        assert "Edited Through Instance A" in a.get(page).text

        # Sessions live in the database: the curator signed in on A is signed in on B.
        b.cookies = dict(a.cookies)
        admin_on_b = b.get("/admin/")
        assert admin_on_b.status == 200  # not a redirect to the login page
        assert 'action="/admin/logout/"' in admin_on_b.text
