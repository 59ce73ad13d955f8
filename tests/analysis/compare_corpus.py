"""Real corpora documents for the compare, coverage, scorecard and export tests, read once.

Three proposals (a buyer-friendly PDF, the PDF with hidden instructions, a weak DOCX) and the
RFP are ingested with the real pipeline (loaders, Reader with the packaged embedding model)
into one workspace per test process; tests read records back from it as `compare` does.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import cache
from pathlib import Path

from rfp_assist.analysis.playbook import Playbook, load_playbook
from rfp_assist.report.matrix_source import load_record
from rfp_assist.retrieval.ingest import ingest_paths
from rfp_assist.retrieval.store import CACHE_NAME, DocumentRecord, Workspace
from rfp_assist.understand import Reader
from tests.conftest import CORPORA

HELIX = CORPORA / "proposals" / "helix_viral_proposal.pdf"
KESTREL = CORPORA / "proposals" / "kestrel_bioprocess_proposal.pdf"
BLUESTEM = CORPORA / "proposals" / "bluestem_bioprocess_proposal.docx"
RFP = CORPORA / "rfp" / "rfp_aav_manufacturing.docx"
PROPOSALS = (HELIX, KESTREL, BLUESTEM)
PLAYBOOK = CORPORA / "playbook.yaml"


@cache
def folder() -> Path:
    """A temporary folder for this test process, removed at exit."""
    path = Path(tempfile.mkdtemp(prefix="rfp-compare-tests-"))
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


@cache
def reader() -> Reader:
    """One Reader (model, topic model, playbook) for every test of this package."""
    return Reader(cache_path=folder() / CACHE_NAME, playbook_path=PLAYBOOK)


@cache
def playbook() -> Playbook:
    """The corpora playbook."""
    return load_playbook(PLAYBOOK)


@cache
def workspace_folder() -> Path:
    """A workspace holding the three proposals and the RFP, ingested once."""
    path = folder() / "ws"
    with Workspace(path) as ws:
        results = ingest_paths(ws, [*PROPOSALS, RFP], reader=reader)
    failed = [r.error for r in results if r.status == "failed"]
    assert not failed, failed
    return path


@cache
def record(path: Path) -> DocumentRecord:
    """The stored record of one of the ingested files."""
    from rfp_assist.loaders import document_id

    with Workspace(workspace_folder()) as ws:
        return load_record(ws, document_id(path.read_bytes()))


def proposals() -> list[DocumentRecord]:
    """The three proposals' records, in PROPOSALS order."""
    return [record(p) for p in PROPOSALS]
