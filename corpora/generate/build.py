#!/usr/bin/env python
"""Build the bundled sample corpora and their gold labels.

    .venv/bin/python corpora/generate/build.py

Writes (relative to corpora/):
  rfp/rfp_aav_manufacturing.docx
  proposals/*.pdf, proposals/*.docx
  msa/msa_v1.docx, msa/msa_v2.docx
  gold/<stem>.json, gold/rfp_coverage.json, gold/diff_msa_v1_v2.json, gold/flags.json

Deterministic: PDFs use reportlab's invariant mode, DOCX files fixed core properties and
fixed zip timestamps, so rebuilding gives byte-identical files.
"""
from __future__ import annotations

import json
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)  # corpora/
sys.path.insert(0, HERE)

import content_aldermoor  # noqa: E402
import content_bluestem  # noqa: E402
import content_cobalt  # noqa: E402
import content_helix  # noqa: E402
import content_kestrel  # noqa: E402
import content_msa  # noqa: E402
import content_rfp  # noqa: E402
import expected_risk  # noqa: E402
import extract  # noqa: E402
from model import Clause, Signature, TOC, Title, cut, hidden_spans, norm  # noqa: E402
from render_docx import render_doc  # noqa: E402
from render_pdf import build_pdf  # noqa: E402

PROPOSALS = [content_helix, content_aldermoor, content_kestrel, content_bluestem, content_cobalt]


def out(rel):
    p = os.path.join(ROOT, rel)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    return p


def write_json(rel, data):
    with open(out(rel), "w", encoding="utf-8") as f:
        json.dump(data, f, indent=2, ensure_ascii=False)
        f.write("\n")


def render(mod):
    doc = mod.document()
    path = out(doc.path)
    if doc.path.endswith(".pdf"):
        build_pdf(doc, path, mod.SPEC)
    else:
        render_doc(doc, path, mod.SPEC)
    return doc


class PageFinder:
    """Maps gold strings to PDF pages by searching the extracted text in document order."""

    def __init__(self, path):
        self.pages = [norm(t) for t in extract.pdf_pages(path)]
        self.text = ""
        self.starts = []
        for t in self.pages:
            self.starts.append(len(self.text))
            self.text += t + " "
        self.pos = 0

    def page_of(self, s, advance=True):
        i = self.text.find(norm(s), self.pos)
        if i < 0:
            i = self.text.find(norm(s))
            if i < 0:
                return None
        if advance:
            self.pos = i
        return max(k for k, st in enumerate(self.starts) if st <= i) + 1

    def count(self):
        return len(self.pages)


def gold_document(doc):
    is_pdf = doc.path.endswith(".pdf")
    finder = PageFinder(out(doc.path)) if is_pdf else None
    clauses, regions, flags = [], [], []
    for b in doc.blocks:
        if isinstance(b, Title):
            first = " ".join(t for t, k in b.lines[:2] if k != "space")
            sw = cut(first)
            regions.append({"kind": "title", "starts_with": sw,
                            **({"page": finder.page_of(sw)} if is_pdf else {})})
        elif isinstance(b, TOC):
            regions.append({"kind": "toc", "starts_with": b.title,
                            **({"page": finder.page_of(b.title)} if is_pdf else {})})
        elif isinstance(b, Signature):
            sw = cut(b.lines[0])
            regions.append({"kind": "signature", "starts_with": sw,
                            **({"page": finder.page_of(sw)} if is_pdf else {})})
        elif isinstance(b, Clause):
            sw = cut(b.printed_start(show_label=not doc.auto_numbered))
            entry = {"number": b.number, "heading": b.printed_heading, "starts_with": sw,
                     "topics": list(b.topics), "terms": b.terms}
            if b.label and not doc.auto_numbered:
                entry["printed_number"] = b.label
            if is_pdf:
                entry["page"] = finder.page_of(sw)
            clauses.append(entry)
            for p in b.paras:
                if not isinstance(p, str):
                    continue
                for text, mark in hidden_spans(p):
                    page = finder.page_of(text, advance=False) if is_pdf else None
                    flags.append({"document": doc.path, "kind": b.extra.get("flag_kind", "injection"),
                                  "clause": b.number, "heading": b.printed_heading, "page": page,
                                  "text": text,
                                  "reason": "white text" if mark == "white" else "tiny text (1 pt)",
                                  "where": b.extra.get("flag_where", "")})
    g = {"document": doc.path, "kind": doc.kind, "party": doc.party,
         "format": "pdf" if is_pdf else "docx"}
    if is_pdf:
        g["pages"] = finder.count()
    if doc.auto_numbered:
        g["auto_numbered"] = True
    g["clauses"] = clauses
    g["regions"] = regions
    return g, flags


def stem(path):
    return os.path.splitext(os.path.basename(path))[0]


def main():
    all_flags = []
    rfp = render(content_rfp)
    g, _ = gold_document(rfp)
    write_json(f"gold/{stem(rfp.path)}.json", g)
    docs = []
    for mod in PROPOSALS:
        doc = render(mod)
        g, flags = gold_document(doc)
        # flags are recorded per document; mark the non-injection ones from the content module
        all_flags += flags
        write_json(f"gold/{stem(doc.path)}.json", g)
        docs.append(doc)

    # RFP coverage
    cov = {}
    for doc in docs:
        per = {}
        for rid, *_ in content_rfp.REQUIREMENTS:
            hit = next((c for c in doc.clauses if rid in c.answers), None)
            if hit is None:
                per[rid] = {"status": "not_addressed", "clause": None, "meets": None}
            else:
                per[rid] = {"status": hit.answers[rid], "clause": hit.number,
                            "heading": hit.printed_heading, "meets": hit.meets.get(rid)}
        cov[doc.path] = per
    write_json("gold/rfp_coverage.json", {
        "rfp": rfp.path,
        "requirements": [{"id": rid, "title": title, "text": text, "criterion": crit}
                         for rid, crit, title, text, *_ in content_rfp.REQUIREMENTS],
        "weights": content_rfp.WEIGHTS,
        "criteria_requirements": {c: [r for r, cr, *_ in content_rfp.REQUIREMENTS if cr == c]
                                  for c in content_rfp.WEIGHTS},
        "coverage": cov,
    })

    # MSA drafts
    v1, v2 = content_msa.build(out("msa/msa_v1.docx"), out("msa/msa_v2.docx"))
    for d in (v1, v2):
        g, _ = gold_document(d)
        write_json(f"gold/{stem(d.path)}.json", g)
    write_json("gold/diff_msa_v1_v2.json", content_msa.diff_gold())

    write_json("gold/flags.json", {"flags": all_flags})
    write_json("gold/playbook_expected.json",
               expected_risk.expected(docs + [v1, v2], os.path.join(ROOT, "playbook.yaml")))
    print("built", 1 + len(docs) + 2, "documents")


if __name__ == "__main__":
    main()
