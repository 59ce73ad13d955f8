"""Page geometry: group runs into lines, find a column gutter, put lines in reading order."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise
from statistics import median

from rfp_assist.loaders.pdf_chars import Run

#: Where on a line a column may start: a gap wider than this many font sizes (plus 2pt).
_SEGMENT_GAP = 1.2
#: Where a table cell starts: a gap wider than this many font sizes (plus 2pt).
_CELL_GAP = 2.5
#: A gutter may be crossed by at most this share of the page's text (titles, footers).
_GUTTER_CROSSING = 0.5


@dataclass(slots=True)
class Line:
    """One line of text on a page (displayed-page coordinates), in reading order."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    page: int
    size: float
    bold: bool
    #: (band, column): column 0 spans the page, 1 is the left and 2 the right column.
    region: tuple[int, int] = (0, 0)
    cells: int = 1
    soft_hyphen: bool = False
    hidden: list[tuple[int, int, str]] = field(default_factory=list)
    all_hidden: bool = False
    rotated: bool = False
    #: Starts with a bold run and goes on in regular type: a run-in heading ("Scale. We …").
    lead_bold: bool = False


@dataclass(slots=True)
class _Row:
    y0: float
    y1: float
    runs: list[Run]


def page_lines(runs: list[Run], page: int) -> list[Line]:
    """The page's lines in reading order: left column before right, spanning lines in place."""
    flat = [run for run in runs if not run.style.rotated]
    rows = _rows(flat)
    rows.extend(_Row(run.y0, run.y1, [run]) for run in runs if run.style.rotated)
    rows.sort(key=lambda row: -row.y1)
    segments = [_segments(row) for row in rows]
    gutter = _find_gutter(segments)
    if gutter is None:
        return [_line(row.runs, page, (0, 0)) for row in rows]
    left_edge, right_edge = gutter
    lines: list[Line] = []
    band = 0
    pending: dict[int, list[Line]] = {1: [], 2: []}

    def flush() -> None:
        lines.extend(pending[1])
        lines.extend(pending[2])
        pending[1], pending[2] = [], []

    for row, row_segments in zip(rows, segments, strict=True):
        sides = [_side(segment, left_edge, right_edge) for segment in row_segments]
        if 0 in sides or row.runs[0].style.rotated:
            flush()
            band += 1
            lines.append(_line(row.runs, page, (band, 0)))
            band += 1
            continue
        for column in (1, 2):
            chosen = [
                run
                for segment, side in zip(row_segments, sides, strict=True)
                if side == column
                for run in segment
            ]
            if chosen:
                pending[column].append(_line(chosen, page, (band, column)))
    flush()
    return lines


def _rows(runs: list[Run]) -> list[_Row]:
    """Group runs whose boxes overlap vertically by at least half the smaller height."""
    rows: list[_Row] = []
    for run in sorted(runs, key=lambda run: -run.y1):
        height = run.y1 - run.y0
        for row in reversed(rows[-4:]):
            overlap = min(row.y1, run.y1) - max(row.y0, run.y0)
            if overlap >= 0.5 * min(height, row.y1 - row.y0):
                row.runs.append(run)
                row.y0 = min(row.y0, run.y0)
                row.y1 = max(row.y1, run.y1)
                break
        else:
            rows.append(_Row(run.y0, run.y1, [run]))
    for row in rows:
        row.runs.sort(key=lambda run: run.x0)
    return rows


def _segments(row: _Row) -> list[list[Run]]:
    """Split a row where the gap between runs is wide enough to be a gutter or a cell."""
    segments: list[list[Run]] = [[row.runs[0]]]
    right = row.runs[0].x1
    for run in row.runs[1:]:
        size = max(run.style.size, segments[-1][-1].style.size)
        if run.x0 - right > _SEGMENT_GAP * size + 2:
            segments.append([run])
        else:
            segments[-1].append(run)
        right = max(right, run.x1)
    return segments


def _side(segment: list[Run], left_edge: float, right_edge: float) -> int:
    x0 = segment[0].x0
    x1 = max(run.x1 for run in segment)
    if x1 <= left_edge + 1:
        return 1
    if x0 >= right_edge - 1:
        return 2
    return 0


def _find_gutter(rows: list[list[list[Run]]]) -> tuple[float, float] | None:
    """A vertical strip in the middle of the text that most lines keep clear of, or None.

    Both sides must hold a fair share of the text side by side (overlapping heights), and
    their lines must fill their column, which tells prose columns from table columns.
    """
    boxes = [
        (
            segment[0].x0,
            max(run.x1 for run in segment),
            min(run.y0 for run in segment),
            max(run.y1 for run in segment),
        )
        for row in rows
        for segment in row
        if not segment[0].style.rotated
    ]
    if len(boxes) < 8:
        return None
    text_left = min(box[0] for box in boxes)
    text_right = max(box[1] for box in boxes)
    width = text_right - text_left
    if width < 200:
        return None
    total = sum(box[3] - box[2] for box in boxes)
    events = sorted(
        [(box[0], box[3] - box[2]) for box in boxes] + [(box[1], box[2] - box[3]) for box in boxes]
    )
    lo, hi = text_left + 0.25 * width, text_right - 0.25 * width
    candidates: list[tuple[float, float]] = []
    covered = 0.0
    for (x, delta), (next_x, _) in pairwise(events):
        covered += delta
        start, end = max(x, lo), min(next_x, hi)
        if end - start >= 4 and covered <= _GUTTER_CROSSING * total + 1e-6:
            candidates.append((start, end))
    # No line starts or ends inside a candidate: each box is left of it, right of it or
    # crosses it. Wide candidates first; a page of short lines has many narrow ones.
    candidates.sort(key=lambda candidate: candidate[0] - candidate[1])
    best: tuple[float, float] | None = None
    best_score = 0.0
    for start, end in candidates[:10]:
        left = [box for box in boxes if box[1] <= start + 0.5]
        right = [box for box in boxes if box[0] >= end - 0.5]
        if len(left) < 3 or len(right) < 3:
            continue
        gap_left = max(box[1] for box in left)
        gap_right = min(box[0] for box in right)
        if min(gap_left - text_left, text_right - gap_right) < 0.25 * width:
            continue  # a narrow side is a column of numbers or labels, not prose
        left_height = sum(box[3] - box[2] for box in left)
        right_height = sum(box[3] - box[2] for box in right)
        if min(left_height, right_height) < 0.2 * total:
            continue
        left_span = (min(b[2] for b in left), max(b[3] for b in left))
        right_span = (min(b[2] for b in right), max(b[3] for b in right))
        shared = min(left_span[1], right_span[1]) - max(left_span[0], right_span[0])
        if shared < 0.5 * min(left_span[1] - left_span[0], right_span[1] - right_span[0]):
            continue
        left_fill = median(b[1] - b[0] for b in left) / max(gap_left - text_left, 1)
        right_fill = median(b[1] - b[0] for b in right) / max(text_right - gap_right, 1)
        if min(left_fill, right_fill) < 0.5:
            continue
        score = min(left_height, right_height)
        if score > best_score:
            best, best_score = (gap_left, gap_right), score
    return best


def _line(runs: list[Run], page: int, region: tuple[int, int]) -> Line:
    """Join runs left to right, spacing them from their gaps, and sum up their style."""
    runs = sorted(runs, key=lambda run: run.x0) if len(runs) > 1 else runs
    parts: list[str] = []
    hidden: list[tuple[int, int, str]] = []
    length = 0
    previous: Run | None = None
    sizes: list[tuple[float, int]] = []
    bold_chars = 0
    cells = 1
    soft_hyphen = False
    for run in runs:
        text = run.text
        if "\u00ad" in text:
            soft_hyphen = text.endswith("\u00ad")
            text = text.replace("\u00ad", "")
            if not text:
                continue
        else:
            soft_hyphen = False
        if previous is not None:
            gap = run.x0 - previous.x1
            size = min(run.style.size, previous.style.size)
            if gap > _CELL_GAP * size + 2:
                cells += 1
            # Runs drawn over one another (text hidden under text) are kept apart too.
            overlapping = gap < -0.5 * size
            if gap > 0.15 * size or overlapping or (run.space_before and gap > -0.2 * size):
                parts.append(" ")
                length += 1
        if run.hidden:
            if hidden and hidden[-1][2] == run.hidden and hidden[-1][1] >= length - 1:
                hidden[-1] = (hidden[-1][0], length + len(text), run.hidden)
            else:
                hidden.append((length, length + len(text), run.hidden))
        parts.append(text)
        length += len(text)
        sizes.append((run.style.size, len(text)))
        if run.style.bold:
            bold_chars += len(text)
        previous = run
    text = "".join(parts)
    return Line(
        text=text,
        x0=min(run.x0 for run in runs),
        y0=min(run.y0 for run in runs),
        x1=max(run.x1 for run in runs),
        y1=max(run.y1 for run in runs),
        page=page,
        size=weighted_median(sizes),
        bold=bold_chars * 2 > length - text.count(" "),
        region=region,
        cells=cells,
        soft_hyphen=soft_hyphen,
        hidden=hidden,
        all_hidden=bool(hidden) and sum(end - start for start, end, _ in hidden) >= length - 1,
        rotated=runs[0].style.rotated,
        lead_bold=runs[0].style.bold and len(runs[0].text.strip()) >= 3 and bold_chars < length / 2,
    )


def weighted_median(values: list[tuple[float, int]]) -> float:
    """The median of `value` counted `weight` times each (0.0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    half = sum(weight for _, weight in ordered) / 2
    seen = 0
    for value, weight in ordered:
        seen += weight
        if seen >= half:
            return value
    return ordered[-1][0]
