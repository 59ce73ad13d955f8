"""Recognise what opens a clause at the start of a block: a number, a label, a heading.

A `Marker` says which numbering scheme a block starts with (its `style`), its position in that
scheme (`value`, used to check sequences) and its heading. Segmentation decides from these
which markers really open clauses and how they nest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
_WORD_NUMBERS = {
    w: i
    for i, w in enumerate(
        [
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ],
        start=1,
    )
}
_SMALL_WORDS = {
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to",
    "with", "upon", "under", "vs", "per", "its", "into", "over", "out",
}  # fmt: skip

_LABELLED = re.compile(
    r"(?P<word>ARTICLE|Article|SECTION|Section|CLAUSE|Clause|PART|Part|§)\s*"
    r"(?P<id>\d{1,3}(?:\.\d{1,3})*|[IVXLC]{1,7}\b|[A-Z]\b|(?:ONE|TWO|THREE|FOUR|FIVE|SIX|SEVEN"
    r"|EIGHT|NINE|TEN|ELEVEN|TWELVE|THIRTEEN|FOURTEEN|FIFTEEN|SIXTEEN|SEVENTEEN|EIGHTEEN"
    r"|NINETEEN|TWENTY)\b)\.?"
)
_SCHEDULE = re.compile(
    r"(?P<word>SCHEDULE|Schedule|EXHIBIT|Exhibit|APPENDIX|Appendix|ANNEX|Annex|ATTACHMENT"
    r"|Attachment|ANNEXURE|Annexure)\s+(?P<id>[A-Z0-9]{1,3}(?:[.-]\d{1,3})?)\b\.?"
)
# "6. 2. 1." (spaced decimals) occur in older filings; the spaced form needs a wide gap after it.
_DECIMAL = re.compile(
    r"(?P<spaced>\d{1,3}(?:\. \d{1,3}){1,4})\.?(?=\s\s|\t)"
    r"|(?P<id>\d{1,3}(?:\.\d{1,3}){0,4})(?P<dot>\.|\))?(?=\s|$)"
)
# A number followed by one of these is a quantity, not a clause number ("2.5 million units").
# Lowercase only: "4.4 Batch Failure" is a heading, "2.5 batches per year" a quantity.
_QUANTITY_WORD = re.compile(
    r"(?:million|billion|thousand|percent|per\b|%|times\b|x\b|kg\b|mg\b|g\b|l\b|litres?"
    r"|liters?|days?\b|weeks?\b|months?\b|years?\b|hours?\b|batch(?:es)?\b|units?\b)"
)
# Numbered requirements of an RFP: "R1. AAV9 manufacturing experience".
_REQUIREMENT = re.compile(r"(?P<id>R\d{1,3})[.:)]?(?=\s+[A-Z\"“(])")
_VERB = re.compile(r"\b(?:shall|will|may|must|is|are|was|were|be|been|has|have|does|do)\b", re.I)
_LETTER_DECIMAL = re.compile(r"(?P<id>[A-Z]\.\d{1,3}(?:\.\d{1,3}){0,3})\.?(?=\s|$)")
_LETTER_DOT = re.compile(r"(?P<id>[A-Z])\.(?=\s+[A-Z\"“])")
_ROMAN_DOT = re.compile(r"(?P<id>[IVX]{1,5})\.(?=\s+[A-Z\"“])")
_PAREN = re.compile(r"\((?P<id>[a-z]{1,2}|[ivxlc]{1,6}|[A-Z]{1,2}|\d{1,2})\)")
_HALF_PAREN = re.compile(r"(?P<id>[a-z]|[ivx]{1,5}|\d{1,2})\)(?=\s)")
_LOWER_DOT = re.compile(r"(?P<id>[a-z]|[ivx]{1,5})\.(?=\s+[A-Za-z\"“(])")
_DEFINITION = re.compile(
    r"[\"“”'‘](?P<term>[^\"“”'’]{1,80})[\"”“'’]\s*(?:\([^)]{0,60}\)\s*)?[,:]?\s*"
    r"(?:shall\s+)?(?:means?|shall\s+mean|has\s+the\s+meaning|shall\s+have\s+the\s+meaning"
    r"|refers?\s+to|shall\s+refer|includes?|is\s+defined|will\s+mean|:|–|—|-)",
)
_HEADING_END = re.compile(r"[.:;]\s|[.:;]$|\s[-–—]\s")


@dataclass(frozen=True)
class Marker:
    """What a block starts with, if it could open a clause.

    `style` names the numbering scheme ("dec", "article", "paren_lower" …); `value` is the
    position in that scheme as integers ((6, 2) for "6.2"); `label` is the number as printed
    (without a trailing dot); `body` is the offset within the block where the text after the
    label begins.
    """

    style: str
    value: tuple[int, ...]
    label: str | None
    heading: str | None
    body: int
    definition: bool = False


def roman_value(text: str) -> int | None:
    """The value of a roman numeral, or None when `text` is not one."""
    text = text.lower()
    if not text or any(ch not in _ROMAN for ch in text):
        return None
    total = 0
    for i, ch in enumerate(text):
        value = _ROMAN[ch]
        total += -value if i + 1 < len(text) and _ROMAN[text[i + 1]] > value else value
    return total


def is_heading_text(text: str, *, max_words: int = 12) -> bool:
    """True for short Title Case or ALL CAPS text without a sentence's ending."""
    text = text.strip().rstrip(":").strip()
    if not text or len(text) > 100 or (text.endswith((".", ";", ",")) and not text.isupper()):
        return False
    words = re.findall(r"[A-Za-z][A-Za-z'’&/-]*", text)
    if not words or len(words) > max_words:
        return False
    letters = [ch for ch in text if ch.isalpha()]
    if letters and sum(ch.isupper() for ch in letters) / len(letters) > 0.8:
        return True
    significant = [w for w in words if w.lower() not in _SMALL_WORDS]
    if not significant:
        return False
    return bool(sum(w[0].isupper() for w in significant) / len(significant) >= 0.8)


def is_caps_heading(text: str) -> bool:
    """True for a short line in capitals, the way plain-text contracts write headings."""
    letters = [ch for ch in text if ch.isalpha()]
    return (
        len(letters) >= 3
        and len(text) <= 100
        and sum(ch.isupper() for ch in letters) / len(letters) > 0.9
        and not text.rstrip().endswith((",", ";"))
    )


def _heading_after(rest: str) -> str | None:
    """The heading that follows a number: a short titled phrase before the first full stop."""
    rest = rest.strip()
    if not rest:
        return None
    definition = _DEFINITION.match(rest)
    if definition:
        return definition.group("term").strip()
    end = _HEADING_END.search(rest)
    candidate = rest[: end.start()] if end else rest
    if end is None and len(rest) > 100:
        return None
    candidate = candidate.strip().rstrip(".:")
    if 1 <= len(candidate) <= 100 and is_heading_text(candidate):
        return candidate
    # Sentence-case headings ("Release testing. The Vendor …"): short, capitalised, no verb.
    words = candidate.split()
    short = 1 <= len(words) <= 5 and candidate[0].isupper() and not _VERB.search(candidate)
    if short and (end is not None or len(rest) == len(candidate)):
        return candidate
    return None


def _skip_separators(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t.:-–—":
        pos += 1
    return pos


def _labelled_value(word: str, ident: str) -> tuple[str, tuple[int, ...]]:
    kind = "article" if word.lower() in {"article", "part"} else "section"
    if ident[0].isdigit():
        return kind, tuple(int(p) for p in ident.split("."))
    if ident.lower() in _WORD_NUMBERS:
        return kind, (_WORD_NUMBERS[ident.lower()],)
    roman = roman_value(ident) if len(ident) > 1 or kind == "article" else None
    if roman is not None:
        return kind, (roman,)
    return kind + "_letter", (ord(ident.upper()) - 64,)


def parse_marker(text: str) -> Marker | None:
    """The numbering or label a block's text starts with, or None."""
    head = text[:160]
    match = _SCHEDULE.match(head)
    if match:
        body = _skip_separators(head, match.end())
        return Marker("schedule", (), f"{match['word']} {match['id']}",
                      _heading_after(text[body:]), body)  # fmt: skip
    match = _LABELLED.match(head)
    if match:
        after = head[match.end() :].lstrip(" \t")
        # "Section 8.01 shall survive" is a sentence citing a section, not a clause opening.
        if after[:1].islower() or after.startswith(("of ", "and ", "or ")):
            return None
        style, value = _labelled_value(match["word"], match["id"])
        # The label as printed ("ARTICLE IV", "Section 12", "§12").
        word = match["word"]
        label = f"{word} {match['id']}" if word != "§" else f"§{match['id']}"
        if style == "section" and "." in match["id"]:
            style = "dec"
        body = _skip_separators(head, match.end())
        return Marker(style, value, label, _heading_after(text[body:]), body)
    for pattern, style in ((_LETTER_DECIMAL, "letter_dec"), (_DECIMAL, "dec")):
        match = pattern.match(head)
        if match:
            ident = match["id"] or match["spaced"].replace(" ", "")
            if style == "letter_dec":
                value = (ord(ident[0]) - 64, *(int(p) for p in ident[2:].split(".")))
            else:
                value = tuple(int(p) for p in ident.split("."))
                after = head[match.end() :].lstrip(" \t")
                dotted = bool(match["dot"]) or bool(match["spaced"])
                if not dotted and len(value) == 1 and not _plain_number_heading(after):
                    return None
                if len(value) == 1 and value[0] > 150:
                    return None
                if (after[:1].islower() and len(value) == 1) or _QUANTITY_WORD.match(after):
                    return None
            body = _skip_separators(head, match.end())
            return Marker(style, value, ident, _heading_after(text[body:]), body,
                          definition=bool(_DEFINITION.match(text[body:])))  # fmt: skip
    match = _REQUIREMENT.match(head)
    if match:
        body = _skip_separators(head, match.end())
        return Marker("requirement", (int(match["id"][1:]),), match["id"],
                      _heading_after(text[body:]), body)  # fmt: skip
    for pattern, style in (
        (_PAREN, "paren"),
        (_HALF_PAREN, "half_paren"),
        (_ROMAN_DOT, "roman_dot"),
        (_LETTER_DOT, "letter_dot"),
        (_LOWER_DOT, "lower_dot"),
    ):
        match = pattern.match(head)
        if match:
            ident = match["id"]
            body = _skip_separators(head, match.end())
            label = f"({ident})" if style == "paren" else match.group(0).rstrip(".")
            if style in ("roman_dot", "letter_dot"):
                value = (roman_value(ident) or 0,) if style == "roman_dot" else _id_value(ident)[:1]
                return Marker(style, value, label, _heading_after(text[body:]), body)
            return Marker(f"{style}:{_id_class(ident)}", _id_value(ident), label,
                          _heading_after(text[body:]), body,
                          definition=bool(_DEFINITION.match(text[body:])))  # fmt: skip
    if _DEFINITION.match(head):
        term = _DEFINITION.match(head)
        return Marker("definition", (), None, term["term"].strip() if term else None, 0, True)
    return None


def _plain_number_heading(after: str) -> bool:
    """A bare number with no dot opens a clause only before a heading ("7  Warranties")."""
    first_line = after.split("\n", 1)[0]
    return bool(after) and (after[0].isupper()) and _heading_after(first_line) is not None


def _id_class(ident: str) -> str:
    if ident.isdigit():
        return "digit"
    if roman_value(ident) is not None and ident.islower():
        return "lroman" if len(ident) > 1 else "lower?"
    if roman_value(ident) is not None and ident.isupper():
        return "uroman" if len(ident) > 1 else "upper?"
    return "lower" if ident.islower() else "upper"


def _id_value(ident: str) -> tuple[int, ...]:
    if ident.isdigit():
        return (int(ident),)
    if len(ident) == 2 and ident[0] == ident[1] and roman_value(ident) is None:
        return (26 + ord(ident[0].lower()) - 96,)  # "(aa)" follows "(z)"
    roman = roman_value(ident)
    letter = ord(ident[0].lower()) - 96 if len(ident) == 1 else None
    # Single letters that are also roman numerals carry both readings; segmentation decides.
    if letter is not None and roman is not None:
        return (letter, roman)
    return (roman,) if roman is not None else (letter or 0,)
