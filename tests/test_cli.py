"""The command line: exit codes, one-line errors, and the JSON shape of interface.md."""

from __future__ import annotations

import json

from click.testing import CliRunner

from rfp_assist.cli import main

CONTRACT = b"""MASTER SERVICES AGREEMENT
Helix Viral Manufacturing, Inc.

1. Definitions
"Batch" means a single production run.

2. Late Delivery
2.1 Penalties. The Vendor shall credit 1.5% of the Batch price per week of delay.
"""


def test_help_lists_clauses() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    assert "clauses" in result.output


def test_clauses_json_shape(write_file) -> None:  # type: ignore[no-untyped-def]
    path = write_file("msa.txt", CONTRACT)
    result = CliRunner().invoke(main, ["clauses", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    document = payload["document"]
    assert set(document) >= {"id", "path", "kind", "party", "pages"}
    assert document["kind"] == "msa"
    assert document["party"] == "Helix Viral Manufacturing, Inc."
    assert document["pages"] == 1
    text = CONTRACT.decode()
    clauses = payload["clauses"]
    assert [c["number"] for c in clauses] == ["1", None, "2", "2.1"]
    for clause in clauses:
        assert set(clause) >= {"id", "number", "heading", "page", "start", "end", "text",
                               "topics", "terms", "risk", "flags"}  # fmt: skip
        assert text[clause["start"] : clause["end"]] == clause["text"]
    assert clauses[3]["heading"] == "Penalties"
    assert payload["regions"][0]["kind"] == "title"
    assert payload["warnings"] == []


def test_clauses_json_to_file(write_file, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write_file("msa.txt", CONTRACT)
    out = tmp_path / "out.json"
    result = CliRunner().invoke(main, ["clauses", str(path), "--format", "json", "--out", str(out)])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert json.loads(out.read_text())["document"]["pages"] == 1


def test_table_output(write_file) -> None:  # type: ignore[no-untyped-def]
    path = write_file("msa.txt", CONTRACT)
    result = CliRunner().invoke(main, ["clauses", str(path)])
    assert result.exit_code == 0
    assert "Penalties" in result.stdout
    assert "4 clauses" in result.stdout


def test_bad_file_is_one_line_and_exit_2(write_file) -> None:  # type: ignore[no-untyped-def]
    path = write_file("proposal.pdf", b"MZ\x90\x00" + bytes(range(256)))
    result = CliRunner().invoke(main, ["clauses", str(path)])
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert str(path) in lines[0]
    assert "Windows executable" in lines[0]
    assert "Traceback" not in result.stderr


def test_size_limit_option(write_file) -> None:  # type: ignore[no-untyped-def]
    path = write_file("big.txt", CONTRACT * 100)
    result = CliRunner().invoke(main, ["clauses", str(path), "--max-mb", "0.001"])
    assert result.exit_code == 2
    assert "over the size limit" in result.stderr


def test_terminal_escapes_are_neutralised(write_file) -> None:  # type: ignore[no-untyped-def]
    path = write_file("evil.txt", b"1. Scope\nThe Vendor \x1b[2J\x1b]0;pwned\x07 shall deliver.\n")
    result = CliRunner().invoke(main, ["clauses", str(path)])
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout
    assert "\x07" not in result.stdout
