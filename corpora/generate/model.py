"""Document model shared by the content modules and the renderers.

A document is a list of blocks. Clauses carry their hand-written gold labels
(topics, typed terms, which RFP requirements they answer) right beside their text,
so the gold files are written from the same source as the documents themselves.

Inline markup inside paragraph strings (kept deliberately tiny):
  [[b:text]]      bold
  [[i:text]]      italic
  [[white:text]]  white text (hidden on a white page)
  [[tiny:text]]   1 pt type
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

INLINE = re.compile(r"\[\[(b|i|white|tiny):(.*?)\]\]", re.S)


def money(amount, currency):
    return {"amount": amount, "currency": currency}


def plain(s: str) -> str:
    """Paragraph text as it reads in the file (markup removed, hidden text kept)."""
    return INLINE.sub(lambda m: m.group(2), s)


def segments(s: str):
    """Split a paragraph string into (text, mark) pieces; mark is None/b/i/white/tiny."""
    out, pos = [], 0
    for m in INLINE.finditer(s):
        if m.start() > pos:
            out.append((s[pos:m.start()], None))
        out.append((m.group(2), m.group(1)))
        pos = m.end()
    if pos < len(s):
        out.append((s[pos:], None))
    return out


def hidden_spans(s: str):
    return [(m.group(2), m.group(1)) for m in INLINE.finditer(s) if m.group(1) in ("white", "tiny")]


def norm(s: str) -> str:
    return re.sub(r"\s+", " ", s.replace("\u00a0", " ")).strip()


def cut(s: str, n: int = 40) -> str:
    """First ~n characters of s (whitespace-normalised), extended to the end of a word."""
    s = norm(s)
    if len(s) <= n:
        return s
    end = s.find(" ", n)
    if end == -1:
        return s if len(s) <= n + 25 else s[:n]
    if end > n + 25:
        end = n
    return s[:end].rstrip(" ,;:")


# ----------------------------------------------------------------- blocks
@dataclass
class Table:
    rows: list            # list of lists of str; first row(s) are header rows
    widths: list | None = None
    header_rows: int = 1


@dataclass
class Bullets:
    items: list


@dataclass
class Clause:
    number: str | None            # gold number: "6.2", "IV", "B.1", "6.2(a)", "R3" or None
    heading: str | None
    paras: list = field(default_factory=list)   # str | Table | Bullets
    label: str | None = None      # as printed: "6.2", "1.", "Section 4.2", "ARTICLE IV", "(a)"
    level: int = 1
    mode: str = "block"           # "block": heading on its own line; "runin": bold heading then text
    topics: list = field(default_factory=list)
    terms: dict = field(default_factory=dict)
    answers: dict = field(default_factory=dict)   # {"R6": "answered"|"partly", ...}
    meets: dict = field(default_factory=dict)     # {"R6": True|False}
    upper: bool = False           # heading printed in capitals
    extra: dict = field(default_factory=dict)     # renderer hints

    @property
    def printed_heading(self):
        if self.heading is None:
            return None
        return self.heading.upper() if self.upper else self.heading

    def head_line(self, show_label: bool = True) -> str:
        """Label + heading exactly as printed (without the run-in full stop)."""
        label = self.label if show_label else None
        if label and self.printed_heading:
            return f"{label}{self.extra.get('sep', ' ')}{self.printed_heading}"
        return label or self.printed_heading or ""

    def first_text(self) -> str:
        for p in self.paras:
            if isinstance(p, str):
                return plain(p)
            if isinstance(p, Bullets):
                return plain(p.items[0])
            return ""
        return ""

    def printed_start(self, show_label: bool = True) -> str:
        """The clause's opening text as it reads in the document."""
        body = self.first_text()
        if self.paras and not isinstance(self.paras[0], (str, Bullets)):
            body = ""  # clause opens with a table: heading only
        head = self.head_line(show_label)
        if self.mode == "runin" and self.printed_heading:
            head += "."
        return norm(f"{head} {body}")


@dataclass
class Title:
    lines: list           # list of (text, style-name) pairs; style-name: title|subtitle|meta


@dataclass
class TOC:
    title: str = "Table of Contents"


@dataclass
class Signature:
    lines: list           # list of str; first line opens the region


@dataclass
class PageBreak:
    pass


@dataclass
class Columns:
    on: bool              # True: start two-column layout; False: back to one column


@dataclass
class Doc:
    path: str             # relative to corpora/
    kind: str             # proposal|msa|rfp
    party: str
    meta: dict
    blocks: list
    auto_numbered: bool = False

    @property
    def clauses(self):
        return [b for b in self.blocks if isinstance(b, Clause)]
