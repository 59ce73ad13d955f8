#!/usr/bin/env python
"""Verify the generated corpora against the gold labels.

    .venv/bin/python corpora/generate/check.py            # check files as they are
    .venv/bin/python corpora/generate/check.py --rebuild  # also rebuild and require identical bytes

Re-reads every file with pypdf / a plain OOXML reader (extract.py) and checks:
  * every gold clause `starts_with` occurs in the extracted text, in document order (whitespace
    normalised), and on the gold page for PDFs;
  * every gold number is printed where the clause starts; for documents with Word automatic
    numbering ("auto_numbered": true) the number is not in the text, so the label computed from
    numbering.xml for that paragraph must equal the gold number;
  * regions (title, toc, signature) are present; PDFs have "Page N of M" on every page;
  * flagged hidden text is present and really is white / 1 pt in the file, and no other hidden
    text exists in DOCX files or as tiny type in PDFs;
  * typed terms use interface.md keys and normalisations; topics are domain.md ids;
  * RFP coverage, MSA diff and playbook are consistent with the documents;
  * MSA v2 has tracked changes by two authors, moves and comments, and with every revision
    rejected reads as v1 apart from section numbers.
Exit status 0 when clean, 1 otherwise.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

import extract  # noqa: E402
from extract import norm  # noqa: E402

TOPICS = {
    "pricing", "pass_through", "price_adjustment", "payment_terms", "capacity_reservation",
    "minimum_commitment", "cancellation", "forecasting", "batch_failure", "late_delivery",
    "raw_material_liability", "liability_cap", "indemnification", "insurance", "warranty",
    "quality_agreement", "audit_rights", "regulatory_inspections", "subcontracting", "tech_transfer",
    "ip_ownership", "confidentiality", "exclusivity", "most_favoured_customer", "term", "termination",
    "force_majeure", "governing_law", "business_continuity", "change_control",
    "modality_experience", "facilities", "scale", "analytics", "regulatory_record", "timeline",
    "partnership",
}
TERM_KEYS = {
    "pricing": {"batch_price": "money", "tech_transfer_fee": "money", "engineering_run_price": "money"},
    "pass_through": {"markup_pct": "num"},
    "payment_terms": {"net_days": "int"},
    "capacity_reservation": {"pct": "num", "refundable": "bool"},
    "minimum_commitment": {"quantity": "int", "period": ("year", "quarter", "month", "term"),
                           "shortfall_pct": "num"},
    "cancellation": {"schedule": "schedule"},
    "late_delivery": {"offered": "bool", "pct_per_week": "num", "pct_per_batch": "num", "cap_pct": "num",
                      "grace_days": "int", "sole_remedy": "bool"},
    "batch_failure": {"allocation": ("vendor", "client", "shared", "vendor_if_at_fault"),
                      "shared_pct": "num", "credit_pct": "num"},
    "liability_cap": {"amount": "money", "fee_multiple": "num", "months_of_fees": "int",
                      "uncapped_carve_outs": "carve"},
    "insurance": {"amount": "money"},
    "ip_ownership": {"improvements_owner": ("client", "vendor", "shared")},
    "audit_rights": {"per_years": "num", "notice_days": "int"},
    "termination": {"convenience_notice_days": "int", "cure_days": "int"},
    "timeline": {"tech_transfer_weeks": "int", "first_batch_months": "int"},
    "facilities": {"gmp_suites": "int", "dedicated_suites": "int"},
    "modality_experience": {"gmp_batches": "int", "years": "int", "serotypes": "strlist"},
}
CARVE_OUTS = {"confidentiality", "indemnification", "gross_negligence", "willful_misconduct", "fraud",
              "death_personal_injury", "ip_infringement", "data_protection"}
CURRENCIES = {"USD", "EUR", "GBP", "CHF"}
OPS = {"<", "<=", ">", ">=", "==", "!=", "in", "present", "absent"}

errors: list[str] = []
notes: list[str] = []


def err(msg):
    errors.append(msg)


def load(rel):
    with open(os.path.join(ROOT, rel), encoding="utf-8") as f:
        return json.load(f)


# ------------------------------------------------------------------ terms
def check_value(where, kind, v):
    ok = True
    if kind == "money":
        ok = (isinstance(v, dict) and set(v) == {"amount", "currency"}
              and isinstance(v["amount"], (int, float)) and v["currency"] in CURRENCIES)
    elif kind == "num":
        ok = isinstance(v, (int, float)) and not isinstance(v, bool) and 0 <= v <= 1000
    elif kind == "int":
        ok = isinstance(v, int) and not isinstance(v, bool)
    elif kind == "bool":
        ok = isinstance(v, bool)
    elif kind == "strlist":
        ok = isinstance(v, list) and all(isinstance(x, str) for x in v)
    elif kind == "carve":
        ok = isinstance(v, list) and all(x in CARVE_OUTS for x in v)
    elif kind == "schedule":
        ok = isinstance(v, list) and all(
            isinstance(r, dict) and set(r) == {"min_days", "max_days", "fee_pct"}
            and isinstance(r["min_days"], int) and (r["max_days"] is None or isinstance(r["max_days"], int))
            and isinstance(r["fee_pct"], (int, float)) for r in v)
        if ok:  # windows must not overlap
            spans = sorted((r["min_days"], r["max_days"] if r["max_days"] is not None else 10 ** 6)
                           for r in v)
            ok = all(a[1] < b[0] for a, b in zip(spans, spans[1:]))
    elif isinstance(kind, tuple):
        ok = v in kind
    if not ok:
        err(f"{where}: bad value {v!r} for kind {kind}")


def check_terms(where, topics, terms):
    for t in topics:
        if t not in TOPICS:
            err(f"{where}: unknown topic {t}")
    for topic, kv in terms.items():
        if topic not in TERM_KEYS:
            err(f"{where}: terms for topic without typed keys: {topic}")
            continue
        if topic not in topics:
            err(f"{where}: terms for {topic} but topic not listed")
        for k, v in kv.items():
            if k not in TERM_KEYS[topic]:
                err(f"{where}: unknown key {topic}.{k}")
            else:
                check_value(f"{where} {topic}.{k}", TERM_KEYS[topic][k], v)


# ------------------------------------------------------------------ documents
def find_all_hidden_docx(path):
    """(text, reason) for runs that are white or <= 2 pt in the DOCX body."""
    out = []
    for b in extract.docx_blocks(path):
        for text, color, size in b["runs"]:
            if not text.strip():
                continue
            if color and color.upper() in ("FFFFFF", "FEFEFE"):
                out.append((text, "white text"))
            elif size is not None and size <= 4:
                out.append((text, "tiny text"))
    return out


def squash(s):
    return re.sub(r"\s+", "", s)


def number_token(number):
    m = re.match(r"^.*?(\([a-z]+\))$", number)
    return m.group(1) if m else number


def check_document(g, flags):
    rel = g["document"]
    path = os.path.join(ROOT, rel)
    if not os.path.exists(path):
        err(f"{rel}: file missing")
        return
    is_pdf = rel.endswith(".pdf")
    auto = g.get("auto_numbered", False)
    if is_pdf:
        pages = [norm(t) for t in extract.pdf_pages(path)]
        starts, text = [], ""
        for t in pages:
            starts.append(len(text))
            text += t + " "
        if g.get("pages") != len(pages):
            err(f"{rel}: gold pages {g.get('pages')} != {len(pages)}")
        for i, t in enumerate(pages, 1):
            if f"Page {i} of {len(pages)}" not in t:
                err(f"{rel}: page {i} lacks footer 'Page {i} of {len(pages)}'")
        page_of = lambda i: max(k for k, s in enumerate(starts) if s <= i) + 1  # noqa: E731
    else:
        blocks = extract.docx_blocks(path)
        labels = extract.auto_labels(path, blocks) if auto else {}
        # build normalised text with block offsets
        text, bstarts = "", []
        for b in blocks:
            bstarts.append(len(text))
            text += norm(b["text"]) + " "
        if not auto and labels:
            err(f"{rel}: unexpected automatic numbering")
        if auto and not labels:
            err(f"{rel}: auto_numbered but no numbering found")

    pos = 0
    for c in g["clauses"]:
        sw = norm(c["starts_with"])
        where = f"{rel} clause {c['number'] or c['heading']}"
        i = text.find(sw, pos)
        if i < 0:
            j = text.find(sw)
            err(f"{where}: starts_with not found in order: {sw!r}" if j >= 0 else
                f"{where}: starts_with not found: {sw!r}")
            continue
        pos = i + 1
        if is_pdf and c.get("page") != page_of(i):
            err(f"{where}: gold page {c.get('page')} but text found on page {page_of(i)}")
        if c["number"]:
            if auto:
                k = max(k for k, s in enumerate(bstarts) if s <= i)
                lab = labels.get(k)
                if lab is None or lab.rstrip(".") != c["number"]:
                    err(f"{where}: auto number {lab!r} != gold {c['number']!r}")
                if re.match(r"^\d", sw):
                    err(f"{where}: auto-numbered paragraph text starts with a number")
            else:
                pn = c.get("printed_number") or ""
                if not sw.startswith(pn):
                    err(f"{where}: starts_with does not begin with printed number {pn!r}")
                tok = number_token(c["number"])
                if tok not in pn:
                    err(f"{where}: number token {tok!r} not in printed number {pn!r}")
        check_terms(where, c["topics"], c["terms"])
    for r in g["regions"]:
        if norm(r["starts_with"]) not in text:
            err(f"{rel}: region {r['kind']} not found: {r['starts_with']!r}")

    # hidden text
    mine = [f for f in flags if f["document"] == rel]
    if is_pdf:
        styled = extract.pdf_styled_text(path)
        for f in mine:
            if squash(f["text"]) not in squash(text):
                err(f"{rel}: flagged text not in extracted text: {f['text'][:40]!r}")
            items = styled[f["page"] - 1]
            if f["reason"].startswith("white"):
                hid = "".join(t for t, fill, size in items if all(x > 0.97 for x in fill))
            else:
                hid = "".join(t for t, fill, size in items if size is not None and size <= 2)
            if squash(f["text"]) not in squash(hid):
                err(f"{rel}: flagged text is not {f['reason']} on page {f['page']}")
        tiny_all = squash("".join(t for page in styled for t, fill, size in page
                                  if size is not None and size <= 2))
        flagged_tiny = squash("".join(f["text"] for f in mine if not f["reason"].startswith("white")))
        if tiny_all != flagged_tiny:
            err(f"{rel}: tiny text in PDF not matching flags: {tiny_all[:60]!r}")
    else:
        hidden = find_all_hidden_docx(path)
        got = squash("".join(t for t, _ in hidden))
        want = squash("".join(f["text"] for f in mine))
        if got != want:
            err(f"{rel}: hidden DOCX runs {got[:60]!r} != flagged {want[:60]!r}")
    return text


# ------------------------------------------------------------------ MSA specifics
def strip_numbers(paras):
    return [re.sub(r"^\d+\.\d+ ", "#.# ", norm(p)) for p in paras if norm(p)]


def check_msa():
    v1 = os.path.join(ROOT, "msa/msa_v1.docx")
    v2 = os.path.join(ROOT, "msa/msa_v2.docx")
    p1 = [b["text"] for b in extract.docx_blocks(v1, "accepted")]
    p2r = [b["text"] for b in extract.docx_blocks(v2, "rejected")]
    p2a = [b["text"] for b in extract.docx_blocks(v2, "accepted")]
    if strip_numbers(p1) != strip_numbers(p2r):
        a, b = strip_numbers(p1), strip_numbers(p2r)
        k = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
        err(f"msa: v2 with revisions rejected differs from v1 at paragraph {k}: "
            f"{(a[k] if k < len(a) else '')[:70]!r} vs {(b[k] if k < len(b) else '')[:70]!r}")
    if p1 == p2a:
        err("msa: v2 accepted text equals v1")
    if extract.docx_tracked(v1):
        err("msa: v1 has tracked changes")
    tr = extract.docx_tracked(v2)
    kinds = {k for k, *_ in tr}
    for k in ("ins", "del", "moveFrom", "moveTo"):
        if k not in kinds:
            err(f"msa v2: no w:{k}")
    authors = {a for _, a, _, _ in tr}
    if len(authors) < 2 or None in authors:
        err(f"msa v2: expected two authors, got {authors}")
    if any(not d for _, _, d, _ in tr):
        err("msa v2: revision without w:date")
    com = extract.docx_comments(v2)
    if len(com) < 2 or any(not d or not d.startswith("2025-06") for _, d, _ in com):
        err(f"msa v2: comments missing or not dated: {com}")

    g1, g2 = load("gold/msa_v1.json"), load("gold/msa_v2.json")
    n1 = {c["number"] for c in g1["clauses"]}
    n2 = {c["number"] for c in g2["clauses"]}
    d = load("gold/diff_msa_v1_v2.json")
    touched_old = set()
    for ch in d["changes"]:
        if ch["kind"] not in ("modified", "added", "removed", "moved"):
            err(f"diff: bad kind {ch['kind']}")
        if ch["direction"] not in ("favourable", "unfavourable", "neutral"):
            err(f"diff: bad direction {ch['direction']}")
        if ch["old_number"] is not None:
            touched_old.add(ch["old_number"])
            if ch["old_number"] not in n1:
                err(f"diff: old number {ch['old_number']} not in v1 gold")
        if ch["new_number"] is not None and ch["new_number"] not in n2:
            err(f"diff: new number {ch['new_number']} not in v2 gold")
        if (ch["kind"] == "added") != (ch["old_number"] is None):
            err(f"diff: added/old_number mismatch {ch}")
        if (ch["kind"] == "removed") != (ch["new_number"] is None):
            err(f"diff: removed/new_number mismatch {ch}")
        tc = ch.get("term_change")
        if tc:
            old_c = next(c for c in g1["clauses"] if c["number"] == ch["old_number"])
            new_c = next(c for c in g2["clauses"] if c["number"] == ch["new_number"])
            if old_c["terms"].get(tc["topic"], {}).get(tc["key"]) != tc["old"]:
                err(f"diff: term_change old value not in v1 gold for {ch['old_number']}")
            if new_c["terms"].get(tc["topic"], {}).get(tc["key"]) != tc["new"]:
                err(f"diff: term_change new value not in v2 gold for {ch['new_number']}")
    v1_sections = [c for c in g1["clauses"] if c["number"] and "." in c["number"]]
    if d["unchanged_count"] != len(v1_sections) - len(touched_old):
        err(f"diff: unchanged_count {d['unchanged_count']} != {len(v1_sections) - len(touched_old)}")
    for r in d["renumbered_unchanged"]:
        a = next((c for c in g1["clauses"] if c["number"] == r["old_number"]), None)
        b = next((c for c in g2["clauses"] if c["number"] == r["new_number"]), None)
        if not a or not b or a["starts_with"].split(" ", 1)[1] != b["starts_with"].split(" ", 1)[1]:
            err(f"diff: renumbered pair {r} does not match")


# ------------------------------------------------------------------ coverage & playbook
def check_coverage(golds):
    cov = load("gold/rfp_coverage.json")
    if sum(cov["weights"].values()) != 100:
        err("coverage: weights do not sum to 100")
    ids = [r["id"] for r in cov["requirements"]]
    if ids != [f"R{i}" for i in range(1, 13)]:
        err(f"coverage: requirement ids {ids}")
    rfp = golds[cov["rfp"]]
    for r in cov["requirements"]:
        c = next((c for c in rfp["clauses"] if c["number"] == r["id"]), None)
        if not c or norm(r["text"])[:30] not in norm(c["starts_with"] + " " + r["text"]):
            err(f"coverage: requirement {r['id']} not in RFP gold")
    for path, per in cov["coverage"].items():
        g = golds.get(path)
        if not g:
            err(f"coverage: unknown proposal {path}")
            continue
        if set(per) != set(ids):
            err(f"coverage: {path} lacks requirements")
        for rid, v in per.items():
            if v["status"] not in ("answered", "partly", "not_addressed"):
                err(f"coverage: bad status {v}")
            if v["status"] == "not_addressed":
                if v["clause"] is not None:
                    err(f"coverage: not_addressed with clause {path} {rid}")
                continue
            found = [c for c in g["clauses"] if c["number"] == v["clause"]
                     and (v["clause"] is not None or c["heading"] == v.get("heading"))]
            if not found:
                err(f"coverage: {path} {rid} points at missing clause {v['clause']} {v.get('heading')}")


def check_playbook():
    import yaml
    with open(os.path.join(ROOT, "playbook.yaml"), encoding="utf-8") as f:
        pb = yaml.safe_load(f)
    for k in ("name", "version", "topics"):
        if k not in pb:
            err(f"playbook: missing {k}")
    if pb.get("version") != 1:
        err("playbook: version must be 1")
    topics = pb.get("topics", {})
    if len(topics) < 15:
        err(f"playbook: only {len(topics)} topics")
    for t, spec in topics.items():
        if t not in TOPICS:
            err(f"playbook: unknown topic {t}")
        positions = [("preferred", spec.get("preferred"))]
        positions += [("fallbacks", p) for p in spec.get("fallbacks", [])]
        positions += [("unacceptable", p) for p in spec.get("unacceptable", [])]
        if not spec.get("preferred"):
            err(f"playbook {t}: no preferred position")
        for kind, p in positions:
            if not p:
                continue
            if not isinstance(p.get("label"), str) or not p.get("when"):
                err(f"playbook {t} {kind}: needs label and when")
                continue
            for cond in p["when"]:
                if "term" in cond:
                    if cond["term"] not in TERM_KEYS.get(t, {}):
                        err(f"playbook {t}: term {cond['term']} is not an interface key of {t}")
                    if cond.get("op") not in OPS:
                        err(f"playbook {t}: bad op {cond.get('op')}")
                    if cond.get("op") not in ("present", "absent") and "value" not in cond:
                        err(f"playbook {t}: condition without value")
                elif "phrase_any" in cond or "phrase_none" in cond:
                    v = cond.get("phrase_any", cond.get("phrase_none"))
                    if not (isinstance(v, list) and v and all(isinstance(x, str) for x in v)):
                        err(f"playbook {t}: phrase list must be non-empty strings")
                else:
                    err(f"playbook {t}: unknown condition {cond}")


def file_hashes():
    out = {}
    for sub in ("rfp", "proposals", "msa", "gold"):
        for fn in sorted(os.listdir(os.path.join(ROOT, sub))):
            p = os.path.join(ROOT, sub, fn)
            with open(p, "rb") as f:
                out[f"{sub}/{fn}"] = hashlib.sha256(f.read()).hexdigest()
    return out


def main():
    if "--rebuild" in sys.argv:
        before = file_hashes()
        subprocess.run([sys.executable, os.path.join(HERE, "build.py")], check=True)
        after = file_hashes()
        for k in sorted(set(before) | set(after)):
            if before.get(k) != after.get(k):
                err(f"rebuild changed {k}")
    flags = load("gold/flags.json")["flags"]
    golds = {}
    for fn in sorted(os.listdir(os.path.join(ROOT, "gold"))):
        g = load(f"gold/{fn}")
        if "clauses" in g:
            golds[g["document"]] = g
            check_document(g, flags)
            notes.append(f"{g['document']}: {len(g['clauses'])} clauses"
                         + (f", {g['pages']} pages" if "pages" in g else ""))
    for f in flags:
        if f["document"] not in golds:
            err(f"flags: unknown document {f['document']}")
        elif not any(c["number"] == f["clause"] and c["heading"] == f["heading"]
                     for c in golds[f["document"]]["clauses"]):
            err(f"flags: clause {f['clause']} not in {f['document']}")
    expected = {os.path.relpath(os.path.join(dp, fn), ROOT)
                for sub in ("rfp", "proposals", "msa")
                for dp, _, fns in os.walk(os.path.join(ROOT, sub)) for fn in fns}
    missing = expected - set(golds)
    if missing:
        err(f"documents without gold: {sorted(missing)}")
    check_coverage(golds)
    check_msa()
    check_playbook()
    for n in notes:
        print("ok ", n)
    for e in errors:
        print("ERR", e)
    print(f"{len(errors)} problem(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
