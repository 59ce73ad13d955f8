"""What every term rule shares: the clause scan, who is who, and small helpers.

A `Scan` reads a clause's values and sentences once. Rules take a scan and return `Hit`s,
each a key, a normalised value and the span of clause text it was read from. A rule states
only what the clause says: no key is filled with a default.

Who is who: the vendor is the CDMO (Contractor, Manufacturer, Supplier, "we"); the client
is the sponsor (Client, Customer, Company, "you"); see `ROLE_WORDS`. A company's own name
("Helix") is given by the caller, or read from what it does in the clause (it manufactures,
invoices, has suites), or is the other side when the clause names only one role.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from rfp_assist.analysis.values import (
    Quantity,
    Values,
    read_values,
)
from rfp_assist.model import TermValue

Role = Literal["vendor", "client"]

#: The words contracts and proposals use for each side, lower case.
ROLE_WORDS: dict[str, Role] = {
    "contractor": "vendor", "cdmo": "vendor", "manufacturer": "vendor", "supplier": "vendor",
    "vendor": "vendor", "provider": "vendor", "we": "vendor", "us": "vendor", "our": "vendor",
    "sponsor": "client", "client": "client", "customer": "client", "company": "client",
    "purchaser": "client", "buyer": "client", "you": "client", "your": "client",
}  # fmt: skip

#: A party as the rules match it: a defined role, a capitalised name, or a pronoun.
PARTY = r"(?:\b[Tt]he\s+)?\b(?P<p>[A-Z][A-Za-z0-9&]*[A-Za-z0-9]|[Ww]e|us|[Oo]ur|[Yy]ou|[Yy]our)\b"
_NAME = r"\b(?P<p>[A-Z][A-Za-z0-9&]*[A-Za-z0-9])\b"
_VENDOR_SIGNS = tuple(
    re.compile(p)
    for p in (
        rf"\b{_NAME}\s+(?:(?:will|shall|can)\s+(?:re-?)?manufacture\b|re-?manufactures|manufactures|invoices"
        r"|retains\s+its|operates|employs|has\s+(?:released|manufactured|produced|supported))\b",
        rf"\b{_NAME}['’]s\s+(?:platform|facilit|sites?\b|suites?\b|QA\b|QC\b|quality\s+system"
        r"|documented\s+cost|own\s+cost|personnel|employees)",
    )
)
_CLIENT_SIGNS = tuple(
    re.compile(p)
    for p in (
        rf"\b{_NAME}-(?:supplied|provided)\b",
        rf"\b(?:supplied|provided)\s+by\s+{_NAME}",
        rf"\b{_NAME}['’]s\s+(?:election|request|option|(?:prior\s+written\s+)?consent|approval"
        r"|Qualified\s+Person|clinical|other\s+remedies|technical\s+operations)",
        rf"\b{_NAME}\s+may\s+(?:audit|cancel|terminate|conduct|elect|request|reschedule)\b",
        rf"\bat\s+no\s+(?:additional\s+)?(?:charge|cost)\s+to\s+{_NAME}",
        rf"\bgrants\s+{_NAME}\b",
    )
)
_ROLE_MENTION = re.compile(
    r"\b(?:Contractor|CDMO|Manufacturer|Supplier|Vendor|Provider|Sponsor|Client|Customer"
    r"|Company|Purchaser|Buyer|[Ww]e|[Oo]ur|[Yy]ou|[Yy]our)\b"
)
_NOT_NAMES = frozenset(
    (  # noqa: SIM905
        "The This That These Each Any All Such Either Neither Both No If In On For Where When"
        " Unless Subject Section Clause Article Product Products Batch Batches Agreement MSA GMP"
        " Quality Work Order Party Parties Services Improvements Process Materials Credits Fees"
        " Price Prices Payment Invoices Notwithstanding Following Upon After Within"
    ).split()
)
_ABBREVIATION = re.compile(
    r"(?:\b(?:Inc|Ltd|Co|Corp|No|Nos|Dr|Mr|Ms|Mrs|St|approx|Sec|vs|cf|e\.g|i\.e|etc|al|Art"
    r"|para|Pty|U\.S|S\.A|N\.V|B\.V)|\b[A-Z])\.$"
)
# An RFP asking for a term ("The proposal shall state whether the fee is refundable") states none.
_REQUEST = re.compile(
    r"\b(?:proposals?|bidders?|suppliers?|respondents?|tenderers?|offers?)\s+(?:shall|should|must"
    r"|(?:is|are)\s+(?:asked|requested|expected)\s+to)\s+(?:\w+\s+){0,2}?(?:state|describe|offer"
    r"|provide|include|list|confirm|indicate|propose|specify|explain|set\s+out|detail)\b"
    r"|\bplease\s+(?:state|describe|provide|confirm|indicate|specify|list)\b",
    re.I,
)
_SENTENCE_BREAK = re.compile(r"[.!?](?=[\"”’)]*\s+[\"“(A-Z0-9•])|\n")


@dataclass(frozen=True)
class Hit:
    """One term a rule found: key, normalised value and span in the clause text."""

    key: str
    value: TermValue
    start: int
    end: int


class Scan:
    """One clause's text with its values, sentences and parties, read once for all rules."""

    def __init__(self, text: str, parties: Mapping[str, str] | None = None) -> None:
        self.text = text
        self._parties = {k.lower().strip(" ,"): v for k, v in (parties or {}).items()}

    @cached_property
    def values(self) -> Values:
        """Every value in the clause."""
        return read_values(self.text)

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        """Sentence spans; a line break (a table row, a list item) always ends a sentence."""
        spans: list[tuple[int, int]] = []
        start = 0
        for m in _SENTENCE_BREAK.finditer(self.text):
            if m.group() != "\n" and _ABBREVIATION.search(
                self.text, max(0, m.start() - 6), m.end()
            ):
                continue
            end = m.start() if m.group() == "\n" else m.end()
            if self.text[start:end].strip():
                spans.append((start, end))
            start = m.end()
        if self.text[start:].strip():
            spans.append((start, len(self.text)))
        return spans

    @cached_property
    def _starts(self) -> list[int]:
        return [s for s, _ in self.sentences]

    def sentence_at(self, pos: int) -> tuple[int, int]:
        """The span of the sentence holding `pos` (an empty span between sentences)."""
        i = bisect_right(self._starts, pos) - 1
        if i >= 0 and pos < self.sentences[i][1]:
            return self.sentences[i]
        return pos, pos

    def sentence_of(self, pos: int) -> str:
        """The text of the sentence holding `pos`."""
        s, e = self.sentence_at(pos)
        return self.text[s:e]

    @cached_property
    def _requests(self) -> list[bool]:
        return [_REQUEST.search(self.text, s, e) is not None for s, e in self.sentences]

    def is_request(self, pos: int) -> bool:
        """Whether the sentence at `pos` asks for a term rather than states one (RFP wording)."""
        i = bisect_right(self._starts, pos) - 1
        return i >= 0 and pos < self.sentences[i][1] and self._requests[i]

    def stated(self, pattern: re.Pattern[str]) -> re.Match[str] | None:
        """The first match of `pattern` in a sentence that states rather than asks."""
        return next(
            (m for m in pattern.finditer(self.text) if not self.is_request(m.start())), None
        )

    @cached_property
    def _inferred(self) -> dict[str, Role]:
        votes: dict[str, list[int]] = {}
        for index, signs in enumerate((_VENDOR_SIGNS, _CLIENT_SIGNS)):
            for pattern in signs:
                for m in pattern.finditer(self.text):
                    name = m.group("p")
                    if name not in _NOT_NAMES and name.lower() not in ROLE_WORDS:
                        votes.setdefault(name, [0, 0])[index] += 1
        return {n: "vendor" if v > c else "client" for n, (v, c) in votes.items() if v != c}

    @cached_property
    def _roles_present(self) -> set[Role]:
        found: set[Role] = {
            ROLE_WORDS[m.group().lower()] for m in _ROLE_MENTION.finditer(self.text)
        }
        return found | set(self._inferred.values())

    def role(self, name: str) -> Role | None:
        """Which side `name` is in this clause, or None when the clause does not tell."""
        key = name.lower()
        if key in ROLE_WORDS:
            return ROLE_WORDS[key]
        for party, role in self._parties.items():
            if key in (party, *party.split()[:1]) and role in ("vendor", "client"):
                return "vendor" if role == "vendor" else "client"
        if name in self._inferred:
            return self._inferred[name]
        if name in _NOT_NAMES or not name[:1].isupper():
            return None
        present = self._roles_present
        if len(present) == 1:
            return "client" if "vendor" in present else "vendor"
        return None


Rule = Callable[[Scan], list[Hit]]


def at(key: str, value: TermValue, q: Quantity | re.Match[str]) -> Hit:
    """A hit spanning a value or a match."""
    if isinstance(q, Quantity):
        return Hit(key, value, q.start, q.end)
    return Hit(key, value, q.start(), q.end())


def near(
    text: str, pattern: re.Pattern[str], start: int, end: int, bounds: tuple[int, int]
) -> bool:
    """Whether `pattern` occurs in text[start:end], clipped to `bounds` (a sentence)."""
    return pattern.search(text, max(start, bounds[0]), min(end, bounds[1])) is not None


def first(hits: Iterable[Hit]) -> list[Hit]:
    """The first hit for each key, in key order of appearance."""
    seen: dict[str, Hit] = {}
    for h in hits:
        seen.setdefault(h.key, h)
    return list(seen.values())
