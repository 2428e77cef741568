"""Importers: review posts and catalogue files, from disk or from Discord attachments, and
feeds and blog backups."""

from dramabot.domain.reports import FileOutcome, ImportReport
from dramabot.importers.pipeline import Progress, import_entries, import_sources
from dramabot.importers.sources import SourceFile, collect_files, read_upload

__all__ = [
    "FileOutcome",
    "ImportReport",
    "Progress",
    "SourceFile",
    "collect_files",
    "import_entries",
    "import_sources",
    "read_upload",
]
