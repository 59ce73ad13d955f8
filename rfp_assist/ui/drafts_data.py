"""The drafts page's data: the library's clause-aligned diff laid out for display (no Streamlit).

Kinds, directions and summaries come from `analysis/diff.py`; this module only tabulates them
and marks word changes in escaped HTML.
"""

from __future__ import annotations

import pandas as pd

from rfp_assist.analysis.diff import ClauseChange, DraftDiff
from rfp_assist.report.diff_report import marked_words
from rfp_assist.ui.highlight import topic_label

DIRECTION_COLOURS = {
    "favourable": "#b7e4c7",
    "unfavourable": "#f4a6a6",
    "neutral": "#e8e8e8",
    "unknown": "#fff3c4",
}
KINDS = ("modified", "added", "removed", "moved", "unchanged")


def number(change: ClauseChange, side: str) -> str:
    """The clause number (or heading) on one side of a change; a dash when absent."""
    reading = change.old if side == "old" else change.new
    if reading is None:
        return "—"
    return reading.clause.number or (reading.clause.heading or "·")[:24]


def changes_frame(changes: list[ClauseChange]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(text, colour) frames: one row per change, coloured by its direction for the buyer."""
    rows = [
        {
            "old": number(c, "old"),
            "new": number(c, "new"),
            "change": c.kind + (" (renumbered)" if c.renumbered and c.kind != "moved" else ""),
            "direction": c.direction,
            "topics": ", ".join(topic_label(t) for t in c.topics),
            "summary": c.summary,
        }
        for c in changes
    ]
    text = pd.DataFrame(rows, columns=["old", "new", "change", "direction", "topics", "summary"])
    colours = pd.DataFrame(
        [[DIRECTION_COLOURS.get(c.direction, "#ffffff")] * len(text.columns) for c in changes],
        columns=text.columns,
    )
    return text, colours


def counts(diff: DraftDiff) -> dict[str, int]:
    """How many changes of each kind, and how many are unfavourable to the buyer."""
    out = {kind: diff.count(kind) for kind in KINDS}  # type: ignore[arg-type]
    out["unfavourable"] = sum(c.direction == "unfavourable" for c in diff.changes)
    return out


def word_diff_html(old: str, new: str) -> tuple[str, str]:
    """Both texts as escaped HTML, removed words struck through in the old, added in the new."""
    left, right = marked_words(
        old,
        new,
        deleted='<del style="background:#f4a6a6">',
        inserted='<ins style="background:#b7e4c7;text-decoration:none">',
    )
    box = '<div style="white-space:pre-wrap;font-family:Georgia,serif;line-height:1.5">{}</div>'
    return box.format(left), box.format(right)
