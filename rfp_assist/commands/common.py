"""What every `rfp-assist` command shares: exit codes, option help, error and output helpers."""

from __future__ import annotations

import json
import os
import sys
import traceback
from dataclasses import dataclass
from typing import Any

import click

from rfp_assist.errors import RfpAssistError
from rfp_assist.loaders import DEFAULT_MAX_BYTES

EXIT_OK, EXIT_PARTIAL, EXIT_FAILED = 0, 1, 2

WORKSPACE_HELP = "Workspace folder (default: $RFP_ASSIST_HOME, else ./.rfp_assist)."

#: Options several commands share, written once (each use makes its own click.Option).
PLAYBOOK_OPTION = click.option(
    "--playbook", type=click.Path(exists=True, dir_okay=False),
    help="The buyer's playbook (YAML); default: corpora/playbook.yaml.",
)  # fmt: skip
MAX_MB_OPTION = click.option(
    "--max-mb", type=float, help="Size limit per file in MB (default 50, or $RFP_ASSIST_MAX_MB)."
)
CACHE_OPTION = click.option(
    "--workspace", type=click.Path(file_okay=False),
    help="Use this workspace's embedding cache when it exists.",
)  # fmt: skip


def byte_limit(max_mb: float | None) -> int:
    """The size limit per file in bytes: --max-mb, else $RFP_ASSIST_MAX_MB, else the default."""
    if max_mb is None:
        env = os.environ.get("RFP_ASSIST_MAX_MB")
        return int(float(env) * 1024 * 1024) if env else DEFAULT_MAX_BYTES
    return int(max_mb * 1024 * 1024)


def emit_json(payload: Any, out: str | None) -> None:
    """Write `payload` as one JSON document to the file `out`, else to stdout."""
    text = json.dumps(payload, indent=2)
    if out:
        with open(out, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
    else:
        click.echo(text)


def emit_text(text: str, out: str | None) -> None:
    """Write `text` and a newline to the file `out`, else to stdout."""
    if out:
        with open(out, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
    else:
        click.echo(text)


@dataclass(frozen=True)
class CliContext:
    """The group's options every command sees (`--debug`), and how it reports a failure."""

    debug: bool

    def fail(self, exc: BaseException) -> None:
        """Report one problem on one line (a traceback only with --debug)."""
        if self.debug:
            traceback.print_exception(exc, file=sys.stderr)
        message = str(exc) if isinstance(exc, RfpAssistError) else f"{type(exc).__name__}: {exc}"
        click.echo(f"error: {message}", err=True)
