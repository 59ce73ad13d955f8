"""Rules for commercial terms: prices, pass-through, payment, reservation, minimums, cancellation.

Conventions beyond the key names:

- Prices are the amount nearest their cue ("per GMP batch", "engineering run", "technology
  transfer fee"); an amount nearer another item ("release testing", "fill/finish") is that
  item's. In a table row the first cell names the item; a bare figure takes the currency the
  clause names elsewhere ("Price (USD)").
- `pass_through.markup_pct` is 0 when materials are stated to be re-invoiced at cost.
- `payment_terms.net_days` prefers "net N"; other periods need payment and invoice words in
  their sentence and are not the window for disputing an invoice.
- `cancellation.schedule` bounds are days (weeks ×7, months ×30.4375): "more than 180 days"
  → min 181, "180 days or more" → min 180, "fewer than 60 days" → 0..59, "90–180 days" →
  90..180 (the ±1 only for whole days: "less than 6 months" → 0..182.6); "no fee" is 0 and
  "the full batch price" 100; rows are sorted by min_days, longest notice first, the way
  contracts write their schedules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rfp_assist.analysis.term_rules import Hit, Scan, at, first, near
from rfp_assist.analysis.values import (
    NUMBER,
    Quantity,
    convert,
    mentioned_currency,
    parse_number,
)

# --------------------------------------------------------------------------- pass-through
_MARKUP_CUE = re.compile(
    r"mark-?\s?up|handling\s+(?:fee|charge)|uplift|surcharge|admin(?:istration|istrative)?\s+"
    r"(?:fee|charge)|management\s+fee|procurement\s+fee|cost[\s-]plus|\bplus\b",
    re.I,
)
_NO_MARKUP = re.compile(
    r"\b(?:no|without(?:\s+any)?)\s+(?:mark-?\s?up|handling\s+fee|uplift|surcharge)"
    r"|\b(?:re-?invoiced|passed\s+through|charged|billed|invoiced|reimbursed)\s+at\s+"
    r"(?:(?:actual|documented|direct|its|their)\s+)*cost\b(?!\s+plus)",
    re.I,
)


def pass_through_terms(scan: Scan) -> list[Hit]:
    """markup_pct: the % added to re-invoiced materials; 0 when stated as at cost."""
    text = scan.text
    for p in scan.values.percents:
        bounds = scan.sentence_at(p.start)
        if near(text, _MARKUP_CUE, p.start - 80, p.end + 40, bounds):
            return [at("markup_pct", p.value, p)]
    m = _NO_MARKUP.search(text)
    return [at("markup_pct", 0, m)] if m else []


# --------------------------------------------------------------------- capacity reservation
_RESERVATION_CUE = re.compile(
    r"reserv|deposit|slot\s+fee|booking|down\s*-?\s*payment|advance\s+payment|prepayment"
    r"|capacity\s+fee|to\s+hold",
    re.I,
)
_NOT_REFUNDABLE = re.compile(
    r"non-?\s?refundable|not\s+(?:be\s+)?refund(?:able|ed)|no\s+refund|forfeit(?:ed|s)?", re.I
)
_REFUNDABLE = re.compile(
    r"(?<![-\w])refundable|credited\s+(?:in\s+full\s+)?(?:against|towards?|to)"
    r"|(?:offset|deducted)\s+(?:against|from)|applied\s+(?:in\s+full\s+)?(?:against|towards?)"
    r"|(?:will|shall)\s+be\s+refunded",
    re.I,
)


def capacity_reservation_terms(scan: Scan) -> list[Hit]:
    """pct: the reservation fee as % of the batch price; refundable when the clause says."""
    hits: list[Hit] = []
    for p in scan.values.percents:
        if near(scan.text, _RESERVATION_CUE, p.start - 100, p.end + 60, scan.sentence_at(p.start)):
            hits.append(at("pct", p.value, p))
            break
    refusal = scan.stated(_NOT_REFUNDABLE)
    refund = scan.stated(_REFUNDABLE)
    if refusal:
        hits.append(at("refundable", False, refusal))
    elif refund:
        hits.append(at("refundable", True, refund))
    return hits


# ----------------------------------------------------------------------- minimum commitment
_COMMIT_CUE = re.compile(
    r"minimum|at\s+least|commit|take[\s-]or[\s-]pay|no\s+fewer|not\s+fewer|not\s+less|guarantee",
    re.I,
)
_NO_COMMIT = re.compile(
    r"\b(?:no|not|without|does\s+not|do\s+not)\b[^.;]{0,40}\b(?:minimum|commitment|take[\s-]or"
    r"[\s-]pay)",
    re.I,
)
_BATCHES_AFTER = re.compile(
    r"\s+(?:(?:GMP|cGMP|clinical|commercial|drug\s+substance|full-scale|manufacturing|production)"
    r"\s+)*(?:batch(?:es)?|lots?|runs?|campaigns?)\b",
    re.I,
)
_PERIODS = (
    ("year", r"per\s+(?:calendar\s+|contract\s+)?year|per\s+annum|annual(?:ly)?|yearly"
     r"|(?:each|every|any|a)\s+(?:calendar\s+|contract\s+)?year|twelve[\s-]month|12[\s-]month"),
    ("quarter", r"per\s+(?:calendar\s+)?quarter|quarterly"
     r"|(?:each|every|any)\s+(?:calendar\s+)?quarter"),
    ("month", r"per\s+(?:calendar\s+)?month|monthly|(?:each|every|any)\s+(?:calendar\s+)?month"),
    ("term", r"(?:during|over|for|throughout)\s+the\s+(?:initial\s+)?term|(?:initial\s+)?term\s+of"
     r"\s+(?:this|the)\s+(?:agreement|msa)|over\s+the\s+life"),
)  # fmt: skip
_PERIOD = re.compile("|".join(f"(?P<{name}>{p})" for name, p in _PERIODS), re.I)
_SHORTFALL_CUE = re.compile(
    r"shortfall|short-fall|not\s+ordered|unordered|deficit|difference|take[\s-]or[\s-]pay"
    r"|fewer\s+(?:batches|than)|below\s+the\s+minimum",
    re.I,
)


def minimum_commitment_terms(scan: Scan) -> list[Hit]:
    """quantity and period of a minimum purchase commitment; shortfall_pct charged on a gap."""
    text, hits = scan.text, []
    for n in scan.values.numbers:
        bounds = scan.sentence_at(n.start)
        sentence = text[bounds[0] : bounds[1]]
        if n.unit or not isinstance(n.value, int) or not _BATCHES_AFTER.match(text, n.end):
            continue
        if not _COMMIT_CUE.search(sentence) or _NO_COMMIT.search(sentence):
            continue
        hits.append(at("quantity", n.value, n))
        periods = list(_PERIOD.finditer(text, *bounds))
        if periods:
            period = min(periods, key=lambda m: abs(m.start() - n.end))
            hits.append(at("period", str(period.lastgroup), period))
        break
    for p in scan.values.percents:
        if _SHORTFALL_CUE.search(scan.sentence_of(p.start)):
            hits.append(at("shortfall_pct", p.value, p))
            break
    return hits


# ------------------------------------------------------------------------------ pricing
_PRICE_CUES: tuple[tuple[str | None, bool, re.Pattern[str]], ...] = tuple(
    (key, strong, re.compile(p, re.I))
    for key, strong, p in (
        ("tech_transfer_fee", True, r"\btech(?:nology|nical)?[\s-]+transfer\b"
         r"|\bprocess\s+transfer\b"),
        ("engineering_run_price", True, r"\b(?:engineering|demonstration|demo|scale-up)\s+"
         r"(?:run|batch|lot)s?\b"),
        ("batch_price", True, r"(?<![Nn]on-)\b(?:c?GMP|clinical|commercial|PPQ|drug\s+substance|"
         r"manufacturing|production)\s+(?:batch|lot|run)(?:es|s)?\b|\bbatch\s+price\b"
         r"|\bprice\s+(?:per|for\s+(?:a|each|one))\s+(?:\w+\s+)?batch\b"),
        ("batch_price", False, r"\b(?:per|each|a)[\s-]batch\b|\bper\s+lot\b"),
        (None, False, r"testing|analytical|fill\s*(?:/|-|and)\s*finish|\bfill\b|stability|storage"
         r"|reservation|deposit|cancell?ation|shipping|per\s+(?:vial|dose|hour)|hourly|raw\s+material"
         r"|consumables|plasmid|cell\s+bank|documentation|change\s+order|\bFTE\b|shortfall"),
    )
)  # fmt: skip


_Cue = tuple[str | None, bool, int, int]  # key (None: another item), strong?, start, end


def _price_cues(text: str) -> list[_Cue]:
    found = [
        (key, strong, m.start(), m.end())
        for key, strong, pattern in _PRICE_CUES
        for m in pattern.finditer(text)
    ]
    return sorted(found, key=lambda c: c[2])


def _within(cues: list[_Cue], start: int, end: int) -> list[_Cue]:
    return [c for c in cues if start <= c[2] < end]


def pricing_terms(scan: Scan) -> list[Hit]:
    """batch_price, tech_transfer_fee, engineering_run_price: the money nearest each cue."""
    text, hits = scan.text, []
    default = mentioned_currency(text)
    if not scan.values.money and default is None:
        return []
    all_cues = _price_cues(text)
    for s, e in scan.sentences:
        if is_row(text, s, e):
            row = _row_prices(scan, s, e, default, all_cues)
            if row:
                hits += row
                continue
        cues = _within(all_cues, s, e)
        if any(c[0] is None for c in cues):
            # "Release testing ... per batch": a weak cue yields to the item the sentence names.
            cues = [c for c in cues if c[1] or c[0] is None]
        in_sentence = [q for q in scan.values.money if s <= q.start < e]
        pairs = sorted(
            (_gap(text, q, c[2], c[3]), i, j)
            for i, q in enumerate(in_sentence)
            for j, c in enumerate(cues)
        )
        taken_money: set[int] = set()
        taken_cues: set[int] = set()
        best: dict[str, Quantity] = {}
        # Closest pairs first; a distractor ("release testing") claims its amount too.
        for gap, i, j in pairs:
            if gap > 80 or i in taken_money or j in taken_cues:
                continue
            taken_money.add(i)
            taken_cues.add(j)
            key = cues[j][0]
            if key is not None and key not in best:
                best[key] = in_sentence[i]
        hits += [at(k, {"amount": q.value, "currency": q.unit}, q) for k, q in best.items()]
    return first(hits)


_PER = re.compile(r"\s*(?:per|for\s+(?:each|every|a|the|one)|each|/|a)?\s*", re.I)


def _gap(text: str, q: Quantity, start: int, end: int) -> int:
    """Characters between an amount and a cue; a cue after the amount must follow "per"."""
    if end <= q.start:
        return q.start - end
    if start >= q.end:
        return start - q.end + (0 if _PER.fullmatch(text, q.end, start) else 40)
    return 0


def is_row(text: str, s: int, e: int) -> bool:
    """Whether text[s:e] is a table row: cells joined by " | ", or a short unpunctuated line."""
    if " | " in text[s:e]:
        return True
    whole_line = (s == 0 or text[s - 1] == "\n") and text[e : e + 1] in ("", "\n")
    return whole_line and e - s < 300 and not text[s:e].rstrip().endswith((".", ":", ";"))


def _row_prices(scan: Scan, s: int, e: int, default: str | None, cues: list[_Cue]) -> list[Hit]:
    """Prices in a table row.

    With " | " cells the first cell names the item. A row read from a PDF has its cells joined
    by spaces, and wrapped cells spill into the next line, so there each amount belongs to the
    text since the amount before it.
    """
    text, values = scan.text, scan.values
    amounts = [q for q in values.money if s <= q.start < e]
    if default is not None:
        taken = [(q.start, q.end) for q in (*values.money, *values.percents, *values.durations)]
        amounts += [
            Quantity("money", n.value, n.start, n.end, default)
            for n in values.numbers
            if s <= n.start < e and not n.unit and n.value >= 1000
            and not any(a <= n.start < b for a, b in taken)
        ]  # fmt: skip
    amounts.sort(key=lambda q: q.start)
    hits: list[Hit] = []
    cell = text.find(" | ", s, e)
    label_start = s
    for q in amounts:
        key = _row_key(_within(cues, label_start, cell if cell >= 0 else q.start))
        if key is not None:
            hits.append(at(key, {"amount": q.value, "currency": q.unit}, q))
        if cell >= 0:
            break
        label_start = q.end
    return hits


def _row_key(cues: list[_Cue]) -> str | None:
    """The item a row label names: its first cue, unless that is a weak cue beside another item."""
    if not cues or cues[0][0] is None:
        return None
    key, strong = cues[0][0], cues[0][1]
    if not strong and any(c[0] is None for c in cues):
        return None
    return key


# ---------------------------------------------------------------------------- cancellation
_RANGE_BEFORE = re.compile(
    rf"(?:between|from)?\s*(?P<a>{NUMBER})\s*(?:(?:calendar\s+|business\s+)?(?:days?|weeks?|months?)"
    r")?\s*(?:–|—|-|to|and)\s*$",
    re.I,
)
_ABOVE_BEFORE = re.compile(
    r"(?P<strict>more\s+than|greater\s+than|over|in\s+excess\s+of|beyond|exceeding|>)\s*$"
    r"|(?:at\s+least|not\s+less\s+than|no\s+(?:less|fewer)\s+than|a\s+minimum\s+of|≥|>=)\s*$",
    re.I,
)
_ABOVE_AFTER = re.compile(r"\s*(?:\(|,)?\s*or\s+(?:more|longer|greater|earlier)\b", re.I)
_BELOW_BEFORE = re.compile(
    r"(?P<strict>less\s+than|fewer\s+than|under|<)\s*$"
    r"|(?:within|up\s+to|no\s+more\s+than|not\s+more\s+than|at\s+most|≤|<=)\s*$",
    re.I,
)
_BELOW_AFTER = re.compile(r"\s*(?:\(|,)?\s*or\s+(?:less|fewer|shorter|later)\b", re.I)
_ZERO_FEE = re.compile(
    r"\bno\s+(?:cancell?ation\s+)?(?:fee|charge|cost)|free\s+of\s+charge|without\s+(?:any\s+|a\s+)?"
    r"(?:fee|charge|penalty|cost)|\bnil\b|\bnone\b",
    re.I,
)
_FULL_FEE = re.compile(
    r"\b(?:the\s+)?(?:full|entire|whole|total)\s+(?:\w+\s+)?(?:price|fee|amount)", re.I
)
_CANCEL_CUE = re.compile(r"cancel|postpone|terminat", re.I)


@dataclass(frozen=True)
class _Tier:
    """A piece of a cancellation schedule: a notice window in days, or a fee, and its span."""

    low: int | float | None
    high: int | float | None
    start: int
    end: int


def cancellation_terms(scan: Scan) -> list[Hit]:
    """schedule: the fee (% of the batch price) per notice window, longest notice first."""
    text = scan.text
    rows: dict[tuple[object, object], dict[str, object]] = {}
    spans: list[tuple[int, int]] = []
    for s, e in scan.sentences:
        if not (is_row(text, s, e) or _CANCEL_CUE.search(text, s, e)):
            continue
        for part in re.finditer(r"[^;]+", text[s:e]):
            ps, pe = s + part.start(), s + part.end()
            windows = [
                w
                for d in scan.values.durations
                if ps <= d.start < pe
                for w in [_window(text, ps, d)]
                if w is not None
            ]
            for window, fee in _pair(windows, _fees(scan, ps, pe)):
                key = (window.low, window.high)
                rows.setdefault(key, {"min_days": window.low, "max_days": window.high,
                                      "fee_pct": fee.low})  # fmt: skip
                spans.append((min(window.start, fee.start), max(window.end, fee.end)))
    if not rows:
        return []
    order = sorted(rows, key=lambda k: _days(k[0]), reverse=True)
    schedule: list[object] = [rows[k] for k in order]
    return [Hit("schedule", schedule, min(s for s, _ in spans), max(e for _, e in spans))]


def _days(value: object) -> float:
    return float(value) if isinstance(value, int | float) else 0.0


def _window(text: str, lo: int, d: Quantity) -> _Tier | None:
    """The notice window a duration bounds ("more than 180 days" → 181..open)."""
    if d.unit not in ("day", "week", "month"):
        return None
    days = convert(d.value, d.unit, "day")
    ranged = _RANGE_BEFORE.search(text, max(lo, d.start - 80), d.start)
    a = parse_number(ranged.group("a")) if ranged else None
    if ranged and a is not None:
        unit = re.search(r"day|week|month", ranged.group(), re.I)
        low = convert(a, unit.group().lower() if unit else d.unit, "day")
        return _Tier(low, days, ranged.start("a"), d.end)
    above = _ABOVE_BEFORE.search(text, max(lo, d.start - 30), d.start)
    if above or _ABOVE_AFTER.match(text, d.end):
        strict = bool(above and above.group("strict"))
        low = days + 1 if strict and isinstance(days, int) else days
        return _Tier(low, None, above.start() if above else d.start, d.end)
    below = _BELOW_BEFORE.search(text, max(lo, d.start - 30), d.start)
    if below or _BELOW_AFTER.match(text, d.end):
        strict = bool(below and below.group("strict"))
        high = days - 1 if strict and isinstance(days, int) else days
        return _Tier(0, high, below.start() if below else d.start, d.end)
    return None


def _fees(scan: Scan, s: int, e: int) -> list[_Tier]:
    """Fees in text[s:e]: percentages, else "no fee" (0) or "the full price" (100)."""
    fees = [_Tier(p.value, None, p.start, p.end) for p in scan.values.percents if s <= p.start < e]
    if fees:
        return fees
    for pattern, value in ((_ZERO_FEE, 0), (_FULL_FEE, 100)):
        m = pattern.search(scan.text, s, e)
        if m:
            return [_Tier(value, None, m.start(), m.end())]
    return []


def _pair(windows: list[_Tier], fees: list[_Tier]) -> list[tuple[_Tier, _Tier]]:
    """Windows with their fees: in order when they are as many, else each to the nearest."""
    if not windows or not fees:
        return []
    if len(windows) == len(fees):
        return list(zip(windows, fees, strict=True))
    return [(w, min(fees, key=lambda f: abs(f.start - w.start))) for w in windows]


# --------------------------------------------------------------------------- payment terms
_PAY_CUE = re.compile(r"\b(?:payable|paid|pay|payment|due|settled?|remit\w*)\b", re.I)
_INVOICE_CUE = re.compile(r"\b(?:invoice[sd]?|receipt|billing|net)\b", re.I)
_NOT_PAYMENT = re.compile(r"(?<!un)disput|object|quer(?:y|ies)|notify|interest", re.I)


def payment_terms(scan: Scan) -> list[Hit]:
    """net_days: days to pay an invoice ("net 60", "within 45 days of the invoice date")."""
    text = scan.text
    best: tuple[int, Quantity] | None = None
    for d in scan.values.durations:
        if d.unit not in ("day", "week", "month"):
            continue
        if text[d.start : d.start + 3].lower() == "net":
            # "net 60" is the payment term wherever it stands.
            return [at("net_days", convert(d.value, d.unit, "day"), d)]
        s, e = scan.sentence_at(d.start)
        if not _INVOICE_CUE.search(text, s, e) or _NOT_PAYMENT.search(
            text, max(s, d.start - 60), d.start
        ):
            continue
        # The period nearest a payment word: "issued within 10 days and payable within 30 days".
        gaps = [
            min(abs(m.start() - d.end), abs(d.start - m.end()))
            for m in _PAY_CUE.finditer(text, s, e)
        ]
        if gaps and (best is None or min(gaps) < best[0]):
            best = (min(gaps), d)
    if best is not None:
        return [at("net_days", convert(best[1].value, best[1].unit, "day"), best[1])]
    return []
