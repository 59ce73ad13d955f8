"""The `rfp-assist` command: parse arguments, call the library, render. Nothing else.

The commands live in `rfp_assist.commands`, one module per group; this module is the entry
point (the console script and `python -m rfp_assist.cli`) and puts them under one group.
"""

from __future__ import annotations

import click

from rfp_assist.commands import query, reports, workspace
from rfp_assist.commands.common import EXIT_FAILED, EXIT_OK, EXIT_PARTIAL, CliContext

__all__ = ["EXIT_FAILED", "EXIT_OK", "EXIT_PARTIAL", "main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Read CDMO proposals and MSA drafts; make them comparable, with sources."""
    ctx.obj = CliContext(debug)


main.add_command(reports.clauses)
main.add_command(workspace.ingest)
main.add_command(query.search)
main.add_command(reports.compare)
main.add_command(workspace.rebuild)
main.add_command(workspace.delete)
main.add_command(workspace.app)
main.add_command(reports.diff)
main.add_command(query.ask)
main.add_command(reports.annotate)


if __name__ == "__main__":
    main()
