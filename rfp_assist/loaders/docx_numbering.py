"""Word automatic numbering: `word/numbering.xml` definitions and the counters that label lists.

Counters are shared by every `w:num` that points at the same abstract list, so a list
continues across num ids the way Word continues it. A num with a `w:startOverride` restarts
the overridden levels the first time it is used. A level restarts whenever a higher level
advances, unless its `w:lvlRestart` says otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from docx.oxml.ns import qn

from rfp_assist.loaders.docx_styles import Element, is_on, to_int

_VAL = qn("w:val")
_ABSTRACT = qn("w:abstractNum")
_ABSTRACT_ID = qn("w:abstractNumId")
_NUM = qn("w:num")
_NUM_ID = qn("w:numId")
_LVL = qn("w:lvl")
_ILVL = qn("w:ilvl")
_START = qn("w:start")
_NUM_FMT = qn("w:numFmt")
_LVL_TEXT = qn("w:lvlText")
_IS_LGL = qn("w:isLgl")
_LVL_RESTART = qn("w:lvlRestart")
_PSTYLE = qn("w:pStyle")
_NUM_STYLE_LINK = qn("w:numStyleLink")
_LVL_OVERRIDE = qn("w:lvlOverride")
_START_OVERRIDE = qn("w:startOverride")

_PLACEHOLDER = re.compile(r"%([1-9])")
#: Formats legal numbering (w:isLgl) leaves alone: Word shows "Section 1.01" under "Article I".
_ARABIC = frozenset({"decimal", "decimalZero", "none", "bullet"})

_ONES = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
)  # fmt: skip
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_ORDINAL_WORDS = {
    "one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
    "nine": "ninth", "twelve": "twelfth",
}  # fmt: skip
_ROMAN = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)  # fmt: skip


def _roman(value: int) -> str:
    out = []
    for amount, letters in _ROMAN:
        count, value = divmod(value, amount)
        out.append(letters * count)
    return "".join(out)


def _letters(value: int) -> str:
    # Word repeats the letter past z: 27 -> aa, 28 -> bb, 53 -> aaa.
    return chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)


def _words(value: int) -> str:
    if value < 20:
        return _ONES[value]
    tens, ones = divmod(value, 10)
    return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")


def _ordinal_words(value: int) -> str:
    words = _words(value)
    head, _, last = words.rpartition("-")
    last = _ORDINAL_WORDS.get(last) or (last[:-1] + "ieth" if last.endswith("y") else last + "th")
    return f"{head}-{last}" if head else last


def format_number(value: int, fmt: str) -> str | None:
    """A counter value in a `w:numFmt` format; None for a format this module does not know."""
    if fmt in ("decimal", "decimalFullWidth", "decimalHalfWidth"):
        return str(value)
    if fmt == "decimalZero":
        return f"{value:02d}" if 0 <= value < 10 else str(value)
    if fmt in ("lowerLetter", "upperLetter"):
        text = _letters(value) if value > 0 else str(value)
        return text.upper() if fmt == "upperLetter" else text
    if fmt in ("lowerRoman", "upperRoman"):
        text = _roman(value) if 0 < value < 4000 else str(value)
        return text.upper() if fmt == "upperRoman" else text
    if fmt == "ordinal":
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
        if 10 <= value % 100 <= 20:
            suffix = "th"
        return f"{value}{suffix}"
    if fmt in ("cardinalText", "ordinalText"):
        if not 0 < value < 100:
            return str(value)
        text = _words(value) if fmt == "cardinalText" else _ordinal_words(value)
        return text[0].upper() + text[1:]
    if fmt in ("none", "bullet"):
        return ""
    return None


@dataclass(frozen=True, slots=True)
class Level:
    """One `w:lvl` of a list definition."""

    start: int
    fmt: str
    text: str | None
    legal: bool
    restart: int | None  # w:lvlRestart: 0 never, k restart when level k (1-based) is used
    pstyle: str | None


@dataclass(frozen=True, slots=True)
class NumInstance:
    """A `w:num` resolved: whose counters it advances, its levels and its start overrides."""

    key: str
    levels: dict[int, Level]
    start_overrides: dict[int, int]

    def start(self, ilvl: int) -> int:
        """The value a level starts (or restarts) at in this num."""
        if ilvl in self.start_overrides:
            return self.start_overrides[ilvl]
        level = self.levels.get(ilvl)
        return level.start if level else 1


def _parse_level(element: Element) -> tuple[int, Level] | None:
    ilvl = to_int(element.get(_ILVL))
    if ilvl is None or not 0 <= ilvl <= 8:
        return None

    def val(tag: str) -> str | None:
        child = element.find(tag)
        return child.get(_VAL) if child is not None else None

    start = to_int(val(_START))
    return ilvl, Level(
        start=0 if start is None else start,
        fmt=val(_NUM_FMT) or "decimal",
        text=val(_LVL_TEXT),
        legal=bool(is_on(element.find(_IS_LGL))),
        restart=to_int(val(_LVL_RESTART)),
        pstyle=val(_PSTYLE),
    )


@dataclass(frozen=True, slots=True)
class _Abstract:
    levels: dict[int, Level]
    style_link: str | None  # w:numStyleLink: the levels live in another list


@dataclass(frozen=True, slots=True)
class _Num:
    abstract_id: str
    start_overrides: dict[int, int]
    level_overrides: dict[int, Level]


class NumberingDefinitions:
    """The lists of one document, read from the root of `word/numbering.xml`."""

    def __init__(
        self, root: Element | None, numbering_style_num_id: Callable[[str], str | None]
    ) -> None:
        self._abstracts: dict[str, _Abstract] = {}
        self._nums: dict[str, _Num] = {}
        self._style_num = numbering_style_num_id
        self._cache: dict[str, NumInstance | None] = {}
        if root is None:
            return
        for element in root.iterchildren(_ABSTRACT):
            abstract_id = element.get(_ABSTRACT_ID)
            if abstract_id is None:
                continue
            levels = dict(filter(None, map(_parse_level, element.iterchildren(_LVL))))
            link = element.find(_NUM_STYLE_LINK)
            self._abstracts[abstract_id] = _Abstract(
                levels, link.get(_VAL) if link is not None else None
            )
        for element in root.iterchildren(_NUM):
            num_id = element.get(_NUM_ID)
            abstract = element.find(_ABSTRACT_ID)
            if num_id is None or abstract is None or abstract.get(_VAL) is None:
                continue
            starts: dict[int, int] = {}
            overrides: dict[int, Level] = {}
            for override in element.iterchildren(_LVL_OVERRIDE):
                ilvl = to_int(override.get(_ILVL))
                if ilvl is None:
                    continue
                start = override.find(_START_OVERRIDE)
                if start is not None and to_int(start.get(_VAL)) is not None:
                    starts[ilvl] = to_int(start.get(_VAL)) or 0
                level = override.find(_LVL)
                parsed = _parse_level(level) if level is not None else None
                if parsed is not None:
                    overrides[ilvl] = parsed[1]
            self._nums[num_id] = _Num(abstract.get(_VAL), starts, overrides)

    def _abstract(self, abstract_id: str) -> tuple[str, dict[int, Level]] | None:
        """The abstract list that really holds the levels, following numStyleLink."""
        for _ in range(8):  # a numStyleLink chain longer than this is a loop
            abstract = self._abstracts.get(abstract_id)
            if abstract is None:
                return None
            if abstract.style_link is None:
                return abstract_id, abstract.levels
            num_id = self._style_num(abstract.style_link)
            num = self._nums.get(num_id) if num_id else None
            if num is None or num.abstract_id == abstract_id:
                return abstract_id, abstract.levels
            abstract_id = num.abstract_id
        return None

    def instance(self, num_id: str) -> NumInstance | None:
        """The resolved num for a paragraph's `w:numId`, or None when it names no list."""
        if num_id in self._cache:
            return self._cache[num_id]
        num = self._nums.get(num_id)
        found = self._abstract(num.abstract_id) if num else None
        instance = None
        if num is not None and found is not None:
            key, levels = found
            instance = NumInstance(key, {**levels, **num.level_overrides}, num.start_overrides)
        self._cache[num_id] = instance
        return instance

    def level_for_style(self, num_id: str, style_id: str | None) -> int | None:
        """The level whose `w:pStyle` is `style_id`: where a style's paragraphs are numbered."""
        instance = self.instance(num_id)
        if instance is None or style_id is None:
            return None
        return next((i for i, lv in sorted(instance.levels.items()) if lv.pstyle == style_id), None)


@dataclass(frozen=True, slots=True)
class Label:
    """A computed list label: the rendered text, or a bullet (whose glyph is not kept)."""

    text: str
    bullet: bool = False


class ListCounters:
    """Word's list counters for one reading of a document (current or original view)."""

    def __init__(self, definitions: NumberingDefinitions) -> None:
        self._definitions = definitions
        self._counts: dict[str, dict[int, int]] = {}
        self._started: set[str] = set()
        #: Formats met that format_number does not know; they are rendered as decimal.
        self.unknown_formats: set[str] = set()

    def advance(self, num_id: str, ilvl: int) -> Label | None:
        """Count one paragraph of list `num_id` at level `ilvl` and return its label."""
        instance = self._definitions.instance(num_id)
        level = instance.levels.get(ilvl) if instance else None
        if instance is None or level is None:
            return None
        counts = self._counts.setdefault(instance.key, {})
        if num_id not in self._started:
            self._started.add(num_id)
            for overridden in instance.start_overrides:
                counts.pop(overridden, None)
        counts[ilvl] = counts[ilvl] + 1 if ilvl in counts else instance.start(ilvl)
        for deeper in [lv for lv in counts if lv > ilvl]:
            if _restarts(instance.levels.get(deeper), deeper, ilvl):
                del counts[deeper]
        if level.fmt == "bullet":
            return Label("", bullet=True)
        if level.text is None:
            return None

        def render(match: re.Match[str]) -> str:
            index = int(match.group(1)) - 1
            referenced = instance.levels.get(index)
            if referenced is None:
                return ""
            fmt = referenced.fmt
            if level.legal and fmt not in _ARABIC:
                fmt = "decimal"  # w:isLgl: legal numbering shows every level in Arabic numerals
            value = counts.get(index, instance.start(index))
            text = format_number(value, fmt)
            if text is None:
                self.unknown_formats.add(fmt)
                text = str(value)
            return text

        text = _PLACEHOLDER.sub(render, level.text).strip()
        return Label(text) if text else None


def _restarts(level: Level | None, index: int, used: int) -> bool:
    """Whether level `index` restarts when level `used` (a higher one) is counted."""
    restart = level.restart if level else None
    if restart is None or restart > index:  # absent, or naming a lower level: the default
        return True
    if restart == 0:
        return False
    return used <= restart - 1
