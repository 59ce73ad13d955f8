"""Exports of the comparison: XLSX opens with openpyxl, HTML is escaped, CSV row per cell."""

from __future__ import annotations

import copy
import csv
import io
import json
from functools import cache
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from openpyxl import load_workbook

from rfp_assist.cli import main
from rfp_assist.loaders import load
from rfp_assist.pipeline import analyse
from rfp_assist.report.compare_run import CompareRequest, run_compare
from rfp_assist.report.matrix_csv import matrix_csv
from rfp_assist.report.matrix_html import matrix_html
from rfp_assist.report.matrix_json import matrix_payload
from rfp_assist.report.matrix_source import build_comparison
from rfp_assist.report.matrix_xlsx import RISK_FILLS, write_matrix_xlsx
from rfp_assist.retrieval.ingest import record_from_reading
from tests.analysis import compare_corpus as corpus

#: A hostile proposal: markup, a spreadsheet formula and a control character in its clauses.
HOSTILE = """Hostile Bio, Inc. Proposal

1. Late Delivery
If Hostile Bio delivers late it credits 1% of the batch price per week <script>alert('x')</script>.

2. Limitation of Liability
=HYPERLINK("http://evil.example/steal","click") Liability is capped at the fees paid \x07 in the
twelve (12) months preceding the claim.
"""


@cache
def _payload() -> dict[str, Any]:
    hostile = Path(corpus.folder()) / "hostile_proposal.txt"
    hostile.write_text(HOSTILE, encoding="utf-8")
    record = record_from_reading(corpus.reader().read(analyse(load(hostile))))
    records = [*corpus.proposals(), record]
    result = build_comparison(records, corpus.playbook(), rfp=corpus.record(corpus.RFP))
    return matrix_payload(result.matrix, result.coverage, result.scorecard)


FORMULA = '=HYPERLINK("http://evil.example/steal","click")'


def _with_formulas() -> dict[str, Any]:
    """The payload with spreadsheet formulas where document text goes: party, evidence."""
    payload = copy.deepcopy(_payload())
    payload["documents"][0]["party"] = FORMULA
    for topic in payload["topics"]:
        for cell in topic["cells"]:
            for e in cell["evidence"]:
                e["text"] = FORMULA + " " + e["text"]
    return payload


def test_xlsx_opens_with_matrix_sheet_colours_comments_and_a_sheet_per_document(
    tmp_path: Path,
) -> None:
    payload = _payload()
    path = tmp_path / "matrix.xlsx"
    write_matrix_xlsx(payload, str(path))
    wb = load_workbook(path)
    assert wb.sheetnames[0] == "Matrix"
    assert len(wb.sheetnames) == 1 + len(payload["documents"]) + 3  # flags, coverage, scorecard
    ws = wb["Matrix"]
    assert ws.freeze_panes == "C2"
    assert [ws.cell(1, 3 + i).value for i in range(len(payload["documents"]))] == [
        d["party"] or d["name"] for d in payload["documents"]
    ]
    for r, topic in enumerate(payload["topics"], 2):
        for c, cell in enumerate(topic["cells"], 3):
            target = ws.cell(r, c)
            key = "missing" if cell["status"] == "missing" else cell["risk"]
            assert target.fill.start_color.rgb.endswith(RISK_FILLS[key])
            assert target.comment is not None
            for e in cell["evidence"][:1]:
                assert f"page {e['page']}" in target.comment.text


def test_xlsx_keeps_document_text_as_text_never_a_formula(tmp_path: Path) -> None:
    path = tmp_path / "matrix.xlsx"
    write_matrix_xlsx(_with_formulas(), str(path))
    wb = load_workbook(path)
    assert wb["Matrix"].cell(1, 3).value == FORMULA
    found = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and "HYPERLINK" in cell.value:
                    assert cell.data_type == "s"
                    found += 1
    assert found


def test_html_is_one_self_contained_file_with_every_document_string_escaped() -> None:
    page = matrix_html(_payload())
    assert page.startswith("<!DOCTYPE html>")
    assert page.rstrip().endswith("</html>")
    assert "<script" not in page
    assert "&lt;script&gt;" in page
    assert "<link" not in page
    assert "href=" not in page
    assert "src=" not in page
    assert "@media print" in page
    # Kestrel's hidden request to AI reviewers is quoted as evidence, marked as flagged text.
    assert '<mark class="hidden" title="flagged">AI reviewers:' in page
    for doc in _payload()["documents"]:
        assert (doc["party"] or doc["name"]).replace("&", "&amp;") in page


def test_csv_has_one_row_per_document_and_topic_with_formulas_defused() -> None:
    payload = _with_formulas()
    rows = list(csv.DictReader(io.StringIO(matrix_csv(payload))))
    assert len(rows) == len(payload["documents"]) * len(payload["topics"])
    assert {(r["document"], r["topic"]) for r in rows} == {
        (d["id"], t["id"]) for d in payload["documents"] for t in payload["topics"]
    }
    hostile = [r for r in rows if "HYPERLINK" in r["evidence"]]
    assert hostile
    assert all(r["evidence"].startswith("'=HYPERLINK") for r in hostile)
    assert all(r["party"] == "'" + FORMULA for r in rows if r["document"] == rows[0]["document"])
    missing = [r for r in rows if r["status"] == "missing"]
    assert missing
    assert all(r["risk"] != "low" for r in missing)


def test_cli_writes_each_format(tmp_path: Path) -> None:
    ws = str(corpus.workspace_folder())
    runner = CliRunner()
    for fmt in ("json", "html", "csv", "xlsx", "table"):
        out = tmp_path / f"out.{fmt}"
        args = ["compare", "--workspace", ws, "--rfp", str(corpus.RFP), "--format", fmt,
                "--out", str(out)]  # fmt: skip
        result = runner.invoke(main, args)
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 1000
    assert json.loads((tmp_path / "out.json").read_text())["coverage"]["answers"]
    assert load_workbook(tmp_path / "out.xlsx")["Matrix"].max_row == 1 + len(
        json.loads((tmp_path / "out.json").read_text())["topics"]
    )


def test_xlsx_without_out_is_a_usage_error() -> None:
    ws = str(corpus.workspace_folder())
    result = CliRunner().invoke(main, ["compare", "--workspace", ws, "--format", "xlsx"])
    assert result.exit_code == 2
    assert "--out" in result.stderr


def test_run_compare_reads_an_rfp_from_the_workspace_copy() -> None:
    errors: list[str] = []
    request = CompareRequest((), str(corpus.workspace_folder()), str(corpus.RFP), None, None)
    result = run_compare(request, errors.append)
    assert not errors
    assert result.failed == 0
    assert len(result.payload["coverage"]["requirements"]) == 12
