"""Typed terms from a clause's text: the public entry point, and the contract and capability rules.

`extract_terms(text, topics)` runs the rule of each topic the classifier gave the clause and
returns `Term`s whose spans point into the document. Values follow the "Typed terms" table
of interface.md. Value parsers are in `values`; the scan every rule shares in `term_rules`;
commercial rules in `term_rules_commercial`; risk allocation in `term_rules_risk`.

Notes on keys read here: `audit_rights.per_years` is years per routine audit ("twice a year"
→ 0.5, "once every two years" → 2); `timeline` converts to weeks and months (39 weeks → 9
months) and reads milestone tables with a "Week" or "Month" column; counts (suites, batches)
are ints as written ("over 120 GMP batches" → 120); serotypes are canonical ("AAV9",
"AAVrh10", "AAV-DJ") and only where the sentence is about doing, not describing a product.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType

from rfp_assist.analysis.term_rules import Hit, Rule, Scan, at, first
from rfp_assist.analysis.term_rules_commercial import (
    cancellation_terms,
    capacity_reservation_terms,
    minimum_commitment_terms,
    pass_through_terms,
    payment_terms,
    pricing_terms,
)
from rfp_assist.analysis.term_rules_risk import (
    batch_failure_terms,
    insurance_terms,
    ip_ownership_terms,
    late_delivery_terms,
    liability_cap_terms,
)
from rfp_assist.analysis.values import NUMBER, Quantity, convert, parse_number, tidy
from rfp_assist.model import Term, TermValue


def extract_terms(
    text: str,
    topics: Iterable[str],
    *,
    offset: int = 0,
    parties: Mapping[str, str] | None = None,
) -> list[Term]:
    """The typed terms the clause `text` states for each of `topics`, spans shifted by `offset`.

    `parties` optionally maps company names to "vendor" or "client" ({"Helix": "vendor"}) for
    proposals that use names rather than roles.
    """
    scan = Scan(text, parties)
    out: list[Term] = []
    for topic in dict.fromkeys(topics):
        rule = RULES.get(topic)
        if rule is None:
            continue
        for h in rule(scan):
            out.append(Term(topic, h.key, h.value, h.start + offset, h.end + offset))
    return out


def terms_by_topic(terms: Iterable[Term]) -> dict[str, dict[str, TermValue]]:
    """Terms as the JSON output nests them: {topic: {key: value}}."""
    nested: dict[str, dict[str, TermValue]] = {}
    for t in terms:
        nested.setdefault(t.topic, {})[t.key] = t.value
    return nested


# --------------------------------------------------------------------------- audit rights
_PERIOD = (
    r"\s+(?:per|a|each|every|in\s+any|during\s+any|in\s+each|within\s+any|in\s+a)\s+"
    rf"(?:(?P<pn>{NUMBER})[\s-]+)?(?:calendar\s+|contract\s+|consecutive\s+|rolling\s+)?"
    r"(?P<unit>year|month)s?\b"
)
_ONCE = re.compile(rf"\b(?P<w>once|twice){_PERIOD}", re.I)
_TIMES_PERIOD = re.compile(
    rf"\s+(?:[\w-]+\s+){{0,3}}?(?:audits?|times|visits?|inspections?)"
    rf"(?:\s+(?:may|shall|will|can|be|made|conducted|performed|carried|out))*{_PERIOD}",
    re.I,
)
_ADVERB = re.compile(
    r"\b(?P<a>annual(?:ly)?|yearly|semi-?annual(?:ly)?|biennial(?:ly)?|quarterly)\b[^.;]{0,30}audit"
    r"|audit\w*[^.;]{0,40}\b(?P<b>annual(?:ly)?|yearly|semi-?annual(?:ly)?|biennial(?:ly)?|quarterly)",
    re.I,
)
_ADVERB_YEARS = {"annual": 1, "yearly": 1, "semi": 0.5, "bien": 2, "quar": 0.25}
_NOTICE_AFTER = re.compile(
    r"^\s*(?:['’(]\s*)?(?:(?:prior|advance|written|business|calendar)\s+)*(?:notice|in\s+advance)",
    re.I,
)
_FOR_CAUSE = re.compile(r"for[\s-]cause|critical|recall", re.I)


def audit_rights_terms(scan: Scan) -> list[Hit]:
    """per_years: years per routine audit; notice_days: the notice an audit needs."""
    text, hits = scan.text, []
    frequency = _frequency(scan)
    adverb = _ADVERB.search(text)
    if frequency is not None:
        hits.append(frequency)
    elif adverb:
        word = (adverb.group("a") or adverb.group("b")).lower()
        key = next(k for k in _ADVERB_YEARS if word.startswith(k))
        hits.append(at("per_years", _ADVERB_YEARS[key], adverb))
    notices = [
        d
        for d in scan.values.durations
        if d.unit in ("day", "week") and _NOTICE_AFTER.search(text[d.end : d.end + 40])
    ]
    notices.sort(key=lambda d: bool(_FOR_CAUSE.search(scan.sentence_of(d.start))))
    if notices:
        hits.append(
            at("notice_days", convert(notices[0].value, notices[0].unit, "day"), notices[0])
        )
    return hits


def _frequency(scan: Scan) -> Hit | None:
    """per_years from "once per year", "twice a year", "one audit in any 12-month period"."""
    text = scan.text
    found: list[tuple[int | float, int, re.Match[str]]] = [
        (1 if m.group("w").lower() == "once" else 2, m.start(), m) for m in _ONCE.finditer(text)
    ]
    for n in scan.values.numbers:
        m = _TIMES_PERIOD.match(text, n.end)
        if m and not n.unit and n.value:
            found.append((n.value, n.start, m))
    if not found:
        return None
    count, start, m = min(found, key=lambda f: f[1])
    period = parse_number(m.group("pn")) if m.group("pn") else 1
    if not period:
        return None
    years = period / 12 if m.group("unit").lower() == "month" else period
    return Hit("per_years", tidy(years / count), start, m.end())


# ---------------------------------------------------------------------------- termination
_CONVENIENCE = re.compile(
    r"convenience|without\s+cause|for\s+any\s+(?:or\s+no\s+)?reason|at\s+(?:its|any)\s+(?:sole\s+)?"
    r"discretion",
    re.I,
)
_CURE = re.compile(r"\b(?:un)?cur(?:e|ed|ing)\b|\bremed(?:y|ied)\b|\brectif(?:y|ied)\b", re.I)


def termination_terms(scan: Scan) -> list[Hit]:
    """convenience_notice_days and cure_days."""
    text, hits = scan.text, []
    periods = [d for d in scan.values.durations if d.unit in ("day", "week", "month")]
    for key, cue in (("convenience_notice_days", _CONVENIENCE), ("cure_days", _CURE)):
        best: tuple[tuple[bool, int], Quantity] | None = None
        for d in periods:
            s, e = scan.sentence_at(d.start)
            cues = list(cue.finditer(text, s, e))
            if not cues:
                continue
            gap = min(
                abs(d.start - c.end()) if c.end() <= d.start else abs(c.start() - d.end)
                for c in cues
            )
            # For convenience, the period of notice beats any other period in the sentence.
            not_notice = key == "convenience_notice_days" and not _NOTICE_AFTER.search(
                text[d.end : d.end + 40]
            )
            if best is None or (not_notice, gap) < best[0]:
                best = ((not_notice, gap), d)
        if best is not None:
            d = best[1]
            hits.append(at(key, convert(d.value, d.unit, "day"), d))
    return hits


# ------------------------------------------------------------------------------- timeline
_TIMELINE_CUES = (
    ("tech_transfer_weeks", "week", re.compile(
        r"tech(?:nology|nical)?[\s-]+transfer|process\s+transfer|transfer\s+of\s+(?:the\s+)?process",
        re.I)),
    ("first_batch_months", "month", re.compile(
        r"first\s+(?:[\w-]+\s+){0,2}?(?:batch|lot)\b|(?:GMP|clinical)\s+batch\s+(?:1|one)\b",
        re.I)),
)  # fmt: skip
_ANCHOR_BEFORE = re.compile(
    r"(?:of|from|after|following|upon|on|since|by)\s+(?:the\s+)?(?:(?:completion|start|end)\s+of\s+"
    r"(?:the\s+)?)?$",
    re.I,
)


def timeline_terms(scan: Scan) -> list[Hit]:
    """tech_transfer_weeks and first_batch_months: each the duration nearest its cue."""
    text = scan.text
    best: dict[str, tuple[int, Hit]] = {}
    for d in scan.values.durations:
        if d.unit == "hour":
            continue
        s, e = scan.sentence_at(d.start)
        for key, unit, cue in _TIMELINE_CUES:
            for c in cue.finditer(text, s, e):
                # "within 8 months of technology transfer": the transfer is the anchor there.
                if c.start() > d.end and _ANCHOR_BEFORE.search(
                    text, max(s, c.start() - 40), c.start()
                ):
                    continue
                gap = d.start - c.end() if c.end() <= d.start else c.start() - d.end + 10
                if gap <= 120 and (key not in best or gap < best[key][0]):
                    best[key] = (gap, at(key, convert(d.value, d.unit, unit), d))
    found = [h for _, h in sorted(best.values(), key=lambda b: b[1].start)]
    return found + [h for h in _timeline_table(scan) if h.key not in best]


_UNIT_COLUMN = re.compile(r"\b(?P<unit>week|month)s?\b", re.I)


#: A table header read from a PDF without cell separators: a few words, no digits, one of them
#: "Week" or "Month" ("Milestone Week from kick-off Target date").
_SPACED_HEADER = re.compile(r"^(?=[^\d.;:]*$)\s*(?:\S+\s+){0,8}?(?P<unit>week|month)s?\b", re.I)
#: A row label is a name, not a sentence ("Technology transfer will take 3 phases").
_SENTENCE_VERB = re.compile(r"\b(?:will|shall|is|are|was|were|be|takes?|has|have|may|can)\b", re.I)
#: A row of such a table: a short label, then the number in the first numeric column.
_SPACED_ROW = re.compile(r"^\s*(?P<label>[A-Za-z](?:[^\d.;:]{0,60}?))\s+(?P<num>\d{1,3})(?![\d,.])")


def _timeline_table(scan: Scan) -> list[Hit]:
    """Milestone tables with a "Week" or "Month" column ("Tech transfer complete | 14 | …").

    Cells are split on " | " (DOCX, text); in a PDF table without separators the column is the
    first number after the row's label, when the header names "Week" or "Month" before any
    other numeric column ("Technology transfer complete 14 December 2025").
    """
    text, hits = scan.text, list[Hit]()
    column: tuple[int, str] | None = None
    spaced: str | None = None  # the unit of a separator-less table being read
    pos = 0
    for line in text.split("\n"):
        cells, start = line.split(" | "), pos
        pos += len(line) + 1
        if len(cells) < 2:
            column = None
            spaced = _spaced_row(line, start, spaced, hits)
            continue
        header = [
            i for i, c in enumerate(cells) if _UNIT_COLUMN.search(c) and not re.search(r"\d", c)
        ]
        if header:
            m = _UNIT_COLUMN.search(cells[header[0]])
            column = (header[0], m.group("unit").lower()) if m else None
            continue
        if column is None or column[0] >= len(cells):
            continue
        value = parse_number(cells[column[0]])
        cell_start = start + sum(len(c) + 3 for c in cells[: column[0]])
        for key, unit, cue in _TIMELINE_CUES:
            if value is not None and cue.search(cells[0]):
                cell = cells[column[0]]
                lead = len(cell) - len(cell.lstrip())
                end = cell_start + len(cell.rstrip())
                hits.append(Hit(key, convert(value, column[1], unit), cell_start + lead, end))
    return first(hits)


def _spaced_row(line: str, start: int, unit: str | None, hits: list[Hit]) -> str | None:
    """Read one line of a separator-less milestone table; the unit while the table goes on."""
    if unit is not None:
        row = _SPACED_ROW.match(line)
        label = row.group("label") if row else ""
        if row and len(label.split()) <= 8 and not _SENTENCE_VERB.search(label):
            value = int(row.group("num"))
            for key, to, cue in _TIMELINE_CUES:
                if cue.search(label):
                    s, e = start + row.start("num"), start + row.end("num")
                    hits.append(Hit(key, convert(value, unit, to), s, e))
            return unit
    header = _SPACED_HEADER.match(line)
    return header.group("unit").lower() if header and len(line.split()) <= 10 else None


# ----------------------------------------------------------------------------- facilities
_ADJ = (
    r"(?:(?:c?GMP|Grade\s+[A-D]|ISO\s*\d|manufacturing|production|processing|clean-?\s?room|viral"
    r"\s+vector|AAV|LVV|lentiviral|cell\s+therapy|independent|separate|segregated|fully|individual"
    r"|single-use|closed|BSL-?\d|qualified|additional|operational|identical)\s+){0,4}"
)
_SUITES_AFTER = re.compile(
    rf"\s+{_ADJ}(?P<ded>(?:dedicated|single-(?:client|product|program))\s+{_ADJ})?"
    r"(?:suites?|clean\s?rooms?)\b",
    re.I,
)
_DEDICATED_AFTER = re.compile(
    r"\s*(?:of\s+(?:which|these|them|those|the\s+suites)|suites?)\s+(?:[\w-]+\s+){0,3}?dedicated",
    re.I,
)
_SUITES_LABEL = re.compile(
    r"(?P<ded>dedicated\s+)?(?:c?GMP\s+|manufacturing\s+)?suites?\s*[|:]\s*$", re.I
)
_NO_DEDICATED = re.compile(
    r"\b(?:none\s+of\s+(?:them|these|the(?:se)?\s+suites)\s+(?:is|are)|no\s+(?:suites?\s+(?:is|are)"
    r"\s+)?|not)\s+(?:\w+\s+)?dedicated",
    re.I,
)


def facilities_terms(scan: Scan) -> list[Hit]:
    """gmp_suites and dedicated_suites, as counts ("six (6) GMP suites, two (2) of which ...")."""
    text, hits = scan.text, []
    for n in scan.values.numbers:
        if n.unit or not isinstance(n.value, int):
            continue
        after = _SUITES_AFTER.match(text, n.end)
        label = _SUITES_LABEL.search(text, max(0, n.start - 40), n.start)
        if after:
            dedicated = bool(after.group("ded"))
        elif _DEDICATED_AFTER.match(text, n.end):
            dedicated = True
        elif label:  # a table row: "GMP suites | 6"
            dedicated = bool(label.group("ded"))
        else:
            continue
        hits.append(at("dedicated_suites" if dedicated else "gmp_suites", n.value, n))
    none = _NO_DEDICATED.search(text)
    if none:
        hits.append(at("dedicated_suites", 0, none))
    return first(sorted(hits, key=lambda h: h.start))


# ---------------------------------------------------------------------- modality experience
_BATCHES_AFTER = re.compile(
    r"\+?\s+(?P<adj>(?:(?:c?GMP|clinical|commercial|AAV\w*|LVV|lentiviral|viral[\s-]vector"
    r"|drug[\s-]substance|successful|consecutive|released|full-scale)\s+){0,4})(?:batches|lots|runs)\b",
    re.I,
)
_EXPERIENCE_AFTER = re.compile(
    r"^[^.;]{0,40}?\b(?:experience|track\s+record|expertise|history)"
    r"|^\s+of\s+(?:c?GMP\s+)?(?:\w+\s+)?(?:operations?|production|manufactur\w*)",
    re.I,
)
# A serotype is experience where the sentence is about doing (not "NWG-101 is an AAV9 vector"),
# and not where it is only in development or planned.
_DOING = re.compile(
    r"experience|expertise|manufactur|released|produced|production|track\s+record|batch|program"
    r"|project|supported|work(?:ed|s|ing)?\s+with|portfolio|platform|capabilit|deliver",
    re.I,
)
_NOT_EXPERIENCE = re.compile(
    r"ready\s+to|not\s+yet|plan(?:s|ned)?\s+to|intend|completed\s+(?:\w+\s+)?process\s+development"
    r"|process\s+development\s+(?:only|for)",
    re.I,
)
# "Dr. Oduya, our CTO, who has fifteen years of experience": a person's years, not the vendor's.
_PERSON_BEFORE = re.compile(
    r"\b(?:who|he|she)\s+(?:has|have|had|brings)\b|\b(?:Dr|Mr|Mrs|Ms|Prof)\.\s", re.I
)
_FOR_BEFORE = re.compile(r"\b(?:for|over)\s+(?:more\s+than\s+|over\s+|nearly\s+|almost\s+)?$", re.I)
_SEROTYPE = re.compile(
    r"\br?AAV[\s-]?(?:(?P<rh>rh\.?\s?\d{1,3})|(?P<dj>DJ(?:/8)?)|(?P<php>PHP\.?e?B)|(?P<n>\d{1,2}))"
    r"(?![\d.]\d)",
)
_SEROTYPE_LIST = re.compile(
    r"\bAAV\s+serotypes?\s+(?P<list>(?:\d{1,2}|rh\.?\d{1,3})(?:\s*(?:,|and|&|/|or)\s*(?:\d{1,2}"
    r"|rh\.?\d{1,3}))*)"
)


def modality_experience_terms(scan: Scan) -> list[Hit]:
    """gmp_batches, years of experience and serotypes (canonical: "AAV9", "AAVrh10", "AAV-DJ")."""
    text, hits = scan.text, []
    batches = []
    for n in scan.values.numbers:
        m = _BATCHES_AFTER.match(text, n.end)
        if m and not n.unit and isinstance(n.value, int):
            batches.append((bool(re.search(r"GMP", m.group("adj"))), n.value, (n.start, n.end)))
    if batches:
        gmp = [b for b in batches if b[0]]
        _, value, span = gmp[0] if gmp else max(batches, key=lambda b: b[1])
        hits.append(Hit("gmp_batches", value, *span))
    for d in scan.values.durations:
        if d.unit != "year":
            continue
        sentence = scan.sentence_of(d.start)
        if _PERSON_BEFORE.search(text, scan.sentence_at(d.start)[0], d.start):
            continue
        if _EXPERIENCE_AFTER.search(text[d.end :]) or (
            _FOR_BEFORE.search(text, max(0, d.start - 20), d.start)
            and re.search(r"manufactur|produc|experience|operat|work", sentence, re.I)
        ):
            hits.append(at("years", d.value, d))
            break
    found: list[tuple[str, int, int]] = []
    for m in _SEROTYPE.finditer(text):
        bounds = scan.sentence_at(m.start())
        if _DOING.search(text, *bounds) and not _NOT_EXPERIENCE.search(text, *bounds):
            found.append((_serotype(m), m.start(), m.end()))
    for m in _SEROTYPE_LIST.finditer(text):
        for item in re.finditer(r"rh\.?\d{1,3}|\d{1,2}", m.group("list")):
            name = "AAV" + item.group().replace(".", "")
            found.append((name, m.start("list") + item.start(), m.start("list") + item.end()))
    if found:
        found.sort(key=lambda f: f[1])
        names = list(dict.fromkeys(f[0] for f in found))
        serotypes: list[object] = list(names)
        hits.append(Hit("serotypes", serotypes, found[0][1], found[-1][2]))
    return hits


def _serotype(m: re.Match[str]) -> str:
    """The canonical name of a serotype match ("AAV-rh.10" → "AAVrh10")."""
    if m.group("rh"):
        return "AAVrh" + re.sub(r"\D", "", m.group("rh"))
    if m.group("dj"):
        return "AAV-" + m.group("dj").upper()
    if m.group("php"):
        return "AAV-PHP." + ("eB" if "e" in m.group("php").lower() else "B")
    return "AAV" + m.group("n")


#: The rule for each topic that has typed terms.
RULES: Mapping[str, Rule] = MappingProxyType(
    {
        "pricing": pricing_terms,
        "pass_through": pass_through_terms,
        "payment_terms": payment_terms,
        "capacity_reservation": capacity_reservation_terms,
        "minimum_commitment": minimum_commitment_terms,
        "cancellation": cancellation_terms,
        "late_delivery": late_delivery_terms,
        "batch_failure": batch_failure_terms,
        "liability_cap": liability_cap_terms,
        "insurance": insurance_terms,
        "ip_ownership": ip_ownership_terms,
        "audit_rights": audit_rights_terms,
        "termination": termination_terms,
        "timeline": timeline_terms,
        "facilities": facilities_terms,
        "modality_experience": modality_experience_terms,
    }
)
