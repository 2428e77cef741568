"""Importers: review posts and catalogue files, from disk or from Discord attachments."""

from dramabot.importers.run import (
    FileOutcome,
    ImportReport,
    SourceFile,
    collect_files,
    import_sources,
    read_upload,
)

__all__ = [
    "FileOutcome",
    "ImportReport",
    "SourceFile",
    "collect_files",
    "import_sources",
    "read_upload",
]
