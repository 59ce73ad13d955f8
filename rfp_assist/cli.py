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
@click.pass_obj
def clauses(obj: _Context, file: str, fmt: str, out: str | None, max_mb: float | None) -> None:
    """List the clauses of one document with their number, heading, page and span."""
    try:
        analysis = analyse(load_isolated(file, max_bytes=_max_bytes(max_mb)))
    except RfpAssistError as exc:
        obj.fail(exc)
        sys.exit(EXIT_FAILED)
    for warning in analysis.document.warnings:
        click.echo(f"warning: {file}: {warning}", err=True)
    if fmt == "json":
        _emit_json(clauses_payload(analysis), out)
        return
    table = clauses_table(analysis)
    if out:
        with open(out, "w", encoding="utf-8") as handle:
            handle.write(table + "\n")
    else:
        click.echo(table)


if __name__ == "__main__":
    main()
