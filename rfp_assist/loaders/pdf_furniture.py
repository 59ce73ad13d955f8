"""Running headers, footers and page numbers: lines that repeat per page and are not body text.

Two places are searched. The top and bottom `ZONE` of each page, where a line repeated on a
few pages is enough. And anywhere on the page, for PDFs printed from a flowing source (EDGAR
filings rendered from HTML) where each original page's footer lands mid-page: there a line
must repeat on a large share of the pages, and standalone page numbers must count up with
the pages.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from rfp_assist.loaders.pdf_layout import Line
from rfp_assist.model import Furniture

#: Share of the page height at the top and at the bottom where headers and footers live.
ZONE = 0.1
#: Only this many lines nearest each edge can be a page number without a numbered sequence.
_EDGE_LINES = 2
_PAGE_NUMBER = re.compile(
    r"""^(?:
        [-–—(\[\s]*(?P<plain>\d{1,4})[-–—)\]\s]*                       # 7   - 7 -   (7)
      | (?:page|pg\.?|p\.)\s*(?P<page>\d{1,4})(?:\s*(?:of|/)\s*\d{1,4})?  # Page 7 of 12
      | (?P<of>\d{1,4})\s*of\s*\d{1,4}                                  # 7 of 12
      | (?P<left>\d{1,4})\s*[|•·]\s*\S.{0,60}                           # 7 | Company
      | \S.{0,60}?\s*[|•·]\s*(?:page\s*)?(?P<right>\d{1,4})             # Company | 7
      | [ivxlc]{1,6}                                                    # iv
      | [a-z]{1,2}\s*[-–.]\s*(?P<lettered>\d{1,3})                      # A-1   E - 4
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
#: The footer EDGAR stamps on filings: "Source: COMPANY, 10-K, 3/1/2019".
_EDGAR_SOURCE = re.compile(r"^Source:\s.{3,120},\s*\d{1,2}/\d{1,2}/\d{2,4}\b")
#: The legend on pages of SEC exhibits with redactions, standing on its own line.
_CONFIDENTIAL_LEGEND = re.compile(r"^[*\s]*confidential treatment requested[*.\s]*$", re.I)
_NOT_KEY = re.compile(r"[^a-z#]+")
_CLOSED = re.compile(r"[.:;!?)\]”\"']$")

Zone = Literal["header", "footer", "body"]


@dataclass(frozen=True, slots=True)
class PageFrame:
    """A page's number, vertical extent (displayed coordinates) and lines in reading order."""

    number: int
    bottom: float
    top: float
    lines: list[Line]


@dataclass(frozen=True, slots=True)
class _Candidate:
    page: int  # index into the frames
    line: Line
    text: str
    zone: Zone
    key: str
    lower_half: bool
    #: Set apart from the body text (see `_apart`).
    isolated: bool


def looks_like_page_number(text: str) -> bool:
    """Whether a line, on its own, reads as a page number ("7", "- 7 -", "Page 7 of 12")."""
    return bool(_PAGE_NUMBER.match(" ".join(text.split())))


def find_furniture(pages: list[PageFrame]) -> tuple[list[Furniture], set[int]]:
    """Furniture found on the pages, and the `id()` of every line that is furniture."""
    candidates: list[_Candidate] = []
    found: dict[int, Furniture] = {}
    numbered: list[tuple[int, int, _Candidate]] = []  # (page index, value, candidate)
    for index, frame in enumerate(pages):
        margin = ZONE * (frame.top - frame.bottom)
        middle_of_page = (frame.top + frame.bottom) / 2
        ranked: dict[Zone, list[Line]] = {"header": [], "footer": []}
        page_candidates: list[_Candidate] = []
        isolated = _apart(frame.lines)
        for line in frame.lines:
            text = " ".join(line.text.split())
            if line.all_hidden or line.rotated or not text:
                continue  # hidden text is reported where it stands, never dropped
            middle = (line.y0 + line.y1) / 2
            zone: Zone = "body"
            if middle >= frame.top - margin:
                zone = "header"
            elif middle <= frame.bottom + margin:
                zone = "footer"
            if zone != "body":
                ranked[zone].append(line)
            elif id(line) not in isolated and len(text) > 12:
                continue  # inside the body text and too long for a page number
            key = _NOT_KEY.sub(" ", re.sub(r"\d+", "#", text.lower())).strip()
            page_candidates.append(
                _Candidate(
                    index, line, text, zone, key, middle < middle_of_page, id(line) in isolated
                )
            )
        edge = {
            id(line)
            for lines in (
                sorted(ranked["header"], key=lambda ln: -ln.y1),
                sorted(ranked["footer"], key=lambda ln: ln.y0),
            )
            for line in lines[:_EDGE_LINES]
        }
        standalone = sum(bool(_PAGE_NUMBER.match(c.text)) for c in page_candidates)
        for candidate in page_candidates:
            match = _PAGE_NUMBER.match(candidate.text)
            if match:
                if id(candidate.line) in edge:
                    found[id(candidate.line)] = _furniture("page_number", frame, candidate)
                    continue
                value = next((group for group in match.groups() if group), None)
                # A page with many bare numbers holds a table, not page numbers.
                if value is not None and standalone <= 4:
                    numbered.append((index, int(value), candidate))
                continue
            if candidate.zone == "footer" and _EDGAR_SOURCE.match(candidate.text):
                found[id(candidate.line)] = _furniture("footer", frame, candidate)
            elif candidate.isolated and _CONFIDENTIAL_LEGEND.match(candidate.text):
                half: Literal["header", "footer"] = "footer" if candidate.lower_half else "header"
                found[id(candidate.line)] = _furniture(half, frame, candidate)
            elif candidate.text.endswith(":"):
                continue  # a lead-in to what follows ("Datec will:"), never furniture
            elif len(candidate.key) - candidate.key.count("#") - candidate.key.count(" ") >= 4:
                candidates.append(candidate)
    for index, _, candidate in _counting_up(numbered):
        found[id(candidate.line)] = _furniture("page_number", pages[index], candidate)
    for candidate in _repeated(candidates, len(pages)):
        # A repeated line mid-page (a flowing source's page break) is named by its half.
        top = candidate.zone == "header" or (candidate.zone == "body" and not candidate.lower_half)
        kind: Literal["header", "footer"] = "header" if top else "footer"
        found.setdefault(id(candidate.line), _furniture(kind, pages[candidate.page], candidate))
    order = {
        id(line): place
        for place, line in enumerate(line for frame in pages for line in frame.lines)
    }
    furniture = [found[key] for key in sorted(found, key=order.__getitem__)]
    return furniture, set(found)


def _apart(lines: list[Line]) -> set[int]:
    """Lines that may be a page break's furniture when they sit mid-page.

    Those in a cluster of at most three lines with clear gaps around it, or among the
    first and last three lines of the page; never a wrapped line of prose (full width, one
    cell, no closing punctuation), which is where repeated boilerplate would sit.
    """
    ordered = sorted((line for line in lines if not line.rotated), key=lambda line: -line.y1)
    if not ordered:
        return set()
    clusters: list[list[Line]] = []
    for line in ordered:
        if clusters:
            last = clusters[-1][-1]
            if last.y0 - line.y1 < 0.8 * min(line.y1 - line.y0, last.y1 - last.y0):
                clusters[-1].append(line)
                continue
        clusters.append([line])
    chosen = {id(line) for cluster in clusters if len(cluster) <= 3 for line in cluster}
    chosen.update(id(line) for line in ordered[:3] + ordered[-3:])
    left = min(line.x0 for line in ordered)
    right = max(line.x1 for line in ordered)
    for line in ordered:
        wrapped = (
            line.cells == 1
            and line.x1 >= right - 0.05 * (right - left)
            and line.x0 <= left + 0.2 * (right - left)
            and not _CLOSED.search(line.text.rstrip())
        )
        if wrapped:
            chosen.discard(id(line))
    return chosen


def _furniture(
    kind: Literal["header", "footer", "page_number"], frame: PageFrame, candidate: _Candidate
) -> Furniture:
    return Furniture(kind, frame.number, candidate.text)


def _counting_up(numbered: list[tuple[int, int, _Candidate]]) -> list[tuple[int, int, _Candidate]]:
    """Standalone numbers that count up with the pages (allowing the count to drift by one)."""
    chosen = []
    for position, (page, value, candidate) in enumerate(numbered):
        neighbours = (
            numbered[max(0, position - 6) : position] + numbered[position + 1 : position + 7]
        )
        for other_page, other_value, other in neighbours:
            pages_apart = other_page - page
            aligned = (
                abs(candidate.line.x0 - other.line.x0) <= 3
                or abs((candidate.line.x0 + candidate.line.x1) - (other.line.x0 + other.line.x1))
                <= 6
            )
            if (
                pages_apart
                and other_value != value
                and aligned
                and abs((other_value - value) - pages_apart) <= 1
            ):
                chosen.append((page, value, candidate))
                break
    return chosen


def _repeated(candidates: list[_Candidate], page_count: int) -> list[_Candidate]:
    """Candidates whose text recurs, aligned the same way, on enough pages.

    In the edge zones two or three pages suffice; in the body the line must stand apart
    from the text and be on a quarter of the pages (and at least three).
    """
    groups: dict[tuple[str, str], list[_Candidate]] = defaultdict(list)
    for candidate in candidates:
        # Mid-page, only a line standing on its own can be a page break's furniture; a
        # repeated line inside a paragraph is boilerplate text.
        if candidate.zone != "body" or candidate.isolated:
            groups[(candidate.zone, candidate.key)].append(candidate)
    # Near-identical keys (a varying name or date) join the frequent group they resemble;
    # comparing only against frequent keys keeps this linear in practice.
    frequent = [
        item for item, members in groups.items() if len({member.page for member in members}) >= 2
    ]
    if len(frequent) <= 50:
        for item in [item for item in groups if item not in frequent and item[0] != "body"]:
            for other in frequent:
                if other[0] == item[0] and _similar(item[1], other[1]):
                    groups[other].extend(groups.pop(item))
                    break
    in_zone = 2 if page_count <= 10 else 3
    in_body = max(3, round(0.25 * page_count))
    chosen: list[_Candidate] = []
    for (zone, _), members in groups.items():
        aligned = _consistent(_aligned(members))
        pages = {member.page for member in aligned}
        if len(pages) >= (in_body if zone == "body" else in_zone):
            chosen.extend(aligned)
    return chosen


def _aligned(members: list[_Candidate]) -> list[_Candidate]:
    """The largest subset sharing a left edge, right edge or centre: how furniture is set."""
    best: list[_Candidate] = []
    for anchor in members[:20]:
        a = anchor.line
        subset = [
            member
            for member in members
            if abs(member.line.x0 - a.x0) <= 3
            or abs(member.line.x1 - a.x1) <= 3
            or abs((member.line.x0 + member.line.x1) - (a.x0 + a.x1)) <= 6
        ]
        if len(subset) > len(best):
            best = subset
    return best


def _consistent(members: list[_Candidate]) -> list[_Candidate]:
    """Members whose text is identical, or whose changing number follows the page number.

    "Page 3 of 9" or "Agreement 3" on page 3 is a running footer; "ARTICLE 2." at the top of
    one page and "ARTICLE 3." on another is a heading that happens to sit there.
    """
    texts = {member.text for member in members}
    if len(texts) <= 1:
        return members
    numbers = [re.findall(r"\d+", member.text) for member in members]
    varying = [
        position
        for position in range(min(len(found) for found in numbers))
        if len({found[position] for found in numbers}) > 1
    ]
    if varying and all(len(found) == len(numbers[0]) for found in numbers):
        position = varying[0]
        offsets = [
            int(found[position]) - member.page
            for found, member in zip(numbers, members, strict=True)
        ]
        common = max(set(offsets), key=offsets.count)
        follow = [
            member for member, offset in zip(members, offsets, strict=True) if offset == common
        ]
        if len(follow) >= max(3, 0.75 * len(members)) and len(varying) <= 2:
            return follow
    most = max(texts, key=lambda text: sum(member.text == text for member in members))
    same = [member for member in members if member.text == most]
    # A fuzzy group (a varying name or date, not a number) keeps its members.
    return members if not varying and len(same) < len(members) else same


def _similar(a: str, b: str) -> bool:
    if 2 * min(len(a), len(b)) < 0.85 * (len(a) + len(b)):
        return False
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return (
        matcher.real_quick_ratio() >= 0.85
        and matcher.quick_ratio() >= 0.85
        and (matcher.ratio() >= 0.85)
    )
