"""Reading the directory's public surfaces in tests."""

import csv
import io


def api(client, params=""):
    response = client.get(f"/api/electives/?{params}")
    assert response.status_code == 200, response.content
    return response.json()


def result_slugs(client, params=""):
    """Slugs the JSON lists for these parameters, in listing order (first page)."""
    return [result["slug"] for result in api(client, params)["results"]]


def matching(client, params=""):
    return set(result_slugs(client, params))


def csv_slugs(client, params=""):
    """Slugs the CSV export lists for these parameters, in its order (every match)."""
    response = client.get(f"/electives/export.csv?{params}")
    assert response.status_code == 200, response.content
    return [row["slug"] for row in csv.DictReader(io.StringIO(response.content.decode()))]
