"""Vendor scorecard: weighted criteria scored in code from terms, risk and RFP coverage.

Criteria and weights come from the RFP when it states them (`criteria_from_rfp`), else from a
small YAML file the user edits (`parse_criteria`; `rfp_assist/data/scorecard.yaml` is the
shipped default). Each criterion is scored 0-5 from items: the RFP requirements assigned to it
(through coverage) and the topics listed for it (through the matrix). An item's points come
from the playbook risk of its matrix cell and, for a requirement, whether it is answered:

- risk points: low 5, medium 3, unknown 2, high 1, missing 0 (a requirement is rated on its own
  topics' cells, or on its answering clause's topics when it has none);
- a requirement not addressed scores 0; one answered only in part scores half its risk points.

Nothing a document says about itself enters: the inputs are typed terms, playbook risk and
coverage, which are all computed from the clause text with flagged (hidden or injected) spans
blanked. Every score comes with the lines that explain it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from rfp_assist.analysis.compare import Cell, Matrix
from rfp_assist.analysis.coverage import Answer, Coverage
from rfp_assist.errors import RfpAssistError
from rfp_assist.retrieval.store import DocumentRecord
from rfp_assist.taxonomy import term_text

RISK_POINTS: dict[str, float] = {"low": 5.0, "medium": 3.0, "unknown": 2.0, "high": 1.0}
MAX_POINTS = 5.0
PARTLY_FACTOR = 0.5


class ScorecardError(RfpAssistError):
    """Raised when a scorecard file cannot be read or breaks its schema, naming the file."""


class _CriterionEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1)
    label: str | None = None
    weight: float = Field(gt=0)
    requirements: list[str] = []
    topics: list[str] = []


class _ScorecardFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    criteria: list[_CriterionEntry] = Field(min_length=1)


@dataclass(frozen=True)
class Criterion:
    """One evaluation criterion: weight (percent) and the requirements and topics it covers."""

    id: str
    label: str
    weight: float
    requirements: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()


@dataclass(frozen=True)
class CriterionScore:
    """A document's score on one criterion (None: nothing to score from), and why."""

    criterion: str
    score: float | None
    weighted: float
    lines: tuple[str, ...]


@dataclass(frozen=True)
class DocumentScore:
    """A document's weighted total, out of the weight of the criteria that could be scored."""

    document: str
    total: float
    max_total: float
    criteria: tuple[CriterionScore, ...]


@dataclass(frozen=True)
class Scorecard:
    """Criteria, where they came from, and every document's scores."""

    source: str
    criteria: tuple[Criterion, ...]
    scores: tuple[DocumentScore, ...]


def parse_criteria(data: Any) -> list[Criterion]:
    """Criteria from a parsed scorecard YAML (`{"criteria": [{id, weight, …}]}`)."""
    parsed = _ScorecardFile.model_validate(data)
    return [
        Criterion(
            c.id,
            c.label or c.id.replace("_", " ").capitalize(),
            c.weight,
            tuple(c.requirements),
            tuple(c.topics),
        )
        for c in parsed.criteria
    ]


_ROW = re.compile(
    r"^\s*(?P<name>[A-Za-z][\w &/-]{1,40}?)\s*\|\s*(?P<w>\d{1,3}(?:\.\d+)?)\s*%\s*"
    r"(?:\|(?P<rest>.*))?$"
)
_INLINE = re.compile(
    r"(?P<name>[A-Za-z][\w-]*(?: [a-z][\w-]*)?)\s*\(\s*(?P<w>\d{1,3}(?:\.\d+)?)\s*%\s*\)"
)
_REQ = re.compile(r"(?<![\w.])R\d{1,3}(?![\w.])")
_WEIGHT_WORDS = re.compile(r"\b(?:criteri(?:a|on)|weight(?:s|ing|ed)?|evaluat\w+)\b", re.I)


def criteria_from_rfp(rfp: DocumentRecord) -> list[Criterion]:
    """The evaluation criteria and weights the RFP states (table rows or "name (30%)"), if any.

    Read from the visible text only; a list whose weights do not add up to 100 is not used.
    """
    for item in rfp.clauses:
        text = item.search_text
        if not _WEIGHT_WORDS.search(text):
            continue
        rows = [m for line in text.splitlines() if (m := _ROW.match(line))]
        found = [
            (m["name"].strip(), float(m["w"]), tuple(dict.fromkeys(_REQ.findall(m["rest"] or ""))))
            for m in rows
        ]
        if not _adds_up(found):
            found = [(_name(m["name"]), float(m["w"]), ()) for m in _INLINE.finditer(text)]
        if _adds_up(found):
            return [Criterion(_slug(n), n.capitalize(), w, reqs) for n, w, reqs in found]
    return []


def _name(words: str) -> str:
    """A criterion name from a list ("… and culture (10%)" names "culture")."""
    return re.sub(r"^(?:and|or|the|plus)\s+", "", words.strip(), flags=re.I)


def _adds_up(found: Sequence[tuple[str, float, tuple[str, ...]]]) -> bool:
    return len(found) >= 2 and abs(sum(w for _, w, _ in found) - 100.0) < 0.5


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def stated(cell: Cell, limit: int = 3) -> str:
    """The cell's first typed terms in a few words ("pct_per_week 1.5, cap_pct 15")."""
    return ", ".join(f"{t.key} {term_text(t.value)}" for t in cell.terms[:limit])


def _cell_line(cell: Cell, label: str) -> tuple[float, str]:
    if cell.status == "missing":
        return 0.0, f"{label}: missing (not addressed in the document) -> 0 points"
    points = RISK_POINTS.get(cell.risk, RISK_POINTS["unknown"])
    why = cell.reasons[0] if cell.reasons else ""
    where = ", ".join(e.number or e.heading or "?" for e in cell.evidence[:2])
    terms = f"; states {stated(cell)}" if cell.terms else ""
    return points, f"{label}: risk {cell.risk} ({why}{terms}) in {where} -> {points:g} points"


def _requirement_line(answer: Answer, cells: Sequence[Cell], title: str) -> tuple[float, str]:
    name = f"{answer.requirement} {title}"
    if answer.status == "not_addressed":
        return 0.0, f"{name}: not addressed -> 0 points"
    found = [c for c in cells if c.status == "found"]
    # The worst rated topic decides; a topic the playbook cannot rate does not drag it down.
    rated = [RISK_POINTS[c.risk] for c in found if c.risk in RISK_POINTS and c.risk != "unknown"]
    points = min(rated) if rated else RISK_POINTS["unknown"]
    risk_note = (
        "; ".join(f"{c.topic} {c.risk}" + (f": {stated(c)}" if c.terms else "") for c in found)
        or "no rated topic"
    )
    best = answer.evidence[0] if answer.evidence else None
    where = (best.number or best.heading or "?") if best else "?"
    if answer.status == "partly":
        points *= PARTLY_FACTOR
        return (
            points,
            f"{name}: partly answered in {where} ({risk_note}; halved) -> {points:g} points",
        )
    return points, f"{name}: answered in {where} ({risk_note}) -> {points:g} points"


def score_document(
    document: str, criteria: Sequence[Criterion], matrix: Matrix, cov: Coverage | None
) -> DocumentScore:
    """One document's score on every criterion, with its explanation lines."""
    titles = {r.id: (r.title, r.topics) for r in cov.requirements} if cov else {}
    topics_in_matrix = {r.topic for r in matrix.rows}
    results, total, max_total = [], 0.0, 0.0
    for crit in criteria:
        items: list[tuple[float, str]] = []
        lines: list[str] = []
        for req in crit.requirements:
            if cov is None or req not in titles:
                lines.append(f"{req}: not scored (no RFP requirement {req} to check against)")
                continue
            title, req_topics = titles[req]
            got = cov.answer(document, req)
            # A requirement the classifier gave no topic is rated on its answer's topics.
            rated_topics = req_topics or got.topics
            cells = [matrix.cell(document, t) for t in rated_topics if t in topics_in_matrix]
            items.append(_requirement_line(got, cells, title))
        for topic in crit.topics:
            if topic not in topics_in_matrix:
                lines.append(f"{topic}: not scored (not a compared topic)")
                continue
            items.append(_cell_line(matrix.cell(document, topic), topic))
        if not items:
            lines.append("nothing to score from (no requirement or topic): left to the evaluators")
            results.append(CriterionScore(crit.id, None, 0.0, tuple(lines)))
            continue
        score = round(sum(p for p, _ in items) / len(items), 2)
        weighted = round(score / MAX_POINTS * crit.weight, 2)
        lines = [line for _, line in items] + lines
        lines.append(
            f"mean of {len(items)} item(s) = {score:g}/5; x {crit.weight:g}% weight = {weighted:g}"
        )
        results.append(CriterionScore(crit.id, score, weighted, tuple(lines)))
        total += weighted
        max_total += crit.weight
    return DocumentScore(document, round(total, 2), round(max_total, 2), tuple(results))


def scorecard(
    criteria: Sequence[Criterion], source: str, matrix: Matrix, cov: Coverage | None = None
) -> Scorecard:
    """Score every document of `matrix` on `criteria` (coverage needed for requirement items)."""
    scores = tuple(score_document(c.id, criteria, matrix, cov) for c in matrix.columns)
    return Scorecard(source, tuple(criteria), scores)
