"""App tests: a real workspace (real loaders, model, FAISS, SQLite) and Streamlit's AppTest."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from rfp_assist.retrieval.ingest import ingest_paths
from rfp_assist.retrieval.store import CACHE_NAME, Workspace
from rfp_assist.ui.uploads import ingest_upload
from rfp_assist.understand import Reader
from tests.conftest import CORPORA, ROOT

HELIX = CORPORA / "proposals" / "helix_viral_proposal.pdf"
KESTREL = CORPORA / "proposals" / "kestrel_bioprocess_proposal.pdf"
RFP = CORPORA / "rfp" / "rfp_aav_manufacturing.docx"
MSA_V1 = CORPORA / "msa" / "msa_v1.docx"
MSA_V2 = CORPORA / "msa" / "msa_v2.docx"
APP = ROOT / "app.py"
VIEWS = "rfp_assist/ui/views"


@pytest.fixture(scope="session")
def ui_reader(tmp_path_factory: pytest.TempPathFactory) -> Reader:
    """One Reader for building the session's workspaces."""
    return Reader(cache_path=tmp_path_factory.mktemp("ui_cache") / CACHE_NAME)


@pytest.fixture(scope="session")
def helix_workspace(tmp_path_factory: pytest.TempPathFactory, ui_reader: Reader) -> Path:
    """A workspace holding the Helix proposal, uploaded the way the app uploads; built once."""
    folder = tmp_path_factory.mktemp("helix") / "ws"
    with Workspace(folder) as ws:
        result = ingest_upload(
            ws, folder / "uploads", HELIX.name, HELIX.read_bytes(), lambda: ui_reader
        )
    assert result.status == "added", result.error
    return folder


@pytest.fixture(scope="session")
def corpus_workspace(
    tmp_path_factory: pytest.TempPathFactory, helix_workspace: Path, ui_reader: Reader
) -> Path:
    """The Helix workspace plus the Kestrel proposal and the RFP: enough to compare; built once."""
    folder = tmp_path_factory.mktemp("corpus") / "ws"
    shutil.copytree(helix_workspace, folder)
    with Workspace(folder) as ws:
        results = ingest_paths(ws, [KESTREL, RFP], reader=lambda: ui_reader)
    assert [r.status for r in results] == ["added", "added"], results
    return folder


@pytest.fixture(scope="session")
def msa_workspace(tmp_path_factory: pytest.TempPathFactory, ui_reader: Reader) -> Path:
    """A workspace with the two MSA drafts (v2 carries tracked changes); built once."""
    folder = tmp_path_factory.mktemp("msa") / "ws"
    with Workspace(folder) as ws:
        results = ingest_paths(ws, [MSA_V1, MSA_V2], reader=lambda: ui_reader)
    assert [r.status for r in results] == ["added", "added"], results
    return folder


@pytest.fixture
def app_in(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path], AppTest]:
    """Make an AppTest of the whole app (navigation included) on workspace `folder`."""

    def make(folder: Path) -> AppTest:
        monkeypatch.setenv("RFP_ASSIST_HOME", str(folder))
        return AppTest.from_file(str(APP), default_timeout=300)

    return make


@pytest.fixture
def helix_copy(helix_workspace: Path, tmp_path: Path) -> Path:
    """A private copy of the Helix workspace, for tests that change it."""
    target = tmp_path / "ws"
    shutil.copytree(helix_workspace, target)
    return target


def no_exception(at: AppTest) -> None:
    """Fail with the app's own message if the script raised."""
    assert not at.exception, [e.value for e in at.exception]


@pytest.fixture
def corpus_copy(corpus_workspace: Path, tmp_path: Path) -> Path:
    """A private copy of the Helix + Kestrel + RFP workspace, for tests that change it."""
    target = tmp_path / "corpus"
    shutil.copytree(corpus_workspace, target)
    return target
