"""The comparison as one self-contained, printable HTML file (no scripts, no external files).

Same content as the other exports: the matrix with risk colours and evidence, flags, RFP
coverage and the scorecard with its explanation lines. Every string from a document goes
through `html.escape`; nothing from a document is ever written as markup or a URL.
"""

from __future__ import annotations

from html import escape
from typing import Any

from rfp_assist.report.matrix_table import term_lines
from rfp_assist.report.matrix_xlsx import FLAGGED_NOTE, RISK_FILLS

_QUOTE_CHARS = 400

_CSS = """
body { font: 11px/1.35 system-ui, sans-serif; margin: 1.5em; color: #111; }
h1 { font-size: 18px; } h2 { font-size: 14px; margin-top: 1.6em; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #999; padding: 3px 5px; vertical-align: top; text-align: left; }
th { background: #eee; position: sticky; top: 0; }
.group td { background: #f7f7f7; font-weight: bold; }
.quote { color: #333; font-style: italic; white-space: pre-wrap; }
.where, .reasons { color: #555; font-size: 10px; }
.flag { color: #9c0006; font-weight: bold; font-size: 10px; }
mark.hidden { background: #000; color: #ff8080; text-decoration: line-through; }
.terms { font-family: ui-monospace, monospace; font-size: 10px; word-break: break-word; }
@media print { body { margin: 0; } th { position: static; } tr { page-break-inside: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
"""


def _e(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def _risk_class(cell: dict[str, Any]) -> str:
    return "missing" if cell["status"] == "missing" else str(cell["risk"])


def _quote(evidence: dict[str, Any]) -> str:
    """The evidence text, escaped, cut at _QUOTE_CHARS, flagged spans marked as such."""
    text, start = evidence["text"], evidence["start"]
    cut = min(len(text), _QUOTE_CHARS)
    out, at = [], 0
    for lo, hi in sorted(evidence.get("flagged") or []):
        lo, hi = max(lo - start, at), min(hi - start, cut)
        if lo >= hi:
            continue
        out.append(_e(text[at:lo]))
        out.append(f'<mark class="hidden" title="flagged">{_e(text[lo:hi])}</mark>')
        at = hi
    out.append(_e(text[at:cut]) + ("…" if cut < len(text) else ""))
    return "".join(out)


def _cell(cell: dict[str, Any]) -> str:
    key = _risk_class(cell)
    if cell["status"] == "missing":
        why = _e(cell["reasons"][0])
        return f'<td class="r-{key}"><b>missing</b><div class="reasons">{why}</div></td>'
    best = cell["evidence"][0] if cell["evidence"] else None
    parts = [f"<b>{_e(cell['risk'])}</b>"]
    if cell["terms"]:
        lines = "<br>".join(_e(line) for line in term_lines(cell["terms"]))
        parts.append(f'<div class="terms">{lines}</div>')
    if best:
        where = best.get("clause") or best.get("heading") or "clause"
        quote = _quote(best)
        if best.get("flagged"):
            parts.append(f'<div class="flag">{_e(FLAGGED_NOTE)}</div>')
        parts.append(
            f'<div class="where">{_e(where)}, page {_e(best["page"])}, score'
            f' {_e(best["score"])}</div><div class="quote">{quote}</div>'
        )
    if cell["reasons"]:
        items = "".join(f"<li>{_e(r)}</li>" for r in cell["reasons"][:4])
        parts.append(f'<ul class="reasons">{items}</ul>')
    return f'<td class="r-{key}">{"".join(parts)}</td>'


def _matrix(payload: dict[str, Any], names: list[str]) -> list[str]:
    out = ["<h2>Comparison matrix</h2><table><thead><tr><th>Topic</th>"]
    out += [f"<th>{_e(n)}</th>" for n in names]
    out.append("</tr></thead><tbody>")
    group = None
    for topic in payload["topics"]:
        if topic["group"] != group:
            group = topic["group"]
            out.append(f'<tr class="group"><td colspan="{len(names) + 1}">{_e(group)}</td></tr>')
        out.append(f"<tr><th>{_e(topic['label'])}</th>")
        out += [_cell(c) for c in topic["cells"]]
        out.append("</tr>")
    out.append("</tbody></table>")
    return out


def _extras(payload: dict[str, Any], by_id: dict[str, str]) -> list[str]:
    out = []
    if payload["flags"]:
        out.append(
            "<h2>Flags: text hidden from readers or aimed at tools (changes no result)"
            "</h2><table><tr><th>Document</th><th>Kind</th><th>Where</th><th>Text</th></tr>"
        )
        for f in payload["flags"]:
            out.append(
                f"<tr><td>{_e(by_id[f['document']])}</td><td>{_e(f['kind'])}"
                f" ({_e(f['reason'])})</td><td>{_e(f.get('clause'))}, page {_e(f['page'])}</td>"
                f'<td class="quote">{_e(f["text"])}</td></tr>'
            )
        out.append("</table>")
    if "coverage" in payload:
        cov = payload["coverage"]
        docs = payload["documents"]
        out.append("<h2>RFP coverage</h2><table><tr><th>Requirement</th>")
        out += [f"<th>{_e(by_id[d['id']])}</th>" for d in docs]
        out.append("</tr>")
        for req in cov["requirements"]:
            out.append(f"<tr><th>{_e(req['id'])} {_e(req['title'])}</th>")
            for d in docs:
                a = next(
                    a
                    for a in cov["answers"]
                    if a["document"] == d["id"] and a["requirement"] == req["id"]
                )
                best = a["evidence"][0] if a["evidence"] else None
                where = (best.get("clause") or best.get("heading")) if best else ""
                css = {"answered": "low", "partly": "medium"}.get(a["status"], "missing")
                out.append(
                    f'<td class="r-{css}"><b>{_e(a["status"])}</b> {_e(where)}'
                    f'<div class="reasons">{_e(a["reasons"][0])}</div></td>'
                )
            out.append("</tr>")
        out.append("</table>")
    if "scorecard" in payload:
        card = payload["scorecard"]
        out.append(f"<h2>Scorecard</h2><p>Criteria and weights: {_e(card['source'])}.</p>")
        for s in card["documents"]:
            out.append(
                f"<h3>{_e(by_id[s['document']])}: {_e(s['total'])} of {_e(s['max_total'])}</h3><ul>"
            )
            for c in s["criteria"]:
                score = "not scored" if c["score"] is None else f"{c['score']}/5"
                lines = "".join(f"<li>{_e(line)}</li>" for line in c["lines"])
                out.append(f"<li><b>{_e(c['id'])}</b>: {_e(score)}<ul>{lines}</ul></li>")
            out.append("</ul>")
    return out


def matrix_html(payload: dict[str, Any], *, title: str = "CDMO comparison") -> str:
    """The whole HTML page for a `compare` payload."""
    docs = payload["documents"]
    names = [d["party"] or d["name"] for d in docs]
    by_id = {d["id"]: d["party"] or d["name"] for d in docs}
    colours = "".join(f".r-{k} {{ background: #{v}; }}\n" for k, v in RISK_FILLS.items())
    head = (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{_e(title)}'
        f"</title><style>{_CSS}{colours}</style></head><body><h1>{_e(title)}</h1>"
    )
    listing = "".join(
        f"<li>{_e(n)}: {_e(d['name'])} ({_e(d['kind'])}, {_e(d['pages'])} page(s), id"
        f" {_e(d['id'][:12])})</li>"
        for n, d in zip(names, docs, strict=True)
    )
    body = [
        f"<h2>Documents</h2><ul>{listing}</ul>",
        *_matrix(payload, names),
        *_extras(payload, by_id),
    ]
    return head + "\n".join(body) + "</body></html>\n"
