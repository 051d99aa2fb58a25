"""gunicorn's access log without the query strings of private answers (web.private):
`logger_class` in gunicorn.conf.py."""

from gunicorn.glogging import Logger

from .private import PRIVATE_QUERY


class AccessLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        if environ.get(PRIVATE_QUERY):
            path = environ.get("PATH_INFO", "")
            atoms["r"] = (
                f"{environ['REQUEST_METHOD']} {path}?(private) {environ['SERVER_PROTOCOL']}"
            )
            atoms["q"] = "(private)"
        return atoms
