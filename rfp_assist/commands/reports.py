"""Commands that report on documents: `clauses`, `compare`, `diff` and `annotate`."""

from __future__ import annotations

import sys

import click

from rfp_assist.commands.common import (
    CACHE_OPTION,
    EXIT_FAILED,
    EXIT_PARTIAL,
    MAX_MB_OPTION,
    PLAYBOOK_OPTION,
    WORKSPACE_HELP,
    CliContext,
    byte_limit,
    emit_json,
    emit_text,
)
from rfp_assist.errors import RfpAssistError
from rfp_assist.loaders.isolate import load_isolated
from rfp_assist.pipeline import analyse
from rfp_assist.report.clauses import clauses_payload, clauses_table


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="Output format.")  # fmt: skip
@click.option("--out", type=click.Path(dir_okay=False), help="Write to this file, not stdout.")
@MAX_MB_OPTION
@PLAYBOOK_OPTION
@click.option("--segments-only", is_flag=True,
              help="Only segment: no topics, terms, risk or flags (no model load).")  # fmt: skip
@click.pass_obj
def clauses(obj: CliContext, file: str, fmt: str, out: str | None, max_mb: float | None,
            playbook: str | None, segments_only: bool) -> None:  # fmt: skip
    """List the clauses of one document with topics, terms, risk, flags and location."""
    reading = None
    try:
        analysis = analyse(load_isolated(file, max_bytes=byte_limit(max_mb)))
        if not segments_only:
            from rfp_assist.understand import Reader

            reading = Reader(playbook_path=playbook).read(analysis)
    except RfpAssistError as exc:
        obj.fail(exc)
        sys.exit(EXIT_FAILED)
    for warning in analysis.document.warnings:
        click.echo(f"warning: {file}: {warning}", err=True)
    if fmt == "json":
        emit_json(clauses_payload(analysis, reading), out)
        return
    emit_text(clauses_table(analysis, reading), out)


@click.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
@click.option("--workspace", type=click.Path(file_okay=False), help=WORKSPACE_HELP)
@click.option("--rfp", type=click.Path(dir_okay=False),
              help="The RFP: match its requirements (R1 …); use its stated weights.")  # fmt: skip
@click.option("--scorecard", "scorecard_file", type=click.Path(exists=True, dir_okay=False),
              help="Criteria and weights (YAML; see rfp_assist/data/scorecard.yaml).")  # fmt: skip
@PLAYBOOK_OPTION
@click.option("--kind", type=click.Choice(["proposal", "msa", "other", "all"]),
              default="proposal", show_default=True,
              help="Without FILEs: which workspace documents to compare.")  # fmt: skip
@click.option("--format", "fmt", type=click.Choice(["table", "json", "html", "xlsx", "csv"]),
              default="table", show_default=True, help="Output format.")  # fmt: skip
@click.option("--out", type=click.Path(dir_okay=False), help="Write to this file, not stdout.")
@MAX_MB_OPTION
@click.pass_obj
def compare(obj: CliContext, files: tuple[str, ...], workspace: str | None, rfp: str | None,
            scorecard_file: str | None, playbook: str | None, kind: str, fmt: str,
            out: str | None, max_mb: float | None) -> None:  # fmt: skip
    """The comparison matrix of FILEs (or of the workspace's documents), with sources.

    Documents already ingested are read from the workspace; other files are read now. Without
    FILEs, the workspace's documents of --kind are compared, and its RFP (when it holds exactly
    one and no --rfp is given) gives the requirement coverage and the scorecard weights.
    """
    from rfp_assist.report.compare_run import CompareRequest, run_compare
    from rfp_assist.report.matrix_export import write_comparison

    if fmt == "xlsx" and not out:
        click.echo("error: --format xlsx writes a workbook: give --out FILE.xlsx", err=True)
        sys.exit(EXIT_FAILED)
    request = CompareRequest(files, workspace, rfp, scorecard_file, playbook, kind,
                             byte_limit(max_mb))  # fmt: skip

    def reading(path: str) -> None:  # progress for the slow case, on a terminal only
        if sys.stderr.isatty():
            click.echo(f"reading {path} (not in the workspace) …", err=True)

    try:
        result = run_compare(
            request, on_error=lambda line: click.echo(f"error: {line}", err=True),
            on_reading=reading,
        )  # fmt: skip
        write_comparison(result.payload, fmt, out)
    except RfpAssistError as exc:
        obj.fail(exc)
        sys.exit(EXIT_FAILED)
    if result.failed:
        sys.exit(EXIT_PARTIAL)


@click.command()
@click.argument("old", type=click.Path(exists=True, dir_okay=False))
@click.argument("new", required=False, type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["table", "json", "html"]), default="table",
              show_default=True, help="Output format.")  # fmt: skip
@click.option("--out", type=click.Path(dir_okay=False), help="Write to this file, not stdout.")
@click.option("--all", "include_unchanged", is_flag=True,
              help="List unchanged clauses too (table and html).")  # fmt: skip
@CACHE_OPTION
@PLAYBOOK_OPTION
@MAX_MB_OPTION
@click.pass_obj
def diff(obj: CliContext, old: str, new: str | None, fmt: str, out: str | None,
         include_unchanged: bool, workspace: str | None, playbook: str | None,
         max_mb: float | None) -> None:  # fmt: skip
    """Clause-aligned changes from OLD to NEW, with the direction for the buyer.

    With one DOCX only, compares it before and after its tracked changes.
    """
    from rfp_assist.analysis.diff import diff_readings
    from rfp_assist.report import diff_report as report
    from rfp_assist.understand import Reader

    try:
        reader = Reader(playbook_path=playbook, cache_path=report.workspace_cache(workspace))
        before, after, mode = report.read_drafts(reader, old, new, max_bytes=byte_limit(max_mb))
    except RfpAssistError as exc:
        obj.fail(exc)
        sys.exit(EXIT_FAILED)
    for reading in (before, after):
        for warning in reading.analysis.document.warnings:
            click.echo(f"warning: {reading.analysis.document.path}: {warning}", err=True)
    result = diff_readings(reader.playbook, before, after)
    if fmt == "json":
        emit_json(report.diff_payload(result, mode=mode), out)
        return
    if fmt == "html":
        text = report.diff_html(result, include_unchanged=include_unchanged)
    else:
        text = report.diff_table(result, include_unchanged=include_unchanged)
    if out:
        with open(out, "w", encoding="utf-8") as handle:
            handle.write(text + ("" if text.endswith("\n") else "\n"))
    else:
        click.echo(text)


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--out", required=True, type=click.Path(dir_okay=False),
              help="Where to write the highlighted copy (same format as FILE).")  # fmt: skip
@CACHE_OPTION
@PLAYBOOK_OPTION
@MAX_MB_OPTION
@click.pass_obj
def annotate(obj: CliContext, file: str, out: str, workspace: str | None, playbook: str | None,
             max_mb: float | None) -> None:  # fmt: skip
    """A copy of a PDF or DOCX with each clause highlighted by risk and a note on it."""
    from rfp_assist.report.annotate_common import annotate_isolated, check_annotatable
    from rfp_assist.report.diff_report import workspace_cache
    from rfp_assist.understand import Reader

    try:
        document = load_isolated(file, max_bytes=byte_limit(max_mb))
        check_annotatable(document, file, out)
        for warning in document.warnings:
            click.echo(f"warning: {file}: {warning}", err=True)
        reader = Reader(playbook_path=playbook, cache_path=workspace_cache(workspace))
        count = annotate_isolated(reader.read(analyse(document)), file, out)
    except RfpAssistError as exc:
        obj.fail(exc)
        sys.exit(EXIT_FAILED)
    click.echo(f"{out}: {count} clause highlight(s)", err=True)
