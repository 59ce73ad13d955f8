"""Expected playbook outcome per document and topic (gold/playbook_expected.json).

Derived mechanically from the hand-labelled clauses and playbook.yaml with the semantics stated
at the top of playbook.yaml, so tests of a playbook engine have a reference:
  * the clauses of a document that carry the topic are pooled; their typed terms are merged in
    document order (first value of a key wins); phrases are searched case-insensitively in their
    concatenated text (heading, paragraphs, list items and table cells);
  * preferred -> low, a fallback -> medium, an unacceptable position -> high; no clause on the
    topic -> missing; clauses but no position holds -> unknown.
The positions are mutually exclusive on these corpora (checked here).
"""
from __future__ import annotations

import os

import yaml

from model import Bullets, Table, norm, plain


def _text(c):
    out = [c.head_line()]
    for p in c.paras:
        if isinstance(p, str):
            out.append(plain(p))
        elif isinstance(p, Bullets):
            out += [plain(x) for x in p.items]
        elif isinstance(p, Table):
            out += [" ".join(r) for r in p.rows]
    return norm(" ".join(out)).lower()


def _cmp(a, op, b):
    if isinstance(b, dict):
        if not isinstance(a, dict) or a["currency"] != b["currency"]:
            return False
        a, b = a["amount"], b["amount"]
    if op == "in":
        return any(x in b for x in a) if isinstance(a, list) else a in b
    return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b, "==": a == b, "!=": a != b}[op]


def _holds(pos, terms, text):
    for c in pos["when"]:
        if "term" in c:
            v = terms.get(c["term"])
            if c["op"] == "present":
                if v is None:
                    return False
            elif c["op"] == "absent":
                if v is not None:
                    return False
            elif v is None or not _cmp(v, c["op"], c["value"]):
                return False
        elif "phrase_any" in c:
            if not any(p.lower() in text for p in c["phrase_any"]):
                return False
        elif "phrase_none" in c:
            if any(p.lower() in text for p in c["phrase_none"]):
                return False
    return True


def expected(docs, playbook_path):
    with open(playbook_path, encoding="utf-8") as f:
        pb = yaml.safe_load(f)
    out = {}
    for d in docs:
        per = {}
        for topic, spec in pb["topics"].items():
            cl = [c for c in d.clauses if topic in c.topics]
            if not cl:
                per[topic] = {"risk": "missing", "position": None, "clauses": []}
                continue
            terms = {}
            for c in cl:
                for k, v in c.terms.get(topic, {}).items():
                    terms.setdefault(k, v)
            text = " ".join(_text(c) for c in cl)
            hits = []
            if _holds(spec["preferred"], terms, text):
                hits.append(("low", spec["preferred"]["label"]))
            hits += [("medium", p["label"]) for p in spec.get("fallbacks", []) if _holds(p, terms, text)]
            hits += [("high", p["label"]) for p in spec.get("unacceptable", []) if _holds(p, terms, text)]
            if len(hits) > 1:
                raise SystemExit(f"playbook positions overlap for {d.path} {topic}: {hits}")
            risk, label = hits[0] if hits else ("unknown", None)
            per[topic] = {"risk": risk, "position": label,
                          "clauses": [c.number if c.number else c.printed_heading for c in cl]}
        out[d.path] = per
    return {"playbook": os.path.basename(playbook_path),
            "semantics": " ".join(x.strip() for x in __doc__.strip().splitlines()[2:9]),
            "documents": out}
