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


def _clause(payload: dict, number: str) -> dict:  # type: ignore[type-arg]
    """The clause numbered `number`, as printed ("4.3") or with its label ("Section 4.3")."""
    return next(c for c in payload["clauses"] if (c["number"] or "").split()[-1:] == [number])


def test_clauses_json_carries_understanding() -> None:
    from tests.conftest import CORPORA

    path = CORPORA / "proposals" / "helix_viral_proposal.pdf"
    result = CliRunner().invoke(main, ["clauses", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["analysed"] is True
    late = _clause(payload, "8.2")
    assert "late_delivery" in late["topics"]
    assert late["terms"]["late_delivery"]["pct_per_week"] == 2
    assert late["terms"]["late_delivery"]["cap_pct"] == 20
    assert late["risk"] in {"low", "medium", "high"}
    assert late["reasons"]
    # Every term points at the words it was read from, inside its clause.
    for span in late["term_spans"]:
        assert late["start"] <= span["start"] < span["end"] <= late["end"]


def test_clauses_json_flags_text_aimed_at_tools() -> None:
    from tests.conftest import CORPORA

    path = CORPORA / "proposals" / "kestrel_bioprocess_proposal.pdf"
    result = CliRunner().invoke(main, ["clauses", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    flags = _clause(payload, "4.3")["flags"]
    injections = [f for f in flags if f["kind"] == "injection"]
    assert any("ignore previous instructions" in f["text"] for f in injections)
    assert {"injection", "hidden_text"} == {f["kind"] for f in flags}
    assert all(f in payload["flags"] for f in flags)


def test_clauses_bad_playbook_is_one_line(write_file) -> None:  # type: ignore[no-untyped-def]
    path = write_file("msa.txt", CONTRACT)
    playbook = write_file("playbook.yaml", b"topics: [unclosed\n")
    result = CliRunner().invoke(main, ["clauses", str(path), "--playbook", str(playbook)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "playbook.yaml" in result.stderr


def test_clauses_segments_only_is_marked_not_analysed(write_file) -> None:  # type: ignore[no-untyped-def]
    path = write_file("msa.txt", CONTRACT)
    result = CliRunner().invoke(main, ["clauses", str(path), "--format", "json", "--segments-only"])
    assert result.exit_code == 0
    payload = json.loads(result.stdout)
    assert payload["analysed"] is False
    assert all(c["risk"] == "unknown" and c["topics"] == [] for c in payload["clauses"])
