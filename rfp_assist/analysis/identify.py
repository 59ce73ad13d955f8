"""What a document is (proposal, MSA, RFP) and whose it is (the party's legal name)."""

from __future__ import annotations

import re
from collections import Counter

from rfp_assist.model import Clause, Document, DocumentKind

# Cues in the order they decide, first in the title block, then in the opening text: a
# proposal "in response to the RFP" is a proposal, not an RFP.
_KIND_CUES: tuple[tuple[DocumentKind, re.Pattern[str]], ...] = (
    ("proposal", re.compile(r"\b(?:response\s+to|responding\s+to|in\s+reply\s+to)\b", re.I)),
    ("rfp", re.compile(r"\brequest\s+for\s+(?:proposals?|quotations?|information)\b", re.I)),
    ("msa", re.compile(r"\bmaster\s+(?:services?|supply|manufacturing)\s+agreement\b", re.I)),
    ("proposal", re.compile(r"\b(?:proposal|quotation|offer)\b", re.I)),
    ("rfp", re.compile(r"\bRFP\b")),
)
# The defined name a party is given right after its legal name: 'Helix, Inc. ... (“Vendor”)'.
_ROLE = re.compile(r"^[^()\n]{0,250}?\(\s*(?:the\s+|hereinafter\s+)?[\"“]([^\"”]{1,40})[\"”]")
_VENDOR_ROLES = {"vendor", "cdmo", "contractor", "manufacturer", "supplier", "provider", "cmo",
                 "service provider", "seller"}  # fmt: skip
_CLIENT_ROLES = {"client", "sponsor", "customer", "buyer", "purchaser", "company", "owner"}

_COMPANY = re.compile(
    r"\b([A-Z][\w&'’.-]*(?:[ \t]+(?:[A-Z][\w&'’.-]*|&|of|and|de|für))*,?[ \t]+"
    r"(?:Inc\.?|INC\.?|Incorporated|INCORPORATED|LLC|L\.L\.C\.|Ltd\.?|LTD\.?|Limited|LIMITED"
    r"|GmbH|AG|S\.A\.S?\.?|SAS|S\.p\.A\.|B\.V\.|N\.V\.|plc|PLC|Corp\.?|CORP\.?|Corporation"
    r"|CORPORATION|Co\.,? Ltd\.?|LLP|LP|A/S|AB|Oy|KK|Pty Ltd))(?![\w-])"
)


def document_kind(doc: Document, clauses: list[Clause]) -> DocumentKind:
    """The kind named by the title block, else by the opening text."""
    title = " ".join([doc.title or "", *(c.text for c in clauses if c.kind == "title")])
    opening = " ".join(c.text for c in clauses[:4])[:3000] or doc.text[:3000]
    for text in (title, opening):
        for kind, cue in _KIND_CUES:
            if cue.search(text):
                return kind
    return "other"


def party_name(doc: Document, clauses: list[Clause]) -> str | None:
    """The vendor: a legal name given a vendor role, else the first in the title or opening."""
    opening = doc.text[:4000]
    roles: list[tuple[str, str]] = []
    for match in _COMPANY.finditer(opening):
        found = _ROLE.match(opening[match.end() :])
        roles.append((_clean(match.group(1)), found.group(1).strip().lower() if found else ""))
    for name, role in roles:
        if role in _VENDOR_ROLES:
            return name
    clients = {name for name, role in roles if role in _CLIENT_ROLES}
    if clients:
        # Seen from the buyer's side, the document's party is the one that is not the client.
        others = [name for name, _ in roles if name not in clients]
        if others:
            return others[0]
    for clause in (c for c in clauses if c.kind == "title"):
        named = _COMPANY.findall(clause.text)
        if named:
            return _clean(named[0])
    first = _COMPANY.findall(doc.text[:2000])
    if first:
        return _clean(first[0])
    names = Counter(_clean(n) for n in _COMPANY.findall(doc.text[:20000]))
    return names.most_common(1)[0][0] if names else None


def _clean(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip(" ,")
