"""Plain text extraction used by build.py (page lookup) and check.py (verification).

Independent of the generator's model: it reads the files as a user's tool would.
  * PDF: pypdf page text, plus a content-stream scan that reports text drawn in white or
    at tiny sizes.
  * DOCX: paragraphs and table cells in body order, in the "accepted" view (w:ins / w:moveTo
    kept, w:del / w:moveFrom dropped) or the "rejected" view (the reverse), plus labels of
    Word automatic numbering computed from numbering.xml.
"""
from __future__ import annotations

import re
import zipfile

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def q(tag):
    return f"{{{W}}}{tag}"


def norm(s: str) -> str:
    return re.sub(r"\s+", " ", s.replace("\u00a0", " ")).strip()


# ------------------------------------------------------------------ PDF
def pdf_pages(path) -> list[str]:
    from pypdf import PdfReader
    return [p.extract_text() or "" for p in PdfReader(path).pages]


def pdf_styled_text(path):
    """Per page: list of (text, fill_rgb, font_size) for every text-showing operator."""
    from pypdf import PdfReader
    from pypdf.generic import ContentStream
    out = []
    reader = PdfReader(path)
    for page in reader.pages:
        items = []
        content = ContentStream(page.get_contents(), reader)
        fill = (0.0, 0.0, 0.0)
        size = None
        stack = []
        for operands, op in content.operations:
            op = op.decode() if isinstance(op, bytes) else op
            if op == "q":
                stack.append((fill, size))
            elif op == "Q" and stack:
                fill, size = stack.pop()
            elif op == "rg":
                fill = tuple(float(x) for x in operands)
            elif op == "g":
                v = float(operands[0])
                fill = (v, v, v)
            elif op == "Tf":
                size = float(operands[1])
            elif op in ("Tj", "'", '"', "TJ"):
                parts = operands[-1] if op != "TJ" else [x for x in operands[0]
                                                           if not isinstance(x, (int, float))]
                if op != "TJ":
                    parts = [parts]
                txt = ""
                for p in parts:
                    if isinstance(p, bytes):
                        txt += p.decode("cp1252", "replace")
                    else:
                        s = str(p)
                        txt += s
                items.append((txt, fill, size))
        out.append(items)
    return out


# ------------------------------------------------------------------ DOCX
def _read(path, name):
    with zipfile.ZipFile(path) as z:
        if name not in z.namelist():
            return None
        return etree.fromstring(z.read(name))


def _has_ancestor(el, tags, stop):
    p = el.getparent()
    while p is not None and p is not stop:
        if p.tag in tags:
            return True
        p = p.getparent()
    return False


def _para_text(p, view):
    drop = {q("del"), q("moveFrom")} if view == "accepted" else {q("ins"), q("moveTo")}
    out = []
    for el in p.iter(q("t"), q("delText"), q("tab"), q("br")):
        if _has_ancestor(el, drop, p):
            continue
        # field results in fldSimple are shown text; keep them
        if el.tag in (q("t"), q("delText")):
            if view == "accepted" and el.tag == q("delText"):
                continue
            out.append(el.text or "")
        elif el.tag == q("tab"):
            if el.getparent().tag == q("r"):
                out.append("\t")
        else:
            out.append("\n")
    return "".join(out)


def _para_removed(p, view):
    """True when the whole paragraph (mark included) does not exist in this view."""
    rpr = p.find("w:pPr/w:rPr", NS)
    if rpr is None:
        return False
    gone = ("del", "moveFrom") if view == "accepted" else ("ins", "moveTo")
    return any(rpr.find(f"w:{t}", NS) is not None for t in gone)


def docx_blocks(path, view="accepted"):
    """Body paragraphs (including those in table cells) in order:
    dicts {text, style, num: (numId, ilvl) or None, in_table, runs: [(text, color, size_halfpts)]}."""
    root = _read(path, "word/document.xml")
    body = root.find("w:body", NS)
    out = []

    def visit_p(p, in_table):
        if _para_removed(p, view) and not _para_text(p, view).strip():
            return
        ppr = p.find("w:pPr", NS)
        style = None
        num = None
        if ppr is not None:
            ps = ppr.find("w:pStyle", NS)
            style = ps.get(q("val")) if ps is not None else None
            np_ = ppr.find("w:numPr", NS)
            if np_ is not None and np_.find("w:numId", NS) is not None:
                il = np_.find("w:ilvl", NS)
                num = (int(np_.find("w:numId", NS).get(q("val"))),
                       int(il.get(q("val"))) if il is not None else 0)
        runs = []
        for r in p.iter(q("r")):
            rpr = r.find("w:rPr", NS)
            color = size = None
            if rpr is not None:
                c = rpr.find("w:color", NS)
                color = c.get(q("val")) if c is not None else None
                sz = rpr.find("w:sz", NS)
                size = int(sz.get(q("val"))) if sz is not None else None
            t = "".join(x.text or "" for x in r.iter(q("t"), q("delText")))
            runs.append((t, color, size))
        out.append({"text": _para_text(p, view), "style": style, "num": num,
                    "in_table": in_table, "runs": runs})

    for child in body:
        if child.tag == q("p"):
            visit_p(child, False)
        elif child.tag == q("tbl"):
            for p in child.iter(q("p")):
                visit_p(p, True)
    return out


def docx_text(path, view="accepted", with_auto_labels=False) -> str:
    blocks = docx_blocks(path, view)
    labels = auto_labels(path, blocks) if with_auto_labels else {}
    lines = []
    for i, b in enumerate(blocks):
        t = b["text"]
        if i in labels:
            t = f"{labels[i]} {t}"
        lines.append(t)
    return "\n".join(lines)


def _fmt(n, fmt):
    if fmt == "lowerLetter":
        return chr(ord("a") + n - 1)
    if fmt == "upperLetter":
        return chr(ord("A") + n - 1)
    if fmt in ("lowerRoman", "upperRoman"):
        vals = [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
        s = ""
        for v, r in vals:
            while n >= v:
                s += r
                n -= v
        return s.upper() if fmt == "upperRoman" else s
    return str(n)


def auto_labels(path, blocks=None) -> dict:
    """{block index: label} for paragraphs carrying direct w:numPr, using numbering.xml."""
    if blocks is None:
        blocks = docx_blocks(path)
    numbering = _read(path, "word/numbering.xml")
    if numbering is None:
        return {}
    absn = {}
    for a in numbering.findall("w:abstractNum", NS):
        lv = {}
        for l in a.findall("w:lvl", NS):
            fmt = l.find("w:numFmt", NS)
            txt = l.find("w:lvlText", NS)
            st = l.find("w:start", NS)
            lv[int(l.get(q("ilvl")))] = (fmt.get(q("val")) if fmt is not None else "decimal",
                                         txt.get(q("val")) if txt is not None else "",
                                         int(st.get(q("val"))) if st is not None else 1)
        absn[a.get(q("abstractNumId"))] = lv
    nums = {int(n.get(q("numId"))): n.find("w:abstractNumId", NS).get(q("val"))
            for n in numbering.findall("w:num", NS)}
    counters = {}
    labels = {}
    for i, b in enumerate(blocks):
        if not b["num"]:
            continue
        num_id, ilvl = b["num"]
        a = nums.get(num_id)
        if a is None or ilvl not in absn.get(a, {}):
            continue
        levels = absn[a]
        if levels[ilvl][0] == "bullet":
            continue
        c = counters.setdefault(a, {})
        c[ilvl] = c.get(ilvl, levels[ilvl][2] - 1) + 1
        for deeper in [k for k in c if k > ilvl]:
            del c[deeper]
        text = levels[ilvl][1]
        for k in range(ilvl + 1):
            val = c.get(k, levels.get(k, ("decimal", "", 1))[2])
            text = text.replace(f"%{k + 1}", _fmt(val, levels.get(k, ("decimal",))[0]))
        labels[i] = text
    return labels


def docx_tracked(path):
    """All w:ins / w:del / w:moveFrom / w:moveTo elements: (kind, author, date, text)."""
    root = _read(path, "word/document.xml")
    out = []
    for kind in ("ins", "del", "moveFrom", "moveTo"):
        for el in root.iter(q(kind)):
            if el.getparent().tag == q("rPr"):
                continue  # paragraph-mark revision
            text = "".join(x.text or "" for x in el.iter(q("t"), q("delText")))
            out.append((kind, el.get(q("author")), el.get(q("date")), text))
    return out


def docx_comments(path):
    root = _read(path, "word/comments.xml")
    if root is None:
        return []
    return [(c.get(q("author")), c.get(q("date")), "".join(t.text or "" for t in c.iter(q("t"))))
            for c in root.findall("w:comment", NS)]
