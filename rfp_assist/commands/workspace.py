"""Commands that fill, maintain and serve the workspace: `ingest`, `rebuild`, `delete`, `app`."""

from __future__ import annotations

import sys

import click

from rfp_assist.commands.common import (
    EXIT_FAILED,
    EXIT_PARTIAL,
    MAX_MB_OPTION,
    WORKSPACE_HELP,
    CliContext,
    byte_limit,
    emit_json,
)
from rfp_assist.errors import RfpAssistError


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--workspace", type=click.Path(file_okay=False), help=WORKSPACE_HELP)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="Output format.")  # fmt: skip
@MAX_MB_OPTION
@click.pass_obj
def ingest(obj: CliContext, paths: tuple[str, ...], workspace: str | None, fmt: str,
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

        results = ingest_paths(ws, files, max_bytes=byte_limit(max_mb), on_result=report,
                               on_reread=reread)  # fmt: skip
    ws.close()
    if fmt == "json":
        emit_json({"workspace": str(ws.path), "files": [asdict(r) for r in results]}, None)
    else:
        for r in results:
            click.echo(f"{r.status:<9} {r.clauses:>5} clauses  {printable(r.path)}")
    failed = sum(r.status == "failed" for r in results)
    if failed == len(results):
        sys.exit(EXIT_FAILED)
    if failed:
        sys.exit(EXIT_PARTIAL)


@click.command()
@click.option("--workspace", type=click.Path(file_okay=False), help=WORKSPACE_HELP)
@click.pass_obj
def rebuild(obj: CliContext, workspace: str | None) -> None:
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


@click.command()
@click.argument("documents", nargs=-1, required=True)
@click.option("--workspace", type=click.Path(file_okay=False), help=WORKSPACE_HELP)
@click.pass_obj
def delete(obj: CliContext, documents: tuple[str, ...], workspace: str | None) -> None:
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


@click.command()
@click.option("--workspace", type=click.Path(file_okay=False), help=WORKSPACE_HELP)
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
                     max_bytes=byte_limit(max_mb)))  # fmt: skip
