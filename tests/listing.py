"""Reading the directory's public surfaces in tests."""


def api(client, params=""):
    response = client.get(f"/api/electives/?{params}")
    assert response.status_code == 200, response.content
    return response.json()


def result_slugs(client, params=""):
    """Slugs the JSON lists for these parameters, in listing order (first page)."""
    return [result["slug"] for result in api(client, params)["results"]]


def matching(client, params=""):
    return set(result_slugs(client, params))
