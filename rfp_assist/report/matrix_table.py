"""The comparison as a terminal table: topics down, documents across; flags, coverage, scores."""

from __future__ import annotations

from typing import Any

from rfp_assist.report.clauses import printable
from rfp_assist.taxonomy import term_text

_RISK_MARK = {"low": "ok", "medium": "med", "high": "HIGH", "unknown": "?"}


def _short_value(value: Any) -> str:
    if isinstance(value, dict) and "amount" in value:
        amount = value["amount"]
        shown = (
            f"{amount / 1e6:g}M" if isinstance(amount, int | float) and amount >= 1e6 else amount
        )
        return f"{value.get('currency', '')} {shown}".strip()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return f"[{len(value)}]"
    return str(value)


def term_lines(terms: dict[str, Any]) -> list[str]:
    """One "key: value" line per typed term."""
    return [f"{key}: {term_text(value)}" for key, value in terms.items()]


def cell_text(cell: dict[str, Any]) -> str:
    """A cell in a few characters: MISSING, or risk, clause and the first terms."""
    if cell["status"] == "missing":
        return "MISSING"
    best = cell["evidence"][0] if cell["evidence"] else {}
    where = best.get("clause") or (best.get("heading") or "")[:10]
    terms = " ".join(f"{k}={_short_value(v)}" for k, v in list(cell["terms"].items())[:2])
    mark = "!" if best.get("flagged") else ""  # the clause holds flagged (hidden) text
    return f"{_RISK_MARK.get(cell['risk'], '?')} {where}{mark} {terms}".strip()


def matrix_table(payload: dict[str, Any], *, width: int = 26) -> str:
    """The `compare` table: one row per topic, one column per document."""
    docs = payload["documents"]
    names = [printable(d["party"] or d["name"])[: width - 1] for d in docs]
    lines = [f"{'topic':<24}" + "".join(f" {n:<{width}}" for n in names)]
    group = None
    for topic in payload["topics"]:
        if topic["group"] != group:
            group = topic["group"]
            lines.append(f"-- {group}")
        cells = [printable(cell_text(c))[:width] for c in topic["cells"]]
        lines.append(f"{topic['id'][:24]:<24}" + "".join(f" {c:<{width}}" for c in cells))
    by_id = {d["id"]: printable(d["party"] or d["name"]) for d in docs}
    if payload["flags"]:
        lines.append("")
        lines.append("flags (text hidden from readers or aimed at tools; it changes no result):")
        for f in payload["flags"]:
            lines.append(
                f"  {by_id[f['document']]}: {f['kind']} ({f['reason']}),"
                f" clause {f.get('clause') or '?'}, page {f['page']}:"
                f" {printable(f['text'])[:90]}"
            )
    if "coverage" in payload:
        cov = payload["coverage"]
        lines.append("")
        lines.append(f"{'RFP requirement':<24}" + "".join(f" {n:<{width}}" for n in names))
        for req in cov["requirements"]:
            row = []
            for d in docs:
                a = next(
                    a
                    for a in cov["answers"]
                    if a["document"] == d["id"] and a["requirement"] == req["id"]
                )
                best = a["evidence"][0] if a["evidence"] else {}
                where = best.get("clause") or (best.get("heading") or "")[:12]
                row.append(printable(f"{a['status']} {where}".strip())[:width])
            title = printable(f"{req['id']} {req['title']}")[:24]
            lines.append(f"{title:<24}" + "".join(f" {c:<{width}}" for c in row))
    if "scorecard" in payload:
        card = payload["scorecard"]
        lines.append("")
        lines.append(f"scorecard ({printable(card['source'])}):")
        for s in card["documents"]:
            parts = ", ".join(
                f"{c['id']} {'-' if c['score'] is None else format(c['score'], 'g')}"
                for c in s["criteria"]
            )
            lines.append(
                f"  {by_id[s['document']]:<40} {s['total']:6.2f}/{s['max_total']:g}  ({parts})"
            )
    return "\n".join(lines)
