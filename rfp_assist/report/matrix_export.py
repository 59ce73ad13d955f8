"""Write a `compare` payload in the format asked for: json, table, html, xlsx or csv."""

from __future__ import annotations

import json
import sys
from typing import Any

from rfp_assist.errors import RfpAssistError

FORMATS = ("table", "json", "html", "xlsx", "csv")


class ExportError(RfpAssistError):
    """Raised when a format cannot be written where asked (XLSX needs a file)."""


def render_text(payload: dict[str, Any], fmt: str) -> str:
    """The payload as text in a text format (table, json, html, csv)."""
    if fmt == "json":
        return json.dumps(payload, indent=2, ensure_ascii=False)
    if fmt == "html":
        from rfp_assist.report.matrix_html import matrix_html

        return matrix_html(payload)
    if fmt == "csv":
        from rfp_assist.report.matrix_csv import matrix_csv

        return matrix_csv(payload)
    from rfp_assist.report.matrix_table import matrix_table

    return matrix_table(payload)


def write_comparison(payload: dict[str, Any], fmt: str, out: str | None) -> None:
    """Write the payload to `out` (stdout when None; XLSX always needs `out`)."""
    if fmt == "xlsx":
        if not out:
            raise ExportError("--format xlsx writes a workbook: give --out FILE.xlsx")
        from rfp_assist.report.matrix_xlsx import write_matrix_xlsx

        write_matrix_xlsx(payload, out)
        return
    text = render_text(payload, fmt)
    if fmt == "csv" and not text.endswith("\n"):
        text += "\n"
    if out:
        newline = "" if fmt == "csv" else None
        with open(out, "w", encoding="utf-8", newline=newline) as handle:
            handle.write(text if fmt == "csv" else text + "\n")
    else:
        sys.stdout.write(text if fmt == "csv" else text + "\n")
