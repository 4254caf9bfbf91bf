"""The Excel route into the data format: the template (excel_template) and the import.

The work is done in excel_layout (sheets and columns), excel_template (writing the .xlsx),
excel_read (reading a filled workbook) and excel_import (the folder it becomes); this module
is the entry point the CLI uses.
"""

from __future__ import annotations

from evalkit.tools.excel_import import ImportResult, backup_path, import_workbook
from evalkit.tools.excel_layout import SHEETS
from evalkit.tools.excel_template import make_template, workbook_bytes, write_template

__all__ = [
    "SHEETS",
    "ImportResult",
    "backup_path",
    "import_workbook",
    "make_template",
    "workbook_bytes",
    "write_template",
]
