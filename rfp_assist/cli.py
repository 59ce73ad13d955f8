"""The `rfp-assist` command: parse arguments, call the library, render. Nothing else."""

from __future__ import annotations

import json
import os
import sys
import traceback
from typing import Any

import click

from rfp_assist.errors import RfpAssistError
from rfp_assist.loaders import DEFAULT_MAX_BYTES
from rfp_assist.loaders.isolate import load_isolated
from rfp_assist.pipeline import analyse
from rfp_assist.report.clauses import clauses_payload, clauses_table

EXIT_OK, EXIT_PARTIAL, EXIT_FAILED = 0, 1, 2


def _max_bytes(max_mb: float | None) -> int:
    if max_mb is None:
        env = os.environ.get("RFP_ASSIST_MAX_MB")
        return int(float(env) * 1024 * 1024) if env else DEFAULT_MAX_BYTES
    return int(max_mb * 1024 * 1024)


def _emit_json(payload: Any, out: str | None) -> None:
    text = json.dumps(payload, indent=2)
    if out:
        with open(out, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
    else:
        click.echo(text)


class _Context:
    def __init__(self, debug: bool) -> None:
        self.debug = debug

    def fail(self, exc: BaseException) -> None:
        """Report one problem on one line (a traceback only with --debug)."""
        if self.debug:
            traceback.print_exception(exc, file=sys.stderr)
        message = str(exc) if isinstance(exc, RfpAssistError) else f"{type(exc).__name__}: {exc}"
        click.echo(f"error: {message}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Read CDMO proposals and MSA drafts; make them comparable, with sources."""
    ctx.obj = _Context(debug)


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="Output format.")  # fmt: skip
@click.option("--out", type=click.Path(dir_okay=False), help="Write to this file, not stdout.")
@click.option("--max-mb", type=float, help="Size limit per file in MB (default 50, or "
              "$RFP_ASSIST_MAX_MB).")  # fmt: skip
@click.option("--playbook", type=click.Path(exists=True, dir_okay=False),
              help="The buyer's playbook (YAML); default: corpora/playbook.yaml.")  # fmt: skip
@click.option("--segments-only", is_flag=True,
              help="Only segment: no topics, terms, risk or flags (no model load).")  # fmt: skip
@click.pass_obj
def clauses(obj: _Context, file: str, fmt: str, out: str | None, max_mb: float | None,
            playbook: str | None, segments_only: bool) -> None:  # fmt: skip
    """List the clauses of one document with topics, terms, risk, flags and location."""
    reading = None
    try:
        analysis = analyse(load_isolated(file, max_bytes=_max_bytes(max_mb)))
        if not segments_only:
            from rfp_assist.understand import Reader

            reading = Reader(playbook_path=playbook).read(analysis)
    except RfpAssistError as exc:
        obj.fail(exc)
        sys.exit(EXIT_FAILED)
    for warning in analysis.document.warnings:
        click.echo(f"warning: {file}: {warning}", err=True)
    if fmt == "json":
        _emit_json(clauses_payload(analysis, reading), out)
        return
    table = clauses_table(analysis, reading)
    if out:
        with open(out, "w", encoding="utf-8") as handle:
            handle.write(table + "\n")
    else:
        click.echo(table)


_WORKSPACE_HELP = "Workspace folder (default: $RFP_ASSIST_HOME, else ./.rfp_assist)."


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--workspace", type=click.Path(file_okay=False), help=_WORKSPACE_HELP)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="Output format.")  # fmt: skip
@click.option("--max-mb", type=float, help="Size limit per file in MB (default 50, or "
              "$RFP_ASSIST_MAX_MB).")  # fmt: skip
@click.pass_obj
def ingest(obj: _Context, paths: tuple[str, ...], workspace: str | None, fmt: str,
           max_mb: float | None) -> None:  # fmt: skip
    """Load, segment, classify, extract, embed and index files or folders into the workspace."""
    from contextlib import nullcontext
    from dataclasses import asdict

    from rfp_assist.report.clauses import printable
    from rfp_assist.retrieval.ingest import IngestResult, RereadResult, expand_paths, ingest_paths
    from rfp_assist.retrieval.store import Workspace

    files = expand_paths(paths)
    if not files:
        click.echo("error: no PDF, DOCX or text files found in the given folders", err=True)
        sys.exit(EXIT_FAILED)
    try:
        ws = Workspace(workspace)
    except RfpAssistError as exc:
        obj.fail(exc)
        sys.exit(EXIT_FAILED)
    tty = sys.stderr.isatty()
    bar_cm = click.progressbar(length=len(files), label="ingesting", file=sys.stderr)
    with bar_cm if tty else nullcontext() as bar:

        def report(result: IngestResult) -> None:
            if result.status == "failed":
                click.echo(f"\nerror: {result.error}" if tty else f"error: {result.error}",
                           err=True)  # fmt: skip
            if bar is not None:
                bar.update(1)

        def reread(result: RereadResult) -> None:  # a stored document read again
            if result.error:
                click.echo(f"error: {result.error}", err=True)

        results = ingest_paths(ws, files, max_bytes=_max_bytes(max_mb), on_result=report,
                               on_reread=reread)  # fmt: skip
    ws.close()
    if fmt == "json":
        _emit_json({"workspace": str(ws.path), "files": [asdict(r) for r in results]}, None)
    else:
        for r in results:
            click.echo(f"{r.status:<9} {r.clauses:>5} clauses  {printable(r.path)}")
    failed = sum(r.status == "failed" for r in results)
    if failed == len(results):
        sys.exit(EXIT_FAILED)
    if failed:
        sys.exit(EXIT_PARTIAL)


@main.command()
@click.argument("query")
@click.option("--k", type=click.IntRange(1, 1000), default=10, show_default=True,
              help="How many clauses to return.")  # fmt: skip
@click.option("--topic", help="Only clauses about this topic (e.g. late_delivery).")
@click.option("--document", help="Only this document (id, id prefix, path or file name).")
@click.option("--party", help="Only documents of this party (case-insensitive substring).")
@click.option("--kind", type=click.Choice(["proposal", "msa", "rfp", "other"]),
              help="Only documents of this kind.")  # fmt: skip
@click.option("--workspace", type=click.Path(file_okay=False), help=_WORKSPACE_HELP)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="Output format.")  # fmt: skip
@click.option("--out", type=click.Path(dir_okay=False), help="Write to this file, not stdout.")
@click.pass_obj
def search(obj: _Context, query: str, k: int, topic: str | None, document: str | None,
           party: str | None, kind: str | None, workspace: str | None, fmt: str,
           out: str | None) -> None:  # fmt: skip
    """Ranked clauses from the workspace for QUERY (hybrid dense + lexical search)."""
    from rfp_assist.report.clauses import printable
    from rfp_assist.retrieval.search import Searcher, query_embed
    from rfp_assist.retrieval.store import DB_NAME, Workspace, workspace_path

    folder = workspace_path(workspace)
    if not (folder / DB_NAME).exists():
        click.echo(f"error: {folder}: no workspace here; run `rfp-assist ingest` first", err=True)
        sys.exit(EXIT_FAILED)
    try:
        ws = Workspace(folder)
        searcher = Searcher(ws, query_embed())
        found = searcher.search(query, k, topic=topic, document=document, party=party, kind=kind)
        searcher.close()
    except RfpAssistError as exc:
        obj.fail(exc)
        sys.exit(EXIT_FAILED)
    ws.close()
    if fmt == "json":
        payload = {"query": query, "mode": "extractive", "answer": None,
                   "citations": [hit.citation() for hit in found]}  # fmt: skip
        _emit_json(payload, out)
        return
    lines = [f"{'score':>5}  {'document':<28} {'clause':<10} {'page':>4}  text"]
    for hit in found:
        name = printable(hit.party or hit.path.replace("\\", "/").rsplit("/", 1)[-1])[:28]
        text = printable(hit.text)
        text = text if len(text) <= 70 else text[:69] + "…"
        lines.append(f"{hit.score:>5.2f}  {name:<28} {(hit.number or '·')[:10]:<10} "
                     f"{hit.page:>4}  {text}")  # fmt: skip
    table = "\n".join(lines)
    if out:
        with open(out, "w", encoding="utf-8") as handle:
            handle.write(table + "\n")
    else:
        click.echo(table)


@main.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
@click.option("--workspace", type=click.Path(file_okay=False), help=_WORKSPACE_HELP)
@click.option("--rfp", type=click.Path(dir_okay=False),
              help="The RFP: match its requirements (R1 …); use its stated weights.")  # fmt: skip
@click.option("--scorecard", "scorecard_file", type=click.Path(exists=True, dir_okay=False),
              help="Criteria and weights (YAML; see rfp_assist/data/scorecard.yaml).")  # fmt: skip
@click.option("--playbook", type=click.Path(exists=True, dir_okay=False),
              help="The buyer's playbook (YAML); default: corpora/playbook.yaml.")  # fmt: skip
@click.option("--kind", type=click.Choice(["proposal", "msa", "other", "all"]),
              default="proposal", show_default=True,
              help="Without FILEs: which workspace documents to compare.")  # fmt: skip
@click.option("--format", "fmt", type=click.Choice(["table", "json", "html", "xlsx", "csv"]),
              default="table", show_default=True, help="Output format.")  # fmt: skip
@click.option("--out", type=click.Path(dir_okay=False), help="Write to this file, not stdout.")
@click.option("--max-mb", type=float, help="Size limit per file in MB (default 50, or "
              "$RFP_ASSIST_MAX_MB).")  # fmt: skip
@click.pass_obj
def compare(obj: _Context, files: tuple[str, ...], workspace: str | None, rfp: str | None,
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
                             _max_bytes(max_mb))  # fmt: skip

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


@main.command()
@click.option("--workspace", type=click.Path(file_okay=False), help=_WORKSPACE_HELP)
@click.pass_obj
def rebuild(obj: _Context, workspace: str | None) -> None:
    """Rebuild the search index from SQLite, re-embedding clauses if the model changed."""
    from rfp_assist.retrieval.ingest import reread_workspace
    from rfp_assist.retrieval.search import default_embed
    from rfp_assist.retrieval.store import DB_NAME, Workspace, workspace_path

    folder = workspace_path(workspace)
    if not (folder / DB_NAME).exists():
        click.echo(f"error: {folder}: no workspace here", err=True)
        sys.exit(EXIT_FAILED)
    try:
        ws = Workspace(folder, check_model=False)
        changed = ws.meta("model") != ws.model
        count = ws.rebuild(default_embed(ws) if changed else None)
        reread = reread_workspace(ws)  # readings made by another reader version
        vectors = ws.vector_count()
    except RfpAssistError as exc:
        obj.fail(exc)
        sys.exit(EXIT_FAILED)
    ws.close()
    for failed in (r for r in reread if r.error):
        click.echo(f"error: {failed.error}", err=True)
    what = f"re-embedded {count} clauses with {ws.model}; " if changed else ""
    again = sum(r.error is None for r in reread)
    what += f"re-read {again} documents; " if again else ""
    click.echo(f"{folder}: {what}index rebuilt with {vectors} vectors", err=True)


@main.command()
@click.argument("documents", nargs=-1, required=True)
@click.option("--workspace", type=click.Path(file_okay=False), help=_WORKSPACE_HELP)
@click.pass_obj
def delete(obj: _Context, documents: tuple[str, ...], workspace: str | None) -> None:
    """Remove documents (id, id prefix, path or file name) with their clauses and vectors."""
    from rfp_assist.report.clauses import printable
    from rfp_assist.retrieval.store import DB_NAME, Workspace, workspace_path

    folder = workspace_path(workspace)
    if not (folder / DB_NAME).exists():
        click.echo(f"error: {folder}: no workspace here", err=True)
        sys.exit(EXIT_FAILED)
    failed = 0
    try:
        ws = Workspace(folder, check_model=False)
        for ref in documents:
            found = ws.find_documents(ref)
            if len(found) != 1:
                why = "no such document" if not found else f"matches {len(found)} documents"
                click.echo(f"error: {printable(ref)}: {why} in {folder}", err=True)
                failed += 1
                continue
            ws.delete(found[0]["id"])
            click.echo(f"deleted   {found[0]['clauses']:>5} clauses  {printable(found[0]['path'])}")
        if failed < len(documents) and ws.meta("model") == ws.model:
            ws.index()  # the saved FAISS index drops the deleted vectors now, not on next use
    except RfpAssistError as exc:
        obj.fail(exc)
        sys.exit(EXIT_FAILED)
    ws.close()
    if failed:
        sys.exit(EXIT_FAILED if failed == len(documents) else EXIT_PARTIAL)


@main.command()
@click.option("--workspace", type=click.Path(file_okay=False), help=_WORKSPACE_HELP)
@click.option("--port", type=click.IntRange(1, 65535), default=8501, show_default=True,
              help="Port to serve the app on.")  # fmt: skip
@click.option("--host", default="localhost", show_default=True, help="Address to listen on.")
@click.option("--open-browser/--no-browser", default=True, show_default=True,
              help="Open the app in a browser once it is up.")  # fmt: skip
@click.option("--max-mb", type=float, help="Size limit per uploaded file in MB (default 50, or "
              "$RFP_ASSIST_MAX_MB).")  # fmt: skip
def app(workspace: str | None, port: int, host: str, open_browser: bool,
        max_mb: float | None) -> None:  # fmt: skip
    """Start the Streamlit app on the workspace."""
    from rfp_assist.ui.serve import run_app

    sys.exit(run_app(workspace, port=port, host=host, open_browser=open_browser,
                     max_bytes=_max_bytes(max_mb)))  # fmt: skip


@main.command()
@click.argument("old", type=click.Path(exists=True, dir_okay=False))
@click.argument("new", required=False, type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["table", "json", "html"]), default="table",
              show_default=True, help="Output format.")  # fmt: skip
@click.option("--out", type=click.Path(dir_okay=False), help="Write to this file, not stdout.")
@click.option("--all", "include_unchanged", is_flag=True,
              help="List unchanged clauses too (table and html).")  # fmt: skip
@click.option("--workspace", type=click.Path(file_okay=False),
              help="Use this workspace's embedding cache when it exists.")  # fmt: skip
@click.option("--playbook", type=click.Path(exists=True, dir_okay=False),
              help="The buyer's playbook (YAML); default: the bundled one.")  # fmt: skip
@click.option("--max-mb", type=float, help="Size limit per file in MB (default 50, or "
              "$RFP_ASSIST_MAX_MB).")  # fmt: skip
@click.pass_obj
def diff(obj: _Context, old: str, new: str | None, fmt: str, out: str | None,
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
        before, after, mode = report.read_drafts(reader, old, new, max_bytes=_max_bytes(max_mb))
    except RfpAssistError as exc:
        obj.fail(exc)
        sys.exit(EXIT_FAILED)
    for reading in (before, after):
        for warning in reading.analysis.document.warnings:
            click.echo(f"warning: {reading.analysis.document.path}: {warning}", err=True)
    result = diff_readings(reader.playbook, before, after)
    if fmt == "json":
        _emit_json(report.diff_payload(result, mode=mode), out)
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


@main.command()
@click.argument("question")
@click.option("--k", type=click.IntRange(1, 50), default=5, show_default=True,
              help="How many passages to cite.")  # fmt: skip
@click.option("--llm", "llm_model", help="Chat model as provider:model (default: "
              "$RFP_ASSIST_LLM, else [llm] model in WORKSPACE/llm.toml; else "
              "extractive).")  # fmt: skip
@click.option("--extractive", is_flag=True, help="Answer with ranked passages only, no model.")
@click.option("--workspace", type=click.Path(file_okay=False), help=_WORKSPACE_HELP)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="Output format.")  # fmt: skip
@click.option("--out", type=click.Path(dir_okay=False), help="Write to this file, not stdout.")
@click.pass_obj
def ask(obj: _Context, question: str, k: int, llm_model: str | None, extractive: bool,
        workspace: str | None, fmt: str, out: str | None) -> None:  # fmt: skip
    """Answer QUESTION from the workspace with citations (extractive unless a model is set)."""
    from rfp_assist.llm.ask import answer_table
    from rfp_assist.llm.ask import ask as ask_question
    from rfp_assist.llm.session import open_session
    from rfp_assist.retrieval.search import Searcher, default_embed
    from rfp_assist.retrieval.store import DB_NAME, Workspace, workspace_path

    folder = workspace_path(workspace)
    if not (folder / DB_NAME).exists():
        click.echo(f"error: {folder}: no workspace here; run `rfp-assist ingest` first", err=True)
        sys.exit(EXIT_FAILED)
    try:
        session = open_session(folder, None if extractive else llm_model, use_env=not extractive)
        ws = Workspace(folder)
        searcher = Searcher(ws, default_embed(ws))
        click.echo(f"mode: {session.describe()}", err=True)
        answer = ask_question(searcher, question, k, session.runner)
    except RfpAssistError as exc:
        obj.fail(exc)
        sys.exit(EXIT_FAILED)
    ws.close()
    for error in answer.errors:
        click.echo(f"error: {error}", err=True)
    if session.runner is not None:
        counts = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in session.usage().items())
        click.echo(f"llm usage: {counts}", err=True)
    if fmt == "json":
        _emit_json(answer.payload(session.usage()), out)
    elif out:
        with open(out, "w", encoding="utf-8") as handle:
            handle.write(answer_table(answer) + "\n")
    else:
        click.echo(answer_table(answer))
    session.close()
    if answer.partial:
        sys.exit(EXIT_PARTIAL)


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--out", required=True, type=click.Path(dir_okay=False),
              help="Where to write the highlighted copy (same format as FILE).")  # fmt: skip
@click.option("--workspace", type=click.Path(file_okay=False),
              help="Use this workspace's embedding cache when it exists.")  # fmt: skip
@click.option("--playbook", type=click.Path(exists=True, dir_okay=False),
              help="The buyer's playbook (YAML); default: the bundled one.")  # fmt: skip
@click.option("--max-mb", type=float, help="Size limit per file in MB (default 50, or "
              "$RFP_ASSIST_MAX_MB).")  # fmt: skip
@click.pass_obj
def annotate(obj: _Context, file: str, out: str, workspace: str | None, playbook: str | None,
             max_mb: float | None) -> None:  # fmt: skip
    """A copy of a PDF or DOCX with each clause highlighted by risk and a note on it."""
    from rfp_assist.report.annotate_common import annotate_isolated, check_annotatable
    from rfp_assist.report.diff_report import workspace_cache
    from rfp_assist.understand import Reader

    try:
        document = load_isolated(file, max_bytes=_max_bytes(max_mb))
        check_annotatable(document, file, out)
        for warning in document.warnings:
            click.echo(f"warning: {file}: {warning}", err=True)
        reader = Reader(playbook_path=playbook, cache_path=workspace_cache(workspace))
        count = annotate_isolated(reader.read(analyse(document)), file, out)
    except RfpAssistError as exc:
        obj.fail(exc)
        sys.exit(EXIT_FAILED)
    click.echo(f"{out}: {count} clause highlight(s)", err=True)


if __name__ == "__main__":
    main()
