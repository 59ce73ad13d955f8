"""A DOCX with tracked changes, as it stood before them: insertions out, deletions back in.

The loader's `Document.text` is the accepted text (insertions kept, deletions gone, each
recorded as a `Revision`). `before_revisions` rebuilds the original: every span of the
document (blocks, pages, comments, hidden text) is moved to the rebuilt text, blocks wholly
inserted disappear, and whole paragraphs that were deleted come back as blocks of their own.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass, replace

from rfp_assist.model import Block, Comment, Document, Page, Revision, StyledSpan

_LINE = re.compile(r"[^\n]+")


@dataclass(frozen=True)
class _Kept:
    """A run of accepted text that is also in the original: `[start, end)` → `old_start`."""

    start: int
    end: int
    old_start: int


@dataclass(frozen=True)
class _Rebuilt:
    """The original text, the kept runs, and the spans of deleted text put back."""

    text: str
    kept: tuple[_Kept, ...]
    restored: tuple[tuple[int, int], ...]

    def to_old(self, offset: int) -> int:
        """An accepted-text offset in the original text (after any text deleted at that point)."""
        starts = [k.start for k in self.kept]
        i = bisect.bisect_right(starts, offset) - 1
        if i < 0:
            return 0
        run = self.kept[i]
        if offset <= run.end:
            return run.old_start + (offset - run.start)
        # Inside an insertion: the place it was inserted at, in the original.
        return run.old_start + (run.end - run.start)

    def kept_length(self, start: int, end: int) -> int:
        """How many characters of accepted `[start, end)` are original text."""
        return sum(max(0, min(end, k.end) - max(start, k.start)) for k in self.kept)


def _rebuild(text: str, revisions: tuple[Revision, ...]) -> _Rebuilt:
    # At one point a deletion comes before an insertion: "ten" deleted, "fifteen" inserted.
    ordered = sorted(revisions, key=lambda r: (r.start, r.kind != "deletion"))
    parts: list[str] = []
    kept: list[_Kept] = []
    restored: list[tuple[int, int]] = []
    pos = length = 0
    for rev in ordered:
        if rev.start < pos:
            continue  # overlapping revisions: the first one wins
        if rev.start > pos:
            kept.append(_Kept(pos, rev.start, length))
            parts.append(text[pos : rev.start])
            length += rev.start - pos
        if rev.kind == "deletion":
            restored.append((length, length + len(rev.text)))
            parts.append(rev.text)
            length += len(rev.text)
            pos = rev.start
        else:
            pos = max(rev.end, rev.start)
    kept.append(_Kept(pos, len(text), length))
    parts.append(text[pos:])
    # Kept runs must start strictly increasing for bisect; drop empty ones except the last.
    runs = [k for k in kept if k.end > k.start] or [kept[-1]]
    return _Rebuilt("".join(parts), tuple(runs), tuple(restored))


def _restored_blocks(rebuilt: _Rebuilt, blocks: list[Block]) -> list[Block]:
    """Blocks for whole lines of restored text that no moved block covers."""
    covered = [(b.start, b.end) for b in blocks]
    extra = []
    for lo, hi in rebuilt.restored:
        if "\n" not in rebuilt.text[lo:hi]:
            continue
        for match in _LINE.finditer(rebuilt.text, lo, hi):
            start, end = match.span()
            # A line is a paragraph of its own when it starts a line of the original text.
            if start > 0 and rebuilt.text[start - 1] != "\n":
                continue
            if any(s < end and e > start for s, e in covered):
                continue
            page = next(
                (b.page for b in blocks if b.start >= end), blocks[-1].page if blocks else 1
            )
            extra.append(Block(start=start, end=end, page=page, style="Normal"))
    return extra


def before_revisions(doc: Document) -> Document:
    """The document with its tracked changes rejected (its original text), without revisions."""
    rebuilt = _rebuild(doc.text, doc.revisions)
    to_old = rebuilt.to_old
    blocks = [
        replace(b, start=to_old(b.start), end=to_old(b.end))
        for b in doc.blocks
        if rebuilt.kept_length(b.start, b.end) > 0 or b.end == b.start
    ]
    blocks = sorted(blocks + _restored_blocks(rebuilt, blocks), key=lambda b: (b.start, b.end))
    pages = tuple(replace(p, start=to_old(p.start), end=to_old(p.end)) for p in doc.pages)
    if pages:
        pages = (*pages[:-1], replace(pages[-1], end=len(rebuilt.text)))
    comments = tuple(
        Comment(to_old(c.start), to_old(c.end), c.text, c.author, c.date) for c in doc.comments
    )
    hidden = tuple(StyledSpan(to_old(h.start), to_old(h.end), h.page, h.reason) for h in doc.hidden)
    digest = hashlib.sha256(f"{doc.id}:before-revisions".encode()).hexdigest()
    return Document(
        id=digest,
        path=doc.path,
        media_type=doc.media_type,
        text=rebuilt.text,
        pages=pages or (Page(1, 0, len(rebuilt.text)),),
        blocks=tuple(blocks),
        furniture=doc.furniture,
        revisions=(),
        comments=comments,
        hidden=hidden,
        warnings=doc.warnings,
        title=doc.title,
        metadata={**doc.metadata, "version": "before tracked changes"},
    )
