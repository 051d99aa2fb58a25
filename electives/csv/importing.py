"""Reading a CSV into the directory: every row checked first (`row N (line M): reason`,
rows.py), nothing written unless all are good, then written in batches inside one
transaction (writing.py)."""

import difflib
import re
import unicodedata
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from electives import workflow
from electives.cache import content_changed, one_version_change
from electives.history import record_history
from electives.models import Elective, Language, Organization, Specialty, unique_slug
from electives.search import update_search_vectors

# CHUNK_SIZE is read from its module at each use: tests make it small.
from . import record as csv_record
from .record import COLUMNS, RICHER_COLUMNS, records
from .rows import FileProblem, Place, binary_file, cell, check_row, read_rows
from .writing import insert, update


@dataclass(frozen=True, slots=True)
class RowOutcome:
    """What an import does with one row (the admin's preview): action is "create", "update",
    "unchanged" or "refuse"; `changes` (column, old, new) for each changed column, as the
    CSV writes them; `detail` the reason for refusing."""

    place: Place
    action: str
    slug: str
    title: str
    detail: str = ""
    changes: tuple = ()


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0  # rows naming an existing slug, changed or not (SPEC.md's count)
    unchanged: int = 0
    errors: list = field(default_factory=list)
    new_sponsors: list = field(default_factory=list)
    rows: list = field(default_factory=list)  # RowOutcome, in file order, when asked for

    @property
    def ok(self):
        return not self.errors

    @property
    def changed(self):
        return self.updated - self.unchanged


def _named_slugs(binary, max_rows):
    """First pass: the place of each slug the file names (new slugs must avoid them all)."""
    named, count = {}, 0
    for place, cells, _ in read_rows(binary):
        count += 1
        if max_rows and count > max_rows:
            raise FileProblem(
                f"{place}: the admin imports at most {max_rows:,} rows at once. Split the "
                "file, or import it on the server: python manage.py import_electives FILE.csv"
            )
        slug = cells and cell(cells, "slug")
        if slug:
            named.setdefault(slug, place)
    if not count:
        raise FileProblem("row 2 (line 2): the file has no rows")
    return named


def _normalised(name):
    """A sponsor's name without case, accents, punctuation or repeated spaces."""
    letters = unicodedata.normalize("NFKD", name.casefold())
    kept = "".join(c if c.isalnum() else " " for c in letters if not unicodedata.combining(c))
    return " ".join(kept.split())


# How alike two normalised names must be (difflib's ratio) for the second to read as a
# misspelling of the first: "Lakesid Health" / "Lakeside Health" is 0.97, "Northfield
# Health Partners" / "Northfield Health Trust" 0.82.
NEAR_MISS = 0.85


class _Sponsors:
    """The sponsors a file names. A name close to an existing sponsor's (a misspelling, a
    different case or accent) is refused unless the import confirms new sponsors; a clearly
    different name is a new sponsor (SPEC.md), created when the rows are written."""

    def __init__(self, create_new):
        self.create_new = create_new
        self.pk = dict(Organization.objects.values_list("name", "pk"))
        self.normalised = {}
        for name in self.pk:
            self.normalised.setdefault(_normalised(name), name)
        self.problems = {}
        self.new = {}  # names the file introduces, in the order first met

    def problem(self, name):
        if name in self.pk or name in self.new:
            return None
        if name not in self.problems:
            self.problems[name] = self.near_miss(name)
            if self.problems[name] is None:
                self.new[name] = None
        return self.problems[name]

    def near_miss(self, name):
        if self.create_new:
            return None
        normal = _normalised(name)
        match = self.normalised.get(normal)
        if match is None:
            close = difflib.get_close_matches(normal, self.normalised, n=1, cutoff=NEAR_MISS)
            match = close and self.normalised[close[0]]
        if not match:
            return None
        return (
            f'organization "{name}" is not a known sponsor; did you mean "{match}"? Correct '
            'the name, or confirm that it is a new sponsor (tick "Create new sponsors" in the '
            "admin import, or run import_electives --create-organizations)"
        )

    def pks(self, names, reason):
        """{name: pk} for these names, creating the new sponsors among them (their first
        history record says `reason`)."""
        for name in names - self.pk.keys():
            sponsor = Organization(name=name)
            sponsor._change_reason = reason
            sponsor.save()
            self.pk[name] = sponsor.pk
        return self.pk


class _Invalid(Exception):
    """Raised inside the import's transaction to roll back what earlier batches wrote."""


def history_reason(user):
    """What the History page says made an imported version."""
    if user is None:
        return "CSV import on the server"  # the import_electives command
    return f"CSV import by {user.get_username()}"


def import_csv(
    source, *, dry_run=False, max_rows=None, create_organizations=False, user=None, preview=False
):
    """Validate every row of a CSV (bytes, text or a binary file); write them all, or nothing.

    Two passes over the file, never all of it in memory: the first collects the slugs it
    names, the second validates each row and writes valid rows in batches of CHUNK_SIZE
    inside one transaction, which a bad row anywhere rolls back. The content version
    moves once, at the end, so the lock on its row is held only for the commit. Each
    created or changed elective gets a history record by `user` (None for the command).
    `preview` keeps what happens to each row in `result.rows` (a row's memory each: the
    admin's capped files, not the command's).
    """
    result = ImportResult()
    binary = binary_file(source)
    try:
        named = _named_slugs(binary, max_rows)
        importer = _Importer(named, result, create_organizations, user=user, preview=preview)
        if dry_run:
            importer.run(binary, write=False)
        else:
            with transaction.atomic(), one_version_change():
                importer.run(binary, write=True)
                if result.errors:
                    raise _Invalid
    except IntegrityError as error:
        # Rows this import found new were written meanwhile by another import (or a curator)
        # that committed first: what this file would do has changed, so it does nothing.
        result.errors.append(_written_meanwhile(error))
        result.rows = []
    except FileProblem as problem:
        result.errors.append(str(problem))
    except _Invalid:
        pass
    result.rows.sort(key=lambda outcome: outcome.place.row)
    if result.errors:
        result.created = result.updated = result.unchanged = 0
        result.new_sponsors = []
    return result


_DUPLICATE_KEY = re.compile(r"Key \((?P<column>[^)]+)\)=\((?P<value>.*)\) already exists")
_TABLE_WORDS = {
    Elective._meta.db_table: "an elective's",
    Organization._meta.db_table: "a sponsor's",
}


def _written_meanwhile(error):
    detail = ""
    diag = getattr(error.__cause__, "diag", None)  # PostgreSQL names the key taken
    if diag is not None and (key := _DUPLICATE_KEY.search(diag.message_detail or "")):
        owner = _TABLE_WORDS.get(diag.table_name, "a")
        detail = f' ({owner} {key["column"]} "{key["value"]}" is taken now)'
    return (
        "The directory changed while this file was being imported: another import or a "
        f"curator created the same electives at the same time{detail}. Nothing was imported; "
        "check the file again to see what it would change now."
    )


class _Importer:
    def __init__(self, named, result, create_organizations, *, user, preview):
        self.named = named
        self.result = result
        self.user = user
        self.preview = preview
        self.specialties = dict(Specialty.objects.values_list("slug", "pk"))
        self.languages = set(Language.objects.values_list("code", flat=True))
        self.sponsors = _Sponsors(create_organizations)
        self.made_slugs = set()

    def run(self, binary, *, write):
        batch = []
        for place, cells, problem in read_rows(binary):
            problems = [problem] if problem else []
            if cells:
                row, problem = check_row(cells, self.specialties, self.languages)
                problems += [problem] if problem else []
                slug, sponsor = cell(cells, "slug"), cell(cells, "organization")
                if slug and self.named[slug] != place:
                    problems.append(f'slug "{slug}" is also on {self.named[slug]}')
                if sponsor and (near_miss := self.sponsors.problem(sponsor)):
                    problems.append(near_miss)
            if problems:
                reason = "; ".join(problems)
                self.result.errors.append(f"{place}: {reason}")
                if self.preview:
                    slug, title = (cell(cells, "slug"), cell(cells, "title")) if cells else ("", "")
                    self.result.rows.append(RowOutcome(place, "refuse", slug, title, reason))
                continue
            batch.append((place, row))
            if len(batch) == csv_record.CHUNK_SIZE:
                self.apply(batch, write)
                batch = []
        if batch:
            self.apply(batch, write)
        self.result.new_sponsors = list(self.sponsors.new)

    def apply(self, batch, write):
        slugs = [row.elective.slug for _, row in batch if row.elective.slug]
        existing = {
            slug: (pk, published_at, review_note, richer)
            for slug, pk, published_at, review_note, *richer in Elective.objects.filter(
                slug__in=slugs
            )
            .order_by()
            .values_list("slug", "pk", "published_at", "review_note", *RICHER_COLUMNS)
        }
        before = (
            {r.slug: r for r in records(Elective.objects.filter(slug__in=list(existing)))}
            if existing
            else {}
        )
        for place, row in batch:
            elective = row.elective
            if elective.slug in existing:
                elective.pk, elective.published_at, elective.review_note, richer = existing[
                    elective.slug
                ]
                kept = dict(zip(RICHER_COLUMNS, richer, strict=True))
                for name in row.absent:
                    setattr(elective, name, kept[name])
                old, new = before[elective.slug], row.record()
                row.changes = [
                    (name, old.cell(name), new.cell(name))
                    for name in COLUMNS
                    if getattr(old, name) != getattr(new, name)
                ]
                action = "update" if row.changes else "unchanged"
                self.result.updated += 1
                self.result.unchanged += not row.changes
            else:
                action = "create"
                self.result.created += 1
            if self.preview:
                self.result.rows.append(
                    RowOutcome(
                        place, action, elective.slug, elective.title, changes=tuple(row.changes)
                    )
                )
        if write and not self.result.errors:
            self.save([row for _, row in batch])

    def save(self, batch):
        now = timezone.now()
        reason = history_reason(self.user)
        sponsors = self.sponsors.pks({row.organization for row in batch}, reason)
        created, updated = [], []
        for row in batch:
            elective = row.elective
            if elective.pk is not None and not row.changes:
                continue  # nothing to write, nor to record in history
            elective.organization_id = sponsors[row.organization]
            elective.updated_at = now
            if elective.pk is not None:
                updated.append(row)
            else:
                elective.slug = elective.slug or self.new_slug(elective.title)
                elective.created_at = now
                created.append(row)
            workflow.imported(elective, now)  # publishing clears the review note
        if created:
            insert([row.elective for row in created])
        if updated:
            update([row.elective for row in updated])
        written = created + updated
        if not written:
            return
        Specialties = Elective.specialties.through
        Languages = Elective.languages.through
        for through in (Specialties, Languages):
            through.objects.filter(elective_id__in=[row.elective.pk for row in updated]).delete()
        Specialties.objects.bulk_create(
            Specialties(elective_id=row.elective.pk, specialty_id=self.specialties[slug])
            for row in written
            for slug in row.specialties
        )
        Languages.objects.bulk_create(
            Languages(elective_id=row.elective.pk, language_id=code)
            for row in written
            for code in row.languages
        )
        update_search_vectors(Elective.objects.filter(pk__in=[row.elective.pk for row in written]))
        for rows, is_update in ((created, False), (updated, True)):
            pks = [row.elective.pk for row in rows]
            record_history(pks, update=is_update, user=self.user, reason=reason)
        content_changed()  # bulk writes send no signals (noted now, done once at the end)

    def new_slug(self, title):
        """A slug made from the title that no elective has and no row of the file names."""
        slug, n = unique_slug(Elective, title), 2
        while slug in self.named or slug in self.made_slugs:
            slug, n = unique_slug(Elective, f"{title} {n}"), n + 1
        self.made_slugs.add(slug)
        return slug
