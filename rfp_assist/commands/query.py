"""Commands that query the workspace: `search` and `ask`."""

from __future__ import annotations

import sys

import click

from rfp_assist.commands.common import (
    EXIT_FAILED,
    EXIT_PARTIAL,
    WORKSPACE_HELP,
    CliContext,
    emit_json,
    emit_text,
)
from rfp_assist.errors import RfpAssistError


@click.command()
@click.argument("query")
@click.option("--k", type=click.IntRange(1, 1000), default=10, show_default=True,
              help="How many clauses to return.")  # fmt: skip
@click.option("--topic", help="Only clauses about this topic (e.g. late_delivery).")
@click.option("--document", help="Only this document (id, id prefix, path or file name).")
@click.option("--party", help="Only documents of this party (case-insensitive substring).")
@click.option("--kind", type=click.Choice(["proposal", "msa", "rfp", "other"]),
              help="Only documents of this kind.")  # fmt: skip
@click.option("--workspace", type=click.Path(file_okay=False), help=WORKSPACE_HELP)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="Output format.")  # fmt: skip
@click.option("--out", type=click.Path(dir_okay=False), help="Write to this file, not stdout.")
@click.pass_obj
def search(obj: CliContext, query: str, k: int, topic: str | None, document: str | None,
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
        emit_json(payload, out)
        return
    lines = [f"{'score':>5}  {'document':<28} {'clause':<10} {'page':>4}  text"]
    for hit in found:
        name = printable(hit.party or hit.path.replace("\\", "/").rsplit("/", 1)[-1])[:28]
        text = printable(hit.text)
        text = text if len(text) <= 70 else text[:69] + "…"
        lines.append(f"{hit.score:>5.2f}  {name:<28} {(hit.number or '·')[:10]:<10} "
                     f"{hit.page:>4}  {text}")  # fmt: skip
    emit_text("\n".join(lines), out)


@click.command()
@click.argument("question")
@click.option("--k", type=click.IntRange(1, 50), default=5, show_default=True,
              help="How many passages to cite.")  # fmt: skip
@click.option("--llm", "llm_model", help="Chat model as provider:model (default: "
              "$RFP_ASSIST_LLM, else [llm] model in WORKSPACE/llm.toml; else "
              "extractive).")  # fmt: skip
@click.option("--extractive", is_flag=True, help="Answer with ranked passages only, no model.")
@click.option("--workspace", type=click.Path(file_okay=False), help=WORKSPACE_HELP)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="Output format.")  # fmt: skip
@click.option("--out", type=click.Path(dir_okay=False), help="Write to this file, not stdout.")
@click.pass_obj
def ask(obj: CliContext, question: str, k: int, llm_model: str | None, extractive: bool,
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
        emit_json(answer.payload(session.usage()), out)
    else:
        emit_text(answer_table(answer), out)
    session.close()
    if answer.partial:
        sys.exit(EXIT_PARTIAL)
