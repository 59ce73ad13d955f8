"""The `compare` command's work: gather the documents, compare, and build the payload.

Documents come from the workspace when their bytes are stored there (no parsing, no model);
any other file is loaded and read on the spot. A file that fails is reported in one line and
the others are compared. Opening a workspace never creates one. Without FILEs and without
`--rfp`, the workspace's RFP (when it holds exactly one) gives coverage and weights.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rfp_assist.analysis.playbook import load_playbook
from rfp_assist.errors import RfpAssistError
from rfp_assist.report.matrix_json import matrix_payload
from rfp_assist.report.matrix_source import (
    build_comparison,
    load_record,
    records_for_paths,
    stored_ids,
)
from rfp_assist.retrieval.store import DB_NAME, DocumentRecord, Workspace, workspace_path

if TYPE_CHECKING:
    from rfp_assist.understand import Reader

#: The playbook used when none is given (the same default as clause understanding).
DEFAULT_PLAYBOOK = Path(__file__).resolve().parents[2] / "corpora" / "playbook.yaml"


class NothingToCompare(RfpAssistError):
    """Raised when no document could be gathered for the comparison."""


@dataclass(frozen=True)
class CompareRequest:
    """What to compare and how: files (or the workspace), RFP, scorecard, playbook, kind."""

    files: Sequence[str]
    workspace: str | None
    rfp: str | None
    scorecard: str | None
    playbook: str | None
    kind: str = "proposal"
    max_bytes: int = 50 * 1024 * 1024


@dataclass(frozen=True)
class CompareResult:
    """The payload to render, and how many inputs failed."""

    payload: dict[str, Any]
    failed: int


def run_compare(
    request: CompareRequest,
    on_error: Callable[[str], None],
    on_reading: Callable[[str], None] | None = None,
) -> CompareResult:
    """Gather, compare and build the payload; each failed input is passed to `on_error`.

    `on_reading(path)` hears of each file that is not in the workspace, before it is read.
    """
    folder = workspace_path(request.workspace)
    ws = Workspace(folder, check_model=False) if (folder / DB_NAME).exists() else None
    try:
        return _run(request, ws, on_error, on_reading)
    finally:
        if ws is not None:
            ws.close()


def _run(
    request: CompareRequest,
    ws: Workspace | None,
    on_error: Callable[[str], None],
    on_reading: Callable[[str], None] | None,
) -> CompareResult:
    playbook_path = request.playbook or DEFAULT_PLAYBOOK
    playbook = load_playbook(playbook_path)
    made: list[Reader] = []

    def reader() -> Reader:
        if not made:
            from rfp_assist.understand import Reader

            cache = ws.cache_path if ws is not None else None
            made.append(Reader(cache_path=cache, playbook=playbook))
        return made[0]

    failed = 0
    sources: dict[str, str] = {}
    records: list[DocumentRecord] = []
    if request.files:
        gathered = records_for_paths(
            request.files, ws, reader, max_bytes=request.max_bytes, on_reading=on_reading
        )
        for got in gathered:
            if got.record is None:
                on_error(got.error or f"{got.path}: cannot be compared")
                failed += 1
            elif got.record.document.id not in sources:
                records.append(got.record)
                sources[got.record.document.id] = got.source
    elif ws is None:
        raise NothingToCompare(
            f"{workspace_path(request.workspace)}: no workspace here; give FILEs or ingest first"
        )
    else:
        kinds = None if request.kind == "all" else [request.kind]
        for doc_id in stored_ids(ws, kinds):
            records.append(load_record(ws, doc_id))
            sources[doc_id] = "workspace"
    if not records:
        raise NothingToCompare("no document to compare")
    rfp_record = None
    if request.rfp:
        got = next(
            records_for_paths(
                [request.rfp], ws, reader, max_bytes=request.max_bytes, on_reading=on_reading
            )
        )
        if got.record is None:
            on_error(got.error or f"{request.rfp}: cannot be read")
            failed += 1
        else:
            rfp_record = got.record
    elif ws is not None and not request.files:
        # Comparing the workspace: its RFP, when it holds exactly one, is the one answered.
        rfps = stored_ids(ws, ["rfp"])
        if len(rfps) == 1:
            rfp_record = load_record(ws, rfps[0])
    result = build_comparison(records, playbook, rfp=rfp_record, scorecard_path=request.scorecard)
    payload = matrix_payload(result.matrix, result.coverage, result.scorecard)
    for doc in payload["documents"]:
        doc["source"] = sources.get(doc["id"], "workspace")
    payload["playbook"] = str(playbook_path)
    if rfp_record is not None:
        doc = rfp_record.document
        payload["rfp"] = {"id": doc.id, "path": doc.path, "party": rfp_record.party}
    return CompareResult(payload, failed)
