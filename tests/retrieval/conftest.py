"""Shared fixtures: the real embedding model and Reader, loaded once per test session."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from rfp_assist.retrieval.ingest import IngestResult, ingest_paths
from rfp_assist.retrieval.store import CACHE_NAME, Workspace
from rfp_assist.understand import DEFAULT_PLAYBOOK, Reader
from tests.conftest import CORPORA, SHARED_EVAL

CUAD_TXT = SHARED_EVAL / "cuad" / "contracts"
#: Small real documents of every format: two PDFs, one DOCX, two CUAD text files.
SAMPLE_FILES = (
    CORPORA / "proposals" / "cobalt_ridge_proposal.pdf",
    CORPORA / "proposals" / "kestrel_bioprocess_proposal.pdf",
    CORPORA / "proposals" / "bluestem_bioprocess_proposal.docx",
    CUAD_TXT / "NETZEEINC_11_14_2002-EX-10.3-MAINTENANCE AGREEMENT.txt",
    CUAD_TXT
    / "BellringBrandsInc_20190920_S-1_EX-10.12_11817081_EX-10.12_Manufacturing Agreement2.txt",
)


@pytest.fixture(scope="session")
def reader(tmp_path_factory: pytest.TempPathFactory) -> Reader:
    """One Reader (model, topic model, playbook) with an embedding cache for the session."""
    return Reader(cache_path=tmp_path_factory.mktemp("cache") / CACHE_NAME)


def seed_cache(reader: Reader, workspace: Path) -> None:
    """Copy the session's embedding cache into a workspace folder (SQLite backup: WAL-safe)."""
    assert reader.cache is not None
    workspace.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(reader.cache._db.execute("PRAGMA database_list").fetchone()[2])
    target = sqlite3.connect(workspace / CACHE_NAME)
    with target:
        source.backup(target)
    source.close()
    target.close()


@pytest.fixture(scope="session")
def sample_workspace(
    tmp_path_factory: pytest.TempPathFactory, reader: Reader
) -> tuple[Path, list[IngestResult]]:
    """A workspace holding SAMPLE_FILES, built once; tests copy it before changing it."""
    folder = tmp_path_factory.mktemp("sample") / "ws"
    with Workspace(folder) as workspace:
        results = ingest_paths(workspace, SAMPLE_FILES, reader=lambda: reader)
    return folder, results


@pytest.fixture
def workspace_copy(sample_workspace: tuple[Path, list[IngestResult]], tmp_path: Path) -> Path:
    """A private copy of the sample workspace folder."""
    folder = tmp_path / "ws"
    shutil.copytree(sample_workspace[0], folder)
    return folder


@pytest.fixture
def revised_playbook(tmp_path: Path) -> Path:
    """The shipped playbook with every position relabelled: the reasons a clause gets change."""
    text = DEFAULT_PLAYBOOK.read_text(encoding="utf-8")
    assert text.count("label: ") > 10
    path = tmp_path / "playbook_v2.yaml"
    path.write_text(text.replace("label: ", "label: Revised "), encoding="utf-8")
    return path
