"""One-line summaries of clause changes, written from the typed terms and the clause text."""

from __future__ import annotations

import difflib
import re

from rfp_assist.analysis.playbook import _fmt
from rfp_assist.analysis.playbook_schema import _money, _number
from rfp_assist.model import Clause, TermValue
from rfp_assist.pipeline import Analysis
from rfp_assist.taxonomy import TermSpec, load_taxonomy
from rfp_assist.understand import ClauseReading

_WORDS = re.compile(r"\S+")
#: Words and the whitespace between them: joined back, the runs give the text unchanged.
_RUNS = re.compile(r"\s+|\S+")
_DURATIONS = {"days", "weeks", "months", "years"}
#: How a lawyer names a term in a sentence when the taxonomy's label reads awkwardly there:
#: (subject, unit words after the new value). "liability cap cut from 12 to 6 months of fees".
_PHRASING: dict[tuple[str, str], tuple[str, str]] = {
    ("liability_cap", "months_of_fees"): ("liability cap", "months of fees"),
    ("liability_cap", "fee_multiple"): ("liability cap", "times fees"),
    ("late_delivery", "cap_pct"): ("late-delivery credit cap", "%"),
    ("late_delivery", "pct_per_week"): ("late-delivery credit", "% per week"),
    ("late_delivery", "pct_per_batch"): ("late-delivery credit", "% per batch"),
    ("payment_terms", "net_days"): ("payment terms", "days"),
}


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _spec(topic: str, key: str) -> TermSpec:
    topic_spec = load_taxonomy().get(topic)
    if topic_spec is not None and key in topic_spec.terms:
        return topic_spec.terms[key]
    return TermSpec(key, "text", key.replace("_", " "))


def _plain(value: float) -> str:
    return str(int(value)) if value.is_integer() else f"{value:g}"


def term_summary(topic: str, key: str, old: TermValue | None, new: TermValue | None) -> str:
    """A term change in words: 'liability cap cut from 12 to 6 months of fees'."""
    spec = _spec(topic, key)
    subject, unit = _PHRASING.get((topic, key), (spec.label, spec.unit or ""))
    unit = "%" if unit == "pct" else unit
    if old is None:
        return f"{subject} now stated: {_fmt(spec, new)}"
    if new is None:
        return f"{subject} no longer stated (was {_fmt(spec, old)})"
    a, b = _number(old), _number(new)
    if a is not None and b is not None:
        if unit in _DURATIONS or key.endswith(("_days", "_weeks")):
            verb = "extended" if b > a else "shortened"
        else:
            verb = "raised" if b > a else "cut"
        if unit.startswith("%"):  # "from 10% to 15%", "from 1.5% to 2% per week"
            return f"{subject} {verb} from {_plain(a)}% to {_plain(b)}{unit}"
        if (topic, key) in _PHRASING or unit in _DURATIONS:  # "from 12 to 6 months of fees"
            return f"{subject} {verb} from {_plain(a)} to {_plain(b)} {unit}"
        return f"{subject} {verb} from {_fmt(spec, old)} to {_fmt(spec, new)}"
    if _money(old) is not None and _money(new) is not None:
        return f"{subject} changed from {_fmt(spec, old)} to {_fmt(spec, new)}"
    return f"{subject}: {_fmt(spec, old)} → {_fmt(spec, new)}"


def word_runs(old: str, new: str) -> list[tuple[bool, str, str]]:
    """The two texts aligned word by word: (same?, old run, new run), joined back they give both."""
    a, b = _RUNS.findall(old), _RUNS.findall(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return [(op == "equal", "".join(a[i1:i2]), "".join(b[j1:j2]))
            for op, i1, i2, j1, j2 in matcher.get_opcodes()]  # fmt: skip


def wording_summary(old: str, new: str) -> str:
    """'"x" → "y"' for the largest edit between two texts (word level), and how many more."""
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    edits: list[list[int]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if edits and i1 - edits[-1][1] <= 3:  # edits a few words apart read as one
            edits[-1][1], edits[-1][3] = i2, j2
        else:
            edits.append([i1, i2, j1, j2])
    if not edits:
        return "spacing or punctuation"
    i1, i2, j1, j2 = max(edits, key=lambda e: (e[1] - e[0]) + (e[3] - e[2]))
    tag = "insert" if i1 == i2 else "delete" if j1 == j2 else "replace"
    removed, added = _short(" ".join(a[i1:i2]), 60), _short(" ".join(b[j1:j2]), 60)
    if tag == "insert":
        text = f'added "{added}"'
    elif tag == "delete":
        text = f'removed "{removed}"'
    else:
        text = f'"{removed}" → "{added}"'
    more = len(edits) - 1
    return text + (f" (and {more} other edit{'s' if more > 1 else ''})" if more else "")


def _title(clause: Clause) -> str:
    return " ".join(p for p in (clause.number, clause.heading) if p) or _short(clause.text, 40)


def _why(reading: ClauseReading) -> str:
    if reading.risk == "unknown" or not reading.reasons:
        return ""
    return f" ({reading.risk} risk: {_short(reading.reasons[0], 90)})"


def added_summary(reading: ClauseReading) -> str:
    """'new clause 2.2 Subcontracting (low risk: …)'."""
    return f"new clause {_title(reading.clause)}{_why(reading)}"


def removed_summary(reading: ClauseReading) -> str:
    """'clause 6.3 Most Favoured Customer deleted (was low risk: …)'."""
    why = _why(reading)
    return f"clause {_title(reading.clause)} deleted" + (f" (was {why[2:]}" if why else "")


def _parent(analysis: Analysis, clause: Clause) -> str:
    parent = next((s for s in analysis.segments if s.id == clause.parent), None)
    if parent is None:
        return ""
    heading = parent.heading or ""
    heading = heading.capitalize() if heading.isupper() else heading
    number = parent.number or ""
    number = number.capitalize() if number.isupper() else number
    return " ".join(p for p in (number, f"({heading})" if heading else "") if p)


def moved_summary(old: Analysis, new: Analysis, a: Clause, b: Clause) -> str:
    """'Record Retention moved unchanged from 5.5 (Article 5 (Quality)) to 7.3 (…)'."""
    name = a.heading or _short(body_text(a), 40)
    where_a, where_b = _parent(old, a), _parent(new, b)
    src = f"{a.number or '·'}" + (f" in {where_a}" if where_a else "")
    dst = f"{b.number or '·'}" + (f" in {where_b}" if where_b else "")
    return f"{name} moved unchanged from {src} to {dst}"


def body_text(clause: Clause) -> str:
    """The clause text, whitespace collapsed."""
    return " ".join(clause.text.split())
