"""Segmentation of the sample corpora: every gold clause and region, and golden snapshots.

The snapshots (tests/fixtures/golden/*.segments.json) pin number, heading, kind, depth, page
and span of every segment; regenerate with RFP_ASSIST_UPDATE_GOLDEN=1 after a deliberate change
and review the diff.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from rfp_assist.loaders import load
from rfp_assist.pipeline import Analysis, analyse
from tests.conftest import CORPORA, FIXTURES, ROOT, SHARED_EVAL

sys.path.insert(0, str(ROOT / "bench"))
from segment_gold import gold_documents, match

GOLD = {str(g["document"]): g for g in gold_documents()}


@pytest.fixture(scope="module")
def analyses() -> dict[str, Analysis]:
    return {name: analyse(load(CORPORA / name)) for name in GOLD}


@pytest.mark.parametrize("name", sorted(GOLD))
def test_every_gold_clause_and_region_is_found(name: str, analyses: dict[str, Analysis]) -> None:
    result = match(GOLD[name], analyses[name])
    assert result["missing"] == []
    assert result["found"] == result["gold_clauses"]
    found, total = str(result["regions"]).split("/")
    assert found == total


@pytest.mark.parametrize("name", sorted(GOLD))
def test_kind_and_party(name: str, analyses: dict[str, Analysis]) -> None:
    assert analyses[name].kind == GOLD[name]["kind"]
    assert analyses[name].party == GOLD[name]["party"]


def _snapshot(analysis: Analysis) -> list[dict[str, object]]:
    return [
        {
            "kind": s.kind,
            "number": s.number,
            "heading": s.heading,
            "depth": s.depth,
            "page": s.page,
            "start": s.start,
            "end": s.end,
        }
        for s in analysis.segments
    ]


@pytest.mark.parametrize("name", sorted(GOLD))
def test_golden_segments(name: str, analyses: dict[str, Analysis]) -> None:
    path = FIXTURES / "golden" / (Path(name).stem + ".segments.json")
    current = _snapshot(analyses[name])
    if os.environ.get("RFP_ASSIST_UPDATE_GOLDEN"):
        path.write_text(json.dumps(current, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    assert current == json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "path", sorted((SHARED_EVAL / "cuad" / "pdf").glob("*.pdf")), ids=lambda p: p.name[:40]
)
def test_cuad_pdfs_segment(path: Path) -> None:
    analysis = analyse(load(path))
    numbered = [c for c in analysis.clauses if c.number]
    assert len(numbered) >= 2  # the smallest are one-page amendments with two sections
    for clause in analysis.segments:
        assert clause.text == analysis.document.text[clause.start : clause.end]
