"""What a block may open with: one row per numbering style the segmenter must know."""

from __future__ import annotations

import pytest

from rfp_assist.analysis.markers import is_heading_text, parse_marker, roman_value


@pytest.mark.parametrize(
    ("text", "style", "value", "label", "heading"),
    [
        ("1. Definitions", "dec", (1,), "1", "Definitions"),
        ("1.1 Late Delivery. The Vendor shall pay", "dec", (1, 1), "1.1", "Late Delivery"),
        ("1.1.1 Service credits apply to every late batch.", "dec", (1, 1, 1), "1.1.1", None),
        ("6.2\tLate Delivery", "dec", (6, 2), "6.2", "Late Delivery"),
        ("12. TERMINATION", "dec", (12,), "12", "TERMINATION"),
        ("ARTICLE IV TERMINATION", "article", (4,), "ARTICLE IV", "TERMINATION"),
        ("Article 7 - Warranties", "article", (7,), "Article 7", "Warranties"),
        ("ARTICLE ONE", "article", (1,), "ARTICLE ONE", None),
        ("Section 12. Governing Law.", "section", (12,), "Section 12", "Governing Law"),
        ("Section 4.2 Pricing. Batch price", "dec", (4, 2), "Section 4.2", "Pricing"),
        ("Clause 7 Liability", "section", (7,), "Clause 7", "Liability"),
        ("Section B Commercial Terms", "section_letter", (2,), "Section B", "Commercial Terms"),
        ("A.1 Scope of Services", "letter_dec", (1, 1), "A.1", "Scope of Services"),
        ("B.2.1 Release testing", "letter_dec", (2, 2, 1), "B.2.1", "Release testing"),
        ("(a) the Vendor shall", "paren:lower", (1,), "(a)", None),
        ("(ii) any failure", "paren:lroman", (2,), "(ii)", None),
        ("(i) the first", "paren:lower?", (9, 1), "(i)", None),
        ("(3) third item", "paren:digit", (3,), "(3)", None),
        ("IV. TERMINATION", "roman_dot", (4,), "IV", "TERMINATION"),
        ("Schedule 2 - Pricing", "schedule", (), "Schedule 2", "Pricing"),
        ("EXHIBIT A", "schedule", (), "EXHIBIT A", None),
        ("R7. Late delivery. The Supplier shall", "requirement", (7,), "R7", "Late delivery"),
        ("4.4 Batch Failure. If a Batch fails", "dec", (4, 4), "4.4", "Batch Failure"),
        ('"Batch" means a single production run', "definition", (), None, "Batch"),
        ("“Affiliate” shall mean any entity", "definition", (), None, "Affiliate"),
        ("6. 2. 1.   thirty days after notice", "dec", (6, 2, 1), "6.2.1", None),
    ],
)
def test_markers(text: str, style: str, value: tuple[int, ...], label: str | None,
                 heading: str | None) -> None:  # fmt: skip
    marker = parse_marker(text)
    assert marker is not None
    assert (marker.style, marker.value, marker.label, marker.heading) == (
        style, value, label, heading,
    )  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        "Section 8.01 shall survive any termination.",  # a citation, not an opening
        "Article 5 of the Agreement applies.",
        "2014 was the first year of supply.",  # a year
        "30 days after the invoice date the fee is due.",
        "2.5 million units per year are forecast.",
        "The Vendor shall pay 1.5% per week.",
        "",
    ],
)
def test_not_markers(text: str) -> None:
    assert parse_marker(text) is None


def test_roman_values() -> None:
    assert [roman_value(r) for r in ("i", "iv", "ix", "XIV", "xl")] == [1, 4, 9, 14, 40]
    assert roman_value("abc") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Late Delivery", True),
        ("LIMITATION OF LIABILITY", True),
        ("Terms of Payment and Invoicing", True),
        ("The Vendor shall pay the Client.", False),
        ("the vendor shall", False),
    ],
)
def test_heading_text(text: str, expected: bool) -> None:
    assert is_heading_text(text) is expected
