"""The analysis of one document, from loaded text to everything later stages need."""

from __future__ import annotations

from dataclasses import dataclass

from rfp_assist.analysis.identify import document_kind, party_name
from rfp_assist.analysis.segment import segment
from rfp_assist.model import Clause, Document, DocumentKind


@dataclass(frozen=True)
class Analysis:
    """A document with its segments, kind and party."""

    document: Document
    segments: tuple[Clause, ...]
    kind: DocumentKind
    party: str | None

    @property
    def clauses(self) -> tuple[Clause, ...]:
        """The segments that are clauses (not title, table of contents or signature)."""
        return tuple(s for s in self.segments if s.is_clause)

    @property
    def regions(self) -> tuple[Clause, ...]:
        """Title blocks, tables of contents and signature blocks."""
        return tuple(s for s in self.segments if not s.is_clause)


def analyse(doc: Document) -> Analysis:
    """Segment `doc` and identify what it is and whose it is."""
    segments = segment(doc)
    return Analysis(doc, tuple(segments), document_kind(doc, segments), party_name(doc, segments))
