"""What a document is (proposal, MSA, RFP) and whose it is (the party's legal name)."""

from __future__ import annotations

import re
from collections import Counter

from rfp_assist.model import Clause, Document, DocumentKind

_KIND_CUES: tuple[tuple[DocumentKind, re.Pattern[str]], ...] = (
    ("rfp", re.compile(r"\brequest\s+for\s+(?:proposals?|quotations?)\b|\bRFP\b", re.I)),
    ("msa", re.compile(r"\bmaster\s+(?:services?|supply|manufacturing)\s+agreement\b", re.I)),
    ("proposal", re.compile(r"\b(?:proposal|quotation|response\s+to\s+(?:the\s+)?RFP)\b", re.I)),
)
_COMPANY = re.compile(
    r"\b([A-Z][\w&'’.-]*(?:[ \t]+(?:[A-Z][\w&'’.-]*|&|of|and|de|für))*,?[ \t]+"
    r"(?:Inc\.?|INC\.?|Incorporated|INCORPORATED|LLC|L\.L\.C\.|Ltd\.?|LTD\.?|Limited|LIMITED"
    r"|GmbH|AG|S\.A\.S?\.?|SAS|S\.p\.A\.|B\.V\.|N\.V\.|plc|PLC|Corp\.?|CORP\.?|Corporation"
    r"|CORPORATION|Co\.,? Ltd\.?|LLP|LP|A/S|AB|Oy|KK|Pty Ltd))(?![\w-])"
)


def document_kind(doc: Document, clauses: list[Clause]) -> DocumentKind:
    """Guess the kind from the title block and the opening text (first cue found wins)."""
    head = " ".join(c.text for c in clauses[:3]) or doc.text[:3000]
    for kind, cue in _KIND_CUES:
        if cue.search((doc.title or "") + " " + head[:3000]):
            return kind
    return "other"


def party_name(doc: Document, clauses: list[Clause]) -> str | None:
    """The first legal name in the title block, else in the opening text, else the most frequent."""
    title = [c for c in clauses if c.kind == "title"]
    for clause in title:
        found = _COMPANY.findall(clause.text)
        if found:
            return _clean(found[0])
    opening = _COMPANY.findall(doc.text[:2000])
    if opening:
        return _clean(opening[0])
    names = Counter(_clean(n) for n in _COMPANY.findall(doc.text[:20000]))
    return names.most_common(1)[0][0] if names else None


def _clean(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip(" ,")
