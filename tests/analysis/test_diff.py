"""Draft diff: alignment by content, tracked-changes rebuild, direction and the corpora gold."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from rfp_assist.analysis.align import align, body
from rfp_assist.analysis.diff import DraftDiff, diff_readings
from rfp_assist.analysis.diff_text import term_summary, wording_summary
from rfp_assist.analysis.playbook import load_playbook
from rfp_assist.analysis.preference import numeric_preference, term_direction
from rfp_assist.analysis.tracked import before_revisions
from rfp_assist.cli import main
from rfp_assist.loaders import load, load_bytes
from rfp_assist.model import Clause
from rfp_assist.pipeline import analyse
from rfp_assist.report.diff_report import diff_html, diff_payload, diff_table, workspace_cache
from rfp_assist.understand import DEFAULT_PLAYBOOK, Reader
from tests.conftest import CORPORA, FIXTURES

MSA_V1, MSA_V2 = CORPORA / "msa" / "msa_v1.docx", CORPORA / "msa" / "msa_v2.docx"
GOLD = json.loads((CORPORA / "gold" / "diff_msa_v1_v2.json").read_text(encoding="utf-8"))
PLAYBOOK = load_playbook(DEFAULT_PLAYBOOK)


def _clauses(text: str) -> tuple[Clause, ...]:
    return analyse(load_bytes(text.encode(), "draft.txt")).clauses


# -- alignment (pure, on real segmented text) -------------------------------------------------
OLD_TEXT = """1. Services. The Supplier shall perform the services described in each work order.
2. Records. The Supplier shall keep all batch records for ten years after release.
3. Payment. Invoices are payable within forty-five days of receipt by the Client.
4. Audits. The Client may audit the facility once a year on thirty days notice.
"""


def test_renumbered_clauses_align_by_content_and_stay_unchanged() -> None:
    new_text = OLD_TEXT.replace("2. Records", "3. Records").replace("3. Payment", "4. Payment")
    new_text = new_text.replace("4. Audits", "5. Audits").replace(
        "work order.\n",
        "work order.\n2. Insurance. The Supplier shall carry product liability insurance.\n",
    )
    old, new = _clauses(OLD_TEXT), _clauses(new_text)
    pairs = align(old, new)
    matched = {
        (old[p.old].number, new[p.new].number)
        for p in pairs
        if p.old is not None and p.new is not None
    }
    assert matched == {("1", "1"), ("2", "3"), ("3", "4"), ("4", "5")}
    assert all(p.in_order for p in pairs)
    assert [new[p.new].number for p in pairs if p.old is None and p.new is not None] == ["2"]


def test_a_clause_taken_out_of_order_is_out_of_order() -> None:
    lines = OLD_TEXT.splitlines()
    moved = "\n".join([lines[0], "2" + lines[2][1:], "3" + lines[3][1:], "4" + lines[1][1:]]) + "\n"
    old, new = _clauses(OLD_TEXT), _clauses(moved)
    pairs = align(old, new)
    out_of_order = [
        (old[p.old].heading, p.similarity) for p in pairs if not p.in_order and p.old is not None
    ]
    assert out_of_order == [("Records", 1.0)]


def test_body_drops_the_number_label_only() -> None:
    clause = _clauses(OLD_TEXT)[1]
    assert body(clause).startswith("Records. The Supplier")


# -- tracked changes ------------------------------------------------------------------------
def test_rejecting_tracked_changes_gives_v1_text_except_the_typed_renumbering() -> None:
    before = analyse(before_revisions(load(MSA_V2)))
    v1 = analyse(load(MSA_V1))
    assert [body(c) for c in before.clauses] == [body(c) for c in v1.clauses]
    renumbered = {
        (a.number, b.number)
        for a, b in zip(v1.clauses, before.clauses, strict=True)
        if a.number != b.number
    }
    notes = {(r["old_number"], r["new_number"]) for r in GOLD["renumbered_unchanged"]}
    assert renumbered == notes | {("6.5", "6.4")}


def test_rebuilt_fixture_equals_the_original_saved_without_changes() -> None:
    """tracked.docx holds every kind of revision; tracked_original.docx is it, all rejected."""
    fixtures = FIXTURES / "docx"
    rebuilt = before_revisions(load(fixtures / "tracked.docx"))
    original = load(fixtures / "tracked_original.docx")
    assert rebuilt.text == original.text
    assert [(b.start, b.end) for b in rebuilt.blocks] == [(b.start, b.end) for b in original.blocks]


def test_rebuilt_document_keeps_exact_spans() -> None:
    before = before_revisions(load(MSA_V2))
    clauses = analyse(before).clauses
    assert all(c.text == before.text[c.start : c.end] for c in clauses)
    assert before.revisions == ()
    assert before.id != load(MSA_V2).id


# -- direction, read from the playbook ------------------------------------------------------
@pytest.mark.parametrize(
    ("topic", "key", "sign"),
    [
        ("liability_cap", "months_of_fees", 1),
        ("late_delivery", "cap_pct", 1),
        ("payment_terms", "net_days", 1),
        ("audit_rights", "notice_days", -1),
        ("warranty", "anything", 0),
    ],
)
def test_numeric_preference_comes_from_the_playbook(topic: str, key: str, sign: int) -> None:
    assert numeric_preference(PLAYBOOK, topic, key) == sign


@pytest.mark.parametrize(
    ("topic", "key", "old", "new", "direction"),
    [
        ("liability_cap", "months_of_fees", 12, 6, "unfavourable"),
        ("audit_rights", "notice_days", 30, 10, "favourable"),
        ("batch_failure", "allocation", "vendor", "shared", "unfavourable"),
        ("batch_failure", "allocation", "client", "vendor_if_at_fault", "favourable"),
        (
            "liability_cap",
            "amount",
            {"amount": 5, "currency": "USD"},
            {"amount": 6, "currency": "EUR"},
            "unknown",
        ),
        ("payment_terms", "net_days", None, 60, "unknown"),
        ("payment_terms", "net_days", 60, 60, "neutral"),
    ],
)
def test_term_direction(topic: str, key: str, old: Any, new: Any, direction: str) -> None:
    assert term_direction(PLAYBOOK, topic, key, old, new) == direction


@pytest.mark.parametrize(
    ("topic", "key", "old", "new", "summary"),
    [
        ("liability_cap", "months_of_fees", 12, 6, "liability cap cut from 12 to 6 months of fees"),
        ("late_delivery", "cap_pct", 10, 15, "late-delivery credit cap raised from 10% to 15%"),
        ("audit_rights", "notice_days", 30, 10, "audit notice shortened from 30 to 10 days"),
        ("payment_terms", "net_days", None, 60, "payment terms now stated: 60 days"),
    ],
)
def test_term_summary(topic: str, key: str, old: Any, new: Any, summary: str) -> None:
    assert term_summary(topic, key, old, new) == summary


def test_wording_summary_names_the_edit() -> None:
    text = wording_summary(
        "without regard to its conflict of laws principles",
        "without giving effect to any conflict of law rule",
    )
    assert (
        text
        == '"regard to its conflict of laws principles" → "giving effect to any conflict of law rule"'
    )


# -- the corpora: MSA v1 -> v2, as two files and as one file with tracked changes -----------
@pytest.fixture(scope="module")
def reader(tmp_path_factory: pytest.TempPathFactory) -> Reader:
    """The real Reader (embedding model, topic model, playbook), once for this module."""
    return Reader(cache_path=tmp_path_factory.mktemp("diff") / "embeddings.sqlite")


@pytest.fixture(scope="module", params=["files", "tracked_changes"])
def msa_diff(request: pytest.FixtureRequest, reader: Reader) -> DraftDiff:
    """The diff of the MSA drafts, from two files or from v2's own tracked changes."""
    new_doc = load(MSA_V2)
    old_doc = load(MSA_V1) if request.param == "files" else before_revisions(new_doc)
    return diff_readings(
        reader.playbook, reader.read(analyse(old_doc)), reader.read(analyse(new_doc))
    )


def _number(side: Any) -> str | None:
    return side.clause.number if side is not None else None


@pytest.mark.parametrize(
    "gold", GOLD["changes"], ids=lambda g: f"{g['kind']}-{g['old_number']}-{g['new_number']}"
)
def test_every_gold_change_is_found_with_its_direction(
    msa_diff: DraftDiff, gold: dict[str, Any]
) -> None:
    new_number = gold["new_number"]
    old_number = gold["old_number"]
    # In the one-file mode v2's numbers are typed text: the original keeps v2's numbers.
    found = [
        c
        for c in msa_diff.changes
        if c.kind == gold["kind"]
        and (c.new is None or _number(c.new) == new_number)
        and (c.new is not None or (c.old is not None and c.old.clause.heading == gold["heading"]))
    ]
    assert len(found) == 1, [
        (c.kind, _number(c.old), _number(c.new)) for c in msa_diff.changes if c.kind != "unchanged"
    ]
    change = found[0]
    if change.old is not None and old_number is not None and gold["kind"] != "modified":
        assert change.old.clause.heading == gold["heading"]
    assert change.direction == gold["direction"]
    if gold["term_change"]:
        term = gold["term_change"]
        assert term["topic"] in change.topics
        assert any(
            (t.topic, t.key, t.old, t.new) == (term["topic"], term["key"], term["old"], term["new"])
            for t in change.term_changes
        )
    assert change.summary
    assert set(change.authors) == set(gold["authors"])


def test_only_the_gold_changes_are_reported(msa_diff: DraftDiff) -> None:
    assert sum(c.kind != "unchanged" for c in msa_diff.changes) == len(GOLD["changes"])


def test_moved_clause_is_moved_not_removed_and_added(msa_diff: DraftDiff) -> None:
    retention = [
        c
        for c in msa_diff.changes
        if "Record Retention" in {c.old and c.old.clause.heading, c.new and c.new.clause.heading}
    ]
    assert [(c.kind, _number(c.new)) for c in retention] == [("moved", "7.3")]
    assert "moved unchanged from 5.5" in retention[0].summary


def test_renumbered_clauses_are_unchanged(msa_diff: DraftDiff) -> None:
    pairs = {
        (_number(c.old), _number(c.new))
        for c in msa_diff.changes
        if c.kind == "unchanged" and c.renumbered
    }
    expected = {(r["old_number"], r["new_number"]) for r in GOLD["renumbered_unchanged"]}
    # One file: v2's numbers are typed text, not revisions, so its original keeps them.
    one_file = "version" in msa_diff.old.analysis.document.metadata
    assert pairs == (set() if one_file else expected)


def test_reports_carry_sources_and_the_interface_shape(msa_diff: DraftDiff) -> None:
    payload = json.loads(json.dumps(diff_payload(msa_diff)))
    assert {"old", "new", "changes"} <= payload.keys()
    for change, entry in zip(msa_diff.changes, payload["changes"], strict=True):
        assert {"kind", "old", "new", "topics", "direction", "summary"} <= entry.keys()
        for side, reading in (("old", change.old), ("new", change.new)):
            if reading is None:
                assert entry[side] is None
                continue
            doc = (msa_diff.old if side == "old" else msa_diff.new).analysis.document
            assert entry[side]["text"] == doc.text[entry[side]["start"] : entry[side]["end"]]
            assert entry[side]["number"] == reading.clause.number
    table = diff_table(msa_diff)
    assert "liability cap cut from 12 to 6 months of fees" in table
    assert "unchanged" not in table.splitlines()[2]
    page = diff_html(msa_diff)
    assert page.count("<tr class=") == len(GOLD["changes"])
    assert "<script" not in page


# -- the command ---------------------------------------------------------------------------
def test_cli_diff_json_one_docx_with_tracked_changes(tmp_path: Path) -> None:
    out = tmp_path / "diff.json"
    result = CliRunner().invoke(main, ["diff", str(MSA_V2), "--format", "json", "--out", str(out)])
    assert result.exit_code == 0, result.output
    payload = json.loads(out.read_text(encoding="utf-8"))
    assert payload["mode"] == "tracked_changes"
    cap = [c for c in payload["changes"] if c["new"] and c["new"]["number"] == "12.2"]
    assert cap[0]["direction"] == "unfavourable"


def test_cli_diff_refuses_a_docx_without_tracked_changes() -> None:
    result = CliRunner().invoke(main, ["diff", str(MSA_V1)])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"error: {MSA_V1}: has no tracked changes; give OLD and NEW drafts"
    ]


def test_cli_diff_names_a_bad_file(tmp_path: Path) -> None:
    bad = tmp_path / "draft.docx"
    bad.write_bytes(b"MZ\x90\x00" + b"\x00" * 64)
    result = CliRunner().invoke(main, ["diff", str(MSA_V1), str(bad)])
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1
    assert "draft.docx" in result.output


def test_a_clause_moved_and_changed_is_one_modified_change(reader: Reader) -> None:
    lines = OLD_TEXT.splitlines()
    records = "4" + lines[1][1:].replace("ten years", "fifteen years")
    moved = "\n".join([lines[0], "2" + lines[2][1:], "3" + lines[3][1:], records]) + "\n"
    old = reader.read(analyse(load_bytes(OLD_TEXT.encode(), "old.txt")))
    new = reader.read(analyse(load_bytes(moved.encode(), "new.txt")))
    changes = [c for c in diff_readings(PLAYBOOK, old, new).changes if c.kind != "unchanged"]
    assert [(c.kind, _number(c.old), _number(c.new)) for c in changes] == [("modified", "2", "4")]
    assert '"ten" → "fifteen"' in changes[0].summary
    assert "Records moved from 2 to 4" in changes[0].summary


def test_workspace_cache_only_when_a_workspace_exists(tmp_path: Path) -> None:
    assert workspace_cache(str(tmp_path)) is None
    (tmp_path / "workspace.sqlite").write_bytes(b"")
    assert workspace_cache(str(tmp_path)) == tmp_path / "embeddings.sqlite"


def test_html_escapes_document_text(reader: Reader) -> None:
    hostile = OLD_TEXT.replace("each work order.", "each work order <script>alert(1)</script>.")
    old = reader.read(analyse(load_bytes(OLD_TEXT.encode(), "old.txt")))
    new = reader.read(analyse(load_bytes(hostile.encode(), "new<b>.txt")))
    page = diff_html(diff_readings(PLAYBOOK, old, new))
    assert "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "new&lt;b&gt;.txt" in page
