"""`rfp-assist ingest`, `search` and `rebuild` through click's CliRunner: exit codes and JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from rfp_assist.cli import main
from rfp_assist.understand import Reader
from tests.retrieval.conftest import SAMPLE_FILES, seed_cache

FILE_KEYS = {"path", "status", "document", "clauses", "error"}
CITATION_KEYS = {"document", "path", "party", "clause", "page", "start", "end", "text", "score"}


def _ingest(folder: Path, *paths: Path | str) -> tuple[int, dict[str, Any], str]:
    result = CliRunner().invoke(
        main, ["ingest", "--workspace", str(folder), "--format", "json", *map(str, paths)]
    )
    return result.exit_code, json.loads(result.stdout), result.stderr


def test_ingest_json_and_exit_codes(
    tmp_path: Path, reader: Reader, sample_workspace: object
) -> None:
    folder = tmp_path / "ws"
    seed_cache(reader, folder)
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n not a contract")
    missing = tmp_path / "missing.docx"
    code, payload, stderr = _ingest(folder, SAMPLE_FILES[0], bad, missing, SAMPLE_FILES[3])
    assert code == 1
    assert payload["workspace"] == str(folder)
    files = payload["files"]
    assert isinstance(files, list)
    assert [f["status"] for f in files] == [
        "added",
        "failed",
        "failed",
        "added",
    ]
    assert all(set(f) >= FILE_KEYS for f in files)
    assert files[0]["clauses"] > 0
    assert len(files[0]["document"]) == 64
    assert files[0]["error"] is None
    # One line per bad file, naming it and the reason.
    errors = [line for line in stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 2
    assert "broken.pdf" in errors[0]
    assert "PNG" in errors[0]
    assert "missing.docx" in errors[1]
    code, payload, _ = _ingest(folder, SAMPLE_FILES[0])
    assert code == 0
    assert payload["files"][0]["status"] == "unchanged"
    code, payload, _ = _ingest(folder, bad)
    assert code == 2
    assert payload["files"][0]["status"] == "failed"


def test_ingest_folder_and_search(tmp_path: Path, reader: Reader, sample_workspace: object) -> None:
    folder = tmp_path / "ws"
    seed_cache(reader, folder)
    docs = tmp_path / "docs"
    docs.mkdir()
    for source in SAMPLE_FILES[:2]:
        (docs / source.name).write_bytes(source.read_bytes())
    (docs / "notes.xlsx").write_bytes(b"ignored: not a supported suffix")
    code, payload, _ = _ingest(folder, docs)
    assert code == 0
    assert len(payload["files"]) == 2
    runner = CliRunner()
    args = ["search", "minimum batch commitment", "--workspace", str(folder), "--k", "3"]
    result = runner.invoke(main, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["query"] == "minimum batch commitment"
    assert out["mode"] == "extractive"
    assert out["answer"] is None
    assert 0 < len(out["citations"]) <= 3
    assert all(set(c) >= CITATION_KEYS for c in out["citations"])
    result = runner.invoke(main, args)
    assert result.exit_code == 0
    assert "score" in result.stdout
    result = runner.invoke(main, ["search", 'NEAR("cap" *', "--workspace", str(folder)])
    assert result.exit_code == 0
    result = runner.invoke(main, ["rebuild", "--workspace", str(folder)])
    assert result.exit_code == 0
    assert "index rebuilt" in result.stderr


def test_search_without_workspace_fails_cleanly(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["search", "x", "--workspace", str(tmp_path / "none")])
    assert result.exit_code == 2
    assert "no workspace" in result.stderr
    assert "Traceback" not in result.output


def test_model_mismatch_is_one_error_line(
    tmp_path: Path, reader: Reader, sample_workspace: object
) -> None:
    folder = tmp_path / "ws"
    seed_cache(reader, folder)
    assert _ingest(folder, SAMPLE_FILES[3])[0] == 0
    import sqlite3

    db = sqlite3.connect(folder / "workspace.sqlite")
    with db:
        db.execute("UPDATE meta SET value = 'other-model@1' WHERE key = 'model'")
    db.close()
    result = CliRunner().invoke(main, ["search", "x", "--workspace", str(folder)])
    assert result.exit_code == 2
    assert f"rfp-assist rebuild --workspace {folder}" in result.stderr
    result = CliRunner().invoke(main, ["rebuild", "--workspace", str(folder)])
    assert result.exit_code == 0
    assert "re-embedded" in result.stderr
    result = CliRunner().invoke(main, ["search", "maintenance", "--workspace", str(folder)])
    assert result.exit_code == 0


def test_delete_command_removes_document_vectors_and_hits(workspace_copy: Path) -> None:
    from rfp_assist.retrieval.store import Workspace

    with Workspace(workspace_copy) as ws:
        doc = next(d for d in ws.documents() if d["name"] == "cobalt_ridge_proposal.pdf")
        vectors_before = ws.vector_count()
    runner = CliRunner()
    query = ["search", "Cobalt Ridge batch failure", "--workspace", str(workspace_copy)]
    before = json.loads(runner.invoke(main, [*query, "--format", "json"]).stdout)
    assert doc["id"] in {c["document"] for c in before["citations"]}
    result = runner.invoke(
        main, ["delete", doc["id"][:12], "nope.pdf", "--workspace", str(workspace_copy)]
    )
    assert result.exit_code == 1
    assert "cobalt_ridge_proposal.pdf" in result.stdout
    assert result.stderr.strip().splitlines() == [
        f"error: nope.pdf: no such document in {workspace_copy}"
    ]
    with Workspace(workspace_copy) as ws:
        assert ws.vector_count() == vectors_before - doc["clauses"]
        assert ws.index_status == "not loaded"
        assert ws.index().ntotal == ws.vector_count()
        assert ws.index_status == "loaded"  # saved by the command, not caught up on open
        last = ws.audit_log()[-1]
        assert (last["action"], last["document"]) == ("delete", doc["id"])
    after = json.loads(runner.invoke(main, [*query, "--format", "json"]).stdout)
    assert after["citations"]
    assert doc["id"] not in {c["document"] for c in after["citations"]}
    again = runner.invoke(main, ["delete", doc["id"], "--workspace", str(workspace_copy)])
    assert again.exit_code == 2
