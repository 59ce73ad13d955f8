"""The version of what reads a document: a workspace keeps it beside every document's readings.

A workspace stores each document's readings (topics, terms, risk, flags) as they were made when
it was ingested. Re-ingesting the same bytes is a no-op, so without a version a change of the
topic model, the typed-term rules, the taxonomy or the playbook would never reach documents
already stored. The version is a hash of everything a reading depends on besides the text and
its segmentation: the shipped analysis data (`rfp_assist/data/*.json|*.yaml`), the source of the
reading code, the package version, `READER_CODE_VERSION`, the embedding model (topics use the
clause vectors) and the playbook's bytes. A document stored under another version is re-read.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from importlib import metadata, resources
from pathlib import Path

#: Bump when reading changes in a way neither the data files nor the modules below show.
READER_CODE_VERSION = 1
PACKAGE = "rfp_assist"
#: The modules whose code decides topics, terms, risk and flags (relative to the package).
READING_MODULES = (
    "understand.py",
    "taxonomy.py",
    "analysis/classify.py",
    "analysis/lexical.py",
    "analysis/terms.py",
    "analysis/term_rules.py",
    "analysis/term_rules_commercial.py",
    "analysis/term_rules_risk.py",
    "analysis/values.py",
    "analysis/playbook.py",
    "analysis/playbook_schema.py",
    "analysis/flags.py",
    "analysis/injection_rules.py",
)
DATA_SUFFIXES = (".json", ".yaml")


def _package_version() -> str:
    try:
        return metadata.version("rfp-assist")
    except metadata.PackageNotFoundError:  # run from a source tree that was never installed
        return "source"


def _parts(model: str, playbook: bytes) -> Iterable[tuple[str, bytes]]:
    """(name, bytes) of every input of the version, in a fixed order."""
    root = resources.files(PACKAGE)
    yield "code-version", str(READER_CODE_VERSION).encode()
    yield "package", _package_version().encode()
    yield "model", model.encode()
    yield "playbook", playbook
    data = root.joinpath("data")
    names = sorted(p.name for p in data.iterdir() if p.name.endswith(DATA_SUFFIXES))
    for name in names:
        yield f"data/{name}", data.joinpath(name).read_bytes()
    for module in READING_MODULES:
        source = root.joinpath(module)
        # A wheel built without sources still has the data files and the constant above.
        yield module, source.read_bytes() if source.is_file() else b""


def reader_version(playbook: bytes, *, model: str) -> str:
    """A short hash naming the reading code, data, model and playbook (`playbook`'s bytes)."""
    digest = hashlib.sha256()
    for name, content in _parts(model, playbook):
        digest.update(name.encode() + b"\0" + hashlib.sha256(content).digest())
    return digest.hexdigest()[:16]


def playbook_bytes(path: str | Path | None) -> bytes:
    """The bytes of the playbook a Reader would load from `path` (default: the shipped one)."""
    from rfp_assist.understand import DEFAULT_PLAYBOOK

    return Path(path or DEFAULT_PLAYBOOK).read_bytes()
