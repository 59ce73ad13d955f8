"""Walk WordprocessingML content (body, cells, headers, comments, text boxes) into units.

Runs become tokens of the current or original view (see docx_tokens); numbering labels are
computed for both views; comment anchors and page breaks become zero-length markers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from docx.oxml.ns import qn

from rfp_assist.loaders.docx_numbering import Label, ListCounters, NumberingDefinitions
from rfp_assist.loaders.docx_styles import (
    Element,
    ParagraphProps,
    RunProps,
    StyleSheet,
    is_dark,
    is_near_white,
    shading_of,
)
from rfp_assist.loaders.docx_tokens import Meta, Status, Tok, Unit, join, settle

_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_ALTERNATE = _MC + "AlternateContent"
_CHOICE = _MC + "Choice"
_FALLBACK = _MC + "Fallback"
_P, _PPR, _R, _RPR, _T = (qn(f"w:{t}") for t in ("p", "pPr", "r", "rPr", "t"))
_DEL_TEXT, _TAB, _PTAB, _BR, _CR = (qn(f"w:{t}") for t in ("delText", "tab", "ptab", "br", "cr"))
_NB_HYPHEN, _SYM, _FLD_CHAR = qn("w:noBreakHyphen"), qn("w:sym"), qn("w:fldChar")
_RENDERED_BREAK = qn("w:lastRenderedPageBreak")
_COMMENT_START, _COMMENT_END = qn("w:commentRangeStart"), qn("w:commentRangeEnd")
_COMMENT_REF = qn("w:commentReference")
_INS, _DEL, _MOVE_TO, _MOVE_FROM = (qn(f"w:{t}") for t in ("ins", "del", "moveTo", "moveFrom"))
_SDT, _SDT_CONTENT, _CUSTOM_XML = qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")
_TRANSPARENT = frozenset(
    qn(f"w:{t}") for t in ("hyperlink", "smartTag", "customXml", "fldSimple", "dir", "bdo")
)
_BOX_HOLDERS = frozenset(qn(f"w:{t}") for t in ("drawing", "pict", "object")) | {_ALTERNATE}
_TXBX = qn("w:txbxContent")
_TBL, _TBL_PR, _TBL_STYLE = qn("w:tbl"), qn("w:tblPr"), qn("w:tblStyle")
_TR, _TR_PR, _TC, _TC_PR = qn("w:tr"), qn("w:trPr"), qn("w:tc"), qn("w:tcPr")
_V_MERGE, _H_MERGE = qn("w:vMerge"), qn("w:hMerge")
_SECT_PR, _TYPE = qn("w:sectPr"), qn("w:type")
_HEADER_REF, _FOOTER_REF = qn("w:headerReference"), qn("w:footerReference")
_ALT_CHUNK = qn("w:altChunk")
_MATH, _MATH_PARA, _MATH_T = qn("m:oMath"), qn("m:oMathPara"), qn("m:t")
_VAL, _ID, _AUTHOR, _DATE = qn("w:val"), qn("w:id"), qn("w:author"), qn("w:date")
_CHAR, _FLD_TYPE, _REL_ID = qn("w:char"), qn("w:fldCharType"), qn("r:id")


def _meta(element: Element) -> Meta:
    return element.get(_AUTHOR), element.get(_DATE)


@dataclass(slots=True)
class _Context:
    props: ParagraphProps
    dark: bool
    boxes: list[Element] = field(default_factory=list)


class Walker:
    """Turns body-like content (body, cell, header, comment, text box) into units in order."""

    def __init__(self, styles: StyleSheet, numbering: NumberingDefinitions) -> None:
        self.styles = styles
        self.numbering = numbering
        self.current = ListCounters(numbering)
        self.original = ListCounters(numbering)
        self.units: list[Unit] = []
        self.section_refs: list[tuple[Literal["header", "footer"], str]] = []  # (kind, rel id)
        self.warnings: list[str] = []
        self._fields: list[bool] = []  # open complex fields: True once in their result
        self._hidden_cache: dict[tuple[RunProps, bool], tuple[str, ...]] = {}

    def walk(self, container: Element) -> list[Unit]:
        """Walk the block-level children of `container` and return all units so far."""
        self._blocks(container)
        return self.units

    def _blocks(self, container: Element) -> None:
        for child in container:
            tag = child.tag
            if tag == _P:
                context_boxes: list[Element] = []
                self.units.append(self._paragraph(child, context_boxes, dark=False))
                for box in context_boxes:
                    self._blocks(box)
            elif tag == _TBL:
                self._table(child)
            elif tag == _SDT:
                content = child.find(_SDT_CONTENT)
                if content is not None:
                    self._blocks(content)
            elif tag in (_CUSTOM_XML, _SDT_CONTENT):
                self._blocks(child)
            elif tag == _ALTERNATE:
                self._blocks(_alternative(child))
            elif tag == _SECT_PR:
                self._section(child)
            elif tag == _ALT_CHUNK:
                self._warn("embedded content in another format (altChunk) was skipped")

    def _warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def _section(self, sect: Element) -> bool:
        """Record a section's header and footer parts; True when the section ends a page."""
        for ref in sect:
            if ref.tag in (_HEADER_REF, _FOOTER_REF) and ref.get(_REL_ID):
                part: Literal["header", "footer"] = "header" if ref.tag == _HEADER_REF else "footer"
                self.section_refs.append((part, ref.get(_REL_ID)))
        kind = sect.find(_TYPE)
        return (kind.get(_VAL) if kind is not None else "nextPage") != "continuous"

    # -- paragraphs -------------------------------------------------------------------------

    def _paragraph(self, p: Element, boxes: list[Element], *, dark: bool) -> Unit:
        ppr = p.find(_PPR)
        props = self.styles.paragraph(ppr)
        mark_rpr = ppr.find(_RPR) if ppr is not None else None
        mark_ins = mark_del = None
        if mark_rpr is not None:
            for change in mark_rpr:
                if change.tag in (_INS, _MOVE_TO):
                    mark_ins = _meta(change)
                elif change.tag in (_DEL, _MOVE_FROM):
                    mark_del = _meta(change)
        tokens: list[Tok] = []
        if props.page_break_before:
            tokens.append(Tok("", kind="mark", mark=("page", "explicit")))
        context = _Context(props, dark or is_dark(props.shading), boxes)
        self._inline(p, tokens, None, None, context)
        sect = ppr.find(_SECT_PR) if ppr is not None else None
        if sect is not None and self._section(sect):
            tokens.append(Tok("", kind="mark", mark=("page", "explicit")))
        in_new = in_old = False
        ins_meta, del_meta = mark_ins, mark_del
        for tok in tokens:  # one pass: which views have text, who made the first changes
            if tok.status == "=":
                if not (in_new and in_old) and tok.kind == "text" and tok.text.strip():
                    in_new = in_old = True
            elif tok.status == "+":
                ins_meta = ins_meta or tok.meta
                in_new = in_new or (tok.kind == "text" and bool(tok.text.strip()))
            else:
                del_meta = del_meta or tok.meta
                in_old = in_old or (tok.kind == "text" and bool(tok.text.strip()))
        unit = Unit(tokens, in_new, in_old, ins_meta, del_meta, style=props.name)
        label = self._number(unit, props, counts_new=mark_del is None or in_new,
                             counts_old=mark_ins is None or in_old)  # fmt: skip
        heading = props.heading_level
        if heading is not None or props.name == "Title":
            unit.kind, unit.level = "heading", heading
        if label is not None:
            ilvl = self._ilvl(props)
            if unit.kind == "heading":
                unit.level = unit.level if heading is not None else ilvl + 1
            else:
                unit.kind, unit.level = "list_item", ilvl + 1
            if not label.bullet:
                unit.number = label.text[:-1] if label.text.endswith(".") else label.text
        return settle(unit)

    def _ilvl(self, props: ParagraphProps) -> int:
        if props.ilvl is not None:
            return props.ilvl
        found = self.numbering.level_for_style(props.num_id or "", props.style_id)
        return found or 0

    def _number(
        self, unit: Unit, props: ParagraphProps, *, counts_new: bool, counts_old: bool
    ) -> Label | None:
        """Advance both views' list counters; put the label at the start of the unit."""
        if not props.num_id or props.num_id == "0":  # numId 0 switches numbering off
            return None
        ilvl = self._ilvl(props)
        new = self.current.advance(props.num_id, ilvl) if counts_new else None
        old = self.original.advance(props.num_id, ilvl) if counts_old else None
        for fmt in self.current.unknown_formats | self.original.unknown_formats:
            self._warn(f"numbering format {fmt!r} was rendered as decimal numbers")
        new_text = f"{new.text} " if new and new.text else ""
        old_text = f"{old.text} " if old and old.text else ""
        if new_text or old_text:
            unit.tokens.insert(0, Tok(new_text, kind="label", old_text=old_text))
        return new

    def _inline(
        self, parent: Element, out: list[Tok], ins: Meta | None, dele: Meta | None,
        context: _Context,
    ) -> None:  # fmt: skip
        for child in parent:
            tag = child.tag
            if tag == _R:
                self._run(child, out, ins, dele, context)
            elif tag in (_INS, _MOVE_TO):
                self._inline(child, out, _meta(child), dele, context)
            elif tag in (_DEL, _MOVE_FROM):
                self._inline(child, out, ins, _meta(child), context)
            elif tag in _TRANSPARENT:
                self._inline(child, out, ins, dele, context)
            elif tag == _SDT:
                content = child.find(_SDT_CONTENT)
                if content is not None:
                    self._inline(content, out, ins, dele, context)
            elif tag == _ALTERNATE:
                self._inline(_alternative(child), out, ins, dele, context)
            elif tag in (_COMMENT_START, _COMMENT_END):
                kind = "comment_start" if tag == _COMMENT_START else "comment_end"
                out.append(Tok("", kind="mark", mark=(kind, child.get(_ID) or "")))
            elif tag in (_MATH, _MATH_PARA):
                text = "".join(t.text or "" for t in child.iter(_MATH_T))
                self._emit(out, text, ins, dele, context.props.run, context)

    def _run(
        self, r: Element, out: list[Tok], ins: Meta | None, dele: Meta | None, context: _Context
    ) -> None:
        props = self.styles.run(context.props, r.find(_RPR))
        buf: list[str] = []
        for child in r:
            tag = child.tag
            if tag == _RPR:
                continue
            if tag in (_T, _DEL_TEXT):
                if all(self._fields):
                    # Children of w:t only come from a DTD's entities, left unexpanded.
                    buf.append("".join(child.itertext()) if len(child) else child.text or "")
            elif tag in (_TAB, _PTAB, _CR) or (tag == _BR and child.get(_TYPE) != "page"):
                buf.append(" ")
            elif tag == _NB_HYPHEN:
                buf.append("-")
            elif tag == _SYM:
                buf.append(_symbol(child.get(_CHAR)))
            elif tag == _FLD_CHAR:
                self._field(child.get(_FLD_TYPE))
            elif tag in (_BR, _RENDERED_BREAK, _COMMENT_REF):
                self._emit(out, "".join(buf), ins, dele, props, context)
                buf.clear()
                if tag == _COMMENT_REF:
                    mark = ("comment_ref", child.get(_ID) or "")
                else:
                    mark = ("page", "rendered" if tag == _RENDERED_BREAK else "explicit")
                out.append(Tok("", kind="mark", mark=mark))
            elif tag in _BOX_HOLDERS:
                _text_boxes(child, context.boxes)
        self._emit(out, "".join(buf), ins, dele, props, context)

    def _field(self, kind: str | None) -> None:
        # Only a field's result is shown; its instruction (and fields nested in it) is not.
        if kind == "begin":
            self._fields.append(False)
        elif kind == "separate" and self._fields:
            self._fields[-1] = True
        elif kind == "end" and self._fields:
            self._fields.pop()

    def _emit(
        self, out: list[Tok], text: str, ins: Meta | None, dele: Meta | None, props: RunProps,
        context: _Context,
    ) -> None:  # fmt: skip
        if not text or (ins is not None and dele is not None):
            return  # text inserted and then deleted again is in neither view
        status: Status = "-" if dele is not None else "+" if ins is not None else "="
        key = (props, context.dark)
        hidden = self._hidden_cache.get(key)
        if hidden is None:
            hidden = self._hidden_cache[key] = _hidden_reasons(props, context.dark)
        meta = dele if status == "-" else ins
        out.append(Tok(text, status, meta, "text", bool(props.bold), props.size, hidden))

    # -- tables -----------------------------------------------------------------------------

    def _table(self, tbl: Element) -> None:
        tbl_pr = tbl.find(_TBL_PR)
        style = tbl_pr.find(_TBL_STYLE) if tbl_pr is not None else None
        style_name = self.styles.name(style.get(_VAL)) if style is not None else None
        for tr in _children(tbl, _TR):
            nested: list[Element] = []
            boxes: list[Element] = []
            cells: list[Unit] = []
            for tc in _children(tr, _TC):
                tc_pr = tc.find(_TC_PR)
                if _continues_merge(tc_pr):
                    continue  # the merged cell's text is in the cell that starts the merge
                dark = is_dark(shading_of(tc_pr))
                parts: list[Unit] = []
                for child in _children(tc, _P, _TBL):
                    if child.tag == _TBL:
                        nested.append(child)
                    else:
                        parts.append(self._paragraph(child, boxes, dark=dark))
                cells.append(join(parts, " ", keep_empty=False))
            row = join(cells, " | ", keep_empty=True)
            tr_pr = tr.find(_TR_PR)
            for change in tr_pr if tr_pr is not None else ():
                if change.tag == _INS:
                    row.ins_meta = _meta(change)
                elif change.tag == _DEL:
                    row.del_meta = _meta(change)
            row.kind, row.style = "table_row", style_name
            self.units.append(settle(row))
            for inner in nested:  # nested tables are flattened after the row holding them
                self._table(inner)
            for box in boxes:
                self._blocks(box)


def _children(parent: Element, *tags: str) -> list[Element]:
    """Children with one of `tags`, looking through content controls and custom XML."""
    found: list[Element] = []
    for child in parent:
        if child.tag in tags:
            found.append(child)
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                found.extend(_children(content, *tags))
        elif child.tag == _CUSTOM_XML:
            found.extend(_children(child, *tags))
    return found


def _continues_merge(tc_pr: Element | None) -> bool:
    if tc_pr is None:
        return False
    v_merge = tc_pr.find(_V_MERGE)
    if v_merge is not None and v_merge.get(_VAL, "continue") == "continue":
        return True
    h_merge = tc_pr.find(_H_MERGE)
    return h_merge is not None and h_merge.get(_VAL, "continue") == "continue"


def _text_boxes(element: Element, out: list[Element]) -> None:
    """Collect the outermost text box contents under a drawing, one alternative only."""
    if element.tag == _TXBX:
        out.append(element)
        return
    for child in _alternative(element) if element.tag == _ALTERNATE else element:
        _text_boxes(child, out)


def _alternative(element: Element) -> Element | tuple[()]:
    """The one branch of an mc:AlternateContent to read: Choice and Fallback hold the same."""
    return next((c for c in element if c.tag in (_CHOICE, _FALLBACK)), ())


def _symbol(code: str | None) -> str:
    """A `w:sym` character; symbol-font glyphs in the private use area have no text."""
    try:
        value = int(code or "", 16)
    except ValueError:
        return ""
    if value < 0x20 or 0xD800 <= value <= 0xF8FF or value > 0x10FFFF:
        return ""  # controls, surrogates, symbol-font private use glyphs, out of range
    return chr(value)


def _hidden_reasons(props: RunProps, dark_background: bool) -> tuple[str, ...]:
    """Why a run with these properties would be invisible to a reader, if it would be."""
    reasons: list[str] = []
    if props.vanish:
        reasons.append("vanish")
    if is_near_white(props.color) and not dark_background and not is_dark(props.background):
        reasons.append("white text")
    if props.size is not None and props.size < 8:
        reasons.append(f"tiny text ({props.size / 2:g}pt)")
    return tuple(reasons)
