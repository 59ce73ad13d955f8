"""Word style resolution: paragraph and run properties along `w:basedOn` chains.

Only what the DOCX loader needs is resolved: outline level, numbering, page breaks and
shading of paragraphs; bold, size, hidden (`w:vanish`), colour and background of runs.
Toggle properties (`w:b`, `w:vanish`) are treated as plain overrides, the way most
readers do, rather than with the XOR rule ECMA-376 gives for toggles between style levels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from docx.oxml.ns import qn
from docx.styles import BabelFish

# lxml ships no type stubs; elements are typed loosely.
Element = Any

_VAL = qn("w:val")
_STYLE = qn("w:style")
_STYLE_ID = qn("w:styleId")
_TYPE = qn("w:type")
_DEFAULT = qn("w:default")
_NAME = qn("w:name")
_BASED_ON = qn("w:basedOn")
_PPR = qn("w:pPr")
_RPR = qn("w:rPr")
_PSTYLE = qn("w:pStyle")
_RSTYLE = qn("w:rStyle")
_OUTLINE = qn("w:outlineLvl")
_NUMPR = qn("w:numPr")
_NUM_ID = qn("w:numId")
_ILVL = qn("w:ilvl")
_PAGE_BREAK_BEFORE = qn("w:pageBreakBefore")
_SHD = qn("w:shd")
_FILL = qn("w:fill")
_COLOR_ATTR = qn("w:color")
_B = qn("w:b")
_SZ = qn("w:sz")
_VANISH = qn("w:vanish")
_COLOR = qn("w:color")
_HIGHLIGHT = qn("w:highlight")
_DOC_DEFAULTS = qn("w:docDefaults")
_RPR_DEFAULT = qn("w:rPrDefault")

_OFF = frozenset({"0", "false", "off", "none"})
_HEADING_NAME = re.compile(r"heading\s*([1-9])$", re.IGNORECASE)
_HEX = re.compile(r"[0-9A-Fa-f]{6}$")

#: Word's highlight colour names, as RGB, for deciding whether white text can be seen.
_HIGHLIGHTS = {
    "black": "000000", "blue": "0000FF", "cyan": "00FFFF", "green": "00FF00",
    "magenta": "FF00FF", "red": "FF0000", "yellow": "FFFF00", "white": "FFFFFF",
    "darkBlue": "000080", "darkCyan": "008080", "darkGreen": "008000",
    "darkMagenta": "800080", "darkRed": "800000", "darkYellow": "808000",
    "darkGray": "808080", "lightGray": "C0C0C0",
}  # fmt: skip


def to_int(value: str | None) -> int | None:
    """An OOXML integer attribute, or None when it is missing or malformed."""
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        return None


def is_on(element: Element | None) -> bool | None:
    """The value of an on/off property element: None when absent, True unless val says off."""
    if element is None:
        return None
    value = element.get(_VAL)
    return value is None or value.lower() not in _OFF


def _hex(value: str | None) -> str | None:
    return value.upper() if value and _HEX.match(value) else None


def is_near_white(rgb: str | None) -> bool:
    """True for an RRGGBB colour whose every channel is at least 0xF0."""
    return rgb is not None and all(int(rgb[i : i + 2], 16) >= 0xF0 for i in (0, 2, 4))


def is_dark(rgb: str | None) -> bool:
    """True for a background dark enough that white text on it is readable."""
    if rgb is None:
        return False
    r, g, b = (int(rgb[i : i + 2], 16) for i in (0, 2, 4))
    return 0.299 * r + 0.587 * g + 0.114 * b < 160


def shading_of(props: Element | None) -> str | None:
    """The background colour a `w:shd` child of a pPr, rPr or tcPr paints, as RRGGBB."""
    shd = props.find(_SHD) if props is not None else None
    return _shd_colour(shd) if shd is not None else None


def _shd_colour(shd: Element) -> str | None:
    if shd.get(_VAL) == "solid":  # a solid pattern paints in the foreground colour
        return _hex(shd.get(_COLOR_ATTR))
    return _hex(shd.get(_FILL))


@dataclass(frozen=True, slots=True)
class RunProps:
    """Run formatting the loader cares about; None means not set at this level."""

    bold: bool | None = None
    size: int | None = None  # half-points, as in w:sz
    vanish: bool | None = None
    color: str | None = None  # RRGGBB; None for "auto" or unset
    background: str | None = None  # RRGGBB of run shading or highlight

    def over(self, top: RunProps) -> RunProps:
        """These properties with every property `top` sets laid over them."""
        return RunProps(
            self.bold if top.bold is None else top.bold,
            self.size if top.size is None else top.size,
            self.vanish if top.vanish is None else top.vanish,
            self.color if top.color is None else top.color,
            self.background if top.background is None else top.background,
        )


_UNSET = RunProps()


def parse_rpr(rpr: Element | None) -> RunProps:
    """The properties a `w:rPr` element sets directly."""
    if rpr is None:
        return _UNSET
    bold = vanish = None
    size = None
    color = background = highlight = None
    for child in rpr:  # one pass: this runs for every formatted run of the document
        tag = child.tag
        if tag == _B:
            bold = is_on(child)
        elif tag == _SZ:
            size = to_int(child.get(_VAL))
        elif tag == _VANISH:
            vanish = is_on(child)
        elif tag == _COLOR:
            color = _hex(child.get(_VAL))
        elif tag == _SHD:
            background = _shd_colour(child)
        elif tag == _HIGHLIGHT:
            highlight = _HIGHLIGHTS.get(child.get(_VAL) or "")
    if background is None:
        background = highlight
    if bold is None and size is None and vanish is None and color is None and background is None:
        return _UNSET
    return RunProps(bold, size, vanish, color, background)


@dataclass(frozen=True, slots=True)
class ParagraphProps:
    """A paragraph's properties: its style chain with its own pPr laid over it."""

    style_id: str | None
    name: str | None
    outline_level: int | None  # 0-based as in w:outlineLvl; 9 means body text
    num_id: str | None
    ilvl: int | None
    page_break_before: bool
    shading: str | None
    run: RunProps  # docDefaults + paragraph style chain, the base of every run in it

    @property
    def heading_level(self) -> int | None:
        """The 1-based heading level: from the outline level, else a "Heading N" style name."""
        if self.outline_level is not None:
            return self.outline_level + 1 if 0 <= self.outline_level <= 8 else None
        match = _HEADING_NAME.match(self.name or "")
        return int(match.group(1)) if match else None


@dataclass(frozen=True, slots=True)
class _Style:
    kind: str
    name: str | None
    based_on: str | None
    ppr: Element | None
    rpr: Element | None


class StyleSheet:
    """The styles of one document (`word/styles.xml`), resolved on demand and cached."""

    def __init__(self, root: Element | None) -> None:
        self._styles: dict[str, _Style] = {}
        self._default_paragraph: str | None = None
        self._defaults = RunProps()
        self._paragraph_cache: dict[str | None, ParagraphProps] = {}
        self._run_cache: dict[tuple[str | None, str | None], RunProps] = {}
        self._overlay_cache: dict[tuple[RunProps, RunProps], RunProps] = {}
        if root is None:
            return
        defaults = root.find(_DOC_DEFAULTS)
        if defaults is not None:
            rpr_default = defaults.find(_RPR_DEFAULT)
            if rpr_default is not None:
                self._defaults = parse_rpr(rpr_default.find(_RPR))
        for element in root.iterchildren(_STYLE):
            style_id = element.get(_STYLE_ID)
            if not style_id:
                continue
            name = element.find(_NAME)
            based_on = element.find(_BASED_ON)
            kind = element.get(_TYPE) or "paragraph"
            self._styles.setdefault(
                style_id,
                _Style(
                    kind=kind,
                    name=BabelFish.internal2ui(name.get(_VAL)) if name is not None else None,
                    based_on=based_on.get(_VAL) if based_on is not None else None,
                    ppr=element.find(_PPR),
                    rpr=element.find(_RPR),
                ),
            )
            is_default = (element.get(_DEFAULT) or "0").lower() in ("1", "true", "on")
            if kind == "paragraph" and is_default and self._default_paragraph is None:
                self._default_paragraph = style_id

    def name(self, style_id: str | None) -> str | None:
        """The style's display name ("Heading 1"), or None for an unknown id."""
        style = self._styles.get(style_id) if style_id else None
        return style.name if style else None

    def _chain(self, style_id: str | None) -> list[_Style]:
        """The style and its ancestors, root first; cycles and runaway chains are cut."""
        chain: list[_Style] = []
        seen: set[str] = set()
        while style_id and style_id not in seen and len(chain) < 32:
            seen.add(style_id)
            style = self._styles.get(style_id)
            if style is None:
                break
            chain.append(style)
            style_id = style.based_on
        chain.reverse()
        return chain

    def paragraph_style(self, style_id: str | None) -> ParagraphProps:
        """The resolved properties of a paragraph style (the default style for None)."""
        if style_id not in self._styles:
            style_id = self._default_paragraph
        cached = self._paragraph_cache.get(style_id)
        if cached is not None:
            return cached
        props = ParagraphProps(
            style_id, self.name(style_id), None, None, None, False, None, self._defaults
        )
        for style in self._chain(style_id):
            props = _lay_ppr(props, style.ppr, parse_rpr(style.rpr))
        self._paragraph_cache[style_id] = props
        return props

    def paragraph(self, ppr: Element | None) -> ParagraphProps:
        """A paragraph's properties from its `w:pPr` (None: a paragraph without one)."""
        pstyle = ppr.find(_PSTYLE) if ppr is not None else None
        base = self.paragraph_style(pstyle.get(_VAL) if pstyle is not None else None)
        # The paragraph mark's own rPr formats only the mark, so it is not passed on.
        return _lay_ppr(base, ppr, _UNSET)

    def run(self, paragraph: ParagraphProps, rpr: Element | None) -> RunProps:
        """A run's effective properties: paragraph base, character style, direct rPr."""
        rstyle = rpr.find(_RSTYLE) if rpr is not None else None
        char_id = rstyle.get(_VAL) if rstyle is not None else None
        key = (paragraph.style_id, char_id)
        base = self._run_cache.get(key)
        if base is None:
            base = paragraph.run
            for style in self._chain(char_id):
                if style.kind == "character":
                    base = base.over(parse_rpr(style.rpr))
            self._run_cache[key] = base
        direct = parse_rpr(rpr)
        if direct is _UNSET:
            return base
        key2 = (base, direct)
        found = self._overlay_cache.get(key2)
        if found is None:
            found = self._overlay_cache[key2] = base.over(direct)
        return found

    def numbering_style_num_id(self, style_id: str) -> str | None:
        """The `w:numId` a numbering style points at (the target of `w:numStyleLink`)."""
        for style in reversed(self._chain(style_id)):
            num_id, _ = _num_pr(style.ppr.find(_NUMPR) if style.ppr is not None else None)
            if num_id is not None:
                return num_id
        return None


def _num_pr(numpr: Element | None) -> tuple[str | None, int | None]:
    if numpr is None:
        return None, None
    num_id = numpr.find(_NUM_ID)
    ilvl = numpr.find(_ILVL)
    return (
        num_id.get(_VAL) if num_id is not None else None,
        to_int(ilvl.get(_VAL)) if ilvl is not None else None,
    )


def _lay_ppr(props: ParagraphProps, ppr: Element | None, run: RunProps) -> ParagraphProps:
    """`props` with what one pPr (and the rPr of the same style) sets laid over them."""
    outline = num_id = ilvl = page_break = shading = None
    for child in ppr if ppr is not None else ():  # one pass: this runs for every paragraph
        tag = child.tag
        if tag == _OUTLINE:
            outline = to_int(child.get(_VAL))
        elif tag == _NUMPR:
            num_id, ilvl = _num_pr(child)
        elif tag == _PAGE_BREAK_BEFORE:
            page_break = is_on(child)
        elif tag == _SHD:
            shading = _shd_colour(child)
    if (outline, num_id, ilvl, page_break, shading) == (None,) * 5 and run is _UNSET:
        return props
    return ParagraphProps(
        style_id=props.style_id,
        name=props.name,
        outline_level=props.outline_level if outline is None else outline,
        num_id=props.num_id if num_id is None else num_id,
        ilvl=props.ilvl if ilvl is None else ilvl,
        page_break_before=props.page_break_before if page_break is None else page_break,
        shading=props.shading if shading is None else shading,
        run=props.run.over(run),
    )
