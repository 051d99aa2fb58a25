"""The CSV format curators exchange with us (SPEC.md, "CSV format"), in three modules:

- `record`: the typed record of an elective that the CSV, the JSON and the import are
  written from, and reading records (of a queryset, or of a selection's ids);
- `export`: the CSV as streamed text, the template, downloads;
- `importing`: import, all-or-nothing (every row is checked; one bad row means nothing is
  written), in batches: `rows` reads and checks each row (errors as `row N (line M)`),
  `writing` writes a batch and its history.

Export neutralises spreadsheet formulas; import restores them, so export -> import -> export
gives the same bytes. Both stream: memory stays flat whatever the number of rows.
"""

from .export import csv_chunks, csv_download, template_csv, write_csv
from .importing import import_csv
from .record import COLUMNS, RICHER_COLUMNS, ElectiveRecord, records, restore

__all__ = [
    "COLUMNS",
    "RICHER_COLUMNS",
    "ElectiveRecord",
    "csv_chunks",
    "csv_download",
    "import_csv",
    "records",
    "restore",
    "template_csv",
    "write_csv",
]
