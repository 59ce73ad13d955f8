"""Render a model.Doc to PDF with reportlab (platypus).

Every page carries a running header and a "Page N of M" footer. Output is byte-stable:
reportlab's invariant mode fixes the creation date and document id.
"""
from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (BaseDocTemplate, Frame, KeepTogether, NextPageTemplate,
                                PageBreak as RLPageBreak,
                                PageTemplate, Paragraph, Spacer, Table as RLTable, TableStyle)
from reportlab.platypus.tableofcontents import TableOfContents

from model import Bullets, Clause, Columns, Doc, PageBreak, Signature, Table, TOC, Title, segments

rl_config.invariant = 1


def markup(s: str, base_size: float) -> str:
    """Paragraph string -> reportlab mini-HTML."""
    out = []
    for text, mark in segments(s):
        t = escape(text)
        if mark == "b":
            t = f"<b>{t}</b>"
        elif mark == "i":
            t = f"<i>{t}</i>"
        elif mark == "white":
            t = f'<font color="#FFFFFF">{t}</font>'
        elif mark == "tiny":
            t = f'<font size="1">{t}</font>'
        out.append(t)
    return "".join(out)


class _Heading(Paragraph):
    """A paragraph that reports itself to the table of contents."""

    def __init__(self, text, style, toc_level=None, toc_text=None, **kw):
        super().__init__(text, style, **kw)
        self.toc_level = toc_level
        self.toc_text = toc_text


class _Doc(BaseDocTemplate):
    def afterFlowable(self, flowable):
        if isinstance(flowable, _Heading) and flowable.toc_level is not None:
            self.notify("TOCEntry", (flowable.toc_level, flowable.toc_text, self.page))


def make_canvas(spec):
    class NumberedCanvas(rl_canvas.Canvas):
        def __init__(self, *a, **kw):
            super().__init__(*a, **kw)
            self._saved = []

        def showPage(self):
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            n = len(self._saved)
            for state in self._saved:
                self.__dict__.update(state)
                self._footer(n)
                rl_canvas.Canvas.showPage(self)
            rl_canvas.Canvas.save(self)

        def _footer(self, n):
            w, h = self._pagesize
            self.setFont(spec["font"], 8)
            self.setFillColor(colors.HexColor("#444444"))
            if spec.get("footer_left"):
                self.drawString(spec["margin"], 0.5 * inch, spec["footer_left"])
            self.drawRightString(w - spec["margin"], 0.5 * inch, f"Page {self._pageNumber} of {n}")
            self.setFillColor(colors.black)

    return NumberedCanvas


def _header(spec):
    def draw(canv, doc):
        canv.saveState()
        w, h = doc.pagesize
        canv.setFont(spec["font"] if not spec.get("header_bold") else spec["bold"], 8.5)
        canv.setFillColor(colors.HexColor(spec.get("accent", "#1F3A5F")))
        canv.drawString(spec["margin"], h - 0.55 * inch, spec["header"])
        if spec.get("header_right"):
            canv.drawRightString(w - spec["margin"], h - 0.55 * inch, spec["header_right"])
        canv.setStrokeColor(colors.HexColor(spec.get("accent", "#1F3A5F")))
        canv.setLineWidth(0.6)
        canv.line(spec["margin"], h - 0.62 * inch, w - spec["margin"], h - 0.62 * inch)
        canv.restoreState()
    return draw


def build_pdf(doc: Doc, out_path: str, spec: dict):
    size = spec.get("size", 10)
    leading = spec.get("leading", size * 1.35)
    font, bold = spec["font"], spec["bold"]
    italic = spec.get("italic", font)
    accent = colors.HexColor(spec.get("accent", "#1F3A5F"))
    body = ParagraphStyle("body", fontName=font, fontSize=size, leading=leading,
                          alignment=TA_JUSTIFY if spec.get("justify") else TA_LEFT,
                          spaceAfter=spec.get("para_space", 5))
    bullet = ParagraphStyle("bullet", parent=body, leftIndent=16, bulletIndent=5, spaceAfter=2)
    cell = ParagraphStyle("cell", fontName=font, fontSize=size - 1, leading=(size - 1) * 1.25)
    cellb = ParagraphStyle("cellb", parent=cell, fontName=bold, textColor=colors.white)
    lvl_styles = {}
    for lvl, ls in spec["levels"].items():
        lvl_styles[lvl] = ParagraphStyle(
            f"h{lvl}", fontName=ls.get("font", bold), fontSize=ls.get("size", size),
            leading=ls.get("size", size) * 1.3, spaceBefore=ls.get("before", 8),
            spaceAfter=ls.get("after", 4), textColor=colors.HexColor(ls.get("color", "#000000")),
            alignment=TA_CENTER if ls.get("center") else TA_LEFT, keepWithNext=1,
            leftIndent=ls.get("indent", 0))
    title_styles = {
        "title": ParagraphStyle("t", fontName=bold, fontSize=22, leading=27, textColor=accent,
                                spaceAfter=14, alignment=spec.get("title_align", TA_LEFT)),
        "subtitle": ParagraphStyle("st", fontName=font, fontSize=14, leading=18, spaceAfter=10,
                                   alignment=spec.get("title_align", TA_LEFT)),
        "meta": ParagraphStyle("m", fontName=font, fontSize=10.5, leading=15, spaceAfter=2,
                               alignment=spec.get("title_align", TA_LEFT)),
        "party": ParagraphStyle("p", fontName=bold, fontSize=13, leading=17, spaceAfter=6,
                                alignment=spec.get("title_align", TA_LEFT)),
        "note": ParagraphStyle("n", fontName=italic, fontSize=9, leading=12, spaceBefore=30,
                               textColor=colors.HexColor("#555555"),
                               alignment=spec.get("title_align", TA_LEFT)),
    }

    margin = spec["margin"]
    pagesize = spec["pagesize"]
    W, H = pagesize
    fw = W - 2 * margin
    fh = H - 2 * margin - 0.1 * inch
    gap = 0.3 * inch
    one = Frame(margin, margin, fw, fh, id="one", leftPadding=0, rightPadding=0)
    left = Frame(margin, margin, (fw - gap) / 2, fh, id="left", leftPadding=0, rightPadding=0)
    right = Frame(margin + (fw + gap) / 2, margin, (fw - gap) / 2, fh, id="right",
                  leftPadding=0, rightPadding=0)
    hdr = _header(spec)
    templates = [PageTemplate(id="one", frames=[one], onPage=hdr, pagesize=pagesize),
                 PageTemplate(id="two", frames=[left, right], onPage=hdr, pagesize=pagesize)]
    m = doc.meta
    d = _Doc(out_path, pagesize=pagesize, pageTemplates=templates, leftMargin=margin,
             rightMargin=margin, topMargin=margin, bottomMargin=margin, invariant=1,
             title=m.get("title", ""), author=m.get("author", ""), subject=m.get("subject", ""),
             creator=m.get("creator", "rfp-assist corpora generator"), producer="ReportLab PDF Library",
             keywords=m.get("keywords", ""))

    story = []

    def para(s, style=body):
        story.append(Paragraph(markup(s, style.fontSize), style))

    def table(t: Table):
        widths = [w * inch for w in t.widths] if t.widths else None
        data = []
        for i, row in enumerate(t.rows):
            st = cellb if i < t.header_rows else cell
            data.append([Paragraph(markup(c, st.fontSize), st) for c in row])
        tb = RLTable(data, colWidths=widths, repeatRows=t.header_rows, hAlign="LEFT")
        tb.setStyle(TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#8899AA")),
            ("BACKGROUND", (0, 0), (-1, t.header_rows - 1), accent),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("ROWBACKGROUNDS", (0, t.header_rows), (-1, -1), [colors.white, colors.HexColor("#EEF2F6")]),
            ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]))
        story.append(Spacer(1, 3))
        story.append(tb)
        story.append(Spacer(1, 6))

    for b in doc.blocks:
        if isinstance(b, Title):
            for text, kind in b.lines:
                if kind == "space":
                    story.append(Spacer(1, float(text)))
                else:
                    para(text, title_styles[kind])
        elif isinstance(b, TOC):
            para(b.title, ParagraphStyle("toct", parent=lvl_styles[1], alignment=TA_LEFT))
            toc = TableOfContents()
            toc.dotsMinLevel = 0
            toc.levelStyles = [
                ParagraphStyle("toc1", fontName=bold, fontSize=size, leading=size * 1.6, leftIndent=0,
                               firstLineIndent=0),
                ParagraphStyle("toc2", fontName=font, fontSize=size - 0.5, leading=size * 1.4,
                               leftIndent=18, firstLineIndent=0),
            ]
            story.append(toc)
        elif isinstance(b, PageBreak):
            story.append(RLPageBreak())
        elif isinstance(b, Columns):
            story.append(NextPageTemplate("two" if b.on else "one"))
            story.append(RLPageBreak())
        elif isinstance(b, Signature):
            sig = ParagraphStyle("sig", parent=body, spaceAfter=3, alignment=TA_LEFT)
            block = [Spacer(1, 14)]
            for line in b.lines:
                block.append(Spacer(1, 10) if line == "" else Paragraph(markup(line, size), sig))
            story.append(KeepTogether(block))
        elif isinstance(b, Clause):
            ls = spec["levels"][b.level]
            st = lvl_styles[b.level]
            toc_level = ls.get("toc")
            if b.mode == "block":
                story.append(_Heading(escape(b.head_line()), st, toc_level, b.head_line()))
                rest = b.paras
            else:  # run-in: bold label + heading, then the first paragraph
                rin = ParagraphStyle(f"rin{b.level}", parent=body, leftIndent=ls.get("indent", 0),
                                     spaceBefore=ls.get("before", 4))
                head = b.head_line()
                first = b.paras[0] if b.paras and isinstance(b.paras[0], str) else ""
                headtxt = f"<b>{escape(head)}{'.' if b.printed_heading else ''}</b>"
                story.append(_Heading(f"{headtxt} {markup(first, size)}".strip(), rin, toc_level,
                                      head))
                rest = b.paras[1:] if first else b.paras
            indent = ls.get("body_indent", ls.get("indent", 0))
            bst = ParagraphStyle(f"b{b.level}", parent=body, leftIndent=indent) if indent else body
            for p in rest:
                if isinstance(p, str):
                    if p.startswith("[[tiny:") and p.endswith("]]"):
                        para(p, ParagraphStyle("tinyp", parent=bst, fontSize=1, leading=1.5,
                                               spaceAfter=0))
                    else:
                        para(p, bst)
                elif isinstance(p, Bullets):
                    for it in p.items:
                        story.append(Paragraph(markup(it, size), ParagraphStyle(
                            "bl", parent=bullet, leftIndent=indent + 16, bulletIndent=indent + 5),
                            bulletText="\u2022"))
                elif isinstance(p, Table):
                    table(p)
    d.multiBuild(story, canvasmaker=make_canvas(spec))
