"""Word documents (DOCX; DOCM and DOTX read the same way) into a Document.

What the text is, so that readers of `Document.text` know what they are pointing into:

- The body in reading order: paragraphs and table rows interleaved as in the file, one
  block each, joined by a single newline; empty paragraphs make no block. Table rows are
  their cells joined by " | " (a merged cell once; nested tables follow the row holding
  them); paragraphs inside a cell are joined by a space. Text boxes follow the paragraph
  anchoring them.
- The current view of tracked changes: insertions in, deletions out. Every change is a
  Revision, and together they rebuild the original text exactly (remove each insertion's
  span, put each deletion's text back at its offset), except that numbering labels are the
  current view's: renumbering caused by an inserted or deleted list paragraph is not a change.
- Automatic numbering is computed and written at the start of its block, then one space
  whatever the level's `w:suff` says (so labels can always be split off the same way);
  `Block.number` is that label without a trailing ".". Bullets write nothing.
- "Heading N" styles and outline levels make headings; the "Title" style makes a heading
  with no level, because a title is not part of the outline.
- Tabs and line breaks are a space; page breaks add no text; `w:noBreakHyphen` is "-";
  soft hyphens vanish; fields show their result, never their instruction; symbol-font
  glyphs (`w:sym` in the private use area) have no text.
- Hidden text (vanished, white or tiny) stays in the text where it stands and is listed in
  `Document.hidden`. Headers and footers are Furniture; comments are anchored spans.
  Footnotes and endnotes are not read.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Callable
from io import BytesIO
from typing import Literal

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import OpcError
from docx.opc.part import Part, XmlPart
from docx.opc.parts.coreprops import CorePropertiesPart
from docx.oxml.ns import qn
from docx.package import Package
from lxml import etree

from rfp_assist.errors import CorruptDocument, TooLarge
from rfp_assist.loaders import document_id
from rfp_assist.loaders.docx_numbering import NumberingDefinitions
from rfp_assist.loaders.docx_styles import Element, StyleSheet
from rfp_assist.loaders.docx_text import assemble
from rfp_assist.loaders.docx_walk import Walker
from rfp_assist.model import Comment, Document, Furniture

#: Refuse archives that would inflate past this: a few kilobytes of zip can hold gigabytes.
MAX_EXPANDED_BYTES = 512 * 1024 * 1024

_READ_ERRORS = (
    zipfile.BadZipFile, zlib.error, OpcError, etree.LxmlError, KeyError, ValueError, EOFError,
    OSError,
)  # fmt: skip
_BODY, _DOCUMENT, _COMMENT = qn("w:body"), qn("w:document"), qn("w:comment")
_ID, _AUTHOR, _DATE = qn("w:id"), qn("w:author"), qn("w:date")

_Reader = Callable[[Element], str]


def load_docx(data: bytes, path: str) -> Document:
    """Read a Word document: current text, numbering, tracked changes, comments and furniture."""
    _check_expansion(data, path)
    try:
        package = Package.open(BytesIO(data))
        main = package.main_document_part
        root = _xml(main)
        styles_root = _related_xml(main, RT.STYLES)
        numbering_root = _related_xml(main, RT.NUMBERING)
        comments_root = _related_xml(main, RT.COMMENTS)
        title, metadata = _core_properties(package)
    except _READ_ERRORS as exc:
        raise CorruptDocument(path, _describe(exc)) from None
    body = root.find(_BODY) if root.tag == _DOCUMENT else None
    if body is None:
        raise CorruptDocument(path, "the main part is not a Word document body")

    styles = StyleSheet(styles_root)
    numbering = NumberingDefinitions(numbering_root, styles.numbering_style_num_id)
    walker = Walker(styles, numbering)
    laid = assemble(walker.walk(body))
    warnings = list(walker.warnings)

    def read(container: Element) -> str:
        """The current text of a header, footer or comment, read apart from the body."""
        side = Walker(styles, numbering)
        text = assemble(side.walk(container)).text
        warnings.extend(w for w in side.warnings if w not in warnings)
        return text

    furniture = _furniture(main, walker.section_refs, read, warnings)
    comments = _comments(comments_root, laid.anchors, read, warnings)
    if any(rel.reltype.endswith("/vbaProject") for rel in main.rels.values()):
        warnings.append("the document contains VBA macros; they were not run")
    if not laid.text.strip():
        warnings.append("no text found")
    return Document(
        id=document_id(data),
        path=path,
        media_type="docx",
        text=laid.text,
        pages=tuple(laid.pages),
        blocks=tuple(laid.blocks),
        furniture=tuple(furniture),
        revisions=tuple(laid.revisions),
        comments=tuple(comments),
        hidden=tuple(laid.hidden),
        warnings=tuple(warnings),
        title=title,
        metadata=metadata,
    )


def _check_expansion(data: bytes, path: str) -> None:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise CorruptDocument(path, _describe(exc)) from None
    if expanded > MAX_EXPANDED_BYTES:
        raise TooLarge(path, f"its parts expand to {expanded:,} bytes > {MAX_EXPANDED_BYTES:,}")


def _describe(exc: BaseException) -> str:
    detail = exc.args[0] if exc.args and isinstance(exc.args[0], str) else str(exc)
    detail = detail.strip().splitlines()[0] if detail.strip() else ""
    return f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__


def _xml(part: Part) -> Element:
    """A part's XML root; parts python-docx does not parse are parsed here, safely."""
    if isinstance(part, XmlPart):
        return part.element
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    return etree.fromstring(part.blob, parser=parser)


def _related_xml(part: Part, reltype: str) -> Element | None:
    for rel in part.rels.values():
        if rel.reltype == reltype and not rel.is_external:
            return _xml(rel.target_part)
    return None


def _core_properties(package: Package) -> tuple[str | None, dict[str, str]]:
    """Title and author/created/modified, only when the file has a core-properties part."""
    # python-docx invents default properties (title "Word Document") when the part is
    # missing, so look for the relationship first.
    part = next(
        (r.target_part for r in package.rels.values() if r.reltype == RT.CORE_PROPERTIES), None
    )
    if not isinstance(part, CorePropertiesPart):
        return None, {}
    props = part.core_properties
    metadata = {
        "author": (props.author or "").strip(),
        "created": props.created.isoformat() if props.created else "",
        "modified": props.modified.isoformat() if props.modified else "",
    }
    return (props.title or "").strip() or None, {k: v for k, v in metadata.items() if v}


def _furniture(
    main: Part,
    refs: list[tuple[Literal["header", "footer"], str]],
    read: _Reader,
    warnings: list[str],
) -> list[Furniture]:
    """Each section's header and footer texts, once each."""
    out: list[Furniture] = []
    texts: dict[str, str] = {}
    for kind, rel_id in refs:
        if rel_id not in texts:
            rel = main.rels.get(rel_id)
            try:
                texts[rel_id] = read(_xml(rel.target_part)) if rel and not rel.is_external else ""
            except _READ_ERRORS as exc:
                warnings.append(f"a {kind} could not be read ({_describe(exc)})")
                texts[rel_id] = ""
        item = Furniture(kind, None, texts[rel_id])
        if item.text.strip() and item not in out:
            out.append(item)
    return out


def _comments(
    root: Element | None, anchors: dict[str, dict[str, int]], read: _Reader, warnings: list[str]
) -> list[Comment]:
    """Comments anchored on their ranges, or on their reference mark when they have no range."""
    if root is None:
        return []
    starts, ends = anchors.get("comment_start", {}), anchors.get("comment_end", {})
    refs = anchors.get("comment_ref", {})
    out: list[Comment] = []
    for element in root.iterchildren(_COMMENT):
        comment_id = element.get(_ID) or ""
        start = next((a.get(comment_id) for a in (starts, refs, ends) if comment_id in a), None)
        end = next((a.get(comment_id) for a in (ends, refs, starts) if comment_id in a), None)
        if start is None or end is None:
            warnings.append(f"comment {comment_id} is not anchored in the text and was skipped")
            continue
        start, end = min(start, end), max(start, end)
        author, date = element.get(_AUTHOR), element.get(_DATE)
        out.append(Comment(start, end, read(element), author or None, date or None))
    return out
