"""Where an answer concedes part of a requirement: the rules, and another vendor's wording end to end."""

from __future__ import annotations

from pathlib import Path

import pytest

from rfp_assist.analysis.coverage import coverage
from rfp_assist.analysis.coverage_gaps import (
    concessions,
    in_house_items,
    item_words,
    missing_items,
    shared_words,
    vocabulary,
)
from rfp_assist.loaders import load
from rfp_assist.pipeline import analyse
from rfp_assist.retrieval.ingest import record_from_reading
from rfp_assist.retrieval.store import DocumentRecord
from tests.analysis import compare_corpus as corpus

R3 = (
    "Potency (infectivity and transgene expression), vector genome titer (ddPCR or qPCR) and "
    "full/empty capsid ratio (AUC, CDMS or equivalent) shall be performed in-house at a "
    "GMP-compliant QC laboratory. Any release assay the Supplier intends to subcontract shall "
    "be identified together with the proposed subcontractor."
)
R11 = (
    "The Supplier shall disclose all regulatory inspections of the proposed site in the last "
    "five (5) years (FDA, EMA or national competent authorities), including the number of "
    "Form 483 observations or equivalent findings and their status."
)
R12 = (
    "The Supplier shall describe its business continuity arrangements for NWG-101, including "
    "any second qualified site or back-up suite able to manufacture the product if the primary "
    "suite is unavailable."
)


@pytest.mark.parametrize(
    ("requirement", "items"),
    [
        (R3, {"potency", "vector", "genome", "titer", "full", "empty", "capsid", "ratio"}),
        ("The Supplier shall perform sterility and mycoplasma testing in-house.", {
            "sterility", "mycoplasma", "testing"}),
        (R12, set()),
    ],
)  # fmt: skip
def test_in_house_items_are_the_work_asked_not_the_examples(
    requirement: str, items: set[str]
) -> None:
    assert set(in_house_items(requirement).values()) == items


def test_parenthesised_examples_and_number_words_are_not_asked_items() -> None:
    words = set(item_words(R11).values())
    assert {"inspections", "form", "observations", "findings", "status"} <= words
    assert not {"fda", "ema", "national", "five"} & words


@pytest.mark.parametrize(
    ("requirement", "passage", "kind", "item"),
    [
        (R3, "The cell-based potency assay is performed by our analytical partner, Quantis.",
         "delegated", "potency"),
        (R3, "Capsid ratio testing is outsourced to a third-party laboratory.", "delegated",
         "capsid"),
        (R3, "Potency and titer are subcontracted to Example Labs GmbH.", "delegated", "potency"),
        (R12, "Aldermoor does not offer a back-up manufacturing site for the Product.", "denied",
         "back-up"),
        (R12, "We do not currently maintain a second qualified site.", "denied", "second"),
        (R12, "Orion is unable to provide a back-up suite.", "denied", "suite"),
    ],
)  # fmt: skip
def test_a_passage_conceding_an_asked_item_is_a_gap(
    requirement: str, passage: str, kind: str, item: str
) -> None:
    gaps = concessions(requirement, [(100, passage)])
    assert [g.kind for g in gaps] == [kind]
    assert item in gaps[0].items
    # The span is where the concession stands in the document (offset 100 here).
    assert passage[gaps[0].start - 100 : gaps[0].end - 100].strip() == gaps[0].text


@pytest.mark.parametrize(
    ("requirement", "passage"),
    [
        # An exception outside the asked work: not a gap.
        (R3, "Only adventitious-agent testing of the master cell bank is sent to a qualified "
             "external laboratory."),
        (R3, "Vector genome titre (ddPCR) and potency are performed in our own QC laboratory."),
        (R3, "Sterility and mycoplasma testing, performed by the accredited laboratories listed "
             "in Annex 3."),
        # A negative that reports a fact asked for, or names only an example authority.
        (R11, "No Form 483 was issued."),
        (R11, "Aldermoor has not yet been inspected by the FDA."),
        (R11, "Cobalt does not have any open Form 483 observations at the proposed site."),
        # A negated verb about something the requirement does not ask.
        (R12, "Helix does not charge for qualifying the back-up suite."),
        (R12, "A second GMP suite at the site is qualified as a back-up suite."),
    ],
)  # fmt: skip
def test_statements_that_concede_nothing_asked_are_not_gaps(requirement: str, passage: str) -> None:
    assert concessions(requirement, [(0, passage)]) == []


def test_missing_items_of_a_named_list() -> None:
    assert missing_items(["AAV9"], ["AAV2", "AAV8"]) == ("AAV9",)
    assert missing_items(["AAV9"], ["AAV2", "aav9"]) == ()
    assert missing_items(16, 20) == ()  # a worse number is an answer, not a gap


def test_rarer_shared_words_weigh_more() -> None:
    texts = [
        "The site was inspected in 2023 and two findings were closed.",
        "We will inform the client of any regulatory inspection within five days.",
        "Regulatory matters are handled by the regulatory team.",
        "Regulatory approvals: two products.",
    ]
    vocab = vocabulary(texts)
    record, promise = (shared_words(R11, vocab.words[i], vocab.rarity) for i in (0, 1))
    assert record > promise > 0


# ----------------------------------------------------------------- another vendor, end to end
RFP_PARAGRAPHS = (
    "Request for Proposal: AAV Manufacturing",
    "1. Requirements",
    "R1. In-house analytics. Potency, vector genome titer and full/empty capsid ratio shall be "
    "performed in-house at a GMP-compliant QC laboratory.",
    "R2. Business continuity. The Supplier shall describe its business continuity arrangements, "
    "including any second qualified site or back-up suite able to manufacture the product.",
)
PROPOSAL_PARAGRAPHS = (
    "Orion Cell Manufacturing - Proposal",
    "1. Capabilities",
    "1.1 Analytical Testing. Vector genome titer by qPCR is performed in Orion's QC laboratory. "
    "Potency and full/empty capsid ratio are outsourced to a third-party contract laboratory.",
    "1.2 Business Continuity. Orion maintains a business continuity plan reviewed every year. "
    "Orion does not currently operate a second manufacturing site or a back-up suite.",
)


def _record(path: Path, paragraphs: tuple[str, ...]) -> DocumentRecord:
    from docx import Document

    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    doc.save(str(path))
    return record_from_reading(corpus.reader().read(analyse(load(path))))


def test_another_vendors_concessions_make_a_docx_answer_partly(tmp_path: Path) -> None:
    rfp = _record(tmp_path / "rfp.docx", RFP_PARAGRAPHS)
    proposal = _record(tmp_path / "orion_proposal.docx", PROPOSAL_PARAGRAPHS)
    cov = coverage(rfp, [proposal])
    text = proposal.document.text
    r1, r2 = (cov.answer(proposal.document.id, r) for r in ("R1", "R2"))
    assert (r1.status, r1.evidence[0].number) == ("partly", "1.1")
    assert r1.gaps[0].kind == "delegated"
    assert "potency" in r1.gaps[0].items
    assert "outsourced" in text[r1.gaps[0].start : r1.gaps[0].end]
    assert (r2.status, r2.evidence[0].number) == ("partly", "1.2")
    assert r2.gaps[0].kind == "denied"
    assert "second" in r2.gaps[0].items
    assert text[r2.gaps[0].start : r2.gaps[0].end] == r2.gaps[0].text
