"""The curators' admin: the directory (electives, sponsors, specialties, languages,
advisories), its CSV import, and re-verification requests. Registered on import."""

from . import directory, imports, verification  # noqa: F401
