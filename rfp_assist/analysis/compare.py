"""The comparison matrix: one column per document, one row per topic, each cell with evidence.

Works on `DocumentRecord`s (what `ingest` stores and what a fresh `Reading` becomes), so the
matrix is the same whether the documents come from the workspace or are read on the spot. A
cell pools the clauses that carry its topic, the way the playbook reads a document: typed terms
merged in document order (the first statement of a key wins; a list comes from the clause
stating the most items), risk rated on the merged terms and the clauses' visible text (flagged
spans blanked). A topic no clause addresses is `missing`, whose risk is never better than
`unknown`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rfp_assist.analysis.playbook import Playbook, assess
from rfp_assist.model import Flag, TermValue
from rfp_assist.retrieval.store import ClauseRecord, DocumentRecord
from rfp_assist.taxonomy import load_taxonomy

#: Row order of the topic groups.
GROUP_ORDER = {"commercial": 0, "legal": 1, "capability": 2}
#: The evidence kept per cell (best first); the rest is counted, not listed.
MAX_EVIDENCE = 5


@dataclass(frozen=True)
class Evidence:
    """One clause that addresses a topic: where it stands and how sure the classifier is."""

    clause_id: str
    number: str | None
    heading: str | None
    page: int
    start: int
    end: int
    text: str
    score: float
    #: Spans (document offsets) inside `text` flagged as hidden or aimed at tools: shown to the
    #: reader as such, and never used for terms or risk.
    flagged: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class TermSource:
    """A merged typed term and the clause and span it was read from."""

    key: str
    value: TermValue
    clause: str | None
    page: int
    start: int
    end: int


@dataclass(frozen=True)
class Cell:
    """One (document, topic) cell: found or missing, terms, risk with reasons, evidence."""

    document: str
    topic: str
    status: str  # "found" | "missing"
    risk: str
    terms: tuple[TermSource, ...]
    evidence: tuple[Evidence, ...]
    reasons: tuple[str, ...]
    clause_count: int

    def terms_dict(self) -> dict[str, TermValue]:
        """The merged terms as `{key: value}`, the shape of interface.md."""
        return {t.key: t.value for t in self.terms}


@dataclass(frozen=True)
class Column:
    """One compared document: identity, party detected from its text, and its flags."""

    id: str
    path: str
    name: str
    kind: str
    party: str | None
    pages: int
    flags: tuple[Flag, ...]
    flag_clauses: tuple[str | None, ...] = ()  # the number of each flag's clause, in order


@dataclass(frozen=True)
class Row:
    """One topic: id, label, group (commercial, legal, capability) and a cell per column."""

    topic: str
    label: str
    group: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Matrix:
    """The comparison: columns (documents) and rows (topics), in taxonomy order."""

    columns: tuple[Column, ...]
    rows: tuple[Row, ...]

    def cell(self, document: str, topic: str) -> Cell:
        """The cell of `document` (id) and `topic`."""
        for row in self.rows:
            if row.topic == topic:
                for cell in row.cells:
                    if cell.document == document:
                        return cell
        raise KeyError((document, topic))


def topic_clauses(record: DocumentRecord, topic: str) -> list[tuple[int, ClauseRecord, float]]:
    """(position, clause, score) of the clauses of `record` that carry `topic`, in order."""
    out = []
    for seq, item in enumerate(record.clauses):
        for name, score in item.topics:
            if name == topic:
                out.append((seq, item, float(score)))
                break
    return out


def merged_terms(
    record: DocumentRecord, clauses: Sequence[ClauseRecord], topic: str
) -> tuple[TermSource, ...]:
    """The topic's terms over `clauses` in document order; the first value of a key wins.

    A list (serotypes, carve-outs) comes from the clause that states the most items, the first
    of those in a tie: an executive summary naming one serotype in passing does not stand for
    the experience section that lists all five.
    """
    seen: dict[str, TermSource] = {}
    doc = record.document
    for item in clauses:
        for term in item.terms:
            if term.topic != topic:
                continue
            held = seen.get(term.key)
            longer = (
                held is not None
                and isinstance(held.value, list)
                and isinstance(term.value, list)
                and len(term.value) > len(held.value)
            )
            if held is None or longer:
                seen[term.key] = TermSource(
                    term.key,
                    term.value,
                    item.clause.number,
                    doc.page_at(term.start),
                    term.start,
                    term.end,
                )
    return tuple(seen.values())


def evidence(item: ClauseRecord, score: float, flags: Sequence[Flag] = ()) -> Evidence:
    """A clause as evidence, with the flagged spans that fall inside it."""
    c = item.clause
    inside = tuple(
        (max(f.start, c.start), min(f.end, c.end))
        for f in flags
        if f.start < c.end and f.end > c.start
    )
    return Evidence(
        c.id, c.number, c.heading, c.page, c.start, c.end, c.text, round(score, 4),
        tuple(sorted(set(inside))),
    )  # fmt: skip


def build_cell(record: DocumentRecord, topic: str, playbook: Playbook | None) -> Cell:
    """The cell of one document and topic (pure: records in, cell out)."""
    found = topic_clauses(record, topic)
    doc_id = record.document.id
    if not found:
        reason = "the document does not address this topic"
        return Cell(doc_id, topic, "missing", "unknown", (), (), (reason,), 0)
    in_order = [item for _, item, _ in found]
    terms = merged_terms(record, in_order, topic)
    reasons: tuple[str, ...]
    if playbook is None:
        risk, reasons = "unknown", ("no playbook given",)
    else:
        # The visible text only: hidden or injected text must not meet a playbook phrase.
        text = "\n".join(item.search_text for item in in_order)
        assessment = assess(playbook, topic, {t.key: t.value for t in terms}, text)
        risk, reasons = assessment.risk, assessment.reasons

    # Best first: the classifier's score, then the clause stating more of the topic's terms.
    def rank(entry: tuple[int, ClauseRecord, float]) -> tuple[float, int, int]:
        seq, item, score = entry
        stated = sum(t.topic == topic for t in item.terms)
        return (-score, -stated, seq)

    ranked = sorted(found, key=rank)[:MAX_EVIDENCE]
    shown = tuple(evidence(item, score, record.flags) for _, item, score in ranked)
    return Cell(doc_id, topic, "found", risk, terms, shown, tuple(reasons), len(found))


def column(record: DocumentRecord) -> Column:
    """The column header of one document."""
    doc = record.document
    numbers = {item.clause.id: item.clause.number for item in record.clauses}
    where = tuple(numbers.get(f.clause_id or "") for f in record.flags)
    return Column(
        doc.id, doc.path, doc.name, record.kind, record.party, len(doc.pages), record.flags, where
    )


def compare(
    records: Sequence[DocumentRecord],
    playbook: Playbook | None,
    topics: Sequence[str] | None = None,
) -> Matrix:
    """The matrix of `records` over `topics` (default: every taxonomy topic, in order)."""
    taxonomy = load_taxonomy()
    if topics is not None:
        wanted = list(topics)
    else:  # taxonomy order within each group; capability claims after the terms
        wanted = sorted(taxonomy, key=lambda t: GROUP_ORDER.get(taxonomy[t].group, 9))
    rows = []
    for topic in wanted:
        spec = taxonomy.get(topic)
        label, group = (spec.label, spec.group) if spec else (topic, "other")
        cells = tuple(build_cell(record, topic, playbook) for record in records)
        rows.append(Row(topic, label, group, cells))
    return Matrix(tuple(column(r) for r in records), tuple(rows))
