"""Render a model.Doc to DOCX with python-docx (+ raw OOXML through lxml where needed).

Supports typed numbers (the number is part of the paragraph text) and Word automatic
numbering (numbering.xml with multi-level lvlText such as "%1." and "%1.%2"; the paragraph
text does not contain the number). Files are written byte-stable: fixed core properties and
fixed zip entry timestamps.
"""
from __future__ import annotations

import datetime as dt
import io
import zipfile

from docx import Document
from docx.enum.section import WD_ORIENT  # noqa: F401  (kept for readers extending layouts)
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt, RGBColor, Inches

from model import Bullets, Clause, Columns, Doc, PageBreak, Signature, Table, TOC, Title, segments

AUTO_NUM_ID = 90


def fixed_dt(s: str) -> dt.datetime:
    return dt.datetime.fromisoformat(s).replace(tzinfo=dt.timezone.utc)


def new_document(spec: dict, meta: dict):
    d = Document()
    st = d.styles["Normal"]
    st.font.name = spec.get("font", "Calibri")
    st.font.size = Pt(spec.get("size", 11))
    rpr = st.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = parse_xml(f"<w:rFonts {nsdecls('w')}/>")
        rpr.insert(0, rfonts)
    for a in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(a), spec.get("font", "Calibri"))
    st.paragraph_format.space_after = Pt(spec.get("space_after", 6))
    for name, size in (("Heading 1", spec.get("h1", 14)), ("Heading 2", spec.get("h2", 12)),
                       ("Heading 3", spec.get("h3", 11))):
        hs = d.styles[name]
        hs.font.name = spec.get("heading_font", spec.get("font", "Calibri"))
        hs.font.size = Pt(size)
        if spec.get("heading_color"):
            hs.font.color.rgb = RGBColor.from_string(spec["heading_color"])
    sec = d.sections[0]
    sec.page_width, sec.page_height = spec.get("page", (Inches(8.5), Inches(11)))
    for side in ("left_margin", "right_margin"):
        setattr(sec, side, Inches(spec.get("margin", 1.0)))
    sec.top_margin = Inches(1.0)
    sec.bottom_margin = Inches(0.9)
    cp = d.core_properties
    cp.title = meta.get("title", "")
    cp.subject = meta.get("subject", "")
    cp.author = meta.get("author", "")
    cp.last_modified_by = meta.get("last_modified_by", meta.get("author", ""))
    cp.keywords = meta.get("keywords", "")
    cp.comments = ""
    cp.category = meta.get("category", "")
    cp.revision = meta.get("revision", 1)
    cp.created = fixed_dt(meta["created"])
    cp.modified = fixed_dt(meta.get("modified", meta["created"]))
    cp.last_printed = fixed_dt(meta.get("modified", meta["created"]))
    header_footer(d, spec)
    return d


def _field_run(instr: str, placeholder: str):
    return parse_xml(
        f'<w:fldSimple {nsdecls("w")} w:instr="{instr}"><w:r><w:t>{placeholder}</w:t></w:r></w:fldSimple>')


def header_footer(d, spec):
    sec = d.sections[0]
    hp = sec.header.paragraphs[0]
    hp.text = spec["header"]
    hp.style = d.styles["Header"]
    for r in hp.runs:
        r.font.size = Pt(8.5)
        r.font.color.rgb = RGBColor(0x44, 0x44, 0x44)
    fp = sec.footer.paragraphs[0]
    fp.style = d.styles["Footer"]
    if spec.get("footer_left"):
        r = fp.add_run(spec["footer_left"] + "\t\t")
        r.font.size = Pt(8)
    r = fp.add_run("Page ")
    r.font.size = Pt(8)
    fp._p.append(_field_run("PAGE", "1"))
    r = fp.add_run(" of ")
    r.font.size = Pt(8)
    fp._p.append(_field_run("NUMPAGES", "1"))


def add_runs(p, s: str, base_bold=False, size=None):
    """Append runs for an inline-marked string."""
    runs = []
    for text, mark in segments(s):
        r = p.add_run(text)
        if base_bold or mark == "b":
            r.bold = True
        if mark == "i":
            r.italic = True
        if mark == "white":
            r.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        if mark == "tiny":
            r.font.size = Pt(1)
        elif size:
            r.font.size = Pt(size)
        runs.append(r)
    return runs


def ensure_auto_numbering(d, levels):
    """Add a multi-level list definition to numbering.xml. levels: list of (fmt, lvlText, indent_twips)."""
    numbering = d.part.numbering_part.element
    lvls = []
    for i, (fmt, text, ind, bold) in enumerate(levels):
        rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
        lvls.append(
            f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{ind}" w:hanging="{ind}"/></w:pPr>{rpr}</w:lvl>')
    absn = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{AUTO_NUM_ID}">'
        f'<w:multiLevelType w:val="multilevel"/>{"".join(lvls)}</w:abstractNum>')
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(absn)
    else:
        numbering.append(absn)
    numbering.append(parse_xml(
        f'<w:num {nsdecls("w")} w:numId="{AUTO_NUM_ID}"><w:abstractNumId w:val="{AUTO_NUM_ID}"/></w:num>'))


def set_num(p, ilvl: int, num_id: int = AUTO_NUM_ID):
    pPr = p._p.get_or_add_pPr()
    numPr = pPr.get_or_add_numPr()
    numPr.get_or_add_ilvl().val = ilvl
    numPr.get_or_add_numId().val = num_id


def add_table(d, t: Table, spec):
    tb = d.add_table(rows=len(t.rows), cols=len(t.rows[0]))
    tb.style = d.styles[spec.get("table_style", "Table Grid")]
    tb.alignment = WD_TABLE_ALIGNMENT.LEFT
    for i, row in enumerate(t.rows):
        for j, val in enumerate(row):
            c = tb.cell(i, j)
            c.paragraphs[0].text = ""
            add_runs(c.paragraphs[0], val, base_bold=i < t.header_rows, size=spec.get("size", 11) - 1)
            if t.widths:
                c.width = Inches(t.widths[j])
    d.add_paragraph()  # breathing space after the table (empty paragraph, as Word users do)
    return tb


def render_doc(doc: Doc, out_path: str, spec: dict):
    d = new_document(spec, doc.meta)
    auto = doc.auto_numbered
    if auto:
        ensure_auto_numbering(d, spec["auto_levels"])
    for b in doc.blocks:
        if isinstance(b, Title):
            for text, kind in b.lines:
                if kind == "space":
                    d.add_paragraph()
                    continue
                style = {"title": "Title", "subtitle": "Subtitle"}.get(kind, "Normal")
                p = d.add_paragraph(style=style)
                add_runs(p, text, base_bold=kind == "party")
                if spec.get("title_center"):
                    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif isinstance(b, (TOC, Columns)):
            continue
        elif isinstance(b, PageBreak):
            d.add_page_break()
        elif isinstance(b, Signature):
            d.add_paragraph()
            for line in b.lines:
                p = d.add_paragraph()
                p.paragraph_format.space_after = Pt(2)
                if line:
                    add_runs(p, line)
        elif isinstance(b, Clause):
            ls = spec["levels"][b.level]
            if b.mode == "block":
                p = d.add_paragraph(style=ls.get("style", "Heading 1"))
                text = b.head_line(show_label=not auto)
                add_runs(p, text or "")
                if auto:
                    set_num(p, b.level - 1)
                rest = b.paras
            else:
                p = d.add_paragraph(style=ls.get("runin_style", "Normal"))
                head = b.head_line(show_label=not auto)
                if b.printed_heading:
                    head += "."
                if head:
                    p.add_run(head + " ").bold = True
                first = b.paras[0] if b.paras and isinstance(b.paras[0], str) else ""
                add_runs(p, first)
                if auto:
                    set_num(p, b.level - 1)
                if ls.get("indent"):
                    p.paragraph_format.left_indent = Inches(ls["indent"])
                rest = b.paras[1:] if first else b.paras
            for x in rest:
                if isinstance(x, str):
                    q = d.add_paragraph()
                    add_runs(q, x)
                    ind = ls.get("body_indent", ls.get("indent"))
                    if ind:
                        q.paragraph_format.left_indent = Inches(ind)
                elif isinstance(x, Bullets):
                    for it in x.items:
                        q = d.add_paragraph(style="List Bullet")
                        add_runs(q, it)
                elif isinstance(x, Table):
                    add_table(d, x, spec)
    save_stable(d, out_path)
    return d


ZIP_DATE = (2025, 1, 1, 0, 0, 0)


def save_stable(d, out_path: str):
    buf = io.BytesIO()
    d.save(buf)
    restamp(buf.getvalue(), out_path)


def restamp(data: bytes, out_path: str):
    src = zipfile.ZipFile(io.BytesIO(data))
    with zipfile.ZipFile(out_path, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            z.writestr(zi, src.read(info.filename))
