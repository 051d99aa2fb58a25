import re

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse

from guide.models import Resource, Topic
from tests.factories import CuratorFactory, UserFactory

pytestmark = pytest.mark.django_db


def topics_shown(html):
    return re.findall(r'<section class="prose resource-group">\s*<h2 id="([a-z-]+)">', html)


def section(html, topic):
    match = re.search(rf'<h2 id="{topic}">.*?</section>', html, re.S)
    return match.group(0) if match else ""


def test_the_migration_seeds_links_for_every_topic():
    for topic in Topic:
        assert Resource.objects.filter(topic=topic).exists(), topic
    for resource in Resource.objects.all():
        resource.full_clean()
        assert resource.url.startswith("https://")


def test_resources_are_grouped_by_topic_in_the_declared_order(client):
    html = client.get(reverse("guide:resources")).text
    assert topics_shown(html) == [topic.value for topic in Topic]
    assert "https://travel.state.gov/content/travel/en/traveladvisories/traveladvisories.html" in (
        section(html, "safety")
    )
    assert "https://wwwnc.cdc.gov/travel/destinations/list" in section(html, "travel-health")


def test_order_then_title_decides_the_order_within_a_topic(client):
    Resource.objects.all().delete()
    Resource.objects.create(
        title="Zeta", url="https://z.example.org/", description="Z.", topic=Topic.ETHICS, order=1
    )
    Resource.objects.create(
        title="Alpha", url="https://a.example.org/", description="A.", topic=Topic.ETHICS, order=2
    )
    Resource.objects.create(
        title="Beta", url="https://b.example.org/", description="B.", topic=Topic.ETHICS, order=2
    )
    html = section(client.get(reverse("guide:resources")).text, "ethics")
    assert html.index("Zeta") < html.index("Alpha") < html.index("Beta")


def test_topics_without_resources_are_left_out(client):
    Resource.objects.exclude(topic=Topic.FUNDING).delete()
    html = client.get(reverse("guide:resources")).text
    assert topics_shown(html) == ["funding"]


def test_an_empty_list_still_answers(client):
    Resource.objects.all().delete()
    response = client.get(reverse("guide:resources"))
    assert response.status_code == 200
    assert "No resources have been added yet" in response.text


def test_text_from_curators_is_escaped(client):
    Resource.objects.create(
        title="<script>alert(1)</script>",
        url="https://x.example.org/",
        description="<b>bold</b>",
        topic=Topic.SAFETY,
    )
    html = client.get(reverse("guide:resources")).text
    assert "<script>alert(1)" not in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org/", "not a url"])
def test_only_http_and_https_links_are_accepted(url):
    resource = Resource(title="Bad", url=url, description="Bad.", topic=Topic.SAFETY)
    with pytest.raises(ValidationError) as error:
        resource.full_clean()
    assert "url" in error.value.message_dict


def test_the_page_takes_one_query_however_many_resources(client, django_assert_num_queries):
    for n in range(30):
        Resource.objects.create(
            title=f"Link {n}",
            url=f"https://{n}.example.org/",
            description="A link.",
            topic=list(Topic)[n % len(Topic)],
        )
    with django_assert_num_queries(1):
        assert client.get(reverse("guide:resources")).status_code == 200


# The admin: curators keep the list.


@pytest.fixture
def curator_client(client):
    client.force_login(CuratorFactory())
    return client


def test_curator_can_add_a_resource(curator_client):
    response = curator_client.post(
        reverse("admin:guide_resource_add"),
        {
            "title": "WHO: international travel and health",
            "url": "https://www.who.int/health-topics/travel-and-health",
            "topic": "travel-health",
            "order": "50",
            "description": "The World Health Organization's pages on travel and health.",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    resource = Resource.objects.get(url="https://www.who.int/health-topics/travel-and-health")
    assert resource.topic == Topic.TRAVEL_HEALTH
    assert resource.order == 50


def test_curator_can_edit_a_resource(curator_client, client):
    resource = Resource.objects.get(url="https://www.cugh.org/")
    response = curator_client.post(
        reverse("admin:guide_resource_change", args=[resource.pk]),
        {
            "title": "CUGH",
            "url": resource.url,
            "topic": "ethics",
            "order": "5",
            "description": "Changed by a curator.",
        },
    )
    assert response.status_code == 302
    resource.refresh_from_db()
    assert (resource.title, resource.topic, resource.description) == (
        "CUGH",
        "ethics",
        "Changed by a curator.",
    )
    assert "Changed by a curator." in client.get(reverse("guide:resources")).text


def test_curator_sees_the_resource_list_in_the_admin(curator_client):
    response = curator_client.get(reverse("admin:guide_resource_changelist"))
    assert response.status_code == 200
    assert "CDC Yellow Book" in response.text


def test_the_admin_refuses_a_javascript_link(curator_client):
    response = curator_client.post(
        reverse("admin:guide_resource_add"),
        {
            "title": "Bad",
            "url": "javascript:alert(1)",
            "topic": "safety",
            "order": "0",
            "description": "Bad.",
        },
    )
    assert response.status_code == 200
    assert "url" in response.context["adminform"].form.errors
    assert not Resource.objects.filter(title="Bad").exists()


def test_staff_outside_the_curators_group_cannot_edit_resources(client):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(reverse("admin:guide_resource_add")).status_code == 403


def test_the_curators_group_may_manage_resources():
    codenames = set(
        Group.objects.get(name="Curators").permissions.values_list("codename", flat=True)
    )
    assert {"add_resource", "change_resource", "delete_resource", "view_resource"} <= codenames
