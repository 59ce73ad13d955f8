"""The `diff` command's output: the JSON shape of interface.md, a terminal table and HTML."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from rfp_assist.analysis.align import body
from rfp_assist.analysis.diff import ChangeKind, ClauseChange, DraftDiff
from rfp_assist.analysis.diff_text import word_runs
from rfp_assist.analysis.tracked import before_revisions
from rfp_assist.errors import RfpAssistError
from rfp_assist.loaders.isolate import load_isolated
from rfp_assist.pipeline import analyse
from rfp_assist.report.clauses import printable
from rfp_assist.understand import ClauseReading, Reader, Reading


class DiffInputError(RfpAssistError):
    """Raised when the files given to `diff` cannot be compared as asked."""

    def __init__(self, path: str, detail: str) -> None:
        self.path, self.detail = path, detail
        super().__init__(f"{path}: {detail}")


def _document(reading: Reading, version: str) -> dict[str, Any]:
    doc = reading.analysis.document
    return {"id": doc.id, "path": doc.path, "party": reading.analysis.party, "version": version}


def _side(reading: ClauseReading | None) -> dict[str, Any] | None:
    if reading is None:
        return None
    clause = reading.clause
    return {
        "id": clause.id,
        "number": clause.number,
        "heading": clause.heading,
        "page": clause.page,
        "start": clause.start,
        "end": clause.end,
        "text": clause.text,
        "topics": [s.topic for s in reading.topics],
        "terms": reading.terms_by_topic(),
        "risk": reading.risk,
        "reasons": list(reading.reasons),
    }


def change_payload(change: ClauseChange) -> dict[str, Any]:
    """One change as JSON: kind, both sides with their source, topics, direction, summary."""
    return {
        "kind": change.kind,
        "old": _side(change.old),
        "new": _side(change.new),
        "topics": list(change.topics),
        "direction": change.direction,
        "summary": change.summary,
        "renumbered": change.renumbered,
        "similarity": round(change.similarity, 3),
        "term_changes": [
            {"topic": t.topic, "key": t.key, "old": t.old, "new": t.new, "direction": t.direction}
            for t in change.term_changes
        ],
        "authors": list(change.authors),
    }


def diff_payload(diff: DraftDiff, *, mode: str = "files") -> dict[str, Any]:
    """The JSON document `rfp-assist diff --format json` prints."""
    kinds: tuple[ChangeKind, ...] = ("modified", "added", "removed", "moved", "unchanged")
    tracked = mode == "tracked_changes"
    return {
        "old": _document(diff.old, "before tracked changes" if tracked else "as saved"),
        "new": _document(diff.new, "tracked changes accepted" if tracked else "as saved"),
        "mode": mode,
        "counts": {kind: diff.count(kind) for kind in kinds},
        "changes": [change_payload(c) for c in diff.changes],
    }


def _number(reading: ClauseReading | None) -> str:
    if reading is None:
        return "—"
    return reading.clause.number or (reading.clause.heading or "·")[:10]


def diff_table(diff: DraftDiff, *, include_unchanged: bool = False, width: int = 110) -> str:
    """A plain-text table of the changes (unchanged clauses only counted unless asked for)."""
    old, new = diff.old.analysis.document, diff.new.analysis.document
    header = f"{'change':<10} {'old':<8} {'new':<8} {'for buyer':<12} summary"
    lines = [f"{printable(old.name)} → {printable(new.name)}", header]
    room = max(width - 42, 30)
    for change in diff.changes:
        if change.kind == "unchanged" and not include_unchanged:
            continue
        summary = printable(change.summary)
        summary = summary if len(summary) <= room else summary[: room - 1] + "…"
        was, now = printable(_number(change.old))[:8], printable(_number(change.new))[:8]
        lines.append(f"{change.kind:<10} {was:<8} {now:<8} {change.direction:<12} {summary}")
    counts = ", ".join(f"{diff.count(k)} {k}" for k in ("modified", "added", "removed", "moved"))
    renumbered = sum(c.kind == "unchanged" and c.renumbered for c in diff.changes)
    lines.append(f"{counts}; {diff.count('unchanged')} unchanged ({renumbered} renumbered only)")
    return "\n".join(lines)


def marked_words(
    old: str, new: str, *, deleted: str = "<del>", inserted: str = "<ins>"
) -> tuple[str, str]:
    """Both texts as escaped HTML, removed words in <del> in the old, added in <ins> in the new.

    `deleted` and `inserted` are the opening tags (a caller may style them).
    """
    left, right = [], []
    for same, was, now in word_runs(old, new):
        was, now = html.escape(was), html.escape(now)
        if same:
            left.append(was)
            right.append(now)
            continue
        if was:
            left.append(f"{deleted}{was}</del>")
        if now:
            right.append(f"{inserted}{now}</ins>")
    return "".join(left), "".join(right)


_STYLE = """body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;width:100%}
td,th{border:1px solid #ccc;padding:.4em;vertical-align:top}
th{background:#f3f3f3;text-align:left}del{background:#fdd;text-decoration:line-through}
ins{background:#dfd;text-decoration:none}.favourable{background:#e6f4ea}
.unfavourable{background:#fce8e6}.unknown{background:#fff7e0}td.text{font-size:12px;width:32%}
@media print{body{margin:0}tr{page-break-inside:avoid}}"""


def diff_html(diff: DraftDiff, *, include_unchanged: bool = False) -> str:
    """One self-contained, printable HTML page of the changes with word-level marks."""
    esc = html.escape
    old, new = diff.old.analysis.document, diff.new.analysis.document
    rows = []
    for change in diff.changes:
        if change.kind == "unchanged" and not include_unchanged:
            continue
        a = body(change.old.clause) if change.old else ""
        b = body(change.new.clause) if change.new else ""
        left, right = marked_words(a, b)
        where = "".join(
            f"<div>{esc(side)} {esc(_number(r))} p.{r.clause.page}</div>"
            for side, r in (("old", change.old), ("new", change.new))
            if r is not None
        )
        rows.append(
            f'<tr class="{esc(change.direction)}"><td>{esc(change.kind)}{where}</td>'
            f"<td>{esc(change.direction)}</td><td>{esc(change.summary)}"
            f"<div><small>{esc(', '.join(change.topics))}</small></div></td>"
            f'<td class="text">{left}</td><td class="text">{right}</td></tr>'
        )
    title = f"Changes from {old.name} to {new.name}"
    return (
        f'<!doctype html><html><head><meta charset="utf-8"><title>{esc(title)}</title>'
        f"<style>{_STYLE}</style></head><body><h1>{esc(title)}</h1>"
        f"<p>{esc(diff_table(diff).splitlines()[-1])}</p><table><thead><tr><th>change</th>"
        "<th>for the buyer</th><th>summary</th><th>old text</th><th>new text</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></body></html>\n"
    )


def read_drafts(
    reader: Reader, old_path: str, new_path: str | None, *, max_bytes: int
) -> tuple[Reading, Reading, str]:
    """Load and read two drafts, or one DOCX before and after its tracked changes."""
    new_doc = load_isolated(new_path or old_path, max_bytes=max_bytes)
    if new_path is None:
        if not new_doc.revisions:
            raise DiffInputError(old_path, "has no tracked changes; give OLD and NEW drafts")
        old_doc, mode = before_revisions(new_doc), "tracked_changes"
    else:
        old_doc, mode = load_isolated(old_path, max_bytes=max_bytes), "files"
    return reader.read(analyse(old_doc)), reader.read(analyse(new_doc)), mode


def workspace_cache(workspace: str | None) -> Path | None:
    """The embedding cache of the workspace, when there is one (saves re-embedding clauses)."""
    from rfp_assist.retrieval.store import CACHE_NAME, DB_NAME, workspace_path

    folder = workspace_path(workspace)
    return folder / CACHE_NAME if (folder / DB_NAME).exists() else None
