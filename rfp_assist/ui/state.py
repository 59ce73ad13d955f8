"""What the pages share: the workspace, the Reader and the search model, cached per process.

Heavy objects (the SQLite workspace, the embedding model inside the Reader) are shared by
every browser session through `st.cache_resource`: they are thread-safe and read-only to a
session. Everything a user picks (the open document, filters, weights) lives in
`st.session_state`, which Streamlit keeps per session, so five users never see each other's
choices.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import streamlit as st

from rfp_assist.analysis.playbook import Playbook
from rfp_assist.analysis.playbook_schema import load_playbook
from rfp_assist.errors import WorkspaceError
from rfp_assist.loaders import DEFAULT_MAX_BYTES
from rfp_assist.report.compare_run import DEFAULT_PLAYBOOK
from rfp_assist.report.matrix_source import (
    DEFAULT_SCORECARD,
    Comparison,
    build_comparison,
    load_record,
)
from rfp_assist.retrieval.store import Workspace, workspace_path
from rfp_assist.ui.compare_data import ComparisonVersion, comparison_version, xlsx_bytes
from rfp_assist.ui.uploads import original_path

# Only the pages that need them pay for these (the compare page must open fast): the
# embedding model, the topic model and the draft aligner load on first use.
if TYPE_CHECKING:
    from rfp_assist.analysis.diff import DraftDiff
    from rfp_assist.retrieval.embed import Embedder
    from rfp_assist.retrieval.search import EmbedFn, Searcher
    from rfp_assist.understand import Reader

PLAYBOOK_NAME = "playbook.yaml"
UPLOADS = "uploads"


def workspace_dir() -> Path:
    """The workspace folder of this app ($RFP_ASSIST_HOME, else ./.rfp_assist), absolute."""
    return workspace_path(None).resolve()


@st.cache_resource(show_spinner=False)
def _workspace(path: str) -> Workspace:
    return Workspace(path)


def workspace() -> Workspace:
    """The workspace, opened once per process and shared by sessions (it is thread-safe)."""
    return _workspace(str(workspace_dir()))


def playbook_path() -> Path:
    """The playbook in force: the workspace's own copy if one was saved, else the shipped one."""
    own = workspace_dir() / PLAYBOOK_NAME
    return own if own.exists() else DEFAULT_PLAYBOOK


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@st.cache_resource(show_spinner=False, max_entries=4)
def _playbook(playbook_file: str, playbook_digest: str) -> Playbook:
    _ = playbook_digest  # part of the cache key: an edited playbook is read again
    return load_playbook(playbook_file)


def playbook() -> Playbook:
    """The playbook in force, parsed and validated once per content."""
    book = playbook_path()
    return _playbook(str(book), _digest(book))


@st.cache_resource(show_spinner="Loading the embedding model…")
def _embedder() -> Embedder:
    from rfp_assist.retrieval.embed import Embedder

    # One model per process, shared by every Reader (a saved playbook makes a new Reader).
    return Embedder()


@st.cache_resource(show_spinner="Preparing the topic model…", max_entries=2)
def _reader(path: str, playbook_file: str, playbook_digest: str) -> Reader:
    from rfp_assist.understand import Reader

    return Reader(
        cache_path=Path(path) / "embeddings.sqlite",
        playbook=_playbook(playbook_file, playbook_digest),
        embedder=_embedder(),
    )


def reader() -> Reader:
    """The Reader (embedding model, topic model, playbook), loaded once per playbook."""
    book = playbook_path()
    return _reader(str(workspace_dir()), str(book), _digest(book))


@st.cache_resource(show_spinner="Preparing search…")
def _query_embed() -> EmbedFn:
    from rfp_assist.retrieval.search import query_embed

    # The server answers many searches: the traced query encoder (about 2.5 s once) embeds each
    # query in about a third of the model's eager time (`bench/search_scale.py`).
    return query_embed(traced=True)


def searcher() -> Searcher:
    """A searcher over the workspace that embeds queries with the process's traced encoder."""
    from rfp_assist.retrieval.search import Searcher

    return Searcher(workspace(), _query_embed())


def _scorecard_digest() -> str:
    data = resources.files("rfp_assist").joinpath(DEFAULT_SCORECARD).read_bytes()
    return hashlib.sha256(data).hexdigest()


def version(document_ids: list[str], rfp: str | None) -> ComparisonVersion:
    """The content version of comparing these stored documents (and RFP) now."""
    book = playbook_path()
    return comparison_version(
        workspace().documents(),
        document_ids,
        rfp,
        (str(book), _digest(book)),
        _scorecard_digest(),
    )


@st.cache_resource(show_spinner="Comparing…", max_entries=8)
def _comparison(path: str, of: ComparisonVersion) -> Comparison:
    # Shared by sessions and computed once per version (the warm-up at server start makes
    # the default one). Equal versions give equal comparisons, so an entry never goes stale
    # and has no time limit: the first visitor after a quiet hour gets it cached too.
    ws = _workspace(path)
    records = [load_record(ws, doc[0]) for doc in of.documents]
    rfp_record = load_record(ws, of.rfp[0]) if of.rfp else None
    return build_comparison(records, _playbook(of.playbook, of.playbook_sha256), rfp=rfp_record)


def comparison(document_ids: list[str], rfp: str | None) -> Comparison:
    """The comparison of stored documents (and RFP coverage), computed once per version."""
    return _comparison(str(workspace_dir()), version(document_ids, rfp))


@st.cache_resource(show_spinner="Writing the workbook…", max_entries=8)
def _comparison_xlsx(path: str, of: ComparisonVersion) -> bytes:
    return xlsx_bytes(_comparison(path, of))


def comparison_xlsx(document_ids: list[str], rfp: str | None) -> bytes:
    """The comparison as an Excel workbook (matrix, coverage, scorecard, a sheet per document).

    Made once per version: the download button needs the bytes on every run of the page.
    """
    return _comparison_xlsx(str(workspace_dir()), version(document_ids, rfp))


@st.cache_resource(show_spinner="Reading the drafts…", max_entries=4, ttl=3600)
def _draft_diff(
    old: str, new: str | None, old_path: str, new_path: str | None, playbook_digest: str
) -> tuple[DraftDiff, str]:
    _ = old, new, playbook_digest  # cache key: the documents' bytes and the playbook
    from rfp_assist.analysis.diff import diff_readings
    from rfp_assist.report.diff_report import read_drafts

    book = reader()
    before, after, mode = read_drafts(book, old_path, new_path, max_bytes=max_bytes())
    return diff_readings(book.playbook, before, after), mode


def stored_original(document: str, purpose: str) -> str:
    """The file with exactly the stored document's bytes; a WorkspaceError says what to do."""
    info = {str(d["id"]): d for d in workspace().documents()}
    if document not in info:
        raise WorkspaceError(f"{document[:12]}: no longer in the workspace")
    found = original_path(str(info[document]["path"]), document, uploads_dir())
    if found is None:
        raise WorkspaceError(
            f"{info[document]['name']}: the original file is not where it was ingested from "
            f"(or has changed); upload it again to {purpose}"
        )
    return str(found)


def draft_diff(old: str, new: str | None) -> tuple[DraftDiff, str]:
    """The clause-aligned diff of two stored drafts, or of one DOCX's tracked changes."""
    old_path = stored_original(old, "compare drafts")
    new_path = None if new is None else stored_original(new, "compare drafts")
    return _draft_diff(old, new, old_path, new_path, _digest(playbook_path()))


@st.cache_resource(show_spinner="Writing the highlighted copy…", max_entries=4, ttl=3600)
def _annotated(document: str, path: str, playbook_digest: str) -> tuple[bytes, int]:
    _ = document, playbook_digest  # cache key: the document's bytes and the playbook
    from rfp_assist.loaders.isolate import load_isolated
    from rfp_assist.pipeline import analyse
    from rfp_assist.report.annotate_common import annotate_isolated, check_annotatable

    loaded = load_isolated(path, max_bytes=max_bytes())
    with tempfile.TemporaryDirectory() as folder:
        out = str(Path(folder) / f"annotated{Path(path).suffix}")
        check_annotatable(loaded, path, out)
        count = annotate_isolated(reader().read(analyse(loaded)), path, out)
        return Path(out).read_bytes(), count


def annotated_copy(document: str) -> tuple[bytes, int]:
    """A copy of a stored PDF or DOCX with each clause highlighted by risk, and how many."""
    path = stored_original(document, "annotate it")
    return _annotated(document, path, _digest(playbook_path()))


def max_bytes() -> int:
    """The size limit per file ($RFP_ASSIST_MAX_MB, set by `rfp-assist app --max-mb`)."""
    env = os.environ.get("RFP_ASSIST_MAX_MB")
    return int(float(env) * 2**20) if env else DEFAULT_MAX_BYTES


def uploads_dir() -> Path:
    """Where uploaded files are kept (inside the workspace, so review can redraw PDFs)."""
    path = workspace_dir() / UPLOADS
    path.mkdir(parents=True, exist_ok=True)
    return path


def documents() -> list[dict[str, object]]:
    """The stored documents, oldest first (fresh on every run: other sessions may add some)."""
    return workspace().documents()


def document_label(doc: dict[str, object]) -> str:
    """How a document is named in pickers: party (or file name), kind and file name."""
    party = doc.get("party") or "party not found"
    return f"{party} — {doc.get('kind')} — {doc.get('name')}"


PAGES_DIR = Path(__file__).resolve().parent / "views"


def page(name: str) -> str:
    """The script of page `name` ("workspace", "review", …), as registered with navigation."""
    return str(PAGES_DIR / f"{name}.py")
