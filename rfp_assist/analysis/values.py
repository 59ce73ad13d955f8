"""Values as contracts write them: numbers, number words, money, percentages and durations.

`read_values(text)` finds every value in a text once and returns them by kind, each a
`Quantity` carrying the span it was read from (`text[start:end]`), so rules can choose among
them by position. Conventions:

- The legal doubled form ("forty-five (45) days", "fifteen percent (15%)", "30 (thirty)") is
  one value: the digits win and the span covers both writings.
- "1,200,000", "1.200.000" and "1.200,50" (European), "250'000" (Swiss) and "1 200 000" are
  grouped thousands. A single dot group ("1.200") is ambiguous and read as a decimal (1.2).
- Numbers in dates ("1 March 2026"), cross-references ("Section 12.3"), clause numbering at
  the start of a line ("6.2 Late Delivery") and bare years ("since 2016") are not values.
- Money is ISO 4217: "$" alone is USD, "€" EUR, "£" GBP; "m"/"M"/"mn"/"MM" mean million,
  "k" thousand. In a range ("EUR 1.1–1.3m") the first stated amount is kept.
- Durations keep the unit written; `convert` changes units with 7 days a week, 12 months a
  year and 30.4375 days a month (365.25 / 12), so 39 weeks is 9 months. Business days count
  as days, as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Kind = Literal["number", "percent", "money", "duration", "multiple"]

_UNITS = (  # noqa: SIM905
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen"
    " fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_WORD_VALUES: dict[str, int] = {w: i for i, w in enumerate(_UNITS)}
_WORD_VALUES.update({w: 20 + 10 * i for i, w in enumerate(_TENS)})
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_ALL_WORDS = sorted([*_WORD_VALUES, *_SCALES], key=len, reverse=True)
#: Every number word, for code that must tell "five" from an ordinary word.
NUMBER_WORDS = frozenset(_ALL_WORDS)

#: One number word; composite patterns elsewhere build on it.
WORD = r"(?:" + "|".join(_ALL_WORDS) + r")"
#: A run of number words ("one hundred and twenty", "forty-five", "one and a half").
WORD_RUN = rf"\b{WORD}\b(?:(?:\s+|\s*-\s*)(?:and\s+)?{WORD}\b)*(?:\s+and\s+a\s+half\b)?"
#: Digits, with any thousands grouping this module reads.
DIGITS = (
    r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?|\d{1,3}\.\d{3},\d{1,2}(?!\d)"
    r"|\d{1,3}(?:['’]\d{3})+(?:\.\d+)?|\d{1,3}(?:[\u00a0\u202f\u2009 ]\d{3})+(?![\d.,]\d)"
    r"|\d+,\d{1,2}(?![\d,])|\d+(?:\.\d+)?)"
)
#: A number in any writing, doubled or not (for composite patterns; parse with parse_number).
NUMBER = rf"(?:(?:{WORD_RUN}|{DIGITS})(?:\s*\(\s*(?:{DIGITS}|{WORD_RUN})\s*%?\s*\))?)"

_ISO = (  # noqa: SIM905
    "EUR USD GBP CHF JPY CAD AUD SEK DKK NOK SGD CNY HKD NZD INR KRW BRL PLN CZK HUF ILS ZAR MXN"
).split()
_CODES = "|".join(_ISO)
_SYMBOLS = {
    "€": "EUR", "£": "GBP", "¥": "JPY", "$": "USD", "C$": "CAD", "CA$": "CAD", "A$": "AUD",
    "AU$": "AUD", "S$": "SGD", "NZ$": "NZD", "HK$": "HKD",
}  # fmt: skip
_WORD_CURRENCY = (
    ("USD", r"(?:US|U\.S\.|United\s+States)\s+dollars?"),
    ("EUR", r"euros?"),
    ("GBP", r"(?:pounds?\s+sterling|pounds?|sterling)"),
    ("CHF", r"Swiss\s+francs?"),
    ("JPY", r"yen"),
    ("USD", r"dollars?"),
)

# Patterns that open with a plain character class scan fast; boundaries are checked after the
# first character, or in Python for digits (`_starts_number`).
_DIGITS_RE = re.compile(rf"{DIGITS}(?!\d)")
_ISO_SET = frozenset(_ISO)
_WORD_FAST = (
    "["
    + "".join(sorted({w[0] for w in _ALL_WORDS}))
    + "](?<![A-Za-z].)(?:"
    + "|".join(f"(?<={w[0]}){w[1:]}" for w in _ALL_WORDS)
    + r")\b"
)
_WORD_RUN_RE = re.compile(WORD_RUN.replace(rf"\b{WORD}\b", _WORD_FAST, 1), re.I)
_WORD_TOKEN = re.compile(r"[A-Za-z]+")
_HALF = re.compile(r"h(?<![A-Za-z]h)alf\b", re.I)
_HALF_LEAD = re.compile(r"(?:\bone[\s-]|\ba\s+)$", re.I)
_PAREN_DIGITS = re.compile(rf"\s*\(\s*(?P<num>{DIGITS})\s*(?P<pct>%)?\s*\)")
_PAREN_WORDS = re.compile(rf"\s*\(\s*(?P<num>{WORD_RUN})\s*(?P<pct>percent|per\s?cent)?\s*\)", re.I)

_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATES = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:day\s+of\s+)?{_MONTHS}(?:,?\s+\d{{4}})?\b"
    rf"|\b{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b|\b{_MONTHS},?\s+\d{{4}}\b"
    r"|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b|\b[QH][1-4]\s+\d{4}\b"
)
# Cross-references and standards before a number, with lists and ranges of them.
_REFERENCE_BEFORE = re.compile(
    r"(?i:\b(?:sections?|clauses?|articles?|schedules?|exhibits?|annex(?:es)?|appendix"
    r"|appendices|paragraphs?|para\.|attachments?|tables?|figures?|parts?|items?|§§?"
    r"|requirements?|no\.|ISO|EN|IEC|ICH|USP|CFR))\s*"
    r"(?:\d+[A-Za-z]?(?:\.\d+)*(?:\([a-z0-9]+\))*\s*(?:,|and|or|to|through|–|-)\s*)*$"
)
_REFERENCE_WORDS = frozenset(
    "section sections clause clauses article articles schedule schedules exhibit exhibits annex"  # noqa: SIM905
    " annexes appendix appendices paragraph paragraphs para. attachment attachments table tables"
    " figure figures part parts item items § §§ requirement requirements no. iso en iec ich usp cfr"
    " and or to through".split()
)
_CFR_AFTER = re.compile(r"\s+CFR\b")
# Clause numbering at the start of a line: "6.2", "7." or "12 TERMINATION".
_NUMBERING = re.compile(
    r"[ \t]*(?:\d{1,3}(?:\.\d{1,2})+\.?|\d{1,3}\.)(?=\s+[A-Z(“\"'])"
    r"|[ \t]*\d{1,3}(?=\s+(?!(?:Days?|Weeks?|Months?|Years?|Batch|Batches|Business|Calendar"
    r"|Working|GMP|Percent|Per)\b)[A-Z][A-Za-z]+)"
)
_YEAR = re.compile(r"(?:19[5-9]\d|20\d\d|2100)")
_UNIT_AFTER = re.compile(
    r"\s*(?:%|percent|per\s?cent|x\b|times|(?:[a-z]+\s+)?(?:days?|weeks?|months?|years?"
    r"|batch|batches|lots?|runs?|vials?|doses?|suites?)\b|L\b)",
    re.I,
)

_PCT_AFTER = re.compile(r"\s*(?:%|percent\b|per\s?cent\b|per-cent\b|pct\b\.?)", re.I)
_CUR_BEFORE = re.compile(
    rf"(?:(?P<code>\b(?:{_CODES}))\s?\$?|(?P<sym>US\s?\$|U\.S\.\s?\$|(?:AU|NZ|HK|CA|[CAS])\$|[€£¥$]))\s?$"
)
_SCALE_AFTER = re.compile(
    r"\s?(?P<scale>million|billion|thousand|mn|mio\.?|bn|MM|mm|m|M|k|K)(?![A-Za-z])"
)
_CUR_AFTER = re.compile(
    rf"\s?(?:(?P<code>\b(?-i:{_CODES}))\b|(?P<word>"
    + "|".join(f"(?P<w{i}>{p})" for i, (_, p) in enumerate(_WORD_CURRENCY))
    + r")\b)",
    re.I,
)
_RANGE_AFTER = re.compile(rf"\s*(?:–|—|-|to)\s*(?:[€£$]|(?:{_CODES})\s?)?(?P<num>{DIGITS})")
_SCALE_VALUES = {
    "million": 1e6, "mn": 1e6, "mio": 1e6, "mio.": 1e6, "mm": 1e6, "m": 1e6,
    "billion": 1e9, "bn": 1e9, "thousand": 1e3, "k": 1e3,
}  # fmt: skip
_DURATION_AFTER = re.compile(
    r"(?:\s+|\s*-\s*)(?:(?:calendar|business|working|consecutive|full|clear|banking)\s+)?"
    r"(?P<unit>day|week|month|year|yr|hour)(?:s['’]|['’]s|s)?(?![A-Za-z])",
    re.I,
)
_NET_BEFORE = re.compile(r"\bnet\s*$", re.I)
_TIMES_AFTER = re.compile(
    rf"\s*(?:[x×](?![A-Za-z0-9])|times\b(?:\s*\(\s*(?P<num>{DIGITS})\s*[x×]\s*\))?)", re.I
)
_CURRENCY_NAMED = re.compile(
    rf"\b(?P<code>(?-i:{_CODES}))\b|(?P<sym>[€£$])|(?P<word>"
    + "|".join(p for _, p in _WORD_CURRENCY)
    + r")\b",
    re.I,
)
_TWICE = re.compile(r"t(?<![A-Za-z]t)(?:wice|wo-?fold)\b", re.I)

_DAYS_PER: dict[str, float] = {
    "day": 1,
    "week": 7,
    "month": 30.4375,
    "year": 365.25,
    "hour": 1 / 24,
}


@dataclass(frozen=True)
class Quantity:
    """A value read from text: its kind, number, unit and the span it was read from.

    `unit` is "%" for percentages, an ISO 4217 code for money, "day"/"week"/"month"/"year"/
    "hour" for durations, "x" for multiples and "" for plain numbers.
    """

    kind: Kind
    value: int | float
    start: int
    end: int
    unit: str = ""


@dataclass(frozen=True)
class Values:
    """Everything `read_values` found in one text, by kind, each in text order."""

    numbers: tuple[Quantity, ...] = ()
    percents: tuple[Quantity, ...] = ()
    money: tuple[Quantity, ...] = ()
    durations: tuple[Quantity, ...] = ()
    multiples: tuple[Quantity, ...] = ()


def tidy(value: float, places: int = 2) -> int | float:
    """`value` rounded to `places`, as an int when it is whole."""
    rounded = round(value, places)
    return int(rounded) if rounded == int(rounded) else rounded


def convert(value: float, unit: str, to: str) -> int | float:
    """A duration in another unit (7 days a week, 30.4375 days a month, 12 months a year)."""
    if unit == to:
        return tidy(value)
    if {unit, to} == {"month", "year"}:
        return tidy(value * 12 if unit == "year" else value / 12, 1)
    return tidy(value * _DAYS_PER[unit] / _DAYS_PER[to], 1)


def digits_value(raw: str) -> int | float:
    """The value of digits written with any grouping this module reads ("1.200.000" → 1200000)."""
    s = re.sub(r"[\u00a0\u202f\u2009 '’]", "", raw)
    if s.count(".") > 1 or re.fullmatch(r"\d{1,3}\.\d{3},\d+", s):
        s = s.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d+,\d{1,2}", s):
        s = s.replace(",", ".")
    else:
        s = s.replace(",", "")
    return tidy(float(s), 6)


def words_value(raw: str) -> list[tuple[int | float, int, int]]:
    """The numbers in a run of number words, with their spans inside `raw`."""
    half = re.search(r"\s+and\s+a\s+half$", raw, re.I)
    found: list[tuple[int | float, int, int]] = []
    total = current = 0
    start = end = -1
    last, after_and = "", False
    for token in _WORD_TOKEN.finditer(raw[: half.start()] if half else raw):
        word = token.group().lower()
        if word == "and":
            after_and = True
            continue
        kind = _kind(word)
        if kind == "":  # not a number word: it ends any number before it
            if start >= 0:
                found.append((total + current, start, end))
            start, last, after_and = -1, "", False
            continue
        if start >= 0 and _continues(last, kind, after_and):
            if kind == "hundred":
                current = (current or 1) * 100
            elif kind == "scale":
                total, current = total + (current or 1) * _SCALES[word], 0
            else:
                current += _WORD_VALUES[word]
        elif kind in ("hundred", "scale"):  # "million" alone is no number
            if start >= 0:
                found.append((total + current, start, end))
            start, kind = -1, ""
        else:
            if start >= 0:
                found.append((total + current, start, end))
            total, current, start = 0, _WORD_VALUES[word], token.start()
        end, last, after_and = token.end(), kind, False
    if start >= 0:
        found.append((total + current + (0.5 if half else 0), start, len(raw) if half else end))
    return found


def _kind(word: str) -> str:
    if word not in _WORD_VALUES and word not in _SCALES:
        return ""
    if word == "hundred":
        return "hundred"
    if word in _SCALES:
        return "scale"
    if word in _TENS:
        return "ten"
    return "teen" if _WORD_VALUES[word] >= 10 else "unit"


def _continues(last: str, kind: str, after_and: bool) -> bool:
    """Whether a number word continues the number before it ("forty-five", not "one two")."""
    if after_and and last not in ("hundred", "scale"):
        return False
    if kind == "hundred":
        return last in ("unit", "teen")
    if kind == "scale":
        return last in ("unit", "teen", "ten", "hundred")
    if last == "ten":
        return kind == "unit"
    return last in ("hundred", "scale")


def mentioned_currency(text: str) -> str | None:
    """The first currency a text names on its own ("Price (USD)", "in euros"), if any."""
    m = _CURRENCY_NAMED.search(text)
    if m is None:
        return None
    if m.group("code"):
        return m.group("code")
    if m.group("sym"):
        return _SYMBOLS[m.group("sym")]
    return next(c for c, p in _WORD_CURRENCY if re.fullmatch(p, m.group("word"), re.I))


def parse_number(text: str) -> int | float | None:
    """The value of `text` when it is exactly one number ("forty-five (45)" → 45), else None."""
    numbers = read_values(text.strip()).numbers
    if len(numbers) == 1 and numbers[0].start == 0 and numbers[0].end == len(text.strip()):
        return numbers[0].value
    return None


def read_values(text: str) -> Values:
    """Every number, percentage, amount of money, duration and multiple in `text`."""
    numbers = _numbers(text, [(m.start(), m.end()) for m in _DATES.finditer(text)])
    percents: list[Quantity] = []
    money: list[Quantity] = []
    durations: list[Quantity] = []
    multiples: list[Quantity] = []
    taken = 0
    for n in numbers:
        if n.start < taken:
            continue
        found = _percent(text, n) or _money(text, n) or _duration(text, n) or _multiple(text, n)
        if found is None:
            continue
        {"percent": percents, "money": money, "duration": durations, "multiple": multiples}[
            found.kind
        ].append(found)
        taken = found.end
    for m in _TWICE.finditer(text):
        multiples.append(Quantity("multiple", 2, m.start(), m.end(), "x"))
    multiples.sort(key=lambda q: q.start)
    return Values(
        tuple(numbers), tuple(percents), tuple(_merge_doubled_money(text, money)),
        tuple(durations), tuple(multiples),
    )  # fmt: skip


def _numbers(text: str, dates: list[tuple[int, int]]) -> list[Quantity]:
    """Numbers in digits and in words, with doubled forms merged; none in dates or references."""
    digits = [
        Quantity("number", digits_value(m.group()), m.start(), m.end())
        for m in _DIGITS_RE.finditer(text)
        if _starts_number(text, m.start())
        and not any(s < m.end() and m.start() < e for s, e in dates)
        and not _is_reference(text, m.start(), m.end())
        and not _is_year(text, m)
    ]
    words: list[Quantity] = []
    for m in _WORD_RUN_RE.finditer(text):
        for value, s, e in words_value(m.group()):
            words.append(Quantity("number", value, m.start() + s, m.start() + e))
    for m in _HALF.finditer(text):
        if not any(w.start <= m.start() < w.end for w in words):
            lead = _HALF_LEAD.search(text, max(0, m.start() - 4), m.start())
            words.append(Quantity("number", 0.5, lead.start() if lead else m.start(), m.end()))
    out: list[Quantity] = []
    in_digits = {q.start for q in digits}
    for q in sorted(digits + words, key=lambda q: q.start):
        if out and q.start < out[-1].end:
            continue
        written_in_digits = q.start in in_digits
        paren = (_PAREN_WORDS if written_in_digits else _PAREN_DIGITS).match(text, q.end)
        if paren is not None:
            value = q.value if written_in_digits else digits_value(paren.group("num"))
            unit = "%" if paren.group("pct") else ""
            q = Quantity("number", value, q.start, paren.end(), unit)
        out.append(q)
    return out


def _starts_number(text: str, start: int) -> bool:
    """Whether digits at `start` stand alone ("EUR1,200" yes; "AAV9", "NWG-101", "6.2.1" no)."""
    if start == 0:
        return True
    before = text[start - 1]
    if before.isalnum() or before in "_.,'’":
        code = text[max(0, start - 3) : start]
        return code in _ISO_SET and (start == 3 or not text[start - 4].isalpha())
    return not (before == "-" and start > 1 and text[start - 2].isalpha())


def _is_reference(text: str, start: int, end: int) -> bool:
    """Digits in a cross-reference ("Section 12.3"), a standard or clause numbering."""
    before = text[max(0, start - 24) : start].rstrip()
    word = before.rsplit(None, 1)[-1].lstrip("([\"'“").lower() if before else ""
    # The full pattern only where the word before could open or continue a reference.
    if (word in _REFERENCE_WORDS or before.endswith((",", "–", "-"))) and _REFERENCE_BEFORE.search(
        text, max(0, start - 80), start
    ):
        return True
    if _CFR_AFTER.match(text, end):
        return True
    line = text.rfind("\n", 0, start) + 1
    if text[line:start].strip(" \t"):
        return False
    numbering = _NUMBERING.match(text, line)
    return numbering is not None and numbering.end() >= end


def _is_year(text: str, m: re.Match[str]) -> bool:
    """A bare year ("since 2016"), unless money or a unit makes it a quantity."""
    if not _YEAR.fullmatch(m.group()) or _CUR_BEFORE.search(text, max(0, m.start() - 8), m.start()):
        return False
    return _UNIT_AFTER.match(text, m.end()) is None


def _percent(text: str, n: Quantity) -> Quantity | None:
    after = _PCT_AFTER.match(text, n.end)
    if n.unit != "%" and after is None:
        return None
    value, end = n.value, after.end() if after else n.end
    double = _PAREN_DIGITS.match(text, end) or _PAREN_WORDS.match(text, end)
    if double is not None and (double.group("pct") or "%" in double.group()):
        if double.re is _PAREN_DIGITS:
            value = digits_value(double.group("num"))
        end = double.end()
    return Quantity("percent", tidy(value), n.start, end, "%")


def _money(text: str, n: Quantity) -> Quantity | None:
    before = _CUR_BEFORE.search(text, max(0, n.start - 8), n.start)
    currency = None
    start, end, value = n.start, n.end, float(n.value)
    if before is not None:
        currency = before.group("code") or _SYMBOLS.get(re.sub(r"U\.?S\.?\s?", "", before["sym"]))
        currency = currency or "USD"
        start = before.start()
    ranged = _RANGE_AFTER.match(text, end)
    scale_at = ranged.end() if ranged and _SCALE_AFTER.match(text, ranged.end()) else end
    scale = _SCALE_AFTER.match(text, scale_at)
    # "m"/"k" only mean million/thousand next to a currency; "million" always does.
    if scale and (currency or scale["scale"].lower() in ("million", "billion", "mn", "bn")):
        value *= _SCALE_VALUES[scale["scale"].lower()]
        end = scale.end()
    elif ranged and currency:
        end = ranged.end()
    if currency is None:
        after = _CUR_AFTER.match(text, end)
        if after is None:
            return None
        currency = after.group("code")
        if currency is None:
            i = next(i for i in range(len(_WORD_CURRENCY)) if after.group(f"w{i}"))
            currency = _WORD_CURRENCY[i][0]
        end = after.end()
    return Quantity("money", tidy(value), start, end, currency.upper())


def _merge_doubled_money(text: str, money: list[Quantity]) -> list[Quantity]:
    """ "ten million US dollars (USD 10,000,000)": one amount, the digits' one, over both."""
    out: list[Quantity] = []
    for q in money:
        if out and re.fullmatch(r"\s*\(\s*", text[out[-1].end : q.start]):
            close = re.match(r"\s*\)", text[q.end :])
            if close:
                prev = out.pop()
                q = Quantity("money", q.value, prev.start, q.end + close.end(), q.unit)
        out.append(q)
    return out


def _duration(text: str, n: Quantity) -> Quantity | None:
    after = _DURATION_AFTER.match(text, n.end)
    net = _NET_BEFORE.search(text, max(0, n.start - 6), n.start)
    if after is None and net is None:
        return None
    unit = after.group("unit").lower() if after else "day"
    return Quantity(
        "duration", n.value, net.start() if net else n.start, after.end() if after else n.end,
        "year" if unit == "yr" else unit,
    )  # fmt: skip


def _multiple(text: str, n: Quantity) -> Quantity | None:
    after = _TIMES_AFTER.match(text, n.end)
    if after is None:
        return None
    value = digits_value(after.group("num")) if after.group("num") else n.value
    return Quantity("multiple", value, n.start, after.end(), "x")
