"""Answers made from what a visitor typed for themselves (the approval packet's form): kept
out of every shared cache, out of the access log and out of other pages' Referer."""

# Set in the request's WSGI environ, which gunicorn's access logger reads after the answer
# (web.access_log): the line then names the path without the query string.
PRIVATE_QUERY = "electives.private_query"


def keep_private(request, response):
    request.META[PRIVATE_QUERY] = True
    response["Cache-Control"] = "private, no-store"
    # The page's URL holds what was typed: links from it must not carry it anywhere.
    response["Referrer-Policy"] = "no-referrer"
    return response
