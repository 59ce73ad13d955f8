"""The comparison matrix on real corpora proposals, read back from a real workspace."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from click.testing import CliRunner

from rfp_assist.analysis.compare import build_cell, compare
from rfp_assist.cli import main
from rfp_assist.retrieval.ingest import record_from_reading
from rfp_assist.taxonomy import load_taxonomy
from tests.analysis import compare_corpus as corpus
from tests.conftest import CORPORA


def _gold(path: Path) -> dict[str, object]:
    rel = path.stem
    data: dict[str, object] = json.loads((CORPORA / "gold" / f"{rel}.json").read_text())
    return data


def test_one_column_per_document_with_the_party_from_the_document() -> None:
    matrix = compare(corpus.proposals(), corpus.playbook())
    parties = [c.party for c in matrix.columns]
    assert parties == [_gold(p)["party"] for p in corpus.PROPOSALS]


def test_one_row_per_taxonomy_topic_capability_rows_included() -> None:
    matrix = compare(corpus.proposals(), corpus.playbook())
    assert sorted(r.topic for r in matrix.rows) == sorted(load_taxonomy())
    capability = {r.topic for r in matrix.rows if r.group == "capability"}
    assert {"facilities", "scale", "analytics", "regulatory_record", "timeline"} <= capability


def test_evidence_is_the_exact_source_text_best_first() -> None:
    records = corpus.proposals()
    matrix = compare(records, corpus.playbook())
    texts = {r.document.id: r.document.text for r in records}
    checked = 0
    for row in matrix.rows:
        for cell in row.cells:
            scores = [e.score for e in cell.evidence]
            assert scores == sorted(scores, reverse=True)
            for e in cell.evidence:
                assert texts[cell.document][e.start : e.end] == e.text
                checked += 1
            for t in cell.terms:
                assert any(e.start <= t.start < t.end <= e.end for e in cell.evidence) or (
                    cell.clause_count > len(cell.evidence)
                )
    assert checked > 50


def test_a_topic_no_clause_addresses_is_missing_never_low() -> None:
    helix = corpus.record(corpus.HELIX)
    # The same document with every clause's late-delivery topic taken away.
    stripped = replace(
        helix,
        clauses=tuple(
            replace(c, topics=tuple(t for t in c.topics if t[0] != "late_delivery"))
            for c in helix.clauses
        ),
    )
    cell = build_cell(stripped, "late_delivery", corpus.playbook())
    assert (cell.status, cell.risk, cell.evidence, cell.terms) == ("missing", "unknown", (), ())
    matrix = compare(corpus.proposals(), corpus.playbook())
    for row in matrix.rows:
        for c in row.cells:
            assert c.status == "found" or c.risk != "low"


def test_terms_merge_in_document_order_first_statement_wins() -> None:
    helix = corpus.record(corpus.HELIX)
    cell = build_cell(helix, "late_delivery", corpus.playbook())
    first: dict[str, object] = {}
    for item in helix.clauses:
        if any(t == "late_delivery" for t, _ in item.topics):
            for term in item.terms:
                if term.topic == "late_delivery":
                    first.setdefault(term.key, term.value)
    assert cell.terms_dict() == first


def test_a_list_comes_from_the_clause_stating_the_most_items() -> None:
    # Helix's executive summary names AAV9 in passing; 2.2 lists all five serotypes.
    helix = corpus.record(corpus.HELIX)
    cell = build_cell(helix, "modality_experience", corpus.playbook())
    serotypes = next(t for t in cell.terms if t.key == "serotypes")
    assert isinstance(serotypes.value, list)
    assert sorted(map(str, serotypes.value)) == ["AAV2", "AAV5", "AAV8", "AAV9", "AAVrh10"]
    assert serotypes.clause == "2.2"
    assert "AAVrh10" in helix.document.text[serotypes.start : serotypes.end]
    assert any(
        t.key == "serotypes" and t.value == ["AAV9"]
        for item in helix.clauses
        if item.clause.number == "1"
        for t in item.terms
    )


def test_evidence_holding_flagged_text_says_so() -> None:
    kestrel = corpus.record(corpus.KESTREL)
    matrix = compare([kestrel], corpus.playbook())
    flagged = [e for r in matrix.rows for e in r.cells[0].evidence if e.flagged]
    assert flagged
    for e in flagged:
        for start, end in e.flagged:
            assert e.start <= start < end <= e.end
            assert any(f.start <= start and end <= f.end for f in kestrel.flags)


def test_flags_are_listed_per_document() -> None:
    matrix = compare(corpus.proposals(), corpus.playbook())
    gold = json.loads((CORPORA / "gold" / "flags.json").read_text())["flags"]
    by_name = {c.name: c for c in matrix.columns}
    kestrel = by_name[corpus.KESTREL.name]
    for flag in gold:
        if flag["document"].endswith(corpus.KESTREL.name):
            assert any(flag["text"] in f.text or f.text in flag["text"] for f in kestrel.flags)
    assert by_name[corpus.HELIX.name].flags == ()


def test_the_workspace_copy_compares_exactly_like_a_fresh_reading() -> None:
    from rfp_assist.loaders import load
    from rfp_assist.pipeline import analyse

    fresh = record_from_reading(corpus.reader().read(analyse(load(corpus.KESTREL))))
    stored = corpus.record(corpus.KESTREL)
    playbook = corpus.playbook()
    for topic in load_taxonomy():
        a, b = build_cell(fresh, topic, playbook), build_cell(stored, topic, playbook)
        assert (a.status, a.risk, a.terms, a.reasons) == (b.status, b.risk, b.terms, b.reasons)
        assert [e.text for e in a.evidence] == [e.text for e in b.evidence]


def test_cli_compare_from_the_workspace_alone() -> None:
    runner = CliRunner()
    ws = str(corpus.workspace_folder())
    result = runner.invoke(main, ["compare", "--workspace", ws, "--format", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert {d["source"] for d in payload["documents"]} == {"workspace"}
    assert len(payload["documents"]) == 3  # the proposals; the RFP is not a column
    # The workspace holds one RFP: it is the one the proposals are checked against.
    assert payload["rfp"]["path"].endswith(corpus.RFP.name)
    assert len(payload["coverage"]["requirements"]) == 12
    cell = payload["topics"][0]["cells"][0]
    assert {"document", "status", "risk", "terms", "evidence", "reasons"} <= cell.keys()


def test_cli_compare_files_uses_the_stored_copy_and_reports_a_bad_file(tmp_path: Path) -> None:
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.7\n this is not a PDF body")
    runner = CliRunner()
    gone = tmp_path / "gone.docx"
    args = ["compare", str(corpus.HELIX), str(bad), str(gone), str(corpus.BLUESTEM),
            "--workspace", str(corpus.workspace_folder()), "--format", "json"]  # fmt: skip
    result = runner.invoke(main, args)
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 2
    assert "broken.pdf" in errors[0]
    assert "gone.docx" in errors[1]
    payload = json.loads(result.stdout)
    assert [d["source"] for d in payload["documents"]] == ["workspace", "workspace"]


def test_cli_compare_with_nothing_to_compare_is_one_error_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["compare", "--workspace", str(tmp_path / "none")])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "no workspace" in result.stderr
    assert not (tmp_path / "none").exists()
